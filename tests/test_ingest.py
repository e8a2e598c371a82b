"""Official texts (HTML, PDF, TXT) → pinpointed sections; unreadable input → IngestError naming the file."""

from __future__ import annotations

import io

import pytest

from assistant.knowledge.ingest import IngestError, doc_for_section, ingest_file, split_sections

LINES_10_178 = [
    "§ 10-178 Immigration enforcement.",
    "a. Definitions. City property means real property the city leases or owns.",
    "b. No agency shall subject its officers to the direction of DHS.",
    "c. No city resources shall be utilized for immigration enforcement.",
    "d. Each agency shall record every request, including:",
    "1. the agency that asked;",
    "2. the response given.",
    "e. Nothing prohibits cooperative arrangements with law enforcement.",
]
PINS_10_178 = ["a", "b", "c", "d", "d(1)", "d(2)", "e"]


def _pins(sections):
    return [(s.doc_id, s.pinpoint) for s in sections]


def _by_pin(sections):
    return {s.pinpoint: s for s in sections}


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF: Helvetica, one text line per ``T*``, correct xref offsets."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    ops += [f"({esc(line)}) Tj" if i == 0 else f"T* ({esc(line)}) Tj" for i, line in enumerate(lines)]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")  # WinAnsi: § is 0xA7
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---- the fixture builder itself ---------------------------------------------------------------

def test_pdf_fixture_xref_offsets_point_at_objects():
    data = make_pdf(["a. x"])
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[xref:].startswith(b"xref\n")
    entries = data[xref:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        assert data[int(entry[:10]):].startswith(b"%d 0 obj" % number)


def test_pdf_fixture_parses_strictly():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(make_pdf(["§ 10-178 Title.", "a. x"])), strict=True)
    assert reader.pages[0].extract_text().splitlines() == ["§ 10-178 Title.", "a. x"]


# ---- formats ----------------------------------------------------------------------------------

def test_html_ingests_into_pinpoints(tmp_path):
    html = ("<html><head><title>Code</title><style>p {color: red}</style></head><body>"
            "<nav>Home | Titles</nav>"
            "<h1>§ 10-178 Immigration enforcement.</h1>"
            "<p>a. Definitions. <b>City property.</b> Real property the city owns.</p>"
            "<p>b. No agency shall subject its officers to the direction of DHS.</p>"
            "<p>1. first paragraph of b</p><p>2. second paragraph of b</p>"
            "<p>c. No city resources shall be utilized.</p>"
            "<script>var a = '1. not a paragraph';</script>"
            "</body></html>")
    path = tmp_path / "10-178.html"
    path.write_text(html, encoding="utf-8")
    sections = ingest_file(path)
    assert _pins(sections) == [("ac-10-178", p) for p in ["a", "b", "b(1)", "b(2)", "c"]]
    by = _by_pin(sections)
    assert by["a"].text == "a. Definitions. City property. Real property the city owns."
    assert by["b(1)"].text == "1. first paragraph of b"
    assert "not a paragraph" not in " ".join(s.text for s in sections)
    assert "Home | Titles" not in " ".join(s.text for s in sections)


def test_html_non_breaking_spaces_do_not_hide_markers(tmp_path):
    path = tmp_path / "x.htm"
    path.write_text("<p>§&nbsp;10-178 Immigration enforcement.</p><p>a.&nbsp;Definitions.</p>"
                    "<p>b.&nbsp;No agency.</p>", encoding="utf-8")
    assert _pins(ingest_file(path)) == [("ac-10-178", "a"), ("ac-10-178", "b")]


def test_pdf_ingests_into_pinpoints(tmp_path):
    path = tmp_path / "10-178.pdf"
    path.write_bytes(make_pdf(LINES_10_178))
    sections = ingest_file(path)
    assert _pins(sections) == [("ac-10-178", p) for p in PINS_10_178]
    by = _by_pin(sections)
    assert by["d(2)"].text == "2. the response given."
    assert "cooperative arrangements" in by["e"].text
    # A file says what it is; only a reviewer can say it is right (tests/test_ingest_origin.py).
    assert all(s.origin == "official" and s.provenance == "unverified" for s in sections)


def test_plain_text_ingests_into_pinpoints(tmp_path):
    path = tmp_path / "10-178.txt"
    path.write_text("\n".join(LINES_10_178) + "\n", encoding="utf-8")
    assert _pins(ingest_file(path)) == [("ac-10-178", p) for p in PINS_10_178]


