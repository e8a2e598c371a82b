"""General causes behind the set-8 first run (evals/cases/fresh/set8), each checked in other wording
over the real lexicon and rule table with a fake index (no model): routine criminal work answered
"review" or "not permitted", and the guard's second reading refusing a yes both readings give."""

from __future__ import annotations

import pytest

from assistant.engine.guard import CONTRADICTS, YesGuard
from assistant.engine.reading import extract
from assistant.engine.rules import load_rules
from assistant.engine.signals import load_signal_patterns
from assistant.settings import REPO_ROOT
from tests.fakes import verdict_of

CORPUS = REPO_ROOT / "corpus"


@pytest.mark.parametrize("question", [
    "the IRS criminal investigators want the complaint the elderly victim filed about the tax preparer. ok to send?",
    "Postal inspectors are working a mail theft ring and want the report our victim made. can i give it?",
])
def test_a_partner_asking_about_a_victim_is_not_an_inquiry_into_status(engine, question):
    verdict, rule = verdict_of(engine, question)
    assert rule != "victim-witness-inquiry"
    assert verdict != "prohibited"


@pytest.mark.parametrize("question", [
    "the victim of the robbery seems undocumented, what do I do?",
    "can I ask the witness whether she has papers before taking her statement?",
])
def test_a_victim_named_with_nobody_asking_is_still_an_inquiry(engine, question):
    assert verdict_of(engine, question) == ("prohibited", "victim-witness-inquiry")


class StubFactModel:
    """A second reading that names one value per slot with ``probability``."""

    def __init__(self, readings: dict[str, str], probability: float = 0.9):
        self.readings, self.probability = readings, probability

    def distribution(self, _vector):
        return {slot: {value: self.probability, "none": 1 - self.probability}
                for slot, value in self.readings.items()}


@pytest.fixture(scope="module")
def rules():
    return load_rules(CORPUS / "rules.yaml", CORPUS)


def test_readings_that_name_sibling_acts_with_the_same_yes_agree(rules):
    facts = extract("my collar barely speaks English, do I still fingerprint him at the desk like normal?")
    decision = rules.decide(facts)
    assert decision.verdict == "permitted"
    # The classifier reads the act as fingerprinting, the lexicon as processing: both are a yes.
    guard = YesGuard(rules, load_signal_patterns(CORPUS), fact_model=StubFactModel({"action": "fingerprinting"}))
    assert guard._disagreements(decision, facts, vector=object()) == ()


def test_a_second_reading_that_changes_the_outcome_still_disagrees(rules):
    facts = extract("my collar barely speaks English, do I still fingerprint him at the desk like normal?")
    decision = rules.decide(facts)
    guard = YesGuard(rules, load_signal_patterns(CORPUS), fact_model=StubFactModel({"action": "notify_immigration"}))
    assert guard._disagreements(decision, facts, vector=object()) == (("action", facts.action, "notify_immigration"),)
    unsure = YesGuard(rules, load_signal_patterns(CORPUS),
                   fact_model=StubFactModel({"action": "notify_immigration"}, probability=CONTRADICTS - 0.1))
    assert unsure._disagreements(decision, facts, vector=object()) == ()


def test_a_same_kind_asker_completing_a_request_is_one_request(engine):
    answer = engine.ask("Queens DA on my stabbing case, the ADA wants the witness's cell number and the lineup photos. "
                        "can I give them?")
    assert len(answer.trace["requests"]) == 1
    assert answer.verdict == "permitted"


def test_two_same_kind_askers_with_acts_of_their_own_stay_two(engine):
    answer = engine.ask("HSI wants help serving a judge-signed heroin warrant, and then ERO wants us to keep him "
                        "in our cells overnight for pickup")
    assert len(answer.trace["requests"]) == 2
    assert answer.verdict == "prohibited"


@pytest.mark.parametrize(("question", "act"), [
    ("the perp in the back is seizing, do we call a bus even with ICE standing there?", "medical_aid"),
    ("my CO wants to put me on the DEA heroin task force as a TFO. allowed?", "task_force_join"),
    ("FBI analyst wants our precinct's weekly burglary figures, no names. ok?", "statistics"),
    ("the ATF agent wants to sit in on the interview of our gun collar. fine?", "facilitate_interview"),
    ("warrant check shows a Queens Supreme Court bench warrant, do we lock him up on it?", "execute_warrant"),
    ("the Marshals want a copy of the complaint on the carjacking", "share_records"),
    ("the Secret Service wants to interview me as a witness to the counterfeit bills I got", "assist_criminal"),
    ("a CBP officer is reporting his truck got broken into outside the precinct", "take_report"),
])
def test_routine_acts_in_new_words_are_read(question, act):
    assert extract(question).action == act


@pytest.mark.parametrize("question", [
    "the FBI is working an ATM skimming crew and wants our DD5s on the two cases. can I send them?",
    "FBI Newark wants the complaint from our Brooklyn victim of their Ponzi case. ok to send?",
    "the perp in the back is seizing, do we call a bus even with ICE standing there?",
    "warrant check shows a Queens Supreme Court bench warrant, do we lock him up on it?",
    "the FBI wants to interview me as a witness to the bank robbery I saw off duty. can I?",
    "a kid was snatched outside the school, FBI wants our LPR hits on the van right now",
])
def test_routine_criminal_work_in_new_words_gets_a_yes_or_a_reviewed_yes(engine, question):
    assert verdict_of(engine, question)[0] in ("permitted", "review")
    assert verdict_of(engine, question)[0] != "prohibited"


@pytest.mark.parametrize("question", [
    "the FBI is working an ATM skimming crew and wants our DD5s on the two cases. can I send them?",
    "warrant check shows a Queens Supreme Court bench warrant, do we lock him up on it?",
    "the FBI wants to interview me as a witness to the bank robbery I saw off duty. can I?",
    "a kid was snatched outside the school, FBI wants our LPR hits on the van right now",
])
def test_routine_criminal_work_read_whole_is_permitted(engine, question):
    assert verdict_of(engine, question)[0] == "permitted"


def test_a_federal_officer_who_was_assaulted_is_not_the_requester():
    facts = extract("at the rally a man kicked an ICE officer and ran; we caught him. can we arrest him for assault?")
    assert facts.requester is None


def test_an_old_deportation_is_history_not_the_purpose():
    facts = extract("HSI wants help grabbing a gang guy on a federal murder warrant. does his old deportation matter?")
    assert facts.purpose != "civil_immigration"


@pytest.mark.parametrize("question", [
    "ICE wants to interview me about my neighbor who is undocumented, can I talk to them?",
    "HSI wants to interview me as a witness against the guy, he is in removal proceedings",
    "ICE said a kid was taken, they want our LPR hits on his father who has a deportation order",
    "how long does a CCRB case take once they interview me?",
])
def test_the_new_words_give_no_yes_beside_immigration_or_outside_the_field(engine, question):
    assert verdict_of(engine, question)[0] != "permitted"
