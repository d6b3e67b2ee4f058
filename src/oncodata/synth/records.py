"""One patient's source rows for every hospital system, plus the truth about them, from person, tumour and course."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from oncodata.synth.catalog import Catalog
from oncodata.synth.course import Course
from oncodata.synth.dates import render_date, render_datetime
from oncodata.synth.disease import Biomarker, Tumor
from oncodata.synth.imaging_reports import render_imaging_report
from oncodata.synth.labs import draw_panel
from oncodata.synth.pathology_reports import ReportHeader, molecular_results, render_histology_report, render_molecular_report
from oncodata.synth.people import Person
from oncodata.synth.sampling import add_days

SMOKING_ZH = {"never": "从不吸烟", "former": "既往吸烟", "current": "吸烟"}
STATUS = {"alive": ("存活", "alive"), "dead": ("死亡", "dead"), "lost": ("失访", "lost to follow-up")}


@dataclass
class SourceRow:
    """A row bound for one source file, with the identifiers planted in it and (for reports) its stated facts."""

    source: str
    values: dict[str, Any]
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, field, value)
    facts: dict[str, Any] | None = None
    report_id: str | None = None


@dataclass
class Encounter:
    visit_id: str
    inpatient: bool
    department: str
    start: dt.date
    end: dt.date
    purpose: str  # diagnosis / biopsy / surgery / chemotherapy / targeted / immunotherapy / radiotherapy / review
    admission_count: int = 0


@dataclass
class PatientRecords:
    rows: list[SourceRow]
    truth: dict[str, Any]


class _PatientWriter:
    def __init__(
        self, rng: random.Random, catalog: Catalog, locale: str, person: Person, tumor: Tumor, course: Course, seed: int
    ) -> None:
        self.rng = rng
        self.catalog = catalog
        self.locale = locale
        self.person = person
        self.tumor = tumor
        self.course = course
        self.seed = seed
        self.rows: list[SourceRow] = []
        self.visit_counter = 0
        self.order_counter = 0
        self.admissions = 0
        self.encounters: list[Encounter] = []
        self.staff = [self._staff_name() for _ in range(6)]
        self.stated_biomarkers: list[dict[str, Any]] = []
        self.first_pathology_date: dt.date | None = None
        self.comorbidities = self._comorbidities()

    # --- helpers -----------------------------------------------------------------------------------------------
    def _staff_name(self) -> str:
        names = self.catalog.names
        surname = self.rng.choice(list(names["surnames"]))
        pool = names["given_male" if self.rng.random() < 0.5 else "given_female"]
        given = self.rng.sample(list(pool), k=self.rng.choice((1, 2)))
        if self.locale == "zh":
            return surname + "".join(given)
        return f"{names['surnames'][surname]} {''.join(pool[c] for c in given).capitalize()}"

    def _zh(self, zh: str, en: str) -> str:
        return zh if self.locale == "zh" else en

    def _department(self, key: str) -> str:
        entry = self.catalog.hospital["departments"][key]
        return entry[self.locale]

    def _comorbidities(self) -> list[dict[str, Any]]:
        chosen = []
        for item in self.catalog.diagnoses["comorbidities"]:
            if item.get("smokers_only") and self.person.smoking_status == "never":
                continue
            if self.rng.random() < item["prevalence"]:
                chosen.append(item)
        return chosen

    def _row(self, source: str, values: dict[str, Any], identifier_fields: tuple[tuple[str, str], ...] = ()) -> SourceRow:
        planted = [(kind, name, str(values[name])) for kind, name in identifier_fields if values.get(name)]
        row = SourceRow(source, values, planted)
        self.rows.append(row)
        return row

    def _encounter(self, inpatient: bool, department: str, start: dt.date, end: dt.date, purpose: str) -> Encounter:
        self.visit_counter += 1
        if inpatient:
            self.admissions += 1
        encounter = Encounter(
            visit_id=f"{'ZY' if inpatient else 'MZ'}{self.seed % 100:02d}{self.person.index:07d}{self.visit_counter:03d}",
            inpatient=inpatient,
            department=department,
            start=start,
            end=end,
            purpose=purpose,
            admission_count=self.admissions if inpatient else 0,
        )
        self.encounters.append(encounter)
        return encounter

    # --- build ---------------------------------------------------------------------------------------------------
    def build(self) -> PatientRecords:
        self._patient_master()
        self._diagnostic_workup()
        self._treatments()
        self._imaging()
        self._followup()
        self._visits_and_diagnoses()
        return PatientRecords(self.rows, self._truth())

    def _patient_master(self) -> None:
        p = self.person
        first_visit = self.course.assessments[0].date if self.course.assessments else self.course.diagnosis_date
        values = {
            "mrn": p.mrn,
            "name": p.name(self.locale),
            "sex": self._zh("男" if p.is_male else "女", "M" if p.is_male else "F"),
            "birth_date": render_date(self.rng, "patient_master", p.birth_date),
            "id_number": p.resident_id,
            "phone": p.phone,
            "address": p.address if self.locale == "zh" else f"{p.address} (CN)",
            "ethnicity": self._zh(p.ethnicity_zh, p.ethnicity_en),
            "insurance": self._zh(p.insurance_zh, p.insurance_en),
            "outpatient_no": p.outpatient_no,
            "inpatient_no": p.inpatient_no,
            "contact_name": p.contact_name(self.locale),
            "contact_phone": p.contact_phone,
            "smoking_status": self._zh(SMOKING_ZH[p.smoking_status], p.smoking_status),
            "pack_years": str(p.pack_years) if p.pack_years else "",
            "registered_at": render_date(self.rng, "patient_master", add_days(first_visit, -self.rng.randint(0, 3))),
        }
        self._row(
            "patient_master",
            values,
            (
                ("mrn", "mrn"),
                ("name", "name"),
                ("birth_date", "birth_date"),
                ("id_number", "id_number"),
                ("phone", "phone"),
                ("address", "address"),
                ("outpatient_no", "outpatient_no"),
                ("inpatient_no", "inpatient_no"),
                ("name", "contact_name"),
                ("phone", "contact_phone"),
            ),
        )

    def _report_lang(self) -> str:
        if self.locale == "en":
            return "en"
        return "en" if self.rng.random() < 0.12 else "zh"

    def _header(self, pathology_no: str, lang: str) -> ReportHeader:
        p = self.person
        age = (self.course.diagnosis_date - p.birth_date).days // 365
        hospital = self.catalog.hospital["hospital"][lang]
        sex = ("男" if p.is_male else "女") if lang == "zh" else ("Male" if p.is_male else "Female")
        name = p.name_zh if lang == "zh" and self.locale == "zh" else p.name_en
        return ReportHeader(hospital, pathology_no, name, sex, age, p.mrn, p.inpatient_no, self.staff[0], self.staff[1])

    def _pathology_row(
        self, report: Any, kind_zh: str, kind_en: str, pathology_no: str, received: dt.date, reported: dt.date, lang: str
    ) -> None:
        name = self.person.name(self.locale)
        values = {
            "pathology_no": pathology_no,
            "mrn": self.person.mrn,
            "name": name,
            "report_kind": self._zh(kind_zh, kind_en),
            "specimen": report.specimen,
            "received_at": render_date(self.rng, "pathology_reports", received),
            "reported_at": render_date(self.rng, "pathology_reports", reported),
            "report_text": report.text,
            "pathologist": self.staff[0],
        }
        row = self._row(
            "pathology_reports",
            values,
            (("pathology_no", "pathology_no"), ("mrn", "mrn"), ("name", "name"), ("staff_name", "pathologist")),
        )
        row.identifiers.extend((kind, "report_text", value) for kind, value in report.identifiers_in_text)
        facts = dict(report.facts)
        facts.update(kind="pathology", language=lang, report_date=reported.isoformat())
        row.facts = facts
        row.report_id = pathology_no
        self.stated_biomarkers.extend(
            {**b, "date": reported.isoformat(), "source": pathology_no} for b in report.facts["biomarkers"]
        )
        if report.facts["histology_code"] and self.first_pathology_date is None:
            self.first_pathology_date = reported

    def _diagnostic_workup(self) -> None:
        rng, tumor, course = self.rng, self.tumor, self.course
        ngs_panel = tumor.driver in ("ALK", "ROS1", "BRAF", "MET", "RET") or rng.random() < 0.6
        self.ngs_panel = ngs_panel
        serial = 0

        def next_no(prefix: str) -> str:
            nonlocal serial
            serial += 1
            return f"{prefix}{course.diagnosis_date:%y}{self.seed % 10}{self.person.index:06d}{serial}"

        specimen_date = course.biopsy_date or course.surgery_date or course.diagnosis_date
        if course.biopsy_date:
            lang = self._report_lang()
            number = next_no("B")
            report = render_histology_report(
                rng, self.catalog, tumor, self._header(number, lang), lang, False, ngs_panel or course.surgery_date is not None
            )
            if course.surgery_date:
                # Markers are reported on the resection specimen instead.
                report.facts["biomarkers"] = [b for b in report.facts["biomarkers"] if b["gene"] == "Ki-67"]
                report = type(report)(
                    _strip_lines(report.text, ("PD-L1", "ALK")), report.specimen, report.facts, report.identifiers_in_text
                )
            self._pathology_row(
                report, "活检病理", "biopsy", number, course.biopsy_date, add_days(course.biopsy_date, rng.randint(3, 6)), lang
            )
        if course.surgery_date:
            lang = self._report_lang()
            number = next_no("S")
            report = render_histology_report(rng, self.catalog, tumor, self._header(number, lang), lang, True, ngs_panel)
            self._pathology_row(
                report,
                "手术病理",
                "resection",
                number,
                course.surgery_date,
                add_days(course.surgery_date, rng.randint(5, 9)),
                lang,
            )
        if tumor.egfr_tested:
            lang = self._report_lang()
            number = next_no("M")
            results = molecular_results(tumor, ngs_panel)
            report = render_molecular_report(
                rng, self.catalog, results, self._header(number, lang), lang, ngs_panel, tumor.fusion_partner
            )
            self._pathology_row(
                report, "分子病理", "molecular", number, specimen_date, add_days(specimen_date, rng.randint(7, 14)), lang
            )
        if course.rebiopsy:
            when, found = course.rebiopsy
            lang = self._report_lang()
            number = next_no("M")
            results = [
                Biomarker("EGFR", tumor.driver_alteration, "positive"),
                Biomarker("EGFR", "T790M", "positive" if found else "negative"),
            ]
            report = render_molecular_report(rng, self.catalog, results[:1], self._header(number, lang), lang, False, "")
            t790m = (
                ("检测到EGFR基因20号外显子T790M突变" if found else "未检测到EGFR基因T790M突变")
                if lang == "zh"
                else ("EGFR T790M detected" if found else "EGFR T790M not detected")
            )
            text = _insert_before_signature(report.text, t790m)
            facts = dict(report.facts)
            facts["biomarkers"] = [b.as_dict() for b in results]
            report = type(report)(text, report.specimen, facts, report.identifiers_in_text)
            self._pathology_row(report, "分子病理", "molecular", number, when, add_days(when, rng.randint(5, 10)), lang)

    def _treatments(self) -> None:
        rng, course = self.rng, self.course
        if course.surgery_date:
            encounter = self._encounter(
                True,
                self._department("thoracic_surgery"),
                add_days(course.surgery_date, -2),
                add_days(course.surgery_date, rng.randint(4, 8)),
                "surgery",
            )
            self._labs(
                encounter.start,
                encounter.visit_id,
                ("blood_count", "liver_kidney", "tumour_markers"),
                disease_active=True,
                chemo=False,
            )
            self._surgery(encounter)
        for rt in course.radiotherapy:
            encounter = self._encounter(
                True, self._department("radiation_oncology"), add_days(rt.start, -1), add_days(rt.end, 1), "radiotherapy"
            )
            self._radiotherapy(rt, len([e for e in self.encounters if e.purpose == "radiotherapy"]))
            self._labs(encounter.start, encounter.visit_id, ("blood_count",), disease_active=True, chemo=False)
        regimens = self.catalog.regimens["regimens"]
        for regimen in course.regimens:
            spec = regimens[regimen.regimen]
            continuous = bool(spec.get("continuous"))
            for cycle_number, cycle_start in enumerate(regimen.cycle_starts, start=1):
                if continuous:
                    encounter = self._encounter(
                        False, self._department("outpatient_oncology"), cycle_start, cycle_start, "targeted"
                    )
                else:
                    ward = "day_ward" if rng.random() < 0.3 else "thoracic_oncology"
                    encounter = self._encounter(
                        ward != "day_ward",
                        self._department(ward),
                        add_days(cycle_start, -1),
                        add_days(cycle_start, rng.randint(1, 3)),
                        "chemotherapy",
                    )
                self._orders(regimen.regimen, spec, cycle_number, cycle_start, encounter)
                if not continuous or cycle_number % 3 == 1:
                    panels = ("blood_count", "liver_kidney") if cycle_number % 2 else ("blood_count",)
                    self._labs(encounter.start, encounter.visit_id, panels, disease_active=True, chemo=not continuous)

    def _orders(self, key: str, spec: dict[str, Any], cycle_number: int, cycle_start: dt.date, encounter: Encounter) -> None:
        drugs = self.catalog.drugs["drugs"]
        route_en = self.catalog.drugs["route_en"]
        continuous = bool(spec.get("continuous"))
        given: list[tuple[str, int]] = [(agent, day) for agent, days in spec["agents"].items() for day in days]
        given += [(agent, 1) for agent in spec.get("supportive", []) if cycle_number <= 6]
        for agent, day in given:
            drug = drugs[agent]
            dose = float(drug["dose"])
            if drug["class"] == "chemotherapy":
                dose = round(dose * self.rng.uniform(0.85, 1.12) / (10 if dose >= 100 else 1)) * (10 if dose >= 100 else 1)
            dose_text = f"{dose:g}"
            self.order_counter += 1
            on = add_days(cycle_start, day - 1)
            note = "" if continuous else (f"C{cycle_number}D{day}" if self.rng.random() < 0.6 else "")
            values = {
                "order_id": f"YZ{self.seed % 100:02d}{self.person.index:07d}{self.order_counter:04d}",
                "mrn": self.person.mrn,
                "visit_id": encounter.visit_id,
                "order_start": render_datetime(
                    self.rng, "medication_orders", on, self.rng.randint(8, 17), self.rng.randrange(60)
                ),
                "drug_generic": drug["zh"]
                if self.locale == "zh" and self.rng.random() < 0.7
                else drug["short_zh"]
                if self.locale == "zh"
                else drug["en"],
                "drug_brand": drug["brand"] if self.locale == "zh" else drug["en"].capitalize(),
                "dose": dose_text,
                "dose_unit": drug["unit"],
                "route": drug["route"] if self.locale == "zh" else route_en[drug["route"]],
                "frequency": drug["frequency"],
                "days": str(spec["cycle_days"]) if continuous else "1",
                "note": note,
                "prescriber": self.staff[2],
            }
            if self.course.death_date is not None and on > self.course.death_date:
                continue  # a later day of the last cycle that the patient did not live to receive
            self._row("medication_orders", values, (("mrn", "mrn"), ("staff_name", "prescriber")))

    def _labs(self, day: dt.date, visit_id: str, panels: tuple[str, ...], disease_active: bool, chemo: bool) -> None:
        for panel in panels:
            barcode = f"{day:%y%m%d}{self.person.index % 100000:05d}{self.rng.randrange(1000):03d}"
            collected = render_datetime(self.rng, "lab_results", day, self.rng.randint(6, 9), self.rng.randrange(60))
            for result in draw_panel(self.rng, self.catalog, panel, self.tumor.histology_group, disease_active, chemo):
                values = {
                    "specimen_barcode": barcode,
                    "mrn": self.person.mrn,
                    "visit_id": visit_id,
                    "collected_at": collected,
                    "instrument": result.instrument,
                    "item_code": result.item_code,
                    "item_name": result.item_name,
                    "result": result.value,
                    "unit": result.unit,
                    "reference_range": result.reference_range,
                    "flag": result.flag,
                }
                self._row("lab_results", values, (("mrn", "mrn"),))

    def _surgery(self, encounter: Encounter) -> None:
        course, tumor = self.course, self.tumor
        spec = self.catalog.hospital["surgeries"][course.surgery_kind or "lobectomy"]
        site_entry = self.catalog.diagnoses["primary"][tumor.site_key]
        side = "右" if tumor.laterality == "R" else "左"
        name = spec[self.locale].format(
            site=site_entry["site_zh"] if self.locale == "zh" else site_entry["site_en"],
            side=side,
            side_en="Right" if side == "右" else "Left",
        )
        values = {
            "surgery_id": f"SS{self.seed % 100:02d}{self.person.index:07d}",
            "mrn": self.person.mrn,
            "inpatient_no": self.person.inpatient_no,
            "surgery_date": render_date(self.rng, "surgery", course.surgery_date or encounter.start),
            "procedure_code": spec["code"],
            "procedure_name": name,
            "anesthesia": self.rng.choice(self.catalog.hospital["anesthesia"]) if self.locale == "zh" else "general",
            "blood_loss_ml": str(self.rng.choice((20, 30, 50, 50, 100, 150, 200, 400))),
            "surgeon": self.staff[3],
        }
        self._row("surgery", values, (("mrn", "mrn"), ("inpatient_no", "inpatient_no"), ("staff_name", "surgeon")))

    def _radiotherapy(self, rt: Any, number: int) -> None:
        plan = self.catalog.hospital["radiotherapy"][rt.plan]
        dose = float(plan["dose_gy"])
        fractions = int(plan["fractions"])
        values = {
            "course_id": f"RT{self.seed % 100:02d}{self.person.index:07d}{number}",
            "mrn": self.person.mrn,
            "start_date": render_date(self.rng, "radiotherapy", rt.start),
            "end_date": render_date(self.rng, "radiotherapy", rt.end),
            "target": plan["target_zh"] if self.locale == "zh" else plan["target_en"],
            "technique": plan["technique"],
            "total_dose_gy": f"{dose:g}",
            "fractions": str(fractions),
            "dose_per_fraction_gy": f"{dose / fractions:g}",
            "intent": plan["intent"] if self.locale == "zh" else self.catalog.hospital["intent_en"][plan["intent"]],
        }
        self._row("radiotherapy", values, (("mrn", "mrn"),))

    def _imaging(self) -> None:
        rng, course, tumor = self.rng, self.course, self.tumor
        previous = None
        for number, assessment in enumerate(course.assessments, start=1):
            modalities = ["CT"]
            if assessment.purpose == "baseline":
                modalities = ["CT", "MRI", "PET-CT" if rng.random() < 0.4 else "BONE"]
                if tumor.stage.startswith("IA") and rng.random() < 0.5:
                    modalities = ["CT"]
            elif "brain" in assessment.new_sites:
                modalities = ["CT", "MRI"]
            elif "bone" in assessment.new_sites:
                modalities = ["CT", "BONE"]
            encounter = self._encounter(
                False, self._department("outpatient_oncology"), assessment.date, assessment.date, "review"
            )
            self._labs(assessment.date, encounter.visit_id, ("tumour_markers",), disease_active=_active(assessment), chemo=False)
            for index, modality in enumerate(modalities):
                lang = self._report_lang()
                report = render_imaging_report(rng, self.catalog, tumor, modality, assessment, previous, lang)
                prefix = {"CT": "CT", "PET-CT": "CT", "MRI": "MR"}.get(modality, "NM")
                accession = f"{prefix}{assessment.date:%Y%m%d}{self.person.index % 100000:05d}{index}{number % 10}"
                exam_day = add_days(assessment.date, index)
                values = {
                    "accession_no": accession,
                    "mrn": self.person.mrn,
                    "name": self.person.name(self.locale),
                    "modality": modality if modality != "BONE" else ("ECT" if self.locale == "zh" else "NM"),
                    "exam_name": report.exam_name,
                    "exam_date": render_date(rng, "imaging_reports", exam_day),
                    "findings": report.findings,
                    "impression": report.impression,
                    "radiologist": self.staff[4],
                }
                row = self._row(
                    "imaging_reports",
                    values,
                    (("imaging_no", "accession_no"), ("mrn", "mrn"), ("name", "name"), ("staff_name", "radiologist")),
                )
                facts = dict(report.facts)
                facts.update(kind="imaging", modality=modality, language=lang, report_date=exam_day.isoformat())
                row.facts = facts
                row.report_id = accession
            previous = assessment

    def _followup(self) -> None:
        rng, course = self.rng, self.course
        cutoff_end = course.last_contact
        day = add_days(course.diagnosis_date, rng.randint(60, 120))
        sheet_rows: list[tuple[dt.date, str]] = []
        while day < cutoff_end:
            sheet_rows.append((day, "alive"))
            day = add_days(day, rng.randint(80, 190))
        if course.death_date:
            sheet_rows.append((add_days(course.death_date, rng.randint(3, 40)), "dead"))
        elif course.lost_to_followup:
            sheet_rows.append((add_days(cutoff_end, rng.randint(30, 90)), "lost"))
        else:
            sheet_rows.append((add_days(cutoff_end, -rng.randint(0, 20)), "alive"))
        self.last_alive_contact = max([d for d, status in sheet_rows if status == "alive"], default=course.diagnosis_date)
        methods = list(self.catalog.hospital["followup_methods"].items())
        causes = self.catalog.hospital["death_causes"]
        for when, status in sheet_rows:
            method = rng.choice(methods)
            death = course.death_date if status == "dead" else None
            values = {
                "mrn": self.person.mrn,
                "name": self.person.name(self.locale),
                "phone": self.person.phone if rng.random() < 0.7 else self.person.contact_phone,
                "followup_date": when if rng.random() < 0.6 else render_date(rng, "followup", when),
                "method": method[0] if self.locale == "zh" else method[1],
                "status": STATUS[status][0 if self.locale == "zh" else 1],
                "death_date": "" if death is None else (death if rng.random() < 0.5 else render_date(rng, "followup", death)),
                "death_cause": ""
                if death is None
                else (course.death_cause or "不详")
                if self.locale == "zh"
                else causes[course.death_cause or "不详"],
                "followed_by": self.staff[5],
            }
            self._row("followup", values, (("mrn", "mrn"), ("name", "name"), ("phone", "phone"), ("staff_name", "followed_by")))

    def _visits_and_diagnoses(self) -> None:
        course, tumor = self.course, self.tumor
        rng = self.rng
        if course.biopsy_date:
            self._encounter(
                True,
                self._department("respiratory"),
                add_days(course.biopsy_date, -1),
                add_days(course.biopsy_date, rng.randint(2, 5)),
                "biopsy",
            )
        diagnoses = self.catalog.diagnoses
        primary = diagnoses["primary"][tumor.site_key]
        metastasis_known: list[tuple[dt.date, str]] = [(course.diagnosis_date, s) for s in tumor.metastasis_sites]
        for assessment in course.assessments:
            metastasis_known.extend((assessment.date, s) for s in assessment.new_sites)
        treatment_code = diagnoses["treatment_encounter"]
        for encounter in sorted(self.encounters, key=lambda e: (e.start, e.visit_id)):
            values = {
                "visit_id": encounter.visit_id,
                "mrn": self.person.mrn,
                "visit_type": self._zh("住院", "inpatient") if encounter.inpatient else self._zh("门诊", "outpatient"),
                "inpatient_no": self.person.inpatient_no if encounter.inpatient else "",
                "admission_count": str(encounter.admission_count) if encounter.inpatient else "",
                "department": encounter.department,
                "visit_start": render_datetime(rng, "visits", encounter.start, rng.randint(8, 16), rng.randrange(60)),
                "visit_end": render_datetime(rng, "visits", encounter.end, rng.randint(9, 17), rng.randrange(60))
                if encounter.inpatient
                else "",
                "attending": self.staff[2] if encounter.purpose in ("chemotherapy", "targeted", "review") else self.staff[3],
            }
            self._row("visits", values, (("mrn", "mrn"), ("inpatient_no", "inpatient_no"), ("staff_name", "attending")))
            known_pathology = self.first_pathology_date is not None and encounter.start >= self.first_pathology_date
            morphology = f"M{tumor.histology_code}" if known_pathology and encounter.inpatient else ""
            items: list[tuple[str, str, str]] = []
            if encounter.purpose in ("chemotherapy", "radiotherapy", "targeted") and encounter.inpatient:
                key = "radiotherapy" if encounter.purpose == "radiotherapy" else "chemotherapy"
                items.append((self._zh("主要诊断", "principal"), treatment_code[key]["code"], treatment_code[key]["name"]))
                items.append((self._zh("其他诊断", "secondary"), primary["code"], primary["name"]))
            else:
                items.append((self._zh("主要诊断", "principal"), primary["code"], primary["name"]))
            if encounter.inpatient:
                for when, site in metastasis_known:
                    if when <= encounter.start:
                        entry = diagnoses["metastasis"][site]
                        items.append((self._zh("其他诊断", "secondary"), entry["code"], entry["name"]))
                for item in self.comorbidities:
                    items.append(
                        (self._zh("其他诊断", "secondary"), item["code"], item["name"] if self.locale == "zh" else item["en"])
                    )
            for kind, code, name in items:
                lung = code == primary["code"]
                self._row(
                    "diagnoses",
                    {
                        "visit_id": encounter.visit_id,
                        "mrn": self.person.mrn,
                        "diagnosis_kind": kind,
                        "icd10_code": code,
                        "diagnosis_name": name,
                        "morphology_code": morphology if lung else "",
                        "diagnosis_date": render_date(rng, "diagnoses", encounter.start),
                    },
                    (("mrn", "mrn"),),
                )

    def _truth(self) -> dict[str, Any]:
        course, tumor, person = self.course, self.tumor, self.person
        regimens = self.catalog.regimens["regimens"]
        drugs = self.catalog.drugs["drugs"]
        treatments: list[dict[str, Any]] = []
        if course.surgery_date:
            treatments.append(
                {
                    "type": "surgery",
                    "name": course.surgery_kind,
                    "start": course.surgery_date.isoformat(),
                    "end": course.surgery_date.isoformat(),
                    "line_of_therapy": None,
                    "setting": "curative",
                }
            )
        for rt in course.radiotherapy:
            plan = self.catalog.hospital["radiotherapy"][rt.plan]
            treatments.append({
                "type": "radiotherapy", "name": rt.plan, "start": rt.start.isoformat(), "end": rt.end.isoformat(),
                "dose_gy": plan["dose_gy"], "fractions": plan["fractions"], "line_of_therapy": None, "setting": plan["intent"],
            })  # fmt: skip
        for regimen in course.regimens:
            spec = regimens[regimen.regimen]
            last = regimen.cycle_starts[-1]
            treatments.append({
                "type": "regimen", "name": regimen.regimen, "drugs": sorted(drugs[a]["en"] for a in spec["agents"]),
                "start": regimen.start.isoformat(), "end": add_days(last, int(spec["cycle_days"]) - 1).isoformat(),
                "cycles": len(regimen.cycle_starts), "setting": regimen.setting, "line_of_therapy": regimen.line,
                "stop_reason": regimen.stop_reason,
            })  # fmt: skip
        treatments.sort(key=lambda t: (t["start"], t["type"]))
        pathologic = course.surgery_date is not None
        alive_end = max([self.last_alive_contact] + [e.end for e in self.encounters])
        return {
            "person_key": person.mrn,
            "sex": "M" if person.is_male else "F",
            "birth_date": person.birth_date.isoformat(),
            "smoking_status": person.smoking_status,
            "pack_years": person.pack_years,
            "diagnosis_date": course.diagnosis_date.isoformat(),
            "primary_site": self.catalog.diagnoses["primary"][tumor.site_key]["topography"],
            "laterality": "right" if tumor.laterality == "R" else "left",
            "icd10_code": self.catalog.diagnoses["primary"][tumor.site_key]["code"],
            "histology_code": tumor.histology_code,
            "histology_group": tumor.histology_group,
            "histology_text": tumor.histology_en,
            "grade": tumor.grade,
            "tumor_size_mm": tumor.size_mm,
            "tnm_prefix": "p" if pathologic else "c",
            "t": tumor.t,
            "n": tumor.n,
            "m": tumor.m,
            "stage_group": tumor.stage,
            "metastasis_sites_at_diagnosis": tumor.metastasis_sites,
            "biomarkers": self.stated_biomarkers,
            "comorbidities": [c["code"] for c in self.comorbidities],
            "treatments": treatments,
            "progression_dates": [d.isoformat() for d in course.progression_dates],
            "vital_status": "dead" if course.death_date else "alive",
            "death_date": course.death_date.isoformat() if course.death_date else None,
            "censor_date": None if course.death_date else alive_end.isoformat(),
            "lost_to_followup": course.lost_to_followup,
        }


def _active(assessment: Any) -> bool:
    return assessment.primary_size_mm is not None or bool(assessment.known_sites)


def _strip_lines(text: str, markers: tuple[str, ...]) -> str:
    """Drop report lines mentioning the given markers (and marker items inside the IHC line)."""
    kept = []
    for line in text.split("\n"):
        if line.startswith("PD-L1"):
            continue
        for marker in markers:
            if marker == "ALK" and "ALK" in line:
                line = "，".join(part for part in line.split("，") if "ALK" not in part)
                line = ", ".join(part for part in line.split(", ") if "ALK" not in part)
        kept.append(line)
    return "\n".join(kept)


def _insert_before_signature(text: str, line: str) -> str:
    lines = text.split("\n")
    return "\n".join([*lines[:-1], line, lines[-1]])


def build_patient_records(
    rng: random.Random, catalog: Catalog, locale: str, person: Person, tumor: Tumor, course: Course, seed: int
) -> PatientRecords:
    """Every source row for one patient (in file order) plus the patient's truth record."""
    return _PatientWriter(rng, catalog, locale, person, tumor, course, seed).build()
