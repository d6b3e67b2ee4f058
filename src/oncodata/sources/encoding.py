"""Detect the text encoding of a hospital export: UTF-8 (with or without BOM) or GBK/GB18030."""

from __future__ import annotations

import codecs
from pathlib import Path

SAMPLE_BYTES = 4 * 1024 * 1024
SUPPORTED = ("utf-8", "utf-8-sig", "gb18030", "gbk")
ALIASES = {"utf8": "utf-8", "utf-8-bom": "utf-8-sig", "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030"}


def normalize_encoding_name(name: str) -> str:
    """Canonical codec name; GB2312 and GBK are read as GB18030, their superset."""
    lowered = name.strip().lower()
    return ALIASES.get(lowered, lowered)


def _decodes(sample: bytes, encoding: str) -> bool:
    # An incremental decoder tolerates a multi-byte character cut at the end of the sample.
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path, sample_bytes: int = SAMPLE_BYTES) -> str:
    """`utf-8-sig` when a BOM is present, `utf-8` when the sample decodes as UTF-8, else `gb18030`.

    The sample is the head of the file; a file that changes encoding further down is caught line by line
    when it is read (such lines are quarantined), so detection never needs the whole file.
    """
    with open(path, "rb") as handle:
        sample = handle.read(sample_bytes)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if _decodes(sample, "utf-8"):
        return "utf-8"
    return "gb18030"
