"""The display boundary: normalisation, bidi controls, direction, language and direction runs."""

from __future__ import annotations

import pytest

from memo.errors import ExportError
from memo.exporters import _scripts
from memo.exporters._scripts import (
    LRE, LRI, PDF, PDI, RLE, RLI, TextRun, arabic_language, balance_bidi_controls, bidi_levels,
    direction_runs, display_text, east_asian_language, first_strong_direction, has_rtl,
    paragraph_direction,
)
from tests.multiscript.conftest import ARABIC, DARI, DARI_WITH_ENGLISH, MIXED, PASHTO, URDU


def test_decomposed_transliterations_are_composed():
    assert display_text("H\u0323aqqa\u0304ni\u0304") == "Ḥaqqānī"


def test_a_mark_with_no_composed_form_stays_on_its_letter():
    assert display_text("s\u0331") == "s\u0331"


def test_zwnj_and_directional_marks_are_kept():
    text = "می\u200cخواهند \u200fx\u200e"
    assert display_text(text) == text


def test_an_unterminated_embedding_is_closed_at_the_end():
    assert balance_bidi_controls(f"a {RLE}b c") == f"a {RLE}b c{PDF}"


def test_unterminated_isolates_and_embeddings_close_innermost_first():
    assert balance_bidi_controls(f"{RLI}a{LRE}b") == f"{RLI}a{LRE}b{PDF}{PDI}"


def test_each_line_closes_its_own_embeddings():
    assert balance_bidi_controls(f"{RLE}a\nb") == f"{RLE}a{PDF}\nb"


def test_closers_without_an_opener_are_dropped():
    assert balance_bidi_controls(f"a{PDF}b{PDI}c") == "abc"


def test_an_isolate_closes_the_embeddings_opened_inside_it():
    assert balance_bidi_controls(f"{LRI}a{RLE}b{PDI}c") == f"{LRI}a{RLE}b{PDF}{PDI}c"


def test_a_pdf_cannot_close_an_embedding_outside_an_isolate():
    assert balance_bidi_controls(f"{RLE}a{LRI}b{PDF}c{PDI}") == f"{RLE}a{LRI}bc{PDI}{PDF}"


def test_balanced_controls_are_left_alone():
    text = f"x {LRI}(UNAMA) Kabul office{PDI} y"
    assert balance_bidi_controls(text) == text


@pytest.mark.parametrize("text", [PASHTO, DARI, URDU, ARABIC, "«موږ» said the spokesman"])
def test_paragraphs_starting_in_arabic_script_are_right_to_left(text):
    assert paragraph_direction(text) == "rtl"


@pytest.mark.parametrize("text", [MIXED, "12 May: talks", "北京 ذبیح"])
def test_paragraphs_starting_with_a_left_to_right_letter_are_left_to_right(text):
    assert paragraph_direction(text) == "ltr"


def test_a_paragraph_without_strong_characters_takes_the_default():
    assert first_strong_direction("۲۰۲۱ - 12.") is None
    assert paragraph_direction("۲۰۲۱ - 12.") == "ltr"
    assert paragraph_direction("۲۰۲۱", default="rtl") == "rtl"


def test_text_inside_an_isolate_does_not_decide_the_direction():
    assert paragraph_direction(f"{LRI}Kabul{PDI} کابل") == "rtl"


def test_right_to_left_text_is_detected():
    assert has_rtl(MIXED)
    assert not has_rtl("Ḥaqqānī 北京 ۲۰۲۱")


@pytest.mark.parametrize(
    ("text", "language"),
    [(PASHTO, "ps"), (DARI, "fa"), (URDU, "ur"), (ARABIC, "ar"), ("ټولټاکنې", "ps"), ("پاکستان", "fa"),
     ("Kabul", None)],
)
def test_the_arabic_script_language_is_told_by_its_letters(text, language):
    assert arabic_language(text) == language


def test_cjk_language_follows_kana_and_hangul():
    assert east_asian_language("外交部") == "zh-CN"
    assert east_asian_language("外務省のスポークスマン") == "ja-JP"
    assert east_asian_language("외교부") == "ko-KR"


def test_levels_follow_uax9_for_a_bracketed_english_phrase_in_dari():
    # Rule N0 (Unicode 6.3): the brackets take the direction of the English inside them.
    text = "گفت (UNAMA) اعلام"
    levels = bidi_levels(text, "rtl")
    assert levels[text.index("(")] == levels[text.index(")")] == 1
    assert set(levels[text.index("U"):text.index(")")]) == {2}


def test_levels_put_digits_above_the_arabic_around_them():
    levels = bidi_levels(PASHTO, "rtl")
    digits = PASHTO.index("۲۰۲۱")
    assert levels[digits:digits + 4] == [2, 2, 2, 2]
    assert levels[0] == 1


def test_a_missing_rust_bidi_engine_refuses_naming_the_script(monkeypatch):
    monkeypatch.setattr(_scripts, "get_display", lambda text, base_dir=None, debug=False: text[::-1])
    with pytest.raises(ExportError, match="Arabic-script right-to-left text"):
        bidi_levels(PASHTO, "rtl")


def test_english_quoting_pashto_is_cut_into_direction_runs():
    runs = direction_runs(MIXED)
    assert runs[:3] == [
        TextRun("The spokesman ", False, "other"),
        TextRun("ذبیح الله مجاهد", True, "arabic"),
        TextRun(" said on 12 May 2021 that talks continue; population ", False, "other"),
    ]
    # Persian digits in an English sentence read left to right, in the complex-script font.
    assert runs[3] == TextRun("۴٬۶۰۱٬۷۸۹.", False, "arabic")


def test_numbers_inside_right_to_left_text_stay_in_its_run():
    assert direction_runs(PASHTO) == [TextRun(PASHTO, True, "arabic")]


def test_an_english_phrase_in_dari_is_a_left_to_right_run():
    runs = direction_runs(DARI_WITH_ENGLISH)
    assert [(run.rtl, run.script) for run in runs] == [(True, "arabic"), (False, "other"), (True, "arabic")]
    assert runs[1].text == "The talks in Doha will continue next week with the United States delegation"


def test_runs_rebuild_the_text_in_logical_order():
    text = "中方表示 «موږ ۲۰۲۱» and 外交部 (s\u0331)."
    assert "".join(run.text for run in direction_runs(text)) == text
    assert [run.script for run in direction_runs(text)] == ["east_asian", "arabic", "other", "east_asian", "other"]
