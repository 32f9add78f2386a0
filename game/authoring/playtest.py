"""``validate --simulate --thinking``: a lint that plays like people.

The baseline lint (``lint.py``) plays thoughtless leaders; they never weigh a
deal, so it cannot see what only thinking players do.  This playtest runs the
scenario's computer personalities (``ai.leaders.make_leader``: the scenario's
own plus the neutral strategist) against each other, and the probe strategies
(``ai.probes``) against the computer through the exploit report
(``analysis.exploit.exploit_report``, the same figures as ``brinkmanship exploit``).

Pairings (``pairings``), every one on the same seeded games:

- each side's anchor against the other's: the side's own personality (e.g.
  ``historical_us``), else a ``reciprocator`` if the scenario has one, else the
  first personality for either side, else the strategist;
- every personality that may sit either side against the other side's anchor,
  from each seat, and against itself (a mirror).

Who won is the engine's rule (``engine.scoring.results``).  It flags, each as a
finding with its figure:

- a probe that beats the computer in more than ``PROBE_BAR`` of its games from either seat;
- deals always slow-walked (``SLOW_WALK_BAR`` of signed deals or more were slow-walked at some point);
- every deal accepted (fewer than ``REFUSED_BAR`` of the offers answered were refused or left to lapse),
  and no deal signed at all where the scenario has packages;
- seat bias: in a mirror, one seat wins more than ``SEAT_BAR`` of the games;
- a lever no personality moved a notch in any game;
- an ending (the horizon counts) reached in no pairing.

Findings are warnings: a scenario can be valid and still be a poor game.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..ai.leaders import make_leader
from ..ai.personality import default_traits, presets
from ..ai.probes import PROBES
from ..analysis.exploit import exploit_report
from ..analysis.parallel import collect
from ..analysis.runner import chunk_rngs, default_chunk
from ..analysis.tournament import wilson
from ..engine import turn as rules
from ..engine.loop import leader_policy, play_weeks
from ..engine.orders import move_tables
from ..engine.scoring import BOTH_LOSE, DRAW, WIN, results
from ..engine.state import alive
from ..scenario.compiled import CompiledScenario
from .lint import Finding

DEFAULT_GAMES = 20
"""Games per pairing, and per probe and seat, unless ``--games`` says otherwise."""
DEFAULT_DIFFICULTY = "easy"
COMPUTER = "strategist"
"""The computer the probes meet (as ``brinkmanship exploit``'s default)."""
PROBE_BAR = 0.35
"""A probe that wins more than this share of its games from either seat beats the computer."""
SLOW_WALK_BAR = 0.9
"""Deals are 'always slow-walked' when at least this share of signed deals were slow-walked."""
SLOW_WALK_MIN_DEALS = 5
"""Fewest signed deals before the slow-walk share is judged."""
REFUSED_BAR = 0.1
"""Deals are 'always accepted' when fewer than this share of the offers answered were refused."""
REFUSED_MIN_OFFERS = 5
"""Fewest answered offers before the refusal share is judged."""
SEAT_BAR = 0.7
"""In a mirror (one personality in both seats), a seat that wins more than this share shows a seat bias."""

Note = Callable[[str], None]
"""Receives one progress line at a time."""


def anchor(sc: CompiledScenario, side: int) -> str:
    """The personality a side's opponents meet: its own, else a reciprocator, else the default."""
    personalities = presets(sc, side)
    own = [t for t in personalities if t.side == side]
    if own:
        return own[0].id
    if any(t.id == "reciprocator" for t in personalities):
        return "reciprocator"
    return default_traits(sc, side).id


def pairings(sc: CompiledScenario) -> list[tuple[str, str]]:
    """(first seat, second seat) personality ids: the anchors, then each either-side personality
    against the other side's anchor from both seats and against itself; no pairing twice."""
    anchors = (anchor(sc, 0), anchor(sc, 1))
    out = [anchors]
    for traits in presets(sc):
        if traits.side is None:
            out += [(traits.id, anchors[1]), (anchors[0], traits.id), (traits.id, traits.id)]
    return list(dict.fromkeys(out))


@dataclass
class PairingFigures:
    """What happened in one pairing's games."""

    first: str
    second: str
    games: int
    codes: np.ndarray
    """(games, 2) result codes (``engine.scoring.results``)."""
    endings: np.ndarray
    """(endings,) games ending each way."""
    deals: int
    """Deals signed (a game may sign more than one)."""
    slow_walked: int
    """Signed deals that either side slow-walked at some point while they were in force."""
    offers: int
    """Offers answered: signed, or ended unsigned (rejected, countered or lapsed; not withdrawn by a new offer
    of their own side before the other side answered)."""
    refused: int
    """Offers answered that ended unsigned."""
    games_refusing: int
    """Games in which at least one offer was refused."""
    lever_games: np.ndarray
    """(levers,) games in which a leader moved the lever a notch."""

    @property
    def mirror(self) -> bool:
        return self.first == self.second

    def as_dict(self, sc: CompiledScenario) -> dict:
        """JSON-ready figures."""
        return {
            "first": self.first,
            "second": self.second,
            "games": self.games,
            "wins": [int(np.sum(self.codes[:, s] == WIN)) for s in (0, 1)],
            "draws": int(np.sum(self.codes[:, 0] == DRAW)),
            "both_lose": int(np.sum(self.codes[:, 0] == BOTH_LOSE)),
            "endings": {e.id: int(self.endings[e.index]) for e in sc.endings},
            "deals": self.deals,
            "slow_walked": self.slow_walked,
            "offers": self.offers,
            "refused": self.refused,
            "games_refusing": self.games_refusing,
        }


def play_pairing(
    sc: CompiledScenario, first: str, second: str, games: int, seed: int, difficulty: str
) -> PairingFigures:
    """Play one pairing's games (chunked and seeded as ``analysis.runner.run_games``), watching every week."""
    leaders = (make_leader(first, sc, 0, difficulty), make_leader(second, sc, 1, difficulty))
    chunk = default_chunk(leaders)
    parts = [
        _play_chunk(sc, leaders, min(chunk, games - start), chunk_rngs(seed, index))
        for index, start in enumerate(range(0, games, chunk))
    ]
    codes = np.concatenate([p[0] for p in parts])
    totals = [sum(p[i] for p in parts) for i in range(1, 8)]
    return PairingFigures(first, second, games, codes, *totals)


@dataclass(frozen=True)
class PairingRun:
    """One pairing's games: a piece of the playtest with its own seeds, so it may be played anywhere."""

    first: str
    second: str
    games: int
    seed: int
    difficulty: str

    def play(self, sc: CompiledScenario) -> PairingFigures:
        """Play the pairing's games and count what the lint reads."""
        return play_pairing(sc, self.first, self.second, self.games, self.seed, self.difficulty)

    def weight(self, sc: CompiledScenario) -> float:
        """Pairings of thinking leaders cost alike."""
        return self.games


def _play_chunk(sc: CompiledScenario, leaders, games: int, rngs) -> tuple:
    """(codes, endings, deals, slow-walked, offers, refused, games refusing, lever games) of one batch."""
    world, *leader_rngs = rngs
    d = sc.deal
    state, _ = rules.start(sc, games, world)
    lever_moves = [np.array([m.lever == lever.index for m in sc.moves[lever.side]], dtype=bool) for lever in sc.levers]
    tables = [move_tables(sc, s) for s in (0, 1)]
    moved = np.zeros((len(sc.levers), games), dtype=bool)
    in_deal = np.zeros(games, dtype=bool)  # a signed deal is being followed in this game ...
    walked = np.zeros(games, dtype=bool)  # ... and someone slow-walked it while it was in force
    tally = dict(deals=0, slow=0, offers=0, refused=0)
    refusing = np.zeros(games, dtype=bool)

    def note(week: int, state: np.ndarray, log, before: np.ndarray | None) -> None:
        assert before is not None
        live = alive(sc, before)
        for s in (0, 1):
            # An offer on the table is answered when it is signed, or ends unsigned: rejected, countered or
            # lapsed.  One its own side replaces before the other answers is withdrawn, not refused.
            pending = (before[d.offer_pending[s]] != 0.0) & live
            if not pending.any():
                continue
            accepted = pending & log.chosen[1 - s][tables[1 - s].accept].any(axis=0)  # both may sign at once
            renewed = log.chosen[s][tables[s].propose].any(axis=0)
            answered = log.chosen[1 - s][tables[1 - s].reject | tables[1 - s].propose].any(axis=0)
            ended = pending & ~accepted & ((state[d.offer_pending[s]] == 0.0) | renewed)
            lapsed = ended & ~(renewed & ~answered)
            tally["offers"] += int(accepted.sum() + lapsed.sum())
            tally["refused"] += int(lapsed.sum())
            refusing[:] |= lapsed
        for lever in sc.levers:
            moved[lever.index] |= log.chosen[lever.side][lever_moves[lever.index]].any(axis=0)
        new = log.signed >= 0
        tally["slow"] += int((walked & in_deal & new).sum())
        tally["deals"] += int(new.sum())
        in_deal[:] |= new
        walked[new] = False
        active = state[d.active] != 0.0
        walking = (state[d.slow_walking[0]] != 0.0) | (state[d.slow_walking[1]] != 0.0)
        walked[:] |= in_deal & active & walking

    policies = tuple(leader_policy(sc, leaders[s], s, leader_rngs[s]) for s in (0, 1))
    play_weeks(sc, state, policies, world, on_week=note, keep_before=True)
    tally["slow"] += int((walked & in_deal).sum())
    ended = state[sc.ending_row].astype(int) - 1
    endings = np.bincount(ended[ended >= 0], minlength=len(sc.endings))[: len(sc.endings)]
    return (
        results(sc, state),
        endings,
        tally["deals"],
        tally["slow"],
        tally["offers"],
        tally["refused"],
        int(refusing.sum()),
        moved.sum(axis=1),
    )


@dataclass
class PlaytestReport:
    """Every figure of the playtest and what it flags."""

    scenario: str
    difficulty: str
    games: int
    """Games per pairing, and per probe and seat."""
    seed: int
    seconds: float
    pairings: list[PairingFigures]
    probes: dict
    """The exploit report (``analysis.exploit.exploit_report``) of the probes against ``COMPUTER``."""
    ending_pairings: dict[str, int]
    """Per ending, the pairings in which it happened at least once."""
    lever_games: dict[str, int]
    """Per lever with a move, the pairing games in which some leader moved it."""
    side_names: dict[str, str] = field(default_factory=dict)
    """Side id -> short name, for the text."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def pairing_games(self) -> int:
        return sum(p.games for p in self.pairings)

    def deal_figures(self) -> dict:
        """Deals, slow-walking and refusals summed over every pairing."""
        keys = ("deals", "slow_walked", "offers", "refused", "games_refusing")
        return {key: sum(getattr(p, key) for p in self.pairings) for key in keys}

    def lines(self) -> list[str]:
        """The report ``validate --simulate --thinking`` prints under the baseline one."""
        n = len(self.pairings)
        probe_rows = self.probes.get("probes", [])
        out = [
            f"  thinking leaders ({self.difficulty}): {n} pairing{'s' * (n != 1)} x {self.games} games, "
            f"{len(probe_rows)} probe runs x {self.games} games against the {self.probes.get('computer')}, "
            f"in {self.seconds:.1f} s",
        ]
        endings = ", ".join(f"{e} {k}/{n}" for e, k in self.ending_pairings.items())
        out.append(f"  endings (pairings reaching each): {endings}")
        f = self.deal_figures()
        games = self.pairing_games
        if f["deals"] or f["offers"]:
            out.append(
                f"  deals: {f['deals']} signed in {games} games, {_share(f['slow_walked'], f['deals'])} "
                f"slow-walked; {_share(f['refused'], f['offers'])} of {f['offers']} offers refused "
                f"(a refusal in {f['games_refusing']} of {games} games)"
            )
        else:
            out.append(f"  deals: none offered in {games} games")
        mirrors = [p for p in self.pairings if p.mirror]
        if mirrors:
            text = ", ".join(
                f"{p.first} {_share(int(np.sum(p.codes[:, 0] == WIN)), p.games)}/"
                f"{_share(int(np.sum(p.codes[:, 1] == WIN)), p.games)}"
                for p in mirrors
            )
            out.append(f"  seat wins when a personality meets itself: {text}")
        if self.lever_games:
            idle = sorted(self.lever_games.items(), key=lambda item: item[1])[:3]
            text = ", ".join(f"{name} {count}" for name, count in idle)
            out.append(f"  levers moved least (games of {games}): {text}")
        worst = self.probes.get("worst")
        if worst:
            lo, hi = worst["win_ci"]
            seat = self.side_names.get(worst["seat"], worst["seat"])
            out.append(
                f"  strongest probe: {worst['probe']} as {seat} wins {worst['win_rate']:.0%} (95% CI {lo:.0%}-{hi:.0%})"
            )
        out += [f"  warning: {finding.message}" for finding in self.findings]
        if not self.findings:
            out.append("  nothing to flag among the thinking leaders")
        return out

    def as_dict(self, sc: CompiledScenario) -> dict:
        """JSON-ready figures and findings."""
        return {
            "difficulty": self.difficulty,
            "games_per_pairing": self.games,
            "seed": self.seed,
            "seconds": round(self.seconds, 2),
            "pairings": [p.as_dict(sc) for p in self.pairings],
            "deals": self.deal_figures(),
            "ending_pairings": self.ending_pairings,
            "lever_games": self.lever_games,
            "probes": self.probes,
            "findings": [finding_dict(f) for f in self.findings],
        }


def finding_dict(finding: Finding) -> dict:
    """A finding as JSON: its kind, its sentence and the figure behind it."""
    return {"kind": finding.kind, "message": finding.message, "figure": dict(finding.figure)}


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def _ci(hits: int, games: int) -> str:
    lo, hi = wilson(hits, games)
    return f"95% CI {lo:.0%}-{hi:.0%}"


def playtest(
    sc: CompiledScenario,
    games: int = DEFAULT_GAMES,
    difficulty: str = DEFAULT_DIFFICULTY,
    seed: int = 0,
    note: Note | None = None,
    only: list[tuple[str, str]] | None = None,
    probes: list[str] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
) -> PlaytestReport:
    """Play every pairing and every probe (or only the pairings and probes given); collect figures and findings.

    With ``jobs`` > 1 the pairings and probe runs are shared among local processes, with ``scheduler`` among a
    Dask cluster's workers; the figures are the same."""
    say = note or (lambda line: None)
    started = time.perf_counter()
    chosen = pairings(sc) if only is None else only
    runs = [PairingRun(first, second, games, seed, difficulty) for first, second in chosen]

    def pairing_progress(done: int, total: int) -> None:
        say(f"thinking: pairing {done // games}/{len(runs)}: {done} games ({time.perf_counter() - started:.1f} s)")

    played = collect(sc, runs, jobs, scheduler, pairing_progress)
    names = list(PROBES) if probes is None else probes

    def probe_progress(done: int, total: int) -> None:
        if done % (2 * games) == 0:  # another probe has played from both seats
            say(
                f"thinking: probe {done // (2 * games)}/{len(names)} against the {COMPUTER}: "
                f"{done} games ({time.perf_counter() - started:.1f} s)"
            )

    table = exploit_report(sc, games, difficulty, COMPUTER, seed, names, probe_progress, jobs, scheduler)
    ending_pairings = {e.id: sum(int(p.endings[e.index] > 0) for p in played) for e in sc.endings}
    movable = [lever for lever in sc.levers if any(m.lever == lever.index for m in sc.moves[lever.side])]
    lever_games = {lever.name: int(sum(p.lever_games[lever.index] for p in played)) for lever in movable}
    report = PlaytestReport(
        scenario=sc.id,
        difficulty=difficulty,
        games=games,
        seed=seed,
        seconds=0.0,
        pairings=played,
        probes=table,
        ending_pairings=ending_pairings,
        lever_games=lever_games,
        side_names={side: sc.side_texts[i]["short"] for i, side in enumerate(sc.sides)},
    )
    report.findings = findings(sc, report)
    report.seconds = time.perf_counter() - started
    return report


def findings(sc: CompiledScenario, report: PlaytestReport) -> list[Finding]:
    """Everything the playtest's figures flag, in the order of the docstring."""
    out = []
    level = report.difficulty
    for row in report.probes.get("probes", []):
        if row["win_rate"] > PROBE_BAR:
            lo, hi = row["win_ci"]
            seat = report.side_names.get(row["seat"], row["seat"])
            out.append(
                Finding(
                    "probe",
                    f"probe '{row['probe']}' ({row['label']}) playing {seat} beats the computer "
                    f"({report.probes['computer']}, {level}) in {row['win_rate']:.0%} of {row['games']} games "
                    f"(95% CI {lo:.0%}-{hi:.0%}; more than {PROBE_BAR:.0%} is an exploit)",
                    {k: row[k] for k in ("probe", "seat", "games", "win_rate", "win_ci")},
                )
            )
    n, games = len(report.pairings), report.pairing_games
    where = f"in {games} games between computer personalities ({level}, {n} pairing{'s' * (n != 1)})"
    f = report.deal_figures()
    if f["deals"] >= SLOW_WALK_MIN_DEALS and f["slow_walked"] >= SLOW_WALK_BAR * f["deals"]:
        share = f["slow_walked"] / f["deals"]
        out.append(
            Finding(
                "slow_walk",
                f"deals are always slow-walked: {f['slow_walked']} of {f['deals']} signed deals ({share:.0%}, "
                f"{_ci(f['slow_walked'], f['deals'])}) were slow-walked at some point {where}",
                {"deals": f["deals"], "slow_walked": f["slow_walked"], "share": round(share, 4)},
            )
        )
    if f["offers"] >= REFUSED_MIN_OFFERS and f["refused"] < REFUSED_BAR * f["offers"]:
        share = f["refused"] / f["offers"]
        out.append(
            Finding(
                "accepted",
                f"every deal is accepted: only {f['refused']} of {f['offers']} offers ({share:.0%}, "
                f"{_ci(f['refused'], f['offers'])}) were refused or left to lapse {where}; "
                f"deals should be refused in a fair share of games (at least {REFUSED_BAR:.0%} of offers)",
                {"offers": f["offers"], "refused": f["refused"], "share": round(share, 4)},
            )
        )
    if len(sc.packages) and f["deals"] == 0:
        out.append(
            Finding(
                "no_deal",
                f"no deal was signed {where} ({f['offers']} offers answered, all refused or left to lapse)",
                {"deals": 0, "offers": f["offers"]},
            )
        )
    for p in report.pairings:
        if not p.mirror:
            continue
        for seat in (0, 1):
            wins = int(np.sum(p.codes[:, seat] == WIN))
            if wins > SEAT_BAR * p.games:
                out.append(
                    Finding(
                        "seat_bias",
                        f"{sc.side_texts[seat]['short']} wins {wins} of {p.games} games ({wins / p.games:.0%}, "
                        f"{_ci(wins, p.games)}) when '{p.first}' ({level}) plays both sides: the seats are not "
                        f"balanced (more than {SEAT_BAR:.0%})",
                        {
                            "personality": p.first,
                            "seat": sc.sides[seat],
                            "games": p.games,
                            "wins": wins,
                            "win_rate": round(wins / p.games, 4),
                        },
                    )
                )
    for lever in sc.levers:
        if report.lever_games.get(lever.name) == 0:
            out.append(
                Finding(
                    "unused_lever",
                    f"lever '{lever.name}' ({lever.label}) was never moved a notch by any computer "
                    f"personality {where}: no lever should be dead",
                    {"lever": lever.name, "games": games, "games_moved": 0},
                )
            )
    for ending in sc.endings:
        if report.ending_pairings[ending.id] == 0:
            out.append(
                Finding(
                    "unreached_ending",
                    f"ending '{ending.id}' ({ending.title}) was reached in none of the {n} pairings ({games} "
                    f"games between computer personalities, {level})",
                    {"ending": ending.id, "pairings": n, "pairings_reaching": 0, "games": games},
                )
            )
    return out
