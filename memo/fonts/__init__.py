"""Fonts bundled with the package (licences: README.md, OFL.txt and LICENSE-*.txt beside this file).

The PDF exporter embeds these, so a PDF looks the same on every machine; house styles name a
family here for their PDF fonts. `FALLBACK_FAMILIES` are the faces that take over, in order, for
characters a style's own font lacks: Arabic script, CJK, rare CJK ideographs, emoji and symbols.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

FONTS_DIR = Path(__file__).resolve().parent

Face = Literal["regular", "bold", "italic", "bolditalic"]

# Family name -> face -> file in FONTS_DIR. A face a family lacks falls back to its regular file.
BUNDLED_FAMILIES: dict[str, dict[Face, str]] = {
    "Noto Sans": {
        "regular": "NotoSans-Regular.ttf",
        "bold": "NotoSans-Bold.ttf",
        "italic": "NotoSans-Italic.ttf",
        "bolditalic": "NotoSans-BoldItalic.ttf",
    },
    "Noto Serif": {
        "regular": "NotoSerif-Regular.ttf",
        "bold": "NotoSerif-Bold.ttf",
        "italic": "NotoSerif-Italic.ttf",
        "bolditalic": "NotoSerif-BoldItalic.ttf",
    },
    "Noto Naskh Arabic": {
        "regular": "NotoNaskhArabic-Regular.ttf",
        "bold": "NotoNaskhArabic-Bold.ttf",
    },
    "Droid Sans Fallback": {"regular": "DroidSansFallbackFull.ttf"},
    "Memo Han Supplement": {"regular": "MemoHanSupplement-Regular.ttf"},
    "Noto Emoji": {"regular": "NotoEmoji-Regular.ttf"},
    "Noto Sans Symbols 2": {"regular": "NotoSansSymbols2-Regular.ttf"},
    "Noto Sans Symbols": {"regular": "NotoSansSymbols-Regular.ttf"},
}

# The order in which fallback families are tried for a character the main font lacks. Arabic
# script first (Pashto, Dari, Urdu and Arabic letters and digits), then CJK (Droid Sans Fallback:
# the BMP ideographs, kana, hangul jamo), the astral ideographs of HKSCS and JIS X 0213, monochrome
# emoji (with flags and ZWJ sequences), then symbols.
FALLBACK_FAMILIES: tuple[str, ...] = (
    "Noto Naskh Arabic", "Droid Sans Fallback", "Memo Han Supplement", "Noto Emoji",
    "Noto Sans Symbols 2", "Noto Sans Symbols",
)


def font_file(family: str, face: Face) -> Path:
    """Path of the bundled TrueType file for `family` in `face` (regular when the face is missing)."""
    faces = BUNDLED_FAMILIES[family]
    return FONTS_DIR / faces.get(face, faces["regular"])
