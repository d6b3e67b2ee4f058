"""Mend common typing slips (淋巴节, 纵膈, "Rigth") to the words meant, with every offset kept."""

from __future__ import annotations

import re
from functools import cache

from oncodata.nlp.resources import load_yaml


@cache
def _slips(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    meant: dict[str, str] = load_yaml("typos.yaml")[lang]
    if any(len(slip) != len(word) for slip, word in meant.items()):
        raise ValueError(f"typos.yaml ({lang}): a slip and its word must be of the same length")
    alternatives = "|".join(map(re.escape, meant))
    if lang == "zh":
        return re.compile(alternatives), meant
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE), meant


def _in_case_of(slip: str, word: str) -> str:
    """The word meant, written in the slip's case ("Rigth" → "Right", "RIGTH" → "RIGHT")."""
    if slip.isupper():
        return word.upper()
    return word.capitalize() if slip[:1].isupper() else word


def mend_typing_slips(text: str, lang: str = "zh") -> str:
    """The text with each listed slip replaced by the word meant (same length, so spans read back as written).

    >>> mend_typing_slips("纵膈4R区见肿大淋巴节；右肺上叶肿快")
    '纵隔4R区见肿大淋巴结；右肺上叶肿块'
    >>> mend_typing_slips("Rigth lower lobe mass; RIGTH hilum; the bright spot", "en")
    'Right lower lobe mass; RIGHT hilum; the bright spot'
    """
    pattern, meant = _slips(lang)
    if lang == "zh":
        return pattern.sub(lambda slip: meant[slip.group(0)], text)
    if not any(form in text for form in _written_forms()):
        return text  # (the cheap check first: a case-blind scan of every report costs more than these few finds)
    return pattern.sub(lambda slip: _in_case_of(slip.group(0), meant[slip.group(0).lower()]), text)


@cache
def _written_forms() -> tuple[str, ...]:
    """Each English slip as a report may write it: lower case, capitalised, in capitals."""
    return tuple(form for slip in _slips("en")[1] for form in (slip, slip.capitalize(), slip.upper()))
