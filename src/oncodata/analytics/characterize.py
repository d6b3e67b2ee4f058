"""Characterization: a Table 1 (demographics, smoking, histology, stage, biomarkers, treatment) for cohorts side by side.

Variables come from data/variables.yaml; counts below the small-cell threshold are shown as `<5` (with no
percentage) through the export-control rules of the security core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from oncodata.analytics.cohort import get_cohort
from oncodata.analytics.variables import category_order, table1_variables, variable, variable_values
from oncodata.privacy.export_control import DEFAULT_SMALL_CELL_THRESHOLD, suppress_count
from oncodata.store.base import Store


@dataclass
class Table1Row:
    """One line of Table 1: a variable (and level), with one cell per cohort."""

    variable: str
    label: str
    level: str | None
    cells: list[str]
    counts: list[int | str | None] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"variable": self.variable, "label": self.label, "level": self.level, "cells": self.cells, "counts": self.counts}


@dataclass
class Table1:
    """Table 1 for one or more cohorts: column headers (name and n) and rows."""

    cohorts: list[dict[str, Any]]
    rows: list[Table1Row]
    threshold: int

    def as_dict(self) -> dict[str, Any]:
        return {"cohorts": self.cohorts, "small_cell_threshold": self.threshold, "rows": [r.as_dict() for r in self.rows]}


def _count_cell(count: int, total: int, threshold: int) -> tuple[str, int | str | None]:
    shown = suppress_count(count, threshold)
    if isinstance(shown, str):
        return shown, shown
    return (f"{count:,} ({100 * count / total:.1f}%)" if total else "0"), count


def characterize(
    store: Store, cohort_ids: list[int], variables: list[str] | None = None, threshold: int = DEFAULT_SMALL_CELL_THRESHOLD
) -> Table1:
    """Table 1 for the cohorts side by side; small cells suppressed."""
    names = variables or table1_variables()
    for name in names:
        variable(name)
    cohorts = [get_cohort(store, cohort_id) for cohort_id in cohort_ids]
    headers = []
    for c in cohorts:
        shown = suppress_count(c.persons, threshold)
        headers.append({"cohort_id": c.cohort_id, "name": c.name, "n": shown})
    rows: list[Table1Row] = [Table1Row("n", "Persons", None, [str(h["n"]) for h in headers], [h["n"] for h in headers])]
    for name in names:
        var = variable(name)
        values = [variable_values(store, name, c.cohort_id).to_pandas()["value"] for c in cohorts]
        if var.continuous:
            cells = []
            for series in values:
                numbers = pd.to_numeric(series, errors="coerce").dropna()
                if len(numbers) < threshold:
                    cells.append(f"n {suppress_count(len(numbers), threshold)}")
                    continue
                q1, median, q3 = numbers.quantile([0.25, 0.5, 0.75]).tolist()
                cells.append(f"{numbers.mean():.1f} ({numbers.std():.1f}); {median:.0f} [{q1:.0f}–{q3:.0f}]")
            rows.append(Table1Row(name, f"{var.label}, mean (SD); median [IQR]", None, cells, [None] * len(cells)))
            continue
        present: set[str] = set().union(*(set(v.dropna()) for v in values))
        order = [level for level in category_order(name) if level in present] + sorted(present - set(category_order(name)))
        rows.append(Table1Row(name, var.label, None, [""] * len(cohorts), [None] * len(cohorts)))
        for level in order:
            cells, counts = [], []
            for series in values:
                cell, shown = _count_cell(int((series == level).sum()), len(series), threshold)
                cells.append(cell)
                counts.append(shown)
            rows.append(Table1Row(name, var.label, level, cells, counts))
    return Table1(headers, rows, threshold)
