"""Who is asking, and what their role lets them do, checked on the server for every request.

Three sign-in modes (``SHARECHECK_AUTH``):

- ``none`` — one local user holding every role, as a single-user app on 127.0.0.1 has always been;
  the server refuses to start in this mode on any other address (ui/app.py ``check_exposure``).
- ``local`` — accounts made with ``sharecheck users add`` (stores/users.py); a browser signs in at
  ``/login`` and gets an HttpOnly session cookie, an API caller posts to ``/api/v1/session`` and sends
  ``Authorization: Bearer <token>``. Sessions expire after ``SHARECHECK_SESSION_MINUTES``.
- ``header`` — a reverse proxy that has signed the user in (the oauth2-proxy pattern) sends
  ``X-Forwarded-User`` and ``X-Forwarded-Groups``; they are believed only from
  ``SHARECHECK_TRUSTED_PROXIES``. A user with a local account gets that account's roles and command;
  anyone else gets the ShareCheck roles named in the groups header and no command (so a supervisor
  known only from the header sees only their own records: give supervisors accounts).

``CAPABILITIES`` says which roles may do what; ``AccessMiddleware`` checks the Host header and that a
request comes from a signed-in user; each REST route (``require``) and each web-app event
(``need_in_app``) checks the capability it exercises, so hiding a tab is never the only guard.
"""

from __future__ import annotations

import ipaddress
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from starlette.requests import Request

from assistant.settings import Settings
from assistant.stores.users import ALL_COMMANDS, ROLES, User, UserError, UserStore, check_name

COOKIE = "sharecheck_session"
LOCAL_USER = User("local", ROLES, ALL_COMMANDS)
# Capability → the roles that have it (issue 14): every signed-in role may ask; officers and supervisors
# record requests (officers see their own records, supervisors their command's and mark them reviewed).
CAPABILITIES: dict[str, tuple[str, ...]] = {
    "ask": ROLES,
    "record": ("officer", "supervisor"),
    "records": ("officer", "supervisor"),
    "review": ("supervisor",),
    "scenarios": ("trainer",),
    "evaluate": ("evaluator",),
    "admin": ("admin",),
}
# Which role may download each kind of export (stores/exports.py KINDS); Gradio serves them at FILE_ROUTE.
EXPORT_CAPABILITY = {"scores": "evaluate", "training": "scenarios", "records": "records"}
FILE_ROUTE = "/gradio_api/file="
# Paths a visitor who is not signed in may reach: the sign-in page itself and the health probe.
PUBLIC_PATHS = ("/login", "/logout", "/api/v1/health", "/api/v1/session", "/favicon.ico")
_CACHE_SECONDS = 5.0  # a session looked up this recently is not looked up again (assets load in bursts)


class AccessDenied(PermissionError):
    """The signed-in user lacks the role a capability needs; the message says which roles have it."""


@dataclass(frozen=True)
class Who:
    """Everything identification needs from one request: headers (lower-case keys), cookies, client address."""

    headers: Mapping[str, str]
    cookies: Mapping[str, str]
    client: str


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(settings: Settings) -> set[str]:
    """The Host names (lower case, no port) this server answers to."""
    return settings.host_names() or {settings.host.lower(), "localhost", "127.0.0.1", "::1"}


def host_of(header: str) -> str:
    """``"example.org:7860"`` → ``"example.org"``; ``"[::1]:7860"`` → ``"::1"``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _trusted(networks: list, client: str) -> bool:
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    return any(address in network for network in networks)


def bearer(headers: Mapping[str, str]) -> str:
    """The token of an ``Authorization: Bearer …`` header, or ''."""
    value = headers.get("authorization", "")
    return value[7:].strip() if value[:7].lower() == "bearer " else ""


class Identifier:
    """Turns a request into a User (or None) by the configured sign-in mode; see the module text."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.users = UserStore(settings.data_dir)
        self.proxies = settings.proxy_networks()  # parsed once, not per request
        self._seen: dict[str, tuple[float, User | None]] = {}

    def __call__(self, who: Who) -> User | None:
        mode = self.settings.auth
        if mode == "none":
            return LOCAL_USER
        if mode == "header":
            if not _trusted(self.proxies, who.client):
                return None
            name = who.headers.get(self.settings.user_header.lower(), "")
            groups = who.headers.get(self.settings.groups_header.lower(), "")
            return self._cached(f"header\n{name}\n{groups}", lambda: self._from_header(name, groups)) if name else None
        token = who.cookies.get(COOKIE, "") or bearer(who.headers)
        return self._cached(token, lambda: self.users.session_user(token)) if token else None

    def _cached(self, key: str, look_up) -> User | None:
        """``look_up()`` at most once per ``key`` every _CACHE_SECONDS (a page load is dozens of requests)."""
        now = time.monotonic()
        hit = self._seen.get(key)
        if hit and now - hit[0] < _CACHE_SECONDS:
            return hit[1]
        user = look_up()
        if len(self._seen) > 4096:
            self._seen.clear()
        self._seen[key] = (now, user)
        return user

    def forget(self, token: str) -> None:
        """Drop ``token`` from the cache (after sign-out, so it stops working at once)."""
        self._seen.pop(token, None)

    def _from_header(self, header_name: str, header_groups: str) -> User | None:
        try:
            # The names local accounts may have: a 5,000-character or odd header signs nobody in.
            name = check_name(header_name)
        except UserError:
            return None
        account = self.users.get(name)
        if account is not None:
            return account
        groups = [g.strip().lower().removeprefix("sharecheck:") for g in header_groups.split(",")]
        return User(name, tuple(r for r in ROLES if r in groups), "")


