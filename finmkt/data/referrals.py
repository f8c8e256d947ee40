"""A referral campaign and an uncapped coupon, with planted fraud rings (module 04, lesson 4: campaign fraud).

(Module 04 family: filled in by its lesson; its own derived RNG keeps the other files
byte-identical.)
"""

from __future__ import annotations

import numpy as np

SCHEMAS: list = []


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """No tables yet."""
    return {}
