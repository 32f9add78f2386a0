"""Probe strategies: fixed, thoughtless ways to play that a sound game must not reward.

A probe plays the same rule every week whatever happens (at most it looks at
what the other side did last week), like the strategies a clever player tries
first to game the score.  ``brinkmanship exploit`` plays each against the
computer from both seats; a probe that wins often is a bug in the game.

Probes find moves by kind and stance, and by the ids ``claim_win``, ``accuse``
and ``praise`` where a scenario has such moves; nothing names a side.

- ``grandstand``: claim victory and accuse every week, reject every offer, move no lever.
- ``squeeze``: one escalation of the main lever a week, plus claim and accuse; reject offers.
- ``escalate_all``: escalate levers every week (a different one first each week); reject offers.
- ``ease_all``: ease levers every week; accept every offer.
- ``do_nothing``: make no move at all.
- ``alternate``: escalate one week, ease the next; answer no offer.
- ``copy``: do what the other side did last week (escalate, ease or nothing); accept offers after calm.
- ``same_deal``: propose the largest ready-made package every week until a deal is in force; answer nothing.
- ``accept_all``: accept every offer, do nothing else.
- ``reject_all``: reject every offer, do nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..engine.orders import Orders, legal_mask, move_tables
from ..scenario.compiled import CompiledScenario
from .leaders import Decision, Leader

Priorities = Callable[[CompiledScenario, np.ndarray, int], np.ndarray]
"""(scenario, observation, side) -> (moves, games) priority: higher first, zero never."""


def _ids(sc: CompiledScenario, side: int, *ids: str) -> np.ndarray:
    """(moves,) 1.0 where a move's id is one of ``ids``."""
    return np.array([m.id in ids for m in sc.moves[side]], dtype=float)


def _levers(sc: CompiledScenario, side: int, stance: str) -> np.ndarray:
    """(moves,) 1.0 for lever moves of a stance ('escalate' or 'calm')."""
    return np.array([m.lever >= 0 and m.stance == stance for m in sc.moves[side]], dtype=float)


def _kind(sc: CompiledScenario, side: int, kind: str) -> np.ndarray:
    return np.array([m.kind == kind for m in sc.moves[side]], dtype=float)


def _turn(sc: CompiledScenario, obs: np.ndarray) -> np.ndarray:
    return obs[sc.turn_row].astype(int)


def _rotating(sc: CompiledScenario, side: int, stance: str, obs: np.ndarray) -> np.ndarray:
    """(moves, games) lever moves of a stance, ranked so that a different lever comes first each week."""
    mask = _levers(sc, side, stance)
    n = len(mask)
    rank = (np.arange(n)[:, None] - _turn(sc, obs)[None, :]) % n
    return np.where(mask[:, None] > 0, 1.0 + (n - rank) / n, 0.0)


def _grandstand(sc, obs, side):
    return np.broadcast_to(
        (2 * _ids(sc, side, "claim_win") + _ids(sc, side, "accuse"))[:, None], (len(sc.moves[side]), obs.shape[1])
    )


def _squeeze(sc, obs, side):
    main = next((m.index for m in sc.moves[side] if m.lever >= 0 and m.stance == "escalate"), None)
    prio = 2 * _ids(sc, side, "claim_win") + _ids(sc, side, "accuse")
    if main is not None:
        prio[main] = 3.0
    return np.broadcast_to(prio[:, None], (len(prio), obs.shape[1]))


def _charm(sc, obs, side):
    """Phone whenever a call is open, claim every week, talks or a back channel with what is left: all talk."""
    prio = 4 * _ids(sc, side, "call") + 3 * _ids(sc, side, "claim_win") + 2 * _ids(sc, side, "hold_talks")
    prio = prio + _ids(sc, side, "backchannel")
    return np.broadcast_to(prio[:, None], (len(prio), obs.shape[1]))


def _escalate_all(sc, obs, side):
    return _rotating(sc, side, "escalate", obs)


def _ease_all(sc, obs, side):
    return _rotating(sc, side, "calm", obs)


def _nothing(sc, obs, side):
    return np.zeros((len(sc.moves[side]), obs.shape[1]))


def _alternate(sc, obs, side):
    odd = _turn(sc, obs) % 2 == 1
    return np.where(odd, _rotating(sc, side, "escalate", obs), _rotating(sc, side, "calm", obs))


def last_stance(sc: CompiledScenario, obs: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray]:
    """Per game, whether the other side made an escalating / a calming move last week (as this side saw it)."""
    other = 1 - side
    flags = obs[move_tables(sc, other).flags] != 0.0
    stance = np.array([m.stance for m in sc.moves[other]])
    return (flags & (stance == "escalate")[:, None]).any(axis=0), (flags & (stance == "calm")[:, None]).any(axis=0)


