"""Unit tests of the shared chart helpers (finmkt.plotting)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from finmkt.plotting import RmbFormatter, fmt_rmb, money_formatter, place_legend, tornado_chart  # noqa: E402


def test_tornado_chart_puts_the_largest_swing_on_top():
    sens = pd.DataFrame({"low": [70.0, 90.0], "high": [130.0, 105.0]}, index=["share", "reach"])
    ax = tornado_chart(sens, base=100.0)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["reach", "share"]  # drawn bottom-up: the first row of sens is on top
    bars = ax.patches
    assert len(bars) == 4
    spans = sorted((b.get_x(), b.get_x() + b.get_width()) for b in bars)
    ends = sorted({round(v, 6) for s in spans for v in s})
    assert ends == [70.0, 90.0, 100.0, 105.0, 130.0]
    plt.close(ax.figure)


def test_rmb_format():
    assert fmt_rmb(3.2e8) == "¥320m"
    assert fmt_rmb(1.3e9) == "¥1.3bn"


def test_rmb_text_keeps_what_tells_amounts_apart():
    assert fmt_rmb(1.5e6) == "¥1.5m"
    assert fmt_rmb(2e6) == "¥2m"
    assert fmt_rmb(2.5e9) == "¥2.5bn"
    assert fmt_rmb(12.34e6) == "¥12.3m"
    assert fmt_rmb(2_500) == "¥2.5k"
    assert fmt_rmb(-4.2e6) == "-¥4.2m"
    assert fmt_rmb(0) == "¥0"


def _tick_labels(values):
    return RmbFormatter().format_ticks(values)


def test_money_axis_ticks_are_distinct_and_share_a_unit():
    assert _tick_labels([1.5e6, 2e6, 2.5e6]) == ["¥1.5m", "¥2m", "¥2.5m"]
    assert _tick_labels([0, 5e5, 1e6, 1.5e6]) == ["¥0", "¥0.5m", "¥1m", "¥1.5m"]
    assert _tick_labels([1e9, 1.25e9, 1.5e9]) == ["¥1bn", "¥1.25bn", "¥1.5bn"]
    assert _tick_labels([0, 2_500, 5_000, 7_500]) == ["¥0", "¥2.5k", "¥5k", "¥7.5k"]
    assert _tick_labels([100e6, 200e6, 300e6]) == ["¥100m", "¥200m", "¥300m"]


def test_money_axis_puts_the_minus_sign_before_the_yuan_sign():
    assert _tick_labels([-1e6, -5e5, 0, 5e5, 1e6]) == ["-¥1m", "-¥0.5m", "¥0", "¥0.5m", "¥1m"]
    assert fmt_rmb(-1e6) == "-¥1m" and fmt_rmb(-250) == "-¥250"


def test_money_axis_on_a_real_chart_labels_every_tick_differently():
    fig, ax = plt.subplots()
    ax.bar(["a", "b", "c"], [1.4e6, 2.1e6, 2.6e6])
    ax.set_ylim(1.5e6, 2.5e6)
    ax.yaxis.set_major_formatter(money_formatter())
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
    assert "¥2m" in labels and any(label.startswith("¥1.") for label in labels), labels
    plt.close(fig)


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_tornado_legend_never_covers_a_bar():
    # bars that fill the whole plotting area: any legend inside the axes would cover one
    sens = pd.DataFrame({"low": [0.0, 10.0, 20.0], "high": [200.0, 190.0, 180.0]}, index=["a", "b", "c"])
    ax = tornado_chart(sens, base=100.0, money=False)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend()
    assert legend is not None and [t.get_text() for t in legend.get_texts()] == ["driver at low", "driver at high"]
    box = legend.get_window_extent(renderer)
    assert not any(_overlaps(box, bar.get_window_extent(renderer)) for bar in ax.patches)
    assert not _overlaps(box, ax.get_window_extent(renderer)), "the legend sits inside the axes"
    plt.close(fig)


def test_place_legend_positions_and_rejects_unknown():
    for where in ("right", "below", "above"):
        fig, ax = plt.subplots()
        ax.bar(["x", "y"], [1, 2], label="bars")
        ax.plot([0, 1], [2, 1], label="line")
        place_legend(ax, where=where)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        box = ax.get_legend().get_window_extent(renderer)
        assert not _overlaps(box, ax.get_window_extent(renderer)), where
        plt.close(fig)
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="where must be one of"):
        place_legend(ax, where="inside")
    plt.close(fig)
