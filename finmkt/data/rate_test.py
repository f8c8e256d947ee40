"""Randomised deposit-rate test (module 02, lesson 3: rate elasticity).

From July to December 2025 Minghu Bank tested the rate of its **1-year time deposit
(整存整取一年, D02)**, whose posted rate is 1.45% (``products.csv``): every month a
random share of each planted segment's customers (``frames["_truth_segments"]``, grossed
up to the bank by the sampling fraction of ``finmkt.data.spec``) received an app and
branch offer of a personal 1-year rate for new money. Within a segment and month the
offered rate was drawn at random from five rates of that segment's **test band**, so the
rate is random *within* a segment-month; but the deposit desk drew each band around what it
already paid, and it already paid more where deposits come in anyway (retirees and mass
families more than starters) and raised every band in the quarter-end and year-end months
(September, December), when new money flows in. Higher rates were therefore offered where
uptake is naturally higher: a regression of log uptake on log rate alone overstates how
rate-sensitive customers are; with segment and month fixed effects it recovers the planted
elasticities.

Planted truth: a customer offered rate r in segment s and month t accepts (places a new
1-year time deposit within 14 days) with probability
``p = base_s · exp(period_t − mean period) · (r / 1.45%)^h_s`` (constant supply elasticity
h_s > 0 of the deposit to its rate); accepts are binomial draws, so no cell is empty (every
cell expects at least ten accepts). The amount an accepting customer places does not depend
on the offered rate (log-normal around a segment mean derived from the segment's median
assets in the extract). The bank earns R = FTP credit − operating cost − deposit-insurance
premium per unit of deposit per year (``rate_test_economics``), so the profit per offer at
rate r is share_s(r) · (R − r) · amount_s and the profit-maximising rate (the Lerner rule for
a deposit) is r* = R · h / (1 + h).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.customers import SEGMENTS
from finmkt.data.schema import Dataset, cols

#: The tested product (products.csv) and its posted rate (% per year).
PRODUCT_ID = "D02"
POSTED_RATE_PCT = 1.45
#: Test months (first day of each month).
MONTHS = pd.date_range("2025-07-01", periods=6, freq="MS")
#: Planted period effects on log uptake (the first-month baseline is 0): the summer dip in
#: August, the quarter-end push in September, the National Day holiday in October, year-end
#: bonuses and the first-quarter pre-sales (开门红) in December.
PERIOD_EFFECT = (0.00, -0.04, 0.12, -0.08, 0.02, 0.22)
#: The desk's shift of every band in a month (percentage points): up at quarter/year end.
PERIOD_SHIFT_PCT = (0.00, 0.00, 0.05, 0.00, 0.00, 0.05)
#: Per segment: the planted supply elasticity h, the uptake share at the posted rate in an
#: average month, and its test band: five offered rates from ``from_pct`` in steps of
#: ``step_pct`` (% per year), never below the posted rate (an offer is a rate boost, 加息).
PLANTED = {
    "young_professional": {"h": 3.0, "base": 0.045, "from_pct": 1.45, "step_pct": 0.10},
    "mass_family": {"h": 3.8, "base": 0.070, "from_pct": 1.50, "step_pct": 0.10},
    "entrepreneur": {"h": 3.2, "base": 0.065, "from_pct": 1.50, "step_pct": 0.10},
    "retiree": {"h": 4.5, "base": 0.090, "from_pct": 1.55, "step_pct": 0.09},
    "starter": {"h": 2.6, "base": 0.035, "from_pct": 1.45, "step_pct": 0.10},
}
BAND_RATES = 5
#: Share of each segment's customers offered a rate in the test, spread over the months.
COVERAGE = 0.80
#: Amount placed per accepting customer: this share of the segment's median assets (RMB),
#: at least the floor; individual amounts log-normal with this spread.
AMOUNT_SHARE_OF_ASSETS = 0.30
AMOUNT_FLOOR = 2_000.0
AMOUNT_SIGMA = 0.6
#: The bank's economics of one unit of 1-year deposit, % per year.
ECONOMICS = [
    ("ftp_credit", "内部资金转移定价收益", 2.15,
     "Funds-transfer price the treasury credits for 1-year retail deposits (the bank's funding curve)"),
    ("operating_cost", "运营成本", 0.10, "Operating cost of the deposit (channels, processing, staff)"),
    ("deposit_insurance", "存款保险费", 0.02, "Deposit-insurance premium on the balance"),
]

RATE_TEST = Dataset(
    "rate_test",
    "Deposit-rate test: offers and accepts by segment, offered rate and month",
    "A randomised test of the rate of Minghu Bank's 1-year time deposit (D02, posted rate "
    "1.45%), July-December 2025. Each month a random share of every customer segment received "
    "a personal offer of a 1-year rate for new money (app and branch); within a segment and "
    "month the rate was drawn at random from five rates of the segment's test band, and the "
    "desk set each band around what it already paid that segment and raised the bands in "
    "September and December. One row per cell (month x segment x offered rate), bank-wide "
    "counts. An accept is a new 1-year time deposit placed within 14 days of the offer, by an "
    "existing holder or a new one. Segments are those of the segmentation lesson.",
    cols(
        ("month", "date", "", "Month of the offers (first day)"),
        ("segment", "str", "", "Customer segment: " + ", ".join(SEGMENTS)),
        ("offered_rate_pct", "float", "% per year", "Offered 1-year deposit rate"),
        ("offers", "int", "customers", "Customers who received the offer"),
        ("accepts", "int", "customers", "Customers who placed a 1-year time deposit at the offered rate"),
        ("new_money", "float", "RMB", "Deposits placed by the accepting customers"),
    ),
)

RATE_TEST_ECONOMICS = Dataset(
    "rate_test_economics",
    "Economics of a 1-year retail deposit",
    "What one yuan of 1-year time deposit earns and costs Minghu Bank per year (finance "
    "department, 2025): the treasury's funds-transfer price (FTP) credit for 1-year funds, "
    "the operating cost and the deposit-insurance premium. The bank's earning rate on the "
    "deposit before interest is R = FTP credit - operating cost - deposit insurance.",
    cols(
        ("item", "str", "", "Item: ftp_credit, operating_cost, deposit_insurance"),
        ("item_zh", "str", "", "Item in Chinese"),
        ("value_pct", "float", "% per year of the balance", "Amount per unit of deposit"),
        ("meaning", "str", "", "What the item is"),
    ),
)

SCHEMAS = [RATE_TEST, RATE_TEST_ECONOMICS]


def earning_rate() -> float:
    """R = FTP credit − operating cost − deposit insurance, as a fraction per year."""
    v = {k: val for k, _, val, _ in ECONOMICS}
    return (v["ftp_credit"] - v["operating_cost"] - v["deposit_insurance"]) / 100


def band_rates_pct(segment: str, month_index: int) -> np.ndarray:
    """The five offered rates (% per year) of a segment's band in a month."""
    par = PLANTED[segment]
    start = par["from_pct"] + PERIOD_SHIFT_PCT[month_index]
    return np.round(start + par["step_pct"] * np.arange(BAND_RATES), 2)


