"""The debrief: how the game ended, both scores and objectives, the whole game in charts, turning points, questions."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pygame

from ...analysis.whatif import RUNS
from ...engine.scoring import scores
from ...records.format import RecordError
from ...records.history import HistoryError, compare_with_history
from ...records.questions import debrief_questions
from ...records.report import write_report
from ...wording import ending_title
from ..charts import Panel, Series, draw_grid
from ..forecast import WhatIfRequest
from ..theme import C, draw_paragraphs, draw_text, font, mix, panel, px, side_color, wrap_lines
from .base import Screen
from .board_panels.chart import meter_groups, row_color, series_label, short_title, value_range, week_labels


def turning_points(session, count: int = 3) -> list[tuple[int, str]]:
    """The weeks that moved the balance most: (week, what happened), biggest swing first."""
    g, sc = session.game, session.sc
    snaps = np.concatenate(g.snapshots, axis=1)
    standing = scores(sc, snaps)
    lead = standing[:, 0] - standing[:, 1]
    tension = snaps[sc.row(sc.model.ladder.variable)] if sc.model.ladder else np.zeros(len(lead))
    swing = np.abs(np.diff(lead)) + 0.5 * np.abs(np.diff(tension))
    out = []
    for week in np.argsort(-swing)[:count]:
        report = g.reports[int(week)]
        moves = [
            f"{sc.side_texts[s]['short']}: " + (", ".join(m.label for m in report.moves[s]) or "nothing")
            for s in (0, 1)
        ]
        top = report.changes[0] if report.changes else None
        cause = ""
        if top is not None and top.causes:
            var = sc.variables[top.row]
            owner = f"{sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
            change = f"{owner}{var.label} {var.show(top.before)} → {var.show(top.after)}"
            cause = f" Biggest change: {change} ({top.causes[0][0]})."
        headline = next((n.text for n in report.news if n.kind in ("event", "deal", "contest", "ending")), "")
        text = f"{'; '.join(moves)}." + (f" {headline}." if headline else "") + cause
        out.append((report.turn, text))
    return sorted(out)


def whole_game_panels(session, comparison=None) -> list[Panel]:
    """Every meter over the whole game (true values: the game is over), with history's path dashed if known."""
    sc = session.sc
    hist = np.stack([s[:, 0] for s in session.game.snapshots])
    real = {sc.row(v.name): v.history for v in comparison.variables} if comparison is not None else {}
    out = []
    for title, rows in meter_groups(sc):
        series = [Series(series_label(sc, r), hist[:, r].tolist(), color=row_color(sc, r)) for r in rows]
        seen = [hist[:, rows].ravel()]
        for r in rows:
            if r in real:
                path = real[r][: len(hist)]
                series.append(
                    Series("history", path, color=mix(row_color(sc, r), C["text"], 0.4), dashed=True, width=1)
                )
                seen.append(np.asarray(path))
        out.append(Panel(title, series, value_range(sc, rows, np.concatenate(seen)), short_title(title)))
    return out


