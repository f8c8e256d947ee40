"""Marketing copy of Minghu Bank and its competitors, labelled per rule MKT-01..MKT-07 (module 04, lesson 1: marketing-copy review).

(Module 04 family: filled in by its lesson; its own derived RNG keeps the other files
byte-identical.)
"""

from __future__ import annotations

import numpy as np

SCHEMAS: list = []


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """No tables yet."""
    return {}
