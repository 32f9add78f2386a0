"""The main board: the week at a glance, move cards with costs and forecasts on hover, and ending the week.

One board serves every mode: a person against a computer (the person's side),
hot-seat (the side whose turn it is, behind a curtain) and watching two
computers (the public view, with "next week" and "take over").  The board only
reads the session and submits orders; the engine decides what they do.
"""

from __future__ import annotations

import html
import zlib

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from ...engine.game import Offer, Order
from ...engine.viewing import PUBLIC, Viewer
from ...orders_draft import OrderDraft, cost_text, move_keys  # noqa: F401 (move_keys: the board's keys, re-exported)
from ...scenario.compiled import CompiledScenario, MoveInfo
from ..forecast import MoveRequest, weeks_ahead
from ..session import Session
from ..theme import (
    C,
    draw_text,
    font,
    px,
    side_color,
)
from ..widgets import ROW_H, spinner
from .base import InGame, Screen
from .board_panels.base import SCROLLBAR, TOP_H, M
from .board_panels.chart import ChartPanel, meter_groups, week_labels  # noqa: F401 (week_labels re-exported)
from .board_panels.leaders import LeadersPanel
from .board_panels.moves import MovesPanel, OrdersPanel
from .board_panels.news import NewsPanel
from .board_panels.offer import OfferBanner
from .board_panels.situation import SituationPanel
from .board_panels.top import TopBar

GAP = 10


# -- what the board shows (pure functions of the session) ------------------------
def key_label(key: int) -> str | None:
    """How a key is written on a move card ('1', 'Q'; keypad digits as digits), or None for other keys."""
    name = pygame.key.name(key).strip("[]")
    return name.upper() if len(name) == 1 else None


