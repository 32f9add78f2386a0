"""Ping-pong diplomacy: a short real match whose winner is passed to the engine (or skipped: the seeded draw decides).

A person plays with the mouse or the keyboard (W/S or ↑/↓) against a computer
paddle whose skill follows the leader: the scenario's chance that this leader
wins sets how fast and how accurately it tracks the ball.  In hot-seat the two
people share the keyboard (the first side W/S, the second ↑/↓; each side's keys
are shown under its name).  First to five points.  Backspace skips the match (never
a paddle key, so moving down cannot skip it).
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from ...scenario.compiled import ContestInfo
from ..theme import C, draw_text, font, mix, px, side_color
from .base import InGame, Screen

POINTS_TO_WIN = 5


def contest_chance(session, contest: ContestInfo) -> float:
    """The scenario's chance that the first side wins this contest now."""
    value = contest.chance.fn(session.game.state)
    return float(np.clip(np.asarray(value, dtype=float).reshape(-1)[0], 0.0, 1.0))


class Match:
    """The match itself, in table units (0-1 across, 0-1 down), stepped at a fixed rate; no drawing."""

    def __init__(self, skills: tuple[float | None, float | None], rng: np.random.Generator):
        self.skills = skills
        """Per side: None for a person, else the computer's skill 0-1."""
        self.rng = rng
        self.paddles = [0.5, 0.5]
        self.score = [0, 0]
        self.ball = np.array([0.5, 0.5])
        self.velocity = np.array([0.0, 0.0])
        self.serve_in = 1.0
        self.server = int(rng.integers(0, 2))
        self.aim_error = [0.0, 0.0]
        self.paddle_h = 0.2

    @property
    def winner(self) -> int | None:
        for side in (0, 1):
            if self.score[side] >= POINTS_TO_WIN:
                return side
        return None

    def move_paddle(self, side: int, target: float, dt: float, speed: float = 1.6) -> None:
        """Move a paddle toward a height at most `speed` table-heights a second."""
        delta = float(np.clip(target - self.paddles[side], -speed * dt, speed * dt))
        self.paddles[side] = float(np.clip(self.paddles[side] + delta, self.paddle_h / 2, 1 - self.paddle_h / 2))

    def step(self, dt: float) -> None:
        """Advance the ball and the computer paddles by dt seconds."""
        if self.winner is not None:
            return
        if self.serve_in > 0:
            self.serve_in -= dt
            if self.serve_in <= 0:
                angle = self.rng.uniform(-0.5, 0.5)
                direction = 1 if self.server == 0 else -1
                self.velocity = np.array([direction * math.cos(angle), math.sin(angle)]) * 0.55
            return
        for side, skill in enumerate(self.skills):
            if skill is not None:
                coming = (self.velocity[0] > 0) == (side == 1)
                target = self.ball[1] + self.aim_error[side] if coming else 0.5
                self.move_paddle(side, target, dt, 0.45 + 0.9 * skill)
        self.ball += self.velocity * dt
        if self.ball[1] < 0 or self.ball[1] > 1:
            self.ball[1] = float(np.clip(self.ball[1], 0, 1))
            self.velocity[1] *= -1
        for side, x in ((0, 0.04), (1, 0.96)):
            moving_in = self.velocity[0] < 0 if side == 0 else self.velocity[0] > 0
            crossed = self.ball[0] <= x if side == 0 else self.ball[0] >= x
            if moving_in and crossed:
                offset = (self.ball[1] - self.paddles[side]) / (self.paddle_h / 2)
                if abs(offset) <= 1.1:
                    speed = min(np.hypot(*self.velocity) * 1.07, 1.6)
                    angle = float(np.clip(offset, -1, 1)) * 0.9
                    direction = 1 if side == 0 else -1
                    self.velocity = np.array([direction * math.cos(angle), math.sin(angle)]) * speed
                    self.ball[0] = x
                    other = 1 - side
                    skill = self.skills[other]
                    if skill is not None:
                        self.aim_error[other] = float(self.rng.normal(0, 0.02 + 0.16 * (1 - skill)))
                else:
                    self._point(1 - side)
                    return

    def _point(self, side: int) -> None:
        self.score[side] += 1
        self.ball = np.array([0.5, 0.5])
        self.velocity = np.array([0.0, 0.0])
        self.serve_in = 0.8
        self.server = 1 - side


