"""Fit the span rankers' weights (conditional logit) on the open Yidu-S4K training reports, tune split only."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_nlp import YIDU_FILE, held_back

from oncodata.nlp.evaluate import normalize_span
from oncodata.nlp.facts import ReportFacts
from oncodata.nlp.imaging import all_primaries, extract_imaging, imaging_patterns
from oncodata.nlp.span_ranker import Candidate, rank_site, ranker_weights, site_candidates, size_candidates

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "oncodata" / "nlp" / "data" / "span_ranker.json"
L2 = 1.0  # ridge penalty: a few dozen weights from ~600 reports, so keep them small
Example = tuple[list[str], np.ndarray, int]


def _example(candidates: list[Candidate], gold: str | None) -> Example | None:
    """Feature names, candidate matrix and the gold candidate's row; None when the gold is not a candidate."""
    keys = [normalize_span(c.span.text) if c.span else None for c in candidates]
    if not candidates or gold not in keys:
        return None
    names = sorted(candidates[0].features)
    return names, np.array([[c.features[n] for n in names] for c in candidates]), keys.index(gold)


def _tune_reports(frame: pl.DataFrame) -> Iterator[tuple[dict[str, str], ReportFacts]]:
    """Tune-split reports with what the rules alone extract from them."""
    for record in frame.iter_rows(named=True):
        if not held_back(record["text"]):
            yield record, extract_imaging(record["text"], "zh", rank_spans=False)


def site_examples(frame: pl.DataFrame) -> list[Example]:
    """One example per tune-split report with a single gold site that is among its candidates."""
    pats, examples = imaging_patterns("zh"), []
    for record, rules in _tune_reports(frame):
        gold = record["primary_site"]
        if gold and "," not in gold:
            rule_site = normalize_span(rules.primary_site_text) if rules.primary_site_text else None
            example = _example(site_candidates(record["text"], pats, rule_site), normalize_span(gold))
            examples += [example] if example else []
    return examples


def size_examples(frame: pl.DataFrame) -> list[Example]:
    """One example per tune-split report whose gold size (or "no size") is among its candidates; each sees the site
    the shipped site model picks, as at run time."""
    pats, examples = imaging_patterns("zh"), []
    for record, rules in _tune_reports(frame):
        gold = normalize_span(record["primary_size"]) if record["primary_size"] else None
        if gold is not None and "," in gold:
            continue
        cited = rules.evidence.get("primary_site")
        site = rank_site(record["text"], pats, cited[0] if cited else None)
        others = [s for s in all_primaries(record["text"], pats, site, True) if s is not site] if site else []
        rule_size = normalize_span(rules.primary_size_text) if rules.primary_size_text else None
        example = _example(size_candidates(record["text"], pats, rule_size, site, others), gold)
        examples += [example] if example else []
    return examples


def fit(examples: list[Example]) -> dict[str, float]:
    names = examples[0][0]

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        value, gradient = L2 * float(weights @ weights), 2 * L2 * weights
        for _, matrix, gold in examples:
            scores = matrix @ weights
            probabilities = np.exp(scores - scores.max())
            probabilities /= probabilities.sum()
            value -= math.log(probabilities[gold] + 1e-12)
            gradient = gradient - (matrix[gold] - probabilities @ matrix)
        return value, gradient

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return {name: round(float(w), 4) for name, w in zip(names, result.x, strict=True)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", type=Path, default=YIDU_FILE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    if not args.input.is_file():
        print(f"{args.input}: not found", file=sys.stderr)
        return 2
    frame = pl.read_csv(args.input, infer_schema_length=0)
    model: dict[str, object] = {
        "model": "conditional logit over candidate spans (oncodata.nlp.span_ranker); weights only",
        "trained_on": "Yidu-S4K (CCKS 2019) training reports, tune split: bench.bench_nlp.held_back is False",
        "l2": L2,
        "reports": {},
        "models": {},
    }
    # The size examples use the site model's choice, so the site model is fitted and saved first.
    for field, examples_of in (("primary_site", site_examples), ("primary_size", size_examples)):
        examples = examples_of(frame)
        model["reports"][field] = len(examples)  # type: ignore[index]
        model["models"][field] = fit(examples)  # type: ignore[index]
        args.output.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        ranker_weights.cache_clear()
    print(f"wrote {args.output}: {model['reports']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
