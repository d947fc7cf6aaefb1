"""Right-to-left and complex-script markup for the DOCX, which python-docx has no API for.

Word lays out a paragraph right to left only with `w:bidi` in its properties, and draws
Arabic-script runs in the complex-script font, size, weight and language (`w:rFonts/@w:cs`,
`w:szCs`, `w:bCs`, `w:iCs`, `w:lang/@w:bidi`), marked `w:rtl` and `w:cs`; CJK runs take the East
Asian font and language. Every element goes in at its place in the schema order: Word "repairs"
a file whose `w:rPr` children are out of order (notes A1.4).

The functions take python-docx objects (`Paragraph`, `Run`, a style) or their lxml elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from memo.exporters._scripts import (
    ArabicLanguage, Direction, TextRun, arabic_language, direction_runs, east_asian_language,
    paragraph_direction,
)

# Child order of w:pPr and w:rPr in the schema (ECMA-376 Part 1, CT_PPrBase and CT_RPr).
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

# The language Word spell-checks and picks forms for, per Arabic-script language. Persian
# here is Dari (Afghanistan), the users' main Persian; Iranian sources would be fa-IR.
LANGUAGE_TAGS: dict[ArabicLanguage, str] = {"ps": "ps-AF", "fa": "fa-AF", "ur": "ur-PK", "ar": "ar"}


@dataclass(frozen=True)
class ScriptFonts:
    """The fonts Word uses for complex-script (Arabic) and East Asian text; the reader's Word falls back."""

    complex_script: str = "Noto Naskh Arabic"
    east_asian: str = "Noto Sans CJK SC"


def _element(obj: object) -> etree._Element:
    """The lxml element behind a python-docx proxy (or the element itself)."""
    return getattr(obj, "_element", obj)


def _child(parent: etree._Element, name: str, order: Sequence[str]) -> etree._Element:
    """The `w:<name>` child of `parent`, created at its schema position when missing."""
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{name}")
    later = {qn(f"w:{n}") for n in order[order.index(name) + 1:]}
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def _properties(parent: etree._Element, name: str) -> etree._Element:
    """The `w:pPr` or `w:rPr` of a paragraph or run: always its first child."""
    found = parent.find(qn(f"w:{name}"))
    if found is None:
        found = OxmlElement(f"w:{name}")
        parent.insert(0, found)
    return found


def set_paragraph_direction(paragraph: object, direction: Direction) -> None:
    """Lay out `paragraph` right to left (`w:bidi`) or left to right.

    In a right-to-left paragraph Word and LibreOffice read the alignment from the start side:
    the default (left) alignment then sets the text flush right, and a list number stands at
    the right.
    """
    ppr = _properties(_element(paragraph), "pPr")
    if direction == "rtl":
        _child(ppr, "bidi", PPR_ORDER)
    else:
        for bidi in ppr.findall(qn("w:bidi")):
            ppr.remove(bidi)


def mark_run(run: object, piece: TextRun, *, language: ArabicLanguage | None = None,
             fonts: ScriptFonts = ScriptFonts()) -> None:
    """Give a run the direction, fonts, sizes and language its text needs.

    `piece` describes the run's text (see `direction_runs`). A right-to-left run gets `w:rtl`; an
    Arabic-script run `w:cs`, the complex-script font and the language tag of `language`
    (guessed from its text when `None`); a CJK run the East Asian font and language. Bold, italic
    and size already on the run are mirrored for complex script (`w:bCs`, `w:iCs`, `w:szCs`).
    """
    rpr = _properties(_element(run), "rPr")
    if piece.script == "arabic":
        _child(rpr, "rFonts", RPR_ORDER).set(qn("w:cs"), fonts.complex_script)
    elif piece.script == "east_asian":
        rfonts = _child(rpr, "rFonts", RPR_ORDER)
        rfonts.set(qn("w:eastAsia"), fonts.east_asian)
        # Quotation marks and other shared punctuation then also take the East Asian font.
        rfonts.set(qn("w:hint"), "eastAsia")
    _mirror_complex_script(rpr)
    if piece.rtl:
        _child(rpr, "rtl", RPR_ORDER)
    if piece.script == "arabic":
        _child(rpr, "cs", RPR_ORDER)
        tag = LANGUAGE_TAGS[language or arabic_language(piece.text) or "ar"]
        _child(rpr, "lang", RPR_ORDER).set(qn("w:bidi"), tag)
    elif piece.script == "east_asian":
        _child(rpr, "lang", RPR_ORDER).set(qn("w:eastAsia"), east_asian_language(piece.text))


def _mirror_complex_script(rpr: etree._Element) -> None:
    """Complex-script twins of the run's bold, italic and size, which Word applies to Arabic script."""
    for latin, complex_script in (("b", "bCs"), ("i", "iCs")):
        element = rpr.find(qn(f"w:{latin}"))
        if element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "off"):
            _child(rpr, complex_script, RPR_ORDER)
    size = rpr.find(qn("w:sz"))
    if size is not None:
        _child(rpr, "szCs", RPR_ORDER).set(qn("w:val"), size.get(qn("w:val")))


def add_text(paragraph: object, text: str, *, direction: Direction | None = None,
             language: ArabicLanguage | None = None, fonts: ScriptFonts = ScriptFonts(),
             bold: bool = False, italic: bool = False, size_pt: float | None = None,
             style_id: str | None = None) -> list[etree._Element]:
    """Append `text` to a paragraph (or hyperlink) as runs of one direction and script, marked up.

    `direction` is the paragraph's (`None`: from the first strong character of `text`); it only
    decides how the text is cut into runs, so also call `set_paragraph_direction`. `language` is
    the Arabic-script language (`None`: guessed from the whole of `text`, which is more reliable
    than guessing per run). Tabs and line breaks become `w:tab` and `w:br`. Returns the runs.
    """
    parent = _element(paragraph)
    direction = direction or paragraph_direction(text)
    language = language or arabic_language(text)
    runs = []
    for piece in direction_runs(text, direction):
        r = OxmlElement("w:r")
        parent.append(r)
        if style_id or bold or italic or size_pt:
            rpr = _properties(r, "rPr")
            if style_id:
                _child(rpr, "rStyle", RPR_ORDER).set(qn("w:val"), style_id)
            if bold:
                _child(rpr, "b", RPR_ORDER)
            if italic:
                _child(rpr, "i", RPR_ORDER)
            if size_pt:
                _child(rpr, "sz", RPR_ORDER).set(qn("w:val"), str(round(size_pt * 2)))
        r.text = piece.text  # python-docx's CT_R turns "\t" and "\n" into w:tab and w:br
        mark_run(r, piece, language=language, fonts=fonts)
        runs.append(r)
    return runs


def set_style_script_fonts(style: object, fonts: ScriptFonts = ScriptFonts()) -> None:
    """Name the complex-script and East Asian fonts in a paragraph or character style's `w:rFonts`."""
    element = _element(style)
    rpr = _child(element, "rPr", _STYLE_ORDER)
    rfonts = _child(rpr, "rFonts", RPR_ORDER)
    for theme in ("w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:cs"), fonts.complex_script)
    rfonts.set(qn("w:eastAsia"), fonts.east_asian)
