"""What a computer leader remembers from week to week, per game of the batch it plays.

Only what it observed: whether its own offers were signed or let lapse, and a
fading count of the other side's visible escalating and calming moves.  A new
batch (another size, or the clock going back) starts a fresh memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.compiled import CompiledScenario
from .rollout import STANCE_LIKELIHOOD, TYPES, last_week_stance

FADE = 0.6
"""How much of the remembered moves carries over each week."""

TYPE_FADE = 0.8
"""How much of the evidence about the other side's type carries over each week (players change course)."""


@dataclass
class Memory:
    """Per-game recollections (arrays over the batch's games)."""

    turn: np.ndarray
    pending: np.ndarray
    """Our offer was on the table when we last looked (the other side answers it that week)."""
    signed: np.ndarray
    """Our offers the other side signed."""
    refused: np.ndarray
    """Our offers the other side rejected or let lapse."""
    escalations: np.ndarray
    calmings: np.ndarray
    our_stance: np.ndarray
    """Our own stance last week: +1 escalating, -1 calming, 0 neither."""
    after_ours: np.ndarray
    """(2, games): weeks the other side took a stance after we escalated (row 0) or calmed (row 1)."""
    escalated_after: np.ndarray
    """(2, games): of those, weeks it escalated."""
    type_evidence: np.ndarray
    """(types, games): fading log-likelihood of the other side's stances under each type in ``rollout.TYPES``."""

    FIELDS = (
        "turn",
        "pending",
        "signed",
        "refused",
        "escalations",
        "calmings",
        "our_stance",
        "after_ours",
        "escalated_after",
        "type_evidence",
    )

    @classmethod
    def fresh(cls, games: int) -> Memory:
        """Nothing remembered yet."""
        shapes = {"after_ours": (2, games), "escalated_after": (2, games), "type_evidence": (len(TYPES), games)}
        return cls(*(np.zeros(shapes.get(f, (games,)), bool if f == "pending" else float) for f in cls.FIELDS))

    @property
    def games(self) -> int:
        return len(self.turn)

    def fits(self, sc: CompiledScenario, obs: np.ndarray) -> bool:
        """Whether this memory belongs to the batch being observed (same games, clock not gone back)."""
        return obs.shape[1] == self.games and bool(np.all(obs[sc.turn_row] >= self.turn))

    def update(self, sc: CompiledScenario, obs: np.ndarray, side: int) -> None:
        """Take in this week's observation (once per week)."""
        fresh_week = obs[sc.turn_row] > self.turn
        signed_now = obs[sc.deal.signed] != 0.0
        answered = fresh_week & self.pending
        self.signed += answered & signed_now
        self.refused += answered & ~signed_now
        esc, calm = last_week_stance(sc, obs, 1 - side)
        self.escalations = np.where(fresh_week, FADE * self.escalations + esc, self.escalations)
        self.calmings = np.where(fresh_week, FADE * self.calmings + calm, self.calmings)
        theirs = np.sign(esc - calm)
        seen = fresh_week & (obs[sc.turn_row] >= 2)
        likely = STANCE_LIKELIHOOD[:, (self.our_stance > 0).astype(int), (theirs + 1).astype(int)]
        self.type_evidence = np.where(seen, TYPE_FADE * self.type_evidence + np.log(likely), self.type_evidence)
        for row, ours in enumerate((1, -1)):
            judged = fresh_week & (theirs != 0) & (self.our_stance == ours)
            self.after_ours[row] += judged
            self.escalated_after[row] += judged & (theirs > 0)
        mine_esc, mine_calm = last_week_stance(sc, obs, side)
        self.our_stance = np.where(fresh_week, np.sign(mine_esc - mine_calm), self.our_stance)
        self.pending = np.where(fresh_week, obs[sc.deal.offer_pending[side]] != 0.0, self.pending)
        self.turn = np.maximum(self.turn, obs[sc.turn_row])

    def select(self, cols: np.ndarray) -> Memory:
        """The memory of some games only (a read-only view for one chunk)."""
        return Memory(*(getattr(self, f)[..., cols] for f in self.FIELDS))

    def reciprocity(self) -> np.ndarray:
        """(games,) how much more the other side escalates after we escalate than after we calm (0-1).

        Pseudo-counts start it at one half: a hawk that escalates whatever we do
        soon reads as 0, a tit-for-tat player as nearly 1.
        """
        after_escalation = (1.5 + self.escalated_after[0]) / (2.0 + self.after_ours[0])
        after_calm = (0.5 + self.escalated_after[1]) / (2.0 + self.after_ours[1])
        return np.clip(after_escalation - after_calm, 0.0, 1.0)

    def type_beliefs(self) -> np.ndarray:
        """(games, types) how likely the other side is each type of ``rollout.TYPES``, from an even prior."""
        weight = np.exp(self.type_evidence - self.type_evidence.max(axis=0))
        return (weight / weight.sum(axis=0)).T

    def willingness(self) -> np.ndarray:
        """(games,) how readily the other side has signed our offers so far (1 with no evidence)."""
        return (1.0 + self.signed) / (1.0 + self.signed + self.refused)
