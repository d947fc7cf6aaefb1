"""Saved web pages: the article's main text and metadata, found by trafilatura, offline.

Nothing is ever fetched: trafilatura gets an already-parsed tree, and lxml's parser is told not to
use the network. Before extraction, everything a reader of the page would not see is removed:
scripts, styles, `noscript`, templates, embedded objects and forms, comments, and elements hidden
by the `hidden` attribute, `aria-hidden="true"` or an inline `display: none` /
`visibility: hidden` style. (Elements hidden by a style sheet rule cannot be told apart without
a CSS engine, and are read.)

Characters written as character references (`&#1;`) reach the tree after `clean_text` has run on
the source, so they are removed from the tree too: one such character used to make the whole
page unreadable. A page nested deeper than libxml2's limit is refused, because the parser
silently drops everything below that depth, and the text after it.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura

from memo.errors import Diagnostic, SourceError
from memo.ingest.cleaning import (
    clean_text,
    decode_bytes,
    removal_message,
    remove_forbidden,
)
from memo.ingest.metadata import stated_metadata
from memo.ingest.structure import BlockHint, RawBlock, RawDocument
from memo.ingest.text_reader import line_group_blocks

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_INVISIBLE_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
    "form", "button", "select", "textarea", "input", "dialog",
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "head", "item", "code", "quote"})
_TOO_DEEP = re.compile(r"Excessive depth in document: (\d+)")


def read_html(data: bytes, where: str) -> RawDocument:
    """Read an `.html`/`.htm` file's bytes."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    raw, diagnostics = decode_bytes(data, where, declared=declared.group(1).decode("ascii") if declared else None)
    text, removed = clean_text(raw, where)
    diagnostics += removed
    tree = _visible_tree(_XML_DECLARATION.sub("", text), where)
    diagnostics += _remove_referenced_characters(tree, where)
    extracted = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        include_links=False, output_format="python",
    )
    blocks: list[RawBlock] = []
    for element in extracted.body if extracted is not None and extracted.body is not None else ():
        blocks += _blocks(element, where)
    if not any(block.text for block in blocks):
        raise SourceError(f"{where} has no article text that could be found; save the article's text as .txt")
    metadata, more = stated_metadata([
        (key, value, where)
        for key, value in (
            ("title", extracted.title), ("author", extracted.author), ("date", extracted.date),
            ("outlet", extracted.sitename), ("url", extracted.url), ("language", tree.get("lang")),
        )
        if value
    ])
    return RawDocument(blocks, metadata, diagnostics=diagnostics + more)


def _visible_tree(text: str, where: str) -> lxml.html.HtmlElement:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(f"{where} cannot be read as HTML ({exc}); check that it is a web page") from None
    for entry in parser.error_log:
        too_deep = _TOO_DEEP.search(entry.message)
        if too_deep:
            raise SourceError(
                f"{where}:{entry.line}: the page is nested more than {too_deep.group(1)} elements deep, and the "
                "text below that depth cannot be read; save the article's text as .txt"
            )
    for element in list(tree.iter(*_INVISIBLE_TAGS)):
        element.drop_tree()
    hidden = [
        element for element in tree.iter()
        if isinstance(element.tag, str) and (
            element.get("hidden") is not None
            or element.get("aria-hidden", "").lower() == "true"
            or _HIDDEN_STYLE.search(element.get("style", ""))
        )
    ]
    for element in hidden:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def _remove_referenced_characters(tree: lxml.html.HtmlElement, where: str) -> list[Diagnostic]:
    """Delete, from every text and attribute, the characters `clean_text` deletes; report each once."""
    found: dict[str, tuple[int, int]] = {}

    def clean(value: str | None, line: int) -> str | None:
        if not value:
            return value
        cleaned, removed = remove_forbidden(value)
        for char in removed:
            first, count = found.get(char, (line, 0))
            found[char] = (first, count + value.count(char))
        return cleaned

    for element in tree.iter():
        line = element.sourceline or 0
        # Comments and processing instructions were dropped by the parser; only elements remain.
        element.text = clean(element.text, line)
        element.tail = clean(element.tail, line)
        for name, value in element.attrib.items():
            element.attrib[name] = clean(value, line)
    return [
        Diagnostic(f"{where}:{line}" if line else where,
                   removal_message(char, count, " (written as a character reference)"))
        for char, (line, count) in found.items()
    ]


def _blocks(element: lxml.etree._Element, where: str) -> list[RawBlock]:
    """Blocks from one element of trafilatura's output tree (p, head, list, table, quote...)."""
    if element.tag == "row":
        cells = [" ".join(clean_text(_text(cell), where)[0].split()) for cell in element]
        return [RawBlock(" | ".join(cell for cell in cells if cell), 0, "table")]
    if element.tag in _BLOCK_TAGS and not any(child.tag in ("p", "list", "table") for child in element):
        hint: BlockHint | None = "heading" if element.tag == "head" else None
        lines = [line for line in clean_text(_text(element), where)[0].split("\n") if line]
        if not lines:
            return []
        if hint == "heading":
            return [RawBlock(" ".join(lines), 0, hint)]
        return line_group_blocks(lines, 0)
    blocks = []
    for child in element:
        blocks += _blocks(child, where)
    return blocks


def _text(element: lxml.etree._Element) -> str:
    """The text of an output element, with its line breaks (`lb`) kept and images left out."""
    # Line breaks in the HTML source are white space; only <br> (trafilatura's lb) breaks a line.
    parts = [(element.text or "").replace("\n", " ")]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "graphic":
            parts.append(_text(child))
        parts.append((child.tail or "").replace("\n", " "))
    return "".join(parts)
