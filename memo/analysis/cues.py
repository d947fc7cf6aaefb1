"""What a sentence signals beyond its words: hedging, forecasts, negation, figures, dates, outcomes,
blame and evaluative language, and the shape of its claim (who it is about, who says it, whether
it describes or quotes). Read once per parsed sentence; later stages compare the cues.

Every character range here is an offset into the source text, like a `Sentence`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from memo.analysis.lexicon import (
    APPROXIMATORS,
    BLAME_VERBS,
    CLAIM_NOUNS,
    CURRENCIES,
    CURRENCY_WORDS,
    DECISION_POLARITY,
    DOWNTONERS,
    DURATION_UNITS,
    EVALUATIVE,
    EVENT_CONTAINERS,
    EVENT_NOUNS,
    FUTURE_ADJECTIVES,
    FUTURE_MODALS,
    HAPPEN_VERBS,
    HEDGE_MODALS,
    HEDGE_PHRASES,
    HELPING_VERBS,
    INCIDENT_VERBS,
    INCIDENTS,
    INQUIRY_NOUNS,
    JUDGING_VERBS,
    LOSS_WORDS,
    MEASURES,
    MONEY_MEASURES,
    MONTHS,
    NEAR_MISS,
    NEGATIONS,
    NUMBER_WORDS,
    OUTCOME_POLARITY,
    PERCENT_WORDS,
    PERPETRATOR_VERBS,
    REPORTING_VERBS,
    SCALE_WORDS,
    TIMING_VERBS,
    TRACE_NOUNS,
    WEEKDAYS,
)
from memo.model import Likelihood

_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_GLUED_MONEY = re.compile(r"(?i)(rs\.?|\$|£|€|₹)(\d[\d,]*(?:\.\d+)?)(bn|m|k)?")
_DAY_MONTH = re.compile(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?\b")
_MONTH_DAY = re.compile(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WH_TAGS = frozenset({"WP", "WDT", "WP$", "WRB"})
_MONEY_SIGNS = frozenset("$£€₹Rr")


def _index_hedges() -> dict[str, list[tuple[int, int]]]:
    """Hedge phrases by their first word: (position in HEDGE_PHRASES, length in words)."""
    index: dict[str, list[tuple[int, int]]] = {}
    for priority, (words, _) in enumerate(HEDGE_PHRASES):
        index.setdefault(words[0], []).append((priority, len(words)))
    return index


_HEDGES_BY_FIRST_WORD = _index_hedges()
_VERB_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "xcomp", "relcl"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure stated in a sentence: its value, what it counts and the verb it goes with."""

    value: float
    unit: Literal["count", "percent", "money"]
    noun: str | None
    """Lemma of the counted noun ("person" for "12 people")."""
    verb: str | None
    """Lemma of the verb the figure belongs to ("kill" in "killed 12")."""
    noun_text: str | None
    """The counted noun as written ("soldiers")."""
    verb_text: str | None
    """The verb as written ("killed")."""
    measure: str | None
    """What is counted when the words say so: "killed", "wounded", "missing" (see MEASURES); for
    money, what kind of sum it is: "deal value", "aid" (see MONEY_MEASURES)."""
    currency: str | None
    """The currency of a sum of money ("EUR"), when it says."""
    approximate: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateRef:
    """A weekday, day of a month, year or span of months ("the first quarter") named in a sentence.

    The value of a period is "2025:07-12" (months 7 to 12 of 2025; "*" when no year is named).
    """

    kind: Literal["weekday", "day", "year", "period"]
    value: str
    start: int
    end: int
    anchors: frozenset[str]
    """What the date is the date of: the verb or event noun it belongs to, in canonical words."""
    event: str | None = None
    """That event in short, when a verb names it: "dockworkers returned to work"."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """A reported outcome of an event: the talks "collapsed" (-1) or "resumed" (+1)."""

    event: str
    polarity: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Blame:
    """Who blames whom (or claims or denies responsibility) for what."""

    stance: Literal["blame", "claim", "deny", "attribute"]
    """ "blame": the agent blames the target; "claim"/"deny": the agent claims or denies
    responsibility; "attribute": the sentence says the agent did it."""
    agent: tuple[int, int] | None
    target: tuple[int, int] | None
    event: tuple[str, ...]
    """Lemmas of what the blame is for."""
    event_text: str
    """What the blame is for, as written ("the bombing in Peshawar")."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One evaluative word and its weight (positive favourable, negative unfavourable)."""

    weight: float
    start: int
    end: int
    targets: tuple[tuple[int, int], ...]
    """Character ranges of what the word judges: the phrase an adjective qualifies, the subject
    of a predicate ("the Taliban have been cooperative"), the subject and object of a verb, the
    dependents of a noun ("the Biden administration's retreat")."""
    quoted: bool
    """Whether the word stands inside quotation marks: someone's words, reported."""
    nouns: tuple[str, ...]
    """Lemmas of the common nouns among what it judges (and of the word itself if it is one):
    "regimes hostile to freedom" judges "regime", which a source may use for a named actor."""
    pronoun: str | None
    """A possessive pronoun among what it judges ("his" in "his reckless handling"), if any."""


