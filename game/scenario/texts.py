"""Text templates with safe placeholders: ``{china.rare_earth_exports:.0f}%`` or ``{self.leader}``.

Placeholders are split with ``string.Formatter.parse`` (a parser, nothing is run)
and each field is looked up in the compiled scenario when the file loads, so a
misspelt name is a load-time error with its position, never a surprise in play.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

_PARSER = string.Formatter()
MAX_WIDTH = 60
"""Widest number a format may ask for (``{x:60.1f}``); a width of 10**9 would take gigabytes."""
MAX_PRECISION = 20
"""Most digits after the point a format may ask for."""
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d*))?[a-zA-Z%]?", re.DOTALL)


def number_format_problem(spec: str) -> str:
    """Why a number format such as '.1f' cannot be used ('' if it can), checked without formatting anything big."""
    match = _SPEC.fullmatch(spec)
    if match is None:
        return f"bad number format {spec!r}"
    width, precision = match["width"], match["precision"]
    if width and (len(width) > 4 or int(width) > MAX_WIDTH):
        return f"the width in the number format {spec!r} is too large (at most {MAX_WIDTH})"
    if precision and (len(precision) > 4 or int(precision) > MAX_PRECISION):
        return f"the precision in the number format {spec!r} is too large (at most {MAX_PRECISION} digits)"
    try:
        format(1.5, spec)
    except ValueError:
        return f"bad number format {spec!r}"
    return ""


class TemplateError(Exception):
    """A template refers to something unknown or has a bad format; column is 1-based in the text."""

    def __init__(self, message: str, column: int = 1):
        super().__init__(message)
        self.message, self.column = message, column


@dataclass(frozen=True)
class Template:
    """A checked template: literal text, text constants and variable rows with formats."""

    source: str
    parts: tuple[tuple[str, object, str], ...]
    """(literal, field, format) where field is None, a str constant, or an int state row."""

    def render(self, values: Callable[[int], float]) -> str:
        """Fill the template, reading variable rows through ``values``."""
        out = []
        for literal, field, spec in self.parts:
            out.append(literal)
            if isinstance(field, str):
                out.append(field)
            elif field is not None:
                out.append(format(float(values(field)), spec or ".0f"))
        return "".join(out)

    @property
    def reads(self) -> tuple[int, ...]:
        return tuple(f for _, f, _ in self.parts if isinstance(f, int))


def compile_template(source: str, lookup: Callable[[str], object]) -> Template:
    """Check a template; ``lookup(name)`` returns a text constant, a state row, or raises KeyError."""
    parts = []
    column = 1
    try:
        pieces = list(_PARSER.parse(source))
    except ValueError as exc:
        raise TemplateError(f"bad placeholder: {exc} (write {{{{ and }}}} for literal braces)") from None
    for literal, field, spec, conversion in pieces:
        column += len(literal)
        if field is None:
            parts.append((literal, None, ""))
            continue
        if conversion:
            raise TemplateError(f"conversions such as !{conversion} are not allowed", column)
        if not field:
            raise TemplateError("empty placeholder {}; name a variable or a side's text", column)
        try:
            target = lookup(field)
        except KeyError as exc:
            hint = exc.args[0] if exc.args and exc.args[0] != field else f"unknown name {field!r} in placeholder"
            raise TemplateError(hint, column) from None
        if isinstance(target, str):
            if spec:
                raise TemplateError(f"{{{field}}} is text and takes no format", column)
        elif problem := number_format_problem(spec):
            raise TemplateError(f"{problem} in {{{field}:{spec}}}", column)
        parts.append((literal, target, spec))
        column += len(field) + len(spec) + 2 + (1 if spec else 0)
    return Template(source, tuple(parts))


def literal_template(text: str) -> Template:
    """A template with no placeholders (for texts made by the engine)."""
    return Template(text, ((text, None, ""),))
