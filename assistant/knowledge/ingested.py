"""The store of texts added by ``sharecheck ingest``: one JSON file per source file name, with the
text's origin and who has reviewed which section.

The store is a folder (``data_dir/official``). One file per source *name*, so a revised file
replaces its earlier version instead of standing beside it. Shape of ``<source name>.json``::

    {"id": "ing-98f1ec72be",             # "ing-" + the first 10 hex digits of sha256
     "source": "injection.txt", "sha256": "<64 hex digits of the file's bytes>",
     "ingested_at": "2026-12-01T13:30:35+00:00", "by": "alice",      # OS user, or --by NAME
     "verified": {"99-999(a)": {"by": "lee", "at": "2026-12-02T09:00:00+00:00"}},   # code pinpoint → review
     "sections": [{"doc_id": "ac-99-999", "pinpoint": "99-999(a)", "heading": …, "text": …}, …]}

``sections`` hold what the file *claims* (the corpus document and pinpoint its numbers name);
knowledge/filing.py files them under the file's own id. A section id is ``<file id>#<code pinpoint>``
(``ing-98f1ec72be#99-999(a)``). Files written before origins were kept (``<stem>-<digest>.json``
with only ``source`` and ``sections``) are read as unreviewed, by "unknown"; of several for one
source name only the newest counts.

Every change is made on a staging copy (``stage``) that ``commit`` swaps in, so the index can be
built from the staged store first: a failed build leaves the store as it was.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
import shutil
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from assistant.domain import Section
from assistant.errors import IngestError
from assistant.knowledge.ingest import code_pinpoint

ID_PREFIX = "ing-"


@dataclass(frozen=True)
class IngestedFile:
    """One ingested file as stored: its origin, its reviews and the sections it claims.

    ``verified`` maps a code pinpoint (``14-154(b)``) to ``{"by", "at"}``; ``path`` is the JSON file
    it was read from ("" before it is written).
    """

    id: str
    source: str
    sha256: str
    ingested_at: str
    by: str
    sections: tuple[Section, ...]
    verified: dict[str, dict[str, str]] = field(default_factory=dict)
    path: str = ""

    @property
    def date(self) -> str:
        """The day it was ingested, YYYY-MM-DD."""
        return self.ingested_at[:10]

    def section_id(self, section: Section) -> str:
        """``<file id>#<code pinpoint>``, e.g. ``ing-98f1ec72be#99-999(a)``."""
        return f"{self.id}#{code_pinpoint(section.doc_id, section.pinpoint)}"

    def origin(self) -> dict[str, object]:
        """What a citation shows of where the text came from (Document.ingested)."""
        return {"id": self.id, "file": self.source, "sha256": self.sha256, "ingested_at": self.ingested_at,
                "by": self.by, "verified": {pin: review["by"] for pin, review in self.verified.items()}}

    def as_json(self) -> dict:
        return {"id": self.id, "source": self.source, "sha256": self.sha256, "ingested_at": self.ingested_at,
                "by": self.by, "verified": self.verified,
                "sections": [{k: v for k, v in asdict(s).items() if k in ("doc_id", "pinpoint", "heading", "text")}
                             for s in self.sections]}


