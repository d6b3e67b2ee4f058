"""Privacy scan: search every text column of the research database for known identifiers (e.g. a generator's truth)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from oncodata.store.base import Store

TEXT_TYPES = ("character varying", "varchar", "text")
# ASCII identifiers this short would match inside ordinary words; they are scanned only as whole tokens.
MIN_SUBSTRING_LENGTH = 3


@dataclass(frozen=True)
class Leak:
    """An identifier kind found in a column, how many rows hold one, never the values themselves."""

    table: str
    column: str
    kind: str
    rows: int


def _trie_regex(words: list[str]) -> str:
    """One regular expression for many literals, factored by common prefixes so matching does not try each word
    in turn (a plain alternation of thousands of identifiers is quadratic in practice)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return render(trie)


def _pattern(values: Iterable[str]) -> re.Pattern[str]:
    distinct = {v for v in values if v}
    # Short ASCII values would match inside ordinary words; short Chinese names are meaningful on their own.
    long_values = sorted(v for v in distinct if len(v) >= MIN_SUBSTRING_LENGTH or not v.isascii())
    short_values = sorted(v for v in distinct if len(v) < MIN_SUBSTRING_LENGTH and v.isascii())
    parts = []
    if long_values:
        parts.append(_trie_regex(long_values))
    if short_values:
        parts.append(rf"(?<!\w)(?:{_trie_regex(short_values)})(?!\w)")
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
