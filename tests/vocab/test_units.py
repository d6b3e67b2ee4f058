"""Unit normalization: one canonical UCUM unit per measurement concept, exact conversions, unknown units flagged."""

from __future__ import annotations

from oncodata.store.base import Store
from oncodata.vocab.units import UnitNormalizer, normalize_unit, unit_key


def _concept(store: Store, vocabulary: str, code: str) -> int:
    return int(
        store.scalar(
            "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = $v AND concept_code = $c", {"v": vocabulary, "c": code}
        )
    )


def _unit(store: Store, code: str) -> int:
    return int(
        store.scalar("SELECT concept_id FROM vocab.concept WHERE vocabulary_id = 'UCUM' AND concept_code = $c", {"c": code})
    )


def test_unit_text_variants_fold_to_one_key():
    assert unit_key("×10^9/L") == unit_key("10*9/L") == unit_key("10E9/L") == "10*9/l"
    assert unit_key("μmol/L") == unit_key("µmol/L") == "umol/l"


CASES = [
    ("2039-6", 5.2, "μg/L", 5.2, "ng/mL"),  # CEA
    ("2039-6", 5.2, "ng/ml", 5.2, "ng/mL"),
    ("2160-0", 88.4, "μmol/L", 1.0, "mg/dL"),  # creatinine, molar mass 113.12 g/mol
    ("2160-0", 176.8, "umol/L", 2.0, "mg/dL"),
    ("1975-2", 17.1, "μmol/L", 1.0, "mg/dL"),  # total bilirubin
    ("718-7", 13.2, "g/dL", 132.0, "g/L"),  # haemoglobin
    ("777-3", 230.0, "10^3/μL", 230.0, "10*9/L"),  # platelets
    ("6690-2", 6.2, "×10^9/L", 6.2, "10*9/L"),
    ("1742-6", 40.0, "IU/L", 40.0, "U/L"),  # ALT
    ("3094-0", 1.0, "mmol/L", 2.8014, "mg/dL"),  # urea to urea nitrogen
]


def test_conversions_are_exact(vocab_store: Store):
    # One database per engine for all cases: initializing is the slow part.
    for code, value, unit, expected, canonical in CASES:
        result = normalize_unit(vocab_store, _concept(vocab_store, "LOINC", code), value, unit)
        assert result.value == expected, (code, unit)
        assert result.unit_concept_id == _unit(vocab_store, canonical)
        assert result.unit_source == unit and not result.flagged


def test_unknown_or_mismatched_unit_is_flagged_not_guessed(vocab_store: Store):
    normalizer = UnitNormalizer(vocab_store)
    cea = _concept(vocab_store, "LOINC", "2039-6")
    for unit in ["furlong/L", "mmol/L", None, ""]:
        result = normalizer.normalize(cea, 5.0, unit)
        assert result.flagged and result.value == 5.0 and result.unit_source == unit
    assert normalizer.factor(cea, "furlong/L")[2] == "unknown_unit"
    assert normalizer.factor(cea, "mmol/L")[2] == "no_conversion"
    assert normalizer.factor(_concept(vocab_store, "LOINC", "2160-0"), "mg/dL")[2] == "canonical"
