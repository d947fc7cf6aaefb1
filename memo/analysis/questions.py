"""Open questions: asked in the sources, implied by hedged or forecast claims, left by disagreements,
or resting on a single source.

Questions a writer asks to make a point ("Can we trust ...?", "How long will ...?", headline
questions) are kept but marked rhetorical, after the sincere ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from memo.analysis.citations import cite
from memo.analysis.cues import Cues
from memo.analysis.disagreements import topic_in_sentence
from memo.analysis.key_points import RankedPoints, claim_text
from memo.analysis.lexicon import (
    FUTURE_ADJECTIVES,
    FUTURE_MODALS,
    HEDGE_MODALS,
    REPORTING_VERBS,
    RHETORICAL_LEADS,
    RHETORICAL_OPENINGS,
    SOURCE_NOUNS,
    UNIVERSAL_PRONOUNS,
)
from memo.analysis.segment import Sentence
from memo.analysis.similarity import SimilarityIndex
from memo.ingest.source_text import SourceText
from memo.model import Citation, Disagreement, OpenQuestion, QuestionOrigin

# question, why, citations, related ids
_Candidate = tuple[str, str, tuple[Citation, ...], tuple[str, ...]]

_HEDGE_ADVERBS = frozenset({"probably", "likely", "possibly", "perhaps", "unlikely"})
_PRONOUNS = frozenset({"it", "they", "this", "that", "these", "those", "he", "she", "we", "i",
                       "you", "there", "them", "one"})
# Words that say a matter is open: "it is unclear whether ...", "it is not known if ...".
_DOUBT_WORDS = frozenset({"unclear", "uncertain", "unknown", "unconfirmed", "undetermined"})
_KNOWN_WORDS = frozenset({"clear", "known", "certain", "confirmed", "established"})
# Verbs that report a question being asked: "questioned whether", "asked if".
_ASKING_VERBS = frozenset({"ask", "question", "wonder", "doubt", "query", "probe"})
# Verbs whose negation leaves a claim unchecked: "could not be verified".
_CHECK_VERBS = frozenset({"verify", "confirm", "corroborate", "substantiate", "establish"})
# Any word that can open a question; sentences without one are skipped without a look at tokens.
_MARKERS = re.compile(
    r"(?i)\b(?:" + "|".join(sorted(
        HEDGE_MODALS | {"will", "wo", "shall", "won", "ll"} | _HEDGE_ADVERBS | FUTURE_ADJECTIVES
        | _ASKING_VERBS | {"quer"}
        | _DOUBT_WORDS | _KNOWN_WORDS | {"verif", "confirm", "corroborat", "substantiat", "establish"}
    )) + r")"
)
_WH_TAGS = frozenset({"WP", "WDT", "WP$", "WRB"})
_DROPPED_DEPS = frozenset({"cc", "conj", "parataxis", "mark", "neg", "punct"})
_QUESTION_START = re.compile(
    r"(?i)^(?:what|why|how|who|whom|whose|when|where|which|can|could|should|would|will|is|are|"
    r"was|were|do|does|did|has|have|may|might|must|shall)\b"
)
_LEAD_IN = re.compile(r"[:—–]\s*")
_TRAILING = "\"”’')] .,;:"


def _subject(verb: Token) -> Span | None:
    """The subject phrase of `verb`, borrowed from the first verb of "X isn't ... and may ..."."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass")]
    if subjects:
        # The parser sometimes splits one subject in two ("connecting X to" + "Y networks").
        first = min(s.left_edge.i for s in subjects)
        last = max(s.right_edge.i for s in subjects)
        return verb.doc[first:last + 1]
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head)
    return None


