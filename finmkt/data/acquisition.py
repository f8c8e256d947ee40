"""Acquisition channels of Minghu Bank: spend, leads and new customers by channel and month
(module 03, lesson 1: channel economics 渠道经济性).

Three tables:

* ``channel_spend``: per acquisition channel (branch, relationship managers, telemarketing,
  SMS, mobile app, third-party platforms, social media / KOL) and month of 2024-2025,
  bank-wide: the media and staff spend, the incentives and coupons paid to new customers
  (a separate column), the leads and the new customers acquired.
* ``channel_customers``: the new customers of 2024 and 2025 in the customer extract (the
  customers whose first account is less than two years old, ``tenure_years < 2``), each with
  the channel that acquired them, the date, the monthly margin they bring while active
  (from their products and balances) and whether they have churned since (the course's
  rule: 90 days without activity) after how many months.
* ``acquisition_params``: the discount rate of the lifetime value and next year's budget.

How it is planted. Each new customer's channel is drawn from the segment (``frames
["_truth_segments"]``) and the preferred channel of the extract: app-first customers mostly
via the app, third-party platforms and social media, retirees via branches and
telemarketing, entrepreneurs via relationship managers. A channel's bank-wide new customers
in a year are the extract's count divided by the sampling fraction, with the sampling error
of a simple random extract, so the two agree within it. Each channel has a concave
response curve ``new(spend) = a * spend**b`` per month (b < 1: diminishing returns, so the
marginal CAC exceeds the average), with log-normal noise; the monthly spend follows the
seasonality of campaigns (开门红) and random pushes, and its level in each year is set so
that the curve gives that year's new customers. Churn follows the new-customer model
shared with the retention family (``finmkt.data.newcustomers``): a piecewise-constant
hazard by channel and segment, higher in the first three months and for customers acquired
with a coupon (coupon hunters from platforms leave first). The last active day is
``acquired_on`` plus the lifetime. A leaver closes the account with probability
``newcustomers.CLOSE_SHARE`` (within two months of the last active day), whenever the
customer left; the others keep it and stay in the extract, dormant, the recent leavers of
the last 90 days included (idle, not yet lost by the rule). The closers are the retention
family's ex-customers. The month-end checks are those the 90-day rule can decide at the
cut-off (month-ends at least 90 days back: up to 2025-09-30). The retention family takes
these customers over with the same channel, coupon, dates and churn.

Planted truths (``truth/acquisition.json``): the response curves (a, b), each channel's true
margin, retention, CAC and LTV (course convention), the budget allocation that equalises
marginal LTV per yuan and its gain. A channel's true monthly retention is the expected
share of decidable month-end checks passed by all its new customers, those who closed the
account included (given their acquisition dates and the planted hazards): the quantity
the lesson's estimator targets once it adds the closers back, as the CAC counts them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.newcustomers import (
    CHANNELS,
    COUPON_SHARE,
    MONTH_DAYS,
    SEG_MIX,
    SEGMENTS,
    closed_probability,
    cum_hazard,
    kept_lifetime,
    rates,
)
from finmkt.data.schema import Dataset, cols, param_cols

CHANNEL_ZH = {
    "branch": "网点", "rm": "客户经理", "telemarketing": "电话营销", "sms": "短信营销",
    "app": "手机银行App", "third_party": "第三方平台", "social_kol": "社交媒体/KOL",
}
CHANNEL_EN = {
    "branch": "Branch", "rm": "Relationship managers", "telemarketing": "Telemarketing", "sms": "SMS",
    "app": "Mobile app", "third_party": "Third-party platforms", "social_kol": "Social media / KOL",
}
_PREF = ["app", "branch", "rm", "phone"]
#: Multiplier of the mix by the customer's preferred channel (rows: app, branch, rm, phone).
_PREF_TILT = np.array([
    [0.6, 0.6, 0.8, 1.0, 1.5, 1.3, 1.3],
    [2.0, 1.0, 1.0, 1.0, 0.6, 0.6, 0.6],
    [1.0, 2.5, 1.0, 0.8, 0.6, 0.6, 0.6],
    [1.0, 1.0, 2.5, 1.2, 0.7, 0.7, 0.7],
])
#: Planted response curves per month: new customers = A * spend**B (spend in RMB, incentives included).
B = dict(zip(CHANNELS, [0.55, 0.45, 0.70, 0.50, 0.62, 0.65, 0.60], strict=True))
#: CAC (RMB) the curve gives at the reference monthly volume N_REF (2025, default world).
_CAC_REF = dict(zip(CHANNELS, [1100.0, 2400.0, 650.0, 250.0, 190.0, 230.0, 260.0], strict=True))
_N_REF = dict(zip(CHANNELS, [500.0, 190.0, 300.0, 260.0, 1150.0, 780.0, 800.0], strict=True))
A = {c: float(_N_REF[c] ** (1 - B[c]) / _CAC_REF[c] ** B[c]) for c in CHANNELS}
#: Share of a channel's spend paid as incentives and coupons (sign-up bonuses, gifts).
INCENTIVE_SHARE = dict(zip(CHANNELS, [0.15, 0.08, 0.10, 0.05, 0.30, 0.45, 0.40], strict=True))
#: Lead-to-customer conversion per channel (branch: the deck's 25% offline conversion).
CONVERSION = dict(zip(CHANNELS, [0.25, 0.32, 0.045, 0.008, 0.065, 0.05, 0.03], strict=True))
#: Noise of the monthly response (log-normal sd) and of the spend pushes between months.
RESPONSE_SD = 0.05
SPEND_SD = 0.35
YEARS = [2024, 2025]
#: The bank's churn rule: no activity for this many days (the customer is then lost).
CHURN_RULE_DAYS = 90
#: The margin model is the world's (``spec.monthly_margin``): the products it counts.
_PRODUCT_MARGIN = spec.MARGIN_PRODUCT_INCOME

#: The LTV convention is the world's: discount rate i and horizon T (``spec``).
DISCOUNT_RATE_MONTHLY = spec.DISCOUNT_RATE_MONTHLY
LTV_HORIZON_MONTHS = spec.LTV_HORIZON_MONTHS
PARAMS = [
    *spec.LTV_PARAMS,
    ("ltv_cac_threshold", 3.0, "ratio", "Industry rule of thumb (the course deck)",
     "A channel is healthy when LTV / CAC is above this"),
    *spec.MARGIN_PARAMS,
]

CHANNEL_SPEND = Dataset(
    "channel_spend",
    "Acquisition spend, leads and new customers by channel and month",
    "Minghu Bank's retail acquisition by channel and month, 2024-01 to 2025-12, bank-wide. "
    "Spend is split into media and staff cost (campaigns, placements, commissions, the "
    "share of staff time spent on acquisition) and the incentives and coupons paid to the "
    "new customers (sign-up bonuses, gifts, red packets); a channel's acquisition spend is "
    "the sum of the two. Leads are the prospects the channel produced (visits, calls "
    "answered, clicks that reached the application); new customers are those who opened "
    "their first account through the channel in the month. The new customers of a year are "
    "the extract's (channel_customers) together with those who have closed their account "
    "since (the ex-customers of retention_customers acquired that year), grossed up by the "
    "sampling fraction, within sampling error.",
    cols(
        ("month", "date", "", "First day of the month"),
        ("channel", "str", "", "branch, rm, telemarketing, sms, app, third_party, social_kol"),
        ("channel_zh", "str", "", "Channel name in Chinese"),
        ("media_spend", "float", "RMB", "Media, placement, commission and staff cost of acquisition in the month"),
        ("incentive_spend", "float", "RMB", "Incentives and coupons paid to the month's new customers"),
        ("leads", "int", "prospects", "Leads the channel produced in the month"),
        ("new_customers", "int", "customers", "Customers whose first account the channel opened in the month"),
    ),
)

CHANNEL_CUSTOMERS = Dataset(
    "channel_customers",
    "New customers of 2024-2025 in the extract and their acquisition channel",
    "Every customer of the extract (customers.csv, same ids) whose first account was opened "
    "in 2024 or 2025, with the channel that acquired the customer, the date, the monthly "
    "margin the customer brings while active (the bank's margin model, in acquisition_params: "
    "the net spread on the customer's assets, plus card, consumer-loan and mortgage income per "
    "product held, minus the cost to serve; negative for a customer with small balances and no "
    "product) and the month-end checks of the bank's churn rule (90 days without any activity, 不活跃, "
    "dated at the last active day; a customer who left keeps the account, so stays in the "
    "extract, unless closed: those are the ex-customers of retention_customers). At every "
    "month-end after the acquisition month the bank checks whether the customer is still "
    "active; on 2025-12-31 the rule can decide only the checks at least 90 days back (up to "
    "2025-09-30). The retention lesson's table has the same customers with the same "
    "channel, dates and churn.",
    cols(
        ("customer_id", "str", "", "Customer identifier (as in customers)"),
        ("channel", "str", "", "Acquisition channel"),
        ("acquired_on", "date", "", "Date the first account was opened"),
        ("monthly_margin", "float", "RMB per month",
         "Contribution margin per month while the customer is active: the margin model's income "
         "(acquisition_params) times a customer's own factor (log-normal, mean 1, log sd 0.2: how much "
         "of the balance earns the spread, fees), minus the cost to serve; can be negative"),
        ("months_observed", "int", "months",
         "Decidable month-end checks: month-ends after the acquisition month up to 2025-09-30 (90 days before the cut-off)"),
        ("months_active", "int", "months", "Checks passed: the last active day on or after the month-end"),
        ("churned", "int", "0/1", "1 if the customer failed one of them (months_active < months_observed)"),
        ("coupon", "int", "0/1", "1 if the customer was acquired with a new-customer coupon (新客礼券)"),
        ("last_active_on", "date", "", "Last day with any activity (a recent day if still active)"),
    ),
    scales=True,
)

ACQUISITION_PARAMS = Dataset(
    "acquisition_params",
    "Parameters of the channel economics",
    "The inputs of the lifetime value (discount rate i and horizon T, the same in every lesson), "
    "the LTV/CAC threshold and the margin model's parameters (monthly margin = assets x net spread / 12 "
    "+ card, consumer-loan and mortgage income per product held - cost to serve), with their sources.",
    param_cols(),
)

SCHEMAS = [CHANNEL_SPEND, CHANNEL_CUSTOMERS, ACQUISITION_PARAMS]


def _codes(values, categories) -> np.ndarray:
    return pd.Categorical(np.asarray(pd.Series(values).astype(str)), categories=categories).codes.astype(np.int64)


def _first_open(frames: dict, n: int) -> np.ndarray:
    """Date (datetime64[D]) of each extract customer's oldest holding (NaT if none)."""
    h = frames["holdings"]
    ids = frames["customers"]["customer_id"]
    row = pd.Index(np.asarray(ids.astype(str))).get_indexer(np.asarray(h["customer_id"].astype(str)))
    opened = pd.to_datetime(np.asarray(h["opened_on"].astype(str))).to_numpy().astype("datetime64[D]")
    out = np.full(n, np.datetime64("2100-01-01"), dtype="datetime64[D]")
    np.minimum.at(out, row, opened)
    return out


