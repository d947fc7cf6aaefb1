"""Plain-text and Markdown sources: metadata out of the body, headline apart, clutter dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from memo.errors import SourceError
from memo.ingest import read_source
from memo.ingest.structure import strip_dateline

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


def source_of(tmp_path, content: str, name: str = "article.txt"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return read_source(path)


def texts(source) -> list[tuple[str, str]]:
    return [(block.kind, source.block_text(block)) for block in source.blocks]


def test_the_headline_becomes_the_title_and_stays_out_of_the_text(tmp_path):
    source = source_of(tmp_path, f"Border Talks Stall\n\n{PARA_1}\n\n{PARA_2}\n")
    assert source.source.title == "Border Talks Stall"
    assert source.text == f"{PARA_1}\n\n{PARA_2}"
    assert texts(source) == [("paragraph", PARA_1), ("paragraph", PARA_2)]


def test_header_lines_become_metadata_and_leave_the_body(tmp_path):
    content = (
        "Border Talks Stall\nOutlet: Daily Planet\nDate: 4 March 2025\nURL: https://example.com/a\n"
        f"Author: Jane Roe\n\n{PARA_1}\n"
    )
    source = source_of(tmp_path, content)
    assert source.source.model_dump(include={"title", "outlet", "published", "url", "author"}) == {
        "title": "Border Talks Stall", "outlet": "Daily Planet", "published": dt.date(2025, 3, 4),
        "url": "https://example.com/a", "author": "Jane Roe",
    }
    assert source.text == PARA_1


def test_header_lines_may_stand_before_the_headline(tmp_path):
    source = source_of(tmp_path, f"Source: Daily Planet\nDate: 2025-03-04\n\nBorder Talks Stall\n\n{PARA_1}\n")
    assert (source.source.outlet, source.source.title, source.text) == ("Daily Planet", "Border Talks Stall", PARA_1)


def test_a_date_header_that_is_not_a_date_is_reported_and_ignored(tmp_path):
    source = source_of(tmp_path, f"Border Talks Stall\nDate: yesterday\n\n{PARA_1}\n")
    assert source.source.published is None
    assert [str(d) for d in source.diagnostics] == [
        f"{tmp_path / 'article.txt'}:2: date 'yesterday' not understood; write it as YYYY-MM-DD or set "
        "published in sources.yaml"
    ]


def test_yaml_front_matter_becomes_metadata_and_unknown_fields_are_ignored(tmp_path):
    content = (
        "---\ntitle: Border Talks Stall\ndate: 2025-03-04T10:00:00Z\nauthors: [Jane Roe, John Doe]\n"
        f"layout: post\ntags: [border]\n---\n\n# Border Talks Stall\n\n{PARA_1}\n"
    )
    source = source_of(tmp_path, content, "article.md")
    assert (source.source.title, source.source.published, source.source.author) == (
        "Border Talks Stall", dt.date(2025, 3, 4), "Jane Roe, John Doe"
    )
    assert source.text == PARA_1


def test_markdown_markup_is_removed_and_link_text_kept(tmp_path):
    content = (
        "# Border Talks Stall\n\nThe *negotiators* met on **Monday** in [the capital](https://x.example) "
        "and failed to agree ![map](map.png) on `the crossings`.\n\n## What Comes Next\n\n"
        "- Talks resume next week.\n- Fees stay unchanged.\n\n> A quoted remark, said an aide.\n\n"
        "| Crossing | Status |\n|---|---|\n| Torkham | Closed |\n"
    )
    source = source_of(tmp_path, content, "article.md")
    assert texts(source) == [
        ("paragraph", "The negotiators met on Monday in the capital and failed to agree on the crossings."),
        ("heading", "What Comes Next"),
        ("paragraph", "Talks resume next week."),
        ("paragraph", "Fees stay unchanged."),
        ("paragraph", "A quoted remark, said an aide."),
        ("paragraph", "Crossing | Status"),
        ("paragraph", "Torkham | Closed"),
    ]


def test_hard_wrapped_lines_are_joined_into_one_paragraph(tmp_path):
    wrapped = (
        "The negotiators met on Monday in the capital and failed\nto agree on the border crossings, "
        "officials said after the\nmeeting ended late at night in a Taliban-\nruled province."
    )
    source = source_of(tmp_path, f"Border Talks Stall\n\n{wrapped}\n")
    assert source.text == (
        "The negotiators met on Monday in the capital and failed to agree on the border crossings, "
        "officials said after the meeting ended late at night in a Taliban-ruled province."
    )


def test_a_file_with_one_paragraph_per_line_keeps_each_line_a_paragraph(tmp_path):
    source = source_of(tmp_path, f"Border Talks Stall\n{PARA_1}\nWhat Comes Next for the Crossings\n{PARA_2}")
    assert texts(source) == [
        ("paragraph", PARA_1), ("heading", "What Comes Next for the Crossings"), ("paragraph", PARA_2),
    ]


@pytest.mark.parametrize(
    "clutter",
    [
        "Comments are closed, but trackbacks and pingbacks are open.",
        "Leave a Reply",
        "Share this article",
        "Share on Facebook | Share on X | Copy link",
        "[Share] [Tweet] [Email]",
        "Follow us on X and Facebook for the latest updates",
        "Follow The Daily Planet on WhatsApp for breaking news",
        "Subscribe to our newsletter for daily updates",
        "Newsletter: get the morning briefing in your inbox",
        "We use cookies to improve your experience. Accept all cookies",
        "Read more: Oil prices edge lower as producers weigh output cuts",
        "Related: Metro line opens after two years of delays",
        "Most read: Traders struggle as the currency weakens",
        "Advertisement",
        "Tags: Afghanistan, Pakistan, Border",
        "Copyright 2025 Daily Planet. All rights reserved.",
        "© Daily Planet 2025",
        "(Reporting by Jane Roe; Editing by John Doe)",
    ],
)
def test_page_furniture_lines_are_dropped(tmp_path, clutter):
    source = source_of(tmp_path, f"Border Talks Stall\n\n{PARA_1}\n\n{clutter}\n\n{PARA_2}\n")
    assert source.text == f"{PARA_1}\n\n{PARA_2}"


def test_sentences_that_merely_start_like_furniture_are_kept(tmp_path):
    kept = [
        "Share prices fell by a third after the border closed, traders said.",
        "Read more carefully, the statement says the crossings will stay shut until the fees are agreed.",
        "Follow-up talks are planned for next month in the capital, an official said.",
    ]
    source = source_of(tmp_path, "Border Talks Stall\n\n" + "\n\n".join([PARA_1, *kept]))
    assert source.text == "\n\n".join([PARA_1, *kept])


def test_comments_are_closed_glued_to_the_headline_is_cut_off(tmp_path):
    source = source_of(
        tmp_path,
        f"Talks Resume Amid Tensions—What Does This Mean?Comments are closed, but trackbacks and pingbacks are open.\n{PARA_1}\n{PARA_2}",
    )
    assert source.source.title == "Talks Resume Amid Tensions—What Does This Mean?"
    assert "Comments" not in source.text


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("US – Afghanistan -(Special Correspondent / Web Desk) – Despite past tensions, both sides met.",
         "Despite past tensions, both sides met."),
        ("KABUL, Oct 5 (Reuters) - The Taliban said on Sunday that talks had ended.",
         "The Taliban said on Sunday that talks had ended."),
        ("PESHAWAR, Pakistan, July 16 (AWS) - A flash flood killed at least 12 people.",
         "A flash flood killed at least 12 people."),
        ("(AP) — Officials said the border would reopen.", "Officials said the border would reopen."),
        ("ISLAMABAD: Nine people died when floodwater swept through the district.",
         "Nine people died when floodwater swept through the district."),
        ("BOGOTÁ — A six-month ceasefire collapsed on Sunday.", "A six-month ceasefire collapsed on Sunday."),
        ("FIZAGAT, Swat — The death toll has risen to at least 15.", "The death toll has risen to at least 15."),
        ("NEW DELHI, March 3 – India summoned the envoy.", "India summoned the envoy."),
    ],
)
def test_datelines_are_cut_from_the_first_paragraph(line, rest):
    assert strip_dateline(line) == rest


@pytest.mark.parametrize(
    "line",
    [
        "The president (who spoke to reporters) – said nothing new.",
        "Officials in Kabul said on Monday (local time) that the talks had ended.",
        "NATO and the EU said on Monday that they would meet again.",
        "In Kabul: the talks resumed.",
    ],
)
def test_ordinary_first_sentences_are_not_taken_for_datelines(line):
    assert strip_dateline(line) == line


def test_a_dateline_is_cut_only_from_the_first_paragraph(tmp_path):
    second = "KABUL (Reuters) - A later paragraph that starts like a dateline keeps it."
    source = source_of(tmp_path, f"Border Talks Stall\n\nKABUL (Reuters) - {PARA_1}\n\n{second}\n")
    assert source.text == f"{PARA_1}\n\n{second}"


def test_a_byline_and_a_date_line_become_metadata_and_leave_the_text(tmp_path):
    source = source_of(tmp_path, f"Border Talks Stall\n\nBy Jane Roe and John Doe\n\nPublished: March 4, 2025\n\n{PARA_1}\n")
    assert (source.source.author, source.source.published) == ("Jane Roe and John Doe", dt.date(2025, 3, 4))
    assert source.text == PARA_1


def test_another_storys_headline_in_the_body_is_dropped_with_a_diagnostic(tmp_path):
    content = (
        f"Border Talks Stall\n\n{PARA_1}\n\nPakistani Banks Break All Records With Rs326 Billion Profit\n\n"
        f"{PARA_2}\n\n{PARA_3}\n"
    )
    source = source_of(tmp_path, content)
    assert source.text == f"{PARA_1}\n\n{PARA_2}\n\n{PARA_3}"
    assert [str(d) for d in source.diagnostics] == [
        f"{tmp_path / 'article.txt'}:5: dropped 'Pakistani Banks Break All Records With Rs326 Billion Profit': "
        "its words (almost) never occur in the rest of the document, so it is taken for another story's headline"
    ]


def test_a_sentence_case_headline_of_another_story_is_dropped_too(tmp_path):
    content = f"Border Talks Stall\n\n{PARA_1}\n\nHeatwave grips Karachi as power cuts spark protests\n\n{PARA_2}\n\n{PARA_3}\n"
    assert source_of(tmp_path, content).text == f"{PARA_1}\n\n{PARA_2}\n\n{PARA_3}"


def test_a_subhead_about_the_same_story_is_kept_as_a_heading(tmp_path):
    content = f"Border Talks Stall\n\n{PARA_1}\n\nWhy Do the Border Crossings and Customs Fees Matter?\n\n{PARA_2}\n\n{PARA_3}\n"
    source = source_of(tmp_path, content)
    assert ("heading", "Why Do the Border Crossings and Customs Fees Matter?") in texts(source)
    assert source.diagnostics == ()


def test_a_one_line_file_keeps_its_line_as_the_text(tmp_path):
    source = source_of(tmp_path, "Border crossings reopen after talks\n")
    assert (source.source.title, source.text) == ("Border crossings reopen after talks", "Border crossings reopen after talks")


def test_a_file_of_nothing_but_furniture_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="contains no article text, only boilerplate"):
        source_of(tmp_path, "Share this article\n\nComments are closed.\n")


def test_without_a_headline_the_file_name_is_the_title_and_this_is_reported(tmp_path):
    source = source_of(tmp_path, f"{PARA_1}\n\n{PARA_2}\n", "border-talks.txt")
    assert source.source.title == "border-talks"
    assert "no title found" in str(source.diagnostics[0])


def test_reading_the_same_file_twice_gives_the_same_text_and_hash(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Border Talks Stall\nOutlet: X\n\nKABUL (AP) - {PARA_1}\n\nRead more: Other\n\n{PARA_2}\n", encoding="utf-8")
    first, second = read_source(path), read_source(path, source_id="S7")
    assert (first.text, first.blocks, first.source.sha256) == (second.text, second.blocks, second.source.sha256)


def test_blocks_cover_the_text_exactly_with_blank_lines_between(tmp_path):
    source = source_of(tmp_path, f"Border Talks Stall\n\n{PARA_1}\n\nWhat Comes Next\n\n{PARA_2}\n")
    assert "\n\n".join(source.block_text(b) for b in source.blocks) == source.text
    assert all("\n" not in source.block_text(b) for b in source.blocks)


def test_a_dashed_block_that_is_not_yaml_fields_is_read_as_text_and_reported(tmp_path):
    source = source_of(tmp_path, f"---\nBorder Talks Stall\n---\n\n{PARA_1}\n")
    assert (source.source.title, source.text) == ("Border Talks Stall", PARA_1)
    assert [d.message for d in source.diagnostics] == [
        "the lines between the first two '---' are not YAML fields, so they are kept as text"
    ]


@pytest.mark.parametrize(
    ("headline", "body", "language"),
    [
        ("د کابل او اسلام اباد خبرې", "طالبانو او پاکستان په استانبول کې خبرې وکړې او ویې ویل چې ټولې ستونزې به حل شي. "
         "د پولې په اړه خبرې به راتلونکې اونۍ بیا پیل شي.", "ps"),
        ("کابل اور اسلام آباد کے مذاکرات", "طالبان اور پاکستان نے استنبول میں بات چیت کی اور کہا کہ تمام مسائل حل ہو جائیں گے۔ "
         "سرحد پر بات چیت اگلے ہفتے دوبارہ شروع ہوگی۔", "ur"),
        ("محادثات كابول وإسلام آباد", "أجرت حركة طالبان وباكستان محادثات في إسطنبول وقالتا إن جميع المشاكل ستحل. "
         "وستستأنف المحادثات حول الحدود الأسبوع المقبل.", "ar"),
    ],
    ids=["pashto", "urdu", "arabic"],
)
def test_right_to_left_sources_keep_their_headline_apart_and_get_a_language(tmp_path, headline, body, language):
    source = source_of(tmp_path, f"{headline}\n\n{body}\n\n{body}\n")
    assert (source.source.title, source.source.language) == (headline, language)
    assert source.text == f"{body}\n\n{body}"
    assert [b.kind for b in source.blocks] == ["paragraph", "paragraph"]
