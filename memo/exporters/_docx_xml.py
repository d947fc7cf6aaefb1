"""The raw WordprocessingML the DOCX exporter needs and python-docx has no API for.

python-docx 1.2 cannot add footnotes, hyperlinks, bookmarks, fields, outline levels, borders,
right-to-left paragraphs or complex-script fonts, and its friendly `add_paragraph(style=name)`
looks every style up by name, which dominates the time of a long memo. This module builds those
elements directly with lxml, always in the child order the OOXML schema prescribes (Word "repairs"
files that break it). It is the only module of the exporter that touches XML.

Text goes in through `paragraph` and `add_text`. Word lays out a paragraph right to left only with
`w:bidi` in its properties, and sets Arabic-script runs in the complex-script font, size, weight
and language (`w:rFonts/@w:cs`, `w:szCs`, `w:bCs`, `w:lang/@w:bidi`) marked `w:rtl` and `w:cs`;
CJK runs take the East Asian language. So text with right-to-left or East Asian characters is cut
into runs of one direction and script (`direction_runs`) and each run is marked up; the fonts
themselves are named once, in the styles (`set_style_fonts`). Plain left-to-right text stays one
unmarked run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.styles import CT_Styles, styleId_from_name
from docx.parts.document import DocumentPart
from lxml import etree

from memo.exporters._scripts import (
    ArabicLanguage, Direction, TextRun, arabic_language, direction_runs, east_asian_language, is_plain_ltr,
    paragraph_direction,
)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_NSMAP = {"w": _W_NS}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(local: str) -> str:
    return f"{{{_W_NS}}}{local}"


# Clark names of the tags and attributes written per paragraph, computed once: building them
# per element was a tenth of the time of a long memo.
_VAL, _ID, _TYPE, _WIDTH = _w("val"), _w("id"), _w("type"), _w("w")
_P, _PPR, _PSTYLE = _w("p"), _w("pPr"), _w("pStyle")
_R, _RPR, _RSTYLE, _T = _w("r"), _w("rPr"), _w("rStyle"), _w("t")
_B, _BR, _TAB = _w("b"), _w("br"), _w("tab")
_TR, _TRPR, _CANT_SPLIT, _TBL_HEADER = _w("tr"), _w("trPr"), _w("cantSplit"), _w("tblHeader")
_TC, _TCPR, _TCW, _SHD = _w("tc"), _w("tcPr"), _w("tcW"), _w("shd")
_KEEP_NEXT = _w("keepNext")
_FOOTNOTE, _FOOTNOTE_REF, _FOOTNOTE_REFERENCE = _w("footnote"), _w("footnoteRef"), _w("footnoteReference")
_HYPERLINK, _ANCHOR, _HISTORY, _R_ID = _w("hyperlink"), _w("anchor"), _w("history"), qn("r:id")
_BIDI, _SPACING, _HINT = _w("bidi"), _w("spacing"), _w("hint")
_NEEDS_SPLIT = re.compile(r"[\t\n\r]")

# Child order of w:pPr and w:rPr in the schema; a child inserted out of order makes Word repair the file.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)
_STYLE_ORDER = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
)
_SETTINGS_AFTER_FOOTNOTE_PR = (
    "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def _new(tag: str) -> etree._Element:
    """A detached element made by python-docx's parser, so python-docx proxies work on it."""
    return oxml_parser.makeelement(tag, nsmap=_W_NSMAP)


def _child(parent: etree._Element, name: str, order: Sequence[str]) -> etree._Element:
    """The `w:<name>` child of `parent`, created at its schema position when missing."""
    tag = _w(name)
    found = parent.find(tag)
    if found is not None:
        return found
    element = parent.makeelement(tag, {})
    # Local names, because a few later siblings (m:mathPr, sl:schemaLibrary) are in other namespaces.
    later = set(order[order.index(name) + 1:])
    for sibling in parent:
        if isinstance(sibling.tag, str) and etree.QName(sibling).localname in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def _set(element: etree._Element, **attributes: str) -> None:
    for name, value in attributes.items():
        element.set(_w(name), value)


