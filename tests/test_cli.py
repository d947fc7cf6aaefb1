"""The command line: thin, one line per error, distinct exit codes, help on every command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from memo import __version__
from memo.cli import app
from memo.memo_file import save_memo
from tests.conftest import FIXTURES, REPO

runner = CliRunner()
BASIC = str(FIXTURES / "memos" / "basic.json")


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("name", sorted(get_command(app).commands))
def test_every_command_has_help(name):
    assert get_command(app).commands[name].help
    assert run(name, "--help").exit_code == 0


def test_version():
    result = run("--version")
    assert (result.exit_code, result.output) == (0, f"memo {__version__}\n")


def test_render_writes_both_formats_by_default_and_prints_the_paths(tmp_path):
    result = run("render", BASIC, "-o", str(tmp_path / "briefing"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(tmp_path / "briefing.docx"), str(tmp_path / "briefing.pdf")]
    assert (tmp_path / "briefing.pdf").read_bytes().startswith(b"%PDF")


def test_render_one_format_with_a_suffixed_output_name(tmp_path):
    result = run("render", BASIC, "-o", str(tmp_path / "briefing.pdf"), "-f", "pdf", "--style", "government")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.pdf"]


def test_an_unknown_format_is_a_one_line_usage_error(tmp_path):
    result = run("render", BASIC, "-f", "odt", "-o", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert result.output == "Error: unknown format 'odt'; choose from: docx, pdf\n"


def test_an_unknown_style_lists_the_known_ones(tmp_path):
    result = run("render", BASIC, "--style", "fancy", "-o", str(tmp_path / "m"))
    assert result.exit_code == 65
    assert result.output == "Error: unknown style 'fancy'; known styles: default, government, newsroom\n"


def test_an_invalid_memo_file_lists_every_problem_and_exits_65(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\ndate: soon\nfoo: 1\n")
    result = run("render", str(bad), "-o", str(tmp_path / "m"))
    assert result.exit_code == 65
    lines = result.output.splitlines()
    assert lines[0] == f"Error: {bad}: 2 problem(s) — fix them and run `memo check {bad}` again"
    assert lines[1].startswith(f"  {bad}:2:7: date: ")
    assert lines[2] == f"  {bad}:3:6: foo: Extra inputs are not permitted — remove it or check its spelling"
    assert not list(tmp_path.glob("m.*"))


def test_a_missing_memo_file_exits_66(tmp_path):
    result = run("render", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 66
    assert "no such memo file" in result.output


def test_render_never_overwrites_its_input(tmp_path, basic_memo):
    memo_json = save_memo(basic_memo, tmp_path / "briefing.json")
    before = memo_json.read_bytes()
    docx_twin = tmp_path / "briefing.docx"
    docx_twin.symlink_to(memo_json)
    result = run("render", str(memo_json), "-o", str(tmp_path / "briefing"), "-f", "docx")
    assert result.exit_code == 73
    assert memo_json.read_bytes() == before


def test_render_refuses_to_write_through_a_symlink(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious")
    (tmp_path / "m.pdf").symlink_to(target)
    result = run("render", BASIC, "-o", str(tmp_path / "m"), "-f", "pdf")
    assert result.exit_code == 73
    assert "symbolic link" in result.output
    assert target.read_text() == "precious"


def test_check_reports_quotes_that_are_not_in_the_source(tmp_path, basic_memo):
    source = tmp_path / "s1.txt"
    source.write_text("Indus talks resume in Geneva\n\nNegotiators met again in Geneva on Monday, officials said.\n")
    memo = basic_memo.model_copy(update={"sources": (basic_memo.sources[0].model_copy(update={"path": "s1.txt"}),
                                                     *basic_memo.sources[1:])})
    path = save_memo(memo, tmp_path / "memo.yaml")
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert "quote not found verbatim in S1: “a framework deal could be signed within weeks”" in result.output
    assert "key_points.0.citations.0" not in result.output
    assert run("check", str(path), "--strict").exit_code == 1


def test_schema_is_json_schema_with_the_contract_names():
    schema = json.loads(run("schema").output)
    assert schema["title"] == "Memo"
    assert {"Source", "Citation", "KeyPoint", "Actor", "Disagreement", "Position", "OpenQuestion"} <= set(schema["$defs"])
    assert schema["$defs"]["Citation"]["properties"]["quote"]["description"]


def test_styles_lists_the_shipped_styles():
    names = [line.split()[0] for line in run("styles").output.splitlines()]
    assert names == ["default", "government", "newsroom"]


def test_the_console_script_runs_without_a_traceback(tmp_path):
    memo_bin = Path(sys.executable).parent / "memo"
    result = subprocess.run([str(memo_bin), "render", "nope.yaml"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 66
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_package_works_from_a_wheel_not_only_from_the_checkout(tmp_path):
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheel_dir), str(REPO)], check=True)
    wheel = next(wheel_dir.glob("memo-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True)
    shutil.copy(BASIC, tmp_path / "basic.json")
    script = (
        "import memo, pathlib; from memo import load_memo, render_memo, style_names;"
        "assert pathlib.Path(memo.__file__).is_relative_to(pathlib.Path.cwd()), memo.__file__;"
        "print(style_names());"
        "render_memo(load_memo(pathlib.Path('basic.json')), pathlib.Path('out'), ['pdf'], style='newsroom')"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['default', 'government', 'newsroom']"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
