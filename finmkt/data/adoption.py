"""Monthly adoption of Minghu Bank's products since launch (Bass diffusion) and the
installed base of holders.

Planted truth: every product's Bass parameters (innovation p, imitation q, market
potential m, per month) and its monthly attrition, from ``spec.ADOPTION``. Expected new
adopters in month t since launch are m·[F(t) − F(t−1)] with the Bass cumulative share
F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}), times the calendar seasonality, the
campaign months and the regulatory shock of the specification, times a small
multiplicative noise. Holders close the product at the monthly attrition rate, so the
installed base at month end is last month's base minus leavers plus new adopters. The
customer extract's holdings of these products are sampled from the last month's
installed base, with opening months drawn from the survivors of each month's adopters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.schema import Dataset, cols
from finmkt.recipes.lifecycle import bass_cumulative

LAST_MONTH = pd.Timestamp("2025-12-01")
NOISE_SD = 0.05  # log-normal noise on monthly adopters

ADOPTION = Dataset(
    "adoption",
    "Monthly adopters and holders of Minghu Bank products",
    "New customers adopting each of eight Minghu Bank products, month by month from the "
    "product's launch month to 2025-12, and the installed base of holders at month end "
    "(bank-wide counts, from the product system). New adopters show the calendar "
    "(the first-quarter push 开门红 in January and March, the Spring Festival dip in "
    "February), campaign months, and one regulatory shock: the June 2021 cash-management "
    "rules cut new adopters of W01.",
    cols(
        ("product_id", "str", "", "Product identifier (see products)"),
        ("month", "date", "", "First day of the month"),
        ("months_since_launch", "int", "months", "1 in the launch month, 2 in the next, ..."),
        ("new_adopters", "int", "customers", "Customers who bought the product for the first time that month"),
        ("holders", "int", "customers", "Customers holding the product at the end of the month (installed base)"),
    ),
)

SCHEMAS = [ADOPTION]


def _multipliers(pid: str, months: pd.DatetimeIndex) -> np.ndarray:
    mult = np.asarray(spec.SEASONALITY)[months.month - 1]
    for cid, month, factor in spec.CAMPAIGNS:
        if cid == pid:
            mult = np.where(months == pd.Timestamp(month), mult * factor, mult)
    if spec.SHOCK["product_id"] == pid:
        mult = np.where(months >= pd.Timestamp(spec.SHOCK["from_month"]), mult * spec.SHOCK["factor"], mult)
    return mult


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """Adoption series and installed base of every product in ``spec.ADOPTION``."""
    launch = frames["products"].set_index("product_id")["launch_date"]
    grow = spec.bank_scale(scale)
    parts = []
    for pid, a in spec.ADOPTION.items():
        start = pd.Timestamp(launch[pid]).to_period("M").to_timestamp()
        months = pd.date_range(start, LAST_MONTH, freq="MS")
        t = np.arange(1, len(months) + 1)
        expected = a.m * grow * (bass_cumulative(t, a.p, a.q) - bass_cumulative(t - 1, a.p, a.q))
        expected = expected * _multipliers(pid, months)
        new = np.round(expected * np.exp(rng.normal(0, NOISE_SD, len(t)))).astype(np.int64)
        holders = np.empty(len(t), dtype=np.int64)
        base = 0
        for i, n in enumerate(new):  # a loop over months (at most a few hundred)
            base = base - rng.binomial(base, a.attrition) + n
            holders[i] = base
        parts.append(pd.DataFrame({"product_id": pid, "month": months.strftime("%Y-%m-%d"),
                                   "months_since_launch": t, "new_adopters": new, "holders": holders}))
    return {"adoption": pd.concat(parts, ignore_index=True)[ADOPTION.column_names]}


def survivor_weights(series: pd.DataFrame, attrition: float) -> np.ndarray:
    """Relative number of each month's adopters still holding at the last month."""
    new = series["new_adopters"].to_numpy(float)
    age = len(new) - 1 - np.arange(len(new))
    return new * (1 - attrition) ** age


def truth(frames: dict) -> dict:
    """Planted Bass parameters per product, with the peak month t* = ln(q/p)/(p+q)."""
    from finmkt.methods.lifecycle import peak_time

    return {
        "bass": {
            pid: {"p": a.p, "q": a.q, "m": a.m, "attrition": a.attrition,
                  "t_star": float(peak_time(a.p, a.q))}
            for pid, a in spec.ADOPTION.items()
        },
        "adoption_shock": dict(spec.SHOCK),
    }
