"""The board's right column: the moves heading (or, when watching, the computer leaders) and this week's orders."""

from __future__ import annotations

import numpy as np
import pygame

from ....engine.viewing import PUBLIC, reasons_for
from ....orders_draft import cost_text
from ....scenario.compiled import CompiledScenario, MoveInfo
from ...theme import C, draw_paragraphs, draw_text, first_fit, font, panel, px, side_color, text_height
from ...widgets import spinner
from .base import SCROLLBAR, BoardPart
from .offer import offer_text


def next_notch_text(sc: CompiledScenario, move: MoveInfo, view: np.ndarray) -> str:
    """' → 54%' for a lever move: where the lever would go."""
    if move.lever < 0:
        return ""
    lever = sc.levers[move.lever]
    var = sc.variables[lever.var]
    values = lever.values
    i = int(np.argmin(np.abs(values - view[lever.var])))
    j = min(max(i + (1 if move.kind == "up" else -1), 0), len(values) - 1)
    name = lever.notch_names[j] if lever.notch_names else var.show(values[j])
    return f" → {name}"


class MovesPanel(BoardPart):
    """The move cards' wording and the heading over them (points left), or the computer leaders when watching."""

    def cards_need(self) -> int:
        """Width of the moves column that fits the longest card with its key and cost (the next setting may go)."""
        if self.viewer is None:
            return 0
        fnt = font(15)
        widest = 0
        for move in self.sc.moves[self.viewer]:
            cost = cost_text(move)
            key = f"[{self.board.keys[move.id]}] " if move.id in self.board.keys else ""
            label = f"{move.label}…" if move.kind == "propose" else move.label
            widest = max(widest, fnt.size(f"✓ {key}{label} · {cost}")[0])
        return widest + px(20) + max(px(14), SCROLLBAR + px(4)) + 2

    def card_state(self, move: MoveInfo, view: np.ndarray, width: int) -> tuple[str, bool, bool]:
        """A card's text (with its key), whether it is chosen, and whether it can be added now."""
        sc = self.sc
        chosen = self.draft.chosen(move.id)
        cost = cost_text(move)
        key = f"[{self.board.keys[move.id]}] " if move.id in self.board.keys else ""
        if move.kind == "propose":
            label = "Proposal ready: edit" if chosen else f"{move.label}…"
            return self.card_text(f"{'✓ ' if chosen else ''}{key}{label}", "", f" · {cost}", width), chosen, True
        text = self.card_text(
            f"{'✓ ' if chosen else ''}{key}{move.label}", next_notch_text(sc, move, view), f" · {cost}", width
        )
        return text, chosen, self.draft.can_add(move.id)

    def card_text(self, label: str, arrow: str, cost: str, width: int) -> str:
        """The card's wording that fits: with the next setting, without it, then without the key (never the cost)."""
        plain = label.replace("✓ ", "")
        key = plain[: plain.index("] ") + 2] if plain.startswith("[") and "] " in plain else ""
        unkeyed = label.replace(key, "", 1) if key else label
        return first_fit((label + arrow + cost, label + cost, unkeyed + cost), font(15), width - px(20))

    def draw_header(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """The moves column's heading: the points left this week, as dots."""
        sc = self.sc
        panel(s, rect)
        left = self.draft.points_left
        draw_text(s, "Your moves", font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)))
        pts = f"{left} of {sc.model.budget} points left"
        r = draw_text(
            s,
            pts,
            font(13, "semibold"),
            C["accent"] if left else C["dim"],
            (rect.right - px(12), rect.y + px(10)),
            align="right",
        )
        for k in range(sc.model.budget):
            pygame.draw.circle(s, C["accent"] if k < left else C["border"], (r.x - px(12 + 14 * k), r.centery), px(5))
        self.tip(r, f"Each week you have {sc.model.budget} move points; each card shows its cost.")

    def draw_watch(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """When watching, the moves column names the computer leaders and their reasons last week."""
        panel(s, rect)
        draw_text(s, "Computer leaders", font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)))
        y = rect.y + px(36)
        for side in (0, 1):
            t = self.sc.side_texts[side]
            name = self.session.leader_label(side)
            draw_text(
                s,
                f"{t['leader']}: {name}",
                font(13),
                side_color(self.sc, side),
                (rect.x + px(12), y),
                rect.width - px(24),
            )
            y += px(22)
        y = rect.y + px(84 + 2 * 44 + 8)
        last = self.session.game.reports[-1] if self.session.game.reports else None
        if last is None:
            return
        draw_text(
            s, "Their reasons last week", font(13, "semibold"), C["dim"], (rect.x + px(12), y), rect.width - px(24)
        )
        y += px(22)
        for side in (0, 1):
            why = " ".join(reasons_for(last.reasons[side], side, PUBLIC)[:2]) or "—"
            text = f"{self.sc.side_texts[side]['short']}: {why}"
            box = pygame.Rect(rect.x + px(12), y, rect.width - px(24), max((rect.bottom - px(8) - y) // (2 - side), 0))
            y += draw_paragraphs(s, text, font(12), C["dim"], box, 1.2) + 6


class OrdersPanel(BoardPart):
    """This week's orders in words, and who the week waits for once they are sent."""

    def draw(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """This week's orders in words, or why the last change was refused."""
        panel(s, rect)
        if self.watching:
            if not self.board.waiting:
                draw_text(s, "Watching", font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)))
            return
        if not self.board.waiting:  # while waiting, the live layer says who is thinking here
            draw_text(s, "This week's orders", font(14, "semibold"), C["text"], (rect.x + px(12), rect.y + px(10)))
        box = pygame.Rect(rect.x + px(12), rect.y + px(32), rect.width - px(24), rect.height - px(32 + 52))
        text = self.board.message or self.orders_text(box)
        draw_paragraphs(s, text, font(12), C["bad"] if self.board.message else C["dim"], box, 1.2)

    def orders_text(self, box: pygame.Rect) -> str:
        """This week's orders in words; a proposal too long for the box is named in short."""
        sc = self.sc
        moves = [sc.move_by_id(self.viewer, m) for m in self.draft.moves]
        labels = [m.label for m in moves if m.kind != "propose"]
        if self.draft.offer is None:
            return "; ".join(labels) or (
                "No move this week." if self.board.waiting else "Nothing yet: click move cards."
            )
        terms = len(self.draft.offer.terms) + len(self.draft.offer.clauses)
        text = ""
        for deal in (f"propose: {offer_text(sc, self.draft.offer)}", f"propose a deal of {terms} terms (N shows it)"):
            text = "; ".join([*labels, deal])
            if text_height(text, font(12), box.width, 1.2) <= box.height:
                break
        return text

    def draw_waiting(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """A turning spinner and who the week waits for, over the orders panel's title."""
        spinner(surface, (rect.x + px(22), rect.y + px(20)), self.board.clock)
        text = self.waiting_text()
        draw_text(
            surface, text, font(14, "semibold"), C["accent"], (rect.x + px(40), rect.y + px(10)), rect.width - px(52)
        )

    def waiting_text(self) -> str:
        """Who the week waits for: '… is thinking…', or 'Playing the week…' when everyone has decided."""
        sides = self.session.thinking()
        if len(sides) == 2:
            return "Both leaders are thinking…"
        if sides:
            return f"{self.sc.side_texts[sides[0]]['leader']} is thinking…"
        return "Playing the week…"
