"""Lymph node counts in pathology reports: a stated total, else every station's and group's count once."""

from __future__ import annotations

import re
from typing import Any

from oncodata.nlp.facts import ReportFacts, Span, span_of
from oncodata.nlp.nodes_zh import node_counts
from oncodata.nlp.resources import load_yaml
from oncodata.nlp.scan import anchor_windows, anchored_finditer, anchored_search, folded
from oncodata.nlp.sections import REPEATING_SECTIONS, SectionMap

NUMBER_NAMES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
NUMBER_NAMES += " seventeen eighteen nineteen twenty"
NUMBER_WORDS = {w: i for i, w in enumerate(NUMBER_NAMES.split())}
NUM = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
# A count in a ratio, with the OCR letters scanned reports put for 0 and 1 ("(O/2)", "(l/6)").
OCR_COUNT_LETTERS = {"o": 0, "l": 1, "i": 1}
COUNT_WORDS = NUMBER_WORDS | OCR_COUNT_LETTERS
RATIO_LEFT = r"(\d{1,3}|[oli](?=\s*/))"
RATIO_RIGHT = r"(\d{1,3}|(?<=/)[oli](?=\s*\)))"

# Words naming which nodes were counted: "2 of 9 hilar lymph nodes", "0 of 12 regional lymph nodes".
# (also with a bracketed note: "1 of 5 peribronchial (stations 11R/12R) lymph nodes", or a station: "two of five
# station 11L lymph nodes")
NODE_GROUP_WORDS = r"(?:[a-z][a-z/-]+\s+|\d{1,2}[rl]\s+|\([^()]{1,25}\)\s+){0,3}?"
NODE_RATIO = folded(
    # (across an indented or wrapped line break: "PART D: 10R LYMPH NODES -\n  POSITIVE for metastatic adenocarcinoma
    # (1/2)", "LYMPH NODES, NEGATIVE FOR\nMETASTATIC CARCINOMA (0/7)"; flattened after a comma or a word no sentence
    # ends on: "ONE LYMPH NODE WITH METASTATIC NON-SMALL CELL CARCINOMA,. FAVOR ADENOCARCINOMA (1/1)", "LYMPH NODES,
    # NEGATIVE FOR. METASTATIC CARCINOMA (0/7)"; a wrap right before the count: "Lymph nodes without metastases\n(0/11)".
    # Not a flattened stop before it: "SIXTEEN … LYMPH NODES, NEGATIVE FOR MALIGNANCY. (0/16)" restates a worded count.)
    r"(?:lymph\s+nodes?|nodes?|LN|淋巴结)(?:[^.;。；\n]|\n(?=[ \t])|(?<![.:])\n(?=[a-z]|\(\s*[\doli]{1,3}\s*/)"
    r"|(?:(?<=,)|(?<=\sfor)|(?<=\sof)|(?<=\swith)|(?<=\sby))\.(?=\s))"
    + "{0,80}?"
    + r"\(\s*"
    + RATIO_LEFT
    + r"\s*(?:/|\s[o0]f\s)\s*"  # (or in words, as translations write it: "lymph nodes of the lung root (2 of 4)")
    + RATIO_RIGHT
    + r"\s*\)"
    # (not a station pair: "Station 5/6 lymph nodes")
    r"|(?<!station )(?<!stations )(?<!level )(?<!levels )(\d{1,3})\s*/\s*(\d{1,3})\s*(?:lymph\s+nodes?|nodes?|LN)"
    r"|(\d{1,3})\s+(?:[o0]f|out\s+of)\s+(\d{1,3})\s+" + NODE_GROUP_WORDS + r"(?:lymph\s+)?nodes?"
    # (a table row: "| Lymph nodes st.11 (interlobar) | 2/4 |")
    r"|(?<=\|)\s*(?:lymph\s+)?nodes?\s+(?:st\.?|station|level)\s*\d[^|\n]{0,30}\|\s*(\d{1,3})\s*/\s*(\d{1,3})\s*(?=\|)"
)
# A group's label, then its count in words: as translations write it ("Lymph nodes of lung root: 0 from 3", "Lymph
# nodes of mediastinum: metastases in 2 from 4", "Lymph nodes: 0 of 7 with metastases"), or a named group's count in
# a sentence ("INTRAPULMONARY LYMPH NODES: METASTATIC CARCINOMA IN 1 OF 5"). Apart from NODE_RATIO, and opening with
# the literal "node" that `re` scans for, as in that alternation it cost as much as all the rest.
NODE_LABEL_COUNT = folded(
    # (or a dash for the colon: "- bronchopulmonary lymph nodes - metastases in 2 of 6;")
    r"node(?:s?\b[^.;:\n]{0,30}?(?:[:：]|\s[-–])\s*(?:metasta\w+\s+in\s+)?(\d{1,3})\s+(?:[o0]f|from|out\s+of)\s+(\d{1,3})"
    r"|(?:(?<=peribronchial lymph node)|(?<=peribronchial node)|(?<=intrapulmonary lymph node)|(?<=intrapulmonary node)"
    r"|(?<=/hilar lymph node)|(?<=/hilar node)|(?<=interlobar lymph node)|(?<=interlobar node))s?\s*[:：]\s*"
    r"(?:[a-z-]+\s+){1,5}?in\s+(\d{1,3})\s+(?:[o0]f|out\s+of)\s+(\d{1,3}))(?![\d]|[.,]\d|\s*(?:cm|mm))"
)
NODES_EXAMINED = folded(r"(?:number\s+of\s+)?(?:lymph\s+)?nodes?\s+(?:examined|identified|recovered|retrieved)\s*[:：]?\s*" + NUM)
NODES_POSITIVE = folded(r"(?:number\s+of\s+)?(?:lymph\s+)?nodes?\s+(?:involved|positive|with\s+metasta\w+)\s*[:：]?\s*" + NUM)
# Right after an examined count, its verdict on all of them: "Total lymph nodes examined: 6; none involved".
NONE_INVOLVED_AFTER = folded(
    r"\s*[;,–-]?\s*(?:(?:none|zero)\s+(?:(?:is|are|was|were)\s+)?(?:involved|positive|metastatic|with\s+metasta\w+)"
    r"|all\s+(?:(?:are|were)\s+)?(?:negative|free|benign|uninvolved))\b"
)
# A synoptic node block's bare counts ("Lymph Nodes … Number examined: 11. Number involved: 0."), read only after a
# node label.
NODES_BARE_COUNT = folded(
    # (after neoadjuvant therapy: "Number with viable metastatic tumour: 0")
    r"(?:number(?:ed)?|no\.)\s+(?:of\s+)?(examined|involved|positive|(?:with\s+)?(?:viable\s+)?metasta\w*(?:\s+tumou?r)?)"
    # (a flattened checklist's answer after its label's line end: "Number examined:. 7. Number involved:. 0.")
    r"\s*(?:[:：;](?:\.(?=\s))?)?\s*" + NUM + r"(?!\d|[.,]\d)"
)
# Station counts called the breakdown of a count said before them: "Lymph node breakdown per outside report: …".
BREAKDOWN_LABEL = re.compile(r"\b(?:breakdown|by\s+station|per\s+station|itemi[sz]ed)\b[^.\n]{0,40}$")
# The verdict that closes a station list, with the list's ratio: "…, group 12 (0/1); no metastasis (0/13)" (a last
# group may come first, on the next line or after a flattened ",.": "…,\nintrapulmonary (0/3); no metastasis (0/16)").
LIST_VERDICT_TOTAL = re.compile(
    r"(?:[^;.]|(?<=,)\.){0,60}?;\s*(?:no\s+(?:lymph\s+node\s+)?metasta\w*(?:\s+(?:found|seen|identified|detected))?|(?:all\s+)?negative"
    r"|metasta\w*\s+(?:in|found\s+in))\s*\(\s*(?P<pos>\d{1,3})\s*/\s*(?P<exam>\d{1,3})\s*\)"
)
N_CATEGORY_BEFORE = re.compile(r"\b(?:y?p)?n[0-3oli][a-c]?\s*\(\s*$")  # "ypn0 (" right before a count
# A count called the total ("(overall one of six nodes involved)", "SUMMARY: THREE OF FOURTEEN LYMPH NODES POSITIVE").
OVERALL_BEFORE = re.compile(r"\b(?:overall|altogether|in\s+all|summary|total)[\s,:.]*$")
LIST_LINE_BREAK = re.compile(r"\n|\.\s")  # a line end, or where the TCGA-style flattening joined two lines
LISTED_COUNT = re.compile(r"\d{1,3}\s*/\s*\d{1,3}\s*$")  # a list line that ends in its count: "station 4r: 1/4"
# Inside a node block: a label of something else that is counted ends it ("Blocks:", "Prostate biopsy cores:"), and
# "not submitted" or "no lymph nodes" means no counts follow.
OTHER_COUNTED_LABEL = re.compile(r"(?:block|core|slide|specimen|cassette|fragment|piece|biops)\w*[^.;:]{0,20}:")
NO_NODES = re.compile(
    r"not\s+(?:submitted|sampled|received)|none\s+(?:submitted|identified|found)"
    r"|no\s+(?:lymph\s+)?nodes?\s+(?:(?:were|are)\s+)?(?:submitted|sampled|received|found|identified|present)"
)
# A Chinese node total heading its station list: "淋巴结见癌转移（2/15）：支气管旁淋巴结1/3，…".
NODES_TOTAL_HEAD = folded(r"淋巴结[^。；;，,：:]{0,10}?[（(]\s*(\d{1,3})\s*/\s*(\d{1,3})\s*[)）]\s*[:：]")
NODES_SUMMARY = folded(
    r"(?:(?:lymph\s+nodes?|(?:(?<=\. )|(?<=\n)|^)nodes|淋巴结)\s*[:：]"
    # (also opening its sentence or a label's answer: "Lymph nodes 0/8.", "REVISED STAGING: lymph nodes 1/11")
    r"|(?:(?<=\. )|(?<=\n)|(?<=:\s)|^)lymph\s+nodes?(?=\s+\d)"
    # (or an item of a one-line conclusion: "…, 4.1 cm, visceral pleural invasion present, nodes 0/8.")
    r"|(?<=,\s)(?:lymph\s+)?nodes(?=\s+\d{1,3}\s*/\s*\d{1,3}\s*[.;\n]))\s*(\d{1,3})\s*/\s*(\d{1,3})"
)
# A stated total in words: "Lymph nodes: 3 positive / 18 examined", "Regional lymph nodes: 1 positive of 10 examined",
# "Lymph Nodes: 0 of 11 involved", "Lymph nodes: 14 examined, 0 involved", "Lymph nodes examined: 5; positive: 0",
# "Total nodes: 2 positive of 7", "Lymph nodes: metastasis in 1 of 11", "Lymph node metastasis: 1/9",
# "TOTAL LYMPH NODES: (1/6) POSITIVE", "total lymph node count for all specimens is 3 of 36 lymph nodes". Each names its positive (pos) and examined (exam) count.
# ("Lymph node summary: 3 of 18", "TOTAL LYMPH NODES (AMENDED): 1 POSITIVE / 10 EXAMINED")
NODE_LABEL = r"(?:total\s+|regional\s+)*(?:lymph\s+nodes?|nodes?)(?:\s+(?:summary|totals?))?(?:\s*\((?:amended|revised|corrected|final)\))?"
NODES_STATED_TOTAL_FORMS = (
    NODE_LABEL
    + r"\s*[:：|;]\s*(?P<pos>\d{1,3})\s+(?:positive|involved)\s*(?:/|[o0]f|out\s+of)\s*(?P<exam>\d{1,3})\s+(?:examined|total)",
    # (also after neoadjuvant therapy: "LYMPH NODES: 0 OF 9 WITH VIABLE TUMOR")
    # ("Lymph nodes: 0/7 involved"; without the colon when the label opens its clause: "…; lymph nodes 0/13 involved")
    # (not a group's label: "Peribronchial lymph nodes: 1/3 involved")
    r"(?:(?<![a-z][ \t])"
    + NODE_LABEL
    + r"\s*[:：|]|(?:(?<=[;:,]\s)|(?<=\n))"
    + NODE_LABEL
    + r"(?=\s\d))\s*(?P<pos>\d{1,3}|[lo](?=\s+of\s))\s*(?:/|(?<=\s)(?:[o0]f|out\s+of))\s*(?P<exam>\d{1,3})\s+(?:(?:lymph\s+)?nodes?\s+)?"
    r"(?:positive|involved|with\s+(?:viable\s+)?(?:tumou?r|carcinoma|metasta\w+))",
    NODE_LABEL + r"\s*[:：|]\s*(?P<exam>\d{1,3})\s+examined\s*[,;]\s*(?P<pos>\d{1,3})\s+(?:positive|involved)",
    # (or spaced out on one line: "Lymph nodes examined: 11   involved: 0")
    NODE_LABEL
    + r"\s+examined\s*[:：]\s*(?P<exam>\d{1,3})(?:\s*[,;.]\s*|[ \t]{2,})(?:positive|involved|with\s+metasta\w*)\s*[:：]\s*"
    r"(?P<pos>\d{1,3}|[lo](?![a-z]))",
    NODE_LABEL + r"\s*[:：|;]\s*(?P<pos>\d{1,3})\s+(?:positive|involved)\s+(?:[o0]f|/|out\s+of)\s*(?P<exam>\d{1,3})(?!\s*/)",
    # An aspirate tally that says how it counts: "Lymph node count: three EBUS stations, each counted as one node; 2 of
    # 3 positive", "Lymph node tally (each EBUS station counted as one lymph node; …): 2 positive of 3 examined".
    r"lymph\s+node\s+(?:count|tally)\b(?:\s*\([^()]{0,120}\))?\s*:\s*(?:[^;.:]{0,80};\s*)?(?P<pos>\d{1,2})\s+"
    r"(?:positive\s+)?(?:[o0]f|/)\s*(?P<exam>\d{1,2})\b(?!\s*(?:cm|mm))",
    # A total's two lines: "Total examined: 7. Total with metastasis: 0."
    r"total\s+examined\s*[:：]\s*(?P<exam>\d{1,3})\s*[.;,]\s*total\s+(?:with\s+metasta\w*|positive|involved)\s*[:：]\s*(?P<pos>\d{1,3})",
    # "Revised lymph node total; 0/14", "Lymph node total: 2/15", "Revised lymph node total: 0 of 9".
    r"lymph\s+node\s+total\s*[:：;]\s*(?P<pos>\d{1,3})\s*(?:/|[o0]f\s|out\s+of\s)\s*(?P<exam>\d{1,3})",
    # (the bare label, not a group's: "Hilar/interlobar lymph nodes: metastasis in 1 of 6" counts one group)
    r"(?<![a-z]\s)(?<![a-z/])"
    + NODE_LABEL
    + r"\s*[:：|]\s*(?:metasta\w+|tumou?r|carcinoma)\s+in\s+(?P<pos>\d{1,3})\s+(?:[o0]f|out\s+of)\s+(?P<exam>\d{1,3})",
    # ("Lymph node metastasis: present, 2 out of 12")
    r"lymph\s+nodes?\s+metastas[ie]s\s*[:：|]\s*(?:(?:negative|positive|present|absent)\s*,?\s*)?\(?\s*(?P<pos>\d{1,3})\s*"
    r"(?:/|out\s+of|[o0]f)\s*(?P<exam>\d{1,3})",
    # No positive node, in words: "no metastasis in 18 regional lymph nodes", "carcinoma is not identified in 10
    # lymph nodes", "A total of 0/13 lymph nodes", "All 12 lymph nodes are negative for tumor".
    r"(?:no\s+(?:metasta\w*|tumou?r|carcinoma)|not\s+identified)\s+in\s+(?:all\s+)?(?P<exam>\d{1,3}|"
    + "|".join(NUMBER_WORDS)
    # (not one part's count, its ratio beside it: "C. LYMPH NODES, SUBCARINAL: No tumor in four lymph nodes (0/4)")
    + r")\s+(?:\w+\s+)?(?:lymph\s+)?nodes?\b(?!\s*\(\s*\d{1,3}\s*/)",
    r"a\s+total\s+of\s+(?P<pos>\d{1,3})\s*/\s*(?P<exam>\d{1,3})\s+(?:lymph\s+)?nodes?",
    # "REVISED TOTAL: 1 of 9 regional lymph nodes positive", a node list's last line "Total: 3 of 10 involved".
    r"total\s*[:：]\s*(?P<pos>\d{1,3})\s+(?:[o0]f|out\s+of)\s+(?P<exam>\d{1,3})\s+(?:(?:regional\s+)?(?:lymph\s+)?nodes?"
    r"|involved|positive)",
    # "Lymph nodes: (viable) metastatic adenocarcinoma in 2 of 8 nodes." (the bare label: not "Level IV lymph nodes:", a group's)
    r"(?<![a-z]\s)"
    + NODE_LABEL
    + r"\s*[:：]\s*(?:viable\s+)?metasta\w*\s+(?:[a-z]+\s+){0,2}?in\s+(?P<pos>\d{1,3})\s+(?:[o0]f|out\s+of)\s+(?P<exam>\d{1,3})\s+"
    r"(?:regional\s+)?(?:lymph\s+)?nodes?\b",
    # "Regional lymph nodes: Examined 14; Involved 0".
    NODE_LABEL + r"\s*[:：]\s*examined\s*[:：]?\s*(?P<exam>\d{1,3})\s*[,;]\s*(?:involved|positive)\s*[:：]?\s*(?P<pos>\d{1,3})\b",
    # "Lymph nodes: 10 examined, metastases not detected (0/10)".
    NODE_LABEL + r"\s*[:：|]\s*(?P<exam>\d{1,3})\s+examined\s*[,;]\s*(?:metasta\w*|tumou?r|carcinoma)\s+not\s+"
    r"(?:detected|found|identified|seen)",
    # "TOTAL LYMPH NODES: SEVEN, ONE POSITIVE."
    r"total\s+(?:lymph\s+)?nodes?\s*[:：]\s*(?P<exam>\d{1,3}|"
    + "|".join(NUMBER_WORDS)
    + r")\s*[,;]\s*(?P<pos>\d{1,3}|"
    + "|".join(NUMBER_WORDS)
    + r")\s+(?:positive|involved)\b",
    # "TWELVE LYMPH NODES EXAMINED IN TOTAL, ALL NEGATIVE."
    r"(?P<exam>\d{1,3}|"
    + "|".join(NUMBER_WORDS)
    + r")\s+(?:lymph\s+)?nodes?\s+(?:examined\s+)?in\s+total\s*[,;]?\s*(?:all\s+)?(?:negative|free|benign)",
    # "Total lymph nodes examined: 12, all negative".
    r"total\s+(?:number\s+of\s+)?(?:lymph\s+)?nodes?\s+examined\s*[:：]?\s*(?P<exam>\d{1,3})\s*[,;]?\s*(?:all\s+)(?:negative|free|benign)",
    r"all\s+(?P<exam>\d{1,3}|"
    + "|".join(NUMBER_WORDS)
    + r")\s+(?:[a-z]+\s+)?(?:lymph\s+)?nodes?\s+(?:examined\s+)?(?:are|were)\s+"
    r"(?:negative|free|benign|uninvolved)",
    r"total\s+(?:number\s+of\s+)?(?:lymph\s+)?nodes?\s*[:：]?\s*\(?\s*(?P<pos>\d{1,3}|[oli](?=\s*/))\s*/\s*(?P<exam>\d{1,3})",
    r"total\s+(?:number\s+of\s+)?(?:lymph\s+)?nodes?(?:\s+count)?[^;:\d]{0,40}?(?P<pos>\d{1,3})\s+(?:[o0]f|out\s+of)\s+"
    r"(?P<exam>\d{1,3})\s+(?:lymph\s+)?nodes?",
    # "TOTAL LYMPH NODES POSITIVE: 7 OF 20" (OCR: "7 0F 20"), "nodes positive 3 of 7"
    NODE_LABEL + r"\s+(?:positive|involved)\s*[:：|]?\s*(?P<pos>\d{1,3})\s+(?:[o0]f|out\s+of|/)\s*(?P<exam>\d{1,3})(?!\s*/)",
    # "The total lymph node count is amended to 0 of 8."
    r"total\s+(?:lymph\s+)?node\s+count\s+(?:is\s+)?(?:amended|revised|corrected|changed)\s+to\s*[:：]?\s*(?P<pos>\d{1,3})\s*"
    r"(?:[o0]f|out\s+of|/)\s*(?P<exam>\d{1,3})",
    # "#7 is corrected to 0/4 and the total to 2/17"
    r"total\s+(?:is\s+)?(?:corrected\s+|revised\s+|amended\s+|changed\s+)?to\s*[:：]?\s*(?P<pos>\d{1,3})\s*/\s*(?P<exam>\d{1,3})",
    # "the revised lymph node count is 1/12", "Revised lymph node status: 1/6"
    r"(?:revised|amended|corrected)\s+(?:total\s+)?(?:lymph\s+)?node\s+(?:count|total|status)(?:\s+(?:is|of))?\s*[:：]?\s*(?P<pos>\d{1,3})\s*"
    r"(?:[o0]f|out\s+of|/)\s*(?P<exam>\d{1,3})",
    # An addendum's count with its revision in one word: "Lymph nodes now 0/9."
    NODE_LABEL + r"\s+now\s*[:：]?\s*(?P<pos>\d{1,3})\s*(?:[o0]f|out\s+of|/)\s*(?P<exam>\d{1,3})",
)
# One pattern for all the forms (each form's groups numbered: pos0/exam0, pos1/exam1 …): one scan, not nine.
NODES_STATED_TOTAL = folded(
    # Every form starts a word with "total", "regional", "lymph", "node", "no", "not", "a" or "all": others fail at once.
    r"(?<![a-z])(?=[tlrna])(?:"
    + "|".join(
        "(?:" + form.replace("(?P<pos>", f"(?P<pos{i}>").replace("(?P<exam>", f"(?P<exam{i}>") + ")"
        for i, form in enumerate(NODES_STATED_TOTAL_FORMS)
    )
    + ")"
)
# A ratio then its nodes as an item of a diagnosis line: "…; margins free; 0/14 lymph nodes."
RATIO_THEN_NODES = folded(r"(?<=[;,]\s)(?P<pos>\d{1,3})\s*/\s*(?P<exam>\d{1,3})\s+(?:lymph\s+)?nodes(?=\s*[.;\n]|$)")
# A ratio called the total after it: "(1/15 nodes in total)", "0/12 lymph nodes in total".
NODES_IN_TOTAL = folded(r"(?P<pos>\d{1,3})\s*/\s*(?P<exam>\d{1,3})\s+(?:lymph\s+)?nodes?\s+in\s+total")
# A group counted in words and all negative: "five lymph nodes, negative for carcinoma", "6 lymph nodes without
# metastases", "Two lymph nodes, negative for tumor".
NEGATIVE_NODE_WORDS = folded(
    # (a bracketed list of where they came from may follow: "Thirteen lymph nodes (hilar, interlobar, and levels 7, 8
    # and 9) are negative for tumor")
    # ("Five lymph nodes examined (stations 7, 9L, 10L and 11L), all negative for metastatic carcinoma")
    r"(?<![a-z0-9/])" + NUM + r"\s+(?:[a-z-]+\s+){0,2}?(?:\([^()]{1,20}\)\s+)?(?:lymph\s+)?nodes?"
    r"(?:\s+(?:examined|identified|recovered|retrieved))?(?:\s*\([^()/]{1,60}\))?"
    r"\s*[,;]?\s*(?:(?:all|both)\s+)?(?:(?:are|were)\s+)?"
    r"(?:negative|benign|free\s+of\s+(?:tumou?r|carcinoma|metasta\w*)|(?:without|no)\s+(?:metasta\w*|tumou?r|carcinoma)|uninvolved)"
    # "none of four level 5 lymph nodes is involved"
    r"|none\s+of\s+(?:the\s+)?" + NUM + r"\s+(?:[a-z0-9-]+\s+){0,3}?(?:lymph\s+)?nodes?"
    # "Hilar lymph nodes: two, negative."
    r"|(?<=node)s?\s*[:：]\s*"
    + NUM
    + r"\s*,\s*(?:(?:all|both)\s+)?(?:negative|benign|free\s+of\s+(?:tumou?r|carcinoma|metasta\w*))"
)
# Groups counted in brackets after their label and all negative: "Lymph nodes (3): negative for carcinoma", "Hilar
# nodes (5): reactive, no tumour", "Lymph nodes of lung root (4) and paratracheal (3) without metastases".
BRACKETED_NEGATIVE_NODES = folded(
    # (a finding may come first: "In bronchopulmonary lymph nodes (3) - sinus histiocytosis, without metastases")
    r"(?:lymph\s+)?nodes?\b(?P<groups>[^.;:\n()]{0,40}?\(\d{1,3}\)(?:[^.;:\n()]{1,30}?\(\d{1,3}\)){0,4})\s*[:,–-]?\s*"
    r"(?:(?![a-z ]{0,30}?(?:metasta|carcinoma|tumou?r|positive|malignan))[a-z][a-z ]{0,30}[,;]\s*)?"
    r"(?:(?:are|were|all)\s+)?(?:negative|benign|reactive|free\s+of\s+(?:tumou?r|carcinoma|metasta\w*)"
    r"|(?:without|no)\s+(?:metasta\w*|tumou?r|carcinoma))"
)
# …or with the count after the verdict: "Lymph nodes, level 7, excision: Negative for tumor (2)".
NEGATIVE_THEN_COUNT = folded(
    r"(?:lymph\s+)?nodes?\b[^.;:\n()]{0,40}?[:：]\s*(?:negative|benign|reactive|free\s+of|no\s+(?:tumou?r|carcinoma|metasta\w*))"
    r"(?:\s+(?:for\s+)?(?:metastatic\s+)?(?:tumou?r|carcinoma|malignancy|metasta\w*))?\s*(?P<groups>\(\d{1,3}\))"
)
# …or some of them positive, in words: "Subcarinal lymph nodes (3): two with metastasis of adenocarcinoma".
BRACKETED_POSITIVE_NODES = folded(
    r"(?:lymph\s+)?nodes?\b[^.;:\n()]{0,40}?\((?P<examined>\d{1,3})\)\s*[:：,–-]\s*"
    + NUM
    + r"\s+(?:of\s+them\s+)?(?:with|show(?:ing|s)?|contain(?:ing|s)?)\s+(?:a\s+)?metasta\w*"
)
BRACKETED_COUNT_PATTERNS = (BRACKETED_NEGATIVE_NODES, NEGATIVE_THEN_COUNT, BRACKETED_POSITIVE_NODES)
BRACKETED_COUNT = re.compile(r"\((\d{1,3})\)")
STATED_TOTAL_WORDS = (
    "positive",
    "involved",
    "examined",
    "metasta",
    "total",
    "identified",
    "all ",
    "no tumo",
    "no carc",
    "revised",
    "amended",
    " now",
    "viable",
)
NOW_REVISED = re.compile(r"\snow\b")  # a total's own revision word: "Lymph nodes now 0/9"
# A bare total inside a node block: "Lymph nodes: Peribronchial: 1/3 … Level 9R: 0/1 Total: 2/10".
# "(total 0/13)", "total 1 of 6 lymph nodes positive"
NODE_BLOCK_TOTAL = folded(
    # ("Total: 3 positive of 18 examined")
    r"(?<![a-z])total(?:\s+of\s+all\s+(?:stations|nodes|groups))?\s*[:：(]?\s*(?P<pos>\d{1,3})\s*(?:(?:positive|involved)\s+)?(?:/|[o0]f\s|out\s+of\s)\s*(?P<exam>\d{1,3})"
    r"(?!\s*(?:cm|mm)\b)"
)
# (also across a flattened line join: "IN ONE OF THREE HILAR LYMPH. NODES")
# (or across one after the count, when the nodes are then called examined: "metastasis in 1 of 6. lymph nodes
# examined"; not a page count, "Page 1 of 6. Lymph nodes examined: …")
NODES_WORDS = folded(
    r"(?<!page\s)"
    + NUM
    + r"\s+(?:[o0]f|out\s+of)\s+"
    + NUM
    + r"(?:\s+|\.\s+(?=lymph\s+nodes?\s+examined\b(?!\s*:)))"
    + NODE_GROUP_WORDS
    + r"(?:lymph\.?\s+)?nodes?"
)
# A group counted, then how many of it hold cancer: "4 lymph nodes, one with metastasis of squamous carcinoma",
# "six nodes; two of them with metastases" (groups: examined, positive).
NODES_THEN_POSITIVE = folded(
    r"(?<![a-z0-9/])"
    + NUM
    + r"\s+(?:lymph\s+)?nodes?\s*[,;:]\s*"
    + NUM
    + r"\s+(?:of\s+them\s+)?(?:with|showing|containing|harbou?ring)\s+(?:metasta\w+|(?:squamous\s+cell\s+|adeno)?carcinoma|tumou?r)"
)
# One node said to be the only one, with its verdict: "The single lymph node (1.2 cm) shows metastatic adenocarcinoma",
# "a single lymph node, negative for malignancy".
SINGLE_NODE = folded(
    r"(?:single\s+(?:lymph\s+)?node\b(?:\s*\([^()]{0,20}\))?[^.;\n]{0,20}?"
    r"(?:(?P<positive>(?:shows|contains|with|harbou?rs|is\s+positive\s+for|is\s+involved\s+by)\s+(?:metasta\w*|"
    r"(?:metastatic\s+)?(?:squamous\s+cell\s+|adeno)?carcinoma))|(?:is\s+)?(?:negative|free|benign|without\s+metasta\w*))"
    # (or counted one in brackets, as translations write it: "Paraaortic lymph node (1) -. metastasis of adenocarcinoma")
    r"|(?<![a-z])node\s*\(1\)\s*[-–:]\.?\s*(?:(?P<bracketed_positive>metastas[ie]s)|without\s+metasta\w*))"
    r"(?![^.;\n]{0,40}?\d{1,3}\s*/\s*\d)"  # (not when its ratio follows: "…negative for metastatic disease, 0/1")
)
# A part named by its station after the node word, then its count: "LYMPH NODES, 4R: 0/3", "LYMPH NODES, 7: NEGATIVE,
# 0/3", "LYMPH NODES, 4R: METASTATIC CARCINOMA IN 2 OF 3 NODES" (looked for only after "node,").
STATION_AFTER_NODE = folded(
    r"nodes?\s*,\s*(?:station\s*|level\s*)?(\d{1,2}[RLrl]?)\s*[:：]\s*(?:[a-z]+[ ,]+){0,4}?(?:in\s+)?(\d{1,3})\s*(?:/|\s[o0]f\s)"
    r"\s*(\d{1,3})(?![\d.,]\d)"
)
STATION = folded(
    # (a few words may come between: "STATION 7: METASTATIC ADENOCARCINOMA, 1/3", "LEVEL 5 LYMPH NODES: NEGATIVE (0/2)",
    # "STATION 9L: METASTATIC ADENOCARCINOMA IN 1 OF 2 LYMPH NODES")
    # (the station's name may follow in brackets: "station 5 (aortopulmonary window): metastasis in 1 of 2"; "nodes"
    # may follow it: "(station 5) nodes: 0/2")
    # (not the node part's own specimen number: "Lymph nodes (#3): no metastasis (0/14)")
    r"(?:station|level|group|gr\.|#(?!\d{1,2}\)\s*:)|第)\s*(\d{1,2}[RLrl]?[su]?)\s*(?:组)?[)）]?(?:\s*\([a-z /-]{3,30}\))?(?:\s*(?:淋巴结|(?:lymph\s+)?nodes?))?\s*"
    r"(?:[:：;]\s*(?:[a-z-]+[ ,]+){1,4}?(?:in\s+)?|(?:[:：;–|]|-\.?)?\s*)(?:[(（]?\s*(\d{1,3})\s*/\s*(\d{1,3})\s*[)）]?|(\d{1,3})\s+[o0]f\s+(\d{1,3})(?![\d.,]\d|\s*(?:cm|mm)))"
    # A station part then its count in the same statement: "Lymph nodes, level 4R: … in 1 of 3 lymph nodes (1/3)".
    # (not past a blank line or into the next lettered part or the diagnosis: "B. Station 5/6 lymph nodes.\nDIAGNOSIS: …";
    # past a semicolon only into the station's own verdict: "LEVEL 4R: THREE LYMPH NODES WITH TREATMENT EFFECT;\n NO VIABLE
    # CARCINOMA (0/3)", not "level 4R: reactive lymph node; hilar lymph node, metastatic carcinoma (1/2)")
    r"|(?:station|level)\s*(\d{1,2}[RLrl]?)\b(?:(?!station|level|\n\s*\n|\n\s*[a-z][.)]\s|\n\s*diagnos)(?:[^;]|;(?=\.?\s*(?:no|negative|with(?:out)?|none|all)\b))){0,120}?\(\s*"
    + RATIO_LEFT
    + r"\s*/\s*"
    + RATIO_RIGHT
    + r"\s*\)"
    # The lung's named node groups with a bare count in a station list: "peribronchial 0/3", "intrapulmonary/peribronchial
    # 0/2", "subcarinal nodes 0/2".
    r"|(peribronchial|intrapulmonary|hilar|interlobar|subcarinal|bifurcation|bronchopulmonary|paratracheal|tracheobronchial"
    r"|aortopulmonary|subaortic|paraesophageal|segmental)\s*(?:(?:lymph\s+)?nodes?\s*)?[:：;,–-]?\s*(\d{1,3})\s*/\s*(\d{1,3})"
    # Chinese node groups named, not numbered: "支气管旁淋巴结1/3枚见癌转移".
    r"|(支气管旁|肺门|叶间|段间|肺内|隆突下|气管旁|主肺动脉窗|食管旁|下肺韧带)\s*淋巴结\s*[:：]?\s*[(（]?\s*(\d{1,3})\s*/\s*(\d{1,3})"
)
STATION_NEGATIVE_WORDS = folded(
    r"(?:station|level)\s*(\d{1,2}[RLrl]?)\s*(?:lymph\s+nodes?)?\s*[:：]\s*" + NUM + r"\s+(?:lymph\s+)?nodes?\s*,?\s*"
    r"(?:negative|benign|free|(?:without|no)\s+(?:metasta\w*\s*)?(?:tumou?r|carcinoma|metasta\w*))"
)
# The lung's intrapulmonary node groups (N1), reported beside numbered stations: "Peribronchial lymph nodes: 1/5".
NODE_GROUP = folded(r"(peribronchial|intrapulmonary|hilar|interlobar|lobar|segmental)\s+$")

