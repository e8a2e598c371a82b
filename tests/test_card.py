"""The verdict card, sources, trace and copy text rendered from answers (fast: fake index, no model)."""

from __future__ import annotations

import re

import pytest

from assistant.domain import VERDICTS, Answer, Citation, ReasonOut
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.ui.card import (
    CAUTION_COLOURS,
    CSS,
    ICONS,
    PROVENANCE,
    VERDICT_COLOURS,
    card_markdown,
    contrast_ratio,
    failure_html,
    plain_text,
    sources_html,
    split_sources,
    trace_html,
    verdict_html,
    verdict_line,
)
from tests.fakes import FakeIndex

CANONICAL = "ICE called asking when our prisoner gets released. Can I tell them?"


@pytest.fixture(scope="module")
def fake_assistant():
    return Assistant(Settings.from_env(), index=FakeIndex(sparse=["doi-nypd-2025#incident-1"],
                                                          dense=["glossary#judicial-warrant"]))


@pytest.fixture(scope="module")
def meta(fake_assistant):
    return {d: (doc.kind, doc.status) for d, doc in fake_assistant.index.documents.items()}


@pytest.fixture(scope="module")
def canonical(fake_assistant):
    return fake_assistant.ask(CANONICAL)


def test_card_order_is_badge_summary_caution_todo_why(canonical, meta):
    card = verdict_html(canonical, 1, meta)
    positions = [card.index(marker) for marker in ("sc-badge", "sc-summary", "What to do", ">Why<")]
    assert positions == sorted(positions)
    weak = verdict_html(_answer("review", "secondary"), 1, meta)
    assert weak.index("sc-summary") < weak.index("sc-caution") < weak.index("What to do")
    assert "✖</span> Not permitted" in card and "data-turn='1'" in card and "data-verdict='prohibited'" in card


def test_what_to_do_is_a_checklist_with_source_links(canonical, meta):
    card = verdict_html(canonical, 1, meta)
    checklist = card[card.index("sc-checklist"):card.index("</ul>", card.index("sc-checklist"))]
    assert checklist.count("type='checkbox'") == len(canonical.actions)
    assert "Decline the request" in checklist and "href='#source-" in checklist


def test_every_reason_marker_links_to_a_source_that_exists(canonical, meta):
    card = verdict_html(canonical, 1, meta)
    sources = sources_html(canonical, meta)
    linked = set(re.findall(r"href='#source-(\d+)'", card))
    assert linked and linked <= set(re.findall(r"id='source-(\d+)'", sources))
    assert sources.count("<details class='sc-source'") == len(canonical.citations)


def test_sources_show_passage_provenance_status_and_official_link(canonical, meta):
    sources = sources_html(canonical, meta)
    first = canonical.citations[0]
    assert "N.Y.C. Admin. Code § 14-154(b)(1)" in sources and "✓ verified" in sources and "in force" in sources
    assert "judicial warrant" in sources and f"href='{first.source_url}'" in sources and "Official text" in sources
    assert "≈ secondary source" in sources  # the NYPD order is secondary


def test_a_clear_verdict_on_verified_code_carries_no_legal_bureau_warning(canonical, meta):
    # The canonical ICE release-date answer rests on § 14-154(b)(1), verified; its secondary sources
    # (the NYPD order, the litigation note) only support it.
    assert canonical.citations[0].role == "deciding" and canonical.citations[0].provenance == "verified"
    assert any(c.provenance != "verified" and c.role == "supporting" for c in canonical.citations)
    assert "sc-caution" not in verdict_html(canonical, 1, meta)
    assert "Legal Bureau" not in plain_text(canonical).split("Sources:")[0]


def test_the_caution_names_only_the_deciding_weak_source(meta):
    answer = _answer("review", "secondary")
    answer.citations.append(Citation(n=2, doc_id="eo-41-2003", pinpoint="x", label="EO 41", quote="q",
                                     provenance="unverified", source_url="https://example.invalid/",
                                     role="supporting"))
    card = verdict_html(answer, 1, meta)
    caution = card[card.index("sc-caution"):card.index("</p>", card.index("sc-caution"))]
    assert "Confirm with Legal Bureau" in caution and "#source-1'" in caution and "(secondary)" in caution
    assert "#source-2'" not in caution and "EO 41" not in caution
    assert "(Label <b> [1] (secondary)): confirm with Legal Bureau." in plain_text(answer)


def _answer(verdict: str, provenance: str = "verified", doc_id: str = "ac-14-154") -> Answer:
    return Answer(question="q", verdict=verdict, summary="Short <summary> & more.",  # type: ignore[arg-type]
                  answer="**Label.** Text [1].", reasons=[ReasonOut(text="Because **this**.", citations=[1])],
                  actions=["Tell your supervisor now."],
                  citations=[Citation(n=1, doc_id=doc_id, pinpoint="b", label="Label <b>", quote="Quote & <i>",
                                      provenance=provenance, source_url="https://example.invalid/?a=1&b=2",
                                      role="deciding")])


def test_no_caution_when_every_source_is_verified(meta):
    assert "sc-caution" not in verdict_html(_answer("permitted"), 1, meta)


def test_text_is_escaped_and_bold_is_kept(meta):
    card = verdict_html(_answer("review", "unverified"), 2, meta)
    assert "Short &lt;summary&gt; &amp; more." in card and "<strong>this</strong>" in card
    sources = sources_html(_answer("review"), meta)
    assert "Label &lt;b&gt;" in sources and "Quote &amp; &lt;i&gt;" in sources and "a=1&amp;b=2" in sources


