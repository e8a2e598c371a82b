"""The N.Y.C. Admin. Code § 10-178(d) quarterly report: which request records it counts, and the counts.

§ 10-178(d) covers requests from a non-local law enforcement agency "intended to further immigration
enforcement" (corpus/documents/ac-10-178.md, (d)). ShareCheck records every federal request, as DOI
recommended; the report counts only those from a federal immigration authority or for an immigration
purpose. Which agencies and purposes those are is data, in ``corpus/report-scope.yaml``
(read by report_scope.py).

    scope = load_scope(corpus_dir)
    scope.basis(record)          # "immigration authority", "immigration purpose" or "" (not counted)
    quarterly_csv(records, scope)  # one row per quarter × requesting agency × response × basis
"""

from __future__ import annotations

from collections import Counter

from assistant.stores.records import AGENCIES, RECEIVING_AGENCY, RESPONSES, RequestRecord, csv_text
from assistant.stores.report_scope import ReportScope, load_scope

__all__ = ["QUARTERLY_HEADER", "ReportScope", "counted", "load_scope", "quarterly_csv", "quarterly_rows"]
QUARTERLY_HEADER = ["quarter", "receiving_agency", "requesting_agency", "response", "requests", "counted_under"]


def counted(records: list[RequestRecord], scope: ReportScope) -> list[RequestRecord]:
    """The records the quarterly report counts, in their order."""
    return [r for r in records if scope.basis(r)]


def quarterly_rows(records: list[RequestRecord], scope: ReportScope) -> list[list[str | int]]:
    """Counts by quarter, requesting agency, response and basis over the records the report counts:
    the § 10-178(d) breakdown (by requesting agency and by the City agency that received the request)."""
    counts = Counter((r.quarter, AGENCIES[r.agency], RESPONSES[r.response], scope.label(scope.basis(r)))
                     for r in counted(records, scope))
    return [[q, RECEIVING_AGENCY, agency, response, n, basis]
            for (q, agency, response, basis), n in sorted(counts.items())]


def quarterly_csv(records: list[RequestRecord], scope: ReportScope) -> str:
    """CSV with QUARTERLY_HEADER; records outside § 10-178(d) are left out (they stay in the detail CSV)."""
    return csv_text(QUARTERLY_HEADER, quarterly_rows(records, scope))
