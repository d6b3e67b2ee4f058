"""TNM and stage-group normalization, including OCR noise."""

from __future__ import annotations

import pytest

from oncodata.nlp.tnm import find_stage_groups, find_tnm, main_category


def single(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    mentions = find_tnm(text)
    assert len(mentions) == 1, mentions
    m = mentions[0]
    return m.t, m.n, m.m, m.prefix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pT2aN1MO", ("T2a", "N1", "M0", "p")),
        ("(pT2a, N0)", ("T2a", "N0", None, "p")),
        ("Staging: pT1 c NO MO.", ("T1c", "N0", "M0", "p")),
        ("ypT0 ypN0", ("T0", "N0", None, "yp")),
        ("pTis pNX", ("Tis", "NX", None, "p")),
        ("TNM: T3 N2b M1c", ("T3", "N2b", "M1c", None)),
        ("pTl pN1mi", ("T1", "N1mi", None, "p")),
        ("cT4 N3 M1a", ("T4", "N3", "M1a", "c")),
        ("pathologic stage: pt2a, pn0", ("T2a", "N0", None, "p")),
        ("Tumor classification: pT2m (maximum diameter 2.7 cm)", ("T2", None, None, "p")),
        ("Tumor classification: NOS, G III, pT4b(mult)N3aL1V0R0.", ("T4b", "N3a", None, "p")),
        ("Concluding tumor classification: NOS, G II, pT3LOVORX.", ("T3", None, None, "p")),
        ("Pathologic Staging (pTNM): T 2c. N 0. M x.", ("T2c", "N0", "MX", None)),
        ("Pathologic Staging: pT3, pN1B (see below)", ("T3", "N1b", None, "p")),
        ("Pathologic stage: pT2 No lymph nodes were submitted.", ("T2", None, None, "p")),
        ("Minimally invasive adenocarcinoma, pT1mi pN0", ("T1mi", "N0", None, "p")),
    ],
)
def test_tnm_forms(text, expected):
    assert single(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vertebra T12 unremarkable.",
        "T2 weighted images",
        "This tissue was sent TO the lab.",
        "Tumor size 2 cm",
        "seen at 2 pm1",
        "T: 37.2 C",
        "N: 3 cores",
    ],
)
def test_not_tnm(text):
    assert find_tnm(text) == []


def test_lone_prefixed_nodes_and_metastasis():
    found = find_tnm("Regional lymph nodes: pN2. Distant metastasis: pM1b")
    assert [(m.n, m.m) for m in found] == [("N2", None), (None, "M1b")]


def test_stage_groups_roman_arabic_and_chinese():
    assert [s for s, _ in find_stage_groups("Pathologic stage IIIA.", "en")] == ["IIIA"]
    assert [s for s, _ in find_stage_groups("临床分期：ⅢA期", "zh")] == ["IIIA"]
    assert [s for s, _ in find_stage_groups("分期pT2N1M0（AJCC第8版）IIB期", "zh")] == ["IIB"]
    assert find_stage_groups("pT2aN1期", "zh") == []  # a category's digit is no stage group
    # (a post-therapy or pathologic stage written with its prefix)
    assert [s for s, _ in find_stage_groups("ypT2a ypN1 (2/12) L1 V0 R0. Stage ypIIA", "en")] == ["IIA"]
    assert [s for s, _ in find_stage_groups("Stage: pIB. Stage cannot be assessed.", "en")] == ["IB"]
    assert [s for s, _ in find_stage_groups("AJCC stage 2b", "en")] == ["IIB"]
    cited = "PATHOLOGIC STAGE (AJCC 7th edition): IB (pT2a, pN0)"
    assert [s for s, _ in find_stage_groups(cited, "en")] == ["IB"]
    assert find_stage_groups("Liver. Stage (fibrosis): 2.", "en") == []
    assert [s for s, _ in find_stage_groups("Stage grouping:  [X] IA  [ ] IB  [ ] IIA", "en")] == ["IA"]
    assert [s for s, _ in find_stage_groups("pT3 pN0. Staging group: 2B.", "en")] == ["IIB"]  # a translation's label
    assert [s for s, _ in find_stage_groups("pT2a pN2. Stage. IIIA (AJCC 7).", "en")] == ["IIIA"]  # flattened
    assert find_stage_groups("Pathological staging: 2 nodes examined.", "en") == []


def test_axis_and_value_split_by_a_colon_after_the_prefix_or_an_equals_sign():
    assert [(m.t, m.n, m.prefix) for m in find_tnm("pT: 2a   pN: 1")] == [("T2a", None, "p"), (None, "N1", "p")]
    assert [(m.t, m.n) for m in find_tnm("T = 2, N = 0")] == [("T2", None), (None, "N0")]


def test_an_axis_stage_label_is_not_a_stage_group():
    assert find_stage_groups("T-stage: 2a N-stage: 0", "en") == []
    assert find_stage_groups("pT stage: 2", "en") == []
    assert [(m.t, m.n) for m in find_tnm("T-stage: 2a N-stage: 0")] == [("T2a", None), (None, "N0")]
    assert [s for s, _ in find_stage_groups("TNM Stage: IIIA", "en")] == ["IIIA"]


def test_main_category():
    assert [main_category(v) for v in ("T1b1", "T2a", "Tis", "TX", "N1mi", "M1c", "T1mi")] == [
        "T1",
        "T2",
        "Tis",
        "TX",
        "N1",
        "M1",
        "T1",
    ]


