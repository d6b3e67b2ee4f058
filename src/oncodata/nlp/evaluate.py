"""Evaluation helpers: TNM category agreement, CCKS span normalization, precision/recall/F1."""

from __future__ import annotations

import re
from dataclasses import dataclass

from oncodata.nlp.tnm import main_category

SEPARATOR = re.compile(r"[×*xX]")


def normalize_span(value: str) -> str:
    """Whitespace removed, case folded, ×/*/x unified: '3.0CM × 2.5cm' → '3.0cm×2.5cm'.

    >>> normalize_span(" 3.0CM * 2.5 cm ")
    '3.0cm×2.5cm'
    """
    return SEPARATOR.sub("×", re.sub(r"\s+", "", value or "")).lower().replace("\ufffd", "")


def split_labels(value: str | None) -> list[str]:
    """A comma-separated CCKS label → normalized items (empty list for no label)."""
    if not value:
        return []
    return [normalize_span(v) for v in re.split(r"[,，]", value) if normalize_span(v)]


@dataclass
class Counts:
    """Micro-averaged true/false positive/negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: list[str], gold: list[str]) -> None:
        remaining = list(gold)
        for item in predicted:
            if item in remaining:
                remaining.remove(item)
                self.tp += 1
            else:
                self.fp += 1
        self.fn += len(remaining)

    def scores(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class AxisScore:
    """Coverage and accuracy of one TNM axis against labels (main category)."""

    labelled: int = 0
    covered: int = 0
    correct: int = 0

    def add(self, predicted: str | None, gold: str | None) -> None:
        if not gold:
            return
        self.labelled += 1
        if predicted:
            self.covered += 1
            self.correct += main_category(predicted) == main_category(gold)

    def scores(self) -> dict[str, float | int]:
        return {
            "labelled": self.labelled,
            "coverage": round(self.covered / self.labelled, 4) if self.labelled else 0.0,
            "accuracy_on_covered": round(self.correct / self.covered, 4) if self.covered else 0.0,
            "overall_accuracy": round(self.correct / self.labelled, 4) if self.labelled else 0.0,
        }
