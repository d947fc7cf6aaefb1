"""Hostile and broken source files: each is read into verified text or refused with its exact error.

The corpus (`make_corpus.CASES`) covers encodings, characters, special files, size limits,
Markdown, HTML, Word and PDF. Every case runs in a thread with a deadline, so a regression that
hangs (a FIFO read, a parser loop) fails the test instead of stalling the suite.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
from make_corpus import BODY, CANARY, CASES, Case, Read, Refused

from memo.errors import MemoError, SourceError
from memo.ingest import IngestLimits, SourceText, load_sources, read_source

DEADLINE = 60.0
"""Seconds any one hostile source may take, whatever happens (the slowest takes about 3)."""


def read_with_deadline(path: Path, **options) -> SourceText | BaseException:
    """`read_source(path)`, or what it raised; fails the test if it has not returned by the deadline."""
    outcome: list[SourceText | BaseException] = []

    def run() -> None:
        try:
            outcome.append(read_source(path, **options))
        except BaseException as exc:  # noqa: BLE001 - the test inspects whatever was raised
            outcome.append(exc)

    reader = threading.Thread(target=run, daemon=True)
    reader.start()
    reader.join(DEADLINE)
    assert not reader.is_alive(), f"reading {path.name} did not finish within {DEADLINE} s"
    return outcome[0]


@pytest.mark.parametrize("case", CASES, ids=[ascii(case.name).strip("'") for case in CASES])
def test_each_hostile_source_is_read_or_refused_as_its_case_says(corpus, case: Case):
    outcome = read_with_deadline(corpus / case.name, limits=case.limits, password=case.password)
    expect = case.expect
    if isinstance(expect, Refused):
        assert isinstance(outcome, MemoError), f"{case.name} was not refused: {outcome!r}"
        assert type(outcome) is expect.error
        message = str(outcome)
        assert re.search(expect.match, message), message
        assert "\n" not in message, "an error is one line"
        return
    assert isinstance(outcome, SourceText), f"{case.name} was refused: {outcome!r}"
    for text in expect.contains:
        assert text in outcome.text
    for text in expect.excludes:
        assert text not in outcome.text and text not in outcome.source.title
    diagnostics = [str(d) for d in outcome.diagnostics]
    for pattern in expect.warns:
        assert any(re.search(pattern, d) for d in diagnostics), f"no diagnostic matches {pattern!r}: {diagnostics}"
    if expect.quiet:
        assert [d for d in outcome.diagnostics if d.severity == "warning"] == []
    if expect.title is not None:
        assert outcome.source.title == expect.title


def test_the_corpus_has_at_least_fifty_hostile_files_with_distinct_names():
    names = [case.name for case in CASES]
    assert len(names) >= 50
    assert len(set(names)) == len(names)


def test_both_outcomes_and_every_format_are_covered():
    refused = {Path(c.name).suffix for c in CASES if isinstance(c.expect, Refused)}
    read = {Path(c.name).suffix for c in CASES if isinstance(c.expect, Read)}
    assert refused >= {".txt", ".md", ".html", ".docx", ".pdf"}
    assert read >= {".txt", ".md", ".html", ".docx", ".pdf"}


@pytest.mark.parametrize(
    "name",
    ["h02-remote-resources.html", "d16-external-relationships.docx", "p14-actions.pdf", "t29-markdown-markup.md"],
)
def test_reading_a_source_never_opens_a_network_connection(corpus, monkeypatch, name):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")

    # Without a child process the parse runs here, where the patched socket functions apply.
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    source = read_source(corpus / name, limits=IngestLimits(max_seconds=None, max_memory_bytes=None))
    assert attempts == []
    assert CANARY not in source.text


def test_a_source_that_stalls_the_parser_is_stopped_at_the_time_limit(corpus):
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"took longer than the limit of 1 s to read"):
        read_source(corpus / "p19-slow.pdf", limits=IngestLimits(max_seconds=1))
    assert time.monotonic() - started < 5


def test_a_hostile_file_in_a_folder_stops_the_run_naming_that_file(corpus, tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a-good.txt").write_bytes((corpus / "t03-utf16le-bom.txt").read_bytes())
    (folder / "b-bad.docx").write_bytes((corpus / "d10-external-entity.docx").read_bytes())
    with pytest.raises(SourceError, match=r"b-bad\.docx contains a DTD"):
        load_sources([folder])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a.txt: " + "[" * 100_000 + "]" * 100_000 + "\n", r"sources\.yaml: invalid YAML: nested too deeply"),
        ("a.txt:\n  title: " + "x" * 2_000 + "\n", r"sources\.yaml:2:10: title of a\.txt has 2,000 characters, more than the 1,000"),
        ("a.txt:\n  title: !!python/object/apply:os.system [echo]\n", r"sources\.yaml:2:10: title of a\.txt must be a single value"),
    ],
    ids=["nested", "long title", "python tag"],
)
def test_a_hostile_sources_yaml_is_a_one_line_error(corpus, tmp_path, content, message):
    (tmp_path / "a.txt").write_bytes((corpus / "t03-utf16le-bom.txt").read_bytes())
    (tmp_path / "sources.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message) as raised:
        load_sources([tmp_path])
    assert "\n" not in str(raised.value)


def test_one_password_opens_every_encrypted_pdf_of_a_run_and_others_still_open(corpus, tmp_path):
    for name in ("p05-password-given.pdf", "p07-owner-password-only.pdf", "p03-junk-before-header.pdf"):
        (tmp_path / name).write_bytes((corpus / name).read_bytes())
    texts = load_sources([tmp_path], password="secret")
    assert [Path(t.source.path).name for t in texts] == [
        "p03-junk-before-header.pdf", "p05-password-given.pdf", "p07-owner-password-only.pdf",
    ]
    assert all(BODY in t.text for t in texts)
