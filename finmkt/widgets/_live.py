"""The live panel shared by the calculator widgets: sliders, an HTML readout and a chart,
all refreshed whenever a slider moves."""

from __future__ import annotations

from collections.abc import Callable


def live_box(sliders: dict, summary: Callable[[], dict], readout: Callable[[dict], str],
             draw: Callable[[dict], object] | None, readout_class: str):
    """A VBox of ``sliders``, a readout and a chart output, refreshed on every change.

    ``summary()`` computes the numbers from the sliders; ``readout(s)`` turns them into
    HTML; ``draw(s)`` returns a matplotlib figure (``None``: no chart). The box exposes
    ``.sliders``, ``.readout``, ``.chart`` and ``.summary()``.
    """
    import ipywidgets as w

    html = w.HTML()
    html.add_class(readout_class)
    out = w.Output()

    def refresh(_change=None) -> None:
        s = summary()
        html.value = readout(s)
        if draw is not None:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig = draw(s)
                display(fig)
                plt.close(fig)

    for slider in sliders.values():
        slider.observe(refresh, names="value")
    box = w.VBox([*sliders.values(), html, out])
    box.sliders, box.readout, box.chart, box.summary = sliders, html, out, summary
    refresh()
    return box


def slider(value, lo, hi, step, description: str, fmt: str | None = None, *, label_width: str = "170px",
           width: str = "480px"):
    """A labelled slider of the calculators: an IntSlider when ``value`` and ``step`` are
    integers, else a FloatSlider with readout format ``fmt``; it reports on release
    (``continuous_update=False``: one recomputation per move, not one per pixel)."""
    import ipywidgets as w

    common = dict(value=value, min=lo, max=hi, step=step, description=description, continuous_update=False,
                  style={"description_width": label_width}, layout=w.Layout(width=width))
    if isinstance(value, int) and isinstance(step, int) and fmt is None:
        return w.IntSlider(**common)
    return w.FloatSlider(readout_format=fmt or ".2f", **common)
