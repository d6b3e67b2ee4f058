"""Fixtures for build tests: a staged synthetic hospital on each engine, sharing one site key."""

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
def hospital(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build_hospital")
    generate_hospital(SynthOptions(60, folder, seed=23))
    return folder


@pytest.fixture(scope="session")
def site_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_key_file(tmp_path_factory.mktemp("build_key") / "site.key")


@pytest.fixture
def gate(site_key: Path, tmp_path: Path) -> Iterator[DeidentificationGate]:
    key = load_key(site_key)
    opened = DeidentificationGate(key, Vault.open(tmp_path / "vault.sqlite", key))
    yield opened
    opened.close()


@pytest.fixture
def cdm_store(store: Store) -> Store:
    initialize(store, Settings())
    return store


__all__ = ["default_vault_path"]
