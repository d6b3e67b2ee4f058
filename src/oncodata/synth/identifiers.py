"""Identifier makers: 身份证号 with its GB 11643-1999 check digit, phones, MRNs and hospital numbers."""

from __future__ import annotations

import datetime as dt
import random

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def resident_id_check_char(first_17_digits: str) -> str:
    """The 18th character of a resident identity number (ISO 7064 MOD 11-2 as GB 11643 specifies).

    >>> resident_id_check_char("11010519491231002")
    'X'
    """
    total = sum(int(digit) * weight for digit, weight in zip(first_17_digits, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def is_valid_resident_id(value: str) -> bool:
    """True when an 18-character resident id has digits, a real birth date and the right check character."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return resident_id_check_char(value[:17]) == value[17].upper()


def make_resident_id(rng: random.Random, region_code: str, birth_date: dt.date, is_male: bool) -> str:
    """A resident id for this region and birth date; the sequence digit's parity encodes sex (odd = male)."""
    sequence = rng.randrange(0, 100)
    sex_digit = rng.choice("13579" if is_male else "02468")
    first_17 = f"{region_code}{birth_date:%Y%m%d}{sequence:02d}{sex_digit}"
    return first_17 + resident_id_check_char(first_17)


def make_mobile(rng: random.Random, prefixes: list[str]) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(prefixes) + f"{rng.randrange(0, 10**8):08d}"


def make_landline(rng: random.Random, area_codes: list[str]) -> str:
    """A landline as written in forms: area code, hyphen, 8 digits."""
    return f"{rng.choice(area_codes)}-{rng.randrange(2 * 10**7, 9 * 10**7):08d}"


def format_mrn(patient_index: int, seed: int) -> str:
    """病案号: unique per patient within a run; the seed moves the number block so runs do not collide."""
    return f"{(seed % 90 + 10)}{patient_index + 100000:07d}"
