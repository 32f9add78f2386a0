"""The game-record file format (version 2): one JSON object per file, UTF-8.

Saves, autosaves, replays and the replayed history are all *records*.  A record
does not store the state: it stores the scenario, the seed and every order both
leaders gave, in order; loading re-simulates the game from them (the world's
dice come from the seed alone, see ``engine.game.seed_streams``, so no computer
leader has to think again) and the state hash stored after every week proves the
result is the same game, bit for bit.

An example, shortened::

    {
        "format": "brinkmanship-record",
        "version": 2,
        "kind": "game",
        "saved_at": "2025-06-05T14:03:11+00:00",
        "app_version": "0.1.0",
        "scenario": {"id": "june_2025", "title": "June 2025: ...", "hash": "9c41...e0", "file": "june_2025.yaml"},
        "seed": 4711,
        "settings": {
            "seats": [
                {"side": "us", "player": "person", "leader": null, "label": "you"},
                {"side": "china", "player": "computer", "leader": "tit_for_tat", "label": "Tit for tat"},
            ],
            "hotseat": false,
            "difficulty": null,
            "origin": {"kind": "history", "file": null, "turn": 3},
        },
        "start_hash": "5f0c2a9d1e7b3c44",
        "turns": [
            {
                "turn": 1,
                "orders": [{"moves": ["call", "claim_win"], "offer": null}, {"moves": ["invite_visit"], "offer": null}],
                "contests": {},
                "reasons": [[], ["They kept calm: keeping calm."]],
                "hash": "828223fb1a74d923",
            },
            {
                "turn": 3,
                "orders": [
                    {
                        "moves": ["propose"],
                        "offer": {
                            "terms": {"china.rare_earth_licensing": 100.0, "us.eda_licensing": 0.0},
                            "clauses": [],
                            "deadline": 4,
                        },
                    },
                    {"moves": [], "offer": null},
                ],
                "contests": {"pingpong": "china"},
                "reasons": [[], []],
                "hash": "8b0765abeb75820b",
            },
        ],
        "status": {"turn": 4, "over": false, "ending": null, "scores": [51.2, 48.9]},
        "resume": {
            "leader_rngs": [
                {"bit_generator": "PCG64", "state": {"state": 1, "inc": 3}, "has_uint32": 0, "uinteger": 0},
                {"...": "..."},
            ]
        },
    }

Fields (every object is closed: an unknown key makes the file invalid):

``format``
    Always ``"brinkmanship-record"``: tells a record from any other JSON file.
``version``
    The format version, an integer (this module reads up to ``VERSION``).  A
    newer file is refused with a message, never misread.  Version 2 stores
    hashes of the exact state; version 1 (older saves, still read) hashed the
    state rounded to 6 decimals, and such a file is checked that way.
``kind``
    ``"game"`` (a game someone played or watched) or ``"history"`` (a scenario's
    real moves, written by ``history_record``).
``saved_at``, ``app_version``
    When and by which version of the game the file was written (information only).
``scenario``
    ``id`` of the scenario, its ``title``, ``hash`` (SHA-256 of the scenario
    file's text, ``CompiledScenario.source_hash``) and the ``file`` name it was
    loaded from.  When the current scenario's hash differs, the record was made
    with another version of the scenario: the loader says so and can replay the
    moves on the current one anyway, reporting the first week where they diverge.
``seed``
    The game's seed (an integer >= 0).
``settings``
    ``seats``: exactly two, in the scenario's side order; ``player`` is
    ``"person"`` or ``"computer"``; ``leader`` names the computer leader (a
    baseline such as ``tit_for_tat`` or a personality id such as
    ``historical_china``, anything ``make_leader`` accepts; null for a person);
    ``label`` is shown in lists.  ``hotseat``: two people at one keyboard.
    ``difficulty``: the computer's difficulty, if any.  ``origin``: where the game
    came from when someone took over a replay (``kind`` ``"history"`` or
    ``"record"``, the ``file`` taken over if any, and the ``turn`` after which
    they took the wheel); null for a fresh game.
``start_hash``
    ``Game.hash()`` before the first week (after the opening events).
``turns``
    Every week played, in order, numbered from 1 without gaps.  ``orders`` holds
    both sides' orders in the scenario's side order: ``moves`` are move ids as in
    the scenario (answers to offers are the moves ``accept``/``reject``), and
    ``offer`` is the package proposed with a ``propose`` move: ``terms`` maps a
    negotiable lever's full name to its target notch, ``clauses`` lists clause
    ids, ``deadline`` is weeks to carry it out.  ``contests`` holds results
    decided outside the engine (the window's ping-pong match): contest id ->
    winning side id; contests not listed were drawn from the seed.  ``reasons``
    are each leader's explanations, shown in replays and reports.  ``hash`` is
    ``TurnReport.state_hash``, the state's fingerprint after the week.
``status``
    A summary for save lists, recomputed on load: the current ``turn``, whether
    the game is ``over``, the ``ending`` id and both ``scores`` (0-100).
``reloads``
    Optional: each hot reload of the scenario while the game was played (the
    window watches the file): the ``turn`` it happened and the hash of the version
    ``left``.  Such a game mixes two versions, so it replays only "anyway" (on the
    scenario as it is now), with a message saying why.
``resume``
    Optional: each computer leader's random-generator state after the last week
    (numpy ``bit_generator.state``), so a continued game thinks exactly as the
    uninterrupted one would have.

Reading goes through ``parse_record``, which never raises anything but
``RecordError`` (a message naming the file and what is wrong).  Everything is
bounded: the file's size (``MAX_RECORD_BYTES``), JSON nesting and number size
(pydantic's JSON parser), every text's length, every list's length, and every
number's range (seeds, weeks, deadlines, generator states); NaN and infinity are
refused.  What depends on the scenario (its sides, contests, leaders) is checked
when the record is restored (``recorder.check_record``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..ai.leaders import leader_title
from ..engine.game import MAX_SEED
from ..scenario.compiled import CompiledScenario

FORMAT_ID = "brinkmanship-record"
VERSION = 2
MAX_RECORD_BYTES = 8_000_000
"""Largest record file read (a 400-week game with long reasons is well under 1 MB)."""
MAX_WEEKS = 1_000
"""More weeks than any scenario may last (max_turns is at most 400)."""
MAX_ITEMS = 200
"""Most moves, terms, clauses, contests or reasons in one place."""

Hash = Annotated[str, Field(min_length=8, max_length=128)]
Short = Annotated[str, Field(max_length=200)]
"""An id, a name or a label."""
Reason = Annotated[str, Field(max_length=2_000)]
Week = Annotated[int, Field(ge=1, le=MAX_WEEKS)]


class RecordError(Exception):
    """A record file cannot be used; the message names the file and what is wrong."""

    def __init__(self, source: str, message: str):
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class Closed(BaseModel):
    """Base for every part of a record: strict types, unknown keys are errors."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)


