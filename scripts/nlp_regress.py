"""Record-level regression check for rule changes: dump every dev and hand-written report's record, then diff two dumps.

Usage (from the project root):
    PYTHONPATH=. .venv/bin/python scripts/nlp_regress.py dump /tmp/before.jsonl
    PYTHONPATH=. .venv/bin/python scripts/nlp_regress.py diff /tmp/before.jsonl /tmp/after.jsonl [--field F] [--show N]
    PYTHONPATH=. .venv/bin/python scripts/nlp_regress.py yidu metastasis_sites [--show N]

The dump reads the TCGA and Yidu dev sets (skipped when ../shared is absent) and every hand-written lung set (pathology
as written and flattened the TCGA way, imaging as written); evidence is left out. The diff prints changed fields per source and, for
hand-written reports, whether each change moved the field towards or away from the truth. The output names reports
by id only, never by their text.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import polars as pl
from bench.bench_nlp import HANDWRITTEN_IMAGING_SETS, HANDWRITTEN_SETS, TCGA_FILE, YIDU_FILE, imaging_set_language

from oncodata.nlp import extract_report
from oncodata.nlp.evaluate import (
    HANDWRITTEN_FIELDS,
    IMAGING_FIELDS,
    OPTIONAL_MARKERS,
    flatten_like_tcga,
    handwritten_value,
    imaging_record_values,
    imaging_truth_values,
)


def _record(text: str, kind: str, lang: str) -> dict[str, Any]:
    record = extract_report(text, kind=kind, lang=lang).to_record()
    record.pop("evidence", None)
    return record


def _rows() -> list[tuple[str, str, str, str, dict[str, Any] | None]]:
    """(key, text, kind, lang, truth) for every report the dump covers."""
    rows: list[tuple[str, str, str, str, dict[str, Any] | None]] = []
    if TCGA_FILE.is_file():
        for i, text in enumerate(pl.read_csv(TCGA_FILE, infer_schema_length=0)["text"]):
            rows.append((f"tcga/{i}", text, "pathology", "en", None))
    if YIDU_FILE.is_file():
        for i, text in enumerate(pl.read_csv(YIDU_FILE, infer_schema_length=0)["text"]):
            rows.append((f"yidu/{i}", text, "imaging", "zh", None))
    for name, path in HANDWRITTEN_SETS.items():
        if not path.is_file():
            continue
        lang = "zh" if name.startswith("zh") else "en"
        for line in path.read_bytes().splitlines():
            if line.strip():
                row = orjson.loads(line)
                rows.append((f"{name}/{row['id']}", row["text"], "pathology", lang, row["truth"]))
                rows.append((f"{name}/{row['id']}/flat", flatten_like_tcga(row["text"]), "pathology", lang, row["truth"]))
    for name, path in HANDWRITTEN_IMAGING_SETS.items():
        if path.is_file():
            for line in path.read_bytes().splitlines():
                if line.strip():
                    row = orjson.loads(line)
                    rows.append((f"img_{name}/{row['id']}", row["text"], "imaging", imaging_set_language(name), row["truth"]))
    return rows


def dump(out: Path) -> None:
    with out.open("wb") as handle:
        for key, text, kind, lang, truth in _rows():
            handle.write(orjson.dumps({"key": key, "record": _record(text, kind, lang), "truth": truth}) + b"\n")


def _load(path: Path) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in map(orjson.loads, path.read_bytes().splitlines()) if row}


def _truth_value(field: str, record: dict[str, Any], truth: dict[str, Any]) -> tuple[Any, Any]:
    """The record's and the truth's value in the form the hand-written benchmark compares them."""
    # The genes compared, as the benchmark picks them: the truth's, and any other found that is not optional (a gene
    # the truth leaves out but the record reports is a wrong finding, not an invisible one).
    listed = {b["gene"] for b in truth.get("biomarkers") or ()}
    found = {b["gene"] for b in record.get("biomarkers") or ()}
    markers = {gene for gene in found | listed if gene not in OPTIONAL_MARKERS or gene in listed}
    if field == "margin_positive":
        record = {**record, field: None if record.get("margins") is None else record["margins"] == "positive"}
    return handwritten_value(field, record, markers), handwritten_value(field, truth, markers)


def diff(before: Path, after: Path, only_field: str | None, show: int) -> int:
    old, new = _load(before), _load(after)
    changed_fields: Counter[tuple[str, str]] = Counter()
    verdicts: Counter[str] = Counter()
    examples: dict[tuple[str, str], list[str]] = {}
    unpaired = Counter("after" if key in new else "before" for key in set(old) ^ set(new))
    if unpaired:
        print("reports only in one dump:", dict(unpaired))
    for key in sorted(set(old) & set(new)):
        a, b = old[key]["record"], new[key]["record"]
        source = key.split("/")[0]
        for field in sorted(set(a) | set(b)):
            if a.get(field) == b.get(field) or (only_field and field != only_field):
                continue
            changed_fields[(source, field)] += 1
            note = ""
            truth = new[key]["truth"]
            if truth is not None and source.startswith("img_"):
                # Imaging truths name fields in their own terms: compare every one the change moved.
                was, now, want = imaging_record_values(a), imaging_record_values(b), imaging_truth_values(truth)
                moved = [f for f in IMAGING_FIELDS if was[f] != now[f]]
                note = " " + ",".join(
                    f"{f}:{'fixed' if now[f] == want[f] else 'broken' if was[f] == want[f] else 'still wrong'}" for f in moved
                )
                verdicts.update(note.strip().split(","))
            elif truth is not None and (field in HANDWRITTEN_FIELDS or field == "margins"):
                name = "margin_positive" if field == "margins" else field
                was, want = _truth_value(name, a, truth)
                now, _ = _truth_value(name, b, truth)
                note = " fixed" if now == want else " broken" if was == want else " still wrong"
                verdicts[note.strip()] += 1
            examples.setdefault((source, field), []).append(f"{key}: {a.get(field)!r} -> {b.get(field)!r}{note}")
    for (source, field), count in sorted(changed_fields.items()):
        print(f"{source:10} {field:28} {count} changed")
        for line in examples[(source, field)][:show]:
            print(f"    {line}")
    if verdicts:
        print("hand-written:", dict(verdicts))
    if not changed_fields:
        print("identical records")
    return 0


def yidu_errors(field: str, split: str, show: int) -> int:
    """Gold and predicted spans of one Yidu field on the reports of one split where they differ (tune split only by
    default: the held-back reports are not for looking at)."""
    from bench.bench_nlp import held_back

    from oncodata.nlp.evaluate import normalize_span, split_labels

    frame = pl.read_csv(YIDU_FILE, infer_schema_length=0)
    shown = 0
    for i, row in enumerate(frame.iter_rows(named=True)):
        if held_back(row["text"]) != (split == "held_back"):
            continue
        facts = extract_report(row["text"], kind="imaging", lang="zh")
        if field == "metastasis_sites":
            predicted = sorted(map(normalize_span, facts.metastasis_sites_text))
            suspected = sorted(map(normalize_span, facts.metastasis_sites_suspected_text))
            gold = sorted(split_labels(row[field]))
        else:
            value = getattr(facts, f"{field}_text")
            predicted, suspected = ([normalize_span(value)] if value else []), []
            gold = [normalize_span(row[field])] if row[field] else []
        if predicted != gold:
            print(f"yidu/{i}: gold {gold} predicted {predicted}" + (f" suspected {suspected}" if suspected else ""))
            shown += 1
            if shown >= show:
                break
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_cmd = commands.add_parser("dump")
    dump_cmd.add_argument("out", type=Path)
    diff_cmd = commands.add_parser("diff")
    diff_cmd.add_argument("before", type=Path)
    diff_cmd.add_argument("after", type=Path)
    diff_cmd.add_argument("--field")
    diff_cmd.add_argument("--show", type=int, default=8)
    yidu_cmd = commands.add_parser("yidu")
    yidu_cmd.add_argument("field", choices=("primary_site", "primary_size", "metastasis_sites"))
    yidu_cmd.add_argument("--split", choices=("tune", "held_back"), default="tune")
    yidu_cmd.add_argument("--show", type=int, default=60)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out)
        return 0
    if args.command == "yidu":
        return yidu_errors(args.field, args.split, args.show)
    return diff(args.before, args.after, args.field, args.show)


if __name__ == "__main__":
    sys.exit(main())
