"""Histology (→ ICD-O-3 morphology) and site (→ ICD-O-3 topography, laterality, lobe) lexicons as compiled regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncodata.nlp.facts import Span
from oncodata.nlp.resources import load_csv, load_yaml


@dataclass(frozen=True)
class LexiconHit:
    """A lexicon term found in text: its span, code and preferred name (or organ and lobe for sites)."""

    span: Span
    code: str
    preferred: str
    lobe: str | None = None


@dataclass(frozen=True)
class Lexicon:
    pattern: re.Pattern[str]
    anchor: re.Pattern[str] | None
    entries: tuple[dict[str, str], ...]


ANCHOR_REACH = 60  # characters before an anchor a term may start (the longest term prefix is shorter)


@cache
def _compile(name: str, lang: str) -> Lexicon:
    rows = tuple(row for row in load_csv(name) if row["lang"] == lang)
    # Named group per entry; longer patterns are listed first in the files so the specific term wins.
    body = "|".join(f"(?P<e{i}>{row['pattern']})" for i, row in enumerate(rows))
    boundary_left, boundary_right = (r"(?<![A-Za-z])", r"(?![A-Za-z])") if lang == "en" else ("", "")
    anchor_spec = load_yaml("lexicon_anchors.yaml").get(name, {}).get(lang)
    anchor = re.compile(anchor_spec, re.IGNORECASE) if anchor_spec else None
    return Lexicon(re.compile(f"{boundary_left}(?:{body}){boundary_right}", re.IGNORECASE), anchor, rows)


def _hits(name: str, text: str, lang: str) -> list[LexiconHit]:
    lexicon = _compile(name, lang)
    if lexicon.anchor is None:
        return [_hit(lexicon, match) for match in lexicon.pattern.finditer(text)]
    hits: list[LexiconHit] = []
    scanned_to = 0
    for anchor in lexicon.anchor.finditer(text):
        if anchor.end() <= scanned_to:
            continue
        window_start = max(scanned_to, anchor.start() - ANCHOR_REACH)
        # End the window between words, so a term is never cut (and matched) mid-word.
        window_end = anchor.end() + ANCHOR_REACH
        while window_end < len(text) and text[window_end - 1].isascii() and text[window_end - 1].isalpha():
            window_end += 1
        window_end = min(len(text), window_end)
        for match in lexicon.pattern.finditer(text, window_start, window_end):
            if match.end() < anchor.start():
                continue
            hits.append(_hit(lexicon, match))
            scanned_to = max(scanned_to, match.end())
        scanned_to = max(scanned_to, anchor.end())
    return hits


def _hit(lexicon: Lexicon, match: re.Match[str]) -> LexiconHit:
    index = int(match.lastgroup[1:]) if match.lastgroup else 0
    row = lexicon.entries[index]
    span = Span(match.start(), match.end(), match.group(0))
    preferred = row.get("preferred") or row.get("organ", "")
    return LexiconHit(span, row["code"], preferred, row.get("lobe") or None)


def find_histologies(text: str, lang: str) -> list[LexiconHit]:
    """Histology terms with their ICD-O-3 morphology codes.

    >>> [(h.span.text, h.code) for h in find_histologies("Invasive acinar predominant adenocarcinoma", "en")]
    [('acinar predominant adenocarcinoma', '8551/3')]
    """
    return _hits("histology.csv", text, lang)


def find_sites(text: str, lang: str) -> list[LexiconHit]:
    """Anatomic sites with ICD-O-3 topography; `preferred` is the organ, `lobe` the lung lobe where named.

    >>> [(h.span.text, h.code, h.lobe) for h in find_sites("右肺上叶尖后段见结节", "zh")]
    [('右肺上叶尖后段', 'C34.1', 'upper')]
    """
    return _hits("topography.csv", text, lang)


LATERALITY = {
    "en": (("right", "right"), ("left", "left"), ("bilateral", "bilateral")),
    "zh": (("右", "right"), ("左", "left"), ("双", "bilateral"), ("两", "bilateral")),
}


def laterality_of(site_text: str, lang: str, before: str = "") -> str | None:
    """'right'/'left'/'bilateral' from a site phrase (or the few words before it)."""
    probe = (before[-12:] + " " + site_text).lower() if lang == "en" else site_text
    for cue, value in LATERALITY[lang]:
        if cue in probe:
            return value
    return None


def grade_of(text: str) -> tuple[str, Span] | None:
    """Differentiation grade: G1–G4 from 'well/moderately/poorly differentiated', 'G2', '高/中/低分化'."""
    match = GRADE_PATTERN.search(text)
    if not match:
        return None
    word = match.group(0).lower()
    for cue, grade in GRADE_WORDS:
        if cue in word:
            return grade, Span(match.start(), match.end(), match.group(0))
    return None


GRADE_PATTERN = re.compile(
    r"\b(?:well|moderately|poorly|un)[\s-]+differentiated\b|(?:histologic\s+)?grade\s*[:：]?\s*(?:G?[1-4]|I{1,3}V?)\b|\bG[1-4]\b"
    r"|(?:高|中|低|未)分化|(?:中-低|中低|高-中|高中)分化",
    re.IGNORECASE,
)
GRADE_WORDS = (
    ("中-低", "G2-G3"),
    ("中低", "G2-G3"),
    ("高-中", "G1-G2"),
    ("高中", "G1-G2"),
    ("moderately", "G2"),
    ("poorly", "G3"),
    ("undifferentiated", "G4"),
    ("well", "G1"),
    ("高分化", "G1"),
    ("中分化", "G2"),
    ("低分化", "G3"),
    ("未分化", "G4"),
    ("iv", "G4"),
    ("iii", "G3"),
    ("ii", "G2"),
    ("i", "G1"),
    ("4", "G4"),
    ("3", "G3"),
    ("2", "G2"),
    ("1", "G1"),
)
