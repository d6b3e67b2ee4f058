"""The tick boxes of pathology checklists, as pattern sources the readers of each field build on."""

from __future__ import annotations

# A ticked box: "[X]", "(x)", "[✓]", "_X_", and the Chinese systems' "■", "☑", "√" glued to the option.
TICKED = r"(?:[\[(]\s*[xX✓✔]\s*[\])]|_+[xX]_+|[■☑√✓✔])"
# An empty box glued to the option after it: "[ ]", "( )", "___", "☐".
UNTICKED = r"(?:\[\s*\]|\(\s*\)|_{2,}|[☐□])"
