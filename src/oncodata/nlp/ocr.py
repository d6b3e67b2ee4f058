"""Same-length repairs of OCR's digit-letter confusions in English: digits inside words ("ADEN0CARCIN0MA", "L0BE"),
letters inside numbers ("4.l crn", "O/l5", "TPS l%")."""

from __future__ import annotations

import re

# A word of letters with a 0 or 1 among them ("L0BE", "0VER", "p1eura"); a word of digits, or one with other digits
# ("L858R", "exon19"), is not one.
DIGIT_WORD = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z01]*[A-Za-z][01]|[01][A-Za-z])[A-Za-z01]{3,}(?![A-Za-z0-9])")
# Words where the digits are meant: TNM categories ("pT0N0M0", "ypT1aN1", "T0is"), stations and codes ("10L", "S1").
MEANT_DIGITS = re.compile(r"(?i)[pcyra]{0,3}(?:[TNM](?:[0-4xX]|is)?(?:[a-d]|mi|is)?[0-4]?){1,3}")
LETTERS_NEEDED = 3  # fewer letters than this and the digits are more likely meant ("R0", "PL0", "V1")


def repair_digit_letters(text: str) -> str:
    """The text with a 0 read for O and a 1 read for l inside words of letters; every offset keeps its character.

    >>> repair_digit_letters("ADEN0CARCIN0MA, RIGHT UPPER L0BE. LYMPH-VASCU1AR INVASI0N. pT0N0M0, R0, ROS1, L858R")
    'ADENOCARCINOMA, RIGHT UPPER LOBE. LYMPH-VASCULAR INVASION. pT0N0M0, R0, ROS1, L858R'
    >>> repair_digit_letters("visceral p1eura, no 1ymph node, ypT1aN1, T0is")
    'visceral pleura, no lymph node, ypT1aN1, T0is'
    """
    if "0" not in text and "1" not in text:
        return text
    return DIGIT_WORD.sub(_repaired, text)


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
        chars[index] = {"0": "O", "1": "L"}[char] if upper else {"0": "o", "1": "l"}[char]
    return "".join(chars)


# A number with letters read for its digits: at least one true digit ("l2", "4.l", "O.9", "O/l5"), or a measure
# followed by its unit ("l.l crn", "TPS l%"), or a zero count ("O/l"). (Roman numerals and words have no digit.)
NUMBER_WITH_LETTERS = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?=[OolI]?[./,]?[0-9])[0-9OolI]+(?:[./,][0-9OolI]+)*"
    r"|[OolI]+(?:[./,][OolI]+)*(?=\s?(?:cm|crn|mm|rnm|%))"
    r"|[Oo]/[0-9lI]{1,2}"
    r")(?![A-Za-z0-9])"
)
DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def repair_letter_numbers(text: str) -> str:
    """The text with O/o read as 0 and l/I as 1 inside numbers; a letter right after a number's digits stays ("10l",
    "4L": stations), and every offset keeps its character.

    >>> repair_letter_numbers("4.l crn; nodes O/4, O/l and O/l5 (total l2); TPS l%; O.9 cm; station 10l; Stage IA")
    '4.1 crn; nodes 0/4, 0/1 and 0/15 (total 12); TPS 1%; 0.9 cm; station 10l; Stage IA'
    """
    if not any(letter in text for letter in "OolI"):
        return text
    return NUMBER_WITH_LETTERS.sub(_number_repaired, text)


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
