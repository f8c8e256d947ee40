"""Unit tests of the profit-against-rate tool (finmkt.widgets.rate_elasticity)."""

from __future__ import annotations

import numpy as np
import pytest

from finmkt.widgets.rate_elasticity import (
    READOUT_CLASS,
    best_rate,
    elasticity_widget,
    profit_chart,
    profit_curve,
    rate_grid,
)


def test_curve_is_constant_elasticity_with_the_deposit_margin():
    c = profit_curve([0.01, 0.015, 0.02], 0.05, 0.015, 3.0, 0.022, 10_000)
    assert list(c.columns) == ["rate", "share", "margin", "profit"]
    assert c["share"].iloc[1] == pytest.approx(0.05)
    assert c["share"].iloc[2] / c["share"].iloc[0] == pytest.approx(2.0 ** 3.0)
    assert np.allclose(c["margin"], 0.022 - c["rate"])
    assert np.allclose(c["profit"], c["share"] * c["margin"] * 10_000)


def test_best_rate_on_the_grid_is_the_lerner_rate():
    """The numerical argmax agrees with r* = R·h/(1+h) within the grid step, whatever the level."""
    for h, R in [(1.5, 0.02), (3.0, 0.025), (6.0, 0.018)]:
        for share_ref in (0.01, 0.2):
            got = best_rate(share_ref, 0.015, h, R, 5_000)["rate"]
            assert got == pytest.approx(R * h / (1 + h), abs=1e-5)


def test_share_is_capped_and_inputs_checked():
    assert profit_curve([0.05], 0.5, 0.01, 4.0, 0.06, 1.0)["share"].iloc[0] == 1.0
    with pytest.raises(ValueError):
        profit_curve([0.0, 0.01], 0.05, 0.015, 2.0, 0.02, 1.0)
    with pytest.raises(ValueError):
        profit_curve([0.01], 0.05, 0.015, 2.0, 0.02, 0.0)
    g = rate_grid(0.02, 50)
    assert g[0] > 0 and g[-1] == pytest.approx(0.02) and len(g) == 50


def test_widget_updates_readout_and_curve():
    box = elasticity_widget(0.06, 0.0145, 30_000, h=2.0, earning_rate=0.02, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    box.sliders["h"].value = 5.0
    assert box.readout.value != before
    assert f"{0.02 * 5 / 6:.2%}" in box.readout.value
    box.sliders["R"].value = 0.03
    assert float(box.curve()["rate"].max()) == pytest.approx(0.03)


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
