"""The board's chart panel: every meter (or both leaders' scores) over the weeks so far, and a move's forecast.

The functions above the panel turn the session into chart series; the replay,
the debrief and the negotiation table draw with them too.
"""

from __future__ import annotations

import html

import numpy as np
import pygame

from ....engine.scoring import scores
from ....engine.viewing import Viewer, view_of
from ....scenario.compiled import CompiledScenario
from ...charts import Panel, Series, draw_grid
from ...forecast import WEEKS, weeks_text
from ...session import Session
from ...theme import C, draw_text, first_fit, font, mix, panel, px, side_color
from .base import BoardPart


def meter_groups(sc: CompiledScenario) -> list[tuple[str, list[int]]]:
    """Chart panels: shared meters alone, side meters with the same name together (both sides in one chart)."""
    groups: dict[str, list[int]] = {}
    titles: dict[str, list[str]] = {}
    for var in sc.variables:
        if var.role != "variable" or not var.shown or var.kind == "flag" or var.index >= sc.n_named:
            continue
        key = var.name.split(".", 1)[1] if var.owner >= 0 else var.name
        groups.setdefault(key, []).append(var.index)
        if var.label not in titles.setdefault(key, []):
            titles[key].append(var.label)
    return [(" / ".join(titles[k]), rows) for k, rows in groups.items()]


def short_title(title: str) -> str:
    """The first of several joined labels ('Cabinet approval / Approval' -> 'Cabinet approval')."""
    return title.split(" / ")[0]


def week_labels(sc: CompiledScenario, weeks: int) -> list[str]:
    """'Jun 2'-style labels for the first `weeks` weeks."""
    return [f"{sc.date_of_turn(t + 1):%b} {sc.date_of_turn(t + 1).day}" for t in range(weeks)]


def viewed_history(session: Session, viewer: Viewer) -> np.ndarray:
    """(weeks, rows): every snapshot as the viewer saw it (estimates for the other side)."""
    sc = session.sc
    return np.stack([view_of(sc, s, viewer)[:, 0] for s in session.game.snapshots])


def row_color(sc: CompiledScenario, row: int) -> tuple[int, int, int]:
    """A variable's colour: its side's, or the accent for shared ones."""
    owner = sc.variables[row].owner
    return side_color(sc, owner) if owner >= 0 else C["accent"]


def series_label(sc: CompiledScenario, row: int) -> str:
    owner = sc.variables[row].owner
    return sc.side_texts[owner]["short"] if owner >= 0 else sc.variables[row].label


def history_panels(session: Session, viewer: Viewer) -> list[Panel]:
    """Every meter over the weeks so far, both sides in one chart where they share a name."""
    sc = session.sc
    hist = viewed_history(session, viewer)
    out = []
    for title, rows in meter_groups(sc):
        series = [Series(series_label(sc, r), hist[:, r].tolist(), color=row_color(sc, r)) for r in rows]
        out.append(Panel(title, series, value_range(sc, rows, hist[:, rows]), short_title(title)))
    return out


def score_panels(session: Session, viewer: Viewer) -> list[Panel]:
    """Both leaders' scores over the weeks so far (estimated ones, dashed, as the viewer can estimate them)."""
    sc = session.sc
    hist = viewed_history(session, viewer)
    standing = scores(sc, hist.T)
    series = [
        Series(sc.side_texts[s]["short"], standing[:, s].tolist(), color=side_color(sc, s), dashed=viewer != s)
        for s in (0, 1)
    ]
    return [Panel("Score (0-100)", series, (0.0, 100.0))]


def value_range(sc: CompiledScenario, rows: list[int], seen: np.ndarray) -> tuple[float, float] | None:
    """A y range for meters on a 0-100-like scale: the values seen with room, within the bounds."""
    low = min(sc.variables[r].low for r in rows)
    high = max(sc.variables[r].high for r in rows)
    if not seen.size or high - low > 100 or high <= low:
        return None
    lo = max(low, float(np.floor(np.nanmin(seen) / 10) * 10 - 10))
    hi = min(high, float(np.ceil(np.nanmax(seen) / 10) * 10 + 10))
    return (lo, hi) if hi > lo else None


