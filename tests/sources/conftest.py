"""Fixtures for ingest tests: a small synthetic hospital, an initialized store and a de-identification gate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncodata.lifecycle import initialize
from oncodata.privacy.gate import DeidentificationGate
from oncodata.privacy.keys import create_key_file, load_key
from oncodata.privacy.vault import Vault, default_vault_path
from oncodata.settings import Settings
from oncodata.store import Store
from oncodata.synth.generator import SynthOptions, generate_hospital


@pytest.fixture(scope="session")
def synthetic_hospital(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 synthetic patients' extracts (Chinese layout) plus truth/, generated once per test session."""
    folder = tmp_path_factory.mktemp("hospital")
    generate_hospital(SynthOptions(60, folder, seed=11))
    return folder


@pytest.fixture
def staging_store(store: Store) -> Store:
    initialize(store, Settings())
    return store


@pytest.fixture
def gate(tmp_path: Path) -> Iterator[DeidentificationGate]:
    key_path = create_key_file(tmp_path / "keys" / "site.key")
    key = load_key(key_path)
    opened = DeidentificationGate(key, Vault.open(default_vault_path(key_path), key))
    yield opened
    opened.close()
