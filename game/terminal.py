"""Play in the terminal: one person against a computer leader, two people hot-seat, or two computers.

Reads lines with an injectable ``ask`` function and writes to an injectable
stream, so tests can drive a whole game.  Bad input is answered with a hint,
never a traceback; end of input abandons the game politely.

A week fits one screen (about 30 lines at 100 columns): what happened last week
(moves, news, the biggest changes and their causes), where things stand, your
standing on your objectives, and your moves.  ``verbose`` prints everything:
the full board, every headline and every change.  In hot-seat the screen is
cleared whenever the keyboard passes, and each leader reads last week's results
as that leader may see them before giving orders.
"""

from __future__ import annotations

import io
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np

from .ai.leaders import Leader
from .engine.game import Change, Game, NewsItem, Offer, Order, TurnReport
from .engine.orders import Orders, legal_mask
from .engine.scoring import how_to_win, objective_values, scores
from .engine.state import observe
from .engine.viewing import (
    LEADERS,
    PUBLIC,
    Viewer,
    causes_for,
    is_side,
    news_for,
    reasons_for,
    sees_change,
    sees_move,
    sees_move_in,
    sees_news,
    value_kind,
    view_of,
)
from .orders_draft import OrderDraft
from .records.questions import debrief_questions, what_if_lines
from .scenario.compiled import CompiledScenario, MoveInfo, VarInfo
from .scenario.compiler import _lower_first
from .textsafe import printable
from .wording import apportion, columns, ending_title, pack, plural, quotes_in, rung_at, shown_number, step_of

LIKELY_SPREAD = 1.7
"""Nine estimates in ten fall within this many noise units of the truth (triangular noise)."""

CLEAR = "\033[H\033[2J\033[3J"
"""Clear the screen and its scrollback (so the next leader cannot scroll back to the last one's orders)."""

COMPACT_CHANGES = 2
"""How many changes a week's summary lists (the biggest first); 'w' or --verbose shows them all."""

COMPACT_CAUSES = 3
"""How many causes a change in the week's summary names (the rest summed as 'N more')."""


class Quit(Exception):
    """The player left the game (typed quit, or input ended)."""


@dataclass
class Seat:
    """Who sits on one side: a person (leader None) or a computer leader."""

    side: int
    leader: Leader | None = None

    @property
    def human(self) -> bool:
        return self.leader is None


@dataclass
class Shown:
    """One change as a viewer reads it: the numbers, and causes that add up to the difference shown."""

    change: Change
    before: str
    after: str
    delta: str
    """The difference of the shown numbers ('+3', '-0.8'), or '' where it is not a sum (flags, named notches)."""
    causes: list[tuple[str, str]]


