"""The multiscript memo through the real exporters, read back as a reader's tools read it.

The PDF in every house style, and the DOCX as Word markup and as LibreOffice lays it out, are
checked with poppler: every font embedded, no boxes or replacement characters, every word and
digit group back in logical order, and every right-to-left paragraph (in the body, in the actors
and disagreement tables, an open question) starting with its first word at the right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from memo.cli import app
from memo.errors import StyleError
from memo.exporters._docx_xml import PPR_ORDER, RPR_ORDER
from memo.exporters._scripts import PDF, RLO, display_text, paragraph_direction
from memo.exporters.base import actor_row, position_label, quotes_text
from memo.exporters.docx_exporter import DocxExporter
from memo.exporters.pdf_exporter import PdfExporter
from memo.house_style import HouseStyle, load_style, style_names
from memo.memo_file import save_memo
from memo.model import Memo
from tests.multiscript import pdf_text
from tests.multiscript.conftest import DARI_WITH_ENGLISH, DIGIT_GROUPS, PASHTO, memo_paragraphs
from tests.multiscript.libreoffice import libreoffice_pdf

# The digit groups of the memo: Persian, Arabic-Indic and Urdu digits, with a thousands separator.
DIGITS = [*DIGIT_GROUPS, "۳۵", "۲۴", "۱۵", "۲۰۲۲"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CJK = re.compile("([\u3040-\u30ff\u3400-\u9fff\U00020000-\U0003ffff])")


def shown_texts(memo: Memo, style: HouseStyle) -> list[str]:
    """Every text of the memo the exporters print, in display form, as the style shows it."""
    texts = memo_paragraphs(memo)
    if style.roles["title"].all_caps:
        texts[0] = texts[0].upper()
    texts += [text for actor in memo.actors for text in (actor.role or "", *actor.aliases)]
    texts += [d.topic for d in memo.disagreements] + [d.assessment or "" for d in memo.disagreements]
    texts += [c.quote for item in (*memo.key_points, *memo.open_questions) for c in item.citations]
    texts += [c.quote for d in memo.disagreements for p in d.positions for c in p.citations]
    # Chinese has no spaces and may wrap between any two characters: each character is a word.
    return [_CJK.sub(r" \1 ", display_text(text)) for text in texts if text]


@dataclass(frozen=True)
class RightToLeft:
    """A right-to-left paragraph the memo prints."""

    name: str
    docx_text: str
    """Its text in the DOCX (note marks are footnote references, without text)."""
    starts: list[str]
    """What its first line may show: an item's number is part of the line in the DOCX but stands
    apart in the PDF, and its note markers end it."""


def right_to_left_paragraphs(memo: Memo) -> Iterator[RightToLeft]:
    """Every right-to-left paragraph of the memo: the subtitle, items, table cells and questions."""
    note = 0

    def item(name: str, label: str, text: str, citations) -> RightToLeft:
        nonlocal note
        markers = ",".join(str(n) for n in range(note + 1, note + 1 + len(citations)))
        note += len(citations)
        commas = "," * max(len(citations) - 1, 0)
        return RightToLeft(name, f"{label} {text}{commas}", [f"{label} {text}{markers}", f"{text}{markers}"])

    if paragraph_direction(memo.subtitle or "") == "rtl":
        yield RightToLeft("subtitle", memo.subtitle, [memo.subtitle])
    for number, point in enumerate(memo.key_points, 1):
        paragraph = item(f"key point {number}", f"{number}.", point.text, point.citations)
        if paragraph_direction(point.text) == "rtl":
            yield paragraph
    for actor in memo.actors:
        for cell in actor_row(actor, memo.actors):
            if paragraph_direction(cell) == "rtl":
                yield RightToLeft(f"actors table: {cell}", cell, [cell])
    for disagreement in memo.disagreements:
        for position in disagreement.positions:
            for cell in (position_label(memo.source(position.source)), position.claim,
                         quotes_text(position.citations)):
                if paragraph_direction(cell) == "rtl":
                    yield RightToLeft(f"{disagreement.id} table: {cell}", cell, [cell])
    for question in memo.open_questions:
        paragraph = item(f"question {question.id}", f"{question.id}.", question.question, question.citations)
        if paragraph_direction(question.question) == "rtl":
            yield paragraph


def first_line_problems(pdf: Path, memo: Memo, *, ligature_quirk: bool = False) -> list[str]:
    """Right-to-left paragraphs whose first line is not in UAX#9 order with the first word right-most."""
    pieces = pdf_text.line_pieces(pdf_text.bbox_words(pdf))
    problems = []
    for paragraph in right_to_left_paragraphs(memo):
        name = paragraph.name
        found = pdf_text.first_line(pieces, paragraph.starts, direction="rtl", ligature_quirk=ligature_quirk)
        if found is None:
            problems.append(f"{name}: no line starts it in UAX#9 order")
            continue
        words = len(re.findall(r"\S+", found.text))
        if found.words < min(2, words):
            problems.append(f"{name}: only its first word is found in order ({found.got})")
        if pdf_text.key(found.start_word) != pdf_text.key(found.first_logical_word):
            problems.append(f"{name}: {found.start_word!r} is right-most, not {found.first_logical_word!r}")
    return problems


