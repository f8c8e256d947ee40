"""Customer value of the bank's customers (module 05, lesson 1: 客户价值): BG/NBD and Gamma-Gamma
on the one transaction history.

Design: the lesson's purchase events ARE ``transactions.csv`` (no new event table, so nothing can
contradict the customer's history): a customer's purchase occasions are the days with product
transactions, the calibration period is 2025-01-01 to 2025-09-30 and the holdout 2025-10-01 to
2025-12-31 (:data:`CALIBRATION_END`, :data:`OBSERVATION_END`). The transactions family does not
draw from a BG/NBD process (a customer's yearly count is 1 + Poisson(segment rate x a log-normal
engagement); a fifth of the customers lapse on a day drawn between day 30 and day 300 of the
year; customers of the new-customer model transact only in their active months), so the truth
of the lesson is what the data themselves say, computed once with the reference method
(``finmkt.methods.customer_value``): the BG/NBD and Gamma-Gamma parameters fitted on the
calibration period, the holdout's actual occasions and spend by segment and AUM tier against the
predictions, and, beside them, the parameters the transactions family really uses.

Two tables:

* ``value_customers``: every extract customer (same ``customer_id`` as ``customers.csv``) with the
  bank's CRM segment (the planted segment of module 01, as ``retention_customers`` shows it for
  the new customers) and the monthly margin of the world's one margin model (module 03): for the
  new customers of 2024-2025 exactly ``channel_customers.monthly_margin``; for the others the same
  model (``spec.monthly_margin``) with the same customer-level spread, drawn from this family's
  stream.
* ``value_params``: the calibration and holdout periods, the AUM tier bounds of module 01, the
  LTV convention (horizon T, monthly discount rate i) and the margin model's rows.

Value over the world's horizon is module 03's one LTV formula,
Σ_{t=1..T} m·S(t)/(1 + i)^t, with S(t) the BG/NBD survival of the customer from the end of the
observation (:func:`finmkt.methods.customer_value.customer_ltv`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.customers import SEGMENT_ZH, SEGMENTS
from finmkt.data.schema import Dataset, cols, param_cols

CALIBRATION_END = "2025-09-30"
OBSERVATION_END = "2025-12-31"
#: module 01's AUM tiers (客户分层): lower bounds (RMB of assets), a bound belongs to the tier above
TIERS = ["mass", "affluent", "high_net_worth"]
TIER_ZH = {"mass": "大众客户", "affluent": "富裕客户", "high_net_worth": "高净值客户"}
TIER_BOUNDS = [0, 500_000, 6_000_000]
#: the reference fit's bound on the Beta's a + b (``fit_bgnbd``): a segment whose drop-out
#: probability is the same for everyone reaches it (a and b are then not identified, a / (a + b) is)
MAX_CONCENTRATION = 1e5

PARAMS = [
    ("calibration_start", "2025-01-01", "date", "transactions.csv (the year it covers)",
     "First day of the calibration period (the first transaction day of 2025 is a customer's birth in the model)"),
    ("calibration_end", CALIBRATION_END, "date", "Minghu Bank customer-operations analysis, 2026",
     "Last day of the calibration period: the model is fitted on the transactions up to and including it"),
    ("observation_end", OBSERVATION_END, "date", "transactions.csv (its cut-off)",
     "Last day of the holdout period (2025-10-01 to this day): predictions are checked against it"),
    ("occasion", "day", "", "Course convention (as the lifetimes and pymc-marketing summaries)",
     "A purchase occasion is a day with transactions; the day's amounts are summed"),
    ("tier_affluent_min", "500000", "RMB of assets", "Module 01 (customer segmentation), course convention",
     "Lower bound of the affluent tier (富裕客户); below it: mass (大众客户)"),
    ("tier_high_net_worth_min", "6000000", "RMB of assets", "Module 01 (customer segmentation), course convention",
     "Lower bound of the high-net-worth tier (高净值客户)"),
    *[(k, f"{v:g}", u, s, m) for k, v, u, s, m in spec.LTV_PARAMS],
    *[(k, f"{v:g}", u, s, m) for k, v, u, s, m in spec.MARGIN_PARAMS],
]

VALUE_CUSTOMERS = Dataset(
    "value_customers",
    "Customers with their CRM segment and monthly margin",
    "One row per customer of the extract (same customer_id as customers.csv): the bank's CRM segment "
    "(客户群, the segments of module 01; the same as retention_customers.segment) and the customer's "
    "monthly margin under the world's one margin model (module 03: net spread on assets plus card, "
    "consumer-loan and mortgage income, minus the cost to serve, with a customer-level spread). For "
    "the new customers of 2024-2025 it is channel_customers.monthly_margin. The purchase history "
    "of the customer-value lesson is transactions.csv (calibration to 2025-09-30, holdout to "
    "2025-12-31; see value_params).",
    cols(
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("segment", "str", "", "CRM segment: " + ", ".join(SEGMENTS)),
        ("segment_zh", "str", "", "Segment name in Chinese"),
        ("monthly_margin", "float", "RMB per month", "Monthly margin while a customer (can be negative)"),
    ),
    scales=True,
)

VALUE_PARAMS = Dataset(
    "value_params",
    "Customer-value conventions",
    "The calibration and holdout periods of the customer-value lesson, the AUM tiers of module 01, "
    "and the world's LTV convention and margin model (module 03), with their sources.",
    param_cols(value_dtype="str"),
)

SCHEMAS = [VALUE_CUSTOMERS, VALUE_PARAMS]


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    cust = frames["customers"]
    ids = np.asarray(cust["customer_id"].astype(str))
    seg = frames["_truth_segments"].set_index(np.asarray(frames["_truth_segments"]["customer_id"].astype(str)))
    seg = seg["segment"].astype(str).reindex(ids).to_numpy()
    noise = rng.standard_normal(len(ids))
    margin = np.round(spec.monthly_margin(cust["assets"], cust["has_credit_card"], cust["has_consumer_loan"],
                                          cust["has_mortgage"], noise), 1)
    lk = frames["channel_customers"]
    pos = pd.Index(np.asarray(lk["customer_id"].astype(str))).get_indexer(ids)
    margin = np.where(pos >= 0, lk["monthly_margin"].to_numpy(float)[np.maximum(pos, 0)], margin) + 0.0
    table = pd.DataFrame({"customer_id": ids, "segment": seg,
                          "segment_zh": [SEGMENT_ZH[s] for s in seg], "monthly_margin": margin})
    params = pd.DataFrame(PARAMS, columns=VALUE_PARAMS.column_names)
    return {"value_customers": table, "value_params": params}


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: np.asarray(df[c].astype(str)) if isinstance(df[c].dtype, pd.CategoricalDtype)
                         else df[c].to_numpy() for c in df.columns})


def truth(frames: dict) -> dict:
    """The lesson's answers from the data (the reference method) and the generator's parameters."""
    from finmkt.data import transactions as txf
    from finmkt.methods import customer_value as cv

    tx = _plain(frames["transactions"])
    s = cv.rfm_summary(tx, CALIBRATION_END, OBSERVATION_END)
    hold_days = float(s["duration_holdout"].iloc[0])
    vc = _plain(frames["value_customers"]).set_index("customer_id")
    assets = frames["customers"].set_index(np.asarray(frames["customers"]["customer_id"].astype(str)))["assets"]
    s["segment"] = vc["segment"].reindex(s.index).to_numpy()
    s["tier"] = cv.aum_tier(assets.reindex(s.index).to_numpy(float), TIER_BOUNDS, TIERS)
    s["margin"] = vc["monthly_margin"].reindex(s.index).to_numpy(float)
    p = {r[0]: r[1] for r in spec.LTV_PARAMS}
    i, horizon = p["discount_rate_monthly"], int(p["ltv_horizon_months"])

    pooled = cv.fit_bgnbd(s["frequency"], s["recency"], s["T"])
    s["pred_pooled"] = cv.expected_purchases(pooled, hold_days, s["frequency"], s["recency"], s["T"])
    s["alive"] = cv.prob_alive(pooled, s["frequency"], s["recency"], s["T"])
    by_seg, gg_seg = {}, {}
    s["pred"], s["spend"] = np.nan, np.nan
    for g in SEGMENTS:
        rows = s["segment"] == g
        d = s[rows]
        bg = cv.fit_bgnbd(d["frequency"], d["recency"], d["T"])
        gg = cv.fit_gamma_gamma(d["frequency"], d["monetary_value"])
        s.loc[rows, "pred"] = cv.expected_purchases(bg, hold_days, d["frequency"], d["recency"], d["T"])
        s.loc[rows, "spend"] = cv.expected_spend(gg, d["frequency"], d["monetary_value"])
        by_seg[g], gg_seg[g] = bg, gg
    # the value from the cut-off: the calibration fit (checked on the holdout) applied to each
    # customer's whole 2025 history, T = days from the first transaction to 2025-12-31
    full = cv.rfm_summary(tx, OBSERVATION_END)
    full["segment"] = vc["segment"].reindex(full.index).to_numpy()
    full["tier"] = cv.aum_tier(assets.reindex(full.index).to_numpy(float), TIER_BOUNDS, TIERS)
    full["margin"] = vc["monthly_margin"].reindex(full.index).to_numpy(float)
    full["ltv"] = np.nan
    for g in SEGMENTS:
        rows = full["segment"] == g
        d = full[rows]
        full.loc[rows, "ltv"] = cv.customer_ltv(by_seg[g], d["frequency"], d["recency"], d["T"], d["margin"],
                                                i, horizon)
        full.loc[rows, "alive"] = cv.prob_alive(by_seg[g], d["frequency"], d["recency"], d["T"])

    def table(by):
        g = s.groupby(by)
        out = pd.DataFrame({"customers": g.size(), "actual_occasions": g["frequency_holdout"].mean(),
                            "predicted_segment_fit": g["pred"].mean(), "predicted_pooled_fit": g["pred_pooled"].mean()})
        h = s[(s["frequency_holdout"] > 0) & (s["frequency"] > 0)].groupby(by)
        out["actual_spend_per_occasion"] = h["monetary_value_holdout"].mean()
        out["predicted_spend_per_occasion"] = h["spend"].mean()
        v = full.groupby(by)
        out["ltv_mean"] = v["ltv"].mean()
        out["ltv_total"] = v["ltv"].sum()
        out["prob_alive_mean"] = v["alive"].mean()
        return {str(k): {c: float(val) for c, val in row.items()} for k, row in out.iterrows()}

    return {
        "calibration_end": CALIBRATION_END, "observation_end": OBSERVATION_END, "holdout_days": hold_days,
        "customers_in_calibration": int(len(s)),
        "bgnbd_pooled": pooled, "bgnbd_by_segment": by_seg, "gamma_gamma_by_segment": gg_seg,
        "bgnbd_readable": {g: {"purchase_occasions_per_year": 365.25 * v["r"] / v["alpha"],
                               "dropout_per_purchase": v["a"] / (v["a"] + v["b"]),
                               "beta_at_concentration_bound": bool(v["a"] + v["b"] >= 0.999 * MAX_CONCENTRATION)}
                           for g, v in {**by_seg, "pooled": pooled}.items()},
        "holdout_total": {"actual": float(s["frequency_holdout"].sum()), "predicted_segment_fit": float(s["pred"].sum()),
                          "predicted_pooled_fit": float(s["pred_pooled"].sum())},
        "by_segment": table("segment"), "by_tier": table("tier"),
        "ltv": {"discount_rate_monthly": i, "horizon_months": horizon, "customers_valued": int(len(full)),
                "total": float(full["ltv"].sum()),
                "top_decile_share": float(full["ltv"].nlargest(len(full) // 10).sum() / full["ltv"].clip(lower=0).sum())},
        "spend_frequency_correlation": float(np.corrcoef(s.loc[s["frequency"] > 0, "frequency"],
                                                         s.loc[s["frequency"] > 0, "monetary_value"])[0, 1]),
        "generator": {
            "yearly_rate_by_segment": dict(zip(SEGMENTS, txf._FREQ.tolist(), strict=True)),
            "count": "1 + Poisson(yearly rate x engagement), engagement log-normal (0, 0.4)",
            "lapse_share": txf.LAPSE_RATE, "lapse_day": "uniform on days 30-299 of 2025",
            "amount_median_by_segment": dict(zip(SEGMENTS, txf._AMOUNT_MEDIAN.tolist(), strict=True)),
            "amount_spread": "log-normal sd 0.8 around the segment median x sqrt(relative assets), clipped 0.3-3",
            "note": "not a BG/NBD process: the lesson's truth is the fit on the data and the holdout",
        },
    }
