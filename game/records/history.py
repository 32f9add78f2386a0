"""A scenario's real history as a record, its transcript, and how a played game compares with it.

The real moves (``history:`` in the scenario, compiled to ``sc.history``) become
an ordinary record, so history replays, steps and is taken over like any game.
``compare_with_history`` puts a played game beside the history replayed with the
same seed, variable by variable, with the real ``observed`` figures on top, and
says in which week the game left history.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..engine.game import Game, IllegalOrderError, Offer, Order, TurnReport
from ..paths import scenarios_dir
from ..scenario.compiled import CompiledScenario, HistoryStep
from ..scenario.compiler import load_scenario
from ..scenario.problems import Problem, ScenarioError
from ..scenario.yamlsafe import Located, load_file
from .format import Record
from .recorder import Recorder, settings_for

HISTORY_SEED = 0
REGENERATE = "python -m game.records.history --write tests/golden/history"
"""The one command that rewrites the golden history transcripts the tests compare against."""
"""The seed of the reference history replay (the world's random events); the golden transcript uses it."""
APART = 0.05
"""Two paths are 'apart' once they differ by more than this share of a variable's range."""


class HistoryError(ValueError):
    """A scenario's recorded history cannot be replayed (a problem in the scenario file)."""


def package_offer(sc: CompiledScenario, index: int) -> Offer:
    """A ready-made package as an Offer."""
    package = sc.packages[index]
    terms = {sc.levers[sc.negotiable[j]].name: float(v) for j, v in enumerate(package.targets) if not np.isnan(v)}
    clauses = [c.id for c in sc.clauses if package.clauses[c.index]]
    return Offer.of(terms, clauses, package.deadline)


def history_orders(sc: CompiledScenario, step: HistoryStep | None) -> tuple[Order, Order]:
    """Both sides' real orders for one week (nothing where the history is silent)."""
    if step is None:
        return Order(), Order()
    out = []
    for side in (0, 1):
        moves = tuple(sc.moves[side][i].id for i in step.moves[side])
        index = step.offers[side]
        out.append(Order(moves, package_offer(sc, index) if index is not None else None))
    return out[0], out[1]


def history_length(sc: CompiledScenario) -> int:
    """The last week the history records (0 if none)."""
    return max((step.turn for step in sc.history), default=0)


def history_recorder(sc: CompiledScenario, seed: int = HISTORY_SEED) -> Recorder:
    """Play the real moves week by week (until the history or the game ends), recording them."""
    if not sc.history:
        raise HistoryError(f"the scenario {sc.id!r} has no recorded history")
    by_turn = {step.turn: step for step in sc.history}
    recorder = Recorder(Game(sc, seed), settings_for(sc, ("historical", "historical")), kind="history")
    while not recorder.game.is_over and recorder.game.turn <= history_length(sc):
        week = recorder.game.turn
        first, second = history_orders(sc, by_turn.get(week))
        try:
            recorder.play(first, second)
        except IllegalOrderError as err:
            placed = history_problems(sc)
            if placed:
                raise HistoryError("\n".join(str(p) for p in placed)) from None
            raise HistoryError(
                f"{sc.id}: history week {week}: the real moves are not legal in the game ({err})"
            ) from None
    return recorder


def history_problems(sc: CompiledScenario, located: Located | None = None) -> list[Problem]:
    """Real moves the game refuses, each at its place in the file (empty when the history replays)."""
    if not sc.history:
        return []
    located = located or _located(sc)
    by_turn = {step.turn: (i, step) for i, step in enumerate(sc.history)}
    game = Game(sc, HISTORY_SEED)
    while not game.is_over and game.turn <= history_length(sc):
        i, step = by_turn.get(game.turn, (None, None))
        orders = history_orders(sc, step)
        bad = [_refused(sc, game, located, i, side, orders[side]) for side in (0, 1)]
        if any(bad):
            return [p for p in bad if p]
        game.play(*orders)
    return []


def _located(sc: CompiledScenario) -> Located:
    """The scenario's file with positions (an empty map if it cannot be read again)."""
    try:
        return load_file(sc.path)
    except ScenarioError:
        return Located({}, sc.path)


def _refused(
    sc: CompiledScenario, game: Game, located: Located, i: int | None, side: int, order: Order
) -> Problem | None:
    """The problem with one side's real orders in a week, placed at the first move refused, or None."""
    try:
        game.orders_for(side, order)
    except IllegalOrderError as err:
        sid = sc.sides[side]
        place: tuple = ("history", i, "moves", sid)
        for j, move in enumerate(order.moves):
            alone = Order((move,), order.offer if sc.move_by_id(side, move).kind == "propose" else None)
            try:
                game.orders_for(side, alone)
            except IllegalOrderError:
                place += (j,)
                break
        message = f"week {game.turn}: the real moves of {sid} are not legal in the game: {err}"
        return located.problem(place, message)
    return None


def history_record(sc: CompiledScenario, seed: int = HISTORY_SEED) -> Record:
    """The scenario's real history as a record (kind 'history')."""
    return history_recorder(sc, seed).record()


def history_transcript(sc: CompiledScenario, seed: int = HISTORY_SEED) -> str:
    """The history replayed, week by week, as plain text: the golden file's contents."""
    game = history_recorder(sc, seed).game
    rows = list(sc.key_variables) or [v.index for v in sc.variables if v.role == "variable"]
    levers = [lever.var for lever in sc.levers]
    lines = [
        f"# History of {sc.id} ({sc.title}): the real moves, seed {seed}",
        f"# Regenerate: {REGENERATE}",
        f"start: {_values(sc, game.snapshots[0], rows + levers)}",
    ]
    for item in game.opening_news:
        lines.append(f"  news {item.date:%Y-%m-%d} [{item.audience}] {item.text}")
    for report in game.reports:
        lines += _transcript_week(sc, game, report, rows + levers)
    ending = game.ending
    scores = game.scores()
    lines.append(f"end: {ending.id if ending else 'not over'}; scores {scores[0]:.2f} {scores[1]:.2f}")
    return "\n".join(lines) + "\n"


def _transcript_week(sc: CompiledScenario, game: Game, report: TurnReport, rows: list[int]) -> list[str]:
    """One week of the transcript."""
    lines = [f"week {report.turn} ({report.date:%Y-%m-%d})"]
    for date, text, _ in next((s.headlines for s in sc.history if s.turn == report.turn), ()):
        lines.append(f"  real {date:%Y-%m-%d} {text}")
    for side in (0, 1):
        moves = ", ".join(m.id for m in report.moves[side]) or "-"
        lines.append(f"  {sc.sides[side]}: {moves}")
    for item in report.news:
        lines.append(f"  news {item.date:%Y-%m-%d} [{item.audience}] {item.text}")
    lines.append(f"  state: {_values(sc, game.snapshots[report.turn], rows)}")
    lines.append(f"  hash {report.state_hash}")
    return lines


def _values(sc: CompiledScenario, snap: np.ndarray, rows: list[int]) -> str:
    return " ".join(f"{sc.variables[r].name}={float(snap[r, 0]):.4g}" for r in rows)


# -- comparing a played game with history ------------------------------------------
@dataclass
class VariablePaths:
    """One variable in the played game and in history, week by week (index 0 is the start)."""

    name: str
    label: str
    played: list[float]
    history: list[float]
    observed: dict[int, float] = field(default_factory=dict)
    """Real figures from the scenario's history, by week (the value at the end of that week)."""
    apart_from: int | None = None
    """First week the two paths are more than APART of the range apart (None: they never are)."""
    spread: float = 0.0
    """The gap at the last common week as a share of the variable's range."""

    @property
    def common(self) -> int:
        """The last week both paths reach."""
        return min(len(self.played), len(self.history)) - 1

    @property
    def gap(self) -> float:
        """Played minus history at the last common week."""
        return self.played[self.common] - self.history[self.common]

    @property
    def apart_at_end(self) -> bool:
        """Whether the paths still differ by more than APART of the range at the last common week."""
        return self.spread > APART


@dataclass
class Comparison:
    """A played game against the real history replayed with the same seed."""

    scenario: CompiledScenario
    left_at: int | None
    """First week whose state differs from history's (None: the game followed history throughout)."""
    left_how: list[str]
    """What each side did that week, against what really happened."""
    variables: list[VariablePaths]
    weeks: int
    """Weeks compared (both the game and the history reach them)."""

    def summary(self, top: int = 5) -> list[str]:
        """The comparison in a few plain sentences, for the debrief."""
        lines = []
        if self.left_at is None:
            lines.append(f"The game followed history for all {self.weeks} weeks compared.")
        else:
            lines.append(f"The game left history in week {self.left_at}:")
            lines += [f"  {line}" for line in self.left_how]
        moved = sorted((v for v in self.variables if v.apart_at_end), key=lambda v: -v.spread)[:top]
        for v in moved:
            week, sc = v.common, self.scenario
            lines.append(
                f"{v.label}: {show_value(sc, v.name, v.played[week])} in this game, "
                f"{show_value(sc, v.name, v.history[week])} in history at week {week} "
                f"(the two first drew apart in week {v.apart_from})"
            )
        for v in self.variables:
            misses = [(w, real) for w, real in sorted(v.observed.items()) if w < len(v.played)]
            misses = [(w, real) for w, real in misses if abs(v.played[w] - real) > 1e-6]
            if misses:
                week, real = misses[-1]
                shown = show_value(self.scenario, v.name, real), show_value(self.scenario, v.name, v.played[week])
                lines.append(f"Really, at week {week}: {v.label} {shown[0]} (this game: {shown[1]})")
        return lines


def overlay_table(comparison: Comparison, names: list[str] | None = None, width: int = 6) -> list[str]:
    """Week by week, this game's path over history's (and the real figures), one block per variable."""
    sc = comparison.scenario
    wanted = names or [sc.variables[r].name for r in sc.key_variables]
    chosen = [v for v in comparison.variables if v.name in wanted or v.observed]
    weeks = max((len(v.played) for v in chosen), default=1)
    label = max(32, min(max((len(v.label) + 12 for v in chosen), default=0), 110 - weeks * width))
    lines = [" " * label + "".join(f"{w:>{width}}" for w in range(weeks))]
    for v in chosen:
        rows = [("this game", v.played), ("history", v.history)]
        if v.observed:
            rows.append(("really", [v.observed.get(w) for w in range(weeks)]))
        for i, (kind, values) in enumerate(rows):
            head = (v.label[: label - 12] if i == 0 else "").ljust(label - 11) + kind.rjust(10) + " "
            cells = [_cell(sc, v.name, values[w] if w < len(values) else None, width) for w in range(weeks)]
            lines.append((head + "".join(cells)).rstrip())
    return lines


def _cell(sc: CompiledScenario, name: str, value: float | None, width: int) -> str:
    """One number of the overlay table (blank where unknown)."""
    if value is None:
        return " " * width
    return format(float(value), sc.variables[sc.row(name)].format)[: width - 1].rjust(width)


def compare_with_history(game: Game, seed: int | None = None) -> Comparison:
    """Compare a played game with the scenario's history replayed with the game's seed (or the one given)."""
    sc = game.scenario
    history = history_recorder(sc, game.seed if seed is None else seed).game
    weeks = min(len(game.reports), len(history.reports))
    left_at = next((w + 1 for w in range(weeks) if game.reports[w].state_hash != history.reports[w].state_hash), None)
    how = _left_how(sc, game, history, left_at) if left_at else []
    observed: dict[int, dict[int, float]] = {}
    for step in sc.history:
        for row, value in step.observed:
            observed.setdefault(row, {})[step.turn] = value
    meters = [v.index for v in sc.variables if v.role == "variable" and v.shown and v.kind != "flag"]
    meters = [r for r in meters if r < sc.n_named]
    rows = list(dict.fromkeys([*sc.key_variables, *(lever.var for lever in sc.levers), *observed, *meters]))
    variables = [_paths(sc, game, history, row, observed.get(row, {})) for row in rows]
    return Comparison(sc, left_at, how, variables, weeks)


def _left_how(sc: CompiledScenario, game: Game, history: Game, week: int) -> list[str]:
    """Each side's moves in the week the game left history, against the real ones."""
    played, real = game.reports[week - 1], history.reports[week - 1]
    out = []
    for side in (0, 1):
        mine = ", ".join(m.label for m in played.moves[side]) or "nothing"
        truth = ", ".join(m.label for m in real.moves[side]) or "nothing"
        name = sc.side_texts[side]["leader"]
        out.append(f"{name}: {mine}" + ("" if mine == truth else f" (really: {truth})"))
    if all(p == r for p, r in zip(played.moves, real.moves)):
        out.append("the same moves, but a different outcome (a deal's terms, a match, or chance)")
    return out


def _paths(sc: CompiledScenario, game: Game, history: Game, row: int, observed: dict[int, float]) -> VariablePaths:
    """One variable's played and historical paths."""
    var = sc.variables[row]
    owner = f"{sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
    played = [float(s[row, 0]) for s in game.snapshots]
    real = [float(s[row, 0]) for s in history.snapshots]
    span = max(var.high - var.low, 1e-9)
    apart = next((w for w in range(min(len(played), len(real))) if abs(played[w] - real[w]) > APART * span), None)
    common = min(len(played), len(real)) - 1
    spread = abs(played[common] - real[common]) / span
    return VariablePaths(var.name, owner + var.label, played, real, dict(observed), apart, spread)


def show_value(sc: CompiledScenario, name: str, value: float) -> str:
    """A value as players see it: a lever's notch name where it has one, else the number with its unit."""
    var = sc.variables[sc.row(name)]
    if var.role == "lever":
        notch = sc.lever_by_name(name).notch_name(value)
        if notch:
            return notch
    return var.show(value)


def main(argv: list[str] | None = None) -> int:
    """Write (or print) the history transcript of every bundled scenario that has a history."""
    parser = argparse.ArgumentParser(prog="python -m game.records.history", description=main.__doc__)
    parser.add_argument("--write", type=Path, metavar="FOLDER", help="write <scenario id>.txt files into FOLDER")
    args = parser.parse_args(argv)
    for path in sorted(scenarios_dir().glob("*.yaml")):
        sc = load_scenario(path)
        if not sc.history:
            continue
        text = history_transcript(sc)
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{sc.id}.txt").write_text(text, encoding="utf-8")
            print(f"wrote {args.write / f'{sc.id}.txt'}")
        else:
            sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
