"""Question (+ earlier turns) → Facts through the lexicon (assistant/engine/reading.py, corpus/lexicon.yaml)."""

from __future__ import annotations

import pytest

from assistant.domain import Facts, Turn
from assistant.engine.dialogue import extract_with_history, merge
from assistant.engine.lexicon import normalize
from assistant.engine.reading import extract


@pytest.mark.parametrize("question, requester", [
    ("ICE called asking when our prisoner gets out. Can I tell them?", "ice"),
    ("ERO wants us to hold him past release. Can we?", "ice_ero"),
    ("Enforcement and Removal Operations asked for his address. OK?", "ice_ero"),
    ("HSI wants the arrest history of a suspect for a money-laundering case. Can I send it?", "ice_hsi"),
    ("Homeland Security Investigations asked for photos. Can I share them?", "ice_hsi"),
    ("The FBI wants the release date of our prisoner. Can I tell them?", "fbi"),
])
def test_requester(question, requester):
    assert extract(question).requester == requester


@pytest.mark.parametrize("question, document", [
    ("ICE faxed a detainer with an I-200. Do we hold him past arraignment?", "admin_warrant"),
    ("ICE brought an I-205. Can we hold him?", "admin_warrant"),
    ("ICE has a warrant signed by a federal magistrate judge. Can we hold him?", "judicial_warrant"),
    ("ICE sent an I-247A detainer. Do we hold him?", "detainer"),
    ("ICE wants us to hold him but he does not have a warrant. Can we?", "none"),
    ("ICE called asking when our prisoner gets out. Can I tell them?", "none"),
])
def test_document(question, document):
    assert extract(question).document == document


def test_negated_judicial_warrant_is_none():
    assert extract("ICE wants him held without a judicial warrant. Can we?").document == "none"


@pytest.mark.parametrize("question, action", [
    ("ICE called asking when our prisoner gets out. Can I tell them?", "share_release_date"),
    ("Can I give ICE his release date?", "share_release_date"),
    ("ICE faxed a detainer. Do we hold him past arraignment?", "hold"),
    ("ICE asks us to set an alert for people they want to deport. OK?", "database_alert"),
    ("HSI wants the sealed records of a dismissed case. Can I send them?", "share_sealed"),
    ("Can I join an HSI narcotics task force?", "task_force_join"),
    ("Can I give a reporter statistics on detainers?", "statistics"),
])
def test_action(question, action):
    assert extract(question).action == action


@pytest.mark.parametrize("question, subject", [
    ("ICE asks for the victim's address. Can I tell them?", "victim"),
    ("Can I give ICE the witness's phone records?", "witness"),
    ("ICE wants the release date of the arrestee. Can I tell them?", "arrestee"),
    ("ICE called asking when our prisoner gets out. Can I tell them?", "arrestee"),
])
def test_subject(question, subject):
    assert extract(question).subject == subject


@pytest.mark.parametrize("question, history", [
    ("ICE has a judicial warrant and he has a robbery conviction. Can we hold him?", "violent_serious"),
    ("ICE wants us to hold him; his only convictions are misdemeanors. Can we?", "misdemeanor_only"),
    ("ICE wants us to hold him; he has no criminal record. Can we?", "no_convictions"),
    ("He was adjudicated a youthful offender. Does that count under 14-154?", "youthful_offender"),
])
def test_criminal_history(question, history):
    assert extract(question).criminal_history == history


def test_unstated_slots_stay_unknown():
    facts = extract("ICE faxed a detainer with an I-200. Do we hold him past arraignment?")
    assert facts.purpose is None
    assert facts.criminal_history is None
    assert facts.watch_list is None


def test_ero_implies_civil_purpose_with_evidence():
    facts = extract("ERO wants us to hold him. Can we?")
    assert facts.purpose == "civil_immigration"
    assert facts.evidence["purpose"] == "ero"


def test_hsi_implies_no_purpose():
    assert extract("HSI wants us to hold him. Can we?").purpose is None


def test_watch_list():
    facts = extract("He is a possible match on the terrorist watch list. Can we hold him for ICE?")
    assert facts.watch_list is True


# ---- intent ---------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["Can I get overtime for a double shift?",
                                      "Write me a poem about spring"])
def test_out_of_scope(question):
    facts = extract(question)
    assert facts.intent == "out_of_scope"
    assert facts.as_dict() == {"intent": "out_of_scope"}


@pytest.mark.parametrize("question", ["What is a judicial warrant?", "What did DOI recommend?"])
def test_info(question):
    assert extract(question).intent == "info"


def test_info_question_keeps_its_topic():
    assert extract("What did DOI recommend?").topic == "doi_report"
    assert extract("What is a judicial warrant?").document == "judicial_warrant"


