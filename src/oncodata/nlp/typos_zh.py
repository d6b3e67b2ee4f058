"""Mend common Chinese typing slips (淋巴节, 纵膈, 肿快) to the words meant, with every offset kept."""

from __future__ import annotations

import re
from functools import cache

from oncodata.nlp.resources import load_yaml


@cache
def _slips() -> tuple[re.Pattern[str], dict[str, str]]:
    meant: dict[str, str] = load_yaml("typos_zh.yaml")
    if any(len(slip) != len(word) for slip, word in meant.items()):
        raise ValueError("typos_zh.yaml: a slip and its word must be of the same length")
    return re.compile("|".join(map(re.escape, meant))), meant


def mend_typing_slips(text: str) -> str:
    """The text with each listed slip replaced by the word meant (same length, so spans read back as written).

    >>> mend_typing_slips("纵膈4R区见肿大淋巴节；右肺上叶肿快")
    '纵隔4R区见肿大淋巴结；右肺上叶肿块'
    """
    pattern, meant = _slips()
    return pattern.sub(lambda slip: meant[slip.group(0)], text)
