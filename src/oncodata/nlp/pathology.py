"""Pathology report extractor: histology, grade, size, nodes, invasion, margins, TNM, stage group, biomarkers."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

from oncodata.nlp.biomarkers import find_biomarkers
from oncodata.nlp.checkboxes import (
    TICK_MARKS,
    TICKED,
    TICKED_BEFORE,
    UNTICKED,
    UNTICKED_BEFORE,
    has_tick_boxes,
    option_ticked,
    trailing_ticked_option,
)
from oncodata.nlp.context import context_of
from oncodata.nlp.corrections import correct_site, quoted_corrections
from oncodata.nlp.facts import Finding, ReportFacts, Span, span_of
from oncodata.nlp.lexicon import LexiconHit, find_histologies, find_sites, grade_of, laterality_of
from oncodata.nlp.nodes import count_nodes
from oncodata.nlp.resources import load_yaml
from oncodata.nlp.scan import anchor_positions, anchored_finditer, fold, folded
from oncodata.nlp.sections import REPEATING_SECTIONS, SectionMap, find_sections
from oncodata.nlp.tnm import TnmMention, find_edition, find_stage_groups, find_tnm, modifier_code

# Where a stated value is most trustworthy; history and gross text describe other things (prior cases, specimens).
SECTION_RANK = {
    "synoptic": 0,
    "diagnosis": 1,
    "comment": 2,
    "body": 3,
    "frozen": 4,
    "microscopic": 3,
    "impression": 1,
    "findings": 3,
    "gross": 5,
    "history": 6,
}
# A grade in the history is an outside or prior diagnosis's, read only when the report states none elsewhere, and
# one in the gross section, last, is more often a cassette ("G4: One lymph node") than a grade.
# (A grade in the microscopic description yields to the diagnosis' or checklist's: "areas of poorly differentiated
# adenocarcinoma (40%)" then "Histological grade: Undifferentiated (G4)".)
GRADE_SECTION_RANK: dict[str, int | None] = {"microscopic": 1, "frozen": 2, "history": 2, "gross": 3}
# A grade the report says it does not give: "Histologic grade: not applicable", "Grade: cannot be assessed".
UNGRADED = re.compile(
    r"\bgrad(?:e|ing)\s*[:：]?\s*(?:not\s+applicable|n/a\b|cannot\s+be\s+(?:assessed|determined)|not\s+assess(?:ed|able))",
    re.IGNORECASE,
)
# An earlier opinion quoted in the report's own words: 'The outside diagnosis was "poorly differentiated non-small cell
# carcinoma"'.
QUOTED_OPINION_BEFORE = re.compile(
    r"\b(?:outside|original|referring|previous|prior|initial)\s+(?:pathology\s+)?diagnosis\s+(?:was|reads?|of)\s*[\"“']?\s*$",
    re.IGNORECASE,
)

# A dimension separator, also with the period a scanned report's line join leaves beside it ("2.9 x. 2.5 cm", and
# before the unit: "8.0 x 8.0. cm").
BY = r"(?:\.\s)?(?:[x×*X]|by)\.?\s*"
# A dimension; scanned reports put "l" for a leading 1 ("l.7 CM"), and "2 CM" is no dimension inside "l.2 CM".
# A decimal comma (Russian and Polish reports: "3,0x2,5 cm"), an OCR'd "o" for 0 ("3.O") and "rnm" for mm count too.
DIMENSION = (
    r"((?<![a-wyz0-9.])(?:\d+|l(?=\.\d))(?:\.[\do]+|,\d+(?=\.?\s*(?:[x×*]|cm|crn|mm)))?)"  # (after an "x": "1.5x1.5x1.2cm")
)
SIZE_VALUE = folded(
    DIMENSION
    + r"\s*(?:(cm|crn|mm|rnm|厘米|公分|毫米)\s*)?(?:"
    + BY
    + DIMENSION
    + r"\s*(?:(?:cm|crn|mm|rnm|厘米|公分|毫米)\s*)?)?"
    r"(?:" + BY + DIMENSION + r"\s*)?(?:\.\s)?(cm|crn|mm|rnm|厘米|公分|毫米)"
)
SIZE_CUE = folded(
    # (a flattened line end may split the cue: "the greatest. dimension of the right upper lobe tumor is 4.2 cm"; not
    # after a size's "in": "3.5 cm in greatest. diameter. The os measures 0.8 cm")
    r"(?:tumou?r\s+size|size\s+of\s+(?:the\s+)?(?:tumou?r|neoplasm)(?!\s+bed)|greatest(?:(?<!in\sgreatest)\.)?\s+(?:tumou?r\s+)?"
    r"(?:dimension|diameter)|maxim(?:um|al)\s+(?:tumou?r\s+)?(?:dimension|diameter)|largest\s+dimension|tumou?r\s+measures?|mass\s+measur(?:es|ing)"
    # (a lepidic tumour's "total size 1.6 cm" beside its invasive component's)
    # (a translation's "a grey-white tumour of dimensions 6,5 x 5 x 4 cm", "a tumour of size 3 cm")
    r"|measuring|(?<![a-z]\s)(?<![a-z])size(?=\s+\d)|(?:(?<=with\s)|(?<=total\s)|(?<=overall\s)|(?<=of\s))size(?=\s+\d)"
    r"|(?:(?<=of\s)|(?<=with\s))dimensions?(?=\s+\d)|肿瘤大小|肿物大小|瘤体大小|肿块大小|大小|最大径|直径"
    # European reports in translation: "a tumour with a diameter of up to 3,8 cm", "tumour size maximally 3.2 cm".
    r"|diameter\s+(?:of\s+)?(?:up\s+to|maximally|at\s+most)|size\s+maximally)"
)
# A size written before its cue: "6.0 CM IN GREATEST DIMENSION", "largest 1.9 cm in diameter".
SIZE_THEN_CUE = folded(
    DIMENSION
    + r"\s*(?:(cm|crn|mm|rnm)\s*)?(?:"
    + BY
    + DIMENSION
    + r"\s*(?:(?:cm|crn|mm|rnm)\s*)?)?(?:"
    + BY
    + DIMENSION
    + r"\s*)?"
    r"(cm|crn|mm|rnm)\s*(?:in\s+(?:(?:greatest|largest|maximum|maximal)\s+)?(?:dimension|diameter)"
    r"|(?:greatest|largest|maximum|maximal)\s+(?:dimension|diameter|extent))"
)
# A size naming what it measures: "FORMING A 3.2 X 2.5 X 2.0 CM MASS", "a 2.0 cm tan-grey nodule".
SIZE_OF_MASS = folded(
    DIMENSION
    + r"\s*(?:(cm|crn|mm|rnm)\s*)?(?:"
    + BY
    + DIMENSION
    + r"\s*(?:(?:cm|crn|mm|rnm)\s*)?)?(?:"
    + BY
    + DIMENSION
    + r"\s*)?"
    r"(cm|crn|mm|rnm)\s+(?:(?!(?:from|to|of|the|in|at|with|between|distance|away|beyond)\b)[a-z][a-z-]*,?\s+){0,3}?"
    r"(?:mass|nodule|tumou?r|lesion)\b"
)
# (a bare line break or ". " ends the history's first sentence, unlike SENTENCE_START's wrapped-line rule)
HISTORY_SENTENCE_END = re.compile(r"\.\s|\n")
LABEL_GAP = re.compile(r"[\s:：|]*")
SIZE_UNITS = ("cm", "crn", "mm", "rnm")  # as written in lowercased text ("crn", "rnm": OCR for cm, mm)
MASS_WORDS = (" mass", " nodule", " tumor", " tumour", " lesion", " node", " growth")  # ("grey-white growth 4 x 3.5 cm")
# A mass word, then a size after a few describing words: "tumour 7.5 x 5.0 cm", "tumor. node 6.0 cm", "mass, firm,
# tan-white, 2.1 x 1.8 cm".
MASS_THEN_SIZE = folded(
    # (Not "testicle with tumor, 7.5 cm (combined)", but "upper lobe 17x12x6 cm with tumor 5.5x4.0 cm".)
    # (Nor "separated from tumour 1 by 4 cm": a distance from another tumour.)
    r"(?<![a-z-])(?<!of\s)(?<!the\s)(?<!from\s)(?:(?<!with\s)(?:tumou?r(?:\.?\s+node|(?:al|ous)?\s+formation)?|mass|nodule|lesion|growth)|(?<=with\s)tumou?r(?=\s+\d)"
    # (a tumour "node" as translated reports call it, told from a lymph node by how it looks: "a dense grey node 3.3x2.8
    # x2.5 cm", "a subpleural dense whitish node 2.4x2.0x1.8 cm")
    r"|(?:(?<=dense\s)|(?<=firm\s)|(?<=hard\s)|(?<=grey\s)|(?<=gray\s)|(?<=whitish\s)|(?<=greyish\s))node(?=\s+\d))"
    # (a translated "of dense consistency" or "of grey colour" describes it too)
    # (or "with a ground-glass rim", "with a necrotic centre")
    r"(?P<between>(?:\s*,?\s+(?:of\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:consistency|colou?r|appearance)\b|"
    r"with\s+an?\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:rim|halo|component|border|edge|centre|center)\b|"
    r"(?!(?:from|to|at|of|in|into|on|is|was|with|within|beneath|under|near|over|above|below|"
    r"and|or|which|that|measur\w*|distance|away|size|up|comes?|bed)\b)[a-z][a-z-]*)){0,4})"
    # (or a label's colon right after the word: "Tumour: 6,0 x 4,5 x 4,0 cm"; or a flattened line end before a size of
    # two or three dimensions, which no other sentence opens with: "a grey-yellow tumour. 35 x 30 x 25 mm")
    r"(?:,?\s+|(?:(?<=tumor)|(?<=tumour)|(?<=mass)|(?<=nodule)|(?<=lesion)):\s*"
    r"|,?\.\s(?=\d+(?:[.,]\d+)?\s*(?:[a-z]{2}\s*)?[x×*]\s*\d))(?=\d|l\.\d)"
)
# A checklist's bare "Size:" line (synoptic sections only, not "SPECIMEN SIZE:"): "Size: 5.2 x 4.6 x 4.0 cm".
# A line wrapped inside a sentence: after a word or a comma, a continuation that opens with a small letter.
# (also a wrap right before the size: "…, KERATINIZING,\n     4.8 CM, CENTERED ON…")
SOFT_WRAP = re.compile(r"(?<=[a-z,])\n[ \t]*(?=[a-z]|$)")
# …and flattened the TCGA way, its line end a ". " inside the histology's words ("poorly. differentiated", "with
# papillary. component", "main tumour. in the right middle lobe, 74 mm"); not any ". " before a small letter, which
# joins sentences in a flattened report.
# (A stop before a comma or a bracket ends no sentence: "MIXED SUBTYPE. (PAPILLARY, …), 2.6 CM" with the bracket taken out.)
FLATTENED_WRAP = re.compile(r"(?<=[a-z])\.\s(?=(?:differentiated|components?|predominant|patterns?|features|in\s+the)\b|\s*[,(])")
# The end of a list item: "2.45 x 2.0 x 1.7 cm." or a line's end.
ITEM_END = re.compile(r"\s*(?:\.(?!\d)|\n|;|$)")
# A Chinese structured report's bare "大小：" field and the bracketed block heading above it ("[肿瘤]", "【切缘】"), also
# on a report flattened to one line ("[肿瘤]. 部位：左肺上叶. … 大小：3.8×3.0×2.6cm").
BARE_SIZE_FIELD_ZH = re.compile(r"(?:^|(?<=\n)|(?<=\.\s))[ \t]*大小\s*[:：]\s*")
BLOCK_HEADING_ZH = re.compile(r"(?:^|(?<=\n)|(?<=\.\s))[ \t]*[\[【［][^\]】］\n]{1,10}[\]】］]")
# A structured block's location line right before a bare "Size:" ("Location: left S6…\n  Size: 24 x 20 x 18 mm").
LOCATION_LINE_BEFORE = folded(r"(?:^|\n|\.\s)[ \t]*(?:tumou?r\s+)?(?:location|site)\s*:[^\n]*(?:\n|\.\s)[ \t]*$")
SYNOPTIC_SIZE_LABEL = folded(
    r"(?:^|(?<=\n)|(?<=\.\s)|(?<=\.))[ \t]*(?:-\s*)?size\s*[:：|]\s*"  # (also a list item's "- Size: 12.5 mm")
    r"|(?<=\n)[ \t]*-\s*size\s+(?=\d)"  # a list item: "   - Size 3.1 cm."
    r"|(?<=\.\s)size\s+(?=\d{1,3}(?:\.\d)?\s*(?:mm|cm)\b)"  # a sentence of its own: "Poorly differentiated. Size 47 mm."
)  # also a table's "Size | 3.9 cm"
# After neoadjuvant therapy the residual viable tumour is measured ("Residual viable tumor size (greatest dimension):
# 3.2 cm", "largest focus of residual viable tumour 8 mm"), not the tumour bed.
RESIDUAL_SIZE = folded(
    # (or a histology named between: "Residual squamous cell carcinoma, 1.4 cm in greatest dimension"; or its focus:
    # "a largest viable focus of 3.2 cm within a 5.5 cm fibrotic tumour bed")
    r"(?:residual|viable)\s+(?:viable\s+)?(?:invasive\s+)?(?:[a-z-]+\s+){0,3}?(?:tumou?r|carcinoma|focus)(?:\s+size)?"
    r"(?:\s*\([^)]{0,40}\))?\s*[:：,]?\s*(?:of\s+|measur\w+\s+|is\s+)?(?=\d)|(?:残余|残存|残留)(?:存活|活性)?(?:肿瘤|癌)(?:最大径|大小|范围)?\s*[:：]?\s*(?:约|为)?\s*(?=\d)"
)
# A size re-measured in an amendment outranks the first one ("重新测量肿瘤最大径为3.2cm", "size is revised to 3.2 cm").
SIZE_REVISED_BEFORE = re.compile(
    # (not the quoted original a correction names: "更正内容：原报告“肿瘤大小4.2×2.0×1.8cm”系录入错误")
    r"(?:revised|amended|corrected|re-?measured)\b[^.;\n]{0,60}$|(?:重新测量|更正|修正|应为)(?:(?!原)[^。；;\n]){0,20}$"
    # ("On microscopic measurement the invasive tumor measures 2.6 cm; the gross measurement included…")
    r"|\bon\s+microscopic\s+measurement\b[^.;\n]{0,50}$",
    re.I,
)
# A size of a separate nodule, not the main tumour: "SEPARATE 0.6 CM TUMOUR NODULE (SATELLITE) IN THE SAME LOBE".
SEPARATE_NODULE_SIZE_BEFORE = re.compile(r"\b(?:separate|second|additional|satellite|smaller)\s+(?:[a-z]+\s+)?$", re.I)
SEPARATE_NODULE_SIZE_AFTER = re.compile(
    r"\s*(?:in\s+greatest\s+dimension\s+)?(?:(?:tumou?r|satellite|separate)\s+)?(?:nodule|focus)\b", re.I
)
# Words that may tell of a margin reached, though not in a form read above: then a distance settles nothing.
MARGIN_REACHED_WORDS = folded(
    r"margins?\b(?:[^.;\n]|\.\d){0,30}?(?:involv|positive|compromis|present)"
    r"|(?:involv\w*|present\s+at|extends?\s+to)(?:[^.;\n]|\.\d){0,30}?margin"
)
MARGIN_DISTANCE = folded(
    r"(?<![\d.])(?:[1-9]\d?(?:[.,]\d+)?|0[.,][1-9]\d?)\s*(?:cm|mm)\s+(?:away\s+)?from\s+(?:the\s+)?(?:nearest\s+|closest\s+)?"
    r"(?:[a-z]+\s+){0,2}?(?:resection\s+)?margins?\b"
    r"|distance\s+(?:of\s+[a-z ]{0,30}?)?(?:from|to)\s+(?:the\s+)?(?:nearest\s+|closest\s+)?(?:[a-z]+\s+){0,2}?margins?\s*[:：]?\s*"
    r"(?:[1-9]\d?(?:[.,]\d+)?|0[.,][1-9]\d?)\s*(?:cm|mm)"
)
SIZE_REVISED_TO = folded(
    # (or from its old value: "the tumor greatest dimension is revised from 2.8 cm to 3.3 cm")
    r"(?:tumou?r|size|extent|dimension)[^.;\n]{0,60}?\b(?:revised|amended|corrected)\s+(?:from\s+\d+(?:\.\d+)?\s*(?:cm|mm)\s+)?to\s+(?=\d)"
    # (an amendment's "The correct maximum dimension of the main tumour (right lower lobe) is 23 mm")
    r"|\bthe\s+correct\s+(?:maximum\s+|greatest\s+)?(?:tumou?r\s+)?(?:size|dimension|diameter)\b[^.;\n]{0,60}?\bis\s+(?=\d)"
    # ("原报告肿瘤大小“1.5×1.2×1.0cm”系录入错误，经复核…，更正为2.5×1.2×1.0cm")
    # (the new value may be quoted: "“残余存活肿瘤范围2.9×1.5cm”系笔误，更正为“1.9×1.5cm”")
    r"|(?:肿瘤|肿物|大小|最大径|范围)[^。；;\n]{0,50}?(?:更正|修正)为\s*[“\"']?\s*(?=\d)"
)
TUMOUR_BED = re.compile(r"tumou?r\s+bed|瘤床", re.IGNORECASE)  # after neoadjuvant therapy: not the tumour's size
GRADE_REVISED_TO = re.compile(
    r"(?:分级|分化程度|分化)(?:更正|修正|修改)为[:：]?\s*|\bgrade\s+(?:is\s+)?(?:revised|amended|corrected|changed)\s+to\s*:?\s*",
    re.IGNORECASE,
)
REVISING_WORDS = re.compile(r"(?:更正|修正|修改)为[:：]?|\s(?:is\s+)?(?:revised|amended|corrected|changed)\s+to\b", re.IGNORECASE)
# "2.2 cm tumor bed, no residual carcinoma", "within a 3.2 cm fibrotic tumor bed"
# (not a size "within" the bed: "residual viable tumor 1,4 cm within tumor bed 4,0 cm")
TUMOUR_BED_AFTER = re.compile(r"\s*(?:(?:(?!within\b|inside\b|in\b)[a-z-]+\s+){0,2}tumou?r\s+bed|瘤床)", re.IGNORECASE)
TUMOUR_BED_SIZE_BEFORE = re.compile(r"(?:tumou?r\s+bed|瘤床)\s*(?:size|大小)?\s*[:：]?\s*(?:约|of\s+)?$", re.IGNORECASE)
# In a measurement's sentence: what it measures when it is not the primary tumour.
MEASURES_OTHER = re.compile(
    # (a translated report's "tumour node" is the tumour)
    r"(?<!tumor\s)(?<!tumour\s)node|margin|specimen|lobe\s+of|fragment|piece|portion|\bcores?\b|metasta|tumou?r\s+bed|淋巴结|切缘|标本|转移|瘤床"
)
# A sentence break, but not a line break or the period a line join leaves after a comma or a hyphen ("FEATURES,.
# MEASURING").
SENTENCE_START = re.compile(r"[;。；]|(?<![,\-])(?:\n(?!\s*[a-z])|\.\s)")  # (a line wrapped mid-sentence goes on in lower case)
# Sites that name a margin or a node station, not the tumour: "ureteral margin", "MARGIN #1, SKIN", "Lymph nodes,
# common hepatic artery".
SITE_OF_MARGIN_AFTER = re.compile(
    r"\W{0,3}(?:(?:left|right|proximal|distal|final|resection|surgical|parenchymal|duct|artery|soft\s+tissue)\W+){0,3}"
    r"margins?\b",
    re.IGNORECASE,
)
# (Not across a full stop: "…three lymph nodes. LUNG, RIGHT UPPER LOBE: …" names the lung.)
SITE_OF_MARGIN_BEFORE = re.compile(
    r"(?:margins?|lymph\s+nodes?)[\s,:;(#-]{0,4}(?:\d+[\s,:;)-]{1,3})?(?:[a-z]+(?:[ \t,:;-]{1,3}|\n(?!\s*\n))){0,2}$",
    re.IGNORECASE,  # (nor across a blank line: "… lymph node sampling\n\nDIAGNOSIS:\nRight lower lobe: …")
)
# A site named as what the tumour invades, not where it is: "Visceral Pleura Invasion: Present", "skin involvement".
SITE_OF_INVASION_AFTER = re.compile(r"\s*(?:invasion|involvement|extension|infiltration)\b", re.IGNORECASE)
# A checklist's laterality, for a site written without its side ("Specimen Laterality: Left. Tumor Site: Upper lobe").
# "Laterality: Left", "Laterality: Right and Left", and its ticked option: "Laterality: [ ] Right  [X] Left", "___ Right.
# _X_ Left".
LATERALITY_OPTIONS = (
    r"\s*(?:"
    + UNTICKED
    + r"\s*(?:left|right|bilateral|not\s+specified)\.?\s*)*"
    + TICKED
    + r"?\s*(left|right|bilateral)\b(\s+(?:and|&)\s+(?:left|right)\b)?"
)
LATERALITY_LABEL = re.compile(r"laterality\s*[:：.]?" + LATERALITY_OPTIONS, re.IGNORECASE)
# (and a form's "Side: [ ] Right  [X] Left", "Site: ( ) right (X) left", looked for apart: each pattern opens with its
# literal, which `re` scans for)
SIDE_LABEL = re.compile(r"(?:side|site)(?<![a-z]side)(?<![a-z]site)\s*[:：]" + LATERALITY_OPTIONS, re.IGNORECASE)
# A checklist's tumour-site label: the site after it is the primary's ("Tumor Site: Right middle lobe").
TUMOUR_SITE_WORDS = (
    r"(?:(?:tumou?r\s+(?:site|location)|primary\s+(?:tumou?r\s+)?site|site\s+of\s+(?:the\s+)?tumou?r"
    r"|肿瘤部位|肿瘤所在部位|病变部位|标本部位|送检部位)\s*[:：.]|肿瘤主体位于|肿瘤位于)"
)
TUMOUR_SITE_LABEL = re.compile(TUMOUR_SITE_WORDS + r"\s*$", re.IGNORECASE)
TUMOUR_SITE_LABEL_IN_LINE = re.compile(TUMOUR_SITE_WORDS, re.IGNORECASE)
# A Latin histology before its genitive site ("Carcinoma adenosquamosum pulmonis sinistri"): the genitive is the "of".
LATIN_GAP = re.compile(r"(?:\s+[a-z][a-z0-9]*){0,2}\s+", re.IGNORECASE)  # (a grade between: "… keratodes G2 pulmonis")
PULMONIS = re.compile(r"pulmonis\b", re.IGNORECASE)
# An organ heading that takes the whole lung: "D. Left lung, pneumonectomy:".
PNEUMONECTOMY_AFTER = re.compile(r"[\s,:;.-]{0,4}(?:total\s+|completion\s+)?pneumonectomy", re.IGNORECASE)
# The words between a histology and the site it is "of" ("carcinoma of the uterine cervix", "arising in the
# thyroid"), and between a site adjective and its histology ("rectal carcinoma", "cervical squamous cell carcinoma").
# No other words: "carcinoma with invasion of the pleura" or "involving the main bronchus" tells where it spread.
HISTOLOGY_OF_SITE = re.compile(
    # (after up to three describing items: "squamous cell carcinoma, keratinizing, poorly differentiated (G3), of the")
    r"(?:\s*,\s*[a-z][a-z -]{0,30}(?:\([^()]{0,12}\))?){0,3}"
    r"(?:[\s,]*(?:primary\s+)?(?:of|in|arising\s+(?:in|from))\s+(?:the\s+)?(?:(?:left|right)\s+)?"
    # (or, for a lobe, the site as one more item of the list: "Squamous cell carcinoma, poorly differentiated (Grade 3),
    # left upper lobe")
    r"|(?P<listed>\s*,\s*))",
    re.IGNORECASE,
)
SITE_ADJECTIVE_GAP = re.compile(
    r"\s+(?:(?!(?:with|and|or|an?|the|of|in|to|for|by|from|at|on|shows?|showing|is|are|was|were|no|not|type|features?"
    r"|pattern)\b)[a-z-]+\s+){0,2}",
    re.IGNORECASE,
)
# The label that opens a specimen part of a diagnosis: "A.", "B)", "(C)", "1)", "PART 2:".
# A label opens a sentence or follows a colon; "excision (E) -" only refers to a part.
PART_LABEL = re.compile(
    r"(?:^|(?<=[.;:\n])|(?<=[.;:]\s)|(?<=[.;:]\s\s))"
    r"(?:\(?[A-H]\)\.?|[A-H][.:]|\(?\d{1,2}\)\.?|\d{1,2}[.:](?!\d)|PART\s+\d+:?)\s"
)
METASTATIC_BEFORE = re.compile(r"metasta\w*\s+(?:[a-z-]+\s+)?$", re.IGNORECASE)
PART_REACH = 200  # characters from a part's label to its diagnosis
OTHER_DIAGNOSIS = re.compile(r"benign|malignan|tumou?r|carcinoma|negative|\bno\s", re.IGNORECASE)
# Between an organ and the part of it a heading names next: "LUNG, LEFT UPPER LOBE", "Lung, right, lower lobe".
ORGAN_PART_GAP = re.compile(r"[\s,;:(-]{0,4}(?:(?:right|left)[\s,;:(-]{1,3})?", re.IGNORECASE)
PLEURAL = folded(
    # (a Romance word order too: "Pleura visceral: not infiltrated")
    r"visceral\s+p[l1]eura(?:l)?(?:\s+invasion)?|visceral\s+and\s+parietal\s+pleura|pleura\s+visceral(?:is)?(?![a-z])|invad\w*\s+(?:in(?:to)?\s+)?(?:the\s+)?parietal\s+pleura|parietal\s+pleural\s+invasion|(?<![a-z])pleural\s+(?:invasion|involvement|surface)|(?<![a-z])pleura(?=\s+(?:(?:is|was)\s+)?(?:free|not|uninvolved|involved|invaded))"
    # ("The tumor does not reach the pleura": denied, it is no invasion; said, it is no verdict, as PLEURA_INVADED asks)
    r"|(?:involv|invad|breach|penetrat|reach)\w*\s+(?:in(?:to)?\s+|through\s+)?(?:the\s+)?pleura(?![a-z])|(?<!紧邻)(?<!邻近)(?<!靠近)(?<!贴近)(?<!接近)脏层胸膜(?:侵犯|受侵)?|胸膜(?:侵犯|受侵)|(?:侵犯|侵及|累及)(?:脏层|壁层)?胸膜|胸膜(?=(?:未见癌?|无)?(?:累及|受累))"
    # The elastic layer the tumour does or does not breach: "弹力纤维染色未突破弹力层".
    r"|突破(?:脏层胸膜)?弹力(?:层|板)"
)
LVI = folded(
    # (OCR: "Lymph-vascu1ar", "LYMPH-VASCU|AR")
    # (a flattened line end may split the name: "Lymph-vascular. invasion: not identified")
    # ("Lymphovascular tumor thrombus: not seen": the label's whole name, so its answer is read after it)
    r"lympho-?vascu[l1|i]ar(?:\.?\s+(?:space\s+)?invasion|\s+(?:tumou?r\s+)?(?:thromb\w*|emboli))?|lymph[\s-]vascu[l1|i]ar(?:\.?\s+invasion)?|angiolymphatic\.?\s+invasion"
    r"|lymphatic\s*(?:/|and|or)\s*(?:vascular|venous)(?:\s+invasion)?|(?:vascular|venous)\s*(?:/|and|or)\s*lymphatic"
    r"(?:\s*\((?:large|small)\s*/\s*(?:large|small)\s+vessels?\))?(?:\s+(?:vascular\s+space\s+status|invasion))?(?:\s*\(v\s*/\s*l\))?"
    # CAP's two lines ("Venous (Large Vessel) Invasion (V)", "Lymphatic (Small Vessel) Invasion (L)") and other words
    # for either kind of vessel invasion.
    r"|(?:lymphatic|venous)\s*\((?:small|large)\s+vessel\)\s*invasion(?:\s*\([lv]\))?|lymphatic\s+(?:permeation|invasion)"
    # ("Tumour cells within lymphatic vessels at the tumour periphery")
    r"|(?:tumou?r\s+cells?|carcinoma(?:\s+cells?)?|tumou?r(?:al)?\s+emboli)\s+(?:(?:are|is)\s+)?(?:(?:seen|present)\s+)?(?:with)?in\s+"
    r"(?:the\s+)?lymphatic\s+(?:vessels?|channels?|spaces?)"
    # (and in translated prose: "Invasion of lymphatic and blood vessels not found", "No angioinvasion found", "Invasion in
    # vessels not found")
    r"|invasion\s+(?:of|into|in)\s+(?:the\s+)?(?:(?:lymphatic|blood)\s+(?:(?:and|or)\s+(?:blood\s+)?)?)?vessels?|angio-?invasion"
    # (a Chinese report's translated "脉管癌栓": "Vessel carcinoma embolus: (+)", "vascular tumor thrombus")
    r"|(?:lymph)?(?:vessel|vascular)\s+(?:carcinoma|cancer)\s+(?:embol\w*|thromb\w*)"
    # (and a Romance report's "permeación vascular", "émbolos linfáticos": "Vascular permeation: not observed")
    r"|(?:vascular|lymphatic|lymphovascular|venous)\s+(?:permeation|emboli)|permeation\s+(?:vascular|lymphatic)"
    r"|(?:blood\s+)?vessel\s+invasion|venous\s+invasion|(?<!micro)vascular\s+invasion|tumou?r\s+thromb\w*\s+in\s+vessels?|vascular\s+tumou?r\s+thromb\w*"
    # The abbreviations: "LVI: not identified", "LVSI present"; the German-school terms in translation
    # ("lymphangioinvasive growth", "lymphangiosis carcinomatosa", "haemangiosis carcinomatosa").
    r"|(?<![a-z])lvs?i(?![a-z])|lymphangio-?invasi\w*(?:\s+growth)?|(?:lymphang|ha?emang)iosis\s+carcinomatosa"
    # ("脉管内见癌栓", a label answered "脉管：未见侵犯"; "Tumour emboli are present in the lumens of lymphatic vessels",
    # "Cancer emboli are seen in vessels")
    r"|emboli\s+(?:(?:are|is|were)\s+)?(?:(?:present|seen|identified|found)\s+)?in\s+(?:the\s+)?(?:lumens?\s+of\s+)?(?:\w+\s+)?(?:(?:lymphatic|vascular|blood)\s+(?:or|and)\s+)?(?:(?:lymphatic|vascular|blood)\s+)?(?:vessels?|spaces?|channels?)|(?:lymphatic|vascular)\s+tumou?r\s+emboli|脉管(?:侵犯|内?(?:可)?见?[癌瘤]栓|内(?=[未无]见?[癌瘤]栓)|(?=\s*[:：])|(?=[及和、]神经侵犯)|(?=(?:[及和、]神经)?[未无]见?(?:明确)?(?:侵犯|累及)))|淋巴管侵犯|(?<![脉淋])血管(?:侵犯|内见?癌栓)"
)
MARGIN = folded(
    # (Polish and Russian reports' "resection line", a wedge's "staple line" are margins too.)
    # (and a translated "bronchial section", the French "tranche de section", when a verdict follows it, or "the edge of
    # resection of the bronchus")
    r"(?:surgical\s+|resection\s+)?margin[sea]?(?:\s+of\s+(?:the\s+)?(?:(?:main|intermediate|lobar|segmental)\s+)?(?:bronchus|vessels?))?(?![a-z])|"
    # (a Romance language's "borde/bordo/bord" translated: "Bronchial border free", "BORDERS FREE")
    r"(?:(?:bronchial|vascular|surgical|resection|parenchymal)\s+(?:and\s+(?:bronchial|vascular|parenchymal)\s+)?)?borders?(?=\s*(?:[:：(]|free|clear|negative|uninvolved|involved|positive|of\s+resection|are|is)\b)|edges?\s+of\s+(?:the\s+)?resection(?:\s+of\s+(?:the\s+)?(?:(?:main|intermediate|lobar|segmental)\s+)?(?:bronchus|vessels?))?(?![a-z])|(?:bronchial|vascular)\s+(?:and\s+(?:bronchial|vascular)\s+)?sections?(?=\s+(?:free|clear|negative|uninvolved|involved|positive)\b)|(?:bronchial\s+)?resection\s+lines?(?:\s+of\s+(?:the\s+)?(?:(?:main|intermediate|lobar|segmental)\s+)?(?:bronchus|vessels?))?(?![a-z])|staple\s+lines?(?![a-z])|(?:bronchial\s+)?stumps?(?=\s*[:：(]|\s+(?:is|are|negative|free))|切[缘绿端]|[钉缝]合缘|(?:支气管|血管)?[断残]端(?!直径)"
)
QUOTED_ORIGINAL_BEFORE = re.compile(r"original\s+(?:report|diagnosis)\s*:\s*[\"“'][^\"”']*$")
# Tumour at a margin said plainly: "TUMOR PRESENT AT THE PULMONARY ARTERY (VASCULAR) RESECTION MARGIN", "margin
# positive for invasive carcinoma".
TUMOUR_AT_A_MARGIN = folded(
    r"(?:tumou?r|(?:invasive\s+)?(?:(?:squamous\s+cell|adeno)\s*)?carcinoma)\s+(?:(?:is\.?\s+)?(?:present\.?\s+)?at|extends?\.?\s+to)"
    r"\s+the\s+"
    # (a flattened line join may sit between the words: "carcinoma is present. at the proximal bronchial margin", "margin
    # is. therefore POSITIVE", "AT THE BRONCHIAL RESECTION. MARGIN"; "the posterior chest wall soft tissue margin")
    r"(?:(?!not\b|no\b|but\b|from\b)[\w/()-]+\.?\s+){0,5}margin(?!s?\s*[:：])|margins?\s+(?:is\.?\s+|are\.?\s+)?(?:therefore\.?\s+)?positive\s*(?:for|[-–:;])\s*"
    r"(?:invasive\s+)?(?:carcinoma|adenocarcinoma|tumou?r|malignan)"
    # "PARENCHYMAL (STAPLE LINE) MARGIN AT THE FISSURE IS INVOLVED BY INVASIVE ADENOCARCINOMA"
    r"|margin(?:\s+[a-z]+){0,4}?\s+(?:is|are)\s+involved\s+by\s+(?:invasive\s+)?(?:[a-z]+\s+){0,2}?(?:adeno)?carcinoma"
    # "INVASIVE SQUAMOUS CELL CARCINOMA PRESENT IN SUBMUCOSA AND AT THE INKED MARGIN"
    r"|carcinoma\s+(?:is\s+)?present\s+(?:[a-z]+\s+){1,4}?and\s+at\s+the\.?\s+(?:[\w/()-]+\s+){0,3}margin"
    # "Margins are negative except the vascular margin, which shows invasive carcinoma".
    r"|margins?\s+(?:are\s+)?(?:negative|free|clear|uninvolved)\s+except\s+(?:for\s+)?(?:the\s+)?(?:\w+\s+){0,3}?margin"
    # A margin given as its own part, diagnosed carcinoma: "NEW PTERYGOID MARGIN: POORLY DIFFERENTIATED SQUAMOUS CARCINOMA".
    r"|margin\s*[:：]\s*(?:(?:invasive|poorly|moderately|well|differentiated|keratinizing|infiltrating)\s+){0,3}"
    r"(?:squamous\s+(?:cell\s+)?)?(?:carcinoma|adenocarcinoma)(?!\s+in[\s-]+situ)"
    # A checklist's margin answered involved: "Parenchymal Margin: Involved by invasive carcinoma".
    r"|margin\s*[:：]?\s*involved\s+by\s+(?:invasive\s+)?(?:carcinoma|tumou?r)"  # (also "Parietal pleural margin INVOLVED by")
)
# The UICC residual tumour code after a TNM statement: R0 (none), R1 (microscopic), R2 (macroscopic).
RESIDUAL_TUMOUR = re.compile(r"(?<![A-Za-z0-9])R([012])(?![0-9A-Za-z])")
# A size after the histology that is a distance, a node or a margin, or lies past the sentence, is not the tumour's.
# (Nor a size its own words label as another measure: "invasive size 0,7 cm (total size 1,3 cm)".)
NOT_TUMOUR_SIZE_BEFORE = re.compile(
    # (an extension measures how far the tumour reaches, "extending into the chest wall for 3 cm", unless a comma closes
    # it first: "centred in the right lower lobe and extending along the bronchus intermedius, 6.5 x 5.0 x 4.2 cm")
    r"[;\n\d<]|(?<!,)\.\s|node|margin|located|distance|extend[^,]*$|up\s+to|within|less\s+than|invasive\s+(?:size|component)"
    r"|淋巴结|切缘|距"
)
# After a size: it is a distance, a slice's thickness or a category's definition ("4 cm or less").
NOT_TUMOUR_SIZE_AFTER = re.compile(
    r"\.?\s*(?:from|away|to\s+the|proximal|distal|aboral|oral|thick|or\s+(?:less|more)|on\s+(?:ct|pet|mri|imaging|x-?ray))\b"
    # (a distance to a margin: "with a close (1 mm) parenchymal staple margin")
    r"|\)[ \t]*(?:[a-z]+[ \t]+){0,2}(?:staple[ \t]+|resection[ \t]+)?margins?\b"
)  # ("4.2 cm on CT" is the imaging's)
TUMOUR_WORD_ZH = re.compile(r"肿瘤|肿物|肿块|瘤|癌|结节|病灶|病变")
TUMOUR_WORD = re.compile(
    # (an older report's ill-defined tumour is an "area": "a poorly circumscribed, gray-tan, somewhat spongy area")
    # (a translation's "neoplasm": "a whitish, firm, poorly delimited neoplasm, measuring 3,2 x 2,5 x 2,0 cm")
    r"tumou?r|greatest|mass|nodule|carcino(?:m|rn)a|lesion|neoplasm|(?:firm|ill-defined|circumscribed|spongy|indurated)(?:(?!scar|ulcer|fibro)[\w ,-]){0,30}\barea\b"
    r"|" + TUMOUR_WORD_ZH.pattern,
    re.I,
)  # (OCR: "CARCINORNA")
CLAUSE_START = re.compile(r"[.;。；，,\n]")
NODE_DEPOSIT = re.compile(r"转移灶|淋巴结|(?:metastatic|nodal)\s+(?:deposit|focus)|largest\s+(?:nodal\s+)?(?:deposit|metastasis)")
SHARE = re.compile(r"\d{1,3}\s*%")
BRACKETED = re.compile(r"\([^()]*\)")  # "(lepidic 60%, acinar 40%)" between a histology and its size
# "G2", "G2-G3", "grade 2", "grade 2 of 3" before a size
GRADE_TOKEN = re.compile(
    r"(?<![a-z0-9])(?:g[1-4x](?:\s*-\s*g?[1-4])?|grade\s+(?:[1-4]|i{1,3}|iv)(?:\s*(?:of|/)\s*[34])?)(?![a-z0-9])"
)
# Literal anchors (lowercase) every match of the pattern above contains; patterns run only near them.
SIZE_ANCHORS = ("size", "dimension", "diameter", "measur", "大小", "径")
PLEURAL_ANCHORS = ("pleura", "p1eura", "胸膜", "invad", "弹力")  # ("p1eura": OCR)
# The UICC additions to a TNM statement: lymphatic (L0/L1) and venous (V0/V1/V2) invasion.
UICC_LV = re.compile(r"(?<![A-Za-z0-9])L([01])\s*,?\s*V([012])(?![A-Za-z0-9])")
# The Japanese General Rules' lymphatic (ly0–ly3) and venous (v0–v3) invasion codes, read when an ly code is given.
JAPANESE_LY = re.compile(r"(?<![A-Za-z])ly([0-3])(?![0-9A-Za-z])")
JAPANESE_LY_V = re.compile(r"(?<![A-Za-z])(ly|v)([0-3])(?![0-9A-Za-z])")
LVI_ANCHORS = (
    "lymphang",
    "mangiosis",
    "lvi",
    "lvsi",
    "vascular",
    "vascu1ar",
    "vascu|ar",
    "vascuiar",
    "angiolymph",
    "angioinv",
    "lymphatic",
    "vessel",
    "venous",
    "thromb",
    "emboli",
    "permeation",
    "脉管",
    "淋巴管",
    "血管侵犯",
    "血管内",
)
# A margin's clause ends at a full stop (not a decimal point, not a TCGA line join before a lower-case word) or ";".
# (a line wrapped before a small letter goes on: "Bronchial resection margin without\ntumour growth")
MARGIN_CLAUSE_END = re.compile(r"(?<!\d)\.(?!\d)(?!\s[a-z])|[;。；]|\n(?![ \t]*[a-z])")
# (A bracket holding a word: "支气管切缘(-)" gives its verdict in the bracket.)
MARGIN_LIST_AFTER = re.compile(r"^\s*\((?=[^()]*[A-Za-z\u4e00-\u9fff])[^()]{0,100}\)")
NEXT_MARGIN_CLAUSE_ZH = re.compile(r"[，,、](?=[^，,。；;]{0,8}(?:切缘|残端|断端))")
# A checklist's question answered no: "Margins involved - No.", "Margins involved? No".
QUESTION_ANSWERED_NO = re.compile(r"\s*(?:involved|positive)\s*(?:[-–?:]\s*)+no\b", re.IGNORECASE)
MARGIN_HANDLED = re.compile(
    # (or an earlier specimen's margin taken away: "The previously involved wedge staple line has been excised")
    r"\s*(?:(?:is|are|was|were)\s+(?:\w+\s+)?(?:identified|inked|marked|shaved|submitted|taken|sampled|painted)"
    r"|(?:has|have)\s+been\s+(?:completely\s+)?(?:excised|resected|removed))\b",
    re.I,
)
# Tumour reaching the margin in prose: "the tumor extends to the inked parenchymal margin", "carcinoma at the margin".
TUMOUR_AT_MARGIN = re.compile(
    r"(?:extend(?:s|ing)?\s+to|reach(?:es|ing)?|present\s+at|\bat)\s+(?:the\s+)?(?:inked\s+)?(?:[a-z]+\s+){0,2}$", re.I
)  # ("invasive adenocarcinoma reaches the inked bronchial margin focally", "extends to the stapled parenchymal margin")
NO_TUMOUR_AT_MARGIN = re.compile(r"\bno\s+(?:tumou?r|carcinoma|malignancy|neoplasm|melanoma)\b[^.;]{0,30}$", re.I)
# A margin verdict an amendment reverses: "initially reported as clear, is therefore INVOLVED by invasive carcinoma".
MARGIN_REVISED = re.compile(
    r"margins?,?\s+(?:initially|originally|previously)\s+reported\s+as\s+(?:(?:clear|free|negative|uninvolved)[^.;]{0,40}?"
    r"(?P<now_positive>involved|positive)|(?:involved|positive)[^.;]{0,40}?(?:clear|free|negative|uninvolved))"
)
# "Bronchial margin: no tumor", "Bronchial stump: no cancer", "margins: no cancer seen", "margin is without tumour growth".
NO_TUMOUR_AFTER_MARGIN = re.compile(
    r"\W{0,3}(?:(?:is|are|was|were)\s+)?(?:no|without)\.?\s+(?:residual\s+)?(?:tumou?r|cancer|carcinoma|malignan\w*|neoplasm)",
    re.I,
)
# Carcinoma in situ at a margin leaves it free of invasive carcinoma ("MARGIN: SQUAMOUS CELL CARCINOMA IN SITU PRESENT"),
# also over a wrapped line ("…, moderately\ndifferentiated, with squamous cell carcinoma in situ at the bronchial …").
IN_SITU_ONLY = re.compile(r"^(?!.*(?:\band\b|\balso\b|invasive))(?=.*(?:in[\s-]+situ|\bcis\b))", re.I | re.S)
ANSWER_BELOW = re.compile(
    r"[.\n]\s*((?:" + TICKED + r")\s*[^.\n;]+|(?:negative|uninvolved|free|clear|involved|positive)\b[^.\n;]*)", re.IGNORECASE
)
NOT_AT_MARGIN = re.compile(r"\bno\b|\bnot\b|n't|without|whether|distance|\?", re.I)
# The tumour must be the subject ("sections taken at the bronchial margin" is not), and the words after the margin
# must not clear it ("…show no carcinoma", "…are benign") or measure a distance to it ("… 0.5 cm").
MARGIN_SUBJECT = re.compile(r"tumou?r|carcinoma|neoplasm|malignan|cancer|dcis|melanoma|sarcoma", re.I)
CLEARS_MARGIN = re.compile(r"\bno\b|\bnot\b|free|benign|negative|uninvolved|\d(?:\.\d+)?\s*(?:cm|mm)\b", re.I)
# The value a synoptic line gives a feature: "Lymph-Vascular Invasion. Not identified", "…: Indeterminate", "Venous/
# Lymphatic (Large/Small Vessel) Invasion (V/L): Absent", or none before the next label ("LYMPH-VASCULAR INVASION. EXTRATHYROIDAL EXTENSION: Present").
PRESENCE_VALUE = re.compile(
    r"(?>\s*(?:\([^()\n]{1,40}\)\s*)?(?:invasion|invasive|involvement|emboli|permeation)?\s*(?:\([^()\n]{1,12}\)\s*)?(?P<sep>[:：.–|-]?)\s*"
    r"(?:(?:is|are|was|were)\s+)?)"
    r"(?:\s*and\s+(?:lympho-?vascular|perineural|pleural|vascular)\s+invasion\s*)?(?:[:：.]\s*)?"
    r"(?:(?P<present>present|identified|seen|positive|involved|invaded|detected|yes\b|(?<=[:：]\s)(?:L1|V[12])\b|有|可见|阳性|\(\+\)|（\+）)|(?P<absent>not\.?\s+(?:identif[il]ed|seen|present|involved|infiltrated|invaded|detected|observed|found)|uninvolved|absent|negative"
    r"|none|no\b|free\b|without\b|intact\b|PL0\b|L0\s*,?\s*V0\b|(?<=[:：]\s)[LV]0\b|未见|无|阴性|\(-\)|（-）)|(?P<unknown>indeterminate|cannot\s+be\s+(?:determined|assessed|evaluated)|equivocal"
    r"|unknown|uncertain|unclear|not\s+(?:applicable|assessed|evaluated|specified|stated|reported)|可疑|不确定|待定|(?<=[:：.\s])(?=(?-i:[A-Z])[A-Za-z /()-]{2,40}[:：])))",
    re.IGNORECASE,
)
# Words before a mention in its own sentence: it is said in prose, not a checklist's label ("LYMPH-VASCULAR INVASION.").
IN_A_SENTENCE = re.compile(r"[a-z]{2,}[ \t]+(?:[a-z]+[ \t]+){0,3}$")
# A checklist line of tick boxes: the ticked one ("[X]", "(x)", "_X_") and an empty one ("[ ]", "___"); a label between them ends the line.
NEXT_SENTENCE_NO = re.compile(r"no\s+(?!evidence|invasion|involvement)[a-z]+\s+[a-z]", re.IGNORECASE)
TICKED_BOX = re.compile(TICKED + r"\s*")
GLUED_TICK = re.compile(f"[{TICK_MARKS}]")
EMPTY_BOX = re.compile(r"\[\s*\]|\(\s+\)|[☐□]|(?<![A-Za-z0-9_])_{2,}(?![A-Za-z0-9_])")
NEXT_LABEL = re.compile(r"[A-Za-z][A-Za-z /()-]{2,40}:\s")
# The visceral pleural invasion code (AJCC PL0–PL3, the Japanese pl0–pl3).
PLEURA_CODE_LITERALS = ("pl0", "pl1", "pl2", "pl3", "pl 0", "pl 1", "pl 2", "pl 3")
# (also an addendum's new finding: "ADDENDUM: … elastic stain on block A3 shows tumour … beyond the elastic layer (PL1)")
PLEURA_REVISED_BEFORE = re.compile(r"(?:revis|amend|correct|restag|reclassif|therefore)[^.;\n]*$|addendum\b[^\n]{0,200}$", re.I)
PLEURA_CODE = re.compile(r"(?<![A-Za-z0-9])(?:PL|pl|Pl)\s?([0-3])(?![0-9A-Za-z])")
LEGEND_OPTION_BEFORE = re.compile(r"(?:" + TICKED + "|" + UNTICKED + r")\s*p?T(?:is|[0-4X])[a-d]?\s*:[^\n]*$")
TUMOUR_NUMBER = re.compile(
    r"\b(?:tumou?r|nodule|lesion)\s*(?:#\s*)?2(?![\d.,]|\s*(?:cm|mm))", re.IGNORECASE
)  # "Tumor 2 (posterior segment):"
DISTANCE_TO = re.compile(
    r"(?:\d\s*(?:cm|mm)\s+(?:away\s+)?from|close\s+to|near|approach(?:es|ing)?|abut(?:s|ting)?)\s+(?:the\s+)?$", re.I
)
SENTENCE_STOP = re.compile(r"\.\s")
HEDGED_FINDING = re.compile(
    r"cannot\s+(?:be\s+)?(?:exclude|excluded|ruled\s+out|rule\s+out)|indeterminate|equivocal|suspicious\b|questionable"
    r"|not\s+(?:confirmed|diagnostic|definite|definitive)|cannot\s+be\s+(?:assessed|determined|evaluated|established|confirmed)"
    # "was not specifically evaluated on these sections": not looked for, so not stated either way
    r"|not\s+(?:specifically\s+|formally\s+|been\s+)?(?:assessed|evaluated|evaluable|assessable)",
    re.I,
)
PLEURA_INVADED = re.compile(
    r"invad|invasion|involv|penetrat|infiltrat|extend|breach|cross|through|beyond|grow(?:s|ing|th)?\s+into|PL\s?[0-3]|侵|累及"
    r"|突破",
    re.I,
)
TICK_LINE_REACH = 120
NEXT_LINE_REACH = 80
# Inside a checklist's definition of a T category: "pT2: Tumor more than 3 cm, or … invades the visceral pleura".
# (a definitions list may set its categories off by spaces instead of a colon: "pT1b  Tumor more than 1 cm …")
IN_TNM_DEFINITION = re.compile(r"p?T(?:is|[0-4X])[a-d]?(?:\s*:|[ \t]{2,}|\t)\s*Tumou?r[^:\n]*$")
# (also a histology named at the margin: "支气管切缘见鳞状细胞癌浸润")
POSITIVE_WORDS = re.compile(
    r"present|identified|positive|involved|seen|\(\+\)|（\+）|阳性|可见|(?<!未)见[^，,。；;]{0,8}?癌|有", re.IGNORECASE
)


def _largest_mm(match: re.Match[str]) -> float:
    unit = (match.group(5) or "").lower()
    scale = 10.0 if unit in {"cm", "crn", "厘米", "公分"} else 1.0
    dims = [
        float(g.replace("l", "1").replace(",", ".").replace("o", "0"))
        for g in (match.group(1), match.group(3), match.group(4))
        if g
    ]
    return round(max(dims) * scale, 1)


def _t_extent(value: str) -> int:
    """An ordering of T categories by extent: T0 < Tis < T1 < T1a < T1b … < T4b.

    >>> sorted(["T2", "T1b", "Tis", "T4a", "T1", "T0"], key=_t_extent)
    ['T0', 'Tis', 'T1', 'T1b', 'T2', 'T4a']
    """
    match = re.match(r"T(is|\d)([a-d])?", value)
    if not match:
        return -1
    number = 2 if match.group(1) == "is" else int(match.group(1)) * 2 + 1  # T0 = 1, Tis = 2, T1 = 3 …
    return number * 10 + (ord(match.group(2)) - ord("a") + 1 if match.group(2) else 0)


# A category defined in a checklist's list of options: "pT1: Tumor limited to…", "pN0 : No regional lymph node…".
DEFINITION_AFTER = re.compile(r"\s*[:：.]?\s*(?:Tumou?r|No\b|Metastas|Cannot|Moderately|Very|Carcinoma|Distant|Invasion)", re.I)
CHOSEN_MARK = re.compile(r"(?:" + TICKED + r"|(?<![A-Za-z0-9])[xX])\s*$")
# A category set aside: "assigned pT1b rather than pT2a".
REJECTED_BEFORE = re.compile(r"\b(?:rather\s+than|instead\s+of)\s*$", re.IGNORECASE)
# A comment disowning the synoptic's staging: "The synoptic report above lists pN0 … and stage IA; this is incorrect."
SYNOPTIC_DISOWNED = re.compile(
    r"\bsynoptic\b[^.]{0,160}?\b(?:this|which|it)\s+(?:is|was)\s+(?:incorrect|in\s+error|wrong|erroneous)\b", re.IGNORECASE
)
# The value a revision replaces: "The pathologic stage is changed from pT2 pN1 MX (stage IIB) to pT2 pN0 MX (stage IB)".
REVISED_FROM_BEFORE = re.compile(
    r"\b(?:revised|amended|corrected|changed|updated|re-?staged|reclassified|upstaged|downstaged)\b[^.;\n]{0,40}?\bfrom\b"
    r"(?:(?!\bto\b)[^.;\n]){0,40}$",
    re.IGNORECASE,
)
# An addendum's heading, where its section starts: its verdict comes after more work on the case.
ADDENDUM_HEADING = re.compile(r"\s*(?:addendum|amendment|supplementary\s+report|补充报告)", re.IGNORECASE)
# Words that revise a stated value: "is revised to", "Revised pathologic stage:", "amended to", "corrected stage:",
# "更正病理分期为".
REVISED_BEFORE = re.compile(
    # (a revised heading covers its whole line: "REVISED STAGING: lymph nodes 1/11; pT2a pN1 pMX")
    r"(?:revised|amended|corrected|updated)\s+(?:pathologic(?:al)?\s+)?(?:staging|stage|tnm)\s*:(?:(?!\.\s)[^\n]){0,60}$|"
    # (also over a label's flattened line end: "The pathologic stage is revised accordingly:. pT2a pN0")
    r"(?:revised|amended|corrected|changed|updated|restaged|re-staged|reclassified|upstaged|downstaged)\b[^.;\n]{0,40}(?::\.\s*)?$|(?:revised|amended|corrected|changed)\s+to\s*:\s*\.?\s*$|"
    # (a flattened line end after "to": "the primary tumor category is revised from pT1b to. pT2a"; a comment naming the
    # correct value: "The correct pathologic stage is pT2a pN0")
    r"(?:revised|amended|corrected|changed)\b[^.;\n]{0,40}\bto\.\s*$|\bcorrect\s+(?:pathologic(?:al)?\.?\s+)?(?:stage|staging|tnm|category)\.?\s+(?:is|should\s+be)\.?\s*$|(?:更正|修正|修订|更改|订正)[^。；;\n]{0,20}$"
    # (a comment correcting the synoptic: "The pT category above should read pT2b …, and the stage group should
    # accordingly read IIA")
    r"|\b(?:category|stage(?:\s+group)?|staging|tnm)\b[^.;\n]{0,20}\bshould\s+(?:\w+\s+)?(?:read|be)\s*:?\s*$",
    re.IGNORECASE,
)
# An edition tagging a TNM statement: "TNM 7 T3 N3", "AJCC 7th edition: pT2a", "pT2a N0 (AJCC 7th)".
# A stage group closing a revised TNM statement: "REVISED pathologic stage: pT1b pN2 (1/6). AJCC 8th edition stage
# group: IIIA".
# A statement said to replace the earlier one: "pT2b pN0, Stage IIA. This supersedes the staging given above."
SUPERSEDES_AFTER = re.compile(
    r"[^\n]{0,60}?\b(?:supersedes?|replaces?)\s+(?:the\s+)?(?:previous(?:ly\s+reported)?\s+|original\s+|above\s+|earlier\s+)?"
    r"(?:pathologic(?:al)?\s+)?(?:staging|stage|tnm)",
    re.IGNORECASE,
)
# (its TNM may open the next line: "The pathologic stage is revised accordingly:\npT2a pN0; stage group IB.")
REVISED_STAGE_STATEMENT = re.compile(
    r"(?:revised|amended|corrected)\b[^\n]{0,30}?(?:\n[ \t]*)?\b(?:y?p)?T[0-4][^\n]{0,60}$", re.IGNORECASE
)
CLINICAL_LABEL_BEFORE = re.compile(
    # (or with its group first: "clinical stage IIIA (T2 N2 M0)")
    r"\bclinical(?:ly)?\s+(?:stag(?:e|ing)|tnm)?\s*(?:\([^()]{0,20}\))?\s*(?:is|was|of)?\s*[:：]?\s*"
    r"(?:(?<=stage\s)(?:[IV]{1,3}[ABC]?[12]?|[1-4][ABC]?)\s*\(\s*)?$",
    re.I,
)
# The referral's diagnosis line, which stages this cancer clinically (not a "Clinical history:", which may stage another).
CLINICAL_DIAGNOSIS_LINE = re.compile(r"^\s*clinical\s+diagnosis\s*[:：][^\n]{0,160}$", re.I)
CLINICAL_TNM_BEFORE = re.compile(r"(?<![A-Za-z0-9])c[TNM][0-4X][a-d]?\b[^.;\n]{0,30}$")
EDITION_BEFORE = re.compile(r"(?:TNM|AJCC|UICC)\s*\(?\s*([5-9])(?:th|st|nd|rd)?(?:\s*ed(?:ition|\.)?)?\s*\)?\s*[:：]?\s*$", re.I)
EDITION_AFTER = re.compile(r"\s*[,;]?\s*\(?\s*(?:TNM|AJCC|UICC)?\s*([5-9])(?:th|st|nd|rd)\b", re.I)
LEGEND_MIN_OPTIONS = 3  # a legend lists several categories of one axis; a single "pT2: Tumor invades…" is the answer


def _checklist_legend(mentions: list[TnmMention], text: str) -> set[int]:
    """Start offsets of mentions that are options of a checklist legend and not the one ticked ("x pT3: …"), or
    options left with an empty tick box."""
    defined: dict[str, list[TnmMention]] = {}
    ticks = {m.span.start: option_ticked(text, m.span.start, m.span.end) for m in mentions} if has_tick_boxes(text) else {}
    unticked = {
        m.span.start
        for m in mentions
        if ticks.get(m.span.start) is False
        or (ticks.get(m.span.start) is None and UNTICKED_BEFORE.search(text, max(0, m.span.start - 6), m.span.start))
    }
    for mention in mentions:
        if mention.combined or not DEFINITION_AFTER.match(text, mention.span.end):
            continue
        axis = "t" if mention.t else "n" if mention.n else "m"
        defined.setdefault(axis, []).append(mention)
    return unticked | {
        mention.span.start
        for options in defined.values()
        if len(options) >= LEGEND_MIN_OPTIONS
        for mention in options
        if not CHOSEN_MARK.search(text, max(0, mention.span.start - 6), mention.span.start) and not ticks.get(mention.span.start)
    }


def _edition_tag(text: str, span: Span) -> int:
    """The AJCC/UICC edition written right before or after a TNM statement ("TNM 7 T3 N3", "pT2a N0 (AJCC 7th)"), or 0."""
    before = EDITION_BEFORE.search(text, max(0, span.start - 30), span.start)
    after = EDITION_AFTER.match(text, span.end, span.end + 30)
    tag = before or after
    return int(tag.group(1)) if tag else 0


def _never(position: int) -> bool:
    return False


def _disowned(text: str, sections: SectionMap) -> Callable[[int], bool]:
    """Whether a staging statement at an offset is one a comment calls wrong: the synoptic's, and the values the
    disowning sentence quotes ("The synoptic report above lists pN0 and stage IA; this is incorrect")."""
    disowning = [m.span() for m in SYNOPTIC_DISOWNED.finditer(text)] if "ynoptic" in text else []
    if not disowning:
        return _never
    return lambda position: sections.kind_at(position) == "synoptic" or any(a <= position < b for a, b in disowning)


def choose_tnm(mentions: list[TnmMention], sections: SectionMap, text: str, lang: str) -> dict[str, tuple[str, str | None, Span]]:
    """Per axis, the value from the most trustworthy asserted mention (synoptic/diagnosis first, then text order)."""
    chosen: dict[str, tuple[tuple[int, ...], str, str | None, Span]] = {}
    disowned = _disowned(text, sections)
    if mentions and all(disowned(m.span.start) for m in mentions):
        disowned = _never  # (a comment that disowns the only staging the report gives leaves it standing)
    legend = _checklist_legend(mentions, text)
    # The same case staged under two editions ("TNM 6 T3 N1 Mx. TNM 7 T3 N3 Mx."): the newer edition's statement.
    editions = {m.span.start: _edition_tag(text, m.span) for m in mentions if m.combined}
    newest = max((e for e in editions.values() if e), default=0) if len(set(editions.values()) - {0}) > 1 else 0
    # An addendum or amendment that revises the stage ("The pathologic stage is revised to pT2a pN0 pMX") supersedes it.
    revised = {
        m.span.start
        for m in mentions
        if REVISED_BEFORE.search(text, max(0, m.span.start - 60), m.span.start) or SUPERSEDES_AFTER.match(text, m.span.end)
    }
    stated_elsewhere = any((m.combined or m.t) and sections.kind_at(m.span.start) != "history" for m in mentions)
    # The report's own M, even "MX" ("ypT1aN0Mx" after a history's "cT3N1M0"): the work-up's M then says nothing.
    own_m = any(m.m and sections.kind_at(m.span.start) != "history" and m.span.start not in legend for m in mentions)
    for mention in mentions:
        if mention.span.start in legend:
            continue
        section = sections.kind_at(mention.span.start)
        context = context_of(text, mention.span.start, mention.span.end, lang, section)
        # (a correction's "should read pT2b" is no conditional)
        hypothetical = context.hypothetical and mention.span.start not in revised
        if context.family or hypothetical or context.historical:
            continue  # a relative's, a conditional or a prior ("prior biopsy 2019: T3") stage is not this report's
        if context.uncertain and section == "history":
            continue  # the question a staging procedure was sent to answer ("Staging mediastinoscopy. ?N2 disease.")
        if REJECTED_BEFORE.search(text, max(0, mention.span.start - 20), mention.span.start):
            continue  # "the tumor is assigned pT1b rather than pT2a": the category set aside
        if REVISED_FROM_BEFORE.search(text, max(0, mention.span.start - 80), mention.span.start):
            continue  # "changed from pT2 pN1 MX to …": the value replaced
        if disowned(mention.span.start):
            continue  # the synoptic a comment calls wrong
        work_up_m = False
        if section == "history" and stated_elsewhere:
            # The clinical history's stage (an earlier cancer's "pT2 pN1a M0", the work-up's "cT1b cN0 cM0") does not
            # fill T or N the report's own statement leaves open ("pT1b pN0 pMX"); the work-up's clinical M does, as
            # pathology states none ("cT2a cN1 cM0" then "pT2a pN1").
            clinical = (
                mention.prefix == "c"
                or CLINICAL_LABEL_BEFORE.search(text, max(0, mention.span.start - 30), mention.span.start)
                or CLINICAL_DIAGNOSIS_LINE.search(text, _line_start(text, mention.span.start), mention.span.start)
            )  # ("Clinical stage T1 N0 M0", "Clinical diagnosis: peripheral cancer of the right upper lobe, T1N0M0")
            if not clinical or mention.m is None or own_m:
                continue
            work_up_m = True
        for axis, value in (("t", mention.t), ("n", mention.n), ("m", mention.m)):
            if work_up_m and axis != "m":
                continue
            # With several tumours the highest T classifies the case (AJCC multiple-tumour rule): among mentions of
            # the same section and the same kind (pathologic p/yp or not) the higher T wins, so a clinical cT3 never
            # outranks the ypT1 beside it; N and M go by the combined statement, then text order.
            extent = -_t_extent(value) if axis == "t" and value else 0
            pathologic = 0 if mention.prefix in ("p", "yp") else 1
            older = int(newest > 0 and editions.get(mention.span.start, 0) != newest)
            unrevised = 0 if mention.span.start in revised else 1
            rank = (
                unrevised,
                older,
                SECTION_RANK.get(section, 3),
                pathologic,
                extent,
                0 if mention.combined else 1,
                mention.span.start,
            )
            # TX/NX/MX say "not assessed": the text states no category, so the axis stays null (kept in NOTE_NLP).
            if value and not value.endswith("X") and (axis not in chosen or rank < chosen[axis][0]):
                chosen[axis] = (rank, value, mention.prefix, mention.span)
    # The N of the statement the T was chosen from (the dominant tumour's "pT2 pN1" over a second primary's "pT1 pN0"
    # told first), when both rank alike but for text order.
    t_mention = next((m for m in mentions if "t" in chosen and m.span == chosen["t"][3]), None)
    if t_mention and t_mention.n and not t_mention.n.endswith("X") and "n" in chosen and chosen["n"][3] != t_mention.span:
        n_rank = chosen["n"][0]
        if chosen["t"][0][:4] == n_rank[:4]:
            chosen["n"] = (n_rank, t_mention.n, t_mention.prefix, t_mention.span)
    return {axis: (value, prefix, span) for axis, (_, value, prefix, span) in chosen.items()}


def _presence(
    pattern: re.Pattern[str],
    anchors: tuple[str, ...],
    text: str,
    lower: str,
    lang: str,
    sections: SectionMap,
    within: tuple[int, int] | None = None,
    outside: list[tuple[int, int]] | None = None,
) -> tuple[bool, Span] | None:
    """Present/absent for a feature such as pleural or lymphovascular invasion, from its first non-gross mention
    (`within` a stretch of the text, or `outside` some, when given). A checklist's next line stating the feature present overrides an
    absent first line: "Venous (large vessel) invasion: Not identified. Angiolymphatic invasion: Present"."""
    all_verdicts = list(_presence_verdicts(pattern, anchors, text, lower, lang, sections))
    if within is not None:
        all_verdicts = [v for v in all_verdicts if within[0] <= v[2].start < within[1]]
    if outside:
        all_verdicts = [v for v in all_verdicts if not any(a <= v[2].start < b for a, b in outside)]
    # A frozen section's or a corrected report's quoted original verdict yields to the final one.
    all_verdicts = [v for v in all_verdicts if sections.kind_at(v[2].start) != "frozen"] or all_verdicts
    # The diagnosis' verdict over the microscopic description's, as for the grade ("The visceral pleura is separated
    # from the tumor by uninvolved parenchyma" before "THE VISCERAL PLEURA IS NOT INVOLVED").
    all_verdicts.sort(key=lambda v: sections.kind_at(v[2].start) == "microscopic")
    # An amendment's revised verdict wins ("Therefore item 1b is revised to: Visceral pleural invasion. PRESENT").
    revised = [v for v in all_verdicts if v[1] and REVISED_BEFORE.search(text, max(0, v[2].start - 60), v[2].start)]
    if revised:
        return revised[-1][0], revised[-1][2]
    # So does an addendum's, written after more work ("ADDENDUM: Elastic stain … visceral pleural invasion is present").
    added = [v for v in all_verdicts if v[1] and _in_addendum(text, sections, v[2].start)]
    if added and all_verdicts[0] not in added and added[-1][0] != all_verdicts[0][0]:
        return added[-1][0], added[-1][2]
    verdicts = iter(all_verdicts)
    first = next(verdicts, None)
    if first is None:
        return None
    if not first[0] and first[1]:
        following = next(verdicts, None)
        if (
            following
            and following[0]
            and following[1]
            and following[2].start - first[2].end < NEXT_LINE_REACH
            # (not the next tumour's line: "TUMOUR 1 (dominant): … LVI: not identified. … TUMOUR 2: … LVI: present")
            and not TUMOUR_LABEL_BETWEEN.search(text, first[2].end, following[2].start)
        ):
            return True, following[2]
        if pattern is LVI and TUMOUR_NUMBER.search(text) and not DOMINANT.search(text):
            # Several tumours, each with its own line ("Tumor 1: … LVI not identified. Tumor 2: … LVI present"), none
            # named the dominant one: any.
            present = next((v for v in ([following] if following else []) + list(verdicts) if v[0] and v[1]), None)
            if present:
                return True, present[2]
    return first[0], first[2]


def _presence_verdicts(
    pattern: re.Pattern[str], anchors: tuple[str, ...], text: str, lower: str, lang: str, sections: SectionMap
) -> Iterator[tuple[bool, bool, Span]]:
    """Present/absent per non-gross, non-history mention of a feature, in text order, and whether a value word after
    it states which ("Present", "[X] Absent") rather than the mention standing alone."""
    hedged_end = -1  # where the last hedged mention ends
    for match in anchored_finditer(pattern, lower, lower, anchors, 30, 40):  # ("visceral and parietal pleura")
        section = sections.kind_at(match.start())
        if section in {"gross", "history"} or IN_TNM_DEFINITION.search(text, max(0, match.start() - 200), match.start()):
            continue  # "pT2: Tumor … invades the visceral pleura" defines a category; it says nothing of this tumour
        context = context_of(text, match.start(), match.end(), lang, section)
        if context.uncertain or context.hypothetical:
            hedged_end = match.end()
            continue
        if (
            context.negated
            and hedged_end >= 0
            and match.start() - hedged_end < HEDGE_THEN_DEFINITE_REACH
            and DEFINITE_BEFORE.search(lower, max(0, match.start() - 20), match.start())
        ):
            continue  # "Focus suspicious for lymphovascular invasion; definitive lymphovascular invasion not seen" hedges
        if DISTANCE_TO.search(text, max(0, match.start() - 30), match.start()):
            continue  # "located 0.3 cm from the visceral pleura" measures a distance to it
        if (
            not context.negated
            and INVASION_OF_BEFORE.search(text, max(0, match.start() - 40), match.start())
            and not LABEL_COLON_AFTER.match(text, match.end())  # (not a label: "Invasion of the visceral pleura: equivocal")
        ):
            # "with infiltration of the visceral pleura and vascular invasion. Free margins.": the words before say it
            yield True, True, span_of(text, match)
            continue
        ticked = _ticked_option(text, match.end())
        below = OPTIONS_THEN_ANSWER.match(text, match.end()) if ticked is None else None
        if below is not None:
            ticked = below.start("answer")  # "Visceral Pleura Invasion\n___ Present  ___ Not identified\nNot identified"
        if ticked is not None:
            # "Lymph-vascular invasion: [X] Not identified [ ] Present": the ticked option is the answer.
            tail = PRESENCE_VALUE.match(text, ticked, ticked + 50)
            if tail is None or tail.group("unknown") is not None:
                continue
            yield tail.group("absent") is None, True, span_of(text, match)
            continue
        tail = PRESENCE_VALUE.match(text, match.end(), match.end() + 50)
        if tail is not None and tail.group("sep") == "." and NEXT_SENTENCE_NO.match(text, tail.start("absent")):
            tail = None  # "… of the visceral pleura. No tumor emboli are seen": the next sentence's "No", no answer
        stated_none = context.negated and tail is not None and tail.group("sep") == "."  # "NO PLEURAL INVOLVEMENT. Next:"
        # (an empty answer before the next label counts only after a label's own colon: "The tumor infiltrates the
        # visceral pleura. Invasion of vessels: present" ends a sentence, it leaves no field blank)
        blank = (
            tail is not None
            and tail.group("unknown") == ""
            and tail.group("sep") == "."
            and IN_A_SENTENCE.search(text, max(0, match.start() - 40), match.start()) is not None
        )
        if (
            tail
            and tail.group("unknown") is not None
            and (tail.group("sep") or tail.group("unknown"))
            and not stated_none
            and not blank
        ):
            continue  # "Lymph-Vascular Invasion: Indeterminate" states neither; a later mention may
        if blank:
            tail = None
        present = not (context.negated or (tail is not None and tail.group("absent") is not None))
        stated = tail is not None and (tail.group("present") or tail.group("absent")) is not None
        if present and not stated:
            sentence = text[match.end() : match.end() + 200]
            if _mixed_case(text):
                # (a flattened line end before a small letter goes on: "…invasion is regarded. as equivocal", "pleural
                # invasion. is therefore reported as equivocal"; the character before is kept for the stop's lookbehind)
                sentence = FLATTENED_STOP.sub(" ", text[max(0, match.end() - 1) : match.end() + 200])[1:]
            sentence = SENTENCE_STOP.split(sentence, 1)[0]  # (a stop at a line's end too: "RIBS FREE OF TUMOR.\n   - FOCI …")
            if HEDGED_FINDING.search(sentence):
                continue  # "Visceral pleura: … the relationship is indeterminate and we cannot exclude invasion"
            if pattern is PLEURAL and not PLEURA_INVADED.search(text, max(0, match.start() - 60), match.end() + 60):
                continue  # "the visceral pleura is distorted by dense fibrosis" says nothing of invasion
        yield present, stated, span_of(text, match)


# The finding named as what is invaded: "with infiltration of the visceral pleura", "invasion of the visceral pleura".
INVASION_OF_BEFORE = re.compile(r"\b(?:infiltration|invasion|involvement)\s+(?:of|into)\s+(?:the\s+)?$", re.IGNORECASE)
LABEL_COLON_AFTER = re.compile(r"[ \t]*(?:\([^()\n]{0,30}\))?[ \t]*[:：]")
# A negation of only the definite finding, right after a hedged mention of it, leaves it hedged: "Focus suspicious for
# lymphovascular invasion; definitive lymphovascular invasion not seen" (alone, "no definite LVI" is a plain "no").
DEFINITE_BEFORE = re.compile(
    r"\b(?:definit(?:e|ive)|unequivocal|convincing|conclusive)\.?\s+$"
)  # (flattened: "definitive. lymph…")
HEDGE_THEN_DEFINITE_REACH = 60
# A checklist's options left blank on their line, its answer written on the next: "___ Present  ___ Not identified
# ___ Indeterminate\nNot identified".
OPTIONS_THEN_ANSWER = re.compile(
    # (flattened, each line end a stop: "Visceral Pleura Invasion. ___ Not identified   ___ Present. Not identified.")
    r"[ \t:]*(?:\n|\.[ \t])[ \t]*(?:(?:_{2,}|\[[ \t]*\])[ \t]*[A-Za-z][A-Za-z ]{0,20}?[ \t]*)+(?:\n|\.[ \t])[ \t]*(?P<answer>\S)"
)


def _pleura_code(text: str, lower: str, sections: SectionMap, lang: str) -> tuple[bool, Span] | None:
    """Pleural invasion from its code, the most exact statement of it: "(PL0)", "pl1", "( ) PL0 (x) PL1" (an option
    left unticked is skipped); PL1–PL3 are invasion."""
    if not any(code in lower for code in PLEURA_CODE_LITERALS):
        return None  # the cheap check first: most reports give no code
    codes = list(PLEURA_CODE.finditer(text))
    # Options with no box of their own beside one ticked ("PL0   √PL1   PL2   PL3"): the ticked one is the answer.
    # A code restated in a comment that revises it ("…is therefore absent (PL0). The tumor is restaged…") comes first.
    # Then the final report's before a frozen section's or a corrected report's quoted original.
    codes.sort(
        key=lambda code: (
            0 if PLEURA_REVISED_BEFORE.search(text, max(0, code.start() - 200), code.start()) else 1,
            sections.kind_at(code.start()) == "frozen",
        )
    )
    boxed = has_tick_boxes(text)
    options = [(code, option_ticked(text, code.start(), code.end()) if boxed else None) for code in codes]
    ticked = [
        (code, tick) for code, tick in options if tick or TICKED_BEFORE.search(text, max(0, code.start() - 3), code.start())
    ]
    for code, tick in ticked or options:
        # (a ticked mark right before the code answers even when the option before it has an empty box: "□PL1 ■PL2")
        marked = TICKED_BEFORE.search(text, max(0, code.start() - 3), code.start())
        unticked = tick is False or (
            tick is None and not marked and EMPTY_BOX.search(text, max(0, code.start() - 6), code.start())
        )
        if unticked or sections.kind_at(code.start()) in {"gross", "history"}:
            continue
        if LEGEND_OPTION_BEFORE.search(text, max(0, code.start() - 250), code.start()):
            continue  # "___ pT2a: … invades visceral pleura (PL1 or PL2)" defines a category
        context = context_of(text, code.start(), code.end(), lang)
        if context.historical:
            continue  # "[REVISED; previously reported as present, PL1]"
        if context.uncertain or context.hypothetical:
            continue  # "不除外脏层胸膜侵犯（PL1）" hedges it
        return code.group(1) != "0", span_of(text, code)
    return None


def _ticked_option(text: str, position: int) -> int | None:
    """Where the ticked option's words start on a tick-box line after `position` ("[ ] Present  [X] Absent"), or
    None when the line has no tick boxes."""
    trailing = trailing_ticked_option(text, position) if has_tick_boxes(text) else None
    if trailing is not None:
        return trailing  # boxes after their options, as scanned forms put them ("Absent [ ]  Present [X]")
    line = text[position : position + TICK_LINE_REACH].split("\n", 1)[0]
    if not line.strip(" \t:："):
        # The options on the lines below the label, one a line or all on one ("Lymph-Vascular Invasion\n___ Not
        # identified\n_X_ Present"): the ticked one among the box lines that follow.
        position += len(line) + 1
        for option in text[position : position + 4 * TICK_LINE_REACH].split("\n")[:5]:
            stripped = option.strip()
            ticked_here = TICKED_BOX.match(stripped)
            if ticked_here:
                return position + option.index(stripped) + ticked_here.end()
            if not EMPTY_BOX.match(stripped):
                break
            position += len(option) + 1
        return None
    ticked = TICKED_BOX.search(line)
    # A tick right after the label needs no empty box beside it ("Invasion (L). _X_ Absent"), nor does a mark the
    # Chinese systems put only before the chosen option ("脉管侵犯：  有   √无").
    mark_only = ticked is not None and ticked.group(0).strip() in TICK_MARKS
    if (
        ticked is None
        or not (EMPTY_BOX.search(line) or ticked.start() <= 3 or mark_only)
        or NEXT_LABEL.search(line, 0, ticked.start())
    ):
        return None
    return position + ticked.end()


def _apply_tnm(
    facts: ReportFacts,
    tnm: dict[str, tuple[str, str | None, Span]],
    mentions: list[TnmMention],
    text: str,
    lang: str,
    sections: SectionMap,
) -> None:
    """Set T, N, M and the prefix from the chosen statements (with their evidence and NOTE_NLP findings)."""
    # The prefix is the T statement's (then N's): a work-up's "cM0" does not make a "pT2a pN1" clinical, and an M alone
    # ("staged cM1c" above a bone biopsy) prefixes no TNM.
    for axis, (value, prefix, span) in sorted(tnm.items(), key=lambda item: "tnm".index(item[0])):
        setattr(facts, axis, value)
        facts.cite(axis, span)
        context = context_of(text, span.start, span.end, lang)
        code = modifier_code(prefix, value)
        facts.findings.append(Finding(axis.upper(), span, span.text, context, concept_code=code, value=value))
        if prefix and facts.tnm_prefix is None and axis != "m":
            facts.tnm_prefix = prefix
    if facts.tnm_prefix is None and facts.t is not None:
        # A synoptic's bare "T stage: T3" beside the diagnosis' "(pT3 by size)": the same category, written with its
        # prefix there.
        same = next(
            (
                m
                for m in mentions
                if m.t == facts.t
                and m.prefix in ("p", "yp")
                and sections.kind_at(m.span.start) != "history"
                and not context_of(text, m.span.start, m.span.end, lang).historical
            ),
            None,
        )
        facts.tnm_prefix = same.prefix if same else None
    if facts.t is None and facts.n is None:
        # "pTX pNX": no category, but the staging is still the pathologic one.
        untold = next((m for m in mentions if m.t == "TX" and m.prefix and sections.kind_at(m.span.start) != "history"), None)
        facts.tnm_prefix = untold.prefix if untold else facts.tnm_prefix


def _drop_another_cancers_tnm(
    facts: ReportFacts, mentions: list[TnmMention], text: str, lang: str, sections: SectionMap, lower: str
) -> None:
    """Choose T, N and M again without the statements that stage another cancer the history names ("PMH left breast
    carcinoma 2011 (invasive ductal carcinoma, pT2 N1a M0, …)", "The patient's rectal cancer staging (ypT2 N0)"),
    once the primary's site is known; the node counts follow the N chosen."""
    foreign = [m for m in mentions if _tnm_of_another_cancer(text, lang, m.span.start, facts, sections)]
    chosen = {span.start for axis in ("t", "n", "m") for span in facts.evidence.get(axis, ())}
    if not any(m.span.start in chosen for m in foreign):
        return
    n_before = facts.n
    facts.findings = [f for f in facts.findings if not (f.category in ("T", "N", "M") and f.span.start in chosen)]
    for axis in ("t", "n", "m"):
        setattr(facts, axis, None)
        facts.evidence.pop(axis, None)
    facts.tnm_prefix = None
    kept = [m for m in mentions if m not in foreign]
    _apply_tnm(facts, choose_tnm(kept, sections, text, lang), kept, text, lang, sections)
    if facts.n != n_before:
        facts.nodes_positive = facts.nodes_examined = None
        facts.nodes_by_station = []
        facts.evidence.pop("nodes", None)
        count_nodes(facts, text, lang, sections, lower)


# Words that place a staging statement in the past or in the history: another cancer's, when it names another organ.
PAST_STAGING = re.compile(r"\b(?:history|prior|previous|pmh|past|patient'?s|remote)\b", re.IGNORECASE)


def _tnm_of_another_cancer(text: str, lang: str, position: int, facts: ReportFacts, sections: SectionMap) -> bool:
    """Whether a TNM statement in the history (or said of the past) stages a cancer of another organ than the primary."""
    if facts.topography_code is None:
        return False
    start = _statement_start(text, lang, position) + 1
    past = (
        sections.kind_at(position) == "history"
        or context_of(text, position, position + 2, lang).historical
        or PAST_STAGING.search(text, start, position) is not None
    )
    # (a cancer the statement names: "PMH left breast carcinoma 2011 (…, pT2 N1a M0)", not "brain MRI … (cM0)")
    return past and bool(CANCER_NAMED.search(text, start, position)) and _of_another_cancer(text, lang, position, facts)


CANCER_NAMED = re.compile(r"carcinoma|cancer|melanoma|sarcoma|lymphoma|malignan|neoplasm", re.IGNORECASE)


def extract_pathology(text: str, lang: str) -> ReportFacts:
    """Structure one pathology report."""
    facts = ReportFacts(kind="pathology", language=lang)
    sections = find_sections(text, lang)

    lower = fold(text)
    mentions = find_tnm(text)
    tnm = choose_tnm(mentions, sections, text, lang)
    for mention in mentions:
        for axis, value in (("T", mention.t), ("N", mention.n), ("M", mention.m)):
            if value and value.endswith("X"):
                context = context_of(text, mention.span.start, mention.span.end, lang)
                code = modifier_code(mention.prefix, value)
                facts.findings.append(Finding(axis, mention.span, mention.span.text, context, concept_code=code, value=value))
    _apply_tnm(facts, tnm, mentions, text, lang, sections)
    edition = find_edition(text, lower)
    if edition:
        facts.tnm_edition, span = edition
        facts.cite("tnm_edition", span)
    stated_stages = find_stage_groups(text, lang, lower)
    stages = [
        (stage, span)
        for stage, span in stated_stages
        if sections.kind_at(span.start) != "history"
        # (a stage group is never negated: a "no"/"negative" in its clause speaks of something else, "no distant
        # metastasis on the staging studies, … stage IIIA", "stage IV despite the negative lymph nodes")
        and not (context := context_of(text, span.start, span.end, lang, sections.kind_at(span.start))).uncertain
        and not (context.hypothetical or context.family)
        and not context.historical  # "remote colon adenocarcinoma (pT3 N0, stage IIA)"
        and not REVISED_FROM_BEFORE.search(text, max(0, span.start - 80), span.start)  # "from … (stage IIB) to …"
    ]
    disowned = _disowned(text, sections)
    stages = [(stage, span) for stage, span in stages if not disowned(span.start)] or stages
    # The TNM statement read (its T's, or an M's alone: a work-up may stage M alone, "cM1c, clinical stage IVB").
    tnm_read = facts.evidence.get("t") or facts.evidence.get("m")
    if not stages and tnm_read and sections.kind_at(tnm_read[0].start) == "history":
        # The history's staging is the report's only one, its TNM read ("临床诊断：左肺上叶恶性肿瘤（cT2aN2M1b，ⅣA期）"
        # above a biopsy): the stage closing that TNM goes with it.
        stages = [(stage, span) for stage, span in stated_stages if _closes_statement(text, tnm_read[0], span)]
    # A frozen section's or a corrected report's quoted original stage yields to the final one.
    stages = [(stage, span) for stage, span in stages if sections.kind_at(span.start) != "frozen"] or stages
    # The first stated stage group, unless an addendum revises it ("Revised pathologic stage: pT1b pN2 pMX, stage IIIA").
    revised_stages = [
        (stage, span)
        for stage, span in stages
        if REVISED_BEFORE.search(text, max(0, span.start - 80), span.start)
        or REVISED_STAGE_STATEMENT.search(text, max(0, span.start - 100), span.start)
        or SUPERSEDES_AFTER.match(text, span.end)
    ]
    # A stage closing a clinical TNM ("cT2a cN1, stage IIB at diagnosis") yields to a pathologic one.
    # So does one the report calls clinical ("Clinical stage IIIA; pathologic stage IA").
    pathologic = [
        (stage, span)
        for stage, span in stages
        if not CLINICAL_TNM_BEFORE.search(text, max(0, span.start - 40), span.start)
        and not span.text.lower().startswith("clinical")
    ]
    if stages:
        chosen = revised_stages or pathologic or stages
        # Two tumours staged apart ("右肺上叶：pT1b N0，ⅠA2期；右肺下叶：pT1c N0，ⅠA3期"): the stage closing the TNM read.
        closing = [s for s in chosen if tnm_read and _closes_statement(text, tnm_read[0], s[1])] if len(chosen) > 1 else []
        facts.stage_group, span = (closing or chosen)[0]
        facts.cite("stage_group", span)

    _histology(facts, text, lang, sections, lower)

    def grade_rank(offset: int) -> int | None:
        """How trustworthy a grade stated at an offset is, by its section (lower is better; None: not read there)."""
        if QUOTED_OPINION_BEFORE.search(text, max(0, offset - 60), offset):
            return GRADE_SECTION_RANK["history"]  # a consultation's quoted outside diagnosis, which it goes on to revise
        return GRADE_SECTION_RANK.get(sections.kind_at(offset), 0)

    grade = grade_of(text, lower, grade_rank)
    revised_grade = GRADE_REVISED_TO.search(text) if grade else None
    if revised_grade:
        # A supplement's new grade ("IASLC分级更正为3级", "the grade is revised to G3") replaces the diagnosis'.
        # (read with its label, the revising words blanked: "IASLC分级      3级")
        at = revised_grade.start()
        window = REVISING_WORDS.sub(lambda words: " " * len(words.group(0)), text[at : revised_grade.end() + 16])
        regraded = grade_of(window)
        if regraded:
            grade = (
                regraded[0],
                Span(at + regraded[1].start, at + regraded[1].end, text[at + regraded[1].start : at + regraded[1].end]),
            )
    ungraded = UNGRADED.search(text) if grade and grade_rank(grade[1].start) == GRADE_SECTION_RANK["history"] else None
    if ungraded and grade_rank(ungraded.start()) == 0:
        # The report's own "Histologic grade: not applicable" (a sarcomatoid or mucinous carcinoma) over the referral's
        # "biopsy: poorly differentiated carcinoma".
        grade = None
    if grade:
        facts.grade, span = grade
        facts.cite("grade", span)
    _size(facts, text, sections, lower)
    count_nodes(facts, text, lang, sections, lower)
    sites = _site(facts, text, lang, sections, lower)
    if lang == "en" and (facts.t or facts.n or facts.m):
        _drop_another_cancers_tnm(facts, mentions, text, lang, sections, lower)
    graded = facts.evidence.get("grade")
    if graded and sections.kind_at(graded[0].start) == "history" and _of_another_cancer(text, lang, graded[0].start, facts):
        # The history's grade is another cancer's ("PMH L breast Ca 2012 (grade 2 IDC, ER 8/8)"): this tumour's, if
        # the report states one elsewhere.
        regraded = grade_of(text, lower, lambda offset: None if sections.kind_at(offset) == "history" else grade_rank(offset))
        facts.grade = regraded[0] if regraded else None
        if regraded:
            facts.evidence["grade"] = [regraded[1]]
        else:
            facts.evidence.pop("grade")
    main_part = _main_tumour_part(facts, text, lang, sections, sites)
    other_tumours = _other_tumour_blocks(text, lower, lang, facts)
    joined = FLATTENED_STOP.sub(" ", text) if lang == "en" and ". " in text and _mixed_case(text) else text
    joined_lower = fold(joined) if joined is not text else lower

    for name, pattern, anchors in (
        ("pleural_invasion", PLEURAL, PLEURAL_ANCHORS),
        ("lymphovascular_invasion", LVI, LVI_ANCHORS),
    ):
        found = _pleura_code(text, lower, sections, lang) if name == "pleural_invasion" else None
        if found is None and joined is not text:
            # A verdict a flattened line end split off ("Angiolymphatic invasion is. absent", "The tumor infiltrates
            # the. visceral pleura") reads first, from the text with those stops taken out.
            found = _presence(pattern, anchors, joined, joined_lower, lang, sections)
        found = found or _presence(pattern, anchors, text, lower, lang, sections)
        other_part = _another_part(found[1].start, main_part, facts, text, lang, sections, sites) if found and main_part else None
        if other_part is not None:
            # Another part's tumour's verdict: the main tumour's part's own, when it states one, else one said outside
            # the other tumours' parts and write-ups (a summary's, a comment's), else none.
            found = _presence(pattern, anchors, text, lower, lang, sections, within=main_part) or _presence(
                pattern, anchors, text, lower, lang, sections, outside=[other_part, *other_tumours]
            )
        elif found is not None and any(a <= found[1].start < b for a, b in other_tumours):
            # Tumours written up apart ("SYNOPTIC - TUMOR 2 (right lower lobe)"): the others' verdicts are theirs.
            found = _presence(pattern, anchors, text, lower, lang, sections, outside=other_tumours)
        if found:
            setattr(facts, name, found[0])
            facts.cite(name, found[1])
    venous_codes = facts.lymphovascular_invasion is None and any(code in lower for code in ("v0", "v1", "v2", "v3"))
    uicc = UICC_LV.search(text) if venous_codes and facts.t else None
    if uicc:
        # "pT1 pN0 (0/8) L1 V0 G2 R0": lymphatic (L) or venous (V) invasion in the UICC additions.
        facts.lymphovascular_invasion = uicc.group(1) == "1" or uicc.group(2) in ("1", "2")
        facts.cite("lymphovascular_invasion", span_of(text, uicc))
    lymphatic = JAPANESE_LY.search(text) if venous_codes or "ly1" in lower or "ly0" in lower else None
    lymphatic = lymphatic if facts.lymphovascular_invasion is None else None
    if lymphatic:
        # The Japanese codes "pl1, ly1, v0": lymphatic (ly) or venous (v) invasion of grade 1 or more.
        grades = [int(code.group(2)) for code in JAPANESE_LY_V.finditer(text)]
        facts.lymphovascular_invasion = any(grades)
        facts.cite("lymphovascular_invasion", span_of(text, lymphatic))
    _margins(facts, text, lang, sections, lower)
    if lang == "zh":
        for old, new in quoted_corrections(text):
            correct_site(facts, old, new)  # a correction report's new site ("应为“左肺下叶”")
            if MARGIN.search(new.text) and MARGIN.search(old):
                # …or its new margin verdict ("原报告“支气管切缘未见癌”更正为“支气管切缘见癌累及”")
                corrected = ReportFacts(kind="pathology", language="zh")
                _margins(corrected, new.text, lang, find_sections(new.text, lang), fold(new.text))
                if corrected.margins is not None:
                    facts.margins = corrected.margins
                    facts.evidence["margins"] = [Span(new.start, new.end, new.text)]

    # (a metastasis of the known lung primary has its organ, though its site is not the lung)
    primary_code = facts.topography_code or ("C34.9" if lang == "en" and KNOWN_LUNG_PRIMARY.search(text) else None)
    for marker in find_biomarkers(text, lower):
        start = marker.span.start if marker.span else None
        said_before = start is not None and (
            sections.kind_at(start) == "history" or context_of(text, start, start + len(marker.gene), lang).historical
        )
        if start is not None and said_before and _of_another_cancer(text, lang, start, facts):
            continue  # "history of left breast carcinoma (pT1c N0, ER+/PR+/HER2-negative)"; a prior biopsy of this tumour counts
        if start is not None and lang == "en" and _said_of_another_primary(text, start + len(marker.gene), primary_code):
            continue
        if start is not None and any(a <= start < b for a, b in other_tumours):
            continue  # a result under another tumour's own write-up ("SYNOPTIC - TUMOR 2 (right lower lobe)")
        if start is not None and _labelled_for_another_lesion(text, lang, start, facts):
            continue  # "右肺上叶病灶：EGFR 19外显子缺失突变（+）；右肺中叶病灶：KRAS G12C突变（+）": the second tumour's
        # A result restated (the comment repeats "KRAS G12C", an alias repeats "HER2 (ERBB2)") is one result with two
        # pieces of evidence.
        same = (marker.gene, marker.alteration, marker.result, marker.value)
        if not any((b.gene, b.alteration, b.result, b.value) == same for b in facts.biomarkers):
            facts.biomarkers.append(marker)
        if marker.span:
            facts.cite("biomarkers", marker.span)
    return facts


def _closes_statement(text: str, tnm: Span, stage: Span) -> bool:
    """Whether a stage group follows a TNM within its own statement ("pT1c N0，ⅠA3期", "pT2a N1 M0, stage IIB")."""
    if not 0 <= stage.start - tnm.end <= STAGE_AFTER_TNM_REACH:
        return False
    breaks = list(STATEMENT_BREAK.finditer(text, tnm.end, stage.start))
    # (a checklist's next line labelled for the stage closes it too: "Pathologic TNM: pT2 pN0 pMX\nStage grouping: IB")
    return not breaks or (
        len(breaks) == 1 and breaks[0].group(0) == "\n" and STAGE_LINE.match(text, breaks[0].end(), stage.end) is not None
    )


# ("AJCC (6th ed.) Stage IB")
STAGE_LINE = re.compile(r"[ \t]*(?:(?:pathologic(?:al)?|ajcc|uicc|overall)\s+(?:\([^)\n]{0,20}\)\s*)?)?stage", re.IGNORECASE)


STAGE_AFTER_TNM_REACH = 30
STATEMENT_BREAK = re.compile(r"[\n；;。]")


def _statement_start(text: str, lang: str, position: int) -> int:
    """Where the statement a position is in starts (the offset before its first character): its sentence, widened to a
    bracket it sits in and to the sentence a pronoun opening it refers back to."""
    sentence_start = max(
        _full_stop_before(text, position), _line_break_before(text, position), text.rfind("。", 0, position), position - 300
    )
    if lang == "zh":  # "临床诊断：左肺下叶占位；乙状结肠癌术后3年（外院基因检测KRAS G12D突变）": the clause's own organ
        # (or its field's, in an export run on one line: "原诊断:(左肺上叶穿刺)鳞状细胞癌 病史:患者8年前行右乳腺癌根治术
        # (…,HER2(3+))")
        sentence_start = max(sentence_start, text.rfind("；", 0, position), _field_start_zh(text, position))
    opening = max(text.rfind("(", max(0, position - 300), position), text.rfind("（", max(0, position - 300), position))
    closed = text.find(")" if text[opening : opening + 1] == "(" else "）", opening, position) >= 0
    if 0 <= opening < sentence_start and not closed:
        # A bracket the sentence sits in, wrapped over lines: "History of left breast carcinoma in 1997 (invasive ductal
        # carcinoma,\npT1c pN0, ER/PR positive, HER2 negative)" is the breast cancer's; so is "乙状结肠癌根治术后3年（术后
        # 病理：中分化腺癌；KRAS基因检测：G12D突变）" the colon cancer's.
        sentence_start = max(
            _full_stop_before(text, opening), text.rfind("\n", 0, opening), text.rfind("。", 0, opening), position - 300
        )
    if lang == "en" and REFERS_BACK.match(text, sentence_start + 1):
        # "History of sigmoid colon adenocarcinoma resected 2009, …;\nthat tumor was KRAS mutated": the sentence the
        # wrapped line or its pronoun goes back to says whose.
        sentence_start = max(_full_stop_before(text, sentence_start), position - 300)
    return sentence_start


def _of_another_cancer(text: str, lang: str, position: int, facts: ReportFacts) -> bool:
    """Whether a result in the history or said of the past belongs to another cancer: its sentence names an organ
    other than the primary's ("History of left breast cancer, HER2 positive"), or any organ when the primary is
    unknown; a sentence naming the primary's organ or none ("Pre-treatment biopsy: PD-L1 TPS 80%") is this tumour's.
    So is a lung tumour resected before in another lobe ("2019年行右肺上叶切除术，…EGFR 19号外显子缺失突变")."""
    primary_code = facts.topography_code
    sentence_start = _statement_start(text, lang, position)
    sentence = text[sentence_start + 1 : position]
    if lang == "en" and PRIOR_RESECTED_CANCER.search(sentence):
        return True  # "History of left upper lobe adenocarcinoma treated by wedge resection (…, EGFR L858R)": gone
    hits = find_sites(sentence, lang)
    if lang == "zh" and facts.lobe and PRIOR_RESECTION_ZH.search(sentence):
        resected = [(_side_of(h, sentence, lang), h.lobe) for h in hits if h.lobe]
        if resected and all(place != (facts.laterality, facts.lobe) for place in resected):
            return True
    organs = {hit.code[:3] for hit in hits}
    if not organs and lang == "en" and OTHER_CANCER_NAME.search(sentence):
        return True  # "PMH colorectal cancer 2015 (pMMR, KRAS G12V)", "Hx cutaneous melanoma (2018, BRAF V600K)"
    return bool(organs) and (primary_code is None or primary_code[:3] not in organs)


# A clause that names no tumour of its own but the one just named: "that tumor was KRAS mutated", "it was HER2 positive".
REFERS_BACK = re.compile(
    r"\s*(?:(?:that|the\s+latter|this\s+earlier)\s+(?:tumou?r|cancer|carcinoma|neoplasm)|it|which)\s", re.IGNORECASE
)
# Cancers named without an organ the site lexicon knows: never a lung primary.
OTHER_CANCER_NAME = re.compile(r"\b(?:colorectal|crc|melanoma|lymphoma|leuka?emia|myeloma)\b", re.IGNORECASE)


def _field_start_zh(text: str, position: int) -> int:
    """Where the labelled field a position falls in opens, at its label's colon (-1 when there is none within reach):
    a label of a few characters right after a space or a line start ("病史:", "临床诊断：")."""
    fields = list(FIELD_LABEL_ZH.finditer(text, max(0, position - 200), position))
    return fields[-1].end() - 1 if fields else -1


FIELD_LABEL_ZH = re.compile(r"(?:^|(?<=[\s。；;]))[\u4e00-\u9fff]{2,6}[:：]")


YEAR_AFTER = re.compile(r"(?:19|20)\d\d\b")
CANCER_WORD_BEFORE = re.compile(r"(?:carcinoma|cancer|melanoma|sarcoma|lymphoma)$", re.IGNORECASE)


def _full_stop_before(text: str, position: int) -> int:
    """Where the last ". " before a position is that ends a sentence: one a lower-case word follows is a line end the
    flattening turned into a stop ("History of left breast. carcinoma treated in 2001"). -1 when there is none."""
    stop = text.rfind(". ", 0, position)
    # (nor one a cancer word follows, flattened in capitals: "HISTORY OF COLON. ADENOCARCINOMA (2008), KRAS MUTATED";
    # nor one a bracket follows: "breast carcinoma 2014. (ER+/PR+, HER2 negative)"; nor one after a comma, which ends
    # no sentence: "History of left breast carcinoma (2001), infiltrating ductal, ER positive, PR positive,. HER2/neu 3+")
    while stop >= 0 and (
        text[stop + 2 : stop + 3].islower()
        or text[stop + 2 : stop + 3] == "("
        or text[stop - 1 : stop] == ","
        or CANCER_WORD_AFTER.match(text, stop + 2)
        # (nor one between a cancer and the year it goes on with: "renal cell carcinoma. 2012 (pT1a), partial nephrectomy")
        or (YEAR_AFTER.match(text, stop + 2) and CANCER_WORD_BEFORE.search(text, max(0, stop - 20), stop))
    ):
        stop = text.rfind(". ", 0, stop)
    return stop


def _line_break_before(text: str, position: int) -> int:
    """Where the last line break before a position is that ends a sentence: one after a word or a comma wraps the
    sentence ("HISTORY OF COLON\nADENOCARCINOMA (2008), KRAS MUTATED"). -1 when there is none."""
    at = text.rfind("\n", 0, position)
    while at > 0 and WRAPPED_BEFORE.match(text, at - 1) and not text[at + 1 : at + 2].isspace():
        at = text.rfind("\n", 0, at)
    return at


CANCER_WORD_AFTER = re.compile(r"(?:adeno)?carcinoma|cancer|tumou?r", re.IGNORECASE)
WRAPPED_BEFORE = re.compile(r"[A-Za-z0-9,]")  # a line ending on a word, a number or a comma goes on below ("… 2014\n(ER+")
PRIOR_RESECTION_ZH = re.compile(r"(?:行|经)[^。；;]{0,20}?(?:切除术|根治术)")


def _said_of_another_primary(text: str, position: int, primary_code: str | None) -> bool:
    """Whether the words after a gene give its result to another organ's primary ("… reported in the patient's colon
    primary")."""
    if primary_code is None:
        return False
    described = GENE_DESCRIBES_CANCER.match(text, position)
    if described:
        # "a history of BRAF-mutated melanoma": the gene describes that cancer.
        cancer = described.group("cancer").lower()
        organs = {hit.code[:3] for hit in find_sites(cancer, "en")}
        return cancer == "melanoma" or (bool(organs) and primary_code[:3] not in organs)
    other = OTHER_PRIMARY_AFTER.match(text, position)
    if other is None:
        return False
    organs = {hit.code[:3] for hit in find_sites(other.group("organ"), "en")}
    return bool(organs) and primary_code[:3] not in organs


# A test heading's bracket naming the lesion tested: "分子检测（B，左肺舌段腺癌，ARMS-PCR）：".
TESTED_LESION_HEADING_ZH = re.compile(
    r"[（(](?:[A-H][，,、]\s*)?(?P<site>[左右双]?肺?(?:[上中下]叶|舌段)[^（()）:：\n]{0,24})[）)]\s*[:：]"
)
# A report that calls its tumours separate primaries.
SEPARATE_PRIMARIES = {
    "zh": re.compile(r"两个原发|双原发|多原发|第二原发"),
    "en": re.compile(r"(?:synchronous|separate|second|two)\s+(?:\w+\s+)?primar(?:y|ies)", re.IGNORECASE),
}
# A molecular result's lesion label: "右肺中叶病灶：", "（左肺下叶结节）：", "右肺上叶肿瘤（ARMS法）：", "RUL tumour (block
# B4):", "Right lower lobe tumor:".
LESION_LABELS = {
    "zh": re.compile(
        r"[（(]?(?P<site>[左右双]?肺?(?:[上中下]叶|舌段)[^，,。；;：:（()）]{0,6}?)(?:病灶|肿瘤|肿物|结节)?[）)]?"
        r"(?:[（(][^（()）\n]{0,12}[)）])?\s*[:：]"
    ),
    "en": re.compile(
        r"(?:^|(?<=\n)|(?<=[.;]\s))[ \t]*(?P<site>[RL][UML]L|(?:right|left)\s+(?:upper|middle|lower)\s+lobe)\s+"
        r"(?:tumou?r|lesion|nodule|mass|primary)\b[^:\n.]{0,30}:",
        re.IGNORECASE,
    ),
}


def _labelled_for_another_lesion(text: str, lang: str, position: int, facts: ReportFacts) -> bool:
    """Whether a result falls under a lesion label naming another lobe than the main tumour's, in a report that labels
    results by lesion (two or more labels)."""
    if facts.lobe is None:
        return False
    labels = [(label.start(), label.end(), label.group("site")) for label in LESION_LABELS[lang].finditer(text)]
    if lang == "zh":
        labels += [(label.start(), label.end(), label.group("site")) for label in TESTED_LESION_HEADING_ZH.finditer(text)]
        labels += _specimen_labels_zh(text)
        labels.sort()
    if len(labels) < 2 and not (labels and SEPARATE_PRIMARIES[lang].search(text)):
        return False  # (one label alone says whose result it is only when the report has two primaries)
    stop = "。" if lang == "zh" else "\n"
    before = [label for label in labels if label[1] <= position and stop not in text[label[1] : position]]
    if not before:
        return False
    hits = find_sites(before[-1][2], lang)
    return bool(hits) and hits[0].lobe is not None and hits[0].lobe != facts.lobe


# A result labelled by its specimen's number or letter ("标本2：KRAS 2号外显子p.G12C突变"), the site that specimen is
# listed with ("标本2：右肺下叶背段（段切除）" or "标本2（右肺下叶背段）：…").
SPECIMEN_NUMBER_LABEL_ZH = re.compile(r"标本\s*(?P<key>\d{1,2}|[A-H])\s*(?:[（(](?P<bracketed>[^（()）\n]{1,24})[)）])?\s*[:：]")


def _specimen_labels_zh(text: str) -> list[tuple[int, int, str]]:
    """(start, end, site named) of every specimen label whose specimen the report places in a lobe."""
    if "标本" not in text:
        return []
    found = list(SPECIMEN_NUMBER_LABEL_ZH.finditer(text))
    sites: dict[str, str] = {}
    for label in found:
        named = label.group("bracketed") or text[label.end() : label.end() + 24].split("\n", 1)[0]
        if label.group("key") not in sites and any(hit.lobe for hit in find_sites(named, "zh")):
            sites[label.group("key")] = named
    return [(label.start(), label.end(), sites[label.group("key")]) for label in found if label.group("key") in sites]


# A cancer the history says was removed: its markers are that tumour's, not this one's.
PRIOR_RESECTED_CANCER = re.compile(
    r"history\s+of\b[^.]{0,120}\b(?:(?:treated|managed)\s+(?:by|with)\s+(?:a\s+)?(?:wedge|lobectomy|segmentectomy|resection"
    r"|pneumonectomy|surgery)|resected\s+(?:in\s+)?(?:19|20)\d\d)",  # ("…adenocarcinoma, pT2 N0, resected 2009, EGFR …")
    re.IGNORECASE,
)
# A result said of another organ's primary after the gene: "the KRAS G13D mutation reported in the patient's colon
# primary".
# A gene that describes the cancer named right after it: "BRAF-mutated melanoma", "HER2-positive breast carcinoma".
GENE_DESCRIBES_CANCER = re.compile(
    r"[-\s](?:mutated|mutant|positive|rearranged|amplified|driven)\s+(?:(?:metastatic|advanced|prior|previous)\s+)?"
    r"(?P<cancer>melanoma|colorectal|colon|rectal|breast|thyroid|prostate|renal|kidney|ovarian|gastric|stomach|bladder)\b",
    re.IGNORECASE,
)
# (a flattened line end may follow its "previous": "The HER2-positive status of the previous. breast carcinoma")
OTHER_PRIMARY_AFTER = re.compile(
    r"[^.;]{0,60}?\b(?:in|of|from)\s+(?:the\s+)?(?:patient'?s\s+)?(?:prior\.?\s+|previous\.?\s+|known\s+)?(?P<organ>[a-z]+)"
    r"\s+(?:primary|cancer|carcinoma|tumou?r)\b",
    re.IGNORECASE,
)


def _histology(facts: ReportFacts, text: str, lang: str, sections: SectionMap, lower: str) -> None:
    best: tuple[tuple[int, int, int], Finding] | None = None
    # With a tumour named dominant ("Invasive adenocarcinoma, solid predominant, 3.3 cm (Tumor 1, dominant)"), another
    # labelled tumour's histology ("…, lepidic predominant, 0.9 cm (Tumor 2)") is not the report's.
    dominant = _dominant_labels(text, lower) if "dominant" in lower else set()
    for hit in find_histologies(text, lang, lower):
        section = sections.kind_at(hit.span.start)
        context = context_of(text, hit.span.start, hit.span.end, lang, section)
        finding = Finding("histology", hit.span, hit.span.text, context, concept_code=hit.code, value=hit.preferred)
        facts.findings.append(finding)
        if not context.asserted or context.historical:
            continue
        # Prefer the dominant tumour's, the diagnosis section, then the more specific (longer) term, then the earliest.
        label = _tumour_label_of(text, hit.span.start) if len(dominant) == 1 else None
        rank = (int(label is not None and label not in dominant), SECTION_RANK.get(section, 3), -len(hit.span.text))
        if best is None or rank < best[0]:
            best = (rank, finding)
    if best:
        finding = best[1]
        facts.histology_code = finding.concept_code
        facts.histology_text = finding.span.text
        facts.cite("histology", finding.span)


def _tumour_label_of(text: str, position: int) -> str | None:
    """The tumour label ("1", "B") a statement belongs to: one in its line or sentence ("…, 0.9 cm (Tumor 2)."), else the last
    heading above it in its paragraph ("SYNOPTIC - TUMOR 2, RIGHT LOWER LOBE")."""
    # (its sentence, in a report flattened to one line)
    line_start = max(text.rfind("\n", 0, position) + 1, text.rfind(". ", 0, position) + 2)
    line_end = min((at for at in (text.find("\n", position), text.find(". ", position)) if at >= 0), default=len(text))
    on_line = TUMOUR_LABEL_MENTION.search(text, line_start, line_end)
    if on_line:
        return on_line.group("number").upper()
    paragraph = text.rfind("\n\n", 0, position) + 2
    above = list(TUMOUR_LABEL_MENTION.finditer(text, paragraph, line_start))
    return above[-1].group("number").upper() if above else None


# A tumour's label where a statement names it: "(Tumor 2)", "TUMOR 1 (DOMINANT)", "Tumour #2:".
TUMOUR_LABEL_MENTION = re.compile(r"\btumou?r\s*#?\s*(?P<number>\d|(?-i:[A-H]))\b", re.IGNORECASE)


def _size(facts: ReportFacts, text: str, sections: SectionMap, lower: str) -> None:
    candidates: list[tuple[int, float, Span]] = []
    for cue in anchored_finditer(SIZE_CUE, lower, lower, SIZE_ANCHORS, 30, 30):
        before = SIZE_THEN_CUE.search(lower, max(0, cue.start() - 40), cue.end()) if "dimension" in cue.group(0) else None
        if before is not None and before.end() == cue.end():
            continue  # "7.5 cm in greatest dimension": read below as the size before its cue, not the next size
        gap = LABEL_GAP.match(lower, cue.end())  # a checklist pads its label out to the answer's column
        value = SIZE_VALUE.search(lower, cue.end(), cue.end() + 40 + max(0, gap.end() - cue.end() - 2))
        if not value or NOT_TUMOUR_SIZE_AFTER.match(lower, value.end()):
            continue  # "Tumor is 1.6 cm distal to the carina" is a distance
        section = sections.kind_at(cue.start())
        specific = bool(TUMOUR_WORD.search(cue.group(0)))
        if not specific and not _measures_the_tumour(lower, cue.start(), text):
            continue  # "大小约0.6×0.3×0.2cm", "measuring 20 x 10 cm" describe a specimen unless it is the tumour's
        rank = SECTION_RANK.get(section, 3) - (1 if specific else 0)
        candidates.append((rank, _largest_mm(value), span_of(text, value)))
        if len(candidates) > 20:
            break
    for value in anchored_finditer(SIZE_THEN_CUE, lower, lower, ("dimension", "diameter", "extent"), 50, 10):
        if _measures_the_tumour(lower, value.start(), text):
            # The span is the size as written, without its cue ("6.0 CM", not "6.0 CM IN GREATEST DIMENSION").
            written = Span(value.start(), value.end(5), text[value.start() : value.end(5)])
            candidates.append((SECTION_RANK.get(sections.kind_at(value.start()), 3), _largest_mm(value), written))
    # A checklist's "Size:" counts in its diagnosis, or anywhere in a report without headings.
    headed = any(kind in DIAGNOSIS_SECTIONS for kind in sections.kinds)
    for label in anchored_finditer(SYNOPTIC_SIZE_LABEL, lower, lower, ("size",), 6, 40):
        value = SIZE_VALUE.match(lower, label.end())
        located = LOCATION_LINE_BEFORE.search(lower, max(0, label.start() - 120), label.start() + 1)
        in_diagnosis = sections.kind_at(label.start()) in DIAGNOSIS_SECTIONS
        if value and (in_diagnosis or not headed or located):
            rank = SECTION_RANK["synoptic"] - 1 if headed and in_diagnosis else SECTION_RANK["body"] - 1
            candidates.append((rank, _largest_mm(value), span_of(text, value)))
    if facts.language == "zh" and "大小" in lower:
        # A bare "大小：" field of a structured report's tumour block ("[肿瘤]\n部位：左肺上叶\n…\n大小：3.8×3.0×2.6cm").
        for label in anchored_finditer(BARE_SIZE_FIELD_ZH, lower, lower, ("大小",), 8, 4):
            blocks = list(BLOCK_HEADING_ZH.finditer(lower, max(0, label.start() - 300), label.start()))
            value = SIZE_VALUE.match(lower, label.end())
            if value and blocks and TUMOUR_WORD_ZH.search(blocks[-1].group(0)):
                candidates.append((SECTION_RANK["synoptic"] - 1, _largest_mm(value), span_of(text, value)))
    for label in anchored_finditer(RESIDUAL_SIZE, lower, lower, ("residual", "viable", "残余", "残存", "残留"), 10, 80):
        value = SIZE_VALUE.match(lower, label.end())
        # (not a distance: "The residual tumour is 12 mm from the visceral pleura")
        if (
            value
            and sections.kind_at(label.start()) not in {"history", "gross"}
            and not NOT_TUMOUR_SIZE_AFTER.match(lower, value.end())
        ):
            candidates.append((SECTION_RANK["synoptic"] - 2, _largest_mm(value), span_of(text, value)))
    if any(word in lower for word in ("revised to", "corrected to", "amended to", "revised from", "the correct ", "正为")):
        # "the maximal tumour extent is revised to 4,1 cm": an addendum's new size of the tumour.
        for statement in SIZE_REVISED_TO.finditer(lower):
            value = SIZE_VALUE.match(lower, statement.end())
            if value:
                candidates.append((SECTION_RANK["synoptic"] - 3, _largest_mm(value), span_of(text, value)))
    for value in _sizes_after_masses(lower) if facts.language == "en" else _sizes_after_masses_zh(lower):
        candidates.append((SECTION_RANK.get(sections.kind_at(value.start()), 3), _largest_mm(value), span_of(text, value)))
    for value in _sizes_of_masses(lower):
        if not MEASURES_OTHER.search(SENTENCE_START.split(lower[max(0, value.start() - 80) : value.start()])[-1]):
            written = Span(value.start(), value.end(5), text[value.start() : value.end(5)])
            candidates.append((SECTION_RANK.get(sections.kind_at(value.start()), 3), _largest_mm(value), written))
    # A size right after a mention of a histology ("squamous cell carcinoma, moderately differentiated, 4.2 cm"),
    # ranked by the mention's section.
    for finding in facts.findings:
        if finding.category != "histology" or not finding.context.asserted:
            continue
        value = _size_after_histology(lower, finding.span)
        if value:
            section_rank = SECTION_RANK.get(sections.kind_at(finding.span.start), 3)
            candidates.append((section_rank, _largest_mm(value), span_of(text, value)))
    # A category's definition in a checklist ("pT1b: Tumor more than 2 cm but 3 cm or less") measures no tumour, and
    # the clinical history's own sentence gives the imaging's size ("Clinical history: … a 4.8 cm right upper lobe
    # mass"), not the pathology's. (A history heading may run on over a whole report that lost its line breaks.)
    candidates = [
        c
        for c in candidates
        if not IN_TNM_DEFINITION.search(text, max(0, c[2].start - 200), c[2].start)
        and not _in_history_sentence(text, sections, c[2].start)
        and not CLINICAL_LINE_LABEL.match(text, _line_start(text, c[2].start), c[2].start)
        and not (CLINICAL_LESION_AFTER.match(text, c[2].start) and _under_clinical_label(text, c[2].start))
        and not _in_node_part(lower, sections, c[2].start)
        and not TUMOUR_BED_SIZE_BEFORE.search(text, max(0, c[2].start - 24), c[2].start)
        and not TUMOUR_BED_AFTER.match(text, c[2].end)
        and not (
            SEPARATE_NODULE_SIZE_BEFORE.search(text, max(0, c[2].start - 30), c[2].start)
            and SEPARATE_NODULE_SIZE_AFTER.match(text, c[2].end)
        )
    ]
    candidates = [
        (SECTION_RANK["synoptic"] - 3, c[1], c[2])
        if SIZE_REVISED_BEFORE.search(text, max(0, c[2].start - 80), c[2].start)
        or _in_correcting_addendum(text, sections, c[2].start)
        else c
        for c in candidates
    ]
    # The size of a tumour the report calls a second primary ("2.（右肺中叶楔形）微浸润性腺癌，最大径0.6cm…考虑为第二原发")
    # or a satellite is not the main tumour's, when the main one is measured anywhere else; nor is the value a correction
    # replaces ("原报告“肿瘤大小3.2cm×2.0cm”更正为“肿瘤大小2.3cm×2.0cm”"), nor an invasive focus's ("浸润灶最大径0.3cm").
    # (Chinese only: an English report's second primary is told apart by its part and wording elsewhere.)
    if facts.language == "zh":
        main_tumour = [
            c
            for c in candidates
            if not _second_primary_statement(text, c[2].start)
            and not REPLACED_VALUE_AFTER.match(text, c[2].end)
            and not INVASIVE_FOCUS_BEFORE.search(text, max(0, c[2].start - 12), c[2].start)
        ]
        candidates = main_tumour or candidates
    if facts.language == "en" and "dominant" in lower:
        # With a tumour named dominant, another labelled tumour's size ("Tumor 2 (#2, RLL S6): Adenocarcinoma in situ,
        # 0.9 cm") is not the main tumour's.
        dominant = _dominant_labels(text, lower)
        if len(dominant) == 1:
            own = [c for c in candidates if _tumour_label_of(text, c[2].start) in (None, *dominant)]
            candidates = own or candidates
    if candidates:
        # Among the best-placed statements the largest tumour's size (several tumours: the largest classifies).
        best_rank = min(c[0] for c in candidates)
        _, size_mm, span = max((c for c in candidates if c[0] == best_rank), key=lambda c: (c[1], -c[2].start))
        facts.tumor_size_mm = facts.primary_size_mm = size_mm
        facts.primary_size_text = span.text.strip()
        facts.cite("tumor_size_mm", span)


# (or a satellite or intrapulmonary metastasis: "同叶基底段另见一癌结节（直径0.6cm）…考虑为同叶内转移（卫星结节）")
SECOND_PRIMARY = re.compile(r"第二原发|另一原发|卫星结节|肺内转移|同叶内转移")
REPLACED_VALUE_AFTER = re.compile(r"[^。；;，,\n]{0,12}?[”\"」]?\s*(?:更正|修正|改)为")
INVASIVE_FOCUS_BEFORE = re.compile(r"浸润(?:灶|成分|性成分)(?:最大径|大小)?\s*[:：]?\s*(?:约|为)?\s*$")
STATEMENT_BOUND = re.compile(r"[。\n]|(?<![\d.])\d{1,2}[.、](?!\d)")
# Another lesion introduced between a size and the words calling a tumour a satellite: they speak of that lesion
# ("…最大径2.1cm；同叶另见一0.5cm结节，…考虑肺内转移").
ANOTHER_LESION = re.compile(r"另(?:见|有|一)")


def _second_primary_statement(text: str, position: int) -> bool:
    """Whether the numbered item or line around a position calls its tumour a second primary."""
    start = max(
        (m.end() for m in STATEMENT_BOUND.finditer(text, max(0, position - 200), position)), default=max(0, position - 200)
    )
    stop = STATEMENT_BOUND.search(text, position)
    said = SECOND_PRIMARY.search(text, start, stop.start() if stop else min(len(text), position + 200))
    return said is not None and not (said.start() > position and ANOTHER_LESION.search(text, position, said.start()))


# A line labelled as the clinical note, which no heading list knows: "Clinical: 2.9 cm LUL mass; ? primary lung."
CLINICAL_LINE_LABEL = re.compile(r"\s*(?:clinical|indication|history)\s*:", re.IGNORECASE)


def _in_correcting_addendum(text: str, sections: SectionMap, position: int) -> bool:
    """Whether an offset lies in an addendum whose title says it corrects ("ADDENDUM 1: CORRECTION OF TUMOR SIZE")."""
    start = sections.start_at(position)
    title_end = min((at for at in (text.find("\n", start + 1), text.find(". ", start + 1)) if at >= 0), default=len(text))
    return _in_addendum(text, sections, position) and CORRECTING_TITLE.search(text, start, title_end) is not None


def _in_addendum(text: str, sections: SectionMap, position: int) -> bool:
    """Whether an offset lies in a section an addendum's heading opens ("ADDENDUM 1: …", "补充报告：")."""
    return ADDENDUM_HEADING.match(text, sections.start_at(position)) is not None


CORRECTING_TITLE = re.compile(r"correct|revis|amend", re.IGNORECASE)  # an addendum title's word that it corrects


def _under_clinical_label(text: str, position: int) -> bool:
    """Whether the last field label before an offset, within a few sentences, is the clinical note's ("CLINICAL: Never
    smoker. 2.8 cm LUL mass.")."""
    labels = list(FIELD_LABEL.finditer(text, max(0, position - CLINICAL_LABEL_REACH), position))
    return bool(labels) and CLINICAL_LINE_LABEL.fullmatch(labels[-1].group(0)) is not None


FIELD_LABEL = re.compile(r"(?:^|(?<=\n)|(?<=\.\s))[ \t]*[A-Za-z][A-Za-z ]{1,30}:")  # "CLINICAL:", "Specimen type:"
CLINICAL_LABEL_REACH = 120  # characters back from a size to the field label it may sit under


def _line_start(text: str, position: int) -> int:
    """Where the line or flattened sentence around an offset starts."""
    stop = text.rfind(". ", 0, position)
    return max(text.rfind("\n", 0, position) + 1, stop + 2 if stop >= 0 else 0)


def _in_history_sentence(text: str, sections: SectionMap, position: int) -> bool:
    """Whether an offset lies in the first sentence of a clinical history section, or in one of its sentences that
    reports imaging ("CECT chest: 5.2 x 4.6 cm left upper lobe mass")."""
    if sections.kind_at(position) != "history":
        return False
    heading = sections.start_at(position)
    sentence_start = max((m.end() for m in HISTORY_SENTENCE_END.finditer(text, heading + 1, position)), default=None)
    if sentence_start is None:
        return True
    if CLINICAL_LESION_AFTER.match(text, position):
        return True  # "Clinical details: 58M, never smoker. 37 mm RUL mass.": the work-up's lesion
    sentence_end = HISTORY_SENTENCE_END.search(text, position)
    return IMAGING_WORDS.search(text, sentence_start, sentence_end.start() if sentence_end else len(text)) is not None


# A size the history gives a lesion the work-up found: "37 mm RUL mass", "2.8 cm LUL mass", "3 cm right upper lobe
# nodule", "a 1.5 cm lingular nodule", "2 cm spiculated mass".
CLINICAL_LESION_AFTER = re.compile(
    r"[\d.,]+\s*(?:[x×]\s*[\d.,]+\s*)?(?:mm|cm)\s+(?:[RL][UML]L\s+|(?:right|left)\s+(?:(?:upper|middle|lower)\s+lobe\s+)?|lung\s+)?"
    r"(?:(?:lingular|apical|perihilar|hilar|subpleural|peripheral|central|spiculated|irregular|solid|part-solid|"
    r"ground-glass|cavitary|enlarging|growing|new|pulmonary|lung)\s+){0,2}(?:mass|nodule|lesion|opacity)\b",
    re.IGNORECASE,
)
IMAGING_WORDS = re.compile(r"\b(?:(?:CE|HR|LD)?CT|PET(?:-CT)?|MRI|X-?ray|imaging|radiolog\w*|scan)\b", re.IGNORECASE)


def _sizes_of_masses(lower: str) -> Iterator[re.Match[str]]:
    """Matches of SIZE_OF_MASS, looked for only before a mass word with a unit in the words before it (a cheap check:
    "tumor" alone occurs dozens of times in a report)."""
    seen: set[int] = set()
    for word in MASS_WORDS:
        for position in anchor_positions(lower, word):
            head = lower[max(0, position - 60) : position]
            if any(unit in head for unit in SIZE_UNITS):
                for value in SIZE_OF_MASS.finditer(lower, max(0, position - 60), position + len(word) + 1):
                    if value.start() not in seen:
                        seen.add(value.start())
                        yield value


# "a whitish-grey tumour of 4,3 x 3,9 x 3,2 cm", "a greyish nodule of 1,85 x 1,6 cm": the size right after "of".
# (a translation's "tumoral formation of 45x38x30 mm" too)
MASS_OF_SIZE = folded(r"(?<![a-z-])(?:tumou?r(?:(?:al|ous)?\s+formation)?|mass|nodule|lesion)(?P<between>)\s+of\s+(?=\d|l\.\d)")


def _sizes_after_masses(lower: str) -> Iterator[re.Match[str]]:
    """Sizes written after the tumour they measure, as gross descriptions put them ("a grey-white tumour 7.5 x 5.0 x
    4.5 cm", "residual tumour 3.5 x 3.0 cm", "a tumor. node 6.0 x 4.5 cm"): a few describing words between, no other
    measurable thing, no distance."""
    for word in (w.strip() for w in MASS_WORDS):
        for position in anchor_positions(lower, word):
            # Cheap check first: a unit must follow within the reach of a few words and a size.
            tail = lower[position : position + 80]
            units = any(unit in tail for unit in SIZE_UNITS)
            mass = (MASS_THEN_SIZE.match(lower, position) or MASS_OF_SIZE.match(lower, position)) if units else None
            value = SIZE_VALUE.match(lower, mass.end()) if mass else None
            if value and not NOT_TUMOUR_SIZE_AFTER.match(lower, value.end()) and not MEASURES_OTHER.search(mass.group("between")):
                # A label ending in the mass word measures what it names: "Size of the largest lymph node involved by
                # tumor: 1.7 cm" is a node's.
                label = lower[max(0, position - 60) : position] if ":" in lower[position : mass.end()] else ""
                if not MEASURES_OTHER.search(SENTENCE_START.split(label)[-1]):
                    yield value


# A Chinese gross description's size right after its mass word, without 大小: "见一肿物 2.6×2.0×1.8cm", "结节，约1.2cm".
MASS_THEN_SIZE_ZH = re.compile(r"(?:肿物|肿块|肿瘤|瘤体|结节)\s*[，,]?\s*(?:约|为)?\s*(?=\d)")


# Not a distance ("切缘距肿瘤1.5cm", "距该肿物约3cm处"), nor the imaging's size ("影像学示肿块约4.2cm（CT）").
DISTANCE_IN_CLAUSE_ZH = re.compile(r"距[^，,。；;\n]*$")
IMAGING_IN_SENTENCE_ZH = re.compile(r"(?:影像|ct|超声|mri|pet)[^。；;\n]*$")


def _sizes_after_masses_zh(lower: str) -> Iterator[re.Match[str]]:
    """Sizes a Chinese report writes right after the mass they measure."""
    for mass in MASS_THEN_SIZE_ZH.finditer(lower):
        value = SIZE_VALUE.match(lower, mass.end())
        before = lower[max(0, mass.start() - 40) : mass.start()]
        distance = DISTANCE_IN_CLAUSE_ZH.search(before) or (value and lower.startswith("处", value.end()))
        if value and not distance and not IMAGING_IN_SENTENCE_ZH.search(before):
            yield value


def _measures_the_tumour(lower: str, position: int, text: str | None = None) -> bool:
    """Whether a measurement at `position` is the tumour's: a tumour word leads its clause ("mass, measuring"), or
    is in its sentence and nothing else measurable is ("ADENOCARCINOMA, …, MAXIMUM DIAMETER 38 MM", not "Lymph nodes
    positive for metastatic carcinoma, largest measuring 3.7 cm"). With the `text` as written, a flattened line end
    before a small letter ("adenocarcinoma of the middle lobe, predominantly acinar. growth pattern …, maximal
    diameter 2.6 cm") does not end the sentence."""
    start = max(0, position - 150)
    near = lower[start : position + 1]  # the words before the measurement, and its first character
    if text is not None and ". " in near and _mixed_case(text):
        near = FLATTENED_STOP_BEFORE_SIZE.sub(" ", text[start : position + 1]).lower()
    window = near[:-1]
    if TUMOUR_BED.search(window[-30:]):
        return False
    clauses = CLAUSE_START.split(window[-60:])
    clause = CLAUSE_START.split(window[-30:])[-1]
    if NODE_DEPOSIT.search(clause):
        return False  # "其中1枚淋巴结见转移性腺癌（转移灶最大径约2.5mm）" measures a node's deposit
    if TUMOUR_WORD.search(clause):
        return True
    if (
        len(clauses) > 1
        and BARE_SIZE_CLAUSE.fullmatch(clauses[-1])
        and TUMOUR_WORD_ZH.search(clauses[-2])  # (Chinese only: an English flattened ". measuring" often follows another lesion)
        and not MEASURES_OTHER.search(clauses[-2])
    ):
        return True  # a clause of the size alone after one naming the tumour: "…肺门部见一灰白肿块，大小6.5×5.0×4.5cm"
    # (A specimen's bracketed label names no measured tumour: "1.（右肺中叶结节）楔形肺组织，大小5×3×1.5cm".)
    # (the split sees the character at `position`, so a line wrapped before a lower-case cue goes on: "a firm grey-white
    # tumour\nmeasuring 55 x 40 x 38 mm")
    sentence = SPECIMEN_LABEL_ZH.sub("", SENTENCE_START.split(near)[-1][:-1])
    return TUMOUR_WORD.search(sentence) is not None and not MEASURES_OTHER.search(sentence)


# A stop a flattening put at a line end: after a small letter or a comma, before a small letter ("invasion is. absent"),
# told apart from a sentence's end only in a report whose sentences open with capitals.
FLATTENED_STOP = re.compile(r"(?<=[a-z,;])\.(?=\s[a-z])")
# …and, in the words before a size, after a bracket too: "(non-mucinous). pattern with …, total size 1.6 cm" (not in
# verdicts, where "(lymphatic invasion present). v0 (no venous invasion)" are two).
FLATTENED_STOP_BEFORE_SIZE = re.compile(r"(?<=[a-z,;)])\.(?=\s[a-z])")
SENTENCE_OPENS_CAPITAL = re.compile(r"[.:]\s+[A-Z][a-z]")


def _mixed_case(text: str) -> bool:
    """Whether the report writes its sentences in mixed case (an all-lower-case or all-capitals one cannot tell a
    flattened line end from a sentence's end)."""
    return SENTENCE_OPENS_CAPITAL.search(text) is not None


def _in_node_part(lower: str, sections: SectionMap, position: int) -> bool:
    """Whether an offset lies a few words into a specimen part labelled as lymph nodes ("1. Labelled \"Station 2R\". A
    single pale nodule 6x4x3mm.", "（7组）灰褐结节4枚，直径0.4-1.8cm"): what it measures is a node."""
    line = lower.rfind("\n", 0, position) + 1
    labels = list(PART_START.finditer(lower, max(line, position - NODE_PART_REACH), position))
    start = labels[-1].end() if labels else line if position - line <= NODE_PART_REACH else None
    if start is None or sections.start_at(position) > start or TUMOUR_NAMED.search(lower, start, position):
        # (a heading between: "C. LYMPH NODES, STATION 7: … LUNG CANCER SYNOPTIC. … Tumor size: 2.6 cm"; or the tumour
        # named after the part's count: "E. STATION 4L: 0/3. Tumor size 7.5 x 6.0 x 5.5 cm")
        return False
    return NODE_PART_LABEL.match(lower, start) is not None


NODE_PART_REACH = 80  # characters from a node part's label to a size its gross gives


# (a Chinese list's item may open with its bracketed label alone: "；（7组）灰褐结节4枚", flattened "；. （7组）")
PART_START = re.compile(r"(?:^|(?<=[.:：。]\s)|(?<=[：。\n]))\s*(?:\d{1,2}|[a-h])[.、]\s?|(?<=[；;。：])(?:\.\s)?(?=\s*[（(])")
TUMOUR_NAMED = re.compile(r"tumou?r|carcinoma|cancer|neoplasm|肿瘤|癌")
NODE_PART_LABEL = re.compile(
    r"\s*(?:labell?ed\s+)?[\"“']?(?:station\b|level\s+\d{1,2}[rl]?\b|lymph\s+nodes?\b|ln\b|[（(]\s*第?\d{1,2}[rl]?\s*组\s*[)）])"
)
BARE_SIZE_CLAUSE = re.compile(r"\s*(?:大小)?\s*(?:约|为)?\s*")
SPECIMEN_LABEL_ZH = re.compile(r"（[^（）]{0,20}）")


def _size_after_histology(lower: str, histology: Span) -> re.Match[str] | None:
    """With no size cue, a size in the diagnosis line right after the tumour's histology ("ADENOCARCINOMA, 3.2 CM")."""
    # (in the histology's own line and sentence: "…group 7 (1) - without metastases.\n\nDiagnosis: Typical carcinoid")
    before = re.split(r"\n|\.\s", lower[max(0, histology.start - 40) : histology.start])[-1]
    if any(word in before for word in ("metasta", "转移")):
        return None  # "lymph nodes positive for metastatic carcinoma, largest 3.7 cm" measures a node (also "转移性腺癌")
    # (as far as 120 characters of describing words, then the size itself: "…, centred in the right lower lobe
    # (superior segment), 5.6 x 4.8 x 4.0 cm")
    value = SIZE_VALUE.search(lower, histology.end, histology.end + 150)
    between = GRADE_TOKEN.sub("", BRACKETED.sub("", lower[histology.end : value.start()])) if value else ""
    between = SHARE.sub("", between)  # "lepidic predominant with 30% acinar pattern, well differentiated, 1.7 cm"
    between = SOFT_WRAP.sub(" ", between)  # "…micropapillary\n   predominant, poorly differentiated (G3), 4.2 cm"
    between = FLATTENED_WRAP.sub(" ", between)  # the same flattened: "moderately to poorly. differentiated, 4.0 cm"
    if value is not None and between.endswith("; ") and ITEM_END.match(lower, value.end()):
        between = between[:-2]  # the size as the next item of the tumour's list ("…differentiated (G2); 2.45 x 2.0 cm.")
    if value is None or len(between) > 120 or NOT_TUMOUR_SIZE_BEFORE.search(between):
        return None
    return None if NOT_TUMOUR_SIZE_AFTER.match(lower, value.end()) else value


def _site(facts: ReportFacts, text: str, lang: str, sections: SectionMap, lower: str) -> list[LexiconHit]:
    """The primary site, its lobe and side; returns every site the report names, for the later rules."""
    if facts.histology_code is None and any(f.category == "histology" and f.context.uncertain for f in facts.findings):
        # Only a hedged diagnosis ("suspicious for adenocarcinoma"): the specimen's site is no primary tumour's site.
        return []
    hits = find_sites(text, lang, lower)
    verdicts: dict[int, bool] = {}

    def eligible(index: int) -> bool:
        # Judged lazily: a report names a dozen sites or more, and the choice below usually needs two or three.
        if index not in verdicts:
            verdicts[index] = _site_may_be_primary(hits[index], text, lang, sections)
        return verdicts[index]

    labelled = (i for i, h in enumerate(hits) if _labelled_tumour_site(text, h.span.start, h.span.end) and eligible(i))
    # A Chinese checklist's ticked site among its options: "肿瘤部位：□右上叶　□右中叶　■左下叶".
    ticked = ZH_TICKED_SITE.search(text) if lang == "zh" and "部位" in text else None
    index = next((i for i, h in enumerate(hits) if ticked and h.span.start == ticked.start("site")), None)
    index = next(labelled, None) if index is None else index
    if index is None and lang == "zh":
        # The diagnosis' bracketed specimen before its histology: "1.（右肺下叶）浸润性腺癌", not a pleural nodule the
        # operative note mentions first.
        index = next(
            (
                i
                for i, h in enumerate(hits)
                if h.code.startswith("C34")
                and (
                    (
                        ZH_SITE_OPENER.search(text, max(0, h.span.start - 2), h.span.start)
                        and SPECIMEN_THEN_HISTOLOGY_ZH.match(text, h.span.end)
                    )
                    # (or unbracketed at an item's start: "1. 右肺下叶浸润性黏液腺癌，肿瘤大小…")
                    or (
                        ITEM_START_ZH.search(text, max(0, h.span.start - 8), h.span.start)
                        and SITE_THEN_HISTOLOGY_ZH.match(text, h.span.end)
                    )
                )
                and sections.kind_at(h.span.start) == "diagnosis"
                and eligible(i)
            ),
            None,
        )
    if index is None and lang == "en":  # the naming and part rules read English headings and prepositions
        index = _site_of_histology(hits, eligible, text, _histology_mentions(facts, text), sections)
    merely_first = index is None
    if index is None:
        # The first possible site, not in a title line ("SURGICAL PATHOLOGY REPORT - LUNG RESECTION CHECKLIST").
        # (a title line among the report's first lines, on a line of its own: "Department of Anatomical Pathology\nLUNG
        # CANCER STRUCTURED REPORT"; not a flattened report's "…. STOMACH TISSUE CHECKLIST.", whose organ is the site)
        line_starts = [0, *(m.end() for m in NEW_LINE.finditer(text, 0, TITLE_REACH))]
        after_title = max((m.end() for at in line_starts if (m := TITLE_LINE.match(text, at, TITLE_REACH))), default=0)
        # (In a report of a lung carcinoma, a pleura merely mentioned first is the lung's cover: "The pleura over it
        # is smooth"; the history's lobe then places the tumour. A mesothelioma's pleura is its site.)
        mesothelioma = (facts.histology_code or "").startswith("905")
        lung_named = lang == "en" and not mesothelioma and any(h.code.startswith("C34") for h in hits)
        index = next(
            (
                i
                for i in range(len(hits))
                if hits[i].span.start >= after_title and eligible(i) and not (lung_named and hits[i].code.startswith("C38.4"))
            ),
            None,
        )
    if index is None:
        _clinical_site(facts, hits, None, text, lang, sections)
        return hits
    hit = hits[index]
    # "LUNG, LEFT UPPER LOBE; LOBECTOMY", "UTERUS, CERVIX, BIOPSY": the organ, then the part of it: the part is the site.
    following = [
        i for i in range(index + 1, min(len(hits), index + 3)) if ORGAN_PART_GAP.fullmatch(text, hit.span.end, hits[i].span.start)
    ]
    hit = next((hits[i] for i in following if _part_of(hits[i], hit) and eligible(i)), hit)
    # (A pneumonectomy's organ heading, "D. Left lung, pneumonectomy:", is the whole lung: a lobe named before it is no
    # heading of its part; the lobe the tumour is centred in is read below.)
    if hit.lobe is None and not PNEUMONECTOMY_AFTER.match(text, hit.span.end):
        # "squamous cell carcinoma of the lung" under "Left upper lobe:" or "A. LUNG, RIGHT MIDDLE LOBE": the nearest
        # lobe named before it as a possible primary site (its part heading) is the site; a lobe named after it is
        # some other finding ("atelectasis of lower lobe").
        before = [i for i in range(index) if hits[i].code[:3] == hit.code[:3] and _part_of(hits[i], hit)]
        parent = hit
        hit = next(
            (hits[i] for i in reversed(before) if parent.span.start - hits[i].span.start < PART_HEADING_REACH and eligible(i)),
            hit,
        )
    if hit.lobe is None and lang == "en":
        # Still the organ only, or merely the first site named ("Pleura over the tumour smooth"): a specimen heading
        # naming the lobe with its procedure ("Lung, right upper lobe, lobectomy:") names the tumour's lobe.
        organ = hit.code[:3]
        hit = _first_lobe(
            hits,
            eligible,
            hit,
            lambda h: (merely_first or h.code[:3] == organ) and SPECIMEN_PROCEDURE_AFTER.match(text, h.span.end) is not None,
        )
    if hit.lobe is None and lang == "en":
        # A pneumonectomy's organ-level site: the lobe the diagnosis centres the tumour in ("7.2 CM, CENTERED IN THE
        # LEFT LOWER LOBE", "arising in the left upper lobe").
        organ = hit.code[:3]
        hit = _first_lobe(
            hits,
            eligible,
            hit,
            lambda h: (
                h.code[:3] == organ
                and TUMOUR_CENTRED_IN.search(text, max(0, h.span.start - 30), h.span.start) is not None
                and sections.kind_at(h.span.start) not in CLINICAL_SECTIONS | {"gross"}
            ),
        )
    if hit.lobe is None and lang == "en":
        # …or the diagnosis heading that names the organ, then its lobe ("Conclusion: Left lung, lower lobe: squamous
        # cell carcinoma").
        organ = hit.code[:3]
        hit = next(
            (
                hits[i]
                for i in range(1, len(hits))
                if hits[i].lobe
                and hits[i].code[:3] == organ == hits[i - 1].code[:3]
                and hits[i - 1].lobe is None
                and sections.kind_at(hits[i].span.start) in DIAGNOSIS_SECTIONS | {"impression"}
                and ORGAN_PART_GAP.fullmatch(text, hits[i - 1].span.end, hits[i].span.start)
                and HEADING_COLON_AFTER.match(text, hits[i].span.end)
                and eligible(i)
            ),
            hit,
        )
    if hit.lobe is None and lang == "zh":
        # The organ only ("肺癌病理报告规范", "肺，楔形切除"): the lobe the diagnosis, the specimen list or a ticked
        # checklist box names ("（右肺下叶）浸润性腺癌", "送检标本：右肺下叶", "■左肺下叶"), never an unticked one.
        organ = hit.code[:3]
        hit = _first_lobe(
            hits,
            eligible,
            hit,
            lambda h: (
                h.code[:3] == organ
                and (
                    sections.kind_at(h.span.start) in {"diagnosis", "specimen"}
                    or ZH_SITE_OPENER.search(text, max(0, h.span.start - 2), h.span.start) is not None
                )
                and not UNTICKED_BEFORE.search(text, max(0, h.span.start - 3), h.span.start)
            ),
        )
    facts.primary_site_text = hit.span.text
    facts.topography_code = hit.code
    facts.lobe = hit.lobe
    ticked_lobe = LOBE_CHECKLIST.search(text) if hit.lobe is None and hit.code.startswith("C34") and lang == "en" else None
    if ticked_lobe:
        option = ticked_lobe.group(1).lower()
        facts.lobe, facts.topography_code = "upper" if option == "lingula" else option, LOBE_CODES[option]
        facts.cite("primary_site", span_of(text, ticked_lobe))
    facts.laterality = _site_laterality(hits, hit, eligible, text, lang)
    facts.cite("primary_site", hit.span)
    known = KNOWN_LUNG_PRIMARY.search(text) if lang == "en" and (facts.lobe is None or hit.code[:3] != "C34") else None
    if known and sections.kind_at(known.start()) in DIAGNOSIS_SECTIONS | {"impression"}:
        # A metastasis biopsy "consistent with the known lung primary" (brain, adrenal, pleural fluid): the primary is
        # the lung tumour the history places, though the history dates it ("adenocarcinoma of the left lower lobe
        # diagnosed in 2021").
        if hit.code[:3] != "C34":
            facts.primary_site_text = facts.topography_code = facts.lobe = facts.laterality = None
            facts.evidence.pop("primary_site", None)
            # The tumour measured is the metastasis ("haemorrhagic tumour measuring 70 x 45 x 25 mm" in an adrenal), not
            # the primary.
            facts.tumor_size_mm = facts.primary_size_mm = None
            facts.primary_size_text = None
            facts.evidence.pop("tumor_size_mm", None)
        _clinical_site(facts, [h for h in hits if h.code.startswith("C34")], None, text, lang, sections, known_primary=True)
        return hits
    if facts.lobe is None or facts.laterality is None:
        # (a staging sample of nodes only, EBUS or mediastinoscopy, samples the tumour the history diagnosed before it:
        # "Right upper lobe squamous cell carcinoma diagnosed on bronchoscopic biopsy in February 2016")
        _clinical_site(facts, hits, hit, text, lang, sections, known_primary=lang == "en" and _nodes_only(lower, sections))
    return hits


# Words of a specimen of the lung or the tumour itself, not of a lymph node.
TUMOUR_SPECIMEN_WORDS = (
    "lobectom",
    "pneumonectom",
    "segmentectom",
    "wedge",
    "resection",
    "core biops",
    "core needle",
    "transbronchial",
    "bronchial biops",
    "endobronchial",
    "pleural fluid",
    "pleural effusion",
    "pleural biops",
    "lung biops",
    "ct-guided",
    "ct guided",
)


def _nodes_only(lower: str, sections: SectionMap) -> bool:
    """Whether the specimens are lymph nodes only (staging by EBUS or mediastinoscopy): outside the history no words of
    a lung or tumour specimen, and nodes named."""
    if "node" not in lower:
        return False
    for word in TUMOUR_SPECIMEN_WORDS:
        at = lower.find(word)
        while at >= 0:
            if sections.kind_at(at) != "history":
                return False
            at = lower.find(word, at + 1)
    return True


# A metastasis of a lung primary: "metastatic adenocarcinoma, consistent with the known lung primary", "Metastatic
# non-small cell carcinoma, favor adenocarcinoma, consistent with lung primary", "… MOST CONSISTENT WITH PULMONARY ORIGIN"
# (over a line end, also one a flattening made a stop: "consistent with. lung primary"); not one that "argues
# against a lung primary" or calls it "rather than a lung primary".
KNOWN_LUNG_PRIMARY = re.compile(
    r"metasta\w*\s+(?:[a-z-]+\s+){0,3}?(?:adeno)?carcinoma\b(?:[^.]|\.\s(?=(?-i:[a-z]))){0,60}?\b(?:(?:known|the\s+patient'?s|previous|prior)\s+"
    r"(?:[a-z]+\s+){0,2}?(?:lung|pulmonary)\s+(?:primary|adenocarcinoma|carcinoma|cancer)"
    r"|(?<!against\sa\s)(?<!against\s)(?<!not\sa\s)(?<!not\sof\s)(?<!than\sa\s)(?<!than\s)(?:lung|pulmonary)\s+(?:primary|origin)\b)",
    re.IGNORECASE,
)


def _first_lobe(
    hits: list[LexiconHit], eligible: Callable[[int], bool], fallback: LexiconHit, accept: Callable[[LexiconHit], bool]
) -> LexiconHit:
    """The first site naming a lobe that `accept` takes and that may be the primary's, else `fallback`."""
    return next((h for i, h in enumerate(hits) if h.lobe and accept(h) and eligible(i)), fallback)


# (also "Tumour location: main tumour in the left lower lobe, crossing the fissure")
TUMOUR_CENTRED_IN = re.compile(
    # (a flattened line end may fall between: "arising. in the left upper lobe bronchus")
    r"(?:(?:cent(?:ered|red)|arising|located|situated)\.?\s+(?:in|within|on)|main\s+tumou?r\s+(?:is\s+)?in)\.?\s+(?:the\s+)?$",
    re.I,
)
ZH_SITE_OPENER = re.compile(r"(?:[（(]|" + TICKED + r")\s*$")  # "（右肺下叶）…", "■左肺下叶"
ITEM_START_ZH = re.compile(r"(?:^|[\n：:。；;.])\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[)）])?\s*$")
SITE_THEN_HISTOLOGY_ZH = re.compile(r"(?:[^，,。；;\n（()）]{0,10}?)[癌瘤]")
SPECIMEN_THEN_HISTOLOGY_ZH = re.compile(r"[^（()）\n]{0,12}[）)]\s*[^，,。；;\n]{0,12}?[癌瘤]")
OPTION_BREAK = re.compile(r"[.;:\n。；：]|" + TICKED + "|" + UNTICKED)


def _main_tumour_part(
    facts: ReportFacts, text: str, lang: str, sections: SectionMap, sites: list[LexiconHit]
) -> tuple[int, int] | None:
    """Several specimen parts with a tumour each ("A. RIGHT UPPER LOBE, WEDGE: adenocarcinoma, well differentiated,
    2.5 cm. B. RIGHT LOWER LOBE, LOBECTOMY: squamous cell carcinoma, moderately differentiated, 4.1 cm"; "1.（右肺上叶
    楔形切除）…2.（右肺下叶）…"): the largest tumour classifies the case (the AJCC multiple-tumour rule, as its size
    already does), so its part's grade and lobe are the report's. Returns where that part (or the synoptic summary
    the size was read from) runs, for the other per-tumour findings, or None when there is one part."""
    sized = facts.evidence.get("tumor_size_mm")
    if not sized or sections.kind_at(sized[0].start) not in DIAGNOSIS_SECTIONS:
        return None
    start = sized[0].start
    opening, section_end, labels = _section_parts(text, lang, sections, start)
    before = [m for m in labels if m.end() <= start]
    if len(labels) < 2 or not before:
        graded = facts.evidence.get("grade")
        if not graded or sections.kind_at(start) != "synoptic" or sections.start_at(graded[0].start) == opening:
            return None
        # The size read from a synoptic summary of the dominant tumour, the grade from a diagnosis of several
        # tumour parts ("A. … SQUAMOUS CELL CARCINOMA, POORLY DIFFERENTIATED … B. … ADENOCARCINOMA …" then
        # "SYNOPTIC (DOMINANT TUMOR): Grade: G2"): the summary speaks for the tumour the size is of.
        if _another_part(graded[0].start, (opening, section_end), facts, text, lang, sections, sites) is None:
            return None
        before, part_end = [], section_end
    part_start = before[-1].end() if before else opening
    if before:
        part_end = next((m.start() for m in labels if m.start() > start), section_end)
    heading = next((h for h in sites if part_start <= h.span.start < part_start + 60 and h.lobe), None)
    # (not when the size's own statement places it: "Tumor size: 3.6 x 3.0 x 2.4 cm (main tumor, RLL)" under a part
    # heading for the separate nodule's wedge, which a flattened checklist runs on from)
    statement_end = min((at for at in (text.find(". ", start), text.find("\n", start)) if at >= 0), default=len(text))
    placed = next((h for h in sites if start <= h.span.start < statement_end and h.lobe), None)
    if heading and placed is not None and placed.lobe == facts.lobe:
        heading = None
    if heading and heading.lobe != facts.lobe and heading.code[:3] == (facts.topography_code or "")[:3]:
        facts.lobe, facts.primary_site_text, facts.topography_code = heading.lobe, heading.span.text, heading.code
        facts.evidence["primary_site"] = [heading.span]
        side = _side_of(heading, text, lang)
        facts.laterality = side or facts.laterality
    graded = facts.evidence.get("grade")
    if graded and not part_start <= graded[0].start < part_end:
        # The grade read is another part's tumour's: this part's own, if it states one, else one stated outside the
        # other parts (the dominant tumour's synoptic "Histologic grade: G2").
        grade = grade_of(text[part_start:part_end])
        if grade:
            grade = (grade[0], Span(part_start + grade[1].start, part_start + grade[1].end, grade[1].text))
        elif (other := _another_part(graded[0].start, (part_start, part_end), facts, text, lang, sections, sites)) is not None:
            # (only a part heading another tumour's site: "B. RIGHT LOWER LOBE, WEDGE: …, WELL DIFFERENTIATED, 0.9 CM")
            grade = grade_of(
                text, None, lambda o: None if other[0] <= o < other[1] else GRADE_SECTION_RANK.get(sections.kind_at(o), 0)
            )
        if grade and grade[0] != facts.grade:
            facts.grade = grade[0]
            facts.evidence["grade"] = [grade[1]]
    return part_start, part_end


def _other_tumour_blocks(text: str, lower: str, lang: str, facts: ReportFacts) -> list[tuple[int, int]]:
    """Where tumours other than the main one are written up under their own label ("SYNOPTIC - TUMOR 2 (right lower
    lobe)", "Tumor 2 (RLL):", "TUMOR B (anterior segment):", "Tumour #2:"), each to the next such label or blank line:
    a label other than the one the main tumour's size is written under, or, when no label precedes that size, a label
    placing its tumour in another lobe or on another side than the main tumour's."""
    if lang != "en" or not any(word in lower for word in TUMOUR_LABEL_ANCHORS):
        return []
    headings = list(anchored_finditer(TUMOUR_HEADING, text, lower, TUMOUR_LABEL_ANCHORS, HEADING_BEFORE_TUMOUR, 60))
    if len(headings) < 2:
        return []
    main_label = _main_tumour_label(text, lower, headings, facts)
    if main_label is None and facts.lobe is None:
        return []
    blocks: list[tuple[int, int]] = []
    # A later label of a tumour named earlier ("TUMOUR 2 - right lower lobe" … "Tumour 2: EGFR exon 19 deletion
    # detected") speaks of the same tumour.
    lobe_of: dict[str, LexiconHit] = {}
    for index, heading in enumerate(headings):
        label = heading.group("number").upper()
        lobed = next((hit for hit in find_sites(heading.group("site"), lang) if hit.lobe), None) or lobe_of.get(label)
        if lobed is not None:
            lobe_of.setdefault(label, lobed)
        if main_label is not None:
            if label == main_label:
                continue
        elif lobed is None or (lobed.lobe == facts.lobe and laterality_of(lobed.span.text, lang) in (None, facts.laterality)):
            continue
        following = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        # (a label whose colon a statement follows on its line is inline, though the statement ends its line: "Tumor 3:
        # pTis (AIS).")
        if HEADING_ALONE.match(text, heading.end()) and not (
            heading.group("site").strip() and STATEMENT_AFTER_COLON.match(text, heading.end("number"))
        ):
            blank = text.find("\n\n", heading.end())
            blocks.append((heading.start(), min(following, blank if blank >= 0 else len(text))))
        else:  # an inline label ("Tumor 2 (right middle lobe): Invasive adenocarcinoma, …, 1.2 cm."): its own line
            # (from the label's words on: its site group may run past a flattened sentence's end)
            end = min(following, _label_line_end(text, heading.start("site")))
            # (and on through the sentences that speak of "this lesion": "Tumour 2: … squamous cell carcinoma.
            # Lymphovascular invasion is present in this lesion.")
            # (or, flattened, through the marker results that follow its own: "Tumour B (block B1): EGFR wild type.
            # PD-L1 (SP263) TPS 60%.")
            while end < following and (
                (said := THIS_TUMOUR_SENTENCE.match(text, end)) is not None
                or ("\n" not in text and (said := MARKER_SENTENCE.match(text, end)) is not None)
            ):
                end = min(following, said.end())
            blocks.append((heading.start(), end))
    if main_label is not None and "(" in text:
        # A statement a bracketed label gives to another tumour: "Molecular studies (Tumour 2, adenocarcinoma only):
        # EGFR exon 19 deletion detected; ALK FISH negative."
        for label in BRACKETED_TUMOUR_LABEL.finditer(text):
            if label.group("number").upper() != main_label:
                blocks.append((label.start(), _label_line_end(text, label.end())))
    return blocks


def _label_line_end(text: str, position: int) -> int:
    """Where an inline tumour label's statement ends: its line with the lines indented deeper that carry it on ("Tumor B
    (block B2): NGS - EGFR exon 19 deletion, VAF 18%;\n  KRAS wild-type."), or, in a report flattened to one line,
    its sentence."""
    if "\n" not in text:
        stop = text.find(". ", position)
        return stop if stop >= 0 else len(text)
    line_start = text.rfind("\n", 0, position) + 1
    indent = len(text[line_start:position]) - len(text[line_start:position].lstrip(" \t"))
    end = text.find("\n", position)
    while end >= 0 and (carried := CONTINUED_LINE.match(text, end)) is not None and len(carried.group(1)) > indent:
        end = text.find("\n", end + 1)
    return end if end >= 0 else len(text)


TUMOUR_LABEL_ANCHORS = ("tumo", "lesion", "nodule")  # the words a tumour's label opens with
TUMOUR_LABEL_WORD = r"(?:tumou?r|lesion|nodule)"
# A tumour's label in the brackets of a statement's heading: "Molecular studies (Tumour 2, adenocarcinoma only):".
BRACKETED_TUMOUR_LABEL = re.compile(
    r"\(\s*" + TUMOUR_LABEL_WORD + r"\s*#?\s*(?P<number>\d|(?-i:[A-H]))\b[^()\n]{0,40}\)\s*:", re.IGNORECASE
)
# A line indented (deeper than the label's own line, checked above), not the next tumour's label.
CONTINUED_LINE = re.compile(r"\n([ \t]+)(?!" + TUMOUR_LABEL_WORD + r"\b)\S", re.IGNORECASE)


def _main_tumour_label(text: str, lower: str, headings: list[re.Match[str]], facts: ReportFacts) -> str | None:
    """The label ("1", "A") of the main tumour: the one a label calls dominant, else the one its size is written under
    (the last tumour label within a few lines before it), unless that label places its tumour in another lobe than the
    main tumour's."""
    # "SYNOPTIC - TUMOR A (dominant)", "4.1 CM (TUMOR #1, DOMINANT)", "DOMINANT TUMOR (TUMOR #1)"
    dominant = {h.group("number").upper() for h in headings if DOMINANT.search(h.group("site"))}
    if "dominant" in lower:
        dominant |= _dominant_labels(text, lower)
    if len(dominant) == 1:
        return dominant.pop()
    sized = facts.evidence.get("tumor_size_mm")
    if not sized:
        return None
    before = [h for h in headings if h.start() <= sized[0].start and sized[0].start - h.start() <= MAIN_LABEL_REACH]
    if not before or "\n\n" in text[before[-1].end() : sized[0].start]:
        return None
    lobed = next((hit for hit in find_sites(before[-1].group("site"), "en") if hit.lobe), None)
    if lobed is not None and lobed.lobe != facts.lobe:
        return None
    return before[-1].group("number").upper()


DOMINANT = re.compile(r"(?<!non-)(?<!non\s)\bdominant\b", re.IGNORECASE)
# A label called dominant where the tumour is named: "4.1 CM (TUMOR #1, DOMINANT)", "DOMINANT TUMOR (TUMOR #1)",
# "Lesion A (superior segment) - DOMINANT:".
DOMINANT_LABEL = re.compile(
    # ("Tumor 1 (dominant):", "Tumor 1 is the dominant lesion")
    TUMOUR_LABEL_WORD
    + r"\s*#?\s*(?P<label>\d|(?-i:[A-H]))\b(?:\s*\([^()\n]{0,40}\))?[\s,;–-]{0,4}(?:is\s+the\s+|\(\s*)?dominant\b"
    r"|(?<!non-)(?<!non\s)\bdominant\s+tumou?r\s*[(:]?\s*(?:tumou?r\s*)?#?\s*(?P<named>\d|(?-i:[A-H]))\b",
    re.IGNORECASE,
)


def _dominant_labels(text: str, lower: str) -> set[str]:
    """The labels ("1", "A") the report calls dominant, read only around the word."""
    return {
        (m.group("label") or m.group("named")).upper()
        for m in anchored_finditer(DOMINANT_LABEL, text, lower, ("dominant",), 80, 40)
    }


MAIN_LABEL_REACH = 300  # characters from a tumour's label to its size ("Tumour #1 (S1+2, dominant): … Size: 22 mm")


HEADING_BEFORE_TUMOUR = 30  # characters a tumour heading's opening words take before "tumour" ("SYNOPTIC REPORT - ")
# The next sentence, when it is one more marker's result ("… EGFR wild type. PD-L1 (SP263) TPS 60%").
MARKER_SENTENCE = re.compile(r"\.\s+(?:EGFR|ALK|ROS1|KRAS|BRAF|MET|RET|HER2|ERBB2|PD-?L1|NTRK)\b[^.\n]{0,80}(?=\.)")
# The next sentence, when it names its tumour only as "this lesion" ("… Lymphovascular invasion is present in this lesion").
THIS_TUMOUR_SENTENCE = re.compile(
    r"[.;]?\s+[^.\n]{0,80}?\b(?:this|the\s+same|that)\s+(?:lesion|tumou?r|nodule|focus)\b[^.\n]{0,40}(?=\.)", re.IGNORECASE
)
TUMOUR_LABEL_BETWEEN = re.compile(r"\btumou?r\s*#?\s*(?:\d|(?-i:[A-H]))\s*[(:,-]", re.IGNORECASE)
STATEMENT_AFTER_COLON = re.compile(r"\s*:[ \t]*\S")
HEADING_ALONE = re.compile(r"\)?[ \t]*(?:\n|\.\s|$)")  # a heading on a line of its own, its write-up below


# A tumour's own write-up heading: "SYNOPTIC - TUMOR 2 (right lower lobe)", "Tumor 1 (RUL; dominant):", "Part B (Tumor 2,
# right lower lobe), block B2:", "Lesion B (block A9), NGS:".
TUMOUR_HEADING = re.compile(
    r"(?:^|(?<=\n)|(?<=\.\s))[ \t]*(?:synoptic(?:\s+report)?\s*[-–:]\s*|part\s+[A-H]\s*\(\s*)?" + TUMOUR_LABEL_WORD + r"\s*"
    r"(?:#\s*)?"
    # (the site group stops at the next label a flattened line end joined on: "Tumor 1: EGFR - no mutation detected.
    # Tumor 2: KRAS - mutation detected")
    r"(?P<number>\d|(?-i:[A-H]))\s*[(:,-]\s*(?P<site>(?:(?!\.\s"
    + TUMOUR_LABEL_WORD
    + r"\s*#?\s*(?:\d|(?-i:[A-H]))\s*[(:,-])[^)\n]){0,40})",
    re.IGNORECASE,
)


def _section_parts(text: str, lang: str, sections: SectionMap, offset: int) -> tuple[int, int, list[re.Match[str]]]:
    """The section an offset falls in (its start and end) and its specimen parts' labels ("A. LUNG, …", "2.（右肺下叶）")."""
    opening = sections.start_at(offset)
    section_end = next((s for s in sections.starts if s > offset), len(text))
    labels = list((LETTERED_PART if lang == "en" else NUMBERED_SITE_PART_ZH).finditer(text, opening, section_end))
    return opening, section_end, labels


def _another_part(
    offset: int,
    main_part: tuple[int, int],
    facts: ReportFacts,
    text: str,
    lang: str,
    sections: SectionMap,
    sites: list[LexiconHit],
) -> tuple[int, int] | None:
    """Where the diagnosis' specimen part runs that holds an offset and heads another tumour's site than the main
    one's ("A. LUNG, RIGHT LOWER LOBE, WEDGE: …" when the main tumour is in the upper lobe), if it does. A comment, an
    addendum or a summary is no part: what it says may speak for the main tumour."""
    if main_part[0] <= offset < main_part[1] or sections.kind_at(offset) not in DIAGNOSIS_SECTIONS:
        return None
    _, section_end, labels = _section_parts(text, lang, sections, offset)
    before = [label for label in labels if label.end() <= offset]
    if len(labels) < 2 or not before:
        return None
    heading = next((h for h in sites if before[-1].end() <= h.span.start < before[-1].end() + 60 and h.lobe), None)
    if heading is None or (heading.lobe == facts.lobe and _side_of(heading, text, lang) == facts.laterality):
        return None
    return before[-1].start(), next((label.start() for label in labels if label.start() > offset), section_end)


# A specimen part's letter heading ("A. LUNG, RIGHT UPPER LOBE", "B: Breast, right"), not a numbered checklist item.
LETTERED_PART = re.compile(r"(?:^|(?<=[.;:\n])|(?<=[.;:]\s))\s*\(?[A-H][.:)]\s+(?=[A-Za-z])")
# A Chinese diagnosis' numbered or lettered item opening with its specimen in brackets ("2.（右肺下叶）浸润性腺癌…",
# "B.（右肺上叶）…"). (Also after a heading's colon, or on a report flattened to one line: "病理诊断：. 1.（右肺上叶）…".)
NUMBERED_SITE_PART_ZH = re.compile(r"(?:^|(?<=[\n。；;：:])|(?<=[.。；;：:]\s))\s*(?:\d{1,2}|[A-H])\s*[.、．]\s*(?=[（(])")
CLINICAL_SECTIONS = frozenset({"history", "specimen"})
RESECTED_SPECIMEN_ZH = re.compile(r"(?:[（(][^（）()\n]{0,10}[)）])?(?:切除)?(?:标本)?\s*(?:[；;，,。\n]|\.\s|$)")
CLINICAL_STATEMENT_REACH = 60
# The clinical information names a tumour at the site: "right upper lobe lung mass", "LLL nodule", "左肺上叶占位",
# "Tumour of the left lower lobe bronchus", "mass in the right upper lobe".
CLINICAL_DIAGNOSIS_LINE = re.compile(r"\s*(?:clinical|pre-?operative)\s+diagnosis\s*[:：]|\s*临床诊断\s*[:：]", re.IGNORECASE)
CLINICAL_TUMOUR_BEFORE = re.compile(
    # (or the site straight after it, perhaps with its side's letter: "Biopsy proven adenocarcinoma R lower lobe")
    # (a flattened line join may follow the preposition: "3.1 cm FDG-avid spiculated mass in. the right upper lobe")
    r"(?:tumou?r|mass|nodule|lesion|carcinoma|cancer|neoplasm)(?:\s+(?:of|in|at|involving)\.?\s+(?:the\s+)?|[ \t]+(?:[RL]\.?[ \t]+)?)$",
    re.IGNORECASE,
)
CLINICAL_TUMOUR = re.compile(
    # (a segment may name the place first: "Left upper lobe apicoposterior segment nodule 17 mm on CT"; a histology
    # may come between: "Right upper lobe squamous cell carcinoma diagnosed on bronchoscopic biopsy")
    r"(?:\s+(?:[a-z-]+\s+){0,2}segment\b)?[^.;,\n，。；]{0,24}?(?:tumou?r|mass|nodule|lesion|carcinoma|cancer|neoplasm|肿瘤|肿物|肿块|占位|癌|结节|新生物)",
    re.IGNORECASE,
)


def _paired(code: str) -> bool:
    """Whether a topography code is a paired site's (left and right): lung, kidney, breast, adrenal…"""
    return any(code.startswith(prefix) for prefix in load_yaml("paired_sites.yaml")["paired"])


def _clinical_site(
    facts: ReportFacts,
    hits: list[LexiconHit],
    chosen: LexiconHit | None,
    text: str,
    lang: str,
    sections: SectionMap,
    known_primary: bool = False,
) -> None:
    """A biopsy, cytology or node sample whose diagnosis names the organ only ("符合肺来源", "consistent with primary
    lung adenocarcinoma") or no site: the lobe and side the clinical information gives the same organ's current
    tumour ("临床诊断：左肺上叶占位", "right upper lobe lung mass", "Tumor pulmonis dextri (lobus inferior)"), never a
    prior one's, unless the diagnosis calls this tumour that known primary's metastasis (`known_primary`)."""
    statement: int | None = None  # where the clinical statement read starts: its other sites may complete it
    for hit in hits:
        if sections.kind_at(hit.span.start) not in CLINICAL_SECTIONS or (chosen and hit.code[:3] != chosen.code[:3]):
            continue
        if statement is not None and hit.span.start - statement > CLINICAL_STATEMENT_REACH:
            return
        side = _side_of(hit, text, lang) if _paired(hit.code) else None
        if hit.lobe is None and side in (None, "bilateral"):
            continue
        line_start = _line_start(text, hit.span.start)
        if not (
            CLINICAL_TUMOUR.match(text, hit.span.end)
            # a resected lobe on the specimen line, the diagnosis naming no site ("送检标本：左肺下叶切除标本")
            or (sections.kind_at(hit.span.start) == "specimen" and hit.lobe and RESECTED_SPECIMEN_ZH.match(text, hit.span.end))
            or CLINICAL_TUMOUR_BEFORE.search(text, max(0, hit.span.start - 24), hit.span.start)
            or CLINICAL_DIAGNOSIS_LINE.match(text, line_start)  # "Clinical diagnosis: Lung cancer, RUL"
        ):
            continue  # "hilar mass with collapse of left lower lobe" names no tumour in the lobe
        context = context_of(text, hit.span.start, hit.span.end, lang, "history")
        if not context.asserted or (context.historical and not known_primary):
            continue
        if chosen is None:
            facts.primary_site_text, facts.topography_code = hit.span.text, hit.code
            facts.cite("primary_site", hit.span)
            chosen = hit
        facts.lobe = facts.lobe or hit.lobe
        facts.laterality = facts.laterality or (side if side != "bilateral" else None)
        if facts.lobe and facts.laterality:
            return
        statement = hit.span.start if statement is None else statement


DIAGNOSIS_SECTIONS = frozenset({"diagnosis", "synoptic"})
SPECIMEN_PROCEDURE_AFTER = re.compile(
    # (a biopsy too: "R LOWER LOBE, CT GUIDED CORE BIOPSY:")
    r"[\s,;:(-]{1,4}(?:[a-z-]+\s+){0,3}?(?:lobectomy|bilobectomy|pneumonectomy|segmentectomy|wedge|resection|biops(?:y|ies))\b",
    re.IGNORECASE,
)
HEADING_COLON_AFTER = re.compile(r"\s*[:：]")
TITLE_REACH = 200  # characters from the report's start its title lines may run to
NEW_LINE = re.compile(r"\n")
TITLE_LINE = re.compile(r"[^\n:.]*(?:report|checklist|synopsis|summary|protocol|报告)[^\n:.]*(?:\n|\.\s)", re.IGNORECASE)
# A checklist's lobe, ticked among bare options: "Lobe:  [ ] Upper  [ ] Lingula  [X] Lower".
LOBE_OPTIONS = r"(?:upper|middle|lower|lingula)"
# A Chinese checklist's tumour site, ticked among its options: "肿瘤部位：□右上叶　□右中叶　■左下叶".
ZH_TICKED_SITE = re.compile(r"肿瘤(?:部位|位置)\s*[:：](?:\s*[□☐]\s*[左右][上中下]叶)*\s*[■☑√✓✔]\s*(?P<site>[左右][上中下]叶)")
LOBE_CHECKLIST = re.compile(rf"\blobe\s*[:：]\s*(?:{UNTICKED}\s*{LOBE_OPTIONS}\s*)*{TICKED}\s*({LOBE_OPTIONS})\b", re.IGNORECASE)
TICK_RIGHT_BEFORE = re.compile(r"[■☑√✓✔]\s*$")
LOBE_CODES = {"upper": "C34.1", "middle": "C34.2", "lower": "C34.3", "lingula": "C34.1"}
PART_HEADING_REACH = 1000  # characters back from an organ-level site to the lobe its part heading names


def _labelled_tumour_site(text: str, start: int, end: int | None = None) -> bool:
    """Whether a site is a checklist's tumour site: right after "Tumor Site:", or its ticked option on that line
    ("Tumor site: [ ] Upper lobe  [X] Lower lobe"); an unticked option never is."""
    before = text[max(0, start - 120) : start]
    if EMPTY_BOX.search(before[-6:]):
        return False
    line = before.rsplit("\n", 1)[-1]
    if TUMOUR_SITE_LABEL.search(before[-30:]):
        # …unless another option of the line is the ticked one ("Upper lobe [ ]  Lower lobe [X]", "肿瘤部位：  右肺上叶
        # 右肺中叶   √右肺下叶").
        ticked = option_ticked(text, start, end) if end is not None else None
        if ticked is not None:
            return ticked
        line_end = text.find("\n", start)
        rest = text[start : line_end if line_end >= 0 else len(text)]
        return not (GLUED_TICK.search(rest) and not TICKED_BOX.search(line[-8:]))

    return bool(TICKED_BOX.search(line[-8:])) and TUMOUR_SITE_LABEL_IN_LINE.search(line) is not None


def _histology_mentions(facts: ReportFacts, text: str) -> list[Span]:
    """The asserted mentions of the report's histology, in text order, not a metastasis of it ("metastatic renal cell
    carcinoma in adrenal gland")."""
    return sorted(
        (
            f.span
            for f in facts.findings
            if f.category == "histology"
            and f.context.asserted
            and f.concept_code == facts.histology_code
            and not METASTATIC_BEFORE.search(text[max(0, f.span.start - 25) : f.span.start])
        ),
        key=lambda span: span.start,
    )


def _site_laterality(
    hits: list[LexiconHit], hit: LexiconHit, eligible: Callable[[int], bool], text: str, lang: str
) -> str | None:
    """The side of the chosen site: its own words, else a checklist's "Laterality:" label, else the nearest mention of
    the same organ ("carcinoma of breast" under "A. BREAST, LEFT, MASTECTOMY")."""
    own = _side_of(hit, text, lang)
    if own is not None:
        return own
    labelled = (LATERALITY_LABEL.search(text) or SIDE_LABEL.search(text)) if lang == "en" else None
    if labelled:
        # (before a nearer mention of another tumour's side: "Tumor site: Upper lobe" under "Laterality: Right", the
        # comment naming "the 2009 left lower lobe tumor")
        return "bilateral" if labelled.group(2) else labelled.group(1).lower()
    same_organ = sorted(
        (i for i, h in enumerate(hits) if h.code[:3] == hit.code[:3]),
        key=lambda i: (hits[i] is not hit, abs(hits[i].span.start - hit.span.start)),
    )
    side = next(
        (
            side
            for i in same_organ
            if (side := _side_of(hits[i], text, lang))
            and (hits[i] is hit or eligible(i))
            # "[ ] Middle lobe" (but "□左上叶　■左下叶": the tick right before the site is its own)
            and (
                not EMPTY_BOX.search(text, max(0, hits[i].span.start - 6), hits[i].span.start)
                or TICK_RIGHT_BEFORE.search(text, max(0, hits[i].span.start - 2), hits[i].span.start)
            )
        ),
        None,
    )
    if side is None and lang == "en" and hit.code.startswith("C34"):
        # A bilobectomy names its side with both lobes, which place no tumour on their own ("Right middle and lower
        # lobes, bilobectomy" over a tumour "centrally located, bronchus intermedius").
        sides = {m.group(1).lower() for m in TWO_LOBES_SIDE.finditer(text)}
        side = sides.pop() if len(sides) == 1 else None
    return side


# Two lobes of one side together: "right middle and lower lobes", "left bilobectomy" (the left has two lobes only).
TWO_LOBES_SIDE = re.compile(
    r"\b(right|left)\s+(?:(?:upper|middle)\s+(?:and|&)\s+(?:middle|lower)\s+lobes|bilobectomy)\b", re.IGNORECASE
)


def _side_of(hit: LexiconHit, text: str, lang: str) -> str | None:
    """The side a site mention states, in its words or right before or after them."""
    before, after = text[max(0, hit.span.start - 12) : hit.span.start], text[hit.span.end : hit.span.end + 12]
    # Only this phrase's own words: not the option before it ("___ Lung, left. _X_ Lung, right").
    before = OPTION_BREAK.split(before)[-1]
    return laterality_of(hit.span.text, lang, before, after)


def _part_of(part: LexiconHit, organ: LexiconHit) -> bool:
    """Whether `part` names a part of `organ`: a lobe of the lung, or a site the lexicon puts in it (cervix, uterus)."""
    if part.code[:3] == organ.code[:3]:
        return part.lobe is not None and organ.lobe is None
    return part.part_of == organ.code[:3]


def _site_may_be_primary(hit: LexiconHit, text: str, lang: str, sections: SectionMap) -> bool:
    """An asserted site outside the history, not said of the past, that names no margin or node station ("ureteral margin", "Lymph nodes,
    common hepatic artery")."""
    section = sections.kind_at(hit.span.start)
    context = context_of(text, hit.span.start, hit.span.end, lang, section)
    if section in CLINICAL_SECTIONS or not context.asserted or context.historical:  # "the prior left upper lobe carcinoma"
        return False
    if EMPTY_BOX.search(text, max(0, hit.span.start - 6), hit.span.start):
        return False  # a checklist option left unticked ("___ Lung, left")
    return not (
        SITE_OF_MARGIN_AFTER.match(text, hit.span.end)
        or SITE_OF_MARGIN_BEFORE.search(text[max(0, hit.span.start - 40) : hit.span.start])
        or SITE_OF_INVASION_AFTER.match(text, hit.span.end)
    )


def _site_of_histology(
    hits: list[LexiconHit], eligible: Callable[[int], bool], text: str, histologies: list[Span], sections: SectionMap
) -> int | None:
    """The site the diagnosis names with a histology ("adenocarcinoma of the uterine cervix", "rectal carcinoma"),
    else the first site of the specimen part whose diagnosis is the first histology ("B. Pancreas, Whipple: …"), or of
    the diagnosis it opens."""
    starts = [hit.span.start for hit in hits]
    for histology in histologies:
        # Only the sites within 40 characters of the histology can be named with it.
        for index in range(bisect_left(starts, histology.start - 80), bisect_right(starts, histology.end + 90)):
            hit = hits[index]
            gap_after, gap_before = hit.span.start - histology.end, histology.start - hit.span.end
            named_with = (
                (
                    0 <= gap_after <= 90
                    and (of_site := HISTOLOGY_OF_SITE.fullmatch(text, histology.end, hit.span.start))
                    and (hit.lobe or not of_site.group("listed"))
                )
                or (0 <= gap_before <= 40 and SITE_ADJECTIVE_GAP.fullmatch(text, hit.span.end, histology.start))
                # Latin: "Carcinoma adenosquamosum pulmonis sinistri", the genitive is the "of"
                or (
                    0 <= gap_after <= 40
                    and LATIN_GAP.fullmatch(text, histology.end, hit.span.start)
                    and PULMONIS.match(text, hit.span.start)
                )
            )
            if named_with and eligible(index):
                return index
    if not histologies:
        return None
    # The part heading of the diagnosis's first mention of the histology (not the microscopic description's).
    first = next((h for h in histologies if sections.kind_at(h.start) in DIAGNOSIS_SECTIONS), histologies[0])
    labels = list(PART_LABEL.finditer(text, max(0, first.start - PART_REACH), first.start))
    if labels:
        part_start = labels[-1].end()
    elif (
        sections.kind_at(first.start) in DIAGNOSIS_SECTIONS
        and first.start - (opening := sections.start_at(first.start)) < PART_REACH
        and not OTHER_DIAGNOSIS.search(text, opening, first.start)
    ):
        # A diagnosis this histology opens, under its unlabelled part heading: "FINAL DIAGNOSIS: Left upper lobe and
        # parietal pleura, lobectomy: - Carcinoma" (not after "FINAL DIAGNOSIS: Benign ureter. Bladder: carcinoma").
        part_start = opening
    else:
        return None
    return next((i for i, hit in enumerate(hits) if part_start <= hit.span.start < first.start and eligible(i)), None)


def _tumour_at_margin(before: str, after: str) -> bool:
    """Prose that puts the tumour at the margin ("the tumor extends to the inked margin"), not negated or doubted and
    not a checklist label ("Cancer at resection margin: …")."""
    clause = re.split(r"[.;]\s", before)[-1]
    return (
        bool(TUMOUR_AT_MARGIN.search(clause))
        and bool(MARGIN_SUBJECT.search(clause))
        and not NOT_AT_MARGIN.search(clause)
        and not CLEARS_MARGIN.search(after)
        and not re.match(r"\s*s?\s*[:：(]", after)
    )


def _margins(facts: ReportFacts, text: str, lang: str, sections: SectionMap, lower: str) -> None:
    """Margins from the first margin the diagnosis reads, except that a plain statement of tumour at a margin
    ("bronchial margin free; tumour present at the vascular resection margin") makes them positive; the UICC
    residual tumour code (R0/R1/R2) when no margin is described."""
    first: tuple[str, Span] | None = None
    frozen: tuple[str, Span] | None = None  # a frozen section's margin is provisional: the permanent sections' wins
    described: tuple[str, Span] | None = None  # the microscopic description's
    # (A scan's OCR reads 切缘 as "切绿" often enough to be one of its spellings. 40 characters after an anchor: "edge
    # of resection of the bronchus" runs 33 past its "edge".)
    for match in anchored_finditer(
        MARGIN,
        lower,
        lower,
        (
            "margin",
            "stump",
            " line",
            "al section",
            "ar section",
            "edge",
            "border",
            "切缘",
            "切绿",
            "切端",
            "合缘",
            "断端",
            "残端",
        ),
        20,
        40,
    ):
        if sections.kind_at(match.start()) in {"gross", "history"}:
            continue
        verdict = _margin_verdict(text, match)
        if verdict is not None:
            span = Span(match.start(), match.end() + len(verdict[1]), text[match.start() : match.end() + len(verdict[1])])
            if sections.kind_at(match.start()) == "frozen":
                frozen = frozen or (verdict[0], span)
                continue
            if sections.kind_at(match.start()) == "microscopic":
                # (the diagnosis' or checklist's verdict over the description's, as for invasion: "The bronchial,
                # vascular and rib margins are clear." before "Margins: INVOLVED - deep soft tissue margin (R1)")
                described = described or (verdict[0], span)
                continue
            first = (verdict[0], span)
            break
    first = first or described or frozen
    if first is None or first[0] == "negative":
        # (an addendum's deeper levels may find what the diagnosis did not: "ADDENDUM … carcinoma is present at the
        # bronchial margin")
        stated = (
            m
            for m in anchored_finditer(TUMOUR_AT_A_MARGIN, lower, lower, ("margin",), 90, 60)
            if sections.kind_at(m.start()) not in REPEATING_SECTIONS
            or (sections.kind_at(m.start()) == "comment" and _in_addendum(text, sections, m.start()))
        )
        # (not a superseded original's words quoted: 'Original report: "Vascular margin involved by carcinoma"')
        stated = (m for m in stated if not QUOTED_ORIGINAL_BEFORE.search(lower, max(0, m.start() - 60), m.start()))
        at_margin = next(stated, None)
        if at_margin and not context_of(text, at_margin.start(), at_margin.end(), lang).negated:
            first = ("positive", span_of(text, at_margin))
    revised = MARGIN_REVISED.search(lower) if "reported as" in lower else None
    if revised:
        # "The bronchial margin, initially reported as clear, is therefore INVOLVED by invasive carcinoma."
        first = ("positive" if revised.group("now_positive") else "negative", span_of(text, revised))
    if first is None and "margin" in lower and not MARGIN_REACHED_WORDS.search(lower):
        # Only distances to the margins, outside the gross ("located 1.9 cm from the bronchial margin", "Distance to
        # closest margin: 0.4 cm"): the tumour does not reach them.
        distance = next(
            (m for m in MARGIN_DISTANCE.finditer(lower) if sections.kind_at(m.start()) not in {"gross", "history", "frozen"}),
            None,
        )
        if distance is not None:
            first = ("negative", span_of(text, distance))
    residual_codes = first is None and facts.t and any(code in lower for code in ("r0", "r1", "r2"))
    residual = RESIDUAL_TUMOUR.search(text) if residual_codes else None
    if residual:
        first = ("negative" if residual.group(1) == "0" else "positive", span_of(text, residual))
    if first:
        facts.margins = first[0]
        facts.cite("margins", first[1])


def _margin_verdict(text: str, match: re.Match[str]) -> tuple[str, str] | None:
    """Whether one margin mention reads negative or positive, with the words after it that say so."""
    left = max(0, match.start() - 60)
    # A full stop before a lower-case word is a line join in TCGA text ("margin of spermatic. cord free of tumor").
    clause_end = MARGIN_CLAUSE_END.search(text[match.end() : match.end() + 200])
    after = text[match.end() : match.end() + (clause_end.start() if clause_end else 50)]
    # A list of the margins in brackets comes before the verdict: "All margins (bronchial, vascular, chest wall soft
    # tissue and rib) negative".
    after = MARGIN_LIST_AFTER.sub("", after, count=1)[:50]
    # The next margin's own clause is not this one's verdict: "支气管残端见癌累及，血管残端未见癌".
    after = NEXT_MARGIN_CLAUSE_ZH.split(after, maxsplit=1)[0]
    if not after.strip(" :：") and clause_end and text[match.end() + clause_end.start()] in ".\n":
        # A checklist's answer on the line below its label ("Bronchial Margin\n_X_ Uninvolved by invasive carcinoma",
        # flattened "Bronchial Margin. _X_ Uninvolved …").
        answer = ANSWER_BELOW.match(text, match.end() + clause_end.start())
        after = answer.group(1)[:50] if answer else after
    # This sentence's words only (a line wrapped before a small letter goes on: "carcinoma is present\nat the … margin").
    before = re.split(r"[。；;]|\n(?![ \t]*[a-z])", text[left : match.start()])[-1]
    if (
        re.search(
            r"negative|uninvolved|free|clear|not\s+involved|(?:is|are)\s+intact|未见|阴性|净|无癌|\(-\)|（-）",
            after + " " + before[-15:],
            re.I,
        )
        or NO_TUMOUR_AT_MARGIN.search(before)
        or NO_TUMOUR_AFTER_MARGIN.match(after)
        or QUESTION_ANSWERED_NO.match(after)
        or IN_SITU_ONLY.search(after)
        or IN_SITU_ONLY.search(
            re.split(r"[.;:]\s", text[max(0, match.start() - 90) : match.start()])[-1]
        )  # "Carcinoma in situ is present at the … margin"
    ):
        return "negative", after
    if MARGIN_HANDLED.match(after):
        return None  # "The bronchial margin is identified and submitted" says how it was sampled, not what it shows
    if POSITIVE_WORDS.search(after) or re.search(r"involved|positive", before[-15:], re.I) or _tumour_at_margin(before, after):
        return "positive", after
    return None
