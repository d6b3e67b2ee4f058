"""Ingest throughput (hospital rows/s, FHIR resources/s), peak memory per run, and the privacy scan of staged synth output."""

from __future__ import annotations

import argparse
import csv
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from bench.common import peak_memory_mb, timed, write_result

REPO = Path(__file__).resolve().parents[1]
SYNTHEA_DIR = REPO.parent / "shared" / "data" / "synthea_fhir_r4"
HOSPITAL_SIZES = (1_000, 10_000)
# scan_for_identifiers tests one regex alternation of every planted value at each text position, so its cost grows
# with (values x text); 60 patients (as in the ingest tests) keep it to minutes. Larger runs are measured for throughput only.
FHIR_COPIES = (1, 20, 100)
# pyomop on this machine, as issue 5 states it: the 25 Synthea bundles (5,324 resources) in about 26 s.
PYOMOP_SECONDS_25_BUNDLES = 26.0
PYOMOP_RESOURCES_25_BUNDLES = 5_324
UUID_PATTERN = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def worker(kind: str, source: Path, work: Path, scan: bool) -> dict[str, Any]:
    """One ingest in this (fresh) process: new store, key and vault; only the ingest call is timed."""
    from oncodata.lifecycle import initialize
    from oncodata.privacy.gate import DeidentificationGate
    from oncodata.privacy.keys import create_key_file, load_key
    from oncodata.privacy.vault import Vault, default_vault_path
    from oncodata.settings import Settings
    from oncodata.sources.fhir.ingest import ingest_fhir
    from oncodata.sources.hospital import ingest_hospital_extracts
    from oncodata.sources.mapping import load_mapping
    from oncodata.store import open_store

    url = str(work / "bench.duckdb")
    store = open_store(url)
    initialize(store, Settings(db=url))
    key_path = create_key_file(work / "keys" / "site.key")
    key = load_key(key_path)
    gate = DeidentificationGate(key, Vault.open(default_vault_path(key_path), key))
    memory_before = peak_memory_mb()
    cpu_before = time.process_time()
    with timed() as clock:
        if kind == "hospital":
            report = ingest_hospital_extracts(store, gate, source, load_mapping())
        else:
            report = ingest_fhir(store, gate, source)
    cpu_seconds = time.process_time() - cpu_before
    gate.close()  # joins the scrub pool, so its workers count in RUSAGE_CHILDREN
    figures: dict[str, Any] = {
        "seconds": round(clock["seconds"], 2),
        "files": len(report.files),
        "read": report.total("read"),
        "staged": report.total("staged"),
        "quarantined": report.total("quarantined"),
        "skipped": report.total("skipped"),
        "reconciles": all(f.reconciles for f in report.files),
        "main_process_cpu_seconds": round(cpu_seconds, 2),
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "peak_memory_before_ingest_mb": round(memory_before, 1),
        "scrub_worker_peak_memory_mb": round(_children_peak_mb(), 1),
        "source_mb": round(sum(p.stat().st_size for p in source.iterdir() if p.is_file()) / 1e6, 1),
    }
    sys.stderr.write(orjson.dumps(figures).decode() + "\n")  # the ingest figures, even if the scan is cut short
    if scan:
        figures["privacy_scan"] = privacy_scan(store, source / "truth" / "identifiers.csv")
    store.close()
    return figures


def privacy_scan(store: Any, truth: Path) -> dict[str, Any]:
    """Planted identifiers (birth dates excluded: kept as year/month by design) searched in every text column."""
    from oncodata.privacy.scan import scan_for_identifiers

    with open(truth, encoding="utf-8") as handle:
        planted = [(row["kind"], row["value"]) for row in csv.DictReader(handle) if row["kind"] != "birth_date"]
    with timed() as clock:
        leaks = scan_for_identifiers(store, planted, schemas=("staging", "cdm"))
    by_kind: Counter[str] = Counter()
    for leak in leaks:
        by_kind[leak.kind] += leak.rows
    return {
        "planted_values": len({value for _, value in planted}),
        "planted_by_kind": dict(Counter(kind for kind, _ in planted)),
        "leaking_rows_by_kind": dict(by_kind),
        "leaks": [{"table": x.table, "column": x.column, "kind": x.kind, "rows": x.rows} for x in leaks],
        "total_leaking_rows": sum(by_kind.values()),
        "scan_seconds": round(clock["seconds"], 1),
    }


