"""Setting up a game: who plays which side, opponent personality, difficulty, seed; then the briefing."""

from __future__ import annotations

import html
from dataclasses import replace

import pygame
import pygame_gui

from ...engine.game import fresh_seed
from ...engine.scoring import how_to_win
from ...scenario.compiled import CompiledScenario
from ...scenario.problems import ScenarioError
from ...scenarios import find_scenario
from ..session import DIFFICULTIES, GamePlan, SeatPlan, Session, is_script, leader_choices
from ..theme import C, draw_text, font, panel, px, side_color
from .base import Screen
from .menus import backdrop


def new_seed() -> int:
    """A fresh random seed (shown so a game can be repeated)."""
    return fresh_seed()


def default_leader(sc: CompiledScenario, side: int) -> str:
    """The scenario's own personality for a side if it has one, else tit for tat."""
    for p in sc.personalities:
        if p.side == sc.sides[side]:
            return p.id
    return "tit_for_tat"


def start_game(app, plan: GamePlan) -> Screen:
    """Start a fresh session from a plan and go to the board (behind a curtain in hot-seat)."""
    from .board import BoardScreen, Curtain

    app.end_session()
    app.session = Session(plan)
    if plan.mode == "hotseat":
        return Curtain(app, 0)
    return BoardScreen(app)


def direct_start(app, args) -> Screen:
    """The briefing for the game the command line describes (errors shown over the picker)."""
    from .menus import ScenarioPicker

    try:
        sc = find_scenario(args.scenario)
    except ScenarioError as err:
        picker = ScenarioPicker(app)
        app.pending_error = ("This scenario has errors", [str(p) for p in err.problems])
        return picker
    except FileNotFoundError as err:
        app.pending_error = ("Scenario not found", [str(err)])
        return ScenarioPicker(app)
    human = sc.sides.index(args.side) if args.side in sc.sides else 0
    given = getattr(args, "side_leaders", None) or {}
    level = getattr(args, "difficulty", None) or "normal"

    def computer(side: int) -> SeatPlan:
        """The computer on a side: --SIDE LEADER, else --opponent, else the side's own leader."""
        name = given.get(sc.sides[side]) or getattr(args, "opponent", None) or default_leader(sc, side)
        return SeatPlan(False, name, level)

    if args.watch:
        seats = (computer(0), computer(1))
    elif args.hotseat:
        seats = (SeatPlan(), SeatPlan())
    else:
        seats = tuple(SeatPlan() if s == human else computer(s) for s in (0, 1))
    seed = args.seed if args.seed is not None else new_seed()
    return BriefingScreen(app, GamePlan(sc, seed, seats))


MODES = ("solo0", "solo1", "hotseat", "watch")