@dataclass
class TextGame:
    """A game played through text: prints the board, reads orders, reveals each week."""

    game: Game
    seats: tuple[Seat, Seat]
    ask: Callable[[str], str] = input
    out: TextIO = field(default_factory=lambda: sys.stdout)
    hotseat: bool = False
    width: int = field(default_factory=lambda: max(60, min(110, shutil.get_terminal_size((100, 30)).columns)))
    on_week: Callable[[tuple[Order | Orders, Order | Orders], TurnReport], None] | None = None
    """Called after every week with both sides' orders and the report (e.g. to autosave)."""
    extra_command: Callable[[str], str | None] | None = None
    """Answers a typed line the game does not know (e.g. 'save'): returns the reply, or None."""
    quit_note: str = "Nothing was saved."
    shown_to: Viewer | None = None
    """Whose eyes the shared board and the reveal use (None: from the seats; see ``viewer``)."""
    verbose: bool = False
    """Print everything each week (the full board, every headline and change), not one screen's worth."""
    clear_screen: bool | None = None
    """Clear the screen when the keyboard passes in hot-seat (None: when the output is a terminal)."""
    seen_news: dict = field(default_factory=dict)
    """Per viewer, the news already printed (so the board does not repeat what the reveal said)."""
    screen: int = 30
    """Lines a week should fit in (board, moves, prompt and last week's results), unless verbose."""
    lines: int = field(default=0, init=False)
    """Lines written so far (to keep a week within ``screen``)."""
    week_start: int = field(default=0, init=False)

    @property
    def sc(self) -> CompiledScenario:
        return self.game.scenario

    def say(self, text: str = "") -> None:
        self.out.write(printable(text) + "\n")
        self.lines += text.count("\n") + 1

    def lines_of(self, show: Callable[[], None]) -> int:
        """How many lines something would print (printed into a scratch buffer)."""
        out, lines, seen = self.out, self.lines, {k: set(v) for k, v in self.seen_news.items()}
        self.out = io.StringIO()
        try:
            show()
            return self.lines - lines
        finally:
            self.out, self.lines, self.seen_news = out, lines, seen

    # -- the whole game -------------------------------------------------------
    def run(self) -> Game:
        """Play to the end (or until the player quits) and print the debrief."""
        self.briefing()
        try:
            while not self.game.is_over:
                self.play_week()
        except Quit:
            self.say(f"\nGame abandoned. ({self.quit_note})")
            return self.game
        self.debrief()
        return self.game

    def briefing(self) -> None:
        sc = self.sc
        self.rule("═")
        self.say(sc.title.upper())
        if sc.model.subtitle:
            self.say(sc.model.subtitle)
        self.rule("═")
        for para in sc.model.briefing.split("\n\n"):
            self.wrap(para)
            self.say()
        for seat in self.seats:
            who = "you" if seat.human else seat.leader.label
            side = sc.side_texts[seat.side]
            self.say(f"{side['name']} ({side['leader']}): {who}")
        for seat in self.seats:
            if seat.human:
                self.objectives_brief(seat.side)
        self.wrap(how_to_win(sc))
        self.say(f"Seed {self.game.seed}. Each week you have {plural(sc.model.budget, 'move point')}.")
        self.say('Type the numbers of your moves (e.g. "3 12"), "?" for help, "q" to quit.')

    def objectives_brief(self, side: int) -> None:
        """A side's own briefing and its objectives with their weights (scores weigh them)."""
        sc = self.sc
        text = sc.side_texts[side]
        own = sc.model.sides[sc.sides[side]].briefing
        who = "You" if sum(s.human for s in self.seats) == 1 else text["leader"]
        if own:
            self.wrap(f"{who} ({text['short']}): {own}")
        total = sum(o.weight for o in sc.objectives[side]) or 1.0
        parts = [f"{o.label} {100 * o.weight / total:.0f}%" for o in sc.objectives[side]]
        for line in pack(parts, self.width, f"{text['leader']}'s objectives (share of the score): ", "  "):
            self.say(line)

    # -- one week -------------------------------------------------------------
    def play_week(self) -> TurnReport:
        orders: list[Order | Orders] = [Order(), Order()]
        reasons: list[tuple[str, ...]] = [(), ()]
        for seat in self.seats:
            if seat.human:
                if self.hotseat:
                    self.curtain(seat.side)
                    if self.game.reports:
                        moves = self.game.legal_moves(seat.side)
                        room = self.lines_of(lambda s=seat.side, m=moves: (self.board(s), self.list_moves(s, m)))
                        self.reveal(self.game.reports[-1], seat.side, room=self.screen - room - 1)
                self.week_start = self.lines
                self.board(seat.side)
                orders[seat.side] = self.read_orders(seat.side)
                if self.hotseat:
                    self.clear()
            else:
                obs = observe(self.sc, self.game.state, seat.side)
                decision = seat.leader.decide(self.sc, obs, seat.side, self.game.leader_rngs[seat.side])
                orders[seat.side] = decision.orders
                reasons[seat.side] = decision.reasons[0]
        if not any(s.human for s in self.seats):
            self.board(self.viewer())
        report = self.game.play(orders[0], orders[1], reasons=(reasons[0], reasons[1]))
        if self.on_week is not None:
            self.on_week((orders[0], orders[1]), report)
        if not self.hotseat:
            used = self.lines - self.week_start + (1 if any(s.human for s in self.seats) else 0)
            self.reveal(report, room=self.screen - used)
        elif self.game.is_over:
            self.say("Both leaders may look again: the game is over.")
            self.reveal(report, LEADERS)
        else:
            self.say(f"Both leaders have given their orders: week {report.turn} is played.")
            self.say("Each of you reads its results when the keyboard comes to you.")
        return report

    def clears(self) -> bool:
        if self.clear_screen is not None:
            return self.clear_screen
        isatty = getattr(self.out, "isatty", None)
        return bool(isatty and isatty())

    def clear(self) -> None:
        """Wipe the screen (and its scrollback) on a terminal; elsewhere leave a gap."""
        if self.clears():
            self.out.write(CLEAR)
            self.out.flush()
        else:
            self.say()

    def curtain(self, side: int) -> None:
        """Hand the keyboard over in hot-seat: a clean screen that shows nothing of either side."""
        text = self.sc.side_texts[side]
        self.rule("═")
        self.say(f"Pass the keyboard to {text['leader']} ({text['name']}).")
        self.say("The other leader looks away: what follows is for this leader's eyes only.")
        self.rule("═")
        self.prompt(f"{text['leader']}, press Enter when you are ready... ")
        self.clear()

    # -- display --------------------------------------------------------------
    def rule(self, char: str = "─", title: str = "") -> None:
        if title:
            self.say(f"{char * 3} {title} ".ljust(self.width, char))
        else:
            self.say(char * self.width)

    def wrap(self, text: str, indent: str = "", later: str | None = None) -> None:
        lines = textwrap.wrap(
            " ".join(text.split()),
            self.width,
            initial_indent=indent,
            subsequent_indent=indent if later is None else later,
        )
        for line in lines or [indent]:
            self.say(line)

    def packed(self, items: list[str], first: str = "", indent: str = "  ", sep: str = " · ") -> None:
        for line in pack(items, self.width, first, indent, sep):
            self.say(line)

    def board(self, viewer: Viewer) -> None:
        """The week at a glance, as a viewer (a side, or a spectator) may see it."""
        if self.verbose:
            self.full_board(viewer)
            return
        g, sc = self.game, self.sc
        view = view_of(sc, g.state, viewer)[:, 0]
        self.week_start = self.lines
        self.rule("═", self.week_title(view))
        self.packed([p for p in (self.ladder_line(view), *self.shared_parts(view), self.score_text(viewer, view)) if p])
        order = (viewer, 1 - viewer) if is_side(viewer) else (0, 1)
        for s in order:
            name = self.sc.side_texts[s]["short"] + (" (you)" if s == viewer else "")
            head = f"{name:<{self.name_width()}}"
            items = [f"{v.label} {self.cell(v, view, viewer)}" for v in self.side_rows(s, "variable")]
            self.packed(items, head, " " * len(head))
            if s != viewer:
                items = [f"{v.label}: {self.cell(v, view, viewer)}" for v in self.side_rows(s, "lever")]
                self.packed(items, " " * len(head), " " * len(head))
        if is_side(viewer):
            self.packed(self.objective_parts(viewer, view), "Objectives met: ", "")
        self.deal_line(viewer, view)
        self.challenge_lines(viewer)
        self.fresh_news(viewer)

    def full_board(self, viewer: Viewer) -> None:
        """Everything a viewer may see: both sides' meters and levers in a table, the deal, recent news."""
        g, sc = self.game, self.sc
        view = view_of(sc, g.state, viewer)[:, 0]
        self.say()
        self.rule("═")
        self.say(self.week_title(view))
        self.rule("═")
        self.say(self.ladder_line(view))
        self.say(" · ".join(self.shared_parts(view)))
        self.say()
        self.side_table(viewer, view)
        self.standing(viewer, view)
        self.deal_line(viewer, view, terms=True)
        self.challenge_lines(viewer)
        self.fresh_news(viewer)

    def week_title(self, view: np.ndarray) -> str:
        g, sc = self.game, self.sc
        truce = ""
        if "truce_weeks" in sc.var_index:
            weeks = view[sc.row("truce_weeks")]
            truce = f" · Truce: {plural(weeks, 'week')} left" if weeks > 0 else " · Truce lapsed"
        return f"Week {g.turn} of {g.horizon} · {g.date:%a %d %b %Y}{truce}"

    def name_width(self) -> int:
        return max(len(t["short"]) for t in self.sc.side_texts) + 7

    def side_rows(self, side: int, role: str) -> list[VarInfo]:
        return [v for v in self.sc.side_variables(side, role) if v.kind != "flag" and v.shown]

    def ladder_line(self, view: np.ndarray) -> str:
        ladder = self.sc.model.ladder
        if ladder is None:
            return ""
        value = view[self.sc.row(ladder.variable)]
        top = self.sc.variables[self.sc.row(ladder.variable)].high
        cells = 20
        filled = round(cells * value / top) if top else 0
        label = self.sc.variables[self.sc.row(ladder.variable)].label
        return f"{label} {value:5.1f} [{'█' * filled}{'·' * (cells - filled)}] {self.rung(value)}"

    def rung(self, value: float) -> str:
        """The ladder's rung at a value (its label)."""
        return rung_at(self.sc.model.ladder, value)

    def shared_line(self, view: np.ndarray) -> str:
        return " · ".join(self.shared_parts(view))

    def shared_parts(self, view: np.ndarray) -> list[str]:
        sc = self.sc
        ladder = sc.model.ladder.variable if sc.model.ladder else None
        parts = [
            f"{v.label}: {v.show(view[v.index])}"
            for v in sc.shared_variables()
            if v.name not in (ladder, "truce_weeks") and v.kind != "flag" and v.shown
        ]
        if view[sc.deal.active]:
            parts.append(f"Deal in force ({plural(view[sc.deal.weeks_left], 'week')} left to carry it out)")
        return parts

    def side_table(self, viewer: Viewer, view: np.ndarray) -> None:
        sc = self.sc
        names = [sc.side_texts[s]["name"] + (" (you)" if s == viewer else "") for s in (0, 1)]
        left = max(24, max(len(v.label) for v in sc.variables if v.role != "engine") + 2)
        col = max(26, (self.width - left) // 2)
        self.say(" " * left + names[0][: col - 1].ljust(col) + names[1][: col - 1])
        for role, title in (("variable", "Meters"), ("lever", "Levers")):
            self.say(title)
            rows = [self.side_rows(s, role) for s in (0, 1)]
            for row in range(max(len(rows[0]), len(rows[1]))):
                texts = []
                for s in (0, 1):
                    var = rows[s][row] if row < len(rows[s]) else None
                    texts.append(f"{var.label}: {self.cell(var, view, viewer)}" if var else "")
                self.say(("  " + texts[0][: left + col - 3].ljust(left + col - 2) + texts[1]).rstrip())

    def cell(self, var: VarInfo, view: np.ndarray, viewer: Viewer) -> str:
        """A number as the viewer knows it: exact, '~54 ±5', or 'unknown'."""
        kind = value_kind(var, viewer)
        if kind == "unknown":
            return "unknown"
        value = view[var.index]
        text = self.setting(var, value)
        if kind == "estimate":
            return f"~{text} ±{format(LIKELY_SPREAD * var.noise, var.format)}"
        return text

    def setting(self, var: VarInfo, value: float) -> str:
        """A value in words: '30%', '3.5 weeks', or a lever's notch ('25% (trickle)', 'licence required')."""
        text = var.show(value)
        if var.role == "lever":
            notch = self.sc.lever_by_name(var.name).notch_name(value)
            if notch:
                text = f"{text} ({notch})" if var.unit else notch
        return text

    def standing(self, viewer: Viewer, view: np.ndarray) -> None:
        """Scores as the viewer can work them out, and (for a side) each of its objectives' share met."""
        score = self.score_text(viewer, view)
        if not is_side(viewer):
            self.say(score)
            return
        self.packed(self.objective_parts(viewer, view), f"{score}: ", "  ")

    def score_text(self, viewer: Viewer, view: np.ndarray) -> str:
        """'Your score ~56/100, Xi Jinping ~45' (~: worked out from estimates), or both scores for a spectator."""
        sc = self.sc
        both = scores(sc, view[:, None])[0]
        leaders = [sc.side_texts[s]["leader"] for s in (0, 1)]
        marks = ["~" if self.estimated_score(s, viewer) else "" for s in (0, 1)]
        if not is_side(viewer):
            now = [f"{leaders[s]} {marks[s]}{both[s]:.0f}" for s in (0, 1)]
            return f"Scores now: {now[0]}, {now[1]} (of 100)"
        other = 1 - viewer
        return f"Your score {marks[viewer]}{both[viewer]:.0f}/100, {leaders[other]} {marks[other]}{both[other]:.0f}"

    def objective_parts(self, side: int, view: np.ndarray) -> list[str]:
        """Each of a side's objectives with the share met, as the side can work it out ('~' where estimated)."""
        sc = self.sc
        values = objective_values(sc, view[:, None], side)[:, 0]
        parts = []
        for objective, value in zip(sc.objectives[side], values):
            rough = "~" if self.reads_estimates(objective.value.reads, side, side) else ""
            parts.append(f"{objective.label} {rough}{100 * value:.0f}%")
        return parts

    def rows_read(self, names, side: int) -> set[int]:
        """The state rows a formula of a side reads ('self.' and 'other.' names resolved for that side)."""
        sc, rows = self.sc, set()
        for name in names:
            head, _, rest = name.partition(".")
            if head in ("self", "other") and rest:
                name = f"{sc.sides[side if head == 'self' else 1 - side]}.{rest}"
            if name in sc.var_index:
                rows.add(sc.var_index[name])
        return rows

    def reads_estimates(self, names, viewer: Viewer, side: int | None = None) -> bool:
        """Whether a formula (of ``side``) reads a number the viewer knows only roughly (or not at all)."""
        sc = self.sc
        owner = side if side is not None else (viewer if is_side(viewer) else 0)
        rows = self.rows_read(names, owner)
        return any(value_kind(sc.variables[r], viewer) != "exact" for r in rows)

    def estimated_score(self, side: int, viewer: Viewer) -> bool:
        return any(self.reads_estimates(o.value.reads, viewer, side) for o in self.sc.objectives[side])

    def deal_line(self, viewer: Viewer, view: np.ndarray, terms: bool = False) -> None:
        """An offer waiting for the viewer's answer, the viewer's own offer, or the deal in force (terms if asked)."""
        sc, g = self.sc, self.game
        if not len(sc.negotiable) and not len(sc.clauses):
            return
        d = sc.deal
        if viewer != PUBLIC:
            for s in (0, 1):
                if not view[d.offer_pending[s]]:
                    continue
                leader = sc.side_texts[s]["leader"]
                if s == viewer:
                    self.say(f"Your offer is on the table: {sc.side_texts[1 - s]['leader']} answers this week.")
                elif is_side(viewer):
                    self.say(f"{leader}'s offer is on the table: accept or reject it this week, or it lapses.")
                else:
                    self.say(f"{leader}'s offer is on the table.")
        if view[d.active]:
            done = []
            for s in (0, 1):
                var = sc.variables[d.compliance[s]]
                mark = "~" if value_kind(var, viewer) == "estimate" else ""
                done.append(f"{sc.side_texts[s]['short']} {mark}{100 * view[d.compliance[s]]:.0f}%")
            left = plural(view[d.weeks_left], "week")
            line = f"Deal in force: {left} left to carry it out; carried out so far: {', '.join(done)}"
            self.wrap(line + (f". Terms: {g.describe_deal(public=viewer == PUBLIC)}" if terms else ""), "", "  ")

    def challenge_lines(self, viewer: Viewer) -> None:
        """A challenge from the other side waiting for this side's answer (ping-pong), said like an offer is."""
        if not is_side(viewer) or not self.game.reports:
            return
        sc, g = self.sc, self.game
        legal = legal_mask(sc, g.state[:, :1], viewer)[:, 0]
        said = set()
        for challenge, answer in self.challenges():
            if answer.side != viewer or not legal[answer.index] or challenge.index in said:
                continue
            if not sees_move(challenge, viewer) or not self.opened_by(challenge, answer, len(g.reports) - 1):
                continue
            said.add(challenge.index)
            leader = sc.side_texts[challenge.side]["leader"]
            self.wrap(f"{leader}'s “{challenge.label}” waits for your answer, or it lapses.")

    def fresh_news(self, viewer: Viewer) -> None:
        """News the viewer has not been shown yet (the opening news; news of weeks shown elsewhere is skipped)."""
        seen = self.seen_news.setdefault(viewer, set())
        items = [n for n in news_for(self.game, viewer) if (n.turn, n.text) not in seen]
        items = [n for n in items if n.turn >= self.game.turn - 1]
        if items:
            self.say("News")
            for item in items[-8:]:
                mark = " (private)" if item.audience != "public" else ""
                self.wrap(f"{item.date:%b %d}  {item.text}{mark}", "  ", "         ")
        seen.update((n.turn, n.text) for n in items)

    # -- reading orders -------------------------------------------------------
    def read_orders(self, side: int) -> Order:
        """Ask until the person gives legal orders (or quits)."""
        draft = OrderDraft(self.game, side)
        moves = draft.legal_moves()
        self.list_moves(side, moves)
        while True:
            line = self.prompt(self.orders_prompt(side)).strip().lower()
            if line in ("q", "quit", "exit"):
                raise Quit
            if line in ("?", "h", "help"):
                self.help()
                continue
            if line.startswith("i ") or line.startswith("info "):
                self.info(moves, line.split(maxsplit=1)[1], side)
                continue
            if line in ("b", "board"):
                self.full_board(side)
                self.list_moves(side, moves)
                continue
            if line in ("w", "why"):
                if self.game.reports:
                    self.reveal(self.game.reports[-1], side, full=True)
                else:
                    self.say("  Nothing has happened yet: this is the first week.")
                continue
            if self.extra_command is not None and (reply := self.extra_command(line)) is not None:
                self.say(reply)
                continue
            picked = self.parse_numbers(line, moves)
            if picked is None:
                continue
            offer = None
            if any(m.kind == "propose" for m in picked):
                offer = self.read_offer(side)
                if offer is None:
                    continue
            problem = draft.choose((m.id for m in picked), offer)
            if problem is not None:
                self.wrap(f'Not allowed: {problem}. Try again ("?" for help).', "  ", "    ")
                continue
            return draft.order()

    def orders_prompt(self, side: int) -> str:
        budget = plural(self.sc.model.budget, "point")
        return f"{self.sc.side_texts[side]['short']} orders ({budget}; Enter: no move; ?: help)> "

    def prompt(self, text: str) -> str:
        try:
            return self.ask(printable(text))
        except (EOFError, KeyboardInterrupt):
            raise Quit from None

    def list_moves(self, side: int, moves: list[MoveInfo]) -> None:
        """Your levers with the numbers that raise (↑) or lower (↓) them, then the other moves (a move costs 1
        point unless marked)."""
        sc = self.sc
        view = observe(sc, self.game.state, side)[:, 0]
        number = {m.index: n for n, m in enumerate(moves, 1)}
        levers = []
        for lever in sc.levers:
            if lever.side != side or not sc.variables[lever.var].shown:
                continue
            pair = {m.kind: m for m in moves if m.lever == lever.index}
            if not pair:
                continue
            up = f"{number[pair['up'].index]}↑" if "up" in pair else ""
            down = f"{number[pair['down'].index]}↓" if "down" in pair else ""
            var = sc.variables[lever.var]
            marks = "".join(self.cost_mark(m) for m in pair.values())
            levers.append(f"{up:>4} {down:>3} {lever.label}: {self.setting(var, view[var.index])}{marks}")
        for line in columns(levers, self.width, "", 3, 2):
            self.say(line)
        others = [f"{number[m.index]:>2} {m.label}{self.cost_mark(m)}" for m in moves if m.lever < 0]
        for line in columns(others, self.width, " ", 3, 3):
            self.say(line)

    @staticmethod
    def cost_mark(move: MoveInfo) -> str:
        return "" if move.cost == 1 else (" (free)" if move.cost == 0 else f" ({move.cost} pts)")

    def parse_numbers(self, line: str, moves: list[MoveInfo]) -> list[MoveInfo] | None:
        if not line:
            return []
        picked = []
        for token in line.replace(",", " ").split():
            if not token.isdigit():
                self.say(f'  "{token}" is not a move number. Type numbers like "3 12", or "?" for help.')
                return None
            number = int(token)
            if not 1 <= number <= len(moves):
                self.say(f"  There is no move {number}; the moves are numbered 1 to {len(moves)}.")
                return None
            picked.append(moves[number - 1])
        if len({m.id for m in picked}) != len(picked):
            self.say("  Each move can be made once a week.")
            return None
        return picked

    def info(self, moves: list[MoveInfo], token: str, side: int | None = None) -> None:
        """A move in words, and what it would do now in numbers (as far as this side can see them)."""
        if not token.strip().isdigit() or not 1 <= int(token) <= len(moves):
            self.say(f"  Usage: i NUMBER, with a number from 1 to {len(moves)}.")
            return
        move = moves[int(token) - 1]
        cost = plural(move.cost, "point")
        self.wrap(f"{move.label} — costs {cost}. {move.describe}", "  ", "  ")
        if side is None:
            return
        effects = self.move_effects(move, side)
        if effects:
            self.packed(effects, "  Now it would do: ", "    ")
        if move.kind == "accept":
            d = self.sc.deal
            terms = self.offer_terms(1 - side)
            if terms and self.game.state[d.offer_pending[1 - side], 0]:
                self.wrap(f"The offer: {terms}", "  ", "    ")

    def offer_terms(self, side: int) -> str:
        """The terms of a side's offer on the table, in words (offers are seen by both leaders)."""
        from .narration import describe_package

        sc, d, state = self.sc, self.sc.deal, self.game.state[:, 0]
        targets = np.array(
            [state[t] if state[h] else np.nan for h, t in zip(d.offer_has[side], d.offer_target[side])], dtype=float
        )
        clauses = np.array([state[c] != 0 for c in d.offer_clause[side]], dtype=bool)
        weeks = state[d.offer_deadline[side]]
        return f"{describe_package(sc, targets, clauses)} (to be carried out within {plural(weeks, 'week')})"

    def move_effects(self, move: MoveInfo, side: int) -> list[str]:
        """'Tension +2', 'your Approval +2.5', 'Tariff on Chinese goods 30% → 54%': a move's effects, as side sees."""
        sc = self.sc
        view = observe(sc, self.game.state, side)
        out = []
        if move.lever >= 0:
            lever = sc.levers[move.lever]
            var = sc.variables[lever.var]
            now = view[lever.var, 0]
            i = int(np.argmin(np.abs(lever.values - now)))
            j = min(max(i + (1 if move.kind == "up" else -1), 0), len(lever.values) - 1)
            out.append(f"{var.label} {self.setting(var, now)} → {self.setting(var, lever.values[j])}")
        for effect in move.effects:
            var = sc.variables[effect.target]
            if var.role == "engine" or not var.shown or var.kind == "flag":
                continue
            if value_kind(var, side) == "unknown":
                continue
            value = float(np.broadcast_to(np.asarray(effect.formula.fn(view), dtype=float), (1,))[0])
            rough = "~" if self.reads_estimates(effect.formula.reads, side, move.side) else ""
            owner = "" if var.owner < 0 else ("your " if var.owner == side else f"{sc.side_texts[var.owner]['short']} ")
            if effect.mode == "set":
                out.append(f"{owner}{var.label} set to {rough}{var.show(value)}")
            elif abs(value) > 1e-9:
                out.append(f"{owner}{var.label} {rough}{value:+.{self.decimals(var) + 1}f}")
        return out

    @staticmethod
    def decimals(var: VarInfo) -> int:
        step = step_of(var.format)
        return max(0, round(-np.log10(step))) if step < 1 else 0

    def help(self) -> None:
        self.wrap(
            "Each week both leaders choose moves at the same time, up to their move points. Type the numbers "
            'of your moves separated by spaces ("3 12"), or press Enter to do nothing. A lever\'s number with ↑ '
            'raises it, with ↓ lowers it. "i 3" explains move 3 and what it would do now; "w" shows last week '
            'in full (every change and its causes); "b" shows the whole board; "q" quits. Proposing a deal asks '
            "you for the package. Numbers marked ~ are your estimates of the other side's; ± shows how far off "
            "they may be. Your score weighs your objectives (0-100); the shares after it say how far each is met.",
            "  ",
        )

    def read_offer(self, side: int) -> Offer | None:
        """Choose a ready-made package or build one; None goes back to the moves."""
        sc = self.sc
        self.say("  Propose which package?")
        for i, package in enumerate(sc.packages, 1):
            self.wrap(f"{i}. {package.label}: {self.package_text(package.targets, package.clauses)}", "    ", "       ")
        self.say("    c. Build your own   (Enter: back to moves)")
        while True:
            line = self.prompt("  package> ").strip().lower()
            if not line:
                return None
            if line == "c":
                return self.build_offer(side)
            if line.isdigit() and 1 <= int(line) <= len(sc.packages):
                package = sc.packages[int(line) - 1]
                terms = {sc.levers[sc.negotiable[j]].name: v for j, v in enumerate(package.targets) if not np.isnan(v)}
                clauses = [c.id for c in sc.clauses if package.clauses[c.index]]
                return Offer.of(terms, clauses, package.deadline)
            self.say(f"  Type a number from 1 to {len(sc.packages)}, c, or Enter.")

    def build_offer(self, side: int) -> Offer | None:
        """Ask for each lever's setting (the other side's shown as this side's estimate), the clauses, the deadline."""
        sc = self.sc
        view = observe(sc, self.game.state, side)[:, 0]
        terms: dict[str, float] = {}
        self.say("  For each lever type the setting to demand or promise (Enter: leave it out).")
        for lever_i in sc.negotiable:
            lever = sc.levers[lever_i]
            var = sc.variables[lever.var]
            choices = ", ".join(
                f"{v:g}" + (f"={lever.notch_names[k]}" if lever.notch_names else "") for k, v in enumerate(lever.values)
            )
            who = sc.side_texts[lever.side]["short"]
            while True:
                line = self.prompt(f"    {who} {lever.label} (now {self.cell(var, view, side)}; {choices}): ").strip()
                if not line:
                    break
                try:
                    value = float(line)
                except ValueError:
                    self.say(f"    Type one of: {choices}.")
                    continue
                if not np.any(np.isclose(lever.values, value)):
                    self.say(f"    {line} is not a setting; type one of: {choices}.")
                    continue
                terms[lever.name] = value
                break
        clauses = []
        for clause in sc.clauses:
            if self.prompt(f"    Include '{clause.label}'? (y/N): ").strip().lower().startswith("y"):
                clauses.append(clause.id)
        if not terms and not clauses:
            self.say("  An empty package cannot be proposed.")
            return None
        deadline = sc.model.negotiation.deadline
        line = self.prompt(f"    Weeks to carry it out (Enter: {deadline}): ").strip()
        if line.isdigit() and 1 <= int(line) <= 52:
            deadline = int(line)
        return Offer.of(terms, clauses, deadline)

    def package_text(self, targets: np.ndarray, clauses: np.ndarray) -> str:
        from .narration import describe_package

        return describe_package(self.sc, targets, clauses)

    # -- after the week -------------------------------------------------------
    def reveal(
        self, report: TurnReport, viewer: Viewer | None = None, full: bool | None = None, room: int | None = None
    ) -> None:
        """What happened in a week, as a viewer may see it: one screen's worth, or everything (``full``).

        ``room``: the lines left on the week's screen; the changes after the moves and news take what is
        left (at least one line: the biggest changes in a word each).
        """
        start = self.lines
        sc = self.sc
        viewer = self.viewer() if viewer is None else viewer
        full = self.verbose if full is None else full
        self.rule("─", f"Week {report.turn} ({report.date:%d %b}): what happened")
        for s in (0, 1):
            seen = [m for m in report.moves[s] if sees_move_in(self.game, report.turn, m, viewer)]
            shown = [self.move_text(m, report, full) for m in seen]
            text = ", ".join(shown) if shown else "nothing"
            self.wrap(f"{sc.side_texts[s]['leader']}: {text}", "", "  ")
            for reason in reasons_for(report.reasons[s], s, viewer)[: 2 if full else 1]:
                self.wrap(f"↳ {reason}", "  ", "    ")
        news = [n for n in report.news if sees_news(sc, n, viewer) and self.news_worth(n, report, full)]
        lapses = self.lapses(report, viewer)
        if news or lapses:
            if full:
                self.say("What happened")
            for item in news:
                if full or item.kind != "offer":
                    self.wrap(f"{item.date:%b %d}  {item.text}", "  ", "         ")
                else:
                    self.wrap(self.offer_news(item, report), "  ", "    ")
            for line in lapses:
                self.wrap(line, "  ", "    ")
        seen = self.seen_news.setdefault(viewer, set())
        seen.update((n.turn, n.text) for n in report.news)
        changes = self.changes(report, viewer, full)
        if changes and full:
            self.say("What changed")
        if full:
            for shown in changes:
                self.change_line(shown)
            return
        left = (self.screen if room is None else room) - (self.lines - start)
        listed = 0
        for shown in changes[:COMPACT_CHANGES]:
            need = self.lines_of(lambda c=shown: self.change_line(c))
            if need + (1 if listed + 1 < len(changes) else 0) > left:
                break
            self.change_line(shown)
            left -= need
            listed += 1
        if listed < len(changes):
            rest = [f"{self.change_name(c.change)} {c.delta or c.after}" for c in changes[listed:]]
            lines = pack(rest, self.width - 9, "  Changed: " if not listed else "  Also: ", "")
            self.say(lines[0] + (" …" if len(lines) > 1 else "") + self.w_hint("all"))

    def move_text(self, move: MoveInfo, report: TurnReport, full: bool) -> str:
        """A move's label, with the quote its headline gives (a leader's own words) when there is one."""
        if full or move.headline is None or move.visibility != "public":
            return move.label
        index = report.turn
        if not 0 < index < len(self.game.snapshots):
            return move.label
        snap = self.game.snapshots[index]
        try:
            headline = move.headline.render(lambda row: snap[row, 0])
        except (IndexError, KeyError, ValueError):
            return move.label
        if not any(n.text == headline for n in report.news):
            return move.label
        said = quotes_in(headline)
        return f"{move.label} ({' '.join(said)})" if said else move.label

    def w_hint(self, what: str) -> str:
        """' (w: all)': where a person may type 'w' at the orders prompt to see last week in full."""
        return f" (w: {what})" if any(seat.human for seat in self.seats) else ""

    def offer_news(self, item: NewsItem, report: TurnReport) -> str:
        """An offer's headline in short: its terms grouped by side, or 'the same deal again' if nothing changed."""
        sc = self.sc
        if item.kind != "offer":
            return item.text
        for s in (0, 1):
            head = f"{sc.side_texts[s]['short']} proposes a deal: "
            if not item.text.startswith(head):
                continue
            earlier = [
                n
                for r in self.game.reports
                if r.turn < report.turn
                for n in r.news
                if n.kind == "offer" and n.text.startswith(head)
            ]
            if earlier and earlier[-1].text == item.text:
                same = f"{sc.side_texts[s]['short']} proposes the same deal as on {earlier[-1].date:%b %d}"
                return same + self.w_hint("its terms")
            index = report.turn
            if not 0 < index < len(self.game.snapshots):
                return item.text
            return f"{sc.side_texts[s]['short']} proposes a deal — {self.grouped_offer(s, self.game.snapshots[index])}"
        return item.text

    def grouped_offer(self, side: int, state: np.ndarray) -> str:
        """A tabled offer's terms by side: 'US: tariff 20%, chip controls H20 licensed · China: ... · clauses'."""
        sc, d = self.sc, self.sc.deal
        groups: list[list[str]] = [[], []]
        for j, lever_i in enumerate(sc.negotiable):
            if not state[d.offer_has[side][j], 0]:
                continue
            lever = sc.levers[lever_i]
            var = sc.variables[lever.var]
            value = state[d.offer_target[side][j], 0]
            shown = lever.notch_name(value) or var.show(value)
            groups[lever.side].append(f"{_lower_first(lever.label)} {shown}")
        parts = [f"{sc.side_texts[s]['short']}: {', '.join(g)}" for s, g in enumerate(groups) if g]
        parts += [c.label for c in sc.clauses if state[d.offer_clause[side][c.index], 0]]
        weeks = plural(state[d.offer_deadline[side], 0], "week")
        return " · ".join(parts) + f" · within {weeks}"

    def news_worth(self, item: NewsItem, report: TurnReport, full: bool) -> bool:
        """Whether a headline adds to the moves line: the week's summary leaves out what the moves already say."""
        sc = self.sc
        echo = {
            f"{sc.side_texts[m.side]['short']}: {m.label}"
            for s in (0, 1)
            for m in report.moves[s]
            if m.kind in ("propose", "reject")
        }
        if item.kind == "move" and item.text in echo:
            return False  # "China: Propose a deal" — the offer's own line says it, with its terms
        if full:
            return True
        if item.kind == "move":
            return False
        rejections = {f"{sc.side_texts[s]['short']} rejects the offer" for s in (0, 1)}
        return item.text not in rejections

    def changes(self, report: TurnReport, viewer: Viewer, full: bool = True) -> list[Shown]:
        """The week's changes the viewer may see, each with causes that add up to it as shown."""
        out = []
        for change in report.changes:
            if not sees_change(self.sc, change.row, viewer):
                continue
            shown = self.shown_change(change, report, viewer, full)
            if shown is not None:
                out.append(shown)
        return out

    def shown_change(self, change: Change, report: TurnReport, viewer: Viewer, full: bool = True) -> Shown | None:
        """A change as printed: numbers in the variable's format, causes rounded so they sum to the difference.

        What the engine does not trace (a deal carried out, an ending's effects, a value held at its
        bounds, drift) is one more cause, named as well as it can be, so nothing is left unexplained.
        """
        sc = self.sc
        var = sc.variables[change.row]
        causes = causes_for(sc, change.causes, viewer)
        before, after = self.setting(var, change.before), self.setting(var, change.after)
        rest = (change.after - change.before) - sum(a for _, a in causes)
        if abs(rest) > 1e-9:
            causes.append((self.untraced(change, report), rest))
        names_only = var.kind == "flag" or (var.role == "lever" and not var.unit and self.has_notch_names(var))
        if names_only:
            if before == after:
                return None
            named = [(self.cause_name(c), "") for c, a in causes if abs(a) > 1e-9]
            return Shown(change, before, after, "", named)
        step = step_of(var.format)
        shown_before, shown_after = shown_number(change.before, var.format), shown_number(change.after, var.format)
        total = shown_after - shown_before
        if abs(total) < step / 2:
            return None
        rounded = apportion([a for _, a in causes], total, step)
        digits = self.decimals(var)
        scale = 100.0 if var.format.endswith("%") else 1.0
        places = max(0, digits - (2 if scale > 1 else 0))
        named = [(self.cause_name(c), r) for (c, _), r in zip(causes, rounded) if abs(r) > step / 2]
        if not full and len(named) > COMPACT_CAUSES + 1:
            rest = sum(r for _, r in named[COMPACT_CAUSES:])
            named = named[:COMPACT_CAUSES] + [(f"{len(named) - COMPACT_CAUSES} more", rest)]
        listed = [(c, f"{scale * r:+.{places}f}") for c, r in named]
        delta = f"{scale * total:+.{places}f}"
        return Shown(change, before, after, delta, listed)

    def has_notch_names(self, var: VarInfo) -> bool:
        try:
            return bool(self.sc.lever_by_name(var.name).notch_names)
        except KeyError:
            return False

    def untraced(self, change: Change, report: TurnReport) -> str:
        """A name for the part of a change no traced cause explains."""
        sc, g = self.sc, self.game
        var = sc.variables[change.row]
        d = sc.deal
        if var.role == "lever":
            for j, lever_i in enumerate(sc.negotiable):
                if sc.levers[lever_i].var == change.row:
                    index = report.turn
                    snaps = g.snapshots[index - 1 : index + 1] if 0 < index < len(g.snapshots) else []
                    if any(s[d.has[j], 0] for s in snaps):
                        return "the deal carried out"
        if report.ended and g.ending is not None and g.ending.effects:
            return f"the ending: {g.ending.title}"
        if report.signed_by is not None:
            return "the deal's terms"
        if change.after in (var.low, var.high):
            return "held at its limit"
        return "other (drift and limits)"

    @staticmethod
    def cause_name(cause: str) -> str:
        return cause.removesuffix(" (sets it)")

    def change_name(self, change: Change) -> str:
        var = self.sc.variables[change.row]
        owner = f"{self.sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
        return f"{owner}{var.label}"

    def change_line(self, shown: Shown) -> None:
        change = shown.change
        arrow = "▲" if change.after > change.before else "▼"
        line = f"{arrow} {self.change_name(change)} {shown.before} → {shown.after}"
        if shown.delta:
            why = ", ".join(f"{cause} {amount}" for cause, amount in shown.causes)
            line += f" ({shown.delta}: {why})" if why else f" ({shown.delta})"
        elif shown.causes:
            line += f" ({', '.join(c for c, _ in shown.causes)})"
        self.wrap(line, "  ", "    ")

    def lapses(self, report: TurnReport, viewer: Viewer) -> list[str]:
        """Offers and challenges that lapsed unanswered this week, as lines (only those the viewer may know of)."""
        sc, g = self.sc, self.game
        index = report.turn
        if not 0 < index < len(g.snapshots) or index > len(g.reports) or g.reports[index - 1].turn != report.turn:
            return []
        before, after = g.snapshots[index - 1], g.snapshots[index]
        leaders = [sc.side_texts[s]["leader"] for s in (0, 1)]
        out = []
        if viewer != PUBLIC and (len(sc.negotiable) or len(sc.clauses)):
            for s in (0, 1):
                answered = {m.kind for m in report.moves[1 - s]} & {"accept", "reject"}
                if before[sc.deal.offer_pending[s], 0] and report.signed_by != sc.sides[s] and not answered:
                    whose = "Your" if viewer == s else f"{sc.side_texts[s]['leader']}'s"
                    out.append(f"Lapsed: {whose} offer went unanswered.")
        if report.ended:
            return out
        pairs = self.challenges()
        answers = {(c.side, c.index): {a.index for c2, a in pairs if c2 is c} for c, _ in pairs}
        for challenge, answer in pairs:
            s = answer.side
            if not (sees_move(challenge, viewer) and sees_move(answer, viewer)):
                continue
            if any(m.index in answers[(challenge.side, challenge.index)] for m in report.moves[s]):
                continue  # answered this week (accepted or declined)
            open_before = legal_mask(sc, before[:, :1], s)[answer.index, 0]
            open_after = legal_mask(sc, after[:, :1], s)[answer.index, 0]
            if not open_before or open_after or not self.opened_by(challenge, answer, index - 1):
                continue
            line = f"Lapsed unanswered: {leaders[challenge.side]}'s “{challenge.label}”"
            if line not in out:
                out.append(line)
        return out

    def challenges(self) -> list[tuple[MoveInfo, MoveInfo]]:
        """(challenge, answer) pairs: a move that sets a number the other side's answer needs (ping-pong)."""
        cache = self.sc.extra.setdefault("terminal_challenges", None)
        if cache is not None:
            return cache
        sc, pairs = self.sc, []
        for side in (0, 1):
            for answer in sc.moves[side]:
                if answer.kind != "action" or answer.when is None:
                    continue
                reads = self.rows_read(answer.when.reads, side)
                reads = {r for r in reads if sc.variables[r].owner == 1 - side}
                for challenge in sc.moves[1 - side]:
                    if any(e.mode == "set" and e.target in reads for e in challenge.effects):
                        pairs.append((challenge, answer))
        sc.extra["terminal_challenges"] = pairs
        return pairs

    def opened_by(self, challenge: MoveInfo, answer: MoveInfo, week_index: int) -> bool:
        """Whether the answer has stood open since the other side's challenge, unanswered (week_index: this week's)."""
        sc, g = self.sc, self.game
        for j in range(week_index, -1, -1):
            made = any(m.index == challenge.index for m in g.reports[j].moves[challenge.side])
            if made:
                was_open = legal_mask(sc, g.snapshots[j][:, :1], answer.side)[answer.index, 0]
                return not was_open
            if j < week_index and any(m.index == answer.index for m in g.reports[j].moves[answer.side]):
                return False
        return False

    def viewer(self) -> Viewer:
        """Who reads the shared screens: the one person, both leaders (hot-seat), or a spectator."""
        if self.shown_to is not None:
            return self.shown_to
        humans = [s.side for s in self.seats if s.human]
        if len(humans) == 1:
            return humans[0]
        return LEADERS if humans else PUBLIC

    # -- the end --------------------------------------------------------------
    def debrief(self) -> None:
        g, sc = self.game, self.sc
        self.say()
        self.rule("═")
        ending = g.ending
        self.say(f"THE END — {ending_title(g)}")
        if ending.text is not None:
            self.wrap(ending.text.render(lambda row: g.state[row, 0]))
        self.packed(self.where_it_ended(), "Where it ended: ", "  ")
        self.rule("═")
        scores_now = g.scores()
        for s in (0, 1):
            self.say(f"{sc.side_texts[s]['leader']} ({sc.side_texts[s]['name']}): score {scores_now[s]:.0f}/100")
            for label, value in g.objectives(s):
                mark = "✓" if value >= 0.75 else ("~" if value >= 0.25 else "✗")
                self.say(f"   {mark} {label} ({value * 100:.0f}%)")
        self.wrap("Verdict: " + g.verdict())
        self.say()
        self.turn_table()
        humans = [seat.side for seat in self.seats if seat.human]
        questions = debrief_questions(g, humans[0] if len(humans) == 1 else None)
        if questions:
            self.say("\nTo discuss")
            for q in questions:
                self.wrap(f"• {q}", "  ", "    ")
        if len(humans) == 1 and g.is_over:
            self.what_ifs(humans[0])

    def what_ifs(self, side: int) -> None:
        """The player's decisions on the questions' topics taken the other way, forecast (a few seconds)."""
        if not any(q.what_if for q in self.sc.questions):
            return
        self.say("\nWhat if (working it out on the engine…)")
        lines = what_if_lines(self.game, side)
        for line in lines:
            self.wrap(f"• {line}", "  ", "    ")
        if not lines:
            self.say("  No decision of yours on these questions to take the other way.")

    def where_it_ended(self) -> list[str]:
        """The ladder's rung and the levers furthest from where they started, from → to."""
        g, sc = self.game, self.sc
        parts = []
        ladder = sc.model.ladder
        if ladder is not None:
            var = sc.variables[sc.row(ladder.variable)]
            parts.append(f"{var.label} {var.show(g.value(ladder.variable))} ({self.rung(g.value(ladder.variable))})")
        moved = []
        for lever in sc.levers:
            var = sc.variables[lever.var]
            start, end = float(g.snapshots[0][lever.var, 0]), g.value(var.name)
            if abs(end - start) > 1e-9 and var.shown:
                span = max(float(lever.values[-1] - lever.values[0]), 1e-9)
                moved.append((abs(end - start) / span, lever, var, start, end))
        moved.sort(key=lambda m: -m[0])
        for _, lever, var, start, end in moved[:4]:
            short = sc.side_texts[lever.side]["short"]
            parts.append(f"{short} {var.label} {self.setting(var, start)} → {self.setting(var, end)}")
        if len(moved) > 4:
            parts.append(f"{len(moved) - 4} more levers moved")
        if not moved:
            parts.append("every lever where it started")
        return parts

    def turn_table(self) -> None:
        """Week by week, the key numbers (the real values: the game is over), with whole labels."""
        sc, g = self.sc, self.game
        rows = list(sc.key_variables) or [v.index for v in sc.variables if v.role == "variable"]
        chosen, used = [], 6
        for r in rows:
            need = max(len(sc.variables[r].label), 6) + 1
            if used + need > self.width and chosen:
                break
            chosen.append(r)
            used += need
        widths = [max(len(sc.variables[r].label), 6) for r in chosen]
        owners = [sc.side_texts[sc.variables[r].owner]["short"] if sc.variables[r].owner >= 0 else "" for r in chosen]
        self.say(("      " + " ".join(o.rjust(w) for o, w in zip(owners, widths))).rstrip())
        self.say("Week  " + " ".join(sc.variables[r].label.rjust(w) for r, w in zip(chosen, widths)))
        for week, snap in enumerate(g.snapshots):
            cells = " ".join(format(float(snap[r, 0]), sc.variables[r].format).rjust(w) for r, w in zip(chosen, widths))
            label = "start" if week == 0 else f"{week:>5}"
            self.say(f"{label} {cells}")
        if len(chosen) < len(rows):
            self.say(f"(and {len(rows) - len(chosen)} more in the report: brinkmanship report)")
