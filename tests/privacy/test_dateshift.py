"""Date shifts: per-person, bounded, never zero unless allowed, interval-preserving, vectorized; birth dates and ages."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from oncodata.privacy.dateshift import (
    BirthDatePolicy,
    DateShifter,
    reduce_birth_date,
    shift_dates_by,
    top_code_age,
    top_code_ages,
)
from oncodata.privacy.keys import SecretKey


@pytest.mark.parametrize("max_days", [1, 7, 30, 365])
def test_shift_within_bounds_never_zero(key: SecretKey, max_days: int) -> None:
    shifter = DateShifter(key, max_days=max_days)
    # The key is random per run: enough people that missing either end of 2*max_days values has odds ~e^-20.
    shifts = [shifter.shift_days(person) for person in range(max(2000, 40 * max_days))]
    assert all(1 <= abs(shift) <= max_days for shift in shifts)
    assert min(shifts) == -max_days and max(shifts) == max_days  # the whole range is used


def test_zero_disables_and_allow_zero(key: SecretKey) -> None:
    assert DateShifter(key, max_days=0).shift_days(5) == 0
    allowing = DateShifter(key, max_days=2, allow_zero=True)
    assert 0 in {allowing.shift_days(person) for person in range(200)}


def test_stable_and_person_specific(key: SecretKey) -> None:
    shifter = DateShifter(key)
    assert shifter.shift_days(123) == DateShifter(key).shift_days(123)
    assert len({shifter.shift_days(person) for person in range(100)}) > 20


def test_intervals_within_a_person_are_preserved(key: SecretKey) -> None:
    shifter = DateShifter(key)
    diagnosis, surgery = dt.date(2021, 2, 27), dt.date(2021, 3, 5)
    shifted = [shifter.shift_date(day, 77) for day in (diagnosis, surgery)]
    assert shifted[1] - shifted[0] == surgery - diagnosis
    assert shifted[0] != diagnosis


def test_vectorized_dates_and_timestamps(key: SecretKey) -> None:
    shifter = DateShifter(key)
    people = pa.array([1, 1, 2, None])
    dates = pa.array([dt.date(2020, 1, 1), dt.date(2020, 3, 1), dt.date(2020, 1, 1), dt.date(2020, 1, 1)])
    shifted = shifter.shift_dates(dates, people).to_pylist()
    assert shifted[0] == shifter.shift_date(dt.date(2020, 1, 1), 1)
    assert shifted[1] - shifted[0] == dt.timedelta(days=60)
    assert shifted[2] == shifter.shift_date(dt.date(2020, 1, 1), 2)
    assert shifted[3] is None
    stamps = pa.array([dt.datetime(2020, 1, 1, 8, 30)], type=pa.timestamp("us"))
    assert shift_dates_by(stamps, 3).to_pylist() == [dt.datetime(2020, 1, 4, 8, 30)]


def test_birth_date_reduction_and_top_coding() -> None:
    reference = dt.date(2022, 6, 30)
    assert reduce_birth_date(dt.date(1960, 5, 17), reference).year_of_birth == 1960
    assert reduce_birth_date(dt.date(1960, 5, 17), reference).month_of_birth is None
    assert reduce_birth_date(dt.date(1960, 5, 17), reference, BirthDatePolicy(keep_month=True)).month_of_birth == 5
    old = reduce_birth_date(dt.date(1925, 1, 1), reference)
    assert old.top_coded and old.year_of_birth == 1932
    assert not reduce_birth_date(dt.date(1925, 1, 1), reference, BirthDatePolicy(top_code_age_above=None)).top_coded
    assert top_code_age(89) == 89 and top_code_age(104) == 90
    assert top_code_ages(pa.array([50, 90, 101])).to_pylist() == [50, 90, 90]
