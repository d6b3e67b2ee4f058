"""Canonical SQL is written once and rendered per engine by sqlglot."""

from __future__ import annotations

import pytest

from oncodata.store.transpile import SqlTranslationError, to_dialect


def test_canonical_dialect_is_passed_through_untouched():
    sql = "SELECT date_diff('day', a, b) FROM t WHERE x = $x"
    assert to_dialect(sql, "duckdb") is sql


def test_postgres_gets_psycopg_placeholders_and_escaped_percent():
    rendered = to_dialect("SELECT * FROM t WHERE name LIKE 'C34%' AND id = $id", "postgresql")
    assert rendered == "SELECT * FROM t WHERE name LIKE 'C34%%' AND id = %(id)s"


def test_percent_is_left_alone_without_parameters():
    assert to_dialect("SELECT * FROM t WHERE name LIKE 'C34%'", "postgresql") == "SELECT * FROM t WHERE name LIKE 'C34%'"


def test_spark_rendering_is_available_for_the_future_adapter():
    assert "DATEDIFF" in to_dialect("SELECT date_diff('day', a, b) FROM t", "spark").upper()


def test_unparseable_sql_names_the_statement():
    with pytest.raises(SqlTranslationError, match="SELECT FROM WHERE"):
        to_dialect("SELECT FROM WHERE (((", "postgresql")
