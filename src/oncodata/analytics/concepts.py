"""Resolve concept references (id or vocabulary + code, with descendants) to concept ids through the vocabulary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from oncodata.analytics.definition import ConceptRef
from oncodata.errors import BadInputError
from oncodata.store.base import Store

NO_CONCEPT = -1  # never a concept id: keeps `IN (...)` valid when a set resolves to nothing


def concept_id_by_code(store: Store, vocabulary_id: str, concept_code: str) -> int | None:
    """The concept id of (vocabulary_id, concept_code), or None when the vocabulary does not have it."""
    value = store.scalar(
        "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = $v AND concept_code = $c ORDER BY concept_id LIMIT 1",
        {"v": vocabulary_id, "c": concept_code},
    )
    return None if value is None else int(value)


def resolve_concept_refs(store: Store, refs: Sequence[ConceptRef]) -> tuple[int, ...]:
    """Every concept id the references stand for (descendants included where asked), sorted; unknown codes fail."""
    direct: set[int] = set()
    with_descendants: set[int] = set()
    for ref in refs:
        if ref.concept_id is not None:
            concept_id = ref.concept_id
        else:
            found = concept_id_by_code(store, str(ref.vocabulary_id), str(ref.concept_code))
            if found is None:
                raise BadInputError(f"concept {ref.vocabulary_id} {ref.concept_code} is not in the vocabulary")
            concept_id = found
        (with_descendants if ref.include_descendants else direct).add(concept_id)
    ids = set(direct) | set(with_descendants)
    if with_descendants:
        rows = store.query(
            f"SELECT DISTINCT descendant_concept_id FROM vocab.concept_ancestor WHERE ancestor_concept_id IN ({id_list(with_descendants)})"
        )
        ids.update(int(row[0]) for row in rows)
    return tuple(sorted(ids))


def id_list(ids: Iterable[int]) -> str:
    """Comma-separated integer literals for an `IN (...)` list (never empty)."""
    values = sorted({int(i) for i in ids})
    return ", ".join(str(v) for v in values) if values else str(NO_CONCEPT)
