"""The mapping engine on realistic Chinese source values: codes through Maps to, shipped mappings, lexical matching."""

from __future__ import annotations

import pyarrow as pa
import pytest

from oncodata.store.base import Store
from oncodata.vocab.matcher import ConceptMatcher
from oncodata.vocab.resolve import icd_code_chain, resolve_source_concepts
from oncodata.vocab.units import RESOLUTION_JOIN
from tests.vocab.staging_rows import stage


def _code_of(store: Store, concept_id: int) -> str:
    return store.scalar("SELECT concept_code FROM vocab.concept WHERE concept_id = $id", {"id": concept_id})


def _resolution(store: Store, domain: str, text: str | None = None, code: str | None = None) -> tuple:
    return store.query(
        "SELECT method, target_concept_id, target_domain_id, score, source_concept_id FROM staging.concept_resolution "
        "WHERE domain = $d AND source_text IS NOT DISTINCT FROM $t AND source_code IS NOT DISTINCT FROM $c",
        {"d": domain, "t": text, "c": code},
    )[0]


def test_icd_code_chain_walks_from_clinical_edition_to_category():
    assert icd_code_chain("C34.100x001") == ["C34.100x001", "C34.100", "C34.10", "C34.1", "C34"]
    assert icd_code_chain("I10.x00x002") == ["I10.x00x002", "I10"]
    assert icd_code_chain("E11.900") == ["E11.900", "E11.90", "E11.9", "E11"]
    assert icd_code_chain("32.4100x001") == ["32.4100x001", "32.4100", "32.410", "32.41", "32.4", "32"]
    for malformed in ["c34.1", "C34.9xx", "C34.10Ox001", "C3410", "C34,100x001"]:
        assert icd_code_chain(malformed) == [malformed]


def test_resolution_methods_on_realistic_values(vocab_store: Store):
    store = vocab_store
    stage(
        store,
        "condition",
        [
            ("ICD10CN", "C34.100x001", "右肺上叶恶性肿瘤"),
            ("ICD10CN", "C34.100x009", "右肺上叶恶性肿瘤"),  # not in the bundle: resolved through its parent C34.1
            ("ICD10CN", "I10.x00x002", "高血压"),
            (None, None, "左肺下叶恶性肿瘤"),
            ("ICD10CN", "C99.999x001", None),  # malformed: stays unmapped
        ],
    )
    stage(
        store,
        "drug",
        [
            (None, None, "注射用培美曲塞二钠(力比泰)"),
            (None, None, "吉非替呢片"),
            (None, None, "卡泊注射液"),
            (None, None, "Keytruda"),
        ],
    )
    stage(
        store,
        "measurement",
        [
            ("LOCAL_LAB", "CEA", "癌胚抗原(CEA)化学发光"),
            (None, None, "中性粒细胞数"),
            ("LOINC", "718-7", "Hb"),
            (None, None, "天气"),
        ],
        unit_source_value=pa.array(["μg/L", "10^9/L", "g/dL", None]),
        value_as_number=pa.array([5.0, 3.0, 13.0, 1.0]),
    )
    assert resolve_source_concepts(store) == 13
    method, target, domain, _, source = _resolution(store, "condition", "右肺上叶恶性肿瘤", "C34.100x001")
    assert (method, _code_of(store, target), domain, _code_of(store, source)) == (
        "maps_to",
        "8000/3-C34.1",
        "Condition",
        "C34.100x001",
    )
    method, target, *_ = _resolution(store, "condition", "右肺上叶恶性肿瘤", "C34.100x009")
    assert (method, _code_of(store, target)) == ("maps_to", "8000/3-C34.1")
    assert _resolution(store, "condition", "高血压", "I10.x00x002")[1] == 316866
    method, target, *_ = _resolution(store, "condition", "左肺下叶恶性肿瘤")
    assert (method, _code_of(store, target)) == ("synonym", "8000/3-C34.3")
    assert _resolution(store, "condition", None, "C99.999x001")[:2] == ("unmapped", 0)
    for text, code in [
        ("注射用培美曲塞二钠(力比泰)", "68446"),
        ("吉非替呢片", "328134"),
        ("卡泊注射液", "40048"),
        ("Keytruda", "1547545"),
    ]:
        method, target, domain, *_ = _resolution(store, "drug", text)
        assert (_code_of(store, target), domain) == (code, "Drug"), text
    assert _resolution(store, "drug", "注射用培美曲塞二钠(力比泰)")[0] == "shipped"
    assert _resolution(store, "measurement", "癌胚抗原(CEA)化学发光", "CEA")[0] == "shipped"
    method, target, *_ = _resolution(store, "measurement", "中性粒细胞数")
    assert (method, _code_of(store, target)) == ("shipped", "751-8")
    assert _resolution(store, "measurement", "Hb", "718-7")[:2] == ("maps_to", 3000963)
    assert _resolution(store, "measurement", "天气")[:2] == ("unmapped", 0)
    units = dict(store.query("SELECT unit_source_value, status FROM staging.unit_resolution WHERE unit_source_value IS NOT NULL"))
    assert units == {"μg/L": "converted", "10^9/L": "canonical", "g/dL": "converted"}


def test_without_shipped_mappings_lexical_matching_still_finds_the_concept(vocab_store: Store):
    stage(vocab_store, "measurement", [(None, None, "中性粒细胞数"), (None, None, "CEA定量")])
    resolve_source_concepts(vocab_store, use_shipped=False)
    method, target, _, score, _ = _resolution(vocab_store, "measurement", "中性粒细胞数")
    assert method == "fuzzy" and score >= 80 and _code_of(vocab_store, target) == "751-8"
    assert _resolution(vocab_store, "measurement", "CEA定量")[0] == "synonym"


