"""`python -m bench`: run the export and analysis suites, print Markdown tables, save JSON results.

Run it from the repository root (the Makefile's `make bench` does). Everything it writes goes
under `--out` (default `.bench/`, git-ignored): the generated inputs, every tool's outputs,
LibreOffice's profile, the synthetic corpora and `results-<UTC time>.json`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

from bench import analysis_suite, export_suite
from bench.export_suite import Tools
from bench.gen_memo import SIZES, write_inputs
from bench.measure import tool_version

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time memo's exporters against pandoc, LibreOffice and WeasyPrint, and its analysis pipeline.")
    parser.add_argument("--suite", choices=("export", "analysis", "all"), default="all",
                        help="which suite to run (default: all)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed rounds after one warm-up round (default 5; the analysis suite runs at most "
                             f"{analysis_suite.MAX_ROUNDS}, and the 1,000-article corpus once)")
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help=f"memo sizes for the export suite (default: {','.join(SIZES)})")
    parser.add_argument("--articles", default="10,100,1000",
                        help="corpus sizes in articles for the analysis suite (default: 10,100,1000)")
    parser.add_argument("--timeout", type=float, default=330.0,
                        help="seconds after which an analysis run is killed and counted as failed (default 330)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seed articles (default: seeds/)")
    parser.add_argument("--out", type=Path, default=Path(".bench"), help="output folder (default: .bench/)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails or a tool fails")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.sizes.split(",")) - set(SIZES))
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    try:
        args.articles = [int(n) for n in args.articles.split(",")]
    except ValueError:
        parser.error(f"--articles takes comma-separated whole numbers, not {args.articles!r}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def progress(message: str) -> None:
    """A progress line on stderr, so stdout carries only the report."""
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def environment() -> dict:
    """The machine and tool versions the numbers were measured with."""
    tools = Tools.find()
    commands = {"memo": [*tools.memo, "--version"] if tools.memo else None,
                "pandoc": [tools.pandoc, "--version"] if tools.pandoc else None,
                "libreoffice": [tools.soffice, "--version"] if tools.soffice else None,
                "weasyprint": [tools.weasyprint, "--version"] if tools.weasyprint else None}
    versions = {name: (tool_version(argv, ROOT) or "unavailable (--version failed)") if argv else "not installed"
                for name, argv in commands.items()}
    return {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "versions": versions}


def failures(results: dict) -> list[str]:
    """What `--strict` fails on: failed tools and targets."""
    found = []
    export = results.get("export")
    if export:
        found += [f"{r['label']} {r['size']}: {r['error']}" for r in export["rows"] if r["error"]]
        found += [f"{r['ours']}/{r['peer']} {r['size']}: {r['ratio']:.2f}" for r in export["ratios"]
                  if r["verdict"] == "FAIL"]
    analysis = results.get("analysis")
    if analysis and not analysis["skipped"]:
        found += [f"{t['name']}: {t['verdict']}" for t in analysis["targets"] if t["verdict"] == "FAIL"]
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the chosen suites; return the exit status."""
    args = parse_args(argv)
    out = args.out.resolve()
    started = dt.datetime.now(dt.timezone.utc)
    results: dict = {"started_utc": started.isoformat(timespec="seconds"), "runs": args.runs,
                     "environment": environment(), "export": None, "analysis": None}
    env_line = results["environment"]
    print(f"# memo benchmark, {started:%Y-%m-%d %H:%M} UTC — {env_line['cpus']} CPUs, "
          f"load {env_line['load_average'][0]:.2f}, Python {env_line['python']}")
    for name, version in env_line["versions"].items():
        print(f"- {name}: {version}")
    print()
    if args.suite in ("export", "all"):
        progress("export: writing the benchmark memos")
        inputs = write_inputs(out / "inputs", args.sizes.split(","))
        results["export"] = export_suite.run_suite(inputs, out / "export", args.runs, progress)
        results["export"]["words"] = {size: files.words for size, files in inputs.items()}
        print("\n".join(export_suite.report(results["export"])), end="\n\n", flush=True)
    if args.suite in ("analysis", "all"):
        results["analysis"] = analysis_suite.run_suite(args.seeds.resolve(), out / "analysis", args.articles,
                                                       args.runs, args.timeout, progress)
        print("\n".join(analysis_suite.report(results["analysis"])), end="\n\n", flush=True)
    results["finished_utc"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    path = out / f"results-{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"results: {path}")
    failed = failures(results)
    if args.strict and failed:
        for line in failed:
            print(f"FAIL: {line}", file=sys.stderr)
        return 1
    return 0
