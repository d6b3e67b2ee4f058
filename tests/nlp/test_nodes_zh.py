"""Chinese lymph node counts: stated totals, station and group lists, counts in words, corrections, needle samples."""

from __future__ import annotations

import pytest

from oncodata.nlp import extract_report
from oncodata.nlp.nodes_zh import chinese_number


@pytest.mark.parametrize(
    ("report", "counts"),
    [
        ("病理诊断：浸润性腺癌。淋巴结：2R组0/3，4R组0/2，7组0/2，10组0/2，11组0/1。免疫组化：CK5/6(-)。", (0, 10)),
        (
            "病理诊断：鳞状细胞癌。淋巴结转移情况：第5组淋巴结（1/2）、第7组淋巴结（2/4）、支气管旁淋巴结见癌转移（1/2）。",
            (4, 8),
        ),
        (
            "病理诊断：（第2、4组）淋巴结3枚，（第7组）淋巴结两枚，（第10组）淋巴结1枚，（第11组）淋巴结三枚，均未见癌转移。",
            (0, 9),
        ),
        (
            "病理诊断：淋巴结：（第2R组）0/2，（第4R组）淋巴结3枚，最大径0.3-1.5cm，其中1枚见癌转移（1/3），（第7组）0/4。",
            (1, 9),
        ),
        ("病理诊断：腺癌。淋巴结共检出18枚，均未见癌转移（0/18）：第2R组3枚，第4R组4枚，第7组5枚，第10组6枚。", (0, 18)),
        ("病理诊断：腺癌。送检淋巴结共15枚，其中2枚见癌转移：第4组(1/3)，第7组(1/5)。", (2, 15)),
        (
            "送检标本：右肺上叶；2R、4R、7组淋巴结\n病理诊断：腺癌。淋巴结：2R组0/3，4R组0/2，7组0/2。\n补充报告：第7组淋巴结经深切"
            "证实1枚淋巴结内见转移性腺癌，更正第7组淋巴结为1/2；",
            (1, 7),
        ),
        (
            "送检标本：EBUS-TBNA：（1）第4R组淋巴结；（2）第7组淋巴结\n病理诊断：（1）（第4R组淋巴结）EBUS-TBNA：见小细胞癌转移\n"
            "（2）（第7组淋巴结）EBUS-TBNA：未见癌",
            (None, None),  # needle aspirates are cytology of a station, no node count
        ),
        ("病理诊断：腺癌。淋巴结：（第5组）淋巴结2枚，（第7组）淋巴结3枚，见癌转移。", (None, None)),
        # A labelled total, a count closing the list, one statement for every node, and a list "分别为" its counts.
        ("病理诊断：淋巴结：第5组（2/3）、第6组（0/2）、第7组（1/4）。\n  淋巴结总数：3/9", (3, 9)),
        ("病理诊断：淋巴结：第7组（0/3）、第9组（0/1）、第10组（0/2）、第11组（0/2），共0/8。", (0, 8)),
        ("原病理诊断：（右肺上叶）浸润性腺癌，淋巴结未见转移（0/9），pT1c N0 M0，IA3期。", (0, 9)),
        ("病理诊断：第2组、第4组、第7组、第10组淋巴结分别为0/2、0/3、0/2、1/2，其中第10组淋巴结见癌转移。", (1, 9)),
        # A supplement's total replaces the first; a checklist's sections hold counts too.
        ("病理诊断：淋巴结总数：0/9。\n补充报告：另送第10组淋巴结：未见癌（0/2）。\n补充后淋巴结总数：0/11。", (0, 11)),
        ("标本类型：□楔形切除  ■肺叶切除\n淋巴结：\n  第5组淋巴结（0/2）\n  第11组淋巴结转移性癌（1/5）", (1, 7)),
        # The specimen line lists the stations with no counts; one 组 closes a list of station numbers.
        ("送检：左肺下叶；第7、9、10组淋巴结\n病理诊断：腺癌。\n淋巴结：第7组0/3；第9组0/1；第10组0/2。", (0, 6)),
        ("病理诊断：腺癌。\n第2、4、7组淋巴结分别为0/1、0/2、1/2，其中第7组淋巴结见癌转移。", (1, 5)),
        # One group's "均未见" is no total; financial numerals, named groups in brackets, 〈〉, a station with no node.
        (
            "病理诊断：1.（右肺上叶）鳞状细胞癌；支气管旁淋巴结4枚，均未见癌转移（0/4）。\n2.（第4R组淋巴结）淋巴结3枚，未见癌转移"
            "(0/3)。\n3.（肺门淋巴结）淋巴结壹枚，见癌转移(1/1)。\n4.（主肺动脉窗）淋巴结两枚，其中壹枚见癌转移。",
            (2, 10),
        ),
        (
            "病理诊断：（第2、4组淋巴结）淋巴结两枚(0/2)；（第10组淋巴结）送检脂肪组织，未见淋巴结；（第11组淋巴结）淋巴结壹枚〈0/1〉。",
            (0, 3),
        ),
        ("送检科室：胸外科临床诊断：左肺结节送检标本：左肺上叶；第5、7组淋巴结病理诊断：腺癌，第5组0/1，第7组1/2。", (1, 3)),
    ],
)
def test_chinese_node_counts(report: str, counts: tuple) -> None:
    facts = extract_report(report, kind="pathology", lang="zh")
    assert (facts.nodes_positive, facts.nodes_examined) == counts


