"""Calibration: do AI-vs-AI games from the scenario's start bracket what really happened?

Many games run at once in the batch engine, each leader played by the
scenario's historical personality (marked ``historical: true``, or named
``historical_<side>``) through
``make_leader``; where the AI cannot play a personality yet, a baseline stands
in (named in the output).  For every tracked variable and week the real value
is compared with the P10-P90 band of the simulated values at the end of that
week.  Tracked: every lever (its real path is what the real moves did to it,
replayed with the history) and every variable with ``observed`` figures in the
scenario's history (those figures win where given).  With ``meters`` the
scenario's key variables are tracked too, against the real moves replayed in
the model (a check of the dynamics, reported as a separate figure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from ..ai.leaders import Leader, make_leader
from ..analysis.parallel import collect
from ..analysis.runner import chunk_rngs, default_chunk, jobs_for
from ..engine import turn as rules
from ..engine.loop import leader_policy, play_weeks
from ..scenario.compiled import CompiledScenario
from .history import HISTORY_SEED, HistoryError, history_length, history_recorder
from .recorder import FALLBACK_LEADER, historical_personality, playable

LOW, HIGH = 10, 90
"""The band's percentiles."""
TARGET = 0.8
"""Share of variable-weeks the real path should lie inside the band."""


@dataclass(frozen=True)
class Band:
    """One variable in one week: the simulated spread and the real value."""

    name: str
    week: int
    low: float
    median: float
    high: float
    real: float
    source: str
    """'observed' (a real figure from the scenario's history), 'moves' (a lever moved by the real moves)
    or 'model' (a meter on the history replayed in the model)."""
    kind: str = "observed"
    """What is tracked, for coverage per kind: one of ``KINDS``."""
    whole_range: bool = False
    """The band spans every value the variable can take: it covers the real value whatever happens."""

    @property
    def inside(self) -> bool:
        return self.low - 1e-6 <= self.real <= self.high + 1e-6

    @property
    def telling(self) -> bool:
        """Whether covering the real value says anything (a band over the whole range always covers it)."""
        return not self.whole_range


KINDS = {
    "levers": "levers with several settings",
    "switches": "on/off levers",
    "observed": "observed figures",
    "meters": "key meters (real moves in the model)",
}
"""The kinds of tracked cells, each with its own coverage."""


@dataclass
class Calibration:
    """Bands for every tracked variable and week, and how much of the real path they cover."""

    scenario: CompiledScenario
    games: int
    seed: int
    leaders: tuple[str, str]
    notes: list[str]
    weeks: int
    bands: list[Band]
    paths: dict[str, np.ndarray]
    """Simulated values per tracked variable: (weeks + 1, games), row 0 the start."""

    @property
    def coverage(self) -> float:
        """The headline: share of telling variable-weeks (levers and observed figures; bands that span a
        variable's whole range left out) whose real value lies inside the band."""
        return share_inside([b for b in self.bands if b.source != "model" and b.telling])

    def by_kind(self) -> dict[str, dict]:
        """Coverage of each kind of cell (``KINDS``): share of telling cells inside, and how many were left out."""
        out = {}
        for kind in KINDS:
            cells = [b for b in self.bands if b.kind == kind]
            if cells:
                telling = [b for b in cells if b.telling]
                out[kind] = {
                    "coverage": share_inside(telling) if telling else None,
                    "cells": len(telling),
                    "whole_range": len(cells) - len(telling),
                }
        return out

    @property
    def meter_coverage(self) -> float | None:
        """The same share for the key meters against the modelled history (None if not tracked)."""
        meters = [b for b in self.bands if b.source == "model"]
        return share_inside(meters) if meters else None

    def variables(self) -> list[str]:
        """Tracked variables, in scenario order."""
        return list(dict.fromkeys(b.name for b in self.bands))

    def by_variable(self, name: str) -> list[Band]:
        return [b for b in self.bands if b.name == name]

    def table(self) -> list[str]:
        """One line per variable: a mark per week (+ inside, X outside), and its share covered."""
        lines = [f"{'variable':<32} weeks 1-{self.weeks} (+ inside P{LOW}-P{HIGH}, X outside)   covered"]
        for name in self.variables():
            bands = self.by_variable(name)
            marks = "".join("+" if b.inside else "X" for b in bands)
            share = sum(b.inside for b in bands) / len(bands)
            lines.append(f"{name:<32} {marks:<{self.weeks + 2}} {share:6.0%}")
        return lines

    def misses(self) -> list[str]:
        """Every variable-week outside the band, in words."""
        out = []
        for b in self.bands:
            if not b.inside:
                out.append(
                    f"{b.name} week {b.week}: real {b.real:.4g} ({b.source}) outside "
                    f"[{b.low:.4g}, {b.high:.4g}] (median {b.median:.4g})"
                )
        return out

    def to_json(self) -> dict:
        """A plain dict for --json."""
        return {
            "scenario": self.scenario.id,
            "games": self.games,
            "seed": self.seed,
            "leaders": list(self.leaders),
            "notes": self.notes,
            "coverage": self.coverage,
            "meter_coverage": self.meter_coverage,
            "by_kind": self.by_kind(),
            "target": TARGET,
            "bands": [asdict(b) | {"inside": b.inside} for b in self.bands],
        }


