"""The scenario file format: strict pydantic models, one per section.

Everything a scenario says is data here; formulas stay text until the compiler
(``compiler.py``) checks every name and turns them into numpy functions.  Unknown
keys, wrong types and out-of-range values are errors.  The JSON Schema published
in ``scenarios/scenario.schema.json`` is generated from these models.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1


VarRole = Literal["variable", "lever", "engine"]
"""What a state row is: a scenario variable, a lever's setting, or the engine's bookkeeping."""
VarKind = Literal["number", "flag"]
EffectMode = Literal["add", "set"]
MoveKind = Literal["up", "down", "action", "propose", "accept", "reject"]
Visibility = Literal["public", "leaders", "secret"]
Stance = Literal["escalate", "calm", "neutral"]


def _whole(value: object) -> object:
    """Accept 2.0 for 2, as JSON Schema's 'integer' does; everything else is checked strictly."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _iso_date(value: object) -> object:
    """Accept a YAML date or a quoted 'YYYY-MM-DD' (what editors see), nothing else."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise PydanticCustomError("date_text", "write a date as YYYY-MM-DD, e.g. 2025-06-02")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_text", "no such date: {text}", {"text": value}) from None
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_text", "write a date without a time, e.g. 2025-06-02")
    return value


def _not_bool(value: object) -> object:
    """true is not the number 1 (JSON Schema agrees)."""
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "expected the number 1")
    return value


Whole = Annotated[int, BeforeValidator(_whole)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
VarName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=120)]
Formula = Annotated[
    StrictStr | StrictInt | StrictFloat | StrictBool,
    Field(
        description="A formula: a number, true/false, or an expression such as "
        "'0.3 * (100 - china.rare_earth_exports)'. See the authoring guide."
    ),
]
Condition = Annotated[
    StrictStr | StrictBool,
    Field(description="A condition formula that is true or false, e.g. 'tension >= 80 and not deal.active'."),
]
Text = Annotated[str, Field(max_length=4000)]
Template = Annotated[
    str,
    Field(
        max_length=1000,
        description="Text with placeholders in braces: a variable with an optional format such as "
        "{china.rare_earth_exports:.0f}, or a side's text such as {us.leader}, {self.name}, {other.leader}.",
    ),
]
Effects = Annotated[
    dict[VarName, Formula],
    Field(description="Variable name -> formula. 'self' and 'other' stand for the acting side and its counterpart."),
]
Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="A colour as #rrggbb.")]


class Strict(BaseModel):
    """Base for every section: unknown keys are errors, types are strict (no "5" for 5) and files are immutable.

    Strict types keep the loader in step with the JSON Schema: what one accepts, the other accepts.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Side(Strict):
    """One of the two leaders and the country they speak for."""

    name: str = Field(max_length=60, description="Country or party, e.g. 'United States'.")
    short: str = Field(max_length=16, description="Short name for tables, e.g. 'US'.")
    leader: str = Field(max_length=60, description="The leader's name, e.g. 'Donald Trump'.")
    title: str = Field("", max_length=60, description="The leader's title, e.g. 'President'.")
    color: Color = Field("#4477aa", description="Colour used for this side in charts and the window.")
    briefing: Text = Field("", description="What this side wants and holds, shown to its player.")
    headlines: dict[Ident, Template] = Field(
        default_factory=dict,
        max_length=100,
        description="This side's own headline for a move, by move id, in place of the move's headline: its "
        "leader's own words (e.g. claim_win: '{self.leader}: \"a very positive conclusion\"'), so the two "
        "leaders do not share one quote.",
    )


