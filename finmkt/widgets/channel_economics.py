"""Budget-reallocation tool (lesson 03_channels/01_channel_economics, 渠道经济性).

:func:`allocation_summary` is the plain computation (unit-tested): for a monthly spend per
channel (RMB, incentives included), each channel's response curve ``new = a * spend**b`` and
lifetime value (LTV) per new customer, it takes the new customers, the average and the
marginal CAC from the function you pass (the lesson's exercise ``marginal_cac``) and gives per
channel the LTV / CAC and the marginal LTV per yuan (LTV / marginal CAC), and in total the
spend, the new customers, the blended CAC, the blended LTV / CAC and the lifetime value
acquired per month.

A budget is well spread when the marginal LTV per yuan is the same in every channel: the
tool shows it so that a trainee can move the sliders towards that point by hand.
:func:`allocation_chart` draws the spend and the marginal LTV per yuan of each channel;
:func:`budget_widget` wraps both in one slider per channel, a live readout and a reset button.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-channel-budget-readout"


def allocation_summary(spend, curves: pd.DataFrame, ltv, *, marginal_cac) -> tuple[pd.DataFrame, dict[str, float]]:
    """(per-channel table, totals) for a monthly spend per channel.

    ``spend`` and ``ltv``: mappings or Series keyed by channel (``spend`` in RMB per month,
    incentives included; ``ltv`` in RMB per new customer); ``curves``: DataFrame indexed by
    channel with the columns ``a`` and ``b``. ``marginal_cac(curves, monthly_spend)`` gives
    per channel ``new``, ``average_cac`` and ``marginal_cac`` (pass your exercise's function).
    Table columns: ``spend``, ``new``, ``cac``, ``marginal_cac``, ``ltv``, ``ltv_cac``,
    ``marginal_ltv_per_yuan``. Totals: ``spend``, ``new``, ``cac``, ``ltv_cac``, ``value``
    (LTV acquired per month).
    """
    s = pd.Series(spend, dtype=float) if isinstance(spend, Mapping) else pd.Series(spend).astype(float)
    s.index = s.index.astype(str)
    if (s < 0).any():
        raise ValueError("spend must be >= 0 in every channel")
    cv = pd.DataFrame(curves)[["a", "b"]].astype(float)
    cv.index = cv.index.astype(str)
    cv = cv.reindex(s.index)
    v = pd.Series(ltv, dtype=float) if isinstance(ltv, Mapping) else pd.Series(ltv).astype(float)
    v.index = v.index.astype(str)
    v = v.reindex(s.index)
    if cv.isna().any().any() or v.isna().any():
        raise ValueError("a, b and ltv need a value for every channel of spend")
    if not ((cv["b"] > 0) & (cv["b"] < 1)).all():
        raise ValueError("response exponents b must lie in (0, 1)")
    with np.errstate(divide="ignore", invalid="ignore"):  # a channel at zero spend: 0 / 0 and 0 ** (b - 1)
        mc = pd.DataFrame(marginal_cac(cv, s)).copy()
    mc.index = mc.index.astype(str)
    mc = mc.reindex(s.index)
    new = mc["new"].astype(float)
    cac = mc["average_cac"].astype(float).where(new > 0)
    mcac = mc["marginal_cac"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame({"spend": s, "new": new, "cac": cac, "marginal_cac": mcac, "ltv": v,
                              "ltv_cac": v / cac, "marginal_ltv_per_yuan": v / mcac})
    total_spend, total_new = float(s.sum()), float(new.sum())
    value = float((v * new).sum())
    totals = {"spend": total_spend, "new": total_new,
              "cac": total_spend / total_new if total_new > 0 else float("nan"),
              "ltv_cac": value / total_spend if total_spend > 0 else float("nan"), "value": value}
    return table, totals


def readout_html(totals: dict[str, float], budget: float) -> str:
    """The readout: spend against the budget, new customers, blended CAC, LTV / CAC, value."""
    gap = totals["spend"] - budget
    over = f"{abs(gap) / 1e3:,.0f}k {'over' if gap > 0 else 'under'} the budget" if abs(gap) >= 500 else "on budget"
    return (f"<b>Spend</b> ¥{totals['spend'] / 1e3:,.0f}k / month ({over}) &nbsp;|&nbsp; "
            f"<b>New customers</b> {totals['new']:,.0f} / month &nbsp;|&nbsp; <b>Blended CAC</b> "
            f"¥{totals['cac']:,.0f} &nbsp;|&nbsp; <b>LTV / CAC</b> {totals['ltv_cac']:.2f} &nbsp;|&nbsp; "
            f"<b>LTV acquired</b> ¥{totals['value'] / 1e6:,.2f}m / month")


def allocation_chart(table: pd.DataFrame, reference: pd.Series | None = None):
    """Spend per channel (bars, with the reference spend as markers) and the marginal LTV per
    yuan (right panel). Returns (fig, axes)."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    y = np.arange(len(table))
    ax1.barh(y, table["spend"] / 1e3, color=BANK_COLOR, label="spend in the tool")
    if reference is not None:
        ax1.scatter(reference.reindex(table.index) / 1e3, y, color=PALETTE[1], marker="|", s=300, zorder=3,
                    label="2025 spend")
    ax1.set_yticks(y, list(table.index))
    ax1.set_xlabel("RMB thousand per month")
    ax1.set_title("Monthly spend by channel")
    ax2.barh(y, table["marginal_ltv_per_yuan"], color=PALETTE[2])
    ax2.axvline(1.0, color=PALETTE[6], linestyle="--", linewidth=1, label="1 yuan back per yuan")
    ax2.set_yticks(y, [])
    ax2.set_xlabel("LTV per extra yuan (RMB)")
    ax2.set_title("Marginal LTV per yuan")
    place_legend(ax1, where="below")
    place_legend(ax2, where="below")
    fig.tight_layout()
    return fig, (ax1, ax2)


def budget_widget(curves: pd.DataFrame, ltv, spend_now, *, marginal_cac, chart: bool = True):
    """An ipywidgets VBox: one slider per channel (monthly spend, RMB thousand), a reset
    button (back to ``spend_now``), the readout and the chart. ``curves`` (columns ``a``,
    ``b``) and ``ltv`` by channel; ``marginal_cac`` computes the new customers and the CACs
    on the curves (pass your exercise's function).

    The box exposes ``.sliders`` (dict by channel), ``.readout``, ``.chart``, ``.reset`` and
    ``.summary()`` (the :func:`allocation_summary` of the sliders' spend).
    """
    import ipywidgets as w

    now = pd.Series(spend_now).astype(float)
    now.index = now.index.astype(str)
    budget = float(now.sum())
    style, layout = {"description_width": "150px"}, w.Layout(width="460px")
    sliders = {
        c: w.FloatSlider(value=round(float(v) / 1e3, 1), min=0.0, max=round(3 * budget / 1e3, -1), step=5.0,
                         readout_format=",.0f", description=f"{c} (¥k/month)", continuous_update=False,
                         style=style, layout=layout)
        for c, v in now.items()
    }
    readout = w.HTML()
    readout.add_class(READOUT_CLASS)
    reset = w.Button(description="Back to 2025 spend")
    out = w.Output()

    def summary():
        spend = {c: s.value * 1e3 for c, s in sliders.items()}
        return allocation_summary(spend, curves, ltv, marginal_cac=marginal_cac)

    def refresh(_change=None) -> None:
        table, totals = summary()
        readout.value = readout_html(totals, budget)
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig, _ = allocation_chart(table, now)
                display(fig)
                plt.close(fig)

    def do_reset(_button=None) -> None:
        for c, s in sliders.items():
            s.value = round(float(now[c]) / 1e3, 1)
        refresh()

    for s in sliders.values():
        s.observe(refresh, names="value")
    reset.on_click(do_reset)
    box = w.VBox([*sliders.values(), reset, readout, out])
    box.sliders, box.readout, box.chart, box.reset, box.summary = sliders, readout, out, reset, summary
    refresh()
    return box