class BoardScreen(InGame, Screen):
    """The main board for one viewer (a side, or None when watching)."""

    shortcuts = (
        ("Click a card", "add or remove a move; hover it for its forecast"),
        ("1-9, 0, Q…", "the key on a move card adds or removes that move (each move keeps its key all game)"),
        ("N", "open the negotiation table"),
        ("A / R", "accept / reject the offer on the table"),
        ("Backspace", "clear this week's orders"),
        ("Enter", "end the week (with no move chosen, it asks first)"),
        ("Space", "next week (when watching)"),
        ("T", "take over a side (when watching)"),
        ("C", "switch the chart between meters and scores"),
    )

    def __init__(self, app, side: int | None = None):
        super().__init__(app)
        self.session: Session = app.session
        plan = self.session.plan
        if plan.mode == "solo":
            self.viewer = plan.human_sides[0] if self.session.is_human(plan.human_sides[0]) else side
        elif plan.mode == "hotseat":
            self.viewer = side if side is not None else 0
        else:
            self.viewer = next((s for s in (0, 1) if self.session.is_human(s)), None)
        if self.viewer is None:
            app.autoplay_board = self
        self.draft = OrderDraft(self.session.game, self.viewer if self.viewer is not None else 0)
        """This week's orders as they are being chosen (the rules and keys live there, free of pygame)."""
        self.hovered: str | None = None
        self.message = ""
        self.waiting = False
        """Orders are in: the week is played once the computers have decided and a frame has said so."""
        self.waiting_shown = False
        self.empty_week_confirmed: int | None = None
        """The week the person said to end without any move (asked once a week)."""
        self.autoplay = False
        self.clock = 0.0
        self.since_week = 0.0
        self.cards: dict[object, MoveInfo] = {}
        self.keys = self.draft.keys if self.viewer is not None else {}
        """Each of the viewer's moves and its key on the board, fixed for the whole game."""
        self.static: pygame.Surface | None = None
        self.dirty = True
        self._shown_forecast = None
        self.chart_dirty = True
        self.chart_mode = "meters"
        self.offer_buttons: list = []
        self.top_bar = TopBar(self)
        self.situation = SituationPanel(self)
        self.leaders = LeadersPanel(self)
        self.offer_banner = OfferBanner(self)
        self.moves_panel = MovesPanel(self)
        self.orders_panel = OrdersPanel(self)
        self.chart = ChartPanel(self)
        self.news = NewsPanel(self)

    @property
    def sc(self) -> CompiledScenario:
        return self.session.sc

    @property
    def selection(self) -> list[str]:
        """Ids of the moves picked this week (the draft's)."""
        return self.draft.moves

    @property
    def offer(self) -> Offer | None:
        """The package proposed this week (the draft's)."""
        return self.draft.offer

    @property
    def watching(self) -> bool:
        return self.viewer is None

    @property
    def eyes(self) -> Viewer:
        """Whose eyes the board uses: the side's, or the public's when watching."""
        return PUBLIC if self.viewer is None else self.viewer

    def enter(self) -> None:
        super().enter()
        if not self.watching and self.app.settings.show_forecasts:
            self.app.forecaster.prepare(self.sc)  # the worker starts and compiles while the player reads

    # -- layout -----------------------------------------------------------------
    def layout(self) -> dict[str, pygame.Rect]:
        """Rects of every area for the current window size."""
        w, h = self.size
        m, gap, top_h = px(M), px(GAP), px(TOP_H)
        left_w, right_w = int(w * 0.21), min(max(int(w * 0.28), self.moves_panel.cards_need()), int(w * 0.34))
        mid_w = w - 2 * m - left_w - right_w - 2 * gap
        y0 = top_h + px(8)
        body_h = h - y0 - m
        sit_h = min(px(310), int(body_h * 0.5))
        rows = max(len(self.leaders.side_rows(s)) for s in (0, 1))
        leaders_h = min(px(42 + 24 * 2 + rows * ROW_H), int(body_h * 0.62))
        mid_x = m + left_w + gap
        right_x = mid_x + mid_w + gap
        orders_h = px(132 if not self.watching else 150)
        offer_h = self.offer_banner.height(right_w) if self.incoming() is not None else 0
        return {
            "top": pygame.Rect(0, 0, w, top_h),
            "situation": pygame.Rect(m, y0, left_w, sit_h),
            "news": pygame.Rect(m, y0 + sit_h + gap, left_w, body_h - sit_h - gap),
            "leaders": pygame.Rect(mid_x, y0, mid_w, leaders_h),
            "chart": pygame.Rect(mid_x, y0 + leaders_h + gap, mid_w, body_h - leaders_h - gap),
            "offer": pygame.Rect(right_x, y0, right_w, offer_h),
            "moves": pygame.Rect(right_x, y0 + offer_h + (gap if offer_h else 0), right_w, 0),
            "orders": pygame.Rect(right_x, h - m - orders_h, right_w, orders_h),
        }

    def build(self) -> None:
        self.rects = r = self.layout()
        mv = r["moves"]
        mv.height = r["orders"].y - px(GAP) - mv.y
        top = r["top"]
        x = top.right - px(M)
        for text, action, tip, width in (
            ("Menu", self._menu, "Pause menu (Esc)", px(80)),
            ("Help", self._help, "Shortcuts and how to play (F1)", px(80)),
        ):
            x -= width
            self.button(pygame.Rect(x, px(10), width, px(36)), text, action, tip, "#flat")
            x -= px(8)
        if not self.watching:
            x -= px(150)
            self.button(
                pygame.Rect(x, px(10), px(150), px(36)),
                "Negotiate (N)",
                self.negotiate,
                "Build a deal to propose",
                None,
            )
        chart = r["chart"]
        self.chart_button = self.button(
            pygame.Rect(chart.right - px(150), chart.y + px(6), px(140), px(26)),
            "Show scores (C)" if self.chart_mode == "meters" else "Show meters (C)",
            self.toggle_chart,
            "Switch the chart between every meter and both leaders' scores",
            "#small",
        )
        news = r["news"]
        self.news_box = self.textbox(
            pygame.Rect(news.x, news.y + px(30), news.width, news.height - px(30)), self.news.text()
        )
        self._offer_widgets(r["offer"])
        if self.watching:
            self._watch_widgets(mv, r["orders"])
        else:
            self._cards(mv)
            self._order_widgets(r["orders"])
        if self.waiting:
            self._lock_orders()
        self.dirty = True

    def incoming(self) -> Offer | None:
        """The offer waiting for this side's answer (None when watching, or when there is none)."""
        if self.watching or self.session.game.is_over:
            return None
        return self.session.pending_offer(self.viewer)

    def _offer_widgets(self, rect: pygame.Rect) -> None:
        self.offer_buttons = []
        if not rect.height:
            return
        bw = (rect.width - px(2 * 10 + 24)) // 3
        y = rect.bottom - px(44)
        accept = self.draft.chosen(self.draft.kind_id("accept"))
        reject = self.draft.chosen(self.draft.kind_id("reject"))
        self.offer_buttons = [
            self.button(
                pygame.Rect(rect.x + px(12), y, bw, px(34)),
                "✓ Accept" if accept else "Accept (A)",
                self._accept,
                "Sign their deal this week",
                "#toggle_on" if accept else None,
            ),
            self.button(
                pygame.Rect(rect.x + px(22) + bw, y, bw, px(34)),
                "✓ Reject" if reject else "Reject (R)",
                self._reject,
                "Turn it down",
                "#toggle_on" if reject else None,
            ),
            self.button(
                pygame.Rect(rect.x + px(32) + 2 * bw, y, bw, px(34)),
                "Counter…",
                self._counter,
                "Open the table with their terms to amend them",
            ),
        ]

    def _cards(self, rect: pygame.Rect) -> None:
        inner = pygame.Rect(rect.x, rect.y + px(34), rect.width, rect.height - px(34))
        self.scroller = self.add(pygame_gui.elements.UIScrollingContainer(inner, self.ui, allow_scroll_x=False))
        view = self.session.view(self.eyes)
        width = inner.width - max(px(14), SCROLLBAR + px(4))
        y = 0
        self.cards = {}
        self.card_order: list[MoveInfo] = []
        for title, moves in self.draft.grouped():
            self.label(pygame.Rect(px(4), y, width, px(22)), title.upper(), "#dim", container=self.scroller)
            y += px(24)
            for move in moves:
                cost = cost_text(move)
                tip = f"<b>{html.escape(move.label)}</b> ({cost})<br>{html.escape(' '.join(move.describe.split()))}"
                if move.visibility != "public":
                    tip += f"<br><i>Seen by: {'the two leaders' if move.visibility == 'leaders' else 'you alone'}.</i>"
                text, chosen, enabled = self.moves_panel.card_state(move, view, width)
                button = self.button(
                    pygame.Rect(0, y, width, px(36)),
                    text,
                    (lambda m=move: self.toggle(m.id)) if move.kind != "propose" else self.negotiate,
                    tip,
                    "#toggle_on" if chosen else None,
                    container=self.scroller,
                    cls="@card",
                )
                button.card_state = (text, chosen, enabled)
                if not enabled:
                    button.disable()
                self.cards[button] = move
                self.card_order.append(move)
                y += px(40)
            y += px(6)
        self.scroller.set_scrollable_area_dimensions((width, max(y, inner.height - 2)))

    def _sync_cards(self) -> None:
        """Update the cards in place after the orders change (no rebuild, so no stutter)."""
        if self.watching or not self.cards:
            self.rebuild()
            return
        view = self.session.view(self.eyes)
        for button, move in self.cards.items():
            state = self.moves_panel.card_state(move, view, button.rect.width)
            if state == button.card_state:
                continue
            text, chosen, enabled = state
            if chosen != button.card_state[1]:
                button.change_object_id(ObjectID(object_id="#toggle_on" if chosen else None, class_id="@card"))
            if text != button.text:
                button.set_text(text)
            button.enable() if enabled else button.disable()
            button.card_state = state
        for old in self.offer_buttons:
            old.kill()
        self.offer_buttons = []
        self._offer_widgets(self.rects["offer"])
        self.dirty = True

    def _order_widgets(self, rect: pygame.Rect) -> None:
        self.clear_button = self.button(
            pygame.Rect(rect.x, rect.bottom - px(44), px(110), px(44)),
            "Clear",
            self.clear_orders,
            "Remove every move from this week's orders (Backspace)",
            "#flat",
        )
        self.end_button = self.button(
            pygame.Rect(rect.x + px(120), rect.bottom - px(44), rect.width - px(120), px(44)),
            "End week  ⏎",
            self.end_week,
            "Both sides' orders are revealed together (Enter)",
            "#primary",
        )

    def _watch_widgets(self, moves: pygame.Rect, orders: pygame.Rect) -> None:
        self.next_button = self.button(
            pygame.Rect(orders.x, orders.bottom - px(44), orders.width, px(44)),
            "Next week  (Space)",
            self.end_week,
            "Let both computer leaders play this week",
            "#primary",
        )
        label = "Autoplay: on" if self.autoplay else "Autoplay: off"
        oid = "#toggle_on" if self.autoplay else None
        self.button(
            pygame.Rect(orders.x, orders.bottom - px(96), orders.width, px(40)),
            label,
            self._toggle_autoplay,
            "Play by itself",
            oid,
        )
        y = moves.y + px(84)
        for s in (0, 1):
            t = self.sc.side_texts[s]
            tip = "Play this side yourself from this week on (T takes the first side)"
            text = f"Take over {t['leader']} ({t['short']})"
            row = pygame.Rect(moves.x + px(12), y, moves.width - px(24), px(38))
            self.button(row, text, (lambda s=s: self.take_over(s)), tip)
            y += px(44)

    # -- state changes ------------------------------------------------------------
    def toggle(self, move_id: str):
        """Add a move to this week's orders, or take it out (not once they are sent)."""
        if self.waiting:
            return None
        return self._changed(self.draft.toggle(move_id))

    def _changed(self, problem: str | None):
        """After a change to the draft: show why it was refused, or redraw the cards."""
        if problem:
            self.message = problem
            self.dirty = True
            return None
        self.message = ""
        self.hovered = None
        self._refresh()
        return None

    def set_proposal(self, offer: Offer | None) -> None:
        """Put a package into this week's orders (with the side's 'propose' move), or take it out."""
        self.draft.set_proposal(offer)

    def _refresh(self) -> None:
        self._sync_cards()

    def clear_orders(self):
        if self.waiting:
            return None
        self.draft.clear()
        self.message = ""
        self._refresh()

    def _accept(self):
        if self.waiting:
            return None
        return self._changed(self.draft.answer("accept"))

    def _reject(self):
        if self.waiting:
            return None
        return self._changed(self.draft.answer("reject"))

    def _counter(self):
        from .negotiate import NegotiationScreen

        if self.waiting:
            return None
        return NegotiationScreen(self.app, self, start=self.incoming())

    def negotiate(self):
        from .negotiate import NegotiationScreen

        if self.watching or self.waiting:
            return None
        return NegotiationScreen(self.app, self, start=self.offer)

    def _menu(self):
        from .overlays import PauseMenu

        self.app.open_modal(PauseMenu(self.app))

    def _help(self):
        self.app.open_help()

    def _toggle_autoplay(self):
        self.autoplay = not self.autoplay
        self.since_week = 0.0
        self.rebuild()

    def toggle_chart(self):
        """Show every meter, or both leaders' scores, in the chart panel."""
        self.chart_mode = "scores" if self.chart_mode == "meters" else "meters"
        self.chart_button.set_text("Show scores (C)" if self.chart_mode == "meters" else "Show meters (C)")
        self.chart_dirty = True

    def take_over(self, side: int):
        """A person takes this side from the computer, from this week on."""
        self.session.take_over(side)
        return BoardScreen(self.app, side)

    # -- ending the week ----------------------------------------------------------
    def end_week(self):
        """Submit this side's orders; the week is played (next frame, or once the computers decide) when both are in."""
        session = self.session
        if session.game.is_over:
            from .debrief import DebriefScreen

            return DebriefScreen(self.app)
        if self.waiting:
            return None
        if not self.watching:
            if self.draft.empty and self.empty_week_confirmed != session.game.turn:
                return self._ask_empty_week()
            problem = self.draft.problem()
            if problem:
                self.message = problem
                self.dirty = True
                return None
            session.submit(self.viewer, self.draft.order())
            other = 1 - self.viewer
            if session.is_human(other) and session.orders[other] is None:
                return Curtain(self.app, other)
        self._wait()
        return None

    def _ask_empty_week(self) -> None:
        """Ask before ending a week with no move (Enter again ends it, Esc goes back to the board)."""
        from .saves import ConfirmDialog

        other = self.sc.side_texts[1 - self.viewer]["leader"]
        lines = [
            f"No move is chosen: {html.escape(other)} still moves this week, and you let it pass.",
            "Enter ends the week anyway; Esc goes back to the board.",
        ]
        dialog = ConfirmDialog(
            self.app, "End the week without any move?", lines, "End the week  ⏎", self._end_empty_week
        )
        dialog.height = 260
        self.app.open_modal(dialog)

    def waiting_text(self) -> str:
        """Who the week waits for (the orders panel's words)."""
        return self.orders_panel.waiting_text()

    def _end_empty_week(self):
        self.empty_week_confirmed = self.session.game.turn
        return self.end_week()

    def _wait(self) -> None:
        """Orders are in: say who is still thinking, and lock the orders until the week is played."""
        self.waiting = True
        self.waiting_shown = False
        self.dirty = True
        self._lock_orders()

    def _lock_orders(self) -> None:
        """End week (or Next week) and Clear wait, greyed, until the week is played."""
        button = self.next_button if self.watching else self.end_button
        button.set_text("Thinking…" if self.watching else "Orders sent")
        button.disable()
        if not self.watching:
            self.clear_button.disable()

    def _try_play(self):
        """Play the week once a frame has shown that it is coming and every computer has decided."""
        if not self.waiting_shown or not self.session.computers_ready():
            return None
        self.waiting = False
        return resolve_week(self.app)

    # -- events -------------------------------------------------------------------
    def handle(self, event):
        # the chart is redrawn only when what it shows changes (a forecast shown, or taken away)
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED and event.ui_element in self.cards:
            self.hovered = self.cards[event.ui_element].id
            self.chart_dirty = self.chart_dirty or self._shown_forecast is not None
            return None
        if event.type == pygame_gui.UI_BUTTON_ON_UNHOVERED and event.ui_element in self.cards:
            if self.hovered == self.cards[event.ui_element].id:
                self.hovered = None
                self.chart_dirty = self.chart_dirty or self._shown_forecast is not None
            return None
        return super().handle(event)

    def key(self, event):
        k = event.key
        if k == pygame.K_RETURN:
            return self.end_week()
        if k == pygame.K_c:
            return self.toggle_chart()
        if self.watching:
            if k == pygame.K_SPACE:
                return self.end_week()
            if k == pygame.K_t:
                return self.take_over(0)
            return None
        if k == pygame.K_n:
            return self.negotiate()
        if k == pygame.K_BACKSPACE:
            return self.clear_orders()
        if k == pygame.K_a and self.incoming() is not None:
            return self._accept()
        if k == pygame.K_r and self.incoming() is not None:
            return self._reject()
        return self.press_move(key_label(k))

    def press_move(self, key: str | None):
        """The move card with this key: add or remove its move (a move not on the board this week: nothing)."""
        move = self.draft.move_for_key(key, self.card_order)
        if move is None:
            return None
        if move.kind == "propose":
            return self.negotiate()
        return self.toggle(move.id)

    def back(self):
        return None

    def update(self, dt):
        self.clock += dt
        if self.waiting:
            return self._try_play()
        if self.watching and self.autoplay:
            self.since_week += dt
            if self.since_week >= self.app.settings.watch_pace:
                self.since_week = 0.0
                return self.end_week()
        if self.hovered and not self.watching and self.app.settings.show_forecasts:
            self._request_forecast(self.hovered)
        return None

    # -- forecasts ------------------------------------------------------------------
    def forecast_key(self, move_id: str | None) -> tuple:
        g = self.session.game
        moves = tuple(sorted(self.selection + ([move_id] if move_id and move_id not in self.selection else [])))
        runs = self.app.settings.forecast_runs
        return ("forecast", self.sc.source_hash, g.seed, g.turn, self.viewer, moves, self.offer, runs)

    def _request_forecast(self, move_id: str | None) -> None:
        key = self.forecast_key(move_id)
        forecaster = self.app.forecaster
        if forecaster.asked(key):
            forecaster.poll()
            return
        forecaster.request(key, self.sc, self._forecast_request(move_id, key))

    def _forecast_request(self, move_id: str | None, key: tuple) -> MoveRequest:
        """What the forecast worker needs: the observation, the orders with and without the move, rows, seed."""
        session, side = self.session, self.viewer
        sc = session.sc
        moves = list(key[5])
        order = self.draft.order(moves)
        if order.offer is not None and not order.offer.terms and not order.offer.clauses:
            order = Order(tuple(m for m in moves if sc.move_by_id(side, m).kind != "propose"))
        orders = session.game.orders_for(side, order)
        base_moves = [m for m in moves if m != move_id] if move_id not in self.selection else moves
        base_order = session.game.orders_for(
            side, Order(tuple(m for m in base_moves if sc.move_by_id(side, m).kind != "propose"))
        )
        rows = sc.key_variables or tuple(r for _, rr in meter_groups(sc) for r in rr)
        rows = tuple(sorted(set(rows) | {r for _, rr in meter_groups(sc) for r in rr}))
        seed = zlib.crc32(repr(key[2:5]).encode())
        obs = session.game.observation(side)
        runs = self.app.settings.forecast_runs
        return MoveRequest(obs, side, orders, base_order, rows, seed, runs, weeks_ahead(session.game))

    # -- drawing ------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        if self.dirty or self.static is None or self.static.get_size() != self.size:
            self.static = pygame.Surface(self.size)
            self.static_tips = []
            self.tips = self.static_tips
            self._draw_static(self.static)
            self.dirty = False
            self.chart_dirty = True
        if self.chart_dirty:
            self.tips = []
            self._draw_chart(self.static, self.rects["chart"])
            self.tips = self.static_tips + self.tips
            self.chart_dirty = False
        surface.blit(self.static, (0, 0))
        self._draw_live(surface)

    def _draw_live(self, surface: pygame.Surface) -> None:
        forecaster = self.app._forecaster
        if self.hovered and forecaster is not None and self.app.settings.show_forecasts:
            key = self.forecast_key(self.hovered)
            if forecaster.get(key) is None:
                c = self.rects["chart"]
                spinner(surface, (c.right - px(172), c.y + px(19)), self.clock, forecaster.progress)
            elif self._shown_forecast != key:
                self.chart_dirty = True
        if self.waiting:
            self.orders_panel.draw_waiting(surface, self.rects["orders"])
            self.waiting_shown = True

    def _draw_chart(self, s: pygame.Surface, rect: pygame.Rect) -> None:
        """The chart panel, with the hovered move's forecast once it has arrived (remembered as shown)."""
        forecaster = self.app._forecaster
        result = None
        self._shown_forecast = None
        if self.hovered and forecaster is not None:
            key = self.forecast_key(self.hovered)
            result = forecaster.get(key)
            if result is not None:
                self._shown_forecast = key
        self.chart.draw(s, rect, result)

    def _draw_static(self, s: pygame.Surface) -> None:
        s.fill(C["bg"])
        r = self.rects
        self.top_bar.draw(s, r["top"])
        self.situation.draw(s, r["situation"])
        self.news.draw(s, r["news"])
        self.leaders.draw(s, r["leaders"])
        if r["offer"].height:
            self.offer_banner.draw(s, r["offer"])
        if self.watching:
            self.moves_panel.draw_watch(s, r["moves"])
        else:
            self.moves_panel.draw_header(s, r["moves"])
        self.orders_panel.draw(s, r["orders"])


