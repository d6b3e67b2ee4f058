"""Imaging extraction: CCKS-style spans in Chinese, English radiology wording, hedged and negated metastases."""

from __future__ import annotations

import pytest

from oncodata.nlp import extract_report
from oncodata.nlp.evaluate import metastasis_categories
from oncodata.nlp.imaging import extract_imaging, size_to_mm
from tests.nlp.conftest import read_fixture


def test_chinese_ct_primary_size_and_metastases():
    facts = extract_report(read_fixture("zh_imaging_ct.txt"))
    assert facts.kind == "imaging" and facts.language == "zh"
    # The span ranker (fitted on Yidu) takes the findings segment where the measured lesion sits over the
    # lobe-level diagnosis ("右肺上叶MT"); the rules alone keep the diagnosis span.
    assert facts.primary_site_text == "右肺上叶尖段"
    assert extract_imaging(read_fixture("zh_imaging_ct.txt"), "zh", rank_spans=False).primary_site_text == "右肺上叶"
    assert facts.primary_size_text == "3.2CM×2.6CM" and facts.primary_size_mm == 32.0
    assert (facts.lobe, facts.laterality) == ("upper", "right")
    # Negated (肝内未见明确转移) and hedged (转移不除外) metastases are not facts.
    assert facts.metastasis_sites_text == ["纵隔淋巴结", "左侧肾上腺", "胸腰椎"]
    assert facts.comparison == "larger"


def test_chinese_postoperative_report_has_site_but_no_size():
    facts = extract_report(read_fixture("zh_imaging_postop.txt"))
    assert facts.kind == "imaging"
    assert facts.primary_site_text == "左乳" and facts.primary_size_text is None
    assert facts.metastasis_sites_text == ["双肺", "肝"]  # 脑内未见明确转移瘤 is negated


def test_english_ct():
    facts = extract_report(read_fixture("en_imaging_ct.txt"))
    assert facts.kind == "imaging"
    assert facts.primary_site_text == "right upper lobe" and facts.primary_size_text == "3.4 x 2.8 cm"
    assert "osseous" in [s.lower() for s in facts.metastasis_sites_text]
    assert "liver" not in facts.metastasis_sites_text and "brain" not in facts.metastasis_sites_text
    assert (facts.comparison, facts.response) == ("larger", "progression")


def test_size_normalization():
    assert size_to_mm("29.7×27.4MM") == 29.7
    assert size_to_mm("2.2CM*2.1CM") == 22.0
    assert size_to_mm("no size") is None


def test_destroyed_bones_are_listed_with_a_stated_bone_metastasis():
    findings = "骨窗示：双侧肩胛骨、胸骨、多发肋骨及椎骨示多发骨质破坏。颅骨未见异常。"
    stated = extract_imaging(findings + "影像诊断：1.左肺下叶癌；多发骨转移。", "zh")
    assert stated.metastasis_sites_text == ["骨", "双侧肩胛骨", "胸骨", "多发肋骨", "椎骨"]
    # Only hedged bone metastasis: the destroyed bones stay findings, not metastasis facts.
    hedged = extract_imaging(findings + "影像诊断：1.左肺下叶癌；多发骨质破坏，骨转移不除外。", "zh")
    assert hedged.metastasis_sites_text == []
    assert any(f.category == "metastasis" and f.span.text == "胸骨" for f in stated.findings)
    negated = extract_imaging("骨窗示：胸椎示未见明确骨质破坏。肋骨示骨质破坏。影像诊断：肺癌；骨转移。", "zh")
    assert negated.metastasis_sites_text == ["骨", "肋骨"]
    # Without a bone window, one or two destroyed bones stay under the bone metastasis the impression states.
    lone = extract_imaging("右侧第8肋示骨质破坏。影像诊断：肺癌；骨转移。", "zh")
    assert lone.metastasis_sites_text == ["骨"]
    # A node station named after a bone ("右侧锁骨上淋巴结") does not stand for the destroyed bone itself.
    beside_nodes = extract_imaging(
        "骨窗示：胸骨、右侧锁骨、多发肋骨示骨质破坏。影像诊断：肺癌并右侧锁骨上淋巴结转移；骨转移。", "zh"
    )
    assert beside_nodes.metastasis_sites_text == ["右侧锁骨上淋巴结", "骨", "胸骨", "右侧锁骨", "多发肋骨"]


def test_organs_listed_before_a_node_list_are_sites_of_their_own():
    facts = extract_imaging("影像诊断：1.左肺癌，双肺、胸3椎体及纵隔淋巴结转移；远端阻塞性炎症、右肺门及纵隔淋巴结转移。", "zh")
    assert facts.metastasis_sites_text == ["双肺", "胸3椎体", "纵隔淋巴结", "右肺门及纵隔淋巴结"]
    # A list of node stations stays one span, as CCKS annotators mark it.
    stations = extract_imaging("影像诊断：右肺癌并双侧锁骨上区、右肺门及纵隔淋巴结转移。", "zh")
    assert stations.metastasis_sites_text == ["双侧锁骨上区、右肺门及纵隔淋巴结"]


def test_metastasis_phrase_drops_the_primary_and_headings():
    facts = extract_imaging("影像诊断：乳腺MT综合治疗后病例:肝、胸骨转移。与前片对比：左肺门淋巴结，较前增大，考虑转移。", "zh")
    assert facts.metastasis_sites_text == ["肝", "胸骨", "左肺门淋巴结"]


def test_hedged_metastases_are_listed_apart_from_the_facts():
    zh = extract_report(read_fixture("zh_imaging_ct.txt"))
    # "左肺下叶小结节，转移不除外" is reported as suspected, never as a metastasis fact.
    assert zh.metastasis_sites_suspected_text == ["左肺下叶"]
    assert "左肺下叶" not in zh.metastasis_sites_text
    assert "metastasis_sites_suspected_text" in zh.to_record()
    en = extract_imaging("Indeterminate liver lesion, suspicious for metastasis. Osseous metastases. No brain metastasis.", "en")
    assert en.metastasis_sites_text == ["Osseous"]
    assert en.metastasis_sites_suspected_text == ["liver"]

    # A hedge or advice on a clause of its own points back to the site the clause before names.
    advised = extract_imaging("影像诊断：1.左肺癌 2.双肺结节灶，建议进一步检查，不除外转移。", "zh")
    assert advised.metastasis_sites_suspected_text == ["双肺"]

    # "原发或转移不能除外": a hedge written after the word; the site is the lesion the clause before names.
    either = extract_imaging("影像诊断：1.右乳癌术后，肝转移。2.左乳内多发结节灶，原发或转移不能除外。", "zh")
    assert either.metastasis_sites_text == ["肝"]
    assert either.metastasis_sites_suspected_text == ["左乳"]


def test_quantity_words_before_a_listed_bone_are_left_out():
    findings = "骨窗示：胸骨、双侧部分肋骨及扫描野内多个胸椎示骨质破坏。"
    facts = extract_imaging(findings + "影像诊断：1.右肺癌；骨转移。", "zh")
    assert facts.metastasis_sites_text == ["骨", "胸骨", "肋骨", "胸椎"]
    # "多发" annotators keep: it stays.
    kept = extract_imaging("骨窗示：胸骨、多发肋骨示骨质破坏。影像诊断：右肺癌；骨转移。", "zh")
    assert kept.metastasis_sites_text == ["骨", "胸骨", "多发肋骨"]
    # The impression's own bone list: a quantity word opens an item, it does not end the list.
    listed = extract_imaging("影像诊断：1.右肺癌 2.胸骨、部分胸椎及双侧肋骨多发转移，较前新发。", "zh")
    assert listed.metastasis_sites_text == ["胸骨", "胸椎", "双侧肋骨"]


def test_each_listed_metastasis_site_ends_at_its_own_descriptor():
    facts = extract_imaging("影像诊断：左肺癌并左肺多发、左胸膜、叶间裂及心包转移，较前进展。", "zh")
    assert facts.metastasis_sites_text == ["左肺", "左胸膜", "叶间裂", "心包"]
    headed = extract_imaging("复查，与2017-1-9片对比: 左残肺及右肺多发小结节，转移瘤，部分较前稍增大。", "zh")
    assert headed.metastasis_sites_text == ["左残肺", "右肺"]
    # "者", "略增粗", "均为" and a question mark are not part of a site; a clause that only says "可疑" points back.
    trimmed = extract_imaging("影像诊断：双肺结节，右肺者考虑转移；左肾上腺略增粗，转移；多发骨质破坏，均为骨转移。", "zh")
    assert trimmed.metastasis_sites_text == ["右肺", "左肾上腺", "骨"]
    nodes = extract_imaging("影像诊断：右乳癌术后；内乳、纵隔转移性淋巴结较前缩小。", "zh")
    assert nodes.metastasis_sites_text == ["内乳、纵隔转移性淋巴结"]
    queried = extract_imaging("影像诊断：肝S4稍低密度病灶，肝囊肿？肝转移瘤？两肾多发结节灶，可疑转移瘤。", "zh")
    assert queried.metastasis_sites_suspected_text == ["肝", "两肾"]


def test_a_second_primary_in_another_organ_joins_the_site():
    text = "影像诊断：1.右肺癌，较前变化不著。2.结合临床，左乳癌术后改变。3.平滑肌瘤与食管癌鉴别。"
    facts = extract_imaging(text, "zh", rank_spans=False)
    # Two stated primaries are both the site, in the order the report names them; a differential is neither.
    assert facts.primary_site_text == "右肺,左乳"
    assert facts.topography_code is not None and facts.topography_code.startswith("C34")
    assert [span.text for span in facts.evidence["primary_site"]] == ["右肺", "左乳"]


def test_thoracic_primaries_beyond_the_lung():
    thymoma = extract_imaging("前上纵隔见软组织肿块，大小约5.8CM×3.8CM。影像诊断：1.考虑侵袭性胸腺瘤。", "zh", rank_spans=False)
    assert thymoma.primary_site_text == "胸腺" and thymoma.topography_code == "C37.9"
    pleura = extract_imaging("影像诊断：1.左侧胸膜恶性肿瘤，双肺转移。", "zh", rank_spans=False)
    assert pleura.primary_site_text == "左侧胸膜" and pleura.metastasis_sites_text == ["双肺"]


