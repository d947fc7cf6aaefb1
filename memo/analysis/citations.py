"""Span helpers: turn character ranges of a source text into verbatim `Citation`s."""

from __future__ import annotations

from memo.model import Citation

# Characters a quote should neither start nor end with: spacing, and punctuation that only
# joins the quote to its surroundings.
_EDGE_SPACE = " \t\r\n\u00a0\u2009\u200a\u202f"
_TRAILING_JOINERS = ",;:–—-"


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink `start:end` so that it neither starts nor ends with spacing or a joining comma."""
    while start < end and text[start] in _EDGE_SPACE:
        start += 1
    while end > start and (text[end - 1] in _EDGE_SPACE or text[end - 1] in _TRAILING_JOINERS):
        end -= 1
    return start, end


def cite(source_id: str, text: str, start: int, end: int) -> Citation:
    """A citation of `text[start:end]` (trimmed), whose quote is verbatim by construction."""
    start, end = trim_span(text, start, end)
    if start >= end:
        raise ValueError(f"empty citation span {start}:{end} in {source_id}")
    citation = Citation(source=source_id, quote=text[start:end], start=start, end=end)
    # The model NFC-normalises quotes; a source text that is not NFC would silently shift them.
    if citation.quote != text[start:end]:
        raise ValueError(
            f"quote {start}:{end} of {source_id} changed under NFC normalisation; "
            "source texts must be NFC-normalised before analysis"
        )
    return citation
