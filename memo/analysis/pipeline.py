"""`build_memo`: run the analysis stages in order over cleaned source texts and return a `Memo`.

spaCy reads every block once (batched, streamed); each parsed sentence is turned into plain records
(sentence, cues, actor mentions, the question its hedge implies) and the parse is dropped, so
memory grows with the records, not with spaCy's documents. The corpus-level stages then work on
those records with blocking, never comparing all pairs of sentences.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from memo.analysis.actors import AcronymDefinition, Mention, build_actors, find_mentions
from memo.analysis.cues import Cues, read_cues, stem
from memo.analysis.disagreements import find_disagreements
from memo.analysis.gazetteer import Gazetteer, load_gazetteer
from memo.analysis.key_points import fact_keys, find_key_points, score_statements
from memo.analysis.lexicon import EVENT_NOUNS
from memo.analysis.questions import (
    ClaimQuestion,
    UnnamedSource,
    claim_question,
    find_questions,
    reported_claim,
    unnamed_source,
)
from memo.analysis.segment import (
    Sentence,
    load_pipeline,
    make_sentence,
    parse_blocks,
    pieces_of,
    sentence_spans,
)
from memo.analysis.settings import AnalysisSettings
from memo.analysis.similarity import build_index
from memo.analysis.summary import write_summary, write_title
from memo.errors import InputDataError
from memo.ingest.source_text import SourceText
from memo.model import Memo

DEFAULT_SETTINGS = AnalysisSettings()

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)`: per document while parsing, once per later stage."""


@dataclass
class _Reading:
    """What the per-sentence pass collects."""

    sentences: list[Sentence]
    cues: list[Cues]
    mentions: list[Mention]
    definitions: list[AcronymDefinition]
    claim_questions: dict[int, ClaimQuestion]
    reported: dict[int, str]
    """Sentence index -> what a reporting sentence reports ("the toll had risen to 15")."""
    unnamed: dict[int, UnnamedSource]
    """Sentence index -> a claim it attributes to a speaker it does not name."""


def _read(texts: Sequence[SourceText], settings: AnalysisSettings, gazetteer: Gazetteer,
          progress: Progress) -> _Reading:
    nlp = load_pipeline(settings.spacy_model)
    reading = _Reading([], [], [], [], {}, {}, {})
    blocks_left = [len(pieces_of(text)) for text in texts]
    order = [0] * len(texts)
    done = 0
    for doc_index, block, doc in parse_blocks(texts, nlp, settings.batch_size):
        # `Span.ents` scans the whole block each time: share the block's entities out once.
        entities = list(doc.ents)
        for span in sentence_spans(doc):
            own = [e for e in entities if span.start <= e.start < span.end]
            sentence = make_sentence(span, index=len(reading.sentences), doc=doc_index,
                                     source=texts[doc_index].source.id, block=block,
                                     order=order[doc_index])
            order[doc_index] += 1
            reading.sentences.append(sentence)
            cues = read_cues(span, own, block.start)
            reading.cues.append(cues)
            mentions, definitions = find_mentions(span, own, sentence, block.start, gazetteer)
            reading.mentions.extend(mentions)
            reading.definitions.extend(definitions)
            if not sentence.heading:
                question = claim_question(span)
                if question is not None:
                    reading.claim_questions[sentence.index] = question
                claim = reported_claim(span)
                if claim is not None:
                    reading.reported[sentence.index] = claim
                speaker = unnamed_source(span)
                if speaker is not None:
                    reading.unnamed[sentence.index] = speaker
        blocks_left[doc_index] -= 1
        if blocks_left[doc_index] == 0:
            done += 1
            progress("parse", done, len(texts))
    return reading


