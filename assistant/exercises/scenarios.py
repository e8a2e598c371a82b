"""Trainer scenarios: load and validate ``corpus/scenarios/*.yaml`` (format: README, "Trainer scenarios").

A scenario is an IRAC exercise built from the fact base: a situation unfolds in ordered steps; at
each step the trainee answers the step's question with a verdict (DESIGN §2 words) and the actions
to take (``ACTIONS`` below), then reads the model answer (issue, rule with pinpoint citations,
analysis, conclusion) and the debrief points.

``load_scenarios(folder) → {id: Scenario}`` raises ScenarioError listing every problem as
``file: step N (step-id): field: what is wrong``. Citations are checked separately against the
corpus (``citation_problems``), because that needs the corpus and the format check does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, ValidationError, field_validator

from assistant import yamldata
from assistant.domain import VERDICT_LABELS, CitationRef, Verdict
from assistant.errors import ScenarioError
from assistant.knowledge.corpus import Corpus, label_for

# The fixed action vocabulary a trainee ticks. Keys are the rule table's action keys
# (corpus/rules.yaml `actions`), so a scenario's expected actions and the engine's actions speak the
# same language; the labels are short enough for a checkbox.
ACTIONS: dict[str, str] = {
    "decline": "Decline the request",
    "supervisor": "Tell your supervisor",
    "record": "Record the request (§ 10-178(d))",
    "legal": "Contact the Legal Bureau",
    "operations": "Have the Operations Division notified",
    "privacy": "Send it to Privacy Matters (privacy officer)",
    "predicate": "Get the criminal predicate in writing",
    "release": "Process the normal release on time",
    "no_obstruct": "Do not obstruct the federal officers",
    "respond": "Respond to the emergency; protect everyone",
    "no_civil_help": "Give no help with the immigration arrest",
    "refer_uvisa": "Refer to the U Visa Certification Office",
    "no_status": "Do not ask or record immigration status",
    "approval": "Get supervisor approval; document it",
    "nothing_extra": "Make no extra notification to ICE",
    "exclude_sealed": "Leave out sealed records",
    "verify": "Verify the requester and the case; share only what it needs",
    "no_imm_help": "Give nothing to immigration authorities",
}
DIFFICULTIES = ("introductory", "intermediate", "advanced")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


def _check_actions(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in ACTIONS]
    if unknown:
        raise ValueError(f"unknown action {', '.join(map(repr, unknown))}; use one of: {', '.join(ACTIONS)}")
    if len(set(values)) != len(values):
        raise ValueError("an action is listed twice")
    return values


def _check_citations(values: list[str]) -> list[str]:
    for value in values:
        CitationRef.parse(value)  # ValueError says what a citation must look like
    return values


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expectation(_Strict):
    """What a right answer is: the verdict and the actions. ``also_accept``: actions ticked without penalty."""

    verdict: Verdict
    actions: list[str] = Field(default_factory=list)
    also_accept: list[str] = Field(default_factory=list)

    _actions = field_validator("actions", "also_accept")(_check_actions)


class RuleStatement(_Strict):
    """One statement of the governing rule with the corpus sections it rests on (``doc_id#pinpoint``)."""

    text: Text
    cite: list[str] = Field(min_length=1)

    _cite = field_validator("cite")(_check_citations)


class ModelAnswer(_Strict):
    """The model answer in IRAC form."""

    issue: Text
    rule: list[RuleStatement] = Field(min_length=1)
    analysis: Text
    conclusion: Text


class Step(_Strict):
    """One decision point: the situation so far, the question put to the trainee, and the key."""

    id: Slug
    situation: Text
    question: Text
    expect: Expectation
    model_answer: ModelAnswer
    debrief: list[Text] = Field(min_length=1)
    today: date | None = None  # the day the key holds for, when it depends on one (the § 14-154 look-back)


class Scenario(_Strict):
    """A whole exercise. ``path`` and ``version`` (sha256 of the file) are set by ``load_scenario``."""

    id: Slug
    title: Text
    summary: Text
    difficulty: Literal["introductory", "intermediate", "advanced"]
    tags: list[Slug] = Field(default_factory=list)
    objectives: list[Text] = Field(min_length=1)
    based_on: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)

    _based_on = field_validator("based_on")(_check_citations)
    _path: str = PrivateAttr(default="")
    _version: str = PrivateAttr(default="")

    @property
    def path(self) -> str:
        return self._path

    @property
    def version(self) -> str:
        return self._version

    def citations(self) -> list[tuple[str, str]]:
        """Every (where, ``doc_id#pinpoint``) the scenario cites, ``where`` naming step and field."""
        out = [("based_on", ref) for ref in self.based_on]
        for n, step in enumerate(self.steps, start=1):
            for k, statement in enumerate(step.model_answer.rule, start=1):
                out.extend((f"step {n} ({step.id}): model_answer.rule[{k}]", ref) for ref in statement.cite)
        return out


