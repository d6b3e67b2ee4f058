"""Score a built CDM against the synthetic generator's truth, field by field, per person (for benchmarks and tests)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

from oncodata.build.reference import stage_code
from oncodata.privacy.gate import DeidentificationGate
from oncodata.store.base import Store

DATE_TOLERANCE_DAYS = 0
PROGRESSION_TOLERANCE_DAYS = 30


def _main_stage(group: str | None) -> str | None:
    return stage_code(group) if group else None


def _cdm_view(store: Store) -> dict[int, dict[str, Any]]:
    """What the CDM says per person: diagnosis date, histology, stage, TNM, EGFR/ALK, lines, progression, death."""
    view: dict[int, dict[str, Any]] = defaultdict(dict)
    for person_id, day, code in store.query(
        "SELECT c.person_id, c.condition_start_date, k.concept_code FROM cdm.condition_occurrence AS c "
        "LEFT JOIN vocab.concept AS k ON k.concept_id = c.condition_concept_id WHERE c.condition_status_source_value = 'primary cancer'"
    ):
        view[person_id]["diagnosis_date"] = day
        view[person_id]["histology"] = code.split("-")[0] if code and "-" in code and "/" in code else None
    for person_id, code in store.query(
        "SELECT m.person_id, k.concept_code FROM cdm.measurement AS m JOIN vocab.concept AS k ON k.concept_id = m.measurement_concept_id "
        "WHERE m.meas_event_field_concept_id = 1147127 AND k.vocabulary_id = 'Cancer Modifier'"
    ):
        prefix, _, category = code.partition("-8th_AJCC/UICC-")
        slot = view[person_id].setdefault(prefix, {})
        if category.startswith("Stage-"):
            slot["stage"] = category[len("Stage-") :]
        else:
            slot[category[0].lower()] = category
    for person_id, source, value_concept in store.query(
        "SELECT person_id, measurement_source_value, value_as_concept_id FROM cdm.measurement "
        "WHERE meas_event_field_concept_id = 1147127 AND (measurement_source_value LIKE 'EGFR%' OR measurement_source_value LIKE 'ALK%')"
    ):
        gene = source.split()[0]
        view[person_id].setdefault("biomarkers", {})[gene] = "positive" if value_concept == 9191 else "negative"
    for person_id, start, number in store.query(
        "SELECT person_id, episode_start_date, episode_number FROM cdm.episode WHERE episode_concept_id = 32531 AND episode_number IS NOT NULL"
    ):
        view[person_id].setdefault("regimens", []).append((start, number))
    for person_id, start in store.query("SELECT person_id, episode_start_date FROM cdm.episode WHERE episode_concept_id = 32677"):
        view[person_id].setdefault("progressions", []).append(start)
    for person_id, day in store.query("SELECT person_id, death_date FROM cdm.death"):
        view[person_id]["death_date"] = day
    return view


def score_against_truth(store: Store, gate: DeidentificationGate, truth_dir: Path) -> dict[str, dict[str, float]]:
    """Per field: persons compared, persons agreeing, agreement share. Dates are compared after the person's shift."""
    view = _cdm_view(store)
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def tally(name: str, ok: bool) -> None:
        tallies[name][0] += 1
        tallies[name][1] += int(ok)

    with open(truth_dir / "patients.jsonl", "rb") as handle:
        patients = [orjson.loads(line) for line in handle]
    ids = gate.pseudonymous_ids("person", [p["person_key"] for p in patients])
    for patient, person_id in zip(patients, ids, strict=True):
        assert person_id is not None
        shift = dt.timedelta(days=gate.shift_days(person_id))
        cdm = view.get(person_id, {})
        truth_dx = dt.date.fromisoformat(patient["diagnosis_date"]) + shift
        tally("diagnosis_date", cdm.get("diagnosis_date") == truth_dx)
        tally("histology", cdm.get("histology") == patient["histology_code"])
        prefix = patient.get("tnm_prefix") or "c"
        staged = cdm.get("p") if prefix in ("p", "yp") else cdm.get("c")
        resolved = cdm.get("p") or cdm.get("c") or {}
        tally("stage_group", resolved.get("stage") == _main_stage(patient.get("stage_group")))
        for axis in ("t", "n", "m"):
            tally(axis.upper(), (staged or {}).get(axis) == patient.get(axis))
        markers = {b["gene"]: b["result"] for b in patient["biomarkers"] if b["gene"] in ("EGFR", "ALK")}
        for gene in ("EGFR", "ALK"):
            if gene in markers:
                tally(f"{gene} status", cdm.get("biomarkers", {}).get(gene) == markers[gene])
        truth_lines = sorted((t["start"], t["line_of_therapy"]) for t in patient["treatments"] if t["type"] == "regimen")
        cdm_lines = sorted(cdm.get("regimens", []))
        if truth_lines:
            matched = all(
                any(
                    abs((start - (dt.date.fromisoformat(t_start) + shift)).days) <= 28 and number == t_line
                    for start, number in cdm_lines
                )
                for t_start, t_line in truth_lines
            )
            tally("lines of therapy", matched)
        truth_progressions = [dt.date.fromisoformat(d) + shift for d in patient["progression_dates"]]
        cdm_progressions = cdm.get("progressions", [])
        tally(
            "progression",
            len(truth_progressions) == len(cdm_progressions)
            and all(
                abs((a - b).days) <= PROGRESSION_TOLERANCE_DAYS
                for a, b in zip(sorted(truth_progressions), sorted(cdm_progressions), strict=True)
            ),
        )
        truth_death = dt.date.fromisoformat(patient["death_date"]) + shift if patient.get("death_date") else None
        tally("death", cdm.get("death_date") == truth_death)
    return {name: {"persons": n, "agree": ok, "agreement": round(ok / n, 4) if n else 0.0} for name, (n, ok) in tallies.items()}
