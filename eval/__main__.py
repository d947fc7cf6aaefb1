"""`python -m eval`: analyse every gold cluster, score the memo against its gold, print a table.

A cluster is a folder of source articles with a gold memo: `seeds/` (gold `seeds/memo.yaml`) and
every `eval/clusters/<name>/` (gold `gold.yaml`). Exit status: 0 when every cluster was analysed
and every citation is verbatim, 1 otherwise, 2 when the analysis cannot be imported.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from memo.errors import MemoError
from memo.evaluation import EvalScores, format_table, score_memo
from memo.model import Memo

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "eval" / "clusters"


def find_clusters() -> dict[str, tuple[Path, Path]]:
    """Every cluster with a gold memo, by name: its source folder and its gold memo file."""
    found = {}
    if (ROOT / "seeds" / "memo.yaml").is_file():
        found["seeds"] = (ROOT / "seeds", ROOT / "seeds" / "memo.yaml")
    for folder in sorted(CLUSTERS.iterdir()):
        if (folder / "gold.yaml").is_file():
            found[folder.name] = (folder, folder / "gold.yaml")
    return found


def load_gold(path: Path) -> Memo:
    """The gold memo stored in the YAML file `path`."""
    return Memo.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="clusters to score (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list unmatched item ids and every citation that is not verbatim")
    args = parser.parse_args(argv)
    try:
        from memo.analysis.pipeline import build_memo
        from memo.ingest import load_sources
    except ImportError as exc:
        print(f"skipped: analysis not available ({exc})")
        return 2

    clusters = find_clusters()
    unknown = sorted(set(args.names) - set(clusters))
    if unknown:
        parser.error(f"unknown cluster(s) {', '.join(unknown)}; choose from {', '.join(clusters)}")
    if "seeds" not in clusters:
        print("note: seeds/memo.yaml does not exist yet; the seeds are not scored", file=sys.stderr)
    rows: list[tuple[str, EvalScores]] = []
    failed = False
    for name in args.names or list(clusters):
        folder, gold_path = clusters[name]
        started = time.perf_counter()
        try:
            sources = load_sources([folder])
            predicted = build_memo(sources)
        except MemoError as exc:
            print(f"{name}: {exc.category}: {exc}", file=sys.stderr)
            failed = True
            continue
        texts = {source.source.id: source.text for source in sources}
        scores = score_memo(predicted, load_gold(gold_path), texts)
        rows.append((name, scores))
        if args.verbose:
            print(_details(name, scores, time.perf_counter() - started))
        failed = failed or scores.verbatim != scores.citations
    print(format_table(rows))
    for name, scores in rows:
        if scores.not_verbatim:
            print(f"{name}: {len(scores.not_verbatim)} citation(s) not verbatim", file=sys.stderr)
        if scores.gold_not_found:
            print(f"{name}: {len(scores.gold_not_found)} gold quote(s) not in the ingested text; "
                  "they match by words only", file=sys.stderr)
    return 1 if failed else 0


def _details(name: str, scores: EvalScores, seconds: float) -> str:
    lines = [f"{name} ({seconds:.1f} s)"]
    for section, tally in scores.sections().items():
        missed = ", ".join(tally.unmatched_gold) or "none"
        spurious = ", ".join(tally.unmatched_predicted) or "none"
        lines.append(f"  {section}: gold missed {missed}; predicted unmatched {spurious}")
    lines += [f"  not verbatim: {line}" for line in scores.not_verbatim]
    lines += [f"  gold quote not in ingested text: {line}" for line in scores.gold_not_found]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
