"""Set-based SQL that turns staging into the standard CDM domains for the persons in `admin.build_scope`.

One INSERT … SELECT per table (canonical dialect). Ids come from `admin.stable_id` over the source record key, so
the same staging always yields the same CDM, and lineage rows are written beside every event table.
"""

from __future__ import annotations

from oncodata.build.reference import case_expression, coded_value_expression
from oncodata.store.base import Store

SCOPE = "(SELECT person_id FROM admin.build_scope)"
PERSONS = "(SELECT person_id FROM cdm.person)"


def _resolved(table: str, domain: str) -> str:
    """Staging rows of one table in scope with their mapping (concept ids, target domain)."""
    return (
        f"SELECT s.*, coalesce(r.target_concept_id, 0) AS target_concept_id, coalesce(r.source_concept_id, 0) AS source_concept_id, "
        f"r.target_domain_id FROM staging.{table} AS s LEFT JOIN staging.concept_resolution AS r ON r.domain = '{domain}' "
        "AND r.source_vocabulary IS NOT DISTINCT FROM s.source_vocabulary AND r.source_code IS NOT DISTINCT FROM s.source_code "
        f"AND r.source_text IS NOT DISTINCT FROM s.source_text WHERE s.person_id IN {SCOPE} AND s.person_id IN {PERSONS}"
    )


def _event_key(table: str) -> str:
    return (
        f"admin.stable_id('{table}|' || s.record_key || '|' || coalesce(s.source_code, '') || '|' || coalesce(s.source_text, ''))"
    )


def _source_value(width: int = 50) -> str:
    return f"left(coalesce(s.source_code, s.source_text), {width})"


def _latest(table: str, key: str, where: str = "") -> str:
    """The newest staged row per key (a later batch wins; the row it replaced stays in staging)."""
    return (
        f"(SELECT * FROM (SELECT t.*, row_number() OVER (PARTITION BY t.{key} ORDER BY t.batch_id DESC, t.source_row DESC) AS newest "
        f"FROM staging.{table} AS t {where}) AS ranked WHERE newest = 1)"
    )


def shared_entities(store: Store) -> None:
    """LOCATION, CARE_SITE and PROVIDER (pseudonymous: no names, no addresses below province level), rebuilt whole."""
    store.execute("DELETE FROM cdm.location")
    store.execute(
        "INSERT INTO cdm.location (location_id, location_source_value, country_concept_id) "
        "SELECT DISTINCT admin.stable_id('location|' || location_source_value), left(location_source_value, 50), 0 "
        "FROM staging.person WHERE location_source_value IS NOT NULL"
    )
    store.execute("DELETE FROM cdm.care_site")
    store.execute(
        "INSERT INTO cdm.care_site (care_site_id, care_site_name, place_of_service_concept_id, care_site_source_value) "
        "SELECT DISTINCT admin.stable_id('care_site|' || care_site_source_value), left(care_site_source_value, 255), 0, "
        "left(care_site_source_value, 50) FROM staging.visit WHERE care_site_source_value IS NOT NULL"
    )
    store.execute("DELETE FROM cdm.provider")
    store.execute(
        "INSERT INTO cdm.provider (provider_id, specialty_concept_id, gender_concept_id, specialty_source_concept_id, "
        "gender_source_concept_id) SELECT DISTINCT provider_id, 0, 0, 0, 0 FROM staging.visit WHERE provider_id IS NOT NULL"
    )


def persons(store: Store) -> None:
    """PERSON from the newest staged demographics; persons without a birth year cannot enter the CDM."""
    gender = case_expression("p.gender_source_value", "gender")
    store.execute(
        "INSERT INTO cdm.person (person_id, gender_concept_id, year_of_birth, month_of_birth, race_concept_id, "
        "ethnicity_concept_id, location_id, gender_source_value, gender_source_concept_id, race_source_value, "
        "race_source_concept_id, ethnicity_source_value, ethnicity_source_concept_id) "
        f"SELECT p.person_id, {gender}, p.birth_year, p.birth_month, 0, 0, "
        "CASE WHEN p.location_source_value IS NULL THEN NULL ELSE admin.stable_id('location|' || p.location_source_value) END, "
        "left(p.gender_source_value, 50), 0, left(p.race_source_value, 50), 0, left(p.ethnicity_source_value, 50), 0 "
        f"FROM {_latest('person', 'person_id', 'WHERE t.birth_year IS NOT NULL')} AS p WHERE p.person_id IN {SCOPE}"
    )


