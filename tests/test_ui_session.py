"""The window's game session: choosing computer leaders, and playing weeks through the engine with a record."""

from __future__ import annotations

import time

from game.ai.leaders import BASELINES
from game.engine.game import Order
from game.ui.session import GamePlan, SeatPlan, Session, build_leader, leader_choices


def test_every_listed_leader_can_play(june):
    """Each choice in the setup screen gives a computer leader; baselines give exactly that baseline."""
    personalities = {p.id for p in june.personalities}
    for side in (0, 1):
        choices = leader_choices(june, side)
        ids = [c[0] for c in choices]
        assert len(ids) == len(set(ids)), "no two choices share an id"
        assert any(i == "historical_us" for i in ids) == (side == 0)
        for leader_id, _label, _ in choices:
            leader, used = build_leader(june, side, SeatPlan(False, leader_id))
            assert leader is not None and used
            baseline = leader_id.split(":")[-1]
            if used == leader_id and (leader_id.startswith("baseline:") or leader_id not in personalities):
                assert isinstance(leader, BASELINES[baseline]) == (baseline in BASELINES)


def test_session_plays_and_records_each_week(june):
    """Orders go through the checked API, computers think off the main thread, and every week is recorded."""
    session = Session(GamePlan(june, 8, (SeatPlan(), SeatPlan(False, "hawk"))))
    try:
        assert session.check(0, Order(("tariff_up", "tariff_down"))) is not None
        session.submit(0, Order(("call",)))
        while not session.ready():
            time.sleep(0.001)
        report = session.play()
        assert [m.id for m in report.moves[0]] == ["call"]
        record = session.recorder.record()
        assert len(record.turns) == 1 and record.turns[0].hash == report.state_hash
        assert record.settings.seats[1].player == "computer"
    finally:
        session.close()


def test_leader_names_are_distinct(june):
    """No 'Hawk (always escalate)' beside 'Hawk', no 'Dove' twice, no 'Historical' beside 'Trump (historical)'."""
    from game.ui.session import is_script

    for side in (0, 1):
        choices = leader_choices(june, side)
        labels = [label for _, label, _ in choices]
        assert len(labels) == len(set(labels)), labels
        words = [label.lower() for label in labels]
        for word in ("hawk", "dove", "historical"):
            assert sum(word in w for w in words) <= 1, f"{word!r} in more than one name: {labels}"
        scripts = [label for i, label, _ in choices if is_script(june, i)]
        assert scripts and all(label.startswith("Fixed script: ") for label in scripts)
        assert not any(label.startswith("Fixed script") for i, label, _ in choices if not is_script(june, i))


def test_the_board_names_leaders_as_the_setup_does(june):
    session = Session(GamePlan(june, 8, (SeatPlan(False, "historical"), SeatPlan(False, "hawk"))))
    try:
        assert session.leader_label(0) == "Fixed script: the real moves"
        assert session.leader_label(1) == "Hawk"
    finally:
        session.close()
