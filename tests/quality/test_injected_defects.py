"""Every defect the synthetic hospital injects (truth/defects.csv) is caught where a data manager looks for it.

A dirty hospital and its clean twin (same seed: same clinical content, no defects) go through the real pipeline
(synth -> ingest -> build -> dq) on each engine. The clean twin must fail no check at all. Each injected defect is
followed from its source file and row: into the quarantine with its field and reason, out as a skipped duplicate,
into the CDM where the named data quality check counts it, rescued by the rest of the record to the concept the
twin's undamaged row gets, or (for fields the CDM does not carry) into the source profile's null counts.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook

from oncodata.build.pipeline import build_cdm
from oncodata.privacy.gate import DeidentificationGate
from oncodata.privacy.keys import create_key_file, load_key
from oncodata.privacy.vault import Vault
from oncodata.quality.runner import QualityRun, run_quality_checks
from oncodata.sources.batch import DUPLICATE_REASON, BatchReport
from oncodata.sources.hospital import ingest_hospital_extracts
from oncodata.sources.mapping import load_mapping
from oncodata.sources.profile import profile_path
from oncodata.sources.staging import staging_columns
from oncodata.store import open_store
from oncodata.store.base import Store
from oncodata.synth.generator import SynthOptions, generate_hospital
from tests.quality.cdm_fixture import initialize_empty

SEED = 11
DIRTY_RATE = 0.3  # high enough that every defect kind occurs, conflicting records included
PATIENTS = {"duckdb": 100, "postgresql": 60}
ALL_KINDS = {
    "truncated_line",
    "impossible_date",
    "duplicate_row",
    "wrong_unit",
    "invalid_code",
    "typo",
    "missing_field",
    "conflicting_record",
}
PRIMARY_KEYS = {
    "person": "person_id",
    "visit_occurrence": "visit_occurrence_id",
    "condition_occurrence": "condition_occurrence_id",
    "drug_exposure": "drug_exposure_id",
    "procedure_occurrence": "procedure_occurrence_id",
    "measurement": "measurement_id",
    "observation": "observation_id",
}
CONCEPT_COLUMN = {
    "condition_occurrence": "condition",
    "drug_exposure": "drug",
    "procedure_occurrence": "procedure",
    "measurement": "measurement",
    "observation": "observation",
}


@dataclass(frozen=True)
class Quarantined:
    """The source row is in admin.quarantine under the defective field, with a reason containing `reason`."""

    reason: str


@dataclass(frozen=True)
class SkippedDuplicate:
    """The row is neither staged nor quarantined, its twin (the row before) is, and the batch counts it skipped."""


@dataclass(frozen=True)
class Flagged:
    """The row reaches CDM `table` where `violates` holds for it, and check `check_id` counts at least those rows.

    Without `violates` the check must count exactly the defective rows that reached the CDM (nothing else).
    """

    table: str
    violates: str | None
    check_id: str


@dataclass(frozen=True)
class Rescued:
    """The rest of the record maps the row to the concept the clean twin's undamaged row gets (or one above or below
    it in the hierarchy, when the text is more or less specific than the code).

    The row may land in any of `tables` (a diagnosis code can name a procedure). With `source_concept_0` the damage still shows once rescued: the source concept stays 0 and
    sourceConceptRecordCompleteness counts it. A row no mapping rescues must land as concept 0 where `unmapped`
    counts it, never on a wrong concept.
    """

    tables: tuple[str, ...]
    source_concept_0: bool = False
    unmapped: Flagged | None = None


@dataclass(frozen=True)
class Profiled:
    """A field the CDM does not carry: the source profile counts at least the emptied values as nulls."""


Mechanism = Quarantined | SkippedDuplicate | Flagged | Rescued | Profiled
REQUIRED = Quarantined("required field")
DIAGNOSIS_TABLES = ("condition_occurrence", "procedure_occurrence", "observation")
# (defect kind, field) -> how it must be caught; "*" stands for any field of that kind.
EXPECTED: dict[tuple[str, str], Mechanism] = {
    ("truncated_line", "*"): Quarantined("the line ends in field"),
    ("impossible_date", "*"): Quarantined("not a real calendar date"),
    ("duplicate_row", ""): SkippedDuplicate(),
    ("conflicting_record", "*"): Quarantined("conflicting record"),
    ("missing_field", "birth_date"): REQUIRED,
    ("missing_field", "sex"): REQUIRED,
    ("missing_field", "visit_start"): REQUIRED,
    ("missing_field", "diagnosis_date"): REQUIRED,
    ("missing_field", "reported_at"): REQUIRED,
    ("missing_field", "exam_date"): REQUIRED,
    ("missing_field", "ethnicity"): Flagged(
        "person", "t.ethnicity_source_value IS NULL", "measurevaluecompleteness_person_ethnicity_source_value"
    ),
    ("missing_field", "department"): Flagged(
        "visit_occurrence", "t.care_site_id IS NULL", "measurevaluecompleteness_visit_occurrence_care_site_id"
    ),
    ("missing_field", "result"): Flagged(
        "measurement", "t.value_as_number IS NULL", "measurevaluecompleteness_measurement_value_as_number"
    ),
    ("missing_field", "unit"): Flagged(
        "measurement",
        "t.unit_concept_id = 0 AND t.value_as_number IS NOT NULL",
        "standardconceptrecordcompleteness_measurement_unit_concept_id",
    ),
    ("missing_field", "route"): Flagged(
        "drug_exposure", "t.route_source_value IS NULL", "measurevaluecompleteness_drug_exposure_route_source_value"
    ),
    ("missing_field", "fractions"): Flagged(
        "procedure_occurrence", "t.quantity IS NULL", "measurevaluecompleteness_procedure_occurrence_quantity"
    ),
    ("missing_field", "status"): Flagged(
        "observation", "t.value_as_string IS NULL", "measurevaluecompleteness_observation_value_as_string"
    ),
    ("missing_field", "icd10_code"): Rescued(DIAGNOSIS_TABLES, source_concept_0=True),
    ("missing_field", "procedure_code"): Rescued(("procedure_occurrence",), source_concept_0=True),
    # Staged, but not carried into any CDM column: drug dose, radiotherapy dose, insurance, note titles' parts.
    ("missing_field", "dose"): Profiled(),
    ("missing_field", "total_dose_gy"): Profiled(),
    ("missing_field", "insurance"): Profiled(),
    ("missing_field", "specimen"): Profiled(),
    ("missing_field", "modality"): Profiled(),
    ("invalid_code", "icd10_code"): Rescued(DIAGNOSIS_TABLES, source_concept_0=True),
    ("typo", "item_name"): Rescued(("measurement",)),  # the item code still maps it
    ("typo", "drug_generic"): Rescued(
        ("drug_exposure",),
        unmapped=Flagged(
            "drug_exposure", "t.drug_concept_id = 0", "standardconceptrecordcompleteness_drug_exposure_drug_concept_id"
        ),
    ),
    ("wrong_unit", "unit"): Flagged("measurement", None, "onclabunitmatchesreferencerange_measurement_unit_concept_id"),
}


@dataclass(frozen=True)
class Defect:
    """One row of truth/defects.csv (the person key column is not read: it is an identifier)."""

    file: str
    row: int
    field: str
    kind: str
    detail: str

    @property
    def where(self) -> tuple[str, int]:
        return (self.file, self.row)

    @property
    def original(self) -> str | None:
        match = re.search(r"\(was (.*)\)$", self.detail)
        return match.group(1) if match else None


@dataclass
class Pipeline:
    """A synthetic hospital after ingest, build and the data quality run."""

    store: Store
    sources: Path
    batch: BatchReport
    run: QualityRun

    def check(self, check_id: str) -> tuple[int, int]:
        result = next(r for r in self.run.results if r.check.check_id == check_id)
        assert not result.is_error and not result.not_applicable, check_id
        return result.num_violated, result.num_denominator

    def defects(self) -> list[Defect]:
        with (self.sources / "truth" / "defects.csv").open(encoding="utf-8", newline="") as handle:
            return [Defect(r["file"], int(r["row"]), r["field"], r["defect"], r["detail"]) for r in csv.DictReader(handle)]


def _mechanism(defect: Defect) -> Mechanism:
    found = EXPECTED.get((defect.kind, defect.field)) or EXPECTED.get((defect.kind, "*"))
    assert found is not None, f"no expected mechanism for {defect.kind} in {defect.file}.{defect.field}: map it in EXPECTED"
    return found


def _run_pipeline(store: Store, folder: Path, patients: int, dirty_rate: float) -> Pipeline:
    folder.mkdir()
    sources = folder / "sources"
    generate_hospital(SynthOptions(patients, sources, seed=SEED, dirty_rate=dirty_rate))
    initialize_empty(store, folder)
    key = load_key(create_key_file(folder / "site.key"))
    gate = DeidentificationGate(key, Vault.open(folder / "vault.sqlite", key))
    try:
        batch = ingest_hospital_extracts(store, gate, sources, load_mapping())
    finally:
        gate.close()
    build_cdm(store, rebuild=True)
    return Pipeline(store, sources, batch, run_quality_checks(store))


def _staged(store: Store) -> dict[tuple[str, int], set[int]]:
    """Source rows still in staging (any table), with the persons they belong to."""
    rows: dict[tuple[str, int], set[int]] = defaultdict(set)
    for table in staging_columns():
        for file, row, person in store.query(f"SELECT source_file, source_row, person_id FROM staging.{table}"):
            rows[(str(file), int(row))].add(int(person))
    return rows


def _reached(store: Store, table: str, condition: str = "TRUE") -> set[tuple[str, int]]:
    """Source rows with a CDM row in `table` (through the lineage) for which `condition` holds."""
    rows = store.query(
        f"SELECT DISTINCT l.source_file, l.source_row FROM admin.lineage l JOIN cdm.{table} t ON t.{PRIMARY_KEYS[table]} = l.cdm_id "
        f"WHERE l.cdm_table = '{table}' AND ({condition})"
    )
    return {(str(f), int(r)) for f, r in rows}


def _assert_quarantined(pipeline: Pipeline, defects: list[Defect], mechanism: Quarantined) -> None:
    quarantine = {
        (str(f), int(r)): (field, str(reason))
        for f, r, field, reason in pipeline.store.query(
            "SELECT source_file, source_row, field_name, reason FROM admin.quarantine"
        )
    }
    for defect in defects:
        assert defect.where in quarantine, f"{defect.kind} {defect.where} was not quarantined"
        field, reason = quarantine[defect.where]
        assert field == defect.field, (defect, field, reason)
        assert mechanism.reason in reason, (defect, reason)


def _assert_skipped_duplicates(pipeline: Pipeline, defects: list[Defect], staged: dict[tuple[str, int], set[int]]) -> None:
    quarantined = {(str(f), int(r)) for f, r in pipeline.store.query("SELECT source_file, source_row FROM admin.quarantine")}
    for defect in defects:
        assert defect.where not in staged and defect.where not in quarantined, defect
        twin = (defect.file, defect.row - 1)
        assert twin in staged or twin in quarantined, f"the row {defect.where} duplicates is accounted nowhere"
    skipped = {f.source_file: f.skipped_by_reason.get(DUPLICATE_REASON, 0) for f in pipeline.batch.files}
    for file, count in Counter(d.file for d in defects).items():
        assert skipped[file] >= count, (file, skipped[file], count)
    assert all(f.reconciles for f in pipeline.batch.files)


def _split_by_reach(
    pipeline: Pipeline,
    defects: list[Defect],
    tables: tuple[str, ...],
    staged: dict[tuple[str, int], set[int]],
    persons: set[int],
) -> dict[str, list[Defect]]:
    """The defects by the CDM table their row reached; every other one must be staged for a person the CDM left out."""
    reached = {table: _reached(pipeline.store, table) for table in tables}
    inside: dict[str, list[Defect]] = {table: [] for table in tables}
    for defect in defects:
        table = next((t for t in tables if defect.where in reached[t]), None)
        if table is not None:
            inside[table].append(defect)
        else:
            assert defect.where in staged and not staged[defect.where] & persons, f"{defect} is neither in the CDM nor accounted"
    return inside


def _assert_flagged(pipeline: Pipeline, defects: list[Defect], flag: Flagged, exact: bool) -> None:
    violated, _ = pipeline.check(flag.check_id)
    assert defects, f"no {flag.check_id} defect reached the CDM: the test cannot show it is caught"
    if flag.violates is not None:
        violating = _reached(pipeline.store, flag.table, flag.violates)
        missed = [d for d in defects if d.where not in violating]
        assert not missed, f"{flag.check_id} does not see {missed[:3]}"
    assert violated >= len(defects), (flag.check_id, violated, len(defects))
    if exact:
        assert violated == len(defects), (flag.check_id, violated, len(defects))


def _twin_rows(defects: list[Defect]) -> dict[tuple[str, int], tuple[str, int]]:
    """Dirty row -> the same record's row in the clean twin: rows the dirt added (duplicates, conflicts) shift the rest."""
    added: dict[str, list[int]] = defaultdict(list)
    for defect in defects:
        if defect.kind in ("duplicate_row", "conflicting_record"):
            added[defect.file].append(defect.row)
    return {d.where: (d.file, d.row - sum(1 for row in added[d.file] if row < d.row)) for d in defects}


