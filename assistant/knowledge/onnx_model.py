"""all-MiniLM-L6-v2 through ONNX Runtime and ``tokenizers`` (the only module that imports them).

The model file is the export knowledge/onnx_export.py makes from the installed weights; embeddings.py
chooses this backend or the torch one.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length for this model


class OnnxEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 through ONNX Runtime: WordPiece (``tokenizers``), the exported transformer, mean
    pooling over the attention mask, L2 normalisation — the three modules of the sentence-transformers
    model (modules.json), so vectors match the torch path (Reimers & Gurevych, "Sentence-BERT", 2019).

    ``model_file``: the .onnx export; ``tokenizer_file``: the model's tokenizer.json; ``threads``: ONNX
    Runtime intra-op threads per call (1 keeps concurrent answers from fighting over 2 cores). Texts
    are truncated at 256 tokens like the model's ``max_seq_length``. ``run`` is thread-safe, so one
    instance serves every request. Returns 384-d lists of floats.
    """

    def __init__(self, model_file: str, tokenizer_file: str, threads: int = 1, batch_size: int = 8):
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(model_file, options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(tokenizer_file)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.batch_size = batch_size

    def _forward(self, texts: list[str]):
        import numpy as np

        encodings = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        shape = (len(encodings), width)
        ids, mask, types = np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64)
        for row, e in enumerate(encodings):
            n = len(e.ids)
            ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed_query(self, text: str) -> list[float]:
        return self._forward([text])[0].tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Batches of similar length waste little on padding: sort, embed, put back in order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            for i, vector in zip(chunk, self._forward([texts[i] for i in chunk]), strict=True):
                out[i] = vector.tolist()
        return out
