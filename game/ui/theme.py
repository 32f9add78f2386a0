"""Looks: the palette, the bundled fonts (with a fallback), and text that always fits its box.

The pygame_gui JSON theme in ``assets/theme.json`` uses the same palette; a test
checks the two agree.  Text helpers never draw past a box: they wrap, and when a
single line still cannot fit they shorten it with an ellipsis and count it in
``ELIDED`` so layout tests can insist that nothing had to be cut.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pygame

from ..paths import assets_dir

Color = tuple[int, int, int]


def hex_color(text: str) -> Color:
    """'#rrggbb' as an RGB tuple."""
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


PALETTE: dict[str, str] = {
    "bg": "#0e141c",
    "panel": "#151e29",
    "panel_alt": "#1b2633",
    "panel_hi": "#22303f",
    "border": "#2c3c4f",
    "text": "#e6edf3",
    "dim": "#9aa9b8",
    "faint": "#5f6f80",
    "accent": "#e3b34c",
    "good": "#4cb782",
    "bad": "#e0605a",
    "warn": "#e8923a",
    "grid": "#223041",
}
"""Named colours shared by custom drawing and the JSON theme."""

C: dict[str, Color] = {name: hex_color(value) for name, value in PALETTE.items()}

SIDE_FALLBACK = ("#3d6fb6", "#c8413b")

FONT_FILES = {
    "regular": "Inter-Regular.otf",
    "italic": "Inter-Italic.otf",
    "semibold": "Inter-SemiBold.otf",
    "bold": "Inter-Bold.otf",
    "display": "InterDisplay-Bold.otf",
}

SCALE = 1.0
"""How much bigger than at 1280x720 text and spacing are drawn (``scale_for`` the window size)."""

SCALE_STEPS = ((2000, 2.0), (1300, 1.5), (880, 1.25), (0, 1.0))
"""(smallest window height, scale): 720-800 lines draw at 1, ~1080 at 1.25, 1440 at 1.5, 4K at 2."""

LAYOUT_MIN = (1200, 680)
"""The least room, in unscaled pixels, the screens are laid out for: a step is used only if it leaves this much."""


SMALL_STEPS = (0.87, 0.8)
"""Scales below 1 for windows smaller than LAYOUT_MIN: 960x600 draws at 0.8 (laid out like 1200x750).

0.87 rather than 0.9: 15 px text becomes 13 px, in step with the spacing (0.9 would round it up to 14)."""


def scale_for(size: tuple[int, int]) -> float:
    """The scale for a window size: a step by its height, smaller if the width leaves too little room.

    A window with less room than ``LAYOUT_MIN`` draws text and spacing a little smaller
    (down to 0.8) so every screen keeps the room it is laid out for.
    """
    w, h = size
    for min_height, scale in SCALE_STEPS:
        if h >= min_height and w / scale >= LAYOUT_MIN[0] and h / scale >= LAYOUT_MIN[1]:
            return scale
    for scale in SMALL_STEPS:
        if w / scale >= LAYOUT_MIN[0] and h / scale >= LAYOUT_MIN[1]:
            return scale
    return SMALL_STEPS[-1]


def px(n: float) -> int:
    """A length in pixels at the current scale."""
    return round(n * SCALE)


def html_size(size: int) -> str:
    """A pygame_gui HTML font size attribute for a pixel size at the current scale: ``<font pixel_size=..>``."""
    return f"pixel_size={px(size)}"


def scaled_theme(data: dict, scale: float) -> dict:
    """The pygame_gui theme with its font sizes and spacing multiplied by scale."""
    out = copy.deepcopy(data)
    for block in out.values():
        text = block.get("font")
        if isinstance(text, dict) and "size" in text:
            text["size"] = str(round(float(text["size"]) * scale))
        misc = block.get("misc", {})
        for key in (
            "text_horiz_alignment_padding",
            "list_item_height",
            "rect_width",
            "shape_corner_radius",
            "open_button_width",
        ):
            if key in misc:
                misc[key] = str(round(float(misc[key]) * scale))
        if "padding" in misc:
            misc["padding"] = ",".join(str(round(float(v) * scale)) for v in misc["padding"].split(","))
    return out


ELIDED: list[str] = []
"""Every text that had to be shortened to fit (tests assert none on the main board)."""

TEXT_LOG: list[str] | None = None
"""When a list, every line drawn by draw_text is appended (tests read what a screen shows)."""

TEXT_RECTS: list[tuple[str, pygame.Rect]] | None = None
"""When a list, every line drawn is appended with where it was drawn (layout tests check overflow and overlap)."""


def fonts_dir() -> Path:
    """Where the bundled fonts live."""
    return assets_dir() / "fonts"


def theme_path() -> Path:
    """The pygame_gui theme file."""
    return assets_dir() / "theme.json"


def font(size: int, style: str = "regular") -> pygame.font.Font:
    """A bundled font at a size given for 1280x720 (drawn at the current scale)."""
    return _font(max(1, round(size * SCALE)), style)


@functools.lru_cache(maxsize=128)
def _font(size: int, style: str) -> pygame.font.Font:
    """A bundled font at a pixel size; pygame's default font if the file is missing."""
    if not pygame.font.get_init():
        pygame.font.init()
    path = fonts_dir() / FONT_FILES.get(style, FONT_FILES["regular"])
    try:
        return pygame.font.Font(str(path), size)
    except (OSError, pygame.error, FileNotFoundError):
        fallback = pygame.font.Font(None, int(size * 1.3))
        fallback.set_bold(style in ("bold", "semibold", "display"))
        return fallback


