"""Same-length repairs of OCR's digit-letter confusions in English: digits inside words ("ADEN0CARCIN0MA", "L0BE"),
letters inside numbers ("4.l crn", "O/l5", "TPS l%")."""

from __future__ import annotations

import re
from functools import cache

from oncodata.nlp.resources import load_yaml

# A word of letters with a 0 or 1 among them ("L0BE", "0VER", "p1eura"); a word of digits, or one with other digits
# ("L858R", "exon19"), is not one.
DIGIT_WORD = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z01]*[A-Za-z][01]|[01][A-Za-z])[A-Za-z01]{3,}(?![A-Za-z0-9])")
# Words where the digits are meant: TNM categories ("pT0N0M0", "ypT1aN1", "T0is"), stations and codes ("10L", "S1").
MEANT_DIGITS = re.compile(r"(?i)[pcyra]{0,3}(?:[TNM](?:[0-4xX]|is)?(?:[a-d]|mi|is)?[0-4]?){1,3}")
# A small l among capitals is an I ("NOT IDENTIFlED", "INVASlON").
SMALL_L_IN_CAPITALS = re.compile(r"(?<=[A-Z]{2})l(?=[A-Z]{2})")
# An l opening a word before "n" is an I: no English word starts "ln" ("lnvolved", "lnvasive").
SMALL_L_BEFORE_N = re.compile(r"(?<![A-Za-z])l(?=n[a-z])")
LETTERS_NEEDED = 3  # fewer letters than this and the digits are more likely meant ("R0", "PL0", "V1")


def repair_digit_letters(text: str) -> str:
    """The text with a 0 read for O and a 1 read for l inside words of letters; every offset keeps its character.

    >>> repair_digit_letters("ADEN0CARCIN0MA, RIGHT UPPER L0BE. MARGINS NEGAT1VE. IDENTIFlED. pT0N0M0, R0, ROS1, L858R")
    'ADENOCARCINOMA, RIGHT UPPER LOBE. MARGINS NEGATIVE. IDENTIFIED. pT0N0M0, R0, ROS1, L858R'
    >>> repair_digit_letters("visceral p1eura, no 1ymph node, ypT1aN1, T0is, Nodes lnvolved")
    'visceral pleura, no lymph node, ypT1aN1, T0is, Nodes Involved'
    """
    if "0" in text or "1" in text:
        text = DIGIT_WORD.sub(_repaired, text)
    if "l" not in text:
        return text
    return SMALL_L_BEFORE_N.sub("I", SMALL_L_IN_CAPITALS.sub("I", text))


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
        if char == "1" and len(neighbours) < 2 and index not in (0,):
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
    # a count read as O ("Number of Lymph Nodes lnvolved: O")
    r"|(?<=:\s)[Oo](?=\s*(?:[.;,\n]|$)))(?![A-Za-z0-9])"
    # a node station ("STATION lOL", "station llR"), its side letter kept
    r"|(?<=[Ss][Tt][Aa][Tt][Ii][Oo][Nn]\s)[lI1][O0lI1](?=[LRlr](?![A-Za-z0-9]))"
    r")"
)
# Stage IA1-IA3 with an l for its 1 ("Stage IAl").
STAGE_SUBGROUP = re.compile(r"(?<=[Ss][Tt][Aa][Gg][Ee]\sIA)[lI](?![A-Za-z0-9])")
DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def repair_letter_numbers(text: str) -> str:
    """The text with O/o read as 0 and l/I as 1 inside numbers; a letter right after a number's digits stays ("10l",
    "4L": stations), and every offset keeps its character.

    >>> repair_letter_numbers("4.l crn; nodes O/4, O/l and O/l5 (total l2); TPS l%; O.9 cm; station 10l; Stage IA")
    '4.1 crn; nodes 0/4, 0/1 and 0/15 (total 12); TPS 1%; 0.9 cm; station 10l; Stage IA'
    >>> repair_letter_numbers("STATION lOL: O/2; station llR. Involved: O. Stage IAl.")
    'STATION 10L: 0/2; station 11R. Involved: 0. Stage IA1.'
    """
    if not any(letter in text for letter in "OolI"):
        return text
    return STAGE_SUBGROUP.sub("1", NUMBER_WITH_LETTERS.sub(_number_repaired, text))


def _number_repaired(match: re.Match[str]) -> str:
    token = match.group(0)
    chars = list(token)
    for index, char in enumerate(chars):
        if char not in "OolI":
            continue
        after_digit = index > 0 and token[index - 1].isdigit()
        at_end = index == len(token) - 1 or token[index + 1] in "./,"
        if after_digit and at_end:
            continue  # "10l", "4L": a station's side, not a digit
        chars[index] = char.translate(DIGIT_FOR)
    return "".join(chars)


@cache
def _rn_words() -> re.Pattern[str] | None:
    """Each listed word written with "rn" for one of its m's, as one pattern."""
    variants = sorted(
        {
            word[:i] + "rn" + word[i + 1 :]
            for word in load_yaml("ocr_words.yaml")["rn_for_m"]
            for i, c in enumerate(word)
            if c == "m"
        },
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(variants) + r")(?![A-Za-z])", re.IGNORECASE) if variants else None


def repair_rn_for_m(text: str) -> tuple[str, list[int] | None]:
    """The text with known words' "rn" read back as "m", and for each of its offsets (plus its end) the offset it
    had; (text, None) when no word needed it.

    >>> repair_rn_for_m("Stapled rnargin free; Nurnber Exarnined: 12; pattern")[0]
    'Stapled margin free; Number Examined: 12; pattern'
    """
    if "rn" not in text and "RN" not in text:
        return text, None
    pattern = _rn_words()
    found = list(pattern.finditer(text)) if pattern else []
    if not found:
        return text, None
    pieces: list[str] = []
    mapping: list[int] = []
    last = 0
    for match in found:
        word = match.group(0)
        fixed, at = _fixed_word(word)
        pieces.append(text[last : match.start()])
        mapping.extend(range(last, match.start()))
        pieces.append(fixed)
        # The "m" stands where the "r" was; the letters after it keep their own offsets.
        mapping.extend([match.start() + k for k in range(at + 1)] + [match.start() + k for k in range(at + 2, len(word))])
        last = match.end()
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
