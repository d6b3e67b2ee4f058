"""Pathology extraction on hand-written reports: synoptic, narrative with OCR noise, no stage, neoadjuvant, Chinese."""

from __future__ import annotations

import pytest

from oncodata.nlp import extract_report
from oncodata.nlp.context import context_of
from oncodata.nlp.evaluate import flatten_like_tcga
from tests.nlp.conftest import read_fixture


def test_english_synoptic_lung_report():
    facts = extract_report(read_fixture("en_lung_synoptic.txt"))
    assert facts.kind == "pathology" and facts.language == "en"
    assert (facts.t, facts.n, facts.m, facts.tnm_prefix, facts.tnm_edition) == ("T2a", "N1", None, "p", 8)
    assert facts.stage_group == "IIB"
    assert (facts.histology_code, facts.grade) == ("8551/3", "G2")
    assert facts.tumor_size_mm == 32.0
    assert (facts.nodes_positive, facts.nodes_examined) == (2, 14)
    assert {"station": "10R", "positive": 1, "examined": 4} in facts.nodes_by_station
    assert (facts.topography_code, facts.laterality, facts.lobe) == ("C34.1", "right", "upper")
    assert facts.pleural_invasion is True and facts.lymphovascular_invasion is False and facts.margins == "negative"
    markers = {(b.gene, b.alteration): b for b in facts.biomarkers}
    assert markers["EGFR", "exon 19 deletion"].result == "positive"
    assert markers["ALK", None].result == "negative"
    assert markers["KRAS", "G12C"].result == "negative"
    assert (markers["PD-L1", None].value, markers["PD-L1", None].assay) == (60.0, "22C3")
    assert markers["Ki-67", None].value == 30.0


def test_history_stage_is_not_the_report_stage():
    # The history mentions a prior colon cancer "pT3 N1"; the diagnosis states pT2a pN1.
    facts = extract_report(read_fixture("en_lung_synoptic.txt"))
    assert facts.t == "T2a"
    assert facts.evidence["t"][0].text.startswith("pT2a")


def test_narrative_report_with_ocr_noise():
    facts = extract_report(read_fixture("en_narrative_ocr.txt"))
    assert (facts.t, facts.n, facts.m) == ("T1c", "N0", "M0")
    assert (facts.histology_code, facts.grade) == ("8070/3", "G3")
    assert facts.pleural_invasion is False and facts.lymphovascular_invasion is False
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 6)
    # "Suspicious for ... adenocarcinoma in situ" is hedged: it must not replace the diagnosis.
    assert facts.histology_text == "squamous cell carcinoma"


def test_report_without_stage_yields_nulls_not_guesses():
    facts = extract_report(read_fixture("en_no_stage.txt"))
    assert (facts.t, facts.n, facts.m, facts.stage_group) == (None, None, None, None)
    assert facts.histology_code == "8310/3" and facts.tumor_size_mm == 55.0
    assert facts.biomarkers == []


def test_post_neoadjuvant_prefix():
    facts = extract_report(read_fixture("en_neoadjuvant.txt"))
    assert (facts.t, facts.n, facts.tnm_prefix) == ("T0", "N0", "yp")
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 12)
    assert facts.histology_code is None  # "No residual carcinoma identified" is negated


def test_chinese_lung_pathology():
    facts = extract_report(read_fixture("zh_lung_pathology.txt"))
    assert facts.language == "zh" and facts.kind == "pathology"
    assert (facts.t, facts.n, facts.m, facts.stage_group, facts.tnm_edition) == ("T2a", "N1", "M0", "IIB", 8)
    assert facts.histology_code == "8551/3" and facts.grade == "G2"
    assert facts.tumor_size_mm == 30.0
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 7)
    assert facts.pleural_invasion is True and facts.lymphovascular_invasion is False and facts.margins == "negative"
    markers = {(b.gene, b.alteration): b for b in facts.biomarkers}
    assert markers["EGFR", "exon 19 deletion"].result == "positive"
    assert markers["ALK", None].result == "negative"
    assert markers["PD-L1", None].value == 5.0
    assert markers["Ki-67", None].value == 20.0


def test_grade_is_read_from_its_value_not_from_the_words_around_it():
    # "histologic" holds an "i": the grade must come from the value after "grade" (it once read as G1).
    for text, grade in (("Histologic grade: G2.", "G2"), ("Histologic Grade: III", "G3"), ("Grade: 1 of 3", "G1")):
        assert extract_report(text, kind="pathology", lang="en").grade == grade


def test_node_counts_beside_the_category_and_by_station_in_prose():
    staged = extract_report("Tumor Stage: pT2b, Nodal Stage: pN0 (0/14).", kind="pathology", lang="en")
    assert (staged.n, staged.nodes_positive, staged.nodes_examined) == ("N0", 0, 14)
    prose = extract_report(
        "Lymph nodes, level 7, excision: one lymph node, negative for malignancy (0/1). "
        "Lymph nodes, level 4R, excision: metastatic adenocarcinoma in 1 of 3 lymph nodes (1/3).",
        kind="pathology",
        lang="en",
    )
    assert prose.nodes_by_station == [
        {"station": "7", "positive": 0, "examined": 1},
        {"station": "4R", "positive": 1, "examined": 3},
    ]
    assert (prose.nodes_positive, prose.nodes_examined) == (1, 4)


def test_clone_in_the_gene_parentheses_is_the_assay():
    facts = extract_report("免疫组化：ALK(D5F3)(-)，Ki-67(约35%+)。ALK (D5F3) IHC: negative.", kind="pathology")
    assert [(b.gene, b.result, b.assay) for b in facts.biomarkers][:1] == [("ALK", "negative", "D5F3")]


def test_a_hedged_diagnosis_names_no_primary_site():
    hedged = extract_report(
        "SPECIMEN: right lower lobe, core biopsy. DIAGNOSIS: scant atypical cells, suspicious for adenocarcinoma.",
        kind="pathology",
        lang="en",
    )
    assert hedged.primary_site_text is None and hedged.histology_code is None
    stated = extract_report("SPECIMEN: right lower lobe, core biopsy. DIAGNOSIS: adenocarcinoma.", kind="pathology", lang="en")
    assert stated.primary_site_text == "right lower lobe"


def test_the_highest_t_of_several_tumours_classifies_the_case():
    report = (
        "DIAGNOSIS: A. Right lung, upper lobe, lobectomy: adenocarcinoma, 2.1 cm, pT1c N0. "
        "B. Right lung, lower lobe, wedge: second adenocarcinoma, 3.4 cm, pT2a."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.t, facts.n) == ("T2a", "N0")


def test_a_checklist_legend_of_options_is_not_the_answer():
    legend = (
        "Primary Tumor (pT): pT1: Tumor 3 cm or less. pT2: Tumor more than 3 cm. x pT3: Tumor more than 7 cm. "
        "pT4: Tumor of any size invading the mediastinum. Regional Lymph Nodes (pN): pN0: No regional lymph node "
        "metastasis. pN1: Metastasis in ipsilateral peribronchial nodes. x pN2: Metastasis in ipsilateral mediastinal "
        "nodes. pN3: Metastasis in contralateral nodes."
    )
    facts = extract_report(legend, kind="pathology", lang="en")
    assert (facts.t, facts.n) == ("T3", "N2")
    # One category with its definition is the answer itself.
    single = extract_report("Primary Tumor (pT): pT2: Tumor invades the visceral pleura.", kind="pathology", lang="en")
    assert single.t == "T2"


def test_words_hyphenated_across_a_line_are_read_whole_and_cited_where_written():
    report = (
        "DIAGNOSIS: Right upper lobe, lobectomy: invasive adeno-\ncarcinoma, acinar predominant, well-\n"
        "differentiated. Non-\nsmall cell features. pT2a N0."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.histology_code, facts.grade, facts.t) == ("8551/3", "G1", "T2a")
    assert facts.histology_text == "invasive adenocarcinoma, acinar predominant"
    for spans in facts.evidence.values():
        for span in spans:
            assert report[span.start : span.end] == span.text
    cited = facts.evidence["histology"][0]
    assert cited.text == "invasive adeno-\ncarcinoma, acinar predominant"
    assert all(report[f.span.start : f.span.end] == f.span.text for f in facts.findings)


def test_an_intrapulmonary_node_group_beside_station_counts_adds_to_the_total():
    report = (
        "A. LYMPH NODE, LEVEL 4R, EXCISION: ONE LYMPH NODE, NEGATIVE FOR METASTATIC CARCINOMA (0/1). "
        "B. LYMPH NODE, LEVEL 7: TWO LYMPH NODES WITH METASTATIC ADENOCARCINOMA (2/2). "
        "C. LUNG, RIGHT UPPER LOBE, LOBECTOMY: INVASIVE ADENOCARCINOMA. PERIBRONCHIAL LYMPH NODES: 1/5 POSITIVE."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == (3, 8)
    assert {s["station"] for s in facts.nodes_by_station} == {"4R", "7", "PERIBRONCHIAL"}
    # Alone, the group's count is the report's count.
    alone = extract_report("Hilar lymph nodes: 1/5 positive.", kind="pathology", lang="en")
    assert (alone.nodes_positive, alone.nodes_examined) == (1, 5)


def test_a_size_right_after_the_histology_is_the_tumour_size_unless_it_is_a_distance():
    stated = extract_report("Left lower lobe: squamous cell carcinoma, moderately differentiated, 4.2 cm.", kind="pathology")
    assert stated.tumor_size_mm == 42.0
    written_by = extract_report("RIGHT BREAST: INFILTRATING DUCT CARCINOMA, 9.0 BY 8.5 BY 4.0 CM.", kind="pathology")
    assert written_by.tumor_size_mm == 90.0
    for text in (
        "Colon: moderately differentiated adenocarcinoma, located 6 cm from the ileocecal valve.",
        "Liver: hepatocellular carcinoma, two foci (7.2 and 0.7 cm).",
        "Lymph nodes positive for metastatic carcinoma, largest measuring 3.7 cm.",
    ):
        assert extract_report(text, kind="pathology").tumor_size_mm is None, text


def test_lymph_vascular_invasion_as_synoptic_lines_write_it():
    def lvi(text: str) -> bool | None:
        return extract_report(text, kind="pathology", lang="en").lymphovascular_invasion

    assert lvi("Adenocarcinoma. Lymph-Vascular Invasion: Not identified. Perineural Invasion: Present.") is False
    assert lvi("Adenocarcinoma. LYMPHOVASCULAR INVASION. ABSENT. PERINEURAL INVASION. PRESENT.") is False
    assert lvi("Adenocarcinoma. LYMPH-VASCULAR INVASION: Present. PERINEURAL INVASION: Present.") is True
    # Indeterminate, or no value before the next label, states neither.
    assert lvi("Adenocarcinoma. Lymphovascular invasion: Indeterminate. Margin status: Negative.") is None
    assert lvi("Carcinoma. LYMPH-VASCULAR INVASION. EXTRATHYROIDAL EXTENSION: Present.") is None
    # A value followed by the next label, and prose that ends in a colon, still state it.
    assert lvi("Lymphovascular invasion: Present  Perineural invasion: Not identified") is True
    assert lvi("Lymphovascular invasion is present in the following blocks: A3, A4.") is True


def test_the_lobe_after_the_organ_is_the_site():
    facts = extract_report("FINAL DIAGNOSIS: LUNG, LEFT UPPER LOBE; LOBECTOMY: SQUAMOUS CELL CARCINOMA.", kind="pathology")
    assert (facts.topography_code, facts.laterality, facts.lobe) == ("C34.1", "left", "upper")


def test_visceral_pleural_invasion_codes_and_wording():
    def vpi(text: str) -> bool | None:
        return extract_report("Adenocarcinoma. " + text, kind="pathology", lang="en").pleural_invasion

    assert vpi("Visceral pleural invasion: PL0.") is False
    assert vpi("Visceral pleural invasion: present (PL1).") is True
    assert vpi("Visceral pleura: not involved.") is False
    assert vpi("Pleural invasion: absent.") is False
    assert vpi("There is subpleural invasion of the lung parenchyma.") is None


def test_prose_that_puts_the_tumour_at_a_margin_makes_it_positive():
    def margins(text: str) -> str | None:
        return extract_report("Adenocarcinoma. " + text, kind="pathology", lang="en").margins

    assert margins("The tumor extends to the inked parenchymal margin.") == "positive"
    assert margins("Carcinoma present at the bronchial margin; other margins free.") == "positive"
    assert margins("No tumor seen at specimen margins.") == "negative"
    assert margins("It is not clear whether this focus is at a margin.") is None
    assert margins("Cancer at resection margin: not applicable.") is None
    assert margins("Sections taken at the bronchial margin show no carcinoma.") is None
    assert margins("Distance of tumor at closest margin 0.5 cm.") is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Adenocarcinoma, mixed subtype", "8255/3"),
        ("Bronchioloalveolar carcinoma, mucinous", "8253/3"),
        ("Non-mucinous bronchioloalveolar carcinoma", "8250/3"),
        ("Basaloid squamous cell carcinoma", "8083/3"),
        ("Combined small cell carcinoma", "8045/3"),
        ("Enteric adenocarcinoma", "8144/3"),
        ("Squamous cell carcinoma, nonkeratinizing", "8072/3"),
    ],
)
def test_lung_histologic_types_as_written_in_older_and_current_classifications(written, code):
    facts = extract_report(f"DIAGNOSIS: Right lung, lobectomy: {written}.", kind="pathology", lang="en")
    assert facts.histology_code == code


def test_a_clinical_or_prior_stage_beside_the_pathologic_one_does_not_win():
    post_therapy = extract_report("DIAGNOSIS: ypT1 N0. Pre-treatment clinical stage cT3 N1.", kind="pathology", lang="en")
    assert (post_therapy.t, post_therapy.n, post_therapy.tnm_prefix) == ("T1", "N0", "yp")
    prior = extract_report("DIAGNOSIS: Adenocarcinoma, pT1b N0. Prior biopsy 2019: T3 stage tumor.", kind="pathology")
    assert prior.t == "T1b"


def test_compound_words_wrapped_at_their_hyphen_keep_it():
    facts = extract_report("Diagnosis: signet-\nring cell carcinoma of the stomach.", kind="pathology", lang="en")
    assert facts.histology_code == "8490/3"
    assert facts.evidence["histology"][0].text == "signet-\nring cell carcinoma"


@pytest.mark.parametrize(
    ("report", "site", "code", "laterality"),
    [
        # The organ, then the part of it the specimen heading names.
        (
            "DIAGNOSIS: UTERUS, CERVIX, BIOPSY: - INVASIVE SQUAMOUS CELL CARCINOMA, MODERATELY DIFFERENTIATED.",
            "CERVIX",
            "C53.9",
            None,
        ),
        # A node station and a margin are not the tumour's site; the part whose diagnosis is the carcinoma is.
        (
            "DIAGNOSIS: A. Lymph nodes, common hepatic artery, biopsy: Two lymph nodes negative for tumor (0/2). "
            "B. Pancreas, head, pancreaticoduodenectomy: Invasive adenocarcinoma, 3.1 cm. Common bile duct margin negative.",
            "Pancreas",
            "C25.9",
            None,
        ),
        (
            "FINAL DIAGNOSIS: A. GALLBLADDER, CHOLECYSTECTOMY: CHRONIC CHOLECYSTITIS. "
            "B. LIVER, SEGMENT 5, RESECTION: HEPATOCELLULAR CARCINOMA, 4.2 CM.",
            "LIVER",
            "C22.0",
            None,
        ),
        # A metastasis of the histology names no primary site.
        (
            "DIAGNOSIS: (A) KIDNEY, RIGHT, RADICAL NEPHRECTOMY: CLEAR CELL RENAL CELL CARCINOMA, 7.5 CM. "
            "(B) RIGHT ADRENAL GLAND: METASTATIC RENAL CELL CARCINOMA IN ADRENAL GLAND.",
            "KIDNEY",
            "C64.9",
            "right",
        ),
        # The site the diagnosis names with its histology; the side from the heading of the same organ.
        (
            "DIAGNOSIS: BREAST, LEFT, MODIFIED RADICAL MASTECTOMY: INVASIVE DUCTAL CARCINOMA OF BREAST, 2.3 CM.",
            "BREAST",
            "C50.9",
            "left",
        ),
        ("Left globe, enucleation: Malignant melanoma of the choroid, mixed cell type.", "choroid", "C69.3", "left"),
        ("DIAGNOSIS: 1. Resected rectosigmoid colon with an ulcerated adenocarcinoma. pT3 pN0.", "rectosigmoid", "C19.9", None),
        (
            "FINAL DIAGNOSIS: LEFT TONSIL (TONSILLECTOMY): INFILTRATING SQUAMOUS CELL CARCINOMA (2.4 CM).",
            "TONSIL",
            "C09.9",
            "left",
        ),
    ],
)
def test_the_primary_site_is_the_tumours_not_the_first_organ_named(
    report: str, site: str, code: str, laterality: str | None
) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.primary_site_text, facts.topography_code, facts.laterality) == (site, code, laterality)


def test_a_negative_margin_after_a_comma_does_not_negate_the_diagnosis():
    facts = extract_report(
        "DIAGNOSIS: Lung, right lower lobe, wedge resection: Adenocarcinoma, 1.8 cm, well differentiated, margins negative.",
        kind="pathology",
        lang="en",
    )
    assert (facts.histology_code, facts.tumor_size_mm, facts.grade, facts.margins) == ("8140/3", 18.0, "G1", "negative")
    assert (facts.primary_size_text, facts.primary_size_mm) == ("1.8 cm", 18.0)
    assert (facts.topography_code, facts.laterality, facts.lobe) == ("C34.3", "right", "lower")
    # "Lymph nodes, negative": the cue opens the comma's item, so it still negates.
    assert context_of("Lymph nodes, negative.", 0, 11, "en").negated
    assert not context_of("Adenocarcinoma, 1.8 cm, margins negative.", 0, 14, "en").negated


def test_a_checklists_node_counts_and_tumour_site_label_are_read():
    report = (
        "SYNOPTIC REPORT - LUNG. Specimen: Lobectomy. Tumor Site: Right middle lobe. Histologic Type: Adenocarcinoma. "
        "Tumor Size: Greatest dimension: 2.8 cm. Regional Lymph Nodes (pN): pN1. Number examined: 11. Number involved: 2."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == (2, 11)
    assert (facts.primary_site_text, facts.topography_code, facts.lobe) == ("Right middle lobe", "C34.2", "middle")
    colon = extract_report(
        "Lymph Nodes: Number with metastasis: 0. Total number examined: 19. pT3 pN0.", kind="pathology", lang="en"
    )
    assert (colon.nodes_positive, colon.nodes_examined) == (0, 19)
    # Counts of something else in or after a node block are not nodes.
    for unrelated in (
        "Lymph nodes: not submitted. Blocks: Number examined: 4. Invasive adenocarcinoma.",
        "Regional Lymph Nodes: No lymph nodes submitted or found. Number examined: 4. Number positive: 2.",
    ):
        facts = extract_report(unrelated, kind="pathology", lang="en")
        assert (facts.nodes_positive, facts.nodes_examined) == (None, None), unrelated
    stated = extract_report(
        "Lymph nodes: 0/12. Prostate biopsy cores: Number examined: 12. Number involved: 5.", kind="pathology", lang="en"
    )
    assert (stated.nodes_positive, stated.nodes_examined) == (0, 12)


def test_chinese_invasion_denied_by_a_bare_wei_and_stations_after_a_bracketed_group():
    report = (
        "病理诊断：（右肺上叶）浸润性腺癌，中分化，未侵犯脏层胸膜，脉管内未见癌栓，支气管切缘未见癌。"
        "（第7组）淋巴结2/5见癌转移；（第9组）淋巴结0/2；（第10组）淋巴结0/1。"
    )
    facts = extract_report(report, kind="pathology", lang="zh")
    assert (facts.pleural_invasion, facts.lymphovascular_invasion, facts.margins) == (False, False, "negative")
    assert (facts.nodes_positive, facts.nodes_examined) == (2, 8)
    assert {"station": "7", "positive": 2, "examined": 5} in facts.nodes_by_station
    invaded = extract_report("（左肺下叶）鳞状细胞癌，侵及脏层胸膜，可见脉管癌栓。", kind="pathology", lang="zh")
    assert (invaded.pleural_invasion, invaded.lymphovascular_invasion) == (True, True)


def test_named_chinese_node_groups_are_stations_and_a_stations_count_is_no_total():
    facts = extract_report(
        "（左肺上叶）浸润性黏液腺癌。支气管旁淋巴结1/3枚见癌转移，第5组淋巴结0/2枚。", kind="pathology", lang="zh"
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 5)
    assert {"station": "支气管旁", "positive": 1, "examined": 3} in facts.nodes_by_station
    labelled = extract_report("腺癌。第7组淋巴结：0/3；肺门淋巴结：1/2。", kind="pathology", lang="zh")
    assert (labelled.nodes_positive, labelled.nodes_examined) == (1, 5)


def test_parietal_pleura_invaded_is_pleural_invasion_but_a_parietal_pleura_specimen_is_not():
    assert extract_report("（右肺）肉瘤样癌，侵犯壁层胸膜。", kind="pathology", lang="zh").pleural_invasion is True
    assert extract_report("Carcinoma invades into the parietal pleura.", kind="pathology", lang="en").pleural_invasion is True
    specimen = "PARIETAL PLEURA, BIOPSY: MALIGNANT MESOTHELIOMA, EPITHELIOID TYPE."
    assert extract_report(specimen, kind="pathology", lang="en").pleural_invasion is None


@pytest.mark.parametrize(
    ("report", "field", "value"),
    [
        # A cue after a list denies every item of it.
        (
            "Lung: Adenocarcinoma. Lymphovascular invasion, perineural invasion, and visceral pleural invasion are not "
            "identified.",
            "lymphovascular_invasion",
            False,
        ),
        ("Lung: Adenocarcinoma. Visceral pleural invasion, lymphovascular invasion are absent.", "pleural_invasion", False),
        ("Lung: Adenocarcinoma. Lymph-vascular invasion, focal, not identified on H&E.", "lymphovascular_invasion", False),
        # …and a hedge after it is never cut off.
        ("Pleural fluid, cytology: Adenocarcinoma, cells rare, cannot be excluded.", "histology_code", None),
        ("Residual adenocarcinoma, invasive or in situ, not identified.", "histology_code", None),
        # Spread is not origin: the heading's lobe stays the site.
        ("LUNG, RIGHT UPPER LOBE, LOBECTOMY: ADENOCARCINOMA WITH INVASION OF THE PLEURA.", "topography_code", "C34.1"),
        ("LUNG, RIGHT UPPER LOBE, LOBECTOMY: SQUAMOUS CELL CARCINOMA INVOLVING THE MAIN BRONCHUS.", "topography_code", "C34.1"),
        ("Lung, left lower lobe, lobectomy: Invasive adenocarcinoma with features of colonic type.", "topography_code", "C34.3"),
        ("Lung, right, lower lobe, lobectomy: Adenocarcinoma.", "lobe", "lower"),
        ("LYMPH NODES, STATION 4R, CERVICAL MEDIASTINOSCOPY: METASTATIC ADENOCARCINOMA.", "topography_code", None),
    ],
)
def test_review_cases_of_lists_hedges_and_spread(report: str, field: str, value: object) -> None:
    assert getattr(extract_report(report, kind="pathology", lang="en"), field) == value


def test_chinese_wei_with_a_verb_denies_and_a_stated_total_heads_its_stations():
    assert extract_report("（左肺下叶）腺癌，未累及脏层胸膜。", kind="pathology", lang="zh").pleural_invasion is False
    facts = extract_report(
        "腺癌。淋巴结见癌转移（2/15）：支气管旁淋巴结1/3，第7组淋巴结1/5，第10组淋巴结0/7。", kind="pathology", lang="zh"
    )
    assert (facts.nodes_positive, facts.nodes_examined, len(facts.nodes_by_station)) == (2, 15, 3)


def test_a_checklists_laterality_label_invasion_sites_and_in_situ_subtypes():
    synoptic = (
        "LUNG: Resection Synopsis. Specimen Laterality: Left. Tumor Site: Upper lobe. Histologic Type: Invasive "
        "adenocarcinoma, lepidic predominant. Visceral Pleura Invasion: Present (PL1)."
    )
    facts = extract_report(synoptic, kind="pathology", lang="en")
    assert (facts.topography_code, facts.laterality, facts.lobe, facts.pleural_invasion) == ("C34.1", "left", "upper", True)
    invaded_only = extract_report("Squamous cell carcinoma. Visceral Pleura Invasion: Present.", kind="pathology", lang="en")
    assert invaded_only.primary_site_text is None  # the pleura is what it invades, not where it is
    both = extract_report("PROSTATE: Adenocarcinoma. LOBE LATERALITY: Right and Left Lobes.", kind="pathology", lang="en")
    assert both.laterality == "bilateral"
    assert extract_report("Adenocarcinoma in situ, nonmucinous, 0.9 cm.", kind="pathology", lang="en").histology_code == "8250/2"
    assert extract_report("（右肺上叶）非黏液性原位腺癌，大小0.8cm。", kind="pathology", lang="zh").histology_code == "8250/2"


def test_tick_boxes_choose_the_option_and_counts_name_their_node_group():
    boxes = (
        "Primary tumor (pT)\n[ ] pT1a: tumor 2 cm or less\n[x] pT2a: tumor more than 3 cm but 5 cm or less\n[ ] pT2b\n"
        "Regional lymph nodes (pN)\n[x] pN0\n[ ] pN1\n[ ] pN2"
    )
    ticked = extract_report(boxes, kind="pathology", lang="en")
    assert (ticked.t, ticked.n) == ("T2a", "N0")
    underscores = "Primary Tumor (pT): ___ pTX ___ pT0 _X_ pT1 ___ pT2 ___ pT3\nRegional Lymph Nodes (pN): _X_ pN0 ___ pN1"
    assert extract_report(underscores, kind="pathology", lang="en").t == "T1"
    assert extract_report("Adenocarcinoma, 2.8 cm, pT1cpN0.", kind="pathology", lang="en").n == "N0"
    prose = "LEFT LOWER LOBE, LOBECTOMY: SQUAMOUS CELL CARCINOMA, 5.5 CM. METASTATIC CARCINOMA IN 2 OF 9 HILAR LYMPH NODES."
    facts = extract_report(prose, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == (2, 9)


@pytest.mark.parametrize(
    ("statement", "invaded"),
    [
        ("VISCERAL PLEURA IS NOT INVOLVED.", False),
        ("The visceral pleura is involved by tumor.", True),
        ("Visceral pleura: uninvolved.", False),
        ("THE TUMOR INVADES THE VISCERAL PLEURA.", True),
        ("NO PLEURAL INVOLVEMENT.", False),
    ],
)
def test_a_copula_before_the_pleuras_state_is_read_through(statement: str, invaded: bool) -> None:
    report = f"LUNG, RIGHT UPPER LOBE, LOBECTOMY: ADENOCARCINOMA, 3.2 CM. {statement} Visceral pleural invasion: see above."
    assert extract_report(report, kind="pathology", lang="en").pleural_invasion is invaded


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        ("Adenocarcinoma, 2.1 cm. Lymph nodes: 3 positive / 18 examined.", (3, 18)),
        ("Adenocarcinoma. Regional lymph nodes: 1 positive of 10 examined.", (1, 10)),
        ("Adenocarcinoma. Lymph Nodes: 0 of 11 involved.", (0, 11)),
        ("Adenocarcinoma. Lymph nodes: 14 examined, 0 involved.", (0, 14)),
        ("Adenocarcinoma. Lymph nodes examined: 5; positive: 0.", (0, 5)),
        ("SQUAMOUS CELL CARCINOMA. TOTAL LYMPH NODES: (l/6) POSITIVE.", (1, 6)),
        ("Carcinoma. Separately submitted; total lymph node count for. all specimens is 3 of 36 lymph nodes involved.", (3, 36)),
        ("Nodes: 11L 1/3; 10L 1/1; 7 0/2; 5 0/1. Total nodes: 2 positive of 7.", (2, 7)),
        ("Lymph nodes: metastasis in 1 of 11.\n  Group 5 (0/2), Group 7 (1/3)", (1, 11)),
        ("Lymph node metastasis: 1/9\n    #2R (0/1), #4R (0/3), #12u (1/2)", (1, 9)),
        ("REGIONAL LYMPH NODES: pNl. LYMPH NODES EXAMINED: 9. INVOLVED: l.", (1, 9)),
    ],
)
def test_a_node_total_stated_in_words(report: str, counts: tuple[int, int]) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


def test_without_a_stated_total_every_part_counts_once():
    parts = (
        "FINAL DIAGNOSIS: A. LUNG, RIGHT MIDDLE LOBE, LOBECTOMY: ADENOCARCINOMA, 3.6 CM. PERIBRONCHIAL LYMPH. NODES, "
        "NEGATIVE FOR TUMOR (0/3). B. LYMPH NODES, LEVEL 4R, EXCISION: NEGATIVE FOR TUMOR (O/2). C. LYMPH NODE, LEVEL 7, "
        "EXCISION: METASTATIC CARCINOMA (1/1). D. SUBCARINAL LYMPH NODES: THREE LYMPH NODES NEGATIVE FOR TUMOR (0/3). "
        "INTRAOPERATIVE CONSULTATION: LEVEL 7 LYMPH NODE, POSITIVE FOR CARCINOMA (1/1)."
    )
    facts = extract_report(parts, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 9)
    restated = (
        "Adenocarcinoma. Lymph nodes: negative for metastatic carcinoma (0/8); station 4R (0/3), station 7 (0/4), "
        "station 10R (0/1)."
    )
    facts = extract_report(restated, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 8)


@pytest.mark.parametrize(
    ("report", "size_mm"),
    [
        (
            "LUNG: LARGE CELL CARCINOMA, UNDIFFERENTIATED (G4), 6.0 CM IN GREATEST DIMENSION. TUMOR IS 1.6 CM DISTAL TO THE CARINA.",
            60.0,
        ),
        (
            "SYNOPTIC REPORT - LUNG\nTumor site: Lower lobe\nGrade: G3\nSize: 5.2 x 4.6 x 4.0 cm\nSpecimen size: 22 x 15 x 11 cm",
            52.0,
        ),
        ("ADENOCARCINOMA, MODERATELY DIFFERENTIATED, WITH BRONCHIOLOALVEOLAR FEATURES,\n  MEASURING 1.4 CM.", 14.0),
        ("Conclusion: squamous cell carcinoma of the lung, moderately differentiated (G2), maximum diameter 38 mm.", 38.0),
        (
            "B. Breast, right: Invasive lobular carcinoma, 0.5 cm in greatest dimension. C. Breast, left: Invasive lobular "
            "carcinoma, forming a 3.2 cm in greatest dimension. mass.",
            32.0,
        ),
        ("Colon: adenocarcinoma; ulcerative lesion measuring 8.0 x 8.0. cm, located 8.0 cm from the nearest margin.", 80.0),
        ("Kidney: Tumor size (greatest dimension): Multifocal (3 nodules), largest 1.9 cm in diameter.", 19.0),
        (
            "DIAGNOSIS: ADENOCARCINOMA, MODERATELY. DIFFERENTIATED, FORMING A 3.2 X. 2.5 X 2.0 CM MASS IN THE ANTERIOR SEGMENT.",
            32.0,
        ),
        ("Diagnosis: Adenocarcinoma, lepidic predominant (lepidic 60%, acinar 40%), well differentiated, 1.2 cm.", 12.0),
        ("FINAL DIAGNOSIS: ADENOCARCINOMA, PAPILLARY PREDOMINANT, l.7 CM. SYNOPTIC: TUMOR SIZE: l.7 X 1.4 X l.2 CM.", 17.0),
        (
            "Diagnosis:\nLung, right lower lobe, lobectomy:\n  Adenocarcinoma, acinar predominant\n  Size: 4.5 x 3.8 x 3.0 cm",
            45.0,
        ),
        (
            "TUMOR 1: ADENOCARCINOMA, MODERATELY DIFFERENTIATED,. 2.1 CM. TUMOR 2: SQUAMOUS CELL CARCINOMA, KERATINIZING,. 3.4 CM.",
            34.0,
        ),
        ("Primary Tumor (pT):\n [ ] pT1a: Tumor 2 cm or less in greatest dimension\n [ ] pT1b: Tumor more than 2 cm", None),
        ("BREAST: DUCTAL CARCINOMA. B10--UPPER INNER QUADRANT 14 CM FROM LESION.", None),
    ],
)
def test_the_tumour_size_as_reports_write_it(report: str, size_mm: float | None) -> None:
    assert extract_report(report, kind="pathology", lang="en").tumor_size_mm == size_mm


def test_a_size_cue_after_the_value_cites_the_value_only():
    facts = extract_report("LUNG, LEFT UPPER LOBE: ADENOCARCINOMA (G2), 6.0 CM IN GREATEST DIMENSION.", kind="pathology")
    assert facts.primary_size_text == "6.0 CM"


