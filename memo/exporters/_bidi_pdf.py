"""Paragraphs in any mix of scripts and directions for reportlab: shaped, reordered, extractable.

reportlab 5 cannot set Arabic-script text: its own shaping puts the words of a right-to-left line
in left-to-right order and reverses Persian digits (۲۰۲۱ becomes ۱۲۰۲) without any error, and a
single font draws boxes for the scripts it lacks. `BidiParagraph` does the whole job itself:

1. the display boundary (`display_text`) and the paragraph's direction (UAX#9 P2/P3);
2. UAX#9 levels for the whole paragraph from python-bidi's Rust engine (`bidi_levels`);
3. a bundled font per character (`FontStack`), so Pashto, Chinese and emoji each get a face that
   draws them, and characters none draws are listed in `missing`;
4. runs of one level, font and span, shaped by harfbuzz with the whole paragraph as context, the
   direction from the level and the language for Arabic-script text (Urdu digits differ);
5. lines broken in logical order, at spaces, between CJK characters and after hyphens and slashes,
   and inside a word only when the word alone is wider than the line;
6. per line: trailing white space dropped (UAX#9 L1), runs reversed from the highest level (L2),
   each run reshaped in its own direction, then aligned to the paragraph's start side;
7. glyph ids drawn at harfbuzz's positions through reportlab's TrueType subsetter (`ShapingFont`),
   each glyph with a ToUnicode entry for the text it stands for, so `pdftotext` gives back words.

Glyphs go into the content stream in visual order, as LibreOffice writes them: poppler-based tools
then extract right-to-left words in reading order.

reportlab internals this relies on (stable since its 3.x TrueType code; pyproject pins reportlab 5):
`TTFont.splitString`, `getSubsetInternalName`, `State`, `face.charToGlyph`, `face.charWidths`,
`face.addSubsetObjects`, `ttfonts.SUBSETN`, `Canvas._doc` and `Canvas.addLiteral`.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import uharfbuzz as hb
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from memo.errors import ExportError
from memo.exporters._scripts import (
    Direction, FontFile, MissingChar, arabic_language, bidi_levels, display_text, font_stack,
    paragraph_direction,
)
from memo.fonts import FALLBACK_FAMILIES, Face

# harfbuzz features for Arabic-script runs. Noto Naskh's "الله" ligature ('liga') is one glyph
# standing for four letters; poppler spreads such text left to right inside a right-to-left
# line, so search and copy would find "اهلل". Without it the word is drawn letter by letter,
# which is equally correct Arabic script; lam-alef ('rlig') is kept.
ARABIC_FEATURES = {"liga": False}

# Entries kept per font before the width cache starts again (bounds memory in long-lived processes).
_WIDTH_CACHE_LIMIT = 200_000

# Superscript as reportlab's <super> sets it: raised by half the size, up to 2 pt smaller.
SUPERSCRIPT_RISE = 0.5

# Fallback fonts whose letters are taller than the style's leading allows (Naskh's marks) raise
# the leading of their paragraph to this share of their ascender-to-descender height.
MIN_LEADING_SHARE = 0.9

_NO_LINE_START = frozenset("。，、．：；！？）」』】〕〉》〗〙〛｝］｠ー…‥・ヽヾゝゞ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
_NO_LINE_END = frozenset("（「『【〔〈《〖〘〚｛［｟")
_BREAK_AFTER = frozenset("-/\u2010\u2013\u2014")
_NO_BREAK_SPACES = frozenset("\xa0\u2007\u202f")


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph's text with its own formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    href: str | None = None
    """Link target: a URL (already checked as safe) or "#name" for a bookmark in the document."""
    color: str | None = None
    """Text colour as #RRGGBB; `None` keeps the paragraph style's."""


