"""Unit tests of the funnel-plot tool (finmkt.widgets.suitability)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from finmkt.methods.suitability import funnel_limits
from finmkt.widgets.suitability import (
    READOUT_CLASS,
    funnel_chart,
    funnel_points,
    suitability_funnel_widget,
)


def _table():
    return pd.DataFrame({"sales": [5, 40, 40, 120, 200, 3], "unsuitable": [1, 3, 15, 9, 14, 1]},
                        index=["a", "b", "c", "d", "e", "f"])


def test_limits_are_exact_binomial_around_the_overall_rate():
    t = _table()
    s = funnel_points(t["sales"], t["unsuitable"], 0.998, funnel_limits=funnel_limits)
    p = t["unsuitable"].sum() / t["sales"].sum()
    assert s["p"] == pytest.approx(p)
    assert s["table"]["upper"].to_numpy() == pytest.approx(stats.binom.ppf(0.999, t["sales"], p) / t["sales"])
    assert s["table"]["lower"].to_numpy() == pytest.approx(stats.binom.ppf(0.001, t["sales"], p) / t["sales"])
    # same n, same limits, whatever the rate
    assert s["table"].loc["b", "upper"] == s["table"].loc["c", "upper"]
    assert s["above"] == ["c"]
    assert s["table"].loc["c", "excess"] == pytest.approx(15 - 40 * p)
    assert (np.diff(s["grid_upper"][5:]) <= 1e-12 + 0.2).all() and len(s["grid"]) == 200


def test_lower_level_flags_more_and_small_books_are_not_flagged():
    t = _table()
    strict = funnel_points(t["sales"], t["unsuitable"], 0.998, funnel_limits=funnel_limits)["above"]
    loose = funnel_points(t["sales"], t["unsuitable"], 0.90, funnel_limits=funnel_limits)["above"]
    assert set(strict) <= set(loose)
    assert "a" not in strict and "f" not in strict  # 1 of 5 and 1 of 3: within chance


def test_invalid_inputs_are_refused():
    with pytest.raises(ValueError):
        funnel_points([10], [11], 0.95, funnel_limits=funnel_limits)
    with pytest.raises(ValueError):
        funnel_points([10], [1], 1.0, funnel_limits=funnel_limits)


def test_widget_updates_readout():
    box = suitability_funnel_widget(_table(), 0.998, funnel_limits=funnel_limits, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    assert "c: 15 of 40" in before
    box.sliders["level"].value = 0.90
    assert box.readout.value != before
    assert len(box.summary()["above"]) >= 1


def test_chart_marks_the_managers_above_and_keeps_the_legend_outside():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = _table()
    fig, ax = funnel_chart(funnel_points(t["sales"], t["unsuitable"], 0.998, funnel_limits=funnel_limits))
    try:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        texts = [a.get_text() for a in ax.texts]
        assert texts == ["c"]
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert ax.get_legend().get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    finally:
        plt.close(fig)
