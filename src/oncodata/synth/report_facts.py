"""The facts a report states, in the shape `oncodata nlp extract` emits, so NLP can be scored against truth."""

from __future__ import annotations

from typing import Any


def empty_facts() -> dict[str, Any]:
    """Every key the NLP output has, null (or empty) until the report text states it."""
    return {
        "t": None,
        "n": None,
        "m": None,
        "tnm_prefix": None,
        "stage_group": None,
        "histology_code": None,
        "histology_text": None,
        "grade": None,
        "tumor_size_mm": None,
        "nodes_positive": None,
        "nodes_examined": None,
        "primary_site_text": None,
        "primary_size_text": None,
        "metastasis_sites_text": [],
        "biomarkers": [],
        "comparison": None,
    }


def size_text(rng_dims: tuple[int, ...], lang: str, style: int) -> str:
    """A lesion size as radiologists and pathologists write it (cm with one decimal, or mm), largest first.

    >>> size_text((32, 25), "zh", 0), size_text((32, 25, 20), "en", 1)
    ('3.2cm×2.5cm', '3.2 x 2.5 x 2.0 cm')
    """
    cms = [f"{d / 10:.1f}" for d in rng_dims]
    if lang == "en":
        return " x ".join(cms) + " cm" if style % 2 else "×".join(cms) + "cm"
    if style == 0:
        return "×".join(c + "cm" for c in cms)
    if style == 1:
        return "×".join(cms) + "cm"
    return "×".join(str(d) for d in rng_dims) + "mm"
