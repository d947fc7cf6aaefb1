"""Actors: named entities merged into people, organisations, states, armed groups and places.

Per sentence, `find_mentions` reads spaCy's entities and adds what NER alone misses: curated names
("ISIS-K", "Tehreek-e-Taliban Pakistan" that NER cuts to "Tehreek"), acronym definitions
("Long Name (LN)"), states behind capitals, demonyms and "<leader> administration", and roles from
compounds and appositions ("Taliban spokesman Zabihullah Mujahid"). Over the whole corpus,
`build_actors` merges aliases, drops names that only headings use, ranks actors by salience
(mentions x sources) and keeps their mentions as citations.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from spacy.tokens import Span, Token

from memo.analysis.citations import cite
from memo.analysis.gazetteer import GOVERNMENT_WORDS, Gazetteer, surface_key
from memo.analysis.lexicon import POLITICAL_VERBS
from memo.analysis.segment import Sentence
from memo.ingest.source_text import SourceText
from memo.model import Actor, ActorKind

_ENTITY_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
                  "NORP": "norp"}
_KIND_WEIGHT: dict[str, float] = {"place": 0.5, "other": 0.7}
_KIND_OF_PREFIX: dict[str, ActorKind] = {"person": "person", "org": "organization", "place": "place",
                                         "norp": "other", "acronym": "organization"}

# A name used as the subject, agent or owner of something acts politically ("Kabul insisted"),
# unlike a name used as a place ("the Kabul airport", "talks in Kabul").
_AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss"})
_AGENT_PREPOSITIONS = frozenset({"by", "with", "between", "against", "toward", "towards"})

# Last words of names that are projects, plans or laws rather than organisations.
_THING_WORDS = frozenset({"corridor", "project", "initiative", "agreement", "accord", "treaty",
                          "plan", "programme", "program", "act", "deal", "road", "pipeline",
                          "highway", "railway", "framework", "strategy", "policy", "doctrine"})

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their"})

# Forms of address written before a name ("Mr Khan", "Gen Qadir"): part of how the source names
# the person, never a role.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "gen", "sir", "dame", "mullah",
                         "mawlawi", "maulana", "maulvi", "sheikh", "sardar", "haji", "hajji"})
# Titles and ranks a name may start with; they do not change who the person is.
_TITLES = _HONORIFICS | frozenset({
    "general", "lieutenant", "lt", "colonel", "col", "major", "maj", "captain", "capt", "sergeant",
    "sgt", "brigadier", "brig", "admiral", "adm", "commander", "cmdr", "marshal", "president",
    "vice", "prime", "minister", "chief", "senator", "sen", "rep", "governor", "gov", "mayor",
    "judge", "justice", "ambassador", "secretary", "chancellor", "king", "queen", "prince",
    "princess", "emir", "imam", "mufti", "ayatollah", "professor", "rev", "father", "deputy",
})


def _without_titles(name: str) -> str:
    """ "Lieutenant General Imran Qadir" -> "Imran Qadir"; a name that is all titles stays."""
    words = name.split()
    start = 0
    while start < len(words) - 1 and words[start].lower().rstrip(".") in _TITLES:
        start += 1
    return " ".join(words[start:])

# A name: capitalised words, possibly joined by short lower-case particles.
_NAME = r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|de|del|al|el|e|i|la|du)\s+)*[A-Z][\w'’-]*)*"
_ACRONYM = r"[A-Z][A-Za-z&.-]{1,9}"
# "Long Name (LN)", and the other way round, "LN (Long Name)".
_ACRONYM_DEFINITION = re.compile(rf"({_NAME})\s*\(({_ACRONYM})\)")
_ACRONYM_FIRST = re.compile(rf"\b({_ACRONYM})\s*\(({_NAME})\)")
# "NAME, known as ALIAS", "NAME, also known by its Spanish initials ALIAS".
_KNOWN_AS = re.compile(
    rf"({_NAME}),?\s+(?:also\s+)?(?:known|referred\s+to)\s+"
    rf"(?:as|by\s+(?:its|his|her|their)\s+(?:[A-Za-z-]+\s+){{0,2}}(?:initials|acronym|name|nickname))\s+"
    rf"[\"“‘']?({_NAME})[\"”’']?"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where a source names an actor."""

    sentence: int
    doc: int
    start: int
    end: int
    surface: str
    key: str
    """Identity of the actor before corpus-wide merging ("state:USA", "person:Zabihullah Mujahid")."""
    heading: bool
    role: str | None = None
    affiliation: str | None = None
    """Key of the organisation or state named in the role ("Taliban" in "Taliban spokesman")."""
    descriptor: str | None = None
    """Lemma of a common noun the source uses for the actor here: "regime" in "the Taliban
    regime", "group" in "Danish group Nordhavn" or "Nordhavn, the shipping group"."""


