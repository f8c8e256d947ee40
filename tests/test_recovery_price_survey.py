"""Lesson 02_positioning/02_price_sensitivity: the reference methods recover the planted truth
of the price survey (``truth/price_survey.json``), and the survey is coherent with the world.

Tolerances:

- cleaning: the course rule drops exactly the planted invalid respondents (8%: half out of
  order, half with one blank), no more, no fewer;
- Gabor-Granger demand: within 0.04 (about three and a half binomial standard errors at 2,400
  respondents, plus the small upward bias of "highest price accepted" under response noise) of
  the true demand D(p) = Σ share_s · P(WTP_s ≥ p) at every tested price;
- revenue-maximising tested price: exactly the true one, for all respondents and for each AUM
  tier (the planted optima lead the runner-up by 19% or more); the tier gain within 0.06 of
  the true gain;
- Van Westendorp points: each within 5% of the planted population's point (computed from the
  planted WTP distributions, the answer multiples and noise, the ¥50 rounding included);
- segments: the median Gabor-Granger WTP of the planted segments is ordered as planted (ties
  allowed: the medians fall on tested prices), the highest strictly above the rest.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from finmkt.data import SCHEMAS, load
from finmkt.paths import data_dir

VW = ["too_cheap", "cheap", "expensive", "too_expensive"]


@pytest.fixture(scope="module")
def world():
    truth = json.loads((data_dir() / "truth" / "price_survey.json").read_text())
    segments = pd.read_csv(data_dir() / "truth" / "segments.csv")
    return {"survey": load("price_survey"), "gg": load("price_survey_gg"), "costs": load("advisory_costs"),
            "customers": load("customers"), "segments": segments.set_index("customer_id")["segment"], "truth": truth}


def _valid(survey):
    v = survey[VW].to_numpy(float)
    return ~np.isnan(v).any(axis=1) & (np.diff(v, axis=1) > 0).all(axis=1)


def _curves(answers):
    v = answers[VW].to_numpy(float)
    x = np.unique(v)
    le = {c: np.searchsorted(np.sort(v[:, j]), x, side="right") / len(v) for j, c in enumerate(VW)}
    return x, {"too_cheap": 1 - le["too_cheap"], "cheap": 1 - le["cheap"], "expensive": le["expensive"],
               "too_expensive": le["too_expensive"], "not_cheap": le["cheap"], "not_expensive": 1 - le["expensive"]}


def _cross(x, rising, falling):
    d = rising - falling
    k = int(np.argmax(d >= 0))
    return float(x[0]) if k == 0 else float(x[k - 1] + (x[k] - x[k - 1]) * -d[k - 1] / (d[k] - d[k - 1]))


def _points(answers):
    x, c = _curves(answers)
    return {"pmc": _cross(x, c["not_cheap"], c["too_cheap"]), "opp": _cross(x, c["too_expensive"], c["too_cheap"]),
            "idp": _cross(x, c["expensive"], c["cheap"]), "pme": _cross(x, c["too_expensive"], c["not_expensive"])}


def _wtp(gg):
    ids = gg["respondent_id"].unique()
    return gg[gg["would_buy"] == 1].groupby("respondent_id")["price"].max().reindex(ids).fillna(0.0)


def _demand(wtp, prices):
    return (wtp.to_numpy(float)[:, None] >= np.asarray(prices, float)).mean(axis=0)


def _tiers(world):
    assets = world["customers"].set_index("customer_id")["assets"]
    rid = world["survey"].set_index("respondent_id")["customer_id"]
    wealthy = assets.reindex(rid).to_numpy() >= world["truth"]["wealth_tier_assets"]
    return pd.Series(np.where(wealthy, "wealth_tier", "mass_tier"), index=rid.index)


# --- the planted truth is recovered -------------------------------------------------------

def test_cleaning_drops_exactly_the_planted_invalid_answers(world):
    survey, truth = world["survey"], world["truth"]
    ok = _valid(survey)
    assert int((~ok).sum()) == truth["invalid_respondents"] == round(truth["invalid_share"] * len(survey))
    blank = survey[VW].isna().any(axis=1).to_numpy()
    assert blank.sum() == truth["invalid_respondents"] // 2, "half the planted invalid answers are blanks"
    assert (~ok & ~blank).sum() == truth["invalid_respondents"] - truth["invalid_respondents"] // 2


def test_gabor_granger_demand_recovers_the_true_demand(world):
    prices = world["truth"]["tested_prices"]
    d = _demand(_wtp(world["gg"]), prices)
    true = np.array([world["truth"]["true_all"]["demand"][str(float(p))] for p in prices])
    assert np.abs(d - true).max() < 0.04, f"demand {np.round(d, 3)} vs true {np.round(true, 3)}"


def test_revenue_maximising_price_overall_and_by_tier(world):
    prices = np.asarray(world["truth"]["tested_prices"], float)
    wtp = _wtp(world["gg"])
    tiers = _tiers(world).reindex(wtp.index)
    revenue = {}
    for name, mask in {"all": np.ones(len(wtp), bool), "wealth_tier": (tiers == "wealth_tier").to_numpy(),
                       "mass_tier": (tiers == "mass_tier").to_numpy()}.items():
        r = prices * _demand(wtp[mask], prices)
        truth = world["truth"][f"true_{name}"]["optimum"]
        assert truth["gap_to_second"] > 0.15, f"{name}: the planted optimum leads clearly"
        assert prices[np.argmax(r)] == truth["price"], f"{name}: revenue-maximising price"
        revenue[name] = (r.max(), mask.mean())
    gain = (sum(r * w for k, (r, w) in revenue.items() if k != "all") / revenue["all"][0]) - 1
    assert abs(gain - world["truth"]["true_tier_gain"]) < 0.06
    assert world["truth"]["true_wealth_tier"]["optimum"]["price"] > world["truth"]["true_mass_tier"]["optimum"]["price"]


def test_van_westendorp_points_recover_the_population_points(world):
    survey, truth = world["survey"], world["truth"]
    ok = _valid(survey)
    got = _points(survey.loc[ok, VW])
    for k, v in truth["true_all"]["psm"].items():
        assert abs(got[k] / v - 1) < 0.05, f"{k}: {got[k]:.0f} vs population {v:.0f}"
    assert got["pmc"] < got["pme"] and truth["true_all"]["psm"]["pmc"] < truth["true_all"]["psm"]["pme"]


def test_planted_segments_order_the_willingness_to_pay(world):
    wtp = _wtp(world["gg"])
    rid = world["survey"].set_index("respondent_id")["customer_id"]
    seg = world["segments"].reindex(rid.reindex(wtp.index)).to_numpy()
    med = pd.Series(wtp.to_numpy(), index=seg).groupby(level=0).median()
    planted = {s: v["median"] for s, v in world["truth"]["wtp_lognormal_by_segment"].items() if s in med.index}
    order = sorted(planted, key=planted.get)
    assert med[order].is_monotonic_increasing, f"median GG WTP by segment {med.to_dict()} (planted {planted})"
    assert med[order[-1]] > med[order[-2]], "the segment with the highest planted WTP stands out"


# --- the data of the family ---------------------------------------------------------------

def test_schemas_and_keys(world):
    for name in ("price_survey", "price_survey_gg", "advisory_costs"):
        assert list(load(name).columns) == SCHEMAS[name].column_names
    survey, gg = world["survey"], world["gg"]
    assert survey["respondent_id"].is_unique and survey["customer_id"].is_unique
    assert len(survey) == world["truth"]["respondents"]
    assert set(gg["respondent_id"]) == set(survey["respondent_id"])
    counts = gg.groupby(["respondent_id", "price"]).size()
    assert (counts == 1).all() and len(counts) == len(survey) * len(world["truth"]["tested_prices"]), (
        "every respondent answers every tested price once")
    assert sorted(gg["price"].unique()) == world["truth"]["tested_prices"]
    assert set(gg["would_buy"].unique()) <= {0, 1}


def test_respondents_are_eligible_minghu_customers(world):
    """Same customer ids as the extract, each eligible (assets of at least the entry criterion)."""
    survey, customers = world["survey"], world["customers"]
    assets = customers.set_index("customer_id")["assets"]
    assert set(survey["customer_id"]) <= set(customers["customer_id"])
    assert (assets.reindex(survey["customer_id"]).to_numpy() >= world["truth"]["min_assets"]).all()
    assert world["truth"]["eligible_customers_in_extract"] == int((customers["assets"] >= world["truth"]["min_assets"]).sum())
    assert set(survey["channel"]) == {"app", "branch"}


def test_answers_are_possible_fees(world):
    v = world["survey"][VW].to_numpy(float)
    given = v[~np.isnan(v)]
    assert (given >= 50).all() and (given % 50 == 0).all(), "answers are round amounts of at least ¥50"
    assert given.max() < 50_000, "no absurd annual fee"


def test_cost_table_gives_the_planted_unit_cost(world):
    c = world["costs"]
    assert (c["quantity"] > 0).all() and (c["cost_per_unit"] > 0).all()
    unit = float((c["quantity"] * c["cost_per_unit"]).sum())
    assert unit == pytest.approx(world["truth"]["variable_cost_per_subscriber"])
    assert unit < min(world["truth"]["tested_prices"][1:]), "the service can earn a margin at the tested fees"


# --- the soft launch and the calibrated demand ------------------------------------------------

def test_pilot_recovers_the_planted_conversion_and_yes_share(world):
    """The pilot's subscribed / said yes lies within 2.6 binomial standard errors of the planted
    conversion, and its yes share within 2.6 standard errors of the investors' true D(fee)."""
    pilot, t = load("advisory_pilot"), world["truth"]["pilot"]
    assert list(pilot.columns) == SCHEMAS["advisory_pilot"].column_names
    assert dict(zip(pilot["district"], pilot["offered"], strict=True)) == t["offered"]
    assert set(pilot["district"]) <= set(world["customers"]["district"]), "pilot branches lie in the bank's districts"
    assert ((pilot["subscribed"] <= pilot["said_yes"]) & (pilot["said_yes"] <= pilot["offered"])).all()
    yes, paid, offered = int(pilot["said_yes"].sum()), int(pilot["subscribed"].sum()), int(pilot["offered"].sum())
    c = t["conversion"]
    assert abs(paid / yes - c) < 2.6 * np.sqrt(c * (1 - c) / yes), (paid / yes, c)
    p = t["true_yes_share_of_investors"]
    assert abs(yes / offered - p) < 2.6 * np.sqrt(p * (1 - p) / offered), (yes / offered, p)


