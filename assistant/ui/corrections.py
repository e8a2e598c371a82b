"""The Records tab's "Correct a record" form and how a record's corrections are shown (issue 12).

Named endpoint ``/records_correct`` (record #, field, new value, why, then the list's filters → the
list again). The member who made a record, or a supervisor of its command, may correct it; the old
value stays, with who changed it, when and why (stores/corrections.py).
"""

from __future__ import annotations

import html

import gradio as gr

from assistant.settings import Settings
from assistant.stores.corrections import CORRECTABLE, RecordCorrections
from assistant.stores.records import AGENCIES, BOOLEANS, RESPONSES, RecordError, RequestRecord
from assistant.ui.access import need_in_app, records_scope

FIELD_LABELS = {"requested_at": "Date and time of the request", "agency": "Requesting agency", "unit": "Unit or office",
                "requested": "What was requested", "response": "Response given",
                "supervisor_notified": "Supervisor notified", "legal_bureau_contacted": "Legal Bureau contacted",
                "notes": "Notes", "immigration": "To further immigration enforcement"}
YES, NO = {"yes", "y", "true", "1", "on", "sí", "si"}, {"no", "n", "false", "0", "off"}


def parse_value(field: str, value: str) -> object:
    """The typed value of ``field`` from what was typed: yes/no for a flag, a code or its words for
    the agency and the response. Raises RecordError saying what to type."""
    text = (value or "").strip()
    if field in BOOLEANS:
        if text.lower() in YES | NO:
            return text.lower() in YES
        raise RecordError(f"{FIELD_LABELS[field]} takes yes or no, not {text!r}")
    for choices in ((AGENCIES,) if field == "agency" else (RESPONSES,) if field == "response" else ()):
        for code, words in choices.items():
            if text.lower() in (code, words.lower()):
                return code
        raise RecordError(f"{FIELD_LABELS[field]} must be one of: {', '.join(choices.values())}")
    return text


def corrections_of(settings: Settings, records: list[RequestRecord]) -> dict[int, list[dict]]:
    """Record id → its corrections, for the records shown that have any."""
    store = RecordCorrections(settings.data_dir, corpus_dir=settings.corpus_dir)
    ids = [r.id for r in records if r.id is not None]
    return {record_id: store.history(record_id) for record_id in store.counts(ids)}


def history_html(history: list[dict]) -> str:
    """A record's corrections, folded: when, who, field, what it said before and after, and why."""
    if not history:
        return ""
    def words(field: str, value: object) -> str:
        names = AGENCIES if field == "agency" else RESPONSES if field == "response" else {}
        return html.escape(names.get(str(value), str(value)))

    items = "".join(f"<li>{html.escape(str(h['corrected_at'])[:16].replace('T', ' '))} · "
                    f"{html.escape(str(h['corrected_by']))}: "
                    f"{html.escape(FIELD_LABELS.get(str(h['field']), str(h['field'])))} "
                    f"“{words(str(h['field']), h['old_value'])}” → “{words(str(h['field']), h['new_value'])}” — "
                    f"{html.escape(str(h['why']))}</li>" for h in history)
    return (f"<details class='sc-rec-history'><summary>Corrected ({len(history)} change"
            f"{'s' * (len(history) != 1)}; what it said before is kept)</summary><ul>{items}</ul></details>")


def build_correction_form(settings: Settings, filters: list, outputs: list, show_records) -> None:
    """Add the correction form; on save, ``show_records(*filters, request)`` fills ``outputs`` again."""
    corrections = RecordCorrections(settings.data_dir, corpus_dir=settings.corpus_dir)
    with gr.Accordion("Correct a record", open=False, elem_id="sc-correct"):
        gr.Markdown("Put a record right. What it said before stays with it, with who changed it, when and why.")
        with gr.Row(equal_height=True):
            record_id = gr.Number(None, label="Record #", precision=0, elem_id="sc-correct-id")
            field = gr.Dropdown([(FIELD_LABELS[f], f) for f in CORRECTABLE], value="response", label="Field",
                                elem_id="sc-correct-field")
        value = gr.Textbox(label="New value (yes/no for a checkbox)", elem_id="sc-correct-value")
        why = gr.Textbox(label="Why (required; no names)", elem_id="sc-correct-why")
        save = gr.Button("Save correction", elem_id="sc-correct-save")

    def correct(record_id_: float | None, field_: str, value_: str, why_: str, from_: str, to_: str,
                agency_: str | None, text_: str | None, request: gr.Request):
        """Correct one field of a record the user may correct; returns the list again."""
        user = need_in_app(settings, request, "record")
        if not record_id_:
            raise gr.Error("Give the number of the record to correct (the # in the list).")
        try:
            corrections.correct(int(record_id_), {field_: parse_value(field_, value_)}, by=user.name, why=why_,
                                **records_scope(user))
        except RecordError as exc:
            raise gr.Error(str(exc)) from exc
        gr.Info(f"Record #{int(record_id_)} corrected.")
        return show_records(from_, to_, agency_, text_, request)

    save.click(correct, [record_id, field, value, why, *filters], outputs, api_name="records_correct")
