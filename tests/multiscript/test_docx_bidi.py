"""Right-to-left markup in the DOCX: schema-ordered XML, and LibreOffice's rendering of it read back."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from memo.exporters._docx_bidi import (
    PPR_ORDER, RPR_ORDER, ScriptFonts, add_text, set_paragraph_direction, set_style_script_fonts,
)
from memo.exporters._scripts import paragraph_direction
from memo.fonts import FONTS_DIR
from tests.multiscript import pdf_text
from tests.multiscript.conftest import ARABIC, DARI, DIGIT_GROUPS, MIXED, PASHTO, URDU


def local_names(element) -> list[str]:
    return [child.tag.split("}")[1] for child in element]


def in_schema_order(names: list[str], order: tuple[str, ...]) -> bool:
    positions = [order.index(name) for name in names]
    return positions == sorted(positions)


def rtl_paragraph(text: str, **kwargs):
    document = docx.Document()
    paragraph = document.add_paragraph()
    set_paragraph_direction(paragraph, paragraph_direction(text))
    add_text(paragraph, text, **kwargs)
    return paragraph


def test_a_right_to_left_paragraph_gets_bidi_at_its_schema_place():
    paragraph = docx.Document().add_paragraph(style="Normal")
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.keep_with_next = True
    set_paragraph_direction(paragraph, "rtl")
    names = local_names(paragraph._p.pPr)
    assert "bidi" in names and in_schema_order(names, PPR_ORDER)
    set_paragraph_direction(paragraph, "ltr")
    assert "bidi" not in local_names(paragraph._p.pPr)


def test_pashto_runs_carry_direction_fonts_sizes_and_language_in_schema_order():
    paragraph = rtl_paragraph(PASHTO, bold=True, italic=True, size_pt=11, style_id="Strong")
    (run,) = paragraph._p.findall(qn("w:r"))
    rpr = run.rPr
    assert local_names(rpr) == ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "sz", "szCs", "rtl", "cs", "lang"]
    assert in_schema_order(local_names(rpr), RPR_ORDER)
    assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Naskh Arabic"
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "22"
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "ps-AF"
    assert paragraph.text == PASHTO


@pytest.mark.parametrize(("text", "tag"), [(PASHTO, "ps-AF"), (DARI, "fa-AF"), (URDU, "ur-PK"), (ARABIC, "ar")])
def test_each_language_gets_its_tag(text, tag):
    tags = {r.rPr.find(qn("w:lang")).get(qn("w:bidi")) for r in rtl_paragraph(text)._p.findall(qn("w:r"))}
    assert tags == {tag}


def test_a_given_language_wins_over_the_guess():
    runs = rtl_paragraph("ذبیح الله مجاهد", language="ps")._p.findall(qn("w:r"))
    assert runs[0].rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ps-AF"


def test_english_quoting_pashto_marks_only_the_pashto_right_to_left():
    paragraph = rtl_paragraph(MIXED)
    assert paragraph._p.pPr is None or paragraph._p.pPr.find(qn("w:bidi")) is None
    runs = [(r.text, r.rPr is not None and r.rPr.find(qn("w:rtl")) is not None,
             r.rPr is not None and r.rPr.find(qn("w:cs")) is not None) for r in paragraph._p.findall(qn("w:r"))]
    assert runs == [
        ("The spokesman ", False, False),
        ("ذبیح الله مجاهد", True, True),
        (" said on 12 May 2021 that talks continue; population ", False, False),
        ("۴٬۶۰۱٬۷۸۹.", False, True),
    ]
    assert paragraph.text == MIXED


def test_chinese_runs_take_the_east_asian_font_and_language():
    paragraph = rtl_paragraph("Beijing: 外交部发言人表示。", fonts=ScriptFonts(east_asian="SimSun"))
    run = paragraph._p.findall(qn("w:r"))[1]
    assert run.text == "外交部发言人表示。"
    fonts = run.rPr.find(qn("w:rFonts"))
    assert (fonts.get(qn("w:eastAsia")), fonts.get(qn("w:hint"))) == ("SimSun", "eastAsia")
    assert run.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_tabs_and_line_breaks_become_word_elements():
    (run,) = rtl_paragraph("کابل\tونیو\nموږ")._p.findall(qn("w:r"))
    assert local_names(run)[1:] == ["t", "tab", "t", "br", "t"]


def test_styles_name_the_complex_script_and_east_asian_fonts():
    document = docx.Document()
    style = document.styles["Normal"]
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cstheme"), "minorBidi")
    set_style_script_fonts(style)
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cstheme")) is None
    assert (fonts.get(qn("w:cs")), fonts.get(qn("w:eastAsia"))) == ("Noto Naskh Arabic", "Noto Sans CJK SC")


def test_the_marked_up_document_reopens_with_the_same_text(tmp_path):
    document = docx.Document()
    for text in (PASHTO, DARI, MIXED):
        paragraph = document.add_paragraph()
        set_paragraph_direction(paragraph, paragraph_direction(text))
        add_text(paragraph, text)
    document.save(tmp_path / "m.docx")
    assert [p.text for p in docx.Document(str(tmp_path / "m.docx")).paragraphs] == [PASHTO, DARI, MIXED]


# --- LibreOffice ------------------------------------------------------------------------------


def libreoffice_pdf(docx_path: Path) -> Path:
    """`docx_path` converted by LibreOffice, with the bundled fonts visible to it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = docx_path.parent
    config = work / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS_DIR}</dir><cachedir>{work / 'fontconfig'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(docx_path)],
        env={**os.environ, "FONTCONFIG_FILE": str(config)}, capture_output=True, timeout=300, check=False,
    )
    pdf = docx_path.with_suffix(".pdf")
    assert pdf.is_file(), "LibreOffice did not convert the DOCX"
    return pdf


@pytest.fixture(scope="module")
def libreoffice_memo_pdf(tmp_path_factory, multiscript_paragraphs) -> Path:
    document = docx.Document()
    document.styles["Normal"].font.name = "Noto Sans"
    document.styles["Normal"].font.size = Pt(11)
    set_style_script_fonts(document.styles["Normal"])
    for text in multiscript_paragraphs:
        paragraph = document.add_paragraph()
        set_paragraph_direction(paragraph, paragraph_direction(text))
        add_text(paragraph, text)
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