@dataclass(frozen=True, slots=True)
class Cues:
    """Everything `read_cues` found in one sentence."""

    likelihood: Likelihood | None
    hedge: str | None
    """The hedging words as written ("probably", "might"), or None for an unhedged claim."""
    forecast: int
    """+1 for "will ...", -1 for "won't ...", 0 for no forecast."""
    forecast_verb: str | None
    forecast_decision: int
    """+1 when what is forecast lets something go ahead ("will clear the deal"), -1 when it
    stops or questions it ("likely to open an investigation"), 0 otherwise."""
    forecast_event: str | None
    """What is forecast, as "<subject> will <verb> <object>", when it can be said briefly."""
    negated: bool
    """Whether the main verb is negated."""
    verbs: tuple[str, ...]
    """Lemmas of the main verbs."""
    event: str | None
    """The main clause in short, without negation: "the Taliban will attend the next round of
    talks" (first letter lower-cased unless it starts with a name); None when there is none."""
    quantities: tuple[Quantity, ...]
    dates: tuple[DateRef, ...]
    outcomes: tuple[Outcome, ...]
    blames: tuple[Blame, ...]
    evaluations: tuple[Evaluation, ...]
    subject: tuple[int, int] | None
    """Character range of the subject of what is claimed ("the Taliban" in "officials said the
    Taliban had agreed"), or None when the claim has no subject."""
    anaphoric: bool
    """Whether that subject only points back to an earlier sentence ("This shift", "they")."""
    leans_back: bool
    """Whether the claim needs the sentence before it: its subject points back, or it names
    something only by pointing back to it ("dismiss this demand")."""
    speaker: tuple[int, int] | None
    """Character range of who the claim is attributed to ("officials" in "officials said the
    Taliban had agreed"), or None when the writer states it."""
    copular: bool
    """Whether the claim describes rather than reports: "X is unexpected", "X remains fragile"."""
    quoted_share: float
    """Share of the words that stand inside quotation marks (1.0 for a pure quotation)."""


def read_cues(span: Span, entities: Sequence[Span], offset: int) -> Cues:
    """The cues of the parsed sentence `span` with its `entities`, in a block at `offset`."""
    # Token objects are built on every access to a span: build them once.
    tokens = list(span)
    likelihood, hedge = _hedge(tokens)
    forecast, forecast_token = _forecast(tokens)
    verb = _main_verb(span)
    subject = _subject_of(verb)
    return Cues(
        likelihood=likelihood,
        hedge=hedge,
        forecast=forecast,
        forecast_verb=forecast_token.lemma_.lower() if forecast_token is not None else None,
        forecast_decision=_decision(forecast_token) if forecast_token is not None else 0,
        forecast_event=_clause(forecast_token, future=True) if forecast_token is not None else None,
        negated=_claim_negated(span),
        event=_event_phrase(span),
        verbs=tuple(
            t.lemma_.lower() for t in tokens if t.pos_ in ("VERB", "AUX") and t.dep_ in _VERB_DEPS
            and t.lemma_.lower() not in ("be", "have", "do")
        ),
        quantities=tuple(_quantities(tokens, offset)),
        dates=tuple(_dates(entities, offset)),
        outcomes=tuple(_outcomes(tokens, offset)),
        blames=tuple(_blames(tokens, offset)),
        evaluations=tuple(_evaluations(tokens, offset)),
        subject=_chars(subject, offset) if subject else None,
        anaphoric=bool(subject) and _points_back(subject),
        leans_back=bool(subject) and _points_back(subject) or _names_by_pointing_back(tokens),
        speaker=_speaker(span, offset),
        copular=_copular(verb),
        quoted_share=_quoted_share(tokens),
    )


# Verbs that link a subject to a description of it rather than report what it did.
_LINKING_VERBS = frozenset({"be", "seem", "appear", "remain", "look", "sound", "become", "stay"})
_DEMONSTRATIVES = frozenset({"this", "these", "that", "those", "such"})


def _subject_of(verb: Token) -> list[Token]:
    """The tokens of the subject of `verb`, borrowed from the verb it is coordinated with."""
    while True:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects or verb.dep_ not in ("conj", "xcomp", "acomp") or verb.head is verb:
            break
        verb = verb.head
    if not subjects:
        return []
    return list(verb.doc[min(s.left_edge.i for s in subjects):max(s.right_edge.i for s in subjects) + 1])


def _speaker(span: Span, offset: int) -> tuple[int, int] | None:
    """Who a sentence attributes its claim to: the subject of a reporting root, or the object of
    "according to"."""
    root = span.root
    if root.lemma_.lower() in REPORTING_VERBS:
        subject = _subject_of(root)
        if subject:
            return _chars(subject, offset)
    for token in span:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                return _chars(list(objects[0].subtree), offset)
    return None


def _points_back(subject: list[Token]) -> bool:
    """Whether a subject is a pronoun or a demonstrative phrase without a name in it."""
    if any(t.pos_ == "PROPN" for t in subject):
        return False
    first = subject[0]
    return first.tag_ == "PRP" or (first.lower_ in _DEMONSTRATIVES and first.dep_ == "det")


def _names_by_pointing_back(tokens: list[Token]) -> bool:
    """Whether a demonstrative introduces a thing the sentence has not named before it
    ("reject this demand"), which only the sentence before can explain."""
    seen: set[str] = set()
    for token in tokens:
        head = token.head
        if (token.lower_ in _DEMONSTRATIVES and token.dep_ in ("det", "predet", "amod") and head.i > token.i
                and head.pos_ == "NOUN" and head.lemma_.lower() not in seen):
            return True
        seen.add(token.lemma_.lower())
    return False


def _copular(verb: Token) -> bool:
    """Whether `verb` links its subject to an adjective: a description, not an event."""
    return verb.lemma_.lower() in _LINKING_VERBS and any(
        c.dep_ in ("acomp", "oprd") and c.pos_ == "ADJ" for c in verb.children
    )


