"""Shared privacy fixtures: a fresh key file and key in a tmp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncodata.privacy.keys import SecretKey, create_key_file, load_key


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return create_key_file(tmp_path / "keys" / "site.key")


@pytest.fixture
def key(key_path: Path) -> SecretKey:
    return load_key(key_path)