def visits(store: Store) -> None:
    visit_kind = case_expression("v.visit_source_value", "visit")
    store.execute(
        "INSERT INTO cdm.visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, visit_start_date, visit_end_date, "
        "visit_type_concept_id, provider_id, care_site_id, visit_source_value, visit_source_concept_id, admitted_from_concept_id, "
        "discharged_to_concept_id) "
        f"SELECT v.visit_id, v.person_id, {visit_kind}, v.visit_start_date, coalesce(v.visit_end_date, v.visit_start_date), 32817, "
        "v.provider_id, CASE WHEN v.care_site_source_value IS NULL THEN NULL ELSE admin.stable_id('care_site|' || v.care_site_source_value) END, "
        "left(v.visit_source_value, 50), 0, NULL, NULL "
        f"FROM {_latest('visit', 'visit_id')} AS v WHERE v.person_id IN {SCOPE} AND v.person_id IN {PERSONS}"
    )
    # One detail row per inpatient stay, in the department that admitted the patient.
    store.execute(
        "INSERT INTO cdm.visit_detail (visit_detail_id, person_id, visit_detail_concept_id, visit_detail_start_date, "
        "visit_detail_end_date, visit_detail_type_concept_id, provider_id, care_site_id, visit_detail_source_value, "
        "visit_detail_source_concept_id, admitted_from_concept_id, discharged_to_concept_id, visit_occurrence_id) "
        "SELECT admin.stable_id('visit_detail|' || v.visit_occurrence_id), v.person_id, v.visit_concept_id, v.visit_start_date, "
        "v.visit_end_date, 32817, v.provider_id, v.care_site_id, v.visit_source_value, 0, NULL, NULL, v.visit_occurrence_id "
        f"FROM cdm.visit_occurrence AS v WHERE v.visit_concept_id = 9201 AND v.person_id IN {SCOPE}"
    )


def conditions(store: Store) -> None:
    """Diagnoses by their target domain: Condition (or unmapped) here, procedures and observations elsewhere."""
    source = f"({_resolved('condition', 'condition')}) AS s LEFT JOIN cdm.visit_occurrence AS vo ON vo.visit_occurrence_id = s.visit_id"
    not_morphology = "coalesce(s.condition_status_source_value, '') <> 'morphology'"
    status = (
        "CASE WHEN s.condition_status_source_value IS NULL THEN NULL ELSE "
        f"{case_expression('s.condition_status_source_value', 'condition_status')} END"
    )
    store.execute(
        "INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date, "
        "condition_end_date, condition_type_concept_id, condition_status_concept_id, visit_occurrence_id, condition_source_value, "
        "condition_source_concept_id, condition_status_source_value) "
        f"SELECT {_event_key('condition')}, s.person_id, s.target_concept_id, s.condition_start_date, s.condition_end_date, 32817, {status}, "
        f"vo.visit_occurrence_id, {_source_value()}, s.source_concept_id, left(s.condition_status_source_value, 50) FROM {source} "
        f"WHERE {not_morphology} AND coalesce(s.target_domain_id, 'Condition') NOT IN ('Procedure', 'Observation', 'Measurement', 'Drug')"
    )
    store.execute(
        "INSERT INTO cdm.procedure_occurrence (procedure_occurrence_id, person_id, procedure_concept_id, procedure_date, "
        "procedure_type_concept_id, modifier_concept_id, visit_occurrence_id, procedure_source_value, procedure_source_concept_id) "
        f"SELECT {_event_key('condition')}, s.person_id, s.target_concept_id, s.condition_start_date, 32817, 0, vo.visit_occurrence_id, "
        f"{_source_value()}, s.source_concept_id FROM {source} WHERE {not_morphology} AND s.target_domain_id = 'Procedure'"
    )
    store.execute(
        "INSERT INTO cdm.observation (observation_id, person_id, observation_concept_id, observation_date, "
        "observation_type_concept_id, visit_occurrence_id, observation_source_value, observation_source_concept_id) "
        f"SELECT {_event_key('condition')}, s.person_id, s.target_concept_id, s.condition_start_date, 32817, vo.visit_occurrence_id, "
        f"{_source_value()}, s.source_concept_id FROM {source} WHERE {not_morphology} AND s.target_domain_id IN ('Observation', 'Measurement', 'Drug')"
    )


