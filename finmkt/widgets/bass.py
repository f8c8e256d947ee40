"""Bass diffusion explorer (lesson 01_market_analysis/03_lifecycle_and_competition).

:func:`bass_curve` and :func:`bass_peak` are the plain computations (unit-tested):
the monthly and cumulative adopters of the Bass model (with the lesson's given
F(t), :func:`finmkt.recipes.lifecycle.bass_cumulative`), and the peak: its month t* by the
function you pass (the lesson's exercise ``peak_month``), the peak rate of adoption
m(p+q)²/(4q) and the share adopted by then (q − p)/(2q).
:func:`bass_chart` draws a curve against a reference curve, and :func:`bass_widget` wraps
them in sliders for p, q and m with a live readout and that chart, which keeps the starting
curve as the reference.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.recipes.lifecycle import bass_cumulative

#: CSS class of the readout (browser tests can read the peak text from it).
READOUT_CLASS = "finmkt-bass-readout"


def bass_curve(p: float, q: float, m: float, months: int) -> pd.DataFrame:
    """Monthly Bass adoption for months 1..``months``.

    Columns: ``month``, ``new_adopters`` = m·[F(t) − F(t−1)], ``cumulative`` = m·F(t)
    and ``share`` = F(t). Needs p > 0, q ≥ 0, m > 0 and months ≥ 1.
    """
    if p <= 0 or q < 0 or m <= 0 or months < 1:
        raise ValueError("need p > 0, q >= 0, m > 0 and at least one month")
    t = np.arange(1, int(months) + 1)
    share = bass_cumulative(t, p, q)
    new = m * (share - bass_cumulative(t - 1, p, q))
    return pd.DataFrame({"month": t, "new_adopters": new, "cumulative": m * share, "share": share})


def bass_peak(p: float, q: float, m: float = 1.0, *, peak_month) -> dict[str, float]:
    """Peak of the (continuous) Bass adoption rate.

    ``peak_month(p, q)`` gives t* (the lesson's exercise: ln(q/p)/(p+q)).
    ``t_star`` = peak_month(p, q) months (0 when q ≤ p: adoption is highest at launch),
    ``peak_rate`` = adopters per month at the peak: m(p+q)²/(4q), or m·p at launch when q ≤ p,
    ``share_at_peak`` = F(t*) = (q − p)/(2q) (0 when q ≤ p).
    """
    if q <= p:
        return {"t_star": 0.0, "peak_rate": float(m * p), "share_at_peak": 0.0}
    return {
        "t_star": float(peak_month(p, q)),
        "peak_rate": float(m * (p + q) ** 2 / (4 * q)),
        "share_at_peak": float((q - p) / (2 * q)),
    }


def readout_html(p: float, q: float, m: float, *, peak_month) -> str:
    """The readout: peak month, adopters per month at the peak and the share adopted by then."""
    pk = bass_peak(p, q, m, peak_month=peak_month)
    return (f"<b>Peak</b> in month {pk['t_star']:.1f} &nbsp;|&nbsp; {pk['peak_rate']:,.0f} new adopters "
            f"per month at the peak &nbsp;|&nbsp; {pk['share_at_peak']:.0%} of the potential adopted by then")


def bass_chart(base: pd.DataFrame, current: pd.DataFrame, t_star: float):
    """The widget's chart: the ``current`` curve against the ``base`` one (grey, dashed) and the peak t*.

    ``base`` and ``current`` are :func:`bass_curve` tables. The legend sits outside the axes
    (:func:`finmkt.plotting.place_legend`), so it never covers a curve. Returns (fig, ax).
    """
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(base["month"], base["new_adopters"], color=PALETTE[6], linestyle="--", label="start")
    ax.plot(current["month"], current["new_adopters"], color=BANK_COLOR, label="current")
    ax.axvline(t_star, color=PALETTE[1], linestyle=":", label="peak t*")
    ax.set_title("Bass diffusion: new adopters per month")
    ax.set_xlabel("Months since launch")
    ax.set_ylabel("New adopters (customers per month)")
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def bass_widget(peak_month, p: float = 0.005, q: float = 0.08, m: float = 50_000, months: int = 96, *,
                chart: bool = True):
    """An ipywidgets VBox: sliders for p, q and m, a live readout and the adoption curve.

    ``peak_month(p, q)`` computes the peak month t* (pass your exercise's function).
    The starting curve stays on the chart (grey, dashed) so each change is read against it.
    The box exposes ``.sliders`` (dict: p, q, m), ``.readout``, ``.chart`` and ``.curve()``.
    """
    import ipywidgets as w

    sliders = {
        "p": w.FloatSlider(value=p, min=0.001, max=0.05, step=0.001, readout_format=".3f",
                           description="p (innovation)", continuous_update=False,
                           style={"description_width": "120px"}, layout=w.Layout(width="440px")),
        "q": w.FloatSlider(value=q, min=0.0, max=0.3, step=0.005, readout_format=".3f",
                           description="q (imitation)", continuous_update=False,
                           style={"description_width": "120px"}, layout=w.Layout(width="440px")),
        "m": w.FloatSlider(value=m, min=m / 4, max=m * 2, step=m / 100, readout_format=",.0f",
                           description="m (potential)", continuous_update=False,
                           style={"description_width": "120px"}, layout=w.Layout(width="440px")),
    }
    readout = w.HTML()
    readout.add_class(READOUT_CLASS)
    out = w.Output()
    base = bass_curve(p, q, m, months)

    def curve() -> pd.DataFrame:
        return bass_curve(sliders["p"].value, sliders["q"].value, sliders["m"].value, months)

    def refresh(_change=None) -> None:
        vals = {k: s.value for k, s in sliders.items()}
        readout.value = readout_html(**vals, peak_month=peak_month)
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig, _ = bass_chart(base, curve(), bass_peak(vals["p"], vals["q"], peak_month=peak_month)["t_star"])
                display(fig)
                plt.close(fig)

    for s in sliders.values():
        s.observe(refresh, names="value")
    box = w.VBox([*sliders.values(), readout, out])
    box.sliders, box.readout, box.chart, box.curve = sliders, readout, out, curve
    refresh()
    return box
