"""Read a checklist's dot leaders ("Tumor size ........ 6.2 cm") as the colon they stand for, offsets kept."""

from __future__ import annotations

import re

# Four or more dots between a label and its answer (an ellipsis in prose has three).
DOT_LEADER = re.compile(r"[ \t]*\.{4,}[ \t]*")


def open_dot_leaders(text: str) -> str:
    """The text with each dot leader replaced by a colon and spaces of the same length, so every offset still points
    at the same character of the original.

    >>> open_dot_leaders("Tumor size ........ 6.2 cm")
    'Tumor size:         6.2 cm'
    """
    if "...." not in text:
        return text
    return DOT_LEADER.sub(lambda leader: ":" + " " * (len(leader.group(0)) - 1), text)
