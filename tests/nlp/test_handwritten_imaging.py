"""Imaging extraction on hand-written lung imaging reports (English and Chinese) with truth."""

from __future__ import annotations

import json

import pytest
from bench.bench_nlp import HANDWRITTEN_IMAGING_SETS, imaging_set_language

from oncodata.nlp.evaluate import IMAGING_FIELDS, imaging_agreement, imaging_record_values, metastasis_categories

# The lowest agreement each field may fall to: the figures after the work on the sets (each set was first measured
# blind, before any work on it; the README gives those blind figures).
FLOORS = {
    "en": {
        "laterality": 0.975,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "metastasis_suspected": 0.975,
        "primary_change": 0.95,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "zh": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 0.95,
        "nodal_involvement": 1.0,
        "metastasis_sites": 0.975,
        "metastasis_suspected": 1.0,
        "primary_change": 1.0,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "en_2": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 0.966,
        "metastasis_suspected": 0.966,
        "primary_change": 0.933,
        "new_lesions": 1.0,
        "response": 0.966,
    },
    "zh_2": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 0.933,
        "nodal_involvement": 0.966,
        "metastasis_sites": 0.966,
        "metastasis_suspected": 0.966,
        "primary_change": 1.0,
        "new_lesions": 0.966,
        "response": 1.0,
    },
    "en_3": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 0.966,
        "metastasis_suspected": 0.966,
        "primary_change": 1.0,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "zh_3": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "metastasis_suspected": 1.0,
        "primary_change": 1.0,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "en_4": {
        "laterality": 0.966,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 0.966,
        "metastasis_suspected": 0.966,
        "primary_change": 1.0,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "zh_4": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "metastasis_suspected": 1.0,
        "primary_change": 1.0,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "en_5": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "metastasis_suspected": 1.0,
        "primary_change": 0.966,
        "new_lesions": 0.966,
        "response": 1.0,
    },
    "zh_5": {
        "laterality": 0.966,
        "lobe": 0.966,
        "primary_size_mm": 0.966,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "metastasis_suspected": 1.0,
        "primary_change": 0.966,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "en_6": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "metastasis_suspected": 0.933,
        "primary_change": 0.966,
        "new_lesions": 0.966,
        "response": 1.0,
    },
    "zh_6": {
        "laterality": 1.0,
        "lobe": 1.0,
        "primary_size_mm": 0.966,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "metastasis_suspected": 1.0,
        "primary_change": 0.966,
        "new_lesions": 1.0,
        "response": 1.0,
    },
    "zh_7": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (Q08, Q20: a resected primary's stump recurrence measured and compared, as its writer judged it)
    "zh_8": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "primary_size_mm": 0.966, "primary_change": 0.933},
    "en_7": {
        **dict.fromkeys(IMAGING_FIELDS, 0.966),
        "primary_size_mm": 1.0,
        "nodal_involvement": 1.0,
        "metastasis_sites": 1.0,
        "response": 1.0,
    },
    "zh_9": dict.fromkeys(IMAGING_FIELDS, 1.0),
    "en_8": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (X13: a hedged hypermetabolic focus in the brain the writer counted as a suspected metastasis, no 转移 word)
    "zh_10": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "metastasis_suspected": 0.966},
    # (W05, W11: a primary its writer would not place from the clinical line, which earlier sets' writers did; W09: two
    # primaries' change; W01: a metastasis "现显示不清", which the Yidu annotators still list)
    "zh_11": {
        **dict.fromkeys(IMAGING_FIELDS, 1.0),
        "laterality": 0.933,
        "lobe": 0.9,
        "metastasis_sites": 0.966,
        "primary_change": 0.966,
    },
    # (measured blind at fe0f012 and worked on for one round only)
    "en_9": {**dict.fromkeys(IMAGING_FIELDS, 0.95), "primary_size_mm": 0.9, "primary_change": 0.9},
    "zh_12": {**dict.fromkeys(IMAGING_FIELDS, 0.95), "laterality": 0.933, "lobe": 0.933, "nodal_involvement": 0.933},
    # (Y18: a treated brain metastasis in the opening note, Y29: a resected one, both listed as the Yidu annotators
    # list them; Y11: a central tumour measured beside its bronchus, no size)
    "zh_13": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "primary_size_mm": 0.966, "metastasis_sites": 0.933},
    # (E07: a post-radiation scar measured as the primary; E20: a primary placed only by "left apex")
    "en_10": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "primary_size_mm": 0.933},
    # (H17, H26: a treated brain metastasis only in the opening note, which the Yidu annotators list)
    "zh_14": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "metastasis_sites": 0.933},
    "zh_15": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at 00f1178 and worked on for one round only; F05: an addendum correcting the side)
    "en_11": {**dict.fromkeys(IMAGING_FIELDS, 0.966), "metastasis_suspected": 0.933, "new_lesions": 0.933},
    # (measured blind at 8f969b4; left: R20/R28, brain MRIs whose only site is the indication's, and R17's hedge said of
    # a lesion "not seen on the February study")
    "en_12": dict.fromkeys(IMAGING_FIELDS, 0.933),
    # (measured blind at dbc1d55: nodes and metastases .967, both typing slips, 淋巴节 and 纵膈)
    "zh_16": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at ba75e05: side .933, size .867, metastases .933, new lesions .90, response .967; 1.0 after one
    # round)
    "en_13": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at 120ce5e: 1.0 on every field but lobe .967, a segment named without its lobe)
    "zh_17": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at e9b9507; left: Z29, a resected colon cancer the rankers take for the primary as the Yidu
    # annotators would, and Z20's node "反应性增生vs转移")
    "zh_18": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "laterality": 0.966, "lobe": 0.966, "metastasis_suspected": 0.966},
    # (measured blind at f63a3f6; left: X27 and X29, treated metastases the history and the impression name, which the
    # Yidu annotators list and this set's writer does not)
    "zh_19": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "nodal_involvement": 0.966, "metastasis_sites": 0.933},
    # (measured blind at 8272bce: 1.0 on every field but size .967, an atelectasis' extent, and metastases .90)
    "zh_20": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at a2092d0: 1.0 on every field but V25's metastases .967, an MRI sequence's clause taken for the
    # site; 1.0 after one round)
    "zh_21": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at 72d6a6c and left as it was: U14's single "长径约32mm", which the size ranker trained on the
    # Yidu annotations scores below "no size", U17's larger impression size, and U09's resected brain metastasis the
    # history names, which the Yidu annotators list)
    "zh_22": {
        **dict.fromkeys(IMAGING_FIELDS, 1.0),
        "primary_size_mm": 0.933,
        "nodal_involvement": 0.966,
        "metastasis_sites": 0.966,
    },
    # (measured blind at 206878a: 1.0 on every field)
    "zh_23": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at 174f296 and left as measured: N02's single "最大径约45mm" and N20's "41mm×33mm" at a lingula
    # named without its lung, which the Yidu-trained size ranker scores below "no size" (keeping the rules' single sizes
    # instead broke six earlier reports for two fixed), and N17's effusion "不除外胸膜转移")
    "zh_24": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "primary_size_mm": 0.933, "metastasis_suspected": 0.966},
    # (measured blind at 8cfcd7c: side and response 1.0, lobe, nodes, metastases, change and new lesions .967, size
    # .867; after one round the sizes are left: G02, G03, G07 and G17 measure the primary in millimetres in structured
    # screening, AI-nodule and RECIST reports, which the Yidu-trained size ranker scores below "no size" (overriding it
    # for a size in the site's own statement fixed these but cost 0.6 points of Yidu size F1), and G22's diffuse
    # bilateral primary takes the upper lobes its small nodules are in)
    "zh_25": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "primary_size_mm": 0.866, "lobe": 0.966},
    # (measured blind at 8cfcd7c: lobe and size .933 (homophones "右肺上页", "公分"), nodes .967, the rest 1.0; after
    # one round 1.0 but H13's "18×15mm", the ranker's millimetres again)
    "zh_26": {**dict.fromkeys(IMAGING_FIELDS, 1.0), "primary_size_mm": 0.966},
    # (measured blind at 13534b7: 1.0 on every field but K20's metastases .967, "扫及肝S7" read as a site "扫"; 1.0 after
    # one round)
    "zh_27": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at 13534b7: 1.0 on every field but the primary's change .933, a resected lung's "容积减小" and an
    # irradiated primary's fibrosis "与前片相仿"; 1.0 after one round)
    "zh_28": dict.fromkeys(IMAGING_FIELDS, 1.0),
    # (measured blind at 4c5cd53: 1.0 on every field but P29's size (an orbit's mass), P18's metastases (a treated
    # adrenal metastasis now gone) and P12's change (an operated lung's "体积减小"), 0.967; 1.0 after one short round)
    "zh_29": dict.fromkeys(IMAGING_FIELDS, 1.0),
}