@pytest.mark.parametrize("question", [
    "ICE called asking when our prisoner gets out. Can I tell them?",
    "Can we hold him for ICE on an I-200?",
])
def test_permission(question):
    assert extract(question).intent == "permission"


# ---- evidence ---------------------------------------------------------------------------------

def test_evidence_records_the_matched_words():
    facts = extract("ICE faxed a detainer with an I-200. Do we hold him past arraignment?")
    assert facts.evidence == {"requester": "ice", "document": "i-200", "action": "hold"}


def test_evidence_for_negation_is_the_negating_words():
    facts = extract("ICE wants us to hold him but he does not have a warrant. Can we?")
    assert facts.evidence["document"] == "does not have a warrant"


def test_evidence_for_phone_call():
    facts = extract("ICE called asking when our prisoner gets out. Can I tell them?")
    assert facts.evidence["document"] == "called"
    assert facts.evidence["action"] == "when our prisoner gets out"


def test_as_dict_lists_known_slots_only():
    facts = extract("ICE faxed a detainer with an I-200. Do we hold him past arraignment?")
    assert facts.as_dict() == {"intent": "permission", "requester": "ice", "document": "admin_warrant",
                               "action": "hold"}


def test_normalize_handles_quotes_dashes_and_case():
    assert normalize("ICE\u2019s  I\u2011200\n\u201cwarrant\u201d") == "ice's i-200 \"warrant\""


def test_unicode_dash_form_number_is_recognised():
    assert extract("ICE brought an I\u2011200. Can we hold him?").document == "admin_warrant"


# ---- follow-ups -------------------------------------------------------------------------------

FIRST = "ICE faxed a detainer. Can we hold him past his release?"
RELEASE = "ICE wants the release date of our prisoner. Can I tell them?"


def test_merge_document_follow_up_keeps_action_and_requester():
    merged = merge(extract(FIRST), extract("it's an I-205"))
    assert merged.action == "hold"
    assert merged.requester == "ice"
    assert merged.document == "admin_warrant"
    assert merged.evidence["document"] == "i-205"
    assert merged.intent == "permission"


def test_merge_requester_follow_up_updates_only_requester():
    before = extract(RELEASE)
    merged = merge(before, extract("what if it's the FBI instead?"))
    assert merged.requester == "fbi"
    assert merged.evidence["requester"] == "fbi"
    assert (merged.action, merged.subject, merged.document, merged.intent) == \
        (before.action, before.subject, before.document, "permission")


def test_merge_unrelated_out_of_scope_follow_up_starts_fresh():
    merged = merge(extract(RELEASE), extract("Can I get overtime for a double shift?"))
    assert merged.intent == "out_of_scope"
    assert merged.requester is None and merged.action is None


def test_merge_new_action_with_requester_starts_fresh():
    merged = merge(extract(RELEASE), extract("HSI wants us to set an alert. OK?"))
    assert merged.requester == "ice_hsi"
    assert merged.action == "database_alert"
    assert merged.subject is None  # not carried from the release-date question


def test_merge_does_not_mutate_previous():
    before = extract(RELEASE)
    snapshot = (before.requester, dict(before.evidence))
    merge(before, extract("what if it's the FBI instead?"))
    assert (before.requester, before.evidence) == snapshot


def test_extract_with_history_over_string_turns():
    facts = extract_with_history("He has a robbery conviction.",
                                 [Turn("ICE wants us to hold him. Can we?"), Turn("They have an I-200.")])
    assert (facts.requester, facts.action, facts.document, facts.criminal_history) == \
        ("ice", "hold", "admin_warrant", "violent_serious")


def test_extract_with_history_uses_stored_turn_facts():
    stored = Facts(requester="fbi", action="share_release_date")
    facts = extract_with_history("it's an I-205", [Turn("(ignored text)", facts=stored)])
    assert (facts.requester, facts.action, facts.document) == ("fbi", "share_release_date", "admin_warrant")


def test_extract_with_no_history_is_extract():
    assert extract_with_history(RELEASE, None) == extract(RELEASE)
    assert extract_with_history(RELEASE, []) == extract(RELEASE)


# ---- extraction gaps found in review, now fixed -----------------------------------------------

def test_denied_judicial_warrant_with_detainer_is_detainer():
    facts = extract("Can we hold him for ICE? They do not have a judicial warrant, only a detainer.")
    assert facts.document == "detainer"


def test_warrant_not_signed_by_a_judge_is_not_judicial():
    facts = extract("The warrant is not signed by a judge. Can we hold him for ICE?")
    assert facts.document != "judicial_warrant"


def test_where_the_witness_lives_is_share_address():
    assert extract("Can I tell ICE where the witness lives?").action == "share_address"
