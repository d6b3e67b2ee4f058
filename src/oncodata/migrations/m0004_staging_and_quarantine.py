"""Schema version 4: pseudonymized staging tables per domain, the file register, quarantine and skip counts.

Staging is the contract between ingest (which writes it, already de-identified) and vocabulary mapping and the
CDM build (which read it). Every staging row carries its batch, source file and row/line (or resource index) so
that CDM lineage can point back to it; identifiers are already pseudonymous ids and dates already shifted.
"""

from __future__ import annotations

from oncodata.store.base import Store

# Columns every staging table starts with.
PROVENANCE = """
  batch_id VARCHAR(64) NOT NULL,
  source_file VARCHAR NOT NULL,
  source_row BIGINT NOT NULL,
  record_key VARCHAR(64) NOT NULL,
  person_id BIGINT NOT NULL,
"""
# Coded facts: the code as the source wrote it, its code system, and the display text/local name.
CODED = """
  source_code VARCHAR(100),
  source_vocabulary VARCHAR(30),
  source_text VARCHAR(1000),
"""

STAGING_TABLES = {
    "person": """
  gender_source_value VARCHAR(50),
  birth_year INTEGER,
  birth_month INTEGER,
  ethnicity_source_value VARCHAR(50),
  race_source_value VARCHAR(50),
  location_source_value VARCHAR(50),
  insurance_source_value VARCHAR(50)
""",
    "visit": """
  visit_id BIGINT NOT NULL,
  visit_source_value VARCHAR(50),
  visit_start_date DATE NOT NULL,
  visit_end_date DATE,
  care_site_source_value VARCHAR(100),
  provider_id BIGINT
""",
    "condition": f"""
  visit_id BIGINT,
  condition_start_date DATE NOT NULL,
  condition_end_date DATE,
{CODED}
  condition_status_source_value VARCHAR(50)
""",
    "drug": f"""
  visit_id BIGINT,
  drug_start_date DATE NOT NULL,
  drug_end_date DATE,
{CODED}
  dose_value DOUBLE,
  dose_unit_source_value VARCHAR(50),
  route_source_value VARCHAR(50),
  quantity DOUBLE,
  days_supply INTEGER,
  sig VARCHAR(1000),
  cycle_number INTEGER
""",
    "measurement": f"""
  visit_id BIGINT,
  measurement_date DATE NOT NULL,
  measurement_datetime TIMESTAMP,
{CODED}
  operator_source_value VARCHAR(10),
  value_as_number DOUBLE,
  value_source_value VARCHAR(250),
  unit_source_value VARCHAR(50),
  range_low DOUBLE,
  range_high DOUBLE
""",
    "procedure": f"""
  visit_id BIGINT,
  procedure_date DATE NOT NULL,
  procedure_end_date DATE,
{CODED}
  procedure_kind VARCHAR(30),
  dose_gy DOUBLE,
  fractions INTEGER,
  target_site_text VARCHAR(250)
""",
    "observation": f"""
  visit_id BIGINT,
  observation_date DATE NOT NULL,
{CODED}
  value_as_number DOUBLE,
  value_source_value VARCHAR(250),
  unit_source_value VARCHAR(50),
  qualifier_source_value VARCHAR(50)
""",
    "note": """
  visit_id BIGINT,
  note_date DATE NOT NULL,
  note_kind VARCHAR(30) NOT NULL,
  note_title VARCHAR(250),
  language VARCHAR(10),
  note_text VARCHAR NOT NULL
""",
    "death": f"""
  death_date DATE NOT NULL,
{CODED.rstrip().rstrip(",")}
""",
}

ADMIN_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS admin.source_file (
      batch_id VARCHAR(64) NOT NULL,
      source_file VARCHAR NOT NULL,
      content_sha256 VARCHAR(64) NOT NULL,
      size_bytes BIGINT NOT NULL,
      source_format VARCHAR(20) NOT NULL,
      encoding VARCHAR(20),
      records_read BIGINT NOT NULL,
      records_staged BIGINT NOT NULL,
      records_quarantined BIGINT NOT NULL,
      records_skipped BIGINT NOT NULL,
      PRIMARY KEY (batch_id, source_file)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS admin.quarantine (
      batch_id VARCHAR(64) NOT NULL,
      source_file VARCHAR NOT NULL,
      source_row BIGINT NOT NULL,
      field_name VARCHAR(100),
      reason VARCHAR(500) NOT NULL,
      offending_value VARCHAR(250)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS admin.skipped_record (
      batch_id VARCHAR(64) NOT NULL,
      source_file VARCHAR NOT NULL,
      record_type VARCHAR(100) NOT NULL,
      reason VARCHAR(250) NOT NULL,
      record_count BIGINT NOT NULL
    )
    """,
)


def staging_table_statement(name: str) -> str:
    body = (PROVENANCE + STAGING_TABLES[name]).strip().rstrip(",")
    return f"CREATE TABLE IF NOT EXISTS staging.{name} (\n  {body}\n)"


def apply(store: Store) -> None:
    for name in STAGING_TABLES:
        store.execute(staging_table_statement(name))
    for statement in ADMIN_TABLES:
        store.execute(statement)
