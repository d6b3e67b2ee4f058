"""Biomarker results from report text: gene, alteration, result, value (PD-L1 TPS %, Ki-67 %) and assay/clone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncodata.nlp.checkboxes import UNTICKED_BEFORE
from oncodata.nlp.facts import Biomarker, Span
from oncodata.nlp.resources import load_yaml
from oncodata.nlp.scan import anchored_finditer

SENTENCE_END = re.compile(
    # (No \b after the gene: "，KRAS野生型" has no word boundary, a CJK character being a word character.)
    r"[。；;\n]|\.\s|[,，、]\s*(?=(?:EGFR|ALK|ROS-?1|K-?RAS|BRAF|c-?MET|MET|RET|HER-?2|NTRK|PD-?L1|Ki-?67)(?![A-Za-z0-9]))",
    re.I,
)
# Words that carry a gene's statement on past a line join's full stop ("Ki-67 proliferation index. approximately 50%").
CONTINUATION = re.compile(
    r"\s*(?:analysis|testing|test|status|index|approximately|about|score|result)\b",
    re.IGNORECASE,
)
# A scored marker's percentage alone on the next line: "PD-L1 (SP263)\n<1% of tumour cells".
SCORE_CONTINUES = re.compile(r"\s*[<>≤≥~]?\s*\d{1,3}(?:\.\d)?\s*[%％]")
PERCENT = re.compile(
    r"(?P<cmp>[<>≥≤＜＞]|less\s+than|under|below|greater\s+than|more\s+than|at\s+least|小于|低于|大于|高于)?\s*"
    r"(?:(?P<num>\d{1,3}(?:\.\d+)?)\s*[%％]|(?<![\d.])%(?P<num_after>\d{1,3}(?:\.\d+)?)(?!\d|\.\d))",  # (Turkish "%2")
    re.IGNORECASE,
)
# Between two alterations one negation covers: "未检测到14号外显子跳跃突变及扩增", "no exon 14 skipping or amplification".
JOINED_ALTERATION = re.compile(r"\s*(?:突变|mutations?)?\s*(?:及|和|与|或|、|and|or|,|，)\s*", re.IGNORECASE)
TEST_PERFORMED = re.compile(r"\b(?:was|were|has\s+been)\s+(?:performed|carried\s+out|done|undertaken)\b", re.IGNORECASE)
WINDOW_REACH = 120  # characters a gene's result may follow it by
LEADING_BRACKET = re.compile(r"[^()\n.;]{0,40}\([^()\n]{20,160}\)")
ABBREVIATION_BEFORE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|approx|vs|No)\.\s?$")
# (or a protein change opening the next line: "KRAS (codon 12) - mutation. G12C detected")
# (or after an exon's number, its change on the next line: "EXON 19. DELETION DETECTED"; or before a bracketed
# method: "EGFR mutation. (cobas): negative")
FLATTENED_BREAK = re.compile(
    r"\.\s(?:[a-z]|\((?=[^()]{1,30}\)\s*:)|[A-Z]\d{1,2}\s*:|[A-Z]\d{1,4}[A-Z]\b)|(?i:(?<=exon\s\d\d)|(?<=exon\d\d))\.\s[A-Za-z]"
)
FLATTENED_RESULT_REACH = 40
SENTENCE_VERB = re.compile(r"\b(?:is|are|was|were|will|has|have|had)\b", re.IGNORECASE)
# (or the verdict said in the next clause: "12% of nuclei show split signals; this is a borderline result, interpreted
# as EQUIVOCAL")
INTERPRETATION_LINE = re.compile(
    # (flattened, its line end a stop: "…, just. below the 15% positive cutoff. Result: EQUIVOCAL (borderline).")
    r"(?:\n|\.\s)[ \t]*(?:interpretation|result)\s*[:：]\s*|\b(?:interpreted|reported)\s+as\s+",
    re.IGNORECASE,
)
CONDITION_BEFORE = re.compile(r"\b(?:if|unless|whether)\s+(?:the\s+)?(?:tumou?r\s+is\s+)?$", re.IGNORECASE)
# A gene named again inside its own verdict ("MET (FISH): ratio 1.9, interpreted as equivocal for MET amplification"):
# the first mention's result, not a second finding.
# (a note may stand between the verdict and its "for": "INTERPRETATION: EQUIVOCAL (BORDERLINE) FOR ALK REARRANGEMENT")
VERDICT_FOR_BEFORE = re.compile(
    r"\b(?P<verdict>equivocal|negative|positive|suspicious|indeterminate)(?:\s*\([^()\n]{1,20}\))?\s+for\s+(?:the\s+)?$", re.I
)
VERDICT_RESULTS = {"equivocal": "equivocal", "indeterminate": "equivocal", "negative": "negative", "positive": "positive"}
# Between the two mentions: no sentence or line ends (a list item's comma may).
VERDICT_SENTENCE_BREAK = re.compile(r"[.;。；](?:\s|$)|\n")
# A test advised before the gene, in its sentence ("建议行RET融合、MET 14外显子跳跃等多基因检测", "recommend ALK and ROS1
# testing"): no result, unless one is written between ("recommended; EGFR L858R detected" names one).
RECOMMENDED_BEFORE = re.compile(r"(?:建议|\brecommend(?:ed|s)?\b|\bsuggest(?:ed|s)?\b)[^。；;\n]{0,30}$", re.IGNORECASE)
# A recommendation before a bracketed list of genes to test: "we recommend … testing … for comprehensive profiling (".
RECOMMENDED_LIST_BEFORE = re.compile(r"(?:\brecommend|\bsuggest|\badvise|\bconsider|建议)[^()。；;]{0,120}\($", re.IGNORECASE)
SCORED_GENES = frozenset({"PD-L1", "Ki-67"})  # results given as a percentage
PDL1_SCORE = re.compile(
    r"(?:tumou?r\s+(?:proportion|cell)\s+score|\bTPS\b|combined\s+positive\s+score|\bCPS\b)[^%\n]{0,20}?[%％]", re.IGNORECASE
)
# A label and its colon opening a gene's statement: "codons 12/13: ", " mutation analysis (exons 18-21): RESULT: ".
LABEL_THEN_VERDICT = re.compile(r"[^:;\n.]{0,40}[:：]\s*(?:result\s*[:：]\s*)?", re.IGNORECASE)
COMPARISON_WORDS = {"＜": "<", "＞": ">", "less than": "<", "under": "<", "below": "<", "小于": "<", "低于": "<", "at least": "≥"}
COMPARISON_WORDS |= {"greater than": ">", "more than": ">", "大于": ">", "高于": ">"}


def _comparison(percent: re.Match[str] | None) -> str | None:
    """The bound a percentage states, as a symbol: "less than 1%" → "<"."""
    written = percent.group("cmp") if percent else None
    return COMPARISON_WORDS.get(re.sub(r"\s+", " ", written.lower()), written) if written else None


# An amended result after the original's missing one: "… - pending. Amended result: TPS 3%", "; final result: …".
AMENDED_RESULT = re.compile(r"(?:amended|updated|final|revised|addendum)\s+(?:result|value|score)\s*[:：-]\s*", re.IGNORECASE)
# A line ending on a word that cannot end a statement ("… is not", "… cells -"): the statement goes on below.
DANGLING_WORD = re.compile(r"(?:\b(?:not|is|are|was|were|be|of|in|the|and|or|with|for|to|by)|\s[-–])[ \t]*$", re.IGNORECASE)


def _in_recommended_list(text: str, sentence_start: int, position: int) -> bool:
    """Whether a gene sits in a bracketed list of tests its sentence recommends (a flattened line end may split it)."""
    opening = text.rfind("(", max(sentence_start - 160, 0), position)
    if opening < 0 or text.find(")", opening, position) >= 0:
        return False
    return RECOMMENDED_LIST_BEFORE.search(text, max(0, opening - 160), opening + 1) is not None


def _window_end(text: str, start: int, limit: int) -> int:
    """Where a gene's window ends: the first sentence end, or semicolon or comma outside brackets ("MET gene copy
    number (FISH, MET/CEN7): no amplification"), at most at `limit`."""
    for end in SENTENCE_END.finditer(text, start, min(limit, len(text))):
        if ABBREVIATION_BEFORE.search(text, max(0, end.start() - 8), end.start() + 1):  # (room for "approx.")
            continue  # "at the request of Dr. [redacted]: no mutation was detected"
        if end.group(0) == "\n" and DANGLING_WORD.search(text, max(0, end.start() - 8), end.start()):
            continue  # a line wrapped mid-phrase: "KRAS p.G12V … is not\npresent in this tumour", "… 10% of cells -\nEQUIVOCAL"
        if end.group(0) == ". " and text.endswith((" -", " –"), max(0, end.start() - 2), end.start()):
            continue  # …flattened: "~10% of tumour cells -. EQUIVOCAL"
        between = text[start : end.start()]
        inside = between.count("(") + between.count("（") > between.count(")") + between.count("）")
        # (nor a line break: "EGFR mutation analysis (exons 18-21,\nSanger sequencing) on block 1/4: no mutation detected")
        if not inside or end.group(0)[:1] not in (";", "；", ",", "，", "、", "\n", "."):
            return end.start()
    return min(limit, len(text))


