"""The Records tab: § 10-178(d) request records filtered by date range and agency, the quarterly
CSV export, the audit-log switch and the newest audit rows.

Named endpoints for gradio_client: ``/records_list`` (from, to, agency → table rows and counts),
``/records_export`` (from, to, agency → CSV file), ``/records_review`` (record id → the list again)
and ``/audit_log`` (on/off → status). Each checks the signed-in user's role on the server
(ui/access.py): an officer sees the records they made, a supervisor their command's (and marks
them reviewed), only an admin reads the audit log or switches it, and every switch is itself logged.
"""

from __future__ import annotations

import html

import gradio as gr

from assistant.domain import VERDICT_LABELS
from assistant.settings import Settings
from assistant.stores import stores_for
from assistant.stores.exports import EXPORT_TTL_SECONDS, exports_root, remove_later, write_export
from assistant.stores.quarterly import ReportScope, counted, load_scope, quarterly_csv, quarterly_rows
from assistant.stores.records import AGENCIES, RESPONSES, RecordError, RequestRecord
from assistant.stores.users import User, UserStore
from assistant.ui.access import allowed_in_app, need_in_app, records_scope
from assistant.ui.corrections import build_correction_form, corrections_of, history_html

CHANNELS = {"chat": "Chat tab", "api": "web API", "rest": "REST API", "cli": "command line", "batch": "batch file"}
EMPTY = "<p class='sc-empty'>No records in this range.</p>"


def records_html(records: list[RequestRecord], scope: ReportScope,
                 corrected: dict[int, list[dict]] | None = None) -> str:
    """One block per record, newest first: a list that reads on a phone without sideways scrolling.
    Each says whether the § 10-178(d) quarterly report counts it, and why, and lists its corrections
    (``corrected``: record id → ``RecordCorrections.history``), what it said before kept visible."""
    if not records:
        return EMPTY
    items = []
    for r in reversed(records):
        flags = " · ".join(f"{'✓' if on else '✗'} {what}" for what, on in
                           (("supervisor notified", r.supervisor_notified),
                            ("Legal Bureau contacted", r.legal_bureau_contacted)))
        unit = f" / {html.escape(r.unit)}" if r.unit else ""
        notes = f"<div class='sc-rec-notes'>Notes: {html.escape(r.notes)}</div>" if r.notes else ""
        who = f" · recorded by {html.escape(r.recorded_by)}" if r.recorded_by else ""
        review = (f"✓ reviewed by {html.escape(r.reviewed_by)} {html.escape(r.reviewed_at[:16].replace('T', ' '))}"
                  if r.reviewed_by
                  else "not yet reviewed")
        basis = scope.basis(r)
        counts = (f"counted under {html.escape(scope.provision)} ({basis})" if basis else
                  f"recorded, not counted under {html.escape(scope.provision)} (not an immigration request)")
        # <div>, not <p>: Gradio's prose styles render a <p> inside an <li> inline.
        items.append(f"<li class='sc-rec-item' data-record='{r.id}'><div><strong>#{r.id}</strong> · {r.requested_at}"
                     f" · <strong>{html.escape(AGENCIES[r.agency])}</strong>{unit}</div>"
                     f"<div>{html.escape(r.requested or 'request not described')} → "
                     f"<strong>{html.escape(RESPONSES[r.response])}</strong></div>"
                     f"<div class='sc-dim'>{flags}</div><div class='sc-dim'>{review}{who}</div>"
                     f"<div class='sc-dim sc-rec-scope'>{counts}</div>{notes}"
                     f"{history_html((corrected or {}).get(r.id or 0, []))}</li>")
    return f"<ol class='sc-rec-list' reversed>{''.join(items)}</ol>"


def audit_html(rows: list[dict]) -> str:
    """The newest audit rows: when, channel, verdict, rule, latency, and the redacted question."""
    if not rows:
        return "<p class='sc-empty'>The audit log is empty.</p>"
    # The verdict in the words the card uses; the rule's key stays, small, for whoever traces it.
    items = "".join(f"<li><span class='sc-dim'>{html.escape(str(r['at'])[:19].replace('T', ' '))} · "
                    f"{html.escape(CHANNELS.get(str(r['channel']), str(r['channel'])))} · "
                    f"{float(r['latency_ms']):.0f} ms</span><br>"
                    f"<strong>{html.escape(VERDICT_LABELS.get(str(r['verdict']), str(r['verdict'])))}</strong> — "
                    f"{html.escape(str(r['question']))}"
                    + (f" <span class='sc-dim'>(rule {html.escape(str(r['rule']))})</span>" if r['rule'] else "")
                    + "</li>" for r in rows)
    return f"<p class='sc-dim'>Newest {len(rows)} entries</p><ul class='sc-audit-list'>{items}</ul>"


