"""The order draft shared by the board and the terminal: budget, groups, illegal moves, toggling, keys (no pygame)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from game.engine.game import Game, Offer, Order
from game.orders_draft import MOVE_KEYS, OrderDraft, cost_text, move_keys


@pytest.fixture
def draft(june) -> OrderDraft:
    """The US's draft in week 1 of the June scenario (2 move points)."""
    return OrderDraft(Game(june, seed=1), 0)


def package_offer(sc, index: int = 0) -> Offer:
    """One of the scenario's ready-made packages as an Offer."""
    package = sc.packages[index]
    terms = {sc.levers[sc.negotiable[j]].name: v for j, v in enumerate(package.targets) if not np.isnan(v)}
    clauses = [c.id for c in sc.clauses if package.clauses[c.index]]
    return Offer.of(terms, clauses, package.deadline)


def test_an_empty_draft(draft):
    assert draft.empty and draft.points_left == draft.budget == 2
    assert draft.order() == Order() and draft.problem() is None


def test_toggling_adds_and_takes_out(draft):
    assert draft.toggle("call") is None
    assert draft.moves == ["call"] and draft.points_left == 1 and draft.chosen("call")
    assert draft.toggle("call") is None, "a second toggle takes the move out"
    assert draft.empty and draft.points_left == 2


def test_the_budget_refuses_a_third_move(draft):
    assert draft.toggle("call") is None and draft.toggle("praise") is None
    assert draft.points_left == 0
    assert not draft.can_add("accuse")
    problem = draft.toggle("accuse")
    assert problem is not None and "budget is 2" in problem
    assert draft.moves == ["call", "praise"], "a refused move leaves the draft as it was"
    assert draft.can_add("call"), "a chosen move can always be taken out"


def test_moves_of_one_group_clash(draft):
    assert draft.toggle("tariff_up") is None
    assert draft.clash("tariff_down").id == "tariff_up"
    assert draft.clash("chip_controls_up") is None
    assert not draft.can_add("tariff_down")
    problem = draft.toggle("tariff_down")
    assert problem is not None and "same turn" in problem
    assert draft.moves == ["tariff_up"]


def test_moves_not_open_this_week_are_refused(draft):
    legal = {m.id for m in draft.legal_moves()}
    assert "accept" not in legal and "eda_licensing_up" not in legal
    problem = draft.toggle("accept")
    assert problem is not None and "not available now" in problem
    assert draft.empty and not draft.can_add("accept")


def test_groups_list_this_weeks_moves_in_board_order(draft):
    groups = draft.grouped()
    assert [title for title, _ in groups] == ["Deals", "Diplomacy", "Levers"]
    listed = [m.id for _, moves in groups for m in moves]
    assert sorted(listed) == sorted(m.id for m in draft.legal_moves())
    assert "accept" not in listed


def test_a_proposal_carries_its_package(draft, june):
    assert draft.toggle("propose") is not None, "a proposal with no terms is refused"
    offer = package_offer(june)
    assert draft.proposal_problem(offer) is None
    draft.set_proposal(offer)
    assert draft.proposing and draft.order() == Order(("propose",), offer) and draft.problem() is None
    assert draft.points_left == 1
    assert draft.toggle("propose") is None and draft.offer is None and draft.empty, "taking it out drops the package"


def test_choose_replaces_the_whole_draft_or_nothing(draft):
    assert draft.choose(["call", "praise"]) is None and draft.moves == ["call", "praise"]
    assert draft.choose(["tariff_up", "tariff_down"]) is not None
    assert draft.moves == ["call", "praise"], "refused orders leave the draft as it was"
    draft.clear()
    assert draft.empty and draft.offer is None


def test_answers_to_an_offer_exclude_each_other(june):
    game = Game(june, seed=1)
    game.play(Order(), Order(("propose",), package_offer(june)))
    draft = OrderDraft(game, 0)
    assert game.pending_offer(0) is not None
    assert draft.answer("accept") is None and draft.moves == ["accept"]
    assert draft.answer("reject") is None and draft.moves == ["reject"], "reject takes accept out"
    assert draft.answer("reject") is None and draft.empty, "the same answer again takes it back"


def test_keys_are_fixed_and_found_among_shown_moves(draft, june):
    keys = move_keys(june, 0)
    assert keys == draft.keys and len(set(keys.values())) == len(keys)
    assert keys["propose"] == "N" and keys["accept"] == "A" and keys["reject"] == "R"
    assert set(keys.values()) - {"N", "A", "R"} <= set(MOVE_KEYS)
    call = draft.move_for_key(keys["call"])
    assert call is not None and call.id == "call"
    assert draft.move_for_key(keys["accept"]) is None, "no offer on the table: A finds nothing"
    assert draft.move_for_key(None) is None


def test_cost_text():
    class Move:
        cost = 0

    move = Move()
    assert cost_text(move) == "free"
    move.cost = 1
    assert cost_text(move) == "1 pt"
    move.cost = 2
    assert cost_text(move) == "2 pts"


def test_the_draft_needs_no_pygame():
    code = "import sys, game.orders_draft, game.terminal; sys.exit('pygame' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
