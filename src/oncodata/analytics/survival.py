"""Survival from a cohort's index date: OS and rwPFS data, Kaplan-Meier, log-rank, Cox PH, Aalen-Johansen (competing risks).

Time-to-event data are extracted with one SQL query (dates differenced in the engine). Kaplan-Meier (exponential
Greenwood CIs, medians) and the log-rank test are lifelines' formulas in vectorized numpy (equal to lifelines to 1e-9,
and fast on 100k persons); Cox PH is lifelines itself. Aalen-Johansen is exact with ties (lifelines jitters them).
OS: index → death, censored at the member's end date. rwPFS: index → earliest progression episode (32677) after
index or death, censored at the end date.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from oncodata.analytics.cohort import get_cohort
from oncodata.analytics.variables import category_order, variable, variable_values
from oncodata.cdm.oncology import EpisodeConcept
from oncodata.errors import BadInputError
from oncodata.store.base import Store

ENDPOINTS = ("os", "pfs")
DAYS_PER_MONTH = 365.25 / 12
ALL_PERSONS = "All"


def survival_data(
    store: Store,
    cohort_id: int,
    endpoint: str = "os",
    by: str | None = None,
    covariates: tuple[str, ...] = (),
    keep_person_id: bool = False,
) -> pd.DataFrame:
    """One row per member: duration_days, event (1/0), competing (death before progression, PFS only), strata and covariates.

    Person ids are used only to join variables and are dropped before returning.
    """
    if endpoint not in ENDPOINTS:
        raise BadInputError(f"endpoint must be one of {', '.join(ENDPOINTS)}, got {endpoint!r}")
    get_cohort(store, cohort_id)
    sql = (
        "SELECT m.person_id, m.end_date - m.index_date AS end_day, d.death_date - m.index_date AS death_day, "
        "p.progression_date - m.index_date AS progression_day FROM results.cohort_member m "
        "LEFT JOIN (SELECT person_id, min(death_date) AS death_date FROM cdm.death GROUP BY person_id) d ON d.person_id = m.person_id "
        "LEFT JOIN (SELECT mm.person_id, min(e.episode_start_date) AS progression_date FROM results.cohort_member mm "
        "JOIN cdm.episode e ON e.person_id = mm.person_id AND e.episode_start_date > mm.index_date "
        f"WHERE mm.cohort_definition_id = {int(cohort_id)} AND e.episode_concept_id = {int(EpisodeConcept.DISEASE_PROGRESSION)} "
        "GROUP BY mm.person_id) p ON p.person_id = m.person_id "
        f"WHERE m.cohort_definition_id = {int(cohort_id)} ORDER BY m.person_id"
    )
    table = store.query_arrow(sql)
    frame = pd.DataFrame(
        {
            "person_id": np.asarray(table["person_id"].to_numpy(zero_copy_only=False), dtype=np.int64),
            "end_day": _days(table["end_day"]),
            "death_day": _days(table["death_day"]),
            "progression_day": _days(table["progression_day"]),
        }
    )
    end = frame["end_day"].to_numpy()
    death = frame["death_day"].to_numpy()
    progression = frame["progression_day"].to_numpy()
    died = ~np.isnan(death) & (death <= end)
    if endpoint == "os":
        event = died
        duration = np.where(event, death, end)
        competing = np.zeros(len(frame), dtype=bool)
    else:
        progressed = ~np.isnan(progression) & (progression <= end)
        first = np.fmin(np.where(progressed, progression, np.nan), np.where(died, death, np.nan))
        event = ~np.isnan(first)
        duration = np.where(event, first, end)
        competing = died & (~progressed | (death < progression))
    result = pd.DataFrame(
        {
            "person_id": frame["person_id"],
            "duration_days": np.clip(duration, 0, None).astype(float),
            "event": event.astype(int),
            "competing_death": competing.astype(int),
        }
    )
    for name in ([by] if by else []) + [c for c in covariates if c != by]:
        values = variable_values(store, name, cohort_id).to_pandas().rename(columns={"value": name})
        result = result.merge(values, on="person_id", how="left")
    return result if keep_person_id else result.drop(columns=["person_id"])


def _days(column: Any) -> np.ndarray:
    values = column.to_pandas()
    if hasattr(values, "dt") and str(values.dtype).startswith("timedelta"):
        values = values.dt.days
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


@dataclass
class KaplanMeier:
    """One stratum's Kaplan-Meier estimate: table rows at each distinct time, median with CI."""

    name: str
    n: int
    events: int
    median_days: float | None
    median_ci_days: tuple[float | None, float | None]
    table: list[dict[str, float]]
    durations: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))
    observed: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))

    def survival_at(self, day: float) -> float:
        """S(day): the estimate of the last table time not after `day`."""
        value = 1.0
        for row in self.table:
            if row["time_days"] > day:
                break
            value = row["survival"]
        return value

    def at_risk(self, day: float) -> int:
        return int(np.sum(self.durations >= day))

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "n": self.n,
            "events": self.events,
            "median_days": self.median_days,
            "median_ci_days": list(self.median_ci_days),
            "km": self.table,
        }


