"""Run every benchmark module (`bench/bench_*.py`) in turn with its default sizes."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def main() -> None:
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {script.stem}", flush=True)
        sys.argv = [str(script)]
        runpy.run_module(f"bench.{script.stem}", run_name="__main__")


if __name__ == "__main__":
    main()
