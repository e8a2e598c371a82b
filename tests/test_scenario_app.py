"""The Scenarios tab through gradio_client's named endpoints, and a step's feedback in chromium (slow)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.server
ALL_RIGHT = ["decline", "supervisor", "record"]  # courthouse-civil-arrest step 1 key


@pytest.fixture
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)  # a fresh session: its own exercise state


def _error(client, *args, api_name):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as err:
        client.predict(*args, api_name=api_name)
    return str(err.value)


def test_overview_and_bad_starts(client):
    overview, classes = client.predict("ice-at-the-desk", api_name="/scenario_overview")
    assert overview.startswith("### ICE at the precinct desk without papers") and "Learning objectives" in overview
    assert "enter at least one trainee name" in _error(client, "ice-at-the-desk", "Class", " , ",
                                                       api_name="/scenario_start")
    assert "enter a class name" in _error(client, "ice-at-the-desk", "", "Ana", api_name="/scenario_start")
    assert "start an exercise first" in _error(client, "Ana", "prohibited", [], "", api_name="/scenario_answer")


def test_a_class_runs_a_scenario_end_to_end(client):
    step_md = client.predict("courthouse-civil-arrest", "Tab class", "Ana, Ben\nAna", api_name="/scenario_start")[0]
    assert step_md.startswith("#### Step 1 of 3") and "administrative warrant" in step_md
    status, feedback, trainee = client.predict("Ana", "prohibited", ALL_RIGHT, "No judicial order.",
                                               api_name="/scenario_answer")[:3]
    assert status == "Answered: Ana. Waiting for: Ben." and feedback == ""
    assert trainee["choices"] == [["Ben", "Ben"]]  # only those still to answer
    assert "Ana has already answered step 1" in _error(client, "Ana", "review", [], "", api_name="/scenario_answer")
    assert "choose a trainee of this exercise: Ana, Ben" in _error(client, "Zed", "review", [], "",
                                                                  api_name="/scenario_answer")
    status, feedback = client.predict("Ben", "permitted", ["respond"], "", api_name="/scenario_answer")[:2]
    assert "Everyone has answered" in status
    assert "✔ right" in feedback and "✖ not right" in feedback and "⚠ dangerous" in feedback
    assert "No judicial order." in feedback and "2 / 2" in feedback and "0 / 2" in feedback
    assert "The answer: <span class='scn-badge'" in feedback and "<dt>Rule</dt>" in feedback
    assert "<details class='scn-cite'><summary>N.Y. Civ. Rights Law § 28(1)</summary>" in feedback
    assert "<h4>Debrief</h4>" in feedback and "The officers' chat (same engine) answers this step" in feedback
    assert "already shown" in _error(client, "Ana", "review", [], "", api_name="/scenario_answer")

    step_md = client.predict(api_name="/scenario_next")[0]
    assert step_md.startswith("#### Step 2 of 3")
    assert "show the answer to this step first" in _error(client, api_name="/scenario_next")
    status, feedback = client.predict(api_name="/scenario_reveal")
    assert "No answers were given to this step." in feedback and "Needs review" in feedback
    client.predict(api_name="/scenario_next")
    client.predict("Ana", "permitted", ["respond", "no_civil_help", "operations"], "", api_name="/scenario_answer")
    status, feedback = client.predict(api_name="/scenario_reveal")  # Ben never answers step 3
    assert "last step" in status
    final = client.predict(api_name="/scenario_next")
    assert final[0] == "#### Exercise complete" and "Ana</td><td>4 / 6</td><td>67%" in final[-1]

    results = client.predict("courthouse-civil-arrest", "Tab class", api_name="/scenario_results")
    assert "<td>1</td>" in results and "1 / 2" in results and "Tab class" in results
    assert "Ben</td><td>1 / 3</td><td>0 / 6" in results

    path = client.predict("courthouse-civil-arrest", "Tab class", api_name="/scenario_export")
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert [(r["trainee"], r["step"], r["verdict_ok"]) for r in rows] == [("Ana", "1", "1"), ("Ben", "1", "0"),
                                                                          ("Ana", "3", "1")]
    text, page_path = client.predict("courthouse-civil-arrest", "Tab class", api_name="/scenario_debrief")
    assert text.startswith("# A civil arrest at the courthouse") and "## Class results" in text
    assert "| 1 | Not permitted | 2 | 1 | 1 | 1 |" in text
    page = Path(page_path).read_text(encoding="utf-8")  # a page to print, not a Markdown file
    assert page_path.endswith(".html") and "@media print" in page
    assert "<h1>A civil arrest at the courthouse</h1>" in page


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_trainee_sees_feedback_with_an_open_citation(app_url, width, height):
    from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed: apt-get install -y chromium (make test does it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(app_url)
        page.get_by_role("tab", name="Scenarios").click()
        page.locator("#scn-class textarea").fill("Browser class")
        page.locator("#scn-trainees textarea").fill("Dana")
        page.locator("#scn-start").click()
        page.locator("#scn-step").get_by_text("Step 1 of").wait_for(timeout=15_000)
        page.locator("#scn-verdict").get_by_label("Not permitted").check()
        for label in ("Decline the request", "Tell your supervisor", "Record the request (§ 10-178(d))"):
            page.locator("#scn-actions").get_by_label(label).check()
        page.locator("#scn-why textarea").fill("A 287(g) deal puts officers under DHS for immigration work.")
        page.locator("#scn-submit").click()
        feedback = page.locator("#scn-feedback")
        feedback.get_by_text("The answer:").wait_for(timeout=15_000)
        cite = feedback.locator("details.scn-cite").first
        cite.locator("summary").click()
        assert cite.locator("blockquote").is_visible()
        assert "✔ right" in feedback.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#scn-exercise").screenshot(path=str(ARTIFACTS / f"scenario-feedback-{width}x{height}.png"))
        page.screenshot(path=str(ARTIFACTS / f"scenario-page-{width}x{height}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_a_trainer_tells_runs_apart_and_deletes_a_practice_run(app_url, width, height):
    import uuid

    from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed: apt-get install -y chromium (make test does it when run as root)")
    from playwright.sync_api import sync_playwright

    klass = f"Practice {uuid.uuid4().hex[:6]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(app_url)
        page.get_by_role("tab", name="Scenarios").click()
        page.locator("#scn-class textarea").fill(klass)
        page.locator("#scn-trainees textarea").fill("Dana")
        page.locator("#scn-practice input").check()
        page.locator("#scn-start").click()
        page.locator("#scn-step").get_by_text("Step 1 of").wait_for(timeout=15_000)
        page.locator("#scn-verdict").get_by_label("Not permitted").check()
        page.locator("#scn-submit").click()
        page.locator("#scn-feedback").get_by_text("The answer:").wait_for(timeout=15_000)
        page.get_by_text("Trainer view: runs, class results").click()
        page.locator("#scn-results-btn").click()
        results = page.locator("#scn-results")
        results.get_by_text("1 trainee in").wait_for(timeout=15_000)
        row = results.locator("tr").filter(has_text=klass).first
        assert "practice" in row.inner_text() and "local" in row.inner_text()
        run = row.locator("td").first.inner_text().lstrip("#")
        assert not page.locator("#scn-download").is_visible()  # no empty download box before a file
        page.screenshot(path=str(ARTIFACTS / f"trainer-runs-{width}x{height}.png"), full_page=True)
        page.locator("#scn-debrief-btn").click()
        page.locator("#scn-download a").first.wait_for(timeout=15_000)
        assert ".html" in page.locator("#scn-download").inner_text()
        page.locator("#scn-run-id input").fill(run)
        page.locator("#scn-delete-run").click()
        results.get_by_text("0 trainees in 0 runs.").wait_for(timeout=15_000)  # the class's only run is gone
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_the_answer_form_goes_away_when_the_exercise_is_complete(chromium_browser, app_url, width, height):
    from tests.test_browser import ARTIFACTS

    page = chromium_browser.new_page(viewport={"width": width, "height": height})
    page.goto(app_url)
    page.locator("#sc-question textarea").wait_for()
    page.get_by_role("tab", name="Scenarios").click()
    page.locator("#scn-scenario input").click()
    page.locator("ul[role='listbox'] li").filter(has_text="A civil arrest at the courthouse").click()
    page.locator("#scn-overview").get_by_text("3 steps").wait_for()
    page.locator("#scn-class textarea").fill("Completion class")
    page.locator("#scn-trainees textarea").fill("Lee")
    page.locator("#scn-start").click()
    for step in (1, 2, 3):
        page.locator("#scn-step").get_by_text(f"Step {step} of 3").wait_for(timeout=15_000)
        page.locator("#scn-verdict").get_by_label("Not permitted").check()
        page.locator("#scn-submit").click()
        page.locator("#scn-feedback").get_by_text("The answer:").wait_for(timeout=15_000)
        page.locator("#scn-next").click()
    page.locator("#scn-feedback").get_by_text("Exercise complete").wait_for(timeout=15_000)
    page.locator("#scn-form").wait_for(state="hidden", timeout=10_000)
    assert "/ 6" in page.locator("#scn-feedback").inner_text()
    page.locator("#scn-exercise").screenshot(path=str(ARTIFACTS / f"scenario-complete-{width}x{height}.png"))
    page.close()
