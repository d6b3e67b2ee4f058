"""The public API: language and kind detection, empty input, the output record's keys."""

from __future__ import annotations

import pytest

from oncodata.nlp import detect_kind, extract_records, extract_report
from oncodata.nlp.facts import RECORD_KEYS
from oncodata.nlp.language import detect_language


def test_detection():
    assert detect_language("右肺上叶腺癌") == "zh" and detect_language("Lung adenocarcinoma, pT1a") == "en"
    assert detect_kind("CT chest with contrast: a mass in the right upper lobe.") == "imaging"


def test_empty_report_gives_all_nulls():
    record = extract_report("").to_record()
    assert tuple(record) == RECORD_KEYS
    assert all(record[k] is None for k in ("t", "n", "m", "histology_code", "tumor_size_mm", "primary_site_text"))
    assert record["metastasis_sites_text"] == [] and record["biomarkers"] == [] and record["evidence"] == {}


def test_bad_arguments():
    with pytest.raises(ValueError):
        extract_report("x", kind="radiology")


def test_records_keep_input_order_across_processes():
    texts = [f"DIAGNOSIS: Adenocarcinoma, pT{1 + i % 4} pN0." for i in range(60)]
    records = list(extract_records(texts, kind="pathology", lang="en", workers=2, chunk=10))
    assert [r["t"] for r in records] == [f"T{1 + i % 4}" for i in range(60)]
