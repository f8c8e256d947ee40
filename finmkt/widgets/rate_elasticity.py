"""Profit-against-rate tool for a deposit rate (lesson 02_positioning/03_rate_elasticity).

:func:`profit_curve` is the plain computation (unit-tested): with a constant supply
elasticity h the uptake share at rate r is ``share_ref · (r / rate_ref)^h``, and the
profit per offer is share · (R − r) · amount, where R is what one unit of deposit earns the
bank per year before interest. :func:`best_rate` reads the profit-maximising rate off a fine
grid (the Lerner rule r* = R·h/(1+h) is what the lesson derives; the grid is an independent
check). :func:`profit_chart` draws the curve against a reference curve, and
:func:`elasticity_widget` wraps them in sliders for h and R with a live readout.

Rates are fractions per year (0.0145 = 1.45%) everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: CSS class of the readout (browser tests can read it).
READOUT_CLASS = "finmkt-rate-elasticity-readout"


def profit_curve(rates, share_ref: float, rate_ref: float, h: float, earning_rate: float,
                 amount: float) -> pd.DataFrame:
    """Share, margin and profit per offer at each rate (fractions per year).

    ``share_ref``: uptake share at ``rate_ref``; ``h``: supply elasticity (> 0 for a
    deposit); ``earning_rate``: R; ``amount``: RMB placed per accepting customer.
    Columns: ``rate``, ``share`` (capped at 1), ``margin`` = R − rate, ``profit`` (RMB per
    offer per year).
    """
    r = np.asarray(rates, dtype=float)
    if (r <= 0).any() or share_ref <= 0 or rate_ref <= 0 or amount <= 0:
        raise ValueError("rates, share_ref, rate_ref and amount must be positive")
    share = np.minimum(share_ref * (r / rate_ref) ** h, 1.0)
    margin = earning_rate - r
    return pd.DataFrame({"rate": r, "share": share, "margin": margin, "profit": share * margin * amount})


def rate_grid(earning_rate: float, n: int = 400) -> np.ndarray:
    """Rates from 0.2% up to R (where the margin vanishes), ``n`` points."""
    return np.linspace(0.002, max(earning_rate, 0.0021), n)


def best_rate(share_ref: float, rate_ref: float, h: float, earning_rate: float, amount: float,
              n: int = 4001) -> dict[str, float]:
    """The profit-maximising rate on a fine grid from 0.2% to R, and the profit there."""
    c = profit_curve(rate_grid(earning_rate, n), share_ref, rate_ref, h, earning_rate, amount)
    i = int(c["profit"].to_numpy().argmax())
    return {"rate": float(c["rate"].iloc[i]), "profit": float(c["profit"].iloc[i])}


def readout_html(share_ref: float, rate_ref: float, h: float, earning_rate: float, amount: float) -> str:
    """Best rate, its profit per offer, and the profit at the reference (today's) rate."""
    best = best_rate(share_ref, rate_ref, h, earning_rate, amount)
    today = profit_curve([rate_ref], share_ref, rate_ref, h, earning_rate, amount)["profit"].iloc[0]
    return (f"<b>Best rate</b> {best['rate']:.2%} &nbsp;|&nbsp; profit ¥{best['profit']:,.2f} per offer per year "
            f"&nbsp;|&nbsp; at today's {rate_ref:.2%}: ¥{today:,.2f} ({best['profit'] - today:+,.2f})")


def profit_chart(base: pd.DataFrame, current: pd.DataFrame, best: float, rate_ref: float):
    """The widget's chart: profit per offer against the rate, current vs start curve. Returns (fig, ax)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(base["rate"], base["profit"], color=PALETTE[6], linestyle="--", label="start")
    ax.plot(current["rate"], current["profit"], color=BANK_COLOR, label="current")
    ax.axvline(best, color=PALETTE[1], linestyle=":", label="best rate")
    ax.axvline(rate_ref, color=PALETTE[3], linestyle="-.", linewidth=1, label="today's rate")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=2))
    ax.set_ylim(bottom=0)
    ax.set_title("Deposit offer: profit per offer against the rate")
    ax.set_xlabel("Offered 1-year rate (% per year)")
    ax.set_ylabel("Profit per offer (RMB per year)")
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def elasticity_widget(share_ref: float, rate_ref: float, amount: float, h: float = 2.0,
                      earning_rate: float = 0.02, *, chart: bool = True):
    """An ipywidgets VBox: sliders for the elasticity h and the earning rate R, a readout and the curve.

    The starting curve stays on the chart (grey, dashed). The box exposes ``.sliders``
    (dict: h, R), ``.readout``, ``.chart`` and ``.curve()``.
    """
    import ipywidgets as w

    style, layout = {"description_width": "150px"}, w.Layout(width="460px")
    sliders = {
        "h": w.FloatSlider(value=h, min=0.5, max=8.0, step=0.1, readout_format=".1f",
                           description="Elasticity h", continuous_update=False, style=style, layout=layout),
        "R": w.FloatSlider(value=earning_rate, min=max(rate_ref, 0.005), max=0.04, step=0.0005,
                           readout_format=".2%", description="Earning rate R", continuous_update=False,
                           style=style, layout=layout),
    }
    readout = w.HTML()
    readout.add_class(READOUT_CLASS)
    out = w.Output()
    base = profit_curve(rate_grid(earning_rate), share_ref, rate_ref, h, earning_rate, amount)

    def curve() -> pd.DataFrame:
        R = sliders["R"].value
        return profit_curve(rate_grid(R), share_ref, rate_ref, sliders["h"].value, R, amount)

    def refresh(_change=None) -> None:
        hv, R = sliders["h"].value, sliders["R"].value
        readout.value = readout_html(share_ref, rate_ref, hv, R, amount)
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig, _ = profit_chart(base, curve(), best_rate(share_ref, rate_ref, hv, R, amount)["rate"], rate_ref)
                display(fig)
                plt.close(fig)

    for s in sliders.values():
        s.observe(refresh, names="value")
    box = w.VBox([*sliders.values(), readout, out])
    box.sliders, box.readout, box.chart, box.curve = sliders, readout, out, curve
    refresh()
    return box