def run_in_subprocess(kind: str, source: Path, scan: bool) -> dict[str, Any]:
    """A fresh interpreter per run, so peak memory belongs to that run alone."""
    work = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        command = [sys.executable, "-m", "bench.bench_ingest", "--worker", kind, str(source), str(work)]
        if scan:
            command.append("--scan")
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{kind} run failed: {done.stderr[-2000:]}")
        return orjson.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def replicate_bundles(source: Path, target: Path, copies: int) -> int:
    """Write `copies` copies of every bundle with every UUID (resource ids, references, fullUrls) rewritten per copy."""
    target.mkdir(parents=True, exist_ok=True)
    bundles = sorted(source.glob("*.json"))
    for copy in range(copies):
        namespace = uuid.UUID(int=copy + 1)
        renamed: dict[bytes, bytes] = {}

        def rename(match: re.Match[bytes], namespace: uuid.UUID = namespace, renamed: dict[bytes, bytes] = renamed) -> bytes:
            old = match.group(0)
            if old not in renamed:
                renamed[old] = str(uuid.uuid5(namespace, old.decode())).encode()
            return renamed[old]

        for bundle in bundles:
            content = bundle.read_bytes() if copy == 0 else UUID_PATTERN.sub(rename, bundle.read_bytes())
            (target / f"copy{copy:03d}_{bundle.name}").write_bytes(content)
    return len(bundles) * copies


def hospital_runs(sizes: tuple[int, ...], scan_sizes: set[int]) -> list[dict[str, Any]]:
    from oncodata.synth.generator import SynthOptions, generate_hospital

    runs = []
    for patients in sorted(set(sizes) | scan_sizes):
        folder = Path(tempfile.mkdtemp(prefix="bench_ingest_synth_"))
        try:
            generate_hospital(SynthOptions(patients, folder, seed=42))
            figures = run_in_subprocess("hospital", folder, patients in scan_sizes)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        figures = {"patients": patients, **figures, "rows_per_s": round(figures["read"] / figures["seconds"], 1)}
        print({k: v for k, v in figures.items() if k != "privacy_scan"}, flush=True)
        if "privacy_scan" in figures:
            print({"privacy_scan": figures["privacy_scan"]["leaking_rows_by_kind"]}, flush=True)
        runs.append(figures)
    return runs


def fhir_runs(copies_list: tuple[int, ...]) -> dict[str, Any]:
    if not SYNTHEA_DIR.is_dir() or not any(SYNTHEA_DIR.glob("*.json")):
        return {"skipped": f"{SYNTHEA_DIR} not present"}
    runs = []
    for copies in copies_list:
        folder = Path(tempfile.mkdtemp(prefix="bench_ingest_fhir_"))
        try:
            bundles = replicate_bundles(SYNTHEA_DIR, folder, copies)
            figures = run_in_subprocess("fhir", folder, False)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        figures = {
            "copies": copies,
            "bundles": bundles,
            **figures,
            "resources_per_s": round(figures["read"] / figures["seconds"], 1),
        }
        print(figures, flush=True)
        runs.append(figures)
    base = runs[0]
    for run in runs:
        # Linear growth: seconds per resource stays flat, so this ratio stays near 1.0.
        run["seconds_per_resource_vs_smallest"] = round((run["seconds"] / run["read"]) / (base["seconds"] / base["read"]), 2)
    comparison = None
    if base["copies"] == 1:
        comparison = {
            "bundles": base["bundles"],
            "resources": base["read"],
            "oncodata_seconds": base["seconds"],
            "oncodata_resources_per_s": base["resources_per_s"],
            "pyomop_seconds_as_stated_in_issue": PYOMOP_SECONDS_25_BUNDLES,
            "pyomop_resources_per_s_as_stated_in_issue": round(PYOMOP_RESOURCES_25_BUNDLES / PYOMOP_SECONDS_25_BUNDLES, 1),
            "speedup": round(PYOMOP_SECONDS_25_BUNDLES / base["seconds"], 1),
            "note": "pyomop not installed; its figure is the one issue 5 gives for this machine",
        }
    return {"runs": runs, "pyomop_comparison_same_25_bundles": comparison}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "SOURCE", "WORK"), help=argparse.SUPPRESS)
    parser.add_argument("--scan", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--patients", type=int, nargs="+", default=list(HOSPITAL_SIZES))
    parser.add_argument("--scan-patients", type=int, nargs="*", default=[60], help="sizes whose staging is privacy-scanned")
    parser.add_argument("--copies", type=int, nargs="+", default=list(FHIR_COPIES))
    parser.add_argument("--skip-hospital", action="store_true")
    parser.add_argument("--skip-fhir", action="store_true")
    arguments = parser.parse_args()
    if arguments.worker:
        kind, source, work = arguments.worker
        figures = worker(kind, Path(source), Path(work), arguments.scan)
        sys.stdout.write(orjson.dumps(figures).decode() + "\n")
        return
    figures: dict[str, Any] = {"cores": 2, "engine": "duckdb", "one_process_per_run": True}
    if not arguments.skip_hospital:
        figures["hospital"] = hospital_runs(tuple(arguments.patients), set(arguments.scan_patients))
    if not arguments.skip_fhir:
        figures["fhir"] = fhir_runs(tuple(arguments.copies))
    path = write_result("ingest", figures)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
