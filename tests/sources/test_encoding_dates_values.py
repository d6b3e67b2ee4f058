"""Encoding detection and the strict date/number/result/range parsers used by the extract reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from oncodata.sources.dates import DateParseError, parse_date, parse_datetime
from oncodata.sources.encoding import detect_encoding
from oncodata.sources.values import ValueParseError, parse_integer, parse_number, parse_range, parse_result

TEXT = "病案号,姓名,诊断名称\n520100001,张伟,右肺上叶恶性肿瘤\n"


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")]
)
def test_detects_hospital_encodings(tmp_path: Path, encoding: str, expected: str):
    path = tmp_path / "x.csv"
    path.write_bytes(TEXT.encode(encoding))
    assert detect_encoding(path) == expected


def test_detection_tolerates_a_character_cut_at_the_sample_edge(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_bytes(("肺" * 1000).encode("utf-8"))
    assert detect_encoding(path, sample_bytes=1000) == "utf-8"  # 1000 is not a multiple of 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-05", dt.date(2021, 3, 5)),
        ("2021/3/5", dt.date(2021, 3, 5)),
        ("2021.03.05", dt.date(2021, 3, 5)),
        ("20210305", dt.date(2021, 3, 5)),
        ("2021年3月5日", dt.date(2021, 3, 5)),
        (" 2021-03-05 08:30:12 ", dt.date(2021, 3, 5)),
    ],
)
def test_parses_the_styles_hospital_systems_export(text: str, expected: dt.date):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "2021-13-01", "20210230", "next week", "05/03/2021"])
def test_rejects_impossible_or_ambiguous_dates_without_echoing_them(text: str):
    with pytest.raises(DateParseError) as raised:
        parse_date(text)
    assert text not in str(raised.value)


def test_day_first_only_when_declared():
    assert parse_datetime("05/03/2021 14:20", day_first=True) == dt.datetime(2021, 3, 5, 14, 20)


def test_numbers_results_and_ranges():
    assert parse_number("1,250.5") == 1250.5
    assert parse_integer("21") == 21
    with pytest.raises(ValueParseError):
        parse_integer("2.5")
    with pytest.raises(ValueParseError):
        parse_number("阳性")
    assert parse_result("<0.5") == (0.5, "<")
    assert parse_result("≥1000") == (1000.0, ">=")
    assert parse_result("阴性") == (None, None)
    assert parse_range("3.5-5.5") == (3.5, 5.5)
    assert parse_range("0～5") == (0.0, 5.0)
    assert parse_range("<5.0") == (None, 5.0)
    assert parse_range("阴性") == (None, None)
