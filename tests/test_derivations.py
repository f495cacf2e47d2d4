"""Every derivation in every chapter proves, and every slide erratum is confirmed."""

import pytest

import derivations
from tests.proofs import proof_of


@pytest.mark.parametrize("derivation", derivations.derivations(), ids=lambda d: d.id)
def test_derivation_proves_every_step_and_establishes_its_claims(derivation):
    proof = proof_of(derivation)  # proved once per process, lemma sources included
    assert proof.ok
    assert len(proof.records) == len(derivation.steps)


@pytest.mark.parametrize("erratum", derivations.errata(), ids=lambda e: e.id)
def test_slide_erratum_is_confirmed_by_a_counterexample(erratum):
    assert erratum.confirmed, f"{erratum.id}: the slide's formula agrees with the derivation"


def test_claim_ids_are_unique_across_chapters():
    table = derivations.claims()
    assert len(table) == sum(len(d.claims) for d in derivations.derivations())
