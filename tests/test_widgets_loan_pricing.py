"""Unit tests of the loan-pricing calculator (finmkt.widgets.loan_pricing)."""

from __future__ import annotations

import numpy as np
import pytest

from finmkt.methods.loan_pricing import break_even, instalment_apr, monthly_irr, raroc
from finmkt.widgets.loan_pricing import (
    READOUT_CLASS,
    pricing_chart,
    pricing_summary,
    pricing_widget,
)

METHODS = {"break_even_rate": break_even, "instalment_apr": instalment_apr, "raroc": raroc}


def test_the_course_check_of_the_break_even_rate():
    """COURSE.md: FTP 2%, PD 2%, LGD 45%, opex 1%, k 8%, h 12% -> break-even 4.7%, RAROC 12%."""
    s = pricing_summary(0.02, 0.45, 12, 0.006, ftp=0.02, opex=0.01, k=0.08, h=0.12, **METHODS)
    assert s["break_even"] == pytest.approx(0.047, abs=1e-12)
    assert s["el"] == pytest.approx(0.009) and s["capital_charge"] == pytest.approx(0.008)


def test_the_course_check_of_the_apr():
    """10,000 over 12 months at a 0.6% monthly fee: APR 13.03%, effective 13.84%, naive 7.2%."""
    s = pricing_summary(0.02, 0.45, 12, 0.006, **METHODS)
    assert s["apr"] == pytest.approx(0.1303, abs=5e-5)
    assert s["effective_rate"] == pytest.approx(0.1384, abs=5e-5)
    assert s["naive_rate"] == pytest.approx(0.072)
    i = monthly_irr(10_000, 12, 0.006)
    assert (10_000 / 12 + 60) * ((1 - (1 + i) ** -12) / i) == pytest.approx(10_000)


def test_raroc_at_the_break_even_rate_is_the_hurdle():
    """With the APR set at the break-even rate (via the break-even fee), RAROC = h."""
    bank = {"ftp": 0.022, "opex": 0.012, "k": 0.08, "h": 0.12}
    s = pricing_summary(0.05, 0.7, 24, 0.004, 0.01, **bank, **METHODS)
    at_be = pricing_summary(0.05, 0.7, 24, s["fee_to_break_even"], 0.01, **bank, **METHODS)
    assert at_be["apr"] == pytest.approx(s["break_even"], abs=1e-9)
    assert at_be["raroc"] == pytest.approx(0.12, abs=1e-7)


def test_upfront_fee_and_longer_terms():
    """An upfront fee raises the APR; a zero-cost loan has a zero APR."""
    base = pricing_summary(0.02, 0.6, 12, 0.006, **METHODS)["apr"]
    assert pricing_summary(0.02, 0.6, 12, 0.006, 0.02, **METHODS)["apr"] > base + 0.02
    assert pricing_summary(0.02, 0.6, 12, 0.0, **METHODS)["apr"] == pytest.approx(0.0, abs=1e-12)
    # the fee is charged on the original principal while the average balance outstanding falls
    # towards half of it ((n + 1) / 2n of it): the same monthly fee costs more per year over more months
    assert base < pricing_summary(0.02, 0.6, 36, 0.006, **METHODS)["apr"] < 2 * 0.072


def test_invalid_offers_are_refused():
    with pytest.raises(ValueError):
        monthly_irr(10_000, 0, 0.006)
    with pytest.raises(ValueError):
        monthly_irr(10_000, 12, 0.006, upfront_fee=10_000)


def test_widget_updates_readout():
    box = pricing_widget(0.022, 0.012, 0.08, 0.12, **METHODS, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    box.sliders["pd"].value = 0.08
    assert box.readout.value != before
    s = box.summary()
    assert f"{s['break_even']:.2%}" in box.readout.value
    assert s["break_even"] == pytest.approx(0.022 + 0.08 * 0.65 + 0.012 + 0.08 * (0.12 - 0.022))


def test_chart_stacks_the_components_and_keeps_the_legend_outside():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = pricing_summary(0.03, 0.7, 12, 0.006, ftp=0.022, opex=0.012, **METHODS)
    fig, ax = pricing_chart(s, 0.022, 0.012)
    try:
        bars = [p for p in ax.patches]
        top = max(p.get_y() + p.get_height() for p in bars[:4])
        assert top == pytest.approx(100 * s["break_even"])
        assert np.isclose(bars[4].get_height(), 100 * s["apr"])
        legend = ax.get_legend()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    finally:
        plt.close(fig)
