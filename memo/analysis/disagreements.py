"""Disagreements between sources, found by rules (no inference model is available offline).

Only sentences that blocking paired (see `similarity`) are compared, never all pairs. Detectors:
conflicting figures (tolls, percentages, sums of money of one kind in one currency, lengths in
days), dates (weekdays, days, spans of months that cannot meet), outcomes of the same event
(collapsed vs resumed), forecasts (will vs won't; a decision expected to go opposite ways),
negation of the same claim, responsibility for the same event laid on different actors (blamed,
claimed, "carried out by", "bore the hallmarks of"), and framing: one source writing about an
actor favourably where another writes unfavourably, also where it names the actor by a common
noun it uses for it ("the regime") or a possessive ("his handling"). Each finding gets a score
in [0, 1]; only the strongest are kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from memo.analysis.actors import ActorTable, Mention
from memo.analysis.citations import cite
from memo.analysis.cues import Cues, DateRef, Evaluation, Quantity, stem
from memo.analysis.gazetteer import Gazetteer
from memo.analysis.key_points import claim_text
from memo.analysis.lexicon import (
    EVENT_NOUNS,
    GENERIC_NOUNS,
    INCIDENTS,
    MEASURES,
    MONTHS,
    REPORTING_VERBS,
    TIMING_VERBS,
)
from memo.analysis.segment import Sentence
from memo.analysis.similarity import SimilarityIndex
from memo.ingest.source_text import SourceText
from memo.model import Disagreement, DisagreementKind, Position

_KIND_ORDER: dict[str, int] = {"numeric": 0, "date": 1, "attribution": 2, "outcome": 3,
                               "forecast": 4, "factual": 5, "framing": 6}
_REPORTING_VERBS = REPORTING_VERBS | {"describe"}
_GENERIC_VERBS = frozenset({"be", "have", "do", "make", "take", "get", "say"})
# Words a date can hang on that do not say which event it is the date of.
_WEAK_ANCHORS = _GENERIC_VERBS | TIMING_VERBS | frozenset({"hope", "want"})
# Each framing side needs at least this much net evaluative weight about the actor, and the two
# sides must lie this far apart.
_FRAMING_MIN = 1.5
_FRAMING_GAP = 3.0
# Most positions (sources) one disagreement lists; the strongest pairs come first.
_MAX_POSITIONS = 8
# Blame statements sharing an event word are compared within groups of at most this size.
_BLAME_GROUP = 30


@dataclass(frozen=True)
class _Side:
    doc: int
    sentences: tuple[int, ...]
    claim: str


@dataclass(frozen=True)
class _Conflict:
    kind: DisagreementKind
    topic: str
    score: float
    sides: tuple[_Side, ...]
    group: str = ""
    """Findings of one kind and group are one disagreement; the topic when empty."""


def _topicality(cosine: float) -> float:
    """Scale a rule's confidence by how much the two sentences are about the same thing."""
    return 0.6 + 0.4 * min(1.0, cosine / 0.4)


