"""Word documents (.docx): the body text in document order, as if all tracked changes were accepted.

Before any XML is parsed, the archive is checked: number of members, declared uncompressed sizes
(in all and per member), compression ratio, member names (no absolute paths, no `..`, no name
twice: zip readers disagree on which copy counts), no DTD in any XML part (OOXML never needs one;
a DTD can hide entity attacks), and no macros. XML is then parsed by lxml without entity
resolution or network access; external relationships (links, templates, linked images) are never
followed.

The body is walked directly, not through python-docx, which skips text: paragraphs and tables,
descending into tracked insertions (`w:ins`, `w:moveTo`), content controls (`w:sdt`), hyperlinks,
smart tags, simple fields and custom XML; tracked deletions, field codes, text boxes, drawings,
embedded documents (`w:altChunk`) and linked subdocuments are left out, and reported. Each table
row becomes one paragraph, its cells separated by " | ". Title and heading paragraph styles mark
headings; the core properties (title, creator, created) are used only where the text itself says
nothing.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass

import lxml.etree

from memo.errors import Diagnostic, SourceError
from memo.ingest.cleaning import clean_text
from memo.ingest.limits import MIB, IngestLimits
from memo.ingest.metadata import SourceMetadata, stated_metadata
from memo.ingest.structure import BlockHint, RawBlock, RawDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_OFFICE_DOCUMENT = "/officeDocument"
_CORE_PROPERTIES = "/metadata/core-properties"
_STYLES = "/styles"
_WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
_RATIO_CHECK_ABOVE = MIB  # small parts compress well and cannot exhaust memory
_DTD = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]")

# Containers whose content is part of the text (descend); subtrees that are not (skip).
_SKIPPED = frozenset(
    W + tag for tag in (
        "delText", "delInstrText", "instrText", "pPr", "rPr", "sectPr", "footnoteReference",
        "endnoteReference", "commentReference", "annotationRef", "object", "sym", "fldData", "sdtPr",
        "sdtEndPr",
    )
)
_DELETED = frozenset({W + "del", W + "moveFrom"})
_SHAPES = frozenset({W + "drawing", W + "pict", _MC + "AlternateContent"})


@dataclass
class _Skipped:
    deletions: int = 0
    shapes: int = 0
    chunks: int = 0
    subdocuments: int = 0


def read_docx(data: bytes, where: str, limits: IngestLimits) -> RawDocument:
    """Read a `.docx` file's bytes."""
    package = _Package(data, where, limits)
    main = package.main_part()
    body = package.xml(main).find(W + "body")
    if body is None:
        raise SourceError(f"{where} is damaged (no document body in {main}); open and re-save it in Word")
    headings = package.heading_styles(main)
    skipped = _Skipped()
    paragraphs: list[tuple[str, BlockHint | None]] = []
    _walk(body, paragraphs, headings, skipped)

    # One line per paragraph, so a diagnostic's line number is the paragraph number.
    raw = "\n".join(_BREAKS.sub(" ", text) for text, _ in paragraphs)
    text, diagnostics = clean_text(raw, where, context=" (line = paragraph number)")
    blocks = [
        RawBlock(line, number, hint)
        for number, (line, (_, hint)) in enumerate(zip(text.split("\n"), paragraphs, strict=True), start=1)
        if line
    ]
    if skipped.deletions:
        diagnostics.append(Diagnostic(
            where, f"{skipped.deletions} tracked deletion(s) left out: the text reads as if all changes were accepted"
        ))
    if skipped.shapes:
        diagnostics.append(Diagnostic(
            where, f"{skipped.shapes} text box(es) or drawing(s) left out; copy any text you need into the body"
        ))
    if skipped.chunks:
        diagnostics.append(Diagnostic(
            where, f"{skipped.chunks} embedded document(s) (altChunk) not read; open the file in Word, save it "
            "again (Word merges them into the body) and read that"
        ))
    if skipped.subdocuments:
        diagnostics.append(Diagnostic(
            where, f"{skipped.subdocuments} linked subdocument(s) not read (they are never fetched); read those "
            "files as sources of their own"
        ))
    if package.has_comments():
        diagnostics.append(Diagnostic(where, "comments in the document are not read"))
    embedded, more = package.core_properties()
    return RawDocument(blocks, embedded=embedded, diagnostics=diagnostics + more)


