"""Reading written memos back, independently of the exporters: the text and the links they carry."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import lxml.etree
import pypdf

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# The parts a reader of the Word file sees text in.
_TEXT_PARTS = re.compile(r"^word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$")


def docx_text(path: Path) -> str:
    """Every visible run of the body, notes, headers and footers, part after part."""
    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not _TEXT_PARTS.match(name):
                continue
            root = lxml.etree.fromstring(archive.read(name))
            for element in root.iter(_W + "t", _W + "tab", _W + "br", _W + "p"):
                if element.tag == _W + "t":
                    parts.append(element.text or "")
                elif element.tag == _W + "p":
                    parts.append("\n")
                else:
                    parts.append(" ")
    return "".join(parts)


def docx_links(path: Path) -> list[str]:
    """The targets of every external relationship of the Word file (links, and anything fetched)."""
    targets = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                for rel in lxml.etree.fromstring(archive.read(name)).iter(_REL + "Relationship"):
                    if rel.get("TargetMode") == "External":
                        targets.append(rel.get("Target", ""))
    return targets


def pdf_links(path: Path) -> list[str]:
    """The URI of every link annotation (and every /URI action) of the PDF."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                uris.append(str(action.get_object()["/URI"]))
    return uris


def pdf_has_active_content(path: Path) -> list[str]:
    """Names of PDF features that run or fetch something, found anywhere in the file."""
    data = path.read_bytes()
    return [name for name in ("/JavaScript", "/JS", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/EmbeddedFile")
            if name.encode() + b" " in data or name.encode() + b"(" in data or name.encode() + b"/" in data]


def visible(text: str) -> str:
    """`text` without white space or format characters (bidi controls, ZWJ), NFKC: what containment compares."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace() and unicodedata.category(c) != "Cf")


def letters(text: str) -> Counter[str]:
    """The letters and digits of `text` (NFKC, case-folded), counted: what survives reordering and shaping."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return Counter(c for c in folded if unicodedata.category(c)[0] in "LN")