def forecast_panels(session: Session, viewer: Viewer, result, baseline) -> list[Panel]:
    """History plus the fan of the hovered move (and the median without it, dashed)."""
    sc = session.sc
    hist = viewed_history(session, viewer)
    now = len(hist) - 1
    out = []
    for title, rows in meter_groups(sc):
        series = []
        seen = [hist[:, rows].ravel()]
        for r in rows:
            color = row_color(sc, r)
            series.append(Series(series_label(sc, r), hist[:, r].tolist(), color=mix(color, C["panel"], 0.35)))
            if r in result.rows:
                p10, p50, p90 = result.row(r)
                series.append(Series(series_label(sc, r), p50.tolist(), p10.tolist(), p90.tolist(), color, now))
                seen += [p10, p90]
            if baseline is not None and r in baseline.rows:
                base = baseline.row(r)[1].tolist()
                series.append(Series("without", base, color=C["dim"], offset=now, dashed=True, width=1))
        out.append(Panel(title, series, value_range(sc, rows, np.concatenate(seen)), short_title(title)))
    return out


class ChartPanel(BoardPart):
    """Every meter (or both scores) over the weeks so far; with a hovered move, its forecast fan."""

    def draw(self, s: pygame.Surface, rect: pygame.Rect, result) -> None:
        """Draw the chart: history, or the forecast `result` of the hovered move (an Exception: why it failed)."""
        panel(s, rect)
        sc = self.sc
        hist_n = len(self.session.game.snapshots)
        if isinstance(result, tuple):
            with_move, without = result
            move = sc.move_by_id(self.viewer, self.board.hovered)
            weeks = with_move.quantiles.shape[1] - 1
            ahead = weeks_text(weeks)
            title = first_fit(
                (
                    f"Forecast: “{move.label}”, {ahead}",
                    f"Forecast of the hovered move, {ahead}",
                    f"Forecast, {ahead}",
                ),
                font(15, "semibold"),
                rect.width - px(200),
            )
            labels = week_labels(sc, hist_n + weeks)
            panels = forecast_panels(self.session, self.viewer, with_move, without)
            q = with_move.scores[:, -1, self.viewer]
            b = without.scores[1, -1, self.viewer]
            at = "at the end" if weeks < WEEKS else f"in {weeks} weeks"
            note = first_fit(
                (
                    f"Your score {at}: {q[1]:.0f} (P10 {q[0]:.0f} – P90 {q[2]:.0f}); "
                    f"without it {b:.0f} · {with_move.runs:,} rollouts",
                    f"Your score {at}: {q[1]:.0f} (P10 {q[0]:.0f} – P90 {q[2]:.0f}); without it {b:.0f}",
                    f"{at.capitalize()}: {q[1]:.0f} (P10 {q[0]:.0f}–P90 {q[2]:.0f}); without {b:.0f}",
                ),
                font(12),
                rect.width - px(24),
            )
        else:
            title = first_fit(
                (
                    "Meters over time"
                    + (" (noisy numbers estimated)" if self.watching else " (their numbers are your estimates)"),
                    "Meters over time" + (" (estimated)" if self.watching else " (theirs estimated)"),
                    "Meters over time",
                ),
                font(15, "semibold"),
                rect.width - px(200),
            )
            labels = week_labels(sc, hist_n)
            panels = history_panels(self.session, self.eyes)
            if self.board.chart_mode == "scores":
                title = first_fit(
                    (
                        "Scores over time" + (" (estimated)" if self.watching else " (theirs estimated, dashed)"),
                        "Scores over time",
                    ),
                    font(15, "semibold"),
                    rect.width - px(200),
                )
                panels = score_panels(self.session, self.eyes)
            note = first_fit(
                (
                    "Hover a move card for its forecast: the spread (P10–P90) of thousands of simulated weeks.",
                    "Hover a move card for its forecast (P10–P90 of thousands of simulated weeks).",
                    "Hover a move card for its forecast.",
                ),
                font(12),
                rect.width - px(24),
            )
            if self.watching:
                note = "You watch as the public: each side's noisy numbers are the other side's estimates."
            if isinstance(result, Exception):
                note = f"Forecast failed: {result}"
        draw_text(s, title, font(15, "semibold"), C["text"], (rect.x + px(12), rect.y + px(8)), rect.width - px(200))
        draw_text(s, note, font(12), C["dim"], (rect.x + px(12), rect.bottom - px(20)), rect.width - px(24))
        area = pygame.Rect(rect.x + px(6), rect.y + px(32), rect.width - px(12), rect.height - px(56))
        marker = hist_n - 1 if result is not None else None
        rects = draw_grid(s, area, labels, panels, marker=marker)
        for pr, p in zip(rects, panels):
            last = ", ".join(f"{x.label} {x.values[-1]:.1f}" for x in p.series if x.label != "without")
            self.tip(pr, f"<b>{html.escape(p.title)}</b><br>{html.escape(last)}")
