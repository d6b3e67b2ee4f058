"""Save quality runs in results.dq_run / results.dq_result and read them back as history and trends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from oncodata.quality.runner import QualityRun
from oncodata.store.base import Store


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip().lstrip("-").isdigit() else None


def save_run(store: Store, run: QualityRun, *, checks_selected: str | None = None, run_by: str | None = None) -> None:
    """Write the run and all its results in one transaction."""
    results = run.results
    columns: dict[str, list[Any]] = {
        "run_id": [run.run_id] * len(results),
        "check_id": [r.check.check_id for r in results],
        "check_name": [r.check.name for r in results],
        "check_level": [r.check.level for r in results],
        "cdm_table_name": [r.check.table or None for r in results],
        "cdm_field_name": [r.check.field or None for r in results],
        "concept_id": [_int_or_none(r.check.concept_id) for r in results],
        "unit_concept_id": [_int_or_none(r.check.unit_concept_id) for r in results],
        "category": [r.check.category for r in results],
        "subcategory": [r.check.subcategory or None for r in results],
        "context": [r.check.context for r in results],
        "severity": [r.check.severity for r in results],
        "num_violated_rows": [r.num_violated for r in results],
        "num_denominator_rows": [r.num_denominator for r in results],
        "pct_violated_rows": [r.pct_violated for r in results],
        "threshold": [r.check.threshold for r in results],
        "failed": [r.failed for r in results],
        "not_applicable": [r.not_applicable for r in results],
        "not_applicable_reason": [r.not_applicable_reason for r in results],
        "is_error": [r.is_error for r in results],
        "error": [r.error for r in results],
        "seconds": [r.seconds for r in results],
    }
    types = {
        "concept_id": pa.int64(),
        "unit_concept_id": pa.int64(),
        "num_violated_rows": pa.int64(),
        "num_denominator_rows": pa.int64(),
    }
    table = pa.table({name: pa.array(values, type=types.get(name)) for name, values in columns.items()})
    with store.transaction():
        store.execute(
            "INSERT INTO results.dq_run (run_id, started_at, finished_at, engine, mode, cohort_definition_id, checks_selected, "
            "run_by, seconds, queries, checks_total, checks_passed, checks_failed, checks_fatal_failed, checks_not_applicable, "
            "checks_error) VALUES ($run_id, $started, $finished, $engine, $mode, $cohort, $selected, $run_by, $seconds, $queries, "
            "$total, $passed, $failed, $fatal, $na, $errors)",
            {
                "run_id": run.run_id,
                "started": run.started_at.replace(tzinfo=None),
                "finished": (run.finished_at or run.started_at).replace(tzinfo=None),
                "engine": run.engine,
                "mode": run.mode,
                "cohort": run.cohort_id,
                "selected": checks_selected,
                "run_by": run_by,
                "seconds": run.seconds,
                "queries": run.queries,
                "total": len(results),
                "passed": run.count("passed"),
                "failed": run.count("failed"),
                "fatal": len(run.fatal_failures),
                "na": run.count("not_applicable"),
                "errors": run.count("is_error"),
            },
        )
        if len(table):
            store.load_arrow("results.dq_result", table)


@dataclass(frozen=True)
class RunSummary:
    """One past run as `oncodata dq history` lists it."""

    run_id: str
    started_at: Any
    engine: str
    mode: str
    cohort_id: int | None
    seconds: float
    total: int
    passed: int
    failed: int
    fatal_failed: int
    not_applicable: int
    errors: int

    @property
    def pass_rate(self) -> float | None:
        """Passed over checks that were applicable and ran (not-applicable checks are not passes)."""
        evaluated = self.total - self.not_applicable - self.errors
        return self.passed / evaluated if evaluated else None


def run_history(store: Store, limit: int = 20) -> list[RunSummary]:
    """Most recent runs first."""
    rows = store.query(
        "SELECT run_id, started_at, engine, mode, cohort_definition_id, seconds, checks_total, checks_passed, checks_failed, "
        "checks_fatal_failed, checks_not_applicable, checks_error FROM results.dq_run ORDER BY started_at DESC, run_id DESC "
        f"LIMIT {int(limit)}"
    )
    return [RunSummary(*row) for row in rows]


@dataclass(frozen=True)
class CheckChange:
    """A check whose outcome or violation count changed between two runs."""

    check_id: str
    check_name: str
    table: str | None
    field: str | None
    severity: str
    before_failed: bool | None
    after_failed: bool
    before_violated: int | None
    after_violated: int


def changes_between(store: Store, before: str, after: str) -> list[CheckChange]:
    """Checks that newly fail, got fixed, or changed their violation count from run `before` to run `after`."""
    rows = store.query(
        "SELECT a.check_id, a.check_name, a.cdm_table_name, a.cdm_field_name, a.severity, b.failed, a.failed, "
        "b.num_violated_rows, a.num_violated_rows FROM results.dq_result a "
        "LEFT JOIN results.dq_result b ON b.check_id = a.check_id AND b.run_id = $before "
        "WHERE a.run_id = $after AND (b.check_id IS NULL OR b.failed <> a.failed OR b.num_violated_rows <> a.num_violated_rows) "
        "ORDER BY a.failed DESC, a.check_id",
        {"before": before, "after": after},
    )
    return [CheckChange(*row) for row in rows]
