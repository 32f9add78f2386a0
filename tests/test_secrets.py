"""Secrets stay secret: twin games that differ only in what a viewer cannot observe look the same to that viewer.

Every week of a game, a twin of the position changes everything the viewer may not
observe: the other side's true noisy numbers (the viewer's estimates kept), its hidden
flags such as slow-walking and the marks of its secret moves, and its own estimates of
the viewer's numbers.  The computer leader's twins think from such positions, or with a
different acceptance bar; where their moves look the same to the viewer (hidden ones may
differ), the week is shown with the twin's moves and reasons.  The week's report is also
shown with a secret move more, with the other side's private numbers moving differently,
and with unseen causes swapped.  Every text and number the viewer is shown must be the
same each time: the terminal's board, deal prompt and reveal, and the window's board,
negotiation table, forecast requests and reveal (reasons included).  The same holds for
a spectator watching two computers (the public) and for the hot-seat reveal that both
leaders read together.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import io

import numpy as np
import pytest

from game.ai.leaders import Decision, Leader, make_leader
from game.engine.game import Game, NewsItem, Offer, Order
from game.engine.orders import Orders
from game.engine.state import observe
from game.terminal import Seat, TextGame

WEEKS = 8
SEED = 5
SHIFT = 0.06
"""How far along its range each hidden number of the twin is moved."""


# -- twins ------------------------------------------------------------------------------
def private(var, viewer: int | None) -> bool:
    """Whether a side's number is the other side's business (for the public, both sides' are)."""
    return var.owner >= 0 and var.owner != viewer


def secret_twin(sc, state: np.ndarray, viewer: int | None, parts=("flags", "numbers", "beliefs")) -> np.ndarray:
    """The same position with the numbers the viewer (a side, or None: the public) may not observe changed.

    ``parts``: "flags" flips the other side's hidden flags (slow-walking, its secret moves' marks),
    "numbers" moves its true noisy numbers (the viewer's estimates of them kept), "beliefs" moves its
    estimates of the viewer's own numbers.
    """
    twin = state.copy()
    if "flags" in parts:
        for var in sc.variables:
            if var.hidden and private(var, viewer):
                twin[var.index] = np.where(state[var.index] == var.low, var.high, var.low)
    for row, truth in zip(sc.estimate_rows, sc.estimated_vars):
        if private(sc.variables[truth], viewer):
            if "numbers" in parts:
                twin[truth] = _shifted(sc, state, truth)
        elif "beliefs" in parts:
            twin[row] = _shifted(sc, state, row)
    return twin


def _shifted(sc, state: np.ndarray, row: int) -> np.ndarray:
    """A row moved a little along its range (down where there is no room up): enough to show in any display."""
    step = SHIFT * (sc.high[row] - sc.low[row])
    return np.where(state[row] + step <= sc.high[row], state[row] + step, state[row] - step)


def twin_game(game: Game, state: np.ndarray, snapshots: list[np.ndarray], reports=None) -> Game:
    """A shallow copy of the game showing another state, history and reports (for drawing only)."""
    twin = copy.copy(game)
    twin.state = state
    twin.snapshots = snapshots
    twin.reports = list(game.reports if reports is None else reports)
    return twin


def sees(move, viewer: int | None) -> bool:
    """The visibility rules written out again (None: the public): public, leaders (not the public), secret (own)."""
    return move.visibility == "public" or (move.visibility == "leaders" and viewer is not None) or move.side == viewer


def visible_part(sc, side: int, orders: Orders, viewer: int | None) -> tuple:
    """What a viewer can see of a side's orders: the moves, and the offer if the proposal is seen."""
    made = [m for m in sc.moves[side] if orders.chosen[m.index, 0] and sees(m, viewer)]
    offer = ()
    if any(m.kind == "propose" for m in made):
        offer = (
            np.nan_to_num(orders.offer[:, 0], nan=-1.0).tolist(),
            orders.clauses[:, 0].tolist(),
            orders.deadline[0],
        )
    return [m.id for m in made], offer


def doubter(leader):
    """A copy of a computer leader that insists on a different share of its gains (another acceptance bar)."""
    twin = copy.deepcopy(leader)
    if hasattr(twin, "traits"):
        twin.traits = dataclasses.replace(twin.traits, patience=min(1.0, twin.traits.patience + 0.15))
    return twin


def assert_same(seen: str, twin: str, what: str) -> None:
    if seen != twin:
        diff = "\n".join(difflib.unified_diff(seen.splitlines(), twin.splitlines(), "game", "twin", lineterm="", n=1))
        pytest.fail(f"{what} differs when only hidden values differ:\n{diff}")


def person_order(sc, game: Game, side: int, week: int) -> Order:
    """The person's scripted orders: offers a deal, escalates once, signs what the computer offers later on."""
    pending = game.state[sc.deal.offer_pending[1 - side], 0] != 0.0
    if pending and week >= 4:
        wanted = Order(("accept",))
    elif week % 2 == 1:
        package = sc.package_by_id("london_framework")
        terms = {sc.levers[sc.negotiable[j]].name: v for j, v in enumerate(package.targets) if not np.isnan(v)}
        wanted = Order(("propose",), Offer.of(terms, [], package.deadline))
    else:
        wanted = Order(("tariff_up",) if side == 0 else ("probes_up",))
    try:
        game.orders_for(side, wanted)
    except ValueError:
        return Order()
    return wanted


def with_secret_move(sc, report, side: int):
    """The week's report as if a side had also made a secret move (and got its private news)."""
    secret = next(m for m in sc.moves[side] if m.visibility == "secret")
    item = NewsItem(report.turn, report.date, f"{sc.side_texts[side]['short']}: {secret.label}", "move", sc.sides[side])
    news = [*report.news, item]
    moves = tuple(report.moves[s] + ((secret,) if s == side else ()) for s in (0, 1))
    return dataclasses.replace(report, moves=moves, news=news)


def with_private_changes(sc, report, viewer: int | None):
    """The week's report with the other side's private numbers having moved differently."""
    changes = []
    for change in report.changes:
        var = sc.variables[change.row]
        if var.owner >= 0 and var.owner != viewer and (var.noise > 0 or var.hidden):
            change = dataclasses.replace(change, after=change.after + 7.0, causes=(("something hidden", 7.0),))
        changes.append(change)
    return dataclasses.replace(report, changes=changes)


def unseen_moves(sc, viewer: int | str | None) -> list[str]:
    """The engine's cause names of the moves a viewer cannot see (None: the public; "both": both leaders)."""
    return [
        f"{sc.side_texts[m.side]['short']}: {m.label}"
        for moves in sc.moves
        for m in moves
        if (m.visibility == "secret" and m.side != viewer) or (viewer is None and m.visibility == "leaders")
    ]


def with_other_hidden_causes(sc, report, viewer: int | str | None):
    """The week's report with every change the viewer cannot see the cause of put down to another unseen move."""
    unseen = unseen_moves(sc, viewer)
    swap = dict(zip(unseen, unseen[1:] + unseen[:1]))
    changes = [
        dataclasses.replace(change, causes=tuple((swap.get(c, c), a) for c, a in change.causes))
        for change in report.changes
    ]
    return dataclasses.replace(report, changes=changes)


def hidden_causes(sc, report, viewer) -> int:
    """How many of the week's causes the viewer may not know about."""
    unseen = set(unseen_moves(sc, viewer))
    return sum(c in unseen for change in report.changes for c, _ in change.causes)


class Thinker:
    """A computer side, and its twins: each thinks from a position that differs in one kind of hidden value."""

    TWINS = ("bar", "flags", "numbers", "beliefs")

    def __init__(self, sc, side: int, name: str):
        self.sc, self.side = sc, side
        self.leader = make_leader(name, sc, side, "easy")

    def decide(self, game: Game, viewer: int | None) -> tuple[Decision, dict[str, Decision]]:
        """Its decision in the game (advancing its stream), and each twin's (a different bar, or hidden values)."""
        sc, side = self.sc, self.side
        twins = {}
        for kind in self.TWINS:
            leader = doubter(self.leader) if kind == "bar" else copy.deepcopy(self.leader)
            state = game.state if kind == "bar" else secret_twin(sc, game.state, viewer, (kind,))
            rng = copy.deepcopy(game.leader_rngs[side])
            twins[kind] = leader.decide(sc, observe(sc, state, side), side, rng)
        seen = self.leader.decide(sc, observe(sc, game.state, side), side, game.leader_rngs[side])
        return seen, twins


# -- the terminal -------------------------------------------------------------------------
class Enter:
    """Answers every prompt with Enter and keeps the prompts."""

    def __init__(self):
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return ""


def terminal(game: Game, seats, hotseat: bool = False) -> TextGame:
    return TextGame(game, seats, ask=Enter(), out=io.StringIO(), hotseat=hotseat, width=100)


def terminal_position(game: Game, seats, viewer: int | None) -> str:
    """The board a viewer reads, and (for a leader) the deal prompt's levers."""
    text = terminal(game, seats)
    text.board(text.viewer() if viewer is None else viewer)
    if viewer is not None:
        text.build_offer(viewer)
    return text.out.getvalue() + "\n".join(text.ask.prompts)


def terminal_reveal(game: Game, seats, report, hotseat: bool = False) -> str:
    text = terminal(game, seats, hotseat)
    text.reveal(report)
    return text.out.getvalue()


def twin_weeks(sc, report, decisions: dict, viewer: int | None):
    """(kind, the week as that twin played it) for each kind of twin whose computers' moves look the same.

    ``decisions``: per computer side, (its decision, its twins' decisions).  The twin's week
    has its computers' moves (hidden ones may differ) and reasons, and the rest as played.
    """
    for kind in Thinker.TWINS:
        if any(
            visible_part(sc, side, seen.orders, viewer) != visible_part(sc, side, twins[kind].orders, viewer)
            for side, (seen, twins) in decisions.items()
        ):
            continue
        moves, reasons = list(report.moves), list(report.reasons)
        for side, (_, twins) in decisions.items():
            moves[side] = tuple(m for m in sc.moves[side] if twins[kind].orders.chosen[m.index, 0])
            reasons[side] = twins[kind].reasons[0]
        yield kind, dataclasses.replace(report, moves=tuple(moves), reasons=tuple(reasons))


def side_pair(side: int, value, other=()):
    """A pair with ``value`` on ``side`` and ``other`` on the other side."""
    return (value, other) if side == 0 else (other, value)


@pytest.mark.parametrize("viewer", [0, 1])
def test_the_terminal_shows_a_player_nothing_hidden(june, viewer):
    sc = june
    game = Game(sc, SEED)
    computer = Thinker(sc, 1 - viewer, "hawk")
    seats = side_pair(viewer, Seat(viewer), Seat(1 - viewer, computer.leader))
    compared = differed = explained = 0
    for week in range(1, WEEKS + 1):
        if game.is_over:
            break
        twin_state = secret_twin(sc, game.state, viewer)
        assert np.array_equal(observe(sc, twin_state, viewer), observe(sc, game.state, viewer))
        twin = twin_game(game, twin_state, [secret_twin(sc, s, viewer) for s in game.snapshots])
        shown = terminal_position(game, seats, viewer)
        assert_same(shown, terminal_position(twin, seats, viewer), f"week {week} board")
        seen, twins = computer.decide(game, viewer)
        orders = side_pair(viewer, person_order(sc, game, viewer, week), seen.orders)
        report = game.play(*orders, reasons=side_pair(viewer, (), seen.reasons[0]))
        shown = terminal_reveal(game, seats, report)
        for variant in (
            with_secret_move(sc, report, 1 - viewer),
            with_private_changes(sc, report, viewer),
            with_other_hidden_causes(sc, report, viewer),
        ):
            assert_same(shown, terminal_reveal(game, seats, variant), f"week {week} reveal")
        for kind, twin_report in twin_weeks(sc, report, {1 - viewer: (seen, twins)}, viewer):
            assert_same(shown, terminal_reveal(game, seats, twin_report), f"week {week} reveal, {kind} twin")
            compared += 1
            differed += tuple(report.reasons[1 - viewer]) != tuple(twin_report.reasons[1 - viewer])
        explained += "↳" in shown
    assert compared >= 6 and differed >= 3 and explained >= WEEKS // 2, (compared, differed, explained)


def test_the_terminal_shows_a_spectator_nothing_private(june):
    sc = june
    game = Game(sc, SEED)
    thinkers = [Thinker(sc, 0, "dove"), Thinker(sc, 1, "dove")]  # doves use the back channel: hidden causes to hide
    seats = (Seat(0, thinkers[0].leader), Seat(1, thinkers[1].leader))
    compared = unexplained = 0
    for week in range(1, WEEKS + 1):
        if game.is_over:
            break
        twin_state = secret_twin(sc, game.state, None)
        twin = twin_game(game, twin_state, [secret_twin(sc, s, None) for s in game.snapshots])
        assert_same(terminal_position(game, seats, None), terminal_position(twin, seats, None), f"week {week} board")
        seen, twins = zip(*(t.decide(game, None) for t in thinkers))
        report = game.play(*(d.orders for d in seen), reasons=tuple(d.reasons[0] for d in seen))
        shown = terminal_reveal(game, seats, report)
        for side in (0, 1):
            assert_same(shown, terminal_reveal(game, seats, with_secret_move(sc, report, side)), f"week {week} reveal")
        for variant in (with_private_changes(sc, report, None), with_other_hidden_causes(sc, report, None)):
            assert_same(shown, terminal_reveal(game, seats, variant), f"week {week} reveal")
        unexplained += hidden_causes(sc, report, None)
        for kind, twin_report in twin_weeks(sc, report, dict(enumerate(zip(seen, twins))), None):
            assert_same(shown, terminal_reveal(game, seats, twin_report), f"week {week} reveal, {kind} twin")
            compared += 1
    assert compared >= 4 and unexplained >= 1, (compared, unexplained)


def test_the_terminal_hotseat_reveal_shows_only_what_both_leaders_see(june):
    sc = june
    game = Game(sc, SEED)
    seats = (Seat(0), Seat(1))
    for week in range(1, 4):
        report = game.play(person_order(sc, game, 0, week), person_order(sc, game, 1, week + 1))
        shown = terminal_reveal(game, seats, report, hotseat=True)
        for side in (0, 1):
            for variant in (
                with_secret_move(sc, report, side),
                with_private_changes(sc, report, side),
                with_other_hidden_causes(sc, report, "both"),
            ):
                assert_same(shown, terminal_reveal(game, seats, variant, hotseat=True), f"week {week} hot-seat reveal")


# -- the window ---------------------------------------------------------------------------
class Puppet(Leader):
    """Stands in for a computer leader in the window's session: it gives the decision the test made for it."""

    label = "Hawk (easy)"

    def __init__(self):
        self.next: Decision | None = None

    def decide(self, sc, obs, side, rng):
        return self.next or Decision(Orders.empty(sc, side, obs.shape[1]), [()] * obs.shape[1])


def window_text(app) -> str:
    """Every text the current screen shows: drawn lines, widgets, tooltips."""
    import pygame_gui

    from game.ui.driver import pump

    pump(app, 2)
    parts = list(app.text_log)
    app.text_log.clear()
    for element in app.screen.elements:
        if isinstance(element, pygame_gui.elements.UITextBox):
            parts.append(element.html_text)
        elif hasattr(element, "text"):
            parts.append(str(element.text))
        parts.append(str(getattr(element, "tool_tip_text", "") or ""))
    parts += [tip for _, tip in app.screen.tips]
    return "\n".join(parts)


def window_session(app, sc, humans: tuple[bool, bool]):
    """A session in the window with people and puppet computers on the sides."""
    from game.ui.session import GamePlan, SeatPlan, Session

    plan = GamePlan(sc, SEED, tuple(SeatPlan() if h else SeatPlan(False, "hawk", "easy") for h in humans))
    app.end_session()
    app.settings.show_forecasts = False
    app.session = session = Session(plan)
    session._collect()
    for side in (0, 1):
        if not humans[side]:
            session.leaders[side] = Puppet()
    session.new_week()
    return session


def window_position(app, viewer: int | None) -> str:
    """The board (and for a leader the negotiation table with a package, and the forecast requests)."""
    from game.ui.screens.board import BoardScreen
    from game.ui.screens.negotiate import NegotiationScreen

    board = BoardScreen(app, viewer)
    app.set_screen(board)
    text = window_text(app)
    if viewer is None:
        return text
    requests = [board._forecast_request(m.id, board.forecast_key(m.id)) for m in board.card_order[:3]]
    package = app.session.sc.package_by_id("london_framework")
    table = NegotiationScreen(app, board)
    table.fill(package)
    app.set_screen(table)
    text += window_text(app)
    requests.append(table._request(table.outlook_key()))
    return text + "\n".join(f"{r.obs.tobytes().hex()} {r.seed}" if hasattr(r, "obs") else repr(r) for r in requests)


def window_reveal(app, report) -> str:
    from game.ui.screens.reveal import RevealScreen

    app.set_screen(RevealScreen(app, report))
    return window_text(app)


def twin_in_window(app, viewer: int | None, twin_state, reports=None) -> str:
    """The position drawn with the twin's state, history and reports in place of the game's."""
    game = app.session.game
    kept = game.state, game.snapshots, game.reports
    game.state = twin_state
    game.snapshots = [secret_twin(game.scenario, s, viewer) for s in kept[1]]
    game.reports = list(kept[2] if reports is None else reports)
    try:
        return window_position(app, viewer)
    finally:
        game.state, game.snapshots, game.reports = kept


def play_in_window(session, orders: list) -> object:
    """Play a week in the session: people's orders, and the computers' decisions given to their puppets."""
    for side, order in enumerate(orders):
        if session.is_human(side):
            session.submit(side, order)
        else:
            session.leaders[side].next = order
    session._think()
    return session.play()


def test_the_window_shows_a_player_nothing_hidden(app, june):
    sc, viewer = june, 0
    session = window_session(app, sc, (True, False))
    game = session.game
    computer = Thinker(sc, 1, "hawk")
    compared = explained = 0
    twin_reports = None
    for week in range(1, WEEKS + 1):
        if game.is_over:
            break
        twin_state = secret_twin(sc, game.state, viewer)
        shown = window_position(app, viewer)
        assert_same(shown, twin_in_window(app, viewer, twin_state, twin_reports), f"week {week} board and table")
        seen, twins = computer.decide(game, viewer)
        report = play_in_window(session, [person_order(sc, game, viewer, week), seen])
        shown = window_reveal(app, report)
        explained += "Why: " in shown
        for variant in (
            with_secret_move(sc, report, 1),
            with_private_changes(sc, report, viewer),
            with_other_hidden_causes(sc, report, viewer),
        ):
            assert_same(shown, window_reveal(app, variant), f"week {week} reveal")
        twin_reports = None
        for kind, twin_report in twin_weeks(sc, report, {1: (seen, twins)}, viewer):
            assert_same(shown, window_reveal(app, twin_report), f"week {week} reveal, {kind} twin")
            twin_reports = [*game.reports[:-1], twin_report]
            compared += 1
    assert compared >= 6 and explained >= WEEKS // 2, (compared, explained)


def test_the_window_shows_a_spectator_nothing_private(app, june):
    sc = june
    session = window_session(app, sc, (False, False))
    game = session.game
    # Two doves open back channels and make offers in this game: causes the public may not see.  (Against
    # a hawk, since a deal's levers are held, the dove made no move whose effect the public could not explain.)
    thinkers = [Thinker(sc, 0, "dove"), Thinker(sc, 1, "dove")]
    compared = unexplained = explained = 0
    twin_reports = None
    for week in range(1, WEEKS + 1):
        if game.is_over:
            break
        twin_state = secret_twin(sc, game.state, None)
        shown = window_position(app, None)
        assert_same(shown, twin_in_window(app, None, twin_state, twin_reports), f"week {week} watched board")
        seen, twins = zip(*(t.decide(game, None) for t in thinkers))
        report = play_in_window(session, list(seen))
        shown = window_reveal(app, report)
        explained += "Why: " in shown
        for side in (0, 1):
            assert_same(shown, window_reveal(app, with_secret_move(sc, report, side)), f"week {week} reveal")
        for variant in (with_private_changes(sc, report, None), with_other_hidden_causes(sc, report, None)):
            assert_same(shown, window_reveal(app, variant), f"week {week} reveal")
        unexplained += hidden_causes(sc, report, None)
        twin_reports = None
        for kind, twin_report in twin_weeks(sc, report, dict(enumerate(zip(seen, twins))), None):
            assert_same(shown, window_reveal(app, twin_report), f"week {week} reveal, {kind} twin")
            twin_reports = [*game.reports[:-1], twin_report]
            compared += 1
    assert compared >= 4 and unexplained >= 1 and explained >= WEEKS // 2, (compared, unexplained, explained)


def test_the_window_hotseat_reveal_shows_only_what_both_leaders_see(app, june):
    sc = june
    session = window_session(app, sc, (True, True))
    game = session.game
    for week in range(1, 4):
        orders = [person_order(sc, game, 0, week), person_order(sc, game, 1, week + 1)]
        report = play_in_window(session, orders)
        shown = window_reveal(app, report)
        for side in (0, 1):
            for variant in (
                with_secret_move(sc, report, side),
                with_private_changes(sc, report, side),
                with_other_hidden_causes(sc, report, "both"),
            ):
                assert_same(shown, window_reveal(app, variant), f"week {week} hot-seat reveal")


# -- replays ------------------------------------------------------------------------------
def recorded_game(sc, weeks: int | None):
    """A recorded game of the person's scripted orders against the hawk (to the end if weeks is None)."""
    from game.records.recorder import new_recorder

    recorder = new_recorder(sc, SEED, (None, "hawk@easy"))
    computer = Thinker(sc, 1, "hawk")
    while not recorder.game.is_over and (weeks is None or len(recorder.turns) < weeks):
        game = recorder.game
        seen = computer.leader.decide(sc, game.observation(1), 1, game.leader_rngs[1])
        recorder.play(person_order(sc, game, 0, game.turn), seen.orders, reasons=((), seen.reasons[0]))
    return recorder


def test_a_replay_of_a_game_still_going_on_shows_only_what_its_player_saw(app, june):
    """Watching the autosave of an unfinished game is no way to peek; once the game is over, everything shows."""
    from game.records.replay import Replay
    from game.records.textview import TextReplay
    from game.ui.screens.replay import ReplayScreen

    sc = june
    going = recorded_game(sc, 6)
    assert any(m.visibility == "secret" for r in going.game.reports for m in r.moves[1]), "the hawk moves in secret"
    finished = recorded_game(sc, None)
    for recorder, secret in ((going, False), (finished, True)):
        replay = Replay.of(recorder.record())
        out = io.StringIO()
        TextReplay(replay, out=out).run(interactive=False)
        texts = [out.getvalue()]
        app.set_screen(ReplayScreen(app, replay))
        for week in range(replay.length + 1):
            replay.jump(week)
            app.screen.rebuild()
            texts.append(window_text(app))
        text = "\n".join(texts)
        for hidden in ("Slow-walk the deal", "expected own score"):
            assert (hidden in text) == secret, hidden
        assert ("±" in out.getvalue()) != secret, "the other side's numbers as estimates until the end"
