"""A fingerprint of the engine's outputs: play many batches and hash every state, log and trace, bit for bit.

Run it on two checkouts and compare the digests to show an engine change gives the same bits
(``python -m tests.engine_fingerprint``, from each checkout with PYTHONPATH pointing at it):
the four bundled scenarios and tests/data/tiny.yaml, batches of 1, 7, 256 and 3000 games,
several mixes of orders (random legal ones, idle, busy, a few games only), with and without a trace.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

from game.engine import turn as rules
from game.engine.orders import Orders, random_orders
from game.engine.state import alive
from game.scenario.compiler import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [*sorted((ROOT / "scenarios").glob("*.yaml")), ROOT / "tests" / "data" / "tiny.yaml"]
BATCHES = (1, 7, 256, 3000)
MIXES = ("random", "idle", "busy", "sparse")
REPEATS = {1: 12, 7: 3}
"""Games of small batches are played with several seeds, so more weeks are covered."""


def mixed_orders(sc, state, side: int, rng: np.random.Generator, mix: str) -> Orders:
    """One side's orders for the batch under a mix: random legal, none, as many as fit, or in a few games only."""
    if mix == "idle":
        return Orders.empty(sc, side, state.shape[1])
    orders = random_orders(sc, state, side, rng, stop=0.0 if mix == "busy" else 0.25)
    if mix == "sparse":
        keep = rng.random(state.shape[1]) < 0.1
        orders.chosen &= keep
    return orders


def feed(digest, *arrays) -> None:
    """Add arrays' exact bytes (and shapes and types) to a digest."""
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.shape}{array.dtype}".encode())
        digest.update(array.tobytes())


def play(sc, batch: int, mix: str, traced: bool, seed: int) -> str:
    """Play one batch to the end; the digest of every state, log and trace along the way."""
    rng = np.random.default_rng(seed)
    digest = hashlib.sha256()
    state, fired = rules.start(sc, batch, rng)
    feed(digest, state, fired)
    week = 0
    while alive(sc, state).any() and week < 200:
        orders = tuple(mixed_orders(sc, state, side, rng, mix) for side in (0, 1))
        results = None
        if mix == "busy" and sc.contests:
            results = rng.integers(-1, 2, (len(sc.contests), batch)).astype(np.int8)
        trace = rules.Trace() if traced else None
        log = rules.step(sc, state, orders, rng, contest_results=results, trace=trace)
        feed(digest, state, log.chosen[0], log.chosen[1], log.contests, log.signed, log.ended, log.events)
        digest.update(str(log.turn).encode())
        if log.found is not None:
            feed(digest, log.found)
        if trace is not None:
            digest.update(repr((trace.added, trace.settings)).encode())
        week += 1
    return digest.hexdigest()[:16]


def fingerprints(batches=BATCHES, mixes=MIXES) -> dict[str, str]:
    """Every (scenario, batch, mix, trace) case's digest."""
    out = {}
    for path in SCENARIOS:
        sc = load_scenario(path)
        for batch in batches:
            for mix in mixes:
                for traced in (False, True):
                    if traced and batch > 256:
                        continue
                    for repeat in range(REPEATS.get(batch, 1)):
                        seed = batch * 31 + len(mix) + traced + 1000 * repeat
                        key = f"{path.stem} {batch} {mix} {'trace' if traced else 'plain'} {repeat}"
                        out[key] = play(sc, batch, mix, traced, seed)
    return out


if __name__ == "__main__":
    for key, value in fingerprints().items():
        print(key, value)
    sys.stdout.flush()
