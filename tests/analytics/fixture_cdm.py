"""Write the hand-written analytics fixture (tests/data/analytics/patients.yaml) into the CDM with plain SQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from oncodata.store.base import Store

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "analytics" / "patients.yaml"
SMOKING_SOURCE = "smoking_status"


def concept(store: Store, vocabulary_id: str, code: str) -> int:
    value = store.scalar(
        "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = $v AND concept_code = $c", {"v": vocabulary_id, "c": code}
    )
    assert value is not None, f"fixture concept {vocabulary_id} {code} missing from the bundled vocabulary"
    return int(value)


def fixture_persons() -> list[dict[str, Any]]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["persons"]


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load_fixture_cdm(store: Store) -> None:
    """Insert the fixture persons with ids derived from the person id (person 3's first diagnosis is 301...)."""
    ex = store.execute
    positive, negative = 9191, 9189
    for p in fixture_persons():
        pid = int(p["id"])
        ex(
            "INSERT INTO cdm.person (person_id, gender_concept_id, year_of_birth, race_concept_id, ethnicity_concept_id) "
            "VALUES ($id, $g, $y, 0, 0)",
            {"id": pid, "g": 8507 if p["sex"] == "M" else 8532, "y": p["born"]},
        )
        if p.get("observation"):
            start, end = (_date(d) for d in p["observation"])
            ex(
                "INSERT INTO cdm.observation_period VALUES ($id, $id, $s, $e, 32817)",
                {"id": pid, "s": start, "e": end},
            )
        primary_id = None
        for i, diagnosis in enumerate(p.get("diagnoses", []), start=1):
            co_id = pid * 100 + i
            ex(
                "INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, "
                "condition_start_date, condition_type_concept_id) VALUES ($id, $p, $c, $d, 32817)",
                {"id": co_id, "p": pid, "c": concept(store, *diagnosis["code"]), "d": _date(diagnosis["date"])},
            )
            if diagnosis.get("primary"):
                primary_id = co_id
                primary_date = _date(diagnosis["date"])
        for i, code in enumerate(p.get("modifiers", []), start=1):
            ex(
                "INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, "
                "measurement_type_concept_id, measurement_event_id, meas_event_field_concept_id) "
                "VALUES ($id, $p, $c, $d, 32817, $e, 1147127)",
                {
                    "id": pid * 1000 + i,
                    "p": pid,
                    "c": concept(store, "Cancer Modifier", code),
                    "d": primary_date,
                    "e": primary_id,
                },
            )
        for i, marker in enumerate(p.get("biomarkers", []), start=1):
            ex(
                "INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, "
                "measurement_type_concept_id, value_as_concept_id, measurement_event_id, meas_event_field_concept_id) "
                "VALUES ($id, $p, $c, $d, 32817, $v, $e, 1147127)",
                {
                    "id": pid * 1000 + 100 + i,
                    "p": pid,
                    "c": concept(store, *marker["code"]),
                    "d": _date(marker["date"]),
                    "v": positive if marker["value"] == "positive" else negative,
                    "e": primary_id,
                },
            )
        disease_episode = pid * 100
        if primary_id is not None:
            ex(
                "INSERT INTO cdm.episode (episode_id, person_id, episode_concept_id, episode_start_date, "
                "episode_object_concept_id, episode_type_concept_id) VALUES ($id, $p, 32528, $d, 0, 32545)",
                {"id": disease_episode, "p": pid, "d": primary_date},
            )
            ex("INSERT INTO cdm.episode_event VALUES ($e, $c, 1147127)", {"e": disease_episode, "c": primary_id})
        for i, regimen in enumerate(p.get("regimens", []), start=1):
            episode_id = disease_episode + 10 + i
            start, end = _date(regimen["start"]), _date(regimen["end"])
            ex(
                "INSERT INTO cdm.episode (episode_id, person_id, episode_concept_id, episode_start_date, episode_end_date, "
                "episode_parent_id, episode_number, episode_object_concept_id, episode_type_concept_id) "
                "VALUES ($id, $p, 32531, $s, $e, $parent, $line, 0, 32545)",
                {"id": episode_id, "p": pid, "s": start, "e": end, "parent": disease_episode, "line": regimen["line"]},
            )
            for j, drug in enumerate(regimen["drugs"], start=1):
                drug_id = episode_id * 10 + j
                ex(
                    "INSERT INTO cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, "
                    "drug_exposure_end_date, drug_type_concept_id) VALUES ($id, $p, $c, $s, $e, 32838)",
                    {"id": drug_id, "p": pid, "c": concept(store, *drug), "s": start, "e": end},
                )
                ex("INSERT INTO cdm.episode_event VALUES ($e, $d, 1147094)", {"e": episode_id, "d": drug_id})
        for i, when in enumerate(p.get("progression", []), start=1):
            ex(
                "INSERT INTO cdm.episode (episode_id, person_id, episode_concept_id, episode_start_date, episode_parent_id, "
                "episode_object_concept_id, episode_type_concept_id) VALUES ($id, $p, 32677, $d, $parent, 0, 32545)",
                {"id": disease_episode + 50 + i, "p": pid, "d": _date(when), "parent": disease_episode},
            )
        for i, procedure in enumerate(p.get("procedures", []), start=1):
            ex(
                "INSERT INTO cdm.procedure_occurrence (procedure_occurrence_id, person_id, procedure_concept_id, procedure_date, "
                "procedure_type_concept_id) VALUES ($id, $p, $c, $d, 32817)",
                {"id": pid * 100 + i, "p": pid, "c": concept(store, *procedure["code"]), "d": _date(procedure["date"])},
            )
        if p.get("death"):
            ex("INSERT INTO cdm.death (person_id, death_date) VALUES ($p, $d)", {"p": pid, "d": _date(p["death"])})
        if p.get("smoking"):
            ex(
                "INSERT INTO cdm.observation (observation_id, person_id, observation_concept_id, observation_date, "
                "observation_type_concept_id, observation_source_value, value_source_value) VALUES ($id, $p, 0, $d, 32817, $s, $v)",
                {"id": pid, "p": pid, "d": primary_date, "s": SMOKING_SOURCE, "v": p["smoking"]},
            )