def _cue_keys(cues: Cues) -> list[str]:
    """Blocking keys that pair sentences a detector could compare: same counted thing, same event."""
    keys = []
    for quantity in cues.quantities:
        keys.extend(f"q:{word}" for word in (quantity.noun, quantity.verb, quantity.measure) if word)
    if cues.dates:
        keys.extend(f"d:{verb}" for verb in cues.verbs)
        keys.extend(f"d:{stem(anchor)}" for date in cues.dates if date.kind != "year" for anchor in date.anchors)
    keys.extend(f"o:{outcome.event}" for outcome in cues.outcomes)
    if cues.forecast_verb:
        keys.append(f"f:{cues.forecast_verb}")
    if cues.forecast_decision:
        keys.append("f:decision")
    return keys


def _dated_keys(sentence: Sentence, cues: Cues, actor_keys: Sequence[str]) -> list[str]:
    """Blocking keys that pair dated sentences about the same actors or the same kind of event:
    "Thursday" and "Wednesday" for one bombing need no other word in common."""
    if not any(d.kind != "year" for d in cues.dates):
        return []
    events = sorted({EVENT_NOUNS[t] for t in sentence.terms if t in EVENT_NOUNS})
    return [f"d@{key}" for key in actor_keys] + [f"d:{event}" for event in events]


def _event_classes(sentence: Sentence) -> list[str]:
    """The kinds of event a sentence names ("floodwater" and "flash flood" are both a disaster):
    paraphrases of one report share them where they share few words."""
    return sorted({f"event:{EVENT_NOUNS[t]}" for t in sentence.terms if t in EVENT_NOUNS})


def _ignore(stage: str, done: int, total: int) -> None:
    """The progress callback used when the caller gives none."""


def build_memo(
    texts: Sequence[SourceText],
    *,
    title: str | None = None,
    date: dt.date | None = None,
    settings: AnalysisSettings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
) -> Memo:
    """Analyse `texts` into a memo: key points, actors, disagreements, open questions, summary.

    `title` defaults to one built from the most salient actors, `date` to today. The same texts
    and settings always give the same memo (apart from the default date).
    """
    report = progress or _ignore
    repeated = sorted(source for source, n in Counter(t.source.id for t in texts).items() if n > 1)
    if repeated:
        raise InputDataError(f"several sources have the id {', '.join(repeated)}; give each source its own id")
    gazetteer = load_gazetteer()
    reading = _read(texts, settings, gazetteer, report)
    sentences, cues = reading.sentences, reading.cues

    table = build_actors(reading.mentions, reading.definitions, len(sentences), texts, gazetteer,
                         max_actors=settings.max_actors, max_mentions=settings.max_mentions_per_actor)
    report("actors", 1, 1)

    index = build_index(
        sentences,
        eligible=[not s.heading and not s.is_question for s in sentences],
        features=[(*keys, *sorted(fact_keys(c)), *_event_classes(s))
                  for s, c, keys in zip(sentences, cues, table.sentence_keys, strict=True)],
        block_keys=[_cue_keys(c) + _dated_keys(s, c, keys)
                    for s, c, keys in zip(sentences, cues, table.sentence_keys, strict=True)],
    )
    findings = find_disagreements(
        index, sentences, cues, table, texts, gazetteer,
        max_count=settings.max_disagreements, min_score=settings.min_disagreement_score,
    )
    disagreements = findings.disagreements
    report("disagreements", 1, 1)

    scores = score_statements(index, sentences, cues, table)
    points = find_key_points(index, sentences, cues, scores, texts, max_points=settings.max_key_points,
                             conflicts=findings.contradicting)
    report("key_points", 1, 1)

    questions = find_questions(sentences, cues, reading.claim_questions, reading.reported, reading.unnamed, index, points,
                               disagreements, texts, max_count=settings.max_open_questions)
    report("questions", 1, 1)

    source_ids = [t.source.id for t in texts]
    memo = Memo(
        title=title or write_title(table, gazetteer, len(texts)),
        date=date or dt.date.today(),
        summary=write_summary(source_ids, table, points.points, disagreements, gazetteer),
        key_points=points.points,
        actors=table.actors,
        disagreements=disagreements,
        open_questions=questions,
        sources=tuple(t.source for t in texts),
    )
    report("summary", 1, 1)
    return memo
