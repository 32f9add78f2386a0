"""Charts of meters over time: lines, and fans (P10-P50-P90 bands), on a pygame Surface or saved as PNG.

One module for the window (the board's chart panel, forecasts, the debrief) and
for headless output (``simulate --plot``).  The headless API needs no window:

    from game.ui.charts import Series, Panel, fan_series, save_fan_chart, save_chart_grid

    runs = np.array(...)  # (games, weeks) values of one meter
    save_fan_chart("tension.png", "Tension", ["Jun 2", "Jun 9", ...], [fan_series("Tension", runs, "#e3b34c")])
    save_chart_grid("meters.png", "June 2025, 1000 games", labels, [Panel("US economy", [...]), ...])

``Series`` holds one line (P50) with an optional band (P10 and P90) starting at
x index ``offset``; ``Panel`` is one small chart of a grid.  Colours are '#rrggbb'
strings or RGB tuples.  Set ``SDL_VIDEODRIVER=dummy`` where there is no display.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from .theme import C, Color, draw_text, font, hex_color, mix, px, text_width

BAND_ALPHA = 55
MIN_PANEL_WIDTH = 130
"""Small multiples are never narrower than this (at 1280x720), so their titles and ticks stay readable."""


@dataclass(frozen=True)
class Series:
    """One line on a chart (the median, or the only value), with an optional P10-P90 band."""

    label: str
    values: Sequence[float]
    """The line: P50 of a fan, or the values themselves."""
    low: Sequence[float] | None = None
    """P10 (lower edge of the band), same length as values."""
    high: Sequence[float] | None = None
    """P90 (upper edge of the band)."""
    color: str | Color = "#e3b34c"
    offset: int = 0
    """x index of the first value (a forecast starts where history ends)."""
    dashed: bool = False
    width: int = 2

    @property
    def rgb(self) -> Color:
        return hex_color(self.color) if isinstance(self.color, str) else tuple(self.color)


@dataclass(frozen=True)
class Panel:
    """One chart of a grid: a title, its series, and optionally a fixed y range."""

    title: str
    series: Sequence[Series]
    y_range: tuple[float, float] | None = None
    short: str = ""
    """A shorter title used when the title does not fit."""


def fan_series(label: str, samples: np.ndarray, color: str | Color, offset: int = 0, dashed: bool = False) -> Series:
    """A fan from samples shaped (runs, steps): P50 line with a P10-P90 band."""
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 2 or samples.shape[0] == 0:
        raise ValueError("samples must be shaped (runs, steps) with at least one run")
    p10, p50, p90 = np.percentile(samples, [10, 50, 90], axis=0)
    return Series(label, p50.tolist(), p10.tolist(), p90.tolist(), color, offset, dashed)


# -- scales ---------------------------------------------------------------------
def nice_range(values: Sequence[float], pad: float = 0.08) -> tuple[float, float]:
    """A y range covering the values with a little room, rounded to a readable step."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return 0.0, 1.0
    lo, hi = min(finite), max(finite)
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    span = hi - lo
    floor = 0.0 if lo >= 0 else -math.inf
    lo, hi = max(lo - span * pad, floor), hi + span * pad
    step = nice_step(hi - lo, 5)
    return max(math.floor(lo / step) * step, floor), math.ceil(hi / step) * step


def nice_step(span: float, ticks: int) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def _series_values(series: Sequence[Series]) -> list[float]:
    out: list[float] = []
    for s in series:
        out += list(s.values)
        out += list(s.low or ()) + list(s.high or ())
    return out


def _tick_text(value: float, step: float) -> str:
    return f"{value:.0f}" if step >= 1 else f"{value:.1f}"


