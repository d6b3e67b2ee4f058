"""Turn one FHIR R4 resource into staging facts (still with source ids and unshifted dates), or a reason to skip it.

The handlers only read; pseudonymizing ids, shifting dates and scrubbing text happen afterwards, in one place.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
Resource = dict[str, Any]
_TAG = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def _vocabulary_of_system() -> dict[str, str]:
    with open(DATA_DIR / "code_systems.csv", encoding="utf-8", newline="") as handle:
        return {row["system"]: row["vocabulary"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def resource_policy() -> dict[str, Any]:
    with open(DATA_DIR / "resource_policy.yaml", encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


@dataclass
class Fact:
    """One staging row before de-identification: its table, the patient's source id, dates and other values."""

    table: str
    values: dict[str, Any]
    dates: dict[str, dt.datetime | None] = field(default_factory=dict)
    visit_source_id: str | None = None
    provider_source_id: str | None = None
    text_columns: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What became of a resource: facts to stage, or the reason it was skipped or quarantined."""

    patient_id: str | None = None
    facts: list[Fact] = field(default_factory=list)
    skip_reason: str | None = None
    quarantine_reason: str | None = None
    quarantine_field: str | None = None


class ResourceProblem(ValueError):
    """A resource that cannot be used; carries the field at fault."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field_name = field_name


def reference_id(reference: Any) -> str | None:
    """`Patient/123`, `urn:uuid:abc` or `abc` -> the id part."""
    if not isinstance(reference, dict):
        return None
    value = reference.get("reference")
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("urn:uuid:"):
        return value[len("urn:uuid:") :]
    return value.rsplit("/", 1)[-1]


