"""Window benchmarks (``brinkmanship bench --ui``): board frame times, cold start, forecast-on-hover latency.

Figures are measured, never asserted (machines are shared and noisy).  Frames
are timed as the main loop runs them (events, update, drawing, flip) on the
main board at 1280x720 after several weeks, so the news feed and charts are full.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from ..engine.game import Order
from ..scenarios import find_scenario

PROBE = (
    "import time, os\n"
    "from game.ui.app import App\n"
    "from game.ui.screens.menus import TitleScreen\n"
    "from game.ui.settings import Settings\n"
    "app = App(settings=Settings())\n"
    "app.set_screen(TitleScreen(app))\n"
    "app.frame(1 / 60)\n"
    "print(time.time())\n"
    "app.close()\n"
)


def cold_start(repeats: int = 3) -> float:
    """Median seconds from launching Python to the first drawn frame of the title screen."""
    env = dict(os.environ, SDL_VIDEODRIVER=os.environ.get("SDL_VIDEODRIVER", "dummy"), SDL_AUDIODRIVER="dummy")
    env.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    times = []
    for _ in range(repeats):
        started = time.time()
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]) - started)
    return statistics.median(times)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def board_figures(frames: int = 400, weeks: int = 8, rounds: int = 3) -> dict:
    """Frame times on a full board (idle and while forecasts run) and forecast-on-hover latency."""
    from .app import App
    from .screens.board import BoardScreen
    from .screens.setup import start_game
    from .session import GamePlan, SeatPlan
    from .settings import Settings

    sc = find_scenario("june_2025")
    app = App((1280, 720), settings=Settings())
    try:
        started = time.perf_counter()
        app.set_screen(start_game(app, GamePlan(sc, 2025, (SeatPlan(), SeatPlan(False, "tit_for_tat")))))
        session = app.session
        for _ in range(weeks):
            session.submit(0, Order(("hold_talks",)))
            while not session.computers_ready():
                time.sleep(0.001)
            session.play()
            if session.game.is_over:
                break
        app.set_screen(BoardScreen(app))
        board = app.screen
        # the worker starts meanwhile; the board's first 3 frames draw everything and pygame_gui builds its buttons
        warming = _timed_frames(app, 33, paced=True)[3:]
        warm = _worker_ready(app, board, started)
        idle = _timed_frames(app, frames)
        latencies, busy, busy_cpu = _hover_cards(app, board, rounds)
        reveal = _reveal_frames(app)
        return {
            "reveal_frame_ms_p50": 1000 * _percentile(reveal, 50),
            "reveal_frame_ms_p99": 1000 * _percentile(reveal, 99),
            "reveal_frames": len(reveal),
            "board_frame_ms_p50": 1000 * _percentile([t for t, _ in idle], 50),
            "board_frame_ms_p99": 1000 * _percentile([t for t, _ in idle], 99),
            "frame_ms_p99_while_worker_starts": 1000 * _percentile([t for t, _ in warming], 99),
            "frame_ms_p50_while_forecasting": 1000 * _percentile(busy, 50) if busy else None,
            "frame_ms_p99_while_forecasting": 1000 * _percentile(busy, 99) if busy else None,
            "frame_cpu_ms_p99_while_forecasting": 1000 * _percentile(busy_cpu, 99) if busy else None,
            "frames_while_forecasting": len(busy),
            "forecast_latency_ms_median": 1000 * statistics.median(latencies),
            "forecast_latency_ms_p90": 1000 * _percentile(latencies, 90),
            "forecast_latency_ms_max": 1000 * max(latencies),
            "forecasts": len(latencies),
            "forecast_worker_ready_s": warm,
            "forecast_runs": app.settings.forecast_runs,
            "news_items": len(session.game.news(sc.sides[0])),
            "weeks_played": len(session.game.reports),
        }
    finally:
        app.close()


def _worker_ready(app, board, started: float) -> float | None:
    """Seconds from the game's start until the forecast worker answers (it starts in the background)."""
    forecaster = app.forecaster
    key = board.forecast_key(None)
    forecaster.request(key, board.sc, board._forecast_request(None, key))
    if forecaster.wait(key, 20.0) is None:
        return None
    return time.perf_counter() - started


