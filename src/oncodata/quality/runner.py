"""Run checks inside the database: fused (one SELECT per scan, shared lookups computed once) or one query per check."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from oncodata.cdm.schema import cdm_table_map
from oncodata.quality.catalog import Check, load_checks
from oncodata.quality.sqlgen import (
    GroupedProbe,
    Probe,
    ProbeBuilder,
    fused_select,
    grouped_select,
    oncology_concept_references,
    schema_of,
    single_select,
)
from oncodata.store.base import Store, sql_literal

MODES = ("fused", "per-check")
# PostgreSQL allows 1,664 result columns; stay well below with two columns per probe.
MAX_PROBES_PER_SELECT = 400
GENDER_CONCEPTS = {"Male": 8507, "Female": 8532}
INTEGER_TYPES = frozenset({"integer", "bigint", "smallint", "int", "int4", "int8", "hugeint"})
SCHEMA_CHECKS = frozenset({"cdmTable", "cdmField", "cdmDatatype"})


@dataclass
class CheckResult:
    """The outcome of one check: counts, percentage, threshold decision, or why it did not apply."""

    check: Check
    num_violated: int = 0
    num_denominator: int = 0
    failed: bool = False
    not_applicable: bool = False
    not_applicable_reason: str | None = None
    is_error: bool = False
    error: str | None = None
    seconds: float = 0.0
    query: str = ""

    @property
    def pct_violated(self) -> float:
        return self.num_violated / self.num_denominator if self.num_denominator else 0.0

    @property
    def passed(self) -> bool:
        return not (self.failed or self.not_applicable or self.is_error)


@dataclass
class QualityRun:
    """One execution of the suite: its id, timing, mode and results."""

    run_id: str
    started_at: dt.datetime
    engine: str
    mode: str
    cohort_id: int | None
    results: list[CheckResult] = field(default_factory=list)
    finished_at: dt.datetime | None = None
    seconds: float = 0.0
    queries: int = 0

    def count(self, predicate: str) -> int:
        return sum(1 for r in self.results if getattr(r, predicate))

    @property
    def fatal_failures(self) -> list[CheckResult]:
        return [r for r in self.results if r.failed and r.check.severity == "fatal"]


def decide(result: CheckResult, numerator: object, denominator: object) -> CheckResult:
    """Fill counts; not applicable when nothing was there to check (never counted as a pass)."""
    result.num_violated = int(numerator or 0)
    result.num_denominator = int(denominator or 0)
    if result.num_denominator == 0:
        result.not_applicable = True
        result.not_applicable_reason = result.not_applicable_reason or "no rows to evaluate (denominator is zero)"
        result.failed = False
    else:
        result.failed = result.pct_violated * 100 > result.check.threshold
    return result


def _present_columns(store: Store) -> dict[str, dict[str, str]]:
    rows = store.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema IN ('cdm', 'vocab', 'results')"
    )
    columns: dict[str, dict[str, str]] = defaultdict(dict)
    for table, column, data_type in rows:
        columns[table.lower()][column.lower()] = data_type.lower()
    return columns


def _concept_ids(store: Store) -> dict[tuple[str, str], int]:
    references = sorted(oncology_concept_references())
    if not references:
        return {}
    vocabularies = ", ".join(sql_literal(v) for v in sorted({v for v, _ in references}))
    codes = ", ".join(sql_literal(c) for c in sorted({c for _, c in references}))
    rows = store.query(
        f"SELECT vocabulary_id, concept_code, concept_id FROM vocab.concept "
        f"WHERE vocabulary_id IN ({vocabularies}) AND concept_code IN ({codes})"
    )
    return {(v, c): int(i) for v, c, i in rows}


def _schema_result(check: Check, columns: dict[str, dict[str, str]]) -> CheckResult:
    result = CheckResult(check)
    present = columns.get(check.table, {})
    if check.name == "cdmTable":
        violated = 0 if present else 1
    elif check.name == "cdmField":
        violated = 0 if check.field in present else 1
    else:  # cdmDatatype: integer fields must be stored as integers
        violated = 0 if present.get(check.field, "integer") in INTEGER_TYPES else 1
    return decide(result, violated, 1)


def _missing_reason(check: Check, columns: dict[str, dict[str, str]]) -> str | None:
    """Why a check cannot run on this database (a missing table or column), or None."""
    if check.is_oncology:
        return None
    present = columns.get(check.table)
    if not present:
        return f"table {check.table} is missing"
    if check.field and check.field not in present:
        return f"field {check.table}.{check.field} is missing"
    if check.name == "isForeignKey":
        target = check.parameter.partition(".")[0]
        if target not in columns:
            return f"referenced table {target} is missing"
    return None


def _evaluate_grouped(probe: GroupedProbe, rows: Iterable[tuple[object, ...]]) -> tuple[int, int]:
    concepts = {int(c) for c in probe.check.concept_id.split(",")}
    numerator = denominator = 0
    if probe.check.name == "plausibleUnitConceptIds":
        allowed = {int(u) for u in probe.check.parameter.split(",") if u.strip()}
        for concept_id, unit, n in rows:
            if concept_id in concepts:
                denominator += int(n)
                unit_value = -1 if unit is None else int(unit)  # type: ignore[call-overload]
                if unit_value not in allowed:
                    numerator += int(n)
        return numerator, denominator
    expected = GENDER_CONCEPTS[probe.check.parameter]
    other = set(GENDER_CONCEPTS.values()) - {expected}
    for concept_id, gender, n in rows:
        if concept_id in concepts:
            denominator += int(n)
            if gender in other:
                numerator += int(n)
    return numerator, denominator


class Runner:
    """Executes probes on one store and records timing and query counts."""

    def __init__(self, store: Store, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode}")
        self.store = store
        self.mode = mode
        self.queries = 0

    def _query(self, sql: str) -> list[tuple[object, ...]]:
        self.queries += 1
        return self.store.query(sql)

    def run_probes(self, probes: list[Probe], results: dict[str, CheckResult]) -> None:
        by_scan: dict[str, list[Probe]] = defaultdict(list)
        for probe in probes:
            by_scan[probe.scan.key].append(probe)
        if self.mode != "fused":  # one query per check, every join inline: the DQD way, for the benchmark ratio
            for group in by_scan.values():
                for probe in group:
                    self._run_single(probe, results)
            return
        # Fused: a scan over an empty table has nothing to count (every check of it is not applicable), and a lookup
        # several scans join is computed once into a temporary table.
        empty = self._empty_tables({g[0].scan.table for g in by_scan.values() if g[0].scan.rows_of_table})
        groups = []
        for group in by_scan.values():
            if group[0].scan.rows_of_table and group[0].scan.table in empty:
                for probe in group:
                    decide(results[probe.check.check_id], 0, 0)
            else:
                groups.append(group)
        materialized = self._materialize_lookups(groups)
        try:
            for group in groups:
                for start in range(0, len(group), MAX_PROBES_PER_SELECT):
                    self._run_fused(group[start : start + MAX_PROBES_PER_SELECT], results, materialized)
        finally:
            for name in materialized.values():
                self.store.execute(f"DROP TABLE IF EXISTS {name}")

    def _empty_tables(self, tables: set[str]) -> set[str]:
        """Which of `tables` hold no row (one query; EXISTS stops at the first row)."""
        if not tables:
            return set()
        ordered = sorted(tables)
        probes = ", ".join(f"EXISTS (SELECT 1 FROM {schema_of(t)}.{t}) AS e{i}" for i, t in enumerate(ordered))
        row = self._query(f"SELECT {probes}")[0]
        return {table for table, present in zip(ordered, row, strict=True) if not present}

    def _materialize_lookups(self, groups: list[list[Probe]]) -> dict[str, str]:
        """Temporary tables for the lookups more than one scan joins; returns lookup SQL -> table name."""
        users: dict[str, set[str]] = defaultdict(set)
        for group in groups:
            for probe in group:
                for join in probe.joins:
                    if join.lookup:
                        users[join.source].add(probe.scan.key)
        token = uuid.uuid4().hex[:8]
        materialized: dict[str, str] = {}
        for number, lookup in enumerate(sorted(sql for sql, scans in users.items() if len(scans) > 1)):
            name = f"dq_lookup_{token}_{number}"
            try:
                self.store.execute(f"CREATE TEMPORARY TABLE {name} AS {lookup}")
            except Exception:  # a lookup that cannot be built stays inline; its checks report their own error
                self._rollback_if_needed()
                continue
            self.queries += 1
            materialized[lookup] = name
        return materialized

    def _run_fused(self, group: list[Probe], results: dict[str, CheckResult], materialized: dict[str, str]) -> None:
        sql = fused_select(group, materialized)
        began = time.perf_counter()
        try:
            row = self._query(sql)[0]
        except Exception:  # one broken check must not hide the others: rerun them one by one
            self._rollback_if_needed()
            for probe in group:
                self._run_single(probe, results)
            return
        share = (time.perf_counter() - began) / len(group)
        for index, probe in enumerate(group):
            result = results[probe.check.check_id]
            result.seconds, result.query = share, sql
            decide(result, row[2 * index], row[2 * index + 1])

    def _run_single(self, probe: Probe, results: dict[str, CheckResult]) -> None:
        sql = single_select(probe)
        result = results[probe.check.check_id]
        began = time.perf_counter()
        try:
            row = self._query(sql)[0]
        except Exception as error:
            self._rollback_if_needed()
            result.is_error, result.error = True, f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"
        else:
            decide(result, row[0], row[1])
        result.seconds, result.query = time.perf_counter() - began, sql

    def run_grouped(self, probes: list[GroupedProbe], results: dict[str, CheckResult]) -> None:
        by_group: dict[str, list[GroupedProbe]] = defaultdict(list)
        for probe in probes:
            by_group[probe.group_key].append(probe)
        for group in by_group.values():
            batches = [group] if self.mode == "fused" else [[p] for p in group]
            for batch in batches:
                sql = grouped_select(batch)
                began = time.perf_counter()
                try:
                    rows = self._query(sql)
                except Exception as error:
                    self._rollback_if_needed()
                    for probe in batch:
                        result = results[probe.check.check_id]
                        result.is_error, result.error = True, f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"
                    continue
                share = (time.perf_counter() - began) / len(batch)
                for probe in batch:
                    result = results[probe.check.check_id]
                    result.seconds, result.query = share, sql
                    decide(result, *_evaluate_grouped(probe, rows))

    def _rollback_if_needed(self) -> None:
        # PostgreSQL aborts the open transaction on an error; outside one (autocommit) nothing is left to undo.
        if self.store._transaction_depth:
            raise


def run_quality_checks(
    store: Store,
    checks: list[Check] | None = None,
    *,
    mode: str = "fused",
    cohort_id: int | None = None,
) -> QualityRun:
    """Run `checks` (default: the full suite) on `store` and return every result; nothing is written."""
    checks = load_checks() if checks is None else checks
    started = dt.datetime.now(dt.UTC)
    began = time.perf_counter()
    run = QualityRun(uuid.uuid4().hex[:16], started, store.engine, mode, cohort_id)
    columns = _present_columns(store)
    builder = ProbeBuilder(
        {t: set(c) for t, c in columns.items()},
        cohort_id,
        _concept_ids(store) if "concept" in columns else {},
        share_lookups=mode == "fused",
    )
    results: dict[str, CheckResult] = {}
    probes: list[Probe] = []
    grouped: list[GroupedProbe] = []
    for check in checks:
        if check.check_id in results:
            continue
        if check.name in SCHEMA_CHECKS:
            results[check.check_id] = _schema_result(check, columns)
            continue
        result = results[check.check_id] = CheckResult(check)
        reason = _missing_reason(check, columns)
        if reason is not None:
            result.not_applicable, result.not_applicable_reason = True, reason
        elif check.level == "CONCEPT":
            grouped.append(builder.concept_probe(check))
        elif check.is_oncology:
            probes.append(builder.oncology_probe(check))
        elif check.level == "TABLE" or check.name == "isPrimaryKey":
            probes.append(builder.table_probe(check))
        else:
            probes.append(builder.field_probe(check))
    runner = Runner(store, mode)
    runner.run_probes(probes, results)
    runner.run_grouped(grouped, results)
    run.results = list(results.values())
    run.queries = runner.queries
    run.seconds = time.perf_counter() - began
    run.finished_at = dt.datetime.now(dt.UTC)
    return run


def known_tables() -> set[str]:
    return set(cdm_table_map())