def _design() -> pd.DataFrame:
    """Every cell of the test (month, segment, offered rate) with its planted acceptance probability."""
    pe = np.asarray(PERIOD_EFFECT)
    rows = []
    for t, month in enumerate(MONTHS):
        for s in SEGMENTS:
            par = PLANTED[s]
            for r in band_rates_pct(s, t):
                p = par["base"] * np.exp(pe[t] - pe.mean()) * (r / POSTED_RATE_PCT) ** par["h"]
                rows.append((month, s, float(r), float(p)))
    return pd.DataFrame(rows, columns=["month", "segment", "offered_rate_pct", "p"])


def _segment_customers(frames: dict) -> pd.Series:
    """Bank-wide customers per segment: the extract's counts over the sampling fraction."""
    seg = pd.Series(np.asarray(frames["_truth_segments"]["segment"].astype(str)))
    frac = spec.sampling_fraction(len(seg))
    return (seg.value_counts().reindex(SEGMENTS) / frac).round()


def _amount_mean(frames: dict) -> dict[str, float]:
    """Mean new deposit per accepting customer, by segment (RMB)."""
    seg = np.asarray(frames["_truth_segments"]["segment"].astype(str))
    assets = frames["customers"]["assets"].to_numpy(float)
    return {s: float(max(AMOUNT_FLOOR, round(AMOUNT_SHARE_OF_ASSETS * np.median(assets[seg == s]), -2)))
            for s in SEGMENTS}


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """The test's cells and the deposit economics."""
    design = _design()
    customers = _segment_customers(frames)
    amount = _amount_mean(frames)
    per_month = np.round(customers * COVERAGE / len(MONTHS)).astype(np.int64)
    # offers of each segment-month split at random over its five rates (the randomisation)
    offers = np.concatenate([rng.multinomial(per_month[s], np.full(BAND_RATES, 1 / BAND_RATES))
                             for _ in MONTHS for s in SEGMENTS])
    p = design["p"].to_numpy()
    accepts = rng.binomial(offers, p)
    if (accepts == 0).any():  # pragma: no cover - the design expects >= 10 accepts per cell
        raise AssertionError("rate_test: an empty cell; raise COVERAGE")
    mean_amt = design["segment"].map(amount).to_numpy(float)
    # the sum of `accepts` log-normal amounts: mean × accepts × a log-normal of the mean's spread
    sd = np.sqrt(np.log1p((np.exp(AMOUNT_SIGMA ** 2) - 1) / accepts))
    money = accepts * mean_amt * np.exp(sd * rng.normal(0, 1, len(accepts)) - sd ** 2 / 2)
    test = pd.DataFrame({
        "month": design["month"].dt.strftime("%Y-%m-%d"),
        "segment": design["segment"],
        "offered_rate_pct": design["offered_rate_pct"],
        "offers": offers.astype(np.int64),
        "accepts": accepts.astype(np.int64),
        "new_money": np.round(money, -2),
    })
    econ = pd.DataFrame(ECONOMICS, columns=RATE_TEST_ECONOMICS.column_names)
    return {"rate_test": test, "rate_test_economics": econ}


