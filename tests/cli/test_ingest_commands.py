"""`oncodata ingest` and `oncodata batches` from the command line: JSON contract, exit codes, roles."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"
ENGINEER = {"ONCODATA_USER": "etl_engineer", "ONCODATA_PASSWORD": "engineer-pass-2026"}


def _site(tmp_path: Path) -> None:
    assert run_cli("init", cwd=tmp_path).returncode == 0
    added = run_cli(
        "user", "add", "etl_engineer", "--role", "engineer", "--password-stdin", cwd=tmp_path, stdin="engineer-pass-2026"
    )
    assert added.returncode == 0, added.stderr


def test_ingest_json_contract_and_batches(tmp_path: Path):
    _site(tmp_path)
    result = run_cli("ingest", str(DATA / "fhir"), "--format", "fhir", "--json", cwd=tmp_path, env=ENGINEER)
    assert result.returncode == 1, result.stderr  # some resources are quarantined: partial success
    report = json.loads(result.stdout)
    assert {"batch_id", "files", "read", "staged", "quarantined", "skipped", "skipped_by_reason"} <= set(report)
    assert report["files"] == 2 and report["read"] == report["staged"] + report["quarantined"] + report["skipped"]
    batches = json.loads(run_cli("batches", "--json", cwd=tmp_path, env=ENGINEER).stdout)["batches"]
    assert [(b["batch_id"], b["reconciles"]) for b in batches] == [(report["batch_id"], True)]


def test_ingest_needs_the_engineer_role(tmp_path: Path):
    _site(tmp_path)
    refused = run_cli("ingest", str(DATA / "fhir"), "--format", "fhir", cwd=tmp_path)
    assert refused.returncode == 2 and "source.ingest" in refused.stderr


def test_bad_inputs_give_one_line_and_exit_2(tmp_path: Path):
    _site(tmp_path)
    broken = tmp_path / "bad_mapping.yaml"
    broken.write_text("files: [", encoding="utf-8")
    result = run_cli("ingest", str(tmp_path), "--mapping", str(broken), cwd=tmp_path, env=ENGINEER)
    assert result.returncode == 2 and "is not valid YAML" in result.stderr and len(result.stderr.splitlines()) == 1
    missing = run_cli("ingest", str(tmp_path / "nowhere"), cwd=tmp_path, env=ENGINEER)
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    wrong_format = run_cli("ingest", str(tmp_path), "--format", "hl7", cwd=tmp_path, env=ENGINEER)
    assert wrong_format.returncode == 2 and "choose hospital or fhir" in wrong_format.stderr
