"""The board's situation panel: shared meters, the escalation ladder, the deal in force and the standing now."""

from __future__ import annotations

import html

import numpy as np
import pygame

from ....engine.scoring import scores
from ....engine.viewing import value_kind
from ...theme import C, draw_text, first_fit, font, panel, px
from ...widgets import ROW_H, ladder, meter_row
from .base import BoardPart


class SituationPanel(BoardPart):
    """What both sides share: the shared meters, the ladder, the deal in force, and the score standing."""

    def draw(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw the panel: the shared meters, the escalation ladder, the deal and the standing."""
        sc = self.sc
        view = self.session.view(self.eyes)
        panel(s, rect)
        draw_text(s, "Situation", font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)))
        y = rect.y + px(34)
        shared = [v for v in sc.shared_variables() if v.shown and v.kind != "flag"]
        ladder_var = sc.model.ladder.variable if sc.model.ladder else None
        rows = [v for v in shared if v.name != ladder_var and v.name != "truce_weeks"]
        deal_h, row_h = px(52), px(ROW_H)
        if ladder_var:
            lad_h = rect.bottom - y - len(rows) * row_h - deal_h - px(8)
            lad = pygame.Rect(rect.x + px(12), y, rect.width - px(24), max(lad_h, px(80)))
            self.tip(lad, ladder(s, lad, sc, view[sc.row(ladder_var)]))
            y = lad.bottom + px(6)
        for var in rows:
            row = pygame.Rect(rect.x + px(12), y, rect.width - px(24), row_h)
            self.tip(row, meter_row(s, row, sc, var, view[var.index], "exact", C["accent"]))
            y += row_h
        self.draw_deal(s, pygame.Rect(rect.x + px(12), y + px(2), rect.width - px(24), deal_h - px(4)), view)

    def draw_deal(self, s: pygame.Surface, rect: pygame.Rect, view: np.ndarray) -> None:
        """The deal in force (or none) and both leaders' standing now."""
        sc, d = self.sc, self.sc.deal
        if view[d.active]:
            text = f"Deal in force: {self.session.game.describe_deal()}"
            weeks = view[d.weeks_left]
            left = f"{weeks:.0f} weeks left to carry it out"
            comp = []
            for side in (0, 1):
                v = view[d.compliance[side]]
                mark = "~" if value_kind(sc.variables[d.compliance[side]], self.eyes) == "estimate" else ""
                comp.append(f"{sc.side_texts[side]['short']} {mark}{100 * v:.0f}%")
            line2 = f"{left}; done: " + ", ".join(comp)
            shown = first_fit(
                (text, f"Deal in force: {weeks:.0f} weeks to carry it out (hover for its terms)", "Deal in force"),
                font(13, "semibold"),
                rect.width,
            )
            done = first_fit(
                (line2, f"{weeks:.0f} weeks left; done: " + ", ".join(comp), "Done: " + ", ".join(comp)),
                font(12),
                rect.width,
            )
            draw_text(s, shown, font(13, "semibold"), C["good"], rect.topleft, rect.width)
            draw_text(s, done, font(12), C["dim"], (rect.x, rect.y + px(18)), rect.width)
            self.tip(
                rect,
                f"<b>{html.escape(text)}</b><br>{html.escape(line2)}<br>Committed levers move a notch a week; "
                "compliance is the share carried out (the other side's only roughly known).",
            )
        else:
            draw_text(s, "No deal in force", font(13), C["faint"], rect.topleft, rect.width)
        stand = scores(sc, view[:, None])[0]
        if self.viewer is not None:
            me, them = stand[self.viewer], stand[1 - self.viewer]
            text = f"Standing now: you {me:.0f} · them ~{them:.0f} (of 100)"
            tip = "Theirs is your estimate from what you can see."
            text = first_fit((text, f"Standing: you {me:.0f} · them ~{them:.0f}"), font(12), rect.width)
        else:
            text = " · ".join(f"{sc.side_texts[i]['short']} ~{stand[i]:.0f}" for i in (0, 1)) + " (score now)"
            tip = "Both are estimates from what the public can see."
        r = draw_text(s, text, font(12), C["dim"], (rect.x, rect.y + px(34)), rect.width)
        self.tip(r, f"Scores weigh each leader's objectives (0-100). {tip}")
