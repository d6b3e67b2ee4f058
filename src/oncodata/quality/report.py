"""Render a quality run as DQD-format JSON (the DQD viewer opens it) and as a self-contained HTML report."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from typing import Any

from oncodata import __version__
from oncodata.quality.results import CheckChange
from oncodata.quality.runner import CheckResult, QualityRun
from oncodata.quality.sqlgen import substitute
from oncodata.store.base import Store

CATEGORIES = ("Plausibility", "Conformance", "Completeness")


def _concept(value: str) -> int | str | None:
    if not value:
        return None
    return int(value) if value.isdigit() else value


def check_description(result: CheckResult) -> str:
    check = result.check
    if check.description:
        return substitute(check.description, {}, lambda kind, name: str(check.parameters.get(name, "")))
    where = ".".join(part for part in (check.table, check.field) if part)
    concept = f" for concept {check.concept_id}" if check.concept_id else ""
    return f"{check.name} on {where}{concept}"


def check_result_entry(result: CheckResult) -> dict[str, Any]:
    """One CheckResults entry with DQD's field names."""
    check = result.check
    return {
        "checkId": check.check_id,
        "checkName": check.name,
        "checkLevel": check.level,
        "checkDescription": check_description(result),
        "cdmTableName": check.table.upper(),
        "cdmFieldName": check.field.upper() if check.field else None,
        "conceptId": _concept(check.concept_id),
        "unitConceptId": _concept(check.unit_concept_id),
        "sqlFile": None,
        "category": check.category,
        "subcategory": check.subcategory or None,
        "context": check.context,
        "severity": check.severity,
        "numViolatedRows": result.num_violated,
        "pctViolatedRows": round(result.pct_violated, 6),
        "numDenominatorRows": result.num_denominator,
        "executionTime": f"{result.seconds:.3f} secs",
        "queryText": result.query,
        "threshold": check.threshold,
        "thresholdValue": check.threshold,
        "notesValue": check.note or None,
        "failed": 1 if result.failed else 0,
        "passed": 1 if result.passed else 0,
        "notApplicable": 1 if result.not_applicable else 0,
        "notApplicableReason": result.not_applicable_reason,
        "isError": 1 if result.is_error else 0,
        "error": result.error,
        "warning": None,
    }


def overview(results: list[CheckResult]) -> dict[str, Any]:
    """DQD's Overview block; percentages are over checks that ran and applied."""
    evaluated = [r for r in results if not r.not_applicable and not r.is_error]
    passed = sum(1 for r in evaluated if r.passed)
    block: dict[str, Any] = {
        "countTotal": len(results),
        "countThresholdFailed": sum(1 for r in results if r.failed),
        "countErrorFailed": sum(1 for r in results if r.is_error),
        "countOverallFailed": sum(1 for r in results if r.failed or r.is_error),
        "countPassed": passed,
        "countNotApplicable": sum(1 for r in results if r.not_applicable),
        "countFatalFailed": sum(1 for r in results if r.failed and r.check.severity == "fatal"),
        "percentPassed": round(100 * passed / len(evaluated)) if evaluated else 0,
        "percentFailed": round(100 * (len(evaluated) - passed) / len(evaluated)) if evaluated else 0,
    }
    for category in CATEGORIES:
        in_category = [r for r in evaluated if r.check.category == category]
        good = sum(1 for r in in_category if r.passed)
        block[f"countTotal{category}"] = len(in_category)
        block[f"countPassed{category}"] = good
        block[f"countFailed{category}"] = len(in_category) - good
        block[f"percentPassed{category}"] = round(100 * good / len(in_category)) if in_category else 0
    return block


def cdm_source_metadata(store: Store) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT cdm_source_name, cdm_source_abbreviation, cdm_holder, source_description, source_release_date, "
        "cdm_release_date, cdm_version, vocabulary_version FROM cdm.cdm_source"
    )
    keys = (
        "CDM_SOURCE_NAME",
        "CDM_SOURCE_ABBREVIATION",
        "CDM_HOLDER",
        "SOURCE_DESCRIPTION",
        "SOURCE_RELEASE_DATE",
        "CDM_RELEASE_DATE",
        "CDM_VERSION",
        "VOCABULARY_VERSION",
    )
    return [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in zip(keys, row, strict=True)} for row in rows]