def _month_ends() -> np.ndarray:
    """Days since 1970 of the month-ends of 2024-01 .. 2025-12 (index 0..23)."""
    months = np.arange(np.datetime64("2024-02"), np.datetime64("2026-02"), dtype="datetime64[M]")
    return (months.astype("datetime64[D]") - np.timedelta64(1, "D") - np.datetime64("1970-01-01")).astype(np.int64)


def expected_retention(acquired_on, chan, seg, coupon) -> float:
    """Expected share of the decidable month-end checks passed by the channel's new customers,
    all of them (those who closed the account included), under the planted churn model: the
    true monthly retention that months_active / (months_active + churned) estimates once the
    closers are added back.

    A check at month-end t_j is decidable at the cut-off when t_j is at least 90 days back; it
    is passed when the lifetime L >= t_j; a customer fails one when L < t_J, the last decidable
    check. Each extract customer stands for 1 / (1 - P(closed)) customers acquired that day
    (the extract plus the ex-customers beside it).
    """
    d0 = (pd.to_datetime(np.asarray(acquired_on)).to_numpy().astype("datetime64[D]")
          - np.datetime64("1970-01-01")).astype(np.int64)
    cut = int((np.datetime64(spec.AS_OF.date()) - np.datetime64("1970-01-01")).astype(np.int64))
    er, lr = rates(chan, seg, coupon)
    ends = _month_ends()
    m0 = (d0[:, None] > ends[None, :]).sum(axis=1)  # month index of the acquisition
    checked = (np.arange(24)[None, :] > m0[:, None]) & (ends[None, :] <= cut - CHURN_RULE_DAYS)
    s_j = np.exp(-cum_hazard(np.maximum(ends[None, :] - d0[:, None], 0) / MONTH_DAYS, er[:, None], lr[:, None]))
    weight = 1 / (1 - closed_probability(er, lr, cut - d0))
    passed = (np.where(checked, s_j, 0.0).sum(axis=1) * weight).sum()
    last = np.where(checked, np.arange(24)[None, :], -1).max(axis=1)
    failed = (np.where(last >= 0, 1 - s_j[np.arange(len(d0)), np.maximum(last, 0)], 0.0) * weight).sum()
    return float(passed / (passed + failed))


