"""Retention and customer lifetime value (lesson 03_channels/04_retention).

COURSE.md's LTV: a just-acquired customer, margin m at the end of each month t while still
active, survival S(t), monthly discount rate i, CAC excluded::

    LTV = Σ_{t=1..T} m·S(t) / (1 + i)^t

With constant monthly retention S(t) = r^t and T = ∞ it is the closed form m·r / (1 + i − r),
taught as that special case (the channel-economics lesson uses it per channel). The value of a
retention gain reads the annual retention R = S(12) as a constant monthly r = R^(1/12) and
lifts R by a number of percentage points (capped at 99.9%).
"""

from __future__ import annotations

import numpy as np


def ltv_from_survival(surv_1_to_t, margin: float, i: float) -> float:
    """LTV = Σ_{t=1..T} margin × S(t) / (1 + i)^t for the survival S(1), ..., S(T) (RMB)."""
    t = np.arange(1, len(surv_1_to_t) + 1)
    return float((margin * np.asarray(surv_1_to_t) / (1 + i) ** t).sum())


def ltv_constant(margin, r, i):
    """Closed-form LTV m·r / (1 + i − r): constant monthly retention r, infinite horizon
    (floats or Series alike)."""
    return margin * r / (1 + i - r)


def five_point_gain(annual_retention: float, margin: float, i: float, points: float = 0.05) -> dict:
    """The value of lifting annual retention R by ``points``: r = R^(1/12), r+ = min(R + points,
    0.999)^(1/12), LTV by :func:`ltv_constant`. Keys: annual_retention, ltv, ltv_plus, gain,
    gain_pct."""
    r = annual_retention ** (1 / 12)
    r2 = min(annual_retention + points, 0.999) ** (1 / 12)
    base, new = ltv_constant(margin, r, i), ltv_constant(margin, r2, i)
    return {"annual_retention": annual_retention, "ltv": base, "ltv_plus": new, "gain": new - base,
            "gain_pct": new / base - 1}