# The count written beside the N category: "pN0 (0/14)", "N1 (2/12)".
# (OCR may read the 1 as an l: "pNl (1/10)")
N_WITH_COUNT = folded(r"(?<![a-z0-9])(?:y?p)?n\s?[0-3l][a-c]?\s*\(\s*(\d{1,3})\s*/\s*(\d{1,3})\s*\)")  # (spaced: "pN 0 (0/13)")
# A cheap pre-scan for it (a literal first character): most reports have no "N1 (2/12)".
N_CATEGORY = re.compile(r"n\s?[0-3l][a-c]?")
N_COUNT_HINT = re.compile(r"n\s?[0-3l][a-c]?\s*\(")

# Revision wording before a count, on its line or ending the line before ("… is therefore amended to:\npT2a pN1 (1/12)").
STATION_REVISED_BEFORE = re.compile(r"(?:revised|amended|corrected)\b[^\n]{0,100}(?:\n[^\n]{0,12})?$")
# A "REVISED:" label opening a list of revised values: "REVISED: Tumor size 3.6 cm. Part E: … (1/4). Total lymph nodes
# 1/13."
REVISED_LIST_BEFORE = re.compile(r"\b(?:revised|amended|corrected)\s*:[^\n]{0,180}$")
NODE_ANCHORS = ("node", "nodi", "ln", "淋巴结")  # (and the Latin "lymphonodi")
EXAMINED_ANCHORS = ("examined", "identified", "recovered", "retrieved")
POSITIVE_ANCHORS = ("involved", "positive", "with metasta")
STATION_ANCHORS = (
    "station",
    "level",
    "group",
    "gr.",
    "#",
    "第",
    "淋巴结",
    "peribronch",
    "hilar",
    "intrapulm",
    "interlobar",
    "subcarinal",
    "bifurcation",
    "bronchopulm",
    "paratrach",
    "tracheobronch",
    "aortopulm",
    "subaortic",
    "paraesoph",
    "segmental",
)


