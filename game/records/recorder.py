"""Keeping a record while a game is played, and restoring a game from a record by re-simulating it.

``Recorder`` holds a ``Game`` and the record of its weeks: play through it
(``recorder.play``, same arguments as ``Game.play``) or tell it about weeks
played elsewhere (``recorder.note``, e.g. the terminal game's after-week hook).
``restore(record)`` re-plays the recorded orders on a fresh ``Game`` with the
recorded seed and checks every week's state hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import __version__
from ..ai.leaders import Leader, leader_title, make_leader
from ..engine.deals import package_arrays
from ..engine.game import Game, IllegalOrderError, Offer, Order, TurnReport, order_of
from ..engine.orders import Orders
from ..engine.state import state_hash
from ..scenario.compiled import CompiledScenario
from ..scenario.problems import ScenarioError
from ..scenarios import find_scenario
from .files import new_slot
from .format import (
    FORMAT_ID,
    VERSION,
    OfferEntry,
    OrderEntry,
    Origin,
    Record,
    RecordError,
    Reload,
    Resume,
    RngState,
    ScenarioRef,
    SeatEntry,
    Settings,
    Status,
    TurnEntry,
)

AnyOrder = Order | Orders


# -- converting orders ----------------------------------------------------------
def order_entry(order: Order) -> OrderEntry:
    """An Order as it is stored."""
    offer = order.offer
    if offer is None:
        return OrderEntry(moves=order.moves)
    return OrderEntry(
        moves=order.moves,
        offer=OfferEntry(terms=dict(offer.terms), clauses=offer.clauses, deadline=offer.deadline),
    )


def entry_order(entry: OrderEntry) -> Order:
    """A stored order back as an Order."""
    if entry.offer is None:
        return Order(entry.moves)
    return Order(entry.moves, Offer.of(entry.offer.terms, entry.offer.clauses, entry.offer.deadline))


# -- settings --------------------------------------------------------------------
def seat_entries(sc: CompiledScenario, leaders: tuple[str | None, str | None]) -> tuple[SeatEntry, SeatEntry]:
    """Seats from a leader name per side (None: a person)."""
    out = []
    for side, name in enumerate(leaders):
        if name is None:
            out.append(SeatEntry(side=sc.sides[side], player="person", label="you"))
        else:
            out.append(SeatEntry(side=sc.sides[side], player="computer", leader=name, label=leader_label(sc, name)))
    return out[0], out[1]


def leader_label(sc: CompiledScenario, name: str) -> str:
    """A leader's display name, as every screen shows it (kept in the record for readers without the scenario)."""
    return leader_title(name, sc)


def settings_for(
    sc: CompiledScenario,
    leaders: tuple[str | None, str | None],
    hotseat: bool = False,
    difficulty: str | None = None,
    origin: Origin | None = None,
) -> Settings:
    """Settings from a leader name per side (None: a person)."""
    return Settings(seats=seat_entries(sc, leaders), hotseat=hotseat, difficulty=difficulty, origin=origin)


def scenario_ref(sc: CompiledScenario) -> ScenarioRef:
    """How a record names a scenario."""
    file = Path(sc.path).name.encode("utf-8", "replace").decode("utf-8")  # a file name need not be UTF-8
    return ScenarioRef(id=sc.id, title=sc.title, hash=sc.source_hash, file=file)


