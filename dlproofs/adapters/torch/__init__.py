"""PyTorch under the reference implementation's names, one module per chapter."""
