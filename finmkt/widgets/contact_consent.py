"""Calling-policy what-if tool (lesson 04_compliance/03_contact_consent).

:func:`policy_violations` is the plain computation (unit-tested): for the calls of a contact
log and a calling policy (window start and end hour, do-not-call months after a refusal) it
counts, per maker (the bank's own centre and each outsourced vendor), the calls that start
outside the window (allowed when start <= time < end, local time), the calls within the
do-not-call period (after a refused call of the same customer and before refusal date + the
months, calendar months; a call on the end day is allowed), the calls breaking either rule and
their share of the maker's calls. The two rules are the functions you pass (the lesson's
exercises ``outside_window`` and ``dnc_violations``): the tool runs your own rules.

:func:`policy_chart` draws the calls breaking each rule per maker; :func:`contact_policy_widget`
wraps both in sliders (do-not-call months first, then the window) with a live readout: a
compliance officer's "what if our policy were stricter" tool.
"""

from __future__ import annotations

import pandas as pd

from finmkt.widgets._live import live_box, slider

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-contact-policy-readout"


def policy_violations(contacts: pd.DataFrame, start_hour: int = 9, end_hour: int = 21, months: int = 6, *,
                      outside_window, dnc_violations) -> pd.DataFrame:
    """Per maker (``made_by``): calls, outside_window, in_dnc, either and rate (either / calls).

    ``outside_window(contacts, start, end)`` ("HH:MM" strings) and ``dnc_violations(contacts,
    months)`` return boolean Series on the contacts' index (the lesson's exercises).

    Rows are ordered as the makers first appear sorted by name; a final row ``all`` sums them.
    """
    if not 0 <= start_hour < end_hour <= 24 or months < 0:
        raise ValueError("need 0 <= start_hour < end_hour <= 24 and months >= 0")
    calls = contacts[contacts["channel"].astype(str) == "call"]
    start, end = f"{start_hour:02d}:00", ("24:00" if end_hour == 24 else f"{end_hour:02d}:00")
    window = outside_window(calls, start, end).astype(bool)
    dnc = dnc_violations(calls, months).astype(bool) if months > 0 else pd.Series(False, index=calls.index)
    by = calls["made_by"].astype(str)
    out = pd.DataFrame({"calls": by.groupby(by).size(), "outside_window": window.groupby(by).sum(),
                        "in_dnc": dnc.groupby(by).sum(), "either": (window | dnc).groupby(by).sum()}).astype(int)
    out.loc["all"] = out.sum()
    out["rate"] = out["either"] / out["calls"]
    return out


def readout_html(t: pd.DataFrame, start_hour: int, end_hour: int, months: int) -> str:
    """The readout: the policy, the total and each maker's share of calls breaking it."""
    total = t.loc["all"]
    makers = [m for m in t.index if m != "all"]
    worst = max(makers, key=lambda m: t.loc[m, "rate"])
    parts = " &nbsp;|&nbsp; ".join(f"{m}: {int(t.loc[m, 'either']):,} ({t.loc[m, 'rate']:.1%})" for m in makers)
    return (f"<b>Policy</b>: calls {start_hour:02d}:00-{end_hour:02d}:00, 免打扰 {months} months after a refusal "
            f"&nbsp;|&nbsp; <b>Calls breaking it</b>: {int(total['either']):,} of {int(total['calls']):,} "
            f"({total['rate']:.1%}; window {int(total['outside_window']):,}, do-not-call {int(total['in_dnc']):,})"
            f"<br>{parts} &nbsp;|&nbsp; highest: <b>{worst}</b>")


def policy_chart(t: pd.DataFrame):
    """Bars of the calls outside the window and within the do-not-call period per maker.
    Returns (fig, ax); the legend sits outside."""
    import matplotlib.pyplot as plt
    import numpy as np

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    t = t.drop(index="all")
    x = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.bar(x - 0.2, t["outside_window"], width=0.4, color=BANK_COLOR, label="outside the window")
    ax.bar(x + 0.2, t["in_dnc"], width=0.4, color=PALETTE[3], label="within do-not-call period")
    ax.set_xticks(x, t.index)
    ax.set_title("Calls breaking the calling policy, by maker")
    ax.set_xlabel("Maker (MH = own centre, V1-V4 = outsourced vendors)")
    ax.set_ylabel("Calls (2025)")
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def contact_policy_widget(contacts: pd.DataFrame, start_hour: int = 9, end_hour: int = 21, months: int = 6, *,
                          outside_window, dnc_violations, chart: bool = True):
    """An ipywidgets VBox: sliders for the do-not-call months (first), the window's start and end
    hour; a live readout and the chart. Exposes ``.sliders`` (months, start, end), ``.readout``,
    ``.chart`` and ``.summary()`` (the :func:`policy_violations` table). ``outside_window`` and
    ``dnc_violations`` are your exercises' functions (see :func:`policy_violations`)."""

    sliders = {
        "months": slider(int(months), 0, 24, 1, "Do-not-call months (免打扰)", label_width="190px"),
        "start": slider(int(start_hour), 6, 12, 1, "Window opens (hour)", label_width="190px"),
        "end": slider(int(end_hour), 17, 24, 1, "Window closes (hour)", label_width="190px"),
    }
    calls = contacts[contacts["channel"].astype(str) == "call"]

    def summary() -> pd.DataFrame:
        return policy_violations(calls, sliders["start"].value, sliders["end"].value, sliders["months"].value,
                                 outside_window=outside_window, dnc_violations=dnc_violations)

    return live_box(sliders, summary,
                    lambda t: readout_html(t, sliders["start"].value, sliders["end"].value, sliders["months"].value),
                    (lambda t: policy_chart(t)[0]) if chart else None, READOUT_CLASS)
