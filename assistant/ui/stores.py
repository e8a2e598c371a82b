"""The local stores the tabs share: request records and the audit log, one pair per data directory.

The Chat tab writes both and the Records tab reads both and holds the audit-log switch, but
app.py builds them separately; this keeps them on the same objects so the switch acts on the chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.audit import AuditLog
from assistant.request_records import RequestRecords
from assistant.settings import Settings


@dataclass
class Stores:
    records: RequestRecords
    audit: AuditLog


_STORES: dict[Path, Stores] = {}


def stores_for(settings: Settings) -> Stores:
    """The Stores for ``settings.data_dir``, created on first use with logging as ``settings.audit_log``."""
    key = settings.data_dir.resolve()
    if key not in _STORES:
        _STORES[key] = Stores(RequestRecords(settings.data_dir), AuditLog(settings.data_dir, settings.audit_log))
    return _STORES[key]