def side_color(sc, side: int) -> Color:
    """A side's colour from the scenario, else a default."""
    try:
        text = sc.model.sides[sc.sides[side]].color
    except (AttributeError, KeyError, IndexError):
        text = None
    return hex_color(text or SIDE_FALLBACK[side])


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend two colours (t=0 gives a, t=1 gives b)."""
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


CACHE_LIMIT = 4000
"""Rendered lines, fitted texts and wrapped paragraphs are kept (up to this many each) so redraws are cheap."""

_rendered: dict[tuple, pygame.Surface] = {}
_fitted: dict[tuple, str] = {}
_widths: dict[tuple, int] = {}
_wrapped: dict[tuple, tuple[list[str], list[str]]] = {}


def _remember(cache: dict, key: tuple, value):
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def render(text: str, fnt: pygame.font.Font, color: Color) -> pygame.Surface:
    """A line of text as an image (antialiased), from the cache when drawn before."""
    key = (fnt, text, color)
    image = _rendered.get(key)
    return image if image is not None else _remember(_rendered, key, fnt.render(text, True, color))


def text_width(text: str, fnt: pygame.font.Font) -> int:
    """Width in pixels of a line of text (cached)."""
    key = (fnt, text)
    width = _widths.get(key)
    return width if width is not None else _remember(_widths, key, fnt.size(text)[0])


def elide(text: str, fnt: pygame.font.Font, width: int, record: bool = True) -> str:
    """The text, shortened with an ellipsis if it is wider than width (recorded in ELIDED)."""
    key = (fnt, text, width)
    fitted = _fitted.get(key)
    if fitted is None:
        fitted = _remember(_fitted, key, _elide(text, fnt, width))
    if record and fitted != text:
        ELIDED.append(text)
    return fitted


def first_fit(candidates, fnt: pygame.font.Font, width: int) -> str:
    """The first of several wordings (longest first) that fits the width; the last one otherwise."""
    candidates = list(candidates)
    for text in candidates:
        if text_width(text, fnt) <= width:
            return text
    return candidates[-1]


def _elide(text: str, fnt: pygame.font.Font, width: int) -> str:
    if width <= 0 or fnt.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fnt.size(text[:mid].rstrip() + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def wrap(text: str, fnt: pygame.font.Font, width: int) -> list[str]:
    """Split text into lines no wider than width (paragraphs kept; long words shortened)."""
    key = (fnt, text, width)
    found = _wrapped.get(key)
    if found is None:
        found = _remember(_wrapped, key, _wrap(text, fnt, width))
    lines, cut = found
    ELIDED.extend(cut)
    return list(lines)


def wrap_lines(text: str, fnt: pygame.font.Font, width: int) -> list[str]:
    """The lines wrap() would give, without counting any word cut (for measuring wordings before choosing one)."""
    key = (fnt, text, width)
    found = _wrapped.get(key)
    if found is None:
        found = _remember(_wrapped, key, _wrap(text, fnt, width))
    return list(found[0])


def _wrap(text: str, fnt: pygame.font.Font, width: int) -> tuple[list[str], list[str]]:
    """The lines, and the words too long for a line (shortened)."""
    lines: list[str] = []
    cut: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if fnt.size(trial)[0] <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            line = word
            if fnt.size(word)[0] > width:
                line = elide(word, fnt, width, record=False)
                cut.append(word)
        lines.append(line)
    return lines, cut


def draw_text(
    surface: pygame.Surface,
    text: str,
    fnt: pygame.font.Font,
    color: Color,
    pos: tuple[int, int],
    width: int = 0,
    align: str = "left",
) -> pygame.Rect:
    """Draw one line at pos (top-left, or top-right / top-centre by align) within width; return its rect."""
    if width:
        text = elide(text, fnt, width)
    if TEXT_LOG is not None:
        TEXT_LOG.append(text)
    image = render(text, fnt, color)
    rect = image.get_rect()
    x, y = pos
    if align == "right":
        rect.topright = (x, y)
    elif align == "center":
        rect.midtop = (x, y)
    else:
        rect.topleft = (x, y)
    surface.blit(image, rect)
    if TEXT_RECTS is not None:
        TEXT_RECTS.append((text, rect.move(surface.get_abs_offset())))
    return rect


def draw_paragraphs(
    surface: pygame.Surface,
    text: str,
    fnt: pygame.font.Font,
    color: Color,
    rect: pygame.Rect,
    spacing: float = 1.3,
) -> int:
    """Draw wrapped text inside rect (lines past the bottom are left out); return the height used."""
    step = int(fnt.get_linesize() * spacing)
    y = rect.top
    for line in wrap(text, fnt, rect.width):
        if y + fnt.get_height() > rect.bottom:
            ELIDED.append(line)
            break
        if line:
            image = render(line, fnt, color)
            surface.blit(image, (rect.left, y))
            if TEXT_LOG is not None:
                TEXT_LOG.append(line)
            if TEXT_RECTS is not None:
                TEXT_RECTS.append((line, image.get_rect(topleft=(rect.left, y)).move(surface.get_abs_offset())))
        y += step
    return y - rect.top


def text_height(text: str, fnt: pygame.font.Font, width: int, spacing: float = 1.3) -> int:
    """Height that draw_paragraphs needs for the text at a width."""
    return len(wrap(text, fnt, width)) * int(fnt.get_linesize() * spacing)


def panel(
    surface: pygame.Surface, rect: pygame.Rect, fill: str = "panel", radius: int = 8, border: bool = True
) -> None:
    """A rounded panel background."""
    pygame.draw.rect(surface, C[fill], rect, border_radius=radius)
    if border:
        pygame.draw.rect(surface, C["border"], rect, 1, border_radius=radius)