@pytest.mark.parametrize(
    ("report", "lobe"),
    [
        ("Diagnosis:\nLeft upper lobe: keratinising squamous cell carcinoma of the lung, moderately differentiated.", "upper"),
        (
            "FINAL DIAGNOSIS:\nA. LUNG, RIGHT MIDDLE LOBE, LOBECTOMY:\n 1. ADENOCARCINOMA, 3.6 CM.\nCOMMENT: THE FINDINGS "
            "SUPPORT A PRIMARY LUNG ADENOCARCINOMA.",
            "middle",
        ),
        (
            "SURGICAL PATHOLOGY REPORT - LUNG RESECTION CHECKLIST\nFINAL DIAGNOSIS:\nA. LUNG, LEFT LOWER LOBE: ADENOCARCINOMA.",
            "lower",
        ),
        # A lobe named after the organ-level site is another finding, not the tumour's lobe.
        ("DIAGNOSIS: LEFT LUNG, PNEUMONECTOMY: SQUAMOUS CELL CARCINOMA, CENTRAL. ATELECTASIS OF LOWER LOBE.", None),
    ],
)
def test_the_lobe_of_an_organ_level_lung_site(report: str, lobe: str | None) -> None:
    assert extract_report(report, kind="pathology", lang="en").lobe == lobe


@pytest.mark.parametrize(
    ("report", "pleural", "lymphovascular"),
    [
        (
            "Visceral pleura invasion:  [X] Not identified  [ ] Present\nLymph-vascular invasion:  [ ] Not identified  [X] Present",
            False,
            True,
        ),
        ("VISCERAL PLEURA: [ ] Not involved  [X] Involved\nLYMPHATIC/VASCULAR INVASION: [X] Absent  [ ] Present", True, False),
        ("The visceral pleura is not infiltrated (elastica van Gieson). No lymphatic or venous invasion.", False, False),
        ("ADENOCARCINOMA, 1.4 CM. THE PLEURA IS FREE OF TUMOR.", False, None),
        ("Adenocarcinoma of the lung. TNM (UICC 6th ed.): pT1 pN0 (0/8) L1 V0 G2 R0", None, True),
        ("Venous/Lymphatic (Large/Small Vessel) Invasion (V/L): Absent.", None, False),
        (
            "VENOUS/LYMPHATIC (LARGE/SMALL VESSEL) VASCULAR SPACE STATUS: NO LYMPHOVASCULAR SPACE INVASION IDENTIFIED.",
            None,
            False,
        ),
        ("Venous (large vessel) invasion: Not identified. Angiolymphatic invasion: Present.", None, True),
        ("Angiolymphatic invasion: not detected. Lymphatic invasion is not observed.", None, False),
        (
            "Visceral Pleural Invasion. _X_ Not identified. ___ Present. Lymphatic (Small Vessel) Invasion (L). _X_ Absent.",
            False,
            False,
        ),
        (
            "pl0. Lymphatic permeation is seen in the peritumoral lymphatic vessels (ly1). No blood vessel invasion (v0).",
            False,
            True,
        ),
        ("Stage: pT2a N0 (AJCC 7th). pl1, ly0, v1, pm0.", True, True),
        (
            "Pleural invasion: ( ) PL0  (x) PL1  ( ) PL2. An elastic stain shows no infiltration of the visceral pleura.",
            True,
            None,
        ),
        ("SQUAMOUS CELL CARCINOMA, 5.6 CM. THE TUMOR DOES NOT INVOLVE THE PLEURAL SURFACE.", False, None),
        ("- INVASIVE SQUAMOUS CELL CARCINOMA, 3.3 CM. - PLEURA NOT INVOLVED.", False, None),
        ("_X_ pT1: Tumor 3 cm or less, surrounded by lung or visceral pleura. ___ pT2: Tumor more than 3 cm", None, None),
    ],
)
def test_invasion_in_tick_boxes_uicc_additions_and_plain_statements(
    report: str, pleural: bool | None, lymphovascular: bool | None
) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (pleural, lymphovascular)


def test_a_biomarker_result_after_a_bracketed_list_and_a_bound_in_words():
    facts = extract_report(
        "ADDENDUM: EGFR (exons 18, 19, 20, 21; PCR-based assay): Negative - no mutation detected.\n"
        "PD-L1 (22C3): TPS less than 1% - NEGATIVE.",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result, b.value) for b in facts.biomarkers] == [("EGFR", "negative", None), ("PD-L1", "negative", None)]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("Pathological staging: TNM 6 T3 N1 Mx. TNM 7 T3 N3 Mx.", ("T3", "N3")),
        ("AJCC 6th edition: pT2 N0. AJCC 7th edition: pT3 N0.", ("T3", "N0")),
        ("pT2a N0 (AJCC 7th); pT2 N0 (AJCC 6th)", ("T2a", "N0")),
    ],
)
def test_a_case_staged_under_two_editions_takes_the_newer(statement: str, expected: tuple[str, str]) -> None:
    facts = extract_report(f"Lung, right upper lobe: adenocarcinoma. {statement}", kind="pathology", lang="en")
    assert (facts.t, facts.n) == expected


@pytest.mark.parametrize(
    ("report", "margins"),
    [
        (
            "4. TUMOR PRESENT AT THE PULMONARY ARTERY (VASCULAR) RESECTION MARGIN; BRONCHIAL MARGIN FREE OF TUMOR (1.5 CM).",
            "positive",
        ),
        ("Squamous cell carcinoma, 3.2 cm. br(-), Bronchial stump: negative (distance 2.1 cm).", "negative"),
        ("Adenocarcinoma of the lung. TNM: pT2a pN1 (2/13) L1 V0 G2 R0", "negative"),
        ("Colon: adenocarcinoma. pT4a R1 pN2 (6/39) pM1.", "positive"),
    ],
)
def test_margins_from_stumps_plain_statements_and_the_residual_tumour_code(report: str, margins: str) -> None:
    assert extract_report(report, kind="pathology", lang="en").margins == margins


def test_a_ticked_tumour_site_the_lingula_and_a_stage_group_citing_its_edition():
    checklist = (
        "LUNG: RESECTION - CHECKLIST. Laterality: [X] Right [ ] Left. "
        "Tumor site: [ ] Upper lobe [ ] Middle lobe [X] Lower lobe. Stage grouping (AJCC 7th ed.): IIIA"
    )
    facts = extract_report(checklist, kind="pathology", lang="en")
    assert (facts.lobe, facts.laterality, facts.stage_group) == ("lower", "right", "IIIA")
    lingula = extract_report("DIAGNOSIS: 1. LEFT LUNG, LINGULA, SEGMENTECTOMY: ADENOCARCINOMA, 2.5 CM.", kind="pathology")
    assert (lingula.lobe, lingula.topography_code) == ("upper", "C34.1")


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ("ADDENDUM:\nEGFR mutation analysis (exons 18-21, PCR):\n  Exon 21 p.L858R mutation DETECTED.", ("EGFR", "positive")),
        ("ADDENDUM: EGFR MUTATION. ANALYSIS (EXONS 18-21): NOT DETECTED.", ("EGFR", "negative")),
        ("Ki-67 proliferation index. approximately 50%. The visceral pleura is free.", ("Ki-67", "positive")),
        (
            "Molecular pathology: MET gene copy number (FISH, MET/CEN7): no amplification (MET/CEN7 ratio 1.1).",
            ("MET", "negative"),
        ),
        ("HER-2/neu gene. amplification by interphase fluorescence in situ hybridization technique using the probe.", None),
    ],
)
def test_a_biomarker_statement_broken_by_a_label_line_or_a_line_join(report: str, expected: tuple[str, str] | None) -> None:
    found = [(b.gene, b.result) for b in extract_report(report, kind="pathology", lang="en").biomarkers]
    assert found == ([expected] if expected else [])


def test_the_clinical_historys_stage_does_not_fill_an_axis_the_report_leaves_open():
    report = (
        "CLINICAL HISTORY: 72 year old female with a history of left breast carcinoma (invasive. ductal carcinoma, "
        "pT2 pN1a M0, stage IIB) treated in 1998.\nFINAL DIAGNOSIS: Lung, right upper lobe: adenocarcinoma, 1.8 cm. "
        "PATHOLOGIC STAGE: pT1b pN0 pMX (AJCC 7th ed.), stage IA."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.t, facts.n, facts.m, facts.stage_group) == ("T1b", "N0", None, "IA")


def test_a_revised_stage_in_an_amendment_supersedes_the_diagnosis():
    report = (
        "FINAL DIAGNOSIS: Lung, right lower lobe, lobectomy: adenocarcinoma, 2.8 cm. Pathologic stage (AJCC 7th): "
        "pT1b pN0 pMX; stage IA.\nAMENDMENT: The elastic stain demonstrates visceral pleural invasion (PL1). The "
        "pathologic stage is revised to pT2a pN0 pMX, stage IB."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.t, facts.n, facts.stage_group, facts.pleural_invasion) == ("T2a", "N0", "IB", True)
    hyphens = extract_report("Squamous cell carcinoma, 5.0 cm. Lymph nodes negative (0/6). TNM: T-2, N-0, M-X.", kind="pathology")
    assert (hyphens.t, hyphens.n, hyphens.m) == ("T2", "N0", None)


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        ("Lymph node metastasis: no metastasis in 18 regional lymph nodes\n(#2R: 0/3, #4R: 0/5, #7: 0/4, #10R: 0/2)", (0, 18)),
        ("Lymph node metastasis: negative (0/12)\n  #5 (0/2), #6 (0/1), #7 (0/3), #10 (0/2), #11 (0/2), #12u (0/2)", (0, 12)),
        (
            "Nine lymph nodes negative for carcinoma (0/9): level 7 (0/3), level 9R (0/1), level 10R (0/2), level 11R (0/3).",
            (0, 9),
        ),
        ("ADENOCARCINOMA, 2.1 CM. NODES: 0/7. PATHOLOGIC STAGE: pT1b N0.", (0, 7)),
        (
            "Peribronchial lymph nodes: five lymph nodes, negative for carcinoma. LYMPH NODE, 4R, EXCISION: Three lymph "
            "nodes, negative for carcinoma. LYMPH NODE, 7, EXCISION: Two lymph nodes, negative for carcinoma.",
            (0, 10),
        ),
        ("LYMPH NODES: All 12 lymph nodes are negative for tumor. Additional findings: Twelve lymph nodes, negative.", (0, 12)),
        (
            "- TWO PERIBRONCHIAL LYMPH NODES, NEGATIVE (0/2). 2. LEVEL 5 LYMPH NODE: NEGATIVE (0/1). 3. LEVEL 7 LYMPH NODE: "
            "NEGATIVE (0/1).",
            (0, 4),
        ),
    ],
)
def test_node_totals_stated_before_their_breakdown_and_groups_that_only_look_like_one(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


@pytest.mark.parametrize(
    ("report", "grade"),
    [
        (
            "HISTORY: Outside diagnosis: poorly differentiated non-small cell carcinoma.\nDIAGNOSIS (outside slides "
            "reviewed): Lung, left lower lobe: large cell carcinoma. Histologic grade: G4 (undifferentiated).",
            "G4",
        ),
        (
            "GROSS DESCRIPTION: Sections are submitted as follows: G1-G3: One lymph node candidate. G4: One lymph "
            "node candidate, bisected.\nDIAGNOSIS: Prostate: adenocarcinoma. Primary Gleason grade: 4. Secondary "
            "Gleason grade: 3.",
            None,
        ),
        (
            "GROSS DESCRIPTION: Toto G1-G27.\nDIAGNOSIS: Breast, left: invasive lobular carcinoma, moderately differentiated.",
            "G2",
        ),
        ("CLINICAL HISTORY: Biopsy showed a moderately differentiated adenocarcinoma.\nDIAGNOSIS: Adenocarcinoma.", "G2"),
    ],
)
def test_the_grade_is_the_reports_own_not_a_cassette_a_gleason_grade_or_an_outside_opinion(
    report: str, grade: str | None
) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert facts.grade == grade
    if grade == "G4":
        assert (facts.laterality, facts.lobe, facts.histology_text) == ("left", "lower", "large cell carcinoma")


@pytest.mark.parametrize(
    ("report", "lang", "grade"),
    [
        (
            "肺癌手术标本病理报告\n组织学类型：浸润性非黏液性腺癌（腺泡为主型）\n"
            "组织学分级（IASLC）：□1级 ■2级 □3级\n脏层胸膜侵犯：■PL0 □PL1 □PL2",
            "zh",
            "G2",
        ),
        ("组织学类型：浸润性腺癌\n分级：1级□ 2级□ 3级■\n脉管侵犯：无", "zh", "G3"),
        (
            "LUNG SYNOPTIC\nHistologic type: Squamous cell carcinoma\nDifferentiation: ( ) well (X) moderately "
            "( ) poorly\nVisceral pleura: not involved",
            "en",
            "G2",
        ),
    ],
)
def test_a_grade_checklist_gives_its_ticked_option(report: str, lang: str, grade: str) -> None:
    assert extract_report(report, kind="pathology", lang=lang).grade == grade


@pytest.mark.parametrize(
    ("report", "site"),
    [
        (
            "Procedure: Left upper lobectomy with en bloc resection of adherent parietal pleura.\nFINAL DIAGNOSIS:\n"
            "Left upper lobe and en bloc parietal pleura, lobectomy:\n - Pleomorphic carcinoma, 7.5 cm.",
            ("left", "upper", "C34.1"),
        ),
        (
            "FINAL DIAGNOSIS: A. Right upper lobe, completion lobectomy: residual adenocarcinoma, 1.4 cm.\nCOMMENT: "
            "The morphology differs from the prior left upper lobe squamous cell carcinoma; this is a separate primary "
            "lung adenocarcinoma.",
            ("right", "upper", "C34.1"),
        ),
        ("DIAGNOSIS: A. LUNG, LINGULA, WEDGE RESECTION: ADENOCARCINOMA, 1.1 CM.", ("left", "upper", "C34.1")),
        ("DIAGNOSIS: RML, lobectomy: squamous cell carcinoma, 3.0 cm.", ("right", "middle", "C34.2")),
    ],
)
def test_the_site_under_an_unlabelled_heading_not_a_prior_tumours_and_sides_a_lobe_implies(report: str, site: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.laterality, facts.lobe, facts.topography_code) == site


@pytest.mark.parametrize(
    ("report", "size_mm"),
    [
        ("Macroscopic description: Left lung 24 x 16 x 8 cm. In the lower lobe a grey-white tumour 7.5 x 5.0 x 4.5 cm.", 75),
        ("Macroscopy: Lower lobe 16 x 11 x 5 cm. In segment 6 a grey-white, partly scarred residual tumour 3.5 x 3.0 cm.", 35),
        ("Macroscopic examination: Lower lobe 17 x 10 x 6 cm. In segments S9-S10 there is a tumor. node 6.0 x 4.5 cm.", 60),
        ("GROSS: The colon shows an exophytic lesion which comes within 4.5 cm of the nearest margin.", None),
        ("GROSS: Estimated volume of tumor: 4.2 cm cubed (based on tumor area on slides 0.5 cm thick slices).", None),
        ("pT1b1 (IB1): Clinically visible lesion 4.0 cm or less in greatest dimension.", None),
    ],
)
def test_a_gross_size_written_after_the_tumour_it_measures(report: str, size_mm: int | None) -> None:
    assert extract_report(report, kind="pathology", lang="en").tumor_size_mm == size_mm


@pytest.mark.parametrize(
    ("report", "lang", "site"),
    [
        (
            "临床诊断：左肺上叶占位伴左锁骨上淋巴结肿大\n送检标本：超声引导下左锁骨上淋巴结穿刺活检\n病理诊断：（左锁骨上淋巴结）穿刺："
            "转移性低分化腺癌，结合免疫组化及临床，符合肺来源。",
            "zh",
            ("left", "upper"),
        ),
        ("临床诊断：右肺中央型肺癌？\n病理诊断：（右主支气管新生物）活检：角化型鳞状细胞癌，中分化。", "zh", ("right", None)),
        (
            "Clinical history: 67 y/o F with right upper lobe lung mass. DIAGNOSIS: POSITIVE FOR MALIGNANT CELLS. Metastatic "
            "adenocarcinoma, consistent with primary lung adenocarcinoma.",
            "en",
            ("right", "upper"),
        ),
        (
            "CLINICAL HISTORY: History of left upper lobe carcinoma. DIAGNOSIS: Lung, wedge: adenocarcinoma, 1.2 cm.",
            "en",
            (None, None),
        ),
        (
            "CLINICAL HISTORY: Bladder cancer, radical cystectomy, bilateral pelvic lymph node dissection. DIAGNOSIS: "
            "Invasive urothelial carcinoma.",
            "en",
            (None, None),
        ),
    ],
)
def test_a_sample_naming_the_organ_only_takes_the_lobe_and_side_of_the_clinical_diagnosis(report, lang, site) -> None:
    facts = extract_report(report, kind="pathology", lang=lang)
    assert (facts.laterality, facts.lobe) == site


@pytest.mark.parametrize(
    ("report", "stage"),
    [
        ("Pathologic staging (AJCC 8th): Tumor 1: pT1b pN0 Tumor 2: pT2a pN0 Stage (based on the higher-stage tumor): IB", "IB"),
        (
            "Primary tumor (pT): pT3 Regional lymph nodes (pN): pN0 Distant metastasis (pM): not applicable Stage group: IIB",
            "IIB",
        ),
        (
            "Pathologic stage (original): pT1b pN0; stage IA2.\nADDENDUM: Station 7: carcinoma in one lymph node (1/1).\n"
            "REVISED pathologic stage: pT1b pN2 (1/6). AJCC 8th edition stage group: IIIA.",
            "IIIA",
        ),
        (
            "Ward: Thoracic Surgery Clinical notes: Adenocarcinoma (cT2a cN1, stage IIB at diagnosis), neoadjuvant therapy. "
            "DIAGNOSIS: residual adenocarcinoma. TNM (AJCC 8th ed.): ypT1a ypN0 (0/12) ypStage: IA1",
            "IA1",
        ),
        (
            "Acct: [redacted] CLINICAL HISTORY: REMOTE COLON ADENOCARCINOMA (PT3 N0, STAGE IIA). NEW RIGHT LOWER LOBE MASS. "
            "DIAGNOSIS: ADENOCARCINOMA. PATHOLOGIC STAGE: pT2a N1 MX (AJCC 8TH EDITION), STAGE IIB.",
            "IIB",
        ),
        ("Liver. Stage (fibrosis): 2.", None),
    ],
)
def test_the_stage_group_the_report_assigns(report: str, stage: str | None) -> None:
    assert extract_report(report, kind="pathology", lang="en").stage_group == stage


@pytest.mark.parametrize(
    ("report", "lang", "size_mm"),
    [
        (
            "Size of tumor bed: 4.5 cm | Residual viable tumor size (greatest dimension): 3.2 cm | Treatment effect: "
            "[x] Greater than 50% residual tumor",
            "en",
            32,
        ),
        (
            "Diagnosis: residual invasive adenocarcinoma in a tumour bed of 2.5 cm. Residual viable tumour: 20% of the tumour "
            "bed; largest focus of residual viable tumour 8 mm.",
            "en",
            8,
        ),
        ("Conclusion: Peripheral papillary adenocarcinoma of the lingula of the left lung, G2, size 1.9 cm, pT1bpN0.", "en", 19),
        ("D. THE GREATEST DIAMETER OF THE NEOPLASM IS 8.2 cm. E. THE NEOPLASM EXTENDS INTO THE RENAL SINUS FAT.", "en", 82),
        ("Diagnosis: Lung, lobectomy: squamous cell carcinoma\n\nItem      | Result\nSize      | 3.9 x 3.0 x 2.7 cm\n", "en", 39),
        ("病理诊断：（左肺上叶）新辅助治疗后：瘤床大小2.5×2.0×1.5cm，未见残余存活肿瘤细胞。", "zh", None),
        ("病理诊断：瘤床大小2.2×1.8×1.5cm，残余存活肿瘤约5%，残余肿瘤最大径约0.8cm。", "zh", 8),
        ("病理诊断：浸润性腺癌，肿物大小2.9×2.3×2.0cm。\n补充报告：重新测量肿瘤最大径为3.2cm（3.2×2.3×2.0cm）。", "zh", 32),
    ],
)
def test_the_size_after_treatment_in_a_table_or_re_measured(report: str, lang: str, size_mm: int | None) -> None:
    assert extract_report(report, kind="pathology", lang=lang).tumor_size_mm == size_mm


@pytest.mark.parametrize(
    ("report", "margins"),
    [
        ("Margins\nBronchial Margin\n_X_ Uninvolved by invasive carcinoma\nVascular Margin\n_X_ Uninvolved", "negative"),
        ("Margins. Bronchial Margin. _X_ Uninvolved by invasive carcinoma. Vascular Margin. _X_ Uninvolved.", "negative"),
        ("Diagnosis: adenocarcinoma; bronchial stump and vascular margins: no cancer seen; lymph nodes 0/4.", "negative"),
        ("Diagnosis: adenocarcinoma. Bronchial margin: no tumor. One of three hilar lymph nodes positive.", "negative"),
        (
            "- PROXIMAL BRONCHIAL MARGIN: SQUAMOUS CELL CARCINOMA IN SITU PRESENT AT THE MARGIN; INVASIVE CARCINOMA 0.4 CM "
            "FROM THE MARGIN. - VASCULAR MARGINS: NEGATIVE.",
            "negative",
        ),
        (
            "E. MARGINS: BRONCHIAL MARGIN FREE (1.8 CM). PULMONARY ARTERY (VASCULAR) MARGIN POSITIVE - INVASIVE CARCINOMA "
            "PRESENT IN THE VESSEL WALL AT THE INKED VASCULAR MARGIN.",
            "positive",
        ),
        ("Diagnosis. 1. Right marginal mandibulectomy: - In-situ and invasive squamous cell carcinoma.", None),
    ],
)
def test_margin_verdicts_below_their_label_in_words_and_for_carcinoma_in_situ(report: str, margins: str | None) -> None:
    assert extract_report(report, kind="pathology", lang="en").margins == margins


@pytest.mark.parametrize(
    ("report", "pleura", "lvi"),
    [
        ("Visceral Pleura Invasion:\n[X] Not identified\nLymphovascular Invasion:\n[X] Not identified\n", False, False),
        (
            "Visceral Pleura Invasion\n_X_ Not identified\n___ Present\nPrimary Tumor (pT)\n___ pT2a: Tumor more than 3 cm; "
            "invades visceral pleura (PL1 or PL2)\n_X_ pT1c: Tumor more than 2 cm but 3 cm or less",
            False,
            None,
        ),
        (
            "AMENDMENT: The original report stated PL1, pT2a. Visceral pleura invasion: Not identified (PL0) [REVISED; "
            "previously reported as present, PL1]. Lymphovascular invasion: Not identified.",
            False,
            False,
        ),
        (
            "The tumour invades the visceral pleura (PL1). Lymphatic invasion: not detected. Venous invasion: detected (V1).",
            True,
            True,
        ),
        ("Tumor invades beyond the elastic layer; no definite vascular tumor thrombus or perineural invasion seen.", None, False),
        ("No lymphovascu-. lar invasion seen. Staple line free of tumour.", None, False),
        (
            "Tumor 1 (apical segment): adenocarcinoma, 1.4 cm. Lymphovascular invasion not identified. pT1b. Tumor 2 (posterior "
            "segment): squamous cell carcinoma, 3.6 cm. Lymphovascular invasion present. pT2a.",
            None,
            True,
        ),
    ],
)
def test_invasion_answers_below_labels_legends_amendments_and_several_tumours(report: str, pleura, lvi) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (pleura, lvi)


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        (
            "DIAGNOSIS: adenocarcinoma. One of three hilar lymph nodes has metastatic adenocarcinoma; mediastinal lymph nodes "
            "negative (0/4).",
            (1, 7),
        ),
        (
            "DIAGNOSIS: Metastatic squamous cell carcinoma is present in one of three hilar lymph nodes; none of four level 5 "
            "lymph nodes is involved; two subcarinal (level 7) lymph nodes are negative.",
            (1, 9),
        ),
        (
            "MICROSCOPIC: Lymph nodes:\ngroup 5 - metastases in 2 of 4 lymph nodes,\ngroup 7 - metastasis in 1 of 5 lymph "
            "nodes,\ngroup 10 - 6 lymph nodes without metastases,\ngroup 11 - 6 lymph nodes without metastases.",
            (3, 21),
        ),
        (
            "DIAGNOSIS: carcinoma in four of eleven lymph nodes.\nMICROSCOPIC DESCRIPTION: Metastatic carcinoma is present in "
            "four of eleven lymph nodes.",
            (4, 11),
        ),
        ("DIAGNOSIS: A. LEFT PELVIC: TWO LYMPH NODES, NEGATIVE. B. RIGHT PELVIC: TWO LYMPH NODES, NEGATIVE.", (0, 4)),
    ],
)
def test_node_counts_written_in_words_part_by_part(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


@pytest.mark.parametrize(
    ("report", "site"),
    [
        (
            "Specimen. ___ Lung, left. _X_ Lung, right. Tumor Site. ___ Upper lobe. ___ Middle lobe. _X_ Lower lobe. Tumor Size. "
            "Greatest dimension: 5.5 cm.",
            ("right", "lower"),
        ),
        (
            "Specimen laterality:  [ ] Right  [X] Left\nTumor site:  [ ] Upper lobe  [ ] Middle lobe  [X] Lower lobe\n",
            ("left", "lower"),
        ),
        (
            "CLINICAL HISTORY: LEFT HILAR MASS WITH COLLAPSE OF LEFT LOWER LOBE.\nDIAGNOSIS:\nLEFT LUNG, PNEUMONECTOMY:\n"
            "1. POORLY DIFFERENTIATED SQUAMOUS CELL CARCINOMA, CENTRAL (HILAR), 6.5 CM.",
            ("left", None),
        ),
        (
            "Clinical diagnosis: Lung cancer, RUL\nDIAGNOSIS: Lung, lobectomy: invasive mucinous adenocarcinoma.",
            ("right", "upper"),
        ),
    ],
)
def test_sides_and_lobes_from_ticked_options_and_the_clinical_diagnosis_only(report: str, site: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.laterality, facts.lobe) == site


@pytest.mark.parametrize(
    ("report", "lang", "field", "value"),
    [
        ("病理诊断：肿瘤侵犯脏层胸膜（PL2）。脉管瘤栓（+），神经侵犯（-）。", "zh", "lymphovascular_invasion", True),
        ("病理诊断：未侵犯脏层胸膜（PL0）；可见脉管内瘤栓；支气管切缘未见癌。", "zh", "lymphovascular_invasion", True),
        ("病理诊断：肿瘤紧邻脏层胸膜，弹力纤维染色未能明确显示弹力层，可疑脏层胸膜侵犯。", "zh", "pleural_invasion", None),
        ("病理诊断：浸润性腺癌。未见脏层胸膜侵犯。楔形切缘可见癌累及。", "zh", "margins", "positive"),
        (
            "DIAGNOSIS: seminoma; epididymis free of tumor; surgical margin of spermatic. cord free of tumor.",
            "en",
            "margins",
            "negative",
        ),
        (
            "DIAGNOSIS: TONGUE MARGIN: Squamous mucosa, no tumor present. NEW PTERYGOID MARGIN: POORLY DIFFERENTIATED SQUAMOUS "
            "CARCINOMA.",
            "en",
            "margins",
            "positive",
        ),
    ],
)
def test_chinese_vessel_and_pleura_wording_and_margins_read_within_their_sentence(report, lang, field, value) -> None:
    assert getattr(extract_report(report, kind="pathology", lang=lang), field) == value


@pytest.mark.parametrize(
    ("report", "lang", "expected"),
    [
        (
            "ADDENDUM: NGS (50-GENE PANEL): NO PATHOGENIC VARIANTS DETECTED IN EGFR, KRAS, BRAF OR MET; NO ALK, ROS1 OR RET "
            "FUSIONS DETECTED. PD-L1 (SP263): TPS 90%.",
            "en",
            {("EGFR", "negative"), ("KRAS", "negative"), ("BRAF", "negative"), ("MET", "negative"), ("ALK", "negative")}
            | {("ROS1", "negative"), ("RET", "negative"), ("PD-L1", "positive")},
        ),
        (
            "分子病理（NGS 68基因panel）：EGFR、KRAS、ALK、ROS1、BRAF、MET、RET、HER2均未检测到突变或融合。",
            "zh",
            {("EGFR", "negative"), ("KRAS", "negative"), ("ALK", "negative"), ("ROS1", "negative"), ("BRAF", "negative")}
            | {("MET", "negative"), ("RET", "negative"), ("HER2", "negative")},
        ),
        ("补充报告：EGFR基因突变检测（ARMS-PCR）：检测到19外显子缺失突变；ALK融合基因未检测。", "zh", {("EGFR", "positive")}),
        (
            "Acct: [redacted] CLINICAL HISTORY: 69 Y/O FEMALE WITH HISTORY OF LEFT BREAST CARCINOMA (PT1C N0 M0, "
            "HER2-NEGATIVE). DIAGNOSIS: ADENOCARCINOMA. EGFR: negative.",
            "en",
            {("EGFR", "negative")},
        ),
        ("HER2/NEU (FISH): Not amplified.", "en", {("HER2", "negative")}),
        # The next gene's verdict after a comma is its own, also with no space before the Chinese word.
        ("分子检测：EGFR 19外显子缺失突变，KRAS野生型。", "zh", {("EGFR", "positive"), ("KRAS", "negative")}),
        ("分子检测：EGFR 21外显子L858R突变，ALK融合阴性。", "zh", {("EGFR", "positive"), ("ALK", "negative")}),
    ],
)
def test_biomarker_lists_sharing_a_verdict_tests_not_done_and_a_prior_cancers_markers(report, lang, expected) -> None:
    assert {(b.gene, b.result) for b in extract_report(report, kind="pathology", lang=lang).biomarkers} == expected


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        ("Lymph nodes: peribronchial 0/3, group 7 - 0/2, group 9R - 0/1, group 4R - 0/1", (0, 7)),
        ("Lymph nodes: station 2R 0/2, 4R 0/3, 7 0/3, 9R 0/1, 10R 0/1, 11R 0/1, 12R/13 0/2 (total 0/13)", (0, 13)),
        ("Lymph node metastasis | 0/18. Lymph node station | Metastasis / Examined. #4L | 0/3. #5 | 0/2.", (0, 18)),
        (
            "DIAGNOSIS: METASTATIC CARCINOMA IN TWO OF FIVE PERIBRONCHIAL LYMPH NODES (2/5). B. LEVEL 7: 0/4.\n"
            "SUMMARY: LEVEL 7  0/4\nPERIBRONCHIAL      2/5\n",
            (2, 9),
        ),
    ],
)
def test_node_stations_with_dashes_pipes_named_groups_and_a_bracketed_total(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


@pytest.mark.parametrize(
    ("report", "field", "value"),
    [
        (
            "Macroscopic description: Lower lobe 14x10x5 cm. In segments S9-S10 there is a tumor node 3,0x2,5x2,5 cm.",
            "tumor_size_mm",
            30,
        ),
        ("Macroscopically: upper lobe 17x12x6 cm with tumor 5.5x4.0x4.0 cm, central.", "tumor_size_mm", 55),
        (
            "Microscopy: adenocarcinoma, predominantly acinar\ngrowth pattern with minor papillary component, maximal diameter 2.6 cm.",
            "tumor_size_mm",
            26,
        ),
        ("Tumor size: Greatest diameter is 4,6 cm.", "tumor_size_mm", 46),
        ("DIAGNOSIS: Adenocarcinoma, mixed acinar and papillary types, G2, 5.0 cm.", "grade", "G2"),
        ("pTlb pNO. Stage lA. GROSS: Right middle lobe", "stage_group", "IA"),
        (
            "Histopathological diagnosis: Carcinoma planoepitheliale. Pleura visceralis not infiltrated.",
            "pleural_invasion",
            False,
        ),
        ("The tumor is located 0.3 cm from the visceral pleura; no pleural invasion identified.", "pleural_invasion", False),
        (
            "Visceral pleura without tumor growth. Bronchial resection line free of neoplastic infiltration.",
            "margins",
            "negative",
        ),
        (
            "DIAGNOSIS: Carcinoma in situ is present at the proximal bronchial margin; no invasive carcinoma at the margins.",
            "margins",
            "negative",
        ),
        (
            "Clinical diagnosis: Tumor pulmonis dextri (lobus inferior). Histopathological diagnosis: carcinoma pulmonis. G2.",
            "lobe",
            "lower",
        ),
        ("Lymphonodi gr. 7 (0/2), gr. 11 (0/2) - sine metastases.", "nodes_examined", 4),
        (
            "Lymph nodes: metastases of adenocarcinoma in 2 of 7 bronchopulmonary lymph nodes; 3 lymph nodes of the bifurcation "
            "group (0/3) without metastases. CONCLUSION: Adenocarcinoma with metastases in bronchopulmonary lymph nodes (2/10).",
            "nodes_examined",
            10,
        ),
        (
            "DIAGNOSIS: 2) LYMPH NODE, LEVEL 5: ONE LYMPH NODE, NEGATIVE FOR TUMOR (0/1). 3) LYMPH NODE, LEVEL 6: ONE LYMPH "
            "NODE, NEGATIVE FOR TUMOR (0/1). 4) LYMPH NODES, LEVEL 10L: TWO LYMPH NODES, NEGATIVE FOR TUMOR (0/2).",
            "nodes_examined",
            4,
        ),
    ],
)
def test_the_fifth_sets_forms_decimal_commas_latin_ocr_and_restated_totals(report: str, field: str, value) -> None:
    assert getattr(extract_report(report, kind="pathology", lang="en"), field) == value


def test_an_ocr_grade_and_a_wrapped_history_stage() -> None:
    report = (
        "Clinical: left lingular nodule. History of left breast cancer\n(invasive ductal carcinoma, T1cN0M0, stage IA) "
        "treated with lumpectomy.\nDIAGNOSIS: A. LUNG, LINGULA, WEDGE: INVASIVE ADENOCARCINOMA, ACINAR TYPE, MODERATELY "
        "DlFFERENTIATED, 1.2 cm. pT1b pNX."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.grade, facts.t, facts.m) == ("G2", "T1b", None)


def test_two_primaries_take_the_largest_tumours_grade_and_lobe() -> None:
    report = (
        "FINAL DIAGNOSIS:. A. LUNG, RIGHT UPPER LOBE, WEDGE RESECTION:. - ADENOCARCINOMA, LEPIDIC PREDOMINANT, WELL "
        "DIFFERENTIATED, 2.5 CM. - VISCERAL PLEURA NOT INVOLVED. B. LUNG, RIGHT LOWER LOBE, LOBECTOMY:. - SQUAMOUS CELL "
        "CARCINOMA, MODERATELY DIFFERENTIATED, 4.1 CM. - BRONCHIAL MARGIN FREE OF TUMOR. COMMENT:. Tumor 1 (right lower "
        "lobe): pT2a pN0. Tumor 2 (right upper lobe): pT1b pN0."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.tumor_size_mm, facts.grade, facts.lobe, facts.laterality, facts.t) == (41, "G2", "lower", "right", "T2a")


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        (
            "LYMPH NODE SUMMARY\nStation   Examined   Positive\n5         2          0\n7         4          1\n10L       2          0\n"
            "Total     8          1\nStage: pT1bN2 (IIIA).",
            (1, 8),
        ),
        ("METASTATIC CARCINOMA IN THE SUBCAPSULAR SINUS OF ONE OF FOUR (1/4) LYMPH NODES.", (1, 4)),
        ("Metastatic carcinoma in 2 of 5 peribronchial (stations 11R/12R) lymph nodes.", (2, 5)),
    ],
)
def test_a_station_tables_total_row_and_a_bracketed_note_in_a_worded_count(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


@pytest.mark.parametrize(
    ("report", "field", "value"),
    [
        ("| pTNM (AJCC 8th) | pT3 pN2 pMX |\n| Stage group | IIIB |\n", "stage_group", "IIIB"),
        ("pN ............ pN0\nStage group .......................... IIA\n", "stage_group", "IIA"),
        ("| Lymph nodes | 4 of 18 positive (4R, 7) |", "nodes_examined", 18),
        (
            "Lymph node, level 5: One lymph node (0/1). ADDENDUM: REVISED DIAGNOSIS, PART E: Level 11L lymph nodes - metastatic "
            "carcinoma in one of three lymph nodes (1/3). REVISED TOTAL: 1 of 9 regional lymph nodes positive.",
            "nodes_examined",
            9,
        ),
        (
            "(pathologic complete response) Size of residual tumor: Not applicable; tumor bed 2.8 x 2.2 x 1.9 cm",
            "tumor_size_mm",
            None,
        ),
    ],
)
def test_the_sixth_sets_tables_dot_leaders_revised_totals_and_a_bed_without_tumour(report: str, field: str, value) -> None:
    assert getattr(extract_report(report, kind="pathology", lang="en"), field) == value


def test_no_pathogenic_variant_detected_is_negative() -> None:
    markers = extract_report("EGFR: no pathogenic variant detected (negative).", kind="pathology", lang="en").biomarkers
    assert [(b.gene, b.result) for b in markers] == [("EGFR", "negative")]


def test_a_part_headings_node_count_on_the_indented_line_below() -> None:
    report = (
        "FINAL DIAGNOSIS:\nPART A: 2R LYMPH NODES -\n  Benign lymph nodes, negative for carcinoma (0/2).\n"
        "PART D: 10R LYMPH NODES -\n  POSITIVE for metastatic adenocarcinoma (1/2); extranodal extension not seen.\n"
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 4)


@pytest.mark.parametrize(
    ("report", "pleura", "lvi"),
    [
        (
            "b. No definite visceral pleural invasion identified on H&E. AMENDMENT: The elastic stain demonstrates tumor cells "
            "penetrating beyond the visceral pleural elastic lamina (PL1). Therefore item 1b is revised to: Visceral pleural "
            "invasion. PRESENT.",
            True,
            None,
        ),
        ("The tumor invades through the visceral and parietal pleura into the intercostal muscle.", True, None),
        ("The visceral. pleura is not infiltrated. Invasion of lymphatic and blood vessels not. found.", False, False),
        ("The tumor does not reach the visceral pleura. Invasion of vessels is not detected.", False, False),
        ("The visceral pleura is not infiltrated (PL0). No angioinvasion found.", False, False),
        # The abbreviation, a double negative and a hedge that is no verdict.
        ("Visceral pleural invasion: absent (PL0). LVI: present, focal.", False, True),
        ("Lymphovascular invasion is not absent; a few tumour emboli are seen.", None, True),
        ("Focus suspicious for, but not diagnostic of, lymphovascular invasion.", None, None),
        ("LVI: Not identified. Pelvis and ureter uninvolved.", None, False),
    ],
)
def test_invasion_revised_in_an_amendment_and_in_translated_prose(report: str, pleura, lvi) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (pleura, lvi)


@pytest.mark.parametrize(
    ("report", "site"),
    [
        (
            "Sex/Age: F/57 Clinical diagnosis: Lung cancer, RUL Operation: VATS right upper lobectomy Diagnosis: Lung, right "
            "upper lobe, lobectomy: INVASIVE ADENOCARCINOMA 1. Histologic grade: G2",
            ("right", "upper"),
        ),
        (
            "Macroscopic: A) Right lung 25 x 16 x 9 cm. Microscopic: squamous cell carcinoma, keratinizing, poorly differentiated "
            "(G3), of the right upper lobe, greatest diameter 8.2 cm.",
            ("right", "upper"),
        ),
    ],
)
def test_the_lobe_from_a_specimen_heading_or_after_the_histologys_describing_words(report: str, site: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.laterality, facts.lobe) == site


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (
            "CLINICAL HISTORY: History of left breast cancer, HER2 positive, pT2 N1, treated with mastectomy. A biopsy of the "
            "right lung mass showed adenocarcinoma; the prior biopsy showed EGFR exon 19 deletion.\nDIAGNOSIS: Lung, right "
            "upper lobe, lobectomy: adenocarcinoma, 2.1 cm.",
            {("EGFR", "positive")},
        ),
        (
            "CLINICAL HISTORY: Neoadjuvant chemo-immunotherapy. Pre-treatment biopsy: adenocarcinoma, PD-L1 TPS 80%, EGFR "
            "mutation not detected, ALK negative.\nDIAGNOSIS: Lung, left upper lobe, lobectomy: residual adenocarcinoma, 1.1 cm.",
            {("PD-L1", "positive"), ("EGFR", "negative"), ("ALK", "negative")},
        ),
        (
            "DIAGNOSIS: Lung, right lower lobe: adenocarcinoma. Molecular (NGS): RET fusion (KIF5B-RET) detected. EGFR, KRAS, "
            "ALK and ROS1: no alterations detected.",
            {("RET", "positive"), ("EGFR", "negative"), ("KRAS", "negative"), ("ALK", "negative"), ("ROS1", "negative")},
        ),
    ],
)
def test_a_prior_biopsy_of_this_tumour_counts_another_cancers_markers_do_not(report: str, expected: set) -> None:
    assert {(b.gene, b.result) for b in extract_report(report, kind="pathology", lang="en").biomarkers} == expected


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        (
            "Lymph nodes: intrapulmonary 0/3; station 11L: one of two nodes contains metastatic squamous cell carcinoma; station "
            "5: 0/2; station 7: 0/4. Metastatic carcinoma in 1 of 11 lymph nodes (station 11L).",
            (1, 11),
        ),
        ("Lymph nodes: segmental 0/2, station 7 0/2, station 10R 0/1, station 11R 0/3. Lymph nodes negative (0/8).", (0, 8)),
        (
            "Lymph nodes: all thirteen lymph nodes examined are negative for malignancy (2R 0/3, 4R 0/3, 7 0/3, 10R 0/2, 11R 0/2)",
            (0, 13),
        ),
        (
            "Lymph nodes: hilar lymph nodes 2/5 show metastatic carcinoma; station 4R 1/4 shows metastatic carcinoma; station 7 "
            "0/3, free of tumour. Metastatic carcinoma in 3 of 12 lymph nodes.",
            (3, 12),
        ),
        (
            "B. NODES: TWO LYMPH NODES NEGATIVE FOR TUMOR (0/2). C. LYMPH NODE, LEVEL 5: ONE LYMPH NODE NEGATIVE FOR TUMOR "
            "(0/1). D. NODES: THREE LYMPH NODES NEGATIVE FOR TUMOR (0/3).",
            (0, 6),
        ),
    ],
)
def test_a_closing_summary_count_is_the_total_not_one_more_group(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


@pytest.mark.parametrize(
    ("report", "field", "value"),
    [
        (
            "- Visceral pleura: the tumour extends to a subpleural area where the elastic layer is disrupted by scarring; the "
            "relationship is indeterminate and we cannot exclude visceral pleural invasion.",
            "pleural_invasion",
            None,
        ),
        (
            "At the area of adhesion the visceral pleura is distorted by dense fibrosis and chronic inflammation.",
            "pleural_invasion",
            None,
        ),
        (
            "LYMPHOVASCULAR INVASION: Focal suspicious for LVI. MICROCALCIFICATIONS: Not identified.",
            "lymphovascular_invasion",
            None,
        ),
        (
            "Lymph-Vascular Invasion\n___ Not identified\n_X_ Present\n___ Indeterminate\nPathologic Staging",
            "lymphovascular_invasion",
            True,
        ),
        (
            "- Margins are negative except the vascular margin, which shows invasive carcinoma within the wall of the pulmonary "
            "artery stump. The bronchial margin is negative for malignancy.",
            "margins",
            "positive",
        ),
        (
            "ADDENDUM: Deeper levels of the bronchial margin block were examined. The bronchial margin, initially reported as "
            "clear, is therefore INVOLVED by invasive carcinoma.\nORIGINAL REPORT\nDIAGNOSIS: Bronchial margin: clear.",
            "margins",
            "positive",
        ),
    ],
)
def test_hedged_invasion_is_no_fact_and_margins_an_amendment_reverses(report: str, field: str, value) -> None:
    assert getattr(extract_report(report, kind="pathology", lang="en"), field) == value


def test_a_specimen_heading_outweighs_a_merely_first_named_site() -> None:
    report = (
        "Gross: Received lobectomy specimen. Pleura over the tumour smooth.\nImpression: Left lower lobe, lobectomy: "
        "Squamous cell carcinoma, keratinising, moderately differentiated, 3.4 cm."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.laterality, facts.lobe, facts.topography_code) == ("left", "lower", "C34.3")


@pytest.mark.parametrize(
    ("report", "field", "value"),
    [
        # A category set aside, a revised staging line and CAP's stage-group label.
        (
            "COMMENT: Because pleural invasion is not definitive, the tumor is assigned pT1b rather than pT2a. "
            "PATHOLOGIC STAGE: pT1b pN0 pMX.",
            "t",
            "T1b",
        ),
        (
            "Cancer summary: pT2a pN0 pMX. Stage IB.\nADDENDUM: micrometastasis in one station 10R node.\n"
            "REVISED STAGING: lymph nodes 1/11; pT2a pN1 pMX; stage IIA (AJCC 7th).",
            "n",
            "N1",
        ),
        ("Pathologic staging (pTNM)\n  Primary tumor (pT): pT2a\nAnatomic stage/prognostic group: IB", "stage_group", "IB"),
        # OCR's "rnm" is mm; a checklist's dot leaders read as its colon.
        ("GROSS: A FIRM GRAY TUMOR 85 X 70 X 62 rnm THAT PUCKERS THE PLEURA.", "tumor_size_mm", 85.0),
        (
            "Tumor size ......................... 6.2 x 5.1 x 4.4 cm\nBronchial margin ........ Negative (2.6 cm)",
            "tumor_size_mm",
            62.0,
        ),
        (
            "Tumor size ......................... 6.2 x 5.1 x 4.4 cm\nBronchial margin ........ Negative (2.6 cm)",
            "margins",
            "negative",
        ),
        # The clinical history's own sentence gives the imaging's size, not the tumour's.
        (
            "Clinical history: 72-year-old man with a 4.8 cm right upper lobe mass. Final diagnosis: lymph node 4R, metastatic "
            "non-small cell carcinoma (1/2).",
            "tumor_size_mm",
            None,
        ),
        # A station recounted after an amendment replaces its count; an amended total wins.
        (
            "B. Lymph nodes, station 7: negative (0/3). C. Lymph nodes, station 10R: negative (0/2).\nADDENDUM: Part C is "
            "revised to: Lymph nodes, station 10R: micrometastatic carcinoma in one of two lymph nodes (1/2).",
            "nodes_positive",
            1,
        ),
        (
            "SYNOPTIC\nLymph nodes examined: 7\nLymph nodes involved: 0\nAMENDMENT: a second node is found in part D. The "
            "total lymph node count is amended to 0 of 8.",
            "nodes_examined",
            8,
        ),
        # A closing summary restates the parts' counts; OCR's "0F" is "of"; bare "pleura" after a verb; bracketed margins.
        (
            "A. Lobe: metastatic carcinoma in one of six peribronchial lymph nodes (1/6).\nB. Lymph node, 2R: one lymph "
            "node, negative (0/1).\nC. Lymph nodes, 4R: three lymph nodes, negative (0/3).\nStaging summary: pT3 pN1 pMX; "
            "1 of 10 lymph nodes positive.",
            "nodes_examined",
            10,
        ),
        ("SUMMARY: pT4 pN2 pMX. TOTAL LYMPH NODES POSITIVE: 7 0F 20. GROSS DESCRIPTION: A. LEFT LUNG.", "nodes_examined", 20),
        ("DIAGNOSIS: SQUAMOUS CELL CARCINOMA. TUMOR MEASURES 4.6 CM AND DOES NOT INVOLVE THE PLEURA.", "pleural_invasion", False),
        ("- All margins (bronchial, vascular, chest wall soft tissue and rib) negative; closest 0.6 cm.", "margins", "negative"),
        # Japanese-style reports: "Histological diagnosis:" and "Macroscopic findings:" are headings, "N category: N1".
        (
            "Clinical diagnosis: Lung cancer, right S2\nHistological diagnosis:\nPleomorphic carcinoma, right upper lobe\n"
            "pT3N0M0, pStage IIB (UICC 8th edition)\nADDENDUM: The T category is unchanged (pT3).",
            "n",
            "N0",
        ),
        ("Clinical diagnosis: lung cancer\nMacroscopic findings:\nSize: 38 x 30 mm\nT category: T2\nN category: N1", "n", "N1"),
        # A station table split by pipes; "3 lymph nodes, no metastasis" is a counted group.
        (
            "Lymph node table:\nStation | Examined | Positive\n5       | 2        | 1\n7       | 3        | 0\n"
            "Total   | 5        | 1\n",
            "nodes_examined",
            5,
        ),
        (
            "Final diagnosis:\nB. Lymph nodes, station 11R: 3 lymph nodes, no metastasis.\nPathologic stage: pT1mi pN0",
            "nodes_examined",
            3,
        ),
        # "(y)pT1c": a post-treatment prefix in brackets; a definitions list with spaces instead of colons measures nothing.
        ("PATHOLOGIC STAGE CLASSIFICATION (AJCC 8TH): (y)pT1c pN1.", "tnm_prefix", "yp"),
        (
            "- Tumor size: 2.8 x 2.4 x 2.0 cm.\nPATHOLOGIC STAGING\nDefinitions (for reference):\n  pT1c  Tumor more than 2 cm but"
            " not more than 3 cm\n  pT2a  Tumor more than 3 cm but not more than 4 cm\npT1c pN1",
            "tumor_size_mm",
            28.0,
        ),
        # What a core biopsy cannot assess is no verdict.
        (
            "COMMENT: Tumor size, pleural status, lymphovascular invasion and nodal status cannot be assessed on a core biopsy.",
            "lymphovascular_invasion",
            None,
        ),
        # Translated European sizes; the work-up's clinical M fills the M pathology leaves open, not the prefix.
        (
            "Macroscopic description: Lobe 11 x 7 x 3 cm with a grey tumour of diameter up to 2,1 cm, centrally.",
            "tumor_size_mm",
            21.0,
        ),
        ("Macroscopy: In the posterior segment a well-limited greyish nodule of 1,85 x 1,6 x 1,4 cm.", "tumor_size_mm", 18.5),
        (
            "Clinical history: tumour of the left upper lobe, cT2a cN1 cM0.\nDiagnosis: adenocarcinoma, pT2a pN1 (2/14) L1 V0.",
            "m",
            "M0",
        ),
        (
            "Clinical history: tumour of the left upper lobe, cT2a cN1 cM0.\nDiagnosis: adenocarcinoma, pT2a pN1 (2/14) L1 V0.",
            "tnm_prefix",
            "p",
        ),
        # An addendum's amended TNM on the line after its wording, with its node count.
        (
            "pT2a pN0 (0/11) L0 V0 G3 R0 (UICC, 7th edition).\n\nADDENDUM: one micrometastasis in a station 10R node.\n"
            "The TNM classification is therefore amended to:\npT2a pN1 (1/12) L0 V0 G3 R0.",
            "nodes_examined",
            12,
        ),
        # Translated German-school terms for lymphatic invasion.
        ("Focal lymphangioinvasive growth is present (L1); no venous invasion (V0).", "lymphovascular_invasion", True),
        ("Lymphangiosis carcinomatosa present; no venous invasion. Margins free.", "lymphovascular_invasion", True),
        # How a margin was sampled is no verdict on it.
        (
            "GROSS: The bronchial margin is identified and submitted.\nDIAGNOSIS: Bronchial margin free of tumor.",
            "margins",
            "negative",
        ),
    ],
)
def test_staging_revisions_ocr_units_dot_leaders_and_amended_counts(report: str, field: str, value) -> None:
    assert getattr(extract_report(report, kind="pathology", lang="en"), field) == value


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        # Recommended or requested tests are no results; the addendum's result is.
        (
            "COMMENT: EGFR mutation analysis has been requested and will be reported as an addendum.\nADDENDUM: EGFR MUTATION "
            "ANALYSIS (PCR, exons 18-21; estimated tumor content 60%)\nRESULT: POSITIVE - an exon 19 deletion was detected.",
            {("EGFR", "positive")},
        ),
        ("COMMENT: EGFR mutation and ALK rearrangement testing are recommended for this adenocarcinoma.", set()),
        # A verdict right after the label wins over the alteration's words; a TPS a sentence later belongs to PD-L1.
        (
            "KRAS codons 12/13: EQUIVOCAL - a low-level p.G12V signal near the limit of detection (about 5% mutant alleles).",
            {("KRAS", "equivocal")},
        ),
        (
            "PD-L1 immunohistochemistry (22C3) was performed on block A7. Tumor proportion score: <1%.",
            {("PD-L1", "negative")},
        ),
        # A bracketed alias keeps a negated gene list together; "no pathogenic variant" is a negative result.
        (
            "Targeted NGS: KIF5B::RET fusion detected. No pathogenic variants in EGFR, KRAS, ERBB2 (HER2) or MET exon 14.",
            {("RET", "positive"), ("EGFR", "negative"), ("KRAS", "negative"), ("HER2", "negative"), ("MET", "negative")},
        ),
        ("- KRAS: no pathogenic variant\n- BRAF: no pathogenic variant", {("KRAS", "negative"), ("BRAF", "negative")}),
        # A variant's "+1" is no IHC score of 2+.
        ("- MET exon 14 skipping alteration (c.3082+1G>T): DETECTED by next-generation sequencing.", {("MET", "positive")}),
    ],
)
def test_biomarker_requests_leading_verdicts_and_a_later_score(report: str, expected: set) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert {(b.gene, b.result) for b in facts.biomarkers} == expected


