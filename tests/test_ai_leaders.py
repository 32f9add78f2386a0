"""One test over every computer leader (Axelrod/PettingZoo style): legal moves, determinism, no peeking."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from game.ai.leaders import BASELINES, leader_names, make_leader
from game.ai.memory import Memory
from game.ai.rollout import TYPES, StanceModel, typed_model
from game.engine import turn as rules
from game.engine.orders import Orders, legal_mask, orders_problems
from game.engine.state import observe
from game.scenario.compiler import load_scenario

from .batch_support import play_with_offers
from .conftest import SCENARIO_FILES


def every_leader(sc) -> list[tuple[int, str]]:
    """(side, name) of every leader each side may use (personalities at easy, to stay fast)."""
    return [(side, name) for side in (0, 1) for name in leader_names(sc, side)]


def build(sc, side: int, name: str):
    return make_leader(name, sc, side, "easy")


@pytest.fixture(scope="module")
def positions(june):
    """Batches of June games in varied positions: the start, and mid-game with offers on the table."""
    rng = np.random.default_rng(11)
    start, _ = rules.start(june, 6, rng)
    state = start.copy()
    play_with_offers(june, state, rng, weeks=4, offer_week=2)
    return [start, state]


def assert_legal(sc, state, side, orders: Orders, who: str) -> None:
    assert not (orders.chosen & ~legal_mask(sc, state, side)).any(), f"{who} chose an illegal move"
    for g in range(state.shape[1]):
        one = Orders(
            orders.chosen[:, g : g + 1],
            orders.offer[:, g : g + 1],
            orders.clauses[:, g : g + 1],
            orders.deadline[g : g + 1],
        )
        assert orders_problems(sc, state[:, g : g + 1], side, one) == [], f"{who} broke a rule in game {g}"


def hide_differently(sc, state: np.ndarray, viewer: int) -> np.ndarray:
    """The same state with every number the viewer cannot see changed."""
    other = state.copy()
    rng = np.random.default_rng(5)
    for var in sc.variables:
        if var.hidden and var.owner != viewer:
            other[var.index] = np.where(other[var.index] == var.low, var.high, var.low)
    for truth in sc.estimated_vars:
        if sc.variables[truth].owner != viewer:
            other[truth] = np.clip(other[truth] + rng.normal(0, 5, state.shape[1]), sc.low[truth], sc.high[truth])
    return other


def test_every_side_has_personalities_and_baselines(june):
    for side in (0, 1):
        names = leader_names(june, side)
        assert {"hawk", "dove", "reciprocator", "patient_bargainer", "strategist"} <= set(names)
        assert len([n for n in names if n not in ("strategist",) and "baseline" not in n]) >= 5
        assert {"random", "tit_for_tat", "historical", "baseline:hawk", "baseline:dove"} <= set(names)
    assert "historical_us" in leader_names(june, 0) and "historical_us" not in leader_names(june, 1)


@pytest.mark.parametrize("index", range(2))
def test_every_leader_moves_legally_deterministically_and_never_peeks(june, positions, index):
    state = positions[index]
    for side, name in every_leader(june):
        obs = observe(june, state, side)
        first = build(june, side, name).decide(june, obs, side, np.random.default_rng(3))
        assert_legal(june, state, side, first.orders, name)
        assert len(first.reasons) == state.shape[1]
        again = build(june, side, name).decide(june, obs, side, np.random.default_rng(3))
        assert np.array_equal(first.orders.chosen, again.orders.chosen), f"{name} is not deterministic"
        assert np.array_equal(first.orders.offer, again.orders.offer, equal_nan=True)
        changed = hide_differently(june, state, side)
        assert not np.array_equal(changed, state)
        assert np.array_equal(observe(june, changed, side), obs)
        blind = build(june, side, name).decide(june, observe(june, changed, side), side, np.random.default_rng(3))
        assert np.array_equal(first.orders.chosen, blind.orders.chosen), f"{name} read hidden numbers"


def test_look_ahead_leaders_explain_every_move_with_signed_numbers(june, positions):
    state = positions[1]
    for side in (0, 1):
        decision = make_leader("strategist", june, side, "easy").decide(
            june, observe(june, state, side), side, np.random.default_rng(1)
        )
        for g in range(state.shape[1]):
            reasons = decision.reasons[g]
            assert 1 <= len(reasons) <= 4
            assert "expected own score" in reasons[0]
            assert any(ch in " ".join(reasons) for ch in "+-")


def test_harder_leaders_think_further_and_play_more_for_the_win(june, positions):
    obs = observe(june, positions[0][:, :1], 0)
    leaders = [make_leader("strategist", june, 0, level) for level in ("easy", "normal", "hard")]
    for leader in leaders:
        leader.decide(june, obs, 0, np.random.default_rng(0))
    rollouts = [leader.last_rollouts for leader in leaders]
    assert rollouts[0] < rollouts[1] < rollouts[2], rollouts
    weights = [leader.lead_weight for leader in leaders]
    assert weights[0] < weights[1] < weights[2], weights


def test_a_different_seed_can_change_a_noisy_leaders_mind(june, positions):
    state = positions[0]
    leader = make_leader("random", june, 0)
    picks = {
        leader.decide(june, observe(june, state, 0), 0, np.random.default_rng(s)).orders.chosen.tobytes()
        for s in range(5)
    }
    assert len(picks) > 1


def test_unknown_names_and_wrong_sides_are_clear_errors(june):
    with pytest.raises(KeyError, match="unknown leader 'wizard'"):
        make_leader("wizard", june, 0)
    with pytest.raises(KeyError, match="only for us"):
        make_leader("historical_us", june, 1)
    with pytest.raises(KeyError, match="unknown difficulty"):
        make_leader("hawk", june, 0, "impossible")
    assert make_leader("baseline:hawk", june, 0).id == "hawk"
    assert type(make_leader("baseline:hawk", june, 0)) is BASELINES["hawk"]
    assert make_leader("hawk", june, 0).label.startswith("Hawk (")


def test_look_ahead_works_on_a_scenario_with_other_side_names(data_dir):
    sc = load_scenario(data_dir / "tiny.yaml")
    rng = np.random.default_rng(0)
    state, _ = rules.start(sc, 4, rng)
    leaders = [make_leader("strategist", sc, s, "easy") for s in (0, 1)]
    while not state[sc.over_row].all():
        orders = []
        for side in (0, 1):
            decision = leaders[side].decide(sc, observe(sc, state, side), side, rng)
            assert_legal(sc, state, side, decision.orders, "strategist")
            orders.append(decision.orders)
        rules.step(sc, state, tuple(orders), rng)
    assert state[sc.over_row].all()


AI_SOURCES = sorted((Path(__file__).parent.parent / "game").glob("ai/*.py")) + sorted(
    (Path(__file__).parent.parent / "game").glob("analysis/*.py")
)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_computer_leaders_never_name_a_scenarios_sides_or_levers(path):
    sc = load_scenario(path)
    names = set()
    for side, texts in enumerate(sc.side_texts):
        names |= {texts["name"], texts["short"], texts["leader"], sc.sides[side] + "."}
    names |= {lever.name for lever in sc.levers} | {lever.label for lever in sc.levers}
    for source in AI_SOURCES:
        text = source.read_text(encoding="utf-8")
        for name in names:
            assert not re.search(rf"(?<![A-Za-z_]){re.escape(name)}(?![A-Za-z_])", text), (
                f"{source.name} names {name!r}"
            )


def _beliefs_after(sc, china: str, weeks: int = 6) -> np.ndarray:
    """What a US leader's memory makes of a China baseline after some weeks of alternating pressure and calm."""
    rng = np.random.default_rng(2)
    state, _ = rules.start(sc, 6, rng)
    memory = Memory.fresh(6)
    other = make_leader(china, sc, 1)
    ids = [m.id for m in sc.moves[0]]
    for week in range(weeks):
        memory.update(sc, observe(sc, state, 0), 0)
        ours = Orders.empty(sc, 0, 6)
        ours.chosen[ids.index("accuse" if week % 2 == 0 else "praise")] = True
        rules.step(sc, state, (ours, other.decide(sc, observe(sc, state, 1), 1, rng).orders), rng)
    memory.update(sc, observe(sc, state, 0), 0)
    return memory.type_beliefs()


