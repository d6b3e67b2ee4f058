"""Create, migrate and report on an OncoData database: what `init` and `status` do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from oncodata.cdm.schema import CDM_VERSION, cdm_tables
from oncodata.errors import NotInitializedError
from oncodata.migrations import LATEST_VERSION, MIGRATIONS
from oncodata.settings import Settings
from oncodata.store.base import Store
from oncodata.store.migrate import current_version, migrate
from oncodata.vocab.bundle import load_bundled_vocabulary

# "OMOP CDM Version 5.4" in the CDM vocabulary.
CDM_VERSION_CONCEPT_ID = 756265
BUNDLED_VOCABULARY_VERSION = "OncoData bundled"


@dataclass(frozen=True)
class InitResult:
    """What `init` changed: versions before/after, migrations applied, whether CDM_SOURCE was written."""

    version_before: int
    version_after: int
    applied: list[str]
    cdm_source_created: bool
    vocabulary_loaded: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.applied) or self.cdm_source_created or self.vocabulary_loaded


@dataclass(frozen=True)
class StatusReport:
    """Schema version and per-table row counts of one database."""

    database: str
    engine: str
    schema_version: int
    latest_version: int
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def up_to_date(self) -> bool:
        return self.schema_version == self.latest_version


def _write_cdm_source(store: Store, settings: Settings) -> bool:
    """Insert the single CDM_SOURCE row if there is none; never touch an existing one."""
    if store.scalar("SELECT count(*) FROM cdm.cdm_source"):
        return False
    today = dt.date.today()
    store.execute(
        "INSERT INTO cdm.cdm_source (cdm_source_name, cdm_source_abbreviation, cdm_holder, source_description, "
        "source_release_date, cdm_release_date, cdm_version, cdm_version_concept_id, vocabulary_version) "
        "VALUES ($name, $abbreviation, $holder, $description, $released, $released, $version, $version_concept, $vocabulary)",
        {
            "name": settings.cdm_source_name,
            "abbreviation": settings.cdm_source_abbreviation[:25],
            "holder": settings.cdm_holder,
            "description": settings.source_description,
            "released": today,
            "version": CDM_VERSION,
            "version_concept": CDM_VERSION_CONCEPT_ID,
            "vocabulary": BUNDLED_VOCABULARY_VERSION,
        },
    )
    return True


def initialize(store: Store, settings: Settings) -> InitResult:
    """Bring the database to the latest schema and make sure CDM_SOURCE has its row; safe to repeat."""
    before = current_version(store)
    applied = migrate(store, MIGRATIONS)
    with store.transaction():
        created = _write_cdm_source(store, settings)
    # The bundled vocabulary goes in only while vocab.concept is empty, so a second init (or one after an Athena
    # import) leaves the vocabulary alone.
    vocabulary = load_bundled_vocabulary(store)
    return InitResult(
        before, current_version(store), [f"{m.version}: {m.description}" for m in applied], created, vocabulary.loaded
    )


def database_status(store: Store) -> StatusReport:
    """Schema version and row counts of every CDM table; refuses a database that was never initialized."""
    version = current_version(store)
    if version == 0:
        raise NotInitializedError(f"database {store.url.display} is not initialized; run `oncodata init`")
    present = {(schema, name) for schema in ("cdm", "vocab", "results") for name in store.table_names(schema)}
    names = [t.qualified_name for t in cdm_tables() if (t.schema, t.name) in present]
    return StatusReport(store.url.display, store.engine, version, LATEST_VERSION, store.count_rows(names))