@dataclass(frozen=True, slots=True)
class AcronymDefinition:
    """A source spelling out an acronym ("Tehreek-e-Taliban Pakistan (TTP)") or giving another
    name ("Iván Cortés, known as El Profe")."""

    long: str
    short: str
    alias: bool = False
    """Whether `short` is another name for whoever `long` names, rather than its initials."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    key: str | None
    entity: Span | None
    curated: bool
    owned: bool = False
    """Whether the name followed an owner's "'s" ("Pakistan's Foreign Office"): the owner is its
    affiliation."""


# Nouns after which a demonym names a language: "its Spanish initials", "the Pashto word".
_LANGUAGE_NOUNS = frozenset({"initials", "language", "name", "word", "term", "translation", "acronym",
                             "spelling", "version", "text", "original"})


def _joined(entities: Sequence[Span]) -> list[Span]:
    """The entities, with names the recogniser cut in two joined again: "Qari Sayed" and "Jalal
    Zazai" written one after the other are one person."""
    joined: list[Span] = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if (previous is not None and entity.label_ == previous.label_ == "PERSON"
                and entity.start == previous.end and previous.doc[previous.end - 1].whitespace_ == " "):
            joined[-1] = Span(entity.doc, previous.start, entity.end, label="PERSON")
        else:
            joined.append(entity)
    return joined


def _owned(entity: Span) -> tuple[Span, bool]:
    """An organisation named with its owner ("the Islamic Emirate's Ministry of Interior") as the
    organisation alone, and whether it had an owner; other entities as they are."""
    if entity.label_ != "ORG":
        return entity, False
    for token in entity:
        if token.tag_ == "POS" and token.i + 1 < entity.end and token.i > entity.start:
            return Span(entity.doc, token.i + 1, entity.end, label="ORG"), True
    return entity, False


def _initials_cover(words: list[str], short: str) -> bool:
    """Whether the letters of `short` are, in order, initials of `words` starting with the first."""
    letters = [c.upper() for c in short if c.isalpha()]
    if not words or not letters or words[0][0].upper() != letters[0]:
        return False
    position = 0
    for word in words:
        if position < len(letters) and word[0].upper() == letters[position]:
            position += 1
    return position == len(letters)


def _acronym_definitions(span: Span) -> list[tuple[int, int, int, int, str, str]]:
    """(long start, long end, short start, short end, long, short) in block characters."""
    found = []
    for match in _ACRONYM_FIRST.finditer(span.text):
        short, long_text = match.group(1), match.group(2)
        words = re.findall(r"[^\s-]+", long_text)
        if short.isupper() and len(words) >= 2 and _initials_cover(words, short):
            base = span.start_char
            found.append((base + match.start(2), base + match.end(2), base + match.start(1),
                          base + match.end(1), long_text, short))
    for match in _ACRONYM_DEFINITION.finditer(span.text):
        long_text, short = match.group(1), match.group(2)
        parts = [(m.start(), m.group()) for m in re.finditer(r"[^\s-]+", long_text)]
        # The shortest tail of the capitalised run whose initials spell the acronym.
        for first in range(len(parts) - 1, -1, -1):
            if _initials_cover([p for _, p in parts[first:]], short):
                break
        else:
            continue
        if len(parts) - first < 2:
            continue
        base = span.start_char + match.start(1)
        long_start = base + parts[first][0]
        long_end = base + len(long_text)
        short_start = span.start_char + match.start(2)
        found.append((long_start, long_end, short_start, short_start + len(short),
                      long_text[parts[first][0]:], short))
    return found


