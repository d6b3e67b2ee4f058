"""Source profiling: hand-computed counts, identifiers never shown, bad inputs, bounded memory on 300k rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from oncodata.errors import BadInputError
from oncodata.sources.mapping import load_mapping
from oncodata.sources.profile import (
    CHUNK_ROWS,
    DistinctCounter,
    HeavyHitters,
    load_profile_rules,
    profile_path,
    render_profile_html,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "sources" / "profile"
MAPPING = load_mapping(DATA / "mapping.yaml")
EVERY_VALUE = load_profile_rules().with_overrides(min_cell_count=1)
PLANTED = [
    "张伟", "李娜", "王建国", "110101198003071234", "32050219750618002X", "440106196512240417",
    "13812345678", "13987654321", "15011112222", "13700001111", "BL900", "BL901", "TEL-SECRET",
]  # fmt: skip


def _columns(report: dict, file_name: str) -> dict[str, dict]:
    entry = next(f for f in report["files"] if f["file"] == file_name)
    return {c["name"]: c for c in entry["columns"]}


def test_counts_on_a_small_hand_computed_file():
    report = profile_path(DATA / "small.csv", rules=EVERY_VALUE)
    (entry,) = report["files"]
    assert (entry["rows"], entry["encoding"], entry["delimiter"], entry["error"]) == (5, "utf-8", ",", None)
    columns = _columns(report, "small.csv")
    code = columns["code"]
    assert (code["nulls"], code["distinct"], code["distinct_exact"]) == (0, 3, True)
    assert code["top_values"] == [{"value": "A", "count": 3}, {"value": "B", "count": 1}, {"value": "C", "count": 1}]
    assert code["length"] == {"min": 1, "max": 1, "mean": 1.0} and code["top_values_exact"]
    status = columns["status"]
    assert (status["nulls"], status["null_share"], status["distinct"]) == (1, 0.2, 2)
    assert status["top_values"] == [{"value": "open", "count": 3}, {"value": "closed", "count": 1}]
    amount = columns["amount"]
    assert amount["type"] == "number" and amount["numeric"] == {"values": 4, "min": -1, "max": 10, "hidden": False}
    visit = columns["visit_date"]
    # 2021-02-30 is not a real date: 4 of 5 values parse, the range covers those four.
    assert visit["type"] == "date" and visit["dates"] == {
        "values": 4,
        "min": "2021-03-01",
        "max": "2021-03-10",
        "granularity": "exact",
    }
    assert columns["note"]["nulls"] == 3 and columns["note"]["length"] == {"min": 1, "max": 1, "mean": 1.0}
    assert not any(c["identifying"] for c in columns.values())


def test_small_cell_rule_hides_rare_values_by_default():
    code = _columns(profile_path(DATA / "small.csv"), "small.csv")["code"]
    assert code["top_values"] == [] and code["top_values_suppressed"] == 3


def test_identifier_columns_never_show_values_in_json_or_html(tmp_path: Path):
    report = profile_path(DATA, MAPPING, mapping_origin="mapping.yaml", rules=EVERY_VALUE)
    outputs = orjson.dumps(report).decode() + render_profile_html(report)
    for value in PLANTED:
        assert value not in outputs, value
    planted = _columns(report, "planted.csv")
    assert planted["患者姓名"]["identifying"]["by"] == "header+content"
    assert planted["证件"]["identifying"]["by"] == "content" and "national id" in planted["证件"]["identifying"]["reason"]
    assert planted["col_c"]["identifying"]["by"] == "content" and "phone" in planted["col_c"]["identifying"]["reason"]
    # A listed value holding a phone number is masked; ordinary values are listed.
    listed = {v["value"]: v["count"] for v in planted["备注"]["top_values"]}
    assert listed == {"<hidden: holds a mobile phone>": 9, "无": 9}
    assert {v["value"] for v in planted["分期"]["top_values"]} == {"IA", "IIB", "IIIA"}
    register = _columns(report, "register_2024.csv")
    assert register["病例编号"]["identifying"]["by"] == "mapping" and register["病例编号"]["top_values"] is None
    assert register["备用字段"]["identifying"]["by"] == "mapping"
    assert register["分期"]["top_values"] == [{"value": "IV", "count": 12}]
    # Only the mapping knows these two columns: without it their values would be listed.
    unmapped = _columns(profile_path(DATA / "register_2024.csv", rules=EVERY_VALUE), "register_2024.csv")
    assert unmapped["病例编号"]["top_values"] == [{"value": "BL900", "count": 6}, {"value": "BL901", "count": 6}]


def test_identifying_date_columns_give_ranges_by_month_only(tmp_path: Path):
    (tmp_path / "patients.csv").write_text(
        "患者ID,姓名,性别,出生日期\n" + "".join(f"P{i:03d},张三,男,1958-04-{10 + i:02d}\n" for i in range(10)), encoding="utf-8"
    )
    report = profile_path(tmp_path / "patients.csv", load_mapping(DATA.parent / "mini_mapping.yaml"), rules=EVERY_VALUE)
    birth = _columns(report, "patients.csv")["出生日期"]
    assert birth["dates"] == {"values": 10, "min": "1958-04", "max": "1958-04", "granularity": "month"}
    assert "1958-04-1" not in orjson.dumps(report).decode()


def test_excel_is_profiled_per_sheet(tmp_path: Path):
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "随访"
    first.append(["病案号", "随访结果"])
    for i in range(6):
        first.append([f"M{i}", "存活"])
    second = workbook.create_sheet("药物")
    second.append(["药品", "剂量"])
    second.append(["顺铂", 75.0])
    workbook.save(tmp_path / "registry.xlsx")
    report = profile_path(tmp_path / "registry.xlsx")
    assert [(f["sheet"], f["rows"], f["encoding"]) for f in report["files"]] == [("随访", 6, None), ("药物", 1, None)]
    assert _columns(report, "registry.xlsx")["随访结果"]["top_values"] == [{"value": "存活", "count": 6}]
    assert report["files"][1]["columns"][1]["numeric"]["max"] == 75


def test_empty_file_alone_is_an_error_and_in_a_folder_is_reported(tmp_path: Path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(BadInputError, match=r"empty\.csv: the file is empty"):
        profile_path(tmp_path / "empty.csv")
    shutil.copy(DATA / "small.csv", tmp_path / "small.csv")
    report = profile_path(tmp_path)
    assert report["errors"] == 1
    assert [(f["file"], f["error"] is None) for f in report["files"]] == [("empty.csv", False), ("small.csv", True)]


def test_header_only_file_has_zero_rows_and_a_warning(tmp_path: Path):
    (tmp_path / "header_only.csv").write_text("a,b\n", encoding="utf-8")
    (entry,) = profile_path(tmp_path / "header_only.csv")["files"]
    assert entry["rows"] == 0 and entry["warnings"] == ["no data rows below the header"]
    assert entry["columns"][0]["type"] == "empty" and entry["columns"][0]["null_share"] is None


def test_gbk_file_is_detected_and_read(tmp_path: Path):
    (tmp_path / "labs.tsv").write_bytes("项目名称\t结果\n癌胚抗原\t12.4\n癌胚抗原\t3.1\n".encode("gbk"))
    report = profile_path(tmp_path / "labs.tsv", rules=EVERY_VALUE)
    assert (report["files"][0]["encoding"], report["files"][0]["delimiter"]) == ("gb18030", "\t")
    assert _columns(report, "labs.tsv")["项目名称"]["top_values"] == [{"value": "癌胚抗原", "count": 2}]


def test_wrong_encoding_named_in_the_mapping_is_a_clear_error(tmp_path: Path):
    (tmp_path / "register_gbk.csv").write_bytes("病例编号,备用字段,分期\nBL1,x,IV\n".encode("gbk"))
    with pytest.raises(BadInputError, match=r"register_gbk\.csv: the header is not valid utf-8"):
        profile_path(tmp_path / "register_gbk.csv", MAPPING)


def test_mixed_encoding_and_broken_rows_are_counted_not_profiled(tmp_path: Path):
    content = "病例编号,备用字段,分期\n".encode() + b"BL1,a,IV\n" + "BL2,张三,IV\n".encode("gbk") + b"BL3,b\n"
    (tmp_path / "register_mixed.csv").write_bytes(content)
    (entry,) = profile_path(tmp_path / "register_mixed.csv", MAPPING)["files"]
    assert entry["rows"] == 1
    assert sorted(entry["problem_rows"].values()) == [1, 1]
    assert any("mixed encodings" in w for w in entry["warnings"]) and any("truncated" in w for w in entry["warnings"])


def test_utf16_and_unknown_files_are_refused(tmp_path: Path):
    (tmp_path / "export.csv").write_bytes("a,b\n1,2\n".encode("utf-16"))
    with pytest.raises(BadInputError, match="NUL bytes"):
        profile_path(tmp_path / "export.csv")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(BadInputError, match=r"not a CSV/TSV/TXT or \.xlsx file"):
        profile_path(tmp_path / "scan.pdf")
    with pytest.raises(BadInputError, match="no such file or folder"):
        profile_path(tmp_path / "nowhere")


def test_heavy_hitters_and_distinct_counter_stay_bounded():
    hitters = HeavyHitters(capacity=100)
    distinct = DistinctCounter(exact_limit=1_000, sketch_size=1_024)
    for i in range(300_000):
        value = "frequent" if i % 10 == 0 else f"v{i}"
        hitters.add(value)
        distinct.add(value)
        assert len(hitters.counters) <= 100
    assert hitters.largest_size <= 100 and distinct.entries <= 1_024
    (value, count), *_ = hitters.top(1)
    assert value == "frequent" and count <= 30_000 <= count + hitters.error_bound
    assert abs(distinct.count() - 270_001) / 270_001 < 0.1 and not distinct.is_exact


def test_300k_row_file_profiles_in_bounded_memory(tmp_path: Path):
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("row_id,sex,value\n")
        for i in range(300_000):
            handle.write(f"R{i:07d},{'男' if i % 3 else '女'},{i % 997}\n")
    rules = load_profile_rules()
    report = profile_path(path, rules=rules)
    (entry,) = report["files"]
    assert entry["rows"] == 300_000
    # Per column at most the exact-distinct bound (then the sketch) plus the heavy-hitter counters and one chunk's values.
    assert entry["largest_tracked_values_per_column"] <= rules.distinct_exact_limit + rules.heavy_hitter_capacity + CHUNK_ROWS
    columns = _columns(report, "big.csv")
    assert abs(columns["row_id"]["distinct"] - 300_000) / 300_000 < 0.1 and not columns["row_id"]["distinct_exact"]
    assert columns["sex"]["top_values"] == [{"value": "男", "count": 200_000}, {"value": "女", "count": 100_000}]
    assert columns["value"]["distinct"] == 997 and columns["value"]["numeric"]["max"] == 996
