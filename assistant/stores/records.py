"""Records of requests from non-local agencies, as N.Y.C. Admin. Code § 10-178(d) requires.

§ 10-178(d): when a non-local law enforcement agency asks for help that would further immigration
enforcement, the member's agency "shall make a record relating to such request, including any
response or actions taken", and a quarterly report to the Council Speaker summarises the requests
and responses "disaggregated by the requesting non-local law enforcement agency and the agency
receiving such a request" (corpus/documents/ac-10-178.md, section d).

A record never names the person asked about: the form asks for no name, and every free-text field
(unit, what was requested, notes, the question) passes through ``redaction.redact`` before it is
stored. Records live in the shared SQLite store (records.py, table ``request_records``).

    store = RequestRecords(data_dir)
    saved = store.add(RequestRecord(requested_at="2026-04-02 14:05", agency="ice_ero", response="declined"))
    quarterly_csv(store.select(date_from="2026-04-01", date_to="2026-06-30"), load_scope())  # quarterly.py
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from assistant.domain import VERDICT_LABELS, Answer
from assistant.errors import RecordError
from assistant.stores.db import db_path, locate, open_db, transaction
from assistant.stores.redaction import redact
from assistant.stores.report_scope import load_scope

RECEIVING_AGENCY = "NYPD"
# Requester codes are the facts' ``requester`` values (corpus/lexicon.yaml) plus one catch-all.
AGENCIES = {"ice": "ICE (component not stated)", "ice_ero": "ICE ERO", "ice_hsi": "ICE HSI",
            "dhs": "DHS (other component)", "cbp": "CBP", "fbi": "FBI", "jttf": "JTTF",
            "federal_other": "Other federal agency", "other_nonlocal": "Other non-local agency"}
RESPONSES = {"declined": "Declined", "provided": "Provided", "partly_provided": "Partly provided",
             "referred": "Referred to supervisor / Legal Bureau", "pending": "No response yet"}
# What the verdict tells the member to do, as the response to prefill (the member corrects it if needed).
RESPONSE_FOR_VERDICT = {"prohibited": "declined", "permitted": "provided", "review": "referred"}
ACTION_WORDS = {
    "share_release_date": "Release date or time of a person in custody", "hold": "Hold a person past release",
    "share_address": "A person's address", "share_status": "A person's immigration status",
    "inquire_status": "Ask a person about immigration status", "share_custody_status": "Whether a person is in custody",
    "share_records": "Records or reports", "share_sealed": "Sealed records", "share_photos": "Photos or mugshots",
    "fingerprinting": "Fingerprints or biometrics", "database_alert": "A database alert or flag",
    "plate_lookup": "A licence-plate or database look-up", "transfer_custody": "Transfer of custody",
    "facility_access": "Access to an NYPD facility", "facilitate_interview": "An interview of a person in custody",
    "staging": "Use of NYPD property for staging", "perimeter": "Perimeter or traffic support",
    "transport": "Transport of a person", "joint_arrest": "Help with an arrest", "identify": "Identify a person",
    "assist_criminal": "Help with a federal case", "statistics": "Aggregate statistics",
    "task_force_join": "Join or support a task force", "agreement_287g": "A 287(g)-type agreement",
    "intervene": "Intervene in a federal arrest", "respond_911": "Respond to a call for help",
}
DOCUMENT_WORDS = {"admin_warrant": "administrative warrant (I-200/I-205)", "detainer": "detainer (I-247A)",
                  "judicial_warrant": "judicial warrant", "federal_warrant": "federal warrant (type not stated)",
                  "judicial_order": "judicial order",
                  "ij_order": "immigration judge's order", "subpoena": "subpoena", "ncic_hit": "NCIC hit",
                  "state_warrant": "state warrant", "none": "no document"}
DETAIL_HEADER = ["record_id", "requested_at", "quarter", "receiving_agency", "requesting_agency", "unit", "requested",
                 "response", "supervisor_notified", "legal_bureau_contacted", "notes", "immigration_purpose"]
MAX_TEXT = 2000
SEARCHED = ("unit", "requested", "notes", "question")  # the free text a records search looks in
BOOLEANS = ("supervisor_notified", "legal_bureau_contacted", "immigration")


@dataclass(frozen=True)
class RequestRecord:
    """One request: ``requested_at`` is local time ``YYYY-MM-DD HH:MM``; ``agency`` an AGENCIES key;
    ``response`` a RESPONSES key. ``question`` and ``verdict`` tie it to the ShareCheck answer, if any.
    ``recorded_by`` and ``command`` are the signed-in member and their precinct or unit (who may see it:
    the member, and a supervisor of that command); ``reviewed_by``/``reviewed_at`` the supervisor's review."""

    requested_at: str
    agency: str
    unit: str = ""
    requested: str = ""
    response: str = "pending"
    supervisor_notified: bool = False
    legal_bureau_contacted: bool = False
    notes: str = ""
    question: str = ""
    verdict: str = ""
    id: int | None = None
    created_at: str = ""
    recorded_by: str = ""
    command: str = ""
    reviewed_by: str = ""
    reviewed_at: str = ""
    # The member says the request was to further immigration enforcement (stores/quarterly.py: with a
    # request from an immigration authority, what the § 10-178(d) quarterly report counts).
    immigration: bool = False

    @property
    def quarter(self) -> str:
        return quarter_of(self.requested_at)


