"""From the paragraphs a reader extracted to a `SourceText`: clutter out, headline apart, blocks typed.

Every format reader hands over a `RawDocument`: cleaned one-line paragraphs, with a hint where the
format itself says what a paragraph is (a Markdown heading, a Word "Heading 1", a table row). This
module applies the same general rules to all of them, in this order:

1. boilerplate blocks (comment, share, subscribe, follow, cookie, "Read more"/"Related:" and
   copyright lines) and blocks without a letter or digit are dropped, and a "Comments are
   closed..." sentence glued to the end of a line is cut off;
2. the headline: the first block when it reads as one (short, not ending like a sentence), or the
   block matching the title the file states; it becomes the title and is kept out of the text;
3. a byline ("By Jane Roe") or date line among the first blocks is dropped, and a dateline
   ("KABUL, Oct 5 (Reuters) -", "US – Afghanistan -(Special Correspondent / Web Desk) –") is cut
   from the start of the first paragraph;
4. each block is typed: a heading is short, Title Case and does not end in sentence punctuation
   (a question-style subhead may end in "?");
5. a heading, or a short line not ending like a sentence, whose content words (almost) never
   occur in the rest of the document is another story's headline dropped into the page (a link to
   a related article): it is removed, with a diagnostic naming it.

The text is the kept blocks joined by a blank line; nothing here depends on metadata given from
outside the file, so re-reading a file always rebuilds the same text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from memo.errors import Diagnostic, SourceError
from memo.ingest.cleaning import clean_line
from memo.ingest.language import guess_language
from memo.ingest.limits import IngestLimits
from memo.ingest.metadata import SourceMetadata, parse_date
from memo.ingest.source_text import Block, BlockKind, SourceText
from memo.model import Source

BlockHint = Literal["title", "heading", "paragraph", "table"]

LONG_PARAGRAPH = 20_000
"""Characters above which a paragraph is reported: real paragraphs are far shorter."""


@dataclass
class RawBlock:
    """One paragraph as a reader found it: cleaned, on one line."""

    text: str
    line: int = 0
    """Line (or paragraph number, for DOCX) where it starts, for diagnostics; 0 when unknown."""
    hint: BlockHint | None = None
    """What the format says the block is; `None` lets the text decide."""


@dataclass
class RawDocument:
    """What a format reader extracted from one file."""

    blocks: list[RawBlock]
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
    """Metadata the file states about itself (front matter, header lines, HTML meta)."""
    embedded: SourceMetadata = field(default_factory=SourceMetadata)
    """Document properties (DOCX, PDF): often stale, so used only where nothing else says."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


# --- words ------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_MINOR_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs v with from into onto "
    "over than amid after before about out de la le du des del da di van von al el bin".split()
)
_STOPWORDS = _MINOR_WORDS | frozenset(
    "i me my we us our you your he him his she her it its they them their this that these those "
    "is are was were be been being am do does did have has had having will would shall should can "
    "could may might must not no yes all any some what which who whom whose when where why how "
    "there here then now also just only very more most such own same too than again once both each "
    "few other new says said say mr mrs ms".split()
)
# Punctuation that ends a sentence or clause, so never a heading ("?" may end a question subhead).
_TERMINAL = ".!:;,…۔।。؛،"
_SENTENCE_END = ".!?…؟۔।。"
_CLOSERS = "\"'”’»)]"


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _stem(word: str) -> str:
    """A crude stem: lower case, no possessive or plural, cut to five letters ("Pakistani" ~ "Pakistan")."""
    word = word.lower().replace("’", "'")
    word = word.removesuffix("'s")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:5]


def content_stems(text: str) -> set[str]:
    """Stems of the content words of `text` (no function words, numbers or one-letter words)."""
    return {
        _stem(word)
        for token in _words(text)
        for word in token.split("-")
        if len(word) > 1 and not word.isdigit() and word.lower() not in _STOPWORDS
    }


