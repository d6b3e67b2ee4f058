"""Parse the date and time styles hospital systems export (ISO, slashes, dots, compact, Chinese), strictly."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

# year-month-day in any of - / . 年月日, with an optional clock time.
_YMD = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?秒?)?)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:[\sT]?(\d{2}):?(\d{2})(?::?(\d{2}))?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[\sT]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?\s*$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class DateParseError(ValueError):
    """A value that is not a real calendar date in any accepted style; the message never repeats the value."""


def _build(year: str, month: str, day: str, hour: str | None, minute: str | None, second: str | None) -> dt.datetime:
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError as error:
        raise DateParseError(f"not a real calendar date/time ({error})") from None


def parse_datetime(text: str, *, day_first: bool = False) -> dt.datetime:
    """Parse one value; `day_first` admits dd/mm/yyyy (never guessed: only when the mapping says so).

    >>> parse_datetime("2021年3月5日").date()
    datetime.date(2021, 3, 5)
    >>> parse_datetime("20210305 08:30").hour
    8
    """
    if match := _YMD.match(text):
        return _build(*match.groups())
    if match := _COMPACT.match(text):
        return _build(*match.groups())
    if day_first and (match := _DMY.match(text)):
        day, month, year, hour, minute, second = match.groups()
        return _build(year, month, day, hour, minute, second)
    raise DateParseError("not a date in a recognised style (e.g. 2021-03-05, 2021/3/5, 20210305, 2021年3月5日)")


def parse_date(text: str, *, day_first: bool = False) -> dt.date:
    return parse_datetime(text, day_first=day_first).date()


def excel_serial_to_date(serial: float) -> dt.date:
    """Excel stores dates as days since 1899-12-30."""
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


@lru_cache(maxsize=8)
def date_parser(day_first: bool) -> Callable[[str], dt.datetime]:
    """A parser with a per-value cache: exports repeat the same dates many times."""
    return lru_cache(maxsize=65536)(lambda text: parse_datetime(text, day_first=day_first))