class Curtain(InGame, Screen):
    """Hot-seat: hide the board until the next person is at the screen."""

    shortcuts = (("Enter", "show the board"),)

    def __init__(self, app, side: int):
        super().__init__(app)
        self.side = side

    def build(self) -> None:
        w, h = self.size
        t = self.app.session.sc.side_texts[self.side]
        self.button(
            pygame.Rect(w // 2 - px(200), h // 2 + px(40), px(400), px(50)),
            f"I am {t['leader']} — show my board",
            self.reveal,
            oid="#primary",
        )

    def draw(self, surface) -> None:
        from .menus import backdrop

        backdrop(surface)
        w, h = self.size
        sc = self.app.session.sc
        t = sc.side_texts[self.side]
        g = self.app.session.game
        draw_text(
            surface,
            f"Pass the screen to {t['leader']}",
            font(34, "display"),
            C["text"],
            (w // 2, h // 2 - px(70)),
            w - px(80),
            "center",
        )
        draw_text(
            surface,
            f"{t['name']} · week {g.turn} · {g.date:%d %b %Y}",
            font(16),
            side_color(sc, self.side),
            (w // 2, h // 2 - px(18)),
            w - px(80),
            "center",
        )
        draw_text(
            surface,
            "The other player should look away: orders stay secret until both are in.",
            font(14),
            C["dim"],
            (w // 2, h - px(60)),
            w - px(80),
            "center",
        )

    def key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_SPACE):
            return self.reveal()
        return None

    def reveal(self):
        return BoardScreen(self.app, self.side)


def resolve_week(app) -> Screen:
    """Both sides' orders are in: play a ping-pong match if one is due (other contests are drawn), else the week;
    show the reveal."""
    from .pingpong import PingPongScreen
    from .reveal import RevealScreen

    session = app.session
    due = [i for i in session.contests_due() if session.sc.contests[i].match == "pingpong"]
    humans = [s for s in (0, 1) if session.is_human(s)]
    if due and humans:
        return PingPongScreen(app, session.sc.contests[due[0]])
    report = session.play()
    from .. import saves

    session.autosave_problem = saves.autosave(session)
    return RevealScreen(app, report)
