"""Unit tests of the complaint deadline tool (finmkt.widgets.complaint_handling)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finmkt.methods import complaint_handling as ch
from finmkt.widgets.complaint_handling import (
    READOUT_CLASS,
    TARGET,
    deadline_chart,
    deadline_shares,
    deadline_widget,
)


def _km(handling, categories, deadline=15):
    """The exercise's signature on the reference method (what a trainee's function returns)."""
    labels = np.asarray(categories).astype(str)
    rows = {}
    for cat in sorted(set(labels)):
        curve = ch.kaplan_meier(handling["days"].to_numpy()[labels == cat], handling["resolved"].to_numpy()[labels == cat])
        rows[cat] = {"within_deadline": ch.share_within(curve, deadline), "median_days": ch.km_median(curve)}
    return pd.DataFrame(rows).T


HANDLING = pd.DataFrame({"days": [1, 2, 3, 2, 5, 20, 30, 40, 10, 50],
                         "resolved": [True, True, True, True, True, True, True, False, True, True]})
CATS = ["fast"] * 5 + ["slow"] * 5


def test_shares_come_from_the_function_passed():
    s = deadline_shares(_km, HANDLING, CATS, 15)
    assert s["days"] == 15
    assert s["shares"]["fast"] == pytest.approx(1.0)
    # slow: 10 resolved on day 10 out of 5 at risk: S(15) = 4/5
    assert s["shares"]["slow"] == pytest.approx(0.2)
    assert s["reach"] == ["fast"] and s["worst"] == "slow"
    later = deadline_shares(_km, HANDLING, CATS, 60)
    assert later["shares"]["slow"] > s["shares"]["slow"]
    assert all(v >= TARGET for v in deadline_shares(_km, HANDLING.assign(resolved=True), CATS, 60)["shares"].values())


def test_invalid_days_are_refused():
    with pytest.raises(ValueError):
        deadline_shares(_km, HANDLING, CATS, -1)


def test_widget_updates_readout():
    box = deadline_widget(_km, HANDLING, CATS, deadline=15, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    assert "Within 15 days" in before and "1 of 2" in before
    box.sliders["days"].value = 45
    assert box.readout.value != before and "Within 45 days" in box.readout.value
    assert box.summary()["days"] == 45


def test_chart_draws_one_bar_per_category():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = deadline_chart(deadline_shares(_km, HANDLING, CATS, 15))
    try:
        widths = sorted(p.get_width() for p in ax.patches)
        assert widths == pytest.approx([20.0, 100.0])
        assert "15 days" in ax.get_title()
    finally:
        plt.close(fig)
