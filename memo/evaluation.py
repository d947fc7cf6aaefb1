"""Score an analysed memo against a gold memo: what `make eval` prints.

`score_memo(predicted, gold, texts)` pairs the items of each section of the predicted memo with
the items of the gold memo, one to one, and counts the pairs; `format_table` lays several clusters
out side by side with their macro average. The rules, section by section:

- **Sources** are paired first (`align_sources`): by file name of `Source.path`, then by title,
  then by id. Everything below compares citations only through this pairing, so a predicted memo
  may number its sources in any order.
- **Quotes** are compared after folding (NFKC, case-folded, typographic quotes and dashes made
  plain, runs of whitespace collapsed), because a gold memo may quote the raw file while the
  analysis quotes the cleaned text. Two quotes of paired sources *overlap* with a score that is
  the larger of (a) their character-span overlap, when both are found in the source text: the
  shared characters over the length of the shorter span, so citing the whole sentence around a
  gold phrase counts as citing the same evidence; and (b) the Jaccard index of their word sets.
  They overlap substantially when that score is at least `QUOTE_OVERLAP` (0.5).
- **Actors** match when any name or alias of one, normalised (case-folded, accents, periods and
  apostrophes dropped, other punctuation made a space, a leading "the" dropped), equals any name
  or alias of the other.
- **Key points** match when the best pair of their citations overlaps substantially.
- **Disagreements** match when at least two of their positions match; two positions match when
  they belong to paired sources and the best pair of their citations overlaps substantially (a
  position without citations matches nothing). The kind is not required to agree; it only decides
  between gold disagreements that the same positions would match equally well.
- **Open questions** match when the best pair of their citations overlaps substantially, or when
  the content words of the questions have a Jaccard index of at least `QUESTION_JACCARD` (0.4).
- **Pairing** is one to one and pairs as many items as possible (a maximum matching, found by
  augmenting paths), trying better-scoring partners first; taking the best-scoring pairs greedily
  would leave an item unpaired when its only partner went to an item that had another. Precision is matched predicted items over predicted items, recall
  matched gold items over gold items; either is `None` (shown as "-") when there is nothing to
  divide by.
- **Verbatim share** is the fraction of every citation of the predicted memo (key points, actor
  mentions, positions, questions) whose quote occurs in its source's text, up to runs of
  whitespace, and, when the citation has offsets, equals `text[start:end]` exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from statistics import fmean
from typing import Protocol, TypeVar

from memo.model import Actor, Citation, Disagreement, KeyPoint, Memo, OpenQuestion, Position, Source

QUOTE_OVERLAP = 0.5
"""Smallest quote-overlap score for two citations to count as the same evidence."""
QUESTION_JACCARD = 0.4
"""Smallest content-word Jaccard index for two open questions to count as the same question."""

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_FOLDS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ",
})
# Words that carry no topic: two questions sharing only these ask different things.
_STOPWORDS = frozenset(
    "a about after all an and any are as at be been before but by can could did do does for from "
    "had has have how if in into is it its may might more not of on or over should so than that "
    "the their them there these they this those to under was were what when where whether which "
    "who whom whose why will with would".split()
)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_Identified)
_T = TypeVar("_T")
_U = TypeVar("_U")


@dataclass(frozen=True)
class Tally:
    """How many items one section has on each side, and which ones found no partner."""

    matched: int
    """Pairs made; each predicted and each gold item is in at most one pair."""
    predicted: int
    """Items of this section in the predicted memo."""
    gold: int
    """Items of this section in the gold memo."""
    unmatched_predicted: tuple[str, ...] = ()
    """Ids of predicted items left without a gold partner (false positives)."""
    unmatched_gold: tuple[str, ...] = ()
    """Ids of gold items left without a predicted partner (misses)."""

    @property
    def precision(self) -> float | None:
        """Matched over predicted; `None` when nothing was predicted."""
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        """Matched over gold; `None` when the gold section is empty."""
        return self.matched / self.gold if self.gold else None


@dataclass(frozen=True)
class EvalScores:
    """The scores of one predicted memo against its gold memo."""

    actors: Tally
    key_points: Tally
    disagreements: Tally
    open_questions: Tally
    verbatim: int
    """Predicted citations whose quote is verbatim in its source text."""
    citations: int
    """All citations of the predicted memo."""
    not_verbatim: tuple[str, ...] = ()
    """One line per predicted citation that is not verbatim: its field path, source and quote."""
    gold_not_found: tuple[str, ...] = ()
    """One line per gold citation whose quote is not in the text of its paired source: such quotes
    can still match by words, but a long list means the gold and the ingested text have drifted."""

    @property
    def verbatim_share(self) -> float | None:
        """Verbatim citations over all citations; `None` when the memo cites nothing."""
        return self.verbatim / self.citations if self.citations else None

    def sections(self) -> dict[str, Tally]:
        """The four scored sections, by field name, in memo order."""
        return {
            "actors": self.actors,
            "key_points": self.key_points,
            "disagreements": self.disagreements,
            "open_questions": self.open_questions,
        }


def score_memo(predicted: Memo, gold: Memo, texts: Mapping[str, str]) -> EvalScores:
    """Score `predicted` against `gold`; `texts` maps predicted source ids to their cleaned text."""
    compare = _QuoteComparer(align_sources(predicted, gold), texts)
    verbatim, not_verbatim = _verbatim(predicted, texts)
    gold_not_found = tuple(
        f"{_where(path)}: {citation.source}: {citation.quote!r}"
        for path, citation in gold.citations() if not compare.locates(citation)
    )
    return EvalScores(
        actors=_pair(predicted.actors, gold.actors, _actor_score),
        key_points=_pair(predicted.key_points, gold.key_points, compare.key_points),
        disagreements=_pair(predicted.disagreements, gold.disagreements, compare.disagreements),
        open_questions=_pair(predicted.open_questions, gold.open_questions, compare.questions),
        verbatim=verbatim,
        citations=verbatim + len(not_verbatim),
        not_verbatim=tuple(not_verbatim),
        gold_not_found=gold_not_found,
    )


def align_sources(predicted: Memo, gold: Memo) -> dict[str, str]:
    """Map gold source ids to predicted source ids: by file name, then by title, then by id."""
    pairs: dict[str, str] = {}
    for key in (_file_name, _title, _source_id):
        free: dict[str, str] = {}
        for source in predicted.sources:
            if (k := key(source)) is not None and source.id not in pairs.values():
                free.setdefault(k, source.id)
        for source in gold.sources:
            if (k := key(source)) is not None and source.id not in pairs and k in free:
                pairs[source.id] = free.pop(k)
    return pairs


def _file_name(source: Source) -> str | None:
    return PurePath(source.path).name if source.path else None


def _title(source: Source) -> str | None:
    return fold(source.title)


def _source_id(source: Source) -> str | None:
    return source.id


def fold(text: str) -> str:
    """`text` as quotes are compared: NFKC, case-folded, plain quotes and dashes, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLDS).casefold()
    return _SPACE.sub(" ", text).strip()


