"""User accounts in `admin.user_account`: add, list, disable, change password, authenticate (argon2 hashes)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from oncodata.access.roles import role
from oncodata.errors import BadInputError, PermissionDeniedError, UsageError
from oncodata.store.base import Store

USER_NAME = re.compile(r"[a-z_][a-z0-9_.-]{0,63}")
MIN_PASSWORD_LENGTH = 10
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    """One account: its role, whether it may log in, and when it was made."""

    name: str
    role: str
    disabled: bool
    has_password: bool
    created_at: dt.datetime
    created_by: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInputError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")


class UserDirectory:
    """The user accounts of one OncoData database."""

    _COLUMNS = "user_name, role_name, disabled, password_hash IS NOT NULL, created_at, created_by"

    def __init__(self, store: Store) -> None:
        self.store = store

    def _row_to_user(self, row: tuple[object, ...]) -> User:
        name, role_name, disabled, has_password, created_at, created_by = row
        return User(str(name), str(role_name), bool(disabled), bool(has_password), created_at, created_by)  # type: ignore[arg-type]

    def count(self) -> int:
        return int(self.store.scalar("SELECT count(*) FROM admin.user_account") or 0)

    def get(self, name: str) -> User | None:
        rows = self.store.query(f"SELECT {self._COLUMNS} FROM admin.user_account WHERE user_name = $name", {"name": name})
        return self._row_to_user(rows[0]) if rows else None

    def require(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise UsageError(f"no user named {name!r}")
        return user

    def list(self) -> list[User]:
        return [
            self._row_to_user(r) for r in self.store.query(f"SELECT {self._COLUMNS} FROM admin.user_account ORDER BY user_name")
        ]

    def add(self, name: str, role_name: str, password: str | None, created_by: str | None) -> User:
        """Create an account; the password (if any) is stored only as an argon2 hash."""
        if not USER_NAME.fullmatch(name):
            raise UsageError(f"user name {name!r}: use lowercase letters, digits, '_', '.', '-' (max 64)")
        role(role_name)
        if self.get(name) is not None:
            raise UsageError(f"user {name!r} already exists")
        if password is not None:
            validate_password(password)
        self.store.execute(
            "INSERT INTO admin.user_account (user_name, role_name, password_hash, disabled, created_at, created_by) "
            "VALUES ($name, $role, $hash, false, $at, $by)",
            {
                "name": name,
                "role": role_name,
                "hash": _HASHER.hash(password) if password else None,
                "at": _now(),
                "by": created_by,
            },
        )
        return self.require(name)

    def set_disabled(self, name: str, disabled: bool) -> User:
        self.require(name)
        self.store.execute("UPDATE admin.user_account SET disabled = $d WHERE user_name = $name", {"d": disabled, "name": name})
        return self.require(name)

    def set_password(self, name: str, password: str) -> User:
        self.require(name)
        validate_password(password)
        self.store.execute(
            "UPDATE admin.user_account SET password_hash = $hash, password_changed_at = $at WHERE user_name = $name",
            {"hash": _HASHER.hash(password), "at": _now(), "name": name},
        )
        return self.require(name)

    def authenticate(self, name: str, password: str | None, *, require_password: bool) -> User:
        """Return the enabled user; check the password when the deployment requires one."""
        user = self.get(name)
        # One message for unknown user and wrong password, so names cannot be probed.
        refused = PermissionDeniedError(f"cannot authenticate as {name!r}: unknown user or wrong password")
        if user is None:
            raise refused
        if user.disabled:
            raise PermissionDeniedError(f"user {name!r} is disabled")
        if not require_password:
            return user
        if password is None:
            raise PermissionDeniedError(f"user {name!r} needs a password: set ONCODATA_PASSWORD or run interactively")
        stored = self.store.scalar("SELECT password_hash FROM admin.user_account WHERE user_name = $name", {"name": name})
        if stored is None:
            raise refused
        try:
            _HASHER.verify(str(stored), password)
        except (VerificationError, InvalidHashError):
            raise refused from None
        return user
