"""`oncodata reidentify`: a steward looks up the source identity behind a pseudonymous person id, audited."""

from __future__ import annotations

from typing import Annotated

import typer

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import UsageError
from oncodata.privacy.keys import key_path_from_settings, load_key
from oncodata.privacy.vault import Vault, default_vault_path

MIN_REASON_LENGTH = 10
MAX_AUDITED_REASON = 200


def reidentify_command(
    ctx: typer.Context,
    person_id: Annotated[int, typer.Argument(help="The pseudonymous person_id from the research database.")],
    reason: Annotated[str, typer.Option("--reason", help="Why re-identification is needed (kept in the audit log).")],
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Show the source identifier and date shift behind a person_id (steward only; always audited)."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "reidentify", {"person_id": person_id, "reason": reason}) as session:
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise UsageError(f"--reason must explain the need in at least {MIN_REASON_LENGTH} characters")
        session.audit_detail = reason.strip()[:MAX_AUDITED_REASON]
        key_path = key_path_from_settings(context.settings.db, context.settings.key_file)
        with Vault.open(default_vault_path(key_path), load_key(key_path)) as vault:
            entry = vault.lookup("person", person_id)
        if entry is None:
            raise UsageError(f"person_id {person_id} is not in the vault")
        session.rows_touched = 1
    context.emit(
        {"person_id": entry.pseudo_id, "source_id": entry.source_id, "date_shift_days": entry.date_shift_days},
        lambda console: console.print(
            f"person_id {entry.pseudo_id} = source id {entry.source_id} (dates shifted by {entry.date_shift_days} days)"
        ),
    )
