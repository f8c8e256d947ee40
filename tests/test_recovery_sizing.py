"""Lesson 01 (market sizing): the survey-based estimates recover the planted world.

- The bottom-up TAM's 95% stratified bootstrap interval (the lesson's exercise tam_interval:
  one ``np.random.default_rng(2025)``, 200 draws of
  ``survey.groupby("age_band").sample(frac=1, replace=True, random_state=rng)``, NumPy's
  default percentiles) covers the planted TAM ``wm_tam_bottom_up``; the point estimate lies
  within 10% of it.
- The survey's design-weighted estimate of Minghu Bank's WM balance lies within two
  standard errors of the bank's ledger balance (``market_balances``), which is what the
  lesson's book-versus-SOM check attributes to sampling error.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from finmkt.data import load
from finmkt.paths import data_dir

KEYS = ["age_band", "income_band"]


def _tam_bottom_up(population: pd.DataFrame, survey: pd.DataFrame, fee_rate: float) -> float:
    adults = population.groupby(KEYS)["adults"].sum()
    penetration = survey.groupby(KEYS)["holds_wm"].mean()
    avg_balance = survey[survey["holds_wm"] == 1].groupby(KEYS)["wm_balance"].mean()
    return float((adults * penetration * avg_balance * fee_rate).sum())


@pytest.fixture(scope="module")
def world():
    truth = json.loads((data_dir() / "truth" / "planted.json").read_text())
    facts = load("market_facts").set_index("key")["base"]
    return load("population"), load("survey"), float(facts["wm_fee_rate"]), truth


def test_bootstrap_interval_covers_the_planted_tam(world):
    population, survey, fee_rate, truth = world
    planted = float(truth["wm_tam_bottom_up"])
    rng = np.random.default_rng(2025)
    tams = [_tam_bottom_up(population, survey.groupby("age_band").sample(frac=1, replace=True, random_state=rng),
                           fee_rate) for _ in range(200)]
    low, high = np.percentile(tams, [2.5, 97.5])
    point = _tam_bottom_up(population, survey, fee_rate)
    assert low < planted < high, (low, planted, high)
    assert low < point < high
    assert abs(point / planted - 1) < 0.10


def test_survey_estimate_of_the_bank_wm_balance_is_within_sampling_error(world):
    _population, survey, _fee, _truth = world
    mb = load("market_balances")
    last = mb[(mb["year"] == mb["year"].max()) & (mb["product_line"] == "wealth_management")]
    ledger = float(last.loc[last["institution"] == "Minghu Bank", "balance"].sum())
    estimate = float((survey["weight"] * survey["wm_balance_minghu"]).sum())
    by_band = survey.groupby("age_band")
    se = float(np.sqrt((by_band.size() * by_band["weight"].first() ** 2 * by_band["wm_balance_minghu"].var()).sum()))
    assert abs(ledger - estimate) < 2 * se, (ledger, estimate, se)
    # every Minghu WM holder of the survey lives in a licensed district (the licence filter removes no book)
    districts = load("districts")
    licensed = set(districts.loc[districts["licensed"], "district"])
    assert survey.loc[survey["wm_balance_minghu"] > 0, "district"].isin(licensed).all()
