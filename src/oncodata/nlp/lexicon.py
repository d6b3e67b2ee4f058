"""Histology (→ ICD-O-3 morphology) and site (→ ICD-O-3 topography, laterality, lobe) lexicons as compiled regexes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

import ahocorasick_rs

from oncodata.nlp.checkboxes import TICKED_BEFORE, UNTICKED, has_tick_boxes, option_ticked
from oncodata.nlp.facts import Span
from oncodata.nlp.resources import load_csv, load_yaml
from oncodata.nlp.scan import anchored_finditer, first_characters, fold, lower_pattern


class LexiconHit(NamedTuple):
    """A lexicon term found in text: its span, code and preferred name (for sites: organ, lobe, and the organ a part
    such as the cervix belongs to, as an ICD-O-3 C code prefix). (A named tuple: made by the thousand, and cheaper to
    make than a frozen dataclass.)"""

    span: Span
    code: str
    preferred: str
    lobe: str | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class Lexicon:
    pattern: re.Pattern[str]
    entries: tuple[dict[str, str], ...]
    by_anchor: tuple[AnchorGroup, ...] | None
    # Finds every anchor (as its group's index) in one pass over a text.
    anchor_finder: ahocorasick_rs.AhoCorasick | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AnchorGroup:
    """The entries of a lexicon that contain one literal anchor: a small pattern over only them, their indexes,
    whether every way of writing them opens with the anchor (then a match can only start where the anchor does), and
    per first character of a match the pattern over only the entries that can start with it (English)."""

    anchor: str
    pattern: re.Pattern[str]
    indexes: tuple[int, ...]
    leading: bool
    by_first: dict[str, re.Pattern[str] | None]


WORD_START = re.compile(r"(?<![a-z])[a-z]")
ANCHOR_BEFORE = 40  # characters before an anchor a term may start (the longest term prefix is shorter)
ANCHOR_AFTER = 60  # characters after an anchor a term may end


def _alternation(rows: tuple[dict[str, str], ...], indexes: list[int], lang: str, folded: bool = False) -> re.Pattern[str]:
    # Named group per entry; longer patterns are listed first in the files so the specific term wins.
    # `folded`: for matching lowercased text without IGNORECASE (several times faster in `re`).
    body = "|".join(f"(?P<e{i}>{lower_pattern(rows[i]['pattern']) if folded else rows[i]['pattern']})" for i in indexes)
    boundary_left, boundary_right = (r"(?<![A-Za-z])", r"(?![A-Za-z])") if lang == "en" else ("", "")
    return re.compile(f"{boundary_left}(?:{body}){boundary_right}", 0 if folded else re.IGNORECASE)


@cache
def _compile(name: str, lang: str) -> Lexicon:
    rows = tuple(row for row in load_csv(name) if row["lang"] == lang)
    pattern = _alternation(rows, list(range(len(rows))), lang)
    anchor_spec = load_yaml("lexicon_anchors.yaml").get(name, {}).get(lang)
    if not anchor_spec:
        return Lexicon(pattern, rows, None)
    groups = []
    for anchor in anchor_spec:
        indexes = [i for i, row in enumerate(rows) if anchor in row["pattern"].lower()]
        if indexes:
            written = [a.lower() for i in indexes for a in top_level_alternatives(rows[i]["pattern"]) if anchor in a.lower()]
            leading = all(a.removeprefix("\\b").startswith(anchor) for a in written)
            group = _alternation(rows, indexes, lang, folded=True)
            by_first = _by_first_character(rows, indexes, lang) if lang == "en" else {}
            groups.append(AnchorGroup(anchor, group, tuple(indexes), leading, by_first))
    return Lexicon(pattern, rows, tuple(groups), ahocorasick_rs.AhoCorasick([group.anchor for group in groups]))


def _by_first_character(rows: tuple[dict[str, str], ...], indexes: list[int], lang: str) -> dict[str, re.Pattern[str] | None]:
    """First character of a match → the alternation of only the entries that can start with it ("" → the entries
    that may start with anything; None → no entry). One big alternation tries every entry in turn at each offset;
    most cannot begin with the letter there."""
    firsts = {i: first_characters(lower_pattern(rows[i]["pattern"])) for i in indexes}
    any_start = [i for i in indexes if firsts[i] is None]
    compiled: dict[tuple[int, ...], re.Pattern[str]] = {}

    def alternation(chosen: list[int]) -> re.Pattern[str] | None:
        key = tuple(chosen)
        if key and key not in compiled:
            compiled[key] = _alternation(rows, chosen, lang, folded=True)
        return compiled.get(key)

    letters = {char for chars in firsts.values() if chars for char in chars}
    table = {char: alternation([i for i in indexes if firsts[i] is None or char in firsts[i]]) for char in letters}  # type: ignore[operator]
    table[""] = alternation(any_start)
    return table


def top_level_alternatives(pattern: str) -> list[str]:
    """ "a|b(?:c|d)" → ["a", "b(?:c|d)"]: the alternatives outside any group (escapes and classes respected).

    >>> top_level_alternatives("liver|hepatic(?!artery|duct)|[ab|c]x")
    ['liver', 'hepatic(?!artery|duct)', '[ab|c]x']
    """
    parts, depth, current, index = [], 0, "", 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current += pattern[index : index + 2]
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(current)
            current, index = "", index + 1
            continue
        current += char
        index += 1
    return [*parts, current]


def _hits(name: str, text: str, lang: str, lower: str | None = None) -> list[LexiconHit]:
    """Leftmost, non-overlapping lexicon matches; at one start the entry listed first wins (as one alternation would)."""
    lexicon = _compile(name, lang)
    if lexicon.by_anchor is None:
        return [_hit(lexicon, match) for match in lexicon.pattern.finditer(text)]
    lower = fold(text) if lower is None else lower
    candidates: dict[tuple[int, int], re.Match[str]] = {}
    assert lexicon.anchor_finder is not None
    if lang == "en":
        # Terms start at a word start at most ANCHOR_BEFORE characters before their anchor: try only those starts.
        # One Aho-Corasick pass finds every anchor (a lexicon has about a hundred).
        groups = lexicon.by_anchor
        tried: set[tuple[int, int]] = set()
        for number, position, _ in lexicon.anchor_finder.find_matches_as_indexes(lower, overlapping=True):
            group = groups[number]
            for word in WORD_START.finditer(lower, position if group.leading else max(0, position - ANCHOR_BEFORE), position + 1):
                start = word.start()
                if (number, start) in tried:
                    continue
                tried.add((number, start))
                by_first = group.by_first
                pattern = by_first.get(lower[start], by_first[""])
                match = pattern.match(lower, start) if pattern is not None else None
                if match:
                    index = int(match.lastgroup[1:]) if match.lastgroup else 0
                    candidates.setdefault((start, index), match)
    else:
        present = {number for number, _, _ in lexicon.anchor_finder.find_matches_as_indexes(lower, overlapping=True)}
        for number in sorted(present):
            group = lexicon.by_anchor[number]
            for match in anchored_finditer(group.pattern, lower, lower, (group.anchor,), ANCHOR_BEFORE, ANCHOR_AFTER):
                index = int(match.lastgroup[1:]) if match.lastgroup else 0
                candidates.setdefault((match.start(), index), match)
    hits: list[LexiconHit] = []
    last_end = -1
    for (start, _), match in sorted(candidates.items()):
        if start < last_end:
            continue
        hits.append(_hit(lexicon, match, text))
        last_end = match.end()
    return hits


def _hit(lexicon: Lexicon, match: re.Match[str], text: str | None = None) -> LexiconHit:
    index = int(match.lastgroup[1:]) if match.lastgroup else 0
    row = lexicon.entries[index]
    source = match.string if text is None else text
    span = Span(match.start(), match.end(), source[match.start() : match.end()])
    preferred = row.get("preferred") or row.get("organ", "")
    return LexiconHit(span, row["code"], preferred, row.get("lobe") or None, row.get("part_of") or None)


def find_histologies(text: str, lang: str, lower: str | None = None) -> list[LexiconHit]:
    """Histology terms with their ICD-O-3 morphology codes.

    >>> [(h.span.text, h.code) for h in find_histologies("Invasive acinar predominant adenocarcinoma", "en")]
    [('acinar predominant adenocarcinoma', '8551/3')]
    """
    return _hits("histology.csv", text, lang, lower)


def find_sites(text: str, lang: str, lower: str | None = None) -> list[LexiconHit]:
    """Anatomic sites with ICD-O-3 topography; `preferred` is the organ, `lobe` the lung lobe where named.

    >>> [(h.span.text, h.code, h.lobe) for h in find_sites("右肺上叶尖后段见结节", "zh")]
    [('右肺上叶尖后段', 'C34.1', 'upper')]
    """
    if lower is None:
        return list(_cached_sites(text, lang))
    return _without_restated_segments(_hits("topography.csv", text, lang, lower), text)


@lru_cache(maxsize=1024)
def _cached_sites(text: str, lang: str) -> tuple[LexiconHit, ...]:
    # The imaging extractor and its rankers ask for the sites of the same report and clauses several times.
    return tuple(_without_restated_segments(_hits("topography.csv", text, lang), text))


# A segment right after its lobe ("left lower lobe superior segment", "RUL, apical segment") only restates the lobe,
# which carries the side.
SEGMENT_AFTER_LOBE_GAP = re.compile(r"[\s,]{1,3}")


def _without_restated_segments(hits: list[LexiconHit], text: str) -> list[LexiconHit]:
    kept: list[LexiconHit] = []
    for hit in hits:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and previous.lobe is not None
            and hit.lobe is not None
            and ("segment" in hit.span.text.lower() or "basal" in hit.span.text.lower())
            and SEGMENT_AFTER_LOBE_GAP.fullmatch(text, previous.span.end, hit.span.start)
        ):
            continue
        kept.append(hit)
    return kept


LATERALITY = {
    # Latin too, as Polish and Russian reports write it: "pulmonis dextri", "pulmo sinister".
    "en": (("right", "right"), ("left", "left"), ("bilateral", "bilateral"), ("dext", "right"), ("sinist", "left")),
    "zh": (("右", "right"), ("左", "left"), ("双", "bilateral"), ("两", "bilateral")),
}
# Sites that name their side without saying it: only the left lung has a lingula, only the right a middle lobe.
IMPLIED_SIDE = {
    "en": re.compile(r"\b(?:(?P<right>rul|rml|rll|middle\s+lobe)|(?P<left>lul|lll|lingula\w*))\b", re.IGNORECASE),
    "zh": re.compile(r"(?P<right>中叶|(?<![a-z])r[uml]l(?![a-z]))|(?P<left>舌段|(?<![a-z])l[ul]l(?![a-z]))", re.IGNORECASE),
}


def laterality_of(site_text: str, lang: str, before: str = "", after: str = "") -> str | None:
    """'right'/'left'/'bilateral' from a site phrase, the few words before it, or (English) a side written right after
    it ("BREAST, LEFT, MASTECTOMY", "Kidney (right)").

    >>> [laterality_of("BREAST", "en", after=", LEFT, MASTECTOMY"), laterality_of("lung", "en", "right ")]
    ['left', 'right']
    >>> [laterality_of("LINGULA", "en"), laterality_of("RUL", "en"), laterality_of("肺中叶", "zh")]
    ['left', 'right', 'right']
    >>> laterality_of("Lingular", "en", "lymph node short axis)\\n1. ")
    'left'
    >>> laterality_of("lower lobe", "en", "biopsy R ")
    'right'
    """
    near = before[-12:]
    if len(before) > 12 and before[-13].isalnum():
        near = re.sub(r"^\w+", "", near)  # a cut word is no side ("…short axis)": no "rt")
    probe = (near + " " + site_text).lower() if lang == "en" else site_text
    for cue, value in LATERALITY[lang]:
        if cue in probe:
            return value
    if lang == "en":
        abbreviated = SIDE_ABBREVIATION.search(probe)  # "Rt lower lobe", "Lt. lung"
        if abbreviated:
            return "right" if abbreviated.group(1) == "rt" else "left"
        letter = SIDE_LETTER_BEFORE.search(near)  # "R lower lobe", "L mainstem bronchus": a capital letter alone
        if letter:
            return "right" if letter.group(1) == "R" else "left"
        side = SIDE_AFTER.match(after)
        if side:
            return dict(LATERALITY["en"])[side.group(1).lower()]
    implied = IMPLIED_SIDE[lang].search(site_text)
    return None if implied is None else "right" if implied.group("right") else "left"


SIDE_ABBREVIATION = re.compile(r"\b(rt|lt)\b")
SIDE_LETTER_BEFORE = re.compile(r"(?<![A-Za-z0-9])([RL])\.?[ \t]$")
SIDE_AFTER = re.compile(r"[\s,;:(\[-]{1,3}(right|left|bilateral)\b", re.IGNORECASE)


def _ticked_in_match(match: re.Match[str]) -> bool:
    return any(match.group(name) for name in ("ticked_zh", "zh_ticked_after", "ticked_word"))


GRADE_ANCHORS = ("fferentiated", "fferentiation", "grade", "g1", "g2", "g3", "g4", "分化", "分级", "iaslc")
ZH_GRADE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
ZH_GRADE_DEGREES = {"高": "G1", "高-中": "G2", "中": "G2", "中等": "G2", "中-低": "G3", "低": "G3", "差": "G3", "未": "G4"}


def grade_of(text: str, lower: str | None = None, rank: Callable[[int], int | None] | None = None) -> tuple[str, Span] | None:
    """Differentiation grade: G1–G4 from 'well/moderately/poorly differentiated', 'G2', 'grade III', '高/中/低分化';
    the first one stated of the best `rank` (None: not read there).

    >>> [grade_of(t)[0] for t in ("Histologic grade: G2", "histologic grade: III", "grade 1", "G3", "中分化")]
    ['G2', 'G3', 'G1', 'G3', 'G2']
    >>> [grade_of(t)[0] for t in ("IASLC分级：2级", "IASLC 3级", "组织学分级：一级", "鳞状细胞癌，分化差", "| IASLC分级 | 3级 |")]
    ['G2', 'G3', 'G1', 'G3', 'G3']
    >>> [grade_of(t)[0] for t in ("Grading: ( ) G1  (x) G3", "___ G1: Well differentiated _X_ G2", "MODERATELY. DIFFERENTIATED")]
    ['G3', 'G2', 'G2']
    >>> [grade_of(t)[0] for t in ("组织学分级（IASLC）：□1级 ■2级 □3级", "分级：1级□ 2级■ 3级□", "Differentiation: ( ) well (X) poorly")]
    ['G2', 'G2', 'G3']
    """
    lower = text.lower() if lower is None else lower
    has_boxes = has_tick_boxes(text)
    # An option left unticked in a checklist ("( ) G1  (x) G3", "___ G1: Well differentiated") is not the grade.
    stated = (
        m
        for m in anchored_finditer(GRADE_PATTERN, text, lower, GRADE_ANCHORS, 20, 60)
        # (A checklist read whole carries its own tick: "IASLC分级：1级（ ）  2级（√）  3级（ ）".)
        if (tick := option_ticked(text, m.start(), m.end()) if has_boxes and not _ticked_in_match(m) else None) is not False
        and (tick or not UNTICKED_GRADE_OPTION.search(text, max(0, m.start() - 12), m.start()))
    )
    # With `rank`, a grade said aside (an outside or prior diagnosis in the history) yields to one stated in the
    # report's own words, and some places (a gross section's cassette "G4:") are never read.
    # A ticked option ("分化程度：高分化 √中分化 低分化") is the answer among the options of its line.
    ranked = (
        (rank(m.start()) if rank else 0, 0 if TICKED_BEFORE.search(text, max(0, m.start() - 3), m.start()) else 1, index, m)
        for index, m in enumerate(stated)
    )
    match = min(((r, t, i, m) for r, t, i, m in ranked if r is not None), default=(0, 0, 0, None), key=lambda c: c[:3])[3]
    if not match:
        return None
    span = Span(match.start(), match.end(), match.group(0))
    value = (
        match.group("value")
        or match.group("g")
        or match.group("worse")
        or next((match.group(g) for g in RANGE_GROUPS if match.group(g)), None)
        or next((ZH_GRADE_DIGITS.get(d, d) for d in match.group("zh", "ticked_zh", "zh_ticked_after") if d), None)
    )
    degree = match.group("degree")
    if degree:
        return ZH_GRADE_DEGREES[degree], span
    if value:
        # The number or numeral after "grade"/"G" alone decides ("histologic" must not read as a numeral I).
        value = value.upper().removeprefix("G")
        return f"G{ROMAN_GRADES.get(value, value)}", span
    word = (match.group("ticked_word") or match.group(0)).lower().replace("\n", "")
    for cue, grade in GRADE_WORDS:
        if cue in word:
            return grade, span
    return None


# Chinese checklist boxes: empty ("□", "（ ）") or ticked ("■", "√", "（√）"), and an option's note ("（高分化）").
ZH_EMPTY_BOX = r"(?:[□☐]|[（(\[][ \u3000]*[)）\]])"
ZH_TICK = r"(?:[■☑√✓✔]|[（(\[][ \u3000]*[√✓✔xX][ \u3000]*[)）\]])"
ZH_OPTION_NOTE = r"(?:\s*[（(][^）)\n]{0,8}?[\u4e00-\u9fff][^）)\n]{0,8}[)）])?"
GRADE_PATTERN = re.compile(
    # (a range too, "poorly to moderately differentiated", which the worse grade classifies)
    # (translations write "highly" for well and "low" for poorly: "highly differentiated squamous cell carcinoma")
    r"\b(?:(?:(?:well|moderately|poorly|highly|low)\s+(?:to|-)\s+)?(?:well|moderately|poorly|highly|low|un)\.?[\s-]+|un)"
    r"d[il]fferentiated\b"  # (OCR: "DlFFERENTIATED")
    # A range of two neighbouring grades, which the worse one classifies: "grade II-III", "grade 2-3", "G2-3" (a slash
    # is no range: "Fuhrman grade 2/4", "nuclear grade III/IV" are a grade of a scale).
    r"|(?<!gleason\s)(?:histologic\s+)?grade\s*[:：]?\s*(?:I\s*[–-]\s*(?P<worse_roman>II)|II\s*[–-]\s*(?P<worse_roman3>III)|III\s*[–-]\s*(?P<worse_roman4>IV)"
    r"|G?1\s*(?:[–-]|\s(?i:to)\s)\s*G?(?P<worse_digit2>2)|G?2\s*(?:[–-]|\s(?i:to)\s)\s*G?(?P<worse_digit3>3)"
    r"|G?3\s*(?:[–-]|\s(?i:to)\s)\s*G?(?P<worse_digit4>4))\b"
    # Not a Gleason grade, nor a cassette ("G1-G3:", "Micro G1-G2:", "G4: One lymph node", "G1, three lymph nodes").
    r"|(?<!gleason\s)(?:histologic\s+)?grade\s*[:：]?\s*(?P<value>G?[1-4]|IV|I{1,3})\b"
    # A range of grades, which the worse one classifies ("G2-G3,"), not a cassette range ("G1-G3:", "(G1-G3)").
    # (also written with a slash between two G codes: "G2/G3")
    # (or "G2 TO G3" in words)
    r"|(?<![(\-–])\bG[1-3]\s?(?:[-–]\s?G?|/\s?G|\s(?i:to)\sG)(?P<worse>[2-4])\b(?![:)]|\s+:)"
    # IASLC's middle tier said in words: "intermediate grade".
    r"|\bintermediate[\s-]grade\b"
    r"|(?<![-–])(?<![-–]\s)(?<!\s(?i:to)\s)\b(?P<g>G[1-4])\b(?!\s*[-–]\s*G?\d)"
    r"(?!\s*:\s*(?:one|two|three|four|five|six|seven|eight|nine|ten|\d|representative|sections?|remaining|entire)\b)"
    r"(?!\s*,\s*(?:one|two|three|four|five|six|seven|eight|nine|ten|representative|sections?|remaining|entire)\b)"
    r"|(?:中-低|中低|高-中|高中|中-高|中高|低-中|低中)分化|(?:高|中|低|未)\n?分化|分化(?:较)?差"  # (a scan may break the line: "低\n分化")
    # The degree in a field of its own: "分化程度：中等", "分化程度：低".
    r"|分化程度\s*[:：]\s*(?P<degree>中-低|高-中|中等|高|中|低|未|差)"
    # A checklist of IASLC grades with one ticked: "组织学分级（IASLC）：□1级 ■2级 □3级", "分级：1级□ 2级■ 3级□",
    # "IASLC分级：1级（ ）  2级（√）", "□1级（高分化）  ■3级（低分化）".
    r"|(?:IASLC\s*|组织学)?分级(?:\s*[（(][^）)\n]{0,16}[)）])?\s*[:：]"
    r"(?:(?:\s*"
    + ZH_EMPTY_BOX
    + r"\s*[1-4一二三四]\s*级"
    + ZH_OPTION_NOTE
    + r")*\s*"
    + ZH_TICK
    + r"\s*(?P<ticked_zh>[1-4一二三四])\s*级"
    r"|(?:\s*[1-4一二三四]\s*级"
    + ZH_OPTION_NOTE
    + r"\s*"
    + ZH_EMPTY_BOX
    + r")*\s*(?P<zh_ticked_after>[1-4一二三四])\s*级"
    + ZH_OPTION_NOTE
    + r"\s*"
    + ZH_TICK
    + ")"
    # The IASLC grade of an adenocarcinoma (after its checklists, which are tried first at a label): "IASLC分级：2级", "IASLC 3级", "组织学分级：1级";
    # a range takes the worse one ("组织学分级：2-3级"); a table's cell ("| IASLC分级 | 3级 |").
    r"|(?:IASLC|组织学分级|分级)(?:\s*分级)?\s*[:：|]?\s*(?:[1-3]\s*[-–~至]\s*(?P<worse_zh>[2-4])|(?P<zh>[1-4一二三四]))\s*级(?!\s*"
    + ZH_EMPTY_BOX
    + ")"
    # The degree in a field of its own, in translated English: "Differentiation: poor", "Degree of differentiation: moderate".
    r"|(?:degree\s+of\s+)?differentiation\s*[:：]\s*(?:poor|moderate|well|good)(?![a-z])(?![ \t]*(?:to\b|-|–)|\s+differentiated)"
    # An older checklist ticking a word: "Differentiation: ( ) well (X) moderately ( ) poorly".
    r"|(?:differentiation|grade)\s*:(?:\s*[\[(]\s*[\])]\s*[a-z]+)*\s*[\[(]\s*x\s*[\])]\s*(?P<ticked_word>well|moderately|poorly|un)",
    re.IGNORECASE,
)
RANGE_GROUPS = ("worse_roman", "worse_roman3", "worse_roman4", "worse_digit2", "worse_digit3", "worse_digit4", "worse_zh")
UNTICKED_GRADE_OPTION = re.compile(UNTICKED + r"\s*(?:G[1-4X]\s*[:：]\s*)?$")
ROMAN_GRADES = {"I": "1", "II": "2", "III": "3", "IV": "4"}
GRADE_WORDS = (
    # A range takes the worse grade, the one that classifies the tumour ("中-低分化" → G3).
    ("中-低", "G3"),
    ("中低", "G3"),
    ("高-中", "G2"),
    ("高中", "G2"),
    ("中-高", "G2"),
    ("中高", "G2"),
    ("低-中", "G3"),
    ("低中", "G3"),
    ("poorly", "G3"),
    ("low", "G3"),  # (a translation's "low differentiated", the worse of "moderately to low")
    ("moderately", "G2"),
    ("poor", "G3"),  # ("Differentiation: poor")
    ("moderate", "G2"),
    ("good", "G1"),
    ("undifferentiated", "G4"),
    ("intermediate", "G2"),
    ("un", "G4"),  # a ticked "(X) undifferentiated" option, read up to its first letters
    ("well", "G1"),
    ("highly", "G1"),
    ("高分化", "G1"),
    ("中分化", "G2"),
    ("低分化", "G3"),
    ("未分化", "G4"),
    ("分化差", "G3"),  # "鳞状细胞癌，分化差" (also "分化较差")
    ("分化较差", "G3"),
)
