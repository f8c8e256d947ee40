"""Funnel and A/B testing (lesson 03_channels/02_funnel_ab_testing): the sample size per arm.

COURSE.md's convention is Fleiss' formula without continuity correction (statsmodels'
``samplesize_proportions_2indep_onetail``)::

    n = ceil([z(1−α/2)·sqrt(2·p̄·q̄) + z(1−β)·sqrt(p1·q1 + p2·q2)]² / (p1 − p2)²),  p̄ = (p1 + p2)/2

e.g. p1 = 0.10, p2 = 0.12, α = 0.05, power 0.8 → 3,841 users per arm (Cohen's h, the
variant the course does not grade, gives 3,835).
"""

from __future__ import annotations

import math


def fleiss_n(p1: float, p2: float, alpha: float = 0.05, power: float = 0.80) -> int:
    """Users per arm to detect p1 against p2 with a two-sided test at ``alpha`` and the given power.

    Needs two different rates strictly between 0 and 1, and alpha and power in (0, 1).
    """
    from scipy.stats import norm

    if not (0 < p1 < 1 and 0 < p2 < 1) or p1 == p2:
        raise ValueError("need two different conversion rates strictly between 0 and 1")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError("alpha and power must be strictly between 0 and 1")
    pbar = (p1 + p2) / 2
    num = (norm.ppf(1 - alpha / 2) * math.sqrt(2 * pbar * (1 - pbar))
           + norm.ppf(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))
    return int(math.ceil(num**2 / (p1 - p2) ** 2))


def value_per_conversion(margin: float, retention: float, i: float, horizon: int) -> float:
    """The value of one more converted card holder on the module's LTV convention: the
    holder's monthly margin m kept with monthly retention r, discounted at i over T months,
    Σ_{t=1..T} m·r^t / (1 + i)^t (the lessons' one LTV formula, :func:`ltv_constant`)."""
    from finmkt.methods.retention import ltv_constant

    return float(ltv_constant(float(margin), float(retention), float(i), int(horizon)))
