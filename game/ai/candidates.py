"""Candidate orders for the look-ahead: doing nothing, single moves, proposals, then pairs of the best.

Candidates are arrays over a batch of games: ``chosen`` is (moves, games, candidates)
and ``package`` (games, candidates) is the package a proposal carries (-1 for none).
A candidate illegal in some game is kept (arrays stay rectangular) but marked in
``legal`` so it is never chosen there.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ..engine.orders import move_tables
from ..scenario.compiled import CompiledScenario


@dataclass
class Candidates:
    """Candidate orders for a batch of games."""

    chosen: np.ndarray
    """(moves, games, candidates) bool."""
    package: np.ndarray
    """(games, candidates) index into the package set, -1 if the candidate proposes nothing."""
    legal: np.ndarray
    """(games, candidates) bool."""

    @property
    def count(self) -> int:
        return self.chosen.shape[2]

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """(games, candidates): how many of the masked moves each candidate makes."""
        return np.einsum("m,mgc->gc", mask.astype(float), self.chosen)

    def pick(self, index: np.ndarray) -> Candidates:
        """Some candidates per game: ``index`` (games, k) of them, in that order."""
        rows = np.arange(index.shape[0])[:, None]
        return Candidates(self.chosen[:, rows, index], self.package[rows, index], self.legal[rows, index])

    def with_moves(self, extra: np.ndarray, groups: np.ndarray | None = None) -> Candidates:
        """Every candidate plus the moves in ``extra`` (moves, games), e.g. free answers.

        With ``groups`` (each move's group), a move is not added where the candidate already makes another
        move of its group (moves of one group cannot be made in the same week).
        """
        add = np.repeat(extra[:, :, None], self.count, axis=2)
        if groups is not None:
            for move in np.flatnonzero(extra.any(axis=1)):
                rivals = (groups == groups[move]) & (np.arange(len(groups)) != move)
                if rivals.any():
                    add[move] &= ~self.chosen[rivals].any(axis=0)
        return Candidates(self.chosen | add, self.package, self.legal)


def singles(sc: CompiledScenario, side: int, legal: np.ndarray, offer: np.ndarray) -> Candidates:
    """Nothing, then every single move (proposals carry the package ``offer[g]``); no accept or reject."""
    tables = move_tables(sc, side)
    n_moves, games = legal.shape
    skip = tables.accept | tables.reject
    moves = [i for i in range(n_moves) if not skip[i]]
    chosen = np.zeros((n_moves, games, 1 + len(moves)), dtype=bool)
    package = np.full((games, 1 + len(moves)), -1, dtype=int)
    ok = np.ones((games, 1 + len(moves)), dtype=bool)
    for c, m in enumerate(moves, start=1):
        chosen[m, :, c] = True
        ok[:, c] = legal[m]
        if tables.propose[m]:
            package[:, c] = offer
            ok[:, c] &= offer >= 0
    return Candidates(chosen, package, ok)


def is_costly_single(sc: CompiledScenario, side: int, cands: Candidates) -> np.ndarray:
    """(candidates,) the candidate is one move that costs something."""
    cost = move_tables(sc, side).cost
    return (cands.chosen.any(axis=1).sum(axis=0) == 1) & (np.einsum("m,mc->c", cost, cands.chosen.any(axis=1)) > 0)


def pairs(sc: CompiledScenario, side: int, first: Candidates, value: np.ndarray, top: int) -> Candidates:
    """Nothing, the ``top`` best costly single moves per game, and every legal pair of them."""
    tables = move_tables(sc, side)
    games = value.shape[0]
    costly = is_costly_single(sc, side, first)
    ranked = np.where(first.legal & costly[None, :], value, -np.inf)
    top = max(1, min(top, int(costly.sum())))
    best = np.argsort(-ranked, axis=1, kind="stable")[:, :top]
    combos = list(combinations(range(top), 2)) if sc.model.budget >= 2 else []
    count = 1 + top + len(combos)
    chosen = np.zeros((first.chosen.shape[0], games, count), dtype=bool)
    package = np.full((games, count), -1, dtype=int)
    legal = np.zeros((games, count), dtype=bool)
    legal[:, 0] = True
    best_singles = first.pick(best)
    chosen[:, :, 1 : 1 + top] = best_singles.chosen
    package[:, 1 : 1 + top] = best_singles.package
    legal[:, 1 : 1 + top] = np.isfinite(np.take_along_axis(ranked, best, axis=1))
    for c, (a, b) in enumerate(combos, start=1 + top):
        ca, cb = chosen[:, :, 1 + a], chosen[:, :, 1 + b]
        chosen[:, :, c] = ca | cb
        package[:, c] = np.maximum(package[:, 1 + a], package[:, 1 + b])
        both = legal[:, 1 + a] & legal[:, 1 + b]
        spent = np.einsum("m,mg->g", tables.cost, chosen[:, :, c])
        clash = _same_group(tables.group, ca, cb)
        two_offers = (package[:, 1 + a] >= 0) & (package[:, 1 + b] >= 0)
        legal[:, c] = both & (spent <= sc.model.budget) & ~clash & ~two_offers
    return Candidates(chosen, package, legal)


def _same_group(groups: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(games,) the two single moves share a group (e.g. raising and lowering one lever)."""
    ga = np.where(a, groups[:, None], -1).max(axis=0)
    gb = np.where(b, groups[:, None], -2).max(axis=0)
    return ga == gb
