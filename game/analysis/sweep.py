"""Parameter sweeps: the same seeded games at every point of a grid of scenario changes, as a tidy table.

Each grid point is the scenario with some values changed (``scenario.overrides``);
every point plays the same seeds, so differences between points come from the
changes, not from luck.  The work is cut into (point, chunk) units played here,
in local processes or on a Dask cluster (``analysis.parallel``); the table is
the same wherever they ran.  One row per point: the values set, each ending's
share, win/draw/loss shares, score quantiles per side and the key meters'
quantiles at the end.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..engine.scoring import BOTH_LOSE, DRAW, LOSS, WIN, results
from ..scenario.compiled import CompiledScenario
from ..scenario.overrides import Override
from .parallel import Source, spread
from .runner import Chunk, chunks

MAX_POINTS = 1_000
"""Most grid points one sweep plays."""
SCORE_QUANTILES = (10, 50, 90)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Axis:
    """One swept parameter: a dotted path into the scenario and the values it takes."""

    path: str
    values: tuple[object, ...]


def grid(axes: Sequence[Axis]) -> list[tuple[Override, ...]]:
    """Every combination of the axes' values, the last axis varying fastest."""
    combos = itertools.product(*[[(axis.path, value) for value in axis.values] for axis in axes])
    return [tuple(combo) for combo in combos]


@dataclass(frozen=True)
class PointChunk:
    """One chunk of one grid point's games."""

    point: int
    chunk: Chunk

    def play(self, sc: CompiledScenario) -> dict[str, np.ndarray]:
        """The chunk's endings, scores, result codes, deals and key meters at the end (small to send back)."""
        result = self.chunk.play(sc)
        return {
            "endings": result.endings,
            "scores": result.scores,
            "codes": results(sc, result.final, result.scores),
            "deal": result.deal,
            "meters": result.final[list(sc.key_variables)],
        }

    def weight(self, sc: CompiledScenario) -> float:
        """Bigger chunks first."""
        return self.chunk.games


def sweep(
    source: Source,
    axes: Sequence[Axis],
    names: tuple[str, str],
    games: int,
    seed: int = 0,
    difficulty: str = "normal",
    progress: Progress | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    chunk: int | None = None,
) -> list[dict]:
    """One row per grid point (see the module's note); OverrideError if a point's scenario does not load."""
    points = grid(axes)
    if len(points) > MAX_POINTS:
        raise ValueError(f"the grid has {len(points):,} points; at most {MAX_POINTS:,}")
    sources = [Source(source.text, source.name, overrides) for overrides in points]
    compiled = [s.compile() for s in sources]  # every point checked here, before any work is sent
    units = [
        (sources[p], PointChunk(p, c))
        for p, sc in enumerate(compiled)
        for c in chunks(sc, names, difficulty, games, seed, chunk)
    ]
    parts: list = [None] * len(units)
    done = 0
    for k, part in spread(units, jobs, scheduler):
        parts[k] = part
        done += len(part["endings"])
        if progress is not None:
            progress(done, games * len(points))
    by_point: list[list[dict]] = [[] for _ in points]
    for (_, unit), part in zip(units, parts):
        by_point[unit.point].append(part)
    return [point_row(sc, overrides, found) for sc, overrides, found in zip(compiled, points, by_point)]


def point_row(sc: CompiledScenario, overrides: tuple[Override, ...], parts: list[dict]) -> dict:
    """The table's row for one grid point from its chunks (in order)."""
    joined = {key: np.concatenate([p[key] for p in parts], axis=-1 if key == "meters" else 0) for key in parts[0]}
    games = len(joined["endings"])
    row: dict = dict(overrides)
    row["games"] = games
    counts = np.bincount(joined["endings"], minlength=len(sc.endings))
    for ending in sc.endings:
        row[f"ending_{ending.id}"] = _share(counts[ending.index], games)
    codes = joined["codes"]
    for side, name in enumerate(sc.sides):
        row[f"{name}_win"] = _share(np.sum(codes[:, side] == WIN), games)
        row[f"{name}_loss"] = _share(np.sum(codes[:, side] == LOSS), games)
    row["draw"] = _share(np.sum(codes[:, 0] == DRAW), games)
    row["both_lose"] = _share(np.sum(codes[:, 0] == BOTH_LOSE), games)
    row["deal"] = _share(np.sum(joined["deal"]), games)
    for side, name in enumerate(sc.sides):
        row.update(_quantiles(f"{name}_score", joined["scores"][:, side], mean=True))
    for j, var in enumerate(sc.key_variables):
        row.update(_quantiles(sc.variables[var].name, joined["meters"][j]))
    return row


def _share(count, games: int) -> float:
    return round(float(count) / games, 4)


def _quantiles(prefix: str, values: np.ndarray, mean: bool = False) -> dict[str, float]:
    """'{prefix}_mean' (if asked) and '{prefix}_p10' ... '_p90', rounded for reading."""
    out = {f"{prefix}_mean": round(float(np.mean(values)), 3)} if mean else {}
    for q, v in zip(SCORE_QUANTILES, np.percentile(values, SCORE_QUANTILES)):
        out[f"{prefix}_p{q}"] = round(float(v), 3)
    return out


def columns(rows: list[dict]) -> list[str]:
    """Every column, in first-seen order."""
    return list(dict.fromkeys(key for row in rows for key in row))


def write_csv(rows: list[dict], path: Path) -> Path:
    """The table as CSV."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns(rows))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_parquet(rows: list[dict], path: Path) -> Path | None:
    """The table as Parquet if pyarrow is installed; None if it is not."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    names = columns(rows)
    table = pa.table({name: [_cell(row.get(name)) for row in rows] for name in names})
    pq.write_table(table, path)
    return path


def _cell(value: object) -> object:
    """A swept value as Parquet stores it (a column of mixed numbers and text becomes text)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def format_sweep(sc: CompiledScenario, axes: Sequence[Axis], rows: list[dict]) -> str:
    """A readable table: the values set, then who wins, ruin and mean scores per point."""
    paths = [axis.path for axis in axes]
    heads = [*paths, *(f"{s} win" for s in sc.sides), "draw", "both lose", *(f"{s} score" for s in sc.sides)]
    widths = [max(len(h), 8) for h in heads]
    lines = [f"{sc.title}: {len(rows)} grid points, {rows[0]['games'] if rows else 0:,} games each", ""]
    lines.append("  ".join(h.rjust(w) for h, w in zip(heads, widths)))
    for row in rows:
        cells = [str(row[p]) for p in paths]
        cells += [f"{row[f'{s}_win']:.1%}" for s in sc.sides] + [f"{row['draw']:.1%}", f"{row['both_lose']:.1%}"]
        cells += [f"{row[f'{s}_score_mean']:.1f}" for s in sc.sides]
        lines.append("  ".join(c.rjust(w) for c, w in zip(cells, widths)))
    return "\n".join(lines)
