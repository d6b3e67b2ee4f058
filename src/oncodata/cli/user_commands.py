"""`oncodata user add|list|disable|enable|passwd`: manage the accounts that may run OncoData."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from oncodata.access.users import UserDirectory
from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import UsageError

user_app = typer.Typer(help="Manage user accounts and their roles.", no_args_is_help=True)

PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the new password from the first line of stdin.")]


def _new_password(from_stdin: bool) -> str | None:
    """The new password: from stdin, or typed twice on a terminal, or none when neither is possible."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError("--password-stdin: stdin held no password")
        return line
    if sys.stdin.isatty():
        first = typer.prompt("New password", hide_input=True)
        if typer.prompt("Repeat it", hide_input=True) != first:
            raise UsageError("the two passwords differ")
        return str(first)
    return None


@user_app.command("add")
def add_user(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Login name (lowercase letters, digits, _ . -).")],
    role: Annotated[str, typer.Option("--role", help="admin, steward, engineer, researcher or auditor.")],
    password_stdin: PasswordStdin = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Create a user with a role."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "user add", {"name": name, "role": role}) as session:
        user = UserDirectory(session.handle.store).add(name, role, _new_password(password_stdin), created_by=session.user.name)
        session.rows_touched = 1
    context.emit(
        {"user": user.name, "role": user.role, "has_password": user.has_password},
        lambda c: c.print(f"added {user.name} ({user.role})"),
    )


@user_app.command("list")
def list_users(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """List users, their roles and whether they are enabled."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "user list", {}) as session:
        users = UserDirectory(session.handle.store).list()

    def render(console: object) -> None:
        table = Table("user", "role", "enabled", "password", "created", "by")
        for u in users:
            table.add_row(
                u.name,
                u.role,
                "no" if u.disabled else "yes",
                "set" if u.has_password else "-",
                f"{u.created_at:%Y-%m-%d}",
                u.created_by or "",
            )
        console.print(table)  # type: ignore[attr-defined]

    payload = [
        {
            "user": u.name,
            "role": u.role,
            "disabled": u.disabled,
            "has_password": u.has_password,
            "created_at": u.created_at.isoformat(),
        }
        for u in users
    ]
    context.emit({"users": payload}, render)


def _set_disabled(ctx: typer.Context, name: str, disabled: bool, command: str) -> None:
    context = cli_context(ctx)
    with command_session(ctx, command, {"name": name}) as session:
        if disabled and name == session.user.name:
            raise UsageError("you cannot disable your own account")
        user = UserDirectory(session.handle.store).set_disabled(name, disabled)
        session.rows_touched = 1
    state = "disabled" if user.disabled else "enabled"
    context.emit({"user": user.name, "disabled": user.disabled}, lambda c: c.print(f"{user.name} is {state}"))


@user_app.command("disable")
def disable_user(ctx: typer.Context, name: str, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """Stop a user from running any command (the account and its audit trail stay)."""
    cli_context(ctx, json_output=json_output, quiet=quiet)
    _set_disabled(ctx, name, True, "user disable")


@user_app.command("enable")
def enable_user(ctx: typer.Context, name: str, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """Allow a disabled user to run commands again."""
    cli_context(ctx, json_output=json_output, quiet=quiet)
    _set_disabled(ctx, name, False, "user enable")


@user_app.command("passwd")
def change_password(
    ctx: typer.Context,
    name: str,
    password_stdin: PasswordStdin = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Set a user's password (stored only as an argon2 hash)."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "user passwd", {"name": name}) as session:
        password = _new_password(password_stdin)
        if password is None:
            raise UsageError("no password given: use --password-stdin or run on a terminal")
        UserDirectory(session.handle.store).set_password(name, password)
        session.rows_touched = 1
    context.emit({"user": name, "password_changed": True}, lambda c: c.print(f"password of {name} changed"))
