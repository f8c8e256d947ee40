"""Unit tests of the Bass diffusion explorer (finmkt.widgets.bass)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from finmkt.methods.lifecycle import peak_time
from finmkt.widgets.bass import READOUT_CLASS, bass_chart, bass_curve, bass_widget
from finmkt.widgets.bass import bass_peak as _bass_peak


def bass_peak(p, q, m=1.0):
    return _bass_peak(p, q, m, peak_month=peak_time)


def test_curve_adds_up_to_the_cumulative():
    c = bass_curve(0.01, 0.1, 10_000, 120)
    assert list(c.columns) == ["month", "new_adopters", "cumulative", "share"]
    assert np.allclose(c["new_adopters"].cumsum(), c["cumulative"])
    assert c["share"].is_monotonic_increasing and 0 < c["share"].iloc[-1] <= 1
    assert c["cumulative"].iloc[-1] == pytest.approx(10_000, rel=0.01), "120 months exhaust the potential"


def test_first_month_is_innovators_mostly():
    """With q = 0 adoption is pure innovation: month 1 adopters = m·(1 − e^(−p))."""
    c = bass_curve(0.02, 0.0, 1_000, 3)
    assert c["new_adopters"].iloc[0] == pytest.approx(1_000 * (1 - math.exp(-0.02)))


def test_peak_matches_the_curve_maximum():
    p, q, m = 0.004, 0.09, 50_000
    pk = bass_peak(p, q, m)
    assert pk["t_star"] == pytest.approx(math.log(q / p) / (p + q))
    fine = bass_curve(p, q, m, 200)
    # the discrete monthly maximum sits within a month of the continuous peak
    assert abs(int(fine["new_adopters"].idxmax()) + 1 - pk["t_star"]) <= 1.0
    assert fine["new_adopters"].max() == pytest.approx(pk["peak_rate"], rel=0.02)
    assert pk["share_at_peak"] == pytest.approx((q - p) / (2 * q))


def test_more_imitation_means_an_earlier_higher_peak():
    slow, fast = bass_peak(0.005, 0.05, 1_000), bass_peak(0.005, 0.15, 1_000)
    assert fast["t_star"] < slow["t_star"] and fast["peak_rate"] > slow["peak_rate"]


def test_no_imitation_peaks_at_launch():
    pk = bass_peak(0.03, 0.01, 100)
    assert pk["t_star"] == 0 and pk["peak_rate"] == pytest.approx(3.0)


def test_invalid_parameters_are_refused():
    with pytest.raises(ValueError):
        bass_curve(0.0, 0.1, 100, 10)
    with pytest.raises(ValueError):
        bass_curve(0.01, 0.1, 100, 0)


def test_widget_updates_readout_and_curve():
    box = bass_widget(peak_time, 0.005, 0.08, 20_000, 60, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    box.sliders["q"].value = 0.15
    assert box.readout.value != before
    assert f"{bass_peak(0.005, 0.15)['t_star']:.1f}" in box.readout.value
    assert len(box.curve()) == 60


def test_chart_legend_sits_outside_the_curves():
    """The legend is placed beside the axes (place_legend), never over the lines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    base, cur = bass_curve(0.005, 0.08, 20_000, 60), bass_curve(0.005, 0.15, 20_000, 60)
    fig, ax = bass_chart(base, cur, bass_peak(0.005, 0.15)["t_star"])
    try:
        legend = ax.get_legend()
        assert legend is not None
        assert [t.get_text() for t in legend.get_texts()] == ["start", "current", "peak t*"]
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1, "legend beside the axes"
        assert len(ax.get_lines()) == 3
    finally:
        plt.close(fig)