def _text(tokens: Sequence[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip().rstrip(",;:—– ").strip()


def _finish(question: str) -> str:
    """Capitalised, one question mark, no dangling full stop or unmatched closing quote."""
    question = question.rstrip(".,;:!? ")
    for opening, closing in (("“", "”"), ("‘", "’"), ("(", ")")):
        while question.endswith(closing) and question.count(closing) > question.count(opening):
            question = question[:-1].rstrip(".,;:!? ")
    return question[0].upper() + question[1:] + "?"


def _predicate(verb: Token, skip: set[int]) -> list[Token]:
    """The verb and what follows it in its clause, without trailing clauses and hedges."""
    dropped: set[int] = set(skip)
    for child in verb.children:
        if child.i > verb.i and (child.dep_ in _DROPPED_DEPS or child.dep_ == "advcl"):
            dropped.update(t.i for t in child.subtree)
        if child.dep_ == "neg" or (child.lower_ in _HEDGE_ADVERBS and child.i < verb.i):
            dropped.add(child.i)
    first = min([verb.i] + [c.i for c in verb.children
                            if c.dep_ in ("aux", "auxpass") and c.tag_ != "MD" and c.lower_ != "to"])
    return [t for t in verb.doc[first:verb.right_edge.i + 1] if t.i not in dropped]


def _lower_first(text: str, proper: frozenset[str]) -> str:
    """`text` with its first letter in lower case, unless it starts with a name or an acronym."""
    first = re.match(r"[\w'’-]+", text)
    # A capital after the first letter marks an acronym or a name: "US-Taliban", "McDonald".
    if first is None or first.group() in proper or any(c.isupper() for c in first.group()[1:]):
        return text
    return text[0].lower() + text[1:]


def _subject_text(subject: Span) -> str:
    text = _text(list(subject))
    if subject[0].pos_ != "PROPN" and not subject[0].text.isupper():
        return text[0].lower() + text[1:]
    return text


def _conditional(verb: Token) -> str:
    for child in verb.children:
        if child.dep_ == "advcl" and child.i < verb.i and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in child.children
        ):
            return _text(list(child.subtree)) + ", "
    return ""


def _yes_no(verb: Token, marker: Token, future: bool) -> str | None:
    subject = _subject(verb)
    if subject is None:
        return None
    prefix = _conditional(verb)
    if len(subject) == 1 and subject[0].lower_ in _PRONOUNS and not prefix:
        return None  # "Will it ...?" says nothing without the sentence before
    if subject[0].tag_ in _WH_TAGS:
        return None  # "(not said) who will pay" is no claim
    subject_ids = {t.i for t in subject}
    modals = {c.i for c in verb.children if c.tag_ == "MD"}
    # "(unclear whether) the Taliban will attend" asks "Will ...", not "Do ...".
    future = future or bool(modals)
    predicate = [t for t in _predicate(verb, {marker.i} | modals) if t.i not in subject_ids]
    if not predicate:
        return None
    subject_text = _subject_text(subject)
    if future:
        head = "will"
        rest = _text(predicate)
    else:
        auxiliaries = [t for t in predicate if t.dep_ in ("aux", "auxpass") and t.i < verb.i]
        if verb.lemma_ == "be" or auxiliaries:
            mover = auxiliaries[0] if auxiliaries else verb
            head = mover.lower_
            rest = _text([t for t in predicate if t.i != mover.i])
        else:
            head = {"VBD": "did", "VBZ": "does"}.get(verb.tag_, "do")
            rest = _text([verb.doc[verb.i]] + [t for t in predicate if t.i != verb.i])
            rest = rest.replace(verb.text, verb.lemma_, 1)
    if not rest:
        return None
    return _finish(f"{prefix}{head} {subject_text} {rest}")


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.dep_ == "neg" for c in token.head.children if token.dep_ in ("acomp", "attr")
    )


def _open_clause(token: Token) -> Token | None:
    """The "whether" clause of "it is unclear whether ...", "it is not known if ..."."""
    for holder in (token, token.head):
        for child in holder.children:
            if child.dep_ in ("ccomp", "advcl", "csubj") and any(
                c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in child.children
            ):
                return child
    return None


@dataclass(frozen=True, slots=True)
class ClaimQuestion:
    """The question a claim leaves open, and the words that leave it open."""

    question: str
    marker: str
    """The hedge, forecast or doubt as written: "probably", "will", "unclear", "could not be verified"."""
    asked: bool = False
    """Whether the source reports someone asking it ("investors questioned whether ...")."""


