"""Cohort definitions: every criterion selects the expected fixture persons; attrition equals hand-written SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oncodata.analytics.cohort import create_cohort, delete_cohort, get_cohort, list_cohorts
from oncodata.analytics.definition import load_definition, parse_definition
from oncodata.errors import BadInputError
from oncodata.store.base import Store

LUNG = [{"vocabulary_id": "SNOMED", "concept_code": "363358000", "include_descendants": True}]
EGFR_GENE = [{"vocabulary_id": "HGNC", "concept_code": "HGNC:3236"}]
EGFR_TKI = [{"vocabulary_id": "ATC", "concept_code": "L01EB"}]


def members(store: Store, inclusion: list[dict[str, Any]], **extra: Any) -> set[int]:
    definition = parse_definition({"name": "t", "entry": {"concepts": LUNG}, "inclusion": inclusion, **extra})
    summary = create_cohort(store, definition, "tester")
    rows = store.query("SELECT person_id FROM results.cohort_member WHERE cohort_definition_id = $i", {"i": summary.cohort_id})
    assert summary.persons == len(rows)
    return {int(r[0]) for r in rows}


# Entry: persons 1-7, 9, 10 have a lung cancer diagnosis; person 7 has no observation period.
BASE = {1, 2, 3, 4, 5, 6, 9, 10}

CASES = [
    ("no criteria", [], BASE),
    ("adenocarcinoma", [{"kind": "histology", "morphology": ["8140/3"]}], {1, 2, 5, 6, 9}),
    ("not adenocarcinoma", [{"kind": "histology", "morphology": ["8140/3"], "exclude": True}], {3, 4, 10}),
    (
        "histology concept set",
        [
            {
                "kind": "histology",
                "concepts": [{"vocabulary_id": "ICDO3", "concept_code": "8041/3-C34.9", "include_descendants": False}],
            }
        ],
        {4},
    ),
    ("stage IV", [{"kind": "stage_group", "values": ["4"]}], {1, 4, 10}),
    ("stage IIIB exact", [{"kind": "stage_group", "values": ["3B"]}], {2, 9}),
    ("stage IIIB clinical", [{"kind": "stage_group", "values": ["3B"], "stage_type": "clinical"}], {2}),
    ("stage I pathological", [{"kind": "stage_group", "values": ["1"], "stage_type": "pathological"}], {3}),
    ("T2", [{"kind": "t", "values": ["T2"]}], {1, 5, 9}),
    ("T2a only", [{"kind": "t", "values": ["t2a"]}], {1, 5}),
    ("N2", [{"kind": "n", "values": ["N2"]}], {1, 2, 9}),
    ("M1", [{"kind": "m", "values": ["M1"]}], {1, 4, 10}),
    ("EGFR positive", [{"kind": "biomarker", "concepts": EGFR_GENE, "status": "positive"}], {1, 5, 9}),
    ("EGFR negative", [{"kind": "biomarker", "concepts": EGFR_GENE, "status": "negative"}], {2}),
    ("EGFR tested", [{"kind": "biomarker", "concepts": EGFR_GENE, "status": "tested"}], {1, 2, 5, 9}),
    ("age 60-75", [{"kind": "age", "min": 60, "max": 75}], {1, 3, 6, 10}),
    ("age <= 50", [{"kind": "age", "max": 50}], {4, 5}),
    ("female", [{"kind": "sex", "values": ["female"]}], {2, 4, 6, 9}),
    ("EGFR-TKI within 60 days", [{"kind": "drug", "concepts": EGFR_TKI, "window": {"start": 0, "end": 60}}], {1, 9}),
    ("no EGFR-TKI ever", [{"kind": "drug", "concepts": EGFR_TKI, "exclude": True}], {2, 3, 4, 5, 6, 10}),
    ("radiotherapy", [{"kind": "procedure", "concepts": [{"vocabulary_id": "SNOMED", "concept_code": "108290001"}]}], {3}),
    ("prior COPD", [{"kind": "condition", "concepts": [{"vocabulary_id": "SNOMED", "concept_code": "13645005"}]}], {3}),
    ("second line", [{"kind": "line_of_therapy", "line": 2}], {1, 10}),
    (
        "first line platinum",
        [{"kind": "line_of_therapy", "line": 1, "concepts": [{"vocabulary_id": "ATC", "concept_code": "L01XA"}]}],
        {2, 4, 10},
    ),
    ("died within 2 years", [{"kind": "death", "window": {"start": 0, "end": 730}}], {1, 4, 6, 10}),
]


@pytest.mark.parametrize(("label", "inclusion", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_criterion_selects_the_expected_persons(
    cdm: Store, label: str, inclusion: list[dict[str, Any]], expected: set[int]
) -> None:
    assert members(cdm, inclusion) == expected, label


def test_observation_requirements(cdm: Store) -> None:
    # days observed before index: 1: 273, 2: 0, 3: 380, 4: 62, 5: 182, 6: 152, 9: 251, 10: 214; after: 1, 4, 6 < 1000.
    assert members(cdm, [], observation={"prior_days": 200}) == {1, 3, 9, 10}
    assert members(cdm, [], observation={"post_days": 1000}) == {2, 3, 5, 9, 10}


def test_first_only_entry_takes_the_first_diagnosis(cdm: Store) -> None:
    definition = parse_definition(
        {
            "name": "adeno",
            "entry": {
                "primary_only": False,
                "concepts": [{"vocabulary_id": "ICDO3", "concept_code": "8140/3-C34.1", "include_descendants": False}],
            },
        }
    )
    summary = create_cohort(cdm, definition)
    rows = dict(
        cdm.query(
            "SELECT person_id, index_date FROM results.cohort_member WHERE cohort_definition_id = $i", {"i": summary.cohort_id}
        )
    )
    assert set(rows) == {1, 6, 10}
    assert str(rows[10]) == "2019-02-01"
    primary = parse_definition(
        {
            "name": "adeno primary",
            "entry": {"concepts": [{"vocabulary_id": "ICDO3", "concept_code": "8140/3-C34.1", "include_descendants": False}]},
        }
    )
    # by default only the primary cancer (the disease episode's condition) enters: person 10's later diagnosis does not
    assert set(
        dict(
            cdm.query(
                "SELECT person_id, 1 FROM results.cohort_member WHERE cohort_definition_id = $i",
                {"i": create_cohort(cdm, primary).cohort_id},
            )
        )
    ) == {1, 6}


def test_line_of_therapy_entry_and_exit_rules(cdm: Store) -> None:
    definition = parse_definition(
        {
            "name": "1L TKI",
            "entry": {"kind": "line_of_therapy", "line": 1, "concepts": EGFR_TKI},
            "exit": {"kind": "fixed", "days": 180},
        }
    )
    summary = create_cohort(cdm, definition)
    rows = cdm.query(
        "SELECT person_id, index_date, end_date, condition_occurrence_id FROM results.cohort_member "
        "WHERE cohort_definition_id = $i ORDER BY person_id",
        {"i": summary.cohort_id},
    )
    assert [(r[0], str(r[1]), str(r[2]), r[3]) for r in rows] == [
        (1, "2018-03-20", "2018-09-16", 101),
        (9, "2018-10-01", "2019-03-30", 901),
    ]
    stage_iv = members(cdm, [{"kind": "stage_group", "values": ["4"]}], exit="death")
    assert stage_iv == {1, 4, 10}


def test_attrition_matches_hand_written_sql(cdm: Store) -> None:
    definition = parse_definition(
        {
            "name": "EGFR+ advanced adenocarcinoma",
            "entry": {"concepts": LUNG},
            "observation": {"prior_days": 30},
            "inclusion": [
                {"kind": "histology", "morphology": ["8140/3"]},
                {"kind": "stage_group", "values": ["3B", "3C", "4"]},
                {"kind": "biomarker", "concepts": EGFR_GENE, "status": "positive"},
            ],
        }
    )
    summary = create_cohort(cdm, definition, "tester")
    entry = cdm.scalar(
        "SELECT count(DISTINCT co.person_id) FROM cdm.condition_occurrence co WHERE co.condition_concept_id IN "
        "(SELECT descendant_concept_id FROM vocab.concept_ancestor WHERE ancestor_concept_id = 443388)"
    )
    first = (
        "SELECT co.person_id, co.condition_occurrence_id, co.condition_start_date AS d FROM cdm.condition_occurrence co "
        "WHERE co.condition_concept_id IN (SELECT descendant_concept_id FROM vocab.concept_ancestor WHERE ancestor_concept_id = 443388) "
        "AND NOT EXISTS (SELECT 1 FROM cdm.condition_occurrence o2 WHERE o2.person_id = co.person_id AND o2.condition_start_date < co.condition_start_date "
        "AND o2.condition_concept_id IN (SELECT descendant_concept_id FROM vocab.concept_ancestor WHERE ancestor_concept_id = 443388))"
    )
    observed = f"SELECT f.* FROM ({first}) f JOIN cdm.observation_period op ON op.person_id = f.person_id AND f.d - 30 >= op.observation_period_start_date AND f.d <= op.observation_period_end_date"
    adeno = f"SELECT o.* FROM ({observed}) o JOIN cdm.condition_occurrence co ON co.condition_occurrence_id = o.condition_occurrence_id JOIN vocab.concept k ON k.concept_id = co.condition_concept_id WHERE k.concept_code LIKE '8140/3-%'"
    staged = (
        f"SELECT a.* FROM ({adeno}) a WHERE EXISTS (SELECT 1 FROM cdm.measurement m JOIN vocab.concept k ON k.concept_id = m.measurement_concept_id "
        "WHERE m.measurement_event_id = a.condition_occurrence_id AND (k.concept_code LIKE '%Stage-3B' OR k.concept_code LIKE '%Stage-3C' OR k.concept_code LIKE '%Stage-4%'))"
    )
    egfr = (
        f"SELECT s.* FROM ({staged}) s WHERE EXISTS (SELECT 1 FROM cdm.measurement m WHERE m.person_id = s.person_id AND m.value_as_concept_id = 9191 "
        "AND m.measurement_concept_id IN (SELECT descendant_concept_id FROM vocab.concept_ancestor a JOIN vocab.concept c ON c.concept_id = a.ancestor_concept_id WHERE c.concept_code = 'HGNC:3236'))"
    )
    expected = [entry] + [cdm.scalar(f"SELECT count(DISTINCT person_id) FROM ({q}) q") for q in (observed, adeno, staged, egfr)]
    assert [row.persons_after for row in summary.attrition] == expected == [9, 7, 4, 2, 2]
    assert [row.removed for row in summary.attrition] == [0, 2, 3, 2, 0]
    assert summary.persons == 2
    shown = get_cohort(cdm, summary.cohort_id)
    assert [r.as_dict() for r in shown.attrition] == [r.as_dict() for r in summary.attrition]
    assert shown.definition["name"] == "EGFR+ advanced adenocarcinoma"
    assert cdm.scalar("SELECT count(*) FROM results.cohort WHERE cohort_definition_id = $i", {"i": summary.cohort_id}) == 2


def test_list_and_delete(cdm: Store) -> None:
    summary = create_cohort(cdm, parse_definition({"name": "to delete", "entry": {"concepts": LUNG}}))
    assert summary.cohort_id in {c.cohort_id for c in list_cohorts(cdm)}
    assert delete_cohort(cdm, summary.cohort_id) == 8
    assert summary.cohort_id not in {c.cohort_id for c in list_cohorts(cdm)}
    assert cdm.scalar("SELECT count(*) FROM results.cohort WHERE cohort_definition_id = $i", {"i": summary.cohort_id}) == 0
    with pytest.raises(BadInputError, match="does not exist"):
        get_cohort(cdm, summary.cohort_id)


def test_unknown_concept_is_reported(cdm: Store) -> None:
    definition = parse_definition(
        {"name": "x", "entry": {"concepts": [{"vocabulary_id": "ICDO3", "concept_code": "9999/9-C99.9"}]}}
    )
    with pytest.raises(BadInputError, match=r"ICDO3 9999/9-C99\.9 is not in the vocabulary"):
        create_cohort(cdm, definition)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"entry": {"concepts": LUNG}}, "`name` is required"),
        ({"name": "x"}, "`entry` is required"),
        ({"name": "x", "entry": {"concepts": LUNG}, "inclusion": [{"kind": "color"}]}, "kind must be one of"),
        (
            {"name": "x", "entry": {"concepts": LUNG}, "inclusion": [{"kind": "stage_group", "values": ["5"]}]},
            "'5' is not a valid value",
        ),
        (
            {"name": "x", "entry": {"concepts": LUNG}, "inclusion": [{"kind": "t", "values": ["N2"]}]},
            "is not a valid value|not an T",
        ),
        ({"name": "x", "entry": {"concepts": LUNG}, "inclusion": [{"kind": "age"}]}, "age needs min"),
        (
            {
                "name": "x",
                "entry": {"concepts": LUNG},
                "inclusion": [{"kind": "drug", "concepts": EGFR_TKI, "window": {"start": 5, "end": 1}}],
            },
            "after end",
        ),
        ({"name": "x", "entry": {"concepts": LUNG}, "colour": 1}, "unknown key 'colour'"),
    ],
)
def test_bad_definitions(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        parse_definition(raw)


def test_yaml_and_json_files(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "name: lung\nentry:\n  concepts:\n    - {vocabulary_id: SNOMED, concept_code: '363358000'}\n"
    )
    (tmp_path / "c.json").write_text('{"name": "lung", "entry": {"concepts": [{"concept_id": 443388}]}}')
    (tmp_path / "bad.json").write_text("{nope")
    assert load_definition(tmp_path / "c.yaml").entry.concepts[0].concept_code == "363358000"
    assert load_definition(tmp_path / "c.json").entry.concepts[0].concept_id == 443388
    with pytest.raises(BadInputError, match="not valid JSON"):
        load_definition(tmp_path / "bad.json")
