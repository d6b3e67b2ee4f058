"""Cohorts: compile a definition to one SQL statement per step, run it in the engine, keep members and attrition.

Step 0 inserts the entry events into `results.cohort_candidate`; each later step is one UPDATE that marks the
candidates failing a requirement with its step number, so the attrition (persons left after each step) is one
query. The earliest surviving event per person becomes the member; `results.cohort` gets the OMOP rows.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import orjson

from oncodata.analytics.concepts import concept_id_by_code, id_list, resolve_concept_refs
from oncodata.analytics.definition import FAR_FUTURE, FAR_PAST, SEX_VALUES, CohortDefinition, Criterion
from oncodata.cdm.oncology import EpisodeConcept, FieldConcept
from oncodata.errors import BadInputError
from oncodata.store.base import Store

CANDIDATE = "results.cohort_candidate"
POSITIVE_VALUES = (9191, ("OncoData", "VALUE-DETECTED"))
NEGATIVE_VALUES = (9189, ("OncoData", "VALUE-NOT-DETECTED"))


@dataclass(frozen=True)
class CompiledStep:
    """One step of a compiled cohort: what it checks and the statement that applies it."""

    step: int
    criterion: str
    sql: str


@dataclass(frozen=True)
class AttritionRow:
    """Persons before and after one step, and how many the step removed."""

    step: int
    criterion: str
    persons_before: int
    persons_after: int
    removed: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "criterion": self.criterion,
            "persons_before": self.persons_before,
            "persons_after": self.persons_after,
            "removed": self.removed,
        }


@dataclass
class CohortSummary:
    """A generated cohort: id, name, entry events, persons and attrition."""

    cohort_id: int
    name: str
    persons: int
    entry_events: int
    generated_at: dt.datetime | None = None
    generated_by: str | None = None
    seconds: float | None = None
    attrition: list[AttritionRow] = field(default_factory=list)
    definition: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cohort_id": self.cohort_id,
            "name": self.name,
            "persons": self.persons,
            "entry_events": self.entry_events,
            "generated_at": self.generated_at.isoformat() if self.generated_at else None,
            "generated_by": self.generated_by,
            "seconds": None if self.seconds is None else round(self.seconds, 3),
            "attrition": [row.as_dict() for row in self.attrition],
        }


# -- compilation ---------------------------------------------------------------------------------------------------
def _days(expr: str, offset: int) -> str:
    return f"{expr} + {offset}" if offset >= 0 else f"{expr} - {-offset}"


def _window_sql(column: str, start: int, end: int) -> str:
    parts = []
    if start > FAR_PAST:
        parts.append(f"{column} >= {_days('c.index_date', start)}")
    if end < FAR_FUTURE:
        parts.append(f"{column} <= {_days('c.index_date', end)}")
    return " AND ".join(parts) if parts else "TRUE"


def _value_ids(store: Store, spec: tuple[int, tuple[str, str]]) -> list[int]:
    ids = [spec[0]]
    local = concept_id_by_code(store, *spec[1])
    if local is not None:
        ids.append(local)
    return ids


def _modifier_code(value: str, kind: str) -> str:
    """Normalize a stage/TNM value to the code spelling of the Cancer Modifier vocabulary (T2A -> T2a, tx -> TX)."""
    if kind == "stage_group":
        return "Stage-" + (value.capitalize() if value.lower() == "occult" else value.upper())
    head, rest = value[0].upper(), value[1:]
    rest = "X" if rest.lower() == "x" else rest.lower()
    return head + rest


def criterion_predicate(store: Store, criterion: Criterion) -> str:
    """A boolean SQL expression over the candidate row `c` that is true when the person meets the criterion."""
    kind = criterion.kind
    window = criterion.window
    if kind == "histology":
        checks = []
        if criterion.values:
            likes = " OR ".join(f"k.concept_code LIKE '{code}-%'" for code in criterion.values)
            checks.append(f"(k.vocabulary_id = 'ICDO3' AND ({likes}))")
        if criterion.concepts:
            checks.append(f"co.condition_concept_id IN ({id_list(resolve_concept_refs(store, criterion.concepts))})")
        return (
            "EXISTS (SELECT 1 FROM cdm.condition_occurrence co JOIN vocab.concept k ON k.concept_id = co.condition_concept_id "
            f"WHERE co.condition_occurrence_id = c.condition_occurrence_id AND ({' OR '.join(checks)}))"
        )
    if kind in ("stage_group", "t", "n", "m"):
        prefix = {"any": "%", "clinical": "c", "pathological": "p"}[criterion.stage_type]
        likes = " OR ".join(f"k.concept_code LIKE '{prefix}-%-{_modifier_code(v, kind)}%'" for v in criterion.values)
        return (
            "EXISTS (SELECT 1 FROM cdm.measurement m JOIN vocab.concept k ON k.concept_id = m.measurement_concept_id "
            f"WHERE m.measurement_event_id = c.condition_occurrence_id AND m.meas_event_field_concept_id = "
            f"{int(FieldConcept.CONDITION_OCCURRENCE_ID)} AND k.vocabulary_id = 'Cancer Modifier' AND ({likes}))"
        )
    if kind == "biomarker":
        ids = id_list(resolve_concept_refs(store, criterion.concepts))
        checks = [f"m.measurement_concept_id IN ({ids})", _window_sql("m.measurement_date", window.start, window.end)]
        if criterion.status == "positive":
            checks.append(f"m.value_as_concept_id IN ({id_list(_value_ids(store, POSITIVE_VALUES))})")
        elif criterion.status == "negative":
            checks.append(f"m.value_as_concept_id IN ({id_list(_value_ids(store, NEGATIVE_VALUES))})")
        if criterion.minimum is not None:
            checks.append(f"m.value_as_number >= {criterion.minimum!r}")
        if criterion.maximum is not None:
            checks.append(f"m.value_as_number <= {criterion.maximum!r}")
        return f"EXISTS (SELECT 1 FROM cdm.measurement m WHERE m.person_id = c.person_id AND {' AND '.join(checks)})"
    if kind == "age":
        age = "EXTRACT(YEAR FROM c.index_date) - p.year_of_birth"
        checks = []
        if criterion.minimum is not None:
            checks.append(f"{age} >= {criterion.minimum!r}")
        if criterion.maximum is not None:
            checks.append(f"{age} <= {criterion.maximum!r}")
        return f"EXISTS (SELECT 1 FROM cdm.person p WHERE p.person_id = c.person_id AND {' AND '.join(checks)})"
    if kind == "sex":
        genders = id_list(SEX_VALUES[v] for v in criterion.values)
        return f"EXISTS (SELECT 1 FROM cdm.person p WHERE p.person_id = c.person_id AND p.gender_concept_id IN ({genders}))"
    if kind in ("drug", "procedure", "condition"):
        table, concept, start = {
            "drug": ("drug_exposure", "drug_concept_id", "drug_exposure_start_date"),
            "procedure": ("procedure_occurrence", "procedure_concept_id", "procedure_date"),
            "condition": ("condition_occurrence", "condition_concept_id", "condition_start_date"),
        }[kind]
        ids = id_list(resolve_concept_refs(store, criterion.concepts))
        return (
            f"EXISTS (SELECT 1 FROM cdm.{table} x WHERE x.person_id = c.person_id AND x.{concept} IN ({ids}) "
            f"AND {_window_sql('x.' + start, window.start, window.end)})"
        )
    if kind == "line_of_therapy":
        drugs = ""
        if criterion.concepts:
            drugs = " AND " + regimen_drug_exists("e", resolve_concept_refs(store, criterion.concepts))
        return (
            f"EXISTS (SELECT 1 FROM cdm.episode e WHERE e.person_id = c.person_id AND e.episode_concept_id = "
            f"{int(EpisodeConcept.TREATMENT_REGIMEN)} AND e.episode_number = {int(criterion.line or 1)} "
            f"AND {_window_sql('e.episode_start_date', window.start, window.end)}{drugs})"
        )
    if kind == "death":
        return (
            "EXISTS (SELECT 1 FROM cdm.death d WHERE d.person_id = c.person_id AND "
            f"{_window_sql('d.death_date', window.start, window.end)})"
        )
    raise BadInputError(f"unknown criterion kind {kind!r}")


def regimen_drug_exists(episode_alias: str, drug_ids: tuple[int, ...]) -> str:
    """SQL: the regimen episode `episode_alias` has a drug exposure from the set (through EPISODE_EVENT)."""
    return (
        "EXISTS (SELECT 1 FROM cdm.episode_event ee JOIN cdm.drug_exposure de ON de.drug_exposure_id = ee.event_id "
        f"WHERE ee.episode_id = {episode_alias}.episode_id AND ee.episode_event_field_concept_id = "
        f"{int(FieldConcept.DRUG_EXPOSURE_ID)} AND de.drug_concept_id IN ({id_list(drug_ids)}))"
    )


def _entry_sql(store: Store, definition: CohortDefinition, cohort_id: int) -> str:
    entry = definition.entry
    if entry.kind == "condition":
        ids = id_list(resolve_concept_refs(store, entry.concepts))
        events = (
            "SELECT co.person_id, co.condition_start_date AS index_date, co.condition_occurrence_id, "
            "CAST(NULL AS BIGINT) AS episode_id, co.condition_occurrence_id AS tie "
            f"FROM cdm.condition_occurrence co WHERE co.condition_concept_id IN ({ids})"
        )
        if entry.primary_only:
            events += (
                " AND EXISTS (SELECT 1 FROM cdm.episode_event pe JOIN cdm.episode pd ON pd.episode_id = pe.episode_id "
                f"WHERE pe.event_id = co.condition_occurrence_id AND pe.episode_event_field_concept_id = "
                f"{int(FieldConcept.CONDITION_OCCURRENCE_ID)} AND pd.episode_concept_id = {int(EpisodeConcept.DISEASE_FIRST_OCCURRENCE)})"
            )
    else:
        drugs = ""
        if entry.concepts:
            drugs = " AND " + regimen_drug_exists("e", resolve_concept_refs(store, entry.concepts))
        # The regimen's disease episode (episode_parent_id) leads to the primary cancer's condition occurrence.
        primary = (
            "(SELECT min(dee.event_id) FROM cdm.episode_event dee WHERE dee.episode_id = e.episode_parent_id "
            f"AND dee.episode_event_field_concept_id = {int(FieldConcept.CONDITION_OCCURRENCE_ID)})"
        )
        events = (
            f"SELECT e.person_id, e.episode_start_date AS index_date, {primary} AS condition_occurrence_id, "
            "e.episode_id, e.episode_id AS tie FROM cdm.episode e "
            f"WHERE e.episode_concept_id = {int(EpisodeConcept.TREATMENT_REGIMEN)} AND e.episode_number = {int(entry.line or 1)}{drugs}"
        )
    if entry.first_only:
        events = (
            "SELECT person_id, index_date, condition_occurrence_id, episode_id, tie FROM (SELECT ev.*, row_number() OVER "
            f"(PARTITION BY ev.person_id ORDER BY ev.index_date, ev.tie) AS rn FROM ({events}) ev) ranked WHERE rn = 1"
        )
    return (
        f"INSERT INTO {CANDIDATE} (cohort_definition_id, person_id, index_date, condition_occurrence_id, episode_id, "
        "op_start, op_end, removed_at_step) "
        f"SELECT {cohort_id}, ev.person_id, ev.index_date, ev.condition_occurrence_id, ev.episode_id, "
        "op.observation_period_start_date, op.observation_period_end_date, CAST(NULL AS INTEGER) "
        f"FROM ({events}) ev LEFT JOIN cdm.observation_period op ON op.person_id = ev.person_id "
        "AND ev.index_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date"
    )


def _mark_sql(cohort_id: int, step: int, predicate: str, exclude: bool) -> str:
    failing = predicate if exclude else f"NOT ({predicate})"
    return (
        f"UPDATE {CANDIDATE} AS c SET removed_at_step = {step} "
        f"WHERE c.cohort_definition_id = {cohort_id} AND c.removed_at_step IS NULL AND {failing}"
    )


def compile_cohort(store: Store, definition: CohortDefinition, cohort_id: int) -> list[CompiledStep]:
    """The statements that generate the cohort, one per step (entry, observation, each criterion)."""
    steps = [CompiledStep(0, "entry events", _entry_sql(store, definition, cohort_id))]
    prior, post = definition.prior_observation_days, definition.post_observation_days
    observation = "c.op_start IS NOT NULL"
    if prior:
        observation += f" AND c.op_start <= {_days('c.index_date', -prior)}"
    if post:
        observation += f" AND c.op_end >= {_days('c.index_date', post)}"
    label = f"in an observation period ({prior} days before, {post} days after)"
    steps.append(CompiledStep(1, label, _mark_sql(cohort_id, 1, observation, exclude=False)))
    for offset, criterion in enumerate(definition.inclusion, start=2):
        name = ("NOT " if criterion.exclude else "") + criterion.name
        predicate = criterion_predicate(store, criterion)
        steps.append(CompiledStep(offset, name, _mark_sql(cohort_id, offset, predicate, criterion.exclude)))
    return steps


def _end_date_sql(definition: CohortDefinition) -> str:
    if definition.exit.kind == "fixed":
        return f"LEAST({_days('c.index_date', int(definition.exit.days or 0))}, c.op_end)"
    if definition.exit.kind == "death":
        return "LEAST(COALESCE(d.death_date, c.op_end), c.op_end)"
    return "c.op_end"


# -- running ---------------------------------------------------------------------------------------------------------
def next_cohort_id(store: Store) -> int:
    used = store.scalar(
        "SELECT max(id) FROM (SELECT max(cohort_definition_id) AS id FROM results.cohort_definition "
        "UNION ALL SELECT max(cohort_definition_id) AS id FROM results.cohort_generation) ids"
    )
    return int(used or 0) + 1


def ensure_analytics_tables(store: Store) -> None:
    """Create the analytics tables when missing: a database migrated past version 7 before it existed skipped it."""
    if not store.table_exists("results", "cohort_member"):
        from oncodata.migrations import m0007_analytics_results

        m0007_analytics_results.apply(store)


def create_cohort(store: Store, definition: CohortDefinition, created_by: str | None = None) -> CohortSummary:
    """Generate the cohort in the engine (one transaction) and return its id, persons and attrition."""
    ensure_analytics_tables(store)
    started = time.perf_counter()
    with store.transaction():
        cohort_id = next_cohort_id(store)
        steps = compile_cohort(store, definition, cohort_id)
        for step in steps:
            store.execute(step.sql)
        attrition = _attrition(store, cohort_id, steps)
        end_date = _end_date_sql(definition)
        store.execute(
            "INSERT INTO results.cohort_member (cohort_definition_id, person_id, index_date, end_date, "
            "condition_occurrence_id, episode_id) "
            "SELECT cohort_definition_id, person_id, index_date, end_date, condition_occurrence_id, episode_id FROM ("
            f"SELECT c.cohort_definition_id, c.person_id, c.index_date, {end_date} AS end_date, c.condition_occurrence_id, "
            "c.episode_id, row_number() OVER (PARTITION BY c.person_id ORDER BY c.index_date, "
            "COALESCE(c.condition_occurrence_id, c.episode_id)) AS rn "
            f"FROM {CANDIDATE} c LEFT JOIN (SELECT person_id, min(death_date) AS death_date FROM cdm.death GROUP BY person_id) d "
            f"ON d.person_id = c.person_id WHERE c.cohort_definition_id = {cohort_id} AND c.removed_at_step IS NULL) m "
            "WHERE rn = 1"
        )
        store.execute(
            "INSERT INTO results.cohort (cohort_definition_id, subject_id, cohort_start_date, cohort_end_date) "
            f"SELECT cohort_definition_id, person_id, index_date, end_date FROM results.cohort_member WHERE cohort_definition_id = {cohort_id}"
        )
        entry_events = int(store.scalar(f"SELECT count(*) FROM {CANDIDATE} WHERE cohort_definition_id = {cohort_id}") or 0)
        store.execute(f"DELETE FROM {CANDIDATE} WHERE cohort_definition_id = {cohort_id}")
        persons = attrition[-1].persons_after
        syntax = orjson.dumps(definition.source, option=orjson.OPT_SORT_KEYS).decode()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        store.execute(
            "INSERT INTO results.cohort_definition (cohort_definition_id, cohort_definition_name, "
            "cohort_definition_description, definition_type_concept_id, cohort_definition_syntax, subject_concept_id, "
            "cohort_initiation_date) VALUES ($id, $name, $description, 0, $syntax, 0, $today)",
            {
                "id": cohort_id,
                "name": definition.name[:255],
                "description": definition.description,
                "syntax": syntax,
                "today": now.date(),
            },
        )
        for row in attrition:
            store.execute(
                "INSERT INTO results.cohort_attrition (cohort_definition_id, step, criterion, persons_before, persons_after, "
                "removed) VALUES ($id, $step, $criterion, $before, $after, $removed)",
                {
                    "id": cohort_id,
                    "step": row.step,
                    "criterion": row.criterion[:255],
                    "before": row.persons_before,
                    "after": row.persons_after,
                    "removed": row.removed,
                },
            )
        seconds = time.perf_counter() - started
        store.execute(
            "INSERT INTO results.cohort_generation (cohort_definition_id, name, definition_json, generated_at, generated_by, "
            "entry_events, persons, seconds) VALUES ($id, $name, $syntax, $at, $by, $events, $persons, $seconds)",
            {
                "id": cohort_id,
                "name": definition.name[:255],
                "syntax": syntax,
                "at": now,
                "by": created_by,
                "events": entry_events,
                "persons": persons,
                "seconds": seconds,
            },
        )
    return CohortSummary(
        cohort_id, definition.name, persons, entry_events, now, created_by, seconds, attrition, definition.source
    )


def _attrition(store: Store, cohort_id: int, steps: list[CompiledStep]) -> list[AttritionRow]:
    columns = ", ".join(
        f"count(DISTINCT person_id) FILTER (WHERE removed_at_step IS NULL OR removed_at_step > {s.step}) AS after_{s.step}"
        for s in steps
    )
    counts = store.query(f"SELECT {columns} FROM {CANDIDATE} WHERE cohort_definition_id = {cohort_id}")[0]
    rows = []
    before = int(counts[0] or 0)
    for step, after in zip(steps, counts, strict=True):
        after = int(after or 0)
        rows.append(
            AttritionRow(step.step, step.criterion, before if step.step else after, after, (before - after) if step.step else 0)
        )
        before = after
    return rows


def get_cohort(store: Store, cohort_id: int) -> CohortSummary:
    """A generated cohort with its attrition; BadInputError when there is no such cohort."""
    row = store.query(
        "SELECT cohort_definition_id, name, persons, entry_events, generated_at, generated_by, seconds, definition_json "
        "FROM results.cohort_generation WHERE cohort_definition_id = $id",
        {"id": cohort_id},
    )
    if not row:
        raise BadInputError(f"cohort {cohort_id} does not exist; see `oncodata cohort list`")
    cid, name, persons, events, at, by, seconds, syntax = row[0]
    attrition = [
        AttritionRow(int(s), c, int(b), int(a), int(r))
        for s, c, b, a, r in store.query(
            "SELECT step, criterion, persons_before, persons_after, removed FROM results.cohort_attrition "
            "WHERE cohort_definition_id = $id ORDER BY step",
            {"id": cohort_id},
        )
    ]
    return CohortSummary(int(cid), name, int(persons), int(events), at, by, seconds, attrition, orjson.loads(syntax))


def list_cohorts(store: Store) -> list[CohortSummary]:
    """Every generated cohort, newest id last."""
    ensure_analytics_tables(store)
    rows = store.query(
        "SELECT cohort_definition_id, name, persons, entry_events, generated_at, generated_by, seconds "
        "FROM results.cohort_generation ORDER BY cohort_definition_id"
    )
    return [CohortSummary(int(i), n, int(p), int(e), at, by, s) for i, n, p, e, at, by, s in rows]


def delete_cohort(store: Store, cohort_id: int) -> int:
    """Remove a cohort, its members and attrition; returns the number of members removed."""
    get_cohort(store, cohort_id)
    with store.transaction():
        members = int(
            store.scalar("SELECT count(*) FROM results.cohort_member WHERE cohort_definition_id = $id", {"id": cohort_id})
        )
        for table in (
            "cohort_member",
            "cohort",
            "cohort_attrition",
            "cohort_definition",
            "cohort_generation",
            "cohort_candidate",
        ):
            store.execute(f"DELETE FROM results.{table} WHERE cohort_definition_id = $id", {"id": cohort_id})
    return members


def require_cohort(store: Store, cohort_id: int) -> CohortSummary:
    """Alias of get_cohort for analyses that only need to know the cohort exists."""
    return get_cohort(store, cohort_id)
