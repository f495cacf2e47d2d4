"""Trusted rules contributed by chapters, one module per chapter (each with a statement,
a reference and a test of the false instances it refuses)."""
