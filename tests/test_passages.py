"""The Sources panel's passage: Markdown rendered, the supporting sentence highlighted (issue 12)."""

from __future__ import annotations

from assistant.ui.passages import passage_html, supporting_sentence

PASSAGE = ("**No holds without a judicial warrant.** The City may honour a civil immigration detainer only when "
           "a judicial warrant is presented and the person has a qualifying conviction.\n\nOther requests, such "
           "as release dates, are *identifying information* and stay private.")


def test_the_sentence_sharing_most_of_the_claims_words_is_highlighted():
    html = passage_html(PASSAGE, "A detainer is honoured only with a judicial warrant and a qualifying conviction.")
    assert "<mark class='sc-support'" in html
    marked = html.split("<mark", 1)[1].split("</mark>", 1)[0]
    assert "qualifying conviction" in marked and "release dates" not in marked


def test_markdown_in_a_passage_renders_instead_of_showing_asterisks():
    html = passage_html(PASSAGE)
    assert "<strong>No holds without a judicial warrant.</strong>" in html
    assert "<em>identifying information</em>" in html and "**" not in html and html.count("<p>") == 2


def test_no_highlight_when_the_claim_shares_too_little_and_text_is_escaped():
    assert supporting_sentence(PASSAGE, "Tell your supervisor.") is None
    html = passage_html("A <script> & a 5 * 3 sum.", "script sum")
    assert "&lt;script&gt; &amp;" in html and "<mark" not in html  # one shared word is not enough
