"""Pseudonymous ids: HMAC-SHA256 of the source id under the pseudonym subkey, namespaced by kind, 63-bit positive."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from oncodata.errors import BadInputError
from oncodata.privacy.keys import SecretKey

if TYPE_CHECKING:
    from oncodata.privacy.dateshift import DateShifter
    from oncodata.privacy.vault import Vault

# Ids fit a signed 64-bit bigint and stay positive: 63 bits, with 0 never produced.
ID_BITS = 63
_ID_MASK = (1 << ID_BITS) - 1
KNOWN_KINDS = ("person", "visit", "provider", "care_site")
_SEPARATOR = b"\x1f"  # unit separator: "a" + "bc" never hashes like "ab" + "c"


class PseudonymCollisionError(BadInputError):
    """Two different source ids of one kind produced the same pseudonymous id (astronomically rare)."""


def _hash_to_id(digest: bytes) -> int:
    value = int.from_bytes(digest[:8], "big") & _ID_MASK
    return value or 1


class Pseudonymizer:
    """Derives stable pseudonymous ids; with a vault, registers every mapping there (which checks for collisions)."""

    def __init__(self, key: SecretKey, vault: Vault | None = None, date_shifter: DateShifter | None = None) -> None:
        self._key = key.pseudonym_key
        self._vault = vault
        self._date_shifter = date_shifter

    def _derive(self, kind: str, source_id: str) -> int:
        message = kind.encode() + _SEPARATOR + source_id.encode()
        return _hash_to_id(hmac.digest(self._key, message, "sha256"))

    def pseudonymous_id(self, kind: str, source_id: str) -> int:
        """The id for `source_id` within `kind`; the same inputs and key always give the same id.

        >>> from oncodata.privacy.keys import SecretKey
        >>> p = Pseudonymizer(SecretKey(bytes(32)))
        >>> p.person_id("A1") == p.person_id("A1") != p.visit_id("A1")
        True
        """
        if not kind or not isinstance(source_id, str) or source_id == "":
            raise BadInputError("a pseudonymous id needs a kind and a non-empty source id")
        pseudo_id = self._derive(kind, source_id)
        if self._vault is not None:
            shift = self._date_shifter.shift_days(pseudo_id) if (self._date_shifter and kind == "person") else None
            self._vault.register(kind, source_id, pseudo_id, shift)
        return pseudo_id

    def person_id(self, source_id: str) -> int:
        return self.pseudonymous_id("person", source_id)

    def visit_id(self, source_id: str) -> int:
        return self.pseudonymous_id("visit", source_id)

    def provider_id(self, source_id: str) -> int:
        return self.pseudonymous_id("provider", source_id)

    def care_site_id(self, source_id: str) -> int:
        return self.pseudonymous_id("care_site", source_id)

    def pseudonymous_ids(self, kind: str, source_ids: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Vectorized form over a pyarrow string array: int64 ids, nulls stay null; each distinct id hashed once.

        Distinct source ids that collide within the batch raise, and so does any collision the vault detects.
        """
        if isinstance(source_ids, pa.ChunkedArray):
            source_ids = source_ids.combine_chunks()
        if not pa.types.is_string(source_ids.type) and not pa.types.is_large_string(source_ids.type):
            source_ids = pc.cast(source_ids, pa.string())
        encoded = pc.dictionary_encode(source_ids)
        distinct = encoded.dictionary.to_pylist()
        key = self._key
        prefix = kind.encode() + _SEPARATOR
        distinct_ids = [_hash_to_id(hmac.digest(key, prefix + value.encode(), "sha256")) for value in distinct]
        if len(set(distinct_ids)) != len(distinct_ids):
            raise PseudonymCollisionError(f"pseudonymous id collision among {kind} source ids in one batch")
        if self._vault is not None:
            shifter = self._date_shifter if kind == "person" else None
            self._vault.register_many(
                (kind, source, pseudo, shifter.shift_days(pseudo) if shifter else None)
                for source, pseudo in zip(distinct, distinct_ids, strict=True)
            )
        return pc.take(pa.array(distinct_ids, type=pa.int64()), encoded.indices)
