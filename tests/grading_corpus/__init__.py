"""Test data of the grading tests: a toy assignment and an adversarial class built from it."""
