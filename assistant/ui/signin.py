"""Signing in and out: the ``/login`` page for browsers and ``/api/v1/session`` for API callers.

Only in ``SHARECHECK_AUTH=local`` do these check a password (stores/users.py); in ``none`` mode the
page sends you on, in ``header`` mode it says to come through the department's sign-in page. Five
wrong passwords for one name from one address within ``LOCKOUT_SECONDS`` refuse that name from that
address for the rest of the window, whatever the password. A form posted from another site is refused.
"""

from __future__ import annotations

import asyncio
import html
import time
from collections import defaultdict, deque
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from assistant.settings import Settings
from assistant.ui.access import COOKIE, Identifier, allowed_hosts, bearer, host_of

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in — ShareCheck</title>
<style>body{{font:16px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24}}
main{{max-width:380px;margin:12vh auto;padding:24px;background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002}}
h1{{font-size:1.3rem;margin:0 0 4px}} p{{margin:0 0 16px;color:#4a5260}}
label{{display:block;margin:12px 0 4px;font-weight:600}}
input{{width:100%;box-sizing:border-box;padding:10px;font-size:1rem;border:1px solid #9aa3ad;border-radius:6px}}
button{{margin-top:18px;width:100%;padding:11px;font-size:1rem;font-weight:600;border:0;border-radius:6px;
background:#1f4e99;color:#fff}}
.error{{background:#fde8e8;color:#8a1111;padding:10px;border-radius:6px}}</style></head>
<body><main><h1>ShareCheck</h1><p>Sign in with the account your admin made for you.</p>{error}
<form method="post" action="/login"><input type="hidden" name="next" value="{next}">
<label for="name">User name</label>
<input id="name" name="name" autocomplete="username" required autofocus value="{name}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form></main></body></html>"""


PROXY_PAGE = ("<!doctype html><html lang='en'><meta charset='utf-8'><meta name='viewport' "
              "content='width=device-width, initial-scale=1'><title>Sign in — ShareCheck</title>"
              "<body style='font:16px/1.45 system-ui,sans-serif;max-width:420px;margin:12vh auto;padding:0 16px'>"
              "<h1 style='font-size:1.3rem'>ShareCheck</h1><p>This ShareCheck signs people in through the "
              "department's sign-in page, and this browser reached it without that page. Open ShareCheck by "
              "the address your department gave you (not this computer's port), or ask your admin.</p></body></html>")


class SessionRequest(BaseModel):
    """A local account's name and password, for an API session token."""

    name: str = Field(description="the user name given to `sharecheck users add`")
    password: str


def _safe_next(value: str) -> str:
    """Only a path on this server ("/…", not "//host"): a sign-in link cannot send anyone elsewhere."""
    return value if value.startswith("/") and not value.startswith("//") else "/"


class Lockout:
    """Wrong passwords per user name in the last LOCKOUT_SECONDS (memory of this process only)."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def locked(self, name: str) -> bool:
        recent = self._failures[name.lower()]
        while recent and time.monotonic() - recent[0] > LOCKOUT_SECONDS:
            recent.popleft()
        return len(recent) >= MAX_FAILURES

    def failed(self, name: str) -> None:
        self._failures[name.lower()].append(time.monotonic())


def build_signin(settings: Settings, identify: Identifier) -> APIRouter:
    """The router with ``GET/POST /login``, ``GET/POST /logout`` and ``POST/DELETE /api/v1/session``."""
    router = APIRouter()
    lockout = Lockout()
    minutes = settings.session_minutes

    async def sign_in(name: str, password: str, client: str) -> tuple[str | None, str]:
        """(token, '') or (None, why). Wrong passwords lock a name for the address they came from
        only, so nobody can lock another member (an admin included) out from elsewhere."""
        if settings.auth != "local":
            how = ("the department's sign-in page in front of it (the proxy)" if settings.auth == "header"
                   else "no password at all (SHARECHECK_AUTH=none: open / directly)")
            return None, f"this server signs people in through {how}"
        key = f"{name.lower()}|{client}"
        if lockout.locked(key):
            return None, (f"too many wrong passwords for {name} from this computer; wait {LOCKOUT_SECONDS // 60} "
                          "minutes")
        # Argon2 takes tens of milliseconds of CPU: off the event loop, so other requests go on.
        token = await asyncio.to_thread(identify.users.sign_in, name, password, minutes)
        if token is None:
            lockout.failed(key)
            return None, "that user name and password do not match an account"
        return token, ""

    def same_site(request: Request) -> bool:
        """A form posted from another site (its Origin names a host we do not serve) is refused:
        no page elsewhere can sign a browser in, or out, behind its user's back."""
        origin = request.headers.get("origin", "")
        return not origin or host_of(urlsplit(origin).netloc) in allowed_hosts(settings)

    def page(error: str = "", next_path: str = "/", name: str = "", status: int = 200) -> HTMLResponse:
        box = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
        return HTMLResponse(PAGE.format(error=box, next=html.escape(next_path), name=html.escape(name)),
                            status_code=status)

    @router.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/"):  # noqa: A002 - the query parameter's name
        if settings.auth == "none":
            return RedirectResponse(_safe_next(next), status_code=303)
        if settings.auth == "header":
            # Sending the browser back to / would loop: it reached us without the proxy's sign-in.
            return HTMLResponse(PROXY_PAGE, status_code=401)
        return page(next_path=_safe_next(next))

    @router.post("/login", include_in_schema=False)
    async def login(request: Request):
        if not same_site(request):
            return HTMLResponse("Sign in from ShareCheck's own page.", status_code=403)
        form = await request.form()
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        next_path = _safe_next(str(form.get("next", "/")))
        token, why = await sign_in(name, password, request.client.host if request.client else "")
        if token is None:
            return page(why, next_path, name, status=401)
        response = RedirectResponse(next_path, status_code=303)
        response.set_cookie(COOKIE, token, max_age=minutes * 60, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https" or
                            request.headers.get("x-forwarded-proto", "") == "https", path="/")
        return response

    @router.api_route("/logout", methods=["GET", "POST"], include_in_schema=False)
    def logout(request: Request):
        if not same_site(request):
            return HTMLResponse("Sign out from ShareCheck's own page.", status_code=403)
        token = request.cookies.get(COOKIE, "")
        if token:
            identify.users.sign_out(token)
            identify.forget(token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @router.post("/api/v1/session")
    async def open_session(body: SessionRequest, request: Request):
        """A bearer token for a local account: send it as ``Authorization: Bearer <token>``."""
        token, why = await sign_in(body.name.strip(), body.password, request.client.host if request.client else "")
        if token is None:
            return JSONResponse(status_code=401, content={"error": why})
        return {"token": token, "expires_in_minutes": minutes, "user": body.name.strip()}

    @router.delete("/api/v1/session")
    def close_session(request: Request):
        """End the session of the bearer token sent."""
        token = bearer({k.lower(): v for k, v in request.headers.items()})
        if token:
            identify.users.sign_out(token)
            identify.forget(token)
        return {"signed_out": bool(token)}

    return router
