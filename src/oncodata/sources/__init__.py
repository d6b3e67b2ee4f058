"""Source readers: hospital extracts (CSV/TSV/Excel + a YAML mapping) and FHIR R4, de-identified into staging."""
