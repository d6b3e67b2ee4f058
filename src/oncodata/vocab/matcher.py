"""Rank standard concepts for a free-text source term: exact name, synonym (Chinese, brand, abbreviation), then fuzzy.

The index holds, per CDM domain, the normalized names of standard concepts, their synonyms, and the names and
synonyms of source concepts that map to them (so a China clinical-edition diagnosis name finds its standard concept).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from oncodata.store.base import Store
from oncodata.vocab.normalize import matching_rules, normalize_term, term_variants

# CDM domain (staging table) -> (concept domain_ids, extra SQL filter on the standard concept `c`).
DOMAIN_FILTERS: dict[str, tuple[tuple[str, ...], str]] = {
    # Diagnosis lists also hold encounter reasons (chemotherapy course, follow-up) whose concepts are procedures
    # or observations; the target's domain then decides the CDM table, as OMOP prescribes.
    "condition": (("Condition", "Procedure", "Observation"), ""),
    # Drugs are matched at ingredient level: the brand and the form are synonyms or noise in a local drug name.
    "drug": (("Drug",), " AND c.concept_class_id = 'Ingredient'"),
    "measurement": (("Measurement",), ""),
    "procedure": (("Procedure",), ""),
    "observation": (("Observation",), ""),
}
METHOD_RANK = {"exact": 0, "synonym": 1, "fuzzy": 2}
FUZZY_FLOOR = 50.0
# Typed abbreviations and short Chinese names often have two characters swapped (AST -> ATS, 白蛋白 -> 蛋白白); an
# edit-distance ratio scores those low on short strings, so a same-letters match of 3+ characters gets one swap's cost.
ANAGRAM_MIN_LENGTH = 3


def _letters(text: str) -> str:
    return "".join(sorted(text))


def anagram_score(length: int) -> float:
    """Score of a one-swap match: a swap is one edit among 2×length characters compared."""
    return round(100.0 * (1 - 1 / (2 * length)), 1)


@dataclass(frozen=True)
class Candidate:
    """One ranked standard concept for a source term."""

    concept_id: int
    concept_name: str
    domain_id: str
    vocabulary_id: str
    method: str
    score: float


@dataclass
class DomainIndex:
    """Normalized strings of one domain and the concepts they name."""

    exact: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    synonym: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    concepts: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    anagrams: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


class ConceptMatcher:
    """Builds the per-domain index from the database once, then ranks candidates without further queries."""

    def __init__(self, store: Store, domains: Iterable[str] = DOMAIN_FILTERS) -> None:
        self.indexes = {domain: self._build(store, domain) for domain in domains}

    @staticmethod
    def _build(store: Store, domain: str) -> DomainIndex:
        concept_domains, extra = DOMAIN_FILTERS[domain]
        listed = ", ".join(f"'{name}'" for name in concept_domains)
        standard = f"c.standard_concept = 'S' AND c.invalid_reason IS NULL AND c.domain_id IN ({listed}){extra}"
        index = DomainIndex()
        for concept_id, name, concept_domain, vocabulary in store.query(
            f"SELECT c.concept_id, c.concept_name, c.domain_id, c.vocabulary_id FROM vocab.concept AS c WHERE {standard}"
        ):
            index.concepts[int(concept_id)] = (name, concept_domain, vocabulary)
            index.exact[normalize_term(name)].add(int(concept_id))
        synonym_sources = (
            f"SELECT s.concept_id, s.concept_synonym_name FROM vocab.concept_synonym AS s "
            f"JOIN vocab.concept AS c ON c.concept_id = s.concept_id WHERE {standard}",
            # Names of source concepts (ICD10CN, ICD10, local codes) that map to a standard concept of this domain.
            f"SELECT r.concept_id_2, o.concept_name FROM vocab.concept_relationship AS r "
            f"JOIN vocab.concept AS o ON o.concept_id = r.concept_id_1 JOIN vocab.concept AS c ON c.concept_id = r.concept_id_2 "
            f"WHERE r.relationship_id = 'Maps to' AND r.invalid_reason IS NULL AND o.concept_id <> c.concept_id AND {standard}",
            f"SELECT r.concept_id_2, s.concept_synonym_name FROM vocab.concept_relationship AS r "
            f"JOIN vocab.concept_synonym AS s ON s.concept_id = r.concept_id_1 "
            f"JOIN vocab.concept AS c ON c.concept_id = r.concept_id_2 "
            f"WHERE r.relationship_id = 'Maps to' AND r.invalid_reason IS NULL AND r.concept_id_1 <> c.concept_id AND {standard}",
        )
        for sql in synonym_sources:
            for concept_id, text in store.query(sql):
                key = normalize_term(text)
                if key and int(concept_id) not in index.exact.get(key, ()):
                    index.synonym[key].add(int(concept_id))
        index.choices = sorted(set(index.exact) | set(index.synonym))
        for choice in index.choices:
            index.anagrams[_letters(choice)].append(choice)
        return index

    def candidates(self, domain: str, text: str | None, limit: int | None = None) -> list[Candidate]:
        """Standard concepts for `text`, best first: exact and synonym hits (score 100), then fuzzy by score."""
        index = self.indexes.get(domain)
        if index is None or not text or not text.strip():
            return []
        limit = limit or matching_rules().candidates_per_value
        best: dict[int, tuple[int, float]] = {}

        def offer(concept_id: int, method: str, score: float) -> None:
            rank = METHOD_RANK[method]
            current = best.get(concept_id)
            if current is None or (rank, -score) < (current[0], -current[1]):
                best[concept_id] = (rank, score)

        for variant in term_variants(text):
            exact_hits = index.exact.get(variant, set())
            synonym_hits = index.synonym.get(variant, set())
            for concept_id in exact_hits:
                offer(concept_id, "exact", 100.0)
            for concept_id in synonym_hits:
                offer(concept_id, "synonym", 100.0)
            if exact_hits or synonym_hits:
                continue
            if len(variant) >= ANAGRAM_MIN_LENGTH:
                for choice in index.anagrams.get(_letters(variant), ()):
                    for concept_id in index.exact.get(choice, set()) | index.synonym.get(choice, set()):
                        offer(concept_id, "fuzzy", anagram_score(len(variant)))
            for choice, score, _ in process.extract(
                variant, index.choices, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=FUZZY_FLOOR
            ):
                for concept_id in index.exact.get(choice, set()) | index.synonym.get(choice, set()):
                    offer(concept_id, "fuzzy", float(score))
        ranked = sorted(best.items(), key=lambda item: (item[1][0], -item[1][1], item[0]))[:limit]
        method_of_rank = {rank: method for method, rank in METHOD_RANK.items()}
        result = []
        for concept_id, (rank, score) in ranked:
            name, concept_domain, vocabulary = index.concepts[concept_id]
            result.append(Candidate(concept_id, name, concept_domain, vocabulary, method_of_rank[rank], score))
        return result
