"""A computer leader has one name everywhere: setup, the board, saves lists, replays, reports, the terminal."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from game.ai.leaders import OLD_LABELS
from game.engine.game import Order
from game.records.files import SaveInfo
from game.records.recorder import new_recorder
from game.records.replay import Replay
from game.records.report import header
from game.records.textview import TextReplay
from game.ui.screens.replay import seat_text
from game.ui.screens.saves import players_text
from game.ui.session import GamePlan, SeatPlan, Session, leader_choices

CHOICES = ["hawk", "baseline:hawk", "baseline:dove", "tit_for_tat", "historical", "random", "historical_china"]
"""A personality, the fixed scripts (two sharing a personality's name) and China's historical personality."""


def record_against(sc, leader: str, stored: str | None = None):
    """A week of a game with the person as the US and `leader` as China (its stored label replaced if given)."""
    recorder = new_recorder(sc, 5, (None, leader))
    computer = recorder.leaders()[1]
    recorder.play(Order(), computer.decide(sc, recorder.game.observation(1), 1, recorder.game.leader_rngs[1]).orders)
    record = recorder.record()
    if stored is not None:
        seats = record.settings.seats
        china = seats[1].model_copy(update={"label": stored})
        record = record.model_copy(update={"settings": record.settings.model_copy(update={"seats": (seats[0], china)})})
    return record


def shown_everywhere(sc, record) -> dict[str, str]:
    """How each list and report writes the record's computer leader (the whole line it appears in)."""
    info = SaveInfo(Path("x.json"), "x", False, dt.datetime(2025, 6, 1), record)
    replay = Replay.of(record, scenario=sc)
    out = io.StringIO()
    TextReplay(replay, out=out).header()
    return {
        "saves screen": players_text(info, sc),
        "saves list": info.sides,
        "replay": seat_text(replay, 1),
        "report": "\n".join(header(sc, record, replay.game)),
        "terminal replay": out.getvalue(),
    }


@pytest.mark.parametrize("leader", CHOICES)
def test_a_computer_leader_is_named_as_the_setup_names_it(june, leader):
    """The setup's label of the chosen leader is what the board, saves, the replay and the report show."""
    label = dict((i, lab) for i, lab, _ in leader_choices(june, 1))[leader]
    session = Session(GamePlan(june, 5, (SeatPlan(), SeatPlan(False, leader))))
    try:
        assert session.leader_label(1) == label
    finally:
        session.close()
    for where, text in shown_everywhere(june, record_against(june, leader)).items():
        assert label in text, f"{where}: {text!r} does not name {label!r}"


@pytest.mark.parametrize("leader", ["tit_for_tat", "baseline:hawk", "historical"])
def test_records_saved_with_old_names_are_shown_with_the_new_ones(june, leader):
    """A record that stored 'Tit for tat' or 'Hawk (always escalate)' reads as the setup names the script today."""
    old = OLD_LABELS[leader.removeprefix("baseline:")][0]
    label = dict((i, lab) for i, lab, _ in leader_choices(june, 1))[leader]
    assert old != label
    for where, text in shown_everywhere(june, record_against(june, leader, stored=old)).items():
        assert label in text and old not in text, f"{where}: {text!r}"
