"""The hostile-input corpus: every file is generated here, so no binary or large file is committed.

Each `Case` names one file, the function that makes it inside a folder, and the outcome ingestion
must reach: `Refused` (the exact error class and a message pattern) or `Read` (a source whose
text is verified: words that must be there, words that must not, warnings that must be given).
The tests build the corpus once per session in a temporary folder; to look at the files by hand:

    .venv/bin/python tests/hostile/make_corpus.py /tmp/corpus
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import stat
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from memo.errors import MemoError, MissingInputError, SourceError
from memo.ingest import IngestLimits

# --- what a case expects -----------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """Ingestion stops with exactly `error` (not a subclass) and a message matching `match`."""

    error: type[MemoError]
    match: str


@dataclass(frozen=True)
class Read:
    """Ingestion gives a source whose text contains `contains`, lacks `excludes`, and warns `warns`."""

    contains: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    warns: tuple[str, ...] = ()
    """Regular expressions, each matching at least one diagnostic (`location: message`)."""
    title: str | None = None
    quiet: bool = False
    """True when reading must give no warning at all."""


@dataclass(frozen=True)
class Case:
    """One hostile input: a file name, how to make it, and the outcome ingestion must reach."""

    name: str
    make: Callable[[Path], None]
    expect: Refused | Read
    about: str
    limits: IngestLimits = field(default_factory=IngestLimits)
    password: str | None = None


BODY = (
    "The negotiators met on Monday in the capital and failed to agree on the border crossings, "
    "officials said after the meeting ended late at night."
)
BODY_2 = (
    "Both delegations said they would return to the table next week, though neither side offered "
    "new proposals on the disputed crossings or on the customs fees."
)
PASHTO = "ذبیح الله مجاهد وویل: موږ ۲۰۲۱ کې کابل ونیو او خبرې به دوام ومومي."
CANARY = "CANARY-SECRET-7f3a"
"""Text that must never reach a memo: hidden, deleted, scripted or fetched content."""


def write(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    """A maker that writes `data`, or what `data()` returns (made only when the corpus is built)."""
    return lambda path: path.write_bytes(data() if callable(data) else data)


def article(*paragraphs: str, headline: str = "Border Talks Stall in the Capital") -> str:
    """A plain-text article: a headline and paragraphs separated by blank lines."""
    return "\n\n".join((headline, *paragraphs)) + "\n"


# --- Word documents, built member by member ------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def paragraph(text: str) -> str:
    """One WordprocessingML paragraph."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str, *, prolog: str = "") -> bytes:
    """A document part whose body is `body` (WordprocessingML)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f"<w:document {_W} {_R}><w:body>{body}</w:body></w:document>"
    ).encode()


def docx_bytes(
    body: str = paragraph(BODY), *, document: bytes | None = None, main_type: str = _MAIN_TYPE,
    extra: Sequence[tuple[str, bytes]] = (), document_rels: str = "", extra_types: str = "",
) -> bytes:
    """A minimal Word document; `extra` members are appended as given (names unchecked)."""
    members = [
        ("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>{extra_types}</Types>'
        ).encode()),
        ("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ).encode()),
        ("word/document.xml", document if document is not None else document_xml(body)),
    ]
    if document_rels:
        members.append(("word/_rels/document.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{document_rels}'
            "</Relationships>"
        ).encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*members, *extra]:
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def duplicate_member_docx() -> bytes:
    """Two `word/document.xml` members: readers disagree on which one is the document."""
    first = docx_bytes(paragraph(BODY))
    buffer = io.BytesIO(first)
    with zipfile.ZipFile(buffer, "a") as archive, _quiet_duplicate_warning():
        archive.writestr("word/document.xml", document_xml(paragraph(CANARY)))
    return buffer.getvalue()


class _quiet_duplicate_warning:
    """zipfile warns when a member name repeats; here that is the point."""

    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore", UserWarning)

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)


def lying_size_docx() -> bytes:
    """A member whose central directory declares 100 bytes but which inflates to 30 MB."""
    big = document_xml(paragraph("x" * (30 * 1024 * 1024)))
    data = bytearray(docx_bytes(document=big))
    # Patch the declared uncompressed size of word/document.xml in both headers.
    name = b"word/document.xml"
    true_size = len(big).to_bytes(4, "little")
    for header, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(header, start)) >= 0:
            if data[start + name_offset:start + name_offset + len(name)] == name:
                assert data[start + size_offset:start + size_offset + 4] == true_size
                data[start + size_offset:start + size_offset + 4] = (100).to_bytes(4, "little")
            start += 4
    return bytes(data)


def encrypted_member_docx() -> bytes:
    """A zip whose document member has the 'encrypted' flag set (traditional PKWARE encryption)."""
    data = bytearray(docx_bytes())
    name = b"word/document.xml"
    for header, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := data.find(header, start)) >= 0:
            if data[start + name_offset:start + name_offset + len(name)] == name:
                data[start + flag_offset] |= 0x01
            start += 4
    return bytes(data)


def zip_bomb_docx() -> bytes:
    """A document part of 200 MiB of one repeated byte (a ratio near 1000:1)."""
    chunk = b"<w:p><w:r><w:t>" + b"a" * (1 << 20) + b"</w:t></w:r></w:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        base = zipfile.ZipFile(io.BytesIO(docx_bytes()))
        for info in base.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, base.read(info))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f"<w:document {_W}><w:body>".encode())
            for _ in range(200):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def many_members_docx() -> bytes:
    """A Word document with 3,000 extra (tiny) archive members."""
    return docx_bytes(extra=[(f"word/media/m{i}.xml", b"<a/>") for i in range(3000)])


def ole_file() -> bytes:
    """The start of an OLE compound file: a Word 97-2003 .doc, or an encrypted .docx."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + os.urandom(1024)


