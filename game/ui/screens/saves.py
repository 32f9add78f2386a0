"""Saved games: the save/load screen (every record in the saves folder, broken ones with their problem),
the "Save game" dialog, and the question asked before replaying moves on a changed scenario.

Nothing here reads or writes a file itself: ``game.records`` lists, loads and
saves records; this module shows them and asks the person.  A file is never
changed or removed from this screen.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

import pygame
import pygame_gui

from ...records.files import SUFFIX, SaveInfo, list_saves, save_named, saves_dir, slot_of, slot_started
from ...records.format import RecordError, seat_leader
from ...records.recorder import RecordMismatch
from ...records.replay import Opened, Replay, open_game
from ...scenario.compiled import CompiledScenario
from ...scenario.problems import ScenarioError
from ...scenarios import find_scenario
from .. import saves
from ..theme import C, Color, draw_paragraphs, draw_text, first_fit, font, mix, panel, px
from .base import Screen
from .menus import backdrop
from .overlays import ErrorDialog, Modal

M = 32
ROW = 36
HEAD = 30
COLUMNS = (("Saved", 0.15), ("Name", 0.17), ("Scenario", 0.27), ("Week", 0.11), ("Players", 0.19), ("Status", 0.11))
"""Table columns and their share of the table's width (when every cell fits, the spare room is shared so)."""
GIVING = (1, 2)
"""Columns that give up room when the table is too narrow for every cell: the save's name and the scenario."""
PAD = 12
"""Room between columns."""


def play_session(app, session) -> Screen:
    """Make a session the game in progress and show its board (behind the curtain in hot-seat)."""
    from .board import BoardScreen, Curtain

    app.end_session()
    app.session = session
    if session.plan.mode == "hotseat":
        return Curtain(app, 0)
    return BoardScreen(app)


# -- what a row shows (pure functions of a SaveInfo) ----------------------------------
@dataclass(frozen=True)
class Row:
    """One save as the table shows it."""

    info: SaveInfo
    cells: tuple[str, ...]
    status_color: Color
    tip: str
    short: tuple[str, ...] = ()
    """Shorter wordings of the cells, used where the full one does not fit (empty: the same as cells)."""

    def wordings(self, k: int) -> tuple[str, ...]:
        """Cell k's wordings, longest first."""
        short = self.short[k] if self.short else self.cells[k]
        return (self.cells[k], short) if short != self.cells[k] else (self.cells[k],)


def scenario_named(sid: str, cache: dict[str, CompiledScenario | None]) -> CompiledScenario | None:
    """The installed scenario with this id (None if missing or broken), looked up once per id."""
    if sid not in cache:
        try:
            cache[sid] = find_scenario(sid)
        except (FileNotFoundError, ScenarioError):
            cache[sid] = None
    return cache[sid]


def display_name(info: SaveInfo) -> str:
    """'Autosave', 'Autosave (backup)' (with the game's start when known), or the file's name."""
    slot = slot_of(info.path)
    if slot is None:
        return info.name
    started = slot_started(slot)
    label = f"Autosave, game of {started}" if started else "Autosave"
    return f"{label} (backup)" if info.path.name.endswith(f".bak{SUFFIX}") else label


def players_text(info: SaveInfo, sc: CompiledScenario | None, short: bool = False) -> str:
    """Who sits where, e.g. 'US: you · China: Fixed script: tit for tat' (short: 'US: you · China: tit for tat')."""
    parts = []
    for i, seat in enumerate(info.record.settings.seats):
        side = sc.side_texts[i]["short"] if sc is not None and i < len(sc.side_texts) else seat.side
        who = "you" if seat.player == "person" else seat_leader(seat, sc)
        if short and who.startswith(FIXED):
            who = who[len(FIXED) :]
        parts.append(f"{side}: {who}")
    return " · ".join(parts)


FIXED = "Fixed script: "
"""How a scripted computer leader's name begins (left out of the table's short wording)."""


