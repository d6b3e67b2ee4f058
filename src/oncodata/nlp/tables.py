"""Pipe-delimited tables in report text ("组别 | 检出数 | 转移数"): their lines, the rows around one, cells with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

TABLE_LINE = re.compile(r"^[^\n]*\|[^\n]*$", re.MULTILINE)
# A table's line end that a flattening made a stop: after a row's closing bar ("| IA |. | AJCC 8th |", "| IA |.
# MOLECULAR STUDIES") or before a row's opening one ("Pathologic staging:. | Edition | pT |").
FLATTENED_ROW_END = re.compile(r"(?<=\|)\.(?=[ \t])|(?<=\S)\.(?=[ \t]\|)")


class Cell(NamedTuple):
    """One cell of a table line as written (not stripped), and where it starts in the text."""

    start: int
    text: str


def cells(text: str, line_start: int, line_end: int) -> list[Cell]:
    """The cells of the table line text[line_start:line_end].

    >>> [c.text.strip() for c in cells("x\\n2R | 2 | 0\\n", 2, 12)]
    ['2R', '2', '0']
    """
    found: list[Cell] = []
    position = line_start
    for part in text[line_start:line_end].split("|"):
        found.append(Cell(position, part))
        position += len(part) + 1
    return found


def unflatten_table_rows(text: str) -> str:
    """The text with the stops a flattening put at a table's line ends turned back into line breaks (same length).

    >>> unflatten_table_rows("staging:. | Edition | Stage |. | AJCC 7th | IA |. MOLECULAR")
    'staging:\\n | Edition | Stage |\\n | AJCC 7th | IA |\\n MOLECULAR'
    """
    if "\n" in text or ("|." not in text and ". |" not in text):
        return text  # (a report that kept its line breaks was not flattened)
    return FLATTENED_ROW_END.sub("\n", text)


def table_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line that holds a "|", each a possible header."""
    if "|" in text:
        for line in TABLE_LINE.finditer(text):
            yield line.start(), line.end()


def rows_below(text: str, header_end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the table lines right under a header, up to the first line that is no row."""
    position = header_end
    while position < len(text) and text[position] == "\n":
        end = text.find("\n", position + 1)
        end = len(text) if end < 0 else end
        if "|" not in text[position + 1 : end]:
            return
        yield position + 1, end
        position = end


def lines_above(text: str, line_start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the table lines right over a row, nearest first, up to the first line that is no row."""
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if "|" not in text[start:end]:
            return
        yield start, end
        end = start - 1
