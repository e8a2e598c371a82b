"""Contract tests: one suite per seam (assistant/protocols.py), run against the fake and the real implementation.

A fake that drifts from what it stands in for fails here, not in the tests that rely on it.
"""

from __future__ import annotations

import math

import pytest

from assistant.domain import Facts, Turn
from assistant.engine.dialogue import ChatReader
from assistant.engine.reading import LexiconReader
from assistant.knowledge.embeddings import HashEmbeddings
from assistant.protocols import Embedder, FactReader, PassageIndex
from assistant.settings import REPO_ROOT
from tests.fakes import FakeIndex, FakeReader

HOLD = "ICE wants us to hold our prisoner past his release. Can we?"


# ---- Embedder -------------------------------------------------------------------------------------

@pytest.fixture(params=["hash", pytest.param("minilm", marks=[pytest.mark.model, pytest.mark.slow])])
def embedder(request):
    if request.param == "hash":
        return HashEmbeddings()
    return request.getfixturevalue("real_embedder")


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_embedder_contract(embedder):
    assert isinstance(embedder, Embedder)
    one = embedder.embed_query("ICE asked for the release date")
    assert len(one) == 384 and math.isclose(math.sqrt(sum(v * v for v in one)), 1.0, rel_tol=1e-4)
    assert embedder.embed_query("ICE asked for the release date") == pytest.approx(one)
    docs = embedder.embed_documents(["ICE asked for the release date", "the weather is nice"])
    assert docs[0] == pytest.approx(one, abs=1e-5) and len(docs) == 2
    near = embedder.embed_query("ICE asked for his release date")
    far = embedder.embed_query("the weather is nice today")
    assert _cos(one, near) > _cos(one, far)


# ---- PassageIndex ---------------------------------------------------------------------------------

@pytest.fixture(params=["fake", "search-index"])
def passage_index(request):
    if request.param == "fake":
        return FakeIndex(sparse=["ac-14-154#b(1)"], dense=["glossary#judicial-warrant"])
    from assistant.knowledge.index import SearchIndex

    return SearchIndex(request.getfixturevalue("built_settings"))


def test_passage_index_contract(passage_index):
    assert isinstance(passage_index, PassageIndex)
    chunks = passage_index.lookup("ac-14-154", "b(1)")
    assert chunks and {c.pinpoint for c in chunks} == {"b(1)"} and all(c.text.strip() for c in chunks)
    assert chunks[0].origin == "restatement"
    assert {c.pinpoint for c in passage_index.lookup("ac-14-154", "b")} == {"b"}  # its own text, not b(1)…
    assert passage_index.lookup("ac-14-154", "zz") == []
    assert passage_index.document("ac-14-154").citation.startswith("N.Y.C. Admin. Code")
    assert isinstance(passage_index.corpus_version, str) and len(passage_index.corpus_version) == 64
    for ranking in (passage_index.sparse("judicial warrant detainer", 3), passage_index.dense("judicial warrant", 3)):
        assert 0 < len(ranking) <= 3 and all(isinstance(score, float) for _, score in ranking)
        assert all(passage_index.lookup(c.doc_id, c.pinpoint) for c, _ in ranking)


# ---- FactReader -----------------------------------------------------------------------------------

SCRIPT = {HOLD: {"intent": "permission", "requester": "ice", "action": "hold", "subject": "arrestee"},
          "It's an I-205.": {"intent": "permission", "requester": "ice", "action": "hold", "subject": "arrestee",
                             "document": "admin_warrant"}}


@pytest.fixture(params=["fake", "chat-reader"])
def reader(request):
    if request.param == "fake":
        return FakeReader(SCRIPT)
    return ChatReader(LexiconReader(REPO_ROOT / "corpus"))


def test_fact_reader_contract(reader):
    assert isinstance(reader, FactReader)
    facts = reader.read(HOLD)
    assert isinstance(facts, Facts)
    assert (facts.intent, facts.requester, facts.action) == ("permission", "ice", "hold")
    for slot in facts.known():
        assert facts.evidence.get(slot), slot  # every fact keeps the words it came from
        assert 0 < facts.confidence.get(slot, 1.0) <= 1, slot
    history = [Turn(HOLD)]
    follow = reader.read("It's an I-205.", history)
    assert (follow.requester, follow.action, follow.document) == ("ice", "hold", "admin_warrant")
    assert history == [Turn(HOLD)]  # the reader never changes the history it is given
    assert reader.read(HOLD).as_dict() == facts.as_dict()  # the same words read the same way
