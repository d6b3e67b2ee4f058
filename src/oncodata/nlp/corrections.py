"""A Chinese report's own corrections of a quoted value ("“右肺下叶”系录入错误，应为“左肺下叶”"), applied to its facts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from oncodata.nlp.facts import ReportFacts, Span
from oncodata.nlp.lexicon import find_sites, laterality_of

# A quoted value said to be wrong and the quoted value it should be (curly or straight quotes).
# (the new value may follow unquoted after a colon, to its sentence's end: "更正为：支气管切缘可见浸润性鳞状细胞癌。")
CORRECTED_QUOTE_ZH = re.compile(
    r"[\"“](?P<old>[^\"”\n]{2,24})[\"”][^\"“”\n]{0,16}?(?:应为|更正为|改为|修改为)"
    r"(?:[\"“](?P<new>[^\"”\n]{2,24})[\"”]|[:：]\s*(?P<bare>[^\"“”。；;\n]{2,30}))"
)


def quoted_corrections(text: str) -> Iterator[tuple[str, Span]]:
    """(old value, span of the new value) for every quoted correction in the text.

    >>> [(old, new.text) for old, new in quoted_corrections('原报告"右肺下叶"系录入错误，应为"左肺下叶"')]
    [('右肺下叶', '左肺下叶')]
    >>> [new.text for _, new in quoted_corrections('原报告“支气管切缘未见癌”更正为：支气管切缘可见癌。其余不变')]
    ['支气管切缘可见癌']
    """
    if "“" not in text and '"' not in text:
        return
    for correction in CORRECTED_QUOTE_ZH.finditer(text):
        name = "new" if correction.group("new") is not None else "bare"
        yield correction.group("old"), Span(correction.start(name), correction.end(name), correction.group(name))


def correct_site(facts: ReportFacts, old: str, new: Span) -> bool:
    """Move the primary's site to the corrected one when the corrected value names the same organ as the primary's
    site it replaces; whether it did."""
    if not facts.primary_site_text or old not in facts.primary_site_text:
        return False
    was, now = find_sites(old, "zh"), find_sites(new.text, "zh")
    if not was or not now or was[0].code[:3] != now[0].code[:3]:
        return False
    site = now[0]
    facts.primary_site_text = facts.primary_site_text.replace(old, new.text)
    facts.laterality = laterality_of(site.span.text, "zh") or facts.laterality
    facts.lobe = site.lobe or facts.lobe
    facts.topography_code = site.code
    facts.evidence["primary_site"] = [Span(new.start + site.span.start, new.start + site.span.end, site.span.text)]
    return True
