"""Rule-based structuring of pathology and imaging reports (Chinese and English) into facts and NOTE_NLP rows."""

from __future__ import annotations

from oncodata.nlp.extract import detect_kind, extract_records, extract_report
from oncodata.nlp.facts import Biomarker, Context, Finding, ReportFacts, Span
from oncodata.nlp.note_nlp import NLP_SYSTEM, note_nlp_rows

__all__ = [
    "NLP_SYSTEM",
    "Biomarker",
    "Context",
    "Finding",
    "ReportFacts",
    "Span",
    "detect_kind",
    "extract_records",
    "extract_report",
    "note_nlp_rows",
]