class ShapingFont(TTFont):
    """A reportlab TrueType font that draws any glyph id and maps each drawn glyph to its real text.

    reportlab's subsetter draws characters, not glyphs, so a contextual form, a ligature or a
    mirrored bracket gets a private code (plane 15) standing for one (glyph, text) pair. The
    ToUnicode map of each subset gives back that text: a ligature several characters, a mirrored
    bracket the bracket as typed, a glyph without text of its own nothing.
    """

    def __init__(self, font: FontFile) -> None:
        try:
            super().__init__(f"memo-{font.path.stem}", str(font.path))
        except TTFError as exc:
            raise ExportError(f"cannot load the bundled font {font.path.name} ({exc}); reinstall memo") from None
        self.file = font
        self._widths: dict[tuple[str, float], float] = {}
        self.hb_font = hb.Font(hb.Face(hb.Blob.from_file_path(str(font.path))))  # scale = units per em
        self._codes: dict[tuple[int, str], int] = {}
        self._texts: dict[int, str] = {}
        self._next_code = 0xF0000
        # Per document: the characters already in the first subset, and their one-byte codes.
        self._first_subset: dict[object, tuple[set[str], dict[int, int], int]] = {}

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        """Width of `text` at `size` points, remembered: reportlab's line breaking measures every word,
        often several times, in pure Python, and memos repeat their words."""
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > _WIDTH_CACHE_LIMIT:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width

    def splitString(self, text: str, doc, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        """`TTFont.splitString`: `text` as (subset, bytes) runs, new characters added to the subsets.

        Text whose characters all have their code in the first subset already (nearly every line
        of a memo in Latin script) is encoded in one C call; reportlab looks at each character in
        pure Python, a tenth of writing a long PDF.
        """
        known = self._first_subset.get(doc)
        if known is not None and known[0].issuperset(text):
            return [(0, text.translate(known[1]).encode("latin-1"))]
        runs = super().splitString(text, doc, encoding)
        assignments = self.state[doc].assignments
        if known is None or known[2] != len(assignments):
            codes = {code: n for code, n in assignments.items() if n < 256}
            if 32 in codes:
                codes[0xA0] = codes[32]  # reportlab sets a no-break space as a space
            self._first_subset[doc] = ({chr(code) for code in codes}, codes, len(assignments))
        return runs

    def code(self, glyph: int, text: str) -> str:
        """A one-character string that the subsetter maps to `glyph` and ToUnicode to `text`."""
        cmap = self.face.charToGlyph
        # NBSP is excluded because reportlab's subsetter turns it into a space.
        if len(text) == 1 and text != "\xa0" and cmap.get(ord(text)) == glyph:
            return text
        code = self._codes.get((glyph, text))
        if code is None:
            code = self._codes[glyph, text] = self._next_code
            self._next_code += 1
            cmap[code] = glyph
            invisible = all(unicodedata.category(char) == "Cf" for char in text)  # also "" (no text)
            self.face.charWidths[code] = 0 if invisible else (
                self.hb_font.get_glyph_h_advance(glyph) * 1000 / self.file.upem
            )
            self._texts[code] = text
        return chr(code)

    def addObjects(self, doc) -> None:  # noqa: N802 - reportlab's name
        """Write every subset of this font into `doc`, each with a ToUnicode map of the real text.

        This is `TTFont.addObjects` with its ToUnicode CMap replaced.
        """
        state = self.state.get(doc) or self.state.setdefault(doc, TTFont.State(self._asciiReadable))
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap_stream = pdfdoc.PDFStream()
            cmap_stream.content = self._to_unicode(subset)
            if doc.compression:
                cmap_stream.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]
        self._first_subset.pop(doc, None)

    def _to_unicode(self, subset: Sequence[int]) -> str:
        entries = [
            f"<{i:02X}> <{self._texts.get(code, chr(code)).encode('utf-16-be').hex().upper()}>"
            for i, code in enumerate(subset)
        ]
        body: list[str] = []
        for k in range(0, len(entries), 100):  # at most 100 entries per block (PDF reference)
            block = entries[k:k + 100]
            body += [f"{len(block)} beginbfchar", *block, "endbfchar"]
        return "\n".join([
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
            "1 begincodespacerange", "<00> <FF>", "endcodespacerange", *body,
            "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
        ])


@cache
def shaping_font(font: FontFile) -> ShapingFont:
    """The `ShapingFont` of a bundled font file, registered with reportlab once per process."""
    shaping = ShapingFont(font)
    pdfmetrics.registerFont(shaping)
    return shaping


