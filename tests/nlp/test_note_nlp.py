"""NOTE_NLP rows: offsets, term_exists for negated or hedged findings, modifiers and system name."""

from __future__ import annotations

from oncodata.nlp import NLP_SYSTEM, extract_report, note_nlp_rows
from tests.nlp.conftest import read_fixture


def test_rows_carry_offsets_and_existence():
    text = read_fixture("zh_imaging_ct.txt")
    rows = note_nlp_rows(42, extract_report(text), text)
    assert rows and all(r["note_id"] == 42 and r["nlp_system"] == NLP_SYSTEM for r in rows)
    hedged = [r for r in rows if "uncertain=true" in r["term_modifiers"]]
    negated = [r for r in rows if "negated=true" in r["term_modifiers"]]
    assert hedged and all(r["term_exists"] == "N" for r in hedged)
    assert negated and all(r["term_exists"] == "N" for r in negated)
    for row in rows:
        offset = int(row["offset"])
        assert text[offset : offset + len(row["lexical_variant"])] == row["lexical_variant"]
        assert row["note_nlp_concept_id"] == 0


def test_histology_rows_name_their_code():
    text = read_fixture("en_narrative_ocr.txt")
    rows = note_nlp_rows(1, extract_report(text))
    histology = [r for r in rows if "category=histology" in r["term_modifiers"]]
    assert any("code=8070/3" in r["term_modifiers"] and r["term_exists"] == "Y" for r in histology)
    # "Suspicious for, but not diagnostic of, ... adenocarcinoma in situ" is recorded but does not exist as a fact.
    assert [r["term_exists"] for r in histology if r["lexical_variant"] == "adenocarcinoma in situ"] == ["N"]


def test_rows_say_which_code_the_build_resolves_their_concepts_from():
    text = "DIAGNOSIS: Right upper lobe, lobectomy: invasive adenocarcinoma, acinar predominant. pT2a pN0."
    rows = note_nlp_rows(7, extract_report(text, kind="pathology"), text)
    codes = {(r["category"], r["concept_vocabulary_id"], r["concept_code"]) for r in rows}
    assert ("T", "Cancer Modifier", "p-8th_AJCC/UICC-T2a") in codes
    assert ("N", "Cancer Modifier", "p-8th_AJCC/UICC-N0") in codes
    assert ("histology", "ICDO3", "8551/3") in codes
