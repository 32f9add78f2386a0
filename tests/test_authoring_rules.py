"""Rules an author reaches for: sources on events, conditions and effects on lever moves, deals that respect them."""

from __future__ import annotations

import pytest

from game.engine.game import Game, IllegalOrderError, Offer, Order
from game.scenario.compiler import load_scenario, load_scenario_text
from game.scenario.problems import ScenarioError


@pytest.fixture(scope="module")
def tiny(data_dir) -> str:
    """The tiny test scenario's text."""
    return (data_dir / "tiny.yaml").read_text(encoding="utf-8")


def test_an_event_source_reaches_the_news(tiny):
    text = tiny.replace(
        'headline: "Summit season: tension at {tension:.0f}"',
        'headline: "Summit season: tension at {tension:.0f}"\n    source: https://www.example.org/summit?id=1',
    )
    sc = load_scenario_text(text, "t.yaml")
    assert sc.events[0].source == "https://www.example.org/summit?id=1"
    game = Game(sc, 1)
    game.play(Order(), Order())
    (item,) = [n for n in game.news() if n.kind == "event" and "Summit" in n.text]
    assert item.text == "Summit season: tension at 37 (source: example.org)"
    assert item.source == "https://www.example.org/summit?id=1"


def test_an_event_source_is_at_most_400_characters(tiny):
    text = tiny.replace('headline: "Summit season', f'source: {"x" * 401}\n    headline: "Summit season')
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "t.yaml")
    assert "at most 400 characters" in caught.value.problems[0].message


def test_bundled_events_cite_their_sources():
    from game.paths import scenarios_dir

    for stem in ("october_2025", "japan_korea_2019"):
        sc = load_scenario(scenarios_dir() / f"{stem}.yaml")
        assert any(e.source.startswith("http") for e in sc.events), stem
