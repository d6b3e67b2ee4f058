"""Build the oncology CDM from staging: every domain, cancer modifiers, disease and treatment episodes, lineage.

The CDM the build writes (the contract for quality checks and analytics)
------------------------------------------------------------------------
- PERSON: one row per pseudonymous person_id; gender 8507/8532 (0 when unknown), year/month of birth.
- OBSERVATION_PERIOD: one non-overlapping period per person, first to last record (death caps it).
- VISIT_OCCURRENCE: visit_concept_id 9201 inpatient / 9202 outpatient / 9203 emergency; VISIT_DETAIL per
  inpatient department stay. admitted_from/discharged_to are NULL: the extracts do not say (0 would claim "home").
- CONDITION_OCCURRENCE: every staged diagnosis mapped through `staging.concept_resolution`. The primary cancer is
  one row per person whose condition_concept_id is the ICDO3 histology-topography condition concept
  (vocabulary ICDO3, concept_code like `8140/3-C34.1`) when pathology states histology and site, otherwise the
  concept the diagnosis code maps to; condition_source_value keeps the hospital code. Visit diagnoses carry
  condition_status_concept_id 32902 primary / 32908 secondary diagnosis from the source's diagnosis kind; the
  derived primary cancer row has none (NULL) — the link to modifiers is measurement_event_id.
- Cancer modifiers are MEASUREMENT rows with measurement_event_id = that condition_occurrence_id and
  meas_event_field_concept_id = 1147127: TNM categories and stage group (Cancer Modifier concepts, codes such as
  `p-8th_AJCC/UICC-T2a`, `c-8th_AJCC/UICC-Stage-3A`; value empty), histologic grade (local concepts GRADE-G1..G4,
  the highest grade of a range), tumour size (value_as_number in mm, unit 8588), nodes positive / examined
  (value_as_number, no unit: unit_concept_id NULL), metastasis sites (one row per site), and biomarkers
  (measurement_concept_id = the gene/variant concept, value_as_concept_id 9191 Positive / 9189 Negative, or a
  value_as_number for PD-L1 TPS % and Ki-67 %). measurement_type_concept_id says where a modifier came from:
  32817 (EHR, structured source) or the local "NLP derived" type concept for facts read from reports.
- DRUG_EXPOSURE, PROCEDURE_OCCURRENCE (surgery and radiotherapy), MEASUREMENT (labs, units normalized),
  OBSERVATION (smoking with pack-years, follow-up status; units through data/observation_units.csv), NOTE (scrubbed
  text) and NOTE_NLP, DEATH (cause through the registry's cause list, data/death_causes.csv), CDM_SOURCE (one row),
  DRUG_ERA and CONDITION_ERA (standard OHDSI era logic, 30-day persistence window).
- EPISODE: disease first occurrence (32528) per primary cancer, progression (32677) with episode_parent_id to the
  first occurrence; treatment regimens (32531) with episode_number = line of therapy and episode_parent_id to the
  disease episode; surgery and radiotherapy courses as treatment episodes without a line number.
  episode_type_concept_id 32545. EPISODE_EVENT links episodes to their events (field concept 1147127 for
  condition_occurrence_id, 1147094 for drug_exposure_id, local field concepts for procedure_occurrence_id and
  measurement_id).
- admin.lineage maps every CDM row (table, id) to its batch, source file and source row.
"""
