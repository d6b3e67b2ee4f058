"""Repairs of OCR's letter confusions in English reports (L0BE, 4.l crn, rnargin), with offsets kept or mapped back."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from oncodata.nlp.resources import load_yaml

# A word of letters with a 0 or 1 among them ("L0BE", "0VER", "p1eura"); a word of digits, or one with other digits
# ("L858R", "exon19"), is not one.
DIGIT_WORD = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z01]*[A-Za-z][01]|[01][A-Za-z])[A-Za-z01]{3,}(?![A-Za-z0-9])")
# Words where the digits are meant: TNM categories ("pT0N0M0", "ypT1aN1", "T0is"), stations and codes ("10L", "S1").
MEANT_DIGITS = re.compile(r"(?i)[pcyra]{0,3}(?:[TNM](?:[0-4xX]|is)?(?:[a-d]|mi|is)?[0-4]?){1,3}")
# A 0 or 1 next to a letter: where such a word may be (patterns that open with a literal or a class let `re` skip
# ahead; a report is scanned once by each).
DIGIT_BY_LETTER = re.compile(r"[01](?<=[A-Za-z][01])|[01](?=[A-Za-z])")
# A small l among capitals is an I ("NOT IDENTIFlED", "INVASlON").
SMALL_L_IN_CAPITALS = re.compile(r"l(?:(?<=[A-Z]l)(?=[A-Z]{2})|(?<=[A-Z]{2}l)(?=[A-Z]))")
# An l opening a word before "n" is an I: no English word starts "ln" ("lnvolved", "lnvasive").
SMALL_L_BEFORE_N = re.compile(r"ln(?<![A-Za-z]ln)(?=[a-z])")
# A capital I read for a word's first l ("Lower Iobe of Ieft lung", "Iymph"): only words the list knows.
CAPITAL_I_FOR_L = re.compile(r"(?<![A-Za-z])I[a-z]{2,}")
# …or for an l inside a small word ("visceral pIeura", "vascuIar"): again only listed words.
MID_I_HINT = re.compile(r"[A-Za-z]I[a-z]")
MID_I_FOR_L = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z]*I[a-z]+(?![A-Za-z])")
# Capital I's read for a small word's double l ("weII differentiated", "smaII ceII"): only words the list knows.
DOUBLE_I_FOR_LL = re.compile(r"(?<![A-Za-z])[a-z]+II[a-z]*(?![A-Za-z])")
LETTERS_NEEDED = 3  # fewer letters than this and the digits are more likely meant ("R0", "PL0", "V1")
# A short word with a 0 read for its o ("N0T", "0F", "TW0", "0NE"): repaired only when it is a listed word.
SHORT_ZERO_WORD = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z]{0,2}0)[A-Za-z0]{2,3}(?![A-Za-z0-9])")
# A TNM T category just before: then an N0 is the node category, whatever word follows ("T2 N0 lymph nodes").
T_CATEGORY_BEFORE = re.compile(r"(?i)t(?:[0-4x]|is)[a-d]?[\s,]*$")


def repair_digit_letters(text: str) -> str:
    """The text with the digits OCR read inside words turned back into letters (0 → O, 1 → I in capitals, l in small
    letters) and its l/I confusions mended (an l among capitals, "ln" opening a word, a known word's I for l); every
    offset keeps its character.

    >>> repair_digit_letters("ADEN0CARCIN0MA, RIGHT UPPER L0BE. MARGINS NEGAT1VE. IDENTIFlED. DlAGNOSlS. pT0N0M0, R0, ROS1")
    'ADENOCARCINOMA, RIGHT UPPER LOBE. MARGINS NEGATIVE. IDENTIFIED. DIAGNOSIS. pT0N0M0, R0, ROS1'
    >>> repair_digit_letters("visceral p1eura, no 1ymph node, ypT1aN1, T0is, Nodes lnvolved, Lower Iobe of Ieft lung. It is pIeura")
    'visceral pleura, no lymph node, ypT1aN1, T0is, Nodes Involved, Lower lobe of left lung. It is pleura'
    >>> repair_digit_letters("GI, weII differentiated; N0T INV0LVED; T2 N0 tumor; N0 LYMPHOVASCULAR INVASI0N; 0NE 0F TW0")
    'GI, well differentiated; NOT INVOLVED; T2 N0 tumor; NO LYMPHOVASCULAR INVASION; ONE OF TWO'
    """
    if "0" in text or "1" in text:
        text = _replace_near(text, DIGIT_BY_LETTER, DIGIT_WORD, _repaired)
    if "0" in text:
        text = _replace_near(text, DIGIT_BY_LETTER, SHORT_ZERO_WORD, _short_word_repaired)
    if "I" in text and CAPITAL_I_FOR_L.search(text):
        text = CAPITAL_I_FOR_L.sub(_i_for_l, text)
    if "I" in text and MID_I_HINT.search(text):
        text = _mid_i_repaired(text)
    if "II" in text:
        text = DOUBLE_I_FOR_LL.sub(_ii_for_ll, text)
    if "l" not in text:
        return text
    return SMALL_L_BEFORE_N.sub("In", SMALL_L_IN_CAPITALS.sub("I", text))


def _mid_i_repaired(text: str) -> str:
    """Each listed word with a capital I inside it read as an l ("pIeura"), found from the rare I-between-letters hits
    rather than by a scan of every word."""
    pieces: list[str] = []
    done = 0
    for hit in MID_I_HINT.finditer(text):
        if hit.start() < done:
            continue
        start = hit.start()
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        word = MID_I_FOR_L.match(text, start)
        if word is None or word.end() <= hit.start():
            continue
        pieces += [text[done : word.start()], _i_for_l(word)]
        done = word.end()
    return "".join(pieces) + text[done:] if pieces else text


def _short_word_repaired(match: re.Match[str]) -> str:
    """A listed short word's 0 back to o ("N0T", "0F"); "N0" is "NO" only before a word that "no" opens in reports
    ("N0 LYMPHOVASCULAR INVASION") and never after a T category."""
    word = match.group(0)
    spelled = word.replace("0", "o").lower()
    if spelled == "no":
        following = match.string[match.end() : match.end() + 20].lower().split(maxsplit=2)
        before = match.string[max(0, match.start() - 8) : match.start()]
        if not following or following[0] not in _no_before() or T_CATEGORY_BEFORE.search(before):
            return word
    elif spelled not in _short_words():
        return word
    upper = any(char.isupper() for char in word)
    return word.replace("0", "O" if upper else "o")


@cache
def _short_words() -> frozenset[str]:
    return frozenset(load_yaml("ocr_words.yaml")["short_words_with_o"])


@cache
def _no_before() -> frozenset[str]:
    return frozenset(load_yaml("ocr_words.yaml")["no_before"])


def _ii_for_ll(match: re.Match[str]) -> str:
    word = match.group(0)
    mended = word.replace("II", "ll")
    return mended if mended in _double_l_words() else word


@cache
def _double_l_words() -> frozenset[str]:
    return frozenset(load_yaml("ocr_words.yaml")["double_i_for_ll"])


def _i_for_l(match: re.Match[str]) -> str:
    word = match.group(0)
    mended = word.replace("I", "l")
    return mended if mended.lower() in _i_for_l_words() else word


@cache
def _i_for_l_words() -> frozenset[str]:
    return frozenset(load_yaml("ocr_words.yaml")["capital_i_for_l"])


def _repaired(match: re.Match[str]) -> str:
    word = match.group(0)
    letters = sum(char.isalpha() for char in word)
    if letters < LETTERS_NEEDED or MEANT_DIGITS.fullmatch(word):
        return word
    chars = list(word)
    for index, char in enumerate(chars):
        if char not in "01":
            continue
        neighbours = [c for c in (word[index - 1 : index], word[index + 1 : index + 2]) if c.isalpha()]
        if char == "1" and len(neighbours) < 2 and index != 0:
            continue  # a 1 ends words ("ROS1" is no "ROSl"); it stands for l only between letters or first
        upper = all(c.isupper() for c in neighbours) if neighbours else True
        # (In capitals a 1 is mostly an I, "NEGAT1VE", "INVAS1ON"; in small letters an l, "p1eura".)
        chars[index] = {"0": "O", "1": "I"}[char] if upper else {"0": "o", "1": "l"}[char]
    return "".join(chars)


# A number with letters read for its digits: at least one true digit ("l2", "4.l", "O.9", "O/l5"), or a measure
# followed by its unit ("l.l crn", "TPS l%"), or a zero count ("O/l"). (Roman numerals and words have no digit.)
NUMBER_WITH_LETTERS = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?:(?=[OolI]?[./,]?[0-9])[0-9OolI]+(?:[./,][0-9OolI]+)*"
    r"|[OolI]+(?:[./,][OolI]+)*(?=\s?(?:cm|crn|mm|rnm|%))"
    r"|[Oo]/[0-9lI]{1,2}"
    r"|(?<=[0-9]/)[OolI]"  # a count's letter after its slash ("0/l")
    # a count read as O or l ("Number of Lymph Nodes lnvolved: O", "Lymph Nodes Examined: ll")
    r"|(?<=:\s)(?:[Oo]|[lI]{1,2})(?=\s*(?:[.;,\n]|$)))(?![A-Za-z0-9])"
    # a node station ("STATION lOL", "station llR", "gr. 1OL", "group lOR", "level llL"), its side letter kept
    r"|(?:(?<=[Ss][Tt][Aa][Tt][Ii][Oo][Nn]\s)|(?<=[Gg][Rr][Oo][Uu][Pp]\s)|(?<=[Gg][Rr]\.\s)|(?<=[Ll][Ee][Vv][Ee][Ll]\s))"
    r"[lI1][O0lI1](?=[LRlr](?![A-Za-z0-9]))"
    r")"
)
# Where such a number may be: a letter beside a digit or a separator, a zero count, a station, a stage subgroup.
# (Several small patterns: each opens with a digit or a rare character, which `re` scans for fast; one alternation
# of them all would be tried at every offset.)
LETTER_BY_NUMBER = tuple(
    re.compile(source)
    for source in (
        r"[0-9](?:(?<=[OolI][0-9])|(?<=[OolI][./,][0-9])|[./,][OolI]|[Oo](?![A-Za-z]))",  # ("l/1O": one of ten)
        r"[./,][OolI]\s?(?:cm|crn|mm|rnm|%)",
        r"%(?<=[OolI]%)",
        r"/(?<=[Oo]/)(?=[lI])",
        r"/(?<=[0-9]/)(?=[OolI](?![A-Za-z0-9]))",
        r":\s(?:[Oo]|[lI]{1,2})\s*(?:[.;,\n]|$)",
        r"(?:tation|TATION|roup|ROUP|[Gg][Rr]\.|evel|EVEL)\s[lI1][O0lI1][LRlr]\b",
        r"IA[lI]\b",
    )
)
# Stage IA1-IA3 with an l for its 1 ("Stage IAl").
STAGE_SUBGROUP = re.compile(r"(?<=[Ss][Tt][Aa][Gg][Ee]\sIA)[lI](?![A-Za-z0-9])")
DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


# A decimal a scan split after its point ("size 3. 8 x 3. 0 x 2. 7 cm", "5. 5 CM IN GREATEST DIMENSION"): a measure
# follows, so it is no list number or sentence end.
# (its second digit may be OCR's letter: "tumour 5. O x 4.2 x 3.5 cm")
SPLIT_DECIMAL = re.compile(r"(?<![\d.])(\d{1,2})\. ([\dOol])(?=\s*(?:[xX×*]|cm\b|mm\b|CM\b|MM\b|crn\b))")


def close_split_decimals(text: str) -> str:
    """The text with a decimal split after its point closed up, the space moved after it so offsets keep their length.

    >>> close_split_decimals("size 3. 8 x 3. 0 x 2. 7 cm; 5. 5 CM; 1. Lung")
    'size 3.8  x 3.0  x 2.7  cm; 5.5  CM; 1. Lung'
    """
    if ". " not in text or SPLIT_DECIMAL.search(text) is None:
        return text
    return SPLIT_DECIMAL.sub(lambda m: f"{m.group(1)}.{m.group(2).translate(DIGIT_FOR)} ", text)


def repair_letter_numbers(text: str) -> str:
    """The text with O/o read as 0 and l/I as 1 inside numbers; a letter right after a number's digits stays ("10l",
    "4L": stations), and every offset keeps its character.

    >>> repair_letter_numbers("4.l crn; nodes O/4, O/l and O/l5 (total l2); TPS l%; O.9 cm; station 10l; Stage IA; l/1O, 0/l")
    '4.1 crn; nodes 0/4, 0/1 and 0/15 (total 12); TPS 1%; 0.9 cm; station 10l; Stage IA; 1/10, 0/1'
    >>> repair_letter_numbers("STATION lOL: O/2; station llR. Involved: O. Examined: ll\\nStage IAl.")
    'STATION 10L: 0/2; station 11R. Involved: 0. Examined: 11\\nStage IA1.'
    >>> repair_letter_numbers("gr. 1OL - 0/2; group lOR (0/2)")
    'gr. 10L - 0/2; group 10R (0/2)'
    """
    if not any(letter in text for letter in "OolI"):
        return text
    return _replace_near(text, LETTER_BY_NUMBER, NUMBER_WITH_LETTERS, _number_repaired, STAGE_SUBGROUP)


def _number_repaired(match: re.Match[str]) -> str:
    token = match.group(0)
    chars = list(token)
    for index, char in enumerate(chars):
        if char not in "OolI":
            continue
        after_digit = index > 0 and token[index - 1].isdigit()
        at_end = index == len(token) - 1 or token[index + 1] in "./,"
        if after_digit and at_end and char in "lI":
            continue  # "10l": a station's side, not a digit (no side is an O: "1O" is ten)
        chars[index] = char.translate(DIGIT_FOR)
    return "".join(chars)


@cache
def _rn_variants() -> frozenset[str]:
    """Each listed word written with "rn" for one of its m's, lower-cased."""
    return frozenset(
        word[:i] + "rn" + word[i + 1 :]
        for word in load_yaml("ocr_words.yaml")["rn_for_m"]
        for i, c in enumerate(word)
        if c == "m"
    )


