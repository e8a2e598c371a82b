"""Optional rephrasing by a LangChain chat model the user configures; the assembled text stays the truth.

The model may only reword (DESIGN §1 step 5). Its output is kept only if it passes ``guard``: same
verdict label first, every sentence still cited, exactly the same citations used, no marker that
does not resolve, and not much longer. Otherwise the assembled answer is returned unchanged.
"""

from __future__ import annotations

from assistant.domain import VERDICT_LABELS, Answer
from assistant.engine.answer import MARKER_RE, AnswerCheckError, check_answer
from assistant.errors import LLMConfigError
from assistant.settings import Settings

PROMPT = (
    "Rewrite the answer below so a police officer can read it quickly on a phone. Rules: keep the first "
    "words '{label}' exactly; keep every citation marker like [1] attached to the sentence it supports; "
    "every sentence must end with at least one marker; add no facts, names, dates or advice that are not "
    "in the text; keep the Markdown headings and bullet lists. Reply with the rewritten answer only.\n\n{text}"
)


def build_chat_model(settings: Settings):
    """The chat model named by ``SHARECHECK_LLM_PROVIDER`` (``ollama`` or ``openai``), or None when unset.

    Raises LLMConfigError for an unknown provider, a missing model name or a missing client package.
    """
    provider = settings.llm_provider.strip().lower()
    if not provider:
        return None
    if not settings.llm_model:
        raise LLMConfigError("SHARECHECK_LLM_MODEL is not set; name the model your server serves")
    try:
        if provider == "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url or None, temperature=0)
        if provider == "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url or None, temperature=0)
    except ImportError as exc:
        raise LLMConfigError("the LLM client is not installed: pip install -e '.[llm]'") from exc
    raise LLMConfigError(f"SHARECHECK_LLM_PROVIDER={provider!r} is not one of 'ollama', 'openai'")


def guard(original: Answer, candidate_text: str) -> bool:
    """True when ``candidate_text`` may replace ``original.answer`` (see the module docstring)."""
    label = f"**{VERDICT_LABELS[original.verdict]}.**"
    if not candidate_text.strip().startswith(label) or len(candidate_text) > 2 * len(original.answer) + 200:
        return False
    if set(MARKER_RE.findall(candidate_text)) != set(MARKER_RE.findall(original.answer)):
        return False
    try:
        check_answer(original.model_copy(update={"answer": candidate_text}))
    except AnswerCheckError:
        return False
    return True


def rephrase(answer: Answer, model) -> Answer:
    """The answer reworded by ``model`` if the result passes ``guard``; otherwise ``answer`` itself.

    Out-of-scope answers and model errors return ``answer`` unchanged: the LLM is never required.
    """
    if model is None or answer.verdict == "out_of_scope":
        return answer
    try:
        reply = model.invoke(PROMPT.format(label=f"**{VERDICT_LABELS[answer.verdict]}.**", text=answer.answer))
    except Exception:  # noqa: BLE001 — any server failure falls back to the assembled text
        return answer
    text = reply.content if isinstance(reply.content, str) else ""
    return answer.model_copy(update={"answer": text.strip()}) if guard(answer, text) else answer
