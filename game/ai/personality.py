"""Personalities: a computer leader's character, read from the scenario's ``personalities:`` list.

Each trait runs from 0 to 1 (schema ``Personality``).  This module turns traits into
the numbers the look-ahead uses, so the mapping from character to behaviour is in
one place:

- ``risk``: risk tolerance.  The look-ahead subtracts ``risk_aversion`` times the
  expected shortfall below the mean from a move's expected value.
- ``patience``: the Boulware-to-Conceder exponent of time-dependent negotiation
  tactics (Faratin, Sierra & Jennings 1998): the share of its best demand a
  leader still insists on at progress t (0 at the start, 1 at the horizon) is
  ``1 - t ** (1 / beta)``; beta < 1 holds out (Boulware), beta > 1 concedes early.
- ``reciprocity``: a bonus for answering like with like (escalation with
  escalation, calm with calm, slow-walking with slow-walking).
- keeping its word: slow-walking a deal the other side keeps costs it
  ``word_weight`` points, more for a leader low in aggression and high in
  reciprocity; once the other side is seen slow-walking, a leader whose
  reciprocity is above one half gains ``retaliation_bonus`` for answering in kind.
- ``face``: extra weight on the objectives about standing against the other
  side (those that compare the same number of both sides, e.g. who looks the
  stronger leader), and, when choosing moves, on coming out ahead (own score
  minus the other's).  When weighing deals it counts only its own gains: minding
  the other side's gains there would make it refuse free gains to the other
  side and leave value on the table.
- ``claims``: a bonus for public framing moves that raise its own numbers at the
  other side's expense (claiming a win, accusing).
- ``aggression``: a bonus for escalating moves over calming ones when in doubt.
- ``habits``: points for particular moves (by id), for a character's habits the
  traits do not capture (a leader who likes to pick up the phone).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.scoring import blamed, objective_values, ruined, scores, weighted_sum
from ..scenario.compiled import CompiledScenario

TRAITS = ("risk", "patience", "reciprocity", "face", "claims", "aggression")


@dataclass(frozen=True)
class Traits:
    """A personality as the computer leader uses it."""

    id: str
    label: str
    describe: str = ""
    side: int | None = None
    """Only for this side (None: either)."""
    risk: float = 0.5
    patience: float = 0.5
    reciprocity: float = 0.5
    face: float = 0.5
    claims: float = 0.5
    aggression: float = 0.5
    habits: tuple[tuple[str, float], ...] = ()
    """(move id, score points) a week's orders gain for making that move: habits beyond the traits."""

    @property
    def beta(self) -> float:
        """Concession exponent: 0.2 for the most patient (Boulware), 5 for the least (Conceder)."""
        return float(5.0 ** (1.0 - 2.0 * self.patience))

    def aspiration(self, progress: np.ndarray) -> np.ndarray:
        """Share of its best demand still insisted on, at progress 0-1 through the game."""
        t = np.clip(np.asarray(progress, dtype=float), 0.0, 1.0)
        return 1.0 - t ** (1.0 / self.beta)

    @property
    def risk_aversion(self) -> float:
        """Weight on the expected shortfall below the mean (score points per point)."""
        return 1.5 * (1.0 - self.risk)

    @property
    def rivalry(self) -> float:
        """Weight, when choosing moves, on coming out ahead (own score minus the other's)."""
        return 0.6 * self.face

    @property
    def face_objective_weight(self) -> float:
        """Extra weight (times the objective's own) on objectives comparing both sides' standing."""
        return 2.0 * self.face

    @property
    def aggression_bonus(self) -> float:
        """Score points added per escalating move (taken off per calming move)."""
        return 3.0 * (self.aggression - 0.5)

    @property
    def reciprocity_bonus(self) -> float:
        """Score points for each move that answers the other side's last stance in kind."""
        return 2.0 * self.reciprocity

    @property
    def word_weight(self) -> float:
        """Score points it gives up rather than slow-walk a deal the other side is keeping."""
        return 6.0 * (1.0 - self.aggression) * (0.5 + 0.5 * self.reciprocity)

    @property
    def retaliation_bonus(self) -> float:
        """Score points for slow-walking a deal the other side is seen slow-walking: only leaders who weigh
        reciprocity above indifference answer a broken word in kind."""
        return 12.0 * max(0.0, self.reciprocity - 0.5)

    @property
    def claims_bonus(self) -> float:
        """Score points per public victory-claiming move."""
        return 3.0 * (self.claims - 0.5)

    @property
    def deal_floor(self) -> float:
        """Least gain over no deal (score points) worth signing for at all."""
        return 0.3 + 1.2 * (1.0 - self.risk) * 0.5

    def habit_points(self, sc: CompiledScenario, side: int) -> np.ndarray:
        """(moves,) score points its habits add for each of a side's moves."""
        points = dict(self.habits)
        return np.array([points.get(m.id, 0.0) for m in sc.moves[side]])

    def summary(self) -> str:
        """The traits in one line."""
        traits = ", ".join(f"{name} {getattr(self, name):.2f}" for name in TRAITS)
        habits = "".join(f", {move} {points:+g}" for move, points in self.habits)
        return traits + habits


