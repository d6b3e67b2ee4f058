"""Re-rank candidate primary-site and primary-size spans of a Chinese imaging report with small linear models.

The rules in `imaging.py` pick one span per field; CCKS-style annotators choose between the diagnosis site
("右肺癌" → 右肺), the findings site ("右肺下叶见肿块" → 右肺下叶) and its sub-site ("…基底段"), and between the
sizes a report gives, in ways rules alone capture poorly. Every site span in the report (as the lexicon found it,
widened, and run on to its verb) and every size becomes a candidate described by named features (is it the rules'
choice, does a cancer word follow, is it in the numbered conclusion, is the size a node's short axis…); the
candidate with the highest weighted sum wins, and for the size "no primary size" is a candidate too. The weights
live in `data/span_ranker.json`, fitted by `scripts/train_span_ranker.py` (conditional logit) on the open
Yidu-S4K training reports, holding back the 30% the benchmark reports on; only feature weights are stored.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from oncodata.nlp.context import context_of
from oncodata.nlp.facts import Span
from oncodata.nlp.lexicon import LexiconHit, find_sites

if TYPE_CHECKING:
    from oncodata.nlp.imaging import ImagingPatterns

# The numbered conclusion list ("1.结合临床,右肺癌…") starts at its first item.
NUMBERED = re.compile(r"(?:^|[\s。；;])1[.、](?!\d)")
CANCER_NEAR = re.compile(r"[^，,。；;]{0,8}?(?:癌|MT|恶性)")
ORGAN_ONLY = re.compile(r"[左右双两]?侧?(?:肺|乳腺?|肝)")
CLAUSE_BREAK = re.compile(r"[，,]")
SUBJECT_VERB = re.compile(r"(?:内|区|处)?(?:可见|见|示|显示)")
STRONG_MASS = re.compile(r"肿块|团块|肿物|占位|软组织(?:密度)?(?:影|灶|肿块)")
CANCER_WORD = re.compile(r"癌|MT|恶性|肿瘤")
# A central tumour is often written as its bronchus cut off or narrowed ("右肺中叶支气管截断,见一软组织肿块").
BRONCHUS_CUT = re.compile(r"[^，,。；;]{0,6}支气管[^，,。；;]{0,8}(?:截断|狭窄|闭塞|阻塞|变窄|中断)")
SMALL_LESION = re.compile(r"[^，,。；;]{0,8}(?:小结节|小类结节|微小|小斑片|斑点|钙化|纤维|索条|条索|炎)")
NO_SIZE = "no_size"  # the feature only the "no primary size" candidate has


@dataclass(frozen=True)
class Candidate:
    """One distinct span: where it first occurs and its features (the maximum over its occurrences)."""

    span: Span | None
    features: dict[str, float]


@cache
def ranker_weights(field: str) -> dict[str, float]:
    """Feature name → weight for one field ("primary_site" or "primary_size"), from the shipped model file."""
    path = resources.files("oncodata.nlp") / "data" / "span_ranker.json"
    models = json.loads(path.read_text(encoding="utf-8"))["models"]
    return {str(k): float(v) for k, v in models.get(field, {}).items()}


def span_key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _merge(candidates: dict[str, Candidate], key: str, span: Span, features: dict[str, float]) -> None:
    known = candidates.get(key)
    if known is None:
        candidates[key] = Candidate(span, features)
        return
    for name, value in features.items():
        known.features[name] = max(known.features[name], value)


def conclusion_start(text: str) -> int:
    """Where the numbered impression starts (the text's end when it has none)."""
    numbered = NUMBERED.search(text)
    return numbered.start() if numbered else len(text)


def site_candidates(text: str, pats: ImagingPatterns, rule_choice: str | None) -> list[Candidate]:
    """Every candidate primary-site span of a report with its features, first occurrence first."""
    from oncodata.nlp.imaging import _diagnosis_zh, _extend_site, _statement_end, sentences, size_to_mm

    spec = pats.spec
    assert pats.cancer_suffix is not None
    conclusion = conclusion_start(text)
    bounds = sentences(text, "zh")
    hits = find_sites(text, "zh")
    diagnosis = next((h for h in hits if pats.cancer_suffix.match(text, h.span.end)), None)
    if diagnosis is not None and re.compile(spec["operated_cancer"]).match(text, diagnosis.span.end):
        # A cancer operated on ("左乳癌术后") may yield to another organ's (see `_diagnosis_zh`).
        current = _diagnosis_zh(text, pats)
        diagnosis = current[0] if current else diagnosis
    diagnosis_organ = diagnosis.code[:3] if diagnosis else None
    diagnosis_key = span_key(diagnosis.span.text).replace("侧", "") if diagnosis else ""
    candidates: dict[str, Candidate] = {}
    seen_organs: set[str] = set()
    # The largest size the report writes: the primary is usually the biggest lesion measured.
    largest = max((size_to_mm(m.group(0)) or 0.0 for m in pats.size_pair.finditer(text)), default=0.0)
    site_tail, not_primary, resected = (re.compile(spec[k]) for k in ("site_tail", "not_primary", "resected_site"))
    for index, hit in enumerate(hits):
        widened = _extend_site(text, hit.span, pats)
        variants = [("lexicon", hit.span)]
        if widened.text != hit.span.text:
            variants.append(("widened", widened))
        tail = site_tail.match(text[widened.end : widened.end + 10])
        if tail:
            end = widened.end + tail.end()
            variants.append(("to_verb", Span(widened.start, end, text[widened.start : end])))
        sentence = _sentence_of(bounds, hit.span.start)
        sentence_end = bounds[sentence][1] if sentence is not None else min(len(text), hit.span.end + 80)
        context = context_of(text, hit.span.start, hit.span.end, "zh")
        first_of_organ = hit.code[:3] not in seen_organs
        seen_organs.add(hit.code[:3])
        for kind, span in variants:
            stop = _statement_end(text, span, sentence_end)
            mass = pats.mass_words.search(text, span.end, stop)
            size = pats.size_pair.search(text, span.end, stop) or pats.size_single.search(text, span.end, stop)
            key = span_key(span.text)
            size_mm = (size_to_mm(size.group(0)) or 0.0) if size else 0.0
            features = {
                "cancer_in_statement": float(bool(CANCER_WORD.search(text, span.end, stop))),
                "bronchus_cut": float(bool(BRONCHUS_CUT.match(text, span.end, stop))),
                "small_lesion": float(bool(SMALL_LESION.match(text, span.end, stop))),
                "largest_size": float(largest > 0 and size_mm >= 0.9 * largest),
                "widened": float(kind == "widened"),
                "to_verb": float(kind == "to_verb"),
                "cancer_after": float(bool(pats.cancer_suffix.match(text, span.end))),
                "cancer_near": float(bool(CANCER_NEAR.match(text, span.end, span.end + 10))),
                "in_conclusion_list": float(span.start >= conclusion),
                "statement_mass": float(mass is not None),
                "statement_size": float(size is not None),
                "mass_not_primary": float(bool(mass and not_primary.search(text, span.end, mass.end()))),
                "lobe": float(bool(hit.lobe)),
                "segment": float("段" in span.text),
                "organ_only": float(bool(ORGAN_ONLY.fullmatch(span.text))),
                "side_word": float("侧" in span.text),
                "negated": float(context.negated),
                "uncertain": float(context.uncertain),
                "historical": float(context.historical or "术后" in text[span.end : span.end + 4]),
                "resected": float(bool(resected.match(text[span.end : span.end + 12]))),
                "first_of_organ": float(first_of_organ),
                "log_rank": math.log1p(index),
                "log_count": math.log1p(text.count(span.text)),
                "rule_choice": float(key == rule_choice),
                "extends_rule_choice": float(bool(rule_choice) and key != rule_choice and key.startswith(rule_choice or "")),
                "within_rule_choice": float(bool(rule_choice) and key != rule_choice and (rule_choice or "").startswith(key)),
                "diagnosis_organ": float(diagnosis_organ == hit.code[:3]),
                "lung": float(hit.code.startswith("C34")),
                "breast": float(hit.code.startswith("C50")),
                "liver": float(hit.code.startswith("C22")),
                "length": len(span.text) / 5.0,
                "first_site": float(index == 0),
                "subject_of_verb": float(bool(SUBJECT_VERB.match(text, span.end))),
                "hilum": float("门" in span.text),
                "apex": float("尖" in span.text),
                "diagnosis_is_lobe": float(bool(diagnosis and diagnosis.lobe)),
                "extends_diagnosis": float(
                    bool(diagnosis_key)
                    and key.replace("侧", "").startswith(diagnosis_key)
                    and key.replace("侧", "") != diagnosis_key
                ),
                "same_side_as_diagnosis": float(
                    diagnosis_organ == hit.code[:3] and key[:1] in "左右双两" and key[:1] == diagnosis_key[:1]
                ),
            }
            _merge(candidates, key, span, features)
    return list(candidates.values())


def size_candidates(
    text: str, pats: ImagingPatterns, rule_choice: str | None, site: Span | None, other_sites: Sequence[Span] = ()
) -> list[Candidate]:
    """Every size the report writes, with its features, and the "no primary size" candidate last (`other_sites`: a
    second primary's sites)."""
    from oncodata.nlp.imaging import _statement_end, measures_lung_around, sentences

    spec = pats.spec
    conclusion = conclusion_start(text)
    bounds = sentences(text, "zh")

    def statement(span: Span) -> tuple[int, int]:
        sentence = _sentence_of(bounds, span.start)
        sentence_end = bounds[sentence][1] if sentence is not None else span.end + 80
        return span.start, _statement_end(text, span, sentence_end)

    site_statement = statement(site) if site is not None else (-1, -1)
    # The statements of every place the site is named: the impression names it, the findings measure it there.
    site_statements = (
        [statement(Span(named.start(), named.end(), named.group(0))) for named in re.finditer(re.escape(site.text), text)]
        if site is not None
        else []
    )
    # The site a size's sentence opens with (or the sentence before, when it names none): the lesion measured, also
    # when the size sits in the next sentence ("右肺上叶见结节…；病灶大小约…") or the site is written another way (右上肺).
    site_hits = find_sites(text, "zh")
    primaries = {_site_identity(span.text) for span in ([site] if site is not None else []) + list(other_sites)} - {None}
    candidates: dict[str, Candidate] = {}
    any_size = re.compile(f"{pats.size_pair.pattern}|{spec['size_after_cue']}", re.IGNORECASE)
    organs = {name: re.compile(pattern) for name, pattern in spec["distant_organs"].items()}
    prior = re.compile(spec["prior_size"])
    primary_organs = {name for name, pattern in organs.items() if site is not None and pattern.search(site.text)}
    for index, match in enumerate(any_size.finditer(text)):
        written = match.group(0).strip()
        start = match.start() + match.group(0).find(written)
        span = Span(start, start + len(written), written)
        sentence = _sentence_of(bounds, start)
        sentence_start = bounds[sentence][0] if sentence is not None else start
        clause_start = max(
            (sentence_start + c.end() for c in CLAUSE_BREAK.finditer(text[sentence_start:start])), default=sentence_start
        )
        clause, before = text[clause_start:start], text[sentence_start:start]
        if prior.search(before) or _names_other_organ_last(before, organs, primary_organs):
            continue
        subject_end = max((h.span.end for h in site_hits if sentence_start <= h.span.start < start), default=sentence_start)
        if measures_lung_around(text, subject_end, start, pats):
            continue
        key = span_key(written)
        features = {
            "rule_choice": float(key == rule_choice),
            "pair": float(bool(re.search(r"[×*xX]", written))),
            "three_dimensions": float(len(re.findall(r"[×*xX]", written)) == 2),
            "cue_size": float(bool(re.search(r"大小|截面|最大径|范围", clause))),
            "cue_diameter": float(bool(re.search(r"长径|直径|(?<!短)径约", clause))),
            "cue_short_axis": float(bool(re.search(r"短径|不足", clause))),
            "cue_largest_of_many": float(bool(re.search(r"大者", clause))),
            "node_sentence": float("淋巴结" in before),
            "mass_sentence": float(bool(pats.mass_words.search(before))),
            "tumour_mass_sentence": float(bool(STRONG_MASS.search(before))),
            "benign_words": float(bool(re.search(spec["benign_size_words"], text[sentence_start : span.end + 20]))),
            "in_conclusion_list": float(start >= conclusion),
            "in_site_statement": float(site_statement[0] <= start < site_statement[1]),
            "in_a_site_statement": float(any(a <= start < b for a, b in site_statements)),
            "after_the_site": float(_subject_site(site_hits, bounds, sentence, start) in primaries),
            "log_rank": math.log1p(index),
            "log_sites_before": math.log1p(len(find_sites(before, "zh"))),
            "millimetres": float(bool(re.search(r"mm|毫米", written, re.IGNORECASE))),
        }
        _merge(candidates, key, span, features)
    if not candidates:
        return []
    resected = _primary_resected(text, pats, site_hits, ([site] if site is not None else []) + list(other_sites))
    # A hedged recurrence ("考虑复发可能") counts too: the feature only withholds a size, it never states a fact.
    recurrence = resected and any(
        not context_of(text, found.start(), found.end(), "zh").negated for found in re.finditer(spec["recurrence"], text)
    )
    report_level = {NO_SIZE: 1.0, "no_size_resected": float(resected), "no_size_recurrence": float(recurrence)}
    for candidate in candidates.values():
        candidate.features.update(dict.fromkeys(report_level, 0.0))
    names = next(iter(candidates.values())).features
    return [*candidates.values(), Candidate(None, {name: report_level.get(name, 0.0) for name in names})]


def _names_other_organ_last(before: str, organs: dict[str, re.Pattern[str]], primary_organs: set[str]) -> bool:
    """Whether the last place a sentence names before a size is a distant organ the primary is not in (run-on text
    may name the brain in one statement and the measured organ in the next: "…侧脑室旁…建议MR检查右乳示…肿块")."""
    last: tuple[int, str] | None = None
    for name, pattern in organs.items():
        for found in pattern.finditer(before):
            if last is None or found.end() > last[0]:
                last = (found.end(), name)
    return last is not None and last[1] not in primary_organs and not find_sites(before[last[0] :], "zh")


def _primary_resected(text: str, pats: ImagingPatterns, site_hits: Sequence[LexiconHit], sites: Sequence[Span]) -> bool:
    """Whether the report says every primary's organ (any organ when no site is known) was resected ("右肺癌术后");
    with a second primary unresected ("右乳癌术后…右肺上叶肿块") the lesion measured may be that primary."""
    assert pats.cancer_suffix is not None
    resected: set[str] = set()
    for hit in site_hits:
        cancer = pats.cancer_suffix.match(text, hit.span.end)
        after = cancer.end() if cancer else hit.span.end
        if re.match(pats.spec["resected_primary"], text[after : after + 8]):
            resected.add(hit.code[:3])
    organs = {identity[0] for span in sites if (identity := _site_identity(span.text))}
    return bool(resected) and organs <= resected


def _site_identity(site_text: str) -> tuple[str, str] | None:
    """Organ (ICD-O-3 C code) and side of a site phrase: "右上肺" and "右肺上叶" are the same place."""
    hits = find_sites(site_text, "zh")
    if not hits:
        return None
    side = site_text[:1] if site_text[:1] in "左右双两" else ""
    return hits[0].code[:3], side


def _sentence_of(bounds: list[tuple[int, int]], position: int) -> int | None:
    """The index of the sentence (sorted, non-overlapping bounds) holding `position`, or None between sentences."""
    index = bisect_right(bounds, (position, math.inf)) - 1
    return index if index >= 0 and bounds[index][0] <= position < bounds[index][1] else None


def _subject_site(
    hits: Sequence[LexiconHit], bounds: list[tuple[int, int]], index: int | None, position: int
) -> tuple[str, str] | None:
    """The first site of sentence `index` before `position`, or of the sentence before when it names none."""
    if index is None:
        return None
    for a, b in (bounds[index], bounds[index - 1] if index > 0 else (0, 0)):
        first = next((h for h in hits if a <= h.span.start < min(b, position)), None)
        if first is not None:
            return _site_identity(first.span.text)
    return None


def best(candidates: list[Candidate], field: str) -> Candidate | None:
    """The highest-scoring candidate (the earliest on a tie)."""
    weights = ranker_weights(field)

    def score(candidate: Candidate) -> tuple[float, int]:
        total = sum(weights.get(name, 0.0) * value for name, value in candidate.features.items())
        return total, -(candidate.span.start if candidate.span else 1 << 30)

    return max(candidates, key=score) if candidates else None


def rank_site(text: str, pats: ImagingPatterns, rule_choice: Span | None, organ: str | None = None) -> Span | None:
    """The best primary-site span (in `organ`, an ICD-O-3 C code such as "C50", when given), or the rules' choice
    when the report names no such site."""
    candidates = site_candidates(text, pats, span_key(rule_choice.text) if rule_choice else None)
    if organ is not None:
        candidates = [c for c in candidates if c.span and any(h.code[:3] == organ for h in find_sites(c.span.text, "zh"))]
    chosen = best(candidates, "primary_site")
    return chosen.span if chosen else rule_choice


def rank_size(
    text: str, pats: ImagingPatterns, rule_choice: Span | None, site: Span | None, other_sites: Sequence[Span] = ()
) -> Span | None:
    """The best primary-size span, or None when "no primary size" scores highest or the report gives no size."""
    rule = span_key(rule_choice.text) if rule_choice else None
    chosen = best(size_candidates(text, pats, rule, site, other_sites), "primary_size")
    return chosen.span if chosen else None
