"""Sample-size and power explorer of an A/B test (lesson 03_channels/02_funnel_ab_testing).

:func:`power_summary` is the plain computation (unit-tested). For a baseline conversion
rate p1 of arm A, a minimum detectable effect (MDE, the absolute difference p2 − p1 the
test must detect), a two-sided significance level α, a target power 1 − β and the users
available per arm:

* the sample size per arm by the course convention (Fleiss, as statsmodels'
  ``samplesize_proportions_2indep_onetail``), computed by the function you pass (the lesson's
  exercise ``sample_size``)::

      n = ceil([z(1−α/2)·sqrt(2·p̄·q̄) + z(1−β)·sqrt(p1·q1 + p2·q2)]² / (p1 − p2)²),  p̄ = (p1 + p2)/2

* beside it, the figure from Cohen's effect size h = 2·asin(√p2) − 2·asin(√p1) (statsmodels'
  ``NormalIndPower`` with ``proportion_effectsize``), which differs by a few users;
* the power the available users give at that effect, by the same normal approximation as
  Fleiss' formula, and the smallest effect they can detect with the target power.

:func:`power_chart` draws power against users per arm; :func:`power_widget` wraps both in
sliders with a live readout.
"""

from __future__ import annotations

import math

from scipy.stats import norm

from finmkt.widgets._live import live_box, slider

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-ab-power-readout"


def _check(p1: float, p2: float, alpha: float, power: float) -> None:
    if not (0 < p1 < 1 and 0 < p2 < 1) or p1 == p2:
        raise ValueError("need two different conversion rates strictly between 0 and 1")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError("alpha and power must be strictly between 0 and 1")


def cohen_h_sample_size(p1: float, p2: float, alpha: float = 0.05, power: float = 0.80) -> int:
    """Users per arm from Cohen's h (the variant the course does not grade), rounded up."""
    _check(p1, p2, alpha, power)
    h = abs(2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1)))
    return int(math.ceil(2 * ((norm.ppf(1 - alpha / 2) + norm.ppf(power)) / h) ** 2))


def power_at(p1: float, p2: float, n: float, alpha: float = 0.05) -> float:
    """Power of the two-sided test with ``n`` users per arm (Fleiss' normal approximation;
    the far tail ignored, as in the sample-size formula)."""
    _check(p1, p2, alpha, 0.5)
    pbar = (p1 + p2) / 2
    z = (abs(p2 - p1) * math.sqrt(n) - norm.ppf(1 - alpha / 2) * math.sqrt(2 * pbar * (1 - pbar))) / math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2))
    return float(norm.cdf(z))


def detectable_effect(p1: float, n: float, alpha: float = 0.05, power: float = 0.80) -> float:
    """Smallest increase p2 − p1 that ``n`` users per arm detect with the given power (bisection)."""
    lo, hi = 1e-9, 1 - p1 - 1e-9
    if power_at(p1, p1 + hi, n, alpha) < power:
        return float("nan")
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if power_at(p1, p1 + mid, n, alpha) < power else (lo, mid)
    return float(hi)


def power_summary(sample_size, p1: float, mde: float, alpha: float = 0.05, power: float = 0.80,
                  n_available: int = 3_000) -> dict[str, float]:
    """The explorer's figures as plain numbers.

    ``sample_size(p1, p2, alpha, power)`` gives the users per arm by Fleiss' formula (pass your
    exercise's function).

    Keys: ``p1``, ``p2`` (= p1 + mde), ``n_fleiss`` and ``n_cohen`` (users per arm),
    ``power_available`` (the power ``n_available`` users per arm give at the MDE) and
    ``mde_available`` (the smallest effect they detect with the target power).
    """
    p2 = p1 + mde
    _check(p1, p2, alpha, power)
    return {
        "p1": float(p1), "p2": float(p2), "n_fleiss": int(sample_size(p1, p2, alpha, power)),
        "n_cohen": cohen_h_sample_size(p1, p2, alpha, power),
        "power_available": power_at(p1, p2, n_available, alpha),
        "mde_available": detectable_effect(p1, n_available, alpha, power),
    }


