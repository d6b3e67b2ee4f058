"""The build: staging -> mapped -> structured -> CDM, for all persons or only those a batch touched, timed by stage."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

from oncodata.build import domains, eras
from oncodata.build.cancer import resolve_primary_cancers, write_primary_cancers
from oncodata.build.episodes import build_episodes
from oncodata.build.report_facts import extract_pending_reports
from oncodata.errors import UsageError
from oncodata.store.base import Store
from oncodata.vocab.resolve import resolve_source_concepts

# Person-level CDM tables, children first so deferred foreign keys never see an orphan at commit.
PERSON_TABLES = (
    "episode", "drug_era", "condition_era", "observation_period", "death", "note", "observation", "measurement",
    "procedure_occurrence", "drug_exposure", "condition_occurrence", "visit_detail", "visit_occurrence", "person",
)  # fmt: skip
PROCEDURE_FIELD_CODE = "procedure_occurrence.procedure_occurrence_id"
ProgressCallback = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did: mode, persons rebuilt, seconds and row counts per stage."""

    build_id: str
    mode: str
    persons: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"build_id": self.build_id, "mode": self.mode, "persons": self.persons, "stage_seconds": self.stage_seconds,
                "counts": self.counts}  # fmt: skip


def _scope(store: Store, batch_id: str | None, rebuild: bool) -> str:
    """Fill admin.build_scope: everyone (full build) or the persons a batch's staging rows name."""
    store.execute("DELETE FROM admin.build_scope")
    if rebuild or batch_id is None:
        union = " UNION ".join(f"SELECT person_id FROM staging.{t}" for t in ("person", "visit", "condition", "drug", "measurement",
                                                                              "procedure", "observation", "note", "death"))  # fmt: skip
        store.execute(f"INSERT INTO admin.build_scope SELECT DISTINCT person_id FROM ({union}) AS everyone")
        return "full"
    if not store.scalar("SELECT count(*) FROM admin.batch WHERE batch_id = $b", {"b": batch_id}):
        raise UsageError(f"--batch {batch_id}: no such batch (see `oncodata batches`)")
    union = " UNION ".join(f"SELECT person_id FROM staging.{t} WHERE batch_id = $b" for t in ("person", "visit", "condition", "drug",
                           "measurement", "procedure", "observation", "note", "death"))  # fmt: skip
    store.execute(f"INSERT INTO admin.build_scope SELECT DISTINCT person_id FROM ({union}) AS touched", {"b": batch_id})
    return "incremental"


def _clear_scope(store: Store) -> None:
    """Remove the CDM rows of the persons in scope (and their NOTE_NLP, EPISODE_EVENT and lineage rows)."""
    scope = "(SELECT person_id FROM admin.build_scope)"
    store.execute(
        f"DELETE FROM cdm.episode_event WHERE episode_id IN (SELECT episode_id FROM cdm.episode WHERE person_id IN {scope})"
    )
    store.execute(f"DELETE FROM cdm.note_nlp WHERE note_id IN (SELECT note_id FROM cdm.note WHERE person_id IN {scope})")
    for table in PERSON_TABLES:
        store.execute(f"DELETE FROM cdm.{table} WHERE person_id IN {scope}")
    store.execute(f"DELETE FROM admin.lineage WHERE person_id IN {scope}")


def build_cdm(
    store: Store, *, batch_id: str | None = None, rebuild: bool = False, progress: ProgressCallback | None = None
) -> BuildReport:
    """Map, structure and write the CDM. Everything between scoping and lineage commits as one transaction."""
    report = BuildReport(f"build-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(2)}", "full")
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def stage(name: str, work: Callable[[], object]) -> object:
        if progress:
            progress(name)
        began = time.perf_counter()
        result = work()
        report.stage_seconds[name] = round(time.perf_counter() - began, 3)
        return result

    stage("map source values", lambda: resolve_source_concepts(store))
    report.counts["reports_read"] = int(stage("read reports (NLP)", lambda: extract_pending_reports(store)) or 0)  # type: ignore[arg-type]
    procedure_field = int(
        store.scalar(
            "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = 'CDM' AND concept_code = $c", {"c": PROCEDURE_FIELD_CODE}
        )
        or 0
    )
    with store.transaction():
        report.mode = str(stage("scope", lambda: _scope(store, batch_id, rebuild)))
        report.persons = int(store.scalar("SELECT count(*) FROM admin.build_scope") or 0)
        stage("clear", lambda: _clear_scope(store))
        stage("locations, care sites, providers", lambda: domains.shared_entities(store))
        stage("person", lambda: domains.persons(store))
        stage("visits", lambda: domains.visits(store))
        stage("conditions", lambda: domains.conditions(store))
        stage("drugs", lambda: domains.drugs(store))
        stage("procedures", lambda: domains.procedures(store))
        stage("measurements", lambda: domains.measurements(store))
        stage("observations", lambda: domains.observations(store))
        stage("notes and NOTE_NLP", lambda: domains.notes(store))
        stage("death", lambda: domains.deaths(store))
        cancers = stage("primary cancers", lambda: resolve_primary_cancers(store))
        stage("cancer modifiers", lambda: write_primary_cancers(store, cancers))  # type: ignore[arg-type]
        episode_counts = stage("episodes", lambda: build_episodes(store, cancers, procedure_field))  # type: ignore[arg-type]
        stage("observation periods", lambda: domains.observation_periods(store))
        stage("eras", lambda: (eras.condition_eras(store), eras.drug_eras(store)))
        stage("lineage", lambda: domains.lineage(store))
        report.counts.update({f"episodes_{k}": v for k, v in episode_counts.items()})  # type: ignore[union-attr]
        report.counts["primary_cancers"] = len(cancers)  # type: ignore[arg-type]
        store.execute(
            "INSERT INTO admin.build_run VALUES ($id, $start, $end, $mode, $persons, $stages)",
            {
                "id": report.build_id,
                "start": started,
                "end": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "mode": report.mode,
                "persons": report.persons,
                "stages": orjson.dumps(report.stage_seconds).decode(),
            },
        )
    tables = [f"cdm.{t}" for t in (*PERSON_TABLES, "note_nlp", "episode_event")]
    report.counts.update(store.count_rows(tables))
    return report