# Stations after a "Lymph nodes:" label, one per semicolon, named by their code alone: "Lymph nodes: 4R - metastatic
# deposits in 2/3; station 7 - 1/2 positive; 10R - 0/1; 11R - 0/2".
NODE_LIST_LABEL = folded(r"lymph\s+nodes?\s*[:：]")
LISTED_STATION = folded(
    # (or a group by its name: "Lymph nodes: bronchopulmonary (root of lung) - metastasis in 1 of 6; paratracheal - 0 of 3")
    r"(?:(?<=[:;：；])|(?<=:\.))\s*(?:station\s*|level\s*|group\s*)?(\d{1,2}[rl]?|[a-z][a-z-]{3,20}(?=\s*(?:\([^()]{1,30}\)\s*)?[-–]))\s*"
    r"(?:\([^()]{1,30}\)\s*)?[-–:]\.?\s*(?:[a-z -]{0,40}?)"
    r"(\d{1,2})\s*(?:/|\s[o0]f\s)\s*(\d{1,2})(?![\d.,]\d)"
)
# …or each count before its station: "Lymph nodes: 0/3 (st.7), 1/2 (st.10R), 0/4 (st.4R)" (groups: station, +, examined).
LISTED_RATIO = folded(
    r"(?<=[:;,：；])\s*(?=\d{1,2}\s*/\s*\d{1,2}\s*\()(?:(?P<p>\d{1,2})\s*/\s*(?P<e>\d{1,2})\s*"
    r"\((?:(?:st\.?|station|level)\s*(?P<s>\d{1,2}[rl]?)|(?P<name>[a-z][a-z -]{2,20}))\))"
)
# …or each group by its name, then its count: "Lymph nodes: bronchopulmonary 0/4; bifurcation group (No. 7) 0/3".
LISTED_NAMED = folded(
    r"(?:(?<=[:;：；])|(?<=:\.))\s*(?!(?:originally|initially|previously|revised|amended|total|overall|all|examined|positive|negative|none|no|in)\b)"
    r"(?P<name>[a-z][a-z -]{2,30}?)\s*(?:\([^()]{1,30}\)\s*)?(?:[-–:]\s*)?(?:metastas[ie]s\s+in\s+)?"
    r"(?P<p>\d{1,2})\s*(?:/|\s[o0]f\s)\s*(?P<e>\d{1,2})(?![\d.,]\d)"
)
STATION_LIST_HEAD = folded(r"\b(?:levels|stations)\s+(?=\d{1,2}[rl]?\s*\(\s*\d)")
STATION_LIST_ITEM = folded(r"(?:\s*,\s*|\s+and\s+|\s*)(\d{1,2}[rl]?)\s*\(\s*(\d{1,2})\s*/\s*(\d{1,2})\s*\)")


