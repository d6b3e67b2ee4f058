"""Free-text scrubbing of Chinese and English clinical notes: identifiers replaced, dates shifted, clinical content kept."""

from __future__ import annotations

import calendar
import datetime as dt
import hmac
import multiprocessing
import multiprocessing.pool
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from oncodata.errors import BadInputError
from oncodata.privacy.keys import SecretKey

DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_FILE = DATA_DIR / "scrub_rules.toml"
SURNAMES_FILE = DATA_DIR / "zh_surnames.txt"
# Below this many texts the cost of starting worker processes outweighs the gain.
PARALLEL_MIN_TEXTS = 400
ReplacementMode = Literal["typed", "surrogate"]

_MONTHS_FULL = [calendar.month_name[number] for number in range(13)]
_MONTHS_ABBREVIATED = [calendar.month_abbr[number] for number in range(13)]
_FULL_MONTH_NAMES_LOWER = {name.lower() for name in _MONTHS_FULL if name}
_MONTH_BY_PREFIX = {name[:3].lower(): number for number, name in enumerate(_MONTHS_FULL) if name}
_CJK = "\u4e00-\u9fff"


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a text: what kind and where (offsets into the original text); never the value."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and what was found in the original."""

    text: str
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: str
    start: int
    end: int
    priority: int
    label: str
    match: re.Match[str] | None = None  # kept for dates, which are rewritten rather than replaced
    date_rule: str | None = None


@dataclass(frozen=True)
class _PatternRule:
    kind: str
    label: str
    priority: int
    regex: re.Pattern[str]
    group: str | int
    validator: Callable[[re.Match[str]], bool] | None
    needs: tuple[str, ...] = ()  # one of these must be in the folded text, else the rule is skipped
    gate: re.Pattern[str] | None = None  # then this is searched in the folded text; no hit, rule skipped
    anchored: bool = False  # tried only where one of its cue words starts (see `_CueIndex`)
    date_rule: str | None = None  # set for date rules, which are rewritten rather than replaced


_DIGIT = re.compile(r"\d")


def fold(text: str) -> str:
    """The text as gates and cues see it: lower case, every digit (anything `\\d` matches) written as 0."""
    return _DIGIT.sub("0", text.lower())


def _trie_regex(words: Sequence[str]) -> str:
    """One regex for many literal words, as a trie (`患(?:者(?:姓名)?|儿)`): far fewer branches tried per place."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:
            return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
        return body

    return emit(root)


class _CueIndex:
    """One scan of the folded text finds the cue words of every cue-anchored rule at once.

    The scan takes the longest cue at each place and moves past it; a shorter cue of another rule hidden inside
    that word (or starting with it) is still reported, at its own offset. Latin cue words only count at the
    start of a word (`mr` in MRN, not in tumor); the rules they anchor begin with a word boundary anyway.
    """

    def __init__(self, cues_by_target: dict[str, Sequence[str]]) -> None:
        words: dict[str, set[str]] = {}
        for target, cues in cues_by_target.items():
            for cue in cues:
                words.setdefault(cue, set()).add(target)
        latin = [word for word in words if word[0].isascii()]
        other = [word for word in words if not word[0].isascii()]
        self.regexes = [re.compile(_trie_regex(other))] if other else []
        if latin:
            self.regexes.append(re.compile(f"(?<![a-z]){_trie_regex(latin)}"))
        # For each cue word: every (offset, target) of a cue word that occurs inside it.
        self.inside: dict[str, list[tuple[int, str]]] = {}
        for word in words:
            hits: set[tuple[int, str]] = set()
            for other_word, targets in words.items():
                offset = word.find(other_word)
                while offset >= 0:
                    hits.update((offset, target) for target in targets)
                    offset = word.find(other_word, offset + 1)
            self.inside[word] = sorted(hits)

    def positions(self, folded: str) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        inside = self.inside
        for regex in self.regexes:
            for match in regex.finditer(folded):
                start = match.start()
                for offset, target in inside[match.group()]:
                    if target in found:
                        found[target].append(start + offset)
                    else:
                        found[target] = [start + offset]
        return found


def gb11643_check_digit_ok(number: str) -> bool:
    """GB 11643-1999: the 18th character of a resident id is a mod-11 check over the first 17 digits.

    >>> gb11643_check_digit_ok("11010519491231002X")
    True
    >>> gb11643_check_digit_ok("110105194912310021")
    False
    """
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _validate_gb11643(match: re.Match[str]) -> bool:
    return gb11643_check_digit_ok(match.group(0))


def _validate_address_detail(match: re.Match[str]) -> bool:
    # A province or municipality name alone ("上海市第一人民医院") is not an address; it needs a smaller unit.
    return len(match.group("detail") or "") >= 2


_VALIDATORS: dict[str, Callable[[re.Match[str]], bool]] = {
    "gb11643": _validate_gb11643,
    "address_detail": _validate_address_detail,
}


def _alternation(words: Sequence[str]) -> str:
    """Regex alternation, longest first so that 主治医师 wins over 医师."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _read_surnames(path: Path) -> tuple[list[str], str]:
    """Two-character tokens are compound surnames (欧阳); longer runs are single-character surnames."""
    compound: list[str] = []
    single: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for token in line.split():
            if len(token) == 2:
                compound.append(token)
            else:
                single.extend(token)
    return compound, "".join(dict.fromkeys(single))


