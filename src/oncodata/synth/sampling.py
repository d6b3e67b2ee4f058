"""Small sampling helpers over `random.Random` shared by the generator modules."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def weighted_choice(rng: random.Random, options: Sequence[T], weights: Sequence[float]) -> T:
    """One option drawn with the given relative weights."""
    return rng.choices(options, weights=weights, k=1)[0]


def exponential_days(rng: random.Random, median_months: float) -> int:
    """Days until an event with a constant hazard whose median is `median_months`."""
    rate = math.log(2) / (median_months * 30.44)
    return max(1, int(rng.expovariate(rate)))


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)