@pytest.mark.parametrize(
    ("report", "field", "value"),
    [
        # A checklist's ticked lobe, and an in-situ note between T and N.
        (
            "肺癌病理报告规范\n肿瘤部位：□右肺上叶  □左肺上叶  ■左肺下叶\n组织学类型：■鳞状细胞癌\n病理分期：pT2bN1M0",
            "lobe",
            "lower",
        ),
        ("病理诊断：（右肺上叶楔形）原位腺癌。\n病理分期：pTis（AIS）N0，0期。", "n", "N0"),
        # A range of grades is the worse; a mark before only the chosen option answers its line.
        ("病理诊断：（左肺下叶）浸润性腺癌，乳头为主型，高-中分化。", "grade", "G2"),
        ("分化程度：  高分化   √中分化   低分化\n脏层胸膜侵犯：  PL0   √PL1   PL2", "grade", "G2"),
        ("分化程度：  高分化   √中分化   低分化\n脏层胸膜侵犯：  PL0   √PL1   PL2", "pleural_invasion", True),
        ("病理诊断：腺癌。\n脉管侵犯：  有   √无\n", "lymphovascular_invasion", False),
        # Hedged pleura is no verdict; an elastic layer not breached is one; a stump, a margin past a distance.
        ("病理诊断：腺癌。\n脏层胸膜：可疑侵犯（弹力纤维染色进行中，结果另见补充报告）。", "pleural_invasion", None),
        ("病理诊断：腺癌，肿瘤紧邻脏层胸膜，弹力纤维染色未突破弹力层。", "pleural_invasion", False),
        ("病理诊断：鳞状细胞癌，癌组织未侵犯脏层胸膜，支气管断端未见癌。", "margins", "negative"),
        ("病理诊断：原位腺癌，直径约0.7cm；\n切缘距肿瘤1.5cm，未见肿瘤；", "margins", "negative"),
        (
            "病理诊断：（右肺上叶）腺癌，中分化，肿物大小2.5×2×1.8cm，胸膜未见癌累及，支气管切缘未见癌。",
            "pleural_invasion",
            False,
        ),
    ],
)
def test_chinese_checklist_ticks_and_in_situ_notes(report: str, field: str, value) -> None:
    assert getattr(extract_report(report, kind="pathology", lang="zh"), field) == value


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        (
            "DIAGNOSIS: A. Lung, left lower lobe: squamous cell carcinoma; carcinoma in one of four lymph nodes (1/4).\n"
            "LYMPH NODE SUMMARY\nStation     Part   Positive / Examined\n11L/12L     A      1 / 4\n5           B      0 / 2\n"
            "7           C      0 / 3\n10L         E      0 / 3\nTOTAL              1 / 12\n",
            (1, 12),
        ),
        (
            "LYMPH NODES\nStation                Positive/Total\n5                      0/2\n7                      0/4\n"
            "Intrapulmonary (12L)   0/1\nOverall                0/7\n",
            (0, 7),
        ),
        (
            "ADDENDUM: One additional peribronchial lymph node was found, negative. Revised lymph node total: 0 of 9.\n"
            "DIAGNOSIS: A. Two peribronchial lymph nodes negative (0/2). B. 2R: two lymph nodes negative (0/2). Lymph nodes "
            "total 0/8.",
            (0, 9),
        ),
        (
            "A. Lymph node, station 4R: two lymph nodes, negative for malignancy (0/2).\nB. Lymph node, station 4L: multiple "
            "fragments of lymph node tissue, negative for malignancy.\nC. Lymph node, station 7: one lymph node, negative (0/1).",
            (0, None),
        ),
        (
            "SPECIMENS: A. Left upper lobe. B. Station 5/6 lymph nodes.\nDIAGNOSIS: A. Two peribronchial lymph nodes, negative "
            "(0/2).\nB. Station 5/6: two lymph nodes, negative (0/2).\nC. Station 7: one lymph node, negative (0/1).",
            (0, 5),
        ),
        (
            "A. Left upper lobe, sleeve lobectomy: squamous cell carcinoma. Metastatic carcinoma in two of five station 11L "
            "lymph nodes.\nC. Station 5: two lymph nodes, no tumour (0/2).\nD. Station 7: three lymph nodes, no tumour (0/3).",
            (2, 10),
        ),
    ],
)
def test_node_tables_revised_totals_fragments_and_station_names_are_counted_as_the_report_means(
    report: str, counts: tuple
) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        ("病理诊断：（右肺下叶）鳞状细胞癌。\n淋巴结：肺门0/2，隆突下1/4，下肺韧带0/1。", (1, 7)),
        (
            "病理诊断：（左肺上叶）微浸润性腺癌。\n（第10组、第11组、第5组）淋巴结未见转移癌（0/1、0/3、0/2）。\n（第7组）脂肪组织，未见淋巴结。",
            (0, 6),
        ),
        (
            "病理诊断（原报告）：\n1.（右肺中叶）浸润性腺癌。\n2.淋巴结未见癌转移：第2组0/2，第7组0/3，第10组0/2（共0/7）。\n"
            "补充报告（2022年3月[已脱敏]日）：\n第10组淋巴结深切见微转移。更正：淋巴结转移1/7（第10组1/2）。",
            (1, 7),
        ),
        (
            "【标本】1.右肺上叶 2.淋巴结（第2、4、7组）【大体所见】右肺上叶切除标本，支气管旁检出淋巴结2枚【病理诊断】"
            "1.（右肺上叶）浸润性腺癌。2.淋巴结：第2组0/2，第4组0/3，第7组0/2，叶支气管旁0/2，均未见癌转移。",
            (0, 9),
        ),
    ],
)
def test_chinese_node_lists_corrections_and_bracketed_headings(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="zh")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


def test_a_chinese_second_primarys_size_is_not_the_main_tumours():
    facts = extract_report(
        "【大体所见】1.右肺上叶切除标本，前段见一肿物，肿物大小3×2.5×2cm。2.楔形肺组织，见一灰白结节直径0.6cm。"
        "【病理诊断】1.（右肺上叶）浸润性腺癌，中分化。2.（右肺中叶楔形）微浸润性腺癌，最大径0.6cm；考虑为第二原发。",
        kind="pathology",
        lang="zh",
    )
    assert facts.tumor_size_mm == 30.0


@pytest.mark.parametrize(
    ("report", "field", "value"),
    [
        ("病理诊断：（右肺下叶）鳞状细胞癌。脉管内见癌栓；可见神经侵犯。", "lymphovascular_invasion", True),
        ("病理诊断：（右肺下叶）鳞状细胞癌。脉管：未见侵犯。", "lymphovascular_invasion", False),
        ("病理诊断：腺癌。脏层胸膜侵犯（弹力纤维染色）：□PL0 □PL1 ■PL2 □PL3", "pleural_invasion", True),
        ("病理诊断：腺癌。局部弹力层显示不清，不除外脏层胸膜侵犯（PL1）。", "pleural_invasion", None),
        ("冰冻诊断：腺癌。脏层胸膜及脉管侵犯情况待石蜡切片进一步明确。", "pleural_invasion", None),
        ("病理诊断：（右肺上叶）鳞癌治疗后改变，瘤床大小3×2.5×2cm；残存存活肿瘤最大径0.8cm。", "tumor_size_mm", 8.0),
        (
            "更正内容：原报告“肿瘤大小3.2cm×2.0cm×1.5cm”更正为“肿瘤大小2.3cm×2.0cm×1.5cm”。病理诊断：（左肺下叶）浸润性腺癌。",
            "tumor_size_mm",
            23.0,
        ),
        (
            "大体所见：肺段切除标本，见一磨玻璃样结节，肿瘤大小0.9cm×0.7cm×0.6cm。\n病理诊断：微浸润性腺癌，浸润灶最大径0.3cm。",
            "tumor_size_mm",
            9.0,
        ),
        (
            "大体所见：背段见一主肿物，肿瘤大小2.8cm×2.2cm×2.0cm。\n病理诊断：1.（左肺下叶）浸润性腺癌；同叶基底段另见一癌结节"
            "（直径0.6cm），考虑为同叶内转移（卫星结节）。",
            "tumor_size_mm",
            28.0,
        ),
    ],
)
def test_chinese_vessel_and_pleura_answers_hedges_and_which_size_is_the_main_tumours(
    report: str, field: str, value: object
) -> None:
    assert getattr(extract_report(report, kind="pathology", lang="zh"), field) == value


def test_chinese_uncounted_groups_pending_tests_and_a_second_lesions_markers():
    uncounted = extract_report(
        "病理诊断：（右肺下叶）鳞状细胞癌。（第4组）淋巴结3枚，未见癌转移（0/3）；（第7组）淋巴结数枚，其中1枚见癌转移。",
        kind="pathology",
        lang="zh",
    )
    assert (uncounted.nodes_positive, uncounted.nodes_examined) == (1, None)
    pending = extract_report(
        "病理诊断：（左肺上叶）浸润性腺癌。备注：EGFR基因突变及ALK融合检测已送分子病理室，结果另见分子病理报告。",
        kind="pathology",
        lang="zh",
    )
    assert pending.biomarkers == []
    two_lesions = extract_report(
        "病理诊断：1.（右肺上叶）浸润性腺癌，肿物大小3×2.5×2cm。2.（右肺中叶楔形）微浸润性腺癌，最大径0.6cm。"
        "【分子病理】右肺上叶病灶：EGFR 19外显子缺失突变（+）；右肺中叶病灶：KRAS G12C突变（+），EGFR未检测到突变",
        kind="pathology",
        lang="zh",
    )
    assert {(b.gene, b.result) for b in two_lesions.biomarkers} == {("EGFR", "positive")}


def test_ocr_digits_in_words_and_letters_in_numbers_are_read_and_the_text_is_kept_as_written():
    report = (
        "FINAL DIAGNOSIS: RIGHT UPPER L0BE, LOBECTOMY: INVASIVE ADEN0CARCIN0MA, 4.l crn. LYMPHOVASCU1AR INVASION "
        "PRESENT. LYMPH NODES: O/4 AND O/l5 (TOTAL O/l9). pT2bNOMO. Staged as T2b."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.histology_code, facts.lobe, facts.tumor_size_mm) == ("8140/3", "upper", 41.0)
    assert (facts.nodes_positive, facts.lymphovascular_invasion) == (0, True)
    assert facts.histology_text == "ADEN0CARCIN0MA"  # as written
    assert (facts.t, facts.n, facts.m) == ("T2b", "N0", "M0")


