"""Data quality control: every DQD check type plus oncology checks, fused into few scans per table, with history."""

from __future__ import annotations

from oncodata.quality.catalog import Check, load_checks
from oncodata.quality.runner import CheckResult, QualityRun, run_quality_checks

__all__ = ["Check", "CheckResult", "QualityRun", "load_checks", "run_quality_checks"]
