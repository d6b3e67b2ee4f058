"""Regression: extraction agrees with the synthetic generator's truth on a small generated hospital (zh and en)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncodata.nlp.evaluate import synthetic_agreement

FLOOR = 0.98
# Known gaps, guarded so they cannot get worse (see bench/results/nlp.json for the full figures):
#   biomarkers: PD-L1 "TPS <1%" is 0.0 in the truth; extraction keeps no number for a bound.
#   imaging primary_site_text: the truth has no site for "肺癌术后" reports; CCKS (Yidu) annotates the organ.
#   imaging comparison: the truth leaves "较前稳定" post-operative reports without a comparison.
#   imaging metastasis_sites_text / sizes and pathology primary_site_text: remaining extraction misses.
KNOWN_GAPS = {
    "pathology.biomarkers": 0.85,
    "pathology.primary_site_text": 0.95,
    "imaging.primary_site_text": 0.75,
    "imaging.comparison": 0.85,
    "imaging.metastasis_sites_text": 0.9,
    "imaging.primary_size_text": 0.95,
    "imaging.tumor_size_mm": 0.95,
}


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_synthetic_agreement(tmp_path: Path, locale: str):
    synth = pytest.importorskip("oncodata.synth.generator")
    out = tmp_path / locale
    synth.generate_hospital(synth.SynthOptions(40, out, locale=locale))
    agreement = synthetic_agreement(out)
    assert set(agreement) == {"pathology", "imaging"}
    low = {
        f"{kind}.{field}": score["agreement"]
        for kind, fields in agreement.items()
        for field, score in fields.items()
        if score["agreement"] < KNOWN_GAPS.get(f"{kind}.{field}", FLOOR)
    }
    assert not low, low
