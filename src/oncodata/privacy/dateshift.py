"""Per-person date shifts derived from the key (intervals within a person preserved), birth date reduction, age top-coding."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from oncodata.errors import BadInputError
from oncodata.privacy.keys import SecretKey

DEFAULT_MAX_SHIFT_DAYS = 30
DEFAULT_TOP_CODE_AGE = 89


class DateShifter:
    """Every date of one person moves by the same number of days, in [-max_days, max_days], never 0 unless allowed."""

    def __init__(self, key: SecretKey, max_days: int = DEFAULT_MAX_SHIFT_DAYS, allow_zero: bool = False) -> None:
        if max_days < 0:
            raise BadInputError("date shift max days must be 0 (disabled) or positive")
        self._key = key.date_shift_key
        self.max_days = max_days
        self.allow_zero = allow_zero

    @property
    def enabled(self) -> bool:
        return self.max_days > 0

    def shift_days(self, person: int | str) -> int:
        """The shift for one person (keyed by the pseudonymous person id), stable across runs.

        >>> from oncodata.privacy.keys import SecretKey
        >>> shifter = DateShifter(SecretKey(bytes(32)), max_days=30)
        >>> 1 <= abs(shifter.shift_days(42)) <= 30
        True
        """
        if not self.enabled:
            return 0
        draw = int.from_bytes(hmac.digest(self._key, str(person).encode(), "sha256")[:8], "big")
        if self.allow_zero:
            return draw % (2 * self.max_days + 1) - self.max_days
        # 2*max non-zero values: -max..-1 and 1..max
        offset = draw % (2 * self.max_days)
        return offset - self.max_days if offset < self.max_days else offset - self.max_days + 1

    def shift_date(self, value: dt.date, person: int | str | None = None, *, days: int | None = None) -> dt.date:
        """Move one date (or datetime) by the person's shift, or by an explicit number of days."""
        if days is None:
            if person is None:
                raise BadInputError("shift_date needs a person or an explicit number of days")
            days = self.shift_days(person)
        return value + dt.timedelta(days=days)

    def shift_days_for(self, person_ids: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Vectorized shifts: int32 days per person id; each distinct person computed once."""
        if isinstance(person_ids, pa.ChunkedArray):
            person_ids = person_ids.combine_chunks()
        encoded = pc.dictionary_encode(person_ids)
        distinct = [self.shift_days(person) for person in encoded.dictionary.to_pylist()]
        return pc.take(pa.array(distinct, type=pa.int32()), encoded.indices)

    def shift_dates(self, dates: pa.Array | pa.ChunkedArray, person_ids: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Vectorized: shift a date32 or timestamp array row by row by the shift of that row's person."""
        return shift_dates_by(dates, self.shift_days_for(person_ids))


def shift_dates_by(dates: pa.Array | pa.ChunkedArray, days: pa.Array | int) -> pa.Array:
    """Add `days` (an int array aligned with `dates`, or one int) to a date32/date64/timestamp array."""
    if isinstance(dates, pa.ChunkedArray):
        dates = dates.combine_chunks()
    original_type = dates.type
    if pa.types.is_date32(original_type) or pa.types.is_date64(original_type):
        as_days = pc.cast(pc.cast(dates, pa.date32()), pa.int32())
        shifted = pc.add(as_days, pc.cast(days, pa.int32()) if isinstance(days, pa.Array) else pa.scalar(days, pa.int32()))
        return pc.cast(pc.cast(shifted, pa.date32()), original_type)
    if pa.types.is_timestamp(original_type):
        unit_per_day = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}[original_type.unit]
        as_ticks = pc.cast(dates, pa.int64())
        delta = pc.multiply(
            pc.cast(days, pa.int64()) if isinstance(days, pa.Array) else pa.scalar(days, pa.int64()), unit_per_day
        )
        return pc.cast(pc.add(as_ticks, delta), original_type)
    raise BadInputError(f"cannot shift a column of type {original_type}; expected dates or timestamps")


@dataclass(frozen=True)
class BirthDatePolicy:
    """What the research database keeps of a birth date; ages above `top_code_age_above` are top-coded (None: never)."""

    keep_month: bool = False
    top_code_age_above: int | None = DEFAULT_TOP_CODE_AGE


@dataclass(frozen=True)
class ReducedBirthDate:
    """The birth fields the CDM keeps: year, optionally month; `top_coded` when the true age was hidden."""

    year_of_birth: int
    month_of_birth: int | None
    top_coded: bool


def age_in_years(birth: dt.date, on: dt.date) -> int:
    """Completed years of age on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def reduce_birth_date(birth: dt.date, reference: dt.date, policy: BirthDatePolicy | None = None) -> ReducedBirthDate:
    """Keep the year (and month if configured); someone older than the limit on `reference` gets the limit+1 age's year.

    >>> reduce_birth_date(dt.date(1920, 6, 1), dt.date(2021, 1, 1))
    ReducedBirthDate(year_of_birth=1931, month_of_birth=None, top_coded=True)
    """
    policy = policy or BirthDatePolicy()
    limit = policy.top_code_age_above
    if limit is not None and age_in_years(birth, reference) > limit:
        # Report everybody over the limit as exactly limit+1 years old at the reference date; month is dropped too.
        return ReducedBirthDate(reference.year - (limit + 1), None, True)
    return ReducedBirthDate(birth.year, birth.month if policy.keep_month else None, False)


def top_code_age(age: int, limit: int | None = DEFAULT_TOP_CODE_AGE) -> int:
    """Ages above the limit become limit+1 (e.g. 90 stands for '90 or older').

    >>> top_code_age(95), top_code_age(60)
    (90, 60)
    """
    if limit is not None and age > limit:
        return limit + 1
    return age


def top_code_ages(ages: pa.Array | pa.ChunkedArray, limit: int | None = DEFAULT_TOP_CODE_AGE) -> pa.Array | pa.ChunkedArray:
    """Vectorized top-coding of an integer age column."""
    if limit is None:
        return ages
    return pc.if_else(pc.greater(ages, limit), pa.scalar(limit + 1, ages.type), ages)
