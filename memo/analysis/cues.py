"""What a sentence signals beyond its words: hedging, forecasts, negation, figures, dates, outcomes,
blame and evaluative language. Read once per parsed sentence; later stages compare the cues.

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
    CURRENCY_WORDS,
    DOWNTONERS,
    EVALUATIVE,
    EVENT_CONTAINERS,
    EVENT_NOUNS,
    FUTURE_ADJECTIVES,
    FUTURE_MODALS,
    HAPPEN_VERBS,
    HEDGE_MODALS,
    HEDGE_PHRASES,
    INCIDENT_VERBS,
    INCIDENTS,
    MEASURES,
    MONTHS,
    NEAR_MISS,
    NEGATIONS,
    NUMBER_WORDS,
    OUTCOME_POLARITY,
    PERCENT_WORDS,
    SCALE_WORDS,
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
    """What is counted when the words say so: "killed", "wounded", "missing" (see MEASURES)."""
    approximate: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateRef:
    """A weekday, day of a month or year named in a sentence."""

    kind: Literal["weekday", "day", "year"]
    value: str
    start: int
    end: int
    anchors: frozenset[str]
    """What the date is the date of: the verb or event noun it belongs to, in canonical words."""


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

    stance: Literal["blame", "claim", "deny"]
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


@dataclass(frozen=True, slots=True)
class Cues:
    """Everything `read_cues` found in one sentence."""

    likelihood: Likelihood | None
    hedge: str | None
    """The hedging words as written ("probably", "might"), or None for an unhedged claim."""
    forecast: int
    """+1 for "will ...", -1 for "won't ...", 0 for no forecast."""
    forecast_verb: str | None
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


def read_cues(span: Span, entities: Sequence[Span], offset: int) -> Cues:
    """The cues of the parsed sentence `span` with its `entities`, in a block at `offset`."""
    # Token objects are built on every access to a span: build them once.
    tokens = list(span)
    likelihood, hedge = _hedge(tokens)
    forecast, forecast_verb = _forecast(tokens)
    return Cues(
        likelihood=likelihood,
        hedge=hedge,
        forecast=forecast,
        forecast_verb=forecast_verb,
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
    )


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


def _forecast(tokens: list[Token]) -> tuple[int, str | None]:
    for token in tokens:
        if token.tag_ == "MD" and _lower(token) in FUTURE_MODALS:
            verb = token.head
            if any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in _WH_TAGS for c in verb.children):
                continue  # "who will pay" asks, it does not forecast
            return (-1 if _negated(verb) else 1), verb.lemma_.lower()
        if token.lower_ in FUTURE_ADJECTIVES and token.pos_ in ("ADJ", "VERB"):
            for child in token.children:
                if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                    negative = token.lower_ == "unlikely" or _negated(token.head) or _negated(token)
                    return (-1 if negative else 1), child.lemma_.lower()
    return 0, None


_REPORTING = frozenset({"say", "tell", "report", "add", "state", "announce", "note", "claim",
                        "write", "argue", "insist", "confirm"})
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
    if verb.lemma_.lower() in _REPORTING:
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
    if tokens[0].pos_ != "PROPN" and not tokens[0].text.isupper():
        text = text[0].lower() + text[1:]
    return text


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


def _quantities(tokens: list[Token], offset: int) -> list[Quantity]:
    found: list[Quantity] = []
    skip_until = -1
    for k, token in enumerate(tokens):
        if k <= skip_until or not (token.like_num or token.text[0] in _MONEY_SIGNS):
            continue
        if token.ent_type_ in ("DATE", "TIME", "ORDINAL"):
            continue
        value, glued_currency = _number_value(token)
        if value is None:
            continue
        if token.lower_ == "one":
            continue  # mostly a determiner or pronoun ("one analyst"), rarely a figure
        last = k
        if k + 1 < len(tokens) and tokens[k + 1].lower_ in SCALE_WORDS:
            value *= SCALE_WORDS[tokens[k + 1].lower_]
            last = k + 1
        before = [t.lower_ for t in tokens[max(0, k - 2):k]]
        after = tokens[last + 1].lemma_.lower() if last + 1 < len(tokens) else ""
        if glued_currency or (before and before[-1] in CURRENCY_WORDS) or after in CURRENCY_WORDS:
            unit: Literal["count", "percent", "money"] = "money"
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
        if last + 1 < len(tokens) and tokens[last + 1].pos_ in ("ADJ", "VERB"):
            around.append(tokens[last + 1].lemma_.lower())
        measure = next((MEASURES[word] for word in around if word in MEASURES), None)
        start, end = _chars(tokens[k:last + 1], offset)
        found.append(Quantity(
            value=value, unit=unit, noun=noun, verb=verb, noun_text=noun_text, verb_text=verb_text,
            measure=measure,
            approximate=any(word in APPROXIMATORS for word in before), start=start, end=end,
        ))
        skip_until = last
    return found


def _dates(entities: Sequence[Span], offset: int) -> list[DateRef]:
    found: list[DateRef] = []
    for ent in entities:
        # "Sunday night" is a TIME to the entity recogniser, but still names the day.
        if ent.label_ not in ("DATE", "TIME") or _reporting_date(ent.root):
            continue
        start, end = offset + ent.start_char, offset + ent.end_char
        text = ent.text
        anchors = _date_anchors(ent.root)
        for token in ent:
            if token.lower_ in WEEKDAYS:
                found.append(DateRef("weekday", token.lower_, start, end, anchors))
        for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
            for match in pattern.finditer(text):
                month = MONTHS.get(match.group(month_group).lower())
                day = int(match.group(day_group))
                if month and 1 <= day <= 31:
                    found.append(DateRef("day", f"{month:02d}-{day:02d}", start, end, anchors))
        for match in _YEAR.finditer(text):
            found.append(DateRef("year", match.group(1), start, end, anchors))
    return found


def _incident(noun: Token) -> str | None:
    event = EVENT_NOUNS.get(noun.lemma_.lower()) or EVENT_NOUNS.get(noun.lower_)
    return event if event in INCIDENTS else None


def _date_anchors(token: Token) -> frozenset[str]:
    """The event a date belongs to: "the attack on Saturday" -> attack; "killed ... on Friday" ->
    kill, killed and the incident doing the killing; "the blast took place on ..." -> attack."""
    while token.dep_ in ("pobj", "prep", "npadvmod", "compound", "det", "amod", "poss", "case",
                         "advmod", "nummod") and token.head is not token:
        token = token.head
    if token.pos_ in ("NOUN", "PROPN"):
        event = EVENT_NOUNS.get(token.lemma_.lower())
        return frozenset({event}) if event else frozenset()
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
    return frozenset(found)


def _reporting_date(token: Token) -> bool:
    """Whether a date only says when something was said ("officials said on Tuesday")."""
    while token.dep_ in ("pobj", "prep", "npadvmod", "compound", "det", "amod") and token.head is not token:
        token = token.head
    return token.pos_ == "VERB" and token.lemma_.lower() in _REPORTING | {"claim", "tell", "warn"}


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
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "over", "in"):
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
            if "nsubjpass" in children:
                target = children["nsubjpass"]
                agent_prep = children.get("agent")
                agent = next((c for c in agent_prep.children if c.dep_ == "pobj"), None) if agent_prep else None
            event, event_text = _blamed_for(token)
            found.append(Blame(
                stance="blame",
                agent=_subtree_chars(agent, offset) if agent is not None else None,
                target=_subtree_chars(target, offset) if target is not None else None,
                event=event, event_text=event_text,
            ))
        elif lemma in ("claim", "deny", "admit", "accept") and "dobj" in children:
            obj = children["dobj"]
            if obj.lemma_.lower() not in CLAIM_NOUNS | {"involvement", "role"}:
                continue
            agent = children.get("nsubj")
            event, event_text = _blamed_for(token)
            if not event:
                event, event_text = _blamed_for(obj)
            found.append(Blame(
                stance="deny" if lemma == "deny" else "claim",
                agent=_subtree_chars(agent, offset) if agent is not None else None,
                target=None, event=event, event_text=event_text,
            ))
    return found


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
        if _negated(token) or (token.dep_ in ("acomp", "attr", "dobj") and _negated(token.head)):
            value = -value
        start, end = _chars([token], offset)
        targets = _ranges(sorted(_judged(token) - {token.i}), token.doc, offset)
        found.append(Evaluation(weight=value, start=start, end=end, targets=targets, quoted=quoted))
    return found


_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "agent", "attr"})
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


def _judged(token: Token) -> set[int]:
    """Token indices of what an evaluative word is about."""
    if token.dep_ in ("amod", "compound", "nmod"):
        return _phrase(token.head)
    if token.dep_ in ("acomp", "attr", "oprd") or token.pos_ in ("ADV", "VERB"):
        verb = token.head if token.pos_ != "VERB" else token
        found = _phrase(token) if token.pos_ != "ADV" else set()
        # The parser hangs the subject on the auxiliary at times ("the US ... are now working").
        holders = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        for child in (c for holder in holders for c in holder.children):
            if child.dep_ in _ARGUMENTS:
                found |= _phrase(child)
        return found
    return _phrase(token)


def _ranges(indices: list[int], doc: Doc, offset: int) -> tuple[tuple[int, int], ...]:
    """Contiguous runs of token indices, as character ranges."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return tuple(_chars([doc[run[0]], doc[run[-1]]], offset) for run in runs)
