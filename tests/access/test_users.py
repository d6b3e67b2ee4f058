"""User accounts on both engines: argon2 hashes, authentication, disabling, validation."""

from __future__ import annotations

import pytest

from oncodata.access.users import UserDirectory
from oncodata.errors import BadInputError, PermissionDeniedError, UsageError
from oncodata.lifecycle import initialize
from oncodata.settings import Settings
from oncodata.store import Store


@pytest.fixture
def users(store: Store) -> UserDirectory:
    initialize(store, Settings())
    return UserDirectory(store)


def test_add_and_authenticate_with_password(users: UserDirectory):
    users.add("wang_li", "researcher", "lung-cohort-2026", created_by="site_admin")
    assert users.authenticate("wang_li", "lung-cohort-2026", require_password=True).role == "researcher"
    stored = users.store.scalar("SELECT password_hash FROM admin.user_account WHERE user_name = 'wang_li'")
    assert stored.startswith("$argon2id$") and "lung-cohort-2026" not in stored


@pytest.mark.parametrize(("name", "password"), [("wang_li", "wrong-password!"), ("nobody", "lung-cohort-2026")])
def test_wrong_password_and_unknown_user_get_the_same_refusal(users: UserDirectory, name: str, password: str):
    users.add("wang_li", "researcher", "lung-cohort-2026", created_by=None)
    with pytest.raises(PermissionDeniedError, match="unknown user or wrong password"):
        users.authenticate(name, password, require_password=True)


def test_disabled_user_is_refused_even_in_trust_mode(users: UserDirectory):
    users.add("zhao_min", "engineer", None, created_by=None)
    assert users.authenticate("zhao_min", None, require_password=False).name == "zhao_min"
    users.set_disabled("zhao_min", True)
    with pytest.raises(PermissionDeniedError, match="disabled"):
        users.authenticate("zhao_min", None, require_password=False)
    users.set_disabled("zhao_min", False)
    assert not users.require("zhao_min").disabled


def test_user_without_password_cannot_log_in_where_passwords_are_required(users: UserDirectory):
    users.add("zhao_min", "engineer", None, created_by=None)
    with pytest.raises(PermissionDeniedError):
        users.authenticate("zhao_min", "anything-at-all", require_password=True)
    users.set_password("zhao_min", "a-long-enough-pass")
    assert users.authenticate("zhao_min", "a-long-enough-pass", require_password=True).has_password


def test_validation(users: UserDirectory):
    with pytest.raises(UsageError, match="user name"):
        users.add("Bad Name", "admin", None, created_by=None)
    with pytest.raises(UsageError, match="unknown role"):
        users.add("ok_name", "root", None, created_by=None)
    with pytest.raises(BadInputError, match="too short"):
        users.add("ok_name", "admin", "short", created_by=None)
    users.add("ok_name", "admin", None, created_by=None)
    with pytest.raises(UsageError, match="already exists"):
        users.add("ok_name", "auditor", None, created_by=None)
    assert [u.name for u in users.list()] == ["ok_name"]
