"""End to end over the two seed articles, plus the contract of `build_memo` itself."""

from __future__ import annotations

import datetime as dt

import pytest

from spacy.language import Language

from memo.analysis import segment
from memo.analysis.pipeline import build_memo
from memo.errors import InputDataError
from memo.model import Actor, Memo


def actor(memo: Memo, name: str) -> Actor:
    return next(a for a in memo.actors if a.name == name)


def test_every_citation_of_the_seed_memo_is_verbatim(seed_memo, seed_texts):
    texts = {t.source.id: t.text for t in seed_texts}
    citations = list(seed_memo.citations())
    assert len(citations) > 20
    for path, citation in citations:
        assert texts[citation.source][citation.start:citation.end] == citation.quote, path


def test_the_seed_memo_has_every_section(seed_memo):
    assert seed_memo.summary.startswith("Two sources (S1, S2) cover ")
    assert seed_memo.title.endswith(": briefing on 2 sources")
    assert len(seed_memo.key_points) == 6
    assert len(seed_memo.actors) >= 10
    assert seed_memo.disagreements
    assert len(seed_memo.open_questions) >= 5
    assert [s.id for s in seed_memo.sources] == ["S1", "S2"]


def test_no_seed_key_point_comes_from_the_stray_bank_profits_headline(seed_memo):
    assert not [p for p in seed_memo.key_points if "Banks" in p.text or "Profit" in p.text]
    assert not [a for a in seed_memo.actors if "Banks" in a.name]


def test_both_seeds_carry_key_points(seed_memo):
    assert {c.source for p in seed_memo.key_points for c in p.citations} == {"S1", "S2"}


def test_the_taliban_spokesman_is_found_with_his_role(seed_memo):
    mujahid = actor(seed_memo, "Zabihullah Mujahid")
    assert mujahid.role == "Taliban spokesman"
    assert mujahid.affiliation == actor(seed_memo, "Taliban").id


def test_seed_aliases_are_merged(seed_memo):
    assert "TTP" in actor(seed_memo, "Tehreek-e-Taliban Pakistan").aliases
    assert "Islamabad" in actor(seed_memo, "Pakistan").aliases
    assert {"US", "U.S.", "Washington"} <= set(actor(seed_memo, "United States").aliases)
    names = [a.name for a in seed_memo.actors]
    for merged in ("TTP", "Islamabad", "US", "U.S.", "Washington", "Global Implications"):
        assert merged not in names


def test_the_seeds_disagree_in_how_they_portray_the_taliban_and_pakistan(seed_memo):
    framings = {d.topic: d for d in seed_memo.disagreements if d.kind == "framing"}
    assert {"Portrayal of the Taliban", "Portrayal of Pakistan"} <= set(framings)
    taliban = framings["Portrayal of the Taliban"]
    assert [(p.source, p.claim.split(" (")[0]) for p in taliban.positions] == [
        ("S1", "Portrays the Taliban favourably"), ("S2", "Portrays the Taliban unfavourably"),
    ]
    # S2 never names the Taliban in "regimes hostile to freedom", but calls them "the Taliban regime".
    assert any("regimes hostile to freedom" in c.quote for c in taliban.positions[1].citations)


def test_no_seed_key_point_is_commentary_leaning_on_the_sentence_before(seed_memo):
    assert not [p for p in seed_memo.key_points if p.text.startswith("This shift is unexpected")]


def test_the_seed_questions_include_rhetorical_and_hedged_ones(seed_memo):
    by_origin = {q.origin for q in seed_memo.open_questions}
    assert {"disagreement", "hedged", "rhetorical"} <= by_origin
    assert all(q.question.endswith("?") for q in seed_memo.open_questions)


def test_the_same_sources_always_give_the_same_memo(seed_texts, seed_memo):
    assert build_memo(seed_texts, date=seed_memo.date) == seed_memo


def test_worker_processes_parse_a_long_corpus_to_the_same_memo(seed_texts, seed_memo, monkeypatch):
    monkeypatch.setattr(segment, "PARALLEL_CHARS", 0)  # the seeds count as long
    monkeypatch.setattr(segment.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    calls = []
    real_pipe = Language.pipe

    def pipe(self, *args, **kwargs):
        calls.append(kwargs.get("n_process"))
        return real_pipe(self, *args, **kwargs)

    monkeypatch.setattr(Language, "pipe", pipe)
    assert build_memo(seed_texts, date=seed_memo.date) == seed_memo
    assert calls and set(calls) == {2}  # (spaCy calls itself once more for `as_tuples`)


def test_title_and_date_are_used_as_given(seed_texts):
    memo = build_memo(seed_texts[:1], title="Weekly brief", date=dt.date(2025, 3, 1))
    assert (memo.title, memo.date) == ("Weekly brief", dt.date(2025, 3, 1))


def test_progress_is_reported_per_document_then_per_stage(seed_texts):
    calls = []
    build_memo(seed_texts, progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls == [
        ("parse", 1, 2), ("parse", 2, 2), ("actors", 1, 1), ("disagreements", 1, 1),
        ("key_points", 1, 1), ("questions", 1, 1), ("summary", 1, 1),
    ]


def test_sources_sharing_an_id_are_refused(seed_texts):
    with pytest.raises(InputDataError, match="several sources have the id S1"):
        build_memo([seed_texts[0], seed_texts[0]])


def test_no_sources_give_an_empty_memo():
    memo = build_memo([], date=dt.date(2025, 1, 1))
    assert memo.title == "Briefing on 0 sources"
    assert (memo.key_points, memo.actors, memo.disagreements, memo.open_questions) == ((), (), (), ())
