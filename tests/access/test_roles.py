"""The role policy: every role is known, and every CLI command is guarded by a permission some role holds."""

from __future__ import annotations

import pytest
import typer

from oncodata.access.roles import command_permission, require, role, roles
from oncodata.cli.app import app
from oncodata.errors import PermissionDeniedError, UsageError


def _command_paths(typer_app: typer.Typer, prefix: str = "") -> list[str]:
    paths = [f"{prefix}{c.name or c.callback.__name__}" for c in typer_app.registered_commands]  # type: ignore[union-attr]
    for group in typer_app.registered_groups:
        paths += _command_paths(group.typer_instance, f"{prefix}{group.name} ")  # type: ignore[arg-type]
    return paths


def test_the_five_roles_of_the_design():
    assert set(roles()) == {"admin", "steward", "engineer", "researcher", "auditor"}


def test_every_cli_command_needs_a_permission_that_some_role_grants():
    granted = set().union(*(r.permissions for r in roles().values()))
    commands = _command_paths(app)
    assert {"init", "status", "user add", "audit verify"} <= set(commands)
    for command in commands:
        assert command_permission(command) in granted, command


def test_separation_of_duties():
    assert "vault.reidentify" in role("steward").permissions
    for other in ("admin", "engineer", "researcher", "auditor"):
        assert "vault.reidentify" not in role(other).permissions
    assert "user.manage" not in role("researcher").permissions
    assert "audit.read" in role("auditor").permissions


def test_require_names_the_missing_permission():
    require("admin", "user.manage", user_name="a")
    with pytest.raises(PermissionDeniedError, match=r"needs 'vault\.reidentify'"):
        require("researcher", "vault.reidentify", user_name="r")


def test_unknown_role_and_unguarded_command():
    with pytest.raises(UsageError, match="unknown role 'superuser'"):
        role("superuser")
    with pytest.raises(PermissionDeniedError):
        command_permission("drop everything")
