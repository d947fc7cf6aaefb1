"""Key points: near-duplicates merged, quotas per source, confidence and likelihood."""

from __future__ import annotations

from memo.analysis.key_points import claim_text


def test_the_same_claim_in_two_sources_is_one_point_citing_both(analyse):
    memo = analyse(
        "Pakistan and the Taliban agreed to extend the ceasefire along the border for another month. "
        "Trade through the Torkham crossing fell sharply in March.",
        "The Taliban and Pakistan agreed on Sunday to extend the border ceasefire for another month. "
        "Officials in Kabul praised the decision.",
    )
    merged = [p for p in memo.key_points if "ceasefire" in p.text]
    assert len(merged) == 1
    assert [c.source for c in merged[0].citations] == ["S1", "S2"]
    assert merged[0].confidence == "moderate"


def test_a_single_source_hedged_claim_has_low_confidence_and_a_likelihood(analyse):
    memo = analyse("The ceasefire will probably collapse within weeks. Officials met in Kabul on Monday.")
    point = next(p for p in memo.key_points if "ceasefire" in p.text)
    assert point.likelihood == "likely"
    assert point.confidence == "low"


def test_every_source_gets_key_points_even_when_another_source_is_much_longer(analyse):
    long_source = " ".join(
        f"Pakistan and the Taliban discussed border trade in round {n} of the talks in Doha." for n in range(2, 12)
    )
    memo = analyse(long_source, "India opened a new consulate in Kandahar to support Afghan traders.",
                   max_key_points=3)
    assert {c.source for p in memo.key_points for c in p.citations} == {"S1", "S2"}


def test_headings_and_questions_are_never_key_points(analyse):
    memo = analyse(
        "Pakistani Banks Break All Records With Big Profit\n\n"
        "The Taliban and Pakistan met in Doha to discuss border security. Who will pay for the new fence?"
    )
    assert [p.text for p in memo.key_points] == ["The Taliban and Pakistan met in Doha to discuss border security."]


def test_a_point_reads_without_its_leading_connective():
    assert claim_text("Yet, these talks revolve around one issue.") == "These talks revolve around one issue."
    assert claim_text("However, Washington is not seeking a deal.") == "Washington is not seeking a deal."
    assert claim_text("At the same time, trade could grow.") == "Trade could grow."


def test_key_point_citations_quote_the_source_verbatim(analyse):
    text = "However, the talks resumed on Monday in Doha after a week-long pause over border security."
    memo = analyse(text)
    point = memo.key_points[0]
    assert point.text == "The talks resumed on Monday in Doha after a week-long pause over border security."
    citation = point.citations[0]
    assert text[citation.start:citation.end] == citation.quote == text


def test_figures_for_the_same_thing_are_one_point_citing_the_sources_that_agree(analyse):
    memo = analyse(
        "A landslide in the Kel valley killed at least 14 people on Monday, rescue officials said.",
        "At least 14 people died when a landslide buried houses in the Kel valley.",
        "The landslide killed nine people, the district administration said. "
        "The provincial government announced an inquiry into illegal quarrying above the valley.",
    )
    tolls = [p for p in memo.key_points if any(w in p.text for w in ("killed", "died"))]
    assert len(tolls) == 1
    assert {c.source for c in tolls[0].citations} == {"S1", "S2"}
    assert any("inquiry" in p.text for p in memo.key_points)


def test_a_claim_with_figures_of_its_own_is_a_point_of_its_own(analyse):
    memo = analyse(
        "Harlow Air agreed to buy Skyline for €1.4 billion in cash on Monday.",
        "Unions said 900 jobs could be lost after Harlow Air agreed to buy Skyline.",
    )
    assert len(memo.key_points) == 2


def test_who_did_what_comes_before_commentary_and_quotation(analyse):
    memo = analyse(
        "This shift is surprising and deeply worrying for everyone. "
        "“We are very proud of what we built together,” the founder said. "
        "The airline cancelled 40 flights to Lisbon on Monday after a strike by pilots.",
        max_key_points=1,
    )
    assert [p.text for p in memo.key_points] == [
        "The airline cancelled 40 flights to Lisbon on Monday after a strike by pilots."
    ]


def test_a_point_that_leans_on_the_sentence_before_carries_it(analyse):
    # The first sentence is too short to be a point of its own.
    first = "Islamabad demands their expulsion."
    second = "The Taliban reject this demand as unreasonable and call the militants an internal matter."
    # Across a paragraph break: two quotes; within a paragraph: one.
    for text in (f"{first}\n\n{second}", f"{first} {second}"):
        memo = analyse(text, max_key_points=1)
        point = memo.key_points[0]
        assert point.text == f"{first} {second}"
        assert " ".join(c.quote for c in point.citations) == f"{first} {second}"
        assert all(text[c.start:c.end] == c.quote for c in point.citations)
        assert len(point.citations) == (2 if "\n" in text else 1)


def test_a_point_standing_alone_does_not_take_the_sentence_before(analyse):
    memo = analyse("Officials met in Kabul on Monday to discuss trade. "
                   "The Taliban rejected Pakistan's demand to expel the fighters.", max_key_points=2)
    assert all(" " in p.text and p.text.count(".") == 1 for p in memo.key_points)
