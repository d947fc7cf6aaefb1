"""The two seed articles come out clean: real headline, no clutter, no dateline, stable text."""

from __future__ import annotations

from pathlib import Path

import pytest

from memo.ingest import load_sources, read_source
from tests.conftest import REPO

SEEDS = REPO / "seeds"
SEED_000 = SEEDS / "000_e6e82586a7353a98.txt"
SEED_001 = SEEDS / "001_9f3bb002266a3ee5.txt"

# Memos record the SHA-256 of each source text and `memo check` compares it: a change of a
# cleaning rule that alters these texts must be deliberate, and these values updated with it.
SHA256 = {
    SEED_000.name: "5e1bd4fedbbdf91991f8516474ae8c5ccf4672d9246982f8b465f647af9bf0bc",
    SEED_001.name: "98021f563bfc8205b70885b903ec1d5a4e75f0e80e34bc0e3d415ebb3f338d2f",
}


@pytest.fixture(scope="module")
def seeds():
    return {Path(text.source.path).name: text for text in load_sources([SEEDS])}


def blocks(text) -> list[tuple[str, str]]:
    return [(block.kind, text.block_text(block)) for block in text.blocks]


def test_seed_000_has_its_headline_as_title_and_its_deck_as_the_first_heading(seeds):
    seed = seeds[SEED_000.name]
    assert seed.source.title == "Taliban’s Repression Grows as US Policy Remains Unclear"
    assert blocks(seed)[0] == (
        "heading", "Exploring the New US-Taliban Dynamics: Security, Aid, and Global Implications"
    )


def test_seed_000_loses_its_dateline_but_keeps_the_first_sentence(seeds):
    first_paragraph = blocks(seeds[SEED_000.name])[1][1]
    assert first_paragraph.startswith("Despite past tensions, the US and the Taliban are now cautiously working")
    assert "Web Desk" not in seeds[SEED_000.name].text


def test_seed_000_drops_the_bank_headline_and_says_so(seeds):
    seed = seeds[SEED_000.name]
    assert "Pakistani Banks" not in seed.text
    assert [d.location for d in seed.diagnostics] == [f"{seed.source.path}:11"]
    assert "'Pakistani Banks break all records with Rs326 Billion Profit H1 2025'" in seed.diagnostics[0].message


def test_seed_000_ends_with_its_last_paragraph_not_the_comments_notice(seeds):
    seed = seeds[SEED_000.name]
    assert "Comments are closed" not in seed.text and "pingbacks" not in seed.text
    assert seed.text.endswith("by reducing regional instability.")
    assert "\u00a0" not in seed.text


def test_seed_001_keeps_its_question_subheads_as_headings(seeds):
    seed = seeds[SEED_001.name]
    assert seed.source.title == "Taliban-Pakistan Talks Resume Amid Tensions—What Does This Mean for American Security?"
    assert [text for kind, text in blocks(seed) if kind == "heading"] == [
        "Can We Trust Taliban Diplomacy When America’s Interests Are at Risk?",
        "Why Should Americans Care About These Distant Conflicts?",
    ]
    assert len(seed.blocks) == 9
    assert seed.diagnostics == ()


def test_seed_texts_are_stable_and_rebuilt_identically(seeds):
    for path in (SEED_000, SEED_001):
        again = read_source(path)
        assert again.source.sha256 == seeds[path.name].source.sha256 == SHA256[path.name]
        assert again.text == seeds[path.name].text

