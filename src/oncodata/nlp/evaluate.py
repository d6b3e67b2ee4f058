"""Evaluation helpers: TNM category agreement, CCKS span normalization, precision/recall/F1, synthetic truth."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oncodata.nlp.tnm import main_category

SEPARATOR = re.compile(r"[×*xX]")


def normalize_span(value: str) -> str:
    """Whitespace removed, case folded, ×/*/x unified: '3.0CM × 2.5cm' → '3.0cm×2.5cm'.

    >>> normalize_span(" 3.0CM * 2.5 cm ")
    '3.0cm×2.5cm'
    """
    return SEPARATOR.sub("×", re.sub(r"\s+", "", value or "")).lower().replace("\ufffd", "")


def split_labels(value: str | None) -> list[str]:
    """A comma-separated CCKS label → normalized items (empty list for no label)."""
    if not value:
        return []
    return [normalize_span(v) for v in re.split(r"[,，]", value) if normalize_span(v)]


@dataclass
class Counts:
    """Micro-averaged true/false positive/negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: list[str], gold: list[str]) -> None:
        remaining = list(gold)
        for item in predicted:
            if item in remaining:
                remaining.remove(item)
                self.tp += 1
            else:
                self.fp += 1
        self.fn += len(remaining)

    def scores(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class AxisScore:
    """Coverage and accuracy of one TNM axis against labels (main category)."""

    labelled: int = 0
    covered: int = 0
    correct: int = 0

    def add(self, predicted: str | None, gold: str | None) -> None:
        if not gold:
            return
        self.labelled += 1
        if predicted:
            self.covered += 1
            self.correct += main_category(predicted) == main_category(gold)

    def scores(self) -> dict[str, float | int]:
        return {
            "labelled": self.labelled,
            "coverage": round(self.covered / self.labelled, 4) if self.labelled else 0.0,
            "accuracy_on_covered": round(self.correct / self.covered, 4) if self.covered else 0.0,
            "overall_accuracy": round(self.correct / self.labelled, 4) if self.labelled else 0.0,
        }


# Fields compared against the synthetic generator's truth (truth/reports.jsonl), per report.
SYNTH_FIELDS = (
    "t",
    "n",
    "m",
    "tnm_prefix",
    "stage_group",
    "histology_code",
    "grade",
    "tumor_size_mm",
    "nodes_positive",
    "nodes_examined",
    "primary_site_text",
    "primary_size_text",
    "metastasis_sites_text",
    "biomarkers",
    "comparison",
)
SYNTH_TEXT_COLUMNS = {
    "pathology_reports.csv": (("报告内容",), ("Report text",)),
    "ris_imaging_reports.csv": (("检查所见", "诊断意见"), ("Findings", "Impression")),
}


def _comparable(field: str, value: Any) -> Any:
    """A value in the form both sides are compared in (sizes as mm floats, spans normalized, biomarker sets)."""
    if value is None or value == []:
        return None
    if field == "tumor_size_mm":
        return round(float(value), 1)
    if field in {"primary_site_text", "primary_size_text"}:
        return normalize_span(str(value))
    if field == "metastasis_sites_text":
        return tuple(sorted(normalize_span(v) for v in value))
    if field == "biomarkers":
        return tuple(
            sorted(
                (
                    (
                        b["gene"],
                        b.get("alteration"),
                        b.get("result"),
                        None if b.get("value") is None else round(float(b["value"]), 1),
                    )
                    for b in value
                ),
                key=repr,
            )
        )
    return value


def synthetic_report_texts(out_dir: Path) -> dict[tuple[str, int], str]:
    """Report text per (file, data row number starting at 1) of a generated hospital folder (either locale)."""
    texts: dict[tuple[str, int], str] = {}
    for file_name, header_sets in SYNTH_TEXT_COLUMNS.items():
        with (out_dir / file_name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if not rows:
            continue
        columns = next(cols for cols in header_sets if all(c in rows[0] for c in cols))
        for number, row in enumerate(rows, start=1):
            texts[(file_name, number)] = "\n".join(row[c] or "" for c in columns)
    return texts


def synthetic_agreement(out_dir: Path) -> dict[str, Any]:
    """Per-field agreement (share of reports where extraction equals the generator's truth, null = null) by kind.

    Only fields the truth states for some report of that kind are scored; `mismatches` counts disagreements.
    """
    from oncodata.nlp.extract import extract_report

    texts = synthetic_report_texts(out_dir)
    tallies: dict[str, dict[str, list[int]]] = {}
    with (out_dir / "truth" / "reports.jsonl").open(encoding="utf-8") as handle:
        truths = [json.loads(line) for line in handle if line.strip()]
    stated: dict[str, set[str]] = {}
    for truth in truths:
        for field in SYNTH_FIELDS:
            if _comparable(field, truth.get(field)) is not None:
                stated.setdefault(truth["kind"], set()).add(field)
    for truth in truths:
        text = texts.get((truth["file"], int(truth["row"])))
        if text is None:
            continue
        facts = extract_report(text, kind=truth["kind"]).to_record()
        kind_tally = tallies.setdefault(truth["kind"], {})
        for field in stated.get(truth["kind"], ()):
            agree = _comparable(field, facts.get(field)) == _comparable(field, truth.get(field))
            counts = kind_tally.setdefault(field, [0, 0])
            counts[0] += int(agree)
            counts[1] += 1
    return {
        kind: {
            field: {"agreement": round(ok / total, 4), "reports": total, "mismatches": total - ok}
            for field, (ok, total) in sorted(fields.items())
        }
        for kind, fields in sorted(tallies.items())
    }


# Fields of a hand-written pathology truth set (tests/data/nlp/lung_pathology_handwritten.jsonl and the like).
HANDWRITTEN_FIELDS = (
    "t",
    "n",
    "m",
    "tnm_prefix",
    "stage_group",
    "grade",
    "tumor_size_mm",
    "nodes_positive",
    "nodes_examined",
    "laterality",
    "lobe",
    "pleural_invasion",
    "lymphovascular_invasion",
    "margin_positive",
    "biomarkers",
)
# Markers that some truth sets leave out of "biomarkers" (a proliferation stain; NTRK, outside the nine genes the
# truth conventions list); compared only when the truth set lists them somewhere.
OPTIONAL_MARKERS = frozenset({"Ki-67", "NTRK"})


def flatten_like_tcga(text: str) -> str:
    """A report on one line the way the TCGA-Reports OCR corpus stores it: each line joined to the next with ". ",
    or a space after a line that ends with a full stop.

    >>> flatten_like_tcga("LUNG, LEFT LOWER LOBE:\\n  ADENOCARCINOMA, 3.3 X\\n2.5 CM.\\nMARGINS FREE.")
    'LUNG, LEFT LOWER LOBE:. ADENOCARCINOMA, 3.3 X. 2.5 CM. MARGINS FREE.'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "".join(line + (" " if line.endswith(".") else ". ") for line in lines).strip()


def handwritten_value(field: str, values: dict[str, Any], markers: set[str]) -> Any:
    """A field in the form both sides are compared in: sizes in whole mm, biomarkers as a set of gene/result pairs."""
    value = values.get(field)
    if field == "biomarkers":
        # One result per gene, as the truth gives it: a gene found altered is positive though another of its
        # alterations was not found ("EGFR L858R detected; exon 19 deletion not detected").
        results: dict[str, set[str]] = {}
        for b in value or ():
            if b["gene"] in markers:
                results.setdefault(b["gene"], set()).add(b["result"])
        return tuple(sorted((gene, "positive" if "positive" in found else min(found)) for gene, found in results.items()))
    if field == "tumor_size_mm" and value is not None:
        return int(float(value) + 0.5)  # round half up, as the truth does (2.25 cm -> 23 mm)
    return value


def handwritten_agreement(rows: list[dict[str, Any]], flatten: bool = False, lang: str = "en") -> dict[str, Any]:
    """Per-field agreement of pathology extraction with a hand-written truth set: rows of {"id", "text", "truth"}
    whose truth uses `HANDWRITTEN_FIELDS` (categories compared as written, "T2a" ≠ "T2"). With `flatten`, each text
    is first put on one line as TCGA stores it. `mismatches` lists the report ids per field."""
    from oncodata.nlp.extract import extract_report

    listed = {b["gene"] for row in rows for b in row["truth"].get("biomarkers") or ()}
    tallies: dict[str, tuple[list[str], list[str]]] = {field: ([], []) for field in HANDWRITTEN_FIELDS}
    for row in rows:
        text = flatten_like_tcga(row["text"]) if flatten else row["text"]
        record = extract_report(text, kind="pathology", lang=lang).to_record()
        record["margin_positive"] = None if record["margins"] is None else record["margins"] == "positive"
        found = {b["gene"] for b in record["biomarkers"]}
        markers = {gene for gene in found | listed if gene not in OPTIONAL_MARKERS or gene in listed}
        for field in HANDWRITTEN_FIELDS:
            same = handwritten_value(field, record, markers) == handwritten_value(field, row["truth"], markers)
            tallies[field][0 if same else 1].append(row["id"])
    return {
        field: {"agreement": round(len(agree) / len(rows), 4), "reports": len(rows), "mismatches": missed}
        for field, (agree, missed) in tallies.items()
    }


# Fields of a hand-written imaging truth set (bench/data/lung_imaging_handwritten_*.jsonl): the primary's place and
# size, nodes, metastasis categories (stated and hedged apart) and the comparison with the prior exam.
IMAGING_FIELDS = (
    "laterality",
    "lobe",
    "primary_size_mm",
    "nodal_involvement",
    "metastasis_sites",
    "metastasis_suspected",
    "primary_change",
    "new_lesions",
    "response",
)
PRIMARY_CHANGES = frozenset({"larger", "smaller", "stable"})


def metastasis_categories(sites: list[str]) -> tuple[str, ...]:
    """The metastasis categories (bone, liver, lymph_node…) that site phrases name, as the build stage maps them to
    CDM concepts; a phrase it cannot place is "other"."""
    from oncodata.build.reference import metastasis_patterns

    categories = set()
    for site in sites:
        category = next((name for pattern, name in metastasis_patterns() if re.search(pattern, site, re.IGNORECASE)), None)
        categories.add(category or "other")
    return tuple(sorted(categories))


def imaging_record_values(record: dict[str, Any]) -> dict[str, Any]:
    """An imaging record in the truth set's terms: sizes in whole mm, metastasis sites as categories, the comparison
    split into the primary's change and whether a new lesion is reported."""
    stated = metastasis_categories(record["metastasis_sites_text"])
    suspected = tuple(c for c in metastasis_categories(record["metastasis_sites_suspected_text"]) if c not in stated)
    size = record["primary_size_mm"]
    comparison = record["comparison"]
    return {
        "laterality": record["laterality"],
        "lobe": record["lobe"],
        "primary_size_mm": None if size is None else int(float(size) + 0.5),
        "nodal_involvement": record["nodal_involvement"],
        "metastasis_sites": stated,
        "metastasis_suspected": suspected,
        "primary_change": comparison if comparison in PRIMARY_CHANGES else None,
        "new_lesions": record.get("new_lesions"),
        "response": record["response"],
    }


def imaging_truth_values(truth: dict[str, Any]) -> dict[str, Any]:
    size = truth["primary_size_mm"]
    return {
        **{field: truth[field] for field in IMAGING_FIELDS},
        "primary_size_mm": None if size is None else int(float(size) + 0.5),
        "metastasis_sites": tuple(sorted(set(truth["metastasis_sites"]))),
        "metastasis_suspected": tuple(sorted(set(truth["metastasis_suspected"]) - set(truth["metastasis_sites"]))),
    }


def imaging_agreement(rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """Per-field agreement of imaging extraction with a hand-written truth set: rows of {"id", "text", "truth"} whose
    truth uses `IMAGING_FIELDS`; `mismatches` lists the report ids per field."""
    from oncodata.nlp.extract import extract_report

    tallies: dict[str, tuple[list[str], list[str]]] = {field: ([], []) for field in IMAGING_FIELDS}
    for row in rows:
        found = imaging_record_values(extract_report(row["text"], kind="imaging", lang=lang).to_record())
        want = imaging_truth_values(row["truth"])
        for field in IMAGING_FIELDS:
            tallies[field][0 if found[field] == want[field] else 1].append(row["id"])
    return {
        field: {"agreement": round(len(agree) / len(rows), 4), "reports": len(rows), "mismatches": missed}
        for field, (agree, missed) in tallies.items()
    }
