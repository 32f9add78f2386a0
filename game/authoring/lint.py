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
   the same rollouts for every move.  A move that is the best choice in almost
   every position where it is allowed dominates every alternative.

Findings are warnings (worth a look) — never errors: a scenario can be valid
and still be a poor game.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..ai.leaders import BASELINES, Leader
from ..engine import turn as rules
from ..engine.orders import Orders, legal_mask, random_orders
from ..engine.scoring import scores
from ..engine.state import alive, observe
from ..scenario.compiled import CompiledScenario

SURVEY_LEADERS = ("random", "hawk", "dove", "tit_for_tat")
PINNED_SHARE = 0.6
"""A meter at a bound in more than this share of the weeks played is 'pinned'."""
LOPSIDED_SHARE = 0.9
"""A side that wins more than this share of mirrored games 'almost always wins'."""
DOMINANT_SHARE = 0.9
"""A move best in more than this share of the positions where it is allowed 'dominates'."""
SCORE_TOLERANCE = 0.01
"""Score differences below this (on 0-100) count as no difference."""


@dataclass(frozen=True)
class Finding:
    """One thing the simulation shows: what kind, and a sentence for the author."""

    kind: str
    """'ending', 'pinned', 'lopsided', 'lever' or 'dominant'."""
    message: str


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
    """Play a batch to the end in place; ``on_turn(state)`` sees each week; ``strip`` bans moves per side."""
    limit = int(sc.model.max_turns or sc.model.turns) + 2
    for _ in range(limit):
        if not alive(sc, state).any():
            return
        if on_turn is not None:
            on_turn(state)
        orders = tuple(leaders[s].decide(sc, observe(sc, state, s), s, rng).orders for s in (0, 1))
        if strip is not None:
            for s in (0, 1):
                orders[s].chosen[strip[s]] = False
        rules.step(sc, state, orders, rng)


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
        if len(samples) < 64:
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
    """Moves that are the best single choice in almost every sampled position where they are allowed."""
    if not samples:
        return []
    positions = np.concatenate(samples, axis=1)
    count = positions.shape[1]
    batch = np.repeat(positions, rollouts, axis=1)
    random = (BASELINES["random"](), BASELINES["random"]())
    out = []
    for side in (0, 1):
        moves = sc.moves[side]
        legal = legal_mask(sc, positions, side)
        value = np.full((len(moves) + 1, count), -np.inf)
        for choice in range(len(moves) + 1):
            rng = np.random.default_rng(seed)
            state = batch.copy()
            mine = Orders.empty(sc, side, state.shape[1])
            if choice < len(moves):
                mine.chosen[choice] = np.repeat(legal[choice], rollouts)
                if moves[choice].kind == "propose" and len(sc.packages):
                    mine.set_package(sc, rng.integers(0, len(sc.packages), state.shape[1]))
            theirs = random_orders(sc, observe(sc, state, 1 - side), 1 - side, rng)
            rules.step(sc, state, (mine, theirs) if side == 0 else (theirs, mine), rng)
            _play_out(sc, state, random, rng)
            mean = scores(sc, state)[:, side].reshape(count, rollouts).mean(axis=1)
            allowed = legal[choice] if choice < len(moves) else np.ones(count, dtype=bool)
            value[choice] = np.where(allowed, mean, -np.inf)
        out += _dominant(sc, side, value, legal)
    return out


def _dominant(sc: CompiledScenario, side: int, value: np.ndarray, legal: np.ndarray) -> list[Finding]:
    """Findings for moves that beat every allowed alternative in almost every position."""
    out = []
    options = np.isfinite(value).sum(axis=0)
    contested = options >= 3
    best = np.argmax(value, axis=0)
    ranked = np.sort(value, axis=0)
    margin = ranked[-1] - ranked[-2]
    for move in sc.moves[side]:
        where = legal[move.index] & contested
        if where.sum() < max(4, 0.25 * len(where)):
            continue
        wins = (best[where] == move.index) & (margin[where] > SCORE_TOLERANCE)
        share = float(wins.mean())
        if share > DOMINANT_SHARE:
            out.append(
                Finding(
                    "dominant",
                    f"{sc.side_texts[side]['short']}'s move '{move.id}' is the best choice in {share:.0%} of the "
                    "positions where it is allowed: it dominates every alternative",
                )
            )
    return out


def lint(
    sc: CompiledScenario, games: int = 4000, seed: int = 0, lever_games: int = 200, rollouts: int = 8
) -> LintReport:
    """Run every experiment on a compiled scenario and collect the findings."""
    started = time.perf_counter()
    figures = survey(sc, games, seed)
    shares, wins, findings = _survey_findings(sc, figures)
    findings += lever_findings(sc, lever_games, seed + 1)
    findings += move_findings(sc, figures.samples, rollouts, seed + 2)
    played = len(figures.endings) + 2 * lever_games * len(sc.levers)
    played += sum(s.shape[1] for s in figures.samples) * rollouts * (len(sc.moves[0]) + len(sc.moves[1]) + 2)
    return LintReport(
        scenario=sc.id,
        games=played,
        seconds=time.perf_counter() - started,
        endings={**shares},
        mirrored_wins=wins,
        findings=findings,
    )
