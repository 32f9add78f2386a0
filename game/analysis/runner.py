"""Play many games at once between two computer leaders and keep what analyses need.

Games run in chunks (a batch of games per chunk); each chunk has its own world and
leader generators spawned from the one seed, so a run is reproducible from
(scenario, leaders, games, seed, chunk size).  The world's dice do not depend on
the leaders' choices (the engine draws a fixed number per step), so two pairings
run with the same seed face the same weather.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..ai.leaders import Leader, make_leader
from ..ai.lookahead import LookaheadLeader
from ..engine import turn as rules
from ..engine.loop import last_week, leader_policy, play_weeks
from ..engine.scoring import scores
from ..scenario.compiled import CompiledScenario
from .parallel import collect

Progress = Callable[[int, int], None]
"""Called with (games done, games in all) after every chunk."""


@dataclass
class Deals:
    """Deals signed during a run (at most the first per game): who offered, when, and the terms."""

    game: list[int] = field(default_factory=list)
    turn: list[int] = field(default_factory=list)
    offerer: list[int] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)
    """Per deal: (negotiable levers,) target notches, NaN where not in the package."""
    clauses: list[np.ndarray] = field(default_factory=list)
    deadline: list[int] = field(default_factory=list)
    before: list[np.ndarray] = field(default_factory=list)
    """Per deal: the true state column at the start of the week the offer was made."""


@dataclass
class RunResult:
    """What happened in a batch of games."""

    scores: np.ndarray
    """(games, 2) final 0-100 scores."""
    endings: np.ndarray
    """(games,) index of the ending."""
    final: np.ndarray
    """(rows, games) final true states."""
    path: np.ndarray
    """(weeks + 1, tracked rows, games): tracked variables at the start and after every week."""
    tracked: tuple[int, ...]
    deal: np.ndarray
    """(games,) a deal was signed at some point."""
    move_counts: tuple[np.ndarray, np.ndarray]
    """Per side, (moves,) how often each move was made over all games."""
    weeks: np.ndarray
    """(games,) weeks played."""
    deals: Deals

    @property
    def games(self) -> int:
        return self.scores.shape[0]


def tracked_rows(sc: CompiledScenario) -> tuple[int, ...]:
    """Rows followed week by week: every shown meter and lever, plus the shared variables."""
    return tuple(v.index for v in sc.variables if v.role in ("variable", "lever") and v.shown and v.kind != "flag")


def play_batch(
    sc: CompiledScenario,
    leaders: tuple[Leader, Leader],
    games: int,
    rngs: tuple[np.random.Generator, np.random.Generator, np.random.Generator],
    tracked: tuple[int, ...] | None = None,
) -> RunResult:
    """Play ``games`` games to the end with one world generator and one per leader."""
    world, *leader_rngs = rngs
    tracked = tracked_rows(sc) if tracked is None else tracked
    state, _ = rules.start(sc, games, world)
    path = np.empty((last_week(sc) + 1, len(tracked), games))
    path[0] = state[list(tracked)]
    counts = [np.zeros(len(sc.moves[s]), dtype=np.int64) for s in (0, 1)]
    deal = np.zeros(games, dtype=bool)
    deals = Deals()

    def note(week: int, state: np.ndarray, log, before: np.ndarray | None) -> None:
        path[week] = state[list(tracked)]
        for s in (0, 1):
            counts[s] += log.chosen[s].sum(axis=1)
        _record_deals(sc, deals, deal, log.signed, before, week)

    policies = (leader_policy(sc, leaders[0], 0, leader_rngs[0]), leader_policy(sc, leaders[1], 1, leader_rngs[1]))
    week = play_weeks(sc, state, policies, world, on_week=note, keep_before=True)
    path[week + 1 :] = path[week]
    return RunResult(
        scores=scores(sc, state),
        endings=state[sc.ending_row].astype(int) - 1,
        final=state,
        path=path,
        tracked=tracked,
        deal=deal,
        move_counts=(counts[0], counts[1]),
        weeks=(state[sc.turn_row] - 1).astype(int),
        deals=deals,
    )


def _record_deals(sc, deals: Deals, deal: np.ndarray, signed: np.ndarray, before: np.ndarray, week: int) -> None:
    """Note the first deal signed in each game: the offerer's tabled package, read from the state before."""
    d = sc.deal
    for g in np.flatnonzero((signed >= 0) & ~deal):
        offerer = int(signed[g])
        has = before[d.offer_has[offerer], g] != 0.0
        deals.game.append(int(g))
        deals.turn.append(week)
        deals.offerer.append(offerer)
        deals.targets.append(np.where(has, before[d.offer_target[offerer], g], np.nan))
        clause_rows = d.offer_clause[offerer]
        deals.clauses.append(before[clause_rows, g] != 0.0 if len(clause_rows) else np.zeros(0, dtype=bool))
        deals.deadline.append(int(before[d.offer_deadline[offerer], g]))
        deals.before.append(before[:, g].copy())
    deal |= signed >= 0


