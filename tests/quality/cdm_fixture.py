"""A small clean oncology CDM written with SQL inserts (three persons), and the defects tests plant in it."""

from __future__ import annotations

from pathlib import Path

from oncodata.lifecycle import initialize
from oncodata.settings import load_settings
from oncodata.store.base import Store

# Concepts are looked up by vocabulary and code ({Vocabulary:Code}); ids above 2e9 are local and never hard-coded.
CONCEPT_CODES = {
    "ADENO_RUL": ("ICDO3", "8140/3-C34.1"),
    "SCC_RLL": ("ICDO3", "8070/3-C34.3"),
    "pT2a": ("Cancer Modifier", "p-8th_AJCC/UICC-T2a"),
    "pN0": ("Cancer Modifier", "p-8th_AJCC/UICC-N0"),
    "pM0": ("Cancer Modifier", "p-8th_AJCC/UICC-M0"),
    "pStage1B": ("Cancer Modifier", "p-8th_AJCC/UICC-Stage-1B"),
    "pStage3A": ("Cancer Modifier", "p-8th_AJCC/UICC-Stage-3A"),
    "cT3": ("Cancer Modifier", "c-8th_AJCC/UICC-T3"),
    "cN1": ("Cancer Modifier", "c-8th_AJCC/UICC-N1"),
    "cM0": ("Cancer Modifier", "c-8th_AJCC/UICC-M0"),
    "cStage3A": ("Cancer Modifier", "c-8th_AJCC/UICC-Stage-3A"),
    "SIZE": ("OncoData", "SIZE-TUMOR"),
    "NODES_POS": ("OncoData", "NODES-POSITIVE"),
    "NODES_EXAM": ("OncoData", "NODES-EXAMINED"),
    "PDL1": ("OncoData", "BIOMARKER-PDL1-TPS"),
    "CISPLATIN": ("RxNorm", "2555"),
    "CARBOPLATIN": ("RxNorm", "40048"),
}
COND_FIELD = 1147127
DRUG_FIELD = 1147094

