"""Minghu Bank and its competitors in the city: institution benchmark and market balances."""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.schema import Dataset, cols
from finmkt.data.world import city_wm_balance

COMPETITORS = Dataset(
    "competitors",
    "Institutions competing in Minghu",
    "Minghu Bank and the institutions it competes with in the city, with a benchmark of "
    "each one's flagship wealth-management product and its mobile app. Every institution "
    "is fictional.",
    cols(
        ("institution", "str", "", "Institution name (English)"),
        ("institution_zh", "str", "", "Institution name (Chinese)"),
        ("type", "str", "", "state_bank, joint_stock_bank, city_bank, rural_bank, internet_platform, securities"),
        ("branches", "int", "branches", "Outlets in Minghu city"),
        ("app_rating", "float", "stars (1-5)", "Average app-store rating of the mobile app"),
        ("wm_yield_pct", "float", "% per year", "Benchmark yield of the flagship R2 wealth-management product"),
        ("wm_fee_pct", "float", "% per year", "Fees on the flagship product (sales + management + custody)"),
        ("wm_min_amount", "float", "RMB", "Minimum purchase of the flagship product"),
        ("wm_risk_level", "str", "", "Risk level of the flagship product (R1-R5)"),
    ),
)

MARKET_BALANCES = Dataset(
    "market_balances",
    "Market balances by institution and product line",
    "Year-end balances (RMB) of retail products held by Minghu residents, by institution "
    "and product line, from the local banking association's survey. Lines an institution "
    "does not offer are absent.",
    cols(
        ("year", "int", "", "Year end"),
        ("institution", "str", "", "Institution name (see competitors)"),
        ("product_line", "str", "", "deposit, wealth_management, credit_card, consumer_loan, mortgage"),
        ("balance", "float", "RMB", "Outstanding balance at year end"),
    ),
)

SCHEMAS = [COMPETITORS, MARKET_BALANCES]

MINGHU = spec.BANK

#: Every institution is fictional (names chosen to match no real bank, broker or platform).
_INSTITUTIONS = [
    # name, zh, type, branches, rating, yield, fee, min, risk
    ("Guoheng Bank", "国衡银行", "state_bank", 96, 4.6, 2.55, 0.55, 1.0, "R2"),
    ("Zhongyu Bank", "中昱银行", "state_bank", 88, 4.5, 2.60, 0.55, 1.0, "R2"),
    ("Hanhai Commercial Bank", "瀚海商业银行", "joint_stock_bank", 34, 4.8, 2.80, 0.60, 1.0, "R2"),
    ("Xinghe Bank", "兴禾银行", "joint_stock_bank", 22, 4.3, 2.75, 0.65, 1_000.0, "R2"),
    (MINGHU, "明湖银行", "city_bank", 51, 4.1, 2.85, 0.50, 10_000.0, "R2"),
    ("Hupan Rural Commercial Bank", "湖畔农商银行", "rural_bank", 73, 3.6, 2.95, 0.50, 10_000.0, "R2"),
    ("Yunqiao Wealth", "云桥财富", "internet_platform", 0, 4.7, 2.50, 0.35, 0.01, "R2"),
    ("Minglan Securities", "明澜证券", "securities", 9, 4.2, 3.10, 0.80, 50_000.0, "R3"),
]
_BANK_ROW = [r[0] for r in _INSTITUTIONS].index(MINGHU)

# Relative sizes of the competitors within a product line (Minghu Bank's own share comes
# from the world specification; the others split the rest in these proportions, with noise).
_WEIGHTS = {
    "deposit": [0.24, 0.21, 0.09, 0.05, 0.0, 0.25, 0.0, 0.0],
    "wealth_management": [0.19, 0.17, 0.14, 0.07, 0.0, 0.06, 0.22, 0.07],
    "credit_card": [0.26, 0.22, 0.24, 0.12, 0.0, 0.02, 0.08, 0.0],
    "consumer_loan": [0.15, 0.13, 0.16, 0.09, 0.0, 0.07, 0.30, 0.0],
    "mortgage": [0.30, 0.32, 0.12, 0.06, 0.0, 0.08, 0.0, 0.0],
}
# Change of Minghu Bank's share per year (percentage points) up to 2025.
_BANK_SHARE_TREND = {"deposit": -0.004, "wealth_management": 0.003, "credit_card": -0.002,
                     "consumer_loan": 0.004, "mortgage": -0.003}
_GROWTH = {"deposit": 0.07, "wealth_management": 0.05, "credit_card": 0.02, "consumer_loan": 0.09, "mortgage": -0.02}
YEARS = [2023, 2024, 2025]


def city_totals(population: pd.DataFrame) -> dict[str, float]:
    """The city's balances by line at end-2025 (RMB), wealth management from the planted world."""
    return {**spec.CITY_TOTALS_2025, "wealth_management": city_wm_balance(population)}


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    comp = pd.DataFrame(_INSTITUTIONS, columns=COMPETITORS.column_names)
    totals = city_totals(frames["population"])
    bank_2025 = spec.bank_balances(totals["wealth_management"], scale)
    rows = []
    names = comp["institution"].tolist()
    for line, weights in _WEIGHTS.items():
        weights = np.array(weights)
        for k, year in enumerate(YEARS):
            back = len(YEARS) - 1 - k
            total = totals[line] / (1 + _GROWTH[line]) ** back
            bank_share = bank_2025[line] / totals[line] - _BANK_SHARE_TREND[line] * back
            noisy = weights * np.exp(rng.normal(0, 0.03, len(weights)))
            shares = (1 - bank_share) * noisy / noisy.sum()
            shares[_BANK_ROW] = bank_share
            bal = np.round(total * shares, -5)
            if k == len(YEARS) - 1:
                bal[_BANK_ROW] = bank_2025[line]  # the bank's own ledger figure
            rows += [(year, n, line, b) for n, b in zip(names, bal, strict=True) if b > 0]
    balances = pd.DataFrame(rows, columns=MARKET_BALANCES.column_names)
    return {"competitors": comp, "market_balances": balances}