def _aliases(span: Span) -> list[tuple[int, int, str, str]]:
    """(alias start, alias end, name, alias) in block characters: "Iván Cortés, known as
    "El Profe"", "the United Southern Front, known by its Spanish initials FUS"."""
    found = []
    for match in _KNOWN_AS.finditer(span.text):
        name, alias = match.group(1), match.group(2)
        # "The" opens a sentence, not a name.
        name = re.sub(r"^The\s+", "", name)
        found.append((span.start_char + match.start(2), span.start_char + match.end(2), name, alias))
    return found


def _acts_politically(root: Token) -> bool:
    if root.dep_ == "conj":
        root = root.head
    if root.dep_ in _AGENT_DEPS:
        return True
    if root.dep_ == "dobj":
        return root.head.lemma_.lower() in POLITICAL_VERBS
    return root.dep_ == "pobj" and root.head.lower_ in _AGENT_PREPOSITIONS


def _resolve(entity: Span, gazetteer: Gazetteer) -> tuple[str, int]:
    """Key of the actor an entity names, and how many following tokens belong to the name."""
    surface = surface_key(entity.text)
    label = _ENTITY_LABELS[entity.label_]
    doc = entity.doc
    following = doc[entity.end].lower_ if entity.end < len(doc) else ""
    leader = gazetteer.leaders.get(surface)
    if leader is not None:
        if following in GOVERNMENT_WORDS:
            return leader.state, 1
        return f"person:{leader.name}", 0
    if label == "person":
        surface = _without_titles(surface)
        leader = gazetteer.leaders.get(surface)
        if leader is not None:
            return f"person:{leader.name}", 0
        if " " in surface:
            return f"person:{surface}", 0
    found = gazetteer.lookup(entity.text, allow_codes=label != "person")
    if found is not None:
        return found, 0
    state = gazetteer.capitals.get(surface)
    if state is not None:
        if _acts_politically(entity.root):
            return gazetteer.government_of(state), 0
        return f"place:{surface}", 0
    return f"{label}:{surface}", 0


def _role(entity: Span) -> tuple[int, int] | None:
    """Token range of the role phrase of a person entity, from compounds or appositions."""
    root = entity.root
    doc = entity.doc
    # "Taliban spokesman Zabihullah Mujahid", "Foreign Minister Ishaq Dar": a title compounded
    # onto the name (capitalised titles are tagged as proper nouns, but are no entity).
    if entity.start > 0:
        before = doc[entity.start - 1]
        if (_is_title_word(before) and before.dep_ == "compound"
                and before.head.i in range(entity.start, entity.end)):
            return before.left_edge.i, before.i + 1
    # "Zabihullah Mujahid, the Taliban's chief spokesman,": an apposition of the name.
    for child in root.children:
        if child.dep_ == "appos" and _is_title_word(child) and child.i >= entity.end:
            return child.left_edge.i, child.right_edge.i + 1
    # "Pakistan's foreign minister Ishaq Dar": the name is an apposition of the role.
    if root.dep_ == "appos" and _is_title_word(root.head) and root.head.i < entity.start:
        return root.head.left_edge.i, root.head.i + 1
    return None


def _is_title_word(token: Token) -> bool:
    if token.lower_.rstrip(".") in _HONORIFICS:
        return False
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and not token.ent_type_)


