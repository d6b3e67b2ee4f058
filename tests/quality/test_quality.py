"""The quality suite on a clean three-person CDM and with planted defects, on DuckDB and PostgreSQL."""

from __future__ import annotations

import filecmp
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from oncodata.quality import run_quality_checks
from oncodata.quality.catalog import check_types, dqd_checks, load_checks, oncology_checks
from oncodata.quality.report import dqd_document, html_report
from oncodata.quality.results import changes_between, run_history, save_run
from oncodata.quality.runner import QualityRun
from oncodata.store import open_store
from oncodata.store.base import Store
from tests.quality.cdm_fixture import DEFECTS, build_clean_cdm, initialize_empty, plant_all_defects

REQUIRED_ENTRY_KEYS = {
    "checkName",
    "checkLevel",
    "cdmTableName",
    "cdmFieldName",
    "conceptId",
    "numViolatedRows",
    "pctViolatedRows",
    "numDenominatorRows",
    "threshold",
    "failed",
    "notApplicable",
    "isError",
    "category",
    "subcategory",
    "context",
    "severity",
}


def _numbers(run: QualityRun) -> dict[str, tuple[int, int, bool, bool, bool]]:
    return {r.check.check_id: (r.num_violated, r.num_denominator, r.failed, r.not_applicable, r.is_error) for r in run.results}


def test_catalogue_has_every_dqd_check_type_and_enough_oncology_checks():
    assert len(check_types()) == 27
    levels = Counter(c.level for c in dqd_checks())
    assert levels == {"TABLE": 57, "FIELD": 2006, "CONCEPT": 472}
    assert {c.name for c in dqd_checks()} == set(check_types())
    assert len(load_checks()) == 2376 + len(oncology_checks())
    assert len(oncology_checks()) >= 15
    assert len({c.name for c in oncology_checks()}) == len(oncology_checks())
    assert all(c.severity in ("fatal", "convention", "characterization") for c in oncology_checks())


def test_derived_check_data_matches_the_dqd_files(shared_reference: Path, tmp_path: Path):
    spec = importlib.util.spec_from_file_location(
        "derive", Path(__file__).resolve().parents[2] / "scripts" / "derive_dq_checks.py"
    )
    assert spec and spec.loader
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    derive.derive(shared_reference / "dqd", tmp_path)
    packaged = Path(__file__).resolve().parents[2] / "src" / "oncodata" / "quality" / "data"
    for name in ("dqd_check_types.csv", "dqd_checks.csv"):
        assert filecmp.cmp(tmp_path / name, packaged / name, shallow=False), name


def test_clean_cdm_has_no_failing_fatal_check(store: Store, tmp_path: Path):
    build_clean_cdm(store, tmp_path)
    run = run_quality_checks(store)
    assert run.count("is_error") == 0
    assert run.fatal_failures == []
    failing_oncology = [r.check.name for r in run.results if r.failed and r.check.is_oncology]
    assert failing_oncology == []
    # the planted-defect checks all have something to look at in the clean CDM and find nothing
    by_id = {r.check.check_id: r for r in run.results}
    for _, check_id in DEFECTS.values():
        assert by_id[check_id].num_violated == 0, check_id


def test_every_planted_defect_is_caught_by_its_check(store: Store, tmp_path: Path):
    ids = build_clean_cdm(store, tmp_path)
    plant_all_defects(store, ids)
    run = run_quality_checks(store)
    by_id = {r.check.check_id: r for r in run.results}
    for defect, (_, check_id) in DEFECTS.items():
        result = by_id[check_id]
        assert result.num_violated >= 1 and result.failed, f"{defect}: {check_id} did not fail"
    assert {r.check.name for r in run.fatal_failures} >= {
        "oncModifierLinkedToCondition",
        "oncEpisodeEventTargetExists",
        "isForeignKey",
    }
    stage = by_id["oncstageconsistentwithtnm_measurement_measurement_concept_id"]
    assert (stage.num_violated, stage.num_denominator) == (1, 1)


def test_zero_denominator_is_not_applicable_never_a_pass(store: Store, tmp_path: Path):
    initialize_empty(store, tmp_path)
    run = run_quality_checks(store, load_checks(["onc*", "isRequired", "cdmTable"]))
    pdl1 = next(r for r in run.results if r.check.name == "oncPdl1TpsRange")
    assert pdl1.not_applicable and not pdl1.passed and not pdl1.failed
    assert pdl1.not_applicable_reason
    assert all(r.not_applicable for r in run.results if r.check.is_oncology)
    document = dqd_document(run, [])
    assert document["Overview"]["countPassed"] == sum(1 for r in run.results if r.passed)
    assert document["Overview"]["countNotApplicable"] == sum(1 for r in run.results if r.not_applicable)