def is_title_case(text: str) -> bool:
    """Whether most significant words start with a capital (always true for caseless scripts)."""
    words = [w for w in _LETTER_WORD.findall(text) if w[0].isupper() or w[0].islower()]
    if not words:
        return True
    significant = [w for w in words if w.lower() not in _MINOR_WORDS] or words
    return sum(w[0].isupper() for w in significant) >= 0.75 * len(significant)


def _ends_like_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with a full stop, question or exclamation mark (in any script)."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def is_heading_like(text: str) -> bool:
    """Short, Title Case, and not ending in sentence punctuation ("?" allowed for question subheads)."""
    words = _words(text)
    return (
        0 < len(words) <= 20
        and len(text) <= 160
        and not _ends_like_sentence(text)
        and any(char.isalpha() for char in text)
        and is_title_case(text)
    )


def is_headline_like(text: str) -> bool:
    """Could open a document as its headline: short and not ending like a sentence."""
    words = _words(text)
    return 0 < len(words) <= 30 and len(text) <= 250 and not _ends_like_sentence(text) and not text[0].islower()


# --- boilerplate --------------------------------------------------------------------------------

# Phrases that only page furniture uses: dropped at any length up to _STRONG_MAX_WORDS.
_STRONG = re.compile(
    r"""^(?:
        comments?\s+(?:are|is)\s+(?:now\s+|currently\s+)?closed
      | (?:both\s+)?comments\s+and\s+(?:trackbacks|pings|pingbacks)\s+are\s+(?:currently\s+)?(?:closed|open)
      | (?:trackbacks?|pingbacks?)\s+(?:and|&)\s+(?:trackbacks?|pingbacks?)\s+are\s+(?:open|closed)
      | leave\s+a\s+(?:reply|comment)
      | you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment
      | click\s+(?:here\s+)?to\s+(?:share|print|email|subscribe)
      | share\s+(?:this|the)\s+(?:article|story|post|page|video)
      | (?:subscribe|sign\s+up)\b.{0,60}\b(?:newsletter|updates|alerts|inbox|channel)
      | follow\s+(?:us\b|@|.{1,60}\s+on\s+(?:facebook|twitter|x|whatsapp|instagram|telegram|linkedin|youtube
                                              |tiktok|google\s+news)\b)
      | (?:we|this\s+(?:web)?site|our\s+(?:web)?site)\s+uses?\s+cookies
      | (?:accept|manage|reject)\s+(?:all\s+)?cookies
      | cookie\s+(?:policy|settings|preferences|consent)
      | (?:read\s+more|read\s+also|also\s+read|see\s+also|more\s+on\s+this|related(?:\s+\w+)?
         |most\s+(?:read|popular|viewed|shared)
         |(?:also|more)\s+in\s+(?:the\s+)?news|latest(?:\s+news)?|trending(?:\s+now)?|top\s+stories|editor'?s\s+picks?
         |newsletter|sponsored|promoted|advertisement|tags|topics|share(?:\s+this)?|watch|listen)\s*:
      | \(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled)\s+by\b
      | you\s+(?:may|might)\s+also\s+(?:like|be\s+interested)
      | (?:copyright\b|©|\(c\)\s)
      | .{0,120}\ball\s+rights\s+reserved
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_STRONG_MAX_WORDS = 40

# Phrases a real sentence could start with: dropped only as a short line without a full stop.
_WEAK = re.compile(
    r"""^(?:
        read\s+(?:more|also|next|the\s+full\s+story)\b
      | also\s+read\b | see\s+also\b | continue\s+reading\b
      | related(?:\s+(?:articles?|stories|posts|news|coverage|content|reading|topics))?\b
      | more\s+(?:from|stories|news|on\s+this)\b
      | recommended(?:\s+(?:for\s+you|stories|articles|reading))?\s*$
      | advertisement\s*$ | sponsored(?:\s+content)?\s*$ | ad\s*$
      | tags?\s*: | filed\s+under\b | topics?\s*:
      | share\b | tweet\b | print\b | email\s+this\b
      | \d+\s+comments?\s*$ | no\s+comments(?:\s+yet)?\s*$
      | subscribe(?:\s+now|\s+today)?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_WEAK_MAX_WORDS = 12
_SOCIAL = frozenset(
    "facebook twitter x whatsapp linkedin email e mail print telegram pinterest reddit tumblr "
    "messenger share tweet copy link sms vk weibo wechat pocket flipboard threads bluesky".split()
)
# The same furniture glued to the end of another line ("...Security?Comments are closed, but...").
_GLUED = re.compile(
    r"(?:(?<=[.!?…\"”’)\]])|(?<=\s))\s*"
    r"(?:Comments\s+are\s+(?:now\s+|currently\s+)?closed|Both\s+comments\s+and\s+\w+\s+are\s+\w+\s+closed"
    r"|Leave\s+a\s+(?:Reply|reply|Comment|comment)|All\s+rights\s+reserved)"
    r"[^.!?]*[.!?]?\s*$"
)
_GLUED_HINT = re.compile(r"closed|leave a|rights reserved", re.IGNORECASE)


def is_boilerplate(text: str) -> bool:
    """Whether a whole block is page furniture rather than article text."""
    words = _words(text)
    if len(words) <= _STRONG_MAX_WORDS and _STRONG.match(text):
        return True
    if len(words) <= _WEAK_MAX_WORDS and not text.rstrip(_CLOSERS).endswith(".") and _WEAK.match(text):
        return True
    return bool(words) and len(words) <= 12 and all(w.lower() in _SOCIAL for w in words)


def _drop_boilerplate(blocks: list[RawBlock]) -> list[RawBlock]:
    kept = []
    for block in blocks:
        if block.hint == "table":
            kept.append(block)
            continue
        text = _GLUED.sub("", block.text).rstrip() if _GLUED_HINT.search(block.text) else block.text
        # A block without a letter or digit is a rule or ornament ("---", "* * *"), not text.
        if any(char.isalnum() for char in text) and not is_boilerplate(text):
            kept.append(RawBlock(text, block.line, block.hint))
    return kept


# --- headline, bylines, datelines ------------------------------------------------------------------

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|el))*"
_BYLINE = re.compile(
    rf"^(?:By|BY|by)\s+(?P<name>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
    r"(?:\s*(?:[,|/•·]|[-–—])\s*[\w .’'&]{1,60})?$"
)
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last\s+updated|first\s+published)\s*(?:on|at)?\s*:?\s*)?(?P<date>.+?)\s*$",
    re.IGNORECASE,
)
_DASH = r"[-–—‒―]"
# "PLACE[, date] (CREDIT) –": a short run of capitalised words, a parenthesised credit, a dash.
_CREDIT_DATELINE = re.compile(
    rf"^(?P<lead>[^.!?()\n]{{0,60}}?)\s*(?:{_DASH}\s*)?\((?P<credit>[^()]{{2,60}})\)\s*{_DASH}+\s+(?=\S)"
)
# "KABUL, Oct 5 –", "BOGOTÁ —" or "WASHINGTON:": an upper-case place name, maybe more, a dash or colon.
_CAPS_DATELINE = re.compile(
    rf"^(?P<lead>(?P<place>[^\W\d_][^\W\d_.'’ -]*(?:[ .'’-]+[^\W\d_]+)*\.?)(?:\s*,\s*[\w .]{{1,30}}?)?)"
    rf"\s*(?:{_DASH}+|:)\s+(?=\S)"
)
_DATELINE_WORD = re.compile(r"[^\W\d_][\w.'’]*")
_LEAD_SMALL_WORDS = frozenset({"and", "of", "the", "de", "al", "el"})