def test_ocr_zeros_in_short_words_are_read_as_words_and_an_n0_category_stays() -> None:
    report = (
        "DIAGN0SIS: LUNG, RIGHT L0WER L0BE, L0BECT0MY: SQUAM0US CELL CARCIN0MA, 2.5 CM. VISCERAL PLEURA N0T INV0LVED. "
        "N0 LYMPHOVASCULAR INVASI0N SEEN. TW0 HILAR LYMPH N0DES NEGATIVE (0/2). AJCC 7th: pT1b N0 MX. "
        "ADDENDUM: EGFR: N0 MUTATI0N DETECTED. KRAS: n0t perf0rmed."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (False, False)
    assert (facts.t, facts.n) == ("T1b", "N0")
    assert [(b.gene, b.result) for b in facts.biomarkers] == [("EGFR", "negative")]


def test_a_feature_not_evaluated_states_nothing() -> None:
    report = (
        "DIAGNOSIS: LUNG, RIGHT UPPER LOBE, LOBECTOMY: SQUAMOUS CELL CARCINOMA (5.2 CM). COMMENT: Angiolymphatic "
        "invasion was not specifically evaluated on these sections."
    )
    assert extract_report(report, kind="pathology", lang="en").lymphovascular_invasion is None


def test_another_parts_tumour_leaves_its_grade_and_invasion_to_the_dominant_tumours_summary() -> None:
    report = (
        "FINAL PATHOLOGIC DIAGNOSIS: A. LUNG, RIGHT LOWER LOBE, WEDGE RESECTION: - SQUAMOUS CELL CARCINOMA, POORLY "
        "DIFFERENTIATED, 1.1 CM. - NO VISCERAL PLEURAL INVASION. - LYMPHOVASCULAR INVASION PRESENT. B. LUNG, RIGHT "
        "UPPER LOBE, LOBECTOMY: - INVASIVE ADENOCARCINOMA, ACINAR PREDOMINANT, MODERATELY. DIFFERENTIATED, 3.1 CM. "
        "C. LYMPH NODES, LEVEL 7: THREE LYMPH NODES, NEGATIVE (0/3).\nSYNOPTIC (DOMINANT TUMOR, RIGHT UPPER LOBE): "
        "Histologic type: adenocarcinoma. Grade: G2. Size: 3.1 x 2.5 x 2.4 cm. Visceral pleural invasion: not "
        "identified. Lymphovascular invasion: not identified. pT2a pN0 (AJCC 7th)."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.tumor_size_mm, facts.lobe, facts.grade) == (31, "upper", "G2")
    assert (facts.lymphovascular_invasion, facts.pleural_invasion) == (False, False)


def test_a_prose_staging_gives_each_axis_its_reason_in_brackets():
    facts = extract_report(
        "COMMENT: The tumor is pathologically staged as T2a (tumor greater than 3 cm but not more than 5 cm), N1 "
        "(metastasis in an ipsilateral peribronchial lymph node) and M0 (no distant metastasis).",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, facts.m, facts.tnm_prefix) == ("T2a", "N1", "M0", None)


def test_ocr_rn_for_m_small_l_for_i_and_a_zero_count_read_as_o():
    report = (
        "FINAL DIAGNOSIS: Lung, right upper lobe, wedge: adenocarcinoma, rnoderately differentiated, 0.9 cm. "
        "Lymphovascular invasion: not identifled. Stapled rnargin free of carcinoma.\n"
        "Nurnber of Lymph Nodes Exarnined: l2\nNurnber of Lymph Nodes lnvolved: O\nStaging: pTla pNO, Stage IAl."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.grade, facts.lymphovascular_invasion, facts.margins) == ("G2", False, "negative")
    assert (facts.nodes_positive, facts.nodes_examined, facts.stage_group) == (0, 12, "IA1")
    assert facts.evidence["margins"][0].text.startswith("rnargin")  # evidence points at the text as written


def test_chinese_numbered_headings_end_the_frozen_section_and_a_list_verdict_after_a_colon_or_a_note():
    report = (
        "一、术中冰冻病理诊断（2024年4月）\n（左肺上叶）腺癌，待石蜡进一步分型。\n"
        "四、病理诊断（石蜡）\n1.（左肺上叶）浸润性腺癌，IASLC分级：2级；\n2.侵犯脏层胸膜（PL1）；\n3.未见脉管侵犯；\n"
        "5.支气管切缘及血管切缘未见癌；\n7.病理分期（AJCC第8版）：pT3N0M0，ⅡB期。"
    )
    facts = extract_report(report, kind="pathology", lang="zh")
    assert (facts.pleural_invasion, facts.lymphovascular_invasion, facts.margins, facts.stage_group) == (
        True,
        False,
        "negative",
        "IIB",
    )
    english = extract_report(
        "EGFR, KRAS and MET (including exon 14 skipping): no alterations detected.\nALK, ROS1 and RET fusions: not detected.",
        kind="pathology",
        lang="en",
    )
    assert {(b.gene, b.result) for b in english.biomarkers} == {
        (gene, "negative") for gene in ("EGFR", "KRAS", "MET", "ALK", "ROS1", "RET")
    }


def test_sizes_in_a_located_block_after_a_semicolon_and_across_a_soft_line_wrap():
    located = extract_report(
        "Findings:\n  Location: left S6 (superior segment of the lower lobe)\n  Size: 24 x 20 x 18 mm\n  pl0",
        kind="pathology",
        lang="en",
    )
    assert located.tumor_size_mm == 24.0
    listed = extract_report(
        "DIAGNOSIS: Lung, right lower lobe, wedge: invasive adenocarcinoma, acinar predominant, moderately "
        "differentiated (G2); 2.45 x 2.0 x 1.7 cm.\n - Staple line margin close (0.2 cm) but negative.",
        kind="pathology",
        lang="en",
    )
    assert listed.tumor_size_mm == 24.5
    wrapped = extract_report(
        "DlAGNOSlS:\nA. Lung, right lower lobe, lobectorny: lnvasive adenocarcinorna, solid and rnicropapillary\n"
        "   predorninant, poorly dlfferentiated (G3), 4.2 crn. Visceral pleural invasion not identified.",
        kind="pathology",
        lang="en",
    )
    assert (wrapped.histology_code, wrapped.tumor_size_mm, wrapped.grade) == ("8140/3", 42.0, "G3")


def test_ocr_gene_and_count_letters_and_an_indented_hyphen_wrap_in_capitals():
    facts = extract_report(
        "FINAL DIAGNOSIS:\n - BRONCHIAL, VASCULAR AND PARENCHYMAL MARGINS NEGA-\n   TIVE FOR CARCINOMA.\n"
        "Lymph Nodes Exarnined: ll\nLymph Nodes Involved: 2\nBiornarkers: ALK (D5F3) lHC: negative. ROSl (SP384) lHC: "
        "positive.",
        kind="pathology",
        lang="en",
    )
    assert (facts.margins, facts.nodes_positive, facts.nodes_examined) == ("negative", 2, 11)
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("ALK", "negative"), ("ROS1", "positive")}


def test_chinese_frozen_grade_yields_stumps_are_margins_and_the_tumour_body_names_the_lobe():
    frozen = extract_report(
        "冰冻诊断：（左肺下叶）肺腺癌，中分化，肿块大小约2.5cm。\n病理诊断：（左肺下叶）浸润性腺癌，实体型为主，IASLC 3级；"
        "肿瘤大小2.7×2.2×2.0cm；支气管残端及血管残端未见癌累及；未见脉管及神经侵犯。",
        kind="pathology",
        lang="zh",
    )
    assert (frozen.grade, frozen.tumor_size_mm, frozen.margins, frozen.lymphovascular_invasion) == (
        "G3",
        27.0,
        "negative",
        False,
    )
    body = extract_report(
        "送检标本：右肺中下叶（双肺叶切除）\n病理诊断：\n（右肺中下叶）鳞状细胞癌，低\n分化，肿瘤主体位于右肺下叶，大小4.8×4.0×3.5cm。",
        kind="pathology",
        lang="zh",
    )
    assert (body.lobe, body.grade) == ("lower", "G3")


@pytest.mark.parametrize(
    "report",
    [
        "DIAGNOSIS: - INVASIVE CARCINOMA EXTENDS TO THE STAPLED FISSURAL (PARENCHYMAL) MARGIN.\n"
        "   - BRONCHIAL AND VASCULAR MARGINS NEGATIVE.",
        "DIAGNOSIS: adenocarcinoma.\nBronchial Margin: Uninvolved by invasive carcinoma\nVascular Margin: Uninvolved\n"
        "Parenchymal Margin: Involved by invasive carcinoma\n",
    ],
)
def test_one_involved_margin_among_free_ones_makes_the_margins_positive(report: str) -> None:
    assert extract_report(report, kind="pathology", lang="en").margins == "positive"


def test_a_consultation_revises_the_outside_diagnosis():
    facts = extract_report(
        "CONSULTATION REPORT - OUTSIDE SLIDE REVIEW\n\nOUTSIDE DIAGNOSIS (summarised): Left upper lobe, lobectomy: "
        "non-small cell carcinoma, 2.6 cm; visceral pleura not involved (PL0); pT1c pN0, stage IA3.\n\nOUR DIAGNOSIS:\n"
        "Left upper lobe, lobectomy (outside slides):\n- Invasive adenocarcinoma, poorly differentiated (G3).\n"
        "- Visceral pleural invasion PRESENT (PL1).\n\nREVISED STAGING (AJCC 8th): pT2a pN0. Stage IB.",
        kind="pathology",
        lang="en",
    )
    assert (facts.pleural_invasion, facts.t, facts.stage_group, facts.grade) == (True, "T2a", "IB", "G3")


def test_nodes_counted_only_in_the_gross_and_a_microscopic_retelling_of_the_conclusions_count():
    gross_only = extract_report(
        "GROSS DESCRIPTION:\nA. Dissection of the hilar soft tissue yields two lymph nodes, 0.3 and 0.6 cm.\n"
        'B. Received in formalin labeled "4R" are two lymph nodes, 1.0 and 1.4 cm.\nC. Received is a single lymph node, '
        "1.8 cm.\n\nMICROSCOPIC DESCRIPTION:\nAll lymph nodes show anthracotic pigment without metastatic carcinoma.\n\n"
        "FINAL DIAGNOSIS:\nA. Lung, right middle lobe, lobectomy: invasive adenocarcinoma.",
        kind="pathology",
        lang="en",
    )
    assert (gross_only.nodes_positive, gross_only.nodes_examined) == (0, 5)
    retold = extract_report(
        "Microscopic description: In 2 of 6 bronchopulmonary lymph nodes - metastases of squamous cell carcinoma.\n\n"
        "Conclusion: Squamous cell carcinoma of the right lung. Metastases in 2 of 6 bronchopulmonary lymph nodes. "
        "Bifurcation lymph nodes without metastases (0/3).",
        kind="pathology",
        lang="en",
    )
    assert (retold.nodes_positive, retold.nodes_examined) == (2, 9)


@pytest.mark.parametrize(
    ("report", "grade"),
    [
        ("Histologic grade: G2-3", "G3"),
        ("Fuhrman nuclear grade 2-3.", "G3"),
        ("Fuhrman grade: 2/4.", "G2"),  # a grade of a scale, no range
        ("Invasive adenocarcinoma, acinar predominant, intermediate grade, 3.5 cm.", "G2"),
    ],
)
def test_grade_ranges_take_the_worse_grade_but_a_grade_of_a_scale_is_itself(report: str, grade: str) -> None:
    assert extract_report(report, kind="pathology", lang="en").grade == grade


def test_a_stage_said_in_prose_lymphatic_tumour_emboli_and_a_listed_size():
    facts = extract_report(
        "FINAL DIAGNOSIS:\nA. LUNG, RIGHT UPPER LOBE, LOBECTOMY:\n   TUMOR 1 (dominant):\n   - Invasive adenocarcinoma, "
        "moderately differentiated (G2).\n   - Size 3.1 cm.\n   TUMOR 2:\n   - Squamous cell carcinoma, moderately "
        "differentiated, 0.9 cm.\nMICROSCOPIC: Lymphatic tumor emboli are frequently seen.\nCOMMENT: The findings "
        "correspond to pT2a pN0; with the clinical M0 noted above, the stage is IB.",
        kind="pathology",
        lang="en",
    )
    assert (facts.tumor_size_mm, facts.lymphovascular_invasion, facts.stage_group) == (31.0, True, "IB")


def test_a_translated_tumour_node_is_measured_but_not_a_lymph_node():
    facts = extract_report(
        "Macroscopic examination: Lower lobe of the left lung 15x9x4 cm. In S9-S10 a subpleural dense whitish node "
        "2.4x2.0x1.8 cm with clear borders. In the fat of the lobe hilum 4 lymph nodes 0.4-1.0 cm are found.\n"
        "Conclusion: squamous cell carcinoma of the lower lobe of the left lung, G1.",
        kind="pathology",
        lang="en",
    )
    assert facts.tumor_size_mm == 24.0


def test_an_addendum_that_revises_the_tumour_extent_gives_the_size():
    facts = extract_report(
        "Diagnosis: Moderately differentiated squamous cell carcinoma of the right lower lobe, 3,8 cm. pT2 pN1 (1/12).\n\n"
        "Addendum: After complete embedding of the residual tumour tissue the maximal tumour extent is revised to 4,1 cm.",
        kind="pathology",
        lang="en",
    )
    assert facts.tumor_size_mm == 41.0


def test_a_chinese_correction_of_the_side_and_a_bracketed_minus_without_a_colon():
    corrected = extract_report(
        '病理诊断报告【更正报告】\n更正内容：原报告"送检标本"及"病理诊断"中"右肺下叶"系录入错误，应为"左肺下叶"。其余内容不变。\n\n'
        "原报告（全文附后）：\n病理诊断：\n（右肺下叶）浸润性腺癌，腺泡为主型，IASLC 2级；肿瘤大小1.9×1.5×1.2cm；PL0；未见脉管侵犯。",
        kind="pathology",
        lang="zh",
    )
    assert (corrected.laterality, corrected.lobe) == ("left", "lower")
    minus = extract_report(
        "诊断:(右肺中叶)浸润性腺癌,中分化;PL0;脉管侵犯(-);神经侵犯(-);支气管切缘(-)", kind="pathology", lang="zh"
    )
    assert minus.lymphovascular_invasion is False


def test_margins_given_only_as_distances_are_free_unless_a_margin_is_said_to_be_reached():
    distance = extract_report(
        "FINAL DIAGNOSIS: Lung, left upper lobe, lobectomy: adenocarcinoma, 5.6 cm, located 1.9 cm from the bronchial "
        "margin and 0.4 cm from the parenchymal margin.",
        kind="pathology",
        lang="en",
    )
    assert distance.margins == "negative"
    reached = extract_report(
        "DIAGNOSIS: carcinoma, present at lateral margin (A3). Tumor measures 0.3 cm from closest superior margin.",
        kind="pathology",
        lang="en",
    )
    assert reached.margins != "negative"


def test_a_one_line_translated_report_with_macroscopically_and_microscopically_labels():
    facts = extract_report(
        "Clinical diagnosis: Peripheral cancer of the upper lobe of the left lung. Macroscopically: upper lobe of the left "
        "lung 17x11x5 cm; in S1-2 a dense grey node 3.3x2.8x2.5 cm. Microscopically: moderately differentiated "
        "adenocarcinoma (G2); the visceral pleura is not involved; lymphovascular invasion is present. Tumour emboli are "
        "present in lymphatic vessels. No angiolyrnphatic invasion elsewhere.",
        kind="pathology",
        lang="en",
    )
    assert (facts.pleural_invasion, facts.lymphovascular_invasion, facts.tumor_size_mm) == (False, True, 33.0)


def test_stations_listed_after_one_plural_label_each_with_its_count():
    facts = extract_report(
        "FINAL DIAGNOSIS:\nA. LUNG, LEFT LOWER LOBE, LOBECTOMY:\n   - INVASIVE ADENOCARCINOMA, 2.2 CM.\n"
        "   - FOUR PERIBRONCHIAL LYMPH NODES NEGATIVE (0/4).\n"
        "B-E. LYMPH NODES, LEVELS 9L (0/1), 7 (0/3), 5 (0/2), 11L (0/1): NEGATIVE FOR CARCINOMA.\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 11)
    assert [s["station"] for s in facts.nodes_by_station] == ["9L", "7", "5", "11L"]


def test_two_chinese_primaries_the_larger_ones_item_gives_grade_lobe_stage_and_markers():
    facts = extract_report(
        "临床诊断：右肺多发结节（右肺上叶约1.5cm，右肺下叶约2.0cm）\n病理诊断：\n"
        "1.（右肺上叶楔形切除）浸润性腺癌，贴壁型为主，IASLC 1级，大小1.6×1.2×1.0cm，未累及脏层胸膜。\n"
        "2.（右肺下叶）浸润性腺癌，腺泡型为主，IASLC 2级，大小2.4×2.0×1.6cm；未累及脏层胸膜（PL0）。\n"
        "3. 淋巴结：第7组0/2，第10R组0/1。\n4. 考虑为两个独立原发肺癌（同时性多原发）。\n"
        "分子检测（右肺下叶肿瘤）：EGFR 21外显子L858R突变。\n"
        "分期（AJCC第8版）：\n右肺上叶：pT1b N0，ⅠA2期；\n右肺下叶：pT1c N0，ⅠA3期。",
        kind="pathology",
        lang="zh",
    )
    assert (facts.tumor_size_mm, facts.grade, facts.lobe, facts.t, facts.stage_group) == (24.0, "G2", "lower", "T1c", "IA3")
    assert [(b.gene, b.result) for b in facts.biomarkers] == [("EGFR", "positive")]


def test_chinese_words_hard_wrapped_or_spaced_by_a_scan_are_rejoined_with_offsets_kept():
    text = (
        "病理诊断：\n（左肺下叶）浸润性腺\n癌，腺泡为主型，中分\n化，肿瘤大小2.6×2.0×1.8cm，肿瘤未侵犯脏层胸\n膜，脉 管内未见癌栓，"
        "支气管切缘未见\n癌。\n临床诊断：左肺下叶结节\n病理分期：pT1c N0 M0"
    )
    facts = extract_report(text, kind="pathology", lang="zh")
    assert (facts.histology_code, facts.grade, facts.pleural_invasion, facts.lymphovascular_invasion) == (
        "8551/3",
        "G2",
        False,
        False,
    )
    grade = facts.evidence["grade"][0]
    assert text[grade.start : grade.end] == grade.text == "中分\n化"


def test_a_chinese_one_paragraph_report_sizes_after_the_mass_word_signs_in_brackets_and_an_ocr_margin():
    facts = extract_report(
        "大体:右肺中叶 10×6×3cm,见一肿物 2.6×2.0×1.8cm,灰白,距支气管切缘2.5cm 诊断:(右肺中叶)浸润性腺癌,中分化;PL0;"
        "支气管切缘(-);pT1cN0M0 免疫组化:TTF-1(+) Ki-67(30%+) ALK-D5F3(-) 分子(NGS):KIF5B-RET融合(K15:R12)阳性",
        kind="pathology",
        lang="zh",
    )
    assert (facts.tumor_size_mm, facts.margins) == (26.0, "negative")
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("Ki-67", "positive"), ("ALK", "negative"), ("RET", "positive")}
    distance = extract_report(
        "病理诊断：（右肺上叶楔形）原位腺癌，直径约0.7cm；切缘距肿瘤1.5cm，未见肿瘤。备注：影像学示肿块约4.2cm（CT）。",
        kind="pathology",
        lang="zh",
    )
    assert distance.tumor_size_mm == 7.0
    ocr = extract_report("病理诊断：右肺上叶浸润性腺癌，未见脏层胸膜侵犯，支气管切绿未见癌。", kind="pathology", lang="zh")
    assert ocr.margins == "negative"


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        # counts after the verdict, one part each
        (
            "FINAL DIAGNOSIS: 1. Left lower lobe, lobectomy: Squamous cell carcinoma, 4.2 cm. Metastatic squamous cell "
            "carcinoma in 1 of 4 peribronchial lymph nodes. 2. Lymph node, level 5, excision: Negative for tumor (1). "
            "3. Lymph nodes, level 7, excision: Negative for tumor (2).",
            (1, 7),
        ),
        (
            "Conclusion:\nMiddle lobe right: typical carcinoid, 1.6 cm.\nNo tumour in eight lymph nodes (station 7, 10R, 11R).",
            (0, 8),
        ),
        (
            "DIAGNOSIS:\nLeft lower lobe, lobectomy:\n- Invasive adenocarcinoma, 3.6 cm.\n- Five lymph nodes examined "
            "(stations 7, 9L, 10L and 11L), all negative for metastatic carcinoma.",
            (0, 5),
        ),
        (
            "IMPRESSION:\nRight upper lobectomy: SMALL CELL CARCINOMA (2.2 cm).\n- Lymph nodes: 4R - metastatic deposits in "
            "2/3; station 7 - 1/2 positive; 10R - 0/1; 11R - 0/2.\n- pTNM (AJCC 7th): pT1b pN2 pMx.",
            (3, 8),
        ),
        (
            "Lymph nodes:\n- peribronchial (stations 11-12 L): metastases in 2 of 6 lymph nodes\n- station 5 (aortopulmonary "
            "window): metastasis in 1 of 2\n- station 7 (subcarinal): 0 of 3\n\nConclusion: Left lung, lower lobe: squamous "
            "cell carcinoma, G2, 7.4 cm.",
            (3, 11),
        ),
        (
            "DIAGNOSIS: 1) Right upper lobe, lobectomy: Invasive adenocarcinoma, grade 2, 35 mm. 2) Station 4R: metastatic "
            "adenocarcinoma in two of three lymph nodes (2/3). 3) Station 7: two lymph nodes, negative (0/2). SUMMARY: "
            "pT2a pN2, stage IIIA; nodes positive 2 of 5.",
            (2, 5),
        ),
        # a part's own count beside its ratio is no total
        (
            "DIAGNOSIS:\nC. LYMPH NODES, SUBCARINAL, EXCISION:\n   No tumor in four lymph nodes (0/4).\nE. LUNG, RIGHT LOWER "
            "LOBE, LOBECTOMY:\n   - Two of six hilar and interlobar lymph nodes with metastatic adenocarcinoma (2/6).",
            (2, 10),
        ),
    ],
)
def test_node_counts_after_a_verdict_in_words_by_bare_station_codes_and_named_stations(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


def test_english_sections_sizes_grades_and_a_second_primarys_markers():
    structured = extract_report(
        "CLINICAL: RLL nodule 30 mm, never smoker. Lobectomy.\n\nMACROSCOPY: Right lower lobe, 175 x 110 x 50 mm, with a "
        "firm white subpleural tumour.\n\nSTRUCTURED PATHOLOGY REPORT - Lung cancer (RCPA protocol; AJCC/UICC 8th edition)\n"
        "Maximum tumour dimension (total): 32 mm\nVisceral pleural invasion: Present - PL1 (elastic stain)\n"
        "Lymphovascular invasion: Not identified\nMargins: Not involved.",
        kind="pathology",
        lang="en",
    )
    assert (structured.tumor_size_mm, structured.pleural_invasion, structured.lymphovascular_invasion, structured.margins) == (
        32.0,
        True,
        False,
        "negative",
    )
    imaging_history = extract_report(
        "Clinical details: Chronic smoker. CECT chest: 5.2 x 4.6 cm left upper lobe mass.\n\nIMPRESSION: Left upper lobe lung "
        "mass, CT-guided core biopsy: SMALL CELL CARCINOMA.",
        kind="pathology",
        lang="en",
    )
    assert imaging_history.tumor_size_mm is None
    shares = extract_report(
        "FINAL DIAGNOSIS:\nA. Lung, right lower lobe, wedge resection:\n   - Adenocarcinoma, lepidic predominant with 30% acinar "
        "pattern, well differentiated, 1.7 cm.",
        kind="pathology",
        lang="en",
    )
    assert shares.tumor_size_mm == 17.0
    graded = extract_report(
        "MICROSCOPIC: Pleomorphic carcinoma with areas of poorly differentiated adenocarcinoma (40%). The visceral pleura is "
        "separated from the tumor by uninvolved parenchyma.\n\nDIAGNOSIS:\nHistological grade: Undifferentiated (G4)\n"
        "THE VISCERAL PLEURA IS NOT INVOLVED.",
        kind="pathology",
        lang="en",
    )
    assert (graded.grade, graded.pleural_invasion) == ("G4", False)
    unspecified = extract_report(
        "Histologic type: Papillary adenocarcinoma. Lymphatic invasion: Not specified. Venous invasion: Not specified.",
        kind="pathology",
        lang="en",
    )
    assert unspecified.lymphovascular_invasion is None
    amended = extract_report(
        "ORIGINAL DIAGNOSIS (superseded):\nRight upper lobe, lobectomy: Adenocarcinoma, 2.8 cm. pT1b pN0, stage IA.\n\n"
        "AMENDED FINAL DIAGNOSIS:\nRight upper lobe, lobectomy:\n- Tumour size: 3.2 cm.\n- pTNM (AJCC 7th): pT2a pN1 - stage 2A.",
        kind="pathology",
        lang="en",
    )
    assert (amended.t, amended.n, amended.tumor_size_mm) == ("T2a", "N1", 32.0)
    two = extract_report(
        "DIAGNOSIS:\nA. Right lower lobe, wedge resection:\n   Adenocarcinoma, lepidic predominant (G1), 1.2 cm.\n"
        "B. Right upper lobe, lobectomy:\n   Adenocarcinoma, acinar, moderately differentiated (G2), 3.1 cm.\n\nMOLECULAR:\n"
        "RUL tumour (block B4): KRAS codon 12 mutation (p.G12C) detected. EGFR: no mutation detected.\n"
        "RLL tumour (block A2): EGFR exon 21 p.L858R mutation detected.",
        kind="pathology",
        lang="en",
    )
    assert two.lobe == "upper"
    assert sorted((b.gene, b.result) for b in two.biomarkers) == [("EGFR", "negative"), ("KRAS", "positive")]


def test_chinese_grade_field_lingula_a_wrapped_vessel_phrase_and_an_earlier_resected_tumours_marker():
    graded = extract_report(
        "病理诊断：\n(左肺下叶)鳞状细胞癌(非角化型),\n分化程度：中等。\n累及脏层胸膜(PL1)。 未见脉管\n癌栓。",
        kind="pathology",
        lang="zh",
    )
    assert (graded.grade, graded.lymphovascular_invasion) == ("G2", False)
    lingula = extract_report("病理诊断：（左肺舌段穿刺）浸润性腺癌，中-低分化。", kind="pathology", lang="zh")
    assert (lingula.laterality, lingula.lobe, lingula.grade) == ("left", "upper", "G3")
    second = extract_report(
        "病史摘要：患者2019年行右肺上叶切除术，病理示浸润性腺癌（pT1bN0M0，ⅠA2期），EGFR 19号外显子缺失突变，术后规律随访。\n"
        "病理诊断：\n1.（左肺上叶）浸润性腺癌，实体为主型，IASLC 3级。考虑为第二原发肺癌。\n"
        "分子检测：EGFR（ARMS-PCR）：野生型；ALK（Ventana D5F3）：阴性。",
        kind="pathology",
        lang="zh",
    )
    assert sorted((b.gene, b.result) for b in second.biomarkers) == [("ALK", "negative"), ("EGFR", "negative")]


def test_chinese_supplements_corrections_satellites_and_uncounted_nodes():
    supplement = extract_report(
        "原报告诊断：\n（右肺中叶）浸润性腺癌，中分化，肿物大小1.8×1.5×1.2cm，支气管切缘未见癌。\n补充报告内容：\n"
        "1. 原第7组淋巴结蜡块经深切，其中1枚淋巴结见转移性腺癌（转移灶最大径约2.5mm）。",
        kind="pathology",
        lang="zh",
    )
    assert supplement.tumor_size_mm == 18.0
    corrected = extract_report(
        "原报告病理诊断：\n（左肺下叶）浸润性腺癌，肿物大小3.5×3.0×2.5cm。\n更正内容：\n经复核大体记录及切片，原报告肿物大小录入有误，"
        "应为2.5×2.0×1.8cm。",
        kind="pathology",
        lang="zh",
    )
    assert corrected.tumor_size_mm == 25.0
    satellite = extract_report(
        "临床诊断：左肺下叶占位；乙状结肠癌术后3年（外院基因检测KRAS G12D突变）\n病理诊断：\n（左肺下叶）浸润性腺癌，中分化，"
        "最大径2.1cm；同叶另见一0.5cm结节，形态与主瘤一致，考虑肺内转移（同一肺叶）。\n分子检测（主瘤，NGS）：KRAS野生型。",
        kind="pathology",
        lang="zh",
    )
    assert satellite.tumor_size_mm == 21.0
    assert [(b.gene, b.result) for b in satellite.biomarkers] == [("KRAS", "negative")]
    uncounted = extract_report(
        "病理诊断：（左肺下叶）鳞状细胞癌，低分化；支气管残端见癌累及；淋巴结数枚，其中1枚见癌转移。", kind="pathology", lang="zh"
    )
    assert (uncounted.nodes_positive, uncounted.nodes_examined, uncounted.margins) == (1, None, "positive")
    bilobectomy = extract_report(
        "病理诊断：\n（右肺中下叶）鳞状细胞癌（角化型），中分化，肿瘤位于下叶，肿物大小5.2×4.5×4.0cm；支气管切缘见鳞状细胞癌浸润。",
        kind="pathology",
        lang="zh",
    )
    assert (bilobectomy.laterality, bilobectomy.lobe, bilobectomy.margins) == ("right", "lower", "positive")
    table = extract_report(
        "淋巴结：\n组别｜淋巴结数｜转移数\n第5组｜2｜0\n第7组｜3｜1\n合计｜5｜1\npTNM分期：pT1a N1", kind="pathology", lang="zh"
    )
    assert (table.nodes_positive, table.nodes_examined) == (1, 5)
    clinical = extract_report(
        "临床诊断：左肺上叶恶性肿瘤（cT2aN2M1b，ⅣA期）。\n病理诊断：（左肺上叶穿刺）浸润性腺癌，中分化。",
        kind="pathology",
        lang="zh",
    )
    assert (clinical.t, clinical.stage_group) == ("T2a", "IVA")


def test_eighteenth_set_rules_amendments_negations_and_counts():
    non_mucinous = extract_report(
        "Histologic type: Invasive non-mucinous adenocarcinoma, acinar predominant", kind="pathology", lang="en"
    )
    assert non_mucinous.histology_code == "8551/3"
    upstaged = extract_report(
        "FINAL DIAGNOSIS:\n4. LUNG, LEFT UPPER LOBE, LOBECTOMY:\n   f. Preliminary stage: pT1b pN0 (AJCC 7th), pending elastic "
        "stain.\n\nADDENDUM / AMENDMENT ([redacted] June 2010):\nVisceral pleural invasion is PRESENT (PL1). The tumor is "
        "therefore upstaged to pT2a.\n\nSYNOPTIC SUMMARY (revised, CAP/AJCC 7th edition):\nPrimary tumor (pT):     pT2a\n",
        kind="pathology",
        lang="en",
    )
    assert upstaged.t == "T2a"
    staged = extract_report(
        "DIAGNOSIS: SQUAMOUS CELL CARCINOMA, 2.0 CM. COMMENT: Pathologic findings correspond to T1N0. With the clinical "
        "staging studies negative for distant disease (M0), stage is T1N0M0, STAGE IA (AJCC 5th edition, 1997).",
        kind="pathology",
        lang="en",
    )
    assert staged.stage_group == "IA"
    polish = extract_report(
        "Microscopic examination:. Ad 1. Adenocarcinoma (G2). No invasion of lymphatic or blood vessels was found. "
        "Histopathological diagnosis:. Tumor diameter 2.8 cm. Lymph nodes examined: 16, with metastases: 0. The relationship "
        "to the elastic lamina is equivocal; pleural invasion cannot be stated with certainty.",
        kind="pathology",
        lang="en",
    )
    assert (polish.lymphovascular_invasion, polish.nodes_positive, polish.nodes_examined, polish.pleural_invasion) == (
        False,
        0,
        16,
        None,
    )
    flattened = extract_report(
        "MICROSCOPIC DESCRIPTION: The pleura is not involved. No lymphatic or. vascular invasion is seen.",
        kind="pathology",
        lang="en",
    )
    assert flattened.lymphovascular_invasion is False
    breast = extract_report(
        "CLINICAL HISTORY:\nHistory of left breast carcinoma in 1997 (invasive ductal carcinoma,\npT1c pN0, ER/PR positive, "
        "HER2 negative), treated with lumpectomy.\n\nFINAL DIAGNOSIS:\nLUNG, LEFT LOWER LOBE, LOBECTOMY: ADENOCARCINOMA, 1.9 CM.",
        kind="pathology",
        lang="en",
    )
    assert breast.biomarkers == []
    gross_counts = extract_report(
        "FINAL DIAGNOSIS:\nA. LYMPH NODES, LEVEL 4R, EXCISION:\n   NEGATIVE FOR METASTATIC CARCINOMA.\nB. LUNG, RIGHT UPPER "
        "LOBE, LOBECTOMY:\n   1. ADENOCARCINOMA, 2.2 CM.\n   2. HILAR LYMPH NODES, NEGATIVE FOR METASTATIC CARCINOMA.\n\n"
        'GROSS DESCRIPTION:\nA. Received in formalin, labeled "4R", are three lymph nodes. All submitted in A1 (one node) and '
        "A2.\nB. Right upper lobe with a 2.2 cm mass. Two hilar lymph nodes are identified.\n\nMICROSCOPIC DESCRIPTION:\n"
        "B. Adenocarcinoma. The two hilar lymph nodes are negative.",
        kind="pathology",
        lang="en",
    )
    assert (gross_counts.nodes_positive, gross_counts.nodes_examined) == (0, 5)
    sleeve = extract_report(
        "FINAL DIAGNOSIS:\n1. PROXIMAL BRONCHIAL MARGIN, RIGHT MAIN BRONCHUS, EXCISION:\n   INVASIVE SQUAMOUS CELL CARCINOMA "
        "PRESENT IN SUBMUCOSA AND AT THE INKED MARGIN ON PERMANENT SECTIONS.\n2. LUNG, RIGHT UPPER LOBE:\n   C. VASCULAR "
        "MARGIN FREE OF TUMOR.",
        kind="pathology",
        lang="en",
    )
    assert sleeve.margins == "positive"


def test_a_clinical_line_a_bracketed_stage_after_glued_tnm_and_marker_statements_across_breaks():
    clinical = extract_report(
        "Specimen: Lung, left upper lobe, CT-guided core needle biopsy (4 cores, 20G)\nClinical: 2.9 cm LUL mass; ? primary "
        "lung.\n\nDIAGNOSIS: Adenocarcinoma.",
        kind="pathology",
        lang="en",
    )
    assert clinical.tumor_size_mm is None
    stage = extract_report("DIAGNOSIS:. Invasive adenocarcinoma. Stage: pT1bN0 (IA).", kind="pathology", lang="en")
    assert (stage.t, stage.stage_group) == ("T1b", "IA")
    wrapped = extract_report(
        "Supplementary report (molecular pathology): EGFR mutation analysis (exons 18-21,\nSanger sequencing) on block 1/4: "
        "no mutation detected (wild type).",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result) for b in wrapped.biomarkers] == [("EGFR", "negative")]
    scored = extract_report(
        "ADDENDUM:. PD-L1 immunohistochemistry (VENTANA SP263) on block A1: membranous staining. in 5% of viable tumor cells "
        "(tumor cell score 5%).",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result, b.value) for b in scored.biomarkers] == [("PD-L1", "positive", 5.0)]


