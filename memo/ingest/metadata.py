"""Source metadata: what a file says about itself and what a folder's `sources.yaml` overrides.

`sources.yaml` maps file names in its folder to fields:

    article-1.txt:
      title: Talks Resume in Istanbul
      outlet: Example News
      published: 2025-10-30
      reliability: B

It is read with a strict loader: every scalar stays a string (YAML 1.1 cannot turn "NO" into
False), duplicate keys, anchors and aliases are refused, and unknown fields are errors naming the
file, line and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, get_args

import yaml

from memo.errors import Diagnostic, SourceError
from memo.ingest.cleaning import clean_line, clean_text
from memo.model import Reliability

_MAX_METADATA_BYTES = 1024 * 1024
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
MAX_FIELD_CHARS = 1_000
"""Characters of one metadata value but notes: a longer "title" is a paragraph, not a title."""


@dataclass(frozen=True)
class SourceMetadata:
    """Metadata of one source; `None` means unknown (in an override: keep what the file says)."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    reliability: Reliability | None = None
    notes: str | None = None

    def overridden_by(self, other: SourceMetadata | None) -> SourceMetadata:
        """These values, with every value `other` sets taking precedence."""
        if other is None:
            return self
        updates = {f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name) is not None}
        return dataclasses.replace(self, **updates)


