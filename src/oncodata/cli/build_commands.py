"""`oncodata build`: map, structure and write the oncology CDM from staging (all of it, or one batch's persons)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from oncodata.build.pipeline import BuildReport, build_cdm
from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import UsageError


def build_command(
    ctx: typer.Context,
    batch: Annotated[str | None, typer.Option("--batch", help="Rebuild only the persons this batch touched.")] = None,
    all_batches: Annotated[bool, typer.Option("--all", help="Build from every staged batch (the default).")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Reproduce the whole CDM from staging.")] = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Build the CDM: every domain, cancer modifiers, disease and treatment episodes, eras and lineage."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    if batch and (all_batches or rebuild):
        raise UsageError("--batch rebuilds one batch's persons; it cannot be combined with --all or --rebuild")
    show = sys.stderr.isatty() and not context.quiet and not context.json_output
    err = Console(stderr=True)
    with command_session(ctx, "build", {"batch": batch, "all": all_batches, "rebuild": rebuild}) as session:
        report = build_cdm(
            session.handle.store,
            batch_id=batch,
            rebuild=rebuild or all_batches or batch is None,
            progress=(lambda stage: err.print(f"[dim]{stage}…[/dim]")) if show else None,
        )
        session.rows_touched = report.persons
        session.audit_detail = f"{report.mode} build of {report.persons} persons"
    context.emit(report.as_json(), lambda console: _render(console, report))


def _render(console: Console, report: BuildReport) -> None:
    console.print(f"[bold]{report.mode} build[/bold] of {report.persons:,} persons in {sum(report.stage_seconds.values()):.1f} s")
    table = Table("stage", "seconds")
    for stage, seconds in report.stage_seconds.items():
        table.add_row(stage, f"{seconds:.2f}")
    console.print(table)
    counts = Table("CDM table", "rows")
    for name, rows in report.counts.items():
        if name.startswith("cdm."):
            counts.add_row(name, f"{rows:,}")
    console.print(counts)
