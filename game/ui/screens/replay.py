"""The replay viewer: any recorded game, or a scenario's real history, week by week; take over at any week.

A timeline of weeks to step forward and back (buttons, arrow keys) or jump (click a
week); for the week shown, both leaders' moves with the computer's reasons, the
real dated headlines (for history) and the game's news, what changed and why, and
charts of every meter up to that week.  "Take over" starts a new game from the
week shown (``Replay.take_over``) with a person on one side or both, on the
normal board.  The screen only reads the ``Replay``; the records module re-simulates.
"""

from __future__ import annotations

import html
from urllib.parse import urlparse

import numpy as np
import pygame

from ...engine.game import Game, TurnReport
from ...engine.viewing import EVERYONE, Viewer, is_side, reasons_for, sees_move_in, sees_news, view_of
from ...records.format import RecordError, seat_leader
from ...records.history import HistoryError, history_record
from ...records.replay import Replay
from ...scenario.compiled import CompiledScenario
from ...scenarios import DEFAULT_SCENARIO, catalog
from .. import saves
from ..charts import Panel, Series, draw_grid
from ..theme import C, draw_paragraphs, draw_text, font, html_size, mix, panel, px, side_color, text_height
from .base import Screen
from .board_panels.chart import meter_groups, row_color, series_label, short_title, value_range, week_labels
from .board_panels.offer import offer_text
from .overlays import Modal
from .reveal import week_changes_html, wording
from .saves import play_session

M = 12
GAP = 10
TOP_H = 56
TIMELINE_H = 74
NAV_W = 92
TEXT_PAUSE = 0.1
"""Seconds without a step before the text boxes catch up with quick stepping."""


# -- what the viewer shows (pure functions of a Replay) ----------------------------------
def is_history(replay: Replay) -> bool:
    """Whether the record is a scenario's real history."""
    return replay.record.kind == "history"


def seat_text(replay: Replay, side: int) -> str:
    """Who played a side: 'the real moves', 'a person', or the computer leader's name."""
    seat = replay.record.settings.seats[side]
    if is_history(replay) and seat.player == "computer":
        return "the real moves"
    if seat.player == "person":
        return "a person"
    return f"computer: {seat_leader(seat, replay.scenario)}"


def moves_text(game: Game, report: TurnReport | None, side: int, viewer: Viewer = EVERYONE) -> str:
    """A side's moves in a week that the viewer may see (secret ones it found out since included), in words."""
    if report is None:
        return ""
    sc = game.scenario
    moves = [m for m in report.moves[side] if sees_move_in(game, report.turn, m, viewer)]
    text = " · ".join(m.label for m in moves) or "No moves"
    if report.offers[side] is not None and any(m.kind == "propose" for m in moves):
        text += f". Proposed: {offer_text(sc, report.offers[side])}"
    return text


def reasons_text(report: TurnReport | None, side: int, viewer: Viewer = EVERYONE) -> str:
    """Why the computer leader chose its moves that week, as far as the viewer may read ('' if nothing)."""
    reasons = reasons_for(report.reasons[side], side, viewer)[:3] if report is not None else ()
    return ("Why: " + " ".join(reasons)) if reasons else ""


def source_name(url: str) -> str:
    """A headline's source as a short site name ('reuters.com')."""
    host = urlparse(url).netloc if url else ""
    return host[4:] if host.startswith("www.") else host


