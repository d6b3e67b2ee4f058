"""`oncodata profile`: scan source extracts and write a WhiteRabbit-style profile report (HTML or JSON)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import BadInputError, UsageError
from oncodata.sources.mapping import load_mapping
from oncodata.sources.profile import load_profile_rules, profile_path, render_profile_html

REPORT_SUFFIXES = (".html", ".htm", ".json")


def profile_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A folder of extracts (CSV/TSV/TXT/.xlsx), or one file.")],
    out: Annotated[Path | None, typer.Option("--out", help="Write the report here: report.html or report.json.")] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Mapping YAML whose identifying roles apply (default: the shipped one).")
    ] = None,
    min_count: Annotated[
        int | None, typer.Option("--min-count", min=1, help="List only values seen at least this often (default 5).")
    ] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Profile source extracts per file/sheet and column; identifying columns never show values."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    if out is not None and out.suffix.lower() not in REPORT_SUFFIXES:
        raise UsageError(f"--out {out.name}: the report is .html or .json")
    params = {"path": str(path), "out": str(out), "mapping": str(mapping), "min_count": min_count}
    show_progress = sys.stderr.isatty() and not context.quiet and not context.json_output
    with command_session(ctx, "profile", params) as session:
        spec = load_mapping(mapping)
        rules = load_profile_rules().with_overrides(min_cell_count=min_count)
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,} rows"),
                      TimeElapsedColumn(), console=Console(stderr=True), disable=not show_progress) as progress:  # fmt: skip
            tasks: dict[str, Any] = {}

            def advance(label: str, rows: int) -> None:
                if label not in tasks:
                    tasks[label] = progress.add_task(label, total=None)
                progress.advance(tasks[label], rows)

            report = profile_path(
                path, spec, mapping_origin=str(mapping) if mapping else "default", rules=rules, progress=advance
            )
        if report["files"] and report["errors"] == len(report["files"]):
            raise BadInputError(report["files"][0]["error"])
        if out is not None:
            _write_report(out, report)
        session.rows_touched = sum(int(f.get("rows") or 0) for f in report["files"])
        session.audit_detail = f"{len(report['files'])} file(s)/sheet(s) profiled"
    summary = _summary(report, out)
    context.emit(report if out is None else summary, lambda console: _render(console, report, out))
    if report["errors"]:
        raise typer.Exit(1)  # partial: some files could not be profiled


def _write_report(out: Path, report: dict[str, Any]) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".json":
            out.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
        else:
            out.write_text(render_profile_html(report), encoding="utf-8")
    except OSError as error:
        raise BadInputError(f"--out {out}: cannot write the report ({error.strerror})") from error


def _summary(report: dict[str, Any], out: Path | None) -> dict[str, Any]:
    return {
        "out": str(out) if out else None,
        "files": [
            {
                "file": f["file"],
                "sheet": f.get("sheet"),
                "rows": f.get("rows"),
                "columns": len(f.get("columns") or []),
                "identifying_columns": len(f.get("identifying_columns") or []),
                "error": f.get("error"),
            }
            for f in report["files"]
        ],
        "errors": report["errors"],
    }


def _render(console: Console, report: dict[str, Any], out: Path | None) -> None:
    table = Table("file", "sheet", "encoding", "rows", "columns", "identifying", "warnings", title=f"profile of {report['path']}")
    for f in report["files"]:
        if f.get("error"):
            table.add_row(f["file"], "", "", "", "", "", f"[red]{f['error']}")
            continue
        table.add_row(
            f["file"], f["sheet"] or "", f["encoding"] or "", f"{f['rows']:,}", str(len(f["columns"])),
            str(len(f["identifying_columns"])), "; ".join(f["warnings"]),
        )  # fmt: skip
    console.print(table)
    if out is not None:
        console.print(f"report written to {out}")
    else:
        console.print("use --out report.html (or .json) for the per-column report")
