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
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyarrow as pa

from oncodata.build.cancer import PrimaryCancer
from oncodata.build.reference import extra_antineoplastics, metastasis_patterns, regimen_rules, stable_id
from oncodata.cdm.oncology import EpisodeConcept, EpisodeTypeConcept, FieldConcept
from oncodata.store.base import Store

PROGRESSION_WORDS = ("progression", "progressive", "larger", "new", "enlarged", "增大", "新发", "进展")
PROGRESSION_MERGE_DAYS = 14
# Metastases seen within this many days of diagnosis belong to the staging work-up, not to progression.
BASELINE_DAYS = 45
# Curative-intent context for regimens of unknown stage: surgery shortly before, or a definitive-dose radiotherapy
# course (many fractions) alongside.
ADJUVANT_WINDOW_DAYS = 120
CONCURRENT_RT_WINDOW_DAYS = 30
CONSOLIDATION_AFTER_RT_DAYS = 90
DEFINITIVE_RT_MIN_FRACTIONS = 20
# Cycles that keep only some agents count as maintenance only when they go on for at least this long.
MAINTENANCE_MIN_DAYS = 21
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
    maintenance: bool = False


def detect_regimens(
    exposures: list[tuple[dt.date, dt.date, str, int]], progressions: list[dt.date] | None = None
) -> list[Regimen]:
    """Group one person's antineoplastic exposures (start, end, ingredient, exposure id) into regimens.

    A new regimen starts with a new agent after the regimen window (or after a progression), after a gap, or when
    later cycles keep only some of the agents for good (maintenance, which stays in the same line).
    """
    rules = regimen_rules()
    window, gap = int(rules["regimen_window_days"]), int(rules["new_line_gap_days"])
    substitutes = {name: group[0] for group in rules["substitutions"] for name in group}
    by_day: dict[dt.date, list[tuple[dt.date, str, str, int]]] = defaultdict(list)
    for start, end, ingredient, exposure_id in exposures:
        by_day[start].append((end, substitutes.get(ingredient, ingredient), ingredient, exposure_id))
    days = sorted(by_day)
    agents_on = {day: {agent for _, agent, _, _ in by_day[day]} for day in days}
    regimens: list[Regimen] = []
    for index, day in enumerate(days):
        agents = agents_on[day]
        current = regimens[-1] if regimens else None
        progressed = current is not None and any(current.start < p <= day for p in progressions or [])
        if current is None or (day - current.end).days > gap:
            current = Regimen(day, day, set(agents))
            regimens.append(current)
        elif not agents <= current.agents:
            if (day - current.start).days <= window and not progressed:
                current.agents |= agents
            else:
                current = Regimen(day, day, set(agents))
                regimens.append(current)
        elif (
            agents < current.agents
            and (day - current.start).days > window
            and not any(agents_on[later] & (current.agents - agents) for later in days[index + 1 :])
            and (_subset_run_end(days, agents_on, index, agents, gap) - day).days >= MAINTENANCE_MIN_DAYS
        ):
            # The dropped agents never come back: the remaining ones are maintenance.
            current = Regimen(day, day, set(agents), maintenance=True)
            regimens.append(current)
        for end, _, ingredient, exposure_id in by_day[day]:
            current.end = max(current.end, end)
            current.names.add(ingredient)
            current.exposures.append(exposure_id)
    return regimens


def _subset_run_end(days: list[dt.date], agents_on: dict[dt.date, set[str]], index: int, agents: set[str], gap: int) -> dt.date:
    """The last date of the run of treatment days, from `index` on, that give only (some of) `agents`."""
    last = days[index]
    for later in days[index + 1 :]:
        if not agents_on[later] <= agents or (later - last).days > gap:
            break
        last = later
    return last


def number_lines(
    regimens: list[Regimen],
    stage_group: str | None,
    first_progression: dt.date | None,
    curative_context: list[tuple[dt.date, dt.date, str, int]] | None = None,
) -> None:
    """Line 0 for curative-intent regimens before progression (stage 0-III, or when the stage is unknown, next to
    surgery or definitive radiotherapy); 1..n for the others, in order; maintenance keeps its regimen's line."""
    stage_iv = bool(stage_group) and str(stage_group).startswith("IV")
    stage_curative = bool(stage_group) and not stage_iv
    line = 0
    for regimen in regimens:
        before_progression = first_progression is None or regimen.start < first_progression
        in_context = any(_curative_next_to(regimen, event) for event in curative_context or [])
        if before_progression and not stage_iv and (stage_curative or in_context):
            regimen.line = 0
        elif regimen.maintenance and line > 0:
            regimen.line = line
        else:
            line += 1
            regimen.line = line


def _curative_next_to(regimen: Regimen, event: tuple[dt.date, dt.date, str, int]) -> bool:
    start, end, kind, fractions = event
    if kind == "surgery":
        return (
            0 <= (regimen.start - start).days <= ADJUVANT_WINDOW_DAYS or 0 <= (start - regimen.start).days <= ADJUVANT_WINDOW_DAYS
        )
    return fractions >= DEFINITIVE_RT_MIN_FRACTIONS and (
        abs((regimen.start - start).days) <= CONCURRENT_RT_WINDOW_DAYS
        or start <= regimen.start <= end + dt.timedelta(days=CONSOLIDATION_AFTER_RT_DAYS)
    )


def _site_keys(sites_text: str | None) -> set[str]:
    keys = set()
    for site_text in (sites_text or "").split("|"):
        for pattern, site in metastasis_patterns():
            if site_text and re.search(pattern, site_text, re.IGNORECASE):
                keys.add(site)
                break
    return keys


