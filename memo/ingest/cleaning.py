"""The one ingestion boundary for characters: bytes to text, then text every writer can carry.

`decode_bytes` turns a file's bytes into a string: a byte-order mark (UTF-8/16/32) decides first,
then UTF-16 recognised by its pattern of NUL bytes, then strict UTF-8 (also with surrogates encoded
one by one, as Java and JavaScript tools write: CESU-8), then UTF-8 with a few damaged bytes (each
shown as U+FFFD and reported with its line and column, rather than the whole file misread in
a legacy code page), then an encoding the file declares (HTML), then charset-normalizer's guess,
which is always reported. Other NUL bytes mean the file is binary, not text.

`clean_text` is applied to every string that reaches the memo, from every format, so the DOCX and
PDF writers never see raw input. Its rules, which define the text citations point into:

- line breaks (CR LF, CR, VT, NEL, U+2028) become LF; a form feed or U+2029 becomes a paragraph
  break (a blank line);
- C0 and C1 control characters (other than tab and the line breaks above), DEL, non-characters
  (U+FFFE, U+FFFF, U+FDD0..U+FDEF...), lone surrogates and the bidi overrides U+202D/U+202E
  (which display text in an order other than its own: "Trojan Source") are deleted, each
  reported once with the `file:line:col` of its first occurrence and its code point; a stray
  byte-order mark (U+FEFF) inside the text is deleted silently;
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
_MAX_DAMAGED = 100  # more invalid UTF-8 sequences than this: the file is in another encoding
_UTF16_NULS = 0.3  # share of the high (or low) bytes of UTF-16 text that are NUL, at the least

_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ud800-\udfff\u202d\u202e"
    # The two noncharacters at the end of every plane, U+FFFE and U+FFFF to U+10FFFE and U+10FFFF.
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_UTF8_LEADS = bytes(range(0xC2, 0xF5))
"""Bytes that start a multi-byte UTF-8 sequence."""
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
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            _refuse_binary("\x00", where)
        encoding, text = utf16
        return text, [Diagnostic(where, f"decoded as {encoding} (no byte-order mark); re-save as UTF-8 to be sure")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first_invalid = exc.start
    try:
        # CESU-8: recombine the surrogate pairs; clean_text reports any lone surrogate left.
        return data.decode("utf-8", "surrogatepass").encode("utf-16-le", "surrogatepass").decode(
            "utf-16-le", "surrogatepass"), []
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data, first_invalid, where)
    if damaged is not None:
        return damaged
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


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, told by NULs in every other byte, and its encoding name."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for encoding, high, low in (("UTF-16-LE", odd, even), ("UTF-16-BE", even, odd)):
        # ASCII-heavy UTF-16 has NUL high bytes; text never has NUL low bytes.
        if high.count(0) >= _UTF16_NULS * len(high) and low.count(0) == 0:
            try:
                text = data.decode(encoding.lower())
            except UnicodeDecodeError:
                continue
            if not _BINARY_CONTROLS.search(text):
                return encoding, text
    return None


def _damaged_utf8(data: bytes, first: int, where: str) -> tuple[str, list[Diagnostic]] | None:
    """UTF-8 text with a few invalid sequences (each becomes U+FFFD), or `None` if it is not UTF-8.

    `first` is the offset of the first invalid byte. The text counts as UTF-8 when it has at
    least as many valid multi-byte characters as invalid sequences: a legacy code page almost
    never forms valid UTF-8 sequences by chance.
    """
    text = data.decode("utf-8", "replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = len(data) - len(data.translate(None, _UTF8_LEADS)) - damaged
    if damaged > _MAX_DAMAGED or multibyte < damaged:
        return None
    line = data.count(b"\n", 0, first) + 1
    column = len(data[data.rfind(b"\n", 0, first) + 1:first].decode("utf-8", "replace")) + 1
    many = f"{damaged} places are" if damaged > 1 else "1 place is"
    diagnostic = Diagnostic(
        f"{where}:{line}:{column}",
        f"{many} not UTF-8 (first byte 0x{data[first]:02x}); each is shown as U+FFFD (�) — fix the file "
        "or re-save it as UTF-8",
    )
    return text, [diagnostic]


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
        yield Diagnostic(f"{where}:{line}:{column}", removal_message(char, count, context))


def remove_forbidden(text: str) -> tuple[str, list[str]]:
    """`text` without the characters `clean_text` deletes, and the characters deleted (each once)."""
    removed = list(dict.fromkeys(_REMOVED.findall(text)))
    return (_REMOVED.sub("", text), removed) if removed else (text, removed)


def removal_message(char: str, count: int, context: str = "") -> str:
    """Why `char` was deleted (`count` times), worded as every reader reports it."""
    times = f" ({count} times; first here)" if count > 1 else ""
    reason = (
        "it would show the text in another order than it is written" if char in "\u202d\u202e"
        else "it cannot appear in a DOCX or PDF memo"
    )
    return f"removed {_describe(char)} U+{ord(char):04X}{times}{context}; {reason}"


def _describe(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "the lone surrogate"
    if char == "\u202e":
        return "the right-to-left override"
    if char == "\u202d":
        return "the left-to-right override"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "the control character"
    return "the non-character"
