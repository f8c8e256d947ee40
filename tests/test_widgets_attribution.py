"""Unit tests of the attribution explorer (finmkt.widgets.attribution)."""

from __future__ import annotations

import pandas as pd
import pytest

from finmkt.widgets.attribution import (
    READOUT_CLASS,
    attribution_widget,
    compare_credit,
    comparison_chart,
    misallocated_share,
)

REF = pd.Series({"app_push": 30.0, "sms": 10.0, "rm_call": 60.0})


def test_misallocated_share_is_half_the_absolute_gaps():
    assert misallocated_share(REF, REF) == 0.0
    # 20 conversions moved from rm_call to sms: 20% misallocated
    moved = pd.Series({"app_push": 30.0, "sms": 30.0, "rm_call": 40.0})
    assert misallocated_share(moved, REF) == pytest.approx(0.2)
    # a channel the model does not credit counts as 0
    assert misallocated_share(pd.Series({"rm_call": 100.0}), REF) == pytest.approx(0.4)
    with pytest.raises(ValueError):
        misallocated_share(REF, REF * 0)


def test_compare_credit_columns_and_shares():
    t = compare_credit(pd.Series({"sms": 50.0, "rm_call": 50.0}), REF)
    assert list(t.index) == list(REF.index)
    assert t.loc["app_push", "credit"] == 0.0 and t.loc["sms", "gap"] == 40.0
    assert t["credit_share"].sum() == pytest.approx(1.0) and t["reference_share"].sum() == pytest.approx(1.0)


def test_widget_switches_models_and_updates_readout():
    credits = {"last_touch": pd.Series({"app_push": 20.0, "sms": 50.0, "rm_call": 30.0}), "shapley": REF}
    box = attribution_widget(credits, REF, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    assert "Last touch" in box.readout.value and "40.0%" in box.readout.value
    box.picker.value = "shapley"
    assert "0.0%" in box.readout.value
    assert box.table()["gap"].abs().sum() == 0
    with pytest.raises(ValueError):
        attribution_widget({}, REF)


def test_chart_draws_both_series_and_keeps_the_legend_outside():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = comparison_chart(compare_credit(REF * 0.5, REF), "Linear", "Holdout tests")
    try:
        assert len(ax.patches) == 2 * len(REF)
        assert ax.get_xlabel() and ax.get_title()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert ax.get_legend().get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    finally:
        plt.close(fig)
