"""EPISODE and EPISODE_EVENT: disease first occurrence and progression, treatment regimens with lines of therapy.

Regimen and line rules are data (data/regimen_rules.toml, after published real-world line-of-therapy rules):
agents started within the regimen window form one regimen; dropping agents (maintenance) or a listed
substitution (cisplatin <-> carboplatin) continues it; a new agent after the window, or a restart after the gap,
starts a new regimen. Regimens given before any progression to a person whose stage is I-III are curative-intent
(neoadjuvant, adjuvant, definitive, consolidation) and get line 0; all others are numbered 1, 2, 3… in order.
Progression: an imaging report after diagnosis whose comparison says progression/new lesions/enlargement;
reports within `PROGRESSION_MERGE_DAYS` of an earlier progression describe the same event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import pyarrow as pa

from oncodata.build.cancer import PrimaryCancer
from oncodata.build.reference import regimen_rules
from oncodata.cdm.oncology import EpisodeConcept, EpisodeTypeConcept, FieldConcept
from oncodata.store.base import Store

PROGRESSION_WORDS = ("progression", "progressive", "larger", "new", "enlarged", "增大", "新发", "进展")
PROGRESSION_MERGE_DAYS = 60
CURATIVE_STAGES = ("0", "I", "II", "III")
EPISODE_SCHEMA = pa.schema(
    [
        ("episode_id", pa.int64()), ("person_id", pa.int64()), ("episode_concept_id", pa.int64()), ("episode_start_date", pa.date32()),
        ("episode_end_date", pa.date32()), ("episode_parent_id", pa.int64()), ("episode_number", pa.int64()),
        ("episode_object_concept_id", pa.int64()), ("episode_type_concept_id", pa.int64()), ("episode_source_value", pa.string()),
        ("episode_source_concept_id", pa.int64()),
    ]
)  # fmt: skip
EVENT_SCHEMA = pa.schema([("episode_id", pa.int64()), ("event_id", pa.int64()), ("episode_event_field_concept_id", pa.int64())])


@dataclass
class Regimen:
    """Antineoplastic agents given together, with the exposures that make it up."""

    start: dt.date
    end: dt.date
    agents: set[str]
    names: set[str] = field(default_factory=set)
    exposures: list[int] = field(default_factory=list)
    line: int | None = None


def _canonical_agent(name: str, substitutes: dict[str, str]) -> str:
    return substitutes.get(name, name)


def detect_regimens(exposures: list[tuple[dt.date, dt.date, str, int]]) -> list[Regimen]:
    """Group one person's antineoplastic exposures (start, end, ingredient, exposure id) into regimens."""
    rules = regimen_rules()
    window, gap = int(rules["regimen_window_days"]), int(rules["new_line_gap_days"])
    substitutes = {name: group[0] for group in rules["substitutions"] for name in group}
    regimens: list[Regimen] = []
    for start, end, ingredient, exposure_id in sorted(exposures):
        agent = _canonical_agent(ingredient, substitutes)
        current = regimens[-1] if regimens else None
        if current is not None and (start - current.start).days <= window and (start - current.end).days <= gap:
            current.agents.add(agent)
        elif current is None or agent not in current.agents or (start - current.end).days > gap:
            regimens.append(Regimen(start, end, {agent}))
            current = regimens[-1]
        current.end = max(current.end, end)
        current.names.add(ingredient)
        current.exposures.append(exposure_id)
    return regimens


def number_lines(regimens: list[Regimen], stage_group: str | None, first_progression: dt.date | None) -> None:
    """Line 0 for curative-intent regimens of stage 0-III before progression; 1..n for the others, in order."""
    curative_stage = bool(stage_group) and not str(stage_group).startswith("IV")
    line = 0
    for regimen in regimens:
        before_progression = first_progression is None or regimen.start < first_progression
        if curative_stage and before_progression:
            regimen.line = 0
        else:
            line += 1
            regimen.line = line


def progression_dates(facts: list[tuple[dt.date, str | None, str | None]], diagnosis: dt.date) -> list[dt.date]:
    """Dates of imaging reports announcing progression after diagnosis, merged when close together."""
    dates: list[dt.date] = []
    for day, comparison, response in sorted(facts, key=lambda item: item[0]):
        words = f"{comparison or ''} {response or ''}".lower()
        if day <= diagnosis or not any(word in words for word in PROGRESSION_WORDS):
            continue
        if dates and (day - dates[-1]).days <= PROGRESSION_MERGE_DAYS:
            continue
        dates.append(day)
    return dates


def _antineoplastic_exposures(store: Store) -> dict[int, list[tuple[dt.date, dt.date, str, int]]]:
    rows = store.query(
        "SELECT d.person_id, d.drug_exposure_start_date, d.drug_exposure_end_date, lower(i.concept_name), d.drug_exposure_id "
        "FROM cdm.drug_exposure AS d "
        "JOIN vocab.concept_ancestor AS ing ON ing.descendant_concept_id = d.drug_concept_id "
        "JOIN vocab.concept AS i ON i.concept_id = ing.ancestor_concept_id AND i.concept_class_id = 'Ingredient' "
        "WHERE d.person_id IN (SELECT person_id FROM admin.build_scope) AND d.drug_concept_id IN ("
        "SELECT ca.descendant_concept_id FROM vocab.concept_ancestor AS ca JOIN vocab.concept AS atc ON atc.concept_id = ca.ancestor_concept_id "
        "WHERE atc.vocabulary_id = 'ATC' AND atc.concept_code = 'L01')"
    )
    by_person: dict[int, list[tuple[dt.date, dt.date, str, int]]] = defaultdict(list)
    for person_id, start, end, ingredient, exposure_id in rows:
        by_person[int(person_id)].append((start, end or start, str(ingredient), int(exposure_id)))
    return by_person


