"""The compiled form of a scenario: what the engine reads, as arrays and small frozen records.

A scenario compiles once (``compiler.compile_scenario``) into a ``CompiledScenario``:
a table of variables (one row each in the state array), the levers with their
notches, the moves of each side, events, standing rules, contests, deals,
endings and objectives, every formula already a numpy function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ..wording import singular_unit
from .expr import Formula
from .schema import EffectMode, MoveKind, Personality, Scenario, Stance, VarKind, VarRole, Visibility
from .texts import Template

Kept = TypeVar("Kept")
"""Whatever a table kept in ``CompiledScenario.extra`` is."""

if TYPE_CHECKING:
    from .tables import EngineTables


def _no_rows() -> np.ndarray:
    return np.zeros(0, dtype=int)


@dataclass(frozen=True)
class MemoryRows:
    """Rows the engine keeps for the memory functions, only those some formula uses.

    ``last(x)``: x's value at the end of last week, copied before each week's events;
    ``weeks_since(move)``: 0 in a week the side makes the move, one more each week
    after, ``NEVER`` (999) until it first does; ``times(move)``: how often it was made.
    """

    last: np.ndarray = field(default_factory=_no_rows)
    last_of: np.ndarray = field(default_factory=_no_rows)
    since: np.ndarray = field(default_factory=_no_rows)
    since_flag: np.ndarray = field(default_factory=_no_rows)
    times: np.ndarray = field(default_factory=_no_rows)
    times_flag: np.ndarray = field(default_factory=_no_rows)

    @property
    def used(self) -> bool:
        """Whether any formula uses memory."""
        return bool(len(self.last) or len(self.since) or len(self.times))


@dataclass(frozen=True)
class VarInfo:
    """One row of the state array."""

    index: int
    name: str
    label: str
    owner: int
    """Index of the side that owns it, or -1 for shared and engine variables."""
    role: VarRole
    start: float
    low: float
    high: float
    kind: VarKind = "number"
    unit: str = ""
    describe: str = ""
    noise: float = 0.0
    hidden: bool = False
    format: str = ".0f"
    shown: bool = True
    """False for bookkeeping variables that tables and charts leave out."""

    def show(self, value: float) -> str:
        """The value as players see it, with its unit."""
        if self.kind == "flag":
            return "yes" if value >= 0.5 else "no"
        text = format(float(value), self.format)
        if self.unit in ("%", ""):
            return f"{text}{self.unit}"
        return f"{text} {singular_unit(text, self.unit)}"


@dataclass(frozen=True)
class Effect:
    """Add to or set one variable by a formula."""

    target: int
    formula: Formula
    mode: EffectMode


@dataclass(frozen=True)
class LeverInfo:
    """A lever: its state row and notches."""

    index: int
    var: int
    side: int
    name: str
    """Full name, e.g. 'us.tariff'."""
    short: str
    """Name within its side, e.g. 'tariff'."""
    label: str
    values: np.ndarray
    notch_names: tuple[str, ...]
    negotiable: bool

    def notch_name(self, value: float) -> str:
        """Display name of the notch closest to value."""
        i = int(np.argmin(np.abs(self.values - value)))
        return self.notch_names[i] if self.notch_names else ""


@dataclass(frozen=True)
class MoveInfo:
    """A move one side can make."""

    index: int
    """Index among this side's moves (the column in order arrays)."""
    side: int
    id: str
    kind: MoveKind
    """A lever notch ('up', 'down') or what the move is ('action', 'propose', 'accept', 'reject')."""
    label: str
    describe: str
    cost: int
    when: Formula
    effects: tuple[Effect, ...]
    visibility: Visibility
    headline: Template | None
    group: int
    """Moves with the same group cannot be made in the same turn."""
    flag: int
    """State row of <side>.did.<id>."""
    lever: int = -1
    """Lever index for 'up'/'down' moves."""
    condition: Formula | None = None
    """A lever move's own condition from the file (None: always, within the lever's notches)."""
    stance: Stance = "neutral"
    explain: bool = False
    """A computer leader states why it makes or passes on this move whenever it may."""


@dataclass(frozen=True)
class DiscoveryInfo:
    """How the other side may find out one side's secret move later (``engine.discovery``)."""

    side: int
    """The mover; the other side is the one that finds out."""
    move: int
    """The move's index among its side's moves."""
    chance: Formula
    after: int
    effects: tuple[Effect, ...]
    headline: Template | None
    pending: int
    """Row: week of the oldest making not yet found out (0: none)."""
    latest: int
    """Row: week of the latest making."""
    found: int
    """Row ``<mover>.found.<move>``: how often the other side found it out (only the finder sees it)."""
    found_from: int
    """Row: first week of the makings found out most recently."""
    found_to: int
    """Row: last week of the makings found out most recently."""