def test_chinese_diagnosis_specimen_before_its_histology_and_vessel_invasion():
    facts = extract_report(
        "手术所见（临床提供）：右侧胸腔少量积液，壁层胸膜见散在粟粒样结节3枚，予切除送检；右肺下叶肿物行肺叶切除。\n病理诊断：\n"
        "1.（右肺下叶）浸润性腺癌，中分化，肿瘤未侵及脏层胸膜（PL0），查见血管侵犯。\n2.（壁层胸膜结节）见腺癌转移（3/3个结节）。",
        kind="pathology",
        lang="zh",
    )
    assert (facts.laterality, facts.lobe, facts.lymphovascular_invasion) == ("right", "lower", True)


def test_nineteenth_set_rules_metastasis_biopsies_panels_and_hedged_pleura():
    brain = extract_report(
        "Clinical details:\nSolitary enhancing right frontal lobe lesion. Known adenocarcinoma of the left lower lobe diagnosed "
        "in 2021 and treated with chemo-immunotherapy.\n\nDiagnosis:\nBrain, right frontal lobe, excision: METASTATIC "
        "ADENOCARCINOMA, consistent with the known lung primary.",
        kind="pathology",
        lang="en",
    )
    assert (brain.laterality, brain.lobe, brain.topography_code) == ("left", "lower", "C34.3")
    not_lung = extract_report(
        "Clinical details:\nSolitary enhancing right frontal lobe lesion. Known adenocarcinoma of the left lower lobe "
        "diagnosed in 2021.\n\nDiagnosis:\nBrain, right frontal lobe, excision: METASTATIC ADENOCARCINOMA, CDX2 "
        "positive, which argues against a lung primary.",
        kind="pathology",
        lang="en",
    )
    assert (not_lung.lobe, not_lung.topography_code) == (None, "C71.9")
    panel = extract_report(
        "RESULTS - VARIANTS\nEGFR   | c.2573T>G p.L858R (exon 21)   | 31%  | Tier I\n\nBIOMARKERS OF THERAPEUTIC RELEVANCE - "
        "NEGATIVE\nNo clinically significant alterations detected in: KRAS, BRAF, MET (including exon 14 skipping), ERBB2 "
        "(HER2), ALK, ROS1, RET.\n\nMolecular: No pathogenic variants detected in the 50-gene panel; the genes assessed include "
        "EGFR, KRAS, BRAF, MET and ERBB2 (HER2).\nALK, ROS1 and RET fusions are not covered by this panel.",
        kind="pathology",
        lang="en",
    )
    results = {(b.gene, b.result) for b in panel.biomarkers}
    assert ("MET", "positive") not in results and ("ROS1", "positive") not in results
    assert {("KRAS", "negative"), ("BRAF", "negative"), ("MET", "negative"), ("EGFR", "positive")} <= results
    block = extract_report(
        "Results:\n2. ALK (D5F3, Ventana OptiView with amplification)\n   Weak, focal granular cytoplasmic staining in "
        "approximately 10% of tumour cells, not meeting the criteria for a positive result.\n   Interpretation: EQUIVOCAL.\n\n"
        "3. ROS1 (SP384)\n   No staining in tumour cells.\n   Interpretation: Negative.",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result) for b in block.biomarkers] == [("ALK", "equivocal"), ("ROS1", "negative")]
    hedged = extract_report(
        "Microscopy: on elastic van Gieson staining invasion of the elastic layer is equivocal (PL0 versus PL1 cannot be "
        "resolved).\nConclusion: pT1b pN0 (the lower category is assigned because pleural invasion is uncertain).",
        kind="pathology",
        lang="en",
    )
    assert hedged.pleural_invasion is None
    summary = extract_report(
        "DIAGNOSIS SUMMARY:\nMargins: Parietal pleural margin INVOLVED by invasive carcinoma; bronchial and vascular margins "
        "clear\nLymph nodes: 3 positive; total number examined cannot be determined because station 11R was received "
        "fragmented\n- Size: 12.5 mm (microscopic measurement).",
        kind="pathology",
        lang="en",
    )
    assert (summary.margins, summary.tumor_size_mm) == ("positive", 12.5)


def test_twentieth_set_rules_split_decimals_slashed_grades_fragments_and_vessel_emboli():
    split = extract_report(
        "Macroscopic: Upper lobe of the right lung 15x9x4 cm. In S1 subpleurally a greyish node 1. 9 x 1. 5 x 1. 4 cm. "
        "Conclusion: Well differentiated adenocarcinoma of the upper lobe of the right lung, 1. 9 cm, pT1aN0M0.",
        kind="pathology",
        lang="en",
    )
    assert split.tumor_size_mm == 19.0
    assert split.evidence["tumor_size_mm"][0].text.startswith("1. 9")  # the evidence as the report wrote it
    slashed = extract_report(
        "Diagnosis:. Carcinoma planoepitheliale pulmonis dextri lobi superioris G2/G3. Infiltratio pleurae visceralis. (PL2).",
        kind="pathology",
        lang="en",
    )
    assert slashed.grade == "G3"
    fragments = extract_report(
        "FINAL DIAGNOSIS:. A. Lung, RLL superior segment: adenocarcinoma, 1.6 cm. B. Lymph node, station 11R, excision: "
        "multiple fragments of lymph node tissue, negative for. malignancy.",
        kind="pathology",
        lang="en",
    )
    assert (fragments.nodes_positive, fragments.nodes_examined) == (0, None)
    emboli = extract_report(
        "Adenocarcinoma, G2. No neoplastic emboli in lymphatic or blood vessels. Bronchial margins free.",
        kind="pathology",
        lang="en",
    )
    assert emboli.lymphovascular_invasion is False
    comma = extract_report(
        "Macroscopic examination:. Right upper lobe 16 x 11 x 5 cm. Peripherally a grey-white tumour 4,2 x 3,0. x 2,8 cm.",
        kind="pathology",
        lang="en",
    )
    assert comma.tumor_size_mm == 42.0


def test_an_m_category_alone_gives_no_prefix_but_its_stage_is_read_with_it():
    facts = extract_report(
        "Clinical details:\nMass in the left upper lobe with multiple lytic bone lesions on PET-CT; staged cM1c, clinical "
        "stage IVB.\n\nConclusion:\nBone, right iliac crest, core biopsy: METASTATIC ADENOCARCINOMA.",
        kind="pathology",
        lang="en",
    )
    assert (facts.m, facts.tnm_prefix, facts.stage_group) == ("M1c", None, "IVB")


def test_a_checklists_answer_on_the_line_below_its_blank_options_and_a_frozen_margin_yields():
    facts = extract_report(
        "CANCER PROTOCOL\nVisceral Pleura Invasion\n___ Present  ___ Not identified  ___ Indeterminate\nNot identified\n\n"
        "Lymphovascular invasion:\n  [ ] Present  [ ] Not identified\n  Present (focal, small vessel)\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (False, True)
    margins = extract_report(
        "INTRAOPERATIVE CONSULTATION:\nBronchial margin, frozen section: no carcinoma identified.\n\nFINAL DIAGNOSIS:\n"
        "Right upper lobe, lobectomy: adenocarcinoma, 2.1 cm. Invasive carcinoma present at the bronchial margin on "
        "permanent sections.",
        kind="pathology",
        lang="en",
    )
    assert margins.margins == "positive"


def test_chinese_vessels_denied_after_the_word_a_corrected_total_a_bracketed_specimen_label_and_a_second_primarys_test():
    report = (
        "大体所见：1.（右肺中叶结节）楔形肺组织，大小5×3×1.5cm，切面见一灰白结节，直径约1.9cm。\n"
        "病理诊断：（右肺中叶）浸润性腺癌，病灶大小1.9×1.6×1.2cm，神经及脉管未见侵犯。淋巴结共12枚，均未见癌转移（0/12）。\n"
        "补充报告：另见淋巴结2枚，其中1枚见腺癌转移。更正：第7组淋巴结1/5；淋巴结总数1/14。"
    )
    facts = extract_report(report, kind="pathology", lang="zh")
    assert (facts.tumor_size_mm, facts.lymphovascular_invasion) == (19, False)
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 14)
    two = extract_report(
        "病理诊断：A.（左肺下叶）鳞状细胞癌，中分化，肿物大小3.1×2.6×2.4cm。B.（左肺上叶舌段）浸润性腺癌，直径约1.2cm。"
        "A、B两处为组织学类型不同的两个原发肺癌。\n免疫组化：A：PD-L1(22C3) TPS约50%。\n"
        "分子检测（B，左肺舌段腺癌，ARMS-PCR）：EGFR 19外显子缺失突变。",
        kind="pathology",
        lang="zh",
    )
    assert (two.lobe, [b.gene for b in two.biomarkers]) == ("lower", ["PD-L1"])


def test_a_lobectomy_named_with_its_side_is_the_tumours_site_and_ocr_double_i_is_ll() -> None:
    report = (
        "Clinical details: mass on CECT thorax. Right upper lobectomy with mediastinal lymph node sampling done.\n"
        "IMPRESSION:\nRight upper lobectomy: SMALL CELL CARCINOMA (2.2 cm).\n- Margins: free.\n"
        "Histologic Grade: GI, weII differentiated"
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.laterality, facts.lobe, facts.topography_code, facts.grade) == ("right", "upper", "C34.1", "G1")


def test_pipe_station_tables_worded_totals_a_tumour_bed_a_stated_m1b_and_a_lung_reports_pleura() -> None:
    table = extract_report(
        "Lymph nodes:\nStation | Nodes | Positive\n4R | 4 | 0\n9R | 0 (no nodal tissue identified) | 0\n10R | 2 | 1\n"
        "Total | 6 | 1\npT2a pN1",
        kind="pathology",
        lang="en",
    )
    assert (table.nodes_positive, table.nodes_examined) == (1, 6)
    worded = extract_report(
        "Microscopy: Adenosquamous carcinoma.\nLymph nodes: Twelve lymph nodes examined (stations 5, 7, 9L, 10L, 11L and "
        "intrapulmonary); all are negative for malignancy.",
        kind="pathology",
        lang="en",
    )
    assert (worded.nodes_positive, worded.nodes_examined) == (0, 12)
    responded = extract_report(
        "FINAL DIAGNOSIS: Lung, left upper lobe, lobectomy: no residual carcinoma (complete pathologic response); 2.2 cm "
        "tumor bed.\nTumor Bed Size: 2.2 cm\nPrimary Tumor (ypT): ypT0",
        kind="pathology",
        lang="en",
    )
    assert (responded.tumor_size_mm, responded.t) == (None, "T0")
    metastasis = extract_report(
        "Conclusion: T10 vertebral body, core biopsy: metastatic adenocarcinoma, consistent with the known lung primary. "
        "In combination with the imaging this represents M1b disease.",
        kind="pathology",
        lang="en",
    )
    assert metastasis.m == "M1b"
    covered = extract_report(
        "Clinical information: Squamous cell carcinoma of the right lower lobe, cT3 cN1 cM0 at diagnosis.\nMacroscopy: "
        "Lobe 15 x 11 x 6 cm with a tumour bed. The pleura over it is smooth.\nSummary: ypT1a ypN0",
        kind="pathology",
        lang="en",
    )
    assert (covered.laterality, covered.lobe) == ("right", "lower")


def test_a_second_primarys_own_write_up_keeps_its_verdicts_and_markers() -> None:
    report = (
        "FINAL DIAGNOSIS:\nA. Lung, right upper lobe, lobectomy:\n   - Invasive adenocarcinoma, acinar predominant, 3.4 cm "
        "(Tumor 1).\nB. Lung, right lower lobe, wedge resection:\n   - Squamous cell carcinoma, 1.1 cm (Tumor 2).\n"
        "   - Lymphovascular invasion present.\nCOMMENT:\nSeparate synchronous primary lung carcinomas.\n\n"
        "SYNOPTIC - TUMOR 1 (right upper lobe; dominant)\nLymphovascular Invasion: Not identified\n"
        "Biomarkers: PD-L1 (22C3) TPS <1%.\n\nSYNOPTIC - TUMOR 2 (right lower lobe)\nLymphovascular Invasion: Present\n"
        "Biomarkers: PD-L1 (22C3) TPS 40%."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.lobe, facts.lymphovascular_invasion) == ("upper", False)
    assert [(b.gene, b.result) for b in facts.biomarkers] == [("PD-L1", "negative")]


def test_tumours_labelled_in_one_lobe_keep_their_own_markers_and_the_size_names_the_main_one() -> None:
    report = (
        "FINAL DIAGNOSIS:\nRIGHT UPPER LOBE, LOBECTOMY:\n   TUMOR A (DOMINANT, apical segment): Adenocarcinoma, acinar,\n"
        "   moderately differentiated, 3.1 cm. Visceral pleural invasion not identified.\n"
        "   TUMOR B (anterior segment): Adenocarcinoma, lepidic, 0.9 cm.\n\nMOLECULAR STUDIES:\n"
        "   Tumor A: EGFR mutation analysis: negative (no mutation detected).\n   Tumor B: EGFR exon 19 deletion detected."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.lobe, facts.tumor_size_mm) == ("upper", 31.0)
    assert [(b.gene, b.result) for b in facts.biomarkers] == [("EGFR", "negative")]
    numbered = extract_report(
        "Left upper lobe, lobectomy:\nTumour #1 (S1+2, dominant): Invasive adenocarcinoma\n   Size: 22 x 18 x 15 mm\n"
        "   pl0, ly0, v0\nTumour #2 (S4, lingular segment): Minimally invasive adenocarcinoma\n   Size: 9 mm\n\n"
        "Molecular studies:\n   Tumour #1: PD-L1 (22C3) TPS 5%.\n   Tumour #2: KRAS G12C detected.",
        kind="pathology",
        lang="en",
    )
    assert numbered.pleural_invasion is False  # tumour 1's own code, not re-read outside tumour 2's lines
    assert [(b.gene, b.result) for b in numbered.biomarkers] == [("PD-L1", "positive")]


def test_a_chinese_lesion_label_with_its_assay_and_a_bracketed_history_stay_with_their_tumour() -> None:
    labelled = extract_report(
        "病理诊断：1.（右肺上叶楔形）浸润性腺癌，病灶大小1.5×1.2×1.0cm。2.（右肺下叶）浸润性腺癌，肿瘤最大径3.1cm。\n"
        "分子检测：\n右肺下叶肿瘤（ARMS法）：EGFR 19外显子缺失突变；ALK（D5F3）：阴性。\n"
        "右肺上叶肿瘤（ARMS法）：EGFR 21外显子L858R突变；PD-L1（22C3）：TPS<1%。",
        kind="pathology",
        lang="zh",
    )
    assert labelled.lobe == "lower"
    assert {(b.gene, b.result) for b in labelled.biomarkers} == {("EGFR", "positive"), ("ALK", "negative")}
    history = extract_report(
        "临床病史：左乳浸润性导管癌术后5年（原单位免疫组化：ER 90%+，HER2 3+），现发现右肺下叶结节。\n"
        "病理诊断：（右肺下叶）浸润性腺癌，直径约1.5cm。\n分子检测：ERBB2未检测到突变或扩增。",
        kind="pathology",
        lang="zh",
    )
    assert {(b.gene, b.result) for b in history.biomarkers} == {("HER2", "negative")}  # the breast cancer's 3+ is not


def test_flattened_line_ends_inside_a_result_a_site_a_feature_name_and_a_breast_history() -> None:
    report = (
        "CLINICAL HISTORY: History of left breast. carcinoma treated in 2001 (infiltrating ductal carcinoma, pT1c pN0, "
        "ER positive,. HER2 negative by FISH). Diagnosis: Left lung, pneumonectomy: squamous cell carcinoma, 5.0 cm, "
        "arising. in the left upper lobe bronchus. Lymph-vascular. invasion: not identified. ADDENDUM: EGFR no. "
        "mutation detected; KRAS codon 12 by. sequencing: G12V mutation detected. Fusions: none detected (ALK, ROS1, "
        "RET targets covered). No alterations detected in BRAF or MET."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.lobe, facts.laterality, facts.lymphovascular_invasion) == ("upper", "left", False)
    assert sorted((b.gene, b.result) for b in facts.biomarkers) == [
        ("ALK", "negative"),
        ("BRAF", "negative"),
        ("EGFR", "negative"),
        ("KRAS", "positive"),
        ("MET", "negative"),
        ("RET", "negative"),
        ("ROS1", "negative"),
    ]


def test_a_checklists_stage_line_closes_the_tnm_above_it_over_another_tumours_stage() -> None:
    report = (
        "COMMENT: the right lower lobe squamous cell carcinoma is staged separately as pT1 pN0 (stage IA).\n"
        "SYNOPTIC REPORT - DOMINANT TUMOR\nTumor size: 3.5 cm\nPathologic TNM: pT2 pN0 pMX\nStage grouping: IB"
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.t, facts.stage_group) == ("T2", "IB")


def test_chinese_structured_checklist_spaced_table_quoted_margin_correction_and_revised_grade_and_total() -> None:
    structured = extract_report(
        "肉眼所见：右肺上叶切除标本，大小16×10×4cm。距支气管切缘3cm处见一灰白结节，大小2.8×2.0×1.6cm。\n"
        "【肺癌切除标本结构化报告】\n脏层胸膜侵犯：■PL0 □PL1\n脉管侵犯：□有 ■无\n支气管切缘：□阳性 ■阴性\n"
        "淋巴结：\n组别    检出    转移\n2R      3       0\n7       4       0\n合计    7       0\n",
        kind="pathology",
        lang="zh",
    )
    assert (structured.pleural_invasion, structured.lymphovascular_invasion, structured.margins) == (False, False, "negative")
    assert (structured.nodes_positive, structured.nodes_examined) == (0, 7)
    revised = extract_report(
        "病理诊断：\n1.（左肺下叶）浸润性腺癌，IASLC分级2级；\n2.肿瘤大小1.9×1.5×1.2cm；\n3.支气管切缘未见癌；\n"
        "4.淋巴结：第5组0/1，第7组0/3，共0/4。\n补充报告：另检出淋巴结2枚，其中1枚见癌转移。淋巴结总数更正为1/6。"
        "IASLC分级更正为3级。更正报告：原报告“支气管切缘未见癌”更正为“支气管切缘见癌累及”。",
        kind="pathology",
        lang="zh",
    )
    assert (revised.grade, revised.nodes_positive, revised.nodes_examined, revised.margins) == ("G3", 1, 6, "positive")


def test_chinese_site_from_an_unbracketed_item_a_post_neoadjuvant_bracket_or_the_specimen_line() -> None:
    unbracketed = extract_report(
        "大体：右肺中叶及下叶标本。下叶见一肿物。\n病理诊断：\n1. 右肺下叶浸润性黏液腺癌，肿瘤大小5.5×4.0×3.5cm；\n2. 中叶肺组织未见肿瘤。",
        kind="pathology",
        lang="zh",
    )
    assert unbracketed.lobe == "lower"
    treated = extract_report(
        "临床诊断：左肺下叶腺癌新辅助化疗联合免疫治疗后\n病理诊断：\n（左肺下叶）新辅助治疗后，瘤床大小2.5×2.0cm，未见残存存活肿瘤。\nypT0 N0。",
        kind="pathology",
        lang="zh",
    )
    assert (treated.laterality, treated.lobe, treated.tumor_size_mm) == ("left", "lower", None)
    specimen = extract_report(
        "送检标本：左肺下叶切除标本\n病理诊断：浸润性腺癌，中-低分化，肿瘤大小1.2×1.0×0.8cm。支气管切缘净。",
        kind="pathology",
        lang="zh",
    )
    assert (specimen.laterality, specimen.lobe) == ("left", "lower")


def test_chinese_markers_a_piped_met_a_joined_negation_a_weak_positive_and_a_breast_historys_her2() -> None:
    facts = extract_report(
        "病史:患者8年前行右乳腺癌根治术(浸润性导管癌,ER(+),PR(+),HER2(3+))。病理诊断：（左肺上叶）浸润性腺癌。\n"
        "MET｜未检测到14号外显子跳跃突变及扩增｜-\nRET｜未检测到融合｜-\nALK（D5F3）：弱阳性，可疑，建议FISH检测确认。",
        kind="pathology",
        lang="zh",
    )
    # (MET twice: exon 14 skipping and amplification, both not found)
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("ALK", "equivocal"), ("MET", "negative"), ("RET", "negative")}


def test_older_narrative_reports_clinical_m0_remeasured_size_satellite_prose_stage_and_retold_node_counts() -> None:
    report = (
        "CLINICAL HISTORY: spiculated left upper lobe mass. Clinical stage T1 N0 M0. Left upper lobectomy.\n"
        "GROSS DESCRIPTION: a firm mass measuring 3.0 x 2.4 x 2.2 cm. A second, separate firm white nodule measuring "
        "0.6 cm.\nMICROSCOPIC DESCRIPTION: On microscopic measurement the invasive tumor measures 2.6 cm in greatest "
        "dimension. Tumor cells penetrate through the pleura. All eleven lymph nodes (parts 1 to 3) are free of "
        "metastatic carcinoma.\nFINAL DIAGNOSIS:\n1. LYMPH NODE, LEVEL 5: ONE LYMPH NODE, NO TUMOR (0/1).\n"
        "2. LYMPH NODES, LEVEL 7: SIX LYMPH NODES, NO TUMOR (0/6).\n3. LYMPH NODES, LEVEL 11L: FOUR LYMPH NODES, NO "
        "TUMOR (0/4).\n4. LUNG, LEFT UPPER LOBE: ADENOCARCINOMA. SEPARATE 0.6 CM TUMOUR NODULE (SATELLITE).\n"
        "COMMENT: pT2 pN0; the stage group is therefore IB despite the negative lymph nodes.\n"
        "ADDENDUM: EGFR mutation analysis (PCR amplification and direct sequencing of exons 18-21, performed at a "
        "reference laboratory on block 5C): an in-frame deletion in exon 19 is DETECTED. KRAS mutation analysis was "
        "performed at the request of Dr. [redacted]. No mutation was detected."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.m, facts.tumor_size_mm, facts.stage_group, facts.pleural_invasion) == ("M0", 26, "IB", True)
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 11)
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("EGFR", "positive"), ("KRAS", "negative")}


def test_a_revised_node_count_in_prose_and_a_summary_without_its_colon() -> None:
    revised = extract_report(
        "DIAGNOSIS: LYMPH NODES: 1/11 (HILAR 1/8, LEVEL 5 0/2, LEVEL 7 0/1). pT2 pN1 pMX. STAGE IIB. ADDENDUM: the T "
        "category is therefore amended to pT3 and the stage to IIIA (pT3 pN1). One further lymph node, negative; the "
        "revised lymph node count is 1/12.",
        kind="pathology",
        lang="en",
    )
    assert (revised.nodes_positive, revised.nodes_examined, revised.t, revised.stage_group) == (1, 12, "T3", "IIIA")
    summary = extract_report(
        "Microscopic: Peribronchial lymph nodes 0/2. All nodes negative.\nConclusion: adenocarcinoma, 31 mm. Lymph nodes "
        "0/8. TNM 7th edition: pT3 (separate tumour nodule in the same lobe) NO. Stage IIB.",
        kind="pathology",
        lang="en",
    )
    assert (summary.nodes_examined, summary.n) == (8, "N0")


def test_named_groups_with_bare_nodes_a_stations_bracketed_name_and_an_addendums_new_count_and_pleura() -> None:
    named = extract_report(
        "Micro: Squamous cell carcinoma. Hilar lymph nodes 2/6 positive; subcarinal nodes 0/2. Diagnosis: pT3 pN1 MX.",
        kind="pathology",
        lang="en",
    )
    assert (named.nodes_positive, named.nodes_examined) == (2, 8)
    bracketed = extract_report(
        "Microscopy: Adenocarcinoma. Hilar lymph nodes: 2 of 5 show metastatic deposits. Aorto-pulmonary window "
        "(station 5) nodes: 0/2. Impression: adenocarcinoma with hilar nodal metastasis (2/7). T2 N1 MX.",
        kind="pathology",
        lang="en",
    )
    assert (bracketed.nodes_positive, bracketed.nodes_examined) == (2, 7)
    added = extract_report(
        "MICRO: Adenocarcinoma. Pleural invasion not identified on H&E.\nLYMPH NODES: Station 5 0/2, station 7 0/3 (0/5).\n"
        "DIAGNOSIS: Left upper lobe adenocarcinoma, 3.0 cm, pT1 pN0.\n\nADDENDUM: Elastic stain shows tumour beyond the "
        "elastic lamina; visceral pleural invasion is present. One additional lymph node found, negative. Lymph nodes "
        "now 0/6.",
        kind="pathology",
        lang="en",
    )
    assert (added.pleural_invasion, added.nodes_positive, added.nodes_examined) == (True, 0, 6)


def test_translated_reports_station_lists_differentiation_words_uicc_codes_and_an_addendums_pleura() -> None:
    report = (
        "Operation: left pneumonectomy.\nMicroscopy and conclusion:\n- Differentiation: poor\n- Lymphatic invasion: (+)\n"
        "- Bronchial margin: invasive adenocarcinoma reaches the inked bronchial margin focally.\n"
        "- Lymph node: 0/5 (hilar group), 2/3 (st.4L)\n- Pleural invasion: PL0.\n- Stage group (yp): IA1\n"
        "Molecular: BRAF V600E: not detected\n   PD-L1 (22C3) TPS: 15%\n"
        "ADDENDUM (07.2022): Elastic stain (EVG) performed on block A3 shows tumour infiltrating beyond the elastic layer "
        "of the visceral pleura (PL1)."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.grade, facts.lymphovascular_invasion, facts.margins, facts.stage_group) == ("G3", True, "positive", "IA1")
    assert (facts.nodes_positive, facts.nodes_examined, facts.pleural_invasion, facts.laterality) == (2, 8, True, "left")
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("BRAF", "negative"), ("PD-L1", "positive")}
    named = extract_report(
        "Lymphovascular invasion: L0, V0. Lymph nodes: bronchopulmonary 0/4; bifurcation group (No. 7) 0/3; paraaortic "
        "(No. 5-6) 0/2. Lymph node metastasis: present, 2 out of 12. PD-L1 (22C3) TPS: %2.",
        kind="pathology",
        lang="en",
    )
    assert (named.lymphovascular_invasion, named.biomarkers[0].value) == (False, 2.0)


def test_flattened_checklist_values_after_a_colon_stop_a_split_ocr_decimal_and_a_revised_count_label() -> None:
    report = (
        "Macroscopic description:. Near the basal segmental bronchus a whitish tumour 5. O x 4.2 x 3.5 cm, located 1.5 cm "
        "from the bronchial resection line. Total lymph nodes: 0/9. Stage Group (AJCC 7th edition):. IA. ADDENDUM: one "
        "further node contains metastatic adenocarcinoma. Revised lymph node count: 1 of 10 lymph nodes positive."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.tumor_size_mm, facts.stage_group) == (50, "IA")
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 10)


def test_translated_and_flattened_node_lists_sizes_and_margins() -> None:
    report = (
        "Macroscopic description:. In the lower lobe bronchus a tumour node of dense consistency, grey-white colour, "
        "7. 2 x 6.0 x 5.5 cm. Microscopic description:. Squamous cell carcinoma. The bronchial stump margin is without "
        "tumour growth. Lymph nodes:. bronchopulmonary - 1 of 6 with rnetastasis; group 7 (subcarinal) - 2 of 5 with "
        "rnetastases; group 5 - 0 of 2; group 10 - 0 of 2. Conclusion:. Squamous cell carcinoma with rnetastases in 3 of "
        "15 lymph nodes. pT2N2MO."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.tumor_size_mm, facts.margins) == (72, "negative")
    assert (facts.nodes_positive, facts.nodes_examined) == (3, 15)
    # Another tumour's quoted "pN1 (2/18)" gives no count to a report that submitted no nodes; its pTX is still "p".
    wedge = extract_report(
        "Diagnosis: adenocarcinoma. The tumour extends to the stapled parenchymal margin. No lymph nodes submitted. "
        "pTX pNX. Comment: the previous colonic tumour was adenocarcinoma, pT3 pN1 (2/18). Visceral pIeura: invaded.",
        kind="pathology",
        lang="en",
    )
    assert (wedge.nodes_positive, wedge.nodes_examined, wedge.margins, wedge.tnm_prefix) == (None, None, "positive", "p")
    assert wedge.pleural_invasion is True
    bed = extract_report(
        "Diagnosis: Residual invasive adenocarcinoma, 0.6 cm in greatest dimension, within a 3.2 cm fibrotic tumor bed. "
        "ALK (FISH): not rearranged.",
        kind="pathology",
        lang="en",
    )
    assert bed.tumor_size_mm == 6
    assert [(b.gene, b.result) for b in bed.biomarkers] == [("ALK", "negative")]


def test_full_width_digits_chinese_grade_ranges_and_a_one_line_node_total() -> None:
    report = (
        "病理诊断：（左肺下叶）浸润性腺 癌，中-高分化，肿物大小４．５×３．０×２．８cm。"
        "送检淋巴结未见癌转移（０/１２）。pT２bN０M０，ⅡA期。"
    )
    facts = extract_report(report, kind="pathology", lang="zh")
    assert (facts.t, facts.n, facts.m, facts.stage_group) == ("T2b", "N0", "M0", "IIA")
    assert (facts.tumor_size_mm, facts.grade) == (45, "G2")
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 12)
    assert facts.primary_size_text == "４．５×３．０×２．８cm"  # as written
    ranged = extract_report("病理诊断：浸润性腺癌，组织学分级：2-3级（IASLC）。", kind="pathology", lang="zh")
    assert ranged.grade == "G3"


def test_a_previous_cancers_marker_across_a_wrapped_or_flattened_line_is_not_this_tumours() -> None:
    history = "CLINICAL HISTORY: LEFT LOWER LOBE NODULE. HISTORY OF COLON\nADENOCARCINOMA (2008), KRAS MUTATED.\n"
    diagnosis = "FINAL DIAGNOSIS:\nLUNG, LEFT LOWER LOBE: INVASIVE ADENOCARCINOMA, 2.1 CM.\nKRAS: WILD TYPE."
    for text in (history + diagnosis, flatten_like_tcga(history + diagnosis)):
        facts = extract_report(text, kind="pathology", lang="en")
        assert [(b.gene, b.result) for b in facts.biomarkers] == [("KRAS", "negative")]


def test_a_reports_own_mx_leaves_the_work_ups_m0_out_and_a_chinese_field_answered_not_involved() -> None:
    report = (
        "病史摘要：右肺下叶鳞状细胞癌，治疗前临床分期cT3N1M0 ⅢA期，新辅助治疗后手术。\n"
        "病理诊断：（右肺下叶）新辅助治疗后改变，残存少量鳞状细胞癌。\n  ·残存肿瘤最大径：0.6cm\n  ·脏层胸膜：未累及\n"
        "  ·病理分期：ypT1aN0Mx，ⅠA1期（AJCC第8版）"
    )
    facts = extract_report(report, kind="pathology", lang="zh")
    assert (facts.t, facts.n, facts.m, facts.stage_group) == ("T1a", "N0", None, "IA1")
    assert facts.pleural_invasion is False
    english = extract_report(
        "CLINICAL HISTORY: Staging work-up cT2a cN1 cM0.\nDIAGNOSIS: Adenocarcinoma, 3.2 cm. pT2a pN1.",
        kind="pathology",
        lang="en",
    )
    assert english.m == "M0"  # the pathology states no M: the work-up's clinical M0 stands


def test_a_metastasis_biopsy_takes_no_side_from_its_organ_and_abbreviated_sites_place_a_biopsy() -> None:
    brain = extract_report(
        "FINAL DIAGNOSIS:\nBRAIN, RIGHT FRONTAL LESION, RESECTION:\n - METASTATIC ADENOCARCINOMA, MOST CONSISTENT WITH "
        "PULMONARY ORIGIN.",
        kind="pathology",
        lang="en",
    )
    assert (brain.laterality, brain.topography_code) == (None, None)
    core = extract_report(
        "Specimen: CT guided biopsy R lower lobe - 2 cores.\nMicroscopic: Lung parenchyma with invasive mucinous "
        "adenocarcinoma.\nCONCLUSION:\nR LOWER LOBE, CT GUIDED CORE BIOPSY: INVASIVE MUCINOUS ADENOCARCINOMA.",
        kind="pathology",
        lang="en",
    )
    assert (core.laterality, core.lobe) == ("right", "lower")
    bronchus = extract_report(
        "DIAGNOSIS:\nA. LEFT MAINSTEM BRONCHUS, ENDOBRONCHIAL BIOPSY:\n   SQUAMOUS CELL CARCINOMA, KERATINIZING.",
        kind="pathology",
        lang="en",
    )
    assert (bronchus.laterality, bronchus.topography_code) == ("left", "C34.0")


