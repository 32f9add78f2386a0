"""Deal quality: how close agreed packages come to the Nash bargaining point.

For the true state of a game in the week a deal was signed, every package in a
search of the package space is rolled forward on the batch engine as if signed
that week, against no deal, both sides otherwise holding still (the same
appraisal the computer leaders use, here on the true state).  A side's gain is
its 0-100 score with the deal minus without.  A zone of agreement exists when
some package gives both sides a positive gain; the Nash bargaining point is the
package with the largest product of the two gains (Nash 1950).  The search
starts from the scenario's packages, their variations and random packages, then
improves the best few one term at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ai.negotiation import PackageSet, appraise, build_packages
from ..ai.personality import NEUTRAL
from ..scenario.compiled import CompiledScenario
from .runner import RunResult


@dataclass
class NashCheck:
    """One deal against the Nash point of its week."""

    agreed: tuple[float, float]
    """Both sides' gains from the agreed package."""
    best: tuple[float, float]
    """Both sides' gains at the Nash point found."""
    zone: bool
    """Some package gives both sides a positive gain."""

    @property
    def ratio(self) -> float:
        """Nash product of the agreed package over the best one (0 if the deal leaves a side worse off)."""
        best = max(self.best[0], 0.0) * max(self.best[1], 0.0)
        agreed = max(self.agreed[0], 0.0) * max(self.agreed[1], 0.0)
        return min(agreed / best, 1.0) if best > 0 else 0.0


def _join(sets: list[PackageSet]) -> PackageSet:
    """Packages of several sets side by side (one game)."""
    return PackageSet(
        targets=np.concatenate([s.targets for s in sets], axis=2),
        clauses=np.concatenate([s.clauses for s in sets], axis=2),
        deadline=np.concatenate([s.deadline for s in sets], axis=1),
        valid=np.concatenate([s.valid for s in sets], axis=1),
        names=[n for s in sets for n in s.names],
    )


def one_package(targets: np.ndarray, clauses: np.ndarray, deadline: int, name: str = "agreed") -> PackageSet:
    """A package set holding one package for one game."""
    return PackageSet(
        targets=targets.reshape(-1, 1, 1).astype(float),
        clauses=clauses.reshape(-1, 1, 1).astype(bool),
        deadline=np.array([[deadline]]),
        valid=np.ones((1, 1), dtype=bool),
        names=[name],
    )


def random_packages(sc: CompiledScenario, rng: np.random.Generator, count: int) -> PackageSet:
    """Packages with each lever and clause in with probability one half, at a random notch."""
    levers = len(sc.negotiable)
    targets = np.full((levers, 1, count), np.nan)
    for j, lever_i in enumerate(sc.negotiable):
        values = sc.levers[lever_i].values
        pick = values[rng.integers(0, len(values), count)]
        targets[j, 0] = np.where(rng.random(count) < 0.5, pick, np.nan)
    clauses = rng.random((len(sc.clauses), 1, count)) < 0.5
    return PackageSet(
        targets,
        clauses,
        np.full((1, count), sc.model.negotiation.deadline),
        np.ones((1, count), dtype=bool),
        ["random"] * count,
    )


def neighbours(sc: CompiledScenario, targets: np.ndarray, clauses: np.ndarray, deadline: int) -> PackageSet:
    """Every package one term away: each lever at each other notch or left out, each clause toggled."""
    out_t, out_c = [], []
    for j, lever_i in enumerate(sc.negotiable):
        for value in [np.nan, *sc.levers[lever_i].values]:
            same = (np.isnan(value) and np.isnan(targets[j])) or value == targets[j]
            if same:
                continue
            t = targets.copy()
            t[j] = value
            out_t.append(t)
            out_c.append(clauses.copy())
    for k in range(len(sc.clauses)):
        c = clauses.copy()
        c[k] = not c[k]
        out_t.append(targets.copy())
        out_c.append(c)
    count = len(out_t)
    return PackageSet(
        np.stack(out_t, axis=1)[:, None, :],
        np.stack(out_c, axis=1)[:, None, :] if len(sc.clauses) else np.zeros((0, 1, count), bool),
        np.full((1, count), deadline),
        np.ones((1, count), dtype=bool),
        ["neighbour"] * count,
    )


def gains(sc, state: np.ndarray, packages: PackageSet, rng, runs: int) -> np.ndarray:
    """(P, 2) both sides' mean score gain from each package signed now, against no deal."""
    appraisal = appraise(sc, state, 0, packages, NEUTRAL, rng, runs)
    return np.stack([appraisal.own_score[0], appraisal.other[0]], axis=1)


