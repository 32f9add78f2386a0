"""Forecasts: what a move (or a deal) is likely to do, from a few thousand rollouts on the batch engine.

Rollouts start from the player's OBSERVATION, never the true state: the other
side's noisy numbers are redrawn around the player's estimates, hidden ones stay
at what the player may assume.  Week one applies the player's orders plus the
move being weighed; the other side plays random legal moves (a stand-in for
"anything they might do"); later weeks the player does nothing, so the spread
shows what this week's choice sets in motion.  Everything runs on the engine's
own ``turn.step``.

The ``Forecaster`` runs requests in a separate worker PROCESS (started with the
'spawn' context, so it shares no lock or thread with the window): a thread would
hold the interpreter lock through the engine's many small numpy operations and
make frames stutter.  The window sends small picklable requests (the player's
observation, orders as arrays, rows, seed); the worker compiles each scenario
version once (from its text, keyed by its hash), drops requests made stale by a
newer one, and stops when the window closes (or when its pipe closes).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..engine.loop import play_weeks
from ..engine.orders import Orders, random_orders
from ..engine.scoring import scores
from ..engine.state import clip, estimate_error
from ..scenario.compiled import CompiledScenario
from ..scenario.problems import ScenarioError
from ..scenario.yamlsafe import read_text
from . import worker

if TYPE_CHECKING:
    from ..records.format import Record

RUNS = 2000
WEEKS = 4


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

    def first(self, weeks: int) -> Forecast:
        """The same forecast cut to its first `weeks` weeks (a chart never runs past the game's last week)."""
        cut = weeks + 1
        return Forecast(self.rows, self.quantiles[:, :cut], self.scores[:, :cut], self.runs, self.seconds)


def sample_unknowns(
    sc: CompiledScenario, obs: np.ndarray, side: int, runs: int, rng: np.random.Generator
) -> np.ndarray:
    """A batch of plausible true states from one observation (the other side's noisy numbers redrawn)."""
    state = np.repeat(obs[:, :1], runs, axis=1)
    for var in sc.variables:
        if var.owner not in (-1, side) and var.noise > 0 and not var.hidden:
            u = rng.random((2, runs))
            state[var.index] += estimate_error(u[0], u[1], var.noise)
    clip(sc, state)
    return state


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

    def own(st: np.ndarray, week: int) -> Orders:
        if week == 1 and first is not None:
            return first.repeated(runs)
        return Orders.empty(sc, side, runs)

    def theirs(st: np.ndarray, week: int) -> Orders:
        return answer(st, week) if answer is not None else random_orders(sc, st, other, rng, stop=0.35)

    def note(week: int, st: np.ndarray, log, before) -> None:
        track[week] = st[list(rows)]
        score_track[week] = scores(sc, st)
        if progress is not None:
            progress(week / weeks)

    played = play_weeks(sc, state, (own, theirs) if side == 0 else (theirs, own), rng, weeks, note)
    track[played + 1 :], score_track[played + 1 :] = track[played], score_track[played]
    if progress is not None and played < weeks:
        progress(1.0)
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
    progress: Callable[[float], None] | None = None,
) -> DealOutlook:
    """Weigh a package: the same futures (same seed) with the other side accepting next week, or refusing.

    The rollouts run at least two weeks (the answer comes in the second), but what is returned covers only
    `weeks`: in the game's last week the answer would come after the end, and the charts stop at the end.
    """
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
    for half, accepting in enumerate((True, False)):
        rng = np.random.default_rng(seed)
        step = _part(progress, half, 2)
        results.append(
            rollout(sc, obs, side, proposal, rows, rng, runs, max(weeks, 2), answer_with(accepting, rng), step)
        )
    with_deal, without = results
    # Same seed, same futures: the gain at each quantile of the final scores.
    gain = np.sort(with_deal.scores[:, -1, :] - without.scores[:, -1, :], axis=0)
    own = (float(gain[0, side]), float(gain[1, side]), float(gain[2, side]))
    theirs = (float(gain[0, other]), float(gain[1, other]), float(gain[2, other]))
    acceptable = _chance_better(with_deal, without, other)
    return DealOutlook(acceptable, own, theirs, with_deal.first(weeks), without.first(weeks))


