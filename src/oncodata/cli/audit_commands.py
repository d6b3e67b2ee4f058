"""`oncodata audit show|verify`: read the audit log and prove it has not been tampered with."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from oncodata.access.audit import AuditLog, VerifyResult
from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import ChecksFailedError, UsageError

audit_app = typer.Typer(help="Read and verify the tamper-evident audit log.", no_args_is_help=True)


def _parse_since(since: str | None) -> dt.datetime | None:
    if since is None:
        return None
    try:
        return dt.datetime.fromisoformat(since)
    except ValueError:
        raise UsageError(f"--since {since!r}: expected a date or time such as 2026-11-01 or 2026-11-01T08:00") from None


@audit_app.command("show")
def show_audit(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", help="Only records from this date/time (UTC) on.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the last N records.")] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Show who did what, when, with which outcome."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "audit show", {"since": since, "limit": limit}) as session:
        records = AuditLog(session.handle.store).records(_parse_since(since), limit)
        session.rows_touched = len(records)

    def render(console: Console) -> None:
        table = Table("seq", "when (UTC)", "user", "role", "action", "outcome", "rows", "detail")
        for r in records:
            rows = "" if r.rows_touched is None else str(r.rows_touched)
            table.add_row(
                str(r.seq),
                f"{r.recorded_at:%Y-%m-%d %H:%M:%S}",
                r.user_name,
                r.role_name or "",
                r.action,
                r.outcome,
                rows,
                r.detail or "",
            )
        console.print(table)

    payload = [
        {
            "seq": r.seq,
            "recorded_at": r.recorded_at.isoformat(),
            "user": r.user_name,
            "role": r.role_name,
            "action": r.action,
            "params_digest": r.params_digest,
            "rows_touched": r.rows_touched,
            "outcome": r.outcome,
            "detail": r.detail,
            "row_hash": r.row_hash,
        }
        for r in records
    ]
    context.emit({"records": payload}, render)


@audit_app.command("verify")
def verify_audit(
    ctx: typer.Context,
    expect_head: Annotated[
        str | None, typer.Option("--expect-head", help="A head hash recorded earlier; detects removed tail records.")
    ] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Walk the hash chain; exit 1 and name the first broken record if anything was edited, deleted or reordered."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "audit verify", {"expect_head": expect_head}) as session:
        log = AuditLog(session.handle.store)
        result = log.verify()
        session.rows_touched = result.records_checked
        head_missing = bool(expect_head) and result.ok and expect_head not in {r.row_hash for r in log.records()}
        session.audit_detail = "ok" if result.ok and not head_missing else "broken"
    context.emit(
        {
            "ok": result.ok and not head_missing,
            "records_checked": result.records_checked,
            "first_broken_seq": result.first_broken_seq,
            "problem": result.problem or ("the expected head record is no longer in the log" if head_missing else None),
            "head_hash": result.head_hash,
        },
        lambda console: _render_verify(console, result, head_missing),
    )
    if not result.ok:
        raise ChecksFailedError(f"audit chain broken at record {result.first_broken_seq}: {result.problem}")
    if head_missing:
        raise ChecksFailedError("audit log lost records: the expected head hash is no longer in the chain")


def _render_verify(console: Console, result: VerifyResult, head_missing: bool) -> None:
    if result.ok and not head_missing:
        console.print(f"audit chain intact: {result.records_checked} records, head {result.head_hash}")