def _concepts(store: Store, tables: tuple[str, ...]) -> dict[tuple[str, int], int]:
    """Source row -> the concept its CDM row got, over the tables a record of that kind can land in."""
    concepts: dict[tuple[str, int], int] = {}
    for table in tables:
        rows = store.query(
            f"SELECT l.source_file, l.source_row, t.{CONCEPT_COLUMN[table]}_concept_id FROM admin.lineage l "
            f"JOIN cdm.{table} t ON t.{PRIMARY_KEYS[table]} = l.cdm_id WHERE l.cdm_table = '{table}'"
        )
        concepts.update({(str(f), int(r)): int(c) for f, r, c in rows})
    return concepts


def _assert_rescued(
    pipeline: Pipeline, twin: Pipeline, table: str, defects: list[Defect], rescue: Rescued, twin_rows: dict
) -> tuple[int, int]:
    """Checks every row that reached `table`; returns (rescued, left unmapped) counts."""
    store = pipeline.store
    landed = _concepts(store, (table,))
    undamaged = _concepts(twin.store, rescue.tables)
    unmapped_rows = _reached(store, table, rescue.unmapped.violates or "TRUE") if rescue.unmapped else set()

    def hierarchy(concept_id: int) -> set[int]:
        rows = store.query(
            "SELECT ancestor_concept_id, descendant_concept_id FROM vocab.concept_ancestor "
            "WHERE ancestor_concept_id = $c OR descendant_concept_id = $c",
            {"c": concept_id},
        )
        return {int(a) for a, _ in rows} | {int(d) for _, d in rows}

    rescued = unmapped = 0
    for defect in defects:
        concept_id, expected = landed[defect.where], undamaged[twin_rows[defect.where]]
        assert expected != 0, f"{defect}: the clean twin's row is unmapped itself"
        # The text may name the procedure more precisely than the code did (thoracoscopic segmentectomy under
        # "other segmental resection"): a concept in the same line of the hierarchy is the same finding.
        if concept_id == expected or (concept_id and expected in hierarchy(concept_id)):
            rescued += 1
        else:
            assert concept_id == 0 and defect.where in unmapped_rows, f"{defect} mapped to {concept_id}, expected {expected}"
            unmapped += 1
    if unmapped:
        assert rescue.unmapped is not None and pipeline.check(rescue.unmapped.check_id)[0] >= unmapped
    if rescue.source_concept_0 and defects:
        column = f"{CONCEPT_COLUMN[table]}_source_concept_id"
        flag = Flagged(table, f"t.{column} = 0", f"sourceconceptrecordcompleteness_{table}_{column}")
        _assert_flagged(pipeline, defects, flag, exact=False)
    return rescued, unmapped