def repair_rn_for_m(text: str) -> tuple[str, list[int] | None]:
    """The text with known words' "rn" read back as "m", and for each of its offsets (plus its end) the offset it
    had; (text, None) when no word needed it.

    >>> repair_rn_for_m("Stapled rnargin free; Nurnber Exarnined: 12; pattern")[0]
    'Stapled margin free; Number Examined: 12; pattern'
    """
    lower = text.lower()
    if "rn" not in lower:
        return text, None
    variants = _rn_variants()
    found: list[tuple[int, int]] = []
    at = lower.find("rn")
    while at >= 0:
        start, end = at, at + 2
        while start > 0 and lower[start - 1].isalpha():
            start -= 1
        while end < len(lower) and lower[end].isalpha():
            end += 1
        if lower[start:end] in variants and (not found or start >= found[-1][1]):
            found.append((start, end))
        at = lower.find("rn", end)
    if not found:
        return text, None
    pieces: list[str] = []
    mapping: list[int] = []
    last = 0
    for start, end in found:
        word = text[start:end]
        fixed, at = _fixed_word(word)
        pieces.append(text[last:start])
        mapping.extend(range(last, start))
        pieces.append(fixed)
        # The "m" stands where the "r" was; the letters after it keep their own offsets.
        mapping.extend([start + k for k in range(at + 1)] + [start + k for k in range(at + 2, len(word))])
        last = end
    pieces.append(text[last:])
    mapping.extend(range(last, len(text) + 1))
    return "".join(pieces), mapping