def test_chinese_numbers() -> None:
    assert [chinese_number(v) for v in ("12", "两", "三", "十", "十一", "二十", "二十三")] == [12, 2, 3, 10, 11, 20, 23]


def test_a_corrected_total_after_a_corrected_group_replaces_the_first():
    from oncodata.nlp import extract_report

    facts = extract_report(
        "病理诊断：淋巴结见癌转移（2/15）：第7组1/3，第10组1/2；第5组0/2，第6组0/2，第9组0/2，第11组0/4。\n"
        "更正报告：原报告第7组淋巴结中诊断为“癌转移”的1枚淋巴结，实为上皮样肉芽肿，未见癌。\n"
        "更正后：第7组淋巴结0/3；淋巴结见癌转移（1/15），仅第10组1/2见癌转移。",
        kind="pathology",
        lang="zh",
    )
    assert (facts.nodes_positive, facts.nodes_examined) == (1, 15)


def test_node_tables_all_positive_groups_named_with_their_station_and_treatment_effect_only():
    from oncodata.nlp import extract_report

    table = extract_report(
        "病理诊断：浸润性腺癌。\n淋巴结：\n组别 | 检出数 | 转移数\n2R | 2 | 0\n4R | 3 | 1\n7（隆突下） | 4 | 2\n合计 | 9 | 3\n",
        kind="pathology",
        lang="zh",
    )
    assert (table.nodes_positive, table.nodes_examined) == (3, 9)
    summed = extract_report(
        "病理诊断：腺癌。\n淋巴结：\n分组 | 检出数 | 转移数\n肺门淋巴结 | 3 | 1\n隆突下淋巴结 | 4 | 0\n食管旁 | 脂肪组织，未见淋巴结 | -\n",
        kind="pathology",
        lang="zh",
    )
    assert (summed.nodes_positive, summed.nodes_examined) == (1, 7)
    listed = extract_report(
        "病理诊断：5.淋巴结：第2R组3枚，未见转移；隆突下淋巴结（第7组）5枚，其中1枚见癌转移；肺门淋巴结（第10R组）2枚，均见癌转移；"
        "第11R组2枚，其中1枚见治疗后改变，未见残存癌。",
        kind="pathology",
        lang="zh",
    )
    assert (listed.nodes_positive, listed.nodes_examined) == (3, 12)
