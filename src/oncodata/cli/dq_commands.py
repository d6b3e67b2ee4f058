"""`oncodata dq` runs the data quality suite and saves it; `oncodata dq history` shows trends across runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.table import Table

from oncodata.cli.context import QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import BadInputError, ExitCode
from oncodata.quality.catalog import load_checks
from oncodata.quality.report import cdm_source_metadata, dqd_document, html_report
from oncodata.quality.results import changes_between, run_history, save_run
from oncodata.quality.runner import MODES, run_quality_checks

dq_app = typer.Typer(help="Data quality: every DQD check type plus oncology checks, with history.", invoke_without_command=True)


def _write(path: Path, data: bytes) -> None:
    if str(path) == "-":
        sys.stdout.buffer.write(data + b"\n")
        return
    try:
        path.write_bytes(data)
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror}") from error


@dq_app.callback()
def dq_command(
    ctx: typer.Context,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Write the results in DQD JSON format to FILE ('-' for stdout).")
    ] = None,
    html_file: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report to FILE.")] = None,
    cohort: Annotated[
        int | None, typer.Option("--cohort", help="Restrict person-level checks to this results.cohort id.")
    ] = None,
    checks: Annotated[str | None, typer.Option("--checks", help="Comma-separated check names (globs allowed).")] = None,
    thresholds: Annotated[Path | None, typer.Option("--thresholds", help="TOML file of [[override]] thresholds.")] = None,
    mode: Annotated[str, typer.Option("--mode", help="fused (default) or per-check (one query per check).")] = "fused",
    quiet: QuietOption = False,
) -> None:
    """Run the checks, save the run, report; exit code 1 when a fatal check fails."""
    if ctx.invoked_subcommand is not None:
        return
    context = cli_context(ctx, quiet=quiet)
    if mode not in MODES:
        raise BadInputError(f"--mode must be one of {', '.join(MODES)}")
    names = [n.strip() for n in checks.split(",") if n.strip()] if checks else None
    selected = load_checks(names, thresholds=thresholds)
    params = {"checks": checks, "cohort": cohort, "mode": mode}
    with command_session(ctx, "dq", params) as session:
        store = session.handle.store
        if cohort is not None and not store.scalar(
            "SELECT count(*) FROM results.cohort WHERE cohort_definition_id = $id", {"id": cohort}
        ):
            raise BadInputError(f"--cohort {cohort}: results.cohort has no subjects for this cohort id")
        run = run_quality_checks(store, selected, mode=mode, cohort_id=cohort)
        previous = run_history(store, limit=1)
        save_run(store, run, checks_selected=checks, run_by=session.user.name)
        changes = changes_between(store, previous[0].run_id, run.run_id) if previous else None
        metadata = cdm_source_metadata(store)
        session.rows_touched = len(run.results)
        session.audit_detail = f"run {run.run_id}"
    if json_file is not None:
        _write(json_file, orjson.dumps(dqd_document(run, metadata), option=orjson.OPT_INDENT_2))
    if html_file is not None:
        _write(html_file, html_report(run, metadata, changes).encode("utf-8"))
    fatal = run.fatal_failures
    summary = {
        "run_id": run.run_id,
        "checks": len(run.results),
        "passed": run.count("passed"),
        "failed": run.count("failed"),
        "fatal_failed": len(fatal),
        "not_applicable": run.count("not_applicable"),
        "errors": run.count("is_error"),
        "seconds": round(run.seconds, 3),
        "queries": run.queries,
        "failed_checks": [
            {
                "checkId": r.check.check_id,
                "severity": r.check.severity,
                "numViolatedRows": r.num_violated,
                "pctViolatedRows": r.pct_violated,
            }
            for r in run.results
            if r.failed or r.is_error
        ],
    }

    def render(console: object) -> None:
        print_ = console.print  # type: ignore[attr-defined]
        print_(
            f"run {run.run_id}: {summary['checks']} checks in {run.seconds:.1f} s ({run.queries} queries) — "
            f"{summary['passed']} passed, {summary['failed']} failed ({len(fatal)} fatal), "
            f"{summary['not_applicable']} not applicable, {summary['errors']} errors"
        )
        failed = sorted(
            (r for r in run.results if r.failed or r.is_error), key=lambda r: (r.check.severity != "fatal", -r.pct_violated)
        )
        if failed:
            table = Table("severity", "check", "where", "violated", "of", "%", "threshold")
            for r in failed[:40]:
                where = ".".join(p for p in (r.check.table, r.check.field) if p) + (
                    f" [{r.check.concept_id}]" if r.check.concept_id else ""
                )
                table.add_row(
                    r.check.severity,
                    r.check.name,
                    where,
                    f"{r.num_violated:,}",
                    f"{r.num_denominator:,}",
                    f"{100 * r.pct_violated:.2f}",
                    f"{r.check.threshold:g}",
                )
            print_(table)
            if len(failed) > 40:
                print_(f"… and {len(failed) - 40} more (see --html or --json)")

    if json_file is None or str(json_file) != "-":
        context.emit(summary, render)
    if fatal:
        raise typer.Exit(int(ExitCode.FAILED_CHECKS))


@dq_app.command("history")
def dq_history(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="How many recent runs to show.")] = 10,
    json_output: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Recent runs with their pass rates, and what changed between the last two."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "dq history", {"limit": limit}) as session:
        runs = run_history(session.handle.store, limit=limit)
        changes = changes_between(session.handle.store, runs[1].run_id, runs[0].run_id) if len(runs) > 1 else []
    payload = {
        "runs": [
            {
                "run_id": r.run_id,
                "started_at": r.started_at.isoformat(),
                "engine": r.engine,
                "mode": r.mode,
                "cohort_definition_id": r.cohort_id,
                "seconds": r.seconds,
                "checks": r.total,
                "passed": r.passed,
                "failed": r.failed,
                "fatal_failed": r.fatal_failed,
                "not_applicable": r.not_applicable,
                "errors": r.errors,
                "pass_rate": r.pass_rate,
            }
            for r in runs
        ],
        "changes_since_previous": [
            {
                "checkId": c.check_id,
                "severity": c.severity,
                "failed_before": c.before_failed,
                "failed_now": c.after_failed,
                "violated_before": c.before_violated,
                "violated_now": c.after_violated,
            }
            for c in changes
        ],
    }

    def render(console: object) -> None:
        print_ = console.print  # type: ignore[attr-defined]
        if not runs:
            print_("no data quality run yet; run `oncodata dq`")
            return
        table = Table("run", "when", "checks", "passed", "failed", "fatal", "n/a", "pass rate", "trend")
        for index, r in enumerate(runs):
            older = runs[index + 1] if index + 1 < len(runs) else None
            trend = ""
            if older is not None:
                delta = r.failed - older.failed
                trend = "better" if delta < 0 else "worse" if delta > 0 else "same"
            rate = "-" if r.pass_rate is None else f"{100 * r.pass_rate:.1f}%"
            table.add_row(
                r.run_id,
                f"{r.started_at:%Y-%m-%d %H:%M}",
                str(r.total),
                str(r.passed),
                str(r.failed),
                str(r.fatal_failed),
                str(r.not_applicable),
                rate,
                trend,
            )
        print_(table)
        if changes:
            fixed = sum(1 for c in changes if c.before_failed and not c.after_failed)
            broke = sum(1 for c in changes if c.after_failed and not c.before_failed)
            print_(f"since the previous run: {broke} newly failing, {fixed} fixed, {len(changes) - fixed - broke} changed counts")
            for c in changes[:20]:
                before = "-" if c.before_violated is None else f"{c.before_violated:,}"
                print_(f"  {c.check_id}: {before} → {c.after_violated:,} violated ({'failed' if c.after_failed else 'ok'})")

    context.emit(payload, render)
