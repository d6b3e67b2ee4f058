"""LIS results: tumour markers, blood counts, liver and kidney function, named and unit-ed per instrument."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from oncodata.synth.catalog import Catalog


@dataclass(frozen=True)
class LabResult:
    """One result line as the LIS exports it (value already in `unit`)."""

    instrument: str
    item_code: str
    item_name: str
    value: str
    unit: str
    canonical_unit: str
    reference_range: str
    flag: str


def _decimals(value: float) -> int:
    return 0 if value >= 100 else 1 if value >= 10 else 2


def draw_panel(
    rng: random.Random, catalog: Catalog, panel: str, histology_group: str, disease_active: bool, on_chemotherapy: bool
) -> list[LabResult]:
    """One specimen's results for a panel; markers rise with active disease, counts fall on chemotherapy."""
    labs = catalog.labs
    instruments = [i for i in labs["instruments"] if panel in i["panels"]]
    instrument = instruments[0] if rng.random() < 0.6 else rng.choice(instruments)
    results: list[LabResult] = []
    for code in labs["panels"][panel]:
        item = labs["items"][code]
        value = item["median"] * math.exp(rng.gauss(0, item["spread"]))
        factors = item.get("disease_factor")
        if factors and disease_active:
            value *= factors.get(histology_group, factors["default"]) * math.exp(rng.gauss(0, 0.5))
        if on_chemotherapy and "treatment_factor" in item:
            value *= item["treatment_factor"]
        unit = item["unit"]
        low, high = float(item["lower"]), float(item["upper"])
        # Some instruments report in an alternative unit; the value is converted, so it is right, just different.
        if rng.random() < labs["alt_unit_share"]:
            unit, factor = rng.choice(list(item["alt_units"].items()))
            value, low, high = value * factor, low * factor, high * factor
        decimals = _decimals(value)
        flag = "↑" if value > high else "↓" if value < low and low > 0 else ""
        reference = f"<{high:.{_decimals(high)}f}" if low == 0 else f"{low:.{_decimals(low)}f}-{high:.{_decimals(high)}f}"
        results.append(
            LabResult(
                instrument=instrument["name"],
                item_code=code,
                item_name=rng.choice(item["local"][instrument["id"]]),
                value=f"{value:.{decimals}f}",
                unit=unit,
                canonical_unit=item["unit"],
                reference_range=reference,
                flag=flag,
            )
        )
    return results
