"""Schema version 8: data quality runs and their per-check results (results.dq_run, results.dq_result)."""

from __future__ import annotations

from oncodata.store.base import Store

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS results.dq_run (
      run_id VARCHAR(32) NOT NULL PRIMARY KEY,
      started_at TIMESTAMP NOT NULL,
      finished_at TIMESTAMP NOT NULL,
      engine VARCHAR(20) NOT NULL,
      mode VARCHAR(20) NOT NULL,
      cohort_definition_id BIGINT,
      checks_selected VARCHAR(1000),
      run_by VARCHAR(100),
      seconds DOUBLE NOT NULL,
      queries INTEGER NOT NULL,
      checks_total INTEGER NOT NULL,
      checks_passed INTEGER NOT NULL,
      checks_failed INTEGER NOT NULL,
      checks_fatal_failed INTEGER NOT NULL,
      checks_not_applicable INTEGER NOT NULL,
      checks_error INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS results.dq_result (
      run_id VARCHAR(32) NOT NULL,
      check_id VARCHAR(300) NOT NULL,
      check_name VARCHAR(100) NOT NULL,
      check_level VARCHAR(10) NOT NULL,
      cdm_table_name VARCHAR(100),
      cdm_field_name VARCHAR(100),
      concept_id BIGINT,
      unit_concept_id BIGINT,
      category VARCHAR(30),
      subcategory VARCHAR(30),
      context VARCHAR(30),
      severity VARCHAR(20) NOT NULL,
      num_violated_rows BIGINT NOT NULL,
      num_denominator_rows BIGINT NOT NULL,
      pct_violated_rows DOUBLE NOT NULL,
      threshold DOUBLE NOT NULL,
      failed BOOLEAN NOT NULL,
      not_applicable BOOLEAN NOT NULL,
      not_applicable_reason VARCHAR(300),
      is_error BOOLEAN NOT NULL,
      error VARCHAR(1000),
      seconds DOUBLE NOT NULL,
      PRIMARY KEY (run_id, check_id)
    )
    """,
)


def apply(store: Store) -> None:
    for statement in STATEMENTS:
        store.execute(statement)
