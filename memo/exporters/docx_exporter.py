"""The Word exporter: a memo as a DOCX with named styles, real footnotes, fields and links.

Every house-style role becomes a named Word paragraph style ("Memo Heading", ...) created up front
by `apply_house_style`, so an analyst can restyle the memo in Word or hand in a reference document
whose styles win. Citations are Word footnotes, page numbers are PAGE/NUMPAGES fields, sources are
bookmarked and linked. python-docx handles the document, styles, sections and properties; the XML
it has no API for lives in `memo.exporters._docx_xml`, including right-to-left paragraphs and the
direction, script and language of each run.

A paragraph takes the direction of its text: a Pashto key point is a right-to-left paragraph
(its number at the right), a label such as "Assessment:" or a source id sets the direction of
the line it starts. Page furniture stays left to right, like the page. The styles name the house's
Arabic-script and East Asian fonts; whether the reader's Word has them is up to that machine, so
unlike the PDF the DOCX does not warn about characters the bundled fonts lack.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.pkgwriter import PackageWriter
from docx.section import Section
from docx.shared import Emu, Pt, RGBColor
from lxml import etree

from memo.errors import ExportError
from memo.exporters import _docx_xml as xml
from memo.exporters._scripts import arabic_language, paragraph_direction
from memo.exporters.base import (
    ACTOR_COLUMNS, POSITION_COLUMNS, Exporter, Note, actor_row, disagreement_title, key_point_label,
    link_target, meta_lines, position_label, question_label, quotes_text, shown_url, source_entry,
)
from memo.house_style import ROLES, HouseStyle, Role, style_name
from memo.model import Actor, Citation, Disagreement, KeyPoint, Memo, OpenQuestion, Source

_ALIGNMENT = {
    "left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Roles whose paragraph should never end a page: the title block, headings, and an item whose
# label line follows it.
_KEEP_WITH_NEXT: frozenset[Role] = frozenset({"title", "subtitle", "meta", "heading", "subheading", "key_point"})
# Outline levels (0 = top) put headings in Word's navigation pane and the PDF bookmarks.
_OUTLINE_LEVELS: dict[Role, int] = {"heading": 0, "subheading": 1}
# Column widths as fractions of the text width; long-text columns get the room.
_ACTOR_WIDTHS = (0.22, 0.14, 0.29, 0.19, 0.16)
_POSITION_WIDTHS = (0.17, 0.38, 0.45)
_EMU_PER_TWIP = 635
# Stand-ins for {page} and {pages} while a header template is filled; NUL cannot occur in memo text.
_PAGE, _PAGES = "\x00PAGE\x00", "\x00NUMPAGES\x00"
_FIELD_SPLIT = re.compile("\x00(PAGE|NUMPAGES)\x00")
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class WordStyles:
    """Word style ids the exporter writes into paragraphs and runs."""

    paragraph: dict[Role, str]
    """Paragraph style id of each house-style role."""
    note_mark: str
    """Character style of footnote marks, in the text and in the note."""
    link: str
    """Character style of external hyperlinks."""


def apply_house_style(document: Document, style: HouseStyle) -> WordStyles:
    """Create one Word paragraph style per house-style role, plus the note-mark and link styles.

    A style the document already defines under the same name (from a reference document) is kept
    exactly as its author made it; only missing styles are created from `style`.
    """
    styles = document.styles
    # Word compares style names case-insensitively ("footnote reference" is "Footnote Reference").
    existing = {word_style.name.casefold(): word_style for word_style in styles if word_style.name}

    def find_or_add(name: str, kind: WD_STYLE_TYPE, style_id: str | None = None, builtin: bool = False):
        """The style called `name` and whether it was just added (empty)."""
        found = existing.get(name.casefold())
        if found is None:
            new_id = xml.add_style(styles.element, name, kind, style_id=style_id, builtin=builtin)
            return styles.get_by_id(new_id, kind), True
        if found.type != kind:
            raise ExportError(
                f"the reference document's style {name!r} is a {found.type.name.lower()} style; "
                f"make it a {kind.name.lower()} style or rename it"
            )
        return found, False

    paragraph_ids: dict[Role, str] = {}
    for role in ROLES:
        word_style, added = find_or_add(style_name(role), WD_STYLE_TYPE.PARAGRAPH)
        if added:
            _format_role_style(word_style, style, role)
        paragraph_ids[role] = word_style.style_id

    note_mark, added = find_or_add("footnote reference", WD_STYLE_TYPE.CHARACTER, "FootnoteReference", True)
    if added:
        xml.set_superscript(note_mark.element)
    # Word gives footnotes the user adds later "footnote text"; make them look like ours.
    note_text, added = find_or_add("footnote text", WD_STYLE_TYPE.PARAGRAPH, "FootnoteText", True)
    if added:
        note_text.base_style = styles.get_by_id(paragraph_ids["note"], WD_STYLE_TYPE.PARAGRAPH)
    link, added = find_or_add("Hyperlink", WD_STYLE_TYPE.CHARACTER, "Hyperlink", True)
    if added:
        link.font.color.rgb = RGBColor.from_string(style.layout.accent_color[1:])
        link.font.underline = True
    return WordStyles(paragraph_ids, note_mark.style_id, link.style_id)


def _format_role_style(word_style, style: HouseStyle, role: Role) -> None:
    text = style.roles[role]
    font_name = style.font(role).docx
    word_style.quick_style = role in ("title", "subtitle", "heading", "subheading", "body")
    font = word_style.font
    font.name = font_name
    font.size = Pt(text.size_pt)
    font.bold = text.bold
    font.italic = text.italic
    font.all_caps = text.all_caps
    font.color.rgb = RGBColor.from_string(text.color[1:])
    paragraph = word_style.paragraph_format
    paragraph.space_before = Pt(text.space_before_pt)
    paragraph.space_after = Pt(text.space_after_pt)
    paragraph.line_spacing = text.line_spacing
    paragraph.alignment = _ALIGNMENT[text.align]
    paragraph.widow_control = True
    if role in _KEEP_WITH_NEXT:
        paragraph.keep_with_next = True
    xml.set_style_fonts(word_style.element, font_name, complex_script=style.scripts.arabic.docx,
                        east_asian=style.scripts.east_asian.docx, size_pt=text.size_pt, bold=text.bold,
                        italic=text.italic)
    if role in _OUTLINE_LEVELS:
        xml.set_outline_level(word_style.element, _OUTLINE_LEVELS[role])


def to_uri(url: str) -> str | None:
    """`url` as a plain-ASCII URI for a relationship target, or None when its host is not encodable.

    Word refuses a file whose hyperlink target is not a valid URI, so an internationalised host
    becomes IDNA and non-ASCII or reserved-looking characters elsewhere are percent-encoded.
    """
    parts = urlsplit(url)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    host, port = (hostport, "") if hostport.startswith("[") else hostport.partition(":")[::2]
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    netloc = (_quote(userinfo) + "@" if userinfo else "") + host + (":" + port if port else "")
    return urlunsplit((parts.scheme, netloc, _quote(parts.path), _quote(parts.query), _quote(parts.fragment)))


def _quote(part: str) -> str:
    # Keep escapes that are already there; a lone "%" becomes "%25".
    return quote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", part), safe=_URI_SAFE)


@dataclass(frozen=True)
class _DatedZipWriter:
    """The writer python-docx's `PackageWriter` writes parts through, dating each zip entry `date_time`."""

    archive: zipfile.ZipFile
    date_time: tuple[int, int, int, int, int, int]

    def write(self, pack_uri, blob: bytes) -> None:
        """Add `blob` as the zip entry of `pack_uri`."""
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        self.archive.writestr(entry, blob)


