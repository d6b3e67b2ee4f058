"""`oncodata vocab import` and `oncodata map suggest|approve|coverage`: vocabulary loading and the mapping review loop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.vocab.athena import import_athena
from oncodata.vocab.review import approve_review_file, mapping_coverage, suggest_review_rows, write_review_file

vocab_app = typer.Typer(help="Standard vocabularies: import an OHDSI Athena download.", no_args_is_help=True)
map_app = typer.Typer(
    help="Map source codes and local terms to standard concepts: review, approve, coverage.", no_args_is_help=True
)


@vocab_app.command("import")
def import_command(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Unzipped Athena download (CONCEPT.csv, CONCEPT_RELATIONSHIP.csv, …).")],
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Load an Athena download, replacing bundled local concepts that Athena now provides."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "vocab import", {"folder": folder.name}) as session:
        result = import_athena(session.handle.store, folder)
        session.rows_touched = sum(result.rows.values())
        session.audit_detail = f"replaced {result.replaced_local_concepts} local concepts"
    payload = {
        "rows": result.rows,
        "replaced_local_concepts": result.replaced_local_concepts,
        "seconds": round(result.seconds, 2),
    }

    def render(console: object) -> None:
        rows = ", ".join(f"{table} {count:,}" for table, count in result.rows.items())
        console.print(f"imported {rows} in {result.seconds:.1f} s")  # type: ignore[attr-defined]
        console.print(f"{result.replaced_local_concepts} local concepts replaced; run `oncodata build --rebuild` to remap")  # type: ignore[attr-defined]

    context.emit(payload, render)


@map_app.command("suggest")
def suggest_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Review file to write (CSV, UTF-8).")],
    domain: Annotated[
        str | None, typer.Option("--domain", help="condition, drug, measurement, procedure or observation.")
    ] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write unmapped and low-confidence source values, most frequent first, with candidate concepts."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "map suggest", {"domain": domain, "out": out.name}) as session:
        rows = suggest_review_rows(session.handle.store, domain)
        written = write_review_file(rows, out)
        session.rows_touched = written
    context.emit(
        {"file": str(out), "values": written, "records": sum(int(row["frequency"]) for row in rows)},  # type: ignore[call-overload]
        lambda console: console.print(f"wrote {written} values to review to {out}"),
    )


@map_app.command("approve")
def approve_command(
    ctx: typer.Context,
    review_file: Annotated[Path, typer.Argument(help="A review file from `map suggest` with decisions filled in.")],
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Load the decisions of a review file into SOURCE_TO_CONCEPT_MAP (approved mappings win over suggestions)."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "map approve", {"file": review_file.name}) as session:
        result = approve_review_file(session.handle.store, review_file, session.user.name)
        session.rows_touched = result.approved + result.rejected + result.ignored
    payload = {"approved": result.approved, "rejected": result.rejected, "ignored": result.ignored, "undecided": result.undecided}
    context.emit(
        payload,
        lambda console: console.print(
            f"approved {result.approved}, rejected {result.rejected}, ignored {result.ignored}, undecided {result.undecided}"
        ),
    )


@map_app.command("coverage")
def coverage_command(ctx: typer.Context, json_output: JsonOption = False, quiet: QuietOption = False) -> None:
    """Share of staged records and distinct values mapped to standard concepts, per domain."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    with command_session(ctx, "map coverage", {}) as session:
        coverage = mapping_coverage(session.handle.store)

    def render(console: object) -> None:
        table = Table("domain", "records", "mapped", "%", "values", "mapped", "%")
        for domain, counts in coverage["domains"].items():
            records, values = counts["records"], counts["values"]
            table.add_row(
                domain,
                f"{records:,}",
                f"{counts['records_mapped']:,}",
                f"{100 * counts['records_mapped'] / records:.1f}" if records else "-",
                f"{values:,}",
                f"{counts['values_mapped']:,}",
                f"{100 * counts['values_mapped'] / values:.1f}" if values else "-",
            )
        console.print(table)  # type: ignore[attr-defined]

    context.emit(coverage, render)
