"""Resolve every distinct coded or text value in staging to a standard concept, set-based, for the CDM build.

`resolve_source_concepts(store)` rewrites `staging.concept_resolution` with one row per distinct
(domain, source_vocabulary, source_code, source_text), and `staging.unit_resolution` for measurement units.
Method precedence: approved > maps_to > shipped > exact > synonym > fuzzy (at or above the threshold in
data/matching.toml) > unmapped (target 0). The build joins it once per domain (`units.RESOLUTION_JOIN`):

    SELECT s.*, r.target_concept_id, r.source_concept_id, r.target_domain_id
    FROM staging.condition AS s JOIN staging.concept_resolution AS r ON r.domain = 'condition'
      AND coalesce(r.source_vocabulary, '') = coalesce(s.source_vocabulary, '')
      AND coalesce(r.source_code, '') = coalesce(s.source_code, '')
      AND coalesce(r.source_text, '') = coalesce(s.source_text, '')

and for measurements `LEFT JOIN staging.unit_resolution AS u ON u.measurement_concept_id = r.target_concept_id AND
coalesce(u.unit_source_value, '') = coalesce(s.unit_source_value, '')`, value `s.value_as_number * u.multiply /
u.divide` and `u.unit_concept_id` (0 = unit flagged: value kept as given).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from oncodata.store.base import Store
from oncodata.vocab.matcher import ConceptMatcher
from oncodata.vocab.normalize import matching_rules, text_key
from oncodata.vocab.units import resolve_units

DOMAINS = ("condition", "drug", "measurement", "procedure", "observation")
METHODS = ("approved", "maps_to", "shipped", "exact", "synonym", "fuzzy", "unmapped")
# How sources spell code systems -> the OMOP vocabulary_id(s) to look the code up in, most specific first.
VOCABULARY_ALIASES: dict[str, tuple[str, ...]] = {
    "ICD10CN": ("ICD10CN", "ICD10"),
    "ICD-10-CN": ("ICD10CN", "ICD10"),
    "ICD10": ("ICD10", "ICD10CN"),
    "ICD-10": ("ICD10", "ICD10CN"),
    "ICD10CM": ("ICD10CM", "ICD10"),
    "ICDO3": ("ICDO3",),
    "ICD-O-3": ("ICDO3",),
    "LOINC": ("LOINC",),
    "RXNORM": ("RxNorm", "RxNorm Extension"),
    "SNOMED": ("SNOMED",),
    "SNOMEDCT": ("SNOMED",),
    "SNOMED-CT": ("SNOMED",),
    "CVX": ("CVX",),
    "ATC": ("ATC",),
    "HGNC": ("HGNC",),
    "UCUM": ("UCUM",),
    "CANCER MODIFIER": ("Cancer Modifier",),
    "ICD9PROCCN": ("ICD9ProcCN", "ICD9Proc"),
    "ICD-9-CM-3": ("ICD9ProcCN", "ICD9Proc"),
    "ICD9CM3": ("ICD9ProcCN", "ICD9Proc"),
    "ICD9CM3CN": ("ICD9ProcCN", "ICD9Proc"),
    "ICD9PROC": ("ICD9Proc", "ICD9ProcCN"),
}
# Well-formed ICD-10 codes: WHO style (C34, C34.1, E11.900) and China clinical-edition extensions (C34.100x001,
# I10.x00x002). Malformed codes (C34.9xx, c34.1, C34.10Ox001) are not repaired: the text decides instead.
# An ICD-O-3 morphology as pathology systems write it (M8140/3 or 8140/3), and an ICDO3 histology-site code.
_MORPHOLOGY = re.compile(r"^M?(\d{4}/\d)$")
_HISTOLOGY_SITE = re.compile(r"^\d{4}/\d-(C\d{2}\.\d)$")
_ICD_CODE = re.compile(r"^([A-Z]\d{2}(\.\d{1,3})?|\d{2}(\.\d{1,4})?)$")
_ICD_CN_EXTENSION = re.compile(r"^([A-Z]\d{2})\.([0-9x]\d{2})x\d{3}$|^(\d{2})\.(\d{4})x\d{3}$")


def local_vocabulary(domain: str) -> str:
    """The SOURCE_TO_CONCEPT_MAP vocabulary of a domain's local codes and free-text terms (fits varchar(20))."""
    return f"ONCODATA_{domain.upper()}"