def _clean_role(doc_span: Span) -> Span | None:
    tokens = list(doc_span)
    while tokens and (tokens[0].lower_ in _DETERMINERS or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens or len(tokens) > 8 or not _is_title_word(tokens[-1]):
        return None
    return doc_span.doc[tokens[0].i:tokens[-1].i + 1]


def _descriptor(span: Span, start: int, end: int) -> str | None:
    """The common noun a name at `start:end` (block characters) is compounded with or set in
    apposition to: "regime" in "the Taliban regime", "group" in "Nordhavn, the shipping group"."""
    tokens = [t for t in span if start <= t.idx < end]
    if not tokens:
        return None
    root = next((t for t in tokens if t.head.i < tokens[0].i or t.head.i > tokens[-1].i), tokens[-1])
    candidates = []
    if root.dep_ in ("compound", "poss", "nmod", "npadvmod") and root.head.pos_ == "NOUN":
        candidates.append(root.head)
    candidates.extend(c for c in root.children if c.pos_ == "NOUN" and (
        c.dep_ == "appos" or c.dep_ == "compound" and c.i < tokens[0].i))
    for noun in candidates:
        # "Taliban spokesman Zabihullah Mujahid": the noun is the title of a person, not the group.
        if noun.dep_ == "compound" and noun.head.pos_ == "PROPN" and noun.head.i not in {t.i for t in tokens}:
            continue
        if noun.lower_.rstrip(".") in _TITLES:
            continue
        return noun.lemma_.lower()
    return None


def find_mentions(
    span: Span, entities: Sequence[Span], sentence: Sentence, offset: int, gazetteer: Gazetteer
) -> tuple[list[Mention], list[AcronymDefinition]]:
    """The actor mentions and acronym definitions of one parsed sentence (with its `entities`)
    of a block at `offset`."""
    candidates: list[_Candidate] = []
    definitions: list[AcronymDefinition] = []
    for long_start, long_end, short_start, short_end, long, short in _acronym_definitions(span):
        definitions.append(AcronymDefinition(long=long, short=short))
        candidates.append(_Candidate(long_start, long_end, gazetteer.lookup(long, allow_codes=False)
                                     or f"acronym:{long}", None, True))
        candidates.append(_Candidate(short_start, short_end, None, None, True))
    for alias_start, alias_end, name, alias in _aliases(span):
        definitions.append(AcronymDefinition(long=name, short=alias, alias=True))
        candidates.append(_Candidate(alias_start, alias_end, None, None, True))
    for match in gazetteer.curated_pattern.finditer(span.text):
        candidates.append(_Candidate(span.start_char + match.start(), span.start_char + match.end(),
                                     gazetteer.names[surface_key(match.group())], None, True))
    text = span.doc.text
    for entity in _joined(entities):
        if entity.label_ not in _ENTITY_LABELS:
            continue
        if entity.label_ == "NORP" and entity.root.head.lower_ in _LANGUAGE_NOUNS:
            continue  # "its Spanish initials" names a language, not Spain
        entity, owned = _owned(entity)
        start, end = entity.start_char, entity.end_char
        if text[start:start + 4].lower() == "the ":
            start += 4
        # "ISIS-K." at the end of a sentence keeps its full stop in the token; "U.S." needs its own.
        if text[start:end].endswith(".") and surface_key(text[start:end]) == text[start:end - 1]:
            end -= 1
        # "Mr Khan": the form of address belongs to the mention.
        if entity.label_ == "PERSON" and entity.start > 0:
            before = entity.doc[entity.start - 1]
            if before.lower_.rstrip(".") in _HONORIFICS and before.i >= span.start:
                start = before.idx
        candidates.append(_Candidate(start, end, None, entity, False, owned))

    # Longest first; a curated or acronym match beats an entity of the same length.
    candidates.sort(key=lambda c: (-(c.end - c.start), not c.curated, c.start))
    taken: list[_Candidate] = []
    for candidate in candidates:
        if all(candidate.end <= t.start or candidate.start >= t.end for t in taken):
            taken.append(candidate)
    taken.sort(key=lambda c: c.start)

    mentions: list[Mention] = []
    roles: list[tuple[int, str, tuple[int, int]]] = []
    for candidate in taken:
        start, end, key = candidate.start, candidate.end, candidate.key
        entity = candidate.entity
        if entity is not None:
            key, extra = _resolve(entity, gazetteer)
            if extra:
                end = entity.doc[entity.end + extra - 1].idx + len(entity.doc[entity.end + extra - 1])
            if entity.label_ == "PERSON" and key.startswith("person:"):
                role_range = _role(entity)
                role = _clean_role(entity.doc[role_range[0]:role_range[1]]) if role_range else None
                if role is not None:
                    roles.append((len(mentions), role.text, (role.start_char, role.end_char)))
        if key is None:
            key = f"acronym-short:{text[start:end]}"
        owner = next((m.key for m in reversed(mentions) if candidate.owned and m.end - offset <= start), None)
        mentions.append(Mention(
            sentence=sentence.index, doc=sentence.doc, start=offset + start, end=offset + end,
            surface=text[start:end], key=key, heading=sentence.heading, affiliation=owner,
            descriptor=_descriptor(span, start, end),
        ))
    for position, role_text, (role_start, role_end) in roles:
        affiliation = next(
            (m.key for m in mentions
             if role_start <= m.start - offset and m.end - offset <= role_end
             and not m.key.startswith("person:")),
            None,
        )
        mentions[position] = replace(mentions[position], role=" ".join(role_text.split()),
                                     affiliation=affiliation)
    return mentions, definitions


# --- Corpus level -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorTable:
    """The memo's actors, plus what later stages need to know about every actor key."""

    actors: tuple[Actor, ...]
    id_of: dict[str, str]
    """Actor key -> `Actor.id`, for the actors kept in the memo."""
    names: dict[str, str]
    """Actor key -> display name, for every actor found (kept or not)."""
    salience: dict[str, float]
    """Actor key -> salience, for every actor found."""
    rank: dict[str, int]
    """Actor key -> position when every actor found is ranked by salience (0 = most salient)."""
    places: frozenset[str]
    """Keys of actors that are places."""
    sentence_keys: list[tuple[str, ...]]
    """Per sentence, the keys of the actors it names, in order of first mention."""
    mentions: list[Mention]
    """Every mention, with its key after corpus-wide merging."""

    def display(self, key: str, gazetteer: Gazetteer) -> str:
        """The actor's name as running prose uses it: "the United States", "Pakistan"."""
        entry = gazetteer.entries.get(key)
        name = self.names[key]
        return f"the {name}" if entry is not None and entry.article else name


def _merge_keys(mentions: Sequence[Mention], definitions: Sequence[AcronymDefinition],
                gazetteer: Gazetteer) -> dict[str, str]:
    """Key -> merged key: acronyms join their long forms; surnames join the one full name."""
    merged: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for definition in definitions:
        if definition.alias:
            continue
        long_key = gazetteer.lookup(definition.long, allow_codes=False) or f"acronym:{definition.long}"
        by_name.setdefault(definition.short, long_key)
        by_name.setdefault(definition.long, long_key)
    keys = sorted({m.key for m in mentions})
    for key in keys:
        prefix, _, name = key.partition(":")
        # NER tags the acronym or the long form elsewhere too ("TTP" as ORG): they join the pair.
        if prefix in ("acronym-short", "org", "norp", "place", "person") and by_name.get(name, key) != key:
            merged[key] = by_name[name]
    # "NDMA" never spelt out, but "National Disaster Management Authority" named elsewhere: an
    # acronym whose letters are the initials of exactly one longer name is that name.
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        prefix, _, name = key.partition(":")
        if prefix in ("org", "place", "acronym", "norp") and " " in name and key not in merged:
            initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())
            by_initials[initials].append(key)
    for key in keys:
        prefix, _, name = key.partition(":")
        owners = by_initials.get(name, [])
        if (prefix in ("org", "place", "norp", "acronym-short") and key not in merged
                and name.isupper() and len(owners) == 1):
            merged[key] = owners[0]
    # "Nordhavn" for "Nordhavn Shipping A/S": a one-word organisation name that starts exactly
    # one longer organisation name is its short form.
    longer: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        prefix, _, name = key.partition(":")
        if prefix in ("org", "acronym") and " " in name and key not in merged:
            longer[name.split(" ", 1)[0]].append(merged.get(key, key))
    for key in keys:
        prefix, _, name = key.partition(":")
        owners = sorted(set(longer.get(name, ())))
        # The entity recogniser calls the short name a place or a person now and then.
        if prefix in ("org", "place", "norp", "person") and " " not in name and key not in merged and len(owners) == 1:
            merged[key] = owners[0]
    # "Elena Marin" is "Elena Marín": names equal but for accents are one, spelt as most often.
    counts = Counter(m.key for m in mentions)
    by_folded: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in keys:
        prefix, _, name = key.partition(":")
        if key not in merged and key not in gazetteer.entries:
            by_folded[(prefix, _folded(name))].append(key)
    for spellings in by_folded.values():
        best = max(spellings, key=lambda k: (counts[k], k != _folded(k), k))
        merged.update({k: best for k in spellings if k != best})
    first: dict[str, tuple[int, int]] = {}
    for mention in mentions:
        first[mention.key] = min(first.get(mention.key, (mention.doc, mention.start)), (mention.doc, mention.start))
    _join_transliterations(merged, [k for k in keys if k.startswith("person:") and k not in merged], counts, first)
    full_names: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        if key.startswith("person:") and " " in key:
            full_names[_folded(key.rsplit(" ", 1)[-1])].add(merged.get(key, key))
    for key in keys:
        prefix, _, name = key.partition(":")
        # A surname alone ("Mujahid") is the one person whose full name ends with it (in any of
        # its spellings); the entity recogniser sometimes calls a lone surname an organisation.
        if prefix in ("person", "org", "norp") and " " not in name and key not in merged:
            owners = full_names.get(_folded(name), set())
            if len(owners) == 1:
                merged[key] = next(iter(owners))
    _join_aliases(merged, [d for d in definitions if d.alias], keys, counts)
    return merged


