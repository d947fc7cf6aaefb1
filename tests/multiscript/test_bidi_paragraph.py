"""`BidiParagraph` in real PDFs, read back with poppler: fonts, text layer, digits and word order."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Table

from memo.exporters._bidi_pdf import BidiParagraph, Span, draw_line, needs_bidi_paragraph, shaping_font
from memo.exporters._scripts import MissingChar, font_stack
from tests.multiscript import pdf_text
from tests.multiscript.conftest import DARI_WITH_ENGLISH, DIGIT_GROUPS, MIXED, PASHTO, URDU

# The text column: 1-inch page margins plus the 6 pt padding of SimpleDocTemplate's frame.
LEFT_EDGE = 72.0 + 6
RIGHT_EDGE = A4[0] - 72.0 - 6
STYLE = ParagraphStyle("body", fontSize=11, leading=14, spaceAfter=6)


def build(path: Path, story: list, **kwargs) -> Path:
    """A PDF of `story` on A4 with 1-inch margins and no unembedded base font."""
    doc = SimpleDocTemplate(str(path), pagesize=kwargs.pop("pagesize", A4), leftMargin=72, rightMargin=72,
                            topMargin=72, bottomMargin=72, invariant=True,
                            initialFontName=shaping_font(font_stack("Noto Sans").fonts[0]).fontName, **kwargs)
    doc.build(story)
    return path


def paragraphs(texts: list[str], style: ParagraphStyle = STYLE, **kwargs) -> list[BidiParagraph]:
    return [BidiParagraph(text, style, family="Noto Sans", **kwargs) for text in texts]


@pytest.fixture(scope="module")
def memo_pdf(tmp_path_factory, multiscript_paragraphs) -> Path:
    return build(tmp_path_factory.mktemp("pdf") / "multiscript.pdf", paragraphs(multiscript_paragraphs))


@pytest.fixture(scope="module")
def memo_lines(memo_pdf, multiscript_paragraphs) -> list[pdf_text.LineCheck]:
    return pdf_text.check_lines(memo_pdf, multiscript_paragraphs)


# --- The multiscript memo -----------------------------------------------------------------------


def test_every_font_is_embedded_with_a_unicode_map(memo_pdf):
    fonts = pdf_text.pdffonts(memo_pdf)
    assert all(f.embedded and f.unicode and f.type == "TrueType" for f in fonts), fonts
    names = {f.name.split("+")[1] for f in fonts}
    assert {"NotoSans-Regular", "NotoNaskhArabic-Regular", "DroidSansFallback", "MemoHanSupplement-Regular",
            "NotoEmoji-Regular"} <= names


def test_the_text_layer_has_no_boxes_replacements_or_presentation_forms(memo_pdf):
    text = pdf_text.pdftotext(memo_pdf)
    assert "\ufffd" not in text and "■" not in text
    assert not re.search("[\ue000-\uf8ff\U000f0000-\U0010ffff\ufb50-\ufdff\ufe70-\ufeff]", text)


def test_every_character_of_the_memo_comes_back_from_the_pdf(memo_pdf, multiscript_paragraphs):
    wanted = sum((pdf_text.character_counts(text) for text in multiscript_paragraphs), Counter())
    found = pdf_text.character_counts(pdf_text.pdftotext(memo_pdf))
    assert (wanted - found, found - wanted) == (Counter(), Counter())


def test_every_word_of_the_memo_comes_back_from_the_pdf(memo_pdf, multiscript_paragraphs):
    assert pdf_text.missing_words(memo_pdf, multiscript_paragraphs) == []


def test_digit_groups_read_in_their_logical_order(memo_pdf):
    assert pdf_text.digit_group_problems(pdf_text.pdftotext(memo_pdf), DIGIT_GROUPS) == []


def test_every_line_shows_its_letters_in_uax9_visual_order(memo_lines):
    assert len(memo_lines) >= 20
    assert [(c.paragraph, c.line, c.got) for c in memo_lines if not c.ok] == []


def test_right_to_left_paragraphs_start_at_the_right_margin_with_their_first_word(memo_lines):
    firsts = [c for c in memo_lines if c.direction == "rtl" and c.line == 0]
    assert len(firsts) >= 10
    for check in firsts:
        assert pdf_text.key(check.start_word) == pdf_text.key(check.first_logical_word), check
        assert check.right == pytest.approx(RIGHT_EDGE, abs=1.0), check


def test_left_to_right_paragraphs_start_at_the_left_margin(memo_lines):
    for check in (c for c in memo_lines if c.direction == "ltr"):
        assert pdf_text.key(check.start_word) == pdf_text.key(check.first_logical_word) or check.line > 0
        assert check.left == pytest.approx(LEFT_EDGE, abs=1.0), check


# --- Layout behaviour ---------------------------------------------------------------------------


def test_long_right_to_left_paragraphs_wrap_and_split_across_pages(tmp_path):
    texts = [" ".join([PASHTO] * 20), DARI_WITH_ENGLISH, " ".join([URDU] * 12)]
    pdf = build(tmp_path / "long.pdf", paragraphs(texts), pagesize=(A4[0], 300))
    assert len(PdfReader(pdf).pages) >= 3
    checks = pdf_text.check_lines(pdf, texts)
    assert len(checks) >= 15
    assert [(c.paragraph, c.line, c.got) for c in checks if not c.ok] == []
    # Every line of a right-to-left paragraph is flush right, the last one too.
    assert all(c.right == pytest.approx(RIGHT_EDGE, abs=1.0) for c in checks)


def test_an_english_phrase_in_dari_continues_at_the_right_of_the_next_line(tmp_path):
    pdf = build(tmp_path / "mixed.pdf", paragraphs([DARI_WITH_ENGLISH], ParagraphStyle("n", fontSize=14, leading=20)))
    lines = pdf_text.check_lines(pdf, [DARI_WITH_ENGLISH])
    assert len(lines) >= 2 and all(c.ok for c in lines)
    # Line 2 starts inside the English phrase, so its right-most word is English (UAX#9).
    assert re.fullmatch("[A-Za-z]+", lines[1].start_word)


def test_justified_lines_fill_the_measure_but_the_last(tmp_path):
    style = ParagraphStyle("j", parent=STYLE, alignment=TA_JUSTIFY)
    text = " ".join([PASHTO] * 5)
    lines = pdf_text.check_lines(build(tmp_path / "j.pdf", paragraphs([text], style)), [text])
    assert len(lines) >= 3 and all(c.ok for c in lines)
    for check in lines[:-1]:
        assert (check.left, check.right) == (pytest.approx(LEFT_EDGE, abs=1.5), pytest.approx(RIGHT_EDGE, abs=1.0))
    assert lines[-1].left > LEFT_EDGE + 20


@pytest.mark.parametrize(("alignment", "side"), [(TA_RIGHT, "left"), (TA_CENTER, "centre")])
def test_alignment_is_read_from_the_start_side(tmp_path, alignment, side):
    style = ParagraphStyle("a", parent=STYLE, alignment=alignment)
    (check,) = pdf_text.check_lines(build(tmp_path / "a.pdf", paragraphs([PASHTO], style)), [PASHTO])
    if side == "left":
        assert check.left == pytest.approx(LEFT_EDGE, abs=1.0)
    else:
        assert (check.left + check.right) / 2 == pytest.approx(A4[0] / 2, abs=1.5)


def test_arabic_script_paragraphs_get_room_for_their_marks(tmp_path):
    pashto, english = paragraphs([PASHTO, "Plain English text"])
    pashto.wrap(300, 1000)
    english.wrap(300, 1000)
    assert english.leading == STYLE.leading
    assert pashto.leading >= 0.9 * 1.7 * STYLE.fontSize


def test_right_to_left_paragraphs_work_inside_table_cells(tmp_path):
    english = "Officials counted 53 dead in the city on Friday."
    cells = [[BidiParagraph(PASHTO, STYLE, family="Noto Sans"), BidiParagraph(english, STYLE, family="Noto Sans")]]
    table = Table(cells, colWidths=[200, RIGHT_EDGE - LEFT_EDGE - 200])
    pdf = build(tmp_path / "table.pdf", [table])
    words = pdf_text.bbox_words(pdf)
    pashto_first = next(w for w in words if pdf_text.key(w.text) == pdf_text.key("ذبیح"))
    # Right-aligned in the first cell (200 pt wide, 6 pt padding), with the first word right-most.
    assert pashto_first.x1 == pytest.approx(LEFT_EDGE + 200 - 6, abs=1.0)
    assert all(w.x1 <= LEFT_EDGE + 200 for w in words if re.search("[\u0600-\u06ff]", w.text))
    assert min(w.x0 for w in words if w.text == "Officials") == pytest.approx(LEFT_EDGE + 200 + 6, abs=1.0)
    assert pdf_text.missing_words(pdf, [PASHTO, english]) == []


def test_a_bullet_stands_at_the_start_side(tmp_path):
    style = ParagraphStyle("item", parent=STYLE, leftIndent=24, bulletIndent=0)
    pdf = build(tmp_path / "bullet.pdf", [BidiParagraph(PASHTO, style, family="Noto Sans", bullet="1."),
                                          BidiParagraph("An English item", style, family="Noto Sans", bullet="2.")])
    words = pdf_text.bbox_words(pdf)
    one = next(w for w in words if "1" in w.text)
    two = next(w for w in words if "2" in w.text)
    first = next(w for w in words if pdf_text.key(w.text) == pdf_text.key("ذبیح"))
    assert one.x1 == pytest.approx(RIGHT_EDGE, abs=1.0)
    assert first.x1 == pytest.approx(RIGHT_EDGE - 24, abs=1.0)
    assert two.x0 == pytest.approx(LEFT_EDGE, abs=1.0)


def test_links_and_superscripts_are_placed_on_their_words(tmp_path):
    spans = [Span("وزارت داخله "), Span("UNAMA", href="https://unama.example/"), Span(" گفت"),
             Span("12", superscript=True, href="#note-12", color="#1F3864")]
    paragraph = BidiParagraph(spans, STYLE, family="Noto Sans")
    paragraph.anchor = "note-12"
    pdf = build(tmp_path / "links.pdf", [paragraph])
    annotations = [a.get_object() for a in PdfReader(pdf).pages[0]["/Annots"]]
    uri = next(a for a in annotations if "/A" in a and a["/A"].get("/URI") == "https://unama.example/")
    words = pdf_text.bbox_words(pdf)
    unama = next(w for w in words if w.text == "UNAMA")
    x1, y1, x2, y2 = (float(v) for v in uri["/Rect"])
    assert (x1, x2) == (pytest.approx(unama.x0, abs=0.5), pytest.approx(unama.x1, abs=0.5))
    assert any("/Dest" in a for a in annotations)
    note = next(w for w in words if w.text == "12")
    assert note.y1 < unama.y1 - 2 and note.y1 - note.y0 < unama.y1 - unama.y0
    assert b"0.1216 0.2196 0.3922 rg" in PdfReader(pdf).pages[0].get_contents().get_data()


def test_text_colour_comes_from_the_style(tmp_path):
    style = ParagraphStyle("c", parent=STYLE, textColor=HexColor("#44546A"))
    pdf = build(tmp_path / "colour.pdf", paragraphs([PASHTO], style))
    assert b"0.2667 0.3294 0.4157 rg" in PdfReader(pdf).pages[0].get_contents().get_data()


def test_a_split_paragraph_keeps_its_text_bookmark_and_spacing_in_order():
    paragraph = BidiParagraph(" ".join([PASHTO] * 10), STYLE, family="Noto Sans")
    paragraph.anchor = "section-k1"
    paragraph.wrap(300, 1000)
    first, rest = paragraph.split(300, 3 * paragraph.leading)
    assert first.getPlainText() + rest.getPlainText() == paragraph.getPlainText()
    assert first.wrap(300, 1000)[1] == 3 * paragraph.leading
    assert (first.anchor, rest.anchor) == ("section-k1", None)
    assert (first.getSpaceAfter(), rest.getSpaceBefore()) == (0, 0)


def test_a_paragraph_that_does_not_fit_one_line_is_not_split():
    paragraph = BidiParagraph(" ".join([PASHTO] * 10), STYLE, family="Noto Sans")
    paragraph.wrap(300, 1000)
    assert paragraph.split(300, paragraph.leading * 0.9) == []
    assert paragraph.split(300, 10_000) == [paragraph]


def test_characters_no_font_draws_are_listed_and_kept_in_the_text_layer(tmp_path):
    paragraph = BidiParagraph("Ugaritic \U00010380 text", STYLE, family="Noto Sans")
    assert paragraph.missing == [MissingChar(0x10380, "UGARITIC LETTER ALPA")]
    pdf = build(tmp_path / "missing.pdf", [paragraph])
    assert "Ugaritic \U00010380 text" in pdf_text.pdftotext(pdf)


def narrow_page(width: float) -> tuple[float, float]:
    """A page size whose text column is `width` points wide."""
    return (width + 2 * LEFT_EDGE, 800)


def test_a_word_wider_than_the_line_is_cut_between_letters_and_kept_inside_the_column(tmp_path):
    word = "Ḥaqqānī" * 12
    pdf = build(tmp_path / "wide.pdf", paragraphs([word]), pagesize=narrow_page(120))
    lines = pdf_text.visual_lines(pdf_text.bbox_words(pdf))
    assert len(lines) >= 4
    assert all(w.x1 <= LEFT_EDGE + 120.5 for line in lines for w in line)
    assert "".join(pdf_text.pdftotext(pdf).split()) == word


def test_chinese_wraps_between_characters_but_not_before_closing_punctuation(tmp_path):
    text = "中国外交部发言人表示，中方支持阿富汗和平进程。香港的\U000282e2（升降机）今天停用。" * 3
    pdf = build(tmp_path / "zh.pdf", paragraphs([text]), pagesize=narrow_page(150))
    lines = [line for line in pdf_text.pdftotext(pdf).splitlines() if line.strip()]
    assert len(lines) >= 5 and "".join(lines) == text
    assert not any(line[0] in "，。）" or line[-1] == "（" for line in lines)
    assert all(w.x1 <= LEFT_EDGE + 150.5 for w in pdf_text.bbox_words(pdf))


def test_same_story_gives_the_same_bytes(tmp_path):
    first = build(tmp_path / "a.pdf", paragraphs([PASHTO, MIXED])).read_bytes()
    assert build(tmp_path / "b.pdf", paragraphs([PASHTO, MIXED])).read_bytes() == first


def test_page_furniture_is_shaped_and_shortened_to_fit(tmp_path):
    path = tmp_path / "furniture.pdf"
    canvas = Canvas(str(path), pagesize=A4, initialFontName=shaping_font(font_stack("Noto Sans").fonts[0]).fontName)
    style = ParagraphStyle("header", fontSize=9, leading=11, alignment=TA_RIGHT)
    draw_line(canvas, " ".join([PASHTO] * 4), style, family="Noto Sans", left=LEFT_EDGE, right=RIGHT_EDGE, baseline=800)
    draw_line(canvas, "Page 1 of 2", ParagraphStyle("footer", fontSize=9), family="Noto Sans", left=LEFT_EDGE,
              right=RIGHT_EDGE, baseline=40)
    canvas.save()
    text = pdf_text.pdftotext(path)
    assert "…" in text and "ذبیح" in text and "Page 1 of 2" in text
    words = pdf_text.bbox_words(path)
    assert min(w.x0 for w in words) >= LEFT_EDGE - 0.5 and max(w.x1 for w in words) <= RIGHT_EDGE + 0.5


@pytest.mark.parametrize(
    ("text", "needed"),
    [("Plain ASCII", False), ("Ḥaqqānī Hekmatyār", False), ("s\u0331", True), (PASHTO, True), ("北京", True),
     ("ok ✅", True), ("٣٥", True)],
)
def test_plain_paragraphs_are_told_apart_from_those_needing_shaping(text, needed):
    assert needs_bidi_paragraph(text, "Noto Sans") is needed
