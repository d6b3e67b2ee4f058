"""`oncodata cohort create|list|show|delete`, `survival`, `characterize`, `pathways`, `incidence`: thin wrappers over analytics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from oncodata.analytics.cohort import CohortSummary, create_cohort, delete_cohort, get_cohort, list_cohorts
from oncodata.analytics.definition import load_definition
from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import UsageError

cohort_app = typer.Typer(help="Define, generate and inspect cohorts.", no_args_is_help=True)

CohortArgument = Annotated[int, typer.Argument(help="Cohort id (see `oncodata cohort list`).")]


def _attrition_table(summary: CohortSummary) -> Table:
    table = Table(
        "step", "criterion", "persons before", "removed", "persons after", title=f"cohort {summary.cohort_id}: {summary.name}"
    )
    for row in summary.attrition:
        table.add_row(str(row.step), row.criterion, f"{row.persons_before:,}", f"{row.removed:,}", f"{row.persons_after:,}")
    return table


@cohort_app.command("create")
def cohort_create(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Cohort definition (.json, .yaml or .yml).")],
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Generate a cohort from a definition file; prints its id, persons and attrition."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "cohort create", {"file": file.name}) as session:
        definition = load_definition(file)
        summary = create_cohort(session.handle.store, definition, created_by=session.user.name)
        session.rows_touched = summary.persons
        session.extra_audit_params["cohort_id"] = summary.cohort_id

    def render(console: Console) -> None:
        console.print(_attrition_table(summary))
        console.print(f"cohort {summary.cohort_id} created: {summary.persons:,} persons ({summary.seconds or 0:.2f}s)")

    context.emit(summary.as_dict(), render)


@cohort_app.command("list")
def cohort_list(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """List generated cohorts."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "cohort list", {}) as session:
        cohorts = list_cohorts(session.handle.store)

    def render(console: Console) -> None:
        table = Table("id", "name", "persons", "generated", "by")
        for c in cohorts:
            table.add_row(
                str(c.cohort_id),
                c.name,
                f"{c.persons:,}",
                f"{c.generated_at:%Y-%m-%d %H:%M}" if c.generated_at else "",
                c.generated_by or "",
            )
        console.print(table)

    context.emit({"cohorts": [c.as_dict() for c in cohorts]}, render)


@cohort_app.command("show")
def cohort_show(
    ctx: typer.Context, cohort_id: CohortArgument, json_output: JsonOption = False, quiet: QuietOption = False
) -> None:
    """Show a cohort's attrition: persons each criterion removes."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "cohort show", {"cohort_id": cohort_id}) as session:
        summary = get_cohort(session.handle.store, cohort_id)
    context.emit(
        {**summary.as_dict(), "definition": summary.definition}, lambda console: console.print(_attrition_table(summary))
    )


@cohort_app.command("delete")
def cohort_delete(
    ctx: typer.Context, cohort_id: CohortArgument, json_output: JsonOption = False, quiet: QuietOption = False
) -> None:
    """Delete a cohort with its members and attrition."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "cohort delete", {"cohort_id": cohort_id}) as session:
        removed = delete_cohort(session.handle.store, cohort_id)
        session.rows_touched = removed
    context.emit(
        {"cohort_id": cohort_id, "deleted_members": removed},
        lambda console: console.print(f"cohort {cohort_id} deleted ({removed:,} members)"),
    )


