"""The `oncodata` command: global options, command registration, and error-to-exit-code handling."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from oncodata import __version__
from oncodata.cli.analytics_commands import (
    characterize_command,
    cohort_app,
    export_command,
    incidence_command,
    pathways_command,
    survival_command,
)
from oncodata.cli.audit_commands import audit_app
from oncodata.cli.build_commands import build_command
from oncodata.cli.context import CliContext
from oncodata.cli.database_commands import init_command, status_command
from oncodata.cli.demo_commands import demo_command
from oncodata.cli.dq_commands import dq_app
from oncodata.cli.ingest_commands import batches_command, ingest_command
from oncodata.cli.nlp_commands import nlp_app
from oncodata.cli.profile_commands import profile_command
from oncodata.cli.synth_commands import synth_command
from oncodata.cli.user_commands import user_app
from oncodata.cli.vault_commands import reidentify_command
from oncodata.cli.vocab_commands import map_app, vocab_app
from oncodata.errors import ExitCode, OncodataError
from oncodata.settings import load_settings

app = typer.Typer(
    name="oncodata",
    help="OncoData: oncology clinical data to a de-identified, quality-controlled OMOP CDM v5.4 database.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"oncodata {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="ONCODATA_DB", help="Database URL: a .duckdb path (default ./oncodata.duckdb) or postgresql://…"
        ),
    ] = None,
    as_user: Annotated[
        str | None, typer.Option("--as", envvar="ONCODATA_USER", help="Run as this OncoData user (default: your login name).")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Options shared by every command."""
    settings = load_settings().with_overrides(db=db, user=as_user)
    ctx.obj = CliContext(settings=settings, json_output=json_output, quiet=quiet)


app.command("init")(init_command)
app.command("status")(status_command)
app.command("synth")(synth_command)
app.command("ingest")(ingest_command)
app.command("batches")(batches_command)
app.command("profile")(profile_command)
app.command("build")(build_command)
app.command("demo")(demo_command)
app.add_typer(user_app, name="user")
app.add_typer(audit_app, name="audit")
app.add_typer(vocab_app, name="vocab")
app.add_typer(map_app, name="map")
app.add_typer(nlp_app, name="nlp")
app.add_typer(dq_app, name="dq")
app.command("reidentify")(reidentify_command)
app.add_typer(cohort_app, name="cohort")
app.command("survival")(survival_command)
app.command("characterize")(characterize_command)
app.command("pathways")(pathways_command)
app.command("incidence")(incidence_command)
app.command("export")(export_command)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; turn OncodataError into one line on stderr and its exit code."""
    try:
        result = app(args=argv, standalone_mode=False)
    except OncodataError as error:
        sys.stderr.write(f"error: {error.message}\n")
        sys.exit(int(error.exit_code))
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        sys.stderr.write("aborted\n")
        sys.exit(130)
    except typer.TyperException as error:
        # Usage mistakes (unknown option, missing argument): click's own message and usage hint.
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            sys.stderr.write(f"error: {error}\n")
        sys.exit(int(ExitCode.BAD_INPUT))
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as error:
        # A bug, not bad input: keep it to one line unless the operator asks for the traceback.
        if os.environ.get("ONCODATA_DEBUG"):
            raise
        sys.stderr.write(f"internal error: {type(error).__name__}; rerun with ONCODATA_DEBUG=1 for details\n")
        sys.exit(int(ExitCode.ENVIRONMENT))
    sys.exit(result if isinstance(result, int) else 0)
