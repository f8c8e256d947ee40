"""The calculators' shared slider factory (finmkt/widgets/_live.py)."""

from __future__ import annotations

import ipywidgets as w

from finmkt.widgets._live import slider


def test_integer_value_and_step_give_an_int_slider_else_a_float_slider():
    months = slider(6, 0, 24, 1, "Months")
    rate = slider(0.05, 0.0, 0.2, 0.01, "Rate", ".1%", label_width="150px", width="400px")
    assert isinstance(months, w.IntSlider) and months.value == 6 and (months.min, months.max) == (0, 24)
    assert isinstance(rate, w.FloatSlider) and rate.readout_format == ".1%" and rate.step == 0.01
    assert not months.continuous_update and not rate.continuous_update  # one recomputation per move
    assert rate.style.description_width == "150px" and rate.layout.width == "400px"
    assert isinstance(slider(6.0, 0, 24, 1, "Months as a float"), w.FloatSlider)
