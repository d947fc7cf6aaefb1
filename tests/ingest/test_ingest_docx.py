"""Word sources: every visible run in document order, and archives checked before any parsing."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from memo.errors import SourceError
from memo.ingest import IngestLimits, read_source

PARA_1 = (
    "The negotiators met on Monday in the capital and failed to agree on the border crossings, "
    "officials said after the meeting ended late at night."
)
PARA_2 = (
    "Both delegations said they would return to the table next week, though neither side offered "
    "new proposals on the disputed crossings or the customs fees."
)
W = nsdecls("w")


def append_xml(document, xml: str) -> None:
    """Append raw WordprocessingML before the section properties of the body."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Stale Template Title"
    document.core_properties.author = "Jane Roe"
    document.core_properties.created = dt.datetime(2025, 3, 4, 9, 30)
    document.add_paragraph("Border Talks Stall in the Capital", style="Title")
    document.add_paragraph(PARA_1)
    append_xml(document, (
        f"<w:p {W}><w:r><w:t xml:space='preserve'>Officials said </w:t></w:r>"
        "<w:ins w:id='1' w:author='Ed' w:date='2025-03-04T00:00:00Z'><w:r><w:t xml:space='preserve'>on Tuesday </w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='Ed' w:date='2025-03-04T00:00:00Z'><w:r><w:delText xml:space='preserve'>DELETEDTEXT </w:delText></w:r></w:del>"
        "<w:r><w:t xml:space='preserve'>that the </w:t></w:r>"
        "<w:hyperlink w:anchor='top'><w:r><w:t>crossings</w:t></w:r></w:hyperlink>"
        "<w:r><w:t xml:space='preserve'> would </w:t></w:r>"
        "<w:smartTag w:uri='urn:x' w:element='place'><w:r><w:t>stay</w:t></w:r></w:smartTag>"
        "<w:r><w:t xml:space='preserve'> shut until </w:t></w:r>"
        "<w:fldSimple w:instr=' DATE '><w:r><w:t>Friday</w:t></w:r></w:fldSimple>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText xml:space='preserve'> FIELDCODE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t xml:space='preserve'> at noon</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:sdt><w:sdtPr><w:alias w:val='SDTPROPERTY'/></w:sdtPr><w:sdtContent><w:r><w:t>.</w:t></w:r></w:sdtContent></w:sdt>"
        "</w:p>"
    ))
    document.add_heading("What Comes Next for the Crossings", level=1)
    append_xml(document, (
        f"<w:sdt {W}><w:sdtPr><w:tag w:val='block'/></w:sdtPr><w:sdtContent>"
        f"<w:p><w:r><w:t>{PARA_2}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    ))
    table = document.add_table(rows=2, cols=2)
    for (row, column), text in {(0, 0): "Crossing", (0, 1): "Status", (1, 0): "Torkham", (1, 1): "Closed"}.items():
        table.cell(row, column).text = text
    append_xml(document, (
        f"<w:ins {W} w:id='3' w:author='Ed' w:date='2025-03-04T00:00:00Z'>"
        "<w:p><w:r><w:t>An inserted closing paragraph says the border talks resume soon.</w:t></w:r></w:p></w:ins>"
    ))
    document.save(path)
    return path


@pytest.fixture
def word_file(tmp_path) -> Path:
    return make_docx(tmp_path / "report.docx")


def test_the_body_is_read_in_document_order_with_tracked_changes_accepted(word_file):
    source = read_source(word_file)
    assert [(b.kind, source.block_text(b)) for b in source.blocks] == [
        ("paragraph", PARA_1),
        ("paragraph", "Officials said on Tuesday that the crossings would stay shut until Friday at noon."),
        ("heading", "What Comes Next for the Crossings"),
        ("paragraph", PARA_2),
        ("paragraph", "Crossing | Status"),
        ("paragraph", "Torkham | Closed"),
        ("paragraph", "An inserted closing paragraph says the border talks resume soon."),
    ]


@pytest.mark.parametrize("hidden", ["DELETEDTEXT", "FIELDCODE", "SDTPROPERTY"])
def test_deletions_field_codes_and_control_properties_are_not_text(word_file, hidden):
    assert hidden not in read_source(word_file).text


def test_the_title_paragraph_beats_a_stale_title_property_and_properties_fill_the_rest(word_file):
    source = read_source(word_file)
    assert (source.source.title, source.source.author, source.source.published) == (
        "Border Talks Stall in the Capital", "Jane Roe", dt.date(2025, 3, 4)
    )


def test_left_out_deletions_are_reported(word_file):
    assert [d.message for d in read_source(word_file).diagnostics] == [
        "1 tracked deletion(s) left out: the text reads as if all changes were accepted"
    ]


def test_reading_the_same_document_twice_gives_the_same_text(word_file):
    assert read_source(word_file).source.sha256 == read_source(word_file).source.sha256


def rewrite(source: Path, target: Path, replace: dict[str, bytes] | None = None,
            add: tuple[tuple[str, bytes], ...] = ()) -> Path:
    """Copy a DOCX archive, replacing some members and adding others (deflated)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, (replace or {}).get(info.filename, original.read(info.filename)))
        for name, data in add:
            copy.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda src: {"add": (("word/media/huge.bin", bytes(4 * 1024 * 1024)),)},
         r"member word/media/huge\.bin expands more than 100:1, like a zip bomb; refused"),
        (lambda src: {"add": (("../../evil.txt", b"x"),)},
         r"has an archive member with an unsafe name \('\.\./\.\./evil\.txt'\); refused"),
        (lambda src: {"add": (("/etc/evil.txt", b"x"),)}, r"unsafe name \('/etc/evil\.txt'\)"),
        (lambda src: {"replace": {"word/document.xml": member(src, "word/document.xml").replace(
            b"?>", b'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)}},
         r"contains a DTD \(<!DOCTYPE> in word/document\.xml\)"),
        (lambda src: {"replace": {"[Content_Types].xml": member(src, "[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")}},
         r"is a macro-enabled Word document; macros are refused"),
        (lambda src: {"replace": {"word/document.xml": member(src, "word/document.xml")[:700]}},
         r"is damaged \(word/document\.xml, line \d+, column \d+: .*\); open and re-save it in Word"),
    ],
    ids=["bomb ratio", "dot-dot member", "absolute member", "dtd", "macros", "broken xml"],
)
def test_a_hostile_or_broken_archive_is_refused_with_the_reason(word_file, tmp_path, change, message):
    hostile = rewrite(word_file, tmp_path / "hostile.docx", **change(word_file))
    with pytest.raises(SourceError, match=message):
        read_source(hostile)


def test_archive_size_limits_are_checked_from_the_declared_sizes(word_file):
    with pytest.raises(SourceError, match=r"archive members, more than the limit of 3"):
        read_source(word_file, limits=IngestLimits(max_zip_members=3))
    with pytest.raises(SourceError, match=r"bytes uncompressed, more than the limit of 1,000; refused"):
        read_source(word_file, limits=IngestLimits(max_zip_bytes=1000))
    with pytest.raises(SourceError, match=r"declares .* bytes uncompressed, more than the limit of 100; refused"):
        read_source(word_file, limits=IngestLimits(max_zip_member_bytes=100))


def test_a_file_that_is_not_a_zip_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 600)
    with pytest.raises(SourceError, match=r"old\.docx is an old Word \.doc or a password-protected Office file, not a \.docx Word "
                       r"document; open it in Word and save it as \.docx"):
        read_source(path)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "data.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "a,b\n")
    with pytest.raises(SourceError, match=r"data\.docx is not a Word document \(no \[Content_Types\]\.xml\)"):
        read_source(path)


def test_a_zip_of_a_version_python_cannot_read_is_refused_with_advice(word_file, tmp_path):
    data = bytearray(word_file.read_bytes())
    directory = data.find(b"PK\x01\x02")
    data[directory + 6] = 84  # "version needed to extract" 8.4 in the first central-directory entry
    path = tmp_path / "future.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(SourceError, match=r"future\.docx uses a zip feature Word never writes \(zip file version 8\.4\)"):
        read_source(path)


def test_text_boxes_are_left_out_and_reported(tmp_path):
    document = docx.Document()
    document.add_paragraph("Talks With a Pull Quote", style="Title")
    document.add_paragraph(PARA_1)
    append_xml(document, (
        f"<w:p {W} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'"
        " xmlns:wps='http://schemas.microsoft.com/office/word/2010/wordprocessingShape'>"
        "<w:r><w:t xml:space='preserve'>A paragraph with a pull quote beside it. </w:t></w:r>"
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
        "<w:p><w:r><w:t>BOXTEXT</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>BOXTEXT</w:t></w:r></w:p></w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    ))
    document.add_paragraph(PARA_2)
    document.save(tmp_path / "box.docx")
    source = read_source(tmp_path / "box.docx")
    assert "BOXTEXT" not in source.text
    assert "A paragraph with a pull quote beside it." in source.text
    assert [d.message for d in source.diagnostics] == [
        "1 text box(es) or drawing(s) left out; copy any text you need into the body"
    ]
