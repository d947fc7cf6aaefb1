"""PDF sources: paragraphs rebuilt from the text layer; scans, passwords and damage told plainly."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from memo.errors import SourceError
from memo.ingest import IngestLimits, read_source

PARA_1 = (
    "The negotiators met on Monday in the capital and failed to agree on the border crossings, "
    "officials said after the meeting ended late at night, and both sides blamed each other."
)
PARA_2 = (
    "Both delegations said they would return to the table next week, though neither side offered "
    "new proposals on the disputed crossings or on the customs fees that traders have to pay."
)
PARA_3 = (
    "Traders on both sides of the border have waited for weeks as trucks lined up at the gates, "
    "and prices of fresh food have risen in the markets near the crossings since the closure."
)
STYLES = getSampleStyleSheet()


def later(page: int) -> str:
    """The paragraph of a later page, different on every page as real text is."""
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")[page % 5]
    return PARA_3.replace("weeks", f"{page} weeks").replace("the closure", f"{day}'s closure")


def make_pdf(path: Path, *, pages: int = 2, running_header: bool = False) -> Path:
    def furniture(canvas_, document):
        canvas_.drawString(290, 20, str(document.page))
        if running_header:
            canvas_.drawString(72, 810, "Daily Planet Weekly Review")

    story = [
        Paragraph("Border Talks Stall in the Capital", STYLES["Title"]),
        Paragraph(PARA_1, STYLES["BodyText"]),
        Paragraph("What Comes Next for the Crossings", STYLES["Heading2"]),
        Paragraph(PARA_2, STYLES["BodyText"]),
    ]
    for page in range(2, pages + 1):
        story += [PageBreak(), Paragraph(later(page), STYLES["BodyText"])]
    SimpleDocTemplate(str(path), pagesize=A4, title="Border Talks Stall", author="Jane Roe").build(
        story, onFirstPage=furniture, onLaterPages=furniture
    )
    return path


def test_paragraphs_and_headings_are_rebuilt_from_the_lines_of_the_text_layer(tmp_path):
    source = read_source(make_pdf(tmp_path / "a.pdf"))
    assert source.source.title == "Border Talks Stall in the Capital"
    assert [(b.kind, source.block_text(b)) for b in source.blocks] == [
        ("paragraph", PARA_1),
        ("heading", "What Comes Next for the Crossings"),
        ("paragraph", PARA_2),
        ("paragraph", later(2)),
    ]


def test_page_numbers_and_running_headers_are_not_text(tmp_path):
    source = read_source(make_pdf(tmp_path / "a.pdf", pages=4, running_header=True))
    assert "Daily Planet Weekly Review" not in source.text
    later_pages = [later(page) for page in (2, 3, 4)]
    assert source.text == "\n\n".join([PARA_1, "What Comes Next for the Crossings", PARA_2, *later_pages])


def test_a_paragraph_continued_on_the_next_page_is_joined(tmp_path):
    path = tmp_path / "a.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 760, "Border Talks Stall")
    pdf.drawString(72, 730, "The negotiators met on Monday in the capital and failed to agree on the")
    pdf.drawString(72, 715, "border crossings, officials said after the meeting ended late at night, and")
    pdf.showPage()
    pdf.drawString(72, 760, "both sides blamed each other for the failure of the talks in the capital.")
    pdf.save()
    assert read_source(path).text == (
        "The negotiators met on Monday in the capital and failed to agree on the border crossings, officials "
        "said after the meeting ended late at night, and both sides blamed each other for the failure of the "
        "talks in the capital."
    )


def test_a_pdf_without_a_text_layer_asks_for_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.rect(72, 72, 300, 400, fill=1)
    pdf.save()
    with pytest.raises(SourceError, match=r"scan\.pdf has no text layer \(a scan\?\); OCR it first"):
        read_source(path)


def encrypt(source: Path, target: Path, password: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    with target.open("wb") as out:
        writer.write(out)
    return target


def test_a_password_protected_pdf_is_refused_with_advice(tmp_path):
    locked = encrypt(make_pdf(tmp_path / "a.pdf"), tmp_path / "locked.pdf", "secret")
    with pytest.raises(SourceError, match=r"locked\.pdf is encrypted with a password; give the password \(--password\) or save an unencrypted copy"):
        read_source(locked)


def test_a_pdf_encrypted_with_an_empty_password_is_read(tmp_path):
    plain = read_source(make_pdf(tmp_path / "a.pdf"))
    opened = read_source(encrypt(tmp_path / "a.pdf", tmp_path / "restricted.pdf", ""))
    assert opened.text == plain.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda good: good[: len(good) // 3], r"bad\.pdf is (truncated or damaged|damaged)"),
        (lambda good: b"<html><body>Not a PDF</body></html>", r"bad\.pdf is an HTML page, not a PDF; the download"),
        (lambda good: b"Not a PDF at all, just words.", r"bad\.pdf is not a PDF \(no %PDF header\)"),
        (lambda good: b"%PDF-1.4\n" + bytes(range(1, 256)) * 4, r"bad\.pdf is (truncated or damaged|damaged)"),
    ],
    ids=["truncated", "html named pdf", "text named pdf", "garbage after header"],
)
def test_a_broken_pdf_is_a_one_line_error_naming_the_file(tmp_path, content, message):
    good = make_pdf(tmp_path / "a.pdf").read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content(good))
    with pytest.raises(SourceError, match=message) as raised:
        read_source(bad)
    assert "\n" not in str(raised.value)


def test_a_pdf_over_the_page_limit_is_refused(tmp_path):
    with pytest.raises(SourceError, match=r"a\.pdf has 3 pages, more than the limit of 2; split it or raise the limit"):
        read_source(make_pdf(tmp_path / "a.pdf", pages=3), limits=IngestLimits(max_pdf_pages=2))


def test_reading_the_same_pdf_twice_gives_the_same_text(tmp_path):
    path = make_pdf(tmp_path / "a.pdf")
    assert read_source(path).source.sha256 == read_source(path).source.sha256


def test_pypdf_messages_become_diagnostics_not_output(tmp_path, capsys):
    good = make_pdf(tmp_path / "a.pdf").read_bytes()
    # A wrong xref offset makes pypdf warn and rebuild the cross-reference table.
    damaged = good.replace(b"startxref\n", b"startxref\n1", 1)
    path = tmp_path / "b.pdf"
    path.write_bytes(damaged)
    source = read_source(path)
    assert source.text == read_source(tmp_path / "a.pdf").text
    assert any(d.message.startswith("pypdf: ") for d in source.diagnostics)
    assert capsys.readouterr() == ("", "")

