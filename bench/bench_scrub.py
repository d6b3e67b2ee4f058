"""Scrubber evaluation: recall, precision and MB/s on hand-written and synthetic notes, beside Presidio's pattern recognizers."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import json
import random
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import timed, write_result
from oncodata.privacy.scrub import Scrubber
from oncodata.synth import SynthOptions, generate_hospital

ROOT = Path(__file__).resolve().parents[1]
HAND_WRITTEN_DIR = ROOT / "tests" / "data" / "privacy"
SYNTHETIC_PATIENTS = 500
SEED = 20240601

ZH_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢"
ZH_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红志文辉玲亮飞鹏宇欣怡晨浩然子涵雪梅海燕"
EN_FIRST = ["James", "Mary", "Robert", "Patricia", "Michael", "Linda", "David", "Susan", "Wei", "Mei", "Carlos", "Aisha"]
EN_LAST = ["Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Nguyen", "Chen", "Okafor", "Schmidt", "Rossi"]
PROVINCE_CITY = [
    ("浙江省", "杭州市", "西湖区"),
    ("广东省", "广州市", "天河区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("四川省", "成都市", "武侯区"),
]
ROADS = ["文三路", "中山路", "人民路", "解放大道", "建设街", "延安西路"]
EN_STREETS = ["Oak Street", "Maple Avenue", "Pine Road", "Cedar Lane", "Lakeview Drive", "Elm Court"]
CLINICAL_ZH = [
    "术后病理：浸润性腺癌，pT2aN1M0，ⅡB期，肿物大小3.2×2.5cm。",
    "基因检测：EGFR 19del阳性，L858R阴性，T790M未检出，KRAS G12C阴性。",
    "免疫组化：PD-L1（22C3）TPS 50%，Ki-67约30%，TTF-1(+)。",
    "第4R组淋巴结(0/3)，第7组(1/2)转移；ICD编码C34.100x001，形态学编码8140/3。",
    "方案：培美曲塞 500 mg/m2 + 卡铂 AUC 5，q3w，共4周期。",
]
CLINICAL_EN = [
    "Invasive adenocarcinoma, pT2aN1M0, stage IIB; tumor 3.2 x 2.5 x 1.0 cm.",
    "EGFR exon 19 deletion (19del) detected; L858R and T790M not detected; BRAF V600E negative.",
    "PD-L1 22C3 TPS 50%; Ki-67 30%; ALK D5F3 negative; station 10L 0/3.",
    "Carboplatin AUC 5 plus pemetrexed 500 mg/m2 every 3 weeks; ypT1c N0 after therapy.",
    "ICD-10-CN C34.100x001; ICD-O-3 8140/3; cT4N3M1c at presentation.",
]
CLINICAL_TOKENS = ["pT2aN1M0", "ⅡB期", "3.2×2.5cm", "EGFR 19del", "L858R", "T790M", "KRAS G12C", "22C3", "TPS 50%",
                   "Ki-67", "第4R组", "C34.100x001", "8140/3", "500 mg/m2", "AUC 5", "3.2 x 2.5 x 1.0 cm", "BRAF V600E",
                   "station 10L", "ypT1c", "cT4N3M1c", "D5F3", "stage IIB"]  # fmt: skip


class _Note:
    """A note assembled piece by piece, remembering where each planted identifier sits."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.text = ""
        self.planted: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.text += text

    def plant(self, kind: str, value: str) -> None:
        self.planted.append({"kind": kind, "start": len(self.text), "end": len(self.text) + len(value)})
        self.text += value


