"""Schema version 2: the official OMOP indexes and `admin.batch`, the register of load batches."""

from __future__ import annotations

from oncodata.cdm.ddl import create_index_statements
from oncodata.store.base import Store

BATCH_TABLE = """
CREATE TABLE IF NOT EXISTS admin.batch (
  batch_id VARCHAR(64) PRIMARY KEY,
  source_kind VARCHAR(32) NOT NULL,
  source_path VARCHAR NOT NULL,
  status VARCHAR(16) NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  started_by VARCHAR(128),
  rows_read BIGINT,
  rows_staged BIGINT,
  rows_quarantined BIGINT,
  rows_skipped BIGINT
)
"""


def apply(store: Store) -> None:
    for statement in create_index_statements():
        store.execute_native(statement)
    store.execute(BATCH_TABLE)
