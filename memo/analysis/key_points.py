"""Key points: the most central claims across all sources, near-duplicates merged into one point.

A claim's score blends how central it is to its own source and to the corpus (TF-IDF cosine with
the rest), how many other sources carry something similar or give figures for the same thing,
how salient its actors are, and how early it comes (news puts the main facts first); its form
then weighs in: who did what, with figures and dates, beats commentary, quotation and sentences
leaning on the one before. Figures for one thing (a death toll told three ways) make one point.
A per-source quota keeps one long or repetitive source from crowding out the others. Confidence
comes from corroboration, likelihood from the source's own hedging.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from memo.analysis.actors import ActorTable, Mention
from memo.analysis.citations import cite
from memo.analysis.cues import Cues
from memo.analysis.lexicon import CONNECTIVES, GENERIC_NOUNS
from memo.analysis.segment import Sentence
from memo.analysis.similarity import SimilarityIndex
from memo.ingest.source_text import SourceText
from memo.model import Citation, Confidence, KeyPoint

# Cosine above which a claim says the same thing as a point (and another source's is cited with it).
MERGE_COSINE = 0.45
# Cosine above which a claim adds too little to a point already chosen to be a point of its own,
# unless it gives figures the point does not.
_REDUNDANT_COSINE = 0.3
# Cosine above which a sentence of another source lends some support to a claim.
_SUPPORT_COSINE = 0.25
# Cosine above which two claims are at least about the same matter.
_TOPICAL_COSINE = 0.1
_MAX_CITATIONS = 5
_MIN_WORDS, _MAX_WORDS = 6, 70
# Longest key point made of a claim and the sentence it leans on.
_MAX_CONTEXT_WORDS = 80

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


def fact_keys(cues: Cues) -> frozenset[str]:
    """What figures a claim states, by what they count: "killed", "job", "money:€". Two claims
    stating figures for the same thing are the same point, whether the figures agree or not."""
    keys = set()
    for quantity in cues.quantities:
        if quantity.measure:
            keys.add(f"{quantity.unit}:{quantity.measure}")
        elif quantity.noun and quantity.noun not in GENERIC_NOUNS:
            keys.add(f"{quantity.unit}:{quantity.noun}")
        elif quantity.unit == "money" and quantity.verb:
            keys.add(f"money:{quantity.verb}")
    return frozenset(keys)


def _loaded(cues: Cues) -> float:
    """How much evaluative language the writer uses (quoted words are someone else's). Mild
    words ("tense", "fragile") describe as much as they judge: they count half."""
    return sum(abs(e.weight) if abs(e.weight) >= 2 else abs(e.weight) / 2
               for e in cues.evaluations if not e.quoted)


def score_statements(
    index: SimilarityIndex,
    sentences: Sequence[Sentence],
    cues: Sequence[Cues],
    table: ActorTable,
) -> np.ndarray:
    """How much each statement deserves to be a key point (0 for non-claims).

    Centrality, corroboration, salient actors and position in the article say how important a
    claim is; its form says whether it is a finding or commentary. Who did what, with figures
    and dates, makes a better key point than a judgment ("This shift is unexpected"), a quotation
    or a sentence that leans on the one before it.
    """
    n = len(index.statements)
    scores = np.zeros(n)
    salience = table.salience
    top_salience = max(salience.values(), default=0.0) or 1.0
    acting = _acting_subjects(table.mentions, cues)
    facts = [fact_keys(c) for c in cues]
    for statement in index.statements:
        sentence = sentences[statement.members[0]]
        if not _claim_like(sentence):
            continue
        sentence_cues = cues[sentence.index]
        supporters = set(statement.docs)
        for other, cosine in index.neighbours[statement.index]:
            other_sentence = index.statements[other].members[0]
            if cosine >= _SUPPORT_COSINE or (facts[sentence.index] & facts[other_sentence]):
                supporters.add(index.statements[other].docs[0])
        support = 1.0 - 1.0 / len(supporters)
        actors = min(1.0, sum(salience.get(k, 0.0) for k in table.sentence_keys[sentence.index]) / top_salience)
        lead = 1.0 / (1.0 + sentence.order / 4.0)
        score = (
            0.30 * max(0.0, index.centrality[statement.index])
            + 0.10 * max(0.0, index.corpus_centrality[statement.index])
            + 0.25 * support
            + 0.15 * actors
            + 0.20 * lead
        )
        if acting.get(sentence.index) == "subject" and not sentence_cues.copular:
            score *= 1.15
        elif acting.get(sentence.index) == "speaker":
            score *= 1.08
        if sentence_cues.quantities or any(d.kind != "year" for d in sentence_cues.dates):
            score *= 1.05
        # A judgment of what may be weighs less than a finding; long odds weigh less still.
        if sentence_cues.likelihood in _SPECULATIVE:
            score *= 0.8
        elif sentence_cues.likelihood is not None:
            score *= 0.9
        if sentence_cues.anaphoric or claim_text(sentence.text).split(" ", 1)[0].lower() in _ANAPHORIC:
            score *= 0.85
        if sentence_cues.copular:
            score *= 0.85
        score *= 1.0 - min(0.3, 0.06 * _loaded(sentence_cues))
        score *= 1.0 - 0.4 * sentence_cues.quoted_share
        scores[statement.index] = score
    return scores


def _acting_subjects(mentions: Sequence[Mention], cues: Sequence[Cues]) -> dict[int, str]:
    """Sentences whose claim has a named actor as its subject ("Pakistan demands ..."): "subject";
    or that at least attribute it to one ("the NDMA said the toll ..."): "speaker"."""
    found: dict[int, str] = {}
    for mention in mentions:
        sentence_cues = cues[mention.sentence]
        for role, span in (("subject", sentence_cues.subject), ("speaker", sentence_cues.speaker)):
            inside = span is not None and span[0] <= mention.start and mention.end <= span[1]
            if inside and found.get(mention.sentence) != "subject":
                found[mention.sentence] = role
    return found


def _agree(a: Cues, b: Cues) -> bool:
    """Whether two claims state the same figure for the same thing ("at least 12 killed" twice)."""
    return any(
        qa.unit == qb.unit and (qa.measure or qa.noun) == (qb.measure or qb.noun)
        and abs(qa.value - qb.value) <= 0.01 * max(abs(qa.value), abs(qb.value))
        for qa in a.quantities for qb in b.quantities if qa.measure or qa.noun
    )


def _citations(
    statement: int,
    index: SimilarityIndex,
    sentences: Sequence[Sentence],
    cues: Sequence[Cues],
    texts: Sequence[SourceText],
    conflicts: frozenset[frozenset[int]],
) -> list[Citation]:
    """Citations of a claim: itself, its verbatim repeats, near-duplicates in other sources and
    other sources giving the same figure (but never one that contradicts it: "killed 12" is no
    support for "killed nine")."""
    chosen: dict[int, int] = {}
    main = index.statements[statement].members[0]
    for member in index.statements[statement].members:
        chosen.setdefault(sentences[member].doc, member)
    for other, cosine in index.neighbours[statement]:
        if len(chosen) >= _MAX_CITATIONS:
            break
        doc = index.statements[other].docs[0]
        candidate = index.statements[other].members[0]
        same = cosine >= MERGE_COSINE or (cosine >= _TOPICAL_COSINE and _agree(cues[main], cues[candidate]))
        if same and doc not in chosen and frozenset((main, candidate)) not in conflicts:
            chosen[doc] = candidate
    citations = []
    for doc, member in sorted(chosen.items()):
        sentence = sentences[member]
        citations.append(cite(texts[doc].source.id, texts[doc].text, sentence.start, sentence.end))
    return citations


def _context(sentence: Sentence, sentences: Sequence[Sentence], cues: Sequence[Cues]) -> Sentence | None:
    """The sentence before `sentence` when `sentence` cannot stand alone without it ("The Taliban
    reject this demand"): of the same source, a statement itself, and short enough together."""
    if not cues[sentence.index].leans_back or sentence.index == 0:
        return None
    before = sentences[sentence.index - 1]
    words = len(_WORD.findall(before.text)) + len(_WORD.findall(sentence.text))
    if before.doc != sentence.doc or before.heading or before.is_question or not before.closed:
        return None
    return before if words <= _MAX_CONTEXT_WORDS else None


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

    A claim that adds nothing to one already chosen is skipped: one similar in words, or one
    giving figures for the same thing (the death toll told three ways is one point).
    `conflicts` are pairs of sentences found to disagree; they are never merged.
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
    facts = {s.index: fact_keys(cues[s.members[0]]) for s in ranked}

    def adds_nothing(candidate: int, point: int) -> bool:
        cosine = index.cosine(candidate, point)
        if cosine >= MERGE_COSINE:
            return True
        mine, theirs = facts[candidate], facts[point]
        if mine - theirs:
            return False  # figures the point does not give ("1,200 jobs" after "the deal")
        # Figures only for what the point gives figures for (the dead, the jobs cut) in a memo on
        # one topic: the same point, agreeing or not.
        return bool(mine) or cosine >= _REDUNDANT_COSINE

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
            if any(adds_nothing(statement.index, other) for other in chosen):
                continue
            chosen.append(statement.index)
            covered.add(statement.index)
            per_doc[doc] = per_doc.get(doc, 0) + 1
            # Claims that contradict this one ("nine dead" against "12 killed") are the same
            # point told differently; the disagreement shows them.
            main = statement.members[0]
            covered.update(
                index.statement_of[b] for pair in conflicts if main in pair for b in pair
                if b != main and b in index.statement_of
                and not fact_keys(cues[b]) - facts[statement.index]
            )

    position = {s.index: rank for rank, s in enumerate(ranked)}
    chosen.sort(key=position.__getitem__)
    chosen_set = set(chosen)
    points = []
    statement_of_point = {}
    for number, statement in enumerate(chosen, start=1):
        sentence = sentences[index.statements[statement].members[0]]
        citations = _citations(statement, index, sentences, cues, texts, conflicts)
        sentence_cues = cues[sentence.index]
        text = claim_text(sentence.text)
        context = _context(sentence, sentences, cues)
        if context is not None and index.statement_of.get(context.index) not in chosen_set:
            # The point reads as the two sentences, and cites both: as one quote within a
            # paragraph, as two across a paragraph break.
            text = f"{claim_text(context.text)} {sentence.text}"
            source_text = texts[sentence.doc].text
            own = next(i for i, c in enumerate(citations) if c.source == sentence.source and c.start == sentence.start)
            if "\n" in source_text[context.end:sentence.start]:
                citations[own:own] = [cite(sentence.source, source_text, context.start, context.end)]
            else:
                citations[own] = cite(sentence.source, source_text, context.start, sentence.end)
        point_id = f"K{number}"
        points.append(KeyPoint(
            id=point_id,
            text=text,
            citations=tuple(citations),
            confidence=_confidence(len({c.source for c in citations}), sentence_cues),
            likelihood=sentence_cues.likelihood,
        ))
        statement_of_point[point_id] = statement
    return RankedPoints(points=tuple(points), statement_of_point=statement_of_point, scores=scores)