def test_calibrated_take_up_fits_the_bank(world):
    """The lesson's calibration (investing eligible customers x their survey demand x the pilot's
    conversion) projects fewer subscribers than the bank has wealth-management holders, and fee
    income at the revenue-maximising fee well below the bank's wealth-management fee income
    (holdings x fee rates); the uncalibrated projection (every eligible yes a sale) does neither."""
    from finmkt.data.spec import BANK_CUSTOMERS

    cust, survey, gg = world["customers"], world["survey"], world["gg"]
    gross = BANK_CUSTOMERS / len(cust)
    eligible = cust["assets"] >= world["truth"]["min_assets"]
    invests = eligible & ((cust["has_wealth_management"] == 1) | (cust["has_fund"] == 1))
    rid = survey.loc[survey["customer_id"].isin(cust.loc[invests, "customer_id"]), "respondent_id"]
    fee = world["truth"]["pilot"]["fee"]

    def yes_share(ids):
        wtp = gg[gg["respondent_id"].isin(ids) & (gg["would_buy"] == 1)].groupby("respondent_id")["price"].max()
        return float((wtp.reindex(ids, fill_value=0) >= fee).mean())

    pilot = load("advisory_pilot")
    conv = pilot["subscribed"].sum() / pilot["said_yes"].sum()
    subscribers = invests.sum() * gross * yes_share(rid) * conv
    stated = eligible.sum() * gross * yes_share(survey["respondent_id"])
    h = load("holdings").merge(load("products"), on="product_id").query("line == 'wealth_management'")
    wm_holders = h["customer_id"].nunique() * gross
    wm_fees = float((h["balance"] * h["fee_pct"] / 100).sum()) * gross
    assert subscribers < 0.5 * wm_holders and subscribers * fee < 0.2 * wm_fees, (subscribers, wm_holders, wm_fees)
    assert stated > wm_holders and stated * fee > wm_fees, "the uncalibrated survey overstates: the lesson's point"