def _join_transliterations(merged: dict[str, str], people: Sequence[str], counts: Counter[str],
                           first: dict[str, tuple[int, int]]) -> None:
    """Merge, in place, full names that are spellings of one name ("Abdul Waheed Hikmatzai" and
    "Abdul Wahid Hekmatzai"): as many words, the same initials, one word the same, every word
    alike; each into the spelling used most often, or first."""
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key in people:
        words = _folded(key.partition(":")[2]).lower().split()
        if len(words) >= 2:
            by_initials["".join(w[0] for w in words)].append(key)
    for group in by_initials.values():
        group.sort(key=lambda k: (-counts[k], first[k], k))
        for x, best in enumerate(group):
            if best in merged:
                continue
            ours = _folded(best.partition(":")[2]).lower().split()
            for other in group[x + 1:]:
                theirs = _folded(other.partition(":")[2]).lower().split()
                if other not in merged and len(ours) == len(theirs) and set(ours) & set(theirs) and all(
                        SequenceMatcher(None, a, b).ratio() >= 0.7 for a, b in zip(ours, theirs, strict=True)):
                    merged[other] = best


def _join_aliases(merged: dict[str, str], aliases: Sequence[AcronymDefinition], keys: Sequence[str],
                  counts: Counter[str]) -> None:
    """Merge, in place, whoever is named by an alias into whoever is named by the name it is an
    alias of ("El Profe" into "Iván Cortés"), with everything already merged into either."""
    named: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        named[surface_key(key.partition(":")[2])].append(key)
    for alias in aliases:
        owners = sorted(named.get(surface_key(alias.long), ()), key=lambda k: (-counts[k], k))
        if not owners:
            continue
        target = merged.get(owners[0], owners[0])
        for key in named.get(surface_key(alias.short), ()):
            source = merged.get(key, key)
            if source == target:
                continue
            for k in [k for k, v in merged.items() if v == source] + [source]:
                merged[k] = target



