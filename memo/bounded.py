"""Running a parser (or a writer) in a child process, with a wall-clock and a memory limit.

Sources are parsed by third-party code (pypdf, lxml, trafilatura, markdown-it) that files can be
built to stall or exhaust: a PDF page of millions of operators, a web page of millions of
elements, a stream that inflates to gigabytes. `run_bounded` forks, lowers the child's
address-space limit, runs the function there and sends its result (or exception) back through
a pipe; when the time is up the parent kills the child. A crash of native code in the child
(a segfault) becomes an error about the file instead of killing the whole run.

The same holds for writing: an exporter laying out a pathological memo can be bounded the same
way, with an `ExportError` as the error. Where `os.fork` does not exist (Windows), the function
runs in this process without limits.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import select
import signal
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Generic, TypeVar

from memo.errors import MemoError, SourceError

try:
    import resource
except ImportError:  # not on Windows
    resource = None  # type: ignore[assignment]

T = TypeVar("T")

_CHUNK = 1 << 20
_MIB = 1 << 20


def run_bounded(
    function: Callable[..., T], *args: object, where: str, seconds: float | None, memory_bytes: int | None,
    error: type[MemoError] = SourceError, task: str = "read", advice: str = "split it or raise the limit",
) -> T:
    """`function(*args)`, run in a child process for at most `seconds`, using at most `memory_bytes` more.

    Exceptions raised by `function` are raised here; a child that runs out of time or memory,
    or dies, becomes an `error` naming `where`, the `task` ("read", "write") and the limit.
    """
    return start_bounded(function, *args, where=where, seconds=seconds, memory_bytes=memory_bytes,
                         error=error, task=task, advice=advice).result()


class Bounded(Generic[T]):
    """A call started by `start_bounded`: `result()` waits for it, `stop()` gives it up."""

    def __init__(self, wait: Callable[[], T], stop: Callable[[], None] = lambda: None) -> None:
        self._wait = wait
        self._stop = stop
        self._over = False

    def result(self) -> T:
        """The value of the call, or its error, once it has finished or run out of time."""
        self._over = True
        return self._wait()

    def stop(self) -> None:
        """Kill the call's child process, unless its result was already asked for."""
        if not self._over:
            self._over = True
            self._stop()


def start_bounded(
    function: Callable[..., T], *args: object, where: str, seconds: float | None, memory_bytes: int | None,
    error: type[MemoError] = SourceError, task: str = "read", advice: str = "split it or raise the limit",
) -> Bounded[T]:
    """`run_bounded`, started but not awaited, so that several children can run at once.

    Without `os.fork` or without limits, `function` runs here and now (and its error is raised here).
    """
    if not hasattr(os, "fork") or (seconds is None and memory_bytes is None):
        value = function(*args)
        return Bounded(lambda: value)
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads may deadlock the child; the
        # child here only parses bytes in memory and never takes a lock another thread may hold.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which reports through the pipe
        os.close(read_end)
        _child(write_end, function, args, memory_bytes)
    os.close(write_end)
    deadline = None if seconds is None else time.monotonic() + seconds

    def wait() -> T:
        try:
            data, timed_out = _read_until(read_end, deadline)
        finally:
            os.close(read_end)
            status = _reap(pid)
        if timed_out:
            raise error(f"{where} took longer than the limit of {seconds:g} s to {task}; {advice}")
        if not data:
            raise error(_died(where, status, memory_bytes, task))
        outcome = pickle.loads(data)
        if outcome[0] == "result":
            return outcome[1]
        _, raised, child_traceback = outcome
        if isinstance(raised, MemoryError):
            raise error(_out_of_memory(where, memory_bytes, task)) from None
        if not isinstance(raised, MemoError):
            # A bug: keep the child's traceback for `--debug`.
            raised.add_note(f"Raised in the child process that had to {task} {where}:\n{child_traceback}")
        raise raised

    def stop() -> None:
        os.close(read_end)
        _reap(pid)

    return Bounded(wait, stop)


def _child(write_end: int, function: Callable, args: tuple, memory_bytes: int | None) -> None:  # pragma: no cover
    """Run `function` and write the pickled outcome; never returns to the caller's code."""
    status = 0
    try:
        # The parent handles Ctrl-C; a child that got it too would report an interruption as an error.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # The parent reports a crash in one line; a fault handler would also dump the child's stack.
        faulthandler.disable()
        if memory_bytes is not None:
            _limit_memory(memory_bytes)
        try:
            outcome: tuple = ("result", function(*args))
        except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the parent
            outcome = ("error", exc, traceback.format_exc())
        try:
            data = pickle.dumps(outcome)
        except Exception:  # noqa: BLE001 - an unpicklable exception still reports its text
            error = outcome[1] if outcome[0] == "error" else None
            data = pickle.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}"), outcome[-1]))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view[:_CHUNK]):]
    except BaseException:  # noqa: BLE001 - out of memory while reporting: the parent sees no data
        status = 1
    finally:
        os._exit(status)


def _limit_memory(extra: int) -> None:  # pragma: no cover - runs in the child
    """Cap the address space at what the process uses now plus `extra` bytes."""
    if resource is None:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # no way to know the baseline (not Linux): leave memory unbounded
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = in_use + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _read_until(fd: int, deadline: float | None) -> tuple[bytes, bool]:
    """Everything written to `fd` until it closes, and whether the `deadline` (monotonic) passed first."""
    chunks = []
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return b"", True
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return b"", True
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _reap(pid: int) -> int:
    """Kill the child if it still runs (its time is up, or it has finished), and its wait status."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, status = os.waitpid(pid, 0)
    return status


def _died(where: str, status: int, memory_bytes: int | None, task: str) -> str:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
        return (
            f"{where}: the process that had to {task} it crashed (signal {os.WTERMSIG(status)}); the file is "
            "damaged or built to crash parsers — re-save or print it to a new file"
        )
    return _out_of_memory(where, memory_bytes, task)


def _out_of_memory(where: str, memory_bytes: int | None, task: str) -> str:
    if memory_bytes is None:
        return f"{where} needs more memory to {task} than this machine could give; split it"
    return f"{where} needs more than the limit of {memory_bytes // _MIB:,} MiB of memory to {task}; raise the limit"
