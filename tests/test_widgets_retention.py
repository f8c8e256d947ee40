"""Unit tests of the retention value calculator (finmkt.widgets.retention)."""

from __future__ import annotations

import numpy as np
import pytest

from finmkt.methods.retention import five_point_gain
from finmkt.widgets.retention import (
    READOUT_CLASS,
    retention_chart,
    retention_value,
    retention_widget,
)


def test_ltv_is_the_course_formula():
    """COURSE.md: LTV = m r / (1 + i - r) with r the monthly retention; over a finite horizon the sum."""
    s = retention_value(100.0, 0.8, 0.008, horizon=24, retention_gain=five_point_gain)
    r = 0.8 ** (1 / 12)
    assert s["r"] == pytest.approx(r)
    assert s["ltv"] == pytest.approx(100 * r / (1.008 - r))
    t = np.arange(1, 25)
    assert s["ltv_horizon"] == pytest.approx(float((100 * r**t / 1.008**t).sum()))
    assert s["ltv_horizon"] < s["ltv"]
    # a long horizon converges to the formula
    assert retention_value(100.0, 0.8, 0.008, horizon=5000, retention_gain=five_point_gain)["ltv_horizon"] == pytest.approx(s["ltv"], rel=1e-9)


def test_five_points_are_annual():
    """+5 points of ANNUAL retention: 80% -> 85%, converted back to a monthly rate."""
    s = retention_value(100.0, 0.80, 0.008, retention_gain=five_point_gain)
    assert s["r_plus"] == pytest.approx(0.85 ** (1 / 12))
    assert s["ltv_plus"] == pytest.approx(retention_value(100.0, 0.85, 0.008, retention_gain=five_point_gain)["ltv"])
    assert s["gain_pct"] == pytest.approx(s["ltv_plus"] / s["ltv"] - 1)
    assert retention_value(100.0, 0.80, 0.008, points=0.0, retention_gain=five_point_gain)["gain"] == pytest.approx(0.0)
    # worth more where customers already stay
    assert retention_value(100.0, 0.90, 0.008, retention_gain=five_point_gain)["gain_pct"] > retention_value(100.0, 0.50, 0.008, retention_gain=five_point_gain)["gain_pct"]


def test_offer_rule():
    """Value saved = save rate x (1 - R) x m x discounted months; offer when it exceeds the cost."""
    s = retention_value(200.0, 0.6, 0.008, save_rate=0.25, offer_cost=60.0, retention_gain=five_point_gain)
    assert s["value_saved"] == pytest.approx(0.25 * 0.4 * 200 * s["discounted_months"])
    assert s["worth_offer"] == float(s["value_saved"] > 60.0) == 1.0
    assert retention_value(2.0, 0.6, 0.008, offer_cost=60.0, retention_gain=five_point_gain)["worth_offer"] == 0.0


def test_invalid_inputs_are_refused():
    with pytest.raises(ValueError):
        retention_value(100.0, 1.0, 0.008, retention_gain=five_point_gain)
    with pytest.raises(ValueError):
        retention_value(100.0, 0.8, 0.0, retention_gain=five_point_gain)


def test_widget_updates_readout():
    box = retention_widget(five_point_gain, 60.0, 0.75, 0.008, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    box.sliders["retention"].value = 0.9
    assert box.readout.value != before
    s = box.summary()
    assert f"¥{s['ltv']:,.0f}" in box.readout.value
    assert s["ltv"] == pytest.approx(retention_value(60.0, 0.9, 0.008, retention_gain=five_point_gain)["ltv"])


def test_chart_draws_two_curves_and_keeps_the_legend_outside():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = retention_value(60.0, 0.75, 0.008, retention_gain=five_point_gain)
    fig, ax = retention_chart(s, 24, 0.05)
    try:
        lines = ax.get_lines()
        assert len(lines) == 2
        assert lines[0].get_ydata()[12] == pytest.approx(75.0)
        assert lines[1].get_ydata()[12] == pytest.approx(80.0)
        legend = ax.get_legend()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    finally:
        plt.close(fig)
