"""The audit chain on both engines: verifies when intact, and names the first broken record after tampering."""

from __future__ import annotations

import pytest

from oncodata.access.audit import AuditLog, params_digest
from oncodata.lifecycle import initialize
from oncodata.settings import Settings
from oncodata.store import Store


@pytest.fixture
def audit(store: Store) -> AuditLog:
    initialize(store, Settings())
    log = AuditLog(store)
    for index, action in enumerate(["init", "ingest", "build", "dq", "export"], start=1):
        log.append(
            user_name="zhao_min",
            role_name="engineer",
            action=action,
            params={"step": index},
            outcome="ok",
            rows_touched=index * 10,
        )
    return log


def test_intact_chain_verifies(audit: AuditLog):
    result = audit.verify()
    assert result.ok and result.records_checked == 5
    assert result.head_hash == audit.records()[-1].row_hash
    assert [r.seq for r in audit.records(limit=2)] == [4, 5]


def test_parameters_are_kept_only_as_a_digest(audit: AuditLog):
    record = audit.append(user_name="a", role_name="admin", action="user add", params={"name": "li_na"}, outcome="ok")
    assert record.params_digest == params_digest({"name": "li_na"})
    assert "li_na" not in str(audit.store.query("SELECT * FROM admin.audit_log WHERE seq = $s", {"s": record.seq}))


def test_edited_record_is_detected(audit: AuditLog):
    audit.store.execute("UPDATE admin.audit_log SET rows_touched = 999 WHERE seq = 3")
    result = audit.verify()
    assert not result.ok and result.first_broken_seq == 3
    assert "altered" in (result.problem or "")


def test_edited_user_is_detected(audit: AuditLog):
    audit.store.execute("UPDATE admin.audit_log SET user_name = 'someone_else' WHERE seq = 2")
    assert audit.verify().first_broken_seq == 2


def test_deleted_record_is_detected(audit: AuditLog):
    audit.store.execute("DELETE FROM admin.audit_log WHERE seq = 2")
    result = audit.verify()
    assert result.first_broken_seq == 3
    assert "record 2 is missing" in (result.problem or "")


def test_reordered_records_are_detected(audit: AuditLog):
    # Swap the sequence numbers of two records, as someone reordering history would.
    audit.store.execute("UPDATE admin.audit_log SET seq = 100 WHERE seq = 2")
    audit.store.execute("UPDATE admin.audit_log SET seq = 2 WHERE seq = 4")
    audit.store.execute("UPDATE admin.audit_log SET seq = 4 WHERE seq = 100")
    assert audit.verify().first_broken_seq == 2


def test_recomputed_forgery_of_one_row_still_breaks_the_next_link(audit: AuditLog):
    from oncodata.access.audit import chain_hash

    record = audit.records()[2]
    forged = chain_hash(
        record.seq, record.recorded_at, record.user_name, record.role_name, "nothing", record.params_digest,
        record.rows_touched, record.outcome, record.detail, record.prev_hash,
    )  # fmt: skip
    audit.store.execute("UPDATE admin.audit_log SET action = 'nothing', row_hash = $h WHERE seq = 3", {"h": forged})
    result = audit.verify()
    assert result.first_broken_seq == 4
    assert "does not follow" in (result.problem or "")
