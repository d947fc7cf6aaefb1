"""Fonts bundled with the package (OFL, see README.md and OFL.txt beside this file).

The PDF exporter embeds these, so a PDF looks the same on every machine; house styles name a
family here for their PDF fonts.
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
}


def font_file(family: str, face: Face) -> Path:
    """Path of the bundled TrueType file for `family` in `face` (regular when the face is missing)."""
    faces = BUNDLED_FAMILIES[family]
    return FONTS_DIR / faces.get(face, faces["regular"])
