"""Trusted rules of the chapters, one module per chapter: each with a statement, a
reference, and a test of the false instances it must refuse (tests/<chapter>/)."""
