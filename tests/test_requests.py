"""Requests, not slots (issue 10): several requests in one question, who asks, and a yes that is earned.

Run over the real lexicon, rules and corpus with a fake index (no model, no classifier), so what is
checked is the reading and the rules themselves.
"""

from __future__ import annotations

import pytest

from assistant.engine.requests import clauses, most_restrictive

TWO = ("ICE wants to know if he's still in our cells and the FBI wants his rap sheet for the gun case "
       "they're building on him (felon in possession, federal). Can I do either?")


def _requests(answer):
    return [(r["facts"].get("requester"), r["facts"].get("action"), r["verdict"]) for r in answer.requests]


def test_two_requests_are_read_and_decided_apart(engine):
    answer = engine.ask(TWO)
    assert _requests(answer) == [("ice", "share_custody_status", "prohibited"),
                                 ("fbi", "share_records", "permitted")]
    assert answer.verdict == "prohibited"  # the most restrictive leads
    assert "**Each request:**" in answer.answer and "Request 2" in answer.answer


def test_the_json_answer_lists_every_request_with_its_own_rule(engine):
    answer = engine.ask(TWO).model_dump()
    assert [r["n"] for r in answer["requests"]] == [1, 2]
    assert {r["rule"] for r in answer["requests"]} == {"custody-info-to-immigration",
                                                       "partner-request-for-a-criminal-case"}
    assert all(r["words"] and isinstance(r["hypothetical"], bool) for r in answer["requests"])


def test_a_single_request_is_read_exactly_as_the_whole_question(engine):
    answer = engine.ask("ICE called asking when our prisoner gets released. Can I tell them?")
    assert len(answer.requests) == 1 and answer.requests[0]["facts"] == answer.facts


def test_another_ask_of_the_same_asker_is_its_own_request(engine):
    answer = engine.ask("Secret Service wants traffic posts for the motorcade on 5th Ave and also asked us to "
                        "check whether any of the street vendors along the route are undocumented.")
    assert [r["verdict"] for r in answer.requests] == ["permitted", "prohibited"]
    assert answer.verdict == "prohibited"


def test_the_same_thing_asked_by_a_second_agency(engine):
    answer = engine.ask("Nassau County PD detective wants to know if our prisoner is in custody so they can "
                        "lodge their burglary warrant on him, and an ICE officer called ten minutes later "
                        "asking the same thing.")
    assert _requests(answer) == [("state_local", "share_custody_status", "permitted"),
                                 ("ice", "share_custody_status", "prohibited")]


@pytest.mark.parametrize("question,requester", [
    ("AUSA in EDNY prosecuting the sex trafficking ring we took down with the FBI needs the contact info for two "
     "of the victims for trial prep. Can I pass it to the AUSA?", "prosecutor"),
    ("An ICE agent's personal car was stolen from outside his house. He wants a copy of his own complaint "
     "report for his insurance. Can I give it to him?", None),
    ("The warrant is NOT from an immigration judge, it's a Brooklyn Supreme Court warrant for rape 1st. ICE is "
     "the one who told us where he's staying. Can we go execute it?", None),
])
def test_who_asks_is_told_from_whom_it_is_about(engine, question, requester):
    answer = engine.ask(question)
    assert answer.facts.get("requester") == requester
    assert answer.verdict == "permitted"


def test_information_that_would_reach_ice_makes_the_request_ices(engine):
    answer = engine.ask("The FBI wants his home address so they can pass it on to ICE. Can I give it?")
    assert answer.facts["requester"] == "ice" and answer.verdict == "prohibited"


def test_clauses_cover_the_text_and_keep_tiny_pieces_with_the_next():
    text = "ice called. they also asked for his address, and the fbi wants his sheet"
    parts = clauses(text)
    assert "".join(text[s:e] for s, e in parts) == text
    assert [text[s:e].strip() for s, e in parts] == ["ice called.", "they also asked for his address,",
                                                     "and the fbi wants his sheet"]


def test_most_restrictive_order():
    assert most_restrictive(["permitted", "review", "info"]) == "review"
    assert most_restrictive(["out_of_scope", "info"]) == "info"
    assert most_restrictive(["permitted", "prohibited"]) == "prohibited"


@pytest.mark.parametrize("question, hypothetical", [
    ("What if ICE asks for his release date?", True),
    ("Say ICE shows up with an I-200. Do we hold him?", True),
    ("Just curious, what would happen if ICE came to the precinct?", True),
    ("ICE wants our help with an arrest, they say it is a criminal case.", False),
    ("The FBI wants to know when our prisoner gets released; they won't say why.", False),
])
def test_a_scenario_is_marked_hypothetical_and_a_report_of_what_they_say_is_not(engine, question, hypothetical):
    assert [r["hypothetical"] for r in engine.ask(question).requests] == [hypothetical]