# -- the recorder -----------------------------------------------------------------
@dataclass
class Recorder:
    """A game and the record of its weeks, kept in step."""

    game: Game
    settings: Settings
    kind: str = "game"
    turns: list[TurnEntry] = field(default_factory=list)
    start_hash: str = ""
    slot: str = field(default_factory=new_slot)
    """Names this game's own autosave (``files.autosave_paths``); a continued autosave keeps its slot."""

    def __post_init__(self):
        if not self.start_hash:
            if self.game.reports:
                raise ValueError("a Recorder must start with a fresh game (or be given its weeks)")
            self.start_hash = self.game.hash()

    @property
    def scenario(self) -> CompiledScenario:
        return self.game.scenario

    def play(
        self,
        first: AnyOrder,
        second: AnyOrder,
        contest_results: Mapping[str, int | str] | None = None,
        reasons: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    ) -> TurnReport:
        """Play one week through the game and record it."""
        report = self.game.play(first, second, contest_results, reasons)
        self.note((first, second), report, contest_results)
        return report

    def note(
        self,
        orders: tuple[AnyOrder, AnyOrder],
        report: TurnReport,
        contest_results: Mapping[str, int | str] | None = None,
    ) -> None:
        """Record a week already played on the game with these orders."""
        sc = self.scenario
        if report.turn != len(self.turns) + 1:
            raise ValueError(f"week {report.turn} noted after {len(self.turns)} recorded weeks")
        contests = {cid: sc.sides[sc.side_index(who)] for cid, who in (contest_results or {}).items()}
        self.turns.append(
            TurnEntry(
                turn=report.turn,
                orders=tuple(order_entry(order_of(sc, s, orders[s])) for s in (0, 1)),
                contests=contests,
                reasons=report.reasons,
                hash=report.state_hash,
            )
        )

    def leaders(self) -> tuple[Leader | None, Leader | None]:
        """The computer leaders for the seats (None where a person sits)."""
        return tuple(
            None if seat.player == "person" else make_leader(seat.leader, self.scenario, side)
            for side, seat in enumerate(self.settings.seats)
        )

    def record(self) -> Record:
        """The record as it stands now."""
        g = self.game
        scores = tuple(float(round(x, 3)) for x in g.scores())
        scores = scores if all(np.isfinite(scores)) else None  # only informative; a record never holds NaN
        ending = g.ending
        rngs = tuple(RngState.model_validate(r.bit_generator.state) for r in g.leader_rngs)
        return Record(
            format=FORMAT_ID,
            version=VERSION,
            kind=self.kind,
            saved_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
            app_version=__version__,
            scenario=scenario_ref(self.scenario),
            seed=g.seed,
            settings=self.settings,
            start_hash=self.start_hash,
            turns=tuple(self.turns),
            status=Status(turn=g.turn, over=g.is_over, ending=ending.id if ending else None, scores=scores),
            resume=Resume(leader_rngs=rngs),
            reloads=tuple(Reload(turn=turn, left=left) for turn, left in g.reloads),
        )


# -- restoring --------------------------------------------------------------------
class RecordMismatch(RecordError):
    """The record does not replay as recorded (scenario changed, or moves illegal or diverging).

    The moves can still be replayed 'anyway' on the current scenario: ``restore(..., anyway=True)``.
    """


@dataclass(frozen=True)
class Divergence:
    """Where a record replayed on a changed scenario stops matching."""

    first_turn: int
    """First week whose state differs from the record (0: already at the start)."""
    stopped_at: int | None = None
    """Week whose orders could not be played (the replay stops before it), if any."""
    reason: str = ""
    """Why the replay stopped, or the rule broken in the week it diverged."""

    def describe(self) -> str:
        """In words, for a message."""
        start = "from the start" if self.first_turn == 0 else f"from week {self.first_turn}"
        text = f"the replayed game differs from the recorded one {start}"
        if self.stopped_at is not None:
            text += f"; the replay stops at week {self.stopped_at}: {self.reason}"
        elif self.reason:
            text += f"; that week {self.reason}"
        return text


@dataclass
class Restored:
    """A game rebuilt from a record."""

    recorder: Recorder
    record: Record
    source: str
    divergence: Divergence | None = None
    scenario_changed: bool = False

    @property
    def game(self) -> Game:
        return self.recorder.game


