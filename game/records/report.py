"""The game report for teachers: one Markdown file (and PNG charts beside it when the chart module exists).

Sections: who played, the outcome with both leaders' scores and objectives,
the timeline week by week (real headlines for history, both leaders' moves
with their reasons, offers and answers, the news), the key numbers week by
week, the comparison with what really happened, and the discussion questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..engine.game import Game, TurnReport
from ..files import write_atomic
from ..paths import user_data_dir
from ..scenario.compiled import CompiledScenario
from ..wording import ending_title
from .charts import UNAVAILABLE, plot_comparison
from .files import unused_name
from .format import Record, seat_leader
from .history import Comparison, compare_with_history, show_value
from .questions import debrief_questions, what_if_lines


@dataclass
class Report:
    """A report's text and the charts written beside it."""

    text: str
    charts: list[Path] = field(default_factory=list)
    path: Path | None = None


def md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return " ".join(text.replace("|", "\\|").split())


def game_report(game: Game, record: Record, comparison: Comparison | None, charts: list[Path] = ()) -> str:
    """The whole report as Markdown."""
    sc = game.scenario
    parts = [f"# {md(sc.title)} — game report", ""]
    parts += header(sc, record, game)
    parts += outcome(game)
    parts += timeline(game)
    parts += numbers_table(game)
    if comparison is not None:
        parts += history_section(comparison)
    parts += ["## Charts", ""]
    if charts:
        parts += [f"![{c.stem}]({c.name})" for c in charts] + [""]
    else:
        parts += [f"_{UNAVAILABLE}; the tables above give the same numbers._", ""]
    people = [i for i, seat in enumerate(record.settings.seats) if seat.player == "person"]
    questions = debrief_questions(game, people[0] if len(people) == 1 else None, comparison)
    if questions:
        parts += ["## To discuss", ""] + [f"{i}. {md(q)}" for i, q in enumerate(questions, 1)] + [""]
    if len(people) == 1 and game.is_over:
        parts += what_if_section(game, people[0], comparison)
    return "\n".join(parts)


def what_if_section(game: Game, side: int, comparison: Comparison | None) -> list[str]:
    """The student's decisions on the questions' topics taken the other way, forecast on the same engine."""
    lines = what_if_lines(game, side, comparison)
    if not lines:
        return []
    intro = (
        "_Each decision replayed the other way from its week, then both sides played on by their historical "
        "personalities, the same dice for both branches: the gap is the decision's own._"
    )
    return ["## What if", "", intro, ""] + [f"- {md(line)}" for line in lines] + [""]


def header(sc: CompiledScenario, record: Record, game: Game) -> list[str]:
    """Scenario, seed, date and who sat where."""
    lines = [f"- **Scenario:** {md(sc.title)} (`{sc.id}`), starting {sc.date_of_turn(1):%d %B %Y}"]
    for seat in record.settings.seats:
        side = sc.side_texts[sc.side_index(seat.side)]
        who = "a student" if seat.player == "person" else f"the computer ({md(seat_leader(seat, sc))})"
        if record.kind == "history":
            who = "the real moves"
        lines.append(f"- **{side['leader']} ({side['name']}):** {who}")
    origin = record.settings.origin
    if origin is not None:
        source = "the real history" if origin.kind == "history" else f"a recorded game ({origin.file or 'unnamed'})"
        lines.append(f"- **Taken over** from {source} after week {origin.turn}")
    saved = f"{record.saved_at:%d %B %Y}" if record.saved_at else "unknown date"
    lines.append(f"- **Seed:** {record.seed} · **Weeks played:** {len(game.reports)} · **Saved:** {saved}")
    return [*lines, ""]


def outcome(game: Game) -> list[str]:
    """How it ended, both scores and every objective."""
    sc = game.scenario
    lines = ["## Outcome", ""]
    ending = game.ending
    if ending is None:
        lines.append(f"_The game is not over: it stands at week {game.turn} of {game.horizon}._")
    else:
        text = ending.text.render(lambda row: game.state[row, 0]) if ending.text else ""
        lines.append(f"**{md(ending_title(game))}.** {md(text)}")
        lines += ["", f"**Verdict:** {md(game.verdict())}"]
    scores = game.scores()
    lines += ["", "| Leader | Score | Objectives |", "|---|---:|---|"]
    for s in (0, 1):
        goals = "; ".join(f"{md(label)} {value * 100:.0f}%" for label, value in game.objectives(s))
        lines.append(f"| {sc.side_texts[s]['leader']} ({sc.side_texts[s]['name']}) | {scores[s]:.0f}/100 | {goals} |")
    return [*lines, ""]


