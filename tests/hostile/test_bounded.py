"""The child process that parses sources: results and errors come back; stalls, floods and crashes stop."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from memo.errors import ExportError, SourceError
from memo.bounded import run_bounded
from memo.ingest.limits import MIB


def bounded(function, *args, seconds=10.0, memory_bytes=None, **options):
    return run_bounded(function, *args, where="source.pdf", seconds=seconds, memory_bytes=memory_bytes, **options)


def test_a_large_result_comes_back_whole():
    text = "Kabul " * 1_000_000
    assert bounded(str.upper, text) == text.upper()


def test_a_toolkit_error_comes_back_as_it_was_raised():
    def refuse() -> None:
        raise SourceError("source.pdf is encrypted with a password")

    with pytest.raises(SourceError, match="^source.pdf is encrypted with a password$"):
        bounded(refuse)


def test_a_bug_comes_back_with_its_type_and_the_childs_traceback():
    with pytest.raises(ZeroDivisionError) as raised:
        bounded(lambda: 1 / 0)
    assert "Raised in the child process that had to read source.pdf" in raised.value.__notes__[0]
    assert "ZeroDivisionError" in raised.value.__notes__[0]


def test_a_stall_is_stopped_at_the_time_limit():
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"^source\.pdf took longer than the limit of 0\.5 s to read; split it or raise the limit$"):
        bounded(time.sleep, 30, seconds=0.5)
    assert time.monotonic() - started < 5


def test_a_writer_is_bounded_with_its_own_error_and_advice():
    with pytest.raises(ExportError, match=r"took longer than the limit of 0\.5 s to write; shorten the memo"):
        bounded(time.sleep, 30, seconds=0.5, error=ExportError, task="write", advice="shorten the memo")


def test_memory_beyond_the_limit_is_an_error_naming_the_limit():
    with pytest.raises(SourceError, match=r"needs more than the limit of 64 MiB of memory to read; raise the limit"):
        bounded(lambda: bytearray(512 * MIB), memory_bytes=64 * MIB)


def test_a_crash_of_native_code_is_an_error_about_the_file_not_the_end_of_the_run():
    with pytest.raises(SourceError, match=r"the process that had to read it crashed \(signal 11\)"):
        bounded(lambda: os.kill(os.getpid(), signal.SIGSEGV))


def test_it_works_from_a_thread_as_well():
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(bounded(sum, [1, 2, 3])))
    worker.start()
    worker.join(30)
    assert results == [6]


def test_without_limits_the_function_runs_here():
    pid = os.getpid()
    assert run_bounded(os.getpid, where="x", seconds=None, memory_bytes=None) == pid
    assert bounded(os.getpid) != pid
