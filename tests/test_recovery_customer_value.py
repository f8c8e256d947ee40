"""Lesson 05_customer_operations/01_customer_value: the reference method (BG/NBD with Gamma-Gamma,
``finmkt.methods.customer_value``) recovers what the world plants, and the customer_value family's
data agree with it.

The transactions family is not a BG/NBD process, so the lesson's truth is the data's own holdout
(``truth/customer_value.json``). Tolerances:

* on a simulated BG/NBD population (8,000 customers, known r, alpha, a, b), the fit recovers the
  mean purchase rate r / alpha within 10% and the mean drop-out probability a / (a + b) within 25%,
  and the predicted holdout purchases add up to the simulated ones within 5%;
* on the world: the fit per segment on the calibration period (2025-01-01 to 2025-09-30)
  predicts the holdout's purchase occasions (2025-10-01 to 2025-12-31) within 5% in total and
  within 10% in every segment and in the mass and affluent tiers (the nine high-net-worth
  customers are too few for a tolerance); the Gamma-Gamma fit per segment predicts the
  holdout's mean spend per occasion of the customers who bought in both periods within 5% in
  every segment; the pooled fit (one population) misses at least one segment by more than 10%
  (why the lesson fits by segment);
* the recorded truth is what the reference method gives on the files (relative 1e-6);
* value over the world's horizon is module 03's LTV formula: a customer certain to stay (S = 1)
  is worth m x the discounted months, and every S(t) lies between 0 and P(alive), falling.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from finmkt.data import load
from finmkt.data.customers import SEGMENTS
from finmkt.methods import customer_value as cv
from finmkt.methods.retention import ltv_from_survival
from finmkt.paths import data_dir


@pytest.fixture(scope="module")
def world():
    params = load("value_params").set_index("key")["value"]
    tx = load("transactions")
    s = cv.rfm_summary(tx, params["calibration_end"], params["observation_end"])
    vc = load("value_customers").set_index("customer_id")
    cust = load("customers").set_index("customer_id")
    s["segment"] = vc["segment"].reindex(s.index).to_numpy()
    s["tier"] = cv.aum_tier(cust["assets"].reindex(s.index).to_numpy())
    return {"s": s, "params": params, "tx": tx, "vc": vc, "cust": cust,
            "truth": json.loads((data_dir() / "truth" / "customer_value.json").read_text())}


def _simulate(rng, n, r, alpha, a, b, T_cal, T_hold):
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    x, tx, hold = np.zeros(n), np.zeros(n), np.zeros(n)
    for i in range(n):
        t, alive = 0.0, True
        while alive:
            t += rng.exponential(1 / lam[i])
            if t > T_cal + T_hold:
                break
            if t <= T_cal:
                x[i] += 1
                tx[i] = t
            else:
                hold[i] += 1
            alive = rng.random() >= p[i]
    return x, tx, np.full(n, T_cal), hold


def test_the_fit_recovers_a_simulated_bgnbd_population():
    rng = np.random.default_rng(7)
    r, alpha, a, b = 0.9, 40.0, 0.8, 4.0
    x, tx, T, hold = _simulate(rng, 8000, r, alpha, a, b, 270.0, 92.0)
    fit = cv.fit_bgnbd(x, tx, T)
    assert fit["r"] / fit["alpha"] == pytest.approx(r / alpha, rel=0.10)
    assert fit["a"] / (fit["a"] + fit["b"]) == pytest.approx(a / (a + b), rel=0.25)
    assert cv.expected_purchases(fit, 92.0, x, tx, T).sum() == pytest.approx(hold.sum(), rel=0.05)


@pytest.mark.filterwarnings("error")  # a lesson runs without warnings
def test_segment_fits_predict_the_holdout(world):
    s, truth = world["s"], world["truth"]
    hold = float(s["duration_holdout"].iloc[0])
    s = s.copy()
    s["pred"] = np.nan
    s["spend"] = np.nan
    for g in SEGMENTS:
        rows = s["segment"] == g
        d = s[rows]
        bg = cv.fit_bgnbd(d["frequency"], d["recency"], d["T"])
        gg = cv.fit_gamma_gamma(d["frequency"], d["monetary_value"])
        for k in ("r", "alpha", "a", "b"):
            assert bg[k] == pytest.approx(truth["bgnbd_by_segment"][g][k], rel=1e-6), (g, k)
        for k in ("p", "q", "v"):
            assert gg[k] == pytest.approx(truth["gamma_gamma_by_segment"][g][k], rel=1e-6), (g, k)
        assert gg["q"] > 1, f"{g}: the Gamma-Gamma mean spend exists (q > 1)"
        s.loc[rows, "pred"] = cv.expected_purchases(bg, hold, d["frequency"], d["recency"], d["T"])
        s.loc[rows, "spend"] = cv.expected_spend(gg, d["frequency"], d["monetary_value"])
    assert s["pred"].sum() == pytest.approx(s["frequency_holdout"].sum(), rel=0.05)
    by = s.groupby("segment")[["pred", "frequency_holdout"]].mean()
    assert ((by["pred"] / by["frequency_holdout"] - 1).abs() < 0.10).all(), by
    tiers = s.groupby("tier")[["pred", "frequency_holdout"]].mean().loc[["mass", "affluent"]]
    assert ((tiers["pred"] / tiers["frequency_holdout"] - 1).abs() < 0.10).all(), tiers
    both = s[(s["frequency"] > 0) & (s["frequency_holdout"] > 0)]
    spend = both.groupby("segment")[["spend", "monetary_value_holdout"]].mean()
    assert ((spend["spend"] / spend["monetary_value_holdout"] - 1).abs() < 0.05).all(), spend
    assert s["pred"].sum() == pytest.approx(truth["holdout_total"]["predicted_segment_fit"], rel=1e-6)


def test_one_pooled_fit_misses_a_segment(world):
    s = world["s"]
    bg = cv.fit_bgnbd(s["frequency"], s["recency"], s["T"])
    pred = cv.expected_purchases(bg, float(s["duration_holdout"].iloc[0]), s["frequency"], s["recency"], s["T"])
    by = pd.DataFrame({"pred": pred, "act": s["frequency_holdout"], "g": s["segment"]}).groupby("g").mean()
    assert (by["pred"] / by["act"] - 1).abs().max() > 0.10


def test_spend_is_nearly_independent_of_frequency(world):
    """Gamma-Gamma's assumption, checked on the data the lesson uses."""
    s = world["s"][world["s"]["frequency"] > 0]
    assert abs(np.corrcoef(s["frequency"], s["monetary_value"])[0, 1]) < 0.1


