"""The analysis suite: `memo build` on the seeds, and `memo analyze` throughput on a synthetic corpus.

Targets: `memo build seeds/` median ≤ 3 s; analysis at ≥ 3,000 words/s warm (the marginal rate
between the two largest corpora, so interpreter and model start-up do not count); 1,000 articles
in ≤ 5 minutes; peak RSS ≤ 2 GB. Build and the smaller corpora run in interleaved rounds; the
1,000-article corpus runs once, killed at the timeout. Commands that do not exist yet are reported as
skipped, never estimated.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import Corpus, write_corpus
from bench.export_suite import ROOT, Tools
from bench.measure import Run, Summary, as_dict, run_once, summarize

BUILD_TARGET_S = 3.0
WARM_WORDS_PER_S = 3000
LARGE_ARTICLES = 1000
LARGE_TARGET_S = 300.0
PEAK_RSS_TARGET_MIB = 2048
MAX_ROUNDS = 3
ANALYZE_NAMES = ("analyze", "analyse")


@dataclass
class Job:
    """One analysis command, and what became of its runs."""

    name: str
    argv: list[str]
    output: Path
    """A file the command must write."""
    words: int | None = None
    """Words of the corpus analysed; None for `memo build` on the seeds."""
    runs: list[Run] = field(default_factory=list)
    error: str | None = None

    def run(self, record: bool, timeout_s: float) -> None:
        """Run once; keep the run when `record`, and stop the job at its first failure."""
        result = run_once(self.argv, self.output, timeout_s, cwd=ROOT)
        if result.error:
            self.error = result.error
            self.runs.append(result)
        elif record:
            self.runs.append(result)


def _has_command(memo: list[str] | None, name: str) -> bool:
    if memo is None:
        return False
    done = subprocess.run([*memo, name, "--help"], capture_output=True, stdin=subprocess.DEVNULL, cwd=ROOT)
    return done.returncode == 0


def run_suite(seeds: Path, out: Path, articles: list[int], runs: int, timeout_s: float, progress) -> dict:
    """Time `memo build` and `memo analyze`; return JSON-ready results (with `skipped` set if absent)."""
    out.mkdir(parents=True, exist_ok=True)
    memo = Tools.find().memo
    results: dict = {"build": None, "analyze": [], "skipped": None, "analyze_command": None}
    has_build = _has_command(memo, "build")
    analyze = next((name for name in ANALYZE_NAMES if _has_command(memo, name)), None)
    if not has_build and analyze is None:
        results["skipped"] = "memo build not available"
        return results
    rounds = max(1, min(runs, MAX_ROUNDS))
    build = Job("memo build seeds/", [*memo, "build", str(seeds), "-o", str(out / "build"), "--quiet"],
                out / "build" / "memo.yaml") if has_build else None
    corpora: list[tuple[Corpus, Job]] = []
    if analyze:
        results["analyze_command"] = analyze
        for count in sorted(articles):
            progress(f"analysis: writing a corpus of {count} articles")
            corpus = write_corpus(seeds, out / "corpus" / f"{count:04d}", count)
            target = out / f"memo-{count:04d}.yaml"
            corpora.append((corpus, Job(f"memo {analyze} ({count} articles)",
                                        [*memo, analyze, str(corpus.folder), "-o", str(target), "--quiet"],
                                        target, corpus.words)))
    # Corpora of 1,000 articles take minutes: they run once, after the interleaved rounds of the rest.
    looped = ([build] if build else []) + [job for corpus, job in corpora if corpus.articles < LARGE_ARTICLES]
    once = [job for corpus, job in corpora if corpus.articles >= LARGE_ARTICLES]
    progress("analysis: warm-up")
    for job in ([build] if build else []) + [job for _, job in corpora[:1]]:
        job.run(record=False, timeout_s=timeout_s)
    for number in range(1, rounds + 1):
        for job in looped:
            if job.error is None:
                job.run(record=True, timeout_s=timeout_s)
        progress(f"analysis: round {number}/{rounds} done")
    for job in once:
        if job.error is None:
            progress(f"analysis: {job.name}, once (killed after {timeout_s:.0f} s)")
            job.run(record=True, timeout_s=timeout_s)
    if build:
        results["build"] = _job_dict(build)
    results["analyze"] = [_job_dict(job) | {"articles": corpus.articles} for corpus, job in corpora]
    results["targets"] = targets(results)
    return results


def _job_dict(job: Job) -> dict:
    ok = [r for r in job.runs if r.error is None]
    return {"name": job.name, "command": job.argv, "words": job.words, "error": job.error,
            "runs": [as_dict(r) for r in job.runs],
            "summary": as_dict(summarize(ok)) if ok and job.error is None else None,
            "peak_rss_mib": max((r.peak_rss_mib for r in job.runs), default=None)}


def targets(results: dict) -> list[dict]:
    """Each analysis target with the measured value and PASS/FAIL (None when not measured)."""
    rows = []
    build = results["build"]
    if build is not None:
        value = build["summary"]["wall_median_s"] if build["summary"] else None
        rows.append(_target("memo build seeds/ median wall", value, f"≤ {BUILD_TARGET_S:.0f} s", "s",
                            False if build["error"] else value <= BUILD_TARGET_S, build["error"]))
    measured = [a for a in results["analyze"] if a["summary"]]
    if results["analyze"]:
        warm = None
        if len(measured) >= 2:
            a, b = measured[-2], measured[-1]
            dt = b["summary"]["wall_median_s"] - a["summary"]["wall_median_s"]
            warm = (b["words"] - a["words"]) / dt if dt > 0 else None
        rows.append(_target("analysis throughput, warm (marginal words/s)", warm, f"≥ {WARM_WORDS_PER_S:,}", "words/s",
                            None if warm is None else warm >= WARM_WORDS_PER_S,
                            None if warm is not None else "needs two corpus sizes measured"))
        large = next((a for a in results["analyze"] if a["articles"] == LARGE_ARTICLES), None)
        if large is not None:
            value = large["summary"]["wall_median_s"] if large["summary"] else None
            rows.append(_target(f"{LARGE_ARTICLES:,} articles wall", value, f"≤ {LARGE_TARGET_S:.0f} s", "s",
                                False if large["error"] else value <= LARGE_TARGET_S, large["error"]))
        peaks = [a["peak_rss_mib"] for a in results["analyze"] if a["peak_rss_mib"] is not None]
        if build is not None and build["peak_rss_mib"] is not None:
            peaks.append(build["peak_rss_mib"])
        peak = max(peaks, default=None)
        rows.append(_target("peak RSS of any analysis run", peak, f"≤ {PEAK_RSS_TARGET_MIB:,} MiB", "MiB",
                            None if peak is None else peak <= PEAK_RSS_TARGET_MIB, None))
    return rows


def _target(name: str, value: float | None, target: str, unit: str, ok: bool | None, error: str | None) -> dict:
    verdict = None if ok is None else ("PASS" if ok else "FAIL")
    return {"name": name, "value": value, "unit": unit, "target": target, "verdict": verdict, "error": error}


def report(results: dict) -> list[str]:
    """The suite's results as Markdown tables."""
    lines = ["## Analysis: whole process", ""]
    if results["skipped"]:
        return lines + [f"skipped: {results['skipped']}"]
    lines += ["| command | words | median wall s | min–max s | words/s | peak RSS MiB | runs |",
              "|---|---|---|---|---|---|---|"]
    jobs = ([results["build"]] if results["build"] else []) + results["analyze"]
    if results["build"] is None:
        lines.insert(2, "memo build: skipped (not available)\n")
    if not results["analyze"]:
        lines.insert(2, "memo analyze: skipped (not available)\n")
    for job in jobs:
        if job["summary"] is None:
            lines.append(f"| {job['name']} | {_count(job['words'])} | FAILED: {job['error']} | | | | |")
            continue
        s = Summary(**job["summary"])
        rate = f"{job['words'] / s.wall_median_s:,.0f}" if job["words"] else "-"
        lines.append(f"| {job['name']} | {_count(job['words'])} | {s.wall_median_s:.2f} | "
                     f"{s.wall_min_s:.2f}–{s.wall_max_s:.2f} | {rate} | {job['peak_rss_mib']:.0f} | {s.runs} |")
    lines += ["", "| target | measured | target | result |", "|---|---|---|---|"]
    for t in results["targets"]:
        value = "n/a" if t["value"] is None else f"{t['value']:,.2f} {t['unit']}"
        if t["error"]:
            value += f" ({t['error']})"
        lines.append(f"| {t['name']} | {value} | {t['target']} | {t['verdict'] or 'n/a'} |")
    return lines


def _count(words: int | None) -> str:
    return "-" if words is None else f"{words:,}"