class Variable(Strict):
    """A number the rules read or write: a meter, a stock or a shared quantity."""

    label: str = Field(max_length=60, description="Name shown to players.")
    describe: Text = Field("", description="Tooltip: what it is and what moves it.")
    unit: str = Field("", max_length=20, description="Unit shown after values, e.g. '%' or 'weeks'.")
    start: float = Field(description="Value at the start of the scenario.")
    min: float = Field(0.0, description="Lowest value; the engine clamps to it every step.")
    max: float = Field(100.0, description="Highest value; the engine clamps to it every step.")
    kind: VarKind = Field("number", description="'flag' variables are 0 or 1 and read as conditions in formulas.")
    noise: float = Field(
        0.0,
        ge=0,
        le=1e6,
        description="How uncertain the other side's estimate is (spread of its error, in the variable's units). "
        "Shared variables are always seen exactly.",
    )
    hidden: bool = Field(False, description="If true the other side never sees it (it assumes the start value).")
    format: str = Field(".0f", pattern=r"^[.0-9]*[fd%]$", description="Python format for display, e.g. '.1f'.")
    shown: bool = Field(True, description="False hides a bookkeeping variable from tables and charts.")

    @model_validator(mode="after")
    def _bounds(self):
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) is outside [{self.min}, {self.max}]")
        if self.kind == "flag" and (self.min, self.max) != (0.0, 1.0):
            raise ValueError("a flag runs from 0 to 1: set min: 0 and max: 1")
        return self


class LeverMove(Strict):
    """How stepping a lever one notch up or down looks and what it does at once."""

    label: str = Field("", max_length=80, description="Move name; default 'Raise <lever>' / 'Lower <lever>'.")
    describe: Text = Field("", description="What the move does, for the move's tooltip.")
    headline: Template = Field("", description="News headline when the move is made (empty: a default).")
    cost: Whole | None = Field(None, ge=0, le=10, description="Move points; default the lever's cost.")
    when: Condition = Field(
        True,
        description="When the move is allowed besides the lever's end notches (e.g. 'not self.did.talks'); "
        "a deal carries the lever this way only while it holds.",
    )
    add: Effects = Field(default_factory=dict, description="Immediate changes when the move is made.")
    set: Effects = Field(default_factory=dict, description="Variables set to a value when the move is made.")
    enabled: bool = Field(
        True, description="False removes this direction from the moves; no deal may move the lever this way either."
    )


class Lever(Strict):
    """A policy setting one side controls, moved one notch at a time."""

    label: str = Field(max_length=60, description="Name shown to players.")
    describe: Text = Field("", description="Tooltip: what the lever is and what it does while it stays set.")
    unit: str = Field("", max_length=20, description="Unit shown after values.")
    values: list[float] = Field(min_length=2, max_length=50, description="The notches, in increasing order.")
    names: list[str] = Field(
        default_factory=list, description="Optional name for each notch (same length as values), e.g. 'none'."
    )
    start: float = Field(description="Starting notch (must be one of values).")
    cost: Whole = Field(1, ge=0, le=10, description="Move points to step the lever.")
    noise: float = Field(0.0, ge=0, le=1e6, description="Spread of the other side's estimate (0: seen exactly).")
    hidden: bool = Field(False, description="If true the other side never sees it.")
    negotiable: bool = Field(True, description="Whether deals may set this lever.")
    escalation: Literal["up", "down"] = Field(
        "up",
        description="Which direction puts pressure on the other side: 'up' for a tariff, 'down' for "
        "export licensing or purchases. Baseline leaders and the AI's explanations use it.",
    )
    up: LeverMove = Field(default_factory=LeverMove, description="The move that steps the lever up one notch.")
    down: LeverMove = Field(default_factory=LeverMove, description="The move that steps the lever down one notch.")
    format: str = Field(".0f", pattern=r"^[.0-9]*[fd%]$", description="Python format for display.")

    @model_validator(mode="after")
    def _notches(self):
        if any(b <= a for a, b in zip(self.values, self.values[1:])):
            raise ValueError("values must be strictly increasing")
        if self.start not in self.values:
            raise ValueError(f"start ({self.start}) must be one of values {self.values}")
        if self.names and len(self.names) != len(self.values):
            raise ValueError("names must have one entry per value")
        return self


