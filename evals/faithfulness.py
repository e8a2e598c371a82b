"""Faithfulness: does each cited passage support the sentence that cites it? Offline and deterministic.

Method (no LLM judge). For a sentence and the passages its ``[n]`` markers cite:

1. **Content-word overlap** ``o`` — the share of the sentence's content words (lower-cased tokens,
   stop words removed, Snowball-stemmed) that occur in the cited passages together. Legal
   restatements reuse the law's own terms, so a supported sentence shares most of its words.
2. **Embedding similarity** ``c`` — the highest cosine similarity between the sentence and the whole
   passage or any one of its sentences, with the packaged all-MiniLM-L6-v2 (normalised vectors).
   This catches paraphrase that shares few words.
3. The sentence is **supported** when ``o ≥ OVERLAP_MIN`` or ``c ≥ COSINE_MIN``, or when
   ``o ≥ OVERLAP_WITH_COSINE`` and ``c ≥ COSINE_WITH_OVERLAP``. The four thresholds are calibrated
   by ``calibrate`` on the ``calibrate`` split of ``evals/labelled/faithfulness.yaml`` (hand-labelled
   pairs) and validated on its ``test`` split (``validate`` reports precision and recall). As
   calibrated, the rule reads: at least 60 % of the content words are in the passage *and* the
   cosine is at least 0.45 — or every content word is there.

Neither signal understands negation: a sentence that contradicts its passage in the passage's own
words scores as supported. The labelled set holds such pairs so the reported precision shows it.
The cited passage is the whole section as the source panel shows it: the restatement (``quote``) and,
below it, the section's "For an officer" commentary (``guidance``, ShareCheck's own words, labelled so);
a "What to do" line is often supported by that commentary rather than by the provision.
Sentences made from front matter rather than passage text ("See also: …", the provenance caveat,
"Note: … is struck down") are checked for a citation but not scored.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant import yamldata
from assistant.engine.answer import MARKER_RE, split_sentences

# Calibrated by calibrate() on the calibrate split (tests/test_eval_faithfulness.py re-derives them).
OVERLAP_MIN = 1.0
COSINE_MIN = 1.0
OVERLAP_WITH_COSINE = 0.6
COSINE_WITH_OVERLAP = 0.45
LABELLED = Path(__file__).resolve().parent / "labelled" / "faithfulness.yaml"
STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could", "do", "does", "did",
    "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "may",
    "might", "must", "of", "on", "or", "our", "shall", "she", "should", "so", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "under", "upon", "was", "we", "were", "what",
    "when", "where", "which", "who", "whom", "whose", "will", "with", "would", "you", "your", "also", "any", "each",
    "other", "only", "same", "very"])
TOKEN_RE = re.compile(r"[a-z0-9§]+(?:[-'.][a-z0-9]+)*")
META_RE = re.compile(r"^(see also:|parts of this answer rest on|the verdict rests on sources not checked|"
                     r"note: .* not binding law)", re.IGNORECASE)

KINDS = ("supported", "wrong-passage", "missing-detail", "contradiction")
Embed = Callable[[list[str]], list[list[float]]]


def content_words(text: str) -> set[str]:
    """Stemmed content words of ``text``: ``[n]`` markers, Markdown emphasis and stop words removed."""
    import Stemmer

    text = MARKER_RE.sub(" ", text).lower().replace("*", " ").replace("_", " ")
    tokens = [t.strip(".'-") for t in TOKEN_RE.findall(text)]
    words = [t for t in tokens if t and t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return set(Stemmer.Stemmer("english").stemWords(words))


def overlap(sentence: str, passages: Sequence[str]) -> float:
    """Share (0–1) of the sentence's content words found in the passages; 1.0 when it has none."""
    words = content_words(sentence)
    if not words:
        return 1.0
    found = set().union(*(content_words(p) for p in passages)) if passages else set()
    return len(words & found) / len(words)


def is_supported(o: float, c: float, thresholds: tuple[float, float, float, float] | None = None) -> bool:
    """The decision rule of this module's docstring for overlap ``o`` and cosine ``c``."""
    o_min, c_min, o_mid, c_mid = thresholds or (OVERLAP_MIN, COSINE_MIN, OVERLAP_WITH_COSINE, COSINE_WITH_OVERLAP)
    return o >= o_min or c >= c_min or (o >= o_mid and c >= c_mid)