@dataclass(frozen=True)
class _Context:
    sentences: Sequence[Sentence]
    cues: Sequence[Cues]
    table: ActorTable
    index: SimilarityIndex
    gazetteer: Gazetteer
    texts: Sequence[SourceText]

    def shared_actors(self, i: int, j: int) -> list[str]:
        """Actors both sentences name, most salient first."""
        shared = set(self.table.sentence_keys[i]) & set(self.table.sentence_keys[j])
        return sorted(shared, key=self.table.rank.__getitem__)

    def actors(self, i: int, j: int) -> str:
        """ "the Taliban and Pakistan": the two most salient shared actors that are not places."""
        shared = self.shared_actors(i, j)
        keys = [k for k in shared if k not in self.table.places][:2] or shared[:2]
        return " and ".join(self.table.display(k, self.gazetteer) for k in keys)

    def terms(self, i: int, j: int) -> str:
        """The rarest words both sentences use."""
        shared = set(self.sentences[i].terms) & set(self.sentences[j].terms)
        names = {n.lower() for k in self.shared_actors(i, j) for n in self.table.names[k].split()}
        ranked = sorted((t for t in shared if t not in names), key=lambda t: (-self.index.idf.get(t, 0.0), t))
        return ", ".join(ranked[:3])

    def about(self, prefix: str, event: str | None, i: int, j: int) -> str:
        """ "When <event>" / "Whether <event>", or the shared terms and actors without an event."""
        if event:
            return f"{prefix} {event}"
        actors = self.actors(i, j)
        return f"{prefix}: {self.terms(i, j) or 'the same events'}" + (f" ({actors})" if actors else "")

    def about_the_past(self, i: int) -> bool:
        """Whether a sentence names a year before its source's publication ("floods in 2022")."""
        published = self.texts[self.sentences[i].doc].source.published
        return published is not None and any(
            d.kind == "year" and int(d.value) < published.year for d in self.cues[i].dates
        )

    def quote(self, i: int, start: int, end: int) -> str:
        return self.texts[self.sentences[i].doc].text[start:end]

    def side(self, i: int, claim: str | None = None) -> _Side:
        sentence = self.sentences[i]
        return _Side(sentence.doc, (i,), claim or claim_text(sentence.text))


# Openings of the topics written here, and how they read inside a sentence.
_TOPIC_OPENINGS = {"Number ": "the number ", "Timing ": "the timing ", "Length ": "the length ",
                   "Percentage ": "the percentage ", "Amount ": "the amount ", "Value ": "the value ",
                   "Cost ": "the cost ", "Earnings ": "the earnings ",
                   "Outcome ": "the outcome ", "Portrayal ": "the portrayal ", "When ": "when ",
                   "When: ": "the date: ", "Whether ": "whether ", "Whether: ": "whether: ",
                   "Responsibility ": "responsibility "}


def topic_in_sentence(topic: str) -> str:
    """A disagreement topic as it reads inside a sentence: "about the number of soldiers killed"."""
    for opening, inside in _TOPIC_OPENINGS.items():
        if topic.startswith(opening):
            return inside + topic[len(opening):]
    return topic


_MONEY_TOPICS = {"deal value": "Value of the deal", "cost": "Cost or loss",
                 "aid": "Amount of aid", "fine": "Amount of the fine", "earnings": "Earnings reported"}


def _quantity_topic(q: Quantity) -> str:
    if q.unit == "money" and q.measure in _MONEY_TOPICS:
        return _MONEY_TOPICS[q.measure]
    if q.measure and q.measure.startswith("duration of "):
        return f"Length of {q.measure.removeprefix('duration of ')}"
    what = {"count": "Number", "percent": "Percentage", "money": "Amount"}[q.unit]
    # "Number of soldiers killed", "Number of people killed"; "deaths" is the measure itself.
    counted = q.noun_text if q.noun in ("people", "person") or (
        q.noun and q.noun not in GENERIC_NOUNS and q.noun not in MEASURES) else None
    label = q.measure or (q.verb_text if q.verb and q.verb not in _GENERIC_VERBS else None)
    if counted:
        return f"{what} of {counted}" + (f" {label}" if label else "")
    return f"{what} {label}" if label else f"{what} reported"


def _same_measure(qa: Quantity, qb: Quantity) -> bool:
    """Whether two figures count the same thing: "12 killed" and "nine deaths" do."""
    if qa.unit != qb.unit:
        return False
    if qa.unit == "money":
        # Sums in two currencies, or of two kinds, or far apart in size (a share price and the
        # price of the company) are no rival figures for one thing.
        return (qa.currency == qb.currency and qa.measure is not None and qa.measure == qb.measure
                and max(qa.value, qb.value) <= 3 * min(qa.value, qb.value))
    if qa.noun and qb.noun and qa.noun != qb.noun and not {qa.noun, qb.noun} & (GENERIC_NOUNS | set(MEASURES)):
        return False  # "four soldiers" and "five civilians" count different people
    if (qa.noun in GENERIC_NOUNS) != (qb.noun in GENERIC_NOUNS) and qa.noun and qb.noun:
        return False  # "12 people" and "four children": the children may be among the people
    if qa.measure or qb.measure:
        return qa.measure == qb.measure
    if qa.noun is not None and qa.noun == qb.noun:
        if qa.noun not in GENERIC_NOUNS:
            return True
        return qa.verb is not None and qa.verb == qb.verb and qa.verb not in _GENERIC_VERBS
    return False


