"""Start ``sharecheck serve`` on a free loopback port; print seconds until HTTP 200 and the server's peak RSS.

Run: ``.venv/bin/python bench/serve.py`` (after ``sharecheck index``). Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).with_name("sharecheck")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of ``pid`` in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    port = free_port()
    env = dict(os.environ, SHARECHECK_PORT=str(port))
    started = time.perf_counter()
    server = subprocess.Popen([str(BIN), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if server.poll() is not None:
                sys.exit(f"server exited with code {server.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - started
        print(f"sharecheck serve: HTTP 200 after {ready:.1f} s")
        from gradio_client import Client

        client = Client(url, verbose=False)
        for _ in range(20):
            client.predict("ICE called asking when our prisoner gets released. Can I tell them?", [], api_name="/ask")
        print(f"server peak RSS after 20 answers: {peak_rss_mb(server.pid):.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
