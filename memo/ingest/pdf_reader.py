"""PDF sources: the text layer, read with pypdf, rebuilt into paragraphs.

A PDF stores lines, not paragraphs. Lines are joined into a paragraph until one is clearly shorter
than the page's full lines (the last line of a paragraph, or a heading), a blank line comes, or a
line ending a sentence is followed by a short heading-like line; a paragraph left open at the
foot of a page continues on the next page when that page starts in lower case. Page numbers
("12", "Page 3 of 9") and running headers or footers (the same short first or last line on at
least half of three or more pages) are dropped.

A PDF without a text layer (a scan) is an error: OCR it first; a page without text but with an
image, among pages with text, is a warning. Encrypted PDFs are read with the password the user
gives, or when they open with an empty one. pypdf's exceptions become one-line messages naming
the file and the likely cause; its warnings become diagnostics. pypdf runs in the child process
of `bounded`, so a file built to stall or exhaust it meets the time and memory limits.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pypdf
from pypdf.errors import (
    DependencyError,
    FileNotDecryptedError,
    LimitReachedError,
    PdfStreamError,
)

from memo.errors import Diagnostic, SourceError
from memo.ingest.cleaning import clean_line, clean_text
from memo.ingest.limits import IngestLimits
from memo.ingest.metadata import SourceMetadata, stated_metadata
from memo.ingest.structure import RawBlock, RawDocument, ends_sentence, is_heading_like
from memo.ingest.text_reader import join_lines

_FULL_LINE = 0.75  # a line shorter than this share of the page's full width ends a paragraph
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?$", re.IGNORECASE
)
_GLYPH_NAMES = re.compile(r"(?:/[A-Za-z]{1,3}\d+){2,}|/g\d+|\ufffd")
_MAX_PDF_WARNINGS = 5
_MAX_RUNNING_LINE = 100  # running headers and footers are short; a repeated body line is not one
_FILE_NAME_TITLE = re.compile(r"\.(?:docx?|pdf|txt|rtf|odt|indd|html?)$|^untitled", re.IGNORECASE)


def read_pdf(data: bytes, where: str, limits: IngestLimits, password: str | None = None) -> RawDocument:
    """Read a `.pdf` file's bytes, decrypting it with `password` when it needs one."""
    if data.find(b"%PDF-", 0, 1024) < 0:
        raise SourceError(f"{where} is not a PDF (no %PDF header); check that it is the right file")
    with _pypdf_messages(where) as messages:
        reader = _open(data, where, password)
        pages, diagnostics = _page_texts(reader, where, limits)
        embedded, more = _properties(reader, where)
        scanned = [number for number, text in enumerate(pages, 1) if not text.strip() and _has_image(reader, number)]
    diagnostics += more + messages
    if not any(text.strip() for text in pages):
        raise SourceError(f"{where} has no text layer (a scan?); OCR it first")
    if scanned:
        listed = ", ".join(map(str, scanned[:10])) + (f" and {len(scanned) - 10} more" if len(scanned) > 10 else "")
        diagnostics.append(Diagnostic(
            where, f"page{'s' if len(scanned) > 1 else ''} {listed} {'have' if len(scanned) > 1 else 'has'} no text "
            "layer (a scan?); its text is missing — OCR the PDF to read it all"
        ))
    extracted = "".join(pages)
    if len(_GLYPH_NAMES.findall(extracted)) * 4 > len(extracted.split()):
        diagnostics.append(Diagnostic(
            where, "the text layer looks like glyph codes, not words; OCR the PDF and use that instead"
        ))
    return RawDocument(_paragraphs(pages), embedded=embedded, diagnostics=diagnostics)


def _open(data: bytes, where: str, password: str | None) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        # One --password serves every PDF of a run; a PDF with only an owner password opens with "".
        if reader.is_encrypted and not any(reader.decrypt(attempt) for attempt in dict.fromkeys((password or "", ""))):
            if password:
                raise SourceError(f"{where}: the password given does not open it; check the password")
            raise FileNotDecryptedError("password required")
        reader.pages[0]  # loading the page tree is where damaged files fail
        return reader
    except FileNotDecryptedError:
        raise SourceError(
            f"{where} is encrypted with a password; give the password (--password) or save an unencrypted copy"
        ) from None
    except SourceError:
        raise
    except DependencyError as exc:
        raise SourceError(f"{where} cannot be decrypted ({exc}); save an unencrypted copy") from None
    except PdfStreamError:
        raise SourceError(f"{where} is truncated or damaged; download or export it again") from None
    except LimitReachedError as exc:
        raise SourceError(f"{where} {_past_limit(exc)}; refused") from None
    except IndexError:
        raise SourceError(f"{where} has no pages; check that it is the right file") from None
    except MemoryError:
        raise  # the memory limit of the child process (`bounded`): reported as such, not as damage
    except Exception as exc:  # noqa: BLE001 - anything pypdf raises on a malformed file is "damaged"
        raise SourceError(f"{where} is damaged ({_one_line(exc)}); re-save or print it to a new PDF") from None


