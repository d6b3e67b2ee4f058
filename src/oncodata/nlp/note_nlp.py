"""Turn a report's findings into OMOP CDM v5.4 NOTE_NLP rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from oncodata import __version__
from oncodata.nlp.facts import Finding, ReportFacts

NLP_SYSTEM = f"oncodata-nlp {__version__}"
SNIPPET_RADIUS = 30
# The vocabulary a finding's code belongs to: ICD-O-3 morphology and topography, OMOP Cancer Modifier categories.
# The build resolves (vocabulary, code) to NOTE_NLP's concept ids against the loaded vocabulary.
CODE_VOCABULARIES = {"histology": "ICDO3", "primary_site": "ICDO3", "T": "Cancer Modifier", "N": "Cancer Modifier",
                     "M": "Cancer Modifier"}  # fmt: skip


def term_modifiers(finding: Finding) -> str:
    """'negated=false,uncertain=true,…,section=diagnosis' — the qualifiers in one NOTE_NLP string."""
    c = finding.context
    parts = [
        f"negated={str(c.negated).lower()}",
        f"uncertain={str(c.uncertain).lower()}",
        f"probable={str(c.probable).lower()}",
        f"historical={str(c.historical).lower()}",
        f"family={str(c.family).lower()}",
        f"hypothetical={str(c.hypothetical).lower()}",
        f"section={c.section}",
        f"category={finding.category}",
    ]
    if finding.concept_code:
        parts.append(f"code={finding.concept_code}")
    if finding.value:
        parts.append(f"value={finding.value}")
    return ",".join(parts)


def note_nlp_rows(
    note_id: int, facts: ReportFacts, text: str | None = None, nlp_date: dt.date | None = None
) -> list[dict[str, Any]]:
    """One NOTE_NLP row per finding; term_exists is 'N' for negated, hedged, family or hypothetical findings. The
    concept ids stay 0 here; `concept_vocabulary_id` and `concept_code` say what the build resolves them from.

    The snippet is taken from `text` when given (the lexical variant otherwise), so callers decide whether report
    text may leave the process.
    """
    day = nlp_date or dt.date.today()
    rows = []
    for finding in facts.findings:
        span = finding.span
        snippet = text[max(0, span.start - SNIPPET_RADIUS) : span.end + SNIPPET_RADIUS] if text else finding.lexical_variant
        rows.append(
            {
                "note_nlp_id": None,
                "note_id": note_id,
                "section_concept_id": 0,
                "snippet": snippet[:250],
                "offset": str(span.start),
                "lexical_variant": finding.lexical_variant[:250],
                "note_nlp_concept_id": 0,
                "note_nlp_source_concept_id": 0,
                # Not CDM columns: what was found and its code, for the build to turn into the two concept ids above.
                "category": finding.category,
                "concept_vocabulary_id": CODE_VOCABULARIES.get(finding.category) if finding.concept_code else None,
                "concept_code": finding.concept_code,
                "nlp_system": NLP_SYSTEM,
                "nlp_date": day,
                "nlp_datetime": None,
                "term_exists": "Y" if finding.context.asserted else "N",
                "term_temporal": "historical" if finding.context.historical else None,
                "term_modifiers": term_modifiers(finding)[:2000],
            }
        )
    return rows
