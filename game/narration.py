"""The game told in English: news of a week, deals in words, the verdict.

The rules (``engine.turn``) and the single-game API (``engine.game.Game``) decide
what happened; this module says it.  Every text a week's report carries is
written here from the scenario's own words (headlines, labels, notch names), so
the terminal, the window, records and reports tell the same story, and a reader
finds the wording of the game in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .engine.scoring import BOTH_LOSE, DRAW, LOSS, WIN
from .scenario.compiled import CompiledScenario, EndingInfo, MoveInfo
from .scenario.compiler import _lower_first
from .wording import cite


@dataclass(frozen=True)
class NewsItem:
    """A dated line of news, and who may see it."""

    turn: int
    date: dt.date
    text: str
    kind: str
    """'event', 'move', 'contest', 'deal', 'offer' or 'ending'."""
    audience: str = "public"
    """'public', 'leaders', or a side id (only that side)."""
    source: str = ""
    """Where the news comes from (a scenario event's URL or citation); the text already names it briefly."""

    def seen_by(self, side: str | None) -> bool:
        """Whether a side (or the public, None) may see this item."""
        if self.audience == "public":
            return True
        if self.audience == "leaders":
            return side is not None
        return side == self.audience


def _reader(state: np.ndarray):
    """Template placeholders read from game 0 of a state."""
    return lambda row: state[row, 0]


def move_news(sc: CompiledScenario, state: np.ndarray, week: int, date: dt.date, side: int, move: MoveInfo):
    """The news of one move (its headline, a lever's new setting, or a private move's label), or None."""
    audience = {"public": "public", "leaders": "leaders", "secret": sc.sides[side]}[move.visibility]
    if move.headline is not None:
        text = move.headline.render(_reader(state))
    elif move.lever >= 0:
        lever = sc.levers[move.lever]
        value = state[lever.var, 0]
        shown = lever.notch_name(value) or sc.variables[lever.var].show(value)
        verb = "raises" if move.kind == "up" else "lowers"
        text = f"{sc.side_texts[side]['short']} {verb} {_lower_first(lever.label)} to {shown}"
    elif move.visibility != "public":
        text = f"{sc.side_texts[side]['short']}: {move.label}"
    else:
        return None
    return NewsItem(week, date, text, "move", audience)


def discovery_news(sc: CompiledScenario, state: np.ndarray, found: np.ndarray, week: int, date: dt.date) -> list:
    """What each side found out of the other's secret moves (news for the finder only)."""
    out = []
    for d, hit in zip(sc.discoveries, found):
        if not hit:
            continue
        finder, mover = sc.side_texts[1 - d.side]["short"], sc.side_texts[d.side]["short"]
        first, last = int(state[d.found_from, 0]), int(state[d.found_to, 0])
        weeks = f"week {first}" if first == last else f"weeks {first} to {last}"
        default = f'{finder} found out that {mover} made "{sc.moves[d.side][d.move].label}" in {weeks}'
        text = d.headline.render(_reader(state)) if d.headline else default
        out.append(NewsItem(week, date, text, "move", sc.sides[1 - d.side]))
    return out


def contest_news(sc: CompiledScenario, state: np.ndarray, week: int, date: dt.date, winners: np.ndarray) -> list:
    """The result of each contest decided this week (``winners``: side index per contest, -1 if none)."""
    out = []
    for contest in sc.contests:
        winner = int(winners[contest.index])
        if winner >= 0:
            template = contest.headline[winner]
            text = (
                template.render(_reader(state))
                if template
                else f"{contest.label}: {sc.side_texts[winner]['leader']} wins"
            )
            out.append(NewsItem(week, date, text, "contest"))
    return out


def deal_news(
    sc: CompiledScenario,
    week: int,
    date: dt.date,
    signed: str | None,
    letters: list[str],
    proposals: list[tuple[int, np.ndarray, np.ndarray]],
    rejections: list[int],
) -> list:
    """A deal signed (in public words; side letters only to the leaders), proposals made and offers rejected."""
    out = []
    if signed is not None:
        out.append(NewsItem(week, date, f"Deal signed: {signed}", "deal"))
        if letters:
            out.append(NewsItem(week, date, f"Signed in secret: {'; '.join(letters)}", "deal", "leaders"))
    for side, targets, clauses in proposals:
        terms = describe_package(sc, targets, clauses)
        out.append(NewsItem(week, date, f"{sc.side_texts[side]['short']} proposes a deal: {terms}", "offer", "leaders"))
    for side in rejections:
        out.append(NewsItem(week, date, f"{sc.side_texts[side]['short']} rejects the offer", "offer", "leaders"))
    return out


def ending_news(state: np.ndarray, week: int, date: dt.date, ending: EndingInfo) -> NewsItem:
    """How the game ended, with the ending's own text."""
    text = ending.text.render(_reader(state)) if ending.text else ""
    return NewsItem(week, date, f"{ending.title}. {text}".strip(), "ending")


def event_news(sc: CompiledScenario, state: np.ndarray, fired: np.ndarray, week: int, date: dt.date) -> list:
    """The headlines of the public events that fired, with their sources."""
    out = []
    for event in sc.events:
        if fired[event.index] and event.public and event.headline is not None:
            text = cite(event.headline.render(_reader(state)), event.source)
            out.append(NewsItem(week, event.date or date, text, "event", source=event.source))
    return out


def describe_package(sc: CompiledScenario, targets: np.ndarray, clauses: np.ndarray, public: bool = False) -> str:
    """A package in words: 'US tariff to 10%; China rare-earth licensing to 100%; extend the truce'.

    ``public``: as the news reports it, without the secret side letters.
    """
    parts = []
    for j, lever_i in enumerate(sc.negotiable):
        value = targets[j]
        if not np.isnan(value):
            lever = sc.levers[lever_i]
            var = sc.variables[lever.var]
            shown = lever.notch_name(value) or var.show(value)
            parts.append(f"{sc.side_texts[lever.side]['short']} {_lower_first(lever.label)} to {shown}")
    parts += [c.label for c in sc.clauses if len(clauses) and clauses[c.index] and not (public and c.secret)]
    return "; ".join(parts) if parts else "nothing"


def verdict(sc: CompiledScenario, codes: tuple[int, int], ruin: bool, count: tuple[int, int]) -> str:
    """Who won, in one sentence: a mutual ruin says who pushed the game there, and whether alone."""
    leaders = [sc.side_texts[s]["leader"] for s in (0, 1)]
    if ruin and codes[0] != BOTH_LOSE:
        s = 0 if codes[0] == LOSS else 1
        return (
            f"Ruin, pushed there by {leaders[s]} ({count[s]} escalating moves to {count[1 - s]}): "
            f"{leaders[s]} loses, {leaders[1 - s]} wins."
        )
    if codes[0] == BOTH_LOSE:
        if count[0] == count[1]:
            return f"Both lost: mutual ruin is nobody's win (both escalated {count[0]} times)."
        s = 0 if count[0] > count[1] else 1
        return (
            f"Both lost: mutual ruin is nobody's win. {leaders[s]} pushed harder "
            f"({count[s]} escalating moves to {count[1 - s]})."
        )
    if codes[0] == DRAW:
        return f"A draw: the scores are within {sc.model.draw_margin:g} points."
    winner = 0 if codes[0] == WIN else 1
    return f"{leaders[winner]} wins."