def dqd_document(run: QualityRun, metadata: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole results document in DQD's layout."""
    finished = run.finished_at or run.started_at
    return {
        "startTimestamp": run.started_at.isoformat(timespec="seconds"),
        "endTimestamp": finished.isoformat(timespec="seconds"),
        "executionTime": f"{run.seconds:.1f} secs",
        "executionTimeSeconds": round(run.seconds, 3),
        "runId": run.run_id,
        "engine": run.engine,
        "mode": run.mode,
        "cohortDefinitionId": run.cohort_id,
        "queries": run.queries,
        "generator": f"OncoData {__version__}",
        "CheckResults": [check_result_entry(r) for r in run.results],
        "Metadata": metadata,
        "Overview": overview(run.results),
    }


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC",sans-serif;margin:2rem;color:#1d2733;background:#fafbfc}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dee4;padding-bottom:.3rem}
.meta{color:#57606a;font-size:.9rem}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:.7rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.4rem}.fatal b{color:#b42318}.ok b{color:#1a7f37}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.86rem}th,td{border:1px solid #d8dee4;padding:.3rem .5rem;text-align:left}
th{background:#f0f3f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev-fatal{color:#b42318;font-weight:600}.sev-convention{color:#9a6700}.sev-characterization{color:#57606a}
details{margin:.4rem 0}summary{cursor:pointer}
"""


def _row(cells: list[str], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    return (
        "<tr>" + "".join(f"<td class='num'>{c}</td>" if i in numeric else f"<td>{c}</td>" for i, c in enumerate(cells)) + "</tr>"
    )


def html_report(run: QualityRun, metadata: list[dict[str, Any]], changes: list[CheckChange] | None = None) -> str:
    """A single HTML page with inline CSS: summary, failed checks worst first, changes since last run, all checks."""
    summary = overview(run.results)
    esc = html.escape
    source = metadata[0].get("CDM_SOURCE_NAME", "") if metadata else ""
    failed = sorted(
        (r for r in run.results if r.failed or r.is_error),
        key=lambda r: (r.check.severity != "fatal", -r.pct_violated, r.check.check_id),
    )
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Data quality report</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Data quality report — {esc(str(source))}</h1>",
        f"<p class='meta'>run {esc(run.run_id)} · {esc(run.started_at.isoformat(timespec='seconds'))} · {esc(run.engine)} · "
        f"{run.seconds:.1f} s · {run.queries} queries"
        + (f" · cohort {run.cohort_id}" if run.cohort_id is not None else "")
        + "</p>",
        "<div class='cards'>",
        f"<div class='card'><b>{summary['countTotal']}</b>checks</div>",
        f"<div class='card ok'><b>{summary['percentPassed']}%</b>passed of applicable</div>",
        f"<div class='card'><b>{summary['countThresholdFailed']}</b>failed</div>",
        f"<div class='card fatal'><b>{summary['countFatalFailed']}</b>fatal failures</div>",
        f"<div class='card'><b>{summary['countNotApplicable']}</b>not applicable (no data)</div>",
        f"<div class='card'><b>{summary['countErrorFailed']}</b>errors</div>",
        "</div>",
        "<h2>By category</h2><table><tr><th>category</th><th>checked</th><th>passed</th><th>failed</th><th>% passed</th></tr>",
    ]
    for category in CATEGORIES:
        parts.append(
            _row(
                [
                    category,
                    str(summary[f"countTotal{category}"]),
                    str(summary[f"countPassed{category}"]),
                    str(summary[f"countFailed{category}"]),
                    f"{summary[f'percentPassed{category}']}%",
                ],
                {1, 2, 3, 4},
            )
        )
    parts.append("</table>")
    parts.append(f"<h2>What is wrong ({len(failed)})</h2>")
    if failed:
        parts.append(
            "<table><tr><th>severity</th><th>check</th><th>where</th><th>what</th><th>violated rows</th>"
            "<th>of rows</th><th>%</th><th>threshold %</th></tr>"
        )
        for r in failed:
            where = ".".join(p for p in (r.check.table, r.check.field) if p) + (
                f" [{r.check.concept_id}]" if r.check.concept_id else ""
            )
            what = esc(r.error) if r.is_error else esc(check_description(r))
            parts.append(
                _row(
                    [
                        f"<span class='sev-{r.check.severity}'>{esc(r.check.severity)}</span>",
                        esc(r.check.name),
                        esc(where),
                        what,
                        f"{r.num_violated:,}",
                        f"{r.num_denominator:,}",
                        f"{100 * r.pct_violated:.2f}",
                        f"{r.check.threshold:g}",
                    ],
                    {4, 5, 6, 7},
                )
            )
        parts.append("</table>")
    else:
        parts.append("<p>No check failed.</p>")
    adjusted = [r for r in run.results if r.check.note]
    if adjusted:
        parts.append(f"<h2>Thresholds set for this CDM ({len(adjusted)})</h2><table><tr><th>check</th><th>where</th>"
                     "<th>threshold %</th><th>%</th><th>why</th></tr>")  # fmt: skip
        for r in adjusted:
            where = ".".join(p for p in (r.check.table, r.check.field) if p)
            cells = [esc(r.check.name), esc(where), f"{r.check.threshold:g}", f"{100 * r.pct_violated:.2f}", esc(r.check.note)]
            parts.append(_row(cells, {2, 3}))
        parts.append("</table>")
    if changes is not None:
        parts.append(f"<h2>Changes since the previous run ({len(changes)})</h2>")
        if changes:
            parts.append(
                "<table><tr><th>check</th><th>severity</th><th>before</th><th>now</th><th>violated before</th><th>violated now</th></tr>"
            )
            for c in changes:
                before = "new" if c.before_failed is None else ("failed" if c.before_failed else "ok")
                parts.append(
                    _row(
                        [
                            esc(c.check_id),
                            esc(c.severity),
                            before,
                            "failed" if c.after_failed else "ok",
                            "" if c.before_violated is None else f"{c.before_violated:,}",
                            f"{c.after_violated:,}",
                        ],
                        {4, 5},
                    )
                )
            parts.append("</table>")
    by_table = Counter(r.check.table for r in run.results if r.failed)
    parts.append("<h2>Failures by table</h2><table><tr><th>table</th><th>failed checks</th></tr>")
    for table, count in by_table.most_common():
        parts.append(_row([esc(table), str(count)], {1}))
    parts.append("</table>")
    not_applicable = Counter(r.not_applicable_reason or "" for r in run.results if r.not_applicable)
    parts.append("<h2>Not applicable</h2><p>Checks with nothing to evaluate are neither passes nor failures.</p><table>")
    parts.append("<tr><th>reason</th><th>checks</th></tr>")
    for reason, count in not_applicable.most_common(20):
        parts.append(_row([esc(reason), str(count)], {1}))
    parts.append("</table></body></html>")
    return "\n".join(parts)