def week_text(info: SaveInfo, sc: CompiledScenario | None) -> str:
    """'week 5 of 11' (the week to play next) or 'over, 11 weeks'."""
    if info.over:
        return f"over, {info.turn} wk"
    of = f" of {sc.model.turns}" if sc is not None else ""
    return f"week {info.turn + 1}{of}"


def problem_gist(problem: str) -> str:
    """The first words of a file's problem ('not valid JSON'): the list shows them when the whole does not fit."""
    for mark in (":", ";", " ("):
        problem = problem.split(mark, 1)[0]
    return problem.strip()


def save_row(info: SaveInfo, cache: dict[str, CompiledScenario | None]) -> Row:
    """The table row of a save (a broken file shows its problem)."""
    saved = f"{info.modified:%d %b %Y %H:%M}"
    if not info.ok:
        tip = f"<b>{html.escape(info.path.name)} cannot be loaded</b><br>{html.escape(info.problem)}"
        cells = (saved, display_name(info), f"⚠ {info.problem}", "", "", "cannot load")
        short = (saved, display_name(info), f"⚠ {problem_gist(info.problem)}", "", "", "cannot load")
        return Row(info, cells, C["bad"], tip, short)
    sc = scenario_named(info.record.scenario.id, cache)
    if info.warning:
        status, color = "check first", C["warn"]
    elif info.over:
        status, color = "finished", C["dim"]
    else:
        status, color = "in progress", C["good"]
    cells = (saved, display_name(info), info.scenario, week_text(info, sc), players_text(info, sc), status)
    short = (*cells[:4], players_text(info, sc, short=True), status)
    tip = f"<b>{html.escape(display_name(info))}</b> — {html.escape(info.scenario)}<br>{html.escape(str(info.path))}"
    tip += f"<br>Players: {html.escape(cells[4])}"
    if info.warning:
        tip += f"<br><i>Note: {html.escape(info.warning)}.</i>"
    return Row(info, cells, color, tip, short)


