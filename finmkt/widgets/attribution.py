"""Attribution explorer (lesson 03_channels/03_attribution).

:func:`compare_credit` is the plain computation (unit-tested): one model's conversions
credited per channel beside a reference (the holdout tests' incremental conversions in the
lesson; the planted contributions in the kit's tests), each as a number and as a share, the
gap, and the **misallocated share**: half the sum of the absolute gaps over the
conversions, the share of the conversions (and of a budget split in proportion to them)
that the model puts on the wrong channels.

:func:`comparison_chart` draws the two side by side; :func:`attribution_widget` wraps them in
a model picker with a live readout.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from finmkt.recipes.attribution import misallocated_share

__all__ = ["MODEL_LABELS", "attribution_widget", "compare_credit", "comparison_chart", "misallocated_share",
           "readout_html"]

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-attribution-readout"

MODEL_LABELS = {
    "first_touch": "First touch", "last_touch": "Last touch", "linear": "Linear",
    "position_based": "Position-based 40/20/40", "time_decay": "Time decay (7-day half-life)",
    "markov": "Markov removal effect", "shapley": "Shapley (exact-set rate)",
}


def compare_credit(credit: pd.Series, reference: pd.Series) -> pd.DataFrame:
    """Per channel (the reference's index): ``credit``, ``reference``, ``gap`` = credit −
    reference, ``credit_share`` and ``reference_share`` (fractions of their totals)."""
    ref = pd.Series(reference, dtype=float)
    got = pd.Series(credit, dtype=float).reindex(ref.index, fill_value=0.0)
    out = pd.DataFrame({"credit": got, "reference": ref, "gap": got - ref})
    out["credit_share"] = got / got.sum() if got.sum() else 0.0
    out["reference_share"] = ref / ref.sum()
    return out


def readout_html(table: pd.DataFrame, label: str) -> str:
    """One line: the misallocated share, the most over- and under-credited channels."""
    share = misallocated_share(table["credit"], table["reference"])
    over, under = table["gap"].idxmax(), table["gap"].idxmin()
    return (f"<b>{label}</b>: misallocates {share:.1%} of the conversions (and of a budget split by them) "
            f"&nbsp;|&nbsp; most over-credited: {over} ({table.loc[over, 'gap']:+,.0f}) &nbsp;|&nbsp; "
            f"most under-credited: {under} ({table.loc[under, 'gap']:+,.0f})")


def comparison_chart(table: pd.DataFrame, label: str, reference_label: str = "Reference"):
    """Horizontal bars: the model's credit beside the reference, per channel. Returns (fig, ax)."""
    import matplotlib.pyplot as plt
    import numpy as np

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    y = np.arange(len(table))
    ax.barh(y + 0.2, table["credit"], height=0.4, color=BANK_COLOR, label=label)
    ax.barh(y - 0.2, table["reference"], height=0.4, color=PALETTE[1], label=reference_label)
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlabel("Conversions credited (accounts opened)")
    ax.set_title(f"{label} against {reference_label.lower()}")
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def attribution_widget(credits: Mapping[str, pd.Series], reference: pd.Series, *,
                       reference_label: str = "Reference", model: str | None = None, chart: bool = True):
    """An ipywidgets VBox: a dropdown of the models in ``credits`` (name -> credit per channel),
    a readout and the chart against ``reference``.

    The box exposes ``.picker``, ``.readout``, ``.chart`` and ``.table()`` (the current comparison).
    """
    import ipywidgets as w

    if not credits:
        raise ValueError("no model to show: compute at least one model's credits first")
    options = [(MODEL_LABELS.get(k, k), k) for k in credits]
    picker = w.Dropdown(options=options, value=model if model in credits else options[0][1],
                        description="Model", style={"description_width": "80px"},
                        layout=w.Layout(width="420px"))
    readout = w.HTML()
    readout.add_class(READOUT_CLASS)
    out = w.Output()

    def table() -> pd.DataFrame:
        return compare_credit(credits[picker.value], reference)

    def refresh(_change=None) -> None:
        t = table()
        label = MODEL_LABELS.get(picker.value, picker.value)
        readout.value = readout_html(t, label)
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig, _ = comparison_chart(t, label, reference_label)
                display(fig)
                plt.close(fig)

    picker.observe(refresh, names="value")
    box = w.VBox([picker, readout, out])
    box.picker, box.readout, box.chart, box.table = picker, readout, out, table
    refresh()
    return box
