"""Sound cues made in code: played at the reveal, muted by a saved setting, silent where no mixer starts."""

from __future__ import annotations

import numpy as np
import pygame

from game.engine.game import Order
from game.records.history import package_offer
from game.ui.app import App
from game.ui.driver import click, find_button, pump
from game.ui.screens.menus import SettingsScreen
from game.ui.screens.reveal import RevealScreen
from game.ui.session import GamePlan, SeatPlan, Session
from game.ui.settings import Settings, load_settings, settings_path
from game.ui.sound import CUES, synthesise, to_buffer


def test_cues_are_short_quiet_and_clean():
    """Each cue lasts under two seconds, starts and ends at silence, and never clips."""
    for name in CUES:
        samples = synthesise(name)
        assert 0.2 < len(samples) / 44100 < 2.0, name
        assert np.abs(samples).max() <= 1.0 and abs(samples[0]) < 0.01 and abs(samples[-1]) < 0.01
        pcm = np.frombuffer(to_buffer(samples, -16, 2), dtype="<i2")
        assert pcm.size == 2 * samples.size and np.abs(pcm).max() < 32767 * 0.5


def test_the_mixer_not_starting_leaves_the_window_silent(monkeypatch, tmp_path):
    """No audio device: the window opens and plays a week; nothing fails, nothing is played."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    if pygame.mixer.get_init() is not None:
        pygame.mixer.quit()

    def no_device(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "init", no_device)
    app = App((1280, 720), settings=Settings(forecast_runs=300, show_forecasts=False, reveal_pace=0))
    try:
        assert not app.sounds.wait() and "no audio device" in app.sounds.problem
        app.session = session = Session(GamePlan(_june(), 3, (SeatPlan(), SeatPlan())))
        session.new_week()
        session.submit(0, Order(("call",)))
        session.submit(1, Order())
        app.set_screen(RevealScreen(app, session.play()))
        pump(app, 3)
        assert app.sounds.played == [] and type(app.screen).__name__ == "RevealScreen"
    finally:
        app.close()


def _june():
    from game.scenarios import find_scenario

    return find_scenario("june_2025")


def hotseat(app, sc) -> Session:
    app.end_session()
    app.settings.show_forecasts = False
    app.session = session = Session(GamePlan(sc, 7, (SeatPlan(), SeatPlan())))
    session.new_week()
    return session


def test_the_reveal_sounds_a_week_a_deal_and_the_end(app, june):
    if not app.sounds.wait():
        import pytest

        pytest.skip(f"no mixer here: {app.sounds.problem}")
    session = hotseat(app, june)
    session.submit(0, Order(("propose",), package_offer(june, 0)))
    session.submit(1, Order())
    app.set_screen(RevealScreen(app, session.play()))
    assert app.sounds.played == ["week"]
    session.submit(0, Order())
    session.submit(1, Order(("accept",)))
    report = session.play()
    assert report.signed_by is not None, "China signed the offer"
    app.set_screen(RevealScreen(app, report))
    assert app.sounds.played == ["week", "deal"]
    while not session.game.is_over:
        session.submit(0, Order())
        session.submit(1, Order())
        report = session.play()
    app.sounds.played.clear()
    app.set_screen(RevealScreen(app, report))
    assert app.sounds.played == ["ending"]


def test_mute_is_a_saved_setting(app, june):
    app.sounds.wait()
    app.set_screen(SettingsScreen(app))
    pump(app, 2)
    click(app, find_button(app, "muted"))
    assert app.settings.muted and app.sounds.muted
    assert load_settings(settings_path())[0].muted, "saved with the other settings"
    session = hotseat(app, june)
    session.submit(0, Order(("call",)))
    session.submit(1, Order())
    app.sounds.played.clear()
    app.set_screen(RevealScreen(app, session.play()))
    assert app.sounds.played == [], "muted: no cue"
    muted_app = App((1280, 720), settings=load_settings(settings_path())[0])
    try:
        assert muted_app.sounds.muted, "a new window starts muted"
    finally:
        muted_app.sounds.close()
