"""One game as the window plays it: who sits where, this week's orders, and computer leaders thinking off the loop.

No pygame and no rules here: the session reads the engine (``Game``) and submits
orders through its checked API.  Computer leaders decide in a worker thread from
their own observation as soon as a week starts, so the window never waits on them
while a person is still thinking; each uses its own seeded stream, so threads
change nothing about the game.
"""

from __future__ import annotations

import inspect
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from ..ai.leaders import BASELINE_PREFIX, BASELINES, Leader, leader_title, make_leader
from ..engine.game import Game, IllegalOrderError, Offer, Order, TurnReport
from ..engine.orders import Orders, move_tables
from ..engine.state import observe
from ..engine.viewing import Viewer, view_of
from ..records.recorder import Recorder, settings_for
from ..scenario.compiled import CompiledScenario, MoveInfo

DIFFICULTIES = ("easy", "normal", "hard")


@dataclass(frozen=True)
class SeatPlan:
    """Who plays one side: a person, or a computer leader by id (baseline or personality) at a difficulty."""

    human: bool = True
    leader: str = "tit_for_tat"
    difficulty: str = "normal"


@dataclass(frozen=True)
class GamePlan:
    """Everything needed to start (or restart) a game."""

    scenario: CompiledScenario
    seed: int
    seats: tuple[SeatPlan, SeatPlan]

    @property
    def mode(self) -> str:
        """'solo', 'hotseat' or 'watch'."""
        humans = sum(s.human for s in self.seats)
        return {1: "solo", 2: "hotseat", 0: "watch"}[humans]

    @property
    def human_sides(self) -> list[int]:
        return [i for i, s in enumerate(self.seats) if s.human]


def is_script(sc: CompiledScenario, leader_id: str) -> bool:
    """Whether a choice is a fixed script (a baseline that does not think, so difficulty means nothing to it)."""
    if leader_id.startswith(BASELINE_PREFIX):
        return True
    return leader_id in BASELINES and leader_id not in {p.id for p in sc.personalities}


def leader_choices(sc: CompiledScenario, side: int) -> list[tuple[str, str, str]]:
    """(id, label, description) of each computer leader a side can have: personalities, then fixed scripts.

    Every label differs from the others (a personality 'Hawk' and the script 'Fixed script: always escalate').
    """
    personas = [p for p in sc.personalities if getattr(p, "side", None) in (None, sc.sides[side])]
    taken = {p.id for p in sc.personalities}
    out = [(p.id, leader_title(p.id, sc), p.describe) for p in personas]
    labels = {label for _, label, _ in out}
    for key, cls in BASELINES.items():
        choice = BASELINE_PREFIX + key if key in taken else key
        label = leader_title(choice, sc)
        if label in labels:
            label = f"{label} ({key})"
        describe = (cls.__doc__ or "").strip().splitlines()[0]
        out.append((choice, label, f"{describe} A fixed script: it does not think ahead."))
        labels.add(label)
    return out


def build_leader(sc: CompiledScenario, side: int, plan: SeatPlan) -> tuple[Leader, str]:
    """A computer leader through ``make_leader``, and the name it was made from.

    A name ``make_leader`` does not know (yet) falls back to the plain baseline name,
    then to tit for tat, so a game can always start.
    """
    kwargs = {}
    if "difficulty" in inspect.signature(make_leader).parameters:
        kwargs["difficulty"] = plan.difficulty
    names = [plan.leader]
    if plan.leader.startswith(BASELINE_PREFIX):
        names.append(plan.leader[len(BASELINE_PREFIX) :])
    for name in [*names, "tit_for_tat"]:
        try:
            return make_leader(name, sc, side, **kwargs), name
        except KeyError:
            continue
    raise KeyError(f"no computer leader {plan.leader!r}")


