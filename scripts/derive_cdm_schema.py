"""Derive the packaged OMOP CDM v5.4 schema data file from the OHDSI field-level specification."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

SCHEMA_BY_SPEC_SCHEMA = {"CDM": "cdm", "VOCAB": "vocab", "RESULTS": "results"}
OUTPUT_COLUMNS = [
    "table_name",
    "schema_name",
    "field_name",
    "position",
    "spec_datatype",
    "required",
    "primary_key",
    "fk_table",
    "fk_field",
    "fk_domain",
    "fk_class",
]


def _na(value: str) -> str:
    return "" if value in ("NA", "") else value


def derive(reference_dir: Path, output: Path) -> int:
    """Write one row per spec field, in spec order, keeping only facts (no prose)."""
    with open(reference_dir / "OMOP_CDMv5.4_Table_Level.csv", encoding="utf-8-sig", newline="") as handle:
        schema_of = {row["cdmTableName"]: SCHEMA_BY_SPEC_SCHEMA[row["schema"]] for row in csv.DictReader(handle)}
    with open(reference_dir / "OMOP_CDMv5.4_Field_Level.csv", encoding="utf-8-sig", newline="") as handle:
        spec_rows = list(csv.DictReader(handle))
    positions: dict[str, int] = {}
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(OUTPUT_COLUMNS)
        for row in spec_rows:
            table = row["cdmTableName"]
            positions[table] = positions.get(table, 0) + 1
            writer.writerow(
                [
                    table,
                    schema_of[table],
                    row["cdmFieldName"].strip('"'),  # the spec quotes reserved words such as "offset"
                    positions[table],
                    row["cdmDatatype"].lower(),
                    "yes" if row["isRequired"] == "Yes" else "no",
                    "yes" if row["isPrimaryKey"] == "Yes" else "no",
                    _na(row["fkTableName"]).lower(),
                    _na(row["fkFieldName"]).lower(),
                    _na(row["fkDomain"]),
                    _na(row["fkClass"]),
                ]
            )
    return len(spec_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=Path("../shared/reference/omop"))
    parser.add_argument("--output", type=Path, default=Path("src/oncodata/cdm/data/cdm_v54_fields.csv"))
    args = parser.parse_args()
    count = derive(args.reference, args.output)
    print(f"wrote {count} fields to {args.output}")


if __name__ == "__main__":
    main()
