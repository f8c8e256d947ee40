"""Deadline tool (lesson 05_customer_operations/03_complaint_handling).

:func:`deadline_shares` is the plain computation (unit-tested): for a number of days D, the share
of each complaint category decided within D days, from the Kaplan-Meier function you pass (the
lesson's exercise ``km_by_category(handling, categories, deadline)``, which returns a DataFrame
indexed by category with the column ``within_deadline``). :func:`deadline_chart` draws the
shares as bars against a 90% line; :func:`deadline_widget` wraps both in a slider for D with a
live readout naming the categories that reach 90% within D days. Presentation only: the
estimate is your function's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.widgets._live import live_box, slider

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-complaint-readout"
#: the share a team should decide within the deadline, drawn as a line
TARGET = 0.9


def deadline_shares(km_by_category, handling, categories, days: int) -> dict:
    """``{"days": D, "shares": {category: share decided within D days}, "reach": [categories at or above
    TARGET], "worst": the category with the lowest share}``, from ``km_by_category``."""
    if int(days) < 0:
        raise ValueError("days must be >= 0")
    table = pd.DataFrame(km_by_category(handling, categories, int(days)))
    shares = {str(k): float(v) for k, v in table["within_deadline"].astype(float).items()}
    reach = sorted(k for k, v in shares.items() if v >= TARGET)
    worst = min(shares, key=shares.get) if shares else ""
    return {"days": int(days), "shares": shares, "reach": reach, "worst": worst}


def readout_html(s: dict) -> str:
    """The readout: how many categories reach the target within D days, and the slowest one."""
    n = len(s["shares"])
    reach = ", ".join(s["reach"]) or "none"
    return (f"<b>Within {s['days']} days</b>: {len(s['reach'])} of {n} categories decide {TARGET:.0%} of their "
            f"complaints ({reach}) &nbsp;|&nbsp; <b>slowest</b>: {s['worst']} "
            f"({s['shares'].get(s['worst'], float('nan')):.0%}) &nbsp;|&nbsp; 处理时限 15 / 30 / 60 日")


def deadline_chart(s: dict):
    """Bars of the share decided within D days by category, with the target line. Returns (fig, ax)."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE

    cats = sorted(s["shares"], key=s["shares"].get)
    vals = 100 * np.array([s["shares"][c] for c in cats])
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.barh(cats, vals, color=[BANK_COLOR if v >= 100 * TARGET else PALETTE[1] for v in vals])
    ax.axvline(100 * TARGET, color=PALETTE[3], linestyle=":")
    ax.set_xlim(0, 100)
    ax.set_title(f"Share of complaints decided within {s['days']} days")
    ax.set_xlabel("Decided within the days set (%)")
    fig.tight_layout()
    return fig, ax


def deadline_widget(km_by_category, handling, categories, deadline: int = 15, *, chart: bool = True):
    """An ipywidgets VBox: a slider for the days D (1-60), a live readout and the chart.
    ``km_by_category`` is your exercise's function (see :func:`deadline_shares`).

    The box exposes ``.sliders`` (dict: days), ``.readout``, ``.chart`` and ``.summary()``.
    """
    sliders = {"days": slider(int(deadline), 1, 60, 1, "Days from receipt")}

    def summary() -> dict:
        return deadline_shares(km_by_category, handling, categories, sliders["days"].value)

    return live_box(sliders, summary, readout_html, (lambda s: deadline_chart(s)[0]) if chart else None, READOUT_CLASS)
