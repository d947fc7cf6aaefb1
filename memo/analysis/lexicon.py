"""General English word lists the analysis stages share: hedges, outcomes, blame, evaluation, numbers.

Nothing here is specific to one topic or one set of articles: these are the words news writing
uses everywhere to hedge, to report outcomes and blame, and to praise or condemn.
"""

from __future__ import annotations

from memo.model import Likelihood

# ICD 203 expressions of likelihood and the common words that stand in for them, longest first
# so that "very unlikely" wins over "unlikely" and "likely".
HEDGE_PHRASES: tuple[tuple[tuple[str, ...], Likelihood], ...] = tuple(
    (tuple(phrase.split()), likelihood)
    for phrase, likelihood in sorted(
        {
            "almost certainly not": "almost no chance",
            "almost no chance": "almost no chance",
            "remote chance": "almost no chance",
            "almost certainly": "almost certain",
            "almost certain": "almost certain",
            "virtually certain": "almost certain",
            "nearly certain": "almost certain",
            "very unlikely": "very unlikely",
            "highly unlikely": "very unlikely",
            "highly improbable": "very unlikely",
            "very likely": "very likely",
            "highly likely": "very likely",
            "highly probable": "very likely",
            "not likely": "unlikely",
            "not expected to": "unlikely",
            "unlikely": "unlikely",
            "improbable": "unlikely",
            "doubtful": "unlikely",
            "roughly even chance": "roughly even chance",
            "even chance": "roughly even chance",
            "likely": "likely",
            "probably": "likely",
            "probable": "likely",
            "expected to": "likely",
            "possibly": "roughly even chance",
            "perhaps": "roughly even chance",
        }.items(),
        key=lambda item: -len(item[0].split()),
    )
)

# Modal verbs that hedge a claim without a likelihood word.
HEDGE_MODALS: frozenset[str] = frozenset({"may", "might", "could"})

# Modal verbs (and the future "wo" of "won't") that make a claim a forecast.
FUTURE_MODALS: frozenset[str] = frozenset({"will", "wo", "shall", "'ll", "’ll"})

# Adjectives of prediction followed by "to <verb>": "is set to", "is poised to"...
FUTURE_ADJECTIVES: frozenset[str] = frozenset({"likely", "unlikely", "expected", "set", "poised", "due", "bound"})

NEGATIONS: frozenset[str] = frozenset({"not", "n't", "n’t", "never", "no", "nt"})

# Adverbs that turn an outcome verb into a near-miss: "talks nearly collapsed" did not collapse.
NEAR_MISS: frozenset[str] = frozenset({"nearly", "almost", "narrowly", "barely"})

# Leading connectives stripped when a sentence becomes a key point or a position.
CONNECTIVES: tuple[str, ...] = tuple(
    sorted(
        (
            "yet", "however", "but", "and", "moreover", "meanwhile", "still", "also", "indeed",
            "furthermore", "in addition", "at the same time", "nevertheless", "nonetheless",
            "besides", "so", "thus", "therefore", "instead", "additionally", "in turn",
            "on the other hand", "by contrast", "in contrast", "even so", "after all",
        ),
        key=lambda phrase: -len(phrase),
    )
)

# --- Outcomes of events --------------------------------------------------------------------------

# Nouns that name an event whose outcome sources report, mapped to one canonical lemma.
EVENT_NOUNS: dict[str, str] = {
    "talk": "talks", "talks": "talks", "negotiation": "talks", "discussion": "talks",
    "dialogue": "talks", "meeting": "talks", "summit": "summit", "ceasefire": "ceasefire",
    "truce": "ceasefire", "armistice": "ceasefire", "deal": "agreement", "agreement": "agreement",
    "accord": "agreement", "treaty": "agreement", "pact": "agreement", "process": "process",
    "election": "election", "vote": "vote", "referendum": "vote", "offensive": "offensive",
    "operation": "operation", "strike": "strike", "attack": "attack", "siege": "siege",
    "mission": "mission", "bill": "bill", "plan": "plan", "project": "project", "trial": "trial",
    "blast": "attack", "bombing": "attack", "bomb": "attack", "explosion": "attack", "ambush": "attack",
    "raid": "attack", "assault": "attack", "flood": "disaster", "earthquake": "disaster",
    "cloudburst": "disaster", "landslide": "disaster", "storm": "disaster", "cyclone": "disaster",
    "floodwater": "disaster", "flooding": "disaster", "clash": "attack", "shooting": "attack",
    "walkout": "strike", "stoppage": "strike", "protest": "protest", "demonstration": "protest",
    "boycott": "boycott", "blockade": "blockade",
}