# --- Text ---------------------------------------------------------------------------------------


# The language Word spell-checks and picks letter and digit forms for, per Arabic-script language.
# Persian here is Dari (Afghanistan), the users' main Persian; Iranian sources would be fa-IR.
LANGUAGE_TAGS: dict[ArabicLanguage, str] = {"ps": "ps-AF", "fa": "fa-AF", "ur": "ur-PK", "ar": "ar"}


def paragraph(style_id: str, text: str = "", *, direction: Direction | None = None,
              space_before_pt: float | None = None, keep_next: bool = False,
              parent: etree._Element | None = None) -> etree._Element:
    """A `w:p` in style `style_id`, holding `text` (when not empty) in marked-up runs.

    `direction` `None` takes the direction of `text` (its first strong character); a right-to-left
    paragraph gets `w:bidi`. `space_before_pt` overrides the style's space before; None keeps the
    style's. The paragraph is appended to `parent`, or detached when `parent` is None.
    """
    p = _new(_P) if parent is None else etree.SubElement(parent, _P)
    plain = is_plain_ltr(text)
    if direction is None:
        direction = "ltr" if plain else paragraph_direction(text)
    ppr = etree.SubElement(p, _PPR)
    etree.SubElement(ppr, _PSTYLE, {_VAL: style_id})
    if keep_next:
        etree.SubElement(ppr, _KEEP_NEXT)
    if direction == "rtl":
        # Word and LibreOffice read a right-to-left paragraph's alignment from its start side: the
        # house's left alignment then sets it flush right, its number at the right.
        etree.SubElement(ppr, _BIDI)
    if space_before_pt is not None:
        etree.SubElement(ppr, _SPACING, {_w("before"): str(round(space_before_pt * 20))})
    if plain and direction == "ltr":
        if text:
            add_run(p, text)
    else:
        add_text(p, text, direction=direction)
    return p


def add_text(parent: etree._Element, text: str, *, direction: Direction = "ltr",
             language: ArabicLanguage | None = None, bold: bool = False,
             style_id: str | None = None) -> list[etree._Element]:
    """Append `text` to a paragraph or hyperlink as runs of one direction and script, marked up; return them.

    `direction` is the paragraph's: pass the same one for every piece of a paragraph. `language`
    is the Arabic-script language (`None`: guessed from `text`; pass what the whole paragraph
    says when a piece is short). Plain left-to-right text in a left-to-right paragraph is one
    unmarked run. Tabs and line breaks become `w:tab` and `w:br`.
    """
    if direction == "ltr" and is_plain_ltr(text):
        return [add_run(parent, text, bold=bold, style_id=style_id)]
    language = language or arabic_language(text)
    runs = []
    for piece in direction_runs(text, direction):
        r = add_run(parent, piece.text, bold=bold, style_id=style_id)
        _mark_run(r, piece, language)
        runs.append(r)
    return runs


def _mark_run(r: etree._Element, piece: TextRun, language: ArabicLanguage | None) -> None:
    """Give a run the direction and language its text needs, and the complex-script twin of its bold.

    A right-to-left run gets `w:rtl`; an Arabic-script run `w:cs` and the language tag; a CJK run
    the East Asian font hint and language. The fonts come from the paragraph's style.
    """
    if piece.script == "other" and not piece.rtl:
        return
    rpr = r.find(_RPR)
    if rpr is None:
        rpr = r.makeelement(_RPR, {})
        r.insert(0, rpr)
    if piece.script == "east_asian":
        # Quotation marks and other shared punctuation then also take the East Asian font.
        _child(rpr, "rFonts", RPR_ORDER).set(_HINT, "eastAsia")
    if rpr.find(_B) is not None:
        _child(rpr, "bCs", RPR_ORDER)
    if piece.rtl:
        _child(rpr, "rtl", RPR_ORDER)
    if piece.script == "arabic":
        _child(rpr, "cs", RPR_ORDER)
        _child(rpr, "lang", RPR_ORDER).set(_BIDI, LANGUAGE_TAGS[language or "ar"])
    elif piece.script == "east_asian":
        _child(rpr, "lang", RPR_ORDER).set(_w("eastAsia"), east_asian_language(piece.text))


