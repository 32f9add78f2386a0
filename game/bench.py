"""Engine benchmarks: load+compile time and game-turns per second, batched and one game at a time.

Figures are measured, never asserted in tests (machines are shared and noisy);
``brinkmanship bench`` prints them and issue notes quote them.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .engine import turn as rules
from .engine.loop import play_weeks
from .engine.orders import Orders, random_orders
from .engine.state import alive
from .scenario.compiled import CompiledScenario
from .scenario.compiler import load_scenario


@dataclass
class BatchFigure:
    """Speed of full games with random legal moves at one batch size."""

    batch: int
    games: int
    game_turns: int
    seconds: float
    step_seconds: float
    game_turns_per_s: float
    engine_game_turns_per_s: float
    """Counting only the engine's step (not drawing the random moves)."""
    ms_per_turn: float
    """Wall time of one step of the whole batch (engine only), median."""
    cpu_ms_per_step: float
    """CPU time of one step of the whole batch (engine only), mean: steadier than wall time on a shared machine."""


def time_load(path: Path, repeats: int = 5) -> float:
    """Median seconds to read, validate and compile a scenario file."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        load_scenario(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class _StepClock:
    """Random legal orders for both sides, timing only the engine's step (not the drawing of orders)."""

    sc: CompiledScenario
    rng: np.random.Generator
    turns: int = 0
    ordered: float = 0.0
    ordered_cpu: float = 0.0
    step_times: list[float] = field(default_factory=list)
    step_cpu: float = 0.0

    def first(self, state: np.ndarray, week: int) -> Orders:
        return random_orders(self.sc, state, 0, self.rng)

    def second(self, state: np.ndarray, week: int) -> Orders:
        self.turns += int(alive(self.sc, state).sum())
        orders = random_orders(self.sc, state, 1, self.rng)
        self.ordered_cpu = time.process_time()
        self.ordered = time.perf_counter()
        return orders

    def stepped(self, week: int, state: np.ndarray, log, before) -> None:
        self.step_times.append(time.perf_counter() - self.ordered)
        self.step_cpu += time.process_time() - self.ordered_cpu


def time_batch(sc: CompiledScenario, batch: int, min_seconds: float = 1.0, seed: int = 0) -> BatchFigure:
    """Play whole games of random legal moves in batches until min_seconds pass."""
    rng = np.random.default_rng(seed)
    clock = _StepClock(sc, rng)
    games = 0
    started = time.perf_counter()
    while time.perf_counter() - started < min_seconds or games == 0:
        state, _ = rules.start(sc, batch, rng)
        play_weeks(sc, state, (clock.first, clock.second), rng, on_week=clock.stepped)
        games += batch
    turns, step_times = clock.turns, clock.step_times
    seconds = time.perf_counter() - started
    step_total = sum(step_times)
    return BatchFigure(
        batch=batch,
        games=games,
        game_turns=turns,
        seconds=seconds,
        step_seconds=step_total,
        game_turns_per_s=turns / seconds,
        engine_game_turns_per_s=turns / step_total,
        ms_per_turn=1000 * statistics.median(step_times),
        cpu_ms_per_step=1000 * clock.step_cpu / len(step_times),
    )


ROLLOUT_BATCHES = (256, 2048)
"""Batch sizes of the computer leaders' look-ahead rollouts (a few hundred to a few thousand games)."""


def run_bench(
    path: Path, batches=(1, 1000, 100_000), min_seconds: float = 1.0, rollout_batches=ROLLOUT_BATCHES
) -> dict:
    """Every engine figure for one scenario, as a JSON-ready dict (``rollouts``: the step at look-ahead sizes)."""
    load = time_load(path)
    sc = load_scenario(path)
    figures = [time_batch(sc, b, min_seconds) for b in batches]
    rollouts = [time_batch(sc, b, min_seconds) for b in rollout_batches]
    one = figures[0]
    big = figures[-1]
    return {
        "scenario": sc.id,
        "load_compile_ms": 1000 * load,
        "batches": [asdict(f) for f in figures],
        "rollouts": [{"batch": f.batch, "cpu_ms_per_step": f.cpu_ms_per_step} for f in rollouts],
        "batch1_turn_ms": one.ms_per_turn,
        "speedup_vs_one_at_a_time": big.game_turns_per_s / one.game_turns_per_s,
        "engine_speedup_vs_one_at_a_time": big.engine_game_turns_per_s / one.engine_game_turns_per_s,
        "targets": ENGINE_TARGETS,
    }


ENGINE_TARGETS = {
    "game_turns_per_s_at_100k": 3_000_000,
    "speedup": 30,
    "batch1_turn_ms": 0.3,
    "load_compile_ms": 200,
}
"""Issue 16's engine figures (engine only: game-turns per second at batch 100,000, one step at batch 1)."""


