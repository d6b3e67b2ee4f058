"""Forward-only schema migrations: apply each pending version in its own transaction and record it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from oncodata.errors import EnvironmentProblemError
from oncodata.store.base import Store

VERSION_TABLE = "admin.schema_version"
# Serializes concurrent `init` runs on a server; DuckDB already allows only one writer per file.
MIGRATION_LOCK_SQL = {"postgresql": "SELECT pg_advisory_xact_lock(720150)"}


@dataclass(frozen=True)
class Migration:
    """One schema version: a number, what it does, and the function that does it."""

    version: int
    description: str
    apply: Callable[[Store], None]


def _ensure_version_table(store: Store) -> None:
    store.execute("CREATE SCHEMA IF NOT EXISTS admin")
    store.execute(
        f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} ("
        "version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )


def current_version(store: Store) -> int:
    """The highest applied schema version, 0 for a database never initialized."""
    if "admin" not in store.schema_names() or not store.table_exists("admin", "schema_version"):
        return 0
    return int(store.scalar(f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}") or 0)


def migrate(store: Store, migrations: Sequence[Migration], target: int | None = None) -> list[Migration]:
    """Apply every migration above the current version (up to `target`); return the ones applied."""
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise ValueError("migrations must have unique, increasing version numbers")
    latest = versions[-1] if versions else 0
    goal = latest if target is None else target
    have = current_version(store)
    if have > latest:
        raise EnvironmentProblemError(
            f"database {store.url.display} is at schema version {have}, newer than this OncoData ({latest}); upgrade OncoData"
        )
    applied = []
    for migration in migrations:
        if migration.version <= have or migration.version > goal:
            continue
        with store.transaction():
            if lock := MIGRATION_LOCK_SQL.get(store.engine):
                store.execute_native(lock)
            _ensure_version_table(store)
            # Another process may have applied it while we waited for the lock.
            if store.scalar(f"SELECT count(*) FROM {VERSION_TABLE} WHERE version = $v", {"v": migration.version}):
                continue
            migration.apply(store)
            store.execute(
                f"INSERT INTO {VERSION_TABLE} (version, description, applied_at) VALUES ($v, $d, current_timestamp)",
                {"v": migration.version, "d": migration.description},
            )
        applied.append(migration)
    return applied