@dataclass(frozen=True)
class BiomarkerPatterns:
    gene: re.Pattern[str]
    gene_names: tuple[str, ...]
    alterations: dict[str, list[tuple[str, re.Pattern[str]]]]
    results: list[tuple[str, re.Pattern[str]]]
    overall_results: list[tuple[str, re.Pattern[str]]]
    clone: re.Pattern[str]
    method: re.Pattern[str]
    gene_anchors: tuple[str, ...]
    negated_before: re.Pattern[str]
    not_tested: re.Pattern[str]
    list_separator: re.Pattern[str]
    list_negated_before: re.Pattern[str]
    list_negative_after: re.Pattern[str]


@cache
def biomarker_patterns() -> BiomarkerPatterns:
    spec = load_yaml("biomarkers.yaml")
    names = tuple(spec["genes"])
    gene = re.compile(
        "(?<![A-Za-z0-9])(?:" + "|".join(f"(?P<g{i}>{'|'.join(spec['genes'][name])})" for i, name in enumerate(names)) + ")",
        re.IGNORECASE,
    )
    alterations = {
        gene_name: [(label, re.compile("|".join(cues), re.IGNORECASE)) for label, cues in table.items()]
        for gene_name, table in spec["alterations"].items()
    }
    results = [(label, re.compile("|".join(cues), re.IGNORECASE)) for label, cues in spec["results"].items()]
    overall = [(label, re.compile("|".join(cues), re.IGNORECASE)) for label, cues in spec["overall_results"].items()]
    clone = re.compile("|".join(re.escape(c) for c in spec["assays"]["clones"]), re.IGNORECASE)
    method = re.compile("|".join(spec["assays"]["methods"]), re.IGNORECASE)
    return BiomarkerPatterns(
        gene,
        names,
        alterations,
        results,
        overall,
        clone,
        method,
        tuple(spec["gene_anchors"]),
        re.compile("|".join(spec["negated_before"]), re.IGNORECASE),
        re.compile("|".join(spec["not_tested"]), re.IGNORECASE),
        re.compile(spec["list_separator"], re.IGNORECASE),
        re.compile("|".join(spec["list_negated_before"]), re.IGNORECASE),
        re.compile("|".join(spec["list_negative_after"]), re.IGNORECASE),
    )