# Events that happen at one moment (an attack, a flood), as opposed to processes (talks, a
# ceasefire) whose verbs say what happened to them.
INCIDENTS: frozenset[str] = frozenset({"attack", "disaster"})

# Verbs that are themselves incidents.
INCIDENT_VERBS: dict[str, str] = {
    "explode": "attack", "detonate": "attack", "attack": "attack", "ambush": "attack",
    "bomb": "attack", "shoot": "attack", "flood": "disaster",
}

# Verbs that only say that something happened; the event is their subject.
HAPPEN_VERBS: frozenset[str] = frozenset({"take", "happen", "occur", "begin", "start", "strike", "hit"})

# Verbs that put a date on something else: "completion was expected in May", "delayed the vote
# until June" date the completion and the vote.
TIMING_VERBS: frozenset[str] = frozenset(
    {"expect", "plan", "schedule", "set", "due", "delay", "postpone", "push", "bring", "move",
     "reschedule", "target", "aim", "slate", "defer"}
)

# Nouns through which an outcome verb reaches its event: "concluded a round of talks".
EVENT_CONTAINERS: frozenset[str] = frozenset({"round", "session", "phase", "stage", "part"})

# Outcome verbs and adjectives: +1 the event went ahead or succeeded, -1 it failed or stopped.
OUTCOME_POLARITY: dict[str, int] = {
    "conclude": 1, "resume": 1, "succeed": 1, "agree": 1, "hold": 1, "continue": 1,
    "progress": 1, "sign": 1, "approve": 1, "pass": 1, "complete": 1, "finalize": 1,
    "finalise": 1, "reach": 1, "restart": 1, "advance": 1, "successful": 1, "productive": 1,
    "fruitful": 1, "win": 1,
    "collapse": -1, "fail": -1, "stall": -1, "suspend": -1, "abandon": -1, "halt": -1,
    "cancel": -1, "postpone": -1, "derail": -1, "deadlock": -1, "scrap": -1, "reject": -1,
    "unsuccessful": -1, "fruitless": -1, "stalled": -1, "lose": -1, "break": -1, "remain": 1,
    "over": -1, "end": -1,
}

# Decisions forecast about a deal, a bill or a request: +1 it goes ahead, -1 it is stopped or
# held up ("is expected to clear the deal" against "is likely to block it").
DECISION_POLARITY: dict[str, int] = {
    **dict.fromkeys(("approve", "clear", "authorize", "authorise", "allow", "permit", "accept",
                     "endorse", "ratify", "pass", "greenlight", "sign", "grant"), 1),
    **dict.fromkeys(("block", "reject", "veto", "prohibit", "ban", "bar", "oppose", "challenge",
                     "investigate", "probe", "refuse", "deny", "overturn", "annul", "suspend"), -1),
}

# Nouns that make "open a ..." a decision to look harder rather than to let pass.
INQUIRY_NOUNS: frozenset[str] = frozenset({"investigation", "probe", "inquiry", "enquiry", "case",
                                           "proceeding", "review"})

# What a figure counts, by the lemma of a word around it, and how a topic names it.
MEASURES: dict[str, str] = {
    "kill": "killed", "die": "killed", "dead": "killed", "death": "killed", "toll": "killed",
    "fatality": "killed", "perish": "killed", "drown": "killed", "body": "killed",
    "injure": "wounded", "wound": "wounded", "wounded": "wounded", "injured": "wounded",
    "injury": "wounded", "hurt": "wounded", "missing": "missing", "miss": "missing", "displace": "displaced",
    "evacuate": "displaced", "flee": "displaced", "homeless": "displaced", "arrest": "arrested",
    "detain": "arrested",
}

# Nouns too general to tell two figures apart on their own ("12 people" and "nine people").
GENERIC_NOUNS: frozenset[str] = frozenset({"people", "person", "time", "year", "one", "other", "cent", "percent"})

# --- Blame and responsibility --------------------------------------------------------------------

BLAME_VERBS: frozenset[str] = frozenset({"blame", "accuse", "fault", "implicate"})
CLAIM_NOUNS: frozenset[str] = frozenset({"responsibility", "credit"})

# Verbs that say who did an attack: "carried out", "staged", "perpetrated".
PERPETRATOR_VERBS: frozenset[str] = frozenset(
    {"carry", "conduct", "perpetrate", "stage", "launch", "mount", "orchestrate", "commit",
     "execute", "mastermind"}
)

# Nouns for the marks an attacker leaves: "bore the hallmarks of ...".
TRACE_NOUNS: frozenset[str] = frozenset({"hallmark", "signature", "fingerprint", "trademark"})