def claim_question(span: Span) -> ClaimQuestion | None:
    """The yes/no question a hedged, forecast or doubted claim leaves open ("Will X ...?")."""
    text = span.text
    if text.rstrip(_TRAILING).endswith("?") or not _MARKERS.search(text):
        return None
    for token in span:
        lower = token.lower_.replace("’", "'")
        marker = token.text
        if token.lemma_.lower() in _ASKING_VERBS and token.pos_ == "VERB":
            # "Some investors questioned whether Nordhavn was paying too much."
            clause = _open_clause(token)
            mark = next((c for c in clause.children if c.dep_ == "mark"), None) if clause is not None else None
            question = _yes_no(clause, mark, future=False) if clause is not None and mark is not None else None
            if question:
                return ClaimQuestion(question, marker, asked=True)
            continue
        if lower in _DOUBT_WORDS or (lower in _KNOWN_WORDS and _negated(token)):
            # "It is unclear whether the FUS still controls its fronts."
            clause = _open_clause(token)
            mark = next((c for c in clause.children if c.dep_ == "mark"), None) if clause is not None else None
            question = _yes_no(clause, mark, future=False) if clause is not None and mark is not None else None
        elif token.lemma_.lower() in _CHECK_VERBS and _negated(token) and any(
            c.dep_ == "auxpass" for c in token.children
        ):
            # "The claim could not be independently verified."
            subject = _subject(token)
            question = (_finish(f"can {_subject_text(subject)} be {token.text}")
                        if subject is not None and subject[0].lower_ not in _PRONOUNS else None)
            marker = f"not {token.text}"
        elif token.tag_ == "MD" and (lower in HEDGE_MODALS or lower in FUTURE_MODALS) and not (
            lower == "could" and _negated(token.head)
        ):
            question = _yes_no(token.head, token, future=True)
        elif lower in _HEDGE_ADVERBS and token.pos_ == "ADV":
            modal = any(c.tag_ == "MD" for c in token.head.children)
            question = _yes_no(token.head, token, future=modal)
        elif lower in FUTURE_ADJECTIVES and token.pos_ == "ADJ":
            target = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            question = None
            if target is not None:
                subject = _subject(token.head)
                if subject is not None and not (len(subject) == 1 and subject[0].lower_ in _PRONOUNS):
                    rest = _text(_predicate(target, set()))
                    question = _finish(f"will {_subject_text(subject)} {rest}") if rest else None
        else:
            continue
        if question:
            return ClaimQuestion(question, marker)
    return None


# Determiners that leave a speaker unnamed: "a senior official", "two diplomats".
_INDEFINITE = frozenset({"a", "an", "one", "two", "three", "four", "several"})
# Verbs that report what someone said; what they report is the claim a reader would check.
_REPORTING_VERBS = REPORTING_VERBS | {"warn"}


def reported_claim(span: Span) -> str | None:
    """What a reporting sentence reports, as a clause: "the authority had verified nine deaths"
    from "The NDMA chairman told reporters that the authority had verified nine deaths"."""
    root = span.root
    if root.lemma_.lower() not in _REPORTING_VERBS:
        return None
    clause = next((c for c in root.children if c.dep_ == "ccomp"), None)
    return None if clause is None else _reported_text(clause)


def _reported_text(clause: Token) -> str | None:
    """A reported clause as text, without its "that": None when it is under four words."""
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause and t.i < clause.i)]
    text = _text(tokens).strip(" .,;:")
    return text if len(text.split()) >= 4 else None


@dataclass(frozen=True)
class UnnamedSource:
    """A claim a source attributes to someone it does not name ("a senior official said ...")."""

    speaker: str
    """The words naming the speaker, without the article: "top Trump advisor", "officials"."""
    plural: bool
    verb: str
    """The reporting verb as written: "noted", "say"."""
    claim: str
    """What the speaker is reported to have said, as a clause."""


def unnamed_source(span: Span) -> UnnamedSource | None:
    """The first claim of a sentence attributed to a speaker it does not name: the subject of a
    reporting verb (anywhere in the sentence, "... when a top adviser noted that ...") that is an
    indefinite noun for a source ("a senior official", "two people familiar with the talks"),
    with no name of a person in it."""
    for verb in span:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _REPORTING_VERBS:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if subject is None or clause is None or subject.pos_ != "NOUN":
            continue
        if subject.lemma_.lower() not in SOURCE_NOUNS or any(t.ent_type_ == "PERSON" for t in subject.subtree):
            continue
        # Someone in particular left unnamed ("a senior official", "two people"), not a generic
        # attribution ("officials said", "experts say").
        determiners = [c.lower_ for c in subject.children if c.dep_ in ("det", "nummod")]
        if not determiners or determiners[0] not in _INDEFINITE:
            continue
        plural = subject.tag_ == "NNS"
        words = [t for t in subject.subtree
                 if t.i <= subject.i and not (t.dep_ == "det" and t.lower_ in _INDEFINITE)]
        claim = _reported_text(clause)
        if claim is None:
            continue
        return UnnamedSource(speaker=_text(words), plural=plural, verb=verb.text, claim=claim)
    return None


def _weighs(cues: Cues) -> bool:
    """Whether a claim judges, forecasts, decides, blames or counts something."""
    return bool(cues.evaluations or cues.outcomes or cues.forecast or cues.likelihood or cues.blames
                or cues.quantities or cues.negated)


def _unnamed_source_question(found: UnnamedSource, proper: frozenset[str]) -> str:
    who = "are the" if found.plural else "is the"
    speaker, claim = _lower_first(found.speaker, proper), _lower_first(found.claim, proper)
    return _finish(f"Who {who} “{speaker}” who {found.verb} that {claim}")