def check_fonts_and_text(pdf: Path) -> None:
    fonts = pdf_text.pdffonts(pdf)
    assert fonts and all(f.embedded and f.unicode for f in fonts), fonts
    text = pdf_text.pdftotext(pdf)
    assert "\ufffd" not in text and "■" not in text


# --- The PDF, in every house style -----------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    path: Path
    style: HouseStyle
    exporter: PdfExporter


@pytest.fixture(scope="module", params=style_names())
def pdf(request, tmp_path_factory, multiscript_memo) -> Rendered:
    style = load_style(request.param)
    exporter = PdfExporter(style)
    path = exporter.export(multiscript_memo, tmp_path_factory.mktemp(request.param) / "memo")
    return Rendered(path, style, exporter)


def test_the_pdf_embeds_every_font_with_a_unicode_map_and_shows_no_boxes(pdf):
    check_fonts_and_text(pdf.path)
    assert all(f.type == "TrueType" for f in pdf_text.pdffonts(pdf.path))
    # One subset per font file: the paragraphs reportlab sets and those memo shapes share their fonts.
    names = [f.name.split("+")[1] for f in pdf_text.pdffonts(pdf.path)]
    assert len(names) == len(set(names)), names


def test_the_pdf_text_layer_has_no_private_or_presentation_form_characters(pdf):
    text = pdf_text.pdftotext(pdf.path)
    assert not re.search("[\ue000-\uf8ff\U000f0000-\U0010ffff\ufb50-\ufdff\ufe70-\ufeff]", text)


def test_every_word_of_the_memo_comes_back_from_the_pdf(pdf, multiscript_memo):
    assert pdf_text.missing_words(pdf.path, shown_texts(multiscript_memo, pdf.style)) == []


def test_digit_groups_read_in_logical_order_in_the_pdf(pdf):
    assert pdf_text.digit_group_problems(pdf_text.pdftotext(pdf.path), DIGITS) == []


def test_right_to_left_paragraphs_in_the_body_and_tables_start_with_their_first_word_at_the_right(
        pdf, multiscript_memo):
    assert first_line_problems(pdf.path, multiscript_memo) == []


