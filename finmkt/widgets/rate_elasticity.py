"""Profit-against-rate tool for a deposit rate (lesson 02_positioning/03_rate_elasticity).

:func:`profit_curve` is the plain computation (unit-tested): the share and the profit per
offer at each rate of a grid, by the function you pass (the lesson's exercise
``repricing_gain``, asked about one segment per rate whose share is ``share_ref`` at
``rate_ref``; the share is capped at 1). :func:`best_rate` gives the best rate by the Lerner
rule you pass (the exercise ``optimal_rate``) and the profit there and at today's rate.
:func:`profit_chart` draws the curve against a reference curve, and
:func:`elasticity_widget` wraps them in sliders for h and R with a live readout.

Rates are fractions per year (0.0145 = 1.45%) everywhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: CSS class of the readout (browser tests can read it).
READOUT_CLASS = "finmkt-rate-elasticity-readout"


def profit_curve(rates, share_ref: float, rate_ref: float, h: float, earning_rate: float, amount: float, *,
                 repricing_gain) -> pd.DataFrame:
    """Share and profit per offer at each rate (fractions per year), by ``repricing_gain``.

    ``repricing_gain(cells, h, earning_rate, amount, today, new_rate)`` (pass your exercise's
    function) is asked about one made-up segment per rate: a single cell with share
    ``share_ref`` at ``rate_ref`` (today's rate), moved to that rate. ``h``: supply elasticity;
    ``earning_rate``: R; ``amount``: RMB placed per accepting customer. Columns: ``rate``,
    ``share`` (capped at 1: no more than every customer offered) and ``profit`` (RMB per offer
    per year, scaled down with the share where the cap binds).
    """
    r = np.asarray(rates, dtype=float).ravel()
    if (r <= 0).any() or share_ref <= 0 or rate_ref <= 0 or amount <= 0:
        raise ValueError("rates, share_ref, rate_ref and amount must be positive")
    segments = pd.Index([f"r{i:05d}" for i in range(len(r))], name="segment")
    cells = pd.DataFrame({"segment": segments, "rate": rate_ref, "share": share_ref})
    gains = pd.DataFrame(repricing_gain(cells, pd.Series(float(h), index=segments), earning_rate,
                                        pd.Series(float(amount), index=segments), rate_ref,
                                        pd.Series(r, index=segments)))
    gains.index = gains.index.astype(str)
    gains = gains.reindex(segments)
    share = gains["share_new"].to_numpy(float)
    capped = np.minimum(share, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        profit = gains["profit_new"].to_numpy(float) * np.where(share > 1.0, capped / share, 1.0)
    return pd.DataFrame({"rate": r, "share": capped, "profit": profit})


def rate_grid(earning_rate: float, n: int = 200) -> np.ndarray:
    """Rates from 0.2% up to R (where the margin vanishes), ``n`` points (enough for a smooth
    curve; the tool asks your ``repricing_gain`` about every one of them on each move)."""
    return np.linspace(0.002, max(earning_rate, 0.0021), n)


def best_rate(share_ref: float, rate_ref: float, h: float, earning_rate: float, amount: float, *,
              optimal_rate, repricing_gain) -> dict[str, float]:
    """The best rate by ``optimal_rate(earning_rate, h)`` (the Lerner rule: pass your
    exercise's function) and the profit per offer there and at today's ``rate_ref``, by
    :func:`profit_curve` with ``repricing_gain``."""
    best = float(optimal_rate(earning_rate, h))
    ok = best > 0  # a rate of 0 or below (or NaN) has no profit on the curve
    c = profit_curve([best if ok else rate_ref, rate_ref], share_ref, rate_ref, h, earning_rate, amount,
                     repricing_gain=repricing_gain)
    return {"rate": best, "profit": float(c["profit"].iloc[0]) if ok else float("nan"),
            "today": float(c["profit"].iloc[1])}


def readout_html(best: dict[str, float], rate_ref: float) -> str:
    """Best rate, its profit per offer, and the profit at the reference (today's) rate."""
    return (f"<b>Best rate</b> {best['rate']:.2%} &nbsp;|&nbsp; profit ¥{best['profit']:,.2f} per offer per year "
            f"&nbsp;|&nbsp; at today's {rate_ref:.2%}: ¥{best['today']:,.2f} ({best['profit'] - best['today']:+,.2f})")


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
                      earning_rate: float = 0.02, *, optimal_rate, repricing_gain, chart: bool = True):
    """An ipywidgets VBox: sliders for the elasticity h and the earning rate R, a readout and the curve.

    ``optimal_rate`` gives the best rate and ``repricing_gain`` the profit per offer at each
    rate (pass your exercises' functions). The starting curve stays on the chart (grey,
    dashed). The box exposes ``.sliders`` (dict: h, R), ``.readout``, ``.chart`` and ``.curve()``.
    """
    fns = {"optimal_rate": optimal_rate, "repricing_gain": repricing_gain}
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
    base = profit_curve(rate_grid(earning_rate), share_ref, rate_ref, h, earning_rate, amount,
                        repricing_gain=repricing_gain)

    def curve() -> pd.DataFrame:
        R = sliders["R"].value
        return profit_curve(rate_grid(R), share_ref, rate_ref, sliders["h"].value, R, amount,
                            repricing_gain=repricing_gain)

    def refresh(_change=None) -> None:
        hv, R = sliders["h"].value, sliders["R"].value
        best = best_rate(share_ref, rate_ref, hv, R, amount, **fns)
        readout.value = readout_html(best, rate_ref)
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig, _ = profit_chart(base, curve(), best["rate"], rate_ref)
                display(fig)
                plt.close(fig)

    for s in sliders.values():
        s.observe(refresh, names="value")
    box = w.VBox([*sliders.values(), readout, out])
    box.sliders, box.readout, box.chart, box.curve = sliders, readout, out, curve
    refresh()
    return box
