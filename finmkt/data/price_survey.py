"""Price-sensitivity survey for a fee-based product (module 02, lesson 2: Van Westendorp, Gabor-Granger).

(Module 02 family: filled in by its lesson; its own derived RNG keeps the other files
byte-identical.)
"""

from __future__ import annotations

import numpy as np

SCHEMAS: list = []


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """No tables yet."""
    return {}
