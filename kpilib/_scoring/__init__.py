"""Scoring rules: pure functions and frozen dataclasses, no I/O."""
