"""Treatment pathways: each member's regimens by line of therapy (EPISODE 32531, episode_number), counted as sequences.

Line 0 (curative-intent regimens around surgery or definitive radiotherapy) leads the sequence when present.

A regimen is named by its antineoplastic ingredients (ATC L01 descendants, through EPISODE_EVENT → DRUG_EXPOSURE),
joined with " + ". Counts below the small-cell threshold are suppressed; the sunburst draws line 1 in the inner ring.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from oncodata.analytics.cohort import get_cohort
from oncodata.analytics.concepts import concept_id_by_code, id_list, resolve_concept_refs
from oncodata.analytics.definition import ConceptRef
from oncodata.cdm.oncology import EpisodeConcept, FieldConcept
from oncodata.privacy.export_control import DEFAULT_SMALL_CELL_THRESHOLD, suppress_count
from oncodata.store.base import Store

NO_TREATMENT = "no systemic therapy"
CURATIVE_PREFIX = "curative-intent: "  # line 0: adjuvant/neoadjuvant/concurrent regimens the build numbers 0
END = "(end)"


@dataclass
class PathwayResult:
    """Sequences of regimens by line with person counts, plus the per-line regimen counts."""

    cohort_id: int
    cohort_name: str
    persons: int
    max_lines: int
    sequences: list[tuple[tuple[str, ...], int]]
    by_line: dict[int, list[tuple[str, int]]]
    threshold: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "cohort_id": self.cohort_id,
            "cohort_name": self.cohort_name,
            "persons": suppress_count(self.persons, self.threshold),
            "max_lines": self.max_lines,
            "small_cell_threshold": self.threshold,
            "sequences": [
                {"lines": list(lines), "pathway": " → ".join(lines), "persons": suppress_count(n, self.threshold)}
                for lines, n in self.sequences
            ],
            "by_line": {
                str(line): [{"regimen": name, "persons": suppress_count(n, self.threshold)} for name, n in rows]
                for line, rows in self.by_line.items()
            },
        }


def pathways(store: Store, cohort_id: int, max_lines: int = 3, threshold: int = DEFAULT_SMALL_CELL_THRESHOLD) -> PathwayResult:
    """Regimen sequences (lines 1..max_lines) of the cohort's members, most frequent first."""
    cohort = get_cohort(store, cohort_id)
    antineoplastic = ()
    if concept_id_by_code(store, "ATC", "L01") is not None:
        antineoplastic = resolve_concept_refs(store, (ConceptRef(vocabulary_id="ATC", concept_code="L01"),))
    drug_filter = f"AND de.drug_concept_id IN ({id_list(antineoplastic)})" if antineoplastic else ""
    rows = store.query(
        "SELECT m.person_id, e.episode_number, e.episode_id, k.concept_name FROM results.cohort_member m "
        f"JOIN cdm.episode e ON e.person_id = m.person_id AND e.episode_concept_id = {int(EpisodeConcept.TREATMENT_REGIMEN)} "
        f"AND e.episode_number BETWEEN 0 AND {int(max_lines)} "
        "LEFT JOIN cdm.episode_event ee ON ee.episode_id = e.episode_id "
        f"AND ee.episode_event_field_concept_id = {int(FieldConcept.DRUG_EXPOSURE_ID)} "
        f"LEFT JOIN cdm.drug_exposure de ON de.drug_exposure_id = ee.event_id {drug_filter} "
        "LEFT JOIN vocab.concept k ON k.concept_id = de.drug_concept_id "
        f"WHERE m.cohort_definition_id = {int(cohort_id)}"
    )
    members = int(store.scalar(f"SELECT count(*) FROM results.cohort_member WHERE cohort_definition_id = {int(cohort_id)}") or 0)
    drugs: dict[tuple[int, int], set[str]] = defaultdict(set)
    first_episode: dict[tuple[int, int], int] = {}
    for person_id, line, episode_id, name in rows:
        key = (int(person_id), int(line))
        # When the build gives a line two episodes, the earliest-id one names the line.
        if key not in first_episode or episode_id < first_episode[key]:
            if key in first_episode and episode_id < first_episode[key]:
                drugs[key] = set()
            first_episode[key] = episode_id
        if episode_id == first_episode[key] and name:
            drugs[key].add(str(name).lower())
    per_person: dict[int, dict[int, str]] = defaultdict(dict)
    for (person_id, line), names in drugs.items():
        name = " + ".join(sorted(names)) if names else "unspecified regimen"
        per_person[person_id][line] = f"{CURATIVE_PREFIX}{name}" if line == 0 else name
    sequences: Counter[tuple[str, ...]] = Counter()
    by_line: dict[int, Counter[str]] = {line: Counter() for line in range(0, max_lines + 1)}
    for lines in per_person.values():
        ordered = tuple(lines[line] for line in sorted(lines))
        sequences[ordered] += 1
        for line, name in lines.items():
            by_line[line][name] += 1
    untreated = members - len(per_person)
    if untreated:
        sequences[(NO_TREATMENT,)] += untreated
    ranked = sorted(sequences.items(), key=lambda item: (-item[1], item[0]))
    return PathwayResult(
        cohort.cohort_id,
        cohort.name,
        members,
        max_lines,
        ranked,
        {line: sorted(counter.items(), key=lambda item: (-item[1], item[0])) for line, counter in by_line.items()},
        threshold,
    )


