"""House styles: every shipped style loads, inheritance works, mistakes are named."""

from __future__ import annotations

import pytest

from memo.errors import MissingInputError, StyleError
from memo.house_style import ROLES, load_style, style_name, style_names


def test_at_least_three_styles_ship():
    assert {"default", "government", "newsroom"} <= set(style_names())


@pytest.mark.parametrize("name", style_names())
def test_every_shipped_style_is_complete(name):
    style = load_style(name)
    assert set(style.roles) == set(ROLES)
    assert style.description


def test_a_style_extends_another_and_overrides_only_what_it_says():
    default, government = load_style("default"), load_style("government")
    assert government.page.size == "Letter" and default.page.size == "A4"
    assert government.font("body").pdf == "Noto Serif"
    assert government.sections.key_points == "Key Judgments"
    assert government.sections.actors != default.sections.actors
    assert government.roles["title"].bold == default.roles["title"].bold


def test_an_unknown_style_lists_the_known_ones():
    with pytest.raises(StyleError, match="unknown style 'fancy'; known styles: default, government, newsroom"):
        load_style("fancy")


def test_a_user_style_file_extends_the_default(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text('description = "Ours"\n[sections]\nkey_points = "Findings"\n[roles.body]\nsize_pt = 12\n')
    style = load_style(str(path))
    assert (style.name, style.sections.key_points, style.roles["body"].size_pt) == ("house", "Findings", 12)
    assert style.roles["title"] == load_style("default").roles["title"]


def test_a_user_style_may_extend_a_shipped_one_by_name(tmp_path):
    path = tmp_path / "agency.toml"
    path.write_text('extends = "government"\nheader = "{organization} · {date}"\n')
    assert load_style(str(path)).sections.key_points == "Key Judgments"


def test_typos_in_a_style_file_are_errors_with_their_path(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text('[roles.body]\nsize = 12\n[fonts.body]\ndocx = "Arial"\npdf = "Comic Sans"\n')
    with pytest.raises(StyleError) as info:
        load_style(str(path))
    problems = "\n".join(info.value.problems)
    assert f"{path}: roles.body.size: Extra inputs are not permitted" in problems
    assert "'Comic Sans' is not a bundled font; use one of: Noto Sans, Noto Serif, Noto Naskh Arabic" in problems


def test_unknown_header_placeholders_are_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('footer = "Seite {seite}"\n')
    with pytest.raises(StyleError) as info:
        load_style(str(path))
    assert "unknown placeholder {seite}" in "\n".join(info.value.problems)


def test_a_style_that_extends_itself_is_refused(tmp_path):
    path = tmp_path / "loop.toml"
    path.write_text('extends = "loop.toml"\n')
    with pytest.raises(StyleError, match="loops back"):
        load_style(str(path))


def test_a_missing_style_file_is_a_missing_input(tmp_path):
    with pytest.raises(MissingInputError):
        load_style(str(tmp_path / "nope.toml"))


def test_toml_syntax_errors_name_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[roles.body\n")
    with pytest.raises(StyleError, match="broken.toml"):
        load_style(str(path))


def test_native_style_names_are_shared_by_both_formats():
    assert style_name("key_point") == "Memo Key Point"
    assert len({style_name(role) for role in ROLES}) == len(ROLES)


def test_fonts_for_arabic_script_and_east_asian_text_default_to_the_bundled_ones():
    scripts = load_style("government").scripts
    assert (scripts.arabic.docx, scripts.arabic.pdf) == ("Noto Naskh Arabic", "Noto Naskh Arabic")
    assert (scripts.east_asian.docx, scripts.east_asian.pdf) == ("Noto Sans CJK SC", "Droid Sans Fallback")


def test_a_style_names_its_own_script_fonts_but_the_pdf_ones_must_be_bundled(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text('[scripts.arabic]\ndocx = "Arial"\npdf = "Noto Naskh Arabic"\n')
    style = load_style(str(path))
    assert (style.scripts.arabic.docx, style.scripts.east_asian.docx) == ("Arial", "Noto Sans CJK SC")
    path.write_text('[scripts.east_asian]\ndocx = "SimSun"\npdf = "SimSun"\n')
    with pytest.raises(StyleError) as info:
        load_style(str(path))
    assert f"{path}: scripts.east_asian.pdf: Value error, 'SimSun' is not a bundled font" in "\n".join(info.value.problems)