def _folded(text: str) -> str:
    """`text` without accents: "Marín" -> "Marin"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _name_of(key: str, surfaces: Counter[str], gazetteer: Gazetteer) -> str:
    entry = gazetteer.entries.get(key)
    if entry is not None:
        return entry.name
    prefix, _, name = key.partition(":")
    if prefix in ("person", "acronym", "acronym-short"):
        return name
    # The name spelt out beats its acronym, however often the acronym is used.
    return min(surfaces.items(), key=lambda item: (item[0].isupper(), -item[1], -len(item[0]), item[0]))[0]


def _kind_of(key: str, name: str, gazetteer: Gazetteer) -> ActorKind:
    entry = gazetteer.entries.get(key)
    if entry is not None:
        return entry.kind
    prefix = key.partition(":")[0]
    if prefix in ("org", "acronym") and name.rsplit(" ", 1)[-1].lower() in _THING_WORDS:
        return "other"
    return _KIND_OF_PREFIX.get(prefix, "other")


def _most_common(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value, the first met among equals; None if there is none."""
    counts = Counter(v for v in values if v)
    return max(counts, key=counts.__getitem__) if counts else None


def _spread(mentions: list[Mention], limit: int) -> list[Mention]:
    """Up to `limit` mentions, taken in turn from each source so that every source shows."""
    per_doc: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        per_doc[mention.doc].append(mention)
    queues = [per_doc[doc] for doc in sorted(per_doc)]
    chosen: list[Mention] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth < len(queue) and len(chosen) < limit:
                chosen.append(queue[depth])
        depth += 1
    return sorted(chosen, key=lambda m: (m.doc, m.start))


