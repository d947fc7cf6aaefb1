"""Limits that keep a hostile or mistaken input from exhausting memory or time.

Every limit is a `SourceError` naming the file and the limit when it is hit; the command line
lets the user raise them.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class IngestLimits:
    """The largest inputs ingestion accepts; exceeding one is a `SourceError` naming the limit."""

    max_file_bytes: int = 50 * MIB
    """Bytes read from one source file."""
    max_chars: int = 2_000_000
    """Characters of cleaned text in one source (about 300,000 words)."""
    max_paragraphs: int = 50_000
    """Paragraphs (and headings, and table rows) of one source."""
    max_pdf_pages: int = 1_000
    """Pages of one PDF."""
    max_zip_members: int = 2_000
    """Members of one DOCX archive."""
    max_zip_bytes: int = 200 * MIB
    """Declared uncompressed size of all members of one DOCX archive together."""
    max_zip_member_bytes: int = 100 * MIB
    """Declared uncompressed size of one DOCX archive member."""
    max_zip_ratio: int = 100
    """Uncompressed-to-compressed size ratio allowed for a DOCX member larger than 1 MiB."""
    max_sources: int = 10_000
    """Source files in one run."""
    max_seconds: float | None = 120
    """Wall-clock seconds to read one source; `None` for no limit (and no child process)."""
    max_memory_bytes: int | None = 2048 * MIB
    """Memory the reading of one source may add; `None` for no limit."""
