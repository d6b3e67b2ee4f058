"""Schema version 9: move the mapping-review and concept-replacement tables from `vocab` to `admin`.

The `vocab` schema holds exactly the OMOP vocabulary tables, so an Athena import or a standard OHDSI tool sees
nothing it does not know; the project's own bookkeeping lives in `admin`.
"""

from __future__ import annotations

from oncodata.migrations.m0005_vocabulary_mapping import STATEMENTS as VERSION_5_STATEMENTS
from oncodata.store.base import Store

MOVED_TABLES = ("mapping_review", "concept_replacement")


def apply(store: Store) -> None:
    for statement in VERSION_5_STATEMENTS:
        for table in MOVED_TABLES:
            if f"vocab.{table} (" in statement:
                store.execute(statement.replace(f"vocab.{table} (", f"admin.{table} ("))
                store.execute(f"INSERT INTO admin.{table} SELECT * FROM vocab.{table}")
                store.execute(f"DROP TABLE vocab.{table}")
