"""The negotiation table: build a package (levers of both sides, clauses, deadline), weigh it, and propose it.

Ready-made packages fill the table in one click.  The outlook (how likely the
other side gains by signing, and what it does to both scores) comes from
rollouts on the engine in the forecast worker; the package goes to the engine as
an ``Offer`` with this week's 'propose' move.
"""

from __future__ import annotations

import html
import zlib

import numpy as np
import pygame

from ...engine.game import Offer, Order
from ..forecast import DealRequest
from ..theme import C, draw_paragraphs, draw_text, font, mix, panel, side_color
from ..widgets import estimate_kind, spinner, value_text
from .base import InGame, Screen

ROW = 46


class NegotiationScreen(InGame, Screen):
    """Steppers for every negotiable lever of both sides, clauses, deadline, packages, and the outlook."""

    shortcuts = (
        ("Enter", "add the proposal to this week's orders"),
        ("1-9", "fill a ready-made package"),
        ("Backspace", "empty the table"),
    )

    def __init__(self, app, board, start: Offer | None = None):
        super().__init__(app)
        self.board = board
        self.session = app.session
        self.side = board.viewer
        sc = self.session.sc
        self.terms: dict[str, float] = dict(start.terms) if start else {}
        self.clauses: set[str] = set(start.clauses) if start else set()
        self.deadline = int(start.deadline or sc.model.negotiation.deadline) if start else sc.model.negotiation.deadline
        self.clock = 0.0
        self.changed_at = 0.0
        self.message = ""

    @property
    def sc(self):
        return self.session.sc

    def offer(self) -> Offer:
        """The package on the table."""
        return Offer.of(self.terms, sorted(self.clauses), self.deadline)

    # -- layout ---------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        sc = self.sc
        left_w = int(w * 0.62)
        self.areas = {
            "levers": pygame.Rect(24, 64, left_w - 24, 0),
            "outlook": pygame.Rect(left_w + 16, 64, w - left_w - 40, h - 64 - 84),
        }
        col = (left_w - 24 - 12) // 2
        view = self.session.view(self.side)
        self.rows: list[tuple[pygame.Rect, int]] = []
        y_end = 64
        for i, side in enumerate(self._side_order()):
            x = 24 + i * (col + 12)
            y = 64 + 40
            for lever_i in sc.negotiable:
                lever = sc.levers[lever_i]
                if lever.side != side:
                    continue
                rect = pygame.Rect(x, y, col, ROW - 6)
                self.rows.append((rect, lever_i))
                bx = rect.right - 3 * 34 - 6
                self.button(
                    pygame.Rect(bx, y + 6, 30, 28),
                    "−",
                    (lambda li=lever_i: self.step(li, -1)),
                    "One notch lower",
                    "#small",
                )
                self.button(
                    pygame.Rect(bx + 34, y + 6, 30, 28),
                    "+",
                    (lambda li=lever_i: self.step(li, 1)),
                    "One notch higher",
                    "#small",
                )
                self.button(
                    pygame.Rect(bx + 68, y + 6, 30, 28),
                    "×",
                    (lambda li=lever_i: self.drop(li)),
                    "Leave this lever out of the package",
                    "#small",
                )
                y += ROW
            y_end = max(y_end, y)
        self.areas["levers"].height = y_end - 64
        y = y_end + 14
        self.clause_y = y
        x = 24
        for clause in sc.clauses:
            on = clause.id in self.clauses
            width = min(font(15).size(clause.label)[0] + 50, left_w - 24)
            if x + width > left_w:
                x, y = 24, y + 44
            self.button(
                pygame.Rect(x, y + 26, width, 36),
                ("✓ " if on else "") + clause.label,
                (lambda c=clause.id: self.toggle_clause(c)),
                html.escape(clause.describe),
                "#toggle_on" if on else None,
            )
            x += width + 8
        y += 26 + 50
        self.deadline_y = y
        self.button(
            pygame.Rect(24 + 200, y, 34, 32),
            "−",
            lambda: self.set_deadline(-1),
            "Fewer weeks to carry it out",
            "#small",
        )
        self.button(
            pygame.Rect(24 + 380, y, 34, 32), "+", lambda: self.set_deadline(1), "More weeks to carry it out", "#small"
        )
        y += 48
        self.packages_y = y
        x = 24
        for k, package in enumerate(sc.packages):
            width = min(font(15).size(package.label)[0] + 56, left_w - 24)
            if x + width > left_w:
                x, y = 24, y + 42
            self.button(
                pygame.Rect(x, y + 26, width, 36),
                f"{k + 1}. {package.label}",
                (lambda p=package: self.fill(p)),
                html.escape(" ".join(package.describe.split())),
            )
            x += width + 8
        self.button(pygame.Rect(24, h - 62, 130, 44), "Cancel", self.back)
        self.button(
            pygame.Rect(166, h - 62, 150, 44),
            "Empty table",
            self.empty,
            "Take every term off the table (Backspace)",
            "#flat",
        )
        if self.board.offer is not None:
            self.button(
                pygame.Rect(328, h - 62, 200, 44),
                "Withdraw proposal",
                self.withdraw,
                "Take the proposal out of this week's orders",
                "#danger",
            )
        self.send = self.button(
            pygame.Rect(w - 24 - 320, h - 62, 320, 44), "Propose this deal this week ⏎", self.propose, oid="#primary"
        )
        del view

    def _side_order(self) -> tuple[int, int]:
        return (self.side, 1 - self.side)

    # -- editing ----------------------------------------------------------------------
    def _touch(self) -> None:
        self.changed_at = self.clock
        self.message = ""
        self.rebuild()

    def step(self, lever_i: int, direction: int):
        sc = self.sc
        lever = sc.levers[lever_i]
        values = lever.values
        current = self.terms.get(lever.name)
        if current is None:
            now = self.session.view(self.side)[lever.var]
            i = int(np.argmin(np.abs(values - now)))
        else:
            i = int(np.argmin(np.abs(values - current)))
        j = int(np.clip(i + direction, 0, len(values) - 1))
        self.terms[lever.name] = float(values[j])
        self._touch()

    def drop(self, lever_i: int):
        self.terms.pop(self.sc.levers[lever_i].name, None)
        self._touch()

    def toggle_clause(self, clause_id: str):
        self.clauses ^= {clause_id}
        self._touch()

    def set_deadline(self, delta: int):
        self.deadline = int(np.clip(self.deadline + delta, 1, 52))
        self._touch()

    def fill(self, package):
        sc = self.sc
        self.terms = {
            sc.levers[sc.negotiable[j]].name: float(v) for j, v in enumerate(package.targets) if not np.isnan(v)
        }
        self.clauses = {c.id for c in sc.clauses if package.clauses[c.index]}
        self.deadline = int(package.deadline)
        self._touch()

    def empty(self):
        self.terms, self.clauses = {}, set()
        self._touch()

    def withdraw(self):
        self.board.set_proposal(None)
        self.board.rebuild()
        return self.board

    def propose(self):
        """Put the package into this week's orders and go back to the board."""
        if not self.terms and not self.clauses:
            self.message = "Put at least one term on the table."
            return None
        proposes = [m.id for m in self.session.proposal_moves(self.side)]
        if not proposes:
            self.message = "This scenario has no way to propose a deal."
            return None
        others = [m for m in self.board.selection if m not in proposes]
        problem = self.session.check(self.side, Order(tuple([*others, proposes[0]]), self.offer()))
        if problem:
            self.message = problem
            return None
        self.board.set_proposal(self.offer())
        self.board.rebuild()
        return self.board

    def back(self):
        return self.board

    def key(self, event):
        if event.key == pygame.K_RETURN:
            return self.propose()
        if event.key == pygame.K_BACKSPACE:
            return self.empty()
        if pygame.K_1 <= event.key <= pygame.K_9 and event.key - pygame.K_1 < len(self.sc.packages):
            return self.fill(self.sc.packages[event.key - pygame.K_1])
        return None

    # -- outlook ------------------------------------------------------------------------
    def outlook_key(self) -> tuple:
        g = self.session.game
        return ("deal", self.sc.source_hash, g.seed, g.turn, self.side, self.offer())

    def update(self, dt):
        self.clock += dt
        if (self.terms or self.clauses) and self.clock - self.changed_at >= 0.2:
            key = self.outlook_key()
            forecaster = self.app.forecaster
            if not forecaster.asked(key):
                request = self._request(key)
                if isinstance(request, Exception):
                    forecaster.results[key] = request
                else:
                    forecaster.request(key, self.sc, request)
        return None

    def _request(self, key) -> DealRequest | Exception:
        """The package for the forecast worker (or why it cannot be weighed)."""
        session, side, sc = self.session, self.side, self.sc
        proposes = [m.id for m in session.proposal_moves(side)]
        try:
            orders = session.game.orders_for(side, Order((proposes[0],), self.offer()))
        except Exception as err:
            return err
        seed = zlib.crc32(repr(key[2:5]).encode())
        runs = max(self.app.settings.forecast_runs // 2, 250)
        return DealRequest(session.game.observation(side), side, orders, tuple(sc.key_variables), seed, runs)

    # -- drawing --------------------------------------------------------------------------
    def _draw_deal_chart(self, surface, rect, result) -> None:
        from ..charts import draw_grid

        weeks = result.with_deal.quantiles.shape[1]
        labels = ["now"] + [f"+{k}w" for k in range(1, weeks)]
        draw_text(
            surface,
            "Your side if they sign (fan) or not (dashed)",
            font(13, "semibold"),
            C["dim"],
            (rect.x + 6, rect.y - 20),
            rect.width - 12,
        )
        draw_grid(surface, rect, labels, deal_panels(self.sc, self.side, result))

    def draw(self, surface) -> None:
        surface.fill(C["bg"])
        w, h = self.size
        sc = self.sc
        self.tips = []
        other = sc.side_texts[1 - self.side]
        draw_text(surface, "Negotiation table", font(22, "bold"), C["text"], (24, 18), w // 2)
        draw_text(
            surface, f"A package for {other['leader']} to answer next week", font(13), C["dim"], (24 + 230, 26), w // 2
        )
        left = self.areas["levers"]
        col = (left.width - 12) // 2
        view = self.session.view(self.side)
        for i, side in enumerate(self._side_order()):
            x = 24 + i * (col + 12)
            color = side_color(sc, side)
            who = "Your side" if side == self.side else f"{sc.side_texts[side]['name']}"
            pygame.draw.rect(surface, color, (x, 70, 4, 24), border_radius=2)
            draw_text(
                surface,
                who + (" — you promise" if side == self.side else " — you ask"),
                font(15, "semibold"),
                C["text"],
                (x + 10, 72),
                col - 10,
            )
        for rect, lever_i in self.rows:
            self._draw_lever(surface, rect, lever_i, view)
        draw_text(surface, "Clauses", font(14, "semibold"), C["dim"], (24, self.clause_y))
        y = self.deadline_y
        draw_text(surface, "Weeks to carry it out", font(14, "semibold"), C["dim"], (24, y + 6), 180)
        draw_text(
            surface,
            f"{self.deadline} week{'s' if self.deadline != 1 else ''}",
            font(16, "bold"),
            C["text"],
            (24 + 307, y + 5),
            120,
            "center",
        )
        self.tip(
            pygame.Rect(24, y, 380, 32),
            "The deadline: committed levers move a notch a week; "
            "after the deadline, a side that is behind is in breach.",
        )
        draw_text(surface, "Ready-made packages", font(14, "semibold"), C["dim"], (24, self.packages_y))
        self._draw_outlook(surface, self.areas["outlook"])
        if self.message:
            draw_text(surface, self.message, font(14, "semibold"), C["bad"], (24, h - 92), w - 48)

    def _draw_lever(self, surface, rect, lever_i, view) -> None:
        sc = self.sc
        lever = sc.levers[lever_i]
        var = sc.variables[lever.var]
        target = self.terms.get(lever.name)
        on = target is not None
        panel(surface, rect, "panel_hi" if on else "panel", 6)
        if on:
            pygame.draw.rect(surface, C["accent"], rect, 1, border_radius=6)
        text_w = rect.width - 3 * 34 - 20
        kind = estimate_kind(var, self.side)
        now = value_text(sc, var, view[var.index], kind)
        draw_text(surface, lever.label, font(13), C["text"], (rect.x + 10, rect.y + 3), text_w)
        if on:
            to = value_text(sc, var, target, "exact")
            line = f"now {now} → {to}"
            color = C["accent"]
        else:
            line = f"now {now}"
            color = C["faint"]
        draw_text(surface, line, font(12, "semibold" if on else "regular"), color, (rect.x + 10, rect.y + 21), text_w)
        self.tip(
            pygame.Rect(rect.x, rect.y, text_w + 10, rect.height),
            f"<b>{html.escape(lever.label)}</b><br>{html.escape(' '.join(var.describe.split()))}",
        )

    def _draw_outlook(self, surface, rect) -> None:
        panel(surface, rect)
        sc = self.sc
        draw_text(surface, "How it looks", font(16, "semibold"), C["text"], (rect.x + 14, rect.y + 10), rect.width - 28)
        y = rect.y + 40
        words = _package_words(self)
        used = draw_paragraphs(
            surface, words, font(13), C["dim"], pygame.Rect(rect.x + 14, y, rect.width - 28, 120), 1.25
        )
        y += used + 14
        if not self.terms and not self.clauses:
            draw_paragraphs(
                surface,
                "Step levers, tick clauses or pick a ready-made package: the outlook appears here.",
                font(13),
                C["faint"],
                pygame.Rect(rect.x + 14, y, rect.width - 28, 80),
                1.25,
            )
            return
        result = self.app.forecaster.get(self.outlook_key())
        if result is None:
            spinner(surface, (rect.x + 24, y + 12), self.clock, self.app.forecaster.progress)
            draw_text(
                surface,
                "Weighing the package over thousands of futures…",
                font(13),
                C["dim"],
                (rect.x + 44, y + 3),
                rect.width - 60,
            )
            return
        if isinstance(result, Exception):
            draw_paragraphs(
                surface,
                f"Cannot weigh this package: {result}",
                font(13),
                C["bad"],
                pygame.Rect(rect.x + 14, y, rect.width - 28, 80),
                1.25,
            )
            return
        other = sc.side_texts[1 - self.side]["leader"]
        draw_text(surface, f"Chance {other} gains by signing", font(13), C["dim"], (rect.x + 14, y), rect.width - 28)
        y += 22
        bar = pygame.Rect(rect.x + 14, y, rect.width - 28 - 60, 14)
        pygame.draw.rect(surface, C["grid"], bar, border_radius=7)
        p = result.acceptable
        color = mix(C["bad"], C["good"], p)
        pygame.draw.rect(surface, color, (bar.x, bar.y, max(int(bar.width * p), 8), bar.height), border_radius=7)
        draw_text(surface, f"{100 * p:.0f}%", font(16, "bold"), C["text"], (rect.right - 14, y - 3), align="right")
        self.tip(
            pygame.Rect(rect.x, y - 22, rect.width, 40),
            "An estimate: the same simulated futures with them signing next week or not, "
            "scored by their objectives as far as you can see them.",
        )
        y += 32
        for label, gain in (
            ("Your score if signed (vs. not)", result.own_gain),
            (f"{other}'s score if signed", result.their_gain),
        ):
            draw_text(surface, label, font(13), C["dim"], (rect.x + 14, y), rect.width - 28)
            y += 20
            lo, mid, hi = gain
            text = f"{mid:+.1f} points (P10 {lo:+.1f} · P90 {hi:+.1f})"
            draw_text(
                surface,
                text,
                font(15, "semibold"),
                C["good"] if mid >= 0 else C["bad"],
                (rect.x + 14, y),
                rect.width - 28,
            )
            y += 30
        chart = pygame.Rect(rect.x + 8, y + 78, rect.width - 16, rect.bottom - y - 86)
        if chart.height > 120:
            self._draw_deal_chart(surface, chart, result)
        q = result.with_deal.scores[:, -1, self.side]
        draw_paragraphs(
            surface,
            f"With the deal, your score in {result.with_deal.quantiles.shape[1] - 1} weeks: {q[1]:.0f} "
            f"(P10 {q[0]:.0f} – P90 {q[2]:.0f}); {result.with_deal.runs:,} rollouts each way.",
            font(12),
            C["faint"],
            pygame.Rect(rect.x + 14, y, rect.width - 28, 60),
            1.2,
        )


def deal_panels(sc, side: int, result) -> list:
    """Shared meters and this side's meters: the fan with the deal, and the median without it (dashed)."""
    from ..charts import Panel, Series
    from .board import row_color, value_range

    out = []
    for row in result.with_deal.rows:
        var = sc.variables[row]
        if var.owner not in (-1, side):
            continue
        color = row_color(sc, row)
        p10, p50, p90 = result.with_deal.row(row)
        base = result.without.row(row)[1]
        series = [
            Series("with the deal", p50.tolist(), p10.tolist(), p90.tolist(), color),
            Series("without", base.tolist(), color=C["dim"], dashed=True, width=1),
        ]
        out.append(Panel(var.label, series, value_range(sc, [row], np.concatenate([p10, p90, base]))))
    return out


def _package_words(screen: NegotiationScreen) -> str:
    from .board import offer_text

    if not screen.terms and not screen.clauses:
        return "The table is empty."
    return "Package: " + offer_text(screen.sc, screen.offer())
