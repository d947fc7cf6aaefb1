"""Finding source files (files, folders, globs) and reading their bytes safely.

Only regular files are read: a FIFO, a device or a folder given as a file is refused without
blocking, because the file is opened non-blocking and checked with `fstat` before any read. Reads
stop one byte past the size limit, so a file that grows while being read cannot exhaust memory.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from memo.errors import MissingInputError, SourceError
from memo.ingest.limits import IngestLimits

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
"""File suffixes ingestion reads (compared case-insensitively)."""

METADATA_FILE = "sources.yaml"
_NOT_SOURCES = frozenset({"memo.yaml", "memo.yml", METADATA_FILE, "sources.yml"})
_GLOB_CHARS = frozenset("*?[")
_CHUNK = 1024 * 1024


def find_source_files(args: Sequence[Path | str], *, recursive: bool = False) -> list[Path]:
    """The source files named by `args`, in argument order, each folder or glob sorted by name.

    A file named twice is kept once, at its first place.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for arg in args:
        for path in _expand(arg, recursive):
            key = Path(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _expand(arg: Path | str, recursive: bool) -> Iterator[Path]:
    path = Path(arg)
    text = str(arg)
    if path.is_dir():
        files = list(_folder_files(path, recursive))
        if not files:
            raise MissingInputError(
                f"{text} contains no source files ({', '.join(SUFFIXES)})"
                + ("" if recursive else "; to read its subfolders too, ask for a recursive search")
            )
        yield from files
    elif os.path.lexists(path):
        yield path
    elif _GLOB_CHARS & set(text):
        matches = sorted(
            Path(m) for m in glob.glob(text, recursive=recursive)
            if _is_source_name(Path(m).name) and not os.path.isdir(m)
        )
        if not matches:
            raise MissingInputError(f"no source file matches {text}; check the pattern")
        yield from matches
    else:
        raise MissingInputError(f"{text} does not exist; check the path")


def _folder_files(folder: Path, recursive: bool) -> Iterator[Path]:
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_file() and _is_source_name(entry.name):
            yield folder / entry.name
    if recursive:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                yield from _folder_files(folder / entry.name, recursive)


def _is_source_name(name: str) -> bool:
    # "~$x.docx" is Word's lock file for an open x.docx, not a document.
    return (
        not name.startswith((".", "~$"))
        and name.lower() not in _NOT_SOURCES
        and name.lower().endswith(SUFFIXES)
    )


class SpecialFileError(OSError):
    """The path names something other than a regular file (a folder, a FIFO, a device...)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        #: What it is instead, e.g. "a FIFO".
        self.kind = kind


class FileTooLargeError(OSError):
    """The file holds more bytes than allowed."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        #: Its size, or the number of bytes read when reading stopped.
        self.size = size


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file `path`, without ever blocking or reading past `max_bytes`.

    Raises `SpecialFileError` for anything but a regular file, `FileTooLargeError` past the limit,
    and `OSError` (e.g. `FileNotFoundError`) when it cannot be opened.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise SpecialFileError("a folder") from None
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):
            raise SpecialFileError("a socket") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SpecialFileError(_kind(info.st_mode))
        if info.st_size > max_bytes:
            raise FileTooLargeError(info.st_size)
        # The file is regular, so reads do not block; clear the flag anyway for network filesystems.
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise FileTooLargeError(total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_file_bytes(path: Path, limits: IngestLimits) -> bytes:
    """The bytes of the source file `path`, refusing special files and files over the limit."""
    try:
        return read_regular_file(path, limits.max_file_bytes)
    except FileNotFoundError:
        raise MissingInputError(f"{path} does not exist; check the path") from None
    except SpecialFileError as exc:
        if exc.kind == "a folder":
            raise SourceError(f"{path} is a folder, not a file; give the folder to read the files in it") from None
        raise SourceError(f"{path} is not a regular file ({exc.kind}); give a document file") from None
    except FileTooLargeError as exc:
        raise SourceError(
            f"{path} is larger than the limit of {limits.max_file_bytes:,} bytes ({exc.size:,} bytes or more); "
            "split it or raise the limit"
        ) from None
    except OSError as exc:
        raise MissingInputError(f"{path} cannot be read ({exc.strerror}); check its permissions") from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
