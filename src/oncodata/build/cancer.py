"""The primary cancer of each person and its modifiers, from structured diagnoses and report facts.

Precedence (documented conventions): diagnosis date = specimen date of the first pathology report stating a
malignant histology, else the first cancer diagnosis record; histology = the latest structured morphology code,
else the latest pathology report; site = the cancer diagnosis code's ICD-O-3 topography, else the report's;
pathologic TNM (p/yp) over clinical (c) for the resolved stage, both kept as modifier rows; a later report over
an earlier one within a series; stage group as stated, else derived from T/N/M by the AJCC 8th lung table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
import pyarrow as pa

from oncodata.build.reference import (
    ModifierConcepts,
    derive_stage_group,
    metastasis_patterns,
    modifier_concepts,
    stable_id,
    stage_code,
)
from oncodata.cdm.oncology import CANCER_MODIFIER_EVENT_FIELD
from oncodata.nlp.tnm import modifier_code
from oncodata.store.base import Store

EHR = 32817
METASTASIS_WINDOW_DAYS = 45
WORKUP_LOOKBACK_DAYS = 30
_ICD_TOPOGRAPHY = re.compile(r"^(C\d{2})\.?(\d)?")
CONDITION_SCHEMA = pa.schema(
    [
        ("condition_occurrence_id", pa.int64()), ("person_id", pa.int64()), ("condition_concept_id", pa.int64()),
        ("condition_start_date", pa.date32()), ("condition_type_concept_id", pa.int64()), ("condition_status_concept_id", pa.int64()),
        ("condition_source_value", pa.string()), ("condition_source_concept_id", pa.int64()), ("condition_status_source_value", pa.string()),
    ]
)  # fmt: skip
MODIFIER_SCHEMA = pa.schema(
    [
        ("measurement_id", pa.int64()), ("person_id", pa.int64()), ("measurement_concept_id", pa.int64()),
        ("measurement_date", pa.date32()), ("measurement_type_concept_id", pa.int64()), ("operator_concept_id", pa.int64()),
        ("value_as_number", pa.float64()), ("value_as_concept_id", pa.int64()), ("unit_concept_id", pa.int64()),
        ("measurement_source_value", pa.string()), ("measurement_source_concept_id", pa.int64()), ("unit_source_value", pa.string()),
        ("measurement_event_id", pa.int64()), ("meas_event_field_concept_id", pa.int64()),
    ]
)  # fmt: skip
_GENE_ALIASES = {
    "ERBB2": "HER2",
    "HER-2": "HER2",
    "CD274": "PD-L1",
    "MKI67": "Ki-67",
    "NTRK1": "NTRK",
    "NTRK2": "NTRK",
    "NTRK3": "NTRK",
}


@dataclass
class PrimaryCancer:
    """What the build concluded about one person's primary lung cancer."""

    person_id: int
    diagnosis_date: dt.date
    condition_occurrence_id: int
    condition_concept_id: int
    source_value: str | None
    histology: str | None
    topography: str | None
    modifiers: list[dict[str, Any]] = field(default_factory=list)
    resolved_stage: str | None = None


def topography_of_icd(code: str | None) -> str | None:
    """`C34.300x002` -> `C34.3`; `C34` -> `C34.9` (unspecified)."""
    if not code:
        return None
    match = _ICD_TOPOGRAPHY.match(code.strip().upper())
    if not match or not match.group(1).startswith("C34"):
        return None
    return f"{match.group(1)}.{match.group(2) or '9'}"


def _norm_morphology(code: str | None) -> str | None:
    if not code:
        return None
    text = code.strip().upper().lstrip("M")
    return text if re.fullmatch(r"\d{4}/\d", text) else None


def _lung_cancer_conditions(store: Store) -> dict[int, list[tuple[dt.date, str | None, int]]]:
    """Per person: (date, source code, concept) of every lung cancer diagnosis in the CDM."""
    rows = store.query(
        "SELECT c.person_id, c.condition_start_date, c.condition_source_value, c.condition_concept_id "
        "FROM cdm.condition_occurrence AS c WHERE c.person_id IN (SELECT person_id FROM admin.build_scope) AND ("
        "c.condition_source_value LIKE 'C34%' OR c.condition_concept_id IN (SELECT ca.descendant_concept_id "
        "FROM vocab.concept_ancestor AS ca WHERE ca.ancestor_concept_id = 443388))"
    )
    by_person: dict[int, list[tuple[dt.date, str | None, int]]] = defaultdict(list)
    for person_id, day, code, concept in rows:
        by_person[int(person_id)].append((day, code, int(concept)))
    return by_person