def _peak_kb() -> int:
    """This process's peak resident memory so far, in KiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_child(path: str, batch: int, seed: int = 0) -> dict:
    """In a fresh process: peak memory after loading the scenario, then after whole games of a batch."""
    sc = load_scenario(Path(path))
    rng = np.random.default_rng(seed)
    loaded = _peak_kb()
    state, _ = rules.start(sc, batch, rng)
    clock = _StepClock(sc, rng)
    play_weeks(sc, state, (clock.first, clock.second), rng, on_week=clock.stepped)
    return {"loaded_kb": loaded, "peak_kb": _peak_kb(), "state_bytes": state.nbytes}


def run_rss(path: Path, batch: int = 1_000_000) -> dict:
    """Peak resident memory of whole games of one batch, measured in a subprocess, total and per game."""
    code = f"import json; from game.bench import rss_child; print(json.dumps(rss_child({str(path)!r}, {batch})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    child = json.loads(out.strip().splitlines()[-1])
    peak, loaded = 1024 * child["peak_kb"], 1024 * child["loaded_kb"]
    return {
        "batch": batch,
        "peak_rss_mb": peak / 2**20,
        "before_games_rss_mb": loaded / 2**20,
        "peak_rss_bytes_per_game": peak / batch,
        "games_rss_bytes_per_game": (peak - loaded) / batch,
        "state_bytes_per_game": child["state_bytes"] / batch,
    }


@dataclass
class AIFigure:
    """Speed of one computer leader's decisions in single games, and of batched games with it."""

    difficulty: str
    moves: int
    median_ms: float
    p95_ms: float
    max_ms: float
    rollouts_min: int
    rollouts_median: float
    batch_games_per_s: float
    """Whole games per second when this leader plays a batch of games (against the historical baseline)."""
    mirror_games_per_s: float
    """Whole games per second of one process's CPU time when both sides think at this difficulty (a batch of
    ``MIRROR_GAMES`` games, each side its own personality)."""


def time_ai(sc: CompiledScenario, difficulty: str, games: int = 3, batch: int = 32, seed: int = 0) -> AIFigure:
    """Time a look-ahead leader's moves over whole single games, then a batch of games, on one scenario."""
    from .ai.leaders import make_leader
    from .ai.personality import default_traits
    from .analysis.runner import run_games
    from .engine.game import Game

    times, rollouts = [], []
    for game_seed in range(seed, seed + games):
        game = Game(sc, game_seed)
        leaders = [make_leader(default_traits(sc, s).id, sc, s, difficulty) for s in (0, 1)]
        while not game.is_over:
            orders = []
            for side, leader in enumerate(leaders):
                started = time.perf_counter()
                decision = leader.decide(sc, game.observation(side), side, game.leader_rngs[side])
                times.append(time.perf_counter() - started)
                rollouts.append(leader.last_rollouts)
                orders.append(decision.orders)
            game.play(*orders)
    ms = np.array(times) * 1000
    pair = (make_leader(default_traits(sc, 0).id, sc, 0, difficulty), make_leader("historical", sc, 1))
    started = time.perf_counter()
    run_games(sc, pair, batch, seed)
    batch_seconds = time.perf_counter() - started
    mirror = tuple(make_leader(default_traits(sc, s).id, sc, s, difficulty) for s in (0, 1))
    cpu = time.process_time()
    run_games(sc, mirror, MIRROR_GAMES, seed)
    mirror_seconds = time.process_time() - cpu
    return AIFigure(
        difficulty=difficulty,
        moves=len(ms),
        median_ms=float(np.median(ms)),
        p95_ms=float(np.percentile(ms, 95)),
        max_ms=float(ms.max()),
        rollouts_min=int(min(rollouts)),
        rollouts_median=float(np.median(rollouts)),
        batch_games_per_s=batch / batch_seconds,
        mirror_games_per_s=MIRROR_GAMES / mirror_seconds,
    )


MIRROR_GAMES = 64
"""Games in the thinking-v-thinking batch (one chunk of a ``simulate`` run at normal)."""

AI_TARGETS = {"normal": {"p95_ms": 100, "mirror_games_per_s": 15}, "hard": {"p95_ms": 500}}


def run_ai_bench(
    path: Path,
    difficulties=("easy", "normal", "hard"),
    games: int = 3,
    batch: int = 32,
    progress=None,
    regret: bool = False,
) -> dict:
    """Computer-leader figures for one scenario, as a JSON-ready dict (``progress(done, total)`` per difficulty);
    with ``regret``, also how much the normal and hard leaders' choices lose to sampling (``ai.regret``)."""
    sc = load_scenario(path)
    from .ai.leaders import make_leader
    from .ai.regret import decision_regret
    from .analysis.runner import run_games

    started = time.perf_counter()
    baseline = (make_leader("random", sc, 0), make_leader("tit_for_tat", sc, 1))
    run_games(sc, baseline, 10_000, 0)
    simulate_seconds = time.perf_counter() - started
    return {
        "scenario": sc.id,
        "simulate_10000_baseline_games_s": simulate_seconds,
        "ai": [_timed(sc, d, games, batch, progress, k, len(difficulties)) for k, d in enumerate(difficulties)],
        "regret": [decision_regret(sc, d) for d in ("normal", "hard")] if regret else [],
        "targets": AI_TARGETS,
    }


def _timed(sc: CompiledScenario, difficulty: str, games: int, batch: int, progress, done: int, total: int) -> dict:
    """One difficulty's figures, reporting progress before and after."""
    if progress is not None:
        progress(done, total)
    figure = asdict(time_ai(sc, difficulty, games, batch))
    if progress is not None:
        progress(done + 1, total)
    return figure
