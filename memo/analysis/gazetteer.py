"""Who is who: states from `countryinfo` (names, spellings, capitals, demonyms) plus a short list of
well-known armed groups, international bodies, seats of government and leaders.

The curated part is general world knowledge that statistical NER cannot supply: that "Kabul" used
as a political actor means the Taliban government, that "the Kremlin" is Russia, that "TTP" is
Tehreek-e-Taliban Pakistan. It is deliberately small; anything it misses falls back to the names
the sources themselves use.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from countryinfo._cache import load_countries

from memo.model import ActorKind


@dataclass(frozen=True, slots=True)
class Entry:
    """One actor the gazetteer knows, under a stable key."""

    key: str
    name: str
    kind: ActorKind
    article: bool = False
    """Whether running prose puts "the" before the name ("the United States")."""


@dataclass(frozen=True, slots=True)
class Leader:
    """A head of government whose surname names a government: "the Trump administration"."""

    name: str
    state: str
    """Key of the state the leader governs or governed."""


# Armed groups, international bodies: key, canonical name, kind, article, aliases (exact case).
_CURATED: tuple[tuple[str, str, ActorKind, bool, tuple[str, ...]], ...] = (
    ("group:taliban", "Taliban", "armed_group", True,
     ("Taliban", "Afghan Taliban", "Islamic Emirate of Afghanistan", "Islamic Emirate")),
    ("group:ttp", "Tehreek-e-Taliban Pakistan", "armed_group", False,
     ("Tehreek-e-Taliban Pakistan", "Tehrik-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan",
      "Pakistani Taliban", "TTP")),
    ("group:isis", "Islamic State", "armed_group", True,
     ("Islamic State", "ISIS", "ISIL", "Daesh", "Islamic State of Iraq and Syria",
      "Islamic State of Iraq and the Levant")),
    ("group:iskp", "ISIS-K", "armed_group", False,
     ("ISIS-K", "ISIS-Khorasan", "ISKP", "IS-K", "IS-KP", "Islamic State Khorasan",
      "Islamic State Khorasan Province", "Islamic State-Khorasan")),
    ("group:alqaeda", "al-Qaeda", "armed_group", False,
     ("al-Qaeda", "Al-Qaeda", "al-Qaida", "Al-Qaida", "al Qaeda", "Al Qaeda")),
    ("group:hamas", "Hamas", "armed_group", False, ("Hamas",)),
    ("group:hezbollah", "Hezbollah", "armed_group", False, ("Hezbollah", "Hizbollah", "Hizballah")),
    ("group:houthis", "Houthis", "armed_group", True, ("Houthis", "Houthi", "Ansar Allah", "Ansarallah")),
    ("group:shabaab", "al-Shabaab", "armed_group", False, ("al-Shabaab", "Al-Shabaab", "al-Shabab", "Al-Shabab")),
    ("group:bokoharam", "Boko Haram", "armed_group", False, ("Boko Haram",)),
    ("group:pkk", "PKK", "armed_group", True, ("PKK", "Kurdistan Workers' Party", "Kurdistan Workers’ Party")),
    ("group:haqqani", "Haqqani network", "armed_group", True, ("Haqqani network", "Haqqani Network")),
    ("group:let", "Lashkar-e-Taiba", "armed_group", False, ("Lashkar-e-Taiba", "Lashkar-e-Tayyiba")),
    ("group:jem", "Jaish-e-Mohammed", "armed_group", False, ("Jaish-e-Mohammed", "Jaish-e-Muhammad")),
    ("group:bla", "Baloch Liberation Army", "armed_group", True, ("Baloch Liberation Army", "BLA")),
    ("group:wagner", "Wagner Group", "armed_group", True, ("Wagner Group",)),
    ("group:rsf", "Rapid Support Forces", "armed_group", True, ("Rapid Support Forces",)),
    ("group:hts", "Hayat Tahrir al-Sham", "armed_group", False, ("Hayat Tahrir al-Sham", "HTS")),
    ("org:un", "United Nations", "organization", True, ("United Nations", "UN", "U.N.")),
    ("org:nato", "NATO", "organization", False, ("NATO", "North Atlantic Treaty Organization")),
    ("org:eu", "European Union", "organization", True, ("European Union", "EU")),
    ("org:imf", "International Monetary Fund", "organization", True, ("International Monetary Fund", "IMF")),
    ("org:worldbank", "World Bank", "organization", True, ("World Bank",)),
)

# Abbreviations prose uses for states although they are also ISO codes.
_STATE_CODES: dict[str, str] = {"US": "USA", "USA": "USA", "PRC": "CHN", "DPRK": "PRK", "ROK": "KOR"}

# Seats of government and common short names that stand for a state (ISO 3166 alpha-3 codes).
_STATE_ALIASES: dict[str, str] = {
    "America": "USA", "White House": "USA", "Pentagon": "USA", "State Department": "USA",
    "Kremlin": "RUS", "Britain": "GBR", "Downing Street": "GBR", "Whitehall": "GBR",
    "Élysée": "FRA", "Elysee": "FRA", "Zhongnanhai": "CHN",
}

# De facto governments that differ from the state's recognised one: a capital used as a political
# actor ("Kabul insisted ...") stands for them.
_DE_FACTO_RULERS: dict[str, str] = {"AFG": "group:taliban"}

# Leaders whose surname names a government ("the Trump administration", "the Modi government").
_LEADERS: dict[str, tuple[str, str]] = {
    "Truman": ("Harry Truman", "USA"), "Eisenhower": ("Dwight Eisenhower", "USA"),
    "Nixon": ("Richard Nixon", "USA"), "Carter": ("Jimmy Carter", "USA"),
    "Reagan": ("Ronald Reagan", "USA"), "Bush": ("George W. Bush", "USA"),
    "Clinton": ("Bill Clinton", "USA"), "Obama": ("Barack Obama", "USA"),
    "Trump": ("Donald Trump", "USA"), "Biden": ("Joe Biden", "USA"),
    "Putin": ("Vladimir Putin", "RUS"), "Xi": ("Xi Jinping", "CHN"), "Modi": ("Narendra Modi", "IND"),
    "Erdogan": ("Recep Tayyip Erdoğan", "TUR"), "Erdoğan": ("Recep Tayyip Erdoğan", "TUR"),
    "Netanyahu": ("Benjamin Netanyahu", "ISR"), "Zelensky": ("Volodymyr Zelensky", "UKR"),
    "Zelenskyy": ("Volodymyr Zelensky", "UKR"), "Macron": ("Emmanuel Macron", "FRA"),
}

# Words after a leader's name or a state that make the phrase mean the government itself.
GOVERNMENT_WORDS: frozenset[str] = frozenset({"administration", "government", "regime", "cabinet"})

_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}")


def surface_key(text: str) -> str:
    """The lookup form of a name: no leading "the", no possessive, no dots in "U.S.", one space."""
    text = " ".join(text.replace("’", "'").split())
    if text[:4].lower() == "the ":
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    if _ABBREVIATION.fullmatch(text):
        return text.replace(".", "")
    if text.endswith(".") and not _ABBREVIATION.fullmatch(text.rsplit(" ", 1)[-1]):
        text = text[:-1]
    return text


def _plural_demonym(demonym: str) -> str | None:
    """ "Afghan" -> "Afghans", "Pakistani" -> "Pakistanis"; "Chinese" and "British" have none."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "s")):
        return None
    return demonym + "s"


