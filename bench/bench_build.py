"""Raw files -> full CDM for synthetic hospitals: time and peak memory per stage, and agreement with the truth."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import peak_memory_mb, write_result


def run_size(patients: int, folder: Path) -> dict[str, object]:
    """One size in this process: synthesize, init, ingest, build, score."""
    from oncodata.build.agreement import score_against_truth
    from oncodata.build.pipeline import build_cdm
    from oncodata.lifecycle import initialize
    from oncodata.privacy.gate import DeidentificationGate
    from oncodata.privacy.keys import create_key_file
    from oncodata.settings import Settings
    from oncodata.sources.hospital import ingest_hospital_extracts
    from oncodata.sources.mapping import load_mapping
    from oncodata.store import open_store
    from oncodata.synth.generator import SynthOptions, generate_hospital

    sources, database = folder / "sources", folder / "bench.duckdb"
    began = time.perf_counter()
    generate_hospital(SynthOptions(patients, sources, seed=2026))
    synth_seconds = time.perf_counter() - began
    store = open_store(str(database))
    initialize(store, Settings(db=str(database)))
    create_key_file(Path(f"{database}.key"))
    gate = DeidentificationGate.open(str(database), None)
    began = time.perf_counter()
    batch = ingest_hospital_extracts(store, gate, sources, load_mapping())
    ingest_seconds = time.perf_counter() - began
    ingest_memory = peak_memory_mb()
    began = time.perf_counter()
    build = build_cdm(store, rebuild=True)
    build_seconds = time.perf_counter() - began
    agreement = score_against_truth(store, gate, sources / "truth")
    gate.close()
    store.close()
    return {
        "patients": patients,
        "source_records": batch.total("read"),
        "seconds": {
            "synthesize": round(synth_seconds, 1),
            "ingest": round(ingest_seconds, 1),
            "build": round(build_seconds, 1),
            "raw_to_cdm": round(ingest_seconds + build_seconds, 1),
        },
        "build_stage_seconds": build.stage_seconds,
        "peak_memory_mb": {"after_ingest": round(ingest_memory, 1), "after_build": round(peak_memory_mb(), 1)},
        "cdm_rows": {k: v for k, v in build.counts.items() if k.startswith("cdm.")},
        "agreement": agreement,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated patient counts")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(run_size(args.one, Path(folder))))
        return
    runs = []
    for size in (int(s) for s in args.sizes.split(",")):
        # Each size in a fresh process, so peak memory is its own.
        output = subprocess.run(
            [sys.executable, "-m", "bench.bench_build", "--one", str(size)], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(output.stdout.strip().splitlines()[-1]))
        print(f"{size} patients: {runs[-1]['seconds']}", flush=True)
    path = write_result("build", {"engine": "duckdb", "runs": runs})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
