"""Load and save a `Memo` as YAML or JSON, with errors that name the file, line, column and field.

YAML is read strictly: every scalar stays the string the analyst typed (so `NO`, `1.10` or `12:30`
are never turned into booleans, floats or sexagesimal numbers; the model's schema decides types),
and anchors, aliases, tags, duplicate keys and multiple documents are refused. JSON is read
without NaN/Infinity, huge integers and duplicate keys. Both are refused when nested deeper than
`MAX_NESTING`, when larger than `MAX_MEMO_FILE_BYTES` or when one text value is longer than
`MAX_TEXT_CHARS`. Every problem of a file is reported at once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from memo.errors import MemoFileError, MissingInputError
from memo.gc_pause import gc_paused
from memo.ingest.files import FileTooLargeError, SpecialFileError, read_regular_file
from memo.model import Memo, reference_problems
from memo.output import write_atomically

MAX_MEMO_FILE_BYTES = 20 * 1024 * 1024
MAX_NESTING = 64
MAX_TEXT_CHARS = 200_000
"""Characters of one text value (about 80 pages): a 5 MB title would stall the PDF page headers."""
_MAX_DIGITS = 30
SUFFIXES = (".yaml", ".yml", ".json")

# Plain (unquoted) scalars YAML writers use for "no value"; quoted, they stay strings.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))

Location = tuple[int, int]
"""1-based line and column."""


def load_memo(path: Path) -> Memo:
    """Read and validate a memo file (.yaml, .yml or .json)."""
    text = _read(path)
    try:
        with gc_paused():
            data, marks = _parse(path, text)
            return Memo.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # Field errors stop the model's own reference check; run it on the raw data as well.
        reported = {tuple(e["loc"]) for e in errors}
        errors += [
            {"loc": loc, "msg": message, "type": "reference", "input": value}
            for loc, value, message in reference_problems(data)
            if loc not in reported
        ]
        errors.sort(key=lambda e: _location(tuple(e["loc"]), marks))
        problems = tuple(_describe(path, error, marks) for error in errors)
        raise MemoFileError(
            f"{path}: {len(problems)} problem(s) — fix them and run `memo check {path}` again", problems
        ) from None


def dump_memo(memo: Memo, suffix: str) -> str:
    """The text of `memo` as a memo file of type `suffix` (".yaml", ".yml" or ".json")."""
    data = memo.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if suffix == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_MemoDumper, allow_unicode=True, sort_keys=False, width=100)


def save_memo(memo: Memo, path: Path) -> Path:
    """Write `memo` to `path` atomically, as YAML or JSON by suffix, and return the path."""
    if path.suffix.lower() not in SUFFIXES:
        raise MemoFileError(f"{path}: a memo file must end in .yaml, .yml or .json")
    text = dump_memo(memo, path.suffix.lower())
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


class _MemoDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes strings YAML 1.1 would misread (`NO`, `1.10`, `12:30`) quoted, long text as blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_MemoDumper.add_representer(str, _represent_str)


def _read(path: Path) -> str:
    if path.suffix.lower() not in SUFFIXES:
        raise MemoFileError(f"{path}: not a memo file; give a .yaml, .yml or .json file")
    try:
        raw = read_regular_file(path, MAX_MEMO_FILE_BYTES)
    except FileNotFoundError:
        raise MissingInputError(f"{path}: no such memo file; check the path") from None
    except SpecialFileError as exc:
        raise MemoFileError(f"{path}: not a regular file ({exc.kind}); give a memo file") from None
    except FileTooLargeError:
        raise MemoFileError(f"{path}: larger than {MAX_MEMO_FILE_BYTES // 2**20} MiB; a memo file is never that big") from None
    except OSError as exc:
        raise MissingInputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MemoFileError(f"{path}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); re-save the file as UTF-8") from None


def _parse(path: Path, text: str) -> tuple[Any, dict[tuple, Location]]:
    """The plain data of a memo file and the location of every value, keyed by field path.

    For JSON the locations are computed only when the file turns out to be invalid.
    """
    if path.suffix.lower() == ".json":
        data, marks = _load_json(path, text), _LazyMarks(path, text)
    else:
        data, marks = _load_yaml(path, text)
    _refuse_long_text(path, data, marks)
    return data, marks


class _LazyMarks(dict):
    """Value locations of a JSON file, found on first use by reading it as YAML (a superset)."""

    def __init__(self, path: Path, text: str) -> None:
        super().__init__()
        self._source: tuple[Path, str] | None = (path, text)

    def _fill(self) -> None:
        if self._source is not None:
            path, text = self._source
            self._source = None
            # libyaml refuses some escapes JSON allows ("\ud83d"); PyYAML's own parser reads them, and
            # the text is valid JSON no deeper than MAX_NESTING, so it is safe to hand it over.
            for loader in dict.fromkeys((_Loader, yaml.SafeLoader)):
                try:
                    self.update(_load_yaml(path, text, loader)[1])
                    break
                except MemoFileError:
                    continue

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def get(self, key, default=None):  # type: ignore[override]
        self._fill()
        return super().get(key, default)


def _load_json(path: Path, text: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise MemoFileError(f"{path}: duplicate key {key!r}; keep only one")
            seen[key] = value
        return seen

    def no_constant(name: str) -> None:
        raise MemoFileError(f"{path}: {name} is not a number a memo can hold; write a finite number")

    def integer(digits: str) -> int:
        # Python refuses to convert integers of more than 4,300 digits with a ValueError of its own.
        if len(digits.lstrip("-")) > _MAX_DIGITS:
            raise MemoFileError(f"{path}: a number of {len(digits):,} digits; no memo field holds such a number")
        return int(digits)

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant, parse_int=integer)
    except json.JSONDecodeError as exc:
        raise MemoFileError(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}; fix the JSON syntax") from None
    except RecursionError:
        raise MemoFileError(f"{path}: nested too deeply; a memo is at most {MAX_NESTING} levels deep") from None
    for _, value in _walk(data, (), path):
        if isinstance(value, float) and not math.isfinite(value):
            raise MemoFileError(f"{path}: number {value} is out of range; write a finite number")
    return data


def _walk(value: Any, loc: tuple, path: Path) -> Iterator[tuple[tuple, Any]]:
    if len(loc) > MAX_NESTING:
        raise MemoFileError(f"{path}: nested too deeply; a memo is at most {MAX_NESTING} levels deep")
    yield loc, value
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from _walk(child, (*loc, key), path)


def _refuse_long_text(path: Path, data: Any, marks: dict[tuple, Location]) -> None:
    """Refuse any text value longer than `MAX_TEXT_CHARS`, naming where it is written."""
    for loc, value in _walk(data, (), path):
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            line, col = _location(loc, marks)
            field = ".".join(str(part) for part in loc) or "(top level)"
            raise MemoFileError(
                f"{path}:{line}:{col}: {field}: {len(value):,} characters, more than the {MAX_TEXT_CHARS:,} a memo "
                "field may hold; shorten it"
            )


_FLOW_BRACKETS = re.compile(r"[\[\]{}]")
# libyaml composes nested collections by C recursion and crashes the interpreter (a segfault, no
# traceback) near 50,000 levels of `[` or `{`. Block nesting needs indentation that grows with
# depth, so the 20 MiB size limit keeps it far below that.
_MAX_FLOW_DEPTH = 1_000


def _refuse_deep_flow(path: Path, text: str) -> None:
    """Refuse flow collections nested deeper than libyaml can survive, before libyaml sees them."""
    if text.count("[") + text.count("{") <= _MAX_FLOW_DEPTH:
        return
    depth = 0
    # Brackets inside quoted strings count too: only a file with a thousand more unclosed
    # brackets than closed ones is refused, and no memo has that.
    for match in _FLOW_BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > _MAX_FLOW_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise MemoFileError(f"{path}:{line}: nested too deeply; a memo is at most {MAX_NESTING} levels deep")


# libyaml's parser when PyYAML was built with it: about ten times faster on a 100-page memo.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path, text: str, loader_class: type = _Loader) -> tuple[Any, dict[tuple, Location]]:
    _refuse_deep_flow(path, text)
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark
        if exc.problem and "another document" in exc.problem:
            raise MemoFileError(f"{path}:{mark.line + 1}: more than one YAML document; keep one memo per file") from None
        raise MemoFileError(f"{path}:{mark.line + 1}:{mark.column + 1}: {exc.problem}; fix the YAML syntax") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise MemoFileError(f"{where}: {exc.problem or exc.context}; fix the YAML syntax") from None
    except yaml.YAMLError as exc:
        raise MemoFileError(f"{path}: {exc}; fix the YAML syntax") from None
    except RecursionError:
        raise MemoFileError(f"{path}: nested too deeply; a memo is at most {MAX_NESTING} levels deep") from None
    finally:
        loader.dispose()
    if root is None:
        raise MemoFileError(f"{path}: the file is empty; a memo needs at least title and date")
    marks: dict[tuple, Location] = {}
    return _plain(path, root, (), marks, 0, set()), marks


def _plain(path: Path, node: yaml.Node, loc: tuple, marks: dict[tuple, Location], depth: int, seen: set[int]) -> Any:
    """Turn a YAML node into dicts, lists, strings and None, recording each value's position.

    An alias makes the composer hand out the same node twice: meeting a node again means the file
    uses anchors and aliases, which are refused before they can expand (billion laughs).
    """
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    if id(node) in seen:
        raise MemoFileError(
            f"{path}:{where[0]}:{where[1]}: anchors and aliases (&, *) are not allowed in memo files; "
            "write the value out in full"
        )
    seen.add(id(node))
    marks[loc] = where
    if depth > MAX_NESTING:
        raise MemoFileError(f"{path}:{where[0]}:{where[1]}: nested too deeply; a memo is at most {MAX_NESTING} levels deep")
    if node.tag not in _ALLOWED_TAGS:
        raise MemoFileError(f"{path}:{where[0]}:{where[1]}: tag {node.tag} is not allowed in memo files; remove it")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise MemoFileError(f"{path}:{where[0]}:{where[1]}: keys must be plain names")
            key = key_node.value
            if key in result:
                first = marks[(*loc, key)]
                line = key_node.start_mark.line + 1
                raise MemoFileError(f"{path}:{line}: duplicate key {key!r} (first at line {first[0]}); keep only one")
            marks[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _plain(path, value_node, (*loc, key), marks, depth + 1, seen)
            marks[(*loc, key)] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(path, item, (*loc, i), marks, depth + 1, seen) for i, item in enumerate(node.value)]
    # A plain scalar has style None from PyYAML's parser but "" from libyaml's.
    if not node.style and node.value in _NULLS:
        return None
    return node.value


_FIXES = {
    "missing": "add it",
    "extra_forbidden": "remove it or check its spelling",
    "literal_error": "use one of the allowed values",
    "string_pattern_mismatch": "use the expected form",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "too_short": "add the missing entries",
    "string_too_short": "write some text",
    "int_parsing": "write a whole number",
    "int_parsing_size": "write a smaller whole number",
    "float_parsing": "write a number",
    "dict_type": "write it as a mapping of fields",
    "model_type": "write it as a mapping of fields",
    "tuple_type": "write it as a list (one `- item` per line)",
    "list_type": "write it as a list (one `- item` per line)",
    "string_type": "write it as text",
}


def _describe(path: Path, error: dict, marks: dict[tuple, Location]) -> str:
    """One line `FILE:LINE:COL: field.path: what is wrong — how to fix it` for a pydantic error."""
    loc = tuple(error["loc"])
    line, col = _location(loc, marks)
    field = ".".join(str(part) for part in loc) or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    fix = _FIXES.get(error["type"])
    if error["type"] == "literal_error":
        message = f"{message} (got {error['input']!r})"
    if error["type"] == "string_pattern_mismatch":
        message = f"{error['input']!r} does not look like {_expected_form(loc)}"
    suffix = f" — {fix}" if fix and "; " not in message else ""
    return f"{path}:{line}:{col}: {field}: {message}{suffix}"


def _location(loc: tuple, marks: dict[tuple, Location]) -> Location:
    """Where the value at `loc` is written, or its nearest enclosing value when it is missing."""
    while loc and loc not in marks:
        loc = loc[:-1]
    return marks.get(loc, (1, 1))


def _expected_form(loc: tuple) -> str:
    field = str(loc[-1]) if loc and not isinstance(loc[-1], int) else str(loc[-2]) if len(loc) > 1 else ""
    container = next((str(p) for p in reversed(loc[:-1]) if isinstance(p, str)), "")
    forms = {
        "source": "a source id such as S1", "affiliation": "an actor id such as A1",
        "related": "an item id such as K1, A2, D1, Q3 or S1", "language": "a BCP 47 tag such as en or ps-AF",
        "sha256": "64 lowercase hex digits",
    }
    if field == "id":
        prefix = {"key_points": "K", "actors": "A", "disagreements": "D", "open_questions": "Q", "sources": "S"}
        section = next((str(p) for p in loc if str(p) in prefix), "")
        return f"an id such as {prefix.get(section, 'K')}1"
    return forms.get(field) or forms.get(container, "the expected form")
