"""Small in-memory stand-ins for the index, for fast tests that need no model."""

from __future__ import annotations

from assistant.knowledge.corpus import load_corpus
from assistant.knowledge.index import Chunk
from assistant.settings import REPO_ROOT


class FakeIndex:
    """Serves the real corpus's sections as chunks without embeddings.

    ``sparse``/``dense`` return canned rankings so fusion can be checked by hand.
    """

    def __init__(self, sparse=None, dense=None):
        corpus = load_corpus(REPO_ROOT / "corpus")
        self.documents = corpus.documents
        self.corpus_version = corpus.version
        self.chunks = [Chunk(chunk_id=f"restatement:{s.doc_id}#{s.pinpoint}#0", doc_id=s.doc_id, pinpoint=s.pinpoint,
                             text=s.text, heading=s.heading, heading_path=s.heading, provenance=s.provenance,
                             origin="restatement") for s in corpus.sections]
        self._by_key = {(c.doc_id, c.pinpoint): c for c in self.chunks}
        self._sparse = sparse or []
        self._dense = dense or []

    def chunk(self, ref: str) -> Chunk:
        doc_id, pinpoint = ref.split("#", 1)
        return self._by_key[(doc_id, pinpoint)]

    def sparse(self, query, k):
        return [(self.chunk(r), 1.0) for r in self._sparse][:k]

    def dense(self, query, k, vector=None):
        return [(self.chunk(r), 0.5) for r in self._dense][:k]

    def lookup(self, doc_id, pinpoint):
        exact = [c for c in self.chunks if c.doc_id == doc_id and c.pinpoint == pinpoint]
        return exact or [c for c in self.chunks if c.doc_id == doc_id and c.pinpoint.startswith(pinpoint + "(")]

    def document(self, doc_id):
        return self.documents[doc_id]


class FakeReader:
    """A scripted ``FactReader``: each known question maps to the facts it stands for.

    A question not in the script reads as ``intent: out_of_scope`` with no facts; every scripted
    fact gets its words (the question itself) and full confidence unless the script gives them.
    """

    def __init__(self, script: dict[str, dict[str, object]]):
        self.script = script
        self.calls: list[tuple[str, int]] = []

    def read(self, question, history=(), vector=None, today=None):
        from assistant.domain import Facts

        self.calls.append((question, len(history)))
        slots = dict(self.script.get(question, {"intent": "out_of_scope"}))
        intent = str(slots.pop("intent", "permission"))
        facts = Facts(intent=intent, **slots)
        for slot in facts.known():
            facts.evidence.setdefault(slot, question)
            facts.confidence.setdefault(slot, 1.0)
        return facts


def verdict_of(engine, question: str, history=()) -> tuple[str, str]:
    """(verdict, deciding rule id) of ``engine``'s answer to ``question`` after ``history`` turns."""
    answer = engine.ask(question, history=list(history))
    return answer.verdict, answer.trace["rule"]
