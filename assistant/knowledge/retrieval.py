"""Hybrid retrieval: BM25 and dense MiniLM rankings fused by reciprocal rank (RRF).

``HybridRetriever`` is a LangChain ``BaseRetriever`` returning ``Document``s with our metadata, so the
index drops into any LangChain chain; inside ShareCheck, ``search`` converts to ``Passage`` at this
one boundary. RRF: Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and
individual rank learning methods", SIGIR 2009 — score(d) = Σ 1 / (k + rank_i(d)), k = 60.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

from assistant.domain import Passage

RRF_K = 60


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked id lists into one list of (id, score), best first. Ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


class HybridRetriever(BaseRetriever):
    """BM25 + dense retrieval over a ``SearchIndex``, fused by RRF.

    ``k`` results are returned from ``pool`` candidates per ranker. ``mode`` is ``hybrid``,
    ``bm25`` or ``dense`` (the last two exist for ablations).
    """

    index: Any
    k: int = 4
    pool: int = 20
    mode: str = "hybrid"

    def search(self, query: str, k: int | None = None, vector: Any = None) -> list[Passage]:
        """The top passages for ``query`` with their fused scores (``vector``: its embedding, if known)."""
        k = k or self.k
        rankings: list[list[str]] = []
        chunks = {}
        if self.mode in ("hybrid", "bm25"):
            sparse = self.index.sparse(query, self.pool)
            rankings.append([c.chunk_id for c, _ in sparse])
            chunks.update({c.chunk_id: c for c, _ in sparse})
        if self.mode in ("hybrid", "dense"):
            dense = self.index.dense(query, self.pool, vector) if vector is not None else \
                self.index.dense(query, self.pool)
            rankings.append([c.chunk_id for c, _ in dense])
            chunks.update({c.chunk_id: c for c, _ in dense})
        fused = reciprocal_rank_fusion(rankings)[:k]
        return [chunks[cid].passage(score) for cid, score in fused]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                ) -> list[LCDocument]:
        return [LCDocument(page_content=p.text, id=p.chunk_id,
                           metadata={"doc_id": p.doc_id, "pinpoint": p.pinpoint, "provenance": p.provenance,
                                     "heading_path": p.heading_path, "origin": p.origin, "score": p.score})
                for p in self.search(query)]
