"""``validate --simulate``: play thousands of seeded games and flag what reading the file cannot show.

Four experiments, all on the batch engine (``engine.turn``) with the baseline
leaders (``ai.leaders.BASELINES``) and one seeded generator per experiment:

1. *Survey*: every pairing of the random, hawk, dove and tit-for-tat leaders
   plays the same number of games.  It gives how often each ending happens
   (endings never reached), how often each meter sits at a bound (meters
   pinned), and who wins when both sides play alike (a side that almost always
   wins).
2. *Levers*: for each lever, the same games (same seeds, random leaders) are
   played twice with the lever held at its lowest and at its highest notch.  If
   no game ends differently (ending or either score), the lever never changes
   an outcome.  Common random numbers make the comparison exact: the engine
   and the random leader draw the same numbers whatever is chosen.
3. *Moves*: from positions sampled in the survey, each side tries every one of
   its moves alone this week (or nothing), then random play finishes the game,
   with the same dice for every move.  A move that beats every alternative by
   several score points on average, beyond doubt (paired z >= 3), dominates.

4. *Cooperation*: a side that proposes the largest ready-made package every
   week meets one that accepts everything (both ways round).  If no ending
   that needs a deal in force is ever reached, cooperative play cannot reach
   the scenario's settlement.

Findings are warnings (worth a look) — never errors: a scenario can be valid
and still be a poor game.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..ai.leaders import BASELINES, Leader
from ..ai.probes import PROBES
from ..engine import turn as rules
from ..engine.loop import Policy, leader_policy, play_weeks
from ..engine.orders import Orders, legal_mask, random_orders
from ..engine.scoring import scores
from ..engine.state import alive, observe
from ..scenario.compiled import CompiledScenario

SURVEY_LEADERS = ("random", "hawk", "dove", "tit_for_tat")
PINNED_SHARE = 0.6
"""A meter at a bound in more than this share of the weeks played is 'pinned'."""
LOPSIDED_SHARE = 0.9
"""A side that wins more than this share of mirrored games 'almost always wins'."""
DOMINANT_MARGIN = 3.0
"""A move that beats every alternative by at least this many score points (0-100) on average 'dominates'."""
SCORE_TOLERANCE = 0.01
"""Score differences below this (on 0-100) count as no difference."""


@dataclass(frozen=True)
class Finding:
    """One thing the simulation shows: what kind, and a sentence for the author."""

    kind: str
    """'ending', 'pinned', 'lopsided', 'lever', 'dominant' or 'cooperation'; the thinking playtest
    (``playtest.py``) adds 'probe', 'slow_walk', 'accepted', 'no_deal', 'seat_bias', 'unused_lever' and
    'unreached_ending'."""
    message: str
    figure: dict = field(default_factory=dict, compare=False, hash=False)
    """The figures behind the sentence (JSON-ready), where the finding has them."""


@dataclass
class LintReport:
    """What the simulation found in one scenario, with the figures behind it."""

    scenario: str
    games: int
    seconds: float
    endings: dict[str, float]
    """Share of survey games ending each way."""
    mirrored_wins: tuple[float, float]
    """Share of mirrored survey games each side won (ties count for neither)."""
    findings: list[Finding] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The short report ``validate --simulate`` prints."""
        endings = ", ".join(f"{name} {share:.0%}" for name, share in self.endings.items())
        a, b = self.mirrored_wins
        out = [
            f"  simulated {self.games:,} games in {self.seconds:.1f} s",
            f"  endings: {endings}",
            f"  wins when both sides play alike: {a:.0%} / {b:.0%}",
        ]
        out += [f"  warning: {f.message}" for f in self.findings]
        if not self.findings:
            out.append("  nothing to flag")
        return out


