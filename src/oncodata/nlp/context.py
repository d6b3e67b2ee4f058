"""Qualify a finding by the cues in its clause: negated, uncertain, probable, historical, family, hypothetical."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

from oncodata.nlp.facts import Context
from oncodata.nlp.resources import load_yaml
from oncodata.nlp.scan import folded

FOLDED_CUES = {
    "negation_after_stops_at",
    "negation_before_stops_at",
}  # single cue patterns that are matched against lowercased text
CATEGORIES = ("negated", "uncertain", "probable", "historical", "family", "hypothetical")
# Clause boundaries: a cue does not reach across these.
CLAUSE_BREAK = {
    # A period glued to the next sentence ("slices.The left…", common in exported text) is a boundary too, while a
    # full stop before a lower-case word is a line break the TCGA-style flattening turned into ". " ("does not
    # involve. the visceral pleura").
    # A line break goes on with the clause when the next line opens with a lower-case word or a bracket (a wrapped
    # sentence), not with a code list ("pl1, ly1, v1"), or when the line ends on a word that cannot end a clause
    # ("NO\n     INVASIVE CARCINOMA AT THE MARGIN"; a field's answer "Pleural invasion: NO" still ends it), also flattened
    # ("NO. VISCERAL PLEURAL INVASION"; but "Margins involved - No." and "Margins involved? No." are answers).
    # (Written to open with one character class, which `re` scans for fast; lookbehinds check what it matched.)
    "en": re.compile(
        r"[.;:\n,b](?:(?<=[;:])\s|(?<=\.)(?:(?<!\b[Nn][Oo]\.)|(?<=[:?-]\s[Nn][Oo]\.))(?<!\b[Nn][Oo][Tt]\.)\s(?![ \t]*[a-z]{2,}\s)|(?<=\n)(?:(?<!\b[Nn][Oo]\n)|(?<=:\s[Nn][Oo]\n))(?<!\b[Nn][Oo][Tt]\n)(?<!\b[Oo][Ff]\n)(?<!\b[Tt][Hh][Ee]\n)(?![ \t]*(?:\(|[a-z]{3,}\s))|(?<=;)|(?<=\.)(?<![\d.]\.)(?=[A-Z])"
        r"|(?<=,)\s*(?:but|however|while|although)\b|(?<=b)(?<!\wb)ut\b)"
    ),
    # (An ASCII full stop before a space ends a Chinese sentence too: exports that lost their line breaks use ". ".
    # A list item's number is no code's digit: "M0. " ends a sentence.)
    # (A question mark ends its clause after itself, which stays the clause's hedge: "骨转移？请结合ECT检查".)
    "zh": re.compile(r"[。；;，,\n\t]|\s{2,}|\.(?=\s)|(?<![\dA-Za-z.])\d+[.、](?!\d)|\x7f|\\[uU]007[fF]|_[x×]0004_|(?<=[?？])"),
}


LOOKAHEAD_REACH = 24


@dataclass(frozen=True)
class CuePatterns:
    """Compiled before/after cue patterns per category for one language."""

    before: dict[str, re.Pattern[str]]
    after: dict[str, re.Pattern[str]]


@cache
def cue_patterns(lang: str) -> CuePatterns:
    table = load_yaml("context_cues.yaml")[lang]
    before: dict[str, re.Pattern[str]] = {}
    after: dict[str, re.Pattern[str]] = {}
    for category in CATEGORIES:
        cues = table.get(category, {})
        # Matched against the lowercased clause: a folded pattern is several times faster than IGNORECASE.
        if cues.get("before"):
            before[category] = folded("|".join(cues["before"]))
        if cues.get("after"):
            after[category] = folded("|".join(cues["after"]))
    return CuePatterns(before, after)


def clause_bounds(text: str, start: int, end: int, lang: str, reach: int = 120) -> tuple[int, int]:
    """The clause around [start, end): from the last boundary before it to the first after it."""
    left_from, limit = max(0, start - reach), min(len(text), end + reach)
    if lang != "zh":
        # A long English report asks for a handful of clauses: scan only around the mention.
        breaker, left = CLAUSE_BREAK[lang], left_from
        # A little past the start, so a break's lookahead can see the mention's first letter (".New lesions") and
        # the word it opens ("No lymphatic or. vascular invasion": a flattened line join, no break).
        for match in breaker.finditer(text, left_from, min(len(text), start + LOOKAHEAD_REACH)):
            if match.end() <= start:
                left = match.end()
        right_match = breaker.search(text, end, limit)
        return left, right_match.start() if right_match else limit
    # A Chinese report asks for dozens (every candidate site of the rankers): find its boundaries once.
    starts, ends = _breaks(text, lang)
    before = bisect_right(ends, start) - 1
    left = max(left_from, ends[before] if before >= 0 else 0)
    after = bisect_left(starts, end)
    return left, starts[after] if after < len(starts) and starts[after] < limit else limit


@lru_cache(maxsize=16)
def _breaks(text: str, lang: str) -> tuple[list[int], list[int]]:
    # Every clause boundary of a text, found once: a report's mentions ask for their clauses many times over.
    matches = list(CLAUSE_BREAK[lang].finditer(text))
    return [m.start() for m in matches], [m.end() for m in matches]


@cache
def _cue_pattern(lang: str, key: str) -> re.Pattern[str] | None:
    """One of a language's single cue patterns ("negated_answer", "negation_after_stops_at"), if it has one."""
    spec = load_yaml("context_cues.yaml")[lang].get(key)
    return (folded(spec) if key in FOLDED_CUES else re.compile(spec, re.IGNORECASE)) if spec else None