def drugs(store: Store) -> None:
    source = f"({_resolved('drug', 'drug')}) AS s LEFT JOIN cdm.visit_occurrence AS vo ON vo.visit_occurrence_id = s.visit_id"
    end = "coalesce(s.drug_end_date, CASE WHEN s.days_supply > 0 THEN s.drug_start_date + (s.days_supply - 1) ELSE s.drug_start_date END)"
    store.execute(
        "INSERT INTO cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, "
        "drug_exposure_end_date, drug_type_concept_id, quantity, days_supply, sig, route_concept_id, visit_occurrence_id, "
        "drug_source_value, drug_source_concept_id, route_source_value, dose_unit_source_value) "
        f"SELECT {_event_key('drug')}, s.person_id, s.target_concept_id, s.drug_start_date, {end}, 32838, s.quantity, s.days_supply, "
        f"s.sig, 0, vo.visit_occurrence_id, {_source_value()}, s.source_concept_id, left(s.route_source_value, 50), "
        f"left(s.dose_unit_source_value, 50) FROM {source}"
    )


def procedures(store: Store) -> None:
    source = f"({_resolved('procedure', 'procedure')}) AS s LEFT JOIN cdm.visit_occurrence AS vo ON vo.visit_occurrence_id = s.visit_id"
    store.execute(
        "INSERT INTO cdm.procedure_occurrence (procedure_occurrence_id, person_id, procedure_concept_id, procedure_date, "
        "procedure_end_date, procedure_type_concept_id, modifier_concept_id, quantity, visit_occurrence_id, procedure_source_value, "
        "procedure_source_concept_id, modifier_source_value) "
        f"SELECT {_event_key('procedure')}, s.person_id, s.target_concept_id, s.procedure_date, s.procedure_end_date, 32817, 0, "
        f"s.fractions, vo.visit_occurrence_id, {_source_value()}, s.source_concept_id, left(s.procedure_kind, 50) FROM {source}"
    )


def measurements(store: Store) -> None:
    """Labs with values converted to the one UCUM unit of their concept (unknown units keep the value, unit 0)."""
    source = (
        f"({_resolved('measurement', 'measurement')}) AS s LEFT JOIN cdm.visit_occurrence AS vo ON vo.visit_occurrence_id = s.visit_id "
        "LEFT JOIN staging.unit_resolution AS u ON u.measurement_concept_id = s.target_concept_id "
        "AND u.unit_source_value IS NOT DISTINCT FROM s.unit_source_value"
    )
    convert = (
        "CASE WHEN u.status IN ('canonical', 'converted') THEN {x} * coalesce(u.multiply, 1) / coalesce(u.divide, 1) ELSE {x} END"
    )
    value_concept = (
        "CASE WHEN s.value_source_value IN ('阳性', 'positive', 'Positive', '+') THEN 9191 "
        "WHEN s.value_source_value IN ('阴性', 'negative', 'Negative', '-') THEN 9189 ELSE 0 END"
    )
    store.execute(
        "INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_datetime, "
        "measurement_type_concept_id, operator_concept_id, value_as_number, value_as_concept_id, unit_concept_id, range_low, range_high, "
        "visit_occurrence_id, measurement_source_value, measurement_source_concept_id, unit_source_value, unit_source_concept_id, "
        "value_source_value) "
        f"SELECT {_event_key('measurement')}, s.person_id, s.target_concept_id, s.measurement_date, s.measurement_datetime, "
        f"CASE WHEN s.source_vocabulary = 'LOCAL_LAB' OR s.source_vocabulary = 'LOINC' THEN 32856 ELSE 32817 END, 0, "
        f"{convert.format(x='s.value_as_number')}, {value_concept}, coalesce(u.unit_concept_id, 0), "
        f"{convert.format(x='s.range_low')}, {convert.format(x='s.range_high')}, vo.visit_occurrence_id, {_source_value()}, "
        "s.source_concept_id, left(s.unit_source_value, 50), 0, left(s.value_source_value, 50) "
        f"FROM {source}"
    )