def _chance_better(a: Forecast, b: Forecast, side: int) -> float:
    """Rough chance that a's final score for a side beats b's, from their P10/P50/P90 (normal fit)."""
    qa, qb = a.scores[:, -1, side], b.scores[:, -1, side]
    mean = qa[1] - qb[1]
    spread = np.hypot((qa[2] - qa[0]) / 2.56, (qb[2] - qb[0]) / 2.56) + 0.5
    z = mean / spread
    return float(0.5 * (1.0 + np.tanh(0.8 * z)))


def _part(progress: Callable[[float], None] | None, k: int, n: int) -> Callable[[float], None] | None:
    """A progress callback for part k of n of a job."""
    if progress is None:
        return None
    return lambda fraction: progress((k + fraction) / n)


def weeks_ahead(game, most: int = WEEKS) -> int:
    """Weeks a forecast looks ahead from now: `most`, but never past the game's last week (at least this one)."""
    return max(1, min(most, game.horizon - game.turn + 1))


def weeks_text(weeks: int) -> str:
    """'next 4 weeks', or 'this week' for the last one."""
    return "this week" if weeks == 1 else f"next {weeks} weeks"


# -- requests: small, picklable descriptions of one job -------------------------------
@dataclass(frozen=True)
class MoveRequest:
    """A move's forecast: these orders, and the same orders without the hovered move (the baseline)."""

    obs: np.ndarray
    side: int
    orders: Orders
    base: Orders
    rows: tuple[int, ...]
    seed: int
    runs: int
    weeks: int = WEEKS

    def run(self, sc: CompiledScenario, progress: Callable[[float], None]) -> tuple[Forecast, Forecast]:
        """(with the move, without it), from the same seed."""
        args = (sc, self.obs, self.side)
        rng = np.random.default_rng
        with_move = rollout(
            *args, self.orders, self.rows, rng(self.seed), self.runs, self.weeks, None, _part(progress, 0, 2)
        )
        without = rollout(
            *args, self.base, self.rows, rng(self.seed), self.runs, self.weeks, None, _part(progress, 1, 2)
        )
        return with_move, without


@dataclass(frozen=True)
class DealRequest:
    """A package's outlook (``deal_outlook``)."""

    obs: np.ndarray
    side: int
    proposal: Orders
    rows: tuple[int, ...]
    seed: int
    runs: int
    weeks: int = WEEKS

    def run(self, sc: CompiledScenario, progress: Callable[[float], None]) -> DealOutlook:
        """Signing versus refusing, from the same seed."""
        return deal_outlook(
            sc, self.obs, self.side, self.proposal, self.rows, self.seed, self.runs, self.weeks, progress=progress
        )


@dataclass(frozen=True)
class WhatIfRequest:
    """A finished game's what-if forecasts for the debrief (``questions.what_if_lines``), from its record."""

    record: Record
    side: int
    runs: int
    """Rollouts per branch (``whatif.RUNS`` gives the terminal's and the report's numbers)."""

    def run(self, sc: CompiledScenario, progress: Callable[[float], None]) -> list[str]:
        """Replay the record on the worker's scenario, then forecast its decisions taken the other way."""
        from ..records.questions import what_if_lines  # only the worker needs the records code, not the window
        from ..records.recorder import restore

        game = restore(self.record, "the game just played", scenario=sc).game
        return what_if_lines(game, self.side, runs=self.runs, progress=progress)


class ForecastUnavailable(Exception):
    """A forecast that could not be computed (shown as a message, never a crash)."""


# -- the worker process -----------------------------------------------------------------
SOURCES: dict[str, str] = {}
"""Scenario texts by source hash, for versions whose file has changed since (hot reload keeps them here)."""