def counts_html(records: list[RequestRecord], scope: ReportScope) -> str:
    """The quarterly report's breakdown over the records it counts: requests by quarter, requesting
    agency, response and why they count; a line says how many records in the range it leaves out."""
    rows = quarterly_rows(records, scope)
    left_out = len(records) - len(counted(records, scope))
    are = "records in this range are" if left_out != 1 else "record in this range is"
    note = (f"<p class='sc-dim'>{left_out} {are} not counted: {html.escape(scope.provision)} counts requests "
            "from an immigration authority or to further immigration enforcement.</p>") if left_out else ""
    if not rows:
        return note
    # Four columns fit a phone; why each record counts is on the record itself and in the CSV.
    tally: dict[tuple[str, str, str], int] = {}
    for q, _, a, r, n, _basis in rows:
        tally[(str(q), str(a), str(r))] = tally.get((str(q), str(a), str(r)), 0) + int(n)
    body = "".join(f"<tr><td>{q}</td><td>{html.escape(a)}</td><td>{html.escape(r)}</td><td>{n}</td></tr>"
                   for (q, a, r), n in tally.items())
    return (f"<table class='sc-counts'><caption>Counts for the quarterly report ({html.escape(scope.provision)})"
            "</caption><thead><tr><th>Quarter</th><th>Agency</th><th>Response</th><th>Count</th>"
            f"</tr></thead><tbody>{body}</tbody></table>{note}")


