"""Reciprocal rank fusion and the LangChain retriever boundary, with canned rankings."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.knowledge.retrieval import RRF_K, HybridRetriever, reciprocal_rank_fusion
from tests.fakes import FakeIndex


def test_rrf_scores_by_hand():
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]]))
    assert fused["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert fused["a"] == pytest.approx(1 / (RRF_K + 1))
    assert fused["d"] == pytest.approx(1 / (RRF_K + 2))
    assert [k for k, _ in reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])] == ["b", "a", "d", "c"]


def test_rrf_of_nothing_is_empty():
    assert reciprocal_rank_fusion([[], []]) == []


@pytest.fixture(scope="module")
def index():
    return FakeIndex(sparse=["ac-14-154#b(1)", "ac-10-178#c", "glossary#judicial-warrant"],
                     dense=["ac-10-178#c", "doi-nypd-2025#incident-1"])


def test_hybrid_puts_the_item_both_rankers_agree_on_first(index):
    passages = HybridRetriever(index=index, k=3).search("anything")
    assert [(p.doc_id, p.pinpoint) for p in passages] == [
        ("ac-10-178", "c"), ("ac-14-154", "b(1)"), ("doi-nypd-2025", "incident-1")]
    assert passages[0].score > passages[1].score


@pytest.mark.parametrize("mode,first", [("bm25", ("ac-14-154", "b(1)")), ("dense", ("ac-10-178", "c"))])
def test_single_ranker_modes_for_ablation(index, mode, first):
    passages = HybridRetriever(index=index, k=2, mode=mode).search("q")
    assert (passages[0].doc_id, passages[0].pinpoint) == first


def test_langchain_invoke_returns_documents_with_metadata(index):
    docs = HybridRetriever(index=index, k=2).invoke("release date")
    assert all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["doc_id"] == "ac-10-178" and docs[0].metadata["pinpoint"] == "c"
    assert docs[0].metadata["provenance"] in {"verified", "secondary", "unverified"}
    assert docs[0].page_content.startswith("No City resources")
