"""Minghu Bank's retail transactions in 2025, the raw material of RFM scoring.

Every customer of ``customers`` transacts at least once in the 12 months to
2025-12-31. Frequency, amount and channel follow the customer's planted segment;
about a fifth of customers lapse part-way through the year (their last transaction
is months before year end), so recency separates active from drifting customers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data.customers import SEGMENTS
from finmkt.data.schema import Dataset, cols

START = pd.Timestamp("2025-01-01")
AS_OF = pd.Timestamp("2025-12-31")
TXN_LINES = ["deposit", "wealth_management", "fund", "insurance", "credit_card"]
CHANNELS = ["app", "branch", "rm", "phone"]

# by segment (order of customers.SEGMENTS): yearly transactions, median amount (RMB)
_FREQ = np.array([10.0, 6.0, 9.0, 4.0, 9.0])
_AMOUNT_MEDIAN = np.array([6_000.0, 9_000.0, 80_000.0, 20_000.0, 800.0])
_LINE_P = np.array(
    [
        [0.30, 0.25, 0.15, 0.05, 0.25],
        [0.40, 0.25, 0.05, 0.15, 0.15],
        [0.25, 0.40, 0.15, 0.10, 0.10],
        [0.55, 0.35, 0.02, 0.08, 0.00],
        [0.45, 0.10, 0.05, 0.00, 0.40],
    ]
)
LAPSE_RATE = 0.2  # share of customers whose activity stops before year end
PREFERRED_CHANNEL_SHARE = 0.7  # share of a customer's transactions through the preferred channel

TRANSACTIONS = Dataset(
    "transactions",
    "Retail transactions in 2025",
    "One row per transaction of a Minghu Bank retail customer from 2025-01-01 to "
    "2025-12-31 (purchases of investment and insurance products, deposits, card spending "
    "settled). Every customer has at least one transaction. Stored gzip-compressed.",
    cols(
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("txn_date", "date", "", "Transaction date"),
        ("channel", "str", "", "Channel used: app, branch, rm, phone"),
        ("product_line", "str", "", "Product line: " + ", ".join(TXN_LINES)),
        ("amount", "float", "RMB", "Transaction amount"),
    ),
    scales=True,
    compressed=True,
)

SCHEMAS = [TRANSACTIONS]


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """Transactions of every customer, vectorised over the whole table."""
    customers = frames["customers"]
    seg_names = frames["_truth_segments"]["segment"].to_numpy()
    seg = pd.Categorical(seg_names, categories=SEGMENTS).codes
    n = len(customers)
    activity = np.exp(rng.normal(0, 0.4, n))  # customer-level engagement
    counts = 1 + rng.poisson(_FREQ[seg] * activity)
    year_days = (AS_OF - START).days  # 364: day offsets 0..364
    lapsed = rng.random(n) < LAPSE_RATE
    last_day = np.where(lapsed, rng.integers(30, 300, n), year_days)
    idx = np.repeat(np.arange(n), counts)
    m = len(idx)
    day = np.floor(rng.random(m) * (last_day[idx] + 1)).astype(int)
    # the last active day always holds a transaction (so recency is planted exactly)
    first_of_customer = np.r_[0, np.cumsum(counts)[:-1]]
    day[first_of_customer] = last_day
    wealth = np.sqrt(customers["assets"].to_numpy() / np.exp(np.log(customers["assets"]).mean()))
    amount = _AMOUNT_MEDIAN[seg][idx] * np.clip(wealth[idx], 0.3, 3.0) * np.exp(rng.normal(0, 0.8, m))
    amount = np.maximum(np.round(amount, -1), 10.0)
    line = (rng.random(m)[:, None] > np.cumsum(_LINE_P[seg][idx], axis=1)).sum(axis=1)
    line = np.minimum(line, len(TXN_LINES) - 1)
    pref = pd.Categorical(customers["preferred_channel"], categories=CHANNELS).codes[idx]
    other = rng.integers(0, len(CHANNELS), m)
    channel = np.where(rng.random(m) < PREFERRED_CHANNEL_SHARE, pref, other)
    df = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[idx],
            "txn_date": (START + pd.to_timedelta(day, unit="D")).strftime("%Y-%m-%d"),
            "channel": np.array(CHANNELS)[channel],
            "product_line": np.array(TXN_LINES)[line],
            "amount": amount,
        }
    )
    df = df.sort_values(["customer_id", "txn_date"], kind="stable").reset_index(drop=True)
    return {"transactions": df[TRANSACTIONS.column_names]}
