"""Imaging report extractor: primary lesion site and size as written, metastasis sites, nodes, comparison."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, NamedTuple

from oncodata.nlp.context import context_of
from oncodata.nlp.corrections import correct_site, quoted_corrections
from oncodata.nlp.evaluate import normalize_span
from oncodata.nlp.facts import Context, Finding, ReportFacts, Span
from oncodata.nlp.lexicon import LexiconHit, find_sites, laterality_of
from oncodata.nlp.resources import load_yaml
from oncodata.nlp.sections import SectionMap, find_sections
from oncodata.nlp.span_ranker import conclusion_start, rank_site, rank_size
from oncodata.nlp.tables import cells, lines_above
from oncodata.nlp.tnm import find_stage_groups, find_tnm

# Exported text marks its line breaks as a DEL character, its escape ("\\u007f") or "_x0004_": breaks too.
LINE_MARK = r"\x7f|\\[uU]007[fF]|_[x×]0004_"
# A flattened export keeps one space before each section heading ("…发现左侧肾上腺结节 检查所见：…"): a break too.
HEADING_SPACE_ZH = r"\s(?=(?:检查|影像)?(?:所见|表现|诊断|意见|结论|印象)\s*[:：])"
SENTENCE_ZH = re.compile(r"[。；;\t\n]|\s{2,}|(?<![\d.A-Za-z])\d{1,2}[.、](?!\d)|" + HEADING_SPACE_ZH + "|" + LINE_MARK)
# A full stop ends a sentence unless it is a decimal point ("SUVmax 11.6. Multiple nodes…" ends after 11.6, as does
# "…11.6.Enlarged nodes" run together).
# (Not after an abbreviation: "nodule in Lt. S1+2", "approx. 2 cm", "metastasis vs. granuloma".)
SENTENCE_EN = re.compile(r"(?<!\d)(?<!\b[LRlr]t)(?<!\bvs)(?<!\bapprox)\.(?!\d)|(?<=\d)\.(?=\s|[A-Z])|[;\n]")
CLAUSE_ZH = re.compile(r"[，,。；;?？\t\n]|\s{2,}|(?<![\d.A-Za-z])\d{1,2}[.、](?!\d)|" + HEADING_SPACE_ZH + "|" + LINE_MARK)
CLAUSE_BREAK = re.compile(r"[，,]")
# A metastasis site that is a node group ("纵隔淋巴结", "mediastinal nodes", "paratracheal LN").
NODE_SITE = re.compile(
    r"淋巴[结节]|(?<![\dA-Za-z])\d{1,2}(?:[LR]?区|[LR](?![\dA-Za-z]))|\bnod(?:e|es|al)\b|(?<![A-Za-z])LNs?(?![A-Za-z])|adenopathy",
    re.IGNORECASE,
)  # (a station too: "纵隔4L区", "纵隔4L")
# A site whose nodes a statement is about ("右肺门淋巴结…", "right hilar node…").
NODE_AFTER_SITE = re.compile(r"[^，,。；;]{0,8}?(?:淋巴结|lymph|nod(?:e|es|al)\b)", re.IGNORECASE)
# (or the first of a heading's organs: "BONES AND SOFT TISSUES: …")
HEADING_AFTER = re.compile(r"(?:\s+(?:and|AND|&)\s+[A-Za-z][A-Za-z ]{2,30})?\s*:")
VERTEBRA_LEVEL_BEFORE = re.compile(r"\b[CTLS]\d{1,2}\s*$")
LOBE_CODES = {"upper": "C34.1", "middle": "C34.2", "lower": "C34.3"}
# A history label inside a run-on line ("PET/CT - RESTAGING Indication: … with nodal metastases").
HISTORY_LABEL = re.compile(
    r"\b(?:indication|clinical(?:\s+(?:history|information|details|diagnosis|data))?|history)\s*:", re.IGNORECASE
)
# Words that may open a clause before its subject site ("另右肺门…", "其中左肺上叶…").
SUBJECT_LEAD = re.compile(r"^(?:另于|另|余|并|于|且|其中|而)")


@dataclass(frozen=True)
class ImagingPatterns:
    spec: dict[str, Any]
    cancer_suffix: re.Pattern[str] | None
    mass_words: re.Pattern[str]
    size_pair: re.Pattern[str]
    size_single: re.Pattern[str]
    metastasis: re.Pattern[str]
    descriptor_break: re.Pattern[str] | None
    leading_noise: re.Pattern[str] | None
    trailing_noise: re.Pattern[str] | None
    metastasis_sites: re.Pattern[str] | None
    comparison: dict[str, re.Pattern[str]]
    change_subject: re.Pattern[str]
    new_lesion: re.Pattern[str]
    response: dict[str, re.Pattern[str]]
    nodes_enlarged: re.Pattern[str]
    nodes_negative: re.Pattern[str]


@cache
def imaging_patterns(lang: str) -> ImagingPatterns:
    spec = load_yaml("imaging.yaml")[lang]

    def optional(key: str) -> re.Pattern[str] | None:
        return re.compile(spec[key]) if key in spec else None

    sites = spec.get("metastasis_sites")
    return ImagingPatterns(
        spec=spec,
        cancer_suffix=optional("cancer_suffix"),
        mass_words=re.compile(spec["mass_words"], re.IGNORECASE),
        size_pair=re.compile(spec["size_pair"], re.IGNORECASE),
        size_single=re.compile(spec["size_single"], re.IGNORECASE),
        metastasis=re.compile(spec["metastasis"], re.IGNORECASE),
        descriptor_break=optional("descriptor_break"),
        leading_noise=optional("leading_noise"),
        trailing_noise=optional("trailing_noise"),
        metastasis_sites=re.compile(r"\b(?:(?:left|right|bilateral)\s+)?(?:" + "|".join(sites) + r")\b", re.IGNORECASE)
        if sites
        else None,
        comparison={k: re.compile(v, re.IGNORECASE) for k, v in spec["comparison"].items()},
        change_subject=re.compile(spec["change_subject"], re.IGNORECASE),
        new_lesion=re.compile(spec["new_lesion"], re.IGNORECASE),
        response={k: re.compile(v, re.IGNORECASE) for k, v in spec["response"].items()},
        nodes_enlarged=re.compile(spec["nodes_enlarged"], re.IGNORECASE),
        nodes_negative=re.compile(spec["nodes_negative"], re.IGNORECASE),
    )


def size_to_mm(size_text: str) -> float | None:
    """The largest dimension of a written size in mm: '3.0CM×2.5CM' → 30.0, '31MM×27MM' → 31.0.

    >>> size_to_mm("3.0CM×2.5CM"), size_to_mm("31MM×27MM"), size_to_mm("4.7×6.1cm")
    (30.0, 31.0, 61.0)
    """
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", size_text)]
    if not numbers:
        return None
    unit = "mm" if re.search(r"mm|毫米", size_text, re.I) and not re.search(r"cm|厘米|公分", size_text, re.I) else "cm"
    if not re.search(r"mm|cm|毫米|厘米|公分", size_text, re.I):
        return None
    return round(max(numbers) * (10.0 if unit == "cm" else 1.0), 1)


def sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence bounds (start, end) in the text."""
    breaker = SENTENCE_ZH if lang == "zh" else SENTENCE_EN
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in breaker.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def extract_imaging(text: str, lang: str, rank_spans: bool = True) -> ReportFacts:
    """Structure one imaging report (`rank_spans=False` keeps the rules' primary site and size, for fitting the rankers)."""
    facts = ReportFacts(kind="imaging", language=lang)
    pats = imaging_patterns(lang)
    bounds = sentences(text, lang)
    if lang == "zh":
        _primary_zh(facts, text, bounds, pats, rank_spans)
        _metastases_zh(facts, text, pats)
    else:
        _primary_en(facts, text, bounds, pats)
        _metastases_en(facts, text, pats)
    _malignant_effusions(facts, text, lang, pats)
    _other_plane_size(facts, text, bounds, pats)
    _corrections(facts, text, lang)
    _bilateral_primary(facts, text, lang, pats)
    _nodes_free(facts, text, lang, pats)
    _comparison(facts, text, lang, pats, bounds)
    if lang == "en":
        _amended_impression_en(facts, text, pats)
    for mention in find_tnm(text):
        context = context_of(text, mention.span.start, mention.span.end, lang)
        if not context.asserted:
            continue
        for axis in ("t", "n", "m"):
            value = getattr(mention, axis)
            if value and getattr(facts, axis) is None:
                setattr(facts, axis, value)
                facts.cite(axis, mention.span)
        facts.tnm_prefix = facts.tnm_prefix or mention.prefix
    stages = find_stage_groups(text, lang)
    if stages:
        facts.stage_group, span = stages[0]
        facts.cite("stage_group", span)
    return facts


# An addendum's corrected size: "The correct measurement is 4.4 x 3.3 cm", "should read 4.4 cm".
CORRECTED_SIZE_EN = re.compile(
    r"\b(?:correct(?:ed)?\s+(?:measurement|size|dimensions?)\s+(?:is|are|should\s+be)|(?:measurement|size)\s+should\s+(?:read|be))"
    r"\s*:?\s*(?P<size>\d+(?:\.\d+)?(?:\s*[x×]\s*\d+(?:\.\d+)?)*\s*(?:cm|mm))",
    re.IGNORECASE,
)


def _corrections(facts: ReportFacts, text: str, lang: str) -> None:
    """A correction the report itself makes replaces the value it corrects: a quoted site or size said to be an
    entry error (Chinese corrected reports), or an addendum's correct measurement of the primary (English)."""
    if lang == "zh":
        for old, new in quoted_corrections(text):
            if correct_site(facts, old, new):
                continue
            if facts.primary_size_text and normalize_span(old) == normalize_span(facts.primary_size_text):
                size_mm = size_to_mm(new.text)
                if size_mm is not None:
                    facts.primary_size_text, facts.primary_size_mm, facts.tumor_size_mm = new.text, size_mm, size_mm
                    facts.evidence["primary_size"] = [new]
        return
    if facts.primary_size_text is None or "correct" not in text.lower():
        return
    corrected = CORRECTED_SIZE_EN.search(text)
    if corrected is not None:
        size_mm = size_to_mm(corrected.group("size"))
        if size_mm is not None:
            span = Span(corrected.start("size"), corrected.end("size"), corrected.group("size"))
            facts.primary_size_text, facts.primary_size_mm, facts.tumor_size_mm = span.text, size_mm, size_mm
            facts.evidence["primary_size"] = [span]


def _bilateral_primary(facts: ReportFacts, text: str, lang: str, pats: ImagingPatterns) -> None:
    """A report that calls its primary bilateral (synchronous primaries, one in each lung) gives it both sides; the
    site, lobe and size stay those of the primary it measures first."""
    if facts.primary_site_text is None:
        return
    for match in re.finditer(pats.spec["bilateral_primary"], text, re.IGNORECASE):
        context = context_of(text, match.start(), match.end(), lang)
        if not (context.negated or context.uncertain or context.family or context.hypothetical):
            facts.laterality = "bilateral"
            facts.cite("laterality", Span(match.start(), match.end(), match.group(0)))
            return


def _other_plane_size(facts: ReportFacts, text: str, bounds: list[tuple[int, int]], pats: ImagingPatterns) -> None:
    """When the primary's sentence measures it again in another plane after the size taken ("…, coronal 3.7 cm"),
    the larger measurement is its largest dimension (the size T staging uses)."""
    cited = facts.evidence.get("primary_size")
    if facts.primary_size_mm is None or not cited:
        return
    size = cited[0]
    end = next((b for a, b in bounds if a <= size.start < b), size.end)
    for match in re.compile(pats.spec["plane_size"], re.IGNORECASE).finditer(text, size.end, end):
        group = "value" if match.group("value") else "before"
        mm = size_to_mm(match.group(group))
        if mm is not None and mm > facts.primary_size_mm:
            span = Span(match.start(group), match.end(group), match.group(group))
            facts.primary_size_text, facts.primary_size_mm, facts.tumor_size_mm = span.text, mm, mm
            facts.evidence["primary_size"] = [span]