@dataclass
class Session:
    """A game in progress in the window: the Game, its seats, and this week's orders."""

    plan: GamePlan
    game: Game = field(init=False)
    leaders: list[Leader | None] = field(init=False)
    orders: list[Order | Orders | None] = field(init=False)
    reasons: list[tuple[str, ...]] = field(init=False)
    _pool: ThreadPoolExecutor = field(init=False, repr=False)
    _thinking: dict[int, Future] = field(init=False, default_factory=dict)

    recorder: Recorder | None = None
    """The record kept in step with the game (a fresh one unless a restored game is given)."""
    autosave_problem: str | None = None

    def __post_init__(self):
        sc = self.plan.scenario
        built = [None if s.human else build_leader(sc, i, s) for i, s in enumerate(self.plan.seats)]
        self.leaders = [b[0] if b else None for b in built]
        if self.recorder is None:
            ids = tuple(b[1] if b else None for b in built)
            difficulty = next((s.difficulty for s in self.plan.seats if not s.human), None)
            settings = settings_for(sc, ids, self.plan.mode == "hotseat", difficulty)
            self.recorder = Recorder(Game(sc, self.plan.seed), settings)
        self.game = self.recorder.game
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leader")
        self.new_week()

    @property
    def sc(self) -> CompiledScenario:
        return self.plan.scenario

    def close(self) -> None:
        """Stop the worker (pending thinking is dropped)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def switch_scenario(self, new: CompiledScenario) -> bool:
        """Go on under a new version of the scenario (hot reload); False if its layout differs.

        The state is carried over (clamped to the new bounds), computer leaders are
        rebuilt and think again, and a person's orders that the new rules forbid are dropped.
        """
        if not self.game.reload(new):
            return False
        self.plan = replace(self.plan, scenario=new)
        for side, leader in enumerate(self.leaders):
            if leader is not None:
                self.leaders[side] = build_leader(new, side, self.plan.seats[side])[0]
            elif self.orders[side] is not None and self.check(side, self.orders[side]) is not None:
                self.orders[side] = None
        self._think()
        return True

    # -- seats ------------------------------------------------------------------
    def leader_label(self, side: int) -> str:
        """The name of a side's computer leader as the setup screen lists it ('a person' for a person)."""
        leader = self.leaders[side]
        if leader is None:
            return "a person"
        return leader_title(self.plan.seats[side].leader, self.sc)

    def is_human(self, side: int) -> bool:
        return self.leaders[side] is None

    def take_over(self, side: int) -> None:
        """A person takes a side from the computer (e.g. during a replay)."""
        self.leaders[side] = None
        self._thinking.pop(side, None)
        self.orders[side] = None

    # -- the week ---------------------------------------------------------------
    def new_week(self) -> None:
        """Clear orders and start the computer leaders thinking."""
        self.orders = [None, None]
        self.reasons = [(), ()]
        self._think()

    def _think(self) -> None:
        """Start every computer leader deciding this week (in the worker thread)."""
        self._thinking = {}
        if self.game.is_over:
            return
        for side, leader in enumerate(self.leaders):
            if leader is not None:
                self.orders[side] = None
                obs = observe(self.sc, self.game.state, side)
                rng = self.game.leader_rngs[side]
                self._thinking[side] = self._pool.submit(leader.decide, self.sc, obs, side, rng)

    def computers_ready(self) -> bool:
        """Whether every computer leader has decided this week."""
        return all(f.done() for f in self._thinking.values())

    def thinking(self) -> list[int]:
        """The sides whose computer leader is still deciding this week."""
        return [side for side, future in self._thinking.items() if not future.done()]

    def _collect(self) -> None:
        for side, future in list(self._thinking.items()):
            decision = future.result()
            self.orders[side] = decision.orders
            self.reasons[side] = decision.reasons[0] if decision.reasons else ()
        self._thinking = {}

    def submit(self, side: int, order: Order) -> None:
        """A person's orders for this week; raise IllegalOrderError if they break a rule."""
        self.game.orders_for(side, order)
        self.orders[side] = order

    def check(self, side: int, order: Order) -> str | None:
        """Why these orders are not allowed, or None if they are."""
        try:
            self.game.orders_for(side, order)
        except IllegalOrderError as err:
            return str(err)
        return None

    def ready(self) -> bool:
        """Both sides' orders are in (people submitted, computers done)."""
        humans_in = all(self.orders[s] is not None for s in range(2) if self.is_human(s))
        return humans_in and self.computers_ready()

    def contests_due(self) -> list[int]:
        """Indices of contests this week's orders would start."""
        self._collect()
        if not self.sc.contests:
            return []
        return [c.index for c in self.game.contests_due(*self._batches())]

    def _batches(self) -> tuple[Orders, Orders]:
        out = []
        for side in (0, 1):
            o = self.orders[side]
            if o is None:
                o = Order()
            out.append(o if isinstance(o, Orders) else self.game.orders_for(side, o))
        return out[0], out[1]

    def play(self, contest_results: dict[str, int | str] | None = None) -> TurnReport:
        """Play the week with both sides' orders (and any match results); start the next week."""
        self._collect()
        orders = [o if o is not None else Order() for o in self.orders]
        report = self.recorder.play(orders[0], orders[1], contest_results, (self.reasons[0], self.reasons[1]))
        self.new_week()
        return report

    # -- reading ----------------------------------------------------------------
    def view(self, viewer: Viewer) -> np.ndarray:
        """The numbers a viewer may see: a side's observation, or the public's view when watching."""
        return view_of(self.sc, self.game.state, viewer)[:, 0]

    def pending_offer(self, side: int) -> Offer | None:
        """The offer the other side has on the table for this side to answer, if any."""
        return self.game.pending_offer(side)

    def offer_weeks_left(self, side: int) -> int:
        """Weeks this side has left to answer the other side's offer (1: this week is the last)."""
        return self.game.offer_weeks_left(side)

    def move_points(self, moves: list[MoveInfo]) -> int:
        """Points a set of moves costs."""
        return sum(m.cost for m in moves)

    def proposal_moves(self, side: int) -> list[MoveInfo]:
        """A side's 'propose' moves."""
        flags = move_tables(self.sc, side).propose
        return [m for m in self.sc.moves[side] if flags[m.index]]