def _take_headline(blocks: list[RawBlock], stated_title: str | None) -> tuple[str | None, list[RawBlock]]:
    if not blocks:
        return None, blocks
    first = blocks[0]
    if stated_title is not None:
        return (first.text, blocks[1:]) if _same_title(first.text, stated_title) else (None, blocks)
    if first.hint == "title" or (first.hint in (None, "heading") and is_headline_like(first.text)):
        return first.text, blocks[1:]
    return None, blocks


def _same_title(a: str, b: str) -> bool:
    def key(text: str) -> str:
        return " ".join(_words(text.casefold()))

    a, b = key(a), key(b)
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


@dataclass
class _FoundInText:
    author: str | None = None
    published: dt.date | None = None


def _strip_bylines_and_datelines(blocks: list[RawBlock], found: _FoundInText) -> list[RawBlock]:
    kept = list(blocks)
    # Bylines and date lines stand among the first few blocks, before the first paragraph.
    index = 0
    while index < min(len(kept), 4) and kept[index].hint != "table":
        block = kept[index]
        byline = _BYLINE.match(block.text)
        date = parse_date(_DATE_LINE.match(block.text).group("date"))
        if byline and len(_words(block.text)) <= 14:
            found.author = found.author or byline.group("name")
            del kept[index]
        elif date is not None:
            found.published = found.published or date
            del kept[index]
        elif is_heading_like(block.text):
            index += 1
        else:
            kept[index] = RawBlock(strip_dateline(block.text), block.line, block.hint)
            break
    return kept


