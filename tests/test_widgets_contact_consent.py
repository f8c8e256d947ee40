"""Unit tests of the calling-policy what-if tool (finmkt.widgets.contact_consent)."""

from __future__ import annotations

import pandas as pd
import pytest

from finmkt.methods.contact_consent import outside_window, within_dnc
from finmkt.widgets.contact_consent import (
    READOUT_CLASS,
    contact_policy_widget,
    policy_chart,
    policy_violations,
)

RULES = {"outside_window": outside_window, "dnc_violations": within_dnc}


def _log() -> pd.DataFrame:
    """Customer a refuses on 15 March; b is called at the window's edges; one SMS at night."""
    return pd.DataFrame({
        "customer_id": ["a", "a", "a", "a", "b", "b", "b", "c"],
        "channel": ["call"] * 7 + ["sms"],
        "made_by": ["MH", "V1", "V1", "V1", "MH", "MH", "V1", "MH"],
        "started_at": pd.to_datetime(["2025-03-15 14:00", "2025-04-01 10:00", "2025-09-14 10:00", "2025-09-15 10:00",
                                      "2025-05-06 08:59", "2025-05-06 21:00", "2025-05-06 20:59", "2025-05-06 23:00"]),
        "outcome": ["refused", "answered", "answered", "answered", "answered", "answered", "answered", "sent"],
    })


def test_policy_counts_the_bank_rules():
    """Window 09:00 <= start < 21:00; do-not-call to refusal date + 6 calendar months, end day allowed."""
    t = policy_violations(_log(), **RULES)
    assert t.loc["MH", "outside_window"] == 2  # 08:59 and 21:00
    assert t.loc["V1", "outside_window"] == 0  # 20:59 is inside
    assert t.loc["V1", "in_dnc"] == 2  # 1 April and 14 September; 15 September allowed; the refusal itself not
    assert t.loc["MH", "in_dnc"] == 0
    assert t.loc["all", "calls"] == 7  # the SMS is not a call
    assert t.loc["V1", "rate"] == pytest.approx(2 / 4)
    assert t.loc["all", "either"] == t.drop(index="all")["either"].sum()


def test_stricter_policy_flags_more():
    loose, strict = policy_violations(_log(), 8, 22, 1, **RULES), policy_violations(_log(), 10, 20, 12, **RULES)
    assert (strict["either"] >= loose["either"]).all()
    assert policy_violations(_log(), months=0, **RULES).loc["all", "in_dnc"] == 0
    assert policy_violations(_log(), 9, 21, 3, **RULES).loc["V1", "in_dnc"] == 1  # 3 months end on 15 June
    with pytest.raises(ValueError):
        policy_violations(_log(), 21, 9, **RULES)


def test_widget_updates_readout():
    box = contact_policy_widget(_log(), **RULES, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    assert list(box.sliders)[0] == "months"  # the first control is the do-not-call period
    before = box.readout.value
    box.sliders["months"].value = 0
    assert box.readout.value != before
    assert int(box.summary().loc["all", "in_dnc"]) == 0


def test_chart_has_two_series_and_the_legend_outside():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = policy_chart(policy_violations(_log(), **RULES))
    try:
        assert len(ax.patches) == 2 * 2  # two makers, two bars each
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        legend = ax.get_legend()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    finally:
        plt.close(fig)