def test_right_to_left_items_are_set_flush_right_with_their_number_at_the_margin(pdf, multiscript_memo):
    page = pdf.style.page
    right_edge = page.size_pt[0] - page.margin_right_pt
    words = pdf_text.bbox_words(pdf.path)
    pieces = pdf_text.line_pieces(words)
    items = [p for p in right_to_left_paragraphs(multiscript_memo) if p.name.startswith(("key point", "question"))]
    assert len(items) == 5
    for item in items:
        found = pdf_text.first_line(pieces, item.starts, direction="rtl")
        *_, first_word, number = sorted((w for w in words if abs(w.centre - found.centre) < 6), key=lambda w: w.x0)
        # The number stands at the right margin, the text ends where the hanging indent starts.
        assert pdf_text.letters(number.text) == pdf_text.letters(item.name.split()[-1]), item.name
        assert number.x1 == pytest.approx(right_edge, abs=0.5), item.name
        assert right_edge - 30 < first_word.x1 < number.x0 - 5, item.name


def test_every_character_of_the_memo_has_a_bundled_font(pdf):
    assert pdf.exporter.warnings == []


def test_the_multiscript_pdf_has_the_same_bytes_every_time(multiscript_memo, basic_memo, house_style, tmp_path):
    first = PdfExporter(house_style).export(multiscript_memo, tmp_path / "first").read_bytes()
    PdfExporter(load_style("newsroom")).export(basic_memo, tmp_path / "between")
    assert PdfExporter(house_style).export(multiscript_memo, tmp_path / "second").read_bytes() == first


def test_a_long_right_to_left_summary_wraps_in_uax9_order_flush_right(multiscript_memo, house_style, tmp_path):
    summary = " ".join([DARI_WITH_ENGLISH, PASHTO, DARI_WITH_ENGLISH])
    memo = multiscript_memo.model_copy(update={
        "title": PASHTO, "subtitle": None, "author": None, "organization": None, "marking": None,
        "summary": summary, "key_points": (), "actors": (), "disagreements": (), "open_questions": (),
        "sources": (),
    })
    style = house_style.model_copy(update={"header": "", "footer": ""})
    path = PdfExporter(style).export(memo, tmp_path / "memo")
    checks = pdf_text.check_lines(path, [PASHTO, "Date: 2025-11-03", style.sections.summary, summary])
    assert [(c.paragraph, c.line, c.got) for c in checks if not c.ok] == []
    summary_lines = [c for c in checks if c.paragraph == 3]
    assert len(summary_lines) >= 3
    right_edge = style.page.size_pt[0] - style.page.margin_right_pt
    for check in summary_lines[:-1]:
        assert check.right == pytest.approx(right_edge, abs=1.0), check
    assert pdf_text.key(summary_lines[0].start_word) == pdf_text.key(summary_lines[0].first_logical_word)


# --- Characters no bundled font draws --------------------------------------------------------


@pytest.fixture
def ugaritic_memo(basic_memo) -> Memo:
    point = basic_memo.key_points[0].model_copy(update={"text": "The tablet reads 𐎀𐎁𐎂 (Ugaritic), not Arabic."})
    return basic_memo.model_copy(update={"key_points": (point, *basic_memo.key_points[1:])})


def test_a_character_no_bundled_font_draws_is_a_warning_naming_its_code_point(ugaritic_memo, house_style,
                                                                              tmp_path):
    exporter = PdfExporter(house_style)
    path = exporter.export(ugaritic_memo, tmp_path / "memo")
    (warning,) = exporter.warnings
    assert warning.location == "memo: key_points.0"
    assert "U+10380 UGARITIC LETTER ALPA" in warning.message and "U+10382" in warning.message
    # The text layer keeps the characters, so search and copy still find them.
    assert "𐎀𐎁𐎂" in pdf_text.pdftotext(path)


def test_memo_render_prints_that_warning(ugaritic_memo, tmp_path):
    memo_file = tmp_path / "memo.json"
    save_memo(ugaritic_memo, memo_file)
    result = CliRunner().invoke(app, ["render", str(memo_file), "-o", str(tmp_path / "out"), "-f", "pdf"])
    assert result.exit_code == 0, result.output
    assert "warning: memo: key_points.0: no bundled font draws U+10380 UGARITIC LETTER ALPA" in result.output


# --- House-style fonts for other scripts ---------------------------------------------------------


