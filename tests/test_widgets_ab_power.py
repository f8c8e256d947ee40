"""Unit tests of the sample-size and power explorer (finmkt.widgets.ab_power)."""

from __future__ import annotations

import pytest

from finmkt.methods.funnel_ab import fleiss_n as fleiss_sample_size
from finmkt.widgets.ab_power import (
    READOUT_CLASS,
    cohen_h_sample_size,
    detectable_effect,
    power_at,
    power_chart,
    power_summary,
    power_widget,
)


def test_the_course_check_of_the_sample_size():
    """COURSE.md: p1 0.10, p2 0.12, alpha 0.05, power 0.8 -> 3,841 (Fleiss); Cohen's h gives 3,835."""
    assert fleiss_sample_size(0.10, 0.12) == 3841
    assert cohen_h_sample_size(0.10, 0.12) == 3835


def test_fleiss_matches_statsmodels():
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import (
        proportion_effectsize,
        samplesize_proportions_2indep_onetail,
    )

    for p1, p2, alpha, power in [(0.07, 0.09, 0.05, 0.8), (0.3, 0.25, 0.01, 0.9), (0.02, 0.03, 0.1, 0.7)]:
        sm = samplesize_proportions_2indep_onetail(p2 - p1, p1, power, alpha=alpha, alternative="two-sided")
        assert fleiss_sample_size(p1, p2, alpha, power) == int(-(-sm // 1))
        # NormalIndPower also counts the far rejection tail, which the closed form leaves out:
        # at alpha 0.10 that is worth about one user
        h = NormalIndPower().solve_power(proportion_effectsize(p2, p1), power=power, alpha=alpha)
        assert abs(cohen_h_sample_size(p1, p2, alpha, power) - int(-(-h // 1))) <= 1


def test_power_at_the_fleiss_size_is_the_target_power():
    n = fleiss_sample_size(0.07, 0.09, 0.05, 0.8)
    assert power_at(0.07, 0.09, n) == pytest.approx(0.8, abs=1e-3)
    assert power_at(0.07, 0.09, n - 200) < 0.8 < power_at(0.07, 0.09, n + 200)
    # the detectable effect of exactly n users per arm is the MDE the size was computed for
    assert detectable_effect(0.07, n) == pytest.approx(0.02, abs=2e-5)


def test_symmetry_and_invalid_inputs():
    assert fleiss_sample_size(0.12, 0.10) == fleiss_sample_size(0.10, 0.12)
    with pytest.raises(ValueError):
        fleiss_sample_size(0.1, 0.1)
    with pytest.raises(ValueError):
        fleiss_sample_size(0.1, 0.12, alpha=0)


def test_summary_and_widget_readout():
    s = power_summary(fleiss_sample_size, 0.05, 0.01, n_available=3_000)
    assert s["n_fleiss"] == fleiss_sample_size(0.05, 0.06)
    assert s["power_available"] < 0.8 and s["mde_available"] > 0.01
    box = power_widget(fleiss_sample_size, chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    before = box.readout.value
    box.sliders["mde"].value = 0.02
    assert box.readout.value != before
    assert f"{box.summary()['n_fleiss']:,}" in box.readout.value


def test_chart_is_labelled_and_keeps_the_legend_outside():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = power_chart(fleiss_sample_size, 0.07, 0.02, 0.05, 0.8, 3_000)
    try:
        assert ax.get_title() and ax.get_xlabel() == "Users per arm" and ax.get_ylabel() == "Power (%)"
        legend = ax.get_legend()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    finally:
        plt.close(fig)