def actor_key(name: str) -> str:
    """`name` as actor names are compared: "The U.S." and "US" give the same key."""
    text = unicodedata.normalize("NFKD", fold(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[.'`]", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def format_table(rows: Sequence[tuple[str, EvalScores]]) -> str:
    """A plain-text table: one line per cluster, then the macro average of every column."""
    header = ["cluster", "actors P", "R", "key pts P", "R", "disagr P", "R", "questions P", "R",
              "verbatim"]
    lines = [[name, *_cells(scores)] for name, scores in rows]
    if rows:
        lines.append(["macro average", *_average_cells([scores for _, scores in rows])])
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def render(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:]))
        return "  ".join([first, *rest])

    rule = "-" * len(render(header))
    body = [render(line) for line in lines]
    if rows:
        body.insert(len(rows), rule)
    return "\n".join([render(header), rule, *body])


def _cells(scores: EvalScores) -> list[str]:
    cells = []
    for tally in scores.sections().values():
        cells += [_ratio(tally.precision), _ratio(tally.recall)]
    return [*cells, _percent(scores.verbatim_share)]


def _average_cells(all_scores: Sequence[EvalScores]) -> list[str]:
    cells = []
    for section in all_scores[0].sections():
        tallies = [scores.sections()[section] for scores in all_scores]
        cells += [_ratio(_mean(t.precision for t in tallies)), _ratio(_mean(t.recall for t in tallies))]
    return [*cells, _percent(_mean(scores.verbatim_share for scores in all_scores))]


def _mean(values: Iterable[float | None]) -> float | None:
    # A macro average over the clusters where the value is defined.
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _pair(
    predicted: Sequence[_Item], gold: Sequence[_Item], score: Callable[[_Item, _Item], float]
) -> Tally:
    """Pair the items of one section and count the pairs."""
    pairs = _matching(predicted, gold, score)
    paired_predicted = {i for i, _, _ in pairs}
    paired_gold = {j for _, j, _ in pairs}
    return Tally(
        matched=len(pairs),
        predicted=len(predicted),
        gold=len(gold),
        unmatched_predicted=tuple(p.id for i, p in enumerate(predicted) if i not in paired_predicted),
        unmatched_gold=tuple(g.id for j, g in enumerate(gold) if j not in paired_gold),
    )


def _matching(
    predicted: Sequence[_T], gold: Sequence[_U], score: Callable[[_T, _U], float]
) -> list[tuple[int, int, float]]:
    """Pairs `(i, j, score)`, each index at most once, as many as possible; 0 means no match."""
    scores = {(i, j): s for i, p in enumerate(predicted) for j, g in enumerate(gold) if (s := score(p, g)) > 0}
    partners: dict[int, list[int]] = {}
    for (i, j), s in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        partners.setdefault(i, []).append(j)
    owner: dict[int, int] = {}  # gold index -> predicted index

    def assign(i: int, visited: set[int]) -> bool:
        for j in partners[i]:
            if j not in visited:
                visited.add(j)
                if j not in owner or assign(owner[j], visited):
                    owner[j] = i
                    return True
        return False

    for i in partners:  # best-scoring items first
        assign(i, set())
    return sorted(((i, j, scores[i, j]) for j, i in owner.items()), key=lambda pair: (-pair[2], pair[0], pair[1]))


def _actor_score(predicted: Actor, gold: Actor) -> float:
    """Share of the two actors' name keys that they have in common (0 when none)."""
    mine = {actor_key(n) for n in (predicted.name, *predicted.aliases)} - {""}
    theirs = {actor_key(n) for n in (gold.name, *gold.aliases)} - {""}
    return len(mine & theirs) / len(mine | theirs) if mine & theirs else 0.0


def _words(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class _QuoteComparer:
    """Compares citations of the predicted memo with citations of the gold memo."""

    def __init__(self, gold_to_predicted: Mapping[str, str], texts: Mapping[str, str]) -> None:
        self.gold_to_predicted = gold_to_predicted
        self.folded = {source: fold(text) for source, text in texts.items()}

    def overlap(self, predicted: Citation, gold: Citation) -> float:
        """Quote-overlap score of two citations, 0 when they cite different sources."""
        if self.gold_to_predicted.get(gold.source) != predicted.source:
            return 0.0
        words = _jaccard(_words(predicted.quote), _words(gold.quote))
        return max(words, self._span_overlap(predicted.source, predicted.quote, gold.quote))

    def locates(self, gold: Citation) -> bool:
        """Whether the quote of a gold citation is in the text of the paired predicted source."""
        text = self.folded.get(self.gold_to_predicted.get(gold.source, ""))
        return text is not None and fold(gold.quote) in text

    def best(self, predicted: Iterable[Citation], gold: Iterable[Citation]) -> float:
        """Best overlap over every pair of citations; 0 below the `QUOTE_OVERLAP` threshold."""
        gold = tuple(gold)
        best = max((self.overlap(p, g) for p in predicted for g in gold), default=0.0)
        return best if best >= QUOTE_OVERLAP else 0.0

    def key_points(self, predicted: KeyPoint, gold: KeyPoint) -> float:
        """Match score of two key points."""
        return self.best(predicted.citations, gold.citations)

    def questions(self, predicted: OpenQuestion, gold: OpenQuestion) -> float:
        """Match score of two open questions: by citations, else by the words of the question."""
        content = _jaccard(_words(predicted.question) - _STOPWORDS, _words(gold.question) - _STOPWORDS)
        by_words = content if content >= QUESTION_JACCARD else 0.0
        return max(self.best(predicted.citations, gold.citations), by_words)

    def positions(self, predicted: Position, gold: Position) -> float:
        """Match score of two positions: same source and overlapping citations."""
        if self.gold_to_predicted.get(gold.source) != predicted.source:
            return 0.0
        return self.best(predicted.citations, gold.citations)

    def disagreements(self, predicted: Disagreement, gold: Disagreement) -> float:
        """Number of positions paired, when at least two; ties go to the same kind, then closer quotes."""
        pairs = _matching(predicted.positions, gold.positions, self.positions)
        if len(pairs) < 2:
            return 0.0
        mean_overlap = sum(s for _, _, s in pairs) / len(pairs)
        # One sentence pair can carry two conflicts (a toll and a date): the kind decides which
        # gold disagreement it stands for. Both tie-breakers together stay below 1, so the count rules.
        return len(pairs) + 0.5 * (predicted.kind == gold.kind) + 0.25 * mean_overlap

    def _span_overlap(self, source: str, predicted: str, gold: str) -> float:
        text = self.folded.get(source)
        if text is None:
            return 0.0
        a, b = _occurrences(fold(predicted), text), _occurrences(fold(gold), text)
        best = 0.0
        for start_a, end_a in a:
            for start_b, end_b in b:
                shared = min(end_a, end_b) - max(start_a, start_b)
                if shared > 0:
                    best = max(best, shared / min(end_a - start_a, end_b - start_b))
        return best


def _occurrences(quote: str, text: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(quote) if quote else -1
    while start >= 0:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def _verbatim(memo: Memo, texts: Mapping[str, str]) -> tuple[int, list[str]]:
    """Count the verbatim citations of `memo` and describe the others."""
    squashed = {source: _SPACE.sub(" ", text) for source, text in texts.items()}
    good, bad = 0, []
    for path, citation in memo.citations():
        text = texts.get(citation.source)
        found = text is not None and _SPACE.sub(" ", citation.quote).strip() in squashed[citation.source]
        if found and citation.start is not None:
            found = text[citation.start:citation.end] == citation.quote  # type: ignore[index]
        if found:
            good += 1
        else:
            bad.append(f"{_where(path)}: {citation.source}: {citation.quote!r}")
    return good, bad


def _where(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path)