def test_a_report_naming_no_tumour_has_no_primary():
    nodule = "右肺上叶见一结节灶，大小约0.8CM×0.6CM，边缘光整。影像诊断：右肺上叶小结节，建议随访。"
    facts = extract_imaging(nodule, "zh")
    assert facts.primary_site_text is None and facts.primary_size_text is None
    # A lesion followed against the prior exam, or a resected lobe, is the tumour under treatment.
    followed = extract_imaging("右肺上叶病灶较前大致相仿，现大小约9×6mm。影像诊断：病灶与前片比较变化不大。", "zh")
    assert followed.primary_site_text == "右肺上叶" and followed.primary_size_text == "9×6mm"


def test_an_english_report_naming_no_tumour_has_no_primary():
    nodule = "CT CHEST. FINDINGS: 8 mm ground-glass nodule in the right lower lobe, unchanged. IMPRESSION: Stable nodule."
    facts = extract_imaging(nodule, "en")
    # The comparison is the primary tumour's change: a benign nodule's stability is not one.
    assert (facts.primary_site_text, facts.primary_size_text, facts.comparison) == (None, None, None)
    known = extract_imaging("Known right lower lobe adenocarcinoma. The right lower lobe mass measures 4.1 x 3.0 cm.", "en")
    assert (known.primary_site_text, known.primary_size_text) == ("right lower lobe", "4.1 x 3.0 cm")


def test_english_metastasis_sites_skip_the_primary_and_name_each_place_once():
    report = (
        "FINDINGS: Spiculated 3.2 x 2.8 cm mass in the left upper lobe. Liver metastases. IMPRESSION: Left upper lobe "
        "mass consistent with primary lung carcinoma with nodal, osseous and hepatic metastases."
    )
    facts = extract_imaging(report, "en")
    assert facts.metastasis_sites_text == ["Liver", "nodal", "osseous"]  # not the primary's lung; hepatic is the liver
    assert facts.nodal_involvement is True
    assert extract_imaging("Lung metastases from breast cancer.", "en").metastasis_sites_text == ["Lung"]


def test_a_metastasis_naming_only_its_organ_takes_the_site_the_clause_before_names():
    facts = extract_imaging("1.右乳癌术后改变;右侧胸膜多发结节灶,考虑为胸膜转移;多发骨转移。", "zh")
    assert facts.metastasis_sites_text == ["右侧胸膜", "骨"]
    # Not across a sentence, and not when the clause before opens with another organ.
    assert extract_imaging("右侧胸膜多发结节灶。考虑为胸膜转移。", "zh").metastasis_sites_text == ["胸膜"]
    assert extract_imaging("左肺门淋巴结增大,考虑为胸膜转移。", "zh").metastasis_sites_text == ["胸膜"]


def test_exported_line_marks_break_sentences():
    # Exported reports mark line breaks as "\u007f" written out, or "_x0004_"; neither belongs to a site.
    text = "影像诊断：1.右肺癌。\\u007f纵隔肿大淋巴结，考虑转移。_x0004_双肺多发结节，考虑转移。"
    assert extract_imaging(text, "zh").metastasis_sites_text == ["纵隔肿大淋巴结", "双肺"]


