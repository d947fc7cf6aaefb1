"""Independent checks of a PDF's text with poppler: fonts, extracted text, and visual word order.

Adapted from the team's research checker (notes/rtl/verify.py). A PDF passes when:
- `pdffonts` lists only embedded fonts with a ToUnicode map;
- `pdftotext` gives no U+FFFD and no ■, and every word of every paragraph;
- each digit group reads left to right (and its reverse is absent);
- each visual line from `pdftotext -bbox-layout` shows its letters in the order UAX#9 L2 puts
  them, which for a right-to-left line means the first logical word is the right-most;
- in a page with tables, where one visual line crosses several cells, the line piece where each
  paragraph starts (`line_pieces`, `first_line`) does the same.

Letters are compared, not glyph shapes: poppler spells a right-to-left word in visual order and
splits vertically offset marks into words of their own, so only letters and digits (category L
and N) are kept, and words made of marks or punctuation only are dropped.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from memo.exporters._scripts import Direction, bidi_levels, paragraph_direction

_XHTML = "{http://www.w3.org/1999/xhtml}"
_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9\u066b\u066c]"
# Separate paragraphs, and lines that lie closer than this (pt) between centres are one line.
_LINE_TOLERANCE = 6.0
# LibreOffice draws "الله" as one ligature glyph standing for four letters; poppler spreads those
# letters left to right inside the right-to-left line, so the line reads "للها" where "هللا" is
# drawn (notes/rtl-pdf.md section 4). Our PDFs avoid the ligature; LibreOffice's are read with this.
POPPLER_LIGATURE_SPELLINGS = {"للها": "هللا"}


def _undo_ligature_quirk(text: str) -> str:
    for spelled, drawn in POPPLER_LIGATURE_SPELLINGS.items():
        text = text.replace(spelled, drawn)
    return text


def is_letter(char: str) -> bool:
    """Letters and digits: what the word-order checks compare (tatweel excluded)."""
    return unicodedata.category(char)[0] in "LN" and char != "\u0640"


def letters(text: str) -> str:
    """The letters and digits of `text`, NFKC-normalised (presentation forms become letters)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if is_letter(c))


def key(word: str) -> str:
    """A spelling-order-free identity of a word: its letters, sorted."""
    return "".join(sorted(letters(word)))


def pdftotext(pdf: Path) -> str:
    """The PDF's text as poppler extracts it (UTF-8)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@dataclass(frozen=True)
class PdfFont:
    """One line of `pdffonts`."""

    name: str
    type: str
    embedded: bool
    unicode: bool


def pdffonts(pdf: Path) -> list[PdfFont]:
    """The fonts `pdffonts` lists."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        fields = line.split()
        # name, type words..., encoding, emb, sub, uni, object id, generation
        fonts.append(PdfFont(fields[0], " ".join(fields[1:-6]), fields[-5] == "yes", fields[-3] == "yes"))
    return fonts


@dataclass(frozen=True)
class Word:
    """A word of `pdftotext -bbox-layout`, with page-stacked coordinates."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def centre(self) -> float:
        return (self.y0 + self.y1) / 2


def bbox_words(pdf: Path) -> list[Word]:
    """Every word of every page; page n lies 10,000 pt below page n-1."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [
        Word(w.text or "", float(w.get("xMin")), float(w.get("xMax")),
             float(w.get("yMin")) + 1e4 * n, float(w.get("yMax")) + 1e4 * n)
        for n, page in enumerate(ET.fromstring(xml).iter(_XHTML + "page"))
        for w in page.iter(_XHTML + "word")
    ]


def visual_lines(words: list[Word]) -> list[list[Word]]:
    """Words with letters grouped into lines (top to bottom), each sorted left to right."""
    lines: list[tuple[float, list[Word]]] = []
    for word in sorted((w for w in words if letters(w.text)), key=lambda w: w.centre):
        if lines and abs(word.centre - lines[-1][0]) < _LINE_TOLERANCE:
            lines[-1][1].append(word)
        else:
            lines.append((word.centre, [word]))
    return [sorted(line, key=lambda w: w.x0) for _, line in lines]


def l2(levels: list[int]) -> list[int]:
    """Indices 0..n-1 in visual order, by UAX#9 rule L2 over `levels`."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if odd:
        for level in range(max(levels), min(odd) - 1, -1):
            i = 0
            while i < len(order):
                if levels[order[i]] >= level:
                    j = i
                    while j < len(order) and levels[order[j]] >= level:
                        j += 1
                    order[i:j] = order[i:j][::-1]
                    i = j
                else:
                    i += 1
    return order


@dataclass(frozen=True)
class LineCheck:
    """One visual line of one paragraph, as found and as UAX#9 wants it."""

    paragraph: int
    line: int
    direction: Direction
    got: str
    """The line's letters, left to right, as poppler placed its words."""
    want: str
    """The same letters in UAX#9 visual order."""
    start_word: str
    """The word at the line's start side (right-most for a right-to-left paragraph)."""
    first_logical_word: str
    """The first word of the line in reading order."""
    left: float
    right: float
    """Where the line's words begin and end on the page (pt from the left edge)."""

    @property
    def ok(self) -> bool:
        return self.got == self.want