def test_markers_of_a_past_cancer_named_without_its_organ_or_under_pmh_are_not_this_tumours() -> None:
    report = (
        "Clinical details: 58M. PMH colorectal cancer 2015 (pMMR, KRAS c.35G>T p.G12V).\n"
        "PMH: L breast ca 2010 (ER+, PR+, HER2 3+ / amplified).\n"
        "Conclusion: Right upper lobe, core biopsy - ADENOCARCINOMA. EGFR, KRAS: no pathogenic variants detected."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("EGFR", "negative"), ("KRAS", "negative")}
    dominant = extract_report(
        'FINAL DIAGNOSIS:\nA. LUNG, RIGHT UPPER LOBE, LOBECTOMY: ADENOCARCINOMA, 3.2 CM ("TUMOR A").\n'
        'B. LUNG, RIGHT LOWER LOBE, WEDGE: ADENOCARCINOMA, 0.9 CM ("TUMOR B").\n\nSYNOPTIC - TUMOR A (dominant)\n'
        "Size: 3.2 cm\n\nBIOMARKERS\nTumor A (block A3): NGS - KRAS p.(G12C), VAF 22%.\n"
        "Tumor B (block B2): NGS - EGFR exon 19 deletion, VAF 18%;\n  KRAS wild-type. PD-L1 22C3: TPS <1%.",
        kind="pathology",
        lang="en",
    )
    assert {(b.gene, b.result) for b in dominant.biomarkers} == {("KRAS", "positive")}


def test_small_specimens_take_no_work_up_or_node_size_and_the_history_places_a_node_samples_primary() -> None:
    core = extract_report(
        "SPECIMEN: Lung, left upper lobe, CT-guided core needle biopsy (x4)\nCLINICAL: Never smoker. 2.8 cm LUL mass. "
        "Hx cutaneous melanoma (2018, BRAF V600K), resected.\nDIAGNOSIS:\nLung, left upper lobe, core biopsy:\n"
        "  POORLY DIFFERENTIATED ADENOCARCINOMA.",
        kind="pathology",
        lang="en",
    )
    assert (core.tumor_size_mm, core.biomarkers) == (None, [])
    staging = extract_report(
        "CLINICAL NOTES\nCervical mediastinoscopy for staging. Biopsy proven adenocarcinoma R lower\nlobe (CT core bx).\n\n"
        'MACROSCOPIC\n1. Labelled "Station 2R". A single pale nodule 6x4x3mm. AE 1A.\n2. Labelled "4R". Three lymph '
        "nodes.\n\nDIAGNOSIS\n1. Lymph node, station 2R: benign (0/1).\n2. Lymph node, station 4R: METASTATIC "
        "ADENOCARCINOMA in one of three nodes, consistent with spread from the known lung primary.",
        kind="pathology",
        lang="en",
    )
    assert (staging.tumor_size_mm, staging.laterality, staging.lobe) == (None, "right", "lower")
    corrected = extract_report(
        "更正内容：原报告“肿瘤大小4.2×2.0×1.8cm”系录入错误，经复核大体记录及切片，更正为“肿瘤大小2.4×2.0×1.8cm”。\n"
        "更正后完整诊断：\n1.（左肺下叶）浸润性腺癌，肿瘤大小2.4×2.0×1.8cm。",
        kind="pathology",
        lang="zh",
    )
    assert corrected.tumor_size_mm == 24.0
    nodules = extract_report(
        "大体：\n（2R组）灰褐结节3枚，直径0.5-1.2cm；\n（7组）灰褐结节4枚，直径0.4-1.8cm。\n病理诊断：\n"
        "（2R组）淋巴结3枚，其中1枚见鳞状细胞癌转移；\n（7组）淋巴结4枚，未见癌转移。",
        kind="pathology",
        lang="zh",
    )
    assert (nodules.tumor_size_mm, nodules.nodes_positive, nodules.nodes_examined) == (None, 1, 7)


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ("Synoptic:\nRegional lymph nodes: Examined 14; Involved 0; with treatment effect 3\nypT1a ypN0", (0, 14)),
        (
            "DIAGNOSIS:\n(A) LLL, lobectomy - adenocarcinoma, 2.7 cm. Stn 12L node: metastatic (1/1).\n(B) LN stn 5 - "
            "0/2.   (C) LN stn 7 - 0/3.   (D) LN stn 11L - 1/2 positive.\nLymph nodes: metastatic adenocarcinoma in 2 "
            "of 8 nodes.",
            (2, 8),
        ),
        (
            "FINDINGS:\n(1) Station 4L: Cell block: multiple fragments of lymph node tissue. Negative for malignancy.\n"
            "INTERPRETATION:\nALL STATIONS NEGATIVE FOR MALIGNANT CELLS.",
            (0, None),
        ),
    ],
)
def test_node_totals_of_a_synoptic_a_labelled_summary_and_an_ebus_verdict(report: str, expected: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.nodes_positive, facts.nodes_examined) == expected


def test_a_pleura_code_that_cannot_be_called_and_a_past_cancers_grade_state_nothing() -> None:
    report = (
        "Clinical details: 67F. 42 mm LLL mass on CT.\nPMH L breast Ca 2012 (grade 2 IDC, ER 8/8, HER2 negative).\n"
        "DIAGNOSIS: Left lower lobe, lobectomy: invasive adenocarcinoma, 3.9 cm.\n- Visceral pleural invasion: EQUIVOCAL - "
        "elastic lamina focally disrupted; cannot be classified as PL1 with confidence."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.grade, facts.pleural_invasion, facts.tumor_size_mm) == (None, None, 39.0)


def test_chinese_papillary_is_no_breast_an_unsupported_metastasis_a_bracketed_history_and_a_clinical_note() -> None:
    effusion = extract_report(
        "临床病史：左乳腺癌改良根治术后6年（术后病理：浸润性导管癌，ER（90%+），HER2（3+）），本次发现右侧胸腔积液。\n"
        "镜下所见：异型细胞呈腺样、乳头状排列。\n诊断意见：（右侧胸腔积液）找到腺癌细胞，符合肺来源腺癌，不支持乳腺癌转移。\n"
        "分子检测：EGFR 21外显子L858R突变（+）",
        kind="pathology",
        lang="zh",
    )
    assert effusion.topography_code == "C34.9"
    assert {(b.gene, b.result) for b in effusion.biomarkers} == {("EGFR", "positive")}
    colon = extract_report(
        "临床病史：乙状结肠癌根治术后3年（术后病理：中分化腺癌；KRAS基因检测：第2外显子G12D突变；MSS）。\n"
        "病理诊断：（左肺下叶）浸润性腺癌，肿瘤大小1.9×1.5×1.2cm。",
        kind="pathology",
        lang="zh",
    )
    assert colon.biomarkers == []
    bronchus = extract_report(
        "临床：CT示左肺门占位，左上叶不张。\n诊断：\n（左主支气管远端新生物活检）鳞状细胞癌，中分化。",
        kind="pathology",
        lang="zh",
    )
    assert (bronchus.laterality, bronchus.lobe, bronchus.topography_code) == ("left", None, "C34.0")


def test_a_consultations_recount_replaces_the_quoted_total_and_a_tumour_blocks_bare_size_field() -> None:
    consultation = extract_report(
        "外院诊断：（右肺上叶）鳞状细胞癌，淋巴结未见转移（0/11）。\n会诊意见：\n1.（右肺上叶）浸润性腺癌。\n"
        "2.复阅外院淋巴结切片：第4组（1/3），见腺癌转移；第10组（1/2），见腺癌转移；第11组（0/4）；第7组（0/2）。",
        kind="pathology",
        lang="zh",
    )
    assert (consultation.nodes_positive, consultation.nodes_examined) == (2, 11)
    block = extract_report(
        "[肿瘤]\n部位：左肺上叶（尖后段）\n组织学类型：浸润性腺癌\n大小：3.8×3.0×2.6cm\n[切缘]\n支气管切缘（-）",
        kind="pathology",
        lang="zh",
    )
    assert block.tumor_size_mm == 38.0


def test_a_wrapped_measurement_a_correcting_addendums_size_and_the_dominant_tumours_stage_and_markers() -> None:
    report = (
        "FINAL DIAGNOSIS:\nA. RIGHT UPPER LOBE, LOBECTOMY:\n   ADENOCARCINOMA, 3.9 CM (TUMOR #1, DOMINANT).\n"
        "   - Invasive carcinoma is present at the posterior chest wall soft tissue margin.\n"
        "B. RIGHT LOWER LOBE, WEDGE RESECTION:\n   SQUAMOUS CELL CARCINOMA, 0.9 CM (TUMOR #2).\n\nCOMMENT:\n"
        "The right lower lobe carcinoma would separately be pT1 (Stage IA).\n\nSYNOPTIC SUMMARY - DOMINANT TUMOR:\n"
        "pT2 pN0 pMX\nAJCC (6th ed.) Stage IB\n\nADDENDUM 1: CORRECTION OF TUMOR SIZE\nOn review, the greatest dimension "
        "of the right upper lobe tumor is 4.2 cm, not 3.9 cm as originally dictated.\n\nADDENDUM 2: MOLECULAR STUDIES\n"
        "Tumor #1 (block A3): ALK FISH: 12% of nuclei show split signals; this is a\nborderline result, interpreted as "
        "EQUIVOCAL.\nTumor #2 (block B1): KRAS codon 12 mutation (G12V) detected."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.stage_group, facts.tumor_size_mm, facts.margins) == ("IB", 42.0, "positive")
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("ALK", "equivocal")}
    wrapped = extract_report(
        "Macroscopy:\n(1) Right lower lobe, 190 x 120 x 50 mm, 230 g. A firm grey-white tumour\nmeasuring 55 x 40 x 38 mm "
        "lies in the basal segments.\nSummary: adenosquamous carcinoma, poorly differentiated. pT2 pN0.",
        kind="pathology",
        lang="en",
    )
    assert wrapped.tumor_size_mm == 55.0


def test_a_second_primarys_part_label_grade_and_markers_and_a_wrapped_negation_at_a_margin() -> None:
    report = (
        "FINAL DIAGNOSIS:\nA. RIGHT UPPER LOBE, LOBECTOMY:\n   INVASIVE ADENOCARCINOMA, ACINAR PREDOMINANT, 3.4 CM (TUMOR 1, "
        "DOMINANT).\n   BRONCHIAL MARGIN: CARCINOMA IN SITU PRESENT AT THE MARGIN; NO\n     INVASIVE CARCINOMA AT THE "
        "MARGIN.\nB. RIGHT LOWER LOBE, WEDGE RESECTION:\n   INVASIVE ADENOCARCINOMA, LEPIDIC PREDOMINANT, WELL "
        "DIFFERENTIATED, 0.9 CM (TUMOR 2).\nC. LYMPH NODES, LEVEL 4R: THREE LYMPH NODES WITH TREATMENT EFFECT;\n   NO "
        "VIABLE CARCINOMA (0/3).\n\nSYNOPTIC REPORT - TUMOR 1\nHistologic grade: G2: Moderately differentiated\n\n"
        "ADDENDUM: Molecular studies\nPart A (Tumor 1, right upper lobe), block A5: EGFR: no mutation detected.\n"
        "Part B (Tumor 2, right lower lobe), block B2: EGFR: exon 21 L858R mutation DETECTED."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.grade, facts.margins, facts.nodes_examined) == ("G2", "negative", 3)
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("EGFR", "negative")}


def test_a_checklists_laterality_a_resected_past_cancers_marker_and_a_long_revision_of_the_size() -> None:
    report = (
        "Clinical History. 59-year-old woman with history of left lower lobe adenocarcinoma, pT2 N0, resected 2009, EGFR "
        "exon 19 deletion. Final Diagnosis. A. Right upper lobe, lobectomy: adenocarcinoma, 1.7 cm. Comment. The 2009 "
        "left lower lobe tumor was solid predominant. Synoptic. Laterality: Right. Tumor site: Upper lobe. Addendum. EGFR "
        "(exons 18-21): No mutation detected. ALK (FISH): 14% of nuclei with split signals. This is in the borderline "
        "range and the result is reported as EQUIVOCAL."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert facts.laterality == "right"
    assert {(b.gene, b.result) for b in facts.biomarkers} == {("EGFR", "negative"), ("ALK", "equivocal")}
    revised = extract_report(
        "DIAGNOSIS: Invasive adenocarcinoma, 2.0 cm.\nADDENDUM 1 - REVISED DIAGNOSIS\nThe total invasive tumor size, "
        "measured on the slides and the gross photograph, is revised to 3.2 cm.",
        kind="pathology",
        lang="en",
    )
    assert revised.tumor_size_mm == 32.0


def test_a_flattened_line_join_inside_the_words_before_a_positive_margin() -> None:
    report = (
        "FINAL DIAGNOSIS:. A. RIGHT LUNG, PNEUMONECTOMY:. 1. INVASIVE SQUAMOUS CELL CARCINOMA, 6.3 CM. 2. INVASIVE "
        "SQUAMOUS CELL CARCINOMA IS PRESENT AT THE BRONCHIAL RESECTION. MARGIN (SEE COMMENT)."
    )
    assert extract_report(report, kind="pathology", lang="en").margins == "positive"


def test_review_cases_a_field_answered_no_a_later_group_a_pet_suspicious_nodule_and_a_margins_label() -> None:
    checklist = extract_report(
        "DIAGNOSIS: Adenocarcinoma, 2.1 cm.\nVisceral pleural invasion: NO\nLymphovascular invasion: PRESENT",
        kind="pathology",
        lang="en",
    )
    assert (checklist.pleural_invasion, checklist.lymphovascular_invasion) == (False, True)
    groups = extract_report(
        "DIAGNOSIS: A. LUNG, RIGHT UPPER LOBE: adenocarcinoma, 2.0 cm. B. level 4r: reactive lymph node; hilar lymph "
        "node, metastatic carcinoma (1/2).",
        kind="pathology",
        lang="en",
    )
    assert {"station": "4R", "positive": 1, "examined": 2} not in groups.nodes_by_station
    assert (groups.nodes_positive, groups.nodes_examined) == (1, 2)  # the hilar group's own count
    suspected = extract_report(
        "DIAGNOSIS: Wedge excision of a PET-suspicious nodule shows invasive adenocarcinoma, 1.2 cm. Tumour extends to "
        "the visceral pleura. Margins: negative.",
        kind="pathology",
        lang="en",
    )
    assert (suspected.histology_code, suspected.margins) == ("8140/3", "negative")


def test_a_flattened_history_places_a_node_samples_primary_after_its_preposition() -> None:
    report = (
        "CLINICAL HISTORY:. 68 yo M. PET-CT: 3.1 cm FDG-avid spiculated mass in. the right upper lobe with FDG-avid "
        "subcarinal nodes. SPECIMENS:. A. Lymph node, station 7, EBUS-TBNA. FINAL CYTOLOGIC DIAGNOSIS:. A. LYMPH NODE, "
        "STATION 7, EBUS-GUIDED FNA:. - METASTATIC ADENOCARCINOMA, CONSISTENT WITH LUNG PRIMARY."
    )
    facts = extract_report(report, kind="pathology", lang="en")
    assert (facts.laterality, facts.lobe) == ("right", "upper")


def test_a_flattened_line_end_inside_a_size_cue_or_before_the_tumours_site() -> None:
    corrected = extract_report(
        "GROSS:. A 1.4 cm satellite nodule is 0.8 cm from the staple line. ADDENDUM: CORRECTION OF TUMOR SIZE. On "
        "review of the slides, the greatest. dimension of the right upper lobe tumor is 4.2 cm (4.2 x 3.0 x 2.7 cm),. "
        "not 3.9 cm as originally dictated.",
        kind="pathology",
        lang="en",
    )
    assert corrected.tumor_size_mm == 42
    listed = extract_report(
        "DIAGNOSIS:. Right upper and middle lobes (bilobectomy):. - Invasive mucinous adenocarcinoma, moderately "
        "differentiated, main tumour. in the right middle lobe, 74 mm, with extension into the upper lobe. - Separate "
        "tumour nodule (10 mm) in the same lobe.",
        kind="pathology",
        lang="en",
    )
    assert listed.tumor_size_mm == 74
    patterns = extract_report(
        "FINAL DIAGNOSIS:. Tumor A, right upper lobe: adenocarcinoma, well differentiated, mixed bronchioloalveolar and "
        "acinar. patterns, 2.7 cm. Tumor B, right middle lobe: squamous cell carcinoma, moderately differentiated, 1.5 cm.",
        kind="pathology",
        lang="en",
    )
    assert patterns.tumor_size_mm == 27
    placed = extract_report(
        "DIAGNOSIS:. - Squamous cell carcinoma, moderately differentiated, centred in the right lower lobe (superior "
        "segment), 5.6 x 4.8 x 4.0 cm. - The tumour extends into the bronchus.",
        kind="pathology",
        lang="en",
    )
    assert placed.tumor_size_mm == 56
    # A size before its "in greatest. diameter" is not the cue's: the next sentence's measure is no tumour's.
    cervix = extract_report(
        "GROSS:. The ectocervix measures 3.5 cm in greatest. diameter. The cervical os measures 0.8 cm.",
        kind="pathology",
        lang="en",
    )
    assert cervix.tumor_size_mm is None


def test_flattened_node_counts_a_frozen_sections_count_and_a_labelled_total_over_uncounted_parts() -> None:
    flattened = extract_report(
        "DIAGNOSIS:. A. RIGHT UPPER LOBE, LOBECTOMY: ADENOCARCINOMA. SEVEN (7) PERIBRONCHIAL AND HILAR LYMPH NODES, "
        "NEGATIVE FOR. METASTATIC CARCINOMA (0/7). B. LYMPH NODE, 4L, BIOPSY: ONE LYMPH NODE WITH METASTATIC NON-SMALL "
        "CELL CARCINOMA,. FAVOR ADENOCARCINOMA (1/1).",
        kind="pathology",
        lang="en",
    )
    assert (flattened.nodes_positive, flattened.nodes_examined) == (1, 8)
    # The frozen section's count is the final diagnosis's, told first.
    frozen = extract_report(
        "FROZEN SECTION DIAGNOSIS. FSA) Left sentinel node - Two of three lymph nodes positive for. metastatic carcinoma "
        "(2/3). DIAGNOSIS. A. Left axillary sentinel lymph nodes, excision: Metastatic carcinoma present in 2 of 3 lymph "
        "nodes (2/3). C. Left axillary contents, resection: No evidence of metastasis in nine lymph nodes (0/9).",
        kind="pathology",
        lang="en",
    )
    assert (frozen.nodes_positive, frozen.nodes_examined) == (2, 12)
    labelled = extract_report(
        "DIAGNOSIS. 2. LYMPH NODE, LEFT PELVIC, EXCISION: ONE OUT OF ELEVEN LYMPH NODES POSITIVE FOR. METASTATIC "
        "CARCINOMA (1/11). 4. LYMPH NODE, RIGHT PELVIC, EXCISION: TWO OUT OF FIFTEEN LYMPH NODES POSITIVE FOR. "
        "METASTATIC CARCINOMA (2/15). 5. BLADDER, CYSTECTOMY: INVASIVE UROTHELIAL CARCINOMA. Lymph nodes: Three out of "
        "thirty-one lymph nodes positive (3/31), including specimens #2, #4 & #5.",
        kind="pathology",
        lang="en",
    )
    assert (labelled.nodes_positive, labelled.nodes_examined) == (3, 31)


def test_a_flattened_line_end_before_a_small_letter_does_not_end_the_tumours_sentence() -> None:
    facts = extract_report(
        "Diagnosis:. Moderately differentiated adenocarcinoma of the middle lobe, predominantly acinar. growth pattern "
        "with minor papillary component, maximal diameter 2.6 cm. No. invasion of the visceral pleura (PL0).",
        kind="pathology",
        lang="en",
    )
    assert facts.tumor_size_mm == 26
    treated = extract_report(
        "DIAGNOSIS:. 1. Right lung, pneumonectomy after neoadjuvant chemotherapy:. - Residual squamous cell carcinoma, "
        "moderately differentiated, with a largest. viable focus of 3.2 cm within a 5.5 cm fibrotic tumour bed.",
        kind="pathology",
        lang="en",
    )
    assert treated.tumor_size_mm == 32
    # Capitals tell nothing: a stop before a capital still ends the sentence ("Lymph nodes … Maximal diameter 3.7 cm").
    node = extract_report("Lymph node, station 7: metastatic carcinoma. Maximal diameter 3.7 cm.", kind="pathology", lang="en")
    assert node.tumor_size_mm is None


def test_a_flattened_staging_table_is_read_row_by_row() -> None:
    facts = extract_report(
        "Lymph nodes: 0 positive of 10 examined. Pathologic staging:. | Edition   | pT    | pN   | pM   | Stage group |. "
        "| AJCC 7th  | pT1b  | pN0  | pMX  | IA          |. MOLECULAR STUDIES (sent out): EGFR pending.",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, facts.stage_group) == ("T1b", "N0", "IA")


def test_node_totals_after_neoadjuvant_therapy_and_a_node_lists_last_line() -> None:
    counted = extract_report(
        "SYNOPTIC\nLymph nodes:\n  Number examined: 14\n  Number with viable metastatic tumour: 0\n  Number with treatment "
        "effect only: 1\n",
        kind="pathology",
        lang="en",
    )
    assert (counted.nodes_positive, counted.nodes_examined) == (0, 14)
    listed = extract_report(
        "DIAGNOSIS\nLeft pneumonectomy: squamous cell carcinoma, 63 mm.\nLymph nodes:\n  Hilar (10L): 2 of 4 involved\n"
        "  Level 5: 0 of 2\n  Level 7: 1 of 3 involved\n  Level 11L: 0 of 1\n  Total: 3 of 10 involved\n",
        kind="pathology",
        lang="en",
    )
    assert (listed.nodes_positive, listed.nodes_examined) == (3, 10)
    worded = extract_report(
        "Final diagnosis. B-F. Lymph nodes: viable metastatic adenocarcinoma in 1 of 12 nodes (station 11R). Lymph node "
        "detail. Intrapulmonary 0/2. 4R 0/3. 7 0/3 (1 with treatment effect only). 10R 0/2. 11R 1/2.",
        kind="pathology",
        lang="en",
    )
    assert (worded.nodes_positive, worded.nodes_examined) == (1, 12)
    flattened = extract_report(
        "Margins. Uninvolved by invasive carcinoma. Regional Lymph Nodes. Number examined:. 7. Number involved:. 0. "
        "Pathologic Staging (pTNM, AJCC 7th). pT:. pT1a. pN:. pN0.",
        kind="pathology",
        lang="en",
    )
    assert (flattened.nodes_positive, flattened.nodes_examined) == (0, 7)


def test_lesions_labelled_by_letter_with_one_called_dominant_and_a_flattened_labels_sentence() -> None:
    lesions = extract_report(
        "DIAGNOSIS\nRight lower lobe, wedge resections:\n  Lesion A (superior segment) - DOMINANT: invasive non-mucinous "
        "adenocarcinoma, grade 2, 1.9 cm.\n  Lesion B (lateral basal segment): minimally invasive adenocarcinoma, 0.8 "
        "cm.\n\nMOLECULAR\nLesion A (block A3), NGS: ERBB2 (HER2) exon 20 insertion detected. No EGFR or KRAS mutation "
        "detected.\nLesion B (block A9), NGS: EGFR exon 21 p.L858R detected.\n",
        kind="pathology",
        lang="en",
    )
    assert {(b.gene, b.result) for b in lesions.biomarkers} == {("HER2", "positive"), ("EGFR", "negative"), ("KRAS", "negative")}
    flattened = extract_report(
        "Pathological diagnosis:. (Left lower lobe) Multifocal lung adenocarcinoma:. Nodule 1: invasive adenocarcinoma, "
        "well differentiated, size 1.9 x 1.6 x 1.2 cm. Nodule 2: minimally invasive adenocarcinoma, 0.9 cm. Nodule 3: "
        "adenocarcinoma in situ, 0.5 cm. Visceral pleural invasion: not seen (PL0). Vascular invasion: not seen.",
        kind="pathology",
        lang="en",
    )
    assert flattened.pleural_invasion is False


def test_carcinoma_present_at_a_margin_across_a_flattened_line_end() -> None:
    facts = extract_report(
        "DIAGNOSIS:. A. Left lower lobe, sleeve lobectomy: squamous cell carcinoma, 27 mm. The visceral pleura is not "
        "involved (PL0). Invasive carcinoma is present. at the proximal bronchial margin; the distal bronchial and "
        "vascular margins are. clear. Peribronchial lymph nodes 0/2.",
        kind="pathology",
        lang="en",
    )
    assert facts.margins == "positive"


def test_translated_margins_and_node_groups_counted_in_brackets() -> None:
    facts = extract_report(
        "Microscopic description: Squamous cell carcinoma, moderately differentiated (G2). In the edge of resection of "
        "the bronchus - without tumor growth. In bronchopulmonary lymph nodes (3) - sinus histiocytosis, without "
        "metastases. Paraaortic lymph node (1) -. metastasis of adenocarcinoma. Lymph nodes of bifurcation group (3) - "
        "without metastases, anthracosis.",
        kind="pathology",
        lang="en",
    )
    assert facts.margins == "negative"
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 7)
    stump = extract_report(
        "Microscopy: Adenocarcinoma, G2. Resection margin of bronchus - without tumor.", kind="pathology", lang="en"
    )
    assert stump.margins == "negative"
    for line in (
        "Resection line of the bronchus - without tumor growth.",
        "Resection line of the intermediate bronchus - without tumor.",
    ):
        assert extract_report("Microscopy: Adenocarcinoma, G2. " + line, kind="pathology", lang="en").margins == "negative"


def test_pleura_and_vessel_verdicts_a_flattened_line_end_split_off() -> None:
    absent = extract_report(
        "DIAGNOSIS:. Adenocarcinoma of the right upper lobe, 3.1 cm. Angiolymphatic invasion is. absent. Margins free.",
        kind="pathology",
        lang="en",
    )
    assert absent.lymphovascular_invasion is False
    invaded = extract_report(
        "DIAGNOSIS:. Adenocarcinoma, mixed subtype, moderately. to poorly differentiated, 2.7 cm. Tumor invades visceral "
        "pleura (elastic stain). No. lymphovascular invasion identified.",
        kind="pathology",
        lang="en",
    )
    assert (invaded.pleural_invasion, invaded.lymphovascular_invasion) == (True, False)


def test_the_n_goes_with_the_dominant_tumours_t_not_a_second_primarys_told_first() -> None:
    facts = extract_report(
        "COMMENT: Two synchronous primary carcinomas. The right upper lobe adenocarcinoma is the dominant tumor and is "
        "staged below. The right middle lobe squamous cell carcinoma is a separate primary, staged separately as pT1 "
        "pN0.\n\npTNM, DOMINANT TUMOR (RUL ADENOCARCINOMA), AJCC 6th ed: pT2 pN1 pMX. STAGE IIB.",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, facts.stage_group) == ("T2", "N1", "IIB")


def test_a_revised_stage_after_a_labels_line_end_as_written_and_flattened() -> None:
    report = (
        "SYNOPTIC:\npTNM (AJCC 7th): pT2b pN0\nStage group: IIA\n\nADDENDUM 1 - REVISED TUMOR SIZE:\nOn review the tumor "
        "measures 4.6 cm in greatest dimension. The pathologic stage is revised accordingly:\npT2a pN0; stage group IB.\n"
    )
    for text in (report, flatten_like_tcga(report)):
        facts = extract_report(text, kind="pathology", lang="en")
        assert (facts.t, facts.stage_group) == ("T2a", "IB")


def test_a_feature_said_in_prose_before_the_next_label_is_stated_but_a_labels_blank_field_is_not() -> None:
    prose = extract_report(
        "Microscopic examination: Squamous cell carcinoma, G2. The tumor infiltrates the visceral pleura. Invasion of "
        "vessels: present.",
        kind="pathology",
        lang="en",
    )
    assert prose.pleural_invasion is True
    blank = extract_report(
        "MARGINS: Margins uninvolved by carcinoma. LYMPH-VASCULAR INVASION. EXTRATHYROIDAL EXTENSION: Present. Minimal.",
        kind="pathology",
        lang="en",
    )
    assert blank.lymphovascular_invasion is None


def test_a_flattened_no_before_the_feature_it_denies() -> None:
    facts = extract_report(
        "B. RIGHT UPPER LOBE, LOBECTOMY: ADENOCARCINOMA, MODERATELY DIFFERENTIATED, 3.4 CM; NO. VISCERAL PLEURAL "
        "INVASION; ANGIOLYMPHATIC INVASION PRESENT; BRONCHIAL AND VASCULAR MARGINS. NEGATIVE.",
        kind="pathology",
        lang="en",
    )
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (False, True)
    answered = extract_report("Visceral pleural invasion: NO. Lymphovascular invasion: present.", kind="pathology", lang="en")
    assert (answered.pleural_invasion, answered.lymphovascular_invasion) == (False, True)


def test_chinese_lettered_parts_of_two_primaries_the_largest_tumours_grade_and_site() -> None:
    facts = extract_report(
        "病理诊断：\nA.（左肺下叶结节）浸润性腺癌，贴壁为主型，IASLC分级1级；肿瘤大小1.2×1.0×0.8cm；未累及脏层胸膜。\n"
        "B.（右肺上叶）浸润性腺癌，实体为主型，IASLC分级3级；肿瘤大小3.8×3.0×2.6cm；未累及脏层胸膜（PL0）。\n",
        kind="pathology",
        lang="zh",
    )
    assert (facts.tumor_size_mm, facts.grade, facts.laterality, facts.lobe) == (38, "G3", "right", "upper")


def test_a_chinese_size_wrapped_at_its_decimal_point_and_a_bronchial_stump_called_qieduan() -> None:
    facts = extract_report(
        "病理诊断:\n(左肺下叶)浸润性腺癌,中分化。肿瘤大小3.5x3.0x2\n.5cm。脏层胸膜未见侵犯。支气管切端未见癌。",
        kind="pathology",
        lang="zh",
    )
    assert (facts.tumor_size_mm, facts.margins) == (35, "negative")
    stapled = extract_report(
        "石蜡诊断：\n1.（左肺上叶结节，楔形切除）浸润性腺癌，中分化；肿瘤大小2.3×2.0×1.6cm；侵犯脏层胸膜（PL1）；钉合缘未见癌。",
        kind="pathology",
        lang="zh",
    )
    assert stapled.margins == "negative"  # a wedge's staple line, 钉合缘


def test_a_chinese_column_aligned_result_table_is_the_diagnosis_not_the_gross() -> None:
    facts = extract_report(
        "肉眼所见：左肺上叶切除标本，近胸膜处见一肿物，大小5.2×4.0×3.6cm，局部与胸膜粘连。\n\n"
        "诊断项目              结果\n组织学类型            腺癌\n脏层胸膜              侵及\n脉管                  脉管内见癌栓\n"
        "支气管切缘            阴性\n",
        kind="pathology",
        lang="zh",
    )
    assert (facts.pleural_invasion, facts.lymphovascular_invasion, facts.margins) == (True, True, "negative")


def test_a_chinese_residual_tumours_extent_and_its_quoted_correction() -> None:
    facts = extract_report(
        "病理诊断：\n（左肺下叶）腺癌新辅助靶向治疗后：\n瘤床大小3.2×2.6×2.2cm；残余存活肿瘤约占瘤床35%；残余存活肿瘤范围2.9×1.5cm。\n\n"
        "【更正报告】\n经复核，原报告中“残余存活肿瘤范围2.9×1.5cm”系笔误，更正为“1.9×1.5cm”；ypT分期相应更正为ypT1b。",
        kind="pathology",
        lang="zh",
    )
    assert facts.tumor_size_mm == 19


def test_chinese_results_labelled_by_their_specimens_number_go_with_that_specimens_site() -> None:
    facts = extract_report(
        "送检标本：\n标本1：右肺上叶尖段结节（楔形切除）\n标本2：右肺下叶背段（段切除）\n\n石蜡诊断：\n"
        "标本1（右肺上叶尖段结节）：浸润性腺癌，腺泡为主型；肿瘤大小1.6×1.2×1.0cm。\n"
        "标本2（右肺下叶背段）：微浸润性腺癌，病灶大小0.8×0.6×0.5cm。\n\n综合考虑为多原发肺癌。\n\n分子病理（NGS）：\n"
        "标本1：EGFR 19号外显子缺失突变（p.E746_A750del）；未检测到ALK、ROS1、RET融合。\n"
        "标本2：KRAS 2号外显子p.G12C突变；EGFR未检测到突变。\n",
        kind="pathology",
        lang="zh",
    )
    assert facts.lobe == "upper"
    results = {(b.gene, b.result) for b in facts.biomarkers}
    assert ("EGFR", "positive") in results and ("KRAS", "positive") not in results
    assert ("EGFR", "negative") not in results


