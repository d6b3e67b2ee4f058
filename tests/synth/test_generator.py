"""`oncodata synth` end to end on small runs: determinism, checksums, facts vs truth, defects and identifiers."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from oncodata.synth import SynthOptions, generate_hospital
from oncodata.synth.catalog import load_catalog
from oncodata.synth.identifiers import is_valid_resident_id

PATIENTS = 200


@pytest.fixture(scope="module")
def dirty_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth_dirty")
    generate_hospital(SynthOptions(patients=PATIENTS, out_dir=out, seed=7, dirty_rate=0.05))
    return out


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth_clean")
    generate_hospital(SynthOptions(patients=PATIENTS, out_dir=out, seed=7))
    return out


def _sources() -> dict[str, dict]:
    return {spec["file"]: spec for spec in load_catalog().sources["files"].values()}


def read_records(folder: Path, file_name: str) -> tuple[list[str], list[list[str]]]:
    """Header and data records (record 1 = first after the header) as the file's own encoding reads them."""
    spec = _sources()[file_name]
    if file_name.endswith(".xlsx"):
        sheet = load_workbook(folder / file_name, read_only=True).active
        rows = [
            ["" if v is None else str(v.date() if isinstance(v, dt.datetime) else v) for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        return rows[0], rows[1:]
    with (folder / file_name).open(encoding=spec["encoding"]["zh"], newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_identical_bytes(tmp_path: Path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_hospital(SynthOptions(patients=40, out_dir=first, seed=3, dirty_rate=0.1))
    generate_hospital(SynthOptions(patients=40, out_dir=second, seed=3, dirty_rate=0.1))
    generate_hospital(SynthOptions(patients=40, out_dir=other, seed=4, dirty_rate=0.1))
    assert _digest(first) == _digest(second)
    assert _digest(first)["his_patient_master.csv"] != _digest(other)["his_patient_master.csv"]
    assert "followup_registry.xlsx" in _digest(first)


def test_every_file_is_written_in_its_encoding(clean_run: Path):
    for file_name, spec in _sources().items():
        raw = (clean_run / file_name).read_bytes()
        assert raw, file_name
        if spec["encoding"]["zh"] == "gbk":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            raw.decode("gbk")
        elif spec["encoding"]["zh"] == "utf-8-sig":
            assert raw.startswith(b"\xef\xbb\xbf")


def test_resident_ids_pass_the_gb11643_checksum_and_match_sex_and_birth(clean_run: Path):
    header, rows = read_records(clean_run, "his_patient_master.csv")
    id_col, sex_col = header.index("身份证号"), header.index("性别")
    assert len(rows) == PATIENTS
    for row in rows:
        assert is_valid_resident_id(row[id_col]), row[id_col]
        assert (int(row[id_col][16]) % 2 == 1) == (row[sex_col] == "男")


def _truth(folder: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (folder / "truth" / name).read_text(encoding="utf-8").splitlines()]


def test_distributions_are_within_stated_tolerances(clean_run: Path):
    patients = _truth(clean_run, "patients.jsonl")
    assert len(patients) == PATIENTS
    male = sum(p["sex"] == "M" for p in patients) / PATIENTS
    assert 0.5 <= male <= 0.7  # target 0.60
    stage_iv = sum(p["stage_group"].startswith("IV") for p in patients) / PATIENTS
    assert 0.28 <= stage_iv <= 0.52  # NSCLC 35%, SCLC 67%
    adeno = [p for p in patients if p["histology_group"] == "adeno" and any(b["gene"] == "EGFR" for b in p["biomarkers"])]
    egfr_positive = sum(any(b["gene"] == "EGFR" and b["result"] == "positive" for b in p["biomarkers"]) for p in adeno) / len(
        adeno
    )
    assert 0.33 <= egfr_positive <= 0.62  # target ~0.45-0.50
    groups = Counter(p["histology_group"] for p in patients)
    assert groups["adeno"] / PATIENTS > 0.45 and groups["squamous"] > 0 and groups["small_cell"] > 0
    ages = [(dt.date.fromisoformat(p["diagnosis_date"]) - dt.date.fromisoformat(p["birth_date"])).days / 365.25 for p in patients]
    assert 55 <= sum(ages) / len(ages) <= 68
    dead = [p for p in patients if p["vital_status"] == "dead"]
    early = [p for p in patients if p["stage_group"].startswith("I") and not p["stage_group"].startswith("II")]
    late = [p for p in patients if p["stage_group"].startswith("IV")]
    assert sum(p in dead for p in late) / len(late) > sum(p in dead for p in early) / max(1, len(early))


def test_treatments_are_stage_and_biomarker_appropriate(clean_run: Path):
    for patient in _truth(clean_run, "patients.jsonl"):
        regimens = [t for t in patient["treatments"] if t["type"] == "regimen"]
        surgery = [t for t in patient["treatments"] if t["type"] == "surgery"]
        if surgery:
            assert not patient["stage_group"].startswith("IV") and patient["tnm_prefix"] == "p"
        first_line = [t for t in regimens if t["line_of_therapy"] == 1 and t["setting"] == "metastatic"]
        egfr = {b.get("alteration") for b in patient["biomarkers"] if b["gene"] == "EGFR" and b["result"] == "positive"}
        if first_line and egfr & {"exon 19 deletion", "L858R"}:
            assert first_line[0]["name"] in {
                "osimertinib",
                "almonertinib",
                "furmonertinib",
                "gefitinib",
                "icotinib",
                "erlotinib",
                "afatinib",
            }
        lines = [t["line_of_therapy"] for t in regimens if t["setting"] in ("metastatic", "maintenance")]
        assert lines == sorted(lines)
        if patient["death_date"]:
            assert all(t["start"] <= patient["death_date"] for t in patient["treatments"])
        for earlier, later in zip(patient["progression_dates"], patient["progression_dates"][1:], strict=False):
            assert earlier < later


def test_every_report_states_facts_that_agree_with_truth(clean_run: Path):
    patients = {p["person_key"]: p for p in _truth(clean_run, "patients.jsonl")}
    texts = {}
    for file_name, columns in (("pathology_reports.csv", ("报告内容",)), ("ris_imaging_reports.csv", ("检查所见", "诊断意见"))):
        header, rows = read_records(clean_run, file_name)
        texts[file_name] = [" ".join(row[header.index(c)] for c in columns) for row in rows]
    reports = _truth(clean_run, "reports.jsonl")
    assert len(reports) == len(texts["pathology_reports.csv"]) + len(texts["ris_imaging_reports.csv"])
    for report in reports:
        patient = patients[report["person_key"]]
        text = texts[report["file"]][report["row"] - 1]
        if report["histology_code"]:
            assert report["histology_code"] == patient["histology_code"] and report["histology_text"] in text
        for key in ("t", "n"):
            if report[key]:
                assert report[key] == patient[key] and report[key] in text
        if report["stage_group"]:
            assert report["stage_group"] == patient["stage_group"]
        for key in ("primary_site_text", "primary_size_text"):
            if report[key]:
                assert report[key] in text
        for site in report["metastasis_sites_text"]:
            assert site in text
        if report["kind"] == "pathology" and report["nodes_examined"] is not None:
            assert f"{report['nodes_examined']}" in text and f"{report['nodes_positive']}" in text
            assert (report["nodes_positive"] > 0) == (patient["n"] != "N0")
        if report["tumor_size_mm"] and report["kind"] == "pathology":
            assert report["tumor_size_mm"] == patient["tumor_size_mm"]
        for marker in report["biomarkers"]:
            assert marker["gene"] in text
            assert marker["result"] in ("positive", "negative")
        if report["comparison"] == "larger":
            assert report["report_date"] >= min(patient["progression_dates"] or ["9999"])


def test_defect_list_matches_the_files(dirty_run: Path):
    with (dirty_run / "truth" / "defects.csv").open(encoding="utf-8") as handle:
        defects = list(csv.DictReader(handle))
    assert len(defects) > 100
    assert {d["defect"] for d in defects} >= {
        "missing_field",
        "duplicate_row",
        "impossible_date",
        "invalid_code",
        "typo",
        "wrong_unit",
        "truncated_line",
    }
    cache: dict[str, tuple[list[str], list[list[str]]]] = {}
    for defect in defects:
        if defect["file"] not in cache:
            cache[defect["file"]] = read_records(dirty_run, defect["file"])
        header, rows = cache[defect["file"]]
        keys = [c[0] for c in _sources()[defect["file"]]["columns"]]
        row = rows[int(defect["row"]) - 1]
        kind = defect["defect"]
        if kind == "duplicate_row":
            assert row == rows[int(defect["row"]) - 2]
            continue
        column = keys.index(defect["field"])
        if kind == "truncated_line":
            assert len(row) == column + 1 and len(row) < len(header)
        elif kind == "missing_field":
            assert row[column] == ""
        elif kind == "impossible_date":
            year, month, day = (int(x) for x in row[column][:10].split("-"))
            with pytest.raises(ValueError):
                dt.date(year, month, day)
        elif kind == "invalid_code":
            assert row[column] in load_catalog().diagnoses["invalid_codes"]
        elif kind == "conflicting_record":
            previous = rows[int(defect["row"]) - 2]
            assert previous[0] == row[0] and previous[column] != row[column]
        elif kind in ("typo", "wrong_unit"):
            assert f"(was {row[column]})" not in defect["detail"]


def test_every_planted_identifier_is_where_truth_says(dirty_run: Path):
    with (dirty_run / "truth" / "identifiers.csv").open(encoding="utf-8") as handle:
        planted = list(csv.DictReader(handle))
    kinds = {p["kind"] for p in planted}
    assert kinds >= {"name", "id_number", "phone", "address", "mrn", "pathology_no", "staff_name", "birth_date"}
    cache: dict[str, tuple[list[str], list[list[str]]]] = {}
    for item in planted:
        if item["file"] not in cache:
            cache[item["file"]] = read_records(dirty_run, item["file"])
        _, rows = cache[item["file"]]
        keys = [c[0] for c in _sources()[item["file"]]["columns"]]
        column = keys.index(item["field"])
        for number in range(int(item["row_first"]), int(item["row_last"]) + 1):
            value = item["value"] if item["kind"] != "birth_date" else item["value"][:4]
            assert value in rows[number - 1][column], (item, rows[number - 1][column])
    # Free-text names are listed too, so a privacy scan of notes can be scored.
    assert any(p["field"] == "report_text" and p["kind"] == "name" for p in planted)


def test_english_locale_has_english_headers_and_reports(tmp_path: Path):
    generate_hospital(SynthOptions(patients=30, out_dir=tmp_path, seed=1, locale="en"))
    header = (tmp_path / "his_patient_master.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("MRN,Name,Sex")
    reports = [json.loads(line) for line in (tmp_path / "truth" / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reports and all(r["language"] == "en" for r in reports)


def test_cli_writes_json_summary_and_rejects_bad_input(tmp_path: Path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ONCODATA_")}
    command = [sys.executable, "-m", "oncodata", "synth", "--patients", "12", "--out", str(tmp_path / "o"), "--json"]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["patients"] == 12 and summary["files"]["his_patient_master.csv"]["rows"] == 12
    assert result.stderr == ""
    bad = subprocess.run(
        [*command[:-1], "--locale", "fr"], capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=120
    )
    assert bad.returncode == 2 and bad.stderr.strip() == "error: --locale must be one of zh, en (got 'fr')"