@pytest.mark.parametrize(
    ("china", "kind"), [("baseline:hawk", "presses"), ("baseline:dove", "eases"), ("tit_for_tat", "mirrors")]
)
def test_a_leader_reads_what_kind_of_player_the_other_side_is(june, china, kind):
    beliefs = _beliefs_after(june, china)
    assert np.allclose(beliefs.sum(axis=1), 1.0)
    assert (beliefs.argmax(axis=1) == TYPES.index(kind)).mean() >= 5 / 6, beliefs.round(2)


def test_beliefs_start_even_and_rollouts_play_each_type_as_often_as_it_is_believed():
    beliefs = np.array([[0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1]])
    base = StanceModel(1, np.array([0.4, 0.6]), np.array([0.2, 0.3]))
    model, kind = typed_model(base, beliefs, runs=100, copies=3)
    per_game = kind[:200].reshape(2, 100)
    assert np.array_equal(np.bincount(per_game[0], minlength=4), [25, 25, 25, 25])
    assert np.array_equal(np.bincount(per_game[1], minlength=4), [70, 10, 10, 10])
    assert np.array_equal(kind[:200], kind[200:400]), "every candidate meets the same opponents"
    presses = kind == TYPES.index("presses")
    assert (model.escalate[presses] == 1.0).all() and (model.mirror[kind == TYPES.index("mirrors")] == 1.0).all()
    assert np.allclose(Memory.fresh(3).type_beliefs(), 0.25)