def _numeric(ctx: _Context, i: int, j: int, cosine: float) -> Iterator[_Conflict]:
    if not (ctx.cues[i].quantities and ctx.cues[j].quantities) or ctx.about_the_past(i) or ctx.about_the_past(j):
        return
    for qa in ctx.cues[i].quantities:
        for qb in ctx.cues[j].quantities:
            if not _same_measure(qa, qb):
                continue
            if abs(qa.value - qb.value) <= 0.01 * max(abs(qa.value), abs(qb.value)):
                continue
            # "At least 12" against "nine" still disagrees, a little less surely.
            base = 0.7 if qa.approximate or qb.approximate else 0.9
            yield _Conflict("numeric", _quantity_topic(qa), base * _topicality(cosine), (
                ctx.side(i, f"Puts it at {ctx.quote(i, qa.start, qa.end)}."),
                ctx.side(j, f"Puts it at {ctx.quote(j, qb.start, qb.end)}."),
            ), group=f"{qa.unit}:{qa.measure or qa.noun}")


def _months(date: DateRef) -> tuple[str, int, int] | None:
    """(year or "*", first month, last month) of a day or a period."""
    if date.kind == "period":
        year, _, months = date.value.partition(":")
        first, _, last = months.partition("-")
        return year, int(first), int(last)
    if date.kind == "day":
        month = int(date.value.split("-")[0])
        return "*", month, month
    return None


def _differ(da: DateRef, db: DateRef) -> bool:
    """Whether two dates cannot be the same: other days, or spans of months that do not meet."""
    if da.kind == db.kind and da.kind != "period":
        return da.value != db.value
    a, b = _months(da), _months(db)
    if a is None or b is None or (a[0] != b[0] and "*" not in (a[0], b[0])):
        return a is not None and b is not None
    return a[2] < b[1] or b[2] < a[1]


# Which kinds of date are compared with which, and how surely a difference is a disagreement.
_DATE_PAIRS = ((("weekday",), 0.85), (("day",), 0.85), (("period", "day"), 0.75), (("year",), 0.5))


def _dates(ctx: _Context, i: int, j: int, cosine: float) -> Iterator[_Conflict]:
    if not (ctx.cues[i].dates and ctx.cues[j].dates) or ctx.about_the_past(i) or ctx.about_the_past(j):
        return
    for kinds, base in _DATE_PAIRS:
        for da in (d for d in ctx.cues[i].dates if d.kind in kinds):
            for db in (d for d in ctx.cues[j].dates if d.kind in kinds):
                if "period" in kinds and "period" not in (da.kind, db.kind):
                    continue
                # Two dates disagree only when they are dates of the same event.
                shared = ({stem(a) for a in da.anchors - _WEAK_ANCHORS}
                          & {stem(b) for b in db.anchors - _WEAK_ANCHORS})
                if not shared or not _differ(da, db):
                    continue
                incident = sorted(da.anchors & db.anchors & INCIDENTS)
                dated = sorted((a for a in da.anchors | db.anchors if stem(a) in shared),
                               key=lambda a: (-len(a), a))
                if incident:
                    topic = f"When the {incident[0]} happened"
                elif da.event or db.event:
                    topic = f"When {da.event or db.event}"
                elif _main_verb(ctx.cues[i]) in _WEAK_ANCHORS:
                    # "Nordhavn expects the deal to close in March": the event is not "expects".
                    topic = f"Timing of the {dated[0]}"
                else:
                    topic = ctx.about("When", ctx.cues[i].event, i, j)
                yield _Conflict("date", topic, base * _topicality(cosine), (
                    ctx.side(i, f"Puts it {_on(ctx.quote(i, da.start, da.end))}."),
                    ctx.side(j, f"Puts it {_on(ctx.quote(j, db.start, db.end))}."),
                ))
                return