def _set_site(facts: ReportFacts, text: str, span: Span, lang: str) -> None:
    facts.primary_site_text = span.text
    facts.cite("primary_site", span)
    hits = find_sites(span.text, lang)
    if hits:
        facts.topography_code = hits[0].code
        facts.lobe = hits[0].lobe
    facts.laterality = laterality_of(span.text, lang, text[max(0, span.start - 24) : span.start])
    if facts.laterality is None and facts.lobe is not None and lang == "en":
        # A segment named alone ("mass in the superior segment measuring 52 x 41 mm"): the side the report gives
        # its lobe elsewhere ("left lower lobe cancer"), when every such mention agrees.
        sides = {
            laterality_of(hit.span.text, lang, text[max(0, hit.span.start - 24) : hit.span.start])
            for hit in find_sites(text, lang)
            if hit.lobe == facts.lobe and hit.code.startswith("C34")
        } - {None}
        facts.laterality = sides.pop() if len(sides) == 1 else None


def _primary_zh(facts: ReportFacts, text: str, bounds: list[tuple[int, int]], pats: ImagingPatterns, rank_spans: bool) -> None:
    """Primary site and size, CCKS style.

    The site named with the cancer word ("右肺癌", "左肺上叶MT") is the diagnosis site. When the findings measure a
    lesion at that organ (or, with no diagnosis, at any site), its sentence gives the size and the site as written
    there ("右肺下叶胸膜下…大小约2.2CM×1.6CM"); a lobe-level diagnosis keeps its own span over a segment in the
    findings ("右肺上叶癌" over "右肺上叶尖段"). With no measured lesion the diagnosis site stands alone.
    """
    assert pats.cancer_suffix is not None
    if not re.search(pats.spec["tumour_statement"], text) and not re.search(pats.spec["tumour_followup"], text):
        return  # no cancer, metastasis or followed tumour is named: a lesion the report describes is no stated primary
    site_span: Span | None = None
    diagnosis = _diagnosis_zh(text, pats)
    if diagnosis is not None:
        hit, suffix, context = diagnosis
        site_span = _extend_site(text, hit.span, pats)
        facts.findings.append(Finding("primary_site", site_span, text[site_span.start : suffix.end()], context, hit.code))
    measured = _measured_lesion(text, bounds, pats, site_span)
    size_span: Span | None = None
    if measured is not None:
        lesion_site, size_span = measured
        keep_diagnosis = (
            site_span is not None
            and re.search(pats.spec["lobe_level"], site_span.text)
            and (lesion_site.text.startswith(site_span.text) or _same_lobe_zh(lesion_site.text, site_span.text))
        )
        if not keep_diagnosis:
            site_span = lesion_site
    else:
        # No measured lesion: an organ-level lung diagnosis ("右肺癌") or none takes the lesion sentence's lobe.
        organ_lung = site_span is not None and re.fullmatch(r"[左右双]?肺", site_span.text)
        if site_span is None or organ_lung:
            lesion = _primary_lesion_sentence(text, bounds, pats, site_span, prefer_lobe=bool(organ_lung))
            if lesion is not None:
                site_span = _extend_site(text, lesion[0], pats)
            else:
                site_span = _resected_site(text, "zh", pats) or site_span
    if rank_spans:
        # The rules' choices are features of the rankers, which learned the annotators' span conventions.
        site_span = rank_site(text, pats, site_span)
    sites = all_primaries(text, pats, site_span, rank_spans) if site_span is not None else []
    if rank_spans:
        size_span = rank_size(text, pats, size_span, site_span, [span for span in sites if span is not site_span])
    if size_span is not None:
        facts.primary_size_text = size_span.text
        facts.primary_size_mm = size_to_mm(size_span.text)
        facts.tumor_size_mm = facts.primary_size_mm
        facts.cite("primary_size", size_span)
    if site_span is not None:
        _set_site(facts, text, site_span, "zh")
        if facts.lobe is None and facts.laterality in ("left", "right") and size_span is not None:
            _lobe_of_measured_lesion(facts, text, bounds, size_span)
        # A central tumour measured at the hilum ("左肺门区见软组织肿块") that the diagnosis places in its lobe
        # ("左肺上叶中央型肺癌"): the span stays the findings', the lobe is the diagnosis's.
        if (
            facts.lobe is None
            and diagnosis is not None
            and diagnosis[0].lobe is not None
            and laterality_of(diagnosis[0].span.text, "zh") == facts.laterality
        ):
            facts.lobe = diagnosis[0].lobe
    if len(sites) > 1:
        facts.primary_site_text = ",".join(span.text for span in sites)
        for span in sites:
            if span is not site_span:
                facts.cite("primary_site", span)


def _same_lobe_zh(segment: str, lobe: str) -> bool:
    """Whether a segment named without its lobe ("右肺尖段") lies in the lobe a diagnosis names ("右肺上叶")."""
    hits, named = find_sites(segment, "zh"), find_sites(lobe, "zh")
    return (
        bool(hits and named)
        and hits[0].lobe is not None
        and (hits[0].lobe, laterality_of(segment, "zh")) == (named[0].lobe, laterality_of(lobe, "zh"))
    )


def _lobe_of_measured_lesion(facts: ReportFacts, text: str, bounds: list[tuple[int, int]], size: Span) -> None:
    """A primary named by its side alone ("左肺腺癌靶向治疗后，…：左肺下叶背段软组织肿块…现约2.6×2.0cm") lies in the lobe
    its measured lesion's sentence names, on the same side; the site as written stays the side's (the CCKS span)."""
    index = bisect_right(bounds, (size.start, len(text) + 1)) - 1
    sentence_start = bounds[index][0] if index >= 0 else 0
    sided = [
        hit
        for hit in find_sites(text[sentence_start : size.start], "zh")
        if hit.lobe and hit.code.startswith("C34") and laterality_of(hit.span.text, "zh") == facts.laterality
    ]
    if sided:
        facts.lobe, facts.topography_code = sided[-1].lobe, sided[-1].code


def _diagnosis_zh(text: str, pats: ImagingPatterns) -> tuple[LexiconHit, re.Match[str], Context] | None:
    """The site named with a cancer word ("右肺癌", "左肺上叶MT") that is this exam's primary: the first one asserted,
    unless it was operated on ("左乳癌术后") and another organ's cancer was not ("右肺下叶肿块，考虑肺癌"), or every
    cancer named was operated on and the impression names another organ's first ("1.右肺癌术后…4.甲状腺癌术后")."""
    assert pats.cancer_suffix is not None
    operated = re.compile(pats.spec["operated_cancer"])
    named: list[tuple[LexiconHit, re.Match[str], Context]] = []
    for hit in find_sites(text, "zh"):
        suffix = pats.cancer_suffix.match(text, hit.span.end)
        if not suffix:
            continue
        context = context_of(text, hit.span.start, suffix.end(), "zh")
        if context.negated or context.uncertain or context.family:
            continue
        if not named and not operated.match(text, suffix.end()):
            if hit.lobe is None and laterality_of(hit.span.text, "zh") is None:
                # An unsided first naming ("临床诊断：肺癌") yields to the same organ's cancer named with its side
                # later ("影像诊断：1. 右肺癌患者，…").
                sided = _sided_cancer_after(text, pats, hit)
                if sided is not None:
                    return sided
            return hit, suffix, context  # the usual case: the first cancer named is a current one
        named.append((hit, suffix, context))
    if not named:
        return None
    first_organ = named[0][0].code[:3]
    others = [item for item in named if item[0].code[:3] != first_organ]
    current = next((item for item in others if not operated.match(text, item[1].end())), None)
    if current is not None:
        return current
    bare = _bare_current_cancer(text, pats, {item[0].code[:3] for item in named})
    if bare is not None:
        return bare
    impression = conclusion_start(text)
    in_impression = next((item for item in named if item[0].span.start >= impression), None)
    return in_impression if in_impression is not None and in_impression in others else named[0]


def _sided_cancer_after(text: str, pats: ImagingPatterns, first: LexiconHit) -> tuple[LexiconHit, re.Match[str], Context] | None:
    """The same organ's cancer named later with its side or lobe, asserted and not operated on, if any."""
    assert pats.cancer_suffix is not None
    operated = re.compile(pats.spec["operated_cancer"])
    for hit in find_sites(text[first.span.end :], "zh"):
        if hit.code[:3] != first.code[:3] or (hit.lobe is None and laterality_of(hit.span.text, "zh") is None):
            continue
        moved = hit._replace(span=Span(first.span.end + hit.span.start, first.span.end + hit.span.end, hit.span.text))
        suffix = pats.cancer_suffix.match(text, moved.span.end)
        if not suffix or operated.match(text, suffix.end()):
            continue
        context = context_of(text, moved.span.start, suffix.end(), "zh")
        if not (context.negated or context.uncertain or context.family):
            return moved, suffix, context
    return None


def _bare_current_cancer(
    text: str, pats: ImagingPatterns, operated_organs: set[str]
) -> tuple[LexiconHit, re.Match[str], Context] | None:
    """A histology named without an organ after a lesion's site in its sentence ("甲状腺癌术后…诊断意见：右肺下叶外基底段
    混杂磨玻璃结节，浸润性腺癌可能性大"): the current cancer, at that site, when the cancers named with an organ were
    all operated on."""
    operated = re.compile(pats.spec["operated_cancer"])
    for cancer in re.finditer(pats.spec["bare_cancer"], text):
        context = context_of(text, cancer.start(), cancer.end(), "zh")
        if context.negated or context.uncertain or context.family or operated.match(text, cancer.end()):
            continue
        sentence_start = max(text.rfind(mark, 0, cancer.start()) for mark in "。；;\n")
        hits = [h for h in find_sites(text[sentence_start + 1 : cancer.start()], "zh") if h.code[:3] not in operated_organs]
        if hits:
            hit = hits[0]
            offset = sentence_start + 1
            moved = LexiconHit(
                Span(offset + hit.span.start, offset + hit.span.end, hit.span.text),
                hit.code,
                hit.preferred,
                hit.lobe,
                hit.part_of,
            )
            return moved, cancer, context
    return None


def all_primaries(text: str, pats: ImagingPatterns, primary: Span, rank_spans: bool) -> list[Span]:
    """The primary and any second primary cancer stated in another organ ("右乳癌术后…右肺癌"), which joins the site,
    CCKS style: "右肺,左乳". Empty when the report names one primary organ.

    Each organ's span is the ranker's best candidate in that organ (its diagnosis site without the rankers); the
    sites are ordered as the report first names each cancer.
    """
    assert pats.cancer_suffix is not None
    primary_organ = next((h.code[:3] for h in find_sites(primary.text, "zh")), None)
    if primary_organ is None:
        return []
    named = [(hit, suffix) for hit in find_sites(text, "zh") if (suffix := pats.cancer_suffix.match(text, hit.span.end))]
    if len({hit.code[:3] for hit, _ in named}) < 2:
        return []  # one organ named with a cancer word: nothing to add (most reports; skip the context work)
    first_named: dict[str, tuple[int, Span]] = {}
    for hit, suffix in named:
        if hit.code[:3] in first_named:
            continue
        context = context_of(text, hit.span.start, suffix.end(), "zh")
        if not (context.negated or context.uncertain or context.family):
            first_named[hit.code[:3]] = (hit.span.start, _extend_site(text, hit.span, pats))
    if primary_organ not in first_named or len(first_named) < 2:
        return []
    sites: list[tuple[int, Span]] = []
    for organ, (position, diagnosis) in first_named.items():
        if organ == primary_organ:
            sites.append((position, primary))
            continue
        span = rank_site(text, pats, diagnosis, organ=organ) if rank_spans else diagnosis
        sites.append((position, span or diagnosis))
    return [span for _, span in sorted(sites, key=lambda item: item[0])]


