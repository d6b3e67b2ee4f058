"""Structure every staged report not yet read: facts to `staging.note_fact`, mentions to `staging.note_finding`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import orjson
import pyarrow as pa

from oncodata.build.reference import metastasis_code
from oncodata.nlp.extract import extract_report
from oncodata.nlp.note_nlp import note_nlp_rows
from oncodata.store.base import Store

# Kinds the extractor understands; other notes (documents, lab comments) are read with kind detection.
KNOWN_KINDS = {"pathology": "pathology", "imaging": "imaging"}
CHUNK_NOTES = 400
PARALLEL_MIN_NOTES = 800
FACT_COLUMNS = (
    "t", "n", "m", "tnm_prefix", "stage_group", "histology_code", "grade", "tumor_size_mm", "primary_size_mm", "nodes_positive",
    "nodes_examined", "topography_code", "laterality", "comparison", "new_lesions", "response",
)  # fmt: skip


def _read_notes(notes: list[tuple[str, str, str]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(fact columns, finding rows) per (record_key, kind, text); runs in a worker process for large batches."""
    results = []
    today = dt.date.today()
    for record_key, kind, text in notes:
        facts = extract_report(text, KNOWN_KINDS.get(kind, "auto"))
        row: dict[str, Any] = {name: getattr(facts, name) for name in FACT_COLUMNS}
        row["language"] = facts.language
        row["metastasis_sites"] = "|".join(facts.metastasis_sites_text)[:500] or None
        row["biomarkers"] = orjson.dumps([b.to_record() for b in facts.biomarkers]).decode() if facts.biomarkers else None
        findings = []
        for number, finding in enumerate(note_nlp_rows(0, facts, text, nlp_date=today), start=1):
            if finding["category"] == "metastasis" and finding["concept_code"] is None:
                # A metastasis site gets the build's own metastasis concept ("骨" → Metastasis to bone).
                code = metastasis_code(finding["lexical_variant"])
                finding["concept_vocabulary_id"], finding["concept_code"] = code if code else (None, None)
            findings.append(
                {
                    "record_key": record_key,
                    "finding_number": number,
                    "snippet": finding["snippet"],
                    "offset": finding["offset"],
                    "lexical_variant": finding["lexical_variant"],
                    "category": finding["category"],
                    "term_exists": finding["term_exists"],
                    "term_temporal": finding["term_temporal"],
                    "term_modifiers": finding["term_modifiers"],
                    "nlp_system": finding["nlp_system"],
                    "nlp_date": finding["nlp_date"],
                    "concept_vocabulary_id": finding["concept_vocabulary_id"],
                    "concept_code": finding["concept_code"],
                }
            )
        results.append((row, findings))
    return results


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def extract_pending_reports(store: Store) -> int:
    """Read the reports whose facts are not yet in staging (NLP runs once per report, across builds)."""
    pending = store.query(
        "SELECT n.record_key, n.person_id, n.note_date, n.specimen_date, n.note_kind, n.note_text FROM staging.note AS n "
        "WHERE NOT EXISTS (SELECT 1 FROM staging.note_fact AS f WHERE f.record_key = n.record_key) ORDER BY n.record_key"
    )
    if not pending:
        return 0
    by_key = {row[0]: row for row in pending}
    work = [(key, kind, text) for key, _, _, _, kind, text in pending]
    workers = min(2, os.cpu_count() or 1)
    if len(work) >= PARALLEL_MIN_NOTES and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [item for batch in pool.map(_read_notes, _chunks(work, CHUNK_NOTES)) for item in batch]
    else:
        results = _read_notes(work)
    fact_rows, finding_rows = [], []
    for (key, _, _), (facts, findings) in zip(work, results, strict=True):
        _, person_id, note_date, specimen_date, kind, _ = by_key[key]
        fact_rows.append({"record_key": key, "person_id": person_id, "note_date": note_date, "specimen_date": specimen_date,
                          "note_kind": kind, **facts})  # fmt: skip
        finding_rows.extend(findings)
    store.load_arrow("staging.note_fact", pa.Table.from_pylist(fact_rows))
    if finding_rows:
        store.load_arrow("staging.note_finding", pa.Table.from_pylist(finding_rows))
    return len(fact_rows)