def _quoted_share(tokens: list[Token]) -> float:
    words = inside = 0
    quoted = False
    for token in tokens:
        if token.is_quote:
            quoted = (True if token.text[0] in _OPENING_QUOTES else
                      False if token.text[0] in _CLOSING_QUOTES else not quoted)
            continue
        if token.is_alpha:
            words += 1
            inside += quoted
    return inside / words if words else 0.0


def _lower(token: Token) -> str:
    return token.lower_.replace("’", "'")


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" or _lower(child) in NEGATIONS and child.dep_ == "advmod"
               for child in token.children)


def _chars(tokens: list[Token] | Span, offset: int) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return offset + first.idx, offset + last.idx + len(last.text)


def _hedge(tokens: list[Token]) -> tuple[Likelihood | None, str | None]:
    words = [_lower(t) for t in tokens]
    best: tuple[int, int, int] | None = None  # (priority, first token, size)
    for i, word in enumerate(words):
        for priority, size in _HEDGES_BY_FIRST_WORD.get(word, ()):
            if tuple(words[i:i + size]) == HEDGE_PHRASES[priority][0] and (best is None or priority < best[0]):
                best = (priority, i, size)
    if best is not None:
        priority, i, size = best
        start, end = _chars(tokens[i:i + size], 0)
        return HEDGE_PHRASES[priority][1], tokens[0].doc.text[start:end]
    for token in tokens:
        if token.tag_ == "MD" and token.lower_ in HEDGE_MODALS:
            # "could not" is mostly a past inability, not a judgment about what may be.
            if token.lower_ == "could" and _negated(token.head):
                continue
            return "roughly even chance", token.text
    return None, None


def _forecast(tokens: list[Token]) -> tuple[int, Token | None]:
    """+1 or -1 and the verb forecast ("will clear", "unlikely to approve"), or (0, None)."""
    for token in tokens:
        if token.tag_ == "MD" and _lower(token) in FUTURE_MODALS:
            verb = token.head
            if any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in _WH_TAGS for c in verb.children):
                continue  # "who will pay" asks, it does not forecast
            if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children):
                continue  # "unclear whether it will sign" leaves it open
            return (-1 if _negated(verb) else 1), verb
        if token.lower_ in FUTURE_ADJECTIVES and token.pos_ in ("ADJ", "VERB"):
            for child in token.children:
                if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                    negative = token.lower_ == "unlikely" or _negated(token.head) or _negated(token)
                    return (-1 if negative else 1), child
    return 0, None


def _decision(verb: Token) -> int:
    """+1 if `verb` lets something go ahead ("clear", "approve"), -1 if it stops or questions it
    ("block", "reject", "open an investigation"), 0 if it is no such decision."""
    lemma = verb.lemma_.lower()
    if lemma in DECISION_POLARITY:
        return DECISION_POLARITY[lemma]
    opens = lemma in ("open", "launch", "begin", "start")
    if opens and any(c.dep_ == "dobj" and c.lemma_.lower() in INQUIRY_NOUNS for c in verb.children):
        return -1
    return 0


_PLACES = frozenset({"to", "into", "from", "in", "at", "on", "with", "against"})


def _clause(verb: Token, *, future: bool) -> str | None:
    """ "the European Commission will open an in-depth investigation": what a forecast says will
    happen (`future`), or "dockworkers returned to work": what a date is the date of; the subject
    is borrowed from the verb it depends on ("is likely to open", "voted ... and would return")."""
    subject = _subject_of(verb)
    keep = {verb.i} | {c.i for c in verb.children if c.dep_ in ("prt", "auxpass") or
                       c.dep_ == "aux" and c.tag_ != "MD" and c.lower_ != "to" and not future}
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "acomp", "oprd", "dative"):
            keep |= _phrase(child)
    # One prepositional phrase that says where to or what of ("returned to work"), never the date.
    place = next((c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and c.lower_ in _PLACES
                  and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)), None)
    if place is not None and not future and len(list(place.subtree)) <= 4:
        keep |= {t.i for t in place.subtree}
    tokens = [t for t in verb.doc[min(keep):max(keep) + 1] if t.i in keep]
    if not subject or len(tokens) + len(subject) > 16:
        return None
    predicate = join_tokens(tokens)
    named = join_tokens(subject)
    if subject[0].pos_ != "PROPN" and not subject[0].text.isupper():
        named = named[0].lower() + named[1:]
    if future:
        return f"{named} will {predicate.replace(verb.text, verb.lemma_, 1)}"
    return f"{named} {predicate}"


_CORE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "attr", "acomp", "oprd", "dative",
                        "prt", "aux", "auxpass"})


def join_tokens(tokens: list[Token]) -> str:
    """The text of some tokens of one sentence, a space wherever tokens were left out between."""
    parts = []
    for k, token in enumerate(tokens):
        parts.append(token.text)
        if k + 1 < len(tokens):
            parts.append(token.whitespace_ or (" " if tokens[k + 1].i != token.i + 1 else ""))
    return "".join(parts).strip()


def _main_verb(span: Span) -> Token:
    """The verb of what is claimed: the root, or what a reporting root reports ("said it had ...")."""
    verb = span.root
    if verb.lemma_.lower() in REPORTING_VERBS:
        verb = next((c for c in verb.children if c.dep_ == "ccomp"), verb)
    return verb


