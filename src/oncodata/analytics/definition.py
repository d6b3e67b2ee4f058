"""Cohort definitions read from JSON or YAML and validated into plain dataclasses (no SQL here).

A definition has an entry event (the primary cancer diagnosis by concept set — by default only the condition
occurrence a disease first-occurrence episode (32528) points to, which carries the cancer modifiers; set
`primary_only: false` to take any matching diagnosis — or the start of a line of therapy),
observation requirements, inclusion criteria applied in order (each may be negated with `exclude: true`) and an
exit rule. Concepts are referenced by `{vocabulary_id, concept_code}` or `{concept_id}`, each with
`include_descendants`.

>>> d = parse_definition({"name": "lung", "entry": {"concepts": [{"concept_id": 443388}]}})
>>> d.name, d.entry.kind, d.exit.kind, d.inclusion
('lung', 'condition', 'observation_end', [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

from oncodata.errors import BadInputError

CRITERION_KINDS = (
    "histology",
    "stage_group",
    "t",
    "n",
    "m",
    "biomarker",
    "age",
    "sex",
    "drug",
    "procedure",
    "condition",
    "line_of_therapy",
    "death",
)
ENTRY_KINDS = ("condition", "line_of_therapy")
EXIT_KINDS = ("observation_end", "death", "fixed")
SEX_VALUES = {"male": 8507, "female": 8532, "m": 8507, "f": 8532}
STAGE_VALUE = re.compile(r"^(?:0|Occult|[1-4](?:[ABC][1-3]?)?)$")
TNM_VALUE = re.compile(r"^[TNM](?:X|0|is|[1-4](?:mi|[a-d])?)$", re.IGNORECASE)
MORPHOLOGY = re.compile(r"^\d{4}/\d$")
# Window bounds are days relative to the index date; these stand for "any time before / after".
FAR_PAST = -100_000
FAR_FUTURE = 100_000


@dataclass(frozen=True)
class ConceptRef:
    """One concept by id or by (vocabulary_id, concept_code), optionally with all its descendants."""

    concept_id: int | None = None
    vocabulary_id: str | None = None
    concept_code: str | None = None
    include_descendants: bool = True

    def describe(self) -> str:
        name = str(self.concept_id) if self.concept_id is not None else f"{self.vocabulary_id} {self.concept_code}"
        return name + (" (+descendants)" if self.include_descendants else "")


@dataclass(frozen=True)
class Window:
    """Days relative to the index date, both ends inclusive."""

    start: int = FAR_PAST
    end: int = FAR_FUTURE


@dataclass(frozen=True)
class Criterion:
    """One inclusion criterion; `exclude` keeps the persons who do NOT meet it."""

    kind: str
    name: str
    exclude: bool = False
    concepts: tuple[ConceptRef, ...] = ()
    values: tuple[str, ...] = ()
    status: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    window: Window = field(default_factory=Window)
    line: int | None = None
    stage_type: str = "any"


@dataclass(frozen=True)
class Entry:
    """The event that puts a person in the cohort and sets the index date."""

    kind: str = "condition"
    concepts: tuple[ConceptRef, ...] = ()
    first_only: bool = True
    line: int | None = None
    primary_only: bool = True


@dataclass(frozen=True)
class Exit:
    """When follow-up in the cohort ends: end of observation, death, or a fixed number of days after index."""

    kind: str = "observation_end"
    days: int | None = None


@dataclass(frozen=True)
class CohortDefinition:
    """A validated cohort definition."""

    name: str
    description: str = ""
    entry: Entry = field(default_factory=Entry)
    prior_observation_days: int = 0
    post_observation_days: int = 0
    inclusion: list[Criterion] = field(default_factory=list)
    exit: Exit = field(default_factory=Exit)
    source: dict[str, Any] = field(default_factory=dict)


def load_definition(path: Path) -> CohortDefinition:
    """Read a definition file (.json, .yaml or .yml)."""
    if not path.is_file():
        raise BadInputError(f"cohort definition {path} does not exist")
    text = path.read_text(encoding="utf-8")
    try:
        raw = orjson.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (orjson.JSONDecodeError, yaml.YAMLError) as error:
        raise BadInputError(f"cohort definition {path.name} is not valid {path.suffix.lstrip('.').upper()}: {error}") from error
    return parse_definition(raw, origin=path.name)


def parse_definition(raw: Any, origin: str = "definition") -> CohortDefinition:
    """Validate a decoded definition; every problem is a BadInputError naming the offending part."""
    if not isinstance(raw, dict):
        raise BadInputError(f"{origin}: a cohort definition must be a mapping")
    _only(raw, {"name", "description", "entry", "observation", "inclusion", "exit"}, origin)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadInputError(f"{origin}: `name` is required")
    entry = _entry(raw.get("entry"), origin)
    observation = raw.get("observation") or {}
    if not isinstance(observation, dict):
        raise BadInputError(f"{origin}: `observation` must be a mapping")
    _only(observation, {"prior_days", "post_days"}, f"{origin} observation")
    inclusion_raw = raw.get("inclusion") or []
    if not isinstance(inclusion_raw, list):
        raise BadInputError(f"{origin}: `inclusion` must be a list of criteria")
    inclusion = [_criterion(item, f"{origin} inclusion[{i}]") for i, item in enumerate(inclusion_raw)]
    return CohortDefinition(
        name=name.strip(),
        description=str(raw.get("description") or ""),
        entry=entry,
        prior_observation_days=_int(observation.get("prior_days", 0), f"{origin} observation.prior_days", minimum=0),
        post_observation_days=_int(observation.get("post_days", 0), f"{origin} observation.post_days", minimum=0),
        inclusion=inclusion,
        exit=_exit(raw.get("exit"), origin),
        source=raw,
    )


def _only(mapping: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        raise BadInputError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _int(value: Any, where: str, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInputError(f"{where}: expected a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise BadInputError(f"{where}: must be at least {minimum}")
    return value


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadInputError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _concepts(raw: Any, where: str, required: bool = True) -> tuple[ConceptRef, ...]:
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or (required and not raw):
        raise BadInputError(f"{where}: `concepts` must be a non-empty list")
    refs = []
    for i, item in enumerate(raw):
        spot = f"{where} concepts[{i}]"
        if not isinstance(item, dict):
            raise BadInputError(f"{spot}: expected {{concept_id}} or {{vocabulary_id, concept_code}}")
        _only(item, {"concept_id", "vocabulary_id", "concept_code", "include_descendants", "name"}, spot)
        descendants = item.get("include_descendants", True)
        if not isinstance(descendants, bool):
            raise BadInputError(f"{spot}: include_descendants must be true or false")
        if "concept_id" in item:
            refs.append(ConceptRef(concept_id=_int(item["concept_id"], spot), include_descendants=descendants))
        elif item.get("vocabulary_id") and item.get("concept_code") is not None:
            refs.append(
                ConceptRef(
                    vocabulary_id=str(item["vocabulary_id"]),
                    concept_code=str(item["concept_code"]),
                    include_descendants=descendants,
                )
            )
        else:
            raise BadInputError(f"{spot}: give concept_id, or vocabulary_id and concept_code")
    return tuple(refs)


def _window(raw: Any, where: str, default: Window) -> Window:
    if raw is None:
        return default
    if not isinstance(raw, dict):
        raise BadInputError(f"{where}: `window` must be a mapping with start and end (days from index)")
    _only(raw, {"start", "end"}, f"{where} window")
    start = _int(raw.get("start", default.start), f"{where} window.start")
    end = _int(raw.get("end", default.end), f"{where} window.end")
    if start > end:
        raise BadInputError(f"{where}: window start {start} is after end {end}")
    return Window(start, end)


def _entry(raw: Any, origin: str) -> Entry:
    where = f"{origin} entry"
    if not isinstance(raw, dict):
        raise BadInputError(f"{where}: `entry` is required (a diagnosis concept set)")
    _only(raw, {"kind", "concepts", "first_only", "line", "primary_only"}, where)
    kind = raw.get("kind", "condition")
    if kind not in ENTRY_KINDS:
        raise BadInputError(f"{where}: kind must be one of {', '.join(ENTRY_KINDS)}")
    first_only = raw.get("first_only", True)
    if not isinstance(first_only, bool):
        raise BadInputError(f"{where}: first_only must be true or false")
    primary_only = raw.get("primary_only", True)
    if not isinstance(primary_only, bool):
        raise BadInputError(f"{where}: primary_only must be true or false")
    if kind == "condition":
        return Entry(kind, _concepts(raw.get("concepts"), where), first_only, primary_only=primary_only)
    line = _int(raw.get("line", 1), f"{where} line", minimum=1)
    return Entry(kind, _concepts(raw.get("concepts"), where, required=False), first_only, line)


def _exit(raw: Any, origin: str) -> Exit:
    where = f"{origin} exit"
    if raw is None:
        return Exit()
    if isinstance(raw, str):
        raw = {"kind": raw}
    if not isinstance(raw, dict):
        raise BadInputError(f"{where}: expected a mapping such as {{kind: fixed, days: 365}}")
    _only(raw, {"kind", "days"}, where)
    kind = raw.get("kind", "observation_end")
    if kind not in EXIT_KINDS:
        raise BadInputError(f"{where}: kind must be one of {', '.join(EXIT_KINDS)}")
    if kind == "fixed":
        return Exit(kind, _int(raw.get("days"), f"{where} days", minimum=0))
    return Exit(kind)


CRITERION_KEYS = {
    "histology": {"morphology", "concepts"},
    "stage_group": {"values", "stage_type"},
    "t": {"values", "stage_type"},
    "n": {"values", "stage_type"},
    "m": {"values", "stage_type"},
    "biomarker": {"concepts", "status", "min", "max", "window"},
    "age": {"min", "max"},
    "sex": {"values"},
    "drug": {"concepts", "window"},
    "procedure": {"concepts", "window"},
    "condition": {"concepts", "window"},
    "line_of_therapy": {"line", "concepts", "window"},
    "death": {"window"},
}
DEFAULT_WINDOWS = {"condition": Window(FAR_PAST, -1), "death": Window(0, FAR_FUTURE)}


def _values(raw: Any, where: str, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
    if isinstance(raw, str | int):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise BadInputError(f"{where}: `values` must be a non-empty list")
    values = tuple(str(v).strip() for v in raw)
    for value in values:
        if pattern is not None and not pattern.match(value):
            raise BadInputError(f"{where}: {value!r} is not a valid value")
    return values


def _criterion(raw: Any, where: str) -> Criterion:
    if not isinstance(raw, dict):
        raise BadInputError(f"{where}: a criterion must be a mapping with `kind`")
    kind = raw.get("kind")
    if kind not in CRITERION_KINDS:
        raise BadInputError(f"{where}: kind must be one of {', '.join(CRITERION_KINDS)}, got {kind!r}")
    _only(raw, {"kind", "name", "exclude"} | CRITERION_KEYS[kind], where)
    exclude = raw.get("exclude", False)
    if not isinstance(exclude, bool):
        raise BadInputError(f"{where}: exclude must be true or false")
    name = str(raw.get("name") or "")
    window = _window(raw.get("window"), where, DEFAULT_WINDOWS.get(kind, Window()))
    common: dict[str, Any] = {"kind": kind, "exclude": exclude, "window": window}
    if kind == "histology":
        morphology = raw.get("morphology")
        values = _values(morphology, where, MORPHOLOGY) if morphology is not None else ()
        concepts = _concepts(raw.get("concepts"), where, required=False)
        if not values and not concepts:
            raise BadInputError(f"{where}: histology needs `morphology` codes (e.g. 8140/3) or `concepts`")
        return Criterion(
            name=name or f"histology {', '.join(values) or 'concept set'}", values=values, concepts=concepts, **common
        )
    if kind in ("stage_group", "t", "n", "m"):
        stage_type = raw.get("stage_type", "any")
        if stage_type not in ("any", "clinical", "pathological"):
            raise BadInputError(f"{where}: stage_type must be any, clinical or pathological")
        pattern = STAGE_VALUE if kind == "stage_group" else TNM_VALUE
        values = _values(raw.get("values"), where, pattern)
        if kind != "stage_group":
            wrong = [v for v in values if v[0].lower() != kind]
            if wrong:
                raise BadInputError(f"{where}: {wrong[0]!r} is not an {kind.upper()} category")
        label = "stage" if kind == "stage_group" else kind.upper()
        return Criterion(name=name or f"{label} {', '.join(values)}", values=values, stage_type=stage_type, **common)
    if kind == "biomarker":
        status = raw.get("status")
        if status is not None and status not in ("positive", "negative", "tested"):
            raise BadInputError(f"{where}: status must be positive, negative or tested")
        minimum, maximum = _number(raw.get("min"), where), _number(raw.get("max"), where)
        if status is None and minimum is None and maximum is None:
            status = "positive"
        concepts = _concepts(raw.get("concepts"), where)
        label = name or f"biomarker {status or 'value'} ({', '.join(c.describe() for c in concepts)})"
        return Criterion(name=label, concepts=concepts, status=status, minimum=minimum, maximum=maximum, **common)
    if kind == "age":
        minimum, maximum = _number(raw.get("min"), where), _number(raw.get("max"), where)
        if minimum is None and maximum is None:
            raise BadInputError(f"{where}: age needs min and/or max")
        label = (
            name
            or f"age {'' if minimum is None else f'>= {minimum:g}'}{' and ' if None not in (minimum, maximum) else ''}"
            + ("" if maximum is None else f"<= {maximum:g}")
        )
        return Criterion(name=label, minimum=minimum, maximum=maximum, **common)
    if kind == "sex":
        values = _values(raw.get("values"), where)
        for value in values:
            if value.lower() not in SEX_VALUES:
                raise BadInputError(f"{where}: sex must be male or female, got {value!r}")
        return Criterion(name=name or f"sex {', '.join(values)}", values=tuple(v.lower() for v in values), **common)
    if kind in ("drug", "procedure", "condition"):
        concepts = _concepts(raw.get("concepts"), where)
        verb = {"drug": "received", "procedure": "had", "condition": "prior"}[kind]
        label = name or f"{kind} {verb} {', '.join(c.describe() for c in concepts)} in [{window.start}, {window.end}] days"
        return Criterion(name=label, concepts=concepts, **common)
    if kind == "line_of_therapy":
        line = _int(raw.get("line", 1), f"{where} line", minimum=1)
        concepts = _concepts(raw.get("concepts"), where, required=False)
        label = name or f"line {line} regimen" + (f" with {', '.join(c.describe() for c in concepts)}" if concepts else "")
        return Criterion(name=label, line=line, concepts=concepts, **common)
    return Criterion(name=name or f"death in [{window.start}, {window.end}] days", **common)
