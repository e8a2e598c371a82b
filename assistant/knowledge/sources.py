"""Source links: which are official, and what each link may call itself (data: corpus/official-sources.yaml).

A ``Register`` holds the allow-list of official domains, the link words by level (``text``, ``code``,
``record``, ``site``, ``reported``) and the exceptions (by document and URL, with why). ``resolve_links``
turns a document's front matter (``source_url``, ``source_kind``, ``reported_by``, ``section_urls``) into
``Document.links``: ``{pinpoint key: {"url", "kind", "label"}}`` ("" is the whole document), appending
``file:line: …`` problems for an official-labelled link off the allow-list, a reported link on it, or a
``section_urls`` key that names no section. ``check`` gives one ``LinkCheck`` per link for the test and
``python -m evals.links``. Errors: ``load_register`` raises CorpusError naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

from assistant import yamldata
from assistant.errors import CorpusError

REGISTER_FILE = "official-sources.yaml"
LEVELS = ("text", "code", "record", "site", "reported")
URL_RE = re.compile(r"https?://[^\s)>;,\]]+")


@dataclass(frozen=True)
class ListedLink:
    """One listed exception: ``doc``'s link ``url`` is of ``level`` (not the section's own text), for ``why``.
    ``sections`` (pinpoint keys) narrows it to the sections that use the link; empty means all."""

    doc: str
    url: str
    level: str
    why: str
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Register:
    """The allow-list and its exceptions, as loaded from ``corpus/official-sources.yaml``."""

    domains: tuple[str, ...]
    labels: dict[str, str]
    exceptions: tuple[ListedLink, ...]
    inferred: dict[str, str]
    path: str = ""

    def is_official(self, url: str) -> bool:
        """True when the URL's host is an allow-listed domain or a sub-domain of one."""
        host = (urlparse(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def exception(self, doc_id: str, url: str) -> ListedLink | None:
        return next((e for e in self.exceptions if e.doc == doc_id and e.url == url), None)

    def level(self, doc_id: str, url: str, kind: str) -> str:
        """The link's level: the listed exception's, else ``reported`` or ``text`` by its kind."""
        listed = self.exception(doc_id, url)
        return listed.level if listed else ("reported" if kind == "reported" else "text")

    def label(self, level: str, outlet: str = "") -> str:
        """The link's words, e.g. ``Official record`` or ``Reported by Fox 5 New York``."""
        return self.labels[level].format(outlet=outlet)


def load_register(corpus_dir: Path) -> Register:
    """Read ``corpus_dir/official-sources.yaml``. Raises CorpusError naming the file and the bad entry."""
    path = corpus_dir / REGISTER_FILE
    try:
        raw = yamldata.load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raise CorpusError([f"{path}:1: missing; it lists the official domains a source link may point to"]) from None
    except yaml.YAMLError as exc:
        raise CorpusError([f"{path}:1: not valid YAML ({exc})"]) from None
    problems = []
    domains = tuple(str(d.get("domain", "")).lower() for d in raw.get("domains") or [] if isinstance(d, dict))
    labels = {str(k): str(v) for k, v in (raw.get("labels") or {}).items()}
    if not domains or "" in domains:
        problems.append(f"{path}:1: domains must list entries with a domain, e.g. '- domain: nyc.gov'")
    missing = [lv for lv in LEVELS if lv not in labels]
    if missing:
        problems.append(f"{path}:1: labels must give the words for {', '.join(missing)}")
    exceptions = []
    for n, e in enumerate(raw.get("exceptions") or [], start=1):
        if not isinstance(e, dict) or not all(e.get(k) for k in ("doc", "url", "level", "why")) \
                or e.get("level") not in LEVELS:
            problems.append(f"{path}:1: exception {n} needs doc, url, why and a level from {', '.join(LEVELS)}")
            continue
        exceptions.append(ListedLink(doc=str(e["doc"]), url=str(e["url"]), level=str(e["level"]),
                                     why=str(e["why"]), sections=tuple(str(s) for s in e.get("sections") or ())))
    inferred = {str(i.get("url")): str(i.get("why")) for i in raw.get("inferred") or [] if isinstance(i, dict)}
    if problems:
        raise CorpusError(problems)
    return Register(domains=domains, labels=labels, exceptions=tuple(exceptions), inferred=inferred,
                    path=str(path))


def matches(key: str, pinpoint: str) -> bool:
    """A pinpoint key covers the pinpoint itself and its subdivisions: ``23-1202`` covers ``23-1202(c)(1)``."""
    return pinpoint == key or pinpoint.startswith(key + "(")


def resolve_links(doc_id: str, meta: dict, pinpoints: list[str], register: Register, at,
                  problems: list[str]) -> dict[str, dict[str, str]]:
    """``Document.links`` from the front matter ``meta``; ``at(field)`` gives ``file:line`` for a field."""
    kind, outlet = meta.get("source_kind", "official"), str(meta.get("reported_by") or "")
    entries = [("", str(meta["source_url"]), kind, outlet, "source_url")]
    for key, value in (meta.get("section_urls") or {}).items():
        url, sub_outlet = (value.get("url"), value.get("reported_by")) if isinstance(value, dict) else (value, None)
        entries.append((str(key), str(url), "reported" if sub_outlet else "official", str(sub_outlet or ""),
                        "section_urls"))
        if not any(matches(str(key), p) for p in pinpoints):
            problems.append(f"{at('section_urls')}: section_urls key {key!r} names no section of {doc_id}")
    links = {}
    for key, url, link_kind, name, field in entries:
        official = register.is_official(url)
        if link_kind == "official" and not official:
            problems.append(f"{at(field)}: {url} is not on the official list ({register.path}); link an "
                            "official source, or say source_kind: reported and reported_by: \"<Outlet>\"")
        elif link_kind == "reported" and official:
            problems.append(f"{at(field)}: {url} is an official domain; say source_kind: official")
        level = register.level(doc_id, url, link_kind)
        links[key] = {"url": url, "kind": link_kind, "label": register.label(level, name)}
    return links


@dataclass(frozen=True)
class LinkCheck:
    """One link of one document: where it is used, what it points to and whether it passes."""

    doc_id: str
    key: str  # "" for the document's own link, else a section_urls key; "note" for an opening-note URL
    url: str
    kind: str  # official | reported
    level: str
    ok: bool
    why: str = ""


def note_urls(path: Path) -> list[tuple[int, str]]:
    """``(line, url)`` of every URL in a document's opening note (the ``>`` lines before the first section)."""
    out = []
    text = path.read_text(encoding="utf-8").splitlines()
    body = text.index("---", 1) + 1 if text and text[0] == "---" and "---" in text[1:] else 0
    for number, line in enumerate(text[body:], start=body + 1):
        if line.startswith("## ") or line.startswith("### "):
            break
        if line.startswith(">"):
            out += [(number, u.rstrip(".")) for u in URL_RE.findall(line)]
    return out


def check(documents: dict, register: Register) -> list[LinkCheck]:
    """Every link of every document (front matter and opening note) against the allow-list and exceptions.

    A link passes when it is official and allow-listed, or reported, named and off the list; an
    opening-note URL passes when it is allow-listed or is one of the document's own reported links.
    """
    out = []
    for doc in documents.values():
        reported = {v["url"] for v in doc.links.values() if v["kind"] == "reported"}
        for key, link in sorted(doc.links.items()):
            official = register.is_official(link["url"])
            ok = official if link["kind"] == "official" else (not official and "Reported by " in link["label"]
                                                                 and link["label"] != "Reported by ")
            out.append(LinkCheck(doc.id, key, link["url"], link["kind"],
                                 register.level(doc.id, link["url"], link["kind"]), ok))
        for line, url in note_urls(Path(doc.path)) if doc.path else []:
            ok = register.is_official(url) or url in reported
            out.append(LinkCheck(doc.id, f"note:{line}", url, "official" if register.is_official(url) else "reported",
                                 register.level(doc.id, url, "official"), ok,
                                 "" if ok else "an opening-note URL that is neither official nor this document's "
                                               "reported source"))
    return out
