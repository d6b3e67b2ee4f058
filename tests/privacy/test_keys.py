"""Key file creation, permissions, refusal of bad or loose keys, default locations and purpose subkeys."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from oncodata.errors import EnvironmentProblemError, ExitCode
from oncodata.privacy.keys import PURPOSES, SecretKey, create_key_file, default_key_path, key_path_from_settings, load_key
from oncodata.settings import load_settings


def test_created_key_file_is_0600_and_loads(tmp_path: Path) -> None:
    path = create_key_file(tmp_path / "new" / "folder" / "db.key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) == 64
    assert isinstance(load_key(path), SecretKey)
    assert load_key(path) == load_key(path)


def test_two_key_files_differ(tmp_path: Path) -> None:
    assert load_key(create_key_file(tmp_path / "a.key")) != load_key(create_key_file(tmp_path / "b.key"))


def test_refuses_to_overwrite_existing_key(key_path: Path) -> None:
    before = key_path.read_bytes()
    with pytest.raises(EnvironmentProblemError, match="already exists"):
        create_key_file(key_path)
    assert key_path.read_bytes() == before


def test_refuses_loose_permissions(key_path: Path) -> None:
    os.chmod(key_path, 0o644)
    with pytest.raises(EnvironmentProblemError, match=r"permissions 644, looser than 0600") as caught:
        load_key(key_path)
    assert caught.value.exit_code == ExitCode.ENVIRONMENT
    assert str(key_path) in str(caught.value)


def test_missing_key_is_clear(tmp_path: Path) -> None:
    missing = tmp_path / "nope.key"
    with pytest.raises(EnvironmentProblemError, match="does not exist") as caught:
        load_key(missing)
    assert "\n" not in str(caught.value) and str(missing) in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"abc\n", b"zz" * 32, b"00" * 31, b"0" * 65, b"x" * 33])
def test_garbage_key_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.key"
    path.write_bytes(content)
    os.chmod(path, 0o600)
    with pytest.raises(EnvironmentProblemError, match="not a valid key"):
        load_key(path)


def test_raw_32_byte_key_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "raw.key"
    path.write_bytes(bytes(range(32)))
    os.chmod(path, 0o600)
    assert load_key(path) == SecretKey(bytes(range(32)))


def test_unreadable_key_is_clear(key_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    os.chmod(key_path, 0o000)
    with pytest.raises(EnvironmentProblemError, match="cannot be read"):
        load_key(key_path)


def test_subkeys_differ_per_purpose_and_hide_the_secret() -> None:
    key = SecretKey(bytes(32))
    subkeys = {key.subkey(purpose) for purpose in PURPOSES}
    assert len(subkeys) == len(PURPOSES)
    assert bytes(32) not in subkeys
    assert "redacted" in repr(key)


def test_default_key_paths(tmp_path: Path) -> None:
    assert default_key_path(str(tmp_path / "x.duckdb"), environ={}) == Path(str(tmp_path / "x.duckdb") + ".key")
    pg = default_key_path("postgresql://u:pw@dbhost:5432/onco", environ={})
    assert pg == Path.home() / ".oncodata" / "dbhost_onco.key"
    override = tmp_path / "elsewhere.key"
    assert default_key_path("x.duckdb", environ={"ONCODATA_KEY_FILE": str(override)}) == override


def test_key_file_setting_from_environment(tmp_path: Path) -> None:
    settings = load_settings(config_file=tmp_path / "absent.toml", environ={"ONCODATA_KEY_FILE": "/secure/site.key"})
    assert settings.key_file == "/secure/site.key"
    assert key_path_from_settings(settings.db, settings.key_file, environ={}) == Path("/secure/site.key")
    assert key_path_from_settings("a.duckdb", None, environ={}) == Path("a.duckdb.key")