def _page_texts(reader: pypdf.PdfReader, where: str, limits: IngestLimits) -> tuple[list[str], list[Diagnostic]]:
    try:
        count = len(reader.pages)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - as in _open
        raise SourceError(f"{where} is damaged ({_one_line(exc)}); re-save or print it to a new PDF") from None
    if count > limits.max_pdf_pages:
        raise SourceError(
            f"{where} has {count:,} pages, more than the limit of {limits.max_pdf_pages:,}; split it or raise the limit"
        )
    pages: list[str] = []
    diagnostics: list[Diagnostic] = []
    characters = 0
    for number in range(count):
        try:
            raw = reader.pages[number].extract_text() or ""
        except LimitReachedError as exc:
            raise SourceError(f"{where}: page {number + 1} {_past_limit(exc)}; refused") from None
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - one damaged page should not lose the others
            diagnostics.append(Diagnostic(where, f"page {number + 1} could not be read ({_one_line(exc)}); skipped"))
            raw = ""
        text, removed = clean_text(raw, where, context=f" (page {number + 1}; line and column in its extracted text)")
        diagnostics += removed
        characters += len(text)
        if characters > 2 * limits.max_chars:
            raise SourceError(
                f"{where} has more than {limits.max_chars:,} characters of text; split it or raise the limit"
            )
        pages.append(text)
    return pages, diagnostics


def _past_limit(exc: LimitReachedError) -> str:
    if "decompress" in str(exc).lower():
        return "expands past pypdf's safety limit (a decompression bomb?)"
    return f"goes past one of pypdf's safety limits ({_one_line(exc)})"


def _has_image(reader: pypdf.PdfReader, number: int) -> bool:
    """Whether page `number` (1-based) paints an image of its own (read without decoding any)."""
    try:
        resources = reader.pages[number - 1].get("/Resources") or {}
        xobjects = resources.get_object().get("/XObject") or {}
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a damaged resource dictionary just means "unknown"
        return False


def _properties(reader: pypdf.PdfReader, where: str) -> tuple[SourceMetadata, list[Diagnostic]]:
    try:
        info = reader.metadata or {}
        title, author = (str(info.get(key) or "") for key in ("/Title", "/Author"))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - broken document properties are not worth refusing the text for
        return stated_metadata([])
    # The creation date is when the PDF was made (often printed from a browser), not published.
    title = clean_line(title).removeprefix("Microsoft Word - ")
    title = "" if _FILE_NAME_TITLE.search(title) else title
    return stated_metadata([("title", title, where), ("author", author, where)])


def _paragraphs(pages: list[str]) -> list[RawBlock]:
    page_lines = [page.split("\n") for page in pages]
    furniture = _running_lines(page_lines)
    blocks: list[RawBlock] = []
    open_paragraph: list[str] = []
    for raw_lines in page_lines:
        lines = _strip_furniture(raw_lines, furniture)
        widths = sorted(len(line) for line in lines if line)
        full = widths[int(0.9 * (len(widths) - 1))] * _FULL_LINE if widths else 0
        current = open_paragraph if lines and lines[0][:1].islower() else _flush(open_paragraph, blocks)
        # A blank page has no lines: it only closes the paragraph left open.
        for line, following in zip(lines, [*lines[1:], ""][:len(lines)], strict=True):
            if not line:
                current = _flush(current, blocks)
                continue
            current.append(line)
            if len(line) < full or (ends_sentence(line) and len(following) < full and is_heading_like(following)):
                current = _flush(current, blocks)
        open_paragraph = current
    _flush(open_paragraph, blocks)
    return blocks


def _flush(lines: list[str], blocks: list[RawBlock]) -> list[str]:
    if lines:
        blocks.append(RawBlock(join_lines(lines)))
    return []


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Lines standing first or last on at least half of three or more pages: headers, footers."""
    if len(page_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in page_lines:
        kept = [line for line in lines if line and not _PAGE_NUMBER.match(line)]
        counts.update({_shape(line) for line in kept[:1] + kept[-1:] if len(line) <= _MAX_RUNNING_LINE})
    return {shape for shape, count in counts.items() if count >= max(3, len(page_lines) / 2)}


def _strip_furniture(lines: list[str], running: set[str]) -> list[str]:
    kept = [line for line in lines if line]
    while kept and (_PAGE_NUMBER.match(kept[0]) or _shape(kept[0]) in running):
        kept.pop(0)
    while kept and (_PAGE_NUMBER.match(kept[-1]) or _shape(kept[-1]) in running):
        kept.pop()
    if not kept:
        return []
    start = lines.index(kept[0])
    end = len(lines) - lines[::-1].index(kept[-1])
    return lines[start:end]


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line)


@contextmanager
def _pypdf_messages(where: str) -> Iterator[list[Diagnostic]]:
    """Collect pypdf's warnings and log messages as diagnostics instead of printing them."""
    messages: list[Diagnostic] = []
    seen: set[str] = set()

    def note(text: str) -> None:
        if text not in seen and len(seen) < _MAX_PDF_WARNINGS:
            seen.add(text)
            messages.append(Diagnostic(where, f"pypdf: {text}"))

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            note(_one_line(record.getMessage()))

    logger = logging.getLogger("pypdf")
    handler = Collector(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        for warning in caught:
            note(_one_line(str(warning.message)))
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _one_line(message: object) -> str:
    return " ".join(str(message).split())[:200] or type(message).__name__
