"""The turn reveal: both sides' moves shown together, the week's events, and what changed and why."""

from __future__ import annotations

import html

import pygame

from ...engine.game import TurnReport
from ...engine.viewing import (
    LEADERS,
    PUBLIC,
    Viewer,
    causes_for,
    reasons_for,
    sees_change,
    sees_move,
    sees_news,
)
from ...scenario.compiled import CompiledScenario
from ..theme import C, draw_paragraphs, draw_text, font, html_size, panel, px, side_color, text_height
from .base import InGame, Screen


def reveal_viewer(session) -> Viewer:
    """Whose eyes the reveal uses: the person's side, both leaders in hot-seat, the public when watching."""
    humans = [s for s in (0, 1) if session.is_human(s)]
    if len(humans) == 1:
        return humans[0]
    return LEADERS if humans else PUBLIC


def changes_html(sc: CompiledScenario, report: TurnReport, viewer: Viewer, limit: int = 14) -> str:
    """What went up, what went down, and the top causes, as HTML (only numbers the viewer knows exactly)."""
    lines = []
    for change in [c for c in report.changes if sees_change(sc, c.row, viewer)][:limit]:
        var = sc.variables[change.row]
        up = change.after > change.before
        delta = change.after - change.before
        if abs(delta) < 0.05:
            continue
        arrow = "<font color='#4cb782'>▲</font>" if up else "<font color='#e0605a'>▼</font>"
        owner = f"{sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
        causes = "; ".join(f"{html.escape(c)} {a:+.1f}" for c, a in causes_for(sc, change.causes, viewer)[:3])
        lines.append(
            f"{arrow} <b>{html.escape(owner + var.label)}</b> {html.escape(var.show(change.before))} → "
            f"{html.escape(var.show(change.after))} <font color='#9aa9b8'>({delta:+.1f})</font>"
            + (f"<br><font color='#9aa9b8' {html_size(11)}>   {causes}</font>" if causes else "")
        )
    return "<br>".join(lines) or "<font color='#5f6f80'>Nothing you can see changed.</font>"


class RevealScreen(InGame, Screen):
    """After each week: moves, events, changes, and the computer's reasons."""

    shortcuts = (("Enter / Space", "continue"), ("Esc", "the pause menu (the reveal stays)"))

    def __init__(self, app, report: TurnReport):
        super().__init__(app)
        self.report = report
        self.session = app.session
        self.viewer = reveal_viewer(self.session)
        self.wait = 0.0

    def build(self) -> None:
        w, h = self.size
        sc, rep = self.session.sc, self.report
        top = px(76) + self._moves_height()
        m = px(24)
        col = (w - 3 * m) // 2
        items = [n for n in rep.news if sees_news(sc, n, self.viewer)]
        news = (
            "<br>".join(
                f"<font color='#9aa9b8' {html_size(11)}>{n.date:%a %d %b}</font>  {html.escape(n.text)}" for n in items
            )
            or "<font color='#5f6f80'>A quiet week.</font>"
        )
        box_top, box_h = top + px(28), h - top - px(28 + 84)
        self.label(pygame.Rect(m, top, col, px(26)), "What happened", "#dim")
        self.textbox(pygame.Rect(m, box_top, col, box_h), news)
        self.label(pygame.Rect(2 * m + col, top, col, px(26)), "What changed, and why", "#dim")
        self.textbox(pygame.Rect(2 * m + col, box_top, col, box_h), changes_html(sc, rep, self.viewer))
        if self.session.autosave_problem:
            self.label(pygame.Rect(m, h - px(56), w - px(340), px(30)), self.session.autosave_problem, "#dim")
        text = "See how it ended →" if self.session.game.is_over else "Continue ⏎"
        self.button(pygame.Rect(w - px(24 + 260), h - px(62), px(260), px(44)), text, self.proceed, oid="#primary")

    def _moves_height(self) -> int:
        """Tall enough for the longer side's moves and reasons, within limits."""
        w, h = self.size
        col = (w - px(3 * 24)) // 2 - px(32)
        need = max(
            text_height(self._moves_text(side), font(14), col, 1.25)
            + text_height(self._why(side), font(13, "italic"), col, 1.2)
            for side in (0, 1)
        )
        return int(min(max(need + px(56), px(110)), h * 0.34))

    def _moves_text(self, side: int) -> str:
        """The moves of one side that the viewer may see, in words."""
        sc, rep = self.session.sc, self.report
        moves = [m for m in rep.moves[side] if sees_move(m, self.viewer)]
        text = " · ".join(m.label for m in moves) or "No moves"
        if rep.offers[side] is not None and any(m.kind == "propose" for m in moves):
            from .board import offer_text

            text += f". Proposed: {offer_text(sc, rep.offers[side])}"
        return text

    def _why(self, side: int) -> str:
        """The computer's reasons, as far as the viewer may read them."""
        reasons = reasons_for(self.report.reasons[side], side, self.viewer)[:3]
        return ("Why: " + " ".join(reasons)) if reasons else ""

    def draw(self, surface) -> None:
        surface.fill(C["bg"])
        w, _ = self.size
        sc, rep = self.session.sc, self.report
        draw_text(
            surface,
            f"Week {rep.turn} · {rep.date:%a %d %b %Y}: the moves",
            font(22, "bold"),
            C["text"],
            (px(24), px(22)),
            w - px(48),
        )
        m = px(24)
        col = (w - 3 * m) // 2
        height = self._moves_height()
        top = px(64)
        for side in (0, 1):
            x = m + side * (col + m)
            rect = pygame.Rect(x, top, col, height)
            panel(surface, rect)
            color = side_color(sc, side)
            pygame.draw.rect(
                surface, color, (x, top, px(5), height), border_top_left_radius=8, border_bottom_left_radius=8
            )
            t = sc.side_texts[side]
            draw_text(surface, t["leader"], font(16, "bold"), color, (x + px(16), top + px(10)), col - px(32))
            text = self._moves_text(side)
            body = pygame.Rect(x + px(16), top + px(36), col - px(32), height - px(44))
            used = draw_paragraphs(surface, text, font(14), C["text"], body, 1.25)
            why = self._why(side)
            if why:
                rest = pygame.Rect(x + px(16), top + px(40) + used, col - px(32), max(height - px(40 + 8) - used, 0))
                draw_paragraphs(surface, why, font(13, "italic"), C["dim"], rest, 1.2)

    def key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER):
            return self.proceed()
        return None

    def back(self):
        """Esc opens the pause menu, as on the board: only Enter or Continue plays on."""
        return None

    def update(self, dt):
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
