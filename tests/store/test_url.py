"""Database URL parsing: engines, paths, redaction, and the errors bad URLs give."""

from __future__ import annotations

import pytest

from oncodata.errors import ExitCode, UsageError
from oncodata.store.url import parse_database_url, redact


@pytest.mark.parametrize(
    ("url", "engine", "target"),
    [
        ("./oncodata.duckdb", "duckdb", "oncodata.duckdb"),
        ("data/site.duckdb", "duckdb", "data/site.duckdb"),
        ("duckdb:///var/lib/onco.duckdb", "duckdb", "/var/lib/onco.duckdb"),
        ("duckdb:///:memory:", "duckdb", ":memory:"),
        (":memory:", "duckdb", ":memory:"),
        ("postgresql://onco@db.local:5432/cdm", "postgresql", "postgresql://onco@db.local:5432/cdm"),
        ("postgres://onco@db.local/cdm", "postgresql", "postgresql://onco@db.local/cdm"),
    ],
)
def test_parses_supported_urls(url, engine, target):
    parsed = parse_database_url(url)
    assert (parsed.engine, parsed.target) == (engine, target)


def test_display_never_contains_the_password():
    parsed = parse_database_url("postgresql://onco:Tr0ub4dor@db.local:5432/cdm")
    assert "Tr0ub4dor" not in parsed.display
    assert parsed.display == "postgresql://onco:***@db.local:5432/cdm"
    assert "Tr0ub4dor" in parsed.target


def test_redacts_even_malformed_urls():
    assert redact("postgresql://u:pw@host:notaport/db") == "postgresql://u:***@host:notaport/db"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://root@localhost/db", "unknown scheme 'mysql'"),
        ("postgresql://u:pw@host:notaport/db", "malformed"),
        ("postgresql://u@host:5432", "names no database"),
        ("duckdb://", "needs a file path"),
        ("   ", "empty"),
        ("site.sqlite", "expected a .duckdb file path"),
    ],
)
def test_bad_urls_are_usage_errors(url, fragment):
    with pytest.raises(UsageError, match=fragment) as raised:
        parse_database_url(url)
    assert raised.value.exit_code == ExitCode.BAD_INPUT
    assert "pw@" not in str(raised.value)
