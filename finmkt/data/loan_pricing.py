"""Consumer-loan book by risk grade and competitors' instalment offers (module 02, lesson 4:
risk-based loan pricing and the APR).

Four tables:

* ``loan_grades``: Minghu Bank's L01 consumer-loan book (明湖e贷) at 2025-12-31 split into
  seven risk grades A-G: borrowers, exposure, average term and today's quoted rate as a
  spread over the 1-year LPR. The borrowers add up to L01's installed base in
  ``adoption`` and the exposure to the extract's L01 holdings grossed up by the sampling
  fraction, so the book agrees with the world.
* ``loan_default_history``: per grade and year 2023-2025, the performing loans at the start
  of the year (adding up to L01's holders at the previous December), the defaults (90+ days
  past due) during the year, the exposure at default and what was recovered. The planted
  probability of default (PD) and loss given default (LGD) of each grade are drawn from:
  binomial defaults, a beta-distributed recovery per defaulted loan.
* ``loan_pricing_params``: the bank's funds-transfer price, operating cost, capital per unit
  of exposure and hurdle rate, and the LPR (the benchmark a rate is quoted against).
* ``instalment_offers``: instalment-loan offers advertised in the city with a monthly fee
  (月费率) on the original principal and upfront fees, with how each advertisement shows
  its rates, so that some breach the APR-disclosure rule (MKT-06, PBoC Announcement 2021
  No. 3).

Planted truths (``truth/loan_pricing.json``): PD and LGD per grade, break-even rate and
RAROC at today's rate per grade (course convention), the value-destroying grades, the
repriced rates, each offer's APR (IRR method) and breach flag.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.schema import Dataset, cols, param_cols

PRODUCT = "L01"

LOAN_GRADES = Dataset(
    "loan_grades",
    "Minghu Bank's consumer-loan book (L01) by risk grade",
    "Minghu Bank's L01 consumer loans (明湖e贷, see products) outstanding at 2025-12-31, "
    "bank-wide, split by the risk grade of the bank's application scorecard (A = lowest risk). "
    "Borrowers add up to L01's holders in adoption (2025-12); exposure adds up to the "
    "extract's L01 holdings grossed up by the sampling fraction. Today's rate of a grade is "
    "the 1-year LPR plus its spread (loan rates are quoted against the LPR, 以LPR为定价基准加点); "
    "the L01 rate on the shelf (products) is the standard rate, one grade's.",
    cols(
        ("grade", "str", "", "Risk grade A-G (A = lowest risk)"),
        ("score_band", "str", "points", "Application-score band of the grade"),
        ("borrowers", "int", "borrowers", "Borrowers with an L01 loan outstanding at 2025-12-31 (bank-wide)"),
        ("exposure", "float", "RMB", "Outstanding L01 principal at 2025-12-31 (bank-wide)"),
        ("avg_term_months", "float", "months", "Average original term of the grade's loans"),
        ("lpr_spread_bp", "int", "basis points", "Today's quoted spread over the 1-year LPR (rate = LPR + spread)"),
    ),
)

LOAN_DEFAULT_HISTORY = Dataset(
    "loan_default_history",
    "Default and recovery history of the L01 book by grade and year",
    "Per risk grade and calendar year (2023-2025): the L01 loans performing on 1 January "
    "(bank-wide; they add up to L01's holders in adoption at the previous December), the "
    "loans that defaulted during the year (default = 90 or more days past due, 逾期90天以上), "
    "their exposure at default and what collections recovered from them (discounted to the "
    "default date, net of collection costs).",
    cols(
        ("year", "int", "", "Calendar year observed"),
        ("grade", "str", "", "Risk grade A-G at the start of the year"),
        ("loans_start", "int", "loans", "Performing loans on 1 January"),
        ("exposure_start", "float", "RMB", "Their outstanding principal on 1 January"),
        ("defaults", "int", "loans", "Loans among them that defaulted during the year"),
        ("ead", "float", "RMB", "Exposure at default of those loans"),
        ("recoveries", "float", "RMB", "Recovered from the defaulted loans (discounted, net of costs)"),
    ),
)

LOAN_PRICING_PARAMS = Dataset(
    "loan_pricing_params",
    "Minghu Bank's loan-pricing parameters",
    "The inputs of the bank's risk-based pricing of L01 (2025), each per unit of exposure and "
    "per year unless stated, with where it comes from and what it means.",
    param_cols(value="Value (a fraction: 0.022 = 2.2%)", meaning="What the parameter means in the pricing"),
)

INSTALMENT_OFFERS = Dataset(
    "instalment_offers",
    "Instalment-loan offers advertised in Minghu",
    "Instalment loans and card instalments advertised in the city in 2025, collected by "
    "Minghu Bank's marketing team: each offer's representative example (principal, months, a "
    "monthly fee 月费率 charged on the ORIGINAL principal every month, an upfront fee deducted "
    "when the loan is paid out; the principal is repaid in equal parts) and how the "
    "advertisement shows its rates (which periodic rate it headlines, the APR it states, font "
    "sizes). Institutions: those of competitors plus consumer-finance firms and instalment "
    "platforms; all fictional.",
    cols(
        ("offer_id", "str", "", "Offer identifier"),
        ("institution", "str", "", "Institution name (English)"),
        ("institution_zh", "str", "", "Institution name (Chinese)"),
        ("institution_type", "str", "", "bank, consumer_finance or internet_platform"),
        ("product", "str", "", "Advertised product"),
        ("principal", "float", "RMB", "Principal of the representative example"),
        ("months", "int", "months", "Number of monthly instalments"),
        ("monthly_fee_pct", "float", "% of original principal per month", "Monthly fee (月费率) charged on the original principal"),
        ("upfront_fee", "float", "RMB", "Fee deducted when the loan is paid out (0 if none)"),
        ("periodic_rate_shown", "str", "", "Periodic rate the ad shows: monthly (月费率), daily (日费率) or none"),
        ("periodic_rate_pct", "float", "% per month or per day", "The periodic rate as the ad shows it (empty if none)"),
        ("rate_font_pt", "float", "points", "Font size of the periodic rate (0 if none)"),
        ("apr_shown_pct", "float", "% per year", "The APR (年化利率) the ad states (empty if none)"),
        ("apr_font_pt", "float", "points", "Font size of the APR (0 if none)"),
    ),
)

SCHEMAS = [LOAN_GRADES, LOAN_DEFAULT_HISTORY, LOAN_PRICING_PARAMS, INSTALMENT_OFFERS]

GRADES = list("ABCDEFG")
#: Planted 12-month probability of default and loss given default per grade.
PD = dict(zip(GRADES, [0.005, 0.009, 0.015, 0.024, 0.036, 0.070, 0.110], strict=True))
LGD = dict(zip(GRADES, [0.62, 0.64, 0.66, 0.69, 0.72, 0.75, 0.80], strict=True))
#: Today's spread over the 1-year LPR (bp): compressed at the top (prime borrowers are
#: fought over on price) and too flat at the bottom (risky borrowers subsidised).
SPREAD_BP = dict(zip(GRADES, [105, 220, 290, 380, 470, 520, 590], strict=True))
SCORE_BANDS = ["760+", "720-759", "690-719", "660-689", "630-659", "600-629", "570-599"]
#: Share of the book's borrowers by grade, and average loan size relative to the book's.
BORROWER_MIX = np.array([0.12, 0.20, 0.22, 0.18, 0.13, 0.09, 0.06])
SIZE_FACTOR = np.array([1.35, 1.15, 1.0, 0.92, 0.85, 0.78, 0.70])
AVG_TERM = np.array([30.0, 28.0, 26.0, 24.0, 22.0, 20.0, 18.0])
#: Dispersion of a defaulted loan's recovery rate (beta distribution).
RECOVERY_SD = 0.15
HISTORY_YEARS = [2023, 2024, 2025]

PARAMS = [
    ("ftp", 0.022, "share of exposure per year",
     "Minghu Bank treasury, 2025 funds-transfer pricing (FTP) curve at the loans' weighted average life "
     "(about 1 year: loans of about 2 years repaid in equal monthly instalments)",
     "Funds-transfer price: what the loan pays the treasury for its funding"),
    ("opex", 0.012, "share of exposure per year",
     "Minghu Bank cost accounting, 2025 (origination, servicing, collections, credit bureau)",
     "Operating cost of the L01 book"),
    ("capital_per_unit", 0.08, "share of exposure",
     "Minghu Bank capital allocation (about a 75% retail risk weight times a 10.5% capital target)",
     "k: capital the bank holds per unit of exposure"),
    ("hurdle_rate", 0.12, "per year, pre-tax",
     "Minghu Bank board target, 2025", "h: the pre-tax return the bank requires on allocated capital"),
    ("lpr_1y", 0.030, "per year", "PBoC 1-year loan prime rate (LPR) fixing, 2025",
     "The market benchmark a loan rate is quoted against (not a funding cost)"),
]

# Offers: (id, institution, zh, type, product, principal, months, monthly fee %, upfront fee,
# periodic rate shown, rate font, APR shown: "true" / "naive" (12 x fee) / "no_upfront" (IRR
# ignoring the upfront fee) / None, APR font)
_OFFERS = [
    ("O01", spec.BANK, "明湖银行", "bank", "Credit-card instalment (信用卡分期)", 12_000, 12, 0.55, 0, "monthly", 14,
     "true", 18),
    ("O02", "Guoheng Bank", "国衡银行", "bank", "Credit-card instalment (信用卡分期)", 10_000, 12, 0.60, 0, "monthly", 16,
     "true", 16),
    ("O03", "Zhongyu Bank", "中昱银行", "bank", "Cash instalment (现金分期)", 50_000, 24, 0.50, 0, "monthly", 28,
     "true", 9),
    ("O04", "Hanhai Commercial Bank", "瀚海商业银行", "bank", "Card bill instalment (账单分期)", 6_000, 6, 0.65, 0,
     "monthly", 24, None, 0),
    ("O05", "Xinghe Bank", "兴禾银行", "bank", "Renovation instalment (装修分期)", 100_000, 36, 0.45, 0, "monthly", 20,
     "naive", 20),
    ("O06", "Hupan Rural Commercial Bank", "湖畔农商银行", "bank", "Consumer instalment (消费分期)", 20_000, 12, 0.58, 200,
     "monthly", 18, "no_upfront", 18),
    ("O07", "Yunqiao Wealth", "云桥财富", "internet_platform", "Instalment loan (分期借款)", 10_000, 12, 0.75, 0, "daily",
     30, "true", 10),
    ("O08", "Lanxi Consumer Finance", "岚溪消费金融", "consumer_finance", "Cash loan (现金贷)", 20_000, 12, 1.00, 0,
     "monthly", 16, "true", 22),
    ("O09", "Lanxi Consumer Finance", "岚溪消费金融", "consumer_finance", "Education instalment (教育分期)", 30_000, 24,
     0.80, 600, "monthly", 18, "true", 18),
    ("O10", "Shuiyun Instalments", "水云分期", "internet_platform", "Phone instalment (手机分期)", 6_000, 12, 0.90, 0,
     "daily", 32, None, 0),
    ("O11", "Shuiyun Instalments", "水云分期", "internet_platform", "Interest-free instalment (免息分期)", 9_000, 6, 0.0,
     270, "monthly", 30, None, 0),
    ("O12", "Guoheng Bank", "国衡银行", "bank", "Car-purchase instalment (购车分期)", 150_000, 36, 0.30, 0, "none", 0,
     "true", 20),
]
#: Institutions of the offers that are not in ``competitors`` (all fictional).
OTHER_INSTITUTIONS = {"Lanxi Consumer Finance": "consumer_finance", "Shuiyun Instalments": "internet_platform"}



def _planted_apr(o: tuple) -> tuple[float, float]:
    """(true APR, APR the ad shows) in percent for one offer tuple."""
    from finmkt.methods.loan_pricing import apr_irr

    _, _, _, _, _, principal, months, fee, upfront, _, _, shown, _ = o
    true = 100 * apr_irr(principal, months, fee / 100, upfront)
    if shown is None:
        return true, np.nan
    if shown == "naive":
        return true, round(12 * fee, 2)
    if shown == "no_upfront":
        return true, round(100 * apr_irr(principal, months, fee / 100, 0.0), 2)
    return true, round(true, 2)


def _offers() -> pd.DataFrame:
    rows = []
    for o in _OFFERS:
        oid, inst, zh, typ, product, principal, months, fee, upfront, shown, rate_pt, _, apr_pt = o
        _, apr_shown = _planted_apr(o)
        periodic = {"monthly": fee, "daily": round(fee / 30, 3), "none": np.nan}[shown]
        rows.append((oid, inst, zh, typ, product, float(principal), months, fee, float(upfront), shown, periodic,
                     float(rate_pt), apr_shown, float(apr_pt)))
    return pd.DataFrame(rows, columns=INSTALMENT_OFFERS.column_names)


def _book(frames: dict, scale: int | None) -> tuple[int, float, dict[int, int]]:
    """(L01 borrowers at 2025-12, L01 exposure grossed up from the extract, holders by December)."""
    a = frames["adoption"]
    a = a[a["product_id"].astype(str) == PRODUCT]
    months = pd.to_datetime(a["month"].astype(str))
    dec = a[months.dt.month == 12].assign(year=months[months.dt.month == 12].dt.year)
    holders_dec = dict(zip(dec["year"].astype(int), dec["holders"].astype(int), strict=True))
    h = frames["holdings"]
    exposure = float(h.loc[h["product_id"].astype(str) == PRODUCT, "balance"].sum()) / spec.sampling_fraction(scale)
    return int(a["holders"].iloc[-1]), exposure, holders_dec


def _split(total: float, weights: np.ndarray, unit: float) -> np.ndarray:
    """``total`` split by ``weights`` into multiples of ``unit``, the rounding residual in the largest part."""
    parts = np.round(total * weights / weights.sum() / unit) * unit
    parts[np.argmax(weights)] += total - parts.sum()
    return parts


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    borrowers_now, exposure_now, holders_dec = _book(frames, scale)
    mix = BORROWER_MIX * np.exp(rng.normal(0, 0.03, len(GRADES)))
    borrowers = _split(borrowers_now, mix, 1).astype(np.int64)
    size = SIZE_FACTOR * np.exp(rng.normal(0, 0.02, len(GRADES)))
    exposure = _split(round(exposure_now, -2), borrowers * size, 100.0)
    avg_loan = exposure_now / borrowers_now
    grades = pd.DataFrame({
        "grade": GRADES, "score_band": SCORE_BANDS, "borrowers": borrowers, "exposure": exposure,
        "avg_term_months": np.round(AVG_TERM + rng.normal(0, 0.6, len(GRADES)), 1),
        "lpr_spread_bp": [SPREAD_BP[g] for g in GRADES],
    })

    # default history: performing loans on 1 January = holders at the previous December
    pd_arr, lgd_arr = np.array([PD[g] for g in GRADES]), np.array([LGD[g] for g in GRADES])
    rows = []
    for year in HISTORY_YEARS:
        n_start = int(holders_dec[year - 1])
        drift = np.exp(rng.normal(0, 0.05, len(GRADES)))  # the mix of earlier years differs a little
        loans = _split(n_start, BORROWER_MIX * drift, 1).astype(np.int64)
        loan_size = avg_loan * SIZE_FACTOR * np.exp(rng.normal(0, 0.02, len(GRADES)))
        exp_start = np.round(loans * loan_size, -2)
        defaults = rng.binomial(loans, pd_arr)
        # each defaulted loan: exposure at default (part repaid) and a beta recovery rate
        who = np.repeat(np.arange(len(GRADES)), defaults)
        ead_i = loan_size[who] * rng.uniform(0.55, 0.95, len(who))
        mean = 1 - lgd_arr[who]
        conc = mean * (1 - mean) / RECOVERY_SD**2 - 1
        rec_i = ead_i * rng.beta(mean * conc, (1 - mean) * conc)
        ead = np.round(np.bincount(who, ead_i, len(GRADES)), -2)
        rec = np.round(np.bincount(who, rec_i, len(GRADES)), -2)
        rows.append(pd.DataFrame({"year": year, "grade": GRADES, "loans_start": loans, "exposure_start": exp_start,
                                  "defaults": defaults, "ead": ead, "recoveries": rec}))
    history = pd.concat(rows, ignore_index=True)
    params = pd.DataFrame(PARAMS, columns=LOAN_PRICING_PARAMS.column_names)
    return {"loan_grades": grades, "loan_default_history": history, "loan_pricing_params": params,
            "instalment_offers": _offers()}


def truth(frames: dict) -> dict:
    """The planted answers of the lesson (from the planted PD and LGD, not from the history)."""
    from finmkt.methods.loan_pricing import break_even, raroc

    p = {r[0]: r[1] for r in PARAMS}
    ftp, opex, k, h, lpr = p["ftp"], p["opex"], p["capital_per_unit"], p["hurdle_rate"], p["lpr_1y"]
    grades = {}
    for g in GRADES:
        rate = lpr + SPREAD_BP[g] / 10_000
        be = break_even(ftp, PD[g], LGD[g], opex, k, h)
        grades[g] = {"pd": PD[g], "lgd": LGD[g], "el": PD[g] * LGD[g], "rate": rate, "break_even": be,
                     "raroc": raroc(rate, ftp, PD[g], LGD[g], opex, k),
                     "repriced_rate": float(np.ceil(round(max(rate, be) * 2000, 9)) / 2000)}
    offers = {}
    for o in _OFFERS:
        true, shown = _planted_apr(o)
        _, _, _, _, _, principal, months, fee, upfront, periodic, rate_pt, _, apr_pt = o
        reasons = []
        if np.isnan(shown):
            reasons.append("no APR shown")
        else:
            if periodic != "none" and apr_pt < rate_pt:
                reasons.append("APR less prominent than the periodic rate")
            if shown < true - 0.01:
                reasons.append("APR shown below the true APR")
        i = true / 1200
        offers[o[0]] = {"apr": true / 100, "effective_rate": (1 + i) ** 12 - 1, "naive_rate": 12 * fee / 100,
                        "instalment": principal / months + principal * fee / 100, "breach": bool(reasons),
                        "reasons": reasons}
    return {
        "params": p,
        "grades": grades,
        "value_destroying_grades": [g for g, v in grades.items() if v["raroc"] < h],
        "offers": offers,
        "breaching_offers": [o for o, v in offers.items() if v["breach"]],
    }
