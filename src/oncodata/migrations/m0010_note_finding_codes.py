"""Schema version 10: NOTE_NLP findings keep their code (ICD-O-3, Cancer Modifier) so the build can resolve concepts."""

from __future__ import annotations

from oncodata.store.base import Store

STATEMENTS = (
    "ALTER TABLE staging.note_finding ADD COLUMN concept_vocabulary_id VARCHAR(20)",
    "ALTER TABLE staging.note_finding ADD COLUMN concept_code VARCHAR(50)",
)


def apply(store: Store) -> None:
    for statement in STATEMENTS:
        store.execute(statement)
