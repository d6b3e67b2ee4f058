"""Split a report into sections (diagnosis, synoptic, gross, history, findings, impression…) by their headings."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from oncodata.nlp.resources import load_yaml
from oncodata.nlp.scan import first_characters, fold, folded, lower_pattern


@dataclass(frozen=True)
class SectionMap:
    """Section starts in a report; `kind_at(offset)` says which section an offset falls in."""

    starts: tuple[int, ...]
    kinds: tuple[str, ...]

    def kind_at(self, offset: int) -> str:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.kinds[index] if index >= 0 else "body"

    def start_at(self, offset: int) -> int:
        """Where the section an offset falls in starts (0 before the first heading)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.starts[index] if index >= 0 else 0


# Sections that repeat or precede the diagnosis rather than state it: counts and verdicts there are not read again.
REPEATING_SECTIONS = frozenset({"history", "gross", "comment", "frozen"})
RULE_CHARACTERS = frozenset("-=*")  # a heading framed by a rule of them: "--- CHECKLIST ---"
HEADING_START_EN = re.compile(r"\n|[.:]\s")  # an English heading starts the text, a line, or after ". " / ": "


@cache
def _heading_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, list[str]] = load_yaml("sections.yaml")[lang]
    groups: dict[str, str] = {}
    alternatives = []
    for index, (kind, headings) in enumerate(table.items()):
        name = f"s{index}"
        groups[name] = kind
        alternatives.append(f"(?P<{name}>{'|'.join(headings)})")
    body = "|".join(alternatives)
    if lang == "en":
        # A heading starts a line or follows a full stop (see HEADING_START_EN), and ends with a colon or full stop
        # (OCR keeps either); a bracketed note or a dash and an organ may follow it on its line ("SYNOPTIC REPORT -
        # LUNG").
        # A numbered addendum may be dated and titled: "ADDENDUM 1 ([date]) - REVISED DIAGNOSIS:".
        # ("STRUCTURED PATHOLOGY REPORT - Lung cancer (RCPA protocol; AJCC/UICC 8th edition)")
        # (or framed by a rule of dashes: "--- CHECKLIST ---")
        pattern = (
            rf"\s*(?:[-=*]{{3,}}[ \t]*)?(?:{body})\s*(?:\([^)]{{0,60}}\))?\s*(?:[-–]\s*[a-z][a-z ,-]{{1,30}}(?:\([^)\n]{{0,60}}\))?"
            rf"(?=\n|:|\.\s))?(?:[ \t]*[-=*]{{3,}}[ \t]*(?=\n|\.\s))?\s*[:.\n]"
        )
        return folded(pattern), groups
    # A Chinese heading starts the text, a line or a sentence, or, with its colon, runs on from the last field of an
    # export that lost its line breaks ("送检科室：胸外科临床诊断：…").
    # A heading that opens its line may have a bracketed note before the colon: "病理诊断（原报告）：", "补充报告（2022年3月…
    # 日）：" (a run-on one may not: "手术所见（摘自手术记录）：" is the operative record's, no findings section). A
    # bracketed heading needs no colon: "…距切缘0.8cm【病理诊断】1.（右肺上叶）…".
    # A line's heading may be numbered: "四、病理诊断（石蜡）", "2. 大体所见：".
    pattern = rf"(?:(?P<lead>^|(?<=[\n。\s]))\s*(?:[一二三四五六七八九十]{{1,2}}、|\d{{1,2}}[、.．]\s?)?【?|(?<=[^\n。\s]))(?:{body})】?(?(lead)(?:[（(][^）)\n]{{0,20}}[)）])?)(?:\s*[:：\n]|(?<=】))"
    return re.compile(pattern), groups


@cache
def _heading_first_letters() -> frozenset[str] | None:
    """The letters an English heading can begin with; None when one may begin with anything."""
    letters: set[str] = set()
    for headings in load_yaml("sections.yaml")["en"].values():
        for heading in headings:
            first = first_characters(lower_pattern(heading))
            if first is None:
                return None
            letters |= first
    return frozenset(letters)


def find_sections(text: str, lang: str) -> SectionMap:
    """The section map of a report.

    >>> find_sections("CLINICAL HISTORY: cough. DIAGNOSIS: adenocarcinoma.", "en").kind_at(40)
    'diagnosis'
    """
    pattern, groups = _heading_pattern(lang)
    starts: list[int] = []
    kinds: list[str] = []
    if lang == "en":
        # Try the heading pattern only where a heading may start: much faster than scanning every offset.
        lower = fold(text)
        matches: list[re.Match[str]] = []
        firsts = _heading_first_letters()
        size = len(lower)
        for position in (0, *(m.end() for m in HEADING_START_EN.finditer(lower))):
            if matches and position < matches[-1].end():
                continue
            if (
                firsts is not None
                and position < size
                and lower[position] not in firsts
                and not lower[position].isspace()
                and lower[position] not in RULE_CHARACTERS
            ):
                continue  # no heading starts with this letter: skip the costly pattern
            match = pattern.match(lower, position)
            if match:
                matches.append(match)
    else:
        # A heading run on from the field before it needs its colon: "…胸外科临床诊断：", not "…复查\n".
        # (nor inside a bracket: "临床病史：左乳癌术后（原单位免疫组化：…HER2 3+）" is still the history)
        matches = [
            m
            for m in pattern.finditer(text)
            if m.group("lead") is not None or not (m.group(0).endswith("\n") or _in_bracket_zh(text, m.start()))
        ]
    for match in matches:
        kind = groups[match.lastgroup or ""]  # the heading's kind group is the last to close
        starts.append(match.start())
        kinds.append(kind)
    return SectionMap(tuple(starts), tuple(kinds))


def _in_bracket_zh(text: str, position: int) -> bool:
    """Whether a position sits inside a bracket opened earlier on its line or sentence (since the last "。")."""
    line = text[max(text.rfind("\n", 0, position), text.rfind("。", 0, position)) + 1 : position]
    return line.count("（") + line.count("(") > line.count("）") + line.count(")")
