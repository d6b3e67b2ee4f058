"""Survival: KM, medians, CIs and log-rank equal lifelines on the same extracted data (1e-9); Cox, Aalen-Johansen, endpoints."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from lifelines import AalenJohansenFitter, CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from lifelines.utils import median_survival_times

from oncodata.analytics.cohort import create_cohort
from oncodata.analytics.definition import parse_definition
from oncodata.analytics.survival import aalen_johansen, kaplan_meier, survival_analysis, survival_data
from oncodata.analytics.synthetic_cdm import write_synthetic_cdm
from oncodata.errors import BadInputError
from oncodata.store.base import Store

LUNG = {"name": "lung", "entry": {"concepts": [{"vocabulary_id": "SNOMED", "concept_code": "363358000"}]}}


@pytest.fixture(scope="module")
def synthetic(empty_cdm: Store) -> tuple[Store, int]:
    write_synthetic_cdm(empty_cdm, 1500, seed=11)
    return empty_cdm, create_cohort(empty_cdm, parse_definition(LUNG)).cohort_id


def _lifelines_km(frame: pd.DataFrame) -> KaplanMeierFitter:
    return KaplanMeierFitter().fit(frame["duration_days"], frame["event"])


@pytest.mark.parametrize("endpoint", ["os", "pfs"])
def test_km_equals_lifelines(synthetic: tuple[Store, int], endpoint: str) -> None:
    store, cohort_id = synthetic
    result = survival_analysis(store, cohort_id, endpoint, by="stage")
    frame = survival_data(store, cohort_id, endpoint, by="stage")
    assert sum(s.n for s in result.strata) == len(frame) == 1500
    for stratum in result.strata:
        part = frame[frame["stage"] == stratum.name]
        reference = _lifelines_km(part)
        times = [row["time_days"] for row in stratum.table]
        expected = reference.survival_function_.iloc[:, 0].loc[times].to_numpy()
        ci = reference.confidence_interval_survival_function_.loc[times].to_numpy()
        assert np.allclose([r["survival"] for r in stratum.table], expected, atol=1e-9, rtol=0)
        assert np.allclose([r["ci_lower"] for r in stratum.table], ci[:, 0], atol=1e-9, rtol=0)
        assert np.allclose([r["ci_upper"] for r in stratum.table], ci[:, 1], atol=1e-9, rtol=0)
        assert [r["at_risk"] for r in stratum.table] == reference.event_table["at_risk"].loc[times].tolist()
        assert stratum.events == int(part["event"].sum())
        median = reference.median_survival_time_
        assert stratum.median_days == (None if np.isinf(median) else median)
        median_ci = median_survival_times(reference.confidence_interval_survival_function_)
        for mine, theirs in zip(stratum.median_ci_days, median_ci.iloc[0].tolist(), strict=True):
            assert mine == (None if np.isinf(theirs) else theirs)
    reference_p = multivariate_logrank_test(frame["duration_days"], frame["stage"], frame["event"]).p_value
    assert result.logrank_p == pytest.approx(reference_p, abs=1e-9, rel=1e-9)


def test_logrank_on_close_groups_equals_lifelines(synthetic: tuple[Store, int]) -> None:
    store, cohort_id = synthetic
    frame = survival_data(store, cohort_id, "os", by="sex")
    result = survival_analysis(store, cohort_id, "os", by="sex")
    reference = multivariate_logrank_test(frame["duration_days"], frame["sex"], frame["event"]).p_value
    assert 1e-6 < reference < 1
    assert result.logrank_p == pytest.approx(reference, abs=1e-12, rel=1e-9)


def test_medians_by_stage_recover_the_generator(synthetic: tuple[Store, int]) -> None:
    store, cohort_id = synthetic
    medians = {s.name: s.median_days for s in survival_analysis(store, cohort_id, "os", by="stage").strata}
    # truth: stage IV mixes 4A (420 days) and 4B (300 days); III mixes 3A (900) and 3B (650).
    assert 280 <= medians["IV"] <= 420
    assert 600 <= medians["III"] <= 950
    assert medians["I"] is None or medians["I"] > medians["II"] > medians["III"] > medians["IV"]


def test_cox_equals_lifelines(synthetic: tuple[Store, int]) -> None:
    store, cohort_id = synthetic
    result = survival_analysis(store, cohort_id, "os", covariates=("age", "sex", "stage"))
    frame = survival_data(store, cohort_id, "os", covariates=("age", "sex", "stage"))
    design = pd.DataFrame(
        {
            "duration_days": frame["duration_days"],
            "event": frame["event"],
            "age": frame["age"],
            "sex[Female]": (frame["sex"] == "Female").astype(float),
            **{f"stage[{s}]": (frame["stage"] == s).astype(float) for s in ("II", "III", "IV")},
        }
    )
    reference = CoxPHFitter().fit(design, "duration_days", "event").summary
    assert result.cox_n == 1500
    for term in result.cox:
        assert term.coef == pytest.approx(reference.at[term.term, "coef"], abs=1e-9)
        assert term.p == pytest.approx(reference.at[term.term, "p"], abs=1e-9)
    assert {t.term for t in result.cox} == set(reference.index)
    assert "cox" in result.as_dict()


def test_aalen_johansen_equals_lifelines_without_ties() -> None:
    rng = np.random.default_rng(3)
    durations = rng.exponential(100, 400)
    cause = rng.choice([0, 1, 2], 400, p=[0.3, 0.4, 0.3])
    mine = aalen_johansen(durations, cause, 1)
    reference = AalenJohansenFitter(calculate_variance=False).fit(durations, cause, event_of_interest=1)
    expected = reference.cumulative_density_.iloc[:, 0].loc[mine["time_days"]].to_numpy()
    assert np.allclose(mine["cumulative_incidence"].to_numpy(), expected, atol=1e-9)


def test_aalen_johansen_with_ties_sums_to_one_minus_km() -> None:
    durations = np.array([1, 1, 2, 2, 2, 3, 4, 4, 5, 6], dtype=float)
    cause = np.array([1, 2, 1, 0, 2, 1, 1, 2, 0, 1])
    km = kaplan_meier(durations, (cause > 0).astype(int))
    total = (
        aalen_johansen(durations, cause, 1)["cumulative_incidence"].to_numpy()
        + aalen_johansen(durations, cause, 2)["cumulative_incidence"].to_numpy()
    )
    event_rows = [row for row in km.table if row["events"] > 0]
    assert np.allclose(total, [1 - row["survival"] for row in event_rows], atol=1e-12)


def test_fixture_endpoints(cdm: Store) -> None:
    cohort_id = create_cohort(cdm, parse_definition(LUNG)).cohort_id
    # rows follow person ids: the fixture's 1, 2, 3, 4, 5, 6, 9, 10 come before the synthetic persons (ids from 10^7)
    os_frame = survival_data(cdm, cohort_id, "os", by="sex").head(8)
    pfs_frame = survival_data(cdm, cohort_id, "pfs", by="sex").head(8)
    assert os_frame["duration_days"].tolist() == [549, 1696, 2176, 335, 1094, 610, 1390, 425]
    assert os_frame["event"].tolist() == [1, 0, 0, 1, 0, 1, 0, 1]
    assert pfs_frame["duration_days"].tolist() == [315, 1696, 2176, 182, 1094, 471, 448, 165]
    assert pfs_frame["event"].tolist() == [1, 0, 0, 1, 0, 1, 1, 1]
    assert pfs_frame["competing_death"].tolist() == [0] * 8
    payload = survival_analysis(cdm, cohort_id, "pfs", by="sex", with_competing_risks=True).as_dict()
    assert {s["name"] for s in payload["strata"]} == {"Male", "Female"}
    assert set(payload["strata"][0]) >= {"name", "n", "events", "median_days", "km"}
    assert payload["competing_risks"]["progression"][-1]["cumulative_incidence"] > 0
    with pytest.raises(BadInputError, match="endpoint must be"):
        survival_data(cdm, cohort_id, "dfs")
    with pytest.raises(BadInputError, match="unknown variable"):
        survival_analysis(cdm, cohort_id, by="shoe_size")