def _called_total(lower: str, position: int) -> bool:
    """Whether the words right before a count call it the total: "overall", "summary:", "Total:", or the N category it
    is bracketed after ("ypN0 (0 of 8 lymph nodes)")."""
    return bool(
        OVERALL_BEFORE.search(lower, max(0, position - 25), position)
        or N_CATEGORY_BEFORE.search(lower, max(0, position - 12), position)
    )


def _verdict_named(item: re.Match[str]) -> bool:
    """Whether a listed "group" is the list's verdict, not a group's name: "Lymph nodes: metastatic carcinoma in 1 of 28
    (station 2R (0/1), …)" counts them all."""
    return item.re is LISTED_NAMED and VERDICT_WORDS.search(item.group("name")) is not None


VERDICT_WORDS = re.compile(r"metasta|carcinoma|tumou?r|malignan|cancer|involved|positive|negative")


def _number(word: str) -> int:
    """A count as digits, an OCR letter for 0 or 1, or a number word."""
    return int(word) if word.isdigit() else COUNT_WORDS[word.lower()]


# OCR misreadings of the words node counts hang on, repaired letter for letter so offsets still hold ("1ymph",
# "Iymph", "N0DES", "0F", "CARCIN0MA").
# Each repair is tried only where its misreading occurs (a check with `in` first: one pattern over every report cost a
# tenth of the node reader's time).
NODE_OCR_REPAIRS = (  # (each pattern opens with its literal, which `re` scans for)
    ("1ymph", re.compile(r"1ymph(?<![a-z]1ymph)"), "lymph"),
    ("iymph", re.compile(r"iymph(?<![a-z]iymph)"), "lymph"),
    ("n0de", re.compile(r"n0de(?=s?\b)"), "node"),
    (" 0f ", re.compile(r"0f(?<=\s0f)(?=\s)"), "of"),
    ("carcin0ma", re.compile(r"carcin0ma"), "carcinoma"),
    ("pnl", re.compile(r"pnl(?=\s*\()"), "pn1"),
    ("/l", re.compile(r"/l(?=\d|\))"), "/1"),  # ("/l3", "(0/l)")
    # (after it: "Lymph nodes: l/l3", "Intrapulmonary nodes O/4")
    ("l/", re.compile(r"l(?<![a-z0-9]l)(?=/\d)"), "1"),
    ("o/", re.compile(r"o(?<![a-z0-9]o)(?=/\d)"), "0"),
    # Other languages' node words (data/node_words.yaml), padded to their own length so offsets hold.
    *(
        (word, re.compile(rf"\b{re.escape(word)}\b"), english.ljust(len(word)))
        for word, english in load_yaml("node_words.yaml").items()
    ),
)


