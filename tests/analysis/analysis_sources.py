"""Cleaned `SourceText`s built from inline strings, for the analysis tests that pin down what
analysis does with a given text whatever ingestion would strip (the seed tests use ingestion)."""

from __future__ import annotations

import hashlib
import re

from memo.ingest.source_text import Block, SourceText
from memo.model import Source

_CLOSED = re.compile(r"[.!?…][\"”’')\]]*$")


def make_source(text: str, source_id: str = "S1", title: str | None = None) -> SourceText:
    """A `SourceText` whose blocks are the blank-line-separated parts of `text`.

    A part without closing punctuation is a heading, as ingestion marks headlines and subheads.
    """
    blocks = []
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        part = match.group()
        if part.strip():
            kind = "paragraph" if _CLOSED.search(part.strip()) else "heading"
            blocks.append(Block(start=match.start(), end=match.end(), kind=kind))
    source = Source(id=source_id, title=title or f"Article {source_id}",
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    return SourceText(source=source, text=text, blocks=tuple(blocks))
