"""Deterministic benchmark memos: our `Memo` at two sizes, plus Markdown and HTML twins.

`build_memo(size)` makes a validated `memo.model.Memo` about a fictional cross-border water
negotiation: "small" is about one page, "large" about a hundred (870 key points, 200 actors,
50 disagreements x 3 positions, 25 open questions, 300 sources). `to_markdown` (for pandoc) and
`to_html` + `to_css` (for WeasyPrint) lay out the same words in the same sections, worded by the
exporters' own helpers in `memo.exporters.base`, so every tool is timed on the same content. The
text is non-ASCII on purpose: ł ø é €, en dashes, curly quotes and a few Arabic aliases.

Run `python -m bench.gen_memo --out DIR` to write memo-<size>.{json,md,html}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

from memo.exporters.base import (
    ACTOR_COLUMNS,
    POSITION_COLUMNS,
    actor_row,
    disagreement_title,
    key_point_label,
    link_target,
    meta_lines,
    note_text,
    question_label,
    quotes_text,
    source_entry,
    source_label,
)
from memo.house_style import HouseStyle, TextStyle, load_style
from memo.model import (
    Actor,
    Citation,
    Disagreement,
    KeyPoint,
    Memo,
    OpenQuestion,
    Position,
    Source,
)

SEED = 20250611


@dataclass(frozen=True)
class Size:
    """How many items of each section a benchmark memo has."""

    sources: int
    key_points: int
    actors: int
    disagreements: int
    positions: int
    questions: int
    summary_sentences: int
    short: bool = False
    """Sentences without their trailing qualifier and fewer labels, so the small memo fits one page."""


SIZES = {
    "small": Size(sources=2, key_points=2, actors=2, disagreements=1, positions=2, questions=1,
                  summary_sentences=1, short=True),
    "large": Size(sources=300, key_points=870, actors=200, disagreements=50, positions=3,
                  questions=25, summary_sentences=5),
}

TOPIC = "Lower Meridian water talks"
COUNTRIES = ["Valdoria", "Eastmarch", "Kessaria", "Norvane", "Teluria", "Ombria", "Saltreach"]
FIRST = ["Amara", "José", "Zoë", "Łukasz", "Søren", "Ingrid", "Kwame", "Mei", "Tomás", "Aylin",
         "Noura", "Rafael", "Chiara", "Dmitri", "Hana", "Olusegun", "Priya", "Matthias", "Élodie",
         "Kenji", "Fatima", "Björn", "Lucía", "Tariq", "Nadia", "Inès", "Joaquín", "Yara", "Michał"]
LAST = ["Okafor", "Álvarez", "Müller", "Nowak", "Østergaard", "Lindqvist", "Mensah", "Zhang",
        "Herrera", "Demir", "Haddad", "Costa", "Rossi", "Volkov", "Sato", "Adeyemi", "Raman",
        "Keller", "Dubois", "Tanaka", "El-Amin", "Sørensen", "Fernández", "Qureshi", "Petrova"]
ORG_HEAD = ["Ministry of", "Agency for", "Council on", "Institute for", "Federation of",
            "Commission for", "Alliance for", "Office of"]
ORG_TAIL = ["Water Resources", "Agriculture", "Energy Security", "Regional Development",
            "Environmental Protection", "Hydropower Operators", "Irrigation Districts", "Fisheries",
            "Urban Utilities", "Climate Adaptation", "Trade and Industry", "Indigenous Land Rights",
            "River Navigation", "Public Health"]
# Arabic names some sources use for the ministries: right-to-left text in the actors table.
ARABIC_ALIASES = {"Water Resources": "وزارة الموارد المائية", "Agriculture": "وزارة الزراعة",
                  "Energy Security": "أمن الطاقة", "Fisheries": "مصايد الأسماك"}
ORG_ROLES = ["Lead negotiator", "Technical adviser to the joint commission", "Operator of the Kessa dam",
             "Observer at the talks", "Funder of the monitoring network", "Speaks for downstream users",
             "Drafts the allocation annex", "Runs the national gauging network"]
PERSON_ROLES = ["Minister", "Director", "Spokesperson", "Chief negotiator", "Senior adviser",
                "Technical lead", "Legal counsel"]
PLACES = ["Kessa dam", "Lower Meridian delta", "Ombrian floodplain", "Saltreach estuary",
          "Norvane reservoir", "Teluria aquifer"]
ARMED_GROUPS = ["Saltreach Liberation Front", "Delta Defence Committees"]
OUTLETS = ["The Meridian Ledger", "Basin Policy Review", "Harbor Financial Times",
           "Regional Water Journal", "Eastmarch Daily", "Global Rivers Monitor",
           "Kessarian Broadcasting", "Open Hydrology Quarterly", "Teluria Tribune",
           "Le Courrier du Bassin"]
SUBJECTS = ["the upstream states", "downstream irrigators", "the joint commission",
            "hydropower operators", "municipal utilities", "the basin secretariat",
            "donor agencies", "environmental groups", "farm cooperatives", "the treaty negotiators",
            "local fishing communities", "the finance ministries", "independent hydrologists",
            "the regional development bank"]
VERBS = ["argue that", "warn that", "report that", "expect that", "estimate that",
         "have signalled that", "insist that", "concede that", "propose that", "doubt that",
         "acknowledge that"]
CLAUSES = [
    "dry-season flows fell by {p}% between {y1} and {y2}",
    "the current quota formula no longer reflects actual withdrawals",
    "a data-sharing protocol could be agreed before the {season} session",
    "reservoir releases should be coordinated weekly rather than monthly",
    "groundwater depletion is outpacing recharge in {n} of the {m} monitored aquifers",
    "compensation of about €{amt} million would be needed to secure consent",
    "the proposed dam cascade would cut sediment delivery to the delta by {p}%",
    "early-warning systems remain underfunded in most riparian districts",
    "salinity intrusion now reaches {n} km inland during peak irrigation",
    "a neutral arbitration panel is the only credible dispute mechanism",
    "crop switching could reduce agricultural demand by roughly {p}%",
    "hydropower revenues are cross-subsidising urban tariffs",
    "satellite flow estimates diverge from gauge data by up to {p}%",
    "the {y2} drought exposed gaps in the emergency allocation rules",
    "treaty ratification is unlikely before the {season} elections",
    "minimum environmental flows are routinely breached in late summer",
]
TAILS = ["", "", " according to internal assessments", " although the evidence remains contested",
         " which would shift the burden onto downstream users", " pending verification – again",
         " despite “firm” public assurances"]
HEADLINES = ["Talks on the Kessa dam stall", "{c} signals flexibility on quotas", "Drought tests the basin accord",
             "Delta farmers count the cost", "New data on {c} aquifers", "Why the delta is shrinking",
             "Donors weigh a €{amt}m basin fund", "Quota formula under fire", "{c} hardens its stance",
             "Inside the {season} round", "Salinity creeps {n} km inland", "Who pays for the dam?"]
SEASONS = ["spring", "autumn", "winter", "summer"]
TOPICS = ["Baseline year for quota calculation", "Scope of minimum environmental flows",
          "Funding of the joint monitoring network", "Operating rules for the Kessa dam",
          "Dispute-resolution mechanism", "Treatment of groundwater in the treaty",
          "Compensation for displaced communities", "Data transparency obligations",
          "Drought emergency triggers", "Navigation rights on the lower reach"]
KINDS = ["factual", "numeric", "date", "outcome", "framing", "forecast"]
QUESTIONS = ["Will {c} ratify the interim agreement before the {season} session?",
             "How reliable are the {y2} flow estimates used by the secretariat?",
             "Can compensation be financed without new sovereign borrowing in {c}?",
             "Which actors could broker a compromise on the baseline year?",
             "What happens to allocations if the {y2} drought recurs?",
             "Is the monitoring budget sufficient for {n} gauging stations?"]
WHYS = ["It decides whether the interim quotas survive the dry season.",
        "Every allocation formula on the table depends on it.",
        "Donors have made their funding conditional on it."]
CONFIDENCES = ["low", "moderate", "high"]
LIKELIHOODS = ["unlikely", "roughly even chance", "likely", "very likely"]
ORIGINS = ["explicit", "hedged", "disagreement", "single_source", "analyst"]


class _Writer:
    """Deterministic random text about the negotiation."""

    def __init__(self, rng: random.Random, short: bool) -> None:
        self.rng = rng
        self.short = short

    def fill(self, template: str) -> str:
        rng = self.rng
        y1 = rng.randint(2005, 2015)
        return template.format(p=rng.randint(5, 45), y1=y1, y2=rng.randint(y1 + 3, 2024),
                               season=rng.choice(SEASONS), n=rng.randint(3, 40),
                               m=rng.randint(41, 60), amt=rng.randint(20, 900),
                               c=rng.choice(COUNTRIES))

    def sentence(self, qualified: bool = True) -> str:
        tail = self.rng.choice(TAILS) if qualified and not self.short else ""
        text = f"{self.rng.choice(SUBJECTS)} {self.rng.choice(VERBS)} {self.fill(self.rng.choice(CLAUSES))}{tail}."
        return text[0].upper() + text[1:]

    def fragment(self, text: str) -> str:
        """A run of 3-6 consecutive words of `text`: what a source is quoted as saying."""
        words = text.rstrip(".").split()
        k = min(len(words), self.rng.randint(3, 6))
        start = self.rng.randint(0, len(words) - k)
        return " ".join(words[start:start + k])

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"


def build_memo(size: str, seed: int = SEED) -> Memo:
    """The benchmark memo of `size` ("small" or "large"), the same for the same seed."""
    spec = SIZES[size]
    rng = random.Random(f"{seed}-{size}")
    w = _Writer(rng, spec.short)
    sources = [_source(w, i) for i in range(1, spec.sources + 1)]
    source_ids = [s.id for s in sources]

    def cite(text: str, k_max: int) -> tuple[Citation, ...]:
        picked = sorted(rng.sample(range(1, len(source_ids) + 1), rng.randint(1, min(k_max, len(source_ids)))))
        return tuple(Citation(source=f"S{i}", quote=w.fragment(text)) for i in picked)

    key_points = []
    for i in range(1, spec.key_points + 1):
        text = w.sentence(qualified=False)
        key_points.append(KeyPoint(
            id=f"K{i}", text=text, citations=cite(text, 2), confidence=rng.choice(CONFIDENCES),
            likelihood=rng.choice(LIKELIHOODS) if rng.random() < 0.3 else None))
    actors = _actors(w, spec.actors, source_ids)
    disagreements = []
    for i in range(1, spec.disagreements + 1):
        topic = TOPICS[(i - 1) % len(TOPICS)]
        if i > len(TOPICS):
            topic += f" (round {(i - 1) // len(TOPICS) + 1})"
        positions = []
        for source_id in rng.sample(source_ids, spec.positions):
            claim = w.sentence()
            positions.append(Position(source=source_id, claim=claim,
                                      citations=(Citation(source=source_id, quote=w.fragment(claim)),)))
        disagreements.append(Disagreement(
            id=f"D{i}", topic=topic, kind=KINDS[(i - 1) % len(KINDS)], positions=tuple(positions),
            assessment=w.sentence() if rng.random() < 0.5 and not spec.short else None, score=round(rng.uniform(0.3, 0.95), 2)))
    items = [p.id for p in key_points] + [d.id for d in disagreements] + [a.id for a in actors]
    questions = tuple(OpenQuestion(
        id=f"Q{i}", question=w.fill(rng.choice(QUESTIONS)),
        why=rng.choice(WHYS) if rng.random() < 0.6 and not spec.short else None,
        related=tuple(rng.sample(items, 2)) if rng.random() < 0.7 and not spec.short else (),
        origin=rng.choice(ORIGINS)) for i in range(1, spec.questions + 1))
    return Memo(
        title=f"Briefing: {TOPIC}",
        subtitle=f"Synthesis of {len(sources)} sources – benchmark edition",
        date=dt.date(2025, 6, 11),
        author="Policy Analysis Unit (Zoë Østergaard)",
        organization=None if spec.short else "Office of the Special Envoy for Water Diplomacy",
        audience=None if spec.short else "Special Envoy and the negotiating team",
        summary=" ".join(w.sentence() for _ in range(spec.summary_sentences)),
        key_points=tuple(key_points), actors=actors, disagreements=tuple(disagreements),
        open_questions=questions, sources=tuple(sources),
    )


def _source(w: _Writer, i: int) -> Source:
    rng = w.rng
    outlet = rng.choice(OUTLETS)
    title = w.fill(rng.choice(HEADLINES))
    published = dt.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
    return Source(
        id=f"S{i}", title=title, outlet=outlet, author=w.person() if rng.random() < 0.9 else None,
        published=published,
        url=f"https://{_slug(outlet)}.example/{published.year}/{_slug(title)[:40].strip('-')}",
        language="fr" if outlet.startswith("Le ") else "en", reliability=rng.choice("ABCDF"))


def _actors(w: _Writer, count: int, source_ids: list[str]) -> tuple[Actor, ...]:
    rng = w.rng
    actors: list[Actor] = []
    taken: set[str] = set()
    organisations: list[str] = []
    while len(actors) < count:
        number = len(actors) + 1
        roll = rng.random()
        aliases: tuple[str, ...] = ()
        affiliation = None
        if roll < 0.4:
            kind = "person"
            name = w.person()
            role = f"{rng.choice(PERSON_ROLES)}, {rng.choice(COUNTRIES)}"
            affiliation = rng.choice(organisations) if organisations and rng.random() < 0.7 and not w.short else None
        elif roll < 0.9 or count <= 2:
            kind = "organization"
            tail = rng.choice(ORG_TAIL)
            name = f"{rng.choice(ORG_HEAD)} {tail} ({rng.choice(COUNTRIES)})"
            aliases = ("".join(word[0] for word in name.split() if word[0].isupper()),)
            if tail in ARABIC_ALIASES and rng.random() < 0.5:
                aliases += (ARABIC_ALIASES[tail],)
            role = f"{rng.choice(ORG_ROLES)} – {rng.choice(COUNTRIES)}"
        elif roll < 0.95:
            kind, name, role = "state", rng.choice(COUNTRIES), "Riparian state and treaty party"
        elif roll < 0.98:
            kind, name, role = "place", rng.choice(PLACES), "Site at the centre of the allocation dispute"
        else:
            kind, name, role = "armed_group", rng.choice(ARMED_GROUPS), "Non-state armed group near the delta"
        if name in taken:
            continue
        taken.add(name)
        actor_id = f"A{number}"
        if kind == "organization":
            organisations.append(actor_id)
        spoken = (name, *aliases)
        mentions = tuple(Citation(source=rng.choice(source_ids), quote=rng.choice(spoken))
                         for _ in range(rng.randint(1, 4)))
        actors.append(Actor(id=actor_id, name=name, kind=kind, aliases=aliases, role=role,
                            affiliation=affiliation, mentions=mentions))
    return tuple(actors)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- The twins: one outline of blocks, written out as Markdown and as HTML ----------------------


@dataclass(frozen=True)
class Block:
    """One unit of the laid-out memo, in reading order."""

    kind: str
    """title, subtitle, meta, heading, subheading, summary, point, label, paragraph, table, item, note or source."""
    text: str = ""
    notes: tuple[int, ...] = ()
    """Numbers of the citation notes whose markers follow `text`."""
    label: str = ""
    """The bold lead of a meta line or source entry; the section key of a heading."""
    rows: tuple[tuple[str, ...], ...] = ()
    """Table rows, header row first."""
    url: str | None = None


def outline(memo: Memo, style: HouseStyle) -> list[Block]:
    """The memo as the exporters lay it out: same sections, order, titles and display text."""
    blocks = [Block("title", memo.title)]
    if memo.subtitle:
        blocks.append(Block("subtitle", memo.subtitle))
    blocks += [Block("meta", value, label=label) for label, value in meta_lines(memo)]
    notes: list[str] = []

    def numbered(citations: tuple[Citation, ...]) -> tuple[int, ...]:
        for citation in citations:
            notes.append(note_text(memo.source(citation.source), citation))
        return tuple(range(len(notes) - len(citations) + 1, len(notes) + 1))

    sections = style.sections
    if memo.summary:
        blocks += [Block("heading", sections.summary, label="summary"), Block("summary", memo.summary)]
    if memo.key_points:
        blocks.append(Block("heading", sections.key_points, label="key_points"))
        for point in memo.key_points:
            blocks += [Block("point", point.text, notes=numbered(point.citations)),
                       Block("label", key_point_label(point))]
    if memo.actors:
        blocks += [Block("heading", sections.actors, label="actors"),
                   Block("table", rows=(ACTOR_COLUMNS, *(actor_row(a, memo.actors) for a in memo.actors)))]
    if memo.disagreements:
        blocks.append(Block("heading", sections.disagreements, label="disagreements"))
        for disagreement in memo.disagreements:
            blocks.append(Block("subheading", disagreement_title(disagreement)))
            if disagreement.assessment:
                blocks.append(Block("paragraph", disagreement.assessment))
            rows = tuple((source_label(memo.source(p.source)), p.claim, quotes_text(p.citations))
                         for p in disagreement.positions)
            blocks.append(Block("table", rows=(POSITION_COLUMNS, *rows)))
    if memo.open_questions:
        blocks.append(Block("heading", sections.open_questions, label="open_questions"))
        for question in memo.open_questions:
            blocks.append(Block("item", question.question))
            if label := question_label(question):
                blocks.append(Block("label", label))
    if notes:
        blocks.append(Block("heading", sections.notes, label="notes"))
        blocks += [Block("note", text, notes=(number,)) for number, text in enumerate(notes, 1)]
    if memo.sources:
        blocks.append(Block("heading", sections.sources, label="sources"))
        blocks += [Block("source", source_entry(s), label=s.id, url=link_target(s.url)) for s in memo.sources]
    return blocks


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@!])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(memo: Memo, style: HouseStyle) -> str:
    """The memo as pandoc Markdown; citation notes become footnotes, as in our DOCX."""
    # Title and subtitle go in the metadata block: pandoc gives them its Title and Subtitle styles.
    lines = ["---", f'title: "{_yaml_escape(memo.title)}"']
    if memo.subtitle:
        lines.append(f'subtitle: "{_yaml_escape(memo.subtitle)}"')
    lines += ["---", ""]
    footnotes = []
    previous = ""
    for block in outline(memo, style):
        markers = "".join(f"[^{n}]" for n in block.notes)
        match block.kind:
            case "meta":
                if previous == "meta":
                    lines[-1] += "\\"
                lines.append(f"**{_md(block.label)}:** {_md(block.text)}")
            case "heading" if block.label == "notes":
                pass  # the notes are footnotes here, so their section has no heading
            case "heading":
                lines += ["", f"# {_md(block.text)}", ""]
            case "subheading":
                lines += ["", f"## {_md(block.text)}", ""]
            case "summary" | "paragraph":
                lines += [_md(block.text), ""]
            case "point" | "item":
                lines += [f"-   {_md(block.text)}{markers}", ""]
            case "label":
                lines += [f"    *{_md(block.text)}*", ""]
            case "table":
                header, *rows = block.rows
                lines.append("| " + " | ".join(_md(cell) for cell in header) + " |")
                lines.append("|" + "|".join("---" for _ in header) + "|")
                lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
                lines.append("")
            case "note":
                footnotes.append(f"[^{block.notes[0]}]: {_md(block.text)}")
            case "source":
                link = f" [{_md(block.url)}]({block.url})" if block.url else ""
                lines += [f"**{_md(block.label)}** {_md(block.text)}{link}", ""]
        previous = block.kind
    return "\n".join(lines + [""] + footnotes) + "\n"


def _yaml_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_html(memo: Memo, style: HouseStyle) -> str:
    """The memo as one self-contained HTML page for WeasyPrint; citation notes are endnotes, as in our PDF."""
    e = html.escape
    out = ["<!DOCTYPE html>", f'<html lang="en"><head><meta charset="utf-8"><title>{e(memo.title)}</title>',
           f"<style>\n{to_css(memo, style)}</style></head><body>"]
    open_list = False
    for block in outline(memo, style):
        if open_list and block.kind not in ("point", "item", "label"):
            out.append("</ul>")
            open_list = False
        markers = "".join(f'<sup><a href="#n{n}">{n}</a></sup>' for n in block.notes)
        match block.kind:
            case "title":
                out.append(f'<h1 class="title">{e(block.text)}</h1>')
            case "subtitle":
                out.append(f'<p class="subtitle">{e(block.text)}</p>')
            case "meta":
                out.append(f'<p class="meta"><b>{e(block.label)}:</b> {e(block.text)}</p>')
            case "heading":
                out.append(f"<h1>{e(block.text)}</h1>")
            case "subheading":
                out.append(f"<h2>{e(block.text)}</h2>")
            case "summary":
                out.append(f'<p class="summary">{e(block.text)}</p>')
            case "paragraph":
                out.append(f"<p>{e(block.text)}</p>")
            case "point" | "item":
                if not open_list:
                    out.append("<ul>")
                    open_list = True
                out.append(f'<li class="{block.kind}">{e(block.text)}{markers}</li>')
            case "label":
                out.append(f'<li class="label">{e(block.text)}</li>')
            case "table":
                header, *rows = block.rows
                out.append("<table><thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in header) + "</tr></thead><tbody>")
                out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
                out.append("</tbody></table>")
            case "note":
                n = block.notes[0]
                out.append(f'<p class="note" id="n{n}">{n}. {e(block.text)}</p>')
            case "source":
                link = f' <a href="{e(block.url)}">{e(block.url)}</a>' if block.url else ""
                out.append(f'<p class="source"><b>{e(block.label)}</b> {e(block.text)}{link}</p>')
    if open_list:
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# Which house-style role each HTML element plays.
_CSS_ROLES = {
    "h1.title": "title", "p.subtitle": "subtitle", "p.meta": "meta", "h1": "heading", "h2": "subheading",
    "p": "body", "p.summary": "summary", "li.point, li.item": "key_point", "li.label": "label",
    "th": "table_header", "td": "table_cell", "p.note": "note", "p.source": "source",
}


def to_css(memo: Memo, style: HouseStyle) -> str:
    """A print stylesheet for the HTML twin: the house style's page, fonts, sizes, header and footer."""
    page = style.page
    rules = [
        "@page { size: %s; margin: %spt %spt %spt %spt;\n  @top-center { %s content: %s; }\n"
        "  @bottom-center { %s content: %s; } }" % (
            page.size, page.margin_top_pt, page.margin_right_pt, page.margin_bottom_pt, page.margin_left_pt,
            _declarations(style, style.roles["header"]), _css_content(memo, style.header),
            _declarations(style, style.roles["footer"]), _css_content(memo, style.footer)),
        "body { margin: 0; }",
        "ul { margin: 0 0 6pt 0; padding-left: 14pt; }",
        "li.label { list-style: none; }",
        "h1, h2 { page-break-after: avoid; }",
        "table { border-collapse: collapse; width: 100%; margin-bottom: 6pt; }",
        "thead { display: table-header-group; }",
        "th { background: %s; }" % style.layout.table_header_fill,
        "th, td { border: 0.5pt solid %s; padding: 2pt 3pt; vertical-align: top; text-align: left; }"
        % style.layout.table_rule_color,
        "sup { font-size: 70%; line-height: 0; }",
    ]
    rules += [f"{selector} {{ {_declarations(style, style.roles[role])} }}" for selector, role in _CSS_ROLES.items()]
    return "\n".join(rules) + "\n"


