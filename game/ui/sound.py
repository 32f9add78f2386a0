"""Short sound cues made in code: a week ending, a deal signed, the game's end.

Each cue is synthesised with numpy when the mixer starts (a few bell-like notes
with a quick decay; no sound files).  Where no mixer can start (no audio device,
a headless machine, SDL_AUDIODRIVER=dummy refusing) the window stays silent:
nothing fails.  ``muted`` is the player's setting, saved with the others.
"""

from __future__ import annotations

import threading

import numpy as np
import pygame

RATE = 44100
"""Samples a second asked of the mixer (it may give another rate; cues are made at the one it gives)."""
VOLUME = 0.28
"""Peak loudness of a cue (of full scale): cues are short and quiet."""

NOTES = {"C4": 261.63, "E4": 329.63, "G4": 392.0, "A4": 440.0, "C5": 523.25, "E5": 659.25, "G5": 783.99, "C6": 1046.5}

CUES: dict[str, tuple[tuple[str, float, float], ...]] = {
    "week": (("G4", 0.0, 0.18), ("C5", 0.09, 0.28)),
    "deal": (("C5", 0.0, 0.5), ("E5", 0.09, 0.5), ("G5", 0.18, 0.5), ("C6", 0.27, 0.8)),
    "ending": (("G4", 0.0, 1.1), ("E4", 0.22, 1.1), ("C4", 0.44, 1.4)),
}
"""Each cue's notes: (note, start in seconds, how long it rings)."""


def synthesise(name: str, rate: int = RATE) -> np.ndarray:
    """A cue as mono samples in -1..1: each note a sine with two soft overtones and an exponential decay."""
    notes = CUES[name]
    length = max(start + ring for _, start, ring in notes)
    out = np.zeros(int(length * rate) + 1)
    for note, start, ring in notes:
        n = int(ring * rate)
        t = np.arange(n) / rate
        f = NOTES[note]
        tone = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t) + 0.12 * np.sin(6 * np.pi * f * t)
        attack = np.minimum(t / 0.006, 1.0)  # no click at the start
        envelope = attack * np.exp(-t * 5.0 / ring)
        envelope[-min(n, 64) :] *= np.linspace(1, 0, min(n, 64))  # nor at the end
        at = int(start * rate)
        out[at : at + n] += tone * envelope
    peak = np.abs(out).max()
    return out / peak if peak > 0 else out


def to_buffer(samples: np.ndarray, size: int, channels: int) -> bytes:
    """Mono samples as the mixer's format (signed 16-bit or 32-bit float, any number of channels)."""
    wave = np.repeat((samples * VOLUME)[:, None], channels, axis=1)
    if size == -16:
        return (wave * 32767).astype("<i2").tobytes()
    if size == 32:
        return wave.astype("<f4").tobytes()
    raise ValueError(f"mixer sample format {size} not made")


class Sounds:
    """The cues, played unless muted; silent (never failing) where no mixer can start."""

    def __init__(self, muted: bool = False):
        self.muted = muted
        self.cues: dict[str, pygame.mixer.Sound] = {}
        self.problem: str | None = None
        """Why there is no sound (None when the mixer started)."""
        self.played: list[str] = []
        """Cues sent to the mixer (tests read it)."""
        self._making: threading.Thread | None = None

    def start(self) -> None:
        """Start the mixer and make the cues in a thread (the window calls this once its first frame is drawn)."""
        if self._making is not None:
            return
        try:
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(RATE, -16, 2, 512)
            self._format = pygame.mixer.get_init()
        except (pygame.error, OSError) as err:
            self._format = None
            self.problem = str(err) or type(err).__name__
        self._making = threading.Thread(target=self._make, name="sound cues", daemon=True)
        self._making.start()  # synthesised while the window opens, not in its way

    def _make(self) -> None:
        if self._format is None:
            return
        rate, size, channels = self._format
        cues = {}
        try:
            for name in CUES:
                cues[name] = pygame.mixer.Sound(buffer=to_buffer(synthesise(name, rate), size, channels))
        except (pygame.error, ValueError, TypeError, OSError) as err:
            self.problem = str(err) or type(err).__name__
            return
        self.cues = cues

    def wait(self) -> bool:
        """Wait until the cues are made (starting now if not yet started); whether there is sound."""
        self.start()
        self._making.join()
        return self.ready

    @property
    def ready(self) -> bool:
        return bool(self.cues)

    def play(self, name: str) -> None:
        """Play a cue (nothing if muted, silent, or the cues are not made yet)."""
        if self.muted or name not in self.cues:
            return
        try:
            self.cues[name].play()
        except pygame.error:
            return
        self.played.append(name)

    def close(self) -> None:
        if self._making is not None:
            self._making.join()
        self.cues = {}
        if pygame.mixer.get_init() is not None:
            pygame.mixer.quit()
