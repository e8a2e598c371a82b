"""The outside tester's findings (evals/cases/fresh/tester/findings.yaml), as the general causes fixed.

Each test names the finding it comes from and checks the cause with other wording too, over the real
lexicon and rules with a fake index (no model, no classifier): what is checked is the reading and the
rules themselves. The findings file itself runs through ``sharecheck eval``.
"""

from __future__ import annotations

import pytest

from assistant.engine.reading import extract
from tests.fakes import verdict_of

# ---- dangerous yeses (t-001 – t-009) ------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "HSI wants our help arresting a guy on a federal warrant for being in the country illegally. Can we?",
    "The FBI wants help arresting a man on a federal warrant for being in the country illegally. Can we?",
    "The Marshals want help picking up a woman for being here unlawfully. OK?",
])
def test_presence_itself_is_an_immigration_purpose_whoever_asks(engine, question):
    assert extract(question).purpose == "civil_immigration"
    assert verdict_of(engine, question)[0] == "prohibited"


@pytest.mark.parametrize("question", [
    "HSI wants our help arresting a guy on a federal warrant. Can we?",
    "ICE says it has a federal arrest warrant and wants us to hold our prisoner. Can we?",
])
def test_a_federal_warrant_from_an_immigration_agency_is_checked_first(engine, question):
    facts = extract(question)
    assert facts.document == "federal_warrant"
    assert verdict_of(engine, question) == ("review", "federal-warrant-from-an-immigration-agency")


@pytest.mark.parametrize("question, document", [
    ("HSI asks me to join the arrest of a man named in a federal criminal fentanyl warrant. Can I?",
     "judicial_warrant"),
    ("The Marshals have a federal warrant for armed robbery and want our prisoner's release date.", "judicial_warrant"),
    ("They have a warrant out of EDNY for him.", "judicial_warrant"),
    ("The DEA has a federal warrant for him.", "federal_warrant"),
])
def test_a_federal_warrant_is_judicial_only_with_a_crime_or_court_named(question, document):
    assert extract(question).document == document


@pytest.mark.parametrize("question", [
    "Can I help ICE if the guy is a really dangerous gang member?",
    "ICE says the target is a threat to the community and wants backup. Can we go?",
])
def test_a_dangerous_target_is_not_an_emergency(engine, question):
    assert extract(question).purpose != "public_safety"
    assert verdict_of(engine, question)[0] == "prohibited"


def test_an_emergency_during_an_ice_arrest_is_responded_to_but_not_joined(engine):
    question = "ICE agent calls 911 because the man they're arresting is resisting. Can we help restrain him?"
    assert verdict_of(engine, question) == ("review", "emergency-during-an-immigration-arrest")
    # A bottle thrown at the agents is still a call to answer.
    assert verdict_of(engine, "A crowd is throwing bottles at ICE agents. Do we step in?")[0] == "permitted"


@pytest.mark.parametrize("question", [
    "ICE wants aggregate statistics on arrests, broken down by name and address. Ok?",
    "ICE wants the detainer counts, listed by name and date of birth. Fine?",
])
def test_counts_broken_down_by_name_are_a_named_list(engine, question):
    assert extract(question).action == "named_list"
    assert verdict_of(engine, question)[0] == "prohibited"


@pytest.mark.parametrize("question", [
    "The Coast Guard wants help looking for a migrant boat that landed in Brooklyn. Can we help find the migrants?",
    "ICE HSI wants to borrow two officers for a raid on a factory with undocumented workers. OK?",
])
def test_finding_migrants_is_immigration_enforcement_whoever_asks(engine, question):
    assert extract(question).purpose == "civil_immigration"
    assert verdict_of(engine, question)[0] == "prohibited"


# ---- who asks, and for whom (t-052 – t-062) -----------------------------------------------------

@pytest.mark.parametrize("question, requester", [
    ("Immigration called asking if we still have Juan in custody. What do I say?", "ice"),
    ("A lady from immigration called and wants the victim's phone number. Can I give it?", "ice"),
    ("The FBI is asking, on behalf of ICE, for the release date of a prisoner. Can I give it?", "ice"),
    ("The Secret Service is asking for our prisoner's home address on behalf of ICE. Can I give it?", "ice"),
    ("The FBI wants the release time of a prisoner so they can hand him to immigration. OK?", "ice"),
    ("A JTTF detective asks me to look up a man's immigration status for ICE. Allowed?", "ice"),
    ("A guy from Homeland called about our prisoner.", "dhs"),
    ("Federal agents want our help picking up a man at a deli. They're from ICE. Can we help?", "ice"),
    ("A Probation officer asked for the release date so she can pass it to her ICE contact.", "ice"),
])
def test_the_agency_it_is_for_is_the_one_asking(question, requester):
    assert extract(question).requester == requester


