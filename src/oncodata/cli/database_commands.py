"""`oncodata init` and `oncodata status`: create or migrate the database, and report on it."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from oncodata.access.audit import AuditLog
from oncodata.access.roles import command_permission, require
from oncodata.access.users import User, UserDirectory
from oncodata.cli.context import CliContext, JsonOption, QuietOption, cli_context
from oncodata.cli.session import PASSWORD_ENV, acting_user_name, authenticate, command_session, password_required, read_password
from oncodata.errors import UsageError
from oncodata.handle import connect
from oncodata.lifecycle import InitResult, StatusReport
from oncodata.privacy.keys import create_key_file, key_path_from_settings
from oncodata.store.base import Store
from oncodata.store.migrate import current_version

ACCESS_CONTROL_VERSION = 3


def init_command(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """Create every schema and table (or migrate an older database), write CDM_SOURCE, create the first admin."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with connect(settings=context.settings) as handle:
        store = handle.store
        # Once users exist, only a user allowed to initialize may migrate; a brand-new database has nobody yet.
        has_users = current_version(store) >= ACCESS_CONTROL_VERSION and UserDirectory(store).count() > 0
        user: User | None = None
        if has_users:
            user = authenticate(context, handle)
            require(user.role, command_permission("init"), user_name=user.name)
        result = handle.init()
        key_path = key_path_from_settings(context.settings.db, context.settings.key_file)
        key_created = not key_path.exists()
        if key_created:
            create_key_file(key_path)
        created_admin = None
        if not has_users:
            created_admin = _create_first_admin(context, handle.store)
            user = created_admin
        assert user is not None
        AuditLog(store).append(
            user_name=user.name,
            role_name=user.role,
            action="init",
            params={"schema_version_before": result.version_before},
            outcome="ok",
            detail=f"schema {result.version_before}->{result.version_after}",
        )
        display = store.url.display
    context.emit(
        {
            "database": display,
            "schema_version_before": result.version_before,
            "schema_version": result.version_after,
            "migrations_applied": result.applied,
            "cdm_source_created": result.cdm_source_created,
            "admin_created": created_admin.name if created_admin else None,
            "key_file": str(key_path),
            "key_created": key_created,
            "changed": result.changed or created_admin is not None or key_created,
        },
        lambda console: _render_init(console, display, result, created_admin, key_path if key_created else None),
    )


def _create_first_admin(context: CliContext, store: Store) -> User:
    """The acting user becomes the first admin; on password deployments its password is required now."""
    name = acting_user_name(context)
    if password_required(context, store.engine):
        password = read_password(f"New password for admin {name}: ")
        if password is None:
            raise UsageError("the first admin needs a password on this database: set ONCODATA_PASSWORD or run interactively")
    else:
        # Trust mode needs none, but keep one if given so the site can switch to password mode later.
        password = os.environ.get(PASSWORD_ENV) or None
    return UserDirectory(store).add(name, "admin", password, created_by=None)


def _render_init(console: Console, display: str, result: InitResult, admin: User | None, new_key: Path | None) -> None:
    if not result.changed and admin is None and new_key is None:
        console.print(f"{display}: already at schema version {result.version_after}; nothing to do")
        return
    for line in result.applied:
        console.print(f"applied migration {line}")
    if result.cdm_source_created:
        console.print("wrote the CDM_SOURCE row")
    if admin is not None:
        console.print(f"created the first admin user {admin.name!r}")
    if new_key is not None:
        console.print(f"created the secret key file {new_key} (mode 0600): back it up and keep it off the research server")
    console.print(f"{display}: schema version {result.version_before} -> {result.version_after}")


def status_command(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """Show the schema version and the row count of every CDM table."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "status", {}) as session:
        report = session.handle.status()
    context.emit(
        {
            "database": report.database,
            "engine": report.engine,
            "schema_version": report.schema_version,
            "latest_schema_version": report.latest_version,
            "up_to_date": report.up_to_date,
            "tables": report.row_counts,
        },
        lambda console: _render_status(console, report),
    )


def _render_status(console: Console, report: StatusReport) -> None:
    state = "up to date" if report.up_to_date else f"migration pending (latest {report.latest_version}); run `oncodata init`"
    console.print(f"[bold]{report.database}[/bold] ({report.engine}) schema version {report.schema_version}, {state}")
    table = Table("table", "rows", title="OMOP CDM v5.4 row counts")
    for name, count in report.row_counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