def _facts(store: Store) -> dict[int, list[dict[str, Any]]]:
    columns = [
        "person_id", "note_date", "specimen_date", "note_kind", "t", "n", "m", "tnm_prefix", "stage_group", "histology_code",
        "grade", "tumor_size_mm", "primary_size_mm", "nodes_positive", "nodes_examined", "topography_code", "metastasis_sites",
        "comparison", "response", "biomarkers", "record_key",
    ]  # fmt: skip
    rows = store.query(
        f"SELECT {', '.join(columns)} FROM staging.note_fact WHERE person_id IN (SELECT person_id FROM admin.build_scope) "
        "ORDER BY person_id, note_date, record_key"
    )
    by_person: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        by_person[int(record["person_id"])].append(record)
    return by_person


def _morphologies(store: Store) -> dict[int, list[tuple[dt.date, str]]]:
    rows = store.query(
        "SELECT person_id, condition_start_date, source_code FROM staging.condition WHERE condition_status_source_value = 'morphology' "
        "AND person_id IN (SELECT person_id FROM admin.build_scope) ORDER BY person_id, condition_start_date"
    )
    by_person: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for person_id, day, code in rows:
        if morphology := _norm_morphology(code):
            by_person[int(person_id)].append((day, morphology))
    return by_person


def _icdo_concepts(store: Store) -> dict[str, int]:
    return {
        code: int(cid)
        for cid, code in store.query("SELECT concept_id, concept_code FROM vocab.concept WHERE vocabulary_id = 'ICDO3'")
    }


def _modifier(
    cancer: PrimaryCancer, key: str, concept_id: int, day: dt.date, type_concept: int, *,
    number: float | None = None, value_concept: int = 0, source: str | None = None, unit: str | None = None,
) -> None:  # fmt: skip
    if concept_id == 0:
        return
    cancer.modifiers.append(
        {
            "key": key,
            "measurement_concept_id": concept_id,
            "measurement_date": day,
            "measurement_type_concept_id": type_concept,
            "value_as_number": number,
            "value_as_concept_id": value_concept,
            "measurement_source_value": (source or key)[:50],
            "unit_source_value": unit,
        }
    )


def _stage_rows(cancer: PrimaryCancer, concepts: ModifierConcepts, facts: list[dict[str, Any]], nlp_type: int) -> None:
    """TNM and stage group: clinical from the first report stating them, pathologic from the latest; both kept.

    Pathology rarely assesses M: the clinical M stands in, and without any evidence of metastasis at diagnosis the
    AJCC convention of cM0 applies, so a pathologic stage group can still be assigned.
    """
    staged = [f for f in facts if f["t"] or f["n"] or f["m"] or f["stage_group"]]
    pathologic = [f for f in staged if (f["tnm_prefix"] or "").lower() in ("p", "yp") and f["note_kind"] == "pathology"]
    clinical = [f for f in staged if f not in pathologic]
    chosen: dict[str, dict[str, Any]] = {}
    if clinical:
        chosen["c"] = clinical[0]
    if pathologic:
        chosen["p"] = pathologic[-1]
    for prefix, fact in chosen.items():
        t, n, m = fact["t"], fact["n"], fact["m"]
        if prefix == "p" and not m:
            m = chosen["c"]["m"] if "c" in chosen else None
            if m is None and not any(key.startswith("metastasis:") for key in (r["key"] for r in cancer.modifiers)):
                m = "M0"
        group = fact["stage_group"] or derive_stage_group(t, n, m)
        day = fact["specimen_date"] or fact["note_date"]
        for category in (t, n, m):
            if category:
                _modifier(cancer, f"{prefix}{category}", concepts.get(f"cm:{modifier_code(prefix, category)}"), day, nlp_type)
        if group:
            _modifier(
                cancer,
                f"{prefix}Stage {group}",
                concepts.get(f"cm:{prefix}-8th_AJCC/UICC-Stage-{stage_code(group)}"),
                day,
                nlp_type,
            )
            if prefix == "p" or cancer.resolved_stage is None:
                cancer.resolved_stage = group


