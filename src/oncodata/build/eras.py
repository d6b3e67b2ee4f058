"""CONDITION_ERA and DRUG_ERA with the standard OHDSI logic: occurrences within 30 days of each other join one era."""

from __future__ import annotations

from oncodata.store.base import Store

PERSISTENCE_DAYS = 30
SCOPE = "(SELECT person_id FROM admin.build_scope)"


def _era_sql(source: str, key: str) -> str:
    """Eras over (person_id, key, s, e) rows: a new era starts when an interval begins more than 30 days after the
    latest end seen so far for that person and key. Rows are numbered once so that both window passes see ties
    (same start and end) in the same order — otherwise a parallel engine may sort them differently each time."""
    return (
        f"WITH numbered_rows AS (SELECT person_id, {key}, s, e, row_number() OVER (PARTITION BY person_id, {key} ORDER BY s, e) AS rn "
        "FROM " + source + "), "
        f"ordered AS (SELECT person_id, {key}, s, e, rn, max(e) OVER (PARTITION BY person_id, {key} ORDER BY rn "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end FROM numbered_rows), "
        f"flagged AS (SELECT *, CASE WHEN previous_end IS NULL OR s > previous_end + {PERSISTENCE_DAYS} THEN 1 ELSE 0 END AS starts_era "
        "FROM ordered), "
        f"numbered AS (SELECT *, sum(starts_era) OVER (PARTITION BY person_id, {key} ORDER BY rn ROWS UNBOUNDED PRECEDING) AS era "
        "FROM flagged) "
        f"SELECT person_id, {key} AS concept_id, min(s) AS era_start, max(e) AS era_end, count(*) AS occurrences, "
        "sum(e - s + 1) AS exposed_days FROM numbered GROUP BY person_id, " + key + ", era"
    )


def condition_eras(store: Store) -> None:
    source = (
        "(SELECT person_id, condition_concept_id, condition_start_date AS s, "
        "coalesce(condition_end_date, condition_start_date) AS e FROM cdm.condition_occurrence "
        f"WHERE condition_concept_id <> 0 AND person_id IN {SCOPE}) AS occurrences"
    )
    store.execute(
        "INSERT INTO cdm.condition_era (condition_era_id, person_id, condition_concept_id, condition_era_start_date, "
        "condition_era_end_date, condition_occurrence_count) "
        "SELECT admin.stable_id('condition_era|' || CAST(person_id AS VARCHAR) || '|' || CAST(concept_id AS VARCHAR) || '|' "
        "|| CAST(era_start AS VARCHAR)), person_id, concept_id, era_start, era_end, occurrences "
        f"FROM ({_era_sql(source, 'condition_concept_id')}) AS eras"
    )


def drug_eras(store: Store) -> None:
    """Drug eras at ingredient level (through CONCEPT_ANCESTOR), gap days = era length minus days exposed."""
    source = (
        "(SELECT d.person_id, i.concept_id AS ingredient_concept_id, d.drug_exposure_start_date AS s, "
        "coalesce(d.drug_exposure_end_date, d.drug_exposure_start_date) AS e FROM cdm.drug_exposure AS d "
        "JOIN vocab.concept_ancestor AS ca ON ca.descendant_concept_id = d.drug_concept_id "
        "JOIN vocab.concept AS i ON i.concept_id = ca.ancestor_concept_id AND i.concept_class_id = 'Ingredient' "
        f"WHERE d.drug_concept_id <> 0 AND d.person_id IN {SCOPE}) AS exposures"
    )
    store.execute(
        "INSERT INTO cdm.drug_era (drug_era_id, person_id, drug_concept_id, drug_era_start_date, drug_era_end_date, "
        "drug_exposure_count, gap_days) "
        "SELECT admin.stable_id('drug_era|' || CAST(person_id AS VARCHAR) || '|' || CAST(concept_id AS VARCHAR) || '|' "
        "|| CAST(era_start AS VARCHAR)), person_id, concept_id, era_start, era_end, occurrences, "
        "greatest(0, (era_end - era_start + 1) - exposed_days) "
        f"FROM ({_era_sql(source, 'ingredient_concept_id')}) AS eras"
    )
