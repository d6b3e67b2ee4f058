"""Load the NLP data files (cue lists, lexicons, patterns) once per process."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any

import yaml

DATA_PACKAGE = "oncodata.nlp.data"


def data_text(name: str) -> str:
    """The text of one bundled data file."""
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@cache
def load_yaml(name: str) -> Any:
    """A bundled YAML file, parsed once."""
    return yaml.safe_load(data_text(name))


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """A bundled CSV file as rows of column → value, read once."""
    return tuple(csv.DictReader(data_text(name).splitlines()))
