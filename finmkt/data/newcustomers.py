"""The new-customer model shared by the acquisition and retention families (module 03).

One world: Minghu Bank's new customers have one set of acquisition channels, one channel
mix per segment and one planted churn process, whichever lesson looks at them. The
acquisition family (channel economics) draws the 2024-2025 customers of the extract with
it; the retention family takes those customers over unchanged and adds the 2023 cohort and
the ex-customers, every cohort under the same rule (a leaver closes the account with
``CLOSE_SHARE``, the others stay in the extract, dormant).

Churn process: a customer's lifetime (months from the acquisition day to the last active
day) has a piecewise-constant monthly hazard by acquisition channel and segment, higher in
the first three months (onboarding) and for customers acquired with a new-customer coupon
(新客礼券), who tend to leave once it is spent.
"""

from __future__ import annotations

import numpy as np

from finmkt.data.customers import SEGMENTS

CHANNELS = ["branch", "rm", "telemarketing", "sms", "app", "third_party", "social_kol"]
#: Days in an average month: durations in months are days / this.
MONTH_DAYS = 365.25 / 12

#: Channel mix of a segment's new customers (rows: SEGMENTS, columns: CHANNELS).
SEG_MIX = np.array([
    [0.08, 0.04, 0.06, 0.07, 0.35, 0.22, 0.18],  # young professionals
    [0.25, 0.06, 0.14, 0.10, 0.22, 0.12, 0.11],  # mass-market families
    [0.18, 0.50, 0.08, 0.04, 0.10, 0.06, 0.04],  # entrepreneurs
    [0.45, 0.08, 0.25, 0.10, 0.05, 0.02, 0.05],  # retirees
    [0.03, 0.00, 0.02, 0.05, 0.42, 0.23, 0.25],  # students and first-jobbers
])
#: Share of a channel's new customers who came with a new-customer coupon.
COUPON_SHARE = dict(zip(CHANNELS, [0.10, 0.05, 0.15, 0.20, 0.30, 0.60, 0.50], strict=True))
#: Planted monthly churn hazard after the first three months, by channel (a customer of the
#: reference segment, no coupon), and the segment multipliers.
BASE_HAZARD = dict(zip(CHANNELS, [0.008, 0.005, 0.016, 0.018, 0.012, 0.032, 0.028], strict=True))
SEGMENT_FACTOR = dict(zip(SEGMENTS, [1.0, 0.8, 0.9, 0.6, 1.5], strict=True))
#: Multipliers of the hazard in months 1-3 (onboarding) and later, without / with a coupon.
EARLY_MONTHS = 3
EARLY_FACTOR = {0: 1.5, 1: 4.0}
LATE_FACTOR = {0: 1.0, 1: 1.3}
MAX_HAZARD = 0.6


def hazards(channel: str, segment: str, coupon: int) -> tuple[float, float]:
    """(monthly hazard in months 1-3, monthly hazard afterwards) of a customer."""
    late = BASE_HAZARD[channel] * SEGMENT_FACTOR[segment]
    return min(MAX_HAZARD, late * EARLY_FACTOR[coupon]), min(MAX_HAZARD, late * LATE_FACTOR[coupon])