CLEAN_CDM = """
INSERT INTO cdm.person (person_id, gender_concept_id, year_of_birth, race_concept_id, ethnicity_concept_id) VALUES (1, 8507, 1955, 0, 0), (2, 8532, 1960, 0, 0), (3, 8507, 1970, 0, 0)
INSERT INTO cdm.observation_period VALUES (1, 1, DATE '2019-12-01', DATE '2023-06-30', 32817), (2, 2, DATE '2020-12-01', DATE '2022-06-01', 32817), (3, 3, DATE '2021-01-01', DATE '2023-06-30', 32817)
INSERT INTO cdm.visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, visit_start_date, visit_end_date, visit_type_concept_id) VALUES (201, 1, 9201, DATE '2020-03-01', DATE '2020-03-05', 32817), (202, 2, 9202, DATE '2021-01-10', DATE '2021-01-10', 32817), (203, 3, 9202, DATE '2022-02-02', DATE '2022-02-02', 32817)
INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date, condition_type_concept_id, visit_occurrence_id) VALUES (101, 1, {ADENO_RUL}, DATE '2020-03-01', 32817, 201), (102, 2, {SCC_RLL}, DATE '2021-01-10', 32817, 202)
INSERT INTO cdm.condition_era VALUES (1, 1, {ADENO_RUL}, DATE '2020-03-01', DATE '2020-03-01', 1), (2, 2, {SCC_RLL}, DATE '2021-01-10', DATE '2021-01-10', 1)
INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_type_concept_id, value_as_number, unit_concept_id, visit_occurrence_id, measurement_event_id, meas_event_field_concept_id) VALUES (601, 1, {pT2a}, DATE '2020-03-03', 32817, NULL, NULL, 201, 101, 1147127), (602, 1, {pN0}, DATE '2020-03-03', 32817, NULL, NULL, 201, 101, 1147127), (603, 1, {pM0}, DATE '2020-03-03', 32817, NULL, NULL, 201, 101, 1147127), (604, 1, {pStage1B}, DATE '2020-03-03', 32817, NULL, NULL, 201, 101, 1147127), (605, 1, {SIZE}, DATE '2020-03-03', 32817, 35, 8588, 201, 101, 1147127), (606, 1, {NODES_POS}, DATE '2020-03-03', 32817, 0, NULL, 201, 101, 1147127), (607, 1, {NODES_EXAM}, DATE '2020-03-03', 32817, 12, NULL, 201, 101, 1147127), (608, 1, {PDL1}, DATE '2020-03-03', 32817, 50, 8554, 201, 101, 1147127), (611, 2, {cT3}, DATE '2021-01-10', 32817, NULL, NULL, 202, 102, 1147127), (612, 2, {cN1}, DATE '2021-01-10', 32817, NULL, NULL, 202, 102, 1147127), (613, 2, {cM0}, DATE '2021-01-10', 32817, NULL, NULL, 202, 102, 1147127), (614, 2, {cStage3A}, DATE '2021-01-10', 32817, NULL, NULL, 202, 102, 1147127)
INSERT INTO cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, drug_exposure_end_date, drug_type_concept_id) VALUES (401, 1, {CISPLATIN}, DATE '2020-04-01', DATE '2020-04-01', 32817), (402, 1, {CISPLATIN}, DATE '2020-04-22', DATE '2020-04-22', 32817), (403, 2, {CARBOPLATIN}, DATE '2021-02-01', DATE '2021-02-01', 32817), (404, 2, {CISPLATIN}, DATE '2021-10-15', DATE '2021-10-15', 32817)
INSERT INTO cdm.episode (episode_id, person_id, episode_concept_id, episode_start_date, episode_parent_id, episode_number, episode_object_concept_id, episode_type_concept_id) VALUES (301, 1, 32528, DATE '2020-03-01', NULL, NULL, {ADENO_RUL}, 32545), (302, 1, 32531, DATE '2020-04-01', 301, 1, 4273629, 32545), (303, 2, 32528, DATE '2021-01-10', NULL, NULL, {SCC_RLL}, 32545), (304, 2, 32531, DATE '2021-02-01', 303, 1, 4273629, 32545), (305, 2, 32677, DATE '2021-10-01', 303, NULL, {SCC_RLL}, 32545), (306, 2, 32531, DATE '2021-10-15', 305, 2, 4273629, 32545)
INSERT INTO cdm.episode_event VALUES (301, 101, 1147127), (302, 401, 1147094), (302, 402, 1147094), (303, 102, 1147127), (304, 403, 1147094), (306, 404, 1147094)
INSERT INTO cdm.death (person_id, death_date, death_type_concept_id) VALUES (2, DATE '2022-06-01', 32817)
"""

