"""PNG charts for calibration and reports, drawn by the window's chart module when it is installed.

Game logic never imports pygame, so the drawing lives in ``game/ui/charts.py``
(the window's module).  This adapter looks it up at run time and expects:

- ``band_chart(path, title, weeks, low, median, high, real)`` — a P10-P90 band
  with its median and the real path on top (``real`` may hold None where unknown);
- ``line_chart(path, title, weeks, series, ticks)`` — ``series`` maps a label to values; ``ticks``
  names values on the y axis (a lever's settings) instead of numbers.

Each writes one PNG to ``path``.  Until the module exists, ``chart_module()``
returns None and callers say so.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from .calibrate import Calibration
from .history import Comparison

UNAVAILABLE = "PNG charts need the window's chart module (game/ui/charts.py), which this version does not have"


def chart_module(*needs: str) -> ModuleType | None:
    """game.ui.charts if it is installed and has the functions needed, else None."""
    try:
        module = importlib.import_module("game.ui.charts")
    except ImportError:
        return None
    return module if all(callable(getattr(module, name, None)) for name in needs) else None


def plot_calibration(cal: Calibration, path: Path) -> list[Path]:
    """One band chart per tracked variable: path's stem plus the variable's name; [] if charts are unavailable."""
    charts = chart_module("band_chart")
    if charts is None:
        return []
    out = []
    weeks = list(range(1, cal.weeks + 1))
    for name in cal.variables():
        bands = {b.week: b for b in cal.by_variable(name)}
        target = path.with_name(f"{path.stem}-{name.replace('.', '_')}{path.suffix or '.png'}")
        low = [bands[w].low if w in bands else None for w in weeks]
        median = [bands[w].median if w in bands else None for w in weeks]
        high = [bands[w].high if w in bands else None for w in weeks]
        real = [bands[w].real if w in bands else None for w in weeks]
        charts.band_chart(target, name, weeks, low, median, high, real)
        out.append(target)
    return out


def plot_comparison(comparison: Comparison, folder: Path, stem: str, limit: int = 6) -> list[Path]:
    """Line charts of the played path against history for the variables that differ most; [] if unavailable."""
    charts = chart_module("line_chart")
    if charts is None:
        return []
    out = []
    ranked = sorted(comparison.variables, key=lambda v: -v.spread)[:limit]
    for v in ranked:
        length = max(len(v.played), len(v.history))
        weeks = list(range(length))
        series = {"this game": pad(v.played, length), "history (replayed)": pad(v.history, length)}
        if v.observed:
            series["really"] = [v.observed.get(w) for w in weeks]
        target = folder / f"{stem}-{v.name.replace('.', '_')}.png"
        charts.line_chart(target, v.label, weeks, series, setting_ticks(comparison, v.name))
        out.append(target)
    return out


def setting_ticks(comparison: Comparison, name: str) -> list[tuple[float, str]]:
    """A lever's settings as (value, name) for a chart's y axis; [] for a meter or a lever without names."""
    sc = comparison.scenario
    if sc.variables[sc.row(name)].role != "lever":
        return []
    lever = sc.lever_by_name(name)
    return [(float(v), n) for v, n in zip(lever.values, lever.notch_names, strict=False)] if lever.notch_names else []


def pad(values: list[float], length: int) -> list[float | None]:
    """Values followed by None up to a length."""
    return list(values) + [None] * (length - len(values))