class PingPongScreen(InGame, Screen):
    """The match; its result goes to the engine as this week's contest result."""

    shortcuts = (
        ("Mouse / W S / ↑ ↓", "move your paddle"),
        ("Backspace", "skip: let the seeded draw decide"),
        ("Esc", "pause the match (the pause menu)"),
    )

    def __init__(self, app, contest: ContestInfo):
        super().__init__(app)
        self.session = app.session
        self.contest = contest
        chance = contest_chance(self.session, contest)
        win_p = (chance, 1 - chance)
        humans = [s for s in (0, 1) if self.session.is_human(s)]
        self.skills = tuple(None if s in humans else 0.35 + 0.6 * win_p[s] for s in (0, 1))
        g = self.session.game
        self.match = Match(self.skills, np.random.default_rng([g.seed, g.turn, 7]))
        self.done_for = 0.0
        self.mouse_side = humans[0] if len(humans) == 1 else None

    def build(self) -> None:
        w, h = self.size
        self.button(
            pygame.Rect(w - px(24) - px(220), h - px(58), px(220), px(40)),
            "Skip the match (Backspace)",
            self.skip,
            "The scenario's seeded draw decides the winner",
        )

    def table(self) -> pygame.Rect:
        w, h = self.size
        tw = min(w - px(80), int((h - px(190)) * 1.8))
        th = int(tw / 1.8)
        return pygame.Rect((w - tw) // 2, px(96), tw, th)

    def update(self, dt):
        if self.app.modal is not None:  # paused under the pause menu or help
            return None
        dt = min(dt, 0.05)
        keys = pygame.key.get_pressed()
        m = self.match
        for side, up, down in ((0, pygame.K_w, pygame.K_s), (1, pygame.K_UP, pygame.K_DOWN)):
            if self.skills[side] is None:
                if len([s for s in self.skills if s is None]) == 1:
                    up_pressed = keys[pygame.K_w] or keys[pygame.K_UP]
                    down_pressed = keys[pygame.K_s] or keys[pygame.K_DOWN]
                else:
                    up_pressed, down_pressed = keys[up], keys[down]
                if up_pressed or down_pressed:
                    m.move_paddle(side, m.paddles[side] + (-1 if up_pressed else 1), dt)
        if self.mouse_side is not None and self.table().collidepoint(self.ui.pointer):
            t = self.table()
            m.move_paddle(self.mouse_side, (self.ui.pointer[1] - t.y) / t.height, dt, 2.5)
        for _ in range(4):
            m.step(dt / 4)
        if m.winner is not None:
            self.done_for += dt
            if self.done_for > 1.6:
                return self.finish({self.contest.id: m.winner})
        return None

    def controls(self, side: int) -> str:
        """Who plays a side's paddle, and with which keys."""
        if self.skills[side] is not None:
            return "computer"
        if self.mouse_side == side:
            return "you: mouse, W S or ↑ ↓"
        return "W / S" if side == 0 else "↑ / ↓"

    def status(self) -> tuple[str, int | None]:
        """The line under the table and whose colour it takes (None: neutral): the serve, the last point."""
        m, sc = self.match, self.session.sc
        names = [sc.side_texts[s]["leader"] for s in (0, 1)]
        if m.winner is not None:
            return f"{names[m.winner]} wins {max(m.score)}–{min(m.score)}", m.winner
        if m.serve_in > 0 and sum(m.score) == 0:
            return f"First to {POINTS_TO_WIN} points · {names[m.server]} serves", m.server
        if m.serve_in > 0:
            scorer = 1 - m.server
            return f"Point to {names[scorer]} · {names[m.server]} serves", scorer
        return f"First to {POINTS_TO_WIN} points", None

    def key(self, event):
        if event.key == pygame.K_BACKSPACE:
            return self.skip()
        if event.key == pygame.K_RETURN and self.match.winner is not None:
            return self.finish({self.contest.id: self.match.winner})
        return None

    def back(self):
        """Esc pauses the match under the pause menu; only Skip (or the match's end) plays the week."""
        return None

    def skip(self):
        """No match: the engine's seeded draw decides."""
        return self.finish(None)

    def finish(self, results):
        from .. import saves
        from .reveal import RevealScreen

        report = self.session.play(results)
        self.session.autosave_problem = saves.autosave(self.session)
        return RevealScreen(self.app, report)

    def draw(self, surface) -> None:
        surface.fill(C["bg"])
        w, h = self.size
        sc = self.session.sc
        m = self.match
        draw_text(surface, self.contest.label, font(26, "display"), C["text"], (w // 2, px(18)), w - px(40), "center")
        names = [sc.side_texts[s]["leader"] for s in (0, 1)]
        t = self.table()
        for side in (0, 1):
            color = side_color(sc, side)
            x = t.x if side == 0 else t.right
            align = "left" if side == 0 else "right"
            r = draw_text(surface, names[side], font(15, "semibold"), color, (x, px(52)), t.width // 2 - px(120), align)
            draw_text(surface, self.controls(side), font(12), C["dim"], (x, px(72)), t.width // 2 - px(120), align)
            if m.server == side and m.winner is None:  # the serve, marked as on a scoreboard
                dot = (r.right + px(10), r.centery) if side == 0 else (r.x - px(10), r.centery)
                pygame.draw.circle(surface, (250, 246, 235), dot, px(4))
            score_x = w // 2 - px(22) if side == 0 else w // 2 + px(22)
            draw_text(
                surface,
                str(m.score[side]),
                font(28, "bold"),
                color,
                (score_x, px(50)),
                px(80),
                align="right" if side == 0 else "left",
            )
        draw_text(surface, "–", font(28, "bold"), C["dim"], (w // 2, px(50)), px(30), "center")
        pygame.draw.rect(surface, (22, 70, 60), t, border_radius=6)
        pygame.draw.rect(surface, mix((22, 70, 60), (255, 255, 255), 0.6), t, 3, border_radius=6)
        pygame.draw.line(surface, mix((22, 70, 60), (255, 255, 255), 0.35), (t.x, t.centery), (t.right, t.centery), 1)
        pygame.draw.line(surface, (230, 230, 230), (t.centerx, t.y), (t.centerx, t.bottom), 3)
        for side, x in ((0, 0.04), (1, 0.96)):
            ph = m.paddle_h * t.height
            rect = pygame.Rect(0, 0, px(12), int(ph))
            rect.center = (int(t.x + x * t.width) + px(-8 if side == 0 else 8), int(t.y + m.paddles[side] * t.height))
            pygame.draw.rect(surface, side_color(sc, side), rect, border_radius=5)
        bx, by = int(t.x + m.ball[0] * t.width), int(t.y + m.ball[1] * t.height)
        pygame.draw.circle(surface, (250, 246, 235), (bx, by), max(6, t.width // 110))
        if m.winner is not None:
            text = f"{names[m.winner]} wins the match!"
            draw_text(
                surface, text, font(30, "display"), C["accent"], (w // 2, t.centery - px(20)), w - px(40), "center"
            )
        elif m.serve_in > 0 and sum(m.score) == 0:
            draw_text(
                surface,
                "Move with the mouse, W/S or ↑/↓." if self.mouse_side is not None else "Left: W/S · right: ↑/↓.",
                font(16),
                C["text"],
                (w // 2, t.bottom - px(40)),
                t.width - px(40),
                "center",
            )
        line, whose = self.status()
        draw_text(
            surface,
            line,
            font(14, "semibold"),
            C["dim"] if whose is None else side_color(sc, whose),
            (w // 2, t.bottom + px(8)),
            t.width,
            "center",
        )
        hint = "The winner gains face; both gain trust. Skip (Backspace) to let the seeded draw decide."
        draw_text(surface, hint, font(13), C["dim"], (px(24), h - px(46)), w - px(300))
