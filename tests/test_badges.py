"""Law kept apart from guidance, and badges that agree with provenance (issue 11, scope 4). Fast: fake index."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from assistant.cli.render import print_answer
from assistant.domain import Answer, Citation, CitationRef
from assistant.engine.answer import CitationBook
from assistant.knowledge.badges import badge, legend, section_status, split_guidance
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.ui.card import PROVENANCE, contrast_ratio, legend_html, plain_text, sources_html
from tests.fakes import FakeIndex


@pytest.fixture(scope="module")
def index():
    return FakeIndex()


def _cite(index, ref: str) -> Citation:
    book = CitationBook(index)
    book.cite(CitationRef.parse(ref))
    return book.citations[0]


def test_guidance_is_split_from_the_restatement_at_its_marker():
    law, guidance = split_guidance("The law says A.\n\nIt also says B. For an officer: ask who signed.\n\nMore law.")
    assert law == "The law says A.\n\nIt also says B.\n\nMore law."
    assert guidance == "For an officer: ask who signed."
    assert split_guidance("Only law.") == ("Only law.", "")


def test_a_verified_quote_holds_the_restatement_only(index):
    c = _cite(index, "ac-14-154#a(4)")
    assert c.provenance == "verified" and "For an officer" not in c.quote
    assert c.quote.startswith("A judicial warrant, for this section, must meet three tests")
    assert c.quote.endswith("a broader definition that does include New York State courts.")
    assert c.guidance == "For an officer: always ask who signed the paper; an ICE officer's signature is never enough."


def test_no_corpus_quote_carries_commentary(index):
    for doc_id, pinpoint in index._by_key:
        c = _cite(index, f"{doc_id}#{pinpoint}")
        assert "For an officer" not in c.quote, (doc_id, pinpoint)


def test_an_unverified_section_is_never_shown_plainly_in_force(index):
    c = _cite(index, "ac-14-154#b(2)")
    assert c.provenance == "unverified" and c.status == "in force, challenged in court: unconfirmed"
    assert _cite(index, "ac-14-154#b(1)").status == "in force, challenged in court"
    assert section_status("law", "in-force", "unverified") == "in force: unconfirmed"
    assert section_status("law", "revoked", "unverified") == "revoked"
    assert section_status("report", "historical", "unverified") == ""
    for doc_id, pinpoint in index._by_key:
        c = _cite(index, f"{doc_id}#{pinpoint}")
        if c.provenance == "unverified" and c.status.startswith("in force"):
            assert c.status.endswith(": unconfirmed"), (doc_id, pinpoint)


def test_glossary_entries_are_explanations_not_verified_law(index):
    c = _cite(index, "glossary#judicial-warrant")
    assert c.provenance == "verified" and c.quote_kind == "explanation" and c.status == ""
    answer = Answer(question="q", verdict="info", summary="s", answer="a [1].", citations=[c])
    sources = sources_html(answer)
    assert "ℹ ShareCheck explanation" in sources and badge("verified") not in sources.split("sc-legend")[0]
    assert "[1] ShareCheck glossary, Judicial warrant (ShareCheck explanation) https://" in plain_text(answer)
    weak = _cite(index, "glossary#civil-immigration-detainer")
    assert "ℹ ShareCheck explanation</span> <span class='sc-prov sc-prov-secondary'>≈ secondary source" in \
        sources_html(Answer(question="q", verdict="info", summary="s", answer="a [1].", citations=[weak]))


def test_card_shows_guidance_apart_with_link_words_and_legend(index):
    c = _cite(index, "nypd-ops-order-2025#no-assistance")
    assert c.source_kind == "reported" and c.source_label == "Reported by Fox 5 New York"
    answer = Answer(question="q", verdict="info", summary="s", answer="a [1].", citations=[c])
    sources = sources_html(answer)
    quote_end = sources.index("</blockquote>")
    assert "For an officer" not in sources[:quote_end]
    assert sources.index("<div class='sc-guidance' role='note'><p class='sc-guidance-h'>ShareCheck guidance — not the "
                         "law's text</p><p>For an officer:") > quote_end
    assert "<a class='sc-reported' href='https://www.fox5ny.com/" in sources
    assert "Reported by Fox 5 New York ↗" in sources
    assert "Official text ↗" not in sources.split("sc-legend")[0]
    assert "<summary>What the badges mean</summary>" in sources and legend_html() in sources
    text = plain_text(answer)
    assert "(Reported by Fox 5 New York)\n    ShareCheck guidance: For an officer:" in text


def test_legend_explains_every_badge_the_card_shows():
    keys = [k for k, _, _ in legend()]
    assert keys == ["verified", "secondary", "unverified", "explanation", "guidance", "official", "reported"]
    assert all(means and len(means) > 40 for _, _, means in legend())
    for key, (words, background, text) in PROVENANCE.items():
        assert words == badge(key) and contrast_ratio(background, text) >= 4.5


def test_cli_sources_show_guidance_status_and_link_words_and_the_legend(index):
    cited = [_cite(index, ref) for ref in ("ac-14-154#b(2)", "ac-14-154#a(4)", "glossary#judicial-warrant")]
    answer = Answer(question="q", verdict="info", summary="s", answer="a [1][2][3].",
                    citations=[c.model_copy(update={"n": n}) for n, c in enumerate(cited, start=1)])
    out = io.StringIO()
    print_answer(answer, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "ShareCheck guidance (not the law's text): For an officer:" in text
    assert "? unverified · in force, challenged in court: unconfirmed · Official text: https://codelibrary" in text
    assert "ℹ ShareCheck explanation · Official text: https://codelibrary" in text
    assert "? unverified: Could not be checked against any text" in text
    assert "ShareCheck guidance: ShareCheck's practical advice for an officer" in text
    assert "✓ verified: ShareCheck's plain-language restatement" in text and "[3] ShareCheck glossary" in text


def test_json_citation_adds_fields_and_keeps_the_design_ones():
    answer = Assistant(Settings.from_env(), index=FakeIndex()).ask(
        "ICE called asking when our prisoner gets released. Can I tell them?")
    first = answer.model_dump()["citations"][0]
    assert first["label"] == "N.Y.C. Admin. Code § 14-154(b)(1)" and first["provenance"] == "verified"
    assert first["guidance"].startswith("For an officer:") and "For an officer" not in first["quote"]
    assert first["quote_kind"] == "restatement" and first["status"] == "in force, challenged in court"
    assert first["source_kind"] == "official" and first["source_label"] == "Official text"