def test_a_revoked_order_is_flagged(meta):
    answer = _answer("info", doc_id="eo-50-2025")
    assert "<strong>revoked</strong>, not binding law" in verdict_html(answer, 1, meta)
    assert "sc-status-revoked" in sources_html(answer, meta)


def test_a_challenged_law_still_binds_on_the_card(meta):
    answer = _answer("prohibited", doc_id="ac-14-154")
    assert "not binding law" not in verdict_html(answer, 1, meta)
    assert "in force, challenged in court" in sources_html(answer, meta)


@pytest.mark.parametrize("verdict", VERDICTS)
def test_every_verdict_has_icon_word_and_readable_colours(verdict, meta):
    card = verdict_html(_answer(verdict), 1, meta)
    assert ICONS[verdict] in card and f"sc-card-{verdict}" in card
    background, text = VERDICT_COLOURS[verdict]
    assert contrast_ratio(background, text) >= 4.5
    assert f".sc-card-{verdict} .sc-head {{ background: {background}; color: {text}; }}" in CSS


def test_badges_and_caution_have_readable_colours():
    for _, background, text in PROVENANCE.values():
        assert contrast_ratio(background, text) >= 4.5
    assert contrast_ratio(*CAUTION_COLOURS) >= 4.5
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0


def test_copy_text_is_plain_and_complete(canonical):
    text = plain_text(canonical)
    assert text.startswith("ShareCheck: Not permitted\n") and "What to do:\n- Decline" in text
    assert "[1] N.Y.C. Admin. Code § 14-154(b)(1) (verified) https://" in text
    assert "<" not in text and "**" not in text and "confirm with Legal Bureau" not in text


def test_the_copy_text_travels_inside_the_card(canonical, meta):
    card = verdict_html(canonical, 1, meta)
    assert "<pre class='sc-copy-text' hidden>ShareCheck: Not permitted" in card


def test_trace_shows_facts_words_rule_and_rules_passed_over(canonical):
    trace = trace_html(canonical)
    assert "Rule applied: <code>" in trace and canonical.trace and str(canonical.trace["rule"]) in trace
    assert "<code>requester</code> = <code>ice</code>" in trace
    assert "Rules checked first" in trace


def test_trace_without_a_trace_says_so():
    assert "none (informational or outside scope)" in trace_html(_answer("out_of_scope"))


def test_transcript_lines(canonical):
    assert verdict_line(canonical).startswith("✖ **Not permitted**")
    assert card_markdown(canonical).startswith("✖ **NOT PERMITTED**\n\nNo")


def test_the_deciding_source_comes_first_and_the_rest_fold_under_more_sources(canonical, meta):
    lead, more = split_sources(canonical)
    assert [c.n for c in lead] == [c.n for c in canonical.citations if c.role == "deciding"] == [1]
    assert [c.n for c in more] == [c.n for c in canonical.citations][1:]
    sources = sources_html(canonical, meta)
    fold = sources.index("<details class='sc-more'>")
    assert sources.index("id='source-1'") < fold < sources.index("id='source-2'")
    assert f"More sources ({len(more)})" in sources
    # An answer with no deciding citation shows every source up front, with no fold at all.
    plain = canonical.model_copy(update={"citations": [c.model_copy(update={"role": "supporting"})
                                                       for c in canonical.citations]})
    assert split_sources(plain)[1] == [] and "sc-more" not in sources_html(plain, meta)


def test_a_transcript_answer_carries_its_own_sources_and_markers(canonical, meta):
    message = card_markdown(canonical, 3, meta)
    linked = set(re.findall(r"href='#t3-source-(\d+)'", message))
    held = set(re.findall(r"id='t3-source-(\d+)'", message))
    assert linked and linked <= held == {str(c.n) for c in canonical.citations}
    assert "id='source-" not in message and "href='#source-" not in message  # never the newest answer's panel
    assert "14-154(b)(1)" in message and "mark class='sc-support'" in message
    assert "[1]" not in re.sub(r"<a class='sc-ref'[^>]*>\[1\]</a>", "", message.split("Sources of this answer")[0])


def test_out_of_scope_card_explains_where_to_go(fake_assistant, meta):
    answer = fake_assistant.ask("Can I get overtime for a double shift?")
    card = verdict_html(answer, 1, meta)
    assert "Outside scope" in card and "Legal Bureau" in card and "sc-checklist" not in card
    assert "No sources" in sources_html(answer, meta)


def test_a_failed_answer_says_not_to_act_on_it():
    card = failure_html("AnswerCheckError", 3)
    assert "No checked answer" in card and "Do not act on ShareCheck" in card and "data-turn='3'" in card
    assert "sc-card-review" in card and "AnswerCheckError" in card


def test_a_question_with_several_requests_shows_each_with_its_verdict(fake_assistant):
    answer = fake_assistant.ask("ICE wants to know if he's still in our cells and the FBI wants his rap sheet for "
                                "the gun case they're building on him. Can I do either?")
    card = verdict_html(answer)
    assert card.count("<li><span class='sc-mini sc-mini-") == 2
    assert "sc-mini-prohibited" in card and "sc-mini-permitted" in card and "Each request (2)" in card
    assert card.index("Each request") < card.index("What to do")
    assert "Each request:\n- Not permitted: “ice wants to know" in plain_text(answer)


def test_the_askers_words_are_shown_literally_in_the_transcript():
    from assistant.ui.card import literal_markdown

    shown = literal_markdown("<b>ICE</b> wants [this](http://x.example) # now *please*")
    assert "<b>" not in shown and "&lt;b&gt;" in shown
    assert "\\[this\\]" in shown and "http\\://" in shown and "\\# now" in shown and "\\*please\\*" in shown
