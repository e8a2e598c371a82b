"""Issue 12 in Chromium at 1280 and 390 px: the sources a verdict rests on come first and the rest
wait behind "More sources"; on a phone a marker opens its source in place, on a wide screen it
scrolls there with a way back; earlier answers keep their own sources; no empty boxes before the
first question; system fonts on every tab; a scenario's title fits its dropdown on a phone.

Screenshots land in test-artifacts/ (``sources-*``, ``transcript-*``, ``first-screen-*``,
``scenario-top-*``, ``evaluate-fonts-*``).
"""

from __future__ import annotations

import pytest

from tests.test_app import CANONICAL
from tests.test_browser import ARTIFACTS, SIZES, ask, no_horizontal_scroll

pytestmark = [pytest.mark.slow, pytest.mark.browser]
FOLLOW_UP = "The FBI wants a copy of our incident report for the bank robbery on Fulton St. Can I send it?"


def open_tab(page, name: str) -> None:
    """Click tab ``name``; on a phone Gradio folds the last tabs under "More tabs"."""
    page.locator("[role=tablist] [role=tab]").first.wait_for()
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.is_visible():
        tab.click()
        return
    page.get_by_label("More tabs").click()
    page.locator(".overflow-dropdown button").filter(has_text=name).click()


def open_state(page, selector: str) -> bool:
    return page.evaluate("(s) => { const e = document.querySelector(s); return !!(e && e.open); }", selector)


@pytest.mark.parametrize("width,height", SIZES)
def test_the_deciding_source_comes_first_and_the_rest_wait_behind_more_sources(page_at, width, height):
    page = page_at(width, height)
    ask(page, CANONICAL, 1)
    panel = page.locator("#sc-sources")
    # The canonical answer rests on § 14-154(b)(1) [1]; its seven other sources support it.
    lead = panel.locator(".sc-sources > details.sc-source")
    assert lead.count() == 1 and "14-154(b)(1)" in lead.first.inner_text()
    more = panel.locator("details.sc-more")
    assert more.locator("summary").first.inner_text().strip() == "More sources (7)"
    assert not open_state(page, "#sc-sources details.sc-more")
    reason = page.locator("#sc-verdict .sc-reasons li").nth(1)  # "… identifying information … [2]"
    marker = reason.locator("a.sc-ref").first
    assert marker.inner_text() == "[2]"
    marker.click()
    if width < 700:
        # In place, under the line that cites it, with the supporting sentence marked and a way to close it.
        inline = reason.locator(".sc-inline")
        inline.wait_for(state="visible")
        assert "23-1201" in inline.locator("summary").inner_text()
        assert inline.locator("mark.sc-support").count() == 1
        assert not open_state(page, "#sc-sources details.sc-more")  # nothing moved: the card stays put
        page.screenshot(path=str(ARTIFACTS / f"sources-in-place-{width}x{height}.png"))
        inline.locator(".sc-inline-close").click()
        assert reason.locator(".sc-inline").count() == 0
        assert page.evaluate("document.activeElement.textContent") == "[2]"
    else:
        # The fold opens around the source, and the source offers the way back to the marker.
        page.wait_for_function("() => document.getElementById('source-2').open")
        assert open_state(page, "#sc-sources details.sc-more")
        back = page.locator("#source-2 .sc-back")
        assert back.inner_text() == "↩ Back to the answer"
        page.screenshot(path=str(ARTIFACTS / f"sources-more-{width}x{height}.png"))
        back.click()
        assert page.evaluate("document.activeElement.textContent") == "[2]"
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_an_earlier_answer_keeps_its_own_sources_and_working_markers(page_at, width, height):
    page = page_at(width, height)
    ask(page, CANONICAL, 1)
    ask(page, FOLLOW_UP, 2)
    # The panel now shows the bank-robbery answer's sources: its [1] is § 10-178(e), not § 14-154.
    assert "10-178(e)" in page.locator("#source-1 summary").inner_text()
    chat = page.locator("#sc-chat")
    chat.get_by_text("Full answer").first.click()
    first = chat.locator("[id='t1-source-1']")
    first.wait_for(state="attached")
    assert "14-154(b)(1)" in first.locator("summary").inner_text()
    marker = chat.locator("a.sc-ref[href='#t1-source-1']").first
    marker.click()
    page.wait_for_function("() => document.querySelector(\"#sc-chat [id='t1-source-1']\").open")
    assert first.locator("mark.sc-support").count() == 1
    assert not open_state(page, "#source-1")  # the newest answer's source 1 was not the one opened
    page.screenshot(path=str(ARTIFACTS / f"transcript-sources-{width}x{height}.png"))
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("width,height", SIZES)
def test_no_empty_boxes_before_the_first_question_and_after_a_new_chat(page_at, width, height):
    page = page_at(width, height)
    assert not page.locator("#sc-chat").is_visible() and not page.locator("#sc-trace").is_visible()
    assert not page.locator("#sc-clear").is_visible()  # nothing to clear yet
    # Every tab shows on a phone too, none folded under "More tabs".
    for name in ("Chat", "Evaluate", "Records", "Scenarios"):
        assert page.get_by_role("tab", name=name).is_visible(), name
    assert not page.get_by_label("More tabs").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"first-screen-{width}x{height}.png"), full_page=True)
    ask(page, CANONICAL, 1)
    assert page.locator("#sc-chat").is_visible() and page.locator("#sc-trace").is_visible()
    page.locator("#sc-clear").click()
    page.locator("#sc-verdict .sc-intro").wait_for()
    assert not page.locator("#sc-chat").is_visible() and not page.locator("#sc-trace").is_visible()


