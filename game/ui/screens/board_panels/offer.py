"""The board's offer banner: the deal the other side has put on the table, above the moves."""

from __future__ import annotations

import html

import numpy as np
import pygame

from ....engine.game import Offer
from ....narration import describe_package
from ....scenario.compiled import CompiledScenario
from ...theme import C, draw_paragraphs, draw_text, font, panel, px, text_height, wrap_lines
from .base import TOP_H, BoardPart, M


def offer_text(sc: CompiledScenario, offer: Offer | None) -> str:
    """A package in words."""
    if offer is None:
        return "nothing"
    names = [sc.levers[i].name for i in sc.negotiable]
    targets = np.full(len(names), np.nan)
    for name, value in offer.terms:
        targets[names.index(name)] = value
    clauses = np.array([c.id in offer.clauses for c in sc.clauses], dtype=bool)
    deadline = f" (within {offer.deadline} weeks)" if offer.deadline else ""
    return describe_package(sc, targets, clauses) + deadline


class OfferBanner(BoardPart):
    """The incoming offer: its terms (the first ones and how many more, when long) and the time left to answer."""

    def height(self, width: int) -> int:
        """The offer banner: tall enough for its terms, up to two fifths of the column."""
        lines = text_height(self.summary(width - px(24), None), font(12), width - px(24), 1.2)
        return px(28 + 48) + lines

    def summary(self, width: int, room: int | None) -> str:
        """The incoming offer's terms in words; if they need more lines than fit, the first terms and how many more."""
        text = offer_text(self.sc, self.board.incoming())
        body_h = self.board.size[1] - px(TOP_H + 8 + M)
        room = int(body_h * 0.4) - px(28 + 48) if room is None else room
        step = int(font(12).get_linesize() * 1.2)
        if len(wrap_lines(text, font(12), width)) * step <= room:
            return text
        terms = text.split("; ")
        for keep in range(len(terms) - 1, 0, -1):
            short = "; ".join(terms[:keep]) + f"; and {len(terms) - keep} more (hover to read all)"
            if len(wrap_lines(short, font(12), width)) * step <= room:
                return short
        return f"{len(terms)} terms (hover to read them)"

    def draw(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the banner: who offers, how long it stays open, and its terms."""
        offer = self.board.incoming()
        panel(s, rect, "panel_hi")
        pygame.draw.rect(s, C["accent"], rect, 1, border_radius=8)
        other = 1 - self.viewer
        t = self.sc.side_texts[other]
        left = self.session.offer_weeks_left(self.viewer)
        draw_text(
            s,
            f"{t['leader']} offers a deal" + (f" · open {left} weeks" if left > 1 else " · answer this week"),
            font(14, "bold"),
            C["accent"],
            (rect.x + px(12), rect.y + px(8)),
            rect.width - px(24),
        )
        text = offer_text(self.sc, offer)
        draw_paragraphs(
            s,
            self.summary(rect.width - px(24), rect.height - px(28 + 48)),
            font(12),
            C["text"],
            pygame.Rect(rect.x + px(12), rect.y + px(28), rect.width - px(24), rect.height - px(28 + 48)),
            1.2,
        )
        self.tip(
            rect,
            f"<b>Their offer</b><br>{html.escape(text)}<br>Accept signs it this week; "
            "both sides' committed levers then move a notch a week.",
        )
