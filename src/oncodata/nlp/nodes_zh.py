"""Chinese lymph node counts: a stated total, else every station's and node group's count once, corrections applied."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from oncodata.nlp.resources import load_yaml
from oncodata.nlp.sections import SectionMap
from oncodata.nlp.tables import cells, rows_below, table_lines

# Sections whose node mentions are no result: the specimen list, the gross dissection, the clinical history.
SKIPPED_SECTIONS = frozenset({"specimen", "gross", "history"})
# Nodes found but not counted ("淋巴结数枚", "若干"): the station's count is unknown, not absent.
UNCOUNTED_NODES = re.compile(r"枚|若干")
UNCOUNTED_GROUP = re.compile(r"(?:数|多|若干)枚|若干")  # a group whose nodes nobody counted
CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# The financial numerals some reports write counts in ("淋巴结壹枚").
CHINESE_DIGITS |= {"壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
ITEM_END = re.compile(r"[。；;\n]")
ITEM_REACH = 160  # characters an item may run to when no other label or sentence end comes first


@dataclass(frozen=True)
class NodeCount:
    """Nodes with cancer and nodes examined, for one station or in total; `start`/`end` locate the statement. `examined`
    is None when the report gives the positive nodes of an uncounted group ("淋巴结数枚，其中1枚见癌转移")."""

    positive: int
    examined: int | None
    start: int
    end: int


@dataclass(frozen=True)
class _Patterns:
    label: re.Pattern[str]
    ratio: re.Pattern[str]
    count: re.Pattern[str]
    positive_of_count: re.Pattern[str]
    negative: re.Pattern[str]
    positive: re.Pattern[str]
    totals: tuple[re.Pattern[str], ...]
    total_after_list: re.Pattern[str]  # one of `totals`, read only where it closes a list
    total_uncounted: re.Pattern[str]  # one of `totals`, not when one station's item says it
    shared_negative: re.Pattern[str]
    respectively: re.Pattern[str]
    total_revised_before: re.Pattern[str]
    no_nodes: re.Pattern[str]
    all_positive: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    spec = load_yaml("nodes_zh.yaml")

    def compiled(key: str) -> re.Pattern[str]:
        return re.compile(spec[key].replace("{N}", f"(?:{spec['number']})"), re.IGNORECASE)

    after_list, uncounted = compiled("total_after_list"), compiled("total_uncounted")
    return _Patterns(
        label=re.compile(f"{spec['station_label']}|{spec['group_label']}"),
        # Not a stain's name ("CK5/6") read as a count.
        ratio=re.compile(r"(?<![A-Za-z0-9])" + spec["ratio"]),
        count=compiled("count"),
        positive_of_count=compiled("positive_of_count"),
        negative=compiled("negative_outcome"),
        positive=compiled("positive_outcome"),
        totals=(
            *(
                compiled(key)
                for key in (
                    "total",
                    "total_head",
                    "total_labelled",
                    "total_closing",
                    "total_outcome",
                    "total_unbracketed",
                )
            ),
            after_list,
            uncounted,
        ),
        total_after_list=after_list,
        total_uncounted=uncounted,
        total_revised_before=compiled("total_revised_before"),
        no_nodes=compiled("no_nodes"),
        all_positive=compiled("all_positive"),
        respectively=compiled("respectively"),
        shared_negative=re.compile("均(?:" + spec["negative_outcome"] + ")", re.IGNORECASE),
    )


def chinese_number(value: str) -> int:
    """'12' → 12, '两' → 2, '十一' → 11, '二十' → 20."""
    if value.isdigit():
        return int(value)
    value = value.replace("拾", "十")
    if "十" in value:
        tens, _, units = value.partition("十")
        return (CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (CHINESE_DIGITS.get(units, 0) if units else 0)
    return CHINESE_DIGITS.get(value, 0)


def stated_total(text: str, sections: SectionMap) -> NodeCount | None:
    """The first stated total outside the specimen list, gross and history."""
    pats = _patterns()
    found = [
        match
        for pattern in pats.totals
        for match in pattern.finditer(text)
        if sections.kind_at(match.start()) not in SKIPPED_SECTIONS
        and (pattern is not pats.total_after_list or _closes_a_list(text, match.start(), pats))
        # ("（第4组）淋巴结数枚，其中1枚见癌转移；（第7组）…": one station's nodes, not all of them)
        and (pattern is not pats.total_uncounted or not _in_station_item(text, match.start(), pats))
    ]
    if not found:
        return _table_total(text, sections) or _table_total(SPACED_COLUMNS.sub(_column_rule, text), sections)
    revised = [
        m
        for m in found
        if pats.total_revised_before.search(text, max(0, m.start() - 20), m.start()) or REVISED_IN_TOTAL.search(m.group(0))
    ]
    # The first total, unless a supplement or correction states a new one ("补充后淋巴结总数：0/11"); a consultation's quoted
    # original diagnosis ("原单位诊断（摘录）：…淋巴结未见癌转移（0/9）") yields to the consultant's count.
    found = [m for m in found if sections.kind_at(m.start()) != "frozen"] or found
    match = max(revised, key=lambda m: m.start()) if revised else min(found, key=lambda m: m.start())
    exam = match.groupdict().get("exam")
    examined = chinese_number(exam) if exam else None  # (None: "淋巴结数枚，其中1枚见癌转移")
    positive = 0 if match.groupdict().get("none") else chinese_number(match.group("pos"))
    return NodeCount(positive, examined, match.start(), match.end()) if examined is None or positive <= examined else None


# A table whose columns are spaced apart ("组别    检出    转移"): read as a piped one, a "|" for each gap's first space.
SPACED_COLUMNS = re.compile(r"(?<=\S)(?:[ \t]{2,}|\t)(?=\S)")
REVISED_IN_TOTAL = re.compile(r"更正|修正")  # "淋巴结总数更正为1/10"


def _column_rule(gap: re.Match[str]) -> str:
    return "|" + gap.group(0)[1:]


def _in_station_item(text: str, position: int, pats: _Patterns) -> bool:
    """Whether an item that one station's label opens holds the position."""
    item_start = max(text.rfind(mark, 0, position) for mark in "；;。\n") + 1
    label = pats.label.search(text, item_start, position)
    return (
        label is not None and label.groupdict().get("station") is not None and not re.search(r"[、和及]", label.group("station"))
    )