def _finite(value: Any) -> float | None:
    value = float(value)
    return None if math.isinf(value) or math.isnan(value) else value


def kaplan_meier(durations: np.ndarray, observed: np.ndarray, name: str = ALL_PERSONS, alpha: float = 0.05) -> KaplanMeier:
    """Kaplan-Meier with exponential Greenwood CIs at each distinct time, computed as lifelines does (tested to 1e-9)."""
    from scipy.stats import norm

    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=int)
    if len(durations) == 0:
        return KaplanMeier(name, 0, 0, None, (None, None), [], durations, observed)
    times, first_index = np.unique(np.sort(durations), return_index=True)
    at_risk = len(durations) - first_index
    slot = np.searchsorted(times, durations)
    events = np.bincount(slot, weights=observed, minlength=len(times)).astype(np.int64)
    removed = np.bincount(slot, minlength=len(times)).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_survival = np.cumsum(np.log(at_risk - events) - np.log(at_risk))
        increments = events / (at_risk.astype(np.float64) * (at_risk - events))
        variance = np.cumsum(np.where(np.isinf(increments), 0.0, increments))
        survival = np.exp(log_survival)
        z = norm.ppf(1 - alpha / 2)
        v = np.log(survival)
        lower = np.exp(-np.exp(np.log(-v) - z * np.sqrt(variance) / v))
        upper = np.exp(-np.exp(np.log(-v) + z * np.sqrt(variance) / v))
    lower, upper = np.nan_to_num(lower, nan=1.0), np.nan_to_num(upper, nan=1.0)
    table = pd.DataFrame(
        {
            "time_days": times,
            "at_risk": at_risk.astype(np.int64),
            "events": events,
            "censored": removed - events,
            "survival": survival,
            "ci_lower": lower,
            "ci_upper": upper,
        }
    ).to_dict(orient="records")
    timeline = np.concatenate([[0.0], times]) if times[0] > 0 else times
    pad = (lambda curve: np.concatenate([[1.0], curve])) if times[0] > 0 else (lambda curve: curve)
    return KaplanMeier(
        name,
        len(durations),
        int(observed.sum()),
        _first_below(timeline, pad(survival)),
        (_first_below(timeline, pad(lower)), _first_below(timeline, pad(upper))),
        table,
        durations,
        observed,
    )


def _first_below(times: np.ndarray, curve: np.ndarray, q: float = 0.5) -> float | None:
    """First time the curve is at or below q (lifelines' qth_survival_time); None when it never gets there."""
    below = np.flatnonzero(curve <= q)
    return float(times[below[0]]) if len(below) else None


