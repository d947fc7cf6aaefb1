"""What a file really is, from its first bytes, whatever its name says.

Analysts save what they have under the name they expect: a failed download saved as `report.pdf`
is a 403 error page, an image saved as `.txt` is binary, a password-protected `.docx` is an OLE
file. Reading those with the reader the name picks gives either a confusing error or, worse,
text that is not the document's (markup, random characters). `check_content` refuses them with a
message saying what the file is and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from memo.errors import SourceError

_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(rb"<title[^>]*>([^<]{1,200})</title>", re.IGNORECASE)
_DOWNLOAD_FAILED = "the download probably failed — download it again"

# What each suffix promises, in words.
_EXPECTED = {
    ".txt": "text", ".md": "Markdown text", ".markdown": "Markdown text", ".html": "a web page",
    ".htm": "a web page", ".docx": "a .docx Word document", ".pdf": "a PDF",
}


@dataclass(frozen=True)
class _Kind:
    description: str
    """What the file is, e.g. "a PNG image"."""
    suffixes: tuple[str, ...]
    """The suffixes under which a file of this kind is read; empty when it cannot be read at all."""
    advice: str
    """How to fix a file of this kind given under another suffix."""


_PDF = _Kind("a PDF document", (".pdf",), "give it a .pdf name")
_WORD = _Kind("a Word document", (".docx",), "give it a .docx name")
_OLE = _Kind(
    "an old Word .doc or a password-protected Office file", (),
    "open it in Word and save it as .docx, without a password",
)
_IMAGE_ADVICE = "if it shows text, OCR it first"


def _kind(data: bytes) -> _Kind | None:
    head = data[:1024]
    stripped = head.lstrip()
    if stripped.startswith(b"%PDF-"):
        return _PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if b"word/document.xml" in data or b"word/_rels" in data:
            return _WORD
        if b"xl/workbook" in data:
            return _Kind("an Excel workbook", (), "save the sheet you need as a PDF or copy its text into a .txt")
        if b"ppt/presentation" in data:
            return _Kind("a PowerPoint presentation", (), "save it as a PDF")
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
            return _Kind("an OpenDocument text (.odt)", (), "save it as .docx")
        # Any other zip (or a damaged one) is the Word reader's to judge: it says what is missing.
        return _Kind("a ZIP archive", (".docx",), "unpack it and give the documents inside")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE
    for signature, name in (
        (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    ):
        if head.startswith(signature):
            return _Kind(name, (), _IMAGE_ADVICE)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _Kind("a WebP image", (), _IMAGE_ADVICE)
    for signature, name in (
        (b"\x1f\x8b", "gzip-compressed data"), (b"BZh", "bzip2-compressed data"), (b"\xfd7zXZ\x00", "xz-compressed data"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    ):
        if head.startswith(signature) and (signature != b"BZh" or head[3:4].isdigit()):
            return _Kind(name, (), "decompress it first")
    if head.startswith(b"{\\rtf"):
        return _Kind("an RTF document", (), "open it in Word and save it as .docx")
    if head.startswith(b"\x7fELF") or (head.startswith(b"MZ") and b"\x00" in head[:64]):
        return _Kind("a program", (), "give the document itself")
    if _HTML_START.match(head):
        return _Kind("an HTML page", (".html", ".htm"), "give it a .html name")
    return None


def check_content(data: bytes, suffix: str, where: str) -> None:
    """Raise `SourceError` when `data` is a kind of file that a `suffix` file cannot be."""
    kind = _kind(data)
    if kind is None or suffix in kind.suffixes:
        return
    expected = _EXPECTED.get(suffix, "a document")
    description = kind.description
    advice = kind.advice
    if kind.suffixes == (".html", ".htm"):
        title = _HTML_TITLE.search(data[:4096])
        if title:
            text = " ".join(title.group(1).decode("utf-8", "replace").split())
            description = f"{description} ({text!r})"
        if suffix in (".pdf", ".docx"):
            advice = _DOWNLOAD_FAILED
    raise SourceError(f"{where} is {description}, not {expected}; {advice}")