def question_text(text: str) -> str:
    """The question a question sentence asks, without its lead-in ("Washington must ask: ")."""
    text = claim_text(text.strip())
    for match in _LEAD_IN.finditer(text):
        rest = text[match.end():]
        if _QUESTION_START.match(rest):
            text = rest
            break
    return _finish(text)


def is_rhetorical(sentence: Sentence) -> bool:
    """Whether a question is asked to make a point: a headline, "Can we trust ...?" and the like."""
    if sentence.heading:
        return True
    lead, _, _ = sentence.text.partition(":")
    if lead != sentence.text and set(re.findall(r"\w+", lead.lower())) & {
        w for word in RHETORICAL_LEADS for w in (word, word + "s", word + "ed")
    }:
        return True
    words = tuple(re.findall(r"[\w']+", question_text(sentence.text).lower().replace("’", "'")))
    if any(words[:len(opening)] == opening for opening in RHETORICAL_OPENINGS):
        return True
    return bool(set(words) & UNIVERSAL_PRONOUNS) and bool(set(words[:2]) & {"can", "could", "would", "will"})


def _disagreement_question(disagreement: Disagreement) -> str:
    if disagreement.kind == "framing" and disagreement.topic.startswith("Portrayal of "):
        return f"Which portrayal of {disagreement.topic.removeprefix('Portrayal of ')} is closer to the facts?"
    return f"Which account is right about {topic_in_sentence(disagreement.topic)}?"


def _tier(sentence_cues: Cues, found: ClaimQuestion) -> int:
    """How open a claim's question is: judged likely or unlikely, or said to be unclear (0); only
    possible ("may", "could") (1); simply forecast ("will") (2)."""
    if sentence_cues.likelihood not in (None, "roughly even chance"):
        return 0
    if found.marker.lower() in FUTURE_MODALS | {"won't", "wo"}:
        return 2
    return 1 if found.marker.lower() in HEDGE_MODALS else 0


def _sources(ids: set[str]) -> str:
    ordered = sorted(ids, key=lambda s: int(s[1:]) if s[1:].isdigit() else 0)
    return ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} and {ordered[-1]}"


def _disagreement_why(disagreement: Disagreement) -> str:
    sources = _sources({p.source for p in disagreement.positions})
    if disagreement.kind == "framing":
        return (f"{sources} portray the same actor in opposite terms ({disagreement.id}): which account "
                "to trust on it depends on the answer.")
    return (f"{sources} give conflicting accounts ({disagreement.id}): until one is confirmed, "
            f"{topic_in_sentence(disagreement.topic)} is uncertain.")


