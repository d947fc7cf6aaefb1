"""The PDF exporter: a reportlab platypus story built section by section, laid out once in `save`.

Every word comes from the display-text helpers of `memo.exporters.base`, so the PDF says what the
DOCX says. Text from the memo is plain text, and the labels around it are `Span`s; `_para` makes
every paragraph. A paragraph reportlab can set alone (Latin, Greek, Cyrillic in the style's
font) becomes a reportlab `Paragraph`, made of ready fragments so no markup is ever parsed; anything
else (right-to-left or Arabic-script text, CJK, emoji, combining marks) becomes a `BidiParagraph`,
shaped and put in visual order, in the style's font with the house's Arabic-script and East Asian
fonts and the other bundled fonts as fallbacks. Characters no bundled font draws become warnings
naming their code points. Only the bundled fonts are used and embedded; citation markers link to
numbered notes, notes link to their source, and source URLs become links only when `link_target`
allows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, TableStyle
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.paraparser import ParaFrag

from memo.errors import Diagnostic, ExportError, StyleError
from memo.exporters._bidi_pdf import (
    SUPERSCRIPT_RISE, BidiParagraph, Span, combined_face, draw_line, needs_bidi_paragraph, superscript_size,
)
from memo.exporters._pdf_layout import (
    LabelRun, MemoDocTemplate, MemoParagraph, MemoTable, PagedCanvas, binary_streams, register_family,
    split_long_text,
)
from memo.exporters._scripts import (
    MissingChar, arabic_language, fallback_families, missing_glyphs_message, paragraph_direction, uncovered,
)
from memo.exporters.base import (
    ACTOR_COLUMNS, POSITION_COLUMNS, Exporter, Note, actor_row, disagreement_title,
    key_point_label, link_target, meta_lines, position_label, question_label, quotes_text, shown_url, source_entry,
)
from memo.fonts import Face
from memo.house_style import HouseStyle, Role, ScriptFonts, style_name
from memo.model import Actor, Citation, Disagreement, KeyPoint, Memo, OpenQuestion, Source

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}

# The labels a hanging-indented role carries unless the memo says otherwise; the widest one (plus a
# gap) sets the indent, so numbers line up and text starts at one edge. Labels under key points and
# questions share the key-point indent.
HANGING_LABELS: dict[Role, tuple[str, ...]] = {"key_point": ("88.", "Q8."), "note": ("88.",), "source": ("[S88]",)}

# Share of the frame width each table column gets.
ACTOR_WIDTHS = (0.22, 0.16, 0.26, 0.20, 0.16)
POSITION_WIDTHS = (0.17, 0.36, 0.47)

# White space as reportlab's paragraph cleaner collapses it: every run to one space, but a no-break
# space stays (it keeps "10 km" on one line).
_SPACES = re.compile(r"[^\S\xa0]+")


def paragraph_styles(
    style: HouseStyle, labels: Mapping[Role, Sequence[str]] = HANGING_LABELS
) -> dict[Role, ParagraphStyle]:
    """One reportlab ParagraphStyle per house-style role, named `style_name(role)`, in bundled fonts.

    `labels` lists the number labels of each hanging-indented role, to size its indent.
    """
    fonts = {
        role: register_family(style.font(role).pdf)[combined_face("regular", text.bold, text.italic)]
        for role, text in style.roles.items()
    }
    indents = {
        role: max(stringWidth(label, fonts[role], style.roles[role].size_pt) for label in samples)
        + 0.7 * style.roles[role].size_pt
        for role, samples in labels.items()
    }
    indents["label"] = indents.get("key_point", 0)
    return {
        role: ParagraphStyle(
            name=style_name(role),
            fontName=fonts[role],
            fontSize=text.size_pt,
            leading=text.size_pt * text.line_spacing,
            textColor=HexColor(text.color),
            spaceBefore=text.space_before_pt,
            spaceAfter=text.space_after_pt,
            alignment=ALIGNMENTS[text.align],
            leftIndent=indents.get(role, 0),
            bulletIndent=0,
            bulletFontName=fonts[role],
            bulletFontSize=text.size_pt,
            # A heading always starts on the page of what it introduces.
            keepWithNext=role in ("heading", "subheading"),
            # A word wider than the line (a long URL, a token without spaces) is cut where the
            # line ends. reportlab's alternative, breaking URLs at slashes (uriWasteReduce), lets
            # the rest of the URL run past the margin once it is cut.
            uriWasteReduce=0,
            splitLongWords=1,
        )
        for role, text in style.roles.items()
    }


class PdfExporter(Exporter):
    """Writes a memo as a PDF with embedded fonts, page furniture, an outline and linked notes."""

    name = "pdf"
    suffix = ".pdf"
    endnotes = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scripts = self.style.scripts
        for slot, choice in (("arabic", scripts.arabic), ("east_asian", scripts.east_asian)):
            missing = uncovered(choice.pdf, slot)
            if missing:
                raise StyleError(
                    f"the house style's scripts.{slot}.pdf font {choice.pdf!r} does not draw "
                    f"{', '.join(map(str, missing[:3]))}; choose a bundled font for that script "
                    f"(the default is {getattr(ScriptFonts(), slot).pdf!r})"
                )
        #: Bundled families tried, in order, for characters a role's own font lacks.
        self.fallbacks = fallback_families(scripts.arabic.pdf, scripts.east_asian.pdf)
        self._fonts: dict[Role, tuple[str, Face]] = {
            role: (self.style.font(role).pdf, combined_face("regular", text.bold, text.italic))
            for role, text in self.style.roles.items()
        }
        self.styles = paragraph_styles(self.style)
        #: The platypus story `render` builds and `save` lays out.
        self.story: list[Flowable] = []
        # The memo field being rendered, e.g. "key_points.3", which names it in warnings; the
        # characters no bundled font draws, by field; the field each note number quotes.
        self._where = "title"
        self._missing: dict[str, dict[int, MissingChar]] = {}
        self._note_fields: dict[int, str] = {}
        self._caps = {role for role, text in self.style.roles.items() if text.all_caps}
        self._continued: dict[tuple[Role, bool, bool], ParagraphStyle] = {}
        self._indents: dict[tuple[str, float, float, float], ParagraphStyle] = {}
        page = self.style.page
        self._frame_width = page.size_pt[0] - page.margin_left_pt - page.margin_right_pt
        self._link_color = HexColor(self.style.layout.accent_color)
        rule = HexColor(self.style.layout.table_rule_color)
        cell = self.styles["table_cell"]
        self._table_style = TableStyle([
            # Every cell is a Paragraph, but Table still selects the cell font (Helvetica by default).
            ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
            ("BOX", (0, 0), (-1, -1), 0.6, rule),
            ("INNERGRID", (0, 0), (-1, -1), 0.35, rule),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(self.style.layout.table_header_fill)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ])

    # --- Sections ------------------------------------------------------------------------------

    def render(self, memo: Memo) -> None:
        """Render the story; characters no bundled font draws become one warning per memo field."""
        super().render(memo)
        self.warnings += [
            Diagnostic(f"memo: {field}", missing_glyphs_message(list(chars.values())))
            for field, chars in self._missing.items()
        ]

    def start(self, memo: Memo) -> None:
        """Begin the story with the title block: title, subtitle, meta lines and an accent rule."""
        self.story = []
        self._missing = {}
        self._note_fields = {}
        self._where = "title"
        # Indent numbered items just enough for this memo's widest number.
        notes = sum(len(item.citations) for item in (*memo.key_points, *memo.open_questions))
        self.styles = paragraph_styles(self.style, {
            "key_point": (f"{len(memo.key_points)}.", *(f"{q.id}." for q in memo.open_questions)),
            "note": (f"{notes}.",),
            "source": tuple(f"[{s.id}]" for s in memo.sources) or ("[S1]",),
        })
        self._continued = {}
        self._indents = {}
        self.story += self._para(memo.title, "title")
        if memo.subtitle:
            self._where = "subtitle"
            self.story += self._para(memo.subtitle, "subtitle")
        for label, value in meta_lines(memo):
            self._where = next((f for f in ("author", "organization", "audience") if getattr(memo, f) == value), "date")
            self.story += self._para(value, "meta", before=[Span(f"{label}:", bold=True), Span(" ")])
        self.story.append(HRFlowable(
            width="100%", thickness=1.5, lineCap="butt", color=HexColor(self.style.layout.accent_color),
            spaceBefore=6, spaceAfter=2,
        ))

    def render_heading(self, title: str, key: str) -> None:
        """A section heading with a bookmark `section-<key>` and a top-level outline entry."""
        self._add_heading(title, "heading", f"section-{key}", level=0)

    def render_summary(self, summary: str) -> None:
        """The bottom line up front, one paragraph per line of the summary."""
        self._where = "summary"
        for line in summary.splitlines():
            if line.strip():
                self.story += self._para(line, "summary")

    def render_key_points(self, points: Sequence[KeyPoint]) -> None:
        """Numbered key points with note markers, each with its confidence and sourcing line."""
        for number, point in enumerate(points, 1):
            self._where = f"key_points.{number - 1}"
            self._add_item(f"{number}.", point.text, point.citations, key_point_label(point))

    def render_actors(self, actors: Sequence[Actor]) -> None:
        """The actors table."""
        rows = []
        for index, actor in enumerate(actors):
            self._where = f"actors.{index}"
            rows.append([self._cell(cell, "table_cell") for cell in actor_row(actor, actors)])
        self._where = "actors"
        self.story.append(self._table(ACTOR_COLUMNS, rows, ACTOR_WIDTHS))

    def render_disagreements(self, disagreements: Sequence[Disagreement]) -> None:
        """Per disagreement: a bookmarked subheading, a table of positions and the assessment."""
        assert self.memo is not None
        for index, disagreement in enumerate(disagreements):
            self._where = f"disagreements.{index}"
            self._add_heading(disagreement_title(disagreement), "subheading",
                              f"disagreement-{disagreement.id}", level=1)
            rows = [
                [self._cell(position_label(self.memo.source(position.source)), "table_cell"),
                 self._cell(position.claim, "table_cell"),
                 self._cell(quotes_text(position.citations), "quote")]
                for position in disagreement.positions
            ]
            self.story.append(self._table(POSITION_COLUMNS, rows, POSITION_WIDTHS))
            if disagreement.assessment:
                self.story += self._para(disagreement.assessment, "body",
                                         before=[Span("Assessment:", bold=True), Span(" ")])

    def render_open_questions(self, questions: Sequence[OpenQuestion]) -> None:
        """Open questions labelled by id, with note markers and why they matter."""
        for index, question in enumerate(questions):
            self._where = f"open_questions.{index}"
            self._add_item(f"{question.id}.", question.question, question.citations, question_label(question))

    def render_notes(self, notes: Sequence[Note]) -> None:
        """Numbered notes, each a link target, whose leading source id links to the source entry."""
        for note in notes:
            source_id = note.citation.source
            self._where = self._note_fields[note.number]
            self.story += self._para(note.text[len(source_id):], "note", before=[Span(source_id, href=f"#source-{source_id}")],
                                     bullet=f"{note.number}.", anchor=f"note-{note.number}")

    def render_sources(self, sources: Sequence[Source]) -> None:
        """Bibliography entries "[S1] …", each a link target, with the URL printed (linked when safe)."""
        for index, source in enumerate(sources):
            self._where = f"sources.{index}"
            after = [Span(" "), Span(shown_url(source.url), href=link_target(source.url))] if source.url else []
            self.story += self._para(source_entry(source), "source", after=after, bullet=f"[{source.id}]",
                                     anchor=f"source-{source.id}")

    # --- Writing -------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Lay out the story and write the PDF to `path`."""
        assert self.memo is not None
        memo = self.memo
        page = self.style.page
        body = self.styles["body"]
        doc = MemoDocTemplate(
            str(path),
            pagesize=page.size_pt,
            leftMargin=page.margin_left_pt, rightMargin=page.margin_right_pt,
            topMargin=page.margin_top_pt, bottomMargin=page.margin_bottom_pt,
            title=memo.title,
            author=memo.author or memo.organization or "",
            subject=memo.subtitle or f"Briefing memo of {memo.date.isoformat()}",
            keywords=[actor.name for actor in memo.actors[:10]],
            creator="memo",
            lang="en",
            displayDocTitle=True,
            # Same bytes for the same memo: no timestamps, fixed document id.
            invariant=True,
            # Otherwise reportlab's canvas declares an unembedded Helvetica on every page.
            initialFontName=body.fontName,
            initialFontSize=body.fontSize,
        )
        try:
            with binary_streams():
                # build() consumes the list it is given; keep self.story inspectable.
                doc.build(list(self.story), canvasmaker=partial(PagedCanvas, decorate=self._decorate))
        except LayoutError:
            raise ExportError(
                f"cannot lay out the PDF: something in the section “{doc.section}” is larger than a page "
                "and cannot be split; shorten that item"
            ) from None

    # --- Building blocks -----------------------------------------------------------------------

    def _para(self, text: str, role: Role, *, before: Sequence[Span] = (), after: Sequence[Span] = (),
              bullet: str | None = None, anchor: str | None = None,
              own_direction: bool = False) -> list[Flowable]:
        """Paragraphs showing plain `text` in `role`, between the labels `before` and `after`.

        The one place paragraphs are made. Over-long text becomes several paragraphs that read as
        one (no space between them) so layout time stays linear. The paragraph's direction is
        that of its whole text, bullet included, or of `text` alone when `own_direction` (an item
        whose number or id should not decide it).
        """
        if role in self._caps:
            text = text.upper()
            before = [replace(span, text=span.text.upper()) for span in before]
            after = [replace(span, text=span.text.upper()) for span in after]
        pieces = split_long_text(text)
        labels = "".join(span.text for span in (*before, *after))
        family, face = self._fonts[role]
        if needs_bidi_paragraph(labels + text, family, face):
            paragraphs = self._shaped(pieces, role, before, after, bullet, own_direction)
        else:
            paragraphs = self._plain(pieces, role, before, after, bullet)
        paragraphs[0].anchor = anchor
        return paragraphs

    def _plain(self, pieces: list[str], role: Role, before: Sequence[Span], after: Sequence[Span],
               bullet: str | None) -> list[Flowable]:
        """reportlab `Paragraph`s. The bullet and the labels before the text become the first one's
        lead, and raised note markers after it the last one's trail, when they can: the text is
        then one plain fragment."""
        last = len(pieces) - 1
        paragraphs: list[Flowable] = []
        for i, piece in enumerate(pieces):
            style = self.styles[role] if not last else self._continued_style(role, first=i == 0, last=i == last)
            head = list(before) if i == 0 else []
            tail = list(after) if i == last else []
            label = bullet if i == 0 else None
            lead = self._lead(head, piece, label, role, style) if head else None
            if lead is not None:
                style = self._indented(style, lead[1])
                head, label = [], None
            trail = self._trail(tail, piece, label, role, style) if tail and not head else None
            if trail is not None:
                tail = []
            paragraph = _paragraph(self._frags([*head, Span(piece), *tail], role), style, label)
            if lead is not None:
                paragraph.lead = lead[0]
            if trail is not None:
                paragraph.trail, paragraph.trail_width = trail
            paragraphs.append(paragraph)
        return paragraphs

    def _lead(self, before: Sequence[Span], text: str, bullet: str | None, role: Role,
              style: ParagraphStyle) -> tuple[list[LabelRun], float] | None:
        """The bullet and the labels `before` as runs drawn by the paragraph, and the indent they take
        on the first line; `None` when they must stay fragments: raised labels, centred or
        right-aligned text, a bullet wider than its indent, labels taking half the line."""
        if not self._labels_drawable(text, bullet, style) or any(span.superscript for span in before):
            return None
        runs = []
        if bullet:
            runs.append(LabelRun(bullet, style.bulletIndent, style.bulletFontName, style.bulletFontSize,
                                 getattr(style, "bulletColor", None) or style.textColor))
        more, width = self._label_runs(before, role)
        runs += [replace(run, x=style.leftIndent + run.x) for run in more]
        # White space between the labels and the text is one space, as between words.
        if text[:1].isspace() or before[-1].text[-1:].isspace():
            width += stringWidth(" ", style.fontName, style.fontSize)
        if width > (self._frame_width - style.leftIndent) / 2:
            return None
        return runs, width

    def _trail(self, after: Sequence[Span], text: str, bullet: str | None, role: Role,
               style: ParagraphStyle) -> tuple[list[LabelRun], float] | None:
        """Raised note markers `after` the text as runs drawn by the paragraph, and their width;
        `None` when they must stay fragments: other labels, centred or right-aligned text, a
        bullet wider than its indent."""
        if not self._labels_drawable(text, bullet, style) or not all(span.superscript for span in after):
            return None
        return self._label_runs(after, role)

    def _labels_drawable(self, text: str, bullet: str | None, style: ParagraphStyle) -> bool:
        """Whether labels beside `text` can be drawn apart: it is set from its left edge, with any
        bullet inside the indent (else reportlab moves the first line)."""
        return bool(text.strip()) and style.alignment in (TA_LEFT, TA_JUSTIFY) and (
            not bullet
            or stringWidth(bullet, style.bulletFontName, style.bulletFontSize) <= style.leftIndent - style.bulletIndent
        )

    def _label_runs(self, spans: Sequence[Span], role: Role) -> tuple[list[LabelRun], float]:
        """`spans` as runs from x = 0, set as `_frags` sets them, and their width."""
        runs = []
        x = 0.0
        for frag in self._frags(spans, role):
            if frag.text:
                runs.append(LabelRun(frag.text, x, frag.fontName, frag.fontSize, frag.textColor,
                                     frag.link[0][1] if frag.link else None, frag.rise))
                x += stringWidth(frag.text, frag.fontName, frag.fontSize)
        return runs, x

    def _shaped(self, pieces: list[str], role: Role, before: Sequence[Span], after: Sequence[Span],
                bullet: str | None, own_direction: bool) -> list[Flowable]:
        """`BidiParagraph`s for text reportlab cannot set alone; what no font draws becomes a warning."""
        text = "".join(pieces)
        whole = "".join(span.text for span in before) + text + "".join(span.text for span in after)
        direction = paragraph_direction(text if own_direction else f"{bullet or ''} {whole}")
        language = arabic_language(whole)
        family, face = self._fonts[role]
        accent = self.style.layout.accent_color
        before = [replace(span, color=accent) if span.href else span for span in before]
        after = [replace(span, color=accent) if span.href else span for span in after]
        last = len(pieces) - 1
        paragraphs: list[Flowable] = []
        for i, piece in enumerate(pieces):
            paragraph = BidiParagraph(
                [*(before if i == 0 else ()), Span(piece), *(after if i == last else ())],
                self.styles[role] if not last else self._continued_style(role, first=i == 0, last=i == last),
                family=family, face=face, direction=direction, language=language,
                bullet=bullet if i == 0 else None, fallbacks=self.fallbacks,
            )
            self._note_missing(paragraph.missing)
            paragraphs.append(paragraph)
        return paragraphs

    def _note_missing(self, missing: Sequence[MissingChar]) -> None:
        """Remember characters no bundled font draws, by the memo field being rendered."""
        if missing:
            found = self._missing.setdefault(self._where, {})
            found.update((char.code_point, char) for char in missing)

    def _frags(self, spans: Sequence[Span], role: Role) -> list[ParaFrag]:
        """`spans` as the text fragments reportlab's markup parser would make of them: white space
        collapsed as reportlab does, labels bold, markers raised, links coloured.

        Made directly rather than parsed from markup: reportlab parses markup in pure Python, a
        fifth of laying out a long memo, and plain text then needs no escaping at all.
        """
        style = self.styles[role]
        family, face = self._fonts[role]
        names = register_family(family)
        frags: list[ParaFrag] = []
        links = 0
        spaced = True  # a space just written (or nothing yet): drop the next leading space
        for span in spans:
            text = _SPACES.sub(" ", span.text)
            if spaced:
                text = text.lstrip(" ")
            if not text:
                continue
            spaced = text.endswith(" ")
            span_face = combined_face(face, span.bold, span.italic)
            size = style.fontSize
            frag = ParaFrag(
                text=text, fontName=names[span_face], bold=int("bold" in span_face),
                italic=int("italic" in span_face), fontSize=size, textColor=style.textColor,
                rise=0, greek=0, link=[], us_lines=[],
            )
            if span.superscript:
                frag.rise = size * SUPERSCRIPT_RISE
                frag.fontSize = superscript_size(size)
            if span.href:
                frag.textColor = self._link_color
                frag.link = [(links, span.href)]
                links += 1
            frags.append(frag)
        if frags and spaced:
            frags[-1].text = frags[-1].text.rstrip(" ")
            if not frags[-1].text:
                frags.pop()
        return frags or [ParaFrag(text="", fontName=names[face], bold=0, italic=int("italic" in face),
                                  fontSize=style.fontSize, textColor=style.textColor,
                                  rise=0, greek=0, link=[], us_lines=[])]

    def _indented(self, style: ParagraphStyle, indent: float) -> ParagraphStyle:
        """`style` with its first line indented by `indent` points, for a lead that wide."""
        key = (style.name, style.spaceBefore, style.spaceAfter, round(indent, 2))
        if key not in self._indents:
            self._indents[key] = ParagraphStyle(style.name, parent=style, firstLineIndent=indent)
        return self._indents[key]

    def _continued_style(self, role: Role, *, first: bool, last: bool) -> ParagraphStyle:
        """The style of one piece of a cut paragraph: no spacing where pieces meet."""
        key = (role, first, last)
        if key not in self._continued:
            base = self.styles[role]
            self._continued[key] = ParagraphStyle(
                base.name, parent=base,
                spaceBefore=base.spaceBefore if first else 0, spaceAfter=base.spaceAfter if last else 0,
            )
        return self._continued[key]

    def _add_heading(self, title: str, role: Role, anchor: str, level: int) -> None:
        """A heading that is a bookmark, an outline entry and the start of a section for errors."""
        paragraphs = self._para(title, role, anchor=anchor)
        paragraphs[0].memo_outline = (title, anchor, level)
        paragraphs[0].memo_section = title
        self.story += paragraphs

    def _add_item(self, label: str, text: str, citations: Sequence[Citation], note_line: str) -> None:
        """A labelled item with superscript note markers, and the line under it (kept together)."""
        markers: list[Span] = []
        for index, citation in enumerate(citations):
            note = self.note(citation)
            self._note_fields[note.number] = f"{self._where}.citations.{index}"
            if markers:
                markers.append(Span(",", superscript=True))
            markers.append(Span(str(note.number), superscript=True, href=f"#note-{note.number}"))
        paragraphs = self._para(text, "key_point", after=markers, bullet=label, own_direction=True)
        if note_line:
            paragraphs[-1].keepWithNext = 1
            paragraphs += self._para(note_line, "label")
        self.story += paragraphs

    def _cell(self, text: str, role: Role) -> Flowable | list[Flowable]:
        """A table cell: always paragraphs, so text wraps and a tall cell can split across pages."""
        paragraphs = self._para(text, role)
        return paragraphs[0] if len(paragraphs) == 1 else paragraphs

    def _table(self, columns: Sequence[str], rows: list[list], widths: Sequence[float]) -> MemoTable:
        """A table with a repeated header row, spread over the full frame width."""
        header = [self._cell(column, "table_header") for column in columns]
        return MemoTable(
            [header, *rows], colWidths=[self._frame_width * share for share in widths],
            repeatRows=1, splitInRow=MemoTable.min_row_piece, style=self._table_style,
            hAlign="LEFT", spaceBefore=2, spaceAfter=8,
        )

    # --- Page furniture ------------------------------------------------------------------------

    def _decorate(self, canv: Canvas, page: int, pages: int) -> None:
        """Draw the marking banners, header and footer of one page."""
        assert self.memo is not None
        width, height = self.style.page.size_pt
        margins = self.style.page
        rule = HexColor(self.style.layout.table_rule_color)
        left, right = margins.margin_left_pt, width - margins.margin_right_pt
        top, bottom = height - margins.margin_top_pt, margins.margin_bottom_pt
        # Drawn top to bottom, so that text extraction reads the furniture in visual order.
        marking = self.memo.marking
        if marking:
            self._draw_line(canv, marking, "marking", height - margins.margin_top_pt * 0.4)
        canv.setStrokeColor(rule)
        canv.setLineWidth(0.5)
        header = self.page_text(self.style.header, page, pages)
        if header:
            self._draw_line(canv, header, "header", top + 14)
            canv.line(left, top + 9, right, top + 9)
        footer = self.page_text(self.style.footer, page, pages)
        if footer:
            canv.line(left, bottom - 9, right, bottom - 9)
            self._draw_line(canv, footer, "footer", bottom - 13 - 0.75 * self.styles["footer"].fontSize)
        if marking:
            self._draw_line(canv, marking, "marking",
                            margins.margin_bottom_pt * 0.4 - 0.7 * self.styles["marking"].fontSize)

    def _draw_line(self, canv: Canvas, text: str, role: Role, baseline: float) -> None:
        """One line of page furniture in `role`, shortened with an ellipsis to fit between the margins."""
        style = self.styles[role]
        if role in self._caps:
            text = text.upper()
        margins = self.style.page
        left, right = margins.margin_left_pt, margins.size_pt[0] - margins.margin_right_pt
        family, face = self._fonts[role]
        if needs_bidi_paragraph(text, family, face):
            draw_line(canv, text, style, family=family, face=face, left=left, right=right, baseline=baseline,
                      fallbacks=self.fallbacks)
            return
        room = right - left
        if stringWidth(text, style.fontName, style.fontSize) > room:
            while text and stringWidth(text + "…", style.fontName, style.fontSize) > room:
                text = text[:-max(1, len(text) // 20)]
            text = text.rstrip() + "…"
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        if style.alignment == TA_CENTER:
            canv.drawCentredString((left + right) / 2, baseline, text)
        elif style.alignment == TA_RIGHT:
            canv.drawRightString(right, baseline, text)
        else:
            canv.drawString(left, baseline, text)


def _paragraph(frags: list[ParaFrag], style: ParagraphStyle, bullet: str | None) -> MemoParagraph:
    """A paragraph of ready-made fragments; its `text` is their plain text, for inspection."""
    return MemoParagraph("".join(frag.text for frag in frags), style, bulletText=bullet, frags=frags)
