"""Throwaway services on loopback for the tests and the replicas check: a PostgreSQL cluster and a Chroma server.

    with postgres_cluster() as admin_url:            # postgresql://postgres@127.0.0.1:PORT/postgres
        url = create_database(admin_url, "sharecheck")
    with chroma_server(tmp / "chroma") as chroma_url:  # http://127.0.0.1:PORT
        ...

The cluster is made with Debian's PostgreSQL binaries (``initdb``, ``pg_ctl``) in a temporary folder
owned by the ``postgres`` user (PostgreSQL refuses to run as root, so as root the binaries run through
``runuser -u postgres``). It listens on 127.0.0.1 only, keeps its unix socket in that folder, trusts
loopback connections (it holds nothing but test data) and skips fsync; leaving the block stops it
and removes the folder. The Chroma server is the installed chromadb's own ``chroma run``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_SEARCH = ("/usr/lib/postgresql/*/bin",)
OFFLINE = {"ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


class ServiceError(RuntimeError):
    """A throwaway service could not be started; the message holds its log's tail."""


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest Debian PostgreSQL, else PATH); None if missing."""
    found = [Path(p) for p in glob.glob(f"{PG_SEARCH[0]}/initdb")]
    found.sort(key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a throwaway PostgreSQL on 127.0.0.1 and yield its admin URL; stop and remove it afterwards.

    Raises ServiceError when the binaries are missing or the server does not start.
    """
    bindir = postgres_bin()
    if bindir is None:
        raise ServiceError("PostgreSQL's initdb was not found (apt-get install -y postgresql)")
    root = Path(tempfile.mkdtemp(prefix="sharecheck-pg-"))
    data, log, port = root / "data", root / "postgres.log", free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    os.chmod(root, 0o755)
    started = False
    try:
        run = _as_postgres()
        subprocess.run([*run, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True,
                       timeout=120)
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=100")
        result = subprocess.run([*run, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                                 "-w", "-t", "60", "start"], capture_output=True, text=True, timeout=90)
        if result.returncode != 0:
            raise ServiceError(f"PostgreSQL did not start: {result.stderr.strip()}\n{_tail(log)}")
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as exc:
        raise ServiceError(f"initdb failed: {(exc.stderr or b'').decode(errors='replace').strip()}") from exc
    finally:
        if started:
            subprocess.run([*_as_postgres(), str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                            "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str, name: str) -> str:
    """Create database ``name`` (letters, digits, underscores) on the cluster of ``admin_url``; return its URL."""
    import psycopg

    if not name.replace("_", "").isalnum():
        raise ValueError(f"database name {name!r} must be letters, digits and underscores")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def wait_for(url: str, seconds: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Poll ``url`` until it answers 200; raise ServiceError when ``proc`` exits or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"{proc.args[0]} exited with {proc.returncode}\n{_tail(log) if log else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — a loopback URL we made
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise ServiceError(f"{url} did not answer within {seconds:.0f} s\n{_tail(log) if log else ''}")


def stop(proc: subprocess.Popen, grace: float = 15) -> None:
    """SIGTERM ``proc``, then SIGKILL after ``grace`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@contextmanager
def chroma_server(path: Path, port: int | None = None) -> Iterator[str]:
    """Run ``chroma run`` (the installed chromadb's server) on 127.0.0.1 over ``path``; yield its URL."""
    chroma = Path(sys.executable).with_name("chroma")
    port = port or free_port()
    path.mkdir(parents=True, exist_ok=True)
    log = path.parent / f"chroma-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(chroma), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)],
                                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **OFFLINE})
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60, proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
