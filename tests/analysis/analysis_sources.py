"""Cleaned `SourceText`s for the analysis tests, built from inline strings and from the seeds.

Ingestion is not used here on purpose: these tests pin down what analysis does with a given
cleaned text, whatever ingestion decides to strip.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from memo.ingest.source_text import Block, SourceText
from memo.model import Source

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

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


def seed_source(path: Path, source_id: str) -> SourceText:
    """A seed article cleaned by hand-written rules: title line out, dateline and footer out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].strip()
    kept = []
    for line in lines[1:]:
        line = line.strip()
        if not line.strip("\u00a0 ") or line.startswith("Comments are closed"):
            continue
        # "US – Afghanistan -(Special Correspondent / Web Desk) – Despite ..." opens with a dateline.
        line = re.sub(r"^[^.()]{0,40}\([^)]*\)\s*[–—-]\s*", "", line)
        kept.append(line)
    return make_source("\n\n".join(kept), source_id, title)
