"""Biomarker gene anchors (every way the gene patterns accept of writing a gene is found near an anchor) and panel
lists read the way modern molecular reports write them."""

from __future__ import annotations

import pytest

from oncodata.nlp.biomarkers import biomarker_patterns, find_biomarkers
from oncodata.nlp.scan import anchored_finditer

SPELLINGS = [
    "EGFR exon 19 deletion",
    "ALK (D5F3) positive",
    "ROS1 negative",
    "ROS-1 negative",
    "ROSl rearrangement not detected",
    "KRAS G12C",
    "K-RAS wild type",
    "BRAF V600E",
    "c-MET amplification",
    "cMET high",
    "MET exon 14 skipping",
    "MET: negative",
    "MET（阴性）",
    "MET扩增",
    "MET基因扩增",
    "MET\tnegative",
    "MET\u3000阴性",
    "RET fusion",
    "HER2 amplification",
    "HER-2/neu 3+",
    "ERBB2 mutation",
    "C-erbB-2 (2+)",
    "NTRK1 fusion",
    "PD-L1 TPS 60%",
    "PDL1 (22C3) TPS <1%",
    "Ki-67 30%",
    "Ki67 约10%",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_gene_spelling_is_found_near_an_anchor(text: str) -> None:
    pats = biomarker_patterns()
    everywhere = [m.group(0) for m in pats.gene.finditer(text)]
    near_anchors = [m.group(0) for m in anchored_finditer(pats.gene, text, text.lower(), pats.gene_anchors, 8, 30)]
    assert everywhere, text
    assert near_anchors == everywhere


def test_common_words_hold_no_gene_anchor() -> None:
    # "gross", "other", "metastatic", "skin" once sent the gene pattern over most of a report.
    anchors = biomarker_patterns().gene_anchors
    for word in ("gross", "other", "further", "metastatic", "metastasis", "skin", "kidney", "cross"):
        assert not [a for a in anchors if a in word], word


PANEL_LISTS = [
    # a flattened line end inside a negative list
    (
        "No pathogenic variants detected in KRAS, BRAF, MET or. ERBB2. No ALK, ROS1,. RET fusions detected.",
        {
            "KRAS": "negative",
            "BRAF": "negative",
            "MET": "negative",
            "HER2": "negative",
            "ALK": "negative",
            "ROS1": "negative",
            "RET": "negative",
        },
    ),
    # a listed gene's bracketed detail shares the verdict
    (
        "No pathogenic variants detected in KRAS, BRAF, ERBB2 or MET (including\n  MET exon 14 skipping).",
        {"KRAS": "negative", "BRAF": "negative", "HER2": "negative", "MET": "negative"},
    ),
    # a "NEGATIVE FOR:" label covers its sublists, over a wrapped line
    (
        "NEGATIVE FOR: EGFR, KRAS, BRAF, MET (mutation, exon 14 skipping and\n  amplification) alterations; ALK, ROS1, RET fusions.",
        {
            "EGFR": "negative",
            "KRAS": "negative",
            "BRAF": "negative",
            "MET": "negative",
            "ALK": "negative",
            "ROS1": "negative",
            "RET": "negative",
        },
    ),
    # a result on the next line, and a line wrapped mid-phrase
    ("EGFR exon 19 deletion DETECTED; PD-L1 (SP263)\n<1% of tumour cells.", {"EGFR": "positive", "PD-L1": "negative"}),
    ("The KRAS p.G12V previously found is not\npresent in this tumour.", {"KRAS": "negative"}),
    ("ROS1 (D4D6) IHC: weak focal staining in ~10% of tumour cells -\n  EQUIVOCAL.", {"ROS1": "equivocal"}),
]


@pytest.mark.parametrize(("text", "expected"), PANEL_LISTS)
def test_panel_lists_and_wrapped_results(text: str, expected: dict[str, str]) -> None:
    results: dict[str, set[str]] = {}
    for marker in find_biomarkers(text):
        results.setdefault(marker.gene, set()).add(marker.result)
    assert results == {gene: {result} for gene, result in expected.items()}


def test_a_negative_label_stops_at_the_next_labels_line() -> None:
    text = "NEGATIVE FOR: ALK, ROS1, RET fusions\nPOSITIVE FOR: KRAS and BRAF mutations"
    results = {(b.gene, b.result) for b in find_biomarkers(text)}
    assert ("KRAS", "negative") not in results and ("ALK", "negative") in results


def test_a_negative_list_over_a_wrapped_line() -> None:
    text = "Tumor A: NGS - KRAS p.(G12C), VAF 22%; no pathogenic\n  variants in EGFR, BRAF, MET or ERBB2."
    results = {(b.gene, b.result) for b in find_biomarkers(text)}
    assert results == {
        ("KRAS", "positive"),
        ("EGFR", "negative"),
        ("BRAF", "negative"),
        ("MET", "negative"),
        ("HER2", "negative"),
    }


def test_a_gene_named_again_inside_its_own_verdict_is_no_second_finding() -> None:
    found = find_biomarkers("MET (FISH): MET/CEP7 ratio 1.9, interpreted as equivocal for MET amplification.")
    assert [(b.gene, b.result) for b in found] == [("MET", "equivocal")]
    # Named once, the verdict before it is its result.
    assert [(b.gene, b.result) for b in find_biomarkers("Negative for EGFR mutation.")] == [("EGFR", "negative")]


def test_two_verdicts_of_one_gene_in_one_sentence_are_two_results() -> None:
    found = find_biomarkers("EGFR (PCR): negative for EGFR exon 19 deletion, positive for EGFR L858R mutation.")
    assert ("L858R", "positive") in {(b.alteration, b.result) for b in found}


def test_a_negative_gene_list_over_a_flattened_line_end() -> None:
    found = find_biomarkers("NGS - KRAS p.(G12C), VAF 22%; no pathogenic. variants in EGFR, BRAF, MET or ERBB2; no ALK fusion.")
    assert {(b.gene, b.result) for b in found} >= {("EGFR", "negative"), ("BRAF", "negative"), ("MET", "negative")}


def test_a_verdict_after_a_dash_a_flattened_line_end_put_a_stop_after() -> None:
    found = find_biomarkers(
        "ROS1 (D4D6) IHC: weak focal cytoplasmic staining in ~10% of tumour cells -. EQUIVOCAL. ROS1 FISH is recommended."
    )
    assert [(b.gene, b.result) for b in found] == [("ROS1", "equivocal")]


def test_no_activating_mutation_is_a_negative_result() -> None:
    found = find_biomarkers("EGFR exons 18-21 (Sanger sequencing): no activating mutation detected (wild type).")
    assert [(b.gene, b.result) for b in found] == [("EGFR", "negative")]
    listed = find_biomarkers("No sensitizing mutations were detected in EGFR, KRAS or BRAF.")
    assert [(b.gene, b.result) for b in listed] == [("EGFR", "negative"), ("KRAS", "negative"), ("BRAF", "negative")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # flattened line ends inside a result
        ("EGFR mutation analysis (real-time PCR, exons 18-21): No. mutation detected.", [("EGFR", None, "negative")]),
        ("EGFR mutation analysis (PCR, block A3): EXON 19. DELETION DETECTED.", [("EGFR", "exon 19 deletion", "positive")]),
        # an abbreviation's stop ends no window, and advice in the sentence before concerns another test
        (
            "ALK FISH: EQUIVOCAL (borderline;. repeat testing suggested). PD-L1 IHC (clone E1L3N): tumor proportion score "
            "approx. 5% (membranous staining).",
            [("ALK", None, "equivocal"), ("PD-L1", None, "positive")],
        ),
    ],
)
def test_results_read_across_a_flattened_line_end_or_an_abbreviation(text: str, expected: list) -> None:
    assert [(b.gene, b.alteration, b.result) for b in find_biomarkers(text)] == expected


def test_a_verdict_before_the_gene_with_a_note_between() -> None:
    text = (
        "ALK FISH (BREAK-APART PROBE), BLOCK C5:\n12 OF 100 NUCLEI (12%) SHOW SPLIT SIGNALS.\n"
        "INTERPRETATION: EQUIVOCAL (BORDERLINE) FOR ALK REARRANGEMENT."
    )
    assert {(b.gene, b.result) for b in find_biomarkers(text)} == {("ALK", "equivocal")}
