"""The Memo document model: the public contract between analysis, memo files and exporters.

Every exporter reads only a `Memo` (and a house style); other tools read memo files written from
it, so field names are stable. The model is frozen, forbids unknown fields and checks its own
cross-references, reporting every problem at once with the field path that carries it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

SCHEMA_VERSION = 1

# XML 1.0 (and so DOCX) cannot carry controls and surrogates; noncharacters (U+FDD0-FDEF and the
# last two code points of every plane) come out of PDF text layers as U+FFFD.
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def _clean_text(value: str) -> str:
    """NFC-normalise text and refuse characters no document format can carry."""
    bad = _FORBIDDEN_CHARS.search(value)
    if bad:
        raise PydanticCustomError(
            "forbidden_character",
            f"contains the control or non-character U+{ord(bad.group()):04X} at position {bad.start()}; delete it",
        )
    return unicodedata.normalize("NFC", value)


def _as_version_number(value: object) -> object:
    """Accept "1" for 1: memo YAML keeps every scalar a string."""
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else value


Text = Annotated[str, AfterValidator(_clean_text)]
"""Any human-readable string of the model: NFC, no control characters, no lone surrogates."""

NonEmptyText = Annotated[Text, Field(min_length=1)]

SourceId = Annotated[str, Field(pattern=r"^S[1-9][0-9]*$")]
KeyPointId = Annotated[str, Field(pattern=r"^K[1-9][0-9]*$")]
ActorId = Annotated[str, Field(pattern=r"^A[1-9][0-9]*$")]
DisagreementId = Annotated[str, Field(pattern=r"^D[1-9][0-9]*$")]
QuestionId = Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]
ItemId = Annotated[str, Field(pattern=r"^[SKADQ][1-9][0-9]*$")]

Confidence = Literal["low", "moderate", "high"]
"""Analytic confidence in a judgment, as in ICD 203."""

Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
"""The ICD 203 expressions of likelihood, from least to most likely."""

ActorKind = Literal["person", "organization", "state", "armed_group", "place", "other"]

DisagreementKind = Literal[
    "factual", "numeric", "date", "attribution", "outcome", "framing", "forecast"
]

QuestionOrigin = Literal["explicit", "rhetorical", "hedged", "disagreement", "single_source", "analyst"]
"""Where an open question comes from: asked in a source (sincerely or rhetorically), a hedged or
forecast claim, an unresolved disagreement, a claim resting on one source, or the analyst."""

Reliability = Literal["A", "B", "C", "D", "E", "F"]
"""Admiralty (NATO) source reliability: A completely reliable ... E unreliable, F cannot be judged."""

# Kinds whose positions may all come from one source: a single outlet can report two parties
# contradicting each other about who said or did something.
SINGLE_SOURCE_KINDS: frozenset[str] = frozenset({"attribution"})


class _Node(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True, allow_inf_nan=False
    )


class Source(_Node):
    """One source document the memo draws on."""

    id: SourceId
    """Stable identifier, "S1", "S2", ...; citations refer to it."""
    title: NonEmptyText
    """Headline or title of the document, as published."""
    outlet: Text | None = None
    """Publisher or outlet, e.g. "Dawn"; `None` when unknown."""
    author: Text | None = None
    """Byline; `None` when the document names no author."""
    published: dt.date | None = None
    """Publication date (ISO 8601); `None` when the document does not state it."""
    url: Text | None = None
    """Where the document was published; only http, https and mailto become links."""
    path: Text | None = None
    """Local file the text was read from, relative to the memo file or absolute."""
    language: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")] | None = None
    """Main language of the document as a BCP 47 tag, e.g. "en", "ps-AF"."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    """SHA-256 of the cleaned text that citation offsets point into (UTF-8 bytes)."""
    reliability: Reliability | None = None
    """Admiralty grade of the source's reliability (A-F); `None` when not graded."""
    notes: Text | None = None
    """Free analyst notes about the source."""


class Citation(_Node):
    """A verbatim span of a source that supports an item."""

    source: SourceId
    """`Source.id` of the cited source."""
    quote: NonEmptyText
    """The cited words, exactly as they stand in the source text."""
    start: Annotated[int, Field(ge=0)] | None = None
    """Offset of the quote's first character in the source text; `None` when not located."""
    end: Annotated[int, Field(ge=0)] | None = None
    """Offset just past the quote's last character; `None` when not located."""

    @model_validator(mode="after")
    def _offsets_match_quote(self) -> Citation:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.start is not None and self.end is not None and self.end - self.start != len(self.quote):
            raise ValueError(
                f"end - start is {self.end - self.start} but the quote has {len(self.quote)} "
                "characters; fix the offsets or remove them"
            )
        return self


