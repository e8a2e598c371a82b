"""REST routes for § 10-178(d) request records, beside ``/api/v1/ask``: record one, list them.

    POST /api/v1/records   {"requested_at": "2026-04-02 14:05", "agency": "ice_ero", "response": "declined", …}
                           → 201 and the record as stored (id, created_at, quarter; free text redacted)
    GET  /api/v1/records?from=2026-04-01&to=2026-06-30&agency=fbi
                           → {"records": [...], "count": N}, oldest first

The same store as the Records tab and ``sharecheck records`` (stores/records.py: validated, redacted,
in SQLite or PostgreSQL), so a record written through one replica is read through any other. Bad
input is HTTP 422 with ``{"error": "…"}`` saying what to send, as ui/api.py answers. The signed-in
user (ui/access.py ``require``) is who recorded it and whose command it belongs to; an officer lists
their own records, a supervisor their command's (every command when theirs is '*'), as the Records tab.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.settings import Settings
from assistant.stores import stores_for
from assistant.stores.records import AGENCIES, RESPONSES, RecordError, RequestRecord
from assistant.stores.users import User
from assistant.ui.access import records_scope, require

PREFIX = "/api/v1"
EXAMPLE = ('{"requested_at": "2026-04-02 14:05", "agency": "ice_ero", "response": "declined", '
           '"requested": "release date"}')


class RecordIn(BaseModel):
    """One request from a non-local agency, as the member records it (no name of the person asked about)."""

    requested_at: str = Field(description="local date and time of the request, like 2026-04-02 14:05")
    agency: str = Field(description=f"who asked: one of {', '.join(AGENCIES)}")
    unit: str = Field(default="", description="the requesting unit or office")
    requested: str = Field(default="", description="what was asked for")
    response: str = Field(default="pending", description=f"what was done: one of {', '.join(RESPONSES)}")
    supervisor_notified: bool = False
    legal_bureau_contacted: bool = False
    notes: str = ""
    question: str = Field(default="", description="the ShareCheck question it came from, if any")
    verdict: str = Field(default="", description="ShareCheck's verdict on it, if any")
    immigration: bool = Field(default=False, description="the request was to further immigration enforcement "
                                                         "(counted in the § 10-178(d) report with every request "
                                                         "from an immigration authority)")


def record_json(record: RequestRecord) -> dict[str, Any]:
    """A stored record as the API returns it: every field plus its ``quarter``."""
    return {**asdict(record), "quarter": record.quarter}


def _refused(exc: RecordError, what: str) -> JSONResponse:
    return JSONResponse(status_code=422, content={"error": f"{exc}; {what}"})


def build_records_api(settings: Settings, responses: dict[int | str, dict[str, Any]] | None = None) -> APIRouter:
    """The records routes for the app of ``settings``; ``responses`` documents the error bodies (ui/api.py ERRORS)."""
    router = APIRouter(prefix=PREFIX, tags=["records"])
    records = stores_for(settings).records

    @router.post("/records", status_code=201, responses=responses)
    def add_record(body: RecordIn, user: Annotated[User, Depends(require("record"))]):
        """Store one request record (validated and redacted) and return it as stored, with its id."""
        try:
            saved = records.add(RequestRecord(**body.model_dump(), recorded_by=user.name, command=user.command))
        except RecordError as exc:
            return _refused(exc, f"send JSON like {EXAMPLE}")
        return record_json(saved)

    @router.get("/records", responses=responses)
    def list_records(user: Annotated[User, Depends(require("records"))],
                     date_from: Annotated[str | None, Query(alias="from", description="first day, YYYY-MM-DD")] = None,
                     date_to: Annotated[str | None, Query(alias="to", description="last day, YYYY-MM-DD")] = None,
                     agency: Annotated[str | None, Query(description="one requesting agency's code")] = None):
        """The records requested between the two days (inclusive) that the user may see, oldest first."""
        try:
            found = records.select(date_from, date_to, agency or None, **records_scope(user))
        except RecordError as exc:
            return _refused(exc, "ask like /api/v1/records?from=2026-04-01&to=2026-06-30&agency=ice_ero")
        return {"records": [record_json(r) for r in found], "count": len(found)}

    return router