def test_a_house_style_whose_arabic_pdf_font_lacks_arabic_is_refused_naming_the_setting(house_style):
    scripts = house_style.scripts.model_copy(update={
        "arabic": house_style.scripts.arabic.model_copy(update={"pdf": "Noto Sans"})})
    with pytest.raises(StyleError, match=r"scripts\.arabic\.pdf font 'Noto Sans' does not draw U\+0627"):
        PdfExporter(house_style.model_copy(update={"scripts": scripts}))


def test_the_docx_styles_name_the_house_styles_script_fonts(multiscript_memo, tmp_path):
    style_file = tmp_path / "house.toml"
    style_file.write_text('[scripts.arabic]\ndocx = "Arial"\npdf = "Noto Naskh Arabic"\n'
                          '[scripts.east_asian]\ndocx = "SimSun"\npdf = "Droid Sans Fallback"\n', encoding="utf-8")
    path = DocxExporter(load_style(style_file)).export(multiscript_memo, tmp_path / "memo")
    for word_style in docx.Document(str(path)).styles:
        if word_style.name.startswith("Memo "):
            fonts = word_style.element.find(f"{W}rPr/{W}rFonts")
            assert (fonts.get(f"{W}cs"), fonts.get(f"{W}eastAsia")) == ("Arial", "SimSun"), word_style.name


# --- The DOCX markup -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory, multiscript_memo) -> Path:
    return DocxExporter(load_style("default")).export(multiscript_memo, tmp_path_factory.mktemp("docx") / "memo")


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def document_parts(path: Path) -> list[etree._Element]:
    """The body, headers, footers and footnotes of the document."""
    document = docx.Document(str(path))
    parts = [rel.target_part for rel in document.part.rels.values()
             if rel.reltype.rsplit("/", 1)[1] in ("header", "footer", "footnotes")]
    return [document.element, *(part.element if hasattr(part, "element") else etree.fromstring(part.blob)
                                for part in parts)]


def test_right_to_left_paragraphs_get_bidi_and_the_others_do_not(docx_path, multiscript_memo):
    right_to_left = {paragraph.docx_text for paragraph in right_to_left_paragraphs(multiscript_memo)}
    seen = set()
    for part in document_parts(docx_path):
        for p in part.iter(f"{W}p"):
            text = paragraph_text(p)
            if not text:
                continue
            has_bidi = p.find(f"{W}pPr/{W}bidi") is not None
            assert has_bidi == (text in right_to_left), text
            seen.add(text)
    assert right_to_left <= seen


def test_every_paragraph_and_run_property_is_in_schema_order(docx_path):
    for part in document_parts(docx_path):
        for properties, order in ((f"{W}pPr", PPR_ORDER), (f"{W}rPr", RPR_ORDER)):
            for element in part.iter(properties):
                names = [etree.QName(child).localname for child in element]
                positions = [order.index(name) for name in names]
                assert positions == sorted(positions), names


def arabic_runs(part: etree._Element, text: str) -> list[etree._Element]:
    """The Arabic-script runs of the paragraph whose text contains `text`."""
    p = next(p for p in part.iter(f"{W}p") if text in paragraph_text(p))
    return [r for r in p.iter(f"{W}r") if re.search("[\u0600-\u06ff]", "".join(t.text or "" for t in r.iter(f"{W}t")))]


@pytest.mark.parametrize(("index", "tag"), [(0, "ps-AF"), (1, "fa-AF"), (2, "ur-PK"), (3, "ar")])
def test_arabic_script_runs_are_right_to_left_complex_script_with_their_language(docx_path, multiscript_memo,
                                                                                index, tag):
    body = docx.Document(str(docx_path)).element
    runs = arabic_runs(body, multiscript_memo.key_points[index].text)
    assert runs
    for run in runs:
        rpr = run.find(f"{W}rPr")
        assert rpr.find(f"{W}rtl") is not None and rpr.find(f"{W}cs") is not None
        assert rpr.find(f"{W}lang").get(f"{W}bidi") == tag


