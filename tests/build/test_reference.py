"""Reference data the build reads: the metastasis site a phrase names."""

from __future__ import annotations

import pytest

from oncodata.build.reference import metastasis_code


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("纵隔及双肺门淋巴结", "MET-LYMPH-NODE"),  # nodes named by their stations are nodes, not lung
        ("右侧锁骨上淋巴结", "MET-LYMPH-NODE"),  # nor bone (锁骨)
        ("胸椎", "MET-BONE"),
        ("第6肋", "MET-BONE"),
        ("双肺", "MET-LUNG"),
        ("中叶", "MET-LUNG"),  # a lobe named after another ("右肺上叶及中叶多发结节，考虑转移")
        ("肝右叶", "MET-LIVER"),  # a liver lobe is liver
        ("Osseous", "MET-BONE"),
        ("left adrenal gland", "MET-ADRENAL"),
    ],
)
def test_a_metastasis_phrase_names_its_site(phrase, code):
    assert metastasis_code(phrase) == ("OncoData", code)


def test_english_site_words_match_whole_words_only():
    assert metastasis_code("uneven distribution") is None
