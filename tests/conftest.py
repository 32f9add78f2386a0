"""Shared fixtures: the bundled scenarios, compiled once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("BRINKMANSHIP_ALLOW_HEADLESS", "1")  # commands may open the (invisible) window in tests

from game.paths import scenarios_dir
from game.scenario.compiler import load_scenario

SCENARIO_FILES = sorted(scenarios_dir().glob("*.yaml"))


@pytest.fixture(scope="session")
def june():
    """The June 2025 scenario, compiled."""
    return load_scenario(scenarios_dir() / "june_2025.yaml")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return Path(__file__).parent / "data"


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A 1280x720 window with no user files (scenarios, saves, settings) of the person running the tests.

    Every line of text the screens draw is kept in ``app.text_log``.
    """
    from game.ui import theme
    from game.ui.app import App
    from game.ui.settings import Settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    window = App((1280, 720), settings=Settings(forecast_runs=500, reveal_pace=0))  # reveal shown at once
    log: list[str] = []
    monkeypatch.setattr(theme, "TEXT_LOG", log)
    window.text_log = log
    yield window
    window.close()


@pytest.fixture(autouse=True)
def no_worker_left_running():
    """Every test ends with no forecast worker process still running (windows close theirs)."""
    yield
    import multiprocessing

    left = [p for p in multiprocessing.active_children() if p.name == "brinkmanship-forecast"]
    for process in left:
        process.terminate()
        process.join(1.0)
    assert not left, f"forecast worker left running: {left}"
