"""Users, roles, audit and re-identification from the CLI, enforced on both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncodata.privacy.keys import load_key
from oncodata.privacy.pseudonym import Pseudonymizer
from oncodata.privacy.vault import Vault, default_vault_path
from oncodata.store import open_store
from tests.cli.runner import run_cli

PASSWORDS = {"site_admin": "correct-horse-battery", "li_steward": "steward-pass-2026", "chen_research": "research-pass-2026"}


def as_user(name: str) -> dict[str, str]:
    return {"ONCODATA_USER": name, "ONCODATA_PASSWORD": PASSWORDS.get(name, "")}


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> tuple[str, Path]:
    """An initialized database with a steward and a researcher."""
    assert run_cli("--db", database_url, "init", cwd=tmp_path).returncode == 0
    for name, role in (("li_steward", "steward"), ("chen_research", "researcher")):
        added = run_cli(
            "--db", database_url, "user", "add", name, "--role", role, "--password-stdin", cwd=tmp_path, stdin=PASSWORDS[name]
        )
        assert added.returncode == 0, added.stderr
    return database_url, tmp_path


def test_user_list_shows_roles(site: tuple[str, Path]):
    url, folder = site
    result = run_cli("--db", url, "user", "list", "--json", cwd=folder)
    users = {u["user"]: u for u in json.loads(result.stdout)["users"]}
    assert {name: u["role"] for name, u in users.items()} == {
        "site_admin": "admin",
        "li_steward": "steward",
        "chen_research": "researcher",
    }
    assert all(u["has_password"] for u in users.values())


def test_roles_are_enforced_and_refusals_audited(site: tuple[str, Path]):
    url, folder = site
    refused = run_cli("--db", url, "user", "add", "intruder", "--role", "admin", cwd=folder, env=as_user("chen_research"))
    assert refused.returncode == 2
    assert "needs 'user.manage'" in refused.stderr
    assert run_cli("--db", url, "audit", "show", cwd=folder, env=as_user("chen_research")).returncode == 2
    log = json.loads(run_cli("--db", url, "audit", "show", "--json", cwd=folder).stdout)["records"]
    denied = [r for r in log if r["outcome"] == "denied"]
    assert [(r["user"], r["action"]) for r in denied] == [("chen_research", "user add"), ("chen_research", "audit show")]


def test_disabled_user_cannot_run_anything(site: tuple[str, Path]):
    url, folder = site
    assert run_cli("--db", url, "user", "disable", "chen_research", cwd=folder).returncode == 0
    result = run_cli("--db", url, "status", cwd=folder, env=as_user("chen_research"))
    assert result.returncode == 2 and "disabled" in result.stderr
    assert run_cli("--db", url, "user", "enable", "chen_research", cwd=folder).returncode == 0
    assert run_cli("--db", url, "status", cwd=folder, env=as_user("chen_research")).returncode == 0


def test_password_change(site: tuple[str, Path]):
    url, folder = site
    changed = run_cli(
        "--db", url, "user", "passwd", "chen_research", "--password-stdin", cwd=folder, stdin="a-brand-new-password"
    )
    assert changed.returncode == 0, changed.stderr
    new_login = {"ONCODATA_USER": "chen_research", "ONCODATA_PASSWORD": "a-brand-new-password"}
    assert run_cli("--db", url, "status", cwd=folder, env=new_login).returncode == 0


def test_reidentify_is_steward_only_and_always_audited(site: tuple[str, Path]):
    url, folder = site
    key = load_key(folder / "site.key")
    with Vault.open(default_vault_path(folder / "site.key"), key) as vault:
        person_id = Pseudonymizer(key, vault=vault).person_id("MRN-0042")
    reason = "adverse event follow-up requested by the ethics board"
    result = run_cli(
        "--db", url, "reidentify", str(person_id), "--reason", reason, "--json", cwd=folder, env=as_user("li_steward")
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["source_id"] == "MRN-0042"
    for other in ("site_admin", "chen_research"):
        refused = run_cli("--db", url, "reidentify", str(person_id), "--reason", reason, cwd=folder, env=as_user(other))
        assert refused.returncode == 2 and "MRN-0042" not in refused.stdout + refused.stderr
    records = json.loads(run_cli("--db", url, "audit", "show", "--json", cwd=folder).stdout)["records"]
    reidentifications = [(r["user"], r["outcome"], r["detail"]) for r in records if r["action"] == "reidentify"]
    assert reidentifications[0] == ("li_steward", "ok", reason)
    assert [outcome for _, outcome, _ in reidentifications[1:]] == ["denied", "denied"]
    assert "MRN-0042" not in json.dumps(records)


def test_audit_verify_detects_tampering_from_the_cli(site: tuple[str, Path]):
    url, folder = site
    intact = run_cli("--db", url, "audit", "verify", "--json", cwd=folder)
    assert intact.returncode == 0 and json.loads(intact.stdout)["ok"] is True
    with open_store(url) as store:
        store.execute("UPDATE admin.audit_log SET user_name = 'someone_else' WHERE seq = 2")
    broken = run_cli("--db", url, "audit", "verify", "--json", cwd=folder)
    assert broken.returncode == 1
    report = json.loads(broken.stdout)
    assert report["ok"] is False and report["first_broken_seq"] == 2
    assert "broken at record 2" in broken.stderr


def test_wrong_password_is_refused_on_a_server(postgres_url: str, tmp_path: Path):
    assert run_cli("--db", postgres_url, "init", cwd=tmp_path).returncode == 0
    wrong = run_cli("--db", postgres_url, "status", cwd=tmp_path, env={"ONCODATA_PASSWORD": "not-the-password"})
    assert wrong.returncode == 2
    assert "unknown user or wrong password" in wrong.stderr
    missing = run_cli("--db", postgres_url, "status", cwd=tmp_path, env={"ONCODATA_PASSWORD": ""})
    assert missing.returncode == 2 and "needs a password" in missing.stderr