def check_lines(pdf: Path, paragraphs: list[str], *, ligature_quirk: bool = False) -> list[LineCheck]:
    """Walk the PDF's visual lines against `paragraphs` (the only text in the PDF, in order).

    Each line takes as many letters from the logical text as poppler found on it; UAX#9 L2 over
    those letters' levels gives the order they must show in, left to right. `ligature_quirk`
    reads poppler's spelling of the "الله" ligature as drawn (for LibreOffice's PDFs).
    """
    lines = visual_lines(bbox_words(pdf))
    checks: list[LineCheck] = []
    index = 0
    for number, text in enumerate(paragraphs):
        direction = paragraph_direction(text)
        levels = bidi_levels(text, direction)
        positions = [i for i, c in enumerate(text) if is_letter(c)]
        words = [m for m in re.finditer(r"\S+", text) if letters(m.group())]
        taken = 0
        line_number = 0
        while taken < len(positions):
            if index >= len(lines):
                raise AssertionError(f"paragraph {number} ran out of lines: {text!r}")
            line = lines[index]
            index += 1
            got = "".join(letters(w.text) for w in line)
            if ligature_quirk:
                got = _undo_ligature_quirk(got)
            mine = positions[taken:taken + len(got)]
            taken += len(got)
            want = "".join(text[mine[i]] for i in l2([levels[i] for i in mine]))
            first_word = next(m.group() for m in words if m.end() > mine[0])
            start_word = line[-1].text if direction == "rtl" else line[0].text
            checks.append(LineCheck(number, line_number, direction, got, want, start_word, first_word,
                                    line[0].x0, line[-1].x1))
            line_number += 1
    return checks


# Words of one line farther apart than this (pt) are in different table cells, or are a bullet
# and its text: cell padding leaves at least 8 pt between cells, word spaces are under 7 pt.
PIECE_GAP = 7.0


def line_pieces(words: list[Word], gap: float = PIECE_GAP) -> list[list[Word]]:
    """Every visual line cut where neighbouring words lie more than `gap` apart (table cells, bullets)."""
    pieces = []
    for line in visual_lines(words):
        piece = [line[0]]
        for before, word in zip(line, line[1:]):
            if word.x0 - before.x1 > gap:
                pieces.append(piece)
                piece = []
            piece.append(word)
        pieces.append(piece)
    return pieces


@dataclass(frozen=True)
class FirstLine:
    """The piece of a visual line where a paragraph starts, as found and as UAX#9 wants it."""

    text: str
    got: str
    want: str
    start_word: str
    """The word at the paragraph's start side of the line (right-most for a right-to-left paragraph)."""
    first_logical_word: str
    words: int
    """How many words of the paragraph the line shows."""
    left: float
    right: float
    """Where the line's words begin and end on the page (pt from the left edge)."""
    centre: float
    """The vertical centre of the line (page-stacked, as `Word.centre`)."""


def first_line(pieces: list[list[Word]], texts: list[str], *, direction: Direction | None = None,
               ligature_quirk: bool = False) -> FirstLine | None:
    """The line piece that starts one of `texts` (variants of one paragraph), showing most of it.

    A piece starts a paragraph when its letters, left to right, are the paragraph's first letters
    in the order UAX#9 L2 gives them; for a right-to-left paragraph its first word is then right-most.
    `direction` is the paragraph's (`None`: from the first strong character of each text).
    """
    best: FirstLine | None = None
    for text in texts:
        levels = bidi_levels(text, direction or paragraph_direction(text))
        positions = [i for i, c in enumerate(text) if is_letter(c)]
        words = [m for m in re.finditer(r"\S+", text) if letters(m.group())]
        for piece in pieces:
            got = "".join(letters(w.text) for w in piece)
            if ligature_quirk:
                got = _undo_ligature_quirk(got)
            if not got or len(got) > len(positions):
                continue
            mine = positions[:len(got)]
            want = "".join(text[mine[i]] for i in l2([levels[i] for i in mine]))
            if got != want or (best is not None and len(got) <= len(best.got)):
                continue
            shown = sum(1 for m in words if m.start() <= mine[-1])
            start_word = piece[-1].text if (direction or paragraph_direction(text)) == "rtl" else piece[0].text
            best = FirstLine(text, got, want, start_word, words[0].group(), shown, piece[0].x0, piece[-1].x1,
                             piece[0].centre)
    return best


def digit_group_problems(pdf_text: str, groups: list[str]) -> list[str]:
    """Digit groups missing from the extracted text, or present reversed."""
    problems = []
    for group in groups:
        pattern = r"(?<!{d}){g}(?!{d})"
        if not re.search(pattern.format(d=_DIGIT, g=re.escape(group)), pdf_text):
            problems.append(f"{group} not found")
        if group != group[::-1] and re.search(pattern.format(d=_DIGIT, g=re.escape(group[::-1])), pdf_text):
            problems.append(f"{group} found reversed as {group[::-1]}")
    return problems


def missing_words(pdf: Path, paragraphs: list[str], *, ligature_quirk: bool = False) -> list[str]:
    """Words of `paragraphs` whose letters the PDF does not show in a row, in either direction.

    The PDF's letters are read line by line, left to right, so a right-to-left word shows
    reversed; poppler's own word boundaries are not trusted, because it cuts words at ligatures
    and at vertically offset marks (which LibreOffice's PDFs show too).
    """
    shown = "".join(letters(w.text) for line in visual_lines(bbox_words(pdf)) for w in line)
    if ligature_quirk:
        shown = _undo_ligature_quirk(shown)
    return [
        word for text in paragraphs for word in re.findall(r"\S+", text)
        if letters(word) and letters(word) not in shown and letters(word)[::-1] not in shown
    ]


def character_counts(text: str) -> Counter[str]:
    """Characters of `text` that should survive extraction: no spaces, controls or tatweel."""
    return Counter(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf" and c != "\u0640")
