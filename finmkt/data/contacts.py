"""Marketing calls and SMS with consent, refusal and opt-out records (module 04, lesson 3: contact and consent audit).

(Module 04 family: filled in by its lesson; its own derived RNG keeps the other files
byte-identical.)
"""

from __future__ import annotations

import numpy as np

SCHEMAS: list = []


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """No tables yet."""
    return {}
