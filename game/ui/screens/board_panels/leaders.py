"""The board's leaders panel: each side's meters and levers, side by side (the other side's as estimates)."""

from __future__ import annotations

import pygame

from ....engine.viewing import value_kind
from ...theme import C, draw_text, first_fit, font, panel, px, side_color
from ...widgets import ROW_H, meter_row
from .base import BoardPart


class LeadersPanel(BoardPart):
    """Both leaders' meters and levers in two columns."""

    def side_rows(self, side: int) -> list:
        """A side's rows on the panel: its shown meters, then its shown levers."""
        sc = self.sc
        meters = [v for v in sc.side_variables(side, "variable") if v.shown and v.kind != "flag"]
        levers = [v for v in sc.side_variables(side, "lever") if v.shown]
        return meters + levers

    def draw(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """Draw both sides' columns, the viewer's first (the other side's noisy numbers as estimates)."""
        sc = self.sc
        panel(s, rect)
        view = self.session.view(self.eyes)
        cw = (rect.width - px(36)) // 2
        for i, side in enumerate((0, 1) if self.viewer in (None, 0) else (1, 0)):
            x = rect.x + px(12) + i * (cw + px(12))
            color = side_color(sc, side)
            t = sc.side_texts[side]
            pygame.draw.rect(s, color, (x, rect.y + px(10), px(4), px(30)), border_radius=2)
            r = draw_text(s, t["name"], font(15, "bold"), C["text"], (x + px(10), rect.y + px(8)), cw - px(10))
            tag = (
                "you"
                if side == self.viewer
                else ("computer" if not self.session.is_human(side) else "the other player")
            )
            if side != self.viewer:
                tag += " · estimates"
            who = first_fit(
                (f"{t['leader']} — {tag}", f"{t['leader']} — {tag.split(' · ')[0]}", t["leader"]), font(12), cw - px(10)
            )
            draw_text(s, who, font(12), C["dim"], (x + px(10), r.bottom + px(1)), cw - px(10))
            y = rect.y + px(48)
            meters = [v for v in sc.side_variables(side, "variable") if v.shown and v.kind != "flag"]
            levers = [v for v in sc.side_variables(side, "lever") if v.shown]
            for title, vars_ in (("Meters", meters), ("Levers", levers)):
                draw_text(s, title.upper(), font(11, "semibold"), C["faint"], (x, y + 2), cw)
                y += px(22)
                for var in vars_:
                    row = pygame.Rect(x, y, cw, px(ROW_H - 2))
                    kind = value_kind(var, self.eyes)
                    self.tip(row, meter_row(s, row, sc, var, view[var.index], kind, color))
                    y += px(ROW_H)
            if i == 0:
                pygame.draw.line(
                    s, C["border"], (x + cw + px(6), rect.y + px(12)), (x + cw + px(6), rect.bottom - px(12))
                )
