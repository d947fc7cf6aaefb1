"""Hostile inputs through the command line: one line per problem, the right exit status, and memos
written from hostile sources whose text is verified.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from make_corpus import BODY, CANARY, CASES, Read
from output_text import docx_text, letters
from pdf_checks import assert_pdf_sound
from typer.testing import CliRunner

from memo.cli import app
from memo.memo_file import load_memo

runner = CliRunner()
MEMO_BIN = Path(sys.executable).parent / "memo"

# Hostile sources that must still make a memo: one of each kind of damage that can be repaired.
BUILDABLE = (
    "t01-cp1252-word.txt", "t04-utf16le-no-bom.txt", "t08-utf8-with-a-cp1252-byte.txt", "t09-cesu8-surrogates.txt",
    "t11-control-characters.txt", "t15-bidi-override.txt", "h01-hidden-content.html", "h03-character-references.html",
    "d16-external-relationships.docx", "d20-alt-chunk.docx", "p14-actions.pdf", "p16-nul-in-text.pdf",
)


def memo_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, as an analyst runs it."""
    return subprocess.run([str(MEMO_BIN), *args], capture_output=True, text=True, cwd=cwd, timeout=600, check=False)


def test_the_buildable_cases_are_cases_that_must_be_read():
    read = {case.name for case in CASES if isinstance(case.expect, Read)}
    assert set(BUILDABLE) <= read


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`memo build` over a folder of repairable hostile sources (one analysis for the module)."""
    work = tmp_path_factory.mktemp("build")
    sources = work / "sources"
    sources.mkdir()
    for name in BUILDABLE:
        (sources / name).write_bytes((corpus / name).read_bytes())
    return work, memo_cli("build", "sources", "-o", "out", "-q", cwd=work)


def test_hostile_sources_still_make_a_memo_and_each_repair_is_a_located_warning(built):
    _, result = built
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(Path("out") / name) for name in ("memo.yaml", "memo.docx", "memo.pdf")
    ]
    warnings = result.stderr.splitlines()
    for expected in (
        "warning: sources/t01-cp1252-word.txt: decoded as cp1252 (guessed)",
        "warning: sources/t08-utf8-with-a-cp1252-byte.txt:3:39: 1 place is not UTF-8",
        "warning: sources/t11-control-characters.txt:3:16: removed the control character U+0001",
        "warning: sources/t15-bidi-override.txt:3:17: removed the right-to-left override U+202E",
        "warning: sources/d20-alt-chunk.docx: 1 embedded document(s) (altChunk) not read",
    ):
        assert any(line.startswith(expected) for line in warnings), (expected, warnings)
    assert "Traceback" not in result.stderr


def test_the_memo_of_hostile_sources_quotes_them_verbatim(built):
    work, _ = built
    result = memo_cli("check", "out/memo.yaml", cwd=work)
    assert result.returncode == 0, result.stderr
    memo = load_memo(work / "out" / "memo.yaml")
    assert len(memo.sources) == len(BUILDABLE)
    assert memo.key_points


def test_the_written_docx_and_pdf_carry_the_memo_and_nothing_hidden(built):
    work, _ = built
    memo = load_memo(work / "out" / "memo.yaml")
    expected = [memo.title, *(point.text for point in memo.key_points)]
    shown = docx_text(work / "out" / "memo.docx")
    for text in expected:
        assert text in shown
    # Damaged UTF-8 in two sources is shown as U+FFFD: the memo may quote it.
    damaged = "\ufffd" in (work / "out" / "memo.yaml").read_text(encoding="utf-8")
    pdf = assert_pdf_sound(work / "out" / "memo.pdf", replacement_ok=damaged)
    for text in expected:
        assert not letters(text) - letters(pdf), text
    for output in ("memo.yaml", "memo.docx", "memo.pdf"):
        assert CANARY.encode() not in (work / "out" / output).read_bytes()
    assert CANARY not in shown and CANARY not in pdf


def test_a_source_whose_name_starts_with_a_dash_is_read_after_a_double_dash(corpus, tmp_path, monkeypatch):
    (tmp_path / "-t32-dash-name.txt").write_bytes((corpus / "-t32-dash-name.txt").read_bytes())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["analyze", "-o", "-memo.yaml", "-q", "--", "-t32-dash-name.txt"])
    assert result.exit_code == 0, result.output
    memo = load_memo(tmp_path / "-memo.yaml")
    assert [s.path for s in memo.sources] == ["-t32-dash-name.txt"]
    assert all(c.quote in BODY for _, c in memo.citations())
    checked = runner.invoke(app, ["check", "--", "-memo.yaml"])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("-memo.yaml: valid;")


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("d10-external-entity.docx", 65, ("contains a DTD (<!DOCTYPE> in word/document.xml), which Word never "
                                          "writes and which can hide entity attacks; open and re-save it in Word")),
        ("p02-forbidden-page.pdf", 65, ("is an HTML page ('403 Forbidden'), not a PDF; the download probably failed "
                                        "— download it again")),
        ("t33-fifo.txt", 65, "is not a regular file (a FIFO); give a document file"),
        ("t36-dangling-link.txt", 66, "does not exist; check the path"),
    ],
)
def test_a_refused_source_is_one_line_with_its_exit_status_and_no_memo(corpus, tmp_path, name, status, message):
    out = tmp_path / "memo.yaml"
    result = runner.invoke(app, ["analyze", str(corpus / name), "-o", str(out), "-q"])
    assert result.exit_code == status
    assert result.stderr == f"Error: {corpus / name} {message}\n"
    assert result.stdout == ""
    assert not out.exists()


def test_an_output_over_a_source_is_refused_and_the_source_is_intact(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    source = out / "memo.docx"
    source.write_bytes((corpus / "d16-external-relationships.docx").read_bytes())
    before = source.read_bytes()
    result = runner.invoke(app, ["build", str(source), "-o", str(out), "-q", "-f", "docx"])
    assert result.exit_code == 73, result.output
    assert result.stderr == f"Error: {source} is an input file ({source}); refusing to overwrite it — choose another -o\n"
    assert source.read_bytes() == before


def test_an_unwritable_output_folder_exits_73(tmp_path):
    memo_file = tmp_path / "memo.yaml"
    memo_file.write_text("title: Talks\ndate: 2026-01-05\nsummary: Short.\n", encoding="utf-8")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = memo_cli("render", "memo.yaml", "-o", "file/briefing", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 73
    assert result.stderr == "Error: cannot write to file: a file stands where a folder is needed; choose another output folder\n"


def test_a_bug_is_one_line_exit_70_and_never_shows_locals(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        secret = f"confidential {CANARY}"  # noqa: F841 - a local a traceback with locals would print
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("memo.cli.load_memo", broken)
    result = runner.invoke(app, ["render", "memo.yaml", "-o", str(tmp_path / "m")])
    assert result.exit_code == 70
    assert result.output.count("\n") == 1
    assert result.output.startswith("Internal error: ZeroDivisionError: division by zero — this is a bug in memo")
    debug = runner.invoke(app, ["--debug", "render", "memo.yaml", "-o", str(tmp_path / "m")])
    assert debug.exit_code == 70
    assert "Traceback (most recent call last)" in debug.output
    assert CANARY not in result.output + debug.output


def test_a_password_on_the_command_line_opens_an_encrypted_pdf(corpus, tmp_path):
    result = memo_cli("analyze", str(corpus / "p05-password-given.pdf"), "--password", "secret", "-o", "memo.yaml",
                      "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_limits_are_set_on_the_command_line(corpus, tmp_path):
    result = memo_cli("analyze", str(corpus / "t16-ocr-megaparagraph.txt"), "--max-source-mb", "0.5", "-o",
                      "memo.yaml", "-q", cwd=tmp_path)
    assert result.returncode == 65
    assert "is larger than the limit of 524,288 bytes" in result.stderr


def test_debug_shows_the_traceback_of_a_toolkit_error_too(tmp_path):
    result = memo_cli("--debug", "render", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 66
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip().endswith("Error: missing.yaml: no such memo file; check the path")


def test_no_stray_temporary_files_are_left_by_any_command(built):
    work, _ = built
    leftovers = [p for p in (work / "out").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert sorted(os.listdir(work / "out")) == ["memo.docx", "memo.pdf", "memo.yaml"]
