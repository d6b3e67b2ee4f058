"""Span rankers: the shipped weights load, candidates cover the annotators' span forms, and choices are sane."""

from __future__ import annotations

from oncodata.nlp.imaging import extract_imaging, imaging_patterns
from oncodata.nlp.span_ranker import NO_SIZE, rank_size, ranker_weights, site_candidates, size_candidates

LESION = "右肺下叶基底段见软组织肿块，边缘分叶，大小约3.0CM×2.5CM，增强后不均匀强化。纵隔见肿大淋巴结，短径约1.2CM。"


def test_shipped_models_have_the_features_the_candidates_carry():
    pats = imaging_patterns("zh")
    site = site_candidates(LESION, pats, None)[0]
    size = size_candidates(LESION, pats, None, None)[0]
    for field, candidate in (("primary_site", site), ("primary_size", size)):
        weights = ranker_weights(field)
        assert set(candidate.features) == set(weights), field


def test_site_candidates_include_lexicon_and_sub_site_spans():
    report = LESION + "影像诊断：右肺下叶癌。"
    texts = {c.span.text for c in site_candidates(report, imaging_patterns("zh"), None) if c.span}
    assert {"右肺下叶基底段", "右肺下叶"} <= texts  # the findings' segment and the diagnosis' lobe a ranker may prefer


def test_size_candidates_end_with_the_no_size_option():
    candidates = size_candidates(LESION, imaging_patterns("zh"), None, None)
    assert [c.span.text for c in candidates if c.span] == ["3.0CM×2.5CM", "1.2CM"]
    assert candidates[-1].span is None and candidates[-1].features[NO_SIZE] == 1.0


def test_a_lesion_size_wins_and_a_node_short_axis_alone_is_no_primary_size():
    assert extract_imaging(LESION + "影像诊断：右肺下叶癌。", "zh").primary_size_text == "3.0CM×2.5CM"
    # A report that names no cancer, malignancy or metastasis states no primary tumour, measured or not.
    assert extract_imaging(LESION, "zh").primary_size_text is None
    nodes_only = "纵隔4R区见肿大淋巴结，短径约1.2CM。双肺未见明确结节。"
    assert rank_size(nodes_only, imaging_patterns("zh"), None, None) is None
    assert extract_imaging(nodes_only, "zh").primary_size_text is None


def test_the_size_of_the_lesion_the_sentence_before_names_is_the_primary_size():
    report = (
        "右肺上叶可见一类圆形结节影，边缘不光滑，可见细短毛刺；病灶大小约为2.0×1.5CM。纵隔见肿大淋巴结，短径约1.2CM。"
        "影像诊断：右上肺癌。"
    )
    facts = extract_imaging(report, "zh")
    assert facts.primary_size_text == "2.0×1.5CM"


def test_a_recurrence_after_resection_is_no_primary_size():
    recurrence = (
        "右肺下叶切除术后，右下肺门区见软组织肿块影，截面约5.5CM×5.3CM。双肺内见多发结节灶。"
        "影像诊断：右肺癌术后复发，较前增大；双肺转移。"
    )
    candidates = size_candidates(recurrence, imaging_patterns("zh"), None, None)
    assert candidates[-1].features["no_size_recurrence"] == 1.0
    facts = extract_imaging(recurrence, "zh")
    assert facts.primary_size_text is None and facts.primary_site_text is not None
    # "未见复发" denies a recurrence: no recurrence feature, though the primary was resected.
    denied = "右乳癌术后，术区未见肿瘤复发征象。右肺上叶见软组织肿块，大小约2.0CM×1.5CM。影像诊断：右肺癌。"
    no_size = size_candidates(denied, imaging_patterns("zh"), None, None)[-1]
    assert no_size.features["no_size_resected"] == 1.0 and no_size.features["no_size_recurrence"] == 0.0
    assert extract_imaging(denied, "zh").primary_size_text == "2.0CM×1.5CM"


def test_a_second_primary_left_in_place_keeps_its_size_though_the_first_was_resected():
    second_primary = (
        "1.右乳癌术后 2.右肺上叶占位,考虑右肺癌,较前变化不著。右乳术后缺如,术区未见异常强化。"
        "右肺上叶见不规则软组织密度影,边缘分叶,截面约3.5CM×2.2CM;增强扫描呈不均匀强化。"
    )
    facts = extract_imaging(second_primary, "zh")
    assert (facts.primary_site_text, facts.primary_size_text) == ("右乳,右肺上叶", "3.5CM×2.2CM")
    both_resected = "1.右乳癌术后 2.考虑右肺癌术后复发。右肺上叶切除术后,右肺门区见软组织密度影,截面约3.5CM×2.2CM。"
    assert extract_imaging(both_resected, "zh").primary_size_text is None
