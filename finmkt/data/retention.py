"""Monthly cohorts of new customers with activity, churn and censoring (module 03, lesson 4:
retention).

Four tables:

* ``retention_customers``: every customer Minghu Bank acquired from 2023-01 to 2025-12 who
  is in the extract's frame, one row each: acquisition date and channel, whether a
  new-customer coupon (新客礼券) came with it, the segment, the last day with any activity
  and the account-closure date. Customers still holding an account at the data cut-off
  (2025-12-31) ARE extract customers (``customers.csv``): those with a tenure under three
  years (and those of 3.0 years opened in January 2023), with their planted segments and an
  acquisition date that agrees with ``tenure_years`` (rounded to 0.1 year) and precedes
  their first holding. Those of 2024-2025 are exactly the acquisition family's
  ``channel_customers``, taken over with the same acquisition date, channel, coupon and last
  active day (both families draw them from the shared model ``finmkt.data.newcustomers``);
  those of 2023 follow the same rule. The ones who left and kept the account are dormant,
  or idle for fewer than 90 days if they left recently. Ex-customers, who closed their
  account before the cut-off (a share ``CLOSE_SHARE`` of every cohort's leavers, whenever
  they left), are not in the snapshot:
  they carry ids of their own namespace, ``X0000001``, ``X0000002``, ..., and are drawn at
  the extract's sampling fraction, so the whole table is a 4% sample of the bank's new
  customers (grossed up by the same 25 as the extract).
* ``retention_activity``: one row per customer and calendar month with any transaction
  (the acquisition month and the month of the last active day always).
* ``retention_margins``: the monthly margin of a customer by segment: the mean of the world's
  margin model (``spec.monthly_margin``) over the segment's new customers of 2024-2025, the
  same customers and margins as ``channel_customers``.
* ``retention_params``: the churn rule, the monthly discount rate, the LTV horizon and
  the retention offer's cost and save rate.

Planted process: a customer's lifetime (months from the acquisition day to the last active
day) has a piecewise-constant monthly hazard by acquisition channel and segment, higher in
the first three months (onboarding) and for coupon-driven customers (who leave once the
coupon is spent). Third-party platforms and social media/KOL churn fastest, relationship
managers and branches slowest (the model is ``finmkt.data.newcustomers``, shared with the
acquisition family). Churners either closed the account (ex-customers, each closed within
two months of the last active day: a share ``CLOSE_SHARE`` of the leavers of every
cohort, 2023 included, whenever they left) or kept it (the other leavers, recent leavers
included: idle for fewer than 90 days at the cut-off, the rule cannot call them lost yet). So the course's churn rule identifies the planted
churners who left at least 90 days before the cut-off, and everyone else is censored there,
at cut-off - 90 days (the last day the rule can decide): the estimator that is unbiased
whether or not a leaver closes the account.

Planted truths (``truth/retention.json``): the hazards by channel, segment and coupon, the
survival curve, median lifetime, LTV over the world's horizon T and value of a five-point retention gain by
channel (from the planted hazards and the channels' acquired mix), and the retention offer's
target cells.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.acquisition import _PREF, _PREF_TILT
from finmkt.data.customers import SEGMENT_ZH
from finmkt.data.newcustomers import (  # noqa: F401  (re-exported: the lesson's planted model)
    BASE_HAZARD,
    CHANNELS,
    COUPON_SHARE,
    EARLY_FACTOR,
    EARLY_MONTHS,
    LATE_FACTOR,
    MAX_HAZARD,
    MONTH_DAYS,
    SEGMENT_FACTOR,
    SEGMENTS,
    closed_probability,
    closer_lifetime,
    cum_hazard,
    hazards,
    inv_cum_hazard,
    kept_lifetime,
    survival,
)
from finmkt.data.newcustomers import SEG_MIX as MIX
from finmkt.data.schema import Dataset, cols, param_cols

CUTOFF = spec.AS_OF
FIRST_COHORT = pd.Timestamp("2023-01-01")
N_COHORTS = 36
CHURN_RULE_DAYS = 90

CHANNEL_LABELS = {
    "branch": "branch (网点)", "rm": "relationship manager (客户经理)", "telemarketing": "telemarketing (电话营销)",
    "sms": "SMS (短信)", "app": "mobile app (手机银行)", "third_party": "third-party platform (第三方平台)",
    "social_kol": "social media / KOL (社交媒体)",
}

#: Share of the months between acquisition and the last active day in which a customer
#: transacts.
ACTIVE_SHARE = 0.85

#: The LTV convention is the world's (``spec``): discount rate i and horizon T. The margins
#: are the world's margin model, by segment (``_margins``).
LTV_HORIZON_MONTHS = spec.LTV_HORIZON_MONTHS

PARAMS = [
    ("churn_inactive_days", float(CHURN_RULE_DAYS), "days",
     "Minghu Bank customer-operations rule (2025)",
     "A customer is lost when the account is closed or has had no activity for this many days; the churn is "
     "dated at the last active day"),
    *spec.LTV_PARAMS,
    ("offer_cost", 60.0, "RMB per customer offered",
     "Minghu Bank retention pilot, 2025 (fee waiver, gift and the RM's call)",
     "What a retention offer costs for each customer who receives it"),
    ("offer_save_rate", 0.25, "share of would-be leavers",
     "Minghu Bank retention pilot, 2025 (randomised: offered vs not offered)",
     "u: share of the customers who would have left within 12 months whom the offer keeps"),
]

RETENTION_CUSTOMERS = Dataset(
    "retention_customers",
    "New customers acquired 2023-01 to 2025-12: channel, activity and churn",
    "One row per customer Minghu Bank acquired from January 2023 to December 2025, in the same "
    "sample as the customer extract (a 4% sample: x 25 for the bank-wide figure). Customers still "
    "holding an account at the data cut-off 2025-12-31 are extract customers (same customer_id and "
    "segment as customers.csv; acquired_on agrees with tenure_years; those of 2024-2025 have the "
    "acquisition date, channel and last active day of channel_customers: active, dormant, or idle "
    "for fewer than 90 days after leaving recently). Ex-customers, who closed their account and are "
    "not in the snapshot, have ids of their own namespace X0000001, X0000002, ... The bank counts a "
    "customer as lost (流失) when the account is closed or has had no activity for 90 days (不活跃, "
    "its churn-warning rule), dated at the last active day; on 2025-12-31 the rule can decide "
    "about the days up to 2025-10-02.",
    cols(
        ("customer_id", "str", "", "Customer identifier: C... = in customers.csv, X... = ex-customer"),
        ("acquired_on", "date", "", "Day the customer opened the first account"),
        ("cohort", "date", "", "Acquisition month (first day of the month of acquired_on)"),
        ("channel", "str", "", "Acquisition channel: " + ", ".join(CHANNELS)),
        ("coupon", "int", "0/1", "1 if the customer was acquired with a new-customer coupon (新客礼券)"),
        ("segment", "str", "", "Customer segment (as in the segmentation lesson): " + ", ".join(SEGMENTS)),
        ("last_active_on", "date", "", "Last day with any transaction up to 2025-12-31"),
        ("closed_on", "date", "", "Day the account was closed (empty if still open)"),
    ),
    scales=True,
)

RETENTION_ACTIVITY = Dataset(
    "retention_activity",
    "Monthly activity of the new customers",
    "One row per new customer (see retention_customers) and calendar month in which the customer "
    "made at least one transaction of any kind (payments, transfers and card spending "
    "included), up to 2025-12. A month without a row is a month without activity; months "
    "after 2025-12 are not yet observed. An extract customer's product transactions in 2025 "
    "(transactions.csv) fall in these months, at most as many as counted here.",
    cols(
        ("customer_id", "str", "", "Customer identifier (see retention_customers)"),
        ("month", "date", "", "First day of the calendar month"),
        ("transactions", "int", "transactions", "Transactions of any kind in the month (at least 1)"),
    ),
    scales=True,
    compressed=True,
)

RETENTION_MARGINS = Dataset(
    "retention_margins",
    "Monthly margin of a new customer by segment",
    "What a new customer of each segment earns the bank per month while a customer (RMB, 2025): the "
    "mean monthly margin of the segment's new customers of 2024-2025 (channel_customers, the same "
    "customers and the same margin model: net spread on assets, plus card, consumer-loan and mortgage "
    "income per product held, minus the cost to serve; see acquisition_params). A negative margin is "
    "a segment whose typical new customer costs more to serve than it earns.",
    cols(
        ("segment", "str", "", "Customer segment"),
        ("segment_zh", "str", "", "Segment name in Chinese"),
        ("monthly_margin", "float", "RMB per customer per month",
         "Mean margin of the segment's new customers while a customer (can be negative)"),
        ("avg_assets", "float", "RMB", "Average assets of the same new customers"),
    ),
)

RETENTION_PARAMS = Dataset(
    "retention_params",
    "Retention-analysis parameters",
    "The churn rule, discounting, LTV horizon and the retention offer of Minghu Bank (2025), with "
    "where each comes from.",
    param_cols(),
)

SCHEMAS = [RETENTION_CUSTOMERS, RETENTION_ACTIVITY, RETENTION_MARGINS, RETENTION_PARAMS]


# --- the planted hazards --------------------------------------------------------------------

def _combos():
    """Every (channel index, coupon) pair with its continuous early and late rates per segment."""
    out = []
    for c, ch in enumerate(CHANNELS):
        for cp in (0, 1):
            rates = [tuple(-np.log1p(-h) for h in hazards(ch, seg, cp)) for seg in SEGMENTS]
            out.append((c, cp, np.array(rates)))
    return out


# --- generation ----------------------------------------------------------------------------

def _days(ts: pd.Timestamp) -> int:
    return int((ts - pd.Timestamp("1970-01-01")).days)


def _dates(days: np.ndarray) -> pd.Categorical:
    """Days since 1970 as a categorical of ISO dates; negative = missing."""
    days = np.asarray(days, dtype=np.int64)
    ok = days >= 0
    uniques, codes = np.unique(days[ok], return_inverse=True)
    full = np.full(len(days), -1, dtype=np.int64)
    full[ok] = codes.reshape(-1)
    return pd.Categorical.from_codes(full, categories=uniques.astype("datetime64[D]").astype(str))


def _month_index(days: np.ndarray) -> np.ndarray:
    """Calendar month index (0 = 2023-01) of days since 1970."""
    d = np.asarray(days).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return d - np.datetime64("2023-01", "M").astype(np.int64)


def _margins(frames: dict) -> pd.DataFrame:
    """The segment table: the mean of the world's margin model over the same new customers,
    those of 2024-2025 (``channel_customers``, whose per-customer margins it averages)."""
    lk = frames["channel_customers"]
    ids = np.asarray(lk["customer_id"].astype(str))
    seg = frames["_truth_segments"].set_index("customer_id")["segment"].astype(str)
    assets = frames["customers"].set_index("customer_id")["assets"]
    g = pd.DataFrame({"segment": seg.reindex(ids).to_numpy(), "margin": lk["monthly_margin"].to_numpy(float),
                      "assets": assets.reindex(ids).to_numpy(float)}).groupby("segment").mean().reindex(SEGMENTS)
    return pd.DataFrame({"segment": SEGMENTS, "segment_zh": [SEGMENT_ZH[s] for s in SEGMENTS],
                         "monthly_margin": np.round(g["margin"].to_numpy(), 1) + 0.0,  # no "-0.0"
                         "avg_assets": np.round(g["assets"].to_numpy(), -2)})


def _pick(rng, weights: np.ndarray) -> np.ndarray:
    """One column index per row of ``weights`` (rows need not be normalised)."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((u[:, None] > cum).sum(axis=1), weights.shape[1] - 1)