def test_review_guards_for_the_nineteenth_rounds_node_margin_and_clause_rules() -> None:
    # A bracketed group's finding may come before its verdict only when it is benign.
    positive = extract_report(
        "DIAGNOSIS: Hilar lymph nodes (2): metastatic adenocarcinoma, negative for extranodal extension.",
        kind="pathology",
        lang="en",
    )
    assert (positive.nodes_positive, positive.nodes_examined) != (0, 2)
    # A last all-negative part labelled "Lymph nodes:" is one more part, not the total.
    parts = extract_report(
        "DIAGNOSIS: A. Lymph nodes, level 7 (0/3). B. Lymph nodes, level 4R (0/2). C. Lymph nodes: negative for carcinoma (0/6).",
        kind="pathology",
        lang="en",
    )
    assert (parts.nodes_positive, parts.nodes_examined) == (0, 11)
    # A checklist's question answered "No." ends its clause and is a verdict.
    for answered in (
        "Margins involved - No. Lymphovascular invasion: Present.",
        "Margins involved? No. Lymphovascular invasion is present.",
    ):
        facts = extract_report("DIAGNOSIS: adenocarcinoma, 2.1 cm. " + answered, kind="pathology", lang="en")
        assert (facts.margins, facts.lymphovascular_invasion) == ("negative", True)
    # An all-lower-case report cannot tell a flattened line end from a sentence's end.
    lower = extract_report(
        "diagnosis: invasive adenocarcinoma, moderately differentiated. wedge measuring 8 x 4 x 2 cm. margins free.",
        kind="pathology",
        lang="en",
    )
    assert lower.tumor_size_mm is None
    # A decimal after a count is no count.
    assert extract_report("Lymph nodes: Number examined: 12.5", kind="pathology", lang="en").nodes_examined is None
    # A Chinese line ending on a stage's digit and stop is no number wrapped onto the next numbered item.
    items = extract_report(
        "病理诊断：\n1.（右肺上叶）浸润性腺癌，肿瘤大小1.2cm，pT1bN0，IA2.\n2.（右肺下叶）浸润性腺癌，肿瘤大小3.5cm。",
        kind="pathology",
        lang="zh",
    )
    assert (items.lobe, items.tumor_size_mm) == ("lower", 35)


def test_a_statement_a_bracketed_label_gives_to_another_tumour_keeps_its_markers() -> None:
    report = (
        "Diagnosis:\n    Tumour 1, left lower lobe: squamous cell carcinoma, moderately differentiated, 4.6 cm.\n    Tumour 2, "
        "left upper lobe: invasive adenocarcinoma, 2.2 cm.\nComment: Tumour 1 (left lower lobe squamous cell carcinoma) "
        "is the dominant tumour.\nMolecular studies (Tumour 2, adenocarcinoma only): EGFR exon 19 deletion detected; ALK "
        "FISH negative.\nTumour 1 (squamous) was not submitted for molecular testing.\n"
    )
    for text in (report, flatten_like_tcga(report)):
        assert extract_report(text, kind="pathology", lang="en").biomarkers == []


def test_a_revised_list_of_values_gives_the_node_total_and_a_flattened_blank_option_line_its_answer() -> None:
    revised = extract_report(
        "DIAGNOSIS: A. LEFT LOWER LOBE, LOBECTOMY: ADENOCARCINOMA, 2.8 CM. TOTAL LYMPH NODES: 0/12.\nADDENDUM #1 - REVISED "
        "DIAGNOSIS. Deeper levels of part E revealed a fourth lymph node with metastatic adenocarcinoma. REVISED: Tumor "
        "size 3.6 cm. Part E: metastatic adenocarcinoma in one of four lymph nodes (1/4). Total lymph nodes 1/13.",
        kind="pathology",
        lang="en",
    )
    assert (revised.nodes_positive, revised.nodes_examined) == (1, 13)
    options = extract_report(
        "SYNOPTIC:. Visceral Pleura Invasion. ___ Not identified   ___ Present   ___ Indeterminate. Not identified. "
        "Lymph-Vascular Invasion. ___ Not identified   ___ Present   ___ Indeterminate. Not identified.",
        kind="pathology",
        lang="en",
    )
    assert (options.pleural_invasion, options.lymphovascular_invasion) == (False, False)


def test_a_synoptic_heading_naming_organ_and_procedure() -> None:
    treated = extract_report(
        "GROSS DESCRIPTION:\nA. A tumour bed 4.5 cm puckers the pleura.\n\nSYNOPTIC REPORT - LUNG, POST-NEOADJUVANT "
        "THERAPY\nVisceral pleural invasion: Present (PL1)\nLymph-vascular invasion: Not identified\n",
        kind="pathology",
        lang="en",
    )
    assert (treated.pleural_invasion, treated.lymphovascular_invasion) == (True, False)
    facts = extract_report(
        "GROSS DESCRIPTION:\nD. A firm grey-white mass 2.4 x 2.0 x 1.8 cm lies 0.3 cm beneath the visceral pleura, which is "
        "puckered.\n\nSYNOPTIC REPORT - LUNG, RESECTION\nHistologic type: Invasive adenocarcinoma\nVisceral pleural "
        "invasion: Not identified (PL0; confirmed on elastic stain)\nLymph-vascular invasion: Not identified\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (False, False)


def test_a_microscopy_and_structured_report_heading() -> None:
    facts = extract_report(
        "MACROSCOPY:\nA. Left upper lobe: central tumour 58 x 45 x 40 mm, 10 mm from the pleura.\n\nMICROSCOPY / "
        "STRUCTURED REPORT:\nHistological type: Squamous cell carcinoma\nVisceral pleura: Not involved (PL0)\n"
        "Lymphovascular invasion: Not identified\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.pleural_invasion, facts.lymphovascular_invasion) == (False, False)


def test_uicc_perineural_code_is_no_n_and_tumour_cells_in_lymphatic_vessels_are_vessel_invasion() -> None:
    facts = extract_report(
        "Microscopy: Tumour cells within lymphatic vessels at the tumour periphery. No venous invasion. Diagnosis: large "
        "cell carcinoma. Tumour classification (UICC, 7th ed. 2010): T2b N0 (0/11) Mx L1 V0 Pn0 R0, G4.",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, facts.tnm_prefix, facts.lymphovascular_invasion) == ("T2b", "N0", None, True)
    coded = extract_report("Classification pTNM 2010: Stage: pT1b LO V0 Pn0. Grade: G3.", kind="pathology", lang="en")
    assert coded.n is None


def test_translated_node_groups_with_a_dash_and_a_size_given_with_size() -> None:
    facts = extract_report(
        "Macroscopy: Right lung 24x17x9 cm. Central tumor formation, grey-whitish, involving the right main bronchus and "
        "obturating its lumen, with size 5,5x4,5x4 cm. Microscopy: squamous cell carcinoma. Lymph nodes:. - "
        "bronchopulmonary lymph nodes - metastases in 2 "
        "of 6;. - tracheobronchial lymph nodes - metastasis in 1 of 3;. - paratracheal lymph nodes - 0 of 2, without "
        "metastases. Diagnosis: Central squamous cell carcinoma of the right lung, G3, pT3N2M0, stage IIIA.",
        kind="pathology",
        lang="en",
    )
    assert (facts.tumor_size_mm, facts.nodes_positive, facts.nodes_examined) == (55, 3, 11)


def test_a_named_groups_worded_count_is_no_total_beside_station_counts() -> None:
    facts = extract_report(
        "DIAGNOSIS:\n1. Left upper lobe: adenocarcinoma, G2.\nHilar/interlobar lymph nodes: metastasis in 1 of 6.\n2. Station 5: "
        "0/2.  3. Station 6: 0/1.  4. Station 7: 0/4.  5. Station 8: 0/1.  6. Station 9: 0/1.\n7. Station 10L: 1/2.  8. "
        "Station 11L: 0/2.\npT3 (satellite nodule, same lobe) pN1 (2/19) L1 V1 Pn0 R0 G2\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (2, 19)
    revised = extract_report(
        "Microscopy: adenocarcinoma (G1). Hilar lymph nodes: 0/4, negative. ADDENDUM: Additional sampling found 2 more "
        "lymph nodes, one with metastatic adenocarcinoma. Revised lymph node status: 1/6. Revised: pT1aN1M0, stage IIA.",
        kind="pathology",
        lang="en",
    )
    assert (revised.nodes_positive, revised.nodes_examined) == (1, 6)


def test_the_line_before_a_histology_naming_metastases_does_not_make_its_size_a_nodes() -> None:
    facts = extract_report(
        "Microscopy:\n5. Lymph nodes group 7 (1) - without metastases.\n\nDiagnosis: Typical carcinoid of the lower lobe of "
        "the left lung, 2,45 cm.\n",
        kind="pathology",
        lang="en",
    )
    assert facts.tumor_size_mm == 24.5


def test_translated_vessel_invasion_wordings() -> None:
    for text, lvi in (
        ("Lymphovascular emboli : Not seen.", False),
        ("Limphovascular permeation: present.", True),
        ("Limphatic invasion present (L1). Intravascular tumour emboli not found (V0).", True),
        ("Tumoral emboli in limphatic vessels (L1).", True),
    ):
        facts = extract_report("Microscopy: Squamous cell carcinoma, G3. " + text, kind="pathology", lang="en")
        assert facts.lymphovascular_invasion is lvi, text


def test_a_size_revised_from_one_value_to_another_an_ihc_negative_after_the_tumour_and_a_satellite_nodule() -> None:
    revised = extract_report(
        "FINAL DIAGNOSIS:. RIGHT LOWER LOBE, LOBECTOMY:. - ADENOCARCINOMA, MODERATELY DIFFERENTIATED, 2.8 CM. ADDENDUM "
        "(REVISED REPORT):. After review of the slides, the tumor greatest dimension is revised from 2.8 cm to 3.3 cm.",
        kind="pathology",
        lang="en",
    )
    assert revised.tumor_size_mm == 33
    stained = extract_report(
        "FINAL DIAGNOSIS:\n   1. ADENOCARCINOMA WITH BRONCHIOLOALVEOLAR COMPONENT, WELL DIFFERENTIATED, 1.6 CM, POSITIVE FOR "
        "TTF-1, NEGATIVE FOR PSA (LUNG PRIMARY).\n   2. A SEPARATE 0.4 CM SATELLITE NODULE OF ADENOCARCINOMA IN THE SAME "
        "LOBE, 3.0 CM FROM THE MAIN TUMOR.\n",
        kind="pathology",
        lang="en",
    )
    assert (stained.tumor_size_mm, stained.histology_code) == (16, "8140/3")


def test_a_grade_range_in_words_and_a_margin_involved_a_few_words_on() -> None:
    facts = extract_report(
        "FINAL DIAGNOSIS:. A. LEFT UPPER LOBE, LOBECTOMY:. - ADENOCARCINOMA, 4.0 CM. - HISTOLOGIC GRADE: G2 TO G3. - "
        "BRONCHIAL MARGIN NEGATIVE. PARENCHYMAL (STAPLE LINE) MARGIN AT THE FISSURE IS INVOLVED BY INVASIVE ADENOCARCINOMA.",
        kind="pathology",
        lang="en",
    )
    assert (facts.grade, facts.margins) == ("G3", "positive")


def test_a_total_over_regional_nodes_and_a_spaced_n_with_its_count() -> None:
    regional = extract_report(
        "Microscopy: 8) Lymph node: metastatic carcinoma in 2 out of 20 regional lymph nodes. (LN #2R: 1/3, #4R: 1/4, #7: "
        "0/5, #10R: 0/3, #11R: 0/5). 9) AJCC stage (7th): pT2a N2.",
        kind="pathology",
        lang="en",
    )
    assert (regional.nodes_positive, regional.nodes_examined) == (2, 20)
    spaced = extract_report(
        "Diagnosis: adenocarcinoma. Lymph nodes: 4R 0/3, 7 0/4, 9R 0/1, 10R 0/2, 11R 0/3, all without metastases.\n"
        "pT 2 a pN 0 (0/13) M 0",
        kind="pathology",
        lang="en",
    )
    assert (spaced.nodes_positive, spaced.nodes_examined) == (0, 13)


def test_a_translated_tumoral_formation_measured_after_of() -> None:
    facts = extract_report(
        "Material: right upper lobe of the lung (lobectomy). Macroscopic description: lobe measuring 15x10x5 cm. In the "
        "posterior segment, subpleural tumoral formation of 38x30x22 mm, grey-white, firm. The bronchial resection line "
        "is 20 mm away. Microscopic description: adenocarcinoma, acinar, moderately differentiated (G2).",
        kind="pathology",
        lang="en",
    )
    assert facts.tumor_size_mm == 38


def test_translated_reports_latin_histology_grade_words_stage_label_and_vessel_emboli() -> None:
    facts = extract_report(
        "MICROSCOPIC DESCRIPTION: Highly differentiated squamous cell carcinoma with keratinization. Tumour emboli are "
        "present in the lumens of lymphatic vessels. HISTOPATHOLOGICAL DIAGNOSIS: Carcinoma planoepitheliale keratodes G1 "
        "pulmonis dextri (lobus inferior), 3.1 cm. pT2a pN0 (0/8). Stage of advancement (UICC 7th edition): IB.",
        kind="pathology",
        lang="en",
    )
    assert (facts.histology_code, facts.grade, facts.stage_group) == ("8071/3", "G1", "IB")
    assert (facts.laterality, facts.lobe, facts.lymphovascular_invasion) == ("right", "lower", True)
    low = extract_report("Diagnosis: moderately to low differentiated adenocarcinoma, 2.2 cm.", kind="pathology", lang="en")
    high = extract_report("Diagnosis: highly differentiated adenocarcinoma, 2.2 cm.", kind="pathology", lang="en")
    assert (low.grade, high.grade) == ("G3", "G1")


def test_sizes_after_a_wrap_a_flattened_stop_or_a_bracketed_subtype_list() -> None:
    wrapped = extract_report(
        "FINAL DIAGNOSIS:\nA. LUNG, LEFT, PNEUMONECTOMY:\n   - SQUAMOUS CELL CARCINOMA, MODERATELY DIFFERENTIATED, KERATINIZING,\n"
        "     5.3 CM, CENTERED ON THE LEFT MAIN BRONCHUS.\n   - VISCERAL PLEURA UNINVOLVED.\n",
        kind="pathology",
        lang="en",
    )
    assert wrapped.tumor_size_mm == 53
    flattened = extract_report(
        "Macroscopic description:. Lower lobe of right lung 17 x 11 x 6 cm. In segment 6, subpleurally, a grey-yellow "
        "tumour. 28 x 24 x 20 mm with the pleura retracted over it. Peribronchial lymph nodes: 4, up to 9 mm.",
        kind="pathology",
        lang="en",
    )
    assert flattened.tumor_size_mm == 28
    listed = extract_report(
        "FINAL DIAGNOSIS:. LUNG, LEFT UPPER LOBE, LOBECTOMY:. - ADENOCARCINOMA, MODERATELY DIFFERENTIATED, MIXED SUBTYPE. "
        "(ACINAR AND PAPILLARY), 3.4 CM. - NO VISCERAL PLEURAL INVASION.",
        kind="pathology",
        lang="en",
    )
    assert listed.tumor_size_mm == 34


def test_node_totals_said_in_a_synoptic_label_after_a_wrap_or_as_a_revised_total_in_words() -> None:
    synoptic = extract_report(
        "A. LYMPH NODES, LEVEL 4R: TWO LYMPH NODES, NEGATIVE (0/2).\nB. LYMPH NODES, LEVEL 7: THREE LYMPH NODES, NEGATIVE "
        "(0/3).\nC. RIGHT LOWER LOBE: ADENOCARCINOMA, 2.1 CM.\n   - FOUR PERIBRONCHIAL LYMPH NODES, NEGATIVE (0/4).\n"
        "Regional Lymph Nodes (pN): pN0: No regional lymph node metastasis (0/9)\n",
        kind="pathology",
        lang="en",
    )
    assert (synoptic.nodes_positive, synoptic.nodes_examined) == (0, 9)
    wrapped = extract_report(
        "Bronchopulmonary lymph nodes: 6, up to 1.0 cm. Separately: lymph nodes of the aortic window (group 5), 2, up to "
        "0.8 cm; subcarinal lymph nodes, 3.\nCONCLUSION:\nAdenocarcinoma of the upper lobe of the left lung, 4.0 cm. Lymph "
        "nodes without metastases\n(0/11). Bronchial resection line without tumour.",
        kind="pathology",
        lang="en",
    )
    assert (wrapped.nodes_positive, wrapped.nodes_examined) == (0, 11)
    revised = extract_report(
        "   - THREE PERIBRONCHIAL LYMPH NODES, NEGATIVE (0/3).\nB. LYMPH NODES, LEVEL 7: TWO LYMPH NODES, NEGATIVE (0/2).\n"
        "ADDENDUM: One additional peribronchial lymph node was found; it contains metastatic adenocarcinoma.\nRevised lymph "
        "node status: peribronchial lymph nodes 1/4; level 7 lymph\nnodes 0/2; total 1 of 6 lymph nodes positive.\n",
        kind="pathology",
        lang="en",
    )
    assert (revised.nodes_positive, revised.nodes_examined) == (1, 6)
    none_involved = extract_report(
        "FINAL DIAGNOSIS: Adenocarcinoma, right middle lobe, 1.8 cm. Total lymph nodes examined: 7; none involved.",
        kind="pathology",
        lang="en",
    )
    assert (none_involved.nodes_positive, none_involved.nodes_examined) == (0, 7)


def test_a_hedge_after_a_flattened_line_end_still_hedges_the_pleura() -> None:
    facts = extract_report(
        "Visceral Pleura Invasion: Indeterminate (see comment). Lymph-Vascular Invasion: Not identified. COMMENT:. Tumor "
        "cells lie among the elastic fibers; visceral pleural invasion is regarded. as equivocal and the tumor is staged on "
        "size.",
        kind="pathology",
        lang="en",
    )
    assert facts.pleural_invasion is None


def test_a_stage_changed_from_one_value_to_another_takes_the_new_one() -> None:
    facts = extract_report(
        "*** CORRECTED REPORT ***\nCorrection: Part D (level 11R) was originally reported as metastatic adenocarcinoma "
        "(1/2); on review the cells are benign mesothelial cells. The\npathologic stage is changed from pT2 pN1 MX (stage "
        "IIB) to pT2 pN0 MX (stage IB).\nFinal Diagnosis (corrected):\nA. Right upper lobe: adenocarcinoma, 3.6 cm.\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, facts.stage_group) == ("T2", "N0", "IB")


def test_a_lepidic_tumours_total_size_after_a_flattened_bracket_not_the_historys_nodule() -> None:
    facts = extract_report(
        "Clinical History:. 61-year-old woman with a history of breast carcinoma. Now a 1.5 cm lingular nodule with "
        "ground-glass halo. Final Diagnosis:. A. Left lung, lingula, segmentectomy:. - Adenocarcinoma, well "
        "differentiated, predominantly bronchioloalveolar (non-mucinous). pattern with a focal acinar invasive component "
        "(0.6 cm), total size 1.6 cm. - Visceral pleura not involved.",
        kind="pathology",
        lang="en",
    )
    assert facts.tumor_size_mm == 16


def test_a_page_banner_between_a_label_and_its_value_and_a_size_after_an_extension_closed_by_a_comma() -> None:
    facts = extract_report(
        "FINAL DIAGNOSIS:. A. LUNG, RIGHT UPPER LOBE, LOBECTOMY:. SQUAMOUS CELL CARCINOMA, MODERATELY DIFFERENTIATED, "
        "CENTERED IN THE RIGHT UPPER LOBE AND EXTENDING ALONG THE UPPER LOBE BRONCHUS, 4.1 X 3.0 X 2.2 CM. TNM (AJCC 7th): "
        "pT2b, pN0, cM0. Pathologic stage:. ==========================================. Patient Name: [redacted]     "
        "SURGICAL PATHOLOGY REPORT     Page 2 of 3. CONTINUED ON NEXT PAGE. ==========================================. "
        "IIA. GROSS DESCRIPTION:. A. Received fresh, right upper lobe 16 x 12 x 5 cm.",
        kind="pathology",
        lang="en",
    )
    assert (facts.stage_group, facts.tumor_size_mm) == ("IIA", 41)
    reaching = extract_report(
        "FINAL DIAGNOSIS: SQUAMOUS CELL CARCINOMA, MODERATELY DIFFERENTIATED, EXTENDING INTO THE CHEST WALL FOR 3.0 CM.",
        kind="pathology",
        lang="en",
    )
    assert reaching.tumor_size_mm is None


def test_pleura_said_through_a_list_item_denied_with_neither_or_hedged_after_a_flattened_stop() -> None:
    penetrates = extract_report(
        "FINAL DIAGNOSIS:\nC. RIGHT LOWER LOBE AND CHEST WALL, EN BLOC RESECTION:\n   - PLEOMORPHIC CARCINOMA, 6.1 CM.\n"
        "   - TUMOR PENETRATES THE VISCERAL AND PARIETAL PLEURA AND INVADES THE INTERCOSTAL MUSCLE;\n     RIBS FREE OF TUMOR.\n"
        "   - FOCI SUSPICIOUS FOR LYMPHOVASCULAR INVASION, NOT DEFINITIVE.\n",
        kind="pathology",
        lang="en",
    )
    assert (penetrates.pleural_invasion, penetrates.lymphovascular_invasion) == (True, None)
    neither = extract_report(
        "DIAGNOSIS: 1. Adenocarcinoma, right upper lobe, 2.4 cm. 2. Adenocarcinoma, right middle lobe, 1.2 cm.\n"
        "   4. Neither tumor involves the visceral pleura.\n",
        kind="pathology",
        lang="en",
    )
    assert neither.pleural_invasion is False
    hedged = extract_report(
        "Final Diagnosis:. - Adenocarcinoma, 2.6 cm. - Lymphovascular invasion: not identified. Comment:. The tumor abuts "
        "the visceral pleura; invasion beyond the elastic layer can be neither confirmed nor excluded; pleural invasion. "
        "is therefore reported as equivocal.",
        kind="pathology",
        lang="en",
    )
    assert hedged.pleural_invasion is None


def test_node_totals_with_viable_tumour_or_in_words() -> None:
    treated = extract_report(
        "FINAL DIAGNOSIS:\nRIGHT LOWER LOBE, LOBECTOMY AFTER NEOADJUVANT THERAPY: RESIDUAL ADENOCARCINOMA, 1.4 CM.\n"
        "TUMOR SUMMARY:\n   LYMPH NODES: 0 OF 9 WITH VIABLE TUMOR\n",
        kind="pathology",
        lang="en",
    )
    assert (treated.nodes_positive, treated.nodes_examined) == (0, 9)
    worded = extract_report(
        "FINAL DIAGNOSIS:. A. LYMPH NODE, LEVEL 2R: ONE LYMPH NODE, NEGATIVE (0/1). B. LYMPH NODES, LEVEL 4R: TWO LYMPH "
        "NODES, ONE POSITIVE FOR METASTATIC CARCINOMA. COMMENT:. TOTAL LYMPH NODES: THREE, ONE POSITIVE.",
        kind="pathology",
        lang="en",
    )
    assert (worded.nodes_positive, worded.nodes_examined) == (1, 3)


def test_translated_vessel_invasion_wording_and_the_referrals_clinical_m0() -> None:
    def lvi(sentence: str) -> bool | None:
        text = f"Microscopic description: adenocarcinoma, G2. {sentence} Bronchial stump free of tumor."
        return extract_report(text, kind="pathology", lang="en").lymphovascular_invasion

    assert lvi("Invasion in vessels not found.") is False
    assert lvi("Cancer emboli are seen in vessels.") is True
    assert lvi("Tumor emboli in vessels not found.") is False
    assert lvi("Vascular invasion is not revealed.") is False
    assert lvi("Lymphovascular tumor thrombus: not seen. Nerve invasion: not seen.") is False
    assert lvi("Tumor emboli in lymphatic vessels (L1), in veins not found (V0).") is True
    facts = extract_report(
        "Clinical diagnosis: peripheral cancer of the upper lobe of the right lung, T1N0M0.\nMacroscopy: tumor node 3,1 cm.\n"
        "Conclusion: adenocarcinoma of the right upper lobe, pT2aN0.",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, facts.m) == ("T2a", "N0", "M0")


def test_a_translations_neoplasm_its_viable_tumour_within_the_bed_and_a_ratio_in_words() -> None:
    neoplasm = extract_report(
        "MACROSCOPY:. 1 - Lower lobe of left lung measuring 17,0 x 11,0 x 5,5 cm. There is a whitish, firm, poorly delimited "
        "neoplasm, measuring 2,9 x 2,5 x 2,0 cm, located 0,2 cm from the pleura. CONCLUSION:. Invasive adenocarcinoma, G2.",
        kind="pathology",
        lang="en",
    )
    assert neoplasm.tumor_size_mm == 29
    treated = extract_report(
        "Conclusion: squamous cell carcinoma of the upper lobe of the left lung after chemotherapy; residual viable tumor "
        "1,4 cm within tumor bed 4,0 cm.",
        kind="pathology",
        lang="en",
    )
    assert treated.tumor_size_mm == 14
    nodes = extract_report(
        "Microscopy: squamous cell carcinoma. Metastases of squamous cell carcinoma in lymph nodes of the lung root (2 of 4). "
        "Bifurcation lymph nodes (0 of 3) without metastases.",
        kind="pathology",
        lang="en",
    )
    assert (nodes.nodes_positive, nodes.nodes_examined) == (2, 7)


def test_pleura_not_compromised_or_not_reached_is_no_invasion() -> None:
    def pleura(sentence: str) -> bool | None:
        return extract_report(f"Diagnosis: adenocarcinoma, 3.1 cm. {sentence}", kind="pathology", lang="en").pleural_invasion

    assert pleura("- Visceral pleura: not compromised. - Lymphovascular invasion: not identified.") is False
    assert pleura("The tumor does not reach the pleura. Invasion in vessels not found.") is False
    assert pleura("The tumor reaches the pleura.") is None  # reaching it is no verdict on invasion


def test_a_bracketed_group_with_some_of_its_nodes_positive_in_words() -> None:
    facts = extract_report(
        "Microscopic description: Subcarinal lymph nodes (3): two with metastasis of adenocarcinoma. Hilar lymph nodes (2): "
        "free of tumor. Interlobar lymph nodes (3): free of tumor.",
        kind="pathology",
        lang="en",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (2, 8)


def test_a_translations_gross_node_counts_after_dashes_with_the_nodes_said_free() -> None:
    facts = extract_report(
        "Macroscopic description: Lower lobe 18x12x7 cm. In the basal segments a tumor node 5,2x4,0x3,5 cm. Lymph nodes "
        "of the lung root - 3, bronchopulmonary - 4, from 0,4 to 1,5 cm, on cut black-grey.\nMicroscopic description: "
        "squamous cell carcinoma.\nConclusion: Carcinoma planocellulare keratodes of the lower lobe of the right lung, G2. "
        "Lymph nodes without metastases.",
        kind="pathology",
        lang="en",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 7)


def test_synoptic_staging_labels_corrections_and_a_disowned_synoptic() -> None:
    labelled = extract_report(
        "Pathologic Staging (AJCC 7th ed.). Primary Tumor (pT): 2b. Regiona1 Lymph Nodes (pN): Nl. Distant Metastasis (pM): "
        "cannot be assessed.",
        kind="pathology",
        lang="en",
    )
    assert (labelled.t, labelled.n, labelled.m, labelled.tnm_prefix) == ("T2b", "N1", None, "p")
    revised = extract_report(
        "Pathologic staging (pTNM, AJCC 7th edition): Primary tumor: pT1b; Regional lymph nodes: pN0. Stage group: IA. "
        "ADDENDUM 1 - REVISED TUMOR SIZE AND STAGE:. The tumor size is revised to 3.3 cm, the primary tumor category is "
        "revised from pT1b to. pT2a, and the stage group is revised from IA to IB.",
        kind="pathology",
        lang="en",
    )
    assert (revised.t, revised.stage_group) == ("T2a", "IB")
    disowned = extract_report(
        "FINAL DIAGNOSIS:\nA. LUNG, RIGHT MIDDLE LOBE, LOBECTOMY:\n   - SQUAMOUS CELL CARCINOMA, 1.8 CM.\n   - pT1b pNl (SEE "
        "COMMENT).\nLUNG CANCER SYNOPTIC REPORT\nPathologic staging (pTNM, AJCC 7th edition): Primary tumor: pT1b; Regional "
        "lymph nodes: pN0;\nStage group: IA\nCOMMENT:\nThe synoptic report above lists pN0 and stage IA; this is incorrect. "
        "The metastasis in the level 10R node makes this pT1b pN1, stage IIA, as given in the final diagnosis.\n",
        kind="pathology",
        lang="en",
    )
    assert (disowned.n, disowned.stage_group) == ("N1", "IIA")
    bare = extract_report(
        "FINAL DIAGNOSIS: Squamous cell carcinoma, 7.6 cm (pT3 by size).\nLUNG CANCER SYNOPTIC REPORT\nT stage: T3. Regional "
        "Lymph Nodes (pN): N0. Stage group: IIB.",
        kind="pathology",
        lang="en",
    )
    assert (bare.t, bare.tnm_prefix) == ("T3", "p")


def test_set_47_stage_label_edition_bracket_vessel_codes_of_none_and_translated_margins() -> None:
    staged = extract_report(
        "7) Primary tumor: pT1a; regional lymph nodes: pN0. 8) AJCC stage (7th): IA.", kind="pathology", lang="en"
    )
    assert staged.stage_group == "IA"
    vessels = extract_report(
        "Elastica van Gieson staining shows no invasion of the visceral pleura (pl0). Lymphatic permeation (ly0) and vascular "
        "invasion (v0) are not observed.",
        kind="pathology",
        lang="en",
    )
    assert vessels.lymphovascular_invasion is False

    def margins(sentence: str) -> str | None:
        return extract_report(f"Microscopy: adenocarcinoma, G2. {sentence}", kind="pathology", lang="en").margins

    assert margins("Bronchial resection margin without\ntumour growth.") == "negative"
    assert margins("Resection margin of the bronchus is intact.") == "negative"
    assert margins("Lymphovascular invasion: absent (L0, V0). Resection margins without. tumour, R0 resection.") == "negative"


def test_a_worded_total_examined_in_total_all_negative() -> None:
    facts = extract_report(
        "FINAL DIAGNOSIS: A. LYMPH NODES, LEVEL 2R: THREE LYMPH NODES, NO TUMOR. D. LUNG: ADENOCARCINOMA, 2.0 CM.    FIVE "
        "HILAR/INTERLOBAR LYMPH NODES, NO TUMOR.    TWELVE LYMPH NODES EXAMINED IN TOTAL, ALL NEGATIVE.",
        kind="pathology",
        lang="en",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 12)


def test_a_station_list_total_a_named_group_after_stations_and_a_group_with_its_positive_nodes_after_it() -> None:
    # A total under a station list longer than the label's usual reach, with the positive nodes named before "of".
    listed = extract_report(
        "SYNOPTIC REPORT\nHistologic type: Squamous cell carcinoma\nLymph nodes:\n  Station 2R: 0/3\n  Station 4R: 1/4\n"
        "  Station 7: 0/2\n  Station 10R: 1/4\n  Intrapulmonary/hilar (with specimen): 1/5\n"
        "  Total: 3 positive of 18 examined\npT: pT3   pN: pN2",
        kind="pathology",
        lang="en",
    )
    assert (listed.nodes_positive, listed.nodes_examined) == (3, 18)
    # A named group listed after stations the station reader took is one more group of the list.
    named = extract_report(
        "STRUCTURED SUMMARY:\nGrade: Moderately differentiated\nLymph nodes: Level 2R 1 of 2; Level 4R 2 of 3; Level 7 0 of 4; "
        "Level 10R 0 of 1; intrapulmonary 0 of 5.\nTNM: pT2a pN2",
        kind="pathology",
        lang="en",
    )
    assert (named.nodes_positive, named.nodes_examined) == (3, 15)
    # A group counted and then its positive nodes, with the total after a flattened line join.
    flattened = extract_report(
        "Microscopic examination:. Keratinizing squamous cell carcinoma. Hilar lymph nodes: 4 lymph nodes, one with "
        "metastasis of squamous carcinoma. Mediastinal lymph nodes: 2 lymph nodes without metastases. Histopathological "
        "diagnosis:. Squamous cell carcinoma, 3,5 cm;. bronchial margin free; metastasis in 1 of 6. lymph nodes examined. "
        "Immunohistochemistry: p40 positive.",
        kind="pathology",
        lang="en",
    )
    assert (flattened.nodes_positive, flattened.nodes_examined) == (1, 6)
    # Not a page count before a node label.
    paged = extract_report(
        "Diagnosis: adenocarcinoma. Page 1 of 6. Lymph nodes examined: 12, all negative for carcinoma.",
        kind="pathology",
        lang="en",
    )
    assert paged.nodes_examined != 6


def test_a_translations_tumour_of_dimensions_and_a_bilobectomys_side() -> None:
    sized = extract_report(
        "MACROSCOPIC DESCRIPTION:\nLeft lung after pneumonectomy, dimensions 24 x 15 x 8 cm. In the lower lobe a grey-white "
        "tumour of dimensions 6,5 x 5 x 4 cm, hard.\nHISTOPATHOLOGICAL DIAGNOSIS:\nCarcinoma planoepitheliale G3.",
        kind="pathology",
        lang="en",
    )
    assert sized.tumor_size_mm == 65
    bilobed = extract_report(
        "FINAL DIAGNOSIS:\nD. Right middle and lower lobes, bilobectomy: squamous cell carcinoma. See checklist.\n"
        "CAP CHECKLIST\nTumor Site: Central, bronchus intermedius\nTumor Size: 4.8 cm",
        kind="pathology",
        lang="en",
    )
    assert (bilobed.laterality, bilobed.lobe) == ("right", None)


def test_a_definite_finding_denied_right_after_its_hedged_mention_stays_unknown() -> None:
    hedged = extract_report(
        "DIAGNOSIS:\n1. Adenocarcinoma, 5.2 cm. 2. Focus suspicious for lymphovascular invasion; definitive lymphovascular "
        "invasion not seen. 3. Margins free.",
        kind="pathology",
        lang="en",
    )
    assert hedged.lymphovascular_invasion is None
    plain = extract_report(
        # (a plain denial after the hedge, on deeper levels, settles it)
        "DIAGNOSIS:\n1. Adenocarcinoma, 5.2 cm. 2. Focus suspicious for lymphovascular invasion; on deeper levels "
        "lymphovascular invasion is not identified. 3. Margins free.",
        kind="pathology",
        lang="en",
    )
    assert plain.lymphovascular_invasion is False


def test_another_cancers_marker_said_of_that_tumor_and_a_second_tumours_result_after_a_flattened_label() -> None:
    colon = extract_report(
        "CLINICAL HISTORY:\nHistory of sigmoid colon adenocarcinoma resected 2009, pT3 pN1b, treated with FOLFOX;\n"
        "that tumor was KRAS mutated. New left lower lobe nodule.\n\nFINAL DIAGNOSIS:\nLUNG, LEFT LOWER LOBE, WEDGE "
        "RESECTION: INVASIVE ADENOCARCINOMA, 1.6 CM.",
        kind="pathology",
        lang="en",
    )
    assert [b.gene for b in colon.biomarkers] == []
    flattened = extract_report(
        "FINAL DIAGNOSIS:. TUMOR 1 (DOMINANT), APICAL SEGMENT:. - INVASIVE ADENOCARCINOMA, 2.6 CM. TUMOR 2, POSTERIOR "
        "SEGMENT:. - ADENOCARCINOMA, LEPIDIC PREDOMINANT, 0.9 CM. STAGING, DOMINANT TUMOR (TUMOR 1): pT1b pN1. "
        "MOLECULAR STUDIES:. Tumor 1: EGFR - no mutation detected. Tumor 2: KRAS - mutation detected (G12D); EGFR - not "
        "tested. GROSS DESCRIPTION:. Tumor 1: 2.6 x 2.2 x 2.0 cm tan mass.",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result) for b in flattened.biomarkers] == [("EGFR", "negative")]


def test_node_totals_called_overall_stated_without_a_colon_or_with_ocr_letters() -> None:
    overall = extract_report(
        "MICROSCOPIC:\n2. Four hilar lymph nodes, one of which contains metastatic squamous carcinoma.\n3. Two subcarinal "
        "nodes showing reactive changes only.\n\nSUMMARY:\nRight lower lobe: squamous cell carcinoma, 52 mm.\nOne of four "
        "hilar nodes involved; subcarinal nodes clear (overall one of six nodes involved).",
        kind="pathology",
        lang="en",
    )
    assert (overall.nodes_positive, overall.nodes_examined) == (1, 6)
    unlabelled = extract_report(
        "Lymph nodes: intrapulmonary 0/3, 4L 0/2, 5 0/2, 7 0/3, 10L 0/2, 11L 0/1. TUMOUR 1 (dominant): adenocarcinoma. "
        "Both: resection margins clear; lymph nodes 0/13 involved.",
        kind="pathology",
        lang="en",
    )
    assert (unlabelled.nodes_positive, unlabelled.nodes_examined) == (0, 13)
    ocr = extract_report(
        "Microscopic:. Intrapulmonary nodes O/4. B. Station 5: metastatic adenocarcinoma in one of two nodes (l/2). C-F. "
        "Negative (0/1, 0/3, O/1, 0/2). STRUCTURED REPORT. Tumour size: 26 mm. Lymph nodes: l/l3 (station 5 positive). "
        "pTlc pN2.",
        kind="pathology",
        lang="en",
    )
    assert (ocr.nodes_positive, ocr.nodes_examined) == (1, 13)
    # A group's own count under its label is no total.
    group = extract_report(
        "D. Lung, lobectomy:\n   - Peribronchial lymph nodes: 1/3 involved by metastatic carcinoid.\nB. Level 7: 0/2.\n"
        "C. Level 9L: 0/3.",
        kind="pathology",
        lang="en",
    )
    assert (group.nodes_positive, group.nodes_examined) == (1, 8)


def test_checklist_margins_over_the_description_an_amended_size_and_a_questioned_clinical_n() -> None:
    margins = extract_report(
        "MICROSCOPIC\nA. Invasive carcinoma is present at the inked deep soft tissue margin in block A14. The bronchial, "
        "vascular and rib margins are clear.\n\nSYNOPTIC REPORT (RCPA protocol)\nTumour size: 48 mm\nMargins: INVOLVED - "
        "deep soft tissue (chest wall) margin; bronchial/vascular clear (R1)\nLymph nodes: 0/8",
        kind="pathology",
        lang="en",
    )
    assert margins.margins == "positive"
    amended = extract_report(
        "LUNG CANCER DATASET\nTumour size (maximum dimension): 32 mm\npT4 pN0\n\nAMENDED REPORT\nAmendment: the tumour size "
        "in the dataset above was transcribed incorrectly. The correct maximum dimension of the main tumour (right lower "
        "lobe) is 23 mm, as in the macroscopic description.",
        kind="pathology",
        lang="en",
    )
    assert amended.tumor_size_mm == 23
    questioned = extract_report(
        "Clinical details:. Right upper lobe mass 45 mm on CT. Staging mediastinoscopy. ?N2 disease. Microscopy:. B. 4R: "
        "one of two nodes is replaced by metastatic adenocarcinoma (1/2).",
        kind="pathology",
        lang="en",
    )
    assert questioned.n is None


def test_a_second_tumours_own_lvi_when_the_first_is_named_dominant() -> None:
    facts = extract_report(
        "Microscopy:. Tumour 1: invasive adenocarcinoma, poorly differentiated. Lymphovascular invasion not identified. "
        "Tumour 2: squamous cell carcinoma, p40 positive. Lymphovascular invasion is present in this lesion. Tumour 1 is "
        "the dominant lesion. Dataset:. TUMOUR 1 (dominant): adenocarcinoma. Tumour size (maximum dimension): 42 mm. "
        "Lymphovascular invasion: not identified. pT2b pN0. TUMOUR 2: squamous cell carcinoma. Tumour size (maximum "
        "dimension): 11 mm. Lymphovascular invasion: present. pT1b pN0.",
        kind="pathology",
        lang="en",
    )
    assert facts.lymphovascular_invasion is False


def test_node_counts_restated_in_another_section_called_a_breakdown_a_summary_or_an_amended_total() -> None:
    synoptic = extract_report(
        "FINAL DIAGNOSIS:\nLUNG, RIGHT MIDDLE LOBE, LOBECTOMY:\n  ATYPICAL CARCINOID TUMOR, 1.4 CM.\nLYMPH NODES, MEDIASTINAL "
        "AND HILAR (SEPARATELY SUBMITTED): NEGATIVE (0/6).\n\nSYNOPTIC REPORT - LUNG\n  Tumor size ....... 1.4 cm\n"
        "  Lymph nodes:\n    LEVEL 4R     0/2\n    LEVEL 7      0/2\n    LEVEL 10R    0/1\n    LEVEL 11R    0/1\n",
        kind="pathology",
        lang="en",
    )
    assert (synoptic.nodes_positive, synoptic.nodes_examined) == (0, 6)
    breakdown = extract_report(
        "DIAGNOSIS:\n  - ADENOCARCINOMA, 3.8 CM.\n  - SEVEN LYMPH NODES (LEVELS 5, 7, 10L AND 11L), NEGATIVE FOR CARCINOMA "
        "(0/7).\n\nLymph node breakdown per outside report: level 5 (0/2), level 7 (0/2), level 10L (0/1), level 11L (0/2).",
        kind="pathology",
        lang="en",
    )
    assert (breakdown.nodes_positive, breakdown.nodes_examined) == (0, 7)
    summary = extract_report(
        "DIAGNOSIS:. 1. LYMPH NODES, LEVEL 5: TWO NODES, NO TUMOR. 2. LYMPH NODES, LEVEL 7: THREE NODES, NO TUMOR. 3. "
        "LYMPH NODES, LEVEL 1OL: METASTATIC SQUAMOUS CELL CARCINOMA IN ONE OF TWO NODES. 4. LEFT LUNG, PNEUMONECTOMY: "
        "SQUAMOUS CELL CARCINOMA, 7.5 CM. METASTATIC CARCINOMA IN TWO OF SEVEN INTRAPULMONARY/PERIBRONCHIAL LYMPH NODES. "
        "SUMMARY: THREE OF FOURTEEN LYMPH NODES POSITIVE. pT2 pNl pMX.",
        kind="pathology",
        lang="en",
    )
    assert (summary.nodes_positive, summary.nodes_examined) == (3, 14)
    amended = extract_report(
        "AMENDED FINAL DIAGNOSIS:. A. LYMPH NODES, LEVEL 4R: NEGATIVE (0/2). B. LYMPH NODES, LEVEL 7: NEGATIVE (0/3). "
        "D. LYMPH NODES, LEVEL 11R: METASTATIC ADENOCARCINOMA IN ONE OF TWO LYMPH NODES (1/2). E. LUNG: - TWO "
        "PERIBRONCHIAL LYMPH NODES NEGATIVE (0/2). TOTAL LYMPH NODES (AMENDED): 1 POSITIVE / 10 EXAMINED.",
        kind="pathology",
        lang="en",
    )
    assert (amended.nodes_positive, amended.nodes_examined) == (1, 10)


def test_a_consults_quoted_outside_grade_and_a_clinical_m0_after_its_stage_group() -> None:
    consult = extract_report(
        'SECOND OPINION. The outside diagnosis was "poorly differentiated non-small cell carcinoma". Microscopic '
        "findings: sheets of large cells.\nDIAGNOSIS:. LARGE CELL CARCINOMA, 4.6 CM. HISTOLOGIC GRADE: UNDIFFERENTIATED "
        "(G4).",
        kind="pathology",
        lang="en",
    )
    assert consult.grade == "G4"
    staged = extract_report(
        "CLINICAL HISTORY:. 61 yo male with right upper lobe adenocarcinoma, clinical stage IIIA (T2 N2 M0) on. "
        "mediastinoscopy, status post chemoradiation. FINAL DIAGNOSIS:. Residual adenocarcinoma, 1.1 cm. COMMENT: "
        "Post-treatment pathologic staging: ypT1 ypN0 (8 nodes examined, all negative).",
        kind="pathology",
        lang="en",
    )
    assert (staged.t, staged.n, staged.m, staged.tnm_prefix) == ("T1", "N0", "M0", "yp")


def test_fusion_tests_pending_or_failed_and_an_amended_score_after_a_pending_one() -> None:
    pending = extract_report(
        "Predictive Biomarkers:\nEGFR: no mutation detected (exons 18-21 covered)\nROS1 and RET fusion testing (RNA-based): "
        "pending at sign-out; will be reported in an addendum.\n\nInterpretation:\nKRAS G12C mutation detected.",
        kind="pathology",
        lang="en",
    )
    assert {b.gene for b in pending.biomarkers} == {"EGFR", "KRAS"}
    failed = extract_report(
        "MOLECULAR:. KRAS p.G12C DETECTED. ALK, ROS1 and RET fusion testing (RNA): insufficient RNA; repeat on block B3 has "
        "been requested.",
        kind="pathology",
        lang="en",
    )
    assert [b.gene for b in failed.biomarkers] == ["KRAS"]
    amended = extract_report(
        "BIOMARKERS (AMENDED):. PD-L1 IHC (22C3): Original report - pending. Amended result: TPS 3%. NGS panel: EGFR "
        "p.G719A (exon 18) - detected.",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result, b.value) for b in amended.biomarkers] == [("PD-L1", "positive", 3.0), ("EGFR", "positive", None)]


def test_a_core_biopsys_size_the_dominant_tumours_histology_an_m_category_said_in_prose_and_a_breakdown() -> None:
    core = extract_report(
        "Final Diagnosis:\nLung, right lower lobe mass, CT-guided core needle biopsy:\n- Non-small cell carcinoma, favor "
        'adenocarcinoma.\n\nGross Description:\nReceived in formalin labeled "RLL mass core" are four tan-white cores of '
        "tissue, each 0.1 cm in diameter and ranging from 0.8 to 1.5 cm in length.",
        kind="pathology",
        lang="en",
    )
    assert core.tumor_size_mm is None
    dominant = extract_report(
        "FINAL DIAGNOSIS\nA. Lung, right upper lobe, lobectomy:\n   - Invasive adenocarcinoma, solid predominant, 3.3 cm "
        "(Tumor 1, dominant).\nB. Lung, right lower lobe, superior segment, wedge resection:\n   - Invasive adenocarcinoma, "
        "lepidic predominant, 0.9 cm (Tumor 2).\n",
        kind="pathology",
        lang="en",
    )
    assert (dominant.histology_code, dominant.lobe) == ("8230/3", "upper")
    effusion = extract_report(
        "FINAL DIAGNOSIS:. Pleural fluid, right:. POSITIVE FOR MALIGNANT CELLS. COMMENT:. The findings document a malignant "
        "pleural effusion, which corresponds to M1a in the AJCC 8th edition.",
        kind="pathology",
        lang="en",
    )
    assert effusion.m == "M1a"
    breakdown = extract_report(
        "DIAGNOSIS:\nLeft upper lobe, lobectomy: invasive adenocarcinoma, 3.7 cm.\nLymph nodes: metastatic adenocarcinoma in "
        "one of six lymph nodes (station 10L, 1/2); stations 5 (0/1) and 7 (0/3) negative; no nodal tissue in the station "
        "11L sample.",
        kind="pathology",
        lang="en",
    )
    assert (breakdown.nodes_positive, breakdown.nodes_examined) == (1, 6)


def test_a_node_lists_verdict_is_no_named_group_beside_its_stations() -> None:
    facts = extract_report(
        "FINAL DIAGNOSIS: squamous cell carcinoma, right upper lobe.\nLymph nodes: metastatic carcinoma in 1 of 28 (station "
        "2R (0/1), station 4R (0/6), station 7 (0/6), station 8 (0/3), station 9 (1/5), station 10 (0/3), station 11 "
        "(0/2), station 12 (0/2))\npTNM: pT1aN2",
        kind="pathology",
        lang="en",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 28)


def test_east_asian_reports_ocr_mi_category_vessel_emboli_and_group_lists() -> None:
    staged = extract_report("Lymph nodes: no metastasis (0/5). pTlmiNOMO, Stage IA1 (UICC 8th).", kind="pathology", lang="en")
    assert (staged.t, staged.n, staged.m, staged.tnm_prefix) == ("T1mi", "N0", "M0", "p")
    emboli = extract_report(
        "Visceral pleura: invaded (PL1). Vessel carcinoma embolus: (+). Nerve invasion: (-).", kind="pathology", lang="en"
    )
    assert emboli.lymphovascular_invasion is True
    ocr = extract_report(
        "Bronchial stump: negative. Lymph nodes: group 5 (O/2), group 7 (0/3), group 9 (0/l), group lO (l/2),. group 11 "
        "(0/3), group 12 (0/1), total (l/12).",
        kind="pathology",
        lang="en",
    )
    assert (ocr.nodes_positive, ocr.nodes_examined) == (1, 12)
    worded = extract_report(
        "Regional lymph nodes: l of 12 involved. Station 5: 0/2 ; Station 7: 0/4 ; Station 9: 0/2 ;. Station lO: 0/1 ; "
        "Station ll: l/3.",
        kind="pathology",
        lang="en",
    )
    assert (worded.nodes_positive, worded.nodes_examined) == (1, 12)
    closing = extract_report(
        "Diagnosis:\n(Right upper lobe) Invasive mucinous adenocarcinoma.\nLymph nodes: group 2 (0/2), group 4 (0/3), group 7 "
        "(0/5), group 10 (0/2), group 11 (0/1),\nintrapulmonary (0/3); no metastasis found (0/16).\n",
        kind="pathology",
        lang="en",
    )
    assert (closing.nodes_positive, closing.nodes_examined) == (0, 16)
    below = extract_report(
        "Histological findings:\nTumor 1: invasive adenocarcinoma.\n\nLymph nodes (#3): no metastasis (0/14)\n  #2R 0/2, #4R "
        "0/4, #7 0/3, #10 0/1, #11s 0/2, #12u 0/2\n",
        kind="pathology",
        lang="en",
    )
    assert (below.nodes_positive, below.nodes_examined) == (0, 14)
    named = extract_report(
        "FINAL DIAGNOSIS:\n1. Lung, left upper lobe, lobectomy -- Invasive adenocarcinoma, 2.4 cm.\n2. Lymph nodes, stations "
        "5, 6, 7, 10 and 11, dissection -- No metastatic carcinoma (0/7).\n\nTumor characteristics:\n  - Lymph nodes: "
        "station 5 (0/2), station 6 (0/1), station 7 (0/2), station 10 (0/1),\n    station 11 (0/1)\n",
        kind="pathology",
        lang="en",
    )
    assert (named.nodes_positive, named.nodes_examined) == (0, 7)


def test_two_primaries_sizes_a_wrapped_in_situ_margin_a_placed_size_and_an_ungraded_carcinoma() -> None:
    two = extract_report(
        "Gross findings:\n#1: Right upper lobe, 18 x 11 x 5 cm. A grey-white solid tumor with a ground-glass rim,\n    3.1 x "
        "2.4 x 2.0 cm, is found in S1.\n#2: Wedge of lung. A faint tan nodule, 0.9 x 0.8 cm, is seen 1.0 cm from the staple "
        "line.\n\nHistological findings:\nTumor 1 (#1, RUL S1): Invasive adenocarcinoma, papillary predominant.\nTumor 2 (#2, "
        "RLL S6): Adenocarcinoma in situ, non-mucinous, 0.9 cm.\nTumor 1 is the dominant lesion (larger and higher stage).\n",
        kind="pathology",
        lang="en",
    )
    assert two.tumor_size_mm == 31
    wrapped = extract_report(
        "Diagnosis:\nLung, right upper lobe, sleeve lobectomy -- Squamous cell carcinoma, keratinizing, moderately\n"
        "differentiated, with squamous cell carcinoma in situ at the bronchial resection margin.\nLymph nodes, stations "
        "10R and 11R -- Metastatic squamous cell carcinoma (2/11).\n",
        kind="pathology",
        lang="en",
    )
    assert wrapped.margins == "negative"
    placed = extract_report(
        "DIAGNOSIS:. A. Lung, right lower lobe, lobectomy: Adenocarcinoma, solid predominant. B. Lung, right upper lobe, "
        "wedge resection: Adenocarcinoma, same histology (separate tumor. nodule, intrapulmonary metastasis, 1.1 cm). 1. "
        "Histologic type: invasive adenocarcinoma, solid predominant. 3. Tumor size: 3.6 x 3.0 x 2.4 cm (main tumor, RLL). "
        "9. pTNM (AJCC 8th): pT4 NO, stage IIIA.",
        kind="pathology",
        lang="en",
    )
    assert (placed.lobe, placed.tumor_size_mm) == ("lower", 36)
    ungraded = extract_report(
        "Clinical diagnosis: RLL mass, biopsy: poorly\ndifferentiated carcinoma\n\nDIAGNOSIS:\n  1. Histologic type: "
        "pleomorphic carcinoma\n  2. Histologic grade: not applicable\n  3. Tumor size: 7.5 x 6.2 x 5.0 cm\n",
        kind="pathology",
        lang="en",
    )
    assert ungraded.grade is None
    pretreatment = extract_report(
        "CLINICAL:. Pre-treatment TBLB: adenocarcinoma; EGFR mutation. (cobas): negative; ALK (IHC, D5F3): negative.",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result) for b in pretreatment.biomarkers] == [("EGFR", "negative"), ("ALK", "negative")]


def test_scanned_atlas_reports_registry_stage_ocr_grade_spaced_counts_and_a_borderline_fish() -> None:
    staged = extract_report(
        "FINAL DIAGNOSIS:\nAdenocarcinoma.\n  pT2a pNO pMx\n  Lymph nodes examined: 11   involved: 0\nAJCC 7th edition "
        "stage group (for registry use): IB\n",
        kind="pathology",
        lang="en",
    )
    assert (staged.stage_group, staged.nodes_positive, staged.nodes_examined) == ("IB", 0, 11)
    graded = extract_report(
        "DIAGNOSIS: Invasive adenocarcinoma, solid predominant, poorIy differentiated, 2.45 cm.", kind="pathology", lang="en"
    )
    assert graded.grade == "G3"
    hedged = extract_report(
        "MICROSCOPIC:. Foci suspicious for angiolymphatic invasion are present at the tumor periphery; definitive. "
        "lymphovascular invasion is not identified on deeper levels.",
        kind="pathology",
        lang="en",
    )
    assert hedged.lymphovascular_invasion is None
    borderline = extract_report(
        "ADDENDUM - MOLECULAR RESULTS. EGFR mutation analysis: No mutation detected. ALK FISH (break-apart): 13% of 100 "
        "evaluated nuclei show split signals, just. below the 15% positive cutoff after a second reader count. Result: "
        "EQUIVOCAL (borderline).",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result) for b in borderline.biomarkers] == [("EGFR", "negative"), ("ALK", "equivocal")]
    treated = extract_report(
        "DIAGNOSIS:\nA. Lymph nodes, 4R: Two lymph nodes, negative for viable carcinoma (0/2).\nB. Lymph nodes, 7: Three "
        "lymph nodes, negative (0/3).\nD. Lymph node, 10R: One lymph node, negative (0/1).\nE. Lymph nodes, 11R: Two lymph "
        "nodes, negative (0/2).\n\nSUMMARY / STAGING (AJCC 7th ed.):\nPost-treatment pathologic: ypT1a ypN0 (0 of 8 lymph "
        "nodes)\n",
        kind="pathology",
        lang="en",
    )
    assert (treated.nodes_positive, treated.nodes_examined) == (0, 8)
    breast = extract_report(
        "CLINICAL HISTORY: Right lower lobe nodule. History. of left breast carcinoma (2001), infiltrating ductal, ER "
        "positive, PR positive,. HER2/neu 3+ by immunohistochemistry, treated with mastectomy. FINAL DIAGNOSIS: Lung, "
        "right lower lobe, wedge: adenocarcinoma, 1.4 cm.",
        kind="pathology",
        lang="en",
    )
    assert breast.biomarkers == []


def test_small_specimens_other_cancers_staging_a_metastasis_size_and_a_nodes_only_history_site() -> None:
    breast = extract_report(
        "Clinical details: 22 mm left lower lobe nodule. PMH left breast carcinoma 2011 (invasive ductal carcinoma NST, "
        "grade 3, pT2 N1a M0, ER 8/8, HER2 negative), WLE and radiotherapy.\nDiagnosis: Lung, left lower lobe, CT-guided "
        "core biopsy: adenocarcinoma.",
        kind="pathology",
        lang="en",
    )
    assert (breast.t, breast.n, breast.m, breast.tnm_prefix) == (None, None, None, None)
    rectal = extract_report(
        "DIAGNOSIS: Lung, right lower lobe, wedge: adenocarcinoma, 1.2 cm. NOTE: The patient's rectal cancer staging "
        "(ypT2 N0) refers to the prior colorectal resection.",
        kind="pathology",
        lang="en",
    )
    assert (rectal.t, rectal.n) == (None, None)
    renal = extract_report(
        "Clinical details: Completion left lower lobectomy. PMH: right papillary renal cell carcinoma. 2012 (pT1a), "
        "partial nephrectomy. Conclusion:. Left lower lobe, completion lobectomy: no residual carcinoma.",
        kind="pathology",
        lang="en",
    )
    assert renal.t is None
    clinical = extract_report(
        "CLINICAL HISTORY:\n70M with a 3.4 cm spiculated left upper lobe mass; clinically staged cT2a cN0 cM0.\nFINAL "
        "DIAGNOSIS:\nLung, left upper lobe, CT-guided core biopsy: adenocarcinoma.",
        kind="pathology",
        lang="en",
    )
    assert (clinical.t, clinical.n, clinical.m, clinical.tnm_prefix) == ("T2a", "N0", "M0", "c")
    adrenal = extract_report(
        'Macroscopic: Specimen labelled "left adrenal": haemorrhagic tumour measuring 70 x 45 x 25 mm in aggregate.\n'
        "Diagnosis: Left adrenal gland, adrenalectomy: metastatic adenocarcinoma, consistent with spread from the known "
        "lung primary.",
        kind="pathology",
        lang="en",
    )
    assert adrenal.tumor_size_mm is None
    staging = extract_report(
        "CLINICAL HISTORY:\nRight upper lobe squamous cell carcinoma diagnosed on bronchoscopic biopsy in February 2016.\n\n"
        "SPECIMENS:\nA. Station 2R\nB. Station 4R\n\nFINAL DIAGNOSIS:\nA. Station 2R: no lymph node tissue identified.\nB. "
        "Station 4R: metastatic squamous cell carcinoma in one of two lymph nodes (1/2).\n",
        kind="pathology",
        lang="en",
    )
    assert (staging.laterality, staging.lobe) == ("right", "upper")
    tally = extract_report(
        "DIAGNOSIS:. B. Lymph node, station 4L, EBUS-TBNA: positive for small cell carcinoma. D. Lymph node, station 10L, "
        "EBUS-TBNA: positive for small cell carcinoma. Lymph node count: three EBUS stations, each counted as one node; 2 "
        "of 3 positive (4L and 10L).",
        kind="pathology",
        lang="en",
    )
    assert (tally.nodes_positive, tally.nodes_examined) == (2, 3)


def test_markers_of_a_described_other_cancer_or_in_a_recommended_list_are_not_this_tumours() -> None:
    facts = extract_report(
        "FINAL DIAGNOSIS:. Pleural fluid: metastatic adenocarcinoma, consistent with lung primary. PREDICTIVE MARKER "
        "TESTING (cell block):. ALK (D5F3): negative. COMMENT:. Although the patient has a history of BRAF-mutated "
        "melanoma, the malignant cells here are SOX10 negative. We recommend plasma ctDNA testing or a tissue biopsy for "
        "comprehensive molecular. profiling (EGFR, ROS1, BRAF, KRAS, MET, RET, HER2 and ALK fusion partner). The "
        "HER2-positive status of the previous. breast carcinoma does not apply to this lung tumour.",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result) for b in facts.biomarkers] == [("ALK", "negative")]


