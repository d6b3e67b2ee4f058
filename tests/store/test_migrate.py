"""Forward migrations: versions recorded, old databases upgraded, newer ones refused, re-runs harmless."""

from __future__ import annotations

import pytest

from oncodata.errors import EnvironmentProblemError
from oncodata.migrations import LATEST_VERSION, MIGRATIONS
from oncodata.store import Store
from oncodata.store.migrate import Migration, current_version, migrate


def test_fresh_database_is_version_zero(store: Store):
    assert current_version(store) == 0


def test_migrates_step_by_step_to_latest(store: Store):
    applied = migrate(store, MIGRATIONS, target=1)
    assert [m.version for m in applied] == [1]
    assert current_version(store) == 1
    assert not store.table_exists("admin", "batch")
    applied = migrate(store, MIGRATIONS)
    assert [m.version for m in applied] == list(range(2, LATEST_VERSION + 1))
    assert store.table_exists("admin", "batch")
    assert migrate(store, MIGRATIONS) == []
    history = store.query("SELECT version, description FROM admin.schema_version ORDER BY version")
    assert [row[0] for row in history] == list(range(1, LATEST_VERSION + 1))


def test_failed_migration_leaves_the_previous_version_intact(store: Store):
    def broken(target: Store) -> None:
        target.execute("CREATE TABLE admin.half_done (x INTEGER)")
        raise RuntimeError("disk full")

    plan = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "broken step", broken))
    with pytest.raises(RuntimeError):
        migrate(store, plan)
    assert current_version(store) == LATEST_VERSION
    assert not store.table_exists("admin", "half_done")


def test_database_newer_than_the_software_is_refused(store: Store):
    migrate(store, MIGRATIONS)
    store.execute("INSERT INTO admin.schema_version VALUES (999, 'from the future', current_timestamp)")
    with pytest.raises(EnvironmentProblemError, match="newer than this OncoData"):
        migrate(store, MIGRATIONS)


def test_migration_numbers_must_increase(store: Store):
    with pytest.raises(ValueError):
        migrate(store, (MIGRATIONS[1], MIGRATIONS[0]))


def test_version_10_has_reports_read_again_so_their_findings_get_codes(store: Store):
    migrate(store, MIGRATIONS, target=9)
    store.execute(
        "INSERT INTO staging.note_finding (record_key, finding_number, lexical_variant, nlp_date) VALUES ('r1', 1, 'pT2', DATE '2026-01-01')"
    )
    store.execute(
        "INSERT INTO staging.note_fact (record_key, person_id, note_date, note_kind) VALUES ('r1', 1, DATE '2026-01-01', 'pathology')"
    )
    migrate(store, MIGRATIONS, target=10)
    assert store.scalar("SELECT count(*) FROM staging.note_finding") == 0
    assert store.scalar("SELECT count(*) FROM staging.note_fact") == 0
    assert {"concept_vocabulary_id", "concept_code"} <= {c.name.lower() for c in store.columns("staging", "note_finding")}
