"""Oncology convention concept ids (OMOP CDM v5.4 + Oncology WG), as published in the reference files.

Only ids stated by the OHDSI reference material live here; anything else the project needs gets a local id
above 2,000,000,000 in the bundled vocabulary so an Athena import can replace it cleanly.
"""

from __future__ import annotations

from enum import IntEnum


class EpisodeConcept(IntEnum):
    """`episode.episode_concept_id`: what kind of disease or treatment episode a row is."""

    DISEASE_FIRST_OCCURRENCE = 32528
    DISEASE_RECURRENCE = 32529
    DISEASE_REMISSION = 32530
    DISEASE_PROGRESSION = 32677
    TREATMENT_REGIMEN = 32531
    TREATMENT_CYCLE = 32532
    EPISODE_OF_CARE = 32533


class EpisodeTypeConcept(IntEnum):
    """`episode.episode_type_concept_id`: where the episode was derived from."""

    DERIVED_FROM_EHR = 32545
    DERIVED_FROM_REGISTRY = 32546


class FieldConcept(IntEnum):
    """CDM field concepts that say which table an `*_event_id` points into."""

    CONDITION_OCCURRENCE_ID = 1147127
    DRUG_EXPOSURE_ID = 1147094


# Cancer modifiers are MEASUREMENT rows whose measurement_event_id is the diagnosis' condition_occurrence_id
# and whose meas_event_field_concept_id says so.
CANCER_MODIFIER_EVENT_FIELD = FieldConcept.CONDITION_OCCURRENCE_ID
CANCER_MODIFIER_VOCABULARY = "Cancer Modifier"
CANCER_MODIFIER_DOMAIN = "Measurement"
# Episode concepts that describe the disease course (as opposed to treatment).
DISEASE_EPISODES = frozenset(
    {
        EpisodeConcept.DISEASE_FIRST_OCCURRENCE,
        EpisodeConcept.DISEASE_RECURRENCE,
        EpisodeConcept.DISEASE_REMISSION,
        EpisodeConcept.DISEASE_PROGRESSION,
    }
)
TREATMENT_EPISODES = frozenset({EpisodeConcept.TREATMENT_REGIMEN, EpisodeConcept.TREATMENT_CYCLE})
