"""Versioned folders published by one atomic link switch, and the two-rename swap for plain folders.

The index (knowledge/index.py) lives in ``<index_dir>.versions/<version>/`` with ``index_dir`` a
symbolic link to the live one; reports and the ingest store are plain folders swapped whole.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

MANIFEST = "manifest.json"  # written last by a build: its presence marks a version complete

# Versions kept on disk: the live one and the previous two, so a process still answering from an
# older one (it switches between requests) never has its folder removed under it.
KEEP_VERSIONS = 3


def versions_dir(index_dir: Path) -> Path:
    """Where the versions of ``index_dir`` live: ``<index_dir>.versions`` beside it."""
    return index_dir.with_name(index_dir.name + ".versions")


def live_path(index_dir: Path) -> Path:
    """The folder ``index_dir`` resolves to now (its live version; itself for a pre-version index)."""
    return index_dir.resolve()


def publish(staging: Path, target: Path, version: str) -> list[str]:
    """Make the complete folder ``staging`` the live version ``version`` of ``target``.

    The folder is renamed into ``<target>.versions/``; then a new link is made beside ``target`` and
    renamed over it (``os.replace``, atomic on POSIX), so ``target`` always resolves to a whole index.
    A ``target`` that is still a plain folder (an index from before versions) is moved into the
    versions first; that one-time move is the only moment ``target`` is absent. Older versions beyond
    KEEP_VERSIONS are then removed; their names are returned (index.py drops their Chroma server collections).
    """
    versions = versions_dir(target)
    versions.mkdir(exist_ok=True)
    staging.rename(versions / version)
    if target.is_dir() and not target.is_symlink():
        target.rename(versions / f"00000000T000000-000-unversioned-{int(time.time())}")
    link = target.with_name(f".{target.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(Path(versions.name) / version)
    os.replace(link, target)
    pruned = sorted((p for p in versions.iterdir() if p.is_dir() and p.name != version), reverse=True)[
        KEEP_VERSIONS - 1:]
    for old in pruned:
        shutil.rmtree(old, ignore_errors=True)
    return [p.name for p in pruned]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned_builds(target: Path) -> list[Path]:
    """Remove staging folders beside ``target`` whose build process is gone (killed builds); return them.

    Also removes ``.retired-*`` folders left by the swap of the pre-version layout.
    """
    removed = []
    for path in target.parent.glob(f".{target.name}.*"):
        kind, _, rest = path.name[len(target.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        stale = kind == "retired" or (kind in ("building", "link") and not (pid.isdigit() and _pid_alive(int(pid))))
        if stale:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() and not path.is_symlink() else \
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def read_manifest(index_dir: Path) -> dict | None:
    """The manifest of a complete index at ``index_dir``, or None when there is none."""
    try:
        return json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def replace_directory(staging: Path, target: Path) -> None:
    """Put the complete plain folder ``staging`` where ``target`` is, retiring the old one.

    Two renames, so a reader sees either the whole old folder or the whole new one (a report folder,
    the ingest store). The index uses ``publish`` instead, which never leaves a moment with no folder.
    """
    retired = target.parent / f".{target.name}.retired-{int(time.time() * 1000)}"
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