def _declarations(style: HouseStyle, text: TextStyle) -> str:
    family = style.fonts[text.font].pdf
    # Our PDF sets Arabic in the bundled Noto Naskh Arabic; give WeasyPrint the same fallback.
    return (f'font-family: "{family}", "Noto Naskh Arabic"; font-size: {text.size_pt}pt; line-height: {text.line_spacing}; '
            f"font-weight: {'bold' if text.bold else 'normal'}; font-style: {'italic' if text.italic else 'normal'}; "
            f"color: {text.color}; margin: {text.space_before_pt}pt 0 {text.space_after_pt}pt 0; "
            f"text-align: {text.align};")


def _css_content(memo: Memo, template: str) -> str:
    """A header or footer template filled in for `memo`, as a CSS `content` value with page counters."""
    fields = {"title": memo.title, "date": memo.date.isoformat(), "marking": memo.marking or "",
              "organization": memo.organization or "", "author": memo.author or ""}
    values = []
    for part in re.split(r"(\{page\}|\{pages\})", template):
        if part in ("{page}", "{pages}"):
            values.append(f"counter({part[1:-1]})")
        elif part:
            text = part.format(**fields).replace("\\", "\\\\").replace('"', '\\"')
            values.append(f'"{text}"')
    return " ".join(values) or '""'