def read_set(name: str) -> list[dict]:
    with HANDWRITTEN_IMAGING_SETS[name].open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_every_field_agrees_with_the_truth(name: str) -> None:
    agreement = imaging_agreement(read_set(name), imaging_set_language(name))
    assert set(agreement) == set(IMAGING_FIELDS)
    low = {f: (s["agreement"], s["mismatches"]) for f, s in agreement.items() if s["agreement"] < FLOORS[name][f]}
    assert not low, low


def test_metastasis_phrases_map_to_the_build_stages_categories() -> None:
    assert metastasis_categories(["L2、3、4、5椎体", "肝左叶", "右侧腋窝淋巴结"]) == ("bone", "liver", "lymph_node")
    assert metastasis_categories(["left adrenal gland", "peritoneum"]) == ("adrenal", "other")
    # A vertebra's 附件 (its posterior elements) is bone; 附件区, the adnexa of a gynaecological report, is not.
    assert metastasis_categories(["T12右侧附件"]) == ("bone",)
    assert metastasis_categories(["右侧附件区"]) == ("other",)


def test_a_record_is_compared_in_the_truth_sets_terms() -> None:
    record = {
        "laterality": "right",
        "lobe": "upper",
        "primary_size_mm": 31.5,
        "nodal_involvement": True,
        "metastasis_sites_text": ["T8 vertebral body", "liver"],
        "metastasis_sites_suspected_text": ["hepatic", "brain"],
        "comparison": "smaller",
        "response": "response",
    }
    values = imaging_record_values(record)
    assert values["primary_size_mm"] == 32
    assert values["metastasis_sites"] == ("bone", "liver")
    assert values["metastasis_suspected"] == ("brain",)  # the liver is already stated
    assert values["primary_change"] == "smaller" and values["new_lesions"] is None