def _skip_former_draws(rng, seg, month, month_start, w, early, late) -> None:
    """The main-stream draws of the former 2023 ex-customers (every 2023 leaver closed the account),
    made and dropped, so that the later cohorts' ex-customers and the activity keep their draws:
    a negative-binomial count per segment and cohort, then four uniforms per ex-customer."""
    cutoff = _days(CUTOFF)
    n_s = np.zeros((len(SEGMENTS), N_COHORTS), dtype=np.int64)
    np.add.at(n_s, (seg, month), 1)
    mid_age = (cutoff - (month_start[:-1] + month_start[1:]) / 2) / MONTH_DAYS
    drawn = 0
    for s in range(len(SEGMENTS)):
        sbar = (w[s][None, :] * np.exp(-cum_hazard(mid_age[:, None], early[s][None, :], late[s][None, :]))).sum(1)
        k = np.where(n_s[s] > 0, rng.negative_binomial(np.maximum(n_s[s], 1), sbar / w[s].sum()), 0)
        drawn += int(k.sum())
    rng.random(4 * drawn)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    cutoff = _days(CUTOFF)
    first = _days(FIRST_COHORT)
    combos = _combos()
    # weights of each (channel, coupon) combo per segment: mix x coupon share
    w = np.array([[MIX[s, c] * (COUPON_SHARE[CHANNELS[c]] if cp else 1 - COUPON_SHARE[CHANNELS[c]])
                   for (c, cp, _) in combos] for s in range(len(SEGMENTS))])
    early = np.array([[r[s, 0] for (_, _, r) in combos] for s in range(len(SEGMENTS))])
    late = np.array([[r[s, 1] for (_, _, r) in combos] for s in range(len(SEGMENTS))])

    # --- survivors: extract customers acquired since 2023-01 --------------------------------
    cust = frames["customers"]
    seg_all = frames["_truth_segments"].set_index("customer_id")["segment"].astype(str)
    cand = cust[cust["tenure_years"] <= 3.0]
    ids = cand["customer_id"].astype(str).to_numpy()
    tenure = cand["tenure_years"].to_numpy(float)
    lo = np.ceil((tenure - 0.05) * 365.25 + 0.01)
    hi = np.floor((tenure + 0.05) * 365.25 - 0.01)
    lo = np.maximum(lo, 0)
    # the acquisition family's channel_customers are the extract's customers of tenure under
    # 1.95 years; one of 2.0 years not among them joined in 2023 (2023-12-31 is 731 days back)
    lo = np.where(tenure >= 1.95, np.maximum(lo, 731), lo)
    days_ago = (lo + np.floor(rng.random(len(ids)) * (hi - lo + 1))).astype(np.int64)
    acq = cutoff - days_ago
    # before the first holding
    h = frames["holdings"]
    first_open = pd.to_datetime(h["opened_on"].astype(str)).groupby(h["customer_id"].astype(str)).min()
    fo = first_open.reindex(ids)
    fo_days = np.where(fo.isna(), cutoff, (fo.fillna(CUTOFF) - pd.Timestamp("1970-01-01")).dt.days.to_numpy())
    acq = np.minimum(acq, fo_days).astype(np.int64)
    # the new customers of 2024-2025 that the acquisition family drew (channel_customers) are
    # taken over unchanged: acquisition date, channel, coupon and last active day (its
    # churners went dormant and kept the account, so they are extract customers here too)
    lk = frames["channel_customers"]
    pos = pd.Index(np.asarray(lk["customer_id"].astype(str))).get_indexer(ids)
    linked = pos >= 0
    lk_acq = (pd.to_datetime(np.asarray(lk["acquired_on"].astype(str))) - pd.Timestamp("1970-01-01")).days.to_numpy()
    acq[linked] = lk_acq[pos[linked]]
    keep = acq >= first
    ids, acq, pos, linked = ids[keep], acq[keep], pos[keep], linked[keep]
    seg_s = pd.Index(SEGMENTS).get_indexer(seg_all.reindex(ids).to_numpy())
    # the channel mix of the acquisition family (the segment's, tilted by the extract's preferred
    # channel), and an extract customer is one who has not closed the account by the cut-off
    # (active, dormant or a recent leaver), so the channel and coupon are drawn with that weight
    pref = pd.Index(_PREF).get_indexer(np.asarray(cust.set_index(cust["customer_id"].astype(str))
                                                  ["preferred_channel"].astype(str).reindex(ids)))
    tilt = _PREF_TILT[pref][:, [c for (c, _, _) in combos]]
    kept_w = w[seg_s] * tilt * (1 - np.stack([closed_probability(early[seg_s, j], late[seg_s, j], cutoff - acq)
                                              for j in range(len(combos))], axis=1))
    combo_s = _pick(rng, kept_w)
    lk_chan = pd.Index(CHANNELS).get_indexer(np.asarray(lk["channel"].astype(str)))[pos[linked]]
    lk_coupon = lk["coupon"].to_numpy()[pos[linked]]
    combo_s[linked] = 2 * lk_chan + lk_coupon  # combos are (channel, coupon) in that order
    # last active day of a customer still active: within the last weeks, never before acquisition
    last_s = np.maximum(acq, cutoff - np.floor(rng.exponential(9.0, len(ids))).clip(0, 60).astype(np.int64))
    # the 2023 customers follow the rule of the later cohorts (the acquisition family's): the
    # planted lifetime of a customer who did not close the account; a leaver stays, dormant, the
    # recent leavers of the last 90 days included (draws of a child generator: the main stream,
    # and with it the later cohorts' ex-customers, is what it was)
    side = rng.spawn(1)[0]
    own = np.flatnonzero(~linked)
    er_o, lr_o = early[seg_s[own], combo_s[own]], late[seg_s[own], combo_s[own]]
    life_o = kept_lifetime(side, er_o, lr_o, cutoff - acq[own])
    left_o = acq[own] + np.maximum(np.floor(life_o * MONTH_DAYS).astype(np.int64), 1)
    last_s[own] = np.where(left_o >= cutoff, last_s[own], left_o)
    lk_last = (pd.to_datetime(np.asarray(lk["last_active_on"].astype(str))) - pd.Timestamp("1970-01-01")).days.to_numpy()
    last_s[linked] = lk_last[pos[linked]]
    closed_s = np.full(len(ids), -1, dtype=np.int64)

    # --- churners: ex-customers of the same cohorts, at the same sampling fraction ----------
    month_s = _month_index(acq)
    month_start = np.array([_days(FIRST_COHORT + pd.DateOffset(months=m)) for m in range(N_COHORTS + 1)])
    _skip_former_draws(rng, seg_s[~linked], month_s[~linked], month_start, w, early, late)
    # ex-customers of every cohort: the leavers who closed the account (a share CLOSE_SHARE of
    # the leavers, whenever they left; the extract keeps the others, dormant, the recent leavers
    # of the last 90 days included), as many beside each extract customer as the closure's
    # probability implies, same segment, channel, coupon and acquisition day. Those of 2024-2025
    # first, from the main stream; those of 2023 from the child generator.
    parts = []
    for li, gen in ((np.flatnonzero(linked), rng), (own, side)):
        er_l, lr_l = early[seg_s[li], combo_s[li]], late[seg_s[li], combo_s[li]]
        p_c = closed_probability(er_l, lr_l, cutoff - acq[li])
        k = gen.poisson(p_c / (1 - p_c))
        rep = np.repeat(np.arange(len(li)), k)
        acq_w = acq[li][rep]
        life, delay = closer_lifetime(gen, er_l[rep], lr_l[rep], cutoff - acq_w)
        last_w = np.minimum(acq_w + np.maximum(np.floor(life * MONTH_DAYS).astype(np.int64), 1), cutoff)
        parts.append((seg_s[li][rep], acq_w, combo_s[li][rep], last_w, np.minimum(last_w + delay, cutoff)))
    seg_x, acq_x, combo_x, last_x, closed_x = (np.concatenate([p[j] for p in parts]) for j in range(5))
    order = np.lexsort((seg_x, acq_x))
    seg_x, acq_x, combo_x, last_x, closed_x = (a[order] for a in (seg_x, acq_x, combo_x, last_x, closed_x))
    x_ids = np.char.add("X", np.char.zfill(np.arange(1, len(seg_x) + 1).astype(str), 7))

    # --- the table -------------------------------------------------------------------------
    all_ids = np.concatenate([ids, x_ids])
    acq_all = np.concatenate([acq, acq_x])
    seg_all_i = np.concatenate([seg_s, seg_x])
    combo_all = np.concatenate([combo_s, combo_x])
    last_all = np.concatenate([last_s, last_x])
    closed_all = np.concatenate([closed_s, closed_x])
    chan = np.array([combos[k][0] for k in combo_all])
    coupon = np.array([combos[k][1] for k in combo_all])
    o = np.lexsort((all_ids, acq_all))
    all_ids, acq_all, seg_all_i, chan, coupon, last_all, closed_all = (
        a[o] for a in (all_ids, acq_all, seg_all_i, chan, coupon, last_all, closed_all))
    m_acq = _month_index(acq_all)
    cohort_days = month_start[m_acq]
    table = pd.DataFrame({
        "customer_id": all_ids,
        "acquired_on": _dates(acq_all),
        "cohort": _dates(cohort_days),
        "channel": pd.Categorical.from_codes(chan, categories=CHANNELS),
        "coupon": coupon.astype(np.int64),
        "segment": pd.Categorical.from_codes(seg_all_i, categories=SEGMENTS),
        "last_active_on": _dates(last_all),
        "closed_on": _dates(closed_all),
    })

    # --- activity: acquisition month and last active month always, months between at random
    m_last = _month_index(last_all)
    n_months = m_last - m_acq + 1
    row = np.repeat(np.arange(len(all_ids)), n_months)
    k = np.arange(n_months.sum()) - np.repeat(np.cumsum(n_months) - n_months, n_months)
    month = m_acq[row] + k
    active = (k == 0) | (month == m_last[row]) | (rng.random(len(row)) < ACTIVE_SHARE)
    row, month = row[active], month[active]
    tx = 1 + rng.poisson(np.array([6, 4, 5, 3, 9])[seg_all_i[row]])
    activity = pd.DataFrame({
        "customer_id": pd.Categorical.from_codes(row, categories=pd.Index(all_ids)),
        "month": _dates(month_start[month]),
        "transactions": tx.astype(np.int64),
    })
    params = pd.DataFrame(PARAMS, columns=RETENTION_PARAMS.column_names)
    return {"retention_customers": table, "retention_activity": activity, "retention_margins": _margins(frames),
            "retention_params": params}