def parse_when(value: str) -> str:
    """Normalise a date-time to ``YYYY-MM-DD HH:MM`` (a bare date means 00:00). Raises RecordError."""
    text = (value or "").strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            continue
    raise RecordError(f"date and time {value!r} must look like 2026-04-02 14:05")


def parse_day(value: str | None, field: str) -> str | None:
    """``YYYY-MM-DD`` or None for an empty filter. Raises RecordError naming ``field``."""
    if value is None or not str(value).strip():
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError as exc:
        raise RecordError(f"{field} {value!r} must be a date like 2026-04-01") from exc


def quarter_of(requested_at: str) -> str:
    """``2026-05-14 09:30`` → ``2026-Q2``."""
    return f"{requested_at[:4]}-Q{(int(requested_at[5:7]) - 1) // 3 + 1}"


def clean(record: RequestRecord, corpus_dir: Path | None = None) -> RequestRecord:
    """Validate and redact a record before it is stored. Raises RecordError on a bad field.

    ``corpus_dir``: whose words redaction knows are not names (None: the settings' corpus).
    """
    if record.agency not in AGENCIES:
        raise RecordError(f"requesting agency {record.agency!r} is not one of: {', '.join(AGENCIES)}")
    if record.response not in RESPONSES:
        raise RecordError(f"response {record.response!r} is not one of: {', '.join(RESPONSES)}")
    if record.verdict and record.verdict not in VERDICT_LABELS:
        raise RecordError(f"verdict {record.verdict!r} is not one of: {', '.join(VERDICT_LABELS)} (or leave it empty)")
    for name in ("unit", "requested", "notes"):
        typed = getattr(record, name) or ""
        if len(typed) > MAX_TEXT:
            raise RecordError(f"{name} has {len(typed):,} characters; keep it to {MAX_TEXT:,}")
    when = parse_when(record.requested_at)
    if datetime.strptime(when, "%Y-%m-%d %H:%M") > datetime.now() + timedelta(days=1):
        raise RecordError(f"date and time {when} is in the future; give when the request was made")
    def text(value: str) -> str:
        return redact((value or "").strip(), corpus_dir)[:MAX_TEXT]

    return replace(record, requested_at=when, unit=text(record.unit),
                   requested=text(record.requested), notes=text(record.notes), question=text(record.question),
                   supervisor_notified=bool(record.supervisor_notified), immigration=bool(record.immigration),
                   legal_bureau_contacted=bool(record.legal_bureau_contacted))


def from_row(row) -> RequestRecord:
    """A stored row (sqlite3.Row or the PostgreSQL row) as a RequestRecord, its flags as booleans."""
    return RequestRecord(**{**dict(row), **{flag: bool(row[flag]) for flag in BOOLEANS}})


