"""A digital campaign's funnel and two A/B tests of an offer (module 03, lesson 2: funnel and A/B testing).

(Module 03 family: filled in by its lesson; its own derived RNG keeps the other files
byte-identical.)
"""

from __future__ import annotations

import numpy as np

SCHEMAS: list = []


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """No tables yet."""
    return {}