def combined_face(base: Face, bold: bool = False, italic: bool = False) -> Face:
    """The face of text in `base` made bold and/or italic as well ("italic" + bold: "bolditalic")."""
    bold = bold or base in ("bold", "bolditalic")
    italic = italic or base in ("italic", "bolditalic")
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}[
        (bold, italic)
    ]


def superscript_size(size: float) -> float:
    """The size of raised text (note markers) beside text of `size` points, as reportlab's <super> sets it."""
    return size - min(2.0, 0.2 * size)


@dataclass
class _Glyph:
    font: ShapingFont
    gid: int
    text: str
    x: float
    y: float
    advance: float
    size: float
    span: int


@dataclass
class _Run:
    start: int
    end: int
    level: int
    font: ShapingFont
    span: int


@dataclass
class _Text:
    """A paragraph's text prepared once: levels, fonts, shaped advances and break opportunities."""

    text: str
    spans: tuple[Span, ...]
    span_of: list[int]
    direction: Direction
    language: str | None
    sizes: list[float]
    """Font size of each span."""
    runs: list[_Run]
    advances: list[float]
    breaks: list[int]
    """Indices before which a line may start, ascending."""
    forced: frozenset[int]
    """Indices before which a line must start (after a line break)."""
    boundaries: list[int]
    """Indices at which a too-long word may be cut: cluster starts that no mark or joiner follows."""
    missing: list[MissingChar] = field(default_factory=list)
    letter_fonts: set[ShapingFont] = field(default_factory=set)
    """The fonts that draw letters and marks (they decide how much leading the text needs)."""