class RequestRecords:
    """The request records in ``data_dir/sharecheck.db``. Each call opens its own connection, so the
    store can be used from any thread. Raises sqlite3.DatabaseError when the file is not a database."""

    def __init__(self, data_dir: Path, corpus_dir: Path | None = None, database_url: str | None = None):
        self.path = locate(db_path(data_dir), database_url)  # the SQLite file, or SHARECHECK_DATABASE_URL
        self.corpus_dir = corpus_dir

    def add(self, record: RequestRecord) -> RequestRecord:
        """Store ``record`` (validated, redacted) and return it as stored, with ``id`` and ``created_at``."""
        record = replace(clean(record, self.corpus_dir),
                         created_at=datetime.now().astimezone().isoformat(timespec="seconds"))
        row = asdict(record)
        row.pop("id")
        conn = open_db(self.path)
        try:
            with transaction(conn):
                cur = conn.execute(f"INSERT INTO request_records ({', '.join(row)}) "
                                   f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        finally:
            conn.close()
        return replace(record, id=cur.lastrowid)

    def select(self, date_from: str | None = None, date_to: str | None = None,
             agency: str | None = None, recorded_by: str | None = None,
             command: str | None = None, text: str | None = None) -> list[RequestRecord]:
        """Records requested between the two dates (inclusive, ``YYYY-MM-DD``) from ``agency`` (a code,
        or None/"" for all), oldest first. ``recorded_by``/``command`` (None: any) narrow them to one
        member's or one command's records, as a role may see (ui/access.py); ``text`` (None/"": any)
        to those whose unit, what was requested, notes or question hold it, in any case. Raises
        RecordError on a bad date or agency."""
        start, end = parse_day(date_from, "from date"), parse_day(date_to, "to date")
        if start and end and start > end:
            raise RecordError(f"the from date {start} is after the to date {end}")
        if agency and agency not in AGENCIES:
            raise RecordError(f"agency {agency!r} is not one of: {', '.join(AGENCIES)}")
        where, args = [], []
        if start:
            where.append("requested_at >= ?")
            args.append(start)
        if end:
            where.append("requested_at < ?")
            args.append(end + " 99")  # every time on the end day sorts below "YYYY-MM-DD 99"
        if agency:
            where.append("agency = ?")
            args.append(agency)
        for column, value in (("recorded_by", recorded_by), ("command", command)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if text and text.strip():
            # LIKE with its wildcards escaped: a "%" typed in the search box is a percent sign.
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text.strip().lower()) + "%"
            where.append("(" + " OR ".join(f"lower({c}) LIKE ? ESCAPE '\\'" for c in SEARCHED) + ")")
            args.extend([pattern] * len(SEARCHED))
        sql = "SELECT * FROM request_records" + (" WHERE " + " AND ".join(where) if where else "")
        conn = open_db(self.path)
        try:
            rows = conn.execute(sql + " ORDER BY requested_at, id", args).fetchall()
        finally:
            conn.close()
        return [from_row(r) for r in rows]

    def mark_reviewed(self, record_id: int, reviewer: str, command: str | None = None) -> RequestRecord:
        """Mark record ``record_id`` reviewed by ``reviewer`` now; ``command`` (None: any) is the only
        command whose records the reviewer may mark. Raises RecordError for a record that does not
        exist, is outside ``command``, or was already reviewed (a review is never overwritten)."""
        at = datetime.now().astimezone().isoformat(timespec="seconds")
        conn = open_db(self.path)
        try:
            with transaction(conn):
                row = conn.execute("SELECT * FROM request_records WHERE id = ?", (int(record_id),)).fetchone()
                if row is None or (command is not None and row["command"] != command):
                    raise RecordError(f"there is no record {record_id} among the records you may review; "
                                      "list them first and use a number from the id column")
                if row["reviewed_by"]:
                    raise RecordError(f"record {record_id} was already reviewed by {row['reviewed_by']} at "
                                      f"{row['reviewed_at']}")
                conn.execute("UPDATE request_records SET reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                             (reviewer, at, int(record_id)))
        finally:
            conn.close()
        return self.select_one(record_id)

    def select_one(self, record_id: int) -> RequestRecord:
        """The record with ``record_id``; raises RecordError when there is none."""
        conn = open_db(self.path)
        try:
            row = conn.execute("SELECT * FROM request_records WHERE id = ?", (int(record_id),)).fetchone()
        finally:
            conn.close()
        if row is None:
            raise RecordError(f"there is no record {record_id}")
        return from_row(row)


def _purpose(request: dict[str, object]) -> str:
    """The ``purpose`` fact of one of an answer's ``requests`` ('' when it has none)."""
    facts = request.get("facts")
    return str(facts.get("purpose") or "") if isinstance(facts, dict) else ""


def draft_from_answer(answer: Answer, now: datetime | None = None, corpus_dir: Path | None = None) -> RequestRecord:
    """A record prefilled from an answer's facts: agency, what was requested (and the document shown),
    the response the verdict calls for, the redacted question. The member checks and completes it."""
    facts = answer.facts or {}
    action = str(facts.get("action") or "")
    requested = ACTION_WORDS.get(action, action.replace("_", " ").capitalize())
    document = str(facts.get("document") or "")
    if document and document != "none":
        requested = f"{requested or 'Request'}; document shown: {DOCUMENT_WORDS.get(document, document)}"
    agency = str(facts.get("requester") or "")
    # Any request of the question with an immigration purpose makes it one "to further immigration
    # enforcement" (§ 10-178(d)); the member checks the box and corrects it if need be.
    # A request from an immigration authority always is one, as the form's checkbox says (tester).
    purposes = [str(facts.get("purpose") or "")] + [_purpose(r) for r in answer.requests]
    scope = load_scope(corpus_dir)
    agency = agency if agency in AGENCIES else "other_nonlocal"
    return RequestRecord(requested_at=(now or datetime.now()).strftime("%Y-%m-%d %H:%M"),
                         agency=agency, requested=requested,
                         response=RESPONSE_FOR_VERDICT.get(answer.verdict, "pending"),
                         question=redact(answer.question, corpus_dir), verdict=answer.verdict,
                         immigration=agency in scope.authorities or scope.immigration_purpose(purposes))


def csv_text(header: list[str], rows: list[list]) -> str:
    """``header`` and ``rows`` as CSV text (``\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def detail_csv(records: list[RequestRecord]) -> str:
    """CSV with DETAIL_HEADER: one row per record (free text already redacted)."""
    return csv_text(DETAIL_HEADER, [[r.id, r.requested_at, r.quarter, RECEIVING_AGENCY, AGENCIES[r.agency], r.unit,
                                     r.requested, RESPONSES[r.response], "yes" if r.supervisor_notified else "no",
                                     "yes" if r.legal_bureau_contacted else "no", r.notes,
                                     "yes" if r.immigration else "no"] for r in records])
