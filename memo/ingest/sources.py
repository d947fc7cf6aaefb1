"""Finding and reading source files: `load_sources` and `read_source` (see `memo.ingest`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from memo.errors import MissingInputError, SourceError
from memo.bounded import run_bounded
from memo.ingest.files import (
    METADATA_FILE,
    SUFFIXES,
    find_source_files,
    read_file_bytes,
)
from memo.ingest.limits import IngestLimits
from memo.ingest.metadata import SourceMetadata, load_metadata_file
from memo.ingest.sniff import check_content
from memo.ingest.source_text import SourceText
from memo.ingest.structure import RawDocument, build_source_text

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)`; ingestion reports stage "reading" after each source."""

Reader = Callable[[bytes, str], RawDocument]
"""A format reader with its options bound: `reader(data, where)`."""


_UNDECODABLE_NAME = re.compile("[\udc80-\udcff]")
"""What `os.fsdecode` makes of bytes in a file name that are not UTF-8."""
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f]")


def load_sources(
    paths: Sequence[Path | str], *, limits: IngestLimits = IngestLimits(), recursive: bool = False,
    progress: Progress | None = None, password: str | None = None,
) -> list[SourceText]:
    """Read every source named by `paths` (files, folders, globs) as S1, S2, ... in order.

    Arguments keep their order; the files of a folder or glob are sorted by name; subfolders are
    read only with `recursive`. A `sources.yaml` beside a file supplies or overrides its metadata.
    `password` opens encrypted PDFs.
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
        texts.append(read_source(path, overrides[folder].get(path.name), f"S{number}", limits, password=password))
        if progress is not None:
            progress("reading", number, len(files))
    return texts


def read_source(
    path: Path | str, metadata: SourceMetadata | None = None, source_id: str = "S1",
    limits: IngestLimits = IngestLimits(), *, password: str | None = None,
) -> SourceText:
    """Read one source file; `metadata` overrides what the file says about itself.

    The text depends only on the file's bytes, never on `metadata`, so reading the same file again
    (as `memo check` does) rebuilds the same text. `password` opens an encrypted PDF.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(
            f"{path} has an unsupported format ({path.suffix or 'no suffix'}); "
            f"convert it to one of {', '.join(SUFFIXES)}"
        )
    where = str(path)
    if _UNDECODABLE_NAME.search(where):
        # The memo file records the path as UTF-8 text, from which this name could not be found again.
        raise SourceError(
            f"{os.fsencode(where).decode('utf-8', 'replace')}: the file name is not UTF-8 (it was made on a "
            "system with another encoding); rename the file"
        )
    if _CONTROL_IN_NAME.search(where):
        # A line break in a name would split every one-line message about the file in two.
        shown = _CONTROL_IN_NAME.sub(lambda match: f"\\x{ord(match.group()):02x}", where)
        raise SourceError(f"{shown}: the file name contains a control character (a line break?); rename the file")
    data = read_file_bytes(path, limits)
    if not data.strip():
        raise SourceError(f"{path} is empty; give a file with text in it")
    check_content(data, suffix, where)
    reader = _reader(suffix, limits, password)
    return run_bounded(
        _parse, reader, data, path, metadata, source_id, limits,
        where=where, seconds=limits.max_seconds, memory_bytes=limits.max_memory_bytes,
    )


def _reader(suffix: str, limits: IngestLimits, password: str | None) -> Reader:
    """The reader of `suffix`, imported here (before the child process starts, so only once)."""
    # Readers are imported on first use: trafilatura, pypdf and lxml take most of a second to
    # import, which analysis modules importing `SourceText` should not pay.
    if suffix == ".pdf":
        from memo.ingest.pdf_reader import read_pdf

        return lambda data, where: read_pdf(data, where, limits, password)
    if suffix == ".docx":
        from memo.ingest.docx_reader import read_docx

        return lambda data, where: read_docx(data, where, limits)
    if suffix in (".html", ".htm"):
        from memo.ingest.html_reader import read_html

        return read_html
    from memo.ingest.text_reader import read_text

    return lambda data, where: read_text(data, where, markdown=suffix != ".txt")


def _parse(
    reader: Reader, data: bytes, path: Path, metadata: SourceMetadata | None, source_id: str, limits: IngestLimits,
) -> SourceText:
    """The part of reading a source that parses its bytes (run in a child process)."""
    document = reader(data, str(path))
    return build_source_text(document, path=path, source_id=source_id, overrides=metadata, limits=limits)
