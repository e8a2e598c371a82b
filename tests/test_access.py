"""Sign-in and roles (issue 14): accounts, sessions, the capability table, and the server refusing on
every tab's endpoints and every REST route, not only by hiding tabs.

The role matrix runs against a server in header mode (a trusted proxy on loopback names the user and
groups), so each role is one set of headers; local accounts are tried through /login and
/api/v1/session on a second server.
"""

from __future__ import annotations

import getpass
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from assistant.errors import SettingsError
from assistant.settings import Settings
from assistant.stores.users import ROLES, User, UserError, UserStore
from assistant.ui.access import CAPABILITIES, AccessDenied, Identifier, Who, check, host_of, is_loopback

PASSWORD = "a long enough passphrase"
QUESTION = "ICE called asking when our prisoner gets released. Can I tell them?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- accounts and sessions -------------------------------------------------------------------------

def test_a_password_is_stored_as_an_argon2id_hash_and_a_session_as_a_token_hash(tmp_path):
    users = UserStore(tmp_path)
    users.add("jdoe", ["officer"], command="PCT-075", password=PASSWORD)
    token = users.sign_in("jdoe", PASSWORD, minutes=60)
    assert token and users.session_user(token) == User("jdoe", ("officer",), "PCT-075")
    conn = sqlite3.connect(tmp_path / "sharecheck.db")
    stored_hash = conn.execute("SELECT password_hash FROM users").fetchone()[0]
    session_row = conn.execute("SELECT token_hash FROM sessions").fetchone()[0]
    assert stored_hash.startswith("$argon2id$") and PASSWORD not in stored_hash
    assert token not in session_row and len(session_row) == 64


def test_a_wrong_password_or_unknown_name_signs_nobody_in(tmp_path):
    users = UserStore(tmp_path)
    users.add("jdoe", ["officer"], password=PASSWORD)
    assert users.sign_in("jdoe", PASSWORD + "x", minutes=60) is None
    assert users.sign_in("nobody", PASSWORD, minutes=60) is None
    assert users.session_user("made-up-token") is None


def test_an_sso_only_account_cannot_sign_in_with_a_password(tmp_path):
    users = UserStore(tmp_path)
    users.add("proxyuser", ["supervisor"])
    assert users.sign_in("proxyuser", "", minutes=60) is None


def test_a_session_expires(tmp_path, monkeypatch):
    users = UserStore(tmp_path)
    users.add("jdoe", ["officer"], password=PASSWORD)
    token = users.sign_in("jdoe", PASSWORD, minutes=30)
    later = datetime.now(UTC) + timedelta(minutes=31)
    monkeypatch.setattr("assistant.stores.users._now", lambda: later)
    assert users.session_user(token) is None


def test_a_new_password_ends_every_session_and_removal_removes_the_account(tmp_path):
    users = UserStore(tmp_path)
    users.add("jdoe", ["officer"], password=PASSWORD)
    token = users.sign_in("jdoe", PASSWORD, minutes=60)
    users.update("jdoe", password="another long passphrase")
    assert users.session_user(token) is None
    assert users.sign_in("jdoe", "another long passphrase", minutes=60)
    users.remove("jdoe")
    assert users.get("jdoe") is None
    with pytest.raises(UserError, match="there is no user 'jdoe'"):
        users.remove("jdoe")


@pytest.mark.parametrize(("name", "roles", "password", "message"), [
    ("j doe", ["officer"], PASSWORD, "must be 1–64 letters"),
    ("jdoe", ["boss"], PASSWORD, "role boss is not one of"),
    ("jdoe", [], PASSWORD, r"role \(none\)"),
    ("jdoe", ["officer"], "short", "at least 12 characters"),
])
def test_bad_account_details_are_refused_saying_what_to_give(tmp_path, name, roles, password, message):
    with pytest.raises(UserError, match=message):
        UserStore(tmp_path).add(name, roles, password=password)
    assert UserStore(tmp_path).all() == []


def test_a_taken_name_is_refused(tmp_path):
    UserStore(tmp_path).add("jdoe", ["officer"], password=PASSWORD)
    with pytest.raises(UserError, match="already exists"):
        UserStore(tmp_path).add("jdoe", ["admin"], password=PASSWORD)
    assert UserStore(tmp_path).get("jdoe").roles == ("officer",)


