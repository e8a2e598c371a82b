"""Badges: law kept apart from guidance, and a section's status that agrees with its provenance.

Data: ``corpus/badges.yaml`` (the guidance marker, the unconfirmed-status words, the legend). Shapes:
``split_guidance(text) -> (restatement, guidance)``; ``section_status(kind, status, provenance) -> str``
(the words shown beside a section, "" for reports and the glossary); ``legend() -> [(key, badge,
means)]``. Errors: a missing or malformed ``badges.yaml`` raises CorpusError naming the file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant import yamldata
from assistant.errors import CorpusError
from assistant.settings import REPO_ROOT

BADGES_PATH = REPO_ROOT / "corpus" / "badges.yaml"
# Reports and the glossary are not instruments that can be in force or struck down.
NO_STATUS_KINDS = frozenset({"report", "glossary"})
# A document's status in words (knowledge/corpus.py re-exports it for the card and the answer).
STATUS_LABELS = {"in-force": "in force", "in-force-challenged": "in force, challenged in court",
                 "struck-down": "struck down", "revoked": "revoked", "pending": "pending", "proposed": "proposed",
                 "not-enacted": "not enacted", "historical": "not enacted / historical"}


@lru_cache(maxsize=4)
def _data(path: Path = BADGES_PATH) -> dict:
    try:
        raw = yamldata.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError([f"{path}:1: cannot read the badge words ({exc})"]) from None
    if not isinstance(raw, dict) or not raw.get("guidance_marker") or not raw.get("legend"):
        raise CorpusError([f"{path}:1: needs guidance_marker, unconfirmed_status and legend"])
    return raw


def guidance_marker() -> str:
    """The words that open ShareCheck's commentary in a section (``For an officer``, then ``:``)."""
    return str(_data()["guidance_marker"])


def split_guidance(text: str) -> tuple[str, str]:
    """``(restatement, guidance)`` of a section's text. Guidance runs from the marker to the end of its
    paragraph (a blank line); text before the marker in that paragraph stays with the restatement.

    >>> split_guidance("Law.\\n\\nMore law. For an officer: ask.")
    ('Law.\\n\\nMore law.', 'For an officer: ask.')
    """
    words = r"\s+".join(re.escape(w) for w in guidance_marker().split())  # a line may wrap inside it
    marker = re.compile(words + r"(?:\s*\([^)]*\))?:")
    law, guidance = [], []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        found = marker.search(paragraph)
        if found is None:
            law.append(paragraph)
            continue
        at = found.start()
        if paragraph[:at].strip():
            law.append(paragraph[:at].rstrip())
        guidance.append(paragraph[at:].strip())
    return "\n\n".join(p for p in law if p.strip()).strip(), "\n\n".join(guidance)


def section_status(kind: str, status: str, provenance: str) -> str:
    """What the card shows beside a section: the document's status in words, unless the section's own
    provenance leaves it unconfirmed (``unverified`` + ``in-force`` → ``in force: unconfirmed``)."""
    if kind in NO_STATUS_KINDS:
        return ""
    unconfirmed = (_data().get("unconfirmed_status") or {}).get(provenance) or {}
    return str(unconfirmed.get(status) or STATUS_LABELS.get(status, status))


def legend() -> list[tuple[str, str, str]]:
    """``(key, badge, means)`` for each badge, in the order shown."""
    return [(str(e["key"]), str(e["badge"]), " ".join(str(e["means"]).split())) for e in _data()["legend"]]


def badge(key: str) -> str:
    """The exact word of one badge, e.g. ``badge("verified")`` → ``✓ verified``. KeyError for an unknown key."""
    words = {k: b for k, b, _ in legend()}
    return words[key]


def badge_words(quote_kind: str, provenance: str) -> str:
    """The badge text for a source: its provenance badge, or for a glossary entry (``explanation``) the
    explanation badge, followed by a weak provenance: ``ℹ ShareCheck explanation · ≈ secondary source``."""
    if quote_kind != "explanation":
        return badge(provenance)
    return badge("explanation") + ("" if provenance == "verified" else f" · {badge(provenance)}")


def legend_for(citations: list) -> list[tuple[str, str, str]]:
    """The legend entries for the badges these citations show (provenance, explanation, guidance, link)."""
    used = {c.provenance for c in citations if c.quote_kind != "explanation" or c.provenance != "verified"}
    used |= {"explanation" for c in citations if c.quote_kind == "explanation"}
    used |= {"guidance" for c in citations if c.guidance} | {c.source_kind for c in citations}
    return [entry for entry in legend() if entry[0] in used]
