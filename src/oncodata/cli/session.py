"""Run one CLI command as an authenticated user: permission check, then an audit record of the outcome."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import typer

from oncodata.access.audit import AuditLog
from oncodata.access.roles import command_permission, require
from oncodata.access.users import User, UserDirectory
from oncodata.cli.context import CliContext, cli_context
from oncodata.errors import NotInitializedError, OncodataError, PermissionDeniedError
from oncodata.handle import OncoData, connect
from oncodata.migrations import LATEST_VERSION
from oncodata.store.migrate import current_version

PASSWORD_ENV = "ONCODATA_PASSWORD"


@dataclass
class CommandSession:
    """What a command body gets: the open database, the acting user, and fields to fill for the audit record."""

    context: CliContext
    handle: OncoData
    user: User
    rows_touched: int | None = None
    audit_detail: str | None = None
    extra_audit_params: dict[str, Any] = field(default_factory=dict)


def acting_user_name(context: CliContext) -> str:
    """--as, else ONCODATA_USER, else the operating-system login name."""
    return context.settings.user or getpass.getuser()


def password_required(context: CliContext, engine: str) -> bool:
    mode = context.settings.cli_authentication
    if mode == "auto":
        return engine != "duckdb"
    return mode == "password"


def read_password(prompt: str = "Password: ") -> str | None:
    """ONCODATA_PASSWORD if set, else an interactive prompt, else None (non-interactive and unset)."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def authenticate(context: CliContext, handle: OncoData) -> User:
    """The acting user, checked against the user directory (and password, where the deployment needs one)."""
    required = password_required(context, handle.store.engine)
    return UserDirectory(handle.store).authenticate(
        acting_user_name(context), read_password() if required else None, require_password=required
    )


def require_current_schema(handle: OncoData) -> None:
    version = current_version(handle.store)
    if version == 0:
        raise NotInitializedError(f"database {handle.store.url.display} is not initialized; run `oncodata init`")
    if version < LATEST_VERSION:
        raise NotInitializedError(
            f"database {handle.store.url.display} is at schema version {version}, this OncoData needs {LATEST_VERSION}; "
            "run `oncodata init` to migrate it"
        )


@contextmanager
def command_session(ctx: typer.Context, command: str, params: Mapping[str, Any]) -> Iterator[CommandSession]:
    """Open the database, authenticate, authorize `command`, run the body, and audit what happened."""
    context = cli_context(ctx)
    permission = command_permission(command)
    with connect(settings=context.settings, must_exist=True) as handle:
        require_current_schema(handle)
        audit = AuditLog(handle.store)
        name = acting_user_name(context)
        try:
            user = authenticate(context, handle)
            require(user.role, permission, user_name=user.name)
        except PermissionDeniedError as refusal:
            audit.append(user_name=name, role_name=None, action=command, params=params, outcome="denied", detail=refusal.message)
            raise
        session = CommandSession(context, handle, user)
        try:
            yield session
        except OncodataError as error:
            audit.append(
                user_name=user.name,
                role_name=user.role,
                action=command,
                params={**params, **session.extra_audit_params},
                outcome=f"failed:{int(error.exit_code)}",
                detail=type(error).__name__,
            )
            raise
        except BaseException as error:
            audit.append(
                user_name=user.name,
                role_name=user.role,
                action=command,
                params={**params, **session.extra_audit_params},
                outcome="error",
                detail=type(error).__name__,
            )
            raise
        audit.append(
            user_name=user.name,
            role_name=user.role,
            action=command,
            params={**params, **session.extra_audit_params},
            outcome="ok",
            rows_touched=session.rows_touched,
            detail=session.audit_detail,
        )