def _resected_site(text: str, lang: str, pats: ImagingPatterns) -> Span | None:
    """The lobe a post-operative report says was resected ("右肺上叶切除术后", "status post resection of the RUL")."""
    marker = re.compile(pats.spec["resected_site"], re.IGNORECASE)
    for hit in find_sites(text, lang):
        if not hit.lobe:
            continue
        resected = (
            marker.match(text[hit.span.end :])
            if lang == "zh"
            else marker.search(text[max(0, hit.span.start - 60) : hit.span.start])
        )
        if resected:
            return hit.span
    return None


def _extend_site(text: str, span: Span, pats: ImagingPatterns) -> Span:
    """A lexicon site widened to the span annotators mark: side before it ("右侧"+"乳腺"), hilum/part after it."""
    start, end = span.start, span.end
    before = re.search(pats.spec["site_prefix"] + "$", text[max(0, start - 3) : start])
    if before and not re.match(r"[左右双两]", span.text):
        start -= len(before.group(0))
    after = re.match(pats.spec["site_suffix"], text[end : end + 8])
    if after:
        end += after.end()
    return Span(start, end, text[start:end])


def _compatible(site: str, diagnosis: str) -> bool:
    """Whether a findings site can be the diagnosed primary: same organ word, no contrary side."""
    organ = re.sub(r"^(?:左侧|右侧|双侧|左|右|双|两)", "", diagnosis)[:1]
    if not organ or organ not in site:
        return False
    side = diagnosis[:1]
    return side not in "左右" or site.startswith(side)


def _statement_end(text: str, site: Span, sentence_end: int) -> int:
    """Where the statement about a site ends: before the next comma clause that opens with another site (a new
    subject, "…，右肺中叶支气管局部狭窄"), else at the sentence end. Clauses that relate the lesion to a structure
    ("邻近胸膜示牵拉", "包绕右肺门区…", "与右肺门淋巴结分界不清") stay in the statement."""
    for clause in CLAUSE_BREAK.finditer(text, site.end, sentence_end):
        opening = text[clause.end() : min(sentence_end, clause.end() + 14)]
        opening = SUBJECT_LEAD.sub("", opening)
        hits = find_sites(opening, "zh")
        if hits and hits[0].span.start == 0:
            return clause.start()
    return sentence_end


def _measured_lesion(
    text: str, bounds: list[tuple[int, int]], pats: ImagingPatterns, diagnosis: Span | None
) -> tuple[Span, Span] | None:
    """The first findings statement that names a site, then a lesion and its size: (site span, size span)."""
    spec = pats.spec
    prior = re.compile(spec["prior_size"])
    for start, end in bounds:
        sentence = text[start:end]
        if not re.search(r"\d", sentence) or not pats.mass_words.search(sentence):
            continue
        for hit in find_sites(sentence, "zh"):
            site = _extend_site(text, Span(start + hit.span.start, start + hit.span.end, hit.span.text), pats)
            if diagnosis is not None and not _compatible(site.text, diagnosis.text.replace("侧", "")):
                continue
            if context_of(text, site.start, site.end, "zh").negated:
                continue
            stop = _statement_end(text, site, end)
            mass = pats.mass_words.search(text, site.end, stop)
            # The words between the site and its lesion word say what the lesion is ("右肺门淋巴结肿大…" is a node).
            if mass is None or re.search(spec["not_primary"], text[site.end : mass.end()]):
                continue
            size = next(
                (m for m in pats.size_pair.finditer(text, site.end, stop) if not prior.search(text, site.end, m.start())), None
            )
            size_span = Span(size.start(), size.end(), size.group(0).strip()) if size else None
            if size is None:
                single = pats.size_single.search(text, site.end, stop)
                if single is not None:
                    size_span = Span(single.start("value"), single.end("value"), single.group("value"))
            if size_span is None:
                continue
            clause_start = max((c.end() for c in CLAUSE_BREAK.finditer(text, site.end, size_span.start)), default=site.end)
            # "短径约…" in the size's own clause measures a node; "大者…" the largest of many nodules unless diagnosed.
            size_clause = text[clause_start : size_span.start]
            if re.search(spec["not_primary_size"], size_clause) or (
                diagnosis is None and re.search(spec["not_primary_size_undiagnosed"], size_clause)
            ):
                continue
            if measures_lung_around(text, site.end, size_span.start, pats):
                continue
            return site, size_span
    return None


def measures_lung_around(text: str, subject_end: int, size_start: int, pats: ImagingPatterns) -> bool:
    """Whether a size measures the lung around a lesion, not the lesion: between the site its statement opens with and
    the size, an atelectasis, consolidation or effusion is named and no mass word ("右肺下叶见大片实变不张影，范围约…")."""
    between = text[subject_end:size_start]
    return bool(re.search(pats.spec["not_lesion_finding"], between)) and not pats.mass_words.search(between)


def _primary_lesion_sentence(
    text: str, bounds: list[tuple[int, int]], pats: ImagingPatterns, site_span: Span | None, prefer_lobe: bool
) -> tuple[Span, tuple[int, int]] | None:
    """The findings sentence that describes the primary lesion: the site (or a lobe of it) followed by a mass word.

    The first such sentence that also gives a size wins (the impression often names the lesion without measuring it).
    """
    found: list[tuple[Span, tuple[int, int]]] = []
    for start, end in bounds:
        sentence = text[start:end]
        if not pats.mass_words.search(sentence):
            continue
        for hit in find_sites(sentence, "zh"):
            absolute = Span(start + hit.span.start, start + hit.span.end, hit.span.text)
            if site_span is not None:
                wanted = site_span.text.replace("侧", "")
                if prefer_lobe:
                    # "肺癌" (no side) takes any lobe; "右肺癌" only a right lobe.
                    side = wanted[0] if wanted[0] in "左右双" else ""
                    if not (hit.lobe and absolute.text.startswith(side)):
                        continue
                elif not absolute.text.replace("侧", "").startswith(wanted) and not wanted.startswith(
                    absolute.text.replace("侧", "")
                ):
                    continue
            elif not hit.lobe:
                continue
            context = context_of(text, absolute.start, absolute.end, "zh")
            if context.negated:
                continue
            stop = _statement_end(text, absolute, end)
            mass = pats.mass_words.search(text, absolute.end, stop)
            if mass is None or re.search(pats.spec["not_primary"], text[absolute.end : mass.end()]):
                continue
            found.append((absolute, (start, end)))
            if pats.size_pair.search(text, absolute.end, stop) or pats.size_single.search(text, absolute.end, stop):
                return absolute, (start, end)
            break
    return found[0] if found else None


def _clean_site(phrase: str, pats: ImagingPatterns) -> str:
    assert pats.leading_noise is not None and pats.trailing_noise is not None
    # A heading before a colon ("与2013-7-29片对比：左肺门淋巴结") is not part of the site.
    phrase = re.split(r"[:：]", phrase)[-1]
    phrase = pats.leading_noise.sub("", phrase.lstrip())
    phrase = pats.trailing_noise.sub("", phrase)
    return phrase.strip(" ,，:：")


def _split_sites(phrase: str, pats: ImagingPatterns) -> list[str]:
    """Lymph-node lists stay one span ("右肺门、纵隔淋巴结"); organ lists split ("网膜、肠系膜及盆腹膜")."""
    node_word = pats.spec["lymph_node"]
    if phrase.endswith(node_word):
        return _split_node_list(phrase, pats)
    node_end = phrase.rfind(node_word) + len(node_word)
    separator = re.match(pats.spec["list_split"], phrase[node_end:]) if node_end >= len(node_word) else None
    if separator:  # "左侧肺门淋巴结及两肺": the node list, then the organs after it
        return _split_node_list(phrase[:node_end], pats) + _split_sites(phrase[node_end + separator.end() :], pats)
    parts: list[str] = []
    for part in _split_outside_brackets(phrase, pats.spec["list_split"]):
        # "右侧第2、8肋骨", "第4、9胸椎": a bare ordinal belongs to the item that names the bone after it.
        if parts and re.search(r"\d$", parts[-1]):
            parts[-1] = f"{parts[-1]}、{part}"
        elif parts and part == "附件":
            parts[-1] = f"{parts[-1]}及附件"  # "胸椎及附件": the arches belong to the vertebrae named before them
        elif part:
            parts.append(_without_bone_quantity(part, pats))
    if len(parts) > 1:
        # "胸骨、颈椎、腰椎骨转移": the last item's 骨 is the list's bone metastasis, not part of the vertebra.
        parts[-1] = re.sub(pats.spec["list_bone_tail"], "", parts[-1])
    return parts


def _bracket_depth(piece: str) -> int:
    """Brackets (half- or full-width) a piece opens minus those it closes."""
    return piece.count("（") + piece.count("(") - piece.count("）") - piece.count(")")


def _split_outside_brackets(phrase: str, separator: str) -> list[str]:
    """A list split at its separators, but not inside brackets: "肝、多发骨（T6、L3椎体及附件，右侧髂骨）" → 肝, 多发骨（…）."""
    if "（" not in phrase and "(" not in phrase:
        return re.split(separator, phrase)
    parts, last = [], 0
    for match in re.finditer(separator, phrase):
        before = phrase[last : match.start()]
        if _bracket_depth(before) > 0:
            continue
        parts.append(before)
        last = match.end()
    return [*parts, phrase[last:]]


def _without_bone_quantity(site: str, pats: ImagingPatterns) -> str:
    """A bone site without the quantity word before it ("部分肋骨" → "肋骨"); other sites unchanged."""
    if not re.search(pats.spec["bone_site"], site):
        return site
    return re.sub(pats.spec["bone_quantity"], "", site) or site


def _split_node_list(phrase: str, pats: ImagingPatterns) -> list[str]:
    """A node list keeps its stations as one span, but organs listed before them are sites of their own and a
    finding that names no site ends the list: "双肺、胸3椎体及纵隔淋巴结" → 双肺, 胸3椎体, 纵隔淋巴结;
    "远端阻塞性炎症、纵隔及双肺门淋巴结" → 纵隔及双肺门淋巴结."""
    organ = re.compile(pats.spec["node_list_organ"])
    not_a_site = re.compile(pats.spec["node_list_not_site"])
    pieces = re.split(f"({pats.spec['list_split']})", phrase)
    items, separators = pieces[0::2], pieces[1::2]
    sites: list[str] = []
    first = 0  # the first item of the node group
    for index, item in enumerate(items[:-1]):
        if not_a_site.search(item):
            sites, first = [], index + 1
        elif organ.fullmatch(item) and first == index:
            sites.append(item)
            first = index + 1
    group = items[first] + "".join(sep + item for sep, item in zip(separators[first:], items[first + 1 :], strict=True))
    return [*sites, group]


# Clauses a metastasis word may look back over for its site: "纵隔4R区淋巴结，短径约0.9cm，FDG代谢增高，SUVmax 3.5，转移可能".
MAX_CLAUSES_BACK = 6