def test_a_second_tumours_marker_results_run_on_after_its_flattened_label() -> None:
    facts = extract_report(
        "Tumour A (right lower lobe, dominant): pT1c. Tumour B (right middle lobe): pT1a. Biomarkers:. Tumour A (block A4): "
        "EGFR exon 21 L858R mutation detected. PD-L1 (SP263) TPS <1%. Tumour B (block B1): EGFR wild type. PD-L1 (SP263) "
        "TPS 60%. Diagnosis: Right lower and middle lobes, bilobectomy: two primary adenocarcinomas.",
        kind="pathology",
        lang="en",
    )
    assert [(b.gene, b.result) for b in facts.biomarkers] == [("EGFR", "positive"), ("PD-L1", "negative")]


def test_romance_translations_borders_permeation_ganglia_stazione_and_a_framed_checklist() -> None:
    spanish = extract_report(
        "DIAGNOSIS:\n1. LUNG, RIGHT UPPER LOBE: INFILTRATING ADENOCARCINOMA, 3,4 CM.\n - Pleura visceral not infiltrated.\n"
        " - Bronchial border free and vascular borders free of neoplasm.\n - Vascular permeation is not identified.\n"
        "MICROSCOPY. Three peribronchial ganglia. 2) Ganglios grupo 5: two ganglia. Ganglia: peribronchial 0/3, group 5 "
        "0/2. Total 0/5.",
        kind="pathology",
        lang="en",
    )
    assert (spanish.margins, spanish.lymphovascular_invasion, spanish.pleural_invasion) == ("negative", False, False)
    assert (spanish.nodes_positive, spanish.nodes_examined) == (0, 5)
    italian = extract_report(
        "Microscopic description:\nIntrapulmonary linfonodi: 0/6.\nB) Stazione 4R: metastasis in 2 of 3 linfonodi (2/3).\n"
        "C) Stazione 7: 0/2.\nD) Stazione 10R: 0/1.\n\nDiagnosis:\nRight upper lobe: pulmonary adenocarcinoma, 2,6 cm. "
        "Metastasis in 2 of 12 linfonodi examined (station 4R).\n",
        kind="pathology",
        lang="en",
    )
    assert (italian.nodes_positive, italian.nodes_examined) == (2, 12)
    framed = extract_report(
        "Clinical information: Mixed ground-glass nodule in the right upper lobe.\n\n--- CHECKLIST ---\nProcedure: "
        "Lobectomy.\nVisceral pleura invasion: Not identified (PL0).\nLymphovascular invasion: Not identified.\nBronchial "
        "margin: Free.\nRegional lymph nodes:\n  Peribronchial/hilar (10R/11R): 0/3\n  Station 4R: 0/2\n  Station 7: 0/2\n"
        "  Total examined: 7. Total with metastasis: 0.\n--- END OF CHECKLIST ---\n",
        kind="pathology",
        lang="en",
    )
    assert (framed.pleural_invasion, framed.lymphovascular_invasion, framed.margins) == (False, False, "negative")
    assert (framed.nodes_positive, framed.nodes_examined) == (0, 7)
    infiltration = extract_report(
        "CONCLUSION. Left upper lobe, lobectomy: pleomorphic carcinoma, 4,3 cm, with infiltration of the visceral pleura "
        "and vascular invasion. Free margins.",
        kind="pathology",
        lang="en",
    )
    assert infiltration.pleural_invasion is True
    revised = extract_report(
        "Intrapulmonary linfonodi: 0/2. B) Stazione 4R: 0/3. C) Stazione 7: 0/2. D) Stazione 10R: 0/2. ADDENDUM: Two further "
        "intrapulmonary linfonodi were found, one with a metastasis (1/2). Revised total of all stations: 1/11 linfonodi "
        "with metastasis.",
        kind="pathology",
        lang="en",
    )
    assert (revised.nodes_positive, revised.nodes_examined) == (1, 11)


def test_a_romance_reports_antecedents_are_its_history() -> None:
    facts = extract_report(
        "ANTECEDENTS: Adenocarcinoma of the sigmoid colon operated in 2010 (pT3 pN1a, KRAS mutated G13D, treated with "
        "adjuvant chemotherapy).\nDIAGNOSIS: Lung, left lower lobe, lobectomy: adenocarcinoma, 2,1 cm. Borders free.",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, [b.gene for b in facts.biomarkers]) == (None, None, [])


def test_a_comment_saying_what_the_synoptic_t_should_read() -> None:
    facts = extract_report(
        "SYNOPTIC\nPathologic Stage Classification - Primary Tumor (pT): pT2a\nPathologic Stage Classification - Regional "
        "Lymph Nodes (pN): pN0\nPathologic Stage Group: IB\n\nCOMMENT\nThe pT category above should read pT2b (tumor greater "
        "than 4 cm but not more than\n5 cm). The synoptic template could not be re-opened after sign-out.\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.t, facts.n, facts.tnm_prefix) == ("T2b", "N0", "p")


def test_an_exam_heading_a_test_that_will_not_be_performed_and_a_list_with_no_alterations_detected() -> None:
    facts = extract_report(
        "MACROSCOPIC EXAM. Left upper lobe with a tumour of 5,3 cm. MICROSCOPIC EXAM. Invasive adenocarcinoma. "
        "Angiolymphatic invasion: not detected. Margins (bronchial, vascular): free of neoplasia.\n"
        "BIOMARKERS:\n - KRAS: p.G12C mutation in exon 2 - PRESENT.\n - EGFR, BRAF, ALK, ROS1, RET, MET: no alterations in "
        "the analysed regions is detected.\n - PD-L1 (22C3): TPS 5%.\n - NTRK: will not be performed.\n",
        kind="pathology",
        lang="en",
    )
    assert (facts.lymphovascular_invasion, facts.margins) == (False, "negative")
    results = {(b.gene, b.result) for b in facts.biomarkers}
    assert results == {("KRAS", "positive"), ("PD-L1", "positive")} | {
        (gene, "negative") for gene in ("EGFR", "BRAF", "ALK", "ROS1", "RET", "MET")
    }


def test_a_station_table_with_its_columns_split_by_slashes() -> None:
    facts = extract_report(
        "Margins: free of tumor. LYMPH NODE SUMMARY. Station / Nodes examined / Nodes positive. 10R (hilar) / 2 / 0. 11R "
        "(interlobar) / 1 / 0. 4R / 2 / 0. 7 / 1 / 0. Total / 6 / 0. Comment: TNM staging was not requested.",
        kind="pathology",
        lang="en",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (0, 6)
