"""The course conventions of COURSE.md, one check value each, on the methods floor (finmkt.methods).

Each test is a number COURSE.md states; the methods are the one place the package computes it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from finmkt.methods import campaign_fraud, contact_consent, suitability
from finmkt.methods.funnel_ab import fleiss_n, value_per_conversion
from finmkt.methods.lifecycle import peak_time
from finmkt.methods.loan_pricing import apr_irr, break_even, instalment_apr, raroc
from finmkt.methods.retention import five_point_gain, ltv_constant, ltv_from_survival


def test_fleiss_sample_size():
    """p1 0.10, p2 0.12, alpha 0.05, power 0.8 -> 3,841 per arm (not Cohen's h 3,835)."""
    assert fleiss_n(0.10, 0.12, 0.05, 0.80) == 3841
    assert fleiss_n(0.12, 0.10) == 3841
    with pytest.raises(ValueError):
        fleiss_n(0.1, 0.1)


def test_value_per_conversion_is_the_ltv_convention():
    """A card holder's value is the module's LTV: RMB 20 a month with nobody leaving, i = 0.8%, T = 24 gives
    20 x (1 - 1.008^-24) / 0.008 = 435.2 (the most a card earns); with r = 0.9792 and m = 17.71, 301.8."""
    assert value_per_conversion(20.0, 1.0, 0.008, 24) == pytest.approx(20 * (1 - 1.008**-24) / 0.008)
    assert value_per_conversion(20.0, 1.0, 0.008, 24) == pytest.approx(435.2, abs=0.1)
    assert value_per_conversion(17.71, 0.9792, 0.008, 24) == pytest.approx(float(ltv_constant(17.71, 0.9792, 0.008, 24)))
    assert value_per_conversion(17.71, 0.9792, 0.008, 24) == pytest.approx(301.8, abs=0.1)


def test_apr_and_instalment():
    """10,000 over 12 months at a 0.6% monthly fee on the original principal -> instalment 893.33,
    APR 13.03% (effective 13.84%), not 7.2%."""
    offer = instalment_apr(10_000, 12, 0.006)
    assert round(offer["instalment"], 2) == 893.33
    assert round(100 * offer["apr"], 2) == 13.03
    assert round(100 * offer["effective_rate"], 2) == 13.84
    assert apr_irr(10_000, 12, 0.006) == pytest.approx(offer["apr"], abs=1e-15)
    assert apr_irr(10_000, 12, 0.0) == pytest.approx(0.0, abs=1e-12)


def test_break_even_rate_and_raroc():
    """FTP 2%, PD 2%, LGD 45%, opex 1%, k 8%, h 12% -> break-even 4.7%, at which RAROC = 12%."""
    be = break_even(0.02, 0.02, 0.45, 0.01, 0.08, 0.12)
    assert be == pytest.approx(0.047, abs=1e-12)
    assert raroc(be, 0.02, 0.02, 0.45, 0.01, 0.08) == pytest.approx(0.12, abs=1e-12)


def test_ltv_closed_form_is_the_survival_sum_with_constant_retention():
    """LTV = sum_t m S(t) / (1 + i)^t; with S(t) = r^t and T = infinity it is m r / (1 + i - r)."""
    m, r, i = 60.0, 0.97, 0.008
    assert ltv_constant(m, r, i) == pytest.approx(m * r / (1 + i - r))
    assert ltv_from_survival([r**t for t in range(1, 5001)], m, i) == pytest.approx(ltv_constant(m, r, i), rel=1e-9)
    assert ltv_from_survival([1.0], 100.0, 0.01) == pytest.approx(100 / 1.01)
    gain = five_point_gain(0.80, 100.0, 0.008, horizon=None)
    assert gain["ltv"] == pytest.approx(ltv_constant(100.0, 0.80 ** (1 / 12), 0.008))
    assert gain["ltv_plus"] == pytest.approx(ltv_constant(100.0, 0.85 ** (1 / 12), 0.008))
    # over the world's horizon T the series, not the closed form; R + 5 points capped at 100%
    r = 0.80 ** (1 / 12)
    assert ltv_constant(m, r, i, 24) == pytest.approx(sum(m * r**t / (1 + i) ** t for t in range(1, 25)))
    top = five_point_gain(0.97, 100.0, 0.008, horizon=24)
    assert top["capped"] and top["ltv_plus"] == pytest.approx(sum(100 / 1.008**t for t in range(1, 25)))
    with pytest.raises(ValueError):
        five_point_gain(0.97, 100.0, 0.008, horizon=None)


def test_bass_peak_time():
    """t* = ln(q/p)/(p+q): Sultan, Farley and Lehmann's annual p = 0.03, q = 0.38 peak after about 6.2 years."""
    assert peak_time(0.03, 0.38) == pytest.approx(math.log(0.38 / 0.03) / 0.41)
    assert 6.1 < peak_time(0.03, 0.38) < 6.3
    assert peak_time(0.01, 0.01) == 0.0


def test_the_worlds_rules_are_the_course_conventions():
    """The bank's published parameters (the data families' PARAMS tables) equal the methods' conventions."""
    from finmkt.data import contacts, referrals
    from finmkt.data import suitability as suit_family

    assert (suit_family.VALIDITY_DAYS, suit_family.ELDERLY_AGE, suit_family.HIGH_RISK_MIN) == (
        suitability.VALIDITY_DAYS, suitability.ELDERLY_AGE, suitability.HIGH_RISK_MIN)
    assert referrals.MAX_SHARE == campaign_fraud.MAX_SHARE
    p = {r[0]: r[1] for r in contacts.PARAMS}
    assert (p["call_window_start"], p["call_window_end"]) == contact_consent.CALL_WINDOW
    assert int(p["do_not_call_months"]) == contact_consent.DNC_MONTHS


# --- module 05: satisfaction drivers and complaint handling ------------------------------------

def test_nps_and_its_interval():
    """NPS: promoters 9-10, detractors 0-6, in points; [10, 10, 9, 7, 3]: 3 promoters, 1 detractor of 5
    -> 40, SE = 100 x sqrt((0.6 + 0.2 - 0.4^2) / 5) = 35.78 points."""
    from finmkt.methods.satisfaction_drivers import nps, nps_interval

    assert nps([10, 9, 8, 7, 6, 0]) == pytest.approx(0.0)
    assert nps([10, 10, 9, 7, 3]) == pytest.approx(40.0)
    ci = nps_interval([10, 10, 9, 7, 3])
    assert ci["se"] == pytest.approx(100 * math.sqrt((0.8 - 0.16) / 5))
    assert ci["low"] == pytest.approx(40 - 1.959964 * ci["se"], abs=1e-4) and ci["n"] == 5
    assert nps([10, None, 3]) == pytest.approx(0.0), "a missing answer is left out"
    # weights: the detractor counts three times -> P = 1/4, D = 3/4
    w = nps_interval([10, 3], weights=[1, 3])
    assert w["nps"] == pytest.approx(-50.0) and w["n_eff"] == pytest.approx(16 / 10)


def test_response_weights_invited_over_respondents_by_cell():
    from finmkt.methods.satisfaction_drivers import response_weights

    inv = pd.DataFrame({"cell": ["a", "a", "a", "a", "b", "b"], "responded": [1, 0, 0, 0, 1, 1]})
    assert response_weights(inv, ["cell"]).tolist() == [4.0, 0.0, 0.0, 0.0, 1.0, 1.0]


def test_shapley_r2_splits_the_r2_and_equals_r2_for_uncorrelated_drivers():
    """LMG sums to the full R^2; with uncorrelated drivers each share is the driver's own R^2; with
    two drivers it is (R^2(j) + R^2(both) - R^2(other)) / 2."""
    from finmkt.methods.satisfaction_drivers import r2_from_cov, shapley_r2_from_cov

    beta = np.array([0.5, 0.3])
    cx = np.array([[1.0, 0.0], [0.0, 1.0]])
    cov = np.block([[cx, (cx @ beta)[:, None]], [(cx @ beta)[None, :], np.array([[beta @ cx @ beta + 1.0]])]])
    lmg = shapley_r2_from_cov(cov)
    assert lmg == pytest.approx([0.25 / 1.34, 0.09 / 1.34])
    cx = np.array([[1.0, 0.6], [0.6, 1.0]])
    cov = np.block([[cx, (cx @ beta)[:, None]], [(cx @ beta)[None, :], np.array([[beta @ cx @ beta + 1.0]])]])
    lmg = shapley_r2_from_cov(cov)
    full = r2_from_cov(cov, (0, 1))
    assert lmg.sum() == pytest.approx(full)
    assert lmg[0] == pytest.approx((r2_from_cov(cov, (0,)) + full - r2_from_cov(cov, (1,))) / 2)


def test_key_driver_methods_on_a_sample():
    """OLS recovers the weights; LMG and Johnson's relative weights agree closely and sum to 1."""
    from finmkt.methods.satisfaction_drivers import (
        ols_coefficients,
        relative_weights,
        shapley_importance,
    )

    rng = np.random.default_rng(1)
    g = rng.standard_normal(20_000)
    df = pd.DataFrame({"a": g + rng.standard_normal(20_000), "b": g + rng.standard_normal(20_000),
                       "c": rng.standard_normal(20_000)})
    df["y"] = 0.5 * df["a"] + 0.1 * df["b"] + 0.3 * df["c"] + rng.standard_normal(20_000)
    assert ols_coefficients(df, "y", ["a", "b", "c"]).to_numpy() == pytest.approx([0.5, 0.1, 0.3], abs=0.03)
    lmg = shapley_importance(df, "y", ["a", "b", "c"])["share"]
    rw = relative_weights(df, "y", ["a", "b", "c"])
    assert lmg.sum() == pytest.approx(1.0) and rw.sum() == pytest.approx(1.0)
    assert (lmg.reindex(rw.index) - rw).abs().max() < 0.03
    assert lmg["b"] > 0.1, "b's small coefficient carries a share through its correlation with a"


def test_themes_need_the_lexicon_in_the_tokenizer():
    """A theme is a token of the comment that is a keyword: 手机银行 stays one word only once the
    lexicon is in jieba's dictionary; several themes per comment."""
    from finmkt.methods.satisfaction_drivers import theme_counts, theme_flags, tokenize

    lex = pd.DataFrame({"theme": ["app", "app", "branch", "fees"], "keyword": ["手机银行", "闪退", "排队", "年费"]})
    f = theme_flags(pd.Series(["手机银行老是闪退，网点排队太久了。", "免年费，挺好。", "没什么意见。"]), lex)
    assert f.to_dict("list") == {"app": [1, 0, 0], "branch": [1, 0, 0], "fees": [0, 1, 0]}
    assert "手机银行" in tokenize(["手机银行老是闪退"], ["手机银行"])[0]
    c = theme_counts(pd.Series(["手机银行老是闪退。", "", "网点排队。"]), lex)
    assert c.loc["app", "comments"] == 1 and c.loc["app", "share"] == pytest.approx(0.5)


def test_pareto_and_vital_few():
    from finmkt.methods.complaint_handling import pareto, vital_few

    q = pd.DataFrame({"root_cause": list("aaaaabbbcd")})
    p = pareto(q, "root_cause")
    assert p["complaints"].tolist() == [5, 3, 1, 1] and p["cumulative"].tolist() == pytest.approx([0.5, 0.8, 0.9, 1.0])
    assert vital_few(p, 0.8) == ["a", "b"] and vital_few(p, 0.85) == ["a", "b", "c"]


def test_kaplan_meier_with_censoring():
    """Days [1, 2, 2, 3, 5], resolved [1, 1, 0, 1, 0]: S(1) = 4/5, S(2) = 0.8 x 3/4 = 0.6 (the case
    censored at 2 is still at risk on day 2), S(3) = 0.6 x 1/2 = 0.3; median 3; 40% within 2 days."""
    from finmkt.methods.complaint_handling import kaplan_meier, km_at, km_median, share_within

    km = kaplan_meier([1, 2, 2, 3, 5], [1, 1, 0, 1, 0])
    assert km["open_share"].tolist() == pytest.approx([0.8, 0.6, 0.3])
    assert km_median(km) == 3 and share_within(km, 2) == pytest.approx(0.4) and km_at(km, 0.5) == 1.0
    assert km_median(kaplan_meier([1, 2, 3], [1, 0, 0])) is None


def test_deadline_counts_calendar_days_from_receipt():
    """15 days from receipt: resolved on day 15 is in time, day 16 late; an extension to 30 days with
    notice moves the deadline; an open complaint past its deadline at the cut-off is a breach, one
    within it is pending."""
    from finmkt.methods.complaint_handling import deadline_status

    q = pd.DataFrame({"received_at": pd.to_datetime(["2025-01-01 20:00", "2025-01-01 09:00", "2025-01-01 09:00",
                                                      "2025-01-10 09:00", "2025-01-01 09:00"]),
                      "resolved_at": pd.to_datetime(["2025-01-16 08:00", "2025-01-17 10:00", "2025-01-17 10:00",
                                                     None, None]),
                      "extended_to_days": [15, 15, 30, 15, 15]})
    s = deadline_status(q, "2025-01-20")
    assert s["days"].tolist() == [15, 16, 16, 10, 19]
    assert s["in_time"].tolist() == [True, False, True, False, False]
    assert s["breached"].tolist() == [False, True, False, False, True]
    assert s["pending"].tolist() == [False, False, False, True, False]


def test_repeat_complainants_and_repeat_rates():
    from finmkt.methods.complaint_handling import repeat_complainants, repeat_rates

    q = pd.DataFrame({"customer_id": ["x", "x", "y", "z"], "category": ["fees", "fees", "fees", "fees"],
                      "received_at": pd.to_datetime(["2025-01-01", "2025-02-20", "2025-01-01", "2025-01-01"]),
                      "resolved_at": pd.to_datetime(["2025-01-05", "2025-02-21", "2025-01-03", "2025-01-03"]),
                      "outcome": ["not_upheld", "upheld", "upheld", "upheld"], "extended_to_days": [15] * 4})
    r = repeat_complainants(q)
    assert r == {"complainants": 3, "repeat_complainants": 1, "complaints_from_repeaters": 2, "share_of_complaints": 0.5}
    rr = repeat_rates(q, "2025-12-31", window_days=60)
    assert rr["bad"] == 1.0 and rr["n_bad"] == 1 and rr["good"] == 0.0 and rr["n_good"] == 3
# --- module 05: customer value (BG/NBD, Gamma-Gamma) and uplift -----------------------------

def test_rfm_summary_follows_the_lifetimes_convention():
    """Days are occasions (amounts summed); frequency = repeat days, recency and T in days,
    monetary value = mean of the repeat days (the first day left out)."""
    import pandas as pd

    from finmkt.methods.customer_value import rfm_summary

    tx = pd.DataFrame({"customer_id": ["A", "A", "A", "A", "B", "C"],
                       "txn_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-11", "2025-02-01",
                                                   "2025-03-01", "2025-04-05"]),
                       "amount": [100.0, 50.0, 30.0, 10.0, 7.0, 9.0]})
    s = rfm_summary(tx, "2025-03-31", "2025-04-30")
    assert list(s.index) == ["A", "B"]
    assert s.loc["A", ["frequency", "recency", "T", "monetary_value"]].tolist() == [2.0, 31.0, 89.0, 20.0]
    assert s.loc["B", ["frequency", "recency", "T", "monetary_value"]].tolist() == [0.0, 0.0, 30.0, 0.0]
    assert s["frequency_holdout"].tolist() == [0.0, 0.0] and s["duration_holdout"].iloc[0] == 30.0


