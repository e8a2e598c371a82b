"""Links that are what they say (issue 11, scope 3): every source link against corpus/official-sources.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CorpusError
from assistant.knowledge.corpus import load_corpus
from assistant.knowledge.sources import check, load_register, note_urls
from assistant.settings import REPO_ROOT
from evals import links

CORPUS_DIR = REPO_ROOT / "corpus"
CODE_LEVEL = "https://codelibrary.amlegal.com/codes/newyorkcity/latest/NYCadmin/"
NEWS = ("fox5ny.com", "cityandstateny.com", "auspol.co", "courtlistener.com", "clearinghouse.net")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS_DIR)


@pytest.fixture(scope="module")
def register():
    return load_register(CORPUS_DIR)


def test_every_link_and_opening_note_url_passes(corpus, register):
    checks = check(corpus.documents, register)
    assert [c for c in checks if not c.ok] == []
    assert {c.doc_id for c in checks if not c.key.startswith("note:")} == set(corpus.documents)
    assert len([c for c in checks if c.key.startswith("note:")]) >= len(corpus.documents)


def test_news_is_never_labelled_official(corpus, register):
    for doc in corpus.documents.values():
        for link in doc.links.values():
            if any(site in link["url"] for site in NEWS):
                assert link["kind"] == "reported" and link["label"].startswith("Reported by "), link
                assert not register.is_official(link["url"])


@pytest.mark.parametrize("doc_id, label", [
    ("eo-13-2026", "Reported by auspol.co"),
    ("nypd-ops-order-2025", "Reported by Fox 5 New York"),
    ("nys-proposals-2026", "Reported by City & State"),
    ("doi-nypd-2025", "Official site"),
    ("eo-50-2025", "Official record"),
    ("wells-v-demarco", "Official text"),
])
def test_document_link_words(corpus, doc_id, label):
    assert corpus.documents[doc_id].link("any")["label"] == label


@pytest.mark.parametrize("doc_id, pinpoint, url", [
    ("ac-10-178", "d", CODE_LEVEL + "0-0-0-6808"),
    ("ac-23-ch12", "23-1201", CODE_LEVEL + "0-0-0-129545"),
    ("ac-23-ch12", "23-1202(c)(1)", CODE_LEVEL),
    ("ac-23-ch12", "23-1204", CODE_LEVEL + "0-0-0-129544"),
    ("nys-crl-28", "2", "https://nysenate.gov/legislation/laws/CVR/28*2"),
    ("nys-cpl-160-50", "160.55", "https://www.nysenate.gov/legislation/laws/CPL/160.55"),
    ("federal-baseline", "detainer-i-247a", "https://www.ecfr.gov/current/title-8/section-287.7"),
    ("federal-baseline", "us-v-city-of-new-york", "https://clearinghouse.net/case/46818"),
    ("nypd-guidance", "privacy-matters", "https://www1.nyc.gov/site/nypd/bureaus/administrative/privacy-mattters.page"),
])
def test_section_level_links(corpus, doc_id, pinpoint, url):
    assert corpus.documents[doc_id].link(pinpoint)["url"] == url


def test_every_link_short_of_the_sections_own_text_is_listed_with_why(corpus, register):
    for doc in corpus.documents.values():
        for link in doc.links.values():
            listed = register.exception(doc.id, link["url"])
            if link["url"] == CODE_LEVEL or link["kind"] == "reported":
                assert listed is not None and listed.why, (doc.id, link["url"])
                assert listed.level == ("reported" if link["kind"] == "reported" else "code")


def test_no_exception_is_stale(corpus, register):
    for e in register.exceptions:
        doc = corpus.documents[e.doc]
        assert e.url in {v["url"] for v in doc.links.values()}, e
        for key in e.sections:
            assert any(s.pinpoint == key or s.pinpoint.startswith(key + "(") for s in corpus.sections
                       if s.doc_id == e.doc), (e.doc, key)
            assert doc.link(key)["url"] == e.url


def test_every_inferred_address_is_used(corpus, register):
    used = {v["url"] for d in corpus.documents.values() for v in d.links.values()}
    assert register.inferred and set(register.inferred) <= used


def test_reported_documents_say_so_in_their_opening_note(corpus):
    for doc in corpus.documents.values():
        if doc.source_kind == "reported":
            text = Path(doc.path).read_text(encoding="utf-8")
            assert f"Reported by {doc.reported_by}" in text and doc.source_url in text, doc.id


def test_opening_note_urls_are_read(corpus):
    urls = [u for _, u in note_urls(Path(corpus.documents["ac-23-ch12"].path))]
    assert urls == [CODE_LEVEL, CODE_LEVEL + "0-0-0-129545", CODE_LEVEL + "0-0-0-129570", CODE_LEVEL + "0-0-0-129544"]


def test_the_link_script_prints_one_line_per_link_and_passes(capsys):
    assert links.main([]) == 0
    out = capsys.readouterr().out
    assert "nypd-ops-order-2025" in out and "reported/reported  Reported by Fox 5 New York  ok" in out
    assert out.rstrip().endswith("links ok") and "FAIL" not in out


# ---- the loader refuses what is not what it says --------------------------------------------------

def _replace(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if new.split("\n")[0]
                in line)


def _problems(corpus_dir: Path) -> list[str]:
    with pytest.raises(CorpusError) as exc:
        load_corpus(corpus_dir)
    return exc.value.problems


def test_news_labelled_official_is_refused_with_file_and_line(corpus_copy):
    path = corpus_copy / "documents" / "nypd-ops-order-2025.md"
    line = _replace(path, 'source_kind: reported\nreported_by: "Fox 5 New York"\n', "authority_note: x\n")
    problems = _problems(corpus_copy)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{line - 1}: https://www.fox5ny.com/")
    assert "not on the official list" in problems[0]


def test_a_reported_source_needs_its_outlet(corpus_copy):
    path = corpus_copy / "documents" / "eo-13-2026.md"
    _replace(path, 'reported_by: "auspol.co"\n', "")
    line = path.read_text(encoding="utf-8").splitlines().index("source_kind: reported") + 1
    problems = _problems(corpus_copy)
    assert problems == [f"{path}:{line}: a reported source needs reported_by: \"<Outlet>\", the outlet's name"]


def test_an_official_domain_cannot_be_called_reported(corpus_copy):
    path = corpus_copy / "documents" / "wells-v-demarco.md"
    _replace(path, "authority: 2\n", 'authority: 2\nsource_kind: reported\nreported_by: "Courts"\n')
    problems = _problems(corpus_copy)
    assert len(problems) == 1 and "is an official domain; say source_kind: official" in problems[0]
    assert problems[0].startswith(f"{path}:9:")


def test_a_section_url_for_no_section_is_refused(corpus_copy):
    path = corpus_copy / "documents" / "nys-cpl-160-50.md"
    _replace(path, '"160.57":', '"160.99":')
    problems = _problems(corpus_copy)
    assert len(problems) == 1 and "section_urls key '160.99' names no section of nys-cpl-160-50" in problems[0]


def test_unknown_source_kind_is_refused(corpus_copy):
    path = corpus_copy / "documents" / "eo-13-2026.md"
    _replace(path, "source_kind: reported\n", "source_kind: blog\n")
    problems = _problems(corpus_copy)
    assert any("source_kind 'blog' is not one of ['official', 'reported']" in p for p in problems)