class Scrubber:
    """Finds identifiers in Chinese and English notes and replaces them; patterns are compiled once per instance."""

    def __init__(
        self,
        rules_file: Path = RULES_FILE,
        *,
        mode: ReplacementMode = "typed",
        key: SecretKey | None = None,
        numeric_day_first: bool | None = None,
    ) -> None:
        self._setup(rules_file, mode, key, numeric_day_first)

    def _setup(self, rules_file: Path, mode: ReplacementMode, key: SecretKey | None, numeric_day_first: bool | None) -> None:
        if mode not in ("typed", "surrogate"):
            raise BadInputError(f"scrub mode must be 'typed' or 'surrogate', not {mode!r}")
        if mode == "surrogate" and key is None:
            raise BadInputError("surrogate replacements need the secret key (they must be consistent, not guessable)")
        with open(rules_file, "rb") as handle:
            self._rules = tomllib.load(handle)
        self._init_arguments = (rules_file, mode, key, numeric_day_first)
        self.rules_file = rules_file
        self.mode = mode
        self._surrogate_key = key.surrogate_key if key else b""
        self.labels: dict[str, str] = dict(self._rules["labels"])
        date_settings = self._rules["dates"]
        self.numeric_day_first = date_settings["numeric_day_first"] if numeric_day_first is None else numeric_day_first
        self._yearless_year = int(date_settings["yearless_reference_year"])
        self._dayless_day = int(date_settings["dayless_reference_day"])
        self._compile()

    def __getstate__(self) -> tuple[Path, ReplacementMode, SecretKey | None, bool | None]:
        # Worker processes rebuild the compiled patterns from the same rule file rather than pickling them.
        return self._init_arguments

    def __setstate__(self, state: tuple[Path, ReplacementMode, SecretKey | None, bool | None]) -> None:
        self._setup(*state)

    def _compile(self) -> None:
        provinces = _alternation(self._rules["provinces"]["names"])
        compound, single = _read_surnames(SURNAMES_FILE)
        surname = f"(?:{_alternation(compound)}|[{re.escape(single)}])"
        gates: dict[str, re.Pattern[str]] = {}  # rules sharing a gate share one search per text

        def gate_of(rule: dict) -> re.Pattern[str] | None:
            source = rule.get("gate")
            return gates.setdefault(source, re.compile(source)) if source else None

        self._patterns: list[_PatternRule] = []
        cues: dict[str, Sequence[str]] = {}
        for rule in self._rules["pattern"]:
            validator_name = rule.get("validator")
            if "cues" in rule:
                cues[str(len(self._patterns))] = rule["cues"]
            self._patterns.append(
                _PatternRule(
                    kind=rule["kind"],
                    label=self.labels[rule["label"]],
                    priority=int(rule.get("priority", 5)),
                    regex=re.compile(rule["regex"].replace("{PROVINCES}", provinces).replace("{ZH_SURNAME}", surname)),
                    group=rule.get("group", 0),
                    validator=_VALIDATORS[validator_name] if validator_name else None,
                    needs=tuple(rule.get("needs", ())),
                    gate=gate_of(rule),
                    anchored="cues" in rule,
                )
            )
        for rule in self._rules["date"]:
            self._patterns.append(
                _PatternRule(
                    kind="date",
                    label=self.labels[rule["label"]],
                    priority=4,
                    regex=re.compile(rule["regex"]),
                    group=0,
                    validator=None,
                    needs=tuple(rule.get("needs", ())),
                    gate=gate_of(rule),
                    date_rule=rule["name"],
                )
            )
        self._compile_chinese_names()
        self._compile_english_names()
        cues["zh_name"] = [cue.lower() for cue in self._rules["names"]["zh"]["cues"]]
        cues["zh_role"] = self._rules["names"]["zh"]["suffixes"]
        self._zh_role_width = max(map(len, self._rules["names"]["zh"]["suffixes"]))
        cues["en_cue"] = [cue.lower() for cue in self._rules["names"]["en"]["cues"]]
        cues["en_title"] = [title.lower() for title in self._rules["names"]["en"]["titles"]]
        self._cue_index = _CueIndex(cues)
        # The scan plan: cue-anchored rules by cue target, the rest grouped under their (shared) gate.
        self._anchored = [(str(index), rule) for index, rule in enumerate(self._patterns) if rule.anchored]
        by_gate: dict[tuple[tuple[str, ...], re.Pattern[str] | None], list[_PatternRule]] = {}
        for rule in self._patterns:
            if not rule.anchored:
                by_gate.setdefault((rule.needs, rule.gate), []).append(rule)
        self._gated = [(needs, gate, rules) for (needs, gate), rules in by_gate.items()]

    def _compile_chinese_names(self) -> None:
        settings = self._rules["names"]["zh"]
        compound, single = _read_surnames(SURNAMES_FILE)
        stop = re.escape(settings["stop_chars"])
        given = f"(?:(?![{stop}])[{_CJK}])"
        surname = f"(?:{_alternation(compound)}|[{re.escape(single)}])"
        self._zh_label = self.labels[settings["label"]]
        self._zh_not_names = set(settings["not_names"])
        self._zh_cue = re.compile(f"(?:{_alternation(settings['cues'])})\\s*[:：]?\\s*")
        self._zh_name = re.compile(f"{surname}{given}{{1,2}}")
        self._zh_list_separator = re.compile(r"\s*[、/及和]\s*")
        suffixes = _alternation(settings["suffixes"])
        self._zh_before_role = re.compile(
            f"(?:(?<![{_CJK}])|(?<=[由经请与及和被]))(?P<value>{surname}{given}{{0,2}}?)(?:{suffixes})"
        )

    def _compile_english_names(self) -> None:
        settings = self._rules["names"]["en"]
        token = r"(?:[A-Z][A-Za-z'\-]+|[A-Z]\.?)"
        name = rf"(?:[A-Z][A-Za-z'\-]+,\s*[A-Z][A-Za-z'\-]+(?:\s+[A-Z]\.?)?|{token}(?:[ \t]+{token}){{0,3}})"
        self._en_label = self.labels[settings["label"]]
        self._en_not_names = {word.lower() for word in settings["not_names"]}
        titles = _alternation(settings["titles"])
        self._en_title = re.compile(rf"\b(?:{titles})\.?[ \t]+(?P<value>{name})")
        cues = _alternation(settings["cues"])
        self._en_cue = re.compile(rf"(?i:\b(?:{cues}))[ \t]*[:\-]?[ \t]*(?P<value>{name})")
        suffixes = _alternation(settings["suffixes"])
        self._en_suffix_gate = re.compile(rf"[ \t](?:{suffixes})(?![A-Za-z])")  # case-sensitive: "MD", not "md"
        self._en_suffix = re.compile(
            rf"\b(?P<value>[A-Z][a-z'\-]+(?:[ \t]+[A-Z]\.?)?(?:[ \t]+[A-Z][a-z'\-]+){{1,2}}),?[ \t]+(?:{suffixes})(?![A-Za-z])"
        )

    # ---- finding -------------------------------------------------------------------------------------------

    def find(self, text: str) -> list[_Candidate]:
        """All non-overlapping identifier candidates, leftmost-longest first, then by rule priority."""
        folded = fold(text)
        # Cue positions are offsets into the folded text; they hold for the original only when lengths agree
        # (lower-casing a few letters such as İ changes the length). Otherwise anchored rules scan all the text.
        cue_positions = self._cue_index.positions(folded) if len(folded) == len(text) else None
        matched: list[tuple[_PatternRule, re.Match[str]]] = []
        for key, rule in self._anchored:
            if cue_positions is None:
                matched.extend((rule, match) for match in rule.regex.finditer(text))
            elif key in cue_positions:
                for position in cue_positions[key]:
                    match = rule.regex.match(text, position)
                    if match is not None:
                        matched.append((rule, match))
        for needs, gate, rules in self._gated:
            if needs and not any(need in folded for need in needs):
                continue
            if gate is None or gate.search(folded) is not None:
                for rule in rules:
                    matched.extend((rule, match) for match in rule.regex.finditer(text))
        candidates: list[_Candidate] = []
        for rule, match in matched:
            if rule.date_rule is not None:
                candidates.append(
                    _Candidate("date", match.start(), match.end(), rule.priority, rule.label, match, rule.date_rule)
                )
                continue
            if rule.validator is not None and not rule.validator(match):
                continue
            start, end = match.span(rule.group)
            if start < end:
                candidates.append(_Candidate(rule.kind, start, end, rule.priority, rule.label))
        candidates.extend(self._find_chinese_names(text, cue_positions))
        candidates.extend(self._find_english_names(text, cue_positions))
        candidates.sort(key=lambda item: (item.start, -(item.end - item.start), item.priority))
        chosen: list[_Candidate] = []
        last_end = -1
        for candidate in candidates:
            if candidate.start >= last_end:
                chosen.append(candidate)
                last_end = candidate.end
        return chosen

    def _chinese_name_at(self, text: str, position: int) -> tuple[int, int] | None:
        match = self._zh_name.match(text, position)
        if match is None or match.group(0)[:2] in self._zh_not_names:
            return None
        return match.span()

    def _find_chinese_names(self, text: str, cue_positions: dict[str, list[int]] | None) -> list[_Candidate]:
        found: list[_Candidate] = []
        if cue_positions is None:
            cue_ends = [cue.end() for cue in self._zh_cue.finditer(text)]
        else:
            matches = (self._zh_cue.match(text, position) for position in cue_positions.get("zh_name", ()))
            cue_ends = [cue.end() for cue in matches if cue is not None]
        for cue_end in sorted(set(cue_ends)):
            span = self._chinese_name_at(text, cue_end)
            while span is not None:
                found.append(_Candidate("name", span[0], span[1], 3, self._zh_label))
                separator = self._zh_list_separator.match(text, span[1])
                span = self._chinese_name_at(text, separator.end()) if separator else None
        if cue_positions is None:
            role_matches = list(self._zh_before_role.finditer(text))
        else:
            # A name before a role word (张伟主任) is at most four characters: search just that window.
            role_matches = []
            for position in cue_positions.get("zh_role", ()):
                match = self._zh_before_role.search(text, max(0, position - 4), position + self._zh_role_width)
                if match is not None:
                    role_matches.append(match)
        for match in role_matches:
            value = match.group("value")
            if value[:2] not in self._zh_not_names:
                found.append(_Candidate("name", *match.span("value"), 3, self._zh_label))
        return found

    def _trim_english_name(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Cut a captured name at the first word that is not a name (Presents, Male, EGFR...)."""
        words = list(re.finditer(r"[A-Za-z'\-.]+", text[start:end]))
        not_name = [word.group(0).rstrip(".,").lower() in self._en_not_names for word in words]
        keep_end = start
        for index, word in enumerate(words):
            is_initial = len(word.group(0)) == 2 and word.group(0).endswith(".")
            # "Name: He Gangchao": a first word that is also a common word (He, Ma) still starts a name
            # when a name word follows it.
            leads_a_name = index == 0 and len(words) > 1 and not not_name[1]
            if not is_initial and not_name[index] and not leads_a_name:
                break
            keep_end = start + word.end()
        if keep_end == start:
            return None
        return start, keep_end

    def _find_english_names(self, text: str, cue_positions: dict[str, list[int]] | None) -> list[_Candidate]:
        matches: list[re.Match[str]] = []
        for regex, target in ((self._en_title, "en_title"), (self._en_cue, "en_cue")):
            if cue_positions is None:
                matches.extend(regex.finditer(text))
            else:
                positions = cue_positions.get(target, ())
                matches.extend(m for m in map(regex.match, [text] * len(positions), positions) if m is not None)
        if self._en_suffix_gate.search(text) is not None:
            matches.extend(self._en_suffix.finditer(text))
        found: list[_Candidate] = []
        for match in matches:
            span = self._trim_english_name(text, *match.span("value"))
            if span is not None:
                found.append(_Candidate("name", span[0], span[1], 3, self._en_label))
        return found

    # ---- replacing -----------------------------------------------------------------------------------------

    def scrub(self, text: str, date_shift_days: int | None = None) -> ScrubResult:
        """Replace every identifier; dates move by `date_shift_days` in their own format (None: typed label).

        >>> Scrubber().scrub("患者王明，住院号：ZY1234567，2021年3月5日行EGFR 19del检测。", date_shift_days=3).text
        '患者[姓名]，住院号：[MRN]，2021年3月8日行EGFR 19del检测。'
        """
        candidates = self.find(text)
        pieces: list[str] = []
        cursor = 0
        for candidate in candidates:
            pieces.append(text[cursor : candidate.start])
            pieces.append(self._replacement(text, candidate, date_shift_days))
            cursor = candidate.end
        pieces.append(text[cursor:])
        findings = [Finding(candidate.kind, candidate.start, candidate.end) for candidate in candidates]
        return ScrubResult("".join(pieces), findings)

    def _replacement(self, text: str, candidate: _Candidate, date_shift_days: int | None) -> str:
        original = text[candidate.start : candidate.end]
        if candidate.kind == "date":
            assert candidate.match is not None
            if date_shift_days is None:
                return candidate.label
            return self._shift_date_text(candidate.match, date_shift_days) or candidate.label
        if self.mode == "typed":
            return candidate.label
        return self._surrogate(candidate, original)

    def _surrogate(self, candidate: _Candidate, original: str) -> str:
        """Consistent surrogate: the same value always gets the same stand-in (keyed, so not reversible by lookup)."""
        normalized = re.sub(r"[\s\-()（）]", "", original).lower()
        digest = hmac.digest(self._surrogate_key, f"{candidate.kind}\x1f{normalized}".encode(), "sha256")
        if candidate.kind == "name" and candidate.label == self._zh_label:
            surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
            given = "安宁平和明远思雨嘉欣子涵浩然文博"
            return surnames[digest[0] % len(surnames)] + given[digest[1] % len(given)] + given[digest[2] % len(given)]
        if candidate.kind == "name":
            first = ("Alex", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery")
            last = ("Rivers", "Stone", "Hale", "Brook", "Vale", "Frost", "Lane", "Moss")
            return f"{first[digest[0] % len(first)]} {last[digest[1] % len(last)]}"
        return f"{candidate.label[:-1]}-{digest[:3].hex()}]"

    def _shift_date_text(self, match: re.Match[str], days: int) -> str | None:
        """Rewrite one matched date shifted by `days`, keeping how it was written (padding, separators, month names)."""
        groups = match.groupdict()
        if groups.get("a") is not None:
            first, second = int(groups["a"]), int(groups["b"])
            day_first = self.numeric_day_first
            if first > 12 >= second:
                day_first = True
            elif second > 12 >= first:
                day_first = False
            day_group, month_group = ("a", "b") if day_first else ("b", "a")
        else:
            day_group, month_group = "d", ("mon" if groups.get("mon") is not None else "m")
        year_text = groups.get("y")
        year = int(year_text) if year_text else self._yearless_year
        if month_group == "mon":
            month = _MONTH_BY_PREFIX.get(groups["mon"][:3].lower())
            if month is None:
                return None
        else:
            month = int(groups[month_group])
        day_text = groups.get(day_group)
        day = int(day_text) if day_text else self._dayless_day
        try:
            shifted = dt.date(year, month, day) + dt.timedelta(days=days)
        except ValueError:
            return None  # not a real calendar date: replaced by the typed label instead
        new_values = {"y": shifted.year, month_group: shifted.month}
        if day_text:
            new_values[day_group] = shifted.day
        result = match.group(0)
        base = match.start()
        present = [name for name in new_values if name in match.re.groupindex and match.group(name) is not None]
        numeric_parts = [match.group(name) for name in ("m", "d", "a", "b") if name in present]
        # 2021.12.28 and 25/12/2021 are written two-digit; keep that when the shifted value has one digit.
        two_digit = len(numeric_parts) >= 2 and all(len(part) == 2 for part in numeric_parts)
        # Replace the groups from right to left so earlier offsets stay valid.
        for name in sorted(present, key=match.start, reverse=True):
            start, end = match.start(name) - base, match.end(name) - base
            written = match.group(name)
            rewritten = _format_like(written, new_values[name], is_month_name=name == "mon")
            if two_digit and name != "y":
                rewritten = rewritten.zfill(2)
            result = result[:start] + rewritten + result[end:]
        return result

    def scrub_many(
        self,
        texts: Sequence[str],
        shifts: Sequence[int | None] | None = None,
        processes: int | None = None,
        pool: multiprocessing.pool.Pool | None = None,
    ) -> list[ScrubResult]:
        """Scrub a batch; large batches run on every core (or `processes` workers), results in input order.

        A long-running caller (ingest) passes its own `pool` from `make_pool` so workers start only once.
        """
        shift_list = list(shifts) if shifts is not None else [None] * len(texts)
        if len(shift_list) != len(texts):
            raise BadInputError("scrub_many needs one date shift per text")
        workers = processes or multiprocessing.cpu_count()
        if workers <= 1 or len(texts) < PARALLEL_MIN_TEXTS:
            return [self.scrub(text, shift) for text, shift in zip(texts, shift_list, strict=True)]
        chunk = max(50, len(texts) // (workers * 8))
        if pool is not None:
            return pool.starmap(_scrub_in_worker, zip(texts, shift_list, strict=True), chunksize=chunk)
        with self.make_pool(workers) as own_pool:
            return own_pool.starmap(_scrub_in_worker, zip(texts, shift_list, strict=True), chunksize=chunk)

    def make_pool(self, workers: int | None = None) -> multiprocessing.pool.Pool:
        """A process pool whose workers each hold this scrubber, for repeated `scrub_many` calls."""
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        return context.Pool(workers or multiprocessing.cpu_count(), initializer=_init_worker, initargs=(self,))


def _format_like(written: str, value: int, *, is_month_name: bool) -> str:
    """Write `value` the way `written` was: zero-padded or not, month name full or abbreviated, same case."""
    if is_month_name:
        bare = written.rstrip(".")
        name = (
            _MONTHS_FULL[value]
            if bare.lower() in {month.lower() for month in _MONTHS_FULL if month}
            else _MONTHS_ABBREVIATED[value]
        )
        if bare.isupper():
            return name.upper()
        return name
    if written.startswith("0") and len(written) > 1:
        return str(value).zfill(len(written))
    return str(value)


_worker_scrubber: Scrubber | None = None


def _init_worker(scrubber: Scrubber) -> None:
    global _worker_scrubber
    _worker_scrubber = scrubber


def _scrub_in_worker(text: str, shift: int | None) -> ScrubResult:
    assert _worker_scrubber is not None
    return _worker_scrubber.scrub(text, shift)


_default_scrubber: Scrubber | None = None


def default_scrubber() -> Scrubber:
    """A shared typed-mode scrubber, compiled on first use."""
    global _default_scrubber
    if _default_scrubber is None:
        _default_scrubber = Scrubber()
    return _default_scrubber


def scrub_many(
    texts: Sequence[str], shifts: Sequence[int | None] | None = None, processes: int | None = None
) -> list[ScrubResult]:
    """Module-level convenience: scrub a batch with the default typed-mode scrubber."""
    return default_scrubber().scrub_many(texts, shifts, processes)
