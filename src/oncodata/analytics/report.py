"""Self-contained HTML fragments of analyses (tables, and figures as inline base64 PNG), for the demo report and the web."""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from oncodata.analytics.characterize import Table1
from oncodata.analytics.cohort import CohortSummary
from oncodata.analytics.incidence import PER, IncidenceResult
from oncodata.analytics.pathways import PathwayResult, sunburst_figure
from oncodata.analytics.plots import DAYS_PER_MONTH, figure_bytes, km_figure
from oncodata.analytics.survival import SurvivalResult


def inline_png(figure: Any) -> str:
    """An <img> holding the figure as a data: URI (no file, no network)."""
    encoded = base64.b64encode(figure_bytes(figure, "png")).decode("ascii")
    return f'<img alt="figure" style="max-width:100%" src="data:image/png;base64,{encoded}">'


def _table(headers: list[str], rows: list[list[Any]], caption: str | None = None) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="oncodata">{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def attrition_html(summary: CohortSummary) -> str:
    rows = [[r.step, r.criterion, f"{r.persons_before:,}", f"{r.removed:,}", f"{r.persons_after:,}"] for r in summary.attrition]
    return (
        f"<section><h3>Cohort {summary.cohort_id}: {escape(summary.name)}</h3>"
        + _table(["Step", "Criterion", "Persons before", "Removed", "Persons after"], rows)
        + "</section>"
    )


def table1_html(table: Table1) -> str:
    headers = ["Characteristic"] + [f"{c['name']} (n={c['n']})" for c in table.cohorts]
    rows = []
    for row in table.rows[1:]:
        label = f"\u2003{row.level}" if row.level is not None else row.label
        rows.append([label, *row.cells])
    note = f"<p class='note'>Counts below {table.threshold} are shown as &lt;{table.threshold}.</p>"
    return "<section><h3>Table 1</h3>" + _table(headers, rows) + note + "</section>"


def _months(days: float | None) -> str:
    return "NR" if days is None else f"{days / DAYS_PER_MONTH:.1f}"


def survival_html(result: SurvivalResult) -> str:
    rows = []
    for s in result.strata:
        low, high = s.median_ci_days
        rows.append([s.name, f"{s.n:,}", f"{s.events:,}", _months(s.median_days), f"{_months(low)}–{_months(high)}"])
    parts = [
        f"<section><h3>{'Overall survival' if result.endpoint == 'os' else 'Real-world PFS'} — {escape(result.cohort_name)}</h3>"
    ]
    parts.append(inline_png(km_figure(result)))
    parts.append(_table(["Stratum", "N", "Events", "Median (months)", "95% CI"], rows))
    if result.logrank_p is not None:
        parts.append(f"<p>Log-rank p = {result.logrank_p:.3g}</p>")
    if result.cox:
        cox_rows = [[t.term, f"{t.hazard_ratio:.2f}", f"{t.ci_lower:.2f}–{t.ci_upper:.2f}", f"{t.p:.3g}"] for t in result.cox]
        parts.append(_table(["Term", "HR", "95% CI", "p"], cox_rows, f"Cox proportional hazards (n={result.cox_n})"))
    return "".join(parts) + "</section>"


def pathways_html(result: PathwayResult, top: int = 15) -> str:
    data = result.as_dict()
    rows = [[s["pathway"], s["persons"]] for s in data["sequences"][:top]]
    return (
        f"<section><h3>Treatment pathways — {escape(result.cohort_name)}</h3>"
        + inline_png(sunburst_figure(result))
        + _table(["Regimens by line", "Persons"], rows)
        + "</section>"
    )


def incidence_html(result: IncidenceResult) -> str:
    rows = []
    for year in result.as_dict()["years"]:
        crude_low, crude_high = year["crude_ci_per_100k"]
        asr_low, asr_high = year["age_standardized_ci_per_100k"]
        rows.append(
            [
                year["year"],
                year["cases"],
                f"{year['person_years']:,.0f}",
                f"{year['crude_rate_per_100k']:.1f} ({crude_low:.1f}–{crude_high:.1f})",
                f"{year['age_standardized_rate_per_100k']:.1f} ({asr_low:.1f}–{asr_high:.1f})",
            ]
        )
    return (
        f"<section><h3>Incidence per {PER:,} person-years — {escape(result.cohort_name)}</h3>"
        + _table(["Year", "Cases", "Person-years", "Crude (95% CI)", f"Age-standardized, {result.standard} (95% CI)"], rows)
        + "</section>"
    )