def _is_code(spelling: str) -> bool:
    """ISO-style codes ("US", "PAK") that would match ordinary words if looked up loosely."""
    return spelling.isupper() and len(spelling) <= 3


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables from surface names to actor keys."""

    entries: dict[str, Entry]
    names: dict[str, str]
    """Exact names, spellings, demonyms and curated aliases -> key."""
    codes: dict[str, str]
    """Short all-capital codes ("US", "USA", "UK") -> key; trusted only where NER found a name."""
    capitals: dict[str, str]
    """Capital city -> key of the state it is the capital of."""
    rulers: dict[str, str]
    """State key -> key of the actor that governs it when that is not the state itself."""
    leaders: dict[str, Leader]
    """Surname -> leader."""
    curated_pattern: re.Pattern[str]
    """Matches every curated alias (armed groups, bodies, seats of government) in running text."""

    def lookup(self, surface: str, *, allow_codes: bool) -> str | None:
        """Key of the actor a surface name refers to, or None when the gazetteer does not know it."""
        key = surface_key(surface)
        found = self.names.get(key)
        if found is None and allow_codes:
            found = self.codes.get(key)
        return found

    def government_of(self, state_key: str) -> str:
        """Key of the actor that governs the state `state_key` in practice."""
        return self.rulers.get(state_key, state_key)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about 0.1 s)."""
    countries = load_countries()["countries"]
    entries: dict[str, Entry] = {}
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    capitals: dict[str, str] = {}
    demonym_owner: dict[str, tuple[int, str]] = {}
    for _, info in sorted(countries.items()):
        iso = info.get("ISO") or {}
        code = iso.get("alpha3") or info["name"].upper()
        key = f"state:{code}"
        name = info["name"]
        article = name.startswith("United ") or name.endswith("s") or " of " in name
        entries[key] = Entry(key=key, name=name, kind="state", article=article)
        names.setdefault(name, key)
        iso_codes = {iso.get("alpha2"), iso.get("alpha3")}
        for spelling in info.get("altSpellings") or ():
            if not _is_code(spelling):
                names.setdefault(spelling, key)
            elif spelling not in iso_codes:
                # Codes that are not ISO codes are the ones prose uses ("UK", "UAE"); bare ISO
                # codes collide with local acronyms ("KP" is Khyber Pakhtunkhwa, not North Korea).
                codes.setdefault(spelling, key)
        demonym = info.get("demonym")
        population = info.get("population") or 0
        if demonym:
            # Shared demonyms ("American") belong to the most populous country using them.
            for form in (demonym, _plural_demonym(demonym)):
                if form and population > demonym_owner.get(form, (-1, ""))[0]:
                    demonym_owner[form] = (population, key)
        capital = info.get("capital") or ()
        for city in [capital] if isinstance(capital, str) else capital:
            # "Washington D.C." is "Washington" in running text.
            for form in sorted({city, re.sub(r",?\s*D\.?\s?C\.?$", "", city).strip()}):
                if form:
                    capitals.setdefault(form, key)
    for form, (_, key) in demonym_owner.items():
        names.setdefault(form, key)
    for alias, code in _STATE_ALIASES.items():
        names[alias] = f"state:{code}"
    for abbreviation, code in _STATE_CODES.items():
        codes[abbreviation] = f"state:{code}"

    curated_aliases: list[str] = []
    for key, name, kind, article, aliases in _CURATED:
        entries[key] = Entry(key=key, name=name, kind=kind, article=article)
        for alias in aliases:
            names[surface_key(alias)] = key
            curated_aliases.append(alias)
    curated_aliases.extend(_STATE_ALIASES)
    # Longest first, so that "ISIS-K" wins over "ISIS"; a letter on either side would mean the
    # alias is only part of a word. Hyphens are allowed: "US-Taliban talks" names both.
    alternatives = "|".join(re.escape(a) for a in sorted(set(curated_aliases), key=lambda a: (-len(a), a)))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    rulers = {f"state:{state}": ruler for state, ruler in _DE_FACTO_RULERS.items()}
    leaders = {surname: Leader(name=full, state=f"state:{state}") for surname, (full, state) in _LEADERS.items()}
    return Gazetteer(entries=entries, names=names, codes=codes, capitals=capitals, rulers=rulers,
                     leaders=leaders, curated_pattern=pattern)
