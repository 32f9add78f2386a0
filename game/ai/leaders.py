"""The computer-leader interface and the baseline leaders used for beginners and for measurement.

A leader is a function of its side's observation (``engine.state.observe``): it
never sees the other side's hidden numbers.  It decides for a whole batch of
games at once and may give reasons, one ``Reasons`` per game: plain-words lines,
with what the other side and spectators may read of them (``engine.viewing``).
Baselines (Axelrod-style, tiny and declarative):

- ``random``: any legal moves, uniformly.
- ``hawk``: always escalates (levers toward pressure, accusations), rejects offers.
- ``dove``: always de-escalates (levers toward relief, calls, talks), accepts offers.
- ``tit_for_tat``: mirrors the other side's last week — escalates after an
  escalation, calms after a calming move, starts calm (Axelrod & Hamilton 1981).
- ``historical``: plays the scenario's recorded real moves for its week, else nothing.

The thinking leaders (``lookahead.LookaheadLeader``) take their character from
the scenario's personalities; ``make_leader`` builds any of them by name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.orders import Orders, legal_mask, move_tables, random_orders
from ..engine.viewing import Reasons
from ..scenario.compiled import CompiledScenario


@dataclass
class Decision:
    """A leader's orders for a batch, with reasons per game (empty if it gives none)."""

    orders: Orders
    reasons: list[Reasons]


class Leader:
    """Base class: subclasses implement ``decide``."""

    id = "leader"
    label = "Leader"

    def decide(self, sc: CompiledScenario, obs: np.ndarray, side: int, rng: np.random.Generator) -> Decision:
        """Orders for every game in the batch, from this side's observation."""
        raise NotImplementedError


def _stance(sc: CompiledScenario, side: int, stance: str) -> np.ndarray:
    return np.array([m.stance == stance for m in sc.moves[side]], dtype=float)


def _kinds(sc: CompiledScenario, side: int, kind: str) -> np.ndarray:
    return np.array([m.kind == kind for m in sc.moves[side]], dtype=float)


class RandomLeader(Leader):
    """Any legal moves, uniformly at random."""

    id, label = "random", "Fixed script: random moves"

    def decide(self, sc, obs, side, rng):
        return Decision(random_orders(sc, obs, side, rng), [Reasons()] * obs.shape[1])


class StanceLeader(Leader):
    """Picks at random among moves of one stance, and answers every offer one way."""

    stance = "calm"
    answer = "accept"
    stop = 0.1

    def decide(self, sc, obs, side, rng):
        weights = _stance(sc, side, self.stance) + 2.0 * _kinds(sc, side, self.answer)
        orders = random_orders(sc, obs, side, rng, stop=self.stop, weights=weights)
        return Decision(orders, [Reasons.open((f"Always {self.stance_word}.",))] * obs.shape[1])

    @property
    def stance_word(self) -> str:
        return {"calm": "seeks calm", "escalate": "escalates"}[self.stance]


class HawkLeader(StanceLeader):
    """Always escalates; rejects every offer."""

    id, label = "hawk", "Fixed script: always escalate"
    stance, answer = "escalate", "reject"


class DoveLeader(StanceLeader):
    """Always de-escalates; accepts every offer."""

    id, label = "dove", "Fixed script: always concede"
    stance, answer = "calm", "accept"


class TitForTatLeader(Leader):
    """Mirrors the other side's visible moves of last week; starts calm."""

    id, label = "tit_for_tat", "Fixed script: tit for tat"

    def decide(self, sc, obs, side, rng):
        other = 1 - side
        flags = obs[move_tables(sc, other).flags] != 0.0
        escalated = (flags & (_stance(sc, other, "escalate")[:, None] > 0)).any(axis=0)
        calm = _stance(sc, side, "calm") + _kinds(sc, side, "accept")
        harsh = _stance(sc, side, "escalate") + _kinds(sc, side, "reject")
        weights = np.where(escalated, harsh[:, None], calm[:, None])
        orders = random_orders(sc, obs, side, rng, stop=0.3, weights=weights)
        public = ("Answers the other side's last week in kind.",)
        lines = [
            ("They escalated last week: answering in kind.",) if e else ("They kept calm: keeping calm.",)
            for e in escalated
        ]
        reasons = [Reasons(line, line, public) for line in lines]
        return Decision(orders, reasons)