class ScenarioRef(Closed):
    """Which scenario, and which version of its file."""

    id: Short = Field(min_length=1)
    title: Short = ""
    hash: Hash
    file: Annotated[str, Field(max_length=4_096)] = ""


class Origin(Closed):
    """Where a taken-over game came from."""

    kind: Literal["history", "record"]
    file: Annotated[str, Field(max_length=4_096)] | None = None
    turn: int = Field(ge=0, le=MAX_WEEKS)


class SeatEntry(Closed):
    """Who sat on one side."""

    side: Short
    player: Literal["person", "computer"]
    leader: Short | None = None
    label: Short = ""


def seat_leader(seat: SeatEntry, sc: CompiledScenario | None = None) -> str:
    """Who played a computer's seat, named as the setup screen names it ('Hawk', 'Fixed script: tit for tat')."""
    return leader_title(seat.leader, sc, seat.label) if seat.leader else seat.label or "computer"


class Settings(Closed):
    """How the game was set up."""

    seats: tuple[SeatEntry, SeatEntry]
    hotseat: bool = False
    difficulty: Short | None = None
    origin: Origin | None = None


class OfferEntry(Closed):
    """A proposed package."""

    terms: dict[Short, float] = Field(default_factory=dict, max_length=MAX_ITEMS)
    clauses: tuple[Short, ...] = Field((), max_length=MAX_ITEMS)
    deadline: int | None = Field(None, ge=0, le=MAX_WEEKS)


class OrderEntry(Closed):
    """One side's orders for one week."""

    moves: tuple[Short, ...] = Field((), max_length=MAX_ITEMS)
    offer: OfferEntry | None = None


class TurnEntry(Closed):
    """One week: both sides' orders, results decided outside the engine, reasons, and the hash after."""

    turn: Week
    orders: tuple[OrderEntry, OrderEntry]
    contests: dict[Short, Short] = Field(default_factory=dict, max_length=MAX_ITEMS)
    reasons: tuple[
        Annotated[tuple[Reason, ...], Field(max_length=MAX_ITEMS)],
        Annotated[tuple[Reason, ...], Field(max_length=MAX_ITEMS)],
    ] = ((), ())
    hash: Hash


class Status(Closed):
    """Where the game stands (for lists; recomputed on load)."""

    turn: int = Field(ge=1, le=MAX_WEEKS + 1)
    over: bool = False
    ending: Short | None = None
    scores: Annotated[tuple[float, float] | None, BeforeValidator(_scores_or_none)] = None
    """Null when unknown (older versions wrote a NaN score as null: such files still load)."""


def _scores_or_none(value: object) -> object:
    """Scores with a null in them (a NaN written by an older version) count as unknown."""
    if isinstance(value, list):
        return None if None in value else tuple(value)
    return value


