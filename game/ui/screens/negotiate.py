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

from ...ai.negotiation import carry_out_chance
from ...engine.game import Offer, Order
from ...engine.viewing import value_kind
from ..forecast import DealRequest, weeks_ahead
from ..theme import C, draw_paragraphs, draw_text, font, mix, panel, px, side_color, text_height, text_width
from ..widgets import spinner, value_text
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
        m, top = px(24), px(64)
        left_w = int(w * 0.62)
        self.areas = {
            "levers": pygame.Rect(m, top, left_w - m, 0),
            "outlook": pygame.Rect(left_w + px(16), top, w - left_w - px(40), h - top - px(84)),
        }
        col = (left_w - m - px(12)) // 2
        step = px(34)
        self.rows: list[tuple[pygame.Rect, int]] = []
        y_end = top
        for i, side in enumerate(self._side_order()):
            x = m + i * (col + px(12))
            y = top + px(40)
            for lever_i in sc.negotiable:
                lever = sc.levers[lever_i]
                if lever.side != side:
                    continue
                rect = pygame.Rect(x, y, col, px(ROW - 6))
                self.rows.append((rect, lever_i))
                bx = rect.right - 3 * step - px(6)
                for k, (text, action, tip) in enumerate(
                    (
                        ("−", (lambda li=lever_i: self.step(li, -1)), "One notch lower"),
                        ("+", (lambda li=lever_i: self.step(li, 1)), "One notch higher"),
                        ("×", (lambda li=lever_i: self.drop(li)), "Leave this lever out of the package"),
                    )
                ):
                    self.button(pygame.Rect(bx + k * step, y + px(6), px(30), px(28)), text, action, tip, "#small")
                y += px(ROW)
            y_end = max(y_end, y)
        self.areas["levers"].height = y_end - top
        y = y_end + px(14)
        self.clause_y = y
        x = m
        for clause in sc.clauses:
            on = clause.id in self.clauses
            width = min(text_width(clause.label, font(15)) + px(50), left_w - m)
            if x + width > left_w:
                x, y = m, y + px(44)
            self.button(
                pygame.Rect(x, y + px(26), width, px(36)),
                ("✓ " if on else "") + clause.label,
                (lambda c=clause.id: self.toggle_clause(c)),
                html.escape(clause.describe),
                "#toggle_on" if on else None,
            )
            x += width + px(8)
        y += px(26 + 50)
        self.deadline_y = y
        for dx, text, delta, tip in (
            (200, "−", -1, "Fewer weeks to carry it out"),
            (380, "+", 1, "More weeks to carry it out"),
        ):
            self.button(
                pygame.Rect(m + px(dx), y, px(34), px(32)), text, (lambda d=delta: self.set_deadline(d)), tip, "#small"
            )
        y += px(48)
        self.packages_y = y
        x = m
        for k, package in enumerate(sc.packages):
            width = min(text_width(package.label, font(15)) + px(56), left_w - m)
            if x + width > left_w:
                x, y = m, y + px(42)
            self.button(
                pygame.Rect(x, y + px(26), width, px(36)),
                f"{k + 1}. {package.label}",
                (lambda p=package: self.fill(p)),
                html.escape(" ".join(package.describe.split())),
            )
            x += width + px(8)
        bottom, bh = h - px(62), px(44)
        self.button(pygame.Rect(m, bottom, px(130), bh), "Cancel", self.back)
        self.button(
            pygame.Rect(px(166), bottom, px(150), bh),
            "Empty table",
            self.empty,
            "Take every term off the table (Backspace)",
            "#flat",
        )
        if self.board.offer is not None:
            self.button(
                pygame.Rect(px(328), bottom, px(200), bh),
                "Withdraw proposal",
                self.withdraw,
                "Take the proposal out of this week's orders",
                "#danger",
            )
        self.send = self.button(
            pygame.Rect(w - px(24 + 320), bottom, px(320), bh),
            "Propose this deal this week ⏎",
            self.propose,
            oid="#primary",
        )

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
        return self.board

    def propose(self):
        """Put the package into this week's orders and go back to the board."""
        if not self.terms and not self.clauses:
            self.message = "Put at least one term on the table."
            return None
        problem = self.board.draft.proposal_problem(self.offer())
        if problem:
            self.message = problem
            return None
        self.board.set_proposal(self.offer())
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
        weeks = weeks_ahead(session.game)
        return DealRequest(session.game.observation(side), side, orders, tuple(sc.key_variables), seed, runs, weeks)

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
            (rect.x + px(6), rect.y - px(20)),
            rect.width - px(12),
        )
        draw_grid(surface, rect, labels, deal_panels(self.sc, self.side, result))

    def draw(self, surface) -> None:
        surface.fill(C["bg"])
        w, h = self.size
        sc = self.sc
        self.tips = []
        other = sc.side_texts[1 - self.side]
        r = draw_text(surface, "Negotiation table", font(22, "bold"), C["text"], (px(24), px(18)), w // 2)
        draw_text(
            surface,
            f"A package for {other['leader']} to answer next week"
            if weeks_ahead(self.session.game) > 1
            else f"The last week: {other['leader']} could answer only after the game ends",
            font(13),
            C["dim"],
            (r.right + px(16), px(26)),
            self.areas["outlook"].x - r.right - px(32),
        )
        left = self.areas["levers"]
        col = (left.width - px(12)) // 2
        view = self.session.view(self.side)
        for i, side in enumerate(self._side_order()):
            x = px(24) + i * (col + px(12))
            color = side_color(sc, side)
            who = "Your side" if side == self.side else f"{sc.side_texts[side]['name']}"
            pygame.draw.rect(surface, color, (x, px(70), px(4), px(24)), border_radius=2)
            draw_text(
                surface,
                who + (" — you promise" if side == self.side else " — you ask"),
                font(15, "semibold"),
                C["text"],
                (x + px(10), px(72)),
                col - px(10),
            )
        for rect, lever_i in self.rows:
            self._draw_lever(surface, rect, lever_i, view)
        left_w = self.areas["levers"].right - px(24)
        draw_text(surface, "Clauses", font(14, "semibold"), C["dim"], (px(24), self.clause_y), left_w)
        y = self.deadline_y
        draw_text(surface, "Weeks to carry it out", font(14, "semibold"), C["dim"], (px(24), y + px(6)), px(180))
        draw_text(
            surface,
            f"{self.deadline} week{'s' if self.deadline != 1 else ''}",
            font(16, "bold"),
            C["text"],
            (px(24 + 307), y + px(5)),
            px(120),
            "center",
        )
        self.tip(
            pygame.Rect(px(24), y, px(380), px(32)),
            "The deadline: committed levers move a notch a week; "
            "after the deadline, a side that is behind is in breach.",
        )
        draw_text(surface, "Ready-made packages", font(14, "semibold"), C["dim"], (px(24), self.packages_y), left_w)
        self._draw_outlook(surface, self.areas["outlook"])
        if self.message:
            draw_text(surface, self.message, font(14, "semibold"), C["bad"], (px(24), h - px(92)), w - px(48))

    def _draw_lever(self, surface, rect, lever_i, view) -> None:
        sc = self.sc
        lever = sc.levers[lever_i]
        var = sc.variables[lever.var]
        target = self.terms.get(lever.name)
        on = target is not None
        panel(surface, rect, "panel_hi" if on else "panel", px(6))
        if on:
            pygame.draw.rect(surface, C["accent"], rect, 1, border_radius=6)
        text_w = rect.width - px(3 * 34 + 20)
        kind = value_kind(var, self.side)
        now = value_text(sc, var, view[var.index], kind)
        draw_text(surface, lever.label, font(13), C["text"], (rect.x + px(10), rect.y + px(3)), text_w)
        fnt = font(12, "semibold" if on else "regular")
        if on:
            to = value_text(sc, var, target, "exact")
            forms = (f"now {now} → {to}", f"{now} → {to}", f"→ {to}")
            line = next((f for f in forms if text_width(f, fnt) <= text_w), forms[-1])  # the target always shows
            color = C["accent"]
        else:
            line = f"now {now}"
            color = C["faint"]
        draw_text(surface, line, fnt, color, (rect.x + px(10), rect.y + px(21)), text_w)
        self.tip(
            pygame.Rect(rect.x, rect.y, text_w + px(10), rect.height),
            f"<b>{html.escape(lever.label)}</b><br>{html.escape(' '.join(var.describe.split()))}",
        )

    def _draw_outlook(self, surface, rect) -> None:
        panel(surface, rect)
        sc = self.sc
        draw_text(
            surface,
            "How it looks",
            font(16, "semibold"),
            C["text"],
            (rect.x + px(14), rect.y + px(10)),
            rect.width - px(28),
        )
        y = rect.y + px(40)
        words = _package_words(self)
        width = rect.width - px(28)
        words_h = min(text_height(words, font(13), width, 1.25), rect.height // 3)
        used = draw_paragraphs(
            surface, words, font(13), C["dim"], pygame.Rect(rect.x + px(14), y, width, words_h), 1.25
        )
        y += used + px(14)
        if not self.terms and not self.clauses:
            draw_paragraphs(
                surface,
                "Step levers, tick clauses or pick a ready-made package: the outlook appears here.",
                font(13),
                C["faint"],
                pygame.Rect(rect.x + px(14), y, rect.width - px(28), px(80)),
                1.25,
            )
            return
        result = self.app.forecaster.get(self.outlook_key())
        if result is None:
            spinner(surface, (rect.x + px(24), y + px(12)), self.clock, self.app.forecaster.progress)
            draw_text(
                surface,
                "Weighing the package over thousands of futures…",
                font(13),
                C["dim"],
                (rect.x + px(44), y + px(3)),
                rect.width - px(60),
            )
            return
        if isinstance(result, Exception):
            draw_paragraphs(
                surface,
                f"Cannot weigh this package: {result}",
                font(13),
                C["bad"],
                pygame.Rect(rect.x + px(14), y, rect.width - px(28), px(80)),
                1.25,
            )
            return
        other = sc.side_texts[1 - self.side]["leader"]
        draw_text(
            surface, f"Chance {other} gains by signing", font(13), C["dim"], (rect.x + px(14), y), rect.width - px(28)
        )
        y += px(22)
        bar = pygame.Rect(rect.x + px(14), y, rect.width - px(28 + 60), px(14))
        pygame.draw.rect(surface, C["grid"], bar, border_radius=7)
        p = result.acceptable
        color = mix(C["bad"], C["good"], p)
        pygame.draw.rect(surface, color, (bar.x, bar.y, max(int(bar.width * p), px(8)), bar.height), border_radius=7)
        draw_text(
            surface, f"{100 * p:.0f}%", font(16, "bold"), C["text"], (rect.right - px(14), y - px(3)), align="right"
        )
        self.tip(
            pygame.Rect(rect.x, y - px(22), rect.width, px(40)),
            "An estimate: the same simulated futures with them signing next week or not, "
            "scored by their objectives as far as you can see them.",
        )
        y += px(26)
        keep = float(carry_out_chance(sc, self.session.game.observation(self.side), self.side)[0])
        keeps = draw_text(
            surface,
            f"Chance {other} carries it out in full: about {100 * keep:.0f}%",
            font(13),
            C["good"] if keep >= 0.6 else (C["warn"] if keep >= 0.35 else C["bad"]),
            (rect.x + px(14), y),
            rect.width - px(28),
        )
        self.tip(
            keeps,
            "An estimate from trust and from how fully they have carried out deals so far: a side that slow-walks "
            "is found out sooner or later, and then you may walk away without blame.",
        )
        y += px(26)
        for label, gain in (
            ("Your score if signed (vs. not)", result.own_gain),
            (f"{other}'s score if signed", result.their_gain),
        ):
            draw_text(surface, label, font(13), C["dim"], (rect.x + px(14), y), rect.width - px(28))
            y += px(20)
            lo, mid, hi = gain
            text = f"{mid:+.1f} points (P10 {lo:+.1f} · P90 {hi:+.1f})"
            draw_text(
                surface,
                text,
                font(15, "semibold"),
                C["good"] if mid >= 0 else C["bad"],
                (rect.x + px(14), y),
                rect.width - px(28),
            )
            y += px(30)
        q = result.with_deal.scores[:, -1, self.side]
        weeks = result.with_deal.quantiles.shape[1] - 1
        at = f"in {weeks} weeks" if weeks > 1 else "at the end (they would answer only after it)"
        used = draw_paragraphs(
            surface,
            f"With the deal, your score {at}: {q[1]:.0f} "
            f"(P10 {q[0]:.0f} – P90 {q[2]:.0f}); {result.with_deal.runs:,} rollouts each way.",
            font(12),
            C["faint"],
            pygame.Rect(rect.x + px(14), y, rect.width - px(28), px(60)),
            1.2,
        )
        top = y + used + px(30)  # room for the chart's heading above it
        chart = pygame.Rect(rect.x + px(8), top, rect.width - px(16), rect.bottom - top - px(8))
        if chart.height > px(120):
            self._draw_deal_chart(surface, chart, result)


def deal_panels(sc, side: int, result) -> list:
    """Shared meters and this side's meters: the fan with the deal, and the median without it (dashed)."""
    from ..charts import Panel, Series
    from .board_panels.chart import row_color, value_range

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
    from .board_panels.offer import offer_text

    if not screen.terms and not screen.clauses:
        return "The table is empty."
    return "Package: " + offer_text(screen.sc, screen.offer())
