"""Golden transcripts: every bundled scenario has one, and replaying its seeded game reproduces it exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.compiler import load_scenario
from game.transcript import golden_path, transcript

from .conftest import SCENARIO_FILES

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_bundled_scenario_replays_its_golden_transcript(path):
    sc = load_scenario(path)
    golden = golden_path(GOLDEN, sc)
    assert golden.exists(), f"{path.name} has no golden transcript: run python -m game.transcript --write tests/golden"
    expected = golden.read_text(encoding="utf-8").splitlines()
    actual = transcript(sc).splitlines()
    for number, (want, got) in enumerate(zip(expected, actual), 1):
        assert got == want, f"{golden.name} line {number} differs"
    assert len(actual) == len(expected)


def test_transcript_shows_moves_news_numbers_and_the_ending(june):
    text = transcript(june)
    assert text.count("\nweek ") >= 1
    assert "  US: " in text and "  China: " in text
    assert "tension=" in text and "hash " in text
    assert text.splitlines()[-1].startswith("end ")
