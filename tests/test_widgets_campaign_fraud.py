"""Unit tests of the referral-ring explorer (finmkt.widgets.campaign_fraud)."""

from __future__ import annotations

import pandas as pd
import pytest

from finmkt.methods.campaign_fraud import ring_table as reference_rings
from finmkt.widgets.campaign_fraud import (
    READOUT_CLASS,
    ring_chart,
    ring_graph,
    ring_graph_widget,
    ring_summary,
)


@pytest.fixture
def toy() -> pd.DataFrame:
    """E1 recruits N1 (same device) and N2 (N1's phone); N3 is a stranger on the same campus Wi-Fi as everyone;
    E2 and N4 share a phone (a self-referral)."""
    return pd.DataFrame({
        "account_id": ["E1", "N1", "N2", "N3", "E2", "N4"],
        "new_account": [0, 1, 1, 1, 0, 1],
        "referrer_id": ["", "E1", "N1", "E1", "", "E2"],
        "device_id": ["d1", "d1", "d2", "d3", "d4", "d5"],
        "ip": ["campus"] * 5 + ["home"],
        "phone": ["p1", "p2", "p2", "p3", "p4", "p4"],
        "reward_paid": [0.0, 70.0, 70.0, 70.0, 0.0, 0.0],
        "txn_90d": [30, 1, 0, 12, 25, 1],
    })


def test_reference_rings_follow_the_course_convention(toy):
    """Public identifiers (more than K accounts) dropped; components with >= 2 accounts; id = smallest account id."""
    r = reference_rings(toy, max_share=3)
    assert r.to_dict() == {"E1": "E1", "E2": "E2", "N1": "E1", "N2": "E1", "N4": "E2"}
    # with the campus Wi-Fi kept, the stranger N3 and the second pair join one ring
    big = reference_rings(toy, max_share=10)
    assert set(big) == {"E1"} and len(big) == 6


def test_summary_counts_accounts_identifiers_and_rewards(toy):
    r = reference_rings(toy, max_share=3)
    s = ring_summary(toy, r, "E1")
    assert s["accounts"] == ["E1", "N1", "N2"] and s["n_accounts"] == 3 and s["n_new"] == 2
    assert s["shared"] == {"device": ["d1"], "ip": ["campus"], "phone": ["p2"]}
    assert s["rewards_paid"] == pytest.approx(140.0)
    assert s["dormant_share"] == pytest.approx(1.0) and s["internal_referrals"] == 2
    with pytest.raises(ValueError):
        ring_summary(toy, r, "N3")


def test_ring_graph_holds_the_shared_identifiers(toy):
    g = ring_graph(toy, ["E1", "N1", "N2"])
    kinds = {n: d["kind"] for n, d in g.nodes(data=True)}
    assert kinds == {"E1": "account", "N1": "account", "N2": "account", "device:d1": "device", "ip:campus": "ip",
                     "phone:p2": "phone"}
    assert g.has_edge("E1", "device:d1") and g.has_edge("N2", "phone:p2")


def test_widget_dropdown_changes_the_readout(toy):
    box = ring_graph_widget(toy, reference_rings(toy, max_share=3), chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    dd = box.sliders["ring"]
    assert [v for _, v in dd.options] == ["E1", "E2"], "rings listed largest first"
    before = box.readout.value
    assert "Ring E1" in before and "¥140" in before
    dd.value = "E2"
    assert box.readout.value != before and "Ring E2" in box.readout.value
    assert box.summary()["accounts"] == ["E2", "N4"]


def test_widget_takes_the_trainees_rings(toy):
    mine = pd.Series({"N1": "N1", "N2": "N1"})
    box = ring_graph_widget(toy, mine, chart=False)
    assert box.summary()["accounts"] == ["N1", "N2"]


def test_chart_shapes_and_ascii_labels(toy):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = ring_chart(toy, reference_rings(toy, max_share=3), "E1")
    try:
        texts = [t.get_text() for t in ax.texts] + [ax.get_title()]
        assert all(t.isascii() for t in texts), "chart labels are ASCII (no CJK font)"
        assert {"E1", "N1", "N2", "d1", "campus", "p2"} <= set(texts)
        legend = ax.get_legend()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
        assert [t.get_text() for t in legend.get_texts()] == ["new account", "existing customer", "device", "IP address",
                                                             "phone"]
    finally:
        plt.close(fig)