def strip_dateline(text: str) -> str:
    """`text` without a leading dateline such as "KABUL, Oct 5 (Reuters) -"."""
    match = _CREDIT_DATELINE.match(text)
    if match and len(_words(match.group("credit"))) <= 8 and _is_dateline_lead(match.group("lead")):
        return _rest_of_sentence(text, match.end())
    match = _CAPS_DATELINE.match(text)
    if match and _is_caps_place(match.group("place")) and _is_dateline_lead(match.group("lead")):
        return _rest_of_sentence(text, match.end())
    return text


def _is_caps_place(place: str) -> bool:
    return place.isupper() and sum(char.isalpha() for char in place) >= 3


def _rest_of_sentence(text: str, end: int) -> str:
    rest = text[end:]
    return rest if _starts_sentence(rest) else text


def _is_dateline_lead(lead: str) -> bool:
    words = _DATELINE_WORD.findall(lead)
    if len(words) > 8:
        return False
    # Place names and month names are capitalised; only a few particles may not be.
    return all(w[0].isupper() or w.lower() in _LEAD_SMALL_WORDS for w in words)


def _starts_sentence(rest: str) -> bool:
    rest = rest.lstrip("\"'“‘«")
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or not rest[0].islower())


# --- another story's headline ---------------------------------------------------------------

_FOREIGN_MAX_SHARED = 0.25  # share of a heading's content words the rest of the document may use
_FOREIGN_MIN_WORDS = 4  # shorter headings ("Background") cannot be judged
_FOREIGN_MIN_CONTEXT = 25  # content words the rest of the document needs before judging


def _drop_foreign_headings(
    blocks: list[RawBlock], kinds: list[BlockKind], headline: str | None, where: str,
    diagnostics: list[Diagnostic],
) -> tuple[list[RawBlock], list[BlockKind]]:
    candidates = [
        index for index, (block, kind) in enumerate(zip(blocks, kinds, strict=True))
        if block.hint != "table"
        and (kind == "heading" or (len(_words(block.text)) <= 15 and not _ends_like_sentence(block.text)))
    ]
    if not candidates:
        return blocks, kinds
    stems = [content_stems(block.text) for block in blocks]
    headline_stems = content_stems(headline or "")
    foreign = set()
    for index in candidates:
        own = stems[index]
        if len(own) < _FOREIGN_MIN_WORDS:
            continue
        context = headline_stems.union(*(s for i, s in enumerate(stems) if i != index))
        if len(context) >= _FOREIGN_MIN_CONTEXT and len(own & context) <= _FOREIGN_MAX_SHARED * len(own):
            foreign.add(index)
            block = blocks[index]
            diagnostics.append(Diagnostic(
                f"{where}:{block.line}" if block.line else where,
                f"dropped {block.text!r}: its words (almost) never occur in the rest of the "
                "document, so it is taken for another story's headline",
                severity="info",
            ))
    return (
        [block for index, block in enumerate(blocks) if index not in foreign],
        [kind for index, kind in enumerate(kinds) if index not in foreign],
    )


