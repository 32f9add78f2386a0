"""The setup screen: distinct names for computer leaders; difficulty only where a computer thinks."""

from __future__ import annotations

import pygame

from game.ui.driver import buttons, press, pump
from game.ui.screens.setup import SetupScreen


def labels(app) -> list[str]:
    return [b.text for b in buttons(app)]


def test_difficulty_only_when_a_computer_thinks(app, june):
    app.set_screen(SetupScreen(app, june))
    pump(app, 2)
    assert "Normal" in labels(app), "solo against a thinking personality"
    press(app, pygame.K_3)  # hot-seat
    assert "Normal" not in labels(app) and "Easy" not in labels(app), "no difficulty in hot-seat"
    press(app, pygame.K_1)
    app.screen.leaders[1] = "baseline:hawk"
    app.screen.rebuild()
    pump(app, 2)
    assert "Normal" not in labels(app), "a fixed script does not think"
    plan = app.screen.plan()
    assert plan.seats[1].leader == "baseline:hawk"


def test_the_dropdown_names_each_leader_once(app, june):
    app.set_screen(SetupScreen(app, june))
    pump(app, 2)
    menu = next(iter(app.screen.dropdowns))
    options = [o[0] if isinstance(o, tuple) else o for o in menu.options_list]
    assert len(options) == len(set(options))
    assert "Hawk" in options and "Fixed script: always escalate" in options
    assert not any("Hawk (" in o or "Dove (" in o for o in options), options
