"""Schema version 7: cohort generation bookkeeping (members with their index diagnosis, attrition, runs) for analytics.

OMOP's `results.cohort` and `results.cohort_definition` keep the standard shape; `results.cohort_member` adds the
index condition occurrence (to reach its cancer modifiers) and the index treatment episode, `results.cohort_attrition`
the persons left after each criterion, `results.cohort_candidate` is the working table the compiled steps update.
"""

from __future__ import annotations

from oncodata.store.base import Store

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS results.cohort_generation (
      cohort_definition_id BIGINT NOT NULL PRIMARY KEY,
      name VARCHAR(255) NOT NULL,
      definition_json TEXT NOT NULL,
      generated_at TIMESTAMP NOT NULL,
      generated_by VARCHAR(100),
      entry_events BIGINT NOT NULL,
      persons BIGINT NOT NULL,
      seconds DOUBLE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS results.cohort_attrition (
      cohort_definition_id BIGINT NOT NULL,
      step INTEGER NOT NULL,
      criterion VARCHAR(255) NOT NULL,
      persons_before BIGINT NOT NULL,
      persons_after BIGINT NOT NULL,
      removed BIGINT NOT NULL,
      PRIMARY KEY (cohort_definition_id, step)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS results.cohort_member (
      cohort_definition_id BIGINT NOT NULL,
      person_id BIGINT NOT NULL,
      index_date DATE NOT NULL,
      end_date DATE NOT NULL,
      condition_occurrence_id BIGINT,
      episode_id BIGINT,
      PRIMARY KEY (cohort_definition_id, person_id)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS results.cohort_candidate (
      cohort_definition_id BIGINT NOT NULL,
      person_id BIGINT NOT NULL,
      index_date DATE NOT NULL,
      condition_occurrence_id BIGINT,
      episode_id BIGINT,
      op_start DATE,
      op_end DATE,
      removed_at_step INTEGER
    )
    """,
)


def apply(store: Store) -> None:
    for statement in STATEMENTS:
        store.execute(statement)