def test_the_users_command_adds_lists_and_refuses_bad_input(tmp_path):
    env = {"SHARECHECK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "assistant.cli.main", "users"]
    added = subprocess.run(run + ["add", "sgt", "--role", "supervisor", "--command", "PCT-075", "--password-stdin"],
                           input=PASSWORD + "\n", capture_output=True, text=True, env=env)
    assert added.returncode == 0 and "added sgt: supervisor, command PCT-075" in added.stdout
    listed = subprocess.run(run + ["list", "--json"], capture_output=True, text=True, env=env)
    assert '"roles": ["supervisor"]' in listed.stdout
    short = subprocess.run(run + ["add", "x", "--role", "admin", "--password-stdin"], input="short\n",
                           capture_output=True, text=True, env=env)
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    events = subprocess.run(run + ["events"], capture_output=True, text=True, env=env)
    assert "user_added" in events.stdout and "sgt (supervisor)" in events.stdout
    assert f"cli:{getpass.getuser()}" in events.stdout  # the operating-system account that ran it


# --- the capability table and identification --------------------------------------------------------

def test_each_role_has_exactly_its_capabilities():
    allowed = {role: {c for c in CAPABILITIES if role in CAPABILITIES[c]} for role in ROLES}
    assert allowed == {"officer": {"ask", "record", "records"},
                       "supervisor": {"ask", "record", "records", "review"},
                       "trainer": {"ask", "scenarios"}, "evaluator": {"ask", "evaluate"},
                       "admin": {"ask", "admin"}}
    with pytest.raises(AccessDenied, match=r"officer1 \(officer\) may not do this; it needs the role evaluator"):
        check(User("officer1", ("officer",)), "evaluate")
    with pytest.raises(AccessDenied, match="sign in first"):
        check(None, "ask")


def test_proxy_headers_are_believed_only_from_a_trusted_address(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path, auth="header", trusted_proxies="127.0.0.1")
    identify = Identifier(settings)
    headers = {"x-forwarded-user": "jdoe", "x-forwarded-groups": "officer,sharecheck:trainer,staff"}
    assert identify(Who(headers, {}, "127.0.0.1")) == User("jdoe", ("officer", "trainer"), "")
    assert identify(Who(headers, {}, "10.0.0.9")) is None
    assert identify(Who({}, {}, "127.0.0.1")) is None
    UserStore(tmp_path).add("jdoe", ["supervisor"], command="PCT-075")  # an account's roles win over groups
    assert identify(Who(headers, {}, "127.0.0.1")).roles == ("officer", "trainer")  # cached for a few seconds
    assert Identifier(settings)(Who(headers, {}, "127.0.0.1")) == User("jdoe", ("supervisor",), "PCT-075")


def test_host_names_and_loopback():
    assert host_of("Example.org:7860") == "example.org" and host_of("[::1]:7860") == "::1"
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")


def test_serving_beyond_loopback_without_sign_in_is_refused(tmp_path):
    from assistant.ui.app import check_exposure

    with pytest.raises(SettingsError, match="configure sign-in first"):
        check_exposure(Settings.from_env(data_dir=tmp_path, host="0.0.0.0"))
    with pytest.raises(SettingsError, match="SHARECHECK_ALLOWED_HOSTS"):
        check_exposure(Settings.from_env(data_dir=tmp_path, host="0.0.0.0", auth="header"))
    with pytest.raises(SettingsError, match="no accounts yet"):
        check_exposure(Settings.from_env(data_dir=tmp_path, auth="local"))
    check_exposure(Settings.from_env(data_dir=tmp_path))  # the single-user default on loopback
    check_exposure(Settings.from_env(data_dir=tmp_path, host="0.0.0.0", auth="header",
                                     allowed_hosts="sharecheck.example"))


def test_an_unknown_auth_mode_is_a_settings_error():
    with pytest.raises(SettingsError, match="SHARECHECK_AUTH='ldap' is not one of none, local, header"):
        Settings.from_env(auth="ldap")


# --- every web-app event checks a role ---------------------------------------------------------------

# Events that only show or hide components and never read or write data.
UI_ONLY = {"<lambda>"}


def test_every_web_app_event_that_runs_code_takes_the_request_to_check(assistant):
    import inspect

    from assistant.ui.app import build_app

    blocks = build_app(assistant)
    unguarded = []
    for fn in blocks.fns.values():
        if fn.fn is None or fn.fn.__name__ in UI_ONLY:
            continue
        params = inspect.signature(fn.fn).parameters
        if "request" not in params:
            unguarded.append(fn.fn.__qualname__)
    assert unguarded == []


# --- the server: role × endpoint ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def header_server(built_settings, tmp_path_factory):
    """A server whose sign-in is a trusted proxy's header (127.0.0.1 is the proxy here)."""
    from assistant.ui.app import launch

    data = tmp_path_factory.mktemp("header-data")
    UserStore(data).add("sgt75", ["supervisor"], command="PCT-075")
    port = _free_port()
    app = launch(Settings.from_env(index_dir=built_settings.index_dir, data_dir=data, embedder=built_settings.embedder,
                                   port=port, auth="header", trusted_proxies="127.0.0.1"), block=False)
    yield f"http://127.0.0.1:{port}/", data
    app.close()


def _as(role: str) -> dict[str, str]:
    return {"X-Forwarded-User": f"{role}1", "X-Forwarded-Groups": role}


# Every named endpoint of the web app, the capability it needs, and arguments good enough to reach the check.
ENDPOINTS = {
    "/ask": ("ask", (QUESTION, [])),
    "/chat": ("ask", (QUESTION, [], [])),
    "/record_draft": ("record", (None,)),
    "/records_list": ("records", ("", "", "")),
    "/records_export": ("records", ("", "", "")),
    "/records_review": ("review", (1, "", "", "")),
    "/records_correct": ("record", (1, "response", "declined", "typo", "", "", "", "")),
    "/audit_log": ("admin", (True,)),
    "/scenario_results": ("scenarios", (None, None)),
    "/scenario_export": ("scenarios", (None, None)),
    "/scenario_delete_run": ("scenarios", (999, None, None)),
    "/eval_dashboard": ("evaluate", ()),
    "/eval_cases": ("evaluate", ("Live question (type it below)",)),
}


def test_each_role_reaches_only_its_endpoints_in_the_web_app(header_server):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    url, _ = header_server
    outcome: dict[tuple[str, str], bool] = {}
    for role in ROLES:
        client = Client(url, headers=_as(role), verbose=False)
        for endpoint, (_, args) in ENDPOINTS.items():
            try:
                client.predict(*args, api_name=endpoint)
                refused = False
            except AppError as exc:
                refused = "may not do this" in str(exc)
            except Exception as exc:  # noqa: BLE001 - any other failure is past the role check
                refused = "may not do this" in str(exc)
            outcome[(role, endpoint)] = not refused
    expected = {(role, endpoint): role in CAPABILITIES[capability]
                for role in ROLES for endpoint, (capability, _) in ENDPOINTS.items()}
    assert outcome == expected


def test_the_web_app_refuses_a_caller_with_no_trusted_sign_in(header_server):
    url, _ = header_server
    assert httpx.get(url + "config").status_code == 401
    assert httpx.get(url, headers={"X-Forwarded-User": "x"}, follow_redirects=False).status_code == 200
    page = httpx.get(url, follow_redirects=False, headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_rest_routes_check_the_role_and_say_why(header_server):
    url, _ = header_server
    nobody = httpx.post(url + "api/v1/ask", json={"question": QUESTION})
    assert nobody.status_code == 401 and "sign in first" in nobody.json()["error"]
    roleless = httpx.post(url + "api/v1/ask", json={"question": QUESTION}, headers={"X-Forwarded-User": "visitor"})
    assert roleless.status_code == 403 and "visitor (no ShareCheck role) may not do this" in roleless.json()["error"]
    officer = httpx.post(url + "api/v1/ask", json={"question": QUESTION}, headers=_as("officer"))
    assert officer.status_code == 200 and officer.json()["verdict"] == "prohibited"
    assert httpx.get(url + "api/v1/health").status_code == 200  # the health probe stays public


def test_a_foreign_host_header_is_refused(header_server):
    url, _ = header_server
    response = httpx.get(url + "api/v1/health", headers={"Host": "evil.example"})
    assert response.status_code == 400 and "does not answer to the host name 'evil.example'" in response.json()["error"]


def test_the_audit_log_switch_is_admin_only_and_itself_audited(header_server):
    from gradio_client import Client

    url, data = header_server
    Client(url, headers=_as("admin"), verbose=False).predict(True, api_name="/audit_log")
    events = UserStore(data).admin_events()
    assert events[0]["actor"] == "admin1" and events[0]["action"] == "audit_log_on"


def test_an_officer_sees_only_their_records_and_a_supervisor_their_commands(header_server):
    from assistant.stores.records import RequestRecord, RequestRecords

    url, data = header_server
    records = RequestRecords(data)
    mine = records.add(RequestRecord(requested_at="2026-11-02 10:00", agency="fbi", response="provided",
                                     recorded_by="officer1", command="PCT-075"))
    records.add(RequestRecord(requested_at="2026-11-03 10:00", agency="ice_ero", response="declined",
                              recorded_by="other", command="PCT-044"))
    from gradio_client import Client

    officer = Client(url, headers=_as("officer"), verbose=False).predict("", "", "", api_name="/records_list")
    assert f"#{mine.id}</strong>" in officer[0] and "1 record shown" in officer[2]
    sergeant = Client(url, headers={"X-Forwarded-User": "sgt75"}, verbose=False)
    listed = sergeant.predict("", "", "", api_name="/records_list")
    assert f"#{mine.id}</strong>" in listed[0] and "ICE ERO" not in listed[0]
    reviewed = sergeant.predict(mine.id, "", "", "", api_name="/records_review")
    assert "reviewed by sgt75" in reviewed[0]
    assert records.select_one(mine.id).reviewed_by == "sgt75"


# --- local accounts over HTTP ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_server(built_settings, tmp_path_factory):
    from assistant.ui.app import launch

    data = tmp_path_factory.mktemp("local-data")
    UserStore(data).add("pofficer", ["officer"], password=PASSWORD)
    port = _free_port()
    app = launch(Settings.from_env(index_dir=built_settings.index_dir, data_dir=data, embedder=built_settings.embedder,
                                   port=port, auth="local"), block=False)
    yield f"http://127.0.0.1:{port}/", data
    app.close()


def test_a_browser_signs_in_with_a_local_account_and_out_again(local_server):
    with httpx.Client(base_url=local_server[0], follow_redirects=False) as browser:
        browser.headers["Accept"] = "text/html,application/xhtml+xml"
        assert browser.get("/").headers["location"] == "/login?next=/"
        wrong = browser.post("/login", data={"name": "pofficer", "password": "nope", "next": "/"})
        assert wrong.status_code == 401 and "do not match an account" in wrong.text
        right = browser.post("/login", data={"name": "pofficer", "password": PASSWORD, "next": "//evil.example/"})
        assert right.status_code == 303 and right.headers["location"] == "/"  # never sent off-site
        cookie = right.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert browser.get("/").status_code == 200
        browser.get("/logout")
        assert browser.get("/").status_code == 303


def test_an_api_caller_gets_a_bearer_token(local_server):
    url = local_server[0]
    refused = httpx.post(url + "api/v1/session", json={"name": "pofficer", "password": "wrong"})
    assert refused.status_code == 401 and "do not match" in refused.json()["error"]
    token = httpx.post(url + "api/v1/session", json={"name": "pofficer", "password": PASSWORD}).json()["token"]
    answer = httpx.post(url + "api/v1/ask", json={"question": QUESTION},
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["verdict"] == "prohibited"
    httpx.request("DELETE", url + "api/v1/session", headers={"Authorization": f"Bearer {token}"})
    after = httpx.post(url + "api/v1/ask", json={"question": QUESTION},
                       headers={"Authorization": f"Bearer {token}"})
    assert after.status_code == 401


# --- what each role sees in a real browser -------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize(("role", "width", "tabs"), [("officer", 390, ["Chat", "Records"]),
                                                     ("evaluator", 1280, ["Chat", "Evaluate"]),
                                                     ("trainer", 390, ["Chat", "Scenarios"])])
def test_a_signed_in_member_sees_who_they_are_and_their_roles_tabs(chromium_browser, local_server, role,
                                                                   width, tabs):
    from tests.test_browser import ARTIFACTS

    url, data = local_server
    name = f"b-{role}"
    if UserStore(data).get(name) is None:
        UserStore(data).add(name, [role], password=PASSWORD)
    context = chromium_browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(url)
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.locator("#sc-who").get_by_text(f"Signed in as {name}").wait_for()
    page.wait_for_timeout(500)  # the tab update lands with the page load event
    visible = [t.inner_text() for t in page.locator("button[role=tab]").all() if t.is_visible()]
    (ARTIFACTS / "access").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "access" / f"signed-in-{role}-{width}.png"))
    context.close()
    assert visible == tabs


