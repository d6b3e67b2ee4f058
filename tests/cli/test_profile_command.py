"""`oncodata profile` from the command line: HTML/JSON reports, identifiers absent, exit codes, the permission."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "sources" / "profile"
ENGINEER = {"ONCODATA_USER": "etl_engineer", "ONCODATA_PASSWORD": "engineer-pass-2026"}
PLANTED = ("张伟", "李娜", "110101198003071234", "13812345678", "13700001111", "BL900", "TEL-SECRET")


def _site(tmp_path: Path) -> None:
    assert run_cli("init", cwd=tmp_path).returncode == 0
    added = run_cli(
        "user", "add", "etl_engineer", "--role", "engineer", "--password-stdin", cwd=tmp_path, stdin="engineer-pass-2026"
    )
    assert added.returncode == 0, added.stderr


def test_profile_writes_self_contained_html_and_json_without_identifiers(tmp_path: Path):
    _site(tmp_path)
    mapping = str(DATA / "mapping.yaml")
    html = run_cli(
        "profile", str(DATA), "--mapping", mapping, "--min-count", "1", "--out", "report.html", cwd=tmp_path, env=ENGINEER
    )
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<style>" in page and "<script" not in page and "http://" not in page and "https://" not in page
    assert "planted.csv" in page and "identifying" in page
    done = run_cli("profile", str(DATA), "--mapping", mapping, "--min-count", "1", "--out", "report.json", "--json",
                   cwd=tmp_path, env=ENGINEER)  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["out"] == "report.json" and summary["errors"] == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    small = next(f for f in report["files"] if f["file"] == "small.csv")
    assert small["rows"] == 5 and [c["name"] for c in small["columns"]] == ["code", "status", "amount", "visit_date", "note"]
    for value in PLANTED:
        assert value not in page and value not in done.stdout and value not in json.dumps(report, ensure_ascii=False), value


def test_bad_inputs_give_one_line_and_exit_2(tmp_path: Path):
    _site(tmp_path)
    (tmp_path / "empty.csv").write_bytes(b"")
    empty = run_cli("profile", "empty.csv", cwd=tmp_path, env=ENGINEER)
    assert empty.returncode == 2 and "empty.csv: the file is empty" in empty.stderr and len(empty.stderr.splitlines()) == 1
    wrong_out = run_cli("profile", str(DATA), "--out", "report.txt", cwd=tmp_path, env=ENGINEER)
    assert wrong_out.returncode == 2 and "the report is .html or .json" in wrong_out.stderr
    (tmp_path / "register_gbk.csv").write_bytes("病例编号,备用字段,分期\nBL1,x,IV\n".encode("gbk"))
    encoding = run_cli("profile", "register_gbk.csv", "--mapping", str(DATA / "mapping.yaml"), cwd=tmp_path, env=ENGINEER)
    assert encoding.returncode == 2 and "header is not valid utf-8" in encoding.stderr


def test_profile_needs_the_source_profile_permission(tmp_path: Path):
    _site(tmp_path)
    added = run_cli("user", "add", "reader", "--role", "researcher", "--password-stdin", cwd=tmp_path, stdin="reader-pass-2026")
    assert added.returncode == 0, added.stderr
    refused = run_cli(
        "profile", str(DATA), cwd=tmp_path, env={"ONCODATA_USER": "reader", "ONCODATA_PASSWORD": "reader-pass-2026"}
    )
    assert refused.returncode == 2 and "source.profile" in refused.stderr
