"""The reveal as a moment: cards turned over one by one, the needle moving, nothing said twice, settings by name."""

from __future__ import annotations

import pygame
import pygame_gui

from game.engine.game import Order
from game.engine.viewing import LEADERS
from game.records.history import package_offer
from game.ui.driver import click_at, press, pump
from game.ui.screens.reveal import RevealScreen
from game.ui.session import GamePlan, SeatPlan, Session


def hotseat(app, sc) -> Session:
    """Two people at one keyboard (the reveal reads with both leaders' eyes)."""
    app.end_session()
    app.settings.show_forecasts = False
    app.session = session = Session(GamePlan(sc, 7, (SeatPlan(), SeatPlan())))
    session.new_week()
    return session


def week(session, us: Order, china: Order):
    session.submit(0, us)
    session.submit(1, china)
    return session.play()


def screen_text(app) -> str:
    """What the reveal shows now: drawn lines, labels, buttons and text boxes."""
    pump(app, 1)
    parts = list(app.text_log)
    app.text_log.clear()
    for element in app.screen.elements:
        if not element.visible:
            continue
        if isinstance(element, pygame_gui.elements.UITextBox):
            parts.append(element.html_text)
        elif hasattr(element, "text"):
            parts.append(element.text)
    return "\n".join(parts)


def test_cards_turn_over_one_by_one_and_enter_skips(app, june):
    """Face down first, then the US card, then China's; Enter shows the rest at once, the next Enter continues."""
    session = hotseat(app, june)
    report = week(session, Order(("call",)), Order(("pingpong_challenge",)))
    app.settings.reveal_pace = 0.7
    app.set_screen(RevealScreen(app, report))
    reveal = app.screen
    pump(app, 2)
    first = screen_text(app)
    assert "Call Xi Jinping" not in first and "Challenge Donald Trump" not in first, "both cards face down"
    assert "Headlines" not in first
    pump(app, 36)  # 0.6 s: the first card is up, the second not yet
    middle = screen_text(app)
    assert "Call Xi Jinping" in middle and "Challenge Donald Trump" not in middle
    press(app, pygame.K_RETURN)
    assert app.screen is reveal and reveal.done, "Enter skipped to the end, it did not continue"
    shown = screen_text(app)
    assert "Challenge Donald Trump" in shown and "Headlines" in shown and "Continue" in shown
    press(app, pygame.K_RETURN)
    assert app.screen is not reveal, "the next Enter continues"


def test_a_click_skips_and_the_sequence_ends_by_itself(app, june):
    session = hotseat(app, june)
    report = week(session, Order(("call",)), Order())
    app.settings.reveal_pace = 0.7
    app.set_screen(RevealScreen(app, report))
    reveal = app.screen
    click_at(app, (app.size[0] // 2, app.size[1] // 2))
    assert app.screen is reveal and reveal.done
    app.set_screen(RevealScreen(app, report))
    reveal = app.screen
    pump(app, 60 * 3)  # a few seconds of frames: the whole sequence plays out on its own
    assert reveal.done and app.screen is reveal, "it waits for the person after the sequence"


def test_the_needle_moves_from_before_to_after(app, june):
    session = hotseat(app, june)
    report = week(session, Order(("tariff_up",)), Order())
    row = june.row(june.model.ladder.variable)
    change = next((c for c in report.changes if c.row == row), None)
    assert change is not None and change.after != change.before, "tension moved this week"
    app.settings.reveal_pace = 0.7
    app.set_screen(RevealScreen(app, report))
    reveal = app.screen
    pump(app, 1)
    assert reveal.needle_value() == change.before
    values = []
    while not reveal.done:
        pump(app, 1)
        values.append(reveal.needle_value())
    assert values[-1] == change.after
    between = [v for v in values if min(change.before, change.after) < v < max(change.before, change.after)]
    assert len(between) >= 5, "the needle swings over several frames"


def test_lever_changes_read_as_settings(app, june):
    """'AI-chip controls: H20 held + Ascend → ...' by name, never a raw '1 → 2'."""
    session = hotseat(app, june)
    report = week(session, Order(("chip_controls_up",)), Order())
    app.set_screen(RevealScreen(app, report))
    shown = screen_text(app)
    lever = june.levers[june.move_by_id(0, "chip_controls_up").lever]
    change = next(c for c in report.changes if c.row == lever.var)
    names = lever.notch_name(change.before), lever.notch_name(change.after)
    assert all(names) and names[0] != names[1]
    line = next(line for line in shown.split("<br>") if "AI-chip controls</b>" in line)
    assert f"{names[0]} → {names[1]}" in line, line
    assert f"{change.before:g} → {change.after:g}" not in line
    assert f"Raise AI-chip controls → {names[1]}" in shown, "the card names the new setting"
    assert any(n.text.startswith("US raises AI-chip controls") for n in report.news)
    assert "US raises AI-chip controls" not in shown, "so the headline saying the same is left out"


def test_nothing_is_told_twice(app, june):
    """A rejection is on the rejecting leader's card, not again as a headline; a move's headline neither."""
    session = hotseat(app, june)
    offer = package_offer(june, 0)
    week(session, Order(("hold_talks",)), Order(("propose",), offer))
    report = week(session, Order(("reject",)), Order(("pingpong_challenge",)))
    app.set_screen(RevealScreen(app, report))
    assert app.screen.viewer == LEADERS
    news = [n.text for n in report.news]
    assert "US rejects the offer" in news and any("challenges Donald Trump" in t for t in news), news
    shown = screen_text(app)
    assert "Reject the offer" in shown
    assert "rejects the offer" not in shown and "US: Reject the offer" not in shown
    assert "challenges Donald Trump" not in shown, "the challenge is on Xi Jinping's card only"
    assert "Challenge Donald Trump to ping-pong" in shown
