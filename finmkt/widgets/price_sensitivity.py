"""Price explorer for a fee-based product (lesson 02_positioning/02_price_sensitivity).

:func:`price_readout` is the plain computation (unit-tested): at one price, the share of
respondents on each Van Westendorp curve and the Gabor-Granger demand, revenue and profit,
per eligible customer and, given the number of eligible customers, in customers and RMB.
:func:`price_chart` draws the curves and the money lines with the price marked, and
:func:`price_widget` wraps both in a price slider.

Inputs are the lesson's own results:

- ``curves``: a DataFrame indexed by price (the sorted answers) with the columns
  ``too_cheap``, ``cheap``, ``expensive``, ``too_expensive`` (and optionally
  ``not_cheap``, ``not_expensive``), shares between 0 and 1;
- ``demand``: a Series indexed by the tested prices: the share of respondents who would
  buy at each price.

Between grid points both are read by linear interpolation (the tested prices are far
apart: between two of them the demand is an assumption, shown as a dashed line); outside
the grid the curves keep their end values and the demand is not extrapolated (the slider
stays within the tested prices).

Two options carry the lesson's economics: ``fee_share`` is the part of the fee the bank
keeps (below 1 when a licensed partner sells the advice and pays the bank a share), so the
profit is ``fee_share`` × price − ``unit_cost`` (the bank's own cost) per subscriber; and
``acceptable`` = (low, high) is the buyers' acceptable range, shaded on the chart and named
in the readout (a fee outside it is one that more of them find too cheap or too expensive).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: CSS class of the readout (browser tests read the text from it).
READOUT_CLASS = "finmkt-price-readout"

CURVES = ["too_cheap", "cheap", "expensive", "too_expensive"]
_LABELS = {"too_cheap": "too cheap", "cheap": "cheap", "expensive": "expensive", "too_expensive": "too expensive",
           "not_cheap": "not cheap", "not_expensive": "not expensive"}


def _series(demand) -> pd.Series:
    d = pd.Series(demand, dtype=float)
    d.index = d.index.astype(float)
    return d.sort_index()


def price_readout(price: float, curves: pd.DataFrame, demand, unit_cost: float,
                  customers: float | None = None, take_up: float = 1.0, fee_share: float = 1.0,
                  acceptable: tuple[float, float] | None = None) -> dict[str, float]:
    """Everything the tool shows at ``price`` (RMB per year), as plain floats.

    Keys: ``price``; each curve's share (``too_cheap``, ``cheap``, ``expensive``,
    ``too_expensive``, ``not_cheap`` = 1 − cheap, ``not_expensive`` = 1 − expensive) read
    on the curves' grid; ``demand`` (share who would buy, linear between tested prices);
    ``revenue_index`` = price × demand (the fee the customers pay) and ``profit_index`` =
    (fee_share × price − unit_cost) × demand (the bank's profit: its share of the fee minus its
    own cost per subscriber), RMB per eligible customer per year; ``fee_share``. With
    ``acceptable`` = (low, high), also ``in_range`` (1.0 inside, 0.0 outside) and the bounds
    ``range_low``, ``range_high``. With ``customers`` (eligible customers), also
    ``subscribers`` (customers × demand × ``take_up``, the share of stated yes that become
    sales; 1 reads stated intentions as sales), ``revenue`` and ``profit`` (RMB per year) and
    ``take_up``. A ``take_up`` outside (0, 1] raises ``ValueError``. A price outside the tested
    range raises ``ValueError``: the survey says nothing about demand there.
    """
    d = _series(demand)
    lo, hi = float(d.index.min()), float(d.index.max())
    price = float(price)
    if not 0 < float(fee_share) <= 1:
        raise ValueError(f"fee_share {fee_share} must be a share in (0, 1]: the part of the fee the bank keeps")
    if not 0 < float(take_up) <= 1:
        raise ValueError(f"take_up {take_up} must be a share in (0, 1]: the part of the stated yes that become sales")
    if not lo <= price <= hi:
        raise ValueError(f"price {price:,.0f} is outside the tested prices ({lo:,.0f} to {hi:,.0f})")
    x = np.asarray(curves.index, dtype=float)
    out = {"price": price}
    for c in CURVES:
        out[c] = float(np.interp(price, x, curves[c].to_numpy(float)))
    out["not_cheap"] = 1.0 - out["cheap"]
    out["not_expensive"] = 1.0 - out["expensive"]
    share = float(np.interp(price, d.index.to_numpy(float), d.to_numpy(float)))
    out["demand"] = share
    out["revenue_index"] = price * share
    margin = float(fee_share) * price - float(unit_cost)
    out["fee_share"] = float(fee_share)
    out["profit_index"] = margin * share
    if acceptable is not None:
        low, high = (float(v) for v in acceptable)
        out["range_low"], out["range_high"] = low, high
        out["in_range"] = float(low <= price <= high)
    if customers is not None:
        out["take_up"] = float(take_up)
        out["subscribers"] = float(customers) * share * float(take_up)
        out["revenue"] = out["subscribers"] * price
        out["profit"] = out["subscribers"] * margin
    return out


def readout_html(r: dict[str, float]) -> str:
    """The readout: the curves' shares, then demand, revenue and profit at the price."""
    from finmkt.plotting import fmt_rmb

    shares = " &nbsp;|&nbsp; ".join(f"{_LABELS[c]} {r[c]:.0%}" for c in CURVES)
    share = r.get("fee_share", 1.0)
    whose = "profit" if share == 1 else f"bank's profit ({share:.0%} of the fee, minus its own cost)"
    fees = "revenue" if share == 1 else "fee income (paid by customers)"
    money = (f"<b>Demand</b> {r['demand']:.1%} would subscribe &nbsp;|&nbsp; <b>{fees}</b> "
             f"{fmt_rmb(r['revenue_index'])} and <b>{whose}</b> {fmt_rmb(r['profit_index'])} per eligible customer")
    if "in_range" in r:
        where = "inside" if r["in_range"] else "<b>outside</b>"
        shares += (f"<br>{where} their acceptable range ({fmt_rmb(r['range_low'])} to "
                   f"{fmt_rmb(r['range_high'])})")
    if "subscribers" in r:
        money += (f"<br>Bank-wide: {r['subscribers']:,.0f} subscribers, {fees} {fmt_rmb(r['revenue'])}, "
                  f"{whose} {fmt_rmb(r['profit'])} per year "
                  + ("(stated intentions: a ceiling)" if r["take_up"] == 1 else
                     f"({r['take_up']:.1%} of the stated yes become sales)"))
    return f"At <b>{fmt_rmb(r['price'])}</b> per year: {shares}<br>{money}"


