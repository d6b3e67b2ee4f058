"""Schema version 3: user accounts and the hash-chained audit log in the admin schema."""

from __future__ import annotations

from oncodata.store.base import Store

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS admin.user_account (
      user_name VARCHAR(64) PRIMARY KEY,
      role_name VARCHAR(32) NOT NULL,
      password_hash VARCHAR(255),
      disabled BOOLEAN NOT NULL,
      created_at TIMESTAMP NOT NULL,
      created_by VARCHAR(64),
      password_changed_at TIMESTAMP
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS admin.audit_log (
      seq BIGINT PRIMARY KEY,
      recorded_at TIMESTAMP NOT NULL,
      user_name VARCHAR(64) NOT NULL,
      role_name VARCHAR(32),
      action VARCHAR(64) NOT NULL,
      params_digest VARCHAR(64) NOT NULL,
      rows_touched BIGINT,
      outcome VARCHAR(32) NOT NULL,
      detail VARCHAR,
      prev_hash VARCHAR(64) NOT NULL,
      row_hash VARCHAR(64) NOT NULL
    )
    """,
)


def apply(store: Store) -> None:
    for statement in STATEMENTS:
        store.execute(statement)