def test_an_evaluator_export_is_served_only_to_an_evaluator(header_server):
    from gradio_client import Client

    url, data = header_server
    Client(url, headers=_as("evaluator"), verbose=False).predict(None, api_name="/eval_export")
    written = sorted((data / "exports").rglob("*.csv"))
    assert written, "the export was written under data_dir/exports"
    path = str(written[-1])
    as_officer = httpx.get(url + "gradio_api/file=" + path, headers=_as("officer"))
    assert as_officer.status_code == 403 and "it needs the role evaluator" in as_officer.json()["error"]
    assert httpx.get(url + "gradio_api/file=" + path, headers=_as("evaluator")).status_code == 200


def test_a_trainees_results_export_is_served_only_to_a_trainer(header_server):
    from gradio_client import Client

    url, data = header_server
    scenario = Client(url, headers=_as("trainer"), verbose=False).view_api(return_format="dict")
    assert "/scenario_export" in scenario["named_endpoints"]
    from assistant.stores.exports import write_export

    path = str(write_export(data, "training", "results.csv", "trainee,points\nPO Diaz,3\n"))
    assert httpx.get(url + "gradio_api/file=" + path, headers=_as("trainer")).status_code == 200
    for role in ("evaluator", "officer"):
        refused = httpx.get(url + "gradio_api/file=" + path, headers=_as(role))
        assert refused.status_code == 403 and "it needs the role trainer" in refused.json()["error"]
    sneaky = str(data / "exports" / "scores" / ".." / "training" / Path(path).parent.name / "results.csv")
    assert httpx.get(url + "gradio_api/file=" + sneaky, headers=_as("evaluator")).status_code == 403