def timeline(game: Game) -> list[str]:
    """Week by week: real headlines, both leaders' moves and reasons, and the news."""
    sc = game.scenario
    lines = ["## Timeline", ""]
    if game.opening_news:
        lines += ["### Before week 1", ""] + [f"- {n.date:%d %b}: {md(n.text)}" for n in game.opening_news] + [""]
    real = {step.turn: step.headlines for step in sc.history}
    for report in game.reports:
        lines += week_lines(sc, report, real.get(report.turn, ()))
    return lines


def week_lines(sc: CompiledScenario, report: TurnReport, headlines) -> list[str]:
    """One week of the timeline."""
    lines = [f"### Week {report.turn} — {report.date:%a %d %b %Y}", ""]
    for date, text, source in headlines:
        link = f" ([source]({source}))" if source else ""
        lines.append(f"- _Really, {date:%d %b}:_ {md(text)}{link}")
    for s in (0, 1):
        moves = "; ".join(m.label for m in report.moves[s]) or "nothing"
        lines.append(f"- **{sc.side_texts[s]['leader']}:** {md(moves)}")
        lines += [f"  - _Why:_ {md(reason)}" for reason in report.reasons[s]]
    for item in report.news:
        private = "" if item.audience == "public" else " _(not public)_"
        lines.append(f"- {item.date:%d %b}: {md(item.text)}{private}")
    return [*lines, ""]


def numbers_table(game: Game) -> list[str]:
    """The key numbers at the start and after every week."""
    sc = game.scenario
    rows = list(sc.key_variables) or [v.index for v in sc.variables if v.role == "variable"]
    heads = [
        f"{sc.side_texts[sc.variables[r].owner]['short'] + ' ' if sc.variables[r].owner >= 0 else ''}"
        f"{sc.variables[r].label}"
        for r in rows
    ]
    lines = ["## Key numbers week by week", "", "| Week | " + " | ".join(map(md, heads)) + " |"]
    lines.append("|---" * (len(rows) + 1) + "|")
    for week, snap in enumerate(game.snapshots):
        cells = [show_value(sc, sc.variables[r].name, float(snap[r, 0])) for r in rows]
        lines.append(f"| {'start' if week == 0 else week} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def history_section(comparison: Comparison) -> list[str]:
    """Where the game left history, and each differing variable: this game, history replayed, real figures."""
    sc = comparison.scenario
    lines = ["## Compared with what really happened", ""]
    lines += [f"- {md(line.strip())}" for line in comparison.summary()]
    lines += [
        "",
        "| Variable | Week | This game | History (real moves in the model) | Really |",
        "|---|---:|---|---|---|",
    ]
    for v in comparison.variables:
        if v.apart_from is None and not v.observed:
            continue
        week = v.common
        real = v.observed.get(week)
        cells = [
            show_value(sc, v.name, v.played[week]),
            show_value(sc, v.name, v.history[week]),
            show_value(sc, v.name, real) if real is not None else "",
        ]
        lines.append(f"| {md(v.label)} | {week} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def write_report(game: Game, record: Record, out: Path | None, near: Path | None = None) -> Report:
    """Write the report (and charts beside it) to ``out``, into ``out`` if it is a folder, or under a name not
    yet taken beside ``near`` (else in the user's reports folder)."""
    stem = (near.stem if near is not None else game.scenario.id) + "-report"
    if out is None:
        folder = near.parent if near is not None else user_data_dir() / "reports"
        out = unused_name(folder, stem, ".md")
    elif out.is_dir():
        out = unused_name(out, stem, ".md")
    comparison = compare_with_history(game) if game.scenario.history else None
    charts = plot_comparison(comparison, out.parent, out.stem) if comparison is not None else []
    text = game_report(game, record, comparison, charts)
    write_atomic(out, text)
    return Report(text, charts, out)
