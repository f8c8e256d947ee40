"""Retention value calculator (lesson 03_channels/04_retention).

:func:`retention_value` is the plain computation (unit-tested): for a customer with monthly
margin m, annual retention R (the share still a customer after 12 months) and monthly
discount rate i, with constant monthly retention r = R^(1/12) (survival S(t) = r^t):

* the **LTV** m·r / (1 + i − r) (margin at the end of each month while still a customer,
  infinite horizon) and the LTV over a finite horizon T, Σ_{t=1..T} m·r^t / (1 + i)^t;
* the **value of a retention gain**: the LTV with R raised by ``points`` (percentage points of
  annual retention), its gain in RMB and in percent;
* the **retention offer**: expected value saved per customer offered, u × (1 − R) × m × D,
  with u the share of would-be leavers the offer keeps and D = Σ_{t=1..T} r^t / (1 + i)^t
  the discounted months a kept customer stays, against the offer's cost.

:func:`retention_chart` draws the two survival curves; :func:`retention_widget` wraps both in
sliders with a live readout. The LTV and the value of the gain come from the function you pass
(the lesson's exercise ``retention_gain``); the rest works on the numbers you set.
"""

from __future__ import annotations

import numpy as np

from finmkt.widgets._live import live_box, slider

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-retention-readout"


def retention_value(margin: float, annual_retention: float, i: float, *, retention_gain, horizon: int = 24,
                    points: float = 0.05, save_rate: float = 0.25, offer_cost: float = 60.0) -> dict[str, float]:
    """The calculator's figures as plain floats (see the module docstring).

    ``retention_gain(annual_retention, margin, i, points)`` returns a dict with ``ltv`` and
    ``ltv_plus`` (the lesson's exercise).

    Keys: ``r``, ``r_plus`` (monthly retention before and after the gain), ``ltv`` (infinite
    horizon), ``ltv_horizon``, ``ltv_plus``, ``gain``, ``gain_pct``, ``discounted_months``,
    ``value_saved``, ``offer_cost`` and ``worth_offer`` (1.0 or 0.0).
    """
    if not 0 < annual_retention < 1 or margin < 0 or i <= 0 or horizon < 1 or points < 0:
        raise ValueError("need 0 < annual_retention < 1, margin >= 0, i > 0, horizon >= 1, points >= 0")
    r = annual_retention ** (1 / 12)
    r_plus = min(annual_retention + points, 0.999) ** (1 / 12)
    t = np.arange(1, int(horizon) + 1)
    disc = float((r**t / (1 + i) ** t).sum())
    gain = retention_gain(annual_retention, margin, i, points)
    ltv, ltv_plus = float(gain["ltv"]), float(gain["ltv_plus"])
    saved = save_rate * (1 - annual_retention) * margin * disc
    return {"r": float(r), "r_plus": float(r_plus), "ltv": float(ltv), "ltv_horizon": float(margin * disc),
            "ltv_plus": float(ltv_plus), "gain": float(ltv_plus - ltv),
            "gain_pct": float(ltv_plus / ltv - 1) if ltv > 0 else 0.0, "discounted_months": disc,
            "value_saved": float(saved), "offer_cost": float(offer_cost), "worth_offer": float(saved > offer_cost)}


def readout_html(s: dict[str, float], points: float) -> str:
    """The readout: LTV, the value of the gain, and the offer verdict."""
    verdict = "worth it" if s["worth_offer"] else "not worth it"
    return (f"<b>LTV</b> ¥{s['ltv']:,.0f} (over the horizon ¥{s['ltv_horizon']:,.0f}) &nbsp;|&nbsp; "
            f"<b>+{100 * points:.0f} points of annual retention</b>: LTV ¥{s['ltv_plus']:,.0f}, "
            f"+¥{s['gain']:,.0f} ({s['gain_pct']:+.0%}) &nbsp;|&nbsp; <b>Offer</b>: saves ¥{s['value_saved']:,.0f} "
            f"per customer offered against a cost of ¥{s['offer_cost']:,.0f}: {verdict}")


def retention_chart(s: dict[str, float], horizon: int, points: float):
    """Survival r^t and r_plus^t over the horizon. Returns (fig, ax); the legend sits outside."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    t = np.arange(0, int(horizon) + 1)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(t, 100 * s["r"] ** t, color=BANK_COLOR, label=f"today: {100 * s['r'] ** 12:.0f}% a year")
    ax.plot(t, 100 * s["r_plus"] ** t, color=PALETTE[2], linestyle="--",
            label=f"+{100 * points:.0f} points: {100 * s['r_plus'] ** 12:.0f}% a year")
    ax.set_title("Share of new customers still with the bank")
    ax.set_xlabel("Months since acquisition")
    ax.set_ylabel("Still a customer (%)")
    ax.set_ylim(0, 101)
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def retention_widget(retention_gain, margin: float = 60.0, annual_retention: float = 0.75, i: float = 0.008, *,
                     horizon: int = 24,
                     points: float = 0.05, save_rate: float = 0.25, offer_cost: float = 60.0, chart: bool = True):
    """An ipywidgets VBox: sliders for margin, annual retention, the gain in points, the save rate
    and the offer cost; a live readout and the chart. ``i`` and ``horizon`` are fixed;
    ``retention_gain`` is your exercise's function (see :func:`retention_value`).

    The box exposes ``.sliders`` (dict: margin, retention, points, save_rate, offer_cost),
    ``.readout``, ``.chart`` and ``.summary()``.
    """

    sliders = {
        "margin": slider(float(margin), 1.0, 300.0, 1.0, "Margin (RMB / month)", ".0f"),
        "retention": slider(float(annual_retention), 0.2, 0.97, 0.01, "Annual retention (留存率)", ".0%"),
        "points": slider(float(points), 0.0, 0.15, 0.01, "Gain (points a year)", ".0%"),
        "save_rate": slider(float(save_rate), 0.0, 0.8, 0.05, "Offer keeps (of leavers)", ".0%"),
        "offer_cost": slider(float(offer_cost), 0.0, 300.0, 5.0, "Offer cost (RMB)", ".0f"),
    }

    def summary() -> dict[str, float]:
        v = {name: s.value for name, s in sliders.items()}
        return retention_value(v["margin"], v["retention"], i, retention_gain=retention_gain, horizon=horizon, points=v["points"],
                               save_rate=v["save_rate"], offer_cost=v["offer_cost"])

    return live_box(sliders, summary, lambda s: readout_html(s, sliders["points"].value),
                    (lambda s: retention_chart(s, horizon, sliders["points"].value)[0]) if chart else None,
                    READOUT_CLASS)