def test_bgnbd_formulas():
    """The likelihood is the sum of its two terms; a customer with no repeat purchase is alive for
    sure; the expected purchases of a new customer match the conditional formula at x = 0, T = 0;
    a customer whose long silence follows many purchases is probably gone."""
    import numpy as np
    from scipy import special

    from finmkt.methods.customer_value import (
        bgnbd_loglik,
        expected_purchases,
        expected_purchases_new,
        prob_alive,
        survival_path,
    )

    r, alpha, a, b = 0.24, 4.41, 0.79, 2.43  # the CDNOW estimates of Fader, Hardie and Lee (2005), weeks
    x, tx, T = 2.0, 30.43, 38.86
    direct = (special.beta(a, b + x) / special.beta(a, b) * special.gamma(r + x) * alpha**r
              / (special.gamma(r) * (alpha + T) ** (r + x))
              + special.beta(a + 1, b + x - 1) / special.beta(a, b) * special.gamma(r + x) * alpha**r
              / (special.gamma(r) * (alpha + tx) ** (r + x)))
    assert bgnbd_loglik((r, alpha, a, b), [x], [tx], [T])[0] == pytest.approx(np.log(direct), rel=1e-12)
    assert prob_alive((r, alpha, a, b), [0.0], [0.0], [38.86])[0] == 1.0
    assert expected_purchases((r, alpha, a, b), 39.0, [0.0], [0.0], [0.0])[0] == pytest.approx(
        expected_purchases_new((r, alpha, a, b), 39.0))
    # Fader et al. (2005), p. 279: the customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks
    assert expected_purchases((r, alpha, a, b), 39.0, [x], [tx], [T])[0] == pytest.approx(1.226, abs=0.002)
    assert prob_alive((r, alpha, a, b), [20.0], [5.0], [38.86])[0] < 0.01
    s = survival_path((r, alpha, a, b), [0.0, x], [0.0, tx], [10.0, T], 12, month_days=4.35)
    assert (np.diff(s, axis=1) < 0).all() and (s[:, 0] <= 1).all()