def is_local_vocabulary(source_vocabulary: str | None) -> bool:
    return not source_vocabulary or source_vocabulary.upper().startswith(("LOCAL", "ONCODATA"))


def mapping_keys(
    domain: str, source_vocabulary: str | None, source_code: str | None, source_text: str | None
) -> list[tuple[str, str]]:
    """SOURCE_TO_CONCEPT_MAP keys of one value, primary first: its code (in its vocabulary or the local one), its text."""
    keys: list[tuple[str, str]] = []
    if source_code and source_code.strip():
        vocabulary = local_vocabulary(domain) if is_local_vocabulary(source_vocabulary) else str(source_vocabulary)
        keys.append((vocabulary[:20], text_key(source_code)))
    if source_text and source_text.strip():
        keys.append((local_vocabulary(domain), text_key(source_text)))
    return keys


def icd_code_chain(code: str) -> list[str]:
    """A China clinical-edition code and its ancestors: C34.100x001 -> C34.100, C34.10, C34.1, C34 (ICD-9-CM-3 alike)."""
    code = unicodedata.normalize("NFKC", code).strip()
    extension = _ICD_CN_EXTENSION.match(code)
    if extension:
        # Diagnoses (C34.100x001) fill groups 1-2, procedures of ICD-9-CM-3 (32.4100x001) groups 3-4.
        head, digits = extension.group(1) or extension.group(3), extension.group(2) or extension.group(4)
        base = head if digits.startswith("x") else f"{head}.{digits}"
    elif _ICD_CODE.match(code):
        base = code
    else:
        return [code]
    chain = [code]
    while True:
        if base not in chain:
            chain.append(base)
        if "." not in base:
            return chain
        head, tail = base.split(".", 1)
        base = f"{head}.{tail[:-1]}" if len(tail) > 1 else head


def code_lookups(source_vocabulary: str | None, source_code: str | None) -> list[tuple[str, str]]:
    """(vocabulary_id, concept_code) pairs to try for a coded value, most specific first."""
    if not source_code or is_local_vocabulary(source_vocabulary):
        return []
    vocabularies = VOCABULARY_ALIASES.get(str(source_vocabulary).upper(), (str(source_vocabulary),))
    morphology = _MORPHOLOGY.match(source_code.strip())
    if vocabularies[0] == "ICDO3" and morphology:
        return [("ICDO3", morphology.group(1))]
    if vocabularies[0].startswith(("ICD10", "ICD9Proc")):
        return [(vocabulary, code) for code in icd_code_chain(source_code) for vocabulary in vocabularies]
    return [(vocabulary, source_code.strip()) for vocabulary in vocabularies]


@dataclass(frozen=True)
class Resolution:
    """How one distinct staging value was resolved."""

    source_concept_id: int
    target_concept_id: int
    target_domain_id: str | None
    method: str
    score: float | None


@dataclass(frozen=True)
class StagedValue:
    domain: str
    source_vocabulary: str | None
    source_code: str | None
    source_text: str | None
    records: int


def distinct_staged_values(store: Store, domains: Iterable[str] = DOMAINS) -> list[StagedValue]:
    """Every distinct coded/text value per domain with its record count, straight from the staging tables."""
    union = " UNION ALL ".join(
        # Empty strings and NULLs are one value, as in the build's coalesce join.
        f"SELECT '{domain}' AS domain, nullif(source_vocabulary, '') AS v, nullif(source_code, '') AS c, "
        f"nullif(source_text, '') AS t, count(*) AS records FROM staging.{domain} "
        f"GROUP BY nullif(source_vocabulary, ''), nullif(source_code, ''), nullif(source_text, '')"
        for domain in domains
    )
    return [
        StagedValue(domain, vocabulary, code, text, int(records))
        for domain, vocabulary, code, text, records in store.query(union)
    ]