# A listed gene's bracketed detail: "MET (including exon 14 skipping)".
INCLUDING_BRACKET = re.compile(r"\s*\((?:including|incl)\.?\s[^()]{0,60}\)", re.IGNORECASE)


def _negated_lists(text: str, genes: list[re.Match[str]], pats: BiomarkerPatterns) -> dict[int, Span]:
    """The start of every gene in a list that shares one negative verdict ("no ALK, ROS1 or RET fusions"), with the
    list's statement; lists are runs of the genes found, joined by separators."""
    negated: dict[int, Span] = {}
    run: list[re.Match[str]] = []
    for gene in [*genes, None]:
        if gene is not None and run and pats.list_separator.fullmatch(text, run[-1].end(), gene.start()):
            run.append(gene)
            continue
        if len(run) > 1:
            first, last = run[0], run[-1]
            # (a panel's negative verdict may come a clause before its gene list: "No pathogenic variants detected in
            # the 50-gene panel; the genes assessed include EGFR, KRAS, …")
            before = text[max(0, first.start() - 130) : first.start()]
            after = text[last.end() : last.end() + 60]
            if pats.list_negated_before.search(before) or pats.list_negative_after.search(after):
                end = _window_end(text, last.end(), last.end() + 60)
                statement = Span(first.start(), end, text[first.start() : end])
                negated.update((listed.start(), statement) for listed in run)
                # A listed gene's bracketed detail shares the verdict: "… ERBB2 or MET (including MET exon 14 skipping)".
                for listed in run:
                    detail = INCLUDING_BRACKET.match(text, listed.end())
                    if detail:
                        negated.update((g.start(), statement) for g in genes if detail.start() < g.start() < detail.end())
        run = [gene] if gene is not None else []
    return negated


