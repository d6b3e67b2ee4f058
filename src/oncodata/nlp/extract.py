"""Public entry points: structure one report (`extract_report`) or many, in order, on several cores."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from oncodata.nlp.banners import blank_page_banners
from oncodata.nlp.facts import ReportFacts
from oncodata.nlp.imaging import extract_imaging
from oncodata.nlp.language import detect_language
from oncodata.nlp.leaders import open_dot_leaders
from oncodata.nlp.linewrap import join_wrapped_words, join_wrapped_words_zh, restore_offsets
from oncodata.nlp.ocr import close_split_decimals, repair_digit_letters, repair_letter_numbers, repair_rn_for_m
from oncodata.nlp.pathology import extract_pathology
from oncodata.nlp.tables import unflatten_table_rows
from oncodata.nlp.typos import mend_typing_slips

# Full-width digits, Latin letters and the signs that go with numbers ("２．５cm", "０/３", "ＴＰＳ＜１％", "（＋）") read
# as their ASCII forms, one character for one so offsets hold; the full-width Chinese punctuation the rules read
# (，：；（）) stays.
FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "．": ".",
        "／": "/",
        "％": "%",
        "＋": "+",
        "－": "-",
        "＜": "<",
        "＞": ">",
        "＝": "=",
        "｜": "|",  # a full-width table rule
    }
)
# Punctuation a speech recogniser wrote out as words ("… 2.4 x 2.0 cm period the left hilar node …", "comma"), read as
# the mark it stands for, padded to the word's length so offsets hold; only in a report that does it more than once,
# and never "a period of" or "the follow-up period".
DICTATED_MARK = re.compile(
    r"(?<=[a-z0-9%)]) (?:period|comma)\b(?!\s+(?:of|in|to|for)\b)(?<!\ba period)(?<!\bthe period)(?<!\bthis period)",
    re.IGNORECASE,
)
FULL_WIDTH_CHARACTER = re.compile("[０-９Ａ-Ｚａ-ｚ．／％＋－＜＞＝｜]")
KINDS = ("pathology", "imaging", "auto")
LANGUAGES = ("zh", "en", "auto")
IMAGING_CUES = re.compile(
    r"\bCT\b|\bMRI?\b|PET|X-?ray|ultrasound|impression|enhancement|扫描|平扫|增强|影像|密度影|强化|信号|显像|胸腔积液|纵隔窗|肺窗|低密度|高密度|结节影|肿大淋巴结|术后改变|较前|印象|肿块|占位|\bmass\b|lesions?\b|consistent\s+with"
    r"|超声|回声|CDFI|切面|骨窗|SUV|放射性|摄取|结合临床|随访|复查|射血分数|内径|[返反]流|骨扫描|骨显像|核素"
    r"|bone\s+scan|scintigra\w*|tracer|uptake|technique",
    re.IGNORECASE,
)
PATHOLOGY_CUES = re.compile(
    r"specimen|gross\s+description|microscop\w*|macroscop\w*|margins?|lymph\s+nodes?\s*\(|carcinoma|pT\d|immunohisto|histolog\w*"
    r"|formal(?:in|dehyde)|resection|biopsy|excision|\w+ectomy\b|cyto(?:logy|logic|patholog\w*)|cell\s+block|pathologist"
    r"|\bFNA\b|TTF-1|napsin|\bp40\b|病理|镜下|切缘|免疫组化|送检|大体",
    re.IGNORECASE,
)


def detect_kind(text: str) -> str:
    """'imaging' or 'pathology', by which report wording dominates.

    >>> detect_kind("胸部CT平扫+增强：右肺上叶见结节影"), detect_kind("Specimen: right upper lobe. Margins negative.")
    ('imaging', 'pathology')
    >>> detect_kind("TECHNIQUE: 99mTc-MDP whole-body bone scan. No abnormal tracer uptake."), detect_kind("超声心动图：射血分数70%")
    ('imaging', 'imaging')
    >>> detect_kind("Macroscopy: adrenal mass on CT, consistent with adenoma. Histologic type: adrenocortical carcinoma.")
    'pathology'
    >>> detect_kind("CYTOPATHOLOGY REPORT. EBUS-guided FNA of a lung mass seen on PET-CT. Cell block: TTF-1 positive.")
    'pathology'
    """
    sample = text[:3000]
    imaging = len(IMAGING_CUES.findall(sample))
    pathology = len(PATHOLOGY_CUES.findall(sample))
    return "imaging" if imaging > pathology else "pathology"


def extract_report(text: str | None, kind: str = "auto", lang: str = "auto") -> ReportFacts:
    """Structure one report; values the text does not state stay None.

    >>> facts = extract_report("DIAGNOSIS: Adenocarcinoma, pT2a pN0.", kind="pathology")
    >>> facts.t, facts.n, facts.histology_code
    ('T2a', 'N0', '8140/3')
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}")
    text = text or ""
    language = detect_language(text) if lang == "auto" else lang
    if not text.strip():
        return ReportFacts(kind="pathology" if kind == "auto" else kind, language=language)
    resolved = detect_kind(text) if kind == "auto" else kind
    joined, mapping = join_wrapped_words(text) if language == "en" else join_wrapped_words_zh(text)
    if language == "en":
        joined, repaired = repair_rn_for_m(joined)
        if repaired is not None:
            mapping = repaired if mapping is None else [mapping[at] for at in repaired]
    opened = unflatten_table_rows(open_dot_leaders(blank_page_banners(joined) if language == "en" else joined))
    if FULL_WIDTH_CHARACTER.search(opened):
        opened = opened.translate(FULL_WIDTH)
    if language == "en" and " period" in opened and len(DICTATED_MARK.findall(opened)) > 1:
        opened = DICTATED_MARK.sub(_dictated_mark, opened)
    if language == "en":
        opened = close_split_decimals(repair_letter_numbers(repair_digit_letters(opened)))
    opened = mend_typing_slips(opened, language)
    written = joined
    if opened != joined:  # (a repair pass may hand back an equal copy: then there is nothing to map back)
        # Same length: the spans read back from the original text show what it wrote (its dots, its OCR'd "L0BE"),
        # not what was read in their place.
        joined, mapping = opened, mapping or list(range(len(text) + 1))
    facts = extract_imaging(joined, language) if resolved == "imaging" else extract_pathology(joined, language)
    if written is not joined:
        _text_as_written(facts, joined, written)
    return restore_offsets(facts, text, mapping) if mapping is not None else facts


