"""Funnel plot of mis-sale rates by relationship manager (lesson 04_compliance/02_suitability_audit).

:func:`funnel_points` is the plain computation (unit-tested): for groups (managers) with ``n``
sales of which ``k`` are unsuitable, the overall rate p = Σk / Σn, and at a coverage ``level``
the control limits around p by the function you pass (the lesson's exercise
``funnel_limits``: the exact binomial limits

    lower(n) = F⁻¹((1 − level)/2; n, p) / n,   upper(n) = F⁻¹(1 − (1 − level)/2; n, p) / n,

with F the Binomial(n, p) distribution function); a group is **above** when its rate k/n
exceeds upper(n). The table of sales and unsuitable sales per manager is yours too (the
exercise ``misale_rates``).
:func:`funnel_chart` draws the plot; :func:`suitability_funnel_widget` wraps it with a slider
for the control-limit level and lists the managers above the limit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.widgets._live import live_box

#: CSS class of the readout (browser tests read it).
READOUT_CLASS = "finmkt-suitability-readout"
LEVELS = (0.90, 0.95, 0.99, 0.998, 0.999)


def funnel_points(sales, unsuitable, level: float = 0.998, index=None, *, funnel_limits) -> dict:
    """The funnel plot's numbers: overall rate, each group's rate and limits, the groups above,
    and the limit curves on a grid of n = 1..max(sales).

    Keys: ``p``, ``level``, ``table`` (DataFrame: sales, unsuitable, rate, lower, upper, above,
    excess = unsuitable - sales x p), ``above`` (list of group labels, largest excess first),
    ``grid``, ``grid_lower``, ``grid_upper``. ``funnel_limits(n, p, level)`` returns the lower and
    upper limits (rates) for the sales n as a table with columns ``lower`` and ``upper``.
    """
    n = np.asarray(sales, dtype=float)
    k = np.asarray(unsuitable, dtype=float)
    if not 0 < level < 1 or (n <= 0).any() or (k < 0).any() or (k > n).any():
        raise ValueError("need 0 < level < 1, sales > 0 and 0 <= unsuitable <= sales")
    idx = index if index is not None else getattr(sales, "index", pd.RangeIndex(len(n)))
    p = float(k.sum() / n.sum())
    lim = funnel_limits(n, p, level)
    table = pd.DataFrame({"sales": n.astype(int), "unsuitable": k.astype(int), "rate": k / n,
                          "lower": np.asarray(lim["lower"], dtype=float), "upper": np.asarray(lim["upper"], dtype=float)},
                         index=idx)
    table["above"] = table["rate"] > table["upper"]
    table["excess"] = table["unsuitable"] - table["sales"] * p
    grid = np.arange(1, int(n.max()) + 1)
    above = table[table["above"]].sort_values("excess", ascending=False).index.tolist()
    on_grid = funnel_limits(grid, p, level)
    return {"p": p, "level": float(level), "table": table, "above": above, "grid": grid,
            "grid_lower": np.asarray(on_grid["lower"], dtype=float), "grid_upper": np.asarray(on_grid["upper"], dtype=float)}


def readout_html(s: dict) -> str:
    """The readout: overall rate, the level, and the managers above the upper limit."""
    t = s["table"]
    rows = "".join(f"<li>{m}: {int(t.loc[m, 'unsuitable'])} of {int(t.loc[m, 'sales'])} sales "
                   f"({t.loc[m, 'rate']:.0%}), {t.loc[m, 'excess']:.1f} above expectation</li>" for m in s["above"])
    listing = f"<ul>{rows}</ul>" if rows else " none."
    return (f"<b>Overall mis-sale rate</b> {s['p']:.1%} &nbsp;|&nbsp; <b>control limits</b> {s['level']:.1%} "
            f"(exact binomial) &nbsp;|&nbsp; <b>above the upper limit (超出控制限)</b>: {len(s['above'])}{listing}")


def funnel_chart(s: dict, title: str = "Funnel plot: mis-sale rate by relationship manager"):
    """Rates against sales, the overall rate and the limit curves; managers above in red.
    Returns (fig, ax); the legend sits outside the axes."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    t = s["table"]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.step(s["grid"], 100 * s["grid_upper"], where="mid", color=PALETTE[6], linestyle="--",
            label=f"{s['level']:.1%} limits")
    ax.step(s["grid"], 100 * s["grid_lower"], where="mid", color=PALETTE[6], linestyle="--")
    ax.axhline(100 * s["p"], color=PALETTE[2], label=f"overall rate {s['p']:.1%}")
    inside = t[~t["above"]]
    ax.scatter(inside["sales"], 100 * inside["rate"], s=18, color=BANK_COLOR, alpha=0.7, label="manager")
    out = t[t["above"]]
    ax.scatter(out["sales"], 100 * out["rate"], s=40, color=PALETTE[3], label="above the upper limit")
    for m, row in out.iterrows():
        ax.annotate(str(m), (row["sales"], 100 * row["rate"]), textcoords="offset points", xytext=(4, 4))
    ax.set_title(title)
    ax.set_xlabel("Sales reviewed per manager")
    ax.set_ylabel("Unsuitable sales (% of the manager's sales)")
    ax.set_ylim(0, min(100, 100 * max(float(t["rate"].max()), float(np.nanmax(s["grid_upper"][4:]))) + 5)
                if len(s["grid"]) > 4 else 100)
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def suitability_funnel_widget(table: pd.DataFrame, level: float = 0.998, *, funnel_limits, chart: bool = True):
    """An ipywidgets VBox: a slider for the control-limit level (first control), a live list of
    the managers above the upper limit and the funnel plot. ``table`` has the columns sales and
    unsuitable, one row per manager (your ``misale_rates``); ``funnel_limits`` is your exercise's
    function (see :func:`funnel_points`).

    The box exposes ``.sliders`` (dict: level), ``.readout``, ``.chart`` and ``.summary()``.
    """
    import ipywidgets as w

    options = [(f"{x:.1%}", x) for x in LEVELS]
    value = min(LEVELS, key=lambda x: abs(x - level))
    sliders = {"level": w.SelectionSlider(options=options, value=value, description="Control limits",
                                          continuous_update=False, style={"description_width": "120px"},
                                          layout=w.Layout(width="420px"))}

    def summary() -> dict:
        return funnel_points(table["sales"], table["unsuitable"], sliders["level"].value, funnel_limits=funnel_limits)

    return live_box(sliders, summary, readout_html, (lambda s: funnel_chart(s)[0]) if chart else None,
                    READOUT_CLASS)
