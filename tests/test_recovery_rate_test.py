"""Lesson 02_positioning/03 (rate elasticity): the reference method recovers the planted deposit-rate test.

Tolerances (statements the tests prove on the course world):

- the pooled elasticity with segment and month fixed effects lies within 3 standard errors
  (OLS, about 0.08) of its planted estimand, the same regression on the noise-free planted
  log shares, and within 0.25 of it;
- the naive regression (no controls) is biased upward by more than 0.8, more than ten
  standard errors: the confound is planted, not noise;
- each segment's elasticity (interaction regression with month effects) lies within 3 of
  its standard errors and within 0.5 of the planted one;
- the Lerner rate R·h/(1+h) from the estimates is within 8 basis points of the planted
  profit-maximising rate in every segment, and inside the segment's tested band;
- the segment's share at the posted rate in an average month (the lesson's convention) is
  within 10% of the planted one;
- the data: every cell has accepts, the segments and the product are those of the world,
  offers never exceed the segment's customers, rates are never below the posted rate nor
  above what the deposit earns.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from finmkt.data import load, spec
from finmkt.data.rate_test import PRODUCT_ID
from finmkt.paths import data_dir

FE = "np.log(share) ~ np.log(rate) + C(segment) + C(month)"
SEG = "np.log(share) ~ C(segment) + C(segment):np.log(rate) + C(month)"


@pytest.fixture(scope="module")
def world():
    test = load("rate_test")
    cells = test.assign(month=test["month"].dt.strftime("%Y-%m"), rate=test["offered_rate_pct"] / 100,
                        share=test["accepts"] / test["offers"])
    truth = json.loads((data_dir() / "truth" / "rate_test.json").read_text())
    return cells, truth


def test_pooled_elasticity_with_fixed_effects(world):
    cells, truth = world
    fit = smf.ols(FE, data=cells).fit()
    got, se = fit.params["np.log(rate)"], fit.bse["np.log(rate)"]
    planted = truth["pooled_elasticity_fe"]
    assert abs(got - planted) < min(3 * se, 0.25), f"{got:.3f} vs planted {planted:.3f} (SE {se:.3f})"


def test_naive_regression_is_biased_by_the_design(world):
    cells, truth = world
    naive = smf.ols("np.log(share) ~ np.log(rate)", data=cells).fit()
    fe = smf.ols(FE, data=cells).fit()
    assert naive.params["np.log(rate)"] - truth["pooled_elasticity_fe"] > 0.8
    assert naive.params["np.log(rate)"] - fe.params["np.log(rate)"] > 10 * fe.bse["np.log(rate)"]
    # the month effects matter too: segment effects alone leave part of the season in the slope
    seg_only = smf.ols("np.log(share) ~ np.log(rate) + C(segment)", data=cells).fit()
    assert seg_only.params["np.log(rate)"] > fe.params["np.log(rate)"] + 0.1


def test_segment_elasticities_and_lerner_rates(world):
    cells, truth = world
    fit = smf.ols(SEG, data=cells).fit()
    R = truth["earning_rate"]
    band = cells.groupby("segment")["rate"].agg(["min", "max"])
    for s, planted in truth["segments"].items():
        key = f"C(segment)[{s}]:np.log(rate)"
        h, se = fit.params[key], fit.bse[key]
        assert abs(h - planted["elasticity"]) < min(3 * se, 0.5), f"{s}: {h:.2f} vs {planted['elasticity']} (SE {se:.2f})"
        r_star = R * h / (1 + h)
        assert abs(r_star - planted["optimal_rate"]) < 0.0008, s
        assert band.loc[s, "min"] <= planted["optimal_rate"] <= band.loc[s, "max"], f"{s}: optimum inside the band"


def test_share_at_the_posted_rate(world):
    cells, truth = world
    fit = smf.ols(SEG, data=cells).fit()
    today = truth["posted_rate"]
    for s, planted in truth["segments"].items():
        g = cells[cells["segment"] == s]
        h = fit.params[f"C(segment)[{s}]:np.log(rate)"]
        share = np.exp(np.mean(np.log(g["share"]) + h * (np.log(today) - np.log(g["rate"]))))
        # the lesson's convention equals the model's fitted share at today's rate in an average month
        months = sorted(cells["month"].unique())
        pred = fit.predict(pd.DataFrame({"segment": s, "rate": today, "month": months}))
        assert share == pytest.approx(float(np.exp(np.mean(pred))), rel=1e-9)
        assert abs(share / planted["share_at_posted_rate"] - 1) < 0.10, s


def test_data_coherent_with_the_world(world):
    cells, truth = world
    segments = load("customers")[["customer_id"]].merge(
        pd.read_csv(data_dir() / "truth" / "segments.csv"), on="customer_id")["segment"]
    assert set(cells["segment"]) == set(segments)
    assert (cells["accepts"] > 0).all() and (cells["accepts"] <= cells["offers"]).all()
    assert cells.groupby(["month", "segment", "offered_rate_pct"]).ngroups == len(cells)
    bank_wide = segments.value_counts() / spec.sampling_fraction()
    offers = cells.groupby("segment")["offers"].sum()
    assert (offers <= bank_wide.reindex(offers.index)).all(), (
        "no segment gets more offers than it has customers")
    products = load("products").set_index("product_id")
    posted = products.loc[PRODUCT_ID, "rate_pct"] / 100
    assert products.loc[PRODUCT_ID, "line"] == "deposit" and posted == pytest.approx(truth["posted_rate"])
    assert cells["rate"].min() >= posted - 1e-12 and cells["rate"].max() < truth["earning_rate"]
    econ = load("rate_test_economics").set_index("item")["value_pct"]
    R = (econ["ftp_credit"] - econ["operating_cost"] - econ["deposit_insurance"]) / 100
    assert R == pytest.approx(truth["earning_rate"])
    months = pd.to_datetime(cells["month"])
    assert months.min() >= products.loc[PRODUCT_ID, "launch_date"] and months.max() <= spec.AS_OF
    amount = cells.groupby("segment")["new_money"].sum() / cells.groupby("segment")["accepts"].sum()
    assert (amount > 0).all() and amount["entrepreneur"] > amount["starter"]
