"""Facts → Decision through the rule table (assistant/engine/rules.py, corpus/rules.yaml)."""

from __future__ import annotations

import textwrap

import pytest

from assistant.domain import CitationRef, Facts
from assistant.engine.rules import RuleTableError, check_citations, load_rules
from assistant.knowledge.corpus import load_corpus
from assistant.settings import REPO_ROOT

RULES_PATH = REPO_ROOT / "corpus" / "rules.yaml"


@pytest.fixture(scope="module")
def table():
    return load_rules(RULES_PATH)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REPO_ROOT / "corpus")


# ---- the real table ------------------------------------------------------------------------------

def test_real_table_loads(table):
    assert len(table.rules) > 20
    assert table.rules[0].id == "out-of-scope"


def test_every_real_citation_exists_in_the_corpus(table, corpus):
    assert table.citations()
    assert check_citations(table, corpus.has) == []


def test_last_rule_is_a_catch_all_matching_empty_facts(table):
    last = table.rules[-1]
    assert last.when == ({},)
    assert last.matches(Facts(), table.groups)
    assert table.decide(Facts()).rule_id == last.id == "facts-unclear"
    assert table.decide(Facts()).verdict == "review"


def test_rule_ids_are_unique(table):
    ids = [r.id for r in table.rules]
    assert len(ids) == len(set(ids))


def test_every_permitted_rule_cites_reasons(table):
    assert all(r.reasons and all(x.cites for x in r.reasons) for r in table.rules if r.verdict == "permitted")


@pytest.mark.parametrize("facts, verdict, rule_id", [
    (Facts(action="hold", document="admin_warrant"), "prohibited", "hold-without-judicial-warrant"),
    (Facts(action="hold", document="detainer", requester="ice"),
     "prohibited", "hold-without-judicial-warrant"),
    (Facts(action="hold", document="judicial_warrant", criminal_history="violent_serious"),
     "review", "hold-judicial-warrant-qualifying"),
    (Facts(action="hold", document="judicial_warrant", watch_list=True),
     "review", "hold-judicial-warrant-qualifying"),
    (Facts(action="hold", document="judicial_warrant", criminal_history="misdemeanor_only"),
     "prohibited", "hold-judicial-warrant-not-qualifying"),
    (Facts(action="hold", document="judicial_warrant"), "review", "hold-judicial-warrant-history-unknown"),
    (Facts(action="hold"), "prohibited", "hold-document-unknown"),
    (Facts(action="share_release_date", requester="ice"), "prohibited", "custody-info-to-immigration"),
    (Facts(action="share_release_date", requester="ice_ero", purpose="civil_immigration"),
     "prohibited", "custody-info-to-immigration"),
    (Facts(action="database_alert", purpose="civil_immigration"),
     "prohibited", "alert-for-civil-enforcement"),
    (Facts(action="database_alert", purpose="criminal"), "review", "alert-for-criminal-case"),
    (Facts(action="database_alert"), "review", "alert-purpose-unknown"),
    (Facts(action="share_sealed", requester="ice_hsi", purpose="criminal"), "prohibited", "sealed-records"),
    (Facts(action="task_force_join"), "permitted", "task-force-membership"),
    (Facts(action="statistics"), "permitted", "aggregate-statistics"),
    (Facts(action="agreement_287g"), "prohibited", "agreement-287g"),
    (Facts(intent="out_of_scope"), "out_of_scope", "out-of-scope"),
    (Facts(intent="out_of_scope", action="hold"), "out_of_scope", "out-of-scope"),
    (Facts(intent="info", topic="doi_report"), "info", "informational"),
])
def test_decisions(table, facts, verdict, rule_id):
    decision = table.decide(facts)
    assert (decision.verdict, decision.rule_id) == (verdict, rule_id)


def test_task_force_for_civil_immigration_is_not_permitted(table):
    decision = table.decide(Facts(action="task_force_join", purpose="civil_immigration"))
    assert decision.verdict == "prohibited"


@pytest.mark.parametrize("requester", ["ice", "ice_ero", "cbp"])
def test_release_date_to_any_immigration_requester_is_prohibited(table, requester):
    assert table.decide(Facts(action="share_release_date", requester=requester)).verdict == "prohibited"


