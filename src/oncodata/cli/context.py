"""Global CLI options (--db, --json, --quiet) carried to every command, plus output helpers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console

from oncodata.settings import Settings


@dataclass
class CliContext:
    """What the global options decided, shared by all commands of one invocation."""

    settings: Settings
    json_output: bool = False
    quiet: bool = False

    @property
    def console(self) -> Console:
        return Console(highlight=False, soft_wrap=True)

    def emit(self, payload: Any, render_human: Callable[[Console], None]) -> None:
        """Print `payload` as one JSON document with --json, otherwise render it for people (unless --quiet)."""
        if self.json_output:
            sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode() + "\n")
        elif not self.quiet:
            render_human(self.console)


# Every command also accepts --json and --quiet after its name (`oncodata status --json`), like the global options.
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


def cli_context(ctx: typer.Context, *, json_output: bool = False, quiet: bool = False) -> CliContext:
    """The CliContext the app callback stored; a command's own --json/--quiet switch those on."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliContext):
        raise RuntimeError("CLI context missing: commands must run under the oncodata app")
    obj.json_output = obj.json_output or json_output
    obj.quiet = obj.quiet or quiet
    return obj