def _metastasis_phrase(text: str, end: int, pats: ImagingPatterns) -> tuple[int, int, str]:
    """The site phrase before a "转移" ending at `end`: (start, end offset of the phrase as written, cleaned phrase),
    or (end, end, "") when none. Descriptors cut from the middle of a list stay inside the written span.

    The phrase is the clause before the word; a clause that is only a hedge ("考虑转移") or a descriptor ("较前增大")
    takes the clause before it. Earlier items of a chain ("肝转移、纵隔淋巴结转移") and the primary named before
    "并/伴" ("右肺癌并双肺转移") are cut off, then the phrase ends at the first descriptor word ("右肺结节灶" → "右肺").
    """
    spec = pats.spec
    for _ in range(MAX_CLAUSES_BACK):
        clause_start = 0
        for clause in CLAUSE_ZH.finditer(text, max(0, end - 80), end):
            clause_start = clause.end()
        opening = _unclosed_bracket_before(text, clause_start, end)
        if opening is not None:
            # A bracketed list with commas inside it is one clause: "肝、左肾上腺、多发骨（T6、L3椎体及附件，右侧髂骨）转移".
            clause_start = max((c.end() for c in CLAUSE_ZH.finditer(text, max(0, opening - 80), opening)), default=0)
        before = text[clause_start:end]
        offset = clause_start
        cuts = list(re.finditer(spec["chain_break"], before))
        if cuts:
            cut = cuts[-1]
            if not (re.fullmatch(spec["conjunction"], cut.group(0)) and _only_descriptors(before[cut.end() :], pats)):
                # "右侧胸膜增厚并结节灶": a conjunction between two descriptors is no chain; the site stays
                offset += cut.end()
                before = before[cut.end() :]
        heading = max(before.rfind(":"), before.rfind("："))
        if heading >= 0:  # "与2017-1-9片对比: 左残肺及右肺…": the heading is not part of the site
            offset += heading + 1
            before = before[heading + 1 :]
        lead = re.match(pats.leading_noise.pattern if pats.leading_noise else "", before)
        if lead:
            offset += lead.end()
            before = before[lead.end() :]
        assert pats.descriptor_break is not None
        written = before
        node = before.rfind(spec["lymph_node"])
        descriptor = pats.descriptor_break.search(before)
        if node > 0 and not re.search(spec["node_list_break"], before[:node]):
            # "左腋窝、纵隔多发肿大淋巴结": a node list is one span up to its last "淋巴结"; an organ listed after it
            # ("左侧肺门淋巴结及两肺多发") is one more site.
            node_end = node + len(spec["lymph_node"])
            after_nodes = _listed_after_nodes(before[node_end:], pats)
            before = before[:node_end] + after_nodes
        elif descriptor and descriptor.start() > 0:
            before = _cut_descriptors(before, pats)
        elif descriptor:
            before = ""
        cleaned = _clean_site(before, pats)
        if cleaned and re.search(spec["benign_finding"], cleaned):
            break  # "部分为肝血管瘤可能性大，部分结合病史转移瘤可能大": a benign finding's clause is no metastasis' site
        if cleaned and not re.match(spec["descriptor_clause"], cleaned) and not re.search(spec["finding_clause"], cleaned):
            items = re.split(spec["list_split"], cleaned)
            first = max(0, written.find(items[0]))
            last = written.find(items[-1], first)
            stop = last + len(items[-1]) if last >= 0 else first + len(items[0])
            return offset + first, offset + stop, cleaned
        if clause_start == 0 or re.search(r"[。；;\t\n]|\d[.、]$", text[clause_start - 1 : clause_start]):
            break  # only a comma-joined clause continues the same statement
        end = clause_start - 1
    return end, end, ""


def _unclosed_bracket_before(text: str, start: int, end: int) -> int | None:
    """Where the bracket opens whose close lies in text[start:end] with no opening of its own there, if any."""
    if _bracket_depth(text[start:end]) >= 0:
        return None
    opening = max(text.rfind("（", max(0, start - 80), start), text.rfind("(", max(0, start - 80), start))
    return opening if opening >= 0 else None


def _listed_after_nodes(tail: str, pats: ImagingPatterns) -> str:
    """The separator and organ a node list goes on to ("及两肺多发" → "及两肺"), or "" when no site follows."""
    separator = re.match(pats.spec["list_split"], tail)
    if not separator:
        return ""
    site = _cut_descriptors(tail[separator.end() :], pats)
    hits = find_sites(site, "zh")
    sided = bool(hits) and re.fullmatch(r"(?:[左右双两]侧?)?", site[: hits[0].span.start]) is not None
    return separator.group(0) + site if site and sided else ""


def _only_descriptors(phrase: str, pats: ImagingPatterns) -> bool:
    """Whether a phrase opens with a descriptor word and so names no site ("结节灶"; not "多发皮下")."""
    assert pats.descriptor_break is not None and pats.leading_noise is not None
    lead = pats.leading_noise.match(phrase)
    return pats.descriptor_break.match(phrase, lead.end() if lead else 0) is not None


def _cut_descriptors(phrase: str, pats: ImagingPatterns) -> str:
    """Each listed site ends at its first descriptor word, and items that are only a descriptor drop out:
    "左肺多发、左胸膜、叶间裂及心包" → "左肺、左胸膜、叶间裂及心包", "右肺结节灶" → "右肺"."""
    assert pats.descriptor_break is not None
    pieces = re.split(f"({pats.spec['list_split']})", phrase)
    kept: list[str] = []
    for index in range(0, len(pieces), 2):
        item = pieces[index]
        descriptor = pats.descriptor_break.search(item)
        if descriptor:
            item = item[: descriptor.start()]
        if item.strip():
            kept.append((pieces[index - 1] if kept else "") + item)
        if descriptor and descriptor.end() < len(pieces[index]):
            break  # words after the descriptor ("…结节，较前增大") end the list
    return "".join(kept)


def _list_head(text: str, phrase_start: int, pats: ImagingPatterns) -> list[str]:
    """Sites of a list the comma split before its "转移": "右肺癌并双肺、肝,双侧肾上腺转移" → 双肺, 肝.

    Only the comma clause right before, only after "并/伴", and only when every item there is a site.
    """
    if phrase_start == 0 or text[phrase_start - 1] not in ",，":
        return []
    clause_start = phrase_start - 1
    while clause_start > 0 and not CLAUSE_ZH.match(text, clause_start - 1):
        clause_start -= 1
    head = re.search(r"(?:合并|并|伴)([^，,。；;]+)$", text[clause_start : phrase_start - 1])
    if not head:
        return []
    items = [item for item in re.split(pats.spec["list_split"], head.group(1)) if item]
    if not items or not all(any(h.span.start == 0 and h.span.end == len(item) for h in find_sites(item, "zh")) for item in items):
        return []
    return items


def _subject_of_bare_organ(text: str, phrase_start: int, cleaned: str, pats: ImagingPatterns) -> Span | None:
    """The site as the clause before wrote it when the metastasis names only its organ: "右侧胸膜多发结节灶,考虑为胸膜
    转移" → 右侧胸膜. Only right after a comma, and only a site that opens that clause and contains the organ."""
    if not re.fullmatch(pats.spec["bare_organ"], cleaned):
        return None
    comma = max(text.rfind(",", 0, phrase_start), text.rfind("，", 0, phrase_start))
    if comma < 0 or CLAUSE_ZH.search(text, comma + 1, phrase_start):
        return None
    clause_start = max((m.end() for m in CLAUSE_ZH.finditer(text, max(0, comma - 40), comma)), default=max(0, comma - 40))
    lead = SUBJECT_LEAD.match(text[clause_start:comma])
    start = clause_start + (lead.end() if lead else 0)
    hits = find_sites(text[start:comma], "zh")
    if not hits or hits[0].span.start != 0 or cleaned not in hits[0].span.text or hits[0].span.text == cleaned:
        return None
    site = Span(start, start + hits[0].span.end, hits[0].span.text)
    assert pats.cancer_suffix is not None
    if pats.cancer_suffix.match(text, site.end) or context_of(text, site.start, site.end, "zh").negated:
        return None  # the primary itself ("右肺上叶癌,考虑肺转移"), or a denied finding ("右侧胸膜未见结节")
    return site


def _suspected(context: Context) -> bool:
    """A hedged finding about the patient ("转移不除外"): reported apart from the facts, never as one."""
    return context.uncertain and not (context.negated or context.family or context.hypothetical)


def _metastases_zh(facts: ReportFacts, text: str, pats: ImagingPatterns) -> None:
    seen: set[str] = set()
    history = _history_spans(text, "zh")
    in_past = re.compile(pats.spec["metastasis_in_past"])
    for match in pats.metastasis.finditer(text):
        if any(a <= match.start() < b for a, b in history):
            continue  # "临床：…伴纵隔淋巴结转移，化疗后": the history's metastasis, not this exam's finding
        if in_past.search(text, max(0, match.start() - 20), match.start()):
            continue  # "既往脑转移已行全脑放疗": a past metastasis, which this exam need not show
        if GONE_AFTER_ZH.match(text, match.end()):
            continue  # "左侧肾上腺转移灶放疗后，现未见显示": treated and no longer seen on this exam
        context = context_of(text, match.start(), match.end(), "zh")
        phrase_start, phrase_end, cleaned = _metastasis_phrase(text, match.start(), pats)
        nodes = re.match(pats.spec["metastatic_nodes"], text[match.start() : match.start() + 12])
        if cleaned and nodes and not CLAUSE_ZH.search(text, phrase_start, match.start()):
            # "内乳、纵隔转移性淋巴结": the stations and their nodes are one site, as written.
            phrase_end = match.start() + nodes.end()
            cleaned = text[phrase_start:phrase_end]
        span = (
            Span(phrase_start, phrase_end, text[phrase_start:phrase_end])
            if cleaned
            else Span(match.start(), match.end(), match.group(0))
        )
        facts.findings.append(Finding("metastasis", span, span.text, context))
        suspected = _suspected(context)
        if not cleaned or not (context.asserted or suspected):
            continue
        if not re.search(r"[\u4e00-\u9fff]", cleaned) or len(cleaned) > 40 or re.search(pats.spec["not_a_site"], cleaned):
            continue
        # A bare organ already listed ("肝转移…肝脏多发低密度灶,考虑肝转移") stays one site.
        subject = _subject_of_bare_organ(text, phrase_start, cleaned, pats) if cleaned not in seen else None
        sites = [subject.text] if subject else _list_head(text, phrase_start, pats) + _split_sites(cleaned, pats)
        if subject:
            facts.cite("metastasis_sites_suspected" if suspected else "metastasis_sites", subject)
        if suspected:
            facts.metastasis_sites_suspected_text.extend(s for s in sites if s not in facts.metastasis_sites_suspected_text)
            facts.cite("metastasis_sites_suspected", span)
            continue
        for site in sites:
            if site not in seen:
                seen.add(site)
                facts.metastasis_sites_text.append(site)
        facts.cite("metastasis_sites", span)
    if any(re.search(pats.spec["bone_site"], site) for site in facts.metastasis_sites_text):
        # A bone the impression already names ("胸腰椎" for the findings' "胸腰椎椎体") is not listed twice.
        # A node site is no bone: "右侧锁骨上淋巴结" does not name the destroyed "右侧锁骨".
        named = [
            s
            for s in facts.metastasis_sites_text
            if not re.fullmatch(pats.spec["generic_bone"], s) and pats.spec["lymph_node"] not in s
        ]
        bones = _destroyed_bones(text, pats)
        # Annotators list the bones one by one when the report reads them in a bone window or lists several;
        # a lone destroyed rib beside "骨转移" they leave as the bone metastasis it is.
        listed = re.search(pats.spec["bone_window"], text) or len(bones) >= pats.spec["bone_list_min_items"]
        for span in bones if listed else []:
            bone_context = context_of(text, span.start, span.end, "zh")
            facts.findings.append(Finding("metastasis", span, span.text, bone_context))
            if bone_context.negated:
                continue  # "胸椎示未见明确骨质破坏"
            if span.text not in seen and not any(site in span.text or span.text in site for site in named):
                seen.add(span.text)
                facts.metastasis_sites_text.append(span.text)
                facts.cite("metastasis_sites", span)
    facts.nodal_involvement = True if any(NODE_SITE.search(s) for s in facts.metastasis_sites_text) else None


