"""Imaging report text (chest CT, PET-CT, brain MRI, bone scan; Chinese or English) and the facts it states."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from oncodata.synth.catalog import Catalog
from oncodata.synth.course import Assessment
from oncodata.synth.disease import Tumor
from oncodata.synth.report_facts import empty_facts, size_text

# Which metastasis sites each modality can show.
VISIBLE_SITES = {
    "CT": ("liver", "adrenal", "pleura", "contralateral_lung", "bone"),
    "PET-CT": ("brain", "bone", "liver", "adrenal", "pleura", "contralateral_lung"),
    "MRI": ("brain",),
    "BONE": ("bone",),
}
NEGATED_CHECKS = {"CT": ("liver", "adrenal"), "PET-CT": ("liver", "adrenal", "bone"), "MRI": (), "BONE": ()}


@dataclass(frozen=True)
class ImagingReport:
    modality: str
    exam_name: str
    findings: str
    impression: str
    facts: dict[str, Any]


def render_imaging_report(
    rng: random.Random,
    catalog: Catalog,
    tumor: Tumor,
    modality: str,
    assessment: Assessment,
    previous: Assessment | None,
    lang: str,
) -> ImagingReport:
    """Findings and impression for one exam at one assessment; facts hold only what is stated definitely."""
    phrases = catalog.imaging_phrases[lang]
    facts = empty_facts()
    entry = catalog.diagnoses["primary"][tumor.site_key]
    site = entry["site_zh"] if lang == "zh" else entry["site_en"]
    findings: list[str] = [phrases["technique"][modality]]
    impression: list[str] = []
    if modality in ("CT", "PET-CT"):
        if assessment.primary_size_mm is None:
            findings.append(rng.choice(phrases["postop"]).format(site=site))
            # Every post-operative template names the resected site: the primary's site as written.
            facts["primary_site_text"] = site
            if not assessment.new_sites and assessment.purpose != "progression":
                # (no comparison fact: "肺癌术后改变，较前稳定" speaks of the operated bed, and a resected primary has no
                # change of its own, as the extractor and the hand-written truth conventions read it)
                impression.append(rng.choice(phrases["impression_postop"]).format(site=site))
        else:
            size = assessment.primary_size_mm
            # (the second dimension never exceeds the first, the largest, which the truth records: a 2 mm lesion is no
            # "0.2×0.3cm")
            dims = (size, min(size, max(3, int(size * rng.uniform(0.6, 0.9)))))
            written = size_text(dims, lang, rng.randrange(3))
            if previous is not None and previous.primary_size_mm and assessment.change and modality == "CT":
                prev_dims = (
                    previous.primary_size_mm,
                    min(previous.primary_size_mm, max(3, int(previous.primary_size_mm * 0.75))),
                )
                previous_text = size_text(prev_dims, lang, 1)
                change_word = phrases["change_words"][assessment.change]
                findings.append(
                    rng.choice(phrases["primary_compare"]).format(
                        site=site,
                        change=change_word,
                        size_text=written,
                        previous_text=previous_text,
                        previous_date=_date(previous.date, lang),
                    )
                )
                impression.append(rng.choice(phrases["impression_compare"][assessment.change]).format(site=site))
                facts["comparison"] = assessment.change
            else:
                template = phrases["primary_pet"] if modality == "PET-CT" else phrases["primary"]
                findings.append(rng.choice(template).format(site=site, size_text=written, suv=f"{rng.uniform(4, 18):.1f}"))
                impression.append(rng.choice(phrases["impression_primary"]).format(site=site))
            facts["primary_site_text"] = site
            facts["primary_size_text"] = written
            facts["tumor_size_mm"] = size
        if tumor.n != "N0" and assessment.purpose == "baseline":
            hilum = "右" if tumor.laterality == "R" else "左"
            findings.append(
                rng.choice(phrases["nodes_positive"]).format(
                    hilum=hilum, hilum_en="right" if hilum == "右" else "left", node_mm=rng.randint(11, 30)
                )
            )
        elif assessment.purpose in ("baseline", "surveillance"):
            findings.append(rng.choice(phrases["nodes_negative"]))
    visible = VISIBLE_SITES[modality]
    stated_sites: list[str] = []
    # What the text states as metastasis sites: the impression's words plus the organ a finding names
    # ("右侧颞叶…符合脑转移瘤" states 右侧颞叶 and 脑), as CCKS annotators list both.
    truth_sites: list[str] = []
    for key in assessment.known_sites:
        if key not in visible:
            continue
        word = _site_word(rng, phrases, modality, key)
        is_new = key in assessment.new_sites
        if modality == "MRI":
            lobe = rng.choice(phrases["brain_lobes"])
            template = rng.choice(phrases["mri_positive"])
            findings.append(template.format(lobe=lobe, count=rng.randint(1, 4), size_mm=rng.randint(5, 25)))
            word = lobe if "{lobe}" in template else ("脑" if lang == "zh" else "brain")
            truth_sites.extend(w for w in (word, phrases["organ_words"]["brain"]) if w not in truth_sites)
        elif modality == "BONE":
            bone_site = rng.choice(phrases["bone_sites"])
            template = rng.choice(phrases["bone_positive"])
            findings.append(template.format(bone_site=bone_site))
            word = bone_site if "{bone_site}" in template else ("骨" if lang == "zh" else "bones")
            organ = phrases["organ_words"]["bone"] if "{bone_site}" in template else word
            truth_sites.extend(w for w in (word, organ) if w not in truth_sites)
        else:
            template = phrases["met_new" if is_new else "met_definite"]
            findings.append(rng.choice(template).format(site_word=word))
            truth_sites.append(word)
            if is_new and facts["comparison"] is None:
                facts["comparison"] = "new"
        stated_sites.append(word)
    hedged_site = None
    if modality in ("CT", "PET-CT") and rng.random() < 0.12:
        candidates = [k for k in ("liver", "adrenal") if k not in assessment.known_sites]
        hedged_site = rng.choice(candidates) if candidates else None
    for key in NEGATED_CHECKS[modality]:
        if key not in assessment.known_sites and key != hedged_site:
            word = _site_word(rng, phrases, modality, key)
            findings.append(rng.choice(phrases["met_negated"]).format(site_word=word))
    if modality == "MRI" and "brain" not in assessment.known_sites:
        findings.append(rng.choice(phrases["mri_negative"]))
    if modality == "BONE" and "bone" not in assessment.known_sites:
        findings.append(rng.choice(phrases["bone_negative"]))
    if hedged_site is not None:
        # An indeterminate finding that is not a metastasis: hedged, so never a fact.
        findings.append(rng.choice(phrases["met_hedged"]).format(site_word=_site_word(rng, phrases, modality, hedged_site)))
    if stated_sites:
        joined = "、".join(stated_sites) if lang == "zh" else ", ".join(stated_sites)
        impression.append(f"{joined}转移。" if lang == "zh" else f"Metastases: {joined}.")
    # Structured lung-cancer CT/PET-CT reports at staging carry the clinical TNM (the MDT's cTNM) in the impression.
    if assessment.purpose == "baseline" and modality in ("CT", "PET-CT") and assessment.primary_size_mm:
        tnm = f"c{tumor.t}{tumor.n}{tumor.m}"
        impression.append(rng.choice(phrases["impression_stage"]).format(tnm=tnm))
        facts.update(t=tumor.t, n=tumor.n, m=tumor.m, tnm_prefix="c")
    if not impression:
        impression.append("未见明确异常。" if lang == "zh" else "No acute abnormality.")
    facts["metastasis_sites_text"] = truth_sites
    title = rng.choice(phrases["impression_title"])
    numbered = [f"{i}. {line}" for i, line in enumerate(impression, start=1)] if len(impression) > 1 else impression
    return ImagingReport(
        modality=modality,
        exam_name=phrases["exam_names"][modality],
        findings=("\n" if rng.random() < 0.5 else "").join(findings),
        impression=title + "\n" + "\n".join(numbered),
        facts=facts,
    )


def _site_word(rng: random.Random, phrases: dict[str, Any], modality: str, key: str) -> str:
    words = phrases["site_words"][key]
    if key == "bone" and modality == "CT":
        return words[-1]
    return rng.choice(words)


def _date(day: dt.date, lang: str) -> str:
    return f"{day.year}-{day.month:02d}-{day.day:02d}" if lang == "en" else f"{day.year}年{day.month}月{day.day}日"
