"""The versioned REST API beside the web app: ``/api/v1/ask``, ``/api/v1/batch``, ``/api/v1/health``.

For machines (a records system, a CAD terminal): plain JSON over HTTP, no session state, the same
answer object as ``sharecheck ask --json`` and Gradio's ``/ask`` (DESIGN §4). The OpenAPI schema is
published at ``/api/v1/openapi.json``. Bad input gets HTTP 422 with ``{"error": "..."}`` saying what
was wrong and what to send instead.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.errors import QuestionError
from assistant.settings import Settings

PREFIX = "/api/v1"
EXAMPLE = '{"question": "ICE called asking when our prisoner gets released. Can I tell them?", "history": []}'


class AskRequest(BaseModel):
    """One question with its chat's earlier turns (oldest first, plain text)."""

    question: str = Field(description="the question, at most SHARECHECK_MAX_QUESTION_CHARS characters")
    history: list[str] = Field(default_factory=list, description="earlier turns of the chat, oldest first")
    id: str | None = Field(default=None, description="the caller's id for this question, echoed in the answer")


class BatchRequest(BaseModel):
    """Several independent questions answered in one call, in order."""

    items: list[AskRequest] = Field(min_length=1, description="the questions; at most SHARECHECK_MAX_BATCH")


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg', '')}"
                         for e in getattr(exc, "errors", lambda: [])())
    return JSONResponse(status_code=422, content={
        "error": f"{request.url.path} could not read the request ({problems}); send JSON like {EXAMPLE}",
        "detail": getattr(exc, "errors", lambda: [])()})


def build_api(assistant: Any, settings: Settings) -> FastAPI:
    """The FastAPI app holding the REST routes; the Gradio app is mounted on it (ui/app.py).

    ``assistant`` is an Assistant or a LiveAssistant (anything with ``ask``, ``edition`` and, for
    health, ``version``). Every answered question is written to the local audit log like the app's.
    """
    from assistant.stores import stores_for

    app = FastAPI(title="ShareCheck API", version="1", openapi_url=f"{PREFIX}/openapi.json",
                  docs_url=None, redoc_url=None,  # Swagger's page loads scripts from a CDN: no network here
                  description="Can I share this? NYC sanctuary-law guidance for NYPD members. "
                              "Answers follow DESIGN §4; the official text governs.")
    app.add_exception_handler(RequestValidationError, _validation_error)
    router = APIRouter(prefix=PREFIX)
    audit = stores_for(settings).audit
    # Answers are mostly Python holding the GIL: twenty interleaved at once each take twenty times
    # longer, and the unlucky ones far longer. A few workers taking requests in arrival order (FIFO)
    # keep the tail short; the model's ONNX run releases the GIL, so two overlap on two cores.
    workers = ThreadPoolExecutor(max_workers=settings.answer_workers, thread_name_prefix="sharecheck-answer")

    async def in_order(fn, *args):
        return await asyncio.get_running_loop().run_in_executor(workers, fn, *args)

    def answer(item: AskRequest) -> dict:
        result = assistant.ask(item.question, history=list(item.history), id=item.id)
        audit.log_quietly(result, "rest")
        return result.model_dump()

    @router.get("/health")
    def health() -> dict:
        """Ready to answer: the index version in use and the date the law is current to."""
        getattr(assistant, "refresh", lambda: False)()  # a monitor polling health notices a rebuild too
        return {"status": "ready", "index_version": str(getattr(assistant, "version", "")),
                "corpus_version": assistant.corpus_version, "law_as_of": assistant.edition.law_as_of.isoformat(),
                "index_switches": getattr(assistant, "swaps", 0),
                "index_error": getattr(assistant, "last_error", "")}

    def answer_all(items: list[AskRequest]) -> list[dict]:
        answers: list[dict] = []
        for n, item in enumerate(items, start=1):
            try:
                answers.append(answer(item))
            except QuestionError as exc:
                answers.append({"error": f"question {n}: {exc}"})
        return answers

    @router.post("/ask")
    async def ask(item: AskRequest):
        """The answer object for one question (verdict, summary, citations with passages, actions …)."""
        try:
            return await in_order(answer, item)
        except QuestionError as exc:
            return JSONResponse(status_code=422, content={"error": str(exc)})

    @router.post("/batch")
    async def batch(body: BatchRequest):
        """``{"answers": [...]}`` in the order asked; a question that cannot be answered gets ``{"error"}``."""
        if len(body.items) > settings.max_batch:
            return JSONResponse(status_code=422, content={
                "error": f"the batch holds {len(body.items)} questions; send at most {settings.max_batch} "
                         "per call (SHARECHECK_MAX_BATCH), or split it"})
        return {"answers": await in_order(answer_all, body.items)}

    app.include_router(router)
    return app
