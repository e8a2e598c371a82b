"""The scenario library and its format (assistant/scenarios.py): fast, no model."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from assistant.domain import VERDICTS
from assistant.engine.rules import load_rules
from assistant.exercises.scenarios import (
    ACTIONS,
    ScenarioError,
    citation_problems,
    corpus_resolver,
    debrief_markdown,
    load_scenario,
    load_scenarios,
)
from assistant.knowledge.corpus import load_corpus
from assistant.settings import REPO_ROOT
from tests.fakes import FakeIndex

SCENARIOS = REPO_ROOT / "corpus" / "scenarios"
# The situations issue 5 asks the library to cover, each mapped to the scenario that covers it.
REQUIRED = {
    "task-force alert case (DOI, Nov 2024)": "task-force-alerts",
    "FBI transfer after a declined prosecution (DOI, Feb 2025)": "fbi-transfer-declined-case",
    "sealed record requested by HSI": "sealed-record-hsi",
    "custody information to a task-force partner (DOI's DOC report)": "task-force-custody-info",
    "detainer with an I-200": "detainer-with-i200",
    "judicial warrant with a qualifying conviction": "judicial-warrant-conviction",
    "ICE at the precinct desk without papers": "ice-at-the-desk",
    "courthouse civil arrest": "courthouse-civil-arrest",
    "a victim and a witness whose status comes up": "victim-witness-status",
    "ICE street operation with a 911 call": "street-operation-911",
    "287(g) or cross-designation offer": "287g-and-task-forces",
    "JTTF terrorism request": "jttf-terrorism-request",
}


@pytest.fixture(scope="module")
def library():
    return load_scenarios(SCENARIOS)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REPO_ROOT / "corpus")


def test_library_covers_every_required_situation_with_three_or_more_steps(library):
    assert len(library) >= 12
    missing = {topic: sid for topic, sid in REQUIRED.items() if sid not in library}
    assert not missing
    short = {s.id: len(s.steps) for s in library.values() if len(s.steps) < 3}
    assert not short


def test_every_model_answer_citation_resolves(library, corpus):
    problems = [p for s in library.values() for p in citation_problems(s, corpus.has)]
    assert not problems


def test_action_vocabulary_is_the_rule_tables(library):
    table = load_rules(REPO_ROOT / "corpus" / "rules.yaml")
    assert set(ACTIONS) <= set(table.actions), "every trainee action maps to a rule-table action key"
    used = {a for s in library.values() for step in s.steps for a in step.expect.actions + step.expect.also_accept}
    assert used <= set(ACTIONS)


def test_library_uses_every_verdict_a_trainee_must_learn(library):
    verdicts = {step.expect.verdict for s in library.values() for step in s.steps}
    assert {"permitted", "prohibited", "review"} <= verdicts <= set(VERDICTS)


def test_scenario_files_carry_provenance_comment_and_versions(library):
    for scenario in library.values():
        text = (SCENARIOS / f"{scenario.id}.yaml").read_text(encoding="utf-8")
        assert "fact base" in text.splitlines()[0] + text.splitlines()[1], f"{scenario.id}: say where it comes from"
        assert len(scenario.version) == 64 and scenario.path.endswith(f"{scenario.id}.yaml")


def test_debrief_markdown_renders_labels_objectives_and_disclaimer(library, corpus):
    scenario = library["detainer-with-i200"]
    text = debrief_markdown(scenario, corpus_resolver(corpus), results="| Step | Key |")
    assert text.startswith("# A faxed detainer with an I-200")
    assert "## Learning objectives" in text and "## Step 4" in text
    assert "N.Y.C. Admin. Code § 14-154(b)(1)" in text and "ac-14-154#b(1)" not in text
    assert "**Expected:** Not permitted." in text and "## Class results" in text
    assert "official text governs" in text


def test_index_resolver_matches_corpus_resolver(corpus):
    from assistant.exercises.scenarios import index_resolver

    by_index, by_corpus = index_resolver(FakeIndex())("ac-14-154#b(1)"), corpus_resolver(corpus)("ac-14-154#b(1)")
    assert by_index is not None and by_corpus is not None
    assert by_index.label == by_corpus.label == "N.Y.C. Admin. Code § 14-154(b)(1)"
    assert index_resolver(FakeIndex())("ac-14-154#z(9)") is None


# ---- format validation: clear errors naming file, step and field -------------------------------

GOOD = textwrap.dedent("""\
    id: demo
    title: Demo
    summary: A demo.
    difficulty: introductory
    tags: [demo]
    objectives: [Learn.]
    steps:
      - id: first
        situation: ICE calls.
        question: ICE called asking when our prisoner gets released. Can I tell them?
        expect: {verdict: prohibited, actions: [decline, record]}
        model_answer:
          issue: Release date?
          rule: [{text: Honouring needs a judicial warrant., cite: ["ac-14-154#b(1)"]}]
          analysis: No warrant.
          conclusion: No.
        debrief: [Keep it inside.]
    """)


def _write(tmp_path, data, name="demo.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _broken(tmp_path, change) -> str:
    data = yaml.safe_load(GOOD)
    change(data)
    with pytest.raises(ScenarioError) as err:
        load_scenario(_write(tmp_path, data))
    return "\n".join(err.value.problems)


def test_the_good_example_loads(tmp_path):
    scenario = load_scenario(_write(tmp_path, GOOD))
    assert scenario.steps[0].expect.actions == ["decline", "record"]


@pytest.mark.parametrize("change,expected", [
    (lambda d: d["steps"][0].pop("question"), "step 1 (first): question: Field required"),
    (lambda d: d["steps"][0]["expect"].update(verdict="maybe"), "step 1 (first): expect.verdict: Input should be"),
    (lambda d: d["steps"][0]["expect"].update(actions=["decline", "arrest"]),
     "step 1 (first): expect.actions: Value error, unknown action 'arrest'; use one of: decline"),
    (lambda d: d["steps"][0]["model_answer"]["rule"][0].update(cite=["ac-14-154 b(1)"]),
     "step 1 (first): model_answer.rule[1].cite: Value error, citation 'ac-14-154 b(1)' must look like"),
    (lambda d: d["steps"][0]["model_answer"].update(rule=[]), "step 1 (first): model_answer.rule: List should have"),
    (lambda d: d["steps"][0]["debrief"].__setitem__(0, {"Note": "text"}),
     "step 1 (first): debrief[1]: expected text but found a mapping; quote text that contains ': '"),
    (lambda d: d["steps"][0].update(hint="extra"), "step 1 (first): hint: Extra inputs are not permitted"),
    (lambda d: d.update(difficulty="easy"), "demo.yaml: difficulty: Input should be"),
    (lambda d: d.update(steps=[]), "demo.yaml: steps: List should have at least 1 item"),
    (lambda d: d.update(id="other"), "demo.yaml: id: 'other' must equal the file name 'demo'"),
    (lambda d: d["steps"].append(dict(d["steps"][0])), "step 2 (first): id: step id used twice"),
    (lambda d: d["steps"][0]["expect"].update(also_accept=["record"]), "step 1 (first): expect.also_accept"),
])
def test_format_errors_name_file_step_and_field(tmp_path, change, expected):
    problems = _broken(tmp_path, change)
    assert "demo.yaml" in problems
    assert expected in problems, problems


def test_unreadable_or_non_mapping_files_are_refused(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the file as YAML"):
        load_scenario(_write(tmp_path, "id: [unclosed\n"))
    with pytest.raises(ScenarioError, match="must be a mapping"):
        load_scenario(_write(tmp_path, "- a list\n"))


def test_folder_errors_are_collected_across_files(tmp_path):
    _write(tmp_path, GOOD)
    _write(tmp_path, GOOD.replace("id: demo", "id: other"), name="bad.yaml")
    _write(tmp_path, GOOD.replace("verdict: prohibited", "verdict: nope"), name="worse.yaml")
    with pytest.raises(ScenarioError) as err:
        load_scenarios(tmp_path)
    assert len(err.value.problems) == 2 and "bad.yaml: id" in err.value.problems[0]
    with pytest.raises(ScenarioError, match="no scenarios folder"):
        load_scenarios(tmp_path / "missing")


def test_citation_problems_name_the_step_and_field(tmp_path, corpus):
    scenario = load_scenario(_write(tmp_path, GOOD.replace("ac-14-154#b(1)", "ac-14-154#z(9)")))
    problems = citation_problems(scenario, corpus.has)
    assert problems == [f"{tmp_path / 'demo.yaml'}: step 1 (first): model_answer.rule[1]: citation ac-14-154#z(9) "
                        "does not resolve to a corpus section"]


def test_the_printed_debrief_nests_each_rule_and_says_what_each_source_link_is(library):
    from assistant.exercises.scenarios import debrief_markdown
    from assistant.ui.trainer import print_html

    resolve = corpus_resolver(load_corpus(REPO_ROOT / "corpus"))
    scenario = next(s for s in library.values()
                    if any(v.startswith("nypd-ops-order-2025") for _, v in s.citations()))
    text = debrief_markdown(scenario, resolve)
    page = print_html(text, scenario.title)
    assert "<ul class='nested'><li>" in page and "<p>- " not in page and "<p>  - " not in page
    # The NYPD order is known from news coverage: its link is "Reported by …", not official text.
    order = [line for line in text.splitlines() if line.startswith("- NYPD Operations Order")]
    assert order and all("Reported by" in line and "official text" not in line.lower() for line in order)
    assert "overflow-wrap:anywhere" in page and 'name="viewport"' in page