def news_html(replay: Replay) -> str:
    """The real headlines of the week shown (history), then the game's news that week, as HTML."""
    parts = []
    real = replay.headlines() if replay.position else []
    if real:
        rows = []
        for date, text, source in real:
            site = f" <font color='#5f6f80'>({html.escape(source_name(source))})</font>" if source else ""
            rows.append(f"<font color='#9aa9b8' {html_size(11)}>{date:%a %d %b}</font>  {html.escape(text)}{site}")
        parts.append("<font color='#e3b34c'><b>What really happened</b></font><br>" + "<br>".join(rows))
    items = replay.game.opening_news if replay.report is None else replay.report.news
    items = [n for n in items if sees_news(replay.scenario, n, replay.viewer)]
    colors = {"event": "#e3b34c", "deal": "#4cb782", "ending": "#e0605a", "contest": "#f5d27f"}
    rows = []
    for n in items:
        private = " <font color='#5f6f80'>(private)</font>" if n.audience != "public" else ""
        color = colors.get(n.kind, "#e6edf3")
        rows.append(
            f"<font color='#9aa9b8' {html_size(11)}>{n.date:%a %d %b}</font>  "
            f"<font color='{color}'>{html.escape(n.text)}</font>{private}"
        )
    title = "Before week 1" if replay.report is None else ("In the game" if real else "News that week")
    body = "<br>".join(rows) or "<font color='#5f6f80'>A quiet week.</font>"
    parts.append(f"<font color='#e3b34c'><b>{title}</b></font><br>{body}")
    return "<br><br>".join(parts)


def changed_html(replay: Replay) -> str:
    """What the week shown changed and why, in the reveal's words (settings by name, causes that add up)."""
    if replay.report is None:
        return "<font color='#5f6f80'>The starting position. Step forward (→) to see what each week changed.</font>"
    return week_changes_html(replay.scenario, wording(replay.game), replay.report, replay.viewer, limit=24)


def replay_panels(replay: Replay) -> list[Panel]:
    """Every meter from the start up to the week shown, on axes fitted to the whole record (steady as you step)."""
    sc = replay.scenario
    whole = np.stack([view_of(sc, s, replay.viewer)[:, 0] for s in replay.game.snapshots])
    shown = whole[: replay.position + 1]
    out = []
    for title, rows in meter_groups(sc):
        series = [Series(series_label(sc, r), shown[:, r].tolist(), color=row_color(sc, r)) for r in rows]
        out.append(Panel(title, series, value_range(sc, rows, whole[:, rows]), short_title(title)))
    return out


def week_tip(replay: Replay, position: int) -> str:
    """The hover text of a week on the timeline: its date, both sides' moves and its first real headline."""
    sc = replay.scenario
    if position == 0:
        return f"<b>The start</b><br>Week 1 begins {sc.date_of_turn(1):%a %d %b %Y}."
    report = replay.game.reports[position - 1]
    lines = [f"<b>Week {position} · {report.date:%a %d %b %Y}</b>"]
    for side in (0, 1):
        seen = [m.label for m in report.moves[side] if sees_move_in(replay.game, report.turn, m, replay.viewer)]
        moves = ", ".join(seen) or "nothing"
        lines.append(f"{html.escape(sc.side_texts[side]['short'])}: {html.escape(moves)}")
    real = replay.headlines(position)
    if real:
        lines.append(f"<i>Really: {html.escape(real[0][1])}</i>")
    return "<br>".join(lines)


