"""Terminal rendering of an Answer (the CLI's ``ask`` without ``--json``), using rich."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel

from assistant.domain import VERDICT_LABELS, Answer

VERDICT_STYLES = {"permitted": "bold white on dark_green", "prohibited": "bold white on red3",
                  "review": "bold black on gold1", "info": "bold white on blue", "out_of_scope": "bold white on grey39"}


class PipeSafeConsole(Console):
    """A rich Console whose closed pipe (``sharecheck ask … | head -1``) ends the command like any other.

    rich's own handling exits with status 1; raising BrokenPipeError lets ``main`` end quietly with 0.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more can be written
        raise BrokenPipeError


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
        body = f"{c.quote}\n[dim]{c.provenance} · {c.source_url}[/dim]"
        console.print(Panel(body, title=f"[{c.n}] {c.label}", title_align="left", expand=True))
    if answer.followups:
        console.print("[bold]You could also ask:[/bold]")
        for f in answer.followups:
            console.print(f"  • {f}")
    console.print(f"[dim]{answer.latency_ms} ms · corpus {answer.corpus_version[:12]}[/dim]")