# A metastasis said to be gone on this exam, in its own clause or the next: "…转移灶放疗后，现未见显示".
GONE_AFTER_ZH = re.compile(r"[^。；;\n]{0,12}?(?:现|目前|本次)?(?:未见显示|已消失|未再显示)")
HISTORY_LABEL_ZH = re.compile(r"(?:临床(?:诊断|病史|资料|信息|情况)?|(?:简要)?病史|现病史|既往史)\s*[:：]")


def _in_history(position: int, history: tuple[tuple[int, int], ...], sections: SectionMap | None) -> bool:
    """Whether an offset lies in a history section or in a sentence a history label opens (`history`, from
    `_history_spans`)."""
    return any(a <= position < b for a, b in history) or (sections is not None and sections.kind_at(position) == "history")


@lru_cache(maxsize=8)
def _history_spans(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    """The sentences a history label opens ("临床：右肺癌伴纵隔淋巴结转移，化疗后复查。", "Indication: LUL carcinoma with
    nodal metastases.")."""
    label_pattern, breaker = (HISTORY_LABEL_ZH, SENTENCE_ZH) if lang == "zh" else (HISTORY_LABEL, SENTENCE_EN)
    spans = []
    for label in label_pattern.finditer(text):
        end = breaker.search(text, label.end())
        stop = end.start() if end else len(text)
        if lang == "zh" and (label.start() == 0 or text[label.start() - 1] == "\n"):
            # A history line of its own runs to its end, past its semicolons ("临床信息：右上肺周围型肺癌立体定向放疗后；左侧
            # 肾上腺转移灶立体定向放疗后。").
            # (not a one-line export's, whose line is the whole report)
            line_end = text.find("\n", label.end())
            stop = max(stop, line_end)
        spans.append((label.start(), stop))
    return tuple(spans)


@cache
def _bone_list_pattern(lang: str) -> re.Pattern[str]:
    spec = imaging_patterns(lang).spec
    item = spec["bone_item"]
    return re.compile(f"{spec['bone_list_lead']}(?P<bones>{item}(?:[、,，及和]{item})*?){spec['bone_lesion']}")


def _destroyed_bones(text: str, pats: ImagingPatterns) -> list[Span]:
    """The bones a findings sentence lists as destroyed, each as written ("双侧肩胛骨", "多发肋骨", "椎骨")."""
    spans: list[Span] = []
    for match in _bone_list_pattern("zh").finditer(text):
        offset = match.start("bones")
        for item in re.finditer(r"[^、,，及和]+", match.group("bones")):
            if item.group(0) == "附件" and spans:
                # "胸椎及附件": the arches belong to the vertebrae named before them.
                spans[-1] = Span(spans[-1].start, offset + item.end(), text[spans[-1].start : offset + item.end()])
            else:
                quantity = re.match(pats.spec["bone_quantity"], item.group(0))
                start = offset + item.start() + (quantity.end() if quantity else 0)
                spans.append(Span(start, offset + item.end(), text[start : offset + item.end()]))
    return spans


def _primary_en(facts: ReportFacts, text: str, bounds: list[tuple[int, int]], pats: ImagingPatterns) -> None:
    # After a resection, a lesion elsewhere is not the primary: the resected site is.
    resected = _resected_site(text, "en", pats)
    if resected is not None:
        _set_site(facts, text, resected, "en")
        return
    if _resected_lobe_en(facts, text, pats):
        return
    # A tumour the report names and does not deny ("No evidence of malignancy" names none).
    named = re.finditer(pats.spec["tumour_statement"], text, re.IGNORECASE)
    if any(not context_of(text, found.start(), found.end(), "en").negated for found in named):
        _primary_lesion_en(facts, text, bounds, pats)


def _resected_lobe_en(facts: ReportFacts, text: str, pats: ImagingPatterns) -> bool:
    """Set the primary's site from a lobectomy ("status post right lower lobectomy", "RUL wedge resection") or a
    pneumonectomy, whose lobe is the one a statement about it names ("left pneumonectomy for … left lower lobe
    carcinoma"), if any."""
    matches = [
        found
        for found in re.finditer(pats.spec["resected_lobe"], text, re.IGNORECASE)
        if not PLANNED_BEFORE.search(text, max(0, found.start() - 30), found.start())
    ]
    if not matches:
        return False
    match = matches[0]
    code, lobe = "C34.9", None
    if match.group("abbr"):
        abbr = match.group("abbr").upper()
        side, lobe = ("right" if abbr[0] == "R" else "left"), {"U": "upper", "M": "middle", "L": "lower"}[abbr[1]]
    elif match.group("lung"):
        side = {"rt": "right", "lt": "left"}.get(match.group("lung").lower(), match.group("lung").lower())
        for found in matches:
            window = text[found.end() : found.end() + 80]
            named = next((h for h in find_sites(window, "en") if h.lobe and laterality_of(h.span.text, "en") == side), None)
            if named is not None:
                lobe = named.lobe
                break
    else:
        side, lobe = match.group("side").lower(), match.group("lobe").lower()
    side = {"rt": "right", "lt": "left"}.get(side, side)
    span = Span(match.start(), match.end(), match.group(0))
    facts.primary_site_text, facts.laterality, facts.lobe = span.text, side, lobe
    facts.topography_code = LOBE_CODES.get(lobe or "", code)
    facts.cite("primary_site", span)
    return True


# An operation still to come ("restaging prior to planned right upper lobectomy", "for consideration of RUL lobectomy")
# has removed nothing.
PLANNED_BEFORE = re.compile(
    r"\b(?:planned|prior\s+to|before|awaiting|scheduled\s+for|candidate\s+for|consideration\s+of|considered\s+for"
    r"|for\s+(?:possible|planned|potential))"
    r"\s+(?:an?\s+|the\s+|possible\s+|potential\s+)?$",
    re.IGNORECASE,
)
KNOWN_CANCER_BEFORE = re.compile(r"\b(?:known|from)\b[^.;\n]*$", re.IGNORECASE)


def _diagnosis_organ_en(text: str, pats: ImagingPatterns) -> tuple[str, LexiconHit | None] | None:
    """The organ (ICD-O-3 C code) of the cancer the report is about ("Lung adenocarcinoma", "RUL primary", "NSCLC"),
    with the site mention that names it; a brain MRI's lesions are then not the primary."""
    cancer_after = re.compile(pats.spec["cancer_after_site"], re.IGNORECASE)
    cancer_before = re.compile(pats.spec["cancer_before_site"], re.IGNORECASE)
    named = [
        hit
        for hit in find_sites(text, "en")
        if (cancer_after.match(text, hit.span.end) or cancer_before.search(text, max(0, hit.span.start - 60), hit.span.start))
        and not (context := context_of(text, hit.span.start, hit.span.end, "en")).historical
        # "No evidence of recurrent prostate cancer" is about no cancer ("No new metastasis from the known right lung
        # primary" still names one)
        and not (context.negated and not KNOWN_CANCER_BEFORE.search(text, max(0, hit.span.start - 25), hit.span.start))
    ]
    if named:
        # The impression's cancer is the one the exam is about ("Hx: gastric cancer s/p gastrectomy … IMPRESSION:
        # Lung adenocarcinoma in Lt. S1+2").
        sections = find_sections(text, "en")
        hit = next((h for h in named if sections.kind_at(h.span.start) == "impression"), named[0])
        return hit.code[:3], hit
    if re.search(pats.spec["lung_cancer_words"], text):
        return "C34", None
    return None


def _primary_lesion_en(facts: ReportFacts, text: str, bounds: list[tuple[int, int]], pats: ImagingPatterns) -> None:
    """The primary: the first lesion statement in the diagnosed organ; its size from the first such statement that
    measures it (the history names the mass, the findings measure it)."""
    diagnosis = _diagnosis_organ_en(text, pats)
    benign = re.compile(pats.spec["benign_lesion"], re.IGNORECASE)
    candidates: list[_LesionMention] = []
    for index, (start, end) in enumerate(bounds):
        sentence = text[start:end]
        mass = pats.mass_words.search(sentence)
        if not mass or benign.search(sentence):
            continue
        # A sentence about metastases may open with the primary ("The left lower lobe mass … now measures 2.9 x
        # 2.1 cm, …, the subcarinal nodal metastasis has also decreased"): only what precedes the mention counts.
        metastasis = pats.metastasis.search(sentence)
        if metastasis and not re.search(r"\bprimary\b", sentence, re.IGNORECASE):
            # …but not "ring-enhancing lesions in the left frontal lobe, consistent with brain metastases".
            said_of_lesion = re.search(
                pats.spec["impression_before"], sentence[max(0, metastasis.start() - 40) : metastasis.start()]
            )
            if diagnosis is None or mass.start() > metastasis.start() or said_of_lesion:
                continue
            end = start + metastasis.start()
            sentence = text[start:end]
        context = context_of(text, start + mass.start(), start + mass.end(), "en")
        if context.negated or context.uncertain:
            continue
        hits = [
            h
            for h in find_sites(sentence, "en")
            if not NODE_AFTER_SITE.match(sentence, h.span.end) and (diagnosis is None or h.code[:3] == diagnosis[0])
        ]
        if not hits:
            continue
        hit = hits[0]
        site_start = start + hit.span.start
        side = re.search(r"(?:right|left|rt\.?|lt\.?)\s+$", text[max(0, site_start - 7) : site_start], re.I)
        site_start = site_start - len(side.group(0)) if side else site_start
        site = Span(site_start, start + hit.span.end, text[site_start : start + hit.span.end])
        size = (
            _table_current_size(text, site_start)
            or _current_size_en(text, start + hit.span.end, end, pats)
            or _size_before_site_en(text, start, site_start, pats, start + hit.span.end)
            or _listed_current_size(text, start + hit.span.end)
        )
        if size is None and index + 1 < len(bounds):
            # "There is a superior sulcus tumour … of the right upper lobe. It measures 4.8 x 4.2 cm axially…"
            next_start, next_end = bounds[index + 1]
            if PRONOUN_MEASURES_EN.match(text, next_start):
                size = _current_size_en(text, next_start, next_end, pats)
        candidates.append(_LesionMention(site, hit, size))
    if not candidates:
        if diagnosis is not None and diagnosis[1] is not None:
            _set_site(facts, text, diagnosis[1].span, "en")
        return
    # "LUNG CANCER SCREENING", "c/w lung primary": the organ is named first, the lobe where the lesion is described.
    chosen = next((other for other in candidates if other.hit.lobe and _same_place_en(other, candidates[0], text)), candidates[0])
    # "Lung cancer" in the indication, "from the known right lung cancer" in the impression: the side is the latter's.
    sided_diagnosis = (
        diagnosis[1]
        if diagnosis is not None
        and diagnosis[1] is not None
        and chosen.hit.lobe is None
        and diagnosis[1].code[:3] == chosen.hit.code[:3]
        and laterality_of(chosen.site.text, "en") is None
        and laterality_of(diagnosis[1].span.text, "en") is not None
        else None
    )
    _set_site(facts, text, sided_diagnosis.span if sided_diagnosis else chosen.site, "en")
    # The history's size ("Hx LLL NSCLC (2.1 cm)") is the diagnosis's; this exam's is in the findings.
    sections = find_sections(text, "en")
    sized = [other for other in candidates if other.size is not None and _same_place_en(other, chosen, text)]
    # (a history line may carry a label no heading list knows: "Clinical: LLL mass on CT 3 weeks ago (4.6 cm).")
    history = _history_spans(text, "en")
    size = next(
        (other.size for other in sized if not _in_history(other.site.start, history, sections)),
        None,
    ) or next((other.size for other in sized), None)
    # The impression may restate the primary with its largest dimension ("4.4 cm left lower lobe mass (greatest
    # dimension on sagittal reformats)" after the findings' axial "4.2 x 3.3 cm"): the larger one is its size.
    restated = [other.size for other in sized if other.size is not size and sections.kind_at(other.site.start) == "impression"]
    if size is not None and restated:
        largest = max(restated, key=lambda span: size_to_mm(span.text) or 0.0)
        if (size_to_mm(largest.text) or 0.0) > (size_to_mm(size.text) or 0.0):
            size = largest
    if size is None:
        size = _structured_size_en(text, chosen, pats) or _segment_only_size_en(text, bounds, chosen, pats, sections)
    if size is not None:
        facts.primary_size_text = size.text
        facts.primary_size_mm = size_to_mm(size.text)
        facts.tumor_size_mm = facts.primary_size_mm
        facts.cite("primary_size", size)


# A segment named without its lobe ("a lobulated mass in the superior segment measuring 52 x 41 mm"), and the lobes
# that have it.
SEGMENT_ONLY_EN = re.compile(
    r"\b(?P<segment>apical|apico-?posterior|posterior|anterior|superior|inferior\s+lingular|superior\s+lingular|lingular|"
    r"medial|lateral|(?:antero|postero|latero|medio)?-?basal)\s+(?:basal\s+)?segment\b",
    re.IGNORECASE,
)
SEGMENT_LOBES = {
    "apical": {"upper"},
    "apicoposterior": {"upper"},
    "apico-posterior": {"upper"},
    "posterior": {"upper"},
    "anterior": {"upper"},
    "superior": {"lower"},
    "lingular": {"upper"},
    "inferior lingular": {"upper"},
    "superior lingular": {"upper"},
    "medial": {"middle"},
    "lateral": {"middle"},
}


def _segment_only_size_en(
    text: str, bounds: list[tuple[int, int]], chosen: _LesionMention, pats: ImagingPatterns, sections: SectionMap
) -> Span | None:
    """The size of a lesion the findings place by its segment alone, when that segment lies in the primary's lobe and
    the sentence names no other site: the impression names the lobe, the findings measure it there."""
    lobe = chosen.hit.lobe
    if lobe is None:
        return None
    for start, end in bounds:
        if sections.kind_at(start) == "history":
            continue
        sentence = text[start:end]
        segment = SEGMENT_ONLY_EN.search(sentence)
        if segment is None or not pats.mass_words.search(sentence) or find_sites(sentence, "en"):
            continue
        name = re.sub(r"\s+", " ", segment.group("segment").lower())
        lobes = SEGMENT_LOBES.get(name, {"lower"} if "basal" in name else set())
        if lobe in lobes:
            return _current_size_en(text, start, end, pats)
    return None


# A structured report's primary block: "Location: Right upper lobe, anterior segment\n  Size: 1.2 x 0.9 cm (prior …)".
LOCATION_THEN_SIZE_EN = re.compile(
    r"^[ \t]*(?:location|site)\s*:[ \t]*(?P<site>[^\n]+)\n[ \t]*(?:size|measurements?|dimensions?)\s*:(?P<size>[^\n]+)",
    re.IGNORECASE | re.MULTILINE,
)


def _structured_size_en(text: str, chosen: _LesionMention, pats: ImagingPatterns) -> Span | None:
    """The size line under a structured report's location line that names the primary's place."""
    for block in LOCATION_THEN_SIZE_EN.finditer(text):
        hit = next(iter(find_sites(block.group("site"), "en")), None)
        if hit is None:
            continue
        offset = block.start("site")
        site = Span(offset + hit.span.start, offset + hit.span.end, hit.span.text)
        if _same_place_en(_LesionMention(site, hit, None), chosen, text):
            return _current_size_en(text, block.start("size"), block.end("size"), pats)
    return None


PRONOUN_MEASURES_EN = re.compile(
    # (or no subject at all after a heading's site: "PRIMARY TUMOUR: Right upper lobe (anterior segment). Now measures …")
    r"\s*(?:(?:it|this|the\s+(?:mass|lesion|tumou?r|nodule))\s+(?:now\s+)?|now\s+)(?:measures|measuring|is\s+measured)\b",
    re.IGNORECASE,
)
DESCRIBING_WORDS = re.compile(r"[\s,]*(?:[A-Za-z-]+[\s,]+){0,3}")
MASS_AFTER_SITE_EN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:mass|nodule|lesion|tumou?r|primary|carcinoma)\b", re.IGNORECASE)


