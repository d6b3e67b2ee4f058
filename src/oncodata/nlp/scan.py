"""Fast scanning: run an expensive pattern only in windows around cheap literal anchors found with str.find."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import ahocorasick_rs

WORD_END = re.compile(r"[^0-9A-Za-z]")
MANY_ANCHORS = 8  # more anchors than this are found in one Aho-Corasick pass rather than one str.find pass each
BLANK_RUN = " " * 24  # spaces that only a blanked banner or a column layout leaves: a window reaches across them


@lru_cache(maxsize=1024)
def anchor_positions(lower: str, anchor: str) -> tuple[int, ...]:
    """Every offset of a literal in the text; many patterns share an anchor ("node", "tumor"), so a report's text is
    searched for each one once."""
    found: list[int] = []
    find = lower.find
    position = find(anchor)
    while position >= 0:
        found.append(position)
        position = find(anchor, position + 1)
    return tuple(found)


def anchor_windows(lower: str, anchors: Iterable[str], before: int, after: int) -> tuple[tuple[int, int], ...]:
    """Merged (start, end) windows around every occurrence of any anchor in the lowercased text."""
    return _anchor_windows(lower, anchors if isinstance(anchors, tuple) else tuple(anchors), before, after)


@lru_cache(maxsize=256)
def _anchor_windows(lower: str, anchors: tuple[str, ...], before: int, after: int) -> tuple[tuple[int, int], ...]:
    # Cached: the rules for one field often scan the same anchors with several patterns (half the calls repeat).
    if len(anchors) > MANY_ANCHORS:
        spots = [start for _, start, _ in _anchor_finder(anchors).find_matches_as_indexes(lower, overlapping=True)]
    else:
        spots = [position for anchor in anchors for position in anchor_positions(lower, anchor)]
    if not spots:
        return ()
    spots.sort()
    size = len(lower)
    windows: list[tuple[int, int]] = []
    blanks = _has_blank_run(lower)
    for spot in spots:
        start, end = max(0, spot - before), min(size, spot + after)
        blank = lower.find(BLANK_RUN, spot, end) if blanks else -1
        if blank >= 0:
            # A blanked page banner (or a wide column gap) between a label and its value: the reach goes on past it.
            run_end = blank + len(BLANK_RUN)
            while run_end < size and lower[run_end] == " ":
                run_end += 1
            end = min(size, end + (run_end - blank))
        # End between words so a lookahead at the window edge cannot pass on a cut word.
        if end < size and lower[end].isalnum():
            boundary = WORD_END.search(lower, end)
            end = boundary.start() if boundary else size
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return tuple(windows)


@lru_cache(maxsize=64)
def _has_blank_run(lower: str) -> bool:
    return BLANK_RUN in lower


@lru_cache(maxsize=64)
def _anchor_finder(anchors: tuple[str, ...]) -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(anchors)


def anchored_finditer(
    pattern: re.Pattern[str], text: str, lower: str, anchors: Iterable[str], before: int = 40, after: int = 80
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` restricted to windows around the anchors (matches in order, not overlapping).

    Every match the pattern can make must contain an anchor and fit in `before`/`after` characters around it.

    >>> [m.group(0) for m in anchored_finditer(re.compile(r"pT\\d"), "x pT2 y pT3", "x pt2 y pt3", ["pt"], 2, 4)]
    ['pT2', 'pT3']
    """
    last_end = -1
    for start, end in anchor_windows(lower, anchors, before, after):
        for match in pattern.finditer(text, start, end):
            if match.start() < last_end:
                continue
            last_end = match.end()
            yield match


def anchored_search(
    pattern: re.Pattern[str], text: str, lower: str, anchors: Iterable[str], before: int = 40, after: int = 80
) -> re.Match[str] | None:
    """The first match of `pattern` near an anchor, or None."""
    return next(anchored_finditer(pattern, text, lower, anchors, before, after), None)


def fold(text: str) -> str:
    """Lowercase with offsets kept: characters whose lowercase form is longer (rare) stay as they are.

    >>> fold("Tumor İ"), len(fold("Tumor İ"))
    ('tumor İ', 7)
    """
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


ESCAPE_OR_LETTER = re.compile(r"\\.|\(\?P[<=][^>)]*[>)]|[A-Z]")


def lower_pattern(source: str) -> str:
    """A regex source for matching folded text without IGNORECASE: upper-case letters lowered, escapes kept.

    >>> lower_pattern(r"\\bRUL\\b|Right\\s+Lung\\S")
    '\\\\brul\\\\b|right\\\\s+lung\\\\S'
    """
    return ESCAPE_OR_LETTER.sub(lambda m: m.group(0) if m.group(0)[0] in "\\(" else m.group(0).lower(), source)


def folded(source: str) -> re.Pattern[str]:
    """Compile a case-insensitive pattern for matching folded (lowercased) text, without the slower IGNORECASE."""
    return re.compile(lower_pattern(source))


def first_characters(source: str) -> frozenset[str] | None:
    """The characters a match of a regex can begin with, or None when it could begin with any (or match empty).

    Lets a caller try, at a given offset, only the alternatives that can start with the character there.

    >>> sorted(first_characters(r"(?<![a-z])(?:invasive )?adeno|[bc]at|d?og"))
    ['a', 'b', 'c', 'd', 'i', 'o']
    >>> first_characters(r"\\w+cell") is None, first_characters(r"x?") is None
    (True, True)
    """
    from re import _constants as c
    from re import _parser

    def scan(ops: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
        """(first characters, whether the sequence can match empty)."""
        found: set[str] = set()
        for op, av in ops:
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # zero-width: the next item supplies the character
            if op is c.LITERAL:
                return found | {chr(av)}, False
            if op is c.IN:
                chars = set()
                for item_op, item in av:
                    if item_op is c.LITERAL:
                        chars.add(chr(item))
                    elif item_op is c.RANGE and item[1] - item[0] < 128:
                        chars.update(chr(code) for code in range(item[0], item[1] + 1))
                    else:
                        return None, False  # a negated set or a category (\w, \d)
                return found | chars, False
            if op is c.SUBPATTERN:
                inner, empty = scan(list(av[3]))
            elif op is c.BRANCH:
                inner, empty = set(), False
                for alternative in av[1]:
                    chars, alternative_empty = scan(list(alternative))
                    if chars is None:
                        return None, False
                    inner |= chars
                    empty = empty or alternative_empty
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                inner, empty = scan(list(av[2]))
                empty = empty or av[0] == 0
            else:
                return None, False  # any character, a back-reference…: anything may start it
            if inner is None:
                return None, False
            found |= inner
            if not empty:
                return found, False
        return found, True

    chars, can_be_empty = scan(list(_parser.parse(source)))
    return None if chars is None or can_be_empty else frozenset(chars)