def survival_command(
    ctx: typer.Context,
    cohort_id: CohortArgument,
    by: Annotated[
        str | None, typer.Option("--by", help="Stratify by a variable (stage, sex, age_group, histology, egfr, first_line…).")
    ] = None,
    endpoint: Annotated[str, typer.Option("--endpoint", help="os (overall survival) or pfs (real-world PFS).")] = "os",
    plot: Annotated[Path | None, typer.Option("--plot", help="Write the KM plot with a risk table (.png or .svg).")] = None,
    covariates: Annotated[
        str | None, typer.Option("--covariates", help="Comma-separated variables for a Cox model, e.g. age,sex,stage.")
    ] = None,
    competing: Annotated[bool, typer.Option("--competing-risks", help="With --endpoint pfs: Aalen-Johansen curves.")] = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Kaplan-Meier (CIs, medians, numbers at risk), log-rank across strata, Cox PH with covariates."""
    from oncodata.analytics.plots import km_figure, save_figure
    from oncodata.analytics.survival import survival_analysis

    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    terms = tuple(t.strip() for t in (covariates or "").split(",") if t.strip())
    params: dict[str, Any] = {"cohort_id": cohort_id, "by": by, "endpoint": endpoint, "covariates": list(terms)}
    if endpoint not in ("os", "pfs"):
        raise UsageError(f"--endpoint must be os or pfs, got {endpoint!r}")
    with command_session(ctx, "survival", params) as session:
        result = survival_analysis(session.handle.store, cohort_id, endpoint, by, terms, with_competing_risks=competing)
        if plot is not None:
            save_figure(km_figure(result), plot)

    def render(console: Console) -> None:
        table = Table(
            "stratum",
            "n",
            "events",
            "median (days)",
            "95% CI",
            title=f"{endpoint.upper()} — cohort {cohort_id}: {result.cohort_name}",
        )
        for s in result.strata:
            low, high = s.median_ci_days
            table.add_row(
                s.name,
                f"{s.n:,}",
                f"{s.events:,}",
                "not reached" if s.median_days is None else f"{s.median_days:,.0f}",
                f"{'NR' if low is None else f'{low:,.0f}'}–{'NR' if high is None else f'{high:,.0f}'}",
            )
        console.print(table)
        if result.logrank_p is not None:
            console.print(f"log-rank p = {result.logrank_p:.4g}")
        if result.cox:
            cox = Table("term", "HR", "95% CI", "p", title=f"Cox PH (n={result.cox_n})")
            for t in result.cox:
                cox.add_row(t.term, f"{t.hazard_ratio:.3f}", f"{t.ci_lower:.3f}–{t.ci_upper:.3f}", f"{t.p:.3g}")
            console.print(cox)
        if plot is not None:
            console.print(f"plot written to {plot}")

    context.emit(result.as_dict(), render)


def characterize_command(
    ctx: typer.Context,
    cohort_ids: Annotated[list[int], typer.Argument(help="One or more cohort ids, shown side by side.")],
    variables: Annotated[
        str | None, typer.Option("--variables", help="Comma-separated variables (default: the Table 1 set).")
    ] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Table 1 (demographics, smoking, histology, stage, biomarkers, treatment); small cells shown as <5."""
    from oncodata.analytics.characterize import characterize

    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    names = [v.strip() for v in variables.split(",")] if variables else None
    with command_session(ctx, "characterize", {"cohort_ids": cohort_ids, "variables": names}) as session:
        table = characterize(session.handle.store, cohort_ids, names)

    def render(console: Console) -> None:
        grid = Table("characteristic", *[f"{c['name']} (n={c['n']})" for c in table.cohorts], title="Table 1")
        for row in table.rows[1:]:
            grid.add_row(f"  {row.level}" if row.level is not None else f"[bold]{row.label}[/bold]", *row.cells)
        console.print(grid)

    context.emit(table.as_dict(), render)


def pathways_command(
    ctx: typer.Context,
    cohort_id: CohortArgument,
    max_lines: Annotated[int, typer.Option("--max-lines", help="Lines of therapy to follow.")] = 3,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML page (table + sunburst).")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Write the sunburst chart as SVG.")] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Regimen sequences by line of therapy with counts, and a sunburst chart."""
    from oncodata.analytics.pathways import pathways, sunburst_figure
    from oncodata.analytics.plots import save_figure
    from oncodata.analytics.report import pathways_html

    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "pathways", {"cohort_id": cohort_id, "max_lines": max_lines}) as session:
        result = pathways(session.handle.store, cohort_id, max_lines)
        if svg is not None:
            save_figure(sunburst_figure(result), svg)
        if html is not None:
            if not html.parent.exists():
                raise UsageError(f"--html: folder {html.parent} does not exist")
            html.write_text(
                f"<!doctype html><meta charset='utf-8'><title>Pathways</title>{pathways_html(result)}", encoding="utf-8"
            )
    payload = result.as_dict()

    def render(console: Console) -> None:
        grid = Table("regimens by line", "persons", title=f"Treatment pathways — cohort {cohort_id}: {result.cohort_name}")
        for s in payload["sequences"]:
            grid.add_row(s["pathway"], str(s["persons"]))
        console.print(grid)

    context.emit(payload, render)


def incidence_command(
    ctx: typer.Context,
    cohort_id: CohortArgument,
    start_year: Annotated[int, typer.Option("--from", help="First calendar year.")],
    end_year: Annotated[int, typer.Option("--to", help="Last calendar year.")],
    standard: Annotated[
        str, typer.Option("--standard", help="who_world_2000, segi_world_1960 or china_2000.")
    ] = "who_world_2000",
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Incidence (crude and age-standardized, 95% CIs) and prevalence by calendar year for a cohort's index events."""
    from oncodata.analytics.incidence import incidence

    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    params = {"cohort_id": cohort_id, "from": start_year, "to": end_year, "standard": standard}
    with command_session(ctx, "incidence", params) as session:
        result = incidence(session.handle.store, cohort_id, start_year, end_year, standard)
    payload = result.as_dict()

    def render(console: Console) -> None:
        grid = Table(
            "year", "cases", "person-years", "crude /100k (95% CI)", f"ASR {standard} /100k (95% CI)", "prevalence /100k"
        )
        for y in payload["years"]:
            grid.add_row(
                str(y["year"]),
                str(y["cases"]),
                f"{y['person_years']:,.0f}",
                f"{y['crude_rate_per_100k']:.1f} ({y['crude_ci_per_100k'][0]:.1f}–{y['crude_ci_per_100k'][1]:.1f})",
                f"{y['age_standardized_rate_per_100k']:.1f} ({y['age_standardized_ci_per_100k'][0]:.1f}–{y['age_standardized_ci_per_100k'][1]:.1f})",
                f"{y['prevalence_per_100k']:.1f}",
            )
        console.print(grid)

    context.emit(payload, render)


def export_command(
    ctx: typer.Context,
    cohort_id: CohortArgument,
    out: Annotated[Path, typer.Option("--out", help="New (or empty) folder for the data set, dictionary and manifest.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write a de-identified row-level data set (k-anonymity checked, coarsened or refused) with dictionary and manifest."""
    from oncodata.analytics.export import export_cohort

    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "export", {"cohort_id": cohort_id, "out": out.name, "format": fmt}) as session:
        result = export_cohort(session.handle.store, cohort_id, out, fmt, exported_by=session.user.name)
        session.rows_touched = result.rows
        session.audit_detail = f"k={result.k} smallest class {result.smallest_class}; " + ", ".join(
            f"{name} sha256 {info['sha256'][:16]}" for name, info in result.files.items()
        )
    context.emit(
        result.as_dict(),
        lambda console: console.print(
            f"exported {result.rows:,} rows to {out} (k={result.k}, smallest class {result.smallest_class}, "
            f"age bands {result.coarsening['age_band']} y, periods {result.coarsening['period_years']} y)"
        ),
    )
