"""Monthly adoption of Minghu Bank's products since launch (Bass diffusion).

Planted truth: every product's Bass parameters (innovation p, imitation q, market
potential m, per month); ``truth()`` returns them. New adopters in month t since
launch are m·[F(t) − F(t−1)] with the Bass cumulative share
F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}), times a small multiplicative noise.
Products are at different stages at 2025-12: some early, some near their peak, some
mature or declining.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data.schema import Dataset, cols

LAST_MONTH = pd.Timestamp("2025-12-01")
NOISE_SD = 0.04  # log-normal noise on monthly adopters

# product_id: (p, q, m) per month; launch dates come from the products shelf
BASS = {
    "D03": (0.006, 0.090, 60_000.0),
    "W01": (0.012, 0.120, 150_000.0),
    "W02": (0.008, 0.100, 45_000.0),
    "W04": (0.0035, 0.055, 38_000.0),
    "L01": (0.004, 0.065, 80_000.0),
    "C02": (0.005, 0.100, 50_000.0),
    "W05": (0.0035, 0.080, 20_000.0),
    "W06": (0.002, 0.070, 3_000.0),
}

ADOPTION = Dataset(
    "adoption",
    "Monthly adopters of Minghu Bank products",
    "New customers adopting each of eight Minghu Bank products, month by month from the "
    "product's launch month to 2025-12 (bank-wide counts, from the product system).",
    cols(
        ("product_id", "str", "", "Product identifier (see products)"),
        ("month", "date", "", "First day of the month"),
        ("months_since_launch", "int", "months", "1 in the launch month, 2 in the next, ..."),
        ("new_adopters", "int", "customers", "Customers who bought the product for the first time that month"),
    ),
)

SCHEMAS = [ADOPTION]


def bass_cumulative(t, p: float, q: float):
    """Bass cumulative adoption share F(t) (0 at t = 0, 1 as t grows)."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1 - e) / (1 + (q / p) * e)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """Adoption series of every product in BASS, launch month to LAST_MONTH."""
    launch = frames["products"].set_index("product_id")["launch_date"]
    parts = []
    for pid, (p, q, m) in BASS.items():
        start = pd.Timestamp(launch[pid]).to_period("M").to_timestamp()
        months = pd.date_range(start, LAST_MONTH, freq="MS")
        t = np.arange(1, len(months) + 1)
        expected = m * (bass_cumulative(t, p, q) - bass_cumulative(t - 1, p, q))
        noisy = np.round(expected * np.exp(rng.normal(0, NOISE_SD, len(t)))).astype(int)
        parts.append(pd.DataFrame({"product_id": pid, "month": months.strftime("%Y-%m-%d"),
                                   "months_since_launch": t, "new_adopters": noisy}))
    return {"adoption": pd.concat(parts, ignore_index=True)[ADOPTION.column_names]}


def truth(frames: dict) -> dict:
    """Planted Bass parameters per product, with the peak month t* = ln(q/p)/(p+q)."""
    return {
        "bass": {
            pid: {"p": p, "q": q, "m": m, "t_star": float(np.log(q / p) / (p + q))}
            for pid, (p, q, m) in BASS.items()
        }
    }
