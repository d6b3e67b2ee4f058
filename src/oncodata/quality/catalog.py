"""The check catalogue: DQD check types and instances, oncology checks and threshold overrides, all read from data."""

from __future__ import annotations

import csv
import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from oncodata.errors import BadInputError

SEVERITIES = ("fatal", "convention", "characterization")
# DQD leaves the vocabulary tables out of a default run; so do we (they are shipped or imported, not built).
DEFAULT_EXCLUDED_TABLES = frozenset(
    {
        "concept",
        "vocabulary",
        "concept_ancestor",
        "concept_relationship",
        "concept_class",
        "concept_synonym",
        "relationship",
        "domain",
    }
)


@dataclass(frozen=True)
class CheckType:
    """One DQD check type (or the oncology family) with its Kahn classification and severity."""

    level: str
    name: str
    context: str
    category: str
    subcategory: str
    severity: str


@dataclass(frozen=True)
class Check:
    """One instantiated check: a type applied to a table, field or concept, with its failure threshold (%)."""

    level: str
    name: str
    table: str
    field: str
    concept_id: str
    unit_concept_id: str
    threshold: float
    parameter: str
    context: str
    category: str
    subcategory: str
    severity: str
    description: str = ""
    source: str = ""  # oncology checks: the named source they read
    applies: str = ""
    violated: str = ""
    parameters: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    note: str = field(default="", compare=False)  # why the threshold differs from its default (from an override)

    @property
    def check_id(self) -> str:
        """A stable identity across runs, e.g. `isforeignkey_measurement_person_id`."""
        concept = "" if self.source else self.concept_id.replace(", ", "+")
        parts = [self.name, self.table, self.field, concept, self.unit_concept_id]
        return "_".join(part for part in parts if part).lower()

    @property
    def is_oncology(self) -> bool:
        return bool(self.source)


def _data_path(name: str) -> Any:
    return resources.files("oncodata.quality").joinpath("data", name)


def _read_csv(name: str) -> list[dict[str, str]]:
    with _data_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_toml(name: str) -> dict[str, Any]:
    with _data_path(name).open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def check_types() -> dict[str, CheckType]:
    """The 27 DQD check types by name."""
    return {
        row["checkName"]: CheckType(
            row["checkLevel"], row["checkName"], row["kahnContext"], row["kahnCategory"], row["kahnSubcategory"], row["severity"]
        )
        for row in _read_csv("dqd_check_types.csv")
    }


@lru_cache(maxsize=1)
def dqd_checks() -> tuple[Check, ...]:
    """Every DQD check instance of a v5.4 run (all tables, vocabulary included)."""
    types = check_types()
    checks = []
    for row in _read_csv("dqd_checks.csv"):
        kind = types[row["checkName"]]
        checks.append(
            Check(
                level=row["checkLevel"],
                name=row["checkName"],
                table=row["cdmTableName"],
                field=row["cdmFieldName"],
                concept_id=row["conceptId"],
                unit_concept_id=row["unitConceptId"],
                threshold=float(row["threshold"] or 0),
                parameter=row["parameter"],
                context=kind.context,
                category=kind.category,
                subcategory=kind.subcategory,
                severity=kind.severity,
            )
        )
    return tuple(checks)


@lru_cache(maxsize=1)
def oncology_definition() -> dict[str, Any]:
    return read_toml("oncology_checks.toml")


@lru_cache(maxsize=1)
def oncology_checks() -> tuple[Check, ...]:
    """The oncology checks of oncology_checks.toml (concept ids of `concept` are resolved at run time)."""
    definition = oncology_definition()
    checks = []
    for entry in definition["check"]:
        source = definition["sources"][entry["source"]]
        if entry["severity"] not in SEVERITIES:
            raise ValueError(f"oncology check {entry['name']}: unknown severity {entry['severity']}")
        checks.append(
            Check(
                level="FIELD",
                name=entry["name"],
                table=source["table"],
                field=entry.get("field", ""),
                concept_id=entry.get("concept", ""),
                unit_concept_id="",
                threshold=float(entry["threshold"]),
                parameter="",
                context=entry["context"],
                category=entry["category"],
                subcategory=entry.get("subcategory", ""),
                severity=entry["severity"],
                description=entry["description"],
                source=entry["source"],
                applies=entry.get("applies", ""),
                violated=entry["violated"],
                parameters=dict(entry.get("parameters", {})),
            )
        )
    return tuple(checks)


def _checked_overrides(document: dict[str, Any], where: str) -> list[dict[str, Any]]:
    overrides = document.get("override", [])
    for entry in overrides:
        if "checkName" not in entry or not isinstance(entry.get("threshold"), int | float):
            raise BadInputError(f"threshold file {where}: every [[override]] needs checkName and a numeric threshold")
    return list(overrides)


@lru_cache(maxsize=1)
def packaged_overrides() -> tuple[dict[str, Any], ...]:
    """The thresholds this CDM sets differently from DQD (data/threshold_overrides.toml), each with its reason."""
    return tuple(_checked_overrides(read_toml("threshold_overrides.toml"), "threshold_overrides.toml"))


def load_threshold_overrides(path: Path | None) -> list[dict[str, Any]]:
    """`[[override]]` entries: checkName (glob), optional cdmTableName/cdmFieldName/conceptId, threshold, reason."""
    if path is None:
        return []
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError as error:
        raise BadInputError(f"threshold file {path} does not exist") from error
    except tomllib.TOMLDecodeError as error:
        raise BadInputError(f"threshold file {path} is not valid TOML: {error}") from error
    return _checked_overrides(document, str(path))


def _matches(check: Check, entry: dict[str, Any]) -> bool:
    if not fnmatch.fnmatchcase(check.name, entry["checkName"]):
        return False
    for key, value in (("cdmTableName", check.table), ("cdmFieldName", check.field), ("conceptId", check.concept_id)):
        if key in entry and str(entry[key]).lower() != value.lower():
            return False
    return True


def apply_overrides(checks: list[Check], overrides: list[dict[str, Any]]) -> list[Check]:
    """Later overrides win; a threshold of a check no override names is kept."""
    if not overrides:
        return checks
    result = []
    for check in checks:
        threshold, note = check.threshold, check.note
        for entry in overrides:
            if _matches(check, entry):
                threshold, note = float(entry["threshold"]), str(entry.get("reason", ""))
        changed = threshold != check.threshold or note != check.note
        result.append(replace(check, threshold=threshold, note=note) if changed else check)
    return result


def load_checks(
    names: list[str] | None = None,
    *,
    thresholds: Path | None = None,
    exclude_tables: frozenset[str] = DEFAULT_EXCLUDED_TABLES,
) -> list[Check]:
    """The checks of a run: DQD instances (minus excluded tables) plus oncology checks, filtered by name globs, with
    the packaged threshold overrides and then those of `thresholds` applied."""
    checks = [c for c in dqd_checks() if c.table not in exclude_tables] + list(oncology_checks())
    if names:
        known = {c.name for c in checks}
        for pattern in names:
            if not any(fnmatch.fnmatchcase(name, pattern) for name in known):
                raise BadInputError(f"--checks: no check is named {pattern}")
        checks = [c for c in checks if any(fnmatch.fnmatchcase(c.name, pattern) for pattern in names)]
    return apply_overrides(checks, [*packaged_overrides(), *load_threshold_overrides(thresholds)])
