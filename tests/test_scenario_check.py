"""Scenarios against the real engine, and ``sharecheck scenarios …`` end to end (slow: real index and model)."""

from __future__ import annotations

from assistant.exercises.scenarios import load_scenarios
from assistant.exercises.scoring import check_scenario
from assistant.knowledge.corpus import load_corpus
from assistant.settings import REPO_ROOT
from assistant.stores.db import db_path
from assistant.stores.exercises import ExerciseResults
from tests.console import sharecheck

WRONG = REPO_ROOT / "tests" / "fixtures" / "scenarios-wrong"


def test_library_agrees_with_the_engine(model_assistant):
    assistant = model_assistant
    """The in-process twin of `sharecheck scenarios check` (which CI also runs)."""
    corpus = load_corpus(REPO_ROOT / "corpus")
    failing = {}
    for scenario in load_scenarios(REPO_ROOT / "corpus" / "scenarios").values():
        result = check_scenario(scenario, assistant, corpus.has)
        assert not result.problems, result.problems
        failing |= {f"{scenario.id}/{s.step.id}": s.problems for s in result.steps if not s.ok}
    assert not failing, f"the engine disagrees with these steps: {failing}"


def test_the_deliberately_wrong_scenario_is_caught(assistant):
    corpus = load_corpus(REPO_ROOT / "corpus")
    result = check_scenario(load_scenarios(WRONG)["wrong-key"], assistant, corpus.has)
    assert not result.ok
    first, second, third = result.steps
    assert first.ok and first.got == "prohibited"
    assert second.problems == [f"expected permitted, the engine said prohibited (rule {second.rule})"]
    assert third.got == "prohibited" and third.problems == ["citation ac-14-154#z(9) does not resolve"]


def run(args, env, stdin=None, timeout=300):
    return sharecheck(["scenarios", *args], env, input=stdin)


def test_cli_check_fails_listing_the_wrong_steps(cli_env):
    out = run(["check", "--dir", str(WRONG)], cli_env)
    assert out.returncode == 1, out.stderr[-2000:]
    assert "FAIL wrong-key (3 steps)" in out.stdout
    assert "✖ step 2 (i200-hold): expected permitted, engine prohibited" in out.stdout
    assert "question: ICE faxes an I-247A detainer with an I-200" in out.stdout
    assert "✖ step 3 (missing-citation): expected prohibited, engine prohibited" in out.stdout
    assert "citation ac-14-154#z(9) does not resolve" in out.stdout
    assert "step 1 (release-date)" not in out.stdout  # agreeing steps are listed only with -v
    assert out.stdout.rstrip().splitlines()[-1].startswith("3 steps checked: 1 pass, 2 fail")


def test_cli_list_show_and_bad_input(cli_env, tmp_path):
    out = run(["list"], cli_env)
    assert out.returncode == 0 and "detainer-with-i200" in out.stdout and "4 steps" in out.stdout
    assert out.stdout.rstrip().splitlines()[-1].startswith("13 scenarios")
    out = run(["show", "sealed-record-hsi"], cli_env)
    assert out.returncode == 0 and out.stdout.startswith("# A sealed summons and an HSI records request")
    assert "§ 160.50" in out.stdout and "## Sources" in out.stdout
    out = run(["show", "no-such-scenario"], cli_env)
    assert out.returncode == 2 and "no scenario 'no-such-scenario'" in out.stderr
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: B\n", encoding="utf-8")
    out = run(["list", "--dir", str(tmp_path)], cli_env)
    assert out.returncode == 2 and "broken.yaml: summary: Field required" in out.stderr


def test_cli_run_takes_piped_answers_scores_and_saves(cli_env, built_settings):
    # Action numbers follow the vocabulary's order: 1 decline, 2 supervisor, 3 record, 4 legal, … 8 release.
    answers = "\n".join([
        "maybe", "n", "1, 2, 3, 8", "An I-200 is signed by ICE, not a judge.",  # bad verdict first: re-prompted
        "n", "2 3 99", "1 2 3", "",                                             # bad action number: re-prompted
        "p", "", "",                                                            # wrong and dangerous
        "not permitted", "decline supervisor record", "",                       # misses "release"
    ]) + "\n"
    out = run(["run", "detainer-with-i200", "--name", "Piped Trainee", "--class", "cli-test"], cli_env, answers)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "type p (permitted), n (not permitted)" in out.stdout
    assert "'99' is not an action" in out.stdout
    assert out.stdout.count("## Step ") == 4 and "Right: you said Not permitted" in out.stdout
    assert "Careful: that answer permits something the law does not." in out.stdout
    assert "Missed actions: Process the normal release on time" in out.stdout
    assert "Score: 5.75 of 8 (72%); saved for class 'cli-test'" in out.stdout  # 2 + 2 + 0 + 1.75
    store = ExerciseResults(db_path(built_settings.data_dir))
    rows = store.answers("detainer-with-i200", "cli-test")
    assert [(r["trainee"], r["step"], r["verdict"]) for r in rows] == [
        ("Piped Trainee", 1, "prohibited"), ("Piped Trainee", 2, "prohibited"), ("Piped Trainee", 3, "permitted"),
        ("Piped Trainee", 4, "prohibited")]


def test_cli_run_stops_cleanly_when_input_ends(cli_env):
    out = run(["run", "task-force-alerts", "--name", "Early", "--no-save"], cli_env, "r\n\n\n")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "input ended after 1 of 3 steps" in out.stdout
