"""Thin adapters presenting other libraries under the reference implementation's contract."""
