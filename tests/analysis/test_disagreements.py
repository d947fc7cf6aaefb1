"""Disagreements: figures, dates, outcomes, blame and forecasts that differ between sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from analysis_sources import make_source

from memo.analysis.pipeline import build_memo
from memo.model import Disagreement, Memo


def only(memo: Memo) -> Disagreement:
    assert len(memo.disagreements) == 1, [d.topic for d in memo.disagreements]
    return memo.disagreements[0]


def test_twelve_killed_against_nine_killed_is_a_numeric_disagreement(analyse):
    memo = analyse(
        "Militants killed 12 soldiers in an attack on a checkpoint in North Waziristan.",
        "An attack on a checkpoint in North Waziristan killed nine soldiers.",
    )
    found = only(memo)
    assert found.kind == "numeric"
    assert found.topic == "Number of soldiers killed"
    assert [(p.source, p.claim) for p in found.positions] == [("S1", "Puts it at 12."), ("S2", "Puts it at nine.")]
    quote = found.positions[1].citations[0].quote
    assert quote == "An attack on a checkpoint in North Waziristan killed nine soldiers."
    assert 0 < found.score <= 1


def test_twelve_written_as_a_word_or_in_digits_is_the_same_figure(analyse):
    memo = analyse(
        "Militants killed 12 soldiers in an attack on a checkpoint in North Waziristan.",
        "An attack on a checkpoint in North Waziristan killed twelve soldiers.",
    )
    assert memo.disagreements == ()


def test_different_weekdays_for_the_same_event_are_a_date_disagreement(analyse):
    found = only(analyse(
        "The Taliban and Pakistan signed the border agreement in Doha on Monday.",
        "Pakistan and the Taliban signed the border agreement in Doha on Thursday.",
    ))
    assert found.kind == "date"
    assert found.topic.startswith("When the Taliban and Pakistan signed the border agreement")
    assert [p.claim for p in found.positions] == ["Puts it on Monday.", "Puts it on Thursday."]


def test_talks_that_collapsed_against_talks_that_resumed_are_an_outcome_disagreement(analyse):
    found = only(analyse(
        "The talks between Pakistan and the Taliban in Istanbul collapsed on the second day.",
        "The talks between Pakistan and the Taliban in Istanbul resumed after a short break.",
    ))
    assert found.kind == "outcome"
    assert found.topic == "Outcome of the talks"


def test_talks_that_nearly_collapsed_did_not_collapse(analyse):
    memo = analyse(
        "The talks between Pakistan and the Taliban in Istanbul nearly collapsed on the second day.",
        "The talks between Pakistan and the Taliban in Istanbul resumed after a short break.",
    )
    assert [d.kind for d in memo.disagreements] == []


def test_blaming_different_groups_for_the_same_bombing_is_an_attribution_disagreement(analyse):
    found = only(analyse(
        "Pakistan blamed the TTP for the bombing in Peshawar.",
        "The Taliban blamed Islamic State for the bombing in Peshawar.",
    ))
    assert found.kind == "attribution"
    assert found.topic == "Responsibility for the bombing in Peshawar"


def test_will_against_will_not_is_a_forecast_disagreement_found_once(analyse):
    found = only(analyse(
        "The Taliban will attend the next round of talks in Doha.",
        "The Taliban will not attend the next round of talks in Doha.",
    ))
    assert found.kind == "forecast"
    assert found.topic == "Whether the Taliban will attend the next round of talks in Doha"


def test_sources_that_agree_have_no_disagreement(analyse):
    memo = analyse(
        "Militants killed 12 soldiers in an attack on a checkpoint on Monday.",
        "On Monday, an attack on a checkpoint killed 12 soldiers, and the talks resumed.",
    )
    assert memo.disagreements == ()


def test_the_number_of_disagreements_is_capped_strongest_first(analyse):
    first = "The Taliban will attend the talks in Doha. Militants killed 12 soldiers at the Chaman checkpoint."
    second = "The Taliban will not attend the talks in Doha. Militants killed nine soldiers at the Chaman checkpoint."
    memo = analyse(first, second, max_disagreements=1)
    assert [d.kind for d in memo.disagreements] == ["numeric"]
    assert [d.kind for d in analyse(first, second).disagreements] == ["numeric", "forecast"]


def test_a_source_praising_an_actor_that_another_condemns_is_a_framing_disagreement(analyse):
    found = only(analyse(
        "The Taliban have been cooperative and constructive partners in the talks. "
        "The Taliban were praised for their honesty.",
        "The brutal Taliban regime is hostile to freedom. The Taliban are a dangerous and corrupt regime.",
    ))
    assert found.kind == "framing"
    assert found.topic == "Portrayal of the Taliban"
    assert found.positions[0].claim.startswith("Portrays the Taliban favourably (")
    assert found.positions[1].claim.startswith("Portrays the Taliban unfavourably (")


def test_three_sources_giving_three_tolls_are_one_disagreement_with_three_positions(analyse):
    found = only(analyse(
        "Rebels killed four soldiers in an ambush on an army patrol in Cauca.",
        "The ambush on an army patrol in Cauca killed six soldiers.",
        "Five soldiers were killed in the ambush on an army patrol in Cauca.",
    ))
    assert found.kind == "numeric"
    assert [(p.source, p.claim) for p in found.positions] == [
        ("S1", "Puts it at four."), ("S2", "Puts it at six."), ("S3", "Puts it at Five."),
    ]


def test_people_missing_are_not_compared_with_people_killed(analyse):
    found = only(analyse(
        "At least 12 people were killed and six remain missing after the flood in Swat.",
        "Officials said at least 20 people were still missing after the flood in Swat.",
    ))
    assert found.topic == "Number missing"
    assert [p.claim for p in found.positions] == ["Puts it at six.", "Puts it at 20."]


def test_the_day_a_statement_was_made_is_not_the_day_of_the_event(analyse):
    memo = analyse(
        "Militants killed 12 soldiers at a checkpoint in Chaman, officials said on Tuesday.",
        "Militants killed 12 soldiers at a checkpoint in Chaman, the army said on Wednesday.",
    )
    assert memo.disagreements == ()


def test_a_claim_one_source_denies_is_a_factual_disagreement(analyse):
    found = only(analyse(
        "The provincial authority issued a flood warning for the Swat River on Sunday.",
        "Residents said no flood warning was issued for the Swat River before the water rose.",
    ))
    assert found.kind == "factual"
    assert found.topic == "Whether the provincial authority issued a flood warning for the Swat River"


def test_figures_about_an_earlier_year_are_not_compared_with_todays(analyse):
    first = make_source("Floods in 2022 killed more than 1,700 people across Pakistan.", "S1")
    second = make_source("The flash flood in Swat killed 12 people across Pakistan on Monday.", "S2")
    dated = [replace(t, source=t.source.model_copy(update={"published": dt.date(2024, 7, 16)}))
             for t in (first, second)]
    assert build_memo(dated).disagreements == ()


def test_two_prices_for_the_same_takeover_are_a_numeric_disagreement(analyse):
    found = only(analyse(
        "Harlow Air has agreed to buy its rival Skyline for €1.4 billion in cash.",
        "Pilots' unions said Harlow Air agreed to take over Skyline in a deal they valued at €1.9 billion.",
    ))
    assert (found.kind, found.topic) == ("numeric", "Value of the deal")
    assert [p.claim for p in found.positions] == ["Puts it at €1.4 billion.", "Puts it at €1.9 billion."]


def test_sums_in_different_currencies_or_of_different_kinds_are_not_compared(analyse):
    memo = analyse(
        "Harlow Air has agreed to buy its rival Skyline for €1.4 billion in cash. "
        "The government announced €2 million in aid for the workers of Skyline.",
        "Harlow Air's $1.5 billion purchase of Skyline was cleared by the regulator. "
        "Harlow Air paid €30 million for new aircraft from Skyline.",
    )
    assert memo.disagreements == ()


def test_a_loss_and_a_cost_of_the_same_stoppage_are_compared(analyse):
    found = only(analyse(
        "The port authority said the strike had cost the port about £40 million in lost revenue.",
        "Losses for the port during the strike have reached £65 million, according to industry estimates.",
    ))
    assert (found.kind, found.topic) == ("numeric", "Cost or loss")


def test_a_nine_day_strike_against_an_eleven_day_strike_is_a_disagreement_on_its_length(analyse):
    found = only(analyse(
        "Dockworkers at Port Marlow ended a nine-day strike after the port agreed to raise wages.",
        "Dockworkers at Port Marlow went back to work after an eleven-day strike over wages.",
    ))
    assert (found.kind, found.topic) == ("numeric", "Length of the strike")


def test_months_that_cannot_meet_are_a_date_disagreement_and_months_that_can_are_not(analyse):
    found = only(analyse(
        "Harlow Air expects the merger to be completed by the end of June.",
        "A regulatory review could delay completion of the merger until the second half of 2026.",
        "The chief executive said completion was now expected in the second quarter.",
    ))
    assert found.kind == "date"
    assert found.topic == "Timing of the completion"
    assert [(p.source, p.claim) for p in found.positions] == [
        ("S1", "Puts it at the end of June."), ("S2", "Puts it in the second half of 2026."),
        ("S3", "Puts it in the second quarter."),
    ]


def test_a_decision_forecast_to_go_opposite_ways_is_a_forecast_disagreement(analyse):
    found = only(analyse(
        "The transport regulator is expected to approve the port's new tariff plan next month.",
        "Analysts said the transport regulator was likely to block the port's tariff plan.",
    ))
    assert found.kind == "forecast"
    assert found.topic == "Whether the transport regulator will block the port's tariff plan"


def test_a_decision_left_open_is_no_forecast(analyse):
    memo = analyse(
        "The transport regulator is expected to approve the port's new tariff plan next month.",
        "It is unclear whether the transport regulator will approve the port's tariff plan at all.",
    )
    assert memo.disagreements == ()


def test_talks_due_to_resume_against_talks_postponed_is_an_outcome_disagreement(analyse):
    found = only(analyse(
        "Talks between the union and the port authority are due to resume in Marlow next week.",
        "The next round of talks between the union and the port authority has been postponed indefinitely.",
    ))
    assert (found.kind, found.topic) == ("outcome", "Outcome of the talks")


def test_an_attack_carried_out_by_one_group_and_claimed_by_another_is_an_attribution_disagreement(analyse):
    found = only(analyse(
        "The interior ministry said the bombing was carried out by the Northern Front.",
        "The Southern Brigade claimed responsibility for the bombing in a statement on Friday.",
    ))
    assert (found.kind, found.topic) == ("attribution", "Responsibility for the bombing")


def test_an_attack_said_to_bear_the_hallmarks_of_a_group_is_attributed_to_it(analyse):
    found = only(analyse(
        "The rebels blamed a breakaway faction, the Red Column, for the ambush.",
        "The governor said the ambush bore the hallmarks of the Valley Cartel.",
    ))
    assert found.kind == "attribution"


def test_blaming_neither_group_lays_blame_on_no_one(analyse):
    memo = analyse(
        "The rebels blamed a breakaway faction, the Red Column, for the ambush.",
        "The governor blamed neither the rebels nor the Red Column for the ambush.",
    )
    assert memo.disagreements == ()


def test_praising_an_actor_says_nothing_of_the_one_who_praises(analyse):
    memo = analyse(
        "The Kestrel Council praised the Marsh League for its restraint during the talks.",
        "The Kestrel Council is a brutal and corrupt regime that threatens its neighbours.",
    )
    assert [d.topic for d in memo.disagreements] == []


def test_a_source_that_names_an_actor_by_a_common_noun_still_frames_it(analyse):
    found = only(analyse(
        "The Kestrel Council has been a constructive and reliable partner in the talks. "
        "Its envoys were praised for their honesty.",
        "The Kestrel regime announced new border rules on Monday. "
        "Such a brutal regime, hostile to freedom, cannot be trusted with a ceasefire.",
    ))
    assert (found.kind, found.topic) == ("framing", "Portrayal of Kestrel Council")
    assert "Such a brutal regime" in found.positions[1].citations[-1].quote
