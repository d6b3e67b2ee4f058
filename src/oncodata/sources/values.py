"""Parse the non-date value roles of a mapping: numbers, integers, lab results with operators, reference ranges."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_RESULT = re.compile(r"^\s*(<=|>=|<|>|≤|≥|＜|＞)?\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*$")
_RANGE = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(?:-|~|～|–|—|至)\s*([-+]?\d+(?:\.\d+)?)\s*$")
_BOUND = re.compile(r"^\s*(<=|>=|<|>|≤|≥|＜|＞)\s*([-+]?\d+(?:\.\d+)?)\s*$")
_OPERATOR = {"≤": "<=", "≥": ">=", "＜": "<", "＞": ">"}


class ValueParseError(ValueError):
    """A value that does not fit its role; the message says what was expected."""


def parse_number(text: str) -> float:
    """A decimal number; thousands separators allowed.

    >>> parse_number("1,250.5")
    1250.5
    """
    cleaned = text.replace(",", "").replace("，", "").strip()
    if not _NUMBER.match(cleaned):
        raise ValueParseError("not a number")
    return float(cleaned)


def parse_integer(text: str) -> int:
    value = parse_number(text)
    if not value.is_integer():
        raise ValueParseError("not a whole number")
    return int(value)


def parse_result(text: str) -> tuple[float | None, str | None]:
    """A lab result: (number, operator) when numeric such as `<0.5`; (None, None) for text like 阴性.

    >>> parse_result("≥ 1000")
    (1000.0, '>=')
    """
    match = _RESULT.match(text)
    if not match:
        return None, None
    operator = match.group(1)
    return float(match.group(2)), (_OPERATOR.get(operator, operator) if operator else None)


def parse_range(text: str) -> tuple[float | None, float | None]:
    """A reference range `3.5-5.5`, `<5` or `>1.0` as (low, high); unparseable ranges give (None, None)."""
    if match := _RANGE.match(text):
        return float(match.group(1)), float(match.group(2))
    if match := _BOUND.match(text):
        operator = _OPERATOR.get(match.group(1), match.group(1))
        bound = float(match.group(2))
        return (None, bound) if operator.startswith("<") else (bound, None)
    return None, None
