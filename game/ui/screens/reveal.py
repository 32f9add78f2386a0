"""The turn reveal: a short moment, not a wall of text.

Both leaders' cards are turned over one by one (the moves each made, and the
reasons the viewer may read), then the tension needle swings to where the week
left it and the headlines and changes come up.  Enter, Space or a click shows
everything at once; the next one continues.  Only what the viewer may observe is
shown (``engine.viewing``); the wording of changes (settings by name, causes that
add up) and of headlines is the terminal's, so the two tell a week the same way.
"""

from __future__ import annotations

import html
import io

import pygame

from ...engine.game import TurnReport
from ...engine.viewing import (
    LEADERS,
    PUBLIC,
    Viewer,
    reasons_for,
    sees_change,
    sees_move,
    sees_move_in,
    sees_news,
)
from ...scenario.compiled import CompiledScenario
from ...scenario.compiler import _lower_first
from ...terminal import Seat, Shown, TextGame
from ..theme import C, draw_paragraphs, draw_text, font, html_size, mix, panel, px, side_color, text_height
from ..widgets import ladder
from .base import InGame, Screen

START = 0.25
"""Seconds before the first card turns."""
FLIP = 0.3
"""Seconds a card takes to turn over."""
SWING = 0.8
"""Seconds the tension needle takes to move."""


def reveal_viewer(session) -> Viewer:
    """Whose eyes the reveal uses: the person's side, both leaders in hot-seat, the public when watching."""
    humans = [s for s in (0, 1) if session.is_human(s)]
    if len(humans) == 1:
        return humans[0]
    return LEADERS if humans else PUBLIC


def wording(game) -> TextGame:
    """The terminal's wording of a week (no output): changes, headlines and lapses read the same in both."""
    return TextGame(game, (Seat(0), Seat(1)), out=io.StringIO(), width=100)


def change_html(sc: CompiledScenario, shown: Shown) -> str:
    """One change: 'Tariff on Chinese goods 30% → 54% (+24: ...)', or a lever's settings by name."""
    change = shown.change
    var = sc.variables[change.row]
    owner = f"{sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
    name = html.escape(owner + var.label)
    up = change.after > change.before
    arrow = "<font color='#4cb782'>▲</font>" if up else "<font color='#e0605a'>▼</font>"
    line = f"{arrow} <b>{name}</b>: {html.escape(shown.before)} → {html.escape(shown.after)}"
    if shown.delta:
        line += f" <font color='#9aa9b8'>({html.escape(shown.delta)})</font>"
    causes = "; ".join(html.escape(f"{c} {a}".strip()) for c, a in shown.causes)
    if causes:
        line += f"<br><font color='#9aa9b8' {html_size(11)}>   {causes}</font>"
    return line


def week_changes_html(
    sc: CompiledScenario, words: TextGame, report: TurnReport, viewer: Viewer, limit: int = 14
) -> str:
    """What went up, what went down, and why, as HTML (only numbers the viewer knows exactly)."""
    lines = [change_html(sc, shown) for shown in words.changes(report, viewer)[:limit]]
    return "<br>".join(lines) or "<font color='#5f6f80'>Nothing you can see changed.</font>"


def move_headline(words: TextGame, move, report: TurnReport) -> str | None:
    """The headline a move made this week, if it made one (the card already tells it)."""
    snaps = words.game.snapshots
    if move.headline is None or not 0 < report.turn < len(snaps):
        return None
    snap = snaps[report.turn]
    try:
        return move.headline.render(lambda row: snap[row, 0])
    except (IndexError, KeyError, ValueError):
        return None


HEADLINE_COLOURS = {"deal": "#4cb782", "ending": "#e3b34c", "contest": "#e3b34c", "lapse": "#9aa9b8"}
"""Headlines that mark a turn of the game stand out (a deal signed, a match won, the end)."""


def headlines_html(items: list[tuple[str, str]]) -> str:
    """Headlines as HTML, each coloured by its kind."""
    lines = []
    for text, kind in items:
        line = html.escape(text)
        colour = HEADLINE_COLOURS.get(kind)
        if colour:
            line = f"<font color='{colour}'>{'<b>' + line + '</b>' if kind in ('deal', 'ending') else line}</font>"
        lines.append(line)
    return "<br>".join(lines) or "<font color='#5f6f80'>A quiet week.</font>"


VERBS = {"up": "raises", "down": "lowers"}
"""How the engine's news says a lever moved."""


