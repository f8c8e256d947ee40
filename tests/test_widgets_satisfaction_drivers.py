"""Unit tests of the NPS-by-group tool (finmkt.widgets.satisfaction_drivers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finmkt.methods import satisfaction_drivers as sd
from finmkt.widgets.satisfaction_drivers import (
    READOUT_CLASS,
    group_chart,
    group_nps,
    nps_group_widget,
)


def _weighted(scores, weights, z=1.96):
    """The exercise's signature on the reference method."""
    return sd.nps_interval(pd.Series(np.asarray(scores, float)), weights=np.asarray(weights, float), level=0.95)


def _by_group(scores, weights, groups, estimate):
    s, w, g = np.asarray(scores, float), np.asarray(weights, float), np.asarray(groups).astype(str)
    bank = estimate(s, w)["nps"]
    rows = {}
    for k in sorted(set(g)):
        e = estimate(s[g == k], w[g == k])
        rows[k] = {"nps": e["nps"], "low": e["low"], "high": e["high"], "n": int((g == k).sum())}
    out = pd.DataFrame(rows).T
    out["below"] = out["high"] < bank
    return out


# "old" are all promoters, "young" all detractors; the weights double the young
DATA = pd.DataFrame({"recommend": [10] * 60 + [3] * 40 + [8] * 100,
                     "age": ["old"] * 60 + ["young"] * 40 + ["mid"] * 100,
                     "branch": (["a", "b"] * 100)})
WEIGHTS = np.where(DATA["age"] == "young", 2.0, 1.0)


def test_groups_and_bank_come_from_the_functions_passed():
    s = group_nps(_by_group, _weighted, DATA, "recommend", WEIGHTS, "age")
    # weighted: promoters 60 / 240, detractors 80 / 240 -> NPS -8.33
    assert s["bank"] == pytest.approx(100 * (60 - 80) / 240)
    assert s["below"] == ["young"] and list(s["table"].index) == ["mid", "old", "young"]
    raw = group_nps(_by_group, _weighted, DATA, "recommend", WEIGHTS, "age", weighted=False)
    assert raw["bank"] == pytest.approx(100 * (60 - 40) / 200) and raw["bank"] > s["bank"]
    assert raw["widest"][0] in {"mid", "old", "young"} and raw["widest"][2] == int(raw["table"].loc[raw["widest"][0], "n"])


def test_invalid_inputs_are_refused():
    with pytest.raises(ValueError):
        group_nps(_by_group, _weighted, DATA, "recommend", WEIGHTS, "nope")
    with pytest.raises(ValueError):
        group_nps(_by_group, _weighted, DATA, "recommend", WEIGHTS[:10], "age")


def test_widget_updates_readout():
    box = nps_group_widget(_by_group, _weighted, DATA, "recommend", WEIGHTS, ["age", "branch"], chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    assert "By age" in before and "weighted" in before and "young" in before
    box.sliders["group"].value = "branch"
    assert box.readout.value != before and "By branch" in box.readout.value
    box.sliders["weighted"].value = False
    assert "unweighted" in box.readout.value and box.summary()["weighted"] is False


def test_chart_draws_one_interval_per_group():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = group_chart(group_nps(_by_group, _weighted, DATA, "recommend", WEIGHTS, "age"))
    try:
        assert [t.get_text() for t in ax.get_yticklabels()] == ["mid", "old", "young"]
        assert "age" in ax.get_title()
    finally:
        plt.close(fig)