# -- drawing --------------------------------------------------------------------
def draw_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_range: tuple[float, float] | None = None,
    marker: int | None = None,
    compact: bool = False,
    background: bool = True,
    short_title: str = "",
    y_ticks: Sequence[tuple[float, str]] = (),
) -> pygame.Rect:
    """Draw one chart into rect; return the plot area.  marker: x index of a 'now' line; y_ticks: named values
    (a lever's settings) marked on the y axis instead of numbers."""
    rect = pygame.Rect(rect)
    if background:
        pygame.draw.rect(surface, C["panel"], rect, border_radius=6)
    title_font = font(12 if compact else 15, "semibold")
    tick_font = font(10 if compact else 12)
    pad = px(6 if compact else 10)
    if title:
        if short_title and text_width(title, title_font) > rect.width - 2 * pad:
            title = short_title
        for size in (11, 10) if compact else (14, 13):  # a narrow chart: a smaller title before a shortened one
            if text_width(title, title_font) <= rect.width - 2 * pad:
                break
            title_font = font(size, "semibold")
        draw_text(surface, title, title_font, C["text"], (rect.x + pad, rect.y + pad - px(2)), rect.width - 2 * pad)
    top = rect.y + pad + (title_font.get_linesize() if title else 0) + tick_font.get_height() // 2 + px(2)
    lo, hi = y_range if y_range else (named_range(y_ticks) if y_ticks else nice_range(_series_values(series)))
    height = max(rect.bottom - pad - tick_font.get_linesize() - top, 10)
    fits = height // (tick_font.get_height() + px(2))  # tick labels never run into each other
    step = nice_step(hi - lo, max(1, min(3 if compact else 4, fits)))
    if y_ticks:
        label_w = min(max(text_width(name, tick_font) for _, name in y_ticks), rect.width // 3) + px(6)
    else:
        label_w = max(text_width(_tick_text(v, step), tick_font) for v in (lo, hi)) + px(6)
    plot = pygame.Rect(rect.x + pad + label_w, top, 0, height)
    plot.width = max(rect.right - pad - plot.x, 10)
    _draw_axes(surface, plot, x_labels, lo, hi, step, tick_font, y_ticks, label_w - px(6))
    n = max(len(x_labels), 1)

    def to_xy(i: float, v: float) -> tuple[float, float]:
        x = plot.x + (plot.width * i / (n - 1) if n > 1 else plot.width / 2)
        y = plot.bottom - (v - lo) / (hi - lo) * plot.height
        return x, min(max(y, plot.top), plot.bottom)

    if marker is not None and 0 <= marker < n:
        x, _ = to_xy(marker, lo)
        _dashed_line(surface, C["dim"], (x, plot.top), (x, plot.bottom), 4)
    bands = pygame.Surface(plot.size, pygame.SRCALPHA)
    for s in series:
        if s.low is not None and s.high is not None and len(s.values) > 1:
            upper = [to_xy(s.offset + i, v) for i, v in enumerate(s.high)]
            lower = [to_xy(s.offset + i, v) for i, v in enumerate(s.low)]
            points = [(x - plot.x, y - plot.y) for x, y in upper + lower[::-1]]
            pygame.draw.polygon(bands, (*s.rgb, BAND_ALPHA), points)
    surface.blit(bands, plot.topleft)
    for s in series:
        if s.low is not None and s.high is not None and len(s.values) > 1:
            edge = mix(s.rgb, C["panel"], 0.45)
            for edge_values in (s.low, s.high):
                pygame.draw.aalines(surface, edge, False, [to_xy(s.offset + i, v) for i, v in enumerate(edge_values)])
    for s in series:
        points = [to_xy(s.offset + i, v) for i, v in enumerate(s.values)]
        _draw_line(surface, s.rgb, points, s.width, s.dashed)
    return plot


def named_range(ticks: Sequence[tuple[float, str]]) -> tuple[float, float]:
    """A y range just wider than the named values, so the first and last names sit inside the plot."""
    values = [v for v, _ in ticks]
    lo, hi = min(values), max(values)
    room = (hi - lo) * 0.08 if hi > lo else 1.0
    return lo - room, hi + room


def _y_ticks(lo: float, hi: float, step: float, named: Sequence[tuple[float, str]]) -> list[tuple[float, str]]:
    """(value, label) of each y tick: the named values given, else round numbers every step."""
    if named:
        return [(v, name) for v, name in named if lo - 1e-9 <= v <= hi + 1e-9]
    out, value = [], math.ceil(lo / step) * step
    while value <= hi + 1e-9:
        out.append((value, _tick_text(value, step)))
        value += step
    return out


def _draw_axes(surface, plot, x_labels, lo, hi, step, tick_font, named=(), label_w=0) -> None:
    gap = tick_font.get_height()
    last = math.inf
    for value, text in _y_ticks(lo, hi, step, named):
        y = plot.bottom - (value - lo) / (hi - lo) * plot.height
        pygame.draw.line(surface, C["grid"], (plot.x, y), (plot.right, y))
        if named and last - y < gap:
            continue  # names too close to the one below stay unwritten (the line still shows)
        last = y
        draw_text(
            surface,
            text,
            tick_font,
            C["dim"],
            (plot.x - px(4), int(y - tick_font.get_height() / 2)),
            label_w if named else 0,
            align="right",
        )
    n = len(x_labels)
    if not n:
        return
    widest = max(text_width(label, tick_font) for label in x_labels) + px(10)
    every = max(1, math.ceil(widest * n / max(plot.width, 1)))
    shown = [i for i in range(n) if i % every == 0]
    if n > 1 and shown[-1] != n - 1:
        last_left = plot.right - text_width(x_labels[-1], tick_font) - px(8)
        shown = [i for i in shown if plot.x + plot.width * i / (n - 1) + widest / 2 < last_left] + [n - 1]
    for i in shown:
        label = x_labels[i]
        x = plot.x + (plot.width * i / (n - 1) if n > 1 else plot.width / 2)
        anchor = "center"
        if i == 0 and n > 1:
            x, anchor = plot.x, "left"
        elif i == n - 1 and n > 1:
            x, anchor = plot.right, "right"
        pygame.draw.line(surface, C["border"], (x, plot.bottom), (x, plot.bottom + px(3)))
        draw_text(surface, label, tick_font, C["dim"], (int(x), plot.bottom + px(3)), align=anchor)


def _draw_line(surface, color: Color, points, width: int, dashed: bool) -> None:
    if len(points) == 1:
        pygame.draw.circle(surface, color, points[0], width + 1)
        return
    if dashed:
        for a, b in itertools.pairwise(points):
            _dashed_line(surface, color, a, b, 5)
        return
    pygame.draw.lines(surface, color, False, points, width)
    pygame.draw.aalines(surface, mix(color, C["text"], 0.15), False, points)
    pygame.draw.circle(surface, color, points[-1], width + 1)


def _dashed_line(surface, color: Color, a, b, dash: int) -> None:
    ax, ay = a
    bx, by = b
    length = math.hypot(bx - ax, by - ay)
    if length < 1:
        return
    steps = max(int(length / dash), 1)
    for k in range(0, steps, 2):
        t0, t1 = k / steps, min((k + 1) / steps, 1.0)
        pygame.draw.line(
            surface, color, (ax + (bx - ax) * t0, ay + (by - ay) * t0), (ax + (bx - ax) * t1, ay + (by - ay) * t1), 2
        )


def draw_legend(surface: pygame.Surface, pos: tuple[int, int], items: Sequence[tuple[str, Color]], width: int) -> int:
    """Coloured swatches with labels in rows from pos within width; return the height used."""
    fnt = font(12)
    x, y = pos
    line = fnt.get_linesize() + 2
    for label, color in items:
        w = 18 + text_width(label, fnt) + 14
        if x + w > pos[0] + width and x > pos[0]:
            x, y = pos[0], y + line
        pygame.draw.rect(surface, color, (x, y + line // 2 - 3, 12, 6), border_radius=2)
        draw_text(surface, label, fnt, C["dim"], (x + 16, y), pos[0] + width - x - 16)
        x += w
    return y + line - pos[1]


def legend_items(panels: Sequence[Panel]) -> list[tuple[str, Color]]:
    """Unique (label, colour) pairs across panels, first seen first."""
    seen: dict[str, Color] = {}
    for p in panels:
        for s in p.series:
            seen.setdefault(s.label, s.rgb)
    return list(seen.items())


def grid_shape(count: int, width: int, height: int, most: int | None = None) -> tuple[int, int]:
    """(columns, rows) for count panels, each roughly 1.6 times as wide as tall (and at most `most` columns)."""
    most = min(count, most or count)
    best = (most, math.ceil(count / most))
    best_score = float("inf")
    for cols in range(1, most + 1):
        rows = math.ceil(count / cols)
        aspect = (width / cols) / max(height / rows, 1)
        score = abs(math.log(aspect / 1.6)) + 0.05 * (cols * rows - count)
        if score < best_score:
            best, best_score = (cols, rows), score
    return best


def draw_grid(
    surface: pygame.Surface,
    rect: pygame.Rect,
    x_labels: Sequence[str],
    panels: Sequence[Panel],
    columns: int | None = None,
    marker: int | None = None,
    gap: int | None = None,
) -> list[pygame.Rect]:
    """Small multiples: one compact chart per panel inside rect; return each panel's rect."""
    rect = pygame.Rect(rect)
    gap = px(6) if gap is None else gap
    if not panels:
        return []
    cols, rows = grid_shape(len(panels), rect.width, rect.height, max(1, rect.width // px(MIN_PANEL_WIDTH)))
    if columns:
        cols, rows = columns, math.ceil(len(panels) / columns)
    w = (rect.width - gap * (cols - 1)) // cols
    h = (rect.height - gap * (rows - 1)) // rows
    out = []
    for i, p in enumerate(panels):
        r = pygame.Rect(rect.x + (i % cols) * (w + gap), rect.y + (i // cols) * (h + gap), w, h)
        draw_chart(surface, r, p.title, x_labels, p.series, p.y_range, marker, compact=True, short_title=p.short)
        out.append(r)
    return out


# -- headless output ------------------------------------------------------------
def _canvas(size: tuple[int, int]) -> pygame.Surface:
    if not pygame.font.get_init():
        pygame.font.init()
    canvas = pygame.Surface(size)
    canvas.fill(C["bg"])
    return canvas


def save_fan_chart(
    path: str | Path,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    size: tuple[int, int] = (960, 540),
    y_range: tuple[float, float] | None = None,
) -> Path:
    """Draw one chart (lines and fans of several series) with a legend and save it as a PNG."""
    canvas = _canvas(size)
    legend_h = draw_legend(canvas, (16, size[1] - 28), [(s.label, s.rgb) for s in series], size[0] - 32)
    area = pygame.Rect(8, 8, size[0] - 16, size[1] - 16 - legend_h - 8)
    draw_chart(canvas, area, title, x_labels, series, y_range)
    return _save(canvas, path)


def save_chart_grid(
    path: str | Path,
    title: str,
    x_labels: Sequence[str],
    panels: Sequence[Panel],
    size: tuple[int, int] = (1280, 720),
    columns: int | None = None,
) -> Path:
    """Draw a titled grid of small charts with one legend (e.g. every meter, both sides) and save a PNG."""
    canvas = _canvas(size)
    draw_text(canvas, title, font(20, "bold"), C["text"], (16, 12), size[0] - 32)
    legend_h = draw_legend(canvas, (16, 44), legend_items(panels), size[0] - 32)
    area = pygame.Rect(8, 44 + legend_h + 6, size[0] - 16, size[1] - 44 - legend_h - 14)
    draw_grid(canvas, area, x_labels, panels, columns)
    return _save(canvas, path)


def _save(canvas: pygame.Surface, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(canvas, str(path))
    return path


# -- charts for reports and calibration (``game.records.charts`` looks these up) ----------
LINE_COLORS = ("#e3b34c", "#9aa9b8", "#4cb782", "#e0605a", "#3d6fb6")


def known_runs(values: Sequence[float | None]) -> list[tuple[int, list[float]]]:
    """The stretches of known values as (index of the first, values); None marks an unknown week."""
    runs: list[tuple[int, list[float]]] = []
    for i, v in enumerate(values):
        if v is None or not math.isfinite(v):
            continue
        if runs and runs[-1][0] + len(runs[-1][1]) == i:
            runs[-1][1].append(float(v))
        else:
            runs.append((i, [float(v)]))
    return runs


def week_axis(weeks: Sequence[int]) -> list[str]:
    """x labels for week numbers ('start' for week 0)."""
    return ["start" if w == 0 else f"wk {w}" for w in weeks]


def _save_lines(
    path: str | Path, title: str, weeks: Sequence[int], series: list[Series], ticks: Sequence[tuple[float, str]] = ()
) -> Path:
    """One chart with a legend of unique labels (and named y ticks if given), saved as a PNG."""
    size = (960, 540)
    canvas = _canvas(size)
    items = list({s.label: s.rgb for s in series}.items())
    legend_h = draw_legend(canvas, (16, size[1] - 28), items, size[0] - 32)
    area = pygame.Rect(8, 8, size[0] - 16, size[1] - 16 - legend_h - 8)
    draw_chart(canvas, area, title, week_axis(weeks), series, y_ticks=ticks)
    return _save(canvas, path)


def line_chart(
    path: str | Path,
    title: str,
    weeks: Sequence[int],
    series: dict[str, Sequence[float | None]],
    ticks: Sequence[tuple[float, str]] = (),
) -> Path:
    """Labelled lines over weeks (None where unknown; lone known weeks drawn as dots) saved as a PNG; ticks:
    (value, name) marks for the y axis instead of numbers (a lever's settings)."""
    lines = []
    for k, (label, values) in enumerate(series.items()):
        color = LINE_COLORS[k % len(LINE_COLORS)]
        dashed = k == 1
        lines += [Series(label, run, color=color, offset=start, dashed=dashed) for start, run in known_runs(values)]
    return _save_lines(path, title, weeks, lines, ticks)


def band_chart(
    path: str | Path,
    title: str,
    weeks: Sequence[int],
    low: Sequence[float | None],
    median: Sequence[float | None],
    high: Sequence[float | None],
    real: Sequence[float | None],
) -> Path:
    """A P10-P90 band with its median, and the real path on top, saved as a PNG."""
    lines = []
    for start, run in known_runs(median):
        span = range(start, start + len(run))
        lows, highs = [low[i] for i in span], [high[i] for i in span]
        if all(v is not None for v in lows + highs):
            lines.append(Series("simulated P50 (band P10–P90)", run, lows, highs, LINE_COLORS[0], start))
        else:
            lines.append(Series("simulated P50 (band P10–P90)", run, color=LINE_COLORS[0], offset=start))
    lines += [Series("really", run, color=C["text"], offset=start) for start, run in known_runs(real)]
    return _save_lines(path, title, weeks, lines)