def _copy(sc, obs, side):
    escalated, calmed = last_stance(sc, obs, side)
    harsh = _rotating(sc, side, "escalate", obs) + 0.5 * _ids(sc, side, "accuse")[:, None]
    soft = _rotating(sc, side, "calm", obs)
    return np.where(escalated, harsh, np.where(calmed, soft, 0.0))


def _same_deal(sc, obs, side):
    idle = obs[sc.deal.active] == 0.0  # until it is signed: a new deal would replace the one in force
    return _kind(sc, side, "propose")[:, None] * idle[None, :]


class ProbeLeader(Leader):
    """A fixed strategy: each week the legal moves its rule ranks highest, within the budget."""

    def __init__(self, probe_id: str, label: str, priorities: Priorities, answer: str | None, after_calm=False):
        self.id, self.label = f"probe:{probe_id}", label
        self.probe_id = probe_id
        self.priorities = priorities
        self.answer = answer
        self.after_calm = after_calm

    def decide(self, sc, obs, side, rng):
        games = obs.shape[1]
        prio = np.array(self.priorities(sc, obs, side), dtype=float)
        if self.answer is not None:
            answer = _kind(sc, side, self.answer)[:, None] * 10.0
            if self.after_calm:
                answer = answer * last_stance(sc, obs, side)[1][None, :]
            prio = prio + answer
        orders = pick_by_priority(sc, obs, side, prio)
        if orders.chosen[move_tables(sc, side).propose].any():
            orders.set_package(sc, largest_package(sc), where=orders.chosen[move_tables(sc, side).propose].any(axis=0))
        return Decision(orders, [(f"Probe: {self.label}.",)] * games)


def largest_package(sc: CompiledScenario) -> int:
    """The ready-made package with the most terms and clauses (the one a 'same deal' probe keeps proposing)."""
    sizes = [int(np.count_nonzero(~np.isnan(p.targets))) + int(np.count_nonzero(p.clauses)) for p in sc.packages]
    return int(np.argmax(sizes)) if sizes else 0


def pick_by_priority(sc: CompiledScenario, obs: np.ndarray, side: int, priority: np.ndarray) -> Orders:
    """Legal orders taking moves in order of priority (positive only) while the budget and groups allow."""
    tables = move_tables(sc, side)
    games = obs.shape[1]
    orders = Orders.empty(sc, side, games)
    legal = legal_mask(sc, obs, side)
    if not len(sc.packages):
        legal[tables.propose] = False
    prio = np.where(legal, priority, 0.0)
    budget = np.full(games, sc.model.budget)
    used_groups = np.zeros((int(tables.group.max(initial=0)) + 1, games), dtype=bool)
    cols = np.arange(games)
    for _ in range(len(tables.cost)):
        best = np.argmax(prio, axis=0)
        value = prio[best, cols]
        take = (value > 0) & (tables.cost[best] <= budget) & ~used_groups[tables.group[best], cols]
        orders.chosen[best[take], cols[take]] = True
        budget -= np.where(take, tables.cost[best], 0)
        used_groups[tables.group[best[take]], cols[take]] = True
        prio[best, cols] = 0.0
        if not (prio > 0).any():
            break
    return orders


PROBES: dict[str, ProbeLeader] = {
    p.probe_id: p
    for p in (
        ProbeLeader("grandstand", "Grandstand (claim and accuse every week, reject all)", _grandstand, "reject"),
        ProbeLeader("squeeze", "Squeeze (one escalation a week, claim and accuse)", _squeeze, "reject"),
        ProbeLeader("charm", "Charm (call when possible, claim every week, talk; reject all)", _charm, "reject"),
        ProbeLeader("escalate_all", "Escalate every lever", _escalate_all, "reject"),
        ProbeLeader("ease_all", "Ease every lever, accept all", _ease_all, "accept"),
        ProbeLeader("do_nothing", "Do nothing", _nothing, None),
        ProbeLeader("alternate", "Alternate escalate and ease", _alternate, None),
        ProbeLeader("copy", "Copy the other side", _copy, "accept", after_calm=True),
        ProbeLeader("same_deal", "Propose the same deal weekly", _same_deal, None),
        ProbeLeader("accept_all", "Accept everything", _nothing, "accept"),
        ProbeLeader("reject_all", "Reject everything", _nothing, "reject"),
    )
}
"""Every probe strategy by id (as ``probe:ID`` in leader names)."""

PROBE_PREFIX = "probe:"
