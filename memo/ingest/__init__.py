"""Source ingestion: the only place source documents are read.

`load_sources` finds the files named by the user (files, folders, globs), reads each with
`read_source`, and numbers them S1, S2, ... in order. Each format reader (`text_reader`,
`html_reader`, `docx_reader`, `pdf_reader`) extracts paragraphs; `cleaning` decodes and cleans
every character on the way in; `structure` removes clutter, sets the headline apart and types the
blocks. The result is deterministic: the same file always gives the same text and SHA-256, which
`memo check` relies on to verify quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from memo.errors import MissingInputError, SourceError
from memo.ingest.docx_reader import read_docx
from memo.ingest.files import (
    METADATA_FILE,
    SUFFIXES,
    find_source_files,
    read_file_bytes,
)
from memo.ingest.html_reader import read_html
from memo.ingest.limits import IngestLimits
from memo.ingest.metadata import SourceMetadata, load_metadata_file
from memo.ingest.pdf_reader import read_pdf
from memo.ingest.source_text import Block, SourceText
from memo.ingest.structure import RawDocument, build_source_text
from memo.ingest.text_reader import read_text

__all__ = [
    "SUFFIXES", "Block", "IngestLimits", "Progress", "SourceMetadata", "SourceText",
    "load_sources", "read_source",
]

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)`; ingestion reports stage "reading" after each source."""

_READERS: dict[str, Callable[[bytes, str, IngestLimits], RawDocument]] = {
    ".txt": lambda data, where, limits: read_text(data, where, markdown=False),
    ".md": lambda data, where, limits: read_text(data, where, markdown=True),
    ".markdown": lambda data, where, limits: read_text(data, where, markdown=True),
    ".html": lambda data, where, limits: read_html(data, where),
    ".htm": lambda data, where, limits: read_html(data, where),
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def load_sources(
    paths: Sequence[Path | str], *, limits: IngestLimits = IngestLimits(), recursive: bool = False,
    progress: Progress | None = None,
) -> list[SourceText]:
    """Read every source named by `paths` (files, folders, globs) as S1, S2, ... in order.

    Arguments keep their order; the files of a folder or glob are sorted by name; subfolders are
    read only with `recursive`. A `sources.yaml` beside a file supplies or overrides its metadata.
    """
    if not paths:
        raise MissingInputError("no sources given; name source files or a folder of them")
    files = find_source_files(paths, recursive=recursive)
    if len(files) > limits.max_sources:
        raise SourceError(
            f"{len(files):,} source files found, more than the limit of {limits.max_sources:,}; "
            "give fewer files or raise the limit"
        )
    overrides: dict[Path, dict[str, SourceMetadata]] = {}
    texts = []
    for number, path in enumerate(files, start=1):
        folder = path.parent
        if folder not in overrides:
            metadata_file = folder / METADATA_FILE
            overrides[folder] = load_metadata_file(metadata_file) if metadata_file.is_file() else {}
        texts.append(read_source(path, overrides[folder].get(path.name), f"S{number}", limits))
        if progress is not None:
            progress("reading", number, len(files))
    return texts


def read_source(
    path: Path | str, metadata: SourceMetadata | None = None, source_id: str = "S1",
    limits: IngestLimits = IngestLimits(),
) -> SourceText:
    """Read one source file; `metadata` overrides what the file says about itself.

    The text depends only on the file's bytes, never on `metadata`, so reading the same file again
    (as `memo check` does) rebuilds the same text.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(
            f"{path} has an unsupported format ({path.suffix or 'no suffix'}); "
            f"convert it to one of {', '.join(SUFFIXES)}"
        )
    data = read_file_bytes(path, limits)
    if not data.strip():
        raise SourceError(f"{path} is empty; give a file with text in it")
    document = reader(data, str(path), limits)
    return build_source_text(document, path=path, source_id=source_id, overrides=metadata, limits=limits)