def chunk_rngs(seed: int, chunk: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """World and leader generators for one chunk of a run."""
    world, first, second = np.random.SeedSequence(entropy=seed, spawn_key=(chunk,)).spawn(3)
    return np.random.default_rng(world), np.random.default_rng(first), np.random.default_rng(second)


def run_games(
    sc: CompiledScenario,
    leaders: tuple[Leader, Leader],
    games: int,
    seed: int = 0,
    chunk: int | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Play ``games`` games in chunks and join the results (same arguments, same results)."""
    if games < 1:
        raise ValueError("run at least one game")
    chunk = chunk or default_chunk(leaders)
    parts = []
    done = 0
    for index, start in enumerate(range(0, games, chunk)):
        size = min(chunk, games - start)
        parts.append(play_batch(sc, leaders, size, chunk_rngs(seed, index)))
        done += size
        if progress is not None:
            progress(done, games)
    return join(parts)


@dataclass(frozen=True)
class Chunk:
    """One chunk of a run between two named leaders: its size and its place in the run (so its seeds)."""

    leaders: tuple[str, str]
    difficulty: str
    games: int
    seed: int
    index: int

    def play(self, sc: CompiledScenario) -> RunResult:
        """Play the chunk with fresh leaders."""
        leaders = named_leaders(sc, self.leaders, self.difficulty)
        return play_batch(sc, leaders, self.games, chunk_rngs(self.seed, self.index))

    def weight(self, sc: CompiledScenario) -> float:
        """Bigger chunks first."""
        return self.games


def named_leaders(sc: CompiledScenario, names: tuple[str, str], difficulty: str) -> tuple[Leader, Leader]:
    """Fresh leaders for both sides by name (KeyError if unknown)."""
    return make_leader(names[0], sc, 0, difficulty), make_leader(names[1], sc, 1, difficulty)


def chunks(
    sc: CompiledScenario, names: tuple[str, str], difficulty: str, games: int, seed: int = 0, chunk: int | None = None
) -> list[Chunk]:
    """A run cut into chunks exactly as ``run_games`` cuts it (``chunk`` games each, default as it chooses)."""
    size = chunk or default_chunk(named_leaders(sc, names, difficulty))
    return [
        Chunk(names, difficulty, min(size, games - start), seed, index)
        for index, start in enumerate(range(0, games, size))
    ]


def run_named(
    sc: CompiledScenario,
    names: tuple[str, str],
    games: int,
    seed: int = 0,
    difficulty: str = "normal",
    progress: Progress | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    chunk: int | None = None,
) -> RunResult:
    """``run_games`` between named leaders, its chunks played here, in local processes or on a Dask cluster."""
    if games < 1:
        raise ValueError("run at least one game")
    return join(collect(sc, chunks(sc, names, difficulty, games, seed, chunk), jobs, scheduler, progress))


def jobs_for(given: int | None, leaders: tuple[Leader, Leader]) -> int:
    """Local processes for games between these leaders: as given, else every core when one of them thinks (its
    rollouts make each game costly), else one (cheap games are quicker played than handed to other processes)."""
    if given is not None:
        return given
    return (os.cpu_count() or 1) if any(isinstance(leader, LookaheadLeader) for leader in leaders) else 1


def default_chunk(leaders: tuple[Leader, Leader]) -> int:
    """Games per chunk: large for cheap leaders, smaller for thinking ones (their rollouts multiply it)."""
    return min(getattr(leader, "chunk_games", 5000) for leader in leaders)


def join(parts: list[RunResult]) -> RunResult:
    """One result from the results of consecutive chunks."""
    if len(parts) == 1:
        return parts[0]
    offsets = np.cumsum([0] + [p.games for p in parts[:-1]])
    deals = Deals()
    for offset, part in zip(offsets, parts):
        for name in ("game", "turn", "offerer", "targets", "clauses", "deadline", "before"):
            values = getattr(part.deals, name)
            getattr(deals, name).extend([v + offset for v in values] if name == "game" else values)
    return RunResult(
        scores=np.concatenate([p.scores for p in parts]),
        endings=np.concatenate([p.endings for p in parts]),
        final=np.concatenate([p.final for p in parts], axis=1),
        path=np.concatenate([p.path for p in parts], axis=2),
        tracked=parts[0].tracked,
        deal=np.concatenate([p.deal for p in parts]),
        move_counts=tuple(sum(p.move_counts[s] for p in parts) for s in (0, 1)),
        weeks=np.concatenate([p.weeks for p in parts]),
        deals=deals,
    )


def escalation_rate(sc: CompiledScenario, result: RunResult, side: int) -> float:
    """Escalating moves made by a side per week played."""
    stance = np.array([m.stance == "escalate" for m in sc.moves[side]])
    return float(result.move_counts[side][stance].sum() / max(result.weeks.sum(), 1))
