"""Chinese-aware text normalization for matching source terms to concept names, and the keys mappings are stored under.

>>> normalize_term("注射用培美曲塞二钠")
'培美曲塞'
>>> normalize_term("癌胚抗原(CEA)化学发光")
'癌胚抗原(cea)'
>>> term_variants("注射用培美曲塞二钠（力比泰）")  # 力 folds to 利, on both sides
['培美曲塞(利比泰)', '培美曲塞', '利比泰']
>>> text_key("  CEA   定量 ")
'CEA 定量'
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# SOURCE_TO_CONCEPT_MAP.source_code is varchar(50); longer texts keep a prefix and a digest so keys stay unique.
SOURCE_CODE_LENGTH = 50
_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans(
    {"[": "(", "]": ")", "【": "(", "】": ")", "{": "(", "}": ")", "<": "(", ">": ")", "〔": "(", "〕": ")"}
)
# Strengths written into drug names ("奥希替尼片80mg", "0.5g/瓶"): never part of the ingredient's name.
_STRENGTH = re.compile(
    r"\d+(\.\d+)?\s*(mg|mcg|μg|ug|g|ml|iu|万单位|单位|毫克|微克|克|毫升)(\s*[/:×x*]\s*\d*\s*(ml|片|支|瓶|粒|袋))?"
)
_PUNCTUATION = re.compile(r"[\s\-_.,;:，。；：、·'\"“”‘’/]+")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
# Combined procedures ("肺叶切除术+淋巴结清扫术"): the first, principal part is also matched on its own.
# An abbreviation followed by Chinese qualifiers ("IMRT 根治", "SRS 姑息"): the abbreviation is matched on its own.
_LEADING_ABBREVIATION = re.compile(r"^([a-z0-9][a-z0-9\-]{2,})\s+(?=.*[\u4e00-\u9fff])")
_COMBINED = re.compile(r"\s*[+]\s*")


@dataclass(frozen=True)
class MatchingRules:
    """Thresholds and word lists from data/matching.toml."""

    fuzzy_accept_score: float
    review_below_score: float
    candidates_per_value: int
    removable_words: tuple[str, ...]
    confusables: dict[str, str]


@cache
def matching_rules() -> MatchingRules:
    with (DATA_DIR / "matching.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    words = {_fold(word) for key in ("dosage_forms", "salts", "lab_noise") for word in raw[key]}
    return MatchingRules(
        fuzzy_accept_score=float(raw["fuzzy_accept_score"]),
        review_below_score=float(raw["review_below_score"]),
        candidates_per_value=int(raw["candidates_per_value"]),
        # Longest first so that 注射用 goes before 注射, 甲磺酸 before 磺酸.
        removable_words=tuple(sorted(words, key=len, reverse=True)),
        confusables=dict(raw["confusables"]),
    )


def _fold(text: str) -> str:
    """Full-width to half-width (NFKC), one bracket style, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS).lower()
    return _SPACES.sub(" ", text).strip()


def normalize_term(text: str) -> str:
    """The comparable form of a term: folded, dosage forms/salts/method words removed, punctuation and spaces dropped."""
    rules = matching_rules()
    folded = _STRENGTH.sub("", _fold(text))
    for word in rules.removable_words:
        if word in folded and folded != word:
            folded = folded.replace(word, "")
    folded = _PUNCTUATION.sub("", folded).replace("()", "")
    return "".join(rules.confusables.get(char, char) for char in folded)


def term_variants(text: str) -> list[str]:
    """The whole term plus the parts outside and inside brackets (generic name and brand, name and abbreviation)."""
    folded = _fold(text)
    variants = [normalize_term(folded)]
    inner = _PARENTHESES.findall(folded)
    if inner:
        variants.append(normalize_term(_PARENTHESES.sub("", folded)))
        variants.extend(normalize_term(part) for part in inner)
    parts = _COMBINED.split(folded)
    if len(parts) > 1:
        variants.append(normalize_term(parts[0]))
    leading = _LEADING_ABBREVIATION.match(folded)
    if leading:
        variants.append(normalize_term(leading.group(1)))
    seen: list[str] = []
    for variant in variants:
        if variant and variant not in seen:
            seen.append(variant)
    return seen


def text_key(text: str) -> str:
    """The SOURCE_TO_CONCEPT_MAP code a free-text value is stored under: NFKC, single spaces, at most 50 characters."""
    key = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    if len(key) <= SOURCE_CODE_LENGTH:
        return key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{key[: SOURCE_CODE_LENGTH - 9]}#{digest}"
