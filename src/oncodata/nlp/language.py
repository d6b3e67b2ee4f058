"""Tell Chinese from English report text by the share of CJK characters."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'zh' when CJK characters are at least a fifth of the letters, else 'en'.

    >>> detect_language("右肺上叶见一结节"), detect_language("Adenocarcinoma of the right upper lobe")
    ('zh', 'en')
    """
    sample = text[:4000]
    cjk = len(CJK.findall(sample))
    latin = len(LATIN.findall(sample))
    return "zh" if cjk and cjk * 5 >= latin else "en"