class SourceResolver:
    """Everything needed to resolve values, read from the database once: mappings, decisions, codes, the text index."""

    def __init__(self, store: Store, values: list[StagedValue], *, use_shipped: bool = True) -> None:
        self.store = store
        self.use_shipped = use_shipped
        self.rules = matching_rules()
        self.mapped: dict[tuple[str, str], tuple[int, str]] = {}
        for vocabulary, code, target, origin in store.query(
            "SELECT m.source_vocabulary_id, m.source_code, m.target_concept_id, coalesce(r.origin, 'review') "
            "FROM vocab.source_to_concept_map AS m LEFT JOIN admin.mapping_review AS r "
            "ON r.source_vocabulary_id = m.source_vocabulary_id AND r.source_code = m.source_code AND r.decision = 'approve' "
            "WHERE m.invalid_reason IS NULL"
        ):
            self.mapped[(vocabulary, code)] = (int(target), "approved" if origin == "review" else "shipped")
        self.rejected = {
            (vocabulary, code)
            for vocabulary, code in store.query(
                "SELECT source_vocabulary_id, source_code FROM admin.mapping_review WHERE decision = 'reject'"
            )
        }
        self.domains = {
            int(concept_id): domain
            for concept_id, domain in store.query(
                "SELECT concept_id, domain_id FROM vocab.concept "
                "WHERE concept_id IN (SELECT target_concept_id FROM vocab.source_to_concept_map)"
            )
        }
        self.codes = self._look_up_codes(values)
        # Histology-site conditions (8140/3-C34.1) by code, to combine a morphology with the site its text names.
        self.histology_sites = {
            code: (int(concept_id), domain)
            for concept_id, code, domain in store.query(
                "SELECT concept_id, concept_code, domain_id FROM vocab.concept WHERE vocabulary_id = 'ICDO3' "
                "AND standard_concept = 'S' AND invalid_reason IS NULL"
            )
        }
        self.histology_code_of = {concept_id: code for code, (concept_id, _) in self.histology_sites.items()}
        self.matcher = ConceptMatcher(store, sorted({value.domain for value in values if value.source_text or value.source_code}))

    def _look_up_codes(self, values: list[StagedValue]) -> dict[tuple[str, str], tuple[int, int | None, str | None]]:
        """(vocabulary_id, code) -> (source concept id, standard target via Maps to or itself, target domain)."""
        pairs = sorted({pair for value in values for pair in code_lookups(value.source_vocabulary, value.source_code)})
        if not pairs:
            return {}
        found: dict[tuple[str, str], tuple[int, int | None, str | None]] = {}
        with self.store.transaction():
            self.store.execute(
                "CREATE TABLE IF NOT EXISTS staging.vocab_code_lookup (vocabulary_id VARCHAR(20), concept_code VARCHAR(50))"
            )
            self.store.execute("DELETE FROM staging.vocab_code_lookup")
            self.store.load_arrow(
                "staging.vocab_code_lookup",
                pa.table({"vocabulary_id": [p[0][:20] for p in pairs], "concept_code": [p[1][:50] for p in pairs]}),
            )
            rows = self.store.query(
                "SELECT c.vocabulary_id, c.concept_code, c.concept_id, c.standard_concept, c.domain_id, "
                "t.concept_id, t.domain_id "
                "FROM staging.vocab_code_lookup AS l JOIN vocab.concept AS c "
                "ON c.vocabulary_id = l.vocabulary_id AND c.concept_code = l.concept_code "
                "LEFT JOIN vocab.concept_relationship AS r ON r.concept_id_1 = c.concept_id AND r.relationship_id = 'Maps to' "
                "AND r.invalid_reason IS NULL "
                "LEFT JOIN vocab.concept AS t ON t.concept_id = r.concept_id_2 AND t.standard_concept = 'S' "
                "ORDER BY c.vocabulary_id, c.concept_code, t.concept_id"
            )
            self.store.execute("DROP TABLE staging.vocab_code_lookup")
        for vocabulary, code, concept_id, standard, own_domain, target_id, target_domain in rows:
            key = (vocabulary, code)
            if key in found and found[key][1] is not None:
                continue  # several 'Maps to' (e.g. a value mapping): the first standard target is the concept
            if target_id is None and standard == "S":
                target_id = concept_id
                target_domain = own_domain
            found[key] = (int(concept_id), None if target_id is None else int(target_id), target_domain)
        return found

    def _histology_at_site(self, value: StagedValue, source_concept_id: int) -> Resolution | None:
        """A morphology code (M8140/3) with a diagnosis text naming the site: the ICDO3 histology-site condition."""
        morphology = _morphology_of(value)
        if morphology is None or not value.source_text:
            return None
        for candidate in self.matcher.candidates(value.domain, value.source_text, limit=3):
            site = _HISTOLOGY_SITE.match(self.histology_code_of.get(candidate.concept_id, ""))
            if not site:
                continue
            # The exact site if that combination exists, else the organ's NOS site (lung: C34.9).
            for topography in (site.group(1), site.group(1)[:4] + "9"):
                found = self.histology_sites.get(f"{morphology}-{topography}")
                if found:
                    return Resolution(source_concept_id, found[0], found[1], "maps_to", None)
        return None

    def resolve(self, value: StagedValue) -> Resolution:
        keys = mapping_keys(value.domain, value.source_vocabulary, value.source_code, value.source_text)
        source_concept_id = 0
        maps_to: Resolution | None = None
        for pair in code_lookups(value.source_vocabulary, value.source_code):
            if pair in self.codes:
                concept_id, target, domain = self.codes[pair]
                source_concept_id = source_concept_id or concept_id
                if target is not None:
                    maps_to = Resolution(source_concept_id, target, domain, "maps_to", None)
                    break
        for key in keys:
            target_and_origin = self.mapped.get(key)
            if target_and_origin and target_and_origin[1] == "approved":
                target = target_and_origin[0]
                return Resolution(source_concept_id, target, self.domains.get(target), "approved", None)
        if maps_to:
            return maps_to
        combined = self._histology_at_site(value, source_concept_id)
        if combined:
            return combined
        if self.use_shipped:
            for key in keys:
                target_and_origin = self.mapped.get(key)
                if target_and_origin:
                    target = target_and_origin[0]
                    return Resolution(source_concept_id, target, self.domains.get(target), "shipped", None)
        if keys and keys[0] in self.rejected:
            return Resolution(source_concept_id, 0, None, "unmapped", None)
        for text in (value.source_text, value.source_code if is_local_vocabulary(value.source_vocabulary) else None):
            candidates = self.matcher.candidates(value.domain, text, limit=1)
            if candidates and candidates[0].score >= (
                100.0 if candidates[0].method != "fuzzy" else self.rules.fuzzy_accept_score
            ):
                best = candidates[0]
                return Resolution(source_concept_id, best.concept_id, best.domain_id, best.method, best.score)
        return Resolution(source_concept_id, 0, None, "unmapped", None)