@dataclass
class CoxTerm:
    """One Cox model coefficient."""

    term: str
    coef: float
    hazard_ratio: float
    ci_lower: float
    ci_upper: float
    p: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "coef": self.coef,
            "hazard_ratio": self.hazard_ratio,
            "hr_ci_lower": self.ci_lower,
            "hr_ci_upper": self.ci_upper,
            "p": self.p,
        }


@dataclass
class SurvivalResult:
    """A survival analysis of one cohort: strata KM, log-rank p, optional Cox terms and competing-risk curves."""

    cohort_id: int
    cohort_name: str
    endpoint: str
    by: str | None
    strata: list[KaplanMeier]
    logrank_p: float | None
    cox: list[CoxTerm] = field(default_factory=list)
    cox_n: int | None = None
    competing: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "cohort_id": self.cohort_id,
            "cohort_name": self.cohort_name,
            "endpoint": self.endpoint,
            "by": self.by,
            "strata": [s.as_dict() for s in self.strata],
            "logrank_p": self.logrank_p,
        }
        if self.cox:
            payload["cox"] = {"n": self.cox_n, "coefficients": [t.as_dict() for t in self.cox]}
        if self.competing is not None:
            payload["competing_risks"] = self.competing
        return payload


def logrank_p(frame: pd.DataFrame, by: str) -> float | None:
    """Log-rank test across the strata of `by` (None with fewer than two strata); lifelines' statistic, in numpy."""
    from scipy.stats import chi2

    data = frame[frame[by].notna()]
    groups, group_index = np.unique(data[by].astype(str).to_numpy(), return_inverse=True)
    if len(groups) < 2:
        return None
    durations = data["duration_days"].to_numpy(dtype=float)
    observed = data["event"].to_numpy(dtype=int)
    times, slot = np.unique(durations, return_inverse=True)
    k, t = len(groups), len(times)
    cell = slot * k + group_index
    removed = np.bincount(cell, minlength=t * k).reshape(t, k).astype(float)
    deaths = np.bincount(cell, weights=observed, minlength=t * k).reshape(t, k)
    at_risk = removed.sum(0) - np.vstack([np.zeros((1, k)), np.cumsum(removed, 0)[:-1]])
    n_total = at_risk.sum(1)
    d_total = deaths.sum(1)
    expected = at_risk * (d_total / n_total)[:, None]
    z_stat = deaths.sum(0) - expected.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (n_total - d_total) / (n_total - 1)
    ratio[~np.isfinite(ratio)] = 1.0
    factor = ratio * d_total / n_total**2
    weighted = np.nan_to_num(np.hstack([at_risk, n_total[:, None]]) * np.sqrt(factor)[:, None])
    v = -(weighted.T @ weighted)
    index = np.arange(k)
    v[index, index] = v[index, index] - v[-1, index]
    v = v[:-1, :-1]
    statistic = z_stat[:-1] @ np.linalg.pinv(v[:-1, :-1]) @ z_stat[:-1]
    return float(chi2.sf(statistic, k - 1))


def cox_model(frame: pd.DataFrame, covariates: tuple[str, ...]) -> tuple[list[CoxTerm], int]:
    """Cox PH (lifelines, Efron ties) on the covariates; categorical ones become indicators against their first level."""
    from lifelines import CoxPHFitter

    design = pd.DataFrame({"duration_days": frame["duration_days"], "event": frame["event"]})
    for name in covariates:
        column = frame[name]
        if variable(name).continuous:
            design[name] = pd.to_numeric(column, errors="coerce")
            continue
        present = set(column.dropna())
        levels = [label for label in category_order(name) if label in present] + sorted(present - set(category_order(name)))
        for level in levels[1:]:
            design[f"{name}[{level}]"] = (column == level).astype(float)
    design = design.dropna()
    if design["event"].sum() == 0 or design.shape[1] <= 2:
        raise BadInputError("the Cox model needs at least one event and one covariate with two or more levels")
    fitter = CoxPHFitter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter.fit(design, duration_col="duration_days", event_col="event")
    summary = fitter.summary
    terms = [
        CoxTerm(
            str(term),
            float(row["coef"]),
            float(row["exp(coef)"]),
            float(row["exp(coef) lower 95%"]),
            float(row["exp(coef) upper 95%"]),
            float(row["p"]),
        )
        for term, row in summary.iterrows()
    ]
    return terms, len(design)