# --- assembly -------------------------------------------------------------------------------------


def build_source_text(
    doc: RawDocument, *, path: Path | str, source_id: str, overrides: SourceMetadata | None,
    limits: IngestLimits,
) -> SourceText:
    """Apply this module's rules to `doc` and build the `SourceText` analysis reads."""
    where = str(path)
    diagnostics = list(doc.diagnostics)
    if not any(block.text for block in doc.blocks):
        raise SourceError(f"{where} has no text; check that it is the right file")
    if len(doc.blocks) > limits.max_paragraphs:
        raise SourceError(
            f"{where} has {len(doc.blocks):,} paragraphs, more than the limit of {limits.max_paragraphs:,}; "
            "split it or raise the limit"
        )
    # Every block passes clean_line, whatever its reader did: the writers' guarantee lives here.
    cleaned = [RawBlock(clean_line(b.text), b.line, b.hint) for b in doc.blocks]
    if not any(char.isalnum() for block in cleaned for char in block.text):
        raise SourceError(
            f"{where} has no visible text (only invisible characters, symbols or punctuation); "
            "check that it is the right file"
        )
    diagnostics += [
        Diagnostic(
            f"{where}:{block.line}" if block.line else where,
            f"a paragraph of {len(block.text):,} characters: the text has no paragraph breaks there (OCR "
            "output?); check that it was extracted as intended",
        )
        for block in cleaned if len(block.text) > LONG_PARAGRAPH
    ]
    blocks = _drop_boilerplate([block for block in cleaned if block.text])
    headline, blocks = _take_headline(blocks, doc.metadata.title)
    found = _FoundInText()
    blocks = _strip_bylines_and_datelines(blocks, found)
    if not blocks and headline is not None:
        # A one-line source (a post, a statement) is all headline: keep it as the text.
        blocks = [RawBlock(headline, 0, "paragraph")]
    kinds: list[BlockKind] = [_kind(block) for block in blocks]
    blocks, kinds = _drop_foreign_headings(blocks, kinds, headline, where, diagnostics)
    if not blocks:
        raise SourceError(f"{where} contains no article text, only boilerplate; check that it is the right file")

    parts: list[Block] = []
    offset = 0
    for block, kind in zip(blocks, kinds, strict=True):
        parts.append(Block(offset, offset + len(block.text), kind))
        offset += len(block.text) + 2
    text = "\n\n".join(block.text for block in blocks)
    if len(text) > limits.max_chars:
        raise SourceError(
            f"{where} has {len(text):,} characters of text, more than the limit of {limits.max_chars:,}; "
            "split it or raise the limit"
        )

    in_text = SourceMetadata(author=found.author, published=found.published)
    stated = doc.embedded.overridden_by(in_text).overridden_by(doc.metadata).overridden_by(overrides)
    title = doc.metadata.overridden_by(overrides).title or headline or doc.embedded.title
    if not title:
        title = Path(where).stem
        diagnostics.append(
            Diagnostic(where, f"no title found; using the file name {title!r} (set title in sources.yaml)")
        )
    try:
        source = Source(
            id=source_id,
            title=clean_line(title) or Path(where).stem,
            outlet=stated.outlet,
            author=stated.author,
            published=stated.published,
            url=stated.url,
            path=where,
            language=stated.language or guess_language(text),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            reliability=stated.reliability,
            notes=stated.notes,
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        field_name = ".".join(str(part) for part in error["loc"])
        raise SourceError(f"{where}: metadata field {field_name} is invalid: {error['msg']}") from None
    return SourceText(source=source, text=text, blocks=tuple(parts), diagnostics=tuple(diagnostics))


def _kind(block: RawBlock) -> BlockKind:
    if block.hint in ("title", "heading"):
        return "heading"
    if block.hint in ("paragraph", "table"):
        return "paragraph"
    return "heading" if is_heading_like(block.text) else "paragraph"
