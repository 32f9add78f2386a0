"""One game as a person plays it: a batch of one behind a checked API, with news and explanations.

The fixed API, in the order of OpenSpiel's simultaneous-move games:
``legal_moves(side)``, ``play(order_a, order_b)`` (both sides together),
``is_over``, ``scores()``, ``observation(side)``.  ``play`` checks orders and raises
``IllegalOrderError`` naming what is wrong; the batch functions in ``turn.py``
are the fast unchecked path underneath.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .. import narration
from ..narration import NewsItem, describe_package
from ..scenario.compiled import CompiledScenario, ContestInfo, EndingInfo, MoveInfo
from . import turn as rules
from .orders import Orders, legal_mask, move_tables, orders_problems
from .scoring import objectives_met, pushed, results, ruined, scores
from .state import carry_over, observe, state_hash


class IllegalOrderError(ValueError):
    """Orders that break the rules; the message says which rule."""


MAX_SEED = 2**63 - 1
"""Largest seed a game takes (seeds are whole numbers from 0; the command line and records are held to this)."""


def fresh_seed() -> int:
    """A new seed from the operating system's entropy, for games started without one (it is shown to the player)."""
    return secrets.randbelow(999_999) + 1


def seed_streams(seed: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """The world's generator and one per leader, all from one seed.

    Leaders think with their own streams so that however much a computer leader
    deliberates, the world's dice (and so a replay of the moves) stay the same.
    """
    world, first, second = np.random.SeedSequence(seed).spawn(3)
    return np.random.default_rng(world), np.random.default_rng(first), np.random.default_rng(second)


@dataclass(frozen=True)
class Offer:
    """A deal package: lever settings for either side, clauses, and weeks to carry it out."""

    terms: tuple[tuple[str, float], ...] = ()
    """(lever name, target notch) pairs."""
    clauses: tuple[str, ...] = ()
    deadline: int | None = None

    @classmethod
    def of(cls, terms: Mapping[str, float], clauses=(), deadline: int | None = None) -> Offer:
        """Build from a mapping of lever name to notch."""
        return cls(tuple(sorted((k, float(v)) for k, v in terms.items())), tuple(clauses), deadline)


@dataclass(frozen=True)
class Order:
    """One side's orders for one week: move ids, and the offer if a 'propose' move is among them."""

    moves: tuple[str, ...] = ()
    offer: Offer | None = None


@dataclass(frozen=True)
class Change:
    """How one number moved during a week, and the causes behind it."""

    row: int
    before: float
    after: float
    causes: tuple[tuple[str, float], ...]


@dataclass
class TurnReport:
    """Everything about one played week, for the reveal, the news feed and records."""

    turn: int
    date: dt.date
    moves: tuple[tuple[MoveInfo, ...], tuple[MoveInfo, ...]]
    offers: tuple[Offer | None, Offer | None]
    news: list[NewsItem]
    changes: list[Change]
    contests: dict[str, str]
    signed_by: str | None
    ended: bool
    state_hash: str
    reasons: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    """Each side's reasons; a viewer reads them through ``viewing.reasons_for`` (they may be private)."""
    found: tuple[tuple[int, str, int, int], ...] = ()
    """Secret moves the other side found out at the end of the week: (mover, move id, first week, last week)."""


@dataclass
class Game:
    """A single game of a scenario from a seed: the state is a batch of one."""

    scenario: CompiledScenario
    seed: int = 0
    state: np.ndarray = field(init=False)
    reports: list[TurnReport] = field(init=False, default_factory=list)
    opening_news: list[NewsItem] = field(init=False, default_factory=list)
    snapshots: list[np.ndarray] = field(init=False, default_factory=list)
    reloads: list[tuple[int, str]] = field(init=False, default_factory=list)
    """(week, hash of the scenario version left) for each hot reload: weeks before it ran on another version."""

    def __post_init__(self):
        self.rng, *leaders = seed_streams(self.seed)
        self.leader_rngs = tuple(leaders)
        self.state, fired = rules.start(self.scenario, 1, self.rng)
        self.opening_news = self._event_news(fired[:, 0], self.turn)
        self.snapshots = [self.state.copy()]

    def reload(self, new: CompiledScenario) -> bool:
        """Go on under a new version of the scenario (hot reload), the state carried over and clamped to its
        bounds; False (nothing changes) if its layout differs.  The switch is kept in ``reloads``."""
        state = carry_over(self.scenario, new, self.state)
        if state is None:
            return False
        self.reloads.append((self.turn, self.scenario.source_hash))
        self.scenario, self.state = new, state
        return True

    # -- reading --------------------------------------------------------------
    @property
    def turn(self) -> int:
        """The current week (1-based); past the horizon once the game is over."""
        return int(self.state[self.scenario.turn_row, 0])

    @property
    def date(self) -> dt.date:
        """Monday of the current week."""
        return self.scenario.date_of_turn(min(self.turn, self.horizon))

    @property
    def horizon(self) -> int:
        """The last week as things stand (a deal may extend it)."""
        return int(self.state[self.scenario.horizon_row, 0])

    @property
    def is_over(self) -> bool:
        return bool(self.state[self.scenario.over_row, 0])

    @property
    def ending(self) -> EndingInfo | None:
        """How the game ended, or None while it goes on."""
        index = int(self.state[self.scenario.ending_row, 0])
        return self.scenario.endings[index - 1] if index else None

    def value(self, name: str) -> float:
        """The true value of a named variable."""
        return float(self.state[self.scenario.row(name), 0])

    def scores(self) -> np.ndarray:
        """Both leaders' 0-100 scores (the standing so far if not over)."""
        return scores(self.scenario, self.state)[0]

    def results(self) -> tuple[int, int]:
        """Each side's result code (``scoring.WIN``, ``DRAW``, ``LOSS`` or ``BOTH_LOSE``) as things stand."""
        codes = results(self.scenario, self.state)[0]
        return int(codes[0]), int(codes[1])

    def escalations(self) -> tuple[int, int]:
        """How many public escalating moves each side made in the weeks played (the engine's tally)."""
        tally = pushed(self.scenario, self.state)[0]
        return int(tally[0]), int(tally[1])

    def verdict(self) -> str:
        """Who won, in one sentence: a mutual ruin says who pushed the game there, and whether alone."""
        return narration.verdict(
            self.scenario, self.results(), bool(ruined(self.scenario, self.state)[0]), self.escalations()
        )

    def objectives(self, side: int | str) -> list[tuple[str, float]]:
        """(label, 0-1 value) for each of a side's objectives."""
        return objectives_met(self.scenario, self.state, self.scenario.side_index(side))

    def observation(self, side: int | str) -> np.ndarray:
        """What a side may see, in the state's layout (rows, 1)."""
        return observe(self.scenario, self.state, self.scenario.side_index(side))

    def news(self, side: str | None = None) -> list[NewsItem]:
        """All news so far that a side (or the public) may see, oldest first."""
        items = self.opening_news + [n for r in self.reports for n in r.news]
        return [n for n in items if n.seen_by(side)]

    def hash(self) -> str:
        """Fingerprint of the current state."""
        return state_hash(self.state)

    # -- moving ---------------------------------------------------------------
    def legal_moves(self, side: int | str) -> list[MoveInfo]:
        """A side's moves allowed this week (each alone; the budget limits combinations)."""
        s = self.scenario.side_index(side)
        mask = legal_mask(self.scenario, self.state, s)[:, 0]
        return [m for m in self.scenario.moves[s] if mask[m.index]]

    def pending_offer(self, side: int | str) -> Offer | None:
        """The offer the other side has on the table for this side to answer, if any."""
        sc, d = self.scenario, self.scenario.deal
        other = 1 - sc.side_index(side)
        state = self.state[:, 0]
        if not state[d.offer_pending[other]]:
            return None
        terms = {
            sc.levers[lever_i].name: float(state[d.offer_target[other][j]])
            for j, lever_i in enumerate(sc.negotiable)
            if state[d.offer_has[other][j]]
        }
        clauses = [c.id for c in sc.clauses if state[d.offer_clause[other][c.index]]]
        return Offer.of(terms, clauses, int(state[d.offer_deadline[other]]))

    def offer_weeks_left(self, side: int | str) -> int:
        """Weeks this side has left to answer the other side's offer (1: this week is the last; 0: none)."""
        return int(self.state[self.scenario.deal.offer_open[1 - self.scenario.side_index(side)], 0])

    def points_left(self, side: int | str, moves: Iterable[str]) -> int:
        """Move points a side has left this week after the given moves."""
        s = self.scenario.side_index(side)
        return self.scenario.model.budget - sum(self.scenario.move_by_id(s, m).cost for m in moves)

    def contests_due(self, first: Order | Orders, second: Order | Orders) -> list[ContestInfo]:
        """The contests (matches) these orders would start this week."""
        batches = tuple(self._checked(s, o) for s, o in enumerate((first, second)))
        due = rules.contests_starting(self.scenario, self.state, batches)
        return [c for c in self.scenario.contests if due[c.index, 0]]

    def _checked(self, side: int, order: Order | Orders) -> Orders:
        """Batch orders for one side, whether given as an Order or as raw batch orders; illegal ones are refused."""
        if not isinstance(order, Orders):
            return self.orders_for(side, order)
        if order.games != 1 or order.chosen.shape[0] != len(self.scenario.moves[side]):
            raise IllegalOrderError(f"these batch orders are not {self.scenario.sides[side]}'s orders for one game")
        problems = orders_problems(self.scenario, self.state, side, order)
        if problems:
            raise IllegalOrderError("; ".join(problems))
        return order

    def orders_for(self, side: int | str, order: Order) -> Orders:
        """Convert an Order into batch orders, checking it; raise IllegalOrderError if it breaks a rule."""
        sc, s = self.scenario, self.scenario.side_index(side)
        batch = Orders.empty(sc, s, 1)
        for move_id in order.moves:
            try:
                batch.chosen[sc.move_by_id(s, move_id).index, 0] = True
            except KeyError as exc:
                raise IllegalOrderError(exc.args[0]) from None
        if order.offer is not None:
            self._fill_offer(batch, order.offer)
        proposes = batch.chosen[move_tables(sc, s).propose, 0].any()
        if order.offer is not None and not proposes:
            raise IllegalOrderError("an offer needs a 'propose' move among the orders")
        return self._checked(s, batch)

    def _fill_offer(self, batch: Orders, offer: Offer) -> None:
        sc = self.scenario
        names = [sc.levers[i].name for i in sc.negotiable]
        for name, value in offer.terms:
            if name not in names:
                raise IllegalOrderError(f"{name!r} cannot be part of a deal")
            batch.offer[names.index(name), 0] = value
        clause_ids = [c.id for c in sc.clauses]
        for clause in offer.clauses:
            if clause not in clause_ids:
                raise IllegalOrderError(f"unknown clause {clause!r}")
            batch.clauses[clause_ids.index(clause), 0] = True
        batch.deadline[0] = offer.deadline or sc.model.negotiation.deadline

    def play(
        self,
        first: Order | Orders,
        second: Order | Orders,
        contest_results: Mapping[str, int | str] | None = None,
        reasons: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    ) -> TurnReport:
        """Play one week with both sides' orders at once; return the report of the week."""
        if self.is_over:
            raise IllegalOrderError("the game is over")
        sc = self.scenario
        batches = tuple(self._checked(s, o) for s, o in enumerate((first, second)))
        offers = tuple(order_of(sc, s, o) for s, o in enumerate((first, second)))
        results = self._contest_array(contest_results)
        before = self.state.copy()
        week, date = self.turn, self.date
        log = rules.step(sc, self.state, batches, self.rng, results, trace=rules.Trace())
        report = self._report(week, date, before, log, batches, offers, reasons)
        self.reports.append(report)
        self.snapshots.append(self.state.copy())
        return report

    def _contest_array(self, given: Mapping[str, int | str] | None) -> np.ndarray | None:
        if not given:
            return None
        sc = self.scenario
        out = np.full((len(sc.contests), 1), -1, dtype=np.int8)
        for contest in sc.contests:
            if contest.id in given:
                out[contest.index, 0] = sc.side_index(given[contest.id])
        return out

    # -- reporting ------------------------------------------------------------
    def _report(self, week, date, before, log, batches, offers, reasons) -> TurnReport:
        sc = self.scenario
        moves = tuple(tuple(m for m in sc.moves[s] if log.chosen[s][m.index, 0]) for s in (0, 1))
        news = [
            item for s in (0, 1) for m in moves[s] if (item := narration.move_news(sc, self.state, week, date, s, m))
        ]
        news += narration.contest_news(sc, self.state, week, date, log.contests[:, 0])
        news += self._deal_news(week, date, log, batches, moves)
        next_turn = self.turn
        if log.ended[0] and self.ending is not None:
            news.append(narration.ending_news(self.state, week, date, self.ending))
        found = self._found(log)
        if found:
            news += narration.discovery_news(
                sc, self.state, log.found[:, 0], next_turn, sc.date_of_turn(min(next_turn, self.horizon))
            )
        news += self._event_news(log.events[:, 0], next_turn)
        offer_objs = tuple(
            (offers[s].offer if offers[s] is not None else None)
            if moves[s] and any(m.kind == "propose" for m in moves[s])
            else None
            for s in (0, 1)
        )
        contests = {c.id: sc.sides[int(log.contests[c.index, 0])] for c in sc.contests if log.contests[c.index, 0] >= 0}
        signed = int(log.signed[0])
        return TurnReport(
            turn=week,
            date=date,
            moves=moves,
            offers=offer_objs,
            news=news,
            changes=self._changes(before, log.trace),
            contests=contests,
            signed_by=sc.sides[signed] if signed >= 0 else None,
            ended=bool(log.ended[0]),
            state_hash=self.hash(),
            reasons=reasons,
            found=found,
        )

    def _found(self, log) -> tuple[tuple[int, str, int, int], ...]:
        """The secret moves found out at the end of this week, with the weeks they were made."""
        sc = self.scenario
        if log.found is None:
            return ()
        return tuple(
            (d.side, sc.moves[d.side][d.move].id, int(self.state[d.found_from, 0]), int(self.state[d.found_to, 0]))
            for d, hit in zip(sc.discoveries, log.found[:, 0])
            if hit
        )

    def _deal_news(self, week, date, log, batches, moves) -> list[NewsItem]:
        """A deal signed, proposals made and offers rejected this week, in words."""
        signed = self.describe_deal(public=True) if int(log.signed[0]) >= 0 else None
        letters = self.secret_clauses() if signed is not None else []
        proposals = [
            (s, batches[s].offer[:, 0], batches[s].clauses[:, 0])
            for s in (0, 1)
            if any(m.kind == "propose" for m in moves[s])
        ]
        rejections = [s for s in (0, 1) if any(m.kind == "reject" for m in moves[s])]
        return narration.deal_news(self.scenario, week, date, signed, letters, proposals, rejections)

    def _event_news(self, fired: np.ndarray, week: int) -> list[NewsItem]:
        """The headlines of the public events that fired (dated the week they concern)."""
        date = self.scenario.date_of_turn(min(week, self.horizon))
        return narration.event_news(self.scenario, self.state, fired, week, date)

    def describe_deal(self, public: bool = False) -> str:
        """The deal in force, in words (as the public knows it: without its secret side letters)."""
        sc, d = self.scenario, self.scenario.deal
        targets = np.where(self.state[d.has, 0] != 0, self.state[d.target, 0], np.nan)
        clauses = self.state[d.clause, 0] != 0 if len(d.clause) else np.zeros(0, dtype=bool)
        return describe_package(sc, targets, clauses, public)

    def secret_clauses(self) -> list[str]:
        """Labels of the deal's side letters in force (only the two leaders know them)."""
        d = self.scenario.deal
        return [c.label for c in self.scenario.clauses if c.secret and self.state[d.clause[c.index], 0] != 0]

    def _changes(self, before: np.ndarray, trace: rules.Trace | None) -> list[Change]:
        sc = self.scenario
        causes: dict[int, dict[str, float]] = {}
        for cause, row, amount in trace.added if trace else ():
            causes.setdefault(row, {}).setdefault(cause, 0.0)
            causes[row][cause] += amount
        for cause, row, value in trace.settings if trace else ():
            causes.setdefault(row, {})[f"{cause} (sets it)"] = value - float(before[row, 0])
        out = []
        for var in sc.variables:
            if var.role == "engine" or not var.shown:
                continue
            b, a = float(before[var.index, 0]), float(self.state[var.index, 0])
            if abs(a - b) < 1e-9 and var.index not in causes:
                continue
            ranked = sorted(causes.get(var.index, {}).items(), key=lambda kv: -abs(kv[1]))
            out.append(Change(var.index, b, a, tuple((c, v) for c, v in ranked if abs(v) > 1e-9)))
        out.sort(key=lambda c: -abs(c.after - c.before) / max(sc.high[c.row] - sc.low[c.row], 1e-9))
        return out


def order_of(sc: CompiledScenario, side: int, given: Order | Orders) -> Order:
    """The checked-API Order equal to orders given either way (a batch of one becomes move ids and an offer)."""
    if isinstance(given, Order):
        return given
    chosen = given.chosen[:, 0]
    moves = tuple(m.id for m in sc.moves[side] if chosen[m.index])
    if not chosen[move_tables(sc, side).propose].any():
        return Order(moves)
    terms = {sc.levers[lever].name: float(v) for lever, v in zip(sc.negotiable, given.offer[:, 0]) if not np.isnan(v)}
    clauses = [c.id for c in sc.clauses if given.clauses[c.index, 0]]
    return Order(moves, Offer.of(terms, clauses, int(given.deadline[0])))
