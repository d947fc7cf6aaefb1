"""The bundled font stack: every file embeddable, every script of the users covered, runs by font."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import uharfbuzz as hb

from memo.errors import ExportError
from memo.exporters._scripts import MissingChar, family_file, font_stack, load_font, missing_glyphs_message
from memo.fonts import BUNDLED_FAMILIES, FALLBACK_FAMILIES, FONTS_DIR

PASHTO_LETTERS = "ښږځڅډړټېۍڼګ"
URDU_LETTERS = "ےٹڈڑںھہۓ۔"
DARI_LETTERS = "پچژگکی"
DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫"
COMBINING = "\u0300\u0301\u0304\u0308\u030c\u0323\u0331"


def family_of(stack, char: str) -> str:
    return stack.fonts[stack.assign(char)[0]].family


@pytest.mark.parametrize(("family", "face"), [(f, face) for f, faces in BUNDLED_FAMILIES.items() for face in faces])
def test_every_bundled_font_is_a_static_truetype_font(family, face):
    font = load_font(family, FONTS_DIR / BUNDLED_FAMILIES[family][face])
    assert font.unicodes and font.upem > 0


def test_every_bundled_font_file_is_documented_with_its_licence():
    readme = (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    for path in FONTS_DIR.glob("*.ttf"):
        stem = path.stem.split("-")[0]
        assert stem in readme, f"{path.name} is not listed in memo/fonts/README.md"
    for licence in ("OFL.txt", "LICENSE-Apache-2.0.txt", "LICENSE-Hanazono.txt"):
        assert (FONTS_DIR / licence).is_file()
        assert licence in readme


@pytest.mark.parametrize(
    ("text", "family"),
    [(PASHTO_LETTERS + URDU_LETTERS + DARI_LETTERS + DIGITS + "\u200c", "Noto Naskh Arabic"),
     ("北京外交部发言人表示。香港（）", "Droid Sans Fallback"),
     ("\U000282e2", "Memo Han Supplement"),
     ("🙂🚀✅😀👍🔥", "Noto Emoji"),
     ("ḤaqqānīHekmatyārs" + COMBINING, "Noto Sans")],
)
def test_each_script_of_the_memo_has_a_bundled_font(text, family):
    stack = font_stack("Noto Sans")
    assert stack.missing(text) == []
    # Marks and ZWNJ have no font of their own: they take their letter's (tested below).
    assert {family_of(stack, char) for char in text if unicodedata.category(char)[0] not in "MC"} == {family}


def test_a_flag_is_one_emoji_glyph_not_two_letters():
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(family_file("Noto Emoji", "regular")))))
    buffer = hb.Buffer()
    buffer.add_str("🇦🇫")
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    assert len(buffer.glyph_infos) == 1 and buffer.glyph_infos[0].codepoint != 0


def test_fallbacks_follow_the_styles_own_family_in_a_fixed_order():
    stack = font_stack("Noto Serif", "bold")
    assert [f.family for f in stack.fonts] == ["Noto Serif", *FALLBACK_FAMILIES]
    assert stack.fonts[0].path.name == "NotoSerif-Bold.ttf"
    assert stack.fonts[1].path.name == "NotoNaskhArabic-Bold.ttf"


def test_bold_italic_arabic_falls_back_to_bold():
    assert family_file("Noto Naskh Arabic", "bolditalic").name == "NotoNaskhArabic-Bold.ttf"
    assert family_file("Noto Naskh Arabic", "italic").name == "NotoNaskhArabic-Regular.ttf"


def test_zwnj_and_marks_stay_in_the_font_of_their_letters():
    stack = font_stack("Noto Sans")
    text = "می\u200cخواهند وزیرِ"
    assert {stack.fonts[i].family for i in stack.assign(text)} == {"Noto Naskh Arabic"}


def test_punctuation_and_spaces_follow_the_text_before_them():
    stack = font_stack("Noto Sans")
    text = "中方表示，今天 ok"
    fonts = [stack.fonts[i].family for i in stack.assign(text)]
    assert fonts[text.index("，")] == "Droid Sans Fallback"
    assert fonts[text.index(" ")] == "Droid Sans Fallback"
    assert fonts[text.index("o")] == "Noto Sans"


def test_spaces_never_come_from_the_emoji_font():
    stack = font_stack("Noto Sans")
    text = "✅ 🚀 ok"
    fonts = [stack.fonts[i].family for i in stack.assign(text)]
    assert fonts == ["Noto Emoji", "Noto Sans", "Noto Emoji", "Noto Sans", "Noto Sans", "Noto Sans"]


def test_variation_selectors_choose_between_emoji_and_text_fonts():
    stack = font_stack("Noto Sans")
    assert family_of(stack, "©") == "Noto Sans"
    assert [stack.fonts[i].family for i in stack.assign("©\ufe0f")] == ["Noto Emoji"] * 2
    assert family_of(stack, "❤") == "Noto Emoji"
    assert [stack.fonts[i].family for i in stack.assign("❤\ufe0e")] == ["Noto Sans Symbols 2"] * 2


def test_an_emoji_modifier_stays_with_its_emoji():
    stack = font_stack("Noto Sans")
    assert [stack.fonts[i].family for i in stack.assign("👍🏽")] == ["Noto Emoji"] * 2


def test_runs_cover_the_text_once_in_order():
    stack = font_stack("Noto Sans")
    text = "Ḥaqqānī 北京 ذبیح 🙂 end"
    runs = stack.runs(text)
    assert "".join(text[r.start:r.end] for r in runs) == text
    assert [stack.fonts[r.font].family for r in runs] == [
        "Noto Sans", "Droid Sans Fallback", "Noto Naskh Arabic", "Noto Emoji", "Noto Sans"]


def test_characters_no_font_draws_are_named_by_code_point():
    stack = font_stack("Noto Sans")
    missing = stack.missing("Ugaritic \U00010380 and Hebrew אב א, \u2066x\u2069 \ufe0f")
    assert missing == [MissingChar(0x10380, "UGARITIC LETTER ALPA"), MissingChar(0x5D0, "HEBREW LETTER ALEF"),
                       MissingChar(0x5D1, "HEBREW LETTER BET")]
    assert str(missing[0]) == "U+10380 UGARITIC LETTER ALPA"
    assert missing_glyphs_message(missing).startswith(
        "no bundled font draws U+10380 UGARITIC LETTER ALPA, U+05D0 HEBREW LETTER ALEF, U+05D1 HEBREW LETTER BET;")


def test_a_file_that_is_not_a_font_is_refused(tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font at all")
    with pytest.raises(ExportError, match="bogus.ttf .* is not a font file"):
        load_font("Bogus", bogus)


CFF_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.mark.skipif(not CFF_FONT.exists(), reason="Noto Sans CJK (fonts-noto-cjk, CFF outlines) is not installed")
def test_a_postscript_outline_font_is_refused_with_the_reason():
    with pytest.raises(ExportError, match="PostScript \\(CFF\\) outlines"):
        load_font("Noto Sans CJK", CFF_FONT)