def test_the_urdu_quote_in_the_disagreement_table_is_tagged_urdu(docx_path):
    body = docx.Document(str(docx_path)).element
    (run,) = arabic_runs(body, "کابل میں ۳۵ افراد ہلاک ہوئے")
    assert run.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "ur-PK"


def test_an_english_sentence_quoting_pashto_stays_left_to_right_with_numbers_in_place(docx_path, multiscript_memo):
    body = docx.Document(str(docx_path)).element
    point = multiscript_memo.key_points[4].text
    p = next(p for p in body.iter(f"{W}p") if point in paragraph_text(p))
    assert p.find(f"{W}pPr/{W}bidi") is None
    runs = [(paragraph_text(r), r.find(f"{W}rPr/{W}rtl") is not None) for r in p.iter(f"{W}r") if paragraph_text(r)]
    assert ("ذبیح الله مجاهد", True) in runs
    assert (" said on 12 May 2021 that talks continue; population ", False) in runs


def test_chinese_runs_take_the_east_asian_language(docx_path, multiscript_memo):
    body = docx.Document(str(docx_path)).element
    p = next(p for p in body.iter(f"{W}p") if multiscript_memo.key_points[5].text in paragraph_text(p))
    tags = {r.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") for r in p.iter(f"{W}r") if "中" in paragraph_text(r)}
    assert tags == {"zh-CN"}


def test_an_embedding_left_open_in_one_field_is_closed_before_the_next(multiscript_memo, tmp_path):
    multiscript_memo.source("S6")  # a lookup cached before the copy must not show the old source
    source = multiscript_memo.sources[5].model_copy(update={"title": f"Kabul {RLO}talks continue"})
    memo = multiscript_memo.model_copy(update={"sources": (*multiscript_memo.sources[:5], source)})
    path = DocxExporter(load_style("default")).export(memo, tmp_path / "memo")
    notes = [paragraph_text(p) for part in document_parts(path)[1:] for p in part.iter(f"{W}p")]
    assert any(f"S6 Example Wire, “Kabul {RLO}talks continue{PDF}”: “talks continue”" in note for note in notes)


def test_decomposed_text_is_composed_before_it_is_written(multiscript_memo, tmp_path):
    # model_copy skips the model's own normalisation, as a program building a memo might.
    memo = multiscript_memo.model_copy(update={"summary": "The H\u0323aqqa\u0304ni\u0304 network (s\u0331) met."})
    path = DocxExporter(load_style("default")).export(memo, tmp_path / "memo")
    body = docx.Document(str(path)).element
    assert "The \u1e24aqq\u0101n\u012b network (s\u0331) met." in [paragraph_text(p) for p in body.iter(f"{W}p")]


# --- The DOCX as LibreOffice shows it --------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_memo_pdf(docx_path) -> Path:
    return libreoffice_pdf(docx_path)


@pytest.mark.slow
def test_libreoffice_embeds_every_font_and_shows_no_boxes(libreoffice_memo_pdf):
    check_fonts_and_text(libreoffice_memo_pdf)


@pytest.mark.slow
def test_libreoffice_gives_back_every_word_and_digit_group(libreoffice_memo_pdf, multiscript_memo, house_style):
    texts = shown_texts(multiscript_memo, house_style)
    assert pdf_text.missing_words(libreoffice_memo_pdf, texts, ligature_quirk=True) == []
    assert pdf_text.digit_group_problems(pdf_text.pdftotext(libreoffice_memo_pdf), DIGITS) == []


@pytest.mark.slow
def test_libreoffice_starts_every_right_to_left_paragraph_with_its_first_word_at_the_right(
        libreoffice_memo_pdf, multiscript_memo):
    assert first_line_problems(libreoffice_memo_pdf, multiscript_memo, ligature_quirk=True) == []
