"""Roles, their permissions and the permission each command needs, loaded from data/roles.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from oncodata.errors import PermissionDeniedError, UsageError


@dataclass(frozen=True)
class Role:
    """A named role and the permissions it grants."""

    name: str
    description: str
    permissions: frozenset[str]


@lru_cache(maxsize=1)
def _policy() -> dict[str, object]:
    with resources.files("oncodata.access").joinpath("data", "roles.toml").open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def roles() -> dict[str, Role]:
    """Every role by name."""
    table = _policy()["roles"]
    assert isinstance(table, dict)
    return {name: Role(name, spec["description"], frozenset(spec["permissions"])) for name, spec in table.items()}


def role(name: str) -> Role:
    """One role by name; an unknown name is a usage error listing the valid ones."""
    try:
        return roles()[name]
    except KeyError:
        raise UsageError(f"unknown role {name!r}; choose one of {', '.join(sorted(roles()))}") from None


def command_permission(command: str) -> str:
    """The permission a CLI command (e.g. `user add`) needs; every command must be listed."""
    commands = _policy()["commands"]
    assert isinstance(commands, dict)
    if command not in commands:
        raise PermissionDeniedError(f"command {command!r} has no permission in the access policy; refusing to run it")
    return str(commands[command])


def require(role_name: str, permission: str, *, user_name: str) -> None:
    """Raise PermissionDeniedError unless the role grants the permission."""
    if permission not in role(role_name).permissions:
        raise PermissionDeniedError(f"user {user_name!r} (role {role_name}) may not do this: it needs {permission!r}")
