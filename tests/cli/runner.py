"""Run the real `oncodata` command in a subprocess, as a user would, for CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ADMIN = {"ONCODATA_USER": "site_admin", "ONCODATA_PASSWORD": "correct-horse-battery"}


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m oncodata` as a user would, acting as the site admin unless `env` says otherwise."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ONCODATA_")}
    environment.update(ADMIN)
    environment["ONCODATA_KEY_FILE"] = str(cwd / "site.key")
    environment.update(env or {})
    command = [sys.executable, "-m", "oncodata", *args]
    return subprocess.run(command, cwd=cwd, env=environment, input=stdin or "", capture_output=True, text=True, timeout=120)
