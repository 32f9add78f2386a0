"""Round robins: every player against every other, from both seats, on the same seeded games.

A player (``Entrant``) names the leader it fields in each seat: one name for a
personality or baseline that can sit either side, or a pair of side-specific
personalities (e.g. each side's historical leader) joined as one player.  Every
pairing plays the same seeds and the same chunking, and the two seat orders of a
pairing play the same seeds too (like duplicate bridge), so luck cancels out.
A win is as the scenario defines it (``engine.scoring.results``): a higher 0-100 score by more than
the draw margin, and never in an ending that ruins both (unless one side pushed it there alone).
Confidence intervals are 95%:
Wilson for win rates, normal for mean scores.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..ai.leaders import BASELINE_PREFIX, BASELINES, make_leader
from ..ai.lookahead import LookaheadLeader
from ..ai.personality import presets
from ..engine.scoring import BOTH_LOSE, WIN, results
from ..scenario.compiled import CompiledScenario
from .nash import check_deals, format_deal_quality, summarise_checks
from .parallel import collect
from .runner import run_games

Z95 = 1.959964


@dataclass(frozen=True)
class Entrant:
    """A tournament player: the leader it fields in each seat (None where it cannot sit)."""

    id: str
    label: str
    seats: tuple[str | None, str | None]

    def leader(self, sc: CompiledScenario, seat: int, difficulty: str):
        """A fresh leader for one seat."""
        return make_leader(self.seats[seat], sc, seat, difficulty)


def default_entrants(sc: CompiledScenario, difficulty: str) -> list[Entrant]:
    """Every personality (side-specific ones paired up) and every baseline."""
    out = []
    either = [t for t in presets(sc) if t.side is None]
    for traits in either:
        out.append(
            Entrant(_with_level(traits.id, difficulty), f"{traits.label} ({difficulty})", (traits.id, traits.id))
        )
    sided = [[t for t in presets(sc, s) if t.side == s] for s in (0, 1)]
    for k in range(max(len(sided[0]), len(sided[1]))):
        pair = tuple(sided[s][k] if k < len(sided[s]) else None for s in (0, 1))
        names = tuple(t.id if t is not None else None for t in pair)
        ident = "/".join(n for n in names if n)
        label = " / ".join(t.label for t in pair if t is not None)
        out.append(Entrant(_with_level(ident, difficulty), f"{label} ({difficulty})", names))
    taken = {t.id for t in presets(sc)}
    for base in sorted(BASELINES):
        name = base if base not in taken else BASELINE_PREFIX + base
        out.append(Entrant(name, BASELINES[base].label, (name, name)))
    return out


def _with_level(ident: str, difficulty: str) -> str:
    return ident if difficulty == "normal" else f"{ident}@{difficulty}"


def entrant_from_name(sc: CompiledScenario, name: str, difficulty: str) -> Entrant:
    """A player from a leader name ('hawk', 'strategist@hard', 'random') or a side pair ('a/b')."""
    parts = name.split("/")
    if len(parts) == 2:
        seats = (parts[0], parts[1])
    else:
        seats = (name, name)
    fielded = []
    label = name
    for seat in (0, 1):
        try:
            leader = make_leader(seats[seat], sc, seat, difficulty)
        except KeyError as err:
            if len(parts) == 2:
                raise
            fielded.append(None)
            last = err
            continue
        label = leader.label
        fielded.append(seats[seat])
    if not any(fielded):
        raise last
    return Entrant(name, label, (fielded[0], fielded[1]))


@dataclass
class Tally:
    """One player's results against one opponent, by seat."""

    games: list[int] = field(default_factory=lambda: [0, 0])
    wins: list[int] = field(default_factory=lambda: [0, 0])
    ruins: list[int] = field(default_factory=lambda: [0, 0])
    scores: list[np.ndarray] = field(default_factory=list)
    against: list[np.ndarray] = field(default_factory=list)

    def add(self, seat: int, own: np.ndarray, other: np.ndarray, result: np.ndarray) -> None:
        """Record games played from one seat: scores and result codes (``engine.scoring.results``)."""
        self.games[seat] += len(own)
        self.wins[seat] += int(np.sum(result == WIN))
        self.ruins[seat] += int(np.sum(result == BOTH_LOSE))
        self.scores.append(own)
        self.against.append(other)


