"""Source ingestion: the only place source documents are read.

`load_sources` finds the files named by the user (files, folders, globs), reads each with
`read_source`, and numbers them S1, S2, ... in order. `sniff` refuses a file whose content is not
what its name says (a 403 page saved as .pdf); each format reader (`text_reader`, `html_reader`,
`docx_reader`, `pdf_reader`) extracts paragraphs; `cleaning` decodes and cleans every character
on the way in; `structure` removes clutter, sets the headline apart and types the blocks. Parsing
runs in a child process with a time and a memory limit (`memo.bounded`). The result is
deterministic: the same file always gives the same text and SHA-256, which `memo check` relies on
to verify quotes.

Names are imported on first use: `memo.ingest.limits` and `memo.ingest.files`, which the memo-file
and render paths need, must not pay for the readers and their libraries.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "load_sources": "memo.ingest.sources", "read_source": "memo.ingest.sources", "Progress": "memo.ingest.sources",
    "SUFFIXES": "memo.ingest.files", "IngestLimits": "memo.ingest.limits",
    "SourceMetadata": "memo.ingest.metadata", "Block": "memo.ingest.source_text", "SourceText": "memo.ingest.source_text",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'memo.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(_API[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