def _on(date: str) -> str:
    """ "on Monday", "in the first quarter", "at the end of March": the date after "Puts it"."""
    words = date.split()
    lead = words[0].lower() if words else ""
    if lead in ("on", "in", "at", "by", "until", "before", "after", "during", "from"):
        return date
    if lead == "the" and len(words) > 1 and words[1].lower() in ("end", "start", "beginning", "middle"):
        return f"at {date}"
    month = words[1].lower() if lead in ("early", "mid", "late") and len(words) > 1 else lead
    if lead == "the" or (month in MONTHS and not any(w.isdigit() and len(w) <= 2 for w in words)):
        return f"in {date}"
    return f"on {date}"


def _outcomes(ctx: _Context, i: int, j: int, cosine: float) -> Iterator[_Conflict]:
    if not (ctx.cues[i].outcomes and ctx.cues[j].outcomes):
        return
    # Talks between other parties, or in another place, are other talks; a sentence that names
    # no one is judged by its words alone.
    actors_i, actors_j = set(ctx.table.sentence_keys[i]), set(ctx.table.sentence_keys[j])
    if actors_i and actors_j and not actors_i & actors_j:
        return
    for oa in ctx.cues[i].outcomes:
        for ob in ctx.cues[j].outcomes:
            if oa.event == ob.event and oa.polarity != ob.polarity:
                topic = f"Outcome of the {oa.event}"
                yield _Conflict("outcome", topic, 0.8 * _topicality(cosine), (ctx.side(i), ctx.side(j)))
                return


def _main_verb(cues: Cues) -> str | None:
    return next((v for v in cues.verbs if v not in _REPORTING_VERBS), None)


def _negation(ctx: _Context, i: int, j: int, cosine: float) -> Iterator[_Conflict]:
    ci, cj = ctx.cues[i], ctx.cues[j]
    if cosine < 0.25 or ci.negated == cj.negated:
        return
    verb = _main_verb(ci)
    if verb is None or verb in _GENERIC_VERBS or verb != _main_verb(cj):
        return
    affirmed = ci if not ci.negated else cj
    yield _Conflict("factual", ctx.about("Whether", affirmed.event, i, j), 0.6 * _topicality(cosine),
                    (ctx.side(i), ctx.side(j)))


def _forecasts(ctx: _Context, i: int, j: int, cosine: float) -> Iterator[_Conflict]:
    ci, cj = ctx.cues[i], ctx.cues[j]
    if ci.forecast * cj.forecast == -1 and ci.forecast_verb == cj.forecast_verb:
        if not ctx.shared_actors(i, j) and cosine < 0.3:
            return
        affirmed = ci if ci.forecast > 0 else cj
        yield _Conflict("forecast", ctx.about("Whether", affirmed.event, i, j), 0.7 * _topicality(cosine),
                        (ctx.side(i), ctx.side(j)))
        return
    # "Expected to clear the deal" against "likely to open an in-depth investigation": one
    # decision forecast to go opposite ways, by the same actors or in much the same words.
    if ((ci.forecast * ci.forecast_decision) * (cj.forecast * cj.forecast_decision) == -1
            and (ctx.shared_actors(i, j) or cosine >= 0.25)):
        stopping = ci if ci.forecast * ci.forecast_decision < 0 else cj
        event = stopping.forecast_event if stopping.forecast > 0 else None
        yield _Conflict("forecast", ctx.about("Whether", event, i, j), 0.65 * _topicality(cosine),
                        (ctx.side(i), ctx.side(j)))


