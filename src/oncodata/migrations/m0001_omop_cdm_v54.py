"""Schema version 1: the cdm, vocab, results, staging and admin schemas with all 39 OMOP CDM v5.4 tables."""

from __future__ import annotations

from oncodata.cdm.ddl import full_cdm_statements
from oncodata.store.base import Store


def apply(store: Store) -> None:
    for statement in full_cdm_statements(store.engine):
        store.execute_native(statement)