def check_deal(
    sc: CompiledScenario,
    state: np.ndarray,
    targets: np.ndarray,
    clauses: np.ndarray,
    deadline: int,
    rng: np.random.Generator,
    runs: int = 6,
    samples: int = 400,
    rounds: int = 3,
    keep: int = 6,
) -> NashCheck:
    """Compare an agreed package with the Nash point of the same true state (a column, rows x 1)."""
    pool = _join(
        [
            one_package(targets, clauses, deadline),
            build_packages(sc, state, 0),
            build_packages(sc, state, 1),
            random_packages(sc, rng, samples),
        ]
    )
    found = gains(sc, state, pool, rng, runs)
    products = np.where(pool.valid[0], np.clip(found[:, 0], 0, None) * np.clip(found[:, 1], 0, None), -1.0)
    best_t, best_c, best_g = pool.targets[:, 0], pool.clauses[:, 0], found
    for _ in range(rounds):
        top = np.argsort(-products)[:keep]
        trial = _join([neighbours(sc, best_t[:, i], best_c[:, i], deadline) for i in top])
        trial_gains = gains(sc, state, trial, rng, runs)
        trial_products = np.clip(trial_gains[:, 0], 0, None) * np.clip(trial_gains[:, 1], 0, None)
        best_t = np.concatenate([best_t[:, top], trial.targets[:, 0]], axis=1)
        best_c = np.concatenate([best_c[:, top], trial.clauses[:, 0]], axis=1)
        best_g = np.concatenate([best_g[top], trial_gains])
        products = np.concatenate([products[top], trial_products])
    i = int(np.argmax(products))
    zone = bool(products[i] > 0)
    return NashCheck(agreed=(float(found[0, 0]), float(found[0, 1])), best=tuple(map(float, best_g[i])), zone=zone)


def check_deals(sc: CompiledScenario, result: RunResult, seed: int = 0, limit: int = 50, **search) -> list[NashCheck]:
    """Up to ``limit`` deals signed in a run (a seeded sample), each checked against its week's Nash point."""
    deals = result.deals
    rng = np.random.default_rng(seed)
    count = len(deals.game)
    picked = np.sort(rng.choice(count, size=min(limit, count), replace=False)) if count else np.zeros(0, int)
    return [
        check_deal(sc, deals.before[k][:, None], deals.targets[k], deals.clauses[k], deals.deadline[k], rng, **search)
        for k in picked
    ]


def deal_quality(sc: CompiledScenario, result: RunResult, seed: int = 0, limit: int = 50, **search) -> dict:
    """Nash-product ratios of up to ``limit`` deals signed in a run (JSON-ready)."""
    return summarise_checks(check_deals(sc, result, seed, limit, **search), len(result.deals.game))


def summarise_checks(checks: list[NashCheck], signed: int) -> dict:
    """Mean ratio of Nash products where a zone of agreement exists, and friends."""
    zoned = [c for c in checks if c.zone]
    ratios = np.array([c.ratio for c in zoned])
    return {
        "deals_signed": signed,
        "deals_checked": len(checks),
        "with_zone_of_agreement": len(zoned),
        "mean_nash_ratio": round(float(ratios.mean()), 4) if len(ratios) else None,
        "median_nash_ratio": round(float(np.median(ratios)), 4) if len(ratios) else None,
        "share_at_least_0_9": round(float(np.mean(ratios >= 0.9)), 4) if len(ratios) else None,
        "mean_gains_agreed": [round(float(np.mean([c.agreed[s] for c in zoned])), 3) for s in (0, 1)]
        if zoned
        else None,
        "mean_gains_nash": [round(float(np.mean([c.best[s] for c in zoned])), 3) for s in (0, 1)] if zoned else None,
    }


def format_deal_quality(quality: dict) -> str:
    """Deal quality in words."""
    if not quality["with_zone_of_agreement"]:
        return f"Deals: {quality['deals_signed']} signed; none checked had a zone of agreement."
    return (
        f"Deals: {quality['deals_signed']} signed, {quality['deals_checked']} checked against the Nash bargaining "
        f"point, {quality['with_zone_of_agreement']} with a zone of agreement: Nash product ratio mean "
        f"{quality['mean_nash_ratio']:.2f}, median {quality['median_nash_ratio']:.2f}, "
        f"{quality['share_at_least_0_9']:.0%} at 0.9 or more."
    )
