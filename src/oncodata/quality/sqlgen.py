"""Turn checks into probes (a numerator and a denominator over a scan) from the SQL templates in data/.

A scan is one FROM clause over one table or source; probes that share a scan are fused into one SELECT, and each
probe can also run alone (one query per check) with only the joins it needs, for the benchmark ratio. Joins to a
lookup subquery (a person's birth date, a visit's dates, the keys of a referenced table) are rendered inline, or
against a temporary table when a fused run has computed that lookup once for all the scans that use it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from oncodata.cdm.ddl import quote_column
from oncodata.cdm.schema import cdm_table_map
from oncodata.quality.catalog import Check, oncology_definition, read_toml
from oncodata.store.base import sql_literal

_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)(?::([^{}]+))?\}")
PERSON_COMPLETENESS_SCAN = "person_completeness"


@dataclass(frozen=True)
class Scan:
    """One FROM source aliased `t` plus its filter; probes with the same key are evaluated together."""

    key: str
    table: str
    source: str
    where: str = ""
    rows_of_table: bool = False  # the scan reads only `table`'s rows: nothing to count when that table is empty


@dataclass(frozen=True)
class Join:
    """A LEFT JOIN of the scan `t`: to a table, or (`lookup`) to a subquery several scans may share."""

    alias: str
    source: str  # a table name, or the lookup's SELECT
    on: str
    lookup: bool = False

    def clause(self, materialized: Mapping[str, str] | None = None) -> str:
        """The JOIN clause; a lookup computed beforehand is read from its temporary table in `materialized`."""
        if not self.lookup:
            return f"LEFT JOIN {self.source} {self.alias} ON {self.on}"
        source = (materialized or {}).get(self.source) or f"({self.source})"
        return f"LEFT JOIN {source} {self.alias} ON {self.on}"


@dataclass(frozen=True)
class Probe:
    """One check as SQL aggregates over a scan, with the joins it needs."""

    check: Check
    scan: Scan
    joins: tuple[Join, ...]
    numerator: str
    denominator: str


@dataclass(frozen=True)
class GroupedProbe:
    """A concept-level check: counts grouped by concept (and gender or unit), evaluated in Python."""

    check: Check
    group_key: str
    template: str
    template_values: tuple[tuple[str, str], ...]


def substitute(template: str, values: Mapping[str, Any], resolve: Callable[[str, str], str] | None = None) -> str:
    """Fill `{name}` from `values` and `{kind:argument}` through `resolve(kind, argument)`."""

    def replace(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        if argument is not None:
            if resolve is None:
                raise KeyError(f"no resolver for {{{name}:{argument}}}")
            return resolve(name, argument)
        return str(values[name])

    return _PLACEHOLDER.sub(replace, template)


def count_where(condition: str) -> str:
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    return read_toml("dqd_sql.toml")


def _values_table(file_name: str, alias: str) -> str:
    with resources.files("oncodata.quality").joinpath("data", file_name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    values = ", ".join("(" + ", ".join(sql_literal(cell) for cell in row) + ")" for row in body)
    return f"(VALUES {values}) AS {alias}({', '.join(header)})"


@lru_cache(maxsize=1)
def value_tables() -> dict[str, str]:
    """VALUES tables the oncology templates may name, built from the CSV files beside them."""
    return {
        "ajcc8_lung_stage": _values_table("ajcc8_lung_stage.csv", "a"),
        "morphology_sites": _values_table("morphology_sites.csv", "s"),
    }


def schema_of(table: str) -> str:
    return cdm_table_map()[table].schema


def cohort_filter(cohort_id: int | None, column: str = "t.person_id") -> str:
    if cohort_id is None:
        return ""
    return f"{column} IN (SELECT subject_id FROM results.cohort WHERE cohort_definition_id = {int(cohort_id)})"


def _where(*conditions: str) -> str:
    present = [c for c in conditions if c]
    return "WHERE " + " AND ".join(present) if present else ""


def _typed_literal(value: str, datatype: str) -> str:
    if value == "tomorrow":
        return "current_date + INTERVAL 1 DAY"
    if value == "next_year":
        return "extract(year FROM current_date) + 1"
    if datatype in ("date", "datetime") and re.fullmatch(r"\d{8}", value):
        iso = f"{value[:4]}-{value[4:6]}-{value[6:]}"
        return f"DATE '{iso}'" if datatype == "date" else f"TIMESTAMP '{iso} 00:00:00'"
    float(value)  # numbers only beyond this point: the value goes into SQL
    return value


class ProbeBuilder:
    """Builds the probes of a run for one database (its present columns decide which checks can run)."""

    def __init__(
        self,
        columns: Mapping[str, set[str]],
        cohort_id: int | None,
        concept_ids: Mapping[tuple[str, str], int],
        *,
        share_lookups: bool = False,
    ) -> None:
        self.columns = columns
        self.cohort_id = cohort_id
        self.concept_ids = concept_ids
        # Fused runs let a foreign key to person/visit use the lookup the plausibility checks join anyway; one query
        # per check keeps DQD's own key set (SELECT DISTINCT key), so neither mode pays for the other's shape.
        self.share_lookups = share_lookups
        self.join_templates = templates()["joins"]

    # -- helpers ------------------------------------------------------------------------------------------
    def has_person(self, table: str) -> bool:
        return "person_id" in self.columns.get(table, set())

    def table_scan(self, table: str) -> Scan:
        where = _where(cohort_filter(self.cohort_id)) if self.has_person(table) else ""
        return Scan(f"table_{table}", table, f"{schema_of(table)}.{table} t", where, rows_of_table=True)

    def _join(self, kind: str, **values: str) -> Join:
        template = self.join_templates[kind]
        alias, on = substitute(template["alias"], values), substitute(template["on"], values)
        if "table" in template:
            return Join(alias, template["table"], on)
        return Join(alias, substitute(" ".join(template["lookup"].split()), values), on, lookup=True)

    def resolve_concept(self, kind: str, argument: str) -> str:
        if kind != "concept":
            raise KeyError(kind)
        vocabulary, _, code = argument.partition(":")
        return str(self.concept_ids.get((vocabulary, code), -1))

    # -- DQD field level ----------------------------------------------------------------------------------
    def field_probe(self, check: Check) -> Probe:
        template = templates()["field"][check.name]
        table, name = check.table, check.field
        field = quote_column(name)
        values: dict[str, str] = {"field": field, "parameter": check.parameter}
        joins: list[Join] = []
        for kind in template.get("joins", []):
            if kind == "target":
                target_table, _, target_field = check.parameter.partition(".")
                shared = self.join_templates["foreign_key_lookups"].get(check.parameter) if self.share_lookups else None
                if target_table == "concept":
                    joins.append(self._join("concept", field=name))
                    values.update(target=f"c_{name}", target_key="concept_id")
                elif shared and name == target_field:  # e.g. person_id -> person.person_id: the person lookup
                    join = self._join(shared)
                    joins.append(join)
                    values.update(target=join.alias, target_key=target_field)
                else:
                    joins.append(
                        self._join(
                            "reference",
                            field=name,
                            fk_field=target_field,
                            fk_schema=schema_of(target_table),
                            fk_table=target_table,
                        )
                    )
                    values.update(target=f"r_{name}", target_key="key")
            elif kind == "concept":
                joins.append(self._join("concept", field=name))
            elif kind == "other":
                other_table, _, other_field = check.parameter.partition(".")
                if other_table == "person" and table != "person":
                    joins.append(self._join("person"))
                    values["other"] = "p.birth_date"
                else:
                    values["other"] = f"t.{quote_column(other_field)}"
            else:
                joins.append(self._join(kind))
        datatype = cdm_table_map()[table].field(name).spec_datatype
        if check.name == "plausibleValueLow":
            values["low"] = _typed_literal(check.parameter, datatype)
        if check.name == "plausibleValueHigh":
            values["high"] = _typed_literal(check.parameter, datatype)
        applies = substitute(template["applies"], values) if "applies" in template else ""
        narrowed = template.get("applies_for", {}).get(f"{table}.{name}")
        if narrowed:
            applies = f"({applies}) AND ({narrowed})" if applies else narrowed
        violated = substitute(template["violated"], values) if "violated" in template else ""
        if "numerator" in template:
            numerator = substitute(template["numerator"], values)
        else:
            numerator = count_where(f"({applies}) AND ({violated})" if applies else f"({violated})")
        if "denominator" in template:
            denominator = substitute(template["denominator"], values)
        else:
            denominator = count_where(applies) if applies else "count(*)"
        return Probe(check, self.table_scan(table), tuple(joins), numerator, denominator)

    # -- DQD table level ----------------------------------------------------------------------------------
    def table_probe(self, check: Check) -> Probe:
        template = templates()["table"][check.name]
        table = check.table
        if check.name == "isPrimaryKey":
            values = {"field": quote_column(check.field), "schema": schema_of(table), "table": table}
            source = "(" + " ".join(substitute(template["source"], values).split()) + ") t"
            scan = Scan(f"pk_{table}_{check.field}", table, source, rows_of_table=True)
            return Probe(check, scan, (), template["numerator"], template["denominator"])
        if check.name == "measureObservationPeriodOverlap":
            source = "(" + " ".join(template["source"].split()) + ") t"
            scan = Scan("observation_period_overlap", table, source, _where(cohort_filter(self.cohort_id)), rows_of_table=True)
            return Probe(check, scan, (), template["numerator"], template["denominator"])
        # person-level completeness: one scan over PERSON joined to the persons present in each table
        values = {"schema": schema_of(table), "table": table}
        joins = tuple(
            Join(substitute(alias, values), substitute(lookup, values), substitute(on, values), lookup=True)
            for alias, lookup, on in template["lookups"]
        )
        scan = Scan(PERSON_COMPLETENESS_SCAN, "person", "cdm.person t", _where(cohort_filter(self.cohort_id)), rows_of_table=True)
        violated = substitute(template["violated"], values)
        applies = substitute(template["applies"], values) if "applies" in template else ""
        numerator = count_where(f"({applies}) AND ({violated})" if applies else violated)
        denominator = count_where(applies) if applies else "count(*)"
        return Probe(check, scan, joins, numerator, denominator)

    # -- DQD concept level --------------------------------------------------------------------------------
    def concept_probe(self, check: Check) -> GroupedProbe:
        template = " ".join(templates()["concept"][check.name]["source"].split())
        table = check.table
        cohort = cohort_filter(self.cohort_id)
        values = (
            ("field", quote_column(check.field)),
            ("schema", schema_of(table)),
            ("table", table),
            ("join_person", self._join("person").clause()),
            ("cohort", f" AND {cohort}" if cohort else ""),
        )
        return GroupedProbe(check, f"{check.name}_{table}_{check.field}", template, values)

    # -- oncology -----------------------------------------------------------------------------------------
    def oncology_probe(self, check: Check) -> Probe:
        source = oncology_definition()["sources"][check.source]
        values: dict[str, Any] = {**value_tables(), **{f"param_{k}": v for k, v in check.parameters.items()}}

        def resolve(kind: str, argument: str) -> str:
            if kind == "param":
                return str(check.parameters[argument])
            return self.resolve_concept(kind, argument)

        sql = " ".join(substitute(source["sql"], values, resolve).split())
        scan = Scan(f"oncology_{check.source}", check.table, f"({sql}) t", _where(cohort_filter(self.cohort_id)))
        violated = substitute(check.violated, values, resolve)
        applies = substitute(check.applies, values, resolve) if check.applies else ""
        numerator = count_where(f"({applies}) AND ({violated})" if applies else f"({violated})")
        denominator = count_where(applies) if applies else "count(*)"
        return Probe(check, scan, (), numerator, denominator)


def oncology_concept_references() -> set[tuple[str, str]]:
    """Every (vocabulary_id, concept_code) the oncology templates name."""
    definition = oncology_definition()
    texts = [source["sql"] for source in definition["sources"].values()]
    for entry in definition["check"]:
        texts += [entry.get("applies", ""), entry["violated"]]
        if entry.get("concept"):
            texts.append("{concept:" + entry["concept"] + "}")
    references = set()
    for text in texts:
        for match in _PLACEHOLDER.finditer(text):
            if match.group(1) == "concept" and match.group(2):
                vocabulary, _, code = match.group(2).partition(":")
                references.add((vocabulary, code))
    return references


def fused_select(probes: list[Probe], materialized: Mapping[str, str] | None = None) -> str:
    """One SELECT computing every probe's numerator and denominator over their shared scan (each join once)."""
    scan = probes[0].scan
    joins: dict[str, str] = {}
    for probe in probes:
        for join in probe.joins:
            joins.setdefault(join.alias, join.clause(materialized))
    columns = ", ".join(f"{p.numerator} AS n{i}, {p.denominator} AS d{i}" for i, p in enumerate(probes))
    return " ".join(part for part in (f"SELECT {columns} FROM {scan.source}", *joins.values(), scan.where) if part)


def single_select(probe: Probe) -> str:
    """The probe alone, every join inline: what one query per check costs."""
    return fused_select([probe])


def grouped_select(probes: list[GroupedProbe]) -> str:
    """One grouped query covering the concepts of every probe (all share table, field and check type)."""
    concepts = sorted({int(c) for p in probes for c in p.check.concept_id.split(",")})
    values = dict(probes[0].template_values)
    values["concepts"] = ", ".join(str(c) for c in concepts)
    return substitute(probes[0].template, values)
