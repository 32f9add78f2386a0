"""Round trip: a game saved at any week and loaded again is the same game, hash for hash."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from game.engine.game import Game
from game.paths import scenarios_dir
from game.records.files import read_record, write_record
from game.records.format import VERSION, dump_record, parse_record
from game.records.recorder import restore
from game.records.replay import Replay
from game.scenario.compiler import load_scenario

from .records_support import hashes, random_game

SCENARIOS = [load_scenario(p) for p in sorted(scenarios_dir().glob("*.yaml"))]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(SCENARIOS) - 1),
    seed=st.integers(0, 2**31),
    moves_seed=st.integers(0, 2**31),
)
@example(index=0, seed=0, moves_seed=4311561)  # a random leader accepts and rejects at once (week 11)
def test_save_load_gives_identical_state_at_every_week(index, seed, moves_seed):
    """Computer leaders' orders reach the engine unchecked; even rule-breaking ones replay as they were played."""
    sc = SCENARIOS[index]
    recorder = random_game(sc, seed, moves_seed)
    played = hashes(recorder)
    full = recorder.record()
    for week in range(len(played) + 1):
        partial = full.model_copy(update={"turns": full.turns[:week], "resume": None})
        loaded = parse_record(dump_record(partial), "mem")
        game = restore(loaded, "mem").game
        assert len(game.reports) == week
        assert game.hash() == (played[week - 1] if week else recorder.start_hash)
        assert [r.state_hash for r in game.reports] == played[:week]


def test_a_file_round_trip_keeps_moves_offers_answers_contests_and_reasons(june, tmp_path):
    recorder = random_game(june, 11, 5)
    path = write_record(tmp_path / "game.json", recorder.record())
    record = read_record(path)
    restored = restore(record, str(path))
    assert restored.game.hash() == recorder.game.hash()
    ids = [[[m.id for m in side] for side in r.moves] for r in recorder.game.reports]
    assert [[[m.id for m in side] for side in r.moves] for r in restored.game.reports] == ids
    assert [r.contests for r in restored.game.reports] == [r.contests for r in recorder.game.reports]
    assert [r.reasons for r in restored.game.reports] == [r.reasons for r in recorder.game.reports]
    offers = [o for t in record.turns for o in t.orders if o.offer is not None]
    assert offers, "the random game should contain at least one proposal"
    assert all("propose" in o.moves for o in offers)
    raw = json.loads(path.read_text())
    assert raw["format"] == "brinkmanship-record" and raw["version"] == VERSION
    assert raw["scenario"]["hash"] == june.source_hash


def test_a_continued_game_thinks_like_the_uninterrupted_one(june):
    """The computer leaders' dice are saved too: after loading, the next decision is the same."""
    recorder = random_game(june, 3, 9, weeks=4)
    restored = restore(recorder.record(), "mem")
    for a, b in zip(recorder.game.leader_rngs, restored.game.leader_rngs):
        assert a.random() == b.random()


def test_replay_steps_forward_back_and_jumps(june):
    recorder = random_game(june, 21, 4)
    replay = Replay.of(recorder.record())
    fresh = Game(june, 21)
    assert replay.position == 0 and replay.report is None
    assert replay.value("tension") == fresh.value("tension")
    assert replay.forward() and replay.position == 1
    assert replay.report.state_hash == recorder.game.reports[0].state_hash
    replay.jump(replay.length + 5)
    assert replay.at_end and not replay.forward()
    assert replay.series("tension")[-1] == recorder.game.value("tension")
    assert len(replay.series("tension")) == replay.length + 1
    assert replay.back() and replay.position == replay.length - 1
    replay.jump(-3)
    assert replay.position == 0 and not replay.back()