@dataclass(frozen=True)
class EventInfo:
    """A scheduled, conditional or random event."""

    index: int
    id: str
    turn: int | None
    when: Formula
    chance: Formula
    once: bool
    effects: tuple[Effect, ...]
    headline: Template | None
    public: bool
    counter: int
    date: dt.date | None = None
    """The real date, for scheduled events given by date (news shows it)."""
    source: str = ""
    """Where the event comes from (URL or citation), shown with its headline."""


@dataclass(frozen=True)
class RuleInfo:
    """A standing effect applied every turn."""

    index: int
    id: str
    label: str
    when: Formula
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class ContestInfo:
    """A match such as ping-pong: who wins is drawn (or played in the window)."""

    index: int
    id: str
    label: str
    when: Formula
    chance: Formula
    effects: tuple[Effect, ...]
    winner_effects: tuple[tuple[Effect, ...], tuple[Effect, ...]]
    """Effects when side 0 wins, and when side 1 wins."""
    headline: tuple[Template | None, Template | None]
    won: tuple[int, int]
    """State rows of <side>.won.<id>."""
    match: str | None = None
    """'pingpong' if a person plays it as the window's mini-game; None: always drawn by chance."""


@dataclass(frozen=True)
class ClauseInfo:
    """A non-lever deal term."""

    index: int
    id: str
    label: str
    describe: str
    effects: tuple[Effect, ...]
    secret: bool = False
    """A side letter: only the two leaders see it (the public news of the deal leaves it out)."""


@dataclass(frozen=True)
class QuestionInfo:
    """A debrief question and when it fits the game played."""

    index: int
    text: Template
    when: Formula
    history: str | None
    """'followed', 'left', 'far' or None (any)."""
    topic: str | None
    what_if: tuple[str, ...] = ()
    """Move ids whose decision the debrief forecasts the other way when this question is asked."""


@dataclass(frozen=True)
class PackageInfo:
    """A ready-made deal: targets per negotiable lever (NaN: not included) and clauses."""

    index: int
    id: str
    label: str
    describe: str
    targets: np.ndarray
    clauses: np.ndarray
    deadline: int


@dataclass(frozen=True)
class EndingInfo:
    """An ending: early ones have a condition; the last is the horizon."""

    index: int
    id: str
    title: str
    text: Template | None
    when: Formula | None
    effects: tuple[Effect, ...]
    both_lose: Formula | None = None
    """Condition (on the final state) under which this ending is a loss for both leaders; None: never."""


@dataclass(frozen=True)
class ObjectiveInfo:
    """One weighted part of a side's 0-100 score."""

    label: str
    value: Formula
    weight: float
    describe: str


@dataclass(frozen=True)
class DealRows:
    """State rows of the deal machinery (all engine-owned)."""

    active: int
    signed: int
    age: int
    weeks_left: int
    overdue: int
    scope: int
    clause: np.ndarray
    """Row of deal.<clause> per clause."""
    has: np.ndarray
    """Row of deal.has.<lever> per negotiable lever."""
    target: np.ndarray
    """Row of deal.<lever> (target notch) per negotiable lever."""
    origin: np.ndarray
    """Row of deal.from.<lever> (notch when signed) per negotiable lever."""
    offer_pending: tuple[int, int]
    offer_has: tuple[np.ndarray, np.ndarray]
    offer_target: tuple[np.ndarray, np.ndarray]
    offer_clause: tuple[np.ndarray, np.ndarray]
    offer_deadline: tuple[int, int]
    offer_open: tuple[int, int]
    """Row of <side>.offer.weeks per side: weeks the tabled offer stays open unanswered (0: none on the table)."""
    compliance: tuple[int, int]
    slow_walking: tuple[int, int]
    offer_weeks: Formula | None = None
    """How many weeks a newly tabled offer stays open (read when tabled); None: one."""


