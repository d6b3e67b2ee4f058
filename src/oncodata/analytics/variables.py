"""Person-level cohort variables (sex, age, stage, histology, biomarkers, smoking, treatment) as SQL, from data/variables.yaml.

Each variable compiles to one `SELECT person_id, value FROM results.cohort_member …` over a cohort's members, so
Table 1, survival strata and Cox covariates share one definition of "stage" or "EGFR status".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pyarrow as pa
import yaml

from oncodata.analytics.cohort import regimen_drug_exists
from oncodata.analytics.concepts import concept_id_by_code, id_list, resolve_concept_refs
from oncodata.analytics.definition import ConceptRef
from oncodata.cdm.oncology import EpisodeConcept, FieldConcept
from oncodata.errors import BadInputError
from oncodata.store.base import Store, sql_literal

MEMBERS = "results.cohort_member m"


@dataclass(frozen=True)
class Variable:
    """One variable: name, label, whether it is continuous, and its raw configuration."""

    name: str
    label: str
    continuous: bool
    config: dict[str, Any]


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    text = resources.files("oncodata.analytics").joinpath("data/variables.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def table1_variables() -> list[str]:
    """The variables of the default Table 1, in order."""
    return list(_config()["table1"])


def variable(name: str) -> Variable:
    """The named variable; BadInputError listing the known names otherwise."""
    known = _config()["variables"]
    if name not in known:
        raise BadInputError(f"unknown variable {name!r}; known: {', '.join(sorted(known))}")
    config = known[name]
    return Variable(name, config["label"], config["type"] == "age", config)


def known_variables() -> list[str]:
    return sorted(_config()["variables"])


def _refs(pairs: list[list[str]]) -> tuple[ConceptRef, ...]:
    return tuple(ConceptRef(vocabulary_id=v, concept_code=c) for v, c in pairs)


def _resolve_present(store: Store, pairs: list[list[str]]) -> tuple[int, ...]:
    """Resolve the pairs the vocabulary has; a variable over a missing local concept simply finds nothing."""
    present = [pair for pair in pairs if concept_id_by_code(store, pair[0], pair[1]) is not None]
    return resolve_concept_refs(store, _refs(present)) if present else ()


def _case(branches: list[tuple[str, str]], otherwise: str) -> str:
    if not branches:
        return sql_literal(otherwise)
    return (
        "CASE "
        + " ".join(f"WHEN {cond} THEN {sql_literal(label)}" for cond, label in branches)
        + f" ELSE {sql_literal(otherwise)} END"
    )


def variable_sql(store: Store, var: Variable, cohort_id: int) -> str:
    """SELECT person_id, value for every member of the cohort (value text, or a number for continuous variables)."""
    c = var.config
    kind = c["type"]
    where = f"m.cohort_definition_id = {int(cohort_id)}"
    person = f"FROM {MEMBERS} JOIN cdm.person p ON p.person_id = m.person_id WHERE {where}"
    age = "(EXTRACT(YEAR FROM m.index_date) - p.year_of_birth)"
    if kind == "sex":
        return f"SELECT m.person_id, {_case([('p.gender_concept_id = 8507', 'Male'), ('p.gender_concept_id = 8532', 'Female')], 'Unknown')} AS value {person}"
    if kind == "age":
        return f"SELECT m.person_id, CAST({age} AS DOUBLE) AS value {person}"
    if kind == "age_group":
        bands = [int(b) for b in c["bands"]]
        branches, low = [], None
        for high in bands:
            branches.append((f"{age} < {high}", f"<{high}" if low is None else f"{low}-{high - 1}"))
            low = high
        return f"SELECT m.person_id, {_case(branches, f'>={bands[-1]}')} AS value {person}"
    if kind == "stage_group":
        branches = [(f"s.concept_code LIKE '%-{g['code']}%'", str(g["label"])) for g in c["groups"]]
        ranked = (
            "SELECT m.person_id, k.concept_code, row_number() OVER (PARTITION BY m.person_id ORDER BY "
            "CASE WHEN k.concept_code LIKE 'c-%' THEN 0 ELSE 1 END, m2.measurement_date DESC, k.concept_code) AS rn "
            f"FROM {MEMBERS} JOIN cdm.measurement m2 ON m2.measurement_event_id = m.condition_occurrence_id "
            f"AND m2.meas_event_field_concept_id = {int(FieldConcept.CONDITION_OCCURRENCE_ID)} "
            "JOIN vocab.concept k ON k.concept_id = m2.measurement_concept_id "
            f"WHERE {where} AND k.vocabulary_id = 'Cancer Modifier' AND k.concept_code LIKE '%-Stage-%'"
        )
        return (
            f"SELECT m.person_id, {_case(branches, c['missing'])} AS value FROM {MEMBERS} "
            f"LEFT JOIN ({ranked}) s ON s.person_id = m.person_id AND s.rn = 1 WHERE {where}"
        )
    if kind == "histology":
        branches = []
        for group in c["groups"]:
            likes = " OR ".join(f"k.concept_code LIKE '{code}-%'" for code in group["morphology"])
            branches.append((f"k.vocabulary_id = 'ICDO3' AND ({likes})", group["label"]))
        return (
            f"SELECT m.person_id, {_case(branches, c['missing'])} AS value FROM {MEMBERS} "
            "LEFT JOIN cdm.condition_occurrence co ON co.condition_occurrence_id = m.condition_occurrence_id "
            f"LEFT JOIN vocab.concept k ON k.concept_id = co.condition_concept_id WHERE {where}"
        )
    if kind == "observation_value":
        sources = ", ".join(sql_literal(s) for s in c["source_values"])
        branches = []
        for category in c["categories"]:
            values = ", ".join(sql_literal(str(v).lower()) for v in category["values"])
            branches.append((f"lower(trim(o.value)) IN ({values})", category["label"]))
        latest = (
            "SELECT x.person_id, x.value_source_value AS value, row_number() OVER (PARTITION BY x.person_id "
            f"ORDER BY x.observation_date DESC, x.observation_id DESC) AS rn FROM cdm.observation x WHERE x.observation_source_value IN ({sources})"
        )
        return (
            f"SELECT m.person_id, {_case(branches, c['missing'])} AS value FROM {MEMBERS} "
            f"LEFT JOIN ({latest}) o ON o.person_id = m.person_id AND o.rn = 1 WHERE {where}"
        )
    if kind in ("biomarker", "biomarker_value"):
        ids = id_list(_resolve_present(store, c["concepts"]))
        if kind == "biomarker":
            positive = id_list([9191, *[i for i in [concept_id_by_code(store, "OncoData", "VALUE-DETECTED")] if i is not None]])
            negative = id_list(
                [9189, *[i for i in [concept_id_by_code(store, "OncoData", "VALUE-NOT-DETECTED")] if i is not None]]
            )
            status = (
                "SELECT b.person_id, max(CASE WHEN b.value_as_concept_id IN (" + positive + ") THEN 2 "
                "WHEN b.value_as_concept_id IN (" + negative + ") THEN 1 ELSE 0 END) AS s "
                f"FROM cdm.measurement b WHERE b.measurement_concept_id IN ({ids}) GROUP BY b.person_id"
            )
            value = _case([("t.s = 2", "Positive"), ("t.s = 1", "Negative"), ("t.s = 0", "Tested, result unclear")], "Not tested")
        else:
            status = (
                "SELECT b.person_id, max(b.value_as_number) AS s FROM cdm.measurement b "
                f"WHERE b.measurement_concept_id IN ({ids}) AND b.value_as_number IS NOT NULL GROUP BY b.person_id"
            )
            value = _case([(f"t.s < {float(band['max'])!r}", band["label"]) for band in c["bands"]], c["missing"])
        return f"SELECT m.person_id, {value} AS value FROM {MEMBERS} LEFT JOIN ({status}) t ON t.person_id = m.person_id WHERE {where}"
    if kind == "procedure":
        ids = id_list(_resolve_present(store, c["concepts"]))
        had = (
            f"EXISTS (SELECT 1 FROM cdm.procedure_occurrence x WHERE x.person_id = m.person_id AND x.procedure_concept_id IN ({ids}) "
            "AND x.procedure_date >= m.index_date AND x.procedure_date <= m.end_date)"
        )
        return f"SELECT m.person_id, {_case([(had, 'Yes')], 'No')} AS value FROM {MEMBERS} WHERE {where}"
    if kind == "death":
        died = "EXISTS (SELECT 1 FROM cdm.death d WHERE d.person_id = m.person_id AND d.death_date <= m.end_date)"
        return f"SELECT m.person_id, {_case([(died, 'Yes')], 'No')} AS value FROM {MEMBERS} WHERE {where}"
    if kind == "line_class":
        line = int(c.get("line", 1))
        episode = (
            "SELECT e.person_id, e.episode_id, row_number() OVER (PARTITION BY e.person_id ORDER BY e.episode_start_date, e.episode_id) AS rn "
            f"FROM cdm.episode e WHERE e.episode_concept_id = {int(EpisodeConcept.TREATMENT_REGIMEN)} AND e.episode_number = {line}"
        )
        branches = [(regimen_drug_exists("r", _resolve_present(store, cls["concepts"])), cls["label"]) for cls in c["classes"]]
        value = f"CASE WHEN r.episode_id IS NULL THEN {sql_literal(c['none'])} ELSE {_case(branches, c['other'])} END"
        return (
            f"SELECT m.person_id, {value} AS value FROM {MEMBERS} LEFT JOIN ({episode}) r "
            f"ON r.person_id = m.person_id AND r.rn = 1 WHERE {where}"
        )
    raise BadInputError(f"variable {var.name}: unknown type {kind!r}")


def variable_values(store: Store, name: str, cohort_id: int) -> pa.Table:
    """Arrow table (person_id, value) of one variable over the cohort's members."""
    return store.query_arrow(variable_sql(store, variable(name), cohort_id))