def _claim_negated(span: Span) -> bool:
    """Whether the claim is denied: "was not issued", "no warning was issued"."""
    verb = _main_verb(span)
    return _negated(verb) or any(
        grandchild.dep_ == "det" and grandchild.lower_ in ("no", "neither")
        for child in verb.children if child.dep_ in ("nsubj", "nsubjpass", "dobj")
        for grandchild in child.children
    )


def _event_phrase(span: Span) -> str | None:
    verb = _main_verb(span)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    keep = {verb.i}
    holders = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    for child in (c for holder in holders for c in holder.children):
        if child.dep_ in _CORE_DEPS and child.dep_ != "neg":
            keep |= {child.i} if child.dep_ in ("aux", "auxpass", "prt") else _phrase(child)
    tokens = [t for t in span.doc[min(keep):max(keep) + 1] if t.i in keep and t.dep_ != "neg"]
    if len(tokens) > 16:
        return None
    text = join_tokens(tokens).rstrip(",;:")
    speaker = _speaker_name(span)
    if speaker and tokens[0].tag_ == "PRP" and tokens[0].lower_ in ("it", "they", "he", "she"):
        # "The PDMA said it had issued ...": whether the PDMA had issued it.
        return speaker + text[len(tokens[0].text):]
    if tokens[0].pos_ != "PROPN" and not tokens[0].text.isupper():
        text = text[0].lower() + text[1:]
    return text


def _speaker_name(span: Span) -> str | None:
    """The name of who a reporting sentence quotes ("the Provincial Disaster Management
    Authority" in "The Provincial Disaster Management Authority (PDMA) said ..."), if a name."""
    root = span.root
    if root.lemma_.lower() not in REPORTING_VERBS:
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    start, end = _party(subject, 0)
    name = span.doc.text[start:end]
    article = subject.left_edge.lower_ == "the" and not name.lower().startswith("the ")
    return f"the {name}" if article else name


def _number_value(token: Token) -> tuple[float | None, str | None]:
    """The value of a number token, and a currency glued to it ("Rs326")."""
    text = token.text.lower()
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text.replace(",", "")), None
    glued = _GLUED_MONEY.fullmatch(text)
    if glued:
        value = float(glued.group(2).replace(",", ""))
        scale = {"bn": 1e9, "m": 1e6, "k": 1e3}.get((glued.group(3) or "").lower(), 1.0)
        return value * scale, glued.group(1)
    parts = text.split("-")
    if all(part in NUMBER_WORDS for part in parts):
        return float(sum(NUMBER_WORDS[part] for part in parts)), None
    return None, None


def _duration(tokens: list[Token], k: int, value: float, offset: int) -> Quantity | None:
    """ "a nine-day strike", "suspended for 30 days": how long something lasted, in days, as a
    figure for "duration of the strike" (of the thing it qualifies, or of the verb it goes with)."""
    unit_at = k + 2 if k + 2 < len(tokens) and tokens[k + 1].text == "-" else k + 1
    if unit_at >= len(tokens) or tokens[unit_at].lemma_.lower() not in DURATION_UNITS:
        return None
    unit = tokens[unit_at]
    if unit.dep_ in ("compound", "amod", "nmod") and unit.head.pos_ == "NOUN":
        lemma = unit.head.lemma_.lower()
    elif unit.head.pos_ == "ADP" and unit.head.head.pos_ == "VERB":
        lemma = unit.head.head.lemma_.lower()  # "suspended for 30 days"
    elif unit.head.pos_ == "VERB":
        subject = next((c for c in unit.head.children if c.dep_ in _SUBJECTS and c.pos_ == "NOUN"), None)
        if subject is None:
            return None
        lemma = subject.lemma_.lower()  # "the strike lasted nine days"
    else:
        return None
    event = EVENT_NOUNS.get(lemma, lemma)
    start, end = _chars(tokens[k:unit_at + 1], offset)
    return Quantity(value=value * DURATION_UNITS[unit.lemma_.lower()], unit="count", noun="day", verb=None,
                    noun_text=unit.text, verb_text=None, measure=f"duration of the {event}", currency=None,
                    approximate=False, start=start, end=end)


