"""The tick boxes of pathology checklists, as pattern sources the readers of each field build on."""

from __future__ import annotations

import re

# Marks some systems put, with no box, right before the chosen option ("■左肺下叶", "有 √无").
TICK_MARKS = "■☑√✓✔"
# A ticked box: "[X]", "(x)", "[✓]", "_X_", or one of those marks glued to the option.
TICKED = rf"(?:[\[(]\s*[xX✓✔]\s*[\])]|_+[xX]_+|[{TICK_MARKS}])"
# An empty box glued to the option after it: "[ ]", "( )", "___", "☐".
UNTICKED = r"(?:\[\s*\]|\(\s*\)|_{2,}|[☐□])"
# A tick right before an offset (search the few characters before the option).
TICKED_BEFORE = re.compile(TICKED + r"\s*$")
