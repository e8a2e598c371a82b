"""Admin routes of the REST API: who has an account, what admins did, and where the corpus stands.

    GET /api/v1/admin/users        {"users": [{"name", "roles", "command"}]}
    GET /api/v1/admin/events       {"events": [{"at", "actor", "action", "detail"}]}, newest first (?limit=50)
    GET /api/v1/admin/corpus       the JSON of ``sharecheck corpus status --json`` (knowledge/status.py)

Admins only (ui/access.py ``require("admin")``); accounts are still made with ``sharecheck users`` on
the server, where the password is typed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from assistant.knowledge.status import load_status
from assistant.settings import Settings
from assistant.stores.users import UserStore
from assistant.ui.access import require

PREFIX = "/api/v1/admin"


def build_admin_api(settings: Settings, responses: dict[int | str, dict[str, Any]] | None = None) -> APIRouter:
    """The admin routes for the app of ``settings``; ``responses`` documents the error bodies."""
    router = APIRouter(prefix=PREFIX, tags=["admin"], dependencies=[Depends(require("admin"))])
    users = UserStore(settings.data_dir)

    @router.get("/users", responses=responses)
    def list_users() -> dict:
        """Every account: name, roles and command ('*' every command, '' none)."""
        return {"users": [{"name": u.name, "roles": list(u.roles), "command": u.command} for u in users.all()]}

    @router.get("/events", responses=responses)
    def list_events(limit: Annotated[int, Query(ge=1, le=1000, description="how many, newest first")] = 50) -> dict:
        """Admin actions (accounts added or changed, the audit log switched), newest first."""
        return {"events": users.admin_events(limit)}

    @router.get("/corpus", responses=responses)
    def corpus_status() -> dict:
        """Every document and section: status, provenance, as-of date, official link, open audit findings."""
        return load_status(settings).as_dict()

    return router
