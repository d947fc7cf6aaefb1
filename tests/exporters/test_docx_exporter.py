"""The DOCX exporter, tested by reopening the file the way Word, LibreOffice and python-docx would."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Pt, RGBColor
from lxml import etree

from memo.errors import ExportError
from memo.exporters.base import ACTOR_COLUMNS, POSITION_COLUMNS, ExportOptions, quotes_text
from memo.exporters.docx_exporter import DocxExporter, to_uri
from memo.house_style import ROLES, HouseStyle, load_style, style_name
from memo.model import Memo

MEMOS = Path(__file__).resolve().parents[1] / "fixtures" / "memos"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def fixture_memo(name: str) -> Memo:
    return Memo.model_validate_json((MEMOS / f"{name}.json").read_text(encoding="utf-8"))


def export(memo: Memo, tmp_path: Path, style: HouseStyle | None = None, **options) -> Path:
    exporter = DocxExporter(style or load_style("default"), ExportOptions(**options))
    return exporter.export(memo, tmp_path / "memo")


def outline(path: Path) -> list[list[str]]:
    """(style name, text) of every body paragraph that has text, in order."""
    return [[p.style.name, p.text] for p in docx.Document(str(path)).paragraphs if p.text]


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def all_paragraph_texts(path: Path) -> list[str]:
    """Text of every paragraph of the body, tables included."""
    return [text_of(p) for p in part(path, "word/document.xml").iter(f"{W}p")]


def test_basic_memo_outline_matches_the_golden(basic_memo, tmp_path, data_regression):
    data_regression.check(outline(export(basic_memo, tmp_path)))


def test_every_role_is_a_paragraph_style_with_the_house_font_size_and_colour(basic_memo, house_style, tmp_path):
    styles = docx.Document(str(export(basic_memo, tmp_path))).styles
    for role in ROLES:
        word_style = styles[style_name(role)]
        text = house_style.roles[role]
        assert word_style.type == WD_STYLE_TYPE.PARAGRAPH
        assert word_style.font.name == house_style.font(role).docx
        assert word_style.font.size == Pt(text.size_pt)
        assert bool(word_style.font.bold) == text.bold and bool(word_style.font.italic) == text.italic
        assert word_style.font.color.rgb == RGBColor.from_string(text.color[1:])
        assert word_style.paragraph_format.space_after == Pt(text.space_after_pt)
        fonts = word_style.element.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}cs") == house_style.scripts.arabic.docx
        assert fonts.get(f"{W}eastAsia") == house_style.scripts.east_asian.docx


def test_headings_have_outline_levels_for_the_navigation_pane(basic_memo, tmp_path):
    styles = docx.Document(str(export(basic_memo, tmp_path))).styles
    levels = {
        role: styles[style_name(role)].element.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val")
        for role in ("heading", "subheading")
    }
    assert levels == {"heading": "0", "subheading": "1"}


@pytest.mark.parametrize("name", ["default", "government", "newsroom"])
def test_every_shipped_house_style_renders_with_its_page_and_fonts(name, basic_memo, tmp_path):
    style = load_style(name)
    document = docx.Document(str(export(basic_memo, tmp_path, style)))
    section = document.sections[0]
    width, height = style.page.size_pt
    assert (round(section.page_width.pt), round(section.page_height.pt)) == (round(width), round(height))
    assert round(section.left_margin.pt) == round(style.page.margin_left_pt)
    assert document.styles[style_name("body")].font.name == style.font("body").docx
    assert [p.text for p in document.paragraphs if p.style.name == style_name("heading")][0].endswith(
        style.sections.summary
    )


def test_each_citation_is_a_word_footnote_numbered_in_reading_order(basic_memo, house_style, tmp_path):
    exporter = DocxExporter(house_style)
    path = exporter.export(basic_memo, tmp_path / "memo")
    notes = part(path, "word/footnotes.xml").findall(f"{W}footnote")
    separators = [n for n in notes if n.get(f"{W}type")]
    numbered = [n for n in notes if not n.get(f"{W}type")]
    assert sorted(n.get(f"{W}id") for n in separators) == ["-1", "0"]
    assert len(numbered) == len(exporter.notes) == 4
    assert [text_of(n).strip() for n in numbered] == [note.text for note in exporter.notes]
    references = part(path, "word/document.xml").iter(f"{W}footnoteReference")
    assert [r.get(f"{W}id") for r in references] == ["1", "2", "3", "4"]


def test_footnotes_link_their_source_id_to_the_source_entry(basic_memo, tmp_path):
    path = export(basic_memo, tmp_path)
    anchors = {link.get(f"{W}anchor") for link in part(path, "word/footnotes.xml").iter(f"{W}hyperlink")}
    bookmarks = {b.get(f"{W}name") for b in part(path, "word/document.xml").iter(f"{W}bookmarkStart")}
    assert anchors == {"source_S1", "source_S2"}
    assert anchors <= bookmarks


def test_the_footnotes_part_is_declared_like_words_own(basic_memo, tmp_path):
    path = export(basic_memo, tmp_path)
    settings = part(path, "word/settings.xml")
    assert [f.get(f"{W}id") for f in settings.findall(f"{W}footnotePr/{W}footnote")] == ["-1", "0"]
    with zipfile.ZipFile(path) as package:
        assert "footnotes+xml" in package.read("[Content_Types].xml").decode()


def external_link_targets(path: Path) -> set[str]:
    rels = part(path, "word/_rels/document.xml.rels")
    return {rel.get("Target") for rel in rels if rel.get("Type") == HYPERLINK_REL}


def test_safe_source_urls_become_clickable_links_shown_as_text(basic_memo, tmp_path):
    path = export(basic_memo, tmp_path)
    assert external_link_targets(path) == {
        "https://www.dawn.example/news/indus-talks", "https://tribune.example/story/nine-rounds",
    }
    document = part(path, "word/document.xml")
    shown = {text_of(link) for link in document.iter(f"{W}hyperlink") if link.get(R_ID)}
    assert shown == external_link_targets(path)


def test_unsafe_urls_are_printed_but_never_linked(tmp_path):
    path = export(fixture_memo("hostile_text"), tmp_path)
    assert external_link_targets(path) == set()
    sources = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == style_name("source")]
    assert sources[0].endswith(" javascript:alert(1)")
    assert sources[1].endswith(" file:///etc/passwd")
    assert sources[2].endswith(" https://example.org/a path with spaces")


def test_an_internationalised_url_links_to_its_ascii_form(basic_memo, tmp_path):
    data = basic_memo.model_dump(mode="json")
    data["sources"][0]["url"] = "https://fa.wikipedia.org/wiki/کابل"
    data["sources"][1]["url"] = "https://bücher.example/straße?q=ä#frag"
    path = export(Memo.model_validate(data), tmp_path)
    assert external_link_targets(path) == {
        "https://fa.wikipedia.org/wiki/%DA%A9%D8%A7%D8%A8%D9%84",
        "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A4#frag",
    }
    assert "https://fa.wikipedia.org/wiki/کابل" in docx.Document(str(path)).paragraphs[-3].text


@pytest.mark.parametrize(("url", "uri"), [
    ("https://example.org/a/b?x=1&y=2#top", "https://example.org/a/b?x=1&y=2#top"),
    ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
    ("https://example.org/100%25/50%", "https://example.org/100%25/50%25"),
    ("https://user@example.org:8080/é", "https://user@example.org:8080/%C3%A9"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
])
def test_link_targets_are_ascii_uris(url, uri):
    assert to_uri(url) == uri


def test_header_and_footer_carry_the_marking_and_page_fields_on_every_page(basic_memo, tmp_path):
    section = docx.Document(str(export(basic_memo, tmp_path))).sections[0]
    header = [p.text for p in section.header.paragraphs]
    footer = [p.text for p in section.footer.paragraphs]
    assert header == [basic_memo.marking, basic_memo.title]
    assert footer == ["2025-11-03  ·  Page 1 of 1", basic_memo.marking]
    fields = [i.text.strip() for i in section.footer._element.iter(f"{W}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]


def test_a_memo_without_marking_has_no_banner(tmp_path):
    memo = fixture_memo("empty_sections")
    section = docx.Document(str(export(memo, tmp_path, load_style("government")))).sections[0]
    assert [p.text for p in section.footer.paragraphs] == ["Page 1 of 1"]
    # The government header is the organisation, which this memo lacks: an empty header remains.
    assert [p.text for p in section.header.paragraphs] == [""]


def test_actors_table_lists_every_actor_under_a_repeating_shaded_header(basic_memo, house_style, tmp_path):
    table = docx.Document(str(export(basic_memo, tmp_path))).tables[0]
    assert [c.text for c in table.rows[0].cells] == list(ACTOR_COLUMNS)
    assert [row.cells[0].text for row in table.rows[1:]] == [a.name for a in basic_memo.actors]
    assert [c.text for c in table.rows[2].cells] == [
        "Ayesha Khan", "Person", "Spokeswoman (Ministry of Water Resources)", "", "S2",
    ]
    header_row = table.rows[0]._tr
    assert header_row.find(f"{W}trPr/{W}tblHeader") is not None
    fill = header_row.find(f"{W}tc/{W}tcPr/{W}shd").get(f"{W}fill")
    assert "#" + fill == house_style.layout.table_header_fill.upper()
    assert table.rows[1].cells[0].paragraphs[0].style.name == style_name("table_cell")


def test_table_columns_fill_the_text_width(basic_memo, house_style, tmp_path):
    document = docx.Document(str(export(basic_memo, tmp_path)))
    text_width_twips = (house_style.page.size_pt[0] - house_style.page.margin_left_pt
                        - house_style.page.margin_right_pt) * 20
    for table in document.tables:
        widths = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.iter(f"{W}gridCol")]
        assert abs(sum(widths) - text_width_twips) <= len(widths)


def test_disagreement_tables_give_each_position_with_its_quotes(basic_memo, tmp_path):
    table = docx.Document(str(export(basic_memo, tmp_path))).tables[1]
    positions = basic_memo.disagreements[0].positions
    assert [c.text for c in table.rows[0].cells] == list(POSITION_COLUMNS)
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["S1 (Dawn)", positions[0].claim, quotes_text(positions[0].citations)],
        ["S2 (The Express Tribune)", positions[1].claim, quotes_text(positions[1].citations)],
    ]
    assert table.rows[1].cells[2].paragraphs[0].style.name == style_name("quote")


def test_the_same_memo_gives_the_same_bytes_whenever_it_is_written(basic_memo, tmp_path):
    first = export(basic_memo, tmp_path / "first").read_bytes()
    second = export(basic_memo, tmp_path / "second")
    assert second.read_bytes() == first
    # Dated by the memo, not the clock, so a later run writes the same file too.
    with zipfile.ZipFile(second) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2025, 11, 3, 0, 0, 0)}
    assert docx.Document(str(second)).paragraphs[0].text == basic_memo.title


def test_core_properties_describe_the_memo(basic_memo, tmp_path):
    properties = docx.Document(str(export(basic_memo, tmp_path))).core_properties
    assert properties.title == basic_memo.title
    assert properties.author == "A. Analyst"
    assert properties.subject == "Synthesis of three sources"
    assert properties.keywords == "Ministry of Water Resources, Ayesha Khan"
    assert properties.created == dt.datetime(2025, 11, 3, tzinfo=dt.timezone.utc)


def test_hostile_text_is_written_verbatim(tmp_path):
    memo = fixture_memo("hostile_text")
    texts = all_paragraph_texts(export(memo, tmp_path))
    assert memo.title in texts and memo.summary in texts
    assert any(t.startswith(f"1. {memo.key_points[0].text}") for t in texts)
    assert any(memo.disagreements[0].topic in t for t in texts)
    assert docx.Document(str(tmp_path / "memo.docx")).core_properties.title == memo.title


def test_line_breaks_and_tabs_in_text_become_word_breaks_and_tabs(basic_memo, tmp_path):
    memo = basic_memo.model_copy(update={"summary": "First line\nsecond\tcolumn"})
    summary = next(p for p in docx.Document(str(export(memo, tmp_path))).paragraphs
                   if p.style.name == style_name("summary"))
    assert summary.text == "First line\nsecond\tcolumn"


def test_a_memo_with_empty_sections_has_only_its_title_block(tmp_path):
    assert outline(export(fixture_memo("empty_sections"), tmp_path)) == [
        ["Memo Title", "Empty memo"], ["Memo Meta", "Date: 2025-01-01"],
    ]


def make_reference(path: Path) -> Path:
    """A user's Word template: its own "Memo Heading", landscape Letter, and some boilerplate."""
    reference = docx.Document()
    heading = reference.styles.add_style("Memo Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.name = "Courier New"
    heading.font.size = Pt(30)
    section = reference.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    section.left_margin = section.right_margin = Inches(1.5)
    reference.add_paragraph("Template boilerplate that must not survive")
    reference.save(str(path))
    return path


def test_a_reference_document_keeps_its_styles_and_page_but_not_its_text(basic_memo, house_style, tmp_path):
    reference = make_reference(tmp_path / "reference.docx")
    document = docx.Document(str(export(basic_memo, tmp_path, reference_docx=reference)))
    heading = document.styles["Memo Heading"]
    assert (heading.font.name, heading.font.size) == ("Courier New", Pt(30))
    assert document.styles["Memo Body"].font.name == house_style.font("body").docx
    section = document.sections[0]
    assert (section.page_width, section.left_margin) == (Inches(11), Inches(1.5))
    texts = [p.text for p in document.paragraphs]
    assert "Template boilerplate that must not survive" not in texts
    assert texts[0] == basic_memo.title
    widths = [int(col.get(f"{W}w")) for col in document.tables[0]._tbl.tblGrid.iter(f"{W}gridCol")]
    assert abs(sum(widths) - 8 * 1440) <= len(widths)


def test_the_marking_is_on_every_header_variant_a_reference_document_uses(basic_memo, tmp_path):
    reference = docx.Document()
    reference.sections[0].different_first_page_header_footer = True
    reference.sections[0].first_page_header.paragraphs[0].text = "Letterhead of the first page"
    reference.save(str(tmp_path / "reference.docx"))
    section = docx.Document(str(export(basic_memo, tmp_path, reference_docx=tmp_path / "reference.docx"))).sections[0]
    for header in (section.header, section.first_page_header):
        assert [p.text for p in header.paragraphs] == [basic_memo.marking, basic_memo.title]
    for footer in (section.footer, section.first_page_footer):
        assert [p.text for p in footer.paragraphs][-1] == basic_memo.marking


def test_a_reference_that_is_not_a_docx_is_an_export_error_naming_it(basic_memo, tmp_path):
    bogus = tmp_path / "letterhead.docx"
    bogus.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ExportError, match="letterhead.docx is not a readable Word .docx file"):
        export(basic_memo, tmp_path, reference_docx=bogus)


@pytest.mark.slow
def test_libreoffice_prints_the_footnotes_and_page_numbers(basic_memo, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = export(basic_memo, tmp_path)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), str(path)],
        check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)},
    )
    # soffice exits 0 even when it fails to convert: judge by the PDF.
    pdf = tmp_path / "pdf" / "memo.pdf"
    assert pdf.is_file()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert basic_memo.title in " ".join(text.split())
    assert "“Negotiators met again in Geneva on Monday”" in text
    assert "Page 1 of " in text
    pages = text.count("\f")
    assert pages >= 1 and text.count(basic_memo.marking) == 2 * pages