def default_user() -> str:
    """Who runs the command: the OS user name, or "unknown" where the system has none (a bare container)."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    """The wall-clock time of a record, ISO 8601 with offset (not SHARECHECK_TODAY: it is an audit fact)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def new_record(source: Path, sections: list[Section], by: str = "") -> IngestedFile:
    """The record for ``sections`` read from ``source``: hashed now, by ``by`` (default the OS user)."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    return IngestedFile(id=ID_PREFIX + digest[:10], source=source.name, sha256=digest, ingested_at=now(),
                        by=by or default_user(), sections=tuple(sections))


def _store_name(source: str) -> str:
    # The source's name, made safe for a file name; a collision of two sanitised names is refused on write.
    return re.sub(r"[^A-Za-z0-9._-]", "_", source) + ".json"


def _read(path: Path) -> IngestedFile:
    raw = json.loads(path.read_text(encoding="utf-8"))
    sections = tuple(Section(doc_id=s["doc_id"], pinpoint=s["pinpoint"], heading=s.get("heading", ""),
                             text=s["text"], provenance="unverified", origin="official")
                     for s in raw["sections"])
    if "id" not in raw:  # written before origins were kept: nobody can say who added it or reviewed it
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        stamp = datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
        return IngestedFile(id=ID_PREFIX + digest[:10], source=str(raw.get("source", path.stem)), sha256="",
                            ingested_at=stamp, by="unknown", sections=sections, path=str(path))
    return IngestedFile(id=raw["id"], source=raw["source"], sha256=raw["sha256"], ingested_at=raw["ingested_at"],
                        by=raw["by"], sections=sections, verified=dict(raw.get("verified") or {}), path=str(path))


def load_store(folder: Path) -> list[IngestedFile]:
    """Every file in the store, oldest first; of several for one source name, only the newest.

    Raises IngestError naming a stored file that cannot be read (it was edited by hand or cut short).
    """
    records: dict[str, IngestedFile] = {}
    paths = sorted(folder.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name)) if folder.is_dir() else []
    for path in paths:
        try:
            record = _read(path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IngestError(f"{path}: the stored ingested text cannot be read ({exc}); remove the file "
                              "and ingest its source again") from exc
        records[record.source] = record  # a later version of the same name replaces the earlier
    return list(records.values())


def find(records: list[IngestedFile], ident: str) -> tuple[IngestedFile, Section | None]:
    """The record and (for a section id) the section named by ``ident``: a file id (``ing-…``), a
    section id (``ing-…#14-154(b)``) or a source file name. Raises IngestError when none matches."""
    file_id, _, pin = ident.partition("#")
    for record in records:
        if record.id == file_id or (not pin and record.source == ident):
            if not pin:
                return record, None
            for s in record.sections:
                if code_pinpoint(s.doc_id, s.pinpoint) == pin:
                    return record, s
            pins = ", ".join(record.section_id(s) for s in record.sections[:6])
            raise IngestError(f"{ident}: {record.source} has no section {pin}; its sections are {pins}")
    known = ", ".join(f"{r.id} ({r.source})" for r in records) or "none: nothing has been ingested"
    raise IngestError(f"{ident}: no ingested file or section has that id; ingested files: {known}. "
                      "`sharecheck ingest --list` shows every id")


def write(folder: Path, record: IngestedFile) -> IngestedFile:
    """Store ``record``, replacing any earlier version of the same source name (atomically: temp file,
    then rename). Raises IngestError when the same text is already stored under another name."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = load_store(folder)
    twin = next((r for r in existing if r.id == record.id and r.source != record.source), None)
    if twin:
        raise IngestError(f"{record.source}: the same text is already ingested as {twin.source} ({twin.id}); "
                          f"remove that one first (`sharecheck ingest --remove {twin.id}`)")
    target = folder / _store_name(record.source)
    for old in existing:  # earlier versions, also those stored under the old naming
        if old.source == record.source and Path(old.path) != target:
            Path(old.path).unlink()
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(record.as_json(), indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(target)
    return replace(record, path=str(target))


def remove(folder: Path, ident: str) -> IngestedFile:
    """Delete the stored file named by ``ident`` (a file id or source name). Raises IngestError for an
    unknown id, or for a section id (a file is removed whole; re-ingest a revised file instead)."""
    if "#" in ident:
        raise IngestError(f"{ident}: --remove takes a file id ({ident.partition('#')[0]}); a file is removed whole "
                          "— to change one section, ingest a revised file under the same name")
    record, _ = find(load_store(folder), ident)
    Path(record.path).unlink()
    return record


def verify(folder: Path, ident: str, by: str = "") -> tuple[IngestedFile, list[str]]:
    """Mark the section ``ident`` (or every section of the file ``ident``) reviewed by ``by`` now.

    Returns the updated record and the section ids marked. Raises IngestError for an unknown id, or
    when the reviewer is the person who ingested the file (a second pair of eyes is the point).
    """
    record, section = find(load_store(folder), ident)
    chosen = [section] if section else list(record.sections)
    reviewer = by or default_user()
    if reviewer == record.by:
        raise IngestError(f"{record.source} was ingested by {record.by}; a different reviewer must verify it "
                          f"(give --by NAME for the reviewer's name)")
    review = {"by": reviewer, "at": now()}
    verified = dict(record.verified)
    verified.update({code_pinpoint(s.doc_id, s.pinpoint): review for s in chosen})
    updated = replace(record, verified=verified)
    target = Path(record.path)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(updated.as_json(), indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(target)
    return updated, [record.section_id(s) for s in chosen]


def stage(folder: Path) -> Path:
    """A staging copy of the store beside it (an empty folder when there is no store yet)."""
    staging = folder.parent / f".{folder.name}.staging-{int(time.time() * 1000)}"
    if folder.is_dir():
        shutil.copytree(folder, staging)
    else:
        staging.mkdir(parents=True)
    return staging


def commit(staging: Path, folder: Path) -> None:
    """Put the staged store where ``folder`` is (two renames: readers see the old or the new, whole)."""
    from assistant.knowledge.versions import replace_directory

    replace_directory(staging, folder)


def discard(staging: Path) -> None:
    """Drop a staged store that will not be committed."""
    shutil.rmtree(staging, ignore_errors=True)
