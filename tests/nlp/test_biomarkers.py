"""Biomarker gene anchors: every way the gene patterns accept of writing a gene is found near an anchor."""

from __future__ import annotations

import pytest

from oncodata.nlp.biomarkers import biomarker_patterns
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
