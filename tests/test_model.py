"""The memo model: what it accepts, what it refuses, and that it round-trips."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from memo.model import Citation, Memo
from tests.conftest import FIXTURES, read_fixture_memo


def basic_data() -> dict:
    return json.loads((FIXTURES / "memos" / "basic.json").read_text(encoding="utf-8"))


def error_locations(data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        Memo.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in info.value.errors()}


def test_json_round_trip_gives_the_same_memo(basic_memo):
    assert Memo.model_validate_json(basic_memo.model_dump_json()) == basic_memo


def test_the_model_is_frozen_all_the_way_down(basic_memo):
    with pytest.raises(ValidationError):
        basic_memo.title = "changed"
    assert isinstance(basic_memo.key_points, tuple)
    assert isinstance(basic_memo.key_points[0].citations, tuple)


def test_unknown_fields_are_refused():
    data = basic_data() | {"soruces": []}
    assert "soruces" in error_locations(data)


def test_every_dangling_reference_and_duplicate_id_is_reported_at_once():
    data = basic_data()
    data["key_points"][1]["id"] = "K1"
    data["actors"][1]["affiliation"] = "A9"
    data["key_points"][0]["citations"][0]["source"] = "S7"
    data["open_questions"][0]["related"] = ["D4"]
    errors = error_locations(data)
    assert set(errors) == {
        "key_points.0.id", "key_points.1.id", "actors.1.affiliation",
        "key_points.0.citations.0.source", "open_questions.0.related.0",
    }
    assert "no source has id S7 (known: S1, S2, S3)" in errors["key_points.0.citations.0.source"]


def test_ids_must_have_their_section_prefix():
    data = basic_data()
    data["actors"][0]["id"] = "K9"
    assert "actors.0.id" in error_locations(data)


def test_a_key_point_needs_at_least_one_citation():
    data = basic_data()
    data["key_points"][0]["citations"] = []
    assert "key_points.0.citations" in error_locations(data)


def test_a_disagreement_needs_two_sources_unless_it_is_about_attribution():
    data = basic_data()
    data["disagreements"][0]["positions"][1]["source"] = "S1"
    data["disagreements"][0]["positions"][1]["citations"][0]["source"] = "S1"
    assert "two different sources" in error_locations(data)["disagreements.0"]
    data["disagreements"][0]["kind"] = "attribution"
    assert Memo.model_validate(data).disagreements[0].kind == "attribution"


def test_citation_offsets_must_span_exactly_the_quote():
    assert Citation(source="S1", quote="abc", start=4, end=7).end == 7
    with pytest.raises(ValidationError, match="end - start is 4"):
        Citation(source="S1", quote="abc", start=4, end=8)
    with pytest.raises(ValidationError, match="both start and end"):
        Citation(source="S1", quote="abc", start=4)


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x0c", "\ufffe", "\ud83d"])
def test_text_that_no_document_can_carry_is_refused_with_its_code_point(bad):
    data = basic_data()
    data["title"] = f"Kabul {bad} report"
    assert f"U+{ord(bad):04X}" in error_locations(data)["title"]


def test_text_is_nfc_normalised():
    data = basic_data()
    data["title"] = "H\u0323aqqa\u0304ni\u0304"  # decomposed (NFD) diacritics
    assert Memo.model_validate(data).title == "Ḥaqqānī"


def test_likelihood_uses_the_icd_203_terms():
    data = basic_data()
    data["key_points"][0]["likelihood"] = "probable"
    assert "almost no chance" in error_locations(data)["key_points.0.likelihood"]


def test_nan_scores_are_refused():
    data = basic_data()
    data["disagreements"][0]["score"] = float("nan")
    assert "disagreements.0.score" in error_locations(data)


def test_every_fixture_memo_is_valid():
    for name in ("basic", "empty_sections", "hostile_text"):
        assert read_fixture_memo(name).schema_version == 1
