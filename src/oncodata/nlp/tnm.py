"""Find and normalize TNM categories, prefixes, editions and stage groups, tolerating OCR noise (MO, T1 a, Tl)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncodata.nlp.facts import Span
from oncodata.nlp.resources import load_yaml
from oncodata.nlp.scan import anchored_finditer
from oncodata.nlp.tables import cells, rows_below, table_lines


@dataclass(frozen=True)
class TnmMention:
    """One TNM statement in a report (a combined `pT2aN1M0` or a single `pN0`)."""

    t: str | None
    n: str | None
    m: str | None
    prefix: str | None
    span: Span
    combined: bool


@dataclass(frozen=True)
class TnmPatterns:
    combined: re.Pattern[str]
    single_n: re.Pattern[str]
    single_m: re.Pattern[str]
    staging_context: re.Pattern[str]
    edition: re.Pattern[str]
    stage_group: re.Pattern[str]
    stage_group_zh: re.Pattern[str]
    stage_after_tnm: re.Pattern[str]
    token_anchor: re.Pattern[str]
    labelled: re.Pattern[str]
    labelled_short: re.Pattern[str]
    bare_single: re.Pattern[str]
    axis_label: re.Pattern[str]


@cache
def patterns() -> TnmPatterns:
    spec = load_yaml("tnm.yaml")
    prefix, t_cat, n_cat, m_cat = spec["prefix"], spec["t_category"], spec["n_category"], spec["m_category"]
    # "(pl1)": pleura; "（AIS）", "(MIA)": the in-situ or minimally invasive tumour the category stands for.
    # (or a few words on why, in brackets: "pT2 [visceral pleura] N0", "pT3 (separate nodule) N0")
    descriptor = (
        r"(?:\s?[（(](?:m|mult|\d+|sm|f|sn|i[+-]|mol[+-]|\d+\s*/\s*\d+|[pP][lL][0-3]|AIS|MIA|mi)[)）]"
        r"|\s?\[[a-z][a-z ,-]{2,30}\]|\s?\((?=[a-z]{3})[a-z][a-z ,-]{2,30}\))?"
    )
    uicc = spec["uicc_tail"]
    # (or a flattened line end between two axes: "correspond to T1 N0. M0, Stage I")
    gap = r"(?:[\s,;/\-]{0,3}|\.\s)"
    # Between an axis letter and its category: nothing, a space, or a hyphen before a digit ("T-2, N-0, M-X").
    joint = r"(?:\s|-(?=[0-4Xx]))?"
    # Lower-case axis letters only right after a p prefix and before a digit ("pt2a, pn0" in lower-case reports).
    # (not "Pn0": the UICC perineural invasion code, "L1 V0 Pn0 R0")
    t_letter, n_letter, m_letter = r"(?:T|(?<=[pP])t(?=[0-4]))", r"(?:N|(?<=p)n(?=[0-3xX]))", r"(?:M|(?<=[pP])m(?=[01xX]))"
    # (a grade may run straight on after any axis: "pT2aN0G2", "pT1N1M0G3")
    combined = (
        rf"(?:(?<![A-Za-z0-9])|(?<=AJCC))(?P<tp>{prefix})?\s?{t_letter}{joint}(?P<t>{t_cat}){descriptor}(?:m(?=\s\())?(?=$|[^A-Za-z0-9]|[pcyP]?[NM]|G[1-4X]|{uicc})"
        rf"(?:{gap}(?P<np>{prefix})?\s?{n_letter}{joint}(?P<n>{n_cat}){descriptor}(?=$|[^A-Za-z0-9]|[pcyP]?[Mm]|G[1-4X]|{uicc}))?"
        rf"(?:{gap}(?P<mp>{prefix})?\s?{m_letter}{joint}(?P<m>{m_cat})(?=$|[^A-Za-z0-9]|G[1-4X]))?"
    )
    single_n = rf"(?<![A-Za-z0-9])(?P<np>{prefix})\s?{n_letter}\s?(?P<n>{n_cat}){descriptor}(?=$|[^A-Za-z0-9]|[pcyP]?[Mm])"
    # A lone lower-case "pm1" is more often a time of day than a category: a single M stays upper-case.
    single_m = rf"(?<![A-Za-z0-9])(?P<mp>{prefix})\s?M\s?(?P<m>{m_cat})(?=$|[^A-Za-z0-9])"
    bare_single = rf"(?<![A-Za-z0-9])(?:N(?P<n>{n_cat})|M(?P<m>{m_cat}))(?=$|[^A-Za-z0-9])"
    return TnmPatterns(
        combined=re.compile(combined),
        single_n=re.compile(single_n),
        single_m=re.compile(single_m),
        staging_context=re.compile(spec["staging_context"], re.IGNORECASE),
        edition=re.compile(spec["editions"], re.IGNORECASE),
        stage_group=re.compile(spec["stage_group"], re.IGNORECASE),
        stage_group_zh=re.compile(spec["stage_group_zh"]),
        stage_after_tnm=re.compile(spec["stage_after_tnm"]),
        token_anchor=re.compile(spec["token_anchor"]),
        labelled=re.compile(spec["labelled"]),
        labelled_short=re.compile(spec["labelled_short"]),
        bare_single=re.compile(bare_single),
        axis_label=re.compile(spec["axis_label"]),
    )


# Cheap substring gate for `labelled_short` (its full scan costs about 5% of a report's time).
LABELLED_SHORT_MARKERS = ("pT:", "pT :", "pN:", "pN :", "pM:", "pM :", "T=", "T =", "N=", "N =", "pT):", "pN):", "pM):")
# (Each axis may carry its reason in brackets, as prose staging does: "staged as T2a (tumor greater than 3 cm…), N1
# (metastasis in an ipsilateral peribronchial lymph node) and M0 (no distant metastasis…)".)
AXIS_REASON = r"(?:\s?\([^()\n]{3,120}\))?"
CONTINUED_AXES = re.compile(
    # (an OCR'd "NO" after a bracketed reason too: "pT3 (separate tumour nodule in the same lobe) NO. Stage IIB")
    AXIS_REASON + r"[.,;]?\s{1,2}(?:and\s)?p?N\s?(?P<n>[0-3][a-c]?|[Xx]|O(?=\.\s))(?![A-LN-Za-z0-9])"
    # (M may be glued to N, as a line broken after the T leaves it: "pT1b\nN0M0")
    r"(?:" + AXIS_REASON + r"(?:[.,;]?\s{1,2}|(?=M))(?:and\s)?p?M\s?(?P<m>[01][a-c]?|[Xx])(?![A-Za-z0-9]))?"
)
CATEGORY_DISEASE = re.compile(r"\s+disease\b", re.IGNORECASE)
# …or a comment giving a metastasis its M category: "malignant pleural effusion (M1a)", "extrathoracic metastatic
# disease (M1c, multiple organ involvement)", "single extrathoracic metastasis, corresponding to M1b".
M_CALLED_BEFORE = re.compile(
    r"(?:(?:metastas[ie]s|metastatic\s+disease|effusion|involvement|nodules?)\s*\(|correspond(?:s|ing)?\s+to|classified\s+as|(?:represents|constitutes|is)\s+(?:an?\s+)?)\s*$",
    re.IGNORECASE,
)
# Words after an OCR'd "No"/"NO" category that make it the English "no": "No nodes submitted" (any lower-case word),
# "NO LYMPH NODES" (in capitals, only these; "T2NO lesion" stays N0).
NO_AS_WORD = {"o": re.compile(r"\s+[a-z]"), "O": re.compile(r"\s+(?:LYMPH|NODES?|REGIONAL|EVIDENCE|TUMOU?R|DISTANT|METASTA)")}


def _is_the_word_no(raw: str, text: str, end: int) -> bool:
    follows = NO_AS_WORD.get(raw[:1])
    return follows is not None and bool(follows.match(text, end))


OCR_LETTERS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1"})


def normalize_category(axis: str, raw: str) -> str:
    """`T`, ` 1 a` → `T1a`; OCR letters in the number become digits; `is` stays `is`, `x` becomes `X`.

    >>> normalize_category("M", "O"), normalize_category("T", "1 a"), normalize_category("T", "is"), normalize_category("N", "x")
    ('M0', 'T1a', 'Tis', 'NX')
    """
    value = re.sub(r"[\s()]", "", raw)  # "2(a)" as some forms write T2a
    if value.lower() == "is":
        return f"{axis}is"
    head, tail = value[0], value[1:]
    if head in "xX":
        return f"{axis}X"
    head = head.translate(OCR_LETTERS)
    tail = tail.lower()
    return f"{axis}{head}{tail}"


def normalize_prefix(raw: str | None) -> str | None:
    """'y p' → 'yp'; None stays None."""
    return re.sub(r"[\s()]", "", raw).lower() if raw else None  # "(y)p" → "yp"


def _has_ocr_letter(raw: str | None) -> bool:
    return bool(raw) and raw[0] in "OoIl"  # type: ignore[index]


def _token_windows(text: str, pats: TnmPatterns) -> list[tuple[int, int]]:
    """Merged windows around cheap TNM token hits (prefixes sit a few characters before, N and M after)."""
    windows: list[tuple[int, int]] = []
    for hit in pats.token_anchor.finditer(text):
        start, end = max(0, hit.start() - 8), min(len(text), hit.end() + 40)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_tnm(text: str) -> list[TnmMention]:
    """Every TNM statement in the text, in order.

    >>> [(m.t, m.n, m.m, m.prefix) for m in find_tnm("Stage: pT2aN1MO")]
    [('T2a', 'N1', 'M0', 'p')]
    >>> [(m.t, m.n, m.prefix) for m in find_tnm("ypT0 ypN0")]
    [('T0', 'N0', 'yp')]
    >>> [(m.t, m.n, m.m) for m in find_tnm("T Stage: 2 N Stage: 0 M Stage: 0")]
    [('T2', None, None), (None, 'N0', None), (None, None, 'M0')]
    >>> [(m.t, m.n, m.prefix) for m in find_tnm("pT: 2a  pN: 0")]
    [('T2a', None, 'p'), (None, 'N0', 'p')]
    """
    pats = patterns()
    mentions: list[TnmMention] = []
    taken: list[tuple[int, int]] = []
    windows = _token_windows(text, pats)

    def matches(pattern: re.Pattern[str]) -> list[re.Match[str]]:
        found: list[re.Match[str]] = []
        last_end = -1
        for start, end in windows:
            for match in pattern.finditer(text, start, end):
                if match.start() >= last_end:
                    found.append(match)
                    last_end = match.end()
        return found

    for match in matches(pats.combined):
        t_raw, n_raw, m_raw = match.group("t"), match.group("n"), match.group("m")
        end = match.end()
        if n_raw and _is_the_word_no(n_raw, text, match.end("n")):
            n_raw = m_raw = None  # "pT2 No lymph nodes…": the word "No", not an OCR'd N0
            end = match.end("t")
        prefix = normalize_prefix(match.group("tp") or match.group("np") or match.group("mp"))
        combined = n_raw is not None or m_raw is not None
        window = text[max(0, match.start() - 60) : match.start()]
        if not combined:
            # A lone "T2" is a stage only with a prefix or staging words nearby (not a vertebra or MRI weighting).
            prefixed = normalize_prefix(match.group("tp")) in {"p", "yp", "c", "yc", "rp", "r"}
            if not prefixed and not pats.staging_context.search(window):
                continue
            if _has_ocr_letter(t_raw) and not match.group("tp") and not pats.staging_context.search(window):
                continue
            if _has_ocr_letter(t_raw) and text[end : end + 1].isalpha():
                continue  # a word's first letters ("TONGUE", "TOMOGRAPHY"), not an OCR'd "T0" before its N or M
            # "T 2c. N 0. M x.": the axes a synoptic line writes as separate sentences (digits only, so "T2. No …"
            # is not read as N0).
            continued = CONTINUED_AXES.match(text, end)
            if continued:
                n_raw, m_raw, end = continued.group("n"), continued.group("m"), continued.end()
                combined = True
        elif _has_ocr_letter(t_raw) and not prefix and not (n_raw and m_raw) and not pats.staging_context.search(window):
            continue
        span = Span(match.start(), end, text[match.start() : end])
        mentions.append(
            TnmMention(
                t=normalize_category("T", t_raw),
                n=normalize_category("N", n_raw) if n_raw else None,
                m=normalize_category("M", m_raw) if m_raw else None,
                prefix=prefix,
                span=span,
                combined=combined,
            )
        )
        taken.append((match.start(), end))

    def overlaps(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in taken)

    def add_single(match: re.Match[str], axis: str, raw: str, prefix: str | None) -> None:
        """One axis stated on its own ("pN0", "N1b" after its label, "T Stage: 2")."""
        value = normalize_category(axis, raw)
        taken.append((match.start(), match.end()))
        mentions.append(
            TnmMention(
                t=value if axis == "T" else None,
                n=value if axis == "N" else None,
                m=value if axis == "M" else None,
                prefix=normalize_prefix(prefix),
                span=Span(match.start(), match.end(), match.group(0)),
                combined=False,
            )
        )

    for pattern, axis in ((pats.single_n, "N"), (pats.single_m, "M")):
        for match in matches(pattern):
            if not overlaps(match.start(), match.end()):
                add_single(match, axis, match.group(axis.lower()), match.group(f"{axis.lower()}p"))
    for match in matches(pats.bare_single):
        axis = "N" if match.group("n") is not None else "M"
        if _is_the_word_no(match.group(axis.lower()), text, match.end(axis.lower())):
            continue  # "REGIONAL LYMPH NODES (pN). No nodes submitted": the word "No", not an OCR'd N0
        label = pats.axis_label.search(text, max(0, match.start() - 40), match.start())
        labelled = label is not None and label.group(f"{axis.lower()}_label") is not None
        # (or prose calling the category the disease: "this represents M1b disease", "consistent with N2 disease")
        called = (
            axis == "M"
            and match.group("m")[:1] == "1"
            and M_CALLED_BEFORE.search(text, max(0, match.start() - 40), match.start())
        )
        if (labelled or called or CATEGORY_DISEASE.match(text, match.end())) and not overlaps(match.start(), match.end()):
            add_single(match, axis, match.group(axis.lower()), None)
    if any(word in text for word in ("tage", "TAGE", "ategory", "ATEGORY")):
        for match in pats.labelled.finditer(text):
            if not overlaps(match.start(), match.end()):
                add_single(match, match.group("axis"), match.group("value"), match.group("prefix"))
    if any(marker in text for marker in LABELLED_SHORT_MARKERS):
        for match in pats.labelled_short.finditer(text):
            if not overlaps(match.start(), match.end()):
                add_single(match, match.group("axis") or match.group("bare_axis"), match.group("value"), match.group("prefix"))
    mentions.sort(key=lambda m: m.span.start)
    return mentions


EDITION_ANCHORS = ("edition", "ajcc", "uicc", "版", " ed")
STAGE_ANCHORS = ("stage", "staging group", "期")
STAGE_WORDS = frozenset({"one", "two", "three", "four"})  # "pathologic stage two-A"


def find_edition(text: str, lower: str | None = None) -> tuple[int, Span] | None:
    """The AJCC/UICC edition a report cites, e.g. 'AJCC 8th edition' → 8, '第八版' → 8."""
    spec = load_yaml("tnm.yaml")
    lower = text.lower() if lower is None else lower
    for match in anchored_finditer(patterns().edition, text, lower, EDITION_ANCHORS, 20, 20):
        number = match.group("num") or match.group("zh")
        if number is None:
            continue
        value = int(spec["edition_numerals"].get(number, number))
        if (
            "edition" in match.group(0).lower()
            or "ed" in match.group(0).lower()
            or "版" in match.group(0)
            or "AJCC" in match.group(0)
        ):
            return value, Span(match.start(), match.end(), match.group(0))
    return None


def normalize_stage(value: str, sub: str | None) -> str:
    """Roman or arabic stage with its letter: '3','a' → 'IIIA'; 'Ⅲ','A' → 'IIIA'.

    >>> normalize_stage("Ⅲ", "A"), normalize_stage("2", "b"), normalize_stage("IV", None)
    ('IIIA', 'IIB', 'IV')
    """
    roman = load_yaml("tnm.yaml")["roman"]
    word = roman.get(value.lower()) if value.isalpha() and len(value) > 2 and value.lower() in roman else None
    text = word or ("".join(roman.get(ch, ch) for ch in value) if not value.isdigit() else roman[value])
    return text.upper() + (sub.upper() if sub else "")


def find_stage_groups(text: str, lang: str, lower: str | None = None) -> list[tuple[str, Span]]:
    """Stage groups stated in the text: 'Stage IIIA', 'pathologic stage 2b', 'ⅢA期'."""
    pats = patterns()
    found: list[tuple[str, Span]] = []
    lower = text.lower() if lower is None else lower
    for pattern in (pats.stage_group, pats.stage_group_zh) if lang == "zh" else (pats.stage_group,):
        for match in anchored_finditer(pattern, text, lower, STAGE_ANCHORS, 30, 60):
            value = match.group("value")
            value = value if value.lower() in STAGE_WORDS else value.replace("l", "I")  # OCR: "Stage lB"
            if not re.fullmatch(r"0|I{1,3}|IV|[ⅠⅡⅢⅣ]|[1-4]", value) and value.lower() not in STAGE_WORDS:
                continue
            found.append((normalize_stage(value, match.group("sub")), Span(match.start(), match.end(), match.group(0))))
    if "|" in text:
        found.extend(_stage_table_cells(text))
    if lang == "en" and "(I" in text:
        for match in pats.stage_after_tnm.finditer(text):
            stage = Span(match.start("value"), match.end() - 1, text[match.start("value") : match.end() - 1])
            found.append((normalize_stage(match.group("value"), match.group("sub")), stage))
    found.sort(key=lambda item: item[1].start)
    return found


STAGE_COLUMN = re.compile(r"\s*(?:(?:pathologic(?:al)?\s+)?stage(?:\s+group(?:ing)?)?|分期)\s*", re.IGNORECASE)
STAGE_CELL = re.compile(r"\s*(?P<value>I{1,3}|IV|[1-4])(?P<sub>[ABCabc][1-3]?)?\s*")


def _stage_table_cells(text: str) -> list[tuple[str, Span]]:
    """The stage group cells of a staging table ("| Edition | pT | pN | pM | Stage group |" and its rows)."""
    found: list[tuple[str, Span]] = []
    for header_start, header_end in table_lines(text):
        column = next(
            (i for i, cell in enumerate(cells(text, header_start, header_end)) if STAGE_COLUMN.fullmatch(cell.text)), None
        )
        if column is None:
            continue
        for row_start, row_end in rows_below(text, header_end):
            values = cells(text, row_start, row_end)
            if column < len(values) and (cell := STAGE_CELL.fullmatch(values[column].text)):
                start = values[column].start + cell.start("value")
                written = cell.group(0).strip()
                found.append(
                    (normalize_stage(cell.group("value"), cell.group("sub")), Span(start, start + len(written), written))
                )
    return found


def modifier_code(prefix: str | None, category: str) -> str:
    """The OMOP Cancer Modifier concept code of a category as stated: pathologic for p/yp, clinical otherwise (the
    build's convention; the shipped concepts are the 8th edition's).

    >>> modifier_code("p", "T2a"), modifier_code(None, "N1")
    ('p-8th_AJCC/UICC-T2a', 'c-8th_AJCC/UICC-N1')
    """
    return f"{'p' if prefix in ('p', 'yp') else 'c'}-8th_AJCC/UICC-{category}"


def main_category(value: str | None) -> str | None:
    """The main category for comparison: T1a → T1, N2b → N2, Tis, TX, M1c → M1.

    >>> main_category("T1b1"), main_category("Tis"), main_category("NX"), main_category(None)
    ('T1', 'Tis', 'NX', None)
    """
    if not value:
        return None
    match = re.match(r"([TNM])(is|X|\d)", value)
    return f"{match.group(1)}{match.group(2)}" if match else value