class KeyPoint(_Node):
    """One key judgment or finding, with the sources that support it."""

    id: KeyPointId
    """Stable identifier, "K1", "K2", ..."""
    text: NonEmptyText
    """The point, in one or two sentences."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Verbatim support; at least one."""
    confidence: Confidence | None = None
    """Analytic confidence, derived from corroboration; `None` when not assessed."""
    likelihood: Likelihood | None = None
    """ICD 203 likelihood when the point is a judgment about what is or will be; else `None`."""


class Actor(_Node):
    """A person, organisation, state, armed group or place that matters to the topic."""

    id: ActorId
    """Stable identifier, "A1", "A2", ..."""
    name: NonEmptyText
    """Canonical name used in the memo."""
    kind: ActorKind = "other"
    """What sort of actor this is."""
    aliases: tuple[NonEmptyText, ...] = ()
    """Other names, spellings and scripts the sources use for the same actor."""
    role: Text | None = None
    """Role in the story, e.g. "Taliban spokesman"; `None` when unknown."""
    affiliation: ActorId | None = None
    """`Actor.id` of the organisation or state this actor belongs to; `None` for none."""
    mentions: tuple[Citation, ...] = ()
    """Where the sources name the actor."""


class Position(_Node):
    """What one source says on a disputed topic."""

    source: SourceId
    """`Source.id` of the source holding this position."""
    claim: NonEmptyText
    """The position, paraphrased in one sentence."""
    citations: tuple[Citation, ...] = ()
    """Verbatim support for the claim."""


class Disagreement(_Node):
    """A point on which sources differ: facts, numbers, dates, blame, outcomes or framing."""

    id: DisagreementId
    """Stable identifier, "D1", "D2", ..."""
    topic: NonEmptyText
    """What the sources disagree about, as a short phrase."""
    kind: DisagreementKind
    """The nature of the difference."""
    positions: tuple[Position, ...] = Field(min_length=2)
    """At least two positions, from at least two sources unless `kind` is "attribution"."""
    assessment: Text | None = None
    """The analyst's view of which position is better supported, and why; `None` for none."""
    score: Annotated[float, Field(ge=0, le=1)] | None = None
    """Strength of the detected conflict (0-1) when found by analysis; `None` when written by hand."""

    @model_validator(mode="after")
    def _positions_from_several_sources(self) -> Disagreement:
        if self.kind not in SINGLE_SOURCE_KINDS and len({p.source for p in self.positions}) < 2:
            raise ValueError(
                f"a {self.kind} disagreement needs positions from at least two different sources; "
                "add a position from another source or set kind: attribution"
            )
        return self


class OpenQuestion(_Node):
    """A question the sources leave open."""

    id: QuestionId
    """Stable identifier, "Q1", "Q2", ..."""
    question: NonEmptyText
    """The question, ending in a question mark."""
    why: Text | None = None
    """Why the answer matters to the reader; `None` when self-evident."""
    citations: tuple[Citation, ...] = ()
    """Where the sources raise or imply the question."""
    related: tuple[ItemId, ...] = ()
    """Ids of key points, actors, disagreements, questions or sources this question bears on."""
    origin: QuestionOrigin | None = None
    """How the question arose; `None` when not recorded."""


