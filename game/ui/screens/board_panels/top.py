"""The board's top bar: the week and date, who is playing, and the truce pill."""

from __future__ import annotations

import html

import pygame

from ...theme import C, draw_text, font, mix, px, side_color
from .base import BoardPart, M


class TopBar(BoardPart):
    """Week, date, whose board, the scenario's title and (if the scenario has one) the truce countdown."""

    def draw(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the bar across the top of the board."""
        g, sc = self.session.game, self.sc
        pygame.draw.rect(s, C["panel"], rect)
        pygame.draw.line(s, C["border"], rect.bottomleft, rect.bottomright)
        week = f"Week {min(g.turn, g.horizon)} of {g.horizon}"
        date = f"{g.date:%a %d %b %Y}"
        x = px(M + 4)
        r1 = draw_text(s, week, font(20, "bold"), C["text"], (x, px(8)))
        draw_text(s, date, font(13), C["dim"], (x, px(33)))
        self.tip(
            r1.union(pygame.Rect(x, px(33), px(160), px(16))),
            f"<b>{week}</b><br>One turn is one week; the game runs to week {g.horizon} unless it ends sooner.",
        )
        x = max(r1.right, x + px(150)) + px(24)
        who = self.who_text()
        r2 = draw_text(
            s,
            who,
            font(15, "semibold"),
            side_color(sc, self.viewer) if self.viewer is not None else C["accent"],
            (x, px(10)),
            px(420),
        )
        draw_text(s, sc.title, font(13), C["dim"], (x, px(33)), px(420))
        self.tip(r2, f"Seed {g.seed} — the same seed and moves replay the same game.")
        if "truce_weeks" in sc.var_index:
            self._draw_truce(s, rect)

    def _draw_truce(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """The truce pill: weeks left, coloured by how close the lapse is."""
        sc = self.sc
        weeks = self.session.game.value("truce_weeks")
        pill = pygame.Rect(0, px(12), px(170), px(32))
        pill.right = rect.right - px(M + (330 if not self.watching else 180))
        color = C["bad"] if weeks <= 2 else (C["warn"] if weeks <= 4 else C["good"])
        pygame.draw.rect(s, mix(color, C["panel"], 0.75), pill, border_radius=pill.height // 2)
        pygame.draw.rect(s, color, pill, 1, border_radius=pill.height // 2)
        var = sc.variables[sc.row("truce_weeks")]
        text = f"Truce: {weeks:.0f} weeks left" if weeks > 0 else "Truce lapsed"
        draw_text(
            s, text, font(14, "semibold"), C["text"], (pill.centerx, pill.y + px(7)), pill.width - px(12), "center"
        )
        self.tip(pill, f"<b>{html.escape(var.label)}: {weeks:.0f}</b><br>{html.escape(' '.join(var.describe.split()))}")

    def who_text(self) -> str:
        """'You: leader · side', or who is watched."""
        sc = self.sc
        if self.viewer is None:
            return "Watching: " + " vs ".join(t["leader"] for t in sc.side_texts)
        t = sc.side_texts[self.viewer]
        return f"You: {t['leader']} · {t['name']}"
