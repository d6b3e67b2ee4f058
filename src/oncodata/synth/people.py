"""Patients as people: name, sex, birth date, address, identifiers, smoking, insurance, contacts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from oncodata.synth.catalog import Catalog
from oncodata.synth.identifiers import format_mrn, make_landline, make_mobile, make_resident_id
from oncodata.synth.sampling import weighted_choice


@dataclass(frozen=True)
class Person:
    """One synthetic patient's identity and social history (all values fictitious)."""

    index: int
    mrn: str
    name_zh: str
    name_en: str
    is_male: bool
    birth_date: dt.date
    resident_id: str
    phone: str
    address: str
    ethnicity_zh: str
    ethnicity_en: str
    insurance_zh: str
    insurance_en: str
    outpatient_no: str
    inpatient_no: str
    contact_name_zh: str
    contact_name_en: str
    contact_phone: str
    smoking_status: str  # never / former / current
    pack_years: int

    def name(self, locale: str) -> str:
        return self.name_zh if locale == "zh" else self.name_en

    def contact_name(self, locale: str) -> str:
        return self.contact_name_zh if locale == "zh" else self.contact_name_en


def _full_name(rng: random.Random, catalog: Catalog, is_male: bool, surname: str | None = None) -> tuple[str, str]:
    names = catalog.names
    if surname is None:
        surname = rng.choice(list(names["surnames"]))
    pool = names["given_male" if is_male else "given_female"]
    given = rng.sample(list(pool), k=rng.choice((1, 2, 2, 2)))
    zh = surname + "".join(given)
    en = f"{names['surnames'][surname]} {''.join(pool[c] for c in given).capitalize()}"
    return zh, en


def make_person(rng: random.Random, catalog: Catalog, index: int, seed: int, diagnosis_date: dt.date) -> Person:
    """A patient with age, sex and smoking typical of a Chinese lung cancer clinic (about 60% men, median age ~62)."""
    places = catalog.places
    is_male = rng.random() < 0.6
    age = min(88, max(28, round(rng.gauss(62, 9.5))))
    birth_date = dt.date(diagnosis_date.year - age, 1, 1) + dt.timedelta(days=rng.randrange(365))
    region = weighted_choice(rng, places["regions"], [r["weight"] for r in places["regions"]])
    name_zh, name_en = _full_name(rng, catalog, is_male)
    surname = next(s for s in catalog.names["surnames"] if name_zh.startswith(s))
    # The contact is usually a spouse or a child (who shares the surname).
    contact_is_child = rng.random() < 0.55
    contact_zh, contact_en = _full_name(
        rng, catalog, rng.random() < 0.5 if contact_is_child else not is_male, surname if contact_is_child else None
    )
    smoking_roll = rng.random()
    if is_male:
        smoking_status = "current" if smoking_roll < 0.45 else "former" if smoking_roll < 0.68 else "never"
    else:
        smoking_status = "current" if smoking_roll < 0.05 else "former" if smoking_roll < 0.09 else "never"
    pack_years = 0 if smoking_status == "never" else max(2, round(rng.gauss(36, 15)))
    ethnicity = weighted_choice(rng, places["ethnicities"], [e["weight"] for e in places["ethnicities"]])
    insurance = weighted_choice(rng, places["insurance"], [i["weight"] for i in places["insurance"]])
    city = region["city"] or ""
    address = (
        f"{region['province']}{city}{region['district']}{rng.choice(places['streets'])}{rng.randrange(1, 300)}号"
        f"{rng.choice(places['communities'])}{rng.randrange(1, 30)}号楼{rng.randrange(1, 6)}单元{rng.randrange(101, 2400)}"
    )
    phone = make_mobile(rng, places["mobile_prefixes"])
    contact_phone = (
        make_mobile(rng, places["mobile_prefixes"]) if rng.random() < 0.9 else make_landline(rng, places["landline_area_codes"])
    )
    return Person(
        index=index,
        mrn=format_mrn(index, seed),
        name_zh=name_zh,
        name_en=name_en,
        is_male=is_male,
        birth_date=birth_date,
        resident_id=make_resident_id(rng, region["code"], birth_date, is_male),
        phone=phone,
        address=address,
        ethnicity_zh=ethnicity["name"],
        ethnicity_en=ethnicity["en"],
        insurance_zh=insurance["name"],
        insurance_en=insurance["en"],
        outpatient_no=f"MZ{seed % 97:02d}{index + 3000000:08d}",
        inpatient_no=f"{seed % 9 + 1}{index + 200000:07d}",
        contact_name_zh=contact_zh,
        contact_name_en=contact_en,
        contact_phone=contact_phone,
        smoking_status=smoking_status,
        pack_years=pack_years,
    )