@pytest.mark.parametrize("width,height", SIZES)
def test_every_tab_uses_system_fonts_and_loads_no_web_font(chromium_browser, app_url, width, height):
    context = chromium_browser.new_context(viewport={"width": width, "height": height})
    fonts: list[str] = []
    context.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    page = context.new_page()
    page.goto(app_url)
    page.locator("#sc-question textarea").wait_for()
    open_tab(page, "Evaluate")
    page.locator("#ev-get").click()
    page.locator("#ev-verdict .sc-card").wait_for(timeout=20_000)
    # Bold capitals in the Evaluate tab's source labels ("N.Y.C. Admin. Code") are the system face.
    label = page.locator("#ev-sources .sc-label").first
    family = label.evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith('"Segoe UI"') and "Source Sans" not in family
    page.screenshot(path=str(ARTIFACTS / f"evaluate-fonts-{width}x{height}.png"))
    assert fonts == []
    context.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_a_scenario_title_fits_its_dropdown(chromium_browser, app_url, width, height):
    page = chromium_browser.new_page(viewport={"width": width, "height": height})
    page.goto(app_url)
    page.locator("#sc-question textarea").wait_for()
    open_tab(page, "Scenarios")
    field = page.locator("#scn-scenario input").first
    field.wait_for()
    title = field.input_value()
    # The dropdown has the row to itself on a phone (not squeezed beside Class), a title too long
    # for it ends in an ellipsis, and the overview right under it gives the whole title.
    field_width = page.locator("#scn-scenario").evaluate("e => e.getBoundingClientRect().width")
    row = page.locator("#scn-scenario").evaluate("e => e.closest('.row').getBoundingClientRect().width")
    assert field_width >= (0.9 if width < 700 else 0.3) * row
    assert field.evaluate("e => getComputedStyle(e).textOverflow") == "ellipsis"
    assert page.locator("#scn-overview h3").first.inner_text() == title
    if width < 700:
        assert field.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), title  # the first title fits whole
    page.locator("#scn-scenario").screenshot(path=str(ARTIFACTS / f"scenario-top-{width}x{height}.png"))
    assert no_horizontal_scroll(page)
    page.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_the_question_stays_readable_while_it_is_answered_with_one_small_progress_mark(page_at, width, height):
    page = page_at(width, height)
    held: list = []
    # Hold the question at the queue so the in-between state lasts long enough to look at; anything
    # else joining the queue (the page's own load event, on a slow machine) goes on at once.
    def hold(route):
        if "prisoner" in (route.request.post_data or ""):
            held.append(route)
        else:
            route.continue_()

    page.route("**/gradio_api/queue/join*", hold)
    page.wait_for_timeout(500)
    box = page.locator("#sc-question textarea")
    box.fill(CANONICAL)
    box.press("Enter")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the question never reached the queue"
    page.wait_for_timeout(300)
    assert box.input_value() == CANONICAL and box.is_visible()
    busy = page.evaluate("""() => [...document.querySelectorAll('[data-testid="status-tracker"]')]
        .filter(e => !e.classList.contains('hide') && e.getBoundingClientRect().height > 0)
        .map(e => ({inCard: !!e.closest('#sc-verdict'), h: e.getBoundingClientRect().height}))""")
    assert len(busy) <= 1 and all(b["inCard"] for b in busy), busy
    page.screenshot(path=str(ARTIFACTS / f"asking-{width}x{height}.png"))
    for route in held:
        route.continue_()
    page.unroute("**/gradio_api/queue/join*")
    page.locator("#sc-verdict [data-turn='1'] .sc-badge").wait_for(timeout=20_000)
    assert box.input_value() == ""  # the answered question moves to the conversation


@pytest.mark.parametrize("width,height", SIZES)
def test_the_conversations_own_clear_button_starts_a_new_chat(page_at, width, height):
    page = page_at(width, height)
    ask(page, "ICE wants us to hold our prisoner past release. Can we?", 1)
    page.locator("#sc-chat button[aria-label='Clear']").first.click()
    page.locator("#sc-verdict .sc-intro").wait_for()
    # "It's an I-205." alone is no longer read as ICE's hold for our prisoner: nothing carries over.
    ask(page, "It's an I-205.", 1)
    page.locator("#sc-trace").get_by_text("Why this answer").first.click()
    trace = page.locator("#sc-trace .sc-trace").inner_text()
    assert "earlier" not in trace and "requester" not in trace


@pytest.mark.parametrize("width,height", SIZES)
def test_the_askers_words_show_as_typed_never_as_markup(page_at, width, height):
    page = page_at(width, height)
    typed = "<b>ICE</b> wants [the release date](http://evil.example) # now"
    ask(page, typed, 1)
    bubble = page.locator("#sc-chat .message-row.user-row, #sc-chat [data-testid='user']").first
    bubble.wait_for()
    assert typed in bubble.inner_text()
    assert bubble.locator("b, a, h1").count() == 0