def find_questions(
    sentences: Sequence[Sentence],
    cues: Sequence[Cues],
    claim_questions: dict[int, ClaimQuestion],
    reported: dict[int, str],
    unnamed: dict[int, UnnamedSource],
    index: SimilarityIndex,
    points: RankedPoints,
    disagreements: Sequence[Disagreement],
    texts: Sequence[SourceText],
    *,
    max_count: int,
) -> tuple[OpenQuestion, ...]:
    """The open questions, most important first: disagreements, sincere questions, hedged claims,
    single-source claims, then rhetorical questions.

    `reported` gives, per reporting sentence, the claim it reports: a single-source key point is
    put to the reader as that claim ("Do other sources confirm that the toll rose to 15?").
    `unnamed` gives the claims sources attribute to speakers they do not name ("a senior official
    said ..."): who said it is asked before whether other sources confirm single-source claims.
    """
    # Candidates by kind, in the order they are chosen and shown; a kind is its origin, except
    # that a claim from an unnamed speaker is a single-source question of its own kind.
    categories: dict[str, list[_Candidate]] = {
        "disagreement": [], "explicit": [], "hedged": [], "unnamed_source": [], "single_source": [], "rhetorical": [],
    }
    origins: dict[str, QuestionOrigin] = {"unnamed_source": "single_source"}

    def citation(sentence: Sentence) -> Citation:
        text = texts[sentence.doc]
        return cite(text.source.id, text.text, sentence.start, sentence.end)

    for disagreement in disagreements:
        categories["disagreement"].append((
            _disagreement_question(disagreement),
            _disagreement_why(disagreement),
            tuple(p.citations[0] for p in disagreement.positions if p.citations),
            (disagreement.id,),
        ))

    point_of_statement = {statement: point for point, statement in points.statement_of_point.items()}
    # Claims on either side of a disagreement already have their question.
    disputed = {(c.source, c.start) for d in disagreements for p in d.positions for c in p.citations}
    for sentence in sentences:
        if not sentence.is_question:
            continue
        origin: QuestionOrigin = "rhetorical" if is_rhetorical(sentence) else "explicit"
        why = (f"{sentence.source} asks it rhetorically to make a point; the issue behind it is still open."
               if origin == "rhetorical" else f"{sentence.source} raises it without answering it.")
        categories[origin].append((question_text(sentence.text), why, (citation(sentence),), ()))

    def score(s: int) -> float:
        """How much the sentence's claim deserves to be a key point (0 when it is no claim)."""
        return points.scores[index.statement_of[s]] if s in index.statement_of else 0.0

    def related_point(s: int) -> tuple[str, ...]:
        """The id of the key point the sentence makes, if it makes one."""
        statement = index.statement_of.get(s)
        return (point_of_statement[statement],) if statement in point_of_statement else ()

    hedged = sorted(
        (s for s in claim_questions
         if not sentences[s].heading and (sentences[s].source, sentences[s].start) not in disputed),
        key=lambda s: (_tier(cues[s], claim_questions[s]), -score(s), s),
    )
    for s in hedged:
        sentence, sentence_cues = sentences[s], cues[s]
        related = related_point(s)
        found = claim_questions[s]
        bearing = f"{related[0]} depends on it; " if related else ""
        if found.asked:
            categories["explicit"].append((
                found.question,
                f"{sentence.source} reports it being asked (“{found.marker}”); no source answers it.",
                (citation(sentence),), related,
            ))
            continue
        if sentence_cues.likelihood is not None:
            why = (f"{bearing}{sentence.source} hedges it (“{sentence_cues.hedge}”: {sentence_cues.likelihood}) "
                   "and nothing in the sources settles it.")
        elif sentence_cues.forecast and found.marker.lower() in FUTURE_MODALS | {"won't", "wo"}:
            why = f"{bearing}{sentence.source} forecasts it; it has not happened yet."
        else:
            why = f"{bearing}{sentence.source} leaves it open (“{found.marker}”)."
        categories["hedged"].append((found.question, why[0].upper() + why[1:], (citation(sentence),), related))

    # Who said it matters for a claim that weighs: one that judges, forecasts, decides, blames or
    # counts, not one that describes ("rescue teams used boats"). A claim that leaves a question of
    # its own is asked about once, by that question.
    weighty = {s: f for s, f in unnamed.items() if s not in claim_questions and _weighs(cues[s])}
    for s, found in sorted(weighty.items(), key=lambda item: (-score(item[0]), item[0])):
        sentence = sentences[s]
        categories["unnamed_source"].append((
            _unnamed_source_question(found, sentence.proper),
            f"{sentence.source} does not name who said it; until the speaker is known or another "
            "source confirms it, the claim is hard to weigh.",
            (citation(sentence),), related_point(s),
        ))

    if len(texts) > 1:
        for point in points.points:
            if (len({c.source for c in point.citations}) > 1 or point.likelihood is not None
                    or (point.citations[0].source, point.citations[0].start) in disputed):
                continue
            sentence = sentences[index.statements[points.statement_of_point[point.id]].members[0]]
            claim = reported.get(sentence.index, point.text)
            if claim.split(" ", 1)[0].lower() in _PRONOUNS:
                continue
            categories["single_source"].append((
                _finish(f"Do other sources confirm that {_lower_first(claim, sentence.proper)}"),
                f"{point.id} rests on {point.citations[0].source} alone; no other source corroborates it.",
                point.citations[:1],
                (point.id,),
            ))

    # First pass under quotas; the second fills places left, but never with more claims merely
    # resting on one source or with rhetorical questions.
    quotas = {"disagreement": max_count, "explicit": max_count, "hedged": max(3, max_count // 3),
              "unnamed_source": 2, "single_source": 2, "rhetorical": 2}
    chosen: list[tuple[str, _Candidate]] = []
    asked: set[str] = set()
    for use_quota in (True, False):
        for kind, candidates in categories.items():
            taken = sum(1 for k, _ in chosen if k == kind)
            for candidate in candidates:
                capped = use_quota or kind in ("unnamed_source", "single_source", "rhetorical")
                if len(chosen) >= max_count or (capped and taken >= quotas[kind]):
                    break
                if candidate[0] in asked:
                    continue
                asked.add(candidate[0])
                chosen.append((kind, candidate))
                taken += 1
    order = list(categories)
    chosen.sort(key=lambda item: order.index(item[0]))
    return tuple(
        OpenQuestion(id=f"Q{number}", question=question, why=why, citations=citations,
                     related=related, origin=origins.get(kind, kind))  # type: ignore[arg-type]
        for number, (kind, (question, why, citations, related)) in enumerate(chosen, start=1)
    )