class Memo(_Node):
    """A briefing memo: everything an exporter needs, and nothing about how it looks."""

    schema_version: Annotated[Literal[1], BeforeValidator(_as_version_number)] = SCHEMA_VERSION
    """Version of this file format; bumped only for incompatible changes."""
    title: NonEmptyText
    """Title of the memo."""
    subtitle: Text | None = None
    """One line under the title; `None` for none."""
    date: dt.date
    """Date of the memo (ISO 8601)."""
    author: Text | None = None
    """Who wrote the memo; `None` when unsigned."""
    organization: Text | None = None
    """Issuing organisation; `None` for none."""
    audience: Text | None = None
    """Who the memo is for, e.g. "Deputy Director, South Asia"; `None` when general."""
    marking: Text | None = None
    """Handling banner printed top and bottom of every page, e.g. "UNCLASSIFIED"; `None` for none."""
    summary: Text = ""
    """Bottom line up front: a short paragraph."""
    key_points: tuple[KeyPoint, ...] = ()
    """Key points, most important first."""
    actors: tuple[Actor, ...] = ()
    """Actors, most salient first."""
    disagreements: tuple[Disagreement, ...] = ()
    """Disagreements between sources, strongest first."""
    open_questions: tuple[OpenQuestion, ...] = ()
    """Questions the sources leave open, most important first."""
    sources: tuple[Source, ...] = ()
    """Every source cited anywhere in the memo."""

    def citations(self) -> Iterator[tuple[tuple[str | int, ...], Citation]]:
        """Every citation in the memo, in reading order, with its field path."""
        for i, point in enumerate(self.key_points):
            for j, citation in enumerate(point.citations):
                yield ("key_points", i, "citations", j), citation
        for i, actor in enumerate(self.actors):
            for j, citation in enumerate(actor.mentions):
                yield ("actors", i, "mentions", j), citation
        for i, disagreement in enumerate(self.disagreements):
            for k, position in enumerate(disagreement.positions):
                for j, citation in enumerate(position.citations):
                    yield ("disagreements", i, "positions", k, "citations", j), citation
        for i, question in enumerate(self.open_questions):
            for j, citation in enumerate(question.citations):
                yield ("open_questions", i, "citations", j), citation

    def source(self, source_id: str) -> Source:
        """The source with id `source_id` (which validation guarantees exists when cited)."""
        # An index kept beside the tuple it was built from: `model_copy(update=...)` copies it too,
        # so it is rebuilt whenever `sources` is no longer that same tuple.
        index = self.__dict__.get("_source_index")
        if index is None or index[0] is not self.sources:
            index = (self.sources, {s.id: s for s in self.sources})
            self.__dict__["_source_index"] = index
        return index[1][source_id]

    @model_validator(mode="after")
    def _references_resolve(self) -> Memo:
        problems = [
            InitErrorDetails(type=PydanticCustomError("reference", message), loc=loc, input=value)
            for loc, value, message in reference_problems(self.model_dump())
        ]
        if problems:
            raise ValidationError.from_exception_data("Memo", problems)
        return self


def reference_problems(data: object) -> list[tuple[tuple[str | int, ...], object, str]]:
    """Every duplicate id and dangling reference in memo data, as (field path, value, message).

    Works on plain data too (a memo file that fails other checks), so a file's reference problems
    are reported together with its other problems; malformed parts are skipped, not reported here.
    """
    memo = data if isinstance(data, dict) else {}

    def entries(section: str) -> list[tuple[int, dict]]:
        items = memo.get(section)
        return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list | tuple) else []

    def cited(items: object) -> list[tuple[int, dict]]:
        return [(j, c) for j, c in enumerate(items) if isinstance(c, dict)] if isinstance(items, list | tuple) else []

    ids = [((section, i, "id"), item.get("id")) for section in SECTIONS for i, item in entries(section)]
    counts = Counter(item_id for _, item_id in ids if isinstance(item_id, str))
    known = set(counts)
    source_ids = {item.get("id") for _, item in entries("sources")}
    actor_ids = {item.get("id") for _, item in entries("actors")}
    problems = [
        (loc, item_id, f"id {item_id} is used {counts[item_id]} times; give each item its own id")
        for loc, item_id in ids
        if isinstance(item_id, str) and counts[item_id] > 1
    ]
    references: list[tuple[tuple[str | int, ...], object, str, set]] = []
    for field, section in (("citations", "key_points"), ("mentions", "actors"), ("citations", "open_questions")):
        for i, item in entries(section):
            for j, citation in cited(item.get(field)):
                references.append(((section, i, field, j, "source"), citation.get("source"), "source", source_ids))
    for i, item in entries("disagreements"):
        for k, position in cited(item.get("positions")):
            references.append((("disagreements", i, "positions", k, "source"), position.get("source"), "source", source_ids))
            for j, citation in cited(position.get("citations")):
                references.append((("disagreements", i, "positions", k, "citations", j, "source"),
                                   citation.get("source"), "source", source_ids))
    for i, item in entries("actors"):
        if item.get("affiliation") is not None:
            references.append((("actors", i, "affiliation"), item.get("affiliation"), "actor", actor_ids))
    for i, item in entries("open_questions"):
        related = item.get("related")
        for j, ref in enumerate(related if isinstance(related, list | tuple) else ()):
            references.append((("open_questions", i, "related", j), ref, "item", known))
    for loc, value, what, targets in references:
        if isinstance(value, str) and value not in targets:
            problems.append((loc, value, _unknown(what, value, {t for t in targets if isinstance(t, str)})))
    return problems


SECTIONS = ("key_points", "actors", "disagreements", "open_questions", "sources")


def _unknown(what: str, value: str, known: set[str]) -> str:
    choices = ", ".join(sorted(known, key=_id_order)) or "none defined"
    return f"no {what} has id {value} (known: {choices}); fix the id or add the {what}"


def _id_order(item_id: str) -> tuple[str, int]:
    return item_id[0], int(item_id[1:])
