"""Shared helpers for benchmarks: result files, timing, peak memory, throwaway PostgreSQL databases."""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import psycopg

RESULTS_DIR = Path(__file__).resolve().parent / "results"
POSTGRES_ADMIN_URL = os.environ.get("ONCODATA_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    """`with timed() as t:` then `t["seconds"]` holds the wall time of the block."""
    holder: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield holder
    finally:
        holder["seconds"] = time.perf_counter() - start


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """URL of a fresh PostgreSQL database, dropped afterwards."""
    name = f"oncodata_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_result(name: str, figures: dict[str, Any]) -> Path:
    """Write `bench/results/NAME.json` with the figures plus when and where they were measured."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": name,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        **figures,
    }
    path = RESULTS_DIR / f"{name}.json"
    path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return path
