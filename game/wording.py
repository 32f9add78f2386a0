"""Small wording helpers for text shown to players: plurals, possessives, packed lines, sums that add up.

Game logic free (no numpy, no pygame): the terminal, the records and the window can all use them.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence


def plural(count: float, word: str, many: str | None = None, spec: str = ".0f") -> str:
    """'1 week', '3 weeks', '0 weeks', '1.5 weeks': the count formatted with ``spec`` and the word to match."""
    text = format(float(count), spec)
    return f"{text} {word if text in ('1', '-1') else (many or word + 's')}"


def singular_unit(text: str, unit: str) -> str:
    """The unit to write after a formatted number: 'week' after exactly '1', else the unit as given."""
    if text in ("1", "-1") and len(unit) > 1 and unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def quotes_in(text: str) -> list[str]:
    """The double-quoted passages of a headline, quotes included ('"a very positive conclusion"')."""
    return re.findall(r'["“][^"”]+["”]', text)


def pack(items: Sequence[str], width: int, first: str = "", indent: str = "  ", sep: str = " · ") -> list[str]:
    """Items joined by ``sep`` into lines no wider than ``width``, never splitting an item unless it alone is too wide.

    The first line starts with ``first``, the others with ``indent``.
    """
    lines, line, empty = [], first, True
    for item in items:
        piece = item if empty else sep + item
        if not empty and len(line) + len(piece) > width:
            lines.append(line)
            line, empty, piece = indent, True, item
        line += piece
        empty = False
    lines.append(line)
    out = []
    for text in lines:
        if len(text) <= width:
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        out += textwrap.wrap(text.strip(), width, initial_indent=lead, subsequent_indent=indent) or [text]
    return out


def columns(items: Sequence[str], width: int, indent: str = "  ", gap: int = 3, most: int = 3) -> list[str]:
    """Items in as many columns (up to ``most``, filled top to bottom) as fit ``width`` without cutting any."""
    if not items:
        return []
    for count in range(min(most, len(items)), 0, -1):
        rows = math.ceil(len(items) / count)
        cols = [items[c * rows : (c + 1) * rows] for c in range(count)]
        cols = [c for c in cols if c]
        widths = [max(len(i) for i in c) for c in cols]
        if len(indent) + sum(widths) + gap * (len(cols) - 1) <= width or count == 1:
            lines = []
            for r in range(rows):
                cells = [cols[c][r].ljust(widths[c]) for c in range(len(cols)) if r < len(cols[c])]
                lines.append((indent + (" " * gap).join(cells)).rstrip())
            return lines
    return []


def apportion(amounts: Sequence[float], total: float, step: float) -> list[float]:
    """Amounts rounded to multiples of ``step`` so that they add up exactly to ``total`` (itself such a multiple).

    Each is rounded to the nearest step; the difference left is handed out a step at a time to the
    amounts whose rounding moved them furthest the other way (largest remainders).
    """
    units = [a / step for a in amounts]
    rounded = [round(u) for u in units]
    left = round(total / step) - sum(rounded)
    while left:
        sign = 1 if left > 0 else -1
        best = max(range(len(units)), key=lambda i: (units[i] - rounded[i]) * sign)
        rounded[best] += sign
        left -= sign
    return [r * step for r in rounded]


def shown_number(value: float, spec: str) -> float:
    """The number a format shows, as a number: 2.85 with '.1f' shows 2.9 (the float is a hair above 2.85)."""
    text = format(float(value), spec)
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def step_of(spec: str) -> float:
    """The smallest step a number format shows: '.0f' → 1, '.1f' → 0.1, '.0%' → 0.01, 'd' → 1."""
    match = re.fullmatch(r"[^.]*\.(\d+)([fF%])", spec)
    if not match:
        return 1.0
    digits = int(match.group(1)) + (2 if match.group(2) == "%" else 0)
    return 10.0**-digits


def rung_at(ladder, value: float) -> str:
    """The label of a scenario ladder's rung at a value (the highest rung at or below it)."""
    names = [r.label for r in ladder.rungs if value >= r.at][-1:] or [ladder.rungs[0].label]
    return names[0]


def ending_title(game) -> str:
    """A finished game's ending title, qualified when the deadline passed quietly on paper but not in fact.

    The horizon ending ('August 12, truce intact') reads as calm; if the ladder stands at one of
    its two top rungs (a trade war) the title says the calm is on paper only.
    """
    ending, sc = game.ending, game.scenario
    ladder = sc.model.ladder
    if ending is None:
        return "Game over"
    if ending.when is not None or ladder is None or len(ladder.rungs) < 3:
        return ending.title
    value = game.value(ladder.variable)
    if value < ladder.rungs[-2].at:
        return ending.title
    label = sc.variables[sc.row(ladder.variable)].label.lower()
    return f"{ending.title}, but only on paper: {rung_at(ladder, value)} ({label} {value:.0f})"


SOURCE_SHOWN = 60
"""Most characters of a text citation shown after a headline (a URL shows its site)."""


def cite(text: str, source: str) -> str:
    """A headline with its source named briefly: 'Boycott spreads (source: koreabizwire.com)'."""
    source = source.strip()
    if not source:
        return text
    match = re.match(r"https?://(?:www\.)?([^/?#\s]+)", source)
    if match:
        short = match.group(1)
    else:
        short = source if len(source) <= SOURCE_SHOWN else source[: SOURCE_SHOWN - 1].rstrip() + "…"
    return f"{text} (source: {short})"
