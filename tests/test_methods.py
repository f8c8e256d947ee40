"""The course conventions of COURSE.md, one check value each, on the methods floor (finmkt.methods).

Each test is a number COURSE.md states; the methods are the one place the package computes it.
"""

from __future__ import annotations

import math

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
