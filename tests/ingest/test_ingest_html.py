"""Saved web pages: main text and metadata, nothing hidden, nothing fetched."""

from __future__ import annotations

import datetime as dt
import socket

import pytest

from memo.errors import SourceError
from memo.ingest import read_source

PARA_1 = (
    "The negotiators met on Monday in the capital and failed to agree on the border crossings, "
    "officials said after the meeting ended late at night."
)
PARA_2 = (
    "Both delegations said they would return to the table next week, though neither side offered "
    "new proposals on the disputed crossings or the customs fees."
)
PARA_3 = (
    "Traders on both sides of the border have waited for weeks as trucks lined up at the gates, "
    "and prices of fresh food have risen in the markets near the crossings."
)

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Border Talks Stall | Daily Planet</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2025-03-04T10:00:00Z">
<link rel="canonical" href="https://example.com/news/border-talks">
<script>var leak = "SCRIPTTEXT";</script><style>.x {{ color: red }} STYLETEXT</style>
<link rel="stylesheet" href="https://cdn.example.com/site.css"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Border Talks Stall</h1>
<p>{PARA_1}</p>
<noscript>NOSCRIPTTEXT appears only without JavaScript</noscript>
<div style="display: none">HIDDENSTYLETEXT should never be read</div>
<p hidden>HIDDENATTRIBUTETEXT should never be read</p>
<p aria-hidden="true">ARIAHIDDENTEXT should never be read</p>
<template><p>TEMPLATETEXT should never be read</p></template>
<!-- COMMENTTEXT should never be read -->
<img src="https://tracker.example.com/pixel.gif" alt="IMAGEALTTEXT">
<iframe src="https://example.com/embed">IFRAMETEXT</iframe>
<h2>What Comes Next for the Crossings</h2>
<p>{PARA_2}</p>
<p>{PARA_3}</p>
</article>
<footer>Copyright 2025 Daily Planet. All rights reserved.</footer></body></html>
"""


def page_source(tmp_path, html: str | bytes, name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return read_source(path)


def test_the_article_text_and_its_subhead_are_extracted(tmp_path):
    source = page_source(tmp_path, PAGE)
    assert [(b.kind, source.block_text(b)) for b in source.blocks] == [
        ("paragraph", PARA_1),
        ("heading", "What Comes Next for the Crossings"),
        ("paragraph", PARA_2),
        ("paragraph", PARA_3),
    ]


def test_page_metadata_becomes_source_metadata(tmp_path):
    source = page_source(tmp_path, PAGE).source
    assert source.model_dump(include={"title", "author", "outlet", "published", "url", "language"}) == {
        "title": "Border Talks Stall", "author": "Jane Roe", "outlet": "Daily Planet",
        "published": dt.date(2025, 3, 4), "url": "https://example.com/news/border-talks", "language": "en",
    }


@pytest.mark.parametrize(
    "marker",
    ["SCRIPTTEXT", "STYLETEXT", "NOSCRIPTTEXT", "HIDDENSTYLETEXT", "HIDDENATTRIBUTETEXT", "ARIAHIDDENTEXT",
     "TEMPLATETEXT", "COMMENTTEXT", "IMAGEALTTEXT", "IFRAMETEXT", "Home", "All rights reserved"],
)
def test_nothing_a_reader_cannot_see_becomes_text(tmp_path, marker):
    assert marker not in page_source(tmp_path, PAGE).text


def test_reading_a_page_never_opens_a_network_connection(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert page_source(tmp_path, PAGE).text.startswith(PARA_1)


def test_a_declared_legacy_charset_is_used(tmp_path):
    first = "قالت الحكومة إن المحادثات ستستأنف الأسبوع المقبل في العاصمة رغم الخلافات حول الحدود والتجارة."
    second = "وأضاف المتحدث أن الوفدين سيلتقيان مرة أخرى بعد العيد لمناقشة الرسوم الجمركية على المعابر."
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        f"<title>المحادثات</title></head><body><article><p>{first}</p><p>{second}</p></article></body></html>"
    ).encode("cp1256")
    source = page_source(tmp_path, html)
    assert source.text == f"{first}\n\n{second}"
    assert [str(d) for d in source.diagnostics] == [
        f"{tmp_path / 'page.html'}: decoded as windows-1256 (declared in the file, not UTF-8)"
    ]


def test_a_line_break_inside_a_paragraph_is_kept_apart_but_source_newlines_are_spaces(tmp_path):
    html = (
        "<html><body><article><h1>Talks</h1><p>The negotiators met\non Monday and failed to agree on the "
        "crossings.<br>They will meet again next week in the capital, officials said.</p>"
        f"<p>{PARA_2}</p></article></body></html>"
    )
    assert page_source(tmp_path, html).text == (
        "The negotiators met on Monday and failed to agree on the crossings.\n\n"
        f"They will meet again next week in the capital, officials said.\n\n{PARA_2}"
    )


def test_a_page_without_article_text_is_an_error(tmp_path):
    with pytest.raises(SourceError, match=r"page\.html has no article text that could be found"):
        page_source(tmp_path, "<html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>")


def test_reading_the_same_page_twice_gives_the_same_text(tmp_path):
    assert page_source(tmp_path, PAGE).source.sha256 == page_source(tmp_path, PAGE).source.sha256