# -- the screen --------------------------------------------------------------------------
class ReplayScreen(Screen):
    """Step through a record; take over either side (or both) at the week shown."""

    shortcuts = (
        ("← →", "a week back / on"),
        ("Home End", "the start / the last week"),
        ("Click a week", "jump to it"),
        ("Space", "play the weeks by themselves"),
        ("Esc", "back"),
    )
    repeat_keys = frozenset((pygame.K_LEFT, pygame.K_RIGHT))

    def __init__(self, app, replay: Replay, back_to: Screen | None = None):
        super().__init__(app)
        self.replay = replay
        self.back_to = back_to
        self.autoplay = False
        self.since = 0.0
        self.static: pygame.Surface | None = None
        self.quiet = 1.0
        """Seconds since the last step."""
        self.text_pending = False
        self.week_rects: list[tuple[pygame.Rect, int]] = []

    @property
    def sc(self) -> CompiledScenario:
        return self.replay.scenario

    # -- layout -----------------------------------------------------------------------
    def layout(self) -> dict[str, pygame.Rect]:
        """Rects of every area for the current window size."""
        w, h = self.size
        m, gap, top_h = px(M), px(GAP), px(TOP_H)
        y0 = top_h + px(8)
        timeline = pygame.Rect(m, y0, w - 2 * m, px(TIMELINE_H))
        top = timeline.bottom + gap
        body_h = h - top - m
        left_w, right_w = int(w * 0.3), int(w * 0.27)
        mid_w = w - 2 * m - left_w - right_w - 2 * gap
        moves_h = min(max(self._moves_height(left_w), px(150)), int(body_h * 0.56))
        take_h = px(212)
        mid_x = m + left_w + gap
        right_x = mid_x + mid_w + gap
        return {
            "top": pygame.Rect(0, 0, w, top_h),
            "timeline": timeline,
            "moves": pygame.Rect(m, top, left_w, moves_h),
            "news": pygame.Rect(m, top + moves_h + gap, left_w, body_h - moves_h - gap),
            "chart": pygame.Rect(mid_x, top, mid_w, body_h),
            "changed": pygame.Rect(right_x, top, right_w, body_h - take_h - gap),
            "take": pygame.Rect(right_x, top + body_h - take_h, right_w, take_h),
        }

    def _moves_height(self, width: int) -> int:
        """Tall enough for both sides' moves and reasons in the busiest week (so stepping never moves a panel)."""
        inner = width - px(40)
        most = 0
        for report in self.replay.game.reports:
            need = px(40)
            for side in (0, 1):
                text = moves_text(self.replay.game, report, side, self.replay.viewer) or "-"
                need += px(26) + text_height(text, font(14), inner, 1.25)
                why = reasons_text(report, side, self.replay.viewer)
                need += text_height(why, font(13, "italic"), inner, 1.2) if why else 0
                need += px(12)
            most = max(most, need)
        return most

    def build(self) -> None:
        self.rects = r = self.layout()
        top = r["top"]
        x = top.right - px(M)
        for text, action, tip, width in (
            ("Back", self.back, "Leave the replay (Esc)", px(80)),
            ("Help", self.app.open_help, "Shortcuts (F1)", px(80)),
        ):
            x -= width
            self.button(pygame.Rect(x, px(10), width, px(36)), text, action, tip, "#flat")
            x -= px(8)
        label = "Pause (Space)" if self.autoplay else "Play ▶ (Space)"
        self.button(
            pygame.Rect(x - px(150), px(10), px(150), px(36)),
            label,
            self.toggle_autoplay,
            "Step through the weeks by themselves",
            "#toggle_on" if self.autoplay else None,
        )
        line = r["timeline"]
        self.back_button = self.button(
            pygame.Rect(line.x + px(8), line.y + px(18), px(NAV_W - 8), px(38)),
            "← Back",
            self.step_back,
            "A week back (←)",
        )
        self.next_button = self.button(
            pygame.Rect(line.right - px(NAV_W), line.y + px(18), px(NAV_W - 8), px(38)),
            "Next →",
            self.step_on,
            "A week on (→)",
        )
        self.news_box = self.textbox(self._below_heading(r["news"]), news_html(self.replay))
        self.changed_box = self.textbox(self._below_heading(r["changed"]), changed_html(self.replay))
        self._take_widgets(r["take"])
        self._sync_buttons()
        self.static = None

    def refresh(self) -> None:
        """Show the week the replay is at without laying the screen out again.

        Filling the two text boxes is the slow part (pygame_gui lays the text out
        again), so while the person steps quickly (a held arrow key) they are filled
        once the stepping pauses; everything drawn by hand follows at once.
        """
        if self.quiet >= TEXT_PAUSE * 2.5:
            self._fill_text()
        else:
            self.text_pending = True
        self.quiet = 0.0
        self._sync_buttons()
        self.static = None

    def _fill_text(self) -> None:
        self.news_box.set_text(news_html(self.replay))
        self.changed_box.set_text(changed_html(self.replay))
        self.text_pending = False

    def _sync_buttons(self) -> None:
        """Enable what can be done at this week: stepping either way, and taking over."""
        for button, ok in ((self.back_button, self.replay.position > 0), (self.next_button, not self.replay.at_end)):
            button.enable() if ok else button.disable()
        problem = self.can_take_over()
        for button, tip in zip(self.take_buttons, self.take_tips):
            button.set_tooltip(problem or tip)
            button.disable() if problem else button.enable()

    @staticmethod
    def _below_heading(rect: pygame.Rect) -> pygame.Rect:
        return pygame.Rect(rect.x, rect.y + px(28), rect.width, rect.height - px(28))

    def can_take_over(self) -> str:
        """Why the week shown cannot be taken over ('' if it can)."""
        if self.replay.at_end and self.replay.game.is_over:
            return "The game is over here: step back a week or more to take over."
        return ""

    def _take_widgets(self, rect: pygame.Rect) -> None:
        sc = self.sc
        y = rect.y + px(70)
        self.take_buttons, self.take_tips = [], []
        choices = [
            ((sc.sides[s],), f"Play as {sc.side_texts[s]['leader']} ({sc.side_texts[s]['short']})") for s in (0, 1)
        ]
        choices.append((tuple(sc.sides), "Both sides: hot-seat"))
        for sides, text in choices:
            tip = (
                "Two people at one screen take both sides from here"
                if len(sides) == 2
                else "You play this side from here; the computer plays the other"
            )
            oid = "#primary" if sides == (sc.sides[0],) else None
            action = lambda sides=sides: self.take_over(sides)
            button = self.button(pygame.Rect(rect.x + px(12), y, rect.width - px(24), px(38)), text, action, tip, oid)
            self.take_buttons.append(button)
            self.take_tips.append(tip)
            y += px(44)

    # -- moving around ----------------------------------------------------------------
    def jump(self, position: int) -> None:
        """Show a position (0: the start; k: after week k)."""
        if self.replay.jump(position):
            self.refresh()

    def step_on(self):
        self.jump(self.replay.position + 1)

    def step_back(self):
        self.jump(self.replay.position - 1)

    def toggle_autoplay(self):
        """Play the weeks one after another (from the start if at the end)."""
        self.autoplay = not self.autoplay
        self.since = 0.0
        if self.autoplay and self.replay.at_end:
            self.replay.jump(0)
        self.rebuild()

    def update(self, dt):
        self.quiet += dt
        if self.text_pending and self.quiet >= TEXT_PAUSE:
            self._fill_text()
        if not self.autoplay:
            return None
        self.since += dt
        if self.since >= self.app.settings.watch_pace:
            self.since = 0.0
            if self.replay.at_end:
                self.autoplay = False
                self.rebuild()
            else:
                self.step_on()
        return None

    def take_over(self, sides: tuple[str, ...]):
        """A new game from the week shown with a person on these sides, on the normal board."""
        if self.can_take_over():
            return None
        try:
            recorder = self.replay.take_over(sides)
        except (RecordError, ValueError, KeyError) as err:
            self.app.show_error("Cannot take over here", [str(err)])
            return None
        session = saves.session_for(recorder)
        session.autosave_problem = saves.autosave(session)
        return play_session(self.app, session)

    def back(self):
        from .menus import TitleScreen

        return self.back_to or TitleScreen(self.app)

    # -- events -----------------------------------------------------------------------
    def handle(self, event):
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = next((p for r, p in self.week_rects if r.collidepoint(event.pos)), None)
            if hit is not None:
                self.jump(hit)
                return None
        return super().handle(event)

    def key(self, event):
        k = event.key
        if k == pygame.K_RIGHT:
            return self.step_on()
        if k == pygame.K_LEFT:
            return self.step_back()
        if k == pygame.K_HOME:
            return self.jump(0)
        if k == pygame.K_END:
            return self.jump(self.replay.length)
        if k == pygame.K_SPACE:
            return self.toggle_autoplay()
        return None

    # -- drawing ----------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        if self.static is None or self.static.get_size() != self.size:
            self.static = pygame.Surface(self.size)
            self.tips = []
            self._draw_static(self.static)
        surface.blit(self.static, (0, 0))

    def _draw_static(self, s: pygame.Surface) -> None:
        s.fill(C["bg"])
        r = self.rects
        self._draw_top(s, r["top"])
        self._draw_timeline(s, r["timeline"])
        self._draw_moves(s, r["moves"])
        heading = "Headlines and news" if is_history(self.replay) else "News"
        draw_text(s, heading, font(15, "semibold"), C["text"], (r["news"].x + px(4), r["news"].y + px(4)))
        draw_text(
            s,
            "What changed, and why",
            font(15, "semibold"),
            C["text"],
            (r["changed"].x + px(4), r["changed"].y + px(4)),
        )
        self._draw_chart(s, r["chart"])
        self._draw_take(s, r["take"])

    def _draw_top(self, s, rect) -> None:
        replay, sc = self.replay, self.sc
        pygame.draw.rect(s, C["panel"], rect)
        pygame.draw.line(s, C["border"], rect.bottomleft, rect.bottomright)
        x = px(M + 4)
        if replay.position:
            week = f"Week {replay.position} of {replay.length}"
            date = f"{replay.report.date:%a %d %b %Y}"
        else:
            week, date = "The start", f"Begins {sc.date_of_turn(1):%a %d %b %Y}"
        r1 = draw_text(s, week, font(20, "bold"), C["text"], (x, px(8)), px(220))
        r2 = draw_text(s, date, font(13), C["dim"], (x, px(33)), px(220))
        x = max(r1.right, r2.right, x + px(150)) + px(24)
        kind = "The real history" if is_history(replay) else "Replay"
        who = " vs ".join(f"{sc.side_texts[s_]['leader']} ({seat_text(replay, s_)})" for s_ in (0, 1))
        limit = rect.right - x - px(3 * 88 + 170)
        r3 = draw_text(s, f"{kind} · {sc.title}", font(15, "semibold"), C["accent"], (x, px(10)), limit)
        draw_text(s, who, font(13), C["dim"], (x, px(33)), limit)
        origin = replay.record.settings.origin
        note = f"Seed {replay.record.seed}: the world's dice, so every replay is the same game."
        if origin is not None:
            source = "the real history" if origin.kind == "history" else (origin.file or "a recorded game")
            note += f"<br>Taken over from {html.escape(source)} after week {origin.turn}."
        self.tip(r3, note)

    def _draw_timeline(self, s, rect) -> None:
        replay, sc = self.replay, self.sc
        panel(s, rect)
        n = replay.length + 1
        track = pygame.Rect(rect.x + px(NAV_W + 16), rect.y, rect.width - px(2 * NAV_W + 32), rect.height)
        cell = track.width / n
        cy = rect.y + px(38)
        self.week_rects = []
        real_weeks = {step.turn for step in sc.history} if is_history(replay) else set()
        origin = replay.record.settings.origin
        label_font, date_font = font(12, "semibold"), font(11)
        every = max(1, int(px(52) // max(cell, 1)) + 1)
        x_of = [int(track.x + cell * (p + 0.5)) for p in range(n)]
        pygame.draw.line(s, C["border"], (x_of[0], cy), (x_of[-1], cy), px(3))
        pygame.draw.line(s, C["accent"], (x_of[0], cy), (x_of[replay.position], cy), px(3))
        for p in range(n):
            x = x_of[p]
            hit = pygame.Rect(int(track.x + cell * p), rect.y + px(4), max(int(cell), 1), rect.height - px(8))
            current = p == replay.position
            if current:
                pygame.draw.rect(s, mix(C["panel"], C["accent"], 0.14), hit, border_radius=6)
            done = p <= replay.position
            radius = px(7 if current else 4)
            pygame.draw.circle(s, C["accent"] if done else C["border"], (x, cy), radius)
            if current:
                pygame.draw.circle(s, C["text"], (x, cy), radius, 2)
            if p in real_weeks:
                pygame.draw.circle(s, C["dim"], (x, cy - px(13)), px(2))
            if origin is not None and p == origin.turn and p > 0:
                pygame.draw.line(s, C["good"], (x + cell / 2, rect.y + px(10)), (x + cell / 2, rect.bottom - px(10)), 2)
            if current or p % every == 0 or p == n - 1:
                text = "Start" if p == 0 else str(p)
                color = C["text"] if current else C["dim"]
                draw_text(s, text, label_font, color, (x, rect.y + px(6)), align="center")
                if p and (cell >= px(40) or current):
                    day = sc.date_of_turn(p)
                    draw_text(s, f"{day:%b} {day.day}", date_font, C["faint"], (x, cy + 12), align="center")
            self.week_rects.append((hit, p))
            self.tip(hit, week_tip(replay, p))

    def _draw_moves(self, s, rect) -> None:
        replay, sc = self.replay, self.sc
        panel(s, rect)
        report = replay.report
        if report is None:
            draw_text(s, "The starting position", font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)))
            text = (
                f"Week 1 begins {sc.date_of_turn(1):%A %d %B %Y}. Step forward (→ or Next) to see each week's "
                "moves, or click a week on the timeline. You can take over either side at any week."
            )
            draw_paragraphs(s, text, font(14), C["dim"], rect.inflate(-px(24), -px(48)).move(0, px(12)), 1.25)
            return
        draw_text(
            s, f"Week {report.turn}: the moves", font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8))
        )
        y = rect.y + px(36)
        inner = rect.width - px(40)
        for side in (0, 1):
            color = side_color(sc, side)
            t = sc.side_texts[side]
            top = y
            r = draw_text(s, t["leader"], font(14, "bold"), color, (rect.x + px(24), y), inner)
            draw_text(
                s,
                f"  {seat_text(replay, side)}",
                font(12),
                C["faint"],
                (r.right, y + px(2)),
                rect.right - r.right - px(12),
            )
            y += px(24)
            box = pygame.Rect(rect.x + px(24), y, inner, max(rect.bottom - px(8) - y, 0))
            moves = moves_text(replay.game, report, side, replay.viewer)
            y += draw_paragraphs(s, moves, font(14), C["text"], box, 1.25)
            why = reasons_text(report, side, replay.viewer)
            if why:
                box = pygame.Rect(rect.x + px(24), y, inner, max(rect.bottom - px(8) - y, 0))
                y += draw_paragraphs(s, why, font(13, "italic"), C["dim"], box, 1.2)
            pygame.draw.rect(s, color, (rect.x + px(12), top + px(2), px(4), max(y - top - px(4), 10)), border_radius=2)
            y += px(12)

    def _draw_chart(self, s, rect) -> None:
        replay, sc = self.replay, self.sc
        panel(s, rect)
        upto = "the start" if replay.position == 0 else f"week {replay.position}"
        title = "Meters at the start" if replay.position == 0 else f"Meters from the start to {upto}"
        draw_text(s, title, font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)), rect.width - px(24))
        note = "Both sides' true numbers; the dashed line marks the week shown."
        if replay.viewer != EVERYONE:
            whose = "their numbers are your estimates" if is_side(replay.viewer) else "noisy numbers estimated"
            note = f"The game goes on: {whose}; the dashed line marks the week shown."
        draw_text(s, note, font(12), C["dim"], (rect.x + px(12), rect.bottom - px(20)), rect.width - px(24))
        area = pygame.Rect(rect.x + px(6), rect.y + px(32), rect.width - px(12), rect.height - px(56))
        panels = replay_panels(replay)
        labels = week_labels(sc, replay.length + 1)
        rects = draw_grid(s, area, labels, panels, columns=2 if area.width < 700 else None, marker=replay.position)
        for pr, p in zip(rects, panels):
            last = ", ".join(f"{x.label} {x.values[-1]:.1f}" for x in p.series)
            self.tip(pr, f"<b>{html.escape(p.title)}</b> at {upto}<br>{html.escape(last)}")

    def _draw_take(self, s, rect) -> None:
        replay, sc = self.replay, self.sc
        panel(s, rect)
        if self.can_take_over():
            heading = "The end"
        else:
            heading = "Take over at the start" if replay.position == 0 else f"Take over after week {replay.position}"
        draw_text(s, heading, font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)), rect.width - px(24))
        if self.can_take_over():
            ending = replay.game.ending
            scores = replay.game.scores()
            text = (
                f"The end: {ending.title if ending else 'game over'}. "
                + ", ".join(f"{sc.side_texts[i]['leader']} {scores[i]:.0f}" for i in (0, 1))
                + ". Step back to take over earlier."
            )
            color = C["warn"]
        elif replay.position == 0:
            text = "A new game from week 1, with this record's seed."
            color = C["dim"]
        else:
            text = f"A new game from here: weeks 1–{replay.position} stay as they were, then you play."
            color = C["dim"]
        draw_paragraphs(
            s, text, font(12), color, pygame.Rect(rect.x + px(12), rect.y + px(32), rect.width - px(24), px(34)), 1.15
        )


