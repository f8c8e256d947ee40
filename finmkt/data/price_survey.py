"""Price-sensitivity survey for a fee-based product (module 02, lesson 2: Van Westendorp, Gabor-Granger).

Minghu Bank is about to launch **Minghu Wealth Advisor (明湖财富顾问)**, an annual
subscription to investment advice: a named advisor, portfolio reviews and quarterly
reports, for a flat fee per year. Before setting the fee it surveyed a simple random
sample of its customers with at least ¥50,000 of assets at the bank (the service's entry
criterion), the same customer ids as ``customers.csv``.

Planted truth: every respondent's **willingness to pay** (WTP, RMB per year) is drawn from
a log-normal distribution whose median and spread depend on the customer's planted segment
(``frames["_truth_segments"]``): entrepreneurs value the advice most, retirees least.
The true demand at a price p among the eligible customers is therefore the mixture
D(p) = Σ_s share_s · (1 − Φ((ln p − ln median_s) / σ_s)), with the segment shares of the
eligible customers of the extract; the true revenue-maximising tested price is the argmax
of p·D(p) on the tested grid, for all eligible customers and for each AUM tier (the bank's
wealth clients with ¥500,000 or more, and the others).

- **Van Westendorp** answers are multiples of the respondent's WTP (too cheap 0.45, cheap
  0.75, expensive 1.30, too expensive 1.75) with a log-normal noise, rounded to ¥50 and kept
  strictly increasing; then a planted 8% of respondents answer out of order (two answers
  swapped: the questions read the wrong way round) or leave one question blank.
- **Gabor-Granger**: every respondent is asked about each tested price and answers "would
  buy" iff WTP times a small per-answer noise (log-normal, σ = 0.08) is at least the price.
- ``advisory_costs``: the variable cost of serving one subscriber for a year, by item.
- ``advisory_pilot``: the soft launch in two branches that measures what stated intent is
  worth. Relationship managers offered the service at ¥399 to the eligible customers of the
  branch who already invest with the bank (hold a wealth-management product or a fund);
  each said yes with the probability the planted WTP gives those investors at ¥399, and a
  planted share of the yes-sayers (:data:`PILOT_CONVERSION`) paid within 60 days. Drawn
  after every other draw of the family, so the survey files do not depend on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data.customers import SEGMENTS
from finmkt.data.schema import Dataset, cols

#: Respondents invited (a simple random sample of the eligible customers of the extract).
RESPONDENTS = 2_400
#: The service's entry criterion: assets at Minghu Bank (RMB).
MIN_ASSETS = 50_000.0
#: The bank's wealth-client tier (财富客户): assets at Minghu Bank of at least this (RMB).
WEALTH_TIER_ASSETS = 500_000.0
#: Tested Gabor-Granger prices (RMB per year).
TESTED_PRICES = (199.0, 399.0, 599.0, 899.0, 1299.0, 1799.0)
#: Planted willingness to pay by segment: (median RMB per year, log-normal sigma).
WTP = {
    "young_professional": (650.0, 0.35),
    "mass_family": (450.0, 0.35),
    "entrepreneur": (1800.0, 0.35),
    "retiree": (400.0, 0.35),
    "starter": (150.0, 0.35),
}
#: Van Westendorp answers as multiples of WTP (too cheap, cheap, expensive, too expensive).
VW_MULTIPLES = (0.45, 0.75, 1.30, 1.75)
VW_NOISE_SD = 0.12  # log-normal noise of each answer
VW_STEP = 50.0  # respondents answer in round amounts
GG_NOISE_SD = 0.08  # per-answer noise of the purchase intention
INVALID_SHARE = 0.08  # planted share answering out of order or leaving one blank
VW_COLUMNS = ["too_cheap", "cheap", "expensive", "too_expensive"]
#: The soft launch (试点): investing customers offered the service in each pilot branch, at one fee.
PILOT_OFFERED = {"Huxin": 640, "Gaoxin": 560}
PILOT_FEE = 399.0
#: Planted share of the pilot's yes-sayers who subscribed and paid within 60 days: what a
#: "yes" is worth when the relationship manager asks for the money.
PILOT_CONVERSION = 0.15

#: Variable cost of serving one subscriber for a year: item, 中文, unit, quantity, cost per unit.
_COSTS = [
    ("advisor_review", "投资顾问一对一复盘", "advisor hours", 1.0, 110.0),
    ("quarterly_report", "季度组合报告", "reports", 4.0, 6.0),
    ("research_licence", "投研内容授权", "subscriber licences", 1.0, 28.0),
    ("app_and_data", "App 与数据服务", "subscriber years", 1.0, 15.0),
    ("payment_and_invoice", "收费与开票", "transactions", 1.0, 5.0),
]

PRICE_SURVEY = Dataset(
    "price_survey",
    "Price survey of Minghu Wealth Advisor: Van Westendorp answers",
    "One row per respondent of Minghu Bank's price survey for its planned annual "
    "wealth-advisory subscription, Minghu Wealth Advisor (明湖财富顾问: a named advisor, "
    "portfolio reviews, quarterly reports). Respondents are a simple random sample of the "
    "bank's customers with at least ¥50,000 of assets at the bank (the same customer ids as "
    "customers), surveyed in the app or on a branch tablet in November 2025. The four Van "
    "Westendorp questions (价格敏感度测试) ask, in RMB per year: at what fee would the "
    "service be so cheap that you would doubt its quality (too cheap), a bargain (cheap), "
    "getting expensive but still worth considering (expensive), too expensive to consider "
    "(too expensive). Some respondents answer out of order or leave a question blank.",
    cols(
        ("respondent_id", "str", "", "Respondent identifier (also in price_survey_gg)"),
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("channel", "str", "", "Where the survey was answered: app or branch (tablet)"),
        ("too_cheap", "float", "RMB per year", "So cheap that you would doubt the quality (太便宜); blank if not answered"),
        ("cheap", "float", "RMB per year", "A bargain, good value for money (便宜); blank if not answered"),
        ("expensive", "float", "RMB per year", "Getting expensive, but you would still consider it (贵); blank if not answered"),
        ("too_expensive", "float", "RMB per year", "So expensive that you would not consider it (太贵); blank if not answered"),
    ),
)

PRICE_SURVEY_GG = Dataset(
    "price_survey_gg",
    "Price survey of Minghu Wealth Advisor: Gabor-Granger answers",
    "The Gabor-Granger block of the same survey: every respondent was shown each tested "
    "annual fee (in random order) and asked whether they would subscribe at that fee. One "
    "row per respondent and tested price; every respondent answered every price.",
    cols(
        ("respondent_id", "str", "", "Respondent identifier (see price_survey)"),
        ("price", "float", "RMB per year", "Tested annual fee"),
        ("would_buy", "int", "0/1", "1 if the respondent would subscribe at this fee (购买意愿)"),
    ),
)

ADVISORY_COSTS = Dataset(
    "advisory_costs",
    "Variable cost of a Minghu Wealth Advisor subscriber",
    "What it costs Minghu Bank to serve one subscriber of Minghu Wealth Advisor for a year, "
    "item by item (finance department's estimate; fixed costs such as the platform build "
    "are excluded). The variable cost per subscriber is the sum of quantity × cost per unit.",
    cols(
        ("item", "str", "", "Cost item"),
        ("item_zh", "str", "", "Cost item in Chinese"),
        ("unit", "str", "", "Unit in which the item is counted"),
        ("quantity", "float", "units per subscriber per year", "Units used by one subscriber in a year"),
        ("cost_per_unit", "float", "RMB per unit", "Cost of one unit"),
    ),
)

ADVISORY_PILOT = Dataset(
    "advisory_pilot",
    "Soft launch of Minghu Wealth Advisor in two branches",
    "In December 2025 the relationship managers of two branches offered Minghu Wealth Advisor, "
    "at the fee of ¥399 a year, to the customers of their branch who meet the entry criterion "
    "(¥50,000 of assets at the bank) and already invest with the bank (hold a wealth-management "
    "product or a fund). They recorded who said yes when offered and who then subscribed and "
    "paid within 60 days. One row per pilot branch.",
    cols(
        ("district", "str", "", "District of the pilot branch"),
        ("fee", "float", "RMB per year", "Fee offered"),
        ("offered", "int", "customers", "Eligible investing customers the relationship managers offered it to"),
        ("said_yes", "int", "customers", "Said they would subscribe when offered (stated intent)"),
        ("subscribed", "int", "customers", "Subscribed and paid within 60 days"),
    ),
)

SCHEMAS = [PRICE_SURVEY, PRICE_SURVEY_GG, ADVISORY_COSTS, ADVISORY_PILOT]



def brentq(*args, **kwargs):
    """scipy's brentq, imported on first use (keeps ``import finmkt.data`` light in a lesson)."""
    from scipy.optimize import brentq as _brentq

    return _brentq(*args, **kwargs)


