"""Negation, uncertainty, family and history cues in both languages."""

from __future__ import annotations

from oncodata.nlp.context import context_of


def flags_of(text: str, term: str, lang: str):
    start = text.index(term)
    return context_of(text, start, start + len(term), lang)


def test_english_negation_and_hedging():
    assert flags_of("No lymphovascular invasion identified.", "lymphovascular invasion", "en").negated
    assert flags_of("Lymphovascular invasion: not identified.", "Lymphovascular invasion", "en").negated
    assert flags_of("Margins negative for carcinoma.", "carcinoma", "en").negated
    assert flags_of("Suspicious for metastatic carcinoma.", "metastatic carcinoma", "en").uncertain
    assert flags_of("Liver lesion; metastasis cannot be excluded.", "metastasis", "en").uncertain
    assert flags_of("Family history of breast cancer in her mother.", "breast cancer", "en").family
    assert flags_of("History of colon cancer.", "colon cancer", "en").historical
    assert flags_of("Adenocarcinoma of the lung.", "Adenocarcinoma", "en").asserted
    # A double negative asserts; "not diagnostic of" after "suspicious for" hedges rather than denies.
    assert flags_of("Lymphovascular invasion is not absent.", "Lymphovascular invasion", "en").asserted
    hedged = flags_of("Focus suspicious for, but not diagnostic of, vascular invasion.", "vascular invasion", "en")
    assert hedged.uncertain and not hedged.negated


def test_chinese_negation_and_hedging():
    assert flags_of("肝内未见明确转移征象。", "转移", "zh").negated
    assert flags_of("左肺下叶小结节，转移不除外。", "转移", "zh").uncertain
    assert flags_of("肝内低密度灶，转移待排。", "转移", "zh").uncertain
    assert flags_of("左乳结节，转移不能除外。", "转移", "zh").uncertain
    assert flags_of("右肺门淋巴结增大，转移难以排除。", "转移", "zh").uncertain
    assert flags_of("EGFR突变阴性。", "EGFR突变", "zh").negated
    assert flags_of("胸腰椎骨质破坏，考虑转移。", "转移", "zh").probable
    assert flags_of("胸腰椎骨质破坏，考虑转移。", "转移", "zh").asserted
    assert flags_of("其母亲患乳腺癌。", "乳腺癌", "zh").family
    assert flags_of("双肺转移，较前增多。", "转移", "zh").asserted


def test_clause_bounds_stop_at_the_nearest_boundaries_and_the_reach():
    from oncodata.nlp.context import clause_bounds

    text = "No tumor seen. The mass, 2 cm; margins clear.New lesion"
    assert text[slice(*clause_bounds(text, 19, 23, "en"))] == "The mass, 2 cm"
    assert text[slice(*clause_bounds(text, 46, 49, "en"))] == "New lesion"  # a glued full stop ends a sentence
    zh = "右肺上叶见结节，大小约2CM，考虑转移。"
    assert zh[slice(*clause_bounds(zh, 8, 10, "zh"))] == "大小约2CM"
    long = "x" * 300
    assert clause_bounds(long, 150, 151, "en", reach=120) == (30, 271)


def test_a_checklist_label_answered_in_the_negative_is_negated():
    assert flags_of("Lobular Carcinoma in Situ: Not identified. Margins: Uninvolved.", "Lobular Carcinoma in Situ", "en").negated
    assert flags_of("Histologic Type: Invasive ductal carcinoma.", "Invasive ductal carcinoma", "en").asserted
    assert flags_of("脉管内癌栓：无；神经侵犯：有。", "脉管内癌栓", "zh").negated
    assert flags_of("脉管内癌栓：（-）", "脉管内癌栓", "zh").negated
    assert not flags_of("神经侵犯：有。", "神经侵犯", "zh").negated


def test_a_wrapped_line_continues_its_clause_but_a_code_list_does_not():
    wrapped = "History of left breast cancer\n(invasive ductal carcinoma, T1cN0M0) treated in 2015."
    assert flags_of(wrapped, "T1cN0M0", "en").historical
    listed = "Squamous cell carcinoma, moderately differentiated, 3.2 cm\n  pl1, ly1, v1, pm0\n  br(-), stump negative"
    assert flags_of(listed, "Squamous cell carcinoma", "en").asserted
