"""What a new user's break test of sign-in found (issue 14), each re-run as a test.

In process: FastAPI's TestClient over the REST app (``build_api``) with a stand-in assistant, so no
model, index or server is needed; the client's address is set per request to play the proxy, a
stranger or a second computer.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from assistant.errors import RecordError, SettingsError
from assistant.settings import Settings
from assistant.stores.records import RequestRecord, RequestRecords
from assistant.stores.users import UserError, UserStore
from assistant.ui.api import build_api
from assistant.ui.signin import MAX_FAILURES

PASSWORD = "a long enough passphrase"


class Stub:
    """Enough of an Assistant for the REST app: health and (unused) answers."""

    edition = SimpleNamespace(law_as_of=SimpleNamespace(isoformat=lambda: "2026-12-01"))
    corpus_version = "test"


def client(settings: Settings, address: str = "127.0.0.1") -> TestClient:
    return TestClient(build_api(Stub(), settings), base_url="http://127.0.0.1", client=(address, 50000))


def header(name: str, groups: str = "") -> dict[str, str]:
    return {"X-Forwarded-User": name, "X-Forwarded-Groups": groups}


@pytest.fixture
def header_settings(tmp_path) -> Settings:
    return Settings.from_env(data_dir=tmp_path, auth="header", trusted_proxies="127.0.0.1", audit_log=False)


@pytest.fixture
def local_settings(tmp_path) -> Settings:
    UserStore(tmp_path).add("po.chen", ["officer"], password=PASSWORD)
    return Settings.from_env(data_dir=tmp_path, auth="local", audit_log=False)


def test_a_supervisor_known_only_from_the_groups_header_sees_only_their_own_records(header_settings):
    records = RequestRecords(header_settings.data_dir)
    records.add(RequestRecord(requested_at="2026-11-02 10:00", agency="ice_ero", response="declined",
                              recorded_by="po.chen", command="PCT-075"))
    mine = records.add(RequestRecord(requested_at="2026-11-03 10:00", agency="fbi", response="provided",
                                     recorded_by="mallory", command=""))
    listed = client(header_settings).get("/api/v1/records", headers=header("mallory", "supervisor"))
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["records"]] == [mine.id]
    UserStore(header_settings.data_dir).add("sgt.all", ["supervisor"], command="*")  # a citywide desk
    every = client(header_settings).get("/api/v1/records", headers=header("sgt.all"))
    assert every.json()["count"] == 2


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("trusted_proxies", "0.0.0.0/0", "would believe a sign-in header from any address"),
    ("trusted_proxies", "::/0", "would believe a sign-in header from any address"),
    ("trusted_proxies", "garbage", "'garbage', which is not an address or network"),
    ("trusted_proxies", "10.0.0.0/33", "not an address or network"),
    ("allowed_hosts", "*", "without scheme, port or wildcard"),
    ("allowed_hosts", "http://sc.local:7890/", "without scheme, port or wildcard"),
])
def test_settings_that_trust_everyone_or_match_no_host_are_refused(variable, value, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(**{variable: value})


def test_a_blank_host_list_counts_as_none_off_loopback(tmp_path):
    from assistant.ui.app import check_exposure

    with pytest.raises(SettingsError, match="needs the host names people will type"):
        check_exposure(Settings.from_env(data_dir=tmp_path, host="0.0.0.0", auth="header", allowed_hosts=" , "))


def test_wrong_passwords_lock_a_name_only_for_the_address_they_came_from(local_settings):
    attacker, officer = client(local_settings, "10.9.9.9"), client(local_settings, "10.1.1.1")
    for _ in range(MAX_FAILURES):
        assert attacker.post("/api/v1/session", json={"name": "po.chen", "password": "wrong"}).status_code == 401
    locked = attacker.post("/api/v1/session", json={"name": "po.chen", "password": PASSWORD})
    assert locked.status_code == 401 and "too many wrong passwords for po.chen from this computer" in locked.text
    assert officer.post("/api/v1/session", json={"name": "po.chen", "password": PASSWORD}).status_code == 200


def test_the_store_file_is_readable_by_its_owner_only(local_settings):
    path = local_settings.data_dir / "sharecheck.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o644)
    UserStore(local_settings.data_dir).get("po.chen")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_records_export_is_served_only_to_officers_and_supervisors(header_settings):
    from assistant.stores.exports import write_export

    path = str(write_export(header_settings.data_dir, "records", "q2.csv", "quarter\n"))
    app = client(header_settings)
    assert app.get("/gradio_api/file=" + path, headers=header("t1", "trainer")).status_code == 403
    assert app.get("/gradio_api/file=" + path, headers=header("e1", "evaluator")).status_code == 403


def test_a_sign_in_form_posted_from_another_site_is_refused(local_settings):
    app = client(local_settings)
    forged = app.post("/login", data={"name": "po.chen", "password": PASSWORD},
                      headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert forged.status_code == 403 and "set-cookie" not in forged.headers
    ours = app.post("/login", data={"name": "po.chen", "password": PASSWORD},
                    headers={"Origin": "http://127.0.0.1:7860"}, follow_redirects=False)
    assert ours.status_code == 303 and "sharecheck_session=" in ours.headers["set-cookie"]
    assert app.post("/logout", headers={"Origin": "https://evil.example"}).status_code == 403


def test_health_says_unavailable_when_a_newer_sharecheck_upgraded_the_store(local_settings):
    app = client(local_settings)
    assert app.get("/api/v1/health").json()["status"] == "ready"
    conn = sqlite3.connect(local_settings.data_dir / "sharecheck.db")
    with conn:
        conn.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'from the future', 'x')")
    conn.close()
    health = app.get("/api/v1/health")
    assert health.status_code == 503 and health.json()["status"] == "unavailable"
    assert "newer than this ShareCheck knows" in health.json()["store_error"]


def test_in_header_mode_the_sign_in_page_says_to_come_through_the_proxy(header_settings):
    app = client(header_settings)
    page = app.get("/login", follow_redirects=False)
    assert page.status_code == 401 and "department's sign-in page" in page.text  # no redirect loop to /
    refused = app.post("/api/v1/ask", json={"question": "q"})
    assert refused.status_code == 401 and "department's sign-in page" in refused.json()["error"]


def test_names_are_one_account_in_any_case_and_a_long_header_name_signs_nobody_in(header_settings):
    users = UserStore(header_settings.data_dir)
    users.add("PO.Chen", ["officer"])
    assert users.get("po.chen").name == "po.chen" and users.get("PO.CHEN") is not None
    with pytest.raises(UserError, match="already exists"):
        users.add("po.chen", ["admin"])
    app = client(header_settings)
    assert app.get("/api/v1/records", headers=header("PO.CHEN")).status_code == 200
    assert app.get("/api/v1/records", headers=header("x" * 5000, "officer")).status_code == 401


def test_a_password_of_spaces_is_refused(tmp_path):
    with pytest.raises(UserError, match="at least 12 characters"):
        UserStore(tmp_path).add("po.chen", ["officer"], password=" " * 12)


def test_an_sso_account_takes_no_password(tmp_path):
    env = {"SHARECHECK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    made = subprocess.run([sys.executable, "-m", "assistant.cli.main", "users", "add", "po.sso", "--role", "officer",
                           "--sso", "--password-stdin"], input=PASSWORD + "\n", capture_output=True, text=True, env=env)
    assert made.returncode == 2 and "--sso makes an account that signs in through the proxy only" in made.stderr
    assert UserStore(tmp_path).all() == []


@pytest.mark.parametrize(("fields", "message"), [
    ({"verdict": "Totally fine"}, "verdict 'Totally fine' is not one of"),
    ({"requested_at": "2099-01-01 10:00"}, "is in the future"),
    ({"notes": "x" * 2001}, "notes has 2,001 characters; keep it to 2,000"),
])
def test_a_record_with_an_impossible_value_is_refused(tmp_path, fields, message):
    record = RequestRecord(**{"requested_at": "2026-11-02 10:00", "agency": "fbi", "response": "provided", **fields})
    with pytest.raises(RecordError, match=message):
        RequestRecords(tmp_path).add(record)
    assert RequestRecords(tmp_path).select() == []


def test_the_admin_routes_are_for_admins_only(header_settings):
    UserStore(header_settings.data_dir).add("sgt75", ["supervisor"], command="PCT-075")
    app = client(header_settings)
    for path in ("/api/v1/admin/users", "/api/v1/admin/events", "/api/v1/admin/corpus"):
        refused = app.get(path, headers=header("po1", "officer,supervisor,trainer,evaluator"))
        assert refused.status_code == 403 and "it needs the role admin" in refused.json()["error"]
        assert app.get(path).status_code == 401
    users = app.get("/api/v1/admin/users", headers=header("adm", "admin")).json()["users"]
    assert users == [{"name": "sgt75", "roles": ["supervisor"], "command": "PCT-075"}]
    corpus = app.get("/api/v1/admin/corpus", headers=header("adm", "admin")).json()
    assert corpus["law_as_of"] == "2026-12-01" and any(d["id"] == "ac-14-154" for d in corpus["documents"])
    assert app.get("/api/v1/admin/events?limit=0", headers=header("adm", "admin")).status_code == 422
