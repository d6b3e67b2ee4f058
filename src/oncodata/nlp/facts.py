"""The structured record one report yields (ReportFacts) and the pieces it is built from."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Where a value was read: character offsets into the report and the text between them."""

    start: int
    end: int
    text: str


def span_of(text: str, match: re.Match[str]) -> Span:
    """The span of a match (made on the text or its folded copy), with the report's own characters."""
    return Span(match.start(), match.end(), text[match.start() : match.end()])


@dataclass(frozen=True)
class Context:
    """How a finding is qualified in its clause."""

    negated: bool = False
    uncertain: bool = False
    probable: bool = False
    historical: bool = False
    family: bool = False
    hypothetical: bool = False
    section: str = "body"

    @property
    def asserted(self) -> bool:
        """True when the finding may become a fact: not negated, hedged, about a relative, or hypothetical."""
        return not (self.negated or self.uncertain or self.family or self.hypothetical)


@dataclass(frozen=True)
class Finding:
    """One concept mention, kept for NOTE_NLP whether or not it became a fact."""

    category: str
    span: Span
    lexical_variant: str
    context: Context
    concept_code: str | None = None
    value: str | None = None


@dataclass
class Biomarker:
    """A gene or protein result: EGFR exon 19 deletion positive, PD-L1 TPS 60% (22C3), Ki-67 30%."""

    gene: str
    alteration: str | None = None
    result: str | None = None
    value: float | None = None
    unit: str | None = None
    assay: str | None = None
    span: Span | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "gene": self.gene,
            "alteration": self.alteration,
            "result": self.result,
            "value": self.value,
            "unit": self.unit,
            "assay": self.assay,
        }


# The keys every output record has, in order (the contract with the build stage).
RECORD_KEYS = (
    "kind",
    "language",
    "t",
    "n",
    "m",
    "tnm_prefix",
    "tnm_edition",
    "stage_group",
    "histology_code",
    "histology_text",
    "grade",
    "tumor_size_mm",
    "nodes_positive",
    "nodes_examined",
    "nodes_by_station",
    "primary_site_text",
    "primary_size_text",
    "primary_size_mm",
    "topography_code",
    "laterality",
    "lobe",
    "pleural_invasion",
    "lymphovascular_invasion",
    "margins",
    "nodal_involvement",
    "metastasis_sites_text",
    "metastasis_sites_suspected_text",
    "comparison",
    "new_lesions",
    "response",
    "biomarkers",
    "evidence",
)


@dataclass
class ReportFacts:
    """Everything a report states, null where it does not say; `evidence` maps each field to its span(s)."""

    kind: str
    language: str
    t: str | None = None
    n: str | None = None
    m: str | None = None
    tnm_prefix: str | None = None
    tnm_edition: int | None = None
    stage_group: str | None = None
    histology_code: str | None = None
    histology_text: str | None = None
    grade: str | None = None
    tumor_size_mm: float | None = None
    nodes_positive: int | None = None
    nodes_examined: int | None = None
    nodes_by_station: list[dict[str, Any]] = field(default_factory=list)
    primary_site_text: str | None = None
    primary_size_text: str | None = None
    primary_size_mm: float | None = None
    topography_code: str | None = None
    laterality: str | None = None
    lobe: str | None = None
    pleural_invasion: bool | None = None
    lymphovascular_invasion: bool | None = None
    margins: str | None = None
    nodal_involvement: bool | None = None
    metastasis_sites_text: list[str] = field(default_factory=list)
    # Hedged metastases ("转移不除外", "suspicious for metastasis"): kept apart, never facts; CCKS annotators count them.
    metastasis_sites_suspected_text: list[str] = field(default_factory=list)
    comparison: str | None = None
    new_lesions: bool | None = None
    response: str | None = None
    biomarkers: list[Biomarker] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def cite(self, field_name: str, span: Span) -> None:
        """Record the span behind a field's value."""
        self.evidence.setdefault(field_name, []).append(span)

    def to_record(self) -> dict[str, Any]:
        """The JSON-ready record `oncodata nlp extract` writes (findings stay out; they go to NOTE_NLP)."""
        record: dict[str, Any] = {}
        for key in RECORD_KEYS:
            value = getattr(self, key)
            if key == "biomarkers":
                value = [b.to_record() for b in value]
            elif key == "evidence":
                value = {name: [asdict(s) for s in spans] for name, spans in value.items()}
            record[key] = value
        return record
