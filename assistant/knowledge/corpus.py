"""Load and validate ``corpus/documents/*.md`` (format: corpus/README.md, contract: DESIGN §3).

Every problem is reported as ``file:line: what is wrong`` so a writer can fix it at once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from assistant import yamldata
from assistant.domain import PROVENANCES, Document, Section
from assistant.errors import CorpusError
from assistant.knowledge.badges import STATUS_LABELS, guidance_marker, split_guidance  # noqa: F401 (re-exported)
from assistant.knowledge.sources import Register, load_register, resolve_links

KINDS = {"law", "executive-order", "state-law", "court-decision", "federal-law", "nypd-guidance",
         "city-guidance", "report", "bill", "glossary"}
STATUSES = {"in-force", "in-force-challenged", "struck-down", "revoked", "pending", "proposed", "not-enacted",
            "historical"}
# A challenged provision still binds; answers say it is challenged and cite where the case is described.
CHALLENGE_SECTION = "federal-baseline#us-v-city-of-new-york"
JURISDICTIONS = {"NYC", "NYS", "US"}
PINPOINT_STYLES = {"subdivision", "section", "named"}
SOURCE_KINDS = {"official", "reported"}  # where source_url points (corpus/official-sources.yaml)
REQUIRED_FIELDS = ("id", "title", "citation", "kind", "jurisdiction", "status", "as_of", "source_url",
                   "authority")

SECTION_RE = re.compile(
    r"^(#{2,3})\s+(?P<heading>.+?)\s*\{#(?P<pin>[^\s}]+)\s+provenance=(?P<prov>[a-z]+)\}\s*$")
HEADING_RE = re.compile(r"^#{2,6}\s")
PINPOINT_RE = re.compile(r"^[a-z0-9().\-]+$")


@dataclass(frozen=True)
class Corpus:
    """The loaded corpus: documents by id and their sections in file order."""

    documents: dict[str, Document]
    sections: tuple[Section, ...]
    version: str

    def section(self, doc_id: str, pinpoint: str) -> Section | None:
        """The section with exactly this id and pinpoint (restatements before official text), or None."""
        for s in self.sections:
            if s.doc_id == doc_id and s.pinpoint == pinpoint:
                return s
        return None

    def has(self, doc_id: str, pinpoint: str) -> bool:
        return self.section(doc_id, pinpoint) is not None


def label_for(doc: Document, pinpoint: str, heading: str = "") -> str:
    """Render a citation the way a lawyer writes it.

    ``subdivision``: "N.Y.C. Admin. Code § 14-154" + "b(1)" → "N.Y.C. Admin. Code § 14-154(b)(1)".
    ``section``: section_prefix + pinpoint → "N.Y.C. Admin. Code § 23-1202(c)(1)".
    ``named``: citation + ", " + heading.
    """
    if doc.pinpoint_style == "subdivision":
        head, rest = re.match(r"^([a-z0-9]+)(.*)$", pinpoint).groups()  # type: ignore[union-attr]
        return f"{doc.citation}({head}){rest}"
    if doc.pinpoint_style == "section":
        return f"{doc.section_prefix}{pinpoint}"
    return f"{doc.citation}, {heading or pinpoint}"


def corpus_version(corpus_dir: Path, extra: list[Path] | None = None) -> str:
    """sha256 over every corpus file (relative path and bytes) plus ``extra`` files (ingested texts)."""
    digest = hashlib.sha256()
    # Scenarios are training material, not indexed text: editing one must not force a rebuild.
    files = sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix in {".md", ".yaml", ".yml"}
                   and "scenarios" not in p.relative_to(corpus_dir).parts)
    named = [(str(p.relative_to(corpus_dir)), p) for p in files]
    named += [(f"ingested/{p.name}", p) for p in sorted(extra or [])]
    for name, p in named:
        digest.update(name.encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()


def _field_lines(lines: list[str], end: int) -> dict[str, int]:
    """1-based line of each top-level front matter field, so problems point at the field itself."""
    out = {}
    for number in range(1, end):
        m = re.match(r"^([A-Za-z_]+)\s*:", lines[number])
        if m:
            out[m.group(1)] = number + 1
    return out


def _front_matter(path: Path, lines: list[str], problems: list[str]) -> tuple[dict | None, int]:
    """(front matter, first body line index); None when a problem was already reported."""
    if not lines or lines[0].strip() != "---":
        problems.append(f"{path}:1: file must start with '---' YAML front matter")
        return None, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        problems.append(f"{path}:1: front matter is not closed by a second '---' line")
        return None, 0
    try:
        meta = yamldata.load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problems.append(f"{path}:{line}: front matter is not valid YAML ({getattr(exc, 'problem', exc)})")
        return None, end + 1
    if not isinstance(meta, dict):
        problems.append(f"{path}:2: front matter must be a mapping of fields")
        return None, end + 1
    meta["__lines__"] = _field_lines(lines, end)
    return meta, end + 1


def _source_fields(meta: dict, at, problems: list[str]) -> bool:
    """Check ``source_kind``, ``reported_by`` and ``section_urls`` (corpus/README.md); False on a problem."""
    ok = True
    kind = meta.setdefault("source_kind", "official")
    if kind not in SOURCE_KINDS:
        problems.append(f"{at('source_kind')}: source_kind {kind!r} is not one of {sorted(SOURCE_KINDS)}")
        ok = False
    if kind == "reported" and not str(meta.get("reported_by") or "").strip():
        problems.append(f"{at('source_kind')}: a reported source needs reported_by: \"<Outlet>\", the outlet's name")
        ok = False
    if kind == "official" and meta.get("reported_by"):
        problems.append(f"{at('reported_by')}: reported_by is only for source_kind: reported")
        ok = False
    urls = meta.get("section_urls") or {}
    if not isinstance(urls, dict):
        problems.append(f"{at('section_urls')}: section_urls must map a pinpoint to a URL")
        return False
    for key, value in urls.items():
        url = value.get("url") if isinstance(value, dict) else value
        if not isinstance(key, str) or not re.match(r"https?://\S+$", str(url)) \
                or (isinstance(value, dict) and not str(value.get("reported_by") or "").strip()):
            problems.append(f"{at('section_urls')}: section_urls entry {key!r} must be a quoted pinpoint with an "
                            "http(s) URL, or {url: …, reported_by: \"<Outlet>\"} for a report")
            ok = False
    return ok


def _document(path: Path, meta: dict, problems: list[str]) -> Document | None:
    lines = meta.pop("__lines__", {})

    def at(name: str) -> str:
        return f"{path}:{lines.get(name, 1)}"

    missing = [f for f in REQUIRED_FIELDS if meta.get(f) in (None, "")]
    if missing:
        problems.append(f"{path}:1: front matter is missing {', '.join(missing)}")
        return None
    checks = [("kind", KINDS), ("status", STATUSES), ("jurisdiction", JURISDICTIONS)]
    style = meta.get("pinpoint_style", "subdivision")
    ok = True
    for name, allowed in checks + [("pinpoint_style", PINPOINT_STYLES)]:
        value = style if name == "pinpoint_style" else meta[name]
        if value not in allowed:
            problems.append(f"{at(name)}: {name} {value!r} is not one of {sorted(allowed)}")
            ok = False
    if str(meta["id"]) != path.stem:
        problems.append(f"{at('id')}: id {meta['id']!r} must equal the file name {path.stem!r}")
        ok = False
    if not isinstance(meta["authority"], int) or not 1 <= meta["authority"] <= 5:
        problems.append(f"{at('authority')}: authority must be a whole number from 1 to 5")
        ok = False
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["as_of"])):
        problems.append(f"{at('as_of')}: as_of {meta['as_of']!r} must be a date written YYYY-MM-DD")
        ok = False
    if not re.match(r"https?://\S+$", str(meta["source_url"])):
        problems.append(f"{at('source_url')}: source_url must be an http(s) address of the official text "
                        "(or of the report, with source_kind: reported)")
        ok = False
    ok = _source_fields(meta, at, problems) and ok
    if style == "section" and not meta.get("section_prefix"):
        problems.append(f"{at('pinpoint_style')}: pinpoint_style 'section' needs a section_prefix")
        ok = False
    if not ok:
        return None
    return Document(id=str(meta["id"]), title=str(meta["title"]), citation=str(meta["citation"]),
                    kind=meta["kind"], jurisdiction=meta["jurisdiction"], status=meta["status"],
                    as_of=str(meta["as_of"]), source_url=str(meta["source_url"]),
                    authority=meta["authority"], pinpoint_style=style,
                    section_prefix=str(meta.get("section_prefix", "")), path=str(path),
                    source_kind=meta.get("source_kind", "official"), reported_by=str(meta.get("reported_by") or ""),
                    links={})


def parse_document(path: Path, problems: list[str],
                   register: Register | None = None) -> tuple[Document | None, list[Section]]:
    """Parse one document file, appending ``file:line`` problems instead of raising. With ``register``
    (corpus/official-sources.yaml) its links are resolved and checked against the official list."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}:1: cannot read the file as UTF-8 text ({exc})")
        return None, []
    if "\x00" in text:
        problems.append(f"{path}:1: the file holds NUL bytes; save it as plain UTF-8 text")
        return None, []
    lines = text.lstrip("\ufeff").splitlines()  # a byte-order mark from a Windows editor is harmless
    meta, body_start = _front_matter(path, lines, problems)
    field_lines = dict(meta.get("__lines__", {})) if meta is not None else {}
    doc = _document(path, meta, problems) if meta is not None else None
    doc_id = doc.id if doc else path.stem
    sections: list[Section] = []
    current: dict | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            content = "\n".join(body).strip()
            if not content:
                problems.append(f"{path}:{current['line']}: section #{current['pin']} has no text")
            elif not split_guidance(content)[0]:
                problems.append(f"{path}:{current['line']}: section #{current['pin']} holds only ShareCheck guidance "
                                f"({guidance_marker()!r}); restate the provision before the commentary")
            sections.append(Section(doc_id=doc_id, pinpoint=current["pin"], heading=current["heading"],
                                    text=content, provenance=current["prov"], line=current["line"]))

    seen: dict[str, int] = {}
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        m = SECTION_RE.match(line)
        if m:
            close()
            body = []
            pin, prov = m["pin"], m["prov"]
            if not PINPOINT_RE.match(pin):
                problems.append(f"{path}:{number}: pinpoint {pin!r} may use only a-z 0-9 ( ) - .")
            if prov not in PROVENANCES:
                problems.append(f"{path}:{number}: provenance {prov!r} is not one of {list(PROVENANCES)}")
            if pin in seen:
                problems.append(f"{path}:{number}: pinpoint #{pin} already used on line {seen[pin]}")
            seen[pin] = number
            current = {"pin": pin, "prov": prov, "heading": m["heading"].strip(), "line": number}
        elif HEADING_RE.match(line):
            problems.append(f"{path}:{number}: section heading must end with "
                            "'{#pinpoint provenance=verified|secondary|unverified}'")
        elif current is not None:
            body.append(line)
    close()
    if doc is not None and not sections:
        problems.append(f"{path}:1: document has no citable sections")
    if doc is not None and register is not None and meta is not None:
        links = resolve_links(doc.id, meta, [s.pinpoint for s in sections], register,
                              lambda name: f"{path}:{field_lines.get(name, 1)}", problems)
        doc = replace(doc, links=links)
    return doc, sections


