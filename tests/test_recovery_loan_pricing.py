"""Lesson 02_positioning/04_loan_pricing: the reference method recovers the planted truth,
and the family's data agree with the world.

Tolerances (the history is a binomial draw of defaults and a beta draw of recoveries):

* PD per grade (defaults / loans performing on 1 January, pooled over 2023-2025) within three
  binomial standard errors sqrt(PD(1 - PD) / loans) of the planted PD;
* LGD per grade (1 - recoveries / exposure at default, pooled) within 0.05 of the planted LGD;
* expected loss, hence the break-even rate, within 0.6 percentage point of the planted one;
  the grades below the hurdle (RAROC < h at today's rates) are exactly the planted ones, and the
  repriced grades too, each new rate within 0.6 percentage point of the planted new rate;
* each offer's APR (IRR method) equal to the planted APR within 1e-9, its breach flag exactly
  the planted one.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq

from finmkt.data import load, loan_pricing
from finmkt.data.spec import sampling_fraction
from finmkt.methods import loan_pricing as methods
from finmkt.paths import data_dir


@pytest.fixture(scope="module")
def world():
    truth = json.loads((data_dir() / "truth" / "loan_pricing.json").read_text())
    return {
        "grades": load("loan_grades").set_index("grade"),
        "history": load("loan_default_history"),
        "params": load("loan_pricing_params").set_index("key")["value"],
        "offers": load("instalment_offers"),
        "truth": truth,
    }


def _reference_book(w) -> pd.DataFrame:
    """The lesson's reference method: pooled PD and LGD, break-even rate, RAROC, repricing."""
    p = w["params"]
    ftp, opex, k, h, lpr = (float(p[x]) for x in ["ftp", "opex", "capital_per_unit", "hurdle_rate", "lpr_1y"])
    s = w["history"].groupby("grade")[["loans_start", "defaults", "ead", "recoveries"]].sum().astype(float)
    book = w["grades"].copy()
    book["loans"] = s["loans_start"]
    book["pd"] = s["defaults"] / s["loans_start"]
    book["lgd"] = 1 - s["recoveries"] / s["ead"]
    book["el"] = book["pd"] * book["lgd"]
    book["rate"] = lpr + book["lpr_spread_bp"] / 10_000
    book["break_even"] = ftp + book["el"] + opex + k * (h - ftp)
    book["raroc"] = (book["rate"] - ftp - book["el"] - opex + k * ftp) / k
    book["new_rate"] = np.ceil(np.round(np.maximum(book["rate"], book["break_even"]) * 2000, 6)) / 2000
    return book


def test_pd_and_lgd_are_recovered(world):
    book, planted = _reference_book(world), world["truth"]["grades"]
    for g, t in planted.items():
        se = np.sqrt(t["pd"] * (1 - t["pd"]) / book.loc[g, "loans"])
        assert abs(book.loc[g, "pd"] - t["pd"]) < 3 * se, f"{g}: PD {book.loc[g, 'pd']:.4f} vs planted {t['pd']}"
        assert abs(book.loc[g, "lgd"] - t["lgd"]) < 0.05, f"{g}: LGD {book.loc[g, 'lgd']:.3f} vs planted {t['lgd']}"
        assert abs(book.loc[g, "el"] - t["el"]) < 0.006
        assert abs(book.loc[g, "break_even"] - t["break_even"]) < 0.006


def test_value_destroying_grades_and_repricing_are_recovered(world):
    book, truth = _reference_book(world), world["truth"]
    h = float(world["params"]["hurdle_rate"])
    assert sorted(book.index[book["raroc"] < h]) == sorted(truth["value_destroying_grades"])
    planted_moved = sorted(g for g, t in truth["grades"].items() if t["repriced_rate"] > t["rate"] + 1e-12)
    assert sorted(book.index[book["new_rate"] > book["rate"] + 1e-12]) == planted_moved
    for g, t in truth["grades"].items():
        assert abs(book.loc[g, "new_rate"] - t["repriced_rate"]) < 0.006
        assert abs(book.loc[g, "rate"] - t["rate"]) < 1e-12
    # the planted world has both problems the lesson names: the prime grade and the riskiest ones
    assert {"A", "G"} <= set(truth["value_destroying_grades"]) and "D" not in truth["value_destroying_grades"]


def test_the_course_checks_hold_in_the_family_module():
    """COURSE.md's checks: break-even 4.7% and RAROC 12%; APR 13.03% (effective 13.84%)."""
    be = methods.break_even(0.02, 0.02, 0.45, 0.01, 0.08, 0.12)
    assert be == pytest.approx(0.047, abs=1e-12)
    assert methods.raroc(be, 0.02, 0.02, 0.45, 0.01, 0.08) == pytest.approx(0.12, abs=1e-12)
    apr = methods.apr_irr(10_000, 12, 0.006)
    assert apr == pytest.approx(0.1303, abs=5e-5) and (1 + apr / 12) ** 12 - 1 == pytest.approx(0.1384, abs=5e-5)


def _apr(principal, months, fee, upfront):
    inst, net, t = principal / months + principal * fee, principal - upfront, np.arange(1, months + 1)
    return 12 * brentq(lambda i: (inst / (1 + i) ** t).sum() - net, 0.0, 1.0, xtol=1e-14)


