"""Scrubber on hand-written tricky notes (zh+en): recall of planted identifiers, no damaged clinical tokens, dates shifted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncodata.errors import BadInputError
from oncodata.privacy.keys import SecretKey
from oncodata.privacy.scrub import Finding, Scrubber, gb11643_check_digit_ok, scrub_many

CASES_DIR = Path(__file__).resolve().parents[1] / "data" / "privacy"


def _load_cases() -> list[dict]:
    cases: list[dict] = []
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        cases.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return cases


CASES = _load_cases()


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber()


def _covered(identifier: dict, findings: list[Finding]) -> bool:
    return any(f.start <= identifier["start"] and identifier["end"] <= f.end for f in findings)


def test_the_tricky_sets_cover_both_languages() -> None:
    assert {case["lang"] for case in CASES} == {"zh", "en"}
    assert sum(len(case["identifiers"]) for case in CASES) >= 90


def test_recall_of_planted_identifiers_is_at_least_99_percent(scrubber: Scrubber) -> None:
    planted = missed = 0
    missed_ids: list[str] = []
    for case in CASES:
        findings = scrubber.scrub(case["text"], date_shift_days=10).findings
        for identifier in case["identifiers"]:
            planted += 1
            if not _covered(identifier, findings):
                missed += 1
                missed_ids.append(f"{case['id']}:{identifier['kind']}")
    assert (planted - missed) / planted >= 0.99, missed_ids


def test_no_clinical_token_is_damaged(scrubber: Scrubber) -> None:
    damaged = [
        f"{case['id']}:{token}"
        for case in CASES
        for token in case["clinical"]
        if token not in scrubber.scrub(case["text"], date_shift_days=10).text
    ]
    assert damaged == []


def test_each_finding_overlaps_a_planted_identifier(scrubber: Scrubber) -> None:
    false_positives = [
        f"{case['id']}:{finding.kind}@{finding.start}"
        for case in CASES
        for finding in scrubber.scrub(case["text"], date_shift_days=10).findings
        if not any(finding.start < item["end"] and item["start"] < finding.end for item in case["identifiers"])
    ]
    assert false_positives == []


@pytest.mark.parametrize(
    ("written", "shifted"),
    [
        ("2021年3月5日", "2021年3月15日"),
        ("2021年03月25日", "2021年04月04日"),
        ("2021-03-05", "2021-03-15"),
        ("2021/3/5", "2021/3/15"),
        ("2020.12.28", "2021.01.07"),
        ("05/03/2021", "05/13/2021"),
        ("25/12/2021", "04/01/2022"),
        ("Mar 5, 2021", "Mar 15, 2021"),
        ("March 25, 2021", "April 4, 2021"),
        ("5 March 2021", "15 March 2021"),
        ("28-FEB-2021", "10-MAR-2021"),
        ("3月5日", "3月15日"),
        ("2021年3月", "2021年3月"),
        ("January 2021", "January 2021"),
    ],
)
def test_dates_are_shifted_in_the_format_they_were_written(scrubber: Scrubber, written: str, shifted: str) -> None:
    result = scrubber.scrub(f"检查于{written}完成 / done on {written}.", date_shift_days=10)
    assert result.text == f"检查于{shifted}完成 / done on {shifted}."
    assert [finding.kind for finding in result.findings] == ["date", "date"]


def test_negative_shift_and_consistent_intervals(scrubber: Scrubber) -> None:
    text = "确诊2021-03-01，手术2021-03-15。"
    assert scrubber.scrub(text, date_shift_days=-3).text == "确诊2021-02-26，手术2021-03-12。"


def test_dates_without_a_shift_become_typed_labels(scrubber: Scrubber) -> None:
    assert scrubber.scrub("2021年3月5日 / Mar 5, 2021").text == "[日期] / [DATE]"
    assert scrubber.scrub("2021-03-05", date_shift_days=0).text == "2021-03-05"


def test_numeric_day_first_can_be_configured() -> None:
    assert Scrubber(numeric_day_first=True).scrub("05/03/2021", date_shift_days=1).text == "06/03/2021"


def test_typed_replacements(scrubber: Scrubber) -> None:
    text = "患者王明，身份证110105194912310021X，手机13812345678，a@b.cn，http://x.cn，1.2.3.4"
    result = scrubber.scrub("姓名：王明 身份证号：11010519491231002X 手机：13812345678 邮箱 a.b@example.cn 10.0.0.1")
    assert result.text == "姓名：[姓名] 身份证号：[身份证号] 手机：[PHONE] 邮箱 [EMAIL] [IP]"
    assert "王明" not in scrubber.scrub(text).text


def test_eighteen_digit_number_without_cue_needs_a_valid_check_digit(scrubber: Scrubber) -> None:
    assert gb11643_check_digit_ok("11010519491231002X")
    assert scrubber.scrub("编号11010519491231002X").text == "编号[身份证号]"
    assert scrubber.scrub("编号110105194912310021").text == "编号110105194912310021"


def test_surrogates_are_consistent_and_need_the_key() -> None:
    key = SecretKey(bytes(range(32)))
    surrogate = Scrubber(mode="surrogate", key=key)
    first = surrogate.scrub("患者王明，电话13812345678。患者王明复诊。").text
    assert "王明" not in first and "13812345678" not in first
    names = [first[2:5], first[first.index("。") + 3 : first.index("。") + 6]]
    assert names[0] == names[1]
    assert surrogate.scrub("Dr. Jane Doe").text == surrogate.scrub("Dr. Jane Doe").text != "Dr. Jane Doe"
    with pytest.raises(BadInputError, match="key"):
        Scrubber(mode="surrogate")


def test_findings_carry_no_values(scrubber: Scrubber) -> None:
    result = scrubber.scrub("Patient: John Smith, MRN 00123456")
    assert "Smith" not in repr(result.findings) and "00123456" not in repr(result.findings)


def test_scrub_many_in_parallel_matches_serial(scrubber: Scrubber) -> None:
    texts = [case["text"] for case in CASES] * 7  # above the parallel threshold
    shifts = [index % 7 - 3 for index in range(len(texts))]
    serial = [scrubber.scrub(text, shift) for text, shift in zip(texts, shifts, strict=True)]
    assert scrubber.scrub_many(texts, shifts, processes=2) == serial
    assert scrub_many(texts[:5], shifts[:5], processes=1) == serial[:5]
    with pytest.raises(BadInputError):
        scrubber.scrub_many(texts, shifts[:-1])


def test_synthetic_hospital_reports_keep_no_planted_identifier(tmp_path: Path, scrubber: Scrubber) -> None:
    """Every identifier the synthetic hospital planted in report text is gone; clinical tokens all survive."""
    from bench.bench_scrub import score_synthetic_hospital

    from oncodata.synth import SynthOptions, generate_hospital

    for locale in ("zh", "en"):
        out_dir = tmp_path / locale
        generate_hospital(SynthOptions(25, out_dir, seed=11, locale=locale))
        figures = score_synthetic_hospital(scrubber, out_dir, limit=400)
        assert figures["planted_in_text"] > 50
        assert figures["recall"] == 1.0, figures["recall_by_kind"]
        assert figures["precision"] == 1.0
        assert figures["clinical_tokens"] > 200 and figures["clinical_tokens_damaged"] == 0
