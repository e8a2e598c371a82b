"""Load and validate evaluation cases (``evals/cases/*.yaml``, schema of DESIGN §5).

Every problem is reported with the file and the case it is in, so a typo in one of hundreds of
cases is found without reading them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from assistant import yamldata
from assistant.domain import VERDICTS, CitationRef
from assistant.errors import CaseError


@dataclass(frozen=True)
class Case:
    """One evaluation case. ``turns[-1]`` is answered with ``turns[:-1]`` as chat history.

    ``must_cite``/``must_not_cite`` hold ``doc_id`` or ``doc_id#pinpoint`` strings; ``gold`` holds
    ``doc_id#pinpoint`` passages that answer an ``info`` question (used for retrieval metrics).
    """

    id: str
    category: str
    turns: tuple[str, ...]
    verdict: str
    must_cite: tuple[str, ...] = ()
    must_not_cite: tuple[str, ...] = ()
    must_mention: tuple[str, ...] = ()
    gold: tuple[str, ...] = ()
    requests: tuple[dict, ...] = ()  # expected requests when a question holds several: requester, verdict
    today: date | None = None  # the day the expected verdict holds for (a date-dependent case pins it)
    file: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def question(self) -> str:
        return self.turns[-1]

    @property
    def history(self) -> list[str]:
        return list(self.turns[:-1])


def case_files(path: Path) -> list[Path]:
    """The YAML files at ``path``: a file, or every ``*.yaml`` under a directory and its sub-folders
    (``evals/cases/fresh/set1/…``), sorted by relative path.

    Raises CaseError when the path does not exist or a directory holds no ``*.yaml``.
    """
    if not path.exists():
        raise CaseError(f"{path}: no such file or directory; give a case file or a folder of *.yaml cases "
                        "(e.g. --cases evals/cases)")
    if path.is_dir():
        files = sorted((p for p in path.rglob("*.yaml") if p.is_file()), key=lambda p: p.relative_to(path).parts)
        if not files:
            raise CaseError(f"{path}: the folder holds no *.yaml case files")
        return files
    return [path]


def _strings(value: object, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CaseError(f"{where}: expect.{name} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_case(raw: object, where: str, file: str = "") -> Case:
    """One case from its YAML mapping. ``where`` (file and case) prefixes every error message."""
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: a case must be a mapping with id, category, turns and expect")
    case_id = raw.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        raise CaseError(f"{where}: the case has no id")
    where = f"{where} (id {case_id})"
    turns = raw.get("turns")
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
        raise CaseError(f"{where}: turns must be a non-empty list of questions")
    expect = raw.get("expect")
    if not isinstance(expect, dict):
        raise CaseError(f"{where}: expect is missing or not a mapping")
    verdict = expect.get("verdict")
    if verdict not in VERDICTS:
        raise CaseError(f"{where}: expect.verdict is {verdict!r}; use one of {', '.join(VERDICTS)}")
    gold = _strings(expect.get("gold"), where, "gold")
    for ref in gold:
        try:
            CitationRef.parse(ref)
        except ValueError as exc:
            raise CaseError(f"{where}: expect.gold: {exc}") from exc
    requests = expect.get("requests") or []
    if not isinstance(requests, list) or not all(isinstance(r, dict) for r in requests):
        raise CaseError(f"{where}: expect.requests must be a list of mappings with requester and verdict")
    for number, r in enumerate(requests, start=1):
        if r.get("verdict") not in VERDICTS:
            raise CaseError(f"{where}: expect.requests {number}: verdict is {r.get('verdict')!r}; "
                            f"use one of {', '.join(VERDICTS)}")
        if not isinstance(r.get("requester"), str) or not r["requester"].strip():
            raise CaseError(f"{where}: expect.requests {number}: needs a requester (e.g. ice, fbi, none)")
    today = raw.get("today")
    if today is not None:
        try:
            today = date.fromisoformat(str(today))
        except ValueError as exc:
            raise CaseError(f"{where}: today {today!r} must be a date like 2026-12-01") from exc
    unknown = set(expect) - {"verdict", "must_cite", "must_not_cite", "must_mention", "gold", "requests"}
    if unknown:
        raise CaseError(f"{where}: unknown expect field(s) {', '.join(sorted(unknown))}")
    category = raw.get("category") or "uncategorised"
    extra = {k: v for k, v in raw.items() if k not in {"id", "category", "turns", "expect", "today"}}
    return Case(id=case_id.strip(), category=str(category), turns=tuple(t.strip() for t in turns), verdict=verdict,
                must_cite=_strings(expect.get("must_cite"), where, "must_cite"),
                must_not_cite=_strings(expect.get("must_not_cite"), where, "must_not_cite"),
                must_mention=_strings(expect.get("must_mention"), where, "must_mention"),
                gold=gold, requests=tuple(dict(r) for r in requests), today=today, file=file, extra=extra)


def load_cases(path: Path) -> list[Case]:
    """All cases at ``path`` (file or folder), in file then list order.

    Raises CaseError naming the file (and line, for YAML syntax errors) and the case for: a missing
    path, unreadable YAML, a file that is not a list, a case without id/turns/expect, an unknown
    verdict word, a gold passage not written ``doc_id#pinpoint``, and an id used twice.
    """
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for file in case_files(path):
        try:
            data = yamldata.load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" line {mark.line + 1}" if mark is not None else ""
            raise CaseError(f"{file}:{line} is not valid YAML ({getattr(exc, 'problem', exc)})") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise CaseError(f"{file}: cannot be read ({exc})") from exc
        if data is None:
            continue
        if not isinstance(data, list):
            raise CaseError(f"{file}: must hold a YAML list of cases (DESIGN §5)")
        # A case file in a sub-folder is named by its path under the cases folder ("fresh/set1/info.yaml").
        name = file.relative_to(path).as_posix() if path.is_dir() else file.name
        for number, raw in enumerate(data, start=1):
            case = parse_case(raw, f"{file}: case {number}", file=name)
            if case.id in seen:
                raise CaseError(f"{file}: case {number}: id {case.id!r} is already used in {seen[case.id]}")
            seen[case.id] = name
            cases.append(case)
    if not cases:
        raise CaseError(f"{path}: no cases found")
    return cases