def _morphology_of(value: StagedValue) -> str | None:
    if not value.source_code or str(value.source_vocabulary or "").upper() not in ("ICDO3", "ICD-O-3"):
        return None
    match = _MORPHOLOGY.match(value.source_code.strip())
    return match.group(1) if match else None


def resolve_source_concepts(store: Store, *, use_shipped: bool = True) -> int:
    """Rewrite staging.concept_resolution (and staging.unit_resolution) for every distinct staged value; returns rows."""
    values = distinct_staged_values(store)
    resolver = SourceResolver(store, values, use_shipped=use_shipped)
    resolutions = [resolver.resolve(value) for value in values]
    columns = {
        "domain": [v.domain for v in values],
        "source_vocabulary": pa.array([v.source_vocabulary for v in values], pa.string()),
        "source_code": pa.array([v.source_code for v in values], pa.string()),
        "source_text": pa.array([v.source_text for v in values], pa.string()),
        "unit_source_value": pa.array([None] * len(values), pa.string()),
        "source_concept_id": pa.array([r.source_concept_id for r in resolutions], pa.int64()),
        "target_concept_id": pa.array([r.target_concept_id for r in resolutions], pa.int64()),
        "target_domain_id": pa.array([r.target_domain_id for r in resolutions], pa.string()),
        "method": [r.method for r in resolutions],
        "score": pa.array([r.score for r in resolutions], pa.float64()),
        "records": pa.array([v.records for v in values], pa.int64()),
    }
    with store.transaction():
        store.execute("DELETE FROM staging.concept_resolution")
        if values:
            store.load_arrow("staging.concept_resolution", pa.table(columns))
    resolve_units(store)
    return len(values)