CALIBRATION_DIFFICULTY = "easy"
"""Computer personalities think at this level in calibration runs (normal is about 30 times slower)."""


def calibration_leaders(sc: CompiledScenario, choice: str | None = None) -> tuple[tuple[str, str], list[str]]:
    """The leader name for each side (a choice, or the historical personality, or a stand-in) and notes."""
    names, notes = [], []
    for side in (0, 1):
        wanted = choice or historical_personality(sc, side)
        if playable(sc, wanted, side):
            names.append(wanted)
        elif choice:
            raise KeyError(f"unknown leader {choice!r}")
        else:
            names.append(FALLBACK_LEADER)
            sid = sc.sides[side]
            if wanted:
                notes.append(f"{sid}: the AI cannot play {wanted} yet; {FALLBACK_LEADER} stands in")
            else:
                notes.append(
                    f"{sid}: no personality plays {sid}'s real leader, so {FALLBACK_LEADER} stands in "
                    f"(mark one with 'historical: true' and 'side: {sid}' under personalities)"
                )
    return (names[0], names[1]), notes


def _cell_kind(sc: CompiledScenario, row: int, source: str, band: tuple[float, float, float]) -> tuple[str, bool]:
    """The kind of a tracked cell and whether its band spans the variable's whole range."""
    whole = bool(band[0] <= sc.low[row] + 1e-9 and band[2] >= sc.high[row] - 1e-9)
    if source == "model":
        return "meters", whole
    lever = next((lv for lv in sc.levers if lv.var == row), None)
    if lever is None or source == "observed":
        return "observed", whole
    return ("switches" if len(lever.values) == 2 else "levers"), whole


def share_inside(bands: list[Band]) -> float:
    """Share of bands holding their real value."""
    return sum(b.inside for b in bands) / len(bands) if bands else 0.0


def real_path(
    sc: CompiledScenario, seed: int = HISTORY_SEED, meters: bool = False
) -> dict[int, dict[int, tuple[float, str]]]:
    """row -> week -> (real value, source) for the tracked variables (see ``Band.source``)."""
    history = history_recorder(sc, seed).game
    out: dict[int, dict[int, tuple[float, str]]] = {}

    def replayed(row: int, source: str) -> dict[int, tuple[float, str]]:
        return {w: (float(s[row, 0]), source) for w, s in enumerate(history.snapshots) if w}

    for lever in sc.levers:
        out[lever.var] = replayed(lever.var, "moves")
    for step in sc.history:
        for row, value in step.observed:
            out.setdefault(row, {})[step.turn] = (float(value), "observed")
    for row in sc.key_variables if meters else ():
        out.setdefault(row, replayed(row, "model"))
    return out