def _dictated_mark(match: re.Match[str]) -> str:
    mark = "." if match.group(0).strip().lower() == "period" else ","
    return mark + " " * (len(match.group(0)) - 1)


def _text_as_written(facts: ReportFacts, read: str, written: str) -> None:
    """Put the text fields back as the report wrote them ("l.7 CM", not the "1.7 CM" read), from the same offsets of
    the text before its same-length repairs."""

    def original(value: str) -> str:
        at = read.find(value)
        return written[at : at + len(value)] if at >= 0 else value

    for name in ("histology_text", "primary_site_text", "primary_size_text"):
        value = getattr(facts, name)
        if value:
            setattr(facts, name, original(value))
    facts.metastasis_sites_text = [original(site) for site in facts.metastasis_sites_text]
    facts.metastasis_sites_suspected_text = [original(site) for site in facts.metastasis_sites_suspected_text]


def _extract_records(args: tuple[list[str | None], str, str]) -> list[dict[str, Any]]:
    texts, kind, lang = args
    return [extract_report(t, kind, lang).to_record() for t in texts]


def extract_records(
    texts: Iterable[str | None], kind: str = "auto", lang: str = "auto", workers: int | None = None, chunk: int = 200
) -> Iterator[dict[str, Any]]:
    """Output records for many reports, in input order; large batches use several processes."""
    batch = list(texts)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or len(batch) < 2 * chunk:
        for text in batch:
            yield extract_report(text, kind, lang).to_record()
        return
    chunks = [(batch[i : i + chunk], kind, lang) for i in range(0, len(batch), chunk)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for records in pool.map(_extract_records, chunks):
            yield from records
