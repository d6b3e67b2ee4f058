"""Analytics fixtures: one initialized database per engine and module, loaded with the hand-written CDM fixture."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from oncodata.lifecycle import initialize
from oncodata.settings import load_settings
from oncodata.store import Store, open_store
from tests.analytics.fixture_cdm import load_fixture_cdm
from tests.conftest import POSTGRES_ADMIN_URL, _server_url


def _initialized(url: str, folder: Path) -> Store:
    store = open_store(url)
    initialize(store, load_settings(config_file=folder / "absent.toml", environ={}))
    return store


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def empty_cdm(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """An initialized database (bundled vocabulary, empty CDM) shared by one test module, per engine."""
    folder = tmp_path_factory.mktemp("analytics")
    if request.param == "duckdb":
        store = _initialized(str(folder / "oncodata.duckdb"), folder)
        yield store
        store.close()
        return
    name = f"oncodata_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    store = _initialized(_server_url(name), folder)
    try:
        yield store
    finally:
        store.close()
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def cdm(empty_cdm: Store) -> Store:
    """The module's database with the ten-person fixture CDM loaded."""
    load_fixture_cdm(empty_cdm)
    return empty_cdm