def category_order(name: str) -> list[str]:
    """The configured order of a categorical variable's labels (for tables and legends)."""
    c = variable(name).config
    kind = c["type"]
    if kind == "sex":
        return ["Male", "Female", "Unknown"]
    if kind == "age_group":
        bands = [int(b) for b in c["bands"]]
        labels, low = [], None
        for high in bands:
            labels.append(f"<{high}" if low is None else f"{low}-{high - 1}")
            low = high
        return [*labels, f">={bands[-1]}"]
    if kind in ("stage_group", "histology"):
        labels = [str(g["label"]) for g in c["groups"]]
        if kind == "stage_group":
            order = {
                "0": 0,
                "I": 1,
                "IA": 2,
                "IB": 3,
                "II": 4,
                "IIA": 5,
                "IIB": 6,
                "III": 7,
                "IIIA": 8,
                "IIIB": 9,
                "IIIC": 10,
                "IV": 11,
            }
            labels = sorted(labels, key=lambda label: (order.get(label, 12), label))
        return [*labels, c["missing"]]
    if kind == "observation_value":
        return [cat["label"] for cat in c["categories"]] + [c["missing"]]
    if kind == "biomarker":
        return ["Positive", "Negative", "Tested, result unclear", "Not tested"]
    if kind == "biomarker_value":
        return [band["label"] for band in c["bands"]] + [c["missing"]]
    if kind == "line_class":
        return [cls["label"] for cls in c["classes"]] + [c["other"], c["none"]]
    return ["Yes", "No"]
