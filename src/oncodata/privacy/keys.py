"""The secret key file (0600, outside the database) and the purpose subkeys derived from it with HKDF."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from oncodata.errors import EnvironmentProblemError
from oncodata.store.url import parse_database_url

KEY_BYTES = 32
KEY_FILE_ENV = "ONCODATA_KEY_FILE"
# Each purpose gets its own subkey so that one secret never serves two purposes.
PURPOSES = ("pseudonym", "date-shift", "vault-encryption", "blind-index", "surrogate", "record-key")
_HKDF_SALT = b"oncodata-key-derivation-v1"


class SecretKey:
    """The 32-byte master secret; hands out HKDF-derived subkeys per purpose and never prints itself."""

    __slots__ = ("_master", "_subkeys")

    def __init__(self, master: bytes) -> None:
        if len(master) != KEY_BYTES:
            raise ValueError(f"a secret key is exactly {KEY_BYTES} bytes")
        self._master = bytes(master)
        self._subkeys: dict[str, bytes] = {}

    def subkey(self, purpose: str) -> bytes:
        """32 bytes for one purpose (`pseudonym`, `date-shift`, `vault-encryption`, `blind-index`, `surrogate`, `record-key`)."""
        if purpose not in PURPOSES:
            raise ValueError(f"unknown key purpose {purpose!r}")
        if purpose not in self._subkeys:
            derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=f"oncodata/{purpose}/v1".encode())
            self._subkeys[purpose] = derive.derive(self._master)
        return self._subkeys[purpose]

    @property
    def pseudonym_key(self) -> bytes:
        return self.subkey("pseudonym")

    @property
    def date_shift_key(self) -> bytes:
        return self.subkey("date-shift")

    @property
    def vault_key(self) -> bytes:
        return self.subkey("vault-encryption")

    @property
    def blind_index_key(self) -> bytes:
        return self.subkey("blind-index")

    @property
    def surrogate_key(self) -> bytes:
        return self.subkey("surrogate")

    def __repr__(self) -> str:
        return "SecretKey(<redacted>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretKey) and self._master == other._master

    def __hash__(self) -> int:
        return hash(self.pseudonym_key)


def create_key_file(path: Path) -> Path:
    """Write 32 random bytes (hex) to a new file with mode 0600; refuses to overwrite an existing key."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: never clobber a key that protects an existing vault; the mode is set at creation, no window.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as error:
        raise EnvironmentProblemError(f"key file {path} already exists; refusing to overwrite it") from error
    except OSError as error:
        raise EnvironmentProblemError(f"key file {path} cannot be created: {error.strerror}") from error
    with os.fdopen(descriptor, "w") as handle:
        handle.write(os.urandom(KEY_BYTES).hex() + "\n")
    os.chmod(path, 0o600)  # the umask may have narrowed it further; make it exactly 0600
    return path


def load_key(path: Path) -> SecretKey:
    """Read a key file written by `create_key_file` (hex, or 32 raw bytes); refuses a missing, bad or loose one."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError as error:
        raise EnvironmentProblemError(f"key file {path} does not exist; run `oncodata init` or set {KEY_FILE_ENV}") from error
    except OSError as error:
        raise EnvironmentProblemError(f"key file {path} cannot be read: {error.strerror}") from error
    if not stat.S_ISREG(info.st_mode):
        raise EnvironmentProblemError(f"key file {path} is not a regular file")
    if stat.S_IMODE(info.st_mode) & 0o077:
        mode = oct(stat.S_IMODE(info.st_mode))[2:]
        raise EnvironmentProblemError(f"key file {path} has permissions {mode}, looser than 0600; run `chmod 600 {path}`")
    try:
        content = path.read_bytes()
    except OSError as error:
        raise EnvironmentProblemError(f"key file {path} cannot be read: {error.strerror}") from error
    return SecretKey(_decode_key(content, path))


def _decode_key(content: bytes, path: Path) -> bytes:
    """Accept 64 hex characters (optionally with whitespace around) or exactly 32 raw bytes."""
    if len(content) == KEY_BYTES and content.strip() == content and not _looks_like_hex(content):
        return content
    text = content.strip()
    if len(text) == 2 * KEY_BYTES and _looks_like_hex(text):
        return bytes.fromhex(text.decode("ascii"))
    raise EnvironmentProblemError(f"key file {path} is not a valid key (expected {KEY_BYTES} bytes as hex)")


def _looks_like_hex(content: bytes) -> bool:
    return all(byte in b"0123456789abcdefABCDEF" for byte in content)


def default_key_path(db_url: str, environ: dict[str, str] | None = None) -> Path:
    """Where the key lives: ONCODATA_KEY_FILE, else `<db>.key` beside a DuckDB file, else ~/.oncodata/<host>_<db>.key.

    >>> default_key_path("data/onco.duckdb", environ={}).as_posix()
    'data/onco.duckdb.key'
    >>> default_key_path("postgresql://u:pw@db.example:5432/onco", environ={}).name
    'db.example_onco.key'
    """
    env = os.environ if environ is None else environ
    if env.get(KEY_FILE_ENV):
        return Path(env[KEY_FILE_ENV]).expanduser()
    parsed = parse_database_url(db_url)
    if parsed.engine == "duckdb":
        if parsed.target == ":memory:":
            return Path.home() / ".oncodata" / "memory.key"
        return Path(parsed.target + ".key")
    parts = urlsplit(parsed.target)
    host = parts.hostname or "localhost"
    database = parts.path.strip("/") or "default"
    safe = "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in f"{host}_{database}")
    return Path.home() / ".oncodata" / f"{safe}.key"


def key_path_from_settings(db_url: str, key_file: str | None, environ: dict[str, str] | None = None) -> Path:
    """The key path a command should use: the `key_file` setting when set, otherwise `default_key_path`."""
    if key_file:
        return Path(key_file).expanduser()
    return default_key_path(db_url, environ)
