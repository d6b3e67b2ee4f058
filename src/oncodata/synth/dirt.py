"""Defect injection at --dirty RATE: each row gets at most one defect, and every defect is reported for the truth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from oncodata.synth.catalog import Catalog

# Per source: which defect kinds apply and which fields they may hit (identifier columns are never blanked).
DEFECT_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "patient_master": {
        "missing_field": ("sex", "birth_date", "ethnicity", "insurance"),
        "impossible_date": ("birth_date",),
        "conflicting_record": ("birth_date", "sex"),
    },
    "visits": {"missing_field": ("department", "visit_start"), "impossible_date": ("visit_start",)},
    "diagnoses": {
        "missing_field": ("icd10_code", "diagnosis_date"),
        "invalid_code": ("icd10_code",),
        "impossible_date": ("diagnosis_date",),
    },
    "pathology_reports": {"missing_field": ("reported_at", "specimen"), "impossible_date": ("reported_at",)},
    "imaging_reports": {"missing_field": ("exam_date", "modality"), "impossible_date": ("exam_date",)},
    "lab_results": {
        "missing_field": ("result", "unit"),
        "wrong_unit": ("unit",),
        "typo": ("item_name",),
        "impossible_date": ("collected_at",),
        "truncated_line": ("reference_range",),
    },
    "medication_orders": {
        "missing_field": ("dose", "route"),
        "typo": ("drug_generic",),
        "impossible_date": ("order_start",),
        "truncated_line": ("frequency",),
    },
    "surgery": {"missing_field": ("procedure_code",), "impossible_date": ("surgery_date",)},
    "radiotherapy": {"missing_field": ("total_dose_gy", "fractions"), "impossible_date": ("start_date",)},
    "followup": {"missing_field": ("status",), "impossible_date": ("followup_date",), "conflicting_record": ("death_date",)},
}
DUPLICATE_SHARE = 0.15  # of defects, duplicates of the whole row


@dataclass
class Defect:
    field: str
    kind: str
    detail: str
    row_offset: int  # 0 = the row itself, 1 = the extra row written after it


@dataclass
class DirtyRows:
    """What to write for one clean row: the (possibly damaged) row, extra rows, and what was done."""

    values: dict[str, Any]
    extra_rows: list[dict[str, Any]] = field(default_factory=list)
    truncate_field: str | None = None
    defects: list[Defect] = field(default_factory=list)


def _impossible_date(rng: random.Random, text: str) -> str:
    year = text[:4] if text[:4].isdigit() else "2021"
    return rng.choice((f"{year}-02-30", f"{year}-13-05", f"{year}-04-31", f"{year}-00-12", f"{year}-02-31"))


def _typo(rng: random.Random, catalog: Catalog, text: str) -> str:
    for correct, wrong in catalog.drugs["typos"].items():
        if correct in text:
            return text.replace(correct, rng.choice(wrong))
    if len(text) >= 3:
        i = rng.randrange(len(text) - 1)
        swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if swapped != text:
            return swapped
        return text[:i] + text[i + 1 :]
    return text + text[-1:]


def _wrong_unit(catalog: Catalog, item_code: str, unit: str) -> str | None:
    item = catalog.labs["items"].get(item_code)
    if not item:
        return None
    # A label whose number would differ by a factor: the value stays as measured, so the unit is wrong.
    for alt, factor in item["alt_units"].items():
        if factor != 1.0 and alt != unit:
            return alt
    if unit != item["unit"] and item["alt_units"].get(unit, 1.0) != 1.0:
        return item["unit"]
    return None


def damage_row(rng: random.Random, catalog: Catalog, source: str, values: dict[str, Any], rate: float) -> DirtyRows:
    """With probability `rate`, apply one defect that suits the source to this row."""
    outcome = DirtyRows(values)
    if rate <= 0 or rng.random() >= rate:
        return outcome
    options = DEFECT_FIELDS[source]
    if rng.random() < DUPLICATE_SHARE:
        outcome.extra_rows.append(dict(values))
        outcome.defects.append(Defect("", "duplicate_row", "exact duplicate of the previous row", 1))
        return outcome
    kind = rng.choice(list(options))
    target = rng.choice(options[kind])
    damaged = dict(values)
    original = str(values.get(target, ""))
    if kind == "missing_field":
        if not original:
            return outcome
        damaged[target] = ""
        detail = "value removed"
    elif kind == "impossible_date":
        damaged[target] = _impossible_date(rng, original)
        detail = "not a calendar date"
    elif kind == "invalid_code":
        damaged[target] = rng.choice(catalog.diagnoses["invalid_codes"])
        detail = f"malformed code (was {original})"
    elif kind == "typo":
        damaged[target] = _typo(rng, catalog, original)
        if damaged[target] == original:
            return outcome
        detail = f"misspelled (was {original})"
    elif kind == "wrong_unit":
        wrong = _wrong_unit(catalog, str(values.get("item_code", "")), original)
        if wrong is None:
            return outcome
        damaged[target] = wrong
        detail = f"unit label {wrong} does not match the value (was {original})"
    elif kind == "truncated_line":
        outcome.truncate_field = target
        outcome.defects.append(Defect(target, kind, "line cut off before this field", 0))
        return outcome
    else:  # conflicting_record: a second row for the same key disagreeing on one field
        conflicting = dict(values)
        if target == "sex":
            conflicting[target] = {"男": "女", "女": "男", "M": "F", "F": "M"}.get(original, "未知")
        elif original:
            conflicting[target] = (
                f"{int(original[:4]) + rng.choice((-1, 1))}{original[4:]}" if original[:4].isdigit() else original + "?"
            )
        else:
            return outcome
        outcome.extra_rows.append(conflicting)
        outcome.defects.append(Defect(target, kind, "same key as the previous row, different value", 1))
        return outcome
    outcome.values = damaged
    outcome.defects.append(Defect(target, kind, detail, 0))
    return outcome
