"""Date and time rendering in the mixed styles hospital systems export (ISO, slashes, compact, Chinese)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

DateStyle = Callable[[dt.date], str]


def iso_date(day: dt.date) -> str:
    return day.isoformat()


def slash_date(day: dt.date) -> str:
    return f"{day.year}/{day.month}/{day.day}"


def compact_date(day: dt.date) -> str:
    return f"{day:%Y%m%d}"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def dotted_date(day: dt.date) -> str:
    return f"{day:%Y.%m.%d}"


# Per source system: the styles its export uses (first one dominant); mixing within a file is deliberate.
FILE_DATE_STYLES: dict[str, tuple[DateStyle, ...]] = {
    "patient_master": (iso_date, compact_date, slash_date),
    "visits": (slash_date,),
    "diagnoses": (iso_date,),
    "pathology_reports": (iso_date, chinese_date),
    "imaging_reports": (compact_date,),
    "lab_results": (iso_date,),
    "medication_orders": (iso_date, slash_date),
    "surgery": (iso_date, chinese_date),
    "radiotherapy": (dotted_date, iso_date),
    "followup": (iso_date, slash_date),
}


def render_date(rng: random.Random, source: str, day: dt.date) -> str:
    """Render a date the way `source` does; secondary styles appear in about one row in six."""
    styles = FILE_DATE_STYLES[source]
    if len(styles) == 1 or rng.random() > 1 / 6:
        return styles[0](day)
    return rng.choice(styles[1:])(day)


def render_datetime(rng: random.Random, source: str, day: dt.date, hour: int, minute: int) -> str:
    """A date with a clock time, as LIS/HIS timestamps are written."""
    return f"{render_date(rng, source, day)} {hour:02d}:{minute:02d}:{rng.randrange(60):02d}"
