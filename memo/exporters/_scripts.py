"""Text as the exporters show it: one display boundary, direction, language and font coverage.

Every string of a memo passes through `display_text` once, field by field, before an exporter
sees it (`memo.exporters.base.display_memo`: NFC, bidi embeddings and isolates balanced); where a
label joins fields, `isolate` keeps each right-to-left field in its place. The exporters decide a
paragraph's direction with `paragraph_direction` (UAX#9 P2/P3) and its Arabic-script language
with `arabic_language`; `is_plain_ltr` tells, fast, the text that needs neither. `direction_runs`
cuts a paragraph into runs of one direction and script, which the DOCX marks up; `FontStack`
picks, character by character, the bundled font that draws it, which the PDF shapes, and names
the characters no bundled font has.

UAX#9 levels come from python-bidi's Rust engine only: its pure-Python engine predates Unicode
6.3 (no bracket pairs, no isolates) and gets mixed paragraphs wrong, so `bidi_levels` refuses
rather than fall back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from bidi import get_display

from memo.errors import ExportError
from memo.fonts import BUNDLED_FAMILIES, FALLBACK_FAMILIES, FONTS_DIR, Face

Direction = Literal["ltr", "rtl"]
ArabicLanguage = Literal["ps", "fa", "ur", "ar"]
ScriptClass = Literal["arabic", "east_asian", "other"]

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ZWJ, VS15, VS16 = "\u200d", "\ufe0e", "\ufe0f"
_EMBEDDING_OPENERS = frozenset(LRE + RLE + LRO + RLO)
_ISOLATE_OPENERS = frozenset(LRI + RLI + FSI)
_EXPLICIT_CONTROLS = LRE + RLE + PDF + LRO + RLO + LRI + RLI + FSI + PDI
_BIDI_CONTROLS = re.compile(f"[{_EXPLICIT_CONTROLS}]")
_PARAGRAPH_SEPARATORS = frozenset("\n\u2029")

# Letters that tell the Arabic-script languages apart. Pashto and Urdu each have letters of their
# own; Persian (Dari) shares its four extra letters and its kaf and yeh with both, so it is the
# answer only when neither Pashto nor Urdu letters occur and its letters outnumber Arabic's.
PASHTO_LETTERS = frozenset("ښږځڅډړټېۍڼګ")
URDU_LETTERS = frozenset("ےۓٹڈڑںھہ")
PERSIAN_LETTERS = frozenset("پچژگکی")
ARABIC_ONLY_LETTERS = frozenset("كيةى")

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_EAST_ASIAN = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
_RTL_CLASSES = frozenset({"R", "AL"})
_EMOJI_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\u20e3]")
_LEVEL = re.compile(r"Level\(\s*(\d+)")


def display_text(text: str) -> str:
    """`text` as every exporter shows it: NFC-normalised, its bidi embeddings and isolates balanced."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return balance_bidi_controls(text)


def needs_display(text: str) -> bool:
    """Whether `display_text` might change `text`: a fast test, for a whole memo at once."""
    # `in` per control character scans several times faster than one regular expression.
    return not unicodedata.is_normalized("NFC", text) or any(control in text for control in _EXPLICIT_CONTROLS)


def balance_bidi_controls(text: str) -> str:
    """`text` with every unterminated embedding or isolate closed at the end of its line.

    A closer that closes nothing (a PDF or PDI without its opener) is dropped, since UAX#9 ignores
    it anyway; a PDI that closes an isolate first closes, explicitly, the embeddings opened inside
    it. Everything else, including LRM/RLM marks, is kept as written.
    """
    if _BIDI_CONTROLS.search(text) is None:
        return text
    out: list[str] = []
    stack: list[str] = []

    def close_all() -> None:
        out.extend(PDF if kind == "embedding" else PDI for kind in reversed(stack))
        stack.clear()

    for char in text:
        if char in _EMBEDDING_OPENERS:
            stack.append("embedding")
        elif char in _ISOLATE_OPENERS:
            stack.append("isolate")
        elif char == PDF:
            if not stack or stack[-1] != "embedding":
                continue
            stack.pop()
        elif char == PDI:
            if "isolate" not in stack:
                continue
            while stack[-1] == "embedding":
                stack.pop()
                out.append(PDF)
            stack.pop()
        elif char in _PARAGRAPH_SEPARATORS:
            close_all()
        out.append(char)
    close_all()
    return "".join(out)


