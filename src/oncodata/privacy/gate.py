"""De-identification at the door: the one object ingest passes every identifier, date and text through."""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
import multiprocessing.pool
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from oncodata.privacy.dateshift import DEFAULT_MAX_SHIFT_DAYS, DateShifter
from oncodata.privacy.keys import SecretKey, key_path_from_settings, load_key
from oncodata.privacy.pseudonym import Pseudonymizer
from oncodata.privacy.scrub import PARALLEL_MIN_TEXTS, Scrubber
from oncodata.privacy.vault import Vault, default_vault_path

PROVINCES_FILE = Path(__file__).resolve().parent / "data" / "provinces.csv"
# Row-level identifiers shorter than this are not searched for in text (a 1-character match would be noise).
MIN_KNOWN_VALUE_LENGTH = 2
KNOWN_VALUE_TAG = "[ID]"
# Bound on remembered source-id -> pseudonymous-id pairs per kind; past it the cache restarts (ids are stable).
ID_CACHE_LIMIT = 500_000


@lru_cache(maxsize=1)
def _province_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    with open(PROVINCES_FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    canonical: dict[str, str] = {}
    for row in rows:
        for variant in (row["zh"], row["short"], row["en"].lower()):
            canonical[variant] = row["zh"]
    alternatives = sorted(canonical, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alternatives), re.IGNORECASE), canonical


def generalize_location(address: str | None) -> str | None:
    """Keep only the province-level division of an address (None when none is recognised).

    >>> generalize_location("浙江省杭州市西湖区文三路 88 号 3 幢 502 室")
    '浙江省'
    """
    if not address:
        return None
    pattern, canonical = _province_pattern()
    match = pattern.search(address)
    return canonical[match.group(0).lower() if match.group(0).isascii() else match.group(0)] if match else None


class DeidentificationGate:
    """Pseudonymous ids (registered in the vault), per-person date shifts, and scrubbed free text."""

    def __init__(self, key: SecretKey, vault: Vault, *, max_shift_days: int = DEFAULT_MAX_SHIFT_DAYS) -> None:
        self.vault = vault
        self.shifter = DateShifter(key, max_days=max_shift_days)
        self.pseudonymizer = Pseudonymizer(key, vault=vault, date_shifter=self.shifter)
        self.scrubber = Scrubber()
        self._record_key = key.subkey("record-key")
        self._shift_cache: dict[int, int] = {}
        self._id_cache: dict[str, dict[str, int]] = {}
        self._pool: multiprocessing.pool.Pool | None = None

    @classmethod
    def open(cls, db_url: str, key_file: str | None, *, max_shift_days: int = DEFAULT_MAX_SHIFT_DAYS) -> DeidentificationGate:
        """Load the site key and open its vault (the key file `oncodata init` created)."""
        key_path = key_path_from_settings(db_url, key_file)
        key = load_key(key_path)
        return cls(key, Vault.open(default_vault_path(key_path), key), max_shift_days=max_shift_days)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
        self.vault.close()

    def pseudonymous_ids(self, kind: str, source_ids: Sequence[str | None]) -> list[int | None]:
        """Ids for many source identifiers at once; each new distinct one is hashed and registered in the vault once."""
        known = self._id_cache.setdefault(kind, {})
        if len(known) > ID_CACHE_LIMIT:
            known.clear()
        new = sorted({value for value in source_ids if value and value not in known})
        if new:
            ids = self.pseudonymizer.pseudonymous_ids(kind, pa.array(new, pa.string())).to_pylist()
            known.update(zip(new, ids, strict=True))
        return [known[value] if value else None for value in source_ids]

    def shift_days(self, person_id: int) -> int:
        if person_id not in self._shift_cache:
            self._shift_cache[person_id] = self.shifter.shift_days(person_id)
        return self._shift_cache[person_id]

    def record_key(self, parts: Sequence[str | None]) -> str:
        """A keyed digest identifying a source record's content: equal records, equal keys; no value recoverable."""
        message = "\x1f".join(["" if p is None else p for p in parts]).encode()
        # Keyed BLAKE2b is a MAC in its own right and cheaper than HMAC-SHA256 on millions of rows.
        return hashlib.blake2b(message, key=self._record_key, digest_size=16).hexdigest()

    def scrub_texts(self, texts: Sequence[str], shifts: Sequence[int], known_values: Sequence[Sequence[str]]) -> list[str]:
        """Scrub free text: first every identifier the same row carries (name, MRN…), then the rule-based scrubber."""
        prepared = [_remove_known_values(text, values) for text, values in zip(texts, known_values, strict=True)]
        if len(prepared) >= PARALLEL_MIN_TEXTS and self._pool is None and multiprocessing.cpu_count() > 1:
            self._pool = self.scrubber.make_pool()
        return [result.text for result in self.scrubber.scrub_many(prepared, list(shifts), pool=self._pool)]


def _remove_known_values(text: str, values: Sequence[str]) -> str:
    for value in sorted({v for v in values if v and len(v) >= MIN_KNOWN_VALUE_LENGTH}, key=len, reverse=True):
        text = text.replace(value, KNOWN_VALUE_TAG)
    return text
