"""finmkt: the course package of the Financial Product Marketing Strategy kit.

It generates the synthetic world (``finmkt.data``), loads datasets from any working
directory (``finmkt.data.load``), sets the course's chart style (``finmkt.plotting``),
provides the lesson widgets (``finmkt.widgets``) and the hint helper (``finmkt.hint``).
"""

from finmkt.hints import hint

__all__ = ["hint"]
__version__ = "0.1.0"