def _play_out(
    sc: CompiledScenario,
    state: np.ndarray,
    leaders: tuple[Leader, Leader],
    rng: np.random.Generator,
    on_turn=None,
    strip: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Play a batch to the end in place through the one play loop; ``on_turn(state)`` sees each week before it
    is played; ``strip`` bans moves per side."""
    play_weeks(
        sc, state, (_policy(sc, leaders, 0, rng, on_turn, strip), _policy(sc, leaders, 1, rng, None, strip)), rng
    )


def _policy(sc: CompiledScenario, leaders, side: int, rng: np.random.Generator, on_turn, strip) -> Policy:
    """One side's leader as a policy, with its banned moves struck out (and the week watched first, if asked)."""
    decide = leader_policy(sc, leaders[side], side, rng)

    def orders(state: np.ndarray, week: int):
        if on_turn is not None:
            on_turn(state)
        chosen = decide(state, week)
        if strip is not None:
            chosen.chosen[strip[side]] = False
        return chosen

    return orders


def _named(sc: CompiledScenario, row: int) -> str:
    return sc.variables[row].name


@dataclass
class _Survey:
    """Raw figures from the survey games."""

    endings: np.ndarray
    scores: np.ndarray
    mirrored: np.ndarray
    at_bound: np.ndarray
    weeks: int
    samples: list[np.ndarray]


def survey(sc: CompiledScenario, games: int, seed: int) -> _Survey:
    """Every pairing of the survey leaders plays games // pairings games."""
    rng = np.random.default_rng(seed)
    pairs = [(a, b) for a in SURVEY_LEADERS for b in SURVEY_LEADERS]
    per = max(1, games // len(pairs))
    meters = np.array([v.index for v in sc.variables if v.role == "variable" and v.kind == "number"], dtype=np.intp)
    at_bound = np.zeros(len(meters))
    weeks = 0
    endings, all_scores, mirrored, samples = [], [], [], []

    def watch(state: np.ndarray) -> None:
        nonlocal weeks, at_bound
        live = alive(sc, state)
        values = state[meters][:, live]
        low, high = sc.low[meters][:, None], sc.high[meters][:, None]
        at_bound += ((values <= low + 1e-9) | (values >= high - 1e-9)).sum(axis=1)
        weeks += int(live.sum())
        if len(samples) < 32:
            cols = np.flatnonzero(live)
            if cols.size:
                samples.append(state[:, rng.choice(cols, size=min(4, cols.size), replace=False)].copy())

    for a, b in pairs:
        state, _ = rules.start(sc, per, rng)
        _play_out(sc, state, (BASELINES[a](), BASELINES[b]()), rng, watch if a == b or not samples else None)
        endings.append(state[sc.ending_row].astype(int))
        final = scores(sc, state)
        all_scores.append(final)
        if a == b:
            mirrored.append(final)
    return _Survey(
        endings=np.concatenate(endings),
        scores=np.concatenate(all_scores),
        mirrored=np.concatenate(mirrored),
        at_bound=at_bound / max(weeks, 1),
        weeks=weeks,
        samples=samples,
    )


def _survey_findings(sc: CompiledScenario, figures: _Survey) -> tuple[dict[str, float], tuple[float, float], list]:
    """Endings never reached, meters pinned at a bound, a side that almost always wins."""
    findings = []
    total = len(figures.endings)
    shares = {e.id: float((figures.endings == e.index + 1).sum()) / total for e in sc.endings}
    for ending in sc.endings:
        if shares[ending.id] == 0.0:
            findings.append(
                Finding("ending", f"ending '{ending.id}' ({ending.title}) was never reached in {total:,} games")
            )
    meters = [v for v in sc.variables if v.role == "variable" and v.kind == "number"]
    for var, share in zip(meters, figures.at_bound):
        if share > PINNED_SHARE and var.shown:
            findings.append(
                Finding(
                    "pinned",
                    f"'{var.name}' sits at its bound ({var.low:g} or {var.high:g}) in {share:.0%} of the weeks played",
                )
            )
    diff = figures.mirrored[:, 0] - figures.mirrored[:, 1]
    wins = (float((diff > SCORE_TOLERANCE).mean()), float((diff < -SCORE_TOLERANCE).mean()))
    for side, share in enumerate(wins):
        if share > LOPSIDED_SHARE:
            findings.append(
                Finding(
                    "lopsided",
                    f"{sc.side_texts[side]['short']} wins {share:.0%} of games when both sides play alike "
                    "(scores are not balanced)",
                )
            )
    return shares, wins, findings


def lever_findings(sc: CompiledScenario, games: int, seed: int) -> list[Finding]:
    """Levers that change no outcome between their lowest and highest notch in the same seeded games."""
    out = []
    random = (BASELINES["random"](), BASELINES["random"]())
    for lever in sc.levers:
        finals = []
        for value in (lever.values[0], lever.values[-1]):
            rng = np.random.default_rng(seed)
            state, _ = rules.start(sc, games, rng)
            state[lever.var] = value
            strip = tuple(
                np.array([m.index for m in sc.moves[s] if m.lever == lever.index], dtype=np.intp) for s in (0, 1)
            )
            _play_out(sc, state, random, rng, strip=strip)
            finals.append((state[sc.ending_row].copy(), scores(sc, state)))
        (end_lo, score_lo), (end_hi, score_hi) = finals
        changed = (end_lo != end_hi) | (np.abs(score_lo - score_hi).max(axis=1) > SCORE_TOLERANCE)
        if not changed.any():
            out.append(
                Finding(
                    "lever",
                    f"lever '{lever.name}' never changes an outcome: {games} games end the same "
                    f"with it at {lever.values[0]:g} or at {lever.values[-1]:g}",
                )
            )
    return out


def move_findings(sc: CompiledScenario, samples: list[np.ndarray], rollouts: int, seed: int) -> list[Finding]:
    """Moves that beat every alternative, on average over sampled positions, by a clear margin."""
    if not samples:
        return []
    positions = np.concatenate(samples, axis=1)
    out = []
    for side in (0, 1):
        legal = legal_mask(sc, positions, side)
        values = _move_values(sc, positions, side, legal, rollouts, seed)
        out += _dominant(sc, side, values, legal)
    return out


def _move_values(sc, positions, side, legal, rollouts, seed) -> np.ndarray:
    """(moves + 1, positions, rollouts): the side's final score after each move alone (last: no move)."""
    count = positions.shape[1]
    batch = np.repeat(positions, rollouts, axis=1)
    random = (BASELINES["random"](), BASELINES["random"]())
    moves = sc.moves[side]
    values = np.full((len(moves) + 1, count, rollouts), np.nan)
    for choice in range(len(moves) + 1):
        rng = np.random.default_rng(seed)  # the same dice for every choice (common random numbers)
        state = batch.copy()
        mine = Orders.empty(sc, side, state.shape[1])
        allowed = np.ones(count, dtype=bool)
        if choice < len(moves):
            allowed = legal[choice]
            mine.chosen[choice] = np.repeat(allowed, rollouts)
            if moves[choice].kind == "propose" and len(sc.packages):
                mine.set_package(sc, rng.integers(0, len(sc.packages), state.shape[1]))
        theirs = random_orders(sc, observe(sc, state, 1 - side), 1 - side, rng)
        rules.step(sc, state, (mine, theirs) if side == 0 else (theirs, mine), rng)
        _play_out(sc, state, random, rng)
        final = scores(sc, state)[:, side].reshape(count, rollouts)
        values[choice][allowed] = final[allowed]
    return values


def _dominant(sc: CompiledScenario, side: int, values: np.ndarray, legal: np.ndarray) -> list[Finding]:
    """Moves whose paired advantage over every alternative is both large and certain."""
    out = []
    options = np.vstack([legal, np.ones((1, legal.shape[1]), dtype=bool)])
    for move in sc.moves[side]:
        here = legal[move.index]
        if here.sum() < 4 or move.kind in ("accept", "reject"):  # answers judge a package, not the game
            continue
        edges = []
        for alt in range(len(options)):
            both = here & options[alt]
            if alt == move.index or both.sum() < max(4, 0.25 * here.sum()):
                continue
            diff = (values[move.index][both] - values[alt][both]).ravel()
            spread = diff.std(ddof=1) / np.sqrt(diff.size)
            edges.append((float(diff.mean()), float(diff.mean() / max(spread, 1e-9))))
        if edges and all(e >= DOMINANT_MARGIN and z >= 3.0 for e, z in edges):
            edge = min(e for e, _ in edges)
            out.append(
                Finding(
                    "dominant",
                    f"{sc.side_texts[side]['short']}'s move '{move.id}' dominates every alternative: made alone "
                    f"it beats each other choice by {edge:.1f} score points or more on average",
                )
            )
    return out


def cooperation_findings(sc: CompiledScenario, games: int, seed: int) -> list[Finding]:
    """A settlement ending (one whose condition needs a deal in force) that cooperative play never reaches."""
    settlements = [e for e in sc.endings if e.when is not None and "deal.active" in e.when.source]
    if not settlements or not len(sc.packages):
        return []
    rng = np.random.default_rng(seed)
    reached = np.zeros(len(sc.endings) + 1, dtype=bool)
    for pair in ((PROBES["same_deal"], PROBES["accept_all"]), (PROBES["accept_all"], PROBES["same_deal"])):
        state, _ = rules.start(sc, games, rng)
        _play_out(sc, state, pair, rng)
        reached[np.unique(state[sc.ending_row].astype(int))] = True
    return [
        Finding(
            "cooperation",
            f"ending '{e.id}' ({e.title}) is never reached even when one side proposes the largest package every "
            "week and the other accepts everything",
        )
        for e in settlements
        if not reached[e.index + 1]
    ]


def lint(
    sc: CompiledScenario, games: int = 4000, seed: int = 0, lever_games: int = 200, rollouts: int = 16
) -> LintReport:
    """Run every experiment on a compiled scenario and collect the findings."""
    started = time.perf_counter()
    figures = survey(sc, games, seed)
    shares, wins, findings = _survey_findings(sc, figures)
    findings += lever_findings(sc, lever_games, seed + 1)
    findings += move_findings(sc, figures.samples, rollouts, seed + 2)
    findings += cooperation_findings(sc, lever_games, seed + 3)
    played = len(figures.endings) + 2 * lever_games * len(sc.levers)
    played += sum(s.shape[1] for s in figures.samples) * rollouts * (len(sc.moves[0]) + len(sc.moves[1]) + 2)
    played += 2 * lever_games if len(sc.packages) else 0
    return LintReport(
        scenario=sc.id,
        games=played,
        seconds=time.perf_counter() - started,
        endings={**shares},
        mirrored_wins=wins,
        findings=findings,
    )
