"""Randomised pricing test of an offered rate (module 02, lesson 3: rate elasticity).

(Module 02 family: filled in by its lesson; its own derived RNG keeps the other files
byte-identical.)
"""

from __future__ import annotations

import numpy as np

SCHEMAS: list = []


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """No tables yet."""
    return {}