class SupportScorer:
    """Scores sentence/passage support. ``embed`` maps texts to L2-normalised vectors (a LangChain
    ``Embeddings.embed_documents``); vectors are cached by text, so repeated passages embed once."""

    def __init__(self, embed: Embed):
        self.embed = embed
        self._vectors: dict[str, list[float]] = {}

    def _vectorise(self, texts: Sequence[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if todo:
            self._vectors.update(zip(todo, self.embed(todo), strict=True))

    def warm(self, texts: Sequence[str]) -> None:
        """Embed ``texts`` in one batch ahead of scoring (one large call is much faster than many small ones)."""
        self._vectorise(texts)

    @staticmethod
    def windows(passages: Sequence[str]) -> list[str]:
        """What a sentence is compared with: each passage whole and each of its sentences."""
        return [w for p in passages for w in [p, *split_sentences(p.replace("\n", " "))] if w.strip()]

    def cosine(self, sentence: str, passages: Sequence[str]) -> float:
        """Highest cosine between ``sentence`` and each passage or passage sentence (−1–1; 0 if none)."""
        windows = self.windows(passages)
        if not windows:
            return 0.0
        clean = clean_sentence(sentence)
        self._vectorise([clean, *windows])
        s = self._vectors[clean]
        return max(sum(a * b for a, b in zip(s, self._vectors[w], strict=True)) for w in windows)

    def score(self, sentence: str, passages: Sequence[str]) -> tuple[float, float, bool]:
        """``(overlap, cosine, supported)`` for ``sentence`` against the passages it cites."""
        o = overlap(sentence, passages)
        c = self.cosine(sentence, passages)
        return o, c, is_supported(o, c)


def clean_sentence(sentence: str) -> str:
    """The sentence without ``[n]`` markers, Markdown emphasis or a leading bullet."""
    text = MARKER_RE.sub("", sentence).replace("**", "").strip().lstrip("-").strip().strip("_").strip()
    return re.sub(r"\s+([.,;:!?])", r"\1", text)


@dataclass(frozen=True)
class SentenceCheck:
    """One answer sentence: its citation numbers, whether it is a claim or a metadata line, and
    (for claims) its overlap, cosine and verdict. ``supported`` is False for an uncited claim."""

    sentence: str
    cites: tuple[int, ...]
    kind: str  # "claim" or "meta"
    overlap: float = 0.0
    cosine: float = 0.0
    supported: bool = True


def answer_sentences(answer: dict) -> list[tuple[str, tuple[int, ...]]]:
    """The sentences of a JSON answer with their ``[n]`` numbers; headings and the verdict label are skipped.

    A leading citation label ("N.Y.C. Admin. Code § 10-178(d): …", as info answers write) is dropped,
    since it names the source rather than claiming anything.
    """
    labels = sorted((c["label"] for c in answer.get("citations", [])), key=len, reverse=True)
    out = []
    for line in answer.get("answer", "").splitlines():
        line = line.strip().lstrip("- ").strip()
        if not line or line.endswith(":") or line.endswith(":**"):
            continue
        for label in labels:
            if line.startswith(label + ":"):
                line = line[len(label) + 1:].strip()
                break
        for sentence in split_sentences(line):
            sentence = sentence.strip()
            if re.fullmatch(r"\*\*[^*]+\.\*\*", sentence) or not sentence.strip("_*"):
                continue
            out.append((sentence, tuple(int(n) for n in MARKER_RE.findall(sentence))))
    return out


def check_answer(answer: dict, passage_for: Callable[[dict], str], scorer: SupportScorer) -> list[SentenceCheck]:
    """Check every sentence of a JSON answer (DESIGN §4). ``passage_for(citation)`` returns the full
    text of a citation's section (``citation["quote"]`` is cut at 900 characters)."""
    if answer.get("verdict") == "out_of_scope":
        return []  # the abstention makes no legal claim (answer.py)
    by_n = {c["n"]: c for c in answer.get("citations", [])}
    checks = []
    for sentence, cites in answer_sentences(answer):
        if not cites:
            checks.append(SentenceCheck(sentence, cites, "claim", supported=False))
        elif META_RE.match(clean_sentence(sentence)):
            checks.append(SentenceCheck(sentence, cites, "meta"))
        else:
            passages = [passage_for(by_n[n]) for n in cites if n in by_n]
            o, c, ok = scorer.score(clean_sentence(sentence), passages)
            checks.append(SentenceCheck(sentence, cites, "claim", round(o, 3), round(c, 3), ok))
    return checks


def load_labelled(path: Path = LABELLED) -> list[dict]:
    """The hand-labelled pairs: ``id``, ``sentence``, ``passage`` (``doc#pin``), ``label``
    (``supported``/``unsupported``), ``split`` (``calibrate``/``test``). Raises ValueError naming a bad pair."""
    pairs = yamldata.load(path.read_text(encoding="utf-8"))
    for p in pairs:
        if p.get("label") not in ("supported", "unsupported") or p.get("split") not in ("calibrate", "test") \
                or p.get("kind") not in KINDS:
            raise ValueError(f"{path}: pair {p.get('id')!r} needs label supported|unsupported, split "
                             f"calibrate|test and kind {'|'.join(KINDS)}")
        if not str(p.get("sentence", "")).strip() or "#" not in str(p.get("passage", "")):
            raise ValueError(f"{path}: pair {p.get('id')!r} needs a sentence and a passage 'doc_id#pinpoint'")
    return pairs


def pair_features(pairs: list[dict], section_text: Callable[[str], str], scorer: SupportScorer) -> list[dict]:
    """Each pair with its ``overlap`` and ``cosine`` added. ``section_text("doc#pin")`` gives the passage."""
    out = []
    for p in pairs:
        passage = section_text(p["passage"])
        out.append({**p, "overlap": overlap(p["sentence"], [passage]),
                    "cosine": scorer.cosine(p["sentence"], [passage])})
    return out


def validate(features: list[dict], thresholds: tuple[float, float, float, float] | None = None) -> dict:
    """Precision, recall and accuracy of the rule on scored pairs, with *supported* as the positive
    class (precision: of the sentences accepted, the share truly supported). Lists the misjudged pairs."""
    tp = fp = fn = tn = 0
    wrong = []
    for f in features:
        said = is_supported(f["overlap"], f["cosine"], thresholds)
        truth = f["label"] == "supported"
        tp, fp, fn, tn = tp + (said and truth), fp + (said and not truth), fn + (truth and not said), \
            tn + (not said and not truth)
        if said != truth:
            wrong.append({"id": f["id"], "label": f["label"], "overlap": round(f["overlap"], 3),
                          "cosine": round(f["cosine"], 3)})
    n = len(features)
    return {"n": n, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
            "accuracy": (tp + tn) / n if n else 0.0, "misjudged": wrong}


def calibrate(features: list[dict]) -> tuple[float, float, float, float]:
    """Thresholds maximising F0.5 (precision weighted twice recall: accepting an unsupported legal
    claim is worse than flagging a supported one) on ``features``, searched on a 0.05 grid; ties go to
    the strictest thresholds. Deterministic.

    Contradiction pairs are left out: neither signal can see them, so letting them steer the
    thresholds would only reject supported sentences without catching a single contradiction.
    """
    features = [f for f in features if f.get("kind") != "contradiction"]
    grid = [round(x * 0.05, 2) for x in range(4, 21)]
    best: tuple[float, tuple[float, float, float, float]] = (-1.0, (1.0, 1.0, 1.0, 1.0))
    for o_min, c_min in itertools.product(grid, grid):
        for o_mid, c_mid in itertools.product([g for g in grid if g < o_min], [g for g in grid if g < c_min]):
            t = (o_min, c_min, o_mid, c_mid)
            r = validate(features, t)
            p, rec = r["precision"], r["recall"]
            f = 1.25 * p * rec / (0.25 * p + rec) if p + rec else 0.0
            if f > best[0] + 1e-12 or (abs(f - best[0]) <= 1e-12 and t > best[1]):
                best = (f, t)
    return best[1]