def add_run(parent: etree._Element, text: str, *, bold: bool = False, style_id: str | None = None) -> etree._Element:
    """Append one unmarked run with `text` to `parent`; tabs and line breaks become `w:tab` and `w:br`.

    For text from the memo use `add_text`, which marks right-to-left and East Asian runs.
    """
    r = etree.SubElement(parent, _R)
    if bold or style_id:
        rpr = etree.SubElement(r, _RPR)
        if style_id:
            etree.SubElement(rpr, _RSTYLE, {_VAL: style_id})
        if bold:
            etree.SubElement(rpr, _B)
    if _NEEDS_SPLIT.search(text) is None:
        _add_t(r, text)
        return r
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if i:
            etree.SubElement(r, _BR)
        for j, piece in enumerate(line.split("\t")):
            if j:
                etree.SubElement(r, _TAB)
            if piece:
                _add_t(r, piece)
    return r


def _add_t(r: etree._Element, text: str) -> None:
    t = etree.SubElement(r, _T)
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(_XML_SPACE, "preserve")


def add_field(p: etree._Element, instruction: str, placeholder: str = "1") -> None:
    """Append a field (e.g. PAGE, NUMPAGES) that Word and LibreOffice recompute on every page."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = etree.SubElement(p, _R)
        if kind == "instr":
            instr = etree.SubElement(r, _w("instrText"))
            instr.text = f" {instruction} "
            instr.set(_XML_SPACE, "preserve")
        elif kind == "result":
            _add_t(r, placeholder)
        else:
            etree.SubElement(r, _w("fldChar"), {_w("fldCharType"): kind})


def add_hyperlink(
    p: etree._Element, text: str, *, r_id: str | None = None, anchor: str | None = None,
    style_id: str | None = None, direction: Direction = "ltr",
) -> None:
    """Append a link showing `text`: external through relationship `r_id`, or to bookmark `anchor`.

    `direction` is the paragraph's, as for `add_text`.
    """
    link = etree.SubElement(p, _HYPERLINK)
    if r_id is not None:
        link.set(_R_ID, r_id)
        link.set(_HISTORY, "1")
    if anchor is not None:
        link.set(_ANCHOR, anchor)
    add_text(link, text, style_id=style_id, direction=direction)


def bookmark(p: etree._Element, bookmark_id: int, name: str) -> None:
    """Wrap the whole content of paragraph `p` in a bookmark called `name`."""
    start = p.makeelement(_w("bookmarkStart"), {_w("id"): str(bookmark_id), _w("name"): name})
    p.find(_PPR).addnext(start)
    etree.SubElement(p, _w("bookmarkEnd"), {_w("id"): str(bookmark_id)})


def add_rule_below(p: etree._Element, color: str, width_pt: float, space_pt: float) -> None:
    """Draw a horizontal rule under paragraph `p` (a bottom border), `color` as #RRGGBB."""
    border = _child(p.find(_PPR), "pBdr", PPR_ORDER)
    etree.SubElement(border, _w("bottom"), {
        _VAL: "single", _w("sz"): str(round(width_pt * 8)), _w("space"): str(round(space_pt)),
        _w("color"): color.lstrip("#").upper(),
    })


# --- Footnotes ----------------------------------------------------------------------------------


