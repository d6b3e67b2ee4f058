"""Identifier makers: GB 11643 check digits on known and generated ids."""

from __future__ import annotations

import datetime as dt
import random

from oncodata.synth.identifiers import is_valid_resident_id, make_resident_id, resident_id_check_char


def test_check_char_matches_the_published_example():
    assert resident_id_check_char("11010519491231002") == "X"
    assert is_valid_resident_id("11010519491231002X")
    assert not is_valid_resident_id("110105194912310021")


def test_generated_ids_are_valid_and_encode_sex():
    rng = random.Random(5)
    for _ in range(500):
        is_male = rng.random() < 0.5
        value = make_resident_id(rng, "110105", dt.date(1960, 2, 29), is_male)
        assert is_valid_resident_id(value) and value[6:14] == "19600229"
        assert (int(value[16]) % 2 == 1) == is_male
