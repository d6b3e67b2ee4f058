"""Figures drawn with matplotlib (Agg, no network): Kaplan-Meier curves with CI bands and a numbers-at-risk table."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from oncodata.errors import BadInputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from oncodata.analytics.survival import SurvivalResult

DAYS_PER_MONTH = 365.25 / 12
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")
FORMATS = ("png", "svg")
ENDPOINT_LABEL = {"os": "Overall survival", "pfs": "Real-world progression-free survival"}


def _step(table: list[dict[str, float]], key: str) -> tuple[np.ndarray, np.ndarray]:
    times = np.array([0.0] + [row["time_days"] for row in table]) / DAYS_PER_MONTH
    values = np.array([1.0] + [row[key] for row in table])
    return times, values


def km_figure(result: SurvivalResult, risk_every_months: int = 12) -> Figure:
    """KM curves (one per stratum) with 95% CI bands, censor ticks, medians in the legend, numbers at risk below."""
    strata = [s for s in result.strata if s.table]
    horizon = max((s.table[-1]["time_days"] for s in strata), default=0.0) / DAYS_PER_MONTH
    ticks = np.arange(0, max(horizon, 1) + risk_every_months, risk_every_months)
    height = 5.0 + 0.28 * len(strata)
    figure, (axis, risk) = plt.subplots(
        2, 1, figsize=(8.5, height), gridspec_kw={"height_ratios": [4.2, 0.5 + 0.3 * len(strata)]}, sharex=True
    )
    for index, stratum in enumerate(strata):
        colour = PALETTE[index % len(PALETTE)]
        times, survival = _step(stratum.table, "survival")
        _, lower = _step(stratum.table, "ci_lower")
        _, upper = _step(stratum.table, "ci_upper")
        median = "NR" if stratum.median_days is None else f"{stratum.median_days / DAYS_PER_MONTH:.1f} mo"
        axis.step(times, survival, where="post", color=colour, lw=1.8, label=f"{stratum.name} (n={stratum.n}, median {median})")
        axis.fill_between(times, lower, upper, step="post", color=colour, alpha=0.15, lw=0)
        censored = [row for row in stratum.table if row["censored"] > 0]
        if censored:
            axis.plot(
                [row["time_days"] / DAYS_PER_MONTH for row in censored],
                [row["survival"] for row in censored],
                "|",
                color=colour,
                ms=6,
                mew=1,
            )
        for tick in ticks:
            risk.text(
                tick,
                len(strata) - 1 - index,
                str(stratum.at_risk(tick * DAYS_PER_MONTH)),
                ha="center",
                va="center",
                color=colour,
                fontsize=8,
            )
    axis.set_ylim(0, 1.02)
    axis.set_ylabel("Survival probability")
    title = f"{ENDPOINT_LABEL.get(result.endpoint, result.endpoint)} — {result.cohort_name}"
    if result.logrank_p is not None:
        title += f"  (log-rank p {'< 0.001' if result.logrank_p < 0.001 else f'= {result.logrank_p:.3f}'})"
    axis.set_title(title, fontsize=10)
    axis.grid(alpha=0.3)
    axis.legend(loc="upper right", fontsize=8, frameon=False)
    risk.set_yticks(range(len(strata)))
    risk.set_yticklabels([s.name for s in reversed(strata)], fontsize=8)
    risk.set_ylim(-0.6, len(strata) - 0.4)
    risk.set_xticks(ticks)
    risk.set_xlabel("Months since index")
    risk.set_title("Number at risk", fontsize=8, loc="left")
    for side in ("top", "right", "left"):
        risk.spines[side].set_visible(False)
    risk.tick_params(axis="y", length=0)
    axis.set_xlim(-horizon * 0.02, max(horizon, 1) * 1.02)
    figure.tight_layout()
    return figure


def figure_bytes(figure: Figure, fmt: str = "png") -> bytes:
    """Render and close a figure; PNG at 110 dpi or SVG."""
    if fmt not in FORMATS:
        raise BadInputError(f"plot format must be png or svg, got {fmt!r}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=110, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    return buffer.getvalue()


def save_figure(figure: Figure, path: Path) -> Path:
    """Write a figure to PATH; the suffix (.png or .svg) picks the format."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        plt.close(figure)
        raise BadInputError(f"plot file {path.name}: use a .png or .svg name")
    if not path.parent.exists():
        plt.close(figure)
        raise BadInputError(f"plot file {path}: folder {path.parent} does not exist")
    path.write_bytes(figure_bytes(figure, fmt))
    return path
