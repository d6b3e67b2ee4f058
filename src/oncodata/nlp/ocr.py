"""Same-length repairs of OCR's digits read inside English words ("ADEN0CARCIN0MA", "L0BE", "VASCU1AR")."""

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