def _biomarker_rows(cancer: PrimaryCancer, concepts: ModifierConcepts, facts: list[dict[str, Any]], nlp_type: int) -> None:
    """The latest result per gene (a later report supersedes an earlier one), plus the variant when named."""
    latest: dict[str, tuple[dt.date, dict[str, Any]]] = {}
    for fact in facts:
        if not fact["biomarkers"]:
            continue
        for marker in orjson.loads(fact["biomarkers"]):
            gene = _GENE_ALIASES.get(str(marker.get("gene")), str(marker.get("gene")))
            latest[gene] = (fact["note_date"], marker)
    for gene, (day, marker) in sorted(latest.items()):
        result = (marker.get("result") or "").lower()
        value_concept = (
            concepts.get("value:positive")
            if result == "positive"
            else concepts.get("value:negative")
            if result == "negative"
            else 0
        )
        source = f"{gene} {marker.get('alteration') or ''} {result}".strip()
        _modifier(cancer, f"test:{gene}", concepts.get(f"test:{gene}"), day, nlp_type, number=marker.get("value"),
                  value_concept=value_concept, source=source, unit="%" if marker.get("value") is not None else None)  # fmt: skip
        alteration = marker.get("alteration")
        if alteration and result == "positive":
            _modifier(cancer, f"variant:{gene}", concepts.get(f"variant:{gene}:{alteration}"), day, nlp_type,
                      value_concept=value_concept, source=source)  # fmt: skip


def _metastasis_rows(cancer: PrimaryCancer, concepts: ModifierConcepts, facts: list[dict[str, Any]], nlp_type: int) -> None:
    seen: set[str] = set()
    for fact in facts:
        if not fact["metastasis_sites"] or abs((fact["note_date"] - cancer.diagnosis_date).days) > METASTASIS_WINDOW_DAYS:
            continue
        for site_text in fact["metastasis_sites"].split("|"):
            for pattern, site in metastasis_patterns():
                if site not in seen and re.search(pattern, site_text, re.IGNORECASE):
                    seen.add(site)
                    _modifier(cancer, f"metastasis:{site}", concepts.get(f"metastasis:{site}"), fact["note_date"], nlp_type,
                              source=site_text[:50])  # fmt: skip
                    break


def resolve_primary_cancers(store: Store) -> list[PrimaryCancer]:
    """One PrimaryCancer per person in scope who has a lung cancer diagnosis or a malignant pathology report."""
    concepts = modifier_concepts(store)
    nlp_type = concepts.get("type:nlp") or EHR
    icdo = _icdo_concepts(store)
    conditions = _lung_cancer_conditions(store)
    facts_by_person = _facts(store)
    morphologies = _morphologies(store)
    cancers = []
    # Only persons who made it into PERSON (a person without a valid birth year is left out of the CDM entirely).
    in_cdm = {
        int(row[0])
        for row in store.query("SELECT person_id FROM cdm.person WHERE person_id IN (SELECT person_id FROM admin.build_scope)")
    }
    candidates = set(conditions) | {p for p, fs in facts_by_person.items() if any(_is_malignant(f) for f in fs)}
    for person_id in sorted(candidates & in_cdm):
        facts = facts_by_person.get(person_id, [])
        pathology = [f for f in facts if f["note_kind"] == "pathology"]
        confirmed = [f for f in pathology if _is_malignant(f)]
        diagnosis_rows = sorted(conditions.get(person_id, []))
        diagnosis_date = _diagnosis_date(pathology, confirmed, diagnosis_rows)
        if diagnosis_date is None:
            continue
        structured = morphologies.get(person_id, [])
        histology = structured[-1][1] if structured else (confirmed[-1]["histology_code"] if confirmed else None)
        codes = [code for _, code, _ in diagnosis_rows if topography_of_icd(code)]
        topography = topography_of_icd(max(set(codes), key=codes.count)) if codes else None
        if topography is None and confirmed:
            topography = next((f["topography_code"] for f in reversed(confirmed) if f["topography_code"]), None)
        concept = icdo.get(f"{histology}-{topography}") if histology and topography else None
        if concept is None:
            concept = diagnosis_rows[0][2] if diagnosis_rows and diagnosis_rows[0][2] else 443388
        cancer = PrimaryCancer(
            person_id=person_id,
            diagnosis_date=diagnosis_date,
            condition_occurrence_id=0,
            condition_concept_id=concept,
            source_value=(codes[0] if codes else histology),
            histology=histology,
            topography=topography,
        )
        _metastasis_rows(cancer, concepts, facts, nlp_type)
        _stage_rows(cancer, concepts, facts, nlp_type)
        last_pathology = confirmed[-1] if confirmed else None
        if last_pathology:
            day = last_pathology["specimen_date"] or last_pathology["note_date"]
            grade = _grade_key(last_pathology["grade"])
            if grade:
                _modifier(cancer, "grade", concepts.get(f"grade:{grade}"), day, nlp_type, source=last_pathology["grade"])
            size = next((f["tumor_size_mm"] for f in reversed(confirmed) if f["tumor_size_mm"]), None)
            if size:
                _modifier(cancer, "tumor_size", concepts.get("tumor_size"), day, nlp_type, number=float(size), unit="mm")
            for key in ("nodes_examined", "nodes_positive"):
                value = next((f[key] for f in reversed(confirmed) if f[key] is not None), None)
                if value is not None:
                    _modifier(cancer, key, concepts.get(key), day, nlp_type, number=float(value))
        _biomarker_rows(cancer, concepts, facts, nlp_type)
        cancers.append(cancer)
    return cancers