def add_footnotes_part(document_part: DocumentPart) -> etree._Element:
    """Give the document a fresh footnotes part (replacing any it had); return its `w:footnotes`."""
    for r_id, rel in list(document_part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            document_part.drop_rel(r_id)
    package = document_part.package
    partname = PackURI("/word/footnotes.xml")
    if partname in {part.partname for part in package.iter_parts()}:
        partname = package.next_partname("/word/footnotes%d.xml")
    element = parse_xml(_FOOTNOTES_XML)
    document_part.relate_to(XmlPart(partname, CT.WML_FOOTNOTES, element, package), RT.FOOTNOTES)
    return element


def declare_footnote_separators(settings: etree._Element) -> None:
    """Point the settings at the separator footnotes, as Word's own files do."""
    if settings.find(_w("footnotePr")) is not None:
        return
    footnote_pr = _child(settings, "footnotePr", ("footnotePr", *_SETTINGS_AFTER_FOOTNOTE_PR))
    for separator_id in ("-1", "0"):
        etree.SubElement(footnote_pr, _w("footnote"), {_w("id"): separator_id})


def add_footnote(footnotes: etree._Element, number: int, style_id: str, mark_style_id: str) -> etree._Element:
    """Append footnote `number` and return its paragraph, which already starts with the note mark."""
    note = etree.SubElement(footnotes, _FOOTNOTE, {_ID: str(number)})
    p = etree.SubElement(note, _P)
    etree.SubElement(etree.SubElement(p, _PPR), _PSTYLE, {_VAL: style_id})
    r = etree.SubElement(p, _R)
    etree.SubElement(etree.SubElement(r, _RPR), _RSTYLE, {_VAL: mark_style_id})
    etree.SubElement(r, _FOOTNOTE_REF)
    _add_t(etree.SubElement(p, _R), " ")
    return p


def add_footnote_reference(p: etree._Element, number: int, style_id: str) -> None:
    """Append the in-text mark of footnote `number`."""
    r = etree.SubElement(p, _R)
    etree.SubElement(etree.SubElement(r, _RPR), _RSTYLE, {_VAL: style_id})
    etree.SubElement(r, _FOOTNOTE_REFERENCE, {_ID: str(number)})


# --- Tables -------------------------------------------------------------------------------------


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, widths: Sequence[int],
    header_style_id: str, cell_style_ids: Sequence[str], header_fill: str, rule_color: str,
    keep_together: bool = False,
) -> etree._Element:
    """A fixed-layout `w:tbl` with a repeating, shaded header row; `widths` in twips per column.

    `keep_together` keeps a short table on one page (Word's way: every row "keeps with next").
    """
    tbl = _new(_w("tbl"))
    props = etree.SubElement(tbl, _w("tblPr"))
    etree.SubElement(props, _w("tblW"), {_w("w"): str(sum(widths)), _w("type"): "dxa"})
    borders = etree.SubElement(props, _w("tblBorders"))
    rule = {_VAL: "single", _w("sz"): "4", _w("space"): "0", _w("color"): rule_color.lstrip("#").upper()}
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        etree.SubElement(borders, _w(side), rule)
    etree.SubElement(props, _w("tblLayout"), {_w("type"): "fixed"})
    margins = etree.SubElement(props, _w("tblCellMar"))
    for side, twips in (("top", "40"), ("left", "85"), ("bottom", "40"), ("right", "85")):
        etree.SubElement(margins, _w(side), {_w("w"): twips, _w("type"): "dxa"})
    etree.SubElement(props, _w("tblLook"), {
        _VAL: "04A0", _w("firstRow"): "1", _w("lastRow"): "0", _w("firstColumn"): "0",
        _w("lastColumn"): "0", _w("noHBand"): "1", _w("noVBand"): "1",
    })
    grid = etree.SubElement(tbl, _w("tblGrid"))
    for width in widths:
        etree.SubElement(grid, _w("gridCol"), {_w("w"): str(width)})
    fill = header_fill.lstrip("#").upper()
    _table_row(tbl, header, widths, [header_style_id] * len(widths), header=True, fill=fill, keep=keep_together)
    rows = list(rows)
    for i, cells in enumerate(rows, start=1):
        _table_row(tbl, cells, widths, cell_style_ids, header=False, fill=None, keep=keep_together and i < len(rows))
    return tbl