def _quantities(tokens: list[Token], offset: int) -> list[Quantity]:
    found: list[Quantity] = []
    skip_until = -1
    for k, token in enumerate(tokens):
        if k <= skip_until or not (token.like_num or token.text[0] in _MONEY_SIGNS):
            continue
        value, glued_currency = _number_value(token)
        if value is None:
            continue
        duration = _duration(tokens, k, value, offset)
        if duration is not None:
            found.append(duration)
            skip_until = k + 2
            continue
        if token.ent_type_ in ("DATE", "TIME", "ORDINAL"):
            continue
        if token.lower_ == "one":
            continue  # mostly a determiner or pronoun ("one analyst"), rarely a figure
        last = k
        if k + 1 < len(tokens) and tokens[k + 1].lower_ in SCALE_WORDS:
            value *= SCALE_WORDS[tokens[k + 1].lower_]
            last = k + 1
        before = [t.lower_ for t in tokens[max(0, k - 2):k]]
        after = tokens[last + 1].lemma_.lower() if last + 1 < len(tokens) else ""
        currency = None
        if glued_currency or (before and before[-1] in CURRENCY_WORDS) or after in CURRENCY_WORDS:
            unit: Literal["count", "percent", "money"] = "money"
            sign = (glued_currency or (before[-1] if before and before[-1] in CURRENCY_WORDS else after)).lower()
            currency = CURRENCIES.get(sign)
        elif after in PERCENT_WORDS or (after == "per" and last + 2 < len(tokens)
                                        and tokens[last + 2].lower_ == "cent"):
            unit = "percent"
        elif 1900 <= value <= 2100 and token.text.isdigit():
            continue  # a year the entity recogniser did not mark as a date
        else:
            unit = "count"
        noun = verb = noun_text = verb_text = None
        anchor = tokens[last]
        head = anchor.head if anchor.dep_ in ("nummod", "quantmod", "compound") else anchor
        if head is not anchor and head.pos_ in ("NOUN", "PROPN", "ADJ"):
            noun, noun_text = head.lemma_.lower(), head.text
        # Up to the verb: the words on the way can say what is counted ("death toll", "killed",
        # "remain missing", "were still missing").
        around = [noun, *(c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod"))]
        walker, steps = head, 0
        while True:
            around.extend(c.lemma_.lower() for c in walker.children if c.dep_ in ("acomp", "oprd"))
            if walker.pos_ == "VERB" or steps == 4 or walker.head is walker:
                break
            walker, steps = walker.head, steps + 1
            around.append(walker.lemma_.lower())
        if walker.pos_ == "VERB":
            verb, verb_text = walker.lemma_.lower(), walker.text
            if head.dep_ not in _SUBJECTS:
                # "The death toll has risen to 15": the subject says what the figure counts.
                for subject in (c for c in walker.children if c.dep_ in _SUBJECTS):
                    around.append(subject.lemma_.lower())
                    around.extend(c.lemma_.lower() for c in subject.children if c.dep_ == "compound")
        if last + 1 < len(tokens) and tokens[last + 1].pos_ in ("ADJ", "VERB"):
            around.append(tokens[last + 1].lemma_.lower())
        if unit == "money":
            around.extend((verb, tokens[last + 2].lemma_.lower() if last + 2 < len(tokens)
                           and tokens[last + 1].lower_ in ("in", "of") else None))
            if walker.pos_ == "VERB" and head.dep_ not in _SUBJECTS:
                around.extend(c.lemma_.lower() for subject in walker.children if subject.dep_ in _SUBJECTS
                              for c in subject.children if c.dep_ == "amod")
            # "Lost revenue", "losses", "cost the port": a loss, whatever is lost.
            measure = "cost" if set(around) & LOSS_WORDS else next(
                (MONEY_MEASURES[word] for word in around if word in MONEY_MEASURES), None)
        else:
            measure = next((MEASURES[word] for word in around if word in MEASURES), None)
        first = k - 1 if currency and k > 0 and before and before[-1] in CURRENCY_WORDS else k
        start, end = _chars(tokens[first:last + 1], offset)
        found.append(Quantity(
            value=value, unit=unit, noun=noun, verb=verb, noun_text=noun_text, verb_text=verb_text,
            measure=measure, currency=currency,
            approximate=any(word in APPROXIMATORS for word in before), start=start, end=end,
        ))
        skip_until = last
    return found


def _dates(entities: Sequence[Span], offset: int) -> list[DateRef]:
    found: list[DateRef] = []
    for ent in entities:
        # "Sunday night" is a TIME to the entity recogniser, but still names the day.
        # A date in quotation marks is part of what was said, never the date it was said.
        if ent.label_ not in ("DATE", "TIME") or (_reporting_date(ent.root) and not _in_quotes(ent)):
            continue
        start, end = offset + ent.start_char, offset + ent.end_char
        text = ent.text
        anchors = _date_anchors(ent.root)
        verb = _dated_verb(ent.root)
        event = _clause(verb, future=False) if verb is not None else None
        for token in ent:
            if token.lower_ in WEEKDAYS:
                found.append(DateRef("weekday", token.lower_, start, end, anchors, event))
        for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
            for match in pattern.finditer(text):
                month = MONTHS.get(match.group(month_group).lower())
                day = int(match.group(day_group))
                if month and 1 <= day <= 31:
                    found.append(DateRef("day", f"{month:02d}-{day:02d}", start, end, anchors, event))
        years = _YEAR.findall(text)
        for match in _YEAR.finditer(text):
            found.append(DateRef("year", match.group(1), start, end, anchors, event))
        period = _period(text.lower(), ent, days_named=any(d.start == start and d.kind == "day" for d in found))
        if period is not None:
            found.append(DateRef("period", f"{years[0] if years else '*'}:{period[0]:02d}-{period[1]:02d}",
                                 start, end, anchors, event))
    return found


_QUARTER = re.compile(r"\b(?:(first|second|third|fourth|final|last)\s+quarter|q([1-4]))\b")
_HALF = re.compile(r"\b(?:(first|second)\s+half|h([12]))\b")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}


def _period(text: str, ent: Span, days_named: bool) -> tuple[int, int] | None:
    """The months a date names without naming a day: "the first quarter" (1-3), "the second half
    of 2025" (7-12), "the end of March" (3-3)."""
    quarter = _QUARTER.search(text)
    if quarter:
        number = _ORDINALS.get(quarter.group(1) or "") or int(quarter.group(2))
        return 3 * number - 2, 3 * number
    half = _HALF.search(text)
    if half:
        number = _ORDINALS.get(half.group(1) or "") or int(half.group(2))
        return 6 * number - 5, 6 * number
    if days_named:
        return None
    months = [MONTHS[t.lower_.rstrip(".")] for t in ent if t.lower_.rstrip(".") in MONTHS and t.is_title]
    if months:
        return min(months), max(months)
    return None


def stem(word: str) -> str:
    """A date anchor cut to its first six letters: "completion" and "complete" are one event."""
    return word[:6]


def _dated_verb(token: Token) -> Token | None:
    """The verb a date hangs on, if it hangs on one ("returned to work on Thursday")."""
    while token.dep_ in ("pobj", "prep", "agent", "npadvmod", "compound", "det", "amod", "case",
                         "advmod", "nummod") and token.head is not token:
        token = token.head
    if token.pos_ != "VERB" or token.lemma_.lower() in HAPPEN_VERBS | TIMING_VERBS:
        return None
    # "expects the deal to be completed by March": an infinitive makes no "When ..." of its own.
    return None if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) else token


