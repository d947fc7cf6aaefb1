"""reportlab plumbing for the PDF exporter: bundled fonts, the deferred-page canvas, the document template.

Nothing here knows what a memo is. `pdf_exporter` decides what goes on the page; this module makes
reportlab embed only the bundled fonts, number pages "X of Y" in one pass, record the PDF outline
and remember which section was being laid out when reportlab gives up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, FrameBreak, KeepTogether, PageTemplate, Paragraph, Table,
)

from memo.exporters._bidi_pdf import BidiParagraph, shaping_font
from memo.exporters._scripts import family_file, load_font
from memo.fonts import Face

# Longer paragraphs are cut into several flowables: reportlab re-wraps the rest of a paragraph at
# every page break, so one 400k-character paragraph takes ~40 s (notes A2.6), 3k-character pieces
# take milliseconds.
PARAGRAPH_LIMIT = 3000

# A table that follows a heading must start on the same page with its header row and this much of
# its first row.
_START_ROW_PT = 40

_FACES: tuple[Face, ...] = ("regular", "bold", "italic", "bolditalic")
# Family name -> face -> registered reportlab font name; filled once per process.
_REGISTERED: dict[str, dict[Face, str]] = {}

_SENTENCE_END = re.compile(r"[.!?。][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def register_family(family: str) -> dict[Face, str]:
    """Register the bundled `family` with reportlab (once per process); return its font name per face.

    The fonts are the ones `BidiParagraph` shapes with, so a PDF that sets some paragraphs with
    reportlab and others with `BidiParagraph` embeds one subset of each file, not two.
    """
    names = _REGISTERED.get(family)
    if names is not None:
        return names
    names = {face: shaping_font(load_font(family, family_file(family, face))).fontName for face in _FACES}
    pdfmetrics.registerFontFamily(
        names["regular"], normal=names["regular"], bold=names["bold"],
        italic=names["italic"], boldItalic=names["bolditalic"],
    )
    _REGISTERED[family] = names
    return names




def split_long_text(text: str, limit: int = PARAGRAPH_LIMIT) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back into `text`.

    Cuts fall after a sentence end where one exists in the second half of a piece, else after
    white space, else (one enormous token) at the limit itself.
    """
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = 0
        for match in _SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if not cut:
            for match in _SPACE.finditer(window, limit // 2):
                cut = match.end()
        if not cut:
            cut = limit
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


@dataclass(frozen=True)
class LabelRun:
    """A piece of text a `MemoParagraph` draws itself, beside the text reportlab sets."""

    text: str
    #: Left edge, in points: from the paragraph's left edge in a lead, from the end of the text in a trail.
    x: float
    font: str
    size: float
    color: Color
    #: Link target: "#name" for a bookmark, else a URL; `None` for none.
    href: str | None = None
    #: Points above the baseline (a superscript).
    rise: float = 0


class MemoParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width and draws its own labels and bookmark.

    reportlab wraps most paragraphs two or three times (keep-with-next groups, table rows, page
    splits) and re-breaks the lines every time; here a repeat wrap at the same width is free.
    The labels around plain text (the `lead` on its first line: a bullet, a linked source id, a
    bold "Date:"; the `trail` after its last word: raised note markers) and its bookmark are drawn
    by the paragraph itself rather than set as fragments of other fonts, sizes and colours, which
    keeps the text on reportlab's single-fragment path: it breaks and draws lines several times
    faster. The style's `firstLineIndent` leaves room for the lead; line breaking leaves room for
    the trail at the end of the last line.
    """

    #: Bookmark (link target) name placed at the top of the paragraph; `None` for none.
    anchor: str | None = None
    #: Runs drawn on the first line before the text; empty for none.
    lead: Sequence[LabelRun] = ()
    #: Runs drawn right after the last word; empty for none.
    trail: Sequence[LabelRun] = ()
    #: Width the trail takes at the end of the last line.
    trail_width: float = 0
    #: `(title, key, level)` of the PDF outline entry this paragraph starts; `None` for none.
    memo_outline: tuple[str, str, int] | None = None
    #: Printed title of the section this paragraph starts (named in layout errors); `None` for none.
    memo_section: str | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Break lines for `availWidth`, unless that was the last width and nothing changed since."""
        if availWidth == getattr(self, "_wrapped_width", None) and hasattr(self, "blPara"):
            return self.width, self.height
        self._wrapped_width = availWidth
        return super().wrap(availWidth, availHeight)

    def breakLines(self, width: list[float]):  # noqa: N802 - reportlab's name
        """Lines as reportlab breaks them; a last word with no room for the trail after it goes to a
        line of its own, as it would if the markers were set with it."""
        para = super().breakLines(width)
        if not (self.trail and para.kind == 0 and para.lines):
            return para
        extra, words = para.lines[-1]
        if extra >= self.trail_width:
            return para
        widths = width if isinstance(width, list) else [width]
        next_width = widths[min(len(para.lines), len(widths) - 1)]
        if len(words) > 1:
            word_width = stringWidth(words[-1], para.fontName, para.fontSize)
            space = stringWidth(" ", para.fontName, para.fontSize)
            para.lines[-1] = (extra + space + word_width, words[:-1])
            para.lines.append((next_width - word_width, words[-1:]))
        else:
            para.lines.append((next_width, []))
        return para

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split as reportlab does; the first piece keeps the bookmark, the lead and the outline
        entry, the last the trail."""
        pieces = super().split(availWidth, availHeight)
        if len(pieces) > 1:
            first, last = pieces[0], pieces[-1]
            first.anchor, first.lead, first.memo_outline = self.anchor, self.lead, self.memo_outline
            last.trail, last.trail_width = self.trail, self.trail_width
        return pieces

    def draw(self) -> None:
        """Draw the bookmark at the top left corner, the lead, the text and the trail."""
        if self.anchor:
            self.canv.bookmarkHorizontal(self.anchor, 0, self.height)
        lines = self.blPara.lines
        if not lines or not (self.lead or self.trail):
            super().draw()
            return
        # The baseline reportlab gives the first line (rl_config.paraFontSizeHeightOffset).
        para = self.blPara
        baseline = self.height - (para.fontSize if para.kind == 0 else lines[0].fontSize)
        if self.lead:
            self._draw_runs(self.lead, 0, baseline)
        super().draw()
        if self.trail:
            last = len(lines) - 1
            extra = lines[last][0] if para.kind == 0 else lines[last].extraSpace
            widths = self._wrapWidths
            end = self.style.leftIndent + widths[min(last, len(widths) - 1)] - extra
            if last == 0:
                end += self.style.firstLineIndent
            self._draw_runs(self.trail, end, baseline - last * self.style.leading)

    def _draw_runs(self, runs: Sequence[LabelRun], left: float, baseline: float) -> None:
        canv = self.canv
        canv.saveState()
        for run in runs:
            x, y = left + run.x, baseline + run.rise
            canv.setFont(run.font, run.size)
            canv.setFillColor(run.color)
            canv.drawString(x, y, run.text)
            if run.href:
                bottom = y - run.size / 8
                rect = (x, bottom, x + canv.stringWidth(run.text, run.font, run.size), bottom + self.style.leading)
                if run.href.startswith("#"):
                    canv.linkRect("", run.href[1:], rect, relative=1)
                else:
                    canv.linkURL(run.href, rect, relative=1)
        canv.restoreState()


class MemoTable(Table):
    """A Table that splits inside a row only when that row could not fit on a page of its own.

    reportlab, once allowed to split rows (`splitInRow`), also splits the first row of a table
    piece that merely does not fit in what is left of a page, printing a repeated header and a
    sliver of a row mid-page; such a row should move to the next page whole.
    """

    #: Smallest piece of a row (points) left on a page when a row taller than a page is split.
    min_row_piece = 30

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split between rows, or inside the first row that does not fit if it is taller than a page."""
        self._calc(availWidth, availHeight)
        frame = getattr(self, "_frame", None)
        page = frame._height if frame is not None else availHeight
        heights = self._rowHeights
        used = header = sum(heights[:self.repeatRows])
        oversized = False
        for height in heights[self.repeatRows:]:
            if used + height > availHeight:
                oversized = height > page - header
                break
            used += height
        self.splitInRow = self.min_row_piece if oversized else 0
        return super().split(availWidth, availHeight)


class KeepWithStart(KeepTogether):
    """Keeps headings (and other keep-with-next flowables) on the page where what follows starts.

    reportlab's KeepTogether moves a heading and *all* of the next flowable to a new page whenever
    they do not fit together, leaving most of a page empty before a long table or paragraph. This
    asks only for room for the first rows or lines of the last flowable, and lets a long first
    flowable break across the page.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Never fit whole: `split` decides whether a page break goes first."""
        return availWidth, 0xFFFFFF

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """The content, after a frame break when the kept flowables and a start of the last do not fit."""
        content = list(self._content)
        need = sum(
            f.getSpaceBefore() + f.wrapOn(self.canv, availWidth, availHeight)[1] + f.getSpaceAfter()
            for f in content[:-1]
        )
        need += content[-1].getSpaceBefore() + _start_height(content[-1], availWidth, availHeight, self.canv)
        frame = getattr(self, "_frame", None)
        if need <= availHeight or getattr(frame, "_atTop", False):
            return content
        # A long paragraph kept with the line under it (a key point and its sourcing line) may
        # break across the page, as Word's "keep with next" allows, as long as its last lines go
        # over with what it is kept with; only a short one moves whole to the next page.
        first = content[0]
        if len(content) == 2 and isinstance(first, Paragraph):
            leading = first.style.leading
            room = min(availHeight - first.getSpaceBefore(), first.height - 2 * leading)
            if room >= 2 * leading:
                pieces = first.split(availWidth, room)
                if len(pieces) == 2:
                    return [pieces[0], FrameBreak(), pieces[1], content[1]]
        return [FrameBreak(), *content]


def _start_height(flowable: Flowable, width: float, height: float, canv: Canvas) -> float:
    """Height of the smallest first piece `flowable` can be split into: a header and a row, two lines."""
    whole = flowable.wrapOn(canv, width, height)[1]
    if isinstance(flowable, Table) and len(flowable._rowHeights) > 1:
        header, first = flowable._rowHeights[:2]
        return min(whole, header + min(first, _START_ROW_PT))
    if isinstance(flowable, Paragraph):
        return min(whole, 2 * flowable.style.leading)
    if isinstance(flowable, BidiParagraph):
        return min(whole, 2 * flowable.leading)
    return whole


@contextmanager
def binary_streams() -> Iterator[None]:
    """Binary (not ASCII85) page streams for one layout.

    ASCII85-encoding the compressed page streams, reportlab's default, is pure Python and makes
    the file larger; binary Flate streams are read by every PDF reader.
    """
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = a85


class PagedCanvas(Canvas):
    """A canvas that holds every page back until the page count is known, then decorates each page.

    `decorate(canvas, page, pages)` draws the page furniture (banners, header, footer) on each page
    just before it is written, so a footer can say "Page 3 of 12" in a single layout pass.
    """

    def __init__(self, *args, decorate: Callable[[Canvas, int, int], None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._held_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        """Hold the finished page back and start the next one."""
        self._held_pages.append(dict(self.__dict__))
        # Bookmarks and link targets name their page by the document's page counter, which
        # Canvas.showPage would have advanced; advance it here, rewind it before writing pages.
        self._doc.pageCounter += 1
        self._startPage()

    def save(self) -> None:
        """Decorate and write every held page, then the document."""
        pages = len(self._held_pages)
        self._doc.pageCounter -= pages
        for state in self._held_pages:
            self.__dict__.update(state)
            self._decorate(self, self._pageNumber, pages)
            super().showPage()
        super().save()


class MemoDocTemplate(BaseDocTemplate):
    """One margin-to-margin frame per page; records outline entries and the section being laid out.

    A flowable with a `memo_outline` attribute `(title, key, level)` gets a PDF outline entry pointing
    at the bookmark `key` once it is drawn; one with a `memo_section` attribute names the section that
    the flowables after it belong to, for error messages.
    """

    def __init__(self, filename: str, **kwargs) -> None:
        super().__init__(filename, keepTogetherClass=KeepWithStart, **kwargs)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="memo", frames=[frame])])
        #: Printed name of the section being laid out.
        self.section = "title block"
        self._has_outline = False

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Lay out the next flowable, remembering which section it belongs to."""
        self.section = getattr(flowables[0], "memo_section", None) or self.section
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        """Add the outline entry of a flowable just drawn, if it has one."""
        entry = getattr(flowable, "memo_outline", None)
        if entry is None:
            return
        self.canv.addOutlineEntry(*entry)
        if not self._has_outline:
            # Open the PDF with the outline panel showing (PageMode /UseOutlines).
            self.canv.showOutline()
            self._has_outline = True
