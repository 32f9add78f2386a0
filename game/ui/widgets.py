"""Custom-drawn pieces of the board: meter rows (exact or estimated), lever rows, the escalation ladder, a spinner.

Each function draws into a rect and returns the tooltip text for it, so the
screen can register hover regions; all text goes through ``theme`` helpers and
never overflows its box.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pygame

from ..scenario.compiled import CompiledScenario, LeverInfo, VarInfo
from .theme import C, Color, draw_text, font, mix, px

LIKELY_SPREAD = 1.7
"""Nine estimates in ten fall within this many noise units of the truth (triangular noise)."""

ROW_H = 28


def value_text(sc: CompiledScenario, var: VarInfo, value: float, kind: str) -> str:
    """A value as the viewer sees it: exact, '~54 ±5', or 'unknown'."""
    if kind == "unknown":
        return "unknown"
    text = var.show(value)
    if var.role == "lever":
        lever = sc.lever_by_name(var.name)
        notch = lever.notch_name(value)
        if notch:
            text = notch if not var.unit else f"{text} ({notch})"
    if kind == "estimate":
        return f"~{text} ±{format(LIKELY_SPREAD * var.noise, var.format)}"
    return text


def tip_text(sc: CompiledScenario, var: VarInfo, value: float, kind: str) -> str:
    """What a number is and what moves it, for its tooltip."""
    owner = f"{sc.side_texts[var.owner]['name']} — " if var.owner >= 0 else ""
    head = f"<b>{html.escape(owner + var.label)}: {html.escape(value_text(sc, var, value, kind))}</b>"
    body = html.escape(" ".join(var.describe.split())) if var.describe else ""
    extra = ""
    if kind == "estimate":
        extra = (
            f"<br><i>Your estimate of their number; nine times in ten the truth is within "
            f"±{format(LIKELY_SPREAD * var.noise, var.format)}.</i>"
        )
    elif kind == "unknown":
        extra = "<br><i>Hidden from you.</i>"
    if var.role == "lever":
        lever = sc.lever_by_name(var.name)
        settings = ", ".join(
            (lever.notch_names[i] if lever.notch_names else var.show(v)) + (" (now)" if abs(v - value) < 1e-9 else "")
            for i, v in enumerate(lever.values)
        )
        extra += f"<br>Settings: {html.escape(settings)}."
    return f"{head}<br>{body}{extra}"


def meter_row(
    surface: pygame.Surface,
    rect: pygame.Rect,
    sc: CompiledScenario,
    var: VarInfo,
    value: float,
    kind: str,
    color: Color,
) -> str:
    """Label and value on one line, a bar (with the estimate's band) under it; return the tooltip."""
    text = value_text(sc, var, value, kind)
    for size in (13, 12, 11):  # a narrow row draws a long label and setting a little smaller rather than cut them
        f_label, f_value = font(size), font(size, "semibold")
        value_w = f_value.size(text)[0]
        if f_label.size(var.label)[0] <= rect.width - value_w - px(8):
            break
    draw_text(surface, text, f_value, C["text"] if kind == "exact" else C["dim"], (rect.right, rect.y), align="right")
    draw_text(surface, var.label, f_label, C["dim"], (rect.x, rect.y), rect.width - value_w - px(8))
    bar = pygame.Rect(rect.x, rect.y + px(18), rect.width, px(5))
    pygame.draw.rect(surface, C["grid"], bar, border_radius=2)
    if var.role == "lever":
        _notches(surface, bar, sc.lever_by_name(var.name), value, color, kind)
        return tip_text(sc, var, value, kind)
    span = max(var.high - var.low, 1e-9)
    if kind == "unknown":
        for x in range(bar.x, bar.right, px(6)):
            pygame.draw.line(surface, C["border"], (x, bar.bottom - px(1)), (min(x + px(3), bar.right), bar.y))
        return tip_text(sc, var, value, kind)
    frac = float(np.clip((value - var.low) / span, 0, 1))
    if kind == "estimate":
        spread = LIKELY_SPREAD * var.noise / span
        lo, hi = max(frac - spread, 0), min(frac + spread, 1)
        band = pygame.Rect(
            bar.x + int(lo * bar.width), bar.y - px(1), max(int((hi - lo) * bar.width), 2), bar.height + px(2)
        )
        pygame.draw.rect(surface, mix(color, C["panel"], 0.55), band, border_radius=2)
        x = bar.x + int(frac * bar.width)
        pygame.draw.rect(surface, color, (x - 1, bar.y - px(2), px(3), bar.height + px(4)))
    else:
        pygame.draw.rect(surface, color, (bar.x, bar.y, max(int(frac * bar.width), 2), bar.height), border_radius=2)
    return tip_text(sc, var, value, kind)


def _notches(surface, bar: pygame.Rect, lever: LeverInfo, value: float, color: Color, kind: str) -> None:
    n = len(lever.values)
    current = int(np.argmin(np.abs(lever.values - value)))
    for i in range(n):
        x = bar.x + (bar.width * i / (n - 1) if n > 1 else bar.width / 2)
        on = i <= current
        radius = px(5 if i == current else 3)
        fill = color if on else C["border"]
        if kind != "exact":
            fill = mix(fill, C["panel"], 0.35)
        pygame.draw.circle(surface, fill, (int(x), bar.centery), radius)
    if n > 1:
        x = bar.x + bar.width * current / (n - 1)
        pygame.draw.rect(
            surface, mix(color, C["panel"], 0.2), (bar.x, bar.y + px(1), int(x - bar.x), bar.height - px(2))
        )


def ladder(surface: pygame.Surface, rect: pygame.Rect, sc: CompiledScenario, value: float) -> str:
    """The escalation ladder: rungs as a vertical scale, the current rung lit; return the tooltip."""
    spec = sc.model.ladder
    var = sc.variables[sc.row(spec.variable)]
    lo, hi = var.low, var.high
    bar = pygame.Rect(rect.x + px(4), rect.y + px(8), px(14), rect.height - px(16))

    def y_of(v: float) -> int:
        return int(bar.bottom - (v - lo) / max(hi - lo, 1e-9) * bar.height)

    steps = 24
    for k in range(steps):
        t = k / (steps - 1)
        col = mix(C["good"], C["bad"], t) if t < 0.999 else C["bad"]
        y0, y1 = y_of(lo + (hi - lo) * k / steps), y_of(lo + (hi - lo) * (k + 1) / steps)
        pygame.draw.rect(surface, mix(col, C["panel"], 0.55), (bar.x, y1, bar.width, y0 - y1 + 1))
    rungs = list(spec.rungs)
    current = max((i for i, r in enumerate(rungs) if value >= r.at), default=0)
    label_font, bold = font(13), font(13, "bold")
    step = label_font.get_linesize() + px(2)
    mids = []
    for i, rung in enumerate(rungs):
        y = y_of(rung.at)
        pygame.draw.line(surface, C["panel"], (bar.x, y), (bar.right, y), 2)
        top = y_of(rungs[i + 1].at) if i + 1 < len(rungs) else y_of(hi)
        mids.append((y + top) // 2 - label_font.get_height() // 2)
    for i in range(1, len(mids)):  # narrow rungs: labels pushed apart so none is written over another
        mids[i] = min(mids[i], mids[i - 1] - step)
    if mids:
        mids[-1] = max(mids[-1], rect.top)
    for i in range(len(mids) - 2, -1, -1):
        mids[i] = max(mids[i], mids[i + 1] + step)
    for i, rung in enumerate(rungs):
        mid = mids[i]
        on = i == current
        fnt = bold if on else label_font
        text = f"{rung.label}"
        draw_text(
            surface,
            text,
            fnt,
            C["accent"] if on else C["faint"],
            (bar.right + px(12), mid),
            rect.right - bar.right - px(60),
        )
    y = y_of(value)
    pygame.draw.polygon(
        surface, C["text"], [(bar.right + px(2), y), (bar.right + px(9), y - px(5)), (bar.right + px(9), y + px(5))]
    )
    pygame.draw.line(surface, C["text"], (bar.x - px(2), y), (bar.right + px(2), y), 2)
    draw_text(surface, var.show(value), font(15, "bold"), C["text"], (rect.right - px(4), y - px(10)), align="right")
    rung_text = rungs[current].label
    body = html.escape(" ".join(var.describe.split()))
    rung_list = html.escape(", ".join(f"{r.label} from {r.at:g}" for r in rungs))
    return (
        f"<b>{html.escape(var.label)}: {var.show(value)} — {html.escape(rung_text)}</b><br>{body}<br>Rungs: {rung_list}"
    )


def spinner(surface: pygame.Surface, center: tuple[int, int], t: float, progress: float | None = None) -> None:
    """A small turning arc (with a progress ring if a fraction is given)."""
    r = px(8)
    rect = pygame.Rect(0, 0, 2 * r, 2 * r)
    rect.center = center
    pygame.draw.circle(surface, C["grid"], center, r, 2)
    start = t * 6.0
    pygame.draw.arc(surface, C["accent"], rect, start, start + 1.8, 3)
    if progress is not None and progress > 0:
        pygame.draw.arc(
            surface, C["text"], rect.inflate(px(6), px(6)), math.pi / 2, math.pi / 2 + 2 * math.pi * progress, 2
        )
