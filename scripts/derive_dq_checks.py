"""Derive the packaged DQD check types and per-table/field/concept check thresholds from the OHDSI DQD files."""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

LEVEL_FILES = {"TABLE": "Table_Level", "FIELD": "Field_Level", "CONCEPT": "Concept_Level"}
TYPE_COLUMNS = ["checkLevel", "checkName", "kahnContext", "kahnCategory", "kahnSubcategory", "severity", "sqlFile"]
CHECK_COLUMNS = [
    "checkLevel",
    "checkName",
    "cdmTableName",
    "cdmFieldName",
    "conceptId",
    "unitConceptId",
    "threshold",
    "parameter",
]
# DQD writes "tomorrow" as SQL Server; keep the fact, not the dialect.
RELATIVE_LIMITS = {"DATEADD(dd,1,GETDATE())": "tomorrow", "YEAR(GETDATE())+1": "next_year"}
_CONDITION = re.compile(r"(\w+)\s*(==|!=)\s*'([^']*)'")


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _value(row: dict[str, str], column: str) -> str:
    value = (row.get(column) or "").strip()
    return "" if value == "NA" else value


def applies(evaluation_filter: str, row: dict[str, str]) -> bool:
    """Evaluate DQD's evaluationFilter (`a=='Yes' & b!=''`) against one threshold-file row."""
    for term in evaluation_filter.split("&"):
        match = _CONDITION.search(term)
        if match is None:
            raise ValueError(f"unreadable evaluation filter: {evaluation_filter}")
        column, operator, expected = match.groups()
        actual = _value(row, column)
        if (actual == expected) != (operator == "=="):
            return False
    return True


def parameter_of(check: str, row: dict[str, str]) -> str:
    """The one fact a check instance needs besides its table/field/concept (empty when none)."""
    match check:
        case "isForeignKey":
            return f"{_value(row, 'fkTableName').lower()}.{_value(row, 'fkFieldName').lower()}"
        case "fkDomain":
            return _value(row, "fkDomain")
        case "fkClass":
            return _value(row, "fkClass")
        case "sourceValueCompleteness":
            return _value(row, "standardConceptFieldName").lower()
        case "plausibleValueLow" | "plausibleValueHigh":
            raw = _value(row, check).strip("'")
            return RELATIVE_LIMITS.get(raw, raw)
        case "plausibleTemporalAfter":
            table, field = _value(row, "plausibleTemporalAfterTableName"), _value(row, "plausibleTemporalAfterFieldName")
            return f"{table.lower()}.{field.lower()}"
        case "plausibleStartBeforeEnd":
            return _value(row, "plausibleStartBeforeEndFieldName").lower()
        case "plausibleGender" | "plausibleGenderUseDescendants":
            return _value(row, check)
        case "plausibleUnitConceptIds":
            return _value(row, "plausibleUnitConceptIds")
    return ""


def threshold_of(check: str, row: dict[str, str]) -> str:
    column = "plausibleUnitConceptIdsThreshold" if check == "plausibleUnitConceptIds" else f"{check}Threshold"
    return _value(row, column) or "0"


def derive(reference_dir: Path, output_dir: Path) -> tuple[int, int]:
    """Write dqd_check_types.csv (27 rows) and dqd_checks.csv (one row per instantiated check)."""
    types = _read(reference_dir / "OMOP_CDMv5.4_Check_Descriptions.csv")
    level_rows = {level: _read(reference_dir / f"OMOP_CDMv5.4_{name}.csv") for level, name in LEVEL_FILES.items()}
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(output_dir / "dqd_check_types.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(TYPE_COLUMNS)
        for check_type in types:
            writer.writerow([_value(check_type, column) for column in TYPE_COLUMNS])
    count = 0
    with open(output_dir / "dqd_checks.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CHECK_COLUMNS)
        for check_type in types:
            level, name = check_type["checkLevel"], check_type["checkName"]
            for row in level_rows[level]:
                if not applies(check_type["evaluationFilter"], row):
                    continue
                threshold = "0" if name in ("cdmTable", "cdmField", "cdmDatatype") else threshold_of(name, row)
                writer.writerow(
                    [
                        level,
                        name,
                        _value(row, "cdmTableName").lower(),
                        _value(row, "cdmFieldName").lower().strip('"') if level != "TABLE" else "",
                        _value(row, "conceptId") if level == "CONCEPT" else "",
                        _value(row, "unitConceptId") if level == "CONCEPT" else "",
                        threshold,
                        parameter_of(name, row),
                    ]
                )
                count += 1
    return len(types), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=Path("../shared/reference/dqd"))
    parser.add_argument("--output", type=Path, default=Path("src/oncodata/quality/data"))
    args = parser.parse_args()
    types, checks = derive(args.reference, args.output)
    print(f"wrote {types} check types and {checks} check instances to {args.output}")


if __name__ == "__main__":
    main()
