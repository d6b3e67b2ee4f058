"""Synthetic hospital generation rate: patients/s, MB/s and peak memory at 1k, 10k and 100k patients."""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.common import peak_memory_mb, timed, write_result
from oncodata.synth import SynthOptions, generate_hospital

DEFAULT_SIZES = (1_000, 10_000, 100_000)


def _run_one(patients: int) -> dict[str, Any]:
    """One size in a fresh process, so each peak-memory figure belongs to that size alone."""
    folder = Path(tempfile.mkdtemp(prefix="bench_synth_"))
    try:
        with timed() as clock:
            summary = generate_hospital(SynthOptions(patients=patients, out_dir=folder, seed=42, dirty_rate=0.02))
        truth_bytes = sum(p.stat().st_size for p in (folder / "truth").iterdir())
        seconds = clock["seconds"]
        return {
            "patients": patients,
            "seconds": round(seconds, 2),
            "patients_per_s": round(patients / seconds, 1),
            "source_mb": round(summary.total_bytes / 1e6, 1),
            "truth_mb": round(truth_bytes / 1e6, 1),
            "mb_per_s": round((summary.total_bytes + truth_bytes) / 1e6 / seconds, 2),
            "source_rows": sum(int(f["rows"]) for f in summary.files.values()),
            "reports": summary.reports,
            "peak_memory_mb": round(peak_memory_mb(), 1),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    arguments = parser.parse_args()
    runs = []
    context = multiprocessing.get_context("spawn")
    for size in arguments.sizes:
        with context.Pool(1) as pool:
            figures = pool.apply(_run_one, (size,))
        print(figures, flush=True)
        runs.append(figures)
    path = write_result("synth", {"dirty_rate": 0.02, "single_process": True, "runs": runs})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
