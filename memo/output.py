"""Writing output files safely: atomically, never through a symlink, never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from memo.errors import OutputError


def refuse_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Raise `OutputError` if `output` is one of `inputs` (the same file under any name)."""
    for source in inputs:
        try:
            same = output.exists() and os.path.samefile(output, source)
        except OSError:
            same = False
        if same:
            raise OutputError(f"{output} is an input file ({source}); refusing to overwrite it — choose another -o")


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path`.

    Refuses to write through a symlink or onto a directory; on failure no file is left behind
    and any older file at `path` is removed, so a stale memo never looks fresh.
    """
    if path.is_symlink():
        raise OutputError(f"{path} is a symbolic link; refusing to write through it — remove it or choose another name")
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name with -o")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write to {folder} ({exc.strerror}); choose another output folder") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # mkstemp creates the file private (0600); give the memo the user's usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        raise
