"""`oncodata synth`: write a synthetic tertiary hospital's lung cancer source extracts plus their ground truth."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.synth import SynthOptions, SynthSummary, generate_hospital


def synth_command(
    ctx: typer.Context,
    patients: Annotated[int, typer.Option("--patients", "-n", help="Number of patients to generate.")] = 1000,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created if missing).")] = Path("synth_out"),
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives the same bytes.")] = 42,
    locale: Annotated[str, typer.Option("--locale", help="zh (Chinese headers, mostly Chinese reports) or en.")] = "zh",
    dirty: Annotated[float, typer.Option("--dirty", help="Share of rows given one defect (0-0.5), listed in truth.")] = 0.0,
    start_year: Annotated[int, typer.Option("--start-year", help="First diagnosis year.")] = 2016,
    end_year: Annotated[int, typer.Option("--end-year", help="Last diagnosis year; follow-up ends on 31 Dec of it.")] = 2024,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Generate source extracts (HIS, EMR, LIS, RIS, pathology, pharmacy, surgery, radiotherapy, follow-up) and truth/."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    options = SynthOptions(
        patients=patients, out_dir=out, seed=seed, locale=locale, dirty_rate=dirty, start_year=start_year, end_year=end_year
    )
    options.validate()
    show_progress = sys.stderr.isatty() and not context.quiet and not context.json_output
    if show_progress:
        columns = (TextColumn("synth"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("patients", total=patients)
            summary = generate_hospital(options, lambda done: progress.update(task, completed=done))
    else:
        summary = generate_hospital(options)
    context.emit(
        {
            "out_dir": summary.out_dir,
            "patients": summary.patients,
            "files": summary.files,
            "reports": summary.reports,
            "identifier_ranges": summary.identifiers,
            "defects": summary.defects,
            "bytes": summary.total_bytes,
            "seconds": round(summary.seconds, 3),
        },
        lambda console: _render(console, summary),
    )


def _render(console: Console, summary: SynthSummary) -> None:
    for name, info in summary.files.items():
        console.print(f"{name:<28} {info['rows']:>10,} rows  {info['bytes'] / 1e6:8.2f} MB  {info['encoding']}")
    console.print(
        f"{summary.patients:,} patients, {summary.reports:,} reports, {summary.defects:,} defects in {summary.seconds:.1f}s "
        f"-> {summary.out_dir} (truth in {summary.out_dir}/truth)"
    )
