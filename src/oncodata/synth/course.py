"""The clinical course after diagnosis: surgery, radiotherapy, regimens by line, progressions, death or censoring."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from oncodata.synth.catalog import Catalog
from oncodata.synth.disease import Tumor
from oncodata.synth.sampling import add_days, exponential_days, weighted_choice

# Share of resected patients never recurring, by stage (pathologic), from published survival curves.
CURE_FRACTION = {"IA1": 0.92, "IA2": 0.88, "IA3": 0.82, "IB": 0.74, "IIA": 0.62, "IIB": 0.56, "IIIA": 0.42}
NEXT_LINE_PROBABILITY = {1: 0.75, 2: 0.55, 3: 0.35}
EGFR_SENSITIZING = ("exon 19 deletion", "L858R", "G719X", "L861Q", "T790M")
FIRST_GEN_EGFR = ("gefitinib", "icotinib", "erlotinib", "afatinib")


@dataclass
class RegimenCourse:
    """One regimen as given: its cycles (start dates), line of therapy and setting."""

    regimen: str
    setting: str  # adjuvant / definitive / consolidation / first-line... see truth docs
    line: int  # 0 for adjuvant/definitive/consolidation; 1.. for lines in advanced disease (maintenance keeps its line)
    cycle_starts: list[dt.date]
    stop_reason: str

    @property
    def start(self) -> dt.date:
        return self.cycle_starts[0]


@dataclass
class RadiotherapyCourse:
    plan: str
    start: dt.date
    end: dt.date


@dataclass
class Assessment:
    """An imaging time point: what the tumour looked like then (drives the imaging report)."""

    date: dt.date
    purpose: str  # baseline / response / surveillance / progression
    primary_size_mm: int | None  # None after resection
    change: str | None  # smaller / larger / stable vs previous
    known_sites: list[str]
    new_sites: list[str]


@dataclass
class Course:
    """Everything that happens to one patient from diagnosis to death or end of follow-up."""

    diagnosis_date: dt.date
    biopsy_date: dt.date | None
    surgery_date: dt.date | None = None
    surgery_kind: str | None = None
    regimens: list[RegimenCourse] = field(default_factory=list)
    radiotherapy: list[RadiotherapyCourse] = field(default_factory=list)
    progression_dates: list[dt.date] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    rebiopsy: tuple[dt.date, bool] | None = None  # date, T790M found
    death_date: dt.date | None = None
    death_cause: str | None = None
    last_contact: dt.date = dt.date.min
    lost_to_followup: bool = False


class _CourseBuilder:
    def __init__(self, rng: random.Random, catalog: Catalog, tumor: Tumor, age: int, cutoff: dt.date) -> None:
        self.rng = rng
        self.catalog = catalog
        self.tumor = tumor
        self.age = age
        self.cutoff = cutoff
        self.regimen_table = catalog.regimens["regimens"]
        self.median_pfs = catalog.regimens["median_pfs_months"]

    def build(self, diagnosis_date: dt.date) -> Course:
        rng, tumor = self.rng, self.tumor
        resectable = tumor.stage in CURE_FRACTION and not (tumor.stage == "IIIA" and rng.random() < 0.5) and self.age < 82
        if tumor.is_small_cell:
            resectable = tumor.stage in ("IA1", "IA2", "IA3", "IB", "IIA") and self.age < 78
        has_biopsy = not resectable or rng.random() < 0.6
        biopsy_date = diagnosis_date if has_biopsy else None
        course = Course(diagnosis_date=diagnosis_date, biopsy_date=biopsy_date)
        sites = list(tumor.metastasis_sites)
        course.assessments.append(
            Assessment(add_days(diagnosis_date, -rng.randint(3, 20)), "baseline", tumor.size_mm, None, sites, [])
        )
        # The patient's own horizon: a competing non-cancer death and a 4% chance of being lost to follow-up.
        horizon = min(self.cutoff, add_days(diagnosis_date, exponential_days(rng, 30 * 12)))
        natural_death = horizon < self.cutoff
        if rng.random() < 0.04:
            horizon = min(horizon, add_days(diagnosis_date, rng.randint(30, 900)))
            course.lost_to_followup = True
            natural_death = False
        self.horizon = horizon
        if resectable:
            self._resected(course, diagnosis_date)
        elif not tumor.is_metastatic:
            self._definitive_chemoradiation(course, diagnosis_date)
        else:
            self._metastatic_lines(course, add_days(diagnosis_date, rng.randint(7, 21)), tumor.size_mm, sites, 1)
        if course.death_date is None and natural_death:
            course.death_date = horizon
            course.death_cause = rng.choice(("心血管疾病", "肺部感染", "不详"))
        end = course.death_date or horizon
        course.last_contact = end
        self._trim(course, end)
        return course

    # --- settings ---------------------------------------------------------------------------------------------
    def _resected(self, course: Course, diagnosis_date: dt.date) -> None:
        rng, tumor = self.rng, self.tumor
        surgery_date = add_days(diagnosis_date, rng.randint(10, 35)) if course.biopsy_date else diagnosis_date
        course.surgery_date = surgery_date
        course.surgery_kind = weighted_choice(rng, ("lobectomy", "segmentectomy", "wedge", "pneumonectomy"), (80, 10, 6, 4))
        if tumor.stage in ("IA1", "IA2") and course.surgery_kind == "pneumonectomy":
            course.surgery_kind = "lobectomy"
        start = add_days(surgery_date, rng.randint(28, 45))
        stage_ii_iii = tumor.stage in ("IIA", "IIB", "IIIA") and rng.random() < 0.8
        wants_chemo = stage_ii_iii or (tumor.stage == "IB" and rng.random() < 0.25)
        if tumor.is_small_cell:
            wants_chemo = True
        if wants_chemo:
            regimen = self._adjuvant_chemo()
            start = self._add_fixed(course, regimen, "adjuvant", 0, start, self.horizon)
        if (
            tumor.driver == "EGFR"
            and tumor.driver_alteration in ("exon 19 deletion", "L858R")
            and tumor.stage not in ("IA1", "IA2", "IA3")
            and diagnosis_date.year >= 2021
            and rng.random() < 0.6
        ):
            start = self._add_continuous(course, "osimertinib_adjuvant", "adjuvant", 0, add_days(start, 14), self.horizon, 36)
        follow_from = surgery_date
        self._surveillance(course, follow_from)
        if rng.random() < CURE_FRACTION.get(tumor.stage, 0.5) * (0.7 if tumor.is_small_cell else 1.0):
            return
        relapse = add_days(surgery_date, exponential_days(rng, 26))
        new_sites = [rng.choice(("brain", "bone", "liver", "adrenal", "contralateral_lung", "pleura"))]
        self._progress_to_advanced(course, relapse, None, new_sites)

    def _definitive_chemoradiation(self, course: Course, diagnosis_date: dt.date) -> None:
        rng, tumor = self.rng, self.tumor
        start = add_days(diagnosis_date, rng.randint(10, 28))
        chemo = "etoposide_cisplatin" if tumor.is_small_cell or rng.random() < 0.5 else "paclitaxel_carboplatin"
        plan = "thoracic_sclc" if tumor.is_small_cell else "thoracic_definitive"
        if start < self.horizon:
            course.radiotherapy.append(RadiotherapyCourse(plan, add_days(start, 2), add_days(start, 2 + 41)))
        after = self._add_fixed(course, chemo, "definitive", 0, start, self.horizon)
        if tumor.is_small_cell and rng.random() < 0.5 and after < self.horizon:
            course.radiotherapy.append(RadiotherapyCourse("pci", add_days(after, 21), add_days(after, 35)))
        if not tumor.is_small_cell and tumor.driver is None and diagnosis_date.year >= 2019 and rng.random() < 0.7:
            self._add_fixed(course, "durvalumab_consolidation", "consolidation", 0, add_days(after, 14), self.horizon)
        response_size = max(5, int(tumor.size_mm * rng.uniform(0.45, 0.8)))
        course.assessments.append(
            Assessment(add_days(start, 84), "response", response_size, "smaller", list(tumor.metastasis_sites), [])
        )
        self._surveillance(course, add_days(start, 84), response_size)
        if rng.random() < (0.2 if not tumor.is_small_cell else 0.1):
            return
        progression = add_days(start, exponential_days(rng, 13 if not tumor.is_small_cell else 10))
        self._progress_to_advanced(course, progression, int(response_size * rng.uniform(1.25, 1.6)), [])

    def _progress_to_advanced(self, course: Course, when: dt.date, primary_mm: int | None, new_sites: list[str]) -> None:
        if when >= self.horizon:
            return
        # Surveillance scans after the relapse never happened: the relapse scan replaces them.
        course.assessments = [a for a in course.assessments if a.date < when]
        if not new_sites and self.rng.random() < 0.5:
            new_sites = [self.rng.choice(("brain", "bone", "liver"))]
        course.progression_dates.append(when)
        change = "larger" if primary_mm is not None else None
        course.assessments.append(Assessment(when, "progression", primary_mm, change, new_sites, new_sites))
        self._metastatic_lines(course, add_days(when, self.rng.randint(10, 28)), primary_mm, new_sites, 1)

    def _metastatic_lines(self, course: Course, start: dt.date, primary_mm: int | None, sites: list[str], line: int) -> None:
        rng = self.rng
        if "brain" in sites and start < self.horizon:
            plan = "srs" if rng.random() < 0.5 else "wbrt"
            course.radiotherapy.append(RadiotherapyCourse(plan, start, add_days(start, 0 if plan == "srs" else 13)))
        if "bone" in sites and rng.random() < 0.4 and start < self.horizon:
            course.radiotherapy.append(RadiotherapyCourse("bone_palliative", add_days(start, 3), add_days(start, 16)))
        while True:
            if start >= self.horizon:
                return
            regimen = self._choose_line(course, line)
            if regimen is None:
                break
            pfs_days = exponential_days(rng, float(self.median_pfs.get(regimen, 5)))
            progression = add_days(start, pfs_days)
            death = add_days(start, exponential_days(rng, 40 if self.regimen_table[regimen].get("continuous") else 24))
            stop = min(progression, death, self.horizon)
            self._give_until(course, regimen, line, start, stop)
            self._response_scans(course, start, stop, primary_mm, sites, regimen)
            if death <= progression and death < self.horizon:
                course.death_date, course.death_cause = death, "肺癌进展"
                return
            if progression >= self.horizon:
                return
            course.progression_dates.append(progression)
            new_sites = [rng.choice(("brain", "bone", "liver", "adrenal"))] if rng.random() < 0.45 else []
            new_sites = [s for s in new_sites if s not in sites]
            sites = sites + new_sites
            if primary_mm is not None:
                primary_mm = int(primary_mm * rng.uniform(0.75, 0.95) * rng.uniform(1.25, 1.6))
            course.assessments.append(
                Assessment(progression, "progression", primary_mm, "larger" if primary_mm else None, sites, new_sites)
            )
            if regimen in FIRST_GEN_EGFR:
                course.rebiopsy = (add_days(progression, rng.randint(5, 15)), rng.random() < 0.5)
            if rng.random() > NEXT_LINE_PROBABILITY.get(line, 0.0) * (0.8 if self.age > 75 else 1.0):
                break
            line += 1
            start = add_days(progression, rng.randint(10, 30))
        death = add_days(course.progression_dates[-1] if course.progression_dates else start, exponential_days(rng, 3.5))
        if death < self.horizon:
            course.death_date, course.death_cause = death, rng.choice(("肺癌进展", "肺癌进展", "呼吸衰竭"))

    # --- regimen choice ---------------------------------------------------------------------------------------
    def _adjuvant_chemo(self) -> str:
        tumor = self.tumor
        if tumor.is_small_cell:
            return "etoposide_cisplatin"
        if tumor.histology_group == "squamous":
            return self.rng.choice(("gemcitabine_cisplatin", "vinorelbine_cisplatin"))
        return self.rng.choice(("pemetrexed_cisplatin", "pemetrexed_cisplatin", "vinorelbine_cisplatin"))

    def _choose_line(self, course: Course, line: int) -> str | None:
        rng, tumor = self.rng, self.tumor
        year = (course.progression_dates[-1] if course.progression_dates else course.diagnosis_date).year
        used = {r.regimen for r in course.regimens}
        if line > 4:
            return None
        if tumor.is_small_cell:
            if line == 1 and not used & {"etoposide_cisplatin"}:
                if year >= 2023 and rng.random() < 0.3:
                    return "etoposide_carboplatin_serplulimab"
                return "etoposide_carboplatin_atezolizumab" if year >= 2020 else "etoposide_cisplatin"
            for option in ("topotecan_monotherapy", "anlotinib_monotherapy"):
                if option not in used:
                    return option
            return None
        sensitizing_egfr = tumor.driver == "EGFR" and tumor.driver_alteration in EGFR_SENSITIZING
        if sensitizing_egfr:
            tkis = used & {"gefitinib", "icotinib", "erlotinib", "afatinib", "osimertinib", "almonertinib", "furmonertinib"}
            if not tkis and "osimertinib_adjuvant" not in used:
                if year >= 2019:
                    options = ("osimertinib", "almonertinib", "furmonertinib", "gefitinib", "icotinib", "erlotinib", "afatinib")
                    return weighted_choice(rng, options, (40, 12, 10, 15, 13, 5, 5))
                return weighted_choice(rng, FIRST_GEN_EGFR, (45, 35, 10, 10))
            if tkis and tkis <= set(FIRST_GEN_EGFR) and course.rebiopsy and course.rebiopsy[1]:
                return "osimertinib"
        targeted_first = {
            "ALK": ("alectinib", "ensartinib", "crizotinib", "lorlatinib"),
            "ROS1": ("crizotinib",),
            "BRAF": ("dabrafenib_trametinib",),
            "MET": ("savolitinib",) if year >= 2021 else (),
            "RET": ("pralsetinib",) if year >= 2021 else (),
        }.get(tumor.driver or "", ())
        if targeted_first and not used & set(targeted_first):
            return targeted_first[0] if len(targeted_first) == 1 else weighted_choice(rng, targeted_first, (60, 20, 15, 5))
        if tumor.driver == "ALK" and "lorlatinib" not in used and rng.random() < 0.5:
            return "lorlatinib"
        chemo_used = any("carboplatin" in r or "cisplatin" in r for r in used)
        io_used = any(
            self.regimen_table[r]["agents"].keys() & {"pembrolizumab", "sintilimab", "camrelizumab", "tislelizumab"} for r in used
        )
        squamous = tumor.histology_group == "squamous"
        if not chemo_used or (not io_used and line == 1):
            has_driver = tumor.driver in ("EGFR", "ALK", "ROS1") and tumor.driver_alteration != "exon 20 insertion"
            if year >= 2019 and not has_driver:
                if tumor.pdl1_tps is not None and tumor.pdl1_tps >= 50 and rng.random() < 0.3:
                    return "pembrolizumab_monotherapy"
                if squamous:
                    return rng.choice(("tislelizumab_paclitaxel_carboplatin", "pembrolizumab_nab_paclitaxel_carboplatin"))
                return weighted_choice(
                    rng,
                    (
                        "pembrolizumab_pemetrexed_carboplatin",
                        "sintilimab_pemetrexed_carboplatin",
                        "camrelizumab_pemetrexed_carboplatin",
                    ),
                    (45, 30, 25),
                )
            if squamous:
                return rng.choice(("gemcitabine_cisplatin", "paclitaxel_carboplatin"))
            return rng.choice(("pemetrexed_carboplatin", "pemetrexed_carboplatin", "bevacizumab_pemetrexed_carboplatin"))
        if not io_used and year >= 2019 and rng.random() < 0.4:
            return "pembrolizumab_monotherapy"
        for option in ("docetaxel_monotherapy", "anlotinib_monotherapy"):
            if option not in used:
                return option
        return None

    # --- giving regimens ----------------------------------------------------------------------------------------
    def _add_fixed(self, course: Course, regimen: str, setting: str, line: int, start: dt.date, stop: dt.date) -> dt.date:
        """Give a fixed number of cycles (cut short by `stop`); return the day after the last cycle ends."""
        spec = self.regimen_table[regimen]
        starts = []
        day = start
        for _ in range(int(spec.get("cycles", 4))):
            if day >= stop:
                break
            starts.append(day)
            day = add_days(day, int(spec["cycle_days"]) + self.rng.choice((0, 0, 0, 1, 2, 3, 7)))
        if starts:
            reason = "completed" if len(starts) == int(spec.get("cycles", 4)) else "stopped"
            course.regimens.append(RegimenCourse(regimen, setting, line, starts, reason))
        return day

    def _add_continuous(
        self, course: Course, regimen: str, setting: str, line: int, start: dt.date, stop: dt.date, limit: int
    ) -> dt.date:
        return self._add_cycles(course, regimen, setting, line, start, stop, limit)

    def _add_cycles(
        self, course: Course, regimen: str, setting: str, line: int, start: dt.date, stop: dt.date, limit: int
    ) -> dt.date:
        spec = self.regimen_table[regimen]
        starts = []
        day = start
        while day < stop and len(starts) < limit:
            starts.append(day)
            day = add_days(day, int(spec["cycle_days"]) + self.rng.choice((0, 0, 0, 1, 2, 3)))
        if starts:
            course.regimens.append(
                RegimenCourse(regimen, setting, line, starts, "completed" if len(starts) == limit else "stopped")
            )
        return day

    def _give_until(self, course: Course, regimen: str, line: int, start: dt.date, stop: dt.date) -> None:
        spec = self.regimen_table[regimen]
        if spec.get("continuous") and "cycles" not in spec:
            self._add_cycles(course, regimen, "metastatic", line, start, stop, 10_000)
            return
        after = self._add_cycles(course, regimen, "metastatic", line, start, stop, int(spec.get("cycles", 4)))
        maintenance = spec.get("maintenance")
        if maintenance and after < stop and (self.tumor.histology_group != "squamous" or "pemetrexed" not in maintenance):
            if regimen == "pemetrexed_carboplatin" and self.rng.random() < 0.4:
                return
            self._add_cycles(
                course, maintenance, "maintenance", line, after, stop, int(self.regimen_table[maintenance]["cycles"])
            )

    # --- imaging schedule --------------------------------------------------------------------------------------
    def _response_scans(
        self, course: Course, start: dt.date, stop: dt.date, primary_mm: int | None, sites: list[str], regimen: str
    ) -> None:
        rng = self.rng
        depth = (0.4, 0.7) if self.regimen_table[regimen].get("continuous") else (0.6, 1.0)
        best = int(primary_mm * rng.uniform(*depth)) if primary_mm else None
        previous = primary_mm
        day = add_days(start, 60 + rng.randint(0, 10))
        while day < add_days(stop, -14):
            size = best
            change = None if size is None else "smaller" if previous and size < previous * 0.9 else "stable"
            course.assessments.append(Assessment(day, "response", size, change, list(sites), []))
            previous = size
            day = add_days(day, 84 + rng.randint(0, 14))

    def _surveillance(self, course: Course, after: dt.date, primary_mm: int | None = None) -> None:
        day = add_days(after, 180)
        while day < self.horizon and len(course.assessments) < 14:
            change = "stable" if primary_mm else None
            course.assessments.append(Assessment(day, "surveillance", primary_mm, change, list(self.tumor.metastasis_sites), []))
            day = add_days(day, 180 if (day - after).days < 730 else 365)

    def _trim(self, course: Course, end: dt.date) -> None:
        """Nothing is recorded after death or the end of follow-up."""
        for regimen in course.regimens:
            regimen.cycle_starts = [d for d in regimen.cycle_starts if d <= end]
        course.regimens = [r for r in course.regimens if r.cycle_starts]
        course.radiotherapy = [r for r in course.radiotherapy if r.start <= end]
        for rt in course.radiotherapy:
            rt.end = min(rt.end, end)
        course.assessments = sorted((a for a in course.assessments if a.date <= end), key=lambda a: a.date)
        course.progression_dates = [d for d in course.progression_dates if d <= end]
        if course.rebiopsy and course.rebiopsy[0] > end:
            course.rebiopsy = None
        course.regimens.sort(key=lambda r: r.start)


def build_course(
    rng: random.Random, catalog: Catalog, tumor: Tumor, age: int, diagnosis_date: dt.date, cutoff: dt.date
) -> Course:
    """Simulate one patient's course from diagnosis to death, loss to follow-up, or the data cut-off."""
    return _CourseBuilder(rng, catalog, tumor, age, cutoff).build(diagnosis_date)
