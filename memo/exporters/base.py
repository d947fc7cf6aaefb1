"""The exporter contract: section order, numbering and display text, decided once for every format.

An exporter implements one `render_<section>` per model section plus `start` and `save`; this
module decides which sections appear, in what order, with which titles and note numbers, and
words the labels both formats print, so the DOCX and the PDF always say the same things. It is
also the one text boundary: `render` puts every string of the memo into display form
(`display_memo`) before any exporter sees it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from pydantic import BaseModel

from memo.bounded import Bounded, start_bounded
from memo.errors import Diagnostic, ExportError
from memo.exporters._scripts import display_text, isolate, needs_display
from memo.gc_pause import gc_paused
from memo.house_style import HouseStyle
from memo.model import Actor, Citation, Disagreement, KeyPoint, Memo, OpenQuestion, Source
from memo.output import atomic_file

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

ACTOR_KINDS = {
    "person": "Person", "organization": "Organisation", "state": "State",
    "armed_group": "Armed group", "place": "Place", "other": "Other",
}
ACTOR_COLUMNS = ("Actor", "Kind", "Role", "Also called", "Sources")
POSITION_COLUMNS = ("Source", "Position", "In the source's words")


@dataclass(frozen=True)
class ExportOptions:
    """Format-specific options; an exporter ignores those that do not concern it."""

    reference_docx: Path | None = None
    """A Word file whose styles, page set-up and headers the DOCX starts from (pandoc's idea)."""


@dataclass(frozen=True)
class Note:
    """One numbered citation note: the marker in the text and the note it points to."""

    number: int
    citation: Citation
    text: str
    """The note as printed: source label, then the verbatim quote."""


class Exporter(ABC):
    """Writes one `Memo` to one file, section by section."""

    #: Name used on the command line, e.g. ``memo render --format docx``.
    name: ClassVar[str]
    #: Suffix of the file this exporter writes, e.g. ``".docx"``.
    suffix: ClassVar[str]
    #: True when citation notes are gathered in a Notes section (the format has no footnotes).
    endnotes: ClassVar[bool] = False

    def __init__(self, style: HouseStyle, options: ExportOptions = ExportOptions()) -> None:
        self.style = style
        self.options = options
        self.memo: Memo | None = None
        self.notes: list[Note] = []
        #: Problems met while rendering that did not stop it (e.g. a character no font can draw).
        self.warnings: list[Diagnostic] = []

    def export(self, memo: Memo, out: Path, seconds: float | None = None) -> Path:
        """Write `memo` to `out` with this format's suffix, atomically, and return the path written.

        With `seconds`, the document is laid out in a child process stopped after that long, so
        a pathological memo ends in an `ExportError`, never a hang; nothing is left half-written.
        `warnings` then holds what the child reported.
        """
        path = out.with_suffix(self.suffix)
        with atomic_file(path) as tmp:
            self.warnings = self.begin_export(memo, tmp, seconds, named=path).result()
        return path

    def begin_export(self, memo: Memo, path: Path, seconds: float | None = None, *,
                     named: Path | None = None) -> Bounded[list[Diagnostic]]:
        """Start writing `memo` to `path` (in a child process when `seconds` is set), as the file
        `named` in errors; the result is the warnings. Several formats can be written at once."""
        return start_bounded(
            self._render_and_save, memo, path, where=str(named or path), seconds=seconds, memory_bytes=None,
            error=ExportError, task="write",
            advice="shorten the longest items of the memo or raise the time limit (memo render --export-timeout)",
        )

    def _render_and_save(self, memo: Memo, path: Path) -> list[Diagnostic]:
        with gc_paused():
            self.render(memo)
            self.save(path)
        return self.warnings

    def render(self, memo: Memo) -> None:
        """Render every section of `memo` into this exporter's in-memory document."""
        # The one text boundary: every string an exporter shows, in display form.
        self.memo = memo = display_memo(memo)
        self.notes = []
        self.warnings = []
        self.start(memo)
        # The section order of every memo, in every format, is decided here only.
        sections: list[tuple[str, object, Callable]] = [
            ("summary", memo.summary, self.render_summary),
            ("key_points", memo.key_points, self.render_key_points),
            ("actors", memo.actors, self.render_actors),
            ("disagreements", memo.disagreements, self.render_disagreements),
            ("open_questions", memo.open_questions, self.render_open_questions),
            ("notes", None, self.render_notes),
            ("sources", memo.sources, self.render_sources),
        ]
        number = 0
        for key, content, render_section in sections:
            if key == "notes":
                if not (self.endnotes and self.notes):
                    continue
                content = self.notes
            elif not content:
                continue
            # Notes are apparatus, standing in for footnotes: unnumbered, so that every format
            # gives the same section the same number.
            if key != "notes":
                number += 1
            self.render_heading(self.section_title(key, None if key == "notes" else number), key)
            render_section(content)

    def section_title(self, key: str, number: int | None) -> str:
        """The house's title for section `key`, numbered when the style numbers sections and `number` is given."""
        title = getattr(self.style.sections, key)
        return f"{number}. {title}" if self.style.layout.number_sections and number is not None else title

    def note(self, citation: Citation) -> Note:
        """Number `citation` as the next note and return it (call in reading order)."""
        assert self.memo is not None
        note = Note(len(self.notes) + 1, citation, note_text(self.memo.source(citation.source), citation))
        self.notes.append(note)
        return note

    def page_text(self, template: str, page: int | str, pages: int | str) -> str:
        """A header or footer template filled in for one page."""
        assert self.memo is not None
        memo = self.memo
        return template.format(
            title=isolate(memo.title), date=memo.date.isoformat(), page=page, pages=pages,
            marking=isolate(memo.marking or ""), organization=isolate(memo.organization or ""),
            author=isolate(memo.author or ""),
        ).strip(" ·—-")

    @abstractmethod
    def start(self, memo: Memo) -> None:
        """Begin the document: page set-up, headers and footers, the title block."""

    @abstractmethod
    def render_heading(self, title: str, key: str) -> None:
        """A section heading; `key` names the section (for bookmarks and anchors)."""

    @abstractmethod
    def render_summary(self, summary: str) -> None: ...

    @abstractmethod
    def render_key_points(self, points: Sequence[KeyPoint]) -> None: ...

    @abstractmethod
    def render_actors(self, actors: Sequence[Actor]) -> None: ...

    @abstractmethod
    def render_disagreements(self, disagreements: Sequence[Disagreement]) -> None: ...

    @abstractmethod
    def render_open_questions(self, questions: Sequence[OpenQuestion]) -> None: ...

    @abstractmethod
    def render_notes(self, notes: Sequence[Note]) -> None:
        """The gathered citation notes (called only when `endnotes` is true)."""

    @abstractmethod
    def render_sources(self, sources: Sequence[Source]) -> None: ...

    @abstractmethod
    def save(self, path: Path) -> None:
        """Write the rendered document to `path` (a temporary file the caller renames)."""


# --- Display text shared by every format --------------------------------------------------------
#
# Where a label joins several fields of the memo into one line, each field that has right-to-left
# text is isolated (`isolate`): otherwise a Pashto title followed by a Pashto quote would merge
# into one right-to-left run and show the quote first.


def display_memo(memo: Memo) -> Memo:
    """`memo` with every string in display form (`display_text`), each field on its own.

    Fields are cleaned one by one, before any label joins them, so that an embedding or isolate
    left open in one field is closed there and cannot run into the text printed after it.
    """
    if not needs_display(memo.model_dump_json()):
        return memo
    return _displayed(memo)


def _displayed(value):
    """`value` (a model, tuple or string) in display form; `value` itself when nothing changes."""
    if isinstance(value, str):
        shown = display_text(value)
        return value if shown == value else shown
    if isinstance(value, tuple):
        items = tuple(_displayed(item) for item in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, BaseModel):
        update = {}
        for name, item in value:
            shown = _displayed(item)
            if shown is not item:
                update[name] = shown
        if not update:
            return value
        shown = value.model_copy(update=update)
        # model_copy also copies what the original cached (functools.cached_property, such as
        # Memo's sources by id), which would still describe the fields just replaced.
        for cls in type(value).__mro__:
            for name, attribute in vars(cls).items():
                if isinstance(attribute, cached_property):
                    shown.__dict__.pop(name, None)
        return shown
    return value


def meta_lines(memo: Memo) -> list[tuple[str, str]]:
    """The (label, value) lines of the title block, in order."""
    lines = [("Date", memo.date.isoformat())]
    for label, value in (("Prepared by", memo.author), ("Organisation", memo.organization),
                         ("For", memo.audience)):
        if value:
            lines.append((label, value))
    return lines


def key_point_label(point: KeyPoint) -> str:
    """The line under a key point: confidence, likelihood and how many sources carry it."""
    sources = sorted({c.source for c in point.citations}, key=lambda s: int(s[1:]))
    parts = []
    if point.confidence:
        parts.append(f"Confidence: {point.confidence}")
    if point.likelihood:
        parts.append(f"Likelihood: {point.likelihood}")
    if len(sources) == 1:
        parts.append(f"Single source ({sources[0]})")
    else:
        parts.append(f"{len(sources)} sources ({', '.join(sources)})")
    return " · ".join(parts)


def actor_row(actor: Actor, actors: Sequence[Actor]) -> tuple[str, str, str, str, str]:
    """The actors-table cells of `actor`, in `ACTOR_COLUMNS` order."""
    role = actor.role or ""
    if actor.affiliation:
        parent = next(a.name for a in actors if a.id == actor.affiliation)
        role = f"{isolate(role)} ({isolate(parent)})" if role else parent
    counts = Counter(c.source for c in actor.mentions)
    mentioned = ", ".join(
        f"{s} ×{n}" if n > 1 else s for s, n in sorted(counts.items(), key=lambda i: int(i[0][1:]))
    )
    return actor.name, ACTOR_KINDS[actor.kind], role, _listed(actor.aliases, ", "), mentioned


def disagreement_title(disagreement: Disagreement) -> str:
    """The subheading of a disagreement: id, topic and kind."""
    return f"{disagreement.id}. {isolate(disagreement.topic)} ({disagreement.kind})"


def quotes_text(citations: Sequence[Citation]) -> str:
    """Verbatim quotes, each in curly quotes, separated by an ellipsis."""
    return _listed([f"“{c.quote}”" for c in citations], " … ")


def question_label(question: OpenQuestion) -> str:
    """The line under an open question: why it matters and what it relates to."""
    parts = []
    if question.why:
        parts.append(f"Why it matters: {isolate(question.why)}")
    if question.related:
        parts.append(f"Related: {', '.join(question.related)}")
    if question.origin == "rhetorical":
        parts.append("Asked rhetorically in the source")
    return " · ".join(parts)


def source_label(source: Source) -> str:
    """Short label of a source: outlet and title."""
    title = isolate(source.title)
    return f"{isolate(source.outlet)}, “{title}”" if source.outlet else f"“{title}”"


def position_label(source: Source) -> str:
    """The "Source" cell of a disagreement position: the source id and its outlet."""
    return f"{source.id} ({isolate(source.outlet)})" if source.outlet else source.id


def note_text(source: Source, citation: Citation) -> str:
    """The text of a citation note, without its number."""
    return f"{source.id} {source_label(source)}: “{isolate(citation.quote)}”"


def source_entry(source: Source) -> str:
    """The bibliography entry of a source, without its id and without the link."""
    parts = []
    if source.author:
        parts.append(f"{isolate(source.author)}.")
    title = isolate(source.title)
    parts.append(f"“{title}.”" if not source.title.endswith((".", "?", "!")) else f"“{title}”")
    published = ", ".join(p for p in (source.outlet and isolate(source.outlet),
                                       source.published and source.published.isoformat()) if p)
    if published:
        parts.append(f"{published}.")
    if source.reliability:
        parts.append(f"Reliability {source.reliability}.")
    if source.language:
        parts.append(f"Language: {source.language}.")
    if source.notes:
        parts.append(isolate(source.notes))
    return " ".join(parts)


def _listed(items: Sequence[str], separator: str) -> str:
    """`items` joined by `separator`, each isolated when there are several."""
    return separator.join(isolate(item) for item in items) if len(items) > 1 else separator.join(items)


MAX_SHOWN_URL = 300


def shown_url(url: str) -> str:
    """`url` as printed under a source: whole, or, when absurdly long, its start and end around "…".

    The link itself always keeps the whole URL; printing 60,000 characters helps no reader and
    makes page layout quadratic.
    """
    if len(url) <= MAX_SHOWN_URL:
        return url
    return url[: MAX_SHOWN_URL - 61] + "…" + url[-60:]


def link_target(url: str | None) -> str | None:
    """`url` if it is safe to make clickable (http, https, mailto, no spaces), else None."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_LINK_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url
