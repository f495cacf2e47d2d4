"""Benchmark: how long each chapter's derivations take to prove (best of N, CPU time).

Speed is measured here, not asserted in a test: ``python benchmarks/proofs.py``.
The budget in DEVELOPERS.md is the whole default ``pytest`` run under 45 s on
two cores; proving every derivation is part of that run.
"""

from __future__ import annotations

import argparse
import time

import derivations


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions (the best is shown)")
    args = parser.parse_args()
    total = 0.0
    for chapter in derivations.chapters():
        seconds = best_of(args.runs, lambda c=chapter: [d.prove() for d in c.derivations])
        total += seconds
        print(f"{chapter.id:10s} {len(chapter.derivations):3d} derivations  {seconds:6.2f} s")
    print(f"{'all':10s} {len(derivations.derivations()):3d} derivations  {total:6.2f} s")


if __name__ == "__main__":
    main()
