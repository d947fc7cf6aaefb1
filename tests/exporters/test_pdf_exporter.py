"""The PDF exporter, read back the way a user's tools read a PDF: pypdf, pdftotext, pdffonts, qpdf."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph, Spacer, Table

from memo.errors import ExportError
from memo.exporters.pdf_exporter import PdfExporter
from memo.house_style import HouseStyle, load_style, style_names
from memo.model import Memo

MEMOS = Path(__file__).resolve().parents[1] / "fixtures" / "memos"
MEMO_FIXTURES = sorted(MEMOS.glob("*.json"))
STANDARD_14 = re.compile(r"^(Courier|Helvetica|Times|Symbol|ZapfDingbats)", re.MULTILINE)


def read_fixture_memo(name: str) -> Memo:
    return Memo.model_validate_json((MEMOS / f"{name}.json").read_text(encoding="utf-8"))


def export(memo: Memo, style: HouseStyle, tmp_path: Path, name: str = "memo") -> Path:
    return PdfExporter(style).export(memo, tmp_path / name)


def run(*command: str | Path) -> str:
    return subprocess.run([str(c) for c in command], check=True, capture_output=True, text=True).stdout


def page_texts(path: Path, *crop: str) -> list[str]:
    """The text of each page in reading order (pdftotext -raw), optionally of a crop box only."""
    return run("pdftotext", "-raw", "-enc", "UTF-8", *crop, path, "-").split("\f")[:-1]


def margin_texts(path: Path, style: HouseStyle) -> list[tuple[str, str]]:
    """The text in the top and in the bottom margin of each page."""
    width, height = (str(round(x)) for x in style.page.size_pt)
    top = round(style.page.margin_top_pt)
    bottom = round(style.page.margin_bottom_pt)
    tops = page_texts(path, "-x", "0", "-y", "0", "-W", width, "-H", str(top))
    bottoms = page_texts(path, "-x", "0", "-y", str(int(height) - bottom), "-W", width, "-H", str(bottom))
    return list(zip(tops, bottoms, strict=True))


def body_pages(path: Path, style: HouseStyle) -> list[str]:
    """The text between the top and bottom margins of each page: the memo without page furniture."""
    width, height = style.page.size_pt
    top, bottom = style.page.margin_top_pt, style.page.margin_bottom_pt
    return page_texts(path, "-x", "0", "-y", str(round(top)), "-W", str(round(width)),
                      "-H", str(round(height - top - bottom)))


def body_text(path: Path, style: HouseStyle) -> str:
    return "\n".join(body_pages(path, style))


def squash(text: str) -> str:
    """`text` without white space: line breaks inside long words do not count."""
    return re.sub(r"\s+", "", text)


def flattened(outline: list) -> list:
    return [entry for item in outline for entry in (flattened(item) if isinstance(item, list) else [item])]


def outline_titles(reader: PdfReader) -> list:
    def walk(items: list) -> list:
        return [walk(item) if isinstance(item, list) else item.title for item in items]
    return walk(reader.outline)


def link_annotations(path: Path) -> list[dict]:
    links = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation["/Subtype"] == "/Link":
                links.append(annotation)
    return links


def paragraph_text(paragraph: Paragraph) -> str:
    """The bullet, the lead, the text and the trail of a paragraph (the paragraph draws lead and trail itself)."""
    labels = [paragraph.bulletText] if paragraph.bulletText else []
    labels += [run.text for run in getattr(paragraph, "lead", ())]
    trail = "".join(run.text for run in getattr(paragraph, "trail", ()))
    return " ".join([*labels, paragraph.getPlainText() + trail])


def story_outline(exporter: PdfExporter) -> list:
    """(style name, text) of every paragraph of the story; tables as rows of "style: text" cells."""
    outline: list = []
    for flowable in exporter.story:
        if isinstance(flowable, Paragraph):
            outline.append([flowable.style.name, paragraph_text(flowable)])
        elif isinstance(flowable, Table):
            outline.append(["Table", [
                [f"{cell.style.name}: {paragraph_text(cell)}" for cell in row] for row in flowable._cellvalues
            ]])
        else:
            outline.append([type(flowable).__name__, ""])
    return outline


def with_key_points(memo: Memo, count: int) -> Memo:
    """`memo` with `count` key points, alternating copies of its own (K1 has two citations)."""
    points = [
        memo.key_points[n % len(memo.key_points)].model_copy(update={"id": f"K{n + 1}"}) for n in range(count)
    ]
    return memo.model_copy(update={"key_points": tuple(points)})


@pytest.fixture
def long_memo(basic_memo: Memo) -> Memo:
    """The basic memo with 60 key points, so that sections, notes and sources span several pages."""
    return with_key_points(basic_memo, 60)


def test_story_outline_matches_the_golden(basic_memo, house_style, data_regression):
    exporter = PdfExporter(house_style)
    exporter.render(basic_memo)
    data_regression.check(story_outline(exporter))


def test_white_space_collapses_but_no_break_spaces_and_labels_stay(basic_memo, house_style):
    exporter = PdfExporter(house_style)
    exporter.render(basic_memo.model_copy(update={"summary": "Talks  resumed \t on 10\xa0May,\tin  Doha."}))
    texts = [paragraph_text(f) for f in exporter.story if isinstance(f, Paragraph)]
    assert "Talks resumed on 10\xa0May, in Doha." in texts
    assert f"Date: {basic_memo.date.isoformat()}" in texts


def test_note_markers_follow_the_last_word_inside_the_margin_whatever_the_line_length(basic_memo, house_style, tmp_path):
    # Key points whose last word grows a letter at a time: some end flush with the margin, where
    # the markers must take the last word to a new line rather than run past the margin.
    point = basic_memo.key_points[0]
    endings = [f"E{n}" + "e" * n + "." for n in range(40)]
    points = tuple(
        point.model_copy(update={"id": f"K{n + 1}", "text": "Negotiators " * 12 + ending})
        for n, ending in enumerate(endings)
    )
    path = export(basic_memo.model_copy(update={"key_points": points}), house_style, tmp_path)
    right_edge = house_style.page.size_pt[0] - house_style.page.margin_right_pt
    boxes = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', run("pdftotext", "-bbox", path, "-"))
    assert boxes and max(map(float, boxes)) <= right_edge + 0.5
    text = squash(body_text(path, house_style))
    per_point = len(point.citations)
    for n, ending in enumerate(endings):
        numbers = ",".join(str(per_point * n + k + 1) for k in range(per_point))
        assert f"{ending}{numbers}" in text, ending


def test_note_markers_stay_after_the_last_word_of_an_item_split_across_pages(basic_memo, house_style, tmp_path):
    # Open questions with no line under them are not kept with anything: they split at page ends.
    question = basic_memo.open_questions[0]
    endings = [f"End{n}?" for n in range(6)]
    questions = tuple(
        question.model_copy(update={"id": f"Q{n + 1}", "question": "Will the negotiators meet again in Geneva? " * 60
                                    + ending, "why": None, "related": (), "origin": None})
        for n, ending in enumerate(endings)
    )
    memo = basic_memo.model_copy(update={"open_questions": questions})
    path = export(memo, house_style, tmp_path)
    pages = [squash(page) for page in body_pages(path, house_style)]
    first = sum(len(point.citations) for point in memo.key_points)
    per_question = len(question.citations)
    for n, ending in enumerate(endings):
        numbers = ",".join(str(first + per_question * n + k + 1) for k in range(per_question))
        assert sum(f"{ending}{numbers}" in page for page in pages) == 1, ending
    # Some question starts on one page and ends on the next.
    assert any(page.endswith(("Geneva?", "Will", "the", "negotiators", "meet", "again", "in")) for page in pages)


def test_a_long_key_point_breaks_across_the_page_with_its_last_lines_kept_with_its_sourcing_line(
        basic_memo, house_style, tmp_path):
    point = basic_memo.key_points[0]
    points = tuple(
        point.model_copy(update={"id": f"K{n + 1}", "text": "The negotiators met again in Geneva. " * 70 + f"End{n}."})
        for n in range(5)
    )
    path = export(basic_memo.model_copy(update={"key_points": points}), house_style, tmp_path)
    pages = body_pages(path, house_style)
    # Moved whole, each 30-line point would start a page of its own, leaving the rest of the one before empty.
    assert len(pages) == 4
    for n in range(5):
        page = next(page for page in pages if f"End{n}." in page)
        lines = page.splitlines()
        end = next(i for i, line in enumerate(lines) if f"End{n}." in line)
        after = [line for line in lines[end + 1:] if not re.fullmatch(r"[\d,]+", line.strip())]
        assert after[0].startswith("Confidence:") and end >= 1, n  # two lines at least go over with it


def test_the_same_memo_gives_the_same_bytes(basic_memo, house_style, tmp_path):
    first = export(basic_memo, house_style, tmp_path, "first").read_bytes()
    second = export(basic_memo, house_style, tmp_path, "second").read_bytes()
    assert first == second


@pytest.mark.parametrize("memo_file", MEMO_FIXTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("style_name", style_names())
def test_every_shipped_style_renders_every_fixture_with_embedded_fonts_only(memo_file, style_name, tmp_path):
    memo = read_fixture_memo(memo_file.stem)
    path = export(memo, load_style(style_name), tmp_path)
    fonts = run("pdffonts", path).splitlines()[2:]
    assert fonts, "no fonts listed"
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert not STANDARD_14.search("\n".join(fonts))
    run("qpdf", "--check", path)
    text = " ".join(" ".join(page_texts(path)).split())
    title = memo.title.upper() if load_style(style_name).roles["title"].all_caps else memo.title
    assert " ".join(title.split()) in text


def test_pdftotext_finds_title_key_points_notes_and_sources(basic_memo, house_style, tmp_path):
    text = " ".join(body_text(export(basic_memo, house_style, tmp_path), house_style).split())
    assert basic_memo.title in text
    for point in basic_memo.key_points:
        assert point.text in text
    assert "1. S1 Dawn, “Indus talks resume in Geneva”: “Negotiators met again in Geneva on Monday”" in text
    assert "[S2] “Ministry counts nine rounds.” The Express Tribune, 2025-11-01." in text


def test_every_page_has_the_marking_top_and_bottom_and_page_x_of_y(long_memo, house_style, tmp_path):
    margins = margin_texts(export(long_memo, house_style, tmp_path), house_style)
    assert len(margins) > 2
    for number, (top, bottom) in enumerate(margins, 1):
        assert top.splitlines() == [long_memo.marking, long_memo.title]
        assert bottom.splitlines() == [f"2025-11-03 · Page {number} of {len(margins)}", long_memo.marking]


@pytest.mark.parametrize("points", range(30, 40))
def test_no_heading_is_left_at_the_foot_of_a_page(basic_memo, house_style, tmp_path, points):
    path = export(with_key_points(basic_memo, points), house_style, tmp_path)
    reader = PdfReader(path)
    pages = [page.strip().splitlines() for page in body_pages(path, house_style)]
    for entry in flattened(reader.outline):
        page = pages[reader.get_destination_page_number(entry)]
        assert entry.title in page and page[-1] != entry.title


def test_the_outline_lists_the_sections_in_order_with_disagreements_under_theirs(basic_memo, house_style, tmp_path):
    reader = PdfReader(export(basic_memo, house_style, tmp_path))
    assert outline_titles(reader) == [
        "Bottom line up front", "Key points", "Actors", "Where the sources disagree",
        ["D1. How many rounds of talks have been held (numeric)"], "Open questions", "Notes", "Sources",
    ]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_outline_entries_and_note_links_land_on_the_right_pages(long_memo, house_style, tmp_path):
    path = export(long_memo, house_style, tmp_path)
    reader = PdfReader(path)
    pages = page_texts(path)
    for entry in reader.outline:
        if not isinstance(entry, list):
            assert entry.title in pages[reader.get_destination_page_number(entry)]
    page_numbers = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    # Every marker links to its note: the note numbered N starts a line of the page linked to.
    markers = [link for link in link_annotations(path) if "/Dest" in link]
    note_pages = [page_numbers[link["/Dest"][0].idnum] for link in markers]
    notes = sum(len(item.citations) for item in (*long_memo.key_points, *long_memo.open_questions))
    assert len(note_pages) == 2 * notes  # marker -> note, then note -> source entry
    for number, page in enumerate(note_pages[:notes], 1):
        assert re.search(rf"^{number}\. S\d ", pages[page], re.MULTILINE), number


def test_only_safe_urls_become_links_and_note_markers_link_inside(basic_memo, house_style, tmp_path):
    links = link_annotations(export(basic_memo, house_style, tmp_path))
    uris = [link["/A"]["/URI"] for link in links if "/A" in link]
    assert uris == [source.url for source in basic_memo.sources if source.url]
    internal = [link for link in links if "/Dest" in link]
    notes = sum(len(item.citations) for item in (*basic_memo.key_points, *basic_memo.open_questions))
    assert len(internal) == 2 * notes  # marker -> note, and note -> source entry


def test_a_url_with_an_ampersand_is_linked_exactly(basic_memo, house_style, tmp_path):
    url = "https://example.org/search?q=indus&lang=en#top"
    sources = (basic_memo.sources[0].model_copy(update={"url": url}), *basic_memo.sources[1:])
    path = export(basic_memo.model_copy(update={"sources": sources}), house_style, tmp_path)
    assert url in [link["/A"]["/URI"] for link in link_annotations(path) if "/A" in link]
    assert squash(url) in squash(body_text(path, house_style))


def test_hostile_urls_are_shown_but_not_linked(house_style, tmp_path):
    memo = read_fixture_memo("hostile_text")
    path = export(memo, house_style, tmp_path)
    assert not [link for link in link_annotations(path) if "/A" in link]
    text = " ".join(page_texts(path))
    for url in ("javascript:alert(1)", "file:///etc/passwd", "https://example.org/a path with spaces"):
        assert url in text


def test_hostile_text_is_printed_verbatim_not_interpreted(house_style, tmp_path):
    memo = read_fixture_memo("hostile_text")
    path = export(memo, house_style, tmp_path)
    text = squash(body_text(path, house_style))
    for field in (memo.title, memo.summary, memo.key_points[0].text, memo.disagreements[0].topic):
        assert squash(field) in text
    assert PdfReader(path).metadata.title == memo.title


def test_metadata_carries_title_author_subject_and_creator(basic_memo, house_style, tmp_path):
    metadata = PdfReader(export(basic_memo, house_style, tmp_path)).metadata
    assert (metadata.title, metadata.author, metadata.subject, metadata.creator) == (
        basic_memo.title, basic_memo.author, basic_memo.subtitle, "memo",
    )


def test_a_3000_character_url_wraps_inside_the_page_and_stays_recoverable(basic_memo, house_style, tmp_path):
    url = ("https://example.org/" + "/".join(f"part{i}?q={i}&x=y" for i in range(300)))[:3000]
    memo = basic_memo.model_copy(update={"summary": f"See {url} for details."})
    path = export(memo, house_style, tmp_path)
    assert squash(url) in squash(body_text(path, house_style))
    page_width = house_style.page.size_pt[0]
    right_edges = [float(x) for x in re.findall(r'xMax="([0-9.]+)"', run("pdftotext", "-bbox", path, "-"))]
    assert max(right_edges) <= page_width - house_style.page.margin_right_pt + 0.5


def test_a_200k_character_paragraph_renders_in_full(basic_memo, house_style, tmp_path):
    paragraph = " ".join(f"Sentence {i} of a very long source paragraph." for i in range(4500))[:200_000]
    memo = basic_memo.model_copy(update={"summary": paragraph})
    path = export(memo, house_style, tmp_path)
    assert squash(paragraph) in squash(body_text(path, house_style))


def test_a_cell_taller_than_a_page_splits_across_pages(basic_memo, house_style, tmp_path):
    role = " ".join(["Lead negotiator and long-serving adviser"] * 400)
    actors = (basic_memo.actors[0].model_copy(update={"role": role}), *basic_memo.actors[1:])
    path = export(basic_memo.model_copy(update={"actors": actors}), house_style, tmp_path)
    assert body_text(path, house_style).count("adviser") == 400
    assert len(PdfReader(path).pages) > 3


def test_content_larger_than_a_page_is_an_export_error_naming_the_section(basic_memo, house_style, tmp_path):
    class OversizedSummary(PdfExporter):
        def render_summary(self, summary: str) -> None:
            self.story.append(Spacer(1, 2000))

    with pytest.raises(ExportError, match="“Bottom line up front”"):
        OversizedSummary(house_style).export(basic_memo, tmp_path / "memo")
    assert not (tmp_path / "memo.pdf").exists()
