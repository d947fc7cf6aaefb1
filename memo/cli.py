"""The `memo` command line: parse arguments, call the library, print paths; one error boundary."""

from __future__ import annotations

import datetime as dt
import gc
import json
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from memo import __version__
from memo.errors import MemoError
from memo.exporters import EXPORTERS, ExportOptions
from memo.house_style import load_style, style_names
from memo.ingest.limits import MIB, IngestLimits
from memo.memo_file import load_memo
from memo.model import Memo
from memo.workflow import (
    DEFAULT_EXPORT_SECONDS, BuildResult, Progress, analyze_sources, build_briefing, check_memo_file, output_stem,
    render_memo,
)

INTERNAL_ERROR = 70

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    help="Turn source documents into a briefing memo (DOCX and PDF), offline.",
)
_state = {"debug": False}


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn expected failures into one line per problem and their exit status; bugs into status 70."""
    try:
        yield
    except MemoError as exc:
        if _state["debug"]:
            traceback.print_exc()
        lines = exc.lines()
        typer.echo(f"Error: {lines[0]}", err=True)
        for line in lines[1:]:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:
        typer.echo("Interrupted; no output was left half-written.", err=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # noqa: BLE001 - the one place bugs are turned into a message
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(
            f"Internal error: {type(exc).__name__}: {exc} — this is a bug in memo; run again with --debug "
            "and report the traceback",
            err=True,
        )
        raise typer.Exit(INTERNAL_ERROR) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"memo {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """Turn source documents into a briefing memo (DOCX and PDF), offline."""
    _state["debug"] = debug


FormatOption = Annotated[
    Optional[list[str]],
    typer.Option("--format", "-f", help=f"Output format ({', '.join(sorted(EXPORTERS))}); repeatable. Default: all."),
]
StyleOption = Annotated[str, typer.Option("--style", "-s", help="House style name (see `memo styles`) or a .toml file.")]


@app.command()
def render(
    memo_file: Annotated[Path, typer.Argument(help="Memo file (.yaml, .yml or .json).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output path without suffix, e.g. out/briefing.")] = Path("memo"),
    fmt: FormatOption = None,
    style: StyleOption = "default",
    reference_docx: Annotated[Optional[Path], typer.Option(
        "--reference-docx", help="Take Word styles, page set-up and headers from this .docx.")] = None,
    export_timeout: ExportTimeoutOption = DEFAULT_EXPORT_SECONDS,
) -> None:
    """Render MEMO_FILE to DOCX and/or PDF in a house style."""
    with reported_errors():
        memo = load_memo(memo_file)
        result = render_memo(memo, output_stem(out), fmt or (), style, ExportOptions(reference_docx=reference_docx),
                             inputs=[memo_file], export_seconds=export_timeout or None)
    _report(result, strict=False)


SourcesArgument = Annotated[list[str], typer.Argument(help="Source files, folders or globs (txt, md, html, docx, pdf).")]
TitleOption = Annotated[Optional[str], typer.Option("--title", help="Memo title (default: derived from the actors).")]
DateOption = Annotated[Optional[dt.datetime], typer.Option(
    "--date", formats=["%Y-%m-%d"], help="Memo date, YYYY-MM-DD (default: today).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")]
PasswordOption = Annotated[Optional[str], typer.Option(
    "--password", envvar="MEMO_PDF_PASSWORD", help="Password of encrypted PDF sources (or set MEMO_PDF_PASSWORD).")]
MaxSourceOption = Annotated[float, typer.Option(
    "--max-source-mb", min=0.001, help="Largest source file read, in MiB.")]
MaxPagesOption = Annotated[int, typer.Option("--max-pages", min=1, help="Most pages read from one PDF.")]
MaxParagraphsOption = Annotated[int, typer.Option("--max-paragraphs", min=1, help="Most paragraphs read from one source.")]
ReadTimeoutOption = Annotated[float, typer.Option(
    "--read-timeout", min=0, help="Seconds one source may take to read; 0 for no limit.")]
ExportTimeoutOption = Annotated[float, typer.Option(
    "--export-timeout", min=0, help="Seconds one output format may take to write; 0 for no limit.")]
_DEFAULT_LIMITS = IngestLimits()


def ingest_limits(max_source_mb: float, max_pages: int, max_paragraphs: int, read_timeout: float) -> IngestLimits:
    """The ingestion limits the options ask for."""
    return IngestLimits(max_file_bytes=int(max_source_mb * MIB), max_pdf_pages=max_pages,
                        max_paragraphs=max_paragraphs, max_seconds=read_timeout or None)


@contextmanager
def progress_bars(quiet: bool) -> Iterator[Progress | None]:
    """A rich progress bar per stage on stderr, or nothing when quiet or not on a terminal."""
    if quiet:
        yield None
        return
    # Imported here: `memo render` and `memo check` draw no bars and should not pay for rich.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with Bars(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
              console=console, transient=False) as bars:
        tasks: dict[str, object] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield report


def _report(result: BuildResult, strict: bool) -> None:
    for diagnostic in result.warnings:
        typer.echo(f"{'note' if diagnostic.severity == 'info' else 'warning'}: {diagnostic}", err=True)
    for path in result.written:
        typer.echo(path)
    if strict and any(d.severity == "warning" for d in result.warnings):
        raise typer.Exit(1)


@app.command()
def analyze(
    sources: SourcesArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Memo file to write (.yaml or .json).")] = Path("memo.yaml"),
    title: TitleOption = None,
    date: DateOption = None,
    password: PasswordOption = None,
    max_source_mb: MaxSourceOption = _DEFAULT_LIMITS.max_file_bytes / MIB,
    max_pages: MaxPagesOption = _DEFAULT_LIMITS.max_pdf_pages,
    max_paragraphs: MaxParagraphsOption = _DEFAULT_LIMITS.max_paragraphs,
    read_timeout: ReadTimeoutOption = _DEFAULT_LIMITS.max_seconds or 0,
    quiet: QuietOption = False,
    strict: StrictOption = False,
) -> None:
    """Analyse SOURCES offline into an editable memo file."""
    with reported_errors(), progress_bars(quiet) as progress:
        result = analyze_sources(
            sources, out, title=title, date=date and date.date(), password=password, progress=progress,
            limits=ingest_limits(max_source_mb, max_pages, max_paragraphs, read_timeout),
        )
    _report(result, strict)


@app.command()
def build(
    sources: SourcesArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for memo.yaml, memo.docx and memo.pdf.")] = Path("out"),
    fmt: FormatOption = None,
    style: StyleOption = "default",
    reference_docx: Annotated[Optional[Path], typer.Option(
        "--reference-docx", help="Take Word styles, page set-up and headers from this .docx.")] = None,
    title: TitleOption = None,
    date: DateOption = None,
    password: PasswordOption = None,
    max_source_mb: MaxSourceOption = _DEFAULT_LIMITS.max_file_bytes / MIB,
    max_pages: MaxPagesOption = _DEFAULT_LIMITS.max_pdf_pages,
    max_paragraphs: MaxParagraphsOption = _DEFAULT_LIMITS.max_paragraphs,
    read_timeout: ReadTimeoutOption = _DEFAULT_LIMITS.max_seconds or 0,
    export_timeout: ExportTimeoutOption = DEFAULT_EXPORT_SECONDS,
    quiet: QuietOption = False,
    strict: StrictOption = False,
) -> None:
    """Analyse SOURCES and write the memo file, DOCX and PDF into one folder."""
    with reported_errors(), progress_bars(quiet) as progress:
        result = build_briefing(
            sources, out, formats=fmt or (), style=style, options=ExportOptions(reference_docx=reference_docx),
            title=title, date=date and date.date(), password=password, progress=progress,
            limits=ingest_limits(max_source_mb, max_pages, max_paragraphs, read_timeout),
            export_seconds=export_timeout or None,
        )
    _report(result, strict)


@app.command()
def check(
    memo_file: Annotated[Path, typer.Argument(help="Memo file (.yaml, .yml or .json).")],
    sources: Annotated[Optional[Path], typer.Option(
        "--sources", help="Folder the sources' paths are relative to (default: the memo file's folder).")] = None,
    password: PasswordOption = None,
    max_source_mb: MaxSourceOption = _DEFAULT_LIMITS.max_file_bytes / MIB,
    max_pages: MaxPagesOption = _DEFAULT_LIMITS.max_pdf_pages,
    max_paragraphs: MaxParagraphsOption = _DEFAULT_LIMITS.max_paragraphs,
    read_timeout: ReadTimeoutOption = _DEFAULT_LIMITS.max_seconds or 0,
    strict: StrictOption = False,
) -> None:
    """Validate MEMO_FILE and verify every quote against its source text."""
    with reported_errors():
        memo, problems = check_memo_file(memo_file, sources, password=password,
                                         limits=ingest_limits(max_source_mb, max_pages, max_paragraphs, read_timeout))
        for problem in problems:
            typer.echo(f"warning: {problem}", err=True)
        citations = sum(1 for _ in memo.citations())
        typer.echo(f"{memo_file}: valid; {citations} citations, {len(problems)} warning(s)")
        if strict and problems:
            raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of memo files (for editors that validate YAML as you type)."""
    typer.echo(json.dumps(Memo.model_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def styles() -> None:
    """List the house styles that ship with memo."""
    with reported_errors():
        for name in style_names():
            typer.echo(f"{name:12} {load_style(name).description}")


@app.command()
def formats() -> None:
    """List the output formats."""
    for name, exporter in sorted(EXPORTERS.items()):
        typer.echo(f"{name:6} {exporter.suffix}")


def main() -> None:
    """Entry point of the `memo` console script."""
    try:
        app(prog_name="memo")
    finally:
        # Everything the command made lives until the process ends; the garbage collections
        # Python runs while shutting down would walk all of it again (0.4 s after `memo build`,
        # with spaCy's model loaded). Outputs are closed and renamed by then.
        gc.freeze()