def first_strong_direction(text: str) -> Direction | None:
    """Direction of the first strong character outside isolates (UAX#9 P2), `None` when there is none."""
    depth = 0
    for char in text:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in _RTL_CLASSES:
                return "rtl"
    return None


def paragraph_direction(text: str, default: Direction = "ltr") -> Direction:
    """The base direction of a paragraph (UAX#9 P2/P3): its first strong character's, else `default`."""
    return first_strong_direction(text) or default


# A superset of the characters that make text more than one plain left-to-right run: right-to-left
# letters, marks and digits (Hebrew to Arabic Extended-A, presentation forms, the astral
# right-to-left blocks), right-to-left marks and controls, and East Asian characters.
_NOT_PLAIN_LTR = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\u2068\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]|" + _EAST_ASIAN.pattern
)


def is_plain_ltr(text: str) -> bool:
    """Whether `text` is sure to be one left-to-right run of no particular script (a fast test).

    False for anything with right-to-left, Arabic-script or East Asian characters, which need
    `direction_runs`; True text in a left-to-right paragraph needs no direction or script markup.
    """
    return text.isascii() or _NOT_PLAIN_LTR.search(text) is None


def has_rtl(text: str) -> bool:
    """Whether `text` has a right-to-left character (Arabic, Hebrew, Syriac, Thaana...)."""
    return not is_plain_ltr(text) and any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def isolate(text: str) -> str:
    """`text` wrapped in FSI…PDI when it has right-to-left characters, so that where it is inserted
    into a longer line it keeps its place: two Pashto titles in an English line stay in reading
    order, instead of merging into one right-to-left run that shows the second first (UAX#9 isolates).
    """
    if text.isascii() or _NOT_PLAIN_LTR.search(text) is None:
        return text
    return f"{FSI}{text}{PDI}" if has_rtl(text) else text


def arabic_language(text: str) -> ArabicLanguage | None:
    """The language of the Arabic-script text in `text`, guessed from its letters; `None` without any.

    Pashto and Urdu are recognised by their own letters, Persian (Dari) by پ چ ژ گ ک ی without
    those; anything else in Arabic script is taken for Arabic. Short text without telling letters
    (a name) can be guessed wrong, so pass what the context knows where it knows better.
    """
    if _ARABIC_SCRIPT.search(text) is None:
        return None
    pashto = sum(char in PASHTO_LETTERS for char in text)
    urdu = sum(char in URDU_LETTERS for char in text)
    if pashto or urdu:
        return "ps" if pashto >= urdu else "ur"
    if sum(char in PERSIAN_LETTERS for char in text) > sum(char in ARABIC_ONLY_LETTERS for char in text):
        return "fa"
    return "ar"


def east_asian_language(text: str) -> str:
    """A language tag for CJK text: Japanese with kana, Korean with hangul, else Simplified Chinese."""
    if re.search("[\u3040-\u30ff\u31f0-\u31ff]", text):
        return "ja-JP"
    if re.search("[\u1100-\u11ff\uac00-\ud7af]", text):
        return "ko-KR"
    return "zh-CN"


def script_class(char: str) -> ScriptClass:
    """Which font slot a character belongs to in Word: complex script, East Asian or the rest."""
    if _ARABIC_SCRIPT.match(char):
        return "arabic"
    if _EAST_ASIAN.match(char):
        return "east_asian"
    return "other"


# --- UAX#9 levels ---------------------------------------------------------------------------------


def bidi_levels(text: str, direction: Direction) -> list[int]:
    """The UAX#9 embedding level of every character of `text` (before rule L1), in a paragraph of `direction`.

    Read from python-bidi's documented `get_display(debug=True)`, which returns the Rust engine's
    `BidiInfo` with one level per UTF-8 byte. Raises `ExportError` when that output is not there
    (python-bidi other than 0.6, or its pure-Python engine), rather than lay text out wrongly.
    """
    if not text:
        return []
    try:
        dump = get_display(text, base_dir="R" if direction == "rtl" else "L", debug=True)
        section = dump.rsplit("\n    levels: [", 1)[1].split("\n    ]", 1)[0]
    except (IndexError, TypeError, AttributeError, ValueError):
        section = ""
    levels = [int(level) for level in _LEVEL.findall(section)]
    if len(levels) != len(text.encode("utf-8")):
        raise ExportError(
            f"cannot order {_script_name(text)} text for display: python-bidi did not report UAX#9 levels; "
            "install python-bidi 0.6 (its Rust engine) or omit the PDF"
        )
    out: list[int] = []
    position = 0
    for char in text:
        out.append(levels[position])
        position += len(char.encode("utf-8"))
    return out