def build_actors(
    mentions: Sequence[Mention],
    definitions: Sequence[AcronymDefinition],
    sentence_count: int,
    texts: Sequence[SourceText],
    gazetteer: Gazetteer,
    *,
    max_actors: int,
    max_mentions: int,
) -> ActorTable:
    """Merge mentions into actors, rank them by salience and keep the `max_actors` most salient."""
    merged = _merge_keys(mentions, definitions, gazetteer)
    final = [
        replace(m, key=merged.get(m.key, m.key),
                affiliation=merged.get(m.affiliation, m.affiliation) if m.affiliation else None)
        for m in mentions
    ]
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention in final:
        by_key[mention.key].append(mention)

    names: dict[str, str] = {}
    salience: dict[str, float] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    for key, group in by_key.items():
        body = [m for m in group if not m.heading]
        names[key] = _name_of(key, Counter(surface_key(m.surface) for m in group), gazetteer)
        # Names that only headings use are headline debris ("Global Implications"). Places are
        # where things happen more often than who acts: they weigh less.
        weight = _KIND_WEIGHT.get(_kind_of(key, names[key], gazetteer), 1.0)
        salience[key] = weight * len(body) * len({m.doc for m in body})
        first_seen[key] = min(((m.doc, m.start) for m in body), default=(len(texts), 0))

    everyone = sorted(by_key, key=lambda k: (-salience[k], first_seen[k], k))
    ranked = [k for k in everyone if salience[k] > 0][:max_actors]
    id_of = {key: f"A{i}" for i, key in enumerate(ranked, start=1)}

    actors = []
    for key in ranked:
        group = [m for m in by_key[key] if not m.heading]
        name = names[key]
        surfaces = Counter(" ".join(m.surface.split()) for m in group)
        aliases = [s for s, _ in sorted(surfaces.items(), key=lambda item: (-item[1], item[0]))
                   if surface_key(s) != name and s != name][:10]
        role = _most_common(m.role for m in group)
        affiliation_key = _most_common(m.affiliation for m in group)
        leader = gazetteer.leaders.get(name.rsplit(" ", 1)[-1]) if key.startswith("person:") else None
        if affiliation_key is None and leader is not None and leader.name == name:
            affiliation_key = leader.state
        affiliation = id_of.get(affiliation_key) if affiliation_key and affiliation_key != key else None
        actors.append(Actor(
            id=id_of[key],
            name=name,
            kind=_kind_of(key, name, gazetteer),
            aliases=tuple(aliases),
            role=role,
            affiliation=affiliation,
            mentions=tuple(
                cite(texts[m.doc].source.id, texts[m.doc].text, m.start, m.end)
                for m in _spread(group, max_mentions)
            ),
        ))

    sentence_keys: list[list[str]] = [[] for _ in range(sentence_count)]
    for mention in final:
        keys = sentence_keys[mention.sentence]
        if mention.key not in keys:
            keys.append(mention.key)
    return ActorTable(
        actors=tuple(actors), id_of=id_of, names=names, salience=salience,
        rank={key: i for i, key in enumerate(everyone)},
        places=frozenset(k for k in by_key if _kind_of(k, names[k], gazetteer) == "place"),
        sentence_keys=[tuple(k) for k in sentence_keys], mentions=final,
    )
