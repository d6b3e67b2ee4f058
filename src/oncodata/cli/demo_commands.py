"""`oncodata demo`: the lung cancer case study end to end on a fresh DuckDB file, with a self-contained report."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.demo.pipeline import run_demo
from oncodata.demo.report import key_figures, render_html
from oncodata.errors import UsageError


def demo_command(
    ctx: typer.Context,
    patients: Annotated[int, typer.Option("--patients", "-n", min=50, help="Synthetic patients to generate.")] = 2000,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the sources, database and report (recreated).")] = Path(
        "demo-report"
    ),
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the synthetic hospital.")] = 42,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Synthesize a lung cancer service, ingest, build, check and analyse it; write OUT/index.html.

    The demo works on its own new database in OUT; the person running it is that database's first admin.
    """
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    if out.resolve() == Path.cwd().resolve():
        raise UsageError("--out must be a dedicated folder: the demo deletes and recreates it")
    console = Console(stderr=True)
    began = time.perf_counter()
    show = not context.quiet and not context.json_output
    result = run_demo(
        out,
        patients=patients,
        seed=seed,
        progress=(lambda step: console.print(f"[bold]{step}[/bold] ({time.perf_counter() - began:.0f} s)")) if show else None,
    )
    report = out / "index.html"
    report.write_text(render_html(result), encoding="utf-8")
    total = time.perf_counter() - began
    figures = key_figures(result)
    payload = {"report": str(report), "database": str(result.database), "seconds": round(total, 1), "steps": result.seconds,
               "figures": dict(figures)}  # fmt: skip

    def render(terminal: Console) -> None:
        terminal.print(f"\n[bold]OncoData lung cancer case study[/bold] — {patients:,} patients in {total:.0f} s")
        for label, value in figures:
            terminal.print(f"  {label:<24} {value}")
        terminal.print(f"report: {report}")

    context.emit(payload, render)
    if result.quality and result.quality.fatal_failures:
        sys.exit(1)
