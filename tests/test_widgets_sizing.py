"""Unit tests of the market-sizing slider tool (finmkt.widgets.sizing)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from finmkt.widgets.sizing import DRIVERS, READOUT_CLASS, market_sizes, sizing_widget


@pytest.fixture
def cells():
    idx = pd.MultiIndex.from_tuples([("25-34", "middle"), ("65+", "high")], names=["age_band", "income_band"])
    tam = pd.DataFrame({"adults": [1000.0, 200.0], "penetration": [0.1, 0.5], "avg_balance": [1e5, 4e5]}, index=idx)
    sam = tam.assign(adults=[800.0, 100.0], reach=[0.9, 0.6])
    return tam, sam


def test_base_sizes_follow_the_formulas(cells):
    tam, sam = cells
    got = market_sizes(tam, sam, 0.2, wm_fee_rate=0.005)
    exp_tam = (1000 * 0.1 * 1e5 + 200 * 0.5 * 4e5) * 0.005
    exp_sam = (800 * 0.1 * 1e5 * 0.9 + 100 * 0.5 * 4e5 * 0.6) * 0.005
    assert math.isclose(got["tam"], exp_tam)
    assert math.isclose(got["sam"], exp_sam)
    assert math.isclose(got["som"], 0.2 * exp_sam)
    assert all(isinstance(v, float) for v in got.values())
    assert got["tam"] >= got["sam"] >= got["som"] > 0


def test_multipliers_scale_the_right_levels(cells):
    tam, sam = cells
    base = market_sizes(tam, sam, 0.2)
    bal = market_sizes(tam, sam, 0.2, balance_factor=1.1)
    assert math.isclose(bal["tam"], 1.1 * base["tam"]) and math.isclose(bal["som"], 1.1 * base["som"])
    reach = market_sizes(tam, sam, 0.2, reach_factor=0.9)
    assert math.isclose(reach["tam"], base["tam"]) and math.isclose(reach["sam"], 0.9 * base["sam"])
    share = market_sizes(tam, sam, 0.2, share_factor=1.5)
    assert math.isclose(share["sam"], base["sam"]) and math.isclose(share["som"], 1.5 * base["som"])


def test_som_depends_on_the_sam_only(cells):
    """The share is measured on the SAM's market and applied to it: the TAM cells (the whole
    city) do not move SAM or SOM, and the SOM is exactly SAM x share."""
    tam, sam = cells
    base = market_sizes(tam, sam, 0.3)
    bigger_city = market_sizes(tam.assign(adults=tam["adults"] * 5), sam, 0.3)
    assert math.isclose(bigger_city["tam"], 5 * base["tam"])
    assert bigger_city["sam"] == base["sam"] and bigger_city["som"] == base["som"]
    assert math.isclose(base["som"], base["sam"] * 0.3)


def test_shares_are_capped_at_one(cells):
    tam, sam = cells
    big = market_sizes(tam, sam, 0.8, penetration_factor=3.0, reach_factor=2.0, share_factor=2.0)
    capped_tam = (1000 * 0.3 * 1e5 + 200 * 1.0 * 4e5) * 0.0045
    assert math.isclose(big["tam"], capped_tam)
    assert big["share"] == 1.0 and math.isclose(big["som"], big["sam"])
    assert math.isclose(big["sam"], (800 * 0.3 * 1e5 * 1.0 + 100 * 1.0 * 4e5 * 1.0) * 0.0045)


def test_widget_recomputes_live(cells):
    tam, sam = cells
    facts = pd.DataFrame({"key": DRIVERS, "base": [1.0, 1.0, 1.0, 1.0, 0.004]})
    box = sizing_widget(tam, sam, 0.2, facts, chart=False)
    assert set(box.sliders) == set(DRIVERS)
    assert READOUT_CLASS in box.readout._dom_classes
    assert box.sliders["wm_fee_rate"].value == pytest.approx(0.004)
    before = box.readout.value
    assert "TAM" in before and "SOM" in before
    box.sliders["share_factor"].value = 1.5
    after = box.sizes()
    expected = market_sizes(tam, sam, 0.2, wm_fee_rate=0.004, share_factor=1.5)
    assert np.isclose(after["som"], expected["som"])
    assert box.readout.value != before


def test_widget_draws_a_chart(cells):
    import matplotlib

    matplotlib.use("Agg")
    tam, sam = cells
    box = sizing_widget(tam, sam, 0.2)
    box.sliders["balance_factor"].value = 1.2  # redraw without errors
    assert box.chart is box.children[-1]