# --- PDF documents, written object by object -------------------------------------------------------


def pdf_bytes(objects: Sequence[bytes], *, root: int = 1, info: int | None = None, prefix: bytes = b"") -> bytes:
    """A PDF file of `objects` (object i + 1 is `objects[i]`), with a correct cross-reference table."""
    out = bytearray(prefix + b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, root)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(content: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    """A PDF stream object body."""
    if compress:
        content = zlib.compress(content)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def pdf_string(text: str) -> bytes:
    """`text` as a PDF literal string (Latin-1 text only)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def text_content(*lines: str) -> bytes:
    """A content stream showing `lines` top to bottom in the page font /F1."""
    ops = [b"BT /F1 11 Tf 14 TL 72 760 Td"]
    ops += [pdf_string(line) + b" '" for line in lines]
    ops.append(b"ET")
    return b"\n".join(ops)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_pdf(pages: Sequence[bytes], *, info: bytes | None = None, catalog_extra: bytes = b"",
             page_extra: bytes = b"", prefix: bytes = b"") -> bytes:
    """A PDF whose pages draw the given content streams in Helvetica (objects: catalog, pages, font)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog_extra,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        _FONT,
    ]
    for i, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R%s >>" % (5 + 2 * i, page_extra)
        )
        objects.append(stream(content))
    if info is not None:
        objects.append(info)
    return pdf_bytes(objects, info=len(objects) if info is not None else None, prefix=prefix)


def article_pdf(**kwargs) -> bytes:
    """A one-page PDF article with a headline and two paragraphs of short lines."""
    return text_pdf([text_content(*article_lines())], **kwargs)


def article_lines() -> list[str]:
    """The article as lines of a page: headline, blank, wrapped paragraphs separated by blanks."""
    lines = ["Border Talks Stall in the Capital", ""]
    for body in (BODY, BODY_2):
        words, line = body.split(), ""
        for word in words:
            if len(line) + len(word) > 70:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines += [line, ""]
    return lines


def image_page_pdf(with_text_page: bool) -> bytes:
    """A scan: a page that only paints an image (after a text page when `with_text_page`)."""
    image = stream(b"\x80" * 64, b" /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
                                 b"/BitsPerComponent 8")
    pages = [text_content(*article_lines())] if with_text_page else []
    count = len(pages) + 1
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for content in pages:
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (len(objects) + 2))
        objects.append(stream(content))
    kids.append(len(objects) + 1)
    objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 %d 0 R >> >> "
                   b"/Contents %d 0 R >>" % (len(objects) + 3, len(objects) + 2))
    objects.append(stream(b"q 500 0 0 700 50 50 cm /Im1 Do Q"))
    objects.append(image)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), count)
    return pdf_bytes(objects)


def flate_bomb_pdf() -> bytes:
    """A page whose content stream inflates to 80 MiB (past pypdf's 75 MB safety limit)."""
    compressor = zlib.compressobj(1)
    chunk = b" " * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(80)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    return pdf_bytes(objects)


def page_cycle_pdf() -> bytes:
    """A page tree whose /Pages node lists itself among its kids."""
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ])


def many_pages_pdf(count: int) -> bytes:
    """`count` pages sharing one small content stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (5 + i) for i in range(count)), count),
        _FONT,
        stream(text_content("A page of a very long report about the border crossings.")),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * count
    return pdf_bytes(objects)


def deep_array_pdf() -> bytes:
    """A page whose /Rotate value is an array nested 100,000 deep."""
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate " + b"[" * 100_000 + b"]" * 100_000 + b" >>",
    ])


def slow_pdf() -> bytes:
    """A page of 400,000 text-showing operators: slow to extract, to exercise the time limit."""
    ops = b"BT /F1 1 Tf " + b"1 0 Td (a) Tj " * 400_000 + b"ET"
    return text_pdf([ops])


def actions_pdf() -> bytes:
    """A text PDF that asks to run JavaScript, launch a program and open a URL when opened."""
    actions = (
        b" /OpenAction << /S /JavaScript /JS (app.alert\\('x'\\); this.submitForm\\('http://127.0.0.1:9/" + CANARY.encode()
        + b"'\\)) >> /AA << /WC << /S /Launch /F (calc.exe) >> >>"
        b" /Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/'\\)) >>] >> >>"
    )
    link = b" /Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A << /S /URI /URI (http://127.0.0.1:9/beacon) >> >>]"
    return article_pdf(catalog_extra=actions, page_extra=link)


def glyph_codes_pdf() -> bytes:
    """A text layer made of glyph names (a font without a ToUnicode map, extracted as /g12/g13...)."""
    line = " ".join(f"/g{i}/g{i + 1}/g{i + 2}" for i in range(10, 40, 3))
    return text_pdf([text_content(line, line, line)])


def nul_text_pdf() -> bytes:
    """A text layer with NUL and other control bytes inside the shown strings."""
    return text_pdf([text_content("Border Talks Stall in the Capital", "", "The negotiators\x00 met\x01 on Monday "
                                  "in the capital and failed to agree on the crossings.")])


def info_surrogate_pdf() -> bytes:
    """Document properties whose title is UTF-16 with a lone surrogate and a control character."""
    title = b"\xfe\xff" + "Report ".encode("utf-16-be") + b"\xd8\x3d" + "\x07 end".encode("utf-16-be")
    info = b"<< /Title <" + title.hex().encode() + b"> /Author (Jane\\000 Roe) >>"
    return article_pdf(info=info)


def encrypted_pdf(user: str, owner: str) -> bytes:
    """The article PDF encrypted with AES-256 (`user` empty: opens without a password)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(article_pdf()))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zero_pages_pdf() -> bytes:
    """A PDF whose page tree has no pages."""
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def forbidden_page_html() -> bytes:
    """What a failed download saves under the requested name: a 403 error page."""
    return (
        b"<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head>"
        b"<body><h1>Forbidden</h1><p>You don't have permission to access this resource.</p></body></html>\n"
    )


