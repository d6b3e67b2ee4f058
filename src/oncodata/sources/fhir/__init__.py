"""FHIR R4 input: transaction/collection bundles and bulk-data NDJSON, staged resource by resource."""
