"""Pathology extraction on hand-written lung reports with truth, as written and flattened the way TCGA stores text."""

from __future__ import annotations

import json

import pytest
from bench.bench_nlp import HANDWRITTEN_SETS

from oncodata.nlp.evaluate import HANDWRITTEN_FIELDS, flatten_like_tcga, handwritten_agreement

SETS = HANDWRITTEN_SETS
# The lowest agreement any field may fall to: sets 1 and 2 were worked through; the later sets in part (their
# figures as of 2026-11-30, so they cannot get worse; sets 11 to 14 and Chinese set 4 were first measured blind that day).
FLOORS = {
    "set_1": 0.95,
    "set_2": 0.95,
    "set_3": 0.9,
    "set_4": 0.95,
    "set_5": 0.95,
    "set_6": 0.925,
    "set_7": 0.925,
    "set_8": 0.9,
    "set_9": 0.9,
    "set_10": 0.925,
    "set_11": 0.9,
    "set_12": 0.95,
    "set_13": 0.95,
    "set_14": 0.925,
    "set_15": 0.925,
    "set_16": 0.9,
    "set_17": 0.95,
    "set_18": 0.95,
    "set_19": 0.95,
    "set_20": 0.925,
    "set_21": 0.9,
    "set_22": 0.95,
    "set_23": 0.95,
    "set_24": 0.95,
    "set_25": 0.95,
    "set_26": 0.95,
    # (measured blind at 927c3d0 and af116b9; left: A09's counts, A17's and B29's second tumour's markers, B05's node
    # "The single lymph node … shows metastatic adenocarcinoma", B22's "(peribronchial) 0/3", B25's lobe)
    "set_27": 0.95,
    "set_28": 0.925,
    # (measured blind at 41427e0; left: C08's grade from an outside biopsy, C09's second primary's markers, C19's node
    # line beside two tumours, C30's lymphatic-but-not-venous invasion)
    "set_29": 0.925,
    # (measured blind at fe052ee; left: D05's second tumour's markers under "Tumour #2:", D06's lobe, D08's margin)
    "set_30": 0.9,
    # (measured blind at bd2e2ad and worked on for one round only)
    "set_31": 0.85,
    # (measured blind at cbd0337, faf5dbf and 572e7a0 and worked on for one round; set 33 is mostly small specimens and
    # NGS panels; left: split OCR words "Number exam ined", "DIFFERENT IATED", a flattened "greatest. dimension")
    "set_32": 0.925,
    "set_33": 0.9,
    "set_34": 0.925,
    # (measured blind at 08ea630 and 3d547ca, one round each; set 35 left S11's "Lymph nodes of lobar. group without
    # rnetastases (0/4)", a ratio past a flattened stop mid-phrase)
    "set_35": 0.95,
    "set_36": 0.95,
    # (measured blind at db824fd: 1.0 on every field but node counts .967; 1.0 after one round)
    "set_37": 0.95,
    # (measured blind at 712b22e, one round: left K13's count of a station's "fragments", K23's nodes-only specimen whose
    # primary a wedge elsewhere removed, K18's flattened node list)
    "set_38": 0.925,
    # (measured blind at 723f89f and 7f9f1fd, one short round each: set 39's translated node counts, stages after
    # neoadjuvant therapy and a second primary's markers are left)
    "set_39": 0.9,
    "set_40": 0.95,
    # (measured blind at e1d9731: set 41 .90-1.0, T, N, M and prefix exact; set 42 1.0 on every field but node count,
    # pleura and flattened LVI .967; after one round 1.0 on every field but set 41's flattened U15 node count .967, a
    # conclusion's ratio after a flattened stop that TCGA's restated counts keep from being read)
    "set_41": 0.95,
    "set_42": 0.95,
    # (measured blind at a2092d0: T and N .967, W11's "TONGUE" read as an OCR'd T0 and W29's stage "changed from … to
    # …", pleura .90; 1.0 on every field after one round)
    "set_43": 0.95,
    # (measured blind at 0138958: 1.0 on T, N, M, prefix, grade, nodes, side, lobe, pleura, LVI and margins; stage and
    # size .967, biomarkers .933 (flattened .90); after one round 1.0 on every field but the flattened T05 size .967)
    "set_44": 0.95,
    # (measured blind at 6fc8a09: T, prefix, stage, grade, side and biomarkers 1.0, N and M .967, LVI .70 (translated
    # vessel wording), nodes .867; after one round 1.0 but node counts .90 (S03's gross-only counts, S17's total with its
    # breakdown, S29's worded verdicts), lobe and margins .967)
    "set_45": 0.9,
    # (measured blind at a03a4d4: T and prefix .90, N and stage .933 — synoptic labels split from their values
    # "Primary Tumor (pT): 2b", a revision "from pT1b to. pT2a", comments correcting or disowning the synoptic; after
    # one round 1.0 on every field but R17's (two primaries) grade, size, lobe and LVI .967 and R12's, R27's counts .967)
    "set_46": 0.95,
    # (measured blind at 8f44803: T, N, M, prefix, grade, lobe and pleura 1.0, node counts .933/.867, LVI and margins
    # .933; after two rounds 1.0 on every field)
    "set_47": 0.95,
    # (measured blind at 8cfcd7c: T, M, prefix, stage, grade, side, lobe, pleura and biomarkers 1.0, N, size, LVI,
    # margins and positive nodes .967 (B26's "?N2 disease" before a mediastinoscopy), nodes examined .867; after one
    # round 1.0 on every field)
    "set_48": 0.95,
    # (measured blind at 81dc4eb: T, N, prefix, stage, size, side, lobe, pleura, margins and biomarkers 1.0, M, grade,
    # LVI and positive nodes .967, nodes examined .833 (stations restated by a summary, a breakdown or another section);
    # after one round 1.0 on every field but C03's LVI: "no stromal, vascular or pleural invasion" of an in-situ
    # carcinoma, which set 1's truth reads as saying nothing of lymphovascular invasion)
    "set_49": 0.95,
    # (measured blind at 8cfcd7c: T, N, prefix, stage, grade, side, nodes positive, pleura, LVI and margins 1.0, M,
    # size, nodes examined and lobe .967, biomarkers .90 (fusion tests pending or failed, an amended PD-L1 score); after
    # one round 1.0 on every field)
    "set_50": 0.95,
    # (measured blind at e11f58f: T, N, M, prefix, size, lobe, pleura, margins 1.0; stage, grade, LVI and node counts
    # .967, biomarkers .933 (flattened .90); after one round 1.0 on every field but E06's biomarkers .967: an addendum's
    # EGFR result "on the LEFT UPPER LOBE ADENOCARCINOMA (part E) only", the second primary's)
    "set_51": 0.95,
    # (measured blind at e11f58f: T, N, M, prefix, grade, size, lobe, margins, biomarkers .967, LVI .833 (a translated
    # "Vessel carcinoma embolus: (+)"), nodes examined .80 (group lists, OCR'd ratios, totals closing a list); after one
    # round 1.0 on every field)
    "set_52": 0.95,
    # (measured blind at e11f58f, its truth corrected for J11, J17 and J25's clinical T and N (see its notes): T .833, N
    # .867 (other cancers' staging in the history read as this tumour's), nodes, lobe and biomarkers .90; after one round
    # 1.0 on every field but J20's worded aspirate count, .967)
    "set_53": 0.95,
    # (measured blind at 4c5cd53: T, N, prefix, stage .967, node counts .667 / .60, LVI and margins .70, pleura .867,
    # biomarkers .833 — translations' "borders", "vascular permeation", "ganglia", "stazione", "pleura visceral", a
    # "--- CHECKLIST ---" heading, "ANTECEDENTS:", "MICROSCOPIC EXAM"; after one round 1.0 on every field but stage,
    # margins and the flattened node count .967 and biomarkers .933)
    "set_54": 0.9,
    # (measured blind at 4c5cd53: T .967 (a comment's "should read pT2b"), nodes examined and biomarkers .90, the rest
    # .967–1.0; T exact after it and the slash-separated "Station / Nodes examined / Nodes positive" table read, left
    # as measured otherwise: EHR printouts' superseded versions and diagnosis histories)
    "set_55": 0.9,
    # (Its truths count an EBUS-TBNA station as one node; the later Chinese sets' convention, which the rules follow,
    # leaves aspirates uncounted: three of its reports disagree for that reason.)
    "zh_set_1": 0.925,
    "zh_set_2": 0.925,
    "zh_set_3": 0.925,
    "zh_set_4": 0.925,
    "zh_set_5": 0.95,
    "zh_set_6": 0.9,
    "zh_set_7": 0.95,
    "zh_set_8": 0.95,
    "zh_set_9": 0.95,
    # (flattened, its space- and pipe-ruled node tables lose their rows: 0.90 on node counts)
    "zh_set_10": 0.9,
    # (measured blind at 09cf79b; Z10: a second primary's EGFR under "分子检测（肿瘤1，ARMS）")
    "zh_set_11": 0.95,
    # (measured blind at 41427e0 and worked on for one round only)
    "zh_set_12": 0.85,
    # (measured blind at 8f969b4; 1.0 on every field after one round)
    "zh_set_13": 0.95,
    # (measured blind at 47a52e2; after one round 1.0 on every field as written, flattened .967: P12's size wrapped at
    # its decimal point and P25's column-aligned table lose their line breaks)
    "zh_set_14": 0.95,
}


def read_set(name: str) -> list[dict]:
    with SETS[name].open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.mark.parametrize("name", sorted(SETS))
@pytest.mark.parametrize("flatten", [False, True], ids=["as-written", "flattened"])
def test_every_field_agrees_with_the_truth(name: str, flatten: bool) -> None:
    agreement = handwritten_agreement(read_set(name), flatten=flatten, lang="zh" if name.startswith("zh") else "en")
    assert set(agreement) == set(HANDWRITTEN_FIELDS)
    low = {
        field: (score["agreement"], score["mismatches"])
        for field, score in agreement.items()
        if score["agreement"] < FLOORS[name]
    }
    assert not low, low
    # T and N are exact on these sets, with and without line breaks.
    assert all(agreement[axis]["agreement"] == 1.0 for axis in ("t", "n"))


def test_flattening_joins_lines_as_the_tcga_corpus_does() -> None:
    assert flatten_like_tcga("A. LUNG, RIGHT UPPER LOBE:\n  ADENOCARCINOMA.\nMARGINS FREE") == (
        "A. LUNG, RIGHT UPPER LOBE:. ADENOCARCINOMA. MARGINS FREE."
    )
