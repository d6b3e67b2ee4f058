"""Schema version 5: review decisions behind SOURCE_TO_CONCEPT_MAP, concept replacements, and resolved staging values.

`vocab.mapping_review` keeps each reviewer (or shipped) decision with the target's vocabulary and code, so a decision
survives an Athena import that gives the target a new id. `vocab.concept_replacement` records which local concept ids
an import replaced. `staging.concept_resolution` and `staging.unit_resolution` are rewritten by the mapping engine and
joined by the CDM build, one statement per domain.
"""

from __future__ import annotations

from oncodata.store.base import Store

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS vocab.mapping_review (
      domain VARCHAR(20) NOT NULL,
      source_vocabulary_id VARCHAR(20) NOT NULL,
      source_code VARCHAR(50) NOT NULL,
      source_text VARCHAR(1000),
      decision VARCHAR(10) NOT NULL,
      origin VARCHAR(10) NOT NULL,
      target_concept_id BIGINT,
      target_vocabulary_id VARCHAR(20),
      target_concept_code VARCHAR(50),
      comment VARCHAR(1000),
      decided_by VARCHAR(100),
      decided_at TIMESTAMP,
      PRIMARY KEY (domain, source_vocabulary_id, source_code)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS vocab.concept_replacement (
      old_concept_id BIGINT NOT NULL PRIMARY KEY,
      new_concept_id BIGINT NOT NULL,
      vocabulary_id VARCHAR(20) NOT NULL,
      concept_code VARCHAR(50) NOT NULL,
      replaced_at TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS staging.concept_resolution (
      domain VARCHAR(20) NOT NULL,
      source_vocabulary VARCHAR(30),
      source_code VARCHAR(100),
      source_text VARCHAR(1000),
      unit_source_value VARCHAR(50),
      source_concept_id BIGINT NOT NULL,
      target_concept_id BIGINT NOT NULL,
      target_domain_id VARCHAR(20),
      method VARCHAR(10) NOT NULL,
      score DOUBLE,
      records BIGINT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS staging.unit_resolution (
      measurement_concept_id BIGINT NOT NULL,
      unit_source_value VARCHAR(50),
      unit_concept_id BIGINT NOT NULL,
      multiply DOUBLE,
      divide DOUBLE,
      status VARCHAR(20) NOT NULL
    )
    """,
)


def apply(store: Store) -> None:
    for statement in STATEMENTS:
        store.execute(statement)
