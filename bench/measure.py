"""Whole-process measurement: wall time, CPU time and peak RSS of one command, and their summaries.

Wall time is a monotonic clock around spawn and reap; CPU time and peak RSS come from `os.wait4`,
the same kernel accounting GNU `time -v` prints as "Maximum resident set size" (the largest single
process among the command and the children it waited for).
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass(frozen=True)
class Run:
    """One timed run of a command."""

    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    exit_code: int
    error: str | None = None
    """Why the run failed (exit status and the last line of stderr, or a timeout); None if it worked."""


def run_once(argv: list[str], output: Path | None = None, timeout_s: float | None = None,
             cwd: Path | None = None) -> Run:
    """Run `argv` to completion and measure it; a missing `output` or a non-zero exit is a failure."""
    if output is not None and output.exists():
        output.unlink()
    with tempfile.TemporaryFile() as stderr:
        start = time.monotonic()
        # A session of its own, so a timeout kills the whole tree (soffice starts soffice.bin).
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                                   cwd=cwd, start_new_session=True)
        killed = threading.Event()
        timer = threading.Timer(timeout_s, _kill_group, (process.pid, killed)) if timeout_s else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        if timer:
            timer.cancel()
        # wait4 reaped the child: tell Popen, or it warns that the child is still running.
        process.returncode = code = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = _last_line(stderr.read().decode("utf-8", "replace"))
    error = None
    if killed.is_set():
        error = f"timed out after {timeout_s:.0f} s"
    elif code != 0:
        error = f"exit {code}" + (f": {tail}" if tail else "")
    elif output is not None and not output.exists():
        error = f"exit 0 but {output.name} was not written" + (f": {tail}" if tail else "")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, error)


def _kill_group(pid: int, killed: threading.Event) -> None:
    killed.set()
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


@dataclass(frozen=True)
class Summary:
    """Medians and spread of the successful runs of one command."""

    runs: int
    wall_median_s: float
    wall_min_s: float
    wall_max_s: float
    cpu_median_s: float
    peak_rss_mib: float
    """The largest peak RSS of any run."""


def summarize(runs: list[Run]) -> Summary:
    """The summary of `runs` (all of which succeeded)."""
    walls = [r.wall_s for r in runs]
    return Summary(len(runs), statistics.median(walls), min(walls), max(walls),
                   statistics.median(r.cpu_s for r in runs), max(r.peak_rss_mib for r in runs))


def as_dict(value: Run | Summary) -> dict:
    """A run or summary as JSON-ready data."""
    return asdict(value)


def pdf_pages(path: Path) -> int | None:
    """Number of pages of the PDF at `path`, or None when it cannot be read."""
    try:
        return len(PdfReader(path).pages)
    except Exception:  # noqa: BLE001 - a broken PDF is reported as "no page count", not a crash
        return None


def tool_version(argv: list[str], cwd: Path | None = None) -> str | None:
    """First line a tool prints for `argv` (its version option), or None when it cannot run."""
    if shutil.which(argv[0]) is None and not Path(argv[0]).exists():
        return None
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else None
