"""What an officer sees, in Debian's chromium driven by Playwright (never `playwright install`).

Screenshots land in test-artifacts/ at 1280×900 and 390×844: ``chat-*.png`` is the first screen
after the answer (what an officer sees first), ``*-full.png`` the whole page. The time from Enter
to the verdict on screen is printed and written to test-artifacts/browser-timing-*.txt; it is not
asserted against a wall clock.
"""

from __future__ import annotations

import csv
import shutil
import time
import uuid

import pytest

from assistant.settings import REPO_ROOT
from tests.test_app import CANONICAL

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SIZES = [(1280, 900), (390, 844)]


def ask(page, question: str, turn: int) -> float:
    """Type ``question``, press Enter, wait for answer number ``turn``; returns seconds from Enter to verdict."""
    box = page.locator("#sc-question textarea")
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    page.locator(f"#sc-verdict [data-turn='{turn}'] .sc-badge").wait_for(timeout=20_000)
    return time.perf_counter() - started


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width,height", SIZES)
def test_officer_asks_and_sees_not_permitted_with_sources(page_at, width, height):
    page = page_at(width, height)
    first = ask(page, CANONICAL, 1)
    page.locator("#sc-clear").click()
    page.locator("#sc-verdict .sc-hint").wait_for()
    warm = ask(page, CANONICAL, 1)
    line = f"browser time to verdict at {width}px: first {first * 1000:.0f} ms, warm {warm * 1000:.0f} ms"
    print("\n" + line)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"browser-timing-{width}.txt").write_text(line + "\n", encoding="utf-8")
    card = page.locator("#sc-verdict")
    assert card.locator(".sc-badge").inner_text().strip() == "✖ Not permitted"
    # The verdict is the first thing on screen: on a phone the page scrolls the card to the top.
    page.wait_for_function("(h) => { const r = document.querySelector('#sc-verdict').getBoundingClientRect();"
                           " return r.top >= -1 && r.top < (window.innerWidth < 700 ? 80 : h / 2); }", arg=height)
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"chat-{width}x{height}.png"))
    # A reason's [n] marker opens that source: in place on a phone, in the sources panel on a wide screen.
    marker = card.locator(".sc-reasons a.sc-ref").first
    target = marker.get_attribute("href").lstrip("#")
    marker.click()
    if width < 700:
        card.locator(".sc-inline .sc-source[open]").wait_for()
        card.locator(".sc-inline-close").click()
    else:
        page.wait_for_function("(id) => document.getElementById(id).open", arg=target)
    # Each source opens to its passage, provenance, status and the official text.
    first_source = page.locator("#sc-sources details").first
    if not first_source.evaluate("d => d.open"):
        first_source.locator("summary").click()
    assert "judicial warrant" in first_source.locator("blockquote").inner_text()
    # The sentence that supports the claim [1] is cited for is marked in the passage (issue 12).
    assert first_source.locator("blockquote mark.sc-support").count() == 1
    assert "**" not in first_source.locator("blockquote").inner_text()
    assert "✓ verified" in first_source.inner_text() and "in force" in first_source.inner_text()
    assert first_source.locator("a.sc-official").get_attribute("href").startswith("https://")
    # Its verdict rests on verified code: no Legal Bureau warning (issue 12: a warning on everything is none).
    assert page.locator("#sc-verdict .sc-caution").count() == 0
    assert no_horizontal_scroll(page)
    # Copy answer puts plain text on the clipboard.
    page.locator("#sc-copy").click()
    page.wait_for_function("() => document.getElementById('sc-copy').textContent.includes('Copied')")
    assert page.evaluate("navigator.clipboard.readText()").startswith("ShareCheck: Not permitted")
    # Why this answer shows the trace.
    page.locator("#sc-trace").get_by_text("Why this answer").first.click()
    page.locator("#sc-trace .sc-trace").get_by_text("Rule applied").wait_for()
    page.screenshot(path=str(ARTIFACTS / f"chat-{width}x{height}-full.png"), full_page=True)
    # A follow-up suggestion asks it as the next turn.
    followup = page.locator(".sc-followup").first
    followup.wait_for(state="visible")
    label = followup.inner_text()
    followup.click()
    page.locator("#sc-verdict [data-turn='2']").wait_for(timeout=20_000)
    page.locator("#sc-chat").get_by_text(label).first.wait_for()
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_record_the_request_find_it_in_records_and_export(page_at, width, height, tmp_path):
    page = page_at(width, height)
    ask(page, CANONICAL, 1)
    page.locator("#sc-record-open").click()
    form = page.locator("#sc-record").first
    form.wait_for(state="visible")
    assert page.locator("#sc-rec-agency input").input_value() == "ICE (component not stated)"
    assert page.locator("#sc-rec-response input").input_value() == "Declined"
    assert page.locator("#sc-rec-requested input, #sc-rec-requested textarea").first.input_value().startswith(
        "Release date")
    assert page.locator("#sc-rec-warning").get_by_text("No names.").is_visible()
    marker = f"ERO desk {uuid.uuid4().hex[:6]}"
    page.locator("#sc-rec-unit input, #sc-rec-unit textarea").first.fill(marker)
    page.locator("#sc-rec-notes textarea").fill("Agent asked about Mr. Jose Garcia, DOB 04/12/1987. Declined.")
    page.locator("#sc-rec-supervisor input").check()
    form.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"record-{width}x{height}.png"), full_page=True)
    page.locator("#sc-rec-save").click()
    page.locator("#sc-rec-status").get_by_text("Saved as record #").wait_for(timeout=10_000)
    assert no_horizontal_scroll(page)

    page.get_by_role("tab", name="Records").click()
    entry = page.locator("#sc-records-table .sc-rec-item").filter(has_text=marker)
    entry.wait_for(timeout=10_000)
    text = entry.inner_text()
    assert "Mr. [NAME], DOB [DOB]" in text and "Garcia" not in text and "✓ supervisor notified" in text
    today = time.strftime("%Y-%m-%d")
    page.locator("#sc-records-from input, #sc-records-from textarea").first.fill(today)
    page.locator("#sc-records-to input, #sc-records-to textarea").first.fill(today)
    page.locator("#sc-records-show").click()
    page.locator("#sc-records-status").get_by_text("shown").wait_for()
    entry.wait_for()
    page.locator("#sc-records-export").click()
    link = page.locator("#sc-records-file a").first
    link.wait_for(timeout=10_000)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "export.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(saved.open(encoding="utf-8")))
    assert rows[0] == ["quarter", "receiving_agency", "requesting_agency", "response", "requests", "counted_under"]
    assert any(r[2] == "ICE (component not stated)" and r[3] == "Declined" and int(r[4]) >= 1 for r in rows[1:])
    shutil.copy(saved, ARTIFACTS / f"export-{width}.csv")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"records-{width}x{height}.png"), full_page=True)
    assert no_horizontal_scroll(page)