class _LesionMention(NamedTuple):
    """A lesion statement's site (with its side word), the lexicon hit behind it and the size it gives, if any."""

    site: Span
    hit: LexiconHit
    size: Span | None


def _same_place_en(a: _LesionMention, b: _LesionMention, text: str) -> bool:
    """Whether two lesion statements can name one tumour: same organ, no contrary side or lobe."""
    if a.hit.code[:3] != b.hit.code[:3]:
        return False
    sides = {laterality_of(m.site.text, "en", text[max(0, m.site.start - 24) : m.site.start]) for m in (a, b)} - {None}
    return len(sides) < 2 and not (a.hit.lobe and b.hit.lobe and a.hit.lobe != b.hit.lobe)


def _size_before_site_en(text: str, start: int, site_start: int, pats: ImagingPatterns, site_end: int) -> Span | None:
    """A size written before its site: the lesion's when a mass word stands between them ("1.9 x 1.5 cm spiculated
    nodule in … the left upper lobe"), right after the site ("4.4 cm left lower lobe mass") or just before the size
    ("mass lesion measuring 5.6 x 4.8 cm is noted in the … lower lobe"), not a bracketed figure of another finding
    ("(49 mm to 65 mm), with growth of the RUL")."""
    size = _current_size_en(text, start, site_start, pats)
    if size is None:
        return None
    if pats.mass_words.search(text, size.end, site_start):
        return size
    # "4.4 cm left lower lobe mass", "24 x 19 mm spiculated right upper lobe nodule": a few describing words between.
    if DESCRIBING_WORDS.fullmatch(text, size.end, site_start) and MASS_AFTER_SITE_EN.match(text, site_end):
        return size
    opened = text.rfind("(", start, size.start)
    if opened > text.rfind(")", start, size.start):
        # Bracketed, the size is its lesion's only right after the lesion word: "a cavitating mass lesion (~4.4 x 3.9
        # cm) is noted in the apico-posterior segment of left upper lobe".
        mass = next(reversed(list(pats.mass_words.finditer(text, max(start, opened - 30), opened))), None)
        lesion_bracket = (
            mass is not None and not text[mass.end() : opened].strip() and SIZE_OPENS_BRACKET.fullmatch(text, opened, size.start)
        )
        return size if lesion_bracket else None
    return size if pats.mass_words.search(text, max(start, size.start - 30), size.start) else None


SIZE_OPENS_BRACKET = re.compile(r"\(\s*(?:~|approx\.?|approximately|about)?\s*", re.IGNORECASE)


# A lesion's measures listed by date under its line, this exam's labelled ("Right lower lobe mass (posterior basal
# segment):\n    Dec 2023 : 5.6 x 4.8 cm\n    Current  : 3.1 x 2.6 cm").
LISTED_CURRENT_SIZE = re.compile(
    # (at most four dated lines between, none a label of its own: "Left adrenal nodule:" opens another list)
    r"[^\n]{0,60}:[ \t]*(?:\n[ \t]+[^\n]{0,60}(?<!:)){0,4}?\n[ \t]+(?:current|now|this\s+(?:exam|study|scan)|today|present)"
    r"[ \t]*[:：-][ \t]*"
    r"(?P<value>\d+(?:\.\d+)?(?:\s*[x×]\s*\d+(?:\.\d+)?)*\s*(?:cm|mm))",
    re.IGNORECASE,
)


def _listed_current_size(text: str, site_end: int) -> Span | None:
    """This exam's size from a dated list of measures under the lesion's line, if one follows it."""
    listed = LISTED_CURRENT_SIZE.match(text, site_end)
    return Span(listed.start("value"), listed.end("value"), listed.group("value")) if listed else None


TABLE_CELL_SIZE = re.compile(r"\d+(?:\.\d+)?(?:\s*[x×]\s*\d+(?:\.\d+)?)*\s*(?:cm|mm)\b", re.IGNORECASE)
TABLE_CURRENT_HEADER = re.compile(r"^\s*(?:current|now|this\s+exam|follow-?up|present)\b", re.IGNORECASE)


