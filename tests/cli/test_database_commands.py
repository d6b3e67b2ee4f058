"""`oncodata init` / `status` as a user runs them: real processes, real databases, exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncodata.migrations import LATEST_VERSION, MIGRATIONS
from oncodata.store import open_store
from oncodata.store.migrate import migrate
from tests.cli.runner import run_cli


def test_init_twice_is_a_no_op(database_url: str, tmp_path: Path):
    first = run_cli("--db", database_url, "--json", "init", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["schema_version_before"] == 0 and report["schema_version"] == LATEST_VERSION
    assert report["cdm_source_created"] is True
    assert report["admin_created"] == "site_admin"
    assert report["key_created"] is True
    assert (tmp_path / "site.key").stat().st_mode & 0o777 == 0o600
    with open_store(database_url) as store:
        snapshot = store.query("SELECT * FROM cdm.cdm_source")
        history = store.query("SELECT * FROM admin.schema_version ORDER BY version")
    second = run_cli("--db", database_url, "init", "--json", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["changed"] is False
    with open_store(database_url) as store:
        assert store.query("SELECT * FROM cdm.cdm_source") == snapshot
        assert store.query("SELECT * FROM admin.schema_version ORDER BY version") == history
        assert len(snapshot) == 1


def test_init_migrates_an_older_database(database_url: str, tmp_path: Path):
    with open_store(database_url) as store:
        migrate(store, MIGRATIONS, target=1)
    result = run_cli("--db", database_url, "--json", "init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version_before"] == 1
    assert report["schema_version"] == LATEST_VERSION
    assert report["migrations_applied"] == [f"{m.version}: {m.description}" for m in MIGRATIONS[1:]]


def test_status_reports_version_and_every_cdm_table(database_url: str, tmp_path: Path):
    assert run_cli("--db", database_url, "init", cwd=tmp_path).returncode == 0
    result = run_cli("--db", database_url, "status", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == LATEST_VERSION and report["up_to_date"] is True
    assert len(report["tables"]) == 39
    assert report["tables"]["cdm.cdm_source"] == 1
    assert report["tables"]["cdm.person"] == 0
    human = run_cli("--db", database_url, "status", cwd=tmp_path)
    assert "cdm.measurement" in human.stdout and f"schema version {LATEST_VERSION}" in human.stdout


def test_default_database_is_oncodata_duckdb_in_the_working_folder(tmp_path: Path):
    assert run_cli("init", "--quiet", cwd=tmp_path).returncode == 0
    assert (tmp_path / "oncodata.duckdb").is_file()
    env_db = tmp_path / "from_env.duckdb"
    assert run_cli("init", cwd=tmp_path, env={"ONCODATA_DB": str(env_db)}).returncode == 0
    assert env_db.is_file()


@pytest.mark.parametrize("url", ["mysql://root@localhost/onco", "postgresql://u:pw@host:notaport/db", "site.sqlite"])
def test_bad_url_exits_2_with_one_line(url: str, tmp_path: Path):
    result = run_cli("--db", url, "status", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: database URL")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and "pw@" not in result.stderr


def test_unreachable_server_exits_3_naming_the_url_without_password(tmp_path: Path):
    result = run_cli("--db", "postgresql://onco:S3cretPass@127.0.0.1:1/cdm", "status", cwd=tmp_path)
    assert result.returncode == 3
    assert "postgresql://onco:***@127.0.0.1:1/cdm" in result.stderr
    assert "S3cretPass" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_status_on_a_missing_file_exits_3_and_creates_nothing(tmp_path: Path):
    result = run_cli("--db", "absent.duckdb", "status", cwd=tmp_path)
    assert result.returncode == 3
    assert "run `oncodata init`" in result.stderr
    assert not (tmp_path / "absent.duckdb").exists()


def test_status_on_an_uninitialized_database_exits_3(postgres_url: str, tmp_path: Path):
    result = run_cli("--db", postgres_url, "status", cwd=tmp_path)
    assert result.returncode == 3
    assert "not initialized" in result.stderr


def test_unknown_option_is_a_usage_error(tmp_path: Path):
    result = run_cli("status", "--bogus", cwd=tmp_path)
    assert result.returncode == 2
    assert "No such option" in result.stderr
