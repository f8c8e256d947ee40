"""Unit tests of the profit-against-rate tool (finmkt.widgets.rate_elasticity), run with the
lesson's reference functions (finmkt.methods.rate_elasticity) in place of the trainee's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finmkt.methods import rate_elasticity as ref
from finmkt.widgets.rate_elasticity import READOUT_CLASS, profit_chart, rate_grid
from finmkt.widgets.rate_elasticity import best_rate as _best_rate
from finmkt.widgets.rate_elasticity import elasticity_widget as _elasticity_widget
from finmkt.widgets.rate_elasticity import profit_curve as _profit_curve

FNS = {"optimal_rate": ref.optimal_rate, "repricing_gain": ref.repricing_gain}


def profit_curve(*args):
    return _profit_curve(*args, repricing_gain=ref.repricing_gain)


def test_reference_curve_is_constant_elasticity_with_the_deposit_margin():
    c = ref.profit_curve([0.01, 0.015, 0.02], 0.05, 0.015, 3.0, 0.022, 10_000)
    assert list(c.columns) == ["rate", "share", "margin", "profit"]
    assert c["share"].iloc[1] == pytest.approx(0.05)
    assert c["share"].iloc[2] / c["share"].iloc[0] == pytest.approx(2.0 ** 3.0)
    assert np.allclose(c["margin"], 0.022 - c["rate"])
    assert np.allclose(c["profit"], c["share"] * c["margin"] * 10_000)


def test_reference_grid_maximum_is_the_lerner_rate():
    """The numerical argmax agrees with r* = R·h/(1+h) within the grid step, whatever the level."""
    for h, R in [(1.5, 0.02), (3.0, 0.025), (6.0, 0.018)]:
        for share_ref in (0.01, 0.2):
            got = ref.best_rate(share_ref, 0.015, h, R, 5_000)["rate"]
            assert got == pytest.approx(ref.optimal_rate(R, h), abs=1e-5)


def test_widget_curve_through_repricing_gain_is_the_reference_curve():
    """Asked about one made-up segment per rate, repricing_gain traces the profit curve."""
    grid = rate_grid(0.022, 50)
    got = profit_curve(grid, 0.05, 0.015, 3.0, 0.022, 10_000)
    exp = ref.profit_curve(grid, 0.05, 0.015, 3.0, 0.022, 10_000)
    assert list(got.columns) == ["rate", "share", "profit"]
    assert np.allclose(got["share"], exp["share"], rtol=1e-12) and np.allclose(got["profit"], exp["profit"], rtol=1e-12)


def test_share_is_capped_and_inputs_checked():
    c = profit_curve([0.05], 0.5, 0.01, 4.0, 0.06, 1.0)
    assert c["share"].iloc[0] == 1.0 and c["profit"].iloc[0] == pytest.approx(0.06 - 0.05)
    assert c["profit"].iloc[0] == pytest.approx(ref.profit_curve([0.05], 0.5, 0.01, 4.0, 0.06, 1.0)["profit"].iloc[0])
    with pytest.raises(ValueError):
        profit_curve([0.0, 0.01], 0.05, 0.015, 2.0, 0.02, 1.0)
    with pytest.raises(ValueError):
        profit_curve([0.01], 0.05, 0.015, 2.0, 0.02, 0.0)
    g = rate_grid(0.02, 50)
    assert g[0] > 0 and g[-1] == pytest.approx(0.02) and len(g) == 50


def test_best_rate_is_the_given_rule_and_its_profit():
    best = _best_rate(0.05, 0.015, 3.0, 0.02, 10_000, **FNS)
    assert best["rate"] == pytest.approx(0.015)
    assert best["profit"] == pytest.approx(ref.profit_curve([0.015], 0.05, 0.015, 3.0, 0.02, 10_000)["profit"][0])
    assert best["today"] == pytest.approx(0.05 * 0.005 * 10_000)
    # the tool computes no rate itself: the loan form c·e/(1+e) fed a deposit's h gives what it gives
    wrong = _best_rate(0.05, 0.015, 3.0, 0.02, 10_000, optimal_rate=lambda R, h: R * (1 + h) / h,
                       repricing_gain=ref.repricing_gain)
    assert wrong["rate"] == pytest.approx(0.02 * 4 / 3)
    negative = _best_rate(0.05, 0.015, 3.0, 0.02, 10_000, optimal_rate=lambda R, h: -1.0,
                          repricing_gain=ref.repricing_gain)
    assert np.isnan(negative["profit"]) and negative["today"] == pytest.approx(best["today"])


def test_widget_updates_readout_and_curve():
    box = _elasticity_widget(0.06, 0.0145, 30_000, h=2.0, earning_rate=0.02, chart=False, **FNS)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    box.sliders["h"].value = 5.0
    assert box.readout.value != before
    assert f"{0.02 * 5 / 6:.2%}" in box.readout.value
    box.sliders["R"].value = 0.03
    assert float(box.curve()["rate"].max()) == pytest.approx(0.03)


def test_widget_draws_its_chart():
    import matplotlib

    matplotlib.use("Agg")
    box = _elasticity_widget(0.06, 0.0145, 30_000, h=2.0, earning_rate=0.02, **FNS)
    box.sliders["h"].value = 4.0  # redraw without errors
    assert box.chart is box.children[-1]


def test_chart_legend_sits_outside_the_curves():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grid = rate_grid(0.02)
    base = profit_curve(grid, 0.06, 0.0145, 2.0, 0.02, 30_000)
    cur = profit_curve(grid, 0.06, 0.0145, 4.0, 0.02, 30_000)
    fig, ax = profit_chart(base, cur, 0.016, 0.0145)
    try:
        legend = ax.get_legend()
        assert [t.get_text() for t in legend.get_texts()] == ["start", "current", "best rate", "today's rate"]
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    finally:
        plt.close(fig)


def test_repricing_gain_reference_on_a_toy_segment():
    toy = pd.DataFrame({"segment": "x", "rate": [0.0145, 0.0160, 0.0175]})
    toy["share"] = 0.05 * (toy["rate"] / 0.0145) ** 2
    g = ref.repricing_gain(toy, pd.Series({"x": 2.0}), 0.02, pd.Series({"x": 10_000.0}), 0.0145,
                           pd.Series({"x": 0.016}))
    assert g.loc["x", "share_today"] == pytest.approx(0.05)
    assert g.loc["x", "profit_today"] == pytest.approx(0.05 * 0.0055 * 10_000)
    assert g.loc["x", "gain"] == pytest.approx(g.loc["x", "profit_new"] - g.loc["x", "profit_today"])