def test_every_imaging_span_is_the_report_text_at_its_offsets():
    for report in (
        "影像诊断：左肺癌并左肺多发、左胸膜、叶间裂及心包转移，较前进展。",
        "影像诊断：右乳癌术后；内乳、纵隔转移性淋巴结较前缩小。部分胸椎及双侧肋骨多发转移。",
        "1.右乳癌术后改变;右侧胸膜多发结节灶,考虑为胸膜转移。",
        "左上肺癌并左侧肺门淋巴结及两肺多发转移治疗后较前好转。",
        read_fixture("zh_imaging_ct.txt"),
    ):
        facts = extract_imaging(report, "zh")
        spans = [s for cited in facts.evidence.values() for s in cited] + [f.span for f in facts.findings]
        assert spans and all(report[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("report", "stated", "suspected"),
    [
        ("IMPRESSION: Right upper lobe primary with liver and adrenal metastases.", ["liver", "adrenal"], []),
        ("Carcinoma of unknown primary with bone metastases.", ["bone"], []),
        ("Left lower lobe mass. Extensive hepatic metastatic carcinoma.", ["hepatic"], []),
        ("Enhancing lesions in the left frontal lobe, metastases from known lung adenocarcinoma.", ["left frontal lobe"], []),
        (
            "Adrenal metastasis. Left adrenal gland metastasis. Nodal metastases and lymph node metastases.",
            ["Adrenal", "Nodal"],
            [],
        ),
        # A hedge after a comma still hedges.
        ("Osseous metastases, T5 and L2, cannot be excluded.", [], ["Osseous"]),
        ("Adrenal metastasis, left, is possible.", [], ["Adrenal"]),
    ],
)
def test_english_metastasis_review_cases(report: str, stated: list[str], suspected: list[str]) -> None:
    facts = extract_imaging(report, "en")
    assert (facts.metastasis_sites_text, facts.metastasis_sites_suspected_text) == (stated, suspected)


def test_a_denied_tumour_word_names_no_tumour_and_a_bare_organ_needs_an_affirmed_subject():
    denied = "FINDINGS: Right lower lobe nodule measuring 8 mm, unchanged. IMPRESSION: No evidence of malignancy."
    assert extract_imaging(denied, "en").primary_site_text is None
    assert extract_imaging("右侧胸膜未见结节,考虑为胸膜转移。", "zh").metastasis_sites_text == ["胸膜"]
    assert extract_imaging("右肺上叶癌,考虑肺转移。", "zh").metastasis_sites_text == ["肺"]
    hedged = extract_imaging("左侧胸膜增厚,胸膜转移不除外。", "zh")
    assert hedged.metastasis_sites_suspected_text == ["左侧胸膜"]
    assert "左侧胸膜" in [s.text for s in hedged.evidence["metastasis_sites_suspected"]]


@pytest.mark.parametrize(
    ("report", "stated"),
    [
        # "并" between two descriptors joins no chain: the site before it stays.
        ("4.右侧胸膜增厚并结节灶,考虑转移  5.左侧胸腔少量积液", ["右侧胸膜"]),
        # …while a site after it is the metastasis and the primary before it is cut off.
        ("双侧乳腺癌术后局部复发并多发皮下转移。", ["皮下"]),
        ("考虑左肺癌并阻塞性肺不张、左侧锁骨上、左肺门及纵隔淋巴结转移。", ["左侧锁骨上、左肺门及纵隔淋巴结"]),
        # An effusion clause names no site: the clause before does.
        ("右侧胸膜广泛不规则增厚,胸腔积液,考虑转移。", ["右侧胸膜"]),
        # "未见明显变化" says unchanged, not absent.
        ("胸骨、颈椎、胸椎骨转移瘤较前未见明显变化。", ["胸骨", "颈椎", "胸椎"]),
        ("右肺间质性改变,考虑淋巴道转移。", ["淋巴道"]),
        # An organ listed after a node list is a site of its own.
        ("左上肺癌并左侧肺门淋巴结及两肺多发转移治疗后较前好转。", ["左侧肺门淋巴结", "两肺"]),
        ("纵隔、右肺门淋巴结及双肺多发转移。", ["纵隔、右肺门淋巴结", "双肺"]),
    ],
)
def test_chinese_metastasis_phrase_cases(report: str, stated: list[str]) -> None:
    assert extract_imaging(report, "zh").metastasis_sites_text == stated


def test_the_comparison_is_the_primarys_change_not_a_nodes_or_another_nodules():
    report = (
        "右肺上叶切除术后复查。检查所见：右肺上叶切除术后，残端未见肿块。左肺下叶磨玻璃结节，约0.5cm，同前。"
        "纵隔7区淋巴结较前增大。诊断意见：1.右肺上叶癌术后，术区未见复发；2.纵隔淋巴结较前增大，考虑转移。"
    )
    facts = extract_imaging(report, "zh")
    assert facts.comparison is None and facts.nodal_involvement is True
    shrinking = extract_imaging("左肺上叶肿块较前缩小，现约2.1cm×1.7cm；纵隔淋巴结较前增大。左肺上叶癌治疗后。", "zh")
    assert shrinking.comparison == "smaller"
    en = extract_imaging(
        "Known RUL adenocarcinoma. The right upper lobe mass is smaller, now 2.1 x 1.5 cm. A 4 mm left lower lobe "
        "nodule is unchanged. Subcarinal node increased in size.",
        "en",
    )
    assert en.comparison == "smaller"


def test_new_lesions_are_reported_apart_and_a_single_lesions_change_is_no_response_verdict():
    progressed = extract_imaging("右肺下叶癌，肿块较前缩小；肝内新见多发低密度灶，考虑转移。", "zh")
    assert (progressed.comparison, progressed.new_lesions, progressed.response) == ("smaller", True, None)
    none_new = extract_imaging("右肺下叶癌化疗后，病灶较前缩小，未见新发病灶。疗效评价：PR。", "zh")
    assert (none_new.new_lesions, none_new.response) == (False, "response")
    only_new = extract_imaging("Lung cancer on treatment. New 9 mm hypodense liver lesion, consistent with metastasis.", "en")
    assert (only_new.comparison, only_new.new_lesions) == ("new", True)
    assert extract_imaging("RLL mass, stable. No new lesions. Stable disease.", "en").new_lesions is False
    assert extract_imaging("RLL mass, stable. No new lesions. Stable disease.", "en").response == "stable"


def test_nodes_said_to_be_free_are_no_nodal_involvement_unless_others_are_enlarged():
    assert extract_imaging("右肺上叶肿块。纵隔及双肺门未见肿大淋巴结。", "zh").nodal_involvement is False
    assert extract_imaging("右肺上叶肿块。腋窝未见肿大淋巴结。右肺门见增大淋巴结。", "zh").nodal_involvement is None
    assert extract_imaging("RUL mass. No mediastinal or hilar lymphadenopathy.", "en").nodal_involvement is False
    assert extract_imaging("RUL mass. Mediastinal nodal metastases.", "en").nodal_involvement is True


def test_the_english_primary_is_in_the_diagnosed_organ_and_measured_where_the_findings_measure_it():
    staging = extract_imaging(
        "CLINICAL HISTORY: RUL mass on outside CXR. Staging.\nFINDINGS: Spiculated mass in the posterior segment of the "
        "right upper lobe measuring 3.4 x 2.8 cm. 4 mm calcified granuloma in the LLL.\nIMPRESSION: 3.4 cm RUL mass, "
        "consistent with primary bronchogenic carcinoma.",
        "en",
    )
    assert (staging.laterality, staging.lobe, staging.primary_size_mm) == ("right", "upper", 34.0)
    # A brain MRI's lesion is a metastasis of the lung cancer, not the primary.
    brain = extract_imaging(
        "MRI BRAIN. History: Lung adenocarcinoma. Findings: 9 mm enhancing lesion in the left cerebellar hemisphere.", "en"
    )
    assert (brain.topography_code, brain.laterality) == ("C34.9", None)
    # A RECIST line gives this exam's size after the arrow; a bare size is this exam's unless introduced as the prior.
    recist = extract_imaging("Stage IV NSCLC, RUL primary. TARGET LESIONS: 1. RUL mass: 45 mm -> 32 mm. Partial response.", "en")
    assert (recist.primary_size_mm, recist.response) == (32.0, "response")
    bare = extract_imaging("Lung adenocarcinoma. Findings: Lingular mass decreased in size, 2.2 cm (previous 3.0 cm).", "en")
    assert (bare.lobe, bare.primary_size_mm, bare.comparison) == ("upper", 22.0, "smaller")


def test_an_english_lobectomy_or_pneumonectomy_gives_the_primarys_site():
    lobectomy = extract_imaging("CT chest. Status post right lower lobectomy for adenocarcinoma. No recurrence.", "en")
    assert (lobectomy.laterality, lobectomy.lobe, lobectomy.primary_size_mm) == ("right", "lower", None)
    pneumonectomy = extract_imaging(
        "HISTORY: s/p left pneumonectomy 2020. IMPRESSION: Status post left pneumonectomy for left lower lobe squamous cell "
        "carcinoma, no local recurrence. Stable 3 mm RUL nodule.",
        "en",
    )
    assert (pneumonectomy.laterality, pneumonectomy.lobe, pneumonectomy.comparison) == ("left", "lower", None)


def test_a_metastasis_only_in_the_history_is_not_this_exams():
    zh = extract_imaging("临床：左肺上叶鳞癌伴纵隔淋巴结转移，化疗后。检查所见：左肺上叶肿块较前缩小。纵隔未见肿大淋巴结。", "zh")
    assert (zh.metastasis_sites_text, zh.nodal_involvement) == ([], False)
    en = extract_imaging(
        "PET/CT RESTAGING Indication: LUL carcinoma with mediastinal nodal metastases, post chemoradiotherapy. "
        "Findings: LUL primary now 18 x 12 mm. No FDG-avid lymph nodes. New 7 mm RLL nodule, possibly metastatic.",
        "en",
    )
    assert (en.metastasis_sites_text, en.metastasis_sites_suspected_text, en.nodal_involvement) == ([], ["RLL"], False)


def test_chinese_reports_with_english_lobe_abbreviations_and_no_prior_exam():
    facts = extract_imaging("CT胸部平扫 LUL 尖后段周围型肺癌，约2.1x1.8cm。纵隔LN(-)，双肺门LN(-)。", "zh")
    assert (facts.laterality, facts.lobe, facts.nodal_involvement) == ("left", "upper", False)
    # No prior exam: "体积缩小" describes an atelectatic lobe, and nothing is compared.
    first = extract_imaging(
        "比较：无。左肺上叶中央型肿块，大小约4.5×3.8cm，左肺上叶不张，体积缩小。诊断：左肺上叶中央型肺癌。", "zh"
    )
    assert (first.comparison, first.new_lesions) == (None, None)


def test_english_abbreviated_sides_and_the_change_of_a_metastasis_are_read_for_what_they_are():
    facts = extract_imaging(
        "Clinical details: K/c/o Ca Rt lung. Observations: Heterogeneously enhancing SOL in the Rt lower lobe measuring "
        "approx 3.8 x 3.1 cm, previously 5.2 x 4.4 cm. Few non-avid small nodules in Lt lung, unchanged. "
        "IMPRESSION: Interval decrease in size of Rt lower lobe SOL. Partial response.",
        "en",
    )
    assert (facts.laterality, facts.lobe, facts.primary_size_mm, facts.comparison) == ("right", "lower", 38.0, "smaller")
    brain = extract_imaging(
        "MRI brain. Lung adenocarcinoma. IMPRESSION: Enlarging left frontal treated lesion, favoring necrosis.", "en"
    )
    assert brain.comparison is None
    # "increased FDG uptake" is metabolism, not growth.
    pet = extract_imaging("Known RLL cancer. Right lower lobe mass, 3.5cm x 2.9cm, with increased FDG uptake.", "en")
    assert pet.comparison is None


def test_a_run_on_sentence_measures_the_primary_before_it_turns_to_the_nodes():
    facts = extract_imaging(
        "Indication: squamous cell carcinoma left lower lobe, restaging. Findings: The left lower lobe mass which abuts "
        "the posterior pleura now measures 2.9 x 2.1 cm, previously 4.1 x 3.3 cm, the subcarinal nodal metastasis has "
        "also decreased. No significant LN swelling elsewhere.",
        "en",
    )
    assert (facts.primary_size_mm, facts.metastasis_sites_text, facts.nodal_involvement) == (29.0, ["nodal"], True)
    free = extract_imaging("Rt upper lobe mass 2.8 cm, lung cancer. No significant LN swelling in mediastinum and hila.", "en")
    assert free.nodal_involvement is False


def test_a_brain_mri_naming_no_primary_has_no_primary_site():
    mri = (
        "TECHNIQUE: MRI of the brain with and without gadolinium.\n3 ring-enhancing lesions in the left frontal lobe, the "
        "largest 11 mm with surrounding edema, consistent with brain metastases.\nCONCLUSION:\nMetastases: left frontal lobe."
    )
    facts = extract_imaging(mri, "en")
    assert (facts.primary_site_text, facts.primary_size_text) == (None, None)
    assert "brain" in " ".join(facts.metastasis_sites_text).lower()


def test_a_chinese_brain_mri_measures_no_lung_primary_and_a_past_metastasis_is_not_listed():
    mri = (
        "头颅MRI增强。临床诊断：肺癌。右侧额叶见环形强化结节，大小约1.5cm×1.3cm，周围水肿。左侧小脑病灶约0.9cm。"
        "影像诊断：脑内多发结节，考虑转移瘤。"
    )
    facts = extract_imaging(mri, "zh")
    assert (facts.primary_size_text, facts.primary_size_mm) == (None, None)
    past = extract_imaging(
        "临床：右肺中叶腺癌，靶向治疗中；既往脑转移已行全脑放疗。右肺中叶结节，最大径约16mm，与前片相仿。"
        "胸12椎体见溶骨性骨质破坏，考虑骨转移。",
        "zh",
    )
    assert past.metastasis_sites_text == ["骨"]


def test_a_prior_size_is_not_this_exams_and_another_plane_can_be_larger():
    prior = extract_imaging(
        "左肺下叶腺癌SBRT后。左肺下叶背段原结节区见片状实变，原结节难以单独测量，病灶整体较前缩小（放疗前约2.0cm×1.6cm）。", "zh"
    )
    assert prior.primary_size_mm is None
    now = extract_imaging("右肺上叶癌治疗后。右肺上叶尖段软组织结节较前缩小，原约14X11MM，现约12X6MM。", "zh")
    assert (now.primary_size_text, now.primary_size_mm) == ("12X6MM", 12.0)
    planes = extract_imaging(
        "左肺上叶前段见团块状软组织影，横断位大小约3.5×3.1cm，冠状位上下径约3.7cm，分叶。诊断：左肺上叶周围型肺癌。", "zh"
    )
    assert (planes.primary_size_text, planes.primary_size_mm) == ("3.7cm", 37.0)
    en = extract_imaging(
        "Known RUL adenocarcinoma. Right upper lobe mass measures 3.4 x 2.8 cm axially and 4.1 cm craniocaudal.", "en"
    )
    assert en.primary_size_mm == 41.0


def test_chinese_segment_and_short_lobe_names_and_a_bilateral_primary():
    segment = extract_imaging("右肺S6段（RLL背段）见一分叶状肿块，大小约2.9cm×2.4cm。诊断：右肺S6段肿块，符合肺癌。", "zh")
    assert (segment.laterality, segment.lobe, segment.topography_code) == ("right", "lower", "C34.3")
    short = extract_imaging("右上叶尖段见一磨玻璃结节，大小约12mm×10mm，较前增大，考虑肺腺癌。", "zh")
    assert (short.laterality, short.lobe, short.primary_size_mm, short.comparison) == ("right", "upper", 12.0, "larger")
    both = extract_imaging(
        "病史：双肺多原发肺癌（右肺上叶后段腺癌、左肺上叶尖后段腺癌），SBRT后。右肺上叶后段原病灶较前缩小。", "zh"
    )
    assert both.laterality == "bilateral"
    en = extract_imaging("Impression: Bilateral synchronous primary lung carcinomas (RUL 22 mm, LUL 17 mm).", "en")
    assert en.laterality == "bilateral"


def test_a_liver_or_adrenal_lesion_is_no_lung_primarys_size_and_typed_node_words_are_nodes():
    liver = extract_imaging(
        "临床诊断：肺癌肝转移化疗后复查。肝内见多发环形强化灶，大者位于S6段，约4.3×3.6cm。诊断意见：肝多发转移瘤。", "zh"
    )
    assert liver.primary_size_text is None
    nodes = extract_imaging("右肺门占位，考虑中央型肺癌。纵膈多发淋巴节肿大，考虑淋巴节转移。5区LN较前增大，考虑转移。", "zh")
    assert nodes.nodal_involvement is True
    assert metastasis_categories(nodes.metastasis_sites_text) == ("lymph_node",)


def test_english_vertebral_and_iliac_bone_sites_mets_and_non_target_verdicts():
    facts = extract_imaging(
        "Clinical: Stage IV NSCLC on sotorasib. Prior right parietal brain metastasis resected.\n"
        "Findings: Left lower lobe mass 34 mm. Sclerotic lesion at T10 vertebral body, stable, known treated metastasis. "
        "Left adrenal nodule 1.2 cm, metastasis can not be excluded.\n"
        "NON-TARGET LESIONS: Mediastinal lymph nodes - present, non-CR/non-PD.\n"
        "Impression: Treated skeletal mets. OVERALL RESPONSE: Progressive disease (PD).",
        "en",
    )
    assert metastasis_categories(facts.metastasis_sites_text) == ("bone",)
    assert metastasis_categories(facts.metastasis_sites_suspected_text) == ("adrenal",)
    assert facts.response == "progression"


def test_a_cancer_operated_on_years_ago_yields_to_the_lung_cancer_this_exam_diagnoses():
    facts = extract_imaging(
        "临床：左乳癌改良根治术后8年；右肺下叶结节随访。左侧乳腺术后缺如，左侧胸壁未见肿块。右肺下叶背段见一分叶状结节，"
        "大小约21mm×16mm，较前增大。诊断：1.右肺下叶背段结节，较前增大，符合周围型肺癌；2.左乳癌术后，未见复发征象。",
        "zh",
    )
    assert (facts.laterality, facts.lobe, facts.topography_code) == ("right", "lower", "C34.3")
    assert (facts.primary_size_mm, facts.comparison) == (21.0, "larger")
    # Both cancers stay in the CCKS-style site list, in the order the report names them.
    assert facts.primary_site_text == "左乳,右肺下叶背段"
    recent = extract_imaging(
        "乳腺癌术后3月复查。左侧乳腺术区见软组织结节，大小约1.5×1.2cm。右肺上叶见小结节，考虑肺癌可能。", "zh"
    )
    assert recent.topography_code is not None and recent.topography_code.startswith("C50")


def test_a_pleural_effusion_called_malignant_is_a_pleural_metastasis_stated_or_hedged():
    stated = extract_imaging("左肺下叶肿块，大小约3.0×2.6cm。左侧胸腔积液，考虑恶性。诊断：左肺下叶癌。", "zh")
    assert stated.metastasis_sites_text == ["左侧胸腔积液"]
    hedged = extract_imaging("左肺上叶肿块，考虑肺癌；左侧少量胸腔积液，恶性胸腔积液待排。", "zh")
    assert (hedged.metastasis_sites_text, hedged.metastasis_sites_suspected_text) == ([], ["左侧少量胸腔积液"])
    reactive = extract_imaging("右肺上叶肿块，考虑肺癌。右侧少量胸腔积液，考虑反应性。", "zh")
    assert reactive.metastasis_sites_text == reactive.metastasis_sites_suspected_text == []
    english = extract_imaging(
        "INDICATION: Lingular adenocarcinoma with malignant left pleural effusion.\n"
        "FINDINGS: Lingular mass 2.7 x 2.0 cm. Stable moderate left malignant pleural effusion.\n",
        "en",
    )
    assert english.metastasis_sites_text == ["pleural effusion"]
    possible = extract_imaging("Right lower lobe mass 4.1 x 3.2 cm. Right pleural effusion, possibly malignant.", "en")
    assert (possible.metastasis_sites_text, possible.metastasis_sites_suspected_text) == ([], ["Right pleural effusion"])
    benign = extract_imaging("Right upper lobe mass. Small right pleural effusion, likely reactive rather than malignant.", "en")
    assert benign.metastasis_sites_text == benign.metastasis_sites_suspected_text == []


def test_a_chinese_verdict_said_of_the_treated_cancer_and_changes_that_are_not_the_primarys():
    better = extract_imaging(
        "与前片比较：左肺下叶肿块较前缩小，现大小约2.1CM×1.6CM。纵隔及双肺门未见FDG代谢增高淋巴结。"
        "1.结合临床，左肺癌化疗后，较前好转：左肺下叶肿块较前缩小。",
        "zh",
    )
    assert (better.response, better.comparison, better.nodal_involvement) == ("response", "smaller", False)
    worse = extract_imaging("右肺癌靶向治疗后，较前(2016-3-2)进展：右肺下叶肿块较前增大，肝内新发转移。", "zh")
    assert worse.response == "progression"
    brain = extract_imaging("肺癌病史，脑内多发异常强化结节，考虑脑转移，其中右侧额叶病灶为新发，左侧顶叶病灶较前增大。", "zh")
    assert (brain.comparison, brain.new_lesions) == ("new", True)
    resected = extract_imaging(
        "与前片比较：右肺上叶切除术后，支气管残端未见软组织肿块，术区见条索影同前。1.右肺癌术后，术区未见复发征象。", "zh"
    )
    assert resected.comparison is None
    pet = extract_imaging("纵隔5区见肿大淋巴结，SUVmax约6.8。1.左肺上叶周围型肺癌。2.纵隔5区高代谢淋巴结，考虑转移。", "zh")
    assert pet.metastasis_sites_text == ["纵隔5区高代谢淋巴结"] and pet.nodal_involvement is True


def test_english_dictation_errors_recurrence_carcinomatosis_and_newness_on_the_prior():
    dictated = extract_imaging(
        "LUNGS: Solid mass in the right lower loop measuring 2.1 x 1.6 cm.\n"
        "PLEURA: Large right plural effusion with nodular plural thickening consistent with malignant plural disease.\n"
        "BONES AND SOFT TISSUES: Subcutaneous nodule compatible with soft tissue metastasis.\n",
        "en",
    )
    assert (dictated.laterality, dictated.lobe, dictated.primary_size_mm) == ("right", "lower", 21.0)
    assert "bone" not in " ".join(dictated.metastasis_sites_text).lower()
    assert any("plural" in site for site in dictated.metastasis_sites_text)
    recurrence = extract_imaging(
        "Post left lower lobectomy. The subcarinal lymph node has enlarged to 22 mm, in keeping with nodal recurrence. "
        "New moderate ascites with omental caking, consistent with peritoneal carcinomatosis.",
        "en",
    )
    assert recurrence.nodal_involvement is True
    assert "peritoneal" in recurrence.metastasis_sites_text
    assert "subcarinal lymph node" in recurrence.metastasis_sites_text  # the station named with its node
    new = extract_imaging("New 6 mm solid nodule in the left lower lobe, not present on the prior exams.", "en")
    assert new.new_lesions is True
    free = extract_imaging("Left lower lobe primary 22 x 16 mm. No FDG-avid nodal disease.", "en")
    assert free.nodal_involvement is False


def test_an_english_primary_measured_by_pronoun_in_another_plane_or_restated_larger_in_the_impression():
    pronoun = extract_imaging(
        "FINDINGS: There is a right superior sulcus tumour arising from the apex of the right upper lobe. It measures "
        "4.8 x 4.2 cm axially and 6.1 cm craniocaudally on the coronal images.\n",
        "en",
    )
    assert (pronoun.lobe, pronoun.primary_size_mm) == ("upper", 61.0)
    restated = extract_imaging(
        "Findings:\nLungs: A lobulated mass in the posterior basal segment of the left lower lobe measures 4.2 x 3.3 cm on "
        "axial images.\n\nImpression:\n1. 4.4 cm left lower lobe mass (greatest dimension on sagittal reformats), presumed "
        "primary bronchogenic carcinoma.\n",
        "en",
    )
    assert restated.primary_size_mm == 44.0


def test_an_nsclc_named_only_by_its_acronym_and_segment_notation_after_another_cancers_history():
    treated = extract_imaging(
        "History: Stage I NSCLC, right lower lobe, treated with SBRT. Surveillance.\nFindings: The treated nodule in the "
        "posterior basal segment of the right lower lobe measures 1.3 x 1.0 cm (2.2 x 1.8 cm pre-treatment).\n"
        "Impression: Decreased size of the SBRT-treated right lower lobe lesion.",
        "en",
    )
    assert (treated.laterality, treated.lobe, treated.primary_size_mm, treated.comparison) == ("right", "lower", 13.0, "smaller")
    segment = extract_imaging(
        "Clinical info: Hx: gastric cancer s/p distal gastrectomy (2015), no recurrence.\nFindings:\nPart-solid nodule in "
        "Lt. S1+2, total size 28 x 21 mm, increased from 22 mm on the previous CT.\nRt. S3 3 mm solid nodule, unchanged.\n"
        "Impression:\n1. Lung adenocarcinoma in Lt. S1+2: part-solid nodule with increased size.",
        "en",
    )
    assert (segment.laterality, segment.lobe, segment.primary_size_mm) == ("left", "upper", 28.0)
    assert segment.topography_code == "C34.1"
    sacral = extract_imaging("Lytic metastasis at the right S1 neural foramen. RUL mass 3.1 cm.", "en")
    assert sacral.lobe == "upper"


def test_an_english_change_is_the_primarys_when_its_sentence_measures_it_not_fibrosis_or_uptake():
    pronoun = extract_imaging(
        "Clinical details: Stage IIIA LUL NSCLC.\nReport:\nThe treated left upper lobe primary lies at the margin of the radiation fibrosis. It now measures "
        "2.9 x 2.0 cm, increased from 2.2 x 1.4 cm in June.\nThe radiation fibrosis in the left paramediastinal lung "
        "is otherwise stable in extent.",
        "en",
    )
    assert (pronoun.primary_size_mm, pronoun.comparison) == (29.0, "larger")
    fibrosis = extract_imaging(
        "Clinical details: SBRT to right upper lobe T1b adenocarcinoma.\nReport: The treated tumour is no longer "
        "separately discernible.\nConclusion: Stable, contracting post-SBRT fibrosis in the right upper lobe.",
        "en",
    )
    assert fibrosis.comparison is None
    uptake = extract_imaging(
        "Findings: A soft tissue mass in the superior segment of the right lower lobe, size about 3.5x2.8cm, FDG "
        "uptake increased, SUVmax 14.2.",
        "en",
    )
    assert (uptake.lobe, uptake.comparison) == ("lower", None)


def test_an_english_hilar_primary_a_measured_pair_after_from_to_and_a_cut_word_before_the_lingula():
    hilar = extract_imaging(
        "HISTORY: Squamous cell carcinoma presenting as a left hilar mass.\nFINDINGS: The left hilar mass measures "
        "3.4 x 2.8 cm, previously 5.9 x 4.6 cm, decreased in size.",
        "en",
    )
    assert (hilar.laterality, hilar.lobe, hilar.primary_size_mm, hilar.comparison) == ("left", None, 34.0, "smaller")
    grown = extract_imaging(
        "Clinical notes: adenocarcinoma of the left lower lobe.\nFindings: The posterior basal left lower lobe mass has "
        "increased from 2.7 x 2.2 cm to 3.6 x 2.9 cm.",
        "en",
    )
    assert grown.primary_size_mm == 36.0
    table = extract_imaging(
        "HISTORY: squamous cell carcinoma of the lingula.\nTARGET LESIONS (lymph node short axis)\n1. Lingular primary "
        "mass: current 3.3 cm - stable.",
        "en",
    )
    assert (table.laterality, table.lobe) == ("left", "upper")


def test_a_recist_table_a_structured_block_and_a_dictated_load_for_lobe():
    table = extract_imaging(
        "Clinical information: adenocarcinoma of the right lower lobe.\nComparison: baseline CT.\n"
        "Target lesions | Baseline | Current | Change\n"
        "T1 Right lower lobe primary, posterior basal segment | 4.8 cm | 3.1 cm | decreased\n",
        "en",
    )
    assert (table.lobe, table.primary_size_mm) == ("lower", 31.0)
    structured = extract_imaging(
        "Indication: adenocarcinoma of the right upper lobe with brain and bone metastases at diagnosis.\n"
        "Comparison: CT chest May 2024.\nPRIMARY TUMOUR\n  Location: Right upper lobe, anterior segment\n"
        "  Size: 1.2 x 0.9 cm (prior 1.3 x 1.0 cm)\nLYMPH NODES\n  Thoracic: No pathologically enlarged mediastinal, "
        "hilar or supraclavicular lymph nodes.\nMETASTATIC DISEASE\n  Bone: Sclerotic metastasis in the T9 vertebral "
        "body, unchanged.\n  Brain: Known brain metastases; not assessed on this examination.\n",
        "en",
    )
    assert (structured.primary_size_mm, structured.nodal_involvement) == (12.0, False)
    assert structured.metastasis_sites_text == ["vertebral body"]
    dictated = extract_imaging(
        "Indication: non-small cell lung cancer of the right lower lobe.\nFindings: The treated nodule in the superior "
        "segment of the right lower load measures 1.4 x 1.1 cm. Stable 4 mm nodule in the left lower lobe.",
        "en",
    )
    assert (dictated.laterality, dictated.lobe, dictated.primary_size_mm) == ("right", "lower", 14.0)


def test_english_new_lesion_wordings_resolved_nodes_and_metastasis_sites_of_a_bone_scan_and_the_pericardium():
    scan = extract_imaging(
        "Clinical notes: Lung cancer. Staging.\nComparison: bone scan June 2023.\nFindings: New intense focal uptake in "
        "the T7 vertebral body, not present in June 2023.\nImpression:\n1. The T7 lesion is new since June 2023.\n"
        "2. Indeterminate solitary focus in the right 5th rib: possible metastasis versus occult fracture.",
        "en",
    )
    assert scan.new_lesions is True
    assert scan.metastasis_sites_suspected_text == ["rib"]
    resolved = extract_imaging(
        "Clinical notes: squamous cell carcinoma of the right lower lobe with subcarinal nodal disease.\nFindings: The "
        "previously enlarged subcarinal node has reduced to 8 mm short axis. No mediastinal or hilar lymphadenopathy.\n"
        "Impression: Progressive metabolic disease by PERCIST. Pericardium: nodular pericardial thickening, consistent "
        "with pericardial metastatic disease. Expansile lytic lesion in the right 7th rib with an associated soft "
        "tissue component, consistent with metastasis. Lytic metastasis in the left ileac wing.",
        "en",
    )
    assert (resolved.nodal_involvement, resolved.response) == (False, "progression")
    assert {"pericardial", "rib", "left ileac wing"} <= set(resolved.metastasis_sites_text)
    assert not any("soft tissue" in site for site in resolved.metastasis_sites_text)


def test_a_report_s_own_correction_replaces_the_value_it_corrects():
    zh = extract_imaging(
        "检查所见：\n左肺下叶背段见一类圆形软组织结节，大小约2.7cm×2.1cm，边缘分叶。\n诊断意见：\n1. 下叶背段结节，考虑周围型肺癌；\n"
        "更正说明：原报告“检查所见”中“左肺下叶背段”为录入错误，应为“右肺下叶背段”。其余内容不变。",
        "zh",
    )
    assert (zh.laterality, zh.lobe, zh.primary_site_text) == ("right", "lower", "右肺下叶背段")
    en = extract_imaging(
        "FINDINGS: Lobulated solid mass in the superior segment of the left lower lobe measuring 3.4 x 3.3 cm.\n"
        "IMPRESSION: 3.4 cm left lower lobe mass, highly suspicious for primary lung carcinoma.\n"
        "ADDENDUM: The dictated measurement was a speech recognition error. The correct measurement is 4.4 x 3.3 cm.",
        "en",
    )
    assert en.primary_size_mm == 44.0


def test_new_lesions_with_a_measured_size_or_a_site_before_is_new_but_not_new_opacities():
    opacities = extract_imaging(
        "COMPARISON: CT chest 2024-02-12. FINDINGS: Interval development of patchy bilateral ground-glass opacities. "
        "The right lower lobe mass measures 2.6 x 2.1 cm. No new pulmonary nodules.",
        "en",
    )
    assert opacities.new_lesions is False
    measured = extract_imaging("COMPARISON: CT 2024-01. New 1.1 cm right adrenal nodule, indeterminate.", "en")
    assert measured.new_lesions is True
    placed = extract_imaging(
        "COMPARISON: CT 2024-01. A separate 1.1 cm solid nodule in the right upper lobe posterior segment is new since "
        "the prior study.",
        "en",
    )
    assert placed.new_lesions is True


def test_a_vertebra_labelled_line_names_its_metastasis_site():
    facts = extract_imaging(
        "Indication: Left lower lobe NSCLC.\nFINDINGS:\nL4 vertebral body: sclerotic metastasis, SUVmax 3.0 (baseline 7.5).",
        "en",
    )
    assert facts.metastasis_sites_text == ["vertebral body"]


def test_chinese_alternative_diagnoses_are_no_metastasis_site_and_a_summary_assessment_is_the_verdict():
    facts = extract_imaging(
        "左肺下叶背段见一实性结节，大小约1.6cm×1.4cm。纵隔4R区见多发肿大淋巴结，部分融合，增强后不均匀强化，考虑转移。 "
        "诊断：1. 左肺下叶背段周围型肺癌。2. 左肺门淋巴结轻度代谢，炎性增生可能，转移不除外。3. 右肺下叶微小结节，炎性结节可能，"
        "转移不除外。4. 综合评估：治疗后好转。",
        "zh",
    )
    assert "融合" not in facts.metastasis_sites_text
    assert not any("炎性" in site for site in facts.metastasis_sites_suspected_text)
    assert {"左肺门淋巴结", "右肺下叶"} <= set(facts.metastasis_sites_suspected_text)
    assert facts.response == "response"


def test_english_segment_only_findings_a_described_size_before_the_site_and_method_caveats():
    segment = extract_imaging(
        "Findings:\nThere is a lobulated soft tissue mass in the superior segment measuring 52 x 41 mm.\n"
        "Conclusion:\nLeft lower lobe mass in keeping with a primary bronchial carcinoma. The solid left renal lesion is in "
        "keeping with a renal metastasis. The enlarged left hilar node likely represents nodal disease.",
        "en",
    )
    assert (segment.lobe, segment.primary_size_mm) == ("lower", 52.0)
    assert "left renal" in segment.metastasis_sites_text
    assert segment.metastasis_sites_suspected_text
    described = extract_imaging(
        "Conclusion:\n1. 24 mm spiculated right upper lobe nodule, in keeping with a primary lung cancer.", "en"
    )
    assert described.primary_size_mm == 24.0
    caveat = extract_imaging(
        "Findings: Head and neck: physiological cerebral uptake; PET is insensitive for small brain metastases.\n"
        "Impression: 1. Hypermetabolic right upper lobe mass, compatible with primary lung malignancy. 2. Focal right 6th "
        "rib uptake without CT correlate, possibly an early osseous metastasis.",
        "en",
    )
    assert "brain" not in caveat.metastasis_sites_text
    assert "rib" in caveat.metastasis_sites_suspected_text


def test_english_verdicts_of_a_disease_or_a_response_and_the_impressions_verdict_first():
    bone = extract_imaging("IMPRESSION: The findings represent progression of osseous metastatic disease.", "en")
    assert bone.response == "progression"
    brain = extract_imaging("IMPRESSION: Appearances are in keeping with ongoing intracranial response to alectinib.", "en")
    assert brain.response == "response"
    pet = extract_imaging(
        "FINDINGS: Stable small left pleural effusion. No thoracic, abdominal or pelvic lymphadenopathy.\n"
        "IMPRESSION:\n1. Partial metabolic response per PERCIST 1.0.",
        "en",
    )
    assert (pet.response, pet.nodal_involvement) == ("response", False)


def test_chinese_prior_size_in_brackets_a_placing_site_metastatic_nodes_and_an_uptake_clause():
    grown = extract_imaging(
        "影像所见：右肺上叶前段近胸膜处见一部分实性结节，较前(1.4×1.1cm)增大，现约1.9×1.5cm，可见分叶、毛刺。\n"
        "印象：右肺上叶前段部分实性结节较前增大，考虑肺癌。",
        "zh",
    )
    assert (grown.primary_size_mm, grown.comparison) == (19.0, "larger")
    nodes = extract_imaging(
        "影像所见：右肺下叶外基底段见不规则软组织结节，较前(2.8×2.2cm)缩小，现约2.0×1.6cm。纵隔淋巴结短径约0.8cm（前约1.3cm）。\n"
        "诊断意见：1. 右肺下叶腺癌化疗后，病灶较前缩小。2. 纵隔转移淋巴结较前缩小。",
        "zh",
    )
    assert (nodes.primary_size_mm, nodes.nodal_involvement, nodes.metastasis_sites_text) == (20.0, True, ["纵隔转移淋巴结"])
    pet = extract_imaging("诊断意见：\n1. 右肺下叶前基底段高代谢肿块，考虑肺癌。\n2. 左肺上叶结节，FDG轻度摄取，转移可疑。", "zh")
    assert pet.metastasis_sites_suspected_text == ["左肺上叶"]


def test_chinese_side_only_primary_takes_its_measured_lobe_hedged_newness_and_bracketed_bone_lists():
    side_only = extract_imaging(
        "左肺腺癌靶向治疗后，与2019-03-01片比较：左肺下叶背段软组织肿块较前（3.5×2.8cm）缩小，现约2.6×2.0cm。纵隔及双肺门未见肿大或"
        "FDG代谢增高淋巴结。诊断意见：1. 左肺下叶癌靶向治疗后，病灶较前缩小；2. 右肺中叶新发小结节，疑转移。",
        "zh",
    )
    assert (side_only.laterality, side_only.lobe, side_only.primary_size_mm) == ("left", "lower", 26.0)
    assert (side_only.nodal_involvement, side_only.metastasis_sites_suspected_text) == (False, ["右肺中叶"])
    hedged_new = extract_imaging("所扫肝S8见一可疑新发低密度灶，直径约0.7cm。诊断意见：左肺上叶癌化疗后，较前变化不著。", "zh")
    assert hedged_new.new_lesions is None
    bones = extract_imaging("诊断意见：1. 右肺中叶周围型肺癌；2. 肝、左肾上腺、多发骨（T6、L3椎体及附件，右侧髂骨）转移。", "zh")
    assert bones.metastasis_sites_text == ["肝", "左肾上腺", "多发骨（T6、L3椎体及附件，右侧髂骨）"]


def test_english_other_nodes_a_normalised_node_a_fracture_rather_than_metastasis_and_new_pleural_nodularity():
    other = extract_imaging(
        "FINDINGS: Right upper lobe mass 2.9 x 2.3 cm. Right lower paratracheal (4R) node 1.1 cm short axis, unchanged, "
        "indeterminate. No other enlarged nodes.\nIMPRESSION: Stable indeterminate 4R node.",
        "en",
    )
    assert other.nodal_involvement is None
    normalised = extract_imaging(
        "Conclusion:\n1. Interval decrease of the right upper lobe primary and the left adrenal metastasis, with normalisation "
        "of the right hilar node.",
        "en",
    )
    assert normalised.nodal_involvement is not True
    assert normalised.metastasis_sites_text == ["left adrenal"]
    fracture = extract_imaging(
        "Findings: Focal uptake in the left anterior 4th rib within the radiation field, in keeping with an insufficiency "
        "fracture rather than metastasis.",
        "en",
    )
    assert fracture.metastasis_sites_text == []
    pleural = extract_imaging(
        "COMPARISON: CT 2020. FINDINGS: There is a new moderate right pleural effusion with new nodular pleural thickening.",
        "en",
    )
    assert pleural.new_lesions is True


def test_chinese_size_clause_before_a_node_verdict_a_sided_cancer_after_an_unsided_header_and_a_described_shadow():
    nodes = extract_report(
        "CT表现：右肺下叶见软组织肿块,大小约4.0cm×3.5cm,考虑中央型肺癌;隆突下淋巴结肿大,约2.0cm×1.6cm,考虑转移。",
        kind="imaging",
        lang="zh",
    )
    assert (nodes.nodal_involvement, nodes.metastasis_sites_text) == (True, ["隆突下淋巴结"])
    sided = extract_report(
        "临床诊断：肺癌\n影像所见：右侧肾上腺见一结节，大小约2.2cm×1.9cm。\n影像诊断：\n1. 右肺癌患者，右侧肾上腺结节，考虑转移。",
        kind="imaging",
        lang="zh",
    )
    assert (sided.laterality, sided.metastasis_sites_text) == ("right", ["右侧肾上腺"])
    effusion = extract_report("左肺上叶舌段肿块较前增大。左侧胸腔积液较前增多，恶性积液可能。", kind="imaging", lang="zh")
    assert (effusion.metastasis_sites_text, effusion.metastasis_sites_suspected_text) == ([], ["左侧胸腔积液"])
    shadow = extract_report(
        "检查所见：右肺门区见团块状高密度影，大小约5.0cm×4.2cm，右肺门影增大。诊断意见：右肺门区团块影，符合右侧中央型肺癌。",
        kind="imaging",
        lang="zh",
    )
    assert (shadow.laterality, shadow.comparison) == ("right", None)


def test_a_resected_lobes_stable_staple_line_is_no_change_of_the_primary():
    facts = extract_report(
        "History: LUL adenocarcinoma, s/p left upper lobectomy 2019.\nFindings: Postsurgical changes of left upper "
        "lobectomy with stable staple line. New 1.4 cm solid nodule in the right lower lobe.",
        kind="imaging",
        lang="en",
    )
    assert facts.comparison != "stable"


def test_english_segments_alone_take_their_lobe_and_the_reports_side_station_nodes_new_soft_tissue_and_a_denied_cancer():
    segment = extract_report(
        "Clinical history: left lower lobe adenocarcinoma.\nFindings: There is a lobulated mass in the superior segment "
        "measuring 52 x 41 mm.\nImpression: Superior segment mass, consistent with the known primary.",
        kind="imaging",
        lang="en",
    )
    assert (segment.laterality, segment.lobe, segment.primary_size_mm) == ("left", "lower", 52.0)
    node = extract_report(
        "Findings: Right lower paratracheal node measures 11 mm short axis (previously 7 mm), likely metastatic.",
        kind="imaging",
        lang="en",
    )
    assert node.metastasis_sites_suspected_text == ["Right lower paratracheal node"]
    recurrence = extract_report(
        "Findings: Status post right upper lobectomy. Along the bronchial stump staple line there is new ill-defined "
        "nodular soft tissue thickening. The bronchial stump is otherwise unchanged.\nImpression: No evidence of "
        "recurrent prostate cancer.",
        kind="imaging",
        lang="en",
    )
    assert (recurrence.new_lesions, recurrence.comparison, recurrence.topography_code) == (True, "new", "C34.1")


def test_chinese_spaced_size_after_its_cue_and_nodes_without_uptake():
    facts = extract_report(
        "左肺上叶下舌段见一软组织结节,大小约 27mm×22 mm,边缘分叶毛刺。纵隔及双肺门淋巴结未见FDG摄取增高。\n1.左肺上叶下舌段周围型肺癌。",
        kind="imaging",
        lang="zh",
    )
    assert (facts.primary_size_mm, facts.nodal_involvement) == (27.0, False)


def test_chinese_hedged_malignant_effusions_a_malignant_pericardial_effusion_and_hedged_newness():
    facts = extract_report(
        "影像所见：右侧中量胸腔积液。心包积液较前明显增多。\n诊断意见：1. 右侧胸腔积液，不除外恶性；2. 心包积液较前明显增多，考虑恶性心包积液；"
        "3. 右肺下叶小结节，疑新发转移灶，建议随访。",
        kind="imaging",
        lang="zh",
    )
    assert "右侧胸腔积液" in facts.metastasis_sites_suspected_text
    assert "心包积液" in facts.metastasis_sites_text
    assert facts.new_lesions is not True


def test_hedged_newness_a_few_words_before_a_measured_node_without_verdict_stations_and_an_apical_sulcus_tumour():
    english = extract_report(
        "Findings: Questionable new punctate focus of enhancement, 2 mm, in the left cerebellar hemisphere.\n"
        "Impression: Questionable new 2 mm left cerebellar enhancing focus.",
        kind="imaging",
        lang="en",
    )
    assert english.new_lesions is not True
    chinese = extract_report(
        "左侧腋窝未见肿大淋巴结.右肺门见小淋巴结,短径约8MM.纵隔4L区新见肿大淋巴结,短径约1.2CM.右肺上叶尖段见不规则软组织肿块,大小约4.8CM×4.0CM.    "
        "1.右肺上叶肺上沟瘤. 2.纵隔4L区新见肿大淋巴结,考虑转移.",
        kind="imaging",
        lang="zh",
    )
    assert (chinese.laterality, chinese.lobe, chinese.nodal_involvement) == ("right", "upper", True)


def test_enhancement_clauses_screening_and_enlarged_nodes_in_chinese() -> None:
    liver = extract_imaging("肝内新见多发低密度灶，大者约2.4CM，环形强化，考虑转移。T9椎体小片状高密度影，不能除外转移。", "zh")
    assert liver.metastasis_sites_text == ["肝"]
    assert liver.metastasis_sites_suspected_text == ["T9椎体"]
    # "排查脑转移" asks a question; "增大淋巴结" are enlarged nodes, no growth of the primary.
    brain = extract_imaging("头颅MR：肺腺癌患者，排查脑转移。脑实质内未见异常强化灶。", "zh")
    assert brain.metastasis_sites_text == []
    nodes = extract_imaging("左肺下叶见肿块，大小约2.7CM×2.2CM。纵隔4L区见数个增大淋巴结。", "zh")
    assert nodes.comparison is None


def test_resolved_and_resected_metastases_and_structured_change_in_english() -> None:
    resolved = extract_imaging(
        "FINDINGS: The hepatic metastases present at baseline remain resolved. Sclerotic T10 lesion, consistent with a "
        "treated osseous metastasis, unchanged.\nIMPRESSION: Post-treatment changes of the resected left cerebellar "
        "metastasis. Lytic lesion left 4th rib ? metastasis. Malignant pericardial effusion cannot be excluded.",
        "en",
    )
    assert resolved.metastasis_sites_text == ["osseous"]
    assert resolved.metastasis_sites_suspected_text == ["rib", "pericardial effusion"]
    structured = extract_imaging(
        "Indication: adenocarcinoma of the right upper lobe on alectinib.\nPRIMARY TUMOUR\n  Location: Right upper lobe\n"
        "  Size: 1.2 x 0.9 cm (prior 1.3 x 1.0 cm)\n  Change: Stable\nOVERALL ASSESSMENT: Stable disease.",
        "en",
    )
    assert (structured.comparison, structured.response) == ("stable", "stable")
    sided = extract_imaging(
        "CLINICAL INDICATION: Lung cancer. New back pain.\nFINDINGS: Enhancing marrow lesions at T11 and L3.\n"
        "IMPRESSION: Osseous metastases at T11 and L3 from the known right lung cancer.",
        "en",
    )
    assert sided.laterality == "right"


def test_a_hedge_said_of_the_lesion_before_a_suspicious_rib_a_sacral_focus_and_a_typed_lymphadenopathy() -> None:
    adrenal = extract_imaging(
        "Abdomen: 1.6 cm right adrenal nodule with SUVmax 4.1, above liver background of 2.6. This is indeterminate and "
        "possibly a metastasis.\nImpression:\n1. New left adrenal metastasis and a suspicious right 8th rib lesion.\n"
        "2. Equivocal left sacral ala focus, possibly metastatic.\n3. No mediastinal or hilar lympadenopathy.",
        "en",
    )
    assert adrenal.metastasis_sites_text == ["left adrenal"]
    assert adrenal.metastasis_sites_suspected_text == ["right adrenal", "rib", "left sacral ala"]
    assert adrenal.nodal_involvement is False
    clinical = extract_imaging(
        "Clinical: LLL mass on CT 3 weeks ago (4.6 cm). Stage.\nFindings:\nLeft lower lobe mass 5.2 x 4.0 cm, SUVmax 21.0, "
        "slightly larger than on the March CT (4.6 cm).",
        "en",
    )
    assert clinical.primary_size_mm == 52.0


def test_chinese_typing_slips_are_read_as_the_words_meant_and_spans_keep_what_was_written() -> None:
    free = extract_report("右肺中叶见肿快影，大小约2.8x2.2CM。纵膈及双肺门未见明显肿大淋巴节。", kind="imaging", lang="zh")
    assert free.nodal_involvement is False
    spread = extract_report(
        "1.右肺中叶肿快，代谢增高，考虑周围型肺癌；2.纵膈及右肺门淋巴节转移；3.肝内多发转移瘤。", kind="imaging", lang="zh"
    )
    assert spread.metastasis_sites_text == ["纵膈及右肺门淋巴节", "肝"]
    assert spread.nodal_involvement is True


def test_a_prior_size_said_after_it_a_walls_thickness_and_a_size_bracketed_after_its_lesion() -> None:
    resolved = extract_report(
        "HISTORY: Adenocarcinoma of the right upper lobe after chemoradiation.\nFINDINGS:\nCHEST: The previously "
        "hypermetabolic right upper lobe mass (3.6 cm, SUVmax 12.3 on the prior study) is no longer identifiable as a "
        "discrete lesion; the region is replaced by post-radiation fibrosis.\n",
        kind="imaging",
        lang="en",
    )
    assert resolved.primary_size_mm is None
    cavity = extract_report(
        "Clinical details: Biopsy proven squamous cell carcinoma left lung.\nFINDINGS:\n- A thick walled cavitating mass "
        "lesion (~4.4 x 3.9 cm) is noted in the apico-posterior segment of left upper lobe, with irregular inner wall, "
        "wall thickness upto 1.6 cm.\n",
        kind="imaging",
        lang="en",
    )
    assert cavity.primary_size_mm == 44


def test_a_dated_list_of_measures_and_a_lobectomy_still_to_come() -> None:
    listed = extract_report(
        "Clinical: Carcinoma right lower lobe (adenocarcinoma).\nFINDINGS:\nRight lower lobe mass (posterior basal "
        "segment):\n    Dec 2023 : 5.6 x 4.8 cm\n    Mar 2024 : 3.9 x 3.1 cm\n    Current  : 3.1 x 2.6 cm - further "
        "decrease in size.\n",
        kind="imaging",
        lang="en",
    )
    assert listed.primary_size_mm == 31
    planned = extract_report(
        "Clinical details: right upper lobe adenocarcinoma. Pre-operative restaging prior to planned right upper "
        "lobectomy.\nPRIMARY TUMOUR: Right upper lobe (anterior segment). Now measures 1.8 x 1.2 cm on axial images and "
        "2.1 cm craniocaudally on coronal reformats.\n",
        kind="imaging",
        lang="en",
    )
    assert (planned.lobe, planned.primary_size_mm) == ("upper", 21)


def test_an_english_typing_slip_in_the_primarys_side_is_read_and_the_span_kept_as_written() -> None:
    facts = extract_report(
        "Findings:\nA spiculated mass is seen in the medial basal segment of the rigth lower lobe measuring 2.8cm x 2.1cm.",
        kind="imaging",
        lang="en",
    )
    assert (facts.laterality, facts.lobe, facts.primary_site_text) == ("right", "lower", "rigth lower lobe")


def test_a_bone_scans_known_case_of_ca_right_lung_is_the_primary_not_a_metastasis() -> None:
    facts = extract_report(
        "WHOLE BODY BONE SCAN (Tc-99m MDP): Indication: Ca right lung, for skeletal survey. Findings: Abnormal increased "
        "tracer uptake is seen in D8, D11 and L3 vertebrae. Impression: Multiple foci of increased osteoblastic activity "
        "involving dorsal and lumbar spine - consistent with skeletal metastases in a known case of Ca right lung.",
        kind="imaging",
        lang="en",
    )
    assert facts.laterality == "right" and facts.lobe is None
    assert "right lung" not in facts.metastasis_sites_text
    assert facts.comparison is None  # "increased tracer uptake" describes the scan, it compares nothing


def test_an_addendums_amended_impression_replaces_the_verdict_new_lesions_and_a_withdrawn_metastasis() -> None:
    report = (
        "Thorax: The left upper lobe primary measures 1.9 x 1.4 cm, unchanged from December 2024. No new pulmonary "
        "nodules.\nAbdomen/pelvis: A 14 mm hypodense lesion in hepatic segment VI, not seen on the prior CT, consistent "
        "with a new liver metastasis. Sclerotic metastasis in the right sacral ala, stable.\nImpression: Stable left "
        "upper lobe primary and sclerotic bone metastases. New segment VI liver metastasis, in keeping with progressive "
        "disease.\nADDENDUM:\nThe segment VI liver lesion has been compared with a liver MRI from 2021, on which it was "
        "characterised as a haemangioma. It is therefore not new and represents a haemangioma, not a metastasis. The "
        "original impression is withdrawn.\nAmended impression: Stable disease. Unchanged left upper lobe primary and bone "
        "metastases. No new lesions.\n"
    )
    facts = extract_report(report, kind="imaging", lang="en")
    assert (facts.response, facts.new_lesions) == ("stable", False)
    assert not any("liver" in site or "hepatic" in site for site in facts.metastasis_sites_text)
    assert any("sacral" in site for site in facts.metastasis_sites_text)


def test_review_guards_for_the_nineteenth_rounds_imaging_rules() -> None:
    earlier = extract_report(
        "History: Follow-up for left upper lobectomy in 2021 for adenocarcinoma.\nFindings: New 8 mm right lower lobe nodule.",
        kind="imaging",
        lang="en",
    )
    assert (earlier.laterality, earlier.lobe) == ("left", "upper")  # a lobectomy done, not one to come
    compared = extract_report(
        "Findings: Right upper lobe mass, 3.6 cm, compared with 2.8 cm on the prior study.", kind="imaging", lang="en"
    )
    assert compared.primary_size_mm == 36
    other_list = extract_report(
        "FINDINGS:\n  Right lower lobe mass:\n  Left adrenal nodule:\n    Prior : 1.0 cm\n    Current: 1.2 cm\n",
        kind="imaging",
        lang="en",
    )
    assert other_list.primary_size_mm is None


def test_chinese_imaging_nineteenth_round_brain_lung_table_and_unit_rules() -> None:
    brain = extract_report(
        "MR所见：右则顶叶见一类圆形长T1长T2信号影，曾强扫描呈环形强化。\n诊断：\n1.右侧顶叶环形强化灶伴周围水肿，考虑转移瘤。\n"
        "2.左侧小脑半球点状强化灶，转移待排，建议复查。",
        kind="imaging",
        lang="zh",
    )
    assert brain.metastasis_sites_text and brain.metastasis_sites_text[0].startswith("右侧顶叶")
    lungs = extract_report(
        "诊断意见：1. 右肺上叶中央型肺癌。2. 纵隔多发淋巴结转移。3. 双肺多发结节，考虑血行转移。", kind="imaging", lang="zh"
    )
    assert "双肺" in ",".join(lungs.metastasis_sites_text) and "血行" not in lungs.metastasis_sites_text
    table = extract_report(
        "检查所见：\n右肺中叶肿块较基线缩小，现约3.1×2.4cm。左肺未见新结节。\nRECIST 1.1 评估表：\n| 病灶 | 部位 | 基线 | 本次 |\n"
        "| 靶病灶1 | 右肺中叶肿块（长径） | 42mm | 31mm |\n| 新病灶 | — | — | 无 |\n疗效评价：SD（疾病稳定）",
        kind="imaging",
        lang="zh",
    )
    assert table.new_lesions is False
    characters = extract_report(
        "检查所见：\n左肺上叶尖后段原肿块较前明显缩小，现大小约2.1×1.6厘米（前片约3.5×2.8cm）。\n诊断意见：\n1.左肺上叶癌放化疗后，病灶较前缩小。",
        kind="imaging",
        lang="zh",
    )
    assert characters.primary_size_mm == 21


def test_a_lobe_level_diagnosis_keeps_its_span_over_a_segment_named_without_its_lobe() -> None:
    facts = extract_report(
        "右肺尖段示不规则结节灶,边界清晰,大小约为1.0CM×0.9CM,增强扫描呈中度强化。右肺门及纵隔多发淋巴结肿大。\t"
        "1.考虑右肺上叶癌并纵隔及右肺门淋巴结转移;2.肝囊肿。",
        kind="imaging",
        lang="zh",
    )
    assert (facts.primary_site_text, facts.lobe) == ("右肺上叶", "upper")


def test_a_central_tumours_lobe_from_the_diagnosis_and_no_change_of_a_resected_primary() -> None:
    central = extract_report(
        "检查所见：左肺门区见软组织肿块，大小约4.8cm×4.0cm，累及左肺上叶支气管开口致其截断。\n诊断意见：1.左肺上叶中央型肺癌伴阻塞性不张。",
        kind="imaging",
        lang="zh",
    )
    assert (central.laterality, central.lobe) == ("left", "upper")
    resected = extract_report(
        "病史：右肺下叶腺癌胸腔镜根治术后1年余。\n检查所见：对比2018-11-[redacted]片：右肺下叶切除术后，支气管残端闭合良好，术区见条索状高密度影，"
        "较前无明显变化。\n诊断意见：\n1.右肺下叶癌术后改变，较前无明显变化，未见复发征象；\n2.未见新发病灶。",
        kind="imaging",
        lang="zh",
    )
    assert resected.comparison is None and resected.new_lesions is False


def test_an_atelectasis_extent_is_no_primary_size_and_a_current_size_clause_describes_its_site() -> None:
    collapsed = extract_report(
        "胸部CT增强：左肺上叶支气管腔内见软组织密度影，管腔闭塞，左肺上叶见大片实变不张影，范围约8.1cm×5.2cm，"
        "其内肿块与不张肺组织分界不清，无法准确测量。纵隔见肿大淋巴结。诊断意见：左肺上叶中央型肺癌伴阻塞性肺不张。",
        kind="imaging",
        lang="zh",
    )
    assert collapsed.primary_size_text is None and (collapsed.laterality, collapsed.lobe) == ("left", "upper")
    measured = extract_report(
        "胸部CT：右肺下叶见不规则肿块，与远端不张肺组织分界欠清，大小约4.2cm×3.5cm。诊断意见：右肺下叶肺癌伴阻塞性不张。",
        kind="imaging",
        lang="zh",
    )
    assert measured.primary_size_text == "4.2cm×3.5cm"
    adrenal = extract_report(
        "与前片比较：右肺上叶肿块约2.6cm×2.0cm，较前相仿；右侧肾上腺结节较前增大，现约2.1cm×1.7cm（前片约1.0cm），"
        "考虑转移。影像学诊断：右肺上叶肺癌，右侧肾上腺转移。",
        kind="imaging",
        lang="zh",
    )
    assert adrenal.metastasis_sites_text == ["右侧肾上腺"]


def test_an_mri_sequence_clause_describes_the_lesion_and_a_bracketed_heading_is_no_part_of_a_site() -> None:
    facts = extract_report(
        "【检查项目】胸腰椎MRI平扫+增强\n【检查所见】T11椎体见类圆形长T1、长T2信号，大小约1.4cm，压脂序列呈高信号，增强扫描明显强化，"
        "考虑转移。余椎体信号未见异常。\n【结论】L1椎体异常信号，转移可能，建议结合临床。",
        kind="imaging",
        lang="zh",
    )
    assert facts.metastasis_sites_text == ["T11椎体"] and facts.metastasis_sites_suspected_text == ["L1椎体"]


def test_county_hospital_homophones_a_size_in_gongfen_and_a_prior_node_that_has_gone() -> None:
    typed = extract_report(
        "影像诊断：1、左肺下页周围型肺癌可能性大，大小约2.4×2.2cm；2、纵膈及左肺门淋巴节肿大，考虑转移；3、肝血管瘤。",
        kind="imaging",
        lang="zh",
    )
    assert (typed.laterality, typed.lobe, typed.nodal_involvement) == ("left", "lower", True)
    gongfen = extract_report(
        "CT：右肺上页后段见一软组织密度占味，直径约3公分，形态不规则，边缘见毛刺。\n诊断：右肺上叶周围型肺癌；右锁骨上淋巴结转移。",
        kind="imaging",
        lang="zh",
    )
    assert (gongfen.primary_size_text, gongfen.primary_size_mm) == ("3公分", 30.0)
    gone = extract_report(
        "右肺上叶腺癌化疗6周期后，与前片对比：右肺上叶前段病灶明显缩小，现约1.5×1.2cm；纵膈内未见肿大淋巴结，原隆突下肿大淋巴结已消失；"
        "未见新发病灶。\n诊断：右肺上叶癌化疗后复查，病灶明显缩小，病情明显好转。",
        kind="imaging",
        lang="zh",
    )
    assert gone.nodal_involvement is False


def test_structured_follow_up_labels_a_node_verdict_and_the_rest_of_the_lung() -> None:
    reactive = extract_report(
        "所见：\n右肺下叶外基底段见一实性结节，大小约19mm×15mm，FDG摄取增高。\n双侧肺门及纵隔（2R、4R、7区）见多发小淋巴结，短径0.5-0.9cm，"
        "双侧对称性FDG轻度摄取。\n诊断意见：\n1. 右肺下叶外基底段高代谢结节，符合周围型肺腺癌。\n2. 双肺门及纵隔多发小淋巴结对称性轻度代谢，"
        "考虑反应性增生，未见淋巴结转移征象。",
        kind="imaging",
        lang="zh",
    )
    assert reactive.nodal_involvement is False
    recist = extract_report(
        "RECIST 1.1评估:靶病灶1 左肺下叶背段原发灶,基线35mm→本次44mm;靶病灶2 肝S6转移灶,基线15mm→本次24mm。"
        "结论:左肺下叶癌二线化疗后,原发灶及肝转移灶均增大,总体评价:PD(疾病进展)。",
        kind="imaging",
        lang="zh",
    )
    assert "靶" not in "".join(recist.metastasis_sites_text) and recist.metastasis_sites_text[0] == "肝S6"
    adrenal = extract_report(
        "诊断意见：\n1. 右肺上叶腺癌靶向治疗后，原发灶与前相仿。\n3. 右侧肾上腺结节，与前相仿，转移不除外。\n4. 未见新发病灶。",
        kind="imaging",
        lang="zh",
    )
    assert adrenal.metastasis_sites_suspected_text == ["右侧肾上腺"]
    labelled = extract_report(
        "结节编号 | 位置 | 长径(mm) 前次→本次\n1 | 右肺上叶前段 | 15.2→19.6\n新增结节：无\n\n结论：\n1. 右肺上叶前段部分实性结节较前增大，"
        "考虑浸润性腺癌。",
        kind="imaging",
        lang="zh",
    )
    assert labelled.new_lesions is False
    rest = extract_report(
        "所见：\n右肺下叶外基底段部分实性结节，本次大小约16mm×12mm；前次约13mm×10mm。结节较前增大。\n余肺散在数个微小实性结节（均<4mm），"
        "与前相仿。\n诊断意见：\n1. 右肺下叶外基底段部分实性结节，较前增大，考虑肺腺癌。",
        kind="imaging",
        lang="zh",
    )
    assert rest.comparison == "larger"


def test_a_vertebras_or_the_thyroids_lesion_measured_is_no_primary_size() -> None:
    spine = extract_report(
        "【临床诊断】肺癌\n【检查所见】T12椎体见类圆形长T1、长T2信号，大小约1.6cm，增强扫描明显强化，考虑转移。L4椎体见一类圆形短T1信号，"
        "约0.9cm，符合血管瘤。\n【结论】T12椎体异常信号，转移可能；L4椎体血管瘤。",
        kind="imaging",
        lang="zh",
    )
    assert spine.primary_size_text is None
    thyroid = extract_report(
        "临床诊断：肺癌术前评估\n超声描述：\n甲状腺右叶中部见一低回声结节，大小约0.8×0.6cm，边界清。双侧锁骨上窝未见明显肿大淋巴结。\n"
        "超声提示：\n1.甲状腺右叶实性结节（TI-RADS 3类）。\n2.双侧颈部及锁骨上区未见转移性淋巴结。",
        kind="imaging",
        lang="zh",
    )
    assert thyroid.primary_size_text is None


def test_treatments_own_changes_are_not_the_primarys_and_a_scanned_organ_is_no_site_word() -> None:
    operated = extract_report(
        "临床信息：右肺下叶腺癌术后1年余，定期复查。\n影像所见：\n右肺下叶切除术后，右肺容积减小，右侧膈面抬高。右肺下叶支气管残端闭合良好。"
        "\n影像诊断：\n1. 右肺下叶切除术后改变，支气管残端未见复发征象。\n2. 与前片比较，未见新发病灶。",
        kind="imaging",
        lang="zh",
    )
    assert operated.comparison is None
    irradiated = extract_report(
        "临床：左肺上叶周围型肺癌SBRT后2年。\n所见：\n左肺上叶前段原病灶区见条索状及斑片状致密影，局部体积缩小，纤维化范围与前片相仿，"
        "原病灶区未见明确残留肿块。\n诊断意见：\n1. 左肺上叶癌放疗后放射性纤维化，纤维化范围与前相仿；未见残留肿块及复发征象。",
        kind="imaging",
        lang="zh",
    )
    assert irradiated.comparison is None
    residual = extract_report(
        "所见：右肺上叶后段SBRT区域见片状实变及条索影，符合放射性肺纤维化；其内残余结节约11×8mm（前片15×11mm），较前缩小。\n"
        "诊断：右肺上叶癌放疗后，残余病灶较前缩小。",
        kind="imaging",
        lang="zh",
    )
    assert residual.comparison == "smaller"
    scanned = extract_report(
        "影像所见：左肺门区软组织肿块较前明显缩小，现大小约2.6CM×2.0CM。扫及肝S7低密度转移灶较前缩小，现直径约1.0CM。\n"
        "影像诊断：1.左肺中央型肺癌放化疗后，左肺门肿块较前明显缩小；2.肝转移，较前缩小。",
        kind="imaging",
        lang="zh",
    )
    assert "扫" not in "".join(scanned.metastasis_sites_text)


def test_a_treated_metastasis_no_longer_seen_an_operated_lungs_volume_and_an_orbits_mass() -> None:
    treated = extract_report(
        "临床信息：右上肺周围型肺癌立体定向放疗后；左侧肾上腺转移灶立体定向放疗后。\n影像所见：\n右上肺后段见一不规则结节，大小约1.8×1.5cm，"
        "与前片相仿。扫描所及左侧肾上腺形态正常，原转移灶现未见显示。\n诊断意见：\n1. 右肺上叶癌放疗后，病灶大小与前片相仿。\n"
        "4. 左侧肾上腺转移灶放疗后，现未见显示。",
        kind="imaging",
        lang="zh",
    )
    assert treated.metastasis_sites_text == [] and treated.comparison == "stable"
    operated = extract_report(
        "临床资料：右肺中叶腺癌术后，定期复查。\n影像所见：\n右肺中叶切除术后改变，右肺体积减小，残端周围未见明确软组织肿块。\n诊断意见：\n"
        "1. 右肺中叶癌术后，术区未见复发征象。",
        kind="imaging",
        lang="zh",
    )
    assert operated.comparison is None
    orbit = extract_report(
        "临床资料：肺癌化疗中，右眼突出伴复视1月。\n影像所见：\n右眼眶外侧肌锥外间隙见一不规则软组织肿块，累及右侧外直肌，大小约2.1×1.5cm。\n"
        "诊断意见：\n1. 右眼眶外侧肌锥外肿块累及外直肌，结合病史，考虑转移瘤。",
        kind="imaging",
        lang="zh",
    )
    assert orbit.primary_size_text is None