@pytest.mark.filterwarnings("error")  # a lesson runs without warnings
def test_value_is_module_03_s_ltv_formula(world):
    s = world["s"].head(500)
    bg = world["truth"]["bgnbd_by_segment"]["mass_family"]
    surv = cv.survival_path(bg, s["frequency"], s["recency"], s["T"], 24)
    alive = cv.prob_alive(bg, s["frequency"], s["recency"], s["T"])
    assert (surv <= alive[:, None] + 1e-12).all() and (surv >= 0).all()
    assert (np.diff(surv, axis=1) <= 1e-12).all()
    ltv = cv.customer_ltv(bg, s["frequency"], s["recency"], s["T"], np.full(len(s), 50.0), 0.008, 24)
    assert ltv == pytest.approx([ltv_from_survival(row, 50.0, 0.008) for row in surv])
    assert (ltv <= ltv_from_survival(np.ones(24), 50.0, 0.008) + 1e-9).all()


def test_ltv_by_tier_ranks_the_tiers(world):
    t = world["truth"]["by_tier"]
    assert t["high_net_worth"]["ltv_mean"] > t["affluent"]["ltv_mean"] > t["mass"]["ltv_mean"] > 0
    assert world["truth"]["ltv"]["top_decile_share"] > 0.4, "value is concentrated: RM time goes to few customers"


def test_fitted_purchase_rates_follow_the_generator_s_segment_rates(world):
    """The transactions family's yearly rates put retirees lowest and mass families next; the
    fitted BG/NBD purchase rates r / alpha do too. Where a segment's drop-out probability is the
    same for everyone, the Beta reaches the fit's bound and only a / (a + b) is reported."""
    from finmkt.data import transactions

    readable = world["truth"]["bgnbd_readable"]
    rate = {g: readable[g]["purchase_occasions_per_year"] for g in SEGMENTS}
    planted = dict(zip(SEGMENTS, transactions._FREQ, strict=True))
    fitted_order = sorted(SEGMENTS, key=rate.get)[:2]
    assert fitted_order == sorted(SEGMENTS, key=planted.get)[:2] == ["retiree", "mass_family"]
    assert all(0 < readable[g]["dropout_per_purchase"] < 0.2 for g in SEGMENTS)