def observations(store: Store) -> None:
    """Observations; a stated unit maps through data/observation_units.csv (NULL when the source gives none)."""
    source = f"({_resolved('observation', 'observation')}) AS s LEFT JOIN cdm.visit_occurrence AS vo ON vo.visit_occurrence_id = s.visit_id"
    unit = coded_value_expression(store, "s.unit_source_value", "observation_units.csv")
    store.execute(
        "INSERT INTO cdm.observation (observation_id, person_id, observation_concept_id, observation_date, "
        "observation_type_concept_id, value_as_number, value_as_string, value_as_concept_id, qualifier_concept_id, unit_concept_id, "
        "visit_occurrence_id, observation_source_value, observation_source_concept_id, unit_source_value, qualifier_source_value, "
        "value_source_value) "
        f"SELECT {_event_key('observation')}, s.person_id, s.target_concept_id, s.observation_date, "
        "CASE WHEN s.source_file LIKE '%.xlsx' THEN 32879 ELSE 32817 END, s.value_as_number, left(s.value_source_value, 60), 0, 0, "
        f"{unit}, "
        f"vo.visit_occurrence_id, {_source_value()}, s.source_concept_id, left(s.unit_source_value, 50), "
        f"left(s.qualifier_source_value, 50), left(s.value_source_value, 50) FROM {source}"
    )


def notes(store: Store) -> None:
    store.execute(
        "INSERT INTO cdm.note (note_id, person_id, note_date, note_type_concept_id, note_class_concept_id, note_title, note_text, "
        "encoding_concept_id, language_concept_id, visit_occurrence_id, note_source_value) "
        "SELECT admin.stable_id('note|' || s.record_key), s.person_id, s.note_date, 32817, 0, left(s.note_title, 250), s.note_text, "
        "0, 0, vo.visit_occurrence_id, left(s.note_kind, 50) "
        "FROM staging.note AS s LEFT JOIN cdm.visit_occurrence AS vo ON vo.visit_occurrence_id = s.visit_id "
        f"WHERE s.person_id IN {SCOPE} AND s.person_id IN {PERSONS}"
    )
    # A finding's code (ICD-O-3 morphology or topography, a Cancer Modifier category) is its source concept; the
    # concept itself when standard, else what it "Maps to", else 0.
    resolved = (
        "SELECT c.vocabulary_id, c.concept_code, min(c.concept_id) AS source_id, "
        "min(CASE WHEN c.standard_concept = 'S' THEN c.concept_id END) AS standard_id, min(r.concept_id_2) AS mapped_id "
        "FROM vocab.concept AS c LEFT JOIN vocab.concept_relationship AS r ON r.concept_id_1 = c.concept_id "
        "AND r.relationship_id = 'Maps to' AND r.invalid_reason IS NULL "
        "WHERE EXISTS (SELECT 1 FROM staging.note_finding AS k WHERE k.concept_vocabulary_id = c.vocabulary_id "
        "AND k.concept_code = c.concept_code) GROUP BY c.vocabulary_id, c.concept_code"
    )
    store.execute(
        'INSERT INTO cdm.note_nlp (note_nlp_id, note_id, section_concept_id, snippet, "offset", lexical_variant, note_nlp_concept_id, '
        "note_nlp_source_concept_id, nlp_system, nlp_date, term_exists, term_temporal, term_modifiers) "
        "SELECT admin.stable_id('note_nlp|' || f.record_key || '|' || f.finding_number), admin.stable_id('note|' || f.record_key), 0, "
        'f.snippet, f."offset", f.lexical_variant, coalesce(v.standard_id, v.mapped_id, 0), coalesce(v.source_id, 0), '
        "f.nlp_system, f.nlp_date, f.term_exists, f.term_temporal, f.term_modifiers "
        "FROM staging.note_finding AS f JOIN staging.note AS s ON s.record_key = f.record_key "
        f"LEFT JOIN ({resolved}) AS v ON v.vocabulary_id = f.concept_vocabulary_id AND v.concept_code = f.concept_code "
        f"WHERE s.person_id IN {SCOPE} AND s.person_id IN {PERSONS}"
    )


