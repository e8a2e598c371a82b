"""The versioned REST API beside the web app: ``/api/v1/ask``, ``/api/v1/batch``, ``/api/v1/health``.

For machines (a records system, a CAD terminal): plain JSON over HTTP, no session state, the same
answer object as ``sharecheck ask --json`` and Gradio's ``/ask`` (DESIGN §4). The OpenAPI schema is
published at ``/api/v1/openapi.json``. Bad input gets HTTP 422 with ``{"error": "..."}`` saying what
was wrong and what to send instead.
"""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import QuestionError, ShareCheckError
from assistant.settings import Settings
from assistant.stores.db import open_db
from assistant.ui.access import AccessMiddleware, identifier_for, require

PREFIX = "/api/v1"
EXAMPLE = '{"question": "ICE called asking when our prisoner gets released. Can I tell them?", "history": []}'
BATCH_EXAMPLE = '{"items": [{"question": "Can the FBI have the bank-robbery complaint report?"}]}'


class AskRequest(BaseModel):
    """One question with its chat's earlier turns (oldest first, plain text)."""

    question: str = Field(description="the question, at most SHARECHECK_MAX_QUESTION_CHARS characters")
    history: list[str] | None = Field(default=None, description="earlier turns of the chat, oldest first")
    # A number is taken as its text, as `sharecheck batch` takes it.
    id: str | int | None = Field(default=None, description="the caller's id for this question, echoed in the "
                                                            "answer (a number becomes its text)")

    def turns(self) -> list[str]:
        return list(self.history or [])

    def ident(self) -> str | None:
        return None if self.id is None else str(self.id)


class ErrorBody(BaseModel):
    """What every refused request gets: what was wrong and what to send instead."""

    error: str
    detail: list[dict] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "nobody is signed in (send Authorization: Bearer <token>)"},
    403: {"model": ErrorBody, "description": "the signed-in user's role may not do this"},
    422: {"model": ErrorBody, "description": "the request cannot be answered"}}


class BatchRequest(BaseModel):
    """Several independent questions answered in one call, in order."""

    items: list[AskRequest] = Field(min_length=1, description="the questions; at most SHARECHECK_MAX_BATCH")


def _example(path: str) -> str:
    return BATCH_EXAMPLE if path.endswith("/batch") else EXAMPLE


def _where(loc) -> str:
    """``("body", "items", 3, "question")`` → ``items[4].question`` (items counted from 1, as answers are)."""
    parts = list(loc)[1:]
    if len(parts) == 1 and isinstance(parts[0], int):
        return f"body (at character {parts[0]})"  # where JSON could not be decoded
    out = ""
    for part in parts:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    errors: list[dict] = getattr(exc, "errors", lambda: [])()
    problems = "; ".join(f"{_where(e.get('loc', ()))}: {e.get('msg', '')}" for e in errors)
    # The raw input can be bytes (a form post) or anything else: only what JSON can carry goes back.
    detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
              for e in errors]
    return JSONResponse(status_code=422, content={
        "error": f"{request.url.path} could not read the request ({problems}); send JSON "
                 f"(content-type: application/json) like {_example(request.url.path)}",
        "detail": detail})


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    status = int(getattr(exc, "status_code", 500))
    words = str(getattr(exc, "detail", "")) or "error"
    hint = (f"; send UTF-8 JSON (content-type: application/json) like {_example(request.url.path)}"
            if status in (400, 415, 422) else (f"; the routes are {PREFIX}/ask, {PREFIX}/batch and {PREFIX}/health"
                                                if status in (404, 405) else ""))
    return JSONResponse(status_code=status, content={"error": f"{request.url.path}: {words}{hint}"},
                        headers=getattr(exc, "headers", None))


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
    app.add_exception_handler(StarletteHTTPException, _http_error)
    router = APIRouter(prefix=PREFIX)
    audit = stores_for(settings).audit
    # Answers are mostly Python holding the GIL: twenty interleaved at once each take twenty times
    # longer, and the unlucky ones far longer. A few workers taking requests in arrival order (FIFO)
    # keep the tail short; the model's ONNX run releases the GIL, so two overlap on two cores.
    workers = ThreadPoolExecutor(max_workers=settings.answer_workers, thread_name_prefix="sharecheck-answer")

    async def in_order(fn, *args):
        return await asyncio.get_running_loop().run_in_executor(workers, fn, *args)

    def answer(item: AskRequest) -> dict:
        result = assistant.ask(item.question, history=item.turns(), id=item.ident())
        audit.log_quietly(result, "rest")
        return result.model_dump()

    @router.get("/health", responses={503: {"description": "the store cannot be used (status: unavailable)"}})
    def health():
        """Ready to answer: the index version in use, the date the law is current to, and a store this
        server can use (HTTP 503 when not, e.g. a newer ShareCheck upgraded the shared database)."""
        getattr(assistant, "refresh", lambda: False)()  # a monitor polling health notices a rebuild too
        store_error = ""
        try:
            open_db(audit.path).close()
        except (ShareCheckError, sqlite3.Error) as exc:
            store_error = str(exc)
        body = {"status": "unavailable" if store_error else "ready",
                "index_version": str(getattr(assistant, "version", "")),
                "corpus_version": assistant.corpus_version, "law_as_of": assistant.edition.law_as_of.isoformat(),
                "index_switches": getattr(assistant, "swaps", 0),
                "index_error": getattr(assistant, "last_error", ""), "store_error": store_error}
        return JSONResponse(status_code=503, content=body) if store_error else body

    def answer_all(items: list[AskRequest]) -> list[dict]:
        answers: list[dict] = []
        for n, item in enumerate(items, start=1):
            try:
                answers.append(answer(item))
            except QuestionError as exc:
                answers.append({"id": item.ident(), "error": f"question {n}: {exc}"})
        return answers

    @router.post("/ask", responses=ERRORS, dependencies=[Depends(require("ask"))])
    async def ask(item: AskRequest):
        """The answer object for one question (verdict, summary, citations with passages, actions …)."""
        try:
            return await in_order(answer, item)
        except QuestionError as exc:
            return JSONResponse(status_code=422, content={"error": str(exc)})

    @router.post("/batch", responses=ERRORS, dependencies=[Depends(require("ask"))])
    async def batch(body: BatchRequest):
        """``{"answers": [...]}`` in the order asked; a question that cannot be answered gets ``{"error"}``."""
        if len(body.items) > settings.max_batch:
            return JSONResponse(status_code=422, content={
                "error": f"the batch holds {len(body.items)} questions; send at most {settings.max_batch} "
                         "per call (SHARECHECK_MAX_BATCH), or split it"})
        return {"answers": await in_order(answer_all, body.items)}

    app.include_router(router)
    from assistant.ui.signin import build_signin

    app.include_router(build_signin(settings, identifier_for(settings)))
    from assistant.ui.records_api import build_records_api  # POST/GET /api/v1/records (issue 14, replicas)

    app.include_router(build_records_api(settings, ERRORS))
    from assistant.ui.admin_api import build_admin_api  # users, admin events, corpus status (admins)

    app.include_router(build_admin_api(settings, ERRORS))
    # Outermost: the Host check and "signed in at all" come before any route (and the Gradio app
    # mounted on this one later); each route then checks its own capability.
    app.add_middleware(AccessMiddleware, settings=settings, identify=identifier_for(settings))
    return app
