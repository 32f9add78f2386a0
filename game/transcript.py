"""Golden transcripts: a whole seeded game written as text, week by week.

A transcript records every move, offer, contest, deal, headline, the key numbers
and the state hash after each week.  Tests replay the game and compare; any change
to the rules or a scenario that changes play shows up as a readable diff.
Regenerate every bundled scenario's transcript with::

    python -m game.transcript --write tests/golden
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .ai.leaders import make_leader
from .engine.game import Game
from .engine.state import observe
from .paths import scenarios_dir
from .scenario.compiled import CompiledScenario
from .scenario.compiler import load_scenario

GOLDEN_SEED = 2025
GOLDEN_LEADERS = ("tit_for_tat", "random")


def transcript(sc: CompiledScenario, seed: int = GOLDEN_SEED, leaders: tuple[str, str] = GOLDEN_LEADERS) -> str:
    """Play a seeded game between two baseline leaders and write down everything that happened."""
    game = Game(sc, seed)
    players = tuple(make_leader(name, sc, side) for side, name in enumerate(leaders))
    short = [sc.side_texts[s]["short"] for s in (0, 1)]
    lines = [
        f"# Golden transcript: {sc.id}, seed {seed}, {short[0]} {leaders[0]} vs {short[1]} {leaders[1]}",
        "# Regenerate: python -m game.transcript --write tests/golden",
        f"start {game.date}  {_numbers(game)}  hash {game.hash()}",
    ]
    lines += [f"  news {item.date} {item.text}" for item in game.news(None)]
    while not game.is_over:
        orders = []
        for side in (0, 1):
            obs = observe(sc, game.state, side)
            orders.append(players[side].decide(sc, obs, side, game.leader_rngs[side]).orders)
        report = game.play(*orders)
        lines.append(f"week {report.turn} {report.date}")
        for side in (0, 1):
            lines.append(f"  {short[side]}: {', '.join(m.id for m in report.moves[side]) or '-'}")
        if report.contests:
            lines.append(f"  contests: {report.contests}")
        if report.signed_by:
            lines.append(f"  signed: offer of {report.signed_by}: {game.describe_deal()}")
        lines += [f"  news [{item.audience}] {item.date} {item.text}" for item in report.news]
        lines.append(f"  {_numbers(game)}")
        lines.append(f"  hash {report.state_hash}")
    scores = game.scores()
    lines.append(f"end {game.ending.id}  scores {scores[0]:.2f} {scores[1]:.2f}")
    return "\n".join(lines) + "\n"


def _numbers(game: Game) -> str:
    sc = game.scenario
    rows = sc.key_variables or tuple(v.index for v in sc.variables if v.role == "variable")
    return " ".join(f"{sc.variables[r].name}={game.state[r, 0]:.2f}" for r in rows)


def golden_path(folder: Path, sc: CompiledScenario) -> Path:
    """Where a scenario's golden transcript lives."""
    return folder / f"{sc.id}.txt"


def write_goldens(argv, prog: str, description: str, text_of, path_of) -> int:
    """A small command line: write every bundled scenario's golden text into --write FOLDER, or print it."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--write", type=Path, metavar="FOLDER", help="write the files into FOLDER")
    args = parser.parse_args(argv)
    for path in sorted(scenarios_dir().glob("*.yaml")):
        sc = load_scenario(path)
        text = text_of(sc)
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            path_of(args.write, sc).write_text(text, encoding="utf-8")
            print(f"wrote {path_of(args.write, sc)}")
        else:
            sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Write (or check) golden transcripts of every bundled scenario."""
    return write_goldens(argv, "python -m game.transcript", __doc__.splitlines()[0], transcript, golden_path)


if __name__ == "__main__":
    sys.exit(main())