def _table_current_size(text: str, offset: int) -> Span | None:
    """In a table row ("T1 Right lower lobe primary | 4.8 cm | 3.1 cm | decreased"), the size in the column the header
    row above names as this exam's ("Target lesions | Baseline | Current | Change"); None outside such a table."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    if "|" not in text[line_start:line_end]:
        return None
    for header_start, header_end in lines_above(text, line_start):
        header = cells(text, header_start, header_end)
        column = next((i for i, cell in enumerate(header) if TABLE_CURRENT_HEADER.match(cell.text)), None)
        if column is not None:
            row = cells(text, line_start, line_end)
            if column >= len(row):
                return None
            size = TABLE_CELL_SIZE.search(text, row[column].start, row[column].start + len(row[column].text))
            return Span(size.start(), size.end(), size.group(0)) if size else None
    return None


def _current_size_en(text: str, start: int, end: int, pats: ImagingPatterns) -> Span | None:
    """The size a statement gives for this exam: after an arrow ("45 mm -> 32 mm"), a measured pair or "measuring …",
    else a bare size that is not the prior one ("2.2 cm (previous 3.0 cm)", "(3.6 cm … on the prior study)")."""
    arrow = re.compile(pats.spec["size_now_after_arrow"], re.IGNORECASE).search(text, start, end)
    if arrow:
        return Span(arrow.start("value"), arrow.end("value"), arrow.group("value"))
    size = pats.size_pair.search(text, start, end) or pats.size_single.search(text, start, end)
    if size:
        group = "value" if "value" in size.re.groupindex else 0
        return Span(size.start(group), size.end(group), size.group(group))
    prior = re.compile(pats.spec["prior_size_before"], re.IGNORECASE)
    prior_after = re.compile(pats.spec["prior_size_after"], re.IGNORECASE)
    part = re.compile(pats.spec["part_size_before"], re.IGNORECASE)
    for bare in re.finditer(pats.spec["size_bare"], text[start:end]):
        at = start + bare.start()
        if part.search(text[max(start, at - 24) : at]):
            continue
        if not prior.search(text[max(start, at - 16) : at]) and not prior_after.match(text, at + len(bare.group(0))):
            return Span(at, at + len(bare.group(0)), bare.group(0))
    return None


def _metastases_en(facts: ReportFacts, text: str, pats: ImagingPatterns) -> None:
    assert pats.metastasis_sites is not None
    sections = find_sections(text, "en")
    # A semicolon does not end a metastasis statement: "Indeterminate left adrenal nodule; metastasis cannot be excluded."
    clauses = sentences(text.replace(";", ","), "en")
    for index, (start, end) in enumerate(clauses):
        sentence = text[start:end]
        mention = pats.metastasis.search(sentence)
        if (
            not mention
            or sections.kind_at(start + mention.start()) == "history"
            or HISTORY_LABEL.search(sentence, 0, mention.start())
            or re.match(pats.spec["metastasis_removed"], sentence[mention.end() :], re.IGNORECASE)
            or re.search(pats.spec["metastasis_removed_before"], sentence[: mention.start()], re.IGNORECASE)
            or re.match(pats.spec["metastasis_resolved_after"], sentence[mention.end() :], re.IGNORECASE)
        ):
            continue  # the indication's "with mediastinal nodal metastases" is the history, not this exam
        context: Context = context_of(text, start + mention.start(), start + mention.end(), "en")
        sites = list(pats.metastasis_sites.finditer(sentence))
        if not sites and index > 0 and PRONOUN_SUBJECT.match(sentence):
            # "New 11 mm sclerotic lesion in the T8 vertebral body. It is indeterminate; metastasis cannot be excluded.":
            # the lesion the sentence before describes, where it names it first (not "…, above liver background").
            start, end = clauses[index - 1]
            sentence = text[start:end]
            sites = list(pats.metastasis_sites.finditer(sentence))[:1]
        for site in sites:
            # A heading names a region, not the site ("BONES AND SOFT TISSUES: … metastasis"), unless it names a
            # vertebra ("L4 vertebral body: sclerotic metastasis").
            before_site = sentence[: site.start()]
            heading = (
                HEADING_AFTER.match(sentence, site.end())
                and len(before_site.split()) <= 2
                and not VERTEBRA_LEVEL_BEFORE.search(before_site)
            )
            if heading or re.search(
                pats.spec["contact_before_site"], sentence[max(0, site.start() - 40) : site.start()], re.IGNORECASE
            ):
                continue  # a heading ("Abdomen & pelvis: multiple hepatic lesions") or a structure the tumour abuts
            span = Span(start + site.start(), start + site.end(), site.group(0))
            if re.search(pats.spec["primary_before_site"], text[max(0, span.start - 30) : span.start], re.IGNORECASE) or re.match(
                pats.spec["primary_after_site"], text[span.end : span.end + 30], re.IGNORECASE
            ):
                continue  # the primary's organ ("primary lung carcinoma with osseous metastases")
            lobe = next((h for h in find_sites(span.text, "en") if h.lobe), None)
            if lobe is not None and _is_primary_site(lobe, span.text, 0, len(span.text), "en", facts):
                continue  # the primary's own lobe ("RUL mass with nodal metastases")
            site_context = context_of(text, span.start, span.end, "en")
            facts.findings.append(Finding("metastasis", span, site.group(0), context))
            known = {_same_site_en(s, pats) for s in facts.metastasis_sites_text}
            if context.asserted and site_context.asserted and _same_site_en(site.group(0), pats) not in known:
                facts.metastasis_sites_text.append(site.group(0))
                facts.cite("metastasis_sites", span)
            elif (
                (_suspected(context) or site_context.uncertain)  # ("…metastasis and a suspicious right 8th rib lesion")
                and not site_context.negated
                and _same_site_en(site.group(0), pats)
                not in {_same_site_en(s, pats) for s in facts.metastasis_sites_suspected_text}
            ):
                facts.metastasis_sites_suspected_text.append(site.group(0))
                facts.cite("metastasis_sites_suspected", span)
    facts.nodal_involvement = True if any(NODE_SITE.search(s) for s in facts.metastasis_sites_text) else None


# A sentence whose subject is the lesion the sentence before describes ("It is indeterminate", not "This study …").
PRONOUN_SUBJECT = re.compile(
    r"\s*(?:it|this|these|they|the\s+(?:lesion|nodule|focus))\b(?!\s+(?:study|exam\w*|scan|report|examination)\b)",
    re.IGNORECASE,
)


def _malignant_effusions(facts: ReportFacts, text: str, lang: str, pats: ImagingPatterns) -> None:
    """A pleural effusion this exam calls malignant is a pleural metastasis, stated or hedged as its malignancy word is;
    one named only in the history ("Indication: … with malignant pleural effusion") is not this exam's."""
    if pats.spec["malignancy_word"] not in (text if lang == "zh" else text.lower()):
        return  # every pattern needs the word: most reports skip the scans
    history = _history_spans(text, lang)
    sections = find_sections(text, lang) if lang == "en" else None
    benign_gap = re.compile(pats.spec["benign_effusion_gap"])
    read: set[int] = set()  # malignancy words already read ("左侧胸腔积液，恶性胸腔积液待排" states one effusion)
    for pattern in pats.spec["malignant_effusion"]:
        for match in re.finditer(pattern, text):
            start = match.start()
            if _in_history(start, history, sections):
                continue
            if match.start("word") in read:
                continue
            read.add(match.start("word"))
            gap = match.groupdict().get("gap") or ""
            if benign_gap.search(gap):
                continue
            context = context_of(text, match.start("word"), match.end("word"), lang)
            if context.negated or context.family or context.hypothetical:
                continue
            resolved = pats.spec.get("metastasis_resolved_after")
            if resolved and re.match(resolved, text[match.end() : match.end() + 80].lstrip(" ,"), re.IGNORECASE):
                continue  # "The previously seen left pleural effusion, cytologically malignant, has resolved"
            site = Span(match.start("site"), match.end("site"), match.group("site"))
            span = Span(match.start(), match.end(), match.group(0))
            facts.findings.append(Finding("metastasis", span, site.text, context))
            stated = {s.lower() for s in facts.metastasis_sites_text}
            if context.uncertain or gap.rstrip().endswith(("?", "？")):
                if site.text.lower() not in stated | {s.lower() for s in facts.metastasis_sites_suspected_text}:
                    facts.metastasis_sites_suspected_text.append(site.text)
                    facts.cite("metastasis_sites_suspected", span)
            elif site.text.lower() not in stated:
                facts.metastasis_sites_suspected_text[:] = [
                    s for s in facts.metastasis_sites_suspected_text if s.lower() != site.text.lower()
                ]
                facts.metastasis_sites_text.append(site.text)
                facts.cite("metastasis_sites", span)


def _same_site_en(site: str, pats: ImagingPatterns) -> str:
    """The place an English site phrase names, for de-duplication, side left out: "hepatic" and "liver" are one
    site, as are "left adrenal gland" and "adrenal", or "nodal" and "lymph nodes"."""
    place = re.sub(r"^(?:(?:left|right|bilateral)\s+)+", "", site.lower())
    place = re.sub(r"\s+glands?$", "", place)
    return str(pats.spec["same_site"].get(place, place))


OTHER_NODES = re.compile(r"\bother\b|其余|其他")


def _nodes_free(facts: ReportFacts, text: str, lang: str, pats: ImagingPatterns) -> None:
    """No nodal involvement where the report says its nodes are free ("纵隔未见肿大淋巴结", "no lymphadenopathy") and
    states no involved node, hedges none and describes none as enlarged."""
    if facts.nodal_involvement or any(NODE_SITE.search(s) for s in facts.metastasis_sites_suspected_text):
        return
    history = _history_spans(text, lang)
    verdict = re.search(pats.spec["nodes_verdict_negative"], text) if "nodes_verdict_negative" in pats.spec else None
    if verdict is not None and not context_of(text, verdict.start(), verdict.end(), lang).hypothetical:
        facts.nodal_involvement = False
        facts.cite("nodal_involvement", Span(verdict.start(), verdict.end(), verdict.group(0)))
        return
    resolved = re.compile(pats.spec["nodes_resolved"], re.IGNORECASE) if "nodes_resolved" in pats.spec else None
    for enlarged in pats.nodes_enlarged.finditer(text):
        in_history = any(a <= enlarged.start() < b for a, b in history)
        if resolved is not None and (
            resolved.search(text, max(0, enlarged.start() - 30), enlarged.start())
            or resolved.match(text, enlarged.end(), enlarged.end() + 50)
        ):
            continue  # "The previously enlarged subcarinal node has reduced to 8 mm", "resolution of … lymphadenopathy"
        # (read in its own sentence: an export's half-width "." ends one, "…未见肿大淋巴结.右肺门见小淋巴结,短径约8MM")
        sentence_start = max(text.rfind(mark, 0, enlarged.start()) for mark in "。；;.\n") + 1
        sentence = text[sentence_start : enlarged.end()]
        if not in_history and not context_of(sentence, enlarged.start() - sentence_start, len(sentence), lang).negated:
            return  # enlarged nodes without a verdict: neither involved nor free
    for match in pats.nodes_negative.finditer(text):
        if OTHER_NODES.search(match.group(0)):
            continue  # "4R node 1.1 cm, indeterminate. No other enlarged nodes": one node is left open
        if not context_of(text, match.start(), match.end(), lang).hypothetical:
            facts.nodal_involvement = False
            facts.cite("nodal_involvement", Span(match.start(), match.end(), match.group(0)))
            return


def _comparison(facts: ReportFacts, text: str, lang: str, pats: ImagingPatterns, bounds: list[tuple[int, int]]) -> None:
    """The primary's change since the prior exam (else "new" when only new lesions are reported), whether new lesions
    are reported, and the report's overall response verdict."""
    if re.search(pats.spec["no_prior"], text, re.IGNORECASE):
        new_lesion, change = None, None  # "比较：无", "COMPARISON: None"
    else:
        new_lesion = _new_lesions(facts, text, lang, pats)
        change = _primary_change(facts, text, lang, pats, bounds)
    if change is not None:
        facts.comparison = change[0]
        facts.cite("comparison", change[1])
    elif new_lesion is not None:
        facts.comparison = "new"
        facts.cite("comparison", new_lesion)
    verdicts = _all_asserted(text, lang, pats.response)
    verdict = verdicts[0] if verdicts else None
    if verdict is not None and lang == "en":
        # The impression's verdict is the report's ("IMPRESSION: 1. Partial metabolic response…"), not a word of
        # the findings before it.
        impression = find_sections(text, "en")
        verdict = next((v for v in verdicts if impression.kind_at(v[1].start) == "impression"), verdict)
    treated = _treated_cancer_verdict(text, pats) if "treated_cancer_change" in pats.spec else None
    if treated is not None and (verdict is None or treated[1].start < verdict[1].start):
        verdict = treated
    if verdict is not None:
        facts.response = verdict[0]
        facts.cite("response", verdict[1])


# An addendum that amends the impression: its verdict, its new-lesion statement and the metastases it withdraws replace
# the first impression's ("ADDENDUM: … represents a haemangioma, not a metastasis. The original impression is
# withdrawn. Amended impression: Stable disease. … No new lesions.").
AMENDED_IMPRESSION = re.compile(r"\b(?:amended|revised|corrected|updated)\s+(?:impression|conclusion)\s*:", re.IGNORECASE)
ADDENDUM_EN = re.compile(r"\baddendum\b", re.IGNORECASE)
NOT_A_METASTASIS = re.compile(r"\bnot\s+(?:a\s+)?metasta\w*|\bnot\s+malignant\b", re.IGNORECASE)


def _amended_impression_en(facts: ReportFacts, text: str, pats: ImagingPatterns) -> None:
    """Let an addendum's amended impression replace the verdict, the new lesions and the withdrawn metastases."""
    amended = AMENDED_IMPRESSION.search(text)
    if amended is None:
        return
    addendum = ADDENDUM_EN.search(text, 0, amended.start())
    statement = text[amended.end() :]
    verdicts = _all_asserted(statement, "en", pats.response)
    if verdicts:
        value, span = verdicts[0]
        facts.response = value
        facts.evidence["response"] = [Span(amended.end() + span.start, amended.end() + span.end, span.text)]
    restated = ReportFacts(kind="imaging", language="en")
    if _new_lesions(restated, statement, "en", pats) is not None or restated.new_lesions is False:
        facts.new_lesions = restated.new_lesions
        moved = [Span(amended.end() + s.start, amended.end() + s.end, s.text) for s in restated.evidence.get("new_lesions", [])]
        facts.evidence["new_lesions"] = moved
        if facts.comparison == "new" and not restated.new_lesions:
            facts.comparison = None
            facts.evidence.pop("comparison", None)
    withdrawn_from = addendum.start() if addendum is not None else amended.start()
    for start, end in sentences(text[withdrawn_from:], "en"):
        sentence = text[withdrawn_from + start : withdrawn_from + end]
        if not NOT_A_METASTASIS.search(sentence):
            continue
        lowered = sentence.lower()
        named = [site for site in facts.metastasis_sites_text if _site_word(site, pats) in lowered]
        if not named and PRONOUN_SUBJECT.match(sentence):
            # "…the segment VI liver lesion has been compared… It is therefore … a haemangioma, not a metastasis.": the
            # site the addendum last named before it.
            before = text[withdrawn_from : withdrawn_from + start].lower()
            places = [(before.rfind(_site_word(site, pats)), site) for site in facts.metastasis_sites_text]
            named = [max(places)[1]] if places and max(places)[0] >= 0 else []
        facts.metastasis_sites_text = [site for site in facts.metastasis_sites_text if site not in named]
        if named and "metastasis_sites" in facts.evidence:
            facts.evidence["metastasis_sites"] = [span for span in facts.evidence["metastasis_sites"] if span.text not in named]