class PCG64Inner(Closed):
    """The 128-bit state and increment of a PCG64 generator."""

    state: int = Field(ge=0, lt=2**128)
    inc: int = Field(ge=0, lt=2**128)


class RngState(Closed):
    """A numpy PCG64 generator's state."""

    bit_generator: Literal["PCG64"]
    state: PCG64Inner
    has_uint32: int = Field(ge=0, le=1)
    uinteger: int = Field(ge=0, lt=2**32)


class Reload(Closed):
    """A hot reload during play: from this week on the game ran on a newer version of its scenario."""

    turn: int = Field(ge=1, le=MAX_WEEKS + 1)
    left: Hash
    """Hash of the scenario version the weeks before ran on."""


class Resume(Closed):
    """What a continued game needs beyond the moves."""

    leader_rngs: tuple[RngState, RngState]


class Record(Closed):
    """A whole game record (see the module docstring)."""

    format: Literal["brinkmanship-record"]
    version: Literal[1, 2]
    kind: Literal["game", "history"] = "game"
    saved_at: dt.datetime | None = None
    app_version: Short = ""
    scenario: ScenarioRef
    seed: int = Field(ge=0, le=MAX_SEED)
    settings: Settings
    start_hash: Hash
    turns: tuple[TurnEntry, ...] = Field((), max_length=MAX_WEEKS)
    status: Status | None = None
    resume: Resume | None = None
    reloads: tuple[Reload, ...] = Field((), max_length=MAX_WEEKS + 1)

    def check_numbering(self, source: str) -> None:
        """Raise RecordError unless the weeks run 1, 2, 3 ... without gaps."""
        for i, entry in enumerate(self.turns, 1):
            if entry.turn != i:
                raise RecordError(source, f"turns.{i - 1}.turn: expected week {i}, found {entry.turn}")


class _Header(BaseModel):
    """Just the format and version of a record, read before the rest (anything else is ignored)."""

    model_config = ConfigDict(extra="ignore")
    format: object = None
    version: object = None


def parse_record(data: bytes | str, source: str) -> Record:
    """Decode and validate a record; raise RecordError naming the source and the first problem."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise RecordError(source, "not a Brinkmanship game record (the file is not text: damaged or foreign)") from None
    if not text.strip():
        raise RecordError(source, "the file is empty (an interrupted save?)")
    if len(text) > MAX_RECORD_BYTES:
        raise RecordError(source, f"too large for a game record (more than {MAX_RECORD_BYTES:,} characters)")
    try:
        header = _Header.model_validate_json(text)
    except ValidationError as err:
        raise RecordError(source, _json_problem(err, text)) from None
    if header.format != FORMAT_ID:
        raise RecordError(source, f'not a Brinkmanship game record (no "format": "{FORMAT_ID}")')
    version = header.version
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError(source, f"version: expected a whole number >= 1, found {_brief(version)}")
    if version > VERSION:
        raise RecordError(
            source,
            f"made by a newer version of Brinkmanship (record format {_brief(version)}; "
            f"this version reads up to {VERSION})",
        )
    try:
        record = Record.model_validate_json(text)
    except ValidationError as err:
        raise RecordError(source, f"not the shape of a game record: {describe_errors(err)}") from None
    record.check_numbering(source)
    return record


def _json_problem(err: ValidationError, text: str) -> str:
    """A JSON syntax problem (or nesting too deep, or a number too big, for a record) in plain words."""
    first = err.errors(include_url=False)[0]
    message = str(first["msg"]).removeprefix("Invalid JSON: ")
    if first["type"] == "model_type":
        return f'not a Brinkmanship game record (no "format": "{FORMAT_ID}")'
    if message.startswith("number out of range"):
        return f"a number in it is too large for a game record ({message}); damaged or crafted"
    if message.startswith("recursion limit exceeded"):
        return f"it is nested too deeply for a game record ({message}); damaged or crafted"
    hint = "damaged or cut short" if "EOF while parsing" in message else "damaged"
    return f"not valid JSON ({message}); {hint}"


def _brief(value: object) -> str:
    """repr of a value, cut to a few dozen characters (a 5,000-digit number is not repeated)."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"


def describe_errors(err: ValidationError, limit: int = 3) -> str:
    """The first few validation errors as 'where: what' in plain words."""
    parts = []
    for error in err.errors(include_url=False, include_input=False)[:limit]:
        where = ".".join(str(p) for p in error["loc"]) or "(top)"
        parts.append(f"{where}: {_brief_message(error['msg'])}")
    more = err.error_count() - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _brief_message(message: str) -> str:
    """A validation message with any huge number in it shortened."""
    return message if len(message) <= 300 else message[:300] + "..."


def dump_record(record: Record) -> str:
    """The record as indented JSON text, ending in a newline (no ``reloads`` key when there were none, so a
    record of a game played on one version reads as before)."""
    return record.model_dump_json(indent=1, exclude=None if record.reloads else {"reloads"}) + "\n"