def aalen_johansen(durations: np.ndarray, cause: np.ndarray, event_of_interest: int = 1) -> pd.DataFrame:
    """Cumulative incidence of one cause with competing causes (cause 0 = censored), exact with tied times.

    CIF(t) = Σ_{s ≤ t} S(s−) · d_k(s) / n(s), where S is the all-cause Kaplan-Meier.
    """
    durations = np.asarray(durations, dtype=float)
    cause = np.asarray(cause, dtype=int)
    order = np.argsort(durations, kind="stable")
    sorted_times = durations[order]
    all_times, first_index = np.unique(sorted_times, return_index=True)
    at_risk_all = len(durations) - first_index
    any_event = np.bincount(np.searchsorted(all_times, durations[cause > 0]), minlength=len(all_times))
    of_cause = np.bincount(np.searchsorted(all_times, durations[cause == event_of_interest]), minlength=len(all_times))
    keep = any_event > 0
    times, at_risk, all_events, cause_events = all_times[keep], at_risk_all[keep], any_event[keep], of_cause[keep]
    survival_before = np.concatenate([[1.0], np.cumprod(1.0 - all_events / at_risk)[:-1]]) if len(times) else np.array([])
    cif = np.cumsum(survival_before * cause_events / at_risk) if len(times) else np.array([])
    return pd.DataFrame({"time_days": times, "at_risk": at_risk, "events": cause_events, "cumulative_incidence": cif})


def competing_risks(frame: pd.DataFrame) -> dict[str, Any]:
    """For rwPFS: cumulative incidence of progression with death before progression as the competing event."""
    cause = np.where(frame["event"].to_numpy() == 1, np.where(frame["competing_death"].to_numpy() == 1, 2, 1), 0)
    durations = frame["duration_days"].to_numpy()
    curves = {}
    for label, code in (("progression", 1), ("death_without_progression", 2)):
        table = aalen_johansen(durations, cause, code)
        curves[label] = table.to_dict(orient="records")
    return curves


def survival_analysis(
    store: Store,
    cohort_id: int,
    endpoint: str = "os",
    by: str | None = None,
    covariates: tuple[str, ...] = (),
    alpha: float = 0.05,
    with_competing_risks: bool = False,
) -> SurvivalResult:
    """KM per stratum (or overall), log-rank across strata, Cox on covariates, optional competing-risk curves."""
    cohort = get_cohort(store, cohort_id)
    if by is not None:
        variable(by)
    for name in covariates:
        variable(name)
    frame = survival_data(store, cohort_id, endpoint, by, covariates)
    if frame.empty:
        raise BadInputError(f"cohort {cohort_id} has no members")
    strata: list[KaplanMeier] = []
    if by:
        present = set(frame[by].dropna())
        order = [label for label in category_order(by) if label in present] + sorted(present - set(category_order(by)))
        for label in order:
            part = frame[frame[by] == label]
            strata.append(kaplan_meier(part["duration_days"].to_numpy(), part["event"].to_numpy(), str(label), alpha))
        p_value = logrank_p(frame, by)
    else:
        strata.append(kaplan_meier(frame["duration_days"].to_numpy(), frame["event"].to_numpy(), ALL_PERSONS, alpha))
        p_value = None
    cox: list[CoxTerm] = []
    cox_n = None
    if covariates:
        cox, cox_n = cox_model(frame, covariates)
    competing = competing_risks(frame) if with_competing_risks and endpoint == "pfs" else None
    return SurvivalResult(cohort_id, cohort.name, endpoint, by, strata, p_value, cox, cox_n, competing)