def test_bare_nodes_and_metastasis_after_their_synoptic_label():
    mentions = find_tnm("Primary Tumor (pT): pT2. Regional Lymph Nodes (pN): N1b. Distant metastasis (M): M1a.")
    assert [(m.t, m.n, m.m) for m in mentions] == [("T2", None, None), (None, "N1b", None), (None, None, "M1a")]
    # Without the label a bare N or M is a node station or a muscle, not a category.
    assert find_tnm("Lymph nodes: N2 stations sampled. The M1 segment.") == []


def test_bare_axes_after_tabular_and_staging_table_labels():
    tabular = find_tnm("Pathological T. T2a. Pathological N. N2. Number of Nodes Sampled. 5. Clinical M. M0.")
    assert [(m.t, m.n, m.m) for m in tabular] == [("T2a", None, None), (None, "N2", None), (None, None, "M0")]
    staged = find_tnm("Lymph Node Stage (AJCC 7th Edition) : N2b (Metastasis in seven or more regional lymph nodes)")
    assert [m.n for m in staged] == ["N2b"]
    # After a label that ends in a full stop, "No" is the word: no nodes were sent, which is not N0.
    assert find_tnm("REGIONAL LYMPH NODES (pN). No nodes submitted or found.") == []


def test_ocr_categories_after_labels_are_kept_and_the_word_no_is_not_a_category():
    assert [m.m for m in find_tnm("Distant metastasis (M): Mo")] == ["M0"]
    assert [m.n for m in find_tnm("Regional lymph nodes (pN): Nl")] == ["N1"]
    assert [(m.t, m.n) for m in find_tnm("PATHOLOGIC STAGE: PT2 NO LYMPH NODES SUBMITTED.")] == [("T2", None)]
    assert [(m.t, m.n) for m in find_tnm("Stage: adenocarcinoma T2NO lesion in distal rectum")] == [("T2", "N0")]


def test_a_stage_revised_in_prose_gives_its_new_value():
    found = find_stage_groups("AMENDMENT: The pT category is revised from pT1c to pT2a, and the stage from IA3 to IB.", "en")
    assert [stage for stage, _ in found] == ["IB"]


def test_a_staging_table_gives_its_stage_group_and_a_revised_row_wins():
    from oncodata.nlp import extract_report

    table = extract_report(
        "Pathologic staging:\n| Edition   | pT    | pN   | pM   | Stage group |\n| AJCC 7th  | pT1b  | pN0  | pMX  | IA          |\n",
        kind="pathology",
        lang="en",
    )
    assert (table.t, table.stage_group) == ("T1b", "IA")
    revised = extract_report(
        "| Version | pT | pN | pM | Stage |\n| Original (May 2010) | pT2a | pN1 | pMX | IIA |\n"
        "| Revised (June 2010) | pT2a | pN2 | pMX | IIIA |\n",
        kind="pathology",
        lang="en",
    )
    assert revised.stage_group == "IIIA"


def test_a_tnm_broken_after_its_t_with_m_glued_to_n():
    from oncodata.nlp.tnm import find_tnm

    assert [(m.t, m.n, m.m) for m in find_tnm("病理分期:pT1b. N0M0, IA期")] == [("T1b", "N0", "M0")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("COMMENT: Cytologically confirmed malignant pleural effusion (M1a).", [(None, None, "M1a", None)]),
        ("extrathoracic metastatic disease (M1c, multiple organ involvement per imaging)", [(None, None, "M1c", None)]),
        ("Comment: single extrathoracic metastasis, corresponding to M1b.", [(None, None, "M1b", None)]),
        ("CLINICAL NOTES: RML MASS. CT2B N0 M0, CLINICAL STAGE IIA.", [("T2b", "N0", "M0", "c")]),
        ("CLINICAL STAGE: CT2B CN0 CM0.", [("T2b", "N0", "M0", "c")]),  # every axis with its capital C
        ("Pathologic findings correspond to T1 N0. M0, Stage I.", [("T1", "N0", "M0", None)]),  # a flattened line end
        ("CT CHEST: no nodule. M1 segment of the artery", []),  # a scan, and an M with no metastasis named
    ],
)
def test_a_comment_naming_a_metastasis_its_m_and_an_all_capitals_clinical_tnm(text: str, found: list) -> None:
    from oncodata.nlp.tnm import find_tnm

    assert [(m.t, m.n, m.m, m.prefix) for m in find_tnm(text)] == found


def test_the_edition_cited_also_across_a_flattened_line_end() -> None:
    from oncodata.nlp.tnm import find_edition

    for text, edition in (
        ("Pathologic staging (AJCC 8th edition): pT2a pN0", 8),
        ("Based on AJCC/UICC TNM, 7th. edition", 7),
        ("第八版AJCC分期", 8),
    ):
        found = find_edition(text)
        assert found is not None and found[0] == edition, text
    assert find_edition("The 7th. rib is intact") is None


def test_a_words_first_letters_are_no_ocr_category() -> None:
    text = "   TNM: T2N0\n   STAGE GROUPING: IB\n\nCOMMENT:\nTHE TONGUE CARCINOMA OF 1999 WAS REVIEWED."
    assert [(m.t, m.n) for m in find_tnm(text)] == [("T2", "N0")]
    assert [(m.t, m.n, m.m) for m in find_tnm("pathologic stage: pTlaNOMX")] == [("T1a", "N0", "MX")]


def test_a_grade_run_straight_on_after_an_n_or_m() -> None:
    assert [(m.t, m.n, m.m) for m in find_tnm("pT2aN0G2 L0 V0")] == [("T2a", "N0", None)]
    assert [(m.t, m.n, m.m) for m in find_tnm("pT1N1M0G3")] == [("T1", "N1", "M0")]
