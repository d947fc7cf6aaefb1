"""Key points: the most central claims across all sources, near-duplicates merged into one point.

A claim's score blends how central it is to its own source and to the corpus (TF-IDF cosine with
the rest), how many other sources carry something similar, how salient its actors are, and how
early it comes (news puts the main facts first). A per-source quota keeps one long or repetitive
source from crowding out the others. Confidence comes from corroboration, likelihood from the
source's own hedging.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from memo.analysis.citations import cite
from memo.analysis.cues import Cues
from memo.analysis.lexicon import CONNECTIVES
from memo.analysis.segment import Sentence
from memo.analysis.similarity import SimilarityIndex
from memo.ingest.source_text import SourceText
from memo.model import Citation, Confidence, KeyPoint

# Cosine above which a sentence of another source says the same thing and is cited with the point.
MERGE_COSINE = 0.45
# Cosine above which a claim adds too little to a point already chosen to be a point of its own.
_REDUNDANT_COSINE = 0.3
# Cosine above which a sentence of another source lends some support to a claim.
_SUPPORT_COSINE = 0.25
_MAX_CITATIONS = 5
_MIN_WORDS, _MAX_WORDS = 6, 70

_CONNECTIVE = re.compile(
    r"^(?:" + "|".join(re.escape(c) for c in CONNECTIVES) + r")\b[,:]?\s+", re.IGNORECASE
)
_WORD = re.compile(r"\w+")
_SPECULATIVE = frozenset({"roughly even chance", "unlikely", "very unlikely", "almost no chance"})
_ANAPHORIC = frozenset({"this", "these", "that", "those", "it", "they", "he", "she", "its", "their",
                        "his", "her", "such"})


def claim_text(text: str) -> str:
    """A sentence as a stand-alone claim: leading connectives ("Yet,", "However,") removed."""
    stripped = text
    while True:
        shorter = _CONNECTIVE.sub("", stripped, count=1)
        if shorter == stripped or not shorter:
            break
        stripped = shorter
    return stripped[0].upper() + stripped[1:] if stripped else text


@dataclass(frozen=True)
class RankedPoints:
    """The key points, and what other stages need about them."""

    points: tuple[KeyPoint, ...]
    statement_of_point: dict[str, int]
    """`KeyPoint.id` -> statement index of its main claim."""
    scores: np.ndarray
    """Score of every statement (0 for those that cannot be key points)."""


def _claim_like(sentence: Sentence) -> bool:
    words = len(_WORD.findall(sentence.text))
    return sentence.closed and not sentence.is_question and _MIN_WORDS <= words <= _MAX_WORDS


def _confidence(sources: int, cues: Cues) -> Confidence:
    hedged = cues.likelihood is not None
    if sources >= 3:
        return "moderate" if hedged else "high"
    if sources == 2:
        return "moderate"
    # One source: plain reporting is worth more than its own hedged or loaded judgment.
    loaded = sum(abs(e.weight) for e in cues.evaluations) >= 3
    return "low" if hedged or loaded else "moderate"


def score_statements(
    index: SimilarityIndex,
    sentences: Sequence[Sentence],
    cues: Sequence[Cues],
    sentence_keys: Sequence[Sequence[str]],
    salience: dict[str, float],
) -> np.ndarray:
    """How much each statement deserves to be a key point (0 for non-claims)."""
    n = len(index.statements)
    scores = np.zeros(n)
    top_salience = max(salience.values(), default=0.0) or 1.0
    for statement in index.statements:
        sentence = sentences[statement.members[0]]
        if not _claim_like(sentence):
            continue
        supporters = set(statement.docs)
        supporters.update(index.statements[other].docs[0]
                          for other, cosine in index.neighbours[statement.index] if cosine >= _SUPPORT_COSINE)
        support = 1.0 - 1.0 / len(supporters)
        actors = min(1.0, sum(salience.get(k, 0.0) for k in sentence_keys[sentence.index]) / top_salience)
        lead = 1.0 / (1.0 + sentence.order / 4.0)
        score = (
            0.35 * max(0.0, index.centrality[statement.index])
            + 0.15 * max(0.0, index.corpus_centrality[statement.index])
            + 0.20 * support
            + 0.15 * actors
            + 0.15 * lead
        )
        # Speculation and sentences that lean on the one before ("These talks ...") make weaker
        # stand-alone points.
        if cues[sentence.index].likelihood in _SPECULATIVE:
            score *= 0.85
        if claim_text(sentence.text).split(" ", 1)[0].lower() in _ANAPHORIC:
            score *= 0.9
        scores[statement.index] = score
    return scores


def _citations(
    statement: int,
    index: SimilarityIndex,
    sentences: Sequence[Sentence],
    texts: Sequence[SourceText],
    conflicts: frozenset[frozenset[int]],
) -> list[Citation]:
    """Citations of a claim: itself, its verbatim repeats and near-duplicates in other sources
    (unless the near-duplicate contradicts it: "killed 12" is not support for "killed nine")."""
    chosen: dict[int, int] = {}
    main = index.statements[statement].members[0]
    for member in index.statements[statement].members:
        chosen.setdefault(sentences[member].doc, member)
    for other, cosine in index.neighbours[statement]:
        if cosine < MERGE_COSINE or len(chosen) >= _MAX_CITATIONS:
            break
        doc = index.statements[other].docs[0]
        if doc not in chosen and frozenset((main, index.statements[other].members[0])) not in conflicts:
            chosen[doc] = index.statements[other].members[0]
    citations = []
    for doc, member in list(chosen.items())[:_MAX_CITATIONS]:
        sentence = sentences[member]
        citations.append(cite(texts[doc].source.id, texts[doc].text, sentence.start, sentence.end))
    return citations


def find_key_points(
    index: SimilarityIndex,
    sentences: Sequence[Sentence],
    cues: Sequence[Cues],
    scores: np.ndarray,
    texts: Sequence[SourceText],
    *,
    max_points: int,
    conflicts: frozenset[frozenset[int]] = frozenset(),
) -> RankedPoints:
    """The `max_points` best claims, each citing every source that carries it.

    `conflicts` are pairs of sentences found to disagree; they are never merged into one point.
    """
    ranked = sorted(
        (s for s in index.statements if scores[s.index] > 0),
        key=lambda s: (-scores[s.index], s.docs[0], sentences[s.members[0]].start),
    )
    docs_with_claims = {s.docs[0] for s in ranked}
    quota = max(1, math.ceil(max_points / max(1, len(docs_with_claims))))
    chosen: list[int] = []
    covered: set[int] = set()
    per_doc: dict[int, int] = {}
    # First pass under the per-source quota, second pass fills any places left.
    for use_quota in (True, False):
        for statement in ranked:
            if len(chosen) >= max_points:
                break
            if statement.index in covered:
                continue
            doc = statement.docs[0]
            if use_quota and per_doc.get(doc, 0) >= quota:
                continue
            if any(index.cosine(statement.index, other) >= _REDUNDANT_COSINE for other in chosen):
                continue
            chosen.append(statement.index)
            covered.add(statement.index)
            per_doc[doc] = per_doc.get(doc, 0) + 1
            covered.update(other for other, cosine in index.neighbours[statement.index]
                           if cosine >= _REDUNDANT_COSINE)
            # Claims that contradict this one ("nine dead" against "12 killed") are the same
            # point told differently; the disagreement shows them.
            main = statement.members[0]
            covered.update(index.statement_of[b] for pair in conflicts if main in pair
                           for b in pair if b != main and b in index.statement_of)

    position = {s.index: rank for rank, s in enumerate(ranked)}
    chosen.sort(key=position.__getitem__)
    points = []
    statement_of_point = {}
    for number, statement in enumerate(chosen, start=1):
        sentence = sentences[index.statements[statement].members[0]]
        citations = _citations(statement, index, sentences, texts, conflicts)
        sentence_cues = cues[sentence.index]
        point_id = f"K{number}"
        points.append(KeyPoint(
            id=point_id,
            text=claim_text(sentence.text),
            citations=tuple(citations),
            confidence=_confidence(len({c.source for c in citations}), sentence_cues),
            likelihood=sentence_cues.likelihood,
        ))
        statement_of_point[point_id] = statement
    return RankedPoints(points=tuple(points), statement_of_point=statement_of_point, scores=scores)