class Discovery(Strict):
    """How the other side may find out a secret move some weeks later."""

    chance: Formula = Field(
        description="Probability (0-1), each week, that the other side finds out; a formula read with the mover "
        "as 'self' (e.g. '0.2 + 0.1 * weeks_since(self.plot)')."
    )
    after: Whole = Field(
        1, ge=1, le=52, description="Weeks after the move before it can be found out (1: from the next week on)."
    )
    add: Effects = Field(
        default_factory=dict, description="Changes when it is found out ('self' is the mover, 'other' the finder)."
    )
    set: Effects = Field(default_factory=dict, description="Variables set to a value when it is found out.")
    headline: Template = Field(
        "",
        description="The finder's news when it finds out ('self' is the mover); empty: "
        "'<finder> found out that <mover> made \"<move>\" in week N'.",
    )


class Move(Strict):
    """A move a leader can choose during orders (besides stepping levers)."""

    id: Ident = Field(description="Identifier, unique per side; flags read it as <side>.did.<id>.")
    sides: list[Name] = Field(default_factory=list, description="Sides that have this move (empty: both).")
    kind: Literal["action", "propose", "accept", "reject"] = Field(
        "action",
        description="'propose' sends a deal package; 'accept'/'reject' answer the other side's offer; "
        "'action' is anything else.",
    )
    label: Template = Field(description="Move name shown to players.")
    describe: Text = Field("", description="What the move does and why one would make it.")
    cost: Whole = Field(1, ge=0, le=10, description="Move points it uses.")
    when: Condition = Field(True, description="When the move is allowed (besides budget and end of game).")
    add: Effects = Field(default_factory=dict, description="Changes when the move is made.")
    set: Effects = Field(default_factory=dict, description="Variables set to a value when the move is made.")
    visibility: Visibility = Field(
        "public",
        description="'public': in the news; 'leaders': both leaders see it, the public does not (until leaked); "
        "'secret': only the mover sees it.",
    )
    headline: Template = Field("", description="Headline when made (public moves; empty: no headline).")
    discovered: Discovery | None = Field(
        None,
        description="A secret move the other side may find out later: a chance each week from 'after' weeks on, "
        "news for the finder, and optional effects.",
    )
    group: Ident | None = Field(None, description="Moves sharing a group cannot be made in the same turn.")
    stance: Stance = Field(
        "neutral", description="Whether the move escalates or calms the dispute (used by baseline leaders)."
    )
    explain: bool = Field(
        False,
        description="A computer leader states why it makes or passes on this move whenever it may make it "
        "(e.g. accepting or declining a challenge).",
    )


class Event(Strict):
    """Something the world does: on a date, when a condition holds, or by chance."""

    id: Ident = Field(description="Identifier; read it as event.<id> (how many times it fired).")
    turn: Whole | None = Field(None, ge=1, description="Fires at the start of this turn (week).")
    date: Date | None = Field(None, description="Fires at the start of the week holding this date.")
    when: Condition = Field(True, description="Fires only while this holds.")
    chance: Formula = Field(1.0, description="Probability (0-1) that it fires when due; a formula.")
    once: bool = Field(True, description="Fire at most once per game.")
    add: Effects = Field(default_factory=dict, description="Changes when it fires.")
    set: Effects = Field(default_factory=dict, description="Variables set to a value when it fires.")
    headline: Template = Field("", description="News headline when it fires.")
    source: str = Field(
        "",
        max_length=400,
        description="Where the event comes from (a URL or a short citation); the news shows it after the headline.",
    )
    public: bool = Field(True, description="False: only the engine knows it fired (no headline).")

    @model_validator(mode="after")
    def _one_schedule(self):
        if self.turn is not None and self.date is not None:
            raise ValueError("give turn or date, not both")
        return self


class Rule(Strict):
    """A standing effect applied every turn after the moves (the dynamics)."""

    id: Ident = Field(description="Identifier, shown when explaining changes.")
    label: str = Field("", max_length=100, description="Plain-words reason shown when explaining changes.")
    describe: Text = Field("", description="Why the rule exists, with its source.")
    when: Condition = Field(True, description="The rule applies only while this holds.")
    add: Effects = Field(description="Changes per turn.")