def test_not_ice_is_still_not_ice():
    facts = extract("this is NOT ICE and nothing to do with immigration — DEA wants help serving their federal "
                    "drug arrest warrant. ok?")
    assert facts.requester == "federal_other"


def test_frozen_water_is_not_the_agency():
    facts = extract("Someone slipped on ice outside the precinct; can I share the aided report with their lawyer?")
    assert facts.requester is None


@pytest.mark.parametrize("question, requester", [
    ("NYS Parole wants to know if their parolee was arrested by us last night. Can I tell them?", "state_local"),
    ("Federal probation officers want to know if their supervisee was arrested. Can I confirm?", "state_local"),
    ("MTA police need our arrest report for a subway slashing suspect. Can I send it?", "state_local"),
    ("The Westchester DA needs our arrest report on a carjacking suspect. Can I send it?", "prosecutor"),
    ("A Connecticut detective wants to know if we arrested their homicide suspect. Can I tell him?", "state_local"),
])
def test_other_criminal_justice_agencies_are_partners(engine, question, requester):
    assert extract(question).requester == requester
    assert verdict_of(engine, question)[0] == "permitted"


# ---- routine criminal work (t-032 – t-051) ------------------------------------------------------

@pytest.mark.parametrize("question", [
    "An AUSA in the Southern District wants our detective's notes for a federal carjacking prosecution. Can he "
    "get them?",
    "The DA wants to know when our prisoner will be arraigned. Can I tell them?",
    "The Manhattan DA wants the officer's memo book entries for a grand larceny trial. Can I hand them over?",
    "An ATF agent wants the ballistic evidence from our shooting case for NIBIN. Can I send it?",
    "The Secret Service wants our prisoner's release date; they think he's counterfeiting. OK?",
    "US Marshals ask us to hold our prisoner for them; he has a federal arrest warrant for armed robbery. Can we?",
    "The FBI wants to interview our prisoner in the precinct about a bank robbery. Can they use the interview room?",
    "ATF wants two of our detectives to join a gun-trafficking search warrant execution tomorrow. It's signed by a "
    "federal magistrate. Can they go?",
])
def test_routine_criminal_requests_get_yes(engine, question):
    assert verdict_of(engine, question)[0] == "permitted"


def test_handing_over_things_is_not_handing_over_a_person():
    facts = extract("The DA wants the officer's memo book entries for a trial. Can I hand them over?")
    assert facts.action == "share_records"
    assert extract("The FBI wants our prisoner. Can I hand him over?").action == "transfer_custody"


@pytest.mark.parametrize("question", [
    "The FBI wants his rap sheet for a bank robbery case.",
    "The Secret Service wants our prisoner's phone records for an identity theft case.",
])
def test_the_crime_of_the_case_is_not_a_criminal_history(question):
    assert extract(question).criminal_history is None


def test_a_conviction_is_still_read():
    assert extract("ICE has a judicial warrant; his record shows a 2022 robbery conviction.").criminal_history == \
        "violent_serious"


# ---- chat (t-018, t-051) ------------------------------------------------------------------------

def test_an_implied_hold_does_not_make_the_next_ask_a_new_request(engine):
    history = ["ICE has a judicial warrant signed by a federal magistrate for our prisoner.",
               "He has a 2022 assault 2nd conviction."]
    verdict, rule = verdict_of(engine, "Can we tell ICE when he is released?", history)
    assert (verdict, rule) == ("review", "hold-judicial-warrant-qualifying")


def test_a_correction_of_who_asks_explains_the_earlier_agency(engine):
    history = ["ICE called asking when our prisoner gets released."]
    question = "Actually it's the DEA, for their heroin case, and they have a federal arrest warrant."
    assert verdict_of(engine, question, history) == ("permitted", "hold-on-a-criminal-warrant")
    # Adding an agency is not correcting one: the earlier ICE still counts.
    assert verdict_of(engine, "The DEA also wants it, for their heroin case; they have a federal arrest warrant.",
                    history)[0] == "review"


