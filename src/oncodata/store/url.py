"""Parse database URLs into an engine name plus connection target, and redact passwords for display."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from oncodata.errors import UsageError

POSTGRES_SCHEMES = ("postgresql", "postgres")
SPARK_SCHEMES = ("spark",)
DUCKDB_SUFFIXES = (".duckdb", ".db", ".ddb")
# user:password@ in the authority part; matched textually so even a malformed URL is redacted.
_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@/\s]*@")


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed database location: which engine, and what to hand its driver."""

    engine: str
    target: str
    display: str

    @property
    def is_file(self) -> bool:
        return self.engine == "duckdb" and self.target != ":memory:"


def redact(url: str) -> str:
    """Return the URL with any password replaced by `***`, safe for messages and logs.

    >>> redact("postgresql://me:s3cret@db.example:5432/onco")
    'postgresql://me:***@db.example:5432/onco'
    """
    return _PASSWORD.sub(r"\1:***@", url)


def parse_database_url(url: str) -> DatabaseURL:
    """Understand `./x.duckdb`, `duckdb:///abs/path`, `duckdb:///:memory:` and `postgresql://…`.

    >>> parse_database_url("duckdb:///tmp/a.duckdb").target
    '/tmp/a.duckdb'
    >>> parse_database_url("postgresql://u:secret@h/db").display
    'postgresql://u:***@h/db'
    """
    text = url.strip()
    if not text:
        raise UsageError("database URL is empty; pass --db or set ONCODATA_DB")
    if "://" not in text:
        if text == ":memory:":
            return DatabaseURL("duckdb", ":memory:", ":memory:")
        if text.endswith(DUCKDB_SUFFIXES) or "/" in text or Path(text).suffix == "":
            return DatabaseURL("duckdb", str(Path(text)), text)
        raise UsageError(f"database URL {text!r}: expected a .duckdb file path, duckdb:///path or postgresql://…")
    scheme = text.split("://", 1)[0].lower()
    if scheme == "duckdb":
        path = text.split("://", 1)[1]
        if path.startswith("/:memory:") or path == ":memory:":
            return DatabaseURL("duckdb", ":memory:", text)
        if not path or path == "/":
            raise UsageError(f"database URL {text!r}: duckdb:// needs a file path, e.g. duckdb:///data/oncodata.duckdb")
        # duckdb:///abs/path -> /abs/path ; duckdb://rel/path -> rel/path
        return DatabaseURL("duckdb", path, text)
    if scheme in POSTGRES_SCHEMES:
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError as error:
            raise UsageError(f"database URL {redact(text)!r} is malformed: {error}") from error
        if not parts.path.strip("/"):
            raise UsageError(f"database URL {redact(text)!r} names no database; add /DBNAME")
        normalized = urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))
        return DatabaseURL("postgresql", normalized, redact(normalized))
    if scheme in SPARK_SCHEMES:
        return DatabaseURL("spark", text, redact(text))
    raise UsageError(f"database URL {redact(text)!r}: unknown scheme {scheme!r} (use a .duckdb path or postgresql://)")