def _fixed_word(word: str) -> tuple[str, int]:
    """A listed word's "rn" variant back to the word (the case of its letters kept), and where its "rn" was."""
    for i in range(len(word) - 1):
        if word[i : i + 2].lower() == "rn":
            candidate = word[:i] + ("M" if word[i].isupper() else "m") + word[i + 2 :]
            if candidate.lower() in _rn_vocabulary():
                return candidate, i
    raise AssertionError(f"not a listed word's variant: {len(word)} letters")


@cache
def _rn_vocabulary() -> frozenset[str]:
    return frozenset(load_yaml("ocr_words.yaml")["rn_for_m"])


NEAR = 12  # characters around a candidate the full pattern is run in (its words and its lookbehinds' context)


def _replace_near(
    text: str,
    candidates: re.Pattern[str] | tuple[re.Pattern[str], ...],
    pattern: re.Pattern[str],
    repair: Callable[[re.Match[str]], str],
    also: re.Pattern[str] | None = None,
) -> str:
    """`pattern.sub(repair, text)`, run only in windows around the cheap `candidates` patterns' hits (a long report
    has a handful); `also` is replaced by "1" in the same windows."""
    windows: list[tuple[int, int]] = []
    hits = (
        sorted((hit for pattern in candidates for hit in pattern.finditer(text)), key=lambda hit: hit.start())
        if isinstance(candidates, tuple)
        else candidates.finditer(text)
    )
    for hit in hits:
        start, end = max(0, hit.start() - NEAR), min(len(text), hit.end() + NEAR)
        while start > 0 and text[start - 1].isalnum():
            start -= 1  # whole words: a window's edge must not cut one
        while end < len(text) and text[end].isalnum():
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    if not windows:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in windows:
        for match in pattern.finditer(text, start, end):
            if match.start() < last:
                continue
            pieces.append(text[last : match.start()])
            pieces.append(repair(match))
            last = match.end()
        if also is not None:
            for match in also.finditer(text, max(start, last), end):
                pieces.append(text[last : match.start()])
                pieces.append("1")
                last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
