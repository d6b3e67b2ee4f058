"""Rejoin words a scanned report wrapped across a line ("adeno-\\ncarcinoma", "脏层胸\\n膜"), keeping true offsets."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from oncodata.nlp.facts import ReportFacts, Span
from oncodata.nlp.resources import load_yaml

# A hyphen ending a line, after a letter and before a lower-case continuation: "carci-\n  noma".
# A hyphen ending a line, or ending a line TCGA-style flattened to ". " ("lymphovascu-. lar invasion").
# (The lookbehind comes after the hyphen so `re` can scan for the literal "-" first: several times faster.)
# (In a report written in capitals the continuation is in capitals too: "INVASIVE ADENO-. CARCINOMA".)
# (An indented continuation in capitals too, "NEGA-\n   TIVE": the joined word must be one the list knows.)
WRAP = re.compile(
    r"-(?<=[A-Za-z]-)[ \t]*(?:\r?\n|\.[ \t])[ \t]*"
    r"(?=[a-z]|(?<=[A-Z]{2}-\n)[A-Z]{3}|(?<=[A-Z]{2}-\. )[A-Z]{3}|(?:(?<=\n[ \t])|(?<=\n[ \t]{2})|(?<=\n[ \t]{3})|(?<=\n[ \t]{4}))[A-Z]{3})"
)
WORD_BEFORE = re.compile(r"[A-Za-z0-9]+$")


@cache
def _compound_heads() -> frozenset[str]:
    return frozenset(word.lower() for word in load_yaml("line_wraps.yaml")["en"]["keep_hyphen_after"])


WORD_AFTER = re.compile(r"[A-Za-z]+")


@cache
def _capital_joins() -> frozenset[str]:
    return frozenset(word.lower() for word in load_yaml("line_wraps.yaml")["en"]["join_in_capitals"])


def _capital_wrap(text: str, before: re.Match[str] | None, after: int) -> bool:
    """Whether a hyphen before a line in capitals wrapped one word ("ADENO-. CARCINOMA"): only words the list knows
    are joined, as a capital after a dash more often opens the next line."""
    following = WORD_AFTER.match(text, after)
    if before is None or following is None:
        return False
    return (before.group(0) + following.group(0)).lower() in _capital_joins()


def join_wrapped_words(text: str) -> tuple[str, list[int] | None]:
    """The text with line-end hyphenation undone, and for each of its offsets (plus its end) the original offset;
    (text, None) when nothing was wrapped.

    >>> join_wrapped_words("adeno-\\ncarcinoma, well-\\n differentiated")[0]
    'adenocarcinoma, well-differentiated'
    """
    if "-" not in text or WRAP.search(text) is None:
        return text, None
    heads = _compound_heads()
    pieces: list[str] = []
    mapping: list[int] = []
    last = 0
    for wrap in WRAP.finditer(text):
        pieces.append(text[last : wrap.start()])
        mapping.extend(range(last, wrap.start()))
        word = WORD_BEFORE.search(text, 0, wrap.start())
        capitals = text[wrap.end() : wrap.end() + 1].isupper()
        if capitals and not _capital_wrap(text, word, wrap.end()):
            # A part label's dash before the next line ("VAS DEFERENS-. FINAL DIAGNOSIS"): nothing was wrapped.
            pieces.append(text[wrap.start() : wrap.end()])
            mapping.extend(range(wrap.start(), wrap.end()))
            last = wrap.end()
            continue
        if word and (word.group(0).lower() in heads or (word.group(0).isupper() and not capitals)):
            # A compound written with its hyphen ("well-differentiated", "EGFR-mutant") keeps it.
            pieces.append("-")
            mapping.append(wrap.start())
        last = wrap.end()
    pieces.append(text[last:])
    mapping.extend(range(last, len(text) + 1))
    return "".join(pieces), mapping


# A break between two Chinese characters: a line end (or a flattened one, ". "), or spaces a scan put inside a word.
ZH_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])(?:[ \t]*\r?\n[ \t]*|[ \t]+|\.[ \t]+)(?=[\u4e00-\u9fff])")
ZH_REACH = 6
# A number hard-wrapped at its decimal point ("肿瘤大小3.5x3.0x2\n.5cm", "2.\n5cm"): always one number.
# (not a line ending "…IA2." before a numbered item "2.（右肺下叶）…")
NUMBER_WRAP_ZH = re.compile(r"(?<=\d)[ \t]*\r?\n[ \t]*(?=\.\d)|(?<=\d\.)[ \t]*\r?\n[ \t]*(?=\d)(?!\d{0,2}\s*[.、．])")


@cache
def _zh_word_splits() -> dict[str, tuple[str, ...]]:
    """Each head a word may be split after, with the tails that complete it ("胸" -> ("膜", "腔积液"))."""
    splits: dict[str, set[str]] = {}
    for word in load_yaml("line_wraps.yaml")["zh"]["join_across"]:
        for cut in range(1, len(word)):
            splits.setdefault(word[:cut], set()).add(word[cut:])
    return {head: tuple(tails) for head, tails in splits.items()}


def join_wrapped_words_zh(text: str) -> tuple[str, list[int] | None]:
    """The Chinese text with breaks inside known words removed, and the offset mapping as `join_wrapped_words` gives
    it; (text, None) when no word was broken.

    >>> join_wrapped_words_zh("浸润性腺\\n癌，中分\\n化，未侵犯脏层胸\\n膜，脉 管内未见癌栓。\\n淋巴结：0/3")[0]
    '浸润性腺癌，中分化，未侵犯脏层胸膜，脉管内未见癌栓。\\n淋巴结：0/3'
    >>> join_wrapped_words_zh("肿瘤大小3.5x3.0x2\\n.5cm。")[0]
    '肿瘤大小3.5x3.0x2.5cm。'
    """
    splits = _zh_word_splits()
    breaks = list(NUMBER_WRAP_ZH.finditer(text)) if "\n" in text else []
    for found in ZH_BREAK.finditer(text):
        before, after = text[max(0, found.start() - ZH_REACH) : found.start()], text[found.end() : found.end() + ZH_REACH]
        tails = (splits.get(before[-cut:]) for cut in range(1, len(before) + 1))
        if any(after.startswith(ends) for ends in tails if ends):
            breaks.append(found)
    breaks.sort(key=lambda found: found.start())
    if not breaks:
        return text, None
    pieces: list[str] = []
    mapping: list[int] = []
    last = 0
    for found in breaks:
        pieces.append(text[last : found.start()])
        mapping.extend(range(last, found.start()))
        last = found.end()
    pieces.append(text[last:])
    mapping.extend(range(last, len(text) + 1))
    return "".join(pieces), mapping


def restore_offsets(facts: ReportFacts, original: str, mapping: list[int]) -> ReportFacts:
    """Point every span of facts read from the joined text back at the original report."""

    def span_of(span: Span) -> Span:
        # A span ending just before a removed wrap ends at its last character, not past the "-\n".
        start = mapping[span.start]
        end = mapping[span.end - 1] + 1 if span.end > span.start else start
        return Span(start, end, original[start:end])

    facts.evidence = {name: [span_of(s) for s in spans] for name, spans in facts.evidence.items()}
    facts.findings = [replace(finding, span=span_of(finding.span)) for finding in facts.findings]
    for marker in facts.biomarkers:
        if marker.span is not None:
            marker.span = span_of(marker.span)
    return facts
