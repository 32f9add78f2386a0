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
