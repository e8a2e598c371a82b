"""What every ``sharecheck`` command shares: settings from the environment, the loaded Assistant,
the corpus checked against the rule table, and the exit codes.

Exit codes: 0 success (also when the reader of our output closes it early, ``| head -1``), 1 a
failure the user cannot fix from the command line (a bug: it prints a traceback) or a threshold not
met, 2 bad input — any ShareCheckError: a bad argument or SHARECHECK_* value, a missing index or
model, an invalid corpus. ``main`` prints its message, which says what to do, without a traceback.
"""

from __future__ import annotations

from assistant.errors import AuditError, CorpusError, IndexMissingError, RuleTableError, UsageError, format_problems
from assistant.settings import Settings

EXIT_BAD_INPUT = 2
NOT_REBUILT = "Nothing was rebuilt; the previous index still serves."


def settings_from_env(**overrides: object) -> Settings:
    """``Settings.from_env(**overrides)``; a bad value becomes a UsageError naming the variable."""
    try:
        return Settings.from_env(**overrides)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def load_checked_corpus(settings: Settings):
    """The full corpus (restatements + ingested texts) checked against the rule table, with its edition
    (corpus/edition.yaml) and audit record (corpus/AUDIT.md, when present) checked too.

    Raises UsageError listing every problem; nothing is built when there is one.
    """
    from assistant.engine.rules import check_citations, load_rules
    from assistant.knowledge.index import load_full_corpus

    try:
        corpus = load_full_corpus(settings)
        table = load_rules(settings.corpus_dir / "rules.yaml", corpus_dir=settings.corpus_dir)
    except (CorpusError, RuleTableError) as exc:
        raise UsageError(f"{exc}\n{NOT_REBUILT}") from exc
    problems = check_citations(table, corpus.has)
    if problems:
        raise UsageError(format_problems("rule table is invalid", problems) + f"\n{NOT_REBUILT}")
    from assistant.knowledge.audit import AUDIT_FILE, load_audit
    from assistant.knowledge.edition import load_edition

    try:  # a typo'd document id in AUDIT.md would hide a finding from `sharecheck corpus status`
        load_edition(settings.corpus_dir)
        load_audit(settings.corpus_dir / AUDIT_FILE, corpus.documents)
    except (CorpusError, AuditError) as exc:
        raise UsageError(f"{exc}\n{NOT_REBUILT}") from exc
    return corpus


def load_assistant(settings: Settings | None = None):
    """The Assistant over the built index. Raises UsageError (with what to run) when there is none."""
    from assistant.pipeline import Assistant

    try:
        return Assistant(settings or settings_from_env())
    except (IndexMissingError, RuleTableError) as exc:
        raise UsageError(str(exc)) from exc