def _diagnosis_date(
    pathology: list[dict[str, Any]], confirmed: list[dict[str, Any]], diagnosis_rows: list[tuple[dt.date, str | None, int]]
) -> dt.date | None:
    """The first tissue sampling of the diagnostic work-up: the earliest pathology specimen from a month before the
    first cancer record (or before the first malignant report) on; without pathology, the first cancer record."""
    first_record = diagnosis_rows[0][0] if diagnosis_rows else None
    first_confirmed = (confirmed[0]["specimen_date"] or confirmed[0]["note_date"]) if confirmed else None
    if first_record is None and first_confirmed is None:
        return None
    anchor = min(d for d in (first_record, first_confirmed) if d is not None)
    specimens = [f["specimen_date"] or f["note_date"] for f in pathology]
    workup = [
        d for d in specimens if (d - anchor).days >= -WORKUP_LOOKBACK_DAYS and (first_confirmed is None or d <= first_confirmed)
    ]
    if workup:
        return min(workup)
    return first_confirmed or first_record


def _grade_key(text: str | None) -> str | None:
    """`G2` -> `G2`; a range such as `G2-G3` is recorded as its highest grade (AJCC: the worst grade seen)."""
    digits = [int(d) for d in re.findall(r"[1-4]", text or "")]
    return f"G{max(digits)}" if digits else None


def _is_malignant(fact: dict[str, Any]) -> bool:
    return fact["note_kind"] == "pathology" and bool(fact["histology_code"]) and str(fact["histology_code"]).endswith("/3")


def write_primary_cancers(store: Store, cancers: list[PrimaryCancer]) -> None:
    """The primary cancer CONDITION_OCCURRENCE rows and their modifier MEASUREMENT rows."""
    if not cancers:
        return
    concepts = modifier_concepts(store)
    conditions, measurements = [], []
    for cancer in cancers:
        cancer.condition_occurrence_id = stable_id(f"primary_cancer|{cancer.person_id}")
        conditions.append(
            {
                "condition_occurrence_id": cancer.condition_occurrence_id,
                "person_id": cancer.person_id,
                "condition_concept_id": cancer.condition_concept_id,
                "condition_start_date": cancer.diagnosis_date,
                "condition_type_concept_id": EHR,
                "condition_status_concept_id": None,
                "condition_source_value": (cancer.source_value or "")[:50] or None,
                "condition_source_concept_id": 0,
                "condition_status_source_value": "primary cancer",
            }
        )
        for number, modifier in enumerate(cancer.modifiers):
            measurements.append(
                {
                    "measurement_id": cancer.condition_occurrence_id + number + 1,
                    "person_id": cancer.person_id,
                    "measurement_concept_id": modifier["measurement_concept_id"],
                    "measurement_date": modifier["measurement_date"],
                    "measurement_type_concept_id": modifier["measurement_type_concept_id"],
                    "operator_concept_id": 0,
                    "value_as_number": modifier["value_as_number"],
                    "value_as_concept_id": modifier["value_as_concept_id"],
                    # No unit in the source: NULL (CDM convention); a stated unit maps to UCUM, else 0 (unmapped).
                    "unit_concept_id": None
                    if modifier["unit_source_value"] is None
                    else concepts.get(f"unit:{modifier['unit_source_value']}"),
                    "measurement_source_value": modifier["measurement_source_value"],
                    "measurement_source_concept_id": 0,
                    "unit_source_value": modifier["unit_source_value"],
                    "measurement_event_id": cancer.condition_occurrence_id,
                    "meas_event_field_concept_id": int(CANCER_MODIFIER_EVENT_FIELD),
                }
            )
    store.load_arrow("cdm.condition_occurrence", pa.Table.from_pylist(conditions, schema=CONDITION_SCHEMA))
    if measurements:
        store.load_arrow("cdm.measurement", pa.Table.from_pylist(measurements, schema=MODIFIER_SCHEMA))
