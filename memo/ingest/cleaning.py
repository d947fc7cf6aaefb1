"""The one ingestion boundary for characters: bytes to text, then text every writer can carry.

`decode_bytes` turns a file's bytes into a string: a byte-order mark (UTF-8/16/32) decides first,
then strict UTF-8, then an encoding the file declares (HTML), then charset-normalizer's guess, which
is always reported. NUL bytes mean the file is binary, not text.

`clean_text` is applied to every string that reaches the memo, from every format, so the DOCX and
PDF writers never see raw input. Its rules, which define the text citations point into:

- line breaks (CR LF, CR, VT, NEL, U+2028) become LF; a form feed or U+2029 becomes a paragraph
  break (a blank line);
- C0 and C1 control characters (other than tab and the line breaks above), DEL, non-characters
  (U+FFFE, U+FFFF, U+FDD0..U+FDEF...) and lone surrogates are deleted, each reported once with
  the `file:line:col` of its first occurrence and its code point; a stray byte-order mark
  (U+FEFF) inside the text is deleted silently;
- the text is NFC-normalised;
- any run of horizontal white space (tabs, no-break and other Unicode spaces) becomes one ASCII
  space, and lines lose leading and trailing spaces: "US  – Afghanistan" reads "US – Afghanistan".
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from collections.abc import Iterable

import charset_normalizer

from memo.errors import Diagnostic, SourceError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# When several code pages decode a file equally plausibly (charset-normalizer cannot tell cp1252
# from cp1250 on English text), prefer the one most files in that family are written in.
_PREFERRED_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1256", "cp1253", "cp1254", "cp1255", "cp1257", "cp1258",
    "iso8859_1", "iso8859_15", "iso8859_2", "iso8859_5", "iso8859_6", "koi8_r", "mac_roman",
)
_TIE = 0.011  # chaos difference (0-1) below which two guesses are equally plausible
_MAX_CHAOS = 0.2  # the confidence threshold: a guess whose decoded text is messier is no guess

_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0010fffe\U0010ffff]"
)
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x85\u2028]")
_PARAGRAPH_BREAK = re.compile("[\x0c\u2029]")
_SOURCE_LINE_BREAK = re.compile("\r\n|[\r\n]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
# Anything clean_line would change: a removed character, any white space but a single inner space.
_NOT_A_CLEAN_LINE = re.compile(_REMOVED.pattern + "|\ufeff" + r"|[^\S ]|  |^ | $")


def decode_bytes(data: bytes, where: str, *, declared: str | None = None) -> tuple[str, list[Diagnostic]]:
    """Decode a file's bytes to text, reporting any encoding that had to be guessed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"{where} starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {exc.start + len(bom)}); re-save it as UTF-8"
                ) from None
            _refuse_binary(text, where)
            return text, []
    if b"\x00" in data:
        _refuse_binary("\x00", where)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if declared is not None:
        text = _decode_declared(data, declared)
        if text is not None:
            return text, [Diagnostic(where, f"decoded as {declared} (declared in the file, not UTF-8)")]
    encoding, text = _guess(data, where)
    return text, [Diagnostic(where, f"decoded as {encoding} (guessed); re-save as UTF-8 to be sure")]


def _refuse_binary(text: str, where: str) -> None:
    if "\x00" in text:
        raise SourceError(
            f"{where} contains NUL bytes, so it is binary, not text; give the document itself "
            "(.txt, .md, .html, .docx or .pdf), or re-save it as UTF-8 text"
        )


def _decode_declared(data: bytes, declared: str) -> str | None:
    try:
        return data.decode(codecs.lookup(declared).name)
    except (LookupError, UnicodeDecodeError):
        return None


def _guess(data: bytes, where: str) -> tuple[str, str]:
    matches = list(charset_normalizer.from_bytes(data, threshold=_MAX_CHAOS))
    if not matches:
        raise SourceError(
            f"{where} is not UTF-8 and its encoding cannot be recognised; re-save it as UTF-8"
        )
    least = min(match.chaos for match in matches)
    tied = {match.encoding: match for match in matches if match.chaos <= least + _TIE}
    preferred = next((name for name in _PREFERRED_ENCODINGS if name in tied), None)
    match = tied[preferred] if preferred else matches[0]
    return match.encoding, str(match)


def clean_text(raw: str, where: str, *, context: str = "") -> tuple[str, list[Diagnostic]]:
    """Apply the cleaning rules of this module; diagnostics name `where:line:col` in `raw`.

    `context` is appended to each message, e.g. " (on page 3)" when `raw` is one page of a PDF.
    """
    diagnostics = list(_removal_diagnostics(raw, where, context))
    text = _REMOVED.sub("", raw).replace("\ufeff", "")
    text = _PARAGRAPH_BREAK.sub("\n\n", _LINE_BREAK.sub("\n", text))
    text = unicodedata.normalize("NFC", text)
    text = _HORIZONTAL_SPACE.sub(" ", text)
    return "\n".join(line.strip(" ") for line in text.split("\n")), diagnostics


def clean_line(raw: str) -> str:
    """Clean a short string (title, author...) to one line: no breaks, one space between words."""
    if not _NOT_A_CLEAN_LINE.search(raw) and unicodedata.is_normalized("NFC", raw):
        return raw
    text, _ = clean_text(raw, "")
    return " ".join(text.split())


def _removal_diagnostics(raw: str, where: str, context: str) -> Iterable[Diagnostic]:
    found: dict[str, tuple[int, int]] = {}
    for match in _REMOVED.finditer(raw):
        char = match.group()
        first, count = found.get(char, (match.start(), 0))
        found[char] = (first, count + 1)
    if not found:
        return
    line_starts = [0] + [m.end() for m in _SOURCE_LINE_BREAK.finditer(raw)]
    for char, (offset, count) in sorted(found.items(), key=lambda item: item[1][0]):
        line = bisect.bisect_right(line_starts, offset)
        column = offset - line_starts[line - 1] + 1
        times = f" ({count} times; first here)" if count > 1 else ""
        yield Diagnostic(
            f"{where}:{line}:{column}",
            f"removed {_describe(char)} U+{ord(char):04X}{times}{context}; "
            "it cannot appear in a DOCX or PDF memo",
        )


def _describe(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "the lone surrogate"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "the control character"
    return "the non-character"