class Contest(Strict):
    """A head-to-head match (e.g. ping-pong) decided by chance or by a played match."""

    id: Ident = Field(description="Identifier; <side>.won.<id> is set for the winner that turn.")
    label: str = Field(max_length=80, description="Name shown to players.")
    when: Condition = Field(description="When the match is played this turn (read after the moves).")
    chance: Formula = Field(0.5, description="Probability (0-1) that the first listed side wins.")
    add: Effects = Field(default_factory=dict, description="Changes for both, whoever wins.")
    winner_add: Effects = Field(
        default_factory=dict, description="Changes by result: 'self' is the winner, 'other' the loser."
    )
    headline: Template = Field("", description="Headline; {winner.leader} and {loser.leader} may be used.")
    match: Literal["pingpong"] | None = Field(
        None,
        description="How a person plays it in the window: 'pingpong' opens the ping-pong mini-game (its result "
        "goes to the engine); none, or against the computer only, the winner is drawn with 'chance'.",
    )


class Clause(Strict):
    """A term of a deal that is not a lever setting, applied when the deal is signed."""

    id: Ident = Field(description="Identifier; read it as deal.<id> while the deal is in force.")
    label: str = Field(max_length=80, description="Name shown to players.")
    describe: Text = Field("", description="What it means.")
    add: Effects = Field(default_factory=dict, description="Changes when the deal is signed.")
    set: Effects = Field(default_factory=dict, description="Variables set when the deal is signed.")
    secret: bool = Field(
        False,
        description="A side letter: only the two leaders see it; the news of the signed deal leaves it out "
        "(an event may make it leak).",
    )


class Package(Strict):
    """A ready-made deal: lever settings for both sides and clauses."""

    id: Ident = Field(description="Identifier.")
    label: str = Field(max_length=80, description="Name shown to players.")
    describe: Text = Field("", description="What it is, with its real-world source.")
    terms: dict[VarName, float] = Field(default_factory=dict, description="Lever -> notch it must reach.")
    clauses: list[Ident] = Field(default_factory=list, description="Clauses included.")
    deadline: Whole | None = Field(None, ge=1, le=52, description="Weeks to carry it out (default: negotiation's).")


class Negotiation(Strict):
    """How deals work in this scenario."""

    deadline: Whole = Field(3, ge=1, le=52, description="Default weeks to carry out a deal's lever settings.")
    compliance_noise: float = Field(
        0.1, ge=0, le=1, description="Spread of each side's estimate of the other's compliance (0-1 scale)."
    )
    clauses: list[Clause] = Field(default_factory=list, description="Non-lever terms deals may include.")
    lever_effects: bool = Field(
        False,
        description="True: each notch a deal carries a lever applies that lever move's own add/set, as if its "
        "side had made the move (no headline, no move flag); false: the lever only moves.",
    )
    packages: list[Package] = Field(default_factory=list, description="Ready-made deals (also used by the AI).")
    offer_weeks: Formula = Field(
        1,
        description="Weeks an unanswered offer stays on the table, read when it is tabled (1-12), e.g. "
        "'1 + (trust >= 40) + (trust >= 65)'. An answer ends it sooner: accepting, rejecting or a counter-offer.",
    )
    trust: VarName | None = Field(
        None,
        description="The shared 0-100 variable leaders read as trust: the less of it, the more a computer leader "
        "asks before signing, and the lower the chance shown that the other side carries a deal out.",
    )


class Ending(Strict):
    """A way the game can end early."""

    id: Ident = Field(description="Identifier.")
    title: str = Field(max_length=80, description="Name of the ending.")
    text: Template = Field("", description="What happened, shown in the debrief.")
    when: Condition = Field(description="The game ends when this holds (checked after each turn).")
    add: Effects = Field(default_factory=dict, description="Final changes when it happens (e.g. losses).")
    set: Effects = Field(default_factory=dict, description="Variables set when it happens (after the additions).")
    both_lose: Condition = Field(
        False,
        description="Whether this ending is a loss for both leaders whatever their scores (mutual ruin); "
        "a condition is read on the final state.",
    )


