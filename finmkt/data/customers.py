"""Minghu Bank's retail customers and the products they hold.

The extract is a simple random sample of the bank's customers (``spec.sampling_fraction``
of ``spec.BANK_CUSTOMERS``). Planted truth: every customer's segment
(``truth/segments.csv``), drawn first; demographics, wealth, channel use and risk
tolerance follow from it. Holdings are drawn product by product: the number of holders
of a product in the extract is a binomial draw from the bank-wide holders of the
specification (or, for products with an adoption series, from the series' installed
base), the holders are chosen by segment propensity among eligible customers (age,
wealth, income, risk tolerance; a planted 3% of investment sales go to customers whose
tolerance is below the product's risk level), and balances are calibrated so that the
extract, grossed up by the sampling fraction, matches the bank's balances by line.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.adoption import survivor_weights
from finmkt.data.schema import Dataset, cols
from finmkt.data.world import AGE_BAND_EDGES, AGE_BANDS, INCOME_BAND_EDGES, INCOME_BANDS

DEFAULT_CUSTOMERS = spec.DEFAULT_EXTRACT
AS_OF = spec.AS_OF

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
_AGE = np.array([[32, 3.5, 24, 42], [46, 6, 30, 62], [48, 7.5, 30, 70], [67, 6, 55, 90], [20.5, 1.5, 18, 25]])
_INCOME_MEDIAN = np.array([125_000, 62_000, 330_000, 48_000, 32_000])
_INCOME_SD = np.array([0.30, 0.30, 0.40, 0.30, 0.30])
# latent wealth (relative units, calibrated to the bank's balances below)
_WEALTH_MEDIAN = np.array([0.9, 3.5, 12.0, 4.5, 0.1])
_WEALTH_SD = 0.6
_BEHAVIOUR_SD = 0.2  # log-normal spread of channel use within a segment
_APP_LOGINS = np.array([22, 6, 7, 1.5, 40])  # per month
_BRANCH_VISITS = np.array([0.8, 4.5, 4.0, 16.0, 0.5])  # per year
_RM_CONTACTS = np.array([0.5, 1.0, 7.0, 2.0, 0.2])  # per year
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
_HOLD_LINES = ["wealth_management", "fund", "insurance", "credit_card", "consumer_loan", "mortgage"]
_PREF_CHANNELS = ["app", "branch", "rm", "phone"]
_PREF_P = np.array(
    [[0.80, 0.10, 0.03, 0.07], [0.50, 0.32, 0.06, 0.12], [0.25, 0.17, 0.53, 0.05], [0.12, 0.68, 0.08, 0.12],
     [0.90, 0.07, 0.0, 0.03]]
)
MIS_SALE_RATE = 0.03  # planted share of investment holdings above the customer's tolerance

# Per product: propensity by segment (young_professional, mass_family, entrepreneur, retiree,
# starter), the allocation of a holder's wealth (relative), and the eligibility rule.
_PROPENSITY = {
    "D02": [0.8, 1.3, 1.0, 2.0, 0.25],
    "D03": [0.4, 1.0, 1.6, 2.4, 0.0],
    "W01": [1.6, 1.0, 1.0, 0.6, 1.4],
    "W02": [0.8, 1.2, 1.0, 1.6, 0.1],
    "W03": [0.7, 1.2, 1.0, 1.7, 0.1],
    "W04": [1.3, 1.0, 1.5, 0.4, 0.2],
    "W05": [0.8, 0.5, 3.0, 0.1, 0.1],
    "W06": [0.2, 0.2, 5.0, 0.3, 0.0],
    "F01": [1.5, 0.8, 1.2, 0.5, 0.4],
    "F02": [2.0, 0.6, 2.0, 0.1, 0.6],
    "I01": [1.0, 2.0, 1.2, 0.2, 0.2],
    "I02": [0.4, 0.6, 1.5, 0.6, 0.0],
    "I03": [0.5, 1.5, 1.0, 1.5, 0.0],
    "I04": [1.5, 1.5, 0.8, 0.3, 0.6],
    "C01": [1.5, 1.2, 1.0, 0.25, 0.6],
    "C02": [1.0, 0.0, 0.0, 0.0, 2.0],
    "C03": [0.6, 0.3, 3.0, 0.2, 0.0],
    "L01": [1.5, 1.2, 0.3, 0.05, 0.8],
    "L02": [1.0, 1.5, 0.5, 0.05, 0.2],
    "M01": [1.0, 2.0, 0.8, 0.0, 0.0],
}
#: (youngest, oldest) age at 2025-12-31 for credit products
_AGE_LIMITS = {"C01": (18, 70), "C02": (18, 30), "C03": (25, 70), "L01": (22, 60), "L02": (22, 60),
               "M01": (25, 60)}
#: income needed for the platinum card (RMB per year)
_C03_MIN_INCOME = 200_000
_CREDIT = {"credit_card", "consumer_loan", "mortgage"}
_INVEST = {"wealth_management", "fund", "insurance"}

CUSTOMERS = Dataset(
    "customers",
    "Minghu Bank retail customers",
    "A simple random extract of Minghu Bank's retail customers at 2025-12-31: 24,000 of the "
    "bank's 600,000 by default (a sampling fraction of 4%; multiply an extract count or "
    "total by 25 for the bank-wide figure). Everyone holds a demand deposit; other product "
    "flags say whether the customer holds at least one product of that line (details in "
    "holdings). The customers skew younger and better paid than the city's adults: students "
    "and first-jobbers open accounts for the youth card and the app, and the bank keeps the "
    "payroll accounts of many of the city's employers (see the lesson on segmentation).",
    cols(
        ("customer_id", "str", "", "Customer identifier (the same id in every module)"),
        ("gender", "str", "", "F or M"),
        ("age", "int", "years", "Age at 2025-12-31"),
        ("age_band", "str", "years", "Age band: 18-24, 25-34, 35-44, 45-54, 55-64, 65+"),
        ("district", "str", "", "District of residence (licensed districts only)"),
        ("income", "float", "RMB per year", "Declared personal annual income"),
        ("income_band", "str", "", "low (< ¥60k), middle (¥60k-150k), high (≥ ¥150k)"),
        ("assets", "float", "RMB", "Assets under management at Minghu Bank: demand deposit + the deposit, wealth-management, fund and insurance balances of holdings"),
        ("tenure_years", "float", "years", "Years since the customer opened the first account"),
        ("risk_tolerance", "str", "", "Risk-tolerance rating C1 保守型 (conservative), C2 稳健型, C3 平衡型, C4 成长型, C5 进取型 (aggressive)"),
        ("risk_assessed_on", "date", "", "Date of the latest risk-tolerance assessment"),
        ("app_logins_month", "int", "logins", "Mobile-app logins in an average month of the last 90 days (0 for a dormant customer: no activity in the last 90 days)"),
        ("branch_visits_year", "int", "visits", "Branch visits in the last 12 months (a customer who left: only while active)"),
        ("rm_contacts_year", "int", "contacts", "Contacts with a relationship manager in the last 12 months (a customer who left: only while active)"),
        ("dormant", "int", "0/1", "1 if the customer has had no activity of any kind for 90 days or more at 2025-12-31 (不活跃/睡眠客户: the bank's churn-warning rule; the account is still open)"),
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
    "One row per product a customer holds at 2025-12-31 (demand deposits omitted; time "
    "deposits, wealth management, funds, insurance, cards and loans included). A customer "
    "may hold several products of a line. No holding opens before its product's launch or "
    "before the customer turned 18, and every balance is at least the product's minimum.",
    cols(
        ("customer_id", "str", "", "Customer identifier"),
        ("product_id", "str", "", "Product identifier (see products)"),
        ("opened_on", "date", "", "Date the holding was opened (for products with an adoption series, the months follow that series)"),
        ("balance", "float", "RMB", "Balance: deposit or investment value, insurance account value, outstanding loan or card balance"),
    ),
    scales=True,
)

SCHEMAS = [CUSTOMERS, HOLDINGS]


def _truncnorm(rng, mean, sd, lo, hi):
    return np.clip(rng.normal(mean, sd), lo, hi)


def _pick(rng, weights: np.ndarray, n: int) -> np.ndarray:
    """Indices of ``n`` rows drawn without replacement with probability ~ weights.

    Efraimidis-Spirakis keys log(U)/w, the n largest (rows of weight 0 are never drawn
    unless fewer than n rows have a positive weight).
    """
    n = int(min(n, (weights > 0).sum()))
    if n <= 0:
        return np.empty(0, dtype=np.int64)
    with np.errstate(divide="ignore"):
        keys = np.log(rng.random(len(weights))) / weights
    return np.sort(np.argpartition(-keys, n - 1)[:n])


def _holder_targets(frames: dict, scale: int | None) -> dict[str, float]:
    """Bank-wide holders at 2025-12-31 of every product except demand deposits."""
    grow = spec.bank_scale(scale)
    out = {pid: h * grow for pid, h in spec.PRODUCT_HOLDERS.items()}
    last = frames["adoption"].groupby("product_id")["holders"].last()
    out.update({pid: float(last[pid]) for pid in spec.ADOPTION})
    return out


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    n = scale or DEFAULT_CUSTOMERS
    frac = spec.sampling_fraction(scale)
    seg = rng.choice(len(SEGMENTS), size=n, p=_SEG_P)
    a = _AGE[seg]
    age = np.round(_truncnorm(rng, a[:, 0], a[:, 1], a[:, 2], a[:, 3])).astype(np.int64)
    income = np.round(_INCOME_MEDIAN[seg] * np.exp(rng.normal(0, 1, n) * _INCOME_SD[seg]), -2)
    wealth = _WEALTH_MEDIAN[seg] * np.exp(rng.normal(0, _WEALTH_SD, n))
    app = rng.poisson(_APP_LOGINS[seg] * np.exp(rng.normal(0, _BEHAVIOUR_SD, n)))
    branch = rng.poisson(_BRANCH_VISITS[seg] * np.exp(rng.normal(0, _BEHAVIOUR_SD, n)))
    rm = rng.poisson(_RM_CONTACTS[seg] * np.exp(rng.normal(0, _BEHAVIOUR_SD, n)))
    u = rng.random(n)[:, None]
    risk = (u > np.cumsum(_RISK[seg], axis=1)).sum(axis=1) + 1  # 1..5
    pref = (rng.random(n)[:, None] > np.cumsum(_PREF_P[seg], axis=1)).sum(axis=1)
    tenure = np.minimum(rng.exponential(6.5, n), np.maximum(age - 18, 0) + rng.random(n) * 0.5)
    # assessments: most within the last year; about 8% expired (older than 365 days)
    days_ago = np.where(rng.random(n) < 0.92, rng.integers(0, 365, n), rng.integers(366, 1100, n))
    assessed = np.datetime64(AS_OF.date()) - days_ago.astype("timedelta64[D]")

    districts = frames["districts"]
    lic = districts[districts["licensed"]]
    # the index of the district (the same draw as choosing among the names)
    dist = rng.choice(len(lic), size=n, p=(lic["adults"] / lic["adults"].sum()).to_numpy())

    # money in RMB: the latent wealth scaled so that the extract's assets gross up to the
    # bank's deposits + investments
    bal = spec.bank_balances(_city_wm(frames), scale)
    aum = sum(bal[k] for k in ("deposit", "wealth_management", "fund", "insurance"))
    wealth_rmb = wealth / wealth.mean() * aum / spec.BANK_CUSTOMERS / spec.bank_scale(scale)
    cust = {"seg": seg, "age": age, "income": income, "wealth": wealth_rmb, "risk": risk}
    holdings, first_open = _holdings(rng, cust, frames, frac, _holder_targets(frames, scale), bal)
    demand = _calibrate(wealth_rmb * np.exp(rng.normal(0, 0.6, n)), frac * bal["deposit"] * spec.DEPOSIT_SPLIT["D01"])
    demand = np.maximum(np.round(demand, -1), 100.0)
    held_assets = np.bincount(holdings["row"], weights=np.where(holdings["asset"], holdings["balance"], 0.0),
                              minlength=n)
    assets = np.round(demand + held_assets, -2)
    # tenure covers the oldest holding
    oldest = (np.datetime64(AS_OF.date()) - first_open).astype(np.int64) / 365.25
    tenure = np.round(np.maximum(tenure, oldest), 1)

    ids = customer_ids(n)
    # text columns as categoricals (codes into their distinct values)
    df = pd.DataFrame(
        {
            "customer_id": ids,
            "gender": pd.Categorical.from_codes((rng.random(n) >= 0.52).astype(np.int8), categories=["F", "M"]),
            "age": age,
            "age_band": _bands(age, AGE_BAND_EDGES, AGE_BANDS),
            "district": pd.Categorical.from_codes(dist, categories=pd.Index(lic["district"].to_numpy())),
            "income": income,
            "income_band": _bands(income, INCOME_BAND_EDGES, INCOME_BANDS),
            "assets": assets,
            "tenure_years": tenure,
            "risk_tolerance": pd.Categorical.from_codes(risk - 1, categories=[f"C{r}" for r in range(1, 6)]),
            "risk_assessed_on": _dates(assessed),
            "app_logins_month": app,
            "branch_visits_year": branch,
            "rm_contacts_year": rm,
            "dormant": np.zeros(n, dtype=np.int64),  # set by the history family (one timeline per customer)
            "preferred_channel": pd.Categorical.from_codes(pref, categories=_PREF_CHANNELS),
        }
    )
    lines = frames["products"].set_index("product_id")["line"]
    held_line = lines.reindex(holdings["product_id"]).to_numpy()
    for line in _HOLD_LINES:
        flag = np.zeros(n, dtype=np.int64)
        flag[holdings["row"][held_line == line]] = 1
        df[f"has_{line}"] = flag
    df["n_products"] = 1 + df[[f"has_{line}" for line in _HOLD_LINES]].sum(axis=1)
    # sorted by customer id, then product id (as strings), ties in drawing order
    pids = np.array(sorted(_PROPENSITY))
    pid_code = np.searchsorted(pids, holdings["product_id"])
    id_rank = np.arange(n) if n < 10**7 else np.argsort(np.argsort(ids, kind="stable"), kind="stable")
    order = np.lexsort((pid_code, id_rank[holdings["row"]]))
    ids = pd.Index(ids)
    out = pd.DataFrame({"customer_id": pd.Categorical.from_codes(holdings["row"][order], categories=ids),
                        "product_id": pd.Categorical.from_codes(pid_code[order], categories=pids),
                        "opened_on": _dates(holdings["opened"][order]),
                        "balance": holdings["balance"][order]})
    truth = pd.DataFrame({"customer_id": ids, "segment": pd.Categorical.from_codes(seg, categories=SEGMENTS)})
    return {"customers": df[CUSTOMERS.column_names], "holdings": out, "_truth_segments": truth}


def customer_ids(n: int) -> np.ndarray:
    """The ids of an extract of ``n`` customers: C0000001, C0000002, ..."""
    return np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), 7))


def _bands(values: np.ndarray, edges, labels) -> pd.Categorical:
    """``pd.cut`` into labelled bands, a value outside every band labelled "nan"."""
    codes = pd.cut(values, edges, right=False, labels=labels).codes.astype(np.int16)
    return pd.Categorical.from_codes(np.where(codes < 0, len(labels), codes), categories=[*labels, "nan"])


def _dates(days: np.ndarray) -> pd.Categorical:
    """Dates (datetime64[D]) as a categorical of their ISO strings."""
    uniques, codes = np.unique(days, return_inverse=True)
    return pd.Categorical.from_codes(codes.reshape(-1), categories=uniques.astype(str))


def _city_wm(frames: dict) -> float:
    from finmkt.data.world import city_wm_balance

    return city_wm_balance(frames["population"])


def _calibrate(raw: np.ndarray, total: float) -> np.ndarray:
    """Scale raw amounts so that they sum to ``total``."""
    return raw * (total / raw.sum()) if raw.sum() > 0 else raw


def _open_dates(rng, pid: str, rows: np.ndarray, cust: dict, products: pd.DataFrame,
                adoption: pd.DataFrame) -> np.ndarray:
    """Opening dates: after launch and after the customer turned 18; for products with an
    adoption series, the month is drawn from the survivors of each month's adopters."""
    as_of = np.datetime64(AS_OF.date())
    launch = np.datetime64(pd.Timestamp(products.loc[pid, "launch_date"]).date())
    adult = as_of - ((cust["age"][rows] - 18) * 365.25).astype("timedelta64[D]")
    lo = np.maximum(adult, launch)
    if pid in spec.ADOPTION:
        series = adoption[adoption["product_id"] == pid]
        months = pd.to_datetime(series["month"]).to_numpy().astype("datetime64[D]")
        cdf = np.cumsum(survivor_weights(series, spec.ADOPTION[pid].attrition))
        cdf = cdf / cdf[-1]
        # truncated inverse-CDF draw: months before the lower bound are excluded
        first = np.searchsorted(months, lo.astype("datetime64[M]").astype("datetime64[D]"))
        first = np.minimum(first, len(months) - 1)
        below = np.where(first > 0, cdf[np.maximum(first - 1, 0)], 0.0)
        k = np.searchsorted(cdf, below + rng.random(len(rows)) * (1 - below))
        k = np.minimum(k, len(months) - 1)
        start = months[k]
        end = np.append(months[1:], as_of + 1)[k]
        start = np.maximum(start, lo)
    else:
        start, end = lo, np.full(len(rows), as_of + 1)
    span = np.maximum((end - start).astype(np.int64), 1)
    return start + (rng.random(len(rows)) * span).astype(np.int64).astype("timedelta64[D]")


