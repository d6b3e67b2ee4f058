"""The demo's self-contained `index.html` (inline CSS and images, nothing fetched) and its terminal summary."""

from __future__ import annotations

import datetime as dt
from html import escape

from oncodata.analytics.plots import DAYS_PER_MONTH
from oncodata.analytics.report import attrition_html, pathways_html, survival_html, table1_html
from oncodata.demo.pipeline import DemoResult

STYLE = """
body{font-family:-apple-system,'Segoe UI','Noto Sans CJK SC','PingFang SC',sans-serif;margin:2rem auto;max-width:1100px;
color:#1f2933;line-height:1.45;padding:0 1rem}h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #d9e2ec;
padding-bottom:.3rem;margin-top:2.2rem}h3{margin-top:1.6rem}table.oncodata{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
table.oncodata td,table.oncodata th{border:1px solid #d9e2ec;padding:.25rem .55rem;text-align:left}table.oncodata th{background:#f0f4f8}
.figures{display:flex;gap:1.2rem;flex-wrap:wrap}.figure{background:#f0f4f8;border-radius:8px;padding:.8rem 1.1rem;min-width:150px}
.figure b{display:block;font-size:1.35rem}.note{color:#52606d;font-size:.85rem}.bad{color:#b42318}.good{color:#027a48}
"""


def _months(days: float | None) -> str:
    return "not reached" if days is None else f"{days / DAYS_PER_MONTH:.1f} months"


def key_figures(result: DemoResult) -> list[tuple[str, str]]:
    """The handful of numbers the summary and the report lead with."""
    figures = []
    if result.ingest:
        figures.append(("source records", f"{result.ingest.total('read'):,}"))
        figures.append(("quarantined", f"{result.ingest.total('quarantined'):,}"))
    if result.build:
        figures.append(("persons in the CDM", f"{result.build.counts.get('cdm.person', 0):,}"))
        figures.append(("primary cancers", f"{result.build.counts.get('primary_cancers', 0):,}"))
        figures.append(("treatment episodes", f"{result.build.counts.get('episodes_regimen', 0):,}"))
    if result.quality:
        passed = result.quality.count("passed")
        applicable = len(result.quality.results) - result.quality.count("not_applicable")
        figures.append(("DQ checks passed", f"{passed:,}/{applicable:,}"))
        figures.append(("fatal DQ failures", f"{len(result.quality.fatal_failures)}"))
    if result.os_by_stage:
        for stratum in result.os_by_stage.strata:
            if stratum.name == "IV":
                figures.append(("median OS, stage IV", _months(stratum.median_days)))
    return figures


def render_html(result: DemoResult) -> str:
    figures = "".join(f"<div class='figure'>{escape(label)}<b>{escape(value)}</b></div>" for label, value in key_figures(result))
    timing_rows = "".join(f"<tr><td>{escape(name)}</td><td>{seconds:.1f}</td></tr>" for name, seconds in result.seconds.items())
    sections = [
        f"<h1>OncoData lung cancer case study</h1><p class='note'>Generated {dt.datetime.now():%Y-%m-%d %H:%M} from "
        f"{result.synth.patients if result.synth else 0:,} synthetic patients of a Chinese tertiary hospital "
        "(de-identified at ingest; all dates shifted per person). Small cells are suppressed in Table 1.</p>",
        f"<div class='figures'>{figures}</div>",
        "<h2>Pipeline</h2><table class='oncodata'><thead><tr><th>Step</th><th>Seconds</th></tr></thead>"
        f"<tbody>{timing_rows}</tbody></table>",
    ]
    if result.ingest:
        rows = "".join(
            f"<tr><td>{escape(f.source_file)}</td><td>{f.read:,}</td><td>{f.staged:,}</td><td>{f.quarantined:,}</td><td>{f.skipped:,}</td>"
            f"<td>{'yes' if f.reconciles else '<span class=bad>no</span>'}</td></tr>"
            for f in result.ingest.files
        )
        sections.append(
            "<h2>Ingest and reconciliation</h2><p>Every source record is staged, quarantined with a reason, or skipped with a "
            "reason: read = staged + quarantined + skipped.</p><table class='oncodata'><thead><tr><th>File</th><th>Read</th>"
            f"<th>Staged</th><th>Quarantined</th><th>Skipped</th><th>Reconciles</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if result.build:
        rows = "".join(
            f"<tr><td>{escape(k)}</td><td>{v:,}</td></tr>" for k, v in result.build.counts.items() if k.startswith("cdm.")
        )
        sections.append(
            f"<h2>OMOP CDM v5.4</h2><table class='oncodata'><thead><tr><th>Table</th><th>Rows</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if result.quality:
        run = result.quality
        failing = [r for r in run.results if r.failed][:25]
        rows = "".join(
            f"<tr><td>{escape(r.check.name)}</td><td>{escape(str(getattr(r.check, 'table', '') or ''))}</td>"
            f"<td>{escape(str(getattr(r.check, 'field', '') or ''))}</td><td>{escape(r.check.severity)}</td></tr>"
            for r in failing
        )
        sections.append(
            f"<h2>Data quality</h2><p>{run.count('passed'):,} checks passed, {run.count('failed'):,} failed, "
            f"{run.count('not_applicable'):,} not applicable (empty denominators are never counted as passes), "
            f"{len(run.fatal_failures)} fatal failures, {run.queries} queries in {run.seconds:.1f} s. "
            "Full report: <a href='data-quality.html'>data-quality.html</a>.</p>"
            + (
                f"<table class='oncodata'><thead><tr><th>Failed check</th><th>Table</th><th>Field</th><th>Severity</th></tr></thead><tbody>{rows}</tbody></table>"
                if rows
                else ""
            )
        )
    sections.append("<h2>Cohorts</h2>" + "".join(attrition_html(c) for c in result.cohorts.values()))
    if result.table1:
        sections.append("<h2>Who are our patients</h2>" + table1_html(result.table1))
    sections.append("<h2>How did they do</h2>")
    for survival in (result.os_by_stage, result.pfs_by_first_line, result.os_by_first_line):
        if survival:
            sections.append(survival_html(survival))
    if result.pathways:
        sections.append("<h2>How were they treated</h2>" + pathways_html(result.pathways))
    for note in result.notes:
        sections.append(f"<p class='note'>{escape(note)}</p>")
    body = "".join(sections)
    return f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>OncoData demo</title><style>{STYLE}</style></head><body>{body}</body></html>"
