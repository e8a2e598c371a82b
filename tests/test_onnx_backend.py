"""The ONNX Runtime backend: exported from the installed weights, the torch model's vectors, no torch at run time."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from assistant.errors import SettingsError
from assistant.settings import Settings


def test_an_unknown_backend_is_refused_naming_the_variable():
    with pytest.raises(SettingsError, match="SHARECHECK_EMBEDDING_BACKEND='tensorflow' is not one of onnx, torch"):
        Settings.from_env(embedding_backend="tensorflow")


def test_embedding_threads_must_be_a_sane_count():
    with pytest.raises(SettingsError, match="SHARECHECK_EMBEDDING_THREADS=0 is out of range"):
        Settings.from_env(embedding_threads=0)


@pytest.fixture(scope="module")
def onnx_embedder():
    from assistant.knowledge.embeddings import load_onnx_embeddings

    return load_onnx_embeddings(Settings.from_env())


def test_onnx_gives_the_torch_models_vectors_on_every_chunk_and_question(onnx_embedder, real_embedder,
                                                                        model_settings):
    from assistant.knowledge.index import SearchIndex
    from assistant.knowledge.onnx_export import TOLERANCE

    texts = [c.search_text for c in SearchIndex(model_settings).chunks]
    texts += ["can i giv ice the relase date on my perp", "¿Puedo decirle a ICE cuándo sale?", "a", "x " * 600]
    ours = np.asarray(onnx_embedder.embed_documents(texts))
    theirs = np.asarray(real_embedder.embed_documents(texts))
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() >= TOLERANCE, texts[int(cosines.argmin())][:80]
    one = np.asarray(onnx_embedder.embed_query(texts[0]))
    assert np.allclose(one, ours[0], atol=1e-5)  # a batch of one and a padded batch agree
    assert abs(np.linalg.norm(one) - 1.0) < 1e-5


def test_the_export_records_where_it_came_from_and_how_well_it_agreed(onnx_embedder):
    from assistant.knowledge.embeddings import model_path, onnx_export_current, onnx_export_path
    from assistant.knowledge.onnx_export import TOLERANCE, source_fingerprint

    settings = Settings.from_env()
    target = onnx_export_path(settings)
    sidecar = json.loads(target.with_name(target.name + ".json").read_text(encoding="utf-8"))
    assert sidecar["source"] == source_fingerprint(model_path())
    assert sidecar["lowest_cosine_vs_torch"] >= TOLERANCE == sidecar["tolerance"]
    assert onnx_export_current(settings)


def test_an_export_from_other_weights_is_stale(tmp_path, onnx_embedder):
    from assistant.knowledge.embeddings import onnx_export_current, onnx_export_path

    live = onnx_export_path(Settings.from_env())
    copy = Settings.from_env(onnx_dir=tmp_path)
    (tmp_path / live.name).symlink_to(live)
    sidecar = json.loads(live.with_name(live.name + ".json").read_text(encoding="utf-8"))
    sidecar["source"]["size"] += 1
    (tmp_path / (live.name + ".json")).write_text(json.dumps(sidecar), encoding="utf-8")
    assert not onnx_export_current(copy)


def test_an_export_that_disagrees_with_torch_is_not_published(tmp_path, monkeypatch, real_embedder):
    import assistant.knowledge.onnx_export as export
    from assistant.errors import ModelMissingError
    from assistant.knowledge.embeddings import model_path

    monkeypatch.setattr(export, "TOLERANCE", 1.5)  # no real cosine reaches it
    with pytest.raises(ModelMissingError, match="disagrees with the torch model"):
        export.export_onnx(model_path(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_answer_with_the_onnx_backend_never_imports_torch(model_settings):
    index = str(model_settings.index_dir)
    code = ("import sys; from assistant.pipeline import Assistant; from assistant.settings import Settings; "
            f"from pathlib import Path; a = Assistant(Settings.from_env(index_dir=Path({index!r}))); "
            "v = a.ask('ICE called asking when our prisoner gets released. Can I tell them?').verdict; "
            "print(v, *[m in sys.modules for m in ('torch', 'sentence_transformers', 'transformers', 'sklearn')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["prohibited", "False", "False", "False", "False"]