FIELDS = tuple(f.name for f in fields(SourceMetadata))
_RELIABILITY = get_args(Reliability)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class _StrictLoader(yaml.BaseLoader):
    """YAML loader that keeps scalars as strings and refuses anchors and aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "aliases are not allowed", event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(None, None, "anchors (&name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def load_metadata_file(path: Path) -> dict[str, SourceMetadata]:
    """Read a `sources.yaml`: file name -> metadata, every problem a `SourceError` with its line.

    Every entry must name a file in the same folder, so a misspelt name cannot silently lose metadata.
    """
    try:
        data = path.read_bytes()[: _MAX_METADATA_BYTES + 1]
    except OSError as exc:
        raise SourceError(f"{path} cannot be read ({exc.strerror})") from None
    if len(data) > _MAX_METADATA_BYTES:
        raise SourceError(f"{path} is larger than {_MAX_METADATA_BYTES:,} bytes; is it the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path} is not UTF-8 (byte {exc.start}); re-save it as UTF-8") from None
    root = _compose(text, path)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(f"{_at(path, root)}: expected file names mapped to fields, e.g. 'a.txt: {{title: ...}}'")
    result: dict[str, SourceMetadata] = {}
    for key, value in _pairs(root, path):
        name = key.value
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            raise SourceError(
                f"{_at(path, key)}: {name!r} is not a file name; name a file of this folder, e.g. 'a.txt'"
            )
        if not (path.parent / name).is_file():
            raise SourceError(
                f"{_at(path, key)}: there is no file {name!r} in {path.parent}; fix the name or remove the entry"
            )
        result[name] = _metadata_from_node(value, path, name)
    return result


def _metadata_from_node(node: yaml.Node, path: Path, name: str) -> SourceMetadata:
    """Validate the fields of one entry of a `sources.yaml`."""
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(f"{_at(path, node)}: the entry for {name} must map fields to values, e.g. 'title: ...'")
    values: dict[str, Any] = {}
    for key, value in _pairs(node, path):
        field = key.value
        if field not in FIELDS:
            raise SourceError(
                f"{_at(path, key)}: unknown field {field!r} for {name}; known fields: {', '.join(FIELDS)}"
            )
        if not isinstance(value, yaml.ScalarNode):
            raise SourceError(f"{_at(path, value)}: {field} of {name} must be a single value, not a list or mapping")
        # An empty value ("outlet:") records that the field is unknown: it overrides nothing.
        if value.value.strip():
            values[field] = _field_value(field, value.value, f"{_at(path, value)}: {field} of {name}")
    return SourceMetadata(**values)


def _field_value(field: str, raw: str, where: str) -> Any:
    text = clean_line(raw)
    if not text:
        raise SourceError(f"{where} has no visible characters; give a value or leave it empty")
    if field != "notes" and len(text) > MAX_FIELD_CHARS:
        raise SourceError(f"{where} has {len(text):,} characters, more than the {MAX_FIELD_CHARS:,} allowed; shorten it")
    if field == "published":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise SourceError(f"{where} is {text!r}, not a date; write it as YYYY-MM-DD") from None
    if field == "reliability" and text not in _RELIABILITY:
        raise SourceError(f"{where} is {text!r}; use one of the Admiralty grades A-F")
    if field == "language" and not _LANGUAGE.match(text):
        raise SourceError(f"{where} is {text!r}, not a language tag; use e.g. 'en' or 'ps-AF'")
    if field == "notes":
        return clean_text(raw, "")[0].strip()
    return text


def _compose(text: str, path: Path) -> yaml.Node | None:
    loader = _StrictLoader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SourceError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: invalid YAML: {exc}") from None
    except RecursionError:
        raise SourceError(f"{path}: invalid YAML: nested too deeply for file names and their fields") from None
    finally:
        loader.dispose()


def _pairs(node: yaml.MappingNode, path: Path) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    seen: dict[str, yaml.Node] = {}
    pairs = []
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise SourceError(f"{_at(path, key)}: keys must be plain names")
        if key.value in seen:
            raise SourceError(
                f"{_at(path, key)}: {key.value!r} is given twice (first at line "
                f"{seen[key.value].start_mark.line + 1}); keep one"
            )
        seen[key.value] = key
        pairs.append((key, value))
    return pairs


def _at(path: Path, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


# --- dates written by people and publishers -----------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:(?:,|\s+at)?\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2}|Z)?)?"
_DATE_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<num>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", re.I),
    re.compile(r"(?P<year>\d{4})/(?P<num>\d{1,2})/(?P<day>\d{1,2})", re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME, re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I),
)


def parse_date(text: str) -> dt.date | None:
    """The date `text` states unambiguously (ISO, "4 March 2025", "March 4, 2025"), else `None`.

    Purely numeric day/month orders (04/03/2025) are ambiguous and give `None`.
    """
    value = text.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            parts = match.groupdict()
            month = int(parts["num"]) if parts.get("num") else _MONTHS[parts["month"].lower()]
            try:
                return dt.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                return None
    return None


# --- metadata a file states about itself ------------------------------------------------------------

_ALIASES = {
    "title": "title", "headline": "title",
    "outlet": "outlet", "source": "outlet", "publisher": "outlet", "publication": "outlet",
    "site": "outlet", "site name": "outlet", "sitename": "outlet", "newspaper": "outlet",
    "author": "author", "authors": "author", "byline": "author", "by": "author", "writer": "author",
    "date": "published", "published": "published", "publication date": "published",
    "pubdate": "published", "publish date": "published", "date published": "published",
    "url": "url", "link": "url", "source url": "url", "canonical url": "url", "canonical": "url",
    "language": "language", "lang": "language",
}


def metadata_field(key: str) -> str | None:
    """The `SourceMetadata` field a header key such as "Outlet", "Source" or "pubDate" sets, if any."""
    return _ALIASES.get(re.sub(r"[\s_-]+", " ", key.strip()).lower())


def stated_metadata(pairs: list[tuple[str, str, str]]) -> tuple[SourceMetadata, list[Diagnostic]]:
    """Metadata from a file's own (key, value, location) statements; unknown keys are ignored.

    A value that cannot be used (a date that is not a date) is skipped with a diagnostic; the first
    statement of a field wins.
    """
    values: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []
    for key, raw, location in pairs:
        field = metadata_field(key)
        value = clean_line(raw)
        if field is None or field in values or not value:
            continue
        if len(value) > MAX_FIELD_CHARS:
            diagnostics.append(Diagnostic(
                location, f"{field} of {len(value):,} characters ignored: too long to be one; set it in sources.yaml"
            ))
            continue
        if field == "published":
            date = parse_date(value)
            if date is None:
                diagnostics.append(Diagnostic(
                    location, f"date {value!r} not understood; write it as YYYY-MM-DD or set published in sources.yaml"
                ))
                continue
            values[field] = date
        elif field == "language" and not _LANGUAGE.match(value):
            diagnostics.append(Diagnostic(location, f"language {value!r} is not a language tag such as 'en'; ignored"))
        else:
            values[field] = value
    return SourceMetadata(**values), diagnostics


def load_front_matter(text: str, where: str, first_line: int) -> tuple[SourceMetadata, list[Diagnostic]] | None:
    """Metadata from YAML front matter (`text` stands between the `---` lines); `None` if it is not YAML fields."""
    try:
        root = _compose(text, Path(where))
    except SourceError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    pairs = []
    tagged = []
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        location = f"{where}:{first_line + key.start_mark.line}"
        if value.tag not in _PLAIN_TAGS:
            # A tag asks for an object (`!!python/object/apply:...`); metadata is text, so the value is dropped.
            tagged.append(Diagnostic(location, f"{key.value} ignored: the tag {value.tag} is not allowed in front matter"))
            continue
        if isinstance(value, yaml.ScalarNode):
            raw = value.value
        elif isinstance(value, yaml.SequenceNode):
            raw = ", ".join(item.value for item in value.value if isinstance(item, yaml.ScalarNode))
        else:
            continue
        pairs.append((key.value, raw, location))
    metadata, diagnostics = stated_metadata(pairs)
    return metadata, tagged + diagnostics