def test_keyboard_alone_asks_opens_a_source_and_records(page_at):
    page = page_at(390, 844)

    def tab_until(selector: str, limit: int = 60, key: str = "Tab") -> None:
        for _ in range(limit):
            page.keyboard.press(key)
            if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_until("#sc-question textarea")
    page.keyboard.type(CANONICAL)
    page.keyboard.press("Enter")
    page.locator("#sc-verdict [data-turn='1'] .sc-badge").wait_for(timeout=20_000)
    tab_until("#sc-verdict .sc-reasons a.sc-ref")
    label = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    # On a phone the source opens in place; its close button has the focus and Enter gives it back.
    page.locator("#sc-verdict .sc-inline .sc-source[open]").wait_for()
    assert page.evaluate("document.activeElement.className") == "sc-inline-close"
    page.keyboard.press("Enter")
    assert page.locator("#sc-verdict .sc-inline").count() == 0
    assert page.evaluate("document.activeElement.textContent") == label
    tab_until("#sc-record-open")  # the actions sit after the card
    page.keyboard.press("Enter")
    page.locator("#sc-record").first.wait_for(state="visible")


@pytest.mark.parametrize("width,height", SIZES)
def test_the_header_says_the_date_the_law_is_current_to(page_at, width, height):
    page = page_at(width, height)
    line = page.locator("#sc-law-as-of")
    assert line.inner_text().strip() == "Law as of 1 December 2026 · the date the restatements are current to"
    assert line.is_visible() and no_horizontal_scroll(page)
    box = line.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height  # on the first screen
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"law-as-of-{width}.png"),
                    clip={"x": 0, "y": 0, "width": width, "height": min(height, box["y"] + box["height"] + 40)})


def open_record_form(page, question: str) -> None:
    """Ask ``question`` and open "Record this request" under its answer."""
    ask(page, question, 1)
    page.locator("#sc-record-open").click()
    page.locator("#sc-record").first.wait_for(state="visible")


def save_record_and_open_records(page, marker: str) -> None:
    """Put ``marker`` in the unit field, save the record and open the Records tab."""
    page.locator("#sc-rec-unit input, #sc-rec-unit textarea").first.fill(marker)
    page.locator("#sc-rec-save").click()
    page.locator("#sc-rec-status").get_by_text("Saved as record #").wait_for(timeout=10_000)
    page.get_by_role("tab", name="Records").click()


