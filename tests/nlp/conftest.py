"""Fixtures for NLP tests: the hand-written reports under tests/data/nlp and the open evaluation data when present."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "nlp"
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def shared_data() -> Path:
    """The open evaluation data beside the project; skips when ../shared/data is absent."""
    if not (SHARED_DATA / "tcga_pathology_reports_dev.csv").is_file():
        pytest.skip("../shared/data is not available")
    return SHARED_DATA
