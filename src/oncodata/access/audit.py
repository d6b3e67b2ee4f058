"""The append-only, hash-chained audit log in `admin.audit_log`, and its verification.

Each record's hash covers its sequence number, content and the previous record's hash, so editing, deleting
or reordering any record breaks the chain at that point. Deleting records at the very end cannot be seen
from the chain alone; `verify` returns the head hash so an auditor can record it and check it later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from oncodata.store.base import Store

GENESIS_HASH = "0" * 64
# Serializes appends on a server so two processes never chain onto the same previous record.
APPEND_LOCK_SQL = {"postgresql": "SELECT pg_advisory_xact_lock(720151)"}
_COLUMNS = "seq, recorded_at, user_name, role_name, action, params_digest, rows_touched, outcome, detail, prev_hash, row_hash"


@dataclass(frozen=True)
class AuditRecord:
    """One audited operation: who, when, what, a digest of its parameters, rows touched, outcome."""

    seq: int
    recorded_at: dt.datetime
    user_name: str
    role_name: str | None
    action: str
    params_digest: str
    rows_touched: int | None
    outcome: str
    detail: str | None
    prev_hash: str
    row_hash: str


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of walking the chain: OK, or the first record where it breaks and why."""

    records_checked: int
    first_broken_seq: int | None
    problem: str | None
    head_hash: str

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def params_digest(params: Mapping[str, Any]) -> str:
    """SHA-256 of the parameters in canonical JSON: proves what was asked without storing the values."""
    return hashlib.sha256(orjson.dumps(dict(params), option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


def chain_hash(
    seq: int,
    recorded_at: dt.datetime,
    user_name: str,
    role_name: str | None,
    action: str,
    digest: str,
    rows_touched: int | None,
    outcome: str,
    detail: str | None,
    prev_hash: str,
) -> str:
    """The hash binding one record to its content and to the record before it."""
    fields = [
        seq,
        recorded_at.isoformat(timespec="microseconds"),
        user_name,
        role_name,
        action,
        digest,
        rows_touched,
        outcome,
        detail,
    ]
    return hashlib.sha256(prev_hash.encode() + orjson.dumps(fields)).hexdigest()


class AuditLog:
    """Append and read the audit chain of one database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def append(
        self,
        *,
        user_name: str,
        role_name: str | None,
        action: str,
        params: Mapping[str, Any],
        outcome: str,
        rows_touched: int | None = None,
        detail: str | None = None,
    ) -> AuditRecord:
        """Add one record at the head of the chain, in its own transaction."""
        digest = params_digest(params)
        with self.store.transaction():
            if lock := APPEND_LOCK_SQL.get(self.store.engine):
                self.store.execute_native(lock)
            head = self.store.query("SELECT seq, row_hash FROM admin.audit_log ORDER BY seq DESC LIMIT 1")
            seq, prev_hash = (int(head[0][0]) + 1, str(head[0][1])) if head else (1, GENESIS_HASH)
            recorded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            row_hash = chain_hash(
                seq, recorded_at, user_name, role_name, action, digest, rows_touched, outcome, detail, prev_hash
            )
            self.store.execute(
                f"INSERT INTO admin.audit_log ({_COLUMNS}) VALUES ($seq, $at, $user, $role, $action, $digest, $rows, $outcome, "
                "$detail, $prev, $hash)",
                {
                    "seq": seq,
                    "at": recorded_at,
                    "user": user_name,
                    "role": role_name,
                    "action": action,
                    "digest": digest,
                    "rows": rows_touched,
                    "outcome": outcome,
                    "detail": detail,
                    "prev": prev_hash,
                    "hash": row_hash,
                },
            )
        return AuditRecord(
            seq, recorded_at, user_name, role_name, action, digest, rows_touched, outcome, detail, prev_hash, row_hash
        )

    def records(self, since: dt.datetime | None = None, limit: int | None = None) -> list[AuditRecord]:
        """Records in chain order, optionally from a time on and only the last `limit`."""
        where = "WHERE recorded_at >= $since" if since else ""
        params: dict[str, Any] = {"since": since} if since else {}
        rows = self.store.query(f"SELECT {_COLUMNS} FROM admin.audit_log {where} ORDER BY seq", params or None)
        records = [AuditRecord(*row) for row in rows]  # type: ignore[arg-type]
        return records[-limit:] if limit else records

    def verify(self) -> VerifyResult:
        """Walk the whole chain and report the first record that was edited, removed or moved."""
        previous_hash, expected_seq, checked = GENESIS_HASH, 1, 0
        for record in self.records():
            checked += 1
            if record.seq != expected_seq:
                return VerifyResult(
                    checked, record.seq, f"record {expected_seq} is missing (chain jumps to {record.seq})", previous_hash
                )
            if record.prev_hash != previous_hash:
                return VerifyResult(
                    checked, record.seq, f"record {record.seq} does not follow record {record.seq - 1}", previous_hash
                )
            recomputed = chain_hash(
                record.seq,
                record.recorded_at,
                record.user_name,
                record.role_name,
                record.action,
                record.params_digest,
                record.rows_touched,
                record.outcome,
                record.detail,
                record.prev_hash,
            )
            if recomputed != record.row_hash:
                return VerifyResult(checked, record.seq, f"record {record.seq} was altered after it was written", previous_hash)
            previous_hash, expected_seq = record.row_hash, expected_seq + 1
        return VerifyResult(checked, None, None, previous_hash)