def _holdings(rng, cust: dict, frames: dict, frac: float, targets: dict, bal: dict):
    products = frames["products"].set_index("product_id")
    seg, age, income, wealth, risk = cust["seg"], cust["age"], cust["income"], cust["wealth"], cust["risk"]
    n = len(seg)
    rel_wealth = np.sqrt(wealth / np.median(wealth))
    parts = []
    for pid, prop in _PROPENSITY.items():
        line = products.loc[pid, "line"]
        min_amount = float(products.loc[pid, "min_amount"])
        w = np.asarray(prop)[seg].astype(float)
        if line in _CREDIT:
            lo, hi = _AGE_LIMITS[pid]
            w = w * ((age >= lo) & (age <= hi))
            if pid == "C03":
                w = w * (income >= _C03_MIN_INCOME)
        else:
            w = w * rel_wealth * (wealth >= 2 * min_amount)
        count = rng.binomial(int(round(targets[pid])), frac)
        level = products.loc[pid, "risk_level"]
        if line in _INVEST and level:
            suitable = risk >= int(level[1:])
            n_mis = rng.binomial(count, MIS_SALE_RATE)
            rows = np.concatenate([_pick(rng, w * suitable, count - n_mis), _pick(rng, w * ~suitable, n_mis)])
        else:
            rows = _pick(rng, w, count)
        opened = _open_dates(rng, pid, rows, cust, products, frames["adoption"])
        if pid == "L01" or pid == "L02":
            raw = income[rows] * rng.uniform(0.1, 0.6, len(rows)) * (1.6 if pid == "L02" else 1.0)
        elif pid == "M01":
            raw = income[rows] * rng.uniform(2, 6, len(rows))
        elif line == "credit_card":
            raw = income[rows] * rng.uniform(0.01, 0.12, len(rows))
        else:
            raw = wealth[rows] * np.exp(rng.normal(0, 0.5, len(rows)))
        parts.append({"row": rows, "product_id": np.full(len(rows), pid), "opened": opened, "raw": raw,
                      "line": line, "min": min_amount})
    # calibrate balances: deposits per product, other lines per line
    for key in {p["product_id"][0] if p["line"] == "deposit" else p["line"] for p in parts if len(p["row"])}:
        group = [p for p in parts if len(p["row"]) and (p["product_id"][0] if p["line"] == "deposit" else p["line"]) == key]
        total = frac * (bal["deposit"] * spec.DEPOSIT_SPLIT[key] if key in spec.DEPOSIT_SPLIT else bal[key])
        raw_sum = sum(p["raw"].sum() for p in group)
        for p in group:
            p["balance"] = np.maximum(np.round(p["raw"] * total / raw_sum, -2), max(p["min"], 100.0))
    parts = [p for p in parts if len(p["row"])]
    out = {
        "row": np.concatenate([p["row"] for p in parts]),
        "product_id": np.concatenate([p["product_id"] for p in parts]),
        "opened": np.concatenate([p["opened"] for p in parts]),
        "balance": np.concatenate([p["balance"] for p in parts]),
        "asset": np.concatenate([np.full(len(p["row"]), p["line"] not in _CREDIT) for p in parts]),
    }
    first_open = np.full(n, np.datetime64(AS_OF.date()))
    np.minimum.at(first_open, out["row"], out["opened"])
    return out, first_open