def check(user: User | None, capability: str) -> User:
    """``user`` when one of their roles has ``capability``; raises AccessDenied saying who may."""
    roles = CAPABILITIES[capability]
    if user is None:
        raise AccessDenied("sign in first (open /login, or send Authorization: Bearer <token> from "
                           "POST /api/v1/session)")
    if not user.has(*roles):
        held = ", ".join(user.roles) or "no ShareCheck role"
        raise AccessDenied(f"{user.name} ({held}) may not do this; it needs the role "
                           f"{' or '.join(roles)} — ask an admin")
    return user


def require(capability: str):
    """A FastAPI dependency: the request's user (left by AccessMiddleware) when allowed, else HTTP 403
    (401 when nobody is signed in) with the reason. ``Depends(require("records"))``."""
    from fastapi import HTTPException

    def dependency(request: Request) -> User:
        user = getattr(request.state, "user", None)
        try:
            return check(user, capability)
        except AccessDenied as exc:
            raise HTTPException(status_code=401 if user is None else 403, detail=str(exc)) from None

    return dependency


def records_scope(user: User) -> dict[str, str | None]:
    """The ``RequestRecords.select`` narrowing a user's role allows: a supervisor sees their command's
    records (every command only when their command is ALL_COMMANDS, "*"), an officer — and a
    supervisor with no command, such as one known only from a proxy's groups header — only their own."""
    if user.has("supervisor") and user.command:
        return {"command": None if user.command == ALL_COMMANDS else user.command, "recorded_by": None}
    return {"command": None, "recorded_by": user.name}


def who_from_gradio(request) -> Who:
    """The Who of a ``gr.Request`` (headers, cookies, client of the request that started the event)."""
    headers = {k.lower(): v for k, v in dict(getattr(request, "headers", {}) or {}).items()}
    cookies = dict(getattr(request, "cookies", {}) or {})
    client = getattr(getattr(request, "client", None), "host", "") or ""
    return Who(headers, cookies, client)


_IDENTIFIERS: dict[Settings, Identifier] = {}


def identifier_for(settings: Settings) -> Identifier:
    """The one Identifier of ``settings`` (its short session cache is shared by every tab and route)."""
    if settings not in _IDENTIFIERS:
        _IDENTIFIERS[settings] = Identifier(settings)
    return _IDENTIFIERS[settings]


def allowed_in_app(settings: Settings, request, capability: str) -> bool:
    """For a web-app event that shows less rather than refuses: may the user of ``request`` do it?"""
    try:
        check(identifier_for(settings)(who_from_gradio(request)), capability)
    except AccessDenied:
        return False
    return True


def need_in_app(settings: Settings, request, capability: str) -> User:
    """For a web-app event (``request`` its ``gr.Request``): the user when allowed; raises
    ``gr.Error`` with the reason when not."""
    import gradio as gr

    try:
        return check(identifier_for(settings)(who_from_gradio(request)), capability)
    except AccessDenied as exc:
        raise gr.Error(str(exc)) from None


class AccessMiddleware:
    """ASGI middleware: a Host header this server answers to, then a signed-in user for every path
    but PUBLIC_PATHS (else HTTP 401 JSON for API paths, a redirect to /login for pages). The user is
    left in ``scope["state"]["user"]`` for the routes' own capability checks."""

    def __init__(self, app, settings: Settings, identify: Identifier):
        self.app, self.settings, self.identify = app, settings, identify
        self.hosts = allowed_hosts(settings)
        self.how_to_sign_in = (
            "sign in first: come through the department's sign-in page (the proxy in front of ShareCheck)"
            if settings.auth == "header" else
            'sign in first: open /login in a browser, or POST {"name": …, "password": …} to /api/v1/session '
            "and send Authorization: Bearer <token>")
        self._exports = os.path.normpath(settings.data_dir / "exports")  # stores/exports.py exports_root

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = host_of(headers.get("host", ""))
        user = self.identify(Who(headers, _cookies(headers.get("cookie", "")), (scope.get("client") or ("", 0))[0]))
        if scope["type"] == "websocket" and (host not in self.hosts or user is None):
            return await send({"type": "websocket.close", "code": 1008})  # policy violation
        if host not in self.hosts:
            return await _reply(send, 400, {"error": f"this server does not answer to the host name {host!r}; "
                                                     "use one of " + ", ".join(sorted(self.hosts)) +
                                                     " (an admin sets them with SHARECHECK_ALLOWED_HOSTS)"})
        scope.setdefault("state", {})["user"] = user
        path = scope.get("path", "")
        if user is None and not path.startswith(PUBLIC_PATHS):
            # A page a browser asked for goes to the sign-in page; anything else gets a JSON refusal.
            if (path.startswith(("/api/", "/gradio_api/")) or scope.get("method", "GET") != "GET"
                    or "text/html" not in headers.get("accept", "")):
                return await _reply(send, 401, {"error": self.how_to_sign_in})
            return await _redirect(send, "/login?next=" + quote(path or "/"))
        if path.startswith(FILE_ROUTE):
            # A download of scores or trainees' results: signed in is not enough, and the path alone
            # (random as it is) must not hand it out. Normalised first, so "../" cannot cross kinds.
            wanted = os.path.normpath(path[len(FILE_ROUTE):])
            if wanted == self._exports or wanted.startswith(self._exports + os.sep):
                kind = wanted[len(self._exports):].strip(os.sep).split(os.sep, 1)[0]
                try:
                    check(user, EXPORT_CAPABILITY.get(kind, "admin"))
                except AccessDenied as exc:
                    return await _reply(send, 403, {"error": str(exc)})
        return await self.app(scope, receive, send)


def _cookies(header: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


async def _reply(send, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


async def _redirect(send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode()), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
