"""Table 1, pathways, incidence (hand-computed), age standardization (worked example), exports, HTML fragments."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from scipy.stats import chi2

from oncodata.analytics.characterize import characterize
from oncodata.analytics.cohort import create_cohort
from oncodata.analytics.definition import parse_definition
from oncodata.analytics.export import export_cohort, export_frame
from oncodata.analytics.incidence import age_standardized_rate, incidence, standard_populations
from oncodata.analytics.pathways import pathways
from oncodata.analytics.report import incidence_html, pathways_html, survival_html, table1_html
from oncodata.analytics.survival import survival_analysis
from oncodata.errors import BadInputError, ChecksFailedError
from oncodata.store.base import Store

LUNG = {"name": "lung", "entry": {"concepts": [{"vocabulary_id": "SNOMED", "concept_code": "363358000"}]}}


@pytest.fixture(scope="module")
def lung(cdm: Store) -> int:
    return create_cohort(cdm, parse_definition(LUNG)).cohort_id


def test_table1_counts_and_small_cells(cdm: Store, lung: int) -> None:
    adeno = create_cohort(
        cdm, parse_definition({**LUNG, "name": "adeno", "inclusion": [{"kind": "histology", "morphology": ["8140/3"]}]})
    )
    table = characterize(cdm, [lung, adeno.cohort_id], threshold=3)
    assert [c["n"] for c in table.cohorts] == [8, 5]
    cells = {(r.variable, r.level): r.cells for r in table.rows}
    assert cells[("sex", "Male")] == ["4 (50.0%)", "<3"]
    assert cells[("sex", "Female")] == ["4 (50.0%)", "3 (60.0%)"]
    assert cells[("histology", "Adenocarcinoma")] == ["5 (62.5%)", "5 (100.0%)"]
    assert cells[("stage", "IV")] == ["3 (37.5%)", "<3"]
    assert cells[("smoking", "Never")] == ["3 (37.5%)", "3 (60.0%)"]
    assert cells[("egfr", "Positive")] == ["3 (37.5%)", "3 (60.0%)"]
    assert cells[("first_line", "Platinum chemotherapy")] == ["3 (37.5%)", "<3"]
    default = characterize(cdm, [lung])
    counts = [r.counts[0] for r in default.rows if r.level is not None]
    assert "<5" in counts and all(c == "<5" or c == 0 or c >= 5 for c in counts)
    assert "&lt;5" in table1_html(default)
    with pytest.raises(BadInputError, match="unknown variable"):
        characterize(cdm, [lung], ["height"])


def test_pathways_by_line(cdm: Store, lung: int) -> None:
    result = pathways(cdm, lung, threshold=1)
    sequences = {" → ".join(lines): n for lines, n in result.sequences}
    assert sequences == {
        "gefitinib → docetaxel": 1,
        "cisplatin + pemetrexed": 1,
        "cisplatin + etoposide": 1,
        "crizotinib": 1,
        "osimertinib": 1,
        "carboplatin + pemetrexed → docetaxel": 1,
        "no systemic therapy": 2,
    }
    assert dict(result.by_line[2]) == {"docetaxel": 2}
    assert pathways(cdm, lung).as_dict()["sequences"][0]["persons"] == "<5"
    assert "data:image/png;base64," in pathways_html(result)


def test_incidence_against_hand_computation(cdm: Store, lung: int) -> None:
    result = incidence(cdm, lung, 2018, 2019, "who_world_2000")
    y2018 = result.years[0]
    # 2018 person-days at risk: p1 60 (age 68), p8 365 (56), p9 252 (53, to index), p10 214 (60); cases p1 and p9.
    assert y2018.cases == 2
    assert y2018.person_years == pytest.approx((60 + 365 + 252 + 214) / 365.25)
    expected_py = np.zeros(18)
    expected_py[[13, 11, 10, 12]] = np.array([60, 365, 252, 214]) / 365.25
    assert np.allclose(y2018.person_years_by_age, expected_py)
    assert y2018.cases_by_age[10] == 1 and y2018.cases_by_age[13] == 1
    assert y2018.crude_rate == pytest.approx(2 / y2018.person_years)
    assert y2018.crude_ci[0] == pytest.approx(chi2.ppf(0.025, 4) / 2 / y2018.person_years)
    assert y2018.crude_ci[1] == pytest.approx(chi2.ppf(0.975, 6) / 2 / y2018.person_years)
    assert (y2018.prevalent, y2018.observed_persons) == (4, 6)
    weights = standard_populations()["who_world_2000"][[10, 11, 12, 13]]
    weights = weights / weights.sum()
    expected = weights[0] * 1 / expected_py[10] + weights[3] * 1 / expected_py[13]
    assert y2018.standardized_rate == pytest.approx(expected)
    payload = result.as_dict()
    assert payload["years"][0]["cases"] == "<5"
    assert "Age-standardized" in incidence_html(result)
    with pytest.raises(BadInputError, match="unknown standard population"):
        incidence(cdm, lung, 2018, 2019, "mars_2100")


def test_age_standardization_worked_example() -> None:
    # Two age groups, standard population 60,000 / 40,000 (weights 0.6 / 0.4):
    # rates 20/10,000 = 0.002 and 90/5,000 = 0.018 -> ASR = 0.6*0.002 + 0.4*0.018 = 0.0084 = 840 per 100,000.
    rate, low, high = age_standardized_rate(np.array([20, 90]), np.array([10_000.0, 5_000.0]), np.array([60_000.0, 40_000.0]))
    assert rate == pytest.approx(0.0084)
    variance = 0.6**2 * 20 / 10_000**2 + 0.4**2 * 90 / 5_000**2
    assert low == pytest.approx(variance / (2 * 0.0084) * chi2.ppf(0.025, 2 * 0.0084**2 / variance))
    wm = 0.4 / 5_000
    assert high == pytest.approx(
        (variance + wm**2) / (2 * (0.0084 + wm)) * chi2.ppf(0.975, 2 * (0.0084 + wm) ** 2 / (variance + wm**2))
    )
    assert low < rate < high
    shares = {name: values / values.sum() for name, values in standard_populations().items()}
    assert set(shares) == {"who_world_2000", "segi_world_1960", "china_2000"}
    assert all(len(v) == 18 and abs(v.sum() - 1) < 1e-12 for v in shares.values())


def test_export_refuses_when_k_anonymity_fails(cdm: Store, lung: int, tmp_path: Path) -> None:
    with pytest.raises(ChecksFailedError, match="export refused: k-anonymity"):
        export_cohort(cdm, lung, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(ChecksFailedError, match=r"k=2.*smallest sex/age_group/index_period class has 1 persons"):
        export_frame(cdm, lung, k=2)
    frame, level, report = export_frame(cdm, lung, k=1)
    assert report.satisfied and level == {"age_band": 5, "period_years": 1}
    assert set(frame["age_group"]) == {"65-69", "55-59", "70-74", "50-54", "40-44", "60-64"}
    assert sorted(frame["study_row"]) == list(range(1, 9))


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_deidentified_data_dictionary_and_manifest(cdm: Store, lung: int, tmp_path: Path, fmt: str) -> None:
    result = export_cohort(cdm, lung, tmp_path / "out", fmt, k=1, exported_by="tester")
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted([f"cohort_{lung}.{fmt}", "data_dictionary.csv", "manifest.json"])
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["rows"] == result.rows == 8
    import hashlib

    for name, info in manifest["files"].items():
        assert hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() == info["sha256"]
    data_path = tmp_path / "out" / f"cohort_{lung}.{fmt}"
    columns = (
        pq.read_table(data_path).column_names
        if fmt == "parquet"
        else data_path.read_text().splitlines()[0].replace('"', "").split(",")
    )
    assert not {"person_id", "index_date", "death_date", "year_of_birth"} & set(columns)
    assert not any("date" in c or c.endswith("_id") for c in columns)
    text = data_path.read_bytes()
    assert b"2018-03-01" not in text
    with pytest.raises(BadInputError, match="not empty"):
        export_cohort(cdm, lung, tmp_path / "out", fmt, k=1)


def test_survival_fragment_is_self_contained(cdm: Store, lung: int) -> None:
    html = survival_html(survival_analysis(cdm, lung, "os", by="sex", covariates=("age",)))
    assert "data:image/png;base64," in html and "http" not in html.replace("data:image", "")
