"""Actors: alias merging, states behind capitals and demonyms, roles, headline debris."""

from __future__ import annotations

from memo.model import Actor, Memo


def actor(memo: Memo, name: str) -> Actor:
    return next(a for a in memo.actors if a.name == name)


def names(memo: Memo) -> list[str]:
    return [a.name for a in memo.actors]


def test_an_acronym_defined_in_one_source_merges_with_its_long_form_everywhere(analyse):
    memo = analyse(
        "Officials from the Pakistan Democratic Movement (PDM) met in Lahore on Monday. "
        "The PDM said it would contest the election.",
        "The PDM boycotted the vote in Karachi.",
    )
    movement = actor(memo, "Pakistan Democratic Movement")
    assert movement.aliases == ("PDM",)
    assert [(c.source, c.quote) for c in movement.mentions] == [
        ("S1", "Pakistan Democratic Movement"), ("S1", "PDM"), ("S1", "PDM"), ("S2", "PDM"),
    ]
    assert "PDM" not in names(memo)


def test_a_capital_acting_politically_is_its_government_and_a_capital_as_a_place_is_a_place(analyse):
    memo = analyse("Islamabad accused Kabul of harbouring militants. A bomb exploded near the Kabul airport.")
    assert "Islamabad" in actor(memo, "Pakistan").aliases
    # Afghanistan's capital used politically stands for its de facto rulers.
    assert "Kabul" in actor(memo, "Taliban").aliases
    assert actor(memo, "Kabul").kind == "place"


def test_washington_us_and_american_all_name_the_united_states(analyse):
    memo = analyse(
        "Washington said the U.S. would keep its embassy closed. American diplomats left in 2021. "
        "US officials declined to comment. The Trump administration imposed new sanctions."
    )
    united_states = actor(memo, "United States")
    assert united_states.kind == "state"
    assert set(united_states.aliases) == {"Washington", "U.S.", "American", "US", "Trump administration"}
    assert names(memo) == ["United States"]


def test_an_apposition_gives_a_person_a_role_and_an_affiliation(analyse):
    memo = analyse("Zabihullah Mujahid, the Taliban's chief spokesman, said the talks had ended.")
    spokesman = actor(memo, "Zabihullah Mujahid")
    assert spokesman.kind == "person"
    assert spokesman.role == "Taliban's chief spokesman"
    assert spokesman.affiliation == actor(memo, "Taliban").id


def test_a_title_before_a_name_is_the_persons_role(analyse):
    memo = analyse("Foreign Minister Ishaq Dar said Pakistan wanted peace with its neighbours.")
    assert actor(memo, "Ishaq Dar").role == "Foreign Minister"


def test_names_used_only_in_headings_are_not_actors(analyse):
    memo = analyse("Global Implications Of The Talks\n\nThe Taliban and Pakistan met in Doha to discuss the border.")
    assert "Global Implications" not in names(memo)
    assert {"Taliban", "Pakistan"} <= set(names(memo))


def test_actors_named_more_often_and_by_more_sources_come_first(analyse):
    memo = analyse(
        "Pakistan and India held talks. Pakistan said the talks were useful.",
        "Pakistan rejected the proposal from Iran.",
    )
    assert names(memo)[0] == "Pakistan"
    assert {c.source for c in actor(memo, "Pakistan").mentions} == {"S1", "S2"}


def test_every_mention_quotes_the_source_text(analyse):
    texts = ("The Taliban-ruled government met ISIS-K. envoys. Tehreek-e-Taliban Pakistan (TTP) fighters left.",)
    memo = analyse(*texts)
    for a in memo.actors:
        for mention in a.mentions:
            assert texts[0][mention.start:mention.end] == mention.quote
    assert actor(memo, "Tehreek-e-Taliban Pakistan").aliases == ("TTP",)


def test_an_acronym_never_spelt_out_joins_the_one_name_with_its_initials(analyse):
    memo = analyse(
        "The National Disaster Management Authority said nine people died in the flood.",
        "NDMA officials said the toll could rise as rescuers reached remote villages.",
    )
    assert actor(memo, "National Disaster Management Authority").aliases == ("NDMA",)
    assert "NDMA" not in names(memo)