def _assert_profiled(pipeline: Pipeline, groups: dict[tuple[str, str], list[Defect]]) -> None:
    profile = profile_path(pipeline.sources, load_mapping())
    nulls = {
        (entry["file"], column["mapping_field"]): column["nulls"]
        for entry in profile["files"]
        for column in entry.get("columns", [])
        if column.get("mapping_field")
    }
    for (file, field), defects in groups.items():
        assert nulls[(file, field)] >= len(defects), (file, field, nulls[(file, field)], len(defects))


def _check_every_defect(pipeline: Pipeline, twin: Pipeline) -> dict[str, int]:
    """Assert each defect is caught by its mechanism; returns how many defects each mechanism accounted for."""
    defects = pipeline.defects()
    assert {d.kind for d in defects} == ALL_KINDS
    twin_rows = _twin_rows(defects)
    store = pipeline.store
    staged = _staged(store)
    persons = {int(p) for (p,) in store.query("SELECT person_id FROM cdm.person")}
    groups: dict[Mechanism, dict[tuple[str, str], list[Defect]]] = defaultdict(lambda: defaultdict(list))
    for defect in defects:
        groups[_mechanism(defect)][(defect.file, defect.field)].append(defect)
    accounted: Counter[str] = Counter()
    for mechanism, by_field in groups.items():
        group = [d for field_group in by_field.values() for d in field_group]
        accounted[type(mechanism).__name__] += len(group)
        if isinstance(mechanism, Quarantined):
            _assert_quarantined(pipeline, group, mechanism)
        elif isinstance(mechanism, SkippedDuplicate):
            _assert_skipped_duplicates(pipeline, group, staged)
        elif isinstance(mechanism, Flagged):
            inside = _split_by_reach(pipeline, group, (mechanism.table,), staged, persons)[mechanism.table]
            _assert_flagged(pipeline, inside, mechanism, exact=mechanism.violates is None)
        elif isinstance(mechanism, Rescued):
            for table, inside in _split_by_reach(pipeline, group, mechanism.tables, staged, persons).items():
                rescued, unmapped = _assert_rescued(pipeline, twin, table, inside, mechanism, twin_rows)
                accounted["rescued by mapping"] += rescued
                accounted["left unmapped and flagged"] += unmapped
        else:
            _assert_profiled(pipeline, by_field)
    assert sum(v for k, v in accounted.items() if k[0].isupper()) == len(defects)
    return dict(accounted)