@dataclass(frozen=True)
class HistoryStep:
    """What really happened in one turn, resolved to move indices."""

    turn: int
    moves: tuple[tuple[int, ...], tuple[int, ...]]
    offers: tuple[int | None, int | None]
    """Package index proposed by each side that turn, if any."""
    headlines: tuple[tuple[dt.date, str, str], ...]
    observed: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class CompiledScenario:
    """Everything the engine needs, compiled once from a scenario file."""

    model: Scenario
    source_hash: str
    path: str
    sides: tuple[str, ...]
    variables: tuple[VarInfo, ...]
    var_index: dict[str, int]
    n_named: int
    """Rows 0..n_named-1 are named variables; rows after are estimates."""
    estimate_rows: np.ndarray
    """For each noisy variable row (the estimated one), where its estimate lives."""
    estimated_vars: np.ndarray
    estimate_noise: np.ndarray
    low: np.ndarray
    high: np.ndarray
    start_values: np.ndarray
    levers: tuple[LeverInfo, ...]
    negotiable: np.ndarray
    """Lever indices that deals may set, in deal-row order."""
    moves: tuple[tuple[MoveInfo, ...], tuple[MoveInfo, ...]]
    events: tuple[EventInfo, ...]
    rules: tuple[RuleInfo, ...]
    contests: tuple[ContestInfo, ...]
    clauses: tuple[ClauseInfo, ...]
    packages: tuple[PackageInfo, ...]
    endings: tuple[EndingInfo, ...]
    objectives: tuple[tuple[ObjectiveInfo, ...], tuple[ObjectiveInfo, ...]]
    personalities: tuple[Personality, ...]
    deal: DealRows
    turn_row: int
    horizon_row: int
    over_row: int
    ending_row: int
    per_turn_rows: np.ndarray
    """Flags reset at the start of every turn (contest results); move flags come from the orders.
    ``deal.signed`` is cleared later, after the standing rules have seen it once (engine/turn.py)."""
    history: tuple[HistoryStep, ...]
    side_texts: tuple[dict[str, str], dict[str, str]]
    key_variables: tuple[int, ...]
    escalation_rows: tuple[int, int] = (-1, -1)
    """Rows counting each side's public escalating moves so far (``<side>.escalations``): who pushed the game."""
    trust_row: int = -1
    """Row of the variable leaders read as trust (``negotiation.trust``), or -1."""
    questions: tuple[QuestionInfo, ...] = ()
    """The debrief's questions (``records.questions`` picks those that fit a game)."""
    warnings: tuple = ()
    """Problems that do not stop the scenario from loading (``Problem`` with severity 'warning')."""
    tables: EngineTables | None = None
    """The engine's precomputed tables (``scenario.tables``), built by the compiler."""
    extra: dict = field(default_factory=dict)
    """Caches of tables read off the scenario by the engine and the computer leaders (see ``kept``)."""
    memory: MemoryRows = field(default_factory=MemoryRows)
    """Rows behind last(), weeks_since() and times() (``engine.memory`` keeps them)."""
    discoveries: tuple[DiscoveryInfo, ...] = ()
    """Secret moves the other side may find out later, in the scenario's order (one draw each per week)."""

    # -- convenience ----------------------------------------------------------
    @property
    def id(self) -> str:
        return self.model.id

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def n_rows(self) -> int:
        return len(self.start_values)

    def row(self, name: str) -> int:
        """State row of a named variable."""
        return self.var_index[name]

    def kept(self, key: str, build: Callable[[CompiledScenario], Kept]) -> Kept:
        """``build(self)``, worked out on first use and kept in ``extra`` under ``key``."""
        found = self.extra.get(key)
        if found is None:
            found = self.extra[key] = build(self)
        return found

    def side_index(self, side: str | int) -> int:
        """Index of a side given its id or index."""
        if isinstance(side, int):
            if side not in (0, 1):
                raise KeyError(f"no side {side}")
            return side
        return self.sides.index(side)

    def date_of_turn(self, turn: int) -> dt.date:
        """Monday of the given 1-based turn."""
        return self.model.start + dt.timedelta(weeks=turn - 1)

    def move_by_id(self, side: int, move_id: str) -> MoveInfo:
        """A side's move by its identifier."""
        for move in self.moves[side]:
            if move.id == move_id:
                return move
        raise KeyError(f"{self.sides[side]} has no move {move_id!r}")

    def package_by_id(self, package_id: str) -> PackageInfo:
        """A ready-made deal by its identifier."""
        for package in self.packages:
            if package.id == package_id:
                return package
        raise KeyError(f"no package {package_id!r}")

    def lever_by_name(self, name: str) -> LeverInfo:
        """A lever by its full name."""
        for lever in self.levers:
            if lever.name == name:
                return lever
        raise KeyError(f"no lever {name!r}")

    def side_variables(self, side: int, role: str | None = None) -> list[VarInfo]:
        """Named variables owned by a side (optionally of one role)."""
        return [v for v in self.variables if v.owner == side and (role is None or v.role == role)]

    def shared_variables(self) -> list[VarInfo]:
        """Named shared variables declared by the scenario."""
        return [v for v in self.variables if v.owner == -1 and v.role == "variable"]
