"""The eval scorer on hand-made memos with known answers, and the gold clusters it scores against."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from memo.evaluation import actor_key, format_table, score_memo
from memo.ingest import load_sources
from memo.model import Memo

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = sorted(p for p in (ROOT / "eval" / "clusters").iterdir() if (p / "gold.yaml").is_file())
GOLD_FILES = [p / "gold.yaml" for p in CLUSTERS]
if (ROOT / "seeds" / "memo.yaml").is_file():
    GOLD_FILES.append(ROOT / "seeds" / "memo.yaml")
HEADER_LINE = re.compile(r"^(Outlet|Date|URL):")

TEXTS = {
    "S1": "The Ministry of Water said twelve rounds of talks were held in Geneva. "
          "The deal may be signed in May, an official said.",
    "S2": "Officials counted nine rounds of talks so far. Talks resumed in Geneva on Monday. "
          "Will the deal survive the monsoon?",
}


def _gold_data() -> dict[str, Any]:
    """A small gold memo over `TEXTS`: four actors, two key points, two disagreements, two questions."""
    return {
        "title": "Water talks",
        "date": "2025-01-02",
        "key_points": [
            {"id": "K1", "text": "Twelve rounds were held in Geneva.",
             "citations": [{"source": "S1", "quote": "twelve rounds of talks were held in Geneva"}]},
            {"id": "K2", "text": "Talks resumed on Monday.",
             "citations": [{"source": "S2", "quote": "Talks resumed in Geneva on Monday"}]},
        ],
        "actors": [
            {"id": "A1", "name": "Ministry of Water", "aliases": ["MoW"]},
            {"id": "A2", "name": "Geneva", "kind": "place"},
            {"id": "A3", "name": "Ayesha Khan", "aliases": ["Ms Khan"]},
            {"id": "A4", "name": "United States", "aliases": ["U.S.", "Washington"]},
        ],
        "disagreements": [
            {"id": "D1", "topic": "Rounds held", "kind": "numeric", "positions": [
                {"source": "S1", "claim": "Twelve.",
                 "citations": [{"source": "S1", "quote": "twelve rounds of talks"}]},
                {"source": "S2", "claim": "Nine.",
                 "citations": [{"source": "S2", "quote": "nine rounds of talks so far"}]},
            ]},
            {"id": "D2", "topic": "Whether the deal will be signed", "kind": "forecast", "positions": [
                {"source": "S1", "claim": "It may be signed in May.",
                 "citations": [{"source": "S1", "quote": "The deal may be signed in May"}]},
                {"source": "S2", "claim": "It may not survive.",
                 "citations": [{"source": "S2", "quote": "Will the deal survive the monsoon?"}]},
            ]},
        ],
        "open_questions": [
            {"id": "Q1", "question": "Will the deal survive the monsoon?",
             "citations": [{"source": "S2", "quote": "Will the deal survive the monsoon?"}]},
            {"id": "Q2", "question": "When will the deal be signed?",
             "citations": [{"source": "S1", "quote": "The deal may be signed in May"}]},
        ],
        "sources": [
            {"id": "S1", "title": "Talks held", "path": "a/one.txt"},
            {"id": "S2", "title": "Talks resume", "path": "a/two.txt"},
        ],
    }


def _memo(data: dict[str, Any]) -> Memo:
    return Memo.model_validate(data)


def _rates(memo: Memo, gold: Memo, texts: dict[str, str] = TEXTS) -> dict[str, tuple[float | None, ...]]:
    scores = score_memo(memo, gold, texts)
    rates = {name: (t.precision, t.recall) for name, t in scores.sections().items()}
    return {**rates, "verbatim": (scores.verbatim_share,)}


PERFECT = {
    "actors": (1.0, 1.0), "key_points": (1.0, 1.0), "disagreements": (1.0, 1.0),
    "open_questions": (1.0, 1.0), "verbatim": (1.0,),
}


def test_a_memo_scores_perfectly_against_itself():
    gold = _memo(_gold_data())
    assert _rates(gold, gold) == PERFECT


def test_a_missing_actor_lowers_recall_only():
    data = _gold_data()
    del data["actors"][3]
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.actors.precision, scores.actors.recall) == (1.0, 0.75)
    assert scores.actors.unmatched_gold == ("A4",)


def test_an_actor_still_matches_when_one_alias_is_respelled():
    data = _gold_data()
    data["actors"][3]["aliases"] = ["USA", "Washington"]
    assert _rates(_memo(data), _memo(_gold_data()))["actors"] == (1.0, 1.0)


def test_an_actor_whose_every_name_differs_is_a_miss_and_a_false_positive():
    data = _gold_data()
    data["actors"][3] = {"id": "A4", "name": "America", "aliases": ["USA"]}
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.actors.precision, scores.actors.recall) == (0.75, 0.75)
    assert (scores.actors.unmatched_predicted, scores.actors.unmatched_gold) == (("A4",), ("A4",))


def test_actor_names_match_across_case_punctuation_accents_and_a_leading_the():
    assert actor_key("The U.S.") == actor_key("US")
    assert actor_key("Tehreek-e-Taliban") == actor_key("tehreek e taliban")
    assert actor_key("Julián Restrepo") == actor_key("Julian Restrepo")
    assert actor_key("Hekmatyar") != actor_key("Hikmatyar")


def test_two_predicted_actors_for_one_gold_actor_count_one_false_positive():
    data = _gold_data()
    data["actors"].append({"id": "A5", "name": "Washington"})
    data["actors"][3]["aliases"] = ["U.S."]
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.actors.precision, scores.actors.recall) == (0.8, 1.0)
    assert scores.actors.unmatched_predicted == ("A5",)


def test_a_disagreement_with_only_one_matching_position_is_not_matched():
    data = _gold_data()
    data["disagreements"][0]["positions"][1]["citations"] = [
        {"source": "S2", "quote": "Talks resumed in Geneva on Monday"}
    ]
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.disagreements.precision, scores.disagreements.recall) == (0.5, 0.5)
    assert scores.disagreements.unmatched_gold == ("D1",)


def test_a_disagreement_matches_with_wider_quotes_from_the_same_sentences():
    data = _gold_data()
    data["disagreements"][0]["positions"][0]["citations"] = [
        {"source": "S1", "quote": "The Ministry of Water said twelve rounds of talks were held in Geneva."}
    ]
    data["disagreements"][0]["positions"][1]["citations"] = [
        {"source": "S2", "quote": "Officials counted nine rounds of talks so far."}
    ]
    assert _rates(_memo(data), _memo(_gold_data()))["disagreements"] == (1.0, 1.0)


def test_a_disagreement_over_sentences_holding_two_conflicts_pairs_with_the_gold_of_its_kind():
    texts = {"S1": "Twelve people died on Monday.", "S2": "Nine people died on Sunday."}

    def disagreement(id_: str, kind: str, quotes: tuple[str, str]) -> dict[str, Any]:
        return {"id": id_, "topic": kind, "kind": kind, "positions": [
            {"source": f"S{n}", "claim": quote, "citations": [{"source": f"S{n}", "quote": quote}]}
            for n, quote in enumerate(quotes, start=1)
        ]}

    sources = [{"id": "S1", "title": "One"}, {"id": "S2", "title": "Two"}]
    gold = _memo({"title": "Toll", "date": "2025-01-02", "sources": sources, "disagreements": [
        disagreement("D1", "numeric", ("Twelve people died", "Nine people died")),
        disagreement("D2", "date", ("on Monday", "on Sunday")),
    ]})
    predicted = _memo({"title": "Toll", "date": "2025-01-02", "sources": sources, "disagreements": [
        disagreement("D1", "date", (texts["S1"], texts["S2"])),
    ]})
    assert score_memo(predicted, gold, texts).disagreements.unmatched_gold == ("D1",)


def test_a_key_point_citing_the_same_words_in_another_source_is_not_matched():
    data = _gold_data()
    data["key_points"][1]["citations"] = [{"source": "S1", "quote": "held in Geneva"}]
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.key_points.precision, scores.key_points.recall) == (0.5, 0.5)
    assert scores.key_points.unmatched_gold == ("K2",)


def test_one_predicted_key_point_cannot_match_two_gold_key_points():
    data = _gold_data()
    data["key_points"] = [
        {"id": "K1", "text": "Everything.", "citations": [
            {"source": "S1", "quote": "twelve rounds of talks were held in Geneva"},
            {"source": "S2", "quote": "Talks resumed in Geneva on Monday"},
        ]}
    ]
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.key_points.precision, scores.key_points.recall) == (1.0, 0.5)


def test_a_question_without_citations_matches_by_its_words():
    data = _gold_data()
    data["open_questions"] = [{"id": "Q1", "question": "Can the deal survive the monsoon season?"}]
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.open_questions.precision, scores.open_questions.recall) == (1.0, 0.5)


def test_questions_sharing_only_function_words_do_not_match():
    data = _gold_data()
    data["open_questions"] = [{"id": "Q1", "question": "When will the rain stop?"}]
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert scores.open_questions.matched == 0


def test_sources_are_paired_by_file_name_not_by_number():
    data = _gold_data()
    swap = {"S1": "S2", "S2": "S1"}
    renumbered = yaml.safe_load(re.sub(r"\bS([12])\b", lambda m: swap[m.group()], yaml.safe_dump(data)))
    texts = {"S1": TEXTS["S2"], "S2": TEXTS["S1"]}
    assert _rates(_memo(renumbered), _memo(_gold_data()), texts) == PERFECT


def test_quotes_that_are_not_in_the_text_or_at_wrong_offsets_are_not_verbatim():
    data = _gold_data()
    data["key_points"][0]["citations"][0]["quote"] = "twelve rounds were held in Geneva"
    data["key_points"][1]["citations"][0].update(start=0, end=33)
    scores = score_memo(_memo(data), _memo(_gold_data()), TEXTS)
    assert (scores.verbatim, scores.citations) == (6, 8)
    assert scores.not_verbatim == (
        "key_points.0.citations.0: S1: 'twelve rounds were held in Geneva'",
        "key_points.1.citations.0: S2: 'Talks resumed in Geneva on Monday'",
    )


def test_quotes_differing_only_in_whitespace_are_verbatim():
    data = _gold_data()
    data["key_points"][0]["citations"][0]["quote"] = "twelve rounds\nof  talks were held in Geneva"
    assert _rates(_memo(data), _memo(_gold_data()))["verbatim"] == (1.0,)


def test_gold_quotes_missing_from_the_ingested_text_are_listed():
    texts = {**TEXTS, "S2": TEXTS["S2"].replace("Talks resumed", "Talks restarted")}
    gold = _memo(_gold_data())
    assert score_memo(gold, gold, texts).gold_not_found == (
        "key_points.1.citations.0: S2: 'Talks resumed in Geneva on Monday'",
    )


def test_empty_sections_have_no_precision_or_recall():
    data = _gold_data()
    for section in ("key_points", "actors", "disagreements", "open_questions"):
        data[section] = []
    scores = score_memo(_memo(data), _memo(data), TEXTS)
    assert all(t.precision is None and t.recall is None for t in scores.sections().values())
    assert scores.verbatim_share is None


def test_the_table_has_a_line_per_cluster_and_a_macro_average():
    gold = _memo(_gold_data())
    data = _gold_data()
    data["actors"] = data["actors"][:2]
    data["disagreements"] = []
    table = format_table([("full", score_memo(gold, gold, TEXTS)),
                          ("half", score_memo(_memo(data), gold, TEXTS))])
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["cluster", "actors", "P"]
    assert lines[2].split() == ["full", *["1.00"] * 8, "100.0%"]
    assert lines[3].split() == ["half", "1.00", "0.50", "1.00", "1.00", "-", "0.00",
                                "1.00", "1.00", "100.0%"]
    assert lines[-1].split() == ["macro", "average", "1.00", "0.75", "1.00", "1.00", "1.00", "0.50",
                                 "1.00", "1.00", "100.0%"]


# The gold clusters -------------------------------------------------------------------------------


def _strict_yaml(text: str) -> Any:
    """Load YAML refusing anchors, aliases, explicit tags and duplicate keys."""
    for token in yaml.scan(text):
        assert not isinstance(token, (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken)), token
    nodes = [yaml.compose(text)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _ in node.value]
            assert len(keys) == len(set(keys)), f"duplicate key at line {node.start_mark.line + 1}"
            nodes += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            nodes += node.value
    return yaml.safe_load(text)


def _load(gold_file: Path) -> Memo:
    return Memo.model_validate(yaml.safe_load(gold_file.read_text(encoding="utf-8")))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(path: Path) -> list[str]:
    """The body paragraphs of an article: its lines after the headline and header lines."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [_squash(line) for line in lines if line.strip() and not HEADER_LINE.match(line)]


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.parent.name)
def test_every_gold_memo_is_strict_yaml_that_validates(gold_file):
    memo = Memo.model_validate(_strict_yaml(gold_file.read_text(encoding="utf-8")))
    assert memo.key_points and memo.actors and memo.disagreements and memo.open_questions
    assert all((gold_file.parent / source.path).is_file() for source in memo.sources if source.path)


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.parent.name)
def test_every_gold_quote_is_verbatim_in_its_source_file(gold_file):
    memo = _load(gold_file)
    texts = {s.id: _squash((gold_file.parent / s.path).read_text(encoding="utf-8"))
             for s in memo.sources if s.path}
    missing = [(c.source, c.quote) for _, c in memo.citations() if _squash(c.quote) not in texts[c.source]]
    assert missing == []


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.parent.name)
def test_every_gold_memo_scores_perfectly_against_itself(gold_file):
    memo = _load(gold_file)
    texts = {s.id: (gold_file.parent / s.path).read_text(encoding="utf-8") for s in memo.sources if s.path}
    assert _rates(memo, memo, texts) == PERFECT
    assert score_memo(memo, memo, texts).gold_not_found == ()


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.parent.name)
def test_every_gold_quote_survives_ingestion_verbatim(gold_file):
    memo = _load(gold_file)
    by_name = {Path(s.source.path).name: _squash(s.text) for s in load_sources([gold_file.parent])}
    texts = {s.id: by_name[s.path] for s in memo.sources if s.path}
    missing = [(c.source, c.quote) for _, c in memo.citations() if _squash(c.quote) not in texts[c.source]]
    assert missing == []


