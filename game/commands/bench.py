"""``brinkmanship bench``: measure the engine (load+compile, game-turns per second)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..ai.regret import THOROUGH
from ..analysis.progress import ProgressBar
from ..bench import ENGINE_TARGETS, run_ai_bench, run_bench, run_rss
from . import args as argtypes
from .common import CommandError, fail, scenario_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bench", help="measure the engine's speed")
    parser.add_argument("scenario", nargs="?", type=argtypes.utf8_path, help="scenario id or file (default: june_2025)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--batches", default="1,1000,100000", help="batch sizes, comma-separated")
    parser.add_argument(
        "--rollouts",
        default="256,2048",
        help="batch sizes of look-ahead rollouts to time the step at (CPU ms), comma-separated; 'none' to skip",
    )
    parser.add_argument(
        "--seconds", type=argtypes.decimal(0.01, 600), default=1.0, help="minimum seconds per batch size"
    )
    parser.add_argument("--ai", action="store_true", help="time computer leaders' moves instead of the engine")
    parser.add_argument(
        "--ai-games", type=argtypes.whole(1, 100), default=3, help="single games per difficulty for --ai (default 3)"
    )
    parser.add_argument(
        "--regret",
        action="store_true",
        help="with --ai: how much the normal and hard leaders' picks lose to sampling, judged by many more rollouts",
    )
    parser.add_argument(
        "--rss",
        nargs="?",
        const=1_000_000,
        type=argtypes.games,
        metavar="GAMES",
        help="also measure peak memory (RSS) of whole games at one batch, in a subprocess (default 1,000,000)",
    )
    parser.add_argument(
        "--ui", action="store_true", help="measure the window: frame times, cold start, forecast latency"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.ui:
        from ..ui.bench_ui import print_ui_bench, run_ui_bench

        print_ui_bench(run_ui_bench(), args.json)
        return 0
    try:
        sc = scenario_or_exit(args.scenario)
        batches = tuple(argtypes.games(b) for b in args.batches.split(","))
        rollouts = () if args.rollouts == "none" else tuple(argtypes.games(b) for b in args.rollouts.split(","))
    except CommandError as err:
        return fail(str(err))
    except argparse.ArgumentTypeError as err:
        return fail(f"--batches and --rollouts take whole numbers separated by commas, e.g. 1,1000,100000: {err}")
    if args.ai:
        bar = ProgressBar("difficulties")
        try:
            result = run_ai_bench(Path(sc.path), games=max(1, args.ai_games), progress=bar, regret=args.regret)
        finally:
            bar.close()
        return print_ai(result, args.json)
    result = run_bench(Path(sc.path), batches, args.seconds, rollouts)
    if args.rss:
        result["rss"] = run_rss(Path(sc.path), args.rss)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Scenario {result['scenario']}: load+compile {result['load_compile_ms']:.1f} ms (target <= 200)")
    print(f"{'batch':>8} {'game-turns/s':>14} {'engine only':>14} {'ms/step':>9}")
    for fig in result["batches"]:
        print(
            f"{fig['batch']:>8} {fig['game_turns_per_s']:>14,.0f} {fig['engine_game_turns_per_s']:>14,.0f}"
            f" {fig['ms_per_turn']:>9.3f}"
        )
    wide = ENGINE_TARGETS["game_turns_per_s_at_100k"]
    if result["rollouts"]:
        sizes = ", ".join(f"{r['batch']:,}: {r['cpu_ms_per_step']:.2f} ms" for r in result["rollouts"])
        print(f"step at look-ahead rollout batches (CPU per step): {sizes}")
    print(f"batch-1 step: {result['batch1_turn_ms']:.3f} ms (target <= {ENGINE_TARGETS['batch1_turn_ms']})")
    print(f"target at batch 100,000: >= {wide:,} engine game-turns/s")
    print(
        f"largest batch vs one game at a time: x{result['speedup_vs_one_at_a_time']:.0f} "
        f"(engine only x{result['engine_speedup_vs_one_at_a_time']:.0f}; target >= 30)"
    )
    if "rss" in result:
        rss = result["rss"]
        print(
            f"peak RSS at batch {rss['batch']:,}: {rss['peak_rss_mb']:,.0f} MB, "
            f"{rss['peak_rss_bytes_per_game']:,.0f} bytes per game ({rss['games_rss_bytes_per_game']:,.0f} for the "
            f"games alone; the state is {rss['state_bytes_per_game']:,.0f})"
        )
    return 0


def print_ai(result: dict, as_json: bool) -> int:
    """Print the computer-leader figures."""
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Scenario {result['scenario']}: computer leaders (each side's own personality, single games)")
    print(
        f"{'difficulty':>10} {'moves':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'rollouts':>9}"
        f" {'games/s':>8} {'mirror/s':>9}"
    )
    for fig in result["ai"]:
        print(
            f"{fig['difficulty']:>10} {fig['moves']:>6} {fig['median_ms']:>10.1f} {fig['p95_ms']:>8.1f}"
            f" {fig['max_ms']:>8.1f} {fig['rollouts_min']:>9,} {fig['batch_games_per_s']:>8.1f}"
            f" {fig['mirror_games_per_s']:>9.1f}"
        )
    print(
        "games/s: a batch of 32 against the fixed real moves (wall clock); mirror/s: 64 games with both sides "
        "thinking, per CPU second"
    )
    print("targets: normal p95 <= 100 ms, normal mirror >= 15 games/s; hard p95 <= 500 ms")
    for fig in result.get("regret", []):
        print(
            f"{fig['difficulty']}: regret {fig['mean_regret']:.2f} points per decision (P90 {fig['p90_regret']:.2f}) "
            f"over {fig['decisions']} decisions; a leader with {THOROUGH}x the rollouts and no noise: "
            f"{fig['thorough_mean_regret']:.2f} (judged by {fig['truth_runs']:,} fresh rollouts per pick)"
        )
    print("games/s: a batch of 32 games, this difficulty against the historical baseline")
    print(f"simulate 10,000 games with baselines: {result['simulate_10000_baseline_games_s']:.2f} s (target <= 2)")
    return 0
