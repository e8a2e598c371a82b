"""ShareCheck: can an NYPD member share this, or help with this, under New York City's sanctuary laws?

The public face of the package::

    from assistant import Assistant, Settings, QuestionError
    answer = Assistant(Settings.from_env()).ask("ICE called asking when our prisoner gets out. Can I tell them?")
    answer.verdict        # "prohibited" (DESIGN §2 words)
    answer.citations[0]   # pinpoint citation with the passage and its provenance

``Assistant`` (and ``Answer``) load on first use, so importing the settings or the errors stays light.
The tree by role: ``engine/`` (reading, rules, answer), ``knowledge/`` (corpus, index, retrieval),
``stores/`` (SQLite stores), ``exercises/`` (scenarios, scoring, cases), ``cli/``, ``ui/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.errors import (
    AnswerCheckError,
    CaseError,
    CorpusError,
    IndexMissingError,
    IngestError,
    LLMConfigError,
    ModelMissingError,
    QuestionError,
    RecordError,
    RuleTableError,
    ScenarioError,
    ScoreError,
    ShareCheckError,
    StoreError,
    TrainingDataError,
    UsageError,
)
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.domain import Answer
    from assistant.pipeline import Assistant

_LAZY = {"Assistant": "assistant.pipeline", "Answer": "assistant.domain", "Facts": "assistant.domain"}

__all__ = [
    "Answer", "AnswerCheckError", "Assistant", "CaseError", "CorpusError", "Facts", "IndexMissingError",
    "IngestError", "LLMConfigError", "ModelMissingError", "QuestionError", "RecordError", "RuleTableError",
    "ScenarioError", "ScoreError", "Settings", "ShareCheckError", "StoreError", "TrainingDataError", "UsageError",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