def test_a_record_is_corrected_by_its_maker_or_their_supervisor_only(header_server):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from assistant.stores.corrections import RecordCorrections
    from assistant.stores.records import RequestRecord, RequestRecords

    url, data = header_server
    record = RequestRecords(data).add(RequestRecord(requested_at="2026-11-05 10:00", agency="fbi", response="provided",
                                                    recorded_by="officer1", command="PCT-075"))
    args = (record.id, "response", "Declined", "wrong response picked", "", "", "", "")
    stranger = Client(url, headers={"X-Forwarded-User": "officer2", "X-Forwarded-Groups": "officer"}, verbose=False)
    with pytest.raises(AppError, match="among the records you may correct"):
        stranger.predict(*args, api_name="/records_correct")
    listed = Client(url, headers=_as("officer"), verbose=False).predict(*args, api_name="/records_correct")
    assert "Corrected (1 change; what it said before is kept)" in listed[0]
    assert "“Provided” → “Declined” — wrong response picked" in listed[0]
    sergeant = Client(url, headers={"X-Forwarded-User": "sgt75"}, verbose=False)
    sergeant.predict(record.id, "immigration", "yes", "it was for ICE", "", "", "", "", api_name="/records_correct")
    history = RecordCorrections(data).history(record.id)
    assert [(h["corrected_by"], h["field"]) for h in history] == [("officer1", "response"), ("sgt75", "immigration")]
    found = Client(url, headers=_as("officer"), verbose=False).predict("", "", "", "no such words",
                                                                       api_name="/records_list")
    assert "1 record" not in found[2] and "0 records shown" in found[2]

