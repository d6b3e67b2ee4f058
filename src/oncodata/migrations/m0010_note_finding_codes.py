"""Schema version 10: NOTE_NLP findings keep their code (ICD-O-3, Cancer Modifier) so the build can resolve concepts.

Reports already read have no codes, so their facts and findings are cleared: the next build reads every report
again (NLP runs once per report) and its NOTE_NLP rows get concepts like new ones.
"""

from __future__ import annotations

from oncodata.store.base import Store

STATEMENTS = (
    "ALTER TABLE staging.note_finding ADD COLUMN concept_vocabulary_id VARCHAR(20)",
    "ALTER TABLE staging.note_finding ADD COLUMN concept_code VARCHAR(50)",
    "DELETE FROM staging.note_finding",
    "DELETE FROM staging.note_fact",
)


def apply(store: Store) -> None:
    for statement in STATEMENTS:
        store.execute(statement)