def test_offers_apr_and_breaches_are_recovered(world):
    offers, planted = world["offers"].set_index("offer_id"), world["truth"]["offers"]
    assert set(offers.index) == set(planted)
    for oid, o in offers.iterrows():
        apr = _apr(o["principal"], int(o["months"]), o["monthly_fee_pct"] / 100, o["upfront_fee"])
        assert apr == pytest.approx(planted[oid]["apr"], abs=1e-9), oid
        breach = (np.isnan(o["apr_shown_pct"])
                  or (o["periodic_rate_shown"] != "none" and o["apr_font_pt"] < o["rate_font_pt"])
                  or o["apr_shown_pct"] < 100 * apr - 0.01)
        assert bool(breach) == planted[oid]["breach"], oid
    # every way of breaching is planted, and compliant adverts too (the bank's own among them)
    reasons = {r for v in planted.values() for r in v["reasons"]}
    assert len(reasons) == 3 and 3 <= len(world["truth"]["breaching_offers"]) <= len(planted) - 3
    own = offers.index[offers["institution"] == "Minghu Bank"]
    assert len(own) and not any(planted[o]["breach"] for o in own)


# --- the family's data and the world --------------------------------------------------

def test_the_book_agrees_with_the_world(world):
    g = world["grades"]
    adoption = load("adoption")
    l01 = adoption[adoption["product_id"] == "L01"].sort_values("month")
    assert int(g["borrowers"].sum()) == int(l01["holders"].iloc[-1]), "borrowers = L01 holders at 2025-12"
    holdings = load("holdings")
    grossed = holdings.loc[holdings["product_id"] == "L01", "balance"].sum() / sampling_fraction()
    assert abs(g["exposure"].sum() - grossed) <= 100, "exposure = extract's L01 holdings grossed up"
    line = load("market_balances")
    cl = line[(line["year"] == 2025) & (line["institution"] == "Minghu Bank") & (line["product_line"] == "consumer_loan")]
    assert g["exposure"].sum() < float(cl["balance"].sum()), "L01 is part of the bank's consumer-loan line"
    # performing loans on 1 January = L01 holders at the previous December
    dec = l01[pd.to_datetime(l01["month"]).dt.month == 12].assign(year=lambda d: pd.to_datetime(d["month"]).dt.year + 1)
    starts = world["history"].groupby("year")["loans_start"].sum()
    assert (starts == dec.set_index("year")["holders"].reindex(starts.index)).all()
    products = load("products").set_index("product_id")
    rates = float(world["params"]["lpr_1y"]) + g["lpr_spread_bp"] / 10_000
    assert np.isclose(100 * rates, products.loc["L01", "rate_pct"]).sum() == 1, "the shelf's rate is one grade's"


def test_no_impossible_values(world):
    g, hist, p, o = world["grades"], world["history"], world["params"], world["offers"]
    assert list(g.index) == list("ABCDEFG") and g["lpr_spread_bp"].is_monotonic_increasing
    assert (g["borrowers"] > 0).all() and (g["exposure"] > 0).all() and g["avg_term_months"].between(6, 60).all()
    assert ((hist["defaults"] >= 0) & (hist["defaults"] <= hist["loans_start"])).all()
    assert ((hist["recoveries"] >= 0) & (hist["recoveries"] <= hist["ead"])).all()
    assert (hist["ead"] <= hist["exposure_start"]).all()
    assert set(hist["grade"]) == set(g.index) and sorted(hist["year"].unique()) == [2023, 2024, 2025]
    assert p["lpr_1y"] == pytest.approx(0.030), "1-year LPR 3.0% (MARKET_FACTS.md, PBoC LPR fixing 2025)"
    assert 0 < p["ftp"] < p["hurdle_rate"] and 0 < p["capital_per_unit"] < 0.2 and 0 < p["opex"] < 0.05
    assert (o["months"] >= 1).all() and (o["monthly_fee_pct"] >= 0).all()
    assert ((o["upfront_fee"] >= 0) & (o["upfront_fee"] < o["principal"])).all()
    assert (o["apr_shown_pct"].isna() == (o["apr_font_pt"] == 0)).all(), "an APR shown has a font size"
    assert ((o["periodic_rate_shown"] == "none") == (o["rate_font_pt"] == 0)).all()
    monthly, daily = o["periodic_rate_shown"] == "monthly", o["periodic_rate_shown"] == "daily"
    assert np.allclose(o.loc[monthly, "periodic_rate_pct"], o.loc[monthly, "monthly_fee_pct"])
    assert np.allclose(o.loc[daily, "periodic_rate_pct"], o.loc[daily, "monthly_fee_pct"] / 30, atol=5e-4)
    assert o["offer_id"].is_unique


def test_offer_institutions_are_the_worlds_and_fictional(world):
    o = world["offers"]
    comp = load("competitors").set_index("institution")
    for inst, r in o.drop_duplicates("institution").set_index("institution").iterrows():
        if inst in comp.index:
            assert r["institution_zh"] == comp.loc[inst, "institution_zh"]
        else:
            assert loan_pricing.OTHER_INSTITUTIONS.get(inst) == r["institution_type"], inst
    assert set(o["institution_type"]) <= {"bank", "consumer_finance", "internet_platform"}
    platforms = set(comp.index[comp["type"] == "internet_platform"])
    assert (o.loc[o["institution"].isin(platforms), "institution_type"] == "internet_platform").all()
