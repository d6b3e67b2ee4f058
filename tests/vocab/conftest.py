"""Fixtures for vocabulary tests: a store initialized with the bundled vocabulary, on DuckDB and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncodata.lifecycle import initialize
from oncodata.settings import load_settings
from oncodata.store.base import Store


@pytest.fixture
def vocab_store(store: Store, tmp_path: Path) -> Store:
    """`store` brought to the latest schema with the bundled vocabulary and shipped mappings loaded."""
    initialize(store, load_settings(config_file=tmp_path / "absent.toml", environ={}))
    return store