def _prepare(spans: Sequence[Span], family: str, face: Face, size: float, fallbacks: tuple[str, ...],
             direction: Direction | None, language: str | None) -> _Text:
    spans = tuple(spans)
    pieces = [display_text(s.text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ") for s in spans]
    text = "".join(pieces)
    direction = direction or paragraph_direction(text)
    language = language or arabic_language(text)
    span_of = [i for i, piece in enumerate(pieces) for _ in piece]
    sizes = [superscript_size(size) if s.superscript else size for s in spans]
    levels = bidi_levels(text, direction)
    fonts: list[ShapingFont] = []
    missing: dict[int, MissingChar] = {}
    for s, piece in zip(spans, pieces):
        stack = font_stack(family, combined_face(face, s.bold, s.italic), fallbacks)
        fonts += [shaping_font(stack.fonts[i]) for i in stack.assign(piece)]
        missing.update((m.code_point, m) for m in stack.missing(piece))
    runs: list[_Run] = []
    start = 0
    for end in range(1, len(text) + 1):
        if (end == len(text) or (levels[end], fonts[end], span_of[end]) != (levels[start], fonts[start], span_of[start])
                or text[end - 1] == "\n"):
            runs.append(_Run(start, end, levels[start], fonts[start], span_of[start]))
            start = end
    advances = [0.0] * len(text)
    cluster_starts: set[int] = set()
    for run in runs:
        scale = sizes[run.span] / run.font.file.upem
        infos, positions = _shape(text, run.start, run.end, run.font, run.level % 2 == 1, language)
        for info, position in zip(infos, positions):
            advances[info.cluster] += position.x_advance * scale
            cluster_starts.add(info.cluster)
    forced = frozenset(i for i in range(1, len(text)) if text[i - 1] == "\n")
    breaks = sorted(forced | _break_opportunities(text))
    boundaries = [i for i in sorted(cluster_starts) if i and not _joins_previous(text[i])]
    letter_fonts = {fonts[i] for i, char in enumerate(text) if unicodedata.category(char)[0] in "LM"}
    return _Text(text, spans, span_of, direction, language, sizes, runs, advances, breaks, forced, boundaries,
                 list(missing.values()), letter_fonts)


def _shape(text: str, start: int, end: int, font: ShapingFont, rtl: bool, language: str | None):
    buffer = hb.Buffer()
    buffer.add_str(text, start, end - start)  # the whole paragraph is context; clusters index `text`
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.guess_segment_properties()
    features = {}
    if buffer.script == "Arab":
        features = ARABIC_FEATURES
        if language:
            buffer.language = language
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font.hb_font, buffer, features)
    return buffer.glyph_infos, buffer.glyph_positions


def _is_cjk(char: str) -> bool:
    return ("\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"
            or "\U00020000" <= char <= "\U0003ffff" or "\uac00" <= char <= "\ud7af")


def _joins_previous(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "M" or category == "Cf" or "\U0001f3fb" <= char <= "\U0001f3ff"


def _break_opportunities(text: str) -> set[int]:
    """Where a line may start: after spaces, around CJK characters, after hyphens, dashes and slashes.

    Never at ZWNJ or NBSP, never before a combining mark or joiner, and never before CJK closing
    punctuation or after CJK opening punctuation.
    """
    out = set()
    for i in range(1, len(text)):
        before, char = text[i - 1], text[i]
        if char.isspace() or _joins_previous(char):
            continue
        if (before.isspace() and before not in _NO_BREAK_SPACES) or before == "\u200b":
            out.add(i)
        elif _is_cjk(before) or _is_cjk(char):
            if char not in _NO_LINE_START and before not in _NO_LINE_END:
                out.add(i)
        elif before in _BREAK_AFTER and i >= 2 and text[i - 2].isalnum() and char.isalnum():
            out.add(i)
    return out


def _reorder(runs: list[_Run]) -> list[_Run]:
    """UAX#9 L2 on runs: reverse every maximal sequence at or above each level, from the highest to 1."""
    runs = list(runs)
    for level in range(max((r.level for r in runs), default=0), 0, -1):
        i = 0
        while i < len(runs):
            if runs[i].level < level:
                i += 1
                continue
            j = i
            while j < len(runs) and runs[j].level >= level:
                j += 1
            runs[i:j] = runs[i:j][::-1]
            i = j
    return runs


class _Layout:
    """Lines of a prepared text for one width, and the glyphs of each line in visual order."""

    def __init__(self, prepared: _Text) -> None:
        self.p = prepared
        self._prefix = [0.0]
        for advance in prepared.advances:
            self._prefix.append(self._prefix[-1] + advance)

    def width(self, a: int, b: int) -> float:
        """Width of characters a..b without trailing white space."""
        text = self.p.text
        while b > a and text[b - 1].isspace():
            b -= 1
        return self._prefix[b] - self._prefix[a]

    def lines(self, a: int, b: int, first_width: float, width: float) -> list[tuple[int, int]]:
        """Greedy line breaks of characters a..b in logical order."""
        p = self.p
        candidates = [i for i in p.breaks if a < i < b] + [b]
        lines: list[tuple[int, int]] = []
        start, fit = a, a
        for c in candidates:
            while True:
                room = first_width if not lines else width
                if self.width(start, c) <= room or c == start:
                    fit = c
                    break
                if fit > start:
                    lines.append((start, fit))
                    start = fit
                    continue
                cut = self._cut(start, c, room)      # a word wider than the line
                lines.append((start, cut))
                start = fit = cut
            if (c in p.forced or c == b) and (c > start or not lines):
                lines.append((start, c))
                start = fit = c
        return lines or [(a, b)]

    def _cut(self, start: int, end: int, room: float) -> int:
        inside = [i for i in self.p.boundaries if start < i < end]
        fitting = [i for i in inside if self.width(start, i) <= room]
        if fitting:
            return fitting[-1]
        return inside[0] if inside else end

    def glyphs(self, a: int, b: int) -> tuple[list[_Glyph], float]:
        """The glyphs of line a..b in visual order, x from 0, and the line's width."""
        p = self.p
        while b > a and p.text[b - 1].isspace():     # L1: trailing white space is not shown
            b -= 1
        pieces = [_Run(max(r.start, a), min(r.end, b), r.level, r.font, r.span)
                  for r in p.runs if r.start < b and r.end > a]
        out: list[_Glyph] = []
        x = 0.0
        for run in _reorder(pieces):
            size = p.sizes[run.span]
            scale = size / run.font.file.upem
            rise = size * SUPERSCRIPT_RISE if p.spans[run.span].superscript else 0.0
            infos, positions = _shape(p.text, run.start, run.end, run.font, run.level % 2 == 1, p.language)
            starts = sorted({info.cluster for info in infos}) + [run.end]
            next_start = dict(zip(starts, starts[1:]))
            seen: set[int] = set()
            for info, position in zip(infos, positions):
                cluster = info.cluster
                # The first glyph of a cluster stands for its text; the others for nothing.
                text = "" if cluster in seen else p.text[cluster:next_start[cluster]]
                seen.add(cluster)
                out.append(_Glyph(run.font, info.codepoint, text, x + position.x_offset * scale,
                                  position.y_offset * scale + rise, position.x_advance * scale, size, run.span))
                x += position.x_advance * scale
        return out, x


class BidiParagraph(Flowable):
    """A paragraph of any scripts and directions, laid out like a reportlab `Paragraph`.

    `content` is plain text (never markup) or a sequence of `Span`. `style` gives the size,
    leading, colour, alignment, indents and spacing; `family` and `face` name the bundled font
    family the text is set in, and `fallbacks` the bundled families tried in order for characters
    it lacks (Arabic script, CJK, emoji, symbols). `direction` `None` means from the first strong
    character. `language` is the
    Arabic-script language for shaping ("ps", "fa", "ur", "ar"); `None` guesses it from the text.

    Alignment and indents are read from the start side: for a right-to-left paragraph the
    style's left alignment (the house default) aligns right, `leftIndent` indents from the right
    and the bullet stands at the right. Justified lines stretch their spaces only.
    """

    #: Bookmark (link target) name placed at the top of the paragraph; `None` for none.
    anchor: str | None = None

    def __init__(self, content: str | Sequence[Span], style: ParagraphStyle, *, family: str,
                 face: Face = "regular", direction: Direction | None = None, language: str | None = None,
                 bullet: str | None = None, fallbacks: tuple[str, ...] = FALLBACK_FAMILIES) -> None:
        super().__init__()
        spans = [Span(content)] if isinstance(content, str) else list(content)
        self.style = style
        self._text = _prepare(spans, family, face, style.fontSize, fallbacks, direction, language)
        self._layout = _Layout(self._text)
        self._bullet = None
        if bullet:
            bullet_text = _prepare([Span(bullet)], family, face, style.fontSize, fallbacks,
                                   self._text.direction, None)
            self._bullet = _Layout(bullet_text)
        self._range = (0, len(self._text.text))
        self._first_piece = True
        primary = font_stack(family, face, fallbacks).fonts[0]
        tall = [f.file.line_height for f in self._text.letter_fonts if f.file is not primary]
        self.leading = max([style.leading] + [MIN_LEADING_SHARE * h * style.fontSize for h in tall])
        self._top = primary.ascender / primary.upem * style.fontSize + (self.leading - style.leading) / 2
        self._lines: list[tuple[int, int]] = []
        self._wrapped: float | None = None

    # --- What the exporter reads --------------------------------------------------------------

    @property
    def direction(self) -> Direction:
        """The paragraph's base direction."""
        return self._text.direction

    @property
    def missing(self) -> list[MissingChar]:
        """Characters no bundled font draws (shown as boxes; the text layer keeps them)."""
        return list(self._text.missing)

    def getPlainText(self) -> str:  # noqa: N802 - reportlab's name
        """The text of this paragraph (or of this piece of a split one), in logical order."""
        a, b = self._range
        return self._text.text[a:b]

    # --- Flowable protocol --------------------------------------------------------------------

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Break lines for `availWidth`; the height is one leading per line."""
        if availWidth != self._wrapped:
            self._wrapped = availWidth
            style = self.style
            room = availWidth - style.leftIndent - style.rightIndent
            first = room - style.firstLineIndent if self._first_piece else room
            self._lines = self._layout.lines(*self._range, first, room)
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split after as many whole lines as fit in `availHeight`, honouring widows and orphans."""
        self.wrap(availWidth, availHeight)
        n = int(availHeight // self.leading)
        total = len(self._lines)
        if n >= total:
            return [self]
        if not getattr(self.style, "allowWidows", 1) and total - n == 1:
            n -= 1
        if not getattr(self.style, "allowOrphans", 0) and n == 1:
            n = 0
        if n <= 0:
            return []
        cut = self._lines[n][0]
        first, rest = copy.copy(self), copy.copy(self)
        first._range, rest._range = (self._range[0], cut), (cut, self._range[1])
        first._lines, rest._lines = self._lines[:n], self._lines[n:]
        first._wrapped = rest._wrapped = availWidth
        first.spaceAfter = 0
        rest.spaceBefore = 0
        rest._first_piece = False
        rest._bullet = None
        rest.anchor = None
        # The exporter's outline entry and section name belong to the first piece only.
        rest.__dict__.pop("memo_outline", None)
        rest.__dict__.pop("memo_section", None)
        return [first, rest]

    def minWidth(self) -> float:  # noqa: N802 - reportlab's name
        """The width of the widest unbreakable piece plus the indents."""
        a, b = self._range
        points = [a, *(i for i in self._text.breaks if a < i < b), b]
        widest = max((self._layout.width(i, j) for i, j in zip(points, points[1:])), default=0.0)
        return widest + self.style.leftIndent + self.style.rightIndent

    def draw(self) -> None:
        """Draw the lines, the bullet, the links and the bookmark."""
        canvas = self.canv
        if self.anchor:
            canvas.bookmarkHorizontal(self.anchor, 0, self.height)
        style = self.style
        rtl = self._text.direction == "rtl"
        ops = ["q", "BT"]
        state = _TextState()
        links: list[tuple[str, tuple[float, float, float, float]]] = []
        last = len(self._text.text)
        for n, (a, b) in enumerate(self._lines):
            glyphs, width = self._layout.glyphs(a, b)
            indent = style.firstLineIndent if n == 0 and self._first_piece else 0.0
            left = style.rightIndent if rtl else style.leftIndent + indent
            right = self.width - (style.leftIndent + indent if rtl else style.rightIndent)
            room = right - left
            ends_paragraph = b == last or b in self._text.forced
            if style.alignment == TA_JUSTIFY and not ends_paragraph:
                width = _justify(glyphs, width, room)
            x0 = self._line_start(left, right, width, rtl)
            baseline = self.height - self._top - n * self.leading
            state.emit(ops, glyphs, x0, baseline, canvas, self._span_color)
            links += self._link_rects(glyphs, x0, baseline)
            if n == 0 and self._first_piece and self._bullet is not None:
                bullet, bullet_width = self._bullet.glyphs(0, len(self._bullet.p.text))
                bx = self.width - style.bulletIndent - bullet_width if rtl else style.bulletIndent
                state.emit(ops, bullet, bx, baseline, canvas, lambda span: self._span_color(-1))
        ops += ["ET", "Q"]
        canvas.addLiteral("\n".join(ops))
        for href, rect in links:
            if href.startswith("#"):
                canvas.linkRect("", href[1:], rect, relative=1)
            else:
                canvas.linkURL(href, rect, relative=1)

    def _line_start(self, left: float, right: float, width: float, rtl: bool) -> float:
        alignment = self.style.alignment
        if alignment == TA_CENTER:
            return left + (right - left - width) / 2
        # Left (and justified) means the start side; right means the end side.
        at_right = rtl != (alignment == TA_RIGHT)
        return right - width if at_right else left

    def _span_color(self, span: int) -> Color:
        color = self._text.spans[span].color if span >= 0 else None
        return HexColor(color) if color else self.style.textColor

    def _link_rects(self, glyphs: list[_Glyph], x0: float, baseline: float):
        rects = []
        size = self.style.fontSize
        current: list | None = None
        for glyph in glyphs:
            href = self._text.spans[glyph.span].href
            if href and current is not None and current[0] == href:
                current[2] = x0 + glyph.x + glyph.advance
            else:
                if current is not None:
                    rects.append(current)
                current = [href, x0 + glyph.x, x0 + glyph.x + glyph.advance] if href else None
        if current is not None:
            rects.append(current)
        return [(href, (x1, baseline - 0.25 * size, x2, baseline + 0.9 * size)) for href, x1, x2 in rects]

    def __repr__(self) -> str:
        return f"BidiParagraph({self.getPlainText()[:40]!r}, {self._text.direction})"


def _justify(glyphs: list[_Glyph], width: float, room: float) -> float:
    spaces = [g for g in glyphs if g.text == " "]
    if not spaces or width >= room:
        return width
    extra = (room - width) / len(spaces)
    shift = 0.0
    for glyph in glyphs:
        glyph.x += shift
        if glyph.text == " ":
            glyph.advance += extra
            shift += extra
    return room


class _TextState:
    """Writes glyphs as PDF text operators, changing font, size and colour only when they change."""

    def __init__(self) -> None:
        self.font: tuple[str, float] | None = None
        self.color: tuple | None = None

    def emit(self, ops: list[str], glyphs: list[_Glyph], x0: float, baseline: float, canvas: Canvas,
             color_of) -> None:
        doc = canvas._doc
        pen: tuple[float, float] | None = None
        pending: list[str] = []

        def flush() -> None:
            if pending:
                ops.append(f"[{' '.join(pending)}] TJ")
                pending.clear()

        for glyph in glyphs:
            char = glyph.font.code(glyph.gid, glyph.text)
            ((subset, data),) = glyph.font.splitString(char, doc)
            name = glyph.font.getSubsetInternalName(subset, doc)
            color = color_of(glyph.span).rgb()
            x, y = x0 + glyph.x, baseline + glyph.y
            if (name, glyph.size) != self.font or color != self.color or pen is None or abs(y - pen[1]) > 1e-6:
                flush()
                if (name, glyph.size) != self.font:
                    ops.append(f"{name} {glyph.size:g} Tf")
                    self.font = (name, glyph.size)
                if color != self.color:
                    ops.append("%.4f %.4f %.4f rg" % color)
                    self.color = color
                ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm")
                pen = (x, y)
            shift = (x - pen[0]) * 1000 / glyph.size  # TJ adjustment to harfbuzz's position
            if abs(shift) > 0.01:
                pending.append(f"{-shift:.2f}")
            pending.append(f"<{data[0]:02X}>")
            pen = (x + glyph.font.face.charWidths[ord(char)] * glyph.size / 1000, y)
        flush()


def needs_bidi_paragraph(text: str, family: str, face: Face = "regular") -> bool:
    """Whether reportlab's own `Paragraph` in `family` would set `text` wrongly.

    True for right-to-left text, for characters the family's font lacks (another bundled font must
    draw them) and for combining marks (reportlab cannot position them without shaping).
    """
    return not text.isascii() and _needs_shaping(family, face).search(text) is not None


@cache
def _needs_shaping(family: str, face: Face):
    """A pattern finding a character that reportlab cannot set alone in `family`: tested in C, not per character."""
    simple = sorted(
        code for code in font_stack(family, face).fonts[0].unicodes
        if unicodedata.bidirectional(chr(code)) not in ("R", "AL", "AN") and unicodedata.category(chr(code))[0] != "M"
    )
    ranges: list[list[int]] = []
    for code in simple:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    allowed = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[^\\s{allowed}]")


def draw_line(canvas: Canvas, text: str, style: ParagraphStyle, *, family: str, face: Face = "regular",
              left: float, right: float, baseline: float,
              fallbacks: tuple[str, ...] = FALLBACK_FAMILIES) -> None:
    """Draw one line of page furniture (header, footer, banner) in any script, shortened with "…" to fit.

    The line is placed by the style's alignment on the page (left, centre or right), whatever the
    direction of its text: the page layout stays left to right.
    """
    room = right - left
    prepared = _prepare([Span(text)], family, face, style.fontSize, fallbacks, None, None)
    layout = _Layout(prepared)
    if layout.width(0, len(prepared.text)) > room:
        ellipsis = _Layout(_prepare([Span("…")], family, face, style.fontSize, fallbacks, "ltr", None))
        spare = room - ellipsis.width(0, 1)
        cut = max((i for i in prepared.boundaries if layout.width(0, i) <= spare), default=0)
        prepared = _prepare([Span(prepared.text[:cut].rstrip() + "…")], family, face, style.fontSize,
                            fallbacks, prepared.direction, prepared.language)
        layout = _Layout(prepared)
    glyphs, width = layout.glyphs(0, len(prepared.text))
    if style.alignment == TA_CENTER:
        x0 = left + (room - width) / 2
    elif style.alignment == TA_RIGHT:
        x0 = right - width
    else:
        x0 = left
    ops = ["q", "BT"]
    _TextState().emit(ops, glyphs, x0, baseline, canvas, lambda span: style.textColor)
    canvas.addLiteral("\n".join([*ops, "ET", "Q"]))