def _site_word(site: str, pats: ImagingPatterns) -> str:
    """A metastasis site's head word as the report may name it again ("liver" for "hepatic segment VI")."""
    words = _same_site_en(site, pats).split()
    return words[-1] if words else site.lower()


def _treated_cancer_verdict(text: str, pats: ImagingPatterns) -> tuple[str, Span] | None:
    """The change the report says of the treated cancer as a whole ("右肺癌靶向治疗后，较前进展"), not negated."""
    before = re.compile(pats.spec["treated_cancer_before"])
    for match in re.finditer(pats.spec["treated_cancer_change"], text):
        if (
            before.search(text, max(0, match.start() - 24), match.start())
            and not context_of(text, match.start(), match.end(), "zh").negated
        ):
            return pats.spec["treated_cancer_verdicts"][match.group("word")], Span(match.start(), match.end(), match.group(0))
    return None


def _all_asserted(text: str, lang: str, table: dict[str, re.Pattern[str]]) -> list[tuple[str, Span]]:
    """Every cue's label and span in text order, not negated."""
    found = [
        (match.start(), label, Span(match.start(), match.end(), match.group(0)))
        for label, pattern in table.items()
        for match in pattern.finditer(text)
        if not context_of(text, match.start(), match.end(), lang).negated
    ]
    return [(label, span) for _, label, span in sorted(found, key=lambda item: item[0])]


NEWNESS_HEDGED = re.compile(
    r"(?:可疑|疑似|(?<!怀)疑|可能|possibl[ey]|questionabl[ey]|probabl[ey]|\btiny|\?)\s*(?:a\s+)?$", re.IGNORECASE
)  # ("Questionable new 2 mm focus", "is probably new", "could represent a tiny new metastasis")


def _new_lesions(facts: ReportFacts, text: str, lang: str, pats: ImagingPatterns) -> Span | None:
    """Set `new_lesions`: true when a lesion is reported new (its nature may be hedged: "新见浓聚灶，转移不除外"),
    false when the report says there is none; the span of the first new lesion."""
    absent_on_prior = re.compile(pats.spec["absent_on_prior"])
    hedged = False
    for match in pats.new_lesion.finditer(text):
        if NEWNESS_HEDGED.search(text, max(0, match.start() - 16), match.start()):
            hedged = True
            continue  # "可疑新发低密度灶", "possible new nodule": whether it is new is itself in doubt
        span = Span(match.start(), match.end(), match.group(0))
        context = context_of(text, match.start(), match.end(), lang)
        if _table_row_answers_none(text, match.start()) or LABEL_ANSWERS_NONE.match(text, match.end()):
            # a RECIST table's "| 新病灶 | — | — | 无 |", a label's "新增结节：无"
            context = replace(context, negated=True)
        if context.negated and absent_on_prior.match(text, match.end()):
            context = replace(context, negated=False)  # "New 6 mm nodule…, not present on the prior exams"
        if context.negated and facts.new_lesions is None:
            facts.new_lesions = False
            facts.cite("new_lesions", span)
        elif not (context.negated or context.hypothetical or context.family):
            facts.new_lesions = True
            facts.evidence["new_lesions"] = [span]
            return span
    if hedged and facts.new_lesions is False:
        # "No new pulmonary nodules" beside a "possibly new 7 mm sclerotic T9 focus": whether anything is new is open.
        facts.new_lesions = None
        facts.evidence.pop("new_lesions", None)
    return None


# A label's answer that there is none: the rest of the label, its colon, then "无" ("新增结节：无", "New lesions: none").
LABEL_ANSWERS_NONE = re.compile(r"[^。；;\n：:]{0,8}[：:]\s*(?:无|否|none|nil)(?![\w\u4e00-\u9fff])", re.IGNORECASE)
# A table row's answer that there is none: its last cell "无", "否", "none", "no" or a dash.
NONE_CELL = re.compile(r"\s*(?:无|否|none|no|nil|—|-|－)\s*", re.IGNORECASE)


def _table_row_answers_none(text: str, position: int) -> bool:
    """Whether the pipe-table row holding an offset answers "none" in its last cell."""
    start, end = text.rfind("\n", 0, position) + 1, text.find("\n", position)
    row = cells(text, start, end if end >= 0 else len(text))
    filled = [cell.text for cell in row if cell.text.strip()]
    return len(row) > 2 and len(filled) > 1 and NONE_CELL.fullmatch(filled[-1]) is not None


def _primary_change(
    facts: ReportFacts, text: str, lang: str, pats: ImagingPatterns, bounds: list[tuple[int, int]]
) -> tuple[str, Span] | None:
    """The first change cue whose subject is the primary: the nearest site before it in its sentence is the primary's
    (same organ, no contrary side or lobe, not its nodes), or the sentence names no site and speaks of a lesion or
    the cancer ("病灶较前明显缩小", "Interval decrease of the mass")."""
    cues = sorted((match.start(), label, match) for label, pattern in pats.comparison.items() for match in pattern.finditer(text))
    if not cues:
        return None
    history = _history_spans(text, lang)
    hits = find_sites(text, lang)
    hit_starts = [hit.span.start for hit in hits]
    for start, label, match in cues:
        if any(a <= start < b for a, b in history):
            continue  # "临床：左肺下叶腺癌，化疗后，气促加重": the history's worsening is no change on this exam
        index = bisect_right(bounds, (start, len(text) + 1)) - 1
        sentence_start, sentence_end = bounds[index] if index >= 0 and start < bounds[index][1] else (start, match.end())
        first, cue_at = bisect_left(hit_starts, sentence_start), bisect_left(hit_starts, start)
        before = [hit for hit in hits[first:cue_at] if hit.span.end <= start and not _placing_site(text, hit)]
        subject, scope_end = (before[-1], start) if before else (None, start)
        if subject is None and lang == "en":
            # English may name the change first: "Enlarging right middle lobe primary", "Continued decrease of the RUL".
            subject = next((hit for hit in hits[cue_at:] if hit.span.start < sentence_end), None)
            scope_end = sentence_end
        if subject is None:
            said_of = text[sentence_start : sentence_end if lang == "en" else start]
            # A sentence that measures the primary speaks of it ("It now measures 2.9 x 2.0 cm, increased from…").
            # (English only: a Chinese "sentence" may run on from a bone's change into the primary's size.)
            measured = lang == "en" and any(
                sentence_start <= span.start < sentence_end for span in facts.evidence.get("primary_size", ())
            )
            # A structured report's "Change:" line under its primary tumour heading speaks of the primary.
            labelled = "primary_block_change" in pats.spec and re.search(
                pats.spec["primary_block_change"], text[max(0, start - 300) : start]
            )
            measured = measured or bool(labelled)
            if not measured and (
                not pats.change_subject.search(said_of)
                or re.search(pats.spec["other_organ"], said_of, re.IGNORECASE)
                # (nor a resected primary's stump: "The bronchial stump staple line is unchanged, with no … mass")
                or re.search(pats.spec["not_primary_change"], said_of, re.IGNORECASE)
            ):
                continue
        elif (
            not _is_primary_site(subject, text, sentence_start, scope_end, lang, facts)
            or REST_OF_BEFORE.search(text, max(0, subject.span.start - 2), subject.span.start)
            or _said_of_another_lesion(text, subject, start, pats)
            or _said_of_another_finding_en(text, subject, sentence_start, pats)
        ):
            continue
        if context_of(text, match.start(), match.end(), lang).negated:
            continue
        return label, Span(match.start(), match.end(), match.group(0))
    return None


# The rest of an organ, not the primary's place: "余肺散在数个微小实性结节，与前相仿", "其余肺野清晰".
REST_OF_BEFORE = re.compile(r"(?:余|其余|其他)$")
# A site that only places the lesion named before it: "右肺上叶前段近胸膜处见一结节" (the pleura is no subject).
PLACING_SITE_BEFORE = re.compile(r"(?:近|邻近|贴近|紧贴|靠近)$")


def _placing_site(text: str, hit: LexiconHit) -> bool:
    return PLACING_SITE_BEFORE.search(text, max(0, hit.span.start - 2), hit.span.start) is not None


def _said_of_another_lesion(text: str, subject: LexiconHit, cue_start: int, pats: ImagingPatterns) -> bool:
    """Whether the words between the primary's site and a change cue turn to another lesion (a brain lesion, a
    metastasis, the resected primary's scar or bed: "右肺下叶癌术后改变，较前无明显变化")."""
    between = text[subject.span.end : cue_start] if subject.span.end <= cue_start else ""
    if re.match(r"\s*(?:primary|mass|tumou?r)\s+and\b", between, re.IGNORECASE):
        return False  # "The right lower lobe primary and the pulmonary metastases are unchanged": both changed alike
    others = list(re.finditer(pats.spec["not_primary_change"], between, re.IGNORECASE))
    if others and TREATMENT_CHANGE.fullmatch(others[-1].group(0)) and TUMOUR_AGAIN.search(between, others[-1].end()):
        return False  # "放射性肺纤维化; 其内残余结节约11×8 mm, 较前缩小": the tumour left inside the fibrosis
    return bool(others)


# Treatment's own changes, and the tumour named again after them.
TREATMENT_CHANGE = re.compile(r"纤维化|放射性|容积")
TUMOUR_AGAIN = re.compile(r"残余|残留|结节|肿块|病灶|癌")


def _said_of_another_finding_en(text: str, subject: LexiconHit, sentence_start: int, pats: ImagingPatterns) -> bool:
    """Whether an English sentence names a non-tumour finding before the primary's site and no mass word."""
    pattern = pats.spec.get("other_finding_before_site")
    if pattern is None:
        return False
    before = text[sentence_start : subject.span.start]
    return bool(re.search(pattern, before, re.IGNORECASE)) and not pats.mass_words.search(before)


def _is_primary_site(hit: LexiconHit, text: str, start: int, end: int, lang: str, facts: ReportFacts) -> bool:
    """Whether a site mention in text[start:end] names the report's primary: same organ, no contrary side or lobe,
    not its nodes."""
    if facts.topography_code is None or hit.code[:3] != facts.topography_code[:3]:
        return False
    if hit.span.text.lower().endswith("ectomy"):
        return False  # "changes of left upper lobectomy with stable staple line": the lobe is gone
    if NODE_AFTER_SITE.match(text, hit.span.end, end):
        return False
    side = laterality_of(hit.span.text, lang, text[max(start, hit.span.start - 12) : hit.span.start])
    if side and facts.laterality and side != facts.laterality:
        return False
    return not (hit.lobe and facts.lobe and hit.lobe != facts.lobe)


__all__ = ["extract_imaging", "find_sections", "size_to_mm"]