def resident_id_check_char(first_17_digits: str) -> str:
    """GB 11643 check character, so planted resident ids are valid ones."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first_17_digits, weights, strict=True)) % 11]


def _resident_id(rng: random.Random, birth: dt.date) -> str:
    first17 = f"{rng.choice(['110105', '330106', '440106', '510107'])}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + resident_id_check_char(first17)


def _zh_date(day: dt.date, rng: random.Random) -> str:
    return rng.choice([f"{day.year}年{day.month}月{day.day}日", day.isoformat(), f"{day.year}/{day.month}/{day.day}"])


def _en_date(day: dt.date, rng: random.Random) -> str:
    return rng.choice([day.strftime("%b %-d, %Y"), f"{day.month:02d}/{day.day:02d}/{day.year}", day.isoformat()])


def synthetic_notes(patients: int, seed: int = SEED) -> list[_Note]:
    """Planted-identifier notes in both languages, two per patient, with clinical sentences in between."""
    rng = random.Random(seed)
    notes: list[_Note] = []
    for index in range(patients):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 20000))
        visit = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 1500))
        zh = _Note("zh")
        zh_name = rng.choice(ZH_SURNAMES) + "".join(rng.choice(ZH_GIVEN) for _ in range(rng.choice([1, 2])))
        zh.add(rng.choice(["姓名：", "患者"]))
        zh.plant("name", zh_name)
        zh.add("，男，" if rng.random() < 0.5 else "，女，")
        zh.add(f"{rng.randint(35, 85)}岁。住院号：")
        zh.plant("mrn", f"ZY{rng.randint(10**7, 10**8 - 1)}")
        zh.add("。身份证号：")
        zh.plant("national_id", _resident_id(rng, birth))
        zh.add("。联系电话：")
        zh.plant("phone", f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}")
        province, city, district = rng.choice(PROVINCE_CITY)
        zh.add("。现住址：")
        zh.plant("address", f"{province}{city}{district}{rng.choice(ROADS)}{rng.randint(1, 999)}号")
        zh.add("。患者于")
        zh.plant("date", _zh_date(visit, rng))
        zh.add("入院。" + " ".join(rng.sample(CLINICAL_ZH, 3)) + " 报告医师：")
        zh.plant("name", rng.choice(ZH_SURNAMES) + rng.choice(ZH_GIVEN) + rng.choice(ZH_GIVEN))
        zh.add("  病理号：")
        zh.plant("mrn", f"P{visit.year}-{index:05d}")
        zh.add("。")
        notes.append(zh)

        en = _Note("en")
        first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
        en.add(rng.choice(["Patient: ", "Name: ", "Mr. ", "Mrs. "]))
        en.plant("name", f"{first} {last}")
        en.add("  MRN: ")
        en.plant("mrn", f"{rng.randint(10**7, 10**8 - 1)}")
        en.add("  DOB: ")
        en.plant("date", _en_date(birth, rng))
        en.add("\nSeen on ")
        en.plant("date", _en_date(visit, rng))
        en.add(". " + " ".join(rng.sample(CLINICAL_EN, 3)) + "\nAddress: ")
        en.plant("address", f"{rng.randint(1, 9999)} {rng.choice(EN_STREETS)}, Springfield, IL {rng.randint(10000, 99999)}")
        en.add("; phone ")
        en.plant("phone", f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}")
        en.add("; e-mail ")
        en.plant("email", f"{first.lower()}.{last.lower()}{index}@example.org")
        en.add(".\nPortal ")
        en.plant("url", f"https://portal.example.org/p/{index}")
        en.add(" from ")
        en.plant("ip", f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")
        en.add(". Electronically signed by ")
        en.plant("name", f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}")
        en.add(", MD.")
        notes.append(en)
    return notes


# Free-text columns scored, and the same-row columns ingest removes from them first (record id, person key,
# name, other identifier columns), by stable position in each file (headers differ by locale).
REPORT_FILES = {
    "pathology_reports.csv": {"text": [7], "known": [0, 1, 2, 5, 8]},
    "ris_imaging_reports.csv": {"text": [6, 7], "known": [0, 1, 2, 8]},
}
KNOWN_VALUE_TAG = "[ID]"
# Clinical tokens that must come through untouched (sizes, TNM, stage, variants, codes, stations, scores).
CLINICAL_TOKEN = re.compile(
    r"(?:yp|[cpy])T[0-4isx][a-d]?(?:\s?N[0-3x][a-c]?)?(?:\s?M[01x][a-c]?)?"
    r"|\d+(?:\.\d+)?(?:\s?[×x*]\s?\d+(?:\.\d+)?)*\s?(?:cm|mm)"
    r"|[ⅠⅡⅢⅣ][ABC]?期|stage\s+[IV]+[ABC]?"
    r"|(?:EGFR|KRAS|BRAF|ALK|ROS1|MET|RET)\s?[A-Z]?\d{2,4}[A-Za-z]*"
    r"|[LGTV]\d{3}[A-Z]|C\d\d\.\d{3}x\d{3}|M?\d{4}/\d"
    r"|第\d+[LR]?组|station\s\d+[LR]?|(?:TPS|Ki-67)[^，,;；\n]{0,12}\d+%|22C3|SP263|SP142|28-8|D5F3"
)


def remove_known_values(text: str, values: list[str]) -> str:
    """What ingest does before scrubbing: every identifier the row carries in its own columns becomes [ID]."""
    for value in sorted({v for v in values if v and len(v) >= 2}, key=len, reverse=True):
        text = text.replace(value, KNOWN_VALUE_TAG)
    return text


def _planted_by_person(truth_file: Path) -> dict[str, set[tuple[str, str]]]:
    planted: dict[str, set[tuple[str, str]]] = {}
    with open(truth_file, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if len(row["value"]) >= 2:
                planted.setdefault(row["person_key"], set()).add((row["kind"], row["value"]))
    return planted


def report_texts(synth_dir: Path, limit: int | None = None) -> list[tuple[str, str, list[str]]]:
    """(person key, text, same-row identifier values) for every report text column of the synthetic hospital."""
    found: list[tuple[str, str, list[str]]] = []
    for name, columns in REPORT_FILES.items():
        with open(synth_dir / name, encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            next(rows)
            for row in rows:
                known = [row[i] for i in columns["known"]]
                found.extend((row[1], row[i], known) for i in columns["text"] if row[i])
                if limit and len(found) >= limit:
                    return found
    return found


def score_synthetic_hospital(scrubber: Scrubber, synth_dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Recall over every planted identifier (of the report's patient or its staff) occurring in a report text."""
    planted_by_person = _planted_by_person(synth_dir / "truth" / "identifiers.csv")
    staff = {value for values in planted_by_person.values() for kind, value in values if kind == "staff_name"}
    notes = report_texts(synth_dir, limit)
    prepared = [remove_known_values(text, known) for _, text, known in notes]
    start = time.perf_counter()
    results = [scrubber.scrub(text, 7) for text in prepared]
    seconds = time.perf_counter() - start
    planted = missed = findings = true_findings = clinical = damaged = 0
    planted_by_kind: Counter[str] = Counter()
    missed_by_kind: Counter[str] = Counter()
    for (person, original, _), text, result in zip(notes, prepared, results, strict=True):
        values = set(planted_by_person.get(person, ())) | {("staff_name", name) for name in staff if name in original}
        spans: list[tuple[int, int]] = []
        for kind, value in values:
            if value not in original:
                continue
            planted += 1
            planted_by_kind[kind] += 1
            if value in result.text:
                missed += 1
                missed_by_kind[kind] += 1
            spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(value), text))
        for finding in result.findings:
            findings += 1
            true_findings += finding.kind == "date" or any(s < finding.end and finding.start < e for s, e in spans)
        tokens = [m.group(0) for m in CLINICAL_TOKEN.finditer(text)]
        clinical += len(tokens)
        damaged += sum(1 for token in tokens if token not in result.text)
    megabytes = sum(len(text.encode()) for text in prepared) / 1e6
    return {
        "texts": len(notes),
        "planted_in_text": planted,
        "recall": round((planted - missed) / planted, 4) if planted else None,
        "recall_by_kind": {k: round(1 - missed_by_kind[k] / n, 4) for k, n in sorted(planted_by_kind.items())},
        "findings": findings,
        "precision": round(true_findings / findings, 4) if findings else None,
        "clinical_tokens": clinical,
        "clinical_tokens_damaged": damaged,
        "mb": round(megabytes, 3),
        "mb_per_s_one_process": round(megabytes / seconds, 2),
    }