def _script_name(text: str) -> str:
    char = next((c for c in text if unicodedata.bidirectional(c) in _RTL_CLASSES), None)
    if char is None:
        return "mixed-direction"
    return unicodedata.name(char, "right-to-left").split()[0].capitalize() + "-script right-to-left"


# --- Direction runs (for the DOCX) -----------------------------------------------------------------


@dataclass(frozen=True)
class TextRun:
    """A piece of a paragraph in one direction and one script class, in logical order."""

    text: str
    rtl: bool
    """Part of a right-to-left run: right-to-left words and the numbers and punctuation between them."""
    script: ScriptClass
    """Arabic-script runs take the complex-script font, size and language; East Asian ones theirs."""


def direction_runs(text: str, direction: Direction | None = None) -> list[TextRun]:
    """`text` cut where its direction (UAX#9 levels) or script class changes, in logical order.

    A character at an odd level is right-to-left. A stretch at an even level above the paragraph's
    that holds no left-to-right letter and touches right-to-left text (a number inside
    Arabic-script text) stays with the right-to-left run around it, so Word keeps ۲۰۲۱ inside its
    sentence. Neutral characters (spaces, Latin punctuation, ASCII digits, ZWNJ, marks) take the
    script class of the text before them in the same direction, else of the text after, else
    "other".
    """
    if not text:
        return []
    direction = direction or paragraph_direction(text)
    levels = bidi_levels(text, direction)
    base = 1 if direction == "rtl" else 0
    rtl = [level % 2 == 1 for level in levels]
    i = 0
    while i < len(text):
        if levels[i] % 2 == 0 and levels[i] > base:
            j = i
            while j < len(text) and levels[j] % 2 == 0 and levels[j] > base:
                j += 1
            before = levels[i - 1] if i else base
            after = levels[j] if j < len(text) else base
            if (before % 2 or after % 2) and not any(unicodedata.bidirectional(c) == "L" for c in text[i:j]):
                rtl[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1
    classes: list[ScriptClass | None] = [
        None if _is_neutral(char) else script_class(char) for char in text
    ]
    _fill_neutrals(classes, rtl)
    runs: list[TextRun] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or (rtl[end], classes[end]) != (rtl[start], classes[start]):
            runs.append(TextRun(text[start:end], rtl[start], classes[start] or "other"))
            start = end
    return runs


def _is_neutral(char: str) -> bool:
    if _ARABIC_SCRIPT.match(char):
        return False
    category = unicodedata.category(char)
    return category[0] in "ZPMC" or (category == "Nd" and char.isascii()) or category in ("Sk", "Sm")


def _fill_neutrals(classes: list[ScriptClass | None], rtl: Sequence[bool]) -> None:
    """Give each neutral the class before it in the same direction, else the class after it."""
    previous: ScriptClass | None = None
    for i, value in enumerate(classes):
        if i and rtl[i] != rtl[i - 1]:
            previous = None
        if value is None:
            classes[i] = previous
        else:
            previous = value
    following: ScriptClass | None = None
    for i in range(len(classes) - 1, -1, -1):
        if i + 1 < len(classes) and rtl[i] != rtl[i + 1]:
            following = None
        if classes[i] is None:
            classes[i] = following
        else:
            following = classes[i]


# --- Fonts ------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FontFile:
    """One validated bundled TrueType file and the characters it draws."""

    family: str
    path: Path
    unicodes: frozenset[int]
    upem: int
    ascender: int
    descender: int
    """Below the baseline, so negative (font units)."""

    def covers(self, char: str) -> bool:
        """Whether the font maps `char` to a glyph."""
        return ord(char) in self.unicodes

    @property
    def line_height(self) -> float:
        """Ascender to descender as a multiple of the font size."""
        return (self.ascender - self.descender) / self.upem


@cache
def load_font(family: str, path: Path) -> FontFile:
    """Open and validate a TrueType file: glyf outlines, static, with a Unicode cmap."""
    # Imported here: only the PDF reads fonts, and harfbuzz would add ~40 ms to every DOCX run.
    import uharfbuzz as hb

    try:
        face = hb.Face(hb.Blob.from_file_path(str(path)))
    except Exception as exc:  # harfbuzz raises plain exceptions for unreadable files
        raise ExportError(f"cannot read the bundled font {path.name} ({exc}); reinstall memo") from None
    tags = set(face.table_tags)
    problem = None
    if not tags:
        problem = "not a font file"
    elif "glyf" not in tags or "loca" not in tags:
        problem = "PostScript (CFF) outlines, which reportlab cannot embed; use a TrueType (glyf) build"
    elif "fvar" in tags:
        problem = "a variable font, which reportlab cannot embed; use a static instance"
    elif not face.unicodes:
        problem = "no Unicode character map"
    if problem:
        raise ExportError(f"the font {path.name} ({family}) is {problem}")
    extents = hb.Font(face).get_font_extents("ltr")
    return FontFile(family, path, frozenset(face.unicodes), face.upem, extents.ascender, extents.descender)


def family_file(family: str, face: Face) -> Path:
    """The bundled file of `family` closest to `face`: bold italic falls back to bold, then regular."""
    faces = BUNDLED_FAMILIES[family]
    for candidate in {"bolditalic": ("bolditalic", "bold"), "italic": ("italic",), "bold": ("bold",)}.get(face, ()):
        if candidate in faces:
            return FONTS_DIR / faces[candidate]
    return FONTS_DIR / faces["regular"]


@dataclass(frozen=True)
class MissingChar:
    """A character no font of a stack draws."""

    code_point: int
    name: str

    def __str__(self) -> str:
        return f"U+{self.code_point:04X} {self.name}"


@dataclass(frozen=True)
class FontRun:
    """Characters `start`..`end` of a text, drawn in `stack.fonts[font]`."""

    start: int
    end: int
    font: int


class FontStack:
    """Fonts in order of preference; each character goes to the first that draws it, with its neighbours."""

    def __init__(self, fonts: Sequence[FontFile]) -> None:
        self.fonts = tuple(fonts)
        self._emoji = next((i for i, f in enumerate(self.fonts) if f.family == "Noto Emoji"), None)

    def assign(self, text: str) -> list[int]:
        """The index of the font that draws each character of `text`.

        Letters, symbols and non-ASCII digits take the first font that draws them (the emoji font
        first when U+FE0F follows, a text font first when U+FE0E follows). Combining marks, ZWJ,
        ZWNJ, variation selectors, emoji modifiers and other format characters stay in the font of
        the character they attach to, so shaping sees them together; when that font lacks a mark,
        the whole cluster moves to a font that has all of it. Spaces, punctuation and ASCII digits
        keep the font of the text before them if it has them, else that of the text after (but
        spaces never come from the emoji font).
        A character no font draws gets font 0 (see `missing`).
        """
        chosen: list[int | None] = [None] * len(text)
        for i, char in enumerate(text):
            if _attaches(char) and i and chosen[i - 1] is not None:
                chosen[i] = chosen[i - 1]
                if not (self.fonts[chosen[i]].covers(char) or _ignorable(char)):
                    self._move_cluster(text, chosen, i)
            elif _is_strong_for_fonts(char):
                chosen[i] = self._first(char, text[i + 1:i + 2])
            elif i and self._lends(chosen[i - 1], char):
                chosen[i] = chosen[i - 1]
        following: int | None = None
        for i in range(len(text) - 1, -1, -1):
            if chosen[i] is None:
                char = text[i]
                if self._lends(following, char):
                    chosen[i] = following
                else:
                    chosen[i] = self._first(char, text[i + 1:i + 2])
            following = chosen[i]
        return [index if index is not None else 0 for index in chosen]

    def runs(self, text: str) -> list[FontRun]:
        """`text` cut into runs of one font."""
        assigned = self.assign(text)
        runs: list[FontRun] = []
        start = 0
        for end in range(1, len(text) + 1):
            if end == len(text) or assigned[end] != assigned[start]:
                runs.append(FontRun(start, end, assigned[start]))
                start = end
        return runs

    def missing(self, text: str) -> list[MissingChar]:
        """The characters of `text` that no font draws, each once, in order of appearance.

        Format characters (ZWJ, bidi controls, variation selectors...) never count: shaping hides
        them when a font has no glyph for them.
        """
        seen: dict[str, None] = {}
        for char in text:
            if char not in seen and not char.isspace() and not _ignorable(char) and not self.covers(char):
                seen[char] = None
        return [MissingChar(ord(char), unicodedata.name(char, "unassigned or private-use character"))
                for char in seen]

    def covers(self, char: str) -> bool:
        """Whether some font of the stack draws `char`."""
        return any(font.covers(char) for font in self.fonts)

    def _lends(self, font: int | None, char: str) -> bool:
        """Whether a neutral `char` next to text in `font` can be set in that font.

        Not a space in the emoji font: its spaces are as wide as an emoji.
        """
        return font is not None and self.fonts[font].covers(char) and not (font == self._emoji and char.isspace())

    def _first(self, char: str, after: str) -> int | None:
        order: Iterable[int] = range(len(self.fonts))
        if self._emoji is not None and after == VS16:
            order = [self._emoji, *order]
        elif self._emoji is not None and after == VS15:
            order = [i for i in order if i != self._emoji]
        return next((i for i in order if self.fonts[i].covers(char)), None)

    def _move_cluster(self, text: str, chosen: list[int | None], mark: int) -> None:
        start = mark
        while start > 0 and _attaches(text[start]):
            start -= 1
        cluster = text[start:mark + 1]
        better = next((i for i, font in enumerate(self.fonts)
                       if all(font.covers(c) or _ignorable(c) for c in cluster)), None)
        if better is not None:
            chosen[start:mark + 1] = [better] * (mark + 1 - start)


def _attaches(char: str) -> bool:
    """Characters that belong with the one before them: marks, joiners, selectors, emoji modifiers."""
    category = unicodedata.category(char)
    return category[0] == "M" or category == "Cf" or _EMOJI_MODIFIERS.match(char) is not None


def _ignorable(char: str) -> bool:
    """Default-ignorable characters that shaping hides when the font lacks them."""
    return unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"


def _is_strong_for_fonts(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LS" or category in ("No", "Nl") or (category == "Nd" and not char.isascii())


@cache
def font_stack(family: str, face: Face = "regular", fallbacks: tuple[str, ...] = FALLBACK_FAMILIES) -> FontStack:
    """The bundled fonts for text in `family` and `face`: the family itself, then each of `fallbacks`.

    A house style puts its own Arabic-script and East Asian families first (see `fallback_families`).
    """
    families = [family, *(f for f in dict.fromkeys(fallbacks) if f != family)]
    return FontStack([load_font(name, family_file(name, face)) for name in families])


def fallback_families(*preferred: str) -> tuple[str, ...]:
    """`preferred` families, then the rest of `FALLBACK_FAMILIES` in their usual order."""
    return tuple(dict.fromkeys((*preferred, *FALLBACK_FAMILIES)))


# Letters a font for each script slot of a house style must draw: Pashto, Dari, Urdu and Arabic
# letters and digits; Chinese (simplified and traditional) and Japanese kana.
SCRIPT_SAMPLES = {
    "arabic": "ابپتټثجچځحخڅدډذرړزژږسشښصضطظعغفقکگلمنڼوهۀیېۍےہھ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩",
    "east_asian": "中国外交部发言人表示和平进程國際關係ひらがなカタカナ。，",
}


def uncovered(family: str, script: str) -> list[MissingChar]:
    """The letters of `script` ("arabic" or "east_asian") that bundled `family` does not draw."""
    return font_stack(family, "regular", ()).missing(SCRIPT_SAMPLES[script])


def missing_glyphs_message(missing: Sequence[MissingChar]) -> str:
    """A warning naming the characters no bundled font draws and what the reader will see."""
    listed = ", ".join(str(m) for m in missing[:10])
    more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    return (
        f"no bundled font draws {listed}{more}; the PDF shows a box in their place "
        "(the text layer keeps the characters)"
    )