# --- Evaluative language (framing) ---------------------------------------------------------------

# A small general lexicon of evaluative words in political and security reporting, by lemma.
# Weights: +/-1 mildly, +/-2 strongly favourable or unfavourable.
EVALUATIVE: dict[str, int] = {
    # favourable
    "cooperative": 2, "cooperation": 1, "cooperate": 1, "partnership": 2, "partner": 1,
    "pragmatic": 1, "pragmatist": 1, "constructive": 2, "progress": 1, "breakthrough": 2,
    "stable": 1, "stability": 1, "peace": 1, "peaceful": 1, "successful": 2, "success": 1,
    "honest": 2, "honesty": 2, "serious": 1, "seriousness": 1, "trust": 1, "trustworthy": 2,
    "reliable": 1, "credible": 1, "legitimate": 1, "beneficial": 1, "benefit": 1, "helpful": 1,
    "praise": 2, "improve": 1, "improvement": 1, "achievement": 1, "effective": 1,
    "reasonable": 1, "fair": 1, "friendly": 1, "warming": 1, "goodwill": 2, "flexible": 1,
    "flexibility": 1, "promising": 1, "positive": 1, "welcome": 1, "resolution": 1,
    "calm": 1, "transparent": 1, "accountable": 1, "prosperity": 1, "prosperous": 1,
    "commendable": 2, "responsible": 1, "restraint": 1, "moderate": 1, "practical": 1,
    "together": 1, "ally": 1, "allied": 1, "support": 1, "protect": 1, "protection": 1,
    # unfavourable
    "hostile": -2, "hostility": -2, "threat": -1, "threaten": -1, "dangerous": -2, "danger": -1,
    "unstable": -2, "instability": -1, "chaos": -2, "chaotic": -2, "fragile": -1,
    "precarious": -1, "tense": -1, "tension": -1, "crisis": -1, "violence": -1, "violent": -2,
    "deadly": -1, "brutal": -2, "repression": -2, "repressive": -2, "oppression": -2,
    "extremist": -2, "extremism": -2, "militant": -1, "terrorist": -2, "terrorism": -2,
    "terror": -2, "insurgent": -1, "untrustworthy": -2, "unreliable": -1, "illegitimate": -2,
    "corrupt": -2, "corruption": -2, "failure": -1, "collapse": -1, "rupture": -1,
    "accusation": -1, "accuse": -1, "condemn": -2, "criticize": -1, "criticise": -1,
    "dismiss": -1, "unreasonable": -1, "vacuum": -1, "retreat": -1, "disengagement": -1,
    "exploit": -1, "harbor": -1, "blame": -1, "harbour": -1, "sanctuary": -1, "clash": -1, "insecurity": -1,
    "hardliner": -1, "regime": -1, "keg": -2, "abuse": -2,
    "atrocity": -2, "crackdown": -1, "provocation": -1, "aggression": -2, "aggressive": -1,
    "reckless": -2, "incompetent": -2, "damage": -1, "harmful": -1, "menace": -2,
    "rogue": -2, "ruthless": -2, "hostage": -1, "risk": -1, "threatening": -1,
}

# Evaluative verbs that judge their object, not their subject: "X praised Pakistan" says
# something of Pakistan, "X threatened Pakistan" says something of X.
JUDGING_VERBS: frozenset[str] = frozenset(
    {"praise", "commend", "welcome", "thank", "applaud", "hail", "criticize", "criticise", "condemn",
     "denounce", "accuse", "blame", "fault", "dismiss", "trust", "distrust", "mistrust"}
)

# Evaluative verbs whose object is favoured: "could benefit Pakistan" casts Pakistan as gaining.
HELPING_VERBS: frozenset[str] = frozenset({"benefit", "help", "support", "protect", "strengthen"})

# Words that weaken the evaluative word right after them without reversing it.
DOWNTONERS: frozenset[str] = frozenset({"moderately", "somewhat", "slightly", "partly", "fairly"})

# --- Numbers and dates ---------------------------------------------------------------------------

NUMBER_WORDS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
    "bn": 1e9, "trillion": 1e12,
}

CURRENCY_WORDS: frozenset[str] = frozenset(
    {"$", "£", "€", "¥", "₹", "rs", "rs.", "usd", "eur", "dollar", "rupee", "euro", "pound",
     "yuan", "afghani", "riyal", "dirham", "lira", "rouble", "ruble", "yen"}
)

