"""Unit tests of the price explorer (finmkt.widgets.price_sensitivity)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finmkt.widgets.price_sensitivity import READOUT_CLASS, price_chart, price_readout, price_widget


@pytest.fixture
def curves():
    x = pd.Index([100.0, 200.0, 300.0, 400.0], name="price")
    c = pd.DataFrame({"too_cheap": [0.6, 0.3, 0.1, 0.0], "cheap": [0.9, 0.6, 0.3, 0.1],
                      "expensive": [0.0, 0.2, 0.6, 0.9], "too_expensive": [0.0, 0.1, 0.4, 1.0]}, index=x)
    c["not_cheap"], c["not_expensive"] = 1 - c["cheap"], 1 - c["expensive"]
    return c


@pytest.fixture
def demand():
    return pd.Series([0.8, 0.5, 0.2], index=[100.0, 200.0, 400.0])


def test_readout_at_a_tested_price_is_exact(curves, demand):
    r = price_readout(200, curves, demand, unit_cost=50)
    assert r["too_cheap"] == pytest.approx(0.3) and r["too_expensive"] == pytest.approx(0.1)
    assert r["not_cheap"] == pytest.approx(0.4) and r["not_expensive"] == pytest.approx(0.8)
    assert r["demand"] == pytest.approx(0.5)
    assert r["revenue_index"] == pytest.approx(100.0) and r["profit_index"] == pytest.approx(75.0)
    assert all(isinstance(v, float) for v in r.values())


def test_between_tested_prices_demand_is_a_straight_line(curves, demand):
    r = price_readout(300, curves, demand, unit_cost=0)
    assert r["demand"] == pytest.approx(0.35)  # halfway between 0.5 at 200 and 0.2 at 400
    assert r["expensive"] == pytest.approx(0.6)


def test_bank_wide_figures_scale_with_the_customers(curves, demand):
    r = price_readout(100, curves, demand, unit_cost=40, customers=10_000)
    assert r["subscribers"] == pytest.approx(8_000)
    assert r["revenue"] == pytest.approx(800_000) and r["profit"] == pytest.approx(480_000)
    assert "subscribers" not in price_readout(100, curves, demand, unit_cost=40)


def test_profit_is_below_revenue_and_can_be_negative(curves, demand):
    r = price_readout(100, curves, demand, unit_cost=150)
    assert r["profit_index"] < 0 < r["revenue_index"]


def test_prices_outside_the_tested_range_are_refused(curves, demand):
    with pytest.raises(ValueError):
        price_readout(50, curves, demand, unit_cost=0)
    with pytest.raises(ValueError):
        price_readout(450, curves, demand, unit_cost=0)


def test_unsorted_demand_is_read_in_price_order(curves, demand):
    r = price_readout(300, curves, demand.iloc[::-1], unit_cost=0)
    assert r["demand"] == pytest.approx(0.35)


def test_widget_updates_the_readout(curves, demand):
    box = price_widget(curves, demand, unit_cost=50, customers=1_000, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    assert box.slider.min == 100 and box.slider.max == 400 and box.slider.value == 100
    before = box.readout.value
    box.slider.value = 200
    assert box.readout.value != before and "50.0%" in box.readout.value
    assert box.values()["demand"] == pytest.approx(0.5)


def test_chart_has_titles_labels_and_the_price_marked(curves, demand):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = price_chart(curves, demand, unit_cost=50, price=250)
    try:
        for ax in (left, right):
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
            assert any(np.allclose(line.get_xdata(), 250) for line in ax.get_lines()), "the price is marked"
        assert len(left.get_lines()) == 5 and left.get_legend() is not None
    finally:
        plt.close(fig)


def test_take_up_scales_bank_wide_volumes_only(curves, demand):
    stated = price_readout(200, curves, demand, unit_cost=50, customers=1_000)
    calibrated = price_readout(200, curves, demand, unit_cost=50, customers=1_000, take_up=0.1)
    assert calibrated["demand"] == stated["demand"] == pytest.approx(0.5)
    assert calibrated["subscribers"] == pytest.approx(0.1 * stated["subscribers"]) == pytest.approx(50)
    assert calibrated["profit"] == pytest.approx(50 * (200 - 50))
    box = price_widget(curves, demand, unit_cost=50, customers=1_000, chart=False, take_up=0.1, price=200)
    assert "10.0% of the stated yes become sales" in box.readout.value
    for bad in (0, 1.5):
        with pytest.raises(ValueError, match="take_up"):
            price_readout(200, curves, demand, unit_cost=0, customers=1_000, take_up=bad)


def test_partner_share_and_acceptable_range(curves, demand):
    r = price_readout(200, curves, demand, unit_cost=30, customers=1_000, fee_share=0.4, acceptable=(150, 300))
    assert r["revenue_index"] == pytest.approx(200 * 0.5)
    assert r["profit_index"] == pytest.approx((0.4 * 200 - 30) * 0.5)
    assert r["profit"] == pytest.approx(1_000 * 0.5 * (0.4 * 200 - 30))
    assert r["in_range"] == 1.0 and price_readout(100, curves, demand, 30, acceptable=(150, 300))["in_range"] == 0.0
    box = price_widget(curves, demand, unit_cost=30, customers=1_000, chart=False, price=200, fee_share=0.4,
                       acceptable=(150, 300))
    assert "bank's profit (40% of the fee" in box.readout.value and "inside their acceptable range" in box.readout.value
    box.slider.value = 100
    assert "<b>outside</b> their acceptable range" in box.readout.value
    with pytest.raises(ValueError, match="fee_share"):
        price_readout(200, curves, demand, unit_cost=0, fee_share=0)
    import matplotlib.pyplot as plt
    fig, (_, right) = price_chart(curves, demand, 30, 200, fee_share=0.4, acceptable=(150, 300))
    assert "bank's profit" in [line.get_label() for line in right.get_lines()]
    plt.close(fig)
