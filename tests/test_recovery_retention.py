"""Lesson 03_channels/04_retention: the reference method recovers the planted truth, and the
family's data agree with the world.

Tolerances (lifetimes are random draws from the planted hazards; the channels have 430 to
3,000 customers):

* Kaplan-Meier survival by channel (statsmodels ``SurvfuncRight``, the course's churn rule,
  censored at cut-off - 90 days, where the 90-day rule can still decide) within three standard errors + 0.005 of the planted survival at
  every month 1..24 (the Greenwood standard error, or the binomial one of the planted
  survival, sqrt(S(1 - S) / n), where that is larger: Greenwood's is 0 before the first
  churn, which a channel of 430 customers can easily not see in month 1);
* the median lifetime within 1.5 months of the planted median where that is under 30 months,
  and "not reached" (NaN) where the planted median is beyond the 36 months of data;
* the monthly churn rate puts third-party platforms and social media/KOL highest and
  relationship managers and branches lowest, as planted;
* the LTV over the world's T = 24 months per channel within 6% of the planted LTV, the value
  of five more points of annual retention (on the same T) within 0.03 (gain in percent) of
  the planted gain, and every channel's gain below the seeds' 25%;
* the retention-offer cells equal to the planted ones, except cells whose planted value saved is
  within 15% of the offer's cost.
* the censoring itself, on redrawn worlds where every leaver stays dormant (no closures): the
  lesson's rule within three standard errors of the planted S(12), S(24) averaged over 10
  redraws; censoring at the cut-off overstates S(24) where churn is fast.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from finmkt.data import load, retention
from finmkt.methods.retention import five_point_gain, ltv_from_survival
from finmkt.paths import data_dir

CUTOFF = pd.Timestamp("2025-12-31")
MONTH = 365.25 / 12


@pytest.fixture(scope="module")
def world():
    truth = json.loads((data_dir() / "truth" / "retention.json").read_text())
    c = load("retention_customers")
    # the rule decides at the cut-off about the days at least 90 days back: a churn dated up to
    # then (closed or dormant, the last active day on or before cut-off - 90 days), everyone
    # else censored there (a customer idle for fewer days may still come back)
    horizon = CUTOFF - pd.Timedelta(days=truth["params"]["churn_inactive_days"])
    churned = c["last_active_on"] <= horizon
    end = c["last_active_on"].where(churned, horizon)
    c["churned"] = churned
    c["duration"] = ((end - c["acquired_on"]).dt.days / MONTH).clip(lower=0)
    return {"customers": c, "activity": load("retention_activity"), "margins": load("retention_margins"),
            "params": load("retention_params").set_index("key")["value"], "truth": truth}


def _km(g: pd.DataFrame):
    return sm.SurvfuncRight(g["duration"].to_numpy(float), g["churned"].to_numpy(int))


def _at(sf, months):
    k = np.searchsorted(sf.surv_times, np.asarray(months, dtype=float), side="right") - 1
    s = np.where(k >= 0, sf.surv_prob[np.maximum(k, 0)], 1.0)
    se = np.where(k >= 0, sf.surv_prob_se[np.maximum(k, 0)], 0.0)
    return s, se


def _reference(w):
    c, truth = w["customers"], w["truth"]
    i, horizon = truth["params"]["discount_rate_monthly"], int(truth["params"]["ltv_horizon_months"])
    margin = c["segment"].map(w["margins"].set_index("segment")["monthly_margin"]).groupby(c["channel"]).mean()
    out = {}
    for ch, g in c.groupby("channel"):
        sf = _km(g)
        s, se = _at(sf, np.arange(horizon + 1))
        below = sf.surv_prob <= 0.5
        out[ch] = {"s": s, "se": se, "median": float(sf.surv_times[below][0]) if below.any() else np.nan,
                   "ltv": ltv_from_survival(s[1:], float(margin[ch]), i),
                   "disc": ltv_from_survival(s[1:], 1.0, i),
                   "gain": five_point_gain(float(s[12]), float(margin[ch]), i, horizon=horizon),
                   "rate": g["churned"].sum() / g["duration"].sum()}
    return out


def test_the_churn_rule_finds_the_planted_churners(world):
    """Churners decided at the cut-off are the ex-customers (X ids, closed) and the dormant
    customers who left at least 90 days before it; the recent leavers are in the world too:
    ex-customers who closed within the last 90 days, and extract customers idle for fewer than
    90 days who keep the account (censored: the rule cannot call them lost yet)."""
    c = world["customers"]
    x = c["customer_id"].str.startswith("X")
    idle = (CUTOFF - c["last_active_on"]).dt.days
    assert c.loc[x, "closed_on"].notna().all() and c.loc[~x, "closed_on"].isna().all()
    assert (c["churned"] == (idle >= 90)).all()
    new = c["acquired_on"] >= "2024-01-01"
    assert (new & ~x & (idle >= 90)).sum() > 400, "dormant leavers who keep the account"
    assert (new & x).sum() > 150, "leavers of 2024-2025 who closed"
    assert (x & (idle < 90)).sum() > 20, "closed, left within the last 90 days: censored"
    assert (new & ~x & idle.between(61, 89)).sum() > 10, "kept, idle 61-89 days: recent leavers, censored"
    # channel_customers' failed month-end checks are dormant customers of this table
    acq = load("channel_customers").set_index("customer_id")
    failed = c["customer_id"].map(acq["churned"]).fillna(0).astype(bool)
    assert (idle[failed] >= 90).all()


def test_survival_and_median_are_recovered(world):
    ref, planted = _reference(world), world["truth"]["channels"]
    for ch, r in ref.items():
        true = np.array([planted[ch]["survival"][str(t)] for t in range(len(r["s"]))])
        n = int((world["customers"]["channel"] == ch).sum())
        se = np.maximum(r["se"], np.sqrt(true * (1 - true) / n))
        assert (np.abs(r["s"] - true)[1:] <= 3 * se[1:] + 0.005).all(), ch
        m = planted[ch]["median_months"]
        if m is not None and m < 30:
            assert abs(r["median"] - m) < 1.5, f"{ch}: median {r['median']:.1f} vs planted {m:.1f}"
        if m is None or m > 36:
            assert np.isnan(r["median"]), ch


def test_churn_rates_rank_the_channels_as_planted(world):
    rates = pd.Series({ch: r["rate"] for ch, r in _reference(world).items()}).sort_values()
    assert set(rates.index[-2:]) == {"third_party", "social_kol"}
    assert set(rates.index[:2]) == {"rm", "branch"}


def test_ltv_and_the_five_point_gain_are_recovered(world):
    ref, truth = _reference(world), world["truth"]
    for ch, r in ref.items():
        t = truth["channels"][ch]
        assert abs(r["ltv"] / t["ltv"] - 1) < 0.06, f"{ch}: LTV {r['ltv']:.0f} vs planted {t['ltv']:.0f}"
        assert abs(r["gain"]["gain_pct"] - t["five_point"]["gain_pct"]) < 0.03, ch
    lo, hi = truth["five_point_gain_pct_range"]
    assert lo < hi < 0.25, "on the course's T = 24 months every channel's gain is below the seeds' 25%"


def test_offer_cells_are_recovered(world):
    ref, truth = _reference(world), world["truth"]
    p = truth["params"]
    margins = world["margins"].set_index("segment")["monthly_margin"]
    present = set(world["customers"].groupby(["channel", "segment"]).size().index)
    for ch, r in ref.items():
        for s in margins.index:
            if (ch, s) not in present:
                continue
            planted = truth["channels"][ch]["offer_value_by_segment"][s]
            if abs(planted / p["offer_cost"] - 1) < 0.15:
                continue
            got = p["offer_save_rate"] * (1 - r["s"][12]) * float(margins[s]) * r["disc"]
            assert (got > p["offer_cost"]) == (f"{ch}|{s}" in truth["offer_cells"]), f"{ch}|{s}"


# --- data tests ------------------------------------------------------------------------------

def test_schema_and_values(world):
    c = world["customers"]
    assert list(c.columns[:8]) == retention.RETENTION_CUSTOMERS.column_names
    assert c["customer_id"].is_unique
    assert set(c["channel"]) == set(retention.CHANNELS) and set(c["segment"]) == set(retention.SEGMENTS)
    assert c["coupon"].isin([0, 1]).all()
    assert (c["acquired_on"] >= "2023-01-01").all() and (c["acquired_on"] <= CUTOFF).all()
    assert (c["cohort"] == c["acquired_on"].dt.to_period("M").dt.to_timestamp()).all()
    assert (c["last_active_on"] >= c["acquired_on"]).all() and (c["last_active_on"] <= CUTOFF).all()
    closed = c["closed_on"].notna()
    assert (c.loc[closed, "closed_on"] >= c.loc[closed, "last_active_on"]).all() and (c["closed_on"].dropna() <= CUTOFF).all()
    assert (c.loc[c["churned"], "duration"] > 0).all(), "an ex-customer was a customer for at least a day"
    m = world["margins"]
    assert m.set_index("segment").loc["entrepreneur", "monthly_margin"] == m["monthly_margin"].max()


def test_segment_margins_are_the_channel_customers_margins(world):
    """One margin model: for the same new customers (2024-2025), the segment table is the mean of
    channel_customers.monthly_margin by segment (within the table's rounding), and its assets
    their mean assets."""
    m = world["margins"].set_index("segment")
    acq = load("channel_customers")
    seg = pd.read_csv(data_dir() / "truth" / "segments.csv").set_index("customer_id")["segment"]
    assets = load("customers").set_index("customer_id")["assets"]
    g = pd.DataFrame({"segment": acq["customer_id"].map(seg), "margin": acq["monthly_margin"],
                      "assets": acq["customer_id"].map(assets)}).groupby("segment").mean()
    assert (np.abs(g["margin"] - m.loc[g.index, "monthly_margin"]) <= 0.05 + 1e-9).all()
    assert (np.abs(g["assets"] - m.loc[g.index, "avg_assets"]) <= 50 + 1e-9).all()
    # the same horizon and discount rate as the channel-economics lesson
    p1 = load("acquisition_params").set_index("key")["value"]
    for key in ("ltv_horizon_months", "discount_rate_monthly"):
        assert float(world["params"][key]) == float(p1[key])


def test_activity_agrees_with_the_customers(world):
    c, a = world["customers"].set_index("customer_id"), world["activity"]
    assert set(a["customer_id"]) == set(c.index)
    assert not a.duplicated(["customer_id", "month"]).any() and (a["transactions"] >= 1).all()
    first = c.loc[a["customer_id"], "cohort"].to_numpy()
    last = c.loc[a["customer_id"], "last_active_on"].dt.to_period("M").dt.to_timestamp().to_numpy()
    assert (a["month"].to_numpy() >= first).all() and (a["month"].to_numpy() <= last).all()
    per = a.groupby("customer_id")["month"].agg(["min", "max"])
    assert (per["min"] == c.loc[per.index, "cohort"]).all()
    assert (per["max"] == c.loc[per.index, "last_active_on"].dt.to_period("M").dt.to_timestamp()).all()


def test_survivors_are_the_extract_customers(world):
    c = world["customers"]
    ext = load("customers").set_index("customer_id")
    seg = pd.read_csv(data_dir() / "truth" / "segments.csv").set_index("customer_id")["segment"]
    alive = c[c["customer_id"].str.startswith("C")]  # still holding an account (active or dormant)
    assert alive["customer_id"].isin(ext.index).all() and alive["closed_on"].isna().all()
    assert not c.loc[c["closed_on"].notna(), "customer_id"].isin(ext.index).any()
    assert (alive["segment"].to_numpy() == seg.reindex(alive["customer_id"]).to_numpy()).all()
    tenure = ((CUTOFF - alive["acquired_on"]).dt.days / 365.25).round(1).to_numpy()
    assert np.allclose(tenure, ext.loc[alive["customer_id"], "tenure_years"].to_numpy())
    # every extract customer with a tenure under 3 years is a new customer of the table
    assert set(ext.index[ext["tenure_years"] < 3]) <= set(alive["customer_id"])
    # acquired before their first holding
    h = load("holdings")
    first = h.groupby("customer_id")["opened_on"].min()
    both = alive.set_index("customer_id")["acquired_on"].reindex(first.index).dropna()
    assert (both <= first.reindex(both.index)).all()
    # the customers still holding an account are active, dormant or recent leavers, in every
    # cohort (a leaver closes the account with CLOSE_SHARE, whenever acquired)
    idle = (CUTOFF - alive["last_active_on"]).dt.days
    for year in ("2023", "2024", "2025"):
        mine = idle[alive["acquired_on"].dt.year == int(year)]
        assert (mine >= 90).sum() > 100 and (mine <= 60).sum() > 500, year


def test_the_new_customers_of_2024_2025_are_channel_customers(world):
    """One world: the channel-economics lesson and this one see the same new customers of
    2024-2025, with the same acquisition day, channel, coupon and last active day."""
    c = world["customers"].set_index("customer_id")
    acq = load("channel_customers").set_index("customer_id")
    assert set(acq.index) <= set(c.index)
    both = c.loc[acq.index]
    for col in ("acquired_on", "channel", "coupon", "last_active_on"):
        assert (both[col].to_numpy() == acq[col].to_numpy()).all(), col
    # and they are all of the extract's customers of under two years (tenure < 1.95)
    ext = load("customers")
    assert set(acq.index) == set(ext.loc[ext["tenure_years"] < 1.95, "customer_id"])


def test_the_estimator_is_unbiased_when_every_leaver_stays_dormant(world):
    """The review's censoring check (its censoring_sim.py), in the kit: lifetimes redrawn from the
    planted hazards for the same customers (acquisition day, channel, segment, coupon) in a world
    where nobody closes the account, so every leaver stays dormant, the recent ones idle for fewer
    than 90 days. Averaged over 10 redraws, the lesson's rule (churn dated at the last active day,
    everyone else censored at cut-off - 90 days) is within three standard errors of the mean of the
    planted S(12) and S(24) of every channel; censoring at the cut-off instead overstates S(24) in
    the channels with the fastest churn and the most customers (third-party platforms, social
    media/KOL, app) by more than that."""
    from finmkt.data.newcustomers import inv_cum_hazard, rates

    c, truth = world["customers"], world["truth"]
    rule = truth["params"]["churn_inactive_days"] / MONTH
    chan = pd.Index(retention.CHANNELS).get_indexer(c["channel"])
    seg = pd.Index(retention.SEGMENTS).get_indexer(c["segment"])
    er, lr = rates(chan, seg, c["coupon"].to_numpy())
    age = ((CUTOFF - c["acquired_on"]).dt.days / MONTH).to_numpy()
    rng = np.random.default_rng(3)
    fits = {"decided": [], "cutoff": []}
    for _ in range(10):
        life = inv_cum_hazard(rng.standard_exponential(len(c)), er, lr)
        stopped = life < age
        seen = stopped & (age - life >= rule)  # what the 90-day rule sees at the cut-off
        ev_b = stopped & (life <= age - rule)
        for key, dur, ev in (("cutoff", np.where(seen, life, age), seen),
                             ("decided", np.where(ev_b, life, np.maximum(age - rule, 0)), ev_b)):
            row = {}
            for ch in retention.CHANNELS:
                m = (c["channel"] == ch).to_numpy()
                s, se = _at(sm.SurvfuncRight(dur[m], ev[m].astype(int)), [12, 24])
                row[ch] = (s, se)
            fits[key].append(row)
    for ch in retention.CHANNELS:
        true = np.array([truth["channels"][ch]["survival"][k] for k in ("12", "24")])
        for key in fits:
            s = np.mean([f[ch][0] for f in fits[key]], axis=0)
            se = np.mean([f[ch][1] for f in fits[key]], axis=0) / np.sqrt(len(fits[key]))
            if key == "decided":
                assert (np.abs(s - true) <= 3 * se).all(), (ch, s, true)
            elif ch in ("third_party", "social_kol", "app"):
                assert s[1] - true[1] > 3 * se[1], (ch, "censoring at the cut-off should overstate S(24)", s, true)
