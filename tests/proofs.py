"""The kernel's proof of a registered derivation, made once per test process.

``tests/test_derivations.py`` proves every derivation, and the kernel proves a
derivation again whenever another one uses a lemma of it: it keeps those
proofs (``kernel.proof_of``, keyed by the derivation object), and a test that
asks for a proof here shares them, so no process proves one derivation twice.
"""

from __future__ import annotations

from derivations import kernel


def proof_of(derivation: kernel.Derivation) -> kernel.Proof:
    """The derivation's proof (``derivation.prove()``, the same steps and numeric
    cross-check); a refusal raises as ``prove()`` raises it."""
    proof = kernel.proof_of(derivation)
    if proof.error is not None:
        raise proof.error
    return proof
