"""`oncodata vocab import` and `oncodata map suggest|approve|coverage` as a user runs them: real processes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from oncodata.store import open_store
from oncodata.vocab.review import mapping_coverage
from tests.cli.runner import run_cli
from tests.vocab.staging_rows import stage

ATHENA_FIXTURE = Path(__file__).resolve().parents[1] / "data" / "vocab" / "athena"
ENGINEER = {"ONCODATA_USER": "data_engineer"}


def _cli(*args: str, cwd: Path):
    """Run as an engineer: vocabulary work needs vocab.manage, which the admin role does not have."""
    return run_cli(*args, cwd=cwd, env=ENGINEER)


def test_review_loop_and_import_from_the_command_line(duckdb_url: str, tmp_path: Path):
    assert run_cli("--db", duckdb_url, "init", cwd=tmp_path).returncode == 0
    assert run_cli("--db", duckdb_url, "user", "add", "data_engineer", "--role", "engineer", cwd=tmp_path).returncode == 0
    with open_store(duckdb_url) as store:
        stage(store, "measurement", [("LOCAL_LAB", "CEA", "癌胚抗原"), (None, None, "血沉"), (None, None, "血沉")])
        stage(store, "condition", [("ICD10CN", "C34.100x001", "右肺上叶恶性肿瘤")])

    coverage = _cli("--db", duckdb_url, "map", "coverage", "--json", cwd=tmp_path)
    assert coverage.returncode == 0, coverage.stderr
    domains = json.loads(coverage.stdout)["domains"]
    assert domains["measurement"] == {"records": 3, "records_mapped": 1, "values": 2, "values_mapped": 1}
    assert domains["condition"]["records_mapped"] == 1 and domains["drug"]["records"] == 0
    assert set(domains) == {"condition", "drug", "measurement", "procedure", "observation"}

    review = tmp_path / "review.csv"
    suggested = _cli(
        "--db", duckdb_url, "map", "suggest", "--domain", "measurement", "--out", str(review), "--json", cwd=tmp_path
    )
    assert suggested.returncode == 0, suggested.stderr
    assert json.loads(suggested.stdout) == {"file": str(review), "values": 1, "records": 2}
    with review.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["decision"] = "maybe"
    with review.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    refused = _cli("--db", duckdb_url, "map", "approve", str(review), cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"error: {review} row 2 field decision: 'maybe' is not one of approve, reject, ignore"

    with open_store(duckdb_url) as store:
        esr_stand_in = store.scalar(
            "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = 'LOINC' AND concept_code = '2039-6'"
        )
    rows[0].update({"decision": "approve", "approved_concept_id": str(esr_stand_in)})
    with review.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    approved = _cli("--db", duckdb_url, "map", "approve", str(review), "--json", cwd=tmp_path)
    assert approved.returncode == 0, approved.stderr
    assert json.loads(approved.stdout) == {"approved": 1, "rejected": 0, "ignored": 0, "undecided": 0}
    with open_store(duckdb_url) as store:
        assert mapping_coverage(store)["domains"]["measurement"]["records_mapped"] == 3

    imported = _cli("--db", duckdb_url, "vocab", "import", str(ATHENA_FIXTURE), "--json", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["replaced_local_concepts"] == 4
    missing = _cli("--db", duckdb_url, "vocab", "import", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    with open_store(duckdb_url) as store:
        actions = {row[0] for row in store.query("SELECT action FROM admin.audit_log WHERE user_name = 'data_engineer'")}
    assert {"map coverage", "map suggest", "map approve", "vocab import"} <= actions
