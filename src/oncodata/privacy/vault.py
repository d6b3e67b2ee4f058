"""The re-identification vault: the crosswalk encrypted with AES-256-GCM in a SQLite file apart from the research database."""

from __future__ import annotations

import hmac
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from oncodata.errors import BadInputError, EnvironmentProblemError
from oncodata.privacy.keys import SecretKey
from oncodata.privacy.pseudonym import PseudonymCollisionError

VAULT_FORMAT_VERSION = 1
_NONCE_BYTES = 12  # 96-bit random nonce per record, as AES-GCM wants
_KEY_CHECK_PLAINTEXT = b"oncodata vault key check v1"
_KEY_CHECK_AAD = b"oncodata/vault/key-check"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vault_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS crosswalk (
    kind TEXT NOT NULL,
    pseudo_id INTEGER NOT NULL,
    blind_index BLOB NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    PRIMARY KEY (kind, pseudo_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS crosswalk_blind_index ON crosswalk (kind, blind_index);
"""


@dataclass(frozen=True)
class CrosswalkEntry:
    """One decrypted crosswalk record."""

    kind: str
    source_id: str
    pseudo_id: int
    date_shift_days: int | None


def default_vault_path(key_path: Path) -> Path:
    """The vault sits beside the key file: `<key file>.vault.sqlite` minus the `.key` suffix."""
    key_path = Path(key_path)
    stem = key_path.name[: -len(".key")] if key_path.name.endswith(".key") else key_path.name
    return key_path.with_name(f"{stem}.vault.sqlite")


class Vault:
    """Crosswalk store; every record is AES-GCM encrypted with kind+pseudo id as associated data."""

    def __init__(self, path: Path, connection: sqlite3.Connection, key: SecretKey) -> None:
        self.path = path
        self._connection = connection
        self._cipher = AESGCM(key.vault_key)
        self._blind_key = key.blind_index_key

    @classmethod
    def open(cls, path: Path, key: SecretKey) -> Vault:
        """Open (creating if needed, mode 0600) the vault at `path`; a wrong key fails here with a clear message."""
        path = Path(path)
        is_new = not path.exists()
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            connection = sqlite3.connect(path, isolation_level=None)
            # WAL with NORMAL sync: each batch of registrations commits without an fsync of its own; entries
            # survive a crash of OncoData, and every pseudonym can be re-derived from the key if the OS fails.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise EnvironmentProblemError(f"vault {path} is not a readable vault file ({error})") from error
        vault = cls(path, connection, key)
        vault._check_or_stamp_key()
        return vault

    def _check_or_stamp_key(self) -> None:
        row = self._connection.execute("SELECT value FROM vault_meta WHERE name = 'key_check'").fetchone()
        if row is None:
            nonce = os.urandom(_NONCE_BYTES)
            sealed = nonce + self._cipher.encrypt(nonce, _KEY_CHECK_PLAINTEXT, _KEY_CHECK_AAD)
            self._connection.execute("INSERT INTO vault_meta VALUES ('key_check', ?)", (sealed,))
            self._connection.execute("INSERT INTO vault_meta VALUES ('format_version', ?)", (str(VAULT_FORMAT_VERSION),))
            return
        sealed = bytes(row[0])
        try:
            opened = self._cipher.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], _KEY_CHECK_AAD)
        except InvalidTag:
            opened = b""
        if opened != _KEY_CHECK_PLAINTEXT:
            self._connection.close()
            raise EnvironmentProblemError(f"vault {self.path} cannot be decrypted with this key")

    def _blind_index(self, kind: str, source_id: str) -> bytes:
        return hmac.digest(self._blind_key, kind.encode() + b"\x1f" + source_id.encode(), "sha256")

    @staticmethod
    def _associated_data(kind: str, pseudo_id: int) -> bytes:
        return f"{kind}\x1f{pseudo_id}".encode()

    def _seal(self, kind: str, source_id: str, pseudo_id: int, date_shift_days: int | None) -> tuple[bytes, bytes]:
        nonce = os.urandom(_NONCE_BYTES)
        plaintext = orjson.dumps({"source_id": source_id, "date_shift_days": date_shift_days})
        return nonce, self._cipher.encrypt(nonce, plaintext, self._associated_data(kind, pseudo_id))

    def _open_record(self, kind: str, pseudo_id: int, nonce: bytes, ciphertext: bytes) -> CrosswalkEntry:
        try:
            plaintext = self._cipher.decrypt(bytes(nonce), bytes(ciphertext), self._associated_data(kind, pseudo_id))
        except InvalidTag as error:
            raise EnvironmentProblemError(
                f"vault {self.path} cannot be decrypted with this key (a {kind} record failed authentication: tampered?)"
            ) from error
        record = orjson.loads(plaintext)
        return CrosswalkEntry(kind, record["source_id"], pseudo_id, record["date_shift_days"])

    def register(self, kind: str, source_id: str, pseudo_id: int, date_shift_days: int | None) -> None:
        """Record one mapping; registering the same mapping again is a no-op, a collision raises."""
        self.register_many([(kind, source_id, pseudo_id, date_shift_days)])

    def register_many(self, entries: Iterable[tuple[str, str, int, int | None]]) -> int:
        """Record many mappings in one transaction; returns how many were new. Collisions raise and roll back."""
        connection = self._connection
        added = 0
        connection.execute("BEGIN IMMEDIATE")
        try:
            for kind, source_id, pseudo_id, date_shift_days in entries:
                if not source_id:
                    raise BadInputError("a crosswalk entry needs a non-empty source id")
                blind = self._blind_index(kind, source_id)
                row = connection.execute(
                    "SELECT blind_index, nonce, ciphertext FROM crosswalk WHERE kind = ? AND pseudo_id = ?", (kind, pseudo_id)
                ).fetchone()
                if row is not None:
                    if bytes(row[0]) != blind:
                        raise PseudonymCollisionError(
                            f"pseudonymous id collision: two different {kind} source ids map to {kind} id {pseudo_id}"
                        )
                    existing = self._open_record(kind, pseudo_id, row[1], row[2])
                    if existing.date_shift_days is None and date_shift_days is not None:
                        nonce, ciphertext = self._seal(kind, source_id, pseudo_id, date_shift_days)
                        connection.execute(
                            "UPDATE crosswalk SET nonce = ?, ciphertext = ? WHERE kind = ? AND pseudo_id = ?",
                            (nonce, ciphertext, kind, pseudo_id),
                        )
                    elif date_shift_days is not None and existing.date_shift_days != date_shift_days:
                        raise BadInputError(f"{kind} id {pseudo_id} already has a different date shift in the vault")
                    continue
                if connection.execute("SELECT 1 FROM crosswalk WHERE kind = ? AND blind_index = ?", (kind, blind)).fetchone():
                    raise BadInputError(f"a {kind} source id is already registered under another pseudonymous id (key changed?)")
                nonce, ciphertext = self._seal(kind, source_id, pseudo_id, date_shift_days)
                connection.execute(
                    "INSERT INTO crosswalk (kind, pseudo_id, blind_index, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)",
                    (kind, pseudo_id, blind, nonce, ciphertext),
                )
                added += 1
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return added

    def lookup(self, kind: str, pseudo_id: int) -> CrosswalkEntry | None:
        """Re-identify: the source id (and date shift) behind a pseudonymous id, or None if unknown."""
        row = self._connection.execute(
            "SELECT nonce, ciphertext FROM crosswalk WHERE kind = ? AND pseudo_id = ?", (kind, int(pseudo_id))
        ).fetchone()
        return None if row is None else self._open_record(kind, int(pseudo_id), row[0], row[1])

    def find(self, kind: str, source_id: str) -> CrosswalkEntry | None:
        """The entry for a source id, found through its blind index (the file never holds the id in clear)."""
        row = self._connection.execute(
            "SELECT pseudo_id, nonce, ciphertext FROM crosswalk WHERE kind = ? AND blind_index = ?",
            (kind, self._blind_index(kind, source_id)),
        ).fetchone()
        if row is None:
            return None
        entry = self._open_record(kind, int(row[0]), row[1], row[2])
        if entry.source_id != source_id:
            raise EnvironmentProblemError(f"vault {self.path} cannot be decrypted with this key (blind index mismatch)")
        return entry

    def count(self, kind: str | None = None) -> int:
        """How many mappings the vault holds (of one kind, or all)."""
        if kind is None:
            return int(self._connection.execute("SELECT count(*) FROM crosswalk").fetchone()[0])
        return int(self._connection.execute("SELECT count(*) FROM crosswalk WHERE kind = ?", (kind,)).fetchone()[0])

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