def truth(frames: dict) -> dict:
    """Planted elasticities, baselines, period effects, economics and optimal rates."""
    from finmkt.methods.rate_elasticity import ols_slope, optimal_rate, profit_curve

    d = _design()
    y, x = np.log(d["p"].to_numpy()), np.log(d["offered_rate_pct"].to_numpy() / 100)
    seg = pd.Categorical(d["segment"], categories=SEGMENTS).codes
    mon = pd.Categorical(d["month"]).codes
    R = earning_rate()
    r0 = POSTED_RATE_PCT / 100
    amount = _amount_mean(frames)
    segs = {}
    for s in SEGMENTS:
        par = PLANTED[s]
        h = par["h"]
        r_star = optimal_rate(R, h)

        def profit(r, par=par, h=h, s=s):
            return float(profit_curve([r], par["base"], r0, h, R, amount[s])["profit"].iloc[0])

        segs[s] = {
            "elasticity": h,
            "share_at_posted_rate": par["base"],
            "test_band_pct": [float(v) for v in band_rates_pct(s, 0)],
            "amount_mean": amount[s],
            "optimal_rate": r_star,
            "profit_per_offer_posted": profit(r0),
            "profit_per_offer_optimal": profit(r_star),
            "gain_per_offer": profit(r_star) - profit(r0),
        }
    pe = np.asarray(PERIOD_EFFECT)
    return {
        "product_id": PRODUCT_ID,
        "posted_rate": r0,
        "earning_rate": R,
        "segments": segs,
        "period_effects": {m.strftime("%Y-%m"): float(v) for m, v in zip(MONTHS, pe - pe[0], strict=True)},
        "period_band_shift_pct": {m.strftime("%Y-%m"): v for m, v in zip(MONTHS, PERIOD_SHIFT_PCT, strict=True)},
        # what the regressions estimate on the noise-free design (unweighted OLS over cells)
        "pooled_elasticity_fe": ols_slope(y, x, [seg, mon]),
        "naive_elasticity_noise_free": ols_slope(y, x, []),
        "segment_fe_only_elasticity_noise_free": ols_slope(y, x, [seg]),
        "convention": "log(share) ~ log(rate) + C(segment) + C(month); r* = R h / (1 + h)",
    }