def _property_text(text: str) -> str:
    """`text` cut to the 255 characters a Word document property holds."""
    return text if len(text) <= 255 else text[:254] + "…"


class DocxExporter(Exporter):
    """Writes a memo as a Word document (python-docx)."""

    name = "docx"
    suffix = ".docx"
    endnotes = False

    #: The document being rendered; `start` opens it, `save` writes it.
    document: Document
    #: The style ids `apply_house_style` resolved for this document.
    word_styles: WordStyles

    def start(self, memo: Memo) -> None:
        """Open the document (blank or the reference), create the styles, page, headers and title block."""
        self.document = self._open_document()
        self.word_styles = apply_house_style(self.document, self.style)
        self._ids = self.word_styles.paragraph
        body = self.document.element.body
        xml.clear_blocks(body)
        self._end = xml.body_end(body)
        self._bookmarks = 0
        self._links: dict[str, str] = {}
        self._footnotes = xml.add_footnotes_part(self.document.part)
        xml.declare_footnote_separators(self.document.settings.element)

        section = self.document.sections[0]
        if self.options.reference_docx is None:
            self._set_up_page(section)
        self._text_width = self._text_width_of(section)
        self._write_headers_and_footers(section, memo)
        self._set_properties(memo)

        self._add(xml.paragraph(self._ids["title"], memo.title))
        if memo.subtitle:
            self._add(xml.paragraph(self._ids["subtitle"], memo.subtitle))
        for label, value in meta_lines(memo):
            last = self._labelled("meta", f"{label}: ", value)
        xml.add_rule_below(last, self.style.layout.accent_color, width_pt=1.5, space_pt=6)

    def render_heading(self, title: str, key: str) -> None:
        """A section heading, bookmarked as ``section_<key>``."""
        p = xml.paragraph(self._ids["heading"], title)
        self._bookmark(p, f"section_{key}")
        self._add(p)

    def render_summary(self, summary: str) -> None:
        """The bottom line, in the summary role."""
        self._add(xml.paragraph(self._ids["summary"], summary))

    def render_key_points(self, points: Sequence[KeyPoint]) -> None:
        """Numbered key points, each with one footnote per citation and its label line."""
        for number, point in enumerate(points, start=1):
            p = self._item(f"{number}. ", point.text)
            self._cite(p, point.citations)
            self._add(xml.paragraph(self._ids["label"], key_point_label(point)))

    def render_actors(self, actors: Sequence[Actor]) -> None:
        """The actors table, its header row repeated on every page."""
        rows = [actor_row(actor, actors) for actor in actors]
        self._add(self._table(ACTOR_COLUMNS, rows, _ACTOR_WIDTHS, ("table_cell",) * len(ACTOR_COLUMNS)))

    def render_disagreements(self, disagreements: Sequence[Disagreement]) -> None:
        """Per disagreement: a subheading, a table of positions and quotes, the assessment."""
        assert self.memo is not None
        for disagreement in disagreements:
            self._add(xml.paragraph(self._ids["subheading"], disagreement_title(disagreement)))
            rows = [
                (position_label(self.memo.source(position.source)), position.claim, quotes_text(position.citations))
                for position in disagreement.positions
            ]
            self._add(self._table(
                POSITION_COLUMNS, rows, _POSITION_WIDTHS, ("table_cell", "table_cell", "quote"), keep_together=True,
            ))
            if disagreement.assessment:
                # A paragraph right under a table needs the gap a paragraph after text has.
                gap = self.style.roles["body"].space_after_pt
                self._labelled("body", "Assessment: ", disagreement.assessment, space_before_pt=gap)

    def render_open_questions(self, questions: Sequence[OpenQuestion]) -> None:
        """Questions as "Q1. ...", with footnotes for their citations and a label line."""
        for question in questions:
            p = self._item(f"{question.id}. ", question.question)
            self._cite(p, question.citations)
            label = question_label(question)
            if label:
                self._add(xml.paragraph(self._ids["label"], label))

    def render_notes(self, notes: Sequence[Note]) -> None:
        """Nothing to do: a DOCX carries its notes as footnotes (`endnotes` is false)."""

    def render_sources(self, sources: Sequence[Source]) -> None:
        """The bibliography: "[S1] entry URL", bookmarked, the URL a link when it is safe."""
        for source in sources:
            label, entry = f"[{source.id}] ", source_entry(source)
            direction = paragraph_direction(label + entry)
            p = xml.paragraph(self._ids["source"], direction=direction)
            xml.add_text(p, label, bold=True, direction=direction)
            xml.add_text(p, entry, direction=direction)
            if source.url:
                xml.add_text(p, " ", direction=direction)
                target = link_target(source.url)
                uri = to_uri(target) if target else None
                if uri:
                    xml.add_hyperlink(p, shown_url(source.url), r_id=self._link_relationship(uri), style_id=self.word_styles.link,
                                      direction=direction)
                else:
                    xml.add_text(p, shown_url(source.url), direction=direction)
            self._bookmark(p, f"source_{source.id}")
            self._add(p)

    def save(self, path: Path) -> None:
        """Write the document to `path`, every zip entry dated by the memo: the same memo, the same bytes.

        This is python-docx's `OpcPackage.save` with its zip writer replaced, since that one dates
        every entry with the clock.
        """
        assert self.memo is not None
        package = self.document.part.package
        parts = list(package.iter_parts())
        for part in parts:
            part.before_marshal()
        date = self.memo.date
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            writer = _DatedZipWriter(archive, (date.year, date.month, date.day, 0, 0, 0))
            PackageWriter._write_content_types_stream(writer, parts)
            PackageWriter._write_pkg_rels(writer, package.rels)
            PackageWriter._write_parts(writer, parts)

    # --- helpers --------------------------------------------------------------------------------

    def _open_document(self) -> Document:
        path = self.options.reference_docx
        if path is None:
            document = docx.Document()
        else:
            try:
                document = docx.Document(str(path))
            except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
                raise ExportError(
                    f"reference document {path} is not a readable Word .docx file; save it from Word as .docx"
                ) from None
        # The package thumbnail shows the template's first page, not this memo's.
        package_rels = document.part.package.rels
        for r_id, rel in list(package_rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package_rels[r_id]
        return document

    def _set_up_page(self, section: Section) -> None:
        page = self.style.page
        width, height = page.size_pt
        section.page_width, section.page_height = Pt(width), Pt(height)
        section.top_margin, section.bottom_margin = Pt(page.margin_top_pt), Pt(page.margin_bottom_pt)
        section.left_margin, section.right_margin = Pt(page.margin_left_pt), Pt(page.margin_right_pt)
        # Headers and footers sit in the outer part of the margin, clear of the text.
        section.header_distance = Pt(page.margin_top_pt * 0.4)
        section.footer_distance = Pt(page.margin_bottom_pt * 0.4)

    def _text_width_of(self, section: Section) -> int:
        """Width between the margins in twips (from the house page when the section omits it)."""
        page = self.style.page
        width = section.page_width or Pt(page.size_pt[0])
        left = section.left_margin if section.left_margin is not None else Pt(page.margin_left_pt)
        right = section.right_margin if section.right_margin is not None else Pt(page.margin_right_pt)
        return round(Emu(width - left - right) / _EMU_PER_TWIP)

    def _write_headers_and_footers(self, section: Section, memo: Memo) -> None:
        """Marking banner top and bottom of every page variant in use, around the header/footer text."""
        headers, footers = [section.header], [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if self.document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        for container, role, template, marking_first in (
            *((header, "header", self.style.header, True) for header in headers),
            *((footer, "footer", self.style.footer, False) for footer in footers),
        ):
            container.is_linked_to_previous = False
            element = container._element
            xml.clear_blocks(element)
            blocks = [self._page_paragraph(role, template)]
            if memo.marking:
                marking = xml.paragraph(self._ids["marking"], memo.marking, direction="ltr")
                blocks.insert(0 if marking_first else 1, marking)
            for block in blocks:
                if block is not None:
                    element.append(block)
            if len(element) == 0:
                # A header or footer part must hold at least one paragraph.
                element.append(xml.paragraph(self._ids[role]))

    def _page_paragraph(self, role: Role, template: str):
        """The header or footer line for `template`, with {page}/{pages} as fields; None if empty."""
        filled = self.page_text(template, _PAGE, _PAGES)
        if not filled:
            return None
        # Page furniture stays left to right, like the page, whatever the script of the title.
        p = xml.paragraph(self._ids[role], direction="ltr")
        language = arabic_language(filled)
        for i, piece in enumerate(_FIELD_SPLIT.split(filled)):
            if i % 2:
                xml.add_field(p, piece)
            elif piece:
                xml.add_text(p, piece, language=language)
        return p

    def _set_properties(self, memo: Memo) -> None:
        properties = self.document.core_properties
        properties.title = _property_text(memo.title)
        properties.subject = _property_text(memo.subtitle or textwrap.shorten(memo.summary, 160, placeholder=" …"))
        properties.author = _property_text(memo.author or memo.organization or "")
        properties.last_modified_by = properties.author
        properties.keywords = _property_text(", ".join(actor.name for actor in memo.actors[:5]))
        properties.category = _property_text(memo.marking or "")
        properties.comments = ""
        properties.revision = 1
        # Dated by the memo, not the clock, so a re-render carries the same properties.
        created = dt.datetime.combine(memo.date, dt.time(), tzinfo=dt.timezone.utc)
        properties.created = created
        properties.modified = created

    def _add(self, block):
        """Insert `block` at the end of the body (before its section properties) and return it."""
        self._end.addprevious(block)
        return block

    def _link_relationship(self, uri: str) -> str:
        """The id of an external hyperlink relationship to `uri`, one per distinct target.

        `Part.relate_to` searches every relationship on each call, which made 300 sources cost
        more than all the rest of the memo.
        """
        r_id = self._links.get(uri)
        if r_id is None:
            rels = self.document.part.rels
            r_id = f"rIdLink{len(self._links) + 1}"
            while r_id in rels:
                r_id += "x"
            rels.add_relationship(RT.HYPERLINK, uri, r_id, is_external=True)
            self._links[uri] = r_id
        return r_id

    def _labelled(self, role: Role, label: str, value: str, *, space_before_pt: float | None = None):
        """A paragraph "label: value" in `role`, the label bold, its direction that of the whole line."""
        direction = paragraph_direction(label + value)
        p = self._add(xml.paragraph(self._ids[role], direction=direction, space_before_pt=space_before_pt))
        xml.add_text(p, label, bold=True, direction=direction)
        xml.add_text(p, value, direction=direction)
        return p

    def _item(self, label: str, text: str):
        """A numbered item "label text" whose direction is that of its text, not of its number or id."""
        return self._add(xml.paragraph(self._ids["key_point"], label + text, direction=paragraph_direction(text)))

    def _bookmark(self, p, name: str) -> None:
        self._bookmarks += 1
        xml.bookmark(p, self._bookmarks, name)

    def _cite(self, p, citations: Sequence[Citation]) -> None:
        """Append one footnote per citation to paragraph `p`, the marks separated by commas."""
        mark = self.word_styles.note_mark
        for i, citation in enumerate(citations):
            if i:
                xml.add_run(p, ",", style_id=mark)
            note = self.note(citation)
            xml.add_footnote_reference(p, note.number, mark)
            text = xml.add_footnote(self._footnotes, note.number, self._ids["note"], mark)
            source_id = citation.source
            # The note starts with the source id, so it is left to right; the id jumps to the source's entry.
            xml.add_hyperlink(text, source_id, anchor=f"source_{source_id}")
            xml.add_text(text, note.text[len(source_id):])

    def _table(self, header: Sequence[str], rows, fractions: Sequence[float], roles: Sequence[Role],
               keep_together: bool = False):
        widths = [round(self._text_width * fraction) for fraction in fractions]
        return xml.table(
            header, rows, widths=widths, header_style_id=self._ids["table_header"],
            cell_style_ids=[self._ids[role] for role in roles],
            header_fill=self.style.layout.table_header_fill, rule_color=self.style.layout.table_rule_color,
            keep_together=keep_together,
        )
