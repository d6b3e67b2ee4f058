"""OMOP CDM v5.4 for oncology: the schema as data, per-engine DDL and the oncology concept constants."""