# An imaging report's facts: day, comparison, response, metastasis sites, new lesions.
ImagingFact = tuple[dt.date, str | None, str | None, str | None, bool | None]


def progression_dates(facts: list[ImagingFact], diagnosis: dt.date) -> list[dt.date]:
    """Dates of imaging reports after diagnosis that announce progression — comparison wording, new lesions (though
    the primary itself shrank), or a metastatic site not seen before (recurrence after resection reads this way) —
    merged when close together."""
    dates: list[dt.date] = []
    known_sites: set[str] = set()
    for day, comparison, response, sites, new_lesions in sorted(facts, key=lambda item: item[0]):
        sites_here = _site_keys(sites)
        if day <= diagnosis + dt.timedelta(days=BASELINE_DAYS):
            known_sites |= sites_here
            if day <= diagnosis:
                continue
        words = f"{comparison or ''} {response or ''}".lower()
        new_sites = sites_here - known_sites
        known_sites |= sites_here
        if (
            not new_lesions
            and not any(word in words for word in PROGRESSION_WORDS)
            and not (new_sites and day > diagnosis + dt.timedelta(days=BASELINE_DAYS))
        ):
            continue
        if dates and (day - dates[-1]).days <= PROGRESSION_MERGE_DAYS:
            continue
        dates.append(day)
    return dates


def _antineoplastic_exposures(store: Store) -> dict[int, list[tuple[dt.date, dt.date, str, int]]]:
    extra = ", ".join(f"'{name}'" for name in extra_antineoplastics())
    rows = store.query(
        "SELECT d.person_id, d.drug_exposure_start_date, d.drug_exposure_end_date, lower(i.concept_name), d.drug_exposure_id "
        "FROM cdm.drug_exposure AS d "
        "JOIN vocab.concept_ancestor AS ing ON ing.descendant_concept_id = d.drug_concept_id "
        "JOIN vocab.concept AS i ON i.concept_id = ing.ancestor_concept_id AND i.concept_class_id = 'Ingredient' "
        "WHERE d.person_id IN (SELECT person_id FROM admin.build_scope) AND (d.drug_concept_id IN ("
        "SELECT ca.descendant_concept_id FROM vocab.concept_ancestor AS ca JOIN vocab.concept AS atc ON atc.concept_id = ca.ancestor_concept_id "
        f"WHERE atc.vocabulary_id = 'ATC' AND atc.concept_code = 'L01') OR lower(i.concept_name) IN ({extra}))"
    )
    by_person: dict[int, list[tuple[dt.date, dt.date, str, int]]] = defaultdict(list)
    for person_id, start, end, ingredient, exposure_id in rows:
        by_person[int(person_id)].append((start, end or start, str(ingredient), int(exposure_id)))
    return by_person


def _imaging_facts(store: Store) -> dict[int, list[ImagingFact]]:
    rows = store.query(
        "SELECT person_id, note_date, comparison, response, metastasis_sites, new_lesions FROM staging.note_fact "
        "WHERE note_kind <> 'pathology' "
        "AND (comparison IS NOT NULL OR response IS NOT NULL OR metastasis_sites IS NOT NULL OR new_lesions) "
        "AND person_id IN (SELECT person_id FROM admin.build_scope)"
    )
    by_person: dict[int, list[ImagingFact]] = defaultdict(list)
    for person_id, day, comparison, response, sites, new_lesions in rows:
        by_person[int(person_id)].append((day, comparison, response, sites, new_lesions))
    return by_person


def _treatment_procedures(store: Store) -> dict[int, list[tuple[dt.date, dt.date | None, str, int, int, int]]]:
    rows = store.query(
        "SELECT person_id, procedure_date, procedure_end_date, modifier_source_value, procedure_occurrence_id, procedure_concept_id, "
        "coalesce(quantity, 0) "
        "FROM cdm.procedure_occurrence WHERE modifier_source_value IN ('surgery', 'radiotherapy') "
        "AND person_id IN (SELECT person_id FROM admin.build_scope)"
    )
    by_person: dict[int, list[tuple[dt.date, dt.date | None, str, int, int, int]]] = defaultdict(list)
    for person_id, start, end, kind, procedure_id, concept, fractions in rows:
        by_person[int(person_id)].append((start, end, str(kind), int(procedure_id), int(concept), int(fractions)))
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
        episode_id = stable_id(f"episode|{person_id}|{key}")
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
        regimens = detect_regimens(exposures.get(person, []), progressions)
        context = [(start, end or start, kind, fractions) for start, end, kind, _, _, fractions in procedures.get(person, [])]
        number_lines(regimens, cancer.resolved_stage, progressions[0] if progressions else None, context)
        for index, regimen in enumerate(regimens, start=1):
            episode = add("regimen", f"regimen{index}", person, int(EpisodeConcept.TREATMENT_REGIMEN), regimen.start,
                          regimen.end + dt.timedelta(days=int(regimen_rules()["episode_tail_days"])), disease, regimen.line, 0,
                          "+".join(sorted(regimen.names)))  # fmt: skip
            events.extend({"episode_id": episode, "event_id": exposure, "episode_event_field_concept_id": int(FieldConcept.DRUG_EXPOSURE_ID)}
                          for exposure in regimen.exposures)  # fmt: skip
        for start, end, kind, procedure_id, concept, _ in sorted(procedures.get(person, [])):
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