def price_chart(curves: pd.DataFrame, demand, unit_cost: float, price: float, *, fee_share: float = 1.0,
                acceptable: tuple[float, float] | None = None):
    """Two panels: the Van Westendorp curves, and revenue and profit per eligible customer
    at the tested prices (dashed between them), each with ``price`` marked (and the
    ``acceptable`` range shaded). Profit is ``fee_share`` × price − ``unit_cost`` per
    subscriber. Returns (fig, axes)."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend, rmb_formatter

    d = _series(demand)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    x = np.asarray(curves.index, dtype=float)
    styles = {"too_cheap": (PALETTE[2], "-"), "cheap": (PALETTE[2], "--"), "expensive": (PALETTE[3], "--"),
              "too_expensive": (PALETTE[3], "-")}
    for c, (color, ls) in styles.items():
        left.plot(x, curves[c].to_numpy(float), color=color, linestyle=ls, label=_LABELS[c])
    left.axvline(price, color=BANK_COLOR, linewidth=1.5, label="price")
    left.set_xlim(0, float(d.index.max()) * 1.1)
    left.set_title("Van Westendorp curves")
    left.set_xlabel("Annual fee (RMB per year)")
    left.set_ylabel("Share of valid respondents")
    left.xaxis.set_major_formatter(rmb_formatter)
    place_legend(left, where="below")
    p = d.index.to_numpy(float)
    right.plot(p, p * d.to_numpy(float), color=BANK_COLOR, linestyle="--", marker="o", label="revenue")
    right.plot(p, (float(fee_share) * p - unit_cost) * d.to_numpy(float), color=PALETTE[1], linestyle="--", marker="o",
               label="profit" if fee_share == 1 else "bank's profit")
    if acceptable is not None:
        for ax in (left, right):
            ax.axvspan(*acceptable, color=PALETTE[2], alpha=0.12, label="acceptable range")
    right.axvline(price, color=PALETTE[6], linewidth=1.5, label="price")
    right.axhline(0, color="black", linewidth=0.8)
    right.set_title("Gabor-Granger: money per eligible customer" if fee_share == 1 else
                    f"Gabor-Granger: fee income and the bank's profit ({fee_share:.0%} share)")
    right.set_xlabel("Annual fee (RMB per year)")
    right.set_ylabel("RMB per eligible customer per year")
    right.xaxis.set_major_formatter(rmb_formatter)
    right.yaxis.set_major_formatter(rmb_formatter)
    place_legend(right, where="below")
    fig.tight_layout()
    return fig, (left, right)


def price_widget(curves: pd.DataFrame, demand, unit_cost: float, customers: float | None = None,
                 price: float | None = None, *, chart: bool = True, take_up: float = 1.0, fee_share: float = 1.0,
                 acceptable: tuple[float, float] | None = None):
    """An ipywidgets VBox: a price slider over the tested range, a live readout and the chart.

    Starts at ``price`` (default: the lowest tested price). The box exposes ``.slider``,
    ``.readout``, ``.chart`` and ``.values()`` (the :func:`price_readout` dict).
    """
    import ipywidgets as w

    d = _series(demand)
    lo, hi = float(d.index.min()), float(d.index.max())
    slider = w.FloatSlider(value=lo if price is None else float(np.clip(price, lo, hi)), min=lo, max=hi, step=10,
                           description="Annual fee ¥", readout_format=",.0f", continuous_update=False,
                           style={"description_width": "100px"}, layout=w.Layout(width="520px"))
    readout = w.HTML()
    readout.add_class(READOUT_CLASS)
    out = w.Output()

    def values() -> dict[str, float]:
        return price_readout(slider.value, curves, d, unit_cost, customers, take_up, fee_share, acceptable)

    def refresh(_change=None) -> None:
        readout.value = readout_html(values())
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig, _ = price_chart(curves, d, unit_cost, slider.value, fee_share=fee_share, acceptable=acceptable)
                display(fig)
                plt.close(fig)

    slider.observe(refresh, names="value")
    box = w.VBox([slider, readout, out])
    box.slider, box.readout, box.chart, box.values = slider, readout, out, values
    refresh()
    return box
