"""Pathology report text (biopsy, resection, molecular; Chinese or English; synoptic or narrative) and its facts."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from oncodata.synth.catalog import Catalog
from oncodata.synth.disease import Biomarker, Tumor, node_stations
from oncodata.synth.report_facts import empty_facts, size_text

ALL_GENES = ("EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET")
FUSION_GENES = ("ALK", "ROS1", "RET")


@dataclass(frozen=True)
class ReportHeader:
    """Identifying header values the report text may carry (each is planted and listed in truth)."""

    hospital: str
    pathology_no: str
    name: str
    sex: str
    age: int
    mrn: str
    inpatient_no: str
    doctor: str
    reviewer: str


@dataclass(frozen=True)
class PathologyReport:
    text: str
    specimen: str
    facts: dict[str, Any]
    identifiers_in_text: list[tuple[str, str]]  # (kind, value)


def _site(catalog: Catalog, tumor: Tumor, lang: str) -> str:
    entry = catalog.diagnoses["primary"][tumor.site_key]
    return entry["site_zh"] if lang == "zh" else entry["site_en"]


def _header(rng: random.Random, phrases: dict[str, Any], header: ReportHeader) -> tuple[str, list[tuple[str, str]]]:
    template = rng.choice(phrases["header"])
    text = template.format(**header.__dict__)
    planted = [("pathology_no", header.pathology_no)]
    if "{name}" in template:
        planted.append(("name", header.name))
    if "{mrn}" in template:
        planted.append(("mrn", header.mrn))
    if "{inpatient_no}" in template:
        planted.append(("inpatient_no", header.inpatient_no))
    return text, planted


def _signature(rng: random.Random, phrases: dict[str, Any], header: ReportHeader) -> tuple[str, list[tuple[str, str]]]:
    template = rng.choice(phrases["signature"])
    planted = [("staff_name", header.doctor)]
    if "{reviewer}" in template:
        planted.append(("staff_name", header.reviewer))
    return template.format(doctor=header.doctor, reviewer=header.reviewer), planted


def _ihc_items(
    rng: random.Random, phrases: dict[str, Any], tumor: Tumor, lang: str, with_alk: bool
) -> tuple[str, list[Biomarker]]:
    items = [f"{marker}({'+' if positive else '-'})" for marker, positive in tumor.ihc.items()]
    stated: list[Biomarker] = []
    if with_alk:
        positive = tumor.driver == "ALK"
        sign = "(+)" if positive else "(-)"
        items.append(rng.choice(phrases["alk_ihc"]).format(sign=sign, sign_en="positive" if positive else "negative"))
        stated.append(Biomarker("ALK", None, "positive" if positive else "negative"))
    items.append(phrases["ki67"].format(value=tumor.ki67))
    stated.append(Biomarker("Ki-67", None, "positive", float(tumor.ki67)))
    joined = phrases["ihc_join"].join(items)
    return rng.choice(phrases["ihc"]).format(items=joined), stated


def _pdl1(rng: random.Random, phrases: dict[str, Any], tumor: Tumor) -> tuple[str, Biomarker]:
    tps = tumor.pdl1_tps or 0.0
    if tps < 1:
        text = rng.choice(phrases["pdl1_below_one"]).format(clone=tumor.pdl1_clone)
    else:
        text = rng.choice(phrases["pdl1"]).format(clone=tumor.pdl1_clone, value=int(tps))
    # "TPS<1%" states a bound, not a value: the report fact is negative with no number (the patient truth keeps the TPS).
    return text, Biomarker("PD-L1", None, "positive" if tps >= 1 else "negative", tps if tps >= 1 else None)


def render_histology_report(
    rng: random.Random, catalog: Catalog, tumor: Tumor, header: ReportHeader, lang: str, resection: bool, ngs_panel: bool
) -> PathologyReport:
    """A biopsy or resection report: specimen, gross, microscopy, diagnosis, IHC, PD-L1 and (resection) staging."""
    phrases = catalog.pathology_phrases[lang]
    facts = empty_facts()
    site = _site(catalog, tumor, lang)
    parts: list[str] = []
    header_text, planted = _header(rng, phrases, header)
    parts.append(header_text)
    stations = node_stations(rng, tumor) if resection else []
    station_names = "、".join(s for s, _, _ in stations) if lang == "zh" else ", ".join(s for s, _, _ in stations)
    specimen_template = rng.choice(phrases["specimen_resection" if resection else "specimen_biopsy"])
    specimen = specimen_template.format(site=site, stations=station_names)
    parts.append(("标本：" if lang == "zh" else "SPECIMEN: ") + specimen)
    largest = tumor.size_mm  # (the other dimensions never exceed it: the truth records it as the largest)
    dims = (
        largest,
        min(largest, max(3, int(largest * rng.uniform(0.6, 0.9)))),
        min(largest, max(2, int(largest * rng.uniform(0.4, 0.7)))),
    )
    written_size = size_text(dims, lang, rng.randrange(2))
    if resection:
        lobe_size = (
            f"{rng.randint(12, 20)}×{rng.randint(8, 12)}×{rng.randint(3, 6)}"
            if lang == "zh"
            else f"{rng.randint(12, 20)} x 10 x 4"
        )
        gross = rng.choice(phrases["gross_resection"]).format(
            site=site, lobe_size=lobe_size, distance=f"{rng.uniform(0.5, 4):.1f}", size_text=written_size
        )
    else:
        gross = rng.choice(phrases["gross_biopsy"]).format(count=rng.randint(2, 5), length=f"{rng.uniform(0.5, 1.8):.1f}")
    narrative = rng.random() < 0.5
    if narrative or not resection:
        parts.append(gross)
        parts.append(rng.choice(phrases["microscopic"][tumor.histology_group]))
    histology = tumor.histology_zh if lang == "zh" else tumor.histology_en
    hedged = not resection and rng.random() < 0.04
    if hedged:
        parts.append(rng.choice(phrases["diagnosis_hedged"]).format(site=site, histology=histology))
    else:
        diagnosis = rng.choice(phrases["diagnosis_definite"]).format(site=site, histology=histology)
        if tumor.grade and rng.random() < 0.6:
            grade_word = rng.choice(phrases["grade"][tumor.grade])
            diagnosis = diagnosis.rstrip("。.") + ("，" if lang == "zh" else ", ") + grade_word + ("。" if lang == "zh" else ".")
            facts["grade"] = tumor.grade
        parts.append(("病理诊断：" if lang == "zh" and not diagnosis.startswith("DIAG") else "") + diagnosis)
        facts["histology_code"] = tumor.histology_code
        facts["histology_text"] = histology
        facts["primary_site_text"] = site
    if resection:
        findings = []
        size_phrase = rng.choice(phrases["size"])
        size_cm = f"{tumor.size_mm / 10:.1f}"
        findings.append(size_phrase.format(size_text=written_size, size_cm=size_cm))
        # The span the diagnosis section states (the gross description may repeat it).
        facts["primary_size_text"] = written_size if "{size_text}" in size_phrase else size_cm + ("cm" if lang == "zh" else " cm")
        facts["tumor_size_mm"] = tumor.size_mm
        findings.append(rng.choice(phrases["pleura_positive" if tumor.visceral_pleural_invasion else "pleura_negative"]))
        if tumor.lymphovascular_invasion:
            findings.append(rng.choice(phrases["lvi_positive"]))
        else:
            findings.append(rng.choice(phrases["lvi_negative" if rng.random() < 0.9 else "lvi_hedged"]))
        if tumor.histology_group == "adeno" and rng.random() < 0.5:
            findings.append(rng.choice(phrases["stas"]))
        findings.append(rng.choice(phrases["margin_negative"]))
        positive = sum(p for _, p, _ in stations)
        examined = sum(e for _, _, e in stations)
        station_text = phrases["station_join"].join(
            phrases["station"].format(station=s, positive=p, examined=e) for s, p, e in stations
        )
        node_template = rng.choice(phrases["nodes_positive" if positive else "nodes_negative"])
        findings.append(node_template.format(positive=positive, examined=examined, stations=station_text))
        facts["nodes_positive"], facts["nodes_examined"] = positive, examined
        with_m = rng.random() < 0.3
        tnm = f"p{tumor.t}{tumor.n}" + ("M0" if with_m else "")
        if lang == "en":
            tnm = f"p{tumor.t} p{tumor.n}" + (" cM0" if with_m else "") if rng.random() < 0.5 else tnm
        stage_template = rng.choice(phrases["ptnm"])
        findings.append(stage_template.format(tnm=tnm, stage=tumor.stage))
        facts.update(t=tumor.t, n=tumor.n, tnm_prefix="p", m="M0" if with_m else None)
        if "{stage}" in stage_template:
            facts["stage_group"] = tumor.stage
        separator = "；" if lang == "zh" else ". "
        if narrative:
            parts.append(separator.join(findings) + ("。" if lang == "zh" else "."))
        else:
            parts.extend(findings)
    ihc_text, ihc_markers = _ihc_items(rng, phrases, tumor, lang, with_alk=not ngs_panel and tumor.egfr_tested)
    parts.append(ihc_text)
    biomarkers = list(ihc_markers)
    if tumor.pdl1_tps is not None:
        pdl1_text, pdl1_marker = _pdl1(rng, phrases, tumor)
        parts.append(pdl1_text)
        biomarkers.append(pdl1_marker)
    facts["biomarkers"] = [b.as_dict() for b in biomarkers]
    signature, signed = _signature(rng, phrases, header)
    parts.append(signature)
    return PathologyReport("\n".join(parts), specimen, facts, planted + signed)


def molecular_results(tumor: Tumor, ngs_panel: bool) -> list[Biomarker]:
    """Results a molecular report states: the NGS panel genes, or EGFR alone by ARMS-PCR."""
    genes = ALL_GENES if ngs_panel else ("EGFR",)
    return [
        Biomarker(g, tumor.driver_alteration, "positive") if g == tumor.driver else Biomarker(g, None, "negative") for g in genes
    ]


def render_molecular_report(
    rng: random.Random, catalog: Catalog, results: list[Biomarker], header: ReportHeader, lang: str, ngs_panel: bool, partner: str
) -> PathologyReport:
    """A molecular pathology report (ARMS-PCR for EGFR, or an NGS panel) listing positive and negative genes."""
    phrases = catalog.pathology_phrases[lang]
    methods = phrases["methods"]
    method = methods[0] if not ngs_panel else rng.choice(methods[1:3])
    parts = []
    header_text, planted = _header(rng, phrases, header)
    parts.append(header_text)
    parts.append(rng.choice(phrases["molecular_title"]).format(method=method))
    lines = []
    for marker in results:
        if marker.result == "positive":
            if marker.gene in FUSION_GENES:
                lines.append(rng.choice(phrases["fusion_positive"]).format(gene=marker.gene, partner=partner))
            else:
                alteration_zh = phrases.get("alteration_zh", {}).get(marker.alteration, marker.alteration)
                lines.append(
                    rng.choice(phrases["molecular_positive"]).format(
                        gene=marker.gene,
                        alteration=marker.alteration,
                        alteration_zh=alteration_zh,
                        vaf=f"{rng.uniform(3, 45):.1f}",
                    )
                )
        elif marker.gene in FUSION_GENES:
            lines.append(rng.choice(phrases["fusion_negative"]).format(gene=marker.gene))
        else:
            lines.append(rng.choice(phrases["molecular_negative"]).format(gene=marker.gene))
    parts.append(("；" if lang == "zh" else "; ").join(lines) + ("。" if lang == "zh" else "."))
    signature, signed = _signature(rng, phrases, header)
    parts.append(signature)
    facts = empty_facts()
    facts["biomarkers"] = [m.as_dict() for m in results]
    specimen = "组织/血浆基因检测" if lang == "zh" else "tissue/plasma genotyping"
    return PathologyReport("\n".join(parts), specimen, facts, planted + signed)
