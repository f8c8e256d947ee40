"""Minghu Bank's retail customers and the products they hold.

Planted truth: every customer's segment (``truth/customer_segments.csv``), drawn first;
demographics, balances, channel use, risk tolerance and holdings follow from it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data.schema import Dataset, cols
from finmkt.data.world import AGE_BAND_EDGES, AGE_BANDS, INCOME_BAND_EDGES, INCOME_BANDS

DEFAULT_CUSTOMERS = 24_000
AS_OF = pd.Timestamp("2025-12-31")

SEGMENTS = ["young_professional", "mass_family", "entrepreneur", "retiree", "starter"]
SEGMENT_ZH = {
    "young_professional": "年轻白领",
    "mass_family": "大众家庭",
    "entrepreneur": "企业主",
    "retiree": "退休人士",
    "starter": "学生与职场新人",
}
_SEG_P = np.array([0.24, 0.30, 0.10, 0.22, 0.14])
# age mean, sd, lo, hi
_AGE = np.array([[29, 3, 23, 38], [44, 5, 32, 58], [47, 6, 33, 66], [68, 5, 58, 88], [21.5, 1.8, 18, 26]])
_INCOME_MEDIAN = np.array([200_000, 95_000, 900_000, 72_000, 40_000])
_ASSETS_MEDIAN = np.array([90_000, 260_000, 2_500_000, 420_000, 12_000])
_APP_LOGINS = np.array([28, 12, 8, 2, 35])  # per month
_BRANCH_VISITS = np.array([1.0, 4.0, 6.0, 14.0, 0.5])  # per year
_RM_CONTACTS = np.array([0.5, 1.0, 18.0, 3.0, 0.2])  # per year
# risk tolerance C1..C5 probabilities by segment
_RISK = np.array(
    [
        [0.05, 0.20, 0.45, 0.25, 0.05],
        [0.10, 0.40, 0.35, 0.12, 0.03],
        [0.02, 0.08, 0.25, 0.40, 0.25],
        [0.40, 0.45, 0.12, 0.03, 0.00],
        [0.10, 0.35, 0.40, 0.13, 0.02],
    ]
)
# holding probabilities: wm, fund, insurance, credit_card, consumer_loan, mortgage
_HOLD_LINES = ["wealth_management", "fund", "insurance", "credit_card", "consumer_loan", "mortgage"]
_HOLD_P = np.array(
    [
        [0.45, 0.35, 0.20, 0.75, 0.35, 0.20],
        [0.40, 0.15, 0.40, 0.55, 0.25, 0.55],
        [0.80, 0.45, 0.55, 0.85, 0.10, 0.35],
        [0.55, 0.08, 0.35, 0.15, 0.02, 0.03],
        [0.10, 0.10, 0.05, 0.45, 0.15, 0.00],
    ]
)
_PREF_CHANNELS = ["app", "branch", "rm", "phone"]
_PREF_P = np.array(
    [[0.85, 0.08, 0.02, 0.05], [0.55, 0.30, 0.05, 0.10], [0.25, 0.15, 0.55, 0.05], [0.10, 0.70, 0.08, 0.12], [0.93, 0.05, 0.0, 0.02]]
)
MIS_SALE_RATE = 0.03  # planted share of WM/fund/insurance holdings above the customer's tolerance

CUSTOMERS = Dataset(
    "customers",
    "Minghu Bank retail customers",
    "A random extract of Minghu Bank's retail customers (24,000 by default) at 2025-12-31. "
    "Everyone holds a demand deposit; other product flags say whether the customer holds "
    "at least one product of that line (details in holdings).",
    cols(
        ("customer_id", "str", "", "Customer identifier (the same id in every module)"),
        ("gender", "str", "", "F or M"),
        ("age", "int", "years", "Age at 2025-12-31"),
        ("age_band", "str", "years", "Age band: 18-24, 25-34, 35-44, 45-54, 55-64, 65+"),
        ("district", "str", "", "District of residence (licensed districts only)"),
        ("income", "float", "RMB per year", "Declared personal annual income"),
        ("income_band", "str", "", "low (< ¥60k), middle (¥60k-150k), high (≥ ¥150k)"),
        ("assets", "float", "RMB", "Assets under management at Minghu Bank (deposits + investments)"),
        ("tenure_years", "float", "years", "Years since the customer opened the first account"),
        ("risk_tolerance", "str", "", "Risk-tolerance rating C1 (conservative) to C5 (aggressive)"),
        ("risk_assessed_on", "date", "", "Date of the latest risk-tolerance assessment"),
        ("app_logins_month", "int", "logins", "Mobile-app logins in an average month"),
        ("branch_visits_year", "int", "visits", "Branch visits in the last 12 months"),
        ("rm_contacts_year", "int", "contacts", "Contacts with a relationship manager in the last 12 months"),
        ("preferred_channel", "str", "", "Channel the customer uses most: app, branch, rm, phone"),
        ("has_wealth_management", "int", "0/1", "Holds a wealth-management (理财) product"),
        ("has_fund", "int", "0/1", "Holds an agency-sold fund"),
        ("has_insurance", "int", "0/1", "Holds a bancassurance policy"),
        ("has_credit_card", "int", "0/1", "Holds a Minghu Bank credit card"),
        ("has_consumer_loan", "int", "0/1", "Has a consumer loan"),
        ("has_mortgage", "int", "0/1", "Has a home mortgage"),
        ("n_products", "int", "products", "Number of product lines held, demand deposit included"),
    ),
    scales=True,
)

HOLDINGS = Dataset(
    "holdings",
    "Product holdings",
    "One row per product a customer holds at 2025-12-31 (demand deposits omitted).",
    cols(
        ("customer_id", "str", "", "Customer identifier"),
        ("product_id", "str", "", "Product identifier (see products)"),
        ("opened_on", "date", "", "Date the holding was opened"),
        ("balance", "float", "RMB", "Balance (investments, deposits, loans; credit limit for cards)"),
    ),
    scales=True,
)

SCHEMAS = [CUSTOMERS, HOLDINGS]


def _truncnorm(rng, mean, sd, lo, hi):
    x = rng.normal(mean, sd)
    return np.clip(x, lo, hi)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    n = scale or DEFAULT_CUSTOMERS
    seg = rng.choice(len(SEGMENTS), size=n, p=_SEG_P)
    a = _AGE[seg]
    age = np.round(_truncnorm(rng, a[:, 0], a[:, 1], a[:, 2], a[:, 3])).astype(int)
    income = np.round(_INCOME_MEDIAN[seg] * np.exp(rng.normal(0, 0.25, n)), -2)
    assets = np.round(_ASSETS_MEDIAN[seg] * np.exp(rng.normal(0, 0.45, n)), -2)
    app = rng.poisson(_APP_LOGINS[seg] * np.exp(rng.normal(0, 0.25, n)))
    branch = rng.poisson(_BRANCH_VISITS[seg])
    rm = rng.poisson(_RM_CONTACTS[seg])
    u = rng.random(n)[:, None]
    risk = (u > np.cumsum(_RISK[seg], axis=1)).sum(axis=1)  # 0..4
    pref = (rng.random(n)[:, None] > np.cumsum(_PREF_P[seg], axis=1)).sum(axis=1)
    holds = rng.random((n, len(_HOLD_LINES))) < _HOLD_P[seg]
    tenure = np.round(np.minimum(rng.exponential(6.0, n), np.maximum(age - 17, 0.5)), 1)
    # assessments: most within the last year; about 8% expired (older than 365 days)
    days_ago = np.where(rng.random(n) < 0.92, rng.integers(0, 365, n), rng.integers(366, 1100, n))
    assessed = AS_OF - pd.to_timedelta(days_ago, unit="D")

    districts = frames["districts"]
    lic = districts[districts["licensed"]]
    dist = rng.choice(lic["district"].to_numpy(), size=n, p=(lic["adults"] / lic["adults"].sum()).to_numpy())

    ids = np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    df = pd.DataFrame(
        {
            "customer_id": ids,
            "gender": np.where(rng.random(n) < 0.52, "F", "M"),
            "age": age,
            "age_band": pd.cut(age, AGE_BAND_EDGES, right=False, labels=AGE_BANDS).astype(str),
            "district": dist,
            "income": income,
            "income_band": pd.cut(income, INCOME_BAND_EDGES, right=False, labels=INCOME_BANDS).astype(str),
            "assets": assets,
            "tenure_years": tenure,
            "risk_tolerance": np.char.add("C", (risk + 1).astype(str)),
            "risk_assessed_on": assessed.strftime("%Y-%m-%d"),
            "app_logins_month": app,
            "branch_visits_year": branch,
            "rm_contacts_year": rm,
            "preferred_channel": np.array(_PREF_CHANNELS)[pref],
        }
    )
    for j, line in enumerate(_HOLD_LINES):
        df[f"has_{line}"] = holds[:, j].astype(int)
    df["n_products"] = 1 + holds.sum(axis=1)
    holdings = _holdings(rng, df, frames["products"], risk)
    truth = pd.DataFrame({"customer_id": ids, "segment": np.array(SEGMENTS)[seg]})
    return {"customers": df[CUSTOMERS.column_names], "holdings": holdings, "_truth_segments": truth}


def _holdings(rng, customers: pd.DataFrame, products: pd.DataFrame, risk: np.ndarray) -> pd.DataFrame:
    """One product per held line, respecting suitability except for planted mis-sales."""
    frames = []
    tenure_days = (customers["tenure_years"].to_numpy() * 365).astype(int)
    for line in _HOLD_LINES:
        mask = customers[f"has_{line}"].to_numpy() == 1
        idx = np.flatnonzero(mask)
        shelf = products[products["line"] == line].reset_index(drop=True)
        level = shelf["risk_level"].str[1:].replace("", "0").astype(int).to_numpy()
        cust_level = risk[idx] + 1
        # suitable products for each customer (level <= tolerance); credit products level 0
        suitable = level[None, :] <= cust_level[:, None]
        mis = rng.random(len(idx)) < MIS_SALE_RATE
        allowed = np.where(mis[:, None], ~suitable | (level[None, :] == 0), suitable)
        allowed[~allowed.any(axis=1)] = True  # nothing fits: any product
        w = allowed * rng.random(allowed.shape)
        pick = w.argmax(axis=1)
        opened = customers["risk_assessed_on"].to_numpy()[idx]
        opened = pd.to_datetime(opened) - pd.to_timedelta(rng.integers(0, 300, len(idx)), unit="D")
        earliest = AS_OF - pd.to_timedelta(tenure_days[idx], unit="D")
        opened = np.maximum(opened, earliest)
        assets = customers["assets"].to_numpy()[idx]
        bal = np.round(assets * rng.uniform(0.1, 0.5, len(idx)), -2)
        if line in ("credit_card",):
            bal = np.round(np.clip(customers["income"].to_numpy()[idx] * 0.3, 5_000, 500_000), -3)
        elif line in ("consumer_loan",):
            bal = np.round(np.clip(customers["income"].to_numpy()[idx] * rng.uniform(0.1, 0.6, len(idx)), 5_000, 300_000), -2)
        elif line == "mortgage":
            bal = np.round(customers["income"].to_numpy()[idx] * rng.uniform(2, 6, len(idx)), -3)
        bal = np.maximum(bal, shelf["min_amount"].to_numpy()[pick])
        frames.append(
            pd.DataFrame(
                {
                    "customer_id": customers["customer_id"].to_numpy()[idx],
                    "product_id": shelf["product_id"].to_numpy()[pick],
                    "opened_on": pd.DatetimeIndex(opened).strftime("%Y-%m-%d"),
                    "balance": bal,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["customer_id", "product_id"], kind="stable").reset_index(drop=True)
