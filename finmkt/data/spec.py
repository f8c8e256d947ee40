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

import numpy as np
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


# --- the value of a retail customer (module 03: channel economics and retention) ----------
#
# One margin model for every customer of the world: what a customer earns the bank per
# month while a customer (contribution margin, RMB, 2025 prices), from the balances and
# the products held. Both the channel-economics table (``channel_customers.monthly_margin``,
# per customer) and the retention lesson's segment table (``retention_margins``, the mean of
# the same customers' margins by segment) derive from it.

#: Net spread a year on the customer's assets under management (deposits, wealth products,
#: funds, insurance: ``customers.assets``). Source: Minghu Bank finance, FTP report 2025:
#: deposits earn the funds-transfer credit less the rate paid (about 0.9% on the retail mix
#: of demand and time deposits after the 2024-25 deposit-rate cuts), wealth products and
#: funds an agency fee (0.3-0.6%); blended about 1.0%, below the bank's net interest margin
#: (about 1.4%) because a deposit earns only the funding half of the spread.
MARGIN_NET_SPREAD = 0.010
#: Income a month per holder of a credit card, a consumer loan and a mortgage, net of the
#: funds-transfer price, expected loss and the capital charge. Source: Minghu Bank finance,
#: product profitability 2025: card about RMB 20 (interchange and instalment fees on about
#: RMB 3,000 of monthly spend, minus rewards and losses); consumer loan about RMB 40 (RMB
#: 40,000 at a net 1.2% after FTP and a 1.5% credit cost); mortgage about RMB 100 (RMB
#: 480,000 at a net 0.25%: 2025 rates near the LPR floor leave little).
MARGIN_PRODUCT_INCOME = {"has_credit_card": 20.0, "has_consumer_loan": 40.0, "has_mortgage": 100.0}
#: Cost to serve a customer a month (RMB), net of the account's own fees (most small-account
#: fees were waived in the 2021-22 fee cuts): transactions, statements and alerts, app and
#: call-centre contacts, the share of counter time; fixed branch costs excluded. Source:
#: Minghu Bank finance, activity-based costing 2025.
MARGIN_COST_TO_SERVE = 5.0
#: Customer-to-customer spread of the income around the model (log-normal sd): balances
#: move within the month, card spend and fees differ.
MARGIN_INCOME_SD = 0.2

#: Monthly discount rate of every lifetime value: the cost of equity of retail banking, about
#: 10% a year, (1.10)^(1/12) - 1 = 0.797%, rounded. Source: Minghu Bank finance, 2025.
DISCOUNT_RATE_MONTHLY = 0.008
#: T: months of margin counted in a new customer's lifetime value, in every lesson. The bank
#: values a new customer over the two years its data show and its acquisition plans are
#: judged on (two annual budgets); later months are a bonus the committee does not count.
#: Both module-03 lessons observe at least this long (23 month-ends of the 2024 cohorts,
#: 36 months of the 2023 cohorts), so no month of the value is extrapolated far beyond data.
LTV_HORIZON_MONTHS = 24


def margin_income(assets, card, loan, mortgage):
    """Expected monthly income (RMB) of customers before the cost to serve: the spread on
    their assets plus the product income of each product held (0/1 arrays)."""
    inc = MARGIN_PRODUCT_INCOME
    return (np.asarray(assets, dtype=float) * MARGIN_NET_SPREAD / 12
            + inc["has_credit_card"] * np.asarray(card, dtype=float)
            + inc["has_consumer_loan"] * np.asarray(loan, dtype=float)
            + inc["has_mortgage"] * np.asarray(mortgage, dtype=float))


def monthly_margin(assets, card, loan, mortgage, noise=None):
    """The world's margin model: monthly contribution margin (RMB) of customers, income minus
    the cost to serve. ``noise`` (standard normal draws, one per customer) spreads the income
    log-normally around its expectation (mean preserved); without it, the expected margin.
    A customer with small balances and no product costs the bank money (a negative margin)."""
    income = margin_income(assets, card, loan, mortgage)
    if noise is not None:
        income = income * np.exp(MARGIN_INCOME_SD * np.asarray(noise, dtype=float) - MARGIN_INCOME_SD**2 / 2)
    return income - MARGIN_COST_TO_SERVE


#: The rows of the LTV convention that every module-03 parameter table carries (key, value,
#: unit, source, meaning).
LTV_PARAMS = [
    ("discount_rate_monthly", DISCOUNT_RATE_MONTHLY, "per month",
     "Minghu Bank finance, 2025: cost of equity of retail banking, about 10% a year, (1.10)^(1/12) - 1 rounded",
     "i: the monthly rate at which future margins are discounted"),
    ("ltv_horizon_months", float(LTV_HORIZON_MONTHS), "months",
     "Minghu Bank finance, 2025: the two years the bank observes and budgets acquisition on",
     "T: months of margin counted in a new customer's LTV (the same in every lesson)"),
]
#: The margin model's parameter rows (channel economics).
MARGIN_PARAMS = [
    ("margin_net_spread", MARGIN_NET_SPREAD, "per year on assets",
     "Minghu Bank finance, FTP report 2025 (deposit spread over FTP and wealth-product fees, blended)",
     "Net spread the bank earns on a customer's assets under management"),
    ("margin_card_income", MARGIN_PRODUCT_INCOME["has_credit_card"], "RMB per holder per month",
     "Minghu Bank finance, product profitability 2025", "Net income of a credit-card holder"),
    ("margin_loan_income", MARGIN_PRODUCT_INCOME["has_consumer_loan"], "RMB per holder per month",
     "Minghu Bank finance, product profitability 2025", "Net income of a consumer-loan holder (after FTP, losses, capital)"),
    ("margin_mortgage_income", MARGIN_PRODUCT_INCOME["has_mortgage"], "RMB per holder per month",
     "Minghu Bank finance, product profitability 2025", "Net income of a mortgage holder (after FTP, losses, capital)"),
    ("margin_cost_to_serve", MARGIN_COST_TO_SERVE, "RMB per customer per month",
     "Minghu Bank finance, activity-based costing 2025", "Variable cost of serving a customer, net of account fees"),
]
