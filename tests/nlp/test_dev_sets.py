"""Smoke checks against the open dev sets (skipped when ../shared/data is absent); full figures come from bench."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from oncodata.nlp import extract_report
from oncodata.nlp.evaluate import AxisScore, Counts, normalize_span, split_labels


def test_tcga_t_accuracy_on_a_sample(shared_data: Path):
    frame = pl.read_csv(shared_data / "tcga_pathology_reports_dev.csv", infer_schema_length=0).head(120)
    score = AxisScore()
    for row in frame.iter_rows(named=True):
        score.add(extract_report(row["text"], kind="pathology", lang="en").t, row["pT"])
    assert score.scores()["accuracy_on_covered"] >= 0.9


def test_yidu_metastasis_f1_on_a_sample(shared_data: Path):
    frame = pl.read_csv(shared_data / "yidu_s4k_imaging_reports_train.csv", infer_schema_length=0).head(150)
    counts = Counts()
    for row in frame.iter_rows(named=True):
        facts = extract_report(row["text"], kind="imaging", lang="zh")
        counts.add([normalize_span(s) for s in facts.metastasis_sites_text], split_labels(row["metastasis_sites"]))
    assert counts.scores()["f1"] >= 0.5


def test_tcga_primary_site_organ_matches_the_project_on_a_sample(shared_data: Path):
    from bench.bench_nlp import tcga_site_agreement

    frame = pl.read_csv(shared_data / "tcga_pathology_reports_dev.csv", infer_schema_length=0).head(150)
    assert tcga_site_agreement(frame)["all"]["organ_agrees_with_project"] >= 0.9
