"""Independent checks of a PDF's text with poppler: fonts, extracted text, and visual word order.

Adapted from the team's research checker (notes/rtl/verify.py). A PDF passes when:
- `pdffonts` lists only embedded fonts with a ToUnicode map;
- `pdftotext` gives no U+FFFD and no ■, and every word of every paragraph;
- each digit group reads left to right (and its reverse is absent);
- each visual line from `pdftotext -bbox-layout` shows its letters in the order UAX#9 L2 puts
  them, which for a right-to-left line means the first logical word is the right-most.

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