def _ratio_matches(lower: str, before: int, after: int) -> list[re.Match[str]]:
    """NODE_RATIO's matches near the node words, and NODE_LABEL_COUNT's that do not overlap them, in text order."""
    found = list(anchored_finditer(NODE_RATIO, lower, lower, NODE_ANCHORS, before, after))
    if ":" in lower or "：" in lower:
        labelled = [
            match
            for match in NODE_LABEL_COUNT.finditer(lower)
            if not any(other.start() < match.end() and match.start() < other.end() for other in found)
        ]
        if labelled:
            found = sorted(found + labelled, key=lambda match: match.start())
    return found


def _nodes(facts: ReportFacts, text: str, sections: SectionMap, lower: str) -> None:
    for hint, misreading, letter in NODE_OCR_REPAIRS:
        if hint in lower:
            lower = misreading.sub(letter, lower)
    beside_ns = list(N_WITH_COUNT.finditer(lower)) if N_COUNT_HINT.search(lower) else []
    # Only the report's own N carries its count: "pN1 (2/18)" quoted of an earlier colonic tumour does not.
    beside_ns = [
        m
        for m in beside_ns
        if facts.n is not None and N_CATEGORY.search(m.group(0)).group(0).replace("l", "1").replace(" ", "") == facts.n.lower()
    ]
    # An amended category's count wins ("…pN0 (0/11)… amended to: pT2a pN1 (1/12)").
    beside_n = _revised_or_first(beside_ns, lower)
    if beside_n is None and not any(anchor in lower for anchor in NODE_ANCHORS):
        return
    station_spans: list[tuple[int, int]] = []
    station_matches = list(anchored_finditer(STATION, lower, lower, STATION_ANCHORS, 5, 140))
    if "node," in lower or "nodes," in lower:
        station_matches += [
            m
            for m in anchored_finditer(STATION_AFTER_NODE, lower, lower, ("node,", "nodes,"), 0, 90)
            if not any(o.start() < m.end() and m.start() < o.end() for o in station_matches)
        ]
        station_matches.sort(key=lambda m: m.start())
    for match in station_matches:
        station_spans.append(match.span())
        station, positive_count, examined_count = (g for g in match.groups() if g is not None)
        entry = {"station": station.upper(), "positive": _number(positive_count), "examined": _number(examined_count)}
        # A station counted again after revision wording ("Part E is revised to: … station 10R … (1/2)") replaces its
        # first count rather than adding to it (two neck sides' "level 2" are two counts).
        earlier = next((i for i, known in enumerate(facts.nodes_by_station) if known["station"] == entry["station"]), None)
        if earlier is not None and STATION_REVISED_BEFORE.search(lower, max(0, match.start() - 120), match.start()):
            facts.nodes_by_station[earlier] = entry
        elif entry not in facts.nodes_by_station:
            facts.nodes_by_station.append(entry)
    # Stations listed after one plural label, each with its count: "LYMPH NODES, LEVELS 9L (0/1), 7 (0/3), 11L (0/1)".
    if "levels" in lower or "stations" in lower:
        for head in STATION_LIST_HEAD.finditer(lower):
            position = head.end()
            while (item := STATION_LIST_ITEM.match(lower, position)) is not None:
                if any(a < item.end() and item.start() < b for a, b in station_spans):
                    break
                _add_station(facts, station_spans, item.span(), item.group(1), int(item.group(2)), int(item.group(3)))
                position = item.end()
    if "nodes:" in lower or "node:" in lower:
        for head in NODE_LIST_LABEL.finditer(lower):
            # (A flattened heading's line end, "Lymph nodes:. bronchopulmonary - 1 of 6; …", does not end the list.)
            opens = head.end() + 1 if lower.startswith(". ", head.end()) else head.end()
            ends = [at for at in (lower.find("\n", opens), _full_stop_outside_brackets(lower, opens)) if at >= 0]
            end = min(ends, default=len(lower))
            # (a list is two items or more, counting those the station reader took: "Lymph nodes: Level 2R 1 of 2; …;
            # Level 10R 0 of 1; intrapulmonary 0 of 5")
            read_before = sum(1 for a, _ in station_spans if opens <= a < end)
            listed = next(
                (
                    found
                    for pattern in (LISTED_STATION, LISTED_RATIO, LISTED_NAMED)
                    if (found := [m for m in pattern.finditer(lower, opens, end) if not _verdict_named(m)])
                    and len(found) + read_before > 1
                ),
                [],
            )
            for item in listed:
                if not any(a < item.end() and item.start() < b for a, b in station_spans):
                    if item.re is LISTED_STATION:
                        station, positive, examined = item.groups()
                    else:
                        station = item.groupdict().get("s") or item.group("name")
                        positive, examined = item.group("p"), item.group("e")
                    _add_station(facts, station_spans, item.span(), station, int(positive), int(examined))
    # A station part counted in words: "C. LEVEL 5 LYMPH NODES: Two nodes, no metastatic tumor".
    for match in anchored_finditer(STATION_NEGATIVE_WORDS, lower, lower, ("station", "level"), 5, 100):
        if not any(a < match.end() and match.start() < b for a, b in station_spans):
            _add_station(facts, station_spans, match.span(), match.group(1), 0, _number(match.group(2)))
    positive = examined = None
    summary_group: tuple[int, int, int] | None = None
    span: Span | None = None
    table = _table_node_total(lower)
    if table is not None and table[0] <= table[1]:
        facts.nodes_positive, facts.nodes_examined = table[0], table[1]
        facts.cite("nodes", span_of(text, table[2]))
        return
    stated = _stated_node_total(lower, sections)
    if stated is not None:
        positive, examined = _stated_counts(stated)
        if positive <= examined:
            facts.nodes_positive, facts.nodes_examined = positive, examined
            facts.cite("nodes", span_of(text, stated))
        return
    for pattern, anchors in ((NODES_POSITIVE, POSITIVE_ANCHORS), (NODES_EXAMINED, EXAMINED_ANCHORS)):
        for match in _revised_if_any(
            [m for m in anchored_finditer(pattern, lower, lower, anchors, 40, 40) if sections.kind_at(m.start()) != "history"],
            lower,
        ):
            if pattern is NODES_POSITIVE and positive is None:
                positive = _number(match.group(1))
            elif pattern is NODES_EXAMINED and examined is None:
                examined = _number(match.group(1))
                if positive is None and NONE_INVOLVED_AFTER.match(lower, match.end()):
                    positive = 0
            span = span or span_of(text, match)
    bare_counts = [
        match
        for match in anchored_finditer(NODES_BARE_COUNT, lower, lower, ("number", "no."), 0, 40)
        if _in_node_block(lower, match.start()) and sections.kind_at(match.start()) != "history"
    ]
    for match in _revised_if_any(bare_counts, lower):
        if match.group(1) == "examined" and examined is None:
            examined = _number(match.group(2))
        elif match.group(1) != "examined" and positive is None:
            positive = _number(match.group(2))
        span = span or span_of(text, match)
    summaries = (
        list(anchored_finditer(NODES_SUMMARY, lower, lower, NODE_ANCHORS, 10, 30))
        if positive is None and examined is None
        else []
    )
    # (a revision may restate it: "REVISED STAGING: lymph nodes 1/11" after "Lymph nodes 0/11")
    summary = _revised_or_first(summaries, lower)
    if summary and any(a < summary.end() and summary.start() < b for a, b in station_spans):
        summary = None  # "第7组淋巴结：0/3" is one station's count, not the total
    group = NODE_GROUP.search(lower, max(0, summary.start() - 20), summary.start()) if summary else None
    if summary and group and facts.nodes_by_station:
        # "Peribronchial lymph nodes: 1/5" beside station counts is one more group of nodes, not the total.
        entry = {"station": group.group(1).upper(), "positive": int(summary.group(1)), "examined": int(summary.group(2))}
        if entry not in facts.nodes_by_station:
            facts.nodes_by_station.append(entry)
    elif summary and facts.nodes_by_station and int(summary.group(2)) < sum(s["examined"] for s in facts.nodes_by_station):
        # "LYMPH NODES: 0/5 PERIBRONCHIAL" beside stations that count more nodes than it is one more group, no total.
        summary_group = (int(summary.group(1)), int(summary.group(2)), summary.start())
    elif summary:
        positive, examined = int(summary.group(1)), int(summary.group(2))
        span = span_of(text, summary)
    if beside_n and positive is None and examined is None:
        positive, examined = int(beside_n.group(1)), int(beside_n.group(2))
        span = span_of(text, beside_n)
    total_head = NODES_TOTAL_HEAD.search(lower) if span is None and facts.nodes_by_station else None
    if total_head:
        positive, examined = int(total_head.group(1)), int(total_head.group(2))
        span = span_of(text, total_head)
    if span is None and facts.nodes_by_station:
        # No stated total: the stations' counts plus the other node groups counted beside them ("PERIBRONCHIAL LYMPH
        # NODES, NEGATIVE (0/3)" in the lobectomy part).
        groups = _node_group_counts(lower, sections, station_spans, summary) + ([summary_group] if summary_group else [])
        # (a group count called the total or summary, wherever it is said: "Total: one of six lymph nodes")
        # (or a count bracketed after the N category: "ypT1a ypN0 (0 of 8 lymph nodes)")
        overall = [g for g in groups if _called_total(lower, g[2])]
        # A named group listed among the stations ("PERIBRONCHIAL 2/5") and counted in prose too ("two of five
        # peribronchial lymph nodes (2/5)") is one group.
        named = [(s["station"].lower(), s["positive"], s["examined"]) for s in facts.nodes_by_station if s["station"].isalpha()]
        groups = [
            g for g in groups if not any((p, e) == g[:2] and name in lower[max(0, g[2] - 80) : g[2] + 80] for name, p, e in named)
        ]
        # A microscopic description retelling a station's or a group's count ("B. One of three lymph nodes is replaced
        # by…", "Two hilar lymph nodes, negative.") or all of them ("All eleven lymph nodes … are free") adds none.
        stations = [(s["positive"], s["examined"]) for s in facts.nodes_by_station]
        described = [g[:2] for g in groups if sections.kind_at(g[2]) != "microscopic"]
        stations_total = (sum(p for p, _ in stations), sum(e for _, e in stations))
        all_total = (stations_total[0] + sum(p for p, _ in described), stations_total[1] + sum(e for _, e in described))
        stated = {*stations, *described, stations_total, all_total}
        # (A diagnosis that counts stations is the count: the description's groups then only retell parts of it,
        # "B-D. Seven lymph nodes, all negative".)
        counted_in_diagnosis = any(sections.kind_at(a) in DIAGNOSIS_KINDS for a, _ in station_spans)
        groups = [
            g for g in groups if not (sections.kind_at(g[2]) == "microscopic" and (g[:2] in stated or counted_in_diagnosis))
        ]
        positive = sum(s["positive"] for s in facts.nodes_by_station) + sum(g[0] for g in groups)
        examined = sum(s["examined"] for s in facts.nodes_by_station) + sum(g[1] for g in groups)
        # A count that is the sum of all the others restates the total when a bare "Lymph nodes:" label, the word
        # "total" or the station breakdown right after it says so ("Lymph nodes: negative (0/35); station 2R (0/5), …", "Nine
        # lymph nodes negative (0/9): level 7 (0/3), …"): counted once. ("SUBCARINAL LYMPH NODES: … (0/3)" last is a
        # group of its own.)
        first_station = min((start for start, _ in station_spans), default=len(lower))
        restated = next(
            (
                g
                for g in groups
                if (2 * g[0], 2 * g[1]) == (positive, examined)
                and (
                    BARE_NODE_LABEL.search(lower, 0, g[2])
                    or (0 < first_station - g[2] < BREAKDOWN_REACH and _opens_breakdown(lower, g[2], first_station))
                    or "total" in lower[max(0, g[2] - 40) : g[2]]
                    # the stations listed in another section than the count ("LYMPH NODES, MEDIASTINAL AND HILAR:
                    # NEGATIVE (0/6)" in the diagnosis, "LEVEL 4R 0/2 …" in the synoptic), or called its breakdown
                    or all(sections.kind_at(start) != sections.kind_at(g[2]) for start, _ in station_spans)
                    # …or the count's own label names the stations ("Lymph nodes, stations 5, 6, 7, 10 and 11,
                    # dissection -- No metastatic carcinoma (0/7)")
                    or _label_names_stations(lower, g[2], facts.nodes_by_station)
                    or BREAKDOWN_LABEL.search(lower, max(0, first_station - 60), first_station)
                    # the summary after every station and group ("Metastatic carcinoma in 1 of 11 lymph nodes")
                    or (
                        g[2] > max([start for start, _ in station_spans] + [o[2] for o in groups if o is not g])
                        and _reads_as_summary(lower, g[2])
                    )
                )
            ),
            None,
        )
        # A group count called the total or summary, no smaller than any other, is the total, though a station was
        # not read ("… LEVEL 1OL: … IN ONE OF TWO NODES. … SUMMARY: THREE OF FOURTEEN LYMPH NODES POSITIVE").
        # (so is one its station breakdown follows: "metastatic adenocarcinoma in one of six lymph nodes (station 10L,
        # 1/2); stations 5 (0/1) and 7 (0/3) negative", though a station went unread)
        overall += [
            g
            for g in groups
            if 0 < first_station - g[2] < BREAKDOWN_REACH
            and _opens_breakdown(lower, g[2], first_station)
            and (_same_sentence(lower, g[2], first_station) or BREAKDOWN_BELOW.fullmatch(lower, g[2], first_station))
        ]
        # (or the verdict closing the station list with its ratio: "…, group 11 (0/1), intrapulmonary (0/3); no
        # metastasis found (0/16)")
        last_station = max((end for _, end in station_spans), default=0)
        closing = LIST_VERDICT_TOTAL.match(lower, last_station) if station_spans else None
        if closing:
            overall.append((int(closing.group("pos")), int(closing.group("exam")), closing.start("pos")))
        counts = [*stations, *(g[:2] for g in groups)]
        overall = [g for g in overall if all(p <= g[0] and e <= g[1] for p, e in counts)]
        if not restated and overall:
            restated = overall[-1]
        if restated:
            positive, examined = restated[0], restated[1]
        elif _fragmented_part(lower, sections):
            examined = None  # a part of node fragments cannot be counted, so neither can the total
        span = Span(0, 0, "")
    if positive is None and examined is None:
        positive, examined, span = _unlisted_node_counts(text, lower, sections)
        if examined is not None and _fragmented_part(lower, sections):
            examined = None
        if positive == 0 and examined is not None and span is not None and sections.kind_at(span.start) == "microscopic":
            # Counted only in the microscopic description ("The two hilar lymph nodes are negative") while the gross
            # counts every part's nodes, all free per the diagnosis: the gross counts them all.
            gross = _gross_counted_negative_nodes(text, lower, sections)
            if gross[1] is not None and gross[1] > examined:
                positive, examined, span = gross
    if positive is None and examined is None:
        positive, examined, span = _gross_counted_negative_nodes(text, lower, sections)
    if positive is None and examined is None and _fragmented_part(lower, sections):
        # Only node fragments, all free ("multiple fragments of lymph node tissue, negative for malignancy"): none of the
        # nodes holds cancer, though how many there were cannot be counted.
        free = _nodes_said_free(lower, sections)
        if free is not None:
            positive, span = 0, span_of(text, free)
    if positive is not None and examined is not None and positive > examined:
        return
    facts.nodes_positive, facts.nodes_examined = positive, examined
    if span and span.text:
        facts.cite("nodes", span)


