"""Hostile and mistaken memo files: safe YAML and JSON only, every problem located and explained.

A memo file is what an analyst edits by hand, and what another tool may have written: it must
never run code, expand without bound, crash the interpreter, or quietly mean something else
than what it says.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from memo import memo_file
from memo.errors import MemoFileError, MissingInputError
from memo.memo_file import load_memo

VALID = "title: Border talks\ndate: 2026-01-05\n"


def memo_path(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return path


CASES = [
    ("python-tag.yaml", "title: !!python/object/apply:os.system ['echo pwned']\ndate: 2026-01-05\n",
     r"python-tag\.yaml:1:8: tag tag:yaml\.org,2002:python/object/apply:os\.system is not allowed in memo files; remove it"),
    ("binary-tag.yaml", VALID + "summary: !!binary aGVsbG8=\n",
     r"binary-tag\.yaml:3:10: tag tag:yaml\.org,2002:binary is not allowed"),
    ("alias-bomb.yaml",
     "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n" + VALID,
     r"alias-bomb\.yaml:\d+:\d+: anchors and aliases \(&, \*\) are not allowed in memo files"),
    ("duplicate.yaml", VALID + "title: Another title\n",
     r"duplicate\.yaml:3: duplicate key 'title' \(first at line 1\); keep only one"),
    ("two-documents.yaml", VALID + "---\n" + VALID, r"two-documents\.yaml:3: more than one YAML document"),
    ("tabs.yaml", "title: x\n\tdate: 2026-01-05\n", r"tabs\.yaml:2:\d+: .*tab.*; fix the YAML syntax"),
    ("nan.json", '{"title": "x", "date": "2026-01-05", "disagreements": [{"score": NaN}]}',
     r"nan\.json: NaN is not a number a memo can hold; write a finite number"),
    ("infinity.json", '{"title": "x", "date": "2026-01-05", "disagreements": [{"score": -Infinity}]}',
     r"infinity\.json: -Infinity is not a number a memo can hold"),
    ("overflow.json", '{"title": "x", "date": "2026-01-05", "disagreements": [{"score": 1e999}]}',
     r"overflow\.json: number inf is out of range; write a finite number"),
    ("huge-integer.json", '{"title": "x", "date": "2026-01-05", "schema_version": ' + "9" * 5000 + "}",
     r"huge-integer\.json: a number of 5,000 digits; no memo field holds such a number"),
    ("json-duplicate.json", '{"title": "x", "title": "y", "date": "2026-01-05"}',
     r"json-duplicate\.json: duplicate key 'title'; keep only one"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, r"deep\.json: nested too deeply; a memo is at most 64 levels deep"),
    ("deep-block.yaml", "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n",
     r"deep-block\.yaml:\d+:\d+: nested too deeply; a memo is at most 64 levels deep"),
    ("nul-escape.yaml", 'title: "Border\\0talks"\ndate: 2026-01-05\n',
     r"nul-escape\.yaml:1:8: title: contains the control or non-character U\+0000 at position 6; delete it"),
    ("surrogate.json", '{"title": "Kabul \\ud83d report", "date": "2026-01-05"}',
     r"surrogate\.json:1:11: title: contains the control or non-character U\+D83D at position 6; delete it"),
    ("cp1252.yaml", "title: Café talks\ndate: 2026-01-05\n".encode("cp1252"),
     r"cp1252\.yaml:1: not UTF-8 \(byte 0xe9\); re-save the file as UTF-8"),
    ("utf16.yaml", VALID.encode("utf-16"), r"utf16\.yaml:1: not UTF-8 \(byte 0xff\); re-save the file as UTF-8"),
    ("empty.yaml", "# only a comment\n", r"empty\.yaml: the file is empty; a memo needs at least title and date"),
    ("list.yaml", "- title: x\n", r"list\.yaml:1:1: \(top level\): Input should be a valid dictionary"),
    ("complex-key.yaml", "? [title, date]\n: x\n", r"complex-key\.yaml:1:1: keys must be plain names"),
    ("not-a-memo.txt", VALID, r"not-a-memo\.txt: not a memo file; give a \.yaml, \.yml or \.json file"),
]


@pytest.mark.parametrize(("name", "content", "message"), CASES, ids=[case[0] for case in CASES])
def test_a_hostile_memo_file_is_refused_with_its_location_and_a_fix(tmp_path, name, content, message):
    with pytest.raises(MemoFileError) as raised:
        load_memo(memo_path(tmp_path, name, content))
    assert type(raised.value) is MemoFileError
    lines = raised.value.lines()
    assert any(re.search(message, line) for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_no_tag_ever_runs_code(tmp_path):
    canary = tmp_path / "pwned"
    content = f"title: !!python/object/apply:os.system ['touch {canary}']\ndate: 2026-01-05\n"
    with pytest.raises(MemoFileError):
        load_memo(memo_path(tmp_path, "memo.yaml", content))
    assert not canary.exists()


def test_flow_nesting_deep_enough_to_crash_libyaml_is_refused_in_a_child_that_survives(tmp_path):
    # libyaml composes by C recursion: 100,000 nested brackets used to kill the interpreter (SIGSEGV).
    path = memo_path(tmp_path, "deep.yaml", "title: " + "[" * 100_000 + "]" * 100_000 + "\ndate: 2026-01-05\n")
    result = subprocess.run([sys.executable, "-m", "memo", "check", str(path)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 65, result.stderr
    assert result.stderr == f"Error: {path}:1: nested too deeply; a memo is at most 64 levels deep\n"


def test_null_written_plainly_means_no_value_and_quoted_means_the_text(tmp_path):
    path = memo_path(tmp_path, "memo.yaml", VALID + "subtitle: ~\nauthor: null\norganization:\naudience: '~'\n")
    memo = load_memo(path)
    assert (memo.subtitle, memo.author, memo.organization, memo.audience) == (None, None, None, "~")


def test_a_misspelt_field_and_every_wrong_type_are_reported_together_with_their_paths(tmp_path):
    content = (
        "title: Border talks\ndate: 2026-02-30\nsoruces: []\nkey_points:\n"
        "  - id: X1\n    text: [not, text]\n    citations: []\n    confidence: certain\nactors: 5\n"
    )
    with pytest.raises(MemoFileError) as raised:
        load_memo(memo_path(tmp_path, "memo.yaml", content))
    problems = raised.value.problems
    assert str(raised.value).endswith(f"{len(problems)} problem(s) — fix them and run `memo check {tmp_path / 'memo.yaml'}` again")
    expected = [
        r":2:7: date: .*day value is outside expected range — write the date as YYYY-MM-DD$",
        r":3:10: soruces: Extra inputs are not permitted — remove it or check its spelling$",
        r":5:9: key_points\.0\.id: 'X1' does not look like an id such as K1",
        r":6:11: key_points\.0\.text: Input should be a valid string — write it as text$",
        r":7:16: key_points\.0\.citations: .*at least 1 item.* — add the missing entries$",
        r":8:17: key_points\.0\.confidence: Input should be 'low', 'moderate' or 'high' \(got 'certain'\)",
        r":9:9: actors: Input should be a valid tuple — write it as a list",
    ]
    for pattern in expected:
        assert any(re.search(pattern, problem) for problem in problems), (pattern, problems)


def test_a_memo_file_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "memo.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_memo(fifo)
        except BaseException as exc:  # noqa: BLE001 - inspected below
            outcome.append(exc)

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "loading a FIFO blocked"
    assert str(outcome[0]) == f"{fifo}: not a regular file (a FIFO); give a memo file"


def test_a_memo_file_behind_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "memo.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(MemoFileError, match=r"memo\.yaml: not a regular file \(a device\); give a memo file"):
        load_memo(link)


def test_a_missing_memo_file_is_a_missing_input(tmp_path):
    with pytest.raises(MissingInputError, match=r"memo\.yaml: no such memo file; check the path"):
        load_memo(tmp_path / "memo.yaml")


def test_a_memo_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(memo_file, "MAX_MEMO_FILE_BYTES", 1024 * 1024)
    path = memo_path(tmp_path, "memo.yaml", VALID + "summary: " + "x" * 2 * 1024 * 1024 + "\n")
    with pytest.raises(MemoFileError, match=r"memo\.yaml: larger than 1 MiB; a memo file is never that big"):
        load_memo(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("long.yaml", VALID + "summary: " + "x" * 250_000 + "\n",
         r"long\.yaml:3:10: summary: 250,000 characters, more than the 200,000 a memo field may hold; shorten it"),
        ("long.json", '{"title": "x",\n "date": "2026-01-05",\n "sources": [{"id": "S1", "title": "t", "url": "'
         + "h" * 250_000 + '"}]}', r"long\.json:3:48: sources\.0\.url: 250,000 characters, more than the 200,000"),
    ],
    ids=["yaml", "json"],
)
def test_a_text_value_too_long_for_any_memo_is_refused_with_its_location(tmp_path, name, content, message):
    with pytest.raises(MemoFileError, match=message):
        load_memo(memo_path(tmp_path, name, content))


@pytest.mark.parametrize("char", ["\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
def test_every_noncharacter_is_refused_like_u_fffe(tmp_path, char):
    with pytest.raises(MemoFileError) as raised:
        load_memo(memo_path(tmp_path, "memo.yaml", VALID + f'summary: "a{char}b"\n'))
    assert "memo.yaml:3:10: summary: contains the control or non-character" in "\n".join(raised.value.lines())


def test_a_huge_schema_version_is_explained_in_the_analysts_terms(tmp_path):
    with pytest.raises(MemoFileError) as raised:
        load_memo(memo_path(tmp_path, "memo.yaml", VALID + "schema_version: " + "9" * 5000 + "\n"))
    assert "set_int_max_str_digits" not in " ".join(raised.value.lines())