# ---- another department, another language, the law itself (t-021 – t-031) ----------------------

@pytest.mark.parametrize("question", [
    "I work for Nassau County PD; can we honor ICE detainers under our 287(g) agreement?",
    "I'm a Suffolk County cop. ICE asks us to hold someone. Can we?",
    "Under New York State Police policy, can troopers share info with ICE?",
    "If I moved to Philadelphia PD, could I share release dates with ICE there?",
    "Does Florida require police to cooperate with ICE?",
    "How does the federal 287(g) program work in Nassau County?",
])
def test_an_asker_from_another_department_is_out_of_scope(engine, question):
    assert verdict_of(engine, question)[0] == "out_of_scope"


def test_a_partner_from_elsewhere_asking_us_is_still_ours(engine):
    assert verdict_of(engine, "Nassau PD wants our arrest report for their robbery case. Can I send it?")[0] == \
        "permitted"


def test_a_script_sharecheck_cannot_read_is_not_outside_scope(engine):
    verdict, rule = verdict_of(engine, "移民局想知道我们的犯人什么时候释放，我可以告诉他们吗？")
    assert (verdict, rule) == ("review", "unreadable-language")


@pytest.mark.parametrize("question", [
    "Can ICE make arrests at 26 Federal Plaza?",
    "Is it legal for ICE to arrest people at courthouses in New York?",
    "Does the NYPD have to report how many ICE requests it gets?",
])
def test_what_ice_may_do_or_nypd_must_publish_is_information(engine, question):
    assert verdict_of(engine, question)[0] == "info"


# ---- several requests (t-010 – t-017) -----------------------------------------------------------

def _requests(engine, question):
    return [(r["facts"].get("requester"), r["verdict"]) for r in engine.ask(question).requests]


def test_a_comma_before_another_ask_splits_requests(engine):
    assert _requests(engine, "ICE and the FBI both called. ICE wants his release time, the FBI wants his rap "
                             "sheet for a bank robbery case.") == [("ice", "prohibited"), ("fbi", "permitted")]
    assert _requests(engine, "The DA wants the body cam, Jersey City PD wants our arrest report, and la migra "
                             "wants the guy's address.") == \
        [("prosecutor", "permitted"), ("state_local", "review"), ("ice", "prohibited")]


def test_two_agencies_of_one_kind_are_two_requests(engine):
    got = _requests(engine, "ATF wants our ballistics report on a shooting, the Marshals want help picking up a "
                            "fugitive on a federal warrant, and ICE wants the fugitive's home address.")
    assert got == [("federal_other", "permitted"), ("federal_other", "permitted"), ("ice", "prohibited")]


def test_whom_a_request_is_about_stays_with_it(engine):
    got = _requests(engine, "FBI asked for the photo array results from our robbery for their Hobbs Act case and "
                            "also asked me whether our eyewitness is 'legal' because she seemed nervous.")
    assert got == [("fbi", "permitted"), ("fbi", "prohibited")]


def test_an_act_nobody_asked_for_is_the_members_own(engine):
    answer = engine.ask("Man in ICE custody collapsed in our precinct lobby. Can we call EMS? And the ICE officer "
                        "wants one of our cops to ride in the ambulance to guard him.")
    assert [(r["facts"].get("requester"), r["facts"].get("action"), r["verdict"]) for r in answer.requests] == \
        [(None, "medical_aid", "permitted"), ("ice", "transport", "prohibited")]


# ---- what the fixes must not break (caught on fresh set 1) --------------------------------------

def test_a_criminal_warrant_at_a_courthouse_is_not_a_civil_arrest(engine):
    assert verdict_of(engine, "We have a Bronx Criminal Court bench warrant for a guy who is in Kings County Supreme "
                            "right now on another case. Can we execute it when he comes out?")[0] == "permitted"
    assert verdict_of(engine, "ICE wants our help grabbing a man when he leaves Brooklyn Supreme after he testifies. "
                            "They have an I-200. Can we?")[0] == "prohibited"


def test_a_judges_warrant_said_that_way_is_a_judicial_warrant():
    from assistant.engine.reading import extract

    assert extract("what if they have a judge's warrant?").document == "judicial_warrant"
    assert extract("ICE says it has a judges warrant").document == "judicial_warrant"