def headlines(sc: CompiledScenario, words: TextGame, report: TurnReport, viewer: Viewer) -> list[tuple[str, str]]:
    """The week's news the viewer may read (text, kind), less what the leaders' cards already say, and lapses."""
    shown_moves = [m for s in (0, 1) for m in report.moves[s] if sees_move(m, viewer)]
    said = {f"{sc.side_texts[m.side]['short']}: {m.label}" for m in shown_moves}
    said |= {f"{sc.side_texts[m.side]['short']} rejects the offer" for m in shown_moves if m.kind == "reject"}
    said |= {text for m in shown_moves if (text := move_headline(words, m, report))}
    lever_news = tuple(  # "US raises AI-chip controls to ...": the card names the new setting
        f"{sc.side_texts[m.side]['short']} {VERBS[m.kind]} {_lower_first(sc.levers[m.lever].label)} to "
        for m in shown_moves
        if m.lever >= 0 and m.headline is None
    )
    proposers = {m.side for m in shown_moves if m.kind == "propose"}
    out = []
    for item in report.news:
        if not sees_news(sc, item, viewer) or item.text in said:
            continue
        if item.kind == "move" and lever_news and item.text.startswith(lever_news):
            continue
        if item.kind == "offer" and any(
            item.text.startswith(f"{sc.side_texts[s]['short']} proposes") for s in proposers
        ):
            continue  # the proposer's card lists the terms
        out.append((item.text, item.kind))
    return out + [(line, "lapse") for line in words.lapses(report, viewer)]