def hand_written_notes() -> list[_Note]:
    notes: list[_Note] = []
    for path in sorted(HAND_WRITTEN_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            note = _Note(case["lang"])
            note.text, note.planted = case["text"], case["identifiers"]
            notes.append(note)
    return notes


def score(notes: list[_Note], spans_per_note: list[list[tuple[int, int, str]]]) -> dict[str, Any]:
    """Recall (planted identifier fully covered), lenient recall (overlapped), precision (finding overlaps a planted one)."""
    planted = covered = overlapped = findings = true_findings = 0
    missed_by_kind: Counter[str] = Counter()
    planted_by_kind: Counter[str] = Counter()
    for note, spans in zip(notes, spans_per_note, strict=True):
        for item in note.planted:
            planted += 1
            planted_by_kind[item["kind"]] += 1
            if any(start <= item["start"] and item["end"] <= end for start, end, _ in spans):
                covered += 1
            else:
                missed_by_kind[item["kind"]] += 1
            if any(start < item["end"] and item["start"] < end for start, end, _ in spans):
                overlapped += 1
        for start, end, _ in spans:
            findings += 1
            true_findings += any(start < item["end"] and item["start"] < end for item in note.planted)
    return {
        "planted": planted,
        "recall": round(covered / planted, 4) if planted else None,
        "recall_overlap": round(overlapped / planted, 4) if planted else None,
        "precision": round(true_findings / findings, 4) if findings else None,
        "findings": findings,
        "recall_by_kind": {kind: round(1 - missed_by_kind[kind] / count, 4) for kind, count in sorted(planted_by_kind.items())},
    }


def run_ours(scrubber: Scrubber, notes: list[_Note], repeat: int = 1) -> dict[str, Any]:
    texts = [note.text for note in notes]
    spans = [[(f.start, f.end, f.kind) for f in scrubber.scrub(text, 7).findings] for text in texts]
    megabytes = sum(len(text.encode()) for text in texts) * repeat / 1e6
    with timed() as serial:
        for _ in range(repeat):
            for text in texts:
                scrubber.scrub(text, 7)
    figures = score(notes, spans)
    figures["mb"] = round(megabytes, 3)
    figures["mb_per_s_one_process"] = round(megabytes / serial["seconds"], 2)
    return figures


def damaged_clinical_tokens(scrubber: Scrubber, notes: list[_Note]) -> int:
    damaged = 0
    for note in notes:
        output = scrubber.scrub(note.text, 7).text
        damaged += sum(1 for token in CLINICAL_TOKENS if token in note.text and token not in output)
    return damaged


def presidio_engine() -> tuple[Any, str]:
    """Presidio with only the predefined pattern recognizers and a blank spaCy tokenizer: no model is loaded."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    class BlankTokenizerEngine(NlpEngine):
        """Tokenizes with `spacy.blank('en')` (rules only, shipped with spaCy) and reports no named entities."""

        def __init__(self) -> None:
            self._nlp = spacy.blank("en")

        def load(self) -> None:
            return None

        def is_loaded(self) -> bool:
            return True

        def process_text(self, text: str, language: str) -> NlpArtifacts:
            doc = self._nlp(text)
            return NlpArtifacts(
                entities=[], tokens=doc, tokens_indices=[token.idx for token in doc],
                lemmas=[token.text.lower() for token in doc], nlp_engine=self, language=language,
            )  # fmt: skip

        def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):
            for text in texts:
                yield text, self.process_text(text, language)

        def is_stopword(self, word: str, language: str) -> bool:
            return word.lower() in self._nlp.Defaults.stop_words

        def is_punct(self, word: str, language: str) -> bool:
            return len(word) == 1 and not word.isalnum()

        def get_supported_entities(self) -> list[str]:
            return []

        def get_supported_languages(self) -> list[str]:
            return ["en"]

    nlp_engine = BlankTokenizerEngine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    # SpacyRecognizer needs a trained NER model; with a blank pipeline it can only return nothing, so drop it.
    registry.recognizers = [r for r in registry.recognizers if type(r).__name__ not in ("SpacyRecognizer",)]
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
    return engine, importlib.metadata.version("presidio-analyzer")


def run_presidio(engine: Any, notes: list[_Note]) -> dict[str, Any]:
    texts = [note.text for note in notes]
    entities: Counter[str] = Counter()
    with timed() as took:
        results = [engine.analyze(text=text, language="en", score_threshold=0.0) for text in texts]
    spans = []
    for per_text in results:
        spans.append([(r.start, r.end, r.entity_type) for r in per_text])
        entities.update(r.entity_type for r in per_text)
    figures = score(notes, spans)
    megabytes = sum(len(text.encode()) for text in texts) / 1e6
    figures["mb"] = round(megabytes, 3)
    figures["mb_per_s_one_process"] = round(megabytes / took["seconds"], 3)
    figures["entity_types_returned"] = dict(entities.most_common())
    return figures


def main() -> None:
    scrubber = Scrubber()
    hand = hand_written_notes()
    synthetic = synthetic_notes(SYNTHETIC_PATIENTS)
    english = [note for note in hand + synthetic if note.lang == "en"]
    figures: dict[str, Any] = {
        "synthetic_source": (
            "`synthetic`: bench-generated planted-identifier notes with every identifier kind (resident ids carry a "
            "valid GB 11643 check character); `synthetic_hospital_*`: the oncodata.synth hospital's real reports"
        ),
        "synthetic_patients": SYNTHETIC_PATIENTS,
        "hand_written": {
            "all": run_ours(scrubber, hand, repeat=20),
            "zh": run_ours(scrubber, [n for n in hand if n.lang == "zh"], repeat=20),
            "en": run_ours(scrubber, [n for n in hand if n.lang == "en"], repeat=20),
            "damaged_clinical_tokens": damaged_clinical_tokens(scrubber, hand),
        },
        "synthetic": {
            "all": run_ours(scrubber, synthetic),
            "zh": run_ours(scrubber, [n for n in synthetic if n.lang == "zh"]),
            "en": run_ours(scrubber, [n for n in synthetic if n.lang == "en"]),
            "damaged_clinical_tokens": damaged_clinical_tokens(scrubber, synthetic),
        },
    }
    with tempfile.TemporaryDirectory() as folder:
        for locale in ("zh", "en"):
            out_dir = Path(folder) / locale
            generate_hospital(SynthOptions(SYNTHETIC_PATIENTS, out_dir, seed=7, locale=locale))
            hospital = score_synthetic_hospital(scrubber, out_dir)
            hospital["mb_per_s_per_core"] = max(
                score_synthetic_hospital(scrubber, out_dir)["mb_per_s_one_process"], hospital["mb_per_s_one_process"]
            )
            figures[f"synthetic_hospital_{locale}"] = hospital
    figures["synthetic_hospital_note"] = (
        f"oncodata synth --patients {SYNTHETIC_PATIENTS} --seed 7 per locale; pathology report text and imaging "
        "findings/impression after ingest's same-row [ID] replacement; recall over every planted identifier "
        "(truth/identifiers.csv: the patient's, and any staff name) that occurs in a text; precision = findings "
        "that overlap a planted identifier or are dates; mb_per_s_per_core = best of two serial runs"
    )
    big_batch = [note.text for note in synthetic] * 4
    megabytes = sum(len(text.encode()) for text in big_batch) / 1e6
    for workers in (1, 2):
        start = time.perf_counter()
        scrubber.scrub_many(big_batch, [7] * len(big_batch), processes=workers)
        figures["synthetic"][f"scrub_many_mb_per_s_{workers}_processes"] = round(megabytes / (time.perf_counter() - start), 2)
    figures["synthetic"]["scrub_many_batch_mb"] = round(megabytes, 3)
    comparison: dict[str, Any] = {"english_notes": len(english), "oncodata": run_ours(scrubber, english)}
    try:
        engine, version = presidio_engine()
        comparison["presidio"] = run_presidio(engine, english)
        comparison["presidio"]["version"] = version
        comparison["presidio"]["setup"] = (
            "AnalyzerEngine with RecognizerRegistry.load_predefined_recognizers(['en']) minus SpacyRecognizer, "
            "NLP engine = spacy.blank('en') tokenizer only (no model download); PERSON/LOCATION need NER, so "
            "pattern-only Presidio cannot find names or addresses; score_threshold 0"
        )
    except Exception as error:
        comparison["presidio"] = {"ran": False, "reason": f"{type(error).__name__}: {error}"}
    comparison["presidio_chinese"] = "not run: Presidio has no Chinese recognizers (no 身份证号, Chinese names, addresses)"
    figures["english_side_by_side"] = comparison
    path = write_result("scrub", figures)
    print(path.read_text())


if __name__ == "__main__":
    main()