def _in_quotes(span: Span) -> bool:
    """Whether `span` stands inside quotation marks opened earlier in its sentence."""
    quoted = False
    for token in span.doc[span.sent.start:span.start]:
        if token.is_quote:
            quoted = (True if token.text[0] in _OPENING_QUOTES else
                      False if token.text[0] in _CLOSING_QUOTES else not quoted)
    return quoted


def _incident(noun: Token) -> str | None:
    event = EVENT_NOUNS.get(noun.lemma_.lower()) or EVENT_NOUNS.get(noun.lower_)
    return event if event in INCIDENTS else None


def _date_anchors(token: Token) -> frozenset[str]:
    """The event a date belongs to: "the attack on Saturday" -> attack; "killed ... on Friday" ->
    kill, killed and the incident doing the killing; "the blast took place on ..." -> attack."""
    start = token
    while token.dep_ in ("pobj", "prep", "agent", "npadvmod", "compound", "det", "amod", "poss", "case",
                         "advmod", "nummod") and token.head is not token:
        token = token.head
    if token.pos_ in ("NOUN", "PROPN"):
        event = EVENT_NOUNS.get(token.lemma_.lower())
        if event:
            return frozenset({event})
        # The parser hangs a date on a noun now and then ("told analysts on a call that it was
        # expected in May" puts May on "call"): the verb just before it is what is dated.
        before = next((t for t in reversed(token.doc[token.sent.start:start.i]) if t.pos_ == "VERB"), None)
        return _date_anchors(before) if before is not None and before.i > token.i else frozenset()
    if token.pos_ != "VERB":
        return frozenset()
    lemma = token.lemma_.lower()
    found = set() if lemma in HAPPEN_VERBS else {lemma}
    found |= {word for word in (MEASURES.get(lemma), INCIDENT_VERBS.get(lemma)) if word}
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            subject = token.head if child.tag_ in _WH_TAGS and token.dep_ == "relcl" else child
            incident = _incident(subject)
            if incident:
                found.add(incident)
            elif subject.pos_ == "NOUN" and lemma in TIMING_VERBS:
                # "completion was expected in ...", "delay completion until ...": what is dated.
                found.add(subject.lemma_.lower())
    return frozenset(found)


def _reporting_date(token: Token) -> bool:
    """Whether a date only says when something was said ("officials said on Tuesday")."""
    while token.dep_ in ("pobj", "prep", "npadvmod", "compound", "det", "amod") and token.head is not token:
        token = token.head
    return token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS | {"warn"}


def _event_of(noun: Token) -> str | None:
    """The canonical event a noun names: "talks", or "talks" again via "a round of talks"."""
    lemma = noun.lemma_.lower()
    if lemma in EVENT_NOUNS:
        return EVENT_NOUNS[lemma]
    if noun.lower_ in EVENT_NOUNS:
        return EVENT_NOUNS[noun.lower_]
    if lemma in EVENT_CONTAINERS:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return _event_of(obj)
    return None


