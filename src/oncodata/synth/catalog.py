"""Loads the generator's data files (names, places, codes, drugs, regimens, labs, phrases) once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class Catalog:
    """Everything configuration-like the generator reads, one attribute per data file."""

    names: dict[str, Any]
    places: dict[str, Any]
    diagnoses: dict[str, Any]
    histology: dict[str, Any]
    drugs: dict[str, Any]
    regimens: dict[str, Any]
    labs: dict[str, Any]
    hospital: dict[str, Any]
    pathology_phrases: dict[str, Any]
    imaging_phrases: dict[str, Any]
    sources: dict[str, Any]


@cache
def load_catalog() -> Catalog:
    """Parse every data file; cached so patient generation never touches the disk for configuration."""
    return Catalog(
        names=_load("names.yaml"),
        places=_load("places.yaml"),
        diagnoses=_load("diagnoses.yaml"),
        histology=_load("histology.yaml"),
        drugs=_load("drugs.yaml"),
        regimens=_load("regimens.yaml"),
        labs=_load("labs.yaml"),
        hospital=_load("hospital.yaml"),
        pathology_phrases=_load("pathology_phrases.yaml"),
        imaging_phrases=_load("imaging_phrases.yaml"),
        sources=_load("sources.yaml"),
    )