NEUTRAL = Traits(
    "strategist",
    "Strategist",
    "A level-headed leader with no leanings: every trait at the middle. Not from the scenario.",
)
"""Used when a scenario has no personalities, and as a neutral player in tournaments."""


def scenario_traits(sc: CompiledScenario) -> list[Traits]:
    """Every personality the scenario defines, as traits."""
    return [
        Traits(
            p.id,
            p.label,
            p.describe,
            None if p.side is None else sc.sides.index(p.side),
            **{name: float(getattr(p, name)) for name in TRAITS},
            habits=tuple((move, float(points)) for move, points in p.habits.items()),
        )
        for p in sc.personalities
    ]


def presets(sc: CompiledScenario, side: int | None = None) -> list[Traits]:
    """Personalities a side may use (all of them if side is None), plus the neutral strategist."""
    found = [t for t in scenario_traits(sc) if side is None or t.side in (None, side)]
    if not any(t.id == NEUTRAL.id for t in found):
        found.append(NEUTRAL)
    return found


def find_traits(sc: CompiledScenario, name: str, side: int | None = None) -> Traits | None:
    """The personality with this id (None if there is none); ValueError if it belongs to the other side."""
    for traits in presets(sc):
        if traits.id == name:
            if side is not None and traits.side not in (None, side):
                raise ValueError(f"personality {name!r} is only for {sc.sides[traits.side]}, not {sc.sides[side]}")
            return traits
    return None


def default_traits(sc: CompiledScenario, side: int) -> Traits:
    """A side's own personality: the first made for that side, else the first for either side, else neutral."""
    own = [t for t in scenario_traits(sc) if t.side == side]
    either = [t for t in scenario_traits(sc) if t.side is None]
    return (own or either or [NEUTRAL])[0]


def face_objectives(sc: CompiledScenario, side: int) -> np.ndarray:
    """(objectives,) which of a side's objectives compare the same number of both sides (standing, face)."""
    cache = sc.extra.setdefault("ai_face_objectives", {})
    if side not in cache:
        own, other = f"{sc.sides[side]}.", f"{sc.sides[1 - side]}."
        flags = []
        for objective in sc.objectives[side]:
            reads = objective.value.reads
            flags.append(any(n.startswith(own) and other + n[len(own) :] in reads for n in reads))
        cache[side] = np.array(flags, dtype=bool)
    return cache[side]


RUIN_COST = 20.0
"""Points a leader takes off a rollout that ends in mutual ruin: a loss for both, whatever the scores."""

RUIN_LEAD = 10.0
"""The 'lead' a leader counts in a mutual ruin: behind, however the scores stand (ahead if the other side is blamed)."""


def shaped_values(
    sc: CompiledScenario, state: np.ndarray, side: int, traits: Traits, lead_weight: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """(shaped value per game, (games, 2) both sides' 0-100 scores): its own score with face weighed in as the
    personality does, plus ``lead_weight`` times its lead over the other side; mutual ruin is no lead and costs,
    unless the other side is blamed for it (``scoring.blamed``)."""
    both = scores(sc, state)
    own = both[:, side]
    weights = np.array([o.weight for o in sc.objectives[side]])
    face = face_objectives(sc, side)
    extra = 0.0
    if face.any():
        values = objective_values(sc, state, side)
        extra = 100.0 * traits.face_objective_weight * weighted_sum(weights[face], values[face]) / weights.sum()
    ruin = ruined(sc, state)
    theirs = ruin & (blamed(sc, state) == 1 - side)
    ruin_lead = np.where(theirs, RUIN_LEAD, -RUIN_LEAD)
    lead = lead_weight * np.where(ruin, ruin_lead, own - both[:, 1 - side]) if lead_weight else 0.0
    return own + extra + lead - RUIN_COST * (ruin & ~theirs), both
