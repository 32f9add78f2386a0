"""Safe YAML reading that remembers where every value came from.

Built on PyYAML's event parser (C-accelerated when available).  It composes the
document itself so that it can refuse what a scenario never needs and an
attacker would love: anchors and aliases (billion-laughs bombs), duplicate keys,
non-standard tags such as ``!!python/object``, several documents, oversized files
and documents with too many nodes.  Every refusal names file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import ScalarNode

from ..files import FileReadError, read_regular
from .problems import Problem, ScenarioError

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """A YAML document as plain Python data plus the position of every value and key."""

    data: object
    file: str
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    styles: dict[tuple, str | None] = field(default_factory=dict)

    def position(self, path: tuple, prefer_key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while True:
            if prefer_key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, path: tuple, message: str, prefer_key: bool = False, **kw) -> Problem:
        """A located problem at ``path``."""
        line, col = self.position(path, prefer_key)
        from .problems import path_text

        return Problem(self.file, line, col, path_text(path), message, **kw)


def _tag_text(tag: str) -> str:
    """'tag:yaml.org,2002:python/object' as YAML writes it: '!!python/object'."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Composer:
    """Turns a YAML event stream into data, refusing anything unsafe, with positions."""

    def __init__(self, text: str, file: str):
        self.file = file
        self.loader = _Parser(text)
        self.scalars = yaml.SafeLoader("")
        self.out = Located(None, file)
        self.nodes = 0
        self.key_texts: dict[tuple, str] = {}

    def fail(self, mark, path: tuple, message: str):
        from .problems import path_text

        line, col = _mark(mark) if mark is not None else (1, 1)
        raise ScenarioError([Problem(self.file, line, col, path_text(path), message)])

    def next(self):
        return self.loader.get_event()

    def compose(self):
        self.next()  # StreamStart
        event = self.loader.peek_event()
        if isinstance(event, yaml.StreamEndEvent):
            self.fail(event.start_mark, (), "the file is empty")
        self.next()  # DocumentStart
        self.out.data = self.node(self.next(), ())
        self.next()  # DocumentEnd
        event = self.next()
        if not isinstance(event, yaml.StreamEndEvent):
            self.fail(event.start_mark, (), "only one YAML document per file is allowed")
        return self.out

    def count(self, event, path):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(event.start_mark, path, f"the document has more than {MAX_NODES:,} nodes")
        if isinstance(event, yaml.AliasEvent):
            self.fail(event.start_mark, path, "aliases (*name) are not allowed in scenario files")
        if getattr(event, "anchor", None):
            self.fail(event.start_mark, path, f"anchors (&{event.anchor}) are not allowed in scenario files")

    def node(self, event, path: tuple):
        self.count(event, path)
        self.out.values[path] = _mark(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            self.out.styles[path] = event.style
            return self.scalar(event, path)
        if isinstance(event, yaml.SequenceStartEvent):
            self.check_tag(event, _SEQ_TAG, path)
            return self.sequence(path)
        if isinstance(event, yaml.MappingStartEvent):
            self.check_tag(event, _MAP_TAG, path)
            return self.mapping(path)
        self.fail(event.start_mark, path, "unexpected YAML structure")

    def check_tag(self, event, default: str, path: tuple):
        if event.tag not in (None, "!", default):
            self.fail(
                event.start_mark, path, f"the tag {_tag_text(event.tag)} is not allowed (scenarios are plain data)"
            )

    def scalar(self, event, path: tuple):
        tag = event.tag
        if tag in (None, "!"):
            plain = event.implicit[0]
            tag = self.scalars.resolve(ScalarNode, event.value, (plain, False)) if plain else "tag:yaml.org,2002:str"
        if tag not in _SCALAR_TAGS:
            self.fail(event.start_mark, path, f"the tag {_tag_text(tag)} is not allowed (scenarios are plain data)")
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            self.fail(event.start_mark, path, f"cannot read this value: {exc}")

    def duplicate(self, key_event, path: tuple, key) -> None:
        """Refuse a key seen before in this mapping, saying what both keys were as written."""
        first = self.out.keys[path + (key,)]
        first_text, text = self.key_texts[path + (key,)], key_event.value
        where = f"line {first[0]}, column {first[1]}"
        if first_text == text:
            message = f"duplicate key {text!r} (first defined at {where})"
        else:
            message = (
                f"the key {text!r} is the same key as {first_text!r} at {where} "
                f"(YAML reads both as the same value, {key!r}); quote keys to keep them apart"
            )
        self.fail(key_event.start_mark, path + (key,), message)

    def sequence(self, path: tuple) -> list:
        items = []
        while not isinstance(self.loader.peek_event(), yaml.SequenceEndEvent):
            items.append(self.node(self.next(), path + (len(items),)))
        self.next()
        return items

    def mapping(self, path: tuple) -> dict:
        result: dict = {}
        while not isinstance(self.loader.peek_event(), yaml.MappingEndEvent):
            key_event = self.next()
            self.count(key_event, path)
            if not isinstance(key_event, yaml.ScalarEvent):
                self.fail(key_event.start_mark, path, "mapping keys must be plain text")
            key = self.scalar(key_event, path)
            if isinstance(key, (dict, list)) or key is None:
                self.fail(key_event.start_mark, path, "mapping keys must be plain text")
            key = str(key) if not isinstance(key, (int, float, str)) else key
            if key in result:
                self.duplicate(key_event, path, key)
            self.out.keys[path + (key,)] = _mark(key_event.start_mark)
            self.key_texts[path + (key,)] = key_event.value
            result[key] = self.node(self.next(), path + (key,))
        self.next()
        return result


def _text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index in text."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _points_at_context(exc: yaml.MarkedYAMLError) -> bool:
    """Whether the error is best shown where the construct started (a line that is not a key)."""
    return exc.context_mark is not None and "expected ':'" in (exc.problem or "")


def _opened_at(exc: yaml.MarkedYAMLError) -> str:
    """'line 3, column 7': where the unfinished construct started."""
    mark = exc.context_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "earlier"


def _character_at(text: str, mark) -> str:
    """The character a mark points at, or '' past the end."""
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def plain_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's error in plain words: what is wrong and how to fix it."""
    problem, context = exc.problem or "", exc.context or ""
    if "flow sequence" in context:
        return f"the list opened with '[' at {_opened_at(exc)} is not closed with ']' (or a ',' is missing)"
    if "flow mapping" in context:
        return f"the mapping opened with '{{' at {_opened_at(exc)} is not closed with '}}' (or a ',' is missing)"
    if "quoted scalar" in context:
        return f"the quoted text opened at {_opened_at(exc)} is never closed with its quote mark"
    if "cannot start any token" in problem:
        char = _character_at(text, exc.problem_mark)
        if char == "\t":
            return "a tab character: YAML indents with spaces only"
        return f"a value cannot start with {char!r} here; put the text in quotes" if char else "unexpected character"
    if "mapping values are not allowed" in problem:
        return (
            "unexpected ':' here: a text that holds ': ' must be in quotes, and a key must start its own line "
            "at the indentation of its neighbours"
        )
    if "expected ':'" in problem:
        return "this line is not a 'key: value' pair: add the ':' after the key, or quote the line into the value above"
    if "expected '-' indicator" in problem:
        return "this line is indented as an item of the list above but does not start with '- '"
    if "expected key" in problem:
        return "this is not where a key can be: check the indentation, or put the whole value in quotes"
    if "end of stream" in problem:
        return "the file ends in the middle of a value"
    return f"the text is not valid YAML here ({problem or exc})"


def load_text(text: str, file: str = "<text>") -> Located:
    """Parse YAML text safely; raise ScenarioError with a located problem if it cannot."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioError([Problem(file, 1, 1, "", f"the file is larger than {MAX_FILE_BYTES:,} bytes")])
    composer = _Composer(text, file)
    try:
        return composer.compose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark if _points_at_context(exc) else exc.problem_mark or exc.context_mark
        line, col = _mark(mark) if mark is not None else (1, 1)
        last = text.count("\n") + 1
        if line > last:  # the end of the stream: point at the end of the last line
            line, col = last, len(text) - text.rfind("\n")
        message = plain_yaml_error(exc, text)
        raise ScenarioError([Problem(file, line, col, "", f"YAML syntax error: {message}")]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _text_position(text, exc.position)
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        what = f"the control character U+{code:04X}" if isinstance(code, int) else "a control character"
        raise ScenarioError([Problem(file, line, col, "", f"{what} is not allowed in YAML ({exc.reason})")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, 1, 1, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(file, 1, 1, "", "the document is nested too deeply")]) from None


def read_text(path: str | Path) -> str:
    """Read a text file for parsing, refusing oversized, undecodable or irregular files with a located problem."""
    name = str(path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except FileReadError as err:
        raise ScenarioError([Problem(name, 0, 0, "", f"cannot read the file: {err.message}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError([Problem(name, line, col, "", "the file is not valid UTF-8 text")]) from None
    return text


def load_file(path: str | Path) -> Located:
    """Read and parse a YAML file safely."""
    return load_text(read_text(path), str(path))
