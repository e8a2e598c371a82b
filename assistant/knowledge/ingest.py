"""Official texts (PDF, HTML, plain text) → citable sections, split on the texts' own markers.

A department that holds the official Administrative Code can add it beside the restatements with
``sharecheck ingest PATH...``. The splitter follows the code's numbering: ``§ 14-154`` starts a
section, ``a.`` a subdivision, ``1.`` a paragraph; clauses (``i.``, ``(i)``, ``(a)``) stay inside
their paragraph, so every subdivision and paragraph becomes exactly one pinpoint
(``ac-14-154`` + ``b(1)``). Letters and numbers are accepted only in sequence (``b`` after ``a``),
which is what tells subdivision ``i.`` of § 23-1202 from clause ``i.`` of § 14-154(a)(2).

This module only reads and splits: each Section it returns names the provision the text *claims* to
be (``doc_id`` + ``pinpoint``) and is ``unverified``. Filing it beside the corpus under its own id is
knowledge/filing.py's; keeping it, with where it came from, is knowledge/ingested.py's.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.domain import Section
from assistant.errors import IngestError

SUPPORTED = {".pdf", ".html", ".htm", ".txt", ".rst", ".md"}
# Section numbers that belong to a corpus document: (doc_id, pinpoint prefix or None).
CHAPTERS = {"14-154": "ac-14-154", "9-131": "ac-9-131", "9-205": "ac-9-205", "10-178": "ac-10-178",
            "4-210": "ac-4-210"}
# A heading's title is empty or capitalised; "§ 9-131 of the code, shall …" is a wrapped cross-reference.
SECTION_MARK = re.compile(r"^[\W_]*§\s*(?P<num>\d+-\d+(?:\.\d+)?)\.?\s*(?P<title>(?:[A-Z*].*)?)$")
SUBDIVISION = re.compile(r"^(?P<mark>[a-z])\.\s+(?P<rest>.*)$")
PARAGRAPH = re.compile(r"^(?P<mark>\d{1,2})\.\s+(?P<rest>.*)$")


def doc_for_section(number: str) -> tuple[str, str]:
    """Map a code section number to (doc_id, pinpoint prefix).

    ``14-154`` → (``ac-14-154``, ``""``); ``23-1202`` → (``ac-23-ch12``, ``"23-1202"``);
    an unknown number ``14-101`` → (``ac-14-101``, ``"14-101"``).
    """
    if number in CHAPTERS:
        return CHAPTERS[number], ""
    if re.fullmatch(r"23-12\d\d", number):
        return "ac-23-ch12", number
    return f"ac-{number}", number


def code_pinpoint(doc_id: str, pinpoint: str) -> str:
    """The provision as a lawyer numbers it, without "§": the inverse of ``doc_for_section``.

    (``ac-14-154``, ``b(1)``) → ``14-154(b)(1)``; (``ac-23-ch12``, ``23-1202(a)``) → ``23-1202(a)``;
    (``ac-99-999``, ``99-999(a)``) → ``99-999(a)``; unnumbered text under ``--doc-id`` (``memo``,
    ``text``) → ``memo text``.
    """
    if re.match(r"^\d+-\d+", pinpoint):
        return pinpoint
    number = next((n for n, d in CHAPTERS.items() if d == doc_id), doc_id.removeprefix("ac-"))
    if pinpoint == "text":
        return f"{doc_id} text"
    match = re.match(r"^([a-z0-9]+)(.*)$", pinpoint)
    if match is None:
        # A paragraph with no subdivision above it ("(1)" straight after "§ 14-154"): numbered as found.
        return f"{number}{pinpoint}"
    head, rest = match.groups()
    return f"{number}({head}){rest}"


def read_text(path: Path) -> str:
    """Extract text from a PDF (pypdf), HTML (BeautifulSoup) or UTF-8 text file.

    Raises IngestError when the file is missing, of an unsupported type, not decodable, or empty.
    """
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"{path}: unsupported type {suffix or '(none)'}; give a .pdf, .html or .txt file")
    raw = path.read_bytes()
    if suffix == ".pdf":
        from io import BytesIO

        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            reader = PdfReader(BytesIO(raw))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PyPdfError, ValueError, KeyError, OSError) as exc:
            raise IngestError(f"{path}: not a readable PDF ({exc}); re-export it or give the HTML/text") from exc
    else:
        if b"\x00" in raw:
            raise IngestError(f"{path}: looks binary, not {suffix} text; give a .pdf, .html or .txt file")
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path}: not UTF-8 text ({exc}); save it as UTF-8 and retry") from exc
        if suffix in {".html", ".htm"}:
            from bs4 import BeautifulSoup

            soup = BeautifulSoup(decoded, "html.parser")
            for tag in soup(["script", "style", "nav", "header", "footer"]):
                tag.decompose()
            text = soup.get_text("\n")
        else:
            text = decoded
    text = text.replace("\xa0", " ").replace("\u2011", "-")
    if not text.strip():
        raise IngestError(f"{path}: no text found (a scanned PDF needs OCR first)")
    return text


def _pinpoint(prefix: str, sub: str | None, para: int | None) -> str:
    parts = prefix + (f"({sub})" if sub else "") if prefix else sub or ""
    if para is not None:
        parts += f"({para})"
    return parts


def split_sections(text: str, default_doc: str = "") -> list[Section]:
    """Split official text into one Section per code section, subdivision and paragraph.

    Lines before the first ``§`` belong to ``default_doc`` (required then, else they are skipped).
    Returns sections in text order; pinpoints are unique per document.
    """
    out: list[Section] = []
    doc_id, prefix = default_doc, ""
    sub: str | None = None
    para: int | None = None
    heading = ""
    buffer: list[str] = []

    def flush() -> None:
        body = " ".join(" ".join(buffer).split())
        # Unnumbered text filed under --doc-id is one citable unit, "text".
        pin = _pinpoint(prefix, sub, para) or ("text" if default_doc and doc_id == default_doc else "")
        if doc_id and body and pin:
            # A file says what it is; only a reviewer can say it is right (``ingest --verify``).
            out.append(Section(doc_id=doc_id, pinpoint=pin, heading=heading, text=body,
                               provenance="unverified", origin="official"))

    for raw_line in text.splitlines():
        line = raw_line.strip().strip("*").strip()
        if not line or line.startswith(".."):
            continue
        m = SECTION_MARK.match(line)
        if m:
            flush()
            buffer = []
            doc_id, prefix = doc_for_section(m["num"])
            sub, para = None, None
            heading = f"§ {m['num']} {m['title'].strip(' *:')}".strip()
            if prefix == "":
                # A single-section document: its title is a heading, not a citable unit.
                continue
            continue
        sm = SUBDIVISION.match(line)
        expected_sub = chr(ord(sub) + 1) if sub else "a"
        if sm and sm["mark"] == expected_sub:
            flush()
            sub, para = sm["mark"], None
            buffer = [line]
            continue
        pm = PARAGRAPH.match(line)
        expected_para = (para or 0) + 1
        if pm and int(pm["mark"]) == expected_para:
            flush()
            para = int(pm["mark"])
            buffer = [line]
            continue
        buffer.append(line)
    flush()
    return out


def ingest_file(path: Path, default_doc: str = "") -> list[Section]:
    """Read and split one file. Raises IngestError (unreadable) or when no section marker is found."""
    sections = split_sections(read_text(path), default_doc or "")
    if not sections:
        raise IngestError(f"{path}: no § section, subdivision (a.) or paragraph (1.) markers found; "
                          "pass --doc-id to file unnumbered text under one document")
    return sections
