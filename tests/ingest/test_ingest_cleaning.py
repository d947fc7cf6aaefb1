"""Decoding and cleaning: every byte becomes text a DOCX or PDF can carry, and every change is told."""

from __future__ import annotations

import codecs

import pytest

from memo.errors import SourceError
from memo.ingest import read_source
from memo.ingest.cleaning import clean_text, decode_bytes

BODY = (
    "The ministry said the talks would resume next week in the capital, officials confirmed on "
    "Tuesday after a long meeting."
)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
     (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")],
    ids=["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_a_byte_order_mark_decides_the_encoding_without_a_warning(tmp_path, bom, encoding):
    text = "Kabul’s “talks” – déjà vu\n\n" + BODY
    source = read_source(write(tmp_path, "a.txt", bom + text.encode(encoding)))
    assert source.source.title == "Kabul’s “talks” – déjà vu"
    assert source.text == BODY
    assert source.diagnostics == ()


def test_a_cp1252_file_is_decoded_and_the_guess_is_reported(tmp_path):
    text = (
        "Café owners in Zürich said the “new rules” – introduced last week – would cost them €1,200 a "
        "month. The mayor’s office declined to comment on the naïve proposal, which critics called a façade."
    )
    source = read_source(write(tmp_path, "a.txt", ("Zürich Cafés Protest\n\n" + text).encode("cp1252")))
    assert source.source.title == "Zürich Cafés Protest"
    assert source.text == text
    assert [str(d) for d in source.diagnostics] == [
        f"{tmp_path / 'a.txt'}: decoded as cp1252 (guessed); re-save as UTF-8 to be sure"
    ]


def test_a_cp1256_arabic_file_is_decoded_and_the_guess_is_reported(tmp_path):
    text = (
        "قالت الحكومة إن المحادثات مع الجانب الآخر ستستأنف الأسبوع المقبل في العاصمة، رغم الخلافات "
        "حول الحدود والتجارة. وأضاف المتحدث أن الوفدين سيلتقيان مرة أخرى بعد العيد."
    )
    source = read_source(write(tmp_path, "a.txt", text.encode("cp1256")))
    assert source.text == text
    assert source.source.language == "ar"
    assert "decoded as cp1256 (guessed)" in str(source.diagnostics[0])


def test_binary_content_named_txt_is_refused_as_binary(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(SourceError, match=r"a\.txt is a PNG image, not text; if it shows text, OCR it first"):
        read_source(write(tmp_path, "a.txt", png))
    with pytest.raises(SourceError, match=r"b\.txt contains NUL bytes, so it is binary, not text"):
        read_source(write(tmp_path, "b.txt", png[8:]))


def test_bytes_no_encoding_explains_are_refused_with_advice(tmp_path):
    noise = bytes((i * 97 + 13) % 256 for i in range(4000)).replace(b"\x00", b"\x01")
    with pytest.raises(SourceError, match="re-save it as UTF-8"):
        decode_bytes(noise, "noise.txt")


def test_control_characters_are_removed_and_located_by_line_and_column(tmp_path):
    raw = "Headline Here\r\n\r\nFirst \x07paragraph with a bell.\r\nSecond line \x1b[0m and \x07 again.\r\n"
    source = read_source(write(tmp_path, "a.txt", raw.encode("utf-8")))
    assert "\x07" not in source.text and "\x1b" not in source.text
    assert [str(d) for d in source.diagnostics] == [
        f"{tmp_path / 'a.txt'}:3:7: removed the control character U+0007 (2 times; first here); "
        "it cannot appear in a DOCX or PDF memo",
        f"{tmp_path / 'a.txt'}:4:13: removed the control character U+001B; it cannot appear in a DOCX or PDF memo",
    ]


def test_non_characters_and_lone_surrogates_are_removed_with_their_code_points():
    text, diagnostics = clean_text("ab\ufffe\nc\ud800d\uffff", "x.txt")
    assert text == "ab\ncd"
    assert [d.location for d in diagnostics] == ["x.txt:1:3", "x.txt:2:2", "x.txt:2:4"]
    assert ["U+FFFE" in diagnostics[0].message, "lone surrogate U+D800" in diagnostics[1].message] == [True, True]


def test_line_breaks_become_one_convention_and_a_form_feed_a_paragraph_break():
    text, diagnostics = clean_text("a\r\nb\rc\x0cd\u2028e\u2029f", "x.txt")
    assert text == "a\nb\nc\n\nd\ne\n\nf"
    assert diagnostics == []


def test_runs_of_spaces_collapse_to_one_so_quotes_match_the_cleaned_text():
    text, _ = clean_text("US\u00a0\u00a0–  Afghanistan\t\t-(Desk)   \n   indented  line  ", "x.txt")
    assert text == "US – Afghanistan -(Desk)\nindented line"


def test_text_is_nfc_normalised():
    text, _ = clean_text("Cafe\u0301 de\u0301ja\u0300", "x.txt")
    assert text == "Café déjà"
