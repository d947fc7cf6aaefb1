"""Open questions: asked, rhetorical, implied by hedges, left by disagreements or a single source."""

from __future__ import annotations

from memo.model import Memo, OpenQuestion


def question(memo: Memo, text: str) -> OpenQuestion:
    return next(q for q in memo.open_questions if q.question == text)


SOURCE = (
    "What Does This Mean For Trade?\n\n"
    "Officials have not said who will pay for the reconstruction. "
    "Who will fund the new dam on the Kabul River? Can anyone trust these promises? "
    "The ceasefire will probably collapse within weeks. "
    "The new government may delay the elections until next year."
)


def test_a_question_the_source_leaves_open_is_explicit(analyse):
    asked = question(analyse(SOURCE), "Who will fund the new dam on the Kabul River?")
    assert asked.origin == "explicit"
    assert asked.citations[0].quote == "Who will fund the new dam on the Kabul River?"


def test_headline_questions_and_questions_that_make_a_point_are_rhetorical(analyse):
    memo = analyse(SOURCE)
    assert question(memo, "What Does This Mean For Trade?").origin == "rhetorical"
    assert question(memo, "Can anyone trust these promises?").origin == "rhetorical"
    origins = [q.origin for q in memo.open_questions]
    assert origins.index("explicit") < origins.index("rhetorical")


def test_a_hedged_claim_becomes_a_question_that_names_its_likelihood(analyse):
    memo = analyse(SOURCE)
    hedged = question(memo, "Will the ceasefire collapse within weeks?")
    assert hedged.origin == "hedged"
    assert "likely" in hedged.why and "“probably”" in hedged.why
    point = next(p for p in memo.key_points if p.id in hedged.related)
    assert point.likelihood == "likely"
    assert question(memo, "Will the new government delay the elections until next year?").origin == "hedged"


def test_a_claim_about_who_will_act_is_not_turned_into_a_question(analyse):
    memo = analyse(SOURCE)
    assert not [q for q in memo.open_questions if q.question.startswith("Will who")]


def test_a_disagreement_leaves_a_question_pointing_at_it(analyse):
    memo = analyse(
        "Militants killed 12 soldiers in an attack on a checkpoint in North Waziristan.",
        "An attack on a checkpoint in North Waziristan killed nine soldiers.",
    )
    first = memo.open_questions[0]
    assert first.origin == "disagreement"
    assert first.question == "Which account is right about the number of soldiers killed?"
    assert first.related == (memo.disagreements[0].id,)
    assert {c.source for c in first.citations} == {"S1", "S2"}


def test_a_key_point_only_one_source_reports_asks_for_confirmation(analyse):
    memo = analyse(
        "Trade through the Torkham crossing fell sharply in March after the border clashes.",
        "Officials in Kabul praised the new customs agreement with Uzbekistan.",
    )
    confirm = [q for q in memo.open_questions if q.origin == "single_source"]
    assert confirm
    assert confirm[0].question.startswith("Do other sources confirm that ")
    assert confirm[0].related[0].startswith("K")


def test_the_number_of_questions_is_capped(analyse):
    assert len(analyse(SOURCE, max_open_questions=2).open_questions) == 2


def test_a_matter_the_source_calls_unclear_becomes_a_question(analyse):
    memo = analyse(
        "It is unclear whether the FUS leadership still controls all its fronts. "
        "The claim could not be independently verified."
    )
    unclear = question(memo, "Does the FUS leadership control all its fronts?")
    assert unclear.origin == "hedged"
    assert unclear.why == "K1 depends on it; S1 leaves it open (“unclear”)."
    assert question(memo, "Can the claim be verified?").origin == "hedged"


def test_a_question_someone_is_reported_asking_is_an_open_question(analyse):
    memo = analyse("Some investors questioned whether Harlow Air was paying too much for Skyline.")
    asked = question(memo, "Was Harlow Air paying too much for Skyline?")
    assert asked.origin == "explicit"
    assert asked.why == "S1 reports it being asked (“questioned”); no source answers it."


def test_a_single_source_claim_is_put_without_who_reported_it(analyse):
    memo = analyse(
        "Port Authority chief Daniel Reyes said the strike had cost the port about £40 million.",
        "Ferry operators in Marlow cancelled all crossings to the islands because of the storm.",
    )
    confirm = [q.question for q in memo.open_questions if q.origin == "single_source"]
    assert "Do other sources confirm that the strike had cost the port about £40 million?" in confirm


def test_claims_judged_likely_are_asked_before_plain_forecasts(analyse):
    memo = analyse(
        "Harlow Air will open a new route to Lisbon in May. "
        "The regulator will probably fine Harlow Air for the delays."
    )
    hedged = [q.question for q in memo.open_questions if q.origin == "hedged"]
    assert hedged == ["Will the regulator fine Harlow Air for the delays?",
                      "Will Harlow Air open a new route to Lisbon in May?"]


def test_a_weighty_claim_from_an_unnamed_speaker_asks_who_said_it(analyse):
    memo = analyse(
        "The talks in Doha have been postponed indefinitely, a senior official said on Monday. "
        "Officials said the delegations left the hotel in the evening. "
        "Rescue teams used boats to reach the villages, a local official said."
    )
    asked = [q for q in memo.open_questions if q.question.startswith("Who ")]
    assert [q.question for q in asked] == [
        "Who is the “senior official” who said that the talks in Doha have been postponed indefinitely?"
    ]
    assert asked[0].origin == "single_source"
    assert asked[0].citations[0].quote.startswith("The talks in Doha have been postponed indefinitely")