def _value_at(world, end):
    """The lesson's value table at ``end`` with the recorded segment fits (reference method)."""
    truth, vc, cust, tx, p = world["truth"], world["vc"], world["cust"], world["tx"], world["params"]
    bg = truth["bgnbd_by_segment"]
    s = cv.rfm_summary(tx, end, p["observation_end"])
    seg = vc["segment"].reindex(s.index).to_numpy()
    value = pd.DataFrame({"segment": seg, "assets": cust["assets"].reindex(s.index).to_numpy(float),
                          "tier": cv.aum_tier(cust["assets"].reindex(s.index).to_numpy()),
                          "margin": vc["monthly_margin"].reindex(s.index).to_numpy(float),
                          "frequency_holdout": s["frequency_holdout"].to_numpy(float), "ltv": np.nan, "alive": np.nan},
                         index=s.index)
    for g in SEGMENTS:
        rows = seg == g
        d = s[rows]
        value.loc[rows, "ltv"] = cv.customer_ltv(bg[g], d["frequency"], d["recency"], d["T"], value.loc[rows, "margin"].to_numpy(),
                                                 float(p["discount_rate_monthly"]), int(float(p["ltv_horizon_months"])))
        value.loc[rows, "alive"] = cv.prob_alive(bg[g], d["frequency"], d["recency"], d["T"])
    return value


