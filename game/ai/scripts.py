"""Scripted behaviour: each computer leader against a fixed opponent from a seed, move by move.

In the manner of Axelrod's ``versus_test``: given this opponent, scenario and seed,
these moves.  Tests replay every leader of every bundled scenario and compare with
the stored scripts, so any change in how a leader plays shows up as a readable
diff.  Regenerate after an intended change with::

    python -m game.ai.scripts --write tests/golden
"""

from __future__ import annotations

from pathlib import Path

from ..engine.game import Game
from ..scenario.compiled import CompiledScenario
from ..transcript import write_goldens
from .leaders import leader_names, make_leader

SCRIPT_SEED = 7
SCRIPT_WEEKS = 4
SCRIPT_OPPONENT = "tit_for_tat"
SCRIPT_DIFFICULTY = "easy"


def script(sc: CompiledScenario, name: str, side: int, seed: int = SCRIPT_SEED, weeks: int = SCRIPT_WEEKS) -> str:
    """One line: the moves a leader makes week by week against the script opponent."""
    game = Game(sc, seed)
    players = [None, None]
    players[side] = make_leader(name, sc, side, SCRIPT_DIFFICULTY)
    players[1 - side] = make_leader(SCRIPT_OPPONENT, sc, 1 - side)
    weeks_played = []
    while not game.is_over and len(weeks_played) < weeks:
        decisions = [players[s].decide(sc, game.observation(s), s, game.leader_rngs[s]) for s in (0, 1)]
        report = game.play(decisions[0].orders, decisions[1].orders)
        weeks_played.append("+".join(m.id for m in report.moves[side]) or "-")
    return f"{sc.sides[side]} {name} vs {SCRIPT_OPPONENT}: " + " | ".join(weeks_played)


def scripts(sc: CompiledScenario) -> str:
    """Every leader of both sides, one line each, with a header saying how to regenerate."""
    lines = [
        f"# Scripted behaviour: {sc.id}, seed {SCRIPT_SEED}, {SCRIPT_WEEKS} weeks against {SCRIPT_OPPONENT}, "
        f"personalities at {SCRIPT_DIFFICULTY}",
        "# Regenerate: python -m game.ai.scripts --write tests/golden",
    ]
    lines += [script(sc, name, side) for side in (0, 1) for name in leader_names(sc, side)]
    return "\n".join(lines) + "\n"


def script_path(folder: Path, sc: CompiledScenario) -> Path:
    """Where a scenario's leader scripts live."""
    return folder / f"{sc.id}.leaders.txt"


def main(argv: list[str] | None = None) -> int:
    """Write (or print) the scripts of every bundled scenario."""
    return write_goldens(argv, "python -m game.ai.scripts", __doc__.splitlines()[0], scripts, script_path)


if __name__ == "__main__":
    raise SystemExit(main())