def margin_model(cust: pd.DataFrame, noise=None) -> np.ndarray:
    """Monthly margin (RMB) of customers from their balances and products: the world's model
    (``spec.monthly_margin``); expected without ``noise``."""
    return spec.monthly_margin(cust["assets"], cust["has_credit_card"], cust["has_consumer_loan"],
                               cust["has_mortgage"], noise)


def _linked(frames: dict) -> pd.DataFrame:
    """The new customers of 2024-2025 in the extract with their segment (plain columns)."""
    c = frames["customers"]
    seg = _codes(frames["_truth_segments"]["segment"], SEGMENTS)
    keep = c["tenure_years"].to_numpy(float) < 1.95
    out = c.loc[keep, ["customer_id", "tenure_years", "assets", "preferred_channel", "n_products",
                       *_PRODUCT_MARGIN]].copy()
    out["customer_id"] = np.asarray(out["customer_id"].astype(str))
    out["seg"] = seg[keep]
    out["row"] = np.flatnonzero(keep)
    return out.reset_index(drop=True)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    frac = spec.sampling_fraction(scale)
    new = _linked(frames)
    n = len(new)
    pref = _codes(new["preferred_channel"], _PREF)
    w = SEG_MIX[new["seg"].to_numpy()] * _PREF_TILT[pref]
    w = w / w.sum(axis=1, keepdims=True)
    chan = (rng.random(n)[:, None] > np.cumsum(w, axis=1)).sum(axis=1).clip(0, len(CHANNELS) - 1)

    # acquisition date: within the tenure's rounding window (tenure is rounded to 0.1 year),
    # never after the oldest holding, inside the cohort year
    as_of = np.datetime64(spec.AS_OF.date())
    tenure = new["tenure_years"].to_numpy(float)
    t_lo = np.maximum(np.ceil((tenure - 0.05) * 365.25 + 0.01), 0)
    t_hi = np.floor((tenure + 0.05) * 365.25 - 0.01)
    days = (t_lo + np.floor(rng.uniform(0, 1, n) * (t_hi - t_lo + 1))).astype(np.int64)
    year = np.where(tenure < 0.95, 2025, 2024)
    lo = np.where(year == 2025, 0, 365)  # days before 2025-12-31
    hi = np.where(year == 2025, 364, 730)
    date = as_of - np.clip(days, lo, hi).astype("timedelta64[D]")
    first = _first_open(frames, len(frames["customers"]))[new["row"].to_numpy()]
    date = np.minimum(date, first)
    date = np.maximum(date, as_of - hi.astype("timedelta64[D]"))
    dt = pd.to_datetime(date)
    year = dt.year.to_numpy()
    month_idx = (year - YEARS[0]) * 12 + dt.month.to_numpy() - 1  # 0..23

    # margins from the products; churn from the shared new-customer model (channel, segment,
    # coupon): the last active day is the acquisition day plus the lifetime, or a recent day
    # for a customer still active at the cut-off
    margin = np.round(margin_model(new, rng.normal(0, 1, n)), 1)
    # (the coupon and the recent activity come from a child generator, so that the main
    # stream, and with it the spend table, is what it was with a geometric lifetime draw)
    side = rng.spawn(1)[0]
    seg = new["seg"].to_numpy()
    coupon = (side.random(n) < np.array([COUPON_SHARE[c] for c in CHANNELS])[chan]).astype(np.int64)
    er, lr = rates(chan, seg, coupon)
    d0 = (date - np.datetime64("1970-01-01")).astype(np.int64)
    cut = int((as_of - np.datetime64("1970-01-01")).astype(np.int64))
    # extract customers: those who did not close the account by the cut-off (a leaver closes
    # with CLOSE_SHARE, whenever the customer left; the others stay, dormant, the recent
    # leavers of the last 90 days included: the rule cannot call them lost yet). Those who
    # closed are not in the extract: the retention family's ex-customers.
    rng.standard_exponential(n)  # (the main stream draws what it drew before)
    life = kept_lifetime(rng.spawn(1)[0], er, lr, cut - d0)
    p_left = closed_probability(er, lr, cut - d0)
    last = d0 + np.maximum(np.floor(life * MONTH_DAYS).astype(np.int64), 1)  # a customer for a day at least
    recent = cut - np.floor(side.exponential(9.0, n)).clip(0, 60).astype(np.int64)
    last = np.where(last >= cut, np.maximum(d0, recent), last)
    # the month-end checks the rule can decide at the cut-off: those at least 90 days back
    # (a customer inactive since a later month-end may still come back)
    ends = _month_ends()
    checked = (np.arange(24)[None, :] > month_idx[:, None]) & (ends[None, :] <= cut - CHURN_RULE_DAYS)
    observed = checked.sum(axis=1)
    active = (checked & (ends[None, :] <= last[:, None])).sum(axis=1)
    churned = (active < observed).astype(np.int64)

    order = np.lexsort((new["customer_id"].to_numpy(), date))
    linked = pd.DataFrame({
        "customer_id": new["customer_id"].to_numpy()[order],
        "channel": pd.Categorical.from_codes(chan[order], categories=CHANNELS),
        "acquired_on": pd.Categorical(pd.to_datetime(date[order]).strftime("%Y-%m-%d")),
        "monthly_margin": margin[order],
        "months_observed": observed[order].astype(np.int64),
        "months_active": active[order].astype(np.int64),
        "churned": churned[order],
        "coupon": coupon[order],
        "last_active_on": pd.Categorical(pd.to_datetime(last[order], unit="D").strftime("%Y-%m-%d")),
    })

    # bank-wide monthly table: the year's new customers from the extract (sampling error
    # of a simple random extract), plus the expected number of those who left in the last
    # 90 days and closed the account (not in the extract: the retention family draws them,
    # as many as p_left / (1 - p_left) beside each extract customer), spread over the months
    # by the response curve
    closers = p_left / (1 - p_left)
    season = np.array(spec.SEASONALITY)
    rows = []
    for ci, c in enumerate(CHANNELS):
        for y in YEARS:
            sel = (chan == ci) & (year == y)
            n_all = int(sel.sum()) + float(closers[sel].sum())
            sd = np.sqrt(n_all * (1 - frac)) / frac
            total = max(1, int(round(n_all / frac + sd * float(np.clip(rng.normal(), -2, 2)))))
            shape = season * np.exp(rng.normal(0, SPEND_SD, 12))
            eps = rng.normal(0, RESPONSE_SD, 12)
            mu = shape ** B[c] * np.exp(eps)
            # spend level k such that the curve gives the year's total: A (k shape)^B e^eps
            k = (total / (A[c] * mu.sum())) ** (1 / B[c])
            spend = k * shape
            news = rng.multinomial(total, mu / mu.sum())
            share = np.clip(INCENTIVE_SHARE[c] * np.exp(rng.normal(0, 0.08, 12)), 0, 0.9)
            conv = CONVERSION[c] * np.exp(rng.normal(0, 0.08, 12))
            leads = np.maximum(news, np.round(news / conv)).astype(np.int64)
            months = pd.date_range(f"{y}-01-01", periods=12, freq="MS").strftime("%Y-%m-%d")
            rows.append(pd.DataFrame({
                "month": months, "channel": c, "channel_zh": CHANNEL_ZH[c],
                "media_spend": np.round(spend * (1 - share), -1), "incentive_spend": np.round(spend * share, -1),
                "leads": leads, "new_customers": news.astype(np.int64),
            }))
    spend = pd.concat(rows, ignore_index=True)
    order = np.lexsort((_codes(spend["channel"], CHANNELS), spend["month"].to_numpy()))
    spend = spend.iloc[order].reset_index(drop=True)
    params = pd.DataFrame(PARAMS, columns=ACQUISITION_PARAMS.column_names)
    return {"channel_spend": spend, "channel_customers": linked, "acquisition_params": params}


