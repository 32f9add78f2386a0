"""Explanations: a computer leader's top reasons, in plain words with signed numbers from its rollouts.

The whole reasons give its private numbers (its rollouts' scores, its bar for a
deal, its forecasts) and name every move it weighed, secret ones too: they are for
the debrief once the game is over.  What the other side's leader, or a spectator,
may read is written apart (``Thinking.told``): words only, from what it did where
that reader can see it, never a move that reader cannot see
(``engine.viewing.reasons_for`` picks the right lines for a viewer).

Reasons are written only when read (``LazyReasons``), so batch runs of thousands
of games pay nothing for them.  Every name in them — sides, moves, variables,
packages — comes from the scenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..engine.viewing import Reasons
from ..scenario.compiled import CompiledScenario, MoveInfo
from ..scenario.compiler import _lower_first
from .candidates import Candidates
from .negotiation import Appraisal, PackageSet, Stance, expected_compliance
from .personality import Traits
from .rollout import TYPES, move_kinds

if TYPE_CHECKING:
    from .lookahead import Evaluation

MAX_REASONS = 4

TYPE_WORDS = {
    "presses": "escalates whatever happens",
    "eases": "backs down whatever happens",
    "mirrors": "answers pressure with pressure and calm with calm",
}

SURE_WORDS = ((0.9, "all but sure"), (0.7, "fairly sure"), (0.0, "leaning that way"))
"""How sure it is of its reading of the other side, in words (from this share up)."""

ANSWERS = ("accept", "reject", "propose")
"""Move kinds explained with the deal rather than as moves of their own."""

CHARACTER_LEAN = 0.7
"""A trait this far from the middle (or further) is mentioned when the leader acts true to it."""


@dataclass
class Thinking:
    """Everything a look-ahead decision weighed for a chunk of games (read to explain it)."""

    sc: CompiledScenario
    side: int
    traits: Traits
    obs: np.ndarray
    first: Candidates
    """Every single move screened."""
    screened: Evaluation
    final: Candidates
    """The finalists: the best singles, their pairs, and the reference calming and escalating moves (last two)."""
    played: Evaluation
    pick: np.ndarray
    """(games,) the finalist chosen."""
    packages: PackageSet
    appraisal: Appraisal | None
    stance: Stance
    beliefs: np.ndarray | None = None
    """(games, types) how likely the other side is each kind of player (``rollout.TYPES``), if it reads types."""
    made: np.ndarray | None = None
    """(moves, games) the moves in its orders (the pick's, as played)."""

    def reasons(self, game: int) -> Reasons:
        """The reasons for the orders in one game: whole, as the other side's leader may read them, as anyone may."""
        return Reasons(self.lines(game), self.told(game, ("public", "leaders")), self.told(game, ("public",)))

    def lines(self, game: int) -> tuple[str, ...]:
        """The top reasons for the orders in one game of the chunk, with its private numbers."""
        lines = [self.headline(game)]
        lines += self.stated(game)
        lines += self.negotiation(game)
        lines += self.contrast(game)
        lines += self.reading(game)
        lines += self.forecast(game)
        lines += self.character(game)
        return tuple(line for line in lines if line)[:MAX_REASONS]

    # -- what others may read ---------------------------------------------------
    def told(self, game: int, seen: tuple[str, ...]) -> tuple[str, ...]:
        """Its reasons for a reader who sees only moves of these visibilities: words from what it visibly did.

        Its reading of the other side goes only to a leader: it rests on moves the public may not see.
        """
        made = self.made[:, game] if self.made is not None else self.final.chosen[:, game, int(self.pick[game])]
        moves = [m for m in self.sc.moves[self.side] if made[m.index] and m.visibility in seen]
        lines = [self.told_course(moves), *self.told_stated(game, seen), *self.told_deal(game, moves)]
        if "leaders" in seen:
            lines += self.told_reading(game)
        return tuple(line for line in lines if line)[:MAX_REASONS]

    def told_course(self, moves: list[MoveInfo]) -> str:
        """Which way its visible moves lean, and whether that is its character's way."""
        plain = [m for m in moves if m.kind not in ANSWERS]
        if not plain:
            return "" if moves else "No visible move this week."
        lean = sum(m.stance == "escalate" for m in plain) - sum(m.stance == "calm" for m in plain)
        if lean == 0:
            return "Holds its course: its moves neither press nor ease."
        aggression = self.traits.aggression
        if lean > 0:
            habit = self._in_character(aggression >= CHARACTER_LEAN)
            return f"Keeps up the pressure{habit}: it judges that better than easing off."
        habit = self._in_character(aggression <= 1.0 - CHARACTER_LEAN)
        return f"Eases off{habit}: it judges calm better than pressing for now."

    def _in_character(self, true_to_it: bool) -> str:
        """', in character (Hawk)' when the move is true to its personality, else nothing."""
        return f", in character ({self.traits.label})" if true_to_it else ""

    def told_deal(self, game: int, moves: list[MoveInfo]) -> list[str]:
        """Its visible answer to the offer on the table, and its own offer, in words."""
        sc, pk = self.sc, self.packages
        other = sc.side_texts[1 - self.side]["short"]
        kinds = {m.kind for m in moves}
        out = []
        if pk.theirs >= 0 and "accept" in kinds:
            out.append(f"Accepts {other}'s offer: it gains enough by it.")
        elif pk.theirs >= 0 and "reject" in kinds:
            out.append(f"Turns down {other}'s offer: it wants more than this.")
        if "propose" in kinds and self.final.package[game, int(self.pick[game])] >= 0:
            out.append(f"Offers a deal: the best for {other} it found that still meets its needs{self._pace()}.")
        return out

    def _pace(self) -> str:
        """How fast its demands fall as the game goes on (its patience), if that stands out."""
        if self.traits.patience >= CHARACTER_LEAN:
            return "; it gives ground slowly as the weeks pass"
        if self.traits.patience <= 1.0 - CHARACTER_LEAN:
            return "; it gives ground fast as the weeks pass"
        return ""

    def sure_reading(self, game: int) -> tuple[int, float] | None:
        """(kind, how sure) of the other side it is fairly sure of, or None."""
        if self.beliefs is None:
            return None
        kind = int(np.argmax(self.beliefs[game]))
        sure = float(self.beliefs[game, kind])
        return None if TYPES[kind] == "mixed" or sure < 0.5 else (kind, sure)

    def told_reading(self, game: int) -> list[str]:
        """What kind of player it takes the other side for, in words, when it is fairly sure."""
        found = self.sure_reading(game)
        if found is None:
            return []
        kind, sure = found
        other = self.sc.side_texts[1 - self.side]["short"]
        words = next(text for least, text in SURE_WORDS if sure >= least)
        return [f"Reads {other} as a side that {TYPE_WORDS[TYPES[kind]]} ({words}, from {other}'s moves so far)."]

    # -- pieces -----------------------------------------------------------------
    def labels(self, game: int, candidate: int) -> str:
        chosen = self.final.chosen[:, game, candidate]
        names = [m.label for m in self.sc.moves[self.side] if chosen[m.index] and m.kind not in ("accept", "reject")]
        return " + ".join(names)

    def headline(self, game: int) -> str:
        pick = int(self.pick[game])
        own = self.played.own[game]
        what = self.labels(game, pick)
        if not what:
            legal = np.flatnonzero(self.final.legal[game])
            others = [c for c in legal if c != pick]
            if not others:
                return f"Holds still: expected own score {own[pick]:.1f}."
            best = max(others, key=lambda c: self.played.value[game, c])
            diff = own[pick] - own[best]
            return (
                f"Holds still: expected own score {own[pick]:.1f} "
                f"({diff:+.1f} vs. {self.labels(game, best) or 'its best alternative'})."
            )
        return f"{what}: expected own score {own[pick]:.1f} ({own[pick] - own[0]:+.1f} vs. doing nothing)."

    def negotiation(self, game: int) -> list[str]:
        sc, pk, st, ap = self.sc, self.packages, self.stance, self.appraisal
        other = sc.side_texts[1 - self.side]["short"]
        out = []
        if ap is not None and pk.theirs >= 0 and pk.valid[game, pk.theirs]:
            gain = ap.own[game, pk.theirs]
            terms = pk.describe(sc, game, pk.theirs)
            verdict = "clearing" if st.accept[game] else "short of"
            what = "Accepts" if st.accept[game] else "Turns down"
            out.append(
                f"{what} {other}'s offer ({terms}): {gain:+.1f} over no deal, {verdict} its bar of {st.bar[game]:.1f}."
            )
        pick = int(self.pick[game])
        index = int(self.final.package[game, pick])
        proposes = index >= 0 and self.final.chosen[:, game, pick].any()
        if ap is not None and proposes:
            out.append(
                f"Offers {pk.names[index]} ({pk.describe(sc, game, index)}): {ap.own[game, index]:+.1f} for itself, "
                f"about {ap.other[game, index]:+.1f} for {other}; chance they sign ~{st.p_accept[game, index]:.0%}."
            )
        kinds = move_kinds(sc, self.side)
        chosen = self.final.chosen[:, game, pick]
        d = sc.deal
        for move in sc.moves[self.side]:
            if chosen[move.index] and kinds.free[move.index] and not kinds.answer[move.index]:
                seen = self.obs[d.compliance[1 - self.side], game]
                due = expected_compliance(sc, self.obs[:, game : game + 1])[0]
                gain = self.screened.value[game, self._single(move.index)] - self.screened.value[game, 0]
                out.append(
                    f"{move.label}: {gain:+.1f} in the rollouts; {other}'s compliance looks like {seen:.0%} "
                    f"(about {due:.0%} due by now)."
                )
        return out

    def stated_moves(self, game: int) -> list[tuple[MoveInfo, bool, float]]:
        """Moves the scenario asks it to explain that it could make this week: (move, made, rollout gain)."""
        made = self.made[:, game] if self.made is not None else self.final.chosen[:, game, int(self.pick[game])]
        out = []
        for move in self.sc.moves[self.side]:
            single = self._single(move.index) if move.explain else 0
            if single and self.first.legal[game, single]:
                gain = float(self.screened.value[game, single] - self.screened.value[game, 0])
                out.append((move, bool(made[move.index]), gain))
        return out

    def stated(self, game: int) -> list[str]:
        """Why it makes, or passes on, each move the scenario asks it to explain (with its rollout numbers)."""
        out = []
        for move, made, gain in self.stated_moves(game):
            why = "" if made else (", not worth it" if gain <= 0 else ", less than its other moves give")
            verb = "Chooses" if made else "Passes on"
            out.append(f"{verb} '{move.label}': {gain:+.1f} in the rollouts vs. doing nothing{why}.")
        return out

    def told_stated(self, game: int, seen: tuple[str, ...]) -> list[str]:
        """The same, in words only, for moves the reader may see."""
        out = []
        for move, made, gain in self.stated_moves(game):
            if move.visibility not in seen:
                continue
            if made:
                out.append(f"Chooses '{move.label}': it judges it worth more than letting it pass.")
            else:
                why = "not worth it" if gain <= 0 else "less useful than its other moves"
                out.append(f"Passes on '{move.label}': it judges it {why}.")
        return out

    def _single(self, move: int) -> int:
        only = np.flatnonzero(self.first.chosen[move, 0] & (self.first.chosen.sum(axis=0)[0] == 1))
        return int(only[0]) if len(only) else 0

    def contrast(self, game: int) -> list[str]:
        pick = int(self.pick[game])
        count = self.final.count
        calm_ref, esc_ref = count - 2, count - 1
        kinds = move_kinds(self.sc, self.side)
        chosen = self.final.chosen[:, game, pick]
        lean = int(chosen[kinds.escalate].sum()) - int(chosen[kinds.calm].sum())
        if lean > 0 and self.final.legal[game, calm_ref]:
            versus = self._versus(game, pick, calm_ref)
            return [f"Keeps up the pressure: {versus} vs. easing ({self.labels(game, calm_ref)})."]
        if lean < 0 and self.final.legal[game, esc_ref]:
            versus = self._versus(game, pick, esc_ref)
            return [f"Eases off: {versus} vs. pressing ({self.labels(game, esc_ref)})."]
        return []

    def _versus(self, game: int, pick: int, other: int) -> str:
        """Expected own score of the pick against another finalist, and its lead too when that decided it."""
        own, lead = self.played.own[game], self.played.lead[game]
        text = f"expected own score {own[pick] - own[other]:+.1f}"
        if own[pick] < own[other] and lead[pick] > lead[other]:
            them = self.sc.side_texts[1 - self.side]["short"]
            text += f", but its lead over {them} {lead[pick] - lead[other]:+.1f}"
        return text

    def reading(self, game: int) -> list[str]:
        """What kind of player it takes the other side for, when it is fairly sure."""
        found = self.sure_reading(game)
        if found is None:
            return []
        kind, sure = found
        other = self.sc.side_texts[1 - self.side]["short"]
        return [f"Reads {other} as a side that {TYPE_WORDS[TYPES[kind]]} ({sure:.0%} sure from its moves so far)."]

    def forecast(self, game: int) -> list[str]:
        sc = self.sc
        pick = int(self.pick[game])
        ranked = np.argsort(-np.where(self.final.legal[game], self.played.value[game], -np.inf))
        base = 0 if pick != 0 else int(ranked[1])
        rows = self.forecast_rows()
        now = self.played.forecast[:, game, pick]
        then = self.played.forecast[:, game, base]
        span = np.maximum(sc.high[rows] - sc.low[rows], 1e-9)
        order = np.argsort(-np.abs(now - then) / span)[:2]
        parts = []
        for i in order:
            delta = now[i] - then[i]
            if abs(delta) / span[i] < 0.004:
                continue
            var = sc.variables[rows[i]]
            who = f"{sc.side_texts[var.owner]['short']} " if var.owner >= 0 else ""
            parts.append(f"{who}{_lower_first(var.label) if who else var.label} {var.show(now[i])} ({delta:+.1f})")
        if not parts:
            return []
        weeks = self.played.weeks
        than = "doing nothing" if base == 0 else (self.labels(game, base) or "doing nothing")
        return [f"Forecast in {weeks} week{'s' if weeks != 1 else ''}: {'; '.join(parts)} vs. {than}."]

    def forecast_rows(self) -> np.ndarray:
        sc = self.sc
        return np.array(
            [v.index for v in sc.variables if v.role == "variable" and v.shown and v.kind != "flag"], dtype=np.intp
        )

    def character(self, game: int) -> list[str]:
        pick = int(self.pick[game])
        legal = self.final.legal[game]
        plain = int(np.argmax(np.where(legal, self.played.raw[game], -np.inf)))
        value, raw = self.played.value[game], self.played.raw[game]
        tilt = (value[pick] - raw[pick]) - (value[plain] - raw[plain])
        if plain == pick or tilt < 0.05:
            return []
        lost = self.played.raw[game, plain] - self.played.raw[game, pick]
        return [
            f"In character ({self.traits.label}): its leanings add {tilt:+.1f} over the plain best "
            f"({self.labels(game, plain) or 'doing nothing'}, {lost:+.1f} in the rollouts)."
        ]


class LazyReasons(Sequence):
    """Per-game reasons (``Reasons``), written the first time each is read."""

    def __init__(self, games: int, parts: list[tuple[np.ndarray, Thinking]]):
        self._games = games
        self._where: dict[int, tuple[Thinking, int]] = {
            int(col): (thinking, k) for cols, thinking in parts for k, col in enumerate(cols)
        }
        self._cache: dict[int, Reasons] = {}

    def __len__(self) -> int:
        return self._games

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._games))]
        if index < 0:
            index += self._games
        if not 0 <= index < self._games:
            raise IndexError(index)
        if index not in self._cache:
            found = self._where.get(index)
            self._cache[index] = found[0].reasons(found[1]) if found else Reasons()
        return self._cache[index]