# One planted defect per entry: the SQL that plants it and the check id that must catch it.
DEFECTS: dict[str, tuple[str, str]] = {
    "stage contradicts TNM": (
        "UPDATE cdm.measurement SET measurement_concept_id = {pStage3A} WHERE measurement_id = 604",
        "oncstageconsistentwithtnm_measurement_measurement_concept_id",
    ),
    "histology impossible at site": (
        "INSERT INTO vocab.concept VALUES (2100000001, 'Hepatocellular carcinoma of upper lobe, lung', 'Condition', 'ICDO3', 'ICDO Condition', 'S', '8170/3-C34.1', DATE '1970-01-01', DATE '2099-12-31', NULL);"
        "UPDATE cdm.condition_occurrence SET condition_concept_id = 2100000001 WHERE condition_occurrence_id = 102",
        "oncmorphologyvalidfortopography_condition_occurrence_condition_concept_id",
    ),
    "modifier without condition": (
        "INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_type_concept_id, measurement_event_id, meas_event_field_concept_id) VALUES (620, 1, {pN0}, DATE '2020-03-03', 32817, 999, 1147127)",
        "oncmodifierlinkedtocondition_measurement_measurement_event_id",
    ),
    "episode event to nothing": (
        "INSERT INTO cdm.episode_event VALUES (302, 9999, 1147094)",
        "oncepisodeeventtargetexists_episode_event_event_id",
    ),
    "gap in lines of therapy": (
        "UPDATE cdm.episode SET episode_number = 3 WHERE episode_id = 306",
        "oncregimenlinescontiguous_episode_episode_number",
    ),
    "treatment before diagnosis": (
        "UPDATE cdm.episode SET episode_start_date = DATE '2019-01-01' WHERE episode_id = 302",
        "onctreatmentnotlongbeforediagnosis_episode_episode_start_date",
    ),
    "PD-L1 above 100": (
        "UPDATE cdm.measurement SET value_as_number = 150 WHERE measurement_id = 608",
        "oncpdl1tpsrange_measurement_value_as_number",
    ),
    "tumour size implausible": (
        "UPDATE cdm.measurement SET value_as_number = 5000 WHERE measurement_id = 605",
        "onctumoursizeplausible_measurement_value_as_number",
    ),
    "more nodes positive than examined": (
        "UPDATE cdm.measurement SET value_as_number = 15 WHERE measurement_id = 606",
        "oncnodespositivenotaboveexamined_measurement_value_as_number",
    ),
    "two first occurrences": (
        "INSERT INTO cdm.episode (episode_id, person_id, episode_concept_id, episode_start_date, episode_object_concept_id, episode_type_concept_id) VALUES (307, 1, 32528, DATE '2020-03-02', {ADENO_RUL}, 32545);"
        "INSERT INTO cdm.episode_event VALUES (307, 101, 1147127)",
        "onconefirstoccurrenceperprimary_condition_occurrence_condition_occurrence_id",
    ),
    "death before last treatment": (
        "UPDATE cdm.death SET death_date = DATE '2021-09-01' WHERE person_id = 2",
        "oncdeathnotbeforelasttreatment_death_death_date",
    ),
    "lost to follow-up": (
        "UPDATE cdm.observation_period SET observation_period_end_date = DATE '2020-06-01' WHERE person_id = 1",
        "oncfollowupcomplete_person_person_id",
    ),
    "measurement of unknown person": (
        "UPDATE cdm.measurement SET person_id = 777 WHERE measurement_id = 611",
        "isforeignkey_measurement_person_id",
    ),
    "condition before birth": (
        "INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date, condition_type_concept_id) VALUES (103, 3, 0, DATE '1960-05-05', 32817)",
        "plausibleafterbirth_condition_occurrence_condition_start_date",
    ),
    "drug concept as condition": (
        "UPDATE cdm.condition_occurrence SET condition_concept_id = {CISPLATIN} WHERE condition_occurrence_id = 101",
        "fkdomain_condition_occurrence_condition_concept_id",
    ),
    "overlapping observation periods": (
        "INSERT INTO cdm.observation_period VALUES (4, 3, DATE '2022-01-01', DATE '2024-01-01', 32817)",
        "measureobservationperiodoverlap_observation_period",
    ),
}


def concept_ids(store: Store) -> dict[str, int]:
    ids = {}
    for name, (vocabulary, code) in CONCEPT_CODES.items():
        ids[name] = int(
            store.scalar(
                "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = $v AND concept_code = $c",
                {"v": vocabulary, "c": code},
            )
        )
    return ids


def run_sql(store: Store, text: str, ids: dict[str, int]) -> None:
    for statement in text.format(**ids).replace(";", "\n").splitlines():
        if statement.strip():
            store.execute(statement)


def initialize_empty(store: Store, tmp_path: Path) -> None:
    initialize(store, load_settings(config_file=tmp_path / "absent.toml", environ={}))


def build_clean_cdm(store: Store, tmp_path: Path) -> dict[str, int]:
    """Initialize the database and insert the clean three-person oncology CDM; returns the concept ids used."""
    initialize_empty(store, tmp_path)
    ids = concept_ids(store)
    run_sql(store, CLEAN_CDM, ids)
    return ids


def plant_all_defects(store: Store, ids: dict[str, int]) -> None:
    if store.engine == "postgresql":  # PostgreSQL enforces this key itself; drop it so the defect can be planted
        store.execute_native("ALTER TABLE cdm.measurement DROP CONSTRAINT fpk_measurement_person_id")
    for sql, _ in DEFECTS.values():
        run_sql(store, sql, ids)