def _hover_cards(app, board, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """Hover every visible card (in several rounds, each with one more move chosen) until its forecast shows.

    Returns the hover-to-forecast latencies, and the wall and main-thread CPU time of
    each frame drawn meanwhile (frames are paced at 60 per second, as the real loop).
    """
    from .driver import move_mouse

    latencies: list[float] = []
    busy: list[float] = []
    busy_cpu: list[float] = []
    for turn in range(rounds):
        view = board.scroller.rect
        cards = [b for b in board.cards if b.is_enabled and view.contains(b.rect)][:12]
        for card in cards:
            move_mouse(app, (5, 5), 1)
            started = time.perf_counter()
            move_mouse(app, card.rect.center, 1)
            while board._shown_forecast != board.forecast_key(board.hovered):
                t0, c0 = time.perf_counter(), time.thread_time()
                app.frame(1 / 60)
                busy.append(time.perf_counter() - t0)
                busy_cpu.append(time.thread_time() - c0)
                time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - t0)))  # the real loop waits for the next frame
                if time.perf_counter() - started > 10:
                    break
            latencies.append(time.perf_counter() - started)
        if turn + 1 < rounds:
            free = [m for b, m in board.cards.items() if b.is_enabled and m.id not in board.selection and m.cost]
            if free:
                board.toggle(free[turn % len(free)].id)  # a new set of orders: every forecast is new again
    return latencies, busy, busy_cpu


def _reveal_frames(app) -> list[float]:
    """Wall seconds of each frame of a week's reveal, from its first frame until its sequence has played out."""
    from .screens.reveal import RevealScreen

    session = app.session
    session.submit(0, Order(("call",)))
    while not session.computers_ready():
        time.sleep(0.001)
    app.set_screen(RevealScreen(app, session.play()))
    reveal, times = app.screen, []
    while not reveal.done or len(times) < 10:
        t0 = time.perf_counter()
        app.frame(1 / 60)
        times.append(time.perf_counter() - t0)
        time.sleep(max(0.0, 1 / 60 - times[-1]))
    return times


def _timed_frames(app, frames: int, paced: bool = False) -> list[tuple[float, float]]:
    """(wall, main-thread CPU) seconds of frames with the pointer wandering over the board (60 a second if paced)."""
    times = []
    for i in range(frames):
        app.ui.pointer = (300 + (i * 7) % 600, 120 + (i * 3) % 300)
        t0, c0 = time.perf_counter(), time.thread_time()
        app.frame(1 / 60)
        times.append((time.perf_counter() - t0, time.thread_time() - c0))
        if paced:
            time.sleep(max(0.0, 1 / 60 - times[-1][0]))
    return times


def run_ui_bench() -> dict:
    """Every window figure, with targets, as a JSON-ready dict."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    out = board_figures()
    out["cold_start_s"] = cold_start()
    out["targets"] = {"board_frame_ms_p99": 8.0, "cold_start_s": 1.0, "forecast_latency_ms": 150.0}
    return out


def print_ui_bench(result: dict, as_json: bool) -> None:
    """Print the figures for a person (or as JSON)."""
    if as_json:
        print(json.dumps(result, indent=2))
        return
    print(f"Main board 1280x720, {result['weeks_played']} weeks played, {result['news_items']} news items, charts on:")
    print(
        f"  frame time p50 {result['board_frame_ms_p50']:.2f} ms, "
        f"p99 {result['board_frame_ms_p99']:.2f} ms (target p99 <= 8)"
    )
    if result["frame_ms_p99_while_forecasting"] is not None:
        print(
            f"  while a forecast runs ({result['frames_while_forecasting']} frames): "
            f"p50 {result['frame_ms_p50_while_forecasting']:.2f} ms, "
            f"p99 {result['frame_ms_p99_while_forecasting']:.2f} ms "
            f"(main thread's CPU p99 {result['frame_cpu_ms_p99_while_forecasting']:.2f} ms)"
        )
    print(
        f"  forecast on hover ({result['forecast_runs']:,} rollouts x 2, {result['forecasts']} hovers): "
        f"median {result['forecast_latency_ms_median']:.0f} ms, p90 {result['forecast_latency_ms_p90']:.0f} ms, "
        f"max {result['forecast_latency_ms_max']:.0f} ms (target <= 150)"
    )
    if result.get("forecast_worker_ready_s") is not None:
        print(
            f"  forecast worker ready {result['forecast_worker_ready_s']:.2f} s after the game started "
            f"(in the background; frame p99 meanwhile {result['frame_ms_p99_while_worker_starts']:.2f} ms)"
        )
    print(
        f"Reveal of a week ({result['reveal_frames']} frames, cards turning, needle, headlines): "
        f"p50 {result['reveal_frame_ms_p50']:.2f} ms, p99 {result['reveal_frame_ms_p99']:.2f} ms"
    )
    print(f"Cold start to the first frame: {result['cold_start_s']:.2f} s (target <= 1.0)")