_PAIR_DETECTORS = (_numeric, _dates, _outcomes, _negation, _forecasts)


def _first_key(mentions: Sequence[Mention], span: tuple[int, int] | None, text: str) -> str | None:
    """The actor named in `span`: its first mention, else the name itself when it is one the
    entity recogniser missed ("the Red Column")."""
    if span is None:
        return None
    found = next((m.key for m in mentions if span[0] <= m.start and m.end <= span[1]), None)
    if found is None:
        words = text[span[0]:span[1]].split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if words and all(w[:1].isupper() for w in words):
            found = f"name:{' '.join(words)}"
    return found


def _main_incidents(sentences: Sequence[Sentence]) -> dict[int, str]:
    """Per source, the kind of incident it names most ("attack"), if it names any."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        counts[sentence.doc].update(EVENT_NOUNS[t] for t in sentence.terms
                                    if t in EVENT_NOUNS and EVENT_NOUNS[t] in INCIDENTS)
    return {doc: min(c, key=lambda e: (-c[e], e)) for doc, c in counts.items() if c}


def _attributions(ctx: _Context, mentions_of: dict[int, list[Mention]]) -> Iterator[_Conflict]:
    """Blame for the same event laid on different actors, or responsibility claimed and denied."""
    incidents = _main_incidents(ctx.sentences)
    entries = []
    for sentence in ctx.sentences:
        if sentence.heading:
            continue
        for blame in ctx.cues[sentence.index].blames:
            # "The FUS denied responsibility": for what the source is about, when it does not say.
            events = frozenset(EVENT_NOUNS.get(lemma, lemma) for lemma in blame.event)
            what = blame.event_text
            if not events and sentence.doc in incidents:
                events, what = frozenset({incidents[sentence.doc]}), f"the {incidents[sentence.doc]}"
            if not events:
                continue
            mentions = mentions_of.get(sentence.index, [])
            text = ctx.texts[sentence.doc].text
            entries.append((sentence.index, blame.stance, _first_key(mentions, blame.agent, text),
                            _first_key(mentions, blame.target, text), events, what))
    by_event: dict[str, list[int]] = defaultdict(list)
    for position, entry in enumerate(entries):
        for lemma in sorted(entry[4]):
            by_event[lemma].append(position)
    seen: set[tuple[int, int]] = set()
    for lemma in sorted(by_event):
        group = by_event[lemma][:_BLAME_GROUP]
        for x, a in enumerate(group):
            for b in group[x + 1:]:
                (i, stance_a, agent_a, target_a, _, what) = entries[a]
                (j, stance_b, agent_b, target_b, _, _) = entries[b]
                if ctx.sentences[i].doc == ctx.sentences[j].doc or (i, j) in seen:
                    continue
                responsible_a = target_a if stance_a == "blame" else agent_a
                responsible_b = target_b if stance_b == "blame" else agent_b
                conflict = False
                if "deny" in (stance_a, stance_b):
                    conflict = stance_a != stance_b and agent_a is not None and agent_a == agent_b
                elif responsible_a and responsible_b:
                    conflict = responsible_a != responsible_b
                if not conflict:
                    continue
                seen.add((i, j))
                yield _Conflict("attribution", f"Responsibility for {what}", 0.8, (ctx.side(i), ctx.side(j)))


def _owner(hit: Evaluation, mentions: Sequence[Mention], table: ActorTable) -> set[str]:
    """Who "his" or "its" in what a word judges stands for: the nearest person (for his, her)
    or other actor (for its, their) named before it in the sentence."""
    person = hit.pronoun in ("his", "her")
    before = [m for m in mentions if m.end <= hit.start and m.key.startswith("person:") == person
              and m.key not in table.places]
    return {before[-1].key} if before else set()


def _framing(ctx: _Context, mentions_of: dict[int, list[Mention]]) -> Iterator[_Conflict]:
    """An actor written about favourably by one source and unfavourably by another."""
    # (actor key, doc) -> sentence -> [(weight, start, end)] of the evaluative words about the actor.
    stance: dict[tuple[str, int], dict[int, list[tuple[float, int, int]]]] = defaultdict(lambda: defaultdict(list))
    # A source that writes "the Taliban regime" means the Taliban by "regimes hostile to freedom"
    # a paragraph later: per source, common nouns used for exactly one actor.
    described: dict[tuple[int, str], set[str]] = defaultdict(set)
    for mention in ctx.table.mentions:
        if mention.descriptor:
            described[(mention.doc, mention.descriptor)].add(mention.key)
    for sentence in ctx.sentences:
        mentions = mentions_of.get(sentence.index, [])
        if sentence.heading:
            continue
        # Organisations whose own people speak in this sentence: their quoted words about
        # themselves, and what they are reported to say of themselves, are self-description,
        # not the source's framing.
        affiliated = {m.affiliation for m in mentions if m.affiliation}
        speaker = ctx.cues[sentence.index].speaker
        speakers = {k for m in mentions if speaker and speaker[0] <= m.start < speaker[1]
                    for k in (m.key, m.affiliation) if k}
        for hit in ctx.cues[sentence.index].evaluations:
            if any(m.start <= hit.start < m.end for m in mentions):
                continue
            # A word judges what it qualifies: "insurgent groups" says nothing of Pakistan; "the
            # chaotic interplay between A, B and C" says the same of all three.
            judged = {m.key for m in mentions if any(a <= m.start and m.end <= b for a, b in hit.targets)}
            if not judged:
                judged = {key for noun in hit.nouns for key in described.get((sentence.doc, noun), ())
                          if len(described[(sentence.doc, noun)]) == 1}
            if not judged and hit.pronoun:
                judged = _owner(hit, mentions, ctx.table)
            for key in sorted(judged):
                if (hit.quoted and key in affiliated) or key in speakers - {None}:
                    continue
                stance[(key, sentence.doc)][sentence.index].append((hit.weight, hit.start, hit.end))
    for key in ctx.table.id_of:
        totals = {doc: sum(w for hits in per_sentence.values() for w, _, _ in hits)
                  for (k, doc), per_sentence in stance.items() if k == key}
        if len(totals) < 2:
            continue
        favourable = max(totals, key=lambda d: (totals[d], -d))
        unfavourable = min(totals, key=lambda d: (totals[d], d))
        strength = min(totals[favourable], -totals[unfavourable])
        if strength < _FRAMING_MIN or totals[favourable] - totals[unfavourable] < _FRAMING_GAP:
            continue
        name = ctx.table.display(key, ctx.gazetteer)
        sides = []
        for doc, sign, word in ((favourable, 1, "favourably"), (unfavourable, -1, "unfavourably")):
            per_sentence = stance[(key, doc)]
            best = sorted(per_sentence, key=lambda s: (-sign * sum(w for w, _, _ in per_sentence[s]), s))[:2]
            hits = sorted((h for s in best for h in per_sentence[s] if sign * h[0] > 0),
                          key=lambda h: (-abs(h[0]), h[1]))[:3]
            words = ", ".join(f"“{ctx.texts[doc].text[start:end]}”"
                              for _, start, end in sorted(hits, key=lambda h: h[1]))
            sides.append(_Side(doc, tuple(sorted(best)), f"Portrays {name} {word} ({words})."))
        gap = totals[favourable] - totals[unfavourable]
        yield _Conflict("framing", f"Portrayal of {name}",
                        0.3 + 0.04 * min(strength, 5.0) + 0.02 * min(gap, 5.0), tuple(sides))


@dataclass(frozen=True)
class Findings:
    """What the disagreement stage found."""

    disagreements: tuple[Disagreement, ...]
    """The disagreements for the memo, strongest first."""
    contradicting: frozenset[frozenset[int]]
    """Every pair of sentences (by index) that tell one fact in two ways ("nine dead", "12
    killed"), kept in the memo or not. Rival attributions and framings are different claims."""


def _grouped(conflicts: list[_Conflict]) -> list[_Conflict]:
    """Pairs with the same kind and topic ("12" vs "nine", "nine" vs "15" killed) as one finding
    with a position per source, at the score of its strongest pair."""
    groups: dict[tuple[str, str], _Conflict] = {}
    for conflict in conflicts:
        key = (conflict.kind, conflict.group or conflict.topic)
        known = groups.get(key)
        if known is None:
            groups[key] = conflict
            continue
        if len(known.sides) >= _MAX_POSITIONS:
            continue  # a large corpus gives many figures for one thing: the best-supported ones
        docs = {side.doc for side in known.sides}
        extra = tuple(side for side in conflict.sides if side.doc not in docs)
        if extra:
            sides = tuple(sorted(known.sides + extra, key=lambda side: side.doc))[:_MAX_POSITIONS]
            groups[key] = _Conflict(known.kind, known.topic, known.score, sides)
    return list(groups.values())


def find_disagreements(
    index: SimilarityIndex,
    sentences: Sequence[Sentence],
    cues: Sequence[Cues],
    table: ActorTable,
    texts: Sequence[SourceText],
    gazetteer: Gazetteer,
    *,
    max_count: int,
    min_score: float,
) -> Findings:
    """The strongest disagreements between sources, best first, and every contradicting pair."""
    ctx = _Context(sentences, cues, table, index, gazetteer, texts)
    mentions_of: dict[int, list[Mention]] = defaultdict(list)
    for mention in table.mentions:
        mentions_of[mention.sentence].append(mention)

    found: list[_Conflict] = []
    for statement in index.statements:
        for other, cosine in index.neighbours[statement.index]:
            if other <= statement.index:
                continue
            i, j = statement.members[0], index.statements[other].members[0]
            if sentences[i].doc > sentences[j].doc:
                i, j = j, i
            for detector in _PAIR_DETECTORS:
                found.extend(detector(ctx, i, j, cosine))
    found.extend(_attributions(ctx, mentions_of))
    found.extend(_framing(ctx, mentions_of))

    # Stable: equal scores keep the order found (corpus order; actors by salience).
    found.sort(key=lambda c: (-c.score, _KIND_ORDER[c.kind]))
    contradicting = frozenset(
        frozenset((a.sentences[0], b.sentences[0]))
        for c in found if c.kind not in ("framing", "attribution") and c.score >= min_score
        for a in c.sides for b in c.sides if a is not b
    )
    found = _grouped(found)
    chosen: list[_Conflict] = []
    # One finding per set of sentences and family of kinds (a "will"/"will not" pair is both a
    # forecast and a negation), and no sentence in more than three findings.
    seen: set[tuple[str, frozenset[int]]] = set()
    uses: dict[int, int] = defaultdict(int)
    for conflict in found:
        if len(chosen) >= max_count or conflict.score < min_score:
            break
        used = frozenset(s for side in conflict.sides for s in side.sentences)
        family = "claim" if conflict.kind in ("factual", "forecast", "outcome") else conflict.kind
        if (family, used) in seen or any(uses[s] >= 3 for s in used):
            continue
        seen.add((family, used))
        for s in used:
            uses[s] += 1
        chosen.append(conflict)

    disagreements = tuple(
        Disagreement(
            id=f"D{number}",
            topic=conflict.topic,
            kind=conflict.kind,
            positions=tuple(
                Position(
                    source=texts[side.doc].source.id,
                    claim=side.claim,
                    citations=tuple(
                        cite(texts[side.doc].source.id, texts[side.doc].text,
                             sentences[s].start, sentences[s].end)
                        for s in side.sentences
                    ),
                )
                for side in conflict.sides
            ),
            score=round(conflict.score, 3),
        )
        for number, conflict in enumerate(chosen, start=1)
    )
    return Findings(disagreements, contradicting)
