"""The Usagi-style review loop: list unmapped values with candidates, load a reviewer's decisions, report coverage.

The review file is a UTF-8 CSV (with BOM, so spreadsheet programs open Chinese text correctly). A reviewer fills
`decision` (approve / reject / ignore; blank leaves the row undecided) and, for approve, `approved_concept_id`
(blank means candidate 1). Decisions are stored in admin.mapping_review with the target's vocabulary and code, and
approved ones in vocab.source_to_concept_map, where they win over every automatic method.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from oncodata.errors import BadInputError
from oncodata.store.base import Store
from oncodata.vocab.bundle import VALID_UNTIL
from oncodata.vocab.matcher import ConceptMatcher
from oncodata.vocab.normalize import matching_rules
from oncodata.vocab.resolve import DOMAINS, mapping_keys, resolve_source_concepts

DECISIONS = ("approve", "reject", "ignore")
FIXED_COLUMNS = ["domain", "source_vocabulary", "source_code", "source_text", "frequency", "current_method", "current_concept_id"]
DECISION_COLUMNS = ["approved_concept_id", "decision", "comment"]


def candidate_columns(count: int) -> list[str]:
    columns = []
    for rank in range(1, count + 1):
        columns += [
            f"candidate_{rank}_concept_id",
            f"candidate_{rank}_name",
            f"candidate_{rank}_vocabulary",
            f"candidate_{rank}_score",
        ]
    return columns


def review_columns() -> list[str]:
    return FIXED_COLUMNS + candidate_columns(matching_rules().candidates_per_value) + DECISION_COLUMNS


def _check_domain(domain: str | None) -> None:
    if domain is not None and domain not in DOMAINS:
        raise BadInputError(f"unknown domain {domain!r}: use one of {', '.join(DOMAINS)}")


def suggest_review_rows(store: Store, domain: str | None = None) -> list[dict[str, object]]:
    """Unmapped and low-confidence values, most frequent first, with ranked candidates; resolves staging first."""
    _check_domain(domain)
    resolve_source_concepts(store)
    rules = matching_rules()
    rows = store.query(
        "SELECT domain, source_vocabulary, source_code, source_text, records, method, target_concept_id "
        "FROM staging.concept_resolution WHERE (method = 'unmapped' OR (method = 'fuzzy' AND score < $below))"
        + (" AND domain = $domain" if domain else "")
        + " ORDER BY records DESC, domain, source_code, source_text",
        {"below": rules.review_below_score, **({"domain": domain} if domain else {})},
    )
    settled = {
        (vocabulary, code)
        for vocabulary, code in store.query(
            "SELECT source_vocabulary_id, source_code FROM admin.mapping_review WHERE decision IN ('ignore', 'reject')"
        )
    }
    matcher = ConceptMatcher(store, sorted({row[0] for row in rows}))
    listed = []
    for value_domain, vocabulary, code, text, records, method, target in rows:
        keys = mapping_keys(value_domain, vocabulary, code, text)
        if keys and keys[0] in settled:
            continue
        row: dict[str, object] = {
            "domain": value_domain,
            "source_vocabulary": vocabulary or "",
            "source_code": code or "",
            "source_text": text or "",
            "frequency": int(records),
            "current_method": method,
            "current_concept_id": int(target),
        }
        candidates = matcher.candidates(value_domain, text or code)
        for rank in range(1, rules.candidates_per_value + 1):
            candidate = candidates[rank - 1] if rank <= len(candidates) else None
            row[f"candidate_{rank}_concept_id"] = candidate.concept_id if candidate else ""
            row[f"candidate_{rank}_name"] = candidate.concept_name if candidate else ""
            row[f"candidate_{rank}_vocabulary"] = candidate.vocabulary_id if candidate else ""
            row[f"candidate_{rank}_score"] = round(candidate.score, 1) if candidate else ""
        row.update({"approved_concept_id": "", "decision": "", "comment": ""})
        listed.append(row)
    return listed


def write_review_file(rows: Iterable[dict[str, object]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=review_columns())
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


@dataclass(frozen=True)
class ReviewDecision:
    """One validated row of a review file."""

    domain: str
    source_vocabulary_id: str
    source_code: str
    source_text: str | None
    decision: str
    target_concept_id: int | None
    target_vocabulary_id: str | None
    target_concept_code: str | None
    comment: str | None


@dataclass(frozen=True)
class ApproveResult:
    approved: int
    rejected: int
    ignored: int
    undecided: int


def _read_decisions(store: Store, path: Path) -> tuple[list[ReviewDecision], int]:
    """Validate every row; the first bad one stops the load with file, row and field named."""
    if not path.is_file():
        raise BadInputError(f"{path}: no such review file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [
                column
                for column in ("domain", "source_vocabulary", "source_code", "source_text", *DECISION_COLUMNS)
                if column not in (reader.fieldnames or [])
            ]
            if missing:
                raise BadInputError(f"{path}: header lacks column {missing[0]!r}; write the file with `oncodata map suggest`")
            raw_rows = list(reader)
    except UnicodeDecodeError as error:
        raise BadInputError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    replaced = dict(store.query("SELECT old_concept_id, new_concept_id FROM admin.concept_replacement"))
    decisions: list[ReviewDecision] = []
    undecided = 0
    for line, row in enumerate(raw_rows, start=2):
        where = f"{path} row {line}"
        decision = (row.get("decision") or "").strip().lower()
        if not decision:
            undecided += 1
            continue
        if decision not in DECISIONS:
            raise BadInputError(f"{where} field decision: {decision!r} is not one of approve, reject, ignore")
        domain = (row.get("domain") or "").strip()
        if domain not in DOMAINS:
            raise BadInputError(f"{where} field domain: {domain!r} is not one of {', '.join(DOMAINS)}")
        keys = mapping_keys(
            domain, row.get("source_vocabulary") or None, row.get("source_code") or None, row.get("source_text") or None
        )
        if not keys:
            raise BadInputError(f"{where} field source_code: the row has neither a source code nor a source text")
        target_id = target_vocabulary = target_code = None
        if decision == "approve":
            field = "approved_concept_id"
            text = (row.get(field) or "").strip() or (row.get("candidate_1_concept_id") or "").strip()
            if not text:
                raise BadInputError(f"{where} field {field}: approve needs a concept id (or a candidate 1)")
            try:
                target_id = int(float(text))
            except ValueError as error:
                raise BadInputError(f"{where} field {field}: {text!r} is not a concept id") from error
            # A decision made before an Athena import names the local id the import replaced.
            target_id = int(replaced.get(target_id, target_id))
            found = store.query(
                "SELECT vocabulary_id, concept_code, standard_concept, invalid_reason FROM vocab.concept WHERE concept_id = $id",
                {"id": target_id},
            )
            if not found:
                raise BadInputError(f"{where} field {field}: concept {target_id} is not in the vocabulary")
            target_vocabulary, target_code, standard, invalid = found[0]
            if standard != "S" or invalid:
                raise BadInputError(f"{where} field {field}: concept {target_id} is not a valid standard concept")
        vocabulary, code = keys[0]
        decisions.append(
            ReviewDecision(
                domain,
                vocabulary,
                code,
                row.get("source_text") or None,
                decision,
                target_id,
                target_vocabulary,
                target_code,
                (row.get("comment") or "").strip() or None,
            )
        )
    return decisions, undecided


def approve_review_file(store: Store, path: Path, reviewer: str) -> ApproveResult:
    """Load a reviewed file: every decision replaces the earlier one for the same value, all in one transaction."""
    decisions, undecided = _read_decisions(store, path)
    latest: dict[tuple[str, str, str], ReviewDecision] = {}
    for decision in decisions:
        latest[(decision.domain, decision.source_vocabulary_id, decision.source_code)] = decision
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    today = now.date()
    with store.transaction():
        for domain, vocabulary, code in latest:
            store.execute(
                "DELETE FROM admin.mapping_review WHERE domain = $d AND source_vocabulary_id = $v AND source_code = $c",
                {"d": domain, "v": vocabulary, "c": code},
            )
            store.execute(
                "DELETE FROM vocab.source_to_concept_map WHERE source_vocabulary_id = $v AND source_code = $c",
                {"v": vocabulary, "c": code},
            )
        chosen = list(latest.values())
        if chosen:
            store.load_arrow(
                "admin.mapping_review",
                pa.table(
                    {
                        "domain": [d.domain for d in chosen],
                        "source_vocabulary_id": [d.source_vocabulary_id for d in chosen],
                        "source_code": [d.source_code for d in chosen],
                        "source_text": pa.array([d.source_text for d in chosen], pa.string()),
                        "decision": [d.decision for d in chosen],
                        "origin": ["review"] * len(chosen),
                        "target_concept_id": pa.array([d.target_concept_id for d in chosen], pa.int64()),
                        "target_vocabulary_id": pa.array([d.target_vocabulary_id for d in chosen], pa.string()),
                        "target_concept_code": pa.array([d.target_concept_code for d in chosen], pa.string()),
                        "comment": pa.array([d.comment for d in chosen], pa.string()),
                        "decided_by": [reviewer] * len(chosen),
                        "decided_at": pa.array([now] * len(chosen), pa.timestamp("us")),
                    }
                ),
            )
        approved = [d for d in chosen if d.decision == "approve"]
        if approved:
            store.load_arrow(
                "vocab.source_to_concept_map",
                pa.table(
                    {
                        "source_code": [d.source_code for d in approved],
                        "source_concept_id": pa.array([0] * len(approved), pa.int64()),
                        "source_vocabulary_id": [d.source_vocabulary_id for d in approved],
                        "source_code_description": pa.array([(d.source_text or "")[:255] or None for d in approved], pa.string()),
                        "target_concept_id": pa.array([d.target_concept_id for d in approved], pa.int64()),
                        "target_vocabulary_id": [d.target_vocabulary_id for d in approved],
                        "valid_start_date": pa.array([today] * len(approved), pa.date32()),
                        "valid_end_date": pa.array([VALID_UNTIL] * len(approved), pa.date32()),
                    }
                ),
            )
    counts = {name: sum(d.decision == name for d in latest.values()) for name in DECISIONS}
    return ApproveResult(counts["approve"], counts["reject"], counts["ignore"], undecided)


def mapping_coverage(store: Store) -> dict[str, dict[str, dict[str, int]]]:
    """Per domain: staged records and distinct values, and how many of each map to a standard concept."""
    resolve_source_concepts(store)
    rows = store.query(
        "SELECT domain, sum(records), sum(CASE WHEN target_concept_id <> 0 THEN records ELSE 0 END), count(*), "
        "sum(CASE WHEN target_concept_id <> 0 THEN 1 ELSE 0 END) FROM staging.concept_resolution GROUP BY domain"
    )
    found = {row[0]: row[1:] for row in rows}
    domains = {}
    for domain in DOMAINS:
        records, records_mapped, values, values_mapped = found.get(domain, (0, 0, 0, 0))
        domains[domain] = {
            "records": int(records or 0),
            "records_mapped": int(records_mapped or 0),
            "values": int(values or 0),
            "values_mapped": int(values_mapped or 0),
        }
    return {"domains": domains}