class HorizonEnding(Strict):
    """The ending when the last turn is played."""

    title: str = Field("Time runs out", max_length=80, description="Name of the ending.")
    text: Template = Field("", description="What happened, shown in the debrief.")


class Objective(Strict):
    """One part of a leader's score: a 0-1 value and its weight."""

    label: str = Field(max_length=80, description="Plain words, e.g. 'Magnets flowing again'.")
    value: Formula = Field(description="Formula giving 0-1 (clipped); a condition counts as 0 or 1.")
    weight: float = Field(1.0, gt=0, le=1000, description="Relative weight in the 0-100 score.")
    describe: Text = Field("", description="Why it matters to this leader.")


class Rung(Strict):
    """One step of the escalation ladder."""

    at: float = Field(description="Value of the ladder variable where this rung starts.")
    label: str = Field(max_length=60, description="Name of the rung.")


class Ladder(Strict):
    """The escalation ladder shown to players."""

    variable: VarName = Field(description="The variable the ladder shows (usually tension).")
    rungs: list[Rung] = Field(min_length=1, description="Rungs in increasing order.")


class Personality(Strict):
    """A computer leader's character; every trait runs from 0 to 1."""

    id: Ident = Field(description="Identifier, e.g. 'hawk'.")
    label: str = Field(max_length=60, description="Name shown to players.")
    describe: Text = Field("", description="Who this is, with sources for historical ones.")
    side: Name | None = Field(None, description="Only for this side (empty: either).")
    historical: bool = Field(
        False,
        description="Plays this side's real leader: calibrate, what-if forecasts and simulate use it (needs side).",
    )
    risk: float = Field(0.5, ge=0, le=1, description="Risk tolerance: 0 avoids bad tails, 1 ignores them.")
    patience: float = Field(
        0.5, ge=0, le=1, description="How slowly it concedes: 0 concedes early, 1 holds out to the end (Boulware)."
    )
    reciprocity: float = Field(0.5, ge=0, le=1, description="How strongly it answers like with like.")
    face: float = Field(0.5, ge=0, le=1, description="How much it cares about image (who looks stronger).")
    claims: float = Field(0.5, ge=0, le=1, description="Appetite for claiming victory in public.")
    aggression: float = Field(0.5, ge=0, le=1, description="Leaning toward escalation when in doubt.")
    habits: dict[Ident, Annotated[float, Field(ge=-10, le=10)]] = Field(
        default_factory=dict,
        description="Move id -> score points (-10 to 10) this character adds to a week's orders that make the "
        "move (harder leaders count it 1 + ambition times): a habit its traits do not capture, e.g. a leader "
        "who likes to phone ({call: 2.4}). Shown in its "
        "reasons as 'in character'.",
    )


class Headline(Strict):
    """A dated headline from the real history."""

    date: Date = Field(description="Date of the news.")
    text: str = Field(max_length=400, description="The headline.")
    source: str = Field("", max_length=400, description="Where it comes from (URL).")


class HistoryTurn(Strict):
    """What really happened in one turn."""

    turn: Whole = Field(ge=1, description="Turn (week) number.")
    moves: dict[Name, list[str]] = Field(
        default_factory=dict,
        description="Side -> move ids made that week ('propose:<package>' proposes a ready-made deal).",
    )
    headlines: list[Headline] = Field(default_factory=list, description="Dated headlines of that week.")
    observed: dict[VarName, float] = Field(
        default_factory=dict, description="Real values of variables at the end of the week, where known."
    )


class Question(Strict):
    """A debrief question asked only when it fits the game that was played."""

    text: Template = Field(description="The question; placeholders such as {us.leader} or {us.credibility:.0f}.")
    when: Condition = Field(True, description="Asked only if this holds on the final state, e.g. 'event.leak > 0'.")
    history: Literal["followed", "left", "far"] | None = Field(
        None,
        description="Asked only if the game followed history throughout ('followed'), left it ('left'), or "
        "ended with most key numbers apart from history's ('far').",
    )
    topic: Ident | None = Field(
        None, description="Of the questions sharing a topic, only the first that fits is asked (e.g. 'call')."
    )
    what_if: list[Ident] = Field(
        default_factory=list,
        max_length=8,
        description="Moves the question is about (ids of either side's moves). When it is asked, the debrief and "
        "the report forecast the player's game with the first such decision taken the other way (the move left "
        "out in the week it was made, or made in the first week it could have been).",
    )