def scenario_for(record: Record, source: str) -> CompiledScenario:
    """The installed scenario a record names; RecordError if it is missing or broken."""
    try:
        return find_scenario(record.scenario.id)
    except FileNotFoundError:
        raise RecordError(source, f"needs the scenario {record.scenario.id!r}, which is not installed") from None
    except ScenarioError as err:
        first = err.problems[0] if err.problems else "unknown problem"
        raise RecordError(source, f"its scenario {record.scenario.id!r} has errors: {first}") from None


def restore(
    record: Record,
    source: str = "<record>",
    scenario: CompiledScenario | None = None,
    anyway: bool = False,
    upto: int | None = None,
) -> Restored:
    """Re-simulate a record (its first ``upto`` weeks if given) and check every hash.

    Raises RecordMismatch when the scenario changed or the replay does not match;
    with ``anyway`` it replays what it can and reports the divergence instead.
    """
    sc = scenario or scenario_for(record, source)
    check_record(record, sc, source)
    changed = sc.source_hash != record.scenario.hash or bool(record.reloads)
    if record.reloads and not anyway:
        raise RecordMismatch(
            source,
            f"was played while its scenario was edited (reloaded in week {record.reloads[0].turn}), so its weeks "
            "ran on two versions; the moves can be replayed on the current scenario anyway",
        )
    if changed and not anyway:
        raise RecordMismatch(
            source,
            f"was recorded with another version of the scenario {record.scenario.id!r} (its file has changed "
            "since); the moves can be replayed on the current scenario anyway",
        )
    game = Game(sc, record.seed)
    turns = record.turns if upto is None else record.turns[:upto]
    fingerprint = record_hash(record)
    start_hash = game.hash()
    first_diff = 0 if fingerprint(game.state) != record.start_hash else None
    stopped, reason = None, ""
    for entry in turns:
        try:
            orders = week_orders(game, entry)
        except (IllegalOrderError, KeyError) as err:
            stopped, reason = entry.turn, _plain(err)
            break
        game.play(orders[0], orders[1], dict(entry.contests) or None, entry.reasons)
        if first_diff is None and fingerprint(game.state) != entry.hash:
            first_diff = entry.turn
    if stopped is not None and first_diff is None:
        first_diff = stopped
    divergence = Divergence(first_diff, stopped, reason) if first_diff is not None else None
    if divergence and not anyway:
        raise RecordMismatch(source, f"{divergence.describe()} ({_likely_cause(record)})")
    replayed = [e.model_copy(update={"hash": r.state_hash}) for e, r in zip(turns, game.reports)]
    recorder = Recorder(game, record.settings, record.kind, replayed, start_hash)
    if divergence is None and upto is None and record.resume is not None:
        for rng, state in zip(game.leader_rngs, record.resume.leader_rngs):
            rng.bit_generator.state = state.model_dump()
    return Restored(recorder, record, source, divergence, changed)


def check_record(record: Record, sc: CompiledScenario, source: str) -> None:
    """Raise RecordError if the record names sides, leaders or contests its scenario does not have."""
    sides = ", ".join(sc.sides)
    for i, seat in enumerate(record.settings.seats):
        where = f"settings.seats.{i}"
        if seat.side != sc.sides[i]:
            raise RecordError(
                source, f"{where}.side: {seat.side!r} is not side {i + 1} of {sc.id!r} (its sides are {sides})"
            )
        if seat.player == "computer":
            if not seat.leader:
                raise RecordError(source, f"{where}.leader: the computer seat for {seat.side} names no leader")
            try:
                make_leader(seat.leader, sc, i)
            except KeyError as err:
                raise RecordError(source, f"{where}.leader: {_plain(err)}") from None
    contests = {c.id for c in sc.contests}
    for entry in record.turns:
        for contest, winner in entry.contests.items():
            where = f"turns.{entry.turn - 1}.contests"
            if contest not in contests:
                raise RecordError(source, f"{where}: {sc.id!r} has no contest {contest!r}")
            if winner not in sc.sides:
                raise RecordError(source, f"{where}.{contest}: {winner!r} is not a side (the sides are {sides})")