# --- web pages ------------------------------------------------------------------------------


def html_article(extra_body: str = "", *, head: str = "", paragraphs: Sequence[str] = (BODY, BODY_2)) -> str:
    """A news page: a headline and paragraphs, plus `extra_body` between them."""
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Border Talks Stall</title>{head}</head>"
        f"<body><article><h1>Border Talks Stall in the Capital</h1>{extra_body}{text}</article></body></html>"
    )


def hidden_content_html() -> bytes:
    """Everything a reader of the page cannot see, each carrying the canary."""
    hidden = (
        f"<script>var s = '{CANARY} script';</script>"
        f"<style>.x::after {{ content: '{CANARY} style'; }}</style>"
        f"<noscript>{CANARY} noscript</noscript>"
        f"<template><p>{CANARY} template</p></template>"
        f"<!-- {CANARY} comment -->"
        f"<p hidden>{CANARY} hidden attribute</p>"
        f"<p style='display:none'>{CANARY} display none</p>"
        f"<div aria-hidden='true'>{CANARY} aria hidden</div>"
        f"<p style='visibility: hidden'>{CANARY} visibility hidden</p>"
        f"<svg><text>{CANARY} svg</text></svg>"
        f"<form><textarea>{CANARY} form</textarea></form>"
    )
    return html_article(hidden).encode()


def remote_resources_html() -> bytes:
    """A page pointing at remote resources of every kind (all on a closed local port)."""
    url = "http://127.0.0.1:9/" + CANARY
    head = (
        f"<base href='{url}/'><link rel='stylesheet' href='{url}.css'><link rel='import' href='{url}.html'>"
        f"<meta http-equiv='refresh' content='0; url={url}'><script src='{url}.js'></script>"
    )
    body = (
        f"<img src='{url}.png' alt='photo'><iframe src='{url}.html'></iframe><object data='{url}.swf'></object>"
        f"<video src='{url}.mp4'></video><a href='javascript:alert(1)'>a link</a>"
    )
    return html_article(body, head=head).encode()


def entity_controls_html() -> bytes:
    """Character references to code points no document may carry (&#1;, &#0;, &#xD800;, &#xFFFE;)."""
    dirty = f"{BODY} Stray&#1; bytes&#0; and&#xD800; non&#xFFFE;characters &#x1b;end here."
    return html_article(paragraphs=(dirty, BODY_2)).encode()


def deep_html() -> bytes:
    """An article whose middle is nested 5,000 elements deep, with text after the deep part."""
    deep = "<div>" * 5000 + f"<p>Deep {BODY}</p>" + "</div>" * 5000
    return html_article(paragraphs=(BODY, deep, "After the deep part: " + BODY_2)).encode()


def entity_dtd_html() -> bytes:
    """An (XHTML) page declaring an external entity to a local file."""
    page = html_article(paragraphs=(BODY + " &xxe; end.", BODY_2))
    return b'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + page[
        page.index("<html"):].encode()


def many_elements_html() -> bytes:
    """200,000 empty paragraphs around the article (a page built to make parsers slow)."""
    return html_article("<p></p>" * 200_000).encode()


# --- files that are not what their names say ---------------------------------------------------------


def png_bytes() -> bytes:
    """A tiny valid PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    raw = zlib.compress(b"\x00\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", (1).to_bytes(4, "big") * 2 + b"\x08\x00\x00\x00\x00") + \
        chunk(b"IDAT", raw) + chunk(b"IEND", b"")


# --- special files -----------------------------------------------------------------------------------


def fifo(path: Path) -> None:
    """A named pipe: reading it would block forever."""
    os.mkfifo(path)


def device(path: Path) -> None:
    """A name that is a symbolic link to an endless device."""
    path.symlink_to("/dev/zero")


def folder(path: Path) -> None:
    """A folder with a source's name."""
    path.mkdir()
    (path / "inside.txt").write_text(article(BODY), encoding="utf-8")


def dangling(path: Path) -> None:
    """A symbolic link to nothing."""
    path.symlink_to(path.parent / "no-such-target.txt")


# --- the cases ----------------------------------------------------------------------------------

_CP1252_TEXT = article("The minister’s “café” deal cost €5 million — a naïve plan, critics said.", BODY,
                       headline="Minister’s Café Deal Questioned")
_ARABIC = "قال الوزير إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة وإن الوفدين سيعودان إلى طاولة المفاوضات."
_CP1256_TEXT = article(_ARABIC, "وقال مسؤولون إن الخلاف ما زال قائما حول المعابر الحدودية والرسوم الجمركية.",
                       headline="محادثات الحدود")
_SMALL = IngestLimits(max_file_bytes=2_000)

