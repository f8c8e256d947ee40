"""NPS-by-group tool (lesson 05_customer_operations/02_satisfaction_drivers).

:func:`group_nps` is the plain computation (unit-tested): for one grouping column of the
respondents, each group's NPS with its interval from the functions you pass (the lesson's
exercises ``nps_by_group(scores, weights, groups, estimate)`` and ``weighted_nps(scores,
weights)``), weighted by the non-response weights or not, and the bank's NPS the groups are
compared with. :func:`group_chart` draws the intervals against the bank's line;
:func:`nps_group_widget` wraps both in a dropdown (the grouping) and a checkbox (weighted or
not) with a live readout naming the groups whose whole interval lies below the bank's NPS.
Presentation only: the estimates are your functions'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.widgets._live import live_box

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-satisfaction-readout"


def group_nps(nps_by_group, weighted_nps, data: pd.DataFrame, score: str, weights, column: str,
              weighted: bool = True) -> dict:
    """``{"column", "weighted", "bank": NPS of all the answers, "table": your nps_by_group's DataFrame,
    "below": [groups whose interval lies below the bank's NPS], "widest": (group, half-width of its
    interval, its answers)}``. Unweighted: every answer has weight 1."""
    if column not in data.columns:
        raise ValueError(f"no column {column!r} in the respondents")
    wt = np.asarray(weights, dtype=float) if weighted else np.ones(len(data))
    if len(wt) != len(data) or not np.isfinite(wt).all():
        raise ValueError("one finite weight per respondent")
    table = pd.DataFrame(nps_by_group(data[score], wt, data[column], weighted_nps))
    bank = float(weighted_nps(data[score], wt)["nps"])
    half = (table["high"].astype(float) - table["low"].astype(float)) / 2
    widest = str(half.idxmax())
    return {"column": column, "weighted": bool(weighted), "bank": bank, "table": table,
            "below": [str(g) for g in table.index[table["below"].astype(bool)]],
            "widest": (widest, float(half[widest]), int(table.loc[widest, "n"]))}


def readout_html(s: dict) -> str:
    """The readout: the bank's NPS, the groups reliably below it and the least precise group."""
    g, half, n = s["widest"]
    below = ", ".join(s["below"]) or "none"
    return (f"<b>By {s['column']}</b> ({'weighted' if s['weighted'] else 'unweighted'}): bank NPS {s['bank']:.1f} "
            f"&nbsp;|&nbsp; <b>wholly below</b>: {below} &nbsp;|&nbsp; <b>least precise</b>: {g} "
            f"(± {half:.1f} points, {n} answers) &nbsp;|&nbsp; 净推荐值")


def group_chart(s: dict):
    """Each group's NPS with its interval, the bank's NPS as a line. Returns (fig, ax)."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE

    t = s["table"]
    v = t["nps"].astype(float).to_numpy()
    err = np.vstack([v - t["low"].astype(float).to_numpy(), t["high"].astype(float).to_numpy() - v])
    y = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(t) + 1.5))
    ax.errorbar(v, y, xerr=err, fmt="o", color=BANK_COLOR, ecolor=PALETTE[1], capsize=3)
    ax.axvline(s["bank"], color=PALETTE[3], linestyle=":")
    ax.set_yticks(y, [str(i) for i in t.index])
    ax.invert_yaxis()
    ax.set_title(f"NPS by {s['column']} ({'weighted' if s['weighted'] else 'unweighted'}), 95% intervals")
    ax.set_xlabel("NPS (points)")
    fig.tight_layout()
    return fig, ax


def nps_group_widget(nps_by_group, weighted_nps, data: pd.DataFrame, score: str, weights, columns: list[str], *,
                     chart: bool = True):
    """An ipywidgets VBox: a dropdown of the grouping ``columns``, a checkbox for the weights, a live
    readout and the chart. The box exposes ``.sliders`` (dict: group, weighted), ``.readout``,
    ``.chart`` and ``.summary()``."""
    import ipywidgets as w

    controls = {"group": w.Dropdown(options=list(columns), value=columns[0], description="Group by"),
                "weighted": w.Checkbox(value=True, description="Weighted (non-response)")}

    def summary() -> dict:
        return group_nps(nps_by_group, weighted_nps, data, score, weights, controls["group"].value,
                         controls["weighted"].value)

    return live_box(controls, summary, readout_html, (lambda s: group_chart(s)[0]) if chart else None, READOUT_CLASS)