def sunburst_figure(result: PathwayResult, top: int = 12) -> Any:
    """Sunburst of the pathways: ring n = line n, arcs sized by persons; small sequences pooled as 'other'."""
    palette = plt.get_cmap("tab20")
    shown = [(lines, n) for lines, n in result.sequences if n >= result.threshold][:top]
    other = sum(n for lines, n in result.sequences) - sum(n for _, n in shown)
    total = max(sum(n for _, n in shown) + other, 1)
    names = sorted({name for lines, _ in shown for name in lines})
    colour = {name: palette(i % 20) for i, name in enumerate(names)}
    colour[NO_TREATMENT] = (0.85, 0.85, 0.85, 1.0)
    figure, axis = plt.subplots(figsize=(8, 8), subplot_kw={"projection": "polar"})
    rings = max((len(lines) for lines, _ in shown), default=1)
    ring_width = 0.9 / rings
    for ring in range(rings):
        start = 0.0
        previous: tuple[str, ...] | None = None
        segments: list[tuple[str, float, float]] = []
        for lines, n in shown:
            width = 2 * np.pi * n / total
            prefix = lines[: ring + 1]
            if len(lines) > ring:
                if segments and previous == prefix:
                    name, s, w = segments[-1]
                    segments[-1] = (name, s, w + width)
                else:
                    segments.append((lines[ring], start, width))
                previous = prefix
            else:
                previous = None
            start += width
        for name, s, w in segments:
            axis.bar(
                s, ring_width, width=w, bottom=0.3 + ring * ring_width, align="edge", color=colour[name], edgecolor="white", lw=1
            )
            if w > 0.25:
                axis.text(s + w / 2, 0.3 + (ring + 0.5) * ring_width, name, ha="center", va="center", fontsize=6.5, wrap=True)
    if other:
        label = "other (small or rare pathways)"
        colour[label] = (0.75, 0.75, 0.75, 1.0)
        names.append(label)
        axis.bar(
            2 * np.pi * (total - other) / total,
            ring_width,
            width=2 * np.pi * other / total,
            bottom=0.3,
            align="edge",
            color=colour[label],
        )
    axis.set_ylim(0, 1.22)
    axis.set_axis_off()
    axis.set_title(f"Treatment pathways by line — {result.cohort_name} (inner ring = first regimen)", fontsize=10)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[name]) for name in names]
    axis.legend(handles, names, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    figure.tight_layout()
    return figure
