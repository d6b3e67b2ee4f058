"""Controlled research export: a de-identified row-level data set, its data dictionary and a manifest with SHA-256 hashes.

Rows carry no person id, no date and no free text: a per-export sequence number, banded age, index period, clinical
categories and follow-up in days (data/export.yaml). Quasi-identifiers are coarsened level by level until the
k-anonymity check of the security core passes; when no level passes, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import yaml

from oncodata.analytics.cohort import get_cohort
from oncodata.analytics.survival import survival_data
from oncodata.analytics.variables import variable_values
from oncodata.errors import BadInputError, ChecksFailedError
from oncodata.privacy.export_control import KAnonymityReport, check_k_anonymity
from oncodata.store.base import Store

FORMATS = ("parquet", "csv")


@lru_cache(maxsize=1)
def export_spec() -> dict[str, Any]:
    text = resources.files("oncodata.analytics").joinpath("data/export.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass
class ExportResult:
    """What an export wrote: files with row counts and hashes, the coarsening used and the k-anonymity figures."""

    out_dir: Path
    rows: int
    files: dict[str, dict[str, Any]]
    coarsening: dict[str, int]
    k: int
    smallest_class: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir),
            "rows": self.rows,
            "files": self.files,
            "coarsening": self.coarsening,
            "k": self.k,
            "smallest_class": self.smallest_class,
        }


def _band(values: pd.Series, width: int) -> pd.Series:
    low = (values // width * width).astype("Int64")
    return low.astype(str) + "-" + (low + width - 1).astype(str)


def _period(years: pd.Series, width: int) -> pd.Series:
    if width == 1:
        return years.astype(str)
    low = years // width * width
    return low.astype(str) + "-" + (low + width - 1).astype(str)


def export_frame(store: Store, cohort_id: int, k: int | None = None) -> tuple[pd.DataFrame, dict[str, int], KAnonymityReport]:
    """The de-identified data set (rows shuffled, numbered 1..n) at the first coarsening level meeting k-anonymity."""
    spec = export_spec()
    k = int(k or spec["k"])
    get_cohort(store, cohort_id)
    base = store.query_arrow(
        "SELECT m.person_id, CAST(EXTRACT(YEAR FROM m.index_date) AS INTEGER) AS index_year, "
        "CAST(EXTRACT(YEAR FROM m.index_date) - p.year_of_birth AS INTEGER) AS age FROM results.cohort_member m "
        f"JOIN cdm.person p ON p.person_id = m.person_id WHERE m.cohort_definition_id = {int(cohort_id)}"
    ).to_pandas()
    if base.empty:
        raise BadInputError(f"cohort {cohort_id} has no members to export")
    os_frame = survival_data(store, cohort_id, "os", keep_person_id=True)[["person_id", "duration_days", "event"]]
    pfs_frame = survival_data(store, cohort_id, "pfs", keep_person_id=True)[["person_id", "duration_days", "event"]]
    frame = base.merge(os_frame.rename(columns={"duration_days": "os_days", "event": "os_event"}), on="person_id")
    frame = frame.merge(pfs_frame.rename(columns={"duration_days": "pfs_days", "event": "pfs_event"}), on="person_id")
    for column in spec["columns"]:
        if column["source"] == "variable":
            values = variable_values(store, column["variable"], cohort_id).to_pandas().rename(columns={"value": column["name"]})
            frame = frame.merge(values, on="person_id", how="left")
    report: KAnonymityReport | None = None
    for level in spec["coarsening"]:
        frame["age_group"] = _band(frame["age"], int(level["age_band"]))
        frame["index_period"] = _period(frame["index_year"], int(level["period_years"]))
        report = check_k_anonymity(frame[spec["quasi_identifiers"]].to_dict(orient="records"), spec["quasi_identifiers"], k=k)
        if report.satisfied:
            break
    assert report is not None
    if not report.satisfied:
        raise ChecksFailedError(
            f"export refused: k-anonymity (k={k}) fails even at the coarsest level; the smallest "
            f"{'/'.join(spec['quasi_identifiers'])} class has {report.smallest_class_size} persons "
            f"({len(report.offending_groups)} classes below k)"
        )
    names = [column["name"] for column in spec["columns"]]
    rng = np.random.default_rng()
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "study_row", np.arange(1, len(frame) + 1, dtype=np.int64))
    for column in ("os_days", "pfs_days"):
        frame[column] = frame[column].astype(np.int64)
    return frame[["study_row", *names]], {key: int(value) for key, value in level.items()}, report


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export_cohort(
    store: Store, cohort_id: int, out_dir: Path, fmt: str = "parquet", k: int | None = None, exported_by: str | None = None
) -> ExportResult:
    """Write data set, data dictionary and manifest to OUT_DIR (which must be new or empty)."""
    if fmt not in FORMATS:
        raise BadInputError(f"--format must be parquet or csv, got {fmt!r}")
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise BadInputError(f"export folder {out_dir} already exists and is not empty")
    cohort = get_cohort(store, cohort_id)
    frame, level, report = export_frame(store, cohort_id, k)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    data_path = out_dir / f"cohort_{cohort_id}.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, data_path)
    else:
        pa_csv.write_csv(table, data_path)
    spec = export_spec()
    descriptions = {"study_row": "Row number within this export only (rows shuffled; not linkable to any id)"}
    descriptions.update({c["name"]: c["description"] for c in spec["columns"]})
    dictionary = pa.table(
        {
            "column": table.column_names,
            "type": [str(field.type) for field in table.schema],
            "description": [descriptions[name] for name in table.column_names],
        }
    )
    dictionary_path = out_dir / "data_dictionary.csv"
    pa_csv.write_csv(dictionary, dictionary_path)
    files = {
        data_path.name: {"rows": table.num_rows, "sha256": _sha256(data_path)},
        dictionary_path.name: {"rows": dictionary.num_rows, "sha256": _sha256(dictionary_path)},
    }
    manifest = {
        "cohort_id": cohort.cohort_id,
        "cohort_name": cohort.name,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "exported_by": exported_by,
        "format": fmt,
        "rows": table.num_rows,
        "k_anonymity": {
            "k": report.k,
            "quasi_identifiers": list(report.quasi_identifiers),
            "smallest_class": report.smallest_class_size,
            "classes": report.class_count,
            "coarsening": level,
        },
        "files": files,
    }
    (out_dir / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return ExportResult(out_dir, table.num_rows, files, level, report.k, report.smallest_class_size)
