"""Every exporter writes every fixture memo in every house style, and DOCX and PDF say the same thing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from memo.exporters import EXPORTERS
from memo.house_style import HouseStyle, load_style, style_names
from memo.model import Memo
from tests.conftest import MEMO_FIXTURES, read_fixture_memo

# Right-to-left text comes out of pdftotext in visual order; tests/multiscript checks those words.
LEFT_TO_RIGHT_FIXTURES = [p.stem for p in MEMO_FIXTURES if p.stem != "multiscript"]


@pytest.mark.parametrize("memo_file", MEMO_FIXTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_exporter_writes_every_fixture(name, memo_file, house_style, tmp_path):
    memo = Memo.model_validate_json(memo_file.read_text(encoding="utf-8"))
    path = EXPORTERS[name](house_style).export(memo, tmp_path / "out")
    assert path == tmp_path / f"out{EXPORTERS[name].suffix}"
    assert path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def docx_body_text(path: Path) -> str:
    """Body text in document order, each footnote reference as its number (as the PDF prints it)."""
    body = docx.Document(str(path)).element.body
    lines = []
    for paragraph in body.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(qn("w:t"), qn("w:footnoteReference"), qn("w:tab"), qn("w:br")):
            if node.tag == qn("w:t"):
                pieces.append(node.text or "")
            elif node.tag == qn("w:footnoteReference"):
                pieces.append(node.get(qn("w:id")))
            else:
                pieces.append(" ")
        lines.append("".join(pieces))
    return "\n".join(lines)


def docx_footnotes(path: Path) -> list[str]:
    """The text of each real footnote, in id order."""
    document = docx.Document(str(path))
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes"))
    root = part.element if hasattr(part, "element") else __import__("lxml.etree").etree.fromstring(part.blob)
    notes = [n for n in root.iter(qn("w:footnote")) if int(n.get(qn("w:id"))) > 0]
    return ["".join(t.text or "" for t in n.iter(qn("w:t"))) for n in notes]


def pdf_body_lines(path: Path, style: HouseStyle) -> list[str]:
    """The PDF's text inside the page frame (no headers, footers or banners), in drawing order."""
    page = style.page
    width, height = page.size_pt
    crop = ["-x", str(int(page.margin_left_pt) - 2), "-y", str(int(page.margin_top_pt) - 2),
            "-W", str(int(width - page.margin_left_pt - page.margin_right_pt) + 4),
            "-H", str(int(height - page.margin_top_pt - page.margin_bottom_pt) + 4)]
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *crop, str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.replace("\f", "\n").splitlines() if line.strip()]


def squeeze(text: str) -> str:
    """Text without white space (line breaks differ by format) and case (all-caps roles differ in how)."""
    return re.sub(r"\s+", "", text).casefold()


@pytest.mark.parametrize("style_name", style_names())
@pytest.mark.parametrize("fixture", LEFT_TO_RIGHT_FIXTURES)
def test_docx_and_pdf_say_the_same_thing_in_the_same_order(fixture, style_name, tmp_path):
    memo, style = read_fixture_memo(fixture), load_style(style_name)
    docx_path = EXPORTERS["docx"](style).export(memo, tmp_path / "memo")
    pdf_path = EXPORTERS["pdf"](style).export(memo, tmp_path / "memo")
    lines = pdf_body_lines(pdf_path, style)
    # The PDF gathers its notes in a Notes section, where the DOCX has footnotes.
    notes_title = next((line for line in lines if line.casefold().endswith(style.sections.notes.casefold())), None)
    notes: list[str] = []
    if notes_title is not None:
        start = lines.index(notes_title)
        end = next(i for i, line in enumerate(lines)
                   if i > start and line.casefold().endswith(style.sections.sources.casefold()))
        notes, lines = lines[start + 1:end], lines[:start] + lines[end:]
    assert squeeze("\n".join(lines)) == squeeze(docx_body_text(docx_path))
    footnotes = docx_footnotes(docx_path)
    assert squeeze("".join(notes)) == squeeze("".join(f"{n}.{text}" for n, text in enumerate(footnotes, 1)))
    if memo.key_points:
        assert len(footnotes) == sum(len(p.citations) for p in memo.key_points) + sum(
            len(q.citations) for q in memo.open_questions)
