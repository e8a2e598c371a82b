"""The local stores, all in one SQLite file (``data_dir/sharecheck.db``; ``db.py`` opens and upgrades it).

``audit`` (one redacted row per answer), ``records`` (§ 10-178(d) request records), ``exercises``
(trainee results), ``scores`` (evaluator scores); ``redaction`` removes personal details before
anything is stored. ``stores_for(settings)`` hands every tab of the app the same objects, so the
audit-log switch in the Records tab acts on the chat too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings
from assistant.stores.audit import AuditLog
from assistant.stores.db import check_database
from assistant.stores.records import RequestRecords


@dataclass
class Stores:
    """The stores of one data directory that the app's tabs share."""

    records: RequestRecords
    audit: AuditLog


_STORES: dict[tuple[Path, str], Stores] = {}


def stores_for(settings: Settings) -> Stores:
    """The Stores for ``settings.data_dir`` (or ``settings.database_url``, PostgreSQL), created on first use
    with logging as ``settings.audit_log``."""
    key = (settings.data_dir.resolve(), settings.database_url)
    if key not in _STORES:
        url = settings.database_url
        if url:
            check_database(url)  # a server that cannot use its database refuses to start, saying why
        _STORES[key] = Stores(RequestRecords(settings.data_dir, corpus_dir=settings.corpus_dir, database_url=url),
                              AuditLog(settings.data_dir, settings.audit_log, corpus_dir=settings.corpus_dir,
                                       database_url=url))
    return _STORES[key]
