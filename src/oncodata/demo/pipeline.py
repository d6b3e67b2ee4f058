"""Run the demo end to end on a fresh DuckDB file, each step as the role that would do it, with timings."""

from __future__ import annotations

import getpass
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from oncodata.access.audit import AuditLog
from oncodata.access.users import USER_NAME, UserDirectory
from oncodata.analytics.characterize import Table1, characterize
from oncodata.analytics.cohort import CohortSummary, create_cohort
from oncodata.analytics.definition import parse_definition
from oncodata.analytics.pathways import PathwayResult, pathways
from oncodata.analytics.survival import SurvivalResult, survival_analysis
from oncodata.build.pipeline import BuildReport, build_cdm
from oncodata.lifecycle import initialize
from oncodata.privacy.gate import DeidentificationGate
from oncodata.privacy.keys import create_key_file, key_path_from_settings
from oncodata.quality.report import cdm_source_metadata, html_report
from oncodata.quality.results import save_run
from oncodata.quality.runner import QualityRun, run_quality_checks
from oncodata.settings import Settings
from oncodata.sources.batch import BatchReport
from oncodata.sources.hospital import ingest_hospital_extracts
from oncodata.sources.mapping import load_mapping
from oncodata.store import Store, open_store
from oncodata.synth.generator import SynthOptions, SynthSummary, generate_hospital

ENGINEER, RESEARCHER = "demo_engineer", "demo_researcher"
DATABASE_NAME = "oncodata-demo.duckdb"
Progress = Callable[[str], None]


@dataclass
class DemoResult:
    """Everything the report and the summary need."""

    folder: Path
    database: Path
    seconds: dict[str, float] = field(default_factory=dict)
    synth: SynthSummary | None = None
    ingest: BatchReport | None = None
    build: BuildReport | None = None
    quality: QualityRun | None = None
    cohorts: dict[str, CohortSummary] = field(default_factory=dict)
    table1: Table1 | None = None
    os_by_stage: SurvivalResult | None = None
    pfs_by_first_line: SurvivalResult | None = None
    os_by_first_line: SurvivalResult | None = None
    pathways: PathwayResult | None = None
    notes: list[str] = field(default_factory=list)


def showcase_cohorts() -> dict[str, dict[str, Any]]:
    with resources.files("oncodata.demo").joinpath("data", "cohorts.yaml").open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


def run_demo(folder: Path, *, patients: int = 2000, seed: int = 42, progress: Progress | None = None) -> DemoResult:
    """Synthesize, init, ingest, build, run quality checks and the showcase analyses in `folder` (recreated)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    result = DemoResult(folder, folder / DATABASE_NAME)
    settings = Settings(db=str(result.database), key_file=str(folder / "site.key"))

    def step(name: str, work: Callable[[], Any]) -> Any:
        if progress:
            progress(name)
        began = time.perf_counter()
        value = work()
        result.seconds[name] = round(time.perf_counter() - began, 2)
        return value

    sources = folder / "sources"
    result.synth = step("synthesize hospital sources", lambda: generate_hospital(SynthOptions(patients, sources, seed=seed)))
    store = open_store(settings.db)
    try:
        step("initialize database", lambda: _initialize(store, settings))
        audit = AuditLog(store)
        gate = DeidentificationGate.open(settings.db, settings.key_file)
        try:
            result.ingest = step(
                "ingest and de-identify", lambda: ingest_hospital_extracts(store, gate, sources, load_mapping(), user=ENGINEER)
            )
        finally:
            gate.close()
        _audit(audit, ENGINEER, "engineer", "ingest", result.ingest.total("staged"))
        result.build = step("build the oncology CDM", lambda: build_cdm(store, rebuild=True))
        _audit(audit, ENGINEER, "engineer", "build", result.build.persons)
        result.quality = step("data quality checks", lambda: run_quality_checks(store))
        save_run(store, result.quality, run_by=ENGINEER)
        (folder / "data-quality.html").write_text(html_report(result.quality, cdm_source_metadata(store)), encoding="utf-8")
        _audit(audit, ENGINEER, "engineer", "dq", len(result.quality.results))
        step("analyses", lambda: _analyses(store, result))
        _audit(audit, RESEARCHER, "researcher", "analyses", sum(c.persons for c in result.cohorts.values()))
    finally:
        store.close()
    return result


def _initialize(store: Store, settings: Settings) -> None:
    initialize(store, settings)
    create_key_file(key_path_from_settings(settings.db, settings.key_file))
    users = UserDirectory(store)
    users.add(_login_name(), "admin", None, created_by=None)
    users.add(ENGINEER, "engineer", None, created_by=_login_name())
    users.add(RESEARCHER, "researcher", None, created_by=_login_name())
    _audit(AuditLog(store), _login_name(), "admin", "init", 3)


def _login_name() -> str:
    name = getpass.getuser().lower()
    return name if USER_NAME.fullmatch(name) and name not in (ENGINEER, RESEARCHER) else "demo_admin"


def _audit(audit: AuditLog, user: str, role: str, action: str, rows: int) -> None:
    audit.append(user_name=user, role_name=role, action=f"demo {action}", params={"demo": True}, outcome="ok", rows_touched=rows)


def _analyses(store: Store, result: DemoResult) -> None:
    definitions = showcase_cohorts()
    for key, raw in definitions.items():
        result.cohorts[key] = create_cohort(store, parse_definition(raw, f"demo cohort {key}"), created_by=RESEARCHER)
    everyone = result.cohorts["all_lung"].cohort_id
    result.table1 = characterize(store, [everyone, result.cohorts["egfr_advanced_adeno"].cohort_id])
    result.os_by_stage = survival_analysis(store, everyone, "os", by="stage", covariates=("age", "sex", "stage"))
    egfr = result.cohorts["egfr_advanced_adeno"]
    if egfr.persons >= 10:
        result.pfs_by_first_line = survival_analysis(store, egfr.cohort_id, "pfs", by="first_line")
        result.os_by_first_line = survival_analysis(store, egfr.cohort_id, "os", by="first_line")
    else:
        result.notes.append(
            f"EGFR-mutant advanced adenocarcinoma cohort has {egfr.persons} persons: too few to compare first lines"
        )
    result.pathways = pathways(store, everyone)