def test_dhs_unstated_is_asked_about_not_refused_but_an_immigration_purpose_is(table):
    # Audit 2026-12 R11: only ICE, CBP or an immigration purpose bring the civil presumption.
    assert table.decide(Facts(action="share_release_date", requester="dhs")).rule_id == "dhs-component-unstated"
    assert table.decide(Facts(action="share_release_date", requester="dhs")).verdict == "review"
    assert table.decide(Facts(action="share_release_date", requester="dhs",
                              purpose="civil_immigration")).verdict == "prohibited"


def test_hold_with_admin_warrant_cites_14_154_b1(table):
    decision = table.decide(Facts(action="hold", document="admin_warrant"))
    cited = {str(ref) for reason in decision.reasons for ref in reason.cites}
    assert "ac-14-154#b(1)" in cited
    assert "release" in decision.actions and "record" in decision.actions


def test_review_rules_spell_out_conditions(table):
    facts = Facts(action="hold", document="judicial_warrant", criminal_history="violent_serious")
    decision = table.decide(facts)
    assert decision.conditions
    assert all(c.cites for c in decision.conditions)


def test_actions_are_grounded_in_citations(table):
    assert table.actions["record"] == (
        "Record the request and your response (every federal request; § 10-178(d) reports the "
        "immigration-related ones).",
        (CitationRef("ac-10-178", "d"),))


# ---- matching semantics on a small table ---------------------------------------------------------

SMALL = """\
groups:
  immigration: [ice, ice_ero]
  civil: [civil_immigration, reentry]
actions:
  decline:
    text: Decline.
    cite: [doc#a]
rules:
  - id: unknown-document
    when: {action: [hold], document: [unknown]}
    verdict: review
    summary: Which document?
    reasons: [{text: Ask., cite: [doc#a]}]
  - id: not-criminal
    when: {action: [share_records], purpose: ["!criminal", "!terrorism"]}
    verdict: prohibited
    summary: No.
    reasons: [{text: No., cite: [doc#a]}]
    actions: [decline]
  - id: group
    when: {requester: ["@immigration"], action: [share_address]}
    verdict: prohibited
    summary: No.
    reasons: [{text: No., cite: [doc#b]}]
  - id: alternatives
    when:
      - {action: [staging]}
      - {purpose: ["@civil"], action: [known]}
    verdict: prohibited
    summary: No.
    reasons: [{text: No., cite: [doc#a]}]
  - id: negated-group
    when: {action: [transport], requester: ["!@immigration"]}
    verdict: review
    summary: Maybe.
    reasons: [{text: Maybe., cite: [doc#a]}]
  - id: not-unknown
    when: {action: [transport], document: ["!unknown"]}
    verdict: review
    summary: Known document.
    reasons: [{text: Maybe., cite: [doc#a]}]
  - id: watch
    when: {watch_list: [true]}
    verdict: review
    summary: Watch.
    reasons: [{text: Maybe., cite: [doc#a]}]
  - id: info
    when: {intent: [info]}
    verdict: info
    summary: Info.
  - id: rest
    when: {}
    verdict: review
    summary: More facts.
    reasons: [{text: Facts., cite: [doc#a]}]
"""


