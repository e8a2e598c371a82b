"""Terminal rendering of an Answer (the CLI's ``ask`` without ``--json``), using rich."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel

from assistant.domain import VERDICT_LABELS, Answer, Citation
from assistant.knowledge.badges import badge, badge_words, legend_for

VERDICT_STYLES = {"permitted": "bold white on dark_green", "prohibited": "bold white on red3",
                  "review": "bold black on gold1", "info": "bold white on blue", "out_of_scope": "bold white on grey39"}


class PipeSafeConsole(Console):
    """A rich Console whose closed pipe (``sharecheck ask … | head -1``) ends the command like any other.

    rich's own handling exits with status 1; raising BrokenPipeError lets ``main`` end quietly with 0.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more can be written
        raise BrokenPipeError


def _source_body(c: Citation) -> str:
    """The restatement, ShareCheck's guidance apart from it, then badge · status · link words and URL."""
    body = c.quote
    if c.guidance:
        body += f"\n[italic]{badge('guidance')} (not the law's text):[/italic] {escape(c.guidance)}"
    if c.origin_text():  # an added text has no link to show: where it came from is what the reader must weigh
        return body + f"\n[dim]{c.provenance} · {escape(c.origin_text())}[/dim]"
    status = f" · {c.status}" if c.status else ""
    return body + f"\n[dim]{escape(badge_words(c.quote_kind, c.provenance) + status)} · " \
                  f"{escape(c.source_label)}: {escape(c.source_url)}[/dim]"


def print_answer(answer: Answer, console: Console | None = None) -> None:
    """Verdict badge, the assembled answer, then each citation with its label, provenance and passage.

    Raises BrokenPipeError when standard output is closed early (``main`` ends quietly).
    """
    console = console or PipeSafeConsole()
    badge = f" {VERDICT_LABELS[answer.verdict].upper()} "
    console.print(f"[{VERDICT_STYLES[answer.verdict]}]{badge}[/] {answer.summary}")
    console.print(Markdown(answer.answer))
    if answer.citations:
        console.print("\n[bold]Sources[/bold]")
    for c in answer.citations:
        console.print(Panel(_source_body(c), title=f"[{c.n}] {c.label}", title_align="left", expand=True))
    for _, words, means in legend_for(answer.citations):  # what this answer's badges mean, in plain words
        console.print(f"[dim]{escape(words)}: {escape(means)}[/dim]")
    if answer.followups:
        console.print("[bold]You could also ask:[/bold]")
        for f in answer.followups:
            console.print(f"  • {f}")
    from assistant.knowledge.edition import law_as_of_label

    law = law_as_of_label(answer.law_as_of)  # once, at the end: the date the restated law is current to
    console.print((f"[bold]{law}[/bold] · " if law else "")
                  + f"[dim]{answer.latency_ms} ms · corpus {answer.corpus_version[:12]}[/dim]")
