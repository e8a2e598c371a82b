"""Downloads that hold people's details (evaluator scores, trainees' results): written where only the
service user can read them, and removed soon after.

    path = write_export(data_dir, "scores", "eval-scores-20261201.csv", text)
    # → data_dir/exports/scores/<32 random hex>/eval-scores-20261201.csv, folders 0700, file 0600

One folder per kind, so the server can tell whose download a path is (ui/access.py lets only an
evaluator fetch ``scores``, only a trainer ``training``, only an officer or supervisor ``records``);
the random folder keeps a path unguessable. An export is removed by ``remove_export`` (after it is
downloaded), by ``remove_later``, or once it is older than EXPORT_TTL_SECONDS when the next one of
its kind is written.
"""

from __future__ import annotations

import os
import secrets
import shutil
import threading
import time
from pathlib import Path

KINDS = ("scores", "training", "records")
EXPORT_TTL_SECONDS = 10 * 60  # an export nobody downloaded is gone after this long


def _private(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask, and an old folder may be wider
    return folder


def exports_root(data_dir: Path) -> Path:
    """``data_dir/exports``, created (or tightened) to mode 0700."""
    return _private(Path(data_dir) / "exports")


def export_dir(data_dir: Path, kind: str) -> Path:
    """``data_dir/exports/<kind>`` (0700); raises ValueError for a kind not in KINDS."""
    if kind not in KINDS:
        raise ValueError(f"export kind {kind!r} is not one of {', '.join(KINDS)}")
    exports_root(data_dir)
    return _private(Path(data_dir) / "exports" / kind)


def write_export(data_dir: Path, kind: str, name: str, text: str, now: float | None = None) -> Path:
    """Write ``text`` to ``data_dir/exports/<kind>/<random>/<name>`` (file 0600) and return the path;
    exports of the kind older than EXPORT_TTL_SECONDS before ``now`` are removed first."""
    folder = export_dir(data_dir, kind)
    remove_expired_exports(folder, now)
    own = _private(folder / secrets.token_hex(16))
    path = own / Path(name).name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def remove_export(path: Path | str | None) -> None:
    """Delete one export written by ``write_export`` (and its random folder); quiet if already gone."""
    if not path:
        return
    path = Path(path)
    path.unlink(missing_ok=True)
    if path.parent.parent.parent.name == "exports" and path.parent.parent.name in KINDS:
        shutil.rmtree(path.parent, ignore_errors=True)


def remove_later(path: Path | str, seconds: float) -> None:
    """``remove_export(path)`` after ``seconds``, from a daemon timer (the download has started by then)."""
    timer = threading.Timer(seconds, remove_export, (path,))
    timer.daemon = True
    timer.start()


def remove_expired_exports(folder: Path, now: float | None = None, ttl: float = EXPORT_TTL_SECONDS) -> None:
    """Remove every export under ``folder`` last modified more than ``ttl`` seconds before ``now``."""
    now = time.time() if now is None else now
    for item in folder.iterdir() if folder.is_dir() else ():
        try:
            if now - item.stat().st_mtime > ttl:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
        except OSError:
            continue
