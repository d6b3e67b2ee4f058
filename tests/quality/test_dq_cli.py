"""`oncodata dq` and `oncodata dq history` as a user runs them: real processes, files written, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from oncodata.store import open_store
from tests.cli.runner import run_cli
from tests.quality.cdm_fixture import CLEAN_CDM, DEFECTS, concept_ids, run_sql


def test_dq_writes_reports_saves_history_and_exits_1_on_fatal(duckdb_url: str, tmp_path: Path):
    assert run_cli("--db", duckdb_url, "init", cwd=tmp_path).returncode == 0
    added = run_cli(
        "--db", duckdb_url, "user", "add", "eng", "--role", "engineer", "--password-stdin", cwd=tmp_path, stdin="pw-eng-123456\n"
    )
    assert added.returncode == 0, added.stderr
    with open_store(duckdb_url) as store:
        ids = concept_ids(store)
        run_sql(store, CLEAN_CDM, ids)
    clean = run_cli("--db", duckdb_url, "--as", "eng", "dq", "--json", "dq.json", "--html", "dq.html", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    document = json.loads((tmp_path / "dq.json").read_text(encoding="utf-8"))
    assert len(document["CheckResults"]) > 2000 and document["Overview"]["countFatalFailed"] == 0
    page = (tmp_path / "dq.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<link" not in page and "<script src" not in page
    with open_store(duckdb_url) as store:
        run_sql(store, DEFECTS["modifier without condition"][0], ids)
    broken = run_cli("--db", duckdb_url, "--as", "eng", "--json", "dq", "--checks", "onc*,isForeignKey", cwd=tmp_path)
    assert broken.returncode == 1, broken.stderr
    summary = json.loads(broken.stdout)
    assert summary["fatal_failed"] == 1
    assert summary["failed_checks"][0]["checkId"] == "oncmodifierlinkedtocondition_measurement_measurement_event_id"
    history = run_cli("--db", duckdb_url, "--as", "eng", "dq", "history", "--json", cwd=tmp_path)
    assert history.returncode == 0, history.stderr
    runs = json.loads(history.stdout)
    assert len(runs["runs"]) == 2 and runs["runs"][0]["fatal_failed"] == 1
    human = run_cli("--db", duckdb_url, "--as", "eng", "dq", "history", cwd=tmp_path)
    assert "1 newly failing" in human.stdout
    bad = run_cli("--db", duckdb_url, "--as", "eng", "dq", "--checks", "noSuchCheck", cwd=tmp_path)
    assert bad.returncode == 2 and "noSuchCheck" in bad.stderr
