"""What ingestion hands to analysis: one cleaned text per source, with its metadata and structure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from memo.errors import Diagnostic
from memo.model import Source

BlockKind = Literal["paragraph", "heading"]


@dataclass(frozen=True)
class Block:
    """One paragraph or heading of a source text, as character offsets into `SourceText.text`."""

    start: int
    end: int
    kind: BlockKind
    """"heading" for decks and subheads (short lines without closing punctuation); the headline
    itself is `source.title`, not part of the text."""


@dataclass(frozen=True)
class SourceText:
    """A source ready for analysis: metadata, cleaned body text, and its blocks.

    `text` is what citations point into: `source.sha256` is its UTF-8 SHA-256, and re-reading the
    same file always rebuilds the same text, so `memo check` can verify every quote.
    """

    source: Source
    text: str
    blocks: tuple[Block, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    """Warnings met while reading (encoding guessed, characters removed, clutter dropped...)."""

    def block_text(self, block: Block) -> str:
        """The text of one block."""
        return self.text[block.start:block.end]