def column_widths(rows: list[Row], width: int, fonts, pad: int) -> list[int]:
    """Each column's width in a table this wide: every cell in full if it can be; else the shorter wordings;
    else the name and scenario columns give up room, the wider first (their cells are cut; the row's tip and the
    details below name them in full)."""
    head, cell, bold = fonts

    def need(k: int, pick) -> int:
        fnt = bold if k == 1 else cell
        cells = [pick(r.wordings(k)) for r in rows if (r.info.ok or k != 2) and r.cells[k]]  # problems span 2-4
        texts = [(COLUMNS[k][0].upper(), head)] + [(t, fnt) for t in cells]
        return max(f.size(t)[0] for t, f in texts) + pad

    full = [need(k, lambda w: w[0]) for k in range(len(COLUMNS))]
    if sum(full) <= width:
        spare = width - sum(full)
        return [n + int(spare * share) for n, (_, share) in zip(full, COLUMNS)]
    widths = [need(k, lambda w: w[-1]) for k in range(len(COLUMNS))]
    over = sum(widths) - width
    if over <= 0:  # the short wordings fit: give the spare room back to the columns that wanted more
        spare, want = -over, [f - w for f, w in zip(full, widths)]
        total = sum(want) or 1
        return [w + int(spare * extra / total) for w, extra in zip(widths, want)]
    floor = max(width // 8, pad * 4)
    cap = max(widths[k] for k in GIVING)
    while over > 0 and cap > floor:  # the widest of them gives first, down to the next one's width
        cap -= 1
        over -= sum(1 for k in GIVING if widths[k] > cap)
    for k in GIVING:
        widths[k] = min(widths[k], cap)
    return widths


def details_lines(info: SaveInfo, sc: CompiledScenario | None) -> list[tuple[str, str]]:
    """(colour name, text) lines describing a save in full, for the panel under the table."""
    if not info.ok:
        return [
            ("bad", f"This file cannot be loaded: {info.problem}"),
            ("dim", "It is listed so you know it is there; it is left exactly as it is."),
        ]
    record = info.record
    lines = [("text", f"{info.scenario} · seed {record.seed} · saved {info.modified:%A %d %B %Y, %H:%M}")]
    lines.append(("dim", f"Players: {players_text(info, sc)}"))
    status = record.status
    if info.over and status is not None:
        ending = status.ending or "the end"
        scores = ""
        if status.scores and sc is not None:
            scores = " · " + ", ".join(f"{sc.side_texts[s]['leader']} {status.scores[s]:.0f}" for s in (0, 1))
        lines.append(("dim", f"Finished after {info.turn} weeks ({ending}){scores}. Watch it again with Replay."))
    else:
        lines.append(("dim", f"{info.turn} weeks played; it continues at {week_text(info, sc)}."))
    origin = record.settings.origin
    if origin is not None:
        source = "the real history" if origin.kind == "history" else (origin.file or "a recorded game")
        lines.append(("dim", f"Taken over from {source} after week {origin.turn}."))
    if info.warning:
        lines.append(("warn", f"Note: {info.warning}; loading asks before replaying its moves on the current one."))
    return lines


def mismatch_lines(info: SaveInfo, err: RecordMismatch, restored) -> list[str]:
    """HTML lines for the question: what changed, and the first week the replayed game differs."""
    name = html.escape(info.path.name)
    if restored.scenario_changed:
        title = html.escape(info.record.scenario.title or info.record.scenario.id)
        lines = [f"{name} was recorded with another version of the scenario “{title}”: its file has changed since."]
    else:
        lines = [f"{name} {html.escape(err.message)}."]
    divergence = restored.divergence
    if divergence is None:
        lines.append("Replayed on the current scenario, every recorded week still comes out the same.")
    else:
        week = divergence.first_turn
        lines.append(
            f"<b>First diverging week: {week}.</b> Replayed on the current scenario, "
            + (f"weeks 1–{week - 1} come out as recorded; " if week > 1 else "")
            + html.escape(divergence.describe())
            + "."
        )
    played = len(restored.recorder.turns)
    lines.append(f"Replaying anyway gives a game of {played} weeks on the current rules, and you play on from there.")
    return lines


# -- the screen ------------------------------------------------------------------------
class SaveScreen(Screen):
    """Every record in the saves folder: load one to continue, or watch it again."""

    shortcuts = (
        ("↑ ↓ Home End", "choose a save"),
        ("Enter", "load and continue it"),
        ("W", "watch it again (replay)"),
        ("Wheel", "scroll the list"),
    )
    repeat_keys = frozenset((pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN))

    def __init__(self, app, back_to: Screen | None = None):
        super().__init__(app)
        self.back_to = back_to
        self.cache: dict[str, CompiledScenario | None] = {}
        self.rows: list[Row] = []
        self.index = 0
        self.top = 0
        self.row_rects: list[tuple[pygame.Rect, int]] = []
        self.reload()
        self.index = self.first_playable()

    def reload(self) -> None:
        """Read the saves folder again (newest first)."""
        self.rows = [save_row(info, self.cache) for info in list_saves()]
        self.index = min(self.index, max(len(self.rows) - 1, 0))

    def first_playable(self) -> int:
        """The newest save that can be continued (else the newest that can be watched, else the first)."""
        for wanted in (lambda i: i.ok and not i.over, lambda i: i.ok):
            found = next((k for k, row in enumerate(self.rows) if wanted(row.info)), None)
            if found is not None:
                return found
        return 0

    @property
    def selected(self) -> SaveInfo | None:
        return self.rows[self.index].info if self.rows else None

    def layout(self) -> dict[str, pygame.Rect]:
        w, h = self.size
        details_h = px(132)
        table = pygame.Rect(px(M), px(72), w - 2 * px(M), h - px(72) - px(84) - details_h - px(12))
        return {"table": table, "details": pygame.Rect(px(M), table.bottom + px(12), w - 2 * px(M), details_h)}

    def build(self) -> None:
        w, h = self.size
        self.rects = self.layout()
        self.label(pygame.Rect(px(M), px(24), w // 2, px(34)), "Saved games", "#heading")
        self.button(pygame.Rect(px(M), h - px(62), px(140), px(42)), "Back", self.back)
        self.button(pygame.Rect(px(M) + px(152), h - px(62), px(190), px(42)), "Reload list (F5)", self.refresh)
        info = self.selected
        self.load_button = self.button(
            pygame.Rect(w - px(M) - px(260), h - px(62), px(260), px(42)),
            "Load and continue ⏎",
            self.load,
            "Continue this game exactly where it was saved",
            "#primary",
        )
        self.watch_button = self.button(
            pygame.Rect(w - px(M) - px(260) - px(12) - px(200), h - px(62), px(200), px(42)),
            "Watch replay (W)",
            self.watch,
            "Step through this game week by week; take over either side at any week",
        )
        if info is None or not info.ok or info.over:
            self.load_button.disable()
            why = "Finished: watch it again instead" if info is not None and info.over else "Cannot be loaded"
            self.load_button.set_tooltip(why if info is not None else "No saved game")
        if info is None or not info.ok:
            self.watch_button.disable()

    def visible_rows(self) -> int:
        return max((self.rects["table"].height - px(HEAD + 4)) // px(ROW), 1)

    def select(self, index: int) -> None:
        """Choose a row (kept in view)."""
        if not self.rows:
            return
        self.index = max(0, min(index, len(self.rows) - 1))
        shown = self.visible_rows()
        if self.index < self.top:
            self.top = self.index
        elif self.index >= self.top + shown:
            self.top = self.index - shown + 1
        self.rebuild()

    # -- events -------------------------------------------------------------------
    def handle(self, event):
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = next((i for r, i in self.row_rects if r.collidepoint(event.pos)), None)
            if hit is not None:
                if hit == self.index and getattr(event, "clicks", 1) >= 2:
                    return self.load()
                self.select(hit)
                return None
        if event.type == pygame.MOUSEWHEEL and self.rects["table"].collidepoint(self.app.ui.pointer):
            limit = max(len(self.rows) - self.visible_rows(), 0)
            self.top = max(0, min(self.top - event.y, limit))
            return None
        return super().handle(event)

    def key(self, event):
        steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -self.visible_rows()}
        steps[pygame.K_PAGEDOWN] = self.visible_rows()
        if event.key in steps:
            self.select(self.index + steps[event.key])
        elif event.key in (pygame.K_HOME, pygame.K_END):
            self.select(0 if event.key == pygame.K_HOME else len(self.rows) - 1)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.load()
        elif event.key == pygame.K_w:
            return self.watch()
        elif event.key == pygame.K_F5:
            return self.refresh()
        return None

    def refresh(self):
        self.reload()
        self.rebuild()

    def back(self):
        from .menus import TitleScreen

        return self.back_to or TitleScreen(self.app)

    # -- loading ------------------------------------------------------------------
    def load(self):
        """Continue the selected game; a record that no longer replays as recorded asks first."""
        info = self.selected
        if info is None or not info.ok or info.over:
            return None
        try:
            opened = open_game(info.path)
        except RecordMismatch as err:
            return self._ask_anyway(err, lambda: open_game(info.path, anyway=True), self._continue)
        except RecordError as err:
            self.app.show_error("Cannot load this game", [err.message])
            return None
        return self._continue(opened)

    def _continue(self, opened: Opened) -> Screen:
        return play_session(self.app, saves.session_for(opened.recorder))

    def watch(self):
        """Open the selected record in the replay viewer."""
        from .replay import ReplayScreen

        info = self.selected
        if info is None or not info.ok:
            return None

        def viewer(replay: Replay) -> Screen:
            return ReplayScreen(self.app, replay, back_to=SaveScreen(self.app, self.back_to))

        try:
            replay = Replay.open(info.path)
        except RecordMismatch as err:
            return self._ask_anyway(err, lambda: Replay.open(info.path, anyway=True), viewer)
        except RecordError as err:
            self.app.show_error("Cannot open this record", [err.message])
            return None
        return viewer(replay)

    def _ask_anyway(self, err: RecordMismatch, retry: Callable, then: Callable) -> None:
        """Replay the moves on the current scenario to find where they diverge, then ask the person."""
        try:
            result = retry()
        except (RecordError, ValueError) as second:
            self.app.show_error("Cannot load this game", [err.message, str(second)])
            return None
        lines = mismatch_lines(self.selected, err, result.restored)
        self.app.open_modal(
            ConfirmDialog(
                self.app,
                "Replay the moves on the current scenario anyway?",
                lines,
                "Replay anyway",
                lambda: then(result),
            )
        )
        return None

    # -- drawing --------------------------------------------------------------------
    def draw(self, surface) -> None:
        backdrop(surface)
        w, _ = self.size
        folder = str(saves_dir())
        draw_text(surface, folder, font(12), C["faint"], (w - px(M), px(34)), w // 2 - px(M), "right")
        self.tips.clear()
        self._draw_table(surface, self.rects["table"])
        self._draw_details(surface, self.rects["details"])

    def _draw_table(self, surface, rect: pygame.Rect) -> None:
        panel(surface, rect)
        x = rect.x + px(14)
        head_font, cell_font = font(12, "semibold"), font(14)
        widths = column_widths(self.rows, rect.width - px(28), (head_font, cell_font, font(14, "semibold")), px(PAD))
        xs = [x + sum(widths[:k]) for k in range(len(widths))]
        for (title, _), cx, cw in zip(COLUMNS, xs, widths):
            draw_text(surface, title.upper(), head_font, C["faint"], (cx, rect.y + px(9)), cw - px(10))
        pygame.draw.line(
            surface, C["border"], (rect.x + px(1), rect.y + px(HEAD)), (rect.right - px(2), rect.y + px(HEAD))
        )
        self.row_rects = []
        if not self.rows:
            text = "No saved games yet. Games are saved after every week; save one by name from the pause menu (Esc)."
            draw_paragraphs(
                surface, text, font(14), C["dim"], rect.inflate(-px(28), -px(HEAD) * 2).move(0, px(HEAD) // 2)
            )
            return
        y = rect.y + px(HEAD + 2)
        end = min(len(self.rows), self.top + self.visible_rows())
        for i in range(self.top, end):
            row = self.rows[i]
            r = pygame.Rect(rect.x + px(4), y, rect.width - px(8), px(ROW) - px(2))
            if i == self.index:
                pygame.draw.rect(surface, mix(C["panel"], C["accent"], 0.16), r, border_radius=6)
                pygame.draw.rect(surface, C["accent"], r, 1, border_radius=6)
            elif i % 2:
                pygame.draw.rect(surface, C["panel_alt"], r, border_radius=6)
            for k, text in enumerate(row.cells):
                if not text:
                    continue
                cw = sum(widths[2:5]) if not row.info.ok and k == 2 else widths[k]
                color = row.status_color if k == len(widths) - 1 else (C["text"] if k in (1, 2) else C["dim"])
                if not row.info.ok and k == 2:
                    color = C["bad"]
                fnt = font(14, "semibold") if k == 1 else cell_font
                text = first_fit(row.wordings(k), fnt, cw - px(PAD))
                draw_text(surface, text, fnt, color, (xs[k], r.y + px(8)), cw - px(PAD))
            self.row_rects.append((r, i))
            self.tip(r, row.tip)
            y += px(ROW)
        if len(self.rows) > self.visible_rows():
            more = f"{self.top + 1}–{end} of {len(self.rows)} · scroll for more"
            draw_text(surface, more, font(12), C["faint"], (rect.right - px(14), rect.bottom - px(20)), align="right")

    def _draw_details(self, surface, rect: pygame.Rect) -> None:
        panel(surface, rect)
        info = self.selected
        if info is None:
            draw_text(surface, "Nothing selected", font(14), C["faint"], (rect.x + px(14), rect.y + px(12)))
            return
        title = info.path.name if display_name(info) == info.name else f"{display_name(info)}  ·  {info.path.name}"
        draw_text(
            surface, title, font(15, "semibold"), C["text"], (rect.x + px(14), rect.y + px(10)), rect.width - px(28)
        )
        sc = scenario_named(info.record.scenario.id, self.cache) if info.ok else None
        y = rect.y + px(36)
        for color, text in details_lines(info, sc):
            box = pygame.Rect(rect.x + px(14), y, rect.width - px(28), rect.bottom - px(8) - y)
            if box.height < 16:
                break
            y += draw_paragraphs(surface, text, font(13), C[color], box, 1.2)


# -- dialogs -----------------------------------------------------------------------------
class Question(Modal):
    """A dialog that ends with Cancel and one primary answer, bottom right."""

    def answers(self, area: pygame.Rect, text: str, action: Callable[[], Screen | None], width: int) -> None:
        """The primary button (text, action) and Cancel to its left."""
        y = area.bottom - px(40)
        self.button(
            pygame.Rect(area.right - width, y, width, px(38)), text, action, oid="#primary", container=self.dialog
        )
        self.button(
            pygame.Rect(area.right - width - px(142), y, px(130), px(38)), "Cancel", self.close, container=self.dialog
        )


class ConfirmDialog(Question):
    """A yes/no question (lines of HTML): the yes button runs an action (which may name the next screen)."""

    width, height = 680, 330

    def __init__(self, app, question: str, lines: list[str], yes: str, action: Callable[[], Screen | None]):
        super().__init__(app)
        self.heading = question
        self.lines = lines
        self.yes = yes
        self.action = action

    def fill(self, area: pygame.Rect) -> None:
        body = "<br><br>".join(self.lines)
        box = self.textbox(pygame.Rect(area.x, area.y, area.width, area.height - px(50)), body, container=self.dialog)
        box.set_active_effect(None)
        self.answers(area, self.yes, self.confirm, px(200))

    def confirm(self):
        self.close()
        return self.action()

    def key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.confirm()
        return None


def default_save_name(session) -> str:
    """A name for a save: the scenario's id and the week to play next."""
    return f"{session.sc.id}-week-{session.game.turn}"


class SaveGameDialog(Question):
    """Save the game in progress under a name (a new file; an existing one is never overwritten)."""

    heading = "Save game"
    width, height = 600, 270

    def fill(self, area: pygame.Rect) -> None:
        session = self.app.session
        self.label(pygame.Rect(area.x, area.y, area.width, px(24)), "Name of the save", "#dim", container=self.dialog)
        self.entry = self.add(
            pygame_gui.elements.UITextEntryLine(
                pygame.Rect(area.x, area.y + px(28), area.width, px(40)), self.ui, container=self.dialog
            )
        )
        self.entry.set_text(default_save_name(session))
        self.ui.set_focus_set(self.entry)
        weeks = len(session.game.reports)
        note = f"Saves the {weeks} week{'s' if weeks != 1 else ''} played; this week's orders are not saved yet."
        self.label(pygame.Rect(area.x, area.y + px(74), area.width, px(22)), note, "#dim", container=self.dialog)
        self.label(
            pygame.Rect(area.x, area.y + px(96), area.width, px(22)), f"In {saves_dir()}", "#dim", container=self.dialog
        )
        self.answers(area, "Save", self.save, px(140))

    def handle(self, event):
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            return self.save()
        return super().handle(event)

    def key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.save()
        return None

    def save(self):
        """Write the record under the name given (made safe for a file name; never over another file)."""
        session = self.app.session
        name = self.entry.get_text().strip() or None
        try:
            path = save_named(session.recorder.record(), name)
        except OSError as err:
            self.app.show_error("The game was not saved", [str(err)])
            return None
        when = dt.datetime.now()
        lines = [
            f"Saved at {when:%H:%M} as {path.name}",
            f"in {path.parent}.",
            "Load it from the title screen: Load game.",
        ]
        self.app.open_modal(NoticeDialog(self.app, "Game saved", lines))
        return None


class NoticeDialog(ErrorDialog):
    """A short message (a file written, and where) with an OK button."""

    width, height = 660, 250
