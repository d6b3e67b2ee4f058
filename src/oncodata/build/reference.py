"""Reference data the build reads: value maps, coded-value lists (causes of death, units), the AJCC 8th lung stage
table, modifier concepts, regimen rules."""

from __future__ import annotations

import csv
import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from oncodata.store.base import Store, sql_literal

DATA_DIR = Path(__file__).resolve().parent / "data"
ROMAN_STAGE_DIGITS = {"IV": "4", "III": "3", "II": "2", "I": "1"}


def stable_id(key: str) -> int:
    """The same 60-bit id `admin.stable_id` gives in SQL (first 15 hex digits of the MD5).

    >>> stable_id("abc")
    648541476951500027
    """
    return int(hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()[:15], 16)


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def value_map() -> dict[tuple[str, str], int]:
    """(field, source value) -> concept id for genders and visit kinds."""
    return {(r["field"], r["source_value"]): int(r["concept_id"]) for r in _rows("value_maps.csv")}


def case_expression(column: str, field: str) -> str:
    """A SQL CASE mapping a source column through value_maps.csv (0 when unknown)."""
    arms = " ".join(
        f"WHEN {column} = {sql_literal(value)} THEN {concept}"
        for (kind, value), concept in sorted(value_map().items())
        if kind == field
    )
    return f"CASE {arms} ELSE 0 END"


def coded_value_expression(store: Store, column: str, file_name: str) -> str:
    """A SQL CASE turning a source text into a concept through a list in data/ (source_value, vocabulary_id,
    concept_code): the listed concept, NULL for a value listed without a code (stated as unknown), 0 for a text the
    list does not know (unmapped) or a concept missing from this database's vocabulary."""
    listed = _rows(file_name)
    codes = sorted({row["concept_code"] for row in listed if row["concept_code"]})
    found = {
        (vocabulary, code): int(concept_id)
        for concept_id, vocabulary, code in store.query(
            "SELECT concept_id, vocabulary_id, concept_code FROM vocab.concept WHERE concept_code IN "
            f"({', '.join(sql_literal(code) for code in codes) or 'NULL'})"
        )
    }
    arms = []
    for row in listed:
        concept = found.get((row["vocabulary_id"], row["concept_code"]), 0) if row["concept_code"] else None
        arms.append(f"WHEN {column} = {sql_literal(row['source_value'])} THEN {'NULL' if concept is None else concept}")
    return f"CASE WHEN {column} IS NULL THEN NULL {' '.join(arms)} ELSE 0 END"


@lru_cache(maxsize=1)
def stage_table() -> list[tuple[str, str, str, str]]:
    return [(r["t"], r["n"], r["m"], r["stage_group"]) for r in _rows("ajcc8_lung_stage.csv")]


def derive_stage_group(t: str | None, n: str | None, m: str | None) -> str | None:
    """AJCC 8th lung stage group from T, N and M (None when they do not determine one).

    >>> derive_stage_group("T2a", "N0", "M0"), derive_stage_group("T1c", "N2", "M0"), derive_stage_group(None, None, "M1c")
    ('IB', 'IIIA', 'IVB')
    """
    for row_t, row_n, row_m, group in stage_table():
        if row_m == m and (row_t == "*" or row_t == t) and (row_n == "*" or row_n == n):
            return group
    return None


def stage_code(group: str) -> str:
    """`IIIA` -> `3A`, `IA1` -> `1A1`, `0` and `Occult` unchanged: the Cancer Modifier code suffix."""
    for roman, digit in ROMAN_STAGE_DIGITS.items():
        if group.startswith(roman):
            return digit + group[len(roman) :]
    return group


@lru_cache(maxsize=1)
def regimen_rules() -> dict[str, Any]:
    with open(DATA_DIR / "regimen_rules.toml", "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def extra_antineoplastics() -> tuple[str, ...]:
    """Antineoplastic ingredient names the vocabulary does not place under ATC L01."""
    lines = (DATA_DIR / "antineoplastic_ingredients.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def metastasis_patterns() -> list[tuple[str, str]]:
    return [(r["pattern"], r["site"]) for r in _rows("metastasis_sites.csv")]


def metastasis_code(site_text: str) -> tuple[str, str] | None:
    """(vocabulary, code) of the metastasis concept a site phrase names ("骨" → OncoData MET-BONE), or None."""
    codes = _metastasis_codes()
    for pattern, site in metastasis_patterns():
        if re.search(pattern, site_text, re.IGNORECASE):
            return codes.get(site)
    return None


@lru_cache(maxsize=1)
def _metastasis_codes() -> dict[str, tuple[str, str]]:
    return {
        row["key"].removeprefix("metastasis:"): (row["vocabulary_id"], row["concept_code"])
        for row in _rows("modifier_concepts.csv")
        if row["key"].startswith("metastasis:")
    }


@dataclass(frozen=True)
class ModifierConcepts:
    """Concept ids the cancer modifiers use, looked up by vocabulary and code in this database's vocabulary."""

    ids: dict[str, int]

    def get(self, key: str) -> int:
        return self.ids.get(key, 0)


def modifier_concepts(store: Store) -> ModifierConcepts:
    wanted = _rows("modifier_concepts.csv")
    found = {
        (vocabulary, code): int(concept_id)
        for concept_id, vocabulary, code in store.query(
            "SELECT concept_id, vocabulary_id, concept_code FROM vocab.concept WHERE vocabulary_id IN "
            "('OncoData', 'SNOMED', 'HGNC', 'OMOP Genomic', 'UCUM')"
        )
    }
    ids = {row["key"]: found.get((row["vocabulary_id"], row["concept_code"]), 0) for row in wanted}
    for concept_id, code in store.query(
        "SELECT concept_id, concept_code FROM vocab.concept WHERE vocabulary_id = 'Cancer Modifier'"
    ):
        ids[f"cm:{code}"] = int(concept_id)
    return ModifierConcepts(ids)
