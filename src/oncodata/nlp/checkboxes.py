"""The tick boxes of pathology checklists, as pattern sources the readers of each field build on."""

from __future__ import annotations

import re
from functools import lru_cache

# Marks some systems put, with no box, right before the chosen option ("■左肺下叶", "有 √无").
TICK_MARKS = "■☑√✓✔"
# A ticked box: "[X]", "(x)", "[✓]", "_X_", or one of those marks glued to the option.
TICKED = rf"(?:[\[(]\s*[xX✓✔]\s*[\])|]|_+[xX]_+|[{TICK_MARKS}])"  # (OCR closes a box with "|": "[X|")
# An empty box glued to the option after it: "[ ]", "( )", "___", "☐".
UNTICKED = r"(?:\[\s*\]|\(\s*\)|_{2,}|[☐□])"
# A tick, or an empty box, right before an offset (search the few characters before the option).
TICKED_BEFORE = re.compile(TICKED + r"\s*$")
UNTICKED_BEFORE = re.compile(UNTICKED + r"\s*$")

# A bracketed box, ticked or empty ("[X]", "[X ]", "(x)", "[ ]", "( )", OCR's "[X|").
# (Chinese forms: "无（√）  有（ ）", full-width brackets and a check mark.)
BOX = re.compile(r"[\[(（][ \t\u3000]*(?P<mark>[xX✓✔√])?[ \t\u3000]*[\])|）]")
# Where a checklist item starts and ends: a line or a sentence (a dot leader's last dot ends none: "pN2 .... [X]").
ITEM_END = re.compile(r"\n|(?<!\.)\.\s")
WORD = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]")
ITEM_REACH = 240


def option_ticked(text: str, start: int, end: int) -> bool | None:
    """Whether the option at `start:end` of a checklist item is ticked (True) or left empty (False), wherever its
    box stands: before it ("Side: [ ] Right  [X] Left") or after it, as scanned forms put it ("pT3 [X]  pT4 [ ]",
    "Absent [ ]  Present [X]", "pN2 .... [X]"). None when the option has no box of its own.

    >>> [option_ticked(t, t.index("pT3"), t.index("pT3") + 3) for t in ("pT2a [ ] pT3 [X] pT4 [ ]", "pT3 [ ]", "pT3")]
    [True, False, None]
    >>> t = "Side: [ ] Right  [X] Left"
    >>> option_ticked(t, t.index("Right"), t.index("Right") + 5), option_ticked(t, t.index("Left"), t.index("Left") + 4)
    (False, True)
    """
    reach = max(0, start - ITEM_REACH)
    item_start = reach
    for opener in ITEM_END.finditer(text, reach, start):
        item_start = opener.end()
    closed = ITEM_END.search(text, end, end + ITEM_REACH)
    item_end = closed.start() if closed else min(len(text), end + ITEM_REACH)
    boxes = list(BOX.finditer(text, item_start, item_end))
    if not boxes:
        return None
    # Boxes after their options: words before the first box and none after the last one.
    trailing = bool(WORD.search(text, item_start, boxes[0].start())) and not WORD.search(text, boxes[-1].end(), item_end)
    if trailing:
        box = next((b for b in boxes if b.start() >= end), None)
    else:
        box = next((b for b in reversed(boxes) if b.end() <= start), None)
        if box is not None and WORD.search(text, box.end(), start):
            box = None  # the box before is another option's ("[X] Lobectomy  Wedge")
    return None if box is None else box.group("mark") is not None


def trailing_ticked_option(text: str, position: int) -> int | None:
    """On a line whose boxes follow their options ("Vascular invasion: Absent [ ]  Present [X]"), where the ticked
    option's words start; None for any other line.

    >>> t = "LVI: Absent [ ]  Present [X]"
    >>> t[trailing_ticked_option(t, 4):]
    'Present [X]'
    """
    closed = ITEM_END.search(text, position, position + ITEM_REACH)
    line_end = closed.start() if closed else min(len(text), position + ITEM_REACH)
    boxes = list(BOX.finditer(text, position, line_end))
    if not boxes or not WORD.search(text, position, boxes[0].start()) or WORD.search(text, boxes[-1].end(), line_end):
        return None
    for index, box in enumerate(boxes):
        if box.group("mark"):
            option = WORD.search(text, boxes[index - 1].end() if index else position, box.start())
            return option.start() if option else None
    return None


@lru_cache(maxsize=16)
def has_tick_boxes(text: str) -> bool:
    """Whether a report has any bracketed tick box at all (most have none; the box readers are skipped then)."""
    return BOX.search(text) is not None
