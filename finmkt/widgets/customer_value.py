"""Relationship-manager book tool (lesson 05_customer_operations/01_customer_value).

:func:`book_summary` is the plain computation (unit-tested): for a capacity N and a ranking
column, the book your function ``rm_book(table, by, capacity)`` (the lesson's exercise, the ids
of the N customers with the highest ``by``) fills, with the share of the customers' purchase-relationship
value (``ltv``) it covers, its mean P(alive) (still buying) and how many of its customers have probably
stopped buying.
:func:`capture_curves` gives the share of the value covered as the book grows, for each ranking;
:func:`book_chart` draws them; :func:`rm_widget` wraps both in a slider for N and a dropdown for the
ranking, with a live readout. Presentation only: the books are your function's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.widgets._live import live_box, slider

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-rm-book-readout"
#: the rankings offered: column of the value table -> label
RANKINGS = {"ltv": "purchase-relationship value (交易关系价值)", "assets": "AUM", "spend_2025": "2025 transaction volume"}
#: below this P(alive) a customer has probably stopped buying (not necessarily left the bank)
GONE = 0.5


def book_summary(rm_book, value: pd.DataFrame, by: str, capacity: int) -> dict:
    """``{"by", "capacity", "share", "ltv", "alive", "gone", "wealthy"}``: the book ``rm_book(value, by,
    capacity)``, the share of ``value["ltv"].sum()`` it covers, its value, mean P(alive), customers
    with P(alive) < GONE, and affluent or high-net-worth customers (``tier``)."""
    if int(capacity) < 1:
        raise ValueError("capacity must be >= 1")
    if by not in value.columns:
        raise ValueError(f"no column {by!r} in the value table")
    ids = [str(c) for c in rm_book(value, by, int(capacity))]
    b = value.loc[ids]
    total = float(value["ltv"].sum())
    return {"by": by, "capacity": int(capacity), "customers": len(ids), "ltv": float(b["ltv"].sum()),
            "share": float(b["ltv"].sum()) / total if total else float("nan"),
            "alive": float(b["alive"].mean()) if len(b) else float("nan"), "gone": int((b["alive"] < GONE).sum()),
            "wealthy": int(b["tier"].isin(["affluent", "high_net_worth"]).sum()) if "tier" in b else 0}


def capture_curves(rm_book, value: pd.DataFrame, rankings=tuple(RANKINGS)) -> pd.DataFrame:
    """Share of the customers' value covered by a book of the first n customers (rows n = 1..len)
    of each ranking (columns), from one full ranking by ``rm_book`` each."""
    total = float(value["ltv"].sum())
    out = {}
    for by in rankings:
        ids = [str(c) for c in rm_book(value, by, len(value))]
        out[by] = np.cumsum(value.loc[ids, "ltv"].to_numpy(float)) / total
    return pd.DataFrame(out, index=pd.RangeIndex(1, len(value) + 1, name="customers in the books"))


def readout_html(s: dict) -> str:
    """The readout: the book's share of the value, its mean P(still buying) and those who probably stopped."""
    return (f"<b>{s['customers']:,} customers by {RANKINGS.get(s['by'], s['by'])}</b>: {s['share']:.1%} of the customers' "
            f"purchase-relationship value (RMB {s['ltv']:,.0f}) &nbsp;|&nbsp; mean P(still buying) {s['alive']:.2f} &nbsp;|&nbsp; "
            f"probably stopped buying "
            f"{s['gone']:,} &nbsp;|&nbsp; affluent or HNW {s['wealthy']:,} &nbsp;|&nbsp; 管户客户")


def book_chart(curves: pd.DataFrame, s: dict):
    """The capture curves with the chosen capacity marked. Returns (fig, ax)."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE

    fig, ax = plt.subplots(figsize=(7, 3.6))
    colors = [BANK_COLOR, PALETTE[1], PALETTE[3], PALETTE[2]]
    for (by, col), color in zip(curves.items(), colors, strict=False):
        ax.plot(curves.index, 100 * col.to_numpy(), color=color, linewidth=2.5 if by == s["by"] else 1.2,
                label=RANKINGS.get(by, by))
    ax.axvline(s["capacity"], color="black", linestyle=":")
    ax.set_xlim(0, len(curves))
    ax.set_title("Share of the purchase-relationship value covered by the books")
    ax.set_xlabel("Customers in the books")
    ax.set_ylabel("Purchase-relationship value covered (%)")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig, ax


def rm_widget(rm_book, value: pd.DataFrame, capacity: int = 1000, *, chart: bool = True):
    """An ipywidgets VBox: a slider for the capacity (customers in the books), a Dropdown for the
    ranking, a live readout and the chart. ``rm_book`` is your exercise's function (see
    :func:`book_summary`); ``value`` the lesson's value table (ltv, alive, tier and the ranking
    columns).

    The box exposes ``.sliders`` (dict: capacity, ranking), ``.readout``, ``.chart`` and ``.summary()``.
    """
    import ipywidgets as w

    rankings = [by for by in RANKINGS if by in value.columns]
    hi = max(100, min(len(value), 10_000))
    sliders = {"capacity": slider(int(min(max(capacity, 1), hi)), 1, hi, 1, "Customers in the books"),
               "ranking": w.Dropdown(options=[(RANKINGS[by], by) for by in rankings], value=rankings[0],
                                     description="Rank by", style={"description_width": "170px"})}
    curves = capture_curves(rm_book, value, rankings) if chart else None

    def summary() -> dict:
        return book_summary(rm_book, value, sliders["ranking"].value, sliders["capacity"].value)

    return live_box(sliders, summary, readout_html, (lambda s: book_chart(curves, s)[0]) if chart else None, READOUT_CLASS)
