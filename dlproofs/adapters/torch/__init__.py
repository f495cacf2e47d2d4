"""PyTorch under the reference's names, one module per chapter (owned by the check-architecture
helper; this placeholder only makes ``dlproofs.adapters.torch.<chapter>`` importable)."""