def _negation_scope(after_text: str, lang: str) -> str:
    """The part of the clause after a mention that a negation cue may deny it from: it stops at a comma item with a
    subject of its own ("Adenocarcinoma, 1.8 cm, margins negative": the margins are negative, not the carcinoma),
    while a list shares its cue ("LVI, perineural and pleural invasion are not identified")."""
    stop = _cue_pattern(lang, "negation_after_stops_at")
    found = stop.search(after_text) if stop else None
    return after_text[: found.start()] if found else after_text


# An N0 that OCR read as "NO" right after a T category ("pT2a NO MX", "T2NO"): no negation cue.
# (and OCR'd T1: "Tl NO MX"; the T starts a word or follows its prefix)
# (It opens with the literal "t", which `re` scans for; the clause's words are only searched for cues.)
OCR_N0_AFTER_T = re.compile(r"t(?<![abd-oq-xz]t)[0-4xli](?:[a-d][12]?)?\s?[pcy]{0,2}no\b")


def context_of(text: str, start: int, end: int, lang: str, section: str = "body") -> Context:
    """The context flags of the mention text[start:end].

    >>> context_of("双肺未见转移", 4, 6, "zh").negated
    True
    >>> context_of("No lymphovascular invasion.", 3, 26, "en").negated
    True
    >>> context_of("Adenocarcinoma, 1.8 cm, margins negative.", 0, 14, "en").negated
    False
    >>> context_of("Lobular carcinoma in situ: Not identified.", 0, 25, "en").negated
    True
    >>> context_of("Lymphovascular invasion, perineural invasion and pleural invasion are absent.", 0, 23, "en").negated
    True
    """
    left, right = clause_bounds(text, start, end, lang)
    before_text = text[left:start].lower()
    if lang == "en" and "no" in before_text:
        before_text = OCR_N0_AFTER_T.sub(" ", before_text)  # "pT2a NO MX (STAGE IB)": an OCR'd N0, not the word "no"
    after_text = text[end:right].lower()
    patterns = cue_patterns(lang)
    flags = {c: bool(p.search(before_text)) for c, p in patterns.before.items()}
    if flags.get("negated"):
        stop = _cue_pattern(lang, "negation_before_stops_at")
        stops = list(stop.finditer(before_text)) if stop is not None and "," in before_text else []
        if stops:
            flags["negated"] = bool(patterns.before["negated"].search(before_text[stops[-1].start() :]))
    for category, pattern in patterns.after.items():
        scope = _negation_scope(after_text, lang) if category == "negated" else after_text
        flags[category] = flags.get(category, False) or bool(pattern.search(scope))
    if "?" in before_text and not flags.get("uncertain"):
        question = _cue_pattern(lang, "uncertain_just_before")
        flags["uncertain"] = bool(question and question.search(before_text))
    answer = _cue_pattern(lang, "negated_answer")
    if answer is not None and not flags.get("negated") and answer.match(text, end):
        flags["negated"] = True  # "Lobular carcinoma in situ: Not identified", "脉管癌栓：无"
    return _context(section, *(flags.get(c, False) for c in CATEGORIES))


@cache
def _context(section: str, *flags: bool) -> Context:
    # Contexts are immutable and few (six flags, a dozen sections): one instance each, not one per mention.
    return Context(section=section, **dict(zip(CATEGORIES, flags, strict=True)))