# Currency signs and words, by the currency they name: "€2.1bn" and "$2.2bn" are not comparable.
CURRENCIES: dict[str, str] = {
    "$": "USD", "usd": "USD", "dollar": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "¥": "JPY", "yen": "JPY", "yuan": "CNY",
    "₹": "RS", "rs": "RS", "rs.": "RS", "rupee": "RS", "afghani": "AFN", "riyal": "SAR",
    "dirham": "AED", "lira": "TRY", "rouble": "RUB", "ruble": "RUB",
}

# What a sum of money is, by the lemma of a word around it: two sums are compared only when they
# are sums of the same kind ("€2.1bn to buy" against "valued at €2.6bn"; not aid against a price).
MONEY_MEASURES: dict[str, str] = {
    **dict.fromkeys(("buy", "purchase", "acquire", "acquisition", "takeover", "deal", "merger",
                     "value", "valuation", "worth", "price", "pay", "sell", "sale", "bid"), "deal value"),
    **dict.fromkeys(("cost", "spend", "spending", "budget", "expense", "expenditure", "damage",
                     "loss", "losses"), "cost"),
    **dict.fromkeys(("aid", "relief", "compensation", "grant", "loan", "pledge", "package",
                     "assistance", "bailout"), "aid"),
    **dict.fromkeys(("fine", "penalty", "settlement", "ransom"), "fine"),
    **dict.fromkeys(("revenue", "sales", "profit", "earnings", "income"), "earnings"),
}

# Words that make a sum of money a loss ("lost revenue", "losses of"), a cost whatever was lost.
LOSS_WORDS: frozenset[str] = frozenset({"lose", "lost", "loss", "losses", "damage", "cost"})

# Units of time a duration is counted in, in days: "a nine-day strike", "for two weeks".
DURATION_UNITS: dict[str, float] = {"day": 1, "week": 7, "month": 30, "year": 365}

PERCENT_WORDS: frozenset[str] = frozenset({"%", "percent", "per cent", "pct"})

# Words before a number that make it an estimate or a bound rather than a figure.
APPROXIMATORS: frozenset[str] = frozenset(
    {"about", "around", "nearly", "almost", "over", "more", "less", "fewer", "some", "roughly",
     "approximately", "least", "most", "up", "estimated", "than", "under", "above", "below",
     "several", "dozens", "hundreds", "thousands", "approx"}
)

WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}

# --- Questions -----------------------------------------------------------------------------------

# Openings of questions that writers ask to make a point rather than to learn the answer.
RHETORICAL_OPENINGS: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "can we trust", "can anyone", "can anybody", "who can", "who could", "who would",
        "why should", "why would anyone", "how long will", "how long can", "how long must",
        "how can anyone", "how could anyone", "is it any wonder", "is it not", "isn't it",
        "what does this mean", "what could be", "what else", "why do we", "why does anyone",
        "should we", "must we", "do we really", "is there any doubt", "how much longer",
        "what more", "who cares", "why bother", "and why not", "but can anyone",
        "are we", "dare we",
    )
)

# Words after which a question is asked on behalf of the writer: "Washington must ask: ...?"
RHETORICAL_LEADS: frozenset[str] = frozenset({"ask", "wonder", "question"})

# Words in a question that generalise to "anyone" and so imply the answer "no one".
UNIVERSAL_PRONOUNS: frozenset[str] = frozenset({"anyone", "anybody", "anything", "anywhere"})

# Verbs that report what someone said: "officials said", "the ministry confirmed".
REPORTING_VERBS: frozenset[str] = frozenset(
    {"say", "tell", "report", "add", "state", "announce", "note", "claim", "write", "argue", "insist", "confirm"}
)

# Nouns news writing uses for a source it does not name: "a senior official said", "experts say".
SOURCE_NOUNS: frozenset[str] = frozenset(
    {"official", "source", "adviser", "advisor", "aide", "diplomat", "expert", "analyst", "insider",
     "person", "people", "observer", "officer", "commander", "minister", "spokesperson", "spokesman",
     "spokeswoman", "lawmaker", "legislator", "negotiator", "envoy", "representative", "member",
     "executive", "banker", "investigator", "researcher", "economist", "strategist",
     "consultant", "lawyer", "doctor"}
)

# --- Actors --------------------------------------------------------------------------------------

# Verbs whose object is a political actor when it is a place name: "Islamabad accused Kabul".
POLITICAL_VERBS: frozenset[str] = frozenset(
    {"accuse", "blame", "urge", "warn", "press", "pressure", "criticize", "criticise", "condemn",
     "ask", "tell", "demand", "recognize", "recognise", "engage", "sanction", "support", "praise",
     "thank", "invite", "persuade", "convince", "threaten", "trust", "distrust",
     "court", "lobby", "reassure", "rebuke", "accept", "reject", "back", "oppose", "fault"}
)