def load_corpus(corpus_dir: Path, extra_sections: list[Section] | None = None,
                extra_files: list[Path] | None = None) -> Corpus:
    """Load every ``documents/*.md`` file under ``corpus_dir``.

    ``extra_sections`` are official texts added by ``sharecheck ingest`` (they must name a known
    document id or carry their own). Raises CorpusError listing every problem, with file and line.
    """
    doc_dir = corpus_dir / "documents"
    if not doc_dir.is_dir():
        raise CorpusError([f"{doc_dir}: no documents folder (expected corpus/documents/*.md)"])
    problems: list[str] = []
    documents: dict[str, Document] = {}
    sections: list[Section] = []
    strays = [p for p in sorted(doc_dir.iterdir()) if p.is_file() and p.suffix != ".md" and not p.name.startswith(".")]
    problems += [f"{p}:1: only .md documents are read; rename it to {p.stem}.md or move it out" for p in strays]
    register = load_register(corpus_dir)
    for path in sorted(doc_dir.glob("*.md")):
        doc, secs = parse_document(path, problems, register)
        if doc is None:
            continue
        if doc.id in documents:
            problems.append(f"{path}:1: duplicate document id {doc.id!r} (also {documents[doc.id].path})")
            continue
        documents[doc.id] = doc
        sections.extend(secs)
    if problems:
        raise CorpusError(problems)
    sections.extend(extra_sections or [])
    return Corpus(documents=documents, sections=tuple(sections),
                  version=corpus_version(corpus_dir, extra_files))