def _closes_a_list(text: str, position: int, pats: _Patterns) -> bool:
    """Whether a shared outcome ("均未见癌转移（0/10）") closes a list of two or more stations or groups in its
    sentence, not one group's own statement ("支气管旁淋巴结4枚，均未见癌转移（0/4）")."""
    sentence_start = max(text.rfind(mark, 0, position) for mark in "。；;\n") + 1
    return len(pats.label.findall(text, sentence_start, position)) >= 2


def station_counts(text: str, sections: SectionMap) -> dict[str, NodeCount | None]:
    """Each station's or group's count by its label ("4R", "支气管旁"), the last statement of it winning (the paraffin
    result after the frozen section, a correction after the diagnosis); None where an item gives no count."""
    pats = _patterns()
    labels = [m for m in pats.label.finditer(text) if sections.kind_at(m.start()) not in SKIPPED_SECTIONS]
    items: list[tuple[str, re.Match[str], str, int]] = []
    for index, label in enumerate(labels):
        stop = ITEM_END.search(text, label.end(), label.end() + ITEM_REACH)
        end = stop.start() if stop else min(len(text), label.end() + ITEM_REACH)
        if index + 1 < len(labels) and labels[index + 1].start() < end:
            end = labels[index + 1].start()
        # Nor into the next section: "淋巴结（第2、4、7、10、11组）【大体所见】…淋巴结2枚" lists, the gross counts.
        section_end = bisect_right(sections.starts, label.end())
        if section_end < len(sections.starts):
            end = min(end, sections.starts[section_end])
        key = re.sub(r"\s", "", (label.group("station") or label.group("group")).upper())
        if index + 1 < len(labels) and end == labels[index + 1].start() and not text[label.end() : end].strip(" （()）"):
            continue  # a group named, then its station: "隆突下淋巴结（第7组）5枚，其中1枚见癌转移" is one item
        items.append((key, label, text[label.end() : end], end))
    counts: dict[str, NodeCount | None] = {}
    listed = _respective_counts(text, sections, pats)
    for position, (key, label, body, end) in enumerate(items):
        if any(label.start() < count.end and count.start < label.end() for count in listed.values()):
            continue  # a station of a "…分别为…" list, counted below
        if key in counts and text[max(0, label.start() - 2) : label.start()] == "其中":
            continue  # "；其中第7组1枚淋巴结见纤维化": a detail of the station counted before, not its count
        count = _item_count(text, label, body, end, pats)
        if count is None and key not in counts and not pats.count.search(body):
            if pats.shared_negative.search(body):
                continue  # "纵隔各组淋巴结均阴性" in a note: a summary of stations counted elsewhere, not a station
            if not (pats.negative.search(body) or pats.positive.search(body) or UNCOUNTED_NODES.search(body)):
                continue  # "术前影像提示纵隔淋巴结肿大": a mention, not a station's result
        if count is None:
            count = _shared_outcome(items[position:], pats, label, body, end, text)
        # A later count replaces an earlier one ("更正第10组淋巴结为1/2"); an item without one keeps what was read.
        if count is not None or key not in counts:
            counts[key] = count
    counts.update(listed)
    return counts


def _respective_counts(text: str, sections: SectionMap, pats: _Patterns) -> dict[str, NodeCount]:
    """Stations listed first and counted after in the same order: "第2组、第4组、第7组淋巴结分别为0/2、0/3、1/2"."""
    counts: dict[str, NodeCount] = {}
    for match in pats.respectively.finditer(text):
        if sections.kind_at(match.start()) in SKIPPED_SECTIONS:
            continue
        stations = re.findall(r"\d{1,2}[RLrl]?", match.group("labels"))
        ratios = re.findall(r"(\d{1,3})\s*/\s*(\d{1,3})", match.group("ratios"))
        if len(stations) != len(ratios):
            continue  # counts that do not pair off with the stations are not read
        for station, (positive, examined) in zip(stations, ratios, strict=True):
            if int(positive) <= int(examined):
                counts[station.upper()] = NodeCount(int(positive), int(examined), match.start(), match.end())
    return counts


