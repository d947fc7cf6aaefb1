"""Hostile memo content through both exporters: text stays text, links stay safe, time stays bounded.

Every memo here passes validation, so it could come from analysis of hostile sources or from an
analyst's hand: markup, dangerous URLs, paragraphs of hundreds of thousands of characters. The
outputs are read back with independent tools (zip + lxml, pypdf, poppler).
"""

from __future__ import annotations

import errno
import subprocess
import sys
import time
from pathlib import Path

import pytest
from output_text import (
    docx_links,
    docx_text,
    letters,
    pdf_has_active_content,
    pdf_links,
    visible,
)
from pdf_checks import assert_pdf_sound, pdf_text

from memo.errors import OutputError
from memo.exporters import get_exporter
from memo.house_style import load_style
from memo.model import Memo
from memo.workflow import render_memo

FORMATS = ("docx", "pdf")
MARKUP = (
    "<b>bold</b> & <i>italic</i> AT&T; &amp; <a href=\"javascript:alert(1)\">click</a> "
    "<img src=\"/etc/passwd\"/> <font color=\"[x for x in ()]\">red</font> <unknown> "
    "<para>p</para> <![CDATA[x]]> ]]> <!-- c --> <?pi x?> &#1; &lt;"
)


def memo_with(**fields) -> Memo:
    """A small valid memo with one source and one key point, updated with `fields`."""
    data = {
        "title": "Hostile content", "date": "2026-01-05", "summary": "A short summary.",
        "key_points": [{"id": "K1", "text": "The talks stalled.", "citations": [{"source": "S1", "quote": "stalled"}]}],
        "sources": [{"id": "S1", "title": "Talks stall", "outlet": "Daily"}],
    }
    data.update(fields)
    return Memo.model_validate(data)


def export(memo: Memo, fmt: str, out: Path) -> Path:
    return get_exporter(fmt)(load_style("default")).export(memo, out)