@pytest.mark.parametrize(
    ("domain", "text", "code"),
    [
        ("measurement", "细胞角蛋白19片段(CYFRA21-1)", "LAB-CYFRA21-1"),
        ("measurement", "谷丙转氨酶", "1742-6"),
        ("measurement", "肌酐(酶法)", "2160-0"),
        ("drug", "甲磺酸奥希替尼片(泰瑞沙)", "1721560"),
        ("drug", "注射用紫杉醇（白蛋白结合型）", "56946"),
        ("drug", "信迪力单抗注射液", "DRUG-SINTILIMAB"),
        ("condition", "脑继发恶性肿瘤", "8000/6-C71.9"),
        ("condition", "2型糖尿病", "44054006"),
        ("procedure", "胸腔镜下右肺上叶切除术+系统性淋巴结清扫术", "32.41"),
        ("procedure", "IMRT", "92.24"),
        ("procedure", "SRS 姑息", "92.30"),
        ("procedure", "3D-CRT 根治", "92.24"),
    ],
)
def test_matcher_ranks_the_right_concept_first(duckdb_url: str, tmp_path, domain: str, text: str, code: str):
    from oncodata.lifecycle import initialize
    from oncodata.settings import load_settings
    from oncodata.store import open_store

    with open_store(duckdb_url) as store:
        initialize(store, load_settings(config_file=tmp_path / "absent.toml", environ={}))
        best = ConceptMatcher(store, [domain]).candidates(domain, text)[0]
        assert _code_of(store, best.concept_id) == code


def test_every_staged_record_joins_exactly_one_resolution(vocab_store: Store):
    # '' and NULL are one value; the build's coalesce join must neither drop nor duplicate records.
    stage(
        vocab_store,
        "measurement",
        [("LOCAL_LAB", "CEA", "癌胚抗原"), ("", "", "癌胚抗原"), (None, None, "癌胚抗原"), (None, None, None)],
    )
    resolve_source_concepts(vocab_store)
    joined = vocab_store.scalar(
        "SELECT count(*) FROM staging.measurement AS s JOIN staging.concept_resolution AS r ON r.domain = 'measurement' AND "
        + RESOLUTION_JOIN.format(staged="s", resolved="r")
    )
    assert joined == 4
    assert vocab_store.scalar("SELECT count(*) FROM staging.concept_resolution") == 3


def test_realistic_names_written_outside_the_generator_rank_first(duckdb_url: str, tmp_path):
    """Held-out hospital-style names (not in the synthetic generator's lists): every one ranks its concept first."""
    import csv
    from pathlib import Path

    from oncodata.lifecycle import initialize
    from oncodata.settings import load_settings
    from oncodata.store import open_store

    names = Path(__file__).resolve().parents[1] / "data" / "vocab" / "realistic_names.csv"
    with names.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open_store(duckdb_url) as store:
        initialize(store, load_settings(config_file=tmp_path / "absent.toml", environ={}))
        matcher = ConceptMatcher(store)
        misses = []
        for row in rows:
            best = matcher.candidates(row["domain"], row["source_text"], limit=1)
            expected = (row["vocabulary_id"], row["concept_code"])
            got = (
                store.query(
                    "SELECT vocabulary_id, concept_code FROM vocab.concept WHERE concept_id = $id", {"id": best[0].concept_id}
                )[0]
                if best
                else None
            )
            if got != expected:
                misses.append((row["source_text"], got))
    assert misses == []


def test_ingest_vocabularies_morphology_at_site_procedures_and_observations(vocab_store: Store):
    """Values as the hospital ingest mapping stages them (ICDO3 morphology rows, ICD9CM3CN, ONCODATA_LOCAL)."""
    store = vocab_store
    stage(
        store,
        "condition",
        [("ICDO3", "M8140/3", "右肺上叶恶性肿瘤"), ("ICDO3", "M8551/3", "左肺下叶恶性肿瘤"), ("ICDO3", "M8041/3", "肺恶性肿瘤")],
    )
    stage(store, "procedure", [("ICD9CM3CN", "32.4100x001", "胸腔镜下右肺上叶切除术+系统性淋巴结清扫术")])
    stage(
        store, "observation", [("ONCODATA_LOCAL", "smoking_status", "吸烟史"), ("ONCODATA_LOCAL", "followup_status", "随访结果")]
    )
    resolve_source_concepts(store)
    for code, text, expected in [
        ("M8140/3", "右肺上叶恶性肿瘤", "8140/3-C34.1"),
        ("M8551/3", "左肺下叶恶性肿瘤", "8551/3-C34.3"),
        ("M8041/3", "肺恶性肿瘤", "8041/3-C34.9"),
    ]:
        method, target, domain, _, source = _resolution(store, "condition", text, code)
        assert (method, _code_of(store, target), domain, _code_of(store, source)) == ("maps_to", expected, "Condition", code[1:])
    method, target, *_ = _resolution(store, "procedure", "胸腔镜下右肺上叶切除术+系统性淋巴结清扫术", "32.4100x001")
    assert (method, _code_of(store, target)) == ("maps_to", "32.41")
    assert _code_of(store, _resolution(store, "observation", "吸烟史", "smoking_status")[1]) == "365981007"
    assert _resolution(store, "observation", "随访结果", "followup_status")[0] == "shipped"
