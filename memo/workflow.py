"""What each command does, as library functions: the CLI only parses arguments and calls these."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from memo.checks import check_memo
from memo.errors import Diagnostic, MemoError, UsageError
from memo.exporters import EXPORTERS, ExportOptions, get_exporter
from memo.house_style import load_style
from memo.ingest.limits import IngestLimits
from memo.memo_file import load_memo, save_memo
from memo.model import Memo
from memo.output import atomic_file, refuse_inputs

if TYPE_CHECKING:
    from memo.analysis.settings import AnalysisSettings


DEFAULT_EXPORT_SECONDS = 300.0
"""Wall-clock seconds one format may take to lay out and write."""

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a long step runs."""


@dataclass(frozen=True)
class BuildResult:
    """What `analyze_sources` or `build_briefing` produced."""

    memo: Memo
    written: list[Path]
    warnings: list[Diagnostic]


def render_memo(
    memo: Memo,
    out: Path,
    formats: Sequence[str] = (),
    style: str | Path = "default",
    options: ExportOptions = ExportOptions(),
    inputs: Iterable[Path] = (),
    export_seconds: float | None = DEFAULT_EXPORT_SECONDS,
) -> BuildResult:
    """Write `memo` to `out` + suffix in each format (all formats when none are named).

    Each format is laid out in a child process stopped after `export_seconds` (`None`: no limit),
    all of them at once, so a pathological memo ends in a one-line error, never a hang; nothing is
    left half-written.
    """
    exporter_classes = [get_exporter(name) for name in (formats or sorted(EXPORTERS))]
    house = load_style(style)
    inputs = [*inputs, *((options.reference_docx,) if options.reference_docx else ())]
    written: list[Path] = []
    warnings: list[Diagnostic] = []
    # Every format is started before any is awaited: each lays out in its own child process, so
    # the formats are written side by side. They are awaited in order; a failure stops those still
    # running and leaves no output.
    paths = [out.with_suffix(exporter_class.suffix) for exporter_class in exporter_classes]
    for path in paths:
        refuse_inputs(path, inputs)
    with ExitStack() as stack:
        running = []
        for exporter_class, path in zip(exporter_classes, paths, strict=True):
            tmp = stack.enter_context(atomic_file(path))
            job = exporter_class(house, options).begin_export(memo, tmp, export_seconds, named=path)
            stack.callback(job.stop)
            running.append((path, job))
        for path, job in running:
            warnings += job.result()
            written.append(path)
    return BuildResult(memo, written, warnings)


def output_stem(out: Path) -> Path:
    """The output path without a memo suffix: `-o out/briefing.pdf` means `out/briefing`."""
    if out.suffix.lower() in {".docx", ".pdf", ".yaml", ".yml", ".json"}:
        return out.with_suffix("")
    if out.name in {"", ".", ".."} or out.is_dir():
        raise UsageError(f"-o {out} is a folder; give a file name without suffix, e.g. {out / 'briefing'}")
    return out


def check_memo_file(
    path: Path, sources_dir: Path | None = None, *, limits: IngestLimits = IngestLimits(), password: str | None = None,
) -> tuple[Memo, list[Diagnostic]]:
    """Validate a memo file and verify its quotes against every source text that can be reached.

    Source files are looked up by `Source.path`, relative to `sources_dir` when given, else to
    the memo file's folder. A source without a path, or whose file is missing, is reported.
    """
    from memo.ingest import read_source  # the source readers are slow to import; see analyze_sources

    memo = load_memo(path)
    base = sources_dir if sources_dir is not None else path.parent
    texts: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for source in memo.sources:
        if not source.path:
            problems.append(Diagnostic(f"{path}: sources.{source.id}", "no path; quotes of this source were not verified"))
            continue
        file = Path(source.path) if Path(source.path).is_absolute() else base / source.path
        try:
            texts[source.id] = read_source(file, source_id=source.id, limits=limits, password=password).text
        except MemoError as exc:
            problems.append(Diagnostic(f"{path}: sources.{source.id}", f"cannot verify quotes: {exc}"))
    return memo, problems + check_memo(memo, texts, where=str(path))


def analyze_sources(
    inputs: Sequence[Path | str],
    memo_path: Path,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    settings: AnalysisSettings | None = None,
    limits: IngestLimits = IngestLimits(),
    password: str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Read the sources, analyse them into a memo, and save it as an editable memo file.

    Source paths in the memo are written relative to the memo file, so `memo check` finds them.
    """
    # Imported here: spaCy and the source readers take about a second to import, which rendering
    # and checking a memo file should not pay.
    from memo.analysis.pipeline import build_memo
    from memo.analysis.settings import AnalysisSettings
    from memo.ingest import load_sources

    texts = load_sources(inputs, limits=limits, password=password, progress=progress)
    refuse_inputs(memo_path, [Path(t.source.path) for t in texts if t.source.path])
    memo = build_memo(texts, title=title, date=date, settings=settings or AnalysisSettings(), progress=progress)
    memo = _paths_relative_to(memo, memo_path.parent)
    save_memo(memo, memo_path)
    source_texts = {t.source.id: t.text for t in texts}
    warnings = [d for t in texts for d in t.diagnostics] + check_memo(memo, source_texts, where=str(memo_path))
    return BuildResult(memo, [memo_path], warnings)


def build_briefing(
    inputs: Sequence[Path | str],
    out_dir: Path,
    *,
    formats: Sequence[str] = (),
    style: str | Path = "default",
    options: ExportOptions = ExportOptions(),
    title: str | None = None,
    date: dt.date | None = None,
    settings: AnalysisSettings | None = None,
    limits: IngestLimits = IngestLimits(),
    password: str | None = None,
    export_seconds: float | None = DEFAULT_EXPORT_SECONDS,
    progress: Progress | None = None,
) -> BuildResult:
    """`analyze_sources` into OUT_DIR/memo.yaml, then render OUT_DIR/memo.docx and memo.pdf."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"-o {out_dir} is a file; give the folder to write memo.yaml, memo.docx and memo.pdf into")
    # Fail on a bad style or format before spending time on analysis.
    load_style(style)
    for name in formats:
        get_exporter(name)
    result = analyze_sources(inputs, out_dir / "memo.yaml", title=title, date=date, settings=settings,
                             limits=limits, password=password, progress=progress)
    source_paths = [Path(s.path) if Path(s.path).is_absolute() else out_dir / s.path
                    for s in result.memo.sources if s.path]
    rendered = render_memo(result.memo, out_dir / "memo", formats, style, options, inputs=source_paths,
                           export_seconds=export_seconds)
    return BuildResult(result.memo, result.written + rendered.written, result.warnings + rendered.warnings)


def _paths_relative_to(memo: Memo, folder: Path) -> Memo:
    sources = tuple(
        s.model_copy(update={"path": os.path.relpath(Path(s.path).resolve(), folder.resolve())}) if s.path else s
        for s in memo.sources
    )
    return memo.model_copy(update={"sources": sources})