def shown_text(path: Path) -> str:
    return docx_text(path) if path.suffix == ".docx" else pdf_text(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_memo_text_is_never_read_as_markup(tmp_path, fmt):
    memo = memo_with(
        title=f"Title {MARKUP}", summary=f"Summary {MARKUP}",
        key_points=[{"id": "K1", "text": f"Point {MARKUP}", "citations": [{"source": "S1", "quote": f"Quote {MARKUP}"}]}],
        actors=[{"id": "A1", "name": f"Actor {MARKUP}", "kind": "person", "role": f"Role {MARKUP}"}],
        sources=[{"id": "S1", "title": f"Source {MARKUP}", "outlet": "Daily <script>"}],
    )
    path = export(memo, fmt, tmp_path / "memo")
    shown = visible(shown_text(path))
    for label in ("Title", "Summary", "Point", "Quote", "Actor", "Role", "Source"):
        assert visible(f"{label} {MARKUP}") in shown, label
    if fmt == "pdf":
        assert pdf_links(path) == []
        assert pdf_has_active_content(path) == []
        assert b"/Subtype /Image" not in path.read_bytes()
    else:
        assert docx_links(path) == []


URLS = {
    "https://example.org/report": True,
    "http://example.org/a?b=1&c=2": True,
    "mailto:desk@example.org": True,
    "javascript:alert(document.cookie)": False,
    "JavaScript:alert(1)": False,
    "file:///etc/passwd": False,
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==": False,
    "vbscript:msgbox(1)": False,
    "\\\\evil.example.org\\share\\x.docx": False,
    "https://exa mple.org/space": False,
    "//example.org/no-scheme": False,
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_http_https_and_mailto_urls_become_links_and_every_url_is_printed(tmp_path, fmt):
    sources = [{"id": f"S{i}", "title": f"Source {i}", "url": url} for i, url in enumerate(URLS, start=1)]
    memo = memo_with(sources=sources)
    path = export(memo, fmt, tmp_path / "memo")
    links = pdf_links(path) if fmt == "pdf" else docx_links(path)
    assert sorted(links) == sorted(url for url, safe in URLS.items() if safe)
    shown = visible(shown_text(path))
    for url in URLS:
        assert visible(url) in shown, url


LONG_PARAGRAPH = " ".join(f"Sentence {i} of an OCR page that never breaks." for i in range(8_000))  # ~380,000 chars


@pytest.mark.parametrize("fmt", FORMATS)
def test_paragraphs_and_table_cells_of_any_length_render_in_bounded_time(tmp_path, fmt):
    memo = memo_with(
        summary=LONG_PARAGRAPH,
        key_points=[{"id": "K1", "text": "A point.", "citations": [{"source": "S1", "quote": LONG_PARAGRAPH[:100_000]}]}],
        actors=[{"id": "A1", "name": "Negotiator", "kind": "person", "aliases": ["X" * 20_000],
                 "role": LONG_PARAGRAPH[:150_000]}],
    )
    started = time.monotonic()
    path = export(memo, fmt, tmp_path / "memo")
    assert time.monotonic() - started < 90
    # Letters, not strings: a token wider than a column is cut where lines end.
    missing = letters(LONG_PARAGRAPH) + letters("X" * 20_000) - letters(shown_text(path))
    assert not missing, f"{sum(missing.values())} letters missing, e.g. {missing.most_common(5)}"


def test_a_long_title_repeated_in_every_page_header_renders_in_bounded_time(tmp_path):
    memo = memo_with(title="Border talks " * 2_000, summary=LONG_PARAGRAPH[:60_000])
    started = time.monotonic()
    path = export(memo, "pdf", tmp_path / "memo")
    assert time.monotonic() - started < 60
    assert not letters("Border talks " * 2_000) - letters(assert_pdf_sound(path))


def test_a_very_long_source_url_renders_in_bounded_time(tmp_path):
    # In a child process, so that the test ends when the time is up even while layout runs on.
    script = (
        "import sys; from pathlib import Path; from memo.model import Memo; from memo.house_style import load_style;"
        "from memo.exporters import get_exporter;"
        "memo = Memo.model_validate({'title': 'T', 'date': '2026-01-05', 'sources': [{'id': 'S1', 'title': 'S',"
        " 'url': 'https://example.org/' + 'a' * 60_000}]});"
        "get_exporter('pdf')(load_style('default')).export(memo, Path(sys.argv[1]))"
    )
    try:
        subprocess.run([sys.executable, "-c", script, str(tmp_path / "memo")], check=True, timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("a 60,000-character URL took more than 5 s to lay out (a linear layout takes under 1 s)")


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Border talks " * 25},
        {"subtitle": "What the sources say " * 15},
        {"marking": "SECRET//NOFORN " * 20},
        {"actors": [{"id": f"A{i}", "name": "Tehrik-i-Taliban Pakistan (the Pakistani Taliban movement)",
                     "kind": "armed_group"} for i in range(1, 6)]},
    ],
    ids=["title", "subtitle", "marking", "five long actor names"],
)
def test_fields_longer_than_a_word_property_still_make_a_docx(tmp_path, fields):
    path = export(memo_with(**fields), "docx", tmp_path / "memo")
    assert "Talks stall" in docx_text(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_leaves_no_file_and_removes_the_stale_one(tmp_path, monkeypatch, fmt):
    exporter_class = get_exporter(fmt)
    stale = tmp_path / f"memo.{fmt}"
    stale.write_bytes(b"yesterday's memo")

    def fail_half_way(self, path: Path) -> None:
        path.write_bytes(b"half a memo")
        raise RuntimeError("layout failed")

    monkeypatch.setattr(exporter_class, "save", fail_half_way)
    with pytest.raises(RuntimeError, match="layout failed"):
        render_memo(memo_with(), tmp_path / "memo", [fmt])
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_formats_are_written_side_by_side_and_one_failing_stops_the_others_and_leaves_nothing(
        tmp_path, monkeypatch):
    started = tmp_path / "pdf-started"

    def fail(self, path: Path) -> None:
        # Both children run at once: the DOCX one fails once the PDF one has started.
        for _ in range(200):
            if started.exists():
                break
            time.sleep(0.05)
        path.write_bytes(b"half a memo")
        raise RuntimeError("layout failed while the PDF was being written" if started.exists() else "alone")

    def hang(self, path: Path) -> None:
        started.touch()
        path.write_bytes(b"half a memo")
        time.sleep(60)

    monkeypatch.setattr(get_exporter("docx"), "save", fail)
    monkeypatch.setattr(get_exporter("pdf"), "save", hang)
    begun = time.monotonic()
    with pytest.raises(RuntimeError, match="layout failed while the PDF was being written"):
        render_memo(memo_with(), tmp_path / "out" / "memo", export_seconds=120)
    assert time.monotonic() - begun < 30  # the hanging PDF child was stopped, not waited for
    assert list((tmp_path / "out").iterdir()) == []


def test_a_full_disk_is_a_cannot_write_output_error_and_leaves_nothing(tmp_path, monkeypatch):
    exporter_class = get_exporter("docx")

    def disk_full(self, path: Path) -> None:
        path.write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporter_class, "save", disk_full)
    with pytest.raises(OutputError, match=r"cannot write .*memo\.docx \(No space left on device\); no memo was written"):
        render_memo(memo_with(), tmp_path / "memo", ["docx"])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_never_writes_through_a_symlink(tmp_path, fmt):
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious", encoding="utf-8")
    (tmp_path / f"memo.{fmt}").symlink_to(target)
    with pytest.raises(OutputError, match=r"is a symbolic link; refusing to write through it"):
        render_memo(memo_with(), tmp_path / "memo", [fmt])
    assert target.read_text(encoding="utf-8") == "precious"


def test_an_export_never_writes_over_an_input(tmp_path):
    reference = tmp_path / "memo.docx"
    reference.write_bytes(b"the analyst's template")
    with pytest.raises(OutputError, match=r"memo\.docx is an input file"):
        render_memo(memo_with(), tmp_path / "memo", ["docx"], inputs=[reference])
    assert reference.read_bytes() == b"the analyst's template"


@pytest.mark.parametrize(
    ("name", "message"),
    [("x" * 240, r"the file name is 245 bytes long, more than the 200 memo writes; choose a shorter name"),
     ("memo\x00evil", r"a file name cannot contain a NUL character")],
    ids=["too long", "nul"],
)
def test_an_impossible_output_name_is_a_cannot_write_output_error(tmp_path, name, message):
    with pytest.raises(OutputError, match=message):
        render_memo(memo_with(), tmp_path / name, ["docx"])
