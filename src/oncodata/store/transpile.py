"""Translate SQL written once in the canonical (DuckDB) dialect into each engine's dialect with sqlglot.

Named parameters are written `$name` in canonical SQL; they become `%(name)s` for psycopg.

>>> to_dialect("SELECT count(*) FROM cdm.person WHERE year_of_birth > $year", "postgresql")
'SELECT COUNT(*) FROM cdm.person WHERE year_of_birth > %(year)s'
"""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from oncodata.errors import OncodataError

CANONICAL_DIALECT = "duckdb"
SQLGLOT_DIALECT_OF_ENGINE = {"duckdb": "duckdb", "postgresql": "postgres", "spark": "spark"}


class SqlTranslationError(OncodataError):
    """Canonical SQL that sqlglot cannot parse: a programming error, reported with the statement head."""


@lru_cache(maxsize=4096)
def to_dialect(sql: str, engine: str) -> str:
    """Return `sql` (canonical dialect, one statement) rewritten for `engine`; cached per statement."""
    if engine == CANONICAL_DIALECT:
        return sql
    try:
        expressions = [e for e in sqlglot.parse(sql, read=CANONICAL_DIALECT) if e is not None]
    except ParseError as error:
        head = " ".join(sql.split())[:80]
        raise SqlTranslationError(f"cannot translate SQL for {engine}: {head}… ({error.errors[0]['description']})") from error
    if len(expressions) != 1:
        raise SqlTranslationError(f"expected one SQL statement, got {len(expressions)}")
    expression = expressions[0]
    if engine == "postgresql" and expression.find(exp.Placeholder):
        # psycopg reads % as a parameter marker whenever parameters are passed, so literal % must be doubled.
        for literal in expression.find_all(exp.Literal):
            if literal.is_string and "%" in literal.this:
                literal.set("this", literal.this.replace("%", "%%"))
    return expression.sql(dialect=SQLGLOT_DIALECT_OF_ENGINE[engine])
