"""The world specification: one place that fixes the size of Minghu Bank (明湖银行).

Every dataset family derives its magnitudes from here, so a change in one place flows
everywhere:

* the bank's **retail customers** bank-wide (:data:`BANK_CUSTOMERS`) and the customer
  extract's **sampling fraction** (:func:`sampling_fraction`);
* the city's balances by product line (:data:`CITY_TOTALS_2025`; the wealth-management
  total is the planted survey world's own, see ``world.city_wm_balance``) and the
  bank's **market share** of each (:data:`MARKET_SHARE_2025`), hence the bank's
  **balances by line** (:func:`bank_balances`);
* the bank's **holders per product** (:data:`PRODUCT_HOLDERS` for the products without
  an adoption series; for the others, the adoption series' own installed base);
* the **adoption potentials** and dynamics of the products with an adoption series
  (:data:`ADOPTION`: Bass p, q, m per month, monthly attrition of holders).

The customer extract, the holdings, the transactions, the market balances and the
adoption series are all generated from these figures; ``tests/test_coherence.py``
proves they agree with each other within sampling error.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: The date of every snapshot (customers, holdings, balances).
AS_OF = pd.Timestamp("2025-12-31")

BANK = "Minghu Bank"

#: Minghu Bank's retail customers bank-wide at 2025-12-31 (every one of them lives in
#: the bank's licensed districts and holds a demand deposit).
BANK_CUSTOMERS = 600_000

#: Size of the default customer extract (``customers.csv``): a simple random sample.
DEFAULT_EXTRACT = 24_000

#: City balances (RMB) at end-2025 held by Minghu residents, by line. Wealth management
#: is not set here: it is the planted survey world's balance (``world.city_wm_balance``).
CITY_TOTALS_2025 = {
    "deposit": 6.1e11,
    "credit_card": 1.9e10,
    "consumer_loan": 4.2e10,
    "mortgage": 3.3e11,
}

#: Minghu Bank's share of the city's balances in 2025, by line.
MARKET_SHARE_2025 = {
    "deposit": 0.16,
    "wealth_management": 0.08,
    "credit_card": 0.06,
    "consumer_loan": 0.10,
    "mortgage": 0.12,
}

#: The bank's own balances of lines the market survey does not cover (RMB, 2025):
#: agency-sold funds and bancassurance (account value of policies sold).
BANK_OTHER_BALANCES = {"fund": 3.2e9, "insurance": 2.6e9}

#: Split of the bank's retail deposits between its deposit products (shares of the line).
DEPOSIT_SPLIT = {"D01": 0.36, "D02": 0.51, "D03": 0.13}


@dataclass(frozen=True)
class Adoption:
    """Planted adoption dynamics of a product (monthly rates)."""

    p: float  #: Bass innovation coefficient per month
    q: float  #: Bass imitation coefficient per month
    m: float  #: market potential: customers who will ever adopt (bank-wide)
    attrition: float  #: share of holders who close the product each month


#: Products with a monthly adoption series (bank-wide). The potential m is a share of the
#: bank's customers who can hold the product (eligible by age, wealth and risk).
ADOPTION = {
    "D03": Adoption(0.006, 0.090, 30_000.0, 0.003),
    "W01": Adoption(0.012, 0.120, 21_000.0, 0.003),
    "W02": Adoption(0.008, 0.100, 14_000.0, 0.030),
    "W04": Adoption(0.0035, 0.070, 6_000.0, 0.008),
    "L01": Adoption(0.004, 0.065, 52_000.0, 0.012),
    "C02": Adoption(0.005, 0.100, 24_000.0, 0.006),
    "W05": Adoption(0.0035, 0.080, 4_500.0, 0.006),
    "W06": Adoption(0.002, 0.070, 3_000.0, 0.004),
}

#: The regulatory shock planted in the adoption series: the cash-management WM rules
#: (《关于规范现金管理类理财产品管理有关事项的通知》, CBIRC and PBoC, June 2021) capped
#: instant redemption and cut yields, so new adopters of W01 fell from that month on.
SHOCK = {"product_id": "W01", "from_month": "2021-06-01", "factor": 0.65}

#: Campaign months (product, month, multiplier on new adopters).
CAMPAIGNS = [
    ("C02", "2023-10-01", 1.6),
    ("C02", "2023-11-01", 1.3),
    ("W05", "2024-09-01", 1.5),
    ("L01", "2025-03-01", 1.4),
]

#: Seasonality of new adopters by calendar month (mean 1): the first-quarter push
#: (开门红) in January and March, the Spring Festival in February, quarter ends.
SEASONALITY = [1.30, 0.75, 1.15, 0.95, 0.92, 1.08, 0.92, 0.90, 1.00, 0.88, 0.95, 1.20]

#: Bank-wide holders at 2025-12-31 of the products without an adoption series.
PRODUCT_HOLDERS = {
    "D02": 190_000,
    "W03": 5_000,
    "F01": 14_000,
    "F02": 11_000,
    "I01": 16_000,
    "I02": 3_000,
    "I03": 9_000,
    "I04": 24_000,
    "C01": 62_000,
    "C03": 9_000,
    "L02": 14_000,
    "M01": 72_000,
}


def sampling_fraction(extract: int | None = None) -> float:
    """Share of the bank's customers in an extract of ``extract`` customers.

    A build larger than the bank (``--scale`` above :data:`BANK_CUSTOMERS`) describes a
    bank of that size in the same city: the fraction is then 1 and :func:`bank_scale`
    grows the bank's customers, holders and balances in proportion.
    """
    n = extract or DEFAULT_EXTRACT
    return min(1.0, n / BANK_CUSTOMERS)


def bank_scale(extract: int | None = None) -> float:
    """1 for the real bank; above 1 when the extract is larger than the bank."""
    n = extract or DEFAULT_EXTRACT
    return max(1.0, n / BANK_CUSTOMERS)


def bank_balances(city_wm_balance: float, extract: int | None = None) -> dict[str, float]:
    """The bank's balances (RMB, end-2025) by line: share x city total, plus funds and insurance."""
    totals = {**CITY_TOTALS_2025, "wealth_management": city_wm_balance}
    s = bank_scale(extract)
    out = {line: MARKET_SHARE_2025[line] * totals[line] * s for line in MARKET_SHARE_2025}
    out.update({line: v * s for line, v in BANK_OTHER_BALANCES.items()})
    return out


def summary(city_wm_balance: float) -> dict:
    """The specification as plain numbers (written to ``truth/planted.json``)."""
    return {
        "bank_customers": BANK_CUSTOMERS,
        "default_extract": DEFAULT_EXTRACT,
        "sampling_fraction": sampling_fraction(),
        "market_share_2025": dict(MARKET_SHARE_2025),
        "bank_balances": bank_balances(city_wm_balance),
        "product_holders_without_series": dict(PRODUCT_HOLDERS),
    }
