"""Normalize measurement values to one UCUM unit per measurement concept, with exact conversions kept as data.

A unit text nobody declared (not in data/unit_aliases.csv, not a UCUM code of the bundle) is flagged, never guessed.

>>> unit_key(" ×10^9 /L ")
'10*9/l'
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import pyarrow as pa

from oncodata.store.base import Store
from oncodata.vocab.normalize import DATA_DIR

# How a staged row finds its resolution (coalesce keeps the join hashable on PostgreSQL, unlike IS NOT DISTINCT FROM).
RESOLUTION_JOIN = (
    "coalesce({resolved}.source_vocabulary, '') = coalesce({staged}.source_vocabulary, '') "
    "AND coalesce({resolved}.source_code, '') = coalesce({staged}.source_code, '') "
    "AND coalesce({resolved}.source_text, '') = coalesce({staged}.source_text, '')"
)

_POWER = re.compile(r"^[x×]?10[\^eE~*](\d+)", re.IGNORECASE)


def unit_key(text: str) -> str:
    """A unit text folded for lookup: NFKC, no spaces, μ/µ as u, 10^9 / ×10E9 as 10*9, lower case."""
    folded = unicodedata.normalize("NFKC", text).replace(" ", "").replace("μ", "u").replace("µ", "u")
    folded = _POWER.sub(lambda match: f"10*{match.group(1)}", folded)
    return folded.lower()


class NormalizedValue(NamedTuple):
    """A value in the concept's canonical unit; unit_concept_id 0 means the unit could not be normalized (flagged)."""

    value: float | None
    unit_concept_id: int
    unit_source: str | None

    @property
    def flagged(self) -> bool:
        return self.unit_concept_id == 0


@dataclass(frozen=True)
class Conversion:
    """value × multiply ÷ divide turns `from_ucum` into `to_ucum`."""

    multiply: float
    divide: float

    def apply(self, value: float) -> float:
        # Multiply first and divide last, so 88.4 μmol/L ÷ 88.4 is exactly 1 mg/dL (a precomputed 1/88.4 is not).
        return value * self.multiply / self.divide


@dataclass(frozen=True)
class UnitRules:
    """Aliases, canonical units and conversions from the data files, keyed by (vocabulary_id, concept_code)."""

    aliases: dict[str, str]
    canonical: dict[tuple[str, str], str]
    generic: dict[tuple[str, str], Conversion]
    specific: dict[tuple[str, str, str, str], Conversion]

    def ucum_of(self, unit_text: str | None) -> str | None:
        if unit_text is None or not unit_text.strip():
            return None
        return self.aliases.get(unit_key(unit_text))

    def conversion(self, concept: tuple[str, str], from_ucum: str, to_ucum: str) -> Conversion | None:
        if from_ucum == to_ucum:
            return Conversion(1.0, 1.0)
        return self.specific.get((*concept, from_ucum, to_ucum)) or self.generic.get((from_ucum, to_ucum))


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def unit_rules() -> UnitRules:
    ucum_codes = {row["ucum_code"] for row in _rows("measurement_units.csv")}
    ucum_codes |= {row[key] for row in _rows("unit_conversions.csv") for key in ("from_ucum", "to_ucum")}
    aliases = {unit_key(code): code for code in ucum_codes}
    aliases.update({unit_key(row["alias"]): row["ucum_code"] for row in _rows("unit_aliases.csv")})
    canonical = {(row["vocabulary_id"], row["concept_code"]): row["ucum_code"] for row in _rows("measurement_units.csv")}
    generic: dict[tuple[str, str], Conversion] = {}
    specific: dict[tuple[str, str, str, str], Conversion] = {}
    for row in _rows("unit_conversions.csv"):
        conversion = Conversion(float(row["multiply"]), float(row["divide"]))
        if row["vocabulary_id"]:
            specific[(row["vocabulary_id"], row["concept_code"], row["from_ucum"], row["to_ucum"])] = conversion
        else:
            generic[(row["from_ucum"], row["to_ucum"])] = conversion
    return UnitRules(aliases, canonical, generic, specific)