@pytest.mark.parametrize("cluster", CLUSTERS, ids=lambda p: p.name)
def test_cluster_quotes_stay_inside_one_body_paragraph(cluster):
    memo = _load(cluster / "gold.yaml")
    paragraphs = {s.id: _paragraphs(cluster / s.path) for s in memo.sources if s.path}
    outside = [(c.source, c.quote) for _, c in memo.citations()
               if not any(_squash(c.quote) in p for p in paragraphs[c.source])]
    assert outside == []


@pytest.mark.parametrize("cluster", CLUSTERS, ids=lambda p: p.name)
def test_cluster_has_three_to_five_articles_of_150_to_400_words_all_in_the_gold(cluster):
    articles = sorted(p.name for p in cluster.glob("*.txt"))
    memo = _load(cluster / "gold.yaml")
    assert 3 <= len(articles) <= 5
    assert sorted(s.path for s in memo.sources) == articles
    words = {name: sum(len(p.split()) for p in _paragraphs(cluster / name)) for name in articles}
    assert all(150 <= n <= 400 for n in words.values()), words


@pytest.mark.parametrize("cluster", CLUSTERS, ids=lambda p: p.name)
def test_cluster_sources_yaml_agrees_with_the_gold_sources(cluster):
    memo = _load(cluster / "gold.yaml")
    listed = _strict_yaml((cluster / "sources.yaml").read_text(encoding="utf-8"))
    fields = ("title", "outlet", "published", "url", "language")
    assert listed == {s.path: {f: getattr(s, f) for f in fields} for s in memo.sources}


def test_the_clusters_exercise_numeric_date_attribution_and_outcome_conflicts():
    kinds = set()
    for cluster in CLUSTERS:
        memo = _load(cluster / "gold.yaml")
        kinds |= {d.kind for d in memo.disagreements}
    assert {"numeric", "date", "attribution", "outcome"} <= kinds
    assert len(CLUSTERS) >= 3