@dataclass(frozen=True)
class Inputs:
    """The files every tool reads for one size."""

    json: Path
    markdown: Path
    html: Path
    words: int
    """Words of the Markdown twin, a size measure comparable across formats."""


def write_inputs(folder: Path, sizes: list[str], style: HouseStyle | None = None) -> dict[str, Inputs]:
    """Write memo-<size>.json/.md/.html into `folder`; return the paths per size."""
    style = style or load_style()
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for size in sizes:
        memo = build_memo(size)
        base = folder / f"memo-{size}"
        markdown = to_markdown(memo, style)
        paths = Inputs(base.with_suffix(".json"), base.with_suffix(".md"), base.with_suffix(".html"),
                       len(markdown.split()))
        paths.json.write_text(memo.model_dump_json(indent=1, exclude_none=True), encoding="utf-8")
        paths.markdown.write_text(markdown, encoding="utf-8")
        paths.html.write_text(to_html(memo, style), encoding="utf-8")
        written[size] = paths
    return written


def main(argv: list[str] | None = None) -> None:
    """Write the benchmark inputs (`python -m bench.gen_memo --out DIR`)."""
    parser = argparse.ArgumentParser(prog="python -m bench.gen_memo", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(".bench/inputs"), help="folder to write into")
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: " + ", ".join(SIZES))
    args = parser.parse_args(argv)
    for size, paths in write_inputs(args.out, args.sizes.split(",")).items():
        print(f"{size:6} {paths.words:6} words  {paths.json}  {paths.markdown}  {paths.html}")


if __name__ == "__main__":
    main()