def _imaging_facts(store: Store) -> dict[int, list[tuple[dt.date, str | None, str | None]]]:
    rows = store.query(
        "SELECT person_id, note_date, comparison, response FROM staging.note_fact WHERE note_kind <> 'pathology' "
        "AND (comparison IS NOT NULL OR response IS NOT NULL) AND person_id IN (SELECT person_id FROM admin.build_scope)"
    )
    by_person: dict[int, list[tuple[dt.date, str | None, str | None]]] = defaultdict(list)
    for person_id, day, comparison, response in rows:
        by_person[int(person_id)].append((day, comparison, response))
    return by_person


def _treatment_procedures(store: Store) -> dict[int, list[tuple[dt.date, dt.date | None, str, int, int]]]:
    rows = store.query(
        "SELECT person_id, procedure_date, procedure_end_date, modifier_source_value, procedure_occurrence_id, procedure_concept_id "
        "FROM cdm.procedure_occurrence WHERE modifier_source_value IN ('surgery', 'radiotherapy') "
        "AND person_id IN (SELECT person_id FROM admin.build_scope)"
    )
    by_person: dict[int, list[tuple[dt.date, dt.date | None, str, int, int]]] = defaultdict(list)
    for person_id, start, end, kind, procedure_id, concept in rows:
        by_person[int(person_id)].append((start, end, str(kind), int(procedure_id), int(concept)))
    return by_person


def build_episodes(store: Store, cancers: list[PrimaryCancer], procedure_field_concept: int) -> dict[str, int]:
    """Write EPISODE and EPISODE_EVENT for the persons in scope; returns counts by episode kind."""
    exposures = _antineoplastic_exposures(store)
    imaging = _imaging_facts(store)
    procedures = _treatment_procedures(store)
    episodes: list[dict[str, object]] = []
    events: list[dict[str, int]] = []
    counts: dict[str, int] = defaultdict(int)

    def add(kind: str, key: str, person_id: int, concept: int, start: dt.date, end: dt.date | None, parent: int | None,
            number: int | None, object_concept: int, source: str) -> int:  # fmt: skip
        episode_id = _stable(f"episode|{person_id}|{key}")
        episodes.append({
            "episode_id": episode_id, "person_id": person_id, "episode_concept_id": concept, "episode_start_date": start,
            "episode_end_date": end, "episode_parent_id": parent, "episode_number": number, "episode_object_concept_id": object_concept,
            "episode_type_concept_id": int(EpisodeTypeConcept.DERIVED_FROM_EHR), "episode_source_value": source[:50],
            "episode_source_concept_id": 0,
        })  # fmt: skip
        counts[kind] += 1
        return episode_id

    for cancer in cancers:
        person = cancer.person_id
        disease = add("first_occurrence", "first", person, int(EpisodeConcept.DISEASE_FIRST_OCCURRENCE), cancer.diagnosis_date, None,
                      None, None, cancer.condition_concept_id, "primary lung cancer")  # fmt: skip
        events.append({"episode_id": disease, "event_id": cancer.condition_occurrence_id,
                       "episode_event_field_concept_id": int(FieldConcept.CONDITION_OCCURRENCE_ID)})  # fmt: skip
        progressions = progression_dates(imaging.get(person, []), cancer.diagnosis_date)
        for index, day in enumerate(progressions, start=1):
            add("progression", f"progression{index}", person, int(EpisodeConcept.DISEASE_PROGRESSION), day, None, disease, index,
                cancer.condition_concept_id, "progression on imaging")  # fmt: skip
        regimens = detect_regimens(exposures.get(person, []))
        number_lines(regimens, cancer.resolved_stage, progressions[0] if progressions else None)
        for index, regimen in enumerate(regimens, start=1):
            episode = add("regimen", f"regimen{index}", person, int(EpisodeConcept.TREATMENT_REGIMEN), regimen.start,
                          regimen.end + dt.timedelta(days=int(regimen_rules()["episode_tail_days"])), disease, regimen.line, 0,
                          "+".join(sorted(regimen.names)))  # fmt: skip
            events.extend({"episode_id": episode, "event_id": exposure, "episode_event_field_concept_id": int(FieldConcept.DRUG_EXPOSURE_ID)}
                          for exposure in regimen.exposures)  # fmt: skip
        for start, end, kind, procedure_id, concept in sorted(procedures.get(person, [])):
            episode = add(kind, f"{kind}{procedure_id}", person, int(EpisodeConcept.TREATMENT_REGIMEN), start, end or start, disease,
                          None, concept, kind)  # fmt: skip
            events.append(
                {"episode_id": episode, "event_id": procedure_id, "episode_event_field_concept_id": procedure_field_concept}
            )
    if episodes:
        store.load_arrow("cdm.episode", pa.Table.from_pylist(episodes, schema=EPISODE_SCHEMA))
    if events:
        store.load_arrow("cdm.episode_event", pa.Table.from_pylist(events, schema=EVENT_SCHEMA))
    return dict(counts)


def _stable(key: str) -> int:
    """The same 60-bit id `admin.stable_id` gives in SQL (first 15 hex digits of the MD5)."""
    return int(hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()[:15], 16)
