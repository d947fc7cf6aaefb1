"""Finding and opening sources: order and ids, sources.yaml, special files and size limits."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from memo.errors import MissingInputError, SourceError
from memo.ingest import IngestLimits, SourceMetadata, load_sources, read_source

BODY = (
    "The negotiators met on Monday in the capital and failed to agree on the border crossings, "
    "officials said after the meeting ended late at night."
)


def article(folder: Path, name: str, headline: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{headline or Path(name).stem.title()}\n\n{BODY}\n", encoding="utf-8")
    return path


def ids_and_names(texts) -> list[tuple[str, str]]:
    return [(t.source.id, Path(t.source.path).name) for t in texts]


def test_a_folder_is_read_in_name_order_and_numbered_from_s1(tmp_path):
    for name in ("b.txt", "a.md", "c.html", "10.txt"):
        article(tmp_path, name) if not name.endswith(".html") else (tmp_path / name).write_text(
            f"<html><body><article><h1>C</h1><p>{BODY}</p></article></body></html>", encoding="utf-8"
        )
    texts = load_sources([tmp_path])
    assert ids_and_names(texts) == [("S1", "10.txt"), ("S2", "a.md"), ("S3", "b.txt"), ("S4", "c.html")]


def test_arguments_keep_their_order_and_a_file_named_twice_is_read_once(tmp_path):
    a, b = article(tmp_path, "a.txt"), article(tmp_path, "b.txt")
    assert ids_and_names(load_sources([b, a, str(b)])) == [("S1", "b.txt"), ("S2", "a.txt")]


def test_the_path_is_recorded_as_given(tmp_path, monkeypatch):
    article(tmp_path / "sources", "a.txt")
    monkeypatch.chdir(tmp_path)
    assert load_sources(["sources"])[0].source.path == str(Path("sources") / "a.txt")


def test_hidden_files_metadata_files_word_lock_files_and_other_formats_are_not_sources(tmp_path):
    article(tmp_path, "a.txt")
    for name in (".hidden.txt", "~$draft.docx", "memo.yaml", "notes.odt", "image.png"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sources.yaml").write_text("a.txt:\n  outlet: X\n", encoding="utf-8")
    assert ids_and_names(load_sources([tmp_path])) == [("S1", "a.txt")]


def test_subfolders_are_read_only_when_asked(tmp_path):
    article(tmp_path, "a.txt")
    article(tmp_path / "more", "b.txt")
    article(tmp_path / ".git", "c.txt")
    assert ids_and_names(load_sources([tmp_path])) == [("S1", "a.txt")]
    assert ids_and_names(load_sources([tmp_path], recursive=True)) == [("S1", "a.txt"), ("S2", "b.txt")]


def test_a_glob_is_expanded_in_name_order(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        article(tmp_path, name)
    assert ids_and_names(load_sources([str(tmp_path / "*.txt")])) == [("S1", "a.txt"), ("S2", "b.txt")]


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda p: p / "missing.txt", MissingInputError, "missing.txt does not exist; check the path"),
        (lambda p: str(p / "*.pdf"), MissingInputError, r"no source file matches .*\*\.pdf; check the pattern"),
        (lambda p: (p / "empty").mkdir() or p / "empty", MissingInputError, "empty contains no source files"),
    ],
    ids=["missing file", "glob without match", "folder without sources"],
)
def test_inputs_that_name_nothing_readable_are_one_line_errors(tmp_path, make, error, message):
    with pytest.raises(error, match=message):
        load_sources([make(tmp_path)])


def test_an_unsupported_format_named_explicitly_is_refused_with_the_supported_list(tmp_path):
    path = tmp_path / "notes.odt"
    path.write_bytes(b"x")
    with pytest.raises(SourceError, match=r"notes\.odt has an unsupported format \(\.odt\); convert it to one of \.txt"):
        load_sources([path])


def test_sources_yaml_overrides_what_the_file_says(tmp_path):
    (tmp_path / "a.txt").write_text(f"Headline In File\nOutlet: File Outlet\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        "# metadata\na.txt:\n  title: Better Title\n  outlet: Yaml Outlet\n  published: 2025-03-04\n"
        "  reliability: B\n  language: en\n  notes: |\n    Two lines\n    of notes.\n  author:\n",
        encoding="utf-8",
    )
    source = load_sources([tmp_path])[0].source
    assert (source.title, source.outlet, source.published, source.reliability, source.notes, source.author) == (
        "Better Title", "Yaml Outlet", dt.date(2025, 3, 4), "B", "Two lines\nof notes.", None
    )


def test_metadata_never_changes_the_text(tmp_path):
    path = article(tmp_path, "a.txt", "Headline In File")
    plain = read_source(path)
    overridden = read_source(path, SourceMetadata(title="Other", outlet="X"), "S2")
    assert (plain.text, plain.source.sha256) == (overridden.text, overridden.source.sha256)
    assert overridden.source.title == "Other"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("a.txt:\n  titel: X\n", r"sources\.yaml:2:3: unknown field 'titel' for a\.txt; known fields: title, outlet"),
        ("a.txt:\n  published: 04/03/2025\n", r"sources\.yaml:2:14: published of a\.txt is '04/03/2025', not a date; write it as YYYY-MM-DD"),
        ("a.txt:\n  published: 2025-02-30\n", r"sources\.yaml:2:14: published of a\.txt is '2025-02-30', not a date"),
        ("a.txt:\n  reliability: Z\n", r"reliability of a\.txt is 'Z'; use one of the Admiralty grades A-F"),
        ("b.txt:\n  title: X\n", r"sources\.yaml:1:1: there is no file 'b\.txt' in .*; fix the name or remove the entry"),
        ("a.txt:\n  title: X\na.txt:\n  title: Y\n", r"sources\.yaml:3:1: 'a\.txt' is given twice \(first at line 1\); keep one"),
        ("base: &b {title: X}\na.txt: *b\n", r"sources\.yaml:1:7: invalid YAML: anchors \(&name\) are not allowed"),
        ("a.txt: [1, 2]\n", r"the entry for a\.txt must map fields to values"),
        ("a.txt:\n  title: [X]\n", r"title of a\.txt must be a single value"),
        ("a.txt:\n  title: 'x\n", r"sources\.yaml:\d+:\d+: invalid YAML"),
    ],
    ids=["unknown field", "not iso", "impossible date", "reliability", "missing file", "duplicate",
         "anchor", "entry not a mapping", "list value", "syntax"],
)
def test_a_bad_sources_yaml_is_a_one_line_error_naming_file_line_and_field(tmp_path, yaml_text, message):
    article(tmp_path, "a.txt")
    (tmp_path / "sources.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_sources([tmp_path])


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: _capture(outcome, read_source, fifo), daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], SourceError)
    assert str(outcome[0]) == f"{fifo} is not a regular file (a FIFO); give a document file"


def test_a_device_behind_a_source_name_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(SourceError, match=r"zero\.txt is not a regular file \(a device\)"):
        read_source(link)


def test_a_folder_given_as_a_file_is_refused(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(SourceError, match=r"folder\.txt is a folder, not a file"):
        read_source(tmp_path / "folder.txt")


def _capture(outcome: list[BaseException], function, *args) -> None:
    try:
        function(*args)
    except BaseException as exc:  # noqa: BLE001 - the test inspects whatever was raised
        outcome.append(exc)


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(tmp_path):
    path = article(tmp_path, "a.txt")
    with pytest.raises(SourceError, match=r"a\.txt is larger than the limit of 100 bytes .*; split it or raise the limit"):
        read_source(path, limits=IngestLimits(max_file_bytes=100))


def test_text_over_the_character_limit_is_refused(tmp_path):
    path = article(tmp_path, "a.txt")
    with pytest.raises(SourceError, match=r"more than the limit of 50; split it or raise the limit"):
        read_source(path, limits=IngestLimits(max_chars=50))


def test_too_many_sources_are_refused(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        article(tmp_path, name)
    with pytest.raises(SourceError, match="3 source files found, more than the limit of 2"):
        load_sources([tmp_path], limits=IngestLimits(max_sources=2))


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n", b"\xef\xbb\xbf\n \n"], ids=["empty", "white space", "bom only"])
def test_an_empty_or_blank_file_is_an_error(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=r"a\.txt (is empty|has no text)"):
        read_source(path)


def test_progress_is_reported_after_each_source(tmp_path):
    for name in ("a.txt", "b.txt"):
        article(tmp_path, name)
    calls = []
    load_sources([tmp_path], progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls == [("reading", 1, 2), ("reading", 2, 2)]