def _write(tmp_path, text, name="rules.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path):
    return load_rules(_write(tmp_path, SMALL))


def _rid(table, **slots):
    return table.decide(Facts(**slots)).rule_id


def test_unknown_matches_only_a_missing_fact(small):
    assert _rid(small, action="hold") == "unknown-document"
    assert _rid(small, action="hold", document="detainer") == "rest"


def test_negation_excludes_values_and_admits_unknown(small):
    assert _rid(small, action="share_records") == "not-criminal"
    assert _rid(small, action="share_records", purpose="civil_immigration") == "not-criminal"
    assert _rid(small, action="share_records", purpose="criminal") == "rest"
    assert _rid(small, action="share_records", purpose="terrorism") == "rest"


def test_group_expands_to_its_members(small):
    assert _rid(small, action="share_address", requester="ice_ero") == "group"
    assert _rid(small, action="share_address", requester="fbi") == "rest"
    assert _rid(small, action="share_address") == "rest"


def test_list_of_alternatives_matches_any(small):
    assert _rid(small, action="staging") == "alternatives"
    assert _rid(small, action="hold", document="detainer", purpose="reentry") == "alternatives"


def test_known_requires_a_stated_value(small):
    assert _rid(small, purpose="civil_immigration") == "rest"  # action unknown
    assert _rid(small, purpose="civil_immigration", action="perimeter") == "alternatives"


def test_negated_group(small):
    assert _rid(small, action="transport", requester="fbi") == "negated-group"
    assert _rid(small, action="transport") == "negated-group"
    assert _rid(small, action="transport", requester="ice") == "rest"


def test_negated_unknown_requires_a_stated_value(small):
    assert _rid(small, action="transport", requester="ice", document="subpoena") == "not-unknown"
    assert _rid(small, action="transport", requester="ice") == "rest"


def test_boolean_slot(small):
    assert _rid(small, watch_list=True) == "watch"
    assert _rid(small, watch_list=False) == "rest"


def test_first_match_wins(small):
    # both unknown-document and rest match; the earlier one decides
    assert _rid(small, action="hold", intent="info") == "unknown-document"


def test_decision_carries_rule_content(small):
    decision = small.decide(Facts(action="share_records"))
    assert decision.verdict == "prohibited"
    assert decision.summary == "No."
    assert decision.actions == ("decline",)
    assert [str(c) for c in decision.reasons[0].cites] == ["doc#a"]


def test_decide_without_catch_all_raises(tmp_path):
    table = load_rules(_write(tmp_path, """\
        rules:
          - id: only
            when: {action: [hold]}
            verdict: info
            summary: x
        """))
    with pytest.raises(RuleTableError, match="catch-all"):
        table.decide(Facts())


def test_citations_lists_actions_reasons_and_conditions(small):
    where = {w.split(" (")[0] for w, _ in small.citations()}
    assert "action decline" in where and "rule group" in where


# ---- bad tables ---------------------------------------------------------------------------------

GOOD_RULE = """\
  - id: good
    when: {}
    verdict: review
    summary: s
    reasons: [{text: t, cite: [doc#a]}]
"""


def _problems(tmp_path, text):
    with pytest.raises(RuleTableError) as info:
        load_rules(_write(tmp_path, text))
    return info.value.problems


def _one_rule(body: str) -> str:
    return "groups: {g: [x]}\nactions:\n  decline: {text: D., cite: [doc#a]}\nrules:\n" + body + GOOD_RULE


def test_unknown_slot(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {colour: [red]}\n    verdict: info\n    summary: s\n"))
    assert problems == [f"{tmp_path / 'rules.yaml'}:5: rule bad: unknown fact slot 'colour'"]


def test_unknown_group(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {requester: ['@nope']}\n    verdict: info\n    summary: s\n"))
    assert any("unknown group '@nope'" in p for p in problems)


def test_unknown_negated_group(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {requester: ['!@nope']}\n    verdict: info\n    summary: s\n"))
    assert any("unknown group '@nope'" in p for p in problems)


def test_unknown_action_key(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {}\n    verdict: review\n    summary: s\n"
        "    reasons: [{text: t, cite: [doc#a]}]\n    actions: [dance]\n"))
    assert any("rule bad: unknown action 'dance'" in p for p in problems)


def test_bad_verdict(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {}\n    verdict: maybe\n    summary: s\n"
        "    reasons: [{text: t, cite: [doc#a]}]\n"))
    assert any("verdict 'maybe' is not one of" in p for p in problems)


@pytest.mark.parametrize("verdict", ["permitted", "prohibited", "review"])
def test_decisive_rule_without_cited_reasons(tmp_path, verdict):
    problems = _problems(tmp_path, _one_rule(
        f"  - id: bad\n    when: {{}}\n    verdict: {verdict}\n    summary: s\n    reasons: []\n"))
    assert any(f"a {verdict} rule needs at least one cited reason" in p for p in problems)


def test_reason_without_cite(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {}\n    verdict: permitted\n    summary: s\n    reasons: [{text: t}]\n"))
    assert any("every reason needs text and at least one cite" in p for p in problems)


def test_malformed_cite_without_hash(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {}\n    verdict: permitted\n    summary: s\n"
        "    reasons: [{text: t, cite: [ac-10-178-c]}]\n"))
    assert any("citation 'ac-10-178-c' must look like 'doc_id#pinpoint'" in p for p in problems)


def test_malformed_action_cite(tmp_path):
    problems = _problems(tmp_path, "actions:\n  decline: {text: D., cite: ['#a']}\nrules:\n" + GOOD_RULE)
    assert any("action decline" in p and "'#a'" in p for p in problems)


def test_duplicate_rule_id(tmp_path):
    problems = _problems(tmp_path, "rules:\n" + GOOD_RULE + GOOD_RULE)
    assert any("rule good: rule ids must be present and unique" in p for p in problems)


def test_missing_rule_id(tmp_path):
    problems = _problems(tmp_path, "rules:\n  - when: {}\n    verdict: info\n    summary: s\n" + GOOD_RULE)
    assert any("(no id)" in p for p in problems)


def test_when_must_be_a_mapping(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: [action]\n    verdict: info\n    summary: s\n"))
    assert any("'when' must be a mapping or a list of mappings" in p for p in problems)


def test_not_a_rule_table(tmp_path):
    problems = _problems(tmp_path, "- just\n- a list\n")
    assert problems == [f"{tmp_path / 'rules.yaml'}:1: expected a mapping with a 'rules' list"]


def test_unparseable_yaml(tmp_path):
    problems = _problems(tmp_path, "rules: [unclosed\n")
    assert "cannot read the rule table" in problems[0]


def test_missing_file(tmp_path):
    with pytest.raises(RuleTableError, match="cannot read the rule table"):
        load_rules(tmp_path / "absent.yaml")


def test_all_problems_reported_together(tmp_path):
    problems = _problems(tmp_path, _one_rule(
        "  - id: bad\n    when: {colour: [red]}\n    verdict: maybe\n    summary: s\n    actions: [dance]\n"))
    assert len(problems) == 3


def test_rule_that_is_not_a_mapping(tmp_path):
    problems = _problems(tmp_path, "rules:\n  - just-a-string\n" + GOOD_RULE)
    assert f"{tmp_path / 'rules.yaml'}: rule #1 must be a mapping with id, when, verdict, …" in problems


def test_scalar_cite_is_one_citation(tmp_path):
    table = load_rules(_write(tmp_path, "rules:\n  - id: good\n    when: {}\n    verdict: review\n"
                                        "    summary: s\n    reasons: [{text: t, cite: doc#a}]\n"))
    assert [str(c) for c in table.rules[0].reasons[0].cites] == ["doc#a"]


# ---- citations against a corpus ------------------------------------------------------------------

def test_check_citations_reports_a_missing_pinpoint(tmp_path, corpus):
    table = load_rules(_write(tmp_path, """\
        rules:
          - id: cites-missing
            when: {}
            verdict: review
            summary: s
            reasons:
              - {text: ok, cite: ["ac-14-154#b(1)"]}
              - {text: bad, cite: ["ac-14-154#b(9)", "no-such-doc#a"]}
        """))
    problems = check_citations(table, corpus.has)
    assert problems == [
        "rule cites-missing (line 2): cites ac-14-154#b(9), which is not in the corpus",
        "rule cites-missing (line 2): cites no-such-doc#a, which is not in the corpus",
    ]


def test_check_citations_covers_actions_and_conditions(tmp_path, corpus):
    table = load_rules(_write(tmp_path, """\
        actions:
          a1: {text: A., cite: ["ac-10-178#z"]}
        rules:
          - id: r
            when: {}
            verdict: review
            summary: s
            reasons: [{text: ok, cite: ["ac-10-178#c"]}]
            conditions: [{text: if, cite: ["ac-10-178#y"]}]
            actions: [a1]
        """))
    problems = check_citations(table, corpus.has)
    assert len(problems) == 2
    assert any("action a1" in p and "ac-10-178#z" in p for p in problems)
    assert any("rule r" in p and "ac-10-178#y" in p for p in problems)
