"""Settings come from defaults, then oncodata.toml, then ONCODATA_* variables, then CLI overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncodata.errors import BadInputError
from oncodata.settings import DEFAULT_DB_URL, load_settings


def test_defaults(tmp_path: Path):
    settings = load_settings(config_file=tmp_path / "absent.toml", environ={})
    assert settings.db == DEFAULT_DB_URL


def test_file_then_environment_then_override(tmp_path: Path):
    config = tmp_path / "oncodata.toml"
    config.write_text('[oncodata]\ndb = "site.duckdb"\ncdm_holder = "Thoracic oncology"\n', encoding="utf-8")
    settings = load_settings(config_file=config, environ={"ONCODATA_DB": "env.duckdb"})
    assert settings.db == "env.duckdb"
    assert settings.cdm_holder == "Thoracic oncology"
    assert settings.with_overrides(db="cli.duckdb", cdm_holder=None).db == "cli.duckdb"


def test_unknown_setting_is_named(tmp_path: Path):
    config = tmp_path / "oncodata.toml"
    config.write_text('[oncodata]\ndatabase = "x"\n', encoding="utf-8")
    with pytest.raises(BadInputError, match="unknown setting 'database'"):
        load_settings(config_file=config, environ={})


def test_broken_toml_is_bad_input(tmp_path: Path):
    config = tmp_path / "oncodata.toml"
    config.write_text("[oncodata\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="not valid TOML"):
        load_settings(config_file=config, environ={})
