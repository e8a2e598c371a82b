"""POST/GET /api/v1/records (ui/records_api.py): what a replica writes, any replica reads; 422 with a reason."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from assistant.settings import Settings
from assistant.stores.users import User
from assistant.ui.records_api import build_records_api

OFFICER = User("p.o.diaz", ("officer",), "PCT-075")
SUPERVISOR = User("sgt.ruiz", ("supervisor",), "PCT-075")
RECORD = {"requested_at": "2026-04-02T14:05", "agency": "ice_ero", "response": "declined", "requested": "release date",
          "notes": "asked about Mr. Jose Garcia, cell 917-555-0199", "supervisor_notified": True}


def client_as(settings: Settings, user: User | None) -> TestClient:
    """The records routes behind a stand-in for AccessMiddleware that signs ``user`` in."""
    app = FastAPI()

    @app.middleware("http")
    async def sign_in(request: Request, call_next):
        request.state.user = user
        return await call_next(request)

    app.include_router(build_records_api(settings))
    return TestClient(app)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_env(data_dir=tmp_path, index_dir=tmp_path / "index", database_url="")


def test_a_record_posted_comes_back_redacted_with_its_id_and_owner(settings):
    posted = client_as(settings, OFFICER).post("/api/v1/records", json=RECORD)
    assert posted.status_code == 201
    body = posted.json()
    assert body["id"] == 1 and body["requested_at"] == "2026-04-02 14:05" and body["quarter"] == "2026-Q2"
    assert body["notes"] == "asked about Mr. [NAME], cell [PHONE]" and body["supervisor_notified"] is True
    assert body["recorded_by"] == "p.o.diaz" and body["command"] == "PCT-075"
    listed = client_as(settings, SUPERVISOR).get("/api/v1/records", params={"from": "2026-04-01", "to": "2026-06-30"})
    assert listed.status_code == 200 and listed.json() == {"records": [body], "count": 1}
    assert client_as(settings, User("other", ("officer",), "PCT-075")).get("/api/v1/records").json()["count"] == 0


@pytest.mark.parametrize("change,message", [({"agency": "nypd"}, "requesting agency 'nypd'"),
                                            ({"requested_at": "yesterday"}, "must look like 2026-04-02 14:05")])
def test_a_bad_record_is_422_with_what_to_send(settings, change, message):
    refused = client_as(settings, OFFICER).post("/api/v1/records", json={**RECORD, **change})
    assert refused.status_code == 422 and message in refused.json()["error"]
    assert "send JSON like" in refused.json()["error"]


def test_a_bad_filter_is_422_and_nobody_signed_in_is_refused(settings):
    bad = client_as(settings, OFFICER).get("/api/v1/records", params={"from": "April"})
    assert bad.status_code == 422 and "from date 'April'" in bad.json()["error"]
    assert client_as(settings, None).get("/api/v1/records").status_code == 401
    assert client_as(settings, User("t", ("trainer",), "")).post("/api/v1/records", json=RECORD).status_code == 403
