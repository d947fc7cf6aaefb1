"""Right-to-left markup in the DOCX: schema-ordered XML, and LibreOffice's rendering of it read back."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from memo.exporters._docx_xml import PPR_ORDER, RPR_ORDER, add_text, body_end, paragraph, set_style_fonts
from memo.exporters._scripts import paragraph_direction
from tests.multiscript import pdf_text
from tests.multiscript.libreoffice import libreoffice_pdf
from tests.multiscript.conftest import ARABIC, DARI, DIGIT_GROUPS, MIXED, PASHTO, URDU


def local_names(element) -> list[str]:
    return [child.tag.split("}")[1] for child in element]


def in_schema_order(names: list[str], order: tuple[str, ...]) -> bool:
    positions = [order.index(name) for name in names]
    return positions == sorted(positions)


def rtl_paragraph(text: str, **kwargs) -> Paragraph:
    """A paragraph of `text` in its own direction, its text added with `add_text(**kwargs)`."""
    document = docx.Document()
    direction = paragraph_direction(text)
    p = paragraph("Normal", direction=direction)
    add_text(p, text, direction=direction, **kwargs)
    body_end(document.element.body).addprevious(p)
    return document.paragraphs[-1]


def test_a_right_to_left_paragraph_gets_bidi_at_its_schema_place():
    p = paragraph("Normal", PASHTO, space_before_pt=6, keep_next=True)
    names = local_names(p.find(qn("w:pPr")))
    assert names == ["pStyle", "keepNext", "bidi", "spacing"] and in_schema_order(names, PPR_ORDER)


def test_a_paragraph_takes_the_direction_of_its_first_strong_character_unless_told():
    bidi = f"{qn('w:pPr')}/{qn('w:bidi')}"
    assert paragraph("Normal", MIXED).find(bidi) is None
    assert paragraph("Normal", "۲۰۲۱: " + DARI).find(bidi) is not None
    assert paragraph("Normal", PASHTO, direction="ltr").find(bidi) is None


def test_pashto_runs_carry_direction_weight_and_language_in_schema_order():
    shown = rtl_paragraph(PASHTO, bold=True, style_id="Strong")
    (run,) = shown._p.findall(qn("w:r"))
    rpr = run.rPr
    assert local_names(rpr) == ["rStyle", "b", "bCs", "rtl", "cs", "lang"]
    assert in_schema_order(local_names(rpr), RPR_ORDER)
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "ps-AF"
    assert shown.text == PASHTO


def test_plain_english_stays_one_unmarked_run():
    (run,) = rtl_paragraph("Officials counted 53 dead in Kabul — “Ḥaqqānī”.")._p.findall(qn("w:r"))
    assert run.rPr is None


@pytest.mark.parametrize(("text", "tag"), [(PASHTO, "ps-AF"), (DARI, "fa-AF"), (URDU, "ur-PK"), (ARABIC, "ar")])
def test_each_language_gets_its_tag(text, tag):
    tags = {r.rPr.find(qn("w:lang")).get(qn("w:bidi")) for r in rtl_paragraph(text)._p.findall(qn("w:r"))}
    assert tags == {tag}


def test_a_given_language_wins_over_the_guess():
    runs = rtl_paragraph("ذبیح الله مجاهد", language="ps")._p.findall(qn("w:r"))
    assert runs[0].rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ps-AF"


def test_english_quoting_pashto_marks_only_the_pashto_right_to_left():
    shown = rtl_paragraph(MIXED)
    assert shown._p.pPr is None or shown._p.pPr.find(qn("w:bidi")) is None
    runs = [(r.text, r.rPr is not None and r.rPr.find(qn("w:rtl")) is not None,
             r.rPr is not None and r.rPr.find(qn("w:cs")) is not None) for r in shown._p.findall(qn("w:r"))]
    assert runs == [
        ("The spokesman ", False, False),
        ("ذبیح الله مجاهد", True, True),
        (" said on 12 May 2021 that talks continue; population ", False, False),
        ("۴٬۶۰۱٬۷۸۹.", False, True),
    ]
    assert shown.text == MIXED


def test_chinese_runs_take_the_east_asian_font_and_language():
    shown = rtl_paragraph("Beijing: 外交部发言人表示。")
    run = shown._p.findall(qn("w:r"))[1]
    assert run.text == "外交部发言人表示。"
    assert run.rPr.find(qn("w:rFonts")).get(qn("w:hint")) == "eastAsia"
    assert run.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_tabs_and_line_breaks_become_word_elements():
    (run,) = rtl_paragraph("کابل\tونیو\nموږ")._p.findall(qn("w:r"))
    assert local_names(run)[1:] == ["t", "tab", "t", "br", "t"]


def test_styles_name_the_complex_script_and_east_asian_fonts():
    document = docx.Document()
    style = document.styles["Normal"]
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cstheme"), "minorBidi")
    set_style_fonts(style, "Calibri", complex_script="Noto Naskh Arabic", east_asian="SimSun", size_pt=11, bold=True)
    rpr = style.element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cstheme")) is None
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:cs")), fonts.get(qn("w:eastAsia"))) == (
        "Calibri", "Noto Naskh Arabic", "SimSun")
    assert rpr.find(qn("w:bCs")) is not None and rpr.find(qn("w:szCs")).get(qn("w:val")) == "22"
    assert in_schema_order(local_names(rpr), RPR_ORDER)


def test_the_marked_up_document_reopens_with_the_same_text(tmp_path):
    document = docx.Document()
    for text in (PASHTO, DARI, MIXED):
        body_end(document.element.body).addprevious(paragraph("Normal", text))
    document.save(tmp_path / "m.docx")
    assert [p.text for p in docx.Document(str(tmp_path / "m.docx")).paragraphs] == [PASHTO, DARI, MIXED]


# --- LibreOffice ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_memo_pdf(tmp_path_factory, multiscript_paragraphs) -> Path:
    document = docx.Document()
    set_style_fonts(document.styles["Normal"], "Noto Sans", complex_script="Noto Naskh Arabic",
                    east_asian="Noto Sans CJK SC", size_pt=11)
    for text in multiscript_paragraphs:
        body_end(document.element.body).addprevious(paragraph("Normal", text))
    path = tmp_path_factory.mktemp("lo") / "multiscript.docx"
    document.save(path)
    return libreoffice_pdf(path)


@pytest.mark.slow
def test_libreoffice_embeds_every_font_and_extracts_no_boxes(libreoffice_memo_pdf):
    assert all(f.embedded and f.unicode for f in pdf_text.pdffonts(libreoffice_memo_pdf))
    text = pdf_text.pdftotext(libreoffice_memo_pdf)
    assert "\ufffd" not in text and "■" not in text


@pytest.mark.slow
def test_libreoffice_gives_back_every_character_word_and_digit_group(libreoffice_memo_pdf, multiscript_paragraphs):
    text = pdf_text.pdftotext(libreoffice_memo_pdf)
    wanted = sum((pdf_text.character_counts(t) for t in multiscript_paragraphs), Counter())
    assert wanted - pdf_text.character_counts(text) == Counter()
    assert pdf_text.missing_words(libreoffice_memo_pdf, multiscript_paragraphs, ligature_quirk=True) == []
    assert pdf_text.digit_group_problems(text, DIGIT_GROUPS) == []


@pytest.mark.slow
def test_libreoffice_lays_out_every_line_in_uax9_order_flush_to_the_start_side(
        libreoffice_memo_pdf, multiscript_paragraphs):
    checks = pdf_text.check_lines(libreoffice_memo_pdf, multiscript_paragraphs, ligature_quirk=True)
    assert [(c.paragraph, c.line, c.got) for c in checks if not c.ok] == []
    right_margin = max(c.right for c in checks)
    for check in (c for c in checks if c.direction == "rtl" and c.line == 0):
        assert pdf_text.key(check.start_word) == pdf_text.key(check.first_logical_word), check
        assert check.right == pytest.approx(right_margin, abs=1.0), check
