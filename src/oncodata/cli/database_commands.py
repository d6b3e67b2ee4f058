"""`oncodata init` and `oncodata status`: create or migrate the database, and report on it."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.handle import connect
from oncodata.lifecycle import InitResult, StatusReport


def init_command(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """Create every schema and table (or migrate an older database) and write the CDM_SOURCE row."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with connect(settings=context.settings) as handle:
        result = handle.init()
        display = handle.store.url.display
    context.emit(
        {
            "database": display,
            "schema_version_before": result.version_before,
            "schema_version": result.version_after,
            "migrations_applied": result.applied,
            "cdm_source_created": result.cdm_source_created,
            "changed": result.changed,
        },
        lambda console: _render_init(console, display, result),
    )


def _render_init(console: Console, display: str, result: InitResult) -> None:
    if not result.changed:
        console.print(f"{display}: already at schema version {result.version_after}; nothing to do")
        return
    for line in result.applied:
        console.print(f"applied migration {line}")
    if result.cdm_source_created:
        console.print("wrote the CDM_SOURCE row")
    console.print(f"{display}: schema version {result.version_before} -> {result.version_after}")


def status_command(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """Show the schema version and the row count of every CDM table."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with connect(settings=context.settings, must_exist=True) as handle:
        report = handle.status()
    context.emit(
        {
            "database": report.database,
            "engine": report.engine,
            "schema_version": report.schema_version,
            "latest_schema_version": report.latest_version,
            "up_to_date": report.up_to_date,
            "tables": report.row_counts,
        },
        lambda console: _render_status(console, report),
    )


def _render_status(console: Console, report: StatusReport) -> None:
    state = "up to date" if report.up_to_date else f"migration pending (latest {report.latest_version}); run `oncodata init`"
    console.print(f"[bold]{report.database}[/bold] ({report.engine}) schema version {report.schema_version}, {state}")
    table = Table("table", "rows", title="OMOP CDM v5.4 row counts")
    for name, count in report.row_counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
