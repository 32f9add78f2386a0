"""Forecasts: what a move (or a deal) is likely to do, from a few thousand rollouts on the batch engine.

Rollouts start from the player's OBSERVATION, never the true state: the other
side's noisy numbers are redrawn around the player's estimates, hidden ones stay
at what the player may assume.  Week one applies the player's orders plus the
move being weighed; the other side plays random legal moves (a stand-in for
"anything they might do"); later weeks the player does nothing, so the spread
shows what this week's choice sets in motion.  Everything runs on the engine's
own ``turn.step``; the ``Forecaster`` runs requests in a worker thread (numpy
releases the GIL for large operations) so the window keeps drawing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import turn as rules
from ..engine.orders import Orders, random_orders
from ..engine.scoring import scores
from ..engine.state import clip
from ..scenario.compiled import CompiledScenario

RUNS = 2000
WEEKS = 4
_NOISE_SCALE = float(np.sqrt(6.0))


@dataclass(frozen=True)
class Forecast:
    """P10, P50 and P90 of some rows over the next weeks (index 0 is now)."""

    rows: tuple[int, ...]
    quantiles: np.ndarray
    """(3, weeks + 1, rows): P10, P50, P90."""
    scores: np.ndarray
    """(3, weeks + 1, 2): the same for both leaders' scores."""
    runs: int
    seconds: float

    def row(self, row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P10, P50, P90) of one row over time."""
        k = self.rows.index(row)
        return self.quantiles[0, :, k], self.quantiles[1, :, k], self.quantiles[2, :, k]


def sample_unknowns(
    sc: CompiledScenario, obs: np.ndarray, side: int, runs: int, rng: np.random.Generator
) -> np.ndarray:
    """A batch of plausible true states from one observation (the other side's noisy numbers redrawn)."""
    state = np.repeat(obs[:, :1], runs, axis=1)
    for var in sc.variables:
        if var.owner not in (-1, side) and var.noise > 0 and not var.hidden:
            u = rng.random((2, runs))
            state[var.index] += (u[0] + u[1] - 1.0) * _NOISE_SCALE * var.noise
    clip(sc, state)
    return state


def tile_orders(sc: CompiledScenario, side: int, order: Orders | None, runs: int) -> Orders:
    """A one-game Orders repeated over a batch (empty orders if None)."""
    if order is None:
        return Orders.empty(sc, side, runs)
    return Orders(
        np.repeat(order.chosen[:, :1], runs, axis=1),
        np.repeat(order.offer[:, :1], runs, axis=1),
        np.repeat(order.clauses[:, :1], runs, axis=1),
        np.repeat(order.deadline[:1], runs),
    )


def rollout(
    sc: CompiledScenario,
    obs: np.ndarray,
    side: int,
    first: Orders | None,
    rows: Sequence[int],
    rng: np.random.Generator,
    runs: int = RUNS,
    weeks: int = WEEKS,
    answer: Callable[[np.ndarray, int], Orders] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Forecast:
    """Roll the observation forward: week one with `first` for this side, then nothing; the other side random.

    ``answer(state, week)`` may give the other side's orders instead (used to weigh a deal).
    """
    started = time.perf_counter()
    state = sample_unknowns(sc, obs, side, runs, rng)
    rows = tuple(int(r) for r in rows)
    track = np.empty((weeks + 1, len(rows), runs))
    score_track = np.empty((weeks + 1, runs, 2))
    track[0] = state[list(rows)]
    score_track[0] = scores(sc, state)
    other = 1 - side
    for week in range(1, weeks + 1):
        own = tile_orders(sc, side, first, runs) if week == 1 else Orders.empty(sc, side, runs)
        theirs = answer(state, week) if answer is not None else random_orders(sc, state, other, rng, stop=0.35)
        pair = (own, theirs) if side == 0 else (theirs, own)
        rules.step(sc, state, pair, rng)
        track[week] = state[list(rows)]
        score_track[week] = scores(sc, state)
        if progress is not None:
            progress(week / weeks)
    quantiles = np.percentile(track, [10, 50, 90], axis=2)
    score_q = np.percentile(score_track, [10, 50, 90], axis=1)
    return Forecast(rows, quantiles, score_q, runs, time.perf_counter() - started)


@dataclass(frozen=True)
class DealOutlook:
    """How a proposed package looks: the chance the other side gains by it, and both sides' score changes."""

    acceptable: float
    """Share of rollouts in which signing beats refusing for the other side (by its own objectives)."""
    own_gain: tuple[float, float, float]
    """P10, P50, P90 of this side's score change from signing versus not."""
    their_gain: tuple[float, float, float]
    with_deal: Forecast
    without: Forecast


def deal_outlook(
    sc: CompiledScenario,
    obs: np.ndarray,
    side: int,
    proposal: Orders,
    rows: Sequence[int],
    seed: int,
    runs: int = 1000,
    weeks: int = WEEKS,
) -> DealOutlook:
    """Weigh a package: the same futures (same seed) with the other side accepting next week, or refusing."""
    other = 1 - side
    accept_moves = [m.index for m in sc.moves[other] if m.kind == "accept"]

    def answer_with(accepting: bool, rng: np.random.Generator) -> Callable[[np.ndarray, int], Orders]:
        def answer(state: np.ndarray, week: int) -> Orders:
            orders = random_orders(sc, state, other, rng, stop=0.35)
            if week == 2:
                orders.chosen[:] = False
                if accepting and accept_moves:
                    orders.chosen[accept_moves[0]] = True
            return orders

        return answer

    results = []
    for accepting in (True, False):
        rng = np.random.default_rng(seed)
        results.append(rollout(sc, obs, side, proposal, rows, rng, runs, max(weeks, 2), answer_with(accepting, rng)))
    with_deal, without = results
    # Same seed, same futures: the gain at each quantile of the final scores.
    gain = np.sort(with_deal.scores[:, -1, :] - without.scores[:, -1, :], axis=0)
    own = (float(gain[0, side]), float(gain[1, side]), float(gain[2, side]))
    theirs = (float(gain[0, other]), float(gain[1, other]), float(gain[2, other]))
    acceptable = _chance_better(with_deal, without, other)
    return DealOutlook(acceptable, own, theirs, with_deal, without)


def _chance_better(a: Forecast, b: Forecast, side: int) -> float:
    """Rough chance that a's final score for a side beats b's, from their P10/P50/P90 (normal fit)."""
    qa, qb = a.scores[:, -1, side], b.scores[:, -1, side]
    mean = qa[1] - qb[1]
    spread = np.hypot((qa[2] - qa[0]) / 2.56, (qb[2] - qb[0]) / 2.56) + 0.5
    z = mean / spread
    return float(0.5 * (1.0 + np.tanh(0.8 * z)))


class Forecaster:
    """A worker thread that runs the latest forecast request and keeps finished ones by key."""

    def __init__(self):
        self._lock = threading.Condition()
        self._job: tuple[object, Callable[[Callable[[float], None]], object]] | None = None
        self.results: dict[object, object] = {}
        self.timings: dict[object, float] = {}
        self.busy_key: object | None = None
        self.progress = 0.0
        self._stop = False
        self._thread = threading.Thread(target=self._work, name="forecast", daemon=True)
        self._thread.start()

    def request(self, key: object, job: Callable[[Callable[[float], None]], object]) -> None:
        """Ask for a result by key (the newest request replaces one not yet started)."""
        with self._lock:
            if key in self.results or key == self.busy_key:
                return
            self._job = (key, job)
            self.timings[key] = time.perf_counter()
            self._lock.notify()

    def get(self, key: object) -> object | None:
        """A finished result, or None."""
        return self.results.get(key)

    def pending(self) -> bool:
        """Whether a request is waiting or running."""
        return self._job is not None or self.busy_key is not None

    def close(self) -> None:
        """Stop the worker."""
        with self._lock:
            self._stop = True
            self._lock.notify()

    def wait(self, key: object, timeout: float = 10.0) -> object | None:
        """Block until a key's result is ready (tests and benchmarks only)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if key in self.results:
                return self.results[key]
            time.sleep(0.001)
        return None

    def _set_progress(self, value: float) -> None:
        self.progress = value

    def _work(self) -> None:
        while True:
            with self._lock:
                while self._job is None and not self._stop:
                    self._lock.wait()
                if self._stop:
                    return
                key, job = self._job
                self._job = None
                self.busy_key, self.progress = key, 0.0
            try:
                result = job(self._set_progress)
            except Exception as err:  # a failed forecast is shown as a message, never a crash
                result = err
            with self._lock:
                self.results[key] = result
                self.timings[key] = time.perf_counter() - self.timings.get(key, time.perf_counter())
                self.busy_key = None