def record_hash(record: Record) -> Callable[[np.ndarray], str]:
    """How the record's state hashes were made: exactly since format 2, rounded in format 1."""
    return state_hash if record.version >= 2 else rounded_state_hash


def rounded_state_hash(state: np.ndarray, game: int = 0) -> str:
    """The state hash of record format 1: numbers rounded to 6 decimals (and -0.0 read as 0.0) first."""
    column = np.round(np.ascontiguousarray(state[:, game]), 6) + 0.0
    return hashlib.sha256(column.tobytes()).hexdigest()[:16]


def _likely_cause(record: Record) -> str:
    if record.version < VERSION:
        return (
            f"it was saved by an older version of Brinkmanship, record format {record.version}, "
            "which added some sums in another order"
        )
    return "the file was altered, or the game's rules changed"


def week_orders(game: Game, entry: TurnEntry) -> tuple[AnyOrder, AnyOrder]:
    """Both sides' orders for a recorded week, checked: orders that break a rule stop the replay.

    Game.play refuses illegal orders from anyone (computer leaders' included), so a
    record holding one was altered or made under other rules (IllegalOrderError);
    unknown move, lever or clause names stop it too (KeyError).
    """
    sc = game.scenario
    out: list[AnyOrder] = []
    for side, stored in enumerate(entry.orders):
        order = entry_order(stored)
        try:
            game.orders_for(side, order)
        except IllegalOrderError as err:
            raise IllegalOrderError(
                f"{sc.sides[side]}'s orders {list(stored.moves)} are not legal now ({_plain(err)})"
            ) from None
        out.append(order)
    return out[0], out[1]


def unchecked_orders(sc: CompiledScenario, side: int, order: Order) -> Orders:
    """An Order as batch orders without the legality check (KeyError for names the scenario lacks)."""
    batch = Orders.empty(sc, side, 1)
    for move_id in order.moves:
        batch.chosen[sc.move_by_id(side, move_id).index, 0] = True
    if order.offer is not None:
        batch.offer[:, 0] = package_arrays(sc, dict(order.offer.terms))
        clause_ids = [c.id for c in sc.clauses]
        for clause in order.offer.clauses:
            if clause not in clause_ids:
                raise KeyError(f"unknown clause {clause!r}")
            batch.clauses[clause_ids.index(clause), 0] = True
        batch.deadline[0] = order.offer.deadline or sc.model.negotiation.deadline
    return batch


def _plain(err: Exception) -> str:
    return str(err.args[0]) if err.args else type(err).__name__


def new_recorder(
    sc: CompiledScenario,
    seed: int,
    leaders: tuple[str | None, str | None],
    hotseat: bool = False,
    difficulty: str | None = None,
) -> Recorder:
    """A fresh game with its (empty) record."""
    return Recorder(Game(sc, seed), settings_for(sc, leaders, hotseat, difficulty))


FALLBACK_LEADER = "tit_for_tat"
"""The computer leader used where the scenario's historical personality is not playable yet."""


def historical_personality(sc: CompiledScenario, side: int) -> str | None:
    """The id of a side's historical personality: the one marked 'historical: true', else one named 'historical...'."""
    own = [p for p in sc.personalities if p.side == sc.sides[side]]
    for personality in own:
        if personality.historical:
            return personality.id
    for personality in own:
        if personality.id.startswith("historical"):
            return personality.id
    return None


def playable(sc: CompiledScenario, name: str | None, side: int) -> bool:
    """Whether make_leader knows this leader name."""
    if not name:
        return False
    try:
        make_leader(name, sc, side)
    except KeyError:
        return False
    return True


def opponent_for(sc: CompiledScenario, side: int, preferred: str | None = None) -> str:
    """The computer leader to play a side: the preferred one, else its historical personality, else a baseline."""
    for name in (preferred, historical_personality(sc, side)):
        if playable(sc, name, side):
            return name
    if preferred:
        raise KeyError(f"unknown leader {preferred!r}")
    return FALLBACK_LEADER
