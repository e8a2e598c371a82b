"""The shared deployment end to end on loopback: PostgreSQL + a Chroma server + two replicas (+ nginx).

    .venv/bin/python -m deploy.replicas_check            # what .ci/run runs (about a minute)
    .venv/bin/python -m deploy.replicas_check --no-nginx

It starts a throwaway PostgreSQL cluster and a Chroma server (deploy/services.py), builds the index
of a copy of the corpus into Chroma (``sharecheck index``), starts two ``sharecheck serve`` replicas
on different ports with the same SHARECHECK_DATABASE_URL, SHARECHECK_CHROMA_URL and index folder,
signing people in with local accounts kept in PostgreSQL (SHARECHECK_AUTH=local), and checks: a
question with no sign-in is refused; each answers ``POST /api/v1/ask``; a request record an officer
writes through replica A is read by their supervisor through replica B; both write the one audit
log; a rebuild (after a corpus file of the copy changes) while both serve leaves every answer
answered and both switch to the new version (``GET /api/v1/health``); and, when nginx is installed,
a question through deploy/nginx/sharecheck.conf in front of them. Whatever it started is stopped on
the way out, on failure, Ctrl-C or SIGTERM too. Exit 0 when every check passed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

from deploy.services import (
    OFFLINE,
    ServiceError,
    chroma_server,
    create_database,
    free_port,
    postgres_cluster,
    stop,
    wait_for,
)

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).with_name("sharecheck")
NGINX_CONF = Path(__file__).resolve().parent / "nginx" / "sharecheck.conf"
PASSWORD = "a throwaway passphrase for the check"
QUESTION = "ICE called asking when our prisoner gets released. Can I tell them?"
RECORD = {"requested_at": "2026-04-02 14:05", "agency": "ice_ero", "response": "declined",
          "requested": "release date", "notes": "agent asked about Mr. Jose Garcia, cell 917-555-0199"}


class CheckFailed(AssertionError):
    """One check of the topology did not hold; the message says which and what was seen."""


class Report:
    def __init__(self) -> None:
        self.started, self.passed = time.monotonic(), 0

    def ok(self, what: str) -> None:
        self.passed += 1
        print(f"  ok  {what}  ({time.monotonic() - self.started:.1f} s)", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def on_signal(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds the ExitStack: everything started is stopped


def start_replica(stack: ExitStack, env: dict[str, str], port: int, log: Path) -> str:
    with open(log, "wb") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen([str(BIN), "serve", "--port", str(port)], env=env, stdout=out,
                                stderr=subprocess.STDOUT, cwd=REPO)
    stack.callback(stop, proc)
    stack.callback(lambda: proc.poll() is None or print(f"  (replica :{port} had exited with {proc.returncode}; "
                                                         f"log {log})"))
    return f"http://127.0.0.1:{port}"


def ask(client: httpx.Client, base: str, question: str = QUESTION) -> dict:
    response = client.post(f"{base}/api/v1/ask", json={"question": question})
    expect(response.status_code == 200, f"{base} answered {response.status_code}: {response.text[:300]}")
    return response.json()


def sign_in(client: httpx.Client, base: str, name: str) -> str:
    """A bearer token for account ``name`` from replica ``base`` (POST /api/v1/session)."""
    response = client.post(f"{base}/api/v1/session", json={"name": name, "password": PASSWORD})
    expect(response.status_code == 200, f"{name} could not sign in on {base}: {response.status_code} {response.text}")
    return str(response.json()["token"])


def health(client: httpx.Client, base: str) -> dict:
    response = client.get(f"{base}/api/v1/health")
    expect(response.status_code == 200, f"{base}/api/v1/health answered {response.status_code}")
    return response.json()


def run_index(env: dict[str, str], log: Path) -> None:
    with open(log, "ab") as out:
        done = subprocess.run([str(BIN), "index"], env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO,
                              timeout=600)
    expect(done.returncode == 0, f"sharecheck index exited {done.returncode}; see {log}")


def manifest_version(index_dir: Path) -> str:
    import json

    return str(json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))["version"])


def nginx_config(root: Path, port: int, a: int, b: int) -> Path:
    """deploy/nginx/sharecheck.conf with the check's ports, inside a minimal nginx.conf of its own."""
    site = NGINX_CONF.read_text(encoding="utf-8")
    site = site.replace("127.0.0.1:7861", f"127.0.0.1:{a}").replace("127.0.0.1:7862", f"127.0.0.1:{b}")
    site = re.sub(r"listen\s+80;", f"listen 127.0.0.1:{port};", site)
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (root / f"{kind}_temp").mkdir(parents=True, exist_ok=True)
    temps = "\n".join(f"    {kind}_temp_path {root / (kind + '_temp')};"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = root / "nginx.conf"
    conf.write_text(f"""worker_processes 1;
pid {root / 'nginx.pid'};
error_log {root / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    access_log {root / 'access.log'};
{temps}
{site}
}}
""", encoding="utf-8")
    return conf


def check(args: argparse.Namespace, stack: ExitStack, report: Report) -> None:
    root = Path(tempfile.mkdtemp(prefix="sharecheck-replicas-"))
    stack.callback(shutil.rmtree, root, True)

    def logs_on_failure(kind, _exc, _tb) -> bool:
        if kind is not None:  # the services are stopped by now; show why before the folder goes
            for log in sorted(root.rglob("*.log")):
                tail = log.read_text(errors="replace").splitlines()[-25:]
                print(f"--- {log.relative_to(root)} (last lines)\n" + "\n".join(tail), file=sys.stderr)
        return False

    stack.push(logs_on_failure)
    print(f"replicas check in {root}", flush=True)
    admin = stack.enter_context(postgres_cluster())
    database_url = create_database(admin, "sharecheck")
    chroma_url = stack.enter_context(chroma_server(root / "chroma" / "data"))
    report.ok(f"PostgreSQL ({admin.rsplit('/', 1)[0]}) and Chroma ({chroma_url}) up on loopback")

    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    index_dir = root / "shared" / "index"
    env = {**os.environ, **OFFLINE, "SHARECHECK_DATABASE_URL": database_url, "SHARECHECK_CHROMA_URL": chroma_url,
           "SHARECHECK_CORPUS_DIR": str(corpus), "SHARECHECK_INDEX_DIR": str(index_dir),
           "SHARECHECK_DATA_DIR": str(root / "data"), "SHARECHECK_HOST": "127.0.0.1",
           "SHARECHECK_AUTH": "local"}
    if args.embedder:
        env["SHARECHECK_EMBEDDER"] = args.embedder
    run_index(env, root / "index.log")
    first = manifest_version(index_dir)
    from assistant.knowledge.vector_store import chroma_client, collection_name

    collection = chroma_client(url=chroma_url).get_collection(collection_name(first), embedding_function=None)
    expect(collection.count() > 100 and not (index_dir / "chroma").exists(),
           f"the index's vectors are not on the Chroma server (collection holds {collection.count()})")
    report.ok(f"index {first} built into Chroma ({collection.count()} vectors); BM25 and chunks in {index_dir}")

    # Accounts live in PostgreSQL: made once, they sign in on either replica (and a session opened on
    # one is good on the other).
    for name, role in (("ci-officer", "officer"), ("ci-sgt", "supervisor")):
        made = subprocess.run([str(BIN), "users", "add", name, "--role", role, "--command", "PCT-075",
                               "--password-stdin"], input=PASSWORD + "\n", env=env, capture_output=True, text=True)
        expect(made.returncode == 0, f"sharecheck users add {name} exited {made.returncode}: {made.stderr}")

    ports = [free_port(), free_port()]
    replicas = [start_replica(stack, env, port, root / f"replica-{port}.log") for port in ports]
    for base, port in zip(replicas, ports, strict=True):
        wait_for(f"{base}/api/v1/health", 240, log=root / f"replica-{port}.log")
    client = stack.enter_context(httpx.Client(timeout=60, trust_env=False))
    refused = client.post(f"{replicas[0]}/api/v1/ask", json={"question": QUESTION})
    expect(refused.status_code == 401, f"a question with no sign-in was answered {refused.status_code}")
    officer, sergeant = sign_in(client, replicas[0], "ci-officer"), sign_in(client, replicas[1], "ci-sgt")
    client.headers["Authorization"] = f"Bearer {officer}"
    versions = {health(client, base)["index_version"] for base in replicas}
    expect(versions == {first}, f"the replicas serve {versions}, not {first}")
    report.ok(f"two replicas ready on :{ports[0]} and :{ports[1]}, both on index {first}; unsigned asks refused "
              "(401), accounts in PostgreSQL sign in on either")

    answers = [ask(client, base) for base in replicas]
    expect([a["verdict"] for a in answers] == ["prohibited", "prohibited"],
           f"the replicas answered {[a['verdict'] for a in answers]}, expected prohibited from both")
    expect(answers[0]["citations"] == answers[1]["citations"], "the replicas cite different passages")
    report.ok("POST /api/v1/ask through each replica: prohibited, same citations")

    written = client.post(f"{replicas[0]}/api/v1/records", json=RECORD)
    expect(written.status_code == 201, f"POST /api/v1/records on A answered {written.status_code}: {written.text}")
    saved = written.json()
    read = client.get(f"{replicas[1]}/api/v1/records", params={"from": "2026-04-01", "to": "2026-04-30"},
                      headers={"Authorization": f"Bearer {sergeant}"})
    expect(read.status_code == 200, f"GET /api/v1/records on B answered {read.status_code}: {read.text}")
    mine = [r for r in read.json()["records"] if r["id"] == saved["id"]]
    expect(len(mine) == 1 and mine[0]["notes"] == "agent asked about Mr. [NAME], cell [PHONE]",
           f"replica B does not read record {saved['id']} as A stored it: {read.json()}")
    expect(mine[0]["recorded_by"] == "ci-officer", f"the record was not kept as ci-officer's: {mine[0]}")
    report.ok(f"record #{saved['id']} written by an officer through A, read by their supervisor through B "
              "(redacted)")

    from assistant.stores.audit import AuditLog

    rows = AuditLog(root / "data", database_url=database_url).recent(10)
    expect(sum(r["channel"] == "rest" for r in rows) >= 2, f"the shared audit log holds {rows}")
    report.ok(f"both replicas wrote the one audit log in PostgreSQL ({len(rows)} rows)")

    # Rebuild while both serve: every answer during the build must still come back.
    stop_asking, results = threading.Event(), {"ok": 0, "failed": []}

    def keep_asking() -> None:
        with httpx.Client(timeout=60, trust_env=False, headers={"Authorization": f"Bearer {officer}"}) as c:
            while not stop_asking.is_set():
                for base in replicas:
                    try:
                        ask(c, base, "Can the FBI have the bank-robbery complaint report?")
                        results["ok"] += 1
                    except (CheckFailed, httpx.HTTPError) as exc:
                        results["failed"].append(f"{base}: {exc}")
                stop_asking.wait(0.3)

    asker = threading.Thread(target=keep_asking, daemon=True)
    asker.start()
    glossary = corpus / "documents" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nAn added sentence about detainers.\n",
                        encoding="utf-8")
    run_index(env, root / "index.log")
    second = manifest_version(index_dir)
    expect(second != first, "the rebuild published no new version")
    deadline = time.monotonic() + 120
    while {health(client, b)["index_version"] for b in replicas} != {second}:
        expect(time.monotonic() < deadline, f"the replicas did not switch to {second} within 120 s")
        time.sleep(0.5)
    stop_asking.set()
    asker.join(60)
    expect(not results["failed"], f"answers failed during the rebuild: {results['failed'][:3]}")
    expect(results["ok"] > 0, "no answer was asked during the rebuild")
    after = [ask(client, base)["verdict"] for base in replicas]
    expect(after == ["prohibited", "prohibited"], f"after the switch the replicas answered {after}")
    report.ok(f"rebuilt to {second} while serving: {results['ok']} answers during it, none failed; both switched")

    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if args.no_nginx or not nginx:
        print("  --  nginx " + ("skipped (--no-nginx)" if args.no_nginx else "is not installed: skipped "
                                "(apt-get install -y nginx)"), flush=True)
        return
    port = free_port()
    conf = nginx_config(root / "nginx", port, *ports)
    with open(root / "nginx" / "stderr.log", "wb") as err:
        proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(root / "nginx"), "-g", "daemon off;"],
                                stdout=subprocess.DEVNULL, stderr=err)
    stack.callback(stop, proc)
    wait_for(f"http://127.0.0.1:{port}/api/v1/health", 30, proc, root / "nginx" / "error.log")
    through = ask(client, f"http://127.0.0.1:{port}")
    expect(through["verdict"] == "prohibited", f"through nginx the answer was {through['verdict']}")
    report.ok(f"POST /api/v1/ask through nginx (deploy/nginx/sharecheck.conf) on :{port}: prohibited")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.replicas_check", description=__doc__.split("\n")[0])
    parser.add_argument("--no-nginx", action="store_true", help="skip the check through nginx")
    parser.add_argument("--embedder", default="", help="SHARECHECK_EMBEDDER for the replicas (default: the setting)")
    args = parser.parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    report = Report()
    try:
        with ExitStack() as stack:
            check(args, stack, report)
    except (CheckFailed, ServiceError, subprocess.TimeoutExpired, httpx.HTTPError) as exc:
        print(f"replicas check FAILED: {exc}", file=sys.stderr, flush=True)
        print(f"replicas: {report.passed} passed, 1 failed", flush=True)
        return 1
    print(f"replicas check took {time.monotonic() - report.started:.0f} s and stopped everything it started")
    print(f"replicas: {report.passed} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
