"""Shared fixtures: the bundled scenarios, compiled once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

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