def test_gamma_gamma_formulas():
    """E[spend | x, m] = p (v + x m) / (p x + q − 1): a weighted mean of the population mean
    p v / (q − 1) and the customer's own mean, the weight of the own mean growing with x."""
    from finmkt.methods.customer_value import expected_spend

    p, q, v = 6.25, 3.74, 15.44  # CDNOW estimates (Fader, Hardie and Lee 2005, "RFM and CLV")
    pop = p * v / (q - 1)
    assert expected_spend((p, q, v), [0.0], [0.0])[0] == pytest.approx(pop)
    one, many = expected_spend((p, q, v), [1.0, 50.0], [100.0, 100.0])
    assert pop < one < many < 100.0


def test_aum_tier_bounds_belong_to_the_tier_above():
    from finmkt.methods.customer_value import aum_tier

    assert list(aum_tier([499_999, 500_000, 5_999_999, 6_000_000])) == ["mass", "affluent", "affluent",
                                                                        "high_net_worth"]


def test_qini_curve_and_area():
    """Q(k) = Y_T(k) − Y_C(k) N_T(k) / N_C(k) at each distinct score (ties together); the area is
    measured against the random line."""
    import numpy as np

    from finmkt.methods.uplift import qini_area, qini_curve

    y = [1, 0, 1, 0, 0, 1]
    t = [1, 1, 0, 0, 1, 0]
    score = [0.9, 0.8, 0.8, 0.5, 0.3, 0.1]
    k, q = qini_curve(y, t, score)
    assert k.tolist() == [0, 1, 3, 4, 5, 6]
    # first 1: 1 treated buyer, no control -> 1; first 3: Y_T 1, N_T 2, Y_C 1, N_C 1 -> 1 - 2 = -1;
    # first 4: N_C 2 -> 0; first 5: N_T 3 -> 1 - 1.5; all 6: Y_C 2, N_C 3 -> 1 - 2
    assert q.tolist() == pytest.approx([0.0, 1.0, -1.0, 0.0, -0.5, -1.0])
    x = k / 6
    assert qini_area(y, t, score) == pytest.approx(float(np.trapezoid(q / 6 - x * q[-1] / 6, x)))