def parse_fhir_datetime(value: Any, field_name: str) -> dt.datetime | None:
    """FHIR date/dateTime/instant (YYYY, YYYY-MM, YYYY-MM-DD, with time and zone) as a naive local datetime."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ResourceProblem(field_name, f"{field_name} is not a date string")
    text = value.strip()
    try:
        if len(text) == 4:
            return dt.datetime(int(text), 1, 1)
        if len(text) == 7:
            return dt.datetime(int(text[:4]), int(text[5:7]), 1)
        if len(text) == 10:
            return dt.datetime.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise ResourceProblem(field_name, f"{field_name} is not a valid FHIR date") from None


def _first_date(resource: Resource, *paths: str) -> dt.datetime | None:
    for path in paths:
        value: Any = resource
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            return parse_fhir_datetime(value, path)
    return None


def coded(concept: Any) -> tuple[str | None, str | None, str | None]:
    """(code, vocabulary, text) of a CodeableConcept, preferring codings whose system we know."""
    if not isinstance(concept, dict):
        return None, None, None
    codings = [c for c in concept.get("coding") or [] if isinstance(c, dict)]
    known = _vocabulary_of_system()
    chosen = next((c for c in codings if c.get("system") in known), codings[0] if codings else None)
    text = concept.get("text") or (chosen.get("display") if chosen else None)
    if chosen is None:
        return None, None, text
    system = chosen.get("system")
    return chosen.get("code"), known.get(system, system[:30] if isinstance(system, str) else None), text


def _quantity(quantity: Any) -> tuple[float | None, str | None, str | None]:
    if not isinstance(quantity, dict):
        return None, None, None
    value = quantity.get("value")
    comparator = quantity.get("comparator")
    return (float(value) if isinstance(value, (int, float)) else None), (quantity.get("code") or quantity.get("unit")), comparator


def _extension_text(resource: Resource, url_suffix: str) -> str | None:
    for extension in resource.get("extension") or []:
        if isinstance(extension, dict) and str(extension.get("url", "")).endswith(url_suffix):
            for inner in extension.get("extension") or []:
                if inner.get("url") == "text":
                    return inner.get("valueString")
                if inner.get("url") == "ombCategory":
                    return (inner.get("valueCoding") or {}).get("display")
    return None


def _status_skip(resource: Resource, field_name: str, bad: set[str]) -> str | None:
    status = resource.get(field_name)
    if isinstance(status, dict):
        status = coded(status)[0]
    return f"{resource['resourceType']} with status {status}" if status in bad else None


def _patient(resource: Resource, outcome: Outcome) -> None:
    birth = parse_fhir_datetime(resource.get("birthDate"), "birthDate")
    address = (resource.get("address") or [{}])[0]
    outcome.facts.append(
        Fact(
            "person",
            {
                "gender_source_value": resource.get("gender"),
                "birth_year": birth.year if birth else None,
                "birth_month": birth.month if birth and len(str(resource.get("birthDate"))) >= 7 else None,
                "race_source_value": _extension_text(resource, "us-core-race"),
                "ethnicity_source_value": _extension_text(resource, "us-core-ethnicity"),
                # State/province and country only: finer address parts are identifying.
                "location_source_value": ", ".join(p for p in (address.get("state"), address.get("country")) if p) or None,
            },
        )
    )
    if resource.get("deceasedDateTime"):
        died = parse_fhir_datetime(resource["deceasedDateTime"], "deceasedDateTime")
        outcome.facts.append(Fact("death", {"source_vocabulary": "FHIR"}, {"death_date": died}))


def _encounter(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "status", {"entered-in-error", "cancelled", "planned"}):
        outcome.skip_reason = skip
        return
    period = resource.get("period") or {}
    start = parse_fhir_datetime(period.get("start"), "period.start")
    if start is None:
        raise ResourceProblem("period.start", "Encounter has no period.start")
    visit_class = resource.get("class") or {}
    participant = next((p for p in resource.get("participant") or [] if isinstance(p, dict) and p.get("individual")), None)
    outcome.facts.append(
        Fact(
            "visit",
            {
                "visit_source_value": visit_class.get("code"),
                "care_site_source_value": reference_id(resource.get("serviceProvider")),
            },
            {"visit_start_date": start, "visit_end_date": parse_fhir_datetime(period.get("end"), "period.end")},
            visit_source_id=resource.get("id"),
            provider_source_id=reference_id(participant.get("individual")) if participant else None,
        )
    )


def _condition(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "verificationStatus", {"refuted", "entered-in-error"}):
        outcome.skip_reason = skip
        return
    code, vocabulary, text = coded(resource.get("code"))
    start = _first_date(resource, "onsetDateTime", "onsetPeriod.start", "recordedDate")
    if start is None:
        raise ResourceProblem("onsetDateTime", "Condition has no onset or recorded date")
    outcome.facts.append(
        Fact(
            "condition",
            {
                "source_code": code,
                "source_vocabulary": vocabulary,
                "source_text": text,
                "condition_status_source_value": coded(resource.get("clinicalStatus"))[0],
            },
            {
                "condition_start_date": start,
                "condition_end_date": _first_date(resource, "abatementDateTime", "abatementPeriod.end"),
            },
            visit_source_id=reference_id(resource.get("encounter")),
        )
    )


def _observation_table(resource: Resource) -> str:
    policy = resource_policy()
    profiles = " ".join(str(p) for p in (resource.get("meta") or {}).get("profile") or [])
    if any(profile in profiles for profile in policy["mcode_measurement_profiles"]):
        return "measurement"
    categories = {coded(c)[0] for c in resource.get("category") or []}
    return "measurement" if categories & set(policy["measurement_categories"]) else "observation"


def _observation_values(source: Resource, table: str) -> dict[str, Any] | None:
    """Value columns for an Observation or one of its components; None when it carries no value."""
    code, vocabulary, text = coded(source.get("code"))
    values: dict[str, Any] = {"source_code": code, "source_vocabulary": vocabulary, "source_text": text}
    if "valueQuantity" in source:
        number, unit, comparator = _quantity(source["valueQuantity"])
        values.update(value_as_number=number, unit_source_value=unit)
        if table == "measurement":
            values["operator_source_value"] = comparator
    elif "valueCodeableConcept" in source:
        value_code, _, value_text = coded(source["valueCodeableConcept"])
        values["value_source_value"] = (value_code or value_text or "")[:250] or None
    elif isinstance(source.get("valueString"), str):
        values["value_source_value"] = source["valueString"][:250]
    elif isinstance(source.get("valueBoolean"), bool):
        values["value_source_value"] = str(source["valueBoolean"]).lower()
    elif isinstance(source.get("valueInteger"), int):
        values["value_as_number"] = float(source["valueInteger"])
    else:
        return None
    return values


def _observation(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "status", {"entered-in-error", "cancelled"}):
        outcome.skip_reason = skip
        return
    table = _observation_table(resource)
    when = _first_date(resource, "effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued")
    if when is None:
        raise ResourceProblem("effectiveDateTime", "Observation has no effective or issued date")
    date_column = f"{table}_date"
    visit = reference_id(resource.get("encounter"))
    sources = [resource] if any(key.startswith("value") for key in resource) else list(resource.get("component") or [])
    for source in sources:
        values = _observation_values(source, table)
        if values is None:
            continue
        dates: dict[str, dt.datetime | None] = {date_column: when}
        if table == "measurement":
            dates["measurement_datetime"] = when
        outcome.facts.append(Fact(table, values, dates, visit_source_id=visit))
    if not outcome.facts:
        outcome.skip_reason = "Observation without a value"


def _dose(dosage: Any) -> tuple[float | None, str | None]:
    if not isinstance(dosage, dict):
        return None, None
    if "doseAndRate" in dosage:
        dosage = (dosage.get("doseAndRate") or [{}])[0]
        number, unit, _ = _quantity(dosage.get("doseQuantity"))
        return number, unit
    number, unit, _ = _quantity(dosage.get("dose") or dosage.get("doseQuantity"))
    return number, unit


def _medication(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "status", {"entered-in-error", "cancelled", "not-taken", "not-done", "draft"}):
        outcome.skip_reason = skip
        return
    concept = resource.get("medicationCodeableConcept")
    code, vocabulary, text = (
        coded(concept) if concept else (None, None, (resource.get("medicationReference") or {}).get("display"))
    )
    if code is None and text is None:
        raise ResourceProblem("medication[x]", f"{resource['resourceType']} names no medication")
    start = _first_date(resource, "authoredOn", "effectiveDateTime", "effectivePeriod.start", "dateAsserted")
    if start is None:
        raise ResourceProblem("authoredOn", f"{resource['resourceType']} has no date")
    dosage = resource.get("dosage") or (resource.get("dosageInstruction") or [None])[0]
    number, unit = _dose(dosage)
    route = coded(dosage.get("route"))[2] if isinstance(dosage, dict) else None
    outcome.facts.append(
        Fact(
            "drug",
            {
                "source_code": code,
                "source_vocabulary": vocabulary,
                "source_text": text,
                "dose_value": number,
                "dose_unit_source_value": unit,
                "route_source_value": route,
            },
            {"drug_start_date": start, "drug_end_date": _first_date(resource, "effectivePeriod.end")},
            visit_source_id=reference_id(resource.get("encounter") or resource.get("context")),
        )
    )


def _immunization(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "status", {"not-done", "entered-in-error"}):
        outcome.skip_reason = skip
        return
    code, vocabulary, text = coded(resource.get("vaccineCode"))
    when = _first_date(resource, "occurrenceDateTime", "recorded")
    if when is None:
        raise ResourceProblem("occurrenceDateTime", "Immunization has no date")
    outcome.facts.append(
        Fact(
            "drug",
            {"source_code": code, "source_vocabulary": vocabulary, "source_text": text},
            {"drug_start_date": when},
            visit_source_id=reference_id(resource.get("encounter")),
        )
    )


def _procedure(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "status", {"not-done", "entered-in-error", "preparation"}):
        outcome.skip_reason = skip
        return
    code, vocabulary, text = coded(resource.get("code"))
    start = _first_date(resource, "performedDateTime", "performedPeriod.start")
    if start is None:
        raise ResourceProblem("performed[x]", "Procedure has no performed date")
    outcome.facts.append(
        Fact(
            "procedure",
            {"source_code": code, "source_vocabulary": vocabulary, "source_text": text},
            {"procedure_date": start, "procedure_end_date": _first_date(resource, "performedPeriod.end")},
            visit_source_id=reference_id(resource.get("encounter")),
        )
    )


def _allergy(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "verificationStatus", {"refuted", "entered-in-error"}):
        outcome.skip_reason = skip
        return
    code, vocabulary, text = coded(resource.get("code"))
    when = _first_date(resource, "onsetDateTime", "recordedDate", "assertedDate")
    if when is None:
        raise ResourceProblem("recordedDate", "AllergyIntolerance has no date")
    outcome.facts.append(
        Fact(
            "observation",
            {
                "source_code": code,
                "source_vocabulary": vocabulary,
                "source_text": text,
                "value_source_value": resource.get("criticality"),
                "qualifier_source_value": "allergy",
            },
            {"observation_date": when},
            visit_source_id=reference_id(resource.get("encounter")),
        )
    )


def _attachment_text(attachment: Any) -> str | None:
    """Inline text of an attachment (base64 `data` of a text/* or HTML type)."""
    if not isinstance(attachment, dict) or not attachment.get("data"):
        return None
    content_type = str(attachment.get("contentType", "text/plain"))
    if not content_type.startswith("text/") and "xml" not in content_type and "json" not in content_type:
        return None
    try:
        decoded = base64.b64decode(attachment["data"], validate=False).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return None
    return html.unescape(_TAG.sub(" ", decoded)) if "html" in content_type else decoded


def _note(resource: Resource, outcome: Outcome, kind: str, title: str | None, texts: list[str], when: dt.datetime | None) -> None:
    text = "\n".join(t.strip() for t in texts if t and t.strip())
    if not text:
        outcome.skip_reason = f"{resource['resourceType']} without inline report text"
        return
    if when is None:
        raise ResourceProblem("date", f"{resource['resourceType']} has no date")
    outcome.facts.append(
        Fact(
            "note",
            {"note_kind": kind, "note_title": title, "note_text": text},
            {"note_date": when},
            visit_source_id=reference_id(
                resource.get("encounter") or (resource.get("context") or {}).get("encounter", [None])[0]
            ),
            text_columns=("note_text",),
        )
    )


def _diagnostic_report(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "status", {"entered-in-error", "cancelled"}):
        outcome.skip_reason = skip
        return
    texts = [_attachment_text(a) or "" for a in resource.get("presentedForm") or []]
    if resource.get("conclusion"):
        texts.append(str(resource["conclusion"]))
    categories = " ".join(str(coded(c)[0]) for c in resource.get("category") or [])
    kind = "pathology" if "SP" in categories.split() or "PAT" in categories else ("imaging" if "RAD" in categories else "report")
    when = _first_date(resource, "effectiveDateTime", "effectivePeriod.start", "issued")
    _note(resource, outcome, kind, coded(resource.get("code"))[2], texts, when)


def _document_reference(resource: Resource, outcome: Outcome) -> None:
    if skip := _status_skip(resource, "status", {"entered-in-error"}):
        outcome.skip_reason = skip
        return
    texts = [_attachment_text(c.get("attachment")) or "" for c in resource.get("content") or [] if isinstance(c, dict)]
    when = _first_date(resource, "date", "context.period.start")
    _note(resource, outcome, "document", coded(resource.get("type"))[2], texts, when)


HANDLERS: dict[str, Callable[[Resource, Outcome], None]] = {
    "Patient": _patient,
    "Encounter": _encounter,
    "Condition": _condition,
    "Observation": _observation,
    "MedicationRequest": _medication,
    "MedicationAdministration": _medication,
    "MedicationStatement": _medication,
    "Immunization": _immunization,
    "Procedure": _procedure,
    "AllergyIntolerance": _allergy,
    "DiagnosticReport": _diagnostic_report,
    "DocumentReference": _document_reference,
}


def patient_of(resource: Resource) -> str | None:
    """The source id of the patient a resource is about."""
    if resource.get("resourceType") == "Patient":
        return resource.get("id")
    return reference_id(resource.get("subject") or resource.get("patient"))


def interpret(resource: Resource) -> Outcome:
    """Facts from one resource, or why it is skipped or quarantined."""
    resource_type = str(resource.get("resourceType"))
    handler = HANDLERS.get(resource_type)
    if handler is None:
        reason = resource_policy()["skipped"].get(resource_type, "resource type has no CDM target")
        return Outcome(skip_reason=f"{resource_type}: {reason}")
    if not resource.get("id"):
        return Outcome(quarantine_reason=f"{resource_type} has no id", quarantine_field="id")
    outcome = Outcome(patient_id=patient_of(resource))
    if not outcome.patient_id:
        return Outcome(quarantine_reason=f"{resource_type} does not say which patient it is about", quarantine_field="subject")
    try:
        handler(resource, outcome)
    except ResourceProblem as problem:
        return Outcome(patient_id=outcome.patient_id, quarantine_reason=str(problem), quarantine_field=problem.field_name)
    return outcome