def _revised(matches: list[re.Match[str]], lower: str, reach: int) -> list[re.Match[str]]:
    """The counts that revision wording up to `reach` characters before introduces."""
    return [m for m in matches if STATION_REVISED_BEFORE.search(lower, max(0, m.start() - reach), m.start())]


def _revised_if_any(matches: list[re.Match[str]], lower: str) -> list[re.Match[str]]:
    """The counts revision wording introduces, when there are any ("Revised totals: Number of Lymph Nodes Examined: 8"),
    else all of them."""
    return _revised(matches, lower, 80) or matches


def _revised_or_first(matches: list[re.Match[str]], lower: str) -> re.Match[str] | None:
    """The last count an amendment's words introduce ("…pN0 (0/11)… amended to: pT2a pN1 (1/12)"), else the first."""
    revised = _revised(matches, lower, 60)
    return revised[-1] if revised else (matches[0] if matches else None)


def _full_stop_outside_brackets(lower: str, start: int) -> int:
    """The first ". " after `start` not inside brackets ("bifurcation (st. 7) - 0 of 2."), or -1."""
    at = lower.find(". ", start)
    while at >= 0 and lower.count("(", start, at) > lower.count(")", start, at):
        at = lower.find(". ", at + 2)
    return at


def _add_station(
    facts: ReportFacts, spans: list[tuple[int, int]], span: tuple[int, int], station: str, positive: int, examined: int
) -> None:
    """Record a station's count once, and the span it was read from (later readers skip what it covers)."""
    spans.append(span)
    entry = {"station": station.upper(), "positive": positive, "examined": examined}
    if entry not in facts.nodes_by_station:
        facts.nodes_by_station.append(entry)


def _nodes_zh(facts: ReportFacts, text: str, sections: SectionMap) -> bool:
    """Chinese node counts (`nodes_zh`): the stated total, else the sum over stations and groups when every one of them
    gives its count. False when the report states neither, for the general rules to try."""
    total, stations = node_counts(text, sections)
    counted = [count for count in stations.values() if count is not None]
    if (
        total is not None
        and sections.kind_at(total.start) == "frozen"
        and len(counted) == len(stations)
        and any(sections.kind_at(count.start) != "frozen" for count in counted)
    ):
        # A consultation quoting the outside total ("外院诊断：…淋巴结未见转移（0/11）") and recounting every station
        # ("复阅外院淋巴结切片：第4组（1/3）…"): the consultant's count.
        total = None
    for station, count in stations.items():
        if count is not None:
            facts.nodes_by_station.append({"station": station, "positive": count.positive, "examined": count.examined})
    if total is None and not stations:
        return False
    if total is None and any(count is None for count in stations.values()):
        return True  # a station without its count: the total is unknown
    if total is not None:
        facts.nodes_positive, facts.nodes_examined = total.positive, total.examined
        facts.cite("nodes", Span(total.start, total.end, text[total.start : total.end]))
        return True
    facts.nodes_positive = sum(count.positive for count in counted)
    examined = [count.examined for count in counted]
    facts.nodes_examined = None if None in examined else sum(e for e in examined if e is not None)
    for count in counted:
        facts.cite("nodes", Span(count.start, count.end, text[count.start : count.end]))
    return True


def _fragmented_part(lower: str, sections: SectionMap) -> bool:
    """Whether a part is node fragments, outside the history, gross description and comments."""
    return "fragment" in lower and any(
        sections.kind_at(match.start()) not in REPEATING_SECTIONS for match in FRAGMENTED_NODES.finditer(lower)
    )


