"""Memo files: strict YAML and JSON, round trips, and errors that say FILE:LINE:COL: field: fix."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from memo.errors import MemoFileError, MissingInputError
from memo.memo_file import dump_memo, load_memo, save_memo
from tests.conftest import FIXTURES

MINIMAL = "title: Briefing\ndate: 2025-01-02\n"


def write(tmp_path: Path, text: str, name: str = "memo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(MemoFileError) as info:
        load_memo(path)
    return info.value.lines()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_saved_memo_loads_back_identical(basic_memo, tmp_path, suffix):
    path = save_memo(basic_memo, tmp_path / f"memo{suffix}")
    assert load_memo(path) == basic_memo


def test_yaml_keeps_what_was_typed_instead_of_guessing_types(tmp_path):
    path = write(tmp_path, "title: 12:30\nsubtitle: NO\nauthor: 1.10\norganization: 012\ndate: 2025-01-02\n")
    memo = load_memo(path)
    assert (memo.title, memo.subtitle, memo.author, memo.organization) == ("12:30", "NO", "1.10", "012")


def test_strings_yaml_would_misread_are_quoted_when_saved(tmp_path):
    memo = load_memo(write(tmp_path, "title: 'NO'\nsubtitle: '12:30'\ndate: 2025-01-02\n"))
    text = dump_memo(memo, ".yaml")
    assert "title: 'NO'" in text and "subtitle: '12:30'" in text


def test_every_problem_is_reported_with_file_line_column_field_and_fix(tmp_path):
    path = write(tmp_path, (
        "title: Briefing\n"
        "date: 2024-02-30\n"
        "soruces: []\n"
        "key_points:\n"
        "  - id: K1\n"
        "    text: A point\n"
        "    confidence: sure\n"
        "    citations:\n"
        "      - source: S9\n"
        "        quote: words\n"
    ))
    lines = problems_of(path)
    assert lines[0].startswith(f"{path}: 4 problem(s)")
    assert lines[1:] == [
        f"{path}:2:7: date: Input should be a valid date or datetime, day value is outside expected range"
        " — write the date as YYYY-MM-DD",
        f"{path}:3:10: soruces: Extra inputs are not permitted — remove it or check its spelling",
        f"{path}:7:17: key_points.0.confidence: Input should be 'low', 'moderate' or 'high' (got 'sure')"
        " — use one of the allowed values",
        f"{path}:9:17: key_points.0.citations.0.source: no source has id S9 (known: none defined);"
        " fix the id or add the source",
    ]


def test_a_missing_field_points_at_the_mapping_that_lacks_it(tmp_path):
    path = write(tmp_path, "title: Briefing\n")
    assert problems_of(path)[1] == f"{path}:1:1: date: Field required — add it"


def test_duplicate_keys_are_refused(tmp_path):
    path = write(tmp_path, "title: A\ndate: 2025-01-02\ntitle: B\n")
    assert "duplicate key 'title' (first at line 1)" in problems_of(path)[0]


def test_anchors_and_aliases_are_refused_before_they_can_expand(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    start = time.monotonic()
    lines = problems_of(write(tmp_path, bomb))
    assert time.monotonic() - start < 5
    assert "anchors and aliases" in lines[0] and ":1:4:" in lines[0]


def test_python_tags_are_refused(tmp_path):
    path = write(tmp_path, "title: !!python/object/apply:os.system ['touch pwned']\ndate: 2025-01-02\n")
    assert "tag tag:yaml.org,2002:python/object/apply:os.system is not allowed" in problems_of(path)[0]
    assert not Path("pwned").exists()


def test_more_than_one_document_is_refused(tmp_path):
    assert "more than one YAML document" in problems_of(write(tmp_path, MINIMAL + "---\n" + MINIMAL))[0]


def test_yaml_syntax_errors_name_the_line(tmp_path):
    path = write(tmp_path, "title: Briefing\ndate: 2025-01-02\nkey_points:\n\t- id: K1\n")
    assert problems_of(path)[0].startswith(f"{path}:4:1:")


def test_an_empty_file_says_what_a_memo_needs(tmp_path):
    assert "needs at least title and date" in problems_of(write(tmp_path, ""))[0]


def test_a_non_utf8_file_says_how_to_fix_it(tmp_path):
    path = tmp_path / "memo.yaml"
    path.write_bytes("title: caf\u00e9\ndate: 2025-01-02\n".encode("cp1252"))
    assert problems_of(path)[0] == f"{path}:1: not UTF-8 (byte 0xe9); re-save the file as UTF-8"


def test_a_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "memo.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_memo(path).title == "Briefing"


def test_deep_nesting_is_refused_cleanly(tmp_path):
    assert "nested too deeply" in problems_of(write(tmp_path, "title: " + "[" * 5000 + "]" * 5000 + "\n"))[0]
    deep_json = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nested too deeply" in problems_of(write(tmp_path, deep_json, "memo.json"))[0]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_refuses_nan_and_infinity(tmp_path, constant):
    data = json.loads((FIXTURES / "memos" / "basic.json").read_text(encoding="utf-8"))
    text = json.dumps(data).replace('"score": 0.8', f'"score": {constant}')
    assert f"{constant} is not a number" in problems_of(write(tmp_path, text, "memo.json"))[0]


def test_json_duplicate_keys_are_refused(tmp_path):
    path = write(tmp_path, '{"title": "A", "title": "B", "date": "2025-01-02"}', "memo.json")
    assert "duplicate key 'title'" in problems_of(path)[0]


def test_json_validation_errors_still_carry_line_numbers(tmp_path):
    path = write(tmp_path, '{\n  "title": "A",\n  "date": "2025-01-02",\n  "summary": 5\n}\n', "memo.json")
    assert problems_of(path)[1].startswith(f"{path}:4:14: summary: Input should be a valid string")


def test_a_missing_file_is_a_missing_input_error(tmp_path):
    with pytest.raises(MissingInputError):
        load_memo(tmp_path / "nope.yaml")


def test_saving_never_leaves_a_half_written_file(basic_memo, tmp_path):
    path = save_memo(basic_memo, tmp_path / "memo.yaml")
    assert [p.name for p in tmp_path.iterdir()] == ["memo.yaml"]
    assert path.stat().st_mode & 0o777 != 0o600