def _item_count(text: str, label: re.Match[str], body: str, end: int, pats: _Patterns) -> NodeCount | None:
    if pats.no_nodes.search(body) and not pats.count.search(body):
        return NodeCount(0, 0, label.start(), end)  # "（第10组淋巴结）送检脂肪组织，未见淋巴结"
    uncounted = UNCOUNTED_GROUP.search(body)
    if uncounted and not pats.ratio.search(body):
        # "淋巴结数枚，其中1枚见癌转移", "淋巴结数枚，均未见癌转移": the positive nodes are known, the total is not.
        of_count = pats.positive_of_count.search(body, uncounted.end())
        if of_count:
            return NodeCount(chinese_number(of_count.group("pos")), None, label.start(), end)
        if pats.negative.search(body, uncounted.end()):
            return NodeCount(0, None, label.start(), end)
        return None
    ratio = pats.ratio.search(body)
    if ratio:
        positive, examined = int(ratio.group("pos")), int(ratio.group("exam"))
        return NodeCount(positive, examined, label.start(), end) if positive <= examined else None
    count = pats.count.search(body)
    if count:
        examined = chinese_number(count.group("exam"))
        of_count = pats.positive_of_count.search(body, count.end())
        if of_count:
            positive = chinese_number(of_count.group("pos"))
        elif pats.negative.search(body, count.end()):
            positive = 0
        elif pats.all_positive.search(body, count.end()):
            positive = examined
        elif examined == 1 and pats.positive.search(body, count.end()):
            positive = 1
        else:
            return None
        return NodeCount(positive, examined, label.start(), end) if positive <= examined else None
    # A needle sample of a station with no count (EBUS-TBNA) is cytology of the station, no node count: its nodes
    # stay unknown (the hand-written Chinese sets' convention from the second on; the first counted one node).
    return None


def _shared_outcome(
    rest: list[tuple[str, re.Match[str], str, int]],
    pats: _Patterns,
    label: re.Match[str],
    body: str,
    end: int,
    text: str,
) -> NodeCount | None:
    """An item that gives its node count but no outcome takes the one its list ends with: "（第7组）淋巴结两枚，
    （第10组）淋巴结1枚，均未见癌转移", also after the last item's semicolon ("…；（第11组）淋巴结3枚；均未见癌转移")."""
    count = pats.count.search(body)
    if count is None:
        return None
    for _, _, later_body, _ in rest:
        if pats.shared_negative.search(later_body):
            return NodeCount(0, chinese_number(count.group("exam")), label.start(), end)
        if pats.negative.search(later_body) or pats.positive.search(later_body):
            return None  # the list goes on with items of their own outcome
    closing = re.match(r"[；;，,]\s*", text[rest[-1][3] :]) if rest else None
    if closing and pats.shared_negative.match(text, rest[-1][3] + closing.end()):
        return NodeCount(0, chinese_number(count.group("exam")), label.start(), end)
    return None


def node_counts(text: str, sections: SectionMap) -> tuple[NodeCount | None, dict[str, NodeCount | None]]:
    """The stated total (None if none) and the stations' counts of a Chinese pathology report."""
    return stated_total(text, sections), station_counts(text, sections)


def _table_total(text: str, sections: SectionMap) -> NodeCount | None:
    """The nodes of a node table: its total row, else the sum of its rows ("组别 | 检出数 | 转移数")."""
    spec = load_yaml("nodes_zh.yaml")
    for header_start, header_end in table_lines(text):
        header = [cell.text.strip() for cell in cells(text, header_start, header_end)]
        examined_at = next((i for i, c in enumerate(header) if re.search(spec["table_examined_column"], c)), None)
        positive_at = next((i for i, c in enumerate(header) if re.search(spec["table_positive_column"], c)), None)
        if examined_at is None or positive_at is None or sections.kind_at(header_start) in SKIPPED_SECTIONS:
            continue
        positive = examined = 0
        end = header_end
        for row_start, end in rows_below(text, header_end):
            values = [cell.text.strip() for cell in cells(text, row_start, end)]
            if len(values) <= max(examined_at, positive_at):
                return None
            readable = values[examined_at].isdigit() and values[positive_at].isdigit()
            if re.search(spec["table_total_row"], values[0]):
                return NodeCount(int(values[positive_at]), int(values[examined_at]), header_start, end) if readable else None
            if readable:
                examined += int(values[examined_at])
                positive += int(values[positive_at])
            elif not re.search(spec["no_nodes"], text[row_start:end]):
                return None  # a row whose count cannot be read: the total is unknown
        if examined and positive <= examined:
            return NodeCount(positive, examined, header_start, end)
    return None
