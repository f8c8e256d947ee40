"""Unit tests of the budget-reallocation tool (finmkt.widgets.channel_economics), run with the
lesson's reference marginal_cac (finmkt.methods.channel_economics) in place of the trainee's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finmkt.methods.channel_economics import marginal_cac
from finmkt.widgets.channel_economics import READOUT_CLASS, allocation_chart
from finmkt.widgets.channel_economics import allocation_summary as _allocation_summary
from finmkt.widgets.channel_economics import budget_widget as _budget_widget

A = {"x": 1.0, "y": 2.0}
B = {"x": 0.5, "y": 0.6}
LTV = {"x": 400.0, "y": 900.0}


def allocation_summary(spend, a, b, ltv):
    curves = pd.DataFrame({"a": pd.Series(a, dtype=float), "b": pd.Series(b, dtype=float)})
    return _allocation_summary(spend, curves, ltv, marginal_cac=marginal_cac)


def budget_widget(a, b, ltv, spend_now, **kw):
    return _budget_widget(pd.DataFrame({"a": a, "b": b}), ltv, spend_now, marginal_cac=marginal_cac, **kw)


def test_hand_computed_channel():
    """a = 1, b = 0.5, spend 100: 10 new, average CAC 10, marginal CAC 20, LTV/CAC 40."""
    table, totals = allocation_summary({"x": 100.0}, {"x": 1.0}, {"x": 0.5}, {"x": 400.0})
    row = table.loc["x"]
    assert row["new"] == pytest.approx(10) and row["cac"] == pytest.approx(10)
    assert row["marginal_cac"] == pytest.approx(20) and row["ltv_cac"] == pytest.approx(40)
    assert row["marginal_ltv_per_yuan"] == pytest.approx(20)
    assert totals == pytest.approx({"spend": 100, "new": 10, "cac": 10, "ltv_cac": 40, "value": 4000})


def test_marginal_cac_is_average_over_b_and_totals_add_up():
    spend = pd.Series({"x": 5e4, "y": 2e5})
    table, totals = allocation_summary(spend, pd.Series(A), pd.Series(B), pd.Series(LTV))
    assert np.allclose(table["marginal_cac"] * pd.Series(B), table["cac"])
    assert totals["new"] == pytest.approx(table["new"].sum())
    assert totals["cac"] == pytest.approx(spend.sum() / table["new"].sum())
    assert totals["ltv_cac"] == pytest.approx((table["ltv"] * table["new"]).sum() / spend.sum())


def test_moving_budget_towards_equal_marginal_value_raises_the_value():
    """From a split where y's marginal LTV per yuan is higher, moving a yuan block to y adds value."""
    table, base = allocation_summary({"x": 2e5, "y": 2e4}, A, B, LTV)
    assert table.loc["y", "marginal_ltv_per_yuan"] > table.loc["x", "marginal_ltv_per_yuan"]
    _, moved = allocation_summary({"x": 1.9e5, "y": 3e4}, A, B, LTV)
    assert moved["value"] > base["value"] and moved["spend"] == pytest.approx(base["spend"])


def test_zero_spend_and_bad_inputs():
    table, totals = allocation_summary({"x": 0.0, "y": 1e4}, A, B, LTV)
    assert table.loc["x", "new"] == 0 and np.isnan(table.loc["x", "cac"])
    assert totals["new"] == pytest.approx(2.0 * 1e4**0.6)
    with pytest.raises(ValueError):
        allocation_summary({"x": -1.0}, A, B, LTV)
    with pytest.raises(ValueError):
        allocation_summary({"x": 1.0}, A, {"x": 1.2}, LTV)
    with pytest.raises(ValueError):
        allocation_summary({"z": 1.0}, A, B, LTV)


def test_summary_uses_the_marginal_cac_it_is_given():
    """The tool computes no CAC itself: a marginal_cac that mistakes the average for the
    marginal CAC shows a marginal LTV per yuan equal to the LTV / CAC."""
    def average_as_marginal(curves, monthly_spend):
        out = marginal_cac(curves, monthly_spend)
        return out.assign(marginal_cac=out["average_cac"])

    curves = pd.DataFrame({"a": A, "b": B})
    table, _ = _allocation_summary({"x": 5e4, "y": 8e4}, curves, LTV, marginal_cac=average_as_marginal)
    assert np.allclose(table["marginal_ltv_per_yuan"], table["ltv_cac"])


def test_widget_updates_readout_and_resets():
    box = budget_widget(pd.Series(A), pd.Series(B), pd.Series(LTV), pd.Series({"x": 5e4, "y": 8e4}), chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    assert "on budget" in before
    box.sliders["y"].value = 150.0
    assert box.readout.value != before and "over the budget" in box.readout.value
    table, totals = box.summary()
    assert table.loc["y", "spend"] == pytest.approx(150_000)
    assert f"{totals['new']:,.0f}" in box.readout.value
    box.reset.click()
    assert box.sliders["y"].value == pytest.approx(80.0) and box.readout.value == before


def test_chart_has_both_panels_labelled():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table, _ = allocation_summary({"x": 5e4, "y": 8e4}, A, B, LTV)
    fig, (ax1, ax2) = allocation_chart(table, pd.Series({"x": 6e4, "y": 7e4}))
    try:
        assert ax1.get_title() and ax2.get_title() and ax1.get_xlabel() and ax2.get_xlabel()
        assert [round(p.get_width(), 6) for p in ax1.patches] == [50.0, 80.0]
        assert np.allclose([p.get_width() for p in ax2.patches], table["marginal_ltv_per_yuan"])
    finally:
        plt.close(fig)
