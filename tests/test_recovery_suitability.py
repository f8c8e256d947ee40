"""Lesson 04_compliance/02_suitability_audit: the reference method recovers the planted truth, and
the family's data agree with the world.

Tolerances (the violations are counted exactly; the managers' rates are realised draws):

* the reference flags (``pd.merge_asof`` backward and strict, 365-day validity, age at the sale)
  give exactly the planted counts of sales without an assessment before them, with an expired
  one, above the level at the sale, unsuitable and 65+ high-risk, and the world's count of
  holdings above today's level;
* the funnel plot's exact 99.8% limits around the overall rate flag exactly the three planted
  managers and, by branch, exactly the planted branch (not the diluted one);
* the Holm-adjusted one-sided binomial tests at 5% flag the same managers;
* the planted managers' rates equal the truth's (exact) and are at least three times the base
  rate; a league table of raw rates has a manager with fewer than 10 sales above every planted one;
* the review list's customers to call back equal the planted count.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from finmkt.data import load
from finmkt.paths import data_dir

CUTOFF = pd.Timestamp("2025-12-31")


@pytest.fixture(scope="module")
def world():
    truth = json.loads((data_dir() / "truth" / "suitability.json").read_text())
    s, a = load("suitability_sales"), load("suitability_assessments")
    p, c = load("products"), load("customers")
    out = s.copy()
    out["r"] = out["product_id"].map(p.set_index("product_id")["risk_level"]).str[1:].astype(int)
    out["_row"] = np.arange(len(out))
    aa = a.sort_values("assessed_at").assign(lvl=lambda d: d["level"].str[1:].astype(float))
    j = pd.merge_asof(out.sort_values("sold_at"), aa[["customer_id", "assessed_at", "lvl"]], left_on="sold_at",
                      right_on="assessed_at", by="customer_id", direction="backward", allow_exact_matches=False)
    j = j.sort_values("_row").reset_index(drop=True)
    age = j["sold_at"] - j["assessed_at"]
    j["none"] = j["assessed_at"].isna()
    j["expired"] = ~j["none"] & (age > pd.Timedelta(days=truth["params"]["assessment_validity_days"]))
    j["above"] = j["r"] > j["lvl"]
    j["unsuitable"] = j["none"] | j["expired"] | j["above"]
    ages = j["customer_id"].map(c.set_index("customer_id")["age"]) - (CUTOFF - j["sold_at"].dt.normalize()).dt.days / 365.25
    j["elderly"] = (ages >= truth["params"]["elderly_age"]) & (j["r"] >= truth["params"]["high_risk_min_level"])
    j["today"] = j["r"] > j["customer_id"].map(c.set_index("customer_id")["risk_tolerance"]).str[1:].astype(int)
    return {"j": j, "truth": truth, "sales": s, "assessments": a, "customers": c, "products": p,
            "branches": load("suitability_branches"), "managers": load("suitability_managers"),
            "holdings": load("holdings")}


def _rates(j, by):
    g = j.groupby(by)["unsuitable"].agg(["size", "sum"])
    return g.rename(columns={"size": "n", "sum": "k"}).assign(rate=lambda d: d["k"] / d["n"])


def _above(g, p, level=0.998):
    upper = stats.binom.ppf(1 - (1 - level) / 2, g["n"], p) / g["n"]
    return set(g.index[g["rate"] > upper])


def test_violation_counts_are_the_planted_ones(world):
    j, t = world["j"], world["truth"]["counts"]
    assert len(j) == t["sales"]
    assert int(j["none"].sum()) == t["no_assessment_before"]
    assert int(j["expired"].sum()) == t["expired_assessment"]
    assert int(j["above"].sum()) == t["above_level_at_sale"]
    assert int(j["unsuitable"].sum()) == t["unsuitable"]
    assert int(j["elderly"].sum()) == t["elderly_high_risk"]
    assert int(j["today"].sum()) == t["above_current_level"]
    assert int((j["today"] & ~j["above"]).sum()) == t["above_current_not_at_sale"] > 0
    assert int((j["above"] & ~j["today"]).sum()) == t["above_at_sale_not_current"] > 0


def test_funnel_and_holm_recover_the_planted_managers_and_branch(world):
    j, truth = world["j"], world["truth"]
    p = float(j["unsuitable"].mean())
    assert p == pytest.approx(truth["overall_rate"])
    m = _rates(j, "manager_id")
    assert _above(m, p) == set(truth["planted_managers"])
    b = _rates(j, "branch_id")
    assert _above(b, p) == {truth["planted_branch"]}
    assert truth["diluted_branch"] not in _above(b, p)
    pv = stats.binom.sf(m["k"] - 1, m["n"], p)
    holm = set(m.index[multipletests(pv, alpha=truth["params"]["holm_alpha"], method="holm")[0]])
    assert holm == set(truth["planted_managers"])
    assert len(set(m.index[pv < 0.05])) > len(holm)  # unadjusted tests flag more


def test_planted_rates_and_the_misleading_league_table(world):
    j, truth = world["j"], world["truth"]
    m = _rates(j, "manager_id")
    for mid, v in truth["manager_rates"].items():
        assert (int(m.loc[mid, "n"]), int(m.loc[mid, "k"])) == (v["sales"], v["unsuitable"])
        assert v["rate"] >= 3 * truth["base_rate"]
    others = j[~j["manager_id"].isin(truth["planted_managers"])]
    assert float(others["unsuitable"].mean()) == pytest.approx(truth["base_rate"])
    worst_planted = min(v["rate"] for v in truth["manager_rates"].values())
    small = m[(m["n"] < 10) & (m["rate"] > worst_planted)]
    assert len(small) >= 1
    bad = j[j["manager_id"].isin(truth["planted_managers"]) & j["unsuitable"]]
    assert bad["customer_id"].nunique() == truth["counts"]["customers_to_recontact_planted"]


def test_sales_are_the_worlds_holdings(world):
    s, h = world["sales"], world["holdings"]
    scope = sorted(s["product_id"].unique())
    assert scope == ["F01", "F02", "I02", "I03", "W01", "W02", "W03", "W04", "W05", "W06"]
    hs = h[h["product_id"].isin(scope)]
    key = lambda d, col: sorted(zip(d["customer_id"], d["product_id"], d[col].dt.normalize(), strict=True))  # noqa: E731
    assert key(s, "sold_at") == key(hs, "opened_on")
    assert s["sale_id"].is_unique and s["sold_at"].is_monotonic_increasing
    assert s["sold_at"].max() <= CUTOFF + pd.Timedelta(days=1)


def test_assessment_history_agrees_with_customers(world):
    a, c = world["assessments"], world["customers"].set_index("customer_id")
    assert set(a["customer_id"]) == set(world["sales"]["customer_id"])
    last = a.sort_values("assessed_at").groupby("customer_id").tail(1).set_index("customer_id")
    assert (last["assessed_at"].dt.normalize() == c.loc[last.index, "risk_assessed_on"]).all()
    assert (last["level"] == c.loc[last.index, "risk_tolerance"]).all()
    assert set(a["level"]) <= {f"C{k}" for k in range(1, 6)}
    assert not a.duplicated(["customer_id", "assessed_at"]).any()
    changed = a.groupby("customer_id")["level"].nunique()
    assert (changed > 1).mean() > 0.05  # some customers' level changed


def test_branches_managers_and_districts(world):
    b, m, s = world["branches"], world["managers"], world["sales"]
    d = load("districts")
    lic = d[d["licensed"]].set_index("district")["bank_branches"]
    assert b.groupby("district").size().sort_index().to_dict() == lic.sort_index().to_dict()
    assert m["manager_id"].is_unique and set(m["branch_id"]) <= set(b["branch_id"])
    home = m.set_index("manager_id")["branch_id"]
    assert (s["manager_id"].map(home) == s["branch_id"]).all()  # each manager in one branch
    cd = s["customer_id"].map(world["customers"].set_index("customer_id")["district"])
    assert (s["branch_id"].map(b.set_index("branch_id")["district"]) == cd).all()  # a branch of the customer's district
    opened = s["branch_id"].map(b.set_index("branch_id")["opened_on"])
    assert (opened <= s["sold_at"].dt.normalize()).all()  # no sale before the branch opened
    n = s.groupby("branch_id").size()
    assert n.max() > 20 * n.min()  # very different sizes
    assert b["branch_zh"].str.startswith("明湖银行").all() and b["branch_zh"].str.endswith("支行").all()  # the bank's own
