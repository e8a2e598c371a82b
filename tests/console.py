"""The ``sharecheck`` command run inside the test process, as a subprocess would see it.

A console-script subprocess spends ~1.5 s importing Chroma and LangChain and reading the corpus
before it answers; in-process, the second call answers in ~50 ms, which keeps the fast tier fast.
``sharecheck()`` runs ``assistant.cli.main.main`` with ``env`` as the whole environment, standard
input from ``input`` (text or bytes) and standard output and error captured, and returns what
``subprocess.run(..., capture_output=True)`` would: a CompletedProcess with the exit code. An
exception the command does not handle is printed as a traceback with exit code 1, as Python would.
Tests of what only a real process shows (a closed pipe, the installed entry point) still spawn one.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout


class _Stdin(io.TextIOWrapper):
    """Text standard input over bytes, with ``.buffer`` for commands that read raw bytes."""


def sharecheck(args: list[str], env: dict[str, str], input: str | bytes | None = None,
               text: bool = True) -> subprocess.CompletedProcess:
    """Run ``sharecheck ARGS`` in-process; ``text=False`` returns stdout and stderr as UTF-8 bytes."""
    from assistant.cli.main import main

    raw = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    stdin = _Stdin(io.BytesIO(raw), encoding="utf-8", errors="strict")
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_stdin = dict(os.environ), sys.stdin
    os.environ.clear()
    os.environ.update(env)
    sys.stdin = stdin
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                if isinstance(exc.code, str):
                    print(exc.code, file=sys.stderr)
            except Exception:  # noqa: BLE001 - shown the way the interpreter would show it
                traceback.print_exc()
                code = 1
    finally:
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved_env)
    stdout, stderr = out.getvalue(), err.getvalue()
    if not text:
        return subprocess.CompletedProcess(["sharecheck", *args], code, stdout.encode("utf-8"), stderr.encode("utf-8"))
    return subprocess.CompletedProcess(["sharecheck", *args], code, stdout, stderr)
