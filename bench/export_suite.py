"""The export suite: our DOCX and PDF next to pandoc, LibreOffice and WeasyPrint on the same memo.

Every tool is timed as a whole process on the same content (see `bench.gen_memo`), in interleaved
rounds: a warm-up round (every tool on the first size), then each round runs every tool x size
once, so machine drift hits all tools alike. LibreOffice converts our own DOCX, with a profile
folder of its own that the warm-up creates; pandoc converts the Markdown twin and WeasyPrint the
HTML twin.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.gen_memo import Inputs
from bench.measure import Run, Summary, as_dict, pdf_pages, run_once, summarize

# (numerator tool, denominator tool, target ratio on the large memo, how the target reads)
TARGETS = (
    ("memo-docx", "pandoc-docx", 0.5, "≤ 0.50"),
    ("memo-pdf", "libreoffice-pdf", 0.4, "≤ 0.40"),
    ("memo-pdf", "weasyprint-pdf", 0.2, "< 0.20"),
)
TARGET_SIZE = "large"
ROOT = Path(__file__).resolve().parent.parent
LABELS = {
    "memo-docx": "memo render -f docx",
    "pandoc-docx": "pandoc md→docx",
    "memo-pdf": "memo render -f pdf",
    "libreoffice-pdf": "LibreOffice docx→pdf",
    "weasyprint-pdf": "WeasyPrint html→pdf",
}


@dataclass
class Job:
    """One tool on one size, and what became of its runs."""

    tool: str
    size: str
    argv: list[str]
    output: Path
    skipped: str | None = None
    """Why the job was not run (tool not installed); None when it runs."""
    error: str | None = None
    """Why the job stopped (its first failed run); None while every run succeeds."""
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    """A remark printed beside the row (what LibreOffice converted when it was not our DOCX)."""

    @property
    def active(self) -> bool:
        """True while the job is installed and has not failed."""
        return self.skipped is None and self.error is None

    def run(self, record: bool) -> None:
        """Run once; keep the run when `record`, and stop the job at its first failure."""
        result = run_once(self.argv, self.output, cwd=ROOT)
        if result.error:
            self.error = result.error
        elif record:
            self.runs.append(result)


@dataclass(frozen=True)
class Tools:
    """How to start each program, or None when it is not installed."""

    memo: list[str] | None
    """Our CLI: the `memo` console script, else `python -m memo` from the repository."""
    pandoc: str | None
    soffice: str | None
    weasyprint: str | None

    @classmethod
    def find(cls) -> Tools:
        """Look beside the running interpreter first (the venv), then on PATH."""
        return cls(_memo_command(), shutil.which("pandoc"), shutil.which("soffice"), _beside_python("weasyprint"))


def _beside_python(name: str) -> str | None:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def _memo_command() -> list[str] | None:
    script = _beside_python("memo")
    if script:
        return [script]
    # Not installed (no `pip install -e .` yet): the same CLI runs as a module from the repository.
    if (ROOT / "memo" / "__main__.py").exists():
        return [sys.executable, "-m", "memo"]
    return None


def plan(inputs: dict[str, Inputs], out: Path, tools: Tools) -> list[Job]:
    """Every tool x size job, in the order a round runs them (our DOCX before LibreOffice reads it)."""
    profile = (out / "lo-profile").resolve().as_uri()
    jobs = []
    memo = tools.memo or ["memo"]
    for size, files in inputs.items():
        lo_input = out / f"lo-input-{size}.docx"
        jobs += [
            Job("memo-docx", size, [*memo, "render", str(files.json), "-o", str(out / f"memo-{size}"), "-f", "docx"],
                out / f"memo-{size}.docx", None if tools.memo else "memo CLI not installed"),
            Job("pandoc-docx", size, [tools.pandoc or "pandoc", str(files.markdown), "-o", str(out / f"pandoc-{size}.docx")],
                out / f"pandoc-{size}.docx", None if tools.pandoc else "not installed"),
            Job("memo-pdf", size, [*memo, "render", str(files.json), "-o", str(out / f"memo-{size}"), "-f", "pdf"],
                out / f"memo-{size}.pdf", None if tools.memo else "memo CLI not installed"),
            Job("libreoffice-pdf", size,
                [tools.soffice or "soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(out / "lo"), str(lo_input)],
                out / "lo" / f"lo-input-{size}.pdf", None if tools.soffice else "not installed"),
            Job("weasyprint-pdf", size, [tools.weasyprint or "weasyprint", str(files.html), str(out / f"weasyprint-{size}.pdf")],
                out / f"weasyprint-{size}.pdf", None if tools.weasyprint else "not installed"),
        ]
    return jobs


def _prepare_libreoffice_input(jobs: list[Job], size: str, out: Path) -> None:
    """Give LibreOffice a fixed copy of our DOCX (pandoc's if ours failed) to convert every round."""
    by_tool = {j.tool: j for j in jobs if j.size == size}
    lo = by_tool["libreoffice-pdf"]
    for source in ("memo-docx", "pandoc-docx"):
        job = by_tool[source]
        if job.active and job.output.exists():
            shutil.copyfile(job.output, out / f"lo-input-{size}.docx")
            if source != "memo-docx":
                lo.note = "converts pandoc's DOCX: ours failed"
            return
    if lo.skipped is None:
        lo.skipped = "no DOCX to convert (ours and pandoc's both failed)"


def run_suite(inputs: dict[str, Inputs], out: Path, runs: int, progress) -> dict:
    """Time every tool on every size in `runs` interleaved rounds; return the JSON-ready results."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "lo").mkdir(exist_ok=True)
    tools = Tools.find()
    jobs = plan(inputs, out, tools)
    progress("export: warm-up round")
    first = next(iter(inputs))
    for size in inputs:
        for job in (j for j in jobs if j.size == size):
            if job.tool == "libreoffice-pdf":
                _prepare_libreoffice_input(jobs, size, out)
            # Warming up needs each tool once (imports, font caches, LibreOffice's profile), on
            # the first size; the other sizes only need the DOCX files LibreOffice will convert.
            if job.active and (size == first or job.tool in ("memo-docx", "pandoc-docx")):
                job.run(record=False)
    for number in range(1, runs + 1):
        for job in jobs:
            if job.active:
                job.run(record=True)
        progress(f"export: round {number}/{runs} done")
    rows = [_row(job) for job in jobs]
    _add_docx_pages(rows, jobs, out, tools, progress)
    return {"tools": {"memo": tools.memo, "pandoc": tools.pandoc,
                      "soffice": tools.soffice, "weasyprint": tools.weasyprint},
            "rows": rows, "ratios": ratios(jobs)}


def _row(job: Job) -> dict:
    row = {"tool": job.tool, "label": LABELS[job.tool], "size": job.size, "command": job.argv,
           "skipped": job.skipped, "error": job.error, "note": job.note,
           "runs": [as_dict(r) for r in job.runs], "summary": None, "pages": None, "pages_from": None,
           "output_bytes": None}
    if job.runs and job.error is None:
        row["summary"] = as_dict(summarize(job.runs))
        row["output_bytes"] = job.output.stat().st_size
        if job.output.suffix == ".pdf":
            row["pages"], row["pages_from"] = pdf_pages(job.output), "pdf"
    return row


def _add_docx_pages(rows: list[dict], jobs: list[Job], out: Path, tools: Tools, progress) -> None:
    """Page counts for the DOCX rows, as laid out by LibreOffice (one untimed conversion each)."""
    for row in rows:
        if row["tool"] == "memo-docx":
            lo = next(r for r in rows if r["tool"] == "libreoffice-pdf" and r["size"] == row["size"])
            if row["summary"] and lo["pages"] and not lo["note"]:
                row["pages"], row["pages_from"] = lo["pages"], "libreoffice"
        elif row["tool"] == "pandoc-docx" and row["summary"] and tools.soffice:
            job = next(j for j in jobs if j.tool == "libreoffice-pdf" and j.size == row["size"])
            if job.skipped is not None:
                continue
            progress(f"export: counting pages of pandoc's {row['size']} DOCX with LibreOffice")
            argv = [*job.argv[:-3], "--outdir", str(out / "lo-pages"), str(out / f"pandoc-{row['size']}.docx")]
            pdf = out / "lo-pages" / f"pandoc-{row['size']}.pdf"
            if run_once(argv, pdf).error is None:
                row["pages"], row["pages_from"] = pdf_pages(pdf), "libreoffice"


def ratios(jobs: list[Job]) -> list[dict]:
    """Our time over each peer's, per size: ratio of medians, and the median of per-round ratios."""
    by_key = {(j.tool, j.size): j for j in jobs}
    results = []
    for size in dict.fromkeys(j.size for j in jobs):
        for ours, peer, target, target_text in TARGETS:
            a, b = by_key[(ours, size)], by_key[(peer, size)]
            result = {"ours": ours, "peer": peer, "size": size,
                      "target": target if size == TARGET_SIZE else None,
                      "target_text": target_text if size == TARGET_SIZE else "",
                      "ratio": None, "paired_median": None, "paired_min": None, "paired_max": None,
                      "verdict": None, "missing": None}
            missing = [_why_missing(j) for j in (a, b) if _why_missing(j)]
            if missing:
                result["missing"] = "; ".join(missing)
            else:
                sa, sb = summarize(a.runs), summarize(b.runs)
                result["ratio"] = sa.wall_median_s / sb.wall_median_s
                # Runs of the same round ran a few seconds apart: their ratio cancels slow drift.
                paired = [x.wall_s / y.wall_s for x, y in zip(a.runs, b.runs)]
                result.update(paired_median=statistics.median(paired), paired_min=min(paired), paired_max=max(paired))
                if result["target"] is not None:
                    result["verdict"] = "PASS" if _meets(result["ratio"], target_text, target) else "FAIL"
            results.append(result)
    return results


def _why_missing(job: Job) -> str | None:
    if job.skipped:
        return f"{LABELS[job.tool]} skipped ({job.skipped})"
    if job.error:
        return f"{LABELS[job.tool]} failed"
    return None


def _meets(ratio: float, target_text: str, target: float) -> bool:
    return ratio < target if target_text.startswith("<") else ratio <= target


def report(results: dict) -> list[str]:
    """The suite's results as Markdown tables: one row per tool x size, then the ratios."""
    lines = ["## Export: whole process, median of interleaved rounds", "",
             "| tool | size | median wall s | min–max s | median CPU s | peak RSS MiB | pages |",
             "|---|---|---|---|---|---|---|"]
    for row in results["rows"]:
        head = f"| {row['label']} | {row['size']} |"
        if row["skipped"]:
            lines.append(f"{head} skipped ({row['skipped']}) | | | | |")
        elif row["error"]:
            lines.append(f"{head} FAILED: {row['error']} | | | | |")
        else:
            s = Summary(**row["summary"])
            pages = "-" if row["pages"] is None else f"{row['pages']}{'†' if row['pages_from'] == 'libreoffice' else ''}"
            note = f" ({row['note']})" if row["note"] else ""
            lines.append(f"{head} {s.wall_median_s:.3f} | {s.wall_min_s:.3f}–{s.wall_max_s:.3f} | "
                         f"{s.cpu_median_s:.3f} | {s.peak_rss_mib:.0f} | {pages}{note} |")
    lines += ["", "† DOCX pages as laid out by LibreOffice.", "",
              "| ratio (wall) | size | ratio of medians | per-round median (min–max) | target | result |",
              "|---|---|---|---|---|---|"]
    for r in results["ratios"]:
        name = f"{LABELS[r['ours']]} / {LABELS[r['peer']]}"
        if r["missing"]:
            lines.append(f"| {name} | {r['size']} | n/a | {r['missing']} | {r['target_text'] or '—'} | "
                         f"{'n/a' if r['target'] is not None else ''} |")
        else:
            lines.append(f"| {name} | {r['size']} | {r['ratio']:.2f} | {r['paired_median']:.2f} "
                         f"({r['paired_min']:.2f}–{r['paired_max']:.2f}) | {r['target_text'] or '—'} | "
                         f"{r['verdict'] or ''} |")
    return lines
