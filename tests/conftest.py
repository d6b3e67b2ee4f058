"""Shared fixtures: a `store` on DuckDB and on the real local PostgreSQL, each test in its own database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from oncodata.store import Store, open_store

# The admin connection used to create and drop throwaway databases; override for another server.
POSTGRES_ADMIN_URL = os.environ.get("ONCODATA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


def _server_url(database: str) -> str:
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    return f"{base}/{database}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A brand-new PostgreSQL database for one test, dropped afterwards."""
    name = f"oncodata_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _server_url(name)
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def duckdb_url(tmp_path: Path) -> str:
    """A DuckDB file path in the test's own temporary folder."""
    return str(tmp_path / "oncodata.duckdb")


@pytest.fixture(params=["duckdb", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database, once per engine."""
    return request.getfixturevalue("duckdb_url" if request.param == "duckdb" else "postgres_url")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An open Store on an empty database, once per engine."""
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def shared_reference() -> Path:
    """The OHDSI reference specifications beside the project; skips when ../shared is absent."""
    path = SHARED_DIR / "reference"
    if not path.is_dir():
        pytest.skip("../shared/reference is not available")
    return path