class HistoricalLeader(Leader):
    """Plays what really happened in this week, where the scenario records it."""

    id, label = "historical", "Fixed script: the real moves"

    def decide(self, sc, obs, side, rng):
        games = obs.shape[1]
        orders = Orders.empty(sc, side, games)
        legal = legal_mask(sc, obs, side)
        by_turn = {h.turn: h for h in sc.history}
        turns = obs[sc.turn_row].astype(int)
        reasons = [Reasons()] * games
        for turn in np.unique(turns):
            step = by_turn.get(int(turn))
            if step is None:
                continue
            cols = np.flatnonzero(turns == turn)
            for index in step.moves[side]:
                orders.chosen[index, cols] = legal[index, cols]
            if step.offers[side] is not None:
                orders.set_package(sc, step.offers[side], where=turns == turn)
            text = Reasons.open(h[1] for h in step.headlines[:1])
            for col in cols:
                reasons[col] = text
        return Decision(orders, reasons)


BASELINES: dict[str, type[Leader]] = {
    cls.id: cls for cls in (RandomLeader, HawkLeader, DoveLeader, TitForTatLeader, HistoricalLeader)
}


BASELINE_PREFIX = "baseline:"
"""Names a baseline whose id a personality of the scenario also uses ('baseline:hawk')."""


def leader_title(name: str, sc: CompiledScenario | None = None, stored: str = "") -> str:
    """A computer leader's name as every screen, list and report shows it, from the name a game or record keeps.

    A personality by its label ('Hawk'), a baseline as the fixed script it is
    ('Fixed script: always escalate'), whatever its record stored (older records
    kept older wordings).  Without the scenario, a label the record stored names a
    personality that shares a baseline's id.
    """
    base = name.partition("@")[0]
    if base.startswith(BASELINE_PREFIX) and base[len(BASELINE_PREFIX) :] in BASELINES:
        return BASELINES[base[len(BASELINE_PREFIX) :]].label
    if sc is not None:
        found = next((p.label for p in sc.personalities if p.id == base), None)
        if found is not None:
            return found
    elif base in BASELINES and stored and stored not in OLD_LABELS.get(base, ()) + (BASELINES[base].label,):
        return stored
    if base in BASELINES:
        return BASELINES[base].label
    if stored:
        return stored
    try:
        return make_leader(name, sc).label
    except KeyError:
        return name


OLD_LABELS = {
    "random": ("Random",),
    "hawk": ("Hawk (always escalate)",),
    "dove": ("Dove (always concede)",),
    "tit_for_tat": ("Tit for tat",),
    "historical": ("Historical (the real moves)",),
}
"""What records written before the fixed scripts were named so stored as a baseline's label."""


def make_leader(name: str, sc: CompiledScenario | None = None, side: int | None = None, difficulty: str | None = None):
    """A leader by name; raise KeyError listing the names if unknown.

    A scenario personality's id (e.g. 'hawk') gives a look-ahead leader with that
    character; ``difficulty`` (easy, normal, hard) or a suffix ('hawk@hard') sets how
    hard it thinks.  'strategist' is a neutral look-ahead leader.  Baselines are named
    plainly when no personality shares the name, and always as 'baseline:NAME'.
    """
    from .lookahead import DIFFICULTIES, LookaheadLeader  # imported here: lookahead builds on this module
    from .personality import find_traits
    from .probes import PROBE_PREFIX, PROBES

    base, _, suffix = name.partition("@")
    level = suffix or difficulty or "normal"
    if level not in DIFFICULTIES:
        raise KeyError(f"unknown difficulty {level!r}; choose from {', '.join(DIFFICULTIES)}")
    if base.startswith(BASELINE_PREFIX) and base[len(BASELINE_PREFIX) :] in BASELINES and not suffix:
        return BASELINES[base[len(BASELINE_PREFIX) :]]()
    if base.startswith(PROBE_PREFIX) and base[len(PROBE_PREFIX) :] in PROBES and not suffix:
        return PROBES[base[len(PROBE_PREFIX) :]]
    if sc is not None:
        try:
            traits = find_traits(sc, base, side)
        except ValueError as err:
            raise KeyError(str(err)) from None
        if traits is not None:
            return LookaheadLeader(sc, 0 if side is None else side, traits, level)
    if base in BASELINES and not suffix:
        return BASELINES[base]()
    raise KeyError(f"unknown leader {name!r}; choose from {', '.join(leader_names(sc, side))}")


def leader_names(sc: CompiledScenario | None = None, side: int | None = None) -> list[str]:
    """Every leader name a side may use: the scenario's personalities, then the baselines."""
    from .personality import presets

    names = [t.id for t in presets(sc, side)] if sc is not None else []
    for base in sorted(BASELINES):
        names.append(base if base not in names else BASELINE_PREFIX + base)
    return names