# --- planted truth -------------------------------------------------------------------------

def channel_survival(t, channel: str, composition: dict) -> np.ndarray:
    """Planted survival of a channel's new customers: the mixture over its (segment, coupon)
    composition ``{(segment, coupon): share}``."""
    t = np.asarray(t, dtype=float)
    return sum(share * survival(t, channel, seg, cp) for (seg, cp), share in composition.items())


def truth(frames: dict) -> dict:
    """The planted answers of the lesson (from the planted hazards and the channels' mix)."""
    from finmkt.methods.retention import five_point_gain, ltv_from_survival

    t = frames["retention_customers"]
    p = {r[0]: r[1] for r in PARAMS}
    i, horizon = p["discount_rate_monthly"], int(p["ltv_horizon_months"])
    margins = _margins(frames).set_index("segment")["monthly_margin"]
    comp_counts = t.groupby([t["channel"].astype(str), t["segment"].astype(str), t["coupon"]],
                            observed=True).size()
    months = np.arange(0, horizon + 1)
    grid = np.linspace(0, 120, 120 * 3000 + 1)
    out_ch = {}
    for ch in CHANNELS:
        cc = comp_counts.loc[ch]
        comp = {(s, int(cp)): n / cc.sum() for (s, cp), n in cc.items()}
        seg_share = pd.Series({s: sum(v for (s2, _), v in comp.items() if s2 == s) for s in SEGMENTS})
        m_bar = float((seg_share * margins).sum())
        s_t = channel_survival(months, ch, comp)
        s_grid = channel_survival(grid, ch, comp)
        median = float(grid[np.argmax(s_grid <= 0.5)]) if (s_grid <= 0.5).any() else None
        s12 = float(channel_survival(12, ch, comp))
        ltv = ltv_from_survival(s_t[1:], m_bar, i)
        disc_months = ltv_from_survival(s_t[1:], 1.0, i)
        out_ch[ch] = {
            "customers": int(cc.sum()), "mean_margin": m_bar, "survival": dict(zip(map(str, months), s_t.tolist(),
                                                                                     strict=True)),
            "annual_retention": s12, "median_months": median, "ltv": ltv,
            "discounted_months": disc_months,
            "five_point": five_point_gain(s12, m_bar, i, horizon=horizon),
            "offer_value_by_segment": {s: p["offer_save_rate"] * (1 - s12) * float(margins[s]) * disc_months
                                       for s in SEGMENTS},
        }
    offer_cells = sorted(f"{ch}|{s}" for ch, v in out_ch.items() for s, val in v["offer_value_by_segment"].items()
                         if val > p["offer_cost"] and (ch, s) in {(a, b) for a, b, _ in comp_counts.index})
    haz = {f"{ch}|{s}|{cp}": dict(zip(["early", "late"], hazards(ch, s, cp), strict=True))
           for ch in CHANNELS for s in SEGMENTS for cp in (0, 1)}
    gains = [v["five_point"]["gain_pct"] for v in out_ch.values()]
    return {"params": p, "margins": margins.to_dict(), "hazards": haz, "channels": out_ch,
            "offer_cells": offer_cells, "five_point_gain_pct_range": [min(gains), max(gains)],
            "seeds_claim_pct": [0.25, 0.95]}
