"""The optional LLM may only reword; LangChain's fake chat models stand in for a server."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.engine.rephrasing import LLMConfigError, build_chat_model, rephrase
from assistant.settings import Settings
from tests.test_pipeline import fake_assistant  # noqa: F401  (fixture)

QUESTION = "ICE called asking when our prisoner gets released. Can I tell them?"


def test_no_provider_means_no_model():
    assert build_chat_model(Settings.from_env(llm_provider="")) is None


def test_bad_provider_and_missing_model_are_clear_errors():
    with pytest.raises(LLMConfigError, match="not one of"):
        build_chat_model(Settings.from_env(llm_provider="skynet", llm_model="x"))
    with pytest.raises(LLMConfigError, match="SHARECHECK_LLM_MODEL"):
        build_chat_model(Settings.from_env(llm_provider="ollama", llm_model=""))


def test_faithful_rewording_is_kept(fake_assistant):  # noqa: F811
    answer = fake_assistant.ask(QUESTION)
    reworded = answer.answer.replace("Decline the request;", "Politely decline;")
    out = rephrase(answer, FakeListChatModel(responses=[reworded]))
    assert out.answer == reworded and out.verdict == answer.verdict


@pytest.mark.parametrize("bad", [
    "**Permitted.** Yes, go ahead [1].",                                     # flips the verdict
    "**Not permitted.** No. You may not tell them.",                         # drops every citation
    "**Not permitted.** No [1]. Also call the Mayor [2][3][4][5][6][7][99].",  # invents a marker
    "",                                                                      # empty reply
])
def test_unfaithful_output_is_discarded(fake_assistant, bad):  # noqa: F811
    answer = fake_assistant.ask(QUESTION)
    assert rephrase(answer, FakeListChatModel(responses=[bad])).answer == answer.answer


def test_model_failure_falls_back(fake_assistant):  # noqa: F811
    class Broken:
        def invoke(self, prompt):
            raise ConnectionError("server down")

    answer = fake_assistant.ask(QUESTION)
    assert rephrase(answer, Broken()).answer == answer.answer