class UnitNormalizer:
    """Looks up concepts and UCUM unit ids once per database, then normalizes values without further queries."""

    def __init__(self, store: Store) -> None:
        self.rules = unit_rules()
        self.unit_ids = {
            code: int(concept_id)
            for concept_id, code in store.query("SELECT concept_id, concept_code FROM vocab.concept WHERE vocabulary_id = 'UCUM'")
        }
        wanted = {vocabulary for vocabulary, _ in self.rules.canonical}
        rows = store.query(
            "SELECT concept_id, vocabulary_id, concept_code FROM vocab.concept WHERE vocabulary_id IN ("
            + ", ".join(f"'{vocabulary}'" for vocabulary in sorted(wanted))
            + ")"
        )
        self.concept_keys = {
            int(cid): (vocabulary, code) for cid, vocabulary, code in rows if (vocabulary, code) in self.rules.canonical
        }

    def factor(self, concept_id: int, unit_text: str | None) -> tuple[int, Conversion | None, str]:
        """(canonical unit id, conversion, status) for one concept and unit text; status says why when not normalized."""
        concept = self.concept_keys.get(concept_id)
        if concept is None:
            return 0, None, "no_canonical_unit"
        target = self.rules.canonical[concept]
        source = self.rules.ucum_of(unit_text)
        if source is None:
            return 0, None, "missing_unit" if not (unit_text or "").strip() else "unknown_unit"
        conversion = self.rules.conversion(concept, source, target)
        if conversion is None:
            return 0, None, "no_conversion"
        return self.unit_ids.get(target, 0), conversion, "canonical" if source == target else "converted"

    def normalize(self, concept_id: int, value: float | None, unit_text: str | None) -> NormalizedValue:
        unit_id, conversion, _ = self.factor(concept_id, unit_text)
        if conversion is None or unit_id == 0:
            return NormalizedValue(value, 0, unit_text)
        return NormalizedValue(None if value is None else conversion.apply(value), unit_id, unit_text)


def normalize_unit(store: Store, concept_id: int, value: float | None, unit_text: str | None) -> NormalizedValue:
    """(value in the canonical unit, its unit concept id, the unit text as given); unit id 0 flags an unknown unit."""
    return UnitNormalizer(store).normalize(concept_id, value, unit_text)


def resolve_units(store: Store) -> int:
    """Rewrite staging.unit_resolution for every (mapped measurement concept, unit text) pair in staging.measurement.

    The build then computes `value_as_number * multiply / divide` and takes `unit_concept_id` in one join; rows with status
    other than canonical/converted keep their value and get unit_concept_id 0.
    """
    pairs = store.query(
        "SELECT DISTINCT r.target_concept_id, m.unit_source_value FROM staging.measurement AS m "
        "JOIN staging.concept_resolution AS r ON r.domain = 'measurement' AND "
        + RESOLUTION_JOIN.format(staged="m", resolved="r")
        + " WHERE r.target_concept_id <> 0"
    )
    normalizer = UnitNormalizer(store)
    concept_ids, units, unit_ids, multipliers, divisors, statuses = [], [], [], [], [], []
    for concept_id, unit_text in pairs:
        unit_id, conversion, status = normalizer.factor(int(concept_id), unit_text)
        concept_ids.append(int(concept_id))
        units.append(unit_text)
        unit_ids.append(unit_id)
        multipliers.append(None if conversion is None else conversion.multiply)
        divisors.append(None if conversion is None else conversion.divide)
        statuses.append(status)
    with store.transaction():
        store.execute("DELETE FROM staging.unit_resolution")
        if concept_ids:
            store.load_arrow(
                "staging.unit_resolution",
                pa.table(
                    {
                        "measurement_concept_id": pa.array(concept_ids, pa.int64()),
                        "unit_source_value": pa.array(units, pa.string()),
                        "unit_concept_id": pa.array(unit_ids, pa.int64()),
                        "multiply": pa.array(multipliers, pa.float64()),
                        "divide": pa.array(divisors, pa.float64()),
                        "status": pa.array(statuses, pa.string()),
                    }
                ),
            )
    return len(concept_ids)
