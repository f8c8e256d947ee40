"""Monthly cohorts of new customers with activity, churn and censoring (module 03, lesson 4: retention).

(Module 03 family: filled in by its lesson; its own derived RNG keeps the other files
byte-identical.)
"""

from __future__ import annotations

import numpy as np

SCHEMAS: list = []


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """No tables yet."""
    return {}