def _table_row(
    tbl: etree._Element, cells: Sequence[str], widths: Sequence[int], style_ids: Sequence[str],
    *, header: bool, fill: str | None, keep: bool,
) -> None:
    tr = etree.SubElement(tbl, _TR)
    row_props = etree.SubElement(tr, _TRPR)
    etree.SubElement(row_props, _CANT_SPLIT)
    if header:
        etree.SubElement(row_props, _TBL_HEADER)
    for text, width, style_id in zip(cells, widths, style_ids, strict=True):
        tc = etree.SubElement(tr, _TC)
        cell_props = etree.SubElement(tc, _TCPR)
        etree.SubElement(cell_props, _TCW, {_WIDTH: str(width), _TYPE: "dxa"})
        if fill:
            etree.SubElement(cell_props, _SHD, {_VAL: "clear", _w("color"): "auto", _w("fill"): fill})
        paragraph(style_id, text, keep_next=keep, parent=tc)


# --- Styles and containers ----------------------------------------------------------------------


def add_style(styles: CT_Styles, name: str, kind: WD_STYLE_TYPE, *, style_id: str | None = None,
              builtin: bool = False) -> str:
    """Add an empty style called `name` and return its id: `style_id`, or one made from the name.

    python-docx's `Styles.add_style` first compares `name` with every style's name, which costs
    more than the rest of the style set-up together; callers check names once, in bulk.
    """
    wanted = style_id or styleId_from_name(name)
    unique, n = wanted, 1
    while styles.get_by_id(unique) is not None:
        n += 1
        unique = f"{wanted}{n}"
    element = styles.add_style_of_type(name, kind, builtin)
    element.styleId = unique
    return unique



def set_style_fonts(style: object, font: str, *, complex_script: str, east_asian: str, size_pt: float,
                    bold: bool = False, italic: bool = False) -> None:
    """Name the fonts of `style` (an element or python-docx style) per script; mirror size, bold and italic.

    `font` sets Latin and other text, `complex_script` Arabic script and `east_asian` CJK. python-docx
    sets only the Latin slots; without the others (and with a theme font left in place, which wins
    over a named font) Arabic or CJK text falls back to whatever the reader's Word picks.
    """
    style = getattr(style, "element", style)
    rpr = _child(style, "rPr", _STYLE_ORDER)
    fonts = _child(rpr, "rFonts", RPR_ORDER)
    for theme_attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(_w(theme_attribute), None)
    _set(fonts, ascii=font, hAnsi=font, eastAsia=east_asian, cs=complex_script)
    if bold:
        _child(rpr, "bCs", RPR_ORDER)
    if italic:
        _child(rpr, "iCs", RPR_ORDER)
    _set(_child(rpr, "szCs", RPR_ORDER), val=str(round(size_pt * 2)))


def set_outline_level(style: etree._Element, level: int) -> None:
    """Give paragraph `style` an outline level, so Word's navigation pane and PDF bookmarks list it."""
    _set(_child(_child(style, "pPr", _STYLE_ORDER), "outlineLvl", PPR_ORDER), val=str(level))


def set_superscript(style: etree._Element) -> None:
    """Raise the text of character `style` (footnote marks)."""
    rpr = _child(style, "rPr", _STYLE_ORDER)
    _set(_child(rpr, "vertAlign", RPR_ORDER), val="superscript")


def body_end(body: etree._Element) -> etree._Element:
    """The body's final `w:sectPr`, before which every block is inserted (created when missing)."""
    sect_pr = body.find(_w("sectPr"))
    if sect_pr is None:
        sect_pr = etree.SubElement(body, _w("sectPr"))
    return sect_pr


def clear_blocks(container: etree._Element) -> None:
    """Remove every paragraph, table and other block of a body, header or footer, but its `w:sectPr`."""
    for child in list(container):
        if child.tag != _w("sectPr"):
            container.remove(child)
