"""`oncodata ingest` and `oncodata batches`: stage hospital extracts or FHIR, and list batches with reconciliation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.sources.batch import BatchReport
from oncodata.sources.ingest import ingest, list_batches


def ingest_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A folder of extracts/bundles, or one file.")],
    source_format: Annotated[
        str, typer.Option("--format", help="hospital (extracts + mapping) or fhir (bundles, NDJSON).")
    ] = "hospital",
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Mapping YAML for hospital extracts (default: the shipped one).")
    ] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read, de-identify and stage source data as one batch; every record is staged, quarantined or skipped."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    show_progress = sys.stderr.isatty() and not context.quiet and not context.json_output
    with command_session(ctx, "ingest", {"path": str(path), "format": source_format, "mapping": str(mapping)}) as session:
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,} records"),
                      TimeElapsedColumn(), console=Console(stderr=True), disable=not show_progress) as progress:  # fmt: skip
            tasks: dict[str, int] = {}

            def advance(file_name: str, records: int) -> None:
                if file_name not in tasks:
                    tasks[file_name] = progress.add_task(file_name, total=None)
                progress.advance(tasks[file_name], records)

            report = ingest(
                session.handle.store,
                context.settings,
                path,
                source_format,
                mapping_file=mapping,
                user=session.user.name,
                progress=advance,
            )
        session.rows_touched = report.total("staged")
        session.audit_detail = f"batch {report.batch_id}" if report.files else "nothing new"
    context.emit(report.as_json(), lambda console: _render_report(console, report))
    if report.total("quarantined"):
        raise typer.Exit(1)  # partial success: some records are in quarantine


def _render_report(console: Console, report: BatchReport) -> None:
    if not report.files:
        console.print(f"nothing new: {len(report.unchanged_files)} file(s) were already ingested")
    else:
        table = Table("file", "read", "staged", "quarantined", "skipped", "encoding", title=f"batch {report.batch_id}")
        for f in report.files:
            table.add_row(f.source_file, f"{f.read:,}", f"{f.staged:,}", f"{f.quarantined:,}", f"{f.skipped:,}", f.encoding or "")
        table.add_row("[bold]total", *(f"[bold]{report.total(a):,}" for a in ("read", "staged", "quarantined", "skipped")), "")
        console.print(table)
        for reason, count in sorted(report.skipped_by_reason.items(), key=lambda item: -item[1]):
            console.print(f"  skipped {count:,}: {reason}")
        if report.total("quarantined"):
            console.print("[yellow]some records were quarantined: see admin.quarantine (batch, file, row, field, reason)")
    for warning in report.warnings + [f"{f.source_file}: {w}" for f in report.files for w in f.warnings]:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    if report.unchanged_files and report.files:
        console.print(f"{len(report.unchanged_files)} unchanged file(s) skipped")


def batches_command(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """List load batches with their reconciliation (read = staged + quarantined + skipped)."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "batches", {}) as session:
        batches = list_batches(session.handle.store)
        session.rows_touched = len(batches)

    def render(console: Console) -> None:
        table = Table("batch", "kind", "finished", "by", "read", "staged", "quarantined", "skipped", "reconciles")
        for b in batches:
            table.add_row(
                str(b["batch_id"]), str(b["source_kind"]), str(b["finished_at"]), str(b["started_by"] or ""),
                *(f"{b[k]:,}" for k in ("read", "staged", "quarantined", "skipped")), "yes" if b["reconciles"] else "[red]NO",
            )  # fmt: skip
        console.print(table)

    context.emit({"batches": batches}, render)
