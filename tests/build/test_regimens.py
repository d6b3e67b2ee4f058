"""Regimen grouping and line-of-therapy numbering on hand-made exposure histories."""

from __future__ import annotations

import datetime as dt

from oncodata.build.episodes import detect_regimens, number_lines, progression_dates

D0 = dt.date(2021, 1, 4)


def day(offset: int) -> dt.date:
    return D0 + dt.timedelta(days=offset)


def cycles(
    agents: list[str], first: int, count: int, every: int = 21, start_id: int = 0
) -> list[tuple[dt.date, dt.date, str, int]]:
    rows = []
    for cycle in range(count):
        for number, agent in enumerate(agents):
            rows.append((day(first + cycle * every), day(first + cycle * every), agent, start_id + cycle * 10 + number))
    return rows


def test_induction_then_maintenance_is_one_line_two_regimens():
    exposures = cycles(["carboplatin", "pemetrexed", "pembrolizumab"], 0, 4) + cycles(
        ["pemetrexed", "pembrolizumab"], 84, 6, start_id=100
    )
    regimens = detect_regimens(exposures)
    number_lines(regimens, "IVA", None)
    assert [(sorted(r.names), r.line, r.maintenance) for r in regimens] == [
        (["carboplatin", "pembrolizumab", "pemetrexed"], 1, False),
        (["pembrolizumab", "pemetrexed"], 1, True),
    ]


def test_platinum_substitution_does_not_start_a_line():
    exposures = cycles(["cisplatin", "pemetrexed"], 0, 2) + cycles(["carboplatin", "pemetrexed"], 42, 2, start_id=50)
    regimens = detect_regimens(exposures)
    assert len(regimens) == 1 and regimens[0].names == {"cisplatin", "carboplatin", "pemetrexed"}


def test_new_agent_after_progression_is_the_next_line():
    exposures = cycles(["osimertinib"], 0, 10, every=30) + cycles(["carboplatin", "pemetrexed"], 300, 4, start_id=200)
    progression = [day(290)]
    regimens = detect_regimens(exposures, progression)
    number_lines(regimens, "IVB", progression[0])
    assert [(sorted(r.names), r.line) for r in regimens] == [(["osimertinib"], 1), (["carboplatin", "pemetrexed"], 2)]


def test_adjuvant_chemotherapy_is_line_zero_and_later_treatment_line_one():
    exposures = cycles(["cisplatin", "vinorelbine"], 30, 4) + cycles(["docetaxel"], 500, 4, start_id=300)
    regimens = detect_regimens(exposures)
    number_lines(regimens, None, day(480), [(day(0), day(0), "surgery", 0)])
    assert [r.line for r in regimens] == [0, 1]


def test_restart_after_long_gap_is_a_new_regimen():
    exposures = cycles(["gemcitabine", "cisplatin"], 0, 4) + cycles(["gemcitabine", "cisplatin"], 400, 2, start_id=400)
    regimens = detect_regimens(exposures)
    number_lines(regimens, "IV", None)
    assert [r.line for r in regimens] == [1, 2]


def test_progression_reports_close_together_are_one_event():
    reports = [(day(100), "larger", None, None, None), (day(105), None, "progression", None, None),
               (day(200), "new lesions", None, None, None), (day(50), "stable", None, None, None)]  # fmt: skip
    assert progression_dates(reports, day(0)) == [day(100), day(200)]


def test_new_lesions_are_progression_though_the_primary_shrank():
    reports = [(day(100), "smaller", None, None, True), (day(200), "smaller", None, None, False)]
    assert progression_dates(reports, day(0)) == [day(100)]


def test_a_new_metastatic_site_after_resection_is_progression():
    reports = [
        (day(-5), None, None, None, None),
        (day(300), None, None, "肝", None),
        (day(320), None, None, "肝", None),
        (day(500), None, None, "肝|脑", None),
    ]
    assert progression_dates(reports, day(0)) == [day(300), day(500)]


def test_metastases_found_during_staging_are_not_progression():
    reports = [(day(10), None, None, "骨", None), (day(90), "stable", None, "骨", None)]
    assert progression_dates(reports, day(0)) == []
