"""Unit tests of the shared chart helpers (finmkt.plotting)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from finmkt.plotting import fmt_rmb, tornado_chart  # noqa: E402


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