def truth(frames: dict) -> dict:
    """The planted answers: curves, true margins, retention, CAC and LTV, and the optimal plan."""
    from finmkt.methods.channel_economics import optimal_allocation
    from finmkt.methods.retention import ltv_constant

    linked = frames["channel_customers"]
    new = _linked(frames).set_index("customer_id")
    ids = np.asarray(linked["customer_id"].astype(str))
    chan = _codes(linked["channel"], CHANNELS)
    seg = new.loc[ids, "seg"].to_numpy()
    coupon = linked["coupon"].to_numpy()
    acquired = np.asarray(linked["acquired_on"].astype(str))
    m_true = margin_model(new.loc[ids])
    sp = frames["channel_spend"].copy()
    sp["month"] = np.asarray(sp["month"].astype(str))
    sp["channel"] = np.asarray(sp["channel"].astype(str))
    y25 = sp[sp["month"] >= "2025-01-01"].groupby("channel")[["media_spend", "incentive_spend", "new_customers"]].sum()
    out = {"channels": {}, "discount_rate_monthly": DISCOUNT_RATE_MONTHLY, "ltv_horizon_months": LTV_HORIZON_MONTHS}
    values, now = {}, {}
    for ci, c in enumerate(CHANNELS):
        sel = chan == ci
        r = expected_retention(acquired[sel], chan[sel], seg[sel], coupon[sel])
        m = float(m_true[sel].mean())
        v = float(ltv_constant(m, r, DISCOUNT_RATE_MONTHLY, LTV_HORIZON_MONTHS))
        total = float(y25.loc[c, "media_spend"] + y25.loc[c, "incentive_spend"])
        s_now = total / 12
        values[c], now[c] = v, s_now
        out["channels"][c] = {
            "a": A[c], "b": B[c], "margin": m, "retention": r, "ltv": v,
            "ltv_closed_form": float(ltv_constant(m, r, DISCOUNT_RATE_MONTHLY)),
            "cac_2025": total / float(y25.loc[c, "new_customers"]),
            "cac_media_only_2025": float(y25.loc[c, "media_spend"]) / float(y25.loc[c, "new_customers"]),
            "monthly_spend_2025": s_now,
            "average_cac_on_curve": s_now / (A[c] * s_now ** B[c]),
            "marginal_cac_on_curve": 1 / (A[c] * B[c] * s_now ** (B[c] - 1)),
            "extract_new_2025": int(((chan == ci) & (np.asarray(linked["acquired_on"].astype(str)) >= "2025")).sum()),
        }
    budget = sum(now.values())
    best = optimal_allocation(A, B, values, budget)
    new_now = {c: A[c] * now[c] ** B[c] for c in CHANNELS}
    new_best = {c: A[c] * best[c] ** B[c] for c in CHANNELS}
    for c in CHANNELS:
        out["channels"][c]["optimal_monthly_spend"] = best[c]
        out["channels"][c]["ltv_cac"] = values[c] / out["channels"][c]["cac_2025"]
        out["channels"][c]["ltv_cac_closed_form"] = out["channels"][c]["ltv_closed_form"] / out["channels"][c]["cac_2025"]
    v_now = sum(values[c] * new_now[c] for c in CHANNELS)
    v_best = sum(values[c] * new_best[c] for c in CHANNELS)
    out["reallocation"] = {
        "monthly_budget": budget, "value_now": v_now, "value_optimal": v_best, "gain_per_month": v_best - v_now,
        "gain_per_year": 12 * (v_best - v_now), "new_customers_now": sum(new_now.values()),
        "new_customers_optimal": sum(new_best.values()),
        "cut": [c for c in CHANNELS if best[c] < now[c]], "grow": [c for c in CHANNELS if best[c] > now[c]],
    }
    return out
