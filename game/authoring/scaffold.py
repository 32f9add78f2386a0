"""The starting file ``brinkmanship new-scenario`` writes: small, heavily commented, every kind of field once.

The text below is a complete, playable scenario about a made-up steel-and-ore
dispute between two sides whose ids the author chooses.  Tests check that it
loads, plays, passes conformance and uses every field of the format.
"""

from __future__ import annotations

import datetime as dt
import re

from ..scenario.compiler import RESERVED_FIRST

DEFAULT_SIDES = ("north", "south")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ScaffoldError(ValueError):
    """The name or sides given for a new scenario cannot be used; the message says why."""


def check_id(text: str, what: str) -> str:
    """An identifier as scenario files need it (lower case, digits, underscores), or ScaffoldError."""
    if not _NAME.match(text) or len(text) > 40:
        raise ScaffoldError(
            f"{what} {text!r} must start with a letter and use only a-z, 0-9 and _ (at most 40 characters)"
        )
    if text in RESERVED_FIRST:
        raise ScaffoldError(f"{what} {text!r} is a reserved word; pick another")
    return text


def parse_sides(text: str | None) -> tuple[str, str]:
    """'a,b' -> ('a', 'b'), checked; the default pair if text is empty."""
    if not text:
        return DEFAULT_SIDES
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ScaffoldError(f"--sides takes two side ids separated by a comma, e.g. us,china (got {text!r})")
    a, b = (check_id(p, "side") for p in parts)
    if a == b:
        raise ScaffoldError("the two sides need different ids")
    return a, b


def _display(side: str) -> str:
    """'south_korea' -> 'South Korea'."""
    return " ".join(word.capitalize() for word in side.split("_"))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def scaffold_text(scenario_id: str, sides: tuple[str, str] = DEFAULT_SIDES, start: dt.date | None = None) -> str:
    """The commented starting scenario for the given id and side ids."""
    check_id(scenario_id, "scenario id")
    a, b = sides
    monday = _monday(start or dt.date(2025, 1, 6))
    dates = {f"@date{i}@": (monday + dt.timedelta(days=d)).isoformat() for i, d in enumerate((0, 2, 9, 16, 23))}
    text = _TEMPLATE
    for token, value in {
        "@id@": scenario_id,
        "@title@": _display(scenario_id),
        "@a@": a,
        "@b@": b,
        "@A@": _display(a),
        "@B@": _display(b),
        **dates,
    }.items():
        text = text.replace(token, value)
    return text


