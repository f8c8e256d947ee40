"""Roll-out tool (lesson 05_customer_operations/04_uplift).

:func:`rollout_summary` is the plain computation (unit-tested): for a rebate and a share of the
customers, the expected profit of sending the SMS to that share, the customers ranked either by
their expected profit (the plan's order) or by the response model's score, with each customer's
expected profit from the plan function you pass (the lesson's exercise ``rollout_plan(uplift,
p_sent, value, rebate, sms_cost)``, which returns a dict with ``profit``, ``target``, ``n_target``
and ``total``). :func:`rollout_chart` draws the two cumulative profit curves; :func:`rollout_widget`
wraps both in sliders for the rebate and the share with a live readout. Presentation only: the
profits are your function's.

The figures are the two-model plan's **in-sample** expectations (the customers the models were
fitted on): the tool shows the reward lever and the response-versus-uplift ranking, it does not
count or budget the lesson's roll-out, which is the segment plan checked on held-out customers.
``exclude`` (a boolean mask) marks the customers of segments the lesson never sends the SMS to:
their uplift is capped at 0 before your function is called, so they never count as profitable.
"""

from __future__ import annotations

import numpy as np

from finmkt.widgets._live import slider

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-uplift-readout"


def rollout_summary(rollout_plan, uplift, p_sent, value, rebate: float, sms_cost: float, share: float,
                    exclude=None) -> dict:
    """``{"rebate", "share", "k", "n", "n_target", "total", "by_profit", "by_response", "everyone", "best_k",
    "curve_profit", "curve_response"}``: the plan of ``rollout_plan`` at this rebate, and the expected
    profit (RMB) of the top ``share`` (0-1) of the customers ranked by expected profit or by ``p_sent``
    (stable ranking; the curves start at 0 customers). ``exclude``: a boolean mask of customers whose
    uplift is capped at 0 (segments the lesson excludes; with a positive SMS cost they never pay)."""
    if not 0 <= float(share) <= 1:
        raise ValueError("share must be between 0 and 1")
    if float(rebate) < 0:
        raise ValueError("rebate must be >= 0")
    uplift = np.asarray(uplift, dtype=float)
    if exclude is not None:
        exclude = np.asarray(exclude, dtype=bool)
        if exclude.shape != uplift.shape:
            raise ValueError("exclude must have one flag per customer")
        uplift = np.where(exclude, np.minimum(uplift, 0.0), uplift)
    plan = rollout_plan(uplift, p_sent, value, float(rebate), float(sms_cost))
    profit = np.asarray(plan["profit"], dtype=float)
    n = len(profit)
    by_profit = np.r_[0.0, np.cumsum(profit[np.argsort(-profit, kind="stable")])]
    by_response = np.r_[0.0, np.cumsum(profit[np.argsort(-np.asarray(p_sent, dtype=float), kind="stable")])]
    k = int(round(float(share) * n))
    return {"rebate": float(rebate), "share": float(share), "k": k, "n": n, "n_target": int(plan["n_target"]),
            "total": float(plan["total"]), "by_profit": float(by_profit[k]), "by_response": float(by_response[k]),
            "everyone": float(by_profit[-1]), "best_k": int(np.argmax(by_profit)),
            "curve_profit": by_profit, "curve_response": by_response}


def readout_html(s: dict) -> str:
    """The readout: the plan at this rebate, and the chosen share under the two rankings."""
    return (f"<b>Rebate RMB {s['rebate']:.0f}</b>: the two-model plan (in sample) sends {s['n_target']:,} SMS "
            f"({s['n_target'] / s['n']:.0%}), expected profit RMB {s['total']:,.0f} &nbsp;|&nbsp; <b>top {s['share']:.0%}</b> "
            f"({s['k']:,} customers): RMB {s['by_profit']:,.0f} ranked by expected profit, RMB {s['by_response']:,.0f} by "
            f"response &nbsp;|&nbsp; everyone: RMB {s['everyone']:,.0f} &nbsp;|&nbsp; in-sample expectations, not the "
            "roll-out's budget &nbsp;|&nbsp; 增益 uplift")


def rollout_chart(s: dict):
    """Cumulative expected profit against the share targeted, for both rankings. Returns (fig, ax)."""
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE

    k = np.unique(np.round(np.linspace(0, s["n"], 201)).astype(int))  # 200 steps are enough to see the curve
    x = 100 * k / s["n"]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(x, s["curve_profit"][k], color=BANK_COLOR, label="ranked by expected profit (uplift)")
    ax.plot(x, s["curve_response"][k], color=PALETTE[1], label="ranked by response")
    ax.axvline(100 * s["share"], color=PALETTE[3], linestyle=":")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_title(f"Expected profit of the SMS, rebate RMB {s['rebate']:.0f}")
    ax.set_xlabel("Share of customers sent the SMS (%)")
    ax.set_ylabel("Expected profit (RMB)")
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig, ax


def _png(fig) -> bytes:
    """The figure as PNG bytes (the figure is closed)."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def rollout_widget(rollout_plan, uplift, p_sent, value, rebate: float = 20.0, sms_cost: float = 0.1, *,
                   exclude=None, chart: bool = True):
    """An ipywidgets VBox: sliders for the rebate (RMB 0-50) and the share targeted (0-100%), a live
    readout and the chart. ``rollout_plan`` is your exercise's function, ``exclude`` the customers
    never sent the SMS (see :func:`rollout_summary`).

    The chart is an ``ipywidgets.Image`` (PNG) rather than an ``Output`` that captures a displayed
    figure: executed headless (nbclient), an Output's captured figure is sent back to the kernel
    while the cell finishes, and the cell's reply was then lost now and then (the run waited for
    its timeout).

    The box exposes ``.sliders`` (dict: rebate, share), ``.readout``, ``.chart`` (the Image, None
    without a chart) and ``.summary()``.
    """
    import ipywidgets as w

    sliders = {"rebate": slider(int(round(rebate)), 0, 50, 5, "Rebate per buyer (RMB)"),
               "share": slider(50, 0, 100, 5, "Share sent the SMS (%)")}
    html = w.HTML()
    html.add_class(READOUT_CLASS)
    image = w.Image(format="png", layout=w.Layout(width="700px")) if chart else None

    def summary() -> dict:
        return rollout_summary(rollout_plan, uplift, p_sent, value, sliders["rebate"].value, sms_cost,
                               sliders["share"].value / 100, exclude=exclude)

    def refresh(_change=None) -> None:
        s = summary()
        html.value = readout_html(s)
        if image is not None:
            image.value = _png(rollout_chart(s)[0])

    for control in sliders.values():
        control.observe(refresh, names="value")
    box = w.VBox([*sliders.values(), html, *([image] if image is not None else [])])
    box.sliders, box.readout, box.chart, box.summary = sliders, html, image, summary
    refresh()
    return box