@pytest.fixture
def twin_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database on the same engine, for the clean twin."""
    if not database_url.startswith("postgresql"):
        yield str(tmp_path / "twin.duckdb")
        return
    base, _, name = database_url.rpartition("/")
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}_twin"')
    try:
        yield f"{base}/{name}_twin"
    finally:
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}_twin" WITH (FORCE)')


def test_every_injected_defect_is_caught_by_its_mechanism(database_url: str, twin_url: str, tmp_path: Path):
    patients = PATIENTS["postgresql" if database_url.startswith("postgresql") else "duckdb"]
    with open_store(twin_url) as twin_store, open_store(database_url) as store:
        twin = _run_pipeline(twin_store, tmp_path / "clean", patients, 0.0)
        # The clean synthetic CDM fails no check of any severity, and nothing is quarantined on the way.
        assert [r.check.check_id for r in twin.run.results if r.failed or r.is_error] == []
        assert twin.batch.total("quarantined") == 0
        pipeline = _run_pipeline(store, tmp_path / "dirty", patients, DIRTY_RATE)
        assert pipeline.run.count("is_error") == 0
        # Caught before they could break the CDM's structure: no fatal check fails on the dirty hospital.
        assert [r.check.check_id for r in pipeline.run.fatal_failures] == []
        accounted = _check_every_defect(pipeline, twin)
        assert accounted["rescued by mapping"] > 0 and accounted["left unmapped and flagged"] > 0


def test_conflicting_records_of_one_batch_are_quarantined_and_a_later_batch_updates(duckdb_url: str, tmp_path: Path):
    """Two death dates for one person in one extract: the later record is quarantined naming the field and the row
    it contradicts; a corrected date arriving in a later batch is an update the build takes, not a conflict."""
    sources = tmp_path / "sources"
    generate_hospital(SynthOptions(12, sources, seed=3))
    registry = sources / "followup_registry.xlsx"
    workbook = load_workbook(registry)
    sheet = workbook.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    death_column = next(i for i, name in enumerate(header) if name in ("死亡日期", "Death date"))
    dead_row = next(cells for cells in sheet.iter_rows(min_row=2) if cells[death_column].value)
    contradicting = [cell.value for cell in dead_row]
    contradicting[death_column] = "2001-01-01"
    sheet.append(contradicting)
    workbook.save(registry)
    with open_store(duckdb_url) as store:
        initialize_empty(store, tmp_path)
        key = load_key(create_key_file(tmp_path / "site.key"))
        gate = DeidentificationGate(key, Vault.open(tmp_path / "vault.sqlite", key))
        try:
            first = ingest_hospital_extracts(store, gate, sources, load_mapping())
            [(file, row, field, reason, value)] = store.query(
                "SELECT source_file, source_row, field_name, reason, offending_value FROM admin.quarantine"
            )
            assert (file, row, field, value) == ("followup_registry.xlsx", sheet.max_row - 1, "death_date", None)
            assert reason == f"conflicting record: same person as row {dead_row[0].row - 1} but a different death_date"
            registry_report = next(f for f in first.files if f.source_file == "followup_registry.xlsx")
            assert registry_report.reconciles and registry_report.quarantined == 1
            # The registry corrected at the source and sent again: one death row per person, a new date.
            sheet.delete_rows(sheet.max_row)
            dead_row[death_column].value = "2001-01-02"
            workbook.save(registry)
            later = ingest_hospital_extracts(store, gate, registry, load_mapping())
        finally:
            gate.close()
        assert later.total("quarantined") == 0 and later.total("staged") == 1
        corrected = store.scalar("SELECT death_date FROM staging.death WHERE batch_id = $b", {"b": later.batch_id})
        build_cdm(store, rebuild=True)
        assert store.scalar("SELECT count(*) FROM cdm.death WHERE death_date = $d", {"d": corrected}) == 1
