"""Minghu Bank's retail transactions in 2025, the raw material of RFM scoring.

Every customer of ``customers`` transacts at least once in the 12 months to
2025-12-31, and only in product lines he or she holds. Frequency, amount and channel
follow the customer's planted segment; about a fifth of customers lapse part-way
through the year (their last transaction is months before year end), so recency
separates active from drifting customers.
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
    "settled). Every customer has at least one transaction, and transacts only in lines "
    "he or she holds (deposits: everyone; wealth management, funds, insurance and cards: "
    "holders of that line, see the `has_*` flags of customers). Stored gzip-compressed.",
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


_LINE_FLAGS = {"wealth_management": "has_wealth_management", "fund": "has_fund",
               "insurance": "has_insurance", "credit_card": "has_credit_card"}


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """Transactions of every customer, vectorised over the whole table.

    A customer transacts only in lines he or she holds (deposits: everyone). Active
    customers' transactions are spread over the whole year; a lapsed customer's stop at
    a day drawn before year end, so recency separates active from drifting customers
    without piling everyone's last transaction onto 31 December.
    """
    customers = frames["customers"]
    seg = _codes(frames["_truth_segments"]["segment"], SEGMENTS)
    n = len(customers)
    activity = np.exp(rng.normal(0, 0.4, n))  # customer-level engagement
    counts = 1 + rng.poisson(_FREQ[seg] * activity)
    year_days = (AS_OF - START).days  # 364: day offsets 0..364
    lapsed = rng.random(n) < LAPSE_RATE
    last_day = np.where(lapsed, rng.integers(30, 300, n), year_days)
    idx = np.repeat(np.arange(n, dtype=np.int32), counts)
    m = len(idx)
    day = np.floor(rng.random(m) * (last_day[idx] + 1)).astype(np.int16)
    assets = customers["assets"].to_numpy(float)
    wealth = np.sqrt(assets / np.exp(np.log(assets).mean()))
    amount = (_AMOUNT_MEDIAN[seg] * np.clip(wealth, 0.3, 3.0))[idx] * np.exp(rng.normal(0, 0.8, m))
    amount = np.maximum(np.round(amount, -1), 10.0)
    held = np.ones((n, len(TXN_LINES)), dtype=bool)
    for j, line in enumerate(TXN_LINES):
        if line in _LINE_FLAGS:
            held[:, j] = customers[_LINE_FLAGS[line]].to_numpy() == 1
    line_p = _LINE_P[seg] * held
    line_p = line_p / line_p.sum(axis=1, keepdims=True)
    # the line: how many of the customer's cumulative line probabilities u exceeds
    # (one column at a time, not an m x lines matrix)
    cum = np.cumsum(line_p, axis=1)
    u = rng.random(m)
    line = np.zeros(m, dtype=np.int8)
    for j in range(len(TXN_LINES)):
        line += u > cum[:, j][idx]
    del u
    line = np.minimum(line, len(TXN_LINES) - 1)
    pref = _codes(customers["preferred_channel"], CHANNELS)[idx]
    other = rng.integers(0, len(CHANNELS), m)
    channel = np.where(rng.random(m) < PREFERRED_CHANNEL_SHARE, pref, other).astype(np.int8)
    del pref, other
    order = np.lexsort((day, idx))  # by customer, then date (stable)
    dates = (np.datetime64(START.date()) + np.arange(year_days + 1).astype("timedelta64[D]")).astype(str)
    ids = pd.Index(customers["customer_id"].to_numpy())
    df = pd.DataFrame(
        {
            "customer_id": pd.Categorical.from_codes(idx[order], categories=ids),
            "txn_date": pd.Categorical.from_codes(day[order], categories=dates),
            "channel": pd.Categorical.from_codes(channel[order], categories=CHANNELS),
            "product_line": pd.Categorical.from_codes(line[order], categories=TXN_LINES),
            "amount": amount[order],
        }
    )
    return {"transactions": df[TRANSACTIONS.column_names]}


def _codes(values: pd.Series, categories: list[str]) -> np.ndarray:
    """Position of every value in ``categories`` (-1 if absent)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == list(categories):
        return values.cat.codes.to_numpy()
    return pd.Categorical(values, categories=categories).codes