def test_a_hard_leader_keeps_the_peace_once_it_sees_the_other_side_escalate_every_week(june):
    """Mutual ruin is a loss for both: against a side that only escalates, a hard leader calms rather than racing
    it to decoupling (it used to press back when a decoupling could be 'won' on score).  It may still answer
    an escalation with one of its own beside a calming move, but it calms in most games and presses in fewer."""
    rng = np.random.default_rng(4)
    state, _ = rules.start(june, 8, rng)
    leader = make_leader("strategist", june, 0, "hard")
    hawk = make_leader("baseline:hawk", june, 1)
    escalating = np.array([m.stance == "escalate" for m in june.moves[0]])
    for _week in range(2):
        ours = leader.decide(june, observe(june, state, 0), 0, rng).orders
        rules.step(june, state, (ours, hawk.decide(june, observe(june, state, 1), 1, rng).orders), rng)
    ours = leader.decide(june, observe(june, state, 0), 0, rng).orders
    calming = np.array([m.stance == "calm" for m in june.moves[0]])
    pressing, easing = ours.chosen[escalating].any(axis=0).mean(), ours.chosen[calming].any(axis=0).mean()
    assert easing >= 0.75, "it does nothing to lower the tension"
    assert pressing <= 0.5, "it races the other side toward a decoupling that both would lose"


def test_a_hard_leader_plans_a_course_not_a_single_week(june, positions):
    """With follow-through its rollouts keep up the candidate's pressure, so pressing forecasts more tension."""
    from dataclasses import replace

    from game.ai.candidates import singles
    from game.ai.lookahead import _no_terms
    from game.ai.negotiation import build_packages

    state = positions[0][:, :2]
    obs = observe(june, state, 0)
    ids = [m.id for m in june.moves[0]]
    legal = legal_mask(june, obs, 0)
    first = singles(june, 0, legal, np.full(2, -1))
    accuse = next(c for c in range(first.count) if first.chosen[ids.index("accuse"), 0, c])
    tension = next(
        k
        for k, row in enumerate(make_leader("strategist", june, 0, "hard").forecast_rows)
        if june.variables[row].name == "tension"
    )
    packages = build_packages(june, obs, 0)
    model = StanceModel(1, np.full(2, 0.5), np.zeros(2))
    forecasts = []
    for follow in (False, True):
        leader = make_leader("strategist", june, 0, "hard")
        leader.difficulty = replace(leader.difficulty, follow_through=follow)
        played = leader.evaluate(
            june, obs, 0, first, packages, _no_terms(2, packages.count), model, np.random.default_rng(0), 16
        )
        forecasts.append(played.forecast[tension, :, accuse] - played.forecast[tension, :, 0])
    assert (forecasts[1] > forecasts[0] + 2.0).all(), forecasts


def test_a_habit_makes_a_leader_reach_for_its_move_and_says_so(june):
    """Trump's habit of picking up the phone: the same leader without it never calls in the first week."""
    from dataclasses import replace

    from game.ai.lookahead import LookaheadLeader
    from game.ai.personality import find_traits

    trump = find_traits(june, "historical_us", 0)
    assert dict(trump.habits).get("call", 0) > 0, "June's historical Trump likes to call"
    state, _ = rules.start(june, 24, np.random.default_rng(5))
    obs = observe(june, state, 0)
    call = np.flatnonzero([m.id == "call" for m in june.moves[0]])[0]
    calls = []
    for habits in ((), (("call", 10.0),)):
        leader = LookaheadLeader(june, 0, replace(trump, habits=habits), "easy")
        decision = leader.decide(june, obs, 0, np.random.default_rng(6))
        calls.append(int(decision.orders.chosen[call].sum()))
        if habits:
            said = [line for g in range(24) if decision.orders.chosen[call, g] for line in decision.reasons[g]]
            assert any("In character" in line for line in said), "a habit shows in the reasons"
    assert calls[0] == 0 and calls[1] >= 12


def test_a_habit_for_a_move_no_side_has_is_located_with_a_suggestion(data_dir):
    from game.scenario.compiler import ScenarioError, load_scenario_text

    text = (data_dir / "tiny.yaml").read_text(encoding="utf-8")
    assert "personalities:" not in text
    broken = text.rstrip("\n") + "\npersonalities:\n  - id: caller\n    label: Caller\n    habits: {cal: 3}\n"
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(broken, "t.yaml")
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert "no move 'cal'" in problem.message and "did you mean call" in problem.message
    assert problem.line == broken.splitlines().index("    habits: {cal: 3}") + 1
