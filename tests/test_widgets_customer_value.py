"""Unit tests of the relationship-manager book tool (finmkt.widgets.customer_value)."""

from __future__ import annotations

import pandas as pd
import pytest

from finmkt.widgets.customer_value import (
    GONE,
    READOUT_CLASS,
    book_chart,
    book_summary,
    capture_curves,
    rm_widget,
)


def _book(table, by, capacity):
    """The exercise's signature (what a trainee's function returns): the highest first, ties by id."""
    return [str(c) for c in table.sort_index().sort_values(by, ascending=False, kind="stable").index[:capacity]]


VALUE = pd.DataFrame({"ltv": [100.0, 50.0, 30.0, 15.0, 5.0],
                      "assets": [10.0, 900.0, 20.0, 30.0, 800.0],
                      "spend_2025": [1.0, 2.0, 3.0, 40.0, 5.0],
                      "alive": [0.9, 0.2, 0.8, 0.7, 0.3],
                      "tier": ["mass", "affluent", "mass", "mass", "affluent"]},
                     index=["C1", "C2", "C3", "C4", "C5"])


def test_summary_comes_from_the_function_passed():
    s = book_summary(_book, VALUE, "ltv", 2)
    assert s["customers"] == 2 and s["ltv"] == pytest.approx(150.0) and s["share"] == pytest.approx(0.75)
    assert s["alive"] == pytest.approx(0.55) and s["gone"] == 1 and s["wealthy"] == 1
    a = book_summary(_book, VALUE, "assets", 2)  # C2 and C5: wealthy, both probably gone
    assert a["share"] == pytest.approx(55 / 200) and a["gone"] == 2 and a["wealthy"] == 2
    assert all(book_summary(_book, VALUE, "ltv", 5)[k] == v for k, v in {"share": 1.0, "customers": 5}.items())
    assert GONE == 0.5


def test_invalid_input_is_refused():
    with pytest.raises(ValueError):
        book_summary(_book, VALUE, "ltv", 0)
    with pytest.raises(ValueError):
        book_summary(_book, VALUE, "no_such_column", 2)


def test_capture_curves_rise_to_one():
    c = capture_curves(_book, VALUE)
    assert list(c.columns) == ["ltv", "assets", "spend_2025"] and len(c) == 5
    assert c["ltv"].tolist() == pytest.approx([0.5, 0.75, 0.9, 0.975, 1.0])
    assert (c["ltv"] >= c["assets"] - 1e-12).all() and c.iloc[-1].tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_widget_updates_readout():
    box = rm_widget(_book, VALUE, capacity=2, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    assert "2 customers by purchase-relationship value" in before and "75.0%" in before
    box.sliders["ranking"].value = "assets"
    assert box.readout.value != before and "by AUM" in box.readout.value
    box.sliders["capacity"].value = 5
    assert box.summary()["customers"] == 5


def test_chart_draws_one_curve_per_ranking():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = book_chart(capture_curves(_book, VALUE), book_summary(_book, VALUE, "ltv", 2))
    try:
        assert len(ax.get_lines()) == 4  # three rankings and the capacity line
        assert "value" in ax.get_title()
    finally:
        plt.close(fig)