_TEMPLATE = """\
# yaml-language-server: $schema=scenario.schema.json
#
# A new Brinkmanship scenario, written by `brinkmanship new-scenario`.
# It is a small made-up dispute over steel tariffs and ore exports that already
# loads and plays: change it bit by bit and run
#     brinkmanship validate THIS_FILE --simulate
# after each change, and now and then with --thinking to have the computer
# leaders and the exploit probes play it. The guide (scenarios/README.md)
# explains every field.
# Cite a source in a comment beside every real figure; mark guesses with ⚠.

format: 1                      # version of the file format; always 1 for now
id: @id@                       # lower case, digits and _; must be unique among scenarios
title: "@title@"
subtitle: "A steel-and-ore dispute (replace with yours)"
summary: >-
  One or two sentences for the scenario picker.
briefing: |-
  The situation in a few paragraphs, shown to both players before week 1.
  Say what each side holds and what it wants: here @A@ has put a 25% tariff
  on @B@'s steel, and @B@ has answered by licensing only three quarters of
  its usual ore exports.

start: @date0@               # Monday of the first week (one turn = one week)
turns: 8                       # the horizon: the game ends after this many weeks
max_turns: 12                  # a move or deal may extend the horizon up to here
budget: 2                      # move points per leader per week
draw_margin: 3                 # final scores this close make a draw; further apart, the higher one wins
ruin_blame: 2                  # a ruin pushed by one side alone (2x the other's escalations, +3): it loses

sides:                         # exactly two; the first is listed first everywhere
  @a@:
    name: "@A@"
    short: "@A@"
    leader: "The @A@ leader"
    title: President
    color: "#3d6fb6"
    briefing: >-
      You hold the steel tariff. Your mills like it, but the ore curbs hurt
      your economy: trade the tariff for ore without giving more than you get.
  @b@:
    name: "@B@"
    short: "@B@"
    leader: "The @B@ leader"
    title: Premier
    color: "#c8413b"
    briefing: >-
      You hold ore exports. Your own mills like the ore kept at home, but the
      tariff hurts your economy: trade ore for the tariff without giving more than you get.
    headlines:                 # this side's own words for a move, in place of the move's headline
      call: '{self.leader} phones {other.leader}: "our door is open"'

# Every number the rules read or write. Names are 'shared' or '<side>.<name>'.
variables:
  tension:
    label: Tension
    describe: How close the two are to an open trade war (0 calm, 100 rupture).
    start: 40                  # min 0 and max 100 are the defaults
  trust:
    label: Trust
    start: 30
  @a@.economy:
    label: Economy
    describe: Index, 50 = trend.
    start: 55
    noise: 3                   # the other side sees it with an error of about 3
  @b@.economy:
    label: Economy
    start: 55
    noise: 3
  @b@.ore_stock:
    label: Ore stockpile
    describe: Weeks of unsold ore piling up in @B@'s ports.
    unit: weeks
    start: 2
    max: 20
    format: ".1f"              # shown with one decimal
    hidden: true               # @A@ never sees it
  summit_due:
    label: Summit planned
    kind: flag                 # 0 or 1, reads as a condition in formulas
    min: 0
    max: 1
    start: 0
    shown: false               # bookkeeping: left out of tables and charts

# Policy settings a side moves one notch a turn. '<side>.<name>'.
levers:
  @a@.steel_tariff:
    label: Steel tariff
    describe: Tariff on @B@'s steel. Hurts both economies, raises tension.
    unit: "%"
    values: [0, 25, 50]        # the notches, increasing
    names: [none, partial, full]
    start: 25
    cost: 1                    # move points per notch
    escalation: up             # raising it pressures the other side
    up:
      headline: "@A@ raises the steel tariff to {@a@.steel_tariff:.0f}%"
      add: {tension: 6, trust: -3}
    down:
      label: Cut the steel tariff
      describe: One notch down, a gesture of goodwill.
      headline: "@A@ cuts the steel tariff to {@a@.steel_tariff:.0f}%"
      cost: 1
      add: {tension: -4, trust: 3}
  @b@.ore_exports:
    label: Ore exports
    describe: Share of normal ore exports @B@ licenses.
    unit: "%"
    values: [50, 75, 100]
    start: 75
    noise: 10                  # @A@ sees the level only roughly
    hidden: false              # true: @A@ never sees it
    escalation: down           # cutting exports is the escalation
    negotiable: true           # deals may set it (the default)
    format: ".0f"
    up:
      when: true               # a condition, as for moves (besides the end of the range)
      add: {tension: -3, trust: 2}
      set: {}                  # variables set to a value when the move is made
    down:
      add: {tension: 6, trust: -3}
      enabled: true            # false would remove this direction (no deal may move it this way either)

# Moves besides stepping levers. 'self' and 'other' mean the mover and its counterpart.
moves:
  - id: call
    label: "Call {other.leader}"
    describe: Calms things down, but whoever calls first looks weaker.
    stance: calm               # escalate | calm | neutral (for baseline leaders)
    explain: false             # true: a computer leader says why it makes or passes on this move
    add: {tension: -4, trust: 5}
    headline: "{self.leader} phones {other.leader}"
  - id: threaten
    sides: [@a@]                 # only @A@ has this move (empty: both)
    label: "Threaten a full tariff"
    describe: Loud words at home. Raises tension; plans a summit to calm it later.
    stance: escalate
    cost: 1
    group: pressure            # moves of one group cannot be made in the same turn
    when: "tension < 90"       # when the move is allowed
    add: {tension: 8}
    set: {summit_due: 1}
    visibility: public         # public | leaders | secret
    headline: "{self.leader} threatens {other.name} with a full steel tariff"
  - id: propose
    kind: propose              # puts a deal package on the table
    label: Propose a deal
    when: "not self.offer.pending"
    visibility: leaders
  - id: accept
    kind: accept               # signs the other side's offer
    label: Accept the offer
    cost: 0
  - id: reject
    kind: reject
    label: Reject the offer
    cost: 0
    visibility: leaders
  - id: slow_walk
    label: Slow-walk the deal
    describe: Quietly stop carrying out your side of a deal. Leaks get likelier every week it goes on.
    stance: escalate
    cost: 0
    visibility: secret
    when: "deal.active and not self.slow_walking"
    set: {self.slow_walking: 1}   # what it costs: the '..._found_out' events below
  - id: back_channel
    sides: [@b@]
    label: Sound out @A@ through a go-between
    describe: Quietly tests a deal; @A@ may find out a week or more later, and trust suffers.
    stance: calm
    visibility: secret
    add: {tension: -2}
    discovered:                # the other side may find out later (only a secret move)
      chance: 0.4              # each week, from 'after' weeks after the move on (a formula may be used)
      after: 1
      add: {trust: -4}         # when found out: 'self' is the mover, 'other' the finder
      set: {}                  # variables set when found out
      headline: "@A@ learns of {self.leader}'s go-between"

# The world: on a date, in a turn, when a condition holds, or by chance.
events:
  - id: opening
    date: @date1@            # fires at the start of the week holding this date
    headline: "Talks stall as steel piles up"
    source: https://example.org/news   # where a real event comes from (shown after the headline)
  - id: summit
    turn: 4                    # fires at the start of week 4 ...
    when: "summit_due"         # ... if this holds
    add: {trust: 5}
    set: {summit_due: 0}
    headline: "Leaders meet at a summit"
  - id: port_glut
    when: "@b@.ore_stock >= 6"
    chance: 0.5                # probability when due (a formula may be used)
    once: false                # may fire again
    add: {@b@.economy: -1}
    headline: "Ore piles up in @B@'s ports: {@b@.ore_stock:.1f} weeks unsold"
  # Slow-walking is found out: each week it goes on, a leak is likelier (weeks_since counts
  # from the week it began). Being caught costs trust and face, and forces compliance.
  - id: @a@_found_out
    once: false
    when: "deal.active and @a@.slow_walking"
    chance: "min(0.9, 0.5 + 0.2 * weeks_since(@a@.slow_walk))"
    add: {trust: -12, tension: 5, @a@.economy: -2}
    set: {@a@.slow_walking: 0}
    headline: "Leak: @A@ is quietly sitting on the deal"
  - id: @b@_found_out
    once: false
    when: "deal.active and @b@.slow_walking"
    chance: "min(0.9, 0.5 + 0.2 * weeks_since(@b@.slow_walk))"
    add: {trust: -12, tension: 5, @b@.economy: -2}
    set: {@b@.slow_walking: 0}
    headline: "Leak: @B@'s ore licences are still held up despite the deal"
  - id: quiet_audit
    when: "trust < 10"
    public: false              # no headline; only the engine knows
    add: {tension: 2}

# Standing effects applied every turn after the moves, all evaluated on the same state.
# Each side's lever costs the other more (0.15 a point) than it costs itself (0.1):
# a threat, but not a free one. The two sides mirror each other; make them
# lopsided only on purpose (`validate --thinking` shows how often each seat wins).
dynamics:
  - id: @a@_economy
    label: Tariffs and ore pull @A@'s economy
    describe: Heads a fifth of the way each week to what today's policies allow (⚠ made-up weights).
    add:
      @a@.economy: >-            # a long formula may run over several lines
        0.2 * (60 - 0.1 * @a@.steel_tariff - 0.15 * (100 - @b@.ore_exports)
        + 3 * deal.active - @a@.economy)
  - id: @b@_economy
    label: The tariff and its own ore curbs pull @B@'s economy
    add:
      @b@.economy: >-
        0.2 * (60 - 0.15 * @a@.steel_tariff - 0.1 * (100 - @b@.ore_exports)
        + 3 * deal.active - @b@.economy)
  - id: ore_piles_up
    label: Unsold ore piles up while exports are cut
    add:
      @b@.ore_stock: "(100 - @b@.ore_exports) / 25 - 1"
  - id: tension_drift
    label: Tension drifts toward what the policies justify
    when: "not deal.active"
    add:
      tension: "0.2 * (25 + 0.5 * @a@.steel_tariff + 0.5 * (100 - @b@.ore_exports) - tension)"

# A head-to-head match; the winner is drawn (or played in the window).
contests:
  - id: friendly
    label: Friendly match
    when: "@a@.did.call and @b@.did.call"     # both called the same week
    chance: 0.5                # probability that the first side (@A@) wins
    add: {trust: 4}
    winner_add: {self.economy: 0.5}            # self = the winner, other = the loser
    headline: "{winner.leader} beats {loser.leader} at a friendly match"
    match: pingpong            # a person plays it in the window's ping-pong game (leave out: drawn by chance)

negotiation:
  deadline: 3                  # weeks to carry out a deal's lever settings
  compliance_noise: 0.1        # how roughly each side sees the other's compliance
  trust: trust                 # the variable leaders read as trust: below 50 they ask more before signing
  offer_weeks: "1 + (trust >= 50)"   # weeks an unanswered offer stays open, read when it is tabled
  lever_effects: false         # true: a notch a deal carries applies the lever move's own effects
  clauses:
    - id: summit
      label: hold a summit
      describe: Both leaders meet within the deadline.
      secret: false            # true: a side letter only the two leaders see (the news leaves it out)
      add: {trust: 5}
      set: {summit_due: 1}
  packages:                    # ready-made deals (the computer leaders use them)
    - id: steel_for_ore
      label: Steel for ore
      describe: The tariff goes, ore flows again, and a summit seals it; each side gives up what it holds.
      terms:
        @a@.steel_tariff: 0
        @b@.ore_exports: 100
      clauses: [summit]
      deadline: 2

# Early endings, checked after each turn in this order.
endings:
  - id: rupture
    title: Rupture
    text: "Tension reached {tension:.0f}: trade between the two stops."
    when: "tension >= 90"
    add: {@a@.economy: -10, @b@.economy: -10}
    set: {@a@.steel_tariff: 50}      # 'set' happens after 'add': rupture leaves the tariff at its top
    both_lose: true                  # mutual ruin: both leaders lose, whatever their scores
  - id: settled
    title: Settled
    text: A deal is in force and both sides are keeping it.
    when: "deal.active and deal.age >= 2 and @a@.compliance >= 0.9 and @b@.compliance >= 0.9"
horizon_ending:
  title: Time runs out
  text: "No settlement; tension stands at {tension:.0f}."

# Each side's score: weighted 0-1 values, shown as 0-100.
# Each side wants the other's lever undone, and values keeping its own: that is
# what a deal costs it, so leaders haggle and refuse offers that give too little.
# (Without such a cost every offer is signed, and `validate --thinking` warns.)
# Keep the cost below the gain (0.3 here against 1), or no deal ever pays.
# A condition scores 0 or 1, so raising the tariff further takes nothing more
# from @B@'s 'Tariff gone': escalating past the start buys little.
objectives:
  @a@:
    - label: Strong economy
      value: "(@a@.economy - 40) / 25"
      weight: 2
      describe: Voters judge the economy first.
    - label: Ore flowing
      value: "@b@.ore_exports >= 100"
    - label: Mills protected
      value: "@a@.steel_tariff >= 25"
      weight: 0.3
      describe: The steel towns want the tariff kept; a deal that ends it costs their votes.
  @b@:
    - label: Strong economy
      value: "(@b@.economy - 40) / 25"
      weight: 2
    - label: Tariff gone
      value: "@a@.steel_tariff == 0"
    - label: Ore kept for home mills
      value: "@b@.ore_exports <= 75"
      weight: 0.3
      describe: Ore kept at home feeds @B@'s own mills; a deal that frees it costs them.

ladder:                        # the escalation ladder shown to players
  variable: tension
  rungs:
    - {at: 0, label: Calm}
    - {at: 40, label: Friction}
    - {at: 70, label: Trade war}
    - {at: 90, label: Rupture}

key_variables: [tension, trust, @a@.economy, @b@.economy]

# Computer leaders' characters; traits run 0-1.
personalities:
  - id: cautious
    label: Cautious
    describe: Avoids risks and answers like with like.
    side: @a@                    # only for this side (leave out: either)
    historical: true             # plays @A@'s real leader in calibrate and the debrief's what-if forecasts
    risk: 0.3
    patience: 0.6
    reciprocity: 0.8
    face: 0.5
    claims: 0.3
    aggression: 0.3
    habits: {}                   # move id -> points for a habit the traits miss, e.g. {call: 2}

# What really happened, week by week (move ids; 'propose:<package>' for a deal).
history:
  - turn: 1
    moves:
      @a@: [threaten]
      @b@: [ore_exports_down]
    headlines:
      - date: @date0@
        text: "Made-up example: @A@ threatens a full tariff; @B@ cuts ore exports"
        source: https://example.org/replace-with-your-source
    observed: {@b@.ore_exports: 50}
  - turn: 2
    moves:
      @a@: ["propose:steel_for_ore"]
      @b@: []
  - turn: 3
    moves:
      @a@: []
      @b@: [accept]

questions:                     # plain text is always asked; a template only when it fits the game
  - Who gained more from threatening before talking?
  - topic: trust               # of the questions sharing a topic, the first that fits is asked
    when: "trust >= 50"        # read on the final state
    history: left              # followed | left | far: how far the game left the real history
    what_if: [call]            # moves it is about: the debrief forecasts the player's choice taken the other way
    text: "Trust ended at {trust:.0f}. What built it, once the game left what really happened?"
  - topic: trust
    text: Why did the two never come to trust each other?
"""


GOLDEN_ID = "new_scenario"


def main(argv: list[str] | None = None) -> int:
    """Write the golden transcript of the default scaffold (``python -m game.authoring.scaffold --write DIR``)."""
    import argparse
    from pathlib import Path

    from ..scenario.compiler import load_scenario_text
    from ..transcript import golden_path, transcript

    parser = argparse.ArgumentParser(prog="python -m game.authoring.scaffold", description=main.__doc__)
    parser.add_argument("--write", type=Path, metavar="FOLDER", required=True, help="folder of golden transcripts")
    args = parser.parse_args(argv)
    sc = load_scenario_text(scaffold_text(GOLDEN_ID), f"{GOLDEN_ID}.yaml")
    path = golden_path(args.write, sc)
    path.write_text(transcript(sc), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
