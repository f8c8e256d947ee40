"""Channel economics (lesson 03_channels/01_channel_economics): LTV per channel and the budget split.

A channel's LTV is COURSE.md's closed form m·r / (1 + i − r) (constant monthly retention r,
monthly margin m, monthly discount rate i: :func:`finmkt.methods.retention.ltv_constant`).
New customers respond to a channel's monthly spend s as a·s^b (0 < b < 1); the budget is best
split where the marginal value per yuan, LTV·a·b·s^(b−1), is equal across channels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def optimal_allocation(a: dict, b: dict, value: dict, budget: float) -> dict:
    """Monthly spend per channel that equalises value·a·b·s^(b−1) (marginal value per yuan) and
    sums to ``budget``: s_c = (value_c·a_c·b_c / λ)^(1/(1−b_c)), λ by ``brentq`` on log λ."""
    from scipy.optimize import brentq

    ch = list(a)

    def spend(lam):
        return {c: (value[c] * a[c] * b[c] / lam) ** (1 / (1 - b[c])) for c in ch}

    def gap(loglam):
        return sum(spend(np.exp(loglam)).values()) - budget

    lam = np.exp(brentq(gap, -40, 40, xtol=1e-13))
    return spend(lam)


def marginal_cac(curves, monthly_spend):
    """Average and marginal CAC on the response curves at a monthly spend per channel.

    ``curves``: DataFrame indexed by channel with the columns ``a`` and ``b`` of new = a·s^b;
    ``monthly_spend``: Series by channel (RMB per month, incentives included). Columns:
    ``spend``, ``new`` = a·s^b, ``average_cac`` = s / new, ``marginal_cac`` = 1 / (a·b·s^(b−1))
    (the average CAC / b).
    """
    a, b = curves["a"], curves["b"]
    s = monthly_spend.reindex(curves.index)
    new = a * s**b
    out = pd.DataFrame({"spend": s, "new": new, "average_cac": s / new})
    out["marginal_cac"] = 1 / (a * b * s ** (b - 1))
    return out
