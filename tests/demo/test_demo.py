"""The demo end to end on a small hospital: report written, counts reconciled, no quality check failing."""

from __future__ import annotations

from pathlib import Path

from oncodata.demo.pipeline import run_demo
from oncodata.demo.report import key_figures, render_html


def test_demo_runs_end_to_end(tmp_path: Path):
    result = run_demo(tmp_path / "demo", patients=120, seed=5)
    assert result.ingest is not None and all(f.reconciles for f in result.ingest.files)
    assert result.build is not None and result.build.counts["cdm.person"] == 120
    assert result.quality is not None and result.quality.fatal_failures == []
    # A clean synthetic CDM fails no check of any severity (thresholds set for this CDM carry their reason).
    assert [r.check.check_id for r in result.quality.results if r.failed or r.is_error] == []
    assert result.cohorts["all_lung"].persons == 120
    assert result.os_by_stage is not None and {s.name for s in result.os_by_stage.strata} <= {"I", "II", "III", "IV"}
    html = render_html(result)
    assert "<script" not in html and "http://" not in html and "https://" not in html  # nothing fetched
    assert "data:image/png;base64," in html
    figures = dict(key_figures(result))
    assert figures["persons in the CDM"] == "120"
