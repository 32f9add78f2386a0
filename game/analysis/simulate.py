"""Summaries of many games: how they end, score and meter quantiles, deals, and fans over time."""

from __future__ import annotations

import numpy as np

from ..ai.leaders import Leader
from ..engine.scoring import BOTH_LOSE, DRAW, WIN, results
from ..scenario.compiled import CompiledScenario
from .runner import RunResult, escalation_rate

QUANTILES = (10, 25, 50, 75, 90)


def quantiles(values: np.ndarray) -> dict[str, float]:
    """Mean and the usual quantiles of some values, rounded for reading."""
    qs = np.percentile(values, QUANTILES)
    out = {"mean": round(float(np.mean(values)), 3)}
    out.update({f"p{q}": round(float(v), 3) for q, v in zip(QUANTILES, qs)})
    return out


def summarise(sc: CompiledScenario, result: RunResult, leaders: tuple[Leader, Leader]) -> dict:
    """Everything ``simulate`` reports, as a JSON-ready dict."""
    games = result.games
    counts = np.bincount(result.endings, minlength=len(sc.endings))
    s = result.scores
    codes = results(sc, result.final, s)
    return {
        "scenario": sc.id,
        "games": games,
        "leaders": {sc.sides[side]: {"name": leaders[side].id, "label": leaders[side].label} for side in (0, 1)},
        "endings": [
            {"id": e.id, "title": e.title, "games": int(counts[e.index]), "share": round(counts[e.index] / games, 4)}
            for e in sc.endings
        ],
        "scores": {sc.sides[side]: quantiles(s[:, side]) for side in (0, 1)},
        "wins": {
            sc.sides[0]: round(float(np.mean(codes[:, 0] == WIN)), 4),
            sc.sides[1]: round(float(np.mean(codes[:, 1] == WIN)), 4),
            "draw": round(float(np.mean(codes[:, 0] == DRAW)), 4),
            "both_lose": round(float(np.mean(codes[:, 0] == BOTH_LOSE)), 4),
        },
        "deal_share": round(float(result.deal.mean()), 4),
        "escalations_per_week": {sc.sides[side]: round(escalation_rate(sc, result, side), 3) for side in (0, 1)},
        "weeks": quantiles(result.weeks),
        "meters": [
            {"name": sc.variables[row].name, "label": meter_label(sc, row), **quantiles(result.final[row])}
            for row in result.tracked
        ],
    }


def meter_label(sc: CompiledScenario, row: int) -> str:
    """A variable's label after its side's short name (shared variables: the label alone)."""
    var = sc.variables[row]
    return f"{sc.side_texts[var.owner]['short']} {var.label}" if var.owner >= 0 else var.label


def fan_rows(sc: CompiledScenario, result: RunResult) -> list[int]:
    """The main meters to draw over time: the scenario's key variables that are followed."""
    keys = [row for row in sc.key_variables if row in result.tracked]
    return keys or list(result.tracked)[:8]


def path_of(result: RunResult, row: int) -> np.ndarray:
    """(games, weeks + 1) one followed variable over time."""
    return result.path[:, result.tracked.index(row), :].T


def format_summary(sc: CompiledScenario, summary: dict) -> str:
    """The summary as a readable text report."""
    lines = [f"{sc.title}: {summary['games']:,} games"]
    for side in sc.sides:
        leader = summary["leaders"][side]
        lines.append(f"  {side}: {leader['label']} [{leader['name']}]")
    lines.append("")
    lines.append("Endings")
    for ending in summary["endings"]:
        lines.append(f"  {ending['share']:7.1%}  {ending['title']}")
    lines.append(f"  Deal signed in {summary['deal_share']:.1%} of games")
    lines.append("")
    lines.append(f"{'Scores (0-100)':<34}{'mean':>7}{'P10':>7}{'P25':>7}{'P50':>7}{'P75':>7}{'P90':>7}  wins")
    for side_index, side in enumerate(sc.sides):
        q = summary["scores"][side]
        name = sc.side_texts[side_index]["leader"]
        lines.append(f"  {name[:31]:<32}" + "".join(f"{q[k]:7.1f}" for k in _COLS) + f"  {summary['wins'][side]:.1%}")
    wins = summary["wins"]
    lines.append(
        f"  Draws (within {sc.model.draw_margin:g} points) {wins['draw']:.1%}; both lose {wins['both_lose']:.1%}"
    )
    lines.append("")
    lines.append(f"{'Meters at the end':<34}{'mean':>7}{'P10':>7}{'P25':>7}{'P50':>7}{'P75':>7}{'P90':>7}")
    for meter in summary["meters"]:
        lines.append(f"  {meter['label'][:31]:<32}" + "".join(f"{meter[k]:7.1f}" for k in _COLS))
    esc = ", ".join(f"{side} {rate:.2f}" for side, rate in summary["escalations_per_week"].items())
    lines.append("")
    lines.append(f"Escalating moves per week: {esc}")
    return "\n".join(lines)


_COLS = ("mean", "p10", "p25", "p50", "p75", "p90")