def rates(chan: np.ndarray, seg: np.ndarray, coupon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Continuous (early, late) rates per month of customers given as index arrays."""
    table = np.array([[[[-np.log1p(-h) for h in hazards(ch, s, cp)] for cp in (0, 1)] for s in SEGMENTS]
                      for ch in CHANNELS])  # channel x segment x coupon x (early, late)
    r = table[np.asarray(chan), np.asarray(seg), np.asarray(coupon).astype(int)]
    return r[..., 0], r[..., 1]


def cum_hazard(t, early_rate, late_rate):
    """Cumulative hazard at t months (continuous rates per month)."""
    t = np.asarray(t, dtype=float)
    return early_rate * np.minimum(t, EARLY_MONTHS) + late_rate * np.maximum(t - EARLY_MONTHS, 0.0)


def inv_cum_hazard(e, early_rate, late_rate):
    """The time t at which the cumulative hazard reaches e."""
    e = np.asarray(e, dtype=float)
    h3 = early_rate * EARLY_MONTHS
    return np.where(e <= h3, e / early_rate, EARLY_MONTHS + (e - h3) / late_rate)


def survival(t, channel: str, segment: str, coupon: int):
    """Planted survival S(t) = P(lifetime > t months)."""
    h_e, h_l = hazards(channel, segment, coupon)
    return np.exp(-cum_hazard(t, -np.log1p(-h_e), -np.log1p(-h_l)))


#: Account closure: a customer who leaves closes the account with this probability, on a day
#: uniformly 0..CLOSE_WITHIN_DAYS - 1 after the last active day; the others keep it, dormant
#: (睡眠户 once long enough). Closing does not depend on how long ago the customer left, so
#: a customer who left in the last 90 days is as likely to be dormant as an earlier leaver.
CLOSE_SHARE = 0.3
CLOSE_WITHIN_DAYS = 60


def closed_probability(early_rate, late_rate, age_days):
    """P(a customer acquired ``age_days`` before the cut-off has closed the account by then):
    CLOSE_SHARE x P(lifetime + closure delay <= age), the delay uniform on 0..59 days."""
    g = np.arange(CLOSE_WITHIN_DAYS)
    a = np.asarray(age_days, dtype=float)[..., None] - g
    dead = np.where(a > 0, -np.expm1(-cum_hazard(np.maximum(a, 0) / MONTH_DAYS, np.asarray(early_rate)[..., None],
                                                 np.asarray(late_rate)[..., None])), 0.0)
    return CLOSE_SHARE * dead.mean(axis=-1)


def kept_lifetime(rng, early_rate, late_rate, age_days):
    """Lifetimes (months) of customers who still hold an account at the cut-off (``age_days``
    after acquisition): the planted lifetime, redrawn while the customer is one who closed
    (a leaver of CLOSE_SHARE whose closure day, 0..59 days after the last active day, is on
    or before the cut-off). A leaver who did not close stays, dormant, however recent."""
    er, lr = np.asarray(early_rate, dtype=float), np.asarray(late_rate, dtype=float)
    age = np.asarray(age_days, dtype=float)
    life = np.empty(len(age))
    todo = np.arange(len(age))
    while len(todo):
        x = rng.standard_exponential(len(todo))
        lt = inv_cum_hazard(x, er[todo], lr[todo])
        gone = (rng.random(len(todo)) < CLOSE_SHARE) & (
            lt * MONTH_DAYS + rng.integers(0, CLOSE_WITHIN_DAYS, len(todo)) <= age[todo])
        life[todo[~gone]] = lt[~gone]
        todo = todo[gone]
    return life


def closer_lifetime(rng, early_rate, late_rate, age_days):
    """(lifetime in months, closure delay in days) of customers who closed the account by the
    cut-off (``age_days`` after acquisition): the delay drawn with weight P(lifetime <= age -
    delay), then the lifetime from the planted distribution truncated there."""
    er, lr = np.asarray(early_rate, dtype=float), np.asarray(late_rate, dtype=float)
    age = np.asarray(age_days, dtype=float)
    g = np.arange(CLOSE_WITHIN_DAYS)
    room = np.maximum(age[:, None] - g, 0) / MONTH_DAYS
    dead = -np.expm1(-cum_hazard(room, er[:, None], lr[:, None]))
    cum = np.cumsum(dead, axis=1)
    u = rng.random(len(age)) * cum[:, -1]
    delay = np.minimum((u[:, None] > cum).sum(axis=1), CLOSE_WITHIN_DAYS - 1)
    p = dead[np.arange(len(age)), delay]
    life = inv_cum_hazard(-np.log1p(-rng.random(len(age)) * p), er, lr)
    return life, delay