def simulate(
    sc: CompiledScenario,
    leaders: tuple[Leader, Leader],
    games: int,
    rngs: tuple[np.random.Generator, np.random.Generator, np.random.Generator],
    weeks: int,
    rows: list[int],
) -> np.ndarray:
    """Play a batch of games for some weeks; return the tracked rows' values, (weeks + 1, rows, games)."""
    world, *thinking = rngs
    state, _ = rules.start(sc, games, world)
    out = np.empty((weeks + 1, len(rows), games))
    out[0] = state[rows]

    def note(week: int, state: np.ndarray, log, before) -> None:
        out[week] = state[rows]

    policies = tuple(leader_policy(sc, leaders[s], s, thinking[s]) for s in (0, 1))
    played = play_weeks(sc, state, policies, world, weeks, note)
    out[played + 1 :] = out[played]
    return out


@dataclass(frozen=True)
class Chunk:
    """One chunk of a calibration run, with its own seeds (its place in the run)."""

    leaders: tuple[str, str]
    games: int
    seed: int
    index: int
    weeks: int
    rows: tuple[int, ...]

    def play(self, sc: CompiledScenario) -> np.ndarray:
        """(weeks + 1, rows, games) tracked values of the chunk's games."""
        players = tuple(make_leader(self.leaders[s], sc, s, CALIBRATION_DIFFICULTY) for s in (0, 1))
        return simulate(sc, players, self.games, chunk_rngs(self.seed, self.index), self.weeks, list(self.rows))

    def weight(self, sc: CompiledScenario) -> float:
        """Bigger chunks first."""
        return self.games


def play_chunks(
    sc: CompiledScenario,
    tasks: list[Chunk],
    progress: Callable[[int, int], None] | None,
    jobs: int,
    scheduler: str | None,
) -> np.ndarray:
    """Every chunk's values joined in order along the games axis."""
    return np.concatenate(collect(sc, tasks, jobs, scheduler, progress), axis=2)


def calibrate(
    sc: CompiledScenario,
    games: int = 1000,
    seed: int = 0,
    leader: str | None = None,
    meters: bool = False,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = 1,
    scheduler: str | None = None,
) -> Calibration:
    """Run AI-vs-AI games from the start and compare their bands with the real path.

    Games run in chunks, each with its own seeds, here, in ``jobs`` local processes (None: every core when a
    leader thinks) or on the Dask ``scheduler``: the bands are the same wherever they ran."""
    if not sc.history:
        raise HistoryError(f"the scenario {sc.id!r} has no recorded history to calibrate against")
    if games < 2:
        raise ValueError("calibration needs at least 2 games")
    names, notes = calibration_leaders(sc, leader)
    players = (
        make_leader(names[0], sc, 0, CALIBRATION_DIFFICULTY),
        make_leader(names[1], sc, 1, CALIBRATION_DIFFICULTY),
    )
    real = real_path(sc, meters=meters)
    weeks = history_length(sc)
    rows = sorted(real)
    size = default_chunk(players)
    tasks = [
        Chunk(names, min(size, games - start), seed, index, weeks, tuple(rows))
        for index, start in enumerate(range(0, games, size))
    ]
    values = play_chunks(sc, tasks, progress, jobs_for(jobs, players), scheduler)
    low, mid, high = np.percentile(values, [LOW, 50, HIGH], axis=2)
    bands = []
    for j, row in enumerate(rows):
        name = sc.variables[row].name
        for week, (value, source) in sorted(real[row].items()):
            if 1 <= week <= weeks:
                args = (float(low[week, j]), float(mid[week, j]), float(high[week, j]))
                bands.append(Band(name, week, *args, value, source, *_cell_kind(sc, row, source, args)))
    paths = {sc.variables[row].name: values[:, j] for j, row in enumerate(rows)}
    return Calibration(sc, games, seed, names, notes, weeks, bands, paths)
