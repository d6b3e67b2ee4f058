"""Privacy scan: search every text column of the research database for known identifiers (e.g. a generator's truth)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from oncodata.store.base import Store

TEXT_TYPES = ("character varying", "varchar", "text")
# Identifiers this short would match inside ordinary words; they are scanned only as whole tokens.
MIN_SUBSTRING_LENGTH = 3


@dataclass(frozen=True)
class Leak:
    """An identifier kind found in a column, how many rows hold one, never the values themselves."""

    table: str
    column: str
    kind: str
    rows: int


def _pattern(values: Iterable[str]) -> re.Pattern[str]:
    distinct = sorted({v for v in values if v}, key=len, reverse=True)
    parts = [re.escape(v) if len(v) >= MIN_SUBSTRING_LENGTH else rf"(?<!\w){re.escape(v)}(?!\w)" for v in distinct]
    return re.compile("|".join(parts) or r"(?!)")


def scan_for_identifiers(
    store: Store, identifiers: Iterable[tuple[str, str]], schemas: tuple[str, ...] = ("staging", "cdm")
) -> list[Leak]:
    """Every (table, column, kind) where any of the (kind, value) identifiers occurs in a text column."""
    kind_of: dict[str, str] = {}
    for kind, value in identifiers:
        kind_of.setdefault(value, kind)
    pattern = _pattern(kind_of)
    leaks: list[Leak] = []
    for schema in schemas:
        for table in store.table_names(schema):
            for column in store.columns(schema, table):
                if column.data_type not in TEXT_TYPES:
                    continue
                found: Counter[str] = Counter()
                for (text,) in store.query(f'SELECT "{column.name}" FROM {schema}.{table} WHERE "{column.name}" IS NOT NULL'):
                    match = pattern.search(str(text))
                    if match:
                        found[kind_of[match.group(0)]] += 1
                leaks.extend(Leak(f"{schema}.{table}", column.name, kind, rows) for kind, rows in found.items())
    return leaks
