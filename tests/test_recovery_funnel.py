"""Lesson 03_channels/02_funnel_ab_testing: the reference method recovers the planted truth,
and the family's data agree with the world.

Tolerances (every stage is a binomial draw from the stage before):

* each device's step rate (channels pooled) within three binomial standard errors
  sqrt(r(1 - r) / users at the stage before) of the planted expected rate, plus 0.005 for the
  channel mix of the draw; the biggest drop-off after the click is exactly the planted stage
  on every device;
* test 1: the difference p_B - p_A within three standard errors of the planted lift, and the
  unpooled 95% Wald interval contains it; the two-sided pooled z-test rejects at 0.1%, the SRM
  check does not flag; Fleiss' sample size of the plan equals the planted one and the test
  had at least that many users per arm;
* test 2: the SRM check flags (p < 0.001), the logged share of arm A within three binomial
  standard errors of the planted share; on iOS, where no user went missing, the difference is
  within three standard errors of the planted zero effect;
* the roll-out's point value within three standard errors (of the lift, times the value per
  user of a point of lift) of the planted expected value.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chisquare, norm
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from finmkt.data import funnel as fam
from finmkt.data import load
from finmkt.data.spec import sampling_fraction
from finmkt.paths import data_dir

STAGES = fam.STAGES


@pytest.fixture(scope="module")
def world():
    return {
        "funnel": load("campaign_funnel"),
        "ab": load("ab_tests"),
        "plan": load("ab_test_plan").set_index("test_id"),
        "econ": load("ab_test_economics").set_index("key")["value"],
        "truth": json.loads((data_dir() / "truth" / "funnel.json").read_text()),
    }


def _arms(ab, test_id, device=None):
    a = ab[ab["test_id"] == test_id]
    if device:
        a = a[a["device"] == device]
    return a.groupby("arm")[["users", "conversions", "planned_share"]].agg(
        {"users": "sum", "conversions": "sum", "planned_share": "first"})


def test_step_rates_and_biggest_dropoff_are_recovered(world):
    g = world["funnel"].groupby("device")[STAGES].sum().astype(float)
    planted = world["truth"]["expected_step_rates"]
    for dev, rates in planted.items():
        for prev, stage in zip(STAGES[:-1], STAGES[1:], strict=True):
            r_hat, r = g.loc[dev, stage] / g.loc[dev, prev], rates[stage]
            se = np.sqrt(r * (1 - r) / g.loc[dev, prev])
            assert abs(r_hat - r) < 3 * se + 0.005, f"{dev} {stage}: {r_hat:.4f} vs planted {r:.4f}"
        steps = (g.loc[dev, STAGES[2:]].to_numpy() / g.loc[dev, STAGES[1:-1]].to_numpy())
        assert STAGES[2:][int(np.argmin(steps))] == world["truth"]["biggest_dropoff"][dev]
    # the three devices break at three different stages
    assert len(set(world["truth"]["biggest_dropoff"].values())) == 3


def test_test1_lift_interval_and_size_are_recovered(world):
    t1, truth = _arms(world["ab"], "T1"), world["truth"]["t1"]
    ca, na, cb, nb = (int(t1.loc[a, c]) for a in "AB" for c in ("conversions", "users"))
    diff = cb / nb - ca / na
    se = np.sqrt(truth["p_a"] * (1 - truth["p_a"]) / na + truth["p_b"] * (1 - truth["p_b"]) / nb)
    assert abs(diff - truth["lift"]) < 3 * se
    low, high = confint_proportions_2indep(cb, nb, ca, na, method="wald", compare="diff")
    assert low < truth["lift"] < high and low > 0
    _, p = proportions_ztest([cb, ca], [nb, na])
    assert p < 0.001
    assert chisquare([na, nb], (na + nb) * np.array([0.5, 0.5])).pvalue > 0.001
    plan = world["plan"].loc["T1"]
    p1, p2 = plan["baseline_rate"], plan["baseline_rate"] + plan["mde"]
    pbar = (p1 + p2) / 2
    n = np.ceil((norm.ppf(1 - plan["alpha"] / 2) * np.sqrt(2 * pbar * (1 - pbar))
                 + norm.ppf(plan["power"]) * np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2)
    assert int(n) == truth["fleiss_n_plan"] and min(na, nb) >= n


def test_test2_srm_is_detected_and_its_naive_lift_is_an_artefact(world):
    t2, truth = _arms(world["ab"], "T2"), world["truth"]["t2"]
    n = int(t2["users"].sum())
    p = chisquare(t2["users"].to_numpy(float), n * t2["planned_share"].to_numpy(float)).pvalue
    assert p < 0.001 and truth["srm"]
    share_a = t2.loc["A", "users"] / n
    s = truth["expected_logged_share_a"]
    assert abs(share_a - s) < 3 * np.sqrt(s * (1 - s) / n)
    ios = _arms(world["ab"], "T2", "ios")
    r = ios["conversions"] / ios["users"]
    se = np.sqrt((r * (1 - r) / ios["users"]).sum())
    assert abs(r["B"] - r["A"] - truth["true_effect"]) < 3 * se
    # the naive comparison of all users shows a lift the banner did not make
    rate = t2["conversions"] / t2["users"]
    assert rate["B"] > rate["A"]


def test_rollout_value_is_recovered(world):
    t1, e, truth = _arms(world["ab"], "T1"), world["econ"], world["truth"]
    pa = t1.loc["A", "conversions"] / t1.loc["A", "users"]
    d = t1.loc["B", "conversions"] / t1.loc["B", "users"] - pa
    users, v, ca, cb = e["rollout_users"], e["value_per_conversion"], e["offer_cost_a"], e["offer_cost_b"]
    point = users * d * v - users * ((pa + d) * cb - pa * ca)
    se_d = np.sqrt(pa * (1 - pa) / t1.loc["A", "users"] + (pa + d) * (1 - pa - d) / t1.loc["B", "users"])
    assert abs(point - truth["rollout_value_expected"]) < 3 * se_d * users * (v - cb)
    low = d - norm.ppf(0.975) * se_d
    prudent = users * low * v - users * ((pa + low) * cb - pa * ca)
    assert prudent < 0 < point, (
        "the lesson's world: at the value the LTV convention gives a card, the point case pays and the prudent "
        "case does not, so offer B is not rolled out on this evidence")


# --- data tests -------------------------------------------------------------------------------

def test_funnel_counts_are_a_funnel(world):
    f = world["funnel"]
    assert list(f.columns) == fam.CAMPAIGN_FUNNEL.column_names
    assert set(f["channel"]) == set(fam.CHANNELS) and set(f["device"]) == set(fam.DEVICES)
    assert not ((f["channel"] == "app_push") & (f["device"] == "mini_program")).any(), "push opens the app"
    assert not f.duplicated(["channel", "device"]).any()
    counts = f[STAGES].to_numpy()
    assert (counts >= 0).all() and (np.diff(counts, axis=1) <= 0).all(), "every stage at most the one before"


def test_test1_adds_up_to_the_funnel_and_tests_are_well_formed(world):
    ab, f = world["ab"], world["funnel"]
    t1 = ab[ab["test_id"] == "T1"].groupby("device")[["users", "conversions"]].sum()
    g = f.groupby("device")[["clicked", "first_purchase"]].sum()
    assert (t1["users"] == g["clicked"]).all() and (t1["conversions"] == g["first_purchase"]).all()
    assert (ab["conversions"] <= ab["users"]).all() and (ab["conversions"] > 0).all()
    assert set(ab.loc[ab["test_id"] == "T2", "device"]) == {"ios", "android"}, "test 2 runs in the app"
    for _, g2 in ab.groupby(["test_id", "device"]):
        assert sorted(g2["arm"]) == ["A", "B"] and g2["planned_share"].sum() == pytest.approx(1.0)
    plan = world["plan"]
    assert set(plan.index) == {"T1", "T2"} and (plan["start_date"] <= plan["end_date"]).all()
    assert plan["baseline_rate"].between(0, 1).all() and (plan["mde"] > 0).all()


def test_campaign_is_coherent_with_the_world(world):
    f, ab, plan = world["funnel"], world["ab"], world["plan"]
    products = load("products").set_index("product_id")
    assert products.loc["C02", "channels"] == "app", "the youth card is sold through the app"
    assert plan["start_date"].min() > products.loc["C02", "launch_date"], "nothing before the launch"
    adoption = load("adoption")
    c02 = adoption[(adoption["product_id"] == "C02")
                   & adoption["month"].between(plan.loc["T1", "start_date"], plan.loc["T1", "end_date"])]
    assert len(c02) == 3 and f["activated"].sum() <= c02["new_adopters"].sum(), (
        "the campaign's new cards are part of the card's new adopters in those months")
    customers, holdings = load("customers"), load("holdings")
    holders = set(holdings.loc[holdings["product_id"] == "C02", "customer_id"])
    young = customers[(customers["age"] <= 30) & ~customers["customer_id"].isin(holders)]
    app_users = (young["app_logins_month"] > 0).sum() / sampling_fraction()
    push = f.loc[f["channel"] == "app_push", "exposed"].sum()
    sms = f.loc[f["channel"] == "sms", "exposed"].sum()
    assert push <= app_users and sms <= len(young) / sampling_fraction(), "the bank's own audiences"
    assert ab.loc[ab["test_id"] == "T2", "users"].sum() <= app_users
    pop = load("population")
    assert f.loc[f["channel"].isin(["social_kol", "third_party"]), "exposed"].sum() <= pop.loc[
        pop["age_band"].isin(["18-24", "25-34"]), "adults"].sum(), "the city's young adults"


def test_economics_table(world):
    e = world["econ"]
    assert set(e.index) == {"value_per_conversion", "offer_cost_a", "offer_cost_b", "rollout_users",
                            "card_holder_margin", "app_retention_monthly", "discount_rate_monthly", "ltv_horizon_months"}
    assert e["value_per_conversion"] > e["offer_cost_b"] > e["offer_cost_a"] > 0
    assert isinstance(load("ab_test_economics"), pd.DataFrame)


def test_value_of_a_conversion_is_the_modules_ltv(world):
    """V is the module's one LTV formula on the world's margin model: the youth-card holders' own
    margin among the new customers of 2024-2025, the app's retention by lesson 1's rule (closers
    counted), T and i of the convention; a card earning at most RMB 20 a month caps it."""
    from finmkt.data import spec
    from finmkt.methods.funnel_ab import value_per_conversion
    from finmkt.methods.retention import ltv_constant

    e = world["econ"]
    m, r = e["card_holder_margin"], e["app_retention_monthly"]
    assert e["discount_rate_monthly"] == spec.DISCOUNT_RATE_MONTHLY
    assert e["ltv_horizon_months"] == spec.LTV_HORIZON_MONTHS
    v = value_per_conversion(m, r, spec.DISCOUNT_RATE_MONTHLY, spec.LTV_HORIZON_MONTHS)
    assert e["value_per_conversion"] == pytest.approx(v, rel=1e-9)
    assert v == pytest.approx(float(ltv_constant(m, r, spec.DISCOUNT_RATE_MONTHLY, spec.LTV_HORIZON_MONTHS)))
    cap = float(ltv_constant(spec.MARGIN_PRODUCT_INCOME["has_credit_card"], 1.0, spec.DISCOUNT_RATE_MONTHLY,
                             spec.LTV_HORIZON_MONTHS))
    assert v < cap < 440, "no churn and RMB 20 a month for 24 months, discounted, is the most a card earns"
    # the inputs from the data a trainee sees
    cc, h = load("channel_customers"), load("holdings")
    holders = set(h.loc[h["product_id"] == "C02", "customer_id"])
    assert m == pytest.approx(cc.loc[cc["customer_id"].isin(holders), "monthly_margin"].mean(), abs=0.01)
    app = cc[cc["channel"] == "app"]
    assert 0.95 < r < 0.99 and abs(r - app["months_active"].sum() / (app["months_active"].sum() + app["churned"].sum())) < 0.01
