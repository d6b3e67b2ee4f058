"""A synthetic oncology CDM written straight into the tables (Arrow bulk loads), for analytics tests and benchmarks.

Not the hospital simulator (`oncodata synth` → ingest → build): this skips sources and writes persons, observation
periods, the primary lung cancer diagnosis with stage modifiers, EGFR results, first-line regimens, progression and
death directly, with known exponential survival per stage, so analytics can be measured before the build exists.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from oncodata.analytics.concepts import concept_id_by_code
from oncodata.errors import BadInputError
from oncodata.store.base import Store

STAGES = ("1A", "1B", "2A", "2B", "3A", "3B", "4A", "4B")
STAGE_SHARES = (0.14, 0.08, 0.05, 0.07, 0.12, 0.08, 0.22, 0.24)
# Median overall survival in days per stage (exponential), the truth a large cohort should recover.
MEDIAN_OS_DAYS = {"1A": 3650, "1B": 2900, "2A": 2200, "2B": 1700, "3A": 900, "3B": 650, "4A": 420, "4B": 300}
HISTOLOGY = (("8140/3-C34.1", 0.55), ("8070/3-C34.1", 0.3), ("8041/3-C34.9", 0.15))
START = dt.date(2015, 1, 1)
FOLLOW_UP_END = dt.date(2024, 12, 31)
ID_BASE = 10_000_000


def _concept(store: Store, vocabulary_id: str, code: str) -> int:
    found = concept_id_by_code(store, vocabulary_id, code)
    if found is None:
        raise BadInputError(f"the synthetic CDM needs concept {vocabulary_id} {code}; run `oncodata init` first")
    return found


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype("int32"), type=pa.int32()).cast(pa.date32())


def write_synthetic_cdm(store: Store, persons: int, seed: int = 7) -> dict[str, int]:
    """Write `persons` synthetic lung cancer patients; returns row counts per table."""
    rng = np.random.default_rng(seed)
    epoch = (START - dt.date(1970, 1, 1)).days
    end_day = (FOLLOW_UP_END - dt.date(1970, 1, 1)).days
    ids = np.arange(1, persons + 1, dtype=np.int64) + ID_BASE
    male = rng.random(persons) < 0.62
    born = rng.integers(1930, 1985, persons)
    diagnosis = epoch + rng.integers(0, 365 * 8, persons)
    obs_start = diagnosis - rng.integers(0, 400, persons)
    stage_index = rng.choice(len(STAGES), persons, p=STAGE_SHARES)
    medians = np.array([MEDIAN_OS_DAYS[s] for s in STAGES])[stage_index]
    death_after = rng.exponential(medians / np.log(2)).astype(int) + 1
    lost_after = rng.exponential(4000, persons).astype(int) + 30
    death = diagnosis + death_after
    dies = (death <= end_day) & (death_after <= lost_after)
    obs_end = np.where(dies, death, np.minimum(diagnosis + lost_after, end_day))
    histology = rng.choice(len(HISTOLOGY), persons, p=[h[1] for h in HISTOLOGY])
    egfr_tested = rng.random(persons) < 0.7
    egfr_positive = egfr_tested & (histology == 0) & (rng.random(persons) < 0.45)
    progression = diagnosis + (death_after * rng.uniform(0.3, 0.9, persons)).astype(int)
    progresses = (stage_index >= 4) & (progression < obs_end)
    treated = (stage_index >= 4) & (rng.random(persons) < 0.85)
    line_start = diagnosis + rng.integers(7, 40, persons)
    treated &= line_start < obs_end

    concept = {code: _concept(store, "ICDO3", code) for code, _ in HISTOLOGY}
    stage_concepts = np.array([_concept(store, "Cancer Modifier", f"c-8th_AJCC/UICC-Stage-{s}") for s in STAGES])
    egfr = _concept(store, "OncoData", "EGFR-EX19DEL")
    gefitinib = _concept(store, "RxNorm", "328134")
    cisplatin = _concept(store, "RxNorm", "2555")
    histology_concepts = np.array([concept[code] for code, _ in HISTOLOGY])
    n = persons
    counts: dict[str, int] = {}
    counts["cdm.person"] = store.load_arrow(
        "cdm.person",
        pa.table(
            {
                "person_id": ids,
                "gender_concept_id": np.where(male, 8507, 8532).astype(np.int64),
                "year_of_birth": born.astype(np.int64),
                "race_concept_id": np.zeros(n, dtype=np.int64),
                "ethnicity_concept_id": np.zeros(n, dtype=np.int64),
            }
        ),
    )
    counts["cdm.observation_period"] = store.load_arrow(
        "cdm.observation_period",
        pa.table(
            {
                "observation_period_id": ids,
                "person_id": ids,
                "observation_period_start_date": _dates(obs_start),
                "observation_period_end_date": _dates(obs_end),
                "period_type_concept_id": np.full(n, 32817, dtype=np.int64),
            }
        ),
    )
    condition_ids = ids * 10
    counts["cdm.condition_occurrence"] = store.load_arrow(
        "cdm.condition_occurrence",
        pa.table(
            {
                "condition_occurrence_id": condition_ids,
                "person_id": ids,
                "condition_concept_id": histology_concepts[histology].astype(np.int64),
                "condition_start_date": _dates(diagnosis),
                "condition_type_concept_id": np.full(n, 32817, dtype=np.int64),
            }
        ),
    )
    tested = np.flatnonzero(egfr_tested)
    measurement_person = np.concatenate([ids, ids[tested]])
    counts["cdm.measurement"] = store.load_arrow(
        "cdm.measurement",
        pa.table(
            {
                "measurement_id": np.concatenate([ids * 10 + 1, ids[tested] * 10 + 2]),
                "person_id": measurement_person,
                "measurement_concept_id": np.concatenate([stage_concepts[stage_index], np.full(len(tested), egfr)]).astype(
                    np.int64
                ),
                "measurement_date": _dates(np.concatenate([diagnosis, diagnosis[tested] + 5])),
                "measurement_type_concept_id": np.full(len(measurement_person), 32817, dtype=np.int64),
                "value_as_concept_id": pa.array(
                    [None] * n + [9191 if p else 9189 for p in egfr_positive[tested]], type=pa.int64()
                ),
                "measurement_event_id": np.concatenate([condition_ids, condition_ids[tested]]),
                "meas_event_field_concept_id": np.full(len(measurement_person), 1147127, dtype=np.int64),
            }
        ),
    )
    dead = np.flatnonzero(dies)
    counts["cdm.death"] = store.load_arrow("cdm.death", pa.table({"person_id": ids[dead], "death_date": _dates(death[dead])}))
    on_line = np.flatnonzero(treated)
    prog = np.flatnonzero(progresses)
    regimen_ids = ids[on_line] * 10 + 3
    counts["cdm.episode"] = store.load_arrow(
        "cdm.episode",
        pa.table(
            {
                "episode_id": np.concatenate([ids * 10, regimen_ids, ids[prog] * 10 + 4]),
                "person_id": np.concatenate([ids, ids[on_line], ids[prog]]),
                "episode_concept_id": np.concatenate(
                    [np.full(n, 32528), np.full(len(on_line), 32531), np.full(len(prog), 32677)]
                ).astype(np.int64),
                "episode_start_date": _dates(np.concatenate([diagnosis, line_start[on_line], progression[prog]])),
                "episode_parent_id": pa.array([None] * n + list(ids[on_line] * 10) + list(ids[prog] * 10), type=pa.int64()),
                "episode_number": pa.array([None] * n + [1] * len(on_line) + [None] * len(prog), type=pa.int64()),
                "episode_object_concept_id": np.zeros(n + len(on_line) + len(prog), dtype=np.int64),
                "episode_type_concept_id": np.full(n + len(on_line) + len(prog), 32545, dtype=np.int64),
            }
        ),
    )
    drug_ids = ids[on_line] * 10 + 5
    drug = np.where(egfr_positive[on_line], gefitinib, cisplatin).astype(np.int64)
    counts["cdm.drug_exposure"] = store.load_arrow(
        "cdm.drug_exposure",
        pa.table(
            {
                "drug_exposure_id": drug_ids,
                "person_id": ids[on_line],
                "drug_concept_id": drug,
                "drug_exposure_start_date": _dates(line_start[on_line]),
                "drug_exposure_end_date": _dates(line_start[on_line] + 90),
                "drug_type_concept_id": np.full(len(on_line), 32838, dtype=np.int64),
            }
        ),
    )
    counts["cdm.episode_event"] = store.load_arrow(
        "cdm.episode_event",
        pa.table(
            {
                "episode_id": np.concatenate([ids * 10, regimen_ids]),
                "event_id": np.concatenate([condition_ids, drug_ids]),
                "episode_event_field_concept_id": np.concatenate([np.full(n, 1147127), np.full(len(on_line), 1147094)]).astype(
                    np.int64
                ),
            }
        ),
    )
    return counts