def test_wrapped_lines_join_their_section(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text("§ 10-178 Immigration enforcement.\na. Definitions. City property\n"
                    "   means real property.\nb. No agency.\n", encoding="utf-8")
    assert _by_pin(ingest_file(path))["a"].text == "a. Definitions. City property means real property."


def test_out_of_sequence_letter_stays_inside_its_paragraph():
    text = ("§ 14-154 Persons not to be detained.\na. Definitions.\n1. first\n"
            "i. a clause, not subdivision i\nii. another clause\n2. second\nb. Prohibition.\n")
    sections = split_sections(text)
    assert _pins(sections) == [("ac-14-154", p) for p in ["a", "a(1)", "a(2)", "b"]]
    assert "i. a clause, not subdivision i ii. another clause" in _by_pin(sections)["a(1)"].text


def test_multi_section_chapter_gets_section_number_pinpoints():
    text = ("§ 23-1202 Collection.\na. Scope.\nc. Disclosure.\nb. Collection.\n1. collect only\n"
            "§ 23-1203 Protocols.\nThe officer shall:\n1. anonymize;\n2. issue guidance.\n")
    assert _pins(split_sections(text)) == [
        ("ac-23-ch12", "23-1202(a)"), ("ac-23-ch12", "23-1202(b)"), ("ac-23-ch12", "23-1202(b)(1)"),
        ("ac-23-ch12", "23-1203"), ("ac-23-ch12", "23-1203(1)"), ("ac-23-ch12", "23-1203(2)")]
    # "c." out of sequence stays inside (a)
    assert "c. Disclosure." in _by_pin(split_sections(text))["23-1202(a)"].text


def test_text_before_first_section_goes_to_default_doc():
    sections = split_sections("a. first\nb. second\n", default_doc="ac-10-178")
    assert _pins(sections) == [("ac-10-178", "a"), ("ac-10-178", "b")]
    assert split_sections("a. first\nb. second\n") == []


@pytest.mark.parametrize("number, expected", [
    ("14-154", ("ac-14-154", "")),
    ("10-178", ("ac-10-178", "")),
    ("23-1202", ("ac-23-ch12", "23-1202")),
    ("14-101", ("ac-14-101", "14-101")),
])
def test_doc_for_section(number, expected):
    assert doc_for_section(number) == expected


# ---- unreadable input ---------------------------------------------------------------------------

def _raises_naming(path, match):
    with pytest.raises(IngestError, match=match) as info:
        ingest_file(path)
    assert str(path) in str(info.value)


def test_garbage_named_pdf(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"this is not a pdf at all \x00\x01\x02")
    _raises_naming(path, "not a readable PDF")


def test_pdf_without_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([]))
    _raises_naming(path, "no text found")


def test_binary_named_txt(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"a. looks like text\x00\x00\x01 but is binary")
    _raises_naming(path, "looks binary")


def test_non_utf8_text(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("§ 10-178 Immigration enforcement.\na. Définitions.\n".encode("latin-1"))
    _raises_naming(path, "not UTF-8")


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "code.docx"
    path.write_bytes(b"PK\x03\x04")
    _raises_naming(path, r"unsupported type \.docx")


def test_missing_file(tmp_path):
    _raises_naming(tmp_path / "nowhere.txt", "no such file")


def test_empty_text_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    _raises_naming(path, "no text found")


def test_text_without_markers_and_without_default_doc(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("Some guidance with no numbering at all.\nSecond line.\n", encoding="utf-8")
    _raises_naming(path, "no § section")


def test_text_without_markers_files_under_default_doc(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("Some guidance with no numbering at all.\n", encoding="utf-8")
    sections = ingest_file(path, default_doc="nypd-guidance")
    assert [s.doc_id for s in sections] == ["nypd-guidance"]
    assert "no numbering" in sections[0].text


def test_wrapped_cross_reference_does_not_start_a_section(tmp_path):
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(make_pdf([
        "§ 10-178 Immigration enforcement.",
        "a. Definitions.",
        "b. No agency shall subject its officers.",
        "c. No city resources, except as provided in",
        "§ 9-131 of the code, shall be utilized.",
        "d. Each agency shall record every request.",
        "e. Nothing prohibits cooperative arrangements.",
    ]))
    sections = ingest_file(path)
    assert _pins(sections) == [("ac-10-178", p) for p in "abcde"]
