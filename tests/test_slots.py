"""The slot table declared once (corpus/slots.yaml) and the data that reads it: lexicon, rules, derived facts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.domain import Facts, declared_slots
from assistant.engine.derived import load_derived
from assistant.engine.lexicon import load_lexicon
from assistant.engine.rules import load_rules
from assistant.engine.slots import load_slots
from assistant.errors import CorpusError, RuleTableError
from assistant.settings import REPO_ROOT

CORPUS = REPO_ROOT / "corpus"


def test_facts_json_follows_the_slot_table_order():
    facts = Facts(location="precinct", requester="ice", action="hold")
    assert list(facts.as_dict()) == ["intent", "requester", "action", "location"]
    assert declared_slots() == load_slots(CORPUS).names


def test_facts_refuse_an_undeclared_slot():
    with pytest.raises(AttributeError, match="no slot 'requestor'"):
        Facts().requestor  # noqa: B018
    with pytest.raises(AttributeError):
        Facts(requestor="ice")


def test_every_lexicon_value_is_declared():
    lexicon = load_lexicon(CORPUS)
    declared = load_slots(CORPUS).allowed_values()
    for slot, values in lexicon.slots.items():
        assert {v for v, _ in values} <= declared[slot], slot


def test_every_decisive_value_is_named_by_a_rule_group_or_derived_fact():
    slots = load_slots(CORPUS)
    table = load_rules(CORPUS / "rules.yaml")
    named: dict[str, set[str]] = {}

    def note(when):
        for alt in when:
            for slot, values in alt.items():
                for v in values:
                    name = str(v).lower() if isinstance(v, bool) else str(v)
                    name = name.lstrip("!")
                    members = table.groups.get(name[1:], []) if name.startswith("@") else [name]
                    named.setdefault(slot, set()).update(members)

    for rule in table.rules:
        note(rule.when)
    derived = load_derived(CORPUS)
    for d in derived.derivations:
        note(d.when)
        for slot, value in d.values.items():
            named.setdefault(slot, set()).add(str(value))
    missing = {slot: sorted(spec.decisive - named.get(slot, set()) - {"true"})
               for slot, spec in slots.slots.items() if spec.kind == "value"}
    assert {k: v for k, v in missing.items() if v} == {}


def _write_corpus_rule(corpus_copy, old: str, new: str) -> None:
    rules = corpus_copy / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert old in text
    rules.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_misspelt_value_in_a_rule_is_rejected_with_its_line(corpus_copy):
    _write_corpus_rule(corpus_copy, "action: [hold], watch_list: [true]", "action: [hodl], watch_list: [true]")
    with pytest.raises(RuleTableError) as info:
        load_rules(corpus_copy / "rules.yaml")
    assert any("action has no value 'hodl'" in p and "rules.yaml:" in p for p in info.value.problems)


def test_sharecheck_index_refuses_an_unknown_slot_and_builds_nothing(corpus_copy, tmp_path):
    _write_corpus_rule(corpus_copy, "action: [hold], watch_list: [true]", "acton: [hold], watch_list: [true]")
    env = {"SHARECHECK_CORPUS_DIR": str(corpus_copy), "SHARECHECK_DATA_DIR": str(tmp_path / "data"),
           "SHARECHECK_EMBEDDER": "hash", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "index"], env=env, capture_output=True, text=True,
                         timeout=120, cwd=REPO_ROOT)
    assert out.returncode == 2, out.stderr
    assert "unknown fact slot 'acton'" in out.stderr and "Nothing was rebuilt" in out.stderr
    assert not (tmp_path / "data" / "index").exists()


def test_the_lexicon_may_not_produce_an_undeclared_value(corpus_copy):
    lexicon = corpus_copy / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(text.replace("  requester:\n    jttf:\n", "  requester:\n    jtf:\n", 1), encoding="utf-8")
    with pytest.raises(CorpusError, match="requester value 'jtf' is not declared"):
        load_lexicon(corpus_copy)


def test_derived_facts_read_their_constant_from_data(corpus_copy):
    derived = corpus_copy / "derived.yaml"
    derived.write_text(derived.read_text(encoding="utf-8").replace("look_back_years: 5", "look_back_years: 10"),
                       encoding="utf-8")
    assert load_derived(corpus_copy).constants == {"look_back_years": 10}
    assert load_derived(CORPUS).constants == {"look_back_years": 5}


def test_a_derived_fact_naming_an_unknown_constant_is_rejected(corpus_copy):
    derived = corpus_copy / "derived.yaml"
    derived.write_text(derived.read_text(encoding="utf-8").replace("> $look_back_years", "> $lookback"),
                       encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown constant '\\$lookback'"):
        load_derived(corpus_copy)