CASES: tuple[Case, ...] = (
    # --- text: encodings ---
    Case("t01-cp1252-word.txt", write(_CP1252_TEXT.encode("cp1252")),
         Read(contains=("The minister’s “café” deal cost €5 million — a naïve plan",),
              warns=(r"t01-cp1252-word\.txt: decoded as cp1252 \(guessed\); re-save as UTF-8",)),
         "a cp1252 file from an old Word install: curly quotes, euro sign, accents"),
    Case("t02-cp1256-arabic.txt", write(_CP1256_TEXT.encode("cp1256")),
         Read(contains=(_ARABIC,), warns=(r"decoded as cp1256 \(guessed\)",)),
         "an Arabic text saved by Windows in cp1256"),
    Case("t03-utf16le-bom.txt", write(codecs.BOM_UTF16_LE + article(BODY, PASHTO).encode("utf-16-le")),
         Read(contains=(BODY, PASHTO), quiet=True), "UTF-16 with a byte-order mark (Notepad's 'Unicode')"),
    Case("t04-utf16le-no-bom.txt", write(article(BODY, PASHTO).encode("utf-16-le")),
         Read(contains=(BODY, PASHTO), warns=(r"decoded as UTF-16-LE \(no byte-order mark\)",)),
         "UTF-16 without a byte-order mark: every other byte is NUL, but it is text"),
    Case("t05-utf16be-no-bom.txt", write(article(BODY).encode("utf-16-be")),
         Read(contains=(BODY,), warns=(r"decoded as UTF-16-BE \(no byte-order mark\)",)),
         "big-endian UTF-16 without a byte-order mark"),
    Case("t06-utf8-bom-markdown.md", write(codecs.BOM_UTF8 + f"# Border Talks Stall\n\n{BODY}\n".encode()),
         Read(contains=(BODY,), excludes=("\ufeff", "#"), title="Border Talks Stall", quiet=True),
         "a UTF-8 byte-order mark before a Markdown heading"),
    Case("t07-utf8-one-bad-byte.txt",
         write(article(BODY, PASHTO, "Third paragraph: the delegations will meet again.").encode().replace(
             "کابل".encode(), b"\xff\xfe", 1)),
         Read(contains=(BODY, "\ufffd ونیو"), warns=(r"t07-utf8-one-bad-byte\.txt:5:35: 2 places are not UTF-8 \(first byte 0xff\); each is shown as U\+FFFD",)),
         "a UTF-8 Pashto file with one damaged byte pair: still UTF-8, not a legacy code page"),
    Case("t08-utf8-with-a-cp1252-byte.txt",
         write(article("Café owners in the capital said the naïve plan had failed.", BODY).encode().replace(
             "naïve".encode(), "naïve".encode("cp1252"))),
         Read(contains=("Café owners", "na\ufffdve plan"), warns=(r"t08-utf8-with-a-cp1252-byte\.txt:3:39: 1 place is not UTF-8 \(first byte 0xef\)",)),
         "mostly UTF-8 with one pasted cp1252 byte: must not turn every 'é' into mojibake"),
    Case("t09-cesu8-surrogates.txt",
         # A surrogate pair (U+1F600) and a lone surrogate, each surrogate encoded as three bytes.
         write(article(BODY, "Emoji written by a Java tool: \ud83d\ude00 and a stray \ud800 half.").encode(
             "utf-8", "surrogatepass")),
         Read(contains=(BODY, "Emoji written by a Java tool: \U0001f600 and a stray half."),
              warns=(r"removed the lone surrogate U\+D800",)),
         "CESU-8 (UTF-8 with encoded surrogates), as Java and JavaScript tools write"),
    Case("t10-unknown-encoding.txt", write(bytes(range(0x80, 0x100)) * 8),
         Refused(SourceError, r"t10-unknown-encoding\.txt is not UTF-8 and its encoding cannot be recognised; re-save it as UTF-8"),
         "high bytes in no recognisable encoding"),
    # --- text: characters ---
    Case("t11-control-characters.txt",
         write(article(f"The negotiators\x01 met on Monday\x1b[31m in the capital.\x7f {BODY}", BODY_2).encode()),
         Read(contains=("The negotiators met on Monday[31m in the capital.",),
              excludes=("\x01", "\x1b", "\x7f"),
              warns=(r"t11-control-characters\.txt:3:16: removed the control character U\+0001",
                     r"t11-control-characters\.txt:3:31: removed the control character U\+001B",
                     r"removed the control character U\+007F")),
         "C0 controls, an ANSI escape sequence and DEL inside a paragraph"),
    Case("t12-noncharacters.txt", write(article(f"{BODY}\ufffe\uffff\ufdd0\U0010ffff", BODY_2).encode("utf-8")),
         Read(contains=(BODY,), excludes=("\ufffe", "\uffff", "\ufdd0", "\U0010ffff"),
              warns=(r"removed the non-character U\+FFFE", r"removed the non-character U\+FFFF",
                     r"removed the non-character U\+FDD0", r"removed the non-character U\+10FFFF")),
         "Unicode non-characters (U+FFFE, U+FFFF, U+FDD0, U+10FFFF)"),
    Case("t13-mixed-newlines.txt",
         write(f"Border Talks Stall\r\n\r\n{BODY}\r\rSecond paragraph ends here.\n\nThird\u2028line.\u2029Fourth "
               f"paragraph.\x0cFifth after a form feed.\x85Sixth.\n".encode()),
         Read(contains=(f"{BODY}\n\nSecond paragraph ends here.", "Fifth after a form feed."),
              excludes=("\r", "\x0c", "\x85", "\u2028", "\u2029"), quiet=True),
         "CR LF, CR, LF, NEL, U+2028/2029 and form feeds mixed in one file"),
    Case("t14-byte-order-marks-inside.txt", write(("\ufeff" + article(f"{BODY}\ufeff", f"\ufeff{BODY_2}")).encode()),
         Read(contains=(BODY, BODY_2), excludes=("\ufeff",), quiet=True),
         "byte-order marks inside the text, left by concatenating files"),
    Case("t15-bidi-override.txt", write(article(f"The file invoice\u202efdp.exe was sent. {BODY}").encode()),
         Read(contains=("The file invoicefdp.exe was sent.",), excludes=("\u202e",),
              warns=(r":3:\d+: removed the right-to-left override U\+202E",)),
         "a right-to-left override that makes text display reversed (Trojan Source)"),
    Case("t16-ocr-megaparagraph.txt", write(article(" ".join([BODY] * 7000), headline="OCR Output").encode()),
         Read(contains=(BODY,), warns=(r"t16-ocr-megaparagraph\.txt:3: a paragraph of 1,0\d\d,\d\d\d characters",)),
         "a 1 MB paragraph of OCR text without a single paragraph break"),
    Case("t17-empty.txt", write(b""), Refused(SourceError, r"t17-empty\.txt is empty; give a file with text in it"),
         "an empty file"),
    Case("t18-whitespace-only.txt", write(b" \t\r\n\xc2\xa0\n\x0c\n"),
         Refused(SourceError, r"t18-whitespace-only\.txt (is empty|has no text)"),
         "white space only, including a no-break space and a form feed"),
    Case("t19-invisible-only.txt", write("\u200b\u200c\u200d\u2060\n\n\u00ad\u200b\n".encode()),
         Refused(SourceError, r"t19-invisible-only\.txt has no visible text \(only invisible characters"),
         "zero-width characters only"),
    Case("t20-png-named-txt.txt", write(png_bytes),
         Refused(SourceError, r"t20-png-named-txt\.txt is a PNG image, not text"), "an image saved as .txt"),
    Case("t21-pdf-named-txt.txt", write(article_pdf),
         Refused(SourceError, r"t21-pdf-named-txt\.txt is a PDF document, not text; give it a \.pdf name"),
         "a PDF saved as .txt"),
    Case("t22-gzip-named-txt.txt", write(gzip.compress(article(BODY).encode(), mtime=0)),
         Refused(SourceError, r"t22-gzip-named-txt\.txt is gzip-compressed data, not text; decompress it first"),
         "a compressed download saved as .txt"),
    Case("t23-random-bytes.txt", write(bytes((i * 7919 + 13) % 256 for i in range(4096))),
         Refused(SourceError, r"t23-random-bytes\.txt contains NUL bytes, so it is binary, not text"),
         "random binary data"),
    Case("t24-nul-in-text.txt", write(article(BODY).encode() + b"\x00\x00tail"),
         Refused(SourceError, r"t24-nul-in-text\.txt contains NUL bytes, so it is binary, not text"),
         "an otherwise plain text with NUL bytes at the end"),
    # --- text: size and structure limits ---
    Case("t25-over-byte-limit.txt", write(article(*[BODY] * 20).encode()),
         Refused(SourceError, r"t25-over-byte-limit\.txt is larger than the limit of 2,000 bytes \(\d[\d,]* bytes or more\); "
                              r"split it or raise the limit"),
         "a file over the configured byte limit", limits=_SMALL),
    Case("t26-over-paragraph-limit.txt", write(article(*[f"Paragraph {i} of a long list." for i in range(60)]).encode()),
         Refused(SourceError, r"t26-over-paragraph-limit\.txt has \d+ paragraphs, more than the limit of 50; split it or raise the limit"),
         "more paragraphs than the configured limit", limits=IngestLimits(max_paragraphs=50)),
    Case("t27-over-character-limit.txt", write(article(*[BODY] * 10).encode()),
         Refused(SourceError, r"t27-over-character-limit\.txt has [\d,]+ characters of text, more than the limit of 500"),
         "more text than the configured limit", limits=IngestLimits(max_chars=500)),
    # --- Markdown ---
    Case("t28-markdown-deep-nesting.md",
         write(f"# Border Talks Stall\n\n{BODY}\n\n{'> ' * 60}deep quote\n\nAfter the quote: {BODY_2}\n".encode()),
         Refused(SourceError, r"t28-markdown-deep-nesting\.md:5: Markdown nested more than 40 levels deep"),
         "block quotes nested 60 deep: markdown-it silently drops what lies below its nesting limit"),
    Case("t29-markdown-markup.md",
         write((f"# Border Talks Stall\n\n<script>{CANARY}</script>\n\n{BODY} [the report](javascript:alert(1)) and "
                f"![a chart](http://127.0.0.1:9/{CANARY}.png).\n\n<!-- {CANARY} -->\n\n<div>{CANARY} raw html</div>\n\n"
                f"{BODY_2}\n").encode()),
         Read(contains=(BODY, BODY_2), excludes=(CANARY, "<script", "127.0.0.1")),
         "raw HTML, scripts, comments, a javascript: link and a remote image in Markdown"),
    Case("t30-front-matter-python-tag.md",
         write((f"---\ntitle: !!python/object/apply:os.system ['echo {CANARY}']\noutlet: Daily\n---\n"
                f"# Border Talks Stall\n\n{BODY}\n").encode()),
         Read(contains=(BODY,), excludes=("os.system", "python/object", CANARY),
              warns=((r"t30-front-matter-python-tag\.md:2: title ignored: the tag tag:yaml\.org,2002:python/object/apply:"
                      r"os\.system is not allowed in front matter"),)),
         "YAML front matter with a Python object tag"),
    Case("t31-front-matter-alias-bomb.md",
         write(b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
                + f"# Border Talks Stall\n\n{BODY}\n".encode()),
         Read(contains=(BODY,), warns=((r"t31-front-matter-alias-bomb\.md:1: the lines between the first two '---' "
                                        r"are not YAML fields"),)),
         "YAML front matter that expands exponentially through aliases"),
    Case("t38-front-matter-deep.md",
         write(lambda: ("---\ntitle: " + "[" * 100_000 + "]" * 100_000 + f"\n---\n# Border Talks Stall\n\n{BODY}\n").encode()),
         Read(contains=(BODY,), warns=(r"t38-front-matter-deep\.md:1: the lines between the first two '---' are not YAML",
                                       r"t38-front-matter-deep\.md:2: title of 200,000 characters ignored")),
         "front matter nested 100,000 deep (PyYAML's composer recursed until RecursionError)"),
    Case("t39-header-line-too-long.txt", write(("Title: " + "Border talks " * 1_000 + f"\n\n{BODY}\n").encode()),
         Read(contains=(BODY,), warns=(r"t39-header-line-too-long\.txt:1: title of 12,999 characters ignored",)),
         "a 'Title:' header line of 13,000 characters"),
    # --- file system ---
    Case("-t32-dash-name.txt", write(article(BODY).encode()), Read(contains=(BODY,), quiet=True),
         "a file name that starts with '-' (looks like an option)"),
    Case("t33-fifo.txt", fifo, Refused(SourceError, r"t33-fifo\.txt is not a regular file \(a FIFO\); give a document file"),
         "a named pipe: reading it would block forever"),
    Case("t34-device.txt", device,
         Refused(SourceError, r"t34-device\.txt is not a regular file \(a device\); give a document file"),
         "a symbolic link to /dev/zero: reading it would never end"),
    Case("t35-folder.txt", folder, Refused(SourceError, r"t35-folder\.txt is a folder, not a file"),
         "a folder named like a source"),
    Case("t36-dangling-link.txt", dangling,
         Refused(MissingInputError, r"t36-dangling-link\.txt does not exist; check the path"),
         "a symbolic link to nothing"),
    Case(os.fsdecode(b"t37-caf\xe9.txt"), write(article(BODY).encode()),
         Refused(SourceError, r"t37-caf\ufffd\.txt: the file name is not UTF-8 .*; rename the file"),
         "a file name that is not UTF-8 (Latin-1, from an old system): the memo file could not name it"),
    Case("t40-line\nError: forged.txt", write(article(BODY).encode()),
         Refused(SourceError, r"t40-line\\x0aError: forged\.txt: the file name contains a control character \(a line "
                              r"break\?\); rename the file"),
         "a file name with a line break, which would forge a second line of output"),
    # --- HTML ---
    Case("h01-hidden-content.html", write(hidden_content_html),
         Read(contains=(BODY, BODY_2), excludes=(CANARY,)),
         "scripts, styles, noscript, templates, comments and hidden elements"),
    Case("h02-remote-resources.html", write(remote_resources_html),
         Read(contains=(BODY, BODY_2), excludes=(CANARY, "127.0.0.1")),
         "images, frames, stylesheets, a base URL and a refresh pointing elsewhere (nothing is fetched)"),
    Case("h03-character-references.html", write(entity_controls_html),
         # HTML turns &#0; and &#xD800; into U+FFFD itself; the other two are removed and reported.
         Read(contains=(BODY, "Stray bytes\ufffd and\ufffd noncharacters end here."), excludes=("\x01", "\ufffe", "\x1b"),
              warns=(r"removed the control character U\+0001", r"removed the control character U\+001B")),
         "&#1;, &#0;, &#xD800; and &#xFFFE; character references: one used to lose the whole page"),
    Case("h04-deep-nesting.html", write(deep_html),
         Refused(SourceError, r"h04-deep-nesting\.html:1: the page is nested more than 256 elements deep"),
         "an article nested 5,000 elements deep: libxml2 silently drops everything below depth 256"),
    Case("h05-external-entity.html", write(entity_dtd_html),
         Read(contains=(BODY[:60],), excludes=("root:", "/bin/")), "an external entity pointing at /etc/passwd"),
    Case("h06-utf16.html", write(codecs.BOM_UTF16_LE + html_article().encode("utf-16-le")),
         Read(contains=(BODY, BODY_2), quiet=True), "a page saved as UTF-16"),
    Case("h07-wrong-declared-charset.html",
         write(html_article(paragraphs=("Le café du ministre a coûté très cher, déclarent les élus.", BODY)).encode("cp1252")),
         Read(contains=("Le café du ministre a coûté très cher",), warns=(r"decoded as cp1252 \(guessed\)",)),
         "a page declaring UTF-8 but written in cp1252"),
    Case("h08-many-elements.html", write(many_elements_html),
         Refused(SourceError, r"h08-many-elements\.html took longer than the limit of 3 s to read; split it or raise the limit"),
         "200,000 empty elements (15 s of extraction), read with a 3-second limit", limits=IngestLimits(max_seconds=3)),
    Case("h09-no-article.html", write(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
         Refused(SourceError, r"h09-no-article\.html has no article text that could be found"),
         "a page with navigation and nothing else"),
    Case("h10-pdf-named-html.html", write(article_pdf),
         Refused(SourceError, r"h10-pdf-named-html\.html is a PDF document, not a web page; give it a \.pdf name"),
         "a PDF saved as .html"),
    # --- Word ---
    Case("d01-not-a-zip.docx", write(article(BODY).encode()),
         Refused(SourceError, r"d01-not-a-zip\.docx is not a Word document \(not a zip archive\)"),
         "plain text named .docx"),
    Case("d02-ole-or-encrypted.docx", write(ole_file),
         Refused(SourceError, r"d02-ole-or-encrypted\.docx is an old Word \.doc or a password-protected Office file"),
         "an OLE compound file: a Word 97 .doc renamed, or a .docx encrypted with a password"),
    Case("d03-pdf-named-docx.docx", write(article_pdf),
         Refused(SourceError, r"d03-pdf-named-docx\.docx is a PDF document, not a \.docx Word document; give it a \.pdf name"),
         "a PDF saved as .docx"),
    Case("d04-truncated.docx", write(docx_bytes()[:300]),
         Refused(SourceError, r"d04-truncated\.docx is truncated or damaged \(its zip archive is incomplete\)"),
         "a download cut short"),
    Case("d05-zip-bomb.docx", write(zip_bomb_docx),
         Refused(SourceError, r"d05-zip-bomb\.docx: member word/document\.xml (expands more than 100:1, like a zip bomb|declares [\d,]+ bytes)"),
         "a 200 MiB document part compressed about 1000:1"),
    Case("d06-lying-sizes.docx", write(lying_size_docx),
         Refused(SourceError, r"d06-lying-sizes\.docx is damaged \(word/document\.xml: .*\)"),
         "a member that declares 100 bytes but inflates to 30 MB"),
    Case("d07-many-members.docx", write(many_members_docx),
         Refused(SourceError, r"d07-many-members\.docx has 3,00\d archive members, more than the limit of 2,000"),
         "3,000 archive members"),
    Case("d08-path-traversal.docx", write(docx_bytes(extra=[("../../../../tmp/evil.txt", b"x")])),
         Refused(SourceError, r"d08-path-traversal\.docx has an archive member with an unsafe name \('\.\./\.\./\.\./\.\./tmp/evil\.txt'\)"),
         "a member named ../../../../tmp/evil.txt"),
    Case("d09-absolute-member.docx", write(docx_bytes(extra=[("/etc/cron.d/evil", b"x")])),
         Refused(SourceError, r"d09-absolute-member\.docx has an archive member with an unsafe name \('/etc/cron\.d/evil'\)"),
         "a member with an absolute name"),
    Case("d10-external-entity.docx",
         write(docx_bytes(document=document_xml(paragraph("before &xxe; after"),
                                                 prolog='<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))),
         Refused(SourceError, r"d10-external-entity\.docx contains a DTD \(<!DOCTYPE> in word/document\.xml\)"),
         "XXE: an external entity in the document part"),
    Case("d11-billion-laughs.docx",
         write(docx_bytes(extra=[("word/styles.xml", (
             b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
             b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>'))])),
         Refused(SourceError, r"d11-billion-laughs\.docx contains a DTD \(<!DOCTYPE> in word/styles\.xml\)"),
         "entity expansion in a part the body does not even use"),
    Case("d12-utf16-dtd.docx",
         write(docx_bytes(extra=[("word/settings.xml",
                                  '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16"))])),
         Refused(SourceError, r"d12-utf16-dtd\.docx contains a DTD \(<!DOCTYPE> in word/settings\.xml\)"),
         "a DTD hidden in a part encoded as UTF-16"),
    Case("d13-macro-enabled.docx",
         write(docx_bytes(main_type=_MACRO_TYPE, extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")])),
         Refused(SourceError, r"d13-macro-enabled\.docx is a macro-enabled Word document; macros are refused"),
         "a .docm renamed .docx"),
    Case("d14-malformed-xml.docx", write(docx_bytes(document=document_xml(paragraph(BODY)).replace(b"</w:body>", b""))),
         Refused(SourceError, r"d14-malformed-xml\.docx is damaged \(word/document\.xml, line 2, column \d+: .*\); "
                              r"open and re-save it in Word"),
         "a document part with an unclosed element"),
    Case("d15-invalid-character-reference.docx", write(docx_bytes(paragraph("bad &#1; reference"))),
         Refused(SourceError, r"d15-invalid-character-reference\.docx is damaged \(word/document\.xml, line 2, column \d+: "
                              r"xmlParseCharRef: invalid xmlChar value 1"),
         "&#1; in the document part (not allowed in XML 1.0)"),
    Case("d16-external-relationships.docx",
         write(docx_bytes(
             paragraph(BODY) + '<w:p><w:hyperlink r:id="rId9"><w:r><w:t>the report</w:t></w:r></w:hyperlink></w:p>'
             + '<w:p><w:subDoc r:id="rId8"/></w:p>' + paragraph(BODY_2),
             document_rels=(
                 f'<Relationship Id="rId9" Type="{_RELS}/hyperlink" Target="http://127.0.0.1:9/{CANARY}" TargetMode="External"/>'
                 f'<Relationship Id="rId8" Type="{_RELS}/subDocument" Target="http://127.0.0.1:9/{CANARY}.docx" TargetMode="External"/>'
                 f'<Relationship Id="rId7" Type="{_RELS}/attachedTemplate" Target="file:///etc/passwd" TargetMode="External"/>'
                 f'<Relationship Id="rId6" Type="{_RELS}/image" Target="\\\\127.0.0.1\\share\\{CANARY}.png" TargetMode="External"/>'
             ))),
         Read(contains=(BODY, "the report", BODY_2), excludes=(CANARY, "root:"),
              warns=(r"d16-external-relationships\.docx: 1 linked subdocument\(s\) not read",)),
         "links, a remote template, a UNC image and a linked subdocument (nothing is fetched)"),
    Case("d17-duplicate-members.docx", write(duplicate_member_docx),
         Refused(SourceError, r"d17-duplicate-members\.docx has two archive members named 'word/document\.xml'"),
         "two members with the same name: zip readers disagree on which one counts"),
    Case("d18-encrypted-member.docx", write(encrypted_member_docx),
         Refused(SourceError, r"d18-encrypted-member\.docx is damaged \(word/document\.xml: .*encrypted.*\)"),
         "a zip member flagged as encrypted"),
    Case("d19-deep-xml.docx",
         write(docx_bytes("<w:sdt><w:sdtContent>" * 300 + paragraph(BODY) + "</w:sdtContent></w:sdt>" * 300)),
         Refused(SourceError, r"d19-deep-xml\.docx is damaged \(word/document\.xml, line 2, column \d+: Excessive depth"),
         "a body nested 600 elements deep"),
    Case("d20-alt-chunk.docx",
         write(docx_bytes(
             paragraph(BODY) + '<w:altChunk r:id="rId5"/>' + paragraph(BODY_2),
             document_rels=f'<Relationship Id="rId5" Type="{_RELS}/aFChunk" Target="chunk.html"/>',
             extra=[("word/chunk.html", f"<html><body><p>{CANARY}</p></body></html>".encode())],
             extra_types='<Default Extension="html" ContentType="text/html"/>')),
         Read(contains=(BODY, BODY_2), excludes=(CANARY,),
              warns=(r"d20-alt-chunk\.docx: 1 embedded document\(s\) \(altChunk\) not read",)),
         "an embedded HTML chunk (altChunk) whose text Word shows but the reader cannot"),
    Case("d21-megaparagraph.docx", write(docx_bytes(paragraph(" ".join([BODY] * 7000)))),
         Read(contains=(BODY,), warns=(r"a paragraph of 1,0\d\d,\d\d\d characters",)),
         "one 1 MB paragraph"),
    # --- PDF ---
    Case("p01-truncated.pdf", write(article_pdf()[:400]),
         Refused(SourceError, r"p01-truncated\.pdf is (truncated or damaged|damaged|has no text layer)"), "a download cut short"),
    Case("p02-forbidden-page.pdf", write(forbidden_page_html),
         Refused(SourceError, r"p02-forbidden-page\.pdf is an HTML page \('403 Forbidden'\), not a PDF; "
                              r"the download probably failed"),
         "a 'PDF' that is really a 403 error page"),
    Case("p03-junk-before-header.pdf", write(lambda: article_pdf(prefix=b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n")),
         Read(contains=(BODY,)), "HTTP headers saved before the %PDF header"),
    Case("p04-password.pdf", write(lambda: encrypted_pdf("secret", "owner")),
         Refused(SourceError, r"p04-password\.pdf is encrypted with a password; give the password \(--password\) "
                              r"or save an unencrypted copy"),
         "AES-256 with a user password"),
    Case("p05-password-given.pdf", write(lambda: encrypted_pdf("secret", "owner")), Read(contains=(BODY,)),
         "AES-256 with a user password, which the analyst gives", password="secret"),
    Case("p06-wrong-password.pdf", write(lambda: encrypted_pdf("secret", "owner")),
         Refused(SourceError, r"p06-wrong-password\.pdf: the password given does not open it"),
         "AES-256 with the wrong password given", password="guess"),
    Case("p07-owner-password-only.pdf", write(lambda: encrypted_pdf("", "owner")), Read(contains=(BODY,)),
         "encrypted with only an owner password (opens without one)"),
    Case("p08-image-only.pdf", write(lambda: image_page_pdf(with_text_page=False)),
         Refused(SourceError, r"p08-image-only\.pdf has no text layer \(a scan\?\); OCR it first"), "a scan"),
    Case("p09-partly-scanned.pdf", write(lambda: image_page_pdf(with_text_page=True)),
         Read(contains=(BODY,), warns=(r"p09-partly-scanned\.pdf: page 2 has no text layer \(a scan\?\); its text is missing",)),
         "a text page followed by a scanned page"),
    Case("p10-flate-bomb.pdf", write(flate_bomb_pdf),
         Refused(SourceError, r"p10-flate-bomb\.pdf(: page 1)? (has a stream that )?expands past pypdf's safety limit"),
         "a content stream inflating to 80 MiB"),
    Case("p11-page-tree-cycle.pdf", write(page_cycle_pdf),
         Refused(SourceError, r"p11-page-tree-cycle\.pdf is damaged \(.*cycl.*\)"), "a page tree that contains itself"),
    Case("p12-too-many-pages.pdf", write(lambda: many_pages_pdf(1200)),
         Refused(SourceError, r"p12-too-many-pages\.pdf has 1,200 pages, more than the limit of 1,000; split it or raise the limit"),
         "1,200 pages"),
    Case("p13-deep-nesting.pdf", write(deep_array_pdf),
         Refused(SourceError, r"p13-deep-nesting\.pdf (is damaged|has no text layer)"), "an array nested 100,000 deep"),
    Case("p14-actions.pdf", write(actions_pdf), Read(contains=(BODY,), excludes=(CANARY, "app.alert", "calc.exe")),
         "JavaScript, a Launch action and a link annotation (nothing is run or fetched)"),
    Case("p15-glyph-codes.pdf", write(glyph_codes_pdf),
         Read(warns=(r"p15-glyph-codes\.pdf: the text layer looks like glyph codes, not words; OCR the PDF",)),
         "a text layer of glyph names (no ToUnicode map)"),
    Case("p16-nul-in-text.pdf", write(nul_text_pdf),
         Read(contains=("The negotiators met on Monday",), excludes=("\x00", "\x01"),
              warns=(r"removed the control character U\+0000", r"removed the control character U\+0001")),
         "NUL and control bytes in the shown strings"),
    Case("p17-hostile-properties.pdf", write(info_surrogate_pdf), Read(contains=(BODY,), excludes=("\x07", "\x00")),
         "document properties with a lone surrogate and control characters"),
    Case("p18-no-pages.pdf", write(zero_pages_pdf),
         Refused(SourceError, r"p18-no-pages\.pdf has no pages; check that it is the right file"), "an empty page tree"),
    Case("p19-slow.pdf", write(slow_pdf),
         Refused(SourceError, r"p19-slow\.pdf took longer than the limit of 1 s? to read; split it or raise the limit"),
         "a page of 400,000 text operators, read with a 1-second limit", limits=IngestLimits(max_seconds=1)),
    Case("p20-memory.pdf", write(flate_bomb_pdf),
         Refused(SourceError, r"p20-memory\.pdf needs more than the limit of 32 MiB of memory to read; raise the limit"),
         "a stream inflating to 80 MiB, read with a 32 MiB memory limit",
         limits=IngestLimits(max_memory_bytes=32 * 1024 * 1024)),
)


def build_corpus(folder: Path) -> Path:
    """Make every case's file in `folder` (created if needed) and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        path = folder / case.name
        if not os.path.lexists(path):
            case.make(path)
    return folder


def main(argv: Sequence[str]) -> int:
    """Write the corpus into the folder named on the command line and list it."""
    if len(argv) != 1:
        print("usage: make_corpus.py FOLDER", file=sys.stderr)
        return 2
    folder = build_corpus(Path(argv[0]))
    for case in CASES:
        info = os.lstat(folder / case.name)
        size = f"{info.st_size:>10,}" if stat.S_ISREG(info.st_mode) else f"{'(special)':>10}"
        print(f"{case.name:40} {size}  {case.about}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