def readout_html(s: dict[str, float], n_available: int, power: float) -> str:
    """The readout: users per arm needed (Fleiss, Cohen's h beside it) and what the available users give."""
    verdict = "enough" if n_available >= s["n_fleiss"] else "too few"
    return (f"<b>Users per arm needed</b> {s['n_fleiss']:,} (Fleiss; Cohen's h gives {s['n_cohen']:,}) "
            f"&nbsp;|&nbsp; <b>{n_available:,} per arm</b>: {verdict}, power {s['power_available']:.0%} "
            f"at +{100 * (s['p2'] - s['p1']):.2f} pp; they detect +{100 * s['mde_available']:.2f} pp "
            f"with {power:.0%} power")


def power_chart(sample_size, p1: float, mde: float, alpha: float, power: float, n_available: int):
    """Power against users per arm at the MDE, with the target power and the available users.

    The legend sits beside the axes (:func:`finmkt.plotting.place_legend`). Returns (fig, ax).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    s = power_summary(sample_size, p1, mde, alpha, power, n_available)
    top = max(2 * s["n_fleiss"], int(1.2 * n_available), 100)
    n = np.linspace(10, top, 200)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(n, [100 * power_at(p1, p1 + mde, x, alpha) for x in n], color=BANK_COLOR,
            label=f"power at +{100 * mde:.2f} pp")
    ax.axhline(100 * power, color=PALETTE[6], linestyle="--", label=f"target power {power:.0%}")
    ax.axvline(s["n_fleiss"], color=PALETTE[2], linestyle=":", label=f"needed (Fleiss): {s['n_fleiss']:,}")
    ax.axvline(n_available, color=PALETTE[1], label=f"available: {n_available:,}")
    ax.set_title(f"Power of the test: baseline {p1:.1%}, alpha {alpha:.0%} (two-sided)")
    ax.set_xlabel("Users per arm")
    ax.set_ylabel("Power (%)")
    ax.set_ylim(0, 100)
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def power_widget(sample_size, p1: float = 0.05, mde: float = 0.01, alpha: float = 0.05, power: float = 0.80,
                 n_available: int = 3_000, *, chart: bool = True):
    """An ipywidgets VBox: sliders for the baseline rate, the MDE, alpha, power and the users
    available per arm, a live readout and the power chart. ``sample_size(p1, p2, alpha, power)``
    is Fleiss' users per arm (pass your exercise's function).

    The box exposes ``.sliders`` (dict: p1, mde, alpha, power, n_available), ``.readout``,
    ``.chart`` and ``.summary()``.
    """
    import ipywidgets as w

    sliders = {
        "p1": slider(float(p1), 0.01, 0.50, 0.005, "Baseline rate p1 (基线)", ".1%"),
        "mde": slider(float(mde), 0.0025, 0.10, 0.0025, "MDE (最小可检测效应)", ".2%"),
        "alpha": w.SelectionSlider(options=[0.01, 0.05, 0.10], value=alpha, description="Alpha (显著性水平)",
                                   continuous_update=False, style={"description_width": "170px"},
                                   layout=w.Layout(width="480px")),
        "power": slider(float(power), 0.5, 0.95, 0.05, "Power (统计功效)", ".0%"),
        "n_available": slider(int(n_available), 500, 50_000, 500, "Users available per arm"),
    }

    def values() -> dict:
        return {name: s.value for name, s in sliders.items()}

    def summary() -> dict[str, float]:
        v = values()
        return power_summary(sample_size, v["p1"], v["mde"], v["alpha"], v["power"], v["n_available"])

    def draw(_s):
        v = values()
        return power_chart(sample_size, v["p1"], v["mde"], v["alpha"], v["power"], v["n_available"])[0]

    return live_box(sliders, summary, lambda s: readout_html(s, values()["n_available"], values()["power"]),
                    draw if chart else None, READOUT_CLASS)
