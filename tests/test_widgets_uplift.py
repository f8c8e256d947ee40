"""Unit tests of the roll-out tool (finmkt.widgets.uplift)."""

from __future__ import annotations

import numpy as np
import pytest

from finmkt.methods import uplift as up
from finmkt.widgets.uplift import READOUT_CLASS, rollout_chart, rollout_summary, rollout_widget


def _plan(uplift, p_sent, value, rebate, sms_cost):
    """The exercise's signature on the reference method (what a trainee's function returns)."""
    profit = up.expected_profit(uplift, p_sent, np.asarray(value, float), rebate, sms_cost)
    return {"profit": profit, "target": profit > 0, "n_target": int((profit > 0).sum()),
            "total": float(profit[profit > 0].sum())}


# a persuadable, a sure thing, a lost cause, a sleeping dog
UPLIFT = np.array([0.5, 0.0, 0.0, -0.2])
P_SENT = np.array([0.5, 1.0, 0.0, 0.0])
VALUE = np.array([100.0, 100.0, 100.0, 100.0])


def test_summary_comes_from_the_function_passed():
    s = rollout_summary(_plan, UPLIFT, P_SENT, VALUE, 20.0, 0.1, 0.5)
    # profits: 50 - 10 - 0.1 = 39.9; -20.1; -0.1; -20.1
    assert s["n_target"] == 1 and s["total"] == pytest.approx(39.9)
    assert s["k"] == 2 and s["n"] == 4
    assert s["by_profit"] == pytest.approx(39.9 - 0.1)  # the persuadable, then the lost cause
    assert s["by_response"] == pytest.approx(-20.1 + 39.9)  # the sure thing first
    assert s["everyone"] == pytest.approx(39.9 - 20.1 - 0.1 - 20.1)
    assert s["best_k"] == 1
    assert s["curve_profit"][0] == 0 and len(s["curve_profit"]) == 5
    free = rollout_summary(_plan, UPLIFT, P_SENT, VALUE, 0.0, 0.1, 0.5)
    assert free["total"] > s["total"] and free["by_response"] > s["by_response"]


def test_excluded_customers_never_count_as_profitable():
    # the persuadable belongs to an excluded segment: capped at uplift 0, it costs its reward and the SMS
    s = rollout_summary(_plan, UPLIFT, P_SENT, VALUE, 20.0, 0.1, 0.5, exclude=np.array([True, False, False, True]))
    assert s["n_target"] == 0 and s["total"] == 0
    assert s["everyone"] == pytest.approx(-10.1 - 20.1 - 0.1 - 20.1)  # the sleeping dog keeps its negative uplift
    free = rollout_summary(_plan, UPLIFT, P_SENT, VALUE, 0.0, 0.0, 1.0, exclude=np.array([True, False, False, False]))
    assert free["n_target"] == 0  # an uplift of 0 with no reward and a free SMS earns exactly 0: not sent
    with pytest.raises(ValueError):
        rollout_summary(_plan, UPLIFT, P_SENT, VALUE, 20.0, 0.1, 0.5, exclude=np.array([True, False]))


def test_invalid_inputs_are_refused():
    with pytest.raises(ValueError):
        rollout_summary(_plan, UPLIFT, P_SENT, VALUE, 20.0, 0.1, 1.5)
    with pytest.raises(ValueError):
        rollout_summary(_plan, UPLIFT, P_SENT, VALUE, -5.0, 0.1, 0.5)


def test_widget_updates_readout():
    box = rollout_widget(_plan, UPLIFT, P_SENT, VALUE, rebate=20.0, sms_cost=0.1, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    assert "Rebate RMB 20" in before and "top 50%" in before
    assert "two-model plan (in sample)" in before and "not the roll-out's budget" in before
    assert "the plan sends" not in before  # never reads as the roll-out's plan
    box.sliders["rebate"].value = 0
    assert box.readout.value != before and "Rebate RMB 0" in box.readout.value
    box.sliders["share"].value = 100
    assert box.summary()["k"] == 4 and "top 100%" in box.readout.value


def test_chart_draws_both_curves():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = rollout_chart(rollout_summary(_plan, UPLIFT, P_SENT, VALUE, 20.0, 0.1, 0.25))
    try:
        assert len(ax.lines) >= 2
        assert ax.lines[0].get_ydata()[1] == pytest.approx(39.9)
        assert "RMB 20" in ax.get_title()
    finally:
        plt.close(fig)


def test_widget_passes_the_excluded_customers_on():
    box = rollout_widget(_plan, UPLIFT, P_SENT, VALUE, rebate=20.0, sms_cost=0.1, chart=False,
                         exclude=np.array([True, False, False, False]))
    assert box.summary()["n_target"] == 0 and "sends 0 SMS" in box.readout.value
    box.sliders["rebate"].value = 0
    assert box.summary()["n_target"] == 0


def test_widget_chart_is_a_png_image_refreshed_with_the_sliders():
    import matplotlib

    matplotlib.use("Agg")
    box = rollout_widget(_plan, UPLIFT, P_SENT, VALUE, rebate=20.0, sms_cost=0.1)
    first = bytes(box.chart.value)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    box.sliders["share"].value = 25
    assert bytes(box.chart.value) != first