class Scenario(Strict):
    """A whole scenario file."""

    format: Annotated[Literal[1], BeforeValidator(_not_bool)] = Field(description="Version of the scenario format (1).")
    id: Ident = Field(description="Identifier, e.g. 'june_2025'.")
    title: str = Field(max_length=100, description="Title shown in the picker.")
    subtitle: str = Field("", max_length=160, description="One line under the title.")
    summary: Text = Field("", description="Short description for the picker.")
    briefing: Text = Field("", description="The situation, in a few paragraphs, shown before play.")
    start: Date = Field(description="Monday of the first week.")
    turns: Whole = Field(ge=1, le=200, description="Planned number of weekly turns (the horizon).")
    max_turns: Whole | None = Field(None, ge=1, le=400, description="Highest the horizon may be extended to.")
    budget: Whole = Field(2, ge=1, le=10, description="Move points each leader has per turn.")
    draw_margin: float = Field(
        3.0, ge=0, le=50, description="Final scores this close (in points of 0-100) make a draw; further apart, a win."
    )
    ruin_blame: float | None = Field(
        2.0,
        ge=1,
        le=100,
        description="A mutual ruin is blamed on a side that made at least this many times the other side's public "
        "escalating moves (and at least 3 more): that side loses and the other wins. null: never blamed.",
    )
    sides: dict[Name, Side] = Field(description="Exactly two sides, in order; the first is listed first.")
    variables: dict[VarName, Variable] = Field(description="Meters, stocks and shared quantities.")
    levers: dict[VarName, Lever] = Field(default_factory=dict, description="Policy settings, '<side>.<name>'.")
    moves: list[Move] = Field(default_factory=list, description="Moves besides stepping levers.")
    events: list[Event] = Field(default_factory=list, description="Scheduled, conditional and random events.")
    dynamics: list[Rule] = Field(default_factory=list, description="Standing effects applied every turn.")
    contests: list[Contest] = Field(default_factory=list, description="Head-to-head matches such as ping-pong.")
    negotiation: Negotiation = Field(default_factory=Negotiation, description="How deals work.")
    endings: list[Ending] = Field(default_factory=list, description="Early endings, checked in order.")
    horizon_ending: HorizonEnding = Field(default_factory=HorizonEnding, description="Ending at the horizon.")
    objectives: dict[Name, list[Objective]] = Field(description="Side -> the parts of its score.")
    ladder: Ladder | None = Field(None, description="The escalation ladder shown to players.")
    key_variables: list[VarName] = Field(
        default_factory=list, description="Variables shown first in tables and charts."
    )
    personalities: list[Personality] = Field(default_factory=list, description="Computer leaders' characters.")
    history: list[HistoryTurn] = Field(default_factory=list, description="What really happened, week by week.")
    questions: list[StrictStr | Question] = Field(
        default_factory=list,
        description="Discussion questions for the debrief: plain text (always asked) or a template asked when its "
        "condition fits the game played.",
    )

    @field_validator("sides")
    @classmethod
    def _two_sides(cls, sides: dict) -> dict:
        """Exactly two sides (reported at 'sides:', not at the top of the file)."""
        if len(sides) != 2:
            raise ValueError(f"a scenario has exactly two sides, found {len(sides)}: {', '.join(sides) or 'none'}")
        return sides

    @field_validator("max_turns")
    @classmethod
    def _longer_than_turns(cls, max_turns: int | None, info: ValidationInfo) -> int | None:
        """max_turns is at least turns (reported at 'max_turns:')."""
        turns = info.data.get("turns")
        if max_turns is not None and turns is not None and max_turns < turns:
            raise ValueError(f"max_turns ({max_turns}) must be at least turns ({turns})")
        return max_turns