class DebriefScreen(Screen):
    """The end: the ending, scores, objectives, charts, turning points and the scenario's questions."""

    shortcuts = (
        ("Enter", "play again with the same seed"),
        ("N", "new game"),
        ("E", "export a report for class"),
        ("T", "title screen"),
    )

    what_if_runs = RUNS
    """Rollouts per branch of the what-if forecasts (the terminal's and the report's)."""

    def __init__(self, app):
        super().__init__(app)
        self.session = app.session
        self.comparison = None
        self.exported: Path | None = None
        self.what_if: list[str] | Exception | None = None
        """The what-if lines once the forecast worker has them (or why it could not)."""
        self.what_if_key = self._what_if_key()
        if self.session.sc.history:
            try:
                self.comparison = compare_with_history(self.session.game)
            except Exception:  # history that cannot be replayed only loses the overlay
                self.comparison = None

    def build(self) -> None:
        w, h = self.size
        g = self.session.game
        col = int(w * 0.4)
        ending = g.ending
        text = ending.text.render(lambda row: g.state[row, 0]) if ending and ending.text else ""
        parts = [f"<font color='#e3b34c'><b>How it ended</b></font><br>{html.escape(g.verdict())} {html.escape(text)}"]
        if self.comparison is not None:
            rows = "<br>".join(html.escape(line.strip()) for line in self.comparison.summary())
            parts.append(
                f"<font color='#e3b34c'><b>Against history</b></font> "
                f"<font color='#9aa9b8'>(dashed lines in the charts)</font><br>{rows}"
            )
        points = turning_points(self.session)
        if points:
            rows = "<br>".join(f"<b>Week {t}</b> — {html.escape(s)}" for t, s in points)
            parts.append(f"<font color='#e3b34c'><b>Turning points</b></font><br>{rows}")
        humans = self.session.plan.human_sides
        questions = debrief_questions(g, humans[0] if len(humans) == 1 else None, self.comparison)
        if questions:
            qs = "<br>".join(f"• {html.escape(q)}" for q in questions)
            parts.append(f"<font color='#e3b34c'><b>To discuss</b></font><br>{qs}")
        self.parts = parts
        top = px(92) + self.cards_height() + px(40)
        self.summary = self.textbox(pygame.Rect(px(24), top, col, h - top - px(80)), self.summary_html())
        self.button(pygame.Rect(px(24), h - px(62), px(150), px(44)), "Title (T)", self.title)
        export = "Report saved ✓" if self.exported else "Export report (E)"
        tip = f"Saved as {self.exported}" if self.exported else "A Markdown report for class: timeline, reasons, charts"
        self.button(pygame.Rect(px(186), h - px(62), px(190), px(44)), export, self.export_report, tip)
        self.button(
            pygame.Rect(w - px(24) - px(250), h - px(62), px(250), px(44)),
            "Play again, same seed ⏎",
            self.again,
            oid="#primary",
        )
        self.button(
            pygame.Rect(w - px(24) - px(250) - px(12) - px(170), h - px(62), px(170), px(44)),
            "New game (N)",
            self.new_game,
        )

    def objective_lines(self, side: int) -> list[tuple[list[str], float]]:
        """A side's objectives as the score card shows them: each label's lines (long ones wrap) and how far met."""
        width = (int(self.size[0] * 0.4) // 2 - px(6)) - px(36)
        return [(wrap_lines(label, font(12), width), value) for label, value in self.session.game.objectives(side)]

    def cards_height(self) -> int:
        """Height of the two score cards: room for every objective of the longer list (at least 150 px, scaled)."""
        step = int(font(12).get_linesize())
        need = [
            px(40) + sum(px(17) + (len(lines) - 1) * step for lines, _ in self.objective_lines(side)) + px(4)
            for side in (0, 1)
        ]
        return max(px(150), *need)

    # -- what if: forecast by the window's worker process, shown when it is ready ----------------
    def _what_if_key(self) -> tuple | None:
        """The forecast's key, or None when there is none to make (not one person's finished game, or no
        question naming moves)."""
        g, sc = self.session.game, self.session.sc
        humans = self.session.plan.human_sides
        if len(humans) != 1 or not g.is_over or not any(q.what_if for q in sc.questions):
            return None
        return ("what-if", sc.source_hash, g.seed, g.hash(), self.what_if_runs, humans[0])

    def enter(self) -> None:
        super().enter()
        if self.what_if_key is not None and self.what_if is None:
            record = self.session.recorder.record()
            request = WhatIfRequest(record, self.what_if_key[-1], self.what_if_runs)
            self.app.forecaster.request(self.what_if_key, self.session.sc, request)

    def leave(self) -> None:
        if self.what_if_key is not None and self.what_if is None and self.app._forecaster is not None:
            self.app.forecaster.drop(self.what_if_key)
        super().leave()

    def update(self, dt):
        if self.what_if_key is not None and self.what_if is None:
            result = self.app.forecaster.get(self.what_if_key)
            if result is not None:
                self.what_if = result
                self.summary.set_text(self.summary_html())
        return None

    def what_if_html(self) -> str:
        """The what-if section: working, the lines, or why there are none."""
        head = "<font color='#e3b34c'><b>What if</b></font> "
        if self.what_if is None:
            return (
                head + "<br><font color='#9aa9b8'><i>Forecasting what if… (your decisions taken the other way, "
                "played on the engine)</i></font>"
            )
        if isinstance(self.what_if, Exception):
            return (
                head
                + f"<br><font color='#9aa9b8'>The forecast could not be made: {html.escape(str(self.what_if))}</font>"
            )
        if not self.what_if:
            return head + "<br>No decision of yours on these questions to take the other way."
        lines = "<br>".join(f"• {html.escape(line)}" for line in self.what_if)
        return head + f"<font color='#9aa9b8'>(your decisions taken the other way, forecast)</font><br>{lines}"

    def summary_html(self) -> str:
        """The left column's text: the ending, history, turning points, questions and the what-if section."""
        parts = self.parts + ([self.what_if_html()] if self.what_if_key is not None else [])
        return "<br><br>".join(parts)

    def draw(self, surface) -> None:
        surface.fill(C["bg"])
        self.tips.clear()
        w, h = self.size
        sc, g = self.session.sc, self.session.game
        ending = g.ending
        title = ending_title(g) if ending else "Game over"
        draw_text(surface, "THE END", font(13, "semibold"), C["accent"], (px(24), px(18)))
        draw_text(surface, title, font(30, "display"), C["text"], (px(24), px(36)), w - px(48))
        col = int(w * 0.4)
        final = g.scores()
        y = px(92)
        cards_h = self.cards_height()
        for side in (0, 1):
            rect = pygame.Rect(px(24) + side * (col // 2 + px(6)), y, col // 2 - px(6), cards_h)
            panel(surface, rect)
            color = side_color(sc, side)
            t = sc.side_texts[side]
            draw_text(
                surface, t["leader"], font(14, "bold"), color, (rect.x + px(10), rect.y + px(8)), rect.width - px(70)
            )
            draw_text(
                surface,
                f"{final[side]:.0f}",
                font(26, "display"),
                C["text"],
                (rect.right - px(10), rect.y + px(4)),
                align="right",
            )
            oy = rect.y + px(40)
            step = int(font(12).get_linesize())
            for lines, value in self.objective_lines(side):
                mark, mcolor = (
                    ("✓", C["good"]) if value >= 0.75 else (("~", C["warn"]) if value >= 0.25 else ("✗", C["bad"]))
                )
                draw_text(surface, mark, font(12, "bold"), mcolor, (rect.x + px(10), oy))
                r = pygame.Rect(rect.x + px(26), oy, 0, 0)
                for k, line in enumerate(lines):
                    at = (rect.x + px(26), oy + k * step)
                    r = r.union(draw_text(surface, line, font(12), C["dim"], at, rect.width - px(36)))
                self.tip(r, f"{html.escape(' '.join(lines))}: {value * 100:.0f}% met")
                oy += px(17) + (len(lines) - 1) * step
        verdict = g.verdict().split(":")[0].split(".")[0] + f".  Seed {g.seed}."
        origin = self.session.recorder.settings.origin
        if origin is not None:
            verdict += (
                f" Taken over after week {origin.turn} of {'history' if origin.kind == 'history' else 'a replay'}."
            )
        draw_text(surface, verdict, font(14, "semibold"), C["text"], (px(24), y + cards_h + px(10)), col)
        rect = pygame.Rect(px(24) + col + px(20), px(92), w - col - px(68), h - px(92) - px(80))
        panel(surface, rect)
        heading = "The whole game" + (" (dashed: what really happened)" if self.comparison is not None else "")
        draw_text(
            surface, heading, font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)), rect.width - px(24)
        )
        panels = whole_game_panels(self.session, self.comparison)
        draw_grid(surface, rect.inflate(-px(12), -px(44)).move(0, px(14)), week_labels(sc, len(g.snapshots)), panels)
        if not sc.model.questions:
            draw_paragraphs(surface, "", font(12), C["dim"], rect, 1.2)
        if self.exported is not None:
            box = pygame.Rect(px(388), h - px(60), w - px(24) - px(250) - px(12) - px(170) - px(12) - px(388), px(40))
            draw_text(surface, "Report saved in", font(12), C["good"], box.topleft, box.width)
            r = draw_text(surface, str(self.exported.parent), font(12), C["dim"], (box.x, box.y + px(16)), box.width)
            self.tip(box.union(r), f"{html.escape(str(self.exported))}")

    def key(self, event):
        if event.key == pygame.K_RETURN:
            return self.again()
        if event.key == pygame.K_n:
            return self.new_game()
        if event.key == pygame.K_t:
            return self.title()
        if event.key == pygame.K_e:
            return self.export_report()
        return None

    def export_report(self):
        """Write the game report (Markdown, charts beside it) to the reports folder and show where."""
        session = self.session
        try:
            report = write_report(session.game, session.recorder.record(), None)
        except (OSError, RecordError, HistoryError) as err:
            self.app.show_error("The report was not written", [str(err)])
            return None
        self.exported = report.path
        self.rebuild()
        charts = f"{len(report.charts)} PNG charts beside it." if report.charts else "No charts beside it."
        from .saves import NoticeDialog

        self.app.open_modal(NoticeDialog(self.app, "Report exported", [f"Written to {report.path}", charts]))
        return None

    def back(self):
        return self.title()

    def again(self):
        from .setup import start_game

        return start_game(self.app, self.session.plan)

    def new_game(self):
        from .menus import ScenarioPicker

        self.app.end_session()
        return ScenarioPicker(self.app)

    def title(self):
        from .menus import TitleScreen

        self.app.end_session()
        return TitleScreen(self.app)
