"""Evaluator scores from the Evaluate tab, kept in the shared SQLite store (assistant/stores/db.py).

Tables ``eval_scores`` (one row per submitted score) and ``eval_citation_judgements`` (one row per
citation judged in it) are written together in one ``BEGIN IMMEDIATE`` transaction on a fresh
connection, so two evaluators scoring at once both land (WAL mode, busy timeout) and a failed write
leaves nothing half-written. Rows are never updated or deleted: a re-score is a new row, and the
dashboard uses each evaluator's latest score of an answer.

Privacy (issue 14): ``ScoreStore.add`` passes the question, the comment and every free text of the
answer JSON through ``redaction.redact`` (as the audit log and request records do) before anything
is written, so no caller stores a personal detail. ``write_export`` puts the CSV in
``data_dir/exports`` (0700) as a 0600 file, each in its own random 0700 folder, and removes exports
older than ``EXPORT_TTL_SECONDS``; ``remove_export`` deletes one once it is downloaded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import ScoreError
from assistant.stores.agreement import MIN_ITEMS, bootstrap_interval, cohen_kappa, fleiss_kappa
from assistant.stores.db import db_path, locate, open_db, transaction
from assistant.stores.exports import write_export
from assistant.stores.redaction import redact

JUDGEMENTS = ("yes", "no", "unsure")
CSV_COLUMNS = ["id", "evaluator", "created_at", "case_id", "case_set", "question", "expected_verdict",
               "answer_verdict", "verdict_correct", "clarity", "comment", "citations", "corpus_version"]
# Answer-JSON keys whose values are identifiers the dashboard or a reader matches on, never free text;
# every other string in the answer (question echo, summary, answer, reasons, trace words, requests'
# words, quotes) is redacted before it is stored.
IDENTIFIER_KEYS = frozenset({"verdict", "doc_id", "pinpoint", "provenance", "corpus_version", "source_url", "url",
                             "source_kind", "quote_kind", "rule", "id", "slot", "value", "intent", "turn",
                             "law_as_of"})


def redact_answer(value: object, corpus_dir: Path | None = None, key: str = "") -> object:
    """``value`` (an answer JSON or part of it) with every free-text string redacted."""
    if isinstance(value, str):
        return value if key in IDENTIFIER_KEYS else redact(value, corpus_dir)
    if isinstance(value, dict):
        return {k: redact_answer(v, corpus_dir, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_answer(v, corpus_dir, key) for v in value]
    return value


def redact_score(score: Score, corpus_dir: Path | None = None) -> Score:
    """``score`` as it may be stored: question, comment and the answer's free text redacted.

    The evaluator's own name, the case id and set, and the judgements are not personal details of
    the person asked about, so they stay."""
    answer = redact_answer(score.answer, corpus_dir)
    return replace(score, question=redact(score.question or "", corpus_dir),
                   comment=redact((score.comment or "").strip(), corpus_dir),
                   answer=answer if isinstance(answer, dict) else score.answer)


def live_case_id(question: str) -> str:
    """A stable id for a typed-in question, so several evaluators' scores of it can be compared."""
    return "live-" + hashlib.sha256(" ".join(question.lower().split()).encode()).hexdigest()[:12]