class SetupScreen(Screen):
    """Choose a side (or hot-seat, or watch), the opponent, difficulty and seed."""

    shortcuts = (("1-4", "who plays"), ("Enter", "to the briefing"))

    def __init__(self, app, sc: CompiledScenario):
        super().__init__(app)
        self.sc = sc
        self.mode = "solo0"
        self.leaders = [default_leader(sc, 0), default_leader(sc, 1)]
        self.difficulty = "normal"
        self.seed = new_seed()

    def build(self) -> None:
        sc = self.sc
        w, h = self.size
        self.label(pygame.Rect(px(32), px(20), w - px(64), px(34)), f"New game — {sc.title}", "#heading")
        col = min(px(560), (w - px(96)) // 2)
        x0 = px(32)
        x1 = x0 + col + px(32)
        self.label(pygame.Rect(x0, px(70), col, px(26)), "Who plays", "#dim")
        texts = [
            f"Play as {sc.side_texts[0]['leader']} ({sc.side_texts[0]['short']})",
            f"Play as {sc.side_texts[1]['leader']} ({sc.side_texts[1]['short']})",
            "Hot-seat: two people, one screen",
            "Watch two computer leaders",
        ]
        tips = [
            f"You lead {sc.side_texts[0]['name']} against a computer leader.",
            f"You lead {sc.side_texts[1]['name']} against a computer leader.",
            "Take turns at one screen; a curtain hides each side's orders from the other.",
            "Two computer leaders play; you watch, and may take over either side.",
        ]
        y = px(100)
        for i, (mode, text, tip) in enumerate(zip(MODES, texts, tips)):
            oid = "#toggle_on" if mode == self.mode else None
            self.button(pygame.Rect(x0, y, col, px(46)), f"{i + 1}. {text}", (lambda m=mode: self._mode(m)), tip, oid)
            y += px(54)
        y += px(10)
        if self._thinkers():
            self._difficulty_buttons(x0, y, col)
        y += px(90)
        self.label(pygame.Rect(x0, y, col, px(26)), "Seed (same seed and same moves: the same game)", "#dim")
        y += px(30)
        self.seed_entry = self.add(pygame_gui.elements.UITextEntryLine(pygame.Rect(x0, y, px(200), px(40)), self.ui))
        self.seed_entry.set_text(str(self.seed))
        self.seed_entry.set_allowed_characters("numbers")
        self.button(pygame.Rect(x0 + px(210), y, px(150), px(40)), "New seed", self._reseed)
        self._leader_column(x1, col)
        self.button(pygame.Rect(px(32), h - px(62), px(140), px(42)), "Back", self.back)
        self.button(
            pygame.Rect(w - px(32) - px(240), h - px(62), px(240), px(42)), "Briefing →", self.start, oid="#primary"
        )

    def scenario_in_use(self) -> CompiledScenario:
        return self.sc

    def use_scenario(self, new: CompiledScenario) -> bool:
        """Show the new version (choices kept where they still exist)."""
        self._read_seed()
        self.adopt(new)
        self.rebuild()
        return True

    def adopt(self, new: CompiledScenario) -> None:
        """Set up the new version of the scenario (computer leaders it no longer has fall back to its defaults)."""
        self.sc = new
        known = [{c[0] for c in leader_choices(new, s)} for s in (0, 1)]
        self.leaders = [lead if lead in known[s] else default_leader(new, s) for s, lead in enumerate(self.leaders)]

    def _thinkers(self) -> list[int]:
        """The computer sides whose leader thinks (difficulty means something only to them; none in hot-seat)."""
        return [s for s in self._computer_sides() if not is_script(self.sc, self.leaders[s])]

    def _difficulty_buttons(self, x0: int, y: int, col: int) -> None:
        self.label(pygame.Rect(x0, y, col, px(26)), "Difficulty", "#dim")
        y += px(30)
        bw = (col - px(20)) // 3
        for i, d in enumerate(DIFFICULTIES):
            oid = "#toggle_on" if d == self.difficulty else None
            tip = "How hard the computer thinks: rollout budget and how often it picks its best move."
            self.button(
                pygame.Rect(x0 + i * (bw + px(10)), y, bw, px(40)),
                d.title(),
                (lambda d=d: self._difficulty(d)),
                tip,
                oid,
            )

    def _computer_sides(self) -> list[int]:
        return {"solo0": [1], "solo1": [0], "hotseat": [], "watch": [0, 1]}[self.mode]

    def _leader_column(self, x: int, col: int) -> None:
        sc = self.sc
        y = px(70)
        self.dropdowns = {}
        sides = self._computer_sides()
        if not sides:
            self.label(pygame.Rect(x, y, col, px(26)), "Both sides are played by people.", "#dim")
        for side in sides:
            choices = leader_choices(sc, side)
            labels = [c[1] for c in choices]
            current = next((c[1] for c in choices if c[0] == self.leaders[side]), labels[0])
            self.label(pygame.Rect(x, y, col, px(26)), f"Computer leader for {sc.side_texts[side]['name']}", "#dim")
            y += px(30)
            menu = self.add(
                pygame_gui.elements.UIDropDownMenu(labels, current, pygame.Rect(x, y, col, px(40)), self.ui)
            )
            self.dropdowns[menu] = (side, choices)
            y += px(48)
            describe = next((c[2] for c in choices if c[1] == current), "")
            box = self.textbox(pygame.Rect(x, y, col, px(96)), html.escape(describe))
            box.set_active_effect(None)
            y += px(112)

    def draw(self, surface):
        backdrop(surface)
        w = self.size[0]
        text = f"{self.sc.side_texts[0]['name']}  vs  {self.sc.side_texts[1]['name']}"
        r = draw_text(surface, text, font(14, "semibold"), C["dim"], (w - px(32), px(30)), w // 2, "right")
        pygame.draw.rect(surface, side_color(self.sc, 0), (r.x, r.bottom + px(2), r.width // 2 - px(4), px(3)))
        pygame.draw.rect(
            surface, side_color(self.sc, 1), (r.centerx + px(4), r.bottom + px(2), r.width // 2 - px(4), px(3))
        )

    def handle(self, event):
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in self.dropdowns:
            side, choices = self.dropdowns[event.ui_element]
            self.leaders[side] = next(c[0] for c in choices if c[1] == event.text)
            self._read_seed()
            self.rebuild()
            return None
        return super().handle(event)

    def key(self, event):
        if pygame.K_1 <= event.key <= pygame.K_4:
            self._mode(MODES[event.key - pygame.K_1])
        elif event.key == pygame.K_RETURN:
            return self.start()
        return None

    def _read_seed(self) -> None:
        text = self.seed_entry.get_text().strip()
        if text.isdigit():
            self.seed = int(text)

    def _mode(self, mode):
        self._read_seed()
        self.mode = mode
        self.rebuild()

    def _difficulty(self, d):
        self._read_seed()
        self.difficulty = d
        self.rebuild()

    def _reseed(self):
        self.seed = new_seed()
        self.seed_entry.set_text(str(self.seed))

    def plan(self) -> GamePlan:
        """The game these choices describe."""
        self._read_seed()
        computers = self._computer_sides()
        seats = tuple(
            SeatPlan(False, self.leaders[s], self.difficulty) if s in computers else SeatPlan() for s in (0, 1)
        )
        return GamePlan(self.sc, self.seed, seats)

    def start(self):
        return BriefingScreen(self.app, self.plan(), back_to=self)

    def back(self):
        from .menus import ScenarioPicker

        return ScenarioPicker(self.app)


def objectives_html(sc: CompiledScenario, side: int) -> str:
    """A side's objectives with their weights, as HTML lines."""
    total = sum(o.weight for o in sc.objectives[side]) or 1.0
    return "<br>".join(
        f"• {html.escape(o.label)} <font color='#9aa9b8'>({100 * o.weight / total:.0f}% of the score)</font>"
        for o in sc.objectives[side]
    )


class BriefingScreen(Screen):
    """The situation, each leader's objectives, and how to play."""

    shortcuts = (("Enter", "begin"),)

    def __init__(self, app, plan: GamePlan, back_to: Screen | None = None):
        super().__init__(app)
        self.plan = plan
        self.back_to = back_to
        self.boxes: list[pygame.Rect] = []
        """Where the two text boxes sit (their panels are drawn under them)."""

    def build(self) -> None:
        sc, plan = self.plan.scenario, self.plan
        w, h = self.size
        m = sc.model
        self.label(pygame.Rect(px(32), px(20), w - px(64), px(34)), sc.title, "#heading")
        paras = "<br><br>".join(html.escape(p.strip()).replace("\n", " ") for p in m.briefing.split("\n\n"))
        col = (w - px(96)) // 2
        self.boxes = [
            pygame.Rect(px(32), px(66), col, h - px(66) - px(84)),
            pygame.Rect(px(64) + col, px(66), col, h - px(66) - px(84)),
        ]
        self.textbox(self.boxes[0], f"<font color='#e3b34c'><b>The situation</b></font><br><br>{paras}", "#panel_text")
        seats = []
        for s in (0, 1):
            t = sc.side_texts[s]
            labels = {c[0]: c[1] for c in leader_choices(sc, s)}
            seat = plan.seats[s]
            who = "you" if seat.human else f"computer: {labels.get(seat.leader, seat.leader)}"
            if not seat.human and not is_script(sc, seat.leader):
                who += f", {seat.difficulty}"
            color = m.sides[sc.sides[s]].color or "#e6edf3"
            brief = html.escape(m.sides[sc.sides[s]].briefing or "")
            seats.append(
                f"<font color='{color}'><b>{html.escape(t['name'])} — {html.escape(t['leader'])}</b></font> "
                f"<font color='#9aa9b8'>({html.escape(who)})</font><br>{brief}<br>"
                f"<b>Objectives</b><br>{objectives_html(sc, s)}"
            )
        how = (
            f"Each week (one turn) both leaders choose moves at once, up to {m.budget} move points. "
            "Click move cards to give orders, hover a card for its forecast, open the negotiation table (N) "
            "to propose a deal, and end the week with Enter. The other side's numbers are estimates. "
            f"Seed {plan.seed}: the same seed and moves replay the same game.<br><br>{html.escape(how_to_win(sc))}"
        )
        self.textbox(
            self.boxes[1],
            "<br><br>".join(seats)
            + f"<br><br><font color='#e3b34c'><b>How to play</b></font><br>{how}",  # its parts are escaped
            "#panel_text",
        )
        self.button(pygame.Rect(px(32), h - px(62), px(140), px(42)), "Back", self.back)
        self.button(
            pygame.Rect(w - px(32) - px(240), h - px(62), px(240), px(42)), "Begin week 1 →", self.begin, oid="#primary"
        )

    def scenario_in_use(self) -> CompiledScenario:
        return self.plan.scenario

    def use_scenario(self, new: CompiledScenario) -> bool:
        """Brief on the new version (same seats and seed)."""
        self.plan = replace(self.plan, scenario=new)
        if isinstance(self.back_to, SetupScreen):
            self.back_to.adopt(new)
        self.rebuild()
        return True

    def draw(self, surface):
        backdrop(surface)
        for box in self.boxes:  # drawn here: pygame_gui's rounded text boxes take most of a second to make
            panel(surface, box)
        w, _ = self.size
        text = f"Seed {self.plan.seed} · {self.plan.mode}"
        draw_text(surface, text, font(13), C["dim"], (w - px(32), px(30)), px(300), "right")

    def key(self, event):
        if event.key == pygame.K_RETURN:
            return self.begin()
        return None

    def begin(self):
        return start_game(self.app, self.plan)

    def back(self):
        if self.back_to is not None:
            return self.back_to
        return SetupScreen(self.app, self.plan.scenario)