# -- replaying history -------------------------------------------------------------------
def history_viewer(app, sc: CompiledScenario, back_to: Screen | None = None) -> Screen | None:
    """The viewer on a scenario's real history (an error shown, and None, if it cannot be replayed)."""
    try:
        replay = Replay.of(history_record(sc), f"{sc.id} history", scenario=sc)
    except (HistoryError, RecordError, ValueError) as err:
        app.show_error("Cannot replay this history", [str(err)])
        return None
    return ReplayScreen(app, replay, back_to=back_to)


def histories() -> list[CompiledScenario]:
    """Scenarios (bundled and the user's) that carry their real history, the flagship first."""
    found = [e.scenario for e in catalog() if e.ok and e.scenario.history]
    return sorted(found, key=lambda sc: (sc.id != DEFAULT_SCENARIO, sc.title))


def choose_history(app) -> Screen | None:
    """Replay history: straight to the viewer if one scenario has history, else ask which."""
    found = histories()
    if not found:
        app.show_error("No history to replay", ["None of the installed scenarios carries its real history."])
        return None
    if len(found) == 1:
        return history_viewer(app, found[0])
    app.open_modal(HistoryPicker(app, found))
    return None


class HistoryPicker(Modal):
    """Which scenario's real history to relive."""

    heading = "Replay history"
    width = 620

    def __init__(self, app, scenarios: list[CompiledScenario]):
        super().__init__(app)
        self.scenarios = scenarios
        self.height = 150 + 58 * len(scenarios)

    def fill(self, area: pygame.Rect) -> None:
        self.label(
            pygame.Rect(area.x, area.y, area.width, px(24)),
            "Relive what really happened, week by week; take over at any week.",
            "#dim",
            container=self.dialog,
        )
        y = area.y + px(34)
        for i, sc in enumerate(self.scenarios):
            start = sc.date_of_turn(1)
            text = f"{sc.title}  ·  {sc.model.turns} weeks from {start:%b %Y}"
            self.button(
                pygame.Rect(area.x, y, area.width, px(46)),
                text,
                (lambda sc=sc: self.pick(sc)),
                html.escape(sc.model.summary or sc.title),
                "#primary" if i == 0 else None,
                container=self.dialog,
            )
            y += px(54)
        self.button(
            pygame.Rect(area.right - px(130), area.bottom - px(40), px(130), px(38)),
            "Cancel",
            self.close,
            container=self.dialog,
        )

    def pick(self, sc: CompiledScenario):
        return history_viewer(self.app, sc)

    def key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.pick(self.scenarios[0])
        return None