def _norm():
    """scipy.stats.norm, imported on first use."""
    from scipy.stats import norm

    return norm

def _segments(frames: dict) -> np.ndarray:
    """Each extract customer's planted segment as an index into ``SEGMENTS``."""
    seg = frames["_truth_segments"]["segment"]
    return pd.Categorical(np.asarray(seg.astype(str)), categories=SEGMENTS).codes.astype(np.int64)


def _eligible(frames: dict) -> np.ndarray:
    """Row positions (in the extract) of the customers the survey could invite."""
    return np.flatnonzero(frames["customers"]["assets"].to_numpy(float) >= MIN_ASSETS)


def _investors(frames: dict) -> np.ndarray:
    """Row positions (in the extract) of the eligible customers who already invest with the
    bank: a wealth-management product or a fund."""
    c = frames["customers"]
    held = (c["has_wealth_management"].to_numpy(int) == 1) | (c["has_fund"].to_numpy(int) == 1)
    return np.flatnonzero((c["assets"].to_numpy(float) >= MIN_ASSETS) & held)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """The survey's Van Westendorp and Gabor-Granger answers, and the cost table."""
    cust = frames["customers"]
    eligible = _eligible(frames)
    n = min(RESPONDENTS, len(eligible))
    rows = np.sort(rng.choice(eligible, size=n, replace=False))
    seg = _segments(frames)[rows]
    med = np.array([WTP[s][0] for s in SEGMENTS])[seg]
    sig = np.array([WTP[s][1] for s in SEGMENTS])[seg]
    wtp = med * np.exp(sig * rng.normal(0, 1, n))

    # Van Westendorp: multiples of WTP, noisy, rounded to the step, strictly increasing
    vw = wtp[:, None] * np.asarray(VW_MULTIPLES) * np.exp(rng.normal(0, VW_NOISE_SD, (n, 4)))
    vw = np.maximum(np.round(np.sort(vw, axis=1) / VW_STEP), 1) * VW_STEP
    for j in range(1, 4):
        vw[:, j] = np.maximum(vw[:, j], vw[:, j - 1] + VW_STEP)
    # planted invalid answers: half out of order (two answers swapped), half one blank
    n_bad = int(round(INVALID_SHARE * n))
    bad = rng.choice(n, size=n_bad, replace=False)
    swapped, blank = bad[: n_bad // 2], bad[n_bad // 2:]
    pairs = np.array([(0, 3), (1, 2), (0, 1), (2, 3)])[rng.integers(0, 4, len(swapped))]
    a, b = vw[swapped, pairs[:, 0]].copy(), vw[swapped, pairs[:, 1]].copy()
    vw[swapped, pairs[:, 0]], vw[swapped, pairs[:, 1]] = b, a
    vw[blank, rng.integers(0, 4, len(blank))] = np.nan

    channel = np.where(cust["preferred_channel"].astype(str).to_numpy()[rows] == "app", "app", "branch")
    ids = np.char.add("P", np.char.zfill(np.arange(1, n + 1).astype(str), 5))
    survey = pd.DataFrame({"respondent_id": ids, "customer_id": cust["customer_id"].astype(str).to_numpy()[rows],
                           "channel": channel})
    for j, c in enumerate(VW_COLUMNS):
        survey[c] = vw[:, j]

    # Gabor-Granger: every tested price, in a random order per respondent
    prices = np.asarray(TESTED_PRICES)
    k = len(prices)
    order = np.argsort(rng.random((n, k)), axis=1)
    noisy = wtp[:, None] * np.exp(rng.normal(0, GG_NOISE_SD, (n, k)))
    buy = (noisy >= prices[order]).astype(np.int64)
    gg = pd.DataFrame({"respondent_id": np.repeat(ids, k), "price": prices[order].reshape(-1),
                       "would_buy": buy.reshape(-1)})
    costs = pd.DataFrame(_COSTS, columns=ADVISORY_COSTS.column_names)

    # the soft launch: drawn last, so every table above is what it was without it
    p_yes = float(true_demand(_shares(_segments(frames)[_investors(frames)]), [PILOT_FEE])[0])
    offered = np.array(list(PILOT_OFFERED.values()), dtype=np.int64)
    said_yes = rng.binomial(offered, p_yes)
    subscribed = rng.binomial(said_yes, PILOT_CONVERSION)
    pilot = pd.DataFrame({"district": list(PILOT_OFFERED), "fee": PILOT_FEE, "offered": offered,
                          "said_yes": said_yes.astype(np.int64), "subscribed": subscribed.astype(np.int64)})
    return {"price_survey": survey, "price_survey_gg": gg, "advisory_costs": costs, "advisory_pilot": pilot}


def true_demand(segment_shares: dict, prices=TESTED_PRICES) -> np.ndarray:
    """Share of a population with WTP >= p at each price, for given segment shares."""
    p = np.asarray(prices, dtype=float)
    out = np.zeros(len(p))
    for s, w in segment_shares.items():
        m, sd = WTP[s]
        out += w * _norm().sf((np.log(p) - np.log(m)) / sd)
    return out


def population_psm(segment_shares: dict) -> dict:
    """Van Westendorp points of the population the sample is drawn from (planted truth).

    Each answer is WTP × multiple × a log-normal noise, so in logs it is a normal mixture
    over segments with spread sqrt(σ_s² + noise²); the curves are those mixtures' survival
    (too cheap, cheap) and distribution (expensive, too expensive) functions and every point
    is the root of the difference of its two curves. The survey's answers are rounded to
    ¥50, and the course convention reads shares "answering > x" and "answering <= x" at the
    grid's own values, so every curve of the rounded answers is the continuous one read at
    x + ¥25: each point sits half a step below the continuous root, which this function
    returns. The rare reordering of near-equal answers is ignored (a few yuan).
    """
    def answer_cdf(j: int, x: float) -> float:
        x = x + VW_STEP / 2
        return sum(w * _norm().cdf((np.log(x) - np.log(WTP[s][0] * VW_MULTIPLES[j]))
                                / np.hypot(WTP[s][1], VW_NOISE_SD)) for s, w in segment_shares.items())

    curve = {
        "too_cheap": lambda x: 1 - answer_cdf(0, x),
        "not_cheap": lambda x: answer_cdf(1, x),
        "cheap": lambda x: 1 - answer_cdf(1, x),
        "expensive": lambda x: answer_cdf(2, x),
        "not_expensive": lambda x: 1 - answer_cdf(2, x),
        "too_expensive": lambda x: answer_cdf(3, x),
    }
    pairs = {"pmc": ("too_cheap", "not_cheap"), "opp": ("too_cheap", "too_expensive"),
             "idp": ("cheap", "expensive"), "pme": ("too_expensive", "not_expensive")}
    return {k: float(brentq(lambda x, a=a, b=b: curve[a](x) - curve[b](x), 10.0, 20_000.0))
            for k, (a, b) in pairs.items()}


def _shares(seg: np.ndarray) -> dict:
    counts = np.bincount(seg, minlength=len(SEGMENTS))
    return {s: float(c / counts.sum()) for s, c in zip(SEGMENTS, counts, strict=True) if c}


def _optimum(prices, demand) -> dict:
    rev = np.asarray(prices, float) * np.asarray(demand, float)
    i = int(np.argmax(rev))
    second = float(np.sort(rev)[-2])
    return {"price": float(prices[i]), "revenue_index": float(rev[i]), "gap_to_second": float(rev[i] / second - 1)}


def truth(frames: dict) -> dict:
    """Planted WTP distributions, the true demand and optima, and the planted invalid share."""
    eligible = _eligible(frames)
    seg = _segments(frames)[eligible]
    assets = frames["customers"]["assets"].to_numpy(float)[eligible]
    wealth = assets >= WEALTH_TIER_ASSETS
    prices = list(TESTED_PRICES)
    out = {
        "product": "Minghu Wealth Advisor (明湖财富顾问), annual subscription",
        "respondents": int(min(RESPONDENTS, len(eligible))),
        "eligible_customers_in_extract": int(len(eligible)),
        "min_assets": MIN_ASSETS,
        "wealth_tier_assets": WEALTH_TIER_ASSETS,
        "wtp_lognormal_by_segment": {s: {"median": m, "sigma": sd} for s, (m, sd) in WTP.items()},
        "vw_multiples_of_wtp": dict(zip(VW_COLUMNS, VW_MULTIPLES, strict=True)),
        "vw_noise_sd": VW_NOISE_SD,
        "gg_noise_sd": GG_NOISE_SD,
        "invalid_share": INVALID_SHARE,
        "invalid_respondents": int(round(INVALID_SHARE * min(RESPONDENTS, len(eligible)))),
        "tested_prices": prices,
        "variable_cost_per_subscriber": float(sum(q * c for *_, q, c in _COSTS)),
    }
    for name, mask in {"all": np.ones(len(seg), bool), "wealth_tier": wealth, "mass_tier": ~wealth}.items():
        shares = _shares(seg[mask])
        d = true_demand(shares)
        out[f"true_{name}"] = {"segment_shares": shares, "demand": dict(zip(map(str, prices), map(float, d), strict=True)),
                               "optimum": _optimum(prices, d), "customers_in_extract": int(mask.sum()),
                               "psm": population_psm(shares)}
    inv = _investors(frames)
    inv_shares = _shares(_segments(frames)[inv])
    out["pilot"] = {"fee": PILOT_FEE, "offered": dict(PILOT_OFFERED), "conversion": PILOT_CONVERSION,
                    "investors_in_extract": int(len(inv)),
                    "true_yes_share_of_investors": float(true_demand(inv_shares, [PILOT_FEE])[0]),
                    "true_investor_demand": dict(zip(map(str, prices), map(float, true_demand(inv_shares)),
                                                     strict=True))}
    w = float(wealth.mean())
    tiers = w * out["true_wealth_tier"]["optimum"]["revenue_index"] + (1 - w) * out["true_mass_tier"]["optimum"]["revenue_index"]
    out["true_tier_gain"] = float(tiers / out["true_all"]["optimum"]["revenue_index"] - 1)
    return out