def build_records_tab(settings: Settings, tab: gr.Tab | None = None) -> None:
    """Add the Records components to the enclosing Blocks; ``tab`` (if given) refreshes the list when opened."""
    stores = stores_for(settings)
    scope = load_scope(settings.corpus_dir)
    gr.set_static_paths([exports_root(settings.data_dir)])
    gr.Markdown("Requests for help from federal and other non-local agencies, recorded from the Chat tab: "
                "record every one. The export counts only what the § 10-178(d) quarterly report covers — requests "
                "from an immigration authority (ICE, its ERO and HSI, CBP) or to further immigration enforcement — "
                "by quarter, requesting agency and response. Records never hold the name of the person asked about.")
    with gr.Row(equal_height=True):
        date_from = gr.Textbox(label="From (YYYY-MM-DD)", placeholder="2026-04-01", min_width=140,
                               elem_id="sc-records-from")
        date_to = gr.Textbox(label="To (YYYY-MM-DD)", placeholder="2026-06-30", min_width=140, elem_id="sc-records-to")
        agency = gr.Dropdown([("All agencies", "")] + [(v, k) for k, v in AGENCIES.items()], value="",
                             label="Requesting agency", min_width=200, elem_id="sc-records-agency")
        search = gr.Textbox("", label="Search unit, request, notes", placeholder="e.g. detainer", min_width=200,
                            elem_id="sc-records-search")
    with gr.Row():
        show = gr.Button("Show records", variant="primary", elem_id="sc-records-show")
        export = gr.Button("Export CSV (quarterly report)", elem_id="sc-records-export")
    status = gr.Markdown("", elem_id="sc-records-status")
    exported = gr.File(label="Quarterly report CSV", visible=False, elem_id="sc-records-file")
    table = gr.HTML(EMPTY, elem_id="sc-records-table")
    counts = gr.HTML("", elem_id="sc-records-counts")
    with gr.Accordion("Audit log", open=False, elem_id="sc-audit"):
        audit_on = gr.Checkbox(value=stores.audit.enabled, elem_id="sc-audit-on",
                               label="Log each question and answer on this computer (names, dates of birth, "
                                     "phones, addresses, NYSID, A-numbers and SSNs removed)",
                               info="Applies until the app restarts; SHARECHECK_AUDIT_LOG=0 turns it off for good.")
        audit_table = gr.HTML("", elem_id="sc-audit-table")
    with gr.Row(equal_height=True, elem_id="sc-review-row"):
        review_id = gr.Number(None, label="Record # to mark reviewed (supervisors)", precision=0,
                              elem_id="sc-review-id")
        review = gr.Button("Mark reviewed", elem_id="sc-review")

    def select(user: User, from_: str, to_: str, agency_: str | None, text_: str | None) -> list[RequestRecord]:
        try:
            return stores.records.select(from_, to_, agency_ or None, text=text_ or None, **records_scope(user))
        except RecordError as exc:
            raise gr.Error(str(exc)) from exc

    def show_records(from_: str, to_: str, agency_: str | None, text_: str | None, request: gr.Request):
        """The records in the range the user may see (newest first), each with its corrections, the
        counts by quarter × agency × response, a status line."""
        records = select(need_in_app(settings, request, "records"), from_, to_, agency_, text_)
        return (records_html(records, scope, corrections_of(settings, records)), counts_html(records, scope),
                f"{len(records)} record{'s' * (len(records) != 1)} shown.")

    def export_csv(from_: str, to_: str, agency_: str | None, text_: str | None, request: gr.Request):
        """Write the quarterly-report CSV for the range to a temporary file and offer it for download."""
        records = select(need_in_app(settings, request, "records"), from_, to_, agency_, text_)
        span = f"{(from_ or 'start').strip()}_to_{(to_ or 'now').strip()}".replace("/", "-")
        # The private exports folder, served only to officers and supervisors (never Gradio's shared temp).
        path = write_export(settings.data_dir, "records", f"sharecheck-10-178d-{span}.csv",
                            quarterly_csv(records, scope))
        remove_later(path, EXPORT_TTL_SECONDS)
        return (gr.update(value=str(path), visible=True),
                f"Exported the counts of the {len(counted(records, scope))} of {len(records)} records that "
                f"{scope.provision} counts (from an immigration authority or to further immigration enforcement).")

    def audit_rows(request: gr.Request) -> str:
        if not allowed_in_app(settings, request, "admin"):
            return "<p class='sc-empty'>Only an admin reads the audit log.</p>"
        return audit_html(stores.audit.recent(50))

    def switch_audit(on: bool, request: gr.Request):
        """Turn the audit log on or off for this running app (admins only; the switch is logged)."""
        user = need_in_app(settings, request, "admin")
        stores.audit.enabled = bool(on)
        UserStore(settings.data_dir).log_admin(user.name, "audit_log_on" if on else "audit_log_off")
        gr.Info("Audit log on." if on else "Audit log off: questions are no longer logged.")
        return audit_rows(request)

    filters = [date_from, date_to, agency, search]

    def mark_reviewed(record_id: float | None, from_: str, to_: str, agency_: str | None, text_: str | None,
                      request: gr.Request):
        """Mark one record of the supervisor's command reviewed; returns the list again."""
        user = need_in_app(settings, request, "review")
        if not record_id:
            raise gr.Error("Give the number of the record to mark (the # in the list).")
        scope_ = records_scope(user)
        if scope_["recorded_by"] is not None:  # a supervisor with no command reviews nobody's records
            raise gr.Error(f"{user.name} has no command to review; an admin sets it with "
                           f"`sharecheck users set {user.name} --command PCT-075` (or '*' for every command)")
        try:
            stores.records.mark_reviewed(int(record_id), user.name, command=scope_["command"])
        except RecordError as exc:
            raise gr.Error(str(exc)) from exc
        listed, counts_, shown = show_records(from_, to_, agency_, text_, request)
        return listed, counts_, f"✓ Record #{int(record_id)} marked reviewed by {user.name}. {shown}"

    build_correction_form(settings, filters, [table, counts, status], show_records)
    show.click(show_records, filters, [table, counts, status], api_name="records_list")
    review.click(mark_reviewed, [review_id, *filters], [table, counts, status], api_name="records_review")
    export.click(export_csv, filters, [exported, status], api_name="records_export")
    audit_on.input(switch_audit, [audit_on], [audit_table], api_name="audit_log")
    if tab is not None:
        def on_open(from_: str, to_: str, agency_: str | None, text_: str | None, request: gr.Request):
            """The list when the tab opens; an admin (who opens it for the audit log) gets a note instead."""
            if not allowed_in_app(settings, request, "records"):
                return EMPTY, "", "Request records are for officers and supervisors."
            return show_records(from_, to_, agency_, text_, request)

        tab.select(on_open, filters, [table, counts, status], api_visibility="private").then(
            audit_rows, None, [audit_table], api_visibility="private")
