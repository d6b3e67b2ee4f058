"""`oncodata nlp extract`: one JSON object per CSV row, in order, every key present, permission-checked and audited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from oncodata.nlp.facts import RECORD_KEYS
from tests.cli.runner import run_cli
from tests.nlp.conftest import FIXTURES

ENGINEER = {"ONCODATA_USER": "wang_engineer", "ONCODATA_PASSWORD": "engineer-pass-2026"}
# `oncodata nlp extract` on the fixture CSV; each test adds its --output and options.
EXTRACT = ("nlp", "extract", "--input", "reports.csv", "--text-column", "report_text")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialized DuckDB site with an engineer (who holds cdm.read) and the fixture CSV, shared by this module."""
    tmp_path = tmp_path_factory.mktemp("nlp_site")
    assert run_cli("init", cwd=tmp_path).returncode == 0
    added = run_cli(
        "user",
        "add",
        "wang_engineer",
        "--role",
        "engineer",
        "--password-stdin",
        cwd=tmp_path,
        stdin=ENGINEER["ONCODATA_PASSWORD"],
    )
    assert added.returncode == 0, added.stderr
    shutil.copy(FIXTURES / "reports.csv", tmp_path / "reports.csv")
    return tmp_path


def test_extract_writes_one_object_per_row_in_order(site: Path):
    result = run_cli(
        *EXTRACT,
        "--output",
        "out.jsonl",
        "--json",
        cwd=site,
        env=ENGINEER,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == 4
    records = [json.loads(line) for line in (site / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4
    assert all(set(RECORD_KEYS) <= set(r) for r in records)
    assert (records[0]["t"], records[0]["n"], records[0]["histology_code"]) == ("T1b", "N0", "8140/3")
    assert records[0]["biomarkers"][0] == {
        "gene": "EGFR",
        "alteration": "L858R",
        "result": "positive",
        "value": None,
        "unit": None,
        "assay": None,
    }
    assert all(records[1][k] is None for k in ("t", "n", "m", "primary_site_text", "histology_code"))
    assert (records[2]["kind"], records[2]["primary_site_text"], records[2]["primary_size_text"]) == (
        "imaging",
        "右肺下叶",
        "2.5CM×2.0CM",
    )
    assert records[2]["metastasis_sites_text"] == ["双肺"]
    assert records[3]["histology_code"] is None and records[3]["t"] is None


def test_extract_is_audited_and_refused_without_permission(site: Path):
    allowed = run_cli(*EXTRACT, "--output", "y.jsonl", cwd=site, env=ENGINEER)
    assert allowed.returncode == 0, allowed.stderr
    refused = run_cli(*EXTRACT, "--output", "x.jsonl", cwd=site)
    assert refused.returncode == 2 and "cdm.read" in refused.stderr  # the site admin manages users, not data
    log = json.loads(run_cli("audit", "show", "--json", cwd=site).stdout)["records"]
    outcomes = [r["outcome"] for r in log if r["action"] == "nlp extract"]
    assert "denied" in outcomes and len(outcomes) >= 2  # the engineer's runs are audited too


def test_extract_bad_input(site: Path):
    missing = run_cli(
        "nlp", "extract", "--input", "nope.csv", "--text-column", "t", "--output", "o.jsonl", cwd=site, env=ENGINEER
    )
    assert missing.returncode == 2 and "not a file" in missing.stderr
    column = run_cli(
        "nlp", "extract", "--input", "reports.csv", "--text-column", "body", "--output", "o.jsonl", cwd=site, env=ENGINEER
    )
    assert column.returncode == 2 and "'body' is not a column" in column.stderr
    kind = run_cli(*EXTRACT, "--kind", "xray", "--output", "o.jsonl", cwd=site, env=ENGINEER)
    assert kind.returncode == 2 and "--kind" in kind.stderr


def test_extract_outside_a_site_runs_unaudited_and_says_so(tmp_path: Path):
    # No database here: a file-to-file run touches no managed data, so it needs no user; stderr says it is not audited.
    shutil.copy(FIXTURES / "reports.csv", tmp_path / "reports.csv")
    result = run_cli(*EXTRACT, "--output", "o.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "without a user check or audit record" in result.stderr
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert not (tmp_path / "oncodata.duckdb").exists()  # nothing created behind the user's back
    # A database the user names but that is missing is an error, not a silent unaudited run.
    named = run_cli("--db", "typo.duckdb", *EXTRACT, "--output", "p.jsonl", cwd=tmp_path)
    assert named.returncode != 0 and "does not exist" in named.stderr