def _walk(container: lxml.etree._Element, out: list[tuple[str, BlockHint | None]],
          headings: dict[str, BlockHint], skipped: _Skipped) -> None:
    for child in container:
        tag = child.tag
        if tag == W + "p":
            out.append((_paragraph_text(child, skipped), _paragraph_hint(child, headings)))
        elif tag == W + "tbl":
            for row in child.iter(W + "tr"):
                if _enclosing_table(row) is child:
                    out.append((_row_text(row, headings, skipped), "table"))
        elif tag in _DELETED:
            skipped.deletions += 1
        elif tag == W + "altChunk":
            skipped.chunks += 1
        elif tag not in _SKIPPED:
            # w:sdt, w:sdtContent, w:customXml, w:ins, w:moveTo...: their content is body text.
            _walk(child, out, headings, skipped)


def _enclosing_table(row: lxml.etree._Element) -> lxml.etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _row_text(row: lxml.etree._Element, headings: dict[str, BlockHint], skipped: _Skipped) -> str:
    cells = []
    for cell in row.iter(W + "tc"):
        if _enclosing_row(cell) is not row:
            continue
        content: list[tuple[str, BlockHint | None]] = []
        _walk(cell, content, headings, skipped)
        text = " ".join(t.strip() for t, _ in content if t.strip())
        if text:
            cells.append(text)
    return " | ".join(cells)


def _enclosing_row(cell: lxml.etree._Element) -> lxml.etree._Element | None:
    parent = cell.getparent()
    while parent is not None and parent.tag != W + "tr":
        parent = parent.getparent()
    return parent


def _paragraph_text(paragraph: lxml.etree._Element, skipped: _Skipped) -> str:
    parts: list[str] = []

    def visit(element: lxml.etree._Element) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag in (W + "tab", W + "ptab", W + "br", W + "cr"):
                parts.append(" ")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag in _DELETED:
                skipped.deletions += 1
            elif tag in _SHAPES:
                skipped.shapes += 1
            elif tag == W + "subDoc":
                skipped.subdocuments += 1
            elif tag not in _SKIPPED:
                visit(child)

    visit(paragraph)
    return "".join(parts)


def _paragraph_hint(paragraph: lxml.etree._Element, headings: dict[str, BlockHint]) -> BlockHint | None:
    properties = paragraph.find(W + "pPr")
    if properties is None:
        return None
    if properties.find(W + "outlineLvl") is not None:
        return "heading"
    style = properties.find(W + "pStyle")
    return headings.get(style.get(W + "val", "")) if style is not None else None