def test_fused_and_per_check_modes_give_identical_numbers(store: Store, tmp_path: Path):
    ids = build_clean_cdm(store, tmp_path)
    plant_all_defects(store, ids)
    checks = load_checks(["onc*", "is*", "fk*", "plausible*", "measure*", "withinVisitDates", "source*", "standard*"])
    checks = [
        c
        for c in checks
        if c.table
        in {
            "person",
            "measurement",
            "condition_occurrence",
            "episode",
            "episode_event",
            "death",
            "observation_period",
            "drug_exposure",
        }
    ]
    fused = run_quality_checks(store, checks, mode="fused")
    single = run_quality_checks(store, checks, mode="per-check")
    assert _numbers(fused) == _numbers(single)
    assert fused.queries < single.queries / 5


def test_engines_agree(duckdb_url: str, postgres_url: str, tmp_path: Path):
    outcomes = []
    for index, url in enumerate((duckdb_url, postgres_url)):
        with open_store(url) as store:
            folder = tmp_path / str(index)
            folder.mkdir()
            ids = build_clean_cdm(store, folder)
            plant_all_defects(store, ids)
            outcomes.append(_numbers(run_quality_checks(store)))
    assert outcomes[0] == outcomes[1]


def test_cohort_restricts_person_level_checks(store: Store, tmp_path: Path):
    ids = build_clean_cdm(store, tmp_path)
    plant_all_defects(store, ids)
    store.execute(
        "INSERT INTO results.cohort (cohort_definition_id, subject_id, cohort_start_date, cohort_end_date) "
        "VALUES (7, 3, DATE '2021-01-01', DATE '2023-06-30')"
    )
    run = run_quality_checks(
        store, load_checks(["oncPdl1TpsRange", "measureObservationPeriodOverlap", "plausibleAfterBirth"]), cohort_id=7
    )
    by_name = {(r.check.name, r.check.table, r.check.field): r for r in run.results}
    assert by_name[("oncPdl1TpsRange", "measurement", "value_as_number")].not_applicable  # person 1 is not in the cohort
    overlap = by_name[("measureObservationPeriodOverlap", "observation_period", "")]
    assert (overlap.num_violated, overlap.num_denominator) == (1, 1)
    after_birth = by_name[("plausibleAfterBirth", "condition_occurrence", "condition_start_date")]
    assert (after_birth.num_violated, after_birth.num_denominator) == (1, 1)


def test_threshold_overrides_change_the_decision(store: Store, tmp_path: Path):
    ids = build_clean_cdm(store, tmp_path)
    plant_all_defects(store, ids)
    overrides = tmp_path / "thresholds.toml"
    overrides.write_text('[[override]]\ncheckName = "oncFollowUpComplete"\nthreshold = 60\n', encoding="utf-8")
    strict = run_quality_checks(store, load_checks(["oncFollowUpComplete"]))
    lenient = run_quality_checks(store, load_checks(["oncFollowUpComplete"], thresholds=overrides))
    assert strict.results[0].failed and not lenient.results[0].failed
    assert lenient.results[0].check.threshold == 60


def test_results_are_saved_with_history_and_reported(store: Store, tmp_path: Path):
    ids = build_clean_cdm(store, tmp_path)
    first = run_quality_checks(store, load_checks(["onc*"]))
    save_run(store, first)
    plant_all_defects(store, ids)
    second = run_quality_checks(store, load_checks(["onc*"]))
    save_run(store, second)
    history = run_history(store)
    assert [h.run_id for h in history] == [second.run_id, first.run_id]
    assert history[0].failed > history[1].failed == 0
    changes = changes_between(store, first.run_id, second.run_id)
    assert any(c.check_name == "oncPdl1TpsRange" and c.after_failed and c.before_failed is False for c in changes)
    document = dqd_document(second, [])
    assert set(document) >= {"CheckResults", "Metadata", "Overview", "startTimestamp", "endTimestamp", "executionTime"}
    for entry in document["CheckResults"]:
        assert set(entry) >= REQUIRED_ENTRY_KEYS
    page = html_report(second, [], changes)
    assert "oncPdl1TpsRange" in page and "<style>" in page and "http" not in page


@pytest.mark.parametrize("names", [["noSuchCheck"]])
def test_unknown_check_name_is_bad_input(names: list[str]):
    from oncodata.errors import BadInputError

    with pytest.raises(BadInputError, match="noSuchCheck"):
        load_checks(names)
