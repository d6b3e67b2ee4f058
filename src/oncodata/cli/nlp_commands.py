"""`oncodata nlp extract`: structure free-text reports from a CSV column into one JSON object per row."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import pyarrow.csv as pacsv
import typer

from oncodata.cli.context import JsonOption, QuietOption, cli_context
from oncodata.cli.session import command_session
from oncodata.errors import UsageError
from oncodata.nlp import extract_records
from oncodata.nlp.extract import KINDS, LANGUAGES
from oncodata.settings import DEFAULT_DB_URL
from oncodata.store.url import parse_database_url

nlp_app = typer.Typer(help="Structure free-text pathology and imaging reports.", no_args_is_help=True)


def _read_column(path: Path, column: str) -> list[str | None]:
    """The report texts of one CSV column, in file order (every column read as text)."""
    if not path.is_file():
        raise UsageError(f"--input: {path} is not a file")
    try:
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(auto_dict_encode=False, strings_can_be_null=False))
    except Exception as error:  # pyarrow raises several types for malformed CSV
        raise UsageError(f"--input: {path} is not a readable CSV ({type(error).__name__})") from error
    if column not in table.column_names:
        raise UsageError(f"--text-column: {column!r} is not a column of {path.name} (columns: {', '.join(table.column_names)})")
    values = table.column(column).to_pylist()
    return [None if v is None else str(v) for v in values]


def _extract_to_file(input_path: Path, text_column: str, output_path: Path, kind: str, lang: str) -> int:
    """Write one JSON record per input row, in input order; the number of rows written."""
    texts = _read_column(input_path, text_column)
    written = 0
    with output_path.open("wb") as sink:
        for record in extract_records(texts, kind=kind, lang=lang):
            sink.write(orjson.dumps(record) + b"\n")
            written += 1
    return written


@nlp_app.command("extract")
def extract_command(
    ctx: typer.Context,
    input_path: Annotated[Path, typer.Option("--input", help="CSV file with one report per row.")],
    text_column: Annotated[str, typer.Option("--text-column", help="The column holding the report text.")],
    output_path: Annotated[Path, typer.Option("--output", help="JSONL file to write, one object per input row.")],
    kind: Annotated[str, typer.Option("--kind", help="pathology, imaging or auto.")] = "auto",
    lang: Annotated[str, typer.Option("--lang", help="zh, en or auto.")] = "auto",
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Extract TNM, histology, size, nodes, sites, metastases and biomarkers from each report."""
    context = cli_context(ctx, json_output=json_output, quiet=quiet)
    if kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}")
    if lang not in LANGUAGES:
        raise UsageError(f"--lang must be one of {', '.join(LANGUAGES)}")
    params = {"input": str(input_path), "text_column": text_column, "kind": kind, "lang": lang, "output": str(output_path)}
    database = parse_database_url(context.settings.db)
    if context.settings.db == DEFAULT_DB_URL and database.is_file and not Path(database.target).exists():
        # No OncoData site here and none named: a file-to-file run touches no managed data, so there is no user to
        # check and no log to append to. Inside a site, or with a database named (--db, ONCODATA_DB), the run is
        # permission-checked and audited, and a named database that is missing is an error.
        print(
            f"note: no OncoData database at {database.display}; extracting without a user check or audit record "
            "(run `oncodata init` to have runs checked and audited)",
            file=sys.stderr,
        )
        written = _extract_to_file(input_path, text_column, output_path, kind, lang)
    else:
        with command_session(ctx, "nlp extract", params) as session:
            written = _extract_to_file(input_path, text_column, output_path, kind, lang)
            session.rows_touched = written
    context.emit(
        {"rows": written, "output": str(output_path)}, lambda c: c.print(f"structured {written} reports → {output_path}")
    )