def wilson(wins: int, games: int) -> tuple[float, float]:
    """95% Wilson interval of a win rate."""
    if games == 0:
        return 0.0, 1.0
    p = wins / games
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * games)) / (1 + z2 / games)
    half = Z95 * math.sqrt(p * (1 - p) / games + z2 / (4 * games * games)) / (1 + z2 / games)
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_ci(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and its 95% normal interval."""
    mean = float(np.mean(values))
    if len(values) < 2:
        return mean, mean, mean
    half = Z95 * float(np.std(values, ddof=1)) / math.sqrt(len(values))
    return mean, mean - half, mean + half


def run_tournament(
    sc: CompiledScenario,
    players: list[Entrant],
    games: int,
    seed: int = 0,
    difficulty: str = "normal",
    progress: Callable[[int, int], None] | None = None,
    nash: int = 0,
    jobs: int = 1,
    scheduler: str | None = None,
) -> dict:
    """Play every pairing from both seats; return tables of win rates, scores and ranks (JSON-ready).

    With ``nash`` > 0, up to that many deals per pairing of two thinking leaders are checked
    against the Nash bargaining point (``nash.check_deals``).  With ``jobs`` > 1 pairings are
    played in that many processes (with ``scheduler``, on that Dask cluster); every pairing has its own
    seeds, so the report is the same.
    """
    started = time.perf_counter()
    schedule = _schedule(players, games)
    chunk = min(
        getattr(p.leader(sc, s, difficulty), "chunk_games", 5000) for p in players for s in (0, 1) if p.seats[s]
    )
    tasks = [Pairing(first, second, n, seed, chunk, difficulty, nash) for first, second, n in schedule]
    outcomes = _play_all(sc, tasks, jobs, progress, scheduler)
    tallies: dict[tuple[str, str], Tally] = {}
    checks, signed = [], 0
    for task, (s, codes, found, deals) in zip(tasks, outcomes):
        tallies.setdefault((task.first.id, task.second.id), Tally()).add(0, s[:, 0], s[:, 1], codes[:, 0])
        tallies.setdefault((task.second.id, task.first.id), Tally()).add(1, s[:, 1], s[:, 0], codes[:, 1])
        checks += found
        signed += deals
    report = _report(sc, players, tallies, games, seed, difficulty, time.perf_counter() - started)
    if nash > 0:
        report["deal_quality"] = summarise_checks(checks, signed)
    return report


@dataclass(frozen=True)
class Pairing:
    """One seat order of one pairing: who sits where, how many games, on which seeds."""

    first: Entrant
    second: Entrant
    games: int
    seed: int
    chunk: int
    difficulty: str
    nash: int

    def leaders(self, sc: CompiledScenario) -> tuple:
        """Fresh leaders for both seats."""
        return self.first.leader(sc, 0, self.difficulty), self.second.leader(sc, 1, self.difficulty)

    def play(self, sc: CompiledScenario) -> tuple[np.ndarray, np.ndarray, list, int]:
        """(games, 2) scores and result codes, the Nash checks of its deals, and how many deals were signed."""
        leaders = self.leaders(sc)
        result = run_games(sc, leaders, self.games, self.seed, chunk=self.chunk)
        codes = results(sc, result.final, result.scores)
        if self.nash > 0 and all(isinstance(leader, LookaheadLeader) for leader in leaders):
            return result.scores, codes, check_deals(sc, result, self.seed, limit=self.nash), len(result.deals.game)
        return result.scores, codes, [], 0

    def weight(self, sc: CompiledScenario) -> float:
        """How many of its two seats think by look-ahead (the slow ones, started first)."""
        return sum(isinstance(leader, LookaheadLeader) for leader in self.leaders(sc))


def _play_all(sc: CompiledScenario, tasks: list[Pairing], jobs: int, progress, scheduler: str | None = None) -> list:
    """Every pairing's outcome, in schedule order, reporting progress as each one finishes."""
    return collect(sc, tasks, jobs, scheduler, progress)


def _schedule(players: list[Entrant], games: int) -> list[tuple[Entrant, Entrant, int]]:
    """(seat-0 player, seat-1 player, games) for every pairing and seat order each can take."""
    out = []
    for i, a in enumerate(players):
        for b in players[i + 1 :]:
            orders = [(x, y) for x, y in ((a, b), (b, a)) if x.seats[0] and y.seats[1]]
            if not orders:
                continue
            shares = [games // len(orders) + (k < games % len(orders)) for k in range(len(orders))]
            out.extend((x, y, n) for (x, y), n in zip(orders, shares) if n > 0)
    return out


def _report(sc, players, tallies, games, seed, difficulty, seconds) -> dict:
    rows = []
    for p in players:
        mine = [t for (a, _), t in tallies.items() if a == p.id]
        played = sum(sum(t.games) for t in mine)
        wins = sum(sum(t.wins) for t in mine)
        ruins = sum(sum(t.ruins) for t in mine)
        scores = np.concatenate([s for t in mine for s in t.scores]) if mine else np.zeros(0)
        mean, lo, hi = mean_ci(scores) if len(scores) else (0.0, 0.0, 0.0)
        wlo, whi = wilson(wins, played)
        rows.append(
            {
                "id": p.id,
                "label": p.label,
                "games": played,
                "wins": wins,
                "win_rate": round(wins / played, 4) if played else 0.0,
                "win_ci": [round(wlo, 4), round(whi, 4)],
                "both_lose_rate": round(ruins / played, 4) if played else 0.0,
                "mean_score": round(mean, 3),
                "score_ci": [round(lo, 3), round(hi, 3)],
            }
        )
    rows.sort(key=lambda r: (-r["win_rate"], -r["mean_score"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    head = {}
    for (a, b), t in tallies.items():
        played = sum(t.games)
        head.setdefault(a, {})[b] = {
            "games": played,
            "win_rate": round(sum(t.wins) / played, 4) if played else 0.0,
            "by_seat": [round(t.wins[s] / t.games[s], 4) if t.games[s] else None for s in (0, 1)],
            "games_by_seat": list(t.games),
            "mean_score": round(float(np.mean(np.concatenate(t.scores))), 3),
        }
    return {
        "scenario": sc.id,
        "seats": list(sc.sides),
        "games_per_pairing": games,
        "seed": seed,
        "difficulty": difficulty,
        "players": rows,
        "head_to_head": head,
        "seconds": round(seconds, 2),
    }


def format_tournament(report: dict) -> str:
    """Ranks and the head-to-head table as text."""
    lines = [
        f"Tournament on {report['scenario']}: {report['games_per_pairing']} games per pairing "
        f"(both seats, same seeds), difficulty {report['difficulty']}, seed {report['seed']}",
        "",
        f"{'rank':>4}  {'player':<34}{'win rate (95% CI)':>22}{'both lose':>11}{'mean score (95% CI)':>24}{'games':>8}",
    ]
    for r in report["players"]:
        win = f"{r['win_rate']:.1%} ({r['win_ci'][0]:.0%}-{r['win_ci'][1]:.0%})"
        score = f"{r['mean_score']:.1f} ({r['score_ci'][0]:.1f}-{r['score_ci'][1]:.1f})"
        ruin = f"{r['both_lose_rate']:.1%}"
        lines.append(f"{r['rank']:>4}  {r['id'][:33]:<34}{win:>22}{ruin:>11}{score:>24}{r['games']:>8}")
    ids = [r["id"] for r in report["players"]]
    short = {i: f"#{k + 1}" for k, i in enumerate(ids)}
    lines += ["", "Head to head: row's win rate against column (seat 1 / seat 2 in brackets)"]
    lines.append(" " * 6 + "".join(f"{short[i]:>16}" for i in ids))
    for a in ids:
        cells = []
        for b in ids:
            cell = report["head_to_head"].get(a, {}).get(b)
            if cell is None:
                cells.append(f"{'-':>16}")
                continue
            seats = "/".join("-" if v is None else f"{v:.0%}" for v in cell["by_seat"])
            cells.append(f"{cell['win_rate']:>6.0%} ({seats})".rjust(16))
        lines.append(f"{short[a]:>4}  " + "".join(cells))
    lines.append("")
    if "deal_quality" in report:
        lines.append(format_deal_quality(report["deal_quality"]) + " (games between two thinking leaders)")
    lines.append(f"{report['seconds']:.1f} s")
    return "\n".join(lines)
