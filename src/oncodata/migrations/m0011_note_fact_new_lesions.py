"""Schema version 11: imaging report facts say whether new lesions are reported; the comparison is the primary's.

Imaging facts read before this version mean something else by `comparison` and `response` (the first change word
anywhere in the report), so facts and findings are cleared: the next build reads every report again.
"""

from __future__ import annotations

from oncodata.store.base import Store

STATEMENTS = (
    "ALTER TABLE staging.note_fact ADD COLUMN new_lesions BOOLEAN",
    "DELETE FROM staging.note_finding",
    "DELETE FROM staging.note_fact",
)


def apply(store: Store) -> None:
    for statement in STATEMENTS:
        store.execute(statement)