def _unlisted_node_counts(text: str, lower: str, sections: SectionMap) -> tuple[int | None, int | None, Span | None]:
    """With no stated total and no stations: every count in parentheses ("(0/4)"), plus the groups counted only in
    words beside them ("One of three hilar lymph nodes has metastatic adenocarcinoma", "none of four level 5 lymph
    nodes", "two subcarinal lymph nodes are negative"); a worded count equal to a bracketed one restates it."""
    totals = [0, 0]
    span: Span | None = None
    ratios: list[tuple[int, int, int, int]] = []
    counted_all: list[tuple[int, int, int, int]] = []  # (positive, examined, start, end)
    found = [
        (match, (_number(groups[0]), _number(groups[1])))
        for match in _ratio_matches(lower, 60, 90)
        if sections.kind_at(match.start()) not in {"history", "gross", "frozen"}
        for groups in [[g for g in match.groups() if g]]
    ]
    # A microscopic description retelling a count the diagnosis or conclusion gives ("In 2 of 6 bronchopulmonary lymph
    # nodes - metastases" … "Conclusion: … Metastases in 2 of 6 bronchopulmonary lymph nodes") adds none.
    stated_elsewhere = {counted for match, counted in found if sections.kind_at(match.start()) != "microscopic"}
    for match, counted in found:
        if sections.kind_at(match.start()) == "microscopic" and counted in stated_elsewhere:
            continue
        totals[0] += counted[0]
        totals[1] += counted[1]
        counted_all.append((*counted, *match.span()))
        ratios.append((*counted, *match.span()))
        span = span or span_of(text, match)
    worded = [
        (match, pattern)
        # A worded count ends at its node word or a few words past it: short windows after the anchor.
        for pattern, after in (
            (NODES_WORDS, 12),
            (NODES_THEN_POSITIVE, 60),
            (SINGLE_NODE, 90),
            (NEGATIVE_NODE_WORDS, 100),  # ("… examined (stations 5, 7, 9L, 10L, 11L and intrapulmonary); all are negative")
            *(
                ((BRACKETED_NEGATIVE_NODES, 120), (NEGATIVE_THEN_COUNT, 120), (BRACKETED_POSITIVE_NODES, 120))
                if BRACKETED_COUNT.search(lower)
                else ()
            ),
        )
        for match in anchored_finditer(pattern, lower, lower, NODE_ANCHORS, 60, after)
        if sections.kind_at(match.start()) not in REPEATING_SECTIONS
        and not any(start < match.end() and match.start() < end for _, _, start, end in ratios)
    ]
    seen: list[tuple[int, int]] = []
    phrases: dict[str, str] = {}
    for match, pattern in sorted(worded, key=lambda item: item[0].start()):
        section = sections.kind_at(match.start())
        if any(a < match.end() and match.start() < b for a, b in seen) or phrases.get(match.group(0), section) != section:
            continue  # the same words in another section repeat the diagnosis (microscopic description, summary)
        bracketed = [start for _, _, start, end in ratios if "/" in lower[start:end]]
        # Beside bracketed counts, only the groups of their own sentence (others restate or detail them), or, for a
        # group bracketing its own count ("Hilar nodes (5): no tumour"), of their own section.
        if bracketed and not any(
            _same_sentence(lower, match.start(), start)
            or (pattern in BRACKETED_COUNT_PATTERNS and sections.kind_at(start) == section)
            for start in bracketed
        ):
            continue
        groups = [g for g in match.groups() if g]
        if pattern is BRACKETED_POSITIVE_NODES:
            counted = (_number(match.group(2)), int(match.group("examined")))
        elif pattern in BRACKETED_COUNT_PATTERNS:
            counted = (0, sum(int(n) for n in BRACKETED_COUNT.findall(match.group("groups"))))
        elif pattern is NEGATIVE_NODE_WORDS:
            counted = (0, _number(groups[0]))
        elif pattern is NODES_THEN_POSITIVE:
            counted = (_number(groups[1]), _number(groups[0]))
        elif pattern is SINGLE_NODE:
            counted = (1 if match.group("positive") or match.group("bracketed_positive") else 0, 1)
        else:
            counted = (_number(groups[0]), _number(groups[1]))
        if None in counted or counted[0] > counted[1] or any(counted == (p, e) for p, e, _, _ in ratios):
            continue
        seen.append(match.span())
        phrases.setdefault(match.group(0), section)
        counted_all.append((*counted, *match.span()))
        totals[0] += counted[0]
        totals[1] += counted[1]
        span = span or span_of(text, match)
    overall = [c for c in counted_all if _called_total(lower, c[2])]
    if overall and all(c[0] <= overall[-1][0] and c[1] <= overall[-1][1] for c in counted_all):
        # A count called the overall one covers the rest, some never counted ("One of four hilar nodes involved;
        # subcarinal nodes clear (overall one of six nodes involved)").
        return overall[-1][0], overall[-1][1], span
    if span and len(counted_all) > 2:
        # The first or last count, when it is the sum of all the others, is their total restated ("2 of 7 …; 3 …
        # (0/3) … metastases in lymph nodes (2/10)").
        # It must read as a summary: a bare "Lymph nodes:" label or "total" before it, or a section of its own. A total
        # may count more nodes than the parts' counts add up to, from a part not counted apart ("2. … (1/11). 4. …
        # (2/15). 5. BLADDER … Lymph nodes: Three out of thirty-one lymph nodes positive (3/31)"), when it is called
        # total or its label's count has the positive nodes (a last part "Lymph nodes: negative (0/6)" is one more part).
        ordered = sorted(counted_all, key=lambda c: c[2])
        restated = next(
            (
                c
                for c in (ordered[0], ordered[-1])
                if 2 * c[0] == totals[0]
                and (2 * c[1] == totals[1] or (2 * c[1] > totals[1] and (c[0] > 0 or "total" in lower[max(0, c[2] - 40) : c[2]])))
                and (
                    BARE_NODE_LABEL.search(lower, max(0, c[2] - 80), max(c[2], lower.rfind("(", c[2], c[3])) + 1)
                    or "total" in lower[max(0, c[2] - 40) : c[2]]
                    or (
                        2 * c[1] == totals[1]
                        and (
                            all(sections.kind_at(o[2]) != sections.kind_at(c[2]) for o in counted_all if o is not c)
                            # the closing summary after every part ("…; 1 of 14 lymph nodes positive")
                            or (c is ordered[-1] and _reads_as_summary(lower, c[2]))
                        )
                    )
                )
            ),
            None,
        )
        if restated:
            return restated[0], restated[1], span
    return (totals[0], totals[1], span) if span else (None, None, None)


def _opens_breakdown(lower: str, count: int, first_station: int) -> bool:
    """Whether the station list right after a count breaks it down: after a colon, a bracket or a semicolon ("(0/9):
    level 7 (0/3), …"), or on the indented lines below it ("no metastasis (0/14)\n  #2R 0/2, #4R 0/4, …")."""
    return bool(BREAKDOWN_OPENS.match(lower, count, first_station) or BREAKDOWN_BELOW.fullmatch(lower, count, first_station))


BREAKDOWN_BELOW = re.compile(r"[^\n]{0,12}\n[ \t]+#?")


def _label_names_stations(lower: str, position: int, stations: list[dict[str, Any]]) -> bool:
    """Whether the words before a count, in its sentence, name two or more of the stations counted apart."""
    start = max(lower.rfind(". ", 0, position), lower.rfind("\n", 0, position)) + 1
    named = set(STATION_NUMBER.findall(lower, start, position))
    return len(named & {str(s["station"]).lower() for s in stations}) > 1


STATION_NUMBER = re.compile(r"(?<![\d/.])(\d{1,2}[rl]?)(?![\d/.])")


def _same_sentence(lower: str, first: int, second: int) -> bool:
    """Whether two offsets lie in one sentence (no ". " or line break between them)."""
    between = lower[min(first, second) : max(first, second)]
    return "\n" not in between and ". " not in between


def _stated_counts(match: re.Match[str]) -> tuple[int, int]:
    """The positive and examined counts of a stated node total, whichever form stated it."""
    groups = {name.rstrip("0123456789"): value for name, value in match.groupdict().items() if value is not None}
    return _number(groups.get("pos", "0")), _number(groups["exam"])


def _stated_node_total(lower: str, sections: SectionMap) -> re.Match[str] | None:
    """The first node total stated in words outside the history and gross description."""
    if "node" not in lower:
        return None
    first: re.Match[str] | None = None
    for start, end in anchor_windows(lower, ("node", "total to", "total:", "total examined"), 30, 60):
        if not any(word in lower[start:end] for word in STATED_TOTAL_WORDS):
            continue  # most node mentions (gross, stations) state no total; skip the costly pattern there
        for match in NODES_STATED_TOTAL.finditer(lower, start, end):
            if sections.kind_at(match.start()) in {"history", "gross"}:
                continue
            if STATION_LABEL_BEFORE.search(lower, max(0, match.start() - 40), match.start()):
                continue  # "LYMPH NODE, LEVEL 4L: NO TUMOR IN 2 LYMPH NODES" counts one station, not all
            if (
                STATION_REVISED_BEFORE.search(lower, max(0, match.start() - 60), match.end())
                or NOW_REVISED.search(match.group(0))
                or REVISED_LIST_BEFORE.search(lower, max(0, match.start() - 200), match.start())
            ):
                return match  # an amendment's total ("REVISED TOTAL: 1 of 9", "count is amended to 0 of 8") wins
            first = first or match
    if first is None and "in total" in lower:
        # "Metastatic carcinoma is present in one subcarinal node (1/15 nodes in total)".
        first = next((m for m in NODES_IN_TOTAL.finditer(lower) if sections.kind_at(m.start()) not in {"history", "gross"}), None)
    if first is None and "nodes" in lower:
        # A one-line diagnosis's last items: "…; margins free; 0/14 lymph nodes."
        first = next(
            (
                m
                for m in anchored_finditer(RATIO_THEN_NODES, lower, lower, (" nodes",), 30, 10)
                if sections.kind_at(m.start()) in DIAGNOSIS_KINDS
            ),
            None,
        )
    block_totals = list(anchored_finditer(NODE_BLOCK_TOTAL, lower, lower, ("total",), 0, 40)) if "total" in lower else []
    # A revised bare total after the first one wins: "Revised nodal result: level 10R 1/2; total 1/12".
    revised = [
        match
        for match in block_totals
        if STATION_REVISED_BEFORE.search(lower, max(0, match.start() - 60), match.start())
        and (first is None or match.start() > first.start())
    ]
    if revised:
        return revised[-1]
    if first is not None:
        return first
    for match in block_totals:
        if _in_node_block(lower, match.start()) and sections.kind_at(match.start()) not in {"history", "gross"}:
            return match
    return None


def _table_node_total(lower: str) -> tuple[int, int, re.Match[str]] | None:
    """(positive, examined) from a station table's total row, with its match."""
    table = anchored_search(NODE_TABLE_TOTAL, lower, lower, ("station",), 0, 500) if "total" in lower else None
    if table is None and ("total" in lower or "overall" in lower):
        table = anchored_search(NODE_RATIO_TABLE_TOTAL, lower, lower, ("station",), 0, 700)
    if table is None:
        return None
    first, second = int(table.group("first")), int(table.group("second"))
    return (second, first, table) if table.group("exam_first") else (first, second, table)