def _gene_name(match: re.Match[str], pats: BiomarkerPatterns) -> str:
    """The gene a match of the gene pattern names (its spellings are one named group per gene)."""
    return pats.gene_names[int(match.lastgroup[1:]) if match.lastgroup else 0]


def _first_result(window: str, pats: BiomarkerPatterns) -> str | None:
    for label, pattern in pats.overall_results:
        if pattern.search(window):
            return label
    best: tuple[int, str] | None = None
    for label, pattern in pats.results:
        # In a checklist an option left unticked is no result: "ALK（Ventana D5F3）：□阳性 ■阴性".
        match = next(
            (m for m in pattern.finditer(window) if not UNTICKED_BEFORE.search(window, max(0, m.start() - 4), m.start())), None
        )
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), label)
    return best[1] if best else None


def find_biomarkers(text: str, lower: str | None = None) -> list[Biomarker]:
    """Biomarker results in order of mention.

    >>> [(b.gene, b.alteration, b.result) for b in find_biomarkers("EGFR exon 19 deletion detected; ALK negative.")]
    [('EGFR', 'exon 19 deletion', 'positive'), ('ALK', None, 'negative')]
    >>> [(b.gene, b.value, b.assay) for b in find_biomarkers("PD-L1 (22C3) TPS 60%.")]
    [('PD-L1', 60.0, '22C3')]
    >>> [(b.gene, b.result) for b in find_biomarkers("No pathogenic variants detected in EGFR, KRAS or BRAF.")]
    [('EGFR', 'negative'), ('KRAS', 'negative'), ('BRAF', 'negative')]
    """
    pats = biomarker_patterns()
    found: list[Biomarker] = []
    lower = text.lower() if lower is None else lower
    genes = list(anchored_finditer(pats.gene, text, lower, pats.gene_anchors, 8, 30))
    negated_lists = _negated_lists(text, genes, pats)
    for position, match in enumerate(genes):
        gene = _gene_name(match, pats)
        if CONDITION_BEFORE.search(text, max(0, match.start() - 16), match.start()):
            continue  # "KRAS testing is recommended if EGFR is negative": a condition, no result
        earlier = genes[position - 1] if position else None
        verdict_for = VERDICT_FOR_BEFORE.search(text, max(0, match.start() - 30), match.start())
        if (
            verdict_for is not None
            and earlier is not None
            and _gene_name(earlier, pats) == gene
            and not VERDICT_SENTENCE_BREAK.search(text, earlier.end(), match.start())
            # (only the first mention's own verdict: "negative for EGFR exon 19 deletion, positive for EGFR L858R" names
            # two results, the second after the first's)
            and not VERDICT_FOR_BEFORE.search(text, max(0, earlier.start() - 30), earlier.start())
            and not _first_result(text[earlier.end() : verdict_for.start()], pats)
        ):
            continue
        # (on the gene's own line and sentence: "ROS1 FISH recommended\nPD-L1 (22C3): TPS 3%", flattened "(borderline;.
        # repeat testing suggested). PD-L1 IHC: …" recommend no PD-L1 test)
        line_start = max(text.rfind("\n", 0, match.start()) + 1, text.rfind(". ", 0, match.start()) + 2)
        advised = RECOMMENDED_BEFORE.search(text, max(line_start, match.start() - 40), match.start())
        if advised and not _first_result(text[advised.end() : match.start()], pats):
            continue
        if _in_recommended_list(text, line_start, match.start()):
            continue  # "we recommend … profiling (EGFR, ROS1, BRAF, KRAS, MET, RET, HER2 and ALK fusion partner)"
        if match.start() in negated_lists:
            # "EGFR、KRAS、ALK均未检测到突变或融合", "no ALK, ROS1 or RET fusions detected": each gene is negative.
            if gene != "Ki-67":
                found.append(Biomarker(gene=gene, result="negative", span=negated_lists[match.start()]))
            continue
        # The window ends at the sentence's end or a list item's semicolon ("EGFR：L858R突变；ALK融合基因（阴性）":
        # ALK's result is not EGFR's), but not inside brackets ("EGFR (exons 18, 19, 20, 21; PCR): Negative").
        # (a long bracket after the gene does not use up its reach: "EGFR mutation analysis (PCR amplification and
        # direct sequencing of exons 18-21, performed at a reference laboratory on block 5C): … is DETECTED")
        bracket = LEADING_BRACKET.match(text, match.end())
        reach = WINDOW_REACH + (bracket.end() - match.end() if bracket else 0)
        window_start, window_end = match.end(), _window_end(text, match.end(), match.end() + reach)
        joined_at: int | None = None
        # Nor does it run past another gene once a result is written ("Ki-67(30%+) ALK-D5F3(-) 分子(NGS):KIF5B-RET融合
        # (K15:R12)阳性": ALK's is "(-)"), though a shared verdict may follow a gene list ("EGFR and KRAS wild-type").
        following = next((g for g in genes[position + 1 :] if _gene_name(g, pats) != gene), None)
        if following is not None and following.start() < window_end:
            before_next = text[match.end() : following.start()]
            if _first_result(before_next, pats) or (gene in SCORED_GENES and PERCENT.search(before_next)):
                window_end = following.start()
        # (A percentage is a result only for the scored markers: "estimated tumor content 60%" is no EGFR result.)
        scored = gene in SCORED_GENES and PERCENT.search(text, match.end(), window_end)
        if not _first_result(text[match.end() : window_end], pats) and not scored:
            # No result yet: a label line or a scanned line join may break the statement ("EGFR mutation analysis
            # (exons 18-21):\n Exon 21 p.L858R mutation DETECTED", "EGFR MUTATION. ANALYSIS: NOT DETECTED"); the next
            # piece continues it when it carries on the label's words and names no other gene.
            further = _window_end(text, window_end + 1, window_end + 100)
            label_line = text[match.end() : window_end].rstrip().endswith((":", "："))
            # (also a line end the flattening turned into a stop: "KRAS codon 12 by. sequencing: G12V mutation detected",
            # "EGFR no. mutation detected", "sequencing of exons 18-21, block. A4: no mutation identified")
            # (only a label cut short, its result right after: not a sentence about the test, "Ki-67, p53 are reported
            # as a semi-quantitative. percentage of positively stained nuclei")
            flattened = (
                FLATTENED_BREAK.match(text, window_end, further)
                and not SENTENCE_VERB.search(text, match.end(), window_end)
                and _first_result(text[window_end : window_end + FLATTENED_RESULT_REACH], pats)
            )
            continued = (
                CONTINUATION.match(text, window_end + 1, further)
                or (gene in SCORED_GENES and SCORE_CONTINUES.match(text, window_end + 1, further))
                or flattened
                # "EGFR mutation analysis … was performed on block A3. An exon 19 deletion was detected."
                or TEST_PERFORMED.search(text, match.end(), window_end)
            )
            if (label_line or continued) and not pats.gene.search(text, window_end, further):
                joined_at = window_end if flattened else None
                window_end = further
            elif (
                (verdict := INTERPRETATION_LINE.search(text, window_end, window_end + 300))
                and not pats.gene.search(text, window_end, verdict.start())
                # (not past a test still to come: "ROS1 and RET fusion testing: pending at sign-out.\n\nInterpretation:
                # KRAS G12C mutation detected")
                and not pats.not_tested.search(text, window_start, window_end)
            ):
                # A result block: the gene's line, its description, then "Interpretation: EQUIVOCAL." on a line of its own
                # (the verdict is that line's: the description may say "not meeting the criteria for a positive result").
                window_start, window_end = verdict.end(), _window_end(text, verdict.end(), verdict.end() + 60)
            elif gene == "PD-L1":
                # "PD-L1 immunohistochemistry (22C3) was performed on block A7. Tumor proportion score: <1%."
                score = PDL1_SCORE.search(text, window_end, window_end + 250)
                if score and not pats.gene.search(text, window_end, score.start()):
                    window_end = score.end()
        window = text[window_start:window_end]
        if joined_at is not None and window_start <= joined_at < window_end:
            # read across the flattening's stop as the line it was: "EGFR no. mutation detected" is "no mutation"
            window = window[: joined_at - window_start] + " " + window[joined_at - window_start + 1 :]
        untested = pats.not_tested.search(window)
        amended = AMENDED_RESULT.search(text, window_start + untested.end(), window_end + 40) if untested else None
        if untested and amended:
            # An amendment's result after the original's "pending": "PD-L1 IHC (22C3): Original report - pending.
            # Amended result: TPS 3%."
            window_start, window_end = amended.end(), _window_end(text, amended.end(), amended.end() + WINDOW_REACH)
            window = text[window_start:window_end]
        elif untested and not _first_result(window[: untested.start()], pats):
            # "ALK融合基因未检测", "ROS1: not performed", "ALK testing is recommended": no result (but "HER2 (IHC): 2+,
            # equivocal; FISH is recommended" has one).
            continue
        span = Span(match.start(), window_end, text[match.start() : window_end])
        hits = sorted(
            (
                (hit.start(), hit.end(), label)
                for label, pattern in pats.alterations.get(gene, [])
                for hit in [pattern.search(window)]
                if hit
            ),
        )
        # The clone may sit in the gene's own parentheses ("ALK(D5F3)", "ALK-V(D5F3)"): search the whole item.
        clone = pats.clone.search(text, match.start(), window_end)
        method = pats.method.search(window)
        assay = clone.group(0).upper() if clone else (method.group(0) if method else None)
        clause_start = max(0, match.start() - 20)
        if pats.negated_before.search(text, clause_start, match.start()):
            # "未检出ALK融合", "未检测到EGFR基因T790M突变": tested, and the (named) alteration is absent.
            named = [label for _, _, label in hits if label != "fusion"]
            for label in named or [None]:
                found.append(Biomarker(gene=gene, alteration=label, result="negative", assay=assay, span=span))
            continue
        # A verdict right after the gene's label ("KRAS codons 12/13: EQUIVOCAL - a low-level p.G12V signal") is the
        # result, whatever the words about the alteration that follow it say.
        label = LABEL_THEN_VERDICT.match(window)
        leading = next((name for name, pattern in pats.results if label and pattern.match(window, label.end())), None)
        # A verdict said before the gene is its alteration's result: "EQUIVOCAL (BORDERLINE) FOR ALK REARRANGEMENT".
        leading = leading or (VERDICT_RESULTS.get(verdict_for.group("verdict").lower()) if verdict_for else None)
        negated_previous = False
        for position, (start, end, label) in enumerate(hits):
            following = window[end : hits[position + 1][0] if position + 1 < len(hits) else len(window)]
            # "EGFR L858R" with no result word reports a found mutation.
            result = (
                leading or _first_result(following, pats) or (_first_result(window[:start], pats) if len(hits) == 1 else None)
            )
            joined = position > 0 and JOINED_ALTERATION.fullmatch(window, hits[position - 1][1], start)
            if pats.negated_before.search(window, max(0, start - 20), start) or (joined and negated_previous):
                result = "negative"  # "MET gene copy number (FISH): no amplification", "未检测到14号外显子跳跃突变及扩增"
            negated_previous = result == "negative"
            result = result or "positive"
            # A negative result names no alteration (the alteration is absent), as for "ALK fusion: negative".
            found.append(
                Biomarker(
                    gene=gene,
                    alteration=None if result == "negative" and label == "fusion" else label,
                    result=result,
                    assay=assay,
                    span=span,
                )
            )
        if hits:
            continue
        marker = Biomarker(gene=gene, span=span, assay=assay)
        percent = None
        if gene in {"PD-L1", "Ki-67"}:
            percent = PERCENT.search(window)
            if percent:
                marker.value = float(percent.group("num") or percent.group("num_after"))
                marker.unit = "%"
        marker.result = _first_result(window, pats)
        if marker.value is not None and gene == "PD-L1":
            # TPS "<1%" is the negative cut-off by convention; a bound is not a value, so "<1%" keeps no number.
            bound = _comparison(percent)
            below_one = marker.value < 1 or (bound == "<" and marker.value <= 1)
            marker.result = "negative" if below_one else "positive"
            if bound in {"<", "≤"}:
                marker.value = None
        elif marker.result is None and marker.value is not None:
            marker.result = "positive" if marker.value > 0 else "negative"
        if marker.result is None and marker.value is None:
            continue
        found.append(marker)
    return found