def deaths(store: Store) -> None:
    """One death per person: the newest record wins; its cause text is kept as the source value and mapped through
    the registry's cause list (data/death_causes.csv)."""
    cause = coded_value_expression(store, "coalesce(d.source_code, d.source_text)", "death_causes.csv")
    store.execute(
        "INSERT INTO cdm.death (person_id, death_date, death_type_concept_id, cause_concept_id, cause_source_value, "
        "cause_source_concept_id) "
        f"SELECT d.person_id, d.death_date, CASE WHEN d.source_file LIKE '%.xlsx' THEN 32879 ELSE 32817 END, {cause}, "
        f"left(coalesce(d.source_code, d.source_text), 50), 0 FROM {_latest('death', 'person_id')} AS d "
        f"WHERE d.person_id IN {SCOPE} AND d.person_id IN {PERSONS}"
    )


EVENT_DATES = (
    ("visit_occurrence", "visit_start_date", "visit_end_date"),
    ("condition_occurrence", "condition_start_date", "condition_start_date"),
    ("drug_exposure", "drug_exposure_start_date", "drug_exposure_end_date"),
    ("procedure_occurrence", "procedure_date", "procedure_date"),
    ("measurement", "measurement_date", "measurement_date"),
    ("observation", "observation_date", "observation_date"),
    ("note", "note_date", "note_date"),
    ("death", "death_date", "death_date"),
)


def observation_periods(store: Store) -> None:
    """One period per person from the first to the last recorded event (EHR-derived)."""
    union = " UNION ALL ".join(
        f"SELECT person_id, {start} AS first_day, coalesce({end}, {start}) AS last_day FROM cdm.{table} WHERE person_id IN {SCOPE}"
        for table, start, end in EVENT_DATES
    )
    store.execute(
        "INSERT INTO cdm.observation_period (observation_period_id, person_id, observation_period_start_date, "
        "observation_period_end_date, period_type_concept_id) "
        f"SELECT admin.stable_id('observation_period|' || e.person_id), e.person_id, min(e.first_day), max(e.last_day), 32817 "
        f"FROM ({union}) AS e GROUP BY e.person_id"
    )


# Diagnoses land in the table of the domain their concept belongs to (conditions() above), and so does their lineage.
CONDITION_TARGET_TABLE = (
    "CASE WHEN s.target_domain_id = 'Procedure' THEN 'procedure_occurrence' "
    "WHEN s.target_domain_id IN ('Observation', 'Measurement', 'Drug') THEN 'observation' ELSE 'condition_occurrence' END"
)
LINEAGE_SOURCES = (
    (
        CONDITION_TARGET_TABLE,
        "condition",
        _event_key("condition"),
        "coalesce(s.condition_status_source_value, '') <> 'morphology'",
    ),
    ("'drug_exposure'", "drug", _event_key("drug"), "TRUE"),
    ("'procedure_occurrence'", "procedure", _event_key("procedure"), "TRUE"),
    ("'measurement'", "measurement", _event_key("measurement"), "TRUE"),
    ("'observation'", "observation", _event_key("observation"), "TRUE"),
    ("'note'", "note", "admin.stable_id('note|' || s.record_key)", "TRUE"),
    ("'visit_occurrence'", "visit", "s.visit_id", "TRUE"),
    ("'person'", "person", "s.person_id", "TRUE"),
    ("'death'", "death", "s.person_id", "TRUE"),
)


def lineage(store: Store) -> None:
    """admin.lineage: every CDM row from staging points at its batch, source file and source row."""
    for cdm_table, staging_table, id_expression, where in LINEAGE_SOURCES:
        # Diagnoses need their mapping to know their table; _resolved() already limits them to persons in scope.
        source = f"({_resolved('condition', 'condition')})" if staging_table == "condition" else f"staging.{staging_table}"
        store.execute(
            "INSERT INTO admin.lineage (cdm_table, person_id, cdm_id, batch_id, source_file, source_row, derivation) "
            f"SELECT {cdm_table}, s.person_id, {id_expression}, s.batch_id, s.source_file, s.source_row, 'staging.{staging_table}' "
            f"FROM {source} AS s WHERE s.person_id IN {SCOPE} AND s.person_id IN {PERSONS} AND {where}"
        )
