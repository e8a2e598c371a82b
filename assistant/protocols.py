"""The seams: small Protocols for the parts of ShareCheck that can be swapped.

Each has a real implementation and a deterministic fake; one contract suite runs against both
(tests/test_contracts.py), so a fake cannot drift from what it stands in for.

| seam | real | fake |
|---|---|---|
| ``Embedder`` | MiniLM through LangChain (knowledge/embeddings.py) | ``HashEmbeddings`` (same module) |
| ``PassageIndex`` | ``SearchIndex`` (knowledge/index.py) | ``tests/fakes.FakeIndex`` |
| ``FactReader`` | ``ChatReader`` over the lexicon + classifier (engine/dialogue.py) | ``tests/fakes.FakeReader`` |

Pattern after haystack's one-method embedder protocols and contract-test mixins
(deepset-ai/haystack ``components/embedders/types/protocol.py``, ``testing/document_store.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol, runtime_checkable

from assistant.domain import Document, Facts, Turn


@runtime_checkable
class Embedder(Protocol):
    """Text → vectors. LangChain's ``Embeddings`` interface: unit-length float lists of a fixed dimension."""

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@runtime_checkable
class PassageIndex(Protocol):
    """What the pipeline needs of an index: sections by citation, two rankings, documents, the version.

    ``lookup`` returns chunks (``.text``, ``.pinpoint``, ``.provenance``, ``.origin``, ``.heading``,
    ``.passage(score)``) restatements first; ``sparse``/``dense`` return ``[(chunk, score)]`` best first.
    """

    documents: dict[str, Document]

    @property
    def corpus_version(self) -> str: ...

    def lookup(self, doc_id: str, pinpoint: str) -> list[Any]: ...

    def document(self, doc_id: str) -> Document: ...

    def sparse(self, query: str, k: int) -> list[tuple[Any, float]]: ...

    def dense(self, query: str, k: int, vector: Any = None) -> list[tuple[Any, float]]: ...


@runtime_checkable
class FactReader(Protocol):
    """A question and the earlier turns of its chat (oldest first) → Facts.

    Every fact carries the words it came from (``facts.evidence``) and a confidence in (0, 1]
    (``facts.confidence``); ``vector`` is the question's embedding when the caller already has one;
    ``today`` pins the date derived facts count from (default: the reader's, from settings).
    """

    def read(self, question: str, history: Sequence[Turn] = (), vector: Any = None,
             today: date | None = None) -> Facts: ...