def _where(raw: object, loc: tuple) -> str:
    """``step 2 (ice-asks): expect.verdict`` for a pydantic error location."""
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        steps = raw.get("steps") if isinstance(raw, dict) else None
        step = steps[loc[1]] if isinstance(steps, list) and loc[1] < len(steps) else None
        name = f" ({step['id']})" if isinstance(step, dict) and step.get("id") else ""
        rest = ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in loc[2:]).replace(".[", "[")
        return f"step {loc[1] + 1}{name}: {rest or 'step'}"
    return ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in loc).replace(".[", "[") or "file"


def _message(error) -> str:
    if error["type"] == "string_type" and isinstance(error.get("input"), dict):
        # The commonest slip: "Rule: text" unquoted makes YAML read a mapping instead of a sentence.
        return "expected text but found a mapping; quote text that contains ': '"
    return str(error["msg"])


def load_scenario(path: Path) -> Scenario:
    """Parse and validate one scenario file. Raises ScenarioError naming file, step and field."""
    try:
        data = path.read_bytes()
        raw = yamldata.load(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScenarioError([f"{path}: cannot read the file as YAML ({exc})"]) from exc
    if not isinstance(raw, dict):
        raise ScenarioError([f"{path}: a scenario file must be a mapping with id, title, … steps"])
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError([f"{path}: {_where(raw, tuple(e['loc']))}: {_message(e)}" for e in exc.errors()]) from exc
    problems = []
    if scenario.id != path.stem:
        problems.append(f"{path}: id: {scenario.id!r} must equal the file name {path.stem!r}")
    seen: set[str] = set()
    for n, step in enumerate(scenario.steps, start=1):
        if step.id in seen:
            problems.append(f"{path}: step {n} ({step.id}): id: step id used twice")
        seen.add(step.id)
        both = set(step.expect.actions) & set(step.expect.also_accept)
        if both:
            problems.append(f"{path}: step {n} ({step.id}): expect.also_accept: {sorted(both)} already expected")
    if problems:
        raise ScenarioError(problems)
    scenario._path, scenario._version = str(path), hashlib.sha256(data).hexdigest()
    return scenario


def load_scenarios(folder: Path) -> dict[str, Scenario]:
    """Every ``*.yaml`` in ``folder``, by id, in file-name order. Raises ScenarioError listing all problems."""
    if not folder.is_dir():
        raise ScenarioError([f"{folder}: no scenarios folder (expected corpus/scenarios/*.yaml)"])
    out: dict[str, Scenario] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        out[scenario.id] = scenario
    if problems:
        raise ScenarioError(problems)
    return out


def citation_problems(scenario: Scenario, has: Callable[[str, str], bool]) -> list[str]:
    """``file: where: citation X does not resolve`` for each citation ``has(doc_id, pinpoint)`` rejects."""
    out = []
    for where, value in scenario.citations():
        ref = CitationRef.parse(value)
        if not has(ref.doc_id, ref.pinpoint):
            out.append(f"{scenario.path}: {where}: citation {value} does not resolve to a corpus section")
    return out


@dataclass(frozen=True)
class Source:
    """A resolved citation: how a lawyer writes it, the passage, its provenance and the official link."""

    ref: str
    label: str
    quote: str
    provenance: str
    source_url: str
    source_label: str = "Official text"  # what the link is: "Official text", "Reported by Fox 5 New York" …


Resolver = Callable[[str], "Source | None"]


def corpus_resolver(corpus: Corpus) -> Resolver:
    """Resolve ``doc_id#pinpoint`` against a loaded corpus (the CLI: no index or model needed)."""
    def resolve(value: str) -> Source | None:
        ref = CitationRef.parse(value)
        section, doc = corpus.section(ref.doc_id, ref.pinpoint), corpus.documents.get(ref.doc_id)
        if section is None or doc is None:
            return None
        link = doc.link(ref.pinpoint)
        return Source(value, label_for(doc, ref.pinpoint, section.heading), section.text, section.provenance,
                      link["url"], link["label"])
    return resolve


def index_resolver(index) -> Resolver:
    """Resolve against anything with ``lookup(doc_id, pinpoint)`` and ``document(doc_id)``: an opened
    index, or the app's Assistant (which has one loaded already)."""
    def resolve(value: str) -> Source | None:
        ref = CitationRef.parse(value)
        chunks = index.lookup(ref.doc_id, ref.pinpoint)
        if not chunks:
            return None
        doc, first = index.document(ref.doc_id), chunks[0]
        quote = "\n\n".join(c.text for c in chunks if c.pinpoint == first.pinpoint and c.origin == first.origin)
        link = doc.link(ref.pinpoint)
        return Source(value, label_for(doc, ref.pinpoint, first.heading), quote, first.provenance, link["url"],
                      link["label"])
    return resolve


def step_markdown(step: Step, resolve: Resolver) -> str:
    """The key for one step: expected verdict and actions, the IRAC model answer, the debrief."""
    def label(value: str) -> str:
        source = resolve(value)
        return source.label if source else value

    actions = "; ".join(ACTIONS[a] for a in step.expect.actions) or "none beyond the verdict"
    lines = [f"**Expected:** {VERDICT_LABELS[step.expect.verdict]}. **Actions:** {actions}.", "",
             f"- **Issue.** {step.model_answer.issue}", "- **Rule.**"]
    lines += [f"  - {r.text} ({'; '.join(label(c) for c in r.cite)})" for r in step.model_answer.rule]
    lines += [f"- **Analysis.** {step.model_answer.analysis}", f"- **Conclusion.** {step.model_answer.conclusion}",
              "", "**Debrief**", ""]
    lines += [f"- {point}" for point in step.debrief]
    return "\n".join(lines)


def debrief_markdown(scenario: Scenario, resolve: Resolver, results: str = "") -> str:
    """A printable debrief: objectives, then each step's situation, question and key; ``results`` appended."""
    lines = [f"# {scenario.title}", "", scenario.summary, "",
             f"*Difficulty: {scenario.difficulty} · {len(scenario.steps)} steps · id `{scenario.id}`*", "",
             "## Learning objectives", ""]
    lines += [f"- {o}" for o in scenario.objectives]
    for n, step in enumerate(scenario.steps, start=1):
        lines += ["", f"## Step {n}", "", step.situation, "", f"> {step.question}", "", step_markdown(step, resolve)]
    if results:
        lines += ["", "## Class results", "", results]
    refs = sorted({value for _, value in scenario.citations()})
    lines += ["", "## Sources", ""]
    for value in refs:
        source = resolve(value)
        # The link says what it is: news is "Reported by …", never "official text" (tester).
        lines.append(f"- {source.label} — {source.provenance}; {source.source_label}: {source.source_url}" if source
                     else f"- {value} (does not resolve)")
    lines += ["", "*ShareCheck restates the law in plain words; the official text governs. Guidance, not legal "
              "advice: points resting on secondary or unverified sources must be confirmed with the Legal Bureau.*"]
    return "\n".join(lines) + "\n"
