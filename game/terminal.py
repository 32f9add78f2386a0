"""Play in the terminal: one person against a computer leader, two people hot-seat, or two computers.

Reads lines with an injectable ``ask`` function and writes to an injectable
stream, so tests can drive a whole game.  Bad input is answered with a hint,
never a traceback; end of input abandons the game politely.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np

from .ai.leaders import Leader
from .engine.game import Game, IllegalOrderError, Offer, Order, TurnReport
from .engine.orders import Orders
from .engine.scoring import how_to_win
from .engine.state import observe
from .engine.viewing import (
    LEADERS,
    PUBLIC,
    Viewer,
    causes_for,
    news_for,
    reasons_for,
    sees_change,
    sees_move,
    sees_news,
    value_kind,
    view_of,
)
from .scenario.compiled import CompiledScenario, MoveInfo, VarInfo
from .textsafe import printable

LIKELY_SPREAD = 1.7
"""Nine estimates in ten fall within this many noise units of the truth (triangular noise)."""


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

    @property
    def sc(self) -> CompiledScenario:
        return self.game.scenario

    def say(self, text: str = "") -> None:
        self.out.write(printable(text) + "\n")

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
        self.wrap(how_to_win(sc))
        self.say(f"Seed {self.game.seed}. Each week you have {sc.model.budget} move points.")
        self.say('Type the numbers of your moves (e.g. "3 12"), "?" for help, "q" to quit.')

    # -- one week -------------------------------------------------------------
    def play_week(self) -> TurnReport:
        orders: list[Order | Orders] = [Order(), Order()]
        reasons: list[tuple[str, ...]] = [(), ()]
        for seat in self.seats:
            if seat.human:
                if self.hotseat:
                    self.curtain(seat.side)
                self.board(seat.side)
                orders[seat.side] = self.read_orders(seat.side)
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
        self.reveal(report)
        return report

    def curtain(self, side: int) -> None:
        self.say("\n" * 40)
        name = self.sc.side_texts[side]["leader"]
        self.prompt(f"Pass the keyboard to {name}, then press Enter... ")
        self.say("\n" * 3)

    # -- display --------------------------------------------------------------
    def rule(self, char: str = "─") -> None:
        self.say(char * self.width)

    def wrap(self, text: str, indent: str = "") -> None:
        for line in textwrap.wrap(" ".join(text.split()), self.width - len(indent)) or [""]:
            self.say(indent + line)

    def board(self, viewer: Viewer) -> None:
        """The week at a glance, as a viewer (a side, or a spectator) may see it."""
        g, sc = self.game, self.sc
        view = view_of(sc, g.state, viewer)[:, 0]
        self.say()
        self.rule("═")
        truce = f" · Truce: {view[sc.row('truce_weeks')]:.0f} weeks left" if "truce_weeks" in sc.var_index else ""
        self.say(f"Week {g.turn} of {g.horizon} · {g.date:%a %d %b %Y}{truce}")
        self.rule("═")
        self.say(self.ladder_line(view))
        self.say(self.shared_line(view))
        self.say()
        self.side_table(viewer, view)
        self.news_block(viewer)

    def ladder_line(self, view: np.ndarray) -> str:
        ladder = self.sc.model.ladder
        if ladder is None:
            return ""
        value = view[self.sc.row(ladder.variable)]
        rung = [r.label for r in ladder.rungs if value >= r.at][-1:] or [ladder.rungs[0].label]
        top = self.sc.variables[self.sc.row(ladder.variable)].high
        cells = 20
        filled = round(cells * value / top) if top else 0
        label = self.sc.variables[self.sc.row(ladder.variable)].label
        return f"{label} {value:5.1f} [{'█' * filled}{'·' * (cells - filled)}] {rung[0]}"

    def shared_line(self, view: np.ndarray) -> str:
        sc = self.sc
        ladder = sc.model.ladder.variable if sc.model.ladder else None
        parts = [
            f"{v.label}: {v.show(view[v.index])}"
            for v in sc.shared_variables()
            if v.name != ladder and v.kind != "flag" and v.shown
        ]
        if view[sc.deal.active]:
            parts.append(f"Deal in force ({view[sc.deal.weeks_left]:.0f} weeks left to carry out)")
        return " · ".join(parts)

    def side_table(self, viewer: Viewer, view: np.ndarray) -> None:
        sc = self.sc
        names = [sc.side_texts[s]["name"] + (" (you)" if s == viewer else "") for s in (0, 1)]
        left = max(24, max(len(v.label) for v in sc.variables if v.role != "engine") + 2)
        col = max(26, (self.width - left) // 2)
        self.say(" " * left + names[0][: col - 1].ljust(col) + names[1][: col - 1])
        for role, title in (("variable", "Meters"), ("lever", "Levers")):
            self.say(title)
            labels = []
            for s in (0, 1):
                labels.append([v for v in sc.side_variables(s, role) if v.kind != "flag" and v.shown])
            for row in range(max(len(labels[0]), len(labels[1]))):
                cells = []
                label = ""
                for s in (0, 1):
                    if row < len(labels[s]):
                        var = labels[s][row]
                        label = label or var.label
                        cells.append(self.cell(var, view, viewer))
                    else:
                        cells.append("")
                left_label = labels[0][row].label if row < len(labels[0]) else ""
                right_label = labels[1][row].label if row < len(labels[1]) else ""
                text0 = f"{left_label}: {cells[0]}" if cells[0] else ""
                text1 = f"{right_label}: {cells[1]}" if cells[1] else ""
                self.say("  " + text0[: left + col - 3].ljust(left + col - 2) + text1)

    def cell(self, var: VarInfo, view: np.ndarray, viewer: Viewer) -> str:
        """A number as the viewer knows it: exact, '~54 ±5', or 'unknown'."""
        kind = value_kind(var, viewer)
        if kind == "unknown":
            return "unknown"
        value = view[var.index]
        text = var.show(value)
        if var.role == "lever":
            notch = self.sc.lever_by_name(var.name).notch_name(value)
            if notch:
                text = f"{text} ({notch})" if var.unit else notch
        if kind == "estimate":
            return f"~{text} ±{format(LIKELY_SPREAD * var.noise, var.format)}"
        return text

    def news_block(self, viewer: Viewer) -> None:
        items = news_for(self.game, viewer)
        recent = [n for n in items if n.turn >= self.game.turn - 1][-8:]
        if recent:
            self.say("News")
            for item in recent:
                mark = " (private)" if item.audience != "public" else ""
                self.wrap(f"{item.date:%b %d}  {item.text}{mark}", "  ")

    # -- reading orders -------------------------------------------------------
    def read_orders(self, side: int) -> Order:
        """Ask until the person gives legal orders (or quits)."""
        moves = self.game.legal_moves(side)
        self.list_moves(side, moves)
        while True:
            line = self.prompt(f"{self.sc.side_texts[side]['short']} orders> ").strip().lower()
            if line in ("q", "quit", "exit"):
                raise Quit
            if line in ("?", "h", "help"):
                self.help()
                continue
            if line.startswith("i ") or line.startswith("info "):
                self.info(moves, line.split(maxsplit=1)[1])
                continue
            if line in ("b", "board"):
                self.board(side)
                self.list_moves(side, moves)
                continue
            if self.extra_command is not None and (reply := self.extra_command(line)) is not None:
                self.say(reply)
                continue
            picked = self.parse_numbers(line, moves)
            if picked is None:
                continue
            order = Order(tuple(m.id for m in picked))
            if any(m.kind == "propose" for m in picked):
                offer = self.read_offer(side)
                if offer is None:
                    continue
                order = Order(order.moves, offer)
            try:
                self.game.orders_for(side, order)
            except IllegalOrderError as exc:
                self.say(f'  Not allowed: {exc}. Try again ("?" for help).')
                continue
            return order

    def prompt(self, text: str) -> str:
        try:
            return self.ask(printable(text))
        except (EOFError, KeyboardInterrupt):
            raise Quit from None

    def list_moves(self, side: int, moves: list[MoveInfo]) -> None:
        self.say(f"Your moves ({self.sc.model.budget} points this week; Enter alone = do nothing):")
        half = (len(moves) + 1) // 2
        col = (self.width - 2) // 2
        for i in range(half):
            cells = []
            for j in (i, i + half):
                if j < len(moves):
                    m = moves[j]
                    cells.append(f"{j + 1:>2}. {m.label} ({m.cost})"[: col - 1].ljust(col))
            self.say("  " + "".join(cells).rstrip())

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

    def info(self, moves: list[MoveInfo], token: str) -> None:
        if not token.strip().isdigit() or not 1 <= int(token) <= len(moves):
            self.say(f"  Usage: i NUMBER, with a number from 1 to {len(moves)}.")
            return
        move = moves[int(token) - 1]
        self.wrap(f"{move.label} — costs {move.cost}. {move.describe}", "  ")

    def help(self) -> None:
        self.wrap(
            "Each week both leaders choose moves at the same time, up to their move points. Type the numbers "
            'of your moves separated by spaces ("3 12"), or press Enter to do nothing. "i 3" explains move 3; '
            '"b" shows the board again; "q" quits. Proposing a deal asks you for the package. Numbers marked '
            "~ are your estimates of the other side's; ± shows how far off they may be.",
            "  ",
        )

    def read_offer(self, side: int) -> Offer | None:
        """Choose a ready-made package or build one; None goes back to the moves."""
        sc = self.sc
        self.say("  Propose which package?")
        for i, package in enumerate(sc.packages, 1):
            self.wrap(f"{i}. {package.label}: {self.package_text(package.targets, package.clauses)}", "    ")
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
        from .engine.game import describe_package

        return describe_package(self.sc, targets, clauses)

    # -- after the week -------------------------------------------------------
    def reveal(self, report: TurnReport) -> None:
        sc = self.sc
        viewer = self.viewer()
        self.say()
        self.rule()
        self.say(f"Week {report.turn} ({report.date:%d %b}) — the moves")
        for s in (0, 1):
            shown = [m.label for m in report.moves[s] if sees_move(m, viewer)]
            text = ", ".join(shown) if shown else "nothing"
            self.wrap(f"{sc.side_texts[s]['leader']}: {text}", "  ")
            for reason in reasons_for(report.reasons[s], s, viewer)[:2]:
                self.wrap(f"↳ {reason}", "      ")
        news = [n for n in report.news if sees_news(sc, n, viewer)]
        if news:
            self.say("What happened")
            for item in news:
                self.wrap(f"{item.date:%b %d}  {item.text}", "  ")
        changes = [c for c in report.changes if sees_change(sc, c.row, viewer)][:6]
        if changes:
            self.say("What changed")
            for change in changes:
                var = sc.variables[change.row]
                arrow = "▲" if change.after > change.before else "▼"
                causes = causes_for(sc, change.causes, viewer)[:2]
                why = "; ".join(f"{cause} {amount:+.1f}" for cause, amount in causes)
                owner = f"{sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
                line = f"{arrow} {owner}{var.label} {var.show(change.before)} → {var.show(change.after)}"
                self.wrap(f"{line}" + (f"  ({why})" if why else ""), "  ")

    def viewer(self) -> Viewer:
        """Who reads the shared screens: the one person, both leaders (hot-seat), or a spectator."""
        if self.shown_to is not None:
            return self.shown_to
        humans = [s.side for s in self.seats if s.human]
        if len(humans) == 1:
            return humans[0]
        return LEADERS if humans else PUBLIC

    def debrief(self) -> None:
        g, sc = self.game, self.sc
        self.say()
        self.rule("═")
        ending = g.ending
        self.say(f"THE END — {ending.title}")
        if ending.text is not None:
            self.wrap(ending.text.render(lambda row: g.state[row, 0]))
        self.rule("═")
        scores = g.scores()
        for s in (0, 1):
            self.say(f"{sc.side_texts[s]['leader']} ({sc.side_texts[s]['name']}): score {scores[s]:.0f}/100")
            for label, value in g.objectives(s):
                mark = "✓" if value >= 0.75 else ("~" if value >= 0.25 else "✗")
                self.say(f"   {mark} {label} ({value * 100:.0f}%)")
        self.say("Verdict: " + g.verdict())
        self.say()
        self.turn_table()
        if sc.model.questions:
            self.say("\nTo discuss")
            for q in sc.model.questions:
                self.wrap(f"• {q}", "  ")

    def turn_table(self) -> None:
        """Week by week, the key numbers (the real values: the game is over)."""
        sc, g = self.sc, self.game
        rows = list(sc.key_variables)[:8] or [v.index for v in sc.variables if v.role == "variable"][:8]
        heads = [self.short_label(sc.variables[r]) for r in rows]
        self.say("Week  " + " ".join(h[:8].rjust(8) for h in heads))
        for week, snap in enumerate(g.snapshots):
            cells = " ".join(format(float(snap[r, 0]), sc.variables[r].format).rjust(8) for r in rows)
            label = "start" if week == 0 else f"{week:>5}"
            self.say(f"{label} {cells}")

    def short_label(self, var: VarInfo) -> str:
        owner = self.sc.side_texts[var.owner]["short"] + " " if var.owner >= 0 else ""
        return (owner + var.label)[:8]
