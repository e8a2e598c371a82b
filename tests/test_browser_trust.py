"""Issue 12 in Chromium at 1280 and 390 px, the parts not covered elsewhere: a Legal Bureau
caution that names the weak source the verdict rests on, the badge legend in plain words, one
line per request under the lead verdict, a supervisor marking a record reviewed, and an audit list
in the card's words.

Screenshots land in test-artifacts/ (``caution-legend-*``, ``requests-*``, ``reviewed-*``, ``audit-*``).
"""

from __future__ import annotations

import uuid

import pytest

from assistant.knowledge.badges import legend
from tests.test_browser import (
    ARTIFACTS,
    SIZES,
    ask,
    evaluate_answer,
    no_horizontal_scroll,
    open_record_form,
    save_record_and_open_records,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROUTINE = "The FBI wants a copy of our incident report for the bank robbery on Fulton St. Can I send it?"
TWO_REQUESTS = "ICE is asking when our prisoner gets out, and the FBI wants his rap sheet for their bank robbery case."


def card_after(page, question: str, badge: str):
    """Ask ``question`` as the first turn; the verdict card, checked to carry ``badge``."""
    ask(page, question, 1)
    card = page.locator("#sc-verdict")
    assert card.locator(".sc-badge").inner_text().strip() == badge
    return card


@pytest.mark.parametrize("width,height", SIZES)
def test_the_caution_names_the_weak_source_it_rests_on_and_the_legend_explains_each_badge(page_at, width, height):
    page = page_at(width, height)
    card = card_after(page, ROUTINE, "✔ Permitted")
    # The verdict rests on [1] (verified code) and [2] (a secondary NYPD order): the caution names [2] only.
    caution = card.locator(".sc-caution")
    assert caution.count() == 1
    words = caution.inner_text()
    assert "Confirm with Legal Bureau." in words and "Criminal cooperation continues [2] (secondary)" in words
    assert "10-178(e)" not in words
    page.locator("#sc-sources .sc-legend summary").click()
    terms = page.locator("#sc-sources .sc-legend dt").all_inner_texts()
    meanings = page.locator("#sc-sources .sc-legend dd").all_inner_texts()
    assert terms == [b for _, b, _ in legend()] and all(len(m.split()) >= 4 for m in meanings)
    page.locator("#sc-sources .sc-legend").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"caution-legend-{width}x{height}.png"))
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_each_request_gets_its_own_line_under_the_most_restrictive_verdict(page_at, width, height):
    page = page_at(width, height)
    card = card_after(page, TWO_REQUESTS, "✖ Not permitted")
    assert card.locator(".sc-h").filter(has_text="Each request (2)").count() == 1
    lines = card.locator(".sc-requests li")
    assert lines.count() == 2
    assert lines.nth(0).locator(".sc-mini-prohibited").count() == 1 and "ice" in lines.nth(0).inner_text().lower()
    assert lines.nth(1).locator(".sc-mini-permitted").count() == 1 and "fbi" in lines.nth(1).inner_text().lower()
    # The lines sit under the lead verdict, before what to do.
    order = card.evaluate("c => [c.querySelector('.sc-badge'), c.querySelector('.sc-requests'),"
                          " c.querySelector('.sc-checklist')].map(e => e.getBoundingClientRect().top)")
    assert order == sorted(order)
    page.screenshot(path=str(ARTIFACTS / f"requests-{width}x{height}.png"))
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_a_supervisor_marks_a_record_reviewed_and_the_audit_list_speaks_plainly(page_at, width, height):
    page = page_at(width, height)  # auth none: the one local user holds every role, supervisor and admin too
    open_record_form(page, "ICE called asking when our prisoner gets released. Can I tell them?")
    marker = f"review{uuid.uuid4().hex[:6]}"
    save_record_and_open_records(page, marker)
    entry = page.locator("#sc-records-table .sc-rec-item").filter(has_text=marker)
    entry.wait_for(timeout=10_000)
    assert "reviewed by" not in entry.inner_text()
    page.locator("#sc-review-id input").fill(entry.get_attribute("data-record"))
    page.locator("#sc-review").click()
    page.locator("#sc-records-table .sc-rec-item").filter(has_text=marker).get_by_text("reviewed by local").wait_for(
        timeout=10_000)
    entry.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"reviewed-{width}x{height}.png"))
    page.locator("#sc-audit").get_by_text("Audit log").first.click()
    audit = page.locator("#sc-audit-table .sc-audit-list li").first
    audit.wait_for(timeout=10_000)
    text = audit.inner_text()
    # Verdicts and channels in the card's words; the rule key only small beside them.
    assert "Not permitted" in text and "prohibited" not in text.split("(rule")[0] and "Chat" in text
    page.locator("#sc-audit-table").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"audit-{width}x{height}.png"))
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_picking_another_case_clears_the_answer_so_a_score_cannot_land_on_the_wrong_case(page_at, width, height):
    page = page_at(width, height)
    evaluate_answer(page)
    page.locator("#ev-correct").get_by_label("yes").check()
    page.locator("#ev-case input").click()
    page.locator("ul[role='listbox'] li").nth(2).click()
    page.locator("#ev-info").get_by_text("Press Get answer for this case.").wait_for(timeout=10_000)
    assert page.locator("#ev-verdict .sc-card").count() == 0
    assert not page.locator("#ev-correct").get_by_label("yes").is_checked()
    # The claim beside each judgement is readable text (the theme's info grey was 1.9:1).
    page.locator("#ev-get").click()
    page.locator("#ev-verdict .sc-card").wait_for(timeout=20_000)
    colour = page.locator(".ev-cite .info-text").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(61, 61, 69)"
    page.locator("#ev-name input, #ev-name textarea").first.fill("Sgt. Browser")
    page.locator("#ev-correct").get_by_label("yes").check()
    page.locator("#ev-clarity").get_by_label("4").check()
    page.locator("#ev-submit").click()
    page.locator("#ev-status").get_by_text("Recorded score #").wait_for(timeout=10_000)
    page.wait_for_function("() => !document.querySelector('#ev-correct input:checked')")
    assert page.locator("#ev-clarity input:checked").count() == 0  # the next score starts from nothing
