"""Lexicons: every term carries one of its scan anchors, and the anchored scan finds what one full scan finds."""

from __future__ import annotations

import pytest

from oncodata.nlp.lexicon import _alternation, _compile, find_histologies, find_sites, top_level_alternatives
from oncodata.nlp.resources import load_csv, load_yaml


@pytest.mark.parametrize("name", ["histology.csv", "topography.csv"])
def test_every_alternative_of_every_lexicon_term_contains_one_of_its_anchors(name):
    # The scan runs a term's pattern only near an anchor, so each way of writing the term needs one.
    anchors = load_yaml("lexicon_anchors.yaml").get(name, {})
    for lang, words in anchors.items():
        for row in load_csv(name):
            if row["lang"] != lang:
                continue
            for alternative in top_level_alternatives(row["pattern"]):
                assert any(word in alternative.lower() for word in words), (name, lang, alternative)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("右肺上叶尖后段见肿块，双乳、肝脏、胰头部及十二指肠降部未见异常，左侧胸膜增厚，子宫内膜增厚。", "zh"),
        ("Right upper lobe mass; the left breast, liver and pancreas are unremarkable. Pleura thickened.", "en"),
    ],
)
def test_the_anchored_scan_matches_one_full_scan(text, lang):
    rows = _compile("topography.csv", lang).entries
    full = _alternation(rows, list(range(len(rows))), lang)
    expected = [(m.start(), m.end()) for m in full.finditer(text)]
    assert [(h.span.start, h.span.end) for h in find_sites(text, lang)] == expected


def test_a_chinese_segment_named_without_its_lobe_gives_the_lobe() -> None:
    from oncodata.nlp.lexicon import find_sites

    for text, lobe in (
        ("左肺尖后段见一软组织肿块", "upper"),
        ("右肺背段结节", "lower"),
        ("右肺外侧段", "middle"),
        ("左肺后基底段", "lower"),
    ):
        hit = find_sites(text, "zh")[0]
        assert (hit.lobe, text.startswith(hit.span.text)) == (lobe, True)


def test_a_lobe_of_the_right_or_left_lung_gives_its_side() -> None:
    from oncodata.nlp.lexicon import find_sites, laterality_of

    hit = find_sites("wedge resection of the lower lobe of the right lung in another hospital", "en")[0]
    assert (hit.span.text, hit.lobe, laterality_of(hit.span.text, "en")) == ("lower lobe of the right lung", "lower", "right")


def test_a_flattened_line_end_inside_a_lobes_name() -> None:
    from oncodata.nlp.lexicon import find_sites

    hit = find_sites("Biopsy proven adenocarcinoma R lower. lobe (CT core bx)", "en")[0]
    assert (hit.span.text, hit.lobe) == ("lower. lobe", "lower")


@pytest.mark.parametrize(
    ("term", "code"),
    [
        ("Carcinoma planoepitheliale keratodes", "8071/3"),
        ("carcinoma planocellulare", "8070/3"),
        ("Carcinoma microcellulare", "8041/3"),
        ("Adenocarcinoma papillare et acinare", "8255/3"),
        ("adenocarcinoma solidum", "8230/3"),
    ],
)
def test_latin_histology_names_translations_keep(term: str, code: str) -> None:
    assert [h.code for h in find_histologies(term, "en")] == [code]
