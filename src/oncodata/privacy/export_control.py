"""Export control for aggregate outputs: small-cell suppression and a k-anonymity check over quasi-identifiers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from oncodata.errors import BadInputError

DEFAULT_SMALL_CELL_THRESHOLD = 5
Coarsener = Callable[[Any], Any]


def suppressed_label(threshold: int = DEFAULT_SMALL_CELL_THRESHOLD) -> str:
    """How a suppressed count is shown, e.g. `<5`."""
    return f"<{threshold}"


def suppress_count(count: int | None, threshold: int = DEFAULT_SMALL_CELL_THRESHOLD) -> int | str | None:
    """A count below the threshold (but above zero) becomes `<threshold`; zero stays zero, as a true absence.

    >>> suppress_count(3), suppress_count(0), suppress_count(12)
    ('<5', 0, 12)
    """
    if count is None or count == 0 or count >= threshold:
        return count
    return suppressed_label(threshold)


def suppress_small_cells(
    rows: Sequence[Mapping[str, Any]], count_columns: Sequence[str], threshold: int = DEFAULT_SMALL_CELL_THRESHOLD
) -> list[dict[str, Any]]:
    """Copy of `rows` with every count column below the threshold shown as `<threshold`."""
    if threshold < 1:
        raise BadInputError("the small-cell threshold must be at least 1")
    result: list[dict[str, Any]] = []
    for row in rows:
        copy = dict(row)
        for column in count_columns:
            if column not in copy:
                raise BadInputError(f"count column {column!r} is not in the rows")
            copy[column] = suppress_count(copy[column], threshold)
        result.append(copy)
    return result


def suppress_small_cells_table(
    table: pa.Table, count_columns: Sequence[str], threshold: int = DEFAULT_SMALL_CELL_THRESHOLD
) -> pa.Table:
    """Pyarrow form: each count column becomes a string column with small cells shown as `<threshold`."""
    for column in count_columns:
        if column not in table.column_names:
            raise BadInputError(f"count column {column!r} is not in the table")
        counts = table[column]
        is_small = pc.and_(pc.greater(counts, 0), pc.less(counts, threshold))
        shown = pc.if_else(is_small, pa.scalar(suppressed_label(threshold)), pc.cast(counts, pa.string()))
        table = table.set_column(table.column_names.index(column), column, shown)
    return table


def age_band(width: int = 5) -> Coarsener:
    """Coarsen an age to a band label such as `60-64`."""

    def to_band(age: Any) -> Any:
        if age is None:
            return None
        low = int(age) // width * width
        return f"{low}-{low + width - 1}"

    return to_band


def date_to_year(value: Any) -> Any:
    """Coarsen a date (or ISO date text) to its year."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.year
    return int(str(value)[:4])


@dataclass(frozen=True)
class KAnonymityReport:
    """Smallest equivalence class over the quasi-identifiers, and every group smaller than k."""

    k: int
    quasi_identifiers: tuple[str, ...]
    smallest_class_size: int
    class_count: int
    offending_groups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def satisfied(self) -> bool:
        return not self.offending_groups


def check_k_anonymity(
    rows: Sequence[Mapping[str, Any]] | pa.Table,
    quasi_identifiers: Sequence[str],
    k: int = DEFAULT_SMALL_CELL_THRESHOLD,
    coarsen: Mapping[str, Coarsener] | None = None,
) -> KAnonymityReport:
    """Group rows by the (optionally coarsened) quasi-identifiers; report the smallest group and the ones below k.

    >>> rows = [{"age": 61, "sex": "F"}, {"age": 63, "sex": "F"}, {"age": 40, "sex": "M"}]
    >>> check_k_anonymity(rows, ["age", "sex"], k=2, coarsen={"age": age_band(5)}).offending_groups
    [{'age': '40-44', 'sex': 'M', 'size': 1}]
    """
    if k < 1:
        raise BadInputError("k must be at least 1")
    if not quasi_identifiers:
        raise BadInputError("a k-anonymity check needs at least one quasi-identifier column")
    records = rows.to_pylist() if isinstance(rows, pa.Table) else rows
    coarsen = coarsen or {}
    classes: Counter[tuple[Any, ...]] = Counter()
    for record in records:
        missing = [column for column in quasi_identifiers if column not in record]
        if missing:
            raise BadInputError(f"quasi-identifier column {missing[0]!r} is not in the data")
        classes[tuple(coarsen.get(column, _identity)(record[column]) for column in quasi_identifiers)] += 1
    offending = [
        {**dict(zip(quasi_identifiers, values, strict=True)), "size": size}
        for values, size in sorted(classes.items(), key=lambda item: (item[1], repr(item[0])))
        if size < k
    ]
    return KAnonymityReport(
        k=k,
        quasi_identifiers=tuple(quasi_identifiers),
        smallest_class_size=min(classes.values(), default=0),
        class_count=len(classes),
        offending_groups=offending,
    )


def _identity(value: Any) -> Any:
    return value