def test_an_acronym_before_its_spelt_out_name_merges_too(analyse):
    memo = analyse(
        "The rebels of the FUS (Frente Unido del Sur) denied the attack. The FUS blamed a dissident faction."
    )
    assert actor(memo, "Frente Unido del Sur").aliases == ("FUS",)


def test_an_iso_country_code_does_not_capture_a_local_acronym(analyse):
    memo = analyse(
        "Floods hit the province of Khyber Pakhtunkhwa on Monday. Officials in KP warned that more rain was forecast."
    )
    assert "North Korea" not in names(memo)
    assert actor(memo, "Khyber Pakhtunkhwa").aliases == ("KP",)


def test_titles_and_forms_of_address_do_not_split_a_person(analyse):
    memo = analyse(
        "NDMA chairman Lieutenant General Imran Qadir said nine deaths were verified. "
        "Gen Qadir blamed illegal hotels on the riverbed.",
        "Chief Minister Sardar Hamid Khan ordered an inquiry. Mr Khan promised compensation to families.",
    )
    assert "Gen Qadir" in actor(memo, "Imran Qadir").aliases
    assert "Mr Khan" in actor(memo, "Hamid Khan").aliases
    assert not {"Qadir", "Khan", "Gen Qadir", "Mr Khan"} & set(names(memo))


def test_spellings_that_differ_only_in_accents_are_one_person(analyse):
    memo = analyse(
        "President Elena Marín suspended the ceasefire in Cauca for thirty days.",
        "President Elena Marin said the army would resume operations in Cauca.",
    )
    marin = [a for a in memo.actors if a.name.startswith("Elena Mar")]
    assert len(marin) == 1
    assert {c.source for c in marin[0].mentions} == {"S1", "S2"}


def test_a_company_named_by_its_first_word_is_the_same_company(analyse):
    memo = analyse(
        "Danish shipping group Nordhavn Shipping A/S agreed to buy a Latvian rival. "
        "Nordhavn said about 800 jobs would be cut across the two groups."
    )
    assert actor(memo, "Nordhavn Shipping A/S").aliases == ("Nordhavn",)


def test_a_name_given_as_known_by_another_is_one_actor(analyse):
    memo = analyse(
        "The rebels were led by Iván Cortés, known as \"El Profe\", until last year. "
        "The Southern Front, known by its Spanish initials FSR (Frente Sur Rebelde), rejected the truce.",
        "El Profe said the FSR would fight on.",
    )
    assert "El Profe" in actor(memo, "Iván Cortés").aliases
    front = next(a for a in memo.actors if "FSR" in a.aliases)
    assert {"Southern Front", "Frente Sur Rebelde"} <= {front.name, *front.aliases}
    assert "Spain" not in names(memo)


def test_an_organisation_named_with_its_owner_belongs_to_the_owner(analyse):
    memo = analyse("The spokesman for the Islamic Emirate's Ministry of Interior said the attack had been foiled.")
    ministry = actor(memo, "Ministry of Interior")
    assert ministry.affiliation == actor(memo, "Taliban").id


def test_a_name_the_recogniser_cut_in_two_is_one_person(analyse):
    memo = analyse("Nangarhar police spokesman Qari Sayed Jalal Zazai said the market had reopened.")
    assert "Qari Sayed Jalal Zazai" in names(memo)


def test_two_spellings_of_one_name_are_one_person(analyse):
    memo = analyse(
        "Interior ministry spokesman Abdul Wahid Hekmatzai said the attack was foiled.",
        "Abdul Waheed Hikmatzai, the ministry's spokesman, said the claim confirmed its account.",
    )
    spokesman = actor(memo, "Abdul Wahid Hekmatzai")
    assert "Abdul Waheed Hikmatzai" in spokesman.aliases
    assert "Abdul Waheed Hikmatzai" not in names(memo)
