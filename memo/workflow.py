"""What each command does, as library functions: the CLI only parses arguments and calls these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from memo.checks import check_memo
from memo.errors import Diagnostic, MemoError, UsageError
from memo.exporters import EXPORTERS, ExportOptions, get_exporter
from memo.house_style import load_style
from memo.ingest import read_source
from memo.memo_file import load_memo
from memo.model import Memo
from memo.output import refuse_inputs


def render_memo(
    memo: Memo,
    out: Path,
    formats: Sequence[str] = (),
    style: str | Path = "default",
    options: ExportOptions = ExportOptions(),
    inputs: Iterable[Path] = (),
) -> list[Path]:
    """Write `memo` to `out` + suffix in each format (all formats when none are named)."""
    exporters = [get_exporter(name) for name in (formats or sorted(EXPORTERS))]
    house = load_style(style)
    inputs = [*inputs, *((options.reference_docx,) if options.reference_docx else ())]
    written = []
    for exporter in exporters:
        path = out.with_suffix(exporter.suffix)
        refuse_inputs(path, inputs)
        written.append(exporter(house, options).export(memo, path))
    return written


def output_stem(out: Path) -> Path:
    """The output path without a memo suffix: `-o out/briefing.pdf` means `out/briefing`."""
    if out.suffix.lower() in {".docx", ".pdf", ".yaml", ".yml", ".json"}:
        return out.with_suffix("")
    if out.name in {"", ".", ".."} or out.is_dir():
        raise UsageError(f"-o {out} is a folder; give a file name without suffix, e.g. {out / 'briefing'}")
    return out


def check_memo_file(path: Path, sources_dir: Path | None = None) -> tuple[Memo, list[Diagnostic]]:
    """Validate a memo file and verify its quotes against every source text that can be reached.

    Source files are looked up by `Source.path`, relative to `sources_dir` when given, else to
    the memo file's folder. A source without a path, or whose file is missing, is reported.
    """
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
            texts[source.id] = read_source(file, source_id=source.id).text
        except MemoError as exc:
            problems.append(Diagnostic(f"{path}: sources.{source.id}", f"cannot verify quotes: {exc}"))
    return memo, problems + check_memo(memo, texts, where=str(path))