@pytest.mark.parametrize("width,height", SIZES)
def test_a_criminal_case_request_is_recorded_but_not_counted_under_10_178d(page_at, width, height):
    page = page_at(width, height)
    open_record_form(page, "The FBI wants our complaint report on the bank robbery for their federal case. "
                           "Can I give it?")
    assert page.locator("#sc-rec-agency input").input_value() == "FBI"
    assert not page.locator("#sc-rec-immigration input").is_checked()  # a criminal case: not immigration
    marker = f"FBI NY {uuid.uuid4().hex[:6]}"
    save_record_and_open_records(page, marker)
    entry = page.locator("#sc-records-table .sc-rec-item").filter(has_text=marker)
    entry.wait_for(timeout=10_000)
    assert "recorded, not counted under N.Y.C. Admin. Code § 10-178(d)" in entry.inner_text()
    assert page.locator("#sc-records-counts").get_by_text("not counted: N.Y.C. Admin. Code § 10-178(d)").count() == 1
    entry.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"records-not-counted-{width}x{height}.png"))
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_search_the_records_and_correct_one_keeping_what_it_said(page_at, width, height):
    page = page_at(width, height)
    open_record_form(page, CANONICAL)
    marker = f"desk{uuid.uuid4().hex[:6]}"
    save_record_and_open_records(page, marker)
    page.locator("#sc-records-search input, #sc-records-search textarea").first.fill(marker.upper())
    page.locator("#sc-records-show").click()
    page.locator("#sc-records-status").get_by_text("1 record shown.").wait_for(timeout=10_000)
    entry = page.locator("#sc-records-table .sc-rec-item").filter(has_text=marker)
    record_id = entry.get_attribute("data-record")
    page.locator("#sc-correct").get_by_text("Correct a record").click()
    page.locator("#sc-correct-id input").fill(str(record_id))
    value = page.locator("#sc-correct-value input, #sc-correct-value textarea").first
    value.fill("Referred to supervisor / Legal Bureau")
    page.locator("#sc-correct-why input, #sc-correct-why textarea").first.fill("sent it up, did not decline")
    page.locator("#sc-correct-save").click()
    entry.get_by_text("Corrected (1 change; what it said before is kept)").wait_for(timeout=10_000)
    entry.locator("summary").click()
    assert "“Declined” → “Referred to supervisor / Legal Bureau” — sent it up, did not decline" in entry.inner_text()
    entry.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"records-corrected-{width}x{height}.png"))
    assert no_horizontal_scroll(page)


def evaluate_answer(page) -> None:
    """Open the Evaluate tab and get the first case's answer (its verdict card is on screen)."""
    page.get_by_role("tab", name="Evaluate").click()
    page.locator("#ev-get").click()
    page.locator("#ev-verdict .sc-card").wait_for(timeout=20_000)


@pytest.mark.parametrize("width,height", SIZES)
def test_an_evaluator_sees_each_claim_beside_its_passage_and_kappa_with_its_n(page_at, width, height):
    page = page_at(width, height)
    evaluate_answer(page)
    first = page.locator(".ev-cite").first
    first.wait_for(state="visible")
    note = first.inner_text()
    assert "does the passage support the claim?" in note and "Claim: " in note and "Passage: “" in note
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"evaluate-claim-{width}x{height}.png"))
    page.locator("#ev-refresh").click()
    dashboard = page.locator("#ev-dash")
    dashboard.get_by_text("shared answers").wait_for(timeout=10_000)
    assert "n = " in dashboard.inner_text() and "'unsure'" in dashboard.inner_text()
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_the_question_box_counts_characters_up_to_the_real_limit(page_at, width, height):
    from assistant.settings import Settings

    limit = Settings.from_env().max_question_chars
    page = page_at(width, height)
    box = page.locator("#sc-question textarea")
    counter = page.locator("#sc-count-text")
    assert counter.inner_text() == f"0 / {limit:,} characters"
    box.fill("ICE called")
    page.wait_for_function("() => document.getElementById('sc-count-text').textContent.startsWith('10 /')")
    box.fill("x" * (limit + 1000))  # a paste longer than the limit stops at it, and the counter says so
    page.wait_for_function("() => document.getElementById('sc-count-text').textContent.includes('at the limit')")
    assert len(box.input_value()) == limit
    assert counter.inner_text() == f"{limit:,} / {limit:,} characters — at the limit: shorten the question"
    page.screenshot(path=str(ARTIFACTS / f"question-counter-{width}x{height}.png"))