def _outcome_event(word: Token) -> str | None:
    if word.pos_ in ("ADJ", "ADV"):
        if word.dep_ == "amod":
            return _event_of(word.head)
        for child in word.head.children:
            if child.dep_ in _SUBJECTS:
                return _event_of(child)
        return None
    if word.dep_ == "amod":
        return _event_of(word.head)
    # "X halted the talks": with an object, the outcome is the object's, not the subject's.
    for child in word.children:
        if child.dep_ == "dobj":
            return _event_of(child)
    for child in word.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ in ("WDT", "WP") and word.dep_ == "relcl":
                return _event_of(word.head)
            return _event_of(child)
    holder = word
    while holder.dep_ in ("xcomp", "acomp") and holder.head is not holder:
        # "Talks are due to resume": the subject of "are due" is the talks that resume.
        holder = holder.head
        subject = next((c for c in holder.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return _event_of(subject)
    return None


def _outcomes(tokens: list[Token], offset: int) -> list[Outcome]:
    found: list[Outcome] = []
    for token in tokens:
        lemma = token.lemma_.lower()
        polarity = OUTCOME_POLARITY.get(lemma)
        if lemma == "break" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            polarity = -1
        if polarity is None or token.pos_ not in ("VERB", "ADJ", "ADV"):
            continue
        children = list(token.children)
        if lemma == "remain":
            # "remains in force" went ahead; "remains stalled" did not.
            state = next((c for c in children if c.dep_ in ("acomp", "oprd")), None)
            if state is not None:
                polarity = OUTCOME_POLARITY.get(state.lemma_.lower(), polarity)
        if lemma == "over" and token.pos_ != "ADV":
            continue
        if any(c.lower_ in NEAR_MISS for c in children):
            continue
        if any(c.tag_ == "MD" for c in children):
            continue  # "may collapse" is a forecast, not an outcome
        event = _outcome_event(token)
        if event is None:
            continue
        if _negated(token):
            polarity = -polarity
        start, end = _chars([token], offset)
        found.append(Outcome(event=event, polarity=polarity, start=start, end=end))
    return found


def _subtree_chars(token: Token, offset: int) -> tuple[int, int]:
    tokens = list(token.subtree)
    return _chars(tokens, offset)


def _blamed_for(token: Token) -> tuple[tuple[str, ...], str]:
    """Lemmas and text of what a blame verb (or "responsibility") is for."""
    for prep in token.children:
        # "for the attack", "of the bombing", "over the killings"; "in" only when it names an
        # event ("in the attack", not "in a statement").
        if prep.dep_ == "prep" and (prep.lower_ in ("for", "of", "over") or prep.lower_ == "in" and any(
                t.lemma_.lower() in EVENT_NOUNS for t in prep.subtree)):
            lemmas = tuple(sorted({t.lemma_.lower() for t in prep.subtree
                                   if t.pos_ in ("NOUN", "PROPN") and not t.is_stop}))
            objects = [t for t in prep.children if t.dep_ in ("pobj", "pcomp")]
            text = "".join(t.text_with_ws for t in objects[0].subtree).strip() if objects else ""
            return lemmas, text
    return (), ""


def _blames(tokens: list[Token], offset: int) -> list[Blame]:
    found: list[Blame] = []
    for token in tokens:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB":
            continue
        children = {c.dep_: c for c in token.children}
        if lemma in BLAME_VERBS:
            agent = children.get("nsubj")
            target = children.get("dobj")
            if _negated(token) or (target is not None and target.left_edge.lower_ in ("neither", "no")):
                continue  # "blamed neither the FUS nor its dissidents" lays blame on no one
            if "nsubjpass" in children:
                target = children["nsubjpass"]
                agent_prep = children.get("agent")
                agent = next((c for c in agent_prep.children if c.dep_ == "pobj"), None) if agent_prep else None
            event, event_text = _blamed_for(token)
            found.append(Blame(
                stance="blame",
                agent=_party(agent, offset) if agent is not None else None,
                target=_party(target, offset) if target is not None else None,
                event=event, event_text=event_text,
            ))
        elif lemma in PERPETRATOR_VERBS and (lemma != "carry" or "prt" in children):
            # "Daesh carried out the attack", "the attack was carried out by Daesh".
            passive = "nsubjpass" in children
            event_token = children.get("nsubjpass" if passive else "dobj")
            agent_prep = children.get("agent")
            agent = (next((c for c in agent_prep.children if c.dep_ == "pobj"), None) if agent_prep
                     else None) if passive else children.get("nsubj")
            if event_token is None or agent is None or _incident(event_token) is None or _negated(token):
                continue
            found.append(Blame(stance="attribute", agent=_party(agent, offset), target=None,
                               event=(_incident(event_token),), event_text=_phrase_text(event_token)))
        elif lemma == "bear" and "dobj" in children and children["dobj"].lemma_.lower() in TRACE_NOUNS:
            # "The ambush bore the hallmarks of La Cordillera."
            by = next((o for p in children["dobj"].children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj"), None)
            event_token = children.get("nsubj")
            if by is None or event_token is None or _incident(event_token) is None:
                continue
            found.append(Blame(stance="attribute", agent=_party(by, offset), target=None,
                               event=(_incident(event_token),), event_text=_phrase_text(event_token)))
        elif lemma in ("claim", "deny", "admit", "accept") and "dobj" in children:
            obj = children["dobj"]
            if obj.lemma_.lower() not in CLAIM_NOUNS | {"involvement", "role"}:
                continue
            agent = children.get("nsubj")
            if agent is not None and agent.left_edge.lower_ in ("no", "neither"):
                continue  # "No group claimed responsibility"
            event, event_text = _blamed_for(token)
            if not event:
                event, event_text = _blamed_for(obj)
            found.append(Blame(
                stance="deny" if lemma == "deny" else "claim",
                agent=_party(agent, offset) if agent is not None else None,
                target=None, event=event, event_text=event_text,
            ))
    return found


def _party(token: Token, offset: int) -> tuple[int, int]:
    """Character range of who a noun phrase names: the name in apposition to a description
    ("IS-K" in "the Islamic State's Afghan affiliate, IS-K"), else the whole phrase."""
    if token.pos_ == "NOUN":
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return _party(child, offset)
    if token.pos_ == "PROPN":
        # The name itself, not the descriptions hanging off it ("IS-K", not "the Islamic
        # State's affiliate, IS-K").
        name = [token]
        while True:
            parts = [c for t in name for c in t.children
                     if c.dep_ in ("compound", "flat") or c.dep_ == "punct" and c.text == "-"]
            if not parts or all(p in name for p in parts):
                break
            name = list({t.i: t for t in name + parts}.values())
        first, last = min(t.i for t in name), max(t.i for t in name)
        return _chars(list(token.doc[first:last + 1]), offset)
    return _subtree_chars(token, offset)


def _phrase_text(token: Token) -> str:
    """The noun phrase headed by `token`, without clauses hanging off it, as written."""
    keep = sorted(_phrase(token))
    return join_tokens([token.doc[i] for i in keep])


_OPENING_QUOTES = frozenset("“‘«")
_CLOSING_QUOTES = frozenset("”’»")


def _evaluations(tokens: list[Token], offset: int) -> list[Evaluation]:
    found: list[Evaluation] = []
    quoted = False
    for k, token in enumerate(tokens):
        if token.is_quote:
            text = token.text
            quoted = (True if text[0] in _OPENING_QUOTES else
                      False if text[0] in _CLOSING_QUOTES else not quoted)
            continue
        weight = EVALUATIVE.get(token.lemma_.lower(), EVALUATIVE.get(token.lower_))
        if not weight or token.pos_ not in ("NOUN", "VERB", "ADJ", "ADV", "PROPN"):
            continue
        value = float(weight)
        if k > 0 and tokens[k - 1].lower_ in DOWNTONERS:
            value /= 2
        if _negated(token) or (token.dep_ in ("acomp", "attr") and _negated(token.head)):
            value = -value
        elif _negated_above(token):
            value = -value / 2  # "no major warming" says little more than "no warming"
        start, end = _chars([token], offset)
        judged = _judged(token)
        targets = _ranges(sorted(judged - {token.i}), token.doc, offset)
        nouns = tuple(sorted({token.doc[i].lemma_.lower() for i in judged | {token.i}
                              if token.doc[i].pos_ == "NOUN"}))
        pronoun = next((token.doc[i].lower_ for i in sorted(judged) if token.doc[i].tag_ == "PRP$"), None)
        found.append(Evaluation(weight=value, start=start, end=end, targets=targets, quoted=quoted,
                                nouns=nouns, pronoun=pronoun))
    return found


_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct"})


def _phrase(token: Token) -> set[int]:
    """Token indices of the phrase headed by `token`, without clauses hanging off it.

    Coordinated nouns stay ("the US and the Taliban"); coordinated verbs are other clauses.
    """
    found = {token.i}
    for child in token.children:
        if (child.dep_ not in _CLAUSES or child.tag_ == "HYPH"
                or (child.dep_ in ("conj", "cc") and token.pos_ not in ("VERB", "AUX"))):
            found |= _phrase(child)
    return found


# Dependents that belong to the phrase a judgment is about: the names in it, not the clauses and
# prepositional phrases that merely hang off it.
_CORE_CHILDREN = frozenset({"compound", "poss", "amod", "appos", "conj", "cc", "det", "nmod", "nummod",
                            "case", "quantmod", "npadvmod", "flat"})
# Prepositions whose objects are part of what is judged: "the interplay between A and B".
_CORE_PREPOSITIONS = frozenset({"between", "of", "among"})


def _core(token: Token) -> set[int]:
    """Token indices of the phrase headed by `token`, down to the names it is made of."""
    found = {token.i}
    for child in token.children:
        if child.dep_ in ("conj", "cc") and token.pos_ in ("VERB", "AUX"):
            continue
        if child.dep_ in _CORE_CHILDREN or child.tag_ == "HYPH":
            found |= _core(child)
        elif child.dep_ == "prep" and child.lower_ in _CORE_PREPOSITIONS:
            found.add(child.i)
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found |= _core(grandchild)
    return found


def _arguments(verb: Token, deps: frozenset[str]) -> set[int]:
    """The cores of the arguments of `verb` with the given dependency labels ("agent" is the
    object of the "by" of a passive)."""
    found: set[int] = set()
    # The parser hangs the subject on the auxiliary at times ("the US ... are now working").
    holders = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    for child in (c for holder in holders for c in holder.children):
        if child.dep_ in deps:
            if child.dep_ == "agent":
                found |= {i for g in child.children if g.dep_ == "pobj" for i in _core(g)}
            else:
                found |= _core(child)
    if not found and verb.dep_ in ("xcomp", "conj", "acomp") and verb.head is not verb and "nsubj" in deps:
        return _arguments(verb.head, deps)
    return found


_DOERS = frozenset({"nsubj", "agent", "csubj"})
_UNDERGOERS = frozenset({"dobj", "nsubjpass"})


def _judged(token: Token) -> set[int]:
    """Token indices of what an evaluative word is about.

    An adjective judges the phrase it qualifies, or the subject it is said of; a noun judges its
    owner and modifiers ("the Biden administration's retreat"), or the subject it is said of
    ("X is a threat"). A verb of judgment judges its object ("praised Pakistan"); a verb of doing
    judges who does it ("hostile elements exploited ..."), and a verb of helping also the one it
    helps ("could benefit Pakistan").
    """
    if token.pos_ == "VERB":
        lemma = token.lemma_.lower()
        if lemma in JUDGING_VERBS:
            return _arguments(token, _UNDERGOERS)
        found = _arguments(token, _DOERS)
        if lemma in HELPING_VERBS:
            found |= _arguments(token, _UNDERGOERS)
        return found
    if token.dep_ == "conj" and token.head.pos_ == token.pos_:
        return _judged(token.head)  # "constructive and reliable": what the first one judges
    if token.dep_ in ("amod", "compound", "nmod"):
        found = _core(token.head)
        if token.head.dep_ in ("attr", "oprd"):
            # "X has been a constructive partner" judges X.
            found |= _arguments(token.head.head, _DOERS | {"nsubjpass"})
        return found
    if token.dep_ in ("acomp", "attr", "oprd"):
        return _core(token) | _arguments(token.head, _DOERS | {"nsubjpass"})
    if token.pos_ == "ADV":
        return _arguments(token.head, _DOERS)
    return _core(token)


def _negated_above(token: Token) -> bool:
    """Whether a word sits in the object of a negated verb: "won't lead to a major warming"."""
    while token.dep_ in ("pobj", "prep", "dobj", "amod", "compound") and token.head is not token:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return _negated(token)
    return False


def _ranges(indices: list[int], doc: Doc, offset: int) -> tuple[tuple[int, int], ...]:
    """Contiguous runs of token indices, as character ranges."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return tuple(_chars([doc[run[0]], doc[run[-1]]], offset) for run in runs)