def test_uplift_estimators_on_a_planted_effect():
    """With uplift 0.2 for x > 0 and 0 otherwise (50/50 split), both models rank the x > 0 half first."""
    import numpy as np

    from finmkt.methods.uplift import class_transformation_uplift, expected_profit, two_model_uplift

    rng = np.random.default_rng(3)
    n = 20_000
    X = rng.normal(size=(n, 2))
    t = rng.integers(0, 2, n)
    y = (rng.random(n) < 0.1 + 0.2 * t * (X[:, 0] > 0)).astype(int)
    for f in (two_model_uplift, class_transformation_uplift):
        u = f(X, y, t)
        assert u[X[:, 0] > 1].mean() > 0.15 and abs(u[X[:, 0] < -1].mean()) < 0.05
    assert expected_profit(0.1, 0.3, 100.0, 20.0, 0.1) == pytest.approx(10 - 6 - 0.1)


def test_eligibility_rule():
    import pandas as pd

    from finmkt.methods.uplift import eligible

    cust = pd.DataFrame({"customer_id": list("ABCDEF"), "dormant": [0, 0, 0, 0, 1, 0],
                         "has_fund": [0, 0, 1, 0, 0, 0], "risk_tolerance": ["C2", "C1", "C3", "C2", "C2", "C2"],
                         "risk_assessed_on": pd.to_datetime(["2025-06-01"] * 5 + ["2025-01-01"])})
    cons = pd.DataFrame({"customer_id": list("ABCDEF") * 2, "channel": ["sms"] * 6 + ["all"] * 6,
                         "purpose": ["marketing"] * 6 + ["personalised"] * 6,
                         "granted_on": pd.to_datetime(["2024-01-01"] * 12),
                         "withdrawn_on": pd.to_datetime([None, None, None, "2025-12-01", None, None] + [None] * 6)})
    ok = eligible(cust, cons, "2026-01-06", "2026-02-04", 2, "has_fund")
    # B below R2, C holds a fund, D withdrew consent, E dormant, F's assessment expires in the window
    assert ok.to_dict() == {"A": True, "B": False, "C": False, "D": False, "E": False, "F": False}
