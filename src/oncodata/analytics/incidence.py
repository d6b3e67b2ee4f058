"""Incidence and prevalence by calendar year: crude rates with exact Poisson CIs and direct age standardization.

Cases are a cohort's members by the calendar year of their index date; person-time at risk is every observed person's
observation time in that year (ending at the index date for members), split by five-year age group (age = year −
year of birth). Age-standardized rates weight the age-specific rates by a standard population shipped in
data/standard_populations.csv, with the Fay-Feuer gamma interval (as SEER*Stat). Prevalence is the share of
persons observed in the year who were cohort members by its end and still followed on its first day.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from scipy.stats import beta, chi2

from oncodata.analytics.cohort import get_cohort
from oncodata.errors import BadInputError
from oncodata.store.base import Store

PER = 100_000
BAND_WIDTH = 5
OLDEST_BAND = 85
DAYS_PER_YEAR = 365.25


@lru_cache(maxsize=1)
def standard_populations() -> dict[str, np.ndarray]:
    """Standard population per five-year age group (0-4 … 85+), by name."""
    text = resources.files("oncodata.analytics").joinpath("data/standard_populations.csv").read_text(encoding="utf-8")
    result: dict[str, list[float]] = {}
    for row in csv.DictReader(text.splitlines()):
        result.setdefault(row["standard"], []).append(float(row["population"]))
    return {name: np.array(values) for name, values in result.items()}


def band_labels() -> list[str]:
    return [f"{low}-{low + BAND_WIDTH - 1}" for low in range(0, OLDEST_BAND, BAND_WIDTH)] + [f"{OLDEST_BAND}+"]


def poisson_ci(count: float, person_years: float, alpha: float = 0.05) -> tuple[float, float]:
    """Exact (Garwood) CI of a rate count/person_years."""
    if person_years <= 0:
        return (float("nan"), float("nan"))
    lower = chi2.ppf(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    upper = chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(lower / person_years), float(upper / person_years)


def age_standardized_rate(
    cases: np.ndarray, person_years: np.ndarray, standard: np.ndarray, alpha: float = 0.05
) -> tuple[float, float, float]:
    """Directly standardized rate (per person-year) with the Fay-Feuer gamma CI; age groups without person-time get no weight.

    >>> rate, low, high = age_standardized_rate(np.array([10, 30]), np.array([1000.0, 1000.0]), np.array([1.0, 1.0]))
    >>> round(rate, 4)
    0.02
    """
    cases = np.asarray(cases, dtype=float)
    person_years = np.asarray(person_years, dtype=float)
    observed = person_years > 0
    weights = np.where(observed, standard, 0.0)
    if weights.sum() == 0:
        return (float("nan"), float("nan"), float("nan"))
    weights = weights / weights.sum()
    safe = np.where(observed, person_years, 1.0)
    rate = float(np.sum(weights * cases / safe))
    variance = float(np.sum(weights**2 * cases / safe**2))
    max_weight = float(np.max(np.where(observed, weights / safe, 0.0)))
    lower = 0.0 if variance == 0 else variance / (2 * rate) * chi2.ppf(alpha / 2, 2 * rate**2 / variance)
    upper = (
        (variance + max_weight**2)
        / (2 * (rate + max_weight))
        * chi2.ppf(1 - alpha / 2, 2 * (rate + max_weight) ** 2 / (variance + max_weight**2))
    )
    return rate, float(lower), float(upper)


@dataclass
class YearRates:
    """One calendar year: cases, person-years, crude and standardized incidence, prevalence."""

    year: int
    cases: int
    person_years: float
    crude_rate: float
    crude_ci: tuple[float, float]
    standardized_rate: float
    standardized_ci: tuple[float, float]
    prevalent: int
    observed_persons: int
    prevalence: float
    prevalence_ci: tuple[float, float]
    cases_by_age: list[int]
    person_years_by_age: list[float]

    def as_dict(self, threshold: int | None = None) -> dict[str, Any]:
        from oncodata.privacy.export_control import suppress_count

        def shown(count: int) -> int | str | None:
            return count if threshold is None else suppress_count(count, threshold)

        return {
            "year": self.year,
            "cases": shown(self.cases),
            "person_years": round(self.person_years, 2),
            "crude_rate_per_100k": self.crude_rate * PER,
            "crude_ci_per_100k": [v * PER for v in self.crude_ci],
            "age_standardized_rate_per_100k": self.standardized_rate * PER,
            "age_standardized_ci_per_100k": [v * PER for v in self.standardized_ci],
            "prevalent_cases": shown(self.prevalent),
            "observed_persons": self.observed_persons,
            "prevalence_per_100k": self.prevalence * PER,
            "prevalence_ci_per_100k": [v * PER for v in self.prevalence_ci],
        }


@dataclass
class IncidenceResult:
    """Rates by calendar year for one cohort and one standard population."""

    cohort_id: int
    cohort_name: str
    standard: str
    years: list[YearRates]

    def as_dict(self, threshold: int | None = 5) -> dict[str, Any]:
        return {
            "cohort_id": self.cohort_id,
            "cohort_name": self.cohort_name,
            "standard_population": self.standard,
            "per": PER,
            "age_groups": band_labels(),
            "years": [y.as_dict(threshold) for y in self.years],
        }


def _band_sql(age: str) -> str:
    return f"LEAST(CAST(floor(({age}) / {float(BAND_WIDTH)}) AS INTEGER), {OLDEST_BAND // BAND_WIDTH})"


def incidence(
    store: Store, cohort_id: int, start_year: int, end_year: int, standard: str = "who_world_2000", alpha: float = 0.05
) -> IncidenceResult:
    """Cases, person-years, crude and age-standardized incidence, and prevalence for each year in the range."""
    populations = standard_populations()
    if standard not in populations:
        raise BadInputError(f"unknown standard population {standard!r}; choose one of {', '.join(sorted(populations))}")
    if not 1900 <= start_year <= end_year <= 2200:
        raise BadInputError(f"invalid year range {start_year}-{end_year}")
    cohort = get_cohort(store, cohort_id)
    years = ", ".join(f"({y}, DATE '{dt.date(y, 1, 1)}', DATE '{dt.date(y, 12, 31)}')" for y in range(start_year, end_year + 1))
    calendar = f"(VALUES {years}) AS cal(y, first_day, last_day)"
    member = f"results.cohort_member cm ON cm.person_id = op.person_id AND cm.cohort_definition_id = {int(cohort_id)}"
    # Person-time at risk: the part of each observation period inside the year, ending at the index date for members.
    exposure_end = "LEAST(op.observation_period_end_date, cal.last_day, COALESCE(cm.index_date, cal.last_day))"
    exposure_start = "GREATEST(op.observation_period_start_date, cal.first_day)"
    person_time = store.query(
        f"SELECT cal.y, {_band_sql('cal.y - p.year_of_birth')} AS band, sum({exposure_end} - {exposure_start} + 1) AS days "
        f"FROM cdm.observation_period op JOIN cdm.person p ON p.person_id = op.person_id CROSS JOIN {calendar} "
        f"LEFT JOIN {member} WHERE {exposure_end} >= {exposure_start} GROUP BY 1, 2"
    )
    cases = store.query(
        f"SELECT cal.y, {_band_sql('cal.y - p.year_of_birth')} AS band, count(*) FROM results.cohort_member cm "
        f"JOIN cdm.person p ON p.person_id = cm.person_id JOIN {calendar} ON cm.index_date BETWEEN cal.first_day AND cal.last_day "
        f"WHERE cm.cohort_definition_id = {int(cohort_id)} GROUP BY 1, 2"
    )
    prevalence_rows = store.query(
        "SELECT cal.y, count(DISTINCT op.person_id), count(DISTINCT CASE WHEN cm.index_date <= cal.last_day "
        f"AND cm.end_date >= cal.first_day THEN cm.person_id END) FROM cdm.observation_period op CROSS JOIN {calendar} "
        f"LEFT JOIN {member} WHERE op.observation_period_start_date <= cal.last_day AND op.observation_period_end_date >= cal.first_day "
        "GROUP BY 1"
    )
    bands = len(band_labels())
    span = end_year - start_year + 1
    py = np.zeros((span, bands))
    counts = np.zeros((span, bands))
    for year, band, days in person_time:
        if band is not None and band >= 0:
            py[int(year) - start_year, int(band)] += float(days) / DAYS_PER_YEAR
    for year, band, count in cases:
        if band is not None and band >= 0:
            counts[int(year) - start_year, int(band)] += int(count)
    prevalence = {int(y): (int(observed), int(prevalent)) for y, observed, prevalent in prevalence_rows}
    weights = populations[standard]
    result = []
    for offset in range(span):
        year = start_year + offset
        total_cases, total_py = float(counts[offset].sum()), float(py[offset].sum())
        crude = total_cases / total_py if total_py else float("nan")
        rate, low, high = age_standardized_rate(counts[offset], py[offset], weights, alpha)
        observed, prevalent = prevalence.get(year, (0, 0))
        share = prevalent / observed if observed else float("nan")
        prevalence_ci = (
            (
                float(beta.ppf(alpha / 2, prevalent, observed - prevalent + 1)) if prevalent else 0.0,
                float(beta.ppf(1 - alpha / 2, prevalent + 1, observed - prevalent)) if prevalent < observed else 1.0,
            )
            if observed
            else (float("nan"), float("nan"))
        )
        result.append(
            YearRates(
                year,
                int(total_cases),
                total_py,
                crude,
                poisson_ci(total_cases, total_py, alpha),
                rate,
                (low, high),
                prevalent,
                observed,
                share,
                prevalence_ci,
                counts[offset].astype(int).tolist(),
                py[offset].tolist(),
            )
        )
    return IncidenceResult(cohort.cohort_id, cohort.name, standard, result)
