"""Schema version 6: what the CDM build needs — report facts, NOTE_NLP findings, lineage, stable ids, specimen dates.

`admin.stable_id(text)` turns a text key into a positive 60-bit integer (the first 15 hex digits of its MD5), the
same on every engine, so CDM ids depend only on the source record and a rebuild reproduces them exactly.
"""

from __future__ import annotations

from oncodata.store.base import Store

STABLE_ID = {
    "duckdb": "CREATE OR REPLACE MACRO admin.stable_id(key_text) AS CAST(('0x' || substr(md5(key_text), 1, 15)) AS BIGINT)",
    "postgresql": (
        "CREATE OR REPLACE FUNCTION admin.stable_id(key_text TEXT) RETURNS BIGINT LANGUAGE SQL IMMUTABLE STRICT "
        "AS $$ SELECT ('x' || substr(md5(key_text), 1, 15))::bit(60)::bigint $$"
    ),
}

# Columns staging tables gained after version 4 (the ingest writer reads this too).
ADDED_STAGING_COLUMNS = {"note": ("specimen_date DATE",)}

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS staging.note_fact (
      record_key VARCHAR(64) NOT NULL,
      person_id BIGINT NOT NULL,
      note_date DATE NOT NULL,
      specimen_date DATE,
      note_kind VARCHAR(30) NOT NULL,
      language VARCHAR(10),
      t VARCHAR(10),
      n VARCHAR(10),
      m VARCHAR(10),
      tnm_prefix VARCHAR(5),
      stage_group VARCHAR(10),
      histology_code VARCHAR(10),
      grade VARCHAR(10),
      tumor_size_mm DOUBLE,
      primary_size_mm DOUBLE,
      nodes_positive INTEGER,
      nodes_examined INTEGER,
      topography_code VARCHAR(10),
      laterality VARCHAR(10),
      metastasis_sites VARCHAR(500),
      comparison VARCHAR(30),
      response VARCHAR(30),
      biomarkers VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS staging.note_finding (
      record_key VARCHAR(64) NOT NULL,
      finding_number INTEGER NOT NULL,
      snippet VARCHAR(250),
      "offset" VARCHAR(50),
      lexical_variant VARCHAR(250) NOT NULL,
      category VARCHAR(50),
      term_exists VARCHAR(1),
      term_temporal VARCHAR(50),
      term_modifiers VARCHAR(2000),
      nlp_system VARCHAR(250),
      nlp_date DATE NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS admin.lineage (
      cdm_table VARCHAR(50) NOT NULL,
      person_id BIGINT,
      cdm_id BIGINT NOT NULL,
      batch_id VARCHAR(64),
      source_file VARCHAR,
      source_row BIGINT,
      derivation VARCHAR(100)
    )
    """,
    "CREATE TABLE IF NOT EXISTS admin.build_scope (person_id BIGINT PRIMARY KEY)",
    """
    CREATE TABLE IF NOT EXISTS admin.build_run (
      build_id VARCHAR(64) PRIMARY KEY,
      started_at TIMESTAMP NOT NULL,
      finished_at TIMESTAMP,
      mode VARCHAR(20) NOT NULL,
      persons BIGINT,
      stage_seconds VARCHAR
    )
    """,
)


def apply(store: Store) -> None:
    store.execute_native(STABLE_ID[store.engine])
    for table, columns in ADDED_STAGING_COLUMNS.items():
        for column in columns:
            store.execute(f"ALTER TABLE staging.{table} ADD COLUMN {column}")
    for statement in STATEMENTS:
        store.execute(statement)
