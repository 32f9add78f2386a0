"""The board's news panel: the feed the viewer may read, newest first (the board keeps its scrolling text box)."""

from __future__ import annotations

import html

import pygame

from ....engine.viewing import Viewer, news_for
from ...session import Session
from ...theme import C, draw_text, font, html_size, panel
from .base import BoardPart


def news_html(session: Session, viewer: Viewer, limit: int = 60) -> str:
    """The news feed the viewer may read, newest first, as HTML (private items marked)."""
    items = news_for(session.game, viewer)[-limit:][::-1]
    colors = {"event": "#e3b34c", "deal": "#4cb782", "ending": "#e0605a", "contest": "#f5d27f", "offer": "#9aa9b8"}
    lines = []
    for n in items:
        color = colors.get(n.kind, "#e6edf3")
        private = " <font color='#5f6f80'>(private)</font>" if n.audience != "public" else ""
        lines.append(
            f"<font color='#9aa9b8' {html_size(11)}>{n.date:%a %d %b}</font><br>"
            f"<font color='{color}'>{html.escape(n.text)}</font>{private}"
        )
    return "<br><br>".join(lines) if lines else "<font color='#5f6f80'>No news yet.</font>"


class NewsPanel(BoardPart):
    """The news panel's frame and heading (its text box is a widget the board builds over it)."""

    def draw(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the panel and its heading."""
        panel(s, rect)
        draw_text(s, "News", font(15, "semibold"), C["text"], (rect.x + 12, rect.y + 8))

    def text(self) -> str:
        """The feed as HTML for the board's text box."""
        return news_html(self.session, self.eyes)
