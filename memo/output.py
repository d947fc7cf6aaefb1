"""Writing output files safely: atomically, never through a symlink, never over an input.

A memo is written to a temporary file beside its final name and renamed over it only once
complete, so a reader never opens half a memo. When writing fails, the temporary file and any
older file of the same name are removed: a stale memo left in place would look like the result of
the run that just failed.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from memo.errors import OutputError

MAX_NAME_BYTES = 200
"""Longest file name written (file systems allow 255 bytes; the temporary name needs some more)."""

# Failures of the file system, not of the writer: reported as "cannot write output" (exit 73).
_WRITE_ERRNOS = frozenset({
    errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM,
    errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR,
})


def refuse_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Raise `OutputError` if `output` is one of `inputs` (the same file under any name)."""
    for source in inputs:
        try:
            same = output.exists() and os.path.samefile(output, source)
        except (OSError, ValueError):
            same = False
        if same:
            raise OutputError(f"{output} is an input file ({source}); refusing to overwrite it — choose another -o")


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path` (see `atomic_file`)."""
    with atomic_file(path) as tmp:
        write(tmp)


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write; renamed over `path` when the block ends normally.

    Refuses to write through a symlink or onto a directory; when the block raises, no file is left
    behind and any older file at `path` is removed, so a stale memo never looks fresh.
    """
    _check_name(path)
    try:
        if path.is_symlink():
            raise OutputError(f"{path} is a symbolic link; refusing to write through it — remove it or choose another name")
        if path.is_dir():
            raise OutputError(f"{path} is a directory; give a file name with -o")
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem[:40]}-", suffix=path.suffix, dir=folder)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            f"cannot write to {path.parent}: a file stands where a folder is needed; choose another output folder"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent} ({exc.strerror}); choose another output folder") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates the file private (0600); give the memo the user's usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        for leftover in (tmp, path):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS:
            raise OutputError(f"cannot write {path} ({exc.strerror}); no memo was written — free space or "
                              "choose another output folder") from None
        raise


def _check_name(path: Path) -> None:
    """Refuse names no file system takes, with a message instead of a low-level error."""
    text = str(path)
    if "\x00" in text:
        raise OutputError(f"{text!r}: a file name cannot contain a NUL character; choose another name")
    size = len(os.fsencode(path.name))
    if size > MAX_NAME_BYTES:
        raise OutputError(
            f"{path.name[:40]}…: the file name is {size} bytes long, more than the {MAX_NAME_BYTES} memo writes; "
            "choose a shorter name"
        )