class RevealScreen(InGame, Screen):
    """After each week: both cards turned over, the needle, headlines and what changed."""

    shortcuts = (
        ("Enter / Space / click", "show everything at once, then continue"),
        ("Esc", "the pause menu (the reveal stays)"),
    )

    def __init__(self, app, report: TurnReport):
        super().__init__(app)
        self.report = report
        self.session = app.session
        self.viewer = reveal_viewer(self.session)
        self.words = wording(self.session.game)
        self.wait = 0.0
        pace = getattr(app.settings, "reveal_pace", 0.0)
        board = getattr(app, "autoplay_board", None)
        if board is not None and board.autoplay:
            pace = min(pace, 0.3 * app.settings.watch_pace)  # watching: the moment keeps up with the chosen pace
        self.pace = pace
        self.turn_at = (START, START + pace)
        """When each card starts to turn over (seconds into the reveal)."""
        self.swing_at = START + 2 * pace
        self.done_at = self.swing_at + SWING
        self.t = self.done_at if pace <= 0 else 0.0
        self.stage = self._stage()
        self.needle = self._needle()
        """(before, after) of the ladder's value, if the viewer sees it exactly."""

    def enter(self) -> None:
        super().enter()
        self.app.sounds.play(self.cue())

    def cue(self) -> str:
        """The sound of this week: the game's end, a deal signed, or a week gone by."""
        if self.report.ended:
            return "ending"
        return "deal" if self.report.signed_by is not None else "week"

    # -- the sequence -----------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.t >= self.done_at

    def _stage(self) -> int:
        """0 while the cards turn, 1 once the headlines and changes are up."""
        return 1 if self.t >= self.swing_at else 0

    def finish(self) -> None:
        """Show everything at once (the sequence skipped)."""
        self.t = self.done_at
        self._advance()

    def _advance(self) -> None:
        stage = self._stage()
        if stage != self.stage:
            self.stage = stage
            for element in self.later:
                element.show()
        if self.done and self.go_button.text != self._button_text():
            self.go_button.set_text(self._button_text())

    def turned(self, side: int) -> float:
        """How far a side's card has turned over: 0 (face down) to 1 (face up)."""
        return min(max((self.t - self.turn_at[side]) / FLIP, 0.0), 1.0)

    def _needle(self) -> tuple[float, float] | None:
        sc = self.session.sc
        spec = sc.model.ladder
        if spec is None:
            return None
        row = sc.row(spec.variable)
        if not sees_change(sc, row, self.viewer):
            return None
        change = next((c for c in self.report.changes if c.row == row), None)
        if change is not None:
            return float(change.before), float(change.after)
        index = self.report.turn
        snaps = self.session.game.snapshots
        value = float(snaps[index][row, 0]) if 0 < index < len(snaps) else float(self.session.game.state[row, 0])
        return value, value

    def needle_value(self) -> float | None:
        if self.needle is None:
            return None
        before, after = self.needle
        f = min(max((self.t - self.swing_at) / SWING, 0.0), 1.0)
        f = 1 - (1 - f) ** 3  # eases in to rest
        return before + (after - before) * f

    # -- layout -----------------------------------------------------------------
    def layout(self) -> dict[str, pygame.Rect]:
        w, h = self.size
        m, gap = px(24), px(16)
        top = px(64)
        gauge_w = px(230) if self.needle is not None else 0
        col = (w - 2 * m - 2 * gap - gauge_w) // 2 if gauge_w else (w - 2 * m - gap) // 2
        cards_h = self._cards_height(col)
        left = pygame.Rect(m, top, col, cards_h)
        gauge = pygame.Rect(left.right + gap, top, gauge_w, cards_h)
        right = pygame.Rect((gauge.right if gauge_w else left.right) + gap, top, col, cards_h)
        lower = top + cards_h + px(14)
        news_w = int((w - 2 * m - gap) * 0.42)  # changes, with their causes, take the wider share
        changes_w = w - 2 * m - gap - news_w
        box_h = h - lower - px(28 + 84)
        return {
            "cards0": left,
            "cards1": right,
            "gauge": gauge,
            "news_label": pygame.Rect(m, lower, news_w, px(26)),
            "news": pygame.Rect(m, lower + px(28), news_w, box_h),
            "changes_label": pygame.Rect(m + news_w + gap, lower, changes_w, px(26)),
            "changes": pygame.Rect(m + news_w + gap, lower + px(28), changes_w, box_h),
        }

    def _cards_height(self, col: int) -> int:
        """Tall enough for the longer side's moves and reasons, within limits."""
        h = self.size[1]
        inner = col - px(32)
        need = max(
            text_height(self._moves_text(side), font(14), inner, 1.25)
            + text_height(self._why(side), font(13, "italic"), inner, 1.2)
            for side in (0, 1)
        )
        least = px(190) if self.needle is not None else px(110)
        return int(min(max(need + px(56), least), h * 0.4))

    def build(self) -> None:
        w, h = self.size
        sc, rep = self.session.sc, self.report
        r = self.rects = self.layout()
        news = headlines_html(headlines(sc, self.words, rep, self.viewer))
        self.later = [  # made now (text boxes are slow to make), shown when their moment comes
            self.label(r["news_label"], "Headlines", "#dim"),
            self.textbox(r["news"], news),
            self.label(r["changes_label"], "What changed, and why", "#dim"),
            self.textbox(r["changes"], week_changes_html(sc, self.words, rep, self.viewer)),
        ]
        if self.stage < 1:
            for element in self.later:
                element.hide()
        if self.session.autosave_problem:
            self.label(pygame.Rect(px(24), h - px(56), w - px(340), px(30)), self.session.autosave_problem, "#dim")
        self.go_button = self.button(
            pygame.Rect(w - px(24 + 260), h - px(62), px(260), px(44)), self._button_text(), self.press, oid="#primary"
        )

    def _button_text(self) -> str:
        if not self.done:
            return "Show all ⏎"
        return "See how it ended →" if self.session.game.is_over else "Continue ⏎"

    def _moves_text(self, side: int) -> str:
        """The moves of one side that the viewer may see, in words."""
        sc, rep = self.session.sc, self.report
        moves = [m for m in rep.moves[side] if sees_move_in(self.session.game, rep.turn, m, self.viewer)]
        text = "\n".join(f"• {self._move_line(m)}" for m in moves) or "No moves"
        if rep.offers[side] is not None and any(m.kind == "propose" for m in moves):
            from .board_panels.offer import offer_text

            text += f"\nProposed: {offer_text(sc, rep.offers[side])}"
        return text

    def _move_line(self, move) -> str:
        """A move in words: its label (with the leader's own words, if its headline quotes them), and a lever's new
        setting by name ('Raise AI-chip controls → + affiliates rule')."""
        sc = self.session.sc
        text = self.words.move_text(move, self.report, False)
        if move.lever < 0:
            return text
        row = sc.levers[move.lever].var
        change = next((c for c in self.report.changes if c.row == row), None)
        if change is None or not sees_change(sc, row, self.viewer):
            return text
        return f"{text} → {self.words.setting(sc.variables[row], change.after)}"

    def _why(self, side: int) -> str:
        """The computer's reasons, as far as the viewer may read them (in words, never its private numbers)."""
        reasons = reasons_for(self.report.reasons[side], side, self.viewer)[:2]
        return ("Why: " + " ".join(reasons)) if reasons else ""

    # -- drawing ----------------------------------------------------------------
    def draw(self, surface) -> None:
        surface.fill(C["bg"])
        w, _ = self.size
        rep = self.report
        draw_text(
            surface,
            f"Week {rep.turn} · {rep.date:%a %d %b %Y}",
            font(22, "bold"),
            C["text"],
            (px(24), px(22)),
            w - px(48),
        )
        for side in (0, 1):
            self._draw_card(surface, self.rects[f"cards{side}"], side)
        value = self.needle_value()
        if value is not None:
            self._draw_gauge(surface, self.rects["gauge"], value)

    def _draw_card(self, surface, rect: pygame.Rect, side: int) -> None:
        sc = self.session.sc
        color = side_color(sc, side)
        t = sc.side_texts[side]
        f = self.turned(side)
        if f < 1:
            # half a turn showing the back, half the face: the card narrows to an edge and opens again
            width = max(int(rect.width * abs(1 - 2 * f)), 2)
            card = pygame.Rect(0, rect.y, width, rect.height)
            card.centerx = rect.centerx
            if f < 0.5:
                pygame.draw.rect(surface, mix(color, C["panel"], 0.7), card, border_radius=8)
                pygame.draw.rect(surface, color, card, 2, border_radius=8)
                if f == 0:
                    draw_text(
                        surface,
                        t["leader"],
                        font(16, "bold"),
                        C["text"],
                        (card.centerx, card.y + px(12)),
                        card.width - px(16),
                        "center",
                    )
                    draw_text(surface, "?", font(44, "bold"), color, (card.centerx, card.centery - px(26)), 0, "center")
            else:
                panel(surface, card)
            return
        panel(surface, rect)
        pygame.draw.rect(
            surface, color, (rect.x, rect.y, px(5), rect.height), border_top_left_radius=8, border_bottom_left_radius=8
        )
        draw_text(
            surface, t["leader"], font(16, "bold"), color, (rect.x + px(16), rect.y + px(10)), rect.width - px(32)
        )
        body = pygame.Rect(rect.x + px(16), rect.y + px(36), rect.width - px(32), rect.height - px(44))
        used = draw_paragraphs(surface, self._moves_text(side), font(14), C["text"], body, 1.25)
        why = self._why(side)
        if why:
            rest = pygame.Rect(body.x, body.y + used + px(4), body.width, max(body.height - used - px(4), 0))
            draw_paragraphs(surface, why, font(13, "italic"), C["dim"], rest, 1.2)

    def _draw_gauge(self, surface, rect: pygame.Rect, value: float) -> None:
        sc = self.session.sc
        panel(surface, rect)
        var = sc.variables[sc.row(sc.model.ladder.variable)]
        draw_text(
            surface, var.label, font(13, "semibold"), C["dim"], (rect.x + px(12), rect.y + px(8)), rect.width - px(24)
        )
        area = pygame.Rect(rect.x + px(8), rect.y + px(30), rect.width - px(16), rect.height - px(38))
        self.tips = [tip for tip in self.tips if tip[0] != area]
        self.tip(area, ladder(surface, area, sc, value))

    # -- input ------------------------------------------------------------------
    def handle(self, event):
        on_button = event.type == pygame.MOUSEBUTTONDOWN and self.go_button.rect.collidepoint(event.pos)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not self.done and not on_button:
            self.finish()
            return None
        return super().handle(event)

    def key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER):
            return self.press()
        return None

    def press(self):
        """Enter, Space or the button: show everything if the sequence is still running, else continue."""
        if not self.done:
            self.finish()
            return None
        return self.proceed()

    def back(self):
        """Esc opens the pause menu, as on the board: only Enter or Continue plays on."""
        return None

    def update(self, dt):
        if not self.done:
            self.t += dt
            self._advance()
            return None
        board = getattr(self.app, "autoplay_board", None)
        if board is not None and board.autoplay and not self.session.game.is_over:
            self.wait += dt
            if self.wait >= self.app.settings.watch_pace:
                return self.proceed()
        return None

    def proceed(self):
        from .board import BoardScreen, Curtain
        from .debrief import DebriefScreen

        if self.session.game.is_over:
            return DebriefScreen(self.app)
        plan = self.session.plan
        humans = [s for s in (0, 1) if self.session.is_human(s)]
        if len(humans) == 2:
            return Curtain(self.app, 0)
        board = getattr(self.app, "autoplay_board", None)
        if not humans and board is not None:
            board.since_week = 0.0
            return board
        return BoardScreen(self.app, humans[0] if humans else None) if plan else None