class _Package:
    """A DOCX archive that passed the pre-flight checks, with its XML parts parsed safely."""

    def __init__(self, data: bytes, where: str, limits: IngestLimits) -> None:
        self.where = where
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except NotImplementedError as exc:
            raise SourceError(
                f"{where} uses a zip feature Word never writes ({exc}); open and re-save it in Word"
            ) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
            if data.startswith(b"PK"):
                raise SourceError(
                    f"{where} is truncated or damaged (its zip archive is incomplete); download or save it again"
                ) from None
            raise SourceError(
                f"{where} is not a Word document (not a zip archive); if it is an old .doc, save it as .docx"
            ) from None
        self.names = {info.filename for info in self.zip.infolist()}
        self._preflight(limits)
        self.parts = {name: self._read(name) for name in self.names if name.lower().endswith((".xml", ".rels"))}
        for name, content in self.parts.items():
            if _DTD.search(content) or _DTD.search(_as_utf8(content)):
                raise SourceError(
                    f"{where} contains a DTD (<!DOCTYPE> in {name}), which Word never writes and which can "
                    "hide entity attacks; open and re-save it in Word"
                )
        self._refuse_macros()

    def _preflight(self, limits: IngestLimits) -> None:
        infos = self.zip.infolist()
        if len(infos) > limits.max_zip_members:
            raise SourceError(
                f"{self.where} has {len(infos):,} archive members, more than the limit of "
                f"{limits.max_zip_members:,}; it is not an ordinary Word document"
            )
        total = 0
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            # Part names are case-insensitive (OPC); a second copy may be what another reader shows.
            if name.casefold() in seen:
                raise SourceError(
                    f"{self.where} has two archive members named {name!r}; zip readers disagree on which one is "
                    "the document, so it is refused — open and re-save it in Word"
                )
            seen.add(name.casefold())
            parts = re.split(r"[/\\]", name)
            if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
                raise SourceError(f"{self.where} has an archive member with an unsafe name ({name!r}); refused")
            if info.file_size > limits.max_zip_member_bytes:
                raise SourceError(
                    f"{self.where}: member {name} declares {info.file_size:,} bytes uncompressed, more than the "
                    f"limit of {limits.max_zip_member_bytes:,}; refused"
                )
            if info.file_size > _RATIO_CHECK_ABOVE and (
                info.compress_size == 0 or info.file_size / info.compress_size > limits.max_zip_ratio
            ):
                raise SourceError(
                    f"{self.where}: member {name} expands more than {limits.max_zip_ratio}:1, like a zip bomb; refused"
                )
            total += info.file_size
        if total > limits.max_zip_bytes:
            raise SourceError(
                f"{self.where} declares {total:,} bytes uncompressed, more than the limit of "
                f"{limits.max_zip_bytes:,}; refused"
            )
        if "[Content_Types].xml" not in self.names:
            raise SourceError(f"{self.where} is not a Word document (no [Content_Types].xml); save it as .docx")

    def _read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
            raise SourceError(f"{self.where} is damaged ({name}: {exc}); open and re-save it in Word") from None

    def _refuse_macros(self) -> None:
        types = self.xml("[Content_Types].xml")
        macro = any(
            "macroenabled" in (element.get("ContentType") or "").lower()
            for element in types.iter(_CT + "Override", _CT + "Default")
        )
        if macro or any(name.lower().endswith("vbaproject.bin") for name in self.names):
            raise SourceError(
                f"{self.where} is a macro-enabled Word document; macros are refused, save it as a plain .docx"
            )

    def xml(self, name: str) -> lxml.etree._Element:
        """The parsed XML part `name`, without entities, DTDs or network access."""
        if name not in self.parts:
            raise SourceError(f"{self.where} is not a Word document (no {name}); save it as .docx")
        parser = lxml.etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True,
        )
        try:
            return lxml.etree.fromstring(self.parts[name], parser=parser)
        except lxml.etree.XMLSyntaxError as exc:
            line, column = exc.position
            raise SourceError(
                f"{self.where} is damaged ({name}, line {line}, column {column}: {exc.msg}); "
                "open and re-save it in Word"
            ) from None

    def _relationships(self, part: str) -> list[tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.parts:
            return []
        return [
            (rel.get("Type", ""), _resolve(folder, rel.get("Target", "")))
            for rel in self.xml(rels).iter(_REL + "Relationship")
            if rel.get("TargetMode") != "External"
        ]

    def main_part(self) -> str:
        """Name of the main document part, after checking it is a Word document."""
        main = next((t for kind, t in self._relationships("") if kind.endswith(_OFFICE_DOCUMENT)), "word/document.xml")
        content_type = next(
            (element.get("ContentType", "") for element in self.xml("[Content_Types].xml").iter(_CT + "Override")
             if element.get("PartName", "").lstrip("/") == main),
            "",
        )
        if content_type and content_type not in _WORD_MAIN_TYPES:
            raise SourceError(
                f"{self.where} is not a Word document (its main part is {content_type}); save it as .docx"
            )
        return main

    def heading_styles(self, main: str) -> dict[str, BlockHint]:
        """Style ids whose paragraphs are the title or headings."""
        styles = next((t for kind, t in self._relationships(main) if kind.endswith(_STYLES)), None)
        if styles is None or styles not in self.parts:
            return {}
        result: dict[str, BlockHint] = {}
        for style in self.xml(styles).iter(W + "style"):
            name_element = style.find(W + "name")
            name = (name_element.get(W + "val", "") if name_element is not None else "").lower()
            style_id = style.get(W + "styleId", "")
            if name == "title":
                result[style_id] = "title"
            elif name == "subtitle" or name.startswith("heading") or style.find(f"{W}pPr/{W}outlineLvl") is not None:
                result[style_id] = "heading"
        return result

    def has_comments(self) -> bool:
        """Whether the document carries reviewer comments (which are not read)."""
        return any(name.lower().endswith("comments.xml") for name in self.names)

    def core_properties(self) -> tuple[SourceMetadata, list[Diagnostic]]:
        """Title, creator and creation date from the core properties part."""
        core = next((t for kind, t in self._relationships("") if kind.endswith(_CORE_PROPERTIES)), None)
        if core is None or core not in self.parts:
            return stated_metadata([])
        root = self.xml(core)
        pairs = []
        for key, tag in (("title", _DC + "title"), ("author", _DC + "creator"), ("date", _DCTERMS + "created")):
            element = root.find(tag)
            if element is not None and element.text:
                pairs.append((key, element.text, f"{self.where} (document properties)"))
        return stated_metadata(pairs)


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _as_utf8(content: bytes) -> bytes:
    """An XML part written in UTF-16 (allowed by OOXML), re-encoded so byte searches work."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace").encode("utf-8")
    return b""