@dataclass
class Score:
    """One evaluator's judgement of one answer. ``answer`` is the JSON answer (DESIGN §4);
    ``citations`` maps citation number → ``yes``/``no``/``unsure`` (does it support its claim)."""

    evaluator: str
    case_id: str
    question: str
    answer: dict
    verdict_correct: str
    clarity: int
    comment: str = ""
    case_set: str = ""
    expected_verdict: str | None = None
    citations: dict[int, str] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise ScoreError for a missing name, an unknown judgement or a clarity outside 1–5."""
        if not self.evaluator.strip():
            raise ScoreError("enter your name before recording a score")
        if not self.answer or "verdict" not in self.answer:
            raise ScoreError("get an answer before recording a score")
        if self.verdict_correct not in JUDGEMENTS:
            raise ScoreError("say whether the verdict is correct: yes, no or unsure")
        if not isinstance(self.clarity, int) or not 1 <= self.clarity <= 5:
            raise ScoreError("rate clarity from 1 (unclear) to 5 (very clear)")
        numbers = {c["n"] for c in self.answer.get("citations", [])}
        for n, judgement in self.citations.items():
            if n not in numbers or judgement not in JUDGEMENTS:
                raise ScoreError(f"citation [{n}] judgement {judgement!r} does not match the answer")


class ScoreStore:
    """The evaluator-score tables in ``data_dir/sharecheck.db`` (or ``path``)."""

    corpus_dir: Path | None = None  # whose words redaction knows are not names (None: the settings' corpus)

    def __init__(self, path: Path | str, database_url: str | None = None):
        self.path = locate(path, database_url)  # the SQLite file, or SHARECHECK_DATABASE_URL
        open_db(self.path).close()

    @classmethod
    def for_data_dir(cls, data_dir: Path, database_url: str | None = None) -> ScoreStore:
        return cls(db_path(data_dir), database_url)

    def add(self, score: Score) -> int:
        """Validate and insert ``score`` with its citation judgements atomically; returns the row id.

        Raises ScoreError for an invalid score, sqlite3.Error if the database cannot be written.
        Free text is redacted first (``redact_score``): nothing personal reaches the table.
        """
        score.validate()
        score = redact_score(score, self.corpus_dir)
        by_n = {c["n"]: c for c in score.answer.get("citations", [])}
        conn = open_db(self.path)
        try:
            with transaction(conn):
                cur = conn.execute(
                    "INSERT INTO eval_scores (evaluator, created_at, case_id, case_set, question, expected_verdict,"
                    " answer_verdict, answer_json, corpus_version, verdict_correct, clarity, comment)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (score.evaluator.strip(), time.strftime("%Y-%m-%dT%H:%M:%S%z"), score.case_id, score.case_set,
                     score.question, score.expected_verdict, score.answer["verdict"],
                     json.dumps(score.answer, ensure_ascii=False), str(score.answer.get("corpus_version", "")),
                     score.verdict_correct, score.clarity, score.comment.strip()))
                score_id = int(cur.lastrowid or 0)
                conn.executemany(
                    "INSERT INTO eval_citation_judgements (score_id, n, doc_id, pinpoint, supports)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(score_id, n, by_n[n]["doc_id"], by_n[n]["pinpoint"], j)
                     for n, j in sorted(score.citations.items())])
        finally:
            conn.close()
        return score_id

    def rows(self) -> list[dict]:
        """Every score, oldest first, with ``citations`` as ``"1:yes;2:no"`` (answer JSON left out)."""
        conn = open_db(self.path)
        try:
            scores = conn.execute("SELECT * FROM eval_scores ORDER BY id").fetchall()
            judged: dict[int, list[str]] = defaultdict(list)
            for j in conn.execute("SELECT score_id, n, supports FROM eval_citation_judgements ORDER BY score_id, n"):
                judged[j["score_id"]].append(f"{j['n']}:{j['supports']}")
        finally:
            conn.close()
        # Redacted again as read: rows stored before scores were redacted (issue 14) never leave unredacted.
        return [{**{k: v for k, v in dict(row).items() if k != "answer_json"},
                 "question": redact(row["question"] or "", self.corpus_dir),
                 "comment": redact(row["comment"] or "", self.corpus_dir),
                 "citations": ";".join(judged[row["id"]])} for row in scores]

    def export_csv(self) -> str:
        """All scores as CSV text (columns ``CSV_COLUMNS``), one line per score."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()

    def write_export(self, data_dir: Path, now: float | None = None) -> Path:
        """Write ``export_csv()`` to ``data_dir/exports/scores/<random>/eval-scores-<time>.csv`` (folders
        0700, file 0600: stores/exports.py) and return it; expired score exports are removed first."""
        return write_export(data_dir, "scores", f"eval-scores-{time.strftime('%Y%m%d-%H%M%S')}.csv",
                            self.export_csv(), now)

    def dashboard(self) -> dict:
        """Counts and agreement over the latest score per (evaluator, case, corpus version).

        ``agreement_with_expected``: share of case-set scores (yes/no only) where the evaluator's
        "verdict correct" equals whether the answer's verdict matched the case's expected verdict.
        ``inter_rater``: Cohen's kappa (1960) when exactly two evaluators scored the shared answers,
        Fleiss' kappa (1971) for more, on "verdict correct" over answers scored by two or more.
        """
        rows = self.rows()
        latest: dict[tuple[str, str, str], dict] = {}
        for row in rows:
            latest[(row["evaluator"], row["case_id"], row["corpus_version"])] = row
        per_evaluator: dict[str, dict] = defaultdict(lambda: {"scores": 0, "correct_yes": 0, "clarity": 0.0})
        for row in rows:
            e = per_evaluator[row["evaluator"]]
            e["scores"] += 1
            e["correct_yes"] += row["verdict_correct"] == "yes"
            e["clarity"] += row["clarity"]
        for e in per_evaluator.values():
            e["mean_clarity"] = round(e.pop("clarity") / e["scores"], 2)
        # "unsure" is no judgement of the verdict: it is left out here (and counted, so the dashboard says
        # so); for κ it is a third category, an answer like yes or no.
        judged = [r for r in latest.values() if r["expected_verdict"]]
        comparable = [r for r in judged if r["verdict_correct"] != "unsure"]
        agree = sum((r["verdict_correct"] == "yes") == (r["answer_verdict"] == r["expected_verdict"])
                    for r in comparable)
        return {"scores": len(rows), "evaluators": dict(sorted(per_evaluator.items())),
                "agreement_with_expected": {"n": len(comparable), "agree": agree,
                                            "rate": agree / len(comparable) if comparable else None,
                                            "unsure": len(judged) - len(comparable)},
                "inter_rater": inter_rater(list(latest.values()))}


def inter_rater(latest: list[dict]) -> dict:
    """Agreement on "verdict correct" between evaluators over answers (case id + corpus version) that
    two or more of them scored. Returns ``{"method", "kappa", "items", "raters"}``; kappa None when
    undefined (fewer than two raters on any item, or all ratings identical)."""
    by_item: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in latest:
        by_item[(row["case_id"], row["corpus_version"])][row["evaluator"]] = row["verdict_correct"]
    shared = {item: ratings for item, ratings in by_item.items() if len(ratings) >= 2}
    raters = sorted({e for ratings in shared.values() for e in ratings})
    if len(raters) == 2:
        a, b = raters
        pairs = [(r[a], r[b]) for r in shared.values()]

        def cohen(sample: list[tuple[str, str]]) -> float | None:
            return cohen_kappa([x for x, _ in sample], [y for _, y in sample])

        return {"method": "Cohen's kappa", "kappa": cohen(pairs), "items": len(pairs), "raters": raters,
                "interval": bootstrap_interval(pairs, cohen), "enough": len(pairs) >= MIN_ITEMS}
    ratings = [list(r.values()) for r in shared.values()]
    return {"method": "Fleiss' kappa" if raters else "none", "items": len(shared), "raters": raters,
            "kappa": fleiss_kappa(ratings), "interval": bootstrap_interval(ratings, fleiss_kappa),
            "enough": len(shared) >= MIN_ITEMS}