# A station table's column heads for the nodes examined and those with cancer.
TABLE_EXAMINED_HEAD = r"(?:(?:(?:lymph\s+)?nodes?\s+)?(?:examined|retrieved)|(?:lymph\s+)?nodes)"
TABLE_POSITIVE_HEAD = r"(?:(?:(?:lymph\s+)?nodes?\s+)?(?:positive|involved|metastatic))"
# A station table's total row under its column heads: "Station Examined Positive … 7  4  0 … Total 14 0".
NODE_TABLE_TOTAL = folded(
    # (columns split by spaces, pipes or slashes: "Station | Examined | Positive … Total | 10 | 2", "Station / Nodes
    # examined / Nodes positive. 10R (hilar) / 2 / 0. … Total / 6 / 0")
    # (or "Station | Nodes Examined | Nodes Involved", "Station | Nodes | Positive")
    rf"station[\s|/]+(?:(?P<exam_first>{TABLE_EXAMINED_HEAD}[\s|/]+{TABLE_POSITIVE_HEAD})|{TABLE_POSITIVE_HEAD}[\s|/]+{TABLE_EXAMINED_HEAD})\b"
    # (rows labelled by a word and its bracket: "Intrapulmonary (part A) 3 0")
    r"(?:[^a-z]|[a-z0-9]{1,20}(?=[\s|/]*(?:\([^()\n]{0,40}\)[\s|/]*)?[\s|/]+\d)|\([^()\n]{0,40}\)){0,400}?"
    r"total[\s|/]+(?P<first>\d{1,3})[\s|/]+(?P<second>\d{1,3})"
)
# A table with one "positive/examined" column and a total row that opens its line: "Station  Part  Positive / Examined
# … 7  C  0 / 3 … TOTAL  1 / 12", "Station  Positive/Total … Overall  0/13".
NODE_RATIO_TABLE_TOTAL = folded(
    r"station\b[^\n]{0,40}?(?:(?P<exam_first>(?:examined|total)\s*/\s*positive)|positive\s*/\s*(?:examined|total))\b"
    # (the row opens a line, or a sentence where the TCGA-style flattening joined the lines with ". ")
    r"[\s\S]{0,600}?(?:\n|\.\s)[ \t|]*(?:total|overall)\b[^\n\d]{0,40}?(?P<first>\d{1,3})[ \t]*/[ \t]*(?P<second>\d{1,3})"
)
# A part that is node fragments, which nobody can count ("multiple fragments of lymph node tissue, negative").
FRAGMENTED_NODES = folded(
    r"(?:multiple|several|numerous|many)\s+fragments\s+of\s+(?:[a-z]+\s+)?lymph\s+node\s+tissue|lymph\s+node\s+fragments|fragmented\s+lymph\s+node\s+tissue"
    # ("Station 11R: fragments of lymph node tissue, negative", "total number examined cannot be determined")
    r"|(?:station|level)\s*\d{1,2}[rl]?\s*:\s*fragments\s+of\s+lymph\s+node\s+tissue|number\s+examined\s+cannot\s+be\s+determined"
)
BREAKDOWN_REACH = 60  # characters from a total's count to the station breakdown that follows it
BREAKDOWN_OPENS = re.compile(r"[^.]*?[:\[;(]")  # "(0/9): level 7 (0/3), …", "(0/6) [station 5: 0/2; …" (not ". 2. LEVEL 5")
# "Lymph nodes:" (or "Nodes:") opening a statement, with no group or station named before it, just before a count.
BARE_NODE_LABEL = re.compile(
    # (a bare "Nodes:" neither after OCR's "HILAR LYMPH." nor after a part letter "D. NODES:", which label one group)
    r"(?:(?:^|[.;:]\s|\n)\s*(?:regional\s+)?lymph\s+nodes?|(?:^|(?<!lymph)(?<!\b[a-z])[.;:]\s|\n)\s*nodes?)"
    r"\s*:[^.;:()]{0,60}\(?\s*$"
)


DIAGNOSIS_KINDS = frozenset({"diagnosis", "synoptic", "impression"})


def _node_group_counts(
    lower: str, sections: SectionMap, station_spans: list[tuple[int, int]], summary: re.Match[str] | None
) -> list[tuple[int, int, int]]:
    """Counts (positive, examined, where) of node groups other than the numbered stations, outside the history, the gross description and the
    comments (a frozen section or an addendum repeats the diagnosis's counts)."""
    taken = list(station_spans) + ([summary.span()] if summary else [])
    counts: list[tuple[int, int, int]] = []
    for pattern in (NODE_RATIO, NODES_WORDS, NEGATIVE_NODE_WORDS):
        matches = (
            _ratio_matches(lower, 40, 90)
            if pattern is NODE_RATIO
            else anchored_finditer(pattern, lower, lower, NODE_ANCHORS, 40, 90)
        )
        for match in matches:
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            if sections.kind_at(match.start()) in REPEATING_SECTIONS:
                continue
            groups = [g for g in match.groups() if g]
            if pattern is NEGATIVE_NODE_WORDS:
                groups = ["0", *groups]  # "five lymph nodes, negative": none of them positive
            group_positive, group_examined = _number(groups[0]), _number(groups[1])
            if group_positive is not None and group_examined is not None and group_positive <= group_examined:
                first = next(index for index, group in enumerate(match.groups(), 1) if group)
                counts.append((group_positive, group_examined, match.start(first)))
                taken.append(match.span())
    return counts


NAMED_GROUP = re.compile(r"hilar|peribronch|intrapulm|interlobar|segmental|subcarinal|station|level|group|axill|pelvic|neck")
LABELLED_SENTENCE = re.compile(r"[a-z ,/()-]{0,40}:")
STATION_LABEL_BEFORE = re.compile(r"(?:station|level)\s*\d{1,2}[rl]?\s*[:：]\s*$")
# (also a synoptic's label for all the nodes: "Regional Lymph Nodes (pN): pN0: No regional lymph node metastasis (0/9)")
SUMMARY_LABEL = re.compile(
    r"(?:final\s+)?(?:summary|conclusions?|impression|diagnosis)|regional\s+lymph\s+nodes?(?:\s*\((?:y?p)?n\))?"
)


def _reads_as_summary(lower: str, start: int) -> bool:
    """Whether a count reads as the report's summary of all nodes ("Metastatic carcinoma in 1 of 11 lymph nodes",
    "Lymph nodes negative (0/8)"): it names no group ("one of four hilar/peribronchial lymph nodes") and its
    sentence opens with no part label ("NODES: THREE LYMPH NODES NEGATIVE (0/3)")."""
    node = lower.find("node", start)
    sentence = max(lower.rfind(". ", 0, start), lower.rfind("\n", 0, start), lower.rfind(";", 0, start)) + 1
    # (the group may be named just before the count's own words: "FOUR HILAR/INTERLOBAR LYMPH NODES, NEGATIVE (0/4)")
    named = NAMED_GROUP.search(lower, max(sentence, start - 40), node if node >= 0 else start + 60)
    label = LABELLED_SENTENCE.match(lower, sentence)
    # A part's label opens a part ("NODES: …"); a summary's or a conclusion's opens the summary ("SUMMARY: … (0/7)").
    part_label = label is not None and not SUMMARY_LABEL.fullmatch(label.group(0).strip(" :"))
    return not named and not part_label


def _in_node_block(lower: str, position: int) -> bool:
    """Whether a bare count ("Number examined: 11") belongs to a lymph node block: a node label heads it within 150
    characters, no label of something else counted ("Blocks:", "Prostate biopsy cores:") comes between, and the block
    does not say no nodes were submitted."""
    # A list of counts under its node label, one per line, the total last ("Lymph nodes: / Station 2R: 0/3 / … /
    # Intrapulmonary/hilar (with specimen): 1/5 / Total: 3 positive of 18 examined"), however long.
    head = lower.rfind("node", max(0, position - 600), position)
    lines = [line for line in LIST_LINE_BREAK.split(lower[head:position])[1:] if line.strip()]
    if head >= 0 and len(lines) > 2 and all(LISTED_COUNT.search(line) for line in lines):
        return True
    head = lower.rfind("node", max(0, position - 150), position)
    if head < 0:
        return False
    between = lower[head:position]
    return not OTHER_COUNTED_LABEL.search(between) and not NO_NODES.search(lower, max(0, head - 20), position)


def count_nodes(facts: ReportFacts, text: str, lang: str, sections: SectionMap, lower: str) -> None:
    """Nodes positive and examined (and by station) into `facts`: the Chinese reader first for Chinese reports."""
    if lang != "zh" or not _nodes_zh(facts, text, sections):
        _nodes(facts, text, sections, lower)


# Nodes the gross description counts ("yields two lymph nodes", "Hilar region: 3 lymph nodes found", "is a single lymph
# node"), read only when the diagnosis says every node is free and counts none itself.
GROSS_NODE_COUNT = folded(
    # (not a cassette key's note: "submitted in B1 (one node, bisected) and B2 (one node)")
    r"(?<![\d.(])(?<!station\s)(?<!level\s)(?<!group\s)\b(?P<n>\d{1,2}|a\s+single|" + "|".join(NUMBER_WORDS) + r")"
    r"\s+(?:(?!cm\b|mm\b)[a-z][a-z/-]*\s+)?(?:lymph\s+)?nodes?\b(?!\s*[-–]\s*(?:\d|$))"
    # (not a frozen section's verdict quoted in the gross: "FS/DX: ONE LYMPH NODE, NO TUMOR PRESENT")
    r"(?!\s*[,:]\s*(?:no\s+tumou?r|negative|positive|benign))"
)
GROSS_NODE_DASH_LIST = folded(
    r"lymph\s+nodes\b[^.;:\n]{0,40}?\s[-–]\s\d{1,2}(?:\s*,\s*[a-z][a-z ]{0,30}?\s[-–]\s\d{1,2})*(?=\s*[,;.])"
)
DASHED_COUNT = re.compile(r"\s[-–]\s(\d{1,2})")
ALL_NODES_FREE = folded(
    r"\b(?:lymph\s+nodes?|nodes)\b[^.;\n]{0,80}?\b(?:without|negative\s+for|free\s+of|no)\.?\s+(?:[a-z]+\s+)?"
    r"(?:metasta|tumou?r|carcinoma|malignan)"
    # (an EBUS report's verdict on its stations: "ALL STATIONS NEGATIVE FOR MALIGNANT CELLS")
    r"|\ball\s+(?:stations|levels)\s+(?:sampled\s+)?(?:are\s+|were\s+)?negative\s+for\s+(?:metasta|tumou?r|carcinoma|malignan)"
)
NODE_WITH_CANCER = folded(r"metasta\w*\s+(?:[a-z]+\s+){0,4}?in\s+" + NUM + r"\s+(?:of|\()|\(\s*[1-9]\d?\s*/\s*\d{1,2}\s*\)")


def _nodes_said_free(lower: str, sections: SectionMap) -> re.Match[str] | None:
    """The diagnosis' or microscopic description's statement that the nodes are free of tumour, when no statement
    counts nodes with cancer."""
    free = next((m for m in ALL_NODES_FREE.finditer(lower) if sections.kind_at(m.start()) not in {"gross", "history"}), None)
    return None if free is None or NODE_WITH_CANCER.search(lower) else free


def _gross_counted_negative_nodes(text: str, lower: str, sections: SectionMap) -> tuple[int | None, int | None, Span | None]:
    """0 of the nodes the gross description counts, when the diagnosis or microscopic says the nodes are free of
    tumour and no statement counts nodes with cancer; (None, None, None) otherwise."""
    free = _nodes_said_free(lower, sections)
    if free is None:
        return None, None, None
    counts = [m for m in GROSS_NODE_COUNT.finditer(lower) if sections.kind_at(m.start()) == "gross"]
    if counts:
        examined = sum(1 if m.group("n").startswith("a") else _number(m.group("n")) for m in counts)
    else:
        # A translation's list, each group's count after a dash: "Lymph nodes of the lung root - 3, bronchopulmonary - 4,
        # from 0,4 to 1,5 cm".
        lists = [m for m in GROSS_NODE_DASH_LIST.finditer(lower) if sections.kind_at(m.start()) == "gross"]
        examined = sum(int(n) for m in lists for n in DASHED_COUNT.findall(m.group(0)))
    if not examined:
        return None, None, None
    return 0, None if _fragmented_part(lower, sections) else examined, span_of(text, free)
