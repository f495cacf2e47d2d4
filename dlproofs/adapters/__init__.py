"""Adapters that present other libraries under the reference implementation's names."""