def test_the_lesson_s_decisions_hold_on_the_data(world):
    """The decisions the lesson prints (05_customer_operations/01_customer_value), measured with the
    reference method.

    Exercise 3: P(alive) < 0.5 on 2025-09-30 picks out the customers who do not come back in Q4 better
    than 90 idle days (the out-of-sample test); the lists are built at the cut-off 2025-12-31 (P(alive)
    from the whole year, the dormant flag of the same date): most flagged customers are not dormant
    (activation, not win-back), and the lists are of the sizes the lesson prints (no "bought in Q4"
    column: for the dormant it is 0 by definition). Exercise 5: the Gamma-Gamma spend cuts the mean error
    of the customer's own average but not the median. Exercise 6: the activation list's purchase-
    relationship value is low by construction while its margin is above the average (so it is a separate
    list, ordered by margin). Exercise 7: the books (1,000 customers of the extract: 100 managers x 250,
    an assumption, at the 4% extract; private-banking customers left out) filled on 2025-09-30 and judged
    on Q4: the book by purchase-relationship value beats the AUM book on every Q4 outcome (bought,
    occasions, volume); the AUM book holds more monthly margin, a snapshot the AUM nearly determines
    (correlation > 0.9), and a book by margin holds more still; the AUM book's customers who had probably
    stopped buying are almost all not dormant at the cut-off."""
    s, truth, cust, tx = world["s"].copy(), world["truth"], world["cust"], world["tx"]
    bg, gg = truth["bgnbd_by_segment"], truth["gamma_gamma_by_segment"]
    s["alive"], s["spend"] = np.nan, np.nan
    for g, d in s.groupby("segment"):
        s.loc[d.index, "alive"] = cv.prob_alive(bg[g], d["frequency"], d["recency"], d["T"])
        s.loc[d.index, "spend"] = cv.expected_spend(gg[g], d["frequency"], d["monetary_value"])
    back = s["frequency_holdout"] > 0
    idle = (s["T"] - s["recency"]) > 90
    low = s["alive"] < 0.5
    assert back[low].mean() < 0.5 * back[idle & ~low].mean()
    both = (s["frequency"] > 0) & back
    act = s.loc[both, "monetary_value_holdout"]
    err_gg, err_own = (s.loc[both, "spend"] - act).abs(), (s.loc[both, "monetary_value"] - act).abs()
    assert err_gg.mean() < 0.95 * err_own.mean()
    assert err_gg.median() > err_own.median(), "the lesson says the gain is in the mean, not the median"

    p = world["params"]
    now = _value_at(world, p["observation_end"])
    assert now["ltv"].sum() == pytest.approx(truth["ltv"]["total"], rel=1e-6)
    # exercise 3's lists at the cut-off, with the customer file of the same date
    dormant = cust["dormant"].reindex(now.index).astype(bool)
    flag, pos = now["alive"] < 0.5, now["margin"] > 0
    assert (flag & ~dormant).sum() > 5 * (flag & dormant).sum(), "most customers who stopped buying are still customers"
    rm = int((flag & ~dormant & pos & (now["tier"] != "mass")).sum())
    app = int((flag & ~dormant & pos & (now["tier"] == "mass")).sum())
    win = int((flag & dormant & pos).sum())
    assert 380 < rm < 470 and 3_200 < app < 3_700 and 200 < win < 270, (rm, app, win)
    # exercise 6: the activation list is low in purchase-relationship value by construction, not in margin
    on_list = flag & ~dormant & pos
    assert now.loc[on_list, "ltv"].mean() < 0.5 * now["ltv"].mean()
    assert now.loc[on_list, "margin"].mean() > now["margin"].mean()
    assert (now.loc[on_list, "ltv"] >= now["ltv"].nlargest(len(now) // 10).min()).mean() < 0.05
    # exercise 7: the books filled on the calibration end, judged on Q4
    cal = _value_at(world, p["calibration_end"])
    cal["q4"] = tx[tx["txn_date"] > p["calibration_end"]].groupby("customer_id")["amount"].sum().reindex(cal.index).fillna(0)
    pool = cal[cal["tier"] != "high_net_worth"]
    books = {by: pool.sort_index().sort_values(by, ascending=False, kind="stable").head(1000) for by in ("ltv", "assets", "margin")}
    bought = {by: (b["frequency_holdout"] > 0).mean() for by, b in books.items()}
    occasions = {by: b["frequency_holdout"].sum() for by, b in books.items()}
    volume = {by: b["q4"].sum() for by, b in books.items()}
    margin = {by: b["margin"].sum() for by, b in books.items()}
    assert bought["ltv"] > bought["assets"] + 0.03, "the quarter backs the value book on buying"
    assert occasions["ltv"] > occasions["assets"] and volume["ltv"] > 1.05 * volume["assets"]
    assert margin["margin"] > margin["assets"] > 1.02 * margin["ltv"], "the snapshot margin: the AUM book, a margin book more"
    assert np.corrcoef(pool["margin"], pool["assets"])[0, 1] > 0.9, "the margin held moves with the AUM"
    idle_rich = books["assets"][books["assets"]["alive"] < 0.5]
    assert len(idle_rich) > 50 and (~cust["dormant"].reindex(idle_rich.index).astype(bool)).mean() > 0.9


def test_the_purchase_value_is_below_module_03_s_ltv_of_the_account(world):
    """Coherence with module 03 (the lesson's exercise 6 states it): for the channel customers module 03
    counts active at the cut-off with a positive margin (the same margin in both tables), the
    purchase-relationship value (S(t) = probability of still buying) is a median 0.6-0.8 times module
    03's LTV of a new customer of the same channel at the same margin (its Kaplan-Meier survival of the
    account, the 90-day rule on retention_customers), and below it for most of them; the customers module
    03 counts active whom this lesson flags as no longer buying are a small minority."""
    import statsmodels.api as sm

    p = world["params"]
    end = pd.Timestamp(p["observation_end"])
    rate, horizon = float(p["discount_rate_monthly"]), int(float(p["ltv_horizon_months"]))
    value = _value_at(world, end)
    rc = load("retention_customers")
    decided = end - pd.Timedelta(days=90)
    lost = (rc["last_active_on"] <= decided).to_numpy()
    months = ((rc["last_active_on"].where(lost, decided) - rc["acquired_on"]).dt.days.to_numpy(float) / (365.25 / 12)).clip(min=0)
    disc = (1 + rate) ** -np.arange(1, horizon + 1)
    dm = {}
    for ch in rc["channel"].unique():
        k = (rc["channel"] == ch).to_numpy()
        sf = sm.SurvfuncRight(months[k], lost[k].astype(int))
        step = np.searchsorted(sf.surv_times, np.arange(1, horizon + 1, dtype=float), side="right") - 1
        dm[ch] = float((np.where(step >= 0, sf.surv_prob[np.maximum(step, 0)], 1.0) * disc).sum())
    cc = load("channel_customers").set_index("customer_id")
    j = value.join(cc[["channel", "last_active_on", "monthly_margin"]], how="inner")
    assert len(j) > 3000 and np.allclose(j["margin"], j["monthly_margin"]), "one margin per customer in both tables"
    active = j["last_active_on"] > decided
    pos = j[active & (j["margin"] > 0)]
    ratio = pos["ltv"] / (pos["margin"] * pos["channel"].map(dm))
    assert 0.6 < ratio.median() < 0.8, ratio.median()
    assert (ratio < 1).mean() > 0.75
    assert ((active & (j["alive"] < 0.5)).sum() / active.sum()) < 0.1
