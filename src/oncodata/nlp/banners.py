"""Blank the page banners a scanned report repeats mid-text ("Page 2 of 3", "CONTINUED ON NEXT PAGE"), offsets kept."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from oncodata.nlp.resources import load_yaml

# Strings every banner line holds one of (a page number's word, a rule, "continued").
BANNER_CUES = ("page", "Page", "PAGE", "===", "---", "___", "***", "~~~", "ontinued", "ONTINUED")
# Where a line ends: a line break, or the ". " a TCGA-style flattening put in its place.
LINE_END = re.compile(r"\n|\.(?= )")


@cache
def _spec() -> dict[str, Any]:
    spec = load_yaml("page_banners.yaml")
    return {
        "page_mark": re.compile(spec["page_mark"]),
        "continuation": re.compile(spec["continuation"]),
        "banner_words": re.compile(spec["banner_words"]),
        "max_banner_length": int(spec["max_banner_length"]),
    }


def blank_page_banners(text: str) -> str:
    """The text with its page-banner lines (a page number with only a banner's words around it, a "continued" line, a
    rule) turned to spaces, a flattened line's closing stop with them, so what a page break split reads as one.

    >>> " ".join(blank_page_banners("Stage:. =======. Patient: [redacted]  Page 2 of 3. CONTINUED ON NEXT PAGE. IB.").split())
    'Stage:. IB.'
    >>> blank_page_banners("Margins free, 2.1 cm away. Page 2 of 3\\nNodes 0/5").split()
    ['Margins', 'free,', '2.1', 'cm', 'away.', 'Nodes', '0/5']
    >>> blank_page_banners("Tumor measures 2.0 cm (page 2 of the gross)")
    'Tumor measures 2.0 cm (page 2 of the gross)'
    """
    if not any(cue in text for cue in BANNER_CUES):
        return text  # (the cheap check first: most reports have no banner)
    spec = _spec()
    lines = _lines(text)
    blanked: list[tuple[int, int]] = []
    for start, end in lines:
        line = text[start:end]
        if len(line) > spec["max_banner_length"]:
            continue
        mark = spec["page_mark"].search(line)
        banner = mark is not None and spec["banner_words"].match(line[: mark.start()] + line[mark.end() :]) is not None
        if banner or spec["continuation"].match(line):
            # (a flattened line's stop goes with it; a line break stays)
            blanked.append((start, end + 1 if text.startswith(". ", end) else end))
    if not blanked:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in blanked:
        pieces += [text[last:start], " " * (end - start)]
        last = end
    return "".join(pieces) + text[last:]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, a flattened ". " counting as a line end."""
    lines: list[tuple[int, int]] = []
    start = 0
    for end in LINE_END.finditer(text):
        lines.append((start, end.start()))
        start = end.end() + (1 if end.group(0) == "." else 0)
    lines.append((start, len(text)))
    return lines