def remember_source(text: str) -> str:
    """Keep a scenario version's text for the worker; return its hash."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    SOURCES[digest] = text
    return digest


def source_text(sc: CompiledScenario) -> str | None:
    """The exact text a scenario was compiled from (its file, if unchanged since), or None."""
    if sc.source_hash in SOURCES:
        return SOURCES[sc.source_hash]
    try:
        text = read_text(sc.path)
    except ScenarioError:
        return None
    return text if remember_source(text) == sc.source_hash else None


class _Cancelled(Exception):
    pass


def serve(conn, progress, wanted) -> None:
    """The worker's loop: compile scenario texts once, run the wanted request, skip stale ones.

    Messages in: ("scenario", hash, text, name), ("run", job, hash, request), None to stop.
    Messages out: ("ready", 0) once loaded, then ("done", job, result), ("error", job, message), ("cancelled", job).
    """
    from ..scenario.compiler import load_scenario_text

    scenarios: dict[str, CompiledScenario | str] = {}
    conn.send(("ready", 0))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the window has gone
            return
        if message is None:
            return
        if message[0] == "scenario":
            _, digest, text, name = message
            try:
                scenarios[digest] = load_scenario_text(text, name)
            except ScenarioError as err:
                scenarios[digest] = "; ".join(str(p) for p in err.problems)
            continue
        _, job, digest, request = message
        if wanted.value != job:
            conn.send(("cancelled", job))
            continue
        sc = scenarios.get(digest)
        if not isinstance(sc, CompiledScenario):
            conn.send(("error", job, sc or "the scenario was not sent to the forecast worker"))
            continue

        def report(fraction: float, job: int = job) -> None:
            if wanted.value != job:
                raise _Cancelled
            progress.value = fraction

        try:
            conn.send(("done", job, request.run(sc, report)))
        except _Cancelled:
            conn.send(("cancelled", job))
        except Exception as err:  # a failed forecast is reported, the worker goes on
            conn.send(("error", job, f"{type(err).__name__}: {err}"))


class Forecaster:
    """Runs forecast requests in a worker process and keeps finished results by key.

    ``request(key, sc, request)`` asks for a result (the newest request replaces a
    waiting one and cancels a running one); ``get(key)`` returns it once ready.
    Nothing here blocks the caller: messages are read with a zero-timeout poll, and
    something is sent only when the worker is loaded and idle, so it reads at once
    (a big scenario text never waits in a full pipe) and at most one request is in flight.
    """

    def __init__(self, context: str = "spawn"):
        self._ctx = multiprocessing.get_context(context)
        self.results: dict[object, object] = {}
        self.timings: dict[object, float] = {}
        self._asked: dict[object, float] = {}
        self._next: tuple[object, CompiledScenario, object] | None = None
        self._running: tuple[int, object] | None = None
        self._sent: set[str] = set()
        self._prepared: CompiledScenario | None = None
        self._jobs = itertools.count(1)
        self._process = None
        self._restarts = 0
        self._start()

    def _start(self) -> None:
        ctx = self._ctx
        self._conn, child = ctx.Pipe()
        self._progress = ctx.Value("d", 0.0, lock=False)
        self._wanted = ctx.Value("q", 0, lock=False)
        self._process = ctx.Process(
            target=worker.main, args=(child, self._progress, self._wanted), name="brinkmanship-forecast", daemon=True
        )
        self._process.start()
        child.close()
        self._sent = set()
        self._running = None
        self._ready = False

    # -- asking ---------------------------------------------------------------------------
    def prepare(self, sc: CompiledScenario) -> None:
        """Send a scenario to the worker ahead of the first request (it compiles while the player reads)."""
        self._prepared = sc
        self.poll()

    def request(self, key: object, sc: CompiledScenario, request: MoveRequest | DealRequest | WhatIfRequest) -> None:
        """Ask for a result by key; a newer request replaces this one unless it has finished."""
        if key in self.results:
            return
        if self._process is None:
            self.results[key] = ForecastUnavailable("the forecast worker is not running")
            return
        if self._running and self._running[1] == key:
            self._wanted.value, self._next = self._running[0], None  # wanted again: let it finish
            self.poll()
            return
        if self._next is None or self._next[0] != key:
            self._asked[key] = time.perf_counter()
            self._next = (key, sc, request)
            self._wanted.value = 0  # whatever runs now is stale
        self.poll()

    def drop(self, key: object) -> None:
        """No longer wanted (its screen has gone): a waiting request is forgotten, a running one stopped."""
        if self._next is not None and self._next[0] == key:
            self._next = None
        if self._running is not None and self._running[1] == key:
            self._wanted.value = 0
        self._asked.pop(key, None)

    def asked(self, key: object) -> bool:
        """Whether a key is answered, running or waiting (so there is no need to build its request again)."""
        if key in self.results or (self._next is not None and self._next[0] == key):
            return True
        running = self._running
        return running is not None and running[1] == key and self._wanted.value == running[0]

    def get(self, key: object) -> object | None:
        """A finished result (or the exception that stopped it), or None."""
        self.poll()
        return self.results.get(key)

    def pending(self) -> bool:
        """Whether a request is waiting or running."""
        self.poll()
        return self._next is not None or self._running is not None

    @property
    def progress(self) -> float:
        """How far the running request has got (0 to 1)."""
        return float(self._progress.value) if self._running else 0.0

    def wait(self, key: object, timeout: float = 10.0) -> object | None:
        """Block until a key's result is ready (tests and benchmarks only)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if self.get(key) is not None:
                return self.results[key]
            time.sleep(0.002)
        return None

    def alive(self) -> bool:
        """Whether the worker process is running."""
        return self._process is not None and self._process.is_alive()

    def close(self) -> None:
        """Stop the worker and wait for it to exit (terminated if it does not within a second, killed if it
        still lingers: a busy machine can take a while to end a process, and none may outlive the window)."""
        process, self._process = self._process, None
        if process is None:
            return
        self._wanted.value = 0
        with contextlib.suppress(OSError):
            self._conn.send(None)
        process.join(1.0)
        if process.is_alive():
            process.terminate()
            process.join(5.0)
        if process.is_alive():
            process.kill()
            process.join()
        self._conn.close()

    # -- the pipe -----------------------------------------------------------------------------
    def poll(self) -> None:
        """Read finished work and send the next request if the worker is free (never blocks)."""
        if self._process is None:
            return
        try:
            while self._conn.poll():
                self._receive(self._conn.recv())
        except (EOFError, OSError):
            self._worker_died()
            return
        if not self._ready or self._running is not None:
            return
        if self._prepared is not None:
            sc, self._prepared = self._prepared, None
            self._send_scenario(sc)
        if self._next is not None:
            self._send_next()

    def _receive(self, message: tuple) -> None:
        kind, job = message[0], message[1]
        if kind == "ready":
            self._ready = True
            return
        key = self._running[1] if self._running and self._running[0] == job else None
        if self._running and self._running[0] == job:
            self._running = None
        if key is None or kind == "cancelled":
            return
        self.results[key] = message[2] if kind == "done" else ForecastUnavailable(message[2])
        self.timings[key] = time.perf_counter() - self._asked.pop(key, time.perf_counter())

    def _send_next(self) -> None:
        key, sc, request = self._next
        self._next = None
        if not self._send_scenario(sc):
            self.results[key] = ForecastUnavailable("the scenario's file changed since it was loaded")
            return
        job = next(self._jobs)
        self._wanted.value = job
        self._progress.value = 0.0
        try:
            self._conn.send(("run", job, sc.source_hash, request))
        except OSError:
            self._worker_died()
            return
        self._running = (job, key)

    def _send_scenario(self, sc: CompiledScenario) -> bool:
        if sc.source_hash in self._sent:
            return True
        text = source_text(sc)
        if text is None:
            return False
        try:
            self._conn.send(("scenario", sc.source_hash, text, sc.path))
        except OSError:
            self._worker_died()
            return False
        self._sent.add(sc.source_hash)
        return True

    def _worker_died(self) -> None:
        """The worker is gone (killed from outside?): report what it was doing and start another (thrice at most)."""
        stopped = ForecastUnavailable("the forecast worker stopped")
        for pending in (self._running, self._next):
            if pending is not None:
                self.results[pending[1] if pending is self._running else pending[0]] = stopped
        self._running = self._next = None
        self._conn.close()
        process, self._process = self._process, None
        if process is not None:
            process.join(0.1)
        self._restarts += 1
        if self._restarts <= 3:
            self._start()
